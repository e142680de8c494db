//! Property tests (issue 6): decoding never panics and accounts for every input; emitted files
//! re-analyse to the same chain; the chosen chain does not depend on input order.
//!
//! Case counts are small by default so `cargo test` stays quick; `CERTCHAIN_PROPTEST_CASES=N`
//! raises them (e.g. 2000 with `--release`).
#![allow(clippy::unwrap_used)]

#[path = "support/gen.rs"]
mod generator;

use certchain_core::decode::decode_inputs;
use certchain_core::outputs::{EmitRequest, emit};
use certchain_core::time::UnixTime;
use certchain_core::{Input, Options, Purpose, Report, TrustChoice, analyze, analyze_full};
use proptest::prelude::*;
use std::sync::OnceLock;

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("CERTCHAIN_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default_cases);
    // No failure-persistence files in the source tree; a failure prints its minimal input.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn options(roots: Vec<Input>) -> Options {
    let mut o = Options::new(UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap());
    o.purpose = Purpose::Client;
    // The chain against these roots, no claim about Salesforce's store (in a Salesforce flow the
    // generated private roots leave the verdict at "cannot confirm").
    o.flow = certchain_core::Flow::Generic;
    o.trust = TrustChoice::Custom;
    o.custom_roots = roots;
    o
}

fn chain_of(report: &Report) -> Vec<String> {
    report.chain.iter().map(|c| c.sha256.clone()).collect()
}

/// Real inputs to mutate: a PEM chain, a key, and their DER.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let chain = generator::chain("Seed", 1);
        vec![
            chain.chain_pem().into_bytes(),
            chain.leaf_key.sec1_pem().into_bytes(),
            chain.certs[0].clone(),
            chain.leaf_key.sec1_der(),
        ]
    })
}

/// Text that looks like what people paste: PEM markers, headers, base64, prose, odd line ends.
fn pasted_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("-----BEGIN CERTIFICATE-----".to_string()),
        Just("-----END CERTIFICATE-----".to_string()),
        Just("-----BEGIN EC PRIVATE KEY-----".to_string()),
        Just("-----END PRIVATE KEY-----".to_string()),
        Just("-----BEGIN PKCS7-----".to_string()),
        Just("Proc-Type: 4,ENCRYPTED".to_string()),
        Just("DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF".to_string()),
        "[A-Za-z0-9+/]{0,80}={0,2}",
        "MII[A-Za-z0-9+/]{20,64}",
        "[ -~]{0,40}",
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("> ".to_string()),
        Just("<X509Certificate>".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// A seed with a few byte-level edits (overwrite, insert, truncate).
fn mutated_seed() -> impl Strategy<Value = Vec<u8>> {
    (
        0..4usize,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(seed, edits, cut)| {
            let mut bytes = seeds()[seed].clone();
            for (at, byte, how) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match how {
                    0 => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => {
                        bytes.remove(i);
                    }
                }
            }
            if cut.index(4) == 0 {
                let keep = cut.index(bytes.len() + 1);
                bytes.truncate(keep);
            }
            bytes
        })
}

fn assert_accounted(inputs: &[Input]) {
    let decoded = decode_inputs(inputs);
    assert_eq!(decoded.inputs.len(), inputs.len());
    for (summary, input) in decoded.inputs.iter().zip(inputs) {
        assert!(
            !summary.items.is_empty() || !summary.errors.is_empty() || input.bytes.iter().all(u8::is_ascii_whitespace),
            "{} ({} bytes) produced neither items nor errors",
            input.name,
            input.bytes.len()
        );
    }
    // The whole analysis must not panic either, and its report must serialise.
    let report = analyze(inputs, &options(Vec::new()));
    assert!(serde_json::to_string(&report).is_ok());
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), name in "[a-z]{1,8}\\.(pem|der|p12|jks|key|crt|txt)") {
        assert_accounted(&[Input::new(name, bytes)]);
    }

    #[test]
    fn arbitrary_text_never_panics(text in pasted_text()) {
        assert_accounted(&[Input::new("pasted text", text.into_bytes())]);
    }

    #[test]
    fn mutated_real_inputs_never_panic(bytes in mutated_seed(), password in proptest::option::of("[a-z]{0,8}")) {
        let mut input = Input::new("mutated", bytes);
        input.password = password;
        assert_accounted(&[input]);
    }
}

/// DER of the supplied certificates and of the roots.
type Scenario = (Vec<Vec<u8>>, Vec<Vec<u8>>);

/// A chain with a cross-signed intermediate: two complete paths (via root A and via root B) of
/// the same length and validity, plus an unrelated CA and root (and, in the test, a duplicate).
/// One leaf only: with several leaves the first one given is the primary by design (report.rs
/// `pick_primary_leaf`, with a `multiple_leaves` finding). Returns (supplied certificates, roots).
fn cross_signed_scenario() -> &'static Scenario {
    static SCENARIO: OnceLock<Scenario> = OnceLock::new();
    SCENARIO.get_or_init(|| {
        use generator::{Key, Spec, cert};
        let (ka, kb, k1, k2, kl) =
            (Key::from_seed(901), Key::from_seed(902), Key::from_seed(903), Key::from_seed(904), Key::from_seed(905));
        let root_a = cert(&Spec::ca(1, "Order Root A", "Order Root A"), &ka, &ka);
        let root_b = cert(&Spec::ca(2, "Order Root B", "Order Root B"), &kb, &kb);
        let ca1_by_a = cert(&Spec::ca(3, "Order CA 1", "Order Root A"), &k1, &ka);
        let ca1_by_b = cert(&Spec::ca(4, "Order CA 1", "Order Root B"), &k1, &kb);
        let ca2 = cert(&Spec::ca(5, "Order CA 2", "Order CA 1"), &k2, &k1);
        let leaf = cert(&Spec::leaf(6, "Order Leaf", "Order CA 2"), &kl, &k2);
        let unrelated = generator::chain("Order Unrelated", 1);
        let supplied = vec![leaf, ca2, ca1_by_a, ca1_by_b, unrelated.certs[1].clone(), unrelated.certs[2].clone()];
        (supplied, vec![root_a, root_b])
    })
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn chosen_chain_is_independent_of_input_order(
        order in Just((0..6usize).collect::<Vec<_>>()).prop_shuffle(),
        splits in prop::collection::vec(any::<bool>(), 6),
        roots_reversed in any::<bool>(),
        duplicate in 0..7usize,
    ) {
        let (supplied, roots) = cross_signed_scenario();
        let baseline = {
            let pem: String = supplied.iter().map(|c| generator::cert_pem(c)).collect();
            let roots = roots.iter().map(|r| Input::new("roots.pem", generator::cert_pem(r))).collect();
            analyze(&[Input::new("all.pem", pem)], &options(roots))
        };
        prop_assert!(baseline.valid, "{:?}", baseline.findings);
        // The permuted certificates, cut into several inputs, one possibly given twice.
        let mut inputs: Vec<Input> = Vec::new();
        let mut current = String::new();
        for (i, &index) in order.iter().enumerate() {
            current.push_str(&generator::cert_pem(&supplied[index]));
            if index == duplicate {
                current.push_str(&generator::cert_pem(&supplied[index]));
            }
            if splits[i] || i + 1 == order.len() {
                inputs.push(Input::new(format!("part{}.pem", inputs.len()), std::mem::take(&mut current)));
            }
        }
        let mut root_inputs: Vec<Input> =
            roots.iter().enumerate().map(|(i, r)| Input::new(format!("root{i}.pem"), generator::cert_pem(r))).collect();
        if roots_reversed {
            root_inputs.reverse();
        }
        let report = analyze(&inputs, &options(root_inputs));
        prop_assert_eq!(chain_of(&report), chain_of(&baseline));
        prop_assert_eq!(report.root.as_ref().map(|r| &r.sha256), baseline.root.as_ref().map(|r| &r.sha256));
        prop_assert_eq!(report.valid, baseline.valid);
        let alternatives = |r: &Report| {
            let mut all: Vec<Vec<String>> = r.alternatives.iter().map(|p| p.iter().map(|c| c.sha256.clone()).collect()).collect();
            all.sort();
            all
        };
        prop_assert_eq!(alternatives(&report), alternatives(&baseline));
    }
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn emitted_files_re_analyse_to_the_same_chain(
        intermediates in 0..3usize,
        tag in "[A-Z][a-z]{2,8}",
        entropy in any::<[u8; 32]>(),
        password in "[A-Za-z0-9]{6,12}",
        alias in proptest::option::of("[a-z][a-z0-9_]{0,10}"),
    ) {
        let chain = generator::chain(&tag, intermediates);
        let root = || vec![Input::new("root.pem", generator::cert_pem(chain.root()))];
        let inputs = [Input::new("chain.pem", chain.chain_pem()), Input::new("leaf.key", chain.leaf_key.sec1_pem())];
        let analysis = analyze_full(&inputs, &options(root()));
        prop_assert!(analysis.report.valid, "{:?}", analysis.report.findings);
        let expected = chain_of(&analysis.report);
        let emitted = emit(&analysis, &EmitRequest { alias, password: Some(password.clone()), entropy });
        let mut checked = Vec::new();
        for file in &emitted.files {
            let keystore = file.name.ends_with(".p12") || file.name.ends_with(".jks");
            if !(file.name.ends_with(".pem") || keystore) || file.name == "client.pem" || file.name == "ca-bundle.pem" {
                continue;
            }
            let mut again = Input::new(file.name.clone(), file.bytes.clone());
            if keystore {
                again = again.with_password(password.clone());
            }
            let report = analyze(&[again], &options(root()));
            prop_assert_eq!(chain_of(&report), expected.clone(), "{}", file.name);
            prop_assert!(report.valid, "{}: {:?}", file.name, report.findings);
            checked.push(file.name.clone());
        }
        // At least the PEM chain files and the PKCS#12 keystore were produced and checked.
        for name in ["chain.pem", "fullchain.pem", "keystore.p12"] {
            prop_assert!(checked.iter().any(|c| c == name), "{} not emitted: {:?}", name, emitted.skipped);
        }
    }
}

/// The light status index (trust.rs `status_index`, read without parsing certificates) answers
/// exactly what the full snapshot says, for every bundled root: by fingerprint, and by subject and
/// key combined over every root certificate with that subject and key.
#[test]
fn salesforce_status_index_agrees_with_the_snapshot() {
    use certchain_core::trust::{
        Tier, salesforce_status, salesforce_status_by_subject_and_key, salesforce_status_of, snapshot_certificate,
        snapshot_roots,
    };
    use der::Encode;
    let roots = snapshot_roots();
    assert!(roots.len() > 150, "{} roots", roots.len());
    let key_of = |root| {
        snapshot_certificate(root).map(|c| {
            let tbs = c.parsed.tbs_certificate();
            (tbs.subject().to_der().unwrap(), tbs.subject_public_key_info().to_der().unwrap())
        })
    };
    for root in roots {
        assert_eq!(salesforce_status(root.sha256), Some((root.jdk_alias(), root.tier)), "{}", root.alias);
        let Some(key) = key_of(root) else { continue };
        let same: Vec<_> = roots.iter().filter(|r| key_of(r).as_ref() == Some(&key)).collect();
        let in_jdk = same.iter().any(|r| r.in_jdk);
        let in_mozilla = same.iter().any(|r| r.in_mozilla);
        let tier = match (in_jdk, in_mozilla) {
            (true, true) => Some(Tier::JdkAndMozilla),
            (false, true) => Some(Tier::MozillaOnly),
            (true, false) => Some(Tier::JdkOnly),
            (false, false) => None,
        };
        let expected = tier.map(|t| (same.iter().find_map(|r| r.jdk_alias()), t));
        assert_eq!(salesforce_status_by_subject_and_key(&key.0, &key.1), expected, "{}", root.alias);
        assert_eq!(salesforce_status_of(snapshot_certificate(root).unwrap()), expected, "{}", root.alias);
    }
}
