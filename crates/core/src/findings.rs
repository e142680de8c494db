//! Findings: what the analysis found, each with a stable code, a severity, the certificates it
//! concerns, a plain-language explanation, a fix for the user's Salesforce flow, and the OpenSSL
//! error it corresponds to.
//!
//! The catalogue of codes (titles, OpenSSL equivalents, fixes per flow) lives in
//! [`catalogue`]; the chain logic only picks a code and writes the case-specific detail.

use crate::options::Flow;
use serde::{Deserialize, Serialize};

pub use crate::problem::Severity;

/// Declares [`Code`] with each variant's stable name written once, next to it: [`Code::as_str`]
/// is an exhaustive `match` (no serde round trip) and [`Code::ALL`] lists the variants in
/// declaration order, which is the documentation order of `docs/findings.md`. serde's
/// `rename_all` derives the same names from the identifiers; the `as_str_matches_serde` test
/// holds the two together.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// Stable finding codes. Serialized in `snake_case`; never rename one (reports and docs
        /// cite them).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable snake_case code, exactly as serialized in reports (`missing_issuer`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    // --- input
    /// A part of an input could not be decoded.
    ParseError => "parse_error",
    /// Nothing to analyse: no certificate in any input.
    NoCertificate => "no_certificate",
    /// The input needs a password (PKCS#12, JKS, encrypted key) or the one given is wrong.
    PasswordRequired => "password_required",
    // --- chain building
    /// The issuer of a certificate is not among the inputs nor the trust store.
    MissingIssuer => "missing_issuer",
    /// Informational: the missing intermediate was found in the bundled CCADB snapshot and the
    /// completed chain is shown apart from what was supplied (crate::intermediates).
    ChainCompleted => "chain_completed",
    /// The chain ends in a self-signed root that the selected trust store does not hold.
    UntrustedRoot => "untrusted_root",
    /// The root is in Mozilla's store but not (known to be) in the Salesforce snapshot.
    NotInSalesforceStore => "not_in_salesforce_store",
    /// The leaf certificate is self-signed.
    SelfSignedLeaf => "self_signed_leaf",
    /// Path building stopped at its budget (depth, signature checks); result not confirmed.
    PathBudgetExceeded => "path_budget_exceeded",
    /// More intermediates than allowed (max chain depth).
    ChainTooLong => "chain_too_long",
    // --- per-certificate checks
    Expired => "expired",
    NotYetValid => "not_yet_valid",
    ExpiringSoon => "expiring_soon",
    BadSignature => "bad_signature",
    NotACa => "not_a_ca",
    PathLenExceeded => "path_len_exceeded",
    KeyUsage => "key_usage",
    EkuMissingClientAuth => "eku_missing_client_auth",
    EkuMissingServerAuth => "eku_missing_server_auth",
    /// A required EKU other than clientAuth/serverAuth is missing.
    EkuMissing => "eku_missing",
    NameConstraints => "name_constraints",
    /// RFC 5280 §6.1 certificate policy processing fails (no explicit policy, anyPolicy mapped).
    PolicyViolation => "policy_violation",
    HostMismatch => "host_mismatch",
    UnknownCriticalExtension => "unknown_critical_extension",
    /// The certificate violates RFC 5280 encoding rules (bad extension, bad serial, v1 CA, ...).
    Malformed => "malformed",
    /// A rule for issuing CAs that validators in use do not enforce (checks::IssuanceRule): a warning.
    IssuanceRule => "issuance_rule",
    /// A signature or key algorithm certchain cannot verify.
    UnsupportedAlgorithm => "unsupported_algorithm",
    Revoked => "revoked",
    /// A supplied CRL could not be used (bad signature, expired, wrong issuer).
    CrlProblem => "crl_problem",
    /// CRLs were supplied but some certificate of the chain is not covered by a usable one:
    /// the verdict is "cannot confirm" (RFC 5280 §6.3.3: status UNDETERMINED).
    RevocationNotConfirmed => "revocation_not_confirmed",
    /// Informational: no CRL was supplied, so revocation was not checked.
    RevocationNotChecked => "revocation_not_checked",
    WeakKey => "weak_key",
    WeakSignature => "weak_signature",
    // --- cross-matching
    KeyMismatch => "key_mismatch",
    /// Informational: which private key belongs to which certificate.
    KeyMatch => "key_match",
    CsrMismatch => "csr_mismatch",
    /// The CSR's own signature does not verify.
    CsrSignatureInvalid => "csr_signature_invalid",
    // --- input hygiene
    Duplicate => "duplicate",
    UnrelatedCert => "unrelated_cert",
    RootIncluded => "root_included",
    Reordered => "reordered",
    /// Several end-entity certificates were given; the primary one is named.
    MultipleLeaves => "multiple_leaves",
    /// The input is a trust bundle (CA certificates not on one path, no end entity), not a chain.
    TrustBundle => "trust_bundle",
    // --- keystore pre-flight (Salesforce *Import from Keystore*, crate::keystore)
    /// The keystore has no PrivateKey entry (or the entry has no certificate).
    KeystoreNoPrivateKey => "keystore_no_private_key",
    /// The keystore's private key is not RSA.
    KeystoreKeyNotRsa => "keystore_key_not_rsa",
    /// The keystore's private key is not stored as PKCS#8 (a JKS entry holding a PKCS#1 key).
    KeystoreKeyNotPkcs8 => "keystore_key_not_pkcs8",
    /// The RSA key is not 2048, 3072 or 4096 bits.
    KeystoreKeySize => "keystore_key_size",
    /// The private key does not match the first certificate of its entry.
    KeystoreKeyMismatch => "keystore_key_mismatch",
    /// The key entry has its own password, different from the store password.
    KeystorePasswordMismatch => "keystore_password_mismatch",
    /// The entry's chain is incomplete or out of order.
    KeystoreChainIncomplete => "keystore_chain_incomplete",
    /// A PKCS#12 (or JCEKS) file was given where Salesforce takes only JKS.
    KeystoreNotJks => "keystore_not_jks",
    // --- verdict
    /// The chain is valid for the purpose (headline when nothing is wrong).
    ValidChain => "valid_chain",
    // --- Salesforce-aware (crate::salesforce)
    /// A publicly-trusted leaf without clientAuth used as a client certificate (2026 cutover).
    ClientAuthCutover => "client_auth_cutover",
    /// A file meant for a Salesforce upload holds a key, a CSR, duplicates, strays or a wrong order.
    UploadLint => "upload_lint",
    /// Whether *Upload Signed Certificate* will accept the CA's answer to a Salesforce CSR.
    CsrFlow => "csr_flow",
    // --- handshake (`certchain probe`, pasted `openssl s_client` output; crate::handshake)
    /// The TLS handshake completed (protocol, cipher, whether a client certificate was asked for).
    HandshakeCompleted => "handshake_completed",
    /// The server ended the handshake with a TLS alert; the finding names the likely cause.
    HandshakeAlert => "handshake_alert",
    /// The handshake did not finish and nothing says why (output cut short, a silent server).
    HandshakeIncomplete => "handshake_incomplete",
    /// No TCP connection: host name not found, connection refused, timed out, unreachable.
    ConnectFailed => "connect_failed",
    /// The port answered, but not with TLS (a plain-HTTP port).
    NotTls => "not_tls",
    /// Client and server share no TLS protocol version.
    TlsVersionMismatch => "tls_version_mismatch",
    /// The client stopped the handshake itself (a key that does not match its certificate, ...).
    ClientFailed => "client_failed",
    /// The server did not ask for a client certificate.
    NoClientCertRequested => "no_client_cert_requested",
    /// None of the client's certificates chains to a CA the server named in its request.
    ClientCaNotListed => "client_ca_not_listed",
    /// The client could not verify the server's chain (`Verify return code` not 0).
    ServerVerifyFailed => "server_verify_failed",
    /// Salesforce answered the API call with `MUTUAL_AUTHENTICATION_FAILED`.
    MutualAuthFailed => "mutual_auth_failed",
}

pub use crate::openssl::OpensslError;

/// One thing the analysis found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// SHA-256 (lowercase hex) of the DER of each certificate concerned, most relevant first.
    pub certs: Vec<String>,
    /// One line naming the user's certificate ("Your chain is missing the intermediate 'X'").
    pub title: String,
    /// Plain-language explanation naming the user's certificates.
    pub detail: String,
    /// What to do, in the user's flow.
    pub fix: String,
    pub openssl: Option<OpensslError>,
    /// This finding means the analysis cannot confirm the chain either way (a root whose
    /// Salesforce trust is unknown, revocation that could not be checked): with no error, the
    /// report's verdict is [`crate::report::Verdict::CannotConfirm`], never `Valid`. Absent in
    /// reports from before the field existed (read as `false`).
    #[serde(default)]
    pub cannot_confirm: bool,
}

impl Finding {
    /// A finding with the catalogue's severity, fix for `flow` and OpenSSL equivalent.
    pub fn new(
        code: Code,
        flow: Flow,
        certs: Vec<String>,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Finding {
        let entry = catalogue::entry(code);
        Finding {
            code,
            severity: entry.severity,
            certs,
            title: title.into(),
            detail: detail.into(),
            fix: catalogue::fix(code, flow).to_string(),
            openssl: entry.openssl,
            cannot_confirm: false,
        }
    }

    /// Marks the finding as one that leaves the verdict at "cannot confirm" (see
    /// [`Finding::cannot_confirm`]). Use it for a warning: an error already makes the chain not
    /// valid, and a "cannot confirm" error counts as cannot confirm, not as not valid.
    pub fn unconfirmed(mut self) -> Finding {
        self.cannot_confirm = true;
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Replace the catalogue fix with one naming the user's files or certificates.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = fix.into();
        self
    }
}

pub mod catalogue;
mod from_engine;
