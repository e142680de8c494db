//! What the caller asks the engine for: purpose, time, trust store, expected peer names, policies.

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
    /// Exactly the roots in [`VerifyOptions::custom_roots`].
    Custom,
    /// The org's own list: [`VerifyOptions::custom_roots`] hold the text of its saved `/cacerts.jsp` page
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

/// Everything path verification needs besides the certificates: what the leaf is for, when,
/// against which roots, for which names, under which policies. The advice layer's options
/// (`certchain_core::Options`) add the user's Salesforce flow, which only changes wording.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub purpose: Purpose,
    /// The time to validate at. The engine never reads a clock: callers pass "now".
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

impl VerifyOptions {
    /// A client certificate, checked at `at` against the estimated Salesforce store.
    pub fn new(at: UnixTime) -> Self {
        VerifyOptions {
            purpose: Purpose::Client,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purpose_names() {
        assert_eq!("server".parse(), Ok(Purpose::Server));
        assert_eq!("any".parse(), Ok(Purpose::Any));
        let err = "email".parse::<Purpose>().unwrap_err();
        assert_eq!(err.to_string(), "'email' is not a purpose: expected client, server or any");
    }

    #[test]
    fn peer_names() {
        assert_eq!(PeerName::parse(" api.example.com "), Some(PeerName::Dns("api.example.com".into())));
        assert_eq!(PeerName::parse("10.0.0.1"), Some(PeerName::Ip("10.0.0.1".into())));
        assert_eq!(PeerName::parse("[::1]"), Some(PeerName::Ip("::1".into())));
        assert_eq!(PeerName::parse("  "), None);
    }
}
