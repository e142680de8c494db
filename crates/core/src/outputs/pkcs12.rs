//! Writing a PKCS#12 file (RFC 7292) the way OpenSSL 3 does by default, with modern algorithms:
//! the certificates in an encrypted safe and the key in a shrouded key bag, both PBES2 with
//! PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018), and an HMAC-SHA256 MAC keyed with the PKCS#12
//! KDF (RFC 7292 appendix B). Read back by `decode::pkcs12`, OpenSSL 3 and Java 8u301+ keytool.

use super::expand;
use crate::tlv::{self, INTEGER, OCTET_STRING, SEQUENCE, encode};
use der::Encode;
use sha1::Digest;

/// PBKDF2 and MAC iterations. Java's PKCS#12 default (10000); OpenSSL 3 writes 2048.
const ITERATIONS: u32 = 10_000;

mod oid {
    pub const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
    pub const ENCRYPTED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06];
    pub const SHROUDED_KEY_BAG: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02];
    pub const CERT_BAG: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x03];
    pub const X509_CERTIFICATE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01];
    pub const FRIENDLY_NAME: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14];
    pub const LOCAL_KEY_ID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x15];
    pub const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
}

const SET: u8 = 0x31;
/// `[0]` IMPLICIT primitive (encryptedContent).
const CONTEXT_0_PRIMITIVE: u8 = 0x80;

fn oid(bytes: &[u8]) -> Vec<u8> {
    encode(tlv::OID, bytes)
}

fn explicit0(inner: &[u8]) -> Vec<u8> {
    encode(tlv::CONTEXT_0, inner)
}

/// DER SET OF: elements sorted by their encodings (X.690 §11.6).
fn set_of(mut items: Vec<Vec<u8>>) -> Vec<u8> {
    items.sort();
    encode(SET, &items.concat())
}

/// PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) encryption: (AlgorithmIdentifier DER, ciphertext).
fn pbes2_encrypt(plain: &[u8], password: &str, entropy: &[u8; 32], label: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let salt = expand(entropy, &format!("{label} salt"), 16);
    let mut iv = [0u8; 16];
    iv.copy_from_slice(&expand(entropy, &format!("{label} iv"), 16));
    let params = pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(ITERATIONS, &salt, iv)
        .map_err(|e| format!("PBES2 parameters could not be built: {e}"))?;
    let ciphertext = params.encrypt(password.as_bytes(), plain).map_err(|e| format!("PBES2 encryption failed: {e}"))?;
    let algorithm = pkcs5::EncryptionScheme::from(params)
        .to_der()
        .map_err(|e| format!("PBES2 parameters could not be encoded: {e}"))?;
    Ok((algorithm, ciphertext))
}

/// `SafeBag ::= SEQUENCE { bagId, [0] EXPLICIT bagValue, bagAttributes SET OF Attribute }`.
fn safe_bag(bag_id: &[u8], value: &[u8], attributes: Vec<Vec<u8>>) -> Vec<u8> {
    let mut content = oid(bag_id);
    content.extend(explicit0(value));
    if !attributes.is_empty() {
        content.extend(set_of(attributes));
    }
    encode(SEQUENCE, &content)
}

fn attribute(attr_id: &[u8], value: Vec<u8>) -> Vec<u8> {
    encode(SEQUENCE, &[oid(attr_id), set_of(vec![value])].concat())
}

/// Build the PFX. `chain` is leaf first; the leaf's bag carries the alias and localKeyId
/// (SHA-1 of the leaf, as OpenSSL writes it), the CA certificates carry no attributes.
pub(super) fn build(
    pkcs8: &[u8],
    chain: &[&[u8]],
    alias: &str,
    password: &str,
    entropy: &[u8; 32],
) -> Result<Vec<u8>, String> {
    let leaf = chain.first().ok_or("no certificate to put in the PKCS#12 file")?;
    let local_key_id = sha1::Sha1::digest(leaf).to_vec();
    let attrs = || {
        vec![
            attribute(oid::FRIENDLY_NAME, encode(tlv::BMP_STRING, &tlv::string_to_utf16be(alias))),
            attribute(oid::LOCAL_KEY_ID, encode(OCTET_STRING, &local_key_id)),
        ]
    };

    // Certificates: SafeContents, encrypted as EncryptedData (RFC 5652 §8).
    let cert_bags: Vec<u8> = chain
        .iter()
        .enumerate()
        .map(|(i, der)| {
            let cert_bag =
                encode(SEQUENCE, &[oid(oid::X509_CERTIFICATE), explicit0(&encode(OCTET_STRING, der))].concat());
            safe_bag(oid::CERT_BAG, &cert_bag, if i == 0 { attrs() } else { Vec::new() })
        })
        .collect::<Vec<_>>()
        .concat();
    let cert_safe_contents = encode(SEQUENCE, &cert_bags);
    let (cert_alg, cert_ct) = pbes2_encrypt(&cert_safe_contents, password, entropy, "pkcs12 certificates")?;
    let encrypted_content_info =
        encode(SEQUENCE, &[oid(oid::DATA), cert_alg, encode(CONTEXT_0_PRIMITIVE, &cert_ct)].concat());
    let encrypted_data = encode(SEQUENCE, &[encode(INTEGER, &[0]), encrypted_content_info].concat());
    let cert_safe = encode(SEQUENCE, &[oid(oid::ENCRYPTED_DATA), explicit0(&encrypted_data)].concat());

    // Key: pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo) in a plain id-data safe.
    let (key_alg, key_ct) = pbes2_encrypt(pkcs8, password, entropy, "pkcs12 key")?;
    let encrypted_key = encode(SEQUENCE, &[key_alg, encode(OCTET_STRING, &key_ct)].concat());
    let key_safe_contents = encode(SEQUENCE, &safe_bag(oid::SHROUDED_KEY_BAG, &encrypted_key, attrs()));
    let key_safe = encode(SEQUENCE, &[oid(oid::DATA), explicit0(&encode(OCTET_STRING, &key_safe_contents))].concat());

    let auth_safe = encode(SEQUENCE, &[cert_safe, key_safe].concat());
    let auth_safe_info = encode(SEQUENCE, &[oid(oid::DATA), explicit0(&encode(OCTET_STRING, &auth_safe))].concat());

    // MacData: HMAC-SHA256 over the AuthenticatedSafe octets, key from the PKCS#12 KDF (ID 3).
    let mac_salt = expand(entropy, "pkcs12 mac salt", 16);
    let mut bmp = tlv::string_to_utf16be(password);
    bmp.extend_from_slice(&[0, 0]);
    let rounds = i32::try_from(ITERATIONS).unwrap_or(i32::MAX);
    let mac_key = pkcs12::kdf::derive_key::<sha2::Sha256>(&bmp, &mac_salt, pkcs12::kdf::Pkcs12KeyType::Mac, rounds, 32);
    let digest = {
        use hmac::{KeyInit, Mac};
        let mut mac = <hmac::SimpleHmac<sha2::Sha256> as KeyInit>::new_from_slice(&mac_key)
            .map_err(|_| "the MAC key could not be used".to_string())?;
        mac.update(&auth_safe);
        mac.finalize().into_bytes().to_vec()
    };
    let digest_info = encode(
        SEQUENCE,
        &[encode(SEQUENCE, &[oid(oid::SHA256), encode(0x05, &[])].concat()), encode(OCTET_STRING, &digest)].concat(),
    );
    let mac_data = encode(
        SEQUENCE,
        &[digest_info, encode(OCTET_STRING, &mac_salt), encode(INTEGER, &integer_bytes(ITERATIONS))].concat(),
    );

    Ok(encode(SEQUENCE, &[encode(INTEGER, &[3]), auth_safe_info, mac_data].concat()))
}

/// Minimal two's-complement big-endian encoding of a non-negative integer.
fn integer_bytes(n: u32) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(3);
    let mut out = bytes.get(skip..).unwrap_or_default().to_vec();
    if out.first().is_some_and(|b| b & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal() {
        assert_eq!(integer_bytes(0), vec![0]);
        assert_eq!(integer_bytes(3), vec![3]);
        assert_eq!(integer_bytes(128), vec![0, 128]);
        assert_eq!(integer_bytes(10_000), vec![0x27, 0x10]);
    }
}
