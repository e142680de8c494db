//! The report: the one serializable result of an analysis ([`Report`] and the types it is made
//! of, the handshake and completion parts included), the [`Analysis`] that keeps the decoded
//! inputs beside it for output files, and [`rank`], the order findings are shown in. The
//! pipeline that fills these types is [`crate::pipeline`]; this module only defines them, so
//! the advice modules that read a finished analysis (salesforce, keystore, commands, outputs)
//! depend on it without depending on the pipeline that calls them.

use crate::cert::{Cert, Origin};
use crate::decode::{Decoded, InputSummary};
use crate::findings::{Code, Finding, Severity};
use crate::handshake::{CaMatch, HandshakeFacts};
use crate::intermediates::SnapshotInfo;
use crate::keys::KeyAlgorithm;
use crate::options::{Flow, Purpose};
use crate::path::Verification;
use crate::time::UnixTime;
use crate::trust::TrustStoreInfo;
use serde::{Deserialize, Serialize};
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
    pub handshakes: Vec<HandshakeReport>,
    /// Offline completion of a chain that stopped at a missing issuer (CCADB snapshot): kept
    /// apart from the verdict, which is about what was supplied. Absent when nothing was missing
    /// or completion is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<Completion>,
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
            // The engine's errors keep the engine's order (crate::problem::Error::rank).
            MissingIssuer
            | SelfSignedLeaf
            | UntrustedRoot
            | Expired
            | NotYetValid
            | Revoked
            | BadSignature
            | EkuMissingClientAuth
            | EkuMissingServerAuth
            | EkuMissing
            | HostMismatch
            | NotACa
            | PathLenExceeded
            | KeyUsage
            | NameConstraints
            | PolicyViolation
            | UnknownCriticalExtension
            | Malformed
            | UnsupportedAlgorithm
            | WeakKey
            | WeakSignature
            | ChainTooLong
            | PathBudgetExceeded
            | CrlProblem
            | RevocationNotConfirmed
            | ExpiringSoon
            | IssuanceRule
            | RevocationNotChecked => code.engine_error().map_or(0, crate::problem::Error::rank),
            KeyMismatch => 10,
            CsrMismatch | CsrSignatureInvalid => 15,
            ParseError => 16,
            // Keystore pre-flight (crate::keystore): Import from Keystore refusals.
            KeystoreNotJks | KeystoreNoPrivateKey | KeystorePasswordMismatch => 10,
            KeystoreKeyNotRsa | KeystoreKeySize | KeystoreKeyMismatch | KeystoreChainIncomplete => 10,
            KeystoreKeyNotPkcs8 => 10,
            ValidChain => 0,
            // The completed chain: the first information after the errors it answers.
            ChainCompleted => 0,
            NotInSalesforceStore => 1,
            Reordered => 3,
            RootIncluded => 4,
            Duplicate => 5,
            UnrelatedCert => 6,
            TrustBundle => 0,
            MultipleLeaves => 7,
            KeyMatch => 8,
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
    pub completed: Option<Completed>,
}

// --- Offline completion (filled by crate::completion)

/// What completion found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionStatus {
    /// The snapshot's intermediates complete the path, and it passes every check: the output
    /// files carry the completed chain.
    Completed,
    /// The snapshot holds the missing issuer and the path reaches a trusted root, but it fails
    /// another check (`findings` say which): no completed output files.
    CompletedNotValid,
    /// The snapshot holds certificates with the missing issuer's name, but no path through them
    /// reaches the selected trust store.
    NoTrustedPath,
    /// The missing issuer is not in the snapshot: a private or undisclosed CA (or one newer than
    /// the snapshot).
    NotInSnapshot,
    /// The snapshot's certificates are not loaded (the web page fetches them, then analyses again).
    SnapshotNotLoaded,
}

impl CompletionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CompletionStatus::Completed => "completed",
            CompletionStatus::CompletedNotValid => "completed_not_valid",
            CompletionStatus::NoTrustedPath => "no_trusted_path",
            CompletionStatus::NotInSnapshot => "not_in_snapshot",
            CompletionStatus::SnapshotNotLoaded => "snapshot_not_loaded",
        }
    }
}

/// A certificate the completion took from the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedCert {
    pub sha256: String,
    /// Display name (CN or subject).
    pub name: String,
    pub subject: String,
    /// "CCADB snapshot 2026-08-21".
    pub source: String,
}

/// The completion of an incomplete chain, kept apart from the verdict on what was supplied.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Completion {
    pub status: CompletionStatus,
    /// The issuer name (RFC 4514) that was missing from what was supplied.
    pub missing_issuer: String,
    /// The completed path, leaf first, trust anchor excluded (empty unless a path reached a root).
    pub chain: Vec<CertSummary>,
    /// The trust anchor the completed path ends in.
    pub root: Option<CertSummary>,
    /// The certificates taken from the snapshot, in path order (issuer of the supplied top first).
    pub added: Vec<AddedCert>,
    /// Findings about the completed path (its errors when it is not valid; infos otherwise).
    pub findings: Vec<Finding>,
    /// The snapshot's provenance.
    pub snapshot: SnapshotInfo,
    /// One paragraph saying what the completion found, worded once here for every view (CLI,
    /// page, Markdown).
    pub summary: String,
}

/// The completed path for output files (not serialized): present only when
/// [`CompletionStatus::Completed`].
#[derive(Debug, Clone)]
pub struct Completed {
    pub verification: Verification,
    /// SHA-256 of the certificates added from the snapshot.
    pub added: Vec<String>,
}

// --- Handshakes (filled by crate::handshake_report)

/// One handshake, explained: a field of [`crate::Report::handshakes`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandshakeReport {
    pub facts: HandshakeFacts,
    /// The server's chain as sent, analysed on its own (absent when the facts hold no
    /// certificate, e.g. s_client run without `-showcerts` and no server certificate block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerChainReport>,
    /// The user's client chain against the CA names of the server's CertificateRequest (absent
    /// when no certificate was requested or the user gave no certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ca_match: Option<CaMatch>,
    /// What the handshake shows, ranked: `findings[0]` is its headline.
    pub findings: Vec<Finding>,
}

/// The server's chain as sent, analysed as a server certificate (purpose server, outbound flow)
/// for the handshake's host, under the analysis's trust store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerChainReport {
    /// The name the server certificate was checked for: the options' host, else the SNI sent,
    /// else the host connected to. `None` = the name was not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub verdict: Verdict,
    /// The certificates in the order the server sent them.
    pub sent: Vec<CertSummary>,
    /// The path certchain built from them: leaf first, trust anchor excluded.
    pub chain: Vec<CertSummary>,
    pub root: Option<CertSummary>,
    /// The chain's findings, titled as the server's ("The server's chain: ..."), ranked.
    pub findings: Vec<Finding>,
}
