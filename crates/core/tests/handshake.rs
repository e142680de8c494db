//! Handshake facts explained (issue 15): real `openssl s_client` outputs from
//! scripts/make-s_client-fixtures.sh (s_server on 127.0.0.1), alone and beside the client files.
use certchain_core::handshake::{CaMatch, HandshakeReport};
use certchain_core::time::UnixTime;
use certchain_core::{Code, Input, Options, Report, TrustChoice, Verdict, analyze};

fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/s_client/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The fixtures' certificates were made on 2026-12-05 (valid one year).
fn options(trust_own_root: bool) -> Options {
    let mut o = Options::new(UnixTime::parse_rfc3339("2026-12-06T00:00:00Z").expect("time"));
    if trust_own_root {
        o.trust = TrustChoice::Custom;
        o.custom_roots = vec![Input::new("root.pem", fixture("root.pem"))];
    }
    o
}

fn run(s_client: &str, with_client_files: bool, trust_own_root: bool) -> Report {
    let mut inputs = vec![Input::new(s_client, fixture(s_client))];
    if with_client_files {
        inputs.push(Input::new("client-chain.pem", fixture("client-chain.pem")));
    }
    analyze(&inputs, &options(trust_own_root))
}

fn hs(r: &Report) -> &HandshakeReport {
    assert_eq!(r.handshakes.len(), 1, "one handshake");
    &r.handshakes[0]
}

fn codes(h: &HandshakeReport) -> Vec<Code> {
    h.findings.iter().map(|f| f.code).collect()
}

#[test]
fn mtls_ok_alone() {
    let r = run("mtls-ok.txt", false, true);
    let h = hs(&r);
    assert_eq!(codes(h), vec![Code::HandshakeCompleted]);
    let server = h.server.as_ref().expect("server chain analysed");
    assert_eq!(server.sent.len(), 2);
    // Valid under the own root; Salesforce's trust in that root is not known (outbound flow).
    assert_eq!(server.verdict, Verdict::CannotConfirm, "{:#?}", server.findings);
    assert!(server.findings.iter().all(|f| f.title.starts_with("The server's chain: ")));
    assert!(!r.findings.iter().any(|f| f.code == Code::NoCertificate), "{:?}", r.findings);
    assert!(r.certificates.is_empty(), "the server's certificates are not the user's");
}
