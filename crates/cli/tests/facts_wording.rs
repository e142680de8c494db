//! The dated facts reach the user in the tense of the analysis time (`--at`): the clientAuth
//! cutover on a real public certificate without clientAuth (`tests/fixtures/real/public-serveronly/`).

use serde_json::Value;
use std::process::Command;

fn repo(relative: &str) -> String {
    format!("{}/../../{relative}", env!("CARGO_MANIFEST_DIR"))
}

/// The `client_auth_cutover` finding of `certchain analyze --json` at `at`.
fn cutover_at(at: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .args(["analyze", "--json", "--at", at, &repo("tests/fixtures/real/public-serveronly/chain.pem")])
        .output()
        .expect("run certchain");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "client_auth_cutover")
        .cloned()
        .unwrap_or_else(|| panic!("no client_auth_cutover at {at}: {report:#}"))
}

#[test]
fn cutover_in_december_2026_names_chrome_and_the_leaf_date() {
    let f = cutover_at("2026-12-04T00:00:00Z");
    let detail = f["detail"].as_str().expect("detail");
    assert!(detail.contains("'*.facebook.com'") && detail.contains("DigiCert Global Root G2"), "{detail}");
    assert!(detail.contains("It was issued on 2026-03-05 by DigiCert."), "{detail}");
    assert!(detail.contains("The Chrome Root Program (policy 1.8) requires"), "{detail}");
    // The issuing CA's own dates come right after Chrome's rule.
    let chrome = detail.find("The Chrome Root Program").expect("chrome");
    let digicert = detail.find("DigiCert has left clientAuth out").expect("digicert");
    let sectigo = detail.find("Sectigo has left").expect("sectigo");
    assert!(chrome < digicert && digicert < sectigo, "{detail}");
    assert!(detail.contains("issued from 2027-03-15"), "{detail}");
    assert!(detail.contains("adds it on request until 2027-03-01"), "{detail}");
    assert!(!detail.contains("CA/Browser Forum"), "{detail}");
    let fix = f["fix"].as_str().expect("fix");
    assert!(fix.contains("support case") && fix.contains("no promise"), "{fix}");
}

#[test]
fn cutover_in_june_2027_speaks_in_the_past_tense() {
    let f = cutover_at("2027-06-01T00:00:00Z");
    let detail = f["detail"].as_str().expect("detail");
    assert!(detail.contains("Since 2027-03-15 the Chrome Root Program (policy 1.8) has required"), "{detail}");
    assert!(detail.contains("DigiCert stopped including clientAuth"), "{detail}");
    assert!(detail.contains("Renewing a public TLS certificate will not bring clientAuth back."), "{detail}");
    assert!(!detail.contains(" until 20") && !detail.contains(" requires "), "future tense left: {detail}");
}
