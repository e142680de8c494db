//! The org's own trust list as the analysis's store (`TrustChoice::OrgList`), and the roots-only
//! text the web page remembers (`ImportedStore::roots_text`).

use certchain_core::time::UnixTime;
use certchain_core::trust::import_org_list;
use certchain_core::{Code, Input, Options, Purpose, TrustChoice, analyze};
use std::collections::BTreeSet;

const SYNTHETIC_PAGE: &str = include_str!("../../../tests/fixtures/trust/synthetic-cacerts-page.html");
const CHAIN: &str = include_str!("../../../tests/fixtures/chains/rsa2048/chain.pem");
const ROOT: &str = include_str!("../../../tests/fixtures/chains/rsa2048/root.pem");
const KEY: &str = include_str!("../../../tests/fixtures/chains/rsa2048/leaf.key");
const HARICA: &str = include_str!("../../../tests/fixtures/codes/not_in_salesforce_store/harica-tls-ecc-root-2021.pem");
const HARICA_SHA256: &str = "3f99cc474acfce4dfed58794665e478d1547739f2e780f1bb4ca9b133097d401";
const UNKNOWN_SHA256: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn options(list: &str) -> Options {
    let mut options = Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").expect("a valid time"));
    options.trust = TrustChoice::OrgList;
    options.custom_roots = vec![Input::new("org list", list.as_bytes().to_vec())];
    options
}

fn anchor_set(text: &str) -> BTreeSet<String> {
    import_org_list(text).store.anchors.iter().map(|a| a.cert.sha256.clone()).collect()
}

#[test]
fn the_org_list_is_the_analysis_trust_store() {
    let list = format!("{ROOT}\n{UNKNOWN_SHA256}\n");
    let report = analyze(&[Input::new("chain.pem", CHAIN.as_bytes().to_vec())], &options(&list));
    assert!(report.valid, "{:#?}", report.findings);
    assert_eq!(report.trust_store.id, "org_list");
    assert_eq!(report.trust_store.roots, 1);
    assert!(report.trust_store.source.contains("1 items not matched"), "{}", report.trust_store.source);

    // Without the root in the list the same chain has no trusted root.
    let report = analyze(&[Input::new("chain.pem", CHAIN.as_bytes().to_vec())], &options(UNKNOWN_SHA256));
    assert!(!report.valid);
    assert_eq!(report.trust_store.roots, 0);
}

#[test]
fn a_root_on_the_org_list_is_not_second_guessed() {
    // HARICA's root is Mozilla-only: against the snapshot it is "not confirmed for Salesforce";
    // listed on the org's own page, it is simply trusted.
    let input = [Input::new("harica.pem", HARICA.as_bytes().to_vec())];
    let mut snapshot = options("");
    snapshot.trust = TrustChoice::Salesforce;
    snapshot.purpose = Purpose::Any;
    let report = analyze(&input, &snapshot);
    assert!(report.findings.iter().any(|f| f.code == Code::NotInSalesforceStore));

    let mut org = options(&format!("<td>{HARICA_SHA256}</td>"));
    org.purpose = Purpose::Any;
    let report = analyze(&input, &org);
    assert_eq!(report.trust_store.roots, 1);
    assert!(!report.findings.iter().any(|f| f.code == Code::NotInSalesforceStore), "{:#?}", report.findings);
}

#[test]
fn several_inputs_are_merged_without_duplicates() {
    let mut options = options(ROOT);
    options.custom_roots.push(Input::new("again", format!("{ROOT}\n{HARICA_SHA256}").into_bytes()));
    let report = analyze(&[Input::new("chain.pem", CHAIN.as_bytes().to_vec())], &options);
    assert_eq!(report.trust_store.roots, 2);
    assert!(report.valid);
}

#[test]
fn roots_text_reimports_to_the_same_store_and_holds_only_roots() {
    let imported = import_org_list(SYNTHETIC_PAGE);
    let text = imported.roots_text();
    assert_eq!(anchor_set(&text), anchor_set(SYNTHETIC_PAGE));
    let again = import_org_list(&text);
    assert!(again.unmatched.is_empty(), "{:#?}", again.unmatched);
    // One match per root: nothing is counted twice when the list is restored.
    assert_eq!(again.matched.len(), imported.store.anchors.len());
    // Aliases come back from the snapshot.
    let aliases = |s: &certchain_core::trust::ImportedStore| {
        s.store.anchors.iter().filter_map(|a| a.alias.clone()).collect::<BTreeSet<_>>()
    };
    assert_eq!(aliases(&again), aliases(&imported));
    // The org's own root (not in the snapshot) is kept as its certificate; unmatched tokens and
    // the page's prose are dropped.
    assert_eq!(text.matches("-----BEGIN CERTIFICATE-----").count(), 1);
    assert!(!text.contains("examplecorprootca"));
    assert!(!text.contains('<'));
}

#[test]
fn private_keys_in_the_pasted_list_are_reported_and_never_kept() {
    let text = format!("{ROOT}\n{KEY}\n{HARICA_SHA256}\n");
    let imported = import_org_list(&text);
    let key_line =
        text.lines().position(|l| l.contains("PRIVATE KEY-----") && l.contains("BEGIN")).expect("the key's BEGIN line")
            + 1;
    assert_eq!(imported.private_key_lines, vec![key_line]);
    assert_eq!(imported.store.anchors.len(), 2);
    let kept = imported.roots_text();
    assert!(!kept.contains("PRIVATE KEY"));
    assert!(import_org_list(SYNTHETIC_PAGE).private_key_lines.is_empty());
}
