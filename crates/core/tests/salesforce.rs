//! The Salesforce-aware findings (`crate::salesforce`): client_auth_cutover, upload_lint, csr_flow.
//!
//! The scenarios are the generated fixtures under `tests/fixtures/codes/` (made by
//! `tests/fixtures/make-salesforce-code-fixtures.sh`). `client_auth_cutover` cannot be produced by
//! `analyze` on a generated chain — no test certificate can be signed by a real public root — so
//! its scenario proves `analyze` does *not* claim it, and the tests here feed the same chain to
//! the decision function with a trust lookup that reports the scenario's test root as public.

use certchain_core::cert::Cert;
use certchain_core::salesforce::{client_auth_cutover, cutover_status};
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

/// Options trusting the scenario's root as the org's own list: a chain that passes is then valid in
/// a Salesforce flow (as a custom root it would be "cannot confirm", see tests/verdict.rs).
fn org_list_options(dir: &Path, purpose: Purpose, flow: Flow) -> Options {
    let mut options = options(dir, purpose, flow);
    options.trust = TrustChoice::OrgList;
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

fn at_day(day: &str) -> UnixTime {
    UnixTime::parse_rfc3339(&format!("{day}T00:00:00Z")).expect("a valid day")
}

/// The cutover finding at `day` for the scenario's leaf, its root reported as public.
fn cutover_at(day: &str) -> certchain_core::Finding {
    let dir = codes_dir("client_auth_cutover");
    let (leaf, root) = cutover_chain();
    let mut opts = options(&dir, Purpose::Client, Flow::Inbound);
    opts.at = at_day(day);
    client_auth_cutover(&leaf, Some(&root), &opts, |c: &Cert| (c.sha256 == root.sha256).then_some(Tier::JdkAndMozilla))
        .expect("a public root and a serverAuth-only leaf")
}

#[test]
fn cutover_names_chromes_rule_in_the_tense_of_the_analysis_time() {
    // 2026-12-04: Chrome's leaf date is ahead, DigiCert and Sectigo still add clientAuth on request.
    let f = cutover_at("2026-12-04");
    assert!(f.detail.contains("Chrome Root Program"), "{}", f.detail);
    assert!(
        f.detail.contains("public TLS certificates issued from 2027-03-15 to leave clientAuth out"),
        "{}",
        f.detail
    );
    assert!(f.detail.contains("on request until 2027-03-01"), "{}", f.detail);
    assert!(f.detail.contains("until 2027-02-10"), "{}", f.detail);
    assert!(
        f.detail.contains("Let's Encrypt has issued no certificate with clientAuth since 2026-07-08"),
        "{}",
        f.detail
    );
    assert!(f.detail.contains("a renewal from some CAs can still carry clientAuth"), "{}", f.detail);
    assert!(!f.detail.contains("CA/Browser Forum"), "{}", f.detail);
    assert!(!f.detail.contains("2026-06-15"), "the subordinate-CA date is not the leaf date: {}", f.detail);

    // 2027-06-01: every date has passed, and the text says so.
    let f = cutover_at("2027-06-01");
    assert!(f.detail.contains("Since 2027-03-15 the Chrome Root Program (policy 1.8) has required"), "{}", f.detail);
    assert!(f.detail.contains("DigiCert stopped including clientAuth"), "{}", f.detail);
    assert!(f.detail.contains("Sectigo stopped including clientAuth"), "{}", f.detail);
    assert!(f.detail.contains("will not bring clientAuth back"), "{}", f.detail);
    assert!(!f.detail.contains(" until 20"), "no future tense left: {}", f.detail);

    // The same words the finding uses, straight from the facts table.
    assert!(f.detail.ends_with(&cutover_status(at_day("2027-06-01"))));
}

#[test]
fn cutover_fix_offers_what_salesforce_allows() {
    let f = cutover_at("2026-12-04");
    assert!(f.fix.contains("/cacerts.jsp"), "{}", f.fix);
    assert!(f.fix.contains("support case") && f.fix.contains("Mozilla") && f.fix.contains("Federal PKI"), "{}", f.fix);
    assert!(f.fix.contains("no promise"), "{}", f.fix);
    assert!(!f.fix.contains("add to your org's trusted roots"), "{}", f.fix);
    assert!(!f.fix.contains("whose root you add"), "{}", f.fix);
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
    assert!(finding.detail.contains("It was issued on 2026-05-20."), "{}", finding.detail);
    assert!(finding.detail.contains("serverAuth") && finding.detail.contains("Certchain Salesforce Test Root"));
    assert!(finding.fix.contains("private CA") && finding.fix.contains("client authentication"), "{}", finding.fix);
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
    let f =
        client_auth_cutover(leaf, Some(root), &options(&dir, Purpose::Client, Flow::Inbound), |_| Some(Tier::JdkOnly))
            .unwrap();
    // At 2026-06-01 the dates are mostly ahead: no claim that a renewal cannot bring clientAuth back.
    assert!(f.detail.contains("It was issued on"), "{}", f.detail);
    assert!(f.detail.contains("a renewal from some CAs can still carry clientAuth"), "{}", f.detail);
    assert!(!f.detail.contains("will not bring clientAuth back"), "{}", f.detail);
}

#[test]
fn upload_lint_names_the_file_and_what_to_remove() {
    let dir = codes_dir("upload_lint");
    let report = analyze(&[input(&dir, "upload.pem")], &org_list_options(&dir, Purpose::Client, Flow::Inbound));
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
    let report = analyze(&inputs, &org_list_options(&dir, Purpose::Any, Flow::CsrUpload));
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

#[test]
fn key_mismatch_says_what_each_client_does() {
    use certchain_core::findings::catalogue;
    let entry = catalogue::entry(Code::KeyMismatch);
    // The texts each client really prints (reproduced with OpenSSL 3.0, curl 7.88, Python 3.11, Java 17).
    for words in [
        "curl: (58) unable to set private key file",
        "error setting private key",
        "[X509: KEY_VALUES_MISMATCH] key values mismatch",
        "Received fatal alert: decrypt_error",
    ] {
        assert!(entry.explanation.contains(words), "explanation lacks {words:?}");
    }
    assert!(!entry.explanation.contains("silently"), "{}", entry.explanation);
    let inbound = catalogue::fix(Code::KeyMismatch, Flow::Inbound);
    for words in ["error 58", "openssl s_client", "load_cert_chain", "Java", "--cert client.pem --key client.key"] {
        assert!(inbound.contains(words), "inbound fix lacks {words:?}: {inbound}");
    }
}

#[test]
fn expiring_client_certificate_says_by_when_to_upload_the_replacement() {
    let dir = codes_dir("valid_chain");
    let mut opts = options(&dir, Purpose::Client, Flow::Inbound);
    opts.at = at_day("2029-12-20");
    let report = analyze(&[input(&dir, "chain.pem")], &opts);
    let leaf = report.chain.first().expect("a leaf").sha256.clone();
    let f = report
        .findings
        .iter()
        .find(|f| f.code == Code::ExpiringSoon && f.certs.first() == Some(&leaf))
        .unwrap_or_else(|| panic!("no expiring_soon for the leaf: {:#?}", report.findings));
    assert!(
        f.detail.contains("Upload its replacement under Mutual Authentication Certificates")
            && f.detail.contains("before 2030-01-01"),
        "{}",
        f.detail
    );
    // In 2029 the schedule's last step applies.
    assert!(f.detail.contains("at most 47 days"), "{}", f.detail);
    // Outbound says it in the server's words.
    let mut out = options(&dir, Purpose::Any, Flow::Outbound);
    out.at = at_day("2029-12-20");
    let report = analyze(&[input(&dir, "chain.pem")], &out);
    let f = report.findings.iter().find(|f| f.code == Code::ExpiringSoon && f.certs.first() == Some(&leaf)).unwrap();
    assert!(f.detail.contains("Install the renewed certificate on your server before 2030-01-01"), "{}", f.detail);
}
