//! Signature verification (RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384/P-521, Ed25519) and
//! description of public keys.
//!
//! Algorithm identifiers are checked as strictly as rustls-webpki does: PKCS#1 v1.5 takes NULL
//! (or, leniently, absent) parameters (RFC 4055 §5), ECDSA takes none (RFC 5758 §3.2), Ed25519
//! takes none (RFC 8410 §3), and RSASSA-PSS parameters must be self-consistent (RFC 4055 §3.1).

use crate::keys::KeyAlgorithm;
use der::asn1::ObjectIdentifier;
use der::{Decode, Tagged};
use sha2::Digest;
use signature::Verifier;
use signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoRef};

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The signature does not match the data and key.
    Invalid,
    /// An algorithm certchain cannot verify (named).
    Unsupported(String),
    /// The signer's public key cannot be decoded or does not suit the algorithm.
    BadKey(String),
    /// The signature algorithm identifier is malformed (bad or inconsistent parameters).
    BadAlgorithm(String),
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::Invalid => f.write_str("the signature does not match the signer's public key"),
            SignatureError::Unsupported(alg) => write!(f, "signature algorithm {alg} is not supported"),
            SignatureError::BadKey(why) => write!(f, "the signer's public key is unusable: {why}"),
            SignatureError::BadAlgorithm(why) => write!(f, "the signature algorithm identifier is malformed: {why}"),
        }
    }
}

/// Object identifiers used here (RFC 3279, RFC 4055, RFC 5758, RFC 8410).
pub mod oid {
    use der::asn1::ObjectIdentifier as Oid;
    pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    pub const MD5_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.4");
    pub const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
    pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
    pub const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
    pub const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
    pub const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
    pub const SHA224_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.14");
    pub const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");
    pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    pub const ECDSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
    pub const ECDSA_SHA224: Oid = Oid::new_unwrap("1.2.840.10045.4.3.1");
    pub const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
    pub const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
    pub const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
    pub const P192: Oid = Oid::new_unwrap("1.2.840.10045.3.1.1");
    pub const P224: Oid = Oid::new_unwrap("1.3.132.0.33");
    pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
    pub const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
    pub const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");
    pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
    pub const ED448: Oid = Oid::new_unwrap("1.3.101.113");
    pub const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
    pub const DSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10040.4.3");
    pub const DSA_SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.2");
    pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
    pub const SHA224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.4");
    pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
}

/// Digest algorithms a signature can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Md5 => md5::Md5::digest(data).to_vec(),
            Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Hash::Sha224 => sha2::Sha224::digest(data).to_vec(),
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    fn from_oid(oid: ObjectIdentifier) -> Option<Hash> {
        Some(match oid {
            oid::SHA1 => Hash::Sha1,
            oid::SHA224 => Hash::Sha224,
            oid::SHA256 => Hash::Sha256,
            oid::SHA384 => Hash::Sha384,
            oid::SHA512 => Hash::Sha512,
            _ => return None,
        })
    }

    /// True for digests no longer collision resistant (OpenSSL security level 1+ refuses them).
    pub fn is_weak(self) -> bool {
        matches!(self, Hash::Md5 | Hash::Sha1)
    }

    pub fn name(self) -> &'static str {
        match self {
            Hash::Md5 => "MD5",
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }
}

/// A signature algorithm, as named by its identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    RsaPkcs1(Hash),
    RsaPss { hash: Hash, salt_len: usize },
    Ecdsa(Hash),
    Ed25519,
}

impl SignatureAlgorithm {
    /// The digest used, if any (Ed25519 has none of its own choosing).
    pub fn hash(self) -> Option<Hash> {
        match self {
            SignatureAlgorithm::RsaPkcs1(h) | SignatureAlgorithm::Ecdsa(h) => Some(h),
            SignatureAlgorithm::RsaPss { hash, .. } => Some(hash),
            SignatureAlgorithm::Ed25519 => None,
        }
    }

    pub fn name(self) -> String {
        match self {
            SignatureAlgorithm::RsaPkcs1(h) => format!("RSA PKCS#1 v1.5 with {}", h.name()),
            SignatureAlgorithm::RsaPss { hash, salt_len } => format!("RSA-PSS with {} (salt {salt_len})", hash.name()),
            SignatureAlgorithm::Ecdsa(h) => format!("ECDSA with {}", h.name()),
            SignatureAlgorithm::Ed25519 => "Ed25519".into(),
        }
    }
}

/// A readable name for a signature algorithm OID, for messages about algorithms we cannot use.
pub fn algorithm_oid_name(oid: ObjectIdentifier) -> String {
    let name = match oid {
        oid::MD5_WITH_RSA => "md5WithRSAEncryption",
        oid::SHA1_WITH_RSA => "sha1WithRSAEncryption",
        oid::DSA_SHA1 => "dsa-with-sha1",
        oid::DSA_SHA256 => "dsa-with-sha256",
        oid::ECDSA_SHA1 => "ecdsa-with-SHA1",
        oid::ECDSA_SHA224 => "ecdsa-with-SHA224",
        oid::ED448 => "Ed448",
        _ => return oid.to_string(),
    };
    name.to_string()
}

fn params_absent_or_null(alg: &AlgorithmIdentifierOwned) -> bool {
    match &alg.parameters {
        None => true,
        Some(any) => any.tag() == der::Tag::Null && any.value().is_empty(),
    }
}

/// Identify a signature algorithm, checking its parameters.
pub fn signature_algorithm(alg: &AlgorithmIdentifierOwned) -> Result<SignatureAlgorithm, SignatureError> {
    let pkcs1 = |hash: Hash| {
        if params_absent_or_null(alg) {
            Ok(SignatureAlgorithm::RsaPkcs1(hash))
        } else {
            Err(SignatureError::BadAlgorithm("RSA PKCS#1 v1.5 parameters must be NULL (RFC 4055 §5)".into()))
        }
    };
    let ecdsa = |hash: Hash| {
        if alg.parameters.is_none() {
            Ok(SignatureAlgorithm::Ecdsa(hash))
        } else {
            Err(SignatureError::BadAlgorithm("ECDSA signature algorithms take no parameters (RFC 5758 §3.2)".into()))
        }
    };
    match alg.oid {
        oid::MD5_WITH_RSA => pkcs1(Hash::Md5),
        oid::SHA1_WITH_RSA => pkcs1(Hash::Sha1),
        oid::SHA224_WITH_RSA => pkcs1(Hash::Sha224),
        oid::SHA256_WITH_RSA => pkcs1(Hash::Sha256),
        oid::SHA384_WITH_RSA => pkcs1(Hash::Sha384),
        oid::SHA512_WITH_RSA => pkcs1(Hash::Sha512),
        oid::ECDSA_SHA1 => ecdsa(Hash::Sha1),
        oid::ECDSA_SHA224 => ecdsa(Hash::Sha224),
        oid::ECDSA_SHA256 => ecdsa(Hash::Sha256),
        oid::ECDSA_SHA384 => ecdsa(Hash::Sha384),
        oid::ECDSA_SHA512 => ecdsa(Hash::Sha512),
        oid::ED25519 => {
            if alg.parameters.is_none() {
                Ok(SignatureAlgorithm::Ed25519)
            } else {
                Err(SignatureError::BadAlgorithm("Ed25519 takes no parameters (RFC 8410 §3)".into()))
            }
        }
        oid::RSASSA_PSS => pss_params(alg),
        other => Err(SignatureError::Unsupported(algorithm_oid_name(other))),
    }
}

/// Parse RSASSA-PSS-params (RFC 4055 §3.1) and insist on a consistent set: the MGF1 hash equals the
/// message hash (what every deployed signer does and what RustCrypto's verifier assumes) and the
/// trailer field is 1.
fn pss_params(alg: &AlgorithmIdentifierOwned) -> Result<SignatureAlgorithm, SignatureError> {
    let bad = |why: &str| SignatureError::BadAlgorithm(format!("RSASSA-PSS parameters: {why}"));
    let params = alg.parameters.as_ref().ok_or_else(|| bad("missing (RFC 4055 §3.1 requires them in certificates)"))?;
    let der = der::Encode::to_der(params).map_err(|e| bad(&e.to_string()))?;
    let parsed = decode_pss_params(&der).map_err(|e| bad(&e.to_string()))?;
    if !params_absent_or_null_ref(parsed.hash.parameters.as_ref()) {
        return Err(bad("hash algorithm parameters must be NULL or absent"));
    }
    let hash = Hash::from_oid(parsed.hash.oid).ok_or_else(|| bad(&format!("unknown hash {}", parsed.hash.oid)))?;
    if parsed.mask_gen.oid != oid::MGF1 {
        return Err(bad(&format!("unknown mask generation function {}", parsed.mask_gen.oid)));
    }
    let mgf_hash = parsed.mask_gen.parameters.as_ref().ok_or_else(|| bad("MGF1 without a hash"))?;
    if !params_absent_or_null_ref(mgf_hash.parameters.as_ref()) {
        return Err(bad("MGF1 hash parameters must be NULL or absent"));
    }
    if Hash::from_oid(mgf_hash.oid) != Some(hash) {
        return Err(bad(&format!("MGF1 hash {} differs from the signature hash {}", mgf_hash.oid, hash.name())));
    }
    if parsed.trailer_field != pkcs1::TrailerField::BC {
        return Err(bad("trailer field must be 1"));
    }
    if hash == Hash::Sha1 || hash == Hash::Sha224 {
        return Err(SignatureError::Unsupported(format!("RSA-PSS with {}", hash.name())));
    }
    Ok(SignatureAlgorithm::RsaPss { hash, salt_len: usize::from(parsed.salt_len) })
}

fn decode_pss_params(der: &[u8]) -> pkcs1::Result<pkcs1::RsaPssParams<der::Any>> {
    pkcs1::RsaPssParams::<der::Any>::try_from(der)
}

fn params_absent_or_null_ref(params: Option<&der::Any>) -> bool {
    match params {
        None => true,
        Some(any) => any.tag() == der::Tag::Null && any.value().is_empty(),
    }
}

/// Verify `signature` over `signed_data` with the signer's DER SubjectPublicKeyInfo.
pub fn verify_signature(
    algorithm: &AlgorithmIdentifierOwned,
    signed_data: &[u8],
    signature: &[u8],
    signer_spki_der: &[u8],
) -> Result<(), SignatureError> {
    let alg = signature_algorithm(algorithm)?;
    let spki = SubjectPublicKeyInfoRef::from_der(signer_spki_der)
        .map_err(|e| SignatureError::BadKey(format!("SubjectPublicKeyInfo cannot be decoded: {e}")))?;
    let key_bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| SignatureError::BadKey("public key has unused bits".into()))?;
    match alg {
        SignatureAlgorithm::RsaPkcs1(hash) => {
            let key = rsa_key(&spki)?;
            if hash == Hash::Md5 {
                // RustCrypto's PKCS#1 v1.5 verifier has no MD5 DigestInfo prefix; MD5 certificates
                // are refused by every current validator anyway (OpenSSL security level 1+).
                return Err(SignatureError::Unsupported("md5WithRSAEncryption".into()));
            }
            let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| SignatureError::Invalid)?;
            let ok = match hash {
                Hash::Sha1 => rsa::pkcs1v15::VerifyingKey::<sha1::Sha1>::new(key).verify(signed_data, &sig),
                Hash::Sha224 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha224>::new(key).verify(signed_data, &sig),
                Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(signed_data, &sig),
                Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(signed_data, &sig),
                Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(signed_data, &sig),
                Hash::Md5 => return Err(SignatureError::Unsupported("md5WithRSAEncryption".into())),
            };
            ok.map_err(|_| SignatureError::Invalid)
        }
        SignatureAlgorithm::RsaPss { hash, salt_len } => {
            let key = rsa_key(&spki)?;
            let sig = rsa::pss::Signature::try_from(signature).map_err(|_| SignatureError::Invalid)?;
            let ok =
                match hash {
                    Hash::Sha256 => rsa::pss::VerifyingKey::<sha2::Sha256>::new_with_salt_len(key, salt_len)
                        .verify(signed_data, &sig),
                    Hash::Sha384 => rsa::pss::VerifyingKey::<sha2::Sha384>::new_with_salt_len(key, salt_len)
                        .verify(signed_data, &sig),
                    Hash::Sha512 => rsa::pss::VerifyingKey::<sha2::Sha512>::new_with_salt_len(key, salt_len)
                        .verify(signed_data, &sig),
                    other => return Err(SignatureError::Unsupported(format!("RSA-PSS with {}", other.name()))),
                };
            ok.map_err(|_| SignatureError::Invalid)
        }
        SignatureAlgorithm::Ecdsa(hash) => {
            if spki.algorithm.oid != oid::EC_PUBLIC_KEY {
                return Err(SignatureError::BadKey("ECDSA signature but the signer's key is not an EC key".into()));
            }
            let curve = named_curve(&spki)?;
            let digest = hash.digest(signed_data);
            match curve {
                oid::P256 => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bits)
                        .map_err(|_| SignatureError::BadKey("invalid P-256 point".into()))?;
                    let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
                    key.verify_prehash(&digest, &sig).map_err(|_| SignatureError::Invalid)
                }
                oid::P384 => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(key_bits)
                        .map_err(|_| SignatureError::BadKey("invalid P-384 point".into()))?;
                    let sig = p384::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
                    key.verify_prehash(&digest, &sig).map_err(|_| SignatureError::Invalid)
                }
                oid::P521 => {
                    let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(key_bits)
                        .map_err(|_| SignatureError::BadKey("invalid P-521 point".into()))?;
                    let sig = p521::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
                    key.verify_prehash(&digest, &sig).map_err(|_| SignatureError::Invalid)
                }
                other => Err(SignatureError::Unsupported(format!("ECDSA on curve {}", curve_name(other)))),
            }
        }
        SignatureAlgorithm::Ed25519 => {
            if spki.algorithm.oid != oid::ED25519 {
                return Err(SignatureError::BadKey("Ed25519 signature but the signer's key is not Ed25519".into()));
            }
            let bytes: &[u8; 32] =
                key_bits.try_into().map_err(|_| SignatureError::BadKey("Ed25519 key is not 32 bytes".into()))?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
                .map_err(|_| SignatureError::BadKey("invalid Ed25519 point".into()))?;
            let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| SignatureError::Invalid)?;
            key.verify(signed_data, &sig).map_err(|_| SignatureError::Invalid)
        }
    }
}

fn rsa_key(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<rsa::RsaPublicKey, SignatureError> {
    if spki.algorithm.oid != oid::RSA_ENCRYPTION {
        return Err(SignatureError::BadKey("RSA signature but the signer's key is not an RSA key".into()));
    }
    rsa::RsaPublicKey::try_from(spki.clone()).map_err(|e| SignatureError::BadKey(format!("RSA key: {e}")))
}

fn named_curve(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<ObjectIdentifier, SignatureError> {
    let params = spki
        .algorithm
        .parameters
        .as_ref()
        .ok_or_else(|| SignatureError::BadKey("EC key without curve parameters".into()))?;
    params.decode_as::<ObjectIdentifier>().map_err(|_| {
        SignatureError::BadKey(
            "EC key uses explicit curve parameters instead of a named curve (RFC 5480 §2.1.1)".into(),
        )
    })
}

/// The curve's usual name.
pub fn curve_name(curve: ObjectIdentifier) -> String {
    match curve {
        oid::P192 => "P-192".into(),
        oid::P224 => "P-224".into(),
        oid::P256 => "P-256".into(),
        oid::P384 => "P-384".into(),
        oid::P521 => "P-521".into(),
        oid::SECP256K1 => "secp256k1".into(),
        other => other.to_string(),
    }
}

/// Describe a public key from its DER SubjectPublicKeyInfo: RSA bits, EC curve, Ed25519.
/// Keys that cannot be decoded come back as [`KeyAlgorithm::Other`] with what is known.
pub fn key_algorithm(spki_der: &[u8]) -> KeyAlgorithm {
    let Ok(spki) = SubjectPublicKeyInfoRef::from_der(spki_der) else {
        return KeyAlgorithm::Other { oid: "undecodable SubjectPublicKeyInfo".into() };
    };
    match spki.algorithm.oid {
        oid::RSA_ENCRYPTION => {
            let bits = spki
                .subject_public_key
                .as_bytes()
                .and_then(|b| pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(b).ok())
                .map(|k| bit_length(k.modulus.as_bytes()))
                .unwrap_or(0);
            KeyAlgorithm::Rsa { bits }
        }
        oid::EC_PUBLIC_KEY => match named_curve(&spki) {
            Ok(curve) => KeyAlgorithm::Ec { curve: curve_name(curve) },
            Err(_) => KeyAlgorithm::Ec { curve: "explicit parameters".into() },
        },
        oid::ED25519 => KeyAlgorithm::Ed25519,
        oid::DSA => KeyAlgorithm::Other { oid: format!("DSA ({})", oid::DSA) },
        other => KeyAlgorithm::Other { oid: other.to_string() },
    }
}

/// Number of significant bits in a big-endian unsigned integer.
fn bit_length(bytes: &[u8]) -> u32 {
    let mut rest = bytes;
    while let [0, tail @ ..] = rest {
        rest = tail;
    }
    match rest.first() {
        None => 0,
        Some(first) => (rest.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real P-256 certificate and its self-signature (x509-limbo root): verify and tamper.
    const LIMBO_ROOT: &str = "-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUB12t0nlD6jaFR8RpBoozcbznwVcwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPeDUwOS1saW1iby1yb290MCAXDTcwMDEwMTAwMDAwMVoYDzI5
NjkwNTAzMDAwMDAxWjAaMRgwFgYDVQQDDA94NTA5LWxpbWJvLXJvb3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQTLS0ehkxY+A81WIQzjMZgO7lJSU3CGiONu3Ge
AU1Bd1d8sYOnoxVDzBYaPwBbcBvmJVLLlC4h1Y1MrYyMgTHgo1cwVTAPBgNVHRMB
Af8EBTADAQH/MAsGA1UdDwQEAwIBBjAWBgNVHREEDzANggtleGFtcGxlLmNvbTAd
BgNVHQ4EFgQU0MEwoZyIeni0F043rWbIIZyuEhgwCgYIKoZIzj0EAwIDSAAwRQIg
JYBzxqbi1L2RFAzX6PMImp0gXRydpQf8VvfyWFQcYzECIQChJGn/ARP0cCaeLgLE
W28JdUno9m0ixFQWHD3MK5AHjA==
-----END CERTIFICATE-----";

    fn parts(pem: &str) -> (AlgorithmIdentifierOwned, Vec<u8>, Vec<u8>, Vec<u8>) {
        use der::Encode;
        let (_, der) = pem_rfc7468::decode_vec(pem.as_bytes()).unwrap();
        let cert = x509_cert::Certificate::from_der(&der).unwrap();
        let tbs = cert.tbs_certificate().to_der().unwrap();
        let spki = cert.tbs_certificate().subject_public_key_info().to_der().unwrap();
        (cert.signature_algorithm().clone(), tbs, cert.signature().raw_bytes().to_vec(), spki)
    }

    #[test]
    fn ecdsa_p256_self_signature_verifies_and_tampering_fails() {
        let (alg, tbs, sig, spki) = parts(LIMBO_ROOT);
        assert_eq!(verify_signature(&alg, &tbs, &sig, &spki), Ok(()));
        let mut bad = tbs.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(verify_signature(&alg, &bad, &sig, &spki), Err(SignatureError::Invalid));
        assert_eq!(key_algorithm(&spki), KeyAlgorithm::Ec { curve: "P-256".into() });
    }

    #[test]
    fn openssl_generated_signatures_verify() {
        // Generate keys and self-signed certificates with the openssl CLI when it is available.
        let dir = std::env::temp_dir().join(format!("certchain-crypto-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases: &[(&str, &[&str], KeyAlgorithm)] = &[
            ("rsa2048", &["-newkey", "rsa:2048", "-sha256"], KeyAlgorithm::Rsa { bits: 2048 }),
            ("rsa3072-sha384", &["-newkey", "rsa:3072", "-sha384"], KeyAlgorithm::Rsa { bits: 3072 }),
            (
                "rsa-pss",
                &["-newkey", "rsa:2048", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"],
                KeyAlgorithm::Rsa { bits: 2048 },
            ),
            (
                "p384",
                &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-sha384"],
                KeyAlgorithm::Ec { curve: "P-384".into() },
            ),
            (
                "p521",
                &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521", "-sha512"],
                KeyAlgorithm::Ec { curve: "P-521".into() },
            ),
            ("ed25519", &["-newkey", "ed25519"], KeyAlgorithm::Ed25519),
            ("rsa-sha1", &["-newkey", "rsa:2048", "-sha1"], KeyAlgorithm::Rsa { bits: 2048 }),
        ];
        for (name, args, expected_key) in cases {
            let cert_path = dir.join(format!("{name}.pem"));
            let status = std::process::Command::new("openssl")
                .args(["req", "-x509", "-nodes", "-subj", "/CN=test", "-days", "1", "-keyout"])
                .arg(dir.join(format!("{name}.key")))
                .arg("-out")
                .arg(&cert_path)
                .args(*args)
                .output();
            let Ok(out) = status else {
                eprintln!("openssl not available: skipping generated-signature checks");
                return;
            };
            assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            let pem = std::fs::read_to_string(&cert_path).unwrap();
            let (alg, tbs, sig, spki) = parts(&pem);
            assert_eq!(verify_signature(&alg, &tbs, &sig, &spki), Ok(()), "{name}");
            assert_eq!(&key_algorithm(&spki), expected_key, "{name}");
            let mut bad_sig = sig.clone();
            bad_sig[sig.len() / 2] ^= 0x40;
            assert!(verify_signature(&alg, &tbs, &bad_sig, &spki).is_err(), "{name} tampered");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn pss_with_mismatched_mgf_hash_is_rejected() {
        use der::Encode;
        // RSASSA-PSS-params: hash SHA-256, MGF1 with SHA-1, salt 32.
        let sha256 = spki::AlgorithmIdentifierOwned { oid: oid::SHA256, parameters: None };
        let sha1 = spki::AlgorithmIdentifierOwned { oid: oid::SHA1, parameters: None };
        let hash = der::asn1::ContextSpecific {
            tag_number: der::TagNumber(0),
            tag_mode: der::TagMode::Explicit,
            value: sha256,
        };
        let mgf = spki::AlgorithmIdentifier { oid: oid::MGF1, parameters: Some(sha1) };
        let mgf =
            der::asn1::ContextSpecific { tag_number: der::TagNumber(1), tag_mode: der::TagMode::Explicit, value: mgf };
        let mut body = hash.to_der().unwrap();
        body.extend(mgf.to_der().unwrap());
        let mut seq = vec![0x30, body.len() as u8];
        seq.extend(body);
        let params = der::asn1::Any::from_der(&seq).unwrap();
        let alg = AlgorithmIdentifierOwned { oid: oid::RSASSA_PSS, parameters: Some(params) };
        assert!(matches!(signature_algorithm(&alg), Err(SignatureError::BadAlgorithm(_))));
    }

    #[test]
    fn md5_is_recognised_and_unsupported() {
        let alg = AlgorithmIdentifierOwned { oid: oid::MD5_WITH_RSA, parameters: None };
        assert_eq!(signature_algorithm(&alg), Ok(SignatureAlgorithm::RsaPkcs1(Hash::Md5)));
        assert!(Hash::Md5.is_weak());
    }

    #[test]
    fn bit_length_counts_significant_bits() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[]), 0);
    }
}
