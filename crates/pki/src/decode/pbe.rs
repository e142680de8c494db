//! Password-based decryption used by encrypted PKCS#8 keys, PKCS#12 files, OpenSSL's legacy
//! encrypted PEM and Java keystores.
//!
//! PBES2 (RFC 8018 §6.2) comes from the `pkcs5` crate. No crate implements the others, so they
//! are written here on top of the RustCrypto primitives (des, rc2, aes, cbc, md-5, sha1):
//! - PKCS#12 PBE (RFC 7292 appendix B and C: pbeWithSHAAnd3-KeyTripleDES-CBC, ...-2-KeyTripleDES,
//!   ...128BitRC2-CBC, ...40BitRC2-CBC) with the PKCS#12 KDF from the `pkcs12` crate;
//! - PBES1 (RFC 8018 §6.1: pbeWithMD5AndDES-CBC, pbeWithSHA1AndDES-CBC);
//! - OpenSSL's `Proc-Type: 4,ENCRYPTED` PEM (`EVP_BytesToKey` with MD5, one round);
//! - Sun's `PBEWithMD5AndTripleDES` (JCEKS private keys, `com.sun.crypto.provider.PBES1Core`).
//!
//! Encryption for writing PKCS#12 (PBES2/AES-256 + SHA-256 MAC) belongs next to these
//! functions when it is added: the KDF and password encodings here are shared.

use super::tlv;
use crate::oids::{oid_label, pbe};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipherDecrypt, BlockModeDecrypt, InnerIvInit, KeyInit, KeyIvInit};
use der::Decode;
use sha1::{Digest, Sha1};

/// Largest iteration count accepted. A hostile file could ask for 2^31 rounds and hang the page;
/// OpenSSL 3 writes 2048 and current JDKs 10000, password managers up to ~600000.
pub const MAX_ITERATIONS: u64 = 2_000_000;
/// Largest scrypt memory (128·r·N bytes) accepted, for the same reason (OpenSSL's default is 16 MiB).
const MAX_SCRYPT_MEMORY: u64 = 64 * 1024 * 1024;

/// A password candidate. OpenSSL distinguishes an empty password from none at all: for PKCS#12
/// the empty string is encoded as the BMPString terminator `00 00`, "none" as zero bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Password<'a> {
    Text(&'a str),
    Absent,
}

impl Password<'_> {
    /// Bytes for PBKDF1/PBKDF2 and EVP_BytesToKey: UTF-8 (OpenSSL passes the bytes as typed).
    pub fn utf8(&self) -> &[u8] {
        match self {
            Password::Text(t) => t.as_bytes(),
            Password::Absent => &[],
        }
    }
    /// Bytes for the PKCS#12 KDF: UTF-16BE with a two-byte terminator (RFC 7292 appendix B.1).
    pub fn bmp(&self) -> Vec<u8> {
        match self {
            Password::Text(t) => {
                let mut v = tlv::string_to_utf16be(t);
                v.extend_from_slice(&[0, 0]);
                v
            }
            Password::Absent => Vec::new(),
        }
    }
}

/// Why decryption failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PbeError {
    /// Padding or structure check failed after decryption: almost always a wrong password.
    WrongPassword,
    Unsupported(String),
    Malformed(String),
}

/// Decrypt `ciphertext` with the scheme named by the DER AlgorithmIdentifier `algorithm`.
pub fn decrypt(algorithm: &[u8], password: Password<'_>, ciphertext: &[u8]) -> Result<Vec<u8>, PbeError> {
    let alg = spki::AlgorithmIdentifierRef::from_der(algorithm)
        .map_err(|e| PbeError::Malformed(format!("the encryption algorithm identifier cannot be read: {e}")))?;
    let params = alg.parameters.map(|p| der::Encode::to_der(&p)).transpose().ok().flatten().unwrap_or_default();
    match alg.oid {
        pbe::PBES2 => pbes2(algorithm, password, ciphertext),
        pbe::PKCS12_3DES => pkcs12_pbe(Cipher::TripleDes3, &params, password, ciphertext),
        pbe::PKCS12_2DES => pkcs12_pbe(Cipher::TripleDes2, &params, password, ciphertext),
        pbe::PKCS12_RC2_128 => pkcs12_pbe(Cipher::Rc2 { key_len: 16 }, &params, password, ciphertext),
        pbe::PKCS12_RC2_40 => pkcs12_pbe(Cipher::Rc2 { key_len: 5 }, &params, password, ciphertext),
        pbe::PKCS12_RC4_128 | pbe::PKCS12_RC4_40 => {
            Err(PbeError::Unsupported("RC4 encryption (pbeWithSHAAnd128BitRC4/40BitRC4) is not supported".into()))
        }
        pbe::PBE_MD5_DES => pbes1::<md5::Md5>(&params, password, ciphertext),
        pbe::PBE_SHA1_DES => pbes1::<Sha1>(&params, password, ciphertext),
        pbe::SUN_PBE_MD5_3DES => sun_pbe_md5_3des(&params, password, ciphertext),
        other => Err(PbeError::Unsupported(format!("encryption algorithm {} is not supported", oid_label(&other)))),
    }
}

/// Hash or KDF rounds one decryption with `algorithm` costs (0 if unknown): charged against the
/// per-input work budget so a file with many expensive encrypted parts stays bounded.
pub fn cost(algorithm: &[u8]) -> u64 {
    let Ok(alg) = spki::AlgorithmIdentifierRef::from_der(algorithm) else { return 0 };
    let params = alg.parameters.map(|p| der::Encode::to_der(&p)).transpose().ok().flatten().unwrap_or_default();
    let param_rounds = || pkcs12_params(&params).map(|(_, n)| n).unwrap_or(0);
    match alg.oid {
        pbe::PBES2 => match pkcs5::EncryptionScheme::from_der(algorithm).ok().as_ref().and_then(|s| s.pbes2()) {
            Some(p) => match (p.kdf.pbkdf2(), p.kdf.scrypt()) {
                (Some(k), _) => u64::from(k.iteration_count),
                (_, Some(k)) => k.cost_parameter.saturating_mul(u64::from(k.block_size)),
                _ => 0,
            },
            None => 0,
        },
        // Key and IV are derived separately.
        pbe::PKCS12_3DES | pbe::PKCS12_2DES | pbe::PKCS12_RC2_128 | pbe::PKCS12_RC2_40 | pbe::SUN_PBE_MD5_3DES => {
            param_rounds().saturating_mul(2)
        }
        pbe::PBE_MD5_DES | pbe::PBE_SHA1_DES => param_rounds(),
        _ => 0,
    }
}

fn check_iterations(count: u64) -> Result<(), PbeError> {
    if count == 0 {
        return Err(PbeError::Malformed("the iteration count is zero".into()));
    }
    if count > MAX_ITERATIONS {
        return Err(PbeError::Unsupported(format!(
            "the iteration count {count} exceeds the {MAX_ITERATIONS} certchain accepts (a guard against files built to hang the analyzer)"
        )));
    }
    Ok(())
}

fn pbes2(algorithm: &[u8], password: Password<'_>, ciphertext: &[u8]) -> Result<Vec<u8>, PbeError> {
    let scheme = pkcs5::EncryptionScheme::from_der(algorithm)
        .map_err(|e| PbeError::Unsupported(format!("PBES2 parameters not supported: {e}")))?;
    let Some(params) = scheme.pbes2() else {
        return Err(PbeError::Unsupported("PBES1 scheme not supported".into()));
    };
    if let Some(p) = params.kdf.pbkdf2() {
        check_iterations(u64::from(p.iteration_count))?;
    }
    if let Some(p) = params.kdf.scrypt() {
        let memory = 128u64.saturating_mul(u64::from(p.block_size)).saturating_mul(p.cost_parameter);
        if memory > MAX_SCRYPT_MEMORY || p.parallelization > 16 {
            return Err(PbeError::Unsupported(format!(
                "scrypt parameters N={} r={} p={} need more than the {} MiB certchain allows",
                p.cost_parameter,
                p.block_size,
                p.parallelization,
                MAX_SCRYPT_MEMORY >> 20
            )));
        }
    }
    params.decrypt(password.utf8(), ciphertext).map_err(|e| match e {
        pkcs5::Error::DecryptFailed => PbeError::WrongPassword,
        pkcs5::Error::UnsupportedAlgorithm { oid } => {
            PbeError::Unsupported(format!("PBES2 with {} is not supported", oid_label(&oid)))
        }
        other => PbeError::Malformed(format!("PBES2 decryption failed: {other}")),
    })
}

#[derive(Debug, Clone, Copy)]
enum Cipher {
    TripleDes3,
    TripleDes2,
    Rc2 { key_len: usize },
    Des,
    Aes { key_len: usize },
}

impl Cipher {
    fn key_len(self) -> usize {
        match self {
            Cipher::TripleDes3 => 24,
            Cipher::TripleDes2 => 16,
            Cipher::Rc2 { key_len } | Cipher::Aes { key_len } => key_len,
            Cipher::Des => 8,
        }
    }
    fn block_len(self) -> usize {
        match self {
            Cipher::Aes { .. } => 16,
            _ => 8,
        }
    }
}

fn cbc_with<C: BlockCipherDecrypt + KeyInit>(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, PbeError> {
    cbc::Decryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| PbeError::Malformed("bad key or IV length".into()))?
        .decrypt_padded_vec::<Pkcs7>(data)
        .map_err(|_| PbeError::WrongPassword)
}

/// CBC decryption with PKCS#7 padding (RFC 8018 §6.1.1 step 4).
fn cbc_decrypt(cipher: Cipher, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, PbeError> {
    if data.is_empty() || !data.len().is_multiple_of(cipher.block_len()) {
        return Err(PbeError::Malformed(format!(
            "the encrypted data is {} bytes, not a positive multiple of the {}-byte block size: it is truncated or damaged",
            data.len(),
            cipher.block_len()
        )));
    }
    match cipher {
        Cipher::TripleDes3 => cbc_with::<des::TdesEde3>(key, iv, data),
        Cipher::TripleDes2 => cbc_with::<des::TdesEde2>(key, iv, data),
        Cipher::Des => cbc_with::<des::Des>(key, iv, data),
        Cipher::Aes { key_len: 16 } => cbc_with::<aes::Aes128>(key, iv, data),
        Cipher::Aes { key_len: 24 } => cbc_with::<aes::Aes192>(key, iv, data),
        Cipher::Aes { .. } => cbc_with::<aes::Aes256>(key, iv, data),
        Cipher::Rc2 { key_len } => {
            // RFC 7292 appendix C: the effective key length equals the key length in bits.
            let rc2 = rc2::Rc2::new_with_eff_key_len(key, key_len * 8);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, iv)
                .map_err(|_| PbeError::Malformed("bad IV length".into()))?
                .decrypt_padded_vec::<Pkcs7>(data)
                .map_err(|_| PbeError::WrongPassword)
        }
    }
}

/// `pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }` (RFC 7292 appendix C).
fn pkcs12_params(params: &[u8]) -> Result<(Vec<u8>, u64), PbeError> {
    let p = pkcs12::pbe_params::Pkcs12PbeParams::from_der(params)
        .map_err(|e| PbeError::Malformed(format!("PKCS#12 PBE parameters cannot be read: {e}")))?;
    let iterations = u64::try_from(p.iterations)
        .map_err(|_| PbeError::Malformed(format!("negative iteration count {}", p.iterations)))?;
    check_iterations(iterations)?;
    Ok((p.salt.as_bytes().to_vec(), iterations))
}

/// The PKCS#12 KDF (RFC 7292 appendix B.2) with SHA-1, as every PKCS#12 PBE scheme uses.
pub fn pkcs12_kdf_sha1(
    password: Password<'_>,
    salt: &[u8],
    purpose: pkcs12::kdf::Pkcs12KeyType,
    iterations: u64,
    len: usize,
) -> Vec<u8> {
    let rounds = i32::try_from(iterations).unwrap_or(i32::MAX);
    pkcs12::kdf::derive_key::<Sha1>(&password.bmp(), salt, purpose, rounds, len)
}

fn pkcs12_pbe(cipher: Cipher, params: &[u8], password: Password<'_>, data: &[u8]) -> Result<Vec<u8>, PbeError> {
    let (salt, iterations) = pkcs12_params(params)?;
    use pkcs12::kdf::Pkcs12KeyType;
    let key = pkcs12_kdf_sha1(password, &salt, Pkcs12KeyType::EncryptionKey, iterations, cipher.key_len());
    let iv = pkcs12_kdf_sha1(password, &salt, Pkcs12KeyType::Iv, iterations, 8);
    cbc_decrypt(cipher, &key, &iv, data)
}

/// PBES1 (RFC 8018 §6.1) with PBKDF1: DK = Hash^c(P || S); key = DK[0..8], IV = DK[8..16].
fn pbes1<D: Digest>(params: &[u8], password: Password<'_>, data: &[u8]) -> Result<Vec<u8>, PbeError> {
    let (salt, iterations) = pkcs12_params(params)?; // PBEParameter has the same shape.
    let mut dk = D::new().chain_update(password.utf8()).chain_update(&salt).finalize().to_vec();
    for _ in 1..iterations {
        dk = D::digest(&dk).to_vec();
    }
    let (key, iv) = (dk.get(..8).unwrap_or_default(), dk.get(8..16).unwrap_or_default());
    cbc_decrypt(Cipher::Des, key, iv, data)
}

/// OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: <cipher>,<hex IV>`):
/// key = EVP_BytesToKey(MD5, salt = first 8 IV bytes, one round). No crate implements this.
pub fn legacy_pem_decrypt(dek_info: &str, password: &str, data: &[u8]) -> Result<Vec<u8>, PbeError> {
    let (name, iv_hex) = dek_info
        .split_once(',')
        .ok_or_else(|| PbeError::Malformed(format!("DEK-Info '{dek_info}' has no ',<IV>' part")))?;
    let cipher = match name.trim().to_ascii_uppercase().as_str() {
        "DES-EDE3-CBC" => Cipher::TripleDes3,
        "DES-CBC" => Cipher::Des,
        "AES-128-CBC" => Cipher::Aes { key_len: 16 },
        "AES-192-CBC" => Cipher::Aes { key_len: 24 },
        "AES-256-CBC" => Cipher::Aes { key_len: 32 },
        other => {
            return Err(PbeError::Unsupported(format!("legacy PEM encryption with cipher {other} is not supported")));
        }
    };
    let iv = hex_decode(iv_hex.trim()).filter(|iv| iv.len() == cipher.block_len()).ok_or_else(|| {
        PbeError::Malformed(format!("the DEK-Info IV '{}' is not {} hex bytes", iv_hex.trim(), cipher.block_len()))
    })?;
    let salt = iv.get(..8).unwrap_or_default();
    let mut key = Vec::with_capacity(cipher.key_len() + 16);
    let mut previous: Vec<u8> = Vec::new();
    while key.len() < cipher.key_len() {
        previous =
            md5::Md5::new().chain_update(&previous).chain_update(password).chain_update(salt).finalize().to_vec();
        key.extend_from_slice(&previous);
    }
    key.truncate(cipher.key_len());
    cbc_decrypt(cipher, &key, &iv, data)
}

/// Sun's `PBEWithMD5AndTripleDES` (OpenJDK `PBES1Core.deriveCipherKey`): the 8-byte salt is split
/// in halves (the first half reversed if both are equal); each half is hashed with the ASCII
/// password `iterations` times; the two 16-byte results give a 24-byte key and an 8-byte IV.
fn sun_pbe_md5_3des(params: &[u8], password: Password<'_>, data: &[u8]) -> Result<Vec<u8>, PbeError> {
    let (mut salt, iterations) = pkcs12_params(params)?;
    if salt.len() != 8 {
        return Err(PbeError::Malformed(format!("PBEWithMD5AndTripleDES salt is {} bytes, not 8", salt.len())));
    }
    if salt.get(..4) == salt.get(4..) {
        salt.get_mut(..4).unwrap_or_default().reverse();
    }
    let mut derived = Vec::with_capacity(32);
    for half in salt.chunks(4) {
        let mut block = half.to_vec();
        for _ in 0..iterations {
            block = md5::Md5::new().chain_update(&block).chain_update(password.utf8()).finalize().to_vec();
        }
        derived.extend_from_slice(&block);
    }
    let (key, iv) = (derived.get(..24).unwrap_or_default(), derived.get(24..32).unwrap_or_default());
    cbc_decrypt(Cipher::TripleDes3, key, iv, data)
}

pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    base16ct::mixed::decode_vec(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs12_kdf_matches_rfc7292_vector() {
        // Known answer from OpenSSL's test suite (pkcs12 KDF, SHA-1, "smeg", salt 0A58CF64530D823F, id 1, 1 iteration).
        let salt = hex_decode("0A58CF64530D823F").unwrap();
        let key = pkcs12_kdf_sha1(Password::Text("smeg"), &salt, pkcs12::kdf::Pkcs12KeyType::EncryptionKey, 1, 24);
        assert_eq!(tlv_hex(&key), "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3");
    }

    #[test]
    fn hostile_iteration_counts_are_refused() {
        assert!(matches!(check_iterations(0), Err(PbeError::Malformed(_))));
        assert!(matches!(check_iterations(1 << 31), Err(PbeError::Unsupported(_))));
        assert!(check_iterations(2048).is_ok());
    }

    #[test]
    fn truncated_ciphertext_is_malformed_not_a_panic() {
        assert!(matches!(cbc_decrypt(Cipher::TripleDes3, &[1; 24], &[0; 8], &[0; 7]), Err(PbeError::Malformed(_))));
        assert!(matches!(legacy_pem_decrypt("AES-128-CBC,00", "x", &[0; 16]), Err(PbeError::Malformed(_))));
        assert!(matches!(legacy_pem_decrypt("BF-CBC,0000000000000000", "x", &[0; 16]), Err(PbeError::Unsupported(_))));
    }

    #[test]
    fn cost_counts_kdf_rounds() {
        use super::tlv::{INTEGER, OCTET_STRING, SEQUENCE, encode};
        let params = encode(SEQUENCE, &[encode(OCTET_STRING, &[1; 8]), encode(INTEGER, &[0x08, 0x00])].concat());
        let alg = encode(SEQUENCE, &[encode(0x06, pbe::PKCS12_3DES.as_bytes()), params].concat());
        assert_eq!(cost(&alg), 4096);
        assert_eq!(cost(&[0x30, 0x00]), 0);
    }

    fn tlv_hex(b: &[u8]) -> String {
        crate::cert::hex(b)
    }
}
