//! What the caller asks for: the user's Salesforce flow, offline completion, and the engine's
//! [`VerifyOptions`] (purpose, time, trust store, expected peer names, policies).

pub use crate::policy::PolicyInputs;
use crate::time::UnixTime;
pub use certchain_pki::options::{PeerName, Purpose, TrustChoice, UnknownName, VerifyOptions};
use serde::{Deserialize, Serialize};

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

/// Everything [`crate::analyze`] needs besides the inputs: the engine's [`VerifyOptions`] (read
/// through `Deref`, so `options.purpose` reads `options.verify.purpose`) and what only the advice
/// layer uses: the flow, which decides the wording of fixes, and offline completion.
#[derive(Debug, Clone)]
pub struct Options {
    pub flow: Flow,
    /// Complete a chain that stops at a missing issuer from the bundled CCADB snapshot of
    /// intermediates (crate::completion; default on). Off: reports are as without the snapshot.
    pub complete: bool,
    pub verify: VerifyOptions,
}

impl std::ops::Deref for Options {
    type Target = VerifyOptions;
    fn deref(&self) -> &VerifyOptions {
        &self.verify
    }
}

impl std::ops::DerefMut for Options {
    fn deref_mut(&mut self) -> &mut VerifyOptions {
        &mut self.verify
    }
}

impl Options {
    /// Inbound mutual TLS (a client certificate), checked at `at` against the estimated
    /// Salesforce store, with completion on.
    pub fn new(at: UnixTime) -> Self {
        Options { flow: Flow::Inbound, complete: true, verify: VerifyOptions::new(at) }
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
        let mut options = Options::new(at);
        options.flow = flow;
        options.purpose = purpose;
        options
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
}
