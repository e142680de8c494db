//! The Salesforce-aware findings (`crate::salesforce`): client_auth_cutover, upload_lint, csr_flow.
//!
//! The scenarios are the generated fixtures under `tests/fixtures/codes/` (made by
//! `tests/fixtures/make-salesforce-code-fixtures.sh`). `client_auth_cutover` cannot be produced by
//! `analyze` on a generated chain — no test certificate can be signed by a real public root — so
//! its scenario proves `analyze` does *not* claim it, and the tests here feed the same chain to
//! the decision function with a trust lookup that reports the scenario's test root as public.

use certchain_core::cert::Cert;
use certchain_core::salesforce::{CABF_CUTOVER, FIRST_CA_CUTOVER, client_auth_cutover};
use certchain_core::time::UnixTime;
use certchain_core::trust::Tier;
use certchain_core::{Code, Flow, Input, Options, Purpose, Severity, TrustChoice, analyze, analyze_full};
use std::path::{Path, PathBuf};

fn codes_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes").join(name)
}

fn input(dir: &Path, file: &str) -> Input {
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("read {}/{file}: {e}", dir.display()));
    Input::new(file, bytes)
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").expect("a valid time")
}

/// Options trusting the scenario's own root.
fn options(dir: &Path, purpose: Purpose, flow: Flow) -> Options {
    let mut options = Options::new(at());
    options.purpose = purpose;
    options.flow = flow;
    options.trust = TrustChoice::Custom;
    options.custom_roots = vec![input(dir, "root.pem")];
    options
}

/// The leaf and trust anchor of the client_auth_cutover scenario.
fn cutover_chain() -> (Cert, Cert) {
    let dir = codes_dir("client_auth_cutover");
    let analysis = analyze_full(&[input(&dir, "chain.pem")], &options(&dir, Purpose::Client, Flow::Inbound));
    let leaf = analysis.verification.chain.first().cloned().expect("the scenario has a leaf");
    let root = analysis.verification.anchor.as_ref().map(|a| a.cert.clone()).expect("the chain reaches its test root");
    (leaf, root)
}

#[test]
fn dates_of_the_cutover() {
    assert_eq!(FIRST_CA_CUTOVER.to_rfc3339(), "2026-05-01T00:00:00Z");
    assert_eq!(CABF_CUTOVER.to_rfc3339(), "2026-06-15T00:00:00Z");
}

#[test]
fn cutover_public_root_without_client_auth() {
    let dir = codes_dir("client_auth_cutover");
    let (leaf, root) = cutover_chain();
    let public = |c: &Cert| (c.sha256 == root.sha256).then_some(Tier::JdkAndMozilla);
    let finding = client_auth_cutover(&leaf, Some(&root), &options(&dir, Purpose::Client, Flow::Inbound), public)
        .expect("a public root and a serverAuth-only leaf used as a client certificate");
    assert_eq!(finding.code, Code::ClientAuthCutover);
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.certs, vec![leaf.sha256.clone(), root.sha256.clone()]);
    assert!(finding.title.contains("tls-only.example.test"), "{}", finding.title);
    // The leaf was issued 2026-05-20, after DigiCert's cutover.
    assert!(finding.detail.contains("issued on 2026-05-20, after public CAs"), "{}", finding.detail);
    assert!(finding.detail.contains("serverAuth") && finding.detail.contains("Certchain Salesforce Test Root"));
    assert!(finding.fix.contains("private CA") && finding.fix.contains("client"), "{}", finding.fix);
    assert_eq!(finding.openssl.map(|o| o.code), Some(26));

    // Any public tier counts; the wording says which list holds the root.
    let mozilla = |c: &Cert| (c.sha256 == root.sha256).then_some(Tier::MozillaOnly);
    let f = client_auth_cutover(&leaf, Some(&root), &options(&dir, Purpose::Client, Flow::Inbound), mozilla).unwrap();
    assert!(f.detail.contains("in Mozilla's store)"), "{}", f.detail);
    // Inbound with purpose any is still a client certificate.
    assert!(client_auth_cutover(&leaf, Some(&root), &options(&dir, Purpose::Any, Flow::Inbound), public).is_some());
}

#[test]
fn cutover_not_claimed_when_it_does_not_apply() {
    let dir = codes_dir("client_auth_cutover");
    let (leaf, root) = cutover_chain();
    let public = |c: &Cert| (c.sha256 == root.sha256).then_some(Tier::JdkAndMozilla);
    let client = options(&dir, Purpose::Client, Flow::Inbound);
    // A private root (what analyze() sees for this fixture), or a user-supplied one.
    assert!(client_auth_cutover(&leaf, Some(&root), &client, |_| None).is_none());
    assert!(client_auth_cutover(&leaf, Some(&root), &client, |_| Some(Tier::Custom)).is_none());
    // No trust anchor reached: nothing is known about the root.
    assert!(client_auth_cutover(&leaf, None, &client, public).is_none());
    // Used as a server certificate: serverAuth is what it needs.
    assert!(client_auth_cutover(&leaf, Some(&root), &options(&dir, Purpose::Server, Flow::Outbound), public).is_none());
    assert!(client_auth_cutover(&leaf, Some(&root), &options(&dir, Purpose::Any, Flow::Generic), public).is_none());
    // A leaf that has clientAuth (the valid_chain scenario's leaf).
    let ok_dir = codes_dir("valid_chain");
    let ok = analyze_full(&[input(&ok_dir, "chain.pem")], &options(&ok_dir, Purpose::Client, Flow::Inbound));
    let ok_leaf = ok.verification.chain.first().unwrap();
    let ok_root = &ok.verification.anchor.as_ref().unwrap().cert;
    assert!(client_auth_cutover(ok_leaf, Some(ok_root), &client, |_| Some(Tier::JdkAndMozilla)).is_none());
    // And analyze() itself, with the real snapshot lookup, does not claim it for the private root.
    let report = analyze(&[input(&dir, "chain.pem")], &client);
    assert!(report.findings.iter().any(|f| f.code == Code::EkuMissingClientAuth));
    assert!(!report.findings.iter().any(|f| f.code == Code::ClientAuthCutover));
}

#[test]
fn cutover_leaf_issued_before_the_cutover() {
    let dir = codes_dir("eku_missing_client_auth");
    let analysis = analyze_full(&[input(&dir, "chain.pem")], &options(&dir, Purpose::Client, Flow::Inbound));
    let leaf = analysis.verification.chain.first().unwrap();
    let root = &analysis.verification.anchor.as_ref().unwrap().cert;
    assert!(leaf.not_before < FIRST_CA_CUTOVER);
    let f =
        client_auth_cutover(leaf, Some(root), &options(&dir, Purpose::Client, Flow::Inbound), |_| Some(Tier::JdkOnly))
            .unwrap();
    assert!(f.detail.contains("before the cutover") && f.detail.contains("renewal will not have it"), "{}", f.detail);
}

#[test]
fn upload_lint_names_the_file_and_what_to_remove() {
    let dir = codes_dir("upload_lint");
    let report = analyze(&[input(&dir, "upload.pem")], &options(&dir, Purpose::Client, Flow::Inbound));
    let lint: Vec<_> = report.findings.iter().filter(|f| f.code == Code::UploadLint).collect();
    assert_eq!(lint.len(), 1, "{:#?}", report.findings);
    let f = lint[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.title.contains("upload.pem") && f.title.contains("Upload Mutual Authentication Certificate"),
        "{}",
        f.title
    );
    assert!(f.detail.contains("private key") && f.detail.contains("fine for `curl -E`"), "{}", f.detail);
    assert!(f.detail.contains("'Certchain Salesforce Test Intermediate' is in it 2 times"), "{}", f.detail);
    assert!(
        f.detail.contains("'Certchain Unrelated CA'") && f.detail.contains("not part of this chain"),
        "{}",
        f.detail
    );
    assert!(f.detail.contains("not in chain order"), "{}", f.detail);
    assert!(f.fix.starts_with("Before uploading upload.pem: remove"), "{}", f.fix);
    assert!(
        f.fix.contains("'upload.example.test' → 'Certchain Salesforce Test Intermediate'"),
        "the fix gives the order: {}",
        f.fix
    );
    // The chain itself is fine: a warning, the verdict stays valid.
    assert!(report.valid);
    assert_eq!(report.findings[0].code, Code::ValidChain);
}

#[test]
fn upload_lint_quiet_for_clean_files_and_other_flows() {
    // leaf + intermediate in chain.pem, key in its own file: nothing to lint.
    let dir = codes_dir("valid_chain");
    let inputs = [input(&dir, "chain.pem"), input(&dir, "leaf.key")];
    let report = analyze(&inputs, &options(&dir, Purpose::Client, Flow::Inbound));
    assert!(!report.findings.iter().any(|f| f.code == Code::UploadLint), "{:#?}", report.findings);
    // Outbound: the server's files are not uploaded to Salesforce.
    let dir = codes_dir("upload_lint");
    let report = analyze(&[input(&dir, "upload.pem")], &options(&dir, Purpose::Server, Flow::Outbound));
    assert!(!report.findings.iter().any(|f| f.code == Code::UploadLint));
    // CSR flow: the key is called out as Salesforce's to hold.
    let report = analyze(&[input(&dir, "upload.pem")], &options(&dir, Purpose::Any, Flow::CsrUpload));
    let f = report.findings.iter().find(|f| f.code == Code::UploadLint).expect("lint in the CSR flow");
    assert!(f.title.contains("Upload Signed Certificate"));
    assert!(f.detail.contains("Salesforce already holds the key of its CSR"), "{}", f.detail);
}

#[test]
fn csr_flow_accepts_a_matching_complete_answer() {
    let dir = codes_dir("csr_flow");
    let inputs = [input(&dir, "signed.pem"), input(&dir, "request.csr")];
    let report = analyze(&inputs, &options(&dir, Purpose::Any, Flow::CsrUpload));
    let f = report.findings.iter().find(|f| f.code == Code::CsrFlow).expect("csr_flow verdict");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.title.contains("should accept 'sfdc_callout_cert'"), "{}", f.title);
    assert!(
        f.detail.contains("same public key as the CSR (request.csr") && f.detail.contains("Upload signed.pem"),
        "{}",
        f.detail
    );
    assert!(f.detail.contains("'Certchain Salesforce Test Root' (root)"), "{}", f.detail);
    assert!(f.fix.contains("Upload Signed Certificate and upload signed.pem"), "{}", f.fix);
    assert!(report.valid);
}

#[test]
fn csr_flow_spread_over_files_says_to_combine() {
    let dir = codes_dir("csr_flow");
    let signed = std::fs::read_to_string(dir.join("signed.pem")).unwrap();
    let split = signed
        .find("-----BEGIN CERTIFICATE-----\n")
        .and_then(|first| signed[first + 1..].find("-----BEGIN CERTIFICATE-----").map(|second| first + 1 + second));
    let split = split.expect("signed.pem holds two certificates");
    let inputs = [
        Input::new("leaf.pem", &signed.as_bytes()[..split]),
        Input::new("intermediate.pem", &signed.as_bytes()[split..]),
        input(&dir, "request.csr"),
    ];
    let report = analyze(&inputs, &options(&dir, Purpose::Any, Flow::CsrUpload));
    let f = report.findings.iter().find(|f| f.code == Code::CsrFlow).unwrap();
    assert!(f.detail.contains("`cat leaf.pem intermediate.pem > chain.pem`"), "{}", f.detail);

    // Without the intermediate the chain is incomplete: an error before the user tries.
    let report = analyze(
        &inputs[..1].iter().chain(&inputs[2..]).cloned().collect::<Vec<_>>(),
        &options(&dir, Purpose::Any, Flow::CsrUpload),
    );
    let f = report.findings.iter().find(|f| f.code == Code::CsrFlow).unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.title.contains("chain is incomplete"), "{}", f.title);
    assert!(f.detail.contains("Certchain Salesforce Test Intermediate"), "{}", f.detail);
    assert!(!report.findings.iter().any(|f| f.code == Code::ValidChain));
}

#[test]
fn csr_flow_refuses_a_certificate_for_another_key() {
    let dir = codes_dir("csr_mismatch");
    let inputs = [input(&dir, "chain.pem"), input(&dir, "request.csr")];
    let report = analyze(&inputs, &options(&dir, Purpose::Any, Flow::CsrUpload));
    let f = report.findings.iter().find(|f| f.code == Code::CsrFlow).expect("csr_flow verdict");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.title.starts_with("Upload Signed Certificate will refuse it"), "{}", f.title);
    assert!(f.detail.contains("checked 'client.example.test'"), "{}", f.detail);
    // The valid_chain headline is withdrawn when a Salesforce finding is an error.
    assert!(!report.findings.iter().any(|f| f.code == Code::ValidChain));
    // Not in other flows.
    let report = analyze(&inputs, &options(&dir, Purpose::Client, Flow::Inbound));
    assert!(!report.findings.iter().any(|f| f.code == Code::CsrFlow));
}

#[test]
fn upload_lint_names_a_csr_in_the_upload_file() {
    let dir = codes_dir("csr_flow");
    let mut bytes = std::fs::read(dir.join("signed.pem")).expect("signed.pem");
    bytes.extend(std::fs::read(dir.join("request.csr")).expect("request.csr"));
    let report = analyze(&[Input::new("answer and request.pem", bytes)], &options(&dir, Purpose::Any, Flow::CsrUpload));
    let f = report.findings.iter().find(|f| f.code == Code::UploadLint).expect("the CSR is linted");
    assert!(f.detail.contains("the CSR for 'CN=sfdc_callout_cert,O=Acme'"), "{}", f.detail);
    assert!(f.fix.starts_with("Before uploading answer and request.pem: remove the CSR"), "{}", f.fix);
    // The CSR in the same file still answers the verdict.
    let verdict = report.findings.iter().find(|f| f.code == Code::CsrFlow).expect("csr_flow");
    assert_eq!(verdict.severity, Severity::Info);
}
