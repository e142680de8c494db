//! Certificate model: one parsed X.509 certificate with the facts the checks and views need.

use crate::time::UnixTime;
use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// Where an object came from, for messages ("chain.pem, line 12").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Origin {
    /// Index into the inputs given to [`crate::analyze`].
    pub input: usize,
    /// The input's name (file name or `pasted text`).
    pub file: String,
    /// 1-based line of the PEM `-----BEGIN` line, for text inputs.
    pub line: Option<usize>,
    /// Position inside a container: `PKCS#7 certificate 2`, `PKCS#12 bag 1`, `JKS alias "mykey"`.
    pub container: Option<String>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(c) = &self.container {
            write!(f, " ({c})")?;
        }
        Ok(())
    }
}

/// A parsed certificate.
#[derive(Debug, Clone)]
pub struct Cert {
    pub der: Vec<u8>,
    pub parsed: Certificate,
    /// SHA-256 of `der`, lowercase hex: the certificate's identity in reports.
    pub sha256: String,
    /// RFC 4514 string of the subject.
    pub subject: String,
    /// RFC 4514 string of the issuer.
    pub issuer: String,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub origin: Origin,
}

impl Cert {
    /// Parse DER. The error says what is wrong in words a user can act on.
    pub fn from_der(der: &[u8], origin: Origin) -> Result<Cert, String> {
        let parsed = Certificate::from_der(der).map_err(|e| format!("not a valid X.509 certificate: {e}"))?;
        // Keep exactly the bytes the certificate occupies (from_der rejects trailing data).
        let der = parsed.to_der().map_err(|e| format!("certificate cannot be re-encoded: {e}"))?;
        let tbs = &parsed.tbs_certificate();
        let validity = tbs.validity();
        Ok(Cert {
            sha256: hex(&Sha256::digest(&der)),
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            not_before: UnixTime(validity.not_before.to_unix_duration().as_secs() as i64),
            not_after: UnixTime(validity.not_after.to_unix_duration().as_secs() as i64),
            der,
            parsed,
            origin,
        })
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
