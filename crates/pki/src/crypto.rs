//! Signature verification (RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384/P-521, Ed25519) and
//! description of public keys.
//!
//! Algorithm identifiers are checked as strictly as rustls-webpki does: PKCS#1 v1.5 takes NULL
//! (or, leniently, absent) parameters (RFC 4055 §5), ECDSA takes none (RFC 5758 §3.2), Ed25519
//! takes none (RFC 8410 §3), and RSASSA-PSS parameters must be self-consistent (RFC 4055 §3.1).

use crate::oids::alg;
use der::asn1::ObjectIdentifier;
use der::{Decode, Tagged};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use signature::Verifier;
use signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoRef};

/// Public-key algorithm and size, as shown to users ("RSA 2048", "EC P-256", "Ed25519").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum KeyAlgorithm {
    Rsa { bits: u32 },
    Ec { curve: String },
    Ed25519,
    Other { oid: String },
}

impl std::fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}"),
            KeyAlgorithm::Ec { curve } => write!(f, "EC {curve}"),
            KeyAlgorithm::Ed25519 => f.write_str("Ed25519"),
            KeyAlgorithm::Other { oid } => write!(f, "key algorithm {oid}"),
        }
    }
}

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
            alg::SHA1 => Hash::Sha1,
            alg::SHA224 => Hash::Sha224,
            alg::SHA256 => Hash::Sha256,
            alg::SHA384 => Hash::Sha384,
            alg::SHA512 => Hash::Sha512,
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
        alg::MD5_WITH_RSA => "md5WithRSAEncryption",
        alg::SHA1_WITH_RSA => "sha1WithRSAEncryption",
        alg::DSA_SHA1 => "dsa-with-sha1",
        alg::DSA_SHA256 => "dsa-with-sha256",
        alg::ECDSA_SHA1 => "ecdsa-with-SHA1",
        alg::ECDSA_SHA224 => "ecdsa-with-SHA224",
        alg::ED448 => "Ed448",
        _ => return crate::oids::oid_label(&oid),
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
        alg::MD5_WITH_RSA => pkcs1(Hash::Md5),
        alg::SHA1_WITH_RSA => pkcs1(Hash::Sha1),
        alg::SHA224_WITH_RSA => pkcs1(Hash::Sha224),
        alg::SHA256_WITH_RSA => pkcs1(Hash::Sha256),
        alg::SHA384_WITH_RSA => pkcs1(Hash::Sha384),
        alg::SHA512_WITH_RSA => pkcs1(Hash::Sha512),
        alg::ECDSA_SHA1 => ecdsa(Hash::Sha1),
        alg::ECDSA_SHA224 => ecdsa(Hash::Sha224),
        alg::ECDSA_SHA256 => ecdsa(Hash::Sha256),
        alg::ECDSA_SHA384 => ecdsa(Hash::Sha384),
        alg::ECDSA_SHA512 => ecdsa(Hash::Sha512),
        alg::ED25519 => {
            if alg.parameters.is_none() {
                Ok(SignatureAlgorithm::Ed25519)
            } else {
                Err(SignatureError::BadAlgorithm("Ed25519 takes no parameters (RFC 8410 §3)".into()))
            }
        }
        alg::RSASSA_PSS => pss_params(alg),
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
    if parsed.mask_gen.oid != alg::MGF1 {
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
            let key = RsaVerifyingKey::from_spki(&spki)?;
            // RustCrypto has no MD5 DigestInfo prefix; MD5 certificates are refused by every
            // current validator anyway (OpenSSL security level 1+).
            let prefix = match hash {
                Hash::Sha1 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha1::Sha1>().prefix,
                Hash::Sha224 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha224>().prefix,
                Hash::Sha256 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>().prefix,
                Hash::Sha384 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha384>().prefix,
                Hash::Sha512 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha512>().prefix,
                Hash::Md5 => return Err(SignatureError::Unsupported("md5WithRSAEncryption".into())),
            };
            key.verify_pkcs1v15(&prefix, &hash.digest(signed_data), signature)
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
            if spki.algorithm.oid != alg::EC_PUBLIC_KEY {
                return Err(SignatureError::BadKey("ECDSA signature but the signer's key is not an EC key".into()));
            }
            let curve = named_curve(&spki)?;
            let digest = hash.digest(signed_data);
            match curve {
                alg::P256 => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bits)
                        .map_err(|_| SignatureError::BadKey("invalid P-256 point".into()))?;
                    let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
                    key.verify_prehash(&digest, &sig).map_err(|_| SignatureError::Invalid)
                }
                alg::P384 => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(key_bits)
                        .map_err(|_| SignatureError::BadKey("invalid P-384 point".into()))?;
                    let sig = p384::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
                    key.verify_prehash(&digest, &sig).map_err(|_| SignatureError::Invalid)
                }
                alg::P521 => {
                    let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(key_bits)
                        .map_err(|_| SignatureError::BadKey("invalid P-521 point".into()))?;
                    let sig = p521::ecdsa::Signature::from_der(signature).map_err(|_| SignatureError::Invalid)?;
                    key.verify_prehash(&digest, &sig).map_err(|_| SignatureError::Invalid)
                }
                other => Err(SignatureError::Unsupported(format!("ECDSA on curve {}", curve_name(other)))),
            }
        }
        SignatureAlgorithm::Ed25519 => {
            if spki.algorithm.oid != alg::ED25519 {
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

/// An RSA public key prepared for PKCS#1 v1.5 verification.
///
/// Why not `rsa::RsaPublicKey`: rsa 0.10 builds its Montgomery parameters with the constant-time
/// `BoxedMontyParams::new` (a constant-time division of 2^2k by n) and exponentiates with a
/// fixed-window ladder; that made one RSA-2048 check cost ~250–300 µs, about 15x OpenSSL. Nothing
/// here is secret (public key, public signature), so this uses crypto-bigint's variable-time
/// parameter setup and a plain square-and-multiply over the public exponent (16 squarings and one
/// multiplication for e = 65537). The key checks are the rsa crate's own (`RsaPublicKey::new` via
/// its SPKI decoder), repeated here one for one, and the DigestInfo prefixes come from the rsa
/// crate; the encoding check is RFC 8017 §8.2.2's "encode and compare", byte for byte.
/// Largest RSA modulus verified, in bits: OpenSSL's `OPENSSL_RSA_MAX_MODULUS_BITS`.
const RSA_MAX_BITS: usize = 16384;

struct RsaVerifyingKey {
    n: crypto_bigint::BoxedUint,
    params: crypto_bigint::modular::BoxedMontyParams,
    e: u64,
    /// Modulus length in octets (RFC 8017's k).
    k: usize,
}

impl RsaVerifyingKey {
    fn from_spki(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<RsaVerifyingKey, SignatureError> {
        use crypto_bigint::BoxedUint;
        let malformed = || SignatureError::BadKey("RSA key: SPKI cryptographic key data malformed".into());
        if spki.algorithm.oid != alg::RSA_ENCRYPTION {
            return Err(SignatureError::BadKey("RSA signature but the signer's key is not an RSA key".into()));
        }
        // rsaEncryption keys carry NULL parameters (RFC 3279 §2.3.1); rsa 0.10 insists as well.
        match &spki.algorithm.parameters {
            Some(any) if any.tag() == der::Tag::Null && any.value().is_empty() => {}
            _ => return Err(malformed()),
        }
        let bits = spki.subject_public_key.as_bytes().ok_or_else(malformed)?;
        let key = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(bits).map_err(|_| malformed())?;
        let n = BoxedUint::from_be_slice_vartime(key.modulus.as_bytes());
        let n_bits = n.bits_vartime() as usize;
        // rsa 0.10 stops at 4096 bits; verification here is variable-time and cheap (an RSA-16384
        // check is ~17 multiplications), so accept what OpenSSL accepts (OPENSSL_RSA_MAX_MODULUS_BITS).
        if !(rsa::RsaPublicKey::MIN_SIZE..=RSA_MAX_BITS).contains(&n_bits) {
            return Err(SignatureError::BadKey(format!(
                "RSA key of {n_bits} bits: certchain verifies RSA keys of {} to {RSA_MAX_BITS} bits, as OpenSSL does",
                rsa::RsaPublicKey::MIN_SIZE
            )));
        }
        let e_bytes = key.public_exponent.as_bytes();
        if e_bytes.len() > 8 {
            return Err(malformed());
        }
        let e = e_bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        // rsa 0.10's check_public: odd e within [MIN_PUB_EXPONENT, MAX_PUB_EXPONENT], e < n, odd n.
        if e % 2 == 0 || !(rsa::RsaPublicKey::MIN_PUB_EXPONENT..=rsa::RsaPublicKey::MAX_PUB_EXPONENT).contains(&e) {
            return Err(malformed());
        }
        let odd =
            Option::<crypto_bigint::Odd<BoxedUint>>::from(crypto_bigint::Odd::new(n.clone())).ok_or_else(malformed)?;
        let params = crypto_bigint::modular::BoxedMontyParams::new_vartime(odd);
        Ok(RsaVerifyingKey { n, params, e, k: n_bits.div_ceil(8) })
    }

    /// RSAVP1 (RFC 8017 §5.2.2) then EMSA-PKCS1-v1_5 encode-and-compare (§8.2.2 steps 3–4).
    fn verify_pkcs1v15(&self, prefix: &[u8], hashed: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        use crypto_bigint::modular::BoxedMontyForm;
        let k = self.k;
        let t_len = prefix.len() + hashed.len();
        if signature.len() != k || k < t_len + 11 {
            return Err(SignatureError::Invalid);
        }
        let s = crypto_bigint::BoxedUint::from_be_slice(signature, self.n.bits_precision())
            .map_err(|_| SignatureError::Invalid)?;
        if s >= self.n {
            return Err(SignatureError::Invalid);
        }
        // m = s^e mod n, left-to-right binary exponentiation (e is public and at least 3).
        let base = BoxedMontyForm::new(s, &self.params);
        let mut acc = base.clone();
        for bit in (0..63 - self.e.leading_zeros()).rev() {
            acc = acc.square();
            if (self.e >> bit) & 1 == 1 {
                acc = acc.mul(&base);
            }
        }
        let m = acc.retrieve().to_be_bytes();
        // m < n, so it fits in k octets; the storage precision may add leading zero octets.
        let (high, em) = m.split_at(m.len().saturating_sub(k));
        if high.iter().any(|b| *b != 0) || em.len() != k {
            return Err(SignatureError::Invalid);
        }
        let ps_end = k - t_len - 1;
        let ok = em[0] == 0
            && em[1] == 1
            && em[2..ps_end].iter().all(|b| *b == 0xff)
            && em[ps_end] == 0
            && &em[ps_end + 1..ps_end + 1 + prefix.len()] == prefix
            && &em[ps_end + 1 + prefix.len()..] == hashed;
        if ok { Ok(()) } else { Err(SignatureError::Invalid) }
    }
}

fn rsa_key(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<rsa::RsaPublicKey, SignatureError> {
    if spki.algorithm.oid != alg::RSA_ENCRYPTION {
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
        alg::P192 => "P-192".into(),
        alg::P224 => "P-224".into(),
        alg::P256 => "P-256".into(),
        alg::P384 => "P-384".into(),
        alg::P521 => "P-521".into(),
        alg::SECP256K1 => "secp256k1".into(),
        other => crate::oids::oid_label(&other),
    }
}

/// Describe a public key from its DER SubjectPublicKeyInfo: RSA bits, EC curve, Ed25519.
/// Keys that cannot be decoded come back as [`KeyAlgorithm::Other`] with what is known.
pub fn key_algorithm(spki_der: &[u8]) -> KeyAlgorithm {
    let Ok(spki) = SubjectPublicKeyInfoRef::from_der(spki_der) else {
        return KeyAlgorithm::Other { oid: "undecodable SubjectPublicKeyInfo".into() };
    };
    match spki.algorithm.oid {
        alg::RSA_ENCRYPTION => {
            let bits = spki
                .subject_public_key
                .as_bytes()
                .and_then(|b| pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(b).ok())
                .map(|k| bit_length(k.modulus.as_bytes()))
                .unwrap_or(0);
            KeyAlgorithm::Rsa { bits }
        }
        alg::EC_PUBLIC_KEY => match named_curve(&spki) {
            Ok(curve) => KeyAlgorithm::Ec { curve: curve_name(curve) },
            Err(_) => KeyAlgorithm::Ec { curve: "explicit parameters".into() },
        },
        alg::ED25519 => KeyAlgorithm::Ed25519,
        alg::DSA => KeyAlgorithm::Other { oid: format!("DSA ({})", alg::DSA) },
        other => KeyAlgorithm::Other { oid: crate::oids::oid_label(&other) },
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

    /// The fast PKCS#1 v1.5 path against the rsa crate's verifier, on signatures forged with the
    /// fixture leaf's private key over hand-built encoded messages: the correct encoding and every
    /// malformed one (block type, padding, separator, DigestInfo, digest, trailing garbage).
    #[test]
    fn rsa_pkcs1v15_fast_path_agrees_with_the_rsa_crate() {
        use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
        use rsa::pkcs8::DecodePrivateKey;
        use rsa::traits::{PrivateKeyParts, PublicKeyParts};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/chains/rsa2048");
        let key_pem = std::fs::read(dir.join("leaf.key")).unwrap();
        let (_, key_der) = pem_rfc7468::decode_vec(&key_pem).unwrap();
        let private = rsa::RsaPrivateKey::from_pkcs8_der(&key_der).unwrap();
        let leaf_pem = std::fs::read_to_string(dir.join("leaf.pem")).unwrap();
        let (_, _, _, spki_der) = parts(&leaf_pem);
        let spki = SubjectPublicKeyInfoRef::from_der(&spki_der).unwrap();
        let reference = rsa_key(&spki).unwrap();
        let fast = RsaVerifyingKey::from_spki(&spki).unwrap();
        let n = private.n().as_ref().clone();
        let k = fast.k;
        assert_eq!(k, 256);
        let params = BoxedMontyParams::new_vartime(crypto_bigint::Odd::new(n.clone()).unwrap());
        let sign_raw = |em: &[u8]| -> Vec<u8> {
            let m = crypto_bigint::BoxedUint::from_be_slice(em, n.bits_precision()).unwrap();
            let s = BoxedMontyForm::new(m, &params).pow(private.d()).retrieve().to_be_bytes();
            s[s.len() - k..].to_vec()
        };
        let prefix = rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>().prefix;
        let hashed = sha2::Sha256::digest(b"certchain").to_vec();
        let encode = |prefix: &[u8], hashed: &[u8]| {
            let t_len = prefix.len() + hashed.len();
            let mut em = vec![0x00, 0x01];
            em.extend(std::iter::repeat_n(0xff, k - t_len - 3));
            em.push(0x00);
            em.extend(prefix);
            em.extend(hashed);
            em
        };
        let good = encode(&prefix, &hashed);
        let mut cases: Vec<(&str, Vec<u8>, bool)> = vec![("correct encoding", good.clone(), true)];
        let mut variant = |name: &'static str, f: &dyn Fn(&mut Vec<u8>)| {
            let mut em = good.clone();
            f(&mut em);
            cases.push((name, em, false));
        };
        variant("block type 2", &|em| em[1] = 2);
        variant("padding byte 0xfe", &|em| em[40] = 0xfe);
        variant("non-zero separator", &|em| em[k - 51 - 1] = 0x01);
        variant("DigestInfo altered", &|em| em[k - 51 + 3] ^= 0x01);
        variant("digest altered", &|em| em[k - 1] ^= 0x01);
        variant("short padding, trailing garbage", &|em| {
            let t: Vec<u8> = em[k - 51..].to_vec();
            em[10] = 0x00;
            em[11..11 + 51].copy_from_slice(&t);
            for b in &mut em[11 + 51..] {
                *b = 0x42;
            }
        });
        for (name, em, expect) in &cases {
            let sig = sign_raw(em);
            let by_crate = reference.verify(rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(), &hashed, &sig).is_ok();
            let by_fast = fast.verify_pkcs1v15(&prefix, &hashed, &sig).is_ok();
            assert_eq!(by_crate, *expect, "rsa crate on {name}");
            assert_eq!(by_fast, *expect, "fast path on {name}");
        }
        // Signature representatives out of range or of the wrong length.
        let n_bytes = n.to_be_bytes();
        let n_sig = n_bytes[n_bytes.len() - k..].to_vec();
        assert_eq!(fast.verify_pkcs1v15(&prefix, &hashed, &n_sig), Err(SignatureError::Invalid));
        let good_sig = sign_raw(&good);
        assert_eq!(fast.verify_pkcs1v15(&prefix, &hashed, &good_sig[1..]), Err(SignatureError::Invalid));
        let mut long = vec![0];
        long.extend(&good_sig);
        assert_eq!(fast.verify_pkcs1v15(&prefix, &hashed, &long), Err(SignatureError::Invalid));
    }

    /// Keys the rsa crate refuses are refused here too (size, exponent, parameters).
    #[test]
    fn rsa_key_checks_match_the_rsa_crate() {
        use der::Encode;
        let spki_for = |n: &[u8], e: &[u8], params: Option<der::Any>| {
            let key = pkcs1::RsaPublicKey {
                modulus: der::asn1::UintRef::new(n).unwrap(),
                public_exponent: der::asn1::UintRef::new(e).unwrap(),
            }
            .to_der()
            .unwrap();
            spki::SubjectPublicKeyInfoOwned {
                algorithm: AlgorithmIdentifierOwned { oid: alg::RSA_ENCRYPTION, parameters: params },
                subject_public_key: der::asn1::BitString::from_bytes(&key).unwrap(),
            }
            .to_der()
            .unwrap()
        };
        let null = || Some(der::Any::from(der::asn1::Null));
        let mut n2048 = vec![0xc5; 256];
        n2048[255] = 0x01;
        let mut n512 = vec![0xc5; 64];
        n512[63] = 0x01;
        let mut even = n2048.clone();
        even[255] = 0x02;
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("2048-bit, e=65537", spki_for(&n2048, &[1, 0, 1], null())),
            ("2048-bit, e=3", spki_for(&n2048, &[3], null())),
            ("512-bit modulus", spki_for(&n512, &[1, 0, 1], null())),
            ("even modulus", spki_for(&even, &[1, 0, 1], null())),
            ("even exponent", spki_for(&n2048, &[1, 0, 0], null())),
            ("exponent 1", spki_for(&n2048, &[1], null())),
            ("exponent 2^33+1", spki_for(&n2048, &[2, 0, 0, 0, 1], null())),
            ("absent parameters", spki_for(&n2048, &[1, 0, 1], None)),
        ];
        for (i, (name, der)) in cases.iter().enumerate() {
            let spki = SubjectPublicKeyInfoRef::from_der(der).unwrap();
            let by_crate = rsa_key(&spki).is_ok();
            let by_fast = RsaVerifyingKey::from_spki(&spki).is_ok();
            assert_eq!(by_crate, i < 2, "rsa crate on {name}");
            assert_eq!(by_fast, by_crate, "{name}");
        }
    }

    #[test]
    fn pss_with_mismatched_mgf_hash_is_rejected() {
        use der::Encode;
        // RSASSA-PSS-params: hash SHA-256, MGF1 with SHA-1, salt 32.
        let sha256 = spki::AlgorithmIdentifierOwned { oid: alg::SHA256, parameters: None };
        let sha1 = spki::AlgorithmIdentifierOwned { oid: alg::SHA1, parameters: None };
        let hash = der::asn1::ContextSpecific {
            tag_number: der::TagNumber(0),
            tag_mode: der::TagMode::Explicit,
            value: sha256,
        };
        let mgf = spki::AlgorithmIdentifier { oid: alg::MGF1, parameters: Some(sha1) };
        let mgf =
            der::asn1::ContextSpecific { tag_number: der::TagNumber(1), tag_mode: der::TagMode::Explicit, value: mgf };
        let mut body = hash.to_der().unwrap();
        body.extend(mgf.to_der().unwrap());
        let mut seq = vec![0x30, body.len() as u8];
        seq.extend(body);
        let params = der::asn1::Any::from_der(&seq).unwrap();
        let alg = AlgorithmIdentifierOwned { oid: alg::RSASSA_PSS, parameters: Some(params) };
        assert!(matches!(signature_algorithm(&alg), Err(SignatureError::BadAlgorithm(_))));
    }

    #[test]
    fn md5_is_recognised_and_unsupported() {
        let alg = AlgorithmIdentifierOwned { oid: alg::MD5_WITH_RSA, parameters: None };
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
