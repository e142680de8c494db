//! Handshake facts explained (issue 15): real `openssl s_client` outputs from
//! scripts/make-s_client-fixtures.sh (s_server on 127.0.0.1), alone and beside the client files.
use certchain_core::handshake::CaMatch;
use certchain_core::handshake_report::HandshakeReport;
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

fn finding(h: &HandshakeReport, code: Code) -> &certchain_core::Finding {
    h.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code} in {:#?}", h.findings))
}

#[test]
fn client_leaf_without_intermediate_says_send_the_intermediate() {
    for file in ["mtls-no-intermediate.txt", "tls12-no-intermediate.txt"] {
        let r = run(file, true, true);
        let h = hs(&r);
        assert_eq!(h.findings[0].code, Code::HandshakeAlert, "{file}");
        let f = &h.findings[0];
        assert!(f.title.contains("unknown_ca"), "{file}: {}", f.title);
        assert!(
            f.detail.contains("'Probe Test Intermediate'") && f.detail.contains("Send the intermediate"),
            "{}",
            f.detail
        );
        assert!(f.fix.contains("-cert_chain"), "{}", f.fix);
        assert_eq!(f.certs.len(), 1, "names the client leaf");
        // Alone, without the user's files, the cause is named in general terms.
        let alone = run(file, false, true);
        assert!(
            hs(&alone).findings[0].detail.contains("intermediates were not sent"),
            "{}",
            hs(&alone).findings[0].detail
        );
    }
}

#[test]
fn no_client_certificate_sent() {
    let r = run("mtls-no-client-cert.txt", true, true);
    let f = &hs(&r).findings[0];
    assert_eq!(f.code, Code::HandshakeAlert);
    assert!(f.title.contains("certificate_required"), "{}", f.title);
}

#[test]
fn wrong_key_is_a_client_side_failure() {
    let r = run("wrong-key.txt", true, true);
    let h = hs(&r);
    assert_eq!(h.findings[0].code, Code::ClientFailed);
    assert!(h.findings[0].title.contains("private key does not match"), "{}", h.findings[0].title);
    assert!(h.server.is_none(), "s_client stopped before connecting");
}

#[test]
fn ca_names_excluding_the_users_issuer() {
    let r = run("ca-names-exclude.txt", true, true);
    let h = hs(&r);
    assert_eq!(h.client_ca_match, Some(CaMatch::NoneMatches));
    let f = finding(h, Code::ClientCaNotListed);
    assert!(f.detail.contains("'CN = Other Client CA'"), "{}", f.detail);
    let ok = run("mtls-ok.txt", true, true);
    assert!(matches!(hs(&ok).client_ca_match, Some(CaMatch::Matched { .. })));
}

#[test]
fn server_sending_its_leaf_only() {
    let r = run("server-leaf-only.txt", false, true);
    let h = hs(&r);
    let server = h.server.as_ref().expect("server chain");
    assert_eq!(server.sent.len(), 1);
    assert_eq!(server.verdict, Verdict::NotValid);
    let missing = server.findings.iter().find(|f| f.code == Code::MissingIssuer).expect("missing_issuer");
    assert!(missing.title.starts_with("The server's chain: "), "{}", missing.title);
    assert!(missing.fix.contains("send its intermediates"), "outbound fix: {}", missing.fix);
    let v = finding(h, Code::ServerVerifyFailed);
    assert!(v.title.contains("21"), "{}", v.title);
    assert!(v.detail.contains("agrees"), "{}", v.detail);
}

#[test]
fn expired_server_certificate() {
    let r = run("server-expired.txt", false, true);
    let h = hs(&r);
    let server = h.server.as_ref().expect("server chain");
    assert!(server.findings.iter().any(|f| f.code == Code::Expired), "{:#?}", server.findings);
    assert!(finding(h, Code::ServerVerifyFailed).title.contains("10 (certificate has expired)"));
}

#[test]
fn host_name_is_checked_when_given() {
    let mut o = options(true);
    o.peer_names = vec![certchain_core::PeerName::Dns("other.example.com".into())];
    let r = analyze(&[Input::new("s", fixture("mtls-ok.txt"))], &o);
    let server = hs(&r).server.as_ref().expect("server chain");
    assert_eq!(server.host.as_deref(), Some("other.example.com"));
    assert!(server.findings.iter().any(|f| f.code == Code::HostMismatch), "{:#?}", server.findings);
}

#[test]
fn protocol_versions() {
    for (file, proto) in [("tls12.txt", "TLSv1.2"), ("tls13.txt", "TLSv1.3")] {
        let r = run(file, false, true);
        let f = finding(hs(&r), Code::HandshakeCompleted);
        assert!(f.title.contains(proto), "{file}: {}", f.title);
    }
    assert!(finding(hs(&run("tls13.txt", true, true)), Code::NoClientCertRequested).detail.contains("took no part"));
    let r = run("version-mismatch.txt", false, true);
    let h = hs(&r);
    assert_eq!(h.findings[0].code, Code::TlsVersionMismatch);
    assert!(h.facts.protocol.is_none(), "the session block's version is only what the client offered");
}

#[test]
fn network_failures() {
    let cases = [
        ("plain-http.txt", Code::NotTls, "plain text"),
        ("closed-port.txt", Code::ConnectFailed, "refused"),
        ("silent-server.txt", Code::HandshakeIncomplete, "did not finish"),
    ];
    for (file, code, words) in cases {
        let r = run(file, false, false);
        let h = hs(&r);
        assert_eq!(h.findings[0].code, code, "{file}: {:#?}", h.findings);
        assert!(h.findings[0].title.contains(words), "{file}: {}", h.findings[0].title);
        assert!(
            r.findings.iter().all(|f| f.code != Code::NoCertificate && f.code != Code::ParseError),
            "{:?}",
            r.findings
        );
    }
    let dns = "40F71ED2FE7E0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:746:Name or service not known\nconnect:errno=22\n";
    let r = analyze(&[Input::new("dns.txt", dns)], &options(false));
    let f = &hs(&r).findings[0];
    assert_eq!(f.code, Code::ConnectFailed);
    assert!(f.title.contains("host name was not found"), "{}", f.title);
}

#[test]
fn user_files_are_analysed_apart() {
    let r = run("mtls-ok.txt", true, true);
    // The user's chain: the client leaf and its intermediate, not the server's certificates.
    assert_eq!(r.chain.first().map(|c| c.name.as_str()), Some("Probe Client"));
    assert!(r.certificates.iter().all(|c| c.summary.name != "localhost"));
    assert_eq!(r.inputs[0].format, "openssl s_client output");
    assert_eq!(r.inputs[0].items.len(), 2, "the server's certificates are listed as items of the paste");
}

#[test]
fn probe_facts_round_trip_through_json() {
    let r = run("mtls-no-intermediate.txt", true, true);
    let json = serde_json::to_string(&r).expect("report serializes");
    let back: Report = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back.handshakes[0].findings, r.handshakes[0].findings);
}

/// Every s_client fixture, alone and beside the client's files (client-chain.pem), under the
/// fixtures' own root: the codes of each handshake's findings and of its server chain's, in
/// rank order. Committed as tests/fixtures/s_client/expected.json, which the page's browser test
/// (tests/e2e/handshake.test.mjs) asserts the page shows: the page gives these same findings.
/// `UPDATE_FIXTURES=1` rewrites it.
#[test]
fn expected_findings_for_the_page_are_current() {
    let dir = format!("{}/tests/fixtures/s_client", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 14, "{names:?}");
    let code_list = |fs: &[certchain_core::Finding]| fs.iter().map(|f| f.code.as_str()).collect::<Vec<_>>();
    let mut out = serde_json::Map::new();
    for name in &names {
        let mut entry = serde_json::Map::new();
        for (key, with_files) in [("alone", false), ("with_client_chain", true)] {
            let r = run(name, with_files, true);
            let h = hs(&r);
            entry.insert(
                key.to_string(),
                serde_json::json!({
                    "handshake": code_list(&h.findings),
                    "server": h.server.as_ref().map(|s| code_list(&s.findings)).unwrap_or_default(),
                    "server_verdict": h.server.as_ref().map(|s| s.verdict.as_str()),
                    "headline": h.findings.first().map(|f| f.title.clone()),
                }),
            );
        }
        out.insert(name.clone(), serde_json::Value::Object(entry));
    }
    let text = serde_json::to_string_pretty(&serde_json::Value::Object(out)).expect("json") + "\n";
    let path = format!("{dir}/expected.json");
    if std::env::var("UPDATE_FIXTURES").as_deref() == Ok("1") {
        std::fs::write(&path, &text).expect("write expected.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == text, "{path} is stale: run UPDATE_FIXTURES=1 cargo test -p certchain-core --test handshake");
}

#[test]
fn s_client_output_and_the_client_chain_in_one_paste() {
    let mut text = fixture("mtls-no-intermediate.txt");
    text.extend_from_slice(&fixture("client-chain.pem"));
    let r = analyze(&[Input::new("pasted text", text)], &options(true));
    let h = hs(&r);
    assert_eq!(h.server.as_ref().map(|s| s.sent.len()), Some(2), "the server's two certificates");
    assert_eq!(r.chain.first().map(|c| c.name.as_str()), Some("Probe Client"), "the user's chain from the same paste");
    assert_eq!(r.inputs[0].items.iter().filter(|i| i.kind == certchain_core::decode::ItemKind::Certificate).count(), 2);
    assert!(h.findings[0].detail.contains("Send the intermediate"), "{}", h.findings[0].detail);
}

#[test]
fn a_cut_off_paste_is_reported_once() {
    let text = String::from_utf8(fixture("mtls-ok.txt")).unwrap_or_default();
    let cut: String = text.lines().take(20).map(|l| format!("{l}\n")).collect();
    let r = analyze(&[Input::new("pasted text", cut)], &options(true));
    let errors = &r.inputs[0].errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("cut off"), "{errors:?}");
    assert_eq!(hs(&r).findings[0].code, Code::HandshakeIncomplete);
}

/// What the probe knows and s_client does not: how many certificates the client sent.
#[test]
fn alert_cause_uses_the_number_of_certificates_sent() {
    let text = String::from_utf8(fixture("mtls-no-intermediate.txt")).unwrap_or_default();
    let files = [Input::new("client-chain.pem", fixture("client-chain.pem"))];
    let detail = |sent: usize| {
        let mut facts = certchain_core::handshake::read_s_client("probe", &text);
        facts.client_chain_sent = Some(sent);
        let r = certchain_core::analyze_with_handshakes(&files, vec![facts], &options(true));
        r.handshakes[0].findings[0].detail.clone()
    };
    let one = detail(1);
    assert!(one.contains("The client sent 1 certificate(s)") && one.contains("'Probe Test Intermediate'"), "{one}");
    let two = detail(2);
    assert!(two.contains("does not trust its root 'Probe Test Root'"), "{two}");
}

/// In the outbound flow the user's files are their server's certificate, not a client chain:
/// no client-CA verdict is drawn from them.
#[test]
fn outbound_files_are_not_a_client_chain() {
    let mut o = options(true);
    o.flow = certchain_core::Flow::Outbound;
    o.purpose = certchain_core::Purpose::Server;
    let r = analyze(
        &[
            Input::new("s", fixture("ca-names-exclude.txt")),
            Input::new("client-chain.pem", fixture("client-chain.pem")),
        ],
        &o,
    );
    let h = hs(&r);
    assert_eq!(h.client_ca_match, None);
    assert!(h.findings.iter().all(|f| f.code != Code::ClientCaNotListed), "{:#?}", h.findings);
}
