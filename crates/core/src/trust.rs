//! Trust stores: the bundled Salesforce snapshot, Mozilla's store, and custom roots.

use crate::cert::Cert;
use serde::Serialize;

/// How sure we are that Salesforce trusts a root (see DESIGN.md, "trust stores").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// In both the JDK `cacerts` list (which Salesforce's `/cacerts.jsp` mirrors) and Mozilla's store.
    JdkAndMozilla,
    /// In Mozilla's store only: Salesforce trust unconfirmed.
    MozillaOnly,
    /// In the JDK list only (legacy roots).
    JdkOnly,
    /// Supplied by the user.
    Custom,
}

/// A trusted root.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub cert: Cert,
    /// JDK `cacerts` alias, as Salesforce's `/cacerts.jsp` names it (`digicertglobalrootg2`).
    pub alias: Option<String>,
    pub tier: Tier,
}

/// Which store, from where, as of when: shown in every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustStoreInfo {
    /// `salesforce`, `mozilla` or `custom`.
    pub id: String,
    pub name: String,
    /// Where the data comes from (package and version).
    pub source: String,
    /// Date of the snapshot (YYYY-MM-DD), empty for custom stores.
    pub snapshot_date: String,
    pub roots: usize,
}

/// A set of trust anchors.
#[derive(Debug, Clone)]
pub struct TrustStore {
    pub info: TrustStoreInfo,
    pub anchors: Vec<Anchor>,
}

impl TrustStore {
    /// Exactly these roots.
    pub fn custom(certs: Vec<Cert>) -> TrustStore {
        let anchors: Vec<Anchor> =
            certs.into_iter().map(|cert| Anchor { cert, alias: None, tier: Tier::Custom }).collect();
        TrustStore {
            info: TrustStoreInfo {
                id: "custom".into(),
                name: "Custom roots".into(),
                source: "supplied by the user".into(),
                snapshot_date: String::new(),
                roots: anchors.len(),
            },
            anchors,
        }
    }

    /// Anchors whose subject equals `subject_der` (DER of the Name).
    pub fn by_subject<'a>(&'a self, subject_der: &'a [u8]) -> impl Iterator<Item = &'a Anchor> + 'a {
        use der::Encode;
        self.anchors
            .iter()
            .filter(move |a| a.cert.parsed.tbs_certificate().subject().to_der().is_ok_and(|d| d == subject_der))
    }

    /// The anchor with this certificate SHA-256, if any.
    pub fn by_sha256(&self, sha256: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|a| a.cert.sha256 == sha256)
    }
}
