//! Findings: what the analysis found, each with a stable code, a severity, the certificates it
//! concerns, a plain-language explanation, a fix for the user's Salesforce flow, and the OpenSSL
//! error it corresponds to.
//!
//! The catalogue of codes (titles, OpenSSL equivalents, fixes per flow) lives in
//! [`catalogue`]; the chain logic only picks a code and writes the case-specific detail.

use crate::options::Flow;
use serde::{Deserialize, Serialize};

pub use crate::problem::Severity;

/// Stable finding codes. Serialized in `snake_case`; never rename one (reports and docs cite them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    // --- input
    /// A part of an input could not be decoded.
    ParseError,
    /// Nothing to analyse: no certificate in any input.
    NoCertificate,
    /// The input needs a password (PKCS#12, JKS, encrypted key) or the one given is wrong.
    PasswordRequired,
    // --- chain building
    /// The issuer of a certificate is not among the inputs nor the trust store.
    MissingIssuer,
    /// Informational: the missing intermediate was found in the bundled CCADB snapshot and the
    /// completed chain is shown apart from what was supplied (crate::intermediates).
    ChainCompleted,
    /// The chain ends in a self-signed root that the selected trust store does not hold.
    UntrustedRoot,
    /// The root is in Mozilla's store but not (known to be) in the Salesforce snapshot.
    NotInSalesforceStore,
    /// The leaf certificate is self-signed.
    SelfSignedLeaf,
    /// Path building stopped at its budget (depth, signature checks); result not confirmed.
    PathBudgetExceeded,
    /// More intermediates than allowed (max chain depth).
    ChainTooLong,
    // --- per-certificate checks
    Expired,
    NotYetValid,
    ExpiringSoon,
    BadSignature,
    NotACa,
    PathLenExceeded,
    KeyUsage,
    EkuMissingClientAuth,
    EkuMissingServerAuth,
    /// A required EKU other than clientAuth/serverAuth is missing.
    EkuMissing,
    NameConstraints,
    /// RFC 5280 §6.1 certificate policy processing fails (no explicit policy, anyPolicy mapped).
    PolicyViolation,
    HostMismatch,
    UnknownCriticalExtension,
    /// The certificate violates RFC 5280 encoding rules (bad extension, bad serial, v1 CA, ...).
    Malformed,
    /// A rule for issuing CAs that validators in use do not enforce (checks::IssuanceRule): a warning.
    IssuanceRule,
    /// A signature or key algorithm certchain cannot verify.
    UnsupportedAlgorithm,
    Revoked,
    /// A supplied CRL could not be used (bad signature, expired, wrong issuer).
    CrlProblem,
    /// CRLs were supplied but some certificate of the chain is not covered by a usable one:
    /// the verdict is "cannot confirm" (RFC 5280 §6.3.3: status UNDETERMINED).
    RevocationNotConfirmed,
    /// Informational: no CRL was supplied, so revocation was not checked.
    RevocationNotChecked,
    WeakKey,
    WeakSignature,
    // --- cross-matching
    KeyMismatch,
    /// Informational: which private key belongs to which certificate.
    KeyMatch,
    CsrMismatch,
    /// The CSR's own signature does not verify.
    CsrSignatureInvalid,
    // --- input hygiene
    Duplicate,
    UnrelatedCert,
    RootIncluded,
    Reordered,
    /// Several end-entity certificates were given; the primary one is named.
    MultipleLeaves,
    /// The input is a trust bundle (CA certificates not on one path, no end entity), not a chain.
    TrustBundle,
    // --- keystore pre-flight (Salesforce *Import from Keystore*, crate::keystore)
    /// The keystore has no PrivateKey entry (or the entry has no certificate).
    KeystoreNoPrivateKey,
    /// The keystore's private key is not RSA.
    KeystoreKeyNotRsa,
    /// The keystore's private key is not stored as PKCS#8 (a JKS entry holding a PKCS#1 key).
    KeystoreKeyNotPkcs8,
    /// The RSA key is not 2048, 3072 or 4096 bits.
    KeystoreKeySize,
    /// The private key does not match the first certificate of its entry.
    KeystoreKeyMismatch,
    /// The key entry has its own password, different from the store password.
    KeystorePasswordMismatch,
    /// The entry's chain is incomplete or out of order.
    KeystoreChainIncomplete,
    /// A PKCS#12 (or JCEKS) file was given where Salesforce takes only JKS.
    KeystoreNotJks,
    // --- handshake (`certchain probe`, pasted `openssl s_client` output; crate::handshake)
    /// The TLS handshake completed (protocol, cipher, whether a client certificate was asked for).
    HandshakeCompleted,
    /// The server ended the handshake with a TLS alert; the finding names the likely cause.
    HandshakeAlert,
    /// The handshake did not finish and nothing says why (output cut short, a silent server).
    HandshakeIncomplete,
    /// No TCP connection: host name not found, connection refused, timed out, unreachable.
    ConnectFailed,
    /// The port answered, but not with TLS (a plain-HTTP port).
    NotTls,
    /// Client and server share no TLS protocol version.
    TlsVersionMismatch,
    /// The client stopped the handshake itself (a key that does not match its certificate, ...).
    ClientFailed,
    /// The server did not ask for a client certificate.
    NoClientCertRequested,
    /// None of the client's certificates chains to a CA the server named in its request.
    ClientCaNotListed,
    /// The client could not verify the server's chain (`Verify return code` not 0).
    ServerVerifyFailed,
    /// Salesforce answered the API call with `MUTUAL_AUTHENTICATION_FAILED`.
    MutualAuthFailed,
    // --- verdict
    /// The chain is valid for the purpose (headline when nothing is wrong).
    ValidChain,
    // --- Salesforce-aware (crate::salesforce)
    /// A publicly-trusted leaf without clientAuth used as a client certificate (2026 cutover).
    ClientAuthCutover,
    /// A file meant for a Salesforce upload holds a key, a CSR, duplicates, strays or a wrong order.
    UploadLint,
    /// Whether *Upload Signed Certificate* will accept the CA's answer to a Salesforce CSR.
    CsrFlow,
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
