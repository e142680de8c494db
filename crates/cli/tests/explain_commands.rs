//! End-to-end tests of `certchain explain` and `certchain commands` on the generated fixtures.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn repo(relative: &str) -> String {
    format!("{}/../../{relative}", env!("CARGO_MANIFEST_DIR"))
}

fn certchain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certchain")).args(args).output().expect("run certchain")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

const AT: &str = "2026-06-01T00:00:00Z";

#[test]
fn explain_a_message_alone() {
    let out =
        certchain(&["explain", "curl: (60) SSL certificate problem: self signed certificate in certificate chain"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("1. curl — curl: (60) SSL certificate problem [curl_60]"), "{text}");
    assert!(text.contains("2. OpenSSL — X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN (19) [openssl_19]"), "{text}");
    assert!(text.contains("(1.1.x: \"self signed certificate in certificate chain\")"), "{text}");
    assert!(text.contains("Add your certificate files"), "{text}");
}

#[test]
fn explain_points_at_the_cause_in_the_files() {
    let leaf = repo("tests/fixtures/codes/missing_issuer/leaf.pem");
    let root = repo("tests/fixtures/codes/missing_issuer/root.pem");
    let out = certchain(&[
        "explain",
        "--json",
        "--at",
        AT,
        "--trust",
        &root,
        "Client certificate error: unable to get local issuer certificate",
        &leaf,
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let e = &json["explanations"][0];
    assert_eq!(e["id"], "salesforce_unable_to_get_local_issuer");
    assert_eq!(e["source"], "salesforce");
    assert_eq!(e["openssl"]["code"], 20);
    assert_eq!(e["cause"]["findings"][0]["code"], "missing_issuer");
    let leaf_sha = json["report"]["chain"][0]["sha256"].as_str().expect("the report's leaf");
    assert_eq!(e["cause"]["certificates"][0]["sha256"], leaf_sha);
}

#[test]
fn explain_reads_the_message_from_stdin_and_exits_1_when_nothing_is_recognised() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .args(["explain", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"javax.net.ssl.SSLHandshakeException: PKIX path\nbuilding failed: ...")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("[java_pkix]"), "{}", stdout(&out));

    let out = certchain(&["explain", "all good here"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("No known error found"));
    // Usage errors exit 2.
    assert_eq!(code(&certchain(&["explain"])), 2);
    assert_eq!(code(&certchain(&["explain", "--flow", "sideways", "x"])), 2);
    assert_eq!(code(&certchain(&["explain", "x", "/nonexistent/file.pem"])), 2);
}

#[test]
fn commands_fill_in_my_domain_and_the_root_file() {
    let dir = "tests/fixtures/codes/valid_chain";
    let root = repo(&format!("{dir}/root.pem"));
    let out = certchain(&[
        "commands",
        "--my-domain",
        "acme",
        "--at",
        AT,
        "--trust",
        &root,
        &repo(&format!("{dir}/chain.pem")),
        &repo(&format!("{dir}/leaf.key")),
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.starts_with("# 1. Get an access token on port 8443 (OAuth 2.0 client credentials)"), "{text}");
    assert!(text.contains("https://acme.my.salesforce.com:8443/services/oauth2/token"), "{text}");
    assert!(
        text.contains(
            "\ncurl -E fullcert.pem -H \"Authorization: Bearer $ACCESS_TOKEN\" https://acme.my.salesforce.com:8443/services/data/v66.0/\n"
        ),
        "{text}"
    );
    for banned in ["SOAP", "Soap/u", "login()", "SESSION_ID"] {
        assert!(!text.contains(banned), "{banned:?} in:\n{text}");
    }
    assert!(text.contains(&format!("\nopenssl verify -untrusted chain.pem -CAfile {root} client.pem\n")), "{text}");
    assert!(text.contains("\nkeytool -importkeystore -srckeystore keystore.p12 -srcstoretype PKCS12 -destkeystore keystore.jks -deststoretype JKS\n"));
}

#[test]
fn commands_json_and_placeholders() {
    let chain = repo("tests/fixtures/codes/valid_chain/chain.pem");
    let out = certchain(&["commands", "--json", "--alias", "acme_client", "--api-version", "62.0", &chain]);
    assert_eq!(code(&out), 0);
    let list: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let commands: Vec<&str> = list.as_array().expect("array").iter().filter_map(|c| c["command"].as_str()).collect();
    assert!(
        commands.iter().any(|c| c.contains("'https://<MyDomain>.my.salesforce.com:8443/services/data/v62.0/'")),
        "{commands:?}"
    );
    assert!(commands.iter().any(|c| c.contains("-changealias -alias acme_client")));
    assert!(list[0]["title"].is_string() && list[0]["explanation"].is_string());
    assert_eq!(code(&certchain(&["commands", "--my-domain"])), 2);
    assert_eq!(code(&certchain(&["commands"])), 2);
    assert!(stdout(&certchain(&["commands", "--help"])).contains("--my-domain"));
}
