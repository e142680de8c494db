//! The one entry point: [`analyze`] runs the [`crate::pipeline`] over the user's files, then
//! explains each TLS handshake ([`crate::handshake_report`]) against the finished analysis. It
//! sits above both so that the handshake advice, which analyses a server's chain with the same
//! pipeline, never calls back into the module that calls it.

use crate::Input;
use crate::findings::Code;
use crate::options::Options;
use crate::report::{Analysis, Report};

/// Analyse inputs: decode, build paths, check, explain. Handshakes found in the inputs (pasted
/// `openssl s_client` output) are explained in [`Report::handshakes`].
pub fn analyze(inputs: &[Input], options: &Options) -> Report {
    analyze_full(inputs, options).report
}

/// [`analyze`] with handshake facts gathered elsewhere (the CLI's `probe` fills them from a real
/// handshake): the inputs are the user's own files (the client chain and key); each handshake is
/// explained against them, after those found in the inputs.
pub fn analyze_with_handshakes(
    inputs: &[Input],
    handshakes: Vec<crate::handshake::HandshakeFacts>,
    options: &Options,
) -> Report {
    analyze_full_with_handshakes(inputs, handshakes, options).report
}

/// Like [`analyze`], keeping the decoded inputs and the chosen path for output files.
pub fn analyze_full(inputs: &[Input], options: &Options) -> Analysis {
    analyze_full_with_handshakes(inputs, Vec::new(), options)
}

/// Like [`analyze_with_handshakes`], keeping the decoded inputs and the chosen path.
pub fn analyze_full_with_handshakes(
    inputs: &[Input],
    handshakes: Vec<crate::handshake::HandshakeFacts>,
    options: &Options,
) -> Analysis {
    let mut analysis = crate::pipeline::analyze_files(inputs, options);
    let mut all = analysis.decoded.handshakes.clone();
    all.extend(handshakes);
    if !all.is_empty() {
        // A handshake alone is something to analyse: "no certificate" would be a false claim.
        if analysis.decoded.certs.is_empty() {
            analysis.report.findings.retain(|f| f.code != Code::NoCertificate);
        }
        let reports = all.into_iter().map(|f| crate::handshake_report::check(f, &analysis, options)).collect();
        analysis.report.handshakes = reports;
    }
    analysis
}
