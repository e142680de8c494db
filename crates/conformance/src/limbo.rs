//! x509-limbo harness: run a limbo suite (JSON) through [`certchain_core::analyze`] and produce the harness
//! results JSON that upstream harnesses emit.
//!
//! Every testcase field is honoured; nothing is skipped. A case is SUCCESS iff the report is valid
//! and has no error-severity finding — the same rule the product uses — and no `issuance_rule`
//! finding: those are warnings in the product (OpenSSL and Java accept such certificates), but
//! x509-limbo's expectations are a strict validator's (rustls-webpki, OpenSSL `-x509_strict`,
//! the CA/B Forum profile), which rejects them.

use certchain_core::findings::Severity;
use certchain_core::options::{Flow, Options, PeerName, Purpose, TrustChoice};
use certchain_core::time::UnixTime;
use certchain_core::{Input, analyze};
use serde::{Deserialize, Serialize};

/// A limbo suite (`limbo-schema.json`): only the fields a harness needs are read.
#[derive(Debug, Deserialize)]
pub struct Suite {
    pub version: u32,
    pub testcases: Vec<Testcase>,
}

#[derive(Debug, Deserialize)]
pub struct LimboPeerName {
    /// `DNS`, `IP` or `RFC822`.
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
pub struct Testcase {
    pub id: String,
    #[serde(default)]
    pub description: String,
    /// `SERVER` or `CLIENT`.
    pub validation_kind: String,
    #[serde(default)]
    pub trusted_certs: Vec<String>,
    #[serde(default)]
    pub untrusted_intermediates: Vec<String>,
    pub peer_certificate: String,
    #[serde(default)]
    pub validation_time: Option<String>,
    /// Allowed signature algorithms (empty = any).
    #[serde(default)]
    pub signature_algorithms: Vec<String>,
    #[serde(default)]
    pub key_usage: Vec<String>,
    #[serde(default)]
    pub extended_key_usage: Vec<String>,
    /// `SUCCESS` or `FAILURE`.
    #[serde(default)]
    pub expected_result: String,
    #[serde(default)]
    pub expected_peer_name: Option<LimboPeerName>,
    #[serde(default)]
    pub expected_peer_names: Vec<LimboPeerName>,
    #[serde(default)]
    pub max_chain_depth: Option<u32>,
    #[serde(default)]
    pub crls: Vec<String>,
}

/// One harness result.
#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct CaseResult {
    pub id: String,
    /// `SUCCESS` or `FAILURE` (this harness never skips).
    pub actual_result: String,
    pub context: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Results {
    pub version: u32,
    pub harness: String,
    pub results: Vec<CaseResult>,
}

/// The harness name written into results.
pub fn harness_name() -> String {
    format!("certchain-{}", env!("CARGO_PKG_VERSION"))
}

/// Evaluate one testcase. `now` is used when the case has no validation time.
pub fn run_case(case: &Testcase, now: UnixTime) -> Result<CaseResult, String> {
    run_case_with_report(case, now).map(|(result, _)| result)
}

/// [`run_case`] and the full report behind the verdict (for explaining a divergence).
pub fn run_case_with_report(case: &Testcase, now: UnixTime) -> Result<(CaseResult, certchain_core::Report), String> {
    let at = match &case.validation_time {
        Some(t) => UnixTime::parse_rfc3339(t).map_err(|e| format!("{}: validation_time: {e}", case.id))?,
        None => now,
    };
    let purpose = match case.validation_kind.as_str() {
        "SERVER" => Purpose::Server,
        "CLIENT" => Purpose::Client,
        other => return Err(format!("{}: unknown validation_kind '{other}'", case.id)),
    };
    let mut options = Options::new(at);
    options.purpose = purpose;
    options.flow = Flow::Generic;
    options.trust = TrustChoice::Custom;
    options.custom_roots = case
        .trusted_certs
        .iter()
        .enumerate()
        .map(|(i, pem)| Input::new(format!("trusted {}", i + 1), pem.as_bytes()))
        .collect();
    let mut peer_names = Vec::new();
    for name in case.expected_peer_name.iter().chain(case.expected_peer_names.iter()) {
        peer_names.push(match name.kind.as_str() {
            "DNS" => PeerName::Dns(name.value.clone()),
            "IP" => PeerName::Ip(name.value.clone()),
            "RFC822" => PeerName::Email(name.value.clone()),
            other => return Err(format!("{}: unknown peer name kind '{other}'", case.id)),
        });
    }
    options.peer_names = peer_names;
    options.required_key_usage = case.key_usage.clone();
    options.required_eku = case.extended_key_usage.clone();
    options.max_chain_depth = case.max_chain_depth;
    // The "expiring soon" warning is not a verdict: keep it out of the way.
    options.expiring_soon_days = 0;

    let mut inputs = vec![Input::new("peer certificate", case.peer_certificate.as_bytes())];
    for (i, pem) in case.untrusted_intermediates.iter().enumerate() {
        inputs.push(Input::new(format!("intermediate {}", i + 1), pem.as_bytes()));
    }
    for (i, pem) in case.crls.iter().enumerate() {
        inputs.push(Input::new(format!("crl {}", i + 1), pem.as_bytes()));
    }
    let report = analyze(&inputs, &options);
    let has_error =
        report.findings.iter().any(|f| f.severity == Severity::Error || f.code == certchain_core::Code::IssuanceRule);
    let mut success = report.valid && !has_error;
    let reason =
        report.findings.iter().find(|f| f.severity == Severity::Error || f.code == certchain_core::Code::IssuanceRule);
    let mut context =
        reason.or(report.findings.first()).map(|f| format!("{}: {}", code_name(f.code), f.title)).unwrap_or_default();
    if success && !case.signature_algorithms.is_empty() {
        // Allowed signature algorithms: every signature in the chosen path must use one of them.
        let mut all = certchain_core::decode::decode_inputs(&inputs).certs;
        all.extend(certchain_core::decode::decode_inputs(&options.custom_roots).certs);
        let used = report.chain.iter().filter_map(|c| all.iter().find(|a| a.sha256 == c.sha256));
        for cert in used {
            let name = limbo_signature_name(cert.parsed.signature_algorithm());
            if !case.signature_algorithms.iter().any(|a| Some(a.as_str()) == name) {
                success = false;
                context = format!(
                    "signature algorithm of '{}' ({}) is not in the allowed list",
                    cert.display_name(),
                    name.unwrap_or("unknown")
                );
            }
        }
    }
    let result =
        CaseResult { id: case.id.clone(), actual_result: if success { "SUCCESS" } else { "FAILURE" }.into(), context };
    Ok((result, report))
}

/// The limbo `SignatureAlgorithm` name of a certificate's signature algorithm.
fn limbo_signature_name(alg: &spki::AlgorithmIdentifierOwned) -> Option<&'static str> {
    use certchain_core::crypto::{Hash, SignatureAlgorithm as S};
    Some(match certchain_core::crypto::signature_algorithm(alg).ok()? {
        S::RsaPkcs1(Hash::Md5) => "RSA_WITH_MD5",
        S::RsaPkcs1(Hash::Sha1) => "RSA_WITH_SHA1",
        S::RsaPkcs1(Hash::Sha224) => "RSA_WITH_SHA224",
        S::RsaPkcs1(Hash::Sha256) => "RSA_WITH_SHA256",
        S::RsaPkcs1(Hash::Sha384) => "RSA_WITH_SHA384",
        S::RsaPkcs1(Hash::Sha512) => "RSA_WITH_SHA512",
        S::RsaPss { .. } => "RSASSA_PSS",
        S::Ecdsa(Hash::Sha1) => "ECDSA_WITH_SHA1",
        S::Ecdsa(Hash::Sha224) => "ECDSA_WITH_SHA224",
        S::Ecdsa(Hash::Sha256) => "ECDSA_WITH_SHA256",
        S::Ecdsa(Hash::Sha384) => "ECDSA_WITH_SHA384",
        S::Ecdsa(Hash::Sha512) => "ECDSA_WITH_SHA512",
        S::Ecdsa(Hash::Md5) => return None,
        S::Ed25519 => "ED25519",
    })
}

fn code_name(code: certchain_core::Code) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| format!("{code:?}"))
}

/// Run a whole suite and return the harness results JSON.
pub fn run_suite(suite_json: &str, now: UnixTime) -> Result<String, String> {
    let suite: Suite = serde_json::from_str(suite_json).map_err(|e| format!("not an x509-limbo suite: {e}"))?;
    if suite.version != 1 {
        return Err(format!("limbo suite version {} is not supported (expected 1)", suite.version));
    }
    let mut results = Vec::with_capacity(suite.testcases.len());
    for case in &suite.testcases {
        results.push(run_case(case, now)?);
    }
    let out = Results { version: 1, harness: harness_name(), results };
    serde_json::to_string_pretty(&out).map_err(|e| format!("cannot write results: {e}"))
}
