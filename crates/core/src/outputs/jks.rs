//! Writing a JKS keystore (the format Salesforce's *Import from Keystore* takes), mirroring the
//! reader in `decode/jks.rs` and OpenJDK's `JavaKeyStore.engineStore` and `KeyProtector.protect`:
//! magic 0xFEEDFEED, version 2, one PrivateKeyEntry (alias, creation time, the key protected with
//! Sun's KeyProtector, the chain as "X.509" certificates), then SHA-1 over UTF-16BE(password) ‖
//! "Mighty Aphrodite" ‖ everything before it. The key password equals the store password, which
//! is what Salesforce requires.

use super::expand;
use crate::tlv::{self, OCTET_STRING, SEQUENCE, encode};
use sha1::{Digest, Sha1};

/// Sun's `KeyProtector` algorithm OID 1.3.6.1.4.1.42.2.17.1.1.
const KEY_PROTECTOR_OID: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x2a, 0x02, 0x11, 0x01, 0x01];

/// `KeyProtector.protect`: salt(20) ‖ plaintext XOR keystream ‖ SHA-1(password ‖ plaintext),
/// keystream blocks = SHA-1(password ‖ previous block), starting from the salt.
pub(super) fn protect(pkcs8: &[u8], password: &str, salt: &[u8; 20]) -> Vec<u8> {
    let password = tlv::string_to_utf16be(password);
    let mut out = salt.to_vec();
    let mut block = salt.to_vec();
    for chunk in pkcs8.chunks(20) {
        block = Sha1::new().chain_update(&password).chain_update(&block).finalize().to_vec();
        out.extend(chunk.iter().zip(block.iter()).map(|(p, k)| p ^ k));
    }
    out.extend(Sha1::new().chain_update(&password).chain_update(pkcs8).finalize());
    out
}

/// Java `DataOutputStream.writeUTF` for the ASCII aliases we allow (modified UTF-8 = UTF-8 here).
fn write_utf(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes.get(..usize::from(len)).unwrap_or_default());
}

fn write_blob(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Build the keystore. `chain` is leaf first; `created_millis` is the entry's creation date.
pub(crate) fn build(
    pkcs8: &[u8],
    chain: &[&[u8]],
    alias: &str,
    password: &str,
    created_millis: i64,
    entropy: &[u8; 32],
) -> Vec<u8> {
    let mut salt = [0u8; 20];
    salt.copy_from_slice(&expand(entropy, "jks key protector salt", 20));
    let protected = protect(pkcs8, password, &salt);
    // EncryptedPrivateKeyInfo { AlgorithmIdentifier { KeyProtector, NULL }, OCTET STRING }.
    let algorithm = encode(SEQUENCE, &[encode(tlv::OID, KEY_PROTECTOR_OID), encode(0x05, &[])].concat());
    let encrypted = encode(SEQUENCE, &[algorithm, encode(OCTET_STRING, &protected)].concat());

    let mut out = Vec::new();
    out.extend_from_slice(&[0xfe, 0xed, 0xfe, 0xed]);
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&1u32.to_be_bytes());
    out.extend_from_slice(&1u32.to_be_bytes()); // tag 1: private key entry
    write_utf(&mut out, alias);
    out.extend_from_slice(&created_millis.to_be_bytes());
    write_blob(&mut out, &encrypted);
    out.extend_from_slice(&u32::try_from(chain.len()).unwrap_or(u32::MAX).to_be_bytes());
    for cert in chain {
        write_utf(&mut out, "X.509");
        write_blob(&mut out, cert);
    }
    let digest = Sha1::new()
        .chain_update(tlv::string_to_utf16be(password))
        .chain_update(b"Mighty Aphrodite")
        .chain_update(&out)
        .finalize();
    out.extend_from_slice(&digest);
    out
}
