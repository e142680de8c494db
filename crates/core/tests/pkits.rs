//! NIST PKITS conformance (RFC 5280 §6 path validation, including revocation with CRLs): all 224
//! tests evaluated through `certchain_core::analyze` as a user would run them, zero false
//! accepts, and every divergence listed (with a reason) in `conformance/pkits-exceptions.md`.
//!
//! Each test's path comes from `smime/Signed<Test>.eml` (PKITS's signed S/MIME message): its
//! PKCS#7 SignedData carries the path's certificates and CRLs, and its signer is the end entity.
//! The anchor is `TrustAnchorRootCertificate.crt` (custom trust) with `TrustAnchorRootCRL.crl`.
#![allow(clippy::unwrap_used)]

use base64ct::Encoding;
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, Purpose, Report, TrustChoice, analyze};
use sha2::Digest;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// PKITS sections about certificate policies (RFC 5280 §6.1 policy processing).
const POLICY_SECTIONS: [&str; 5] = ["4.8", "4.9", "4.10", "4.11", "4.12"];

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn suite_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/conformance/pkits");
    if dir.join("pkits-expected.tsv").is_file() {
        return Some(dir);
    }
    eprintln!("\n!!!!!!!!\n!!! NIST PKITS suite MISSING at {}\n!!!!!!!!\n", dir.display());
    if std::env::var("CERTCHAIN_ALLOW_MISSING_SHARED").as_deref() == Ok("1") {
        return None;
    }
    panic!("PKITS suite missing (set CERTCHAIN_ALLOW_MISSING_SHARED=1 to skip)");
}

/// One PKITS test: its end entity (the S/MIME signer) first, then the other certificates and the
/// CRLs carried in the message, then the trust anchor's CRL.
struct Case {
    name: String,
    section: String,
    expected_valid: bool,
    ee_der: Vec<u8>,
    inputs: Vec<Input>,
}

/// The base64 body of the `application/pkcs7-signature` part of a PKITS `.eml` file.
fn pkcs7_of_eml(text: &str) -> Vec<u8> {
    let start = text.find("Content-Type: application/pkcs7-signature").expect("no signature part");
    let body = &text[start..];
    let body = &body[body.find("\n\n").or_else(|| body.find("\r\n\r\n")).expect("no part body")..];
    let b64: String = body
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.starts_with("--") && !l.is_empty())
        .collect();
    base64ct::Base64::decode_vec(&b64).map_err(|e| format!("{e:?}")).expect("bad base64")
}

/// One DER element: (tag byte, whole element, contents). A hand-written reader (test code only):
/// `cms::SignedData` decodes every certificate with x509-cert, which refuses some of PKITS's
/// deliberately odd certificates, and the harness must hand those to certchain unchanged.
fn tlv(bytes: &[u8]) -> (u8, &[u8], &[u8], &[u8]) {
    let tag = bytes[0];
    let (len, header) = match bytes[1] {
        n if n < 0x80 => (n as usize, 2),
        n => {
            let count = (n & 0x7f) as usize;
            (bytes[2..2 + count].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize), 2 + count)
        }
    };
    (tag, &bytes[..header + len], &bytes[header..header + len], &bytes[header + len..])
}

/// The elements of a constructed value's contents.
fn children(mut contents: &[u8]) -> Vec<(u8, &[u8], &[u8])> {
    let mut out = Vec::new();
    while !contents.is_empty() {
        let (tag, whole, inner, rest) = tlv(contents);
        out.push((tag, whole, inner));
        contents = rest;
    }
    out
}

/// A certificate's (issuer, serial) DER, to find the S/MIME signer.
fn issuer_and_serial(cert: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let tbs = children(tlv(cert).2)[0].2;
    let fields = children(tbs);
    let skip = usize::from(fields[0].0 == 0xa0);
    (fields[skip + 2].1.to_vec(), fields[skip].1.to_vec())
}

fn load_case(dir: &Path, name: &str, section: &str, expected: &str) -> Case {
    let eml = std::fs::read_to_string(dir.join(format!("smime/Signed{name}.eml"))).unwrap();
    let p7 = pkcs7_of_eml(&eml);
    // ContentInfo { contentType, [0] EXPLICIT SignedData }
    let content_info = children(tlv(&p7).2);
    let signed_data = children(tlv(content_info[1].2).2);
    let (mut certs, mut crls, mut signer) = (Vec::new(), Vec::new(), None);
    for (tag, _, inner) in signed_data {
        match tag {
            0xa0 => certs = children(inner).into_iter().map(|c| c.1.to_vec()).collect(),
            0xa1 => crls = children(inner).into_iter().map(|c| c.1.to_vec()).collect(),
            // signerInfos SET OF SignerInfo { version, sid IssuerAndSerialNumber, ... } (the
            // other SET, digestAlgorithms, holds AlgorithmIdentifiers).
            0x31 if !inner.is_empty() && children(children(inner)[0].2)[0].0 == 0x02 => {
                let info = children(children(inner)[0].2);
                let sid = children(info[1].2);
                signer = Some((sid[0].1.to_vec(), sid[1].1.to_vec()));
            }
            _ => {}
        }
    }
    let signer = signer.unwrap_or_else(|| panic!("{name}: no signer"));
    let ee = certs
        .iter()
        .position(|c| issuer_and_serial(c) == signer)
        .unwrap_or_else(|| panic!("{name}: signer certificate not in the message"));
    let ee_der = certs[ee].clone();
    let mut inputs = vec![Input::new("end-entity.der", ee_der.clone())];
    for (i, c) in certs.iter().enumerate().filter(|(i, _)| *i != ee) {
        inputs.push(Input::new(format!("cert-{i}.der"), c.clone()));
    }
    for (i, crl) in crls.into_iter().enumerate() {
        inputs.push(Input::new(format!("crl-{i}.der"), crl));
    }
    inputs.push(Input::new("TrustAnchorRootCRL.crl", std::fs::read(dir.join("crls/TrustAnchorRootCRL.crl")).unwrap()));
    Case { name: name.into(), section: section.into(), expected_valid: expected == "valid", ee_der, inputs }
}

fn options(dir: &Path) -> Options {
    // PKITS certificates are valid 2010–2030; the validity tests use dates around them.
    let mut o = Options::new(UnixTime::parse_rfc3339("2020-01-01T00:00:00Z").unwrap());
    o.purpose = Purpose::Any;
    o.flow = Flow::Generic;
    o.trust = TrustChoice::Custom;
    o.custom_roots = vec![Input::new(
        "TrustAnchorRootCertificate.crt",
        std::fs::read(dir.join("certs/TrustAnchorRootCertificate.crt")).unwrap(),
    )];
    o
}

fn cases(dir: &Path) -> Vec<Case> {
    let tsv = std::fs::read_to_string(dir.join("pkits-expected.tsv")).unwrap();
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            load_case(dir, cols[0], cols[1], cols[3])
        })
        .collect()
}

/// Runs one case: (valid, why not). Panics unless the leaf analysed is the test's end entity; an
/// end entity certchain cannot read at all is an honest "not valid" (whatever else validates).
fn run(case: &Case, options: &Options) -> (bool, String, Report) {
    let report = analyze(&case.inputs, options);
    let ee_sha: String = sha2::Sha256::digest(&case.ee_der).iter().map(|b| format!("{b:02x}")).collect();
    if !report.certificates.iter().any(|c| c.summary.sha256 == ee_sha) {
        let why = report.inputs[0].errors.first().map(|e| e.message.clone()).unwrap_or_default();
        return (false, format!("end entity not read: {why}"), report);
    }
    let leaf = report.chain.first().map(|c| c.sha256.as_str());
    assert_eq!(leaf, Some(ee_sha.as_str()), "{}: the leaf analysed is not the end entity", case.name);
    let why = report
        .findings
        .iter()
        .find(|f| f.severity == certchain_core::Severity::Error)
        .map(|f| format!("{:?}: {}", f.code, f.title))
        .unwrap_or_default();
    (report.valid, why, report)
}

/// Exceptions listed in `conformance/pkits-exceptions.md`: table rows `| `Test` | expected | reason |`
/// under the heading "## Divergences", and under "## False accepts still to fix".
fn listed_exceptions() -> (BTreeSet<String>, BTreeSet<String>) {
    let path = workspace_root().join("conformance/pkits-exceptions.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (mut divergences, mut to_fix) = (BTreeSet::new(), BTreeSet::new());
    let mut in_to_fix = false;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            in_to_fix = heading.starts_with("False accepts still to fix");
        }
        if let Some((id, _)) = line.trim().strip_prefix("| `").and_then(|rest| rest.split_once('`')) {
            if in_to_fix {
                to_fix.insert(id.to_string())
            } else {
                divergences.insert(id.to_string())
            };
        }
    }
    (divergences, to_fix)
}

#[test]
fn pkits_conformance() {
    let Some(dir) = suite_dir() else {
        return;
    };
    let options = options(&dir);
    let cases = cases(&dir);
    assert_eq!(cases.len(), 224, "every PKITS test must be evaluated");
    let started = std::time::Instant::now();
    let mut figures: BTreeMap<bool, (usize, usize)> = BTreeMap::new();
    let mut false_accepts = BTreeSet::new();
    let mut divergences = BTreeSet::new();
    for case in &cases {
        let (valid, why, _) = run(case, &options);
        let policy = POLICY_SECTIONS.contains(&case.section.as_str());
        let entry = figures.entry(policy).or_default();
        entry.1 += 1;
        if valid == case.expected_valid {
            entry.0 += 1;
            continue;
        }
        eprintln!(
            "divergence: {} ({}) expected {}, got {} ({})",
            case.name,
            case.section,
            if case.expected_valid { "valid" } else { "invalid" },
            if valid { "valid" } else { "invalid" },
            why
        );
        if valid {
            false_accepts.insert(case.name.clone());
        } else {
            divergences.insert(case.name.clone());
        }
    }
    let (non_policy, policy) = (figures[&false], figures[&true]);
    eprintln!(
        "PKITS: non-policy {}/{}, policy {}/{}, {} false accepts, {} false rejects, {:.2?}",
        non_policy.0,
        non_policy.1,
        policy.0,
        policy.1,
        false_accepts.len(),
        divergences.len(),
        started.elapsed()
    );
    let (listed, to_fix) = listed_exceptions();
    // A false accept is never an allowed divergence; the "to fix" list may only shrink.
    let new_false_accepts: Vec<_> = false_accepts.difference(&to_fix).collect();
    let fixed: Vec<_> = to_fix.difference(&false_accepts).collect();
    assert!(new_false_accepts.is_empty(), "false accepts: {new_false_accepts:?}");
    assert!(fixed.is_empty(), "conformance/pkits-exceptions.md lists false accepts that are now fixed: {fixed:?}");
    let unlisted: Vec<_> = divergences.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&divergences).collect();
    assert!(unlisted.is_empty(), "divergences missing from conformance/pkits-exceptions.md: {unlisted:?}");
    assert!(stale.is_empty(), "conformance/pkits-exceptions.md lists tests that now pass: {stale:?}");
}

/// `PKITS_TEST=<Name>[,<Name>] cargo test --test pkits explain -- --nocapture` prints every
/// finding of those tests.
#[test]
fn explain() {
    let Ok(names) = std::env::var("PKITS_TEST") else {
        return;
    };
    let Some(dir) = suite_dir() else {
        return;
    };
    let options = options(&dir);
    for case in cases(&dir).iter().filter(|c| names.split(',').any(|n| n == c.name)) {
        let (valid, why, report) = run(case, &options);
        eprintln!("== {} expected valid={} got valid={valid} {why}", case.name, case.expected_valid);
        for f in &report.findings {
            eprintln!("  {:?} {:?}: {} — {}", f.severity, f.code, f.title, f.detail);
        }
    }
}

/// The policy tests' other inputs, from the PKITS document (§4.8–4.12, "it is recommended that
/// the certification path in this test be validated using the following inputs"): the test, the
/// user-initial-policy-set (NIST-test-policy-N as N; empty = any-policy), initial-explicit-policy,
/// initial-policy-mapping-inhibit, initial-any-policy-inhibit, and the expected result — `None` =
/// invalid, `Some(set)` = valid with that user-constrained-policy-set (`[0]` = any-policy).
#[allow(clippy::type_complexity)]
const POLICY_INPUTS: &[(&str, &[u8], bool, bool, bool, Option<&[u8]>)] = &[
    ("AllCertificatesSamePolicyTest1", &[], true, false, false, Some(&[1])),
    ("AllCertificatesSamePolicyTest1", &[1], true, false, false, Some(&[1])),
    ("AllCertificatesSamePolicyTest1", &[2], true, false, false, None),
    ("AllCertificatesSamePolicyTest1", &[1, 2], true, false, false, Some(&[1])),
    ("AllCertificatesNoPoliciesTest2", &[], true, false, false, None),
    ("DifferentPoliciesTest3", &[], true, false, false, None),
    ("DifferentPoliciesTest3", &[1, 2], true, false, false, None),
    ("OverlappingPoliciesTest6", &[1], false, false, false, Some(&[1])),
    ("OverlappingPoliciesTest6", &[2], false, false, false, None),
    ("AllCertificatesSamePoliciesTest10", &[1], false, false, false, Some(&[1])),
    ("AllCertificatesSamePoliciesTest10", &[2], false, false, false, Some(&[2])),
    ("AllCertificatesAnyPolicyTest11", &[], false, false, false, Some(&[0])),
    ("AllCertificatesAnyPolicyTest11", &[1], false, false, false, Some(&[1])),
    ("AllCertificatesSamePoliciesTest13", &[1], false, false, false, Some(&[1])),
    ("AllCertificatesSamePoliciesTest13", &[2], false, false, false, Some(&[2])),
    ("AllCertificatesSamePoliciesTest13", &[3], false, false, false, Some(&[3])),
    ("AnyPolicyTest14", &[1], false, false, false, Some(&[1])),
    ("AnyPolicyTest14", &[2], false, false, false, None),
    ("UserNoticeQualifierTest18", &[1], false, false, false, Some(&[1])),
    ("UserNoticeQualifierTest18", &[2], false, false, false, Some(&[2])),
    ("CPSPointerQualifierTest20", &[], true, false, false, Some(&[1])),
    ("ValidPolicyMappingTest1", &[1], true, false, false, Some(&[1])),
    ("ValidPolicyMappingTest1", &[2], true, false, false, None),
    ("ValidPolicyMappingTest1", &[], true, true, false, None),
    ("InvalidPolicyMappingTest2", &[], false, true, false, None),
    ("ValidPolicyMappingTest3", &[1], false, false, false, None),
    ("ValidPolicyMappingTest3", &[2], false, false, false, Some(&[2])),
    ("ValidPolicyMappingTest5", &[1], false, false, false, Some(&[1])),
    ("ValidPolicyMappingTest5", &[6], false, false, false, None),
    ("ValidPolicyMappingTest6", &[1], false, false, false, Some(&[1])),
    ("ValidPolicyMappingTest6", &[6], false, false, false, None),
    ("ValidPolicyMappingTest12", &[1], false, false, false, Some(&[1])),
    ("ValidPolicyMappingTest12", &[2], false, false, false, Some(&[2])),
    ("inhibitAnyPolicyTest3", &[], false, false, true, None),
];

#[test]
fn pkits_policy_inputs() {
    let Some(dir) = suite_dir() else {
        return;
    };
    let nist = |n: u8| if n == 0 { "2.5.29.32.0".to_string() } else { format!("2.16.840.1.101.3.2.1.48.{n}") };
    let cases = cases(&dir);
    let mut wrong = Vec::new();
    for &(name, user, explicit, inhibit_mapping, inhibit_any, expected) in POLICY_INPUTS {
        let case = cases.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no PKITS test {name}"));
        let mut options = options(&dir);
        options.policy = certchain_core::PolicyInputs {
            initial_policy_set: user.iter().map(|&n| nist(n)).collect(),
            initial_explicit_policy: explicit,
            initial_policy_mapping_inhibit: inhibit_mapping,
            initial_any_policy_inhibit: inhibit_any,
        };
        let (valid, why, report) = run(case, &options);
        let got = valid.then(|| report.valid_policies.clone().unwrap_or_else(|| vec![nist(0)]));
        let want = expected.map(|set| set.iter().map(|&n| nist(n)).collect::<Vec<_>>());
        if got != want {
            wrong.push(format!("{name} {user:?} explicit={explicit}: expected {want:?}, got {got:?} ({why})"));
        }
    }
    assert!(wrong.is_empty(), "PKITS policy inputs:\n{}", wrong.join("\n"));
}
