//! One test per input format: fixtures from tests/fixtures/make-inputs.sh.
#![allow(clippy::unwrap_used)]

use certchain_core::Input;
use certchain_core::decode::{DecodeErrorKind, Decoded, Integrity, ItemKind, KeystoreEntryKind, decode_inputs};
use certchain_core::keys::{KeyAlgorithm, KeyFormat};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/inputs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode(name: &str, password: Option<&str>) -> Decoded {
    let mut input = Input::new(name, fixture(name));
    input.password = password.map(str::to_string);
    decode_inputs(&[input])
}

fn decode_ok(name: &str, password: Option<&str>) -> Decoded {
    let d = decode(name, password);
    assert!(d.inputs[0].errors.is_empty(), "{name}: {:#?}", d.inputs[0].errors);
    d
}

fn only_error_kind(d: &Decoded) -> DecodeErrorKind {
    assert_eq!(d.inputs[0].errors.len(), 1, "{:#?}", d.inputs[0].errors);
    d.inputs[0].errors[0].kind
}

/// The SPKI of the first public key in a fixture.
fn spki(name: &str) -> Vec<u8> {
    decode_ok(name, None).public_keys[0].spki_der.clone()
}

fn cert_hashes(d: &Decoded) -> Vec<String> {
    d.certs.iter().map(|c| c.sha256.clone()).collect()
}

fn begin_lines(name: &str) -> Vec<usize> {
    String::from_utf8(fixture(name))
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("-----BEGIN"))
        .map(|(i, _)| i + 1)
        .collect()
}

fn leaf_hash() -> String {
    decode_ok("leaf.der", None).certs[0].sha256.clone()
}

#[test]
fn pem_chain_lists_each_certificate_with_its_line() {
    let d = decode_ok("chain.pem", None);
    let s = &d.inputs[0];
    assert_eq!(s.format, "PEM text");
    assert_eq!(d.certs.len(), 3);
    let lines: Vec<usize> = s.items.iter().map(|i| i.line.unwrap()).collect();
    assert_eq!(lines, begin_lines("chain.pem"));
    assert!(s.items.iter().all(|i| i.kind == ItemKind::Certificate));
    assert_eq!(s.items[0].label, d.certs[0].subject);
    assert!(s.items[0].label.contains("client.example.test"));
    assert_eq!(s.items[0].sha256.as_deref(), Some(leaf_hash().as_str()));
    assert_eq!(d.certs[0].origin.line, Some(1));
}

#[test]
fn der_certificate_is_sniffed() {
    let d = decode_ok("leaf.der", None);
    assert_eq!(d.inputs[0].format, "DER");
    assert_eq!(d.certs.len(), 1);
    assert_eq!(d.inputs[0].items[0].line, None);
    assert_eq!(cert_hashes(&decode_ok("leaf.pem", None)), vec![leaf_hash()]);
}

#[test]
fn trusted_and_x509_certificate_labels() {
    let root = decode_ok("root.pem", None).certs[0].sha256.clone();
    let trusted = decode_ok("trusted.pem", None);
    assert_eq!(cert_hashes(&trusted), vec![root]);
    assert_eq!(
        trusted.inputs[0].items[0].container.as_deref(),
        Some("OpenSSL TRUSTED CERTIFICATE; its trust settings are not used")
    );
    assert_eq!(cert_hashes(&decode_ok("x509-label.pem", None)), vec![leaf_hash()]);
}

#[test]
fn pkcs7_bundles_keep_file_order() {
    let chain = cert_hashes(&decode_ok("chain.pem", None));
    for name in ["chain.p7b.pem", "chain.p7b"] {
        let d = decode_ok(name, None);
        assert_eq!(cert_hashes(&d), chain, "{name}");
        assert_eq!(d.inputs[0].items[1].container.as_deref(), Some("PKCS#7 certificate 2"));
    }
    assert_eq!(decode_ok("chain.p7b", None).inputs[0].format, "PKCS#7");
}

#[test]
fn ber_pkcs7_and_pkcs12_are_read() {
    let d = decode_ok("signed-ber.p7m", None);
    assert_eq!(d.inputs[0].format, "PKCS#7");
    let mut hashes = cert_hashes(&d);
    hashes.sort();
    let mut expected = vec![leaf_hash(), decode_ok("int.pem", None).certs[0].sha256.clone()];
    expected.sort();
    assert_eq!(hashes, expected);
    // A PKCS#12 whose outer SEQUENCE uses an indefinite length.
    let der = fixture("modern.p12");
    let (_, _, header_len) = (der[0], der[1], if der[1] == 0x82 { 4 } else { 3 });
    let mut ber = vec![0x30, 0x80];
    ber.extend_from_slice(&der[header_len..]);
    ber.extend_from_slice(&[0, 0]);
    let d = decode_inputs(&[Input::new("ber.p12", ber).with_password("secret")]);
    assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
    assert_eq!(d.keys.len(), 1);
}

#[test]
fn csrs_in_every_form_match_the_key_and_verify() {
    let leaf_spki = spki("leaf.pub.pem");
    for name in ["csr.pem", "csr-new.pem", "csr.der"] {
        let d = decode_ok(name, None);
        assert_eq!(d.csrs.len(), 1, "{name}");
        let csr = &d.csrs[0];
        assert_eq!(csr.spki_der, leaf_spki, "{name}");
        assert_eq!(csr.algorithm, KeyAlgorithm::Rsa { bits: 2048 });
        assert!(csr.subject.contains("CN=client.example.test"), "{}", csr.subject);
        assert_eq!(csr.signature, Ok(()), "{name}");
        assert_eq!(d.inputs[0].items[0].kind, ItemKind::Csr);
    }
}

#[test]
fn tampered_csr_signature_is_recorded() {
    let mut der = fixture("csr.der");
    let n = der.len();
    der[n - 5] ^= 0x01; // inside the signature
    let d = decode_inputs(&[Input::new("csr.der", der)]);
    assert_eq!(d.csrs.len(), 1);
    assert!(d.csrs[0].signature.is_err());
}

#[test]
fn rsa_private_keys_in_every_form_derive_the_public_key() {
    let leaf_spki = spki("leaf.pub.pem");
    for (name, format) in [
        ("leaf.key", KeyFormat::Pkcs8),
        ("leaf-pkcs8.der", KeyFormat::Pkcs8),
        ("leaf-pkcs1.pem", KeyFormat::Pkcs1),
        ("leaf-pkcs1.der", KeyFormat::Pkcs1),
    ] {
        let d = decode_ok(name, None);
        assert_eq!(d.keys.len(), 1, "{name}");
        let key = &d.keys[0];
        assert_eq!(key.spki_der, leaf_spki, "{name}");
        assert_eq!(key.algorithm, KeyAlgorithm::Rsa { bits: 2048 });
        assert_eq!(key.format, format);
        assert_eq!(d.inputs[0].items[0].kind, ItemKind::PrivateKey);
        // The stored PKCS#8 is itself decodable to the same key.
        let again = decode_inputs(&[Input::new("again", key.pkcs8_der.clone())]);
        assert_eq!(again.keys[0].spki_der, leaf_spki);
    }
    assert_eq!(decode_ok("leaf.key", None).inputs[0].items[0].label, "RSA 2048 private key (PKCS#8)");
}

#[test]
fn ec_and_ed25519_keys_derive_the_public_key() {
    let p256 = spki("ec256.pub.pem");
    for name in ["ec256.key", "ec256-sec1.pem", "ec256-sec1.der", "ec256-sec1-nopub.pem"] {
        let d = decode_ok(name, None);
        assert_eq!(d.keys[0].spki_der, p256, "{name}");
        assert_eq!(d.keys[0].algorithm, KeyAlgorithm::Ec { curve: "P-256".into() });
    }
    // `openssl ecparam -genkey` writes EC PARAMETERS before the key: recognised, not an error.
    let d = decode_ok("ec384-params.pem", None);
    assert_eq!(d.inputs[0].items[0].kind, ItemKind::Other);
    assert!(d.inputs[0].items[0].label.contains("P-384"));
    assert_eq!(d.inputs[0].items[1].line, Some(4));
    assert_eq!(d.keys[0].spki_der, spki("ec384.pub.pem"));
    assert_eq!(decode_ok("ec521.key", None).keys[0].spki_der, spki("ec521.pub.pem"));
    let ed = decode_ok("ed25519.key", None);
    assert_eq!(ed.keys[0].algorithm, KeyAlgorithm::Ed25519);
    assert_eq!(ed.keys[0].spki_der, spki("ed25519.pub.pem"));
}

#[test]
fn encrypted_pkcs8_keys_need_the_right_password() {
    let leaf_spki = spki("leaf.pub.pem");
    for name in ["leaf-enc-aes256.pem", "leaf-enc-sha1prf.pem", "leaf-enc.der"] {
        let d = decode_ok(name, Some("secret"));
        assert_eq!(d.keys[0].spki_der, leaf_spki, "{name}");
        assert_eq!(d.keys[0].format, KeyFormat::EncryptedPkcs8);
        assert_eq!(only_error_kind(&decode(name, None)), DecodeErrorKind::PasswordRequired, "{name}");
        assert_eq!(only_error_kind(&decode(name, Some("wrong"))), DecodeErrorKind::WrongPassword, "{name}");
    }
    let p256 = spki("ec256.pub.pem");
    for name in ["ec256-enc-pbe3des.pem", "ec256-enc-pbes1.pem"] {
        assert_eq!(decode_ok(name, Some("secret")).keys[0].spki_der, p256, "{name}");
        assert_eq!(only_error_kind(&decode(name, Some("nope"))), DecodeErrorKind::WrongPassword, "{name}");
    }
    let error = &decode("leaf-enc-aes256.pem", None).inputs[0].errors[0];
    assert_eq!(error.line, Some(1));
}

#[test]
fn legacy_encrypted_pem_keys() {
    let leaf_spki = spki("leaf.pub.pem");
    for name in ["leaf-legacy-aes256.pem", "leaf-legacy-aes128.pem", "leaf-legacy-des3.pem", "leaf-legacy-des.pem"] {
        let d = decode_ok(name, Some("secret"));
        assert_eq!(d.keys[0].spki_der, leaf_spki, "{name}");
        assert_eq!(d.keys[0].format, KeyFormat::LegacyEncryptedPem);
        assert_eq!(only_error_kind(&decode(name, None)), DecodeErrorKind::PasswordRequired, "{name}");
        assert_eq!(only_error_kind(&decode(name, Some("Secret"))), DecodeErrorKind::WrongPassword, "{name}");
    }
    let d = decode_ok("ec256-legacy-aes192.pem", Some("secret"));
    assert_eq!(d.keys[0].spki_der, spki("ec256.pub.pem"));
}

#[test]
fn public_keys_spki_and_pkcs1() {
    let a = decode_ok("leaf.pub.pem", None);
    let b = decode_ok("leaf-rsapub.pem", None);
    assert_eq!(a.public_keys[0].spki_der, b.public_keys[0].spki_der);
    assert_eq!(b.public_keys[0].algorithm, KeyAlgorithm::Rsa { bits: 2048 });
    assert_eq!(a.inputs[0].items[0].label, "RSA 2048 public key");
    // The certificate's own SPKI is the same bytes.
    let leaf = decode_ok("leaf.pem", None);
    use der::Encode;
    let cert_spki = leaf.certs[0].parsed.tbs_certificate().subject_public_key_info().to_der().unwrap();
    assert_eq!(cert_spki, a.public_keys[0].spki_der);
}

#[test]
fn crls_pem_and_der() {
    for name in ["crl.pem", "crl.der"] {
        let d = decode_ok(name, None);
        assert_eq!(d.crls.len(), 1);
        assert!(d.crls[0].issuer.contains("Decode Test Root"));
        assert_eq!(d.inputs[0].items[0].kind, ItemKind::Crl);
    }
}

#[test]
fn pkcs12_modern_legacy_and_nomac() {
    let leaf_spki = spki("leaf.pub.pem");
    let int = decode_ok("int.pem", None).certs[0].sha256.clone();
    for (name, integrity) in
        [("modern.p12", Integrity::Verified), ("legacy.p12", Integrity::Verified), ("nomac.p12", Integrity::Absent)]
    {
        let d = decode_ok(name, Some("secret"));
        assert_eq!(d.inputs[0].format, "PKCS#12", "{name}");
        assert_eq!(d.keys.len(), 1, "{name}");
        assert_eq!(d.keys[0].spki_der, leaf_spki, "{name}");
        assert_eq!(d.keys[0].format, KeyFormat::Pkcs12);
        let mut hashes = cert_hashes(&d);
        hashes.sort();
        let mut expected = vec![leaf_hash(), int.clone()];
        expected.sort();
        assert_eq!(hashes, expected, "{name}");
        let store = d.inputs[0].keystore.as_ref().unwrap();
        assert_eq!(store.integrity, integrity, "{name}");
        assert_eq!(store.entries.len(), 1, "{name}");
        assert_eq!(store.entries[0].alias, "client");
        assert_eq!(store.entries[0].certificates, 2, "{name}: the leaf (same localKeyId) and the intermediate");
        assert!(store.entries[0].key_decrypted);
        let key_item = d.inputs[0].items.iter().find(|i| i.kind == ItemKind::PrivateKey).unwrap();
        assert!(key_item.container.as_ref().unwrap().contains("\"client\""), "{:?}", key_item.container);
        assert!(key_item.container.as_ref().unwrap().contains("localKeyId"), "{:?}", key_item.container);
        assert_eq!(only_error_kind(&decode(name, Some("wrong"))), DecodeErrorKind::WrongPassword, "{name}");
        assert_eq!(only_error_kind(&decode(name, None)), DecodeErrorKind::PasswordRequired, "{name}");
    }
}

#[test]
fn pkcs12_with_empty_or_no_password() {
    let leaf_spki = spki("leaf.pub.pem");
    for name in ["empty-password.p12", "unencrypted.p12"] {
        let d = decode_ok(name, None);
        if name == "empty-password.p12" {
            assert_eq!(d.inputs[0].keystore.as_ref().unwrap().default_password.as_deref(), Some(""));
        }
        assert_eq!(d.keys[0].spki_der, leaf_spki, "{name}");
        assert_eq!(d.certs.len(), 2, "{name}");
    }
    // keytool's PKCS#12 keystore converted from JKS.
    let d = decode_ok("keytool.p12", Some("storepass"));
    assert_eq!(d.keys[0].spki_der, leaf_spki);
    assert_eq!(d.certs.len(), 2);
    let store = d.inputs[0].keystore.as_ref().unwrap();
    assert_eq!(store.integrity, Integrity::Verified);
    assert_eq!(store.entries[0].alias, "client");
    // keytool's PKCS#12 truststore: one trusted certificate entry.
    let d = decode_ok("truststore.p12", Some("storepass"));
    assert_eq!(d.certs.len(), 1);
    let store = d.inputs[0].keystore.as_ref().unwrap();
    assert_eq!(store.entries[0].kind, KeystoreEntryKind::TrustedCertificate);
    assert_eq!(store.entries[0].alias, "decode-root");
}

#[test]
fn jks_private_key_entry_and_chain() {
    let d = decode_ok("store.jks", Some("storepass"));
    let s = &d.inputs[0];
    assert_eq!(s.format, "JKS");
    assert_eq!(s.keystore.as_ref().unwrap().default_password, None);
    assert_eq!(d.keys.len(), 1);
    assert_eq!(d.keys[0].spki_der, spki("leaf.pub.pem"));
    assert_eq!(d.keys[0].format, KeyFormat::Jks);
    assert_eq!(d.certs[0].sha256, leaf_hash());
    assert_eq!(d.certs.len(), 2);
    let store = s.keystore.as_ref().unwrap();
    assert_eq!(store.integrity, Integrity::Verified);
    assert_eq!(store.entries.len(), 1);
    assert_eq!(store.entries[0].alias, "client");
    assert_eq!(store.entries[0].kind, KeystoreEntryKind::PrivateKey);
    assert_eq!(store.entries[0].certificates, 2);
    assert!(store.entries[0].key_decrypted);
    assert!(!store.entries[0].key_password_differs);
    assert_eq!(s.items[1].container.as_deref(), Some("JKS alias \"client\", certificate 1 of 2"));
}

#[test]
fn jks_wrong_or_missing_password_still_lists_certificates() {
    let d = decode("store.jks", Some("wrong"));
    assert_eq!(only_error_kind(&d), DecodeErrorKind::WrongPassword);
    assert_eq!(d.certs.len(), 2);
    assert!(d.keys.is_empty());
    assert_eq!(d.inputs[0].keystore.as_ref().unwrap().integrity, Integrity::Failed);
    let d = decode("store.jks", None);
    assert_eq!(only_error_kind(&d), DecodeErrorKind::PasswordRequired);
    assert_eq!(d.certs.len(), 2);
}

#[test]
fn jks_key_password_differing_from_store_password_is_flagged() {
    let d = decode("jks-keypass-differs.jks", Some("storepass"));
    assert_eq!(only_error_kind(&d), DecodeErrorKind::WrongPassword);
    let error = &d.inputs[0].errors[0];
    assert!(error.message.contains("different key password"), "{}", error.message);
    assert!(error.hint.contains("keytool -keypasswd"), "{}", error.hint);
    let store = d.inputs[0].keystore.as_ref().unwrap();
    assert_eq!(store.integrity, Integrity::Verified);
    assert!(store.entries[0].key_password_differs);
    assert!(!store.entries[0].key_decrypted);
    assert_eq!(d.certs.len(), 2);
}

#[test]
fn jks_truststore_and_jceks() {
    let root = decode_ok("root.pem", None).certs[0].sha256.clone();
    // No password: certificates are public; there is no key to decrypt, so no error.
    let d = decode_ok("truststore.jks", None);
    assert_eq!(cert_hashes(&d), vec![root.clone()]);
    let store = d.inputs[0].keystore.as_ref().unwrap();
    assert_eq!(store.entries[0].kind, KeystoreEntryKind::TrustedCertificate);
    assert_eq!(store.integrity, Integrity::NotChecked);
    assert_eq!(
        decode_ok("truststore.jks", Some("storepass")).inputs[0].keystore.as_ref().unwrap().integrity,
        Integrity::Verified
    );

    // The JDK default password is tried when none is given, and reported.
    let d = decode_ok("changeit.jks", None);
    let store = d.inputs[0].keystore.as_ref().unwrap();
    assert_eq!(store.integrity, Integrity::Verified);
    assert_eq!(store.default_password.as_deref(), Some("changeit"));

    let d = decode_ok("store.jceks", Some("storepass"));
    assert_eq!(d.inputs[0].format, "JCEKS");
    assert_eq!(d.keys.len(), 1);
    assert_eq!(d.keys[0].spki_der, spki("leaf.pub.pem"));
    assert_eq!(d.certs.len(), 2);
}

#[test]
fn base64_keystores_without_armour() {
    use base64ct::Encoding;
    for (name, password) in [("store.jks", "storepass"), ("modern.p12", "secret")] {
        let text = base64ct::Base64::encode_string(&fixture(name));
        let wrapped: Vec<String> = text.as_bytes().chunks(64).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        let input = Input::new(name, wrapped.join("\n")).with_password(password);
        let d = decode_inputs(&[input]);
        assert!(d.inputs[0].errors.is_empty(), "{name}: {:?}", d.inputs[0].errors);
        assert_eq!(d.keys.len(), 1, "{name}");
    }
}

#[test]
fn several_inputs_keep_their_own_summaries() {
    let inputs = vec![
        Input::new("chain.pem", fixture("chain.pem")),
        Input::new("leaf.key", fixture("leaf.key")),
        Input::new("modern.p12", fixture("modern.p12")).with_password("secret"),
    ];
    let d = decode_inputs(&inputs);
    assert_eq!(d.inputs.len(), 3);
    assert_eq!(d.certs.len(), 5);
    assert_eq!(d.keys.len(), 2);
    assert_eq!(d.keys[1].origin.input, 2);
    assert_eq!(d.certs[3].origin.file, "modern.p12");
}
