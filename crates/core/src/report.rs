//! The report: the one serializable result of an analysis, and [`analyze`] which produces it.

use crate::Input;
use crate::decode::{InputSummary, decode_inputs};
use crate::findings::{Code, Finding, Severity};
use crate::options::{Flow, Options, Purpose, TrustChoice};
use crate::path::verify_leaf;
use crate::time::UnixTime;
use crate::trust::{TrustStore, TrustStoreInfo};
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
    pub trust_store: TrustStoreInfo,
    /// Leaf first, trust anchor excluded.
    pub chain: Vec<CertSummary>,
    /// The trust anchor the chain ends in, if any.
    pub root: Option<CertSummary>,
    /// Every finding, the headline first.
    pub findings: Vec<Finding>,
    /// What each input contained and what could not be read.
    pub inputs: Vec<InputSummary>,
}

/// A certificate as it appears in the chain listing.
#[derive(Debug, Clone, Serialize)]
pub struct CertSummary {
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
}

impl CertSummary {
    fn of(cert: &crate::cert::Cert) -> CertSummary {
        CertSummary { sha256: cert.sha256.clone(), subject: cert.subject.clone(), issuer: cert.issuer.clone() }
    }
}

/// Analyse inputs: decode, build paths, check, explain.
pub fn analyze(inputs: &[Input], options: &Options) -> Report {
    let decoded = decode_inputs(inputs);
    let mut findings = Vec::new();
    for input in &decoded.inputs {
        for error in &input.errors {
            let at = match error.line {
                Some(line) => format!("{}, line {line}", input.name),
                None => input.name.clone(),
            };
            findings.push(
                Finding::new(
                    Code::ParseError,
                    options.flow,
                    Vec::new(),
                    format!("Could not read {at}"),
                    format!("{at}: {}", error.message),
                )
                .with_fix(error.hint.clone()),
            );
        }
    }
    let store = match options.trust {
        TrustChoice::Custom => {
            let roots = decode_inputs(&options.custom_roots);
            TrustStore::custom(roots.certs)
        }
        // The bundled snapshots arrive with the trust-store work; until then they are empty.
        TrustChoice::Salesforce | TrustChoice::Mozilla => TrustStore::custom(Vec::new()),
    };
    let mut report = Report {
        tool: format!("certchain {}", env!("CARGO_PKG_VERSION")),
        valid: false,
        purpose: options.purpose,
        flow: options.flow,
        checked_at: options.at,
        trust_store: store.info.clone(),
        chain: Vec::new(),
        root: None,
        findings: Vec::new(),
        inputs: decoded.inputs.clone(),
    };
    match decoded.certs.first() {
        None => findings.push(Finding::new(
            Code::NoCertificate,
            options.flow,
            Vec::new(),
            "Nothing to analyse",
            "No certificate was found in the inputs.",
        )),
        Some(leaf) => {
            let verification = verify_leaf(leaf, &decoded.certs, &store, &decoded.crls, options);
            report.valid = verification.valid;
            report.chain = verification.chain.iter().map(CertSummary::of).collect();
            report.root = verification.anchor.as_ref().map(|a| CertSummary::of(&a.cert));
            findings.extend(verification.findings);
        }
    }
    // Errors first, then warnings, then information; stable within a severity.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if report.valid && !findings.iter().any(|f| f.severity == Severity::Error) {
        findings.insert(
            0,
            Finding::new(
                Code::ValidChain,
                options.flow,
                Vec::new(),
                "The chain is valid",
                "A path to a trusted root passes every check.",
            ),
        );
    }
    report.findings = findings;
    report
}
