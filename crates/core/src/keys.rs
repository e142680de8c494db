//! Private keys, public keys, CSRs and CRLs found in the inputs, and matching them by public key.

use crate::cert::Origin;
use serde::Serialize;

/// Public-key algorithm and size, as shown to users ("RSA 2048", "EC P-256", "Ed25519").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// How a private key was stored (Salesforce's keystore import wants PKCS#8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    pub der: Vec<u8>,
    pub parsed: x509_cert::crl::CertificateList,
    /// RFC 4514 issuer.
    pub issuer: String,
    pub origin: Origin,
}
