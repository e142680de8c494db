//! Offline chain completion from the bundled CCADB snapshot (crate::completion), on real public
//! certificates: `tests/fixtures/ccadb/` (README there) holds leaves from public test data and an
//! intermediate from the snapshot, so these tests need nothing outside the repository. The last
//! test runs every real leaf of `../shared/realleaves/` (CERTCHAIN_SHARED names another shared
//! folder, e.g. from a worktree); without it, it fails loudly unless
//! CERTCHAIN_ALLOW_MISSING_SHARED=1, as the limbo test does.
#![cfg(feature = "embedded-intermediates")]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use certchain_core::completion::CompletionStatus;
use certchain_core::outputs::{EmitRequest, emit};
use certchain_core::time::UnixTime;
use certchain_core::{Analysis, Code, Input, Options, Purpose, Severity, TrustChoice, Verdict, analyze_full};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> Input {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ccadb").join(name);
    Input::new(name, std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn options(at: &str, purpose: Purpose) -> Options {
    let mut o = Options::for_flow(UnixTime::parse_rfc3339(at).unwrap(), None, Some(purpose));
    o.trust = TrustChoice::Mozilla;
    o
}

fn analyse(inputs: &[Input], o: &Options) -> Analysis {
    analyze_full(inputs, o)
}

fn added_names(a: &Analysis) -> Vec<String> {
    a.report.completion.as_ref().map(|c| c.added.iter().map(|x| x.name.clone()).collect()).unwrap_or_default()
}

/// `openssl verify -attime T -CAfile <Mozilla roots> -untrusted chain.pem chain.pem`, as a user
/// would check the file. `None` when openssl is not installed (said loudly).
fn openssl_verifies(chain_pem: &[u8], at: UnixTime, purpose: &str) -> Option<(bool, String)> {
    openssl_verifies_with(certchain_core::trust::TrustStore::mozilla(), chain_pem, at, purpose)
}

fn openssl_verifies_with(
    store: &certchain_core::trust::TrustStore,
    chain_pem: &[u8],
    at: UnixTime,
    purpose: &str,
) -> Option<(bool, String)> {
    let dir = std::env::temp_dir().join(format!("certchain-completion-{}-{}", std::process::id(), at.0));
    std::fs::create_dir_all(&dir).unwrap();
    let roots: String = store
        .anchors
        .iter()
        .map(|a| pem_rfc7468::encode_string("CERTIFICATE", pem_rfc7468::LineEnding::LF, &a.cert.der).unwrap())
        .collect();
    let (roots_path, chain_path) = (dir.join("mozilla.pem"), dir.join("chain.pem"));
    std::fs::write(&roots_path, roots).unwrap();
    std::fs::write(&chain_path, chain_pem).unwrap();
    let out = Command::new("openssl")
        .args(["verify", "-attime", &at.0.to_string(), "-purpose", purpose, "-CAfile"])
        .arg(&roots_path)
        .arg("-untrusted")
        .arg(&chain_path)
        .arg(&chain_path)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(out) => Some((
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )),
        Err(e) => {
            eprintln!("\n*** SKIPPED: openssl could not run ({e}); the emitted chain was not checked with it ***\n");
            None
        }
    }
}

#[test]
fn a_leaf_alone_is_incomplete_as_supplied_and_completed_with_its_intermediate() {
    let o = options("2025-04-01T00:00:00Z", Purpose::Server);
    let a = analyse(&[fixture("python-org-by-r11.pem")], &o);
    let r = &a.report;
    // What was supplied stays incomplete: the verdict and headline are about it.
    assert_eq!(r.verdict, Verdict::NotValid);
    assert_eq!(r.findings[0].code, Code::MissingIssuer);
    assert_eq!(
        r.findings[0].title,
        "Incomplete as supplied: the intermediate 'R11' is missing (found in certchain's CCADB snapshot)"
    );
    assert!(r.findings[0].detail.contains("found 'R11' in its snapshot"), "{}", r.findings[0].detail);
    assert!(r.findings[0].fix.starts_with("Add 'R11' after your certificate"), "{}", r.findings[0].fix);
    assert_eq!(r.chain.len(), 1, "the supplied chain is not rewritten");
    assert!(r.root.is_none());
    // The completion, apart.
    let c = r.completion.as_ref().unwrap();
    assert_eq!(c.status, CompletionStatus::Completed);
    assert_eq!(added_names(&a), ["R11"]);
    assert_eq!(c.added[0].source, "CCADB snapshot 2026-08-21");
    assert_eq!(c.root.as_ref().unwrap().name, "ISRG Root X1");
    assert_eq!(c.chain.len(), 2);
    let info = r.findings.iter().find(|f| f.code == Code::ChainCompleted).unwrap();
    assert_eq!(info.severity, Severity::Info);
    assert!(info.detail.contains("no revocation status"), "{}", info.detail);

    // The emitted chain is the completed one and verifies with OpenSSL against Mozilla's roots.
    let emitted = emit(&a, &EmitRequest { alias: None, password: None, entropy: [7; 32] });
    let chain = &emitted.file("chain.pem").unwrap().bytes;
    assert_eq!(String::from_utf8_lossy(chain).matches("BEGIN CERTIFICATE").count(), 2);
    assert!(emitted.notes.iter().any(|n| n.contains("'R11' from certchain's CCADB snapshot (2026-08-21)")));
    assert!(emitted.notes.iter().all(|n| !n.starts_with("Trust is not established")), "{:?}", emitted.notes);
    let md = String::from_utf8_lossy(&emitted.file("report.md").unwrap().bytes).to_string();
    assert!(md.contains("## Completed chain (CCADB snapshot 2026-08-21)"), "{md}");
    assert!(md.contains("*added* (CCADB snapshot 2026-08-21)"));
    if let Some((ok, text)) = openssl_verifies(chain, o.at, "sslserver") {
        assert!(ok, "openssl verify: {text}");
    }
}

#[test]
fn two_missing_intermediates_are_both_added_in_order() {
    // Microsoft TLS G2 RSA CA OCSP 02 > Microsoft TLS RSA Root G2 (cross-signed) > DigiCert Global Root G2.
    let o = options("2026-08-01T00:00:00Z", Purpose::Server);
    let a = analyse(&[fixture("bing-by-microsoft-tls-g2-rsa-ca-ocsp-02.pem")], &o);
    assert_eq!(a.report.verdict, Verdict::NotValid);
    assert_eq!(a.report.completion.as_ref().unwrap().status, CompletionStatus::Completed);
    assert_eq!(added_names(&a), ["Microsoft TLS G2 RSA CA OCSP 02", "Microsoft TLS RSA Root G2"]);
    assert_eq!(a.report.completion.as_ref().unwrap().root.as_ref().unwrap().name, "DigiCert Global Root G2");
    let emitted = emit(&a, &EmitRequest { alias: None, password: None, entropy: [7; 32] });
    let chain = &emitted.file("chain.pem").unwrap().bytes;
    assert_eq!(String::from_utf8_lossy(chain).matches("BEGIN CERTIFICATE").count(), 3);
    if let Some((ok, text)) = openssl_verifies(chain, o.at, "sslserver") {
        assert!(ok, "openssl verify: {text}");
    }
}

#[test]
fn the_users_own_intermediate_is_kept_and_only_the_gap_is_filled() {
    let o = options("2026-08-01T00:00:00Z", Purpose::Server);
    let a = analyse(
        &[fixture("bing-by-microsoft-tls-g2-rsa-ca-ocsp-02.pem"), fixture("microsoft-tls-g2-rsa-ca-ocsp-02.pem")],
        &o,
    );
    assert_eq!(a.report.verdict, Verdict::NotValid);
    assert_eq!(a.report.chain.len(), 2, "the supplied path: leaf and its supplied issuer");
    let c = a.report.completion.as_ref().unwrap();
    assert_eq!(added_names(&a), ["Microsoft TLS RSA Root G2"]);
    // The supplied certificates come first, unchanged.
    assert_eq!(c.chain[1].sha256, a.report.chain[1].sha256);
}

#[test]
fn an_issuing_ca_given_alone_is_completed_through_its_intermediate_issuer() {
    let o = options("2026-08-01T00:00:00Z", Purpose::Any);
    let a = analyse(&[fixture("microsoft-tls-g2-rsa-ca-ocsp-02.pem")], &o);
    let c = a.report.completion.as_ref().unwrap();
    assert_eq!(c.status, CompletionStatus::Completed, "{:#?}", a.report.findings);
    assert_eq!(added_names(&a), ["Microsoft TLS RSA Root G2"]);
}

#[test]
fn with_completion_off_the_report_is_as_without_the_snapshot() {
    let mut o = options("2025-04-01T00:00:00Z", Purpose::Server);
    o.complete = false;
    let a = analyse(&[fixture("python-org-by-r11.pem")], &o);
    assert!(a.report.completion.is_none());
    assert!(a.completed.is_none());
    assert!(a.report.findings.iter().all(|f| f.code != Code::ChainCompleted));
    let missing = &a.report.findings[0];
    assert_eq!(missing.code, Code::MissingIssuer);
    assert!(!missing.detail.contains("CCADB"), "{}", missing.detail);
    let emitted = emit(&a, &EmitRequest { alias: None, password: None, entropy: [7; 32] });
    let chain = &emitted.file("chain.pem").unwrap().bytes;
    assert_eq!(String::from_utf8_lossy(chain).matches("BEGIN CERTIFICATE").count(), 1);
}

#[test]
fn a_completed_chain_with_an_expired_leaf_is_shown_but_not_written() {
    // The same leaf after it expired: the completion reaches the root but fails the date check.
    let o = options("2026-01-01T00:00:00Z", Purpose::Server);
    let a = analyse(&[fixture("python-org-by-r11.pem")], &o);
    let c = a.report.completion.as_ref().unwrap();
    assert_eq!(c.status, CompletionStatus::CompletedNotValid);
    assert!(c.findings.iter().any(|f| f.code == Code::Expired));
    assert!(a.completed.is_none());
    assert!(a.report.findings.iter().all(|f| f.code != Code::ChainCompleted));
}

#[test]
fn a_missing_issuer_not_in_the_snapshot_is_called_private_or_undisclosed() {
    // A private CA's leaf (the repository's own example chain), its intermediate left out.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/client.pem");
    let o = options("2026-06-01T00:00:00Z", Purpose::Client);
    let a = analyse(&[Input::new("client.pem", std::fs::read(path).unwrap())], &o);
    let c = a.report.completion.as_ref().unwrap();
    assert_eq!(c.status, CompletionStatus::NotInSnapshot);
    let missing = a.report.findings.iter().find(|f| f.code == Code::MissingIssuer).unwrap();
    assert!(missing.detail.contains("most likely a private or undisclosed CA"), "{}", missing.detail);
    assert!(missing.fix.contains("ask its operator"), "{}", missing.fix);
}

fn shared_dir() -> Option<PathBuf> {
    let base = std::env::var_os("CERTCHAIN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = base.join("realleaves");
    dir.join("index.tsv").exists().then_some(dir)
}

/// Every real leaf of ../shared/realleaves/, alone, at a time inside its validity: completed
/// against the bundled Salesforce store (Mozilla plus JDK roots), the emitted chain verifying
/// with OpenSSL against those roots.
#[test]
fn every_real_leaf_completes() {
    let Some(dir) = shared_dir() else {
        eprintln!(
            "\n!!!!!!!!\n!!! ../shared/realleaves/ is MISSING (set CERTCHAIN_SHARED to the shared folder); only the committed fixtures were tested\n!!!!!!!!\n"
        );
        if std::env::var("CERTCHAIN_ALLOW_MISSING_SHARED").as_deref() == Ok("1") {
            return;
        }
        panic!("../shared/realleaves missing (set CERTCHAIN_ALLOW_MISSING_SHARED=1 to skip)");
    };
    let mut checked = 0;
    for sub in ["", "extra"] {
        let index = std::fs::read_to_string(dir.join(sub).join("index.tsv")).unwrap();
        for line in index.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let (file, not_before, not_after) = (f[0], f[4], f[5]);
            let (start, end) =
                (UnixTime::parse_rfc3339(not_before).unwrap().0, UnixTime::parse_rfc3339(not_after).unwrap().0);
            let at = UnixTime(start + (end - start) / 2);
            let mut o = Options::for_flow(at, None, Some(Purpose::Server));
            o.trust = TrustChoice::Salesforce;
            let bytes = std::fs::read(dir.join(sub).join(file)).unwrap();
            let a = analyze_full(&[Input::new(file, bytes)], &o);
            let c = a.report.completion.as_ref().unwrap_or_else(|| panic!("{file}: no completion"));
            assert_eq!(c.status, CompletionStatus::Completed, "{file}: {:#?}", c.findings);
            assert_eq!(a.report.verdict, Verdict::NotValid, "{file}: the supplied leaf alone is incomplete");
            let emitted = emit(&a, &EmitRequest { alias: None, password: None, entropy: [7; 32] });
            let chain = &emitted.file("chain.pem").unwrap().bytes;
            if let Some((ok, text)) =
                openssl_verifies_with(certchain_core::trust::TrustStore::salesforce(), chain, at, "sslserver")
            {
                assert!(ok, "{file}: openssl verify: {text}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 32);
}
