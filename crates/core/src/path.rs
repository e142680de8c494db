//! Path building: from each leaf through supplied intermediates to a trust anchor, within a budget.

use crate::cert::Cert;
use crate::findings::Finding;
use crate::keys::Crl;
use crate::options::Options;
use crate::trust::{Anchor, TrustStore};

/// The outcome of verifying one leaf.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// True iff the chosen path reaches a trust anchor and passes every check for the purpose.
    pub valid: bool,
    /// The chosen path, leaf first, trust anchor excluded. When no path reaches an anchor, the
    /// longest partial path built (at least the leaf).
    pub chain: Vec<Cert>,
    /// The trust anchor the chosen path ends in.
    pub anchor: Option<Anchor>,
    /// Everything wrong with the chosen path (missing issuer, expiry, ...).
    pub findings: Vec<Finding>,
    /// Other complete paths found (cross-signed alternatives), leaf first, anchor last.
    pub alternatives: Vec<Vec<Cert>>,
    /// Candidate issuers that were considered and rejected, with the reason.
    pub rejected: Vec<Rejected>,
}

/// A candidate issuer that was not used.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// SHA-256 of the certificate whose issuer was sought.
    pub subject_cert: String,
    /// SHA-256 of the candidate issuer.
    pub candidate: String,
    pub reason: String,
}

/// Build and check paths from `leaf` through `supplied` certificates to an anchor in `store`.
pub fn verify_leaf(
    leaf: &Cert,
    _supplied: &[Cert],
    _store: &TrustStore,
    _crls: &[Crl],
    _options: &Options,
) -> Verification {
    Verification { chain: vec![leaf.clone()], ..Verification::default() }
}
