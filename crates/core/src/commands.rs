//! Ready-to-run commands with the user's names filled in: the mutual-TLS test as Salesforce Help
//! describes it today (an OAuth 2.0 token request and the API call, both on port 8443 of the My
//! Domain host with `curl -E fullcert.pem`; no SOAP `login()`, which API 65.0 dropped — see
//! [`crate::facts`]), `openssl verify`, `openssl s_client`, and the `keytool` conversions. Which
//! commands come first depends on the report's flow; every argument is quoted for a POSIX shell.

use crate::facts;
use crate::options::Flow;
use crate::report::{Report, Role};
use serde::Serialize;

/// The names the commands use: the output files (`certchain emit` writes them under these names)
/// and the user's Salesforce details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOptions {
    /// `acme`, `acme.my.salesforce.com` or a URL; `None` = the placeholder `<MyDomain>`.
    pub my_domain: Option<String>,
    /// Salesforce API version for the REST URL.
    pub api_version: String,
    /// The client (or server) certificate alone.
    pub client_cert: String,
    /// Leaf + intermediates.
    pub chain: String,
    /// Private key + leaf + intermediates (the `curl -E` file).
    pub fullcert: String,
    /// Intermediates + root (for `-CAfile`).
    pub ca_bundle: String,
    /// The root file the user has; `None` = the report's root when it came in a file of its own,
    /// else [`CommandOptions::ca_bundle`].
    pub root: Option<String>,
    /// The private key file.
    pub key: String,
    pub p12: String,
    pub jks: String,
    /// The keystore alias.
    pub alias: String,
    /// The host of your server (outbound flow); `None` = a placeholder.
    pub server_host: Option<String>,
}

impl Default for CommandOptions {
    fn default() -> Self {
        CommandOptions {
            my_domain: None,
            api_version: "66.0".to_string(),
            client_cert: "client.pem".to_string(),
            chain: "chain.pem".to_string(),
            fullcert: "fullcert.pem".to_string(),
            ca_bundle: "ca-bundle.pem".to_string(),
            root: None,
            key: "client.key".to_string(),
            p12: "keystore.p12".to_string(),
            jks: "keystore.jks".to_string(),
            alias: "client_cert".to_string(),
            server_host: None,
        }
    }
}

impl CommandOptions {
    /// The defaults with the certificate file named as `certchain emit` names it for the report's
    /// flow and purpose (`client.pem`, `server.pem` or `certificate.pem`).
    pub fn for_report(report: &Report) -> CommandOptions {
        CommandOptions {
            client_cert: crate::outputs::leaf_file_name(report.flow, report.purpose).to_string(),
            ..CommandOptions::default()
        }
    }
}

/// One command to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    pub title: String,
    /// One shell line, or a short block of lines.
    pub command: String,
    pub explanation: String,
}

/// The placeholder used when no My Domain is given.
pub const MY_DOMAIN_PLACEHOLDER: &str = "<MyDomain>";

/// The My Domain host: `acme` → `acme.my.salesforce.com`; a host or URL is reduced to its host.
pub fn my_domain_host(my_domain: Option<&str>) -> String {
    let Some(raw) = my_domain.map(str::trim).filter(|d| !d.is_empty()) else {
        return format!("{MY_DOMAIN_PLACEHOLDER}.my.salesforce.com");
    };
    let without_scheme = raw.split_once("://").map_or(raw, |(_, rest)| rest);
    let host = without_scheme.split(['/', '?', '#']).next().unwrap_or(without_scheme);
    let host =
        host.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(host, |(h, _)| h);
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.contains('.') { host } else { format!("{host}.my.salesforce.com") }
}

/// Quote `word` for a POSIX shell: unchanged when it holds only safe characters, else in single
/// quotes with each `'` written as `'\''`.
pub fn shell_quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The commands for this report, most useful for its flow first.
pub fn commands(report: &Report, options: &CommandOptions) -> Vec<Command> {
    let q = |s: &str| shell_quote(s);
    let host = my_domain_host(options.my_domain.as_deref());
    let version = &options.api_version;
    let root = root_file(report, options);
    let leaf_name = report.chain.first().map(|c| c.name.clone()).unwrap_or_else(|| "your certificate".to_string());
    let key_matches = report
        .chain
        .first()
        .is_some_and(|leaf| report.keys.iter().any(|k| k.matches.as_deref() == Some(leaf.sha256.as_str())));
    let placeholder_note = if options.my_domain.is_none() {
        format!(" Replace {MY_DOMAIN_PLACEHOLDER} with your org's My Domain name (Setup → My Domain).")
    } else {
        String::new()
    };

    let mut out = Vec::new();
    let fullcert_note = if key_matches {
        format!("{} holds your private key, '{leaf_name}' and its intermediates.", options.fullcert)
    } else {
        format!(
            "{} must hold the private key of '{leaf_name}', then the certificate and its intermediates; no matching key was given, so build it yourself: `cat {} {} > {}`.",
            options.fullcert,
            q(&options.key),
            q(&options.chain),
            q(&options.fullcert)
        )
    };

    let at = report.checked_at;
    let token_url = q(&format!("https://{host}:8443/services/oauth2/token"));
    let login = Command {
        title: "1. Get an access token on port 8443 (OAuth 2.0 client credentials)".to_string(),
        command: format!(
            "curl -s -E {} {token_url} -d grant_type=client_credentials \\\n  \
             --data-urlencode \"client_id=$CONSUMER_KEY\" --data-urlencode \"client_secret=$CONSUMER_SECRET\"",
            q(&options.fullcert)
        ),
        explanation: format!(
            "{} So the token request goes to port 8443 of your My Domain host with the client certificate, like \
             every later call. CONSUMER_KEY and CONSUMER_SECRET come from an external client app with the client \
             credentials flow enabled and a run-as user who has Enforce SSL/TLS Mutual Authentication and API Only \
             User. The answer's \"access_token\" goes into ACCESS_TOKEN for the next command (`export \
             ACCESS_TOKEN=...`). `--cert {} --key {}` works instead of `-E {}`. {}{placeholder_note}",
            facts::text(facts::SF_LOGIN_8443, at),
            q(&options.chain),
            q(&options.key),
            q(&options.fullcert),
            facts::text(facts::SF_OAUTH_FLOWS, at),
        ),
    };
    let jwt = Command {
        title: "1b. Or get the access token with the OAuth 2.0 JWT bearer flow".to_string(),
        command: format!(
            "curl -s -E {} {token_url} \\\n  \
             -d grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer --data-urlencode \"assertion=$JWT\"",
            q(&options.fullcert)
        ),
        explanation: format!(
            "JWT is a JSON Web Token you sign (RS256) with the private key of the certificate uploaded to the \
             external client app: iss = its consumer key, sub = the integration user's username, aud = \
             https://login.salesforce.com (https://test.salesforce.com for a sandbox), exp = a few minutes ahead. \
             The app must be pre-approved for that user. The answer holds the access token, as in step 1; this \
             flow needs no consumer secret.{placeholder_note}"
        ),
    };
    let rest = Command {
        title: "2. Call the REST API on port 8443 with your client certificate".to_string(),
        command: format!(
            "curl -E {} -H \"Authorization: Bearer $ACCESS_TOKEN\" {}",
            q(&options.fullcert),
            q(&format!("https://{host}:8443/services/data/v{version}/"))
        ),
        explanation: format!(
            "Mutual TLS happens on port 8443: curl presents {}. {fullcert_note} A JSON list of resources means \
             mutual authentication works. Without -E the answer is an HTML page \"Client certificate error: No \
             client certificate provided\"; the same token on port 443 gets MUTUAL_AUTHENTICATION_FAILED. {} {}{placeholder_note}",
            options.fullcert,
            facts::text(facts::SF_CLIENT_CERT_PER_ORG, at),
            facts::text(facts::SF_HYPERFORCE_SNI, at),
        ),
    };
    let verify = Command {
        title: "Check the chain with openssl verify".to_string(),
        command: format!(
            "openssl verify -untrusted {} -CAfile {} {}",
            q(&options.chain),
            q(&root),
            q(&options.client_cert)
        ),
        explanation: format!(
            "Verifies '{leaf_name}' ({}) through the intermediates in {} up to the root in {}. \"OK\" means the \
             chain is complete; \"error 20 at 0 depth lookup\" means an intermediate is missing.",
            options.client_cert, options.chain, root
        ),
    };
    let s_client_inbound = Command {
        title: "Watch the mutual TLS handshake with openssl s_client".to_string(),
        // The request keeps s_client connected (-ign_eof) until Salesforce answers and closes:
        // in TLS 1.3 the server judges the client certificate after the client's Finished, so
        // with `</dev/null` s_client quits before a rejection's alert arrives.
        command: format!(
            "printf 'GET /services/data/ HTTP/1.1\\r\\nHost: {}\\r\\nConnection: close\\r\\n\\r\\n' | openssl s_client -connect {} -servername {} -cert {} -key {} -cert_chain {} -showcerts -ign_eof",
            host.chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '<' | '>'))
                .collect::<String>(),
            q(&format!("{host}:8443")),
            q(&host),
            q(&options.client_cert),
            q(&options.key),
            q(&options.chain)
        ),
        explanation: format!(
            "-cert and -key present your certificate; -cert_chain sends the intermediates with it (without it \
             s_client sends the certificate alone and Salesforce cannot build the chain). -servername sends SNI: {} \
             -showcerts prints Salesforce's own chain, checked against your system's roots. A key that is not the \
             certificate's stops s_client before it connects (`error setting private key`). The GET shows \
             Salesforce's answer (an `errorCode` such as MUTUAL_AUTHENTICATION_FAILED) and keeps s_client \
             connected long enough to print the server's alert if it rejects your certificate. Paste the whole \
             output into certchain, beside your certificate files: it reads the server's chain, the CA names it \
             asks for, the alert and the answer.{placeholder_note}",
            facts::text(facts::SF_HYPERFORCE_SNI, at)
        ),
    };
    let server = options.server_host.clone().unwrap_or_else(|| "<your.server.example>".to_string());
    let s_client_outbound = Command {
        title: "See what your server sends Salesforce with openssl s_client".to_string(),
        command: format!(
            "openssl s_client -connect {} -servername {} -CAfile {} -showcerts </dev/null",
            q(&format!("{server}:443")),
            q(&server),
            q(&root)
        ),
        explanation: "Salesforce callouts need your server to send its certificate and every intermediate: \
            -showcerts lists what it sends, and \"Verify return code: 0 (ok)\" means the chain is complete \
            against your root."
            .to_string(),
    };
    let fullcert = Command {
        title: format!("Build {} for curl -E", options.fullcert),
        command: format!("cat {} {} > {}", q(&options.key), q(&options.chain), q(&options.fullcert)),
        explanation: format!(
            "{} = private key, then the client certificate, then each intermediate (the root is not needed). \
             Keep it private: it holds your key.",
            options.fullcert
        ),
    };
    let csr_compare = Command {
        title: "Compare the CSR's key with the signed certificate's key".to_string(),
        command: format!(
            "openssl req -in request.csr -noout -pubkey | openssl sha256; openssl x509 -in {} -noout -pubkey | openssl sha256",
            q(&options.client_cert)
        ),
        explanation: "The two hashes must be equal, or Upload Signed Certificate refuses the certificate: the CA \
            signed another CSR."
            .to_string(),
    };
    let p12 = Command {
        title: "Build a PKCS#12 file from the key and chain".to_string(),
        command: format!(
            "openssl pkcs12 -export -inkey {} -in {} -name {} -out {}",
            q(&options.key),
            q(&options.chain),
            q(&options.alias),
            q(&options.p12)
        ),
        explanation: "One key entry with the full chain, named by the alias. Salesforce does not import PKCS#12: \
            convert it to JKS next."
            .to_string(),
    };
    let to_jks = Command {
        title: "Convert PKCS#12 to JKS (for Import from Keystore)".to_string(),
        command: format!(
            "keytool -importkeystore -srckeystore {} -srcstoretype PKCS12 -destkeystore {} -deststoretype JKS",
            q(&options.p12),
            q(&options.jks)
        ),
        explanation: "Give the JKS the same password as the key entry: Salesforce asks only for the store \
            password and refuses a key whose password differs."
            .to_string(),
    };
    let to_p12 = Command {
        title: "Convert JKS to PKCS#12".to_string(),
        command: format!(
            "keytool -importkeystore -srckeystore {} -srcstoretype JKS -destkeystore {} -deststoretype PKCS12",
            q(&options.jks),
            q(&options.p12)
        ),
        explanation: "For tools that want PKCS#12 (curl, OpenSSL, browsers).".to_string(),
    };
    let change_alias = Command {
        title: "Change the alias of a keystore entry".to_string(),
        command: format!(
            "keytool -changealias -alias {} -destalias {} -keystore {}",
            q(&options.alias),
            q("new_alias"),
            q(&options.jks)
        ),
        explanation: "Salesforce uses the alias as the certificate's unique name: letters, digits and single \
            underscores, starting with a letter and not ending with an underscore."
            .to_string(),
    };
    let delete = Command {
        title: "Delete an entry from a keystore".to_string(),
        command: format!("keytool -delete -alias {} -keystore {}", q("old_alias"), q(&options.jks)),
        explanation: "Removes an entry you do not want imported (for example a second key entry). \
            `keytool -list -v -keystore` shows the aliases."
            .to_string(),
    };
    let list = Command {
        title: "List a keystore's entries".to_string(),
        command: format!("keytool -list -v -keystore {}", q(&options.jks)),
        explanation: "Shows each alias, whether it is a PrivateKeyEntry, and its certificate chain length.".to_string(),
    };

    let keytool = [p12, to_jks, to_p12, change_alias, delete, list];
    match report.flow {
        Flow::Inbound | Flow::Generic => {
            out.extend([login, jwt, rest, fullcert, verify, s_client_inbound]);
            out.extend(keytool);
        }
        Flow::Outbound => {
            out.extend([verify, s_client_outbound]);
            out.extend(keytool);
        }
        Flow::CsrUpload => {
            out.extend([csr_compare, verify]);
        }
        Flow::Keystore => {
            out.extend(keytool);
            out.push(verify);
        }
    }
    out
}

/// The file holding the root for `-CAfile`: the user's own choice, else the file the report's root
/// came from when that file holds nothing else, else the CA bundle.
fn root_file(report: &Report, options: &CommandOptions) -> String {
    if let Some(root) = &options.root {
        return root.clone();
    }
    let supplied_root = report.certificates.iter().find(|c| c.role == Role::Root);
    if let Some(root) = supplied_root {
        let file = &root.origin.file;
        let certs_in_file = report.certificates.iter().filter(|c| &c.origin.file == file).count();
        let other_items = report.inputs.iter().find(|i| &i.name == file).is_some_and(|i| i.items.len() > 1);
        if certs_in_file == 1 && !other_items && file != "stdin" {
            return file.clone();
        }
    }
    options.ca_bundle.clone()
}
