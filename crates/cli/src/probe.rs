//! `certchain probe <HOST[:PORT]> [--servername N] [--timeout S] [--proxy URL] [analyze options]
//! [FILE...]`: one real TLS handshake with the server (crate::net), its facts handed to the core
//! (`certchain_core::handshake::HandshakeFacts`) with the user's files, and the one report printed
//! like `analyze` (text or `--json`), with the same exit status.

use crate::args::AnalyzeArgs;
use crate::net::{self, Failure, Plan, Probed, Target};
use certchain_core::handshake::{
    ClientCertRequest, ClientFailure, ConnectError, Fact, HandshakeFacts, HttpAnswer, Outcome, SentCert, Source,
};
use certchain_core::{Flow, Input, Options};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

/// Options only `probe` takes (clap parses them with the shared analyze options).
#[derive(Debug, PartialEq)]
pub struct ProbeOptions {
    pub target: Target,
    pub servername: Option<String>,
    pub timeout: Duration,
    pub proxy: Option<Target>,
}

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The facts' input name.
const INPUT: &str = "probe";

/// Hosts where `GET /services/data/` tells whether Salesforce accepted the client certificate.
pub fn is_salesforce_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    ["salesforce.com", "force.com"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// The user's client chain (leaf first, as sent) and PKCS#8 key, or why they cannot be presented.
struct Client {
    key: Option<std::sync::Arc<rustls::sign::CertifiedKey>>,
    /// Why the files hold no usable key + certificate (`None` when there are no files, or the key
    /// loaded).
    failure: Option<(ClientFailure, String)>,
}

/// The client certificate and chain to send: the path the core builds from the user's files
/// (leaf first; certificates from the trust store are not sent), with the key of its leaf.
fn client_from_files(inputs: &[Input], options: &Options) -> Client {
    if inputs.is_empty() {
        return Client { key: None, failure: None };
    }
    let mut client_options = Options { flow: Flow::Inbound, ..options.clone() };
    client_options.purpose = certchain_core::Purpose::Client;
    client_options.peer_names = Vec::new();
    let analysis = certchain_core::analyze_full(inputs, &client_options);
    let decoded = &analysis.decoded;
    let Some(leaf) = analysis.primary.and_then(|i| decoded.certs.get(i)) else {
        return Client {
            key: None,
            failure: Some((
                ClientFailure::ClientFiles,
                "your files hold no certificate to present as the client certificate".into(),
            )),
        };
    };
    let own: std::collections::HashSet<&str> = decoded.certs.iter().map(|c| c.sha256.as_str()).collect();
    let mut chain: Vec<Vec<u8>> =
        analysis.verification.chain.iter().filter(|c| own.contains(c.sha256.as_str())).map(|c| c.der.clone()).collect();
    if chain.first() != Some(&leaf.der) {
        chain.insert(0, leaf.der.clone());
    }
    let key = decoded.keys.iter().find(|k| k.spki_der == leaf.spki_der);
    let key = match (key, decoded.keys.first()) {
        (Some(k), _) => k,
        (None, Some(_)) => {
            return Client {
                key: None,
                failure: Some((
                    ClientFailure::KeyMismatch,
                    format!(
                        "the private key in your files does not belong to the client certificate {} (their public keys differ), so the probe did not present it",
                        leaf.subject
                    ),
                )),
            };
        }
        (None, None) => {
            return Client {
                key: None,
                failure: Some((
                    ClientFailure::ClientFiles,
                    format!(
                        "your files hold no readable private key for the client certificate {}: add the key file (or fullcert.pem, a .p12 or a JKS), with --password if it is encrypted (see the inputs' errors)",
                        leaf.subject
                    ),
                )),
            };
        }
    };
    match net::certified_key(&chain, &key.pkcs8_der) {
        Ok(k) => Client { key: Some(k), failure: None },
        Err(message) => Client {
            key: None,
            failure: Some((
                if message.contains("does not match") {
                    ClientFailure::KeyMismatch
                } else {
                    ClientFailure::ClientFiles
                },
                message,
            )),
        },
    }
}

fn src() -> Source {
    Source { input: INPUT.to_string(), line: 0 }
}

fn fact<T>(value: T) -> Fact<T> {
    Fact { value, source: src() }
}

/// A DER Name (a CertificateRequest's CA name) as RFC 4514 text; the raw hex if it does not parse.
fn dn_text(der: &[u8]) -> String {
    use der::Decode;
    match x509_cert::name::Name::from_der(der) {
        Ok(name) => certchain_core::cert::rfc4514(&name),
        Err(_) => format!("(undecodable name, DER {})", certchain_core::cert::hex(der)),
    }
}

/// The probe's findings, in the core's handshake-facts model.
fn facts(plan: &Plan, probed: &Probed, client_failure: Option<&(ClientFailure, String)>) -> HandshakeFacts {
    let mut f = HandshakeFacts {
        input: INPUT.to_string(),
        host: Some(fact(plan.target.host.clone())),
        port: Some(plan.target.port),
        sni: probed.sni.clone(),
        protocol: probed.protocol.clone().map(fact),
        cipher: probed.cipher.clone().map(fact),
        client_chain_sent: probed.client_certs_sent,
        ..Default::default()
    };
    for (depth, der) in probed.server_chain.iter().enumerate() {
        let (subject, issuer) = match certchain_core::cert::Cert::from_der(der, Default::default()) {
            Ok(c) => (c.subject, c.issuer),
            Err(e) => (format!("(certificate that does not decode: {e})"), String::new()),
        };
        f.server_chain.push(SentCert { depth, subject, issuer, der: der.clone(), source: src() });
    }
    if let Some(request) = &probed.request {
        f.client_cert_request = Some(fact(ClientCertRequest {
            ca_names: request.ca_names.iter().map(|n| dn_text(n)).collect(),
            signature_schemes: request.signature_schemes.clone(),
            shared_signature_schemes: Vec::new(),
        }));
    }
    if let Some(http) = &probed.http {
        f.http = Some(fact(HttpAnswer {
            path: http.path.clone(),
            status: http.status,
            error_code: http.error_code.clone(),
            message: None,
        }));
    }
    let outcome = match &probed.failure {
        None if probed.handshake_completed => Outcome::Completed,
        None => Outcome::Incomplete,
        Some(failure) => failure_outcome(failure),
    };
    // When the server asked for a certificate, a client-side failure (a key that is not the
    // certificate's) is the cause, whatever the server then said to the handshake made without
    // it. Unasked, it played no part (the files' own analysis reports it).
    f.outcome = Some(fact(match client_failure {
        Some((kind, reason)) if probed.request.is_some() => {
            let then = match &outcome {
                Outcome::Completed => "the handshake without it completed".to_string(),
                Outcome::AlertReceived { name, .. } => {
                    format!("the server then ended the handshake with the alert {name}")
                }
                _ => String::new(),
            };
            Outcome::ClientFailed {
                failure: *kind,
                reason: if then.is_empty() { reason.clone() } else { format!("{reason}; {then}") },
            }
        }
        _ => outcome,
    }));
    f
}

fn failure_outcome(failure: &Failure) -> Outcome {
    let reason = net::describe(failure);
    match failure {
        Failure::Dns { .. } => Outcome::ConnectFailed { error: ConnectError::Dns, reason },
        Failure::Refused { .. } => Outcome::ConnectFailed { error: ConnectError::Refused, reason },
        Failure::Timeout { stage: "connect", .. } => Outcome::ConnectFailed { error: ConnectError::Timeout, reason },
        // The TCP connection was made, then nothing came back: for the user as good as no
        // connection (Outcome::Incomplete is a paste cut short); the reason says which it was.
        Failure::Timeout { seconds, .. } => Outcome::ConnectFailed {
            error: ConnectError::Timeout,
            reason: format!(
                "the server accepted the TCP connection but did not answer the TLS handshake within {seconds} s"
            ),
        },
        Failure::Closed => Outcome::ConnectFailed {
            error: ConnectError::Other,
            reason: "the server accepted the TCP connection, then closed it during the TLS handshake without an alert (a server that refuses this SNI name or client, or a TLS-terminating device dropping the connection)".into(),
        },
        Failure::Unreachable { .. } => Outcome::ConnectFailed { error: ConnectError::Unreachable, reason },
        Failure::Network { .. } | Failure::Proxy { .. } => Outcome::ConnectFailed { error: ConnectError::Other, reason },
        Failure::NotTls { .. } => Outcome::NotTls { reason },
        Failure::Version { .. } => Outcome::ClientFailed { failure: ClientFailure::ProtocolVersion, reason },
        Failure::Alert { name, number } => Outcome::AlertReceived { name: name.clone(), number: Some(*number) },
        Failure::NoShared { .. } => Outcome::ClientFailed { failure: ClientFailure::NoSharedParameters, reason },
        Failure::ServerSignature { .. } => {
            Outcome::ClientFailed { failure: ClientFailure::ServerCertificateRejected, reason }
        }
        Failure::Tls { .. } => Outcome::ClientFailed { failure: ClientFailure::Other, reason },
    }
}

pub fn main(a: AnalyzeArgs, p: ProbeOptions) -> ExitCode {
    let (inputs, mut options) = match crate::commands::inputs_and_options(&a, &a.files) {
        Ok(x) => x,
        Err(message) => return crate::io_error(&message),
    };
    let servername = p.servername.clone();
    let name = servername.clone().unwrap_or_else(|| p.target.host.clone());
    // FILEs are the client's: purpose client unless --purpose says otherwise. The flow words the
    // fixes: your Salesforce host is inbound mutual TLS (your client certificate into Salesforce);
    // another server is outbound ("would Salesforce trust your server?") without FILEs, and a
    // generic check with them (a client certificate for your own server). The core always checks
    // the server's chain as a server's.
    let flow = a.flow.unwrap_or(if is_salesforce_host(&name) {
        Flow::Inbound
    } else if inputs.is_empty() {
        Flow::Outbound
    } else {
        Flow::Generic
    });
    options.flow = flow;
    options.purpose = a.purpose.unwrap_or(certchain_core::Purpose::Client);
    let client = client_from_files(&inputs, &options);
    let plan = Plan {
        target: p.target.clone(),
        servername,
        timeout: p.timeout,
        proxy: p.proxy.clone(),
        http_path: if is_salesforce_host(&name) { "/services/data/".into() } else { "/".into() },
    };
    let probed = net::probe(&plan, client.key.clone());
    let facts = facts(&plan, &probed, client.failure.as_ref());
    let report = certchain_core::analyze_with_handshakes(&inputs, vec![facts.clone()], &options);
    let output = if a.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(e) => return crate::io_error(&format!("cannot serialize the report: {e}")),
        }
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        render_probe(&plan, &probed) + &crate::render::render(&report, crate::render::Style { color })
    };
    if let Err(e) = crate::write_stdout(output.as_bytes()) {
        return crate::io_error(&format!("cannot write the report: {e}"));
    }
    crate::exit_status(&report)
}

/// What the report does not carry: where the probe went, and why the GET got no answer.
fn render_probe(plan: &Plan, probed: &Probed) -> String {
    let via = plan.proxy.as_ref().map(|p| format!(" via the proxy {}", p.authority())).unwrap_or_default();
    let mut out = format!("certchain probe {}{via}", plan.target.authority());
    if let Some(address) = &probed.address {
        out.push_str(&format!(" (connected to {address})"));
    }
    out.push('\n');
    if let Some(f @ (Failure::Timeout { .. } | Failure::Closed)) = &probed.failure {
        out.push_str(&format!("  {}\n", net::describe(f)));
    }
    if probed.failure_after_handshake {
        out.push_str(
            "  The alert came after the client's Finished: a TLS 1.3 server judges the client certificate then.\n",
        );
    }
    if let Some(note) = &probed.http_note {
        out.push_str(&format!("  HTTP: {note}\n"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::{parse_proxy, parse_servername, parse_timeout};

    #[test]
    fn failures_become_outcomes() {
        let kind = |f: Failure| match failure_outcome(&f) {
            Outcome::ConnectFailed { error, .. } => format!("connect_failed {error:?}"),
            Outcome::ClientFailed { failure, .. } => format!("client_failed {failure:?}"),
            Outcome::NotTls { .. } => "not_tls".into(),
            Outcome::AlertReceived { name, .. } => format!("alert {name}"),
            other => format!("{other:?}"),
        };
        assert_eq!(kind(Failure::Dns { message: "Name or service not known".into() }), "connect_failed Dns");
        assert_eq!(kind(Failure::Refused { address: "127.0.0.1:1".into() }), "connect_failed Refused");
        assert_eq!(kind(Failure::Timeout { stage: "connect", seconds: 1.0 }), "connect_failed Timeout");
        assert_eq!(kind(Failure::Timeout { stage: "TLS handshake", seconds: 1.0 }), "connect_failed Timeout");
        assert_eq!(
            kind(Failure::Unreachable { message: "No route to host (os error 113)".into() }),
            "connect_failed Unreachable"
        );
        assert_eq!(kind(Failure::Proxy { message: "407".into() }), "connect_failed Other");
        assert_eq!(kind(Failure::Network { message: "reset".into() }), "connect_failed Other");
        assert_eq!(kind(Failure::Closed), "connect_failed Other");
        assert_eq!(kind(Failure::NotTls { http: true, first_bytes: "HTTP/1.1".into() }), "not_tls");
        assert_eq!(kind(Failure::Version { message: "x".into() }), "client_failed ProtocolVersion");
        assert_eq!(kind(Failure::NoShared { message: "x".into() }), "client_failed NoSharedParameters");
        assert_eq!(kind(Failure::Alert { name: "unknown_ca".into(), number: 48 }), "alert unknown_ca");
        assert_eq!(kind(Failure::Tls { message: "x".into() }), "client_failed Other");
        assert_eq!(kind(Failure::ServerSignature { message: "x".into() }), "client_failed ServerCertificateRejected");
    }

    #[test]
    fn salesforce_hosts() {
        assert!(is_salesforce_host("acme.my.salesforce.com"));
        assert!(is_salesforce_host("acme--dev.sandbox.my.salesforce.com."));
        assert!(is_salesforce_host("acme.my.site.force.com"));
        assert!(!is_salesforce_host("notsalesforce.com"));
        assert!(!is_salesforce_host("api.example.com"));
    }

    #[test]
    fn proxies_and_timeouts() {
        assert_eq!(parse_proxy("http://proxy.local:3128"), Ok(Target { host: "proxy.local".into(), port: 3128 }));
        assert_eq!(parse_proxy("http://proxy.local/"), Ok(Target { host: "proxy.local".into(), port: 80 }));
        assert_eq!(parse_proxy("http://[::1]"), Ok(Target { host: "::1".into(), port: 80 }));
        assert!(parse_proxy("https://proxy.local:3128").is_err());
        assert!(parse_proxy("http://user:pw@proxy.local:3128").is_err());
        assert_eq!(parse_servername("acme.my.salesforce.com."), Ok("acme.my.salesforce.com".into()));
        assert_eq!(parse_servername("127.0.0.1"), Ok("127.0.0.1".into()));
        assert!(parse_servername("not a name").is_err());
        assert_eq!(parse_timeout("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_timeout("10s"), Ok(Duration::from_secs(10)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("soon").is_err());
    }
}
