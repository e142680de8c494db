//! Ready commands: the OAuth 2.0 + REST test on the My Domain host's port 8443 with the user's names, openssl verify / s_client, keytool
//! conversions, and POSIX shell quoting (checked by running the quoted words through `sh`).

use certchain_core::commands::{CommandOptions, commands, my_domain_host, shell_quote};
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, Purpose, Report, TrustChoice, analyze};
use std::path::Path;

fn report(files: &[&str], flow: Flow) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes/valid_chain");
    let read = |f: &str| Input::new(f, std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")));
    let mut options = Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").expect("a valid time"));
    options.flow = flow;
    options.purpose = if flow == Flow::Outbound { Purpose::Any } else { Purpose::Client };
    options.trust = TrustChoice::Custom;
    options.custom_roots = vec![read("root.pem")];
    analyze(&files.iter().map(|f| read(f)).collect::<Vec<_>>(), &options)
}

fn find<'a>(list: &'a [certchain_core::commands::Command], needle: &str) -> &'a certchain_core::commands::Command {
    list.iter().find(|c| c.command.contains(needle)).unwrap_or_else(|| {
        panic!("no command containing {needle:?} in {:#?}", list.iter().map(|c| &c.command).collect::<Vec<_>>())
    })
}

#[test]
fn inbound_test_with_placeholder_my_domain() {
    let list = commands(&report(&["chain.pem", "leaf.key"], Flow::Inbound), &CommandOptions::default());
    // Salesforce Help's order: an OAuth 2.0 token on port 8443 of the My Domain host, then the API there.
    assert_eq!(
        list[0].command,
        "curl -s -E fullcert.pem 'https://<MyDomain>.my.salesforce.com:8443/services/oauth2/token' -d grant_type=client_credentials \\\n  \
         --data-urlencode \"client_id=$CONSUMER_KEY\" --data-urlencode \"client_secret=$CONSUMER_SECRET\""
    );
    assert!(list[0].explanation.contains("log in on port 8443 at your My Domain login URL"), "{}", list[0].explanation);
    assert!(list[0].explanation.contains("--cert chain.pem --key client.key"), "{}", list[0].explanation);
    assert!(list[1].command.contains("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer"), "{}", list[1].command);
    assert!(list[1].command.contains(":8443/services/oauth2/token"), "{}", list[1].command);
    assert_eq!(
        list[2].command,
        "curl -E fullcert.pem -H \"Authorization: Bearer $ACCESS_TOKEN\" 'https://<MyDomain>.my.salesforce.com:8443/services/data/v66.0/'"
    );
    assert!(list[2].explanation.contains("Replace <MyDomain>"), "{}", list[2].explanation);
    assert!(
        list[2].explanation.contains("No client certificate provided")
            && list[2].explanation.contains("MUTUAL_AUTHENTICATION_FAILED")
    );
    assert!(list[2].explanation.contains("holds your private key, 'client.example.test'"), "{}", list[2].explanation);
    assert!(list[2].explanation.contains("SNI"), "{}", list[2].explanation);
    // No SOAP login anywhere, and nothing on port 443 of Salesforce.
    for c in &list {
        let all = format!("{} {} {}", c.title, c.command, c.explanation);
        for banned in
            ["SOAP", "Soap/u", "login()", "<n1:login", "SESSION_ID", "login.salesforce.com/services", ".com:443"]
        {
            assert!(!all.contains(banned), "{banned:?} in {c:?}");
        }
    }
    // The root came inside no file of its own: verify against the CA bundle.
    assert_eq!(
        find(&list, "openssl verify").command,
        "openssl verify -untrusted chain.pem -CAfile ca-bundle.pem client.pem"
    );
    assert_eq!(
        find(&list, "s_client").command,
        "printf 'GET /services/data/ HTTP/1.1\\r\\nHost: <MyDomain>.my.salesforce.com\\r\\nConnection: close\\r\\n\\r\\n' | openssl s_client -connect '<MyDomain>.my.salesforce.com:8443' -servername '<MyDomain>.my.salesforce.com' -cert client.pem -key client.key -cert_chain chain.pem -showcerts -ign_eof"
    );
    assert_eq!(find(&list, "> fullcert.pem").command, "cat client.key chain.pem > fullcert.pem");
    assert_eq!(
        find(&list, "-srcstoretype PKCS12").command,
        "keytool -importkeystore -srckeystore keystore.p12 -srcstoretype PKCS12 -destkeystore keystore.jks -deststoretype JKS"
    );
    assert_eq!(
        find(&list, "-srcstoretype JKS").command,
        "keytool -importkeystore -srckeystore keystore.jks -srcstoretype JKS -destkeystore keystore.p12 -deststoretype PKCS12"
    );
    assert_eq!(
        find(&list, "-changealias").command,
        "keytool -changealias -alias client_cert -destalias new_alias -keystore keystore.jks"
    );
    assert_eq!(find(&list, "-delete").command, "keytool -delete -alias old_alias -keystore keystore.jks");
    for c in &list {
        assert!(!c.title.is_empty() && !c.explanation.is_empty(), "{c:?}");
    }
}

#[test]
fn my_domain_and_file_names_are_filled_in() {
    let options = CommandOptions {
        my_domain: Some("https://Acme--Dev.sandbox.my.salesforce.com:8443/".to_string()),
        api_version: "62.0".to_string(),
        root: Some("My Root CA.pem".to_string()),
        fullcert: "full cert.pem".to_string(),
        alias: "acme_client".to_string(),
        ..CommandOptions::default()
    };
    let list = commands(&report(&["chain.pem"], Flow::Inbound), &options);
    assert_eq!(
        list[2].command,
        "curl -E 'full cert.pem' -H \"Authorization: Bearer $ACCESS_TOKEN\" https://acme--dev.sandbox.my.salesforce.com:8443/services/data/v62.0/"
    );
    assert!(!list[2].explanation.contains("<MyDomain>"));
    // No key given: the explanation says how to build the curl file.
    assert!(list[2].explanation.contains("`cat client.key chain.pem > 'full cert.pem'`"), "{}", list[2].explanation);
    assert_eq!(
        find(&list, "openssl verify").command,
        "openssl verify -untrusted chain.pem -CAfile 'My Root CA.pem' client.pem"
    );
    assert!(find(&list, "-changealias").command.contains("-alias acme_client"));
    assert!(find(&list, "pkcs12 -export").command.contains("-name acme_client"));
}

#[test]
fn the_root_file_the_user_gave_is_named() {
    let list = commands(&report(&["chain.pem", "root.pem"], Flow::Inbound), &CommandOptions::default());
    assert_eq!(
        find(&list, "openssl verify").command,
        "openssl verify -untrusted chain.pem -CAfile root.pem client.pem"
    );
}

#[test]
fn flows_order_their_commands() {
    let outbound = commands(
        &report(&["chain.pem"], Flow::Outbound),
        &CommandOptions { server_host: Some("api.example.com".to_string()), ..CommandOptions::default() },
    );
    assert!(outbound[0].command.starts_with("openssl verify"));
    assert_eq!(
        outbound[1].command,
        "openssl s_client -connect api.example.com:443 -servername api.example.com -CAfile ca-bundle.pem -showcerts </dev/null"
    );
    assert!(!outbound.iter().any(|c| c.command.contains(":8443")), "no Salesforce 8443 test for callouts");
    // Named as `certchain emit` names the server's certificate.
    let server_report = report(&["chain.pem"], Flow::Outbound);
    let named = commands(&server_report, &CommandOptions::for_report(&server_report));
    assert_eq!(named[0].command, "openssl verify -untrusted chain.pem -CAfile ca-bundle.pem server.pem");

    let keystore = commands(&report(&["chain.pem"], Flow::Keystore), &CommandOptions::default());
    assert!(keystore[0].command.starts_with("openssl pkcs12 -export"));
    assert!(keystore[1].command.starts_with("keytool -importkeystore"));

    let csr = commands(&report(&["chain.pem"], Flow::CsrUpload), &CommandOptions::default());
    assert!(csr[0].command.contains("openssl req -in request.csr -noout -pubkey"));
}

#[test]
fn my_domain_forms() {
    assert_eq!(my_domain_host(None), "<MyDomain>.my.salesforce.com");
    assert_eq!(my_domain_host(Some("  ")), "<MyDomain>.my.salesforce.com");
    assert_eq!(my_domain_host(Some("acme")), "acme.my.salesforce.com");
    assert_eq!(my_domain_host(Some("acme.my.salesforce.com")), "acme.my.salesforce.com");
    assert_eq!(my_domain_host(Some("https://acme.my.salesforce.com/services/data")), "acme.my.salesforce.com");
    assert_eq!(my_domain_host(Some("ACME.my.salesforce.com:8443")), "acme.my.salesforce.com");
}

#[test]
fn shell_quoting_round_trips_through_sh() {
    assert_eq!(shell_quote("client.pem"), "client.pem");
    assert_eq!(shell_quote("dir/sub-dir/a_b+c=d,e@f:1%"), "dir/sub-dir/a_b+c=d,e@f:1%");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("my cert.pem"), "'my cert.pem'");
    assert_eq!(shell_quote("it's.pem"), r"'it'\''s.pem'");
    let words =
        ["plain.pem", "two words.pem", "it's here.pem", "$HOME `id` \"q\" \\ ; & | * ? ~ #", "tab\tand\nnewline", ""];
    let script: String = words.iter().map(|w| format!("printf '%s\\0' {}\n", shell_quote(w))).collect();
    let output = match std::process::Command::new("sh").arg("-c").arg(&script).output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!("skipping the sh round trip: cannot run sh: {e}");
            return;
        }
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let got: Vec<String> = output.stdout.split(|b| *b == 0).map(|w| String::from_utf8_lossy(w).into_owned()).collect();
    assert_eq!(&got[..words.len()], &words.map(String::from)[..]);
}
