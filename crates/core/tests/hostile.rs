//! Hostile inputs (issue 6): huge, deeply nested and pathological inputs each end in a clear
//! finding or decode error — what is wrong, where, and what to do — without a panic or a runaway
//! search. Inputs are generated here (tests/support/gen.rs); only the RSA-16384 files, which take
//! openssl minutes to make, are committed (tests/fixtures/hostile/make.sh).
//!
//! Sized down in debug builds (`cargo test`): 1,000 SANs instead of 10,000, a 100 KB extension
//! instead of 1 MB, 100 look-alike CAs instead of 300. Nesting depth (10,000) and everything else
//! is full size. `cargo test --release --test hostile` runs the full sizes. Timing limits here are
//! generous runaway guards; the budgets (50 ms per analysis natively) are measured by
//! `cargo bench` and `scripts/hostile-rss` (docs/benchmarks.md).
#![allow(clippy::unwrap_used)]

#[path = "support/gen.rs"]
mod generator;

use certchain_core::time::UnixTime;
use certchain_core::{Code, Input, Options, Purpose, Report, Severity, TrustChoice, analyze};
use generator::Case;
use std::path::Path;
use std::time::{Duration, Instant};

/// A runaway guard, not a budget: debug builds on a busy 2-core machine are slow.
const GUARD: Duration = Duration::from_secs(5);

fn scale() -> usize {
    if cfg!(debug_assertions) { 10 } else { 1 }
}

fn options(roots: &[(String, Vec<u8>)]) -> Options {
    // Generated certificates are valid 2025–2035; the RSA-16384 ones from 2026-11 for 8 years.
    let mut o = Options::new(UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap());
    o.purpose = Purpose::Client;
    o.trust = TrustChoice::Custom;
    o.custom_roots = roots.iter().map(|(n, b)| Input::new(n.clone(), b.clone())).collect();
    o
}

fn run(case: &Case) -> Report {
    let inputs: Vec<Input> = case.inputs.iter().map(|(n, b)| Input::new(n.clone(), b.clone())).collect();
    let o = options(&case.roots);
    let start = Instant::now();
    let report = analyze(&inputs, &o);
    let took = start.elapsed();
    assert!(took < GUARD, "{} took {took:?}", case.name);
    // Every report must serialise (the CLI prints it, the page renders it).
    assert!(serde_json::to_string(&report).is_ok(), "{}: report does not serialise", case.name);
    report
}

/// Generated once per test binary: the tests share them.
fn case(name: &str) -> &'static Case {
    static CASES: std::sync::OnceLock<Vec<Case>> = std::sync::OnceLock::new();
    CASES.get_or_init(|| generator::hostile_cases(scale())).iter().find(|c| c.name == name).unwrap()
}

fn headline(r: &Report) -> Code {
    r.findings.first().map(|f| f.code).unwrap()
}

fn codes(r: &Report) -> Vec<Code> {
    r.findings.iter().map(|f| f.code).collect()
}

/// A finding says what (title), where (names the certificate or input) and what to do (fix).
fn assert_clear(r: &Report, code: Code, mentions: &str) {
    let f = r.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code:?} in {:?}", codes(r)));
    assert!(!f.fix.trim().is_empty(), "{code:?} has no fix");
    assert!(
        f.title.contains(mentions) || f.detail.contains(mentions),
        "{code:?} does not mention {mentions:?}: {} / {}",
        f.title,
        f.detail
    );
}

fn assert_valid(r: &Report, what: &str) {
    assert!(r.valid, "{what}: {:?}", r.findings.iter().map(|f| (&f.code, &f.title)).collect::<Vec<_>>());
    assert_eq!(headline(r), Code::ValidChain, "{what}");
    assert_eq!(r.chain.len(), 2, "{what}: leaf and intermediate");
}

#[test]
fn ten_thousand_sans_are_analysed() {
    let c = case("sans_10000");
    let r = run(c);
    assert_valid(&r, c.what);
    // The names are all there for the report, none lost.
    let expected = 10_000 / scale();
    let json = serde_json::to_string(&r.chain[0]).unwrap();
    assert!(json.contains(&format!("host-{:05}.many-sans.example.test", expected - 1)), "last SAN missing");
}

#[test]
fn a_host_mismatch_over_ten_thousand_sans_stays_readable() {
    let c = case("sans_10000");
    let inputs: Vec<Input> = c.inputs.iter().map(|(n, b)| Input::new(n.clone(), b.clone())).collect();
    let mut o = options(&c.roots);
    o.purpose = Purpose::Server;
    o.peer_names = vec![certchain_core::PeerName::Dns("nothere.example.test".into())];
    let r = analyze(&inputs, &o);
    assert_eq!(headline(&r), Code::HostMismatch, "{:?}", codes(&r));
    let f = &r.findings[0];
    assert!(f.detail.contains("host-00000.many-sans.example.test"), "{}", f.detail);
    assert!(f.detail.contains(&format!("and {} more", 10_000 / scale() - 20)), "{}", f.detail);
    assert!(f.detail.len() < 2_000, "{} bytes of detail", f.detail.len());
}

#[test]
fn a_megabyte_extension_is_analysed_and_a_critical_one_is_refused() {
    let r = run(case("extension_1mb"));
    assert_valid(&r, "1 MB non-critical extension");
    let r = run(case("extension_1mb_critical"));
    assert!(!r.valid);
    assert_eq!(headline(&r), Code::UnknownCriticalExtension);
    assert_clear(&r, Code::UnknownCriticalExtension, "1.3.6.1.4.1.55555.1");
    assert_clear(&r, Code::UnknownCriticalExtension, "extension_1mb_critical Leaf");
}

#[test]
fn deep_nesting_inside_extensions_is_not_followed() {
    // Private and otherName contents are opaque: the certificate is usable and nothing recurses.
    for name in ["nested_sequences_in_extension", "nested_sequences_in_san", "nested_octet_strings_in_extension"] {
        let c = case(name);
        assert_valid(&run(c), c.what);
    }
}

/// The input's one decode error, and the parse_error finding that carries it.
fn only_decode_error(r: &Report) -> (String, String) {
    assert!(!r.valid);
    let errors: Vec<_> = r.inputs.iter().flat_map(|i| i.errors.iter()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(codes(r).contains(&Code::ParseError) && codes(r).contains(&Code::NoCertificate), "{:?}", codes(r));
    (errors[0].message.clone(), errors[0].hint.clone())
}

#[test]
fn deeply_nested_files_are_decode_errors_that_say_what_and_where() {
    let r = run(case("nested_sequences_file"));
    let (message, hint) = only_decode_error(&r);
    assert!(message.contains("none of the formats certchain reads"), "{message}");
    assert!(hint.contains("expected an X.509 certificate"), "{hint}");
    assert_clear(&r, Code::ParseError, "nested.der");

    let r = run(case("nested_sequences_pem"));
    let (message, hint) = only_decode_error(&r);
    assert!(message.contains("certificate on line 1 cannot be read"), "{message}");
    assert!(hint.contains("copied completely"), "{hint}");
    assert_clear(&r, Code::ParseError, "nested.pem, line 1");

    let r = run(case("nested_ber_octet_strings_file"));
    let (message, hint) = only_decode_error(&r);
    assert!(message.contains("BER nesting too deep"), "{message}");
    assert!(hint.contains("openssl"), "{hint}");
    assert_clear(&r, Code::ParseError, "nested.p12");
}

#[test]
fn look_alike_issuers_stop_at_the_budget_without_false_claims() {
    let c = case("same_named_cas_300");
    let r = run(c);
    if scale() == 1 {
        assert!(!r.valid);
        // 300 candidates with the right name and key identifier exceed the 100-check budget: the
        // search says it stopped instead of claiming the signature or issuer is bad.
        assert_eq!(headline(&r), Code::PathBudgetExceeded, "{:?}", codes(&r));
        assert_clear(&r, Code::PathBudgetExceeded, "signature checks");
        for wrong in [Code::BadSignature, Code::MissingIssuer, Code::UnrelatedCert] {
            assert!(!codes(&r).contains(&wrong), "{wrong:?} claimed after the search stopped: {:?}", codes(&r));
        }
    } else {
        // 50 look-alikes and the real CA fit in the budget: the real issuer is found.
        assert_valid(&r, c.what);
    }
}

#[test]
fn deep_chains_stop_at_the_depth_cap_without_false_claims() {
    let r = run(case("deep_chain_60"));
    assert!(!r.valid);
    assert_eq!(headline(&r), Code::PathBudgetExceeded, "{:?}", codes(&r));
    assert_clear(&r, Code::PathBudgetExceeded, "8 intermediate certificates");
    // The issuers beyond the cap are in the input: they are neither "missing" nor "unrelated".
    assert!(!codes(&r).contains(&Code::MissingIssuer) && !codes(&r).contains(&Code::UnrelatedCert), "{:?}", codes(&r));
}

#[test]
fn issuer_loops_end_with_the_loop_named() {
    let r = run(case("issuer_loop"));
    assert!(!r.valid);
    assert_eq!(headline(&r), Code::MissingIssuer);
    assert_clear(&r, Code::MissingIssuer, "already appears in this path (loop)");
}

#[test]
fn cross_signing_mesh_reports_the_budget() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes/path_budget_exceeded");
    let read = |n: &str| (n.to_string(), std::fs::read(dir.join(n)).unwrap());
    let c = Case { name: "mesh", what: "mesh", inputs: vec![read("mesh.pem")], roots: vec![read("root.pem")] };
    let r = run(&c);
    assert!(!r.valid);
    assert_eq!(headline(&r), Code::PathBudgetExceeded, "{:?}", codes(&r));
}

#[test]
fn rsa_16384_key_chain_and_key_are_analysed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile");
    let read = |n: &str| (n.to_string(), std::fs::read(dir.join(n)).unwrap());
    let c = Case {
        name: "rsa16384",
        what: "RSA-16384 leaf and key under an RSA-16384 root",
        inputs: vec![read("rsa16384-leaf.pem"), read("rsa16384.key")],
        roots: vec![read("rsa16384-root.pem")],
    };
    let r = run(&c);
    assert!(r.valid, "{:?}", codes(&r));
    assert!(codes(&r).contains(&Code::KeyMatch), "{:?}", codes(&r));
    assert!(r.findings.iter().all(|f| f.severity != Severity::Error), "{:?}", codes(&r));
}

#[test]
fn a_paste_of_2000_certificates_is_analysed_correctly() {
    // Sized down to 500 certificates in debug builds; 2,000 (5 MB) in release.
    let count = if cfg!(debug_assertions) { 500 } else { 2000 };
    let bundle = generator::bundle(count);
    assert_eq!(bundle.count, count);
    if count == 2000 {
        assert!(bundle.pem.len() > 5_000_000, "{} bytes", bundle.pem.len());
    }
    let c = Case {
        name: "bundle",
        what: "bundle",
        inputs: vec![("bundle.pem".into(), bundle.pem.into_bytes())],
        roots: vec![("root.pem".into(), generator::cert_pem(&bundle.root).into_bytes())],
    };
    let r = run(&c);
    assert!(r.valid, "{:?}", codes(&r));
    assert_eq!(headline(&r), Code::ValidChain);
    let names: Vec<&str> = r.chain.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Bundle Leaf", "Bundle CA 2", "Bundle CA 1"]);
    assert_eq!(r.root.as_ref().map(|c| c.name.as_str()), Some("Bundle Root"));
    // Every certificate is accounted for, nothing failed to decode.
    assert_eq!(r.certificates.len(), count);
    assert!(r.inputs.iter().all(|i| i.errors.is_empty()));
    // The look-alike "Bundle CA 2" copies (other keys) are rejected with a reason, not chosen.
    assert!(r.rejected.iter().any(|x| x.reason.contains("key identifier")), "{:?}", r.rejected.first());
    assert!(!codes(&r).contains(&Code::PathBudgetExceeded));
    // Hundreds of unrelated CAs make one finding listing them all, not one finding each.
    let unrelated: Vec<_> = r.findings.iter().filter(|f| f.code == Code::UnrelatedCert).collect();
    assert_eq!(unrelated.len(), 1, "{} unrelated_cert findings", unrelated.len());
    assert!(unrelated[0].certs.len() > 100 && unrelated[0].detail.len() < 2_000, "{}", unrelated[0].detail);
    // The hundreds of other leaves are counted, not all named, in the multiple_leaves finding.
    let leaves = r.findings.iter().find(|f| f.code == Code::MultipleLeaves).unwrap();
    assert!(leaves.detail.len() < 2_000 && leaves.detail.contains("more"), "{} bytes", leaves.detail.len());
    assert!(leaves.certs.len() > 100, "{} certificates named", leaves.certs.len());
}
