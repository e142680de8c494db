//! Keystore pre-flight: predict Salesforce's *Import from Keystore* refusals before the upload.
//!
//! Salesforce's help page "Export and Import Certificates with a Keystore" lists the messages
//! quoted in the findings below (no PrivateKey entry, not RSA, PKCS#8, bit size, key/chain
//! mismatch); knowledge article 000387714 gives the per-key password message. Chain completeness
//! and order have no published message, so those findings describe the problem in our words.
//!
//! It runs on every keystore input in the `keystore` flow (errors), on JKS inputs in other flows
//! (warnings: the file may be meant for Salesforce), and in the `keystore` flow without a
//! keystore input on the key and chain certchain would build the JKS from.

use crate::Analysis;
use crate::cert::Cert;
use crate::decode::{Decoded, Integrity, KeystoreEntryKind, KeystoreSummary};
use crate::findings::{Code, Finding, Severity};
use crate::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
use crate::options::{Flow, Options};
use crate::path::Verification;

/// Key sizes *Import from Keystore* accepts.
const RSA_SIZES: [u32; 3] = [2048, 3072, 4096];

/// The pre-flight findings for a finished analysis.
pub fn keystore_findings(analysis: &Analysis, options: &Options) -> Vec<Finding> {
    preflight(&analysis.decoded, &analysis.verification, options)
}

/// The same, from the parts `analyze_full` has before the report exists.
pub(crate) fn preflight(decoded: &Decoded, verification: &Verification, options: &Options) -> Vec<Finding> {
    let keystore_flow = options.flow == Flow::Keystore;
    let mut cx = Cx {
        flow: options.flow,
        severity: if keystore_flow { Severity::Error } else { Severity::Warning },
        out: Vec::new(),
    };
    let mut saw_keystore = false;
    for (index, input) in decoded.inputs.iter().enumerate() {
        let Some(store) = &input.keystore else { continue };
        saw_keystore = true;
        if !keystore_flow && store.store_type != "JKS" {
            // A PKCS#12 or JCEKS outside the keystore flow is not meant for Import from Keystore.
            continue;
        }
        check_store(&mut cx, decoded, verification, index, &input.name, store, keystore_flow);
    }
    if keystore_flow && !saw_keystore {
        check_parts_for_new_jks(&mut cx, decoded, verification);
    }
    cx.out
}

struct Cx {
    flow: Flow,
    severity: Severity,
    out: Vec<Finding>,
}

impl Cx {
    fn push(&mut self, code: Code, certs: Vec<String>, title: String, detail: String) {
        let title = if self.severity == Severity::Error { title } else { format!("For Import from Keystore: {title}") };
        self.out.push(Finding::new(code, self.flow, certs, title, detail).with_severity(self.severity));
    }
}

fn check_store(
    cx: &mut Cx,
    decoded: &Decoded,
    verification: &Verification,
    index: usize,
    name: &str,
    store: &KeystoreSummary,
    keystore_flow: bool,
) {
    if keystore_flow && store.store_type != "JKS" {
        let converted = if store.store_type == "PKCS#12" {
            "certchain can build the JKS from it: `certchain emit --flow keystore --password <pw> --alias <name> --out out/ "
        } else {
            "convert it to JKS, or let certchain build one: `certchain emit --flow keystore --password <pw> --alias <name> --out out/ "
        };
        cx.push(
            Code::KeystoreNotJks,
            Vec::new(),
            format!("{name} is a {} file, not a JKS keystore", store.store_type),
            format!(
                "Import from Keystore takes only the Java KeyStore (JKS) format; {name} is {}. {converted}{name}` writes keystore.jks (one PrivateKeyEntry, key password = store password); the other keystore findings say whether Salesforce will accept its key and chain.",
                store.store_type
            ),
        );
        if let Some(f) = cx.out.last_mut() {
            f.fix = format!(
                "Convert it: `certchain emit --flow keystore --password <its password> --alias <name> --out out/ {name}` writes out/keystore.jks (same password for store and key); import that file."
            );
        }
    }
    if store.integrity == Integrity::Failed {
        // Wrong password: the entries cannot be judged (the password finding says so).
        return;
    }
    let key_entries: Vec<_> = store.entries.iter().filter(|e| e.kind == KeystoreEntryKind::PrivateKey).collect();
    if key_entries.is_empty() {
        let (title, detail) = if store.entries.is_empty() {
            (format!("{name} holds no entry at all"), format!("{name} has no entries."))
        } else {
            let aliases: Vec<String> = store.entries.iter().map(|e| format!("'{}'", e.alias)).collect();
            (
                format!("{name} has no private key entry"),
                format!(
                    "{name} holds only certificates ({}), no PrivateKey entry. Salesforce refuses it: \"No certificate was imported because the keystore file doesn't contain a PrivateKey entry.\"",
                    aliases.join(", ")
                ),
            )
        };
        cx.push(Code::KeystoreNoPrivateKey, Vec::new(), title, detail);
        return;
    }
    for entry in &key_entries {
        if entry.key_password_differs {
            cx.push(
                Code::KeystorePasswordMismatch,
                Vec::new(),
                format!("The key '{}' in {name} has its own password", entry.alias),
                format!(
                    "The private key '{}' does not open with the store password. Salesforce asks only for the keystore password and refuses it: \"The Keystore contains a certificate '{}' whose per key password is not the same as the keystore password.\"",
                    entry.alias, entry.alias
                ),
            );
        }
    }
    let keys: Vec<&PrivateKey> = decoded.keys.iter().filter(|k| k.origin.input == index).collect();
    let certs: Vec<&Cert> = decoded.certs.iter().filter(|c| c.origin.input == index).collect();
    for key in keys {
        if store.store_type == "JKS" {
            let chain = entry_chain(key, &certs);
            let leaf_certs = chain.first().map(|c| vec![c.sha256.clone()]).unwrap_or_default();
            check_key(cx, key, &leaf_certs, &format!("The key in {}", key.origin));
            // The JKS decoder reports a key stored as bare PKCS#1 (not PrivateKeyInfo) in that format.
            if key.format == KeyFormat::Pkcs1 {
                cx.push(
                    Code::KeystoreKeyNotPkcs8,
                    leaf_certs.clone(),
                    format!("The key in {} is stored as PKCS#1, not PKCS#8", key.origin),
                    format!(
                        "The {} key ({}) opens with the password but is a bare PKCS#1 RSAPrivateKey, not the PKCS#8 PrivateKeyInfo Java stores: a tool other than keytool wrote it. Java cannot read it back, and Salesforce's Import from Keystore requires PKCS#8 keys.",
                        key.algorithm, key.origin
                    ),
                );
            }
            check_entry_chain(cx, key, &chain, verification);
        } else {
            // A PKCS#12/JCEKS file is converted (certchain emit rebuilds the chain in order), so
            // only what conversion cannot fix matters: the key itself and its certificate.
            let own: Vec<String> =
                certs.iter().filter(|c| c.spki_der == key.spki_der).map(|c| c.sha256.clone()).take(1).collect();
            check_key(cx, key, &own, &format!("The key in {}", key.origin));
            if own.is_empty() {
                check_entry_chain(cx, key, &certs, verification);
            }
        }
    }
}

/// The certificates of the key's entry, in stored order: for JKS those of the same alias, for
/// PKCS#12 every certificate of the file.
fn entry_chain<'a>(key: &PrivateKey, certs: &[&'a Cert]) -> Vec<&'a Cert> {
    let prefix = key.origin.container.as_deref().and_then(|c| c.strip_suffix(", private key"));
    certs
        .iter()
        .copied()
        .filter(|c| match prefix {
            Some(prefix) => {
                c.origin.container.as_deref().is_some_and(|cc| cc.starts_with(&format!("{prefix}, certificate")))
            }
            None => true,
        })
        .collect()
}

fn check_key(cx: &mut Cx, key: &PrivateKey, certs: &[String], what: &str) {
    match &key.algorithm {
        KeyAlgorithm::Rsa { bits } if RSA_SIZES.contains(bits) => {}
        KeyAlgorithm::Rsa { bits } => cx.push(
            Code::KeystoreKeySize,
            certs.to_vec(),
            format!("The RSA key is {bits} bits; Salesforce takes 2048, 3072 or 4096"),
            format!(
                "{what} is RSA {bits}. Salesforce refuses it: \"Imported keys must have a bit size of 2048, 3072, or 4096.\""
            ),
        ),
        other => cx.push(
            Code::KeystoreKeyNotRsa,
            certs.to_vec(),
            format!("The key is {other}, not RSA"),
            format!("{what} is {other}. Salesforce refuses it: \"The key is not an RSA key.\""),
        ),
    }
}

fn check_entry_chain(cx: &mut Cx, key: &PrivateKey, chain: &[&Cert], verification: &Verification) {
    let Some(first) = chain.first() else {
        cx.push(
            Code::KeystoreNoPrivateKey,
            Vec::new(),
            format!("The key in {} has no certificate", key.origin),
            format!(
                "The key entry ({}) carries no certificate chain. Salesforce refuses it: \"No certificate was imported because the keystore file doesn't contain a PrivateKey entry.\" (the certificate is missing).",
                key.origin
            ),
        );
        return;
    };
    if first.spki_der != key.spki_der {
        match chain.iter().position(|c| c.spki_der == key.spki_der) {
            Some(i) => cx.push(
                Code::KeystoreChainIncomplete,
                chain.iter().map(|c| c.sha256.clone()).collect(),
                format!("The chain in {} is out of order", key.origin),
                format!(
                    "The key's own certificate '{}' is number {} in the entry's chain; it must come first, then each issuer in turn. Salesforce matches the key against the first certificate and refuses the keystore.",
                    chain.get(i).map(|c| c.display_name()).unwrap_or_default(),
                    i + 1
                ),
            ),
            None => cx.push(
                Code::KeystoreKeyMismatch,
                vec![first.sha256.clone()],
                format!("The key in {} does not match its certificate '{}'", key.origin, first.display_name()),
                format!(
                    "The {} key ({}) and the first certificate of its entry, '{}', have different public keys. Salesforce refuses it: \"The private key does not match the certificate chain in the keystore.\"",
                    key.algorithm,
                    key.origin,
                    first.display_name()
                ),
            ),
        }
        return;
    }
    // Each certificate must be followed by its issuer.
    if let Some(w) = chain.windows(2).find(|w| w[0].issuer_key != w[1].subject_key || w[0].is_self_signed()) {
        cx.push(
            Code::KeystoreChainIncomplete,
            chain.iter().map(|c| c.sha256.clone()).collect(),
            format!("The chain in {} is out of order", key.origin),
            format!(
                "In the entry's chain, '{}' is followed by '{}', which is not its issuer. The chain must be the key's certificate, then each issuer in turn.",
                w[0].display_name(),
                w[1].display_name()
            ),
        );
        return;
    }
    // Completeness: compare with the verified path for the same leaf.
    let Some(top) = chain.last() else { return };
    if top.is_self_signed() || verification.chain.first().map(|c| &c.sha256) != Some(&first.sha256) {
        return;
    }
    let in_entry = |c: &Cert| chain.iter().any(|e| e.sha256 == c.sha256);
    let missing: Vec<&Cert> = verification.chain.iter().filter(|c| !in_entry(c)).collect();
    let unresolved = verification.anchor.is_none() && verification.chain.last().map(|c| &c.sha256) == Some(&top.sha256);
    if !missing.is_empty() || unresolved {
        let what = if missing.is_empty() {
            format!("its issuer '{}' is in neither the keystore nor the trust store", top.issuer)
        } else {
            let names: Vec<String> = missing.iter().map(|c| format!("'{}'", c.display_name())).collect();
            format!("the intermediate(s) {} are missing from the entry", names.join(", "))
        };
        cx.push(
            Code::KeystoreChainIncomplete,
            vec![first.sha256.clone()],
            format!("The chain in {} is incomplete", key.origin),
            format!(
                "The entry's chain stops at '{}': {what}. The key entry should hold the certificate and every intermediate (the root may be included).",
                top.display_name()
            ),
        );
    }
}

/// Keystore flow without a keystore input: check what certchain would build the JKS from.
fn check_parts_for_new_jks(cx: &mut Cx, decoded: &Decoded, verification: &Verification) {
    let Some(leaf) = verification.chain.first() else { return };
    let certs = vec![leaf.sha256.clone()];
    match decoded.keys.iter().find(|k| k.spki_der == leaf.spki_der) {
        Some(key) => check_key(cx, key, &certs, &format!("The key for '{}' ({})", leaf.display_name(), key.origin)),
        // A key that matches nothing is reported as key_mismatch already.
        None if decoded.keys.is_empty() => cx.push(
            Code::KeystoreNoPrivateKey,
            certs,
            format!("No private key for '{}': a keystore needs one", leaf.display_name()),
            format!(
                "Import from Keystore needs a PrivateKey entry: the private key of '{}' and its chain. No private key was given, so no keystore can be built (Salesforce would refuse one without it: \"No certificate was imported because the keystore file doesn't contain a PrivateKey entry.\").",
                leaf.display_name()
            ),
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::findings::{Code, Severity};
    use crate::options::{Flow, Options, TrustChoice};
    use crate::{Input, analyze};

    fn fixture(name: &str) -> Vec<u8> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/outputs/inputs").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn der(name: &str) -> Vec<u8> {
        let decoded = crate::decode::decode_inputs(&[Input::new(name, fixture(name))]);
        decoded.certs.first().map(|c| c.der.clone()).unwrap_or_default()
    }

    /// A JKS written with certchain's own writer, with the given chain order.
    fn jks(order: &[&str]) -> Input {
        let key = crate::decode::decode_inputs(&[Input::new("good.key", fixture("good.key"))]);
        let pkcs8 = key.keys.first().map(|k| k.pkcs8_der.clone()).unwrap_or_default();
        let certs: Vec<Vec<u8>> = order.iter().map(|n| der(n)).collect();
        let chain: Vec<&[u8]> = certs.iter().map(Vec::as_slice).collect();
        let bytes = crate::outputs::jks::build(&pkcs8, &chain, "client", "changeit", 0, &[9; 32]);
        Input::new("store.jks", bytes).with_password("changeit")
    }

    fn codes(input: Input, flow: Flow) -> Vec<(Code, Severity)> {
        let mut options =
            Options::new(crate::time::UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").expect("valid time"));
        options.flow = flow;
        options.trust = TrustChoice::Custom;
        options.custom_roots = vec![Input::new("root.pem", fixture("root.pem"))];
        analyze(&[input], &options).findings.iter().map(|f| (f.code, f.severity)).collect()
    }

    #[test]
    fn chain_order_in_a_jks_entry() {
        let preflight = |order: &[&str]| -> Vec<Code> {
            codes(jks(order), Flow::Keystore)
                .into_iter()
                .map(|(c, _)| c)
                .filter(|c| c.as_str().starts_with("keystore_"))
                .collect()
        };
        assert_eq!(preflight(&["good.pem", "int.pem", "root.pem"]), Vec::<Code>::new());
        assert_eq!(preflight(&["good.pem", "int.pem"]), Vec::<Code>::new(), "the root may be left out");
        assert_eq!(preflight(&["int.pem", "good.pem"]), [Code::KeystoreChainIncomplete], "leaf not first");
        assert_eq!(preflight(&["good.pem", "root.pem", "int.pem"]), [Code::KeystoreChainIncomplete], "issuer order");
        assert_eq!(preflight(&["good.pem"]), [Code::KeystoreChainIncomplete], "intermediate missing");
        assert_eq!(preflight(&["int.pem"]), [Code::KeystoreKeyMismatch], "no certificate of the key");
    }

    #[test]
    fn outside_the_keystore_flow_a_jks_gets_warnings() {
        let found = codes(jks(&["good.pem"]), Flow::Inbound);
        let keystore: Vec<_> = found.iter().filter(|(c, _)| c.as_str().starts_with("keystore_")).collect();
        assert_eq!(keystore, [&(Code::KeystoreChainIncomplete, Severity::Warning)]);
    }
}
