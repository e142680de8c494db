//! certchain core: decode every input, build and verify certificate paths, explain the result.
//!
//! Pure Rust with no browser dependency. One entry point, [`analyze`], takes inputs and options
//! and returns one serializable [`Report`]; the CLI, the web page and the JS API only render it.
//! [`analyze_with_handshakes`] adds TLS handshake facts made elsewhere (the CLI's `probe`); the
//! core itself never touches the network.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod budget;
pub mod cert;
pub mod checks;
pub mod commands;
pub mod completion;
pub mod crypto;
pub mod decode;
pub mod explain;
pub mod facts;
pub mod findings;
pub mod handshake;
pub mod handshake_report;
pub mod intermediates;
pub mod keys;
pub mod keystore;
pub mod oids;
pub mod openssl;
pub mod options;
pub mod origin;
pub mod outputs;
pub mod path;
pub mod pipeline;
pub mod policy;
pub mod problem;
pub mod report;
pub mod revocation;
pub mod salesforce;
pub mod time;
pub mod tlv;
pub mod trust;

pub use analysis::{analyze, analyze_full, analyze_full_with_handshakes, analyze_with_handshakes};
pub use findings::{Code, Finding, Severity};
pub use options::{Flow, Options, PeerName, PolicyInputs, Purpose, TrustChoice, UnknownName};
pub use report::{Analysis, Report, Verdict};

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
