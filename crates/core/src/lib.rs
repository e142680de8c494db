//! certchain core: the advice layer over the verification engine (`certchain-pki`): findings and
//! their wording, the analysis pipeline, the report, Salesforce advice, keystore pre-flight,
//! commands, the error explainer and output files.
//!
//! Pure Rust with no browser dependency. One entry point, [`analyze`], takes inputs and options
//! and returns one serializable [`Report`]; the CLI, the web page and the JS API only render it.
//! [`analyze_with_handshakes`] adds TLS handshake facts made elsewhere (the CLI's `probe`); the
//! core itself never touches the network.
#![forbid(unsafe_code)]

// The verification engine (certchain-pki), re-exported so that `certchain_core::cert`,
// `crate::path` and the rest name the same modules in the engine and in this advice layer.
pub use certchain_pki::{
    Input, budget, cert, checks, crypto, decode, handshake, intermediates, keys, oids, openssl, origin, path, policy,
    problem, revocation, time, tlv, trust,
};

pub mod analysis;
pub mod commands;
pub mod completion;
pub mod explain;
pub mod facts;
pub mod findings;
pub mod handshake_report;
pub mod keystore;
pub mod options;
pub mod outputs;
pub mod pipeline;
pub mod report;
pub mod salesforce;

pub use analysis::{analyze, analyze_full, analyze_full_with_handshakes, analyze_with_handshakes};
pub use findings::{Code, Finding, Severity};
pub use options::{Flow, Options, PeerName, PolicyInputs, Purpose, TrustChoice, UnknownName};
pub use report::{Analysis, Report, Verdict};
