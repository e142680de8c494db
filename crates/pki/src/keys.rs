//! Private keys, public keys, CSRs and CRLs found in the inputs, and matching them by public key.

use crate::origin::Origin;
use serde::{Deserialize, Serialize};

pub use crate::crypto::KeyAlgorithm;

/// How a private key was stored (Salesforce's keystore import wants PKCS#8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyFormat {
    /// `-----BEGIN PRIVATE KEY-----` / DER PKCS#8.
    Pkcs8,
    /// `-----BEGIN ENCRYPTED PRIVATE KEY-----` (PKCS#8 + PBES2/PBES1).
    EncryptedPkcs8,
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1).
    Pkcs1,
    /// `-----BEGIN EC PRIVATE KEY-----` (SEC 1).
    Sec1,
    /// OpenSSL legacy `Proc-Type: 4,ENCRYPTED` PEM.
    LegacyEncryptedPem,
    /// Taken from a PKCS#12 file.
    Pkcs12,
    /// Taken from a JKS/JCEKS keystore.
    Jks,
}

/// A private key, decrypted.
#[derive(Clone)]
pub struct PrivateKey {
    pub algorithm: KeyAlgorithm,
    /// DER SubjectPublicKeyInfo of the matching public key: compared with certificates and CSRs.
    pub spki_der: Vec<u8>,
    /// The key as unencrypted PKCS#8 DER (for `fullcert.pem` and keystores). Never logged.
    pub pkcs8_der: Vec<u8>,
    pub format: KeyFormat,
    pub origin: Origin,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.algorithm)
            .field("format", &self.format)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// A bare public key (`-----BEGIN PUBLIC KEY-----`).
#[derive(Debug, Clone)]
pub struct PublicKey {
    pub algorithm: KeyAlgorithm,
    pub spki_der: Vec<u8>,
    pub origin: Origin,
}

/// A certificate signing request (PKCS#10).
#[derive(Debug, Clone)]
pub struct Csr {
    pub der: Vec<u8>,
    /// RFC 4514 subject.
    pub subject: String,
    pub algorithm: KeyAlgorithm,
    pub spki_der: Vec<u8>,
    /// Whether the CSR's self-signature verifies (`Err` says why not).
    pub signature: Result<(), String>,
    pub origin: Origin,
}

/// A certificate revocation list.
#[derive(Debug, Clone)]
pub struct Crl {
    /// The CRL exactly as given. For v1 CRLs (no `version` field) `parsed` is decoded with
    /// `version` inserted, so check the signature over the TBSCertList bytes of this DER, not
    /// over a re-encoding of `parsed`.
    pub der: Vec<u8>,
    pub parsed: x509_cert::crl::CertificateList,
    /// RFC 4514 issuer.
    pub issuer: String,
    pub origin: Origin,
}

/// A private key normalised for matching and export: its algorithm, the DER SubjectPublicKeyInfo
/// of its public half (compared byte for byte with certificates and CSRs) and unencrypted PKCS#8.
pub struct KeyMaterial {
    pub algorithm: KeyAlgorithm,
    pub spki_der: Vec<u8>,
    pub pkcs8_der: Vec<u8>,
}

/// Why key material could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The bytes are not the structure they claim to be.
    Malformed(String),
    /// A valid key of a kind certchain cannot match to certificates (DSA, Ed448, unknown curve).
    Unsupported(String),
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::Malformed(m) | KeyError::Unsupported(m) => f.write_str(m),
        }
    }
}

mod der_build {
    //! Small DER builders for key wrappers (SPKI, PKCS#8).
    pub fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
        crate::tlv::encode(tag, content)
    }
    pub const SEQUENCE: u8 = 0x30;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
        encode(SEQUENCE, &parts.concat())
    }
    pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
        let mut content = Vec::with_capacity(bytes.len() + 1);
        content.push(0);
        content.extend_from_slice(bytes);
        encode(BIT_STRING, &content)
    }
    pub fn oid(oid: const_oid::ObjectIdentifier) -> Vec<u8> {
        encode(0x06, oid.as_bytes())
    }
}

/// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) for an RSA public key given as PKCS#1 `RSAPublicKey` DER.
pub fn spki_from_rsa_public_key(rsa_public_key_der: &[u8]) -> Vec<u8> {
    use der_build::*;
    let algorithm = seq(&[&oid(crate::oids::alg::RSA_ENCRYPTION), &encode(NULL, &[])]);
    seq(&[&algorithm, &bit_string(rsa_public_key_der)])
}

/// Key material from an RSA private key in PKCS#1 form (`RSA PRIVATE KEY`, RFC 8017 appendix A.1.2).
pub fn key_from_pkcs1(der: &[u8]) -> Result<KeyMaterial, KeyError> {
    use der::{Decode, Encode, Tagged};
    use der_build::*;
    let key = pkcs1::RsaPrivateKey::<der::asn1::UintRef<'_>>::from_der(der).map_err(|e| {
        // OpenSSL's traditional DSA key (`DSA PRIVATE KEY`, or its DER) is six INTEGERs —
        // version 0, p, q, g, y, x — where RSA has nine: name it rather than call it a bad RSA key.
        let integers = Vec::<der::asn1::AnyRef<'_>>::from_der(der)
            .ok()
            .filter(|items| items.iter().all(|i| i.tag() == der::Tag::Integer))
            .map(|items| items.len());
        if integers == Some(6) {
            KeyError::Unsupported(
                "this is a DSA private key (OpenSSL's traditional form: version, p, q, g, y, x), not an RSA key; DSA keys are obsolete and certchain matches RSA, EC and Ed25519 keys: generate an RSA 2048 key instead".into(),
            )
        } else {
            KeyError::Malformed(format!("not a valid PKCS#1 RSA private key: {e}"))
        }
    })?;
    let public = pkcs1::RsaPublicKey { modulus: key.modulus, public_exponent: key.public_exponent }
        .to_der()
        .map_err(|e| KeyError::Malformed(format!("RSA public key cannot be encoded: {e}")))?;
    let spki_der = spki_from_rsa_public_key(&public);
    let algorithm = seq(&[&oid(crate::oids::alg::RSA_ENCRYPTION), &encode(NULL, &[])]);
    let pkcs8_der = seq(&[&encode(INTEGER, &[0]), &algorithm, &encode(OCTET_STRING, der)]);
    Ok(KeyMaterial { algorithm: crate::crypto::key_algorithm(&spki_der), spki_der, pkcs8_der })
}

/// The uncompressed public point for a private scalar on a curve certchain implements.
fn ec_public_point(curve: const_oid::ObjectIdentifier, scalar: &[u8]) -> Option<Vec<u8>> {
    use crate::oids::alg;
    match curve {
        alg::P256 => p256::SecretKey::from_slice(scalar).ok().map(|k| k.public_key().to_sec1_bytes().to_vec()),
        alg::P384 => p384::SecretKey::from_slice(scalar).ok().map(|k| k.public_key().to_sec1_bytes().to_vec()),
        alg::P521 => p521::SecretKey::from_slice(scalar).ok().map(|k| k.public_key().to_sec1_bytes().to_vec()),
        _ => None,
    }
}

/// Key material from a SEC 1 `ECPrivateKey` (`EC PRIVATE KEY`, RFC 5915). `curve` comes from the
/// enclosing PKCS#8 AlgorithmIdentifier when there is one; otherwise from the key's parameters.
pub fn key_from_sec1(der: &[u8], curve: Option<const_oid::ObjectIdentifier>) -> Result<KeyMaterial, KeyError> {
    use der::Decode;
    use der_build::*;
    let key = sec1::EcPrivateKey::from_der(der)
        .map_err(|e| KeyError::Malformed(format!("not a valid SEC 1 EC private key: {e}")))?;
    let curve = curve.or_else(|| key.parameters.as_ref().and_then(|p| p.named_curve())).ok_or_else(|| {
        KeyError::Unsupported("the EC private key names no curve (explicit parameters are not supported)".into())
    })?;
    // Prefer the key's own uncompressed public point (RFC 5915 §3); compute it when absent or
    // compressed, so that it compares equal to certificates, which use the uncompressed form.
    let point = match key.public_key {
        Some(point) if point.first() == Some(&0x04) => point.to_vec(),
        _ => ec_public_point(curve, key.private_key).ok_or_else(|| {
            KeyError::Unsupported(format!(
                "cannot compute the public key of an EC key on curve {} (only P-256, P-384 and P-521 are implemented)",
                crate::crypto::curve_name(curve)
            ))
        })?,
    };
    let algorithm = seq(&[&oid(crate::oids::alg::EC_PUBLIC_KEY), &oid(curve)]);
    let spki_der = seq(&[&algorithm, &bit_string(&point)]);
    let pkcs8_der = seq(&[&encode(INTEGER, &[0]), &algorithm, &encode(OCTET_STRING, der)]);
    Ok(KeyMaterial { algorithm: crate::crypto::key_algorithm(&spki_der), spki_der, pkcs8_der })
}

/// Key material from an unencrypted PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208, RFC 5958).
pub fn key_from_pkcs8(der: &[u8]) -> Result<KeyMaterial, KeyError> {
    use crate::oids::alg;
    use der::{Decode, Encode};
    use der_build::*;
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|e| KeyError::Malformed(format!("not a valid PKCS#8 private key: {e}")))?;
    let pkcs8_der = der.to_vec();
    let private = info.private_key.as_bytes();
    let algorithm_der = info
        .algorithm
        .to_der()
        .map_err(|e| KeyError::Malformed(format!("the key's algorithm identifier cannot be encoded: {e}")))?;
    match info.algorithm.oid {
        alg::RSA_ENCRYPTION | alg::RSASSA_PSS => {
            let inner = key_from_pkcs1(private)?;
            if info.algorithm.oid == alg::RSA_ENCRYPTION {
                return Ok(KeyMaterial { pkcs8_der, ..inner });
            }
            // RSASSA-PSS keys keep their own AlgorithmIdentifier (RFC 4055 §1.2) in the SPKI.
            let rsa_public = spki::SubjectPublicKeyInfoRef::from_der(&inner.spki_der)
                .ok()
                .and_then(|s| s.subject_public_key.as_bytes().map(<[u8]>::to_vec))
                .unwrap_or_default();
            let spki_der = seq(&[&algorithm_der, &bit_string(&rsa_public)]);
            Ok(KeyMaterial { algorithm: inner.algorithm, spki_der, pkcs8_der })
        }
        alg::EC_PUBLIC_KEY => {
            let curve = info.algorithm.parameters.and_then(|p| p.decode_as::<const_oid::ObjectIdentifier>().ok());
            let inner = key_from_sec1(private, curve)?;
            Ok(KeyMaterial { pkcs8_der, ..inner })
        }
        alg::ED25519 => {
            // CurvePrivateKey ::= OCTET STRING (RFC 8410 §7) inside the privateKey OCTET STRING.
            let seed = <&der::asn1::OctetStringRef>::from_der(private)
                .ok()
                .and_then(|s| <[u8; 32]>::try_from(s.as_bytes()).ok())
                .ok_or_else(|| KeyError::Malformed("the Ed25519 private key is not a 32-byte OCTET STRING".into()))?;
            let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
            let spki_der = seq(&[&seq(&[&oid(alg::ED25519)]), &bit_string(&public)]);
            Ok(KeyMaterial { algorithm: KeyAlgorithm::Ed25519, spki_der, pkcs8_der })
        }
        other => match info.public_key.and_then(|p| p.as_bytes().map(<[u8]>::to_vec)) {
            // OneAsymmetricKey v2 carries the public key: enough to match certificates.
            Some(public) => {
                let spki_der = seq(&[&algorithm_der, &bit_string(&public)]);
                Ok(KeyMaterial { algorithm: crate::crypto::key_algorithm(&spki_der), spki_der, pkcs8_der })
            }
            None => Err(KeyError::Unsupported(format!(
                "private keys of type {} are not supported (certchain handles RSA, EC P-256/P-384/P-521 and Ed25519)",
                match other {
                    alg::DSA => "DSA".to_string(),
                    alg::ED448 => "Ed448".to_string(),
                    o => crate::oids::oid_label(&o),
                }
            ))),
        },
    }
}
