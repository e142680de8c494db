//! certchain's verification engine: decode every input, model certificates, build and check
//! certificate paths (RFC 5280 §6), check revocation from supplied CRLs, hold the trust stores.
//!
//! It returns typed results ([`path::Verification`] with [`problem::Problem`]s ranked by
//! [`problem::Error`]) and knows nothing of the user's Salesforce flow, the catalogue of fixes
//! or the report: `certchain-core` words those results as findings. The layers, bottom to top:
//!
//! - floor: [`tlv`], [`origin`], [`oids`], [`time`], [`budget`], [`openssl`], [`problem`], [`options`]
//! - model: [`decode`], [`keys`], [`cert`], [`crypto`]
//! - engine: [`path`], [`checks`], [`revocation`], [`policy`], [`trust`], [`intermediates`],
//!   [`handshake`] (the facts of a TLS handshake)
#![forbid(unsafe_code)]

pub mod budget;
pub mod cert;
pub mod checks;
pub mod crypto;
pub mod decode;
pub mod handshake;
pub mod intermediates;
pub mod keys;
pub mod oids;
pub mod openssl;
pub mod options;
pub mod origin;
pub mod path;
pub mod policy;
pub mod problem;
pub mod revocation;
pub mod time;
pub mod tlv;
pub mod trust;

/// One thing the user gave us: a file, a paste, a drop.
#[derive(Debug, Clone)]
pub struct Input {
    /// File name as the user knows it (`chain.pem`), or a label such as `pasted text`.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Password for this input (PKCS#12, JKS, encrypted keys). `None` = try empty / no password.
    pub password: Option<String>,
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input { name: name.into(), bytes: bytes.into(), password: None }
    }
    pub fn with_password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }
}
