//! x509-limbo conformance: every case evaluated, zero false accepts, a pass floor, and every
//! divergence listed (with a reason) in `conformance/limbo-exceptions.md`.

use certchain_conformance::limbo::{Results, run_suite};
use certchain_core::time::UnixTime;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Raise this as conformance improves; it only ever goes up.
const PASS_FLOOR: usize = 200;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn listed_exceptions() -> BTreeSet<String> {
    let path = workspace_root().join("conformance/limbo-exceptions.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // Entries are table rows whose first cell is a back-quoted testcase id: | `id` | expected | reason |
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(id, _)| id.to_string()))
        .collect()
}

#[test]
fn limbo_conformance() {
    let suite_path = workspace_root().join("../shared/conformance/limbo.json");
    let suite = match std::fs::read_to_string(&suite_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("\n!!!!!!!!\n!!! x509-limbo suite MISSING at {}: {e}\n!!!!!!!!\n", suite_path.display());
            if std::env::var("CERTCHAIN_ALLOW_MISSING_SHARED").as_deref() == Ok("1") {
                return;
            }
            panic!("x509-limbo suite missing (set CERTCHAIN_ALLOW_MISSING_SHARED=1 to skip)");
        }
    };
    let expected: serde_json::Value = serde_json::from_str(&suite).unwrap();
    let expected: std::collections::BTreeMap<String, String> = expected["testcases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap().to_string(), t["expected_result"].as_str().unwrap().to_string()))
        .collect();
    // Cases without a validation time are checked "now"; a fixed instant keeps the run reproducible.
    let now = UnixTime::parse_rfc3339("2026-11-23T00:00:00Z").unwrap();
    let started = std::time::Instant::now();
    let results: Results = serde_json::from_str(&run_suite(&suite, now).unwrap()).unwrap();
    let elapsed = started.elapsed();
    assert_eq!(results.results.len(), expected.len(), "every testcase must be evaluated");

    let mut passes = 0;
    let mut false_accepts = Vec::new();
    let mut divergences = BTreeSet::new();
    for r in &results.results {
        assert_ne!(r.actual_result, "SKIPPED", "{} was skipped", r.id);
        let want = &expected[&r.id];
        if &r.actual_result == want {
            passes += 1;
        } else {
            if r.actual_result == "SUCCESS" {
                false_accepts.push(r.id.clone());
            }
            eprintln!("divergence: {} expected {want}, got {} ({})", r.id, r.actual_result, r.context);
            divergences.insert(r.id.clone());
        }
    }
    eprintln!(
        "x509-limbo: {passes}/{} pass, {} false accepts, {} false rejects, {:.2?}",
        expected.len(),
        false_accepts.len(),
        divergences.len() - false_accepts.len(),
        elapsed
    );
    assert!(false_accepts.is_empty(), "false accepts: {false_accepts:?}");
    assert!(passes >= PASS_FLOOR, "{passes} passes, floor is {PASS_FLOOR}");
    let listed = listed_exceptions();
    let unlisted: Vec<_> = divergences.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&divergences).collect();
    assert!(unlisted.is_empty(), "divergences missing from conformance/limbo-exceptions.md: {unlisted:?}");
    assert!(stale.is_empty(), "conformance/limbo-exceptions.md lists cases that now pass: {stale:?}");
}

/// `LIMBO_CASE=<id> cargo test --test limbo explain -- --nocapture` prints every finding of a case.
#[test]
fn explain() {
    let Ok(id) = std::env::var("LIMBO_CASE") else {
        return;
    };
    let suite_path = workspace_root().join("../shared/conformance/limbo.json");
    let Ok(text) = std::fs::read_to_string(&suite_path) else {
        return;
    };
    let suite: certchain_conformance::limbo::Suite = serde_json::from_str(&text).unwrap();
    let now = UnixTime::parse_rfc3339("2026-11-23T00:00:00Z").unwrap();
    for case in suite.testcases.iter().filter(|c| id.split(',').any(|i| i == c.id)) {
        let (result, report) = certchain_conformance::limbo::run_case_with_report(case, now).unwrap();
        eprintln!("== {} expected {} got {}", case.id, case.expected_result, result.actual_result);
        for f in &report.findings {
            eprintln!("  {:?} {:?}: {} — {}", f.severity, f.code, f.title, f.detail);
        }
    }
}

/// Hostile input: every byte of a few limbo chains flipped in turn must never panic the decoder,
/// the certificate model, path building or the checks.
#[test]
fn mutated_certificates_never_panic() {
    let suite_path = workspace_root().join("../shared/conformance/limbo.json");
    let Ok(text) = std::fs::read_to_string(&suite_path) else {
        return;
    };
    let suite: certchain_conformance::limbo::Suite = serde_json::from_str(&text).unwrap();
    let now = UnixTime::parse_rfc3339("2026-11-23T00:00:00Z").unwrap();
    let wanted =
        ["rfc5280::nc::permitted-dns-match", "crl::revoked-certificate-with-crl", "webpki::cryptographydotio-chain"];
    for case in suite.testcases.iter().filter(|c| wanted.contains(&c.id.as_str())) {
        let (_, der) = pem_rfc7468::decode_vec(case.peer_certificate.as_bytes()).unwrap();
        let mut options = certchain_core::Options::new(now);
        options.trust = certchain_core::TrustChoice::Custom;
        options.custom_roots =
            case.trusted_certs.iter().map(|pem| certchain_core::Input::new("root.pem", pem.as_bytes())).collect();
        for position in 0..der.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bytes = der.clone();
                bytes[position] ^= flip;
                let mut inputs = vec![certchain_core::Input::new("peer.der", bytes)];
                for pem in &case.untrusted_intermediates {
                    inputs.push(certchain_core::Input::new("int.pem", pem.as_bytes()));
                }
                let report = certchain_core::analyze(&inputs, &options);
                // Every byte is covered by the signature or by strict DER: no change keeps it valid.
                assert!(!report.valid, "{}: byte {position} ^ {flip:#x} is still valid", case.id);
            }
        }
    }
}
