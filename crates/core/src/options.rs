//! What the caller asks for: purpose, flow, time, trust store, expected peer names.

use crate::Input;
pub use crate::policy::PolicyInputs;
use crate::time::UnixTime;
use serde::{Deserialize, Serialize};

/// What the leaf certificate must be good for (decides the EKU check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A TLS client certificate (mutual TLS into Salesforce): needs clientAuth.
    #[default]
    Client,
    /// A TLS server certificate (Salesforce calling your server): needs serverAuth.
    Server,
    /// No particular purpose: EKU is not checked.
    Any,
}

/// The Salesforce flow the user is in; decides the wording of fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// API client → Salesforce on port 8443 (mutual TLS, client certificate).
    #[default]
    Inbound,
    /// Salesforce → your server (Apex callout): your server certificate.
    Outbound,
    /// CA-signed certificate from a Salesforce CSR (*Upload Signed Certificate*).
    CsrUpload,
    /// JKS keystore for *Import from Keystore*.
    Keystore,
    /// Just check this chain.
    Generic,
}

impl Flow {
    /// The purpose a flow implies when the caller does not say.
    pub fn default_purpose(self) -> Purpose {
        match self {
            Flow::Inbound => Purpose::Client,
            Flow::Outbound => Purpose::Server,
            Flow::CsrUpload | Flow::Keystore | Flow::Generic => Purpose::Any,
        }
    }
}

/// Which roots are trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TrustChoice {
    /// The bundled snapshot of roots Salesforce trusts (default).
    #[default]
    Salesforce,
    /// Mozilla's root store (bundled).
    Mozilla,
    /// Exactly the roots in [`Options::custom_roots`].
    Custom,
    /// The org's own list: [`Options::custom_roots`] hold the text of its saved `/cacerts.jsp` page
    /// (or any text of PEM roots, SHA-1/SHA-256 fingerprints and `cacerts` aliases), read by
    /// [`crate::trust::import_org_list`]. It replaces the snapshot's guess with the org's list.
    OrgList,
}

/// A name the peer certificate must be valid for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PeerName {
    Dns(String),
    Ip(String),
    Email(String),
}

/// Everything [`crate::analyze`] needs besides the inputs.
#[derive(Debug, Clone)]
pub struct Options {
    pub purpose: Purpose,
    pub flow: Flow,
    /// The time to validate at. The core never reads a clock: callers pass "now".
    pub at: UnixTime,
    pub trust: TrustChoice,
    /// Roots for [`TrustChoice::Custom`] (any format the decoder accepts), or the org list's text
    /// for [`TrustChoice::OrgList`].
    pub custom_roots: Vec<Input>,
    /// Names the leaf must match (server certificates); empty = not checked.
    pub peer_names: Vec<PeerName>,
    /// Key usages the leaf must assert, by RFC 5280 name (`digitalSignature`, ...); empty = the
    /// purpose's default.
    pub required_key_usage: Vec<String>,
    /// Extra EKU OIDs (dotted) or names (`serverAuth`, `clientAuth`, ...) the leaf must allow.
    pub required_eku: Vec<String>,
    /// Maximum number of intermediates allowed between leaf and trust anchor.
    pub max_chain_depth: Option<u32>,
    /// Warn when a certificate expires within this many days.
    pub expiring_soon_days: i64,
    /// RFC 5280 §6.1.1 policy inputs (default: any policy, nothing required).
    pub policy: PolicyInputs,
}

impl Options {
    pub fn new(at: UnixTime) -> Self {
        Options {
            purpose: Purpose::Client,
            flow: Flow::Inbound,
            at,
            trust: TrustChoice::Salesforce,
            custom_roots: Vec::new(),
            peer_names: Vec::new(),
            required_key_usage: Vec::new(),
            required_eku: Vec::new(),
            max_chain_depth: None,
            expiring_soon_days: 30,
            policy: PolicyInputs::default(),
        }
    }
}
