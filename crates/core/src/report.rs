//! The report: the one serializable result of an analysis, and [`analyze`] which produces it.
//!
//! `analyze` decodes the inputs, picks the primary leaf, asks [`crate::path::verify_leaf`] for the
//! chain verdict, then adds what only a view over *all* inputs can say: duplicates, unrelated
//! certificates, input order, which key and CSR belong to which certificate. Finally it ranks the
//! findings so the most useful one comes first (the headline).

use crate::Input;
use crate::cert::{Cert, Origin};
use crate::decode::{Decoded, InputSummary, decode_inputs};
use crate::findings::{Code, Finding, Severity};
use crate::keys::KeyAlgorithm;
use crate::options::{Flow, Options, Purpose, TrustChoice};
use crate::path::{Verification, verify_leaf};
use crate::time::UnixTime;
use crate::trust::{Tier, TrustStore, TrustStoreInfo};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use x509_cert::ext::pkix::name::GeneralName;

/// The result of [`analyze`]. The CLI prints it with `--json`; the web page renders it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// `certchain <version>`.
    pub tool: String,
    /// True iff `verdict` is [`Verdict::Valid`] (kept for readers of older reports).
    pub valid: bool,
    /// Valid, not valid, or cannot confirm: about the chain of the primary leaf. Findings about
    /// keys, CSRs or extra inputs do not change it (they can still be errors: the CLI exits 1).
    pub verdict: Verdict,
    pub purpose: Purpose,
    pub flow: Flow,
    pub checked_at: UnixTime,
    pub trust_store: TrustStoreInfo,
    /// The chosen path, leaf first, trust anchor excluded.
    pub chain: Vec<CertSummary>,
    /// The trust anchor the chain ends in, if any.
    pub root: Option<CertSummary>,
    /// Every finding, ranked: `findings[0]` is the headline.
    pub findings: Vec<Finding>,
    /// Every distinct certificate found in the inputs, in input order, with its role.
    pub certificates: Vec<CertEntry>,
    pub keys: Vec<KeyEntry>,
    pub csrs: Vec<CsrEntry>,
    /// Other complete paths (cross-signed alternatives), leaf first, anchor last.
    pub alternatives: Vec<Vec<CertSummary>>,
    /// Candidate issuers considered and not used, with the reason.
    pub rejected: Vec<RejectedEntry>,
    /// What each input contained and what could not be read.
    pub inputs: Vec<InputSummary>,
    /// The certificate policies (dotted OIDs) the chosen path is valid for (RFC 5280 §6.1.5
    /// user-constrained-policy-set); absent when that is "any policy" or no path reached a root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_policies: Option<Vec<String>>,
    /// TLS handshakes shown (pasted `openssl s_client` output, or the CLI's `probe`), each
    /// explained on its own: the server's chain as sent is analysed apart from the user's files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handshakes: Vec<crate::handshake_report::HandshakeReport>,
    /// Offline completion of a chain that stopped at a missing issuer (CCADB snapshot): kept
    /// apart from the verdict, which is about what was supplied. Absent when nothing was missing
    /// or completion is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<crate::completion::Completion>,
}

/// The analysis's answer about the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A path from the primary leaf to a trusted root passes every check for the purpose, and
    /// nothing leaves it unconfirmed.
    Valid,
    /// No path passes (an error finding says why), or there is no certificate.
    NotValid,
    /// A path passes every check certchain can make, but something it cannot know decides the
    /// answer (e.g. whether Salesforce trusts the root, or revocation without a usable CRL): the
    /// findings flagged [`Finding::cannot_confirm`] say what, and how to find out.
    CannotConfirm,
}

impl Verdict {
    /// The verdict for a chain that passed (`chain_valid`) or not, given every finding: "not
    /// valid" when the chain failed, "cannot confirm" when any finding is flagged
    /// [`Finding::cannot_confirm`], else "valid". "Cannot confirm" beats a false "valid".
    pub fn decide(chain_valid: bool, findings: &[Finding]) -> Verdict {
        if !chain_valid {
            Verdict::NotValid
        } else if findings.iter().any(|f| f.cannot_confirm) {
            Verdict::CannotConfirm
        } else {
            Verdict::Valid
        }
    }

    /// The snake_case name used in JSON (`valid`, `not_valid`, `cannot_confirm`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::NotValid => "not_valid",
            Verdict::CannotConfirm => "cannot_confirm",
        }
    }
}

impl Report {
    /// The findings that leave the verdict at "cannot confirm" (flagged
    /// [`Finding::cannot_confirm`]), in rank order.
    pub fn cannot_confirm_reasons(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.cannot_confirm)
    }
}

/// A certificate as it appears in reports: everything `openssl x509 -text` shows, readable.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertSummary {
    pub sha256: String,
    pub sha1: String,
    /// Short name (subject CN, else the subject).
    pub name: String,
    pub subject: String,
    pub issuer: String,
    /// Serial number, colon-separated hex.
    pub serial: String,
    pub version: u8,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    /// Whole days from the analysis time to `not_after` (negative once expired).
    pub days_left: i64,
    /// Public key: "RSA 2048", "EC P-256", "Ed25519".
    pub key: String,
    pub signature_algorithm: String,
    pub self_issued: bool,
    pub is_ca: bool,
    pub path_len: Option<u8>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    /// Subject alternative names, as `DNS:example.com`, `IP:10.0.0.1`, `email:a@b`, `URI:...`.
    pub subject_alt_names: Vec<String>,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    /// AIA caIssuers URLs: where the issuer's certificate can be downloaded (never fetched here).
    pub ca_issuers: Vec<String>,
    pub ocsp: Vec<String>,
    pub crl_distribution_points: Vec<String>,
    pub policies: Vec<String>,
    /// Name constraints, as `permitted DNS:example.com` / `excluded IP:...`.
    pub name_constraints: Vec<String>,
    pub critical_unknown_extensions: Vec<String>,
    /// The certificate as PEM, for per-certificate export.
    pub pem: String,
}

impl CertSummary {
    pub fn of(cert: &Cert, at: UnixTime) -> CertSummary {
        use sha1::Digest;
        let names = |list: &Option<Vec<GeneralName>>| {
            list.iter().flatten().map(crate::cert::general_name_text).collect::<Vec<_>>()
        };
        let mut name_constraints = Vec::new();
        if let Some(nc) = &cert.name_constraints {
            name_constraints.extend(names(&nc.permitted).into_iter().map(|n| format!("permitted {n}")));
            name_constraints.extend(names(&nc.excluded).into_iter().map(|n| format!("excluded {n}")));
        }
        let signature_algorithm = match crate::crypto::signature_algorithm(cert.parsed.signature_algorithm()) {
            Ok(alg) => alg.name(),
            Err(_) => crate::crypto::algorithm_oid_name(cert.parsed.signature_algorithm().oid),
        };
        CertSummary {
            sha256: cert.sha256.clone(),
            sha1: crate::cert::hex_colon(&sha1::Sha1::digest(&cert.der)),
            name: cert.display_name(),
            subject: cert.subject.clone(),
            issuer: cert.issuer.clone(),
            serial: crate::cert::hex_colon(&cert.serial),
            version: cert.version,
            not_before: cert.not_before,
            not_after: cert.not_after,
            days_left: at.days_until(cert.not_after),
            key: crate::crypto::key_algorithm(&cert.spki_der).to_string(),
            signature_algorithm,
            self_issued: cert.is_self_issued(),
            is_ca: cert.is_ca(),
            path_len: cert.basic_constraints.as_ref().and_then(|bc| bc.path_len),
            key_usage: cert
                .key_usage
                .as_ref()
                .map(|ku| ku.names().into_iter().map(String::from).collect())
                .unwrap_or_default(),
            extended_key_usage: cert
                .ext_key_usage
                .as_ref()
                .map(|eku| eku.oids.iter().map(crate::oids::eku::name).collect())
                .unwrap_or_default(),
            subject_alt_names: names(&cert.san),
            subject_key_id: cert.subject_key_id.as_deref().map(crate::cert::hex_colon),
            authority_key_id: cert
                .authority_key_id
                .as_ref()
                .and_then(|aki| aki.key_id.as_deref())
                .map(crate::cert::hex_colon),
            ca_issuers: cert.ca_issuers.clone(),
            ocsp: cert.ocsp_urls.clone(),
            crl_distribution_points: cert.crl_urls.clone(),
            policies: cert.policies.clone(),
            name_constraints,
            critical_unknown_extensions: cert.unknown_critical.clone(),
            pem: pem_rfc7468::encode_string("CERTIFICATE", pem_rfc7468::LineEnding::LF, &cert.der).unwrap_or_default(),
        }
    }
}

/// Each certificate's summary made once per analysis: the chain, the root, alternatives and the
/// certificate list share certificates, and a summary encodes PEM and hashes SHA-1.
struct Summaries {
    at: UnixTime,
    done: HashMap<String, CertSummary>,
}

impl Summaries {
    fn of(&mut self, cert: &Cert) -> CertSummary {
        let at = self.at;
        self.done.entry(cert.sha256.clone()).or_insert_with(|| CertSummary::of(cert, at)).clone()
    }
}

/// What a certificate is in this analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The primary end-entity certificate the chain is built for.
    Leaf,
    /// On the chosen path between leaf and anchor.
    Intermediate,
    /// The root of the chosen path: its trust anchor (supplied in the inputs), or a self-signed
    /// root ending it that the trust store does not hold (then `untrusted_root` says so).
    Root,
    /// On an alternative path only.
    Alternative,
    /// Considered as an issuer and rejected (see `rejected` for why).
    RejectedIssuer,
    /// Another end-entity certificate (not the primary one).
    OtherLeaf,
    /// On no path from the primary leaf.
    Unrelated,
}

/// A distinct certificate from the inputs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertEntry {
    #[serde(flatten)]
    pub summary: CertSummary,
    pub role: Role,
    /// Where it was found (first occurrence).
    pub origin: Origin,
    /// How many times it occurs in the inputs (> 1 = duplicate).
    pub occurrences: usize,
}

/// A private key from the inputs (never its material).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyEntry {
    pub algorithm: KeyAlgorithm,
    pub format: crate::keys::KeyFormat,
    pub origin: Origin,
    /// SHA-256 of the certificate this key belongs to, if any.
    pub matches: Option<String>,
}

/// A CSR from the inputs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CsrEntry {
    pub subject: String,
    pub algorithm: KeyAlgorithm,
    pub origin: Origin,
    pub signature_valid: bool,
    /// SHA-256 of the certificate issued for this CSR (same public key), if any.
    pub matches: Option<String>,
}

/// A candidate issuer that was considered and not used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RejectedEntry {
    /// SHA-256 of the certificate whose issuer was sought.
    pub cert: String,
    /// SHA-256 of the candidate.
    pub candidate: String,
    pub reason: String,
}

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

/// Everything an analysis produced: the report, and the decoded objects and verification it was
/// made from (private keys included), for building output files. Never serialized as a whole.
#[derive(Debug)]
pub struct Analysis {
    pub report: Report,
    /// Everything decoded from the inputs (certificates, keys, CSRs, CRLs).
    pub decoded: Decoded,
    /// The verification of the primary leaf (chain, anchor, alternatives).
    pub verification: Verification,
    /// Index into `decoded.certs` of the primary leaf.
    pub primary: Option<usize>,
    /// The path completed from the CCADB snapshot, when it validates (`report.completion` says
    /// what was added): output files are built from it.
    pub completed: Option<crate::completion::Completed>,
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
    let mut analysis = analyze_files(inputs, options);
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

fn analyze_files(inputs: &[Input], options: &Options) -> Analysis {
    let decoded = decode_inputs(inputs);
    let custom_store;
    let store: &TrustStore = match options.trust {
        TrustChoice::Custom => {
            custom_store = TrustStore::custom(decode_inputs(&options.custom_roots).certs);
            &custom_store
        }
        TrustChoice::OrgList => {
            custom_store = crate::trust::org_list_store(&options.custom_roots);
            &custom_store
        }
        // Parsed once per process and borrowed: an analysis never copies the bundled roots.
        TrustChoice::Salesforce => TrustStore::salesforce(),
        TrustChoice::Mozilla => TrustStore::mozilla(),
    };
    let flow = options.flow;
    let mut findings = parse_findings(&decoded, flow);

    let spki_of: Vec<Vec<u8>> = decoded.certs.iter().map(spki_der).collect();
    let picked = pick_primary_leaf(&decoded, &spki_of);
    let trust_bundle = matches!(picked, Primary::TrustBundle);
    let primary = match picked {
        Primary::Leaf(i) => Some(i),
        Primary::TrustBundle | Primary::None => None,
    };
    if let Some(others) = primary.map(|p| other_leaves(&decoded, p)).filter(|o| !o.is_empty()) {
        findings.push(multiple_leaves_finding(&decoded, primary, &others, flow));
    }

    let mut verification = match primary {
        Some(index) => verify_leaf(&decoded.certs[index], &decoded.certs, store, &decoded.crls, options),
        None if trust_bundle => {
            findings.push(trust_bundle_finding(&decoded, options));
            Verification::default()
        }
        None => {
            findings.push(Finding::new(
                Code::NoCertificate,
                flow,
                Vec::new(),
                "Nothing to analyse: no certificate found",
                "None of the inputs contains a certificate, so there is no chain to check.",
            ));
            Verification::default()
        }
    };
    // Offline completion from the CCADB snapshot: a separate result; the verdict below stays
    // about what was supplied.
    let (completion, completed) = match primary.and_then(|i| {
        crate::completion::complete(&decoded.certs[i], &decoded.certs, &verification, store, &decoded.crls, options)
    }) {
        Some((completion, completed)) => (Some(completion), completed),
        None => (None, None),
    };
    if let Some(completion) = &completion {
        crate::completion::word_findings(completion, &mut verification.findings, options);
    }
    // A finding flagged `cannot_confirm` leaves the verdict at "cannot confirm", whatever its severity.
    let chain_has_error = verification.findings.iter().any(|f| f.severity == Severity::Error && !f.cannot_confirm);
    let chain_valid = verification.valid && !chain_has_error && primary.is_some();

    findings.extend(verification.findings.iter().cloned());
    if !trust_bundle {
        findings.extend(hygiene_findings(&decoded, &verification, flow));
    }
    findings.extend(salesforce_trust_finding(&verification, options, chain_valid));
    let (keys, key_findings) = match_keys(&decoded, &spki_of, primary, flow);
    findings.extend(key_findings);
    let (csrs, csr_findings) = match_csrs(&decoded, &spki_of, flow);
    findings.extend(csr_findings);
    findings.extend(crate::keystore::preflight(&decoded, &verification, options));

    if primary.is_some() && !chain_valid && !findings.iter().any(|f| f.severity == Severity::Error) {
        // Safety net: never let an unconfirmed chain read as fine.
        findings.push(Finding::new(
            Code::UntrustedRoot,
            flow,
            verification.chain.first().map(|c| vec![c.sha256.clone()]).unwrap_or_default(),
            "No trusted path was confirmed",
            "certchain could not confirm a path from this certificate to a trusted root.",
        ));
    }
    let verdict = Verdict::decide(chain_valid, &findings);
    if verdict == Verdict::Valid && !findings.iter().any(|f| f.severity == Severity::Error) {
        let leaf = verification.chain.first();
        let root = verification.anchor.as_ref().map(|a| display_name(&a.cert)).unwrap_or_default();
        let leaf_name = leaf.map(display_name).unwrap_or_default();
        let title = match options.trust {
            TrustChoice::OrgList => {
                format!(
                    "The chain is valid against your org's list: '{leaf_name}' chains to '{root}', which the list holds"
                )
            }
            _ => format!("The chain is valid: '{leaf_name}' chains to the trusted root '{root}'"),
        };
        let mut detail = format!(
            "A path of {} certificate(s) from the leaf to the trusted root '{root}' passes every check for this purpose at {}.",
            verification.chain.len(),
            options.at
        );
        if let Some(tier) = verification.anchor.as_ref().and_then(|a| salesforce_tier_sentence(&a.cert, options)) {
            detail.push(' ');
            detail.push_str(&tier);
        }
        findings.push(Finding::new(
            Code::ValidChain,
            flow,
            leaf.map(|c| vec![c.sha256.clone()]).unwrap_or_default(),
            title,
            detail,
        ));
    }
    rank(&mut findings);

    let mut summaries = Summaries { at: options.at, done: HashMap::new() };
    let report = Report {
        tool: format!("certchain {}", env!("CARGO_PKG_VERSION")),
        valid: verdict == Verdict::Valid,
        verdict,
        purpose: options.purpose,
        flow,
        checked_at: options.at,
        trust_store: store.info.clone(),
        chain: verification.chain.iter().map(|c| summaries.of(c)).collect(),
        root: verification.anchor.as_ref().map(|a| summaries.of(&a.cert)),
        certificates: certificate_entries(&decoded, primary, &verification, &mut summaries),
        keys,
        csrs,
        alternatives: verification.alternatives.iter().map(|p| p.iter().map(|c| summaries.of(c)).collect()).collect(),
        rejected: verification
            .rejected
            .iter()
            .map(|r| RejectedEntry {
                cert: r.subject_cert.clone(),
                candidate: r.candidate.clone(),
                reason: r.reason.clone(),
            })
            .collect(),
        findings,
        inputs: decoded.inputs.clone(),
        valid_policies: valid_policies(&verification, options),
        handshakes: Vec::new(),
        completion,
    };
    let mut analysis = Analysis { report, decoded, verification, primary, completed };
    add_salesforce_findings(&mut analysis, options);
    analysis
}

/// Adds [`crate::salesforce::salesforce_findings`] (they read the finished analysis) and ranks
/// again. An error among them withdraws the `valid_chain` headline, as a key mismatch does; the
/// verdict is about the chain and stays, unless one of them leaves it unconfirmed.
fn add_salesforce_findings(analysis: &mut Analysis, options: &Options) {
    let extra = crate::salesforce::salesforce_findings(analysis, options);
    if extra.is_empty() {
        return;
    }
    let report = &mut analysis.report;
    if extra.iter().any(|f| f.severity == Severity::Error || f.cannot_confirm) {
        report.findings.retain(|f| f.code != Code::ValidChain);
    }
    if report.verdict == Verdict::Valid && extra.iter().any(|f| f.cannot_confirm) {
        report.verdict = Verdict::CannotConfirm;
        report.valid = false;
    }
    report.findings.extend(extra);
    rank(&mut report.findings);
}

/// The policies the chosen path is valid for, when that is not simply "any".
fn valid_policies(verification: &Verification, options: &Options) -> Option<Vec<String>> {
    let anchor = verification.anchor.as_ref()?;
    // As in checks::check_path: the anchor itself takes no part (RFC 5280 §6.1).
    let path: Vec<&Cert> = verification.chain.iter().filter(|c| c.sha256 != anchor.cert.sha256).collect();
    let outcome = crate::policy::process(&path, &options.policy).ok()?;
    (!outcome.is_any()).then_some(outcome.user_constrained_policy_set)
}

fn display_name(cert: &Cert) -> String {
    cert.display_name()
}

fn spki_der(cert: &Cert) -> Vec<u8> {
    cert.spki_der.clone()
}

fn is_ca(cert: &Cert) -> bool {
    cert.is_ca()
}

fn parse_findings(decoded: &Decoded, flow: Flow) -> Vec<Finding> {
    use crate::decode::DecodeErrorKind;
    let mut out = Vec::new();
    for input in &decoded.inputs {
        for error in &input.errors {
            let at = match error.line {
                Some(line) => format!("{}, line {line}", input.name),
                None => input.name.clone(),
            };
            let code = match error.kind {
                DecodeErrorKind::PasswordRequired | DecodeErrorKind::WrongPassword => Code::PasswordRequired,
                _ => Code::ParseError,
            };
            let title = match error.kind {
                DecodeErrorKind::PasswordRequired => format!("{} needs a password", input.name),
                DecodeErrorKind::WrongPassword => format!("Wrong password for {}", input.name),
                DecodeErrorKind::Empty => format!("{} is empty", input.name),
                _ => format!("Could not read {at}"),
            };
            let mut finding = Finding::new(code, flow, Vec::new(), title, format!("{at}: {}", error.message));
            if !error.hint.is_empty() {
                finding = finding.with_fix(error.hint.clone());
            }
            out.push(finding);
        }
    }
    out
}

/// What the certificates of a paste are.
enum Primary {
    /// Index into `decoded.certs` of the certificate to build a chain for.
    Leaf(usize),
    /// No end-entity certificate and several self-signed roots: a trust bundle
    /// (ca-certificates.crt, certifi's cacert.pem), not a chain.
    TrustBundle,
    None,
}

/// The primary end-entity certificate: the one matching a supplied private key, else the first
/// end-entity certificate (not a CA, not self-signed) in input order, else — when there are
/// several self-signed roots and nothing else — a trust bundle, else the first non-CA certificate
/// (a self-signed leaf), else the first certificate that issued none of the others, else the
/// first certificate. A v1 root has no basicConstraints, so "not a CA" alone would make a root
/// placed first in the paste the leaf.
fn pick_primary_leaf(decoded: &Decoded, spki_of: &[Vec<u8>]) -> Primary {
    let certs = &decoded.certs;
    if certs.is_empty() {
        return Primary::None;
    }
    let key_spkis: HashSet<&[u8]> = decoded.keys.iter().map(|k| k.spki_der.as_slice()).collect();
    let not_ca = |i: &usize| !is_ca(&certs[*i]);
    if let Some(i) = (0..certs.len()).filter(not_ca).find(|i| key_spkis.contains(spki_of[*i].as_slice())) {
        return Primary::Leaf(i);
    }
    // Self-signed, not merely self-issued: a certificate issued under the same name by another
    // key (a CA's key rollover, PKITS 4.5 and 4.12.10) is an end entity like any other. Telling
    // them apart costs a signature check each, so a paste of thousands of self-issued
    // certificates stops checking at the path builder's signature budget.
    let mut checks = 0;
    let mut self_signed = |c: &Cert| {
        if !c.is_self_issued() {
            return false;
        }
        checks += 1;
        checks > crate::path::SIGNATURE_BUDGET || c.is_self_signed()
    };
    if let Some(i) = (0..certs.len()).filter(not_ca).find(|i| !self_signed(&certs[*i])) {
        return Primary::Leaf(i);
    }
    // No end-entity certificate. CA certificates on one issuing path (root and intermediates: a CA
    // chain) are checked as a chain from the bottom; two or more that issued none of the others
    // (unrelated roots or CAs) are a bundle — unless a certificate says cA=FALSE (two self-signed
    // client certificates are not a bundle; v1 roots without basicConstraints may be in one).
    let mut issued_by: HashMap<&[u8], HashSet<&str>> = HashMap::new();
    for c in certs {
        issued_by.entry(c.issuer_key.as_slice()).or_default().insert(c.sha256.as_str());
    }
    let mut seen = HashSet::new();
    let bottoms = certs
        .iter()
        .filter(|c| seen.insert(c.sha256.as_str()))
        .filter(|c| issued_by.get(c.subject_key.as_slice()).is_none_or(|by| by.iter().all(|s| *s == c.sha256)))
        .take(2)
        .count();
    if bottoms >= 2 && certs.iter().all(|c| c.basic_constraints.as_ref().is_none_or(|bc| bc.ca)) {
        return Primary::TrustBundle;
    }
    if let Some(i) = (0..certs.len()).find(not_ca) {
        return Primary::Leaf(i);
    }
    let issued_something = |i: usize| {
        let subject = &certs[i].subject;
        certs.iter().enumerate().any(|(j, c)| j != i && c.sha256 != certs[i].sha256 && &c.issuer == subject)
    };
    Primary::Leaf((0..certs.len()).find(|i| !issued_something(*i)).unwrap_or(0))
}

/// The one finding for a trust bundle: how many roots, which are expired or not yet valid, how
/// many duplicates, instead of a chain verdict and a line per "unrelated" certificate.
fn trust_bundle_finding(decoded: &Decoded, options: &Options) -> Finding {
    let mut seen = HashSet::new();
    let distinct: Vec<&Cert> = decoded.certs.iter().filter(|c| seen.insert(c.sha256.as_str())).collect();
    let duplicates = decoded.certs.len() - distinct.len();
    // Roots by name (self-issued): counting by signature would cost a check per root.
    let roots = distinct.iter().filter(|c| c.is_self_issued()).count();
    let others = distinct.len() - roots;
    let expired: Vec<&&Cert> = distinct.iter().filter(|c| c.not_after < options.at).collect();
    let not_yet: Vec<&&Cert> = distinct.iter().filter(|c| c.not_before > options.at).collect();
    let names = |list: &[&&Cert]| {
        const NAMED: usize = 5;
        let mut text: Vec<String> = list
            .iter()
            .take(NAMED)
            .map(|c| {
                format!(
                    "'{}' ({} {})",
                    display_name(c),
                    if c.not_after < options.at { "expired" } else { "valid from" },
                    if c.not_after < options.at { c.not_after } else { c.not_before }
                )
            })
            .collect();
        if list.len() > NAMED {
            text.push(format!("and {} more", list.len() - NAMED));
        }
        text.join(", ")
    };
    let mut detail = format!(
        "The input holds {} distinct certificate(s) and no end-entity certificate: {roots} root(s){}, not on one issuing path. This is a trust bundle (like /etc/ssl/certs/ca-certificates.crt or certifi's cacert.pem), so there is no chain to check.",
        distinct.len(),
        if others > 0 { format!(" and {others} other CA certificate(s)") } else { String::new() },
    );
    if expired.is_empty() {
        detail.push_str(&format!(" None has expired at {}.", options.at));
    } else {
        detail.push_str(&format!(" {} expired at {}: {}.", expired.len(), options.at, names(&expired)));
    }
    if !not_yet.is_empty() {
        detail.push_str(&format!(" {} not yet valid: {}.", not_yet.len(), names(&not_yet)));
    }
    if duplicates > 0 {
        detail.push_str(&format!(" {duplicates} certificate(s) appear more than once."));
    }
    Finding::new(
        Code::TrustBundle,
        options.flow,
        distinct.iter().map(|c| c.sha256.clone()).collect(),
        if others == 0 {
            format!("This is a trust bundle of {roots} root certificates, not a chain")
        } else {
            format!("This is a bundle of {} CA certificates ({roots} roots), not a chain", distinct.len())
        },
        detail,
    )
}

/// Distinct end-entity certificates other than the primary one.
fn other_leaves(decoded: &Decoded, primary: usize) -> Vec<usize> {
    let primary_sha = &decoded.certs[primary].sha256;
    let mut seen = HashSet::new();
    (0..decoded.certs.len())
        .filter(|&i| {
            let c = &decoded.certs[i];
            &c.sha256 != primary_sha && !is_ca(c) && seen.insert(c.sha256.clone())
        })
        .collect()
}

fn multiple_leaves_finding(decoded: &Decoded, primary: Option<usize>, others: &[usize], flow: Flow) -> Finding {
    let Some(p) = primary else {
        return Finding::new(Code::MultipleLeaves, flow, Vec::new(), "Several end-entity certificates", "");
    };
    let leaf = &decoded.certs[p];
    // A pasted bundle may hold a thousand leaves: name the first few and count the rest (the
    // finding's `certs` still lists them all).
    const NAMED: usize = 10;
    let mut names: Vec<String> = others
        .iter()
        .take(NAMED)
        .map(|&i| format!("'{}' ({})", display_name(&decoded.certs[i]), decoded.certs[i].origin))
        .collect();
    if others.len() > NAMED {
        names.push(format!("and {} more", others.len() - NAMED));
    }
    let mut certs = vec![leaf.sha256.clone()];
    certs.extend(others.iter().map(|&i| decoded.certs[i].sha256.clone()));
    Finding::new(
        Code::MultipleLeaves,
        flow,
        certs,
        format!("{} end-entity certificates given; analysing '{}'", others.len() + 1, display_name(leaf)),
        format!(
            "The inputs hold more than one end-entity (non-CA) certificate. certchain analyses '{}' ({}){}; the others are {}.",
            display_name(leaf),
            leaf.origin,
            if decoded.keys.iter().any(|k| k.spki_der == spki_der(leaf)) {
                ", the one your private key belongs to"
            } else {
                ", the first in input order"
            },
            names.join(", ")
        ),
    )
}

/// Duplicates, certificates on no path, the root included in the inputs, input order.
fn hygiene_findings(decoded: &Decoded, verification: &Verification, flow: Flow) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut occurrences: HashMap<&str, Vec<&Cert>> = HashMap::new();
    for c in &decoded.certs {
        occurrences.entry(c.sha256.as_str()).or_default().push(c);
    }
    let mut reported = HashSet::new();
    for c in &decoded.certs {
        let copies = &occurrences[c.sha256.as_str()];
        if copies.len() > 1 && reported.insert(c.sha256.as_str()) {
            let places: Vec<String> = copies.iter().map(|c| c.origin.to_string()).collect();
            out.push(Finding::new(
                Code::Duplicate,
                flow,
                vec![c.sha256.clone()],
                format!("'{}' is given {} times", display_name(c), copies.len()),
                format!("The same certificate appears {} times: {}. A file sent to Salesforce should hold each certificate once.", copies.len(), places.join("; ")),
            ));
        }
    }

    let on_chain: HashSet<&str> = verification.chain.iter().map(|c| c.sha256.as_str()).collect();
    let anchor_sha = verification.anchor.as_ref().map(|a| a.cert.sha256.as_str());
    let on_alternative: HashSet<&str> = verification.alternatives.iter().flatten().map(|c| c.sha256.as_str()).collect();
    // A candidate issuer that was tried and rejected is related: `rejected` says why it was not used.
    let rejected: HashSet<&str> = verification.rejected.iter().map(|r| r.candidate.as_str()).collect();
    // A search stopped by its budget did not examine every certificate: none is provably unrelated.
    let search_stopped = verification.findings.iter().any(|f| f.code == Code::PathBudgetExceeded);
    let mut unrelated_seen = HashSet::new();
    let mut unrelated: Vec<&Cert> = Vec::new();
    for c in &decoded.certs {
        if search_stopped {
            break;
        }
        let sha = c.sha256.as_str();
        if on_chain.contains(sha)
            || Some(sha) == anchor_sha
            || on_alternative.contains(sha)
            || rejected.contains(sha)
            || !is_ca(c)
        {
            continue;
        }
        if unrelated_seen.insert(sha) {
            unrelated.push(c);
        }
    }
    let leaf_name = verification.chain.first().map(display_name).unwrap_or_default();
    // One finding per certificate while that reads well; a pasted bundle of a thousand CAs gets
    // one finding that names the first few and lists every certificate in `certs`.
    const ONE_BY_ONE: usize = 10;
    if unrelated.len() <= ONE_BY_ONE {
        for c in &unrelated {
            out.push(Finding::new(
                Code::UnrelatedCert,
                flow,
                vec![c.sha256.clone()],
                format!("'{}' is not part of the chain", display_name(c)),
                format!(
                    "The CA certificate '{}' ({}) is on no path from the leaf '{leaf_name}' to a trust anchor. It is not needed for this chain.",
                    display_name(c),
                    c.origin,
                ),
            ));
        }
    } else {
        let named: Vec<String> =
            unrelated.iter().take(ONE_BY_ONE).map(|c| format!("'{}' ({})", display_name(c), c.origin)).collect();
        out.push(Finding::new(
            Code::UnrelatedCert,
            flow,
            unrelated.iter().map(|c| c.sha256.clone()).collect(),
            format!("{} CA certificates are not part of the chain", unrelated.len()),
            format!(
                "{} CA certificates are on no path from the leaf '{leaf_name}' to a trust anchor and are not needed for this chain: {}, and {} more.",
                unrelated.len(),
                named.join(", "),
                unrelated.len() - ONE_BY_ONE
            ),
        ));
    }

    if let Some(anchor) = &verification.anchor
        && let Some(supplied) = decoded.certs.iter().find(|c| c.sha256 == anchor.cert.sha256)
    {
        out.push(Finding::new(
            Code::RootIncluded,
            flow,
            vec![supplied.sha256.clone()],
            format!("The root '{}' is included in your files", display_name(supplied)),
            format!(
                "The root certificate '{}' ({}) is in the inputs. A client or server does not need to send the root: the other side must already trust it.",
                display_name(supplied),
                supplied.origin
            ),
        ));
    }

    // Input order should be leaf first, then each issuer (what Salesforce and TLS expect).
    let first_position: HashMap<&str, usize> =
        decoded.certs.iter().enumerate().rev().map(|(i, c)| (c.sha256.as_str(), i)).collect();
    let mut path: Vec<&Cert> = verification.chain.iter().collect();
    if let Some(anchor) = &verification.anchor {
        path.push(&anchor.cert);
    }
    let positions: Vec<usize> = path.iter().filter_map(|c| first_position.get(c.sha256.as_str()).copied()).collect();
    if positions.len() > 1 && positions.windows(2).any(|w| w[0] > w[1]) {
        let order: Vec<String> = {
            let mut by_pos: Vec<(usize, &Cert)> =
                path.iter().filter_map(|c| first_position.get(c.sha256.as_str()).map(|&p| (p, *c))).collect();
            by_pos.sort_by_key(|(p, _)| *p);
            by_pos.iter().map(|(_, c)| format!("'{}'", display_name(c))).collect()
        };
        let expected: Vec<String> = path
            .iter()
            .filter(|c| first_position.contains_key(c.sha256.as_str()))
            .map(|c| format!("'{}'", display_name(c)))
            .collect();
        out.push(Finding::new(
            Code::Reordered,
            flow,
            path.iter().map(|c| c.sha256.clone()).collect(),
            "The certificates are not in chain order",
            format!("They were given as {}; the order a client sends and Salesforce expects is leaf first, then each issuer: {}.", order.join(" → "), expected.join(" → ")),
        ));
    }
    out
}

/// Where a root stands in the estimated Salesforce store, for a valid chain's explanation: said
/// whenever the verdict was reached through the estimate (the `salesforce` store) or is about a
/// Salesforce flow; nothing for the org's own list or a generic check against other roots.
fn salesforce_tier_sentence(root: &Cert, options: &Options) -> Option<String> {
    let through_estimate = options.trust == TrustChoice::Salesforce;
    if options.trust == TrustChoice::OrgList || (options.flow == Flow::Generic && !through_estimate) {
        return None;
    }
    let (alias, tier) = crate::trust::salesforce_status_of(root)?;
    let listed = match (tier, alias) {
        (Tier::JdkAndMozilla, Some(alias)) => {
            format!("in both Mozilla's store and the Java cacerts list (as `{alias}`): tier {}", tier.as_str())
        }
        (Tier::JdkAndMozilla, None) => {
            format!("in both Mozilla's store and the Java cacerts list: tier {}", tier.as_str())
        }
        // Other tiers leave the verdict unconfirmed in a Salesforce flow (salesforce_trust_finding).
        (Tier::MozillaOnly, _) => format!("in Mozilla's store only: tier {}", tier.as_str()),
        (Tier::JdkOnly, _) => format!("in the Java cacerts list only: tier {}", tier.as_str()),
        (Tier::Custom, _) => return None,
    };
    Some(format!(
        "In {}, the root is {listed}. The estimate is not your org's list: import your org's /cacerts.jsp to check against the roots it really trusts.",
        crate::trust::salesforce_estimate_label()
    ))
}

/// In a Salesforce flow, says how the chain's root stands against what Salesforce trusts, whatever
/// store was used. The bundled store is an estimate (Mozilla's store + the Java cacerts list that
/// `/cacerts.jsp` appears to follow — an inference from its alias names, not a documented fact), so
/// only a root in both lists is taken as trusted. For a chain that passes, any other root leaves the
/// verdict at "cannot confirm" (never a guess either way): a root in one list only, and a root in
/// neither — a private root trusted through "My own roots" is valid against those roots, and
/// Salesforce accepts it only if it is on the org's `/cacerts.jsp`.
fn salesforce_trust_finding(verification: &Verification, options: &Options, chain_valid: bool) -> Option<Finding> {
    // The org's own imported list is what Salesforce trusts: no guess left to qualify.
    if options.flow == Flow::Generic || options.trust == TrustChoice::OrgList {
        return None;
    }
    let anchor = verification.anchor.as_ref()?;
    let name = display_name(&anchor.cert);
    let estimate = crate::trust::salesforce_estimate_label();
    const IMPORT: &str = "Your org's /cacerts.jsp page lists the roots it really trusts: import it (page: \"My org's list\"; CLI: --org-list FILE) and the verdict comes from that list.";
    let (title, detail) = match crate::trust::salesforce_status_of(&anchor.cert) {
        Some((_, Tier::JdkAndMozilla)) => return None,
        Some((alias, tier @ (Tier::MozillaOnly | Tier::JdkOnly))) => {
            let (listed, doubt) = match tier {
                Tier::MozillaOnly => (
                    "in Mozilla's store but not in the Java cacerts list".to_string(),
                    "Salesforce says it evaluates Mozilla's store as a baseline, but its /cacerts.jsp page does not seem to list this root",
                ),
                _ => (
                    match alias {
                        Some(alias) => {
                            format!("in the Java cacerts list (as `{alias}`) but not in Mozilla's current store")
                        }
                        None => "in the Java cacerts list but not in Mozilla's current store".to_string(),
                    },
                    "Mozilla has removed it (or never had it), and Salesforce may have removed it too",
                ),
            };
            let title = if chain_valid {
                format!(
                    "Not confirmed for Salesforce: the root '{name}' is {} ({}) — import your org's /cacerts.jsp",
                    if tier == Tier::MozillaOnly { "in Mozilla's store only" } else { "in the Java cacerts list only" },
                    tier.as_str()
                )
            } else {
                format!("The root '{name}' is not confirmed for Salesforce ({})", tier.as_str())
            };
            let detail = format!(
                "The chain ends in '{name}', which is {listed}: tier {} of {estimate}. {doubt}; whether your org trusts it cannot be told from public lists. {IMPORT}",
                tier.as_str()
            );
            (title, detail)
        }
        Some((_, Tier::Custom)) | None => {
            let title = match (chain_valid, &options.trust) {
                (true, TrustChoice::Custom) => format!(
                    "Valid against your roots — Salesforce will accept it only if the root '{name}' is on your org's /cacerts.jsp"
                ),
                (true, _) => format!(
                    "Not confirmed for Salesforce: the root '{name}' is in neither Mozilla's store nor the Java cacerts list"
                ),
                (false, _) => format!("The root '{name}' is in neither Mozilla's store nor the Java cacerts list"),
            };
            let detail = format!(
                "The chain ends in '{name}', which is trusted in this analysis only because it is in {}. It is in neither of the public lists the estimated Salesforce store is built from, Mozilla's store and the Java cacerts list (a private or company root usually is not), so Salesforce trusts it only if it is on your org's /cacerts.jsp. {IMPORT}",
                options.trust.store_name()
            );
            (title, detail)
        }
    };
    let finding =
        Finding::new(Code::NotInSalesforceStore, options.flow, vec![anchor.cert.sha256.clone()], title, detail);
    Some(if chain_valid { finding.unconfirmed() } else { finding })
}

fn match_keys(
    decoded: &Decoded,
    spki_of: &[Vec<u8>],
    primary: Option<usize>,
    flow: Flow,
) -> (Vec<KeyEntry>, Vec<Finding>) {
    let mut entries = Vec::new();
    let mut findings = Vec::new();
    for key in &decoded.keys {
        let matched = spki_of.iter().position(|s| *s == key.spki_der);
        entries.push(KeyEntry {
            algorithm: key.algorithm.clone(),
            format: key.format,
            origin: key.origin.clone(),
            matches: matched.map(|i| decoded.certs[i].sha256.clone()),
        });
        match matched {
            Some(i) => {
                let cert = &decoded.certs[i];
                findings.push(Finding::new(
                    Code::KeyMatch,
                    flow,
                    vec![cert.sha256.clone()],
                    format!("The private key in {} belongs to '{}'", key.origin, display_name(cert)),
                    format!(
                        "The {} private key ({}) has the same public key as the certificate '{}' ({}).",
                        key.algorithm,
                        key.origin,
                        display_name(cert),
                        cert.origin
                    ),
                ));
            }
            None => {
                let leaf = primary.map(|p| &decoded.certs[p]);
                let (certs, detail) = match leaf {
                    Some(leaf) => (
                        vec![leaf.sha256.clone()],
                        format!(
                            "The {} private key ({}) does not belong to any certificate given; the leaf '{}' has a different ({}) public key. Used together, curl stops with error 58 (unable to set private key file), openssl s_client and Python's ssl report \"key values mismatch\", and a Java client's handshake fails with \"Received fatal alert: decrypt_error\".",
                            key.algorithm,
                            key.origin,
                            display_name(leaf),
                            crate::crypto::key_algorithm(&spki_der(leaf)),
                        ),
                    ),
                    None => (
                        Vec::new(),
                        format!(
                            "The {} private key ({}) does not belong to any certificate given.",
                            key.algorithm, key.origin
                        ),
                    ),
                };
                findings.push(Finding::new(
                    Code::KeyMismatch,
                    flow,
                    certs,
                    format!("The private key in {} matches no certificate", key.origin),
                    detail,
                ));
            }
        }
    }
    (entries, findings)
}

fn match_csrs(decoded: &Decoded, spki_of: &[Vec<u8>], flow: Flow) -> (Vec<CsrEntry>, Vec<Finding>) {
    let mut entries = Vec::new();
    let mut findings = Vec::new();
    for csr in &decoded.csrs {
        let matched = spki_of.iter().position(|s| *s == csr.spki_der);
        entries.push(CsrEntry {
            subject: csr.subject.clone(),
            algorithm: csr.algorithm.clone(),
            origin: csr.origin.clone(),
            signature_valid: csr.signature.is_ok(),
            matches: matched.map(|i| decoded.certs[i].sha256.clone()),
        });
        if let Err(why) = &csr.signature {
            findings.push(Finding::new(
                Code::CsrSignatureInvalid,
                flow,
                Vec::new(),
                format!("The CSR in {} has an invalid signature", csr.origin),
                format!(
                    "The CSR for '{}' ({}) is not correctly signed by its own key: {why}. A CA will reject it.",
                    csr.subject, csr.origin
                ),
            ));
        }
        if matched.is_none() && !decoded.certs.is_empty() {
            let leaf_names: Vec<String> =
                decoded.certs.iter().filter(|c| !is_ca(c)).map(|c| format!("'{}'", display_name(c))).collect();
            findings.push(Finding::new(
                Code::CsrMismatch,
                flow,
                decoded.certs.iter().filter(|c| !is_ca(c)).map(|c| c.sha256.clone()).collect(),
                format!("No certificate answers the CSR for '{}'", csr.subject),
                format!(
                    "The CSR ({}) has a public key that none of the certificates given has{}. Salesforce's Upload Signed Certificate refuses a certificate whose public key differs from the CSR it generated.",
                    csr.origin,
                    if leaf_names.is_empty() { String::new() } else { format!(" (checked {})", leaf_names.join(", ")) }
                ),
            ));
        }
    }
    (entries, findings)
}

fn certificate_entries(
    decoded: &Decoded,
    primary: Option<usize>,
    verification: &Verification,
    summaries: &mut Summaries,
) -> Vec<CertEntry> {
    let chain: HashSet<&str> = verification.chain.iter().map(|c| c.sha256.as_str()).collect();
    let anchor = verification.anchor.as_ref().map(|a| a.cert.sha256.as_str());
    let alternative: HashSet<&str> = verification.alternatives.iter().flatten().map(|c| c.sha256.as_str()).collect();
    let rejected: HashSet<&str> = verification.rejected.iter().map(|r| r.candidate.as_str()).collect();
    let primary_sha = primary.map(|p| decoded.certs[p].sha256.as_str());
    let mut entries: Vec<CertEntry> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for c in &decoded.certs {
        let sha = c.sha256.as_str();
        if let Some(&i) = index.get(sha) {
            entries[i].occurrences += 1;
            continue;
        }
        let role = if Some(sha) == primary_sha {
            Role::Leaf
        } else if chain.contains(sha) && c.is_self_signed() {
            // A self-signed root the store does not trust ends the path: it is still a root
            // (the `untrusted_root` finding says why it is not trusted), not an intermediate.
            Role::Root
        } else if chain.contains(sha) {
            Role::Intermediate
        } else if Some(sha) == anchor {
            Role::Root
        } else if alternative.contains(sha) {
            Role::Alternative
        } else if rejected.contains(sha) {
            Role::RejectedIssuer
        } else if !is_ca(c) {
            Role::OtherLeaf
        } else {
            Role::Unrelated
        };
        index.insert(sha, entries.len());
        entries.push(CertEntry { summary: summaries.of(c), role, origin: c.origin.clone(), occurrences: 1 });
    }
    entries
}

/// Headline first: errors before warnings before information, and within a severity the
/// finding a user should act on first (a missing intermediate explains more than the
/// "untrusted" that follows from it).
pub(crate) fn rank(findings: &mut [Finding]) {
    fn priority(code: Code) -> u8 {
        use Code::*;
        match code {
            // A locked input explains an empty result better than "no certificate" does.
            PasswordRequired => 0,
            NoCertificate => 1,
            MissingIssuer => 2,
            SelfSignedLeaf => 3,
            UntrustedRoot => 4,
            Expired | NotYetValid => 5,
            Revoked => 6,
            BadSignature => 7,
            EkuMissingClientAuth | EkuMissingServerAuth | EkuMissing => 8,
            HostMismatch => 9,
            KeyMismatch => 10,
            NotACa | PathLenExceeded | KeyUsage | NameConstraints | PolicyViolation => 11,
            UnknownCriticalExtension | Malformed | UnsupportedAlgorithm => 12,
            WeakKey | WeakSignature => 13,
            ChainTooLong | PathBudgetExceeded | CrlProblem => 14,
            CsrMismatch | CsrSignatureInvalid => 15,
            ParseError => 16,
            // Keystore pre-flight (crate::keystore): Import from Keystore refusals.
            KeystoreNotJks | KeystoreNoPrivateKey | KeystorePasswordMismatch => 10,
            KeystoreKeyNotRsa | KeystoreKeySize | KeystoreKeyMismatch | KeystoreChainIncomplete => 10,
            KeystoreKeyNotPkcs8 => 10,
            ValidChain => 0,
            // The completed chain: the first information after the errors it answers.
            ChainCompleted => 0,
            NotInSalesforceStore | RevocationNotConfirmed => 1,
            ExpiringSoon => 2,
            Reordered => 3,
            RootIncluded => 4,
            Duplicate => 5,
            UnrelatedCert => 6,
            IssuanceRule => 5,
            TrustBundle => 0,
            MultipleLeaves => 7,
            KeyMatch => 8,
            RevocationNotChecked => 9,
            // Salesforce-aware findings (crate::salesforce): the cutover explains the EKU error.
            ClientAuthCutover => 7,
            UploadLint => 3,
            CsrFlow => 15,
            // Handshake findings (crate::handshake): connection, then the alert, then the rest.
            ConnectFailed | NotTls | TlsVersionMismatch | ClientFailed => 1,
            HandshakeAlert | MutualAuthFailed => 2,
            ClientCaNotListed => 3,
            HandshakeIncomplete | NoClientCertRequested => 4,
            ServerVerifyFailed => 5,
            HandshakeCompleted => 10,
        }
    }
    findings.sort_by_key(|f| {
        // A valid chain's verdict leads even over warnings; a finding that leaves the verdict
        // unconfirmed leads the other warnings (it is the headline of a "cannot confirm").
        let severity_rank = match f.severity {
            _ if f.code == Code::ValidChain => 0,
            _ if f.cannot_confirm => 1,
            Severity::Error => 0,
            Severity::Warning => 2,
            Severity::Info => 3,
        };
        (severity_rank, priority(f.code))
    });
}
