//! What the verification engine returns: typed problems, never findings.
//!
//! Path building ([`crate::path`]), the path checks ([`crate::checks`]) and revocation
//! ([`crate::revocation`]) describe what is wrong as a [`Problem`]: one [`Error`] from a flat,
//! ranked enum (in the style of rustls-webpki's `Error`), the certificates concerned, and the
//! case's facts in words that name those certificates. They know nothing of the user's
//! Salesforce flow, the catalogue of fixes or the report: the advice layer
//! (`crate::findings::Finding::from_problem`) adds the severity's consequences, the fix for the
//! flow and the OpenSSL error, and words the [`Hint`]s whose text depends on the flow.

use crate::openssl::OpensslError;
use crate::time::UnixTime;
use serde::{Deserialize, Serialize};

/// How bad a problem (or a finding) is. Any `Error` makes the chain not valid (CLI exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The severity's one word, as serialized (`error`, `warning`, `info`): the CLI, the page,
    /// the Markdown summary and the docs all print this.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Everything the engine can find wrong with a path, one flat list. The finding code of the
/// same name (`crate::findings::Code`) reports each; [`Error::rank`] orders them so the one a
/// user should act on first leads (a missing intermediate explains the "untrusted" that follows
/// from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error {
    // --- path building (RFC 5280 §6.1: a path must reach a trust anchor)
    /// The issuer of the path's top certificate is neither supplied nor in the trust store.
    MissingIssuer,
    /// The end-entity certificate is self-signed (OpenSSL 18), or a self-signed client
    /// certificate is trusted only by pinning.
    SelfSignedLeaf,
    /// The path ends in a self-signed root that the trust store does not hold (OpenSSL 19).
    UntrustedRoot,
    /// Path building stopped at its budget ([`crate::budget`]): nothing is confirmed.
    PathBudgetExceeded,
    /// More intermediates than allowed.
    ChainTooLong,
    // --- one certificate (RFC 5280 §4.1, §6.1.3)
    Expired,
    NotYetValid,
    /// Valid now, but not for long (a warning).
    ExpiringSoon,
    /// A signature does not verify under its issuer's key (OpenSSL 7).
    BadSignature,
    /// A signature or key algorithm certchain does not verify.
    UnsupportedAlgorithm,
    WeakKey,
    WeakSignature,
    /// RFC 5280 encoding rules broken (bad extension, bad serial, v1 CA, ...).
    Malformed,
    /// A critical extension certchain does not process (RFC 5280 §4.2).
    UnknownCriticalExtension,
    /// A rule for issuing CAs that validators do not enforce (a warning naming who does).
    IssuanceRule,
    // --- issuers and the path (RFC 5280 §6.1.4)
    NotACa,
    PathLenExceeded,
    KeyUsage,
    NameConstraints,
    /// Certificate policy processing fails (RFC 5280 §6.1.3 (d)-(f), §6.1.5).
    PolicyViolation,
    // --- the purpose
    EkuMissingClientAuth,
    EkuMissingServerAuth,
    /// A required EKU other than clientAuth/serverAuth is missing.
    EkuMissing,
    /// The peer name is not among the leaf's names (RFC 6125).
    HostMismatch,
    // --- revocation (RFC 5280 §6.3)
    Revoked,
    /// A supplied CRL could not be used.
    CrlProblem,
    /// CRLs were supplied, but some certificate is covered by no usable one (status UNDETERMINED).
    RevocationNotConfirmed,
    /// No CRL was supplied (information).
    RevocationNotChecked,
}

impl Error {
    /// Every error, in declaration order.
    pub const ALL: [Error; 28] = [
        Error::MissingIssuer,
        Error::SelfSignedLeaf,
        Error::UntrustedRoot,
        Error::PathBudgetExceeded,
        Error::ChainTooLong,
        Error::Expired,
        Error::NotYetValid,
        Error::ExpiringSoon,
        Error::BadSignature,
        Error::UnsupportedAlgorithm,
        Error::WeakKey,
        Error::WeakSignature,
        Error::Malformed,
        Error::UnknownCriticalExtension,
        Error::IssuanceRule,
        Error::NotACa,
        Error::PathLenExceeded,
        Error::KeyUsage,
        Error::NameConstraints,
        Error::PolicyViolation,
        Error::EkuMissingClientAuth,
        Error::EkuMissingServerAuth,
        Error::EkuMissing,
        Error::HostMismatch,
        Error::Revoked,
        Error::CrlProblem,
        Error::RevocationNotConfirmed,
        Error::RevocationNotChecked,
    ];

    /// The severity a problem of this kind has unless the check says otherwise
    /// ([`Problem::with_severity`]).
    pub fn severity(self) -> Severity {
        use Error::*;
        match self {
            ExpiringSoon | IssuanceRule | RevocationNotConfirmed => Severity::Warning,
            RevocationNotChecked => Severity::Info,
            MissingIssuer
            | SelfSignedLeaf
            | UntrustedRoot
            | PathBudgetExceeded
            | ChainTooLong
            | Expired
            | NotYetValid
            | BadSignature
            | UnsupportedAlgorithm
            | WeakKey
            | WeakSignature
            | Malformed
            | UnknownCriticalExtension
            | NotACa
            | PathLenExceeded
            | KeyUsage
            | NameConstraints
            | PolicyViolation
            | EkuMissingClientAuth
            | EkuMissingServerAuth
            | EkuMissing
            | HostMismatch
            | Revoked
            | CrlProblem => Severity::Error,
        }
    }

    /// Which problem to act on first, within one severity: lower first. The cause comes before
    /// its consequence (a missing issuer before the untrusted end it leaves), what the user can
    /// fix before what only the CA can.
    pub fn rank(self) -> u8 {
        use Error::*;
        match self {
            RevocationNotConfirmed => 1,
            MissingIssuer | ExpiringSoon => 2,
            SelfSignedLeaf => 3,
            UntrustedRoot => 4,
            Expired | NotYetValid | IssuanceRule => 5,
            Revoked => 6,
            BadSignature => 7,
            EkuMissingClientAuth | EkuMissingServerAuth | EkuMissing => 8,
            HostMismatch | RevocationNotChecked => 9,
            NotACa | PathLenExceeded | KeyUsage | NameConstraints | PolicyViolation => 11,
            UnknownCriticalExtension | Malformed | UnsupportedAlgorithm => 12,
            WeakKey | WeakSignature => 13,
            ChainTooLong | PathBudgetExceeded | CrlProblem => 14,
        }
    }
}

/// Case facts whose wording depends on the user's flow or on the catalogue's fix: the engine
/// says what is the case, the advice layer words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// An expiring certificate: the advice says by when to act, in the flow's words (and, for the
    /// leaf, how long a public replacement lasts).
    ReplaceBefore { not_after: UnixTime, leaf: bool },
    /// A missing issuer whose certificate names no AIA caIssuers URL: the fix must not offer one.
    NoAiaUrl,
    /// The user chose their own roots but gave none: the fix is to give the root behind `issuer`.
    NoRootsGiven { issuer: String },
    /// `cert`'s signature does not verify under `issuer`, which it names by subject and key
    /// identifier: `cert` was altered after signing; the fix is an unmodified copy.
    AlteredAfterSigning { cert: String, issuer: String },
    /// A DNS name constraint written with a leading period: the fix is to reissue `cert` with
    /// `bare` (RFC 5280 §4.2.1.10).
    LeadingDotConstraint { cert: String, bare: String },
}

/// One problem the engine found on a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub error: Error,
    pub severity: Severity,
    /// SHA-256 (lowercase hex) of each certificate concerned, most relevant first.
    pub certs: Vec<String>,
    /// One line naming the certificate ("'R11' has expired").
    pub title: String,
    /// The case's facts, naming the certificates.
    pub detail: String,
    /// The problem leaves the chain unconfirmed rather than invalid (a budget spent, a
    /// revocation status unknown).
    pub cannot_confirm: bool,
    /// The OpenSSL error, where it is more specific than the one for the whole kind of
    /// problem (a CRL's bad signature, `-x509_strict`'s rule).
    pub openssl: Option<OpensslError>,
    pub hint: Option<Hint>,
}

impl Problem {
    pub fn new(error: Error, certs: Vec<String>, title: impl Into<String>, detail: impl Into<String>) -> Problem {
        Problem {
            error,
            severity: error.severity(),
            certs,
            title: title.into(),
            detail: detail.into(),
            cannot_confirm: false,
            openssl: None,
            hint: None,
        }
    }

    /// Marks the problem as one that leaves the chain unconfirmed (see [`Problem::cannot_confirm`]).
    pub fn unconfirmed(mut self) -> Problem {
        self.cannot_confirm = true;
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Problem {
        self.severity = severity;
        self
    }

    pub fn with_hint(mut self, hint: Hint) -> Problem {
        self.hint = Some(hint);
        self
    }

    pub fn with_openssl(mut self, openssl: Option<OpensslError>) -> Problem {
        self.openssl = openssl.or(self.openssl);
        self
    }
}
