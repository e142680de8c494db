//! The report and the emitted files' descriptions survive a JSON round trip (serialize →
//! deserialize → serialize gives the same bytes). The web page relies on it: its worker analyses
//! and sends `(Report, Emitted)` as JSON, and the page renders what it reads back. Every finding
//! scenario under `tests/fixtures/codes/` is analysed (so every code and OpenSSL error the engine
//! produces is covered), plus a chain with its key, keystores and a paste that fails to decode.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use certchain_core::outputs::{EmitRequest, Emitted, emit};
use certchain_core::time::UnixTime;
use certchain_core::{Analysis, Code, Input, Options, Report, TrustChoice, analyze_full};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn input(path: &Path) -> Input {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Input::new(path.file_name().unwrap().to_string_lossy(), bytes)
}

fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").unwrap())
}

/// Serialize, read back, serialize again: both texts must be identical, in the compact form the
/// worker sends and in the pretty form `certchain analyze --json` prints. Returns the report read back.
fn round_trip(analysis: &Analysis, emitted: &Emitted) -> Report {
    let sent = serde_json::to_string(&(&analysis.report, emitted)).unwrap();
    let (report, files): (Report, Emitted) =
        serde_json::from_str(&sent).unwrap_or_else(|e| panic!("could not read back {sent:.300}…: {e}"));
    assert_eq!(serde_json::to_string(&(&report, &files)).unwrap(), sent);
    assert_eq!(serde_json::to_string_pretty(&report).unwrap(), serde_json::to_string_pretty(&analysis.report).unwrap());
    // The bytes travel beside the JSON (transferable buffers), never inside it.
    assert!(files.files.iter().all(|f| f.bytes.is_empty()));
    assert_eq!(files.files.len(), emitted.files.len());
    report
}

fn emit_with_password(analysis: &Analysis) -> Emitted {
    emit(analysis, &EmitRequest { alias: None, password: Some("s3cret-pw".into()), entropy: [7; 32] })
}

#[test]
fn every_code_scenario_round_trips() {
    let mut codes = BTreeSet::new();
    let mut openssl = BTreeSet::new();
    let mut scenarios = 0;
    for dir in std::fs::read_dir(fixtures().join("codes")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("options.json")).unwrap()).unwrap();
        let mut inputs = Vec::new();
        for entry in spec["inputs"].as_array().unwrap() {
            let (file, password) = match entry {
                Value::String(file) => (file.as_str(), None),
                _ => (entry["file"].as_str().unwrap(), entry["password"].as_str()),
            };
            let mut one = input(&dir.join(file));
            one.password = password.map(String::from);
            inputs.push(one);
        }
        let mut options = options();
        if let Some(at) = spec["at"].as_str() {
            options.at = UnixTime::parse_rfc3339(at).unwrap();
        }
        if let Some(roots) = spec["roots"].as_array() {
            options.trust = TrustChoice::Custom;
            options.custom_roots = roots.iter().map(|r| input(&dir.join(r.as_str().unwrap()))).collect();
        }
        let analysis = analyze_full(&inputs, &options);
        let report = round_trip(&analysis, &emit_with_password(&analysis));
        for finding in &report.findings {
            codes.insert(finding.code);
            if let Some(error) = finding.openssl {
                openssl.insert(error.name);
            }
        }
        scenarios += 1;
    }
    assert!(scenarios > 40, "only {scenarios} scenarios under tests/fixtures/codes");
    // Not a coverage test of the engine (codes.rs is): proof that the round trips above carried
    // most codes and many OpenSSL errors, so a type missing from them cannot go unnoticed.
    assert!(codes.len() > 40, "the scenarios produced only {} codes: {codes:?}", codes.len());
    assert!(openssl.len() > 10, "the scenarios named only {} OpenSSL errors: {openssl:?}", openssl.len());
}

#[test]
fn chain_key_keystores_and_decode_errors_round_trip() {
    let dir = fixtures().join("outputs/inputs");
    let mut options = options();
    options.trust = TrustChoice::Custom;
    options.custom_roots = vec![input(&dir.join("root.pem"))];
    let mut garbage =
        Input::new("notes.txt", b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".to_vec());
    garbage.password = Some("unused".into());
    let inputs = vec![input(&dir.join("chain.pem")), input(&dir.join("good.key")), garbage];
    let analysis = analyze_full(&inputs, &options);
    let emitted = emit_with_password(&analysis);
    assert!(emitted.file("keystore.p12").is_some() && emitted.file("keystore.jks").is_some(), "{:?}", emitted.skipped);
    let report = round_trip(&analysis, &emitted);
    // Inbound with a private root: the chain passes, Salesforce's trust cannot be confirmed; the
    // verdict and the finding's flag survive the round trip.
    assert_eq!(report.verdict, certchain_core::Verdict::CannotConfirm);
    assert!(report.findings.iter().any(|f| f.cannot_confirm));
    assert_eq!(report.keys.len(), 1);
    assert!(report.inputs[2].errors.iter().any(|e| e.line == Some(2)), "{:?}", report.inputs[2]);
    assert!(report.findings.iter().any(|f| f.code == Code::ParseError));
}

#[test]
fn p12_csr_and_the_bundled_store_round_trip() {
    let dir = fixtures().join("inputs");
    let mut inputs = Vec::new();
    for name in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        let mut one = input(&name);
        // The fixtures' passwords (tests/fixtures/make-inputs.sh): Java keystores "storepass",
        // PKCS#12 files and encrypted keys "secret".
        let java = name.extension().is_some_and(|e| e == "jks" || e == "jceks");
        one.password = Some(if java { "storepass" } else { "secret" }.into());
        inputs.push(one);
    }
    assert!(inputs.len() > 20);
    let analysis = analyze_full(&inputs, &options());
    let emitted = emit(&analysis, &EmitRequest { alias: None, password: None, entropy: [0; 32] });
    let report = round_trip(&analysis, &emitted);
    assert!(!report.csrs.is_empty() && !report.keys.is_empty() && report.inputs.iter().any(|i| i.keystore.is_some()));
    assert_eq!(report.trust_store.id, "salesforce");
    let opened = |i: &certchain_core::decode::InputSummary| {
        i.keystore.as_ref().is_some_and(|k| k.integrity == certchain_core::decode::Integrity::Verified)
    };
    assert!(report.inputs.iter().any(opened), "no keystore opened with the fixture passwords");
}

#[test]
fn an_unknown_openssl_error_is_refused_with_a_reason() {
    let text = r#"{"code": 999, "name": "X509_V_ERR_FROM_THE_FUTURE", "text": "x", "text_1_1": "x"}"#;
    let error = serde_json::from_str::<certchain_core::findings::OpensslError>(text).unwrap_err().to_string();
    assert!(error.contains("X509_V_ERR_FROM_THE_FUTURE") && error.contains("table of OpenSSL errors"), "{error}");
    let known = r#"{"code": 20, "name": "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "text": "", "text_1_1": ""}"#;
    let error = serde_json::from_str::<certchain_core::findings::OpensslError>(known).unwrap();
    assert_eq!(error.text, "unable to get local issuer certificate");
}
