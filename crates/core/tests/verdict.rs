//! The report's three-way verdict (`valid` / `not_valid` / `cannot_confirm`) and how the chain's
//! root stands against Salesforce's trust store decides it.
//!
//! The chains are the repository's example PKI (`examples/`: a private root, an intermediate and
//! a client certificate) and the per-code fixtures under `tests/fixtures/codes/`.

use certchain_core::report::Verdict;
use certchain_core::time::UnixTime;
use certchain_core::trust::{Tier, snapshot_certificate, snapshot_roots};
use certchain_core::{Code, Finding, Flow, Input, Options, Purpose, Report, Severity, TrustChoice, analyze};
use std::path::{Path, PathBuf};

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

fn input(relative: &str) -> Input {
    let path = repo(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Input::new(relative, bytes)
}

/// Within the example certificates' validity.
fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").expect("a valid time")
}

/// The example chain, trusting the example's private root ("My own roots").
fn private_root_options(flow: Flow) -> Options {
    let mut options = Options::new(at());
    options.flow = flow;
    options.purpose = flow.default_purpose();
    options.trust = TrustChoice::Custom;
    options.custom_roots = vec![input("examples/root.pem")];
    options
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn verdict_serializes_snake_case_and_valid_follows_it() {
    for (verdict, name) in
        [(Verdict::Valid, "valid"), (Verdict::NotValid, "not_valid"), (Verdict::CannotConfirm, "cannot_confirm")]
    {
        assert_eq!(serde_json::to_value(verdict).expect("serializes"), name);
        assert_eq!(verdict.as_str(), name);
    }
    let report = analyze(&[input("examples/chain.pem")], &private_root_options(Flow::Generic));
    let json = serde_json::to_value(&report).expect("serializes");
    assert_eq!(json["verdict"], "valid");
    assert_eq!(json["valid"], true);
    assert_eq!(json["findings"][0]["cannot_confirm"], false);
}

#[test]
fn a_flagged_finding_makes_a_passing_chain_cannot_confirm_and_never_not_valid() {
    let plain = Finding::new(Code::ExpiringSoon, Flow::Inbound, Vec::new(), "t", "d");
    let flagged = Finding::new(Code::CrlProblem, Flow::Inbound, Vec::new(), "t", "d").unconfirmed();
    assert!(flagged.cannot_confirm && !plain.cannot_confirm);
    assert_eq!(Verdict::decide(true, std::slice::from_ref(&plain)), Verdict::Valid);
    assert_eq!(Verdict::decide(true, &[plain.clone(), flagged.clone()]), Verdict::CannotConfirm);
    // A failed chain stays not valid whatever else is unconfirmed.
    assert_eq!(Verdict::decide(false, &[flagged]), Verdict::NotValid);
    assert_eq!(Verdict::decide(false, &[]), Verdict::NotValid);
}

#[test]
fn generic_flow_with_own_roots_is_plain_valid() {
    let report = analyze(&[input("examples/chain.pem")], &private_root_options(Flow::Generic));
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", codes(&report));
    assert!(report.valid);
    assert_eq!(report.findings[0].code, Code::ValidChain);
    assert!(report.findings[0].title.starts_with("The chain is valid"), "{}", report.findings[0].title);
    assert!(report.cannot_confirm_reasons().next().is_none());
}

#[test]
fn missing_intermediate_is_not_valid() {
    // The leaf alone, its intermediate absent: no path.
    let report = analyze(&[input("examples/client.pem")], &private_root_options(Flow::Generic));
    assert_eq!(report.verdict, Verdict::NotValid, "{:?}", codes(&report));
    assert!(!report.valid);
    assert_eq!(report.findings[0].severity, Severity::Error);
}

#[test]
fn no_certificate_is_not_valid() {
    let report = analyze(&[Input::new("empty.txt", b"nothing here".to_vec())], &private_root_options(Flow::Inbound));
    assert_eq!(report.verdict, Verdict::NotValid);
    assert!(!report.valid);
}

/// The example chain (client certificate for inbound), trusting the example's private root, checked
/// for any purpose so every Salesforce flow applies.
fn private_root_any(flow: Flow) -> Options {
    let mut options = private_root_options(flow);
    options.purpose = Purpose::Any;
    options
}

#[test]
fn private_root_in_a_salesforce_flow_is_never_headlined_valid() {
    for flow in [Flow::Inbound, Flow::Outbound, Flow::CsrUpload, Flow::Keystore] {
        // With its key: the keystore flow would otherwise lead with "no private key".
        let report = analyze(&[input("examples/chain.pem"), input("examples/client.key")], &private_root_any(flow));
        assert_eq!(report.verdict, Verdict::CannotConfirm, "{flow:?}: {:?}", codes(&report));
        assert!(!report.valid, "{flow:?}");
        let headline = &report.findings[0];
        assert_eq!(headline.code, Code::NotInSalesforceStore, "{flow:?}: {:?}", codes(&report));
        assert!(headline.cannot_confirm);
        assert!(headline.title.starts_with("Valid against your roots"), "{flow:?}: {}", headline.title);
        assert!(headline.title.contains("/cacerts.jsp"), "{}", headline.title);
        assert!(headline.detail.contains("--org-list"), "{}", headline.detail);
        // Never the plain "The chain is valid" anywhere in the report.
        assert!(!report.findings.iter().any(|f| f.code == Code::ValidChain), "{flow:?}: {:?}", codes(&report));
        assert_eq!(report.cannot_confirm_reasons().count(), 1);
    }
}

#[test]
fn the_client_flow_default_purpose_also_gets_the_salesforce_headline() {
    // `scripts/run`'s example: inbound, the client certificate and its private root.
    let report = analyze(&[input("examples/chain.pem")], &private_root_options(Flow::Inbound));
    assert_eq!(report.verdict, Verdict::CannotConfirm, "{:?}", codes(&report));
    assert!(report.findings[0].title.contains("Salesforce will accept it only if the root"));
}

/// A snapshot root whose certificate is bundled and valid at `at()`, in `tier`, as an input.
fn snapshot_root_input(tier: Tier) -> (Input, &'static str) {
    let root = snapshot_roots()
        .iter()
        .filter(|r| r.tier == tier && r.has_certificate)
        .find(|r| {
            let cert = snapshot_certificate(r).expect("bundled");
            cert.not_before.0 < at().0 && at().0 < cert.not_after.0 && !cert.sha256.is_empty()
        })
        .unwrap_or_else(|| panic!("the snapshot has a current {tier:?} root"));
    let cert = snapshot_certificate(root).expect("bundled");
    (Input::new(format!("{}.der", root.alias), cert.der.clone()), root.alias)
}

/// The root alone, checked for any purpose against the estimated Salesforce store in `flow`.
fn estimate_options(flow: Flow) -> Options {
    let mut options = Options::new(at());
    options.flow = flow;
    options.purpose = Purpose::Any;
    options.trust = TrustChoice::Salesforce;
    options
}

#[test]
fn jdk_only_root_cannot_be_confirmed_and_says_to_import_the_org_list() {
    let (root, alias) = snapshot_root_input(Tier::JdkOnly);
    let report = analyze(&[root], &estimate_options(Flow::Inbound));
    assert_eq!(report.verdict, Verdict::CannotConfirm, "{alias}: {:?}", codes(&report));
    let headline = &report.findings[0];
    assert_eq!(headline.code, Code::NotInSalesforceStore);
    assert!(headline.cannot_confirm);
    assert!(headline.title.contains("not confirmed") || headline.title.contains("Not confirmed"), "{}", headline.title);
    assert!(headline.title.contains("jdk_only"), "{}", headline.title);
    assert!(headline.title.contains("import your org's /cacerts.jsp"), "{}", headline.title);
    // Neither a guess that it passes nor that Salesforce rejects it.
    assert!(!headline.detail.contains("most likely"), "{}", headline.detail);
}

#[test]
fn mozilla_only_root_names_its_tier_and_cannot_be_confirmed() {
    let (root, alias) = snapshot_root_input(Tier::MozillaOnly);
    let report = analyze(&[root], &estimate_options(Flow::Outbound));
    assert_eq!(report.verdict, Verdict::CannotConfirm, "{alias}: {:?}", codes(&report));
    let headline = &report.findings[0];
    assert_eq!(headline.code, Code::NotInSalesforceStore);
    assert!(headline.title.contains("mozilla_only"), "{}", headline.title);
    assert!(headline.detail.contains("tier mozilla_only"), "{}", headline.detail);
}

#[test]
fn root_in_both_lists_is_valid_and_the_verdict_names_its_tier_and_the_estimate() {
    let (root, alias) = snapshot_root_input(Tier::JdkAndMozilla);
    let report = analyze(&[root], &estimate_options(Flow::Inbound));
    assert_eq!(report.verdict, Verdict::Valid, "{alias}: {:?}", codes(&report));
    let headline = &report.findings[0];
    assert_eq!(headline.code, Code::ValidChain);
    assert!(headline.detail.contains("tier jdk_and_mozilla"), "{}", headline.detail);
    assert!(headline.detail.contains("estimated from Mozilla + Java cacerts"), "{}", headline.detail);
    assert!(headline.detail.contains(&format!("`{alias}`")), "{}", headline.detail);
}

#[test]
fn generic_check_against_the_estimate_still_names_the_tier() {
    let (root, _) = snapshot_root_input(Tier::JdkOnly);
    let report = analyze(&[root], &estimate_options(Flow::Generic));
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", codes(&report));
    assert!(report.findings[0].detail.contains("tier jdk_only"), "{}", report.findings[0].detail);
}

#[test]
fn the_default_store_is_labelled_an_estimate_with_the_snapshot_date() {
    let report = analyze(&[input("examples/chain.pem")], &estimate_options(Flow::Inbound));
    let store = &report.trust_store;
    let date = &certchain_core::trust::snapshot_provenance().snapshot_date;
    assert!(!date.is_empty());
    assert_eq!(store.name, format!("Salesforce — estimated from Mozilla + Java cacerts, {date}"));
    assert!(store.estimate);
    assert!(store.source.starts_with("an estimate"), "{}", store.source);
    assert_eq!(certchain_core::trust::snapshot_date(), date);
    let json = serde_json::to_value(&report).expect("serializes");
    assert_eq!(json["trust_store"]["estimate"], true);
    // Other stores are not estimates.
    let custom = analyze(&[input("examples/chain.pem")], &private_root_options(Flow::Inbound));
    assert!(!custom.trust_store.estimate);
}

#[test]
fn the_org_list_gives_the_verdict_itself() {
    // The example root on the org's list: plain valid, no Salesforce caveat.
    let mut options = private_root_options(Flow::Inbound);
    options.trust = TrustChoice::OrgList;
    let report = analyze(&[input("examples/chain.pem")], &options);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", codes(&report));
    assert!(report.findings[0].title.contains("valid against your org's list"), "{}", report.findings[0].title);
}
