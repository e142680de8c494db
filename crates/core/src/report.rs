//! The report: the one serializable result of an analysis, and [`analyze`] which produces it.

use crate::Input;
use crate::findings::Finding;
use crate::options::{Flow, Options, Purpose};
use crate::time::UnixTime;
use serde::Serialize;

/// The result of [`analyze`]. The CLI prints it with `--json`; the web page renders it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `certchain <version>`.
    pub tool: String,
    /// True iff a path from the primary leaf to a trusted root passes every check for the purpose.
    pub valid: bool,
    pub purpose: Purpose,
    pub flow: Flow,
    pub checked_at: UnixTime,
    /// Leaf first, trust anchor excluded.
    pub chain: Vec<CertSummary>,
    /// The trust anchor the chain ends in, if any.
    pub root: Option<CertSummary>,
    /// Every finding, the headline first.
    pub findings: Vec<Finding>,
}

/// A certificate as it appears in the chain listing.
#[derive(Debug, Clone, Serialize)]
pub struct CertSummary {
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
}

/// Analyse inputs: decode, build paths, check, explain.
pub fn analyze(_inputs: &[Input], options: &Options) -> Report {
    Report {
        tool: format!("certchain {}", env!("CARGO_PKG_VERSION")),
        valid: false,
        purpose: options.purpose,
        flow: options.flow,
        checked_at: options.at,
        chain: Vec::new(),
        root: None,
        findings: Vec::new(),
    }
}
