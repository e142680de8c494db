//! Certificate policy processing (RFC 5280 §6.1, `certchain_core::policy`) on generated chains:
//! one scenario per rule, through `analyze` as a user runs it. The chains come from
//! `tests/fixtures/make-policy-fixtures.sh` (`tests/fixtures/policy/`); `openssl verify
//! -policy_check -policy anyPolicy` gives the same verdict on each (noted per scenario).
#![allow(clippy::unwrap_used)]

use certchain_core::time::UnixTime;
use certchain_core::{Code, Flow, Input, Options, PolicyInputs, Purpose, Report, Severity, TrustChoice, analyze};
use std::path::{Path, PathBuf};

const P1: &str = "1.3.6.1.4.1.55555.7.1";
const P2: &str = "1.3.6.1.4.1.55555.7.2";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/policy")
}

fn pem(name: &str) -> Input {
    let path = dir().join(format!("{name}.pem"));
    Input::new(format!("{name}.pem"), std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn options(purpose: Purpose, policy: PolicyInputs) -> Options {
    let mut o = Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").unwrap());
    o.purpose = purpose;
    // Generic flow: these private roots are the whole question (no "is it on Salesforce's list").
    o.flow = Flow::Generic;
    o.trust = TrustChoice::Custom;
    o.custom_roots = vec![pem("root")];
    o.policy = policy;
    o
}

/// Analyse `leaf` issued through `cas` (leaf's issuer first) with these policy inputs.
fn run_with(leaf: &str, cas: &[&str], purpose: Purpose, policy: PolicyInputs) -> Report {
    let inputs: Vec<Input> = std::iter::once(leaf).chain(cas.iter().copied()).map(pem).collect();
    analyze(&inputs, &options(purpose, policy))
}

fn run(leaf: &str, cas: &[&str], policy: PolicyInputs) -> Report {
    run_with(leaf, cas, Purpose::Any, policy)
}

fn errors(report: &Report) -> Vec<Code> {
    report.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.code).collect()
}

fn violation(report: &Report) -> &certchain_core::Finding {
    report
        .findings
        .iter()
        .find(|f| f.code == Code::PolicyViolation)
        .unwrap_or_else(|| panic!("no policy_violation: {:#?}", report.findings))
}

fn assert_valid(report: &Report) {
    assert!(report.valid && errors(report).is_empty(), "{:#?}", report.findings);
}

fn explicit() -> PolicyInputs {
    PolicyInputs { initial_explicit_policy: true, ..PolicyInputs::default() }
}

fn user(policies: &[&str], explicit: bool) -> PolicyInputs {
    PolicyInputs {
        initial_policy_set: policies.iter().map(|p| p.to_string()).collect(),
        initial_explicit_policy: explicit,
        ..PolicyInputs::default()
    }
}

#[test]
fn require_explicit_policy_in_a_ca() {
    // openssl: OK, error 43, error 43.
    let ok = run("leaf-p1", &["ca-p1-explicit"], PolicyInputs::default());
    assert_valid(&ok);
    assert_eq!(ok.valid_policies, Some(vec![P1.to_string()]));

    let other = run("leaf-p2", &["ca-p1-explicit"], PolicyInputs::default());
    assert_eq!(errors(&other), [Code::PolicyViolation], "{:#?}", other.findings);
    let f = violation(&other);
    assert!(f.detail.contains("'Explicit P1 CA' requires an explicit policy"), "{}", f.detail);
    assert!(f.detail.contains("none of the policies of 'leaf-p2.example.test'"), "{}", f.detail);
    assert_eq!(f.openssl.map(|o| o.code), Some(43));

    let none = run("leaf-nopolicy", &["ca-p1-explicit"], PolicyInputs::default());
    assert_eq!(errors(&none), [Code::PolicyViolation]);
    assert!(violation(&none).detail.contains("has no certificatePolicies extension"), "{}", violation(&none).detail);
    assert_eq!(none.valid_policies, None, "no policy set for an invalid path");
}

#[test]
fn any_policy_ca_and_the_initial_inputs() {
    // Defaults: anyPolicy in the CA lets the leaf's P2 through; the valid set is {P2}.
    let r = run("leaf-any-p2", &["ca-any"], PolicyInputs::default());
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![P2.to_string()]));
    // initial-explicit-policy: P2 is a valid policy, so still valid (openssl -explicit_policy: OK).
    assert_valid(&run("leaf-any-p2", &["ca-any"], explicit()));
    // user-initial-policy-set {P1}: without explicit policy only a warning...
    let r = run("leaf-any-p2", &["ca-any"], user(&[P1], false));
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![]));
    let warning = violation(&r);
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.detail.contains(P1) && warning.detail.contains("--require-explicit-policy"), "{}", warning.detail);
    // ... with it, an error (RFC 5280 §6.1.5 (g)).
    let r = run("leaf-any-p2", &["ca-any"], user(&[P1], true));
    assert_eq!(errors(&r), [Code::PolicyViolation]);
    assert!(violation(&r).detail.contains("not among those you asked for"), "{}", violation(&r).detail);
    assert!(violation(&r).detail.contains("you required an explicit policy"), "{}", violation(&r).detail);
    // {P2, P1}: P2 qualifies.
    let r = run("leaf-any-p2", &["ca-any"], user(&[P1, P2], true));
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![P2.to_string()]));
    // initial-any-policy-inhibit: the CA's anyPolicy no longer stands for P2; nothing is valid,
    // which fails only when an explicit policy is required.
    let inhibit = |explicit| PolicyInputs {
        initial_any_policy_inhibit: true,
        initial_explicit_policy: explicit,
        ..PolicyInputs::default()
    };
    let r = run("leaf-any-p2", &["ca-any"], inhibit(false));
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![]));
    let r = run("leaf-any-p2", &["ca-any"], inhibit(true));
    assert_eq!(errors(&r), [Code::PolicyViolation]);
    assert!(violation(&r).detail.contains("'anyPolicy CA'"), "{}", violation(&r).detail);
}

#[test]
fn policy_mapping_and_its_inhibition() {
    // The CA maps P1 to P2: the leaf's P2 is valid, reported in the anchor's domain as P1.
    let r = run("leaf-map-p2", &["ca-map"], PolicyInputs::default());
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![P1.to_string()]));
    // initial-policy-mapping-inhibit: P1 is deleted at the mapping CA.
    let r = run(
        "leaf-map-p2",
        &["ca-map"],
        PolicyInputs { initial_policy_mapping_inhibit: true, ..PolicyInputs::default() },
    );
    assert_eq!(errors(&r), [Code::PolicyViolation]);
    assert!(violation(&r).detail.contains("policy mapping is inhibited"), "{}", violation(&r).detail);
    // inhibitPolicyMapping 0 in the CA above the mapping CA (openssl: error 43).
    let r = run("leaf-ipm-p2", &["sub-map", "ca-ipm0"], PolicyInputs::default());
    assert_eq!(errors(&r), [Code::PolicyViolation], "{:#?}", r.findings);
    assert!(violation(&r).detail.contains("'Sub Mapping P1 to P2 CA' maps policies"), "{}", violation(&r).detail);
}

#[test]
fn mapping_any_policy_is_error_42() {
    let r = run("leaf-map-any", &["ca-map-any"], PolicyInputs::default());
    assert_eq!(errors(&r), [Code::PolicyViolation]);
    let f = violation(&r);
    assert!(f.title.contains("'Mapping anyPolicy CA' maps anyPolicy"), "{}", f.title);
    assert_eq!(f.openssl.map(|o| (o.code, o.name)), Some((42, "X509_V_ERR_INVALID_POLICY_EXTENSION")));
}

#[test]
fn inhibit_any_policy_in_a_ca() {
    // inhibitAnyPolicy 0: the leaf's own anyPolicy does not count (openssl: error 43), an
    // explicit P1 under the CA's anyPolicy does (openssl: OK).
    let r = run("leaf-iap-any", &["ca-iap0"], PolicyInputs::default());
    assert_eq!(errors(&r), [Code::PolicyViolation]);
    assert!(violation(&r).detail.contains("inhibitAnyPolicy"), "{}", violation(&r).detail);
    let r = run("leaf-iap-p1", &["ca-iap0"], PolicyInputs::default());
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![P1.to_string()]));
}

#[test]
fn policy_extensions_are_understood() {
    // Critical policyMappings, policyConstraints and inhibitAnyPolicy are processed, not
    // "unknown critical extensions".
    for (leaf, cas) in
        [("leaf-map-p2", &["ca-map"][..]), ("leaf-iap-p1", &["ca-iap0"]), ("leaf-p1", &["ca-p1-explicit"])]
    {
        let r = run(leaf, cas, PolicyInputs::default());
        assert!(!r.findings.iter().any(|f| f.code == Code::UnknownCriticalExtension), "{leaf}: {:#?}", r.findings);
    }
}

#[test]
fn non_critical_policy_constraints_is_an_issuance_rule_and_still_applies() {
    // RFC 5280 §4.2.1.11 MUST be critical; OpenSSL accepts it (openssl: OK), pyca/cryptography and
    // x509-limbo reject it: a warning naming who enforces it, whatever the purpose.
    for purpose in [Purpose::Client, Purpose::Server] {
        let r = run_with("leaf-pcnc", &["ca-pc-noncritical"], purpose, PolicyInputs::default());
        assert_valid(&r);
        let f = r.findings.iter().find(|f| f.code == Code::IssuanceRule).expect("an issuance_rule warning");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.detail.contains("policyConstraints") && f.detail.contains("pyca/cryptography"), "{}", f.detail);
    }
    // Its requireExplicitPolicy still applies.
    assert_eq!(
        run_with("leaf-pcnc", &["ca-pc-noncritical"], Purpose::Client, user(&[P2], false))
            .findings
            .iter()
            .find(|f| f.code == Code::PolicyViolation)
            .map(|f| f.severity),
        Some(Severity::Error)
    );
}

#[test]
fn the_anchor_takes_no_part() {
    // RFC 5280 §6.1: the trust anchor's extensions are not processed. With the anyPolicy CA as
    // the anchor, the leaf's P2 enters straight from the graph's anyPolicy root.
    let mut o = options(Purpose::Any, PolicyInputs::default());
    o.custom_roots = vec![pem("ca-any")];
    let r = analyze(&[pem("leaf-any-p2")], &o);
    assert_valid(&r);
    assert_eq!(r.valid_policies, Some(vec![P2.to_string()]));
    // And with the explicit-policy CA as the anchor, its requireExplicitPolicy does not apply.
    o.custom_roots = vec![pem("ca-p1-explicit")];
    assert_valid(&analyze(&[pem("leaf-nopolicy")], &o));
}
