//! The one place the engine's [`Problem`]s become [`Finding`]s: the advice layer adds the fix for
//! the user's flow and the OpenSSL error from the catalogue, and words the [`Hint`]s whose text
//! depends on the flow (the engine knows only the facts).

use super::{Code, Finding};
use crate::options::{Flow, Options};
use crate::problem::{Error, Hint, Problem};
use crate::time::UnixTime;

impl From<Error> for Code {
    fn from(error: Error) -> Code {
        match error {
            Error::MissingIssuer => Code::MissingIssuer,
            Error::SelfSignedLeaf => Code::SelfSignedLeaf,
            Error::UntrustedRoot => Code::UntrustedRoot,
            Error::PathBudgetExceeded => Code::PathBudgetExceeded,
            Error::ChainTooLong => Code::ChainTooLong,
            Error::Expired => Code::Expired,
            Error::NotYetValid => Code::NotYetValid,
            Error::ExpiringSoon => Code::ExpiringSoon,
            Error::BadSignature => Code::BadSignature,
            Error::UnsupportedAlgorithm => Code::UnsupportedAlgorithm,
            Error::WeakKey => Code::WeakKey,
            Error::WeakSignature => Code::WeakSignature,
            Error::Malformed => Code::Malformed,
            Error::UnknownCriticalExtension => Code::UnknownCriticalExtension,
            Error::IssuanceRule => Code::IssuanceRule,
            Error::NotACa => Code::NotACa,
            Error::PathLenExceeded => Code::PathLenExceeded,
            Error::KeyUsage => Code::KeyUsage,
            Error::NameConstraints => Code::NameConstraints,
            Error::PolicyViolation => Code::PolicyViolation,
            Error::EkuMissingClientAuth => Code::EkuMissingClientAuth,
            Error::EkuMissingServerAuth => Code::EkuMissingServerAuth,
            Error::EkuMissing => Code::EkuMissing,
            Error::HostMismatch => Code::HostMismatch,
            Error::Revoked => Code::Revoked,
            Error::CrlProblem => Code::CrlProblem,
            Error::RevocationNotConfirmed => Code::RevocationNotConfirmed,
            Error::RevocationNotChecked => Code::RevocationNotChecked,
        }
    }
}

impl Code {
    /// The engine error this code reports, if it is one (the codes of path building, the path
    /// checks and revocation).
    pub fn engine_error(self) -> Option<Error> {
        Error::ALL.into_iter().find(|&e| Code::from(e) == self)
    }
}

impl Finding {
    /// The finding reporting an engine problem, for the analysis's flow.
    pub fn from_problem(problem: &Problem, options: &Options) -> Finding {
        let code = Code::from(problem.error);
        let mut finding = Finding::new(code, options.flow, problem.certs.clone(), &problem.title, &problem.detail)
            .with_severity(problem.severity);
        finding.cannot_confirm = problem.cannot_confirm;
        if problem.openssl.is_some() {
            finding.openssl = problem.openssl;
        }
        match &problem.hint {
            None => {}
            Some(Hint::ReplaceBefore { not_after, leaf }) => {
                finding.detail.push_str(&replace_by(options, *not_after, *leaf));
            }
            Some(Hint::NoAiaUrl) => finding.fix = without_aia(&finding.fix),
            Some(Hint::NoRootsGiven { issuer }) => {
                finding.fix = format!(
                    "Give the root CA certificate you trust (the CA behind '{issuer}') as your own roots: paste or choose it under \"My own roots\" (CLI: `--trust root.pem`). If this chain should end in a public CA, choose the estimated Salesforce store instead."
                );
            }
            Some(Hint::AlteredAfterSigning { cert, issuer }) => {
                finding.fix = format!(
                    "Get {cert} again from where it was issued (download it again from the CA, or have it re-issued) and use that copy unmodified; {issuer} matches and can stay."
                );
            }
            Some(Hint::LeadingDotConstraint { cert, bare }) => {
                finding.fix = format!(
                    "Reissue {cert} with the constraint written without the period: `nameConstraints = critical, permitted;DNS:{bare}` in the OpenSSL configuration. It then covers {bare} and every name under it."
                );
            }
        }
        finding
    }
}

/// By when the user must act on an expiring certificate, in the words of their flow; for the leaf
/// also how long a public replacement will last ([`crate::facts::TLS_MAX_VALIDITY`], worded at `at`).
fn replace_by(options: &Options, not_after: UnixTime, is_leaf: bool) -> String {
    let day: String = not_after.to_rfc3339().chars().take(10).collect();
    if !is_leaf {
        return format!(" Every certificate sent after it must be replaced with your CA's current one before {day}.");
    }
    let act = match options.flow {
        Flow::Inbound => format!(
            "Upload its replacement under Mutual Authentication Certificates and switch the client to it before {day}: from then on Salesforce refuses the connection on port 8443."
        ),
        Flow::Outbound => format!(
            "Install the renewed certificate on your server before {day}: from then on Salesforce callouts to it fail."
        ),
        Flow::CsrUpload => format!(
            "Create its successor (Create CA-Signed Certificate, then Upload Signed Certificate) and move everything that uses it before {day}."
        ),
        Flow::Keystore => format!("Import a keystore with the renewed certificate before {day}."),
        Flow::Generic => format!("Replace it before {day}."),
    };
    format!(" {act} If it comes from a public CA: {}", crate::facts::text(crate::facts::TLS_MAX_VALIDITY, options.at))
}

/// A fix without its pointer to "the AIA caIssuers URL shown", for a certificate that has no
/// such URL: "from the AIA caIssuers URL shown, or your CA's repository" → "from your CA's repository".
fn without_aia(fix: &str) -> String {
    const AIA: &str = "AIA caIssuers URL shown";
    let mut out = fix.to_string();
    while let Some(at) = out.find(AIA) {
        let start = if out[..at].ends_with("the ") { at - 4 } else { at };
        let Some(or) = out[at..].find(" or ") else { break };
        let mut end = at + or + 4;
        if out[..start].ends_with("from ") && out[end..].starts_with("from ") {
            end += 5;
        }
        out.replace_range(start..end, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::catalogue;

    #[test]
    fn every_engine_error_has_its_own_code_with_the_catalogue_severity() {
        let mut seen = std::collections::HashSet::new();
        for error in Error::ALL {
            let code = Code::from(error);
            assert!(seen.insert(code), "{error:?} shares {code:?}");
            assert_eq!(code.engine_error(), Some(error));
            assert_eq!(catalogue::entry(code).severity, error.severity(), "{error:?}");
        }
    }

    #[test]
    fn a_fix_without_an_aia_url_does_not_offer_one() {
        for (fix, want) in [
            (
                "Get it (from the AIA caIssuers URL shown, or your CA's repository; x)",
                "Get it (from your CA's repository; x)",
            ),
            (
                "Get the missing one from the AIA caIssuers URL shown or from your CA, then",
                "Get the missing one from your CA, then",
            ),
            ("Get it (AIA caIssuers URL shown, or your CA) and", "Get it (your CA) and"),
            ("(download it from the AIA caIssuers URL shown, or from the CA), or", "(download it from the CA), or"),
            ("No URL here.", "No URL here."),
        ] {
            assert_eq!(without_aia(fix), want);
        }
    }

    #[test]
    fn hints_become_the_flow_s_fix() {
        let options = Options::for_flow(UnixTime(1_800_000_000), Some(Flow::Inbound), None);
        let missing = Problem::new(Error::MissingIssuer, Vec::new(), "t", "d");
        let usual = Finding::from_problem(&missing, &options);
        assert!(usual.fix.contains("missing"), "{}", usual.fix);
        let no_roots = missing.clone().with_hint(Hint::NoRootsGiven { issuer: "CN=Root".into() });
        let fix = Finding::from_problem(&no_roots, &options).fix;
        assert!(fix.contains("My own roots") && fix.contains("--trust") && fix.contains("CN=Root"), "{fix}");
        assert!(!fix.contains("missing intermediate"), "{fix}");
        let no_aia = Finding::from_problem(&missing.clone().with_hint(Hint::NoAiaUrl), &options).fix;
        assert!(!no_aia.contains("AIA caIssuers URL shown"), "{no_aia}");
        let expiring = Problem::new(Error::ExpiringSoon, Vec::new(), "t", "'X' expires on 2027-01-15.")
            .with_hint(Hint::ReplaceBefore { not_after: UnixTime(1_800_000_000 + 86_400), leaf: true });
        let detail = Finding::from_problem(&expiring, &options).detail;
        assert!(
            detail.starts_with("'X' expires on 2027-01-15. Upload its replacement under Mutual Authentication"),
            "{detail}"
        );
    }
}
