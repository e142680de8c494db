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

    /// The flow a purpose implies when the caller does not say: client → inbound, server →
    /// outbound, any → generic.
    pub fn for_purpose(purpose: Purpose) -> Flow {
        match purpose {
            Purpose::Client => Flow::Inbound,
            Purpose::Server => Flow::Outbound,
            Purpose::Any => Flow::Generic,
        }
    }
}

/// A flow or purpose name that is not one: the rejected text and what was expected. Its
/// `Display` is "'sideways' is not a flow: expected inbound, outbound, csr, keystore or generic".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub name: String,
    /// "flow" or "purpose".
    pub what: &'static str,
    pub expected: &'static str,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}' is not a {}: expected {}", self.name, self.what, self.expected)
    }
}

impl std::error::Error for UnknownName {}

impl std::str::FromStr for Flow {
    type Err = UnknownName;

    /// The CLI's and the API's names: `inbound`, `outbound`, `csr` (also `csr_upload`, the
    /// report's spelling, and `csr-upload`), `keystore`, `generic`.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "inbound" => Flow::Inbound,
            "outbound" => Flow::Outbound,
            "csr" | "csr_upload" | "csr-upload" => Flow::CsrUpload,
            "keystore" => Flow::Keystore,
            "generic" => Flow::Generic,
            _ => {
                return Err(UnknownName {
                    name: name.to_string(),
                    what: "flow",
                    expected: "inbound, outbound, csr, keystore or generic",
                });
            }
        })
    }
}

impl std::str::FromStr for Purpose {
    type Err = UnknownName;

    /// `client`, `server` or `any`.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "client" => Purpose::Client,
            "server" => Purpose::Server,
            "any" => Purpose::Any,
            _ => {
                return Err(UnknownName { name: name.to_string(), what: "purpose", expected: "client, server or any" });
            }
        })
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

impl TrustChoice {
    /// The store's name in messages: one wording for every finding that names it.
    pub fn store_name(&self) -> &'static str {
        match self {
            TrustChoice::Salesforce => "the estimated Salesforce store",
            TrustChoice::Mozilla => "Mozilla's store",
            TrustChoice::Custom => "your own roots",
            TrustChoice::OrgList => "your org's imported list",
        }
    }
}

/// A name the peer certificate must be valid for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PeerName {
    Dns(String),
    Ip(String),
    Email(String),
}

impl PeerName {
    /// A host name or IP address as a user types it (`--host`, the API's `host`): an IP literal
    /// (v4, v6, or v6 in brackets) becomes [`PeerName::Ip`] in canonical form, anything else a
    /// [`PeerName::Dns`]; surrounding white space is dropped. `None` for an empty name.
    pub fn parse(text: &str) -> Option<PeerName> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let bare = trimmed.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(trimmed);
        Some(match bare.parse::<std::net::IpAddr>() {
            Ok(ip) => PeerName::Ip(ip.to_string()),
            Err(_) => PeerName::Dns(trimmed.to_string()),
        })
    }
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
    /// Complete a chain that stops at a missing issuer from the bundled CCADB snapshot of
    /// intermediates (crate::completion; default on). Off: reports are as without the snapshot.
    pub complete: bool,
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
            complete: true,
        }
    }

    /// Options for a flow and purpose as the user gave them: each defaults from the other
    /// ([`Flow::default_purpose`], [`Flow::for_purpose`]); with neither, inbound mutual TLS
    /// (client purpose). The CLI and the page's API both build their options here.
    pub fn for_flow(at: UnixTime, flow: Option<Flow>, purpose: Option<Purpose>) -> Self {
        let (flow, purpose) = match (flow, purpose) {
            (Some(flow), Some(purpose)) => (flow, purpose),
            (Some(flow), None) => (flow, flow.default_purpose()),
            (None, Some(purpose)) => (Flow::for_purpose(purpose), purpose),
            (None, None) => (Flow::Inbound, Flow::Inbound.default_purpose()),
        };
        Options { flow, purpose, ..Options::new(at) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_and_purpose_names() {
        assert_eq!("csr".parse(), Ok(Flow::CsrUpload));
        assert_eq!("csr_upload".parse(), Ok(Flow::CsrUpload));
        assert_eq!("keystore".parse(), Ok(Flow::Keystore));
        assert_eq!("server".parse(), Ok(Purpose::Server));
        let err = "sideways".parse::<Flow>().unwrap_err();
        assert_eq!(err.to_string(), "'sideways' is not a flow: expected inbound, outbound, csr, keystore or generic");
        assert!("email".parse::<Purpose>().is_err());
    }

    #[test]
    fn flow_and_purpose_default_from_each_other() {
        let pair = |f, p| {
            let o = Options::for_flow(UnixTime(0), f, p);
            (o.flow, o.purpose)
        };
        assert_eq!(pair(None, None), (Flow::Inbound, Purpose::Client));
        assert_eq!(pair(Some(Flow::Outbound), None), (Flow::Outbound, Purpose::Server));
        assert_eq!(pair(Some(Flow::CsrUpload), None), (Flow::CsrUpload, Purpose::Any));
        assert_eq!(pair(None, Some(Purpose::Server)), (Flow::Outbound, Purpose::Server));
        assert_eq!(pair(None, Some(Purpose::Any)), (Flow::Generic, Purpose::Any));
        assert_eq!(pair(Some(Flow::Keystore), Some(Purpose::Client)), (Flow::Keystore, Purpose::Client));
    }

    #[test]
    fn peer_names() {
        assert_eq!(PeerName::parse(" api.example.com "), Some(PeerName::Dns("api.example.com".into())));
        assert_eq!(PeerName::parse("10.0.0.1"), Some(PeerName::Ip("10.0.0.1".into())));
        assert_eq!(PeerName::parse("[::1]"), Some(PeerName::Ip("::1".into())));
        assert_eq!(PeerName::parse("  "), None);
    }
}
