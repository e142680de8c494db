//! Offline chain completion: when the supplied certificates stop at a missing issuer, look for it
//! in the bundled CCADB snapshot ([`crate::intermediates`]) and build the path again with the
//! snapshot's certificates added *after* the user's own.
//!
//! Two results stay apart: the verdict on what was supplied (unchanged: `missing_issuer` stays an
//! error, because for inbound mutual TLS the client must send its intermediates; Salesforce does
//! not fetch them), and the [`Completion`]: the path that validates once the named intermediates
//! are added, with every check a supplied issuer gets (path.rs).

use crate::cert::{Cert, hex_colon};
use crate::findings::{Code, Finding, Severity};
use crate::intermediates;
use crate::keys::Crl;
use crate::options::Options;
use crate::path::{MAX_INTERMEDIATES, Verification, verify_leaf};
use crate::trust::TrustStore;

pub use crate::report::{AddedCert, Completed, Completion, CompletionStatus};

/// Try to complete `verification` (the supplied path, which stopped at a missing issuer).
/// `None` when there is nothing to complete (the path reached a root, or failed otherwise).
pub(crate) fn complete(
    leaf: &Cert,
    supplied: &[Cert],
    verification: &Verification,
    store: &TrustStore,
    crls: &[Crl],
    options: &Options,
) -> Option<(Completion, Option<Completed>)> {
    // An empty store (own roots chosen, none given) can end no path: the missing_issuer finding
    // already asks for the root.
    if !options.complete || verification.anchor.is_some() || store.anchors.is_empty() {
        return None;
    }
    let missing = verification.problems.iter().find(|p| p.error == crate::problem::Error::MissingIssuer)?;
    let top = verification.chain.last()?;
    if missing.certs.first() != Some(&top.sha256) {
        return None;
    }
    let info = intermediates::info().clone();
    let mut completion = Completion {
        status: CompletionStatus::SnapshotNotLoaded,
        missing_issuer: top.issuer.clone(),
        chain: Vec::new(),
        root: None,
        added: Vec::new(),
        findings: Vec::new(),
        snapshot: info.clone(),
        summary: "The CCADB snapshot of intermediates is not loaded, so the chain was not completed.".into(),
    };
    if !intermediates::available() {
        return Some((completion, None));
    }
    let offered: Vec<Cert> = intermediates::issuers_of(&top.issuer_der, MAX_INTERMEDIATES)
        .into_iter()
        .filter(|c| supplied.iter().all(|s| s.sha256 != c.sha256))
        .collect();
    let date = &info.snapshot_date;
    if offered.is_empty() {
        completion.status = CompletionStatus::NotInSnapshot;
        completion.summary = format!(
            "The missing issuer '{}' is not in certchain's CCADB snapshot ({date}): most likely a private or undisclosed CA. Ask its operator for the intermediate.",
            top.issuer
        );
        return Some((completion, None));
    }
    // The user's certificates first: on equal terms the path builder keeps the earlier node.
    let mut pool: Vec<Cert> = supplied.to_vec();
    pool.extend(offered);
    let completed = verify_leaf(leaf, &pool, store, crls, options);
    let from_snapshot = |c: &Cert| intermediates::is_from_snapshot(&c.origin);
    // Never instead of the user's certificates: the supplied path must be the start of the
    // completed one, and nothing supplied may come after an added certificate.
    let keeps_supplied = completed.chain.len() >= verification.chain.len()
        && completed.chain.iter().zip(&verification.chain).all(|(a, b)| a.sha256 == b.sha256)
        && completed.chain[verification.chain.len()..].iter().all(from_snapshot);
    if completed.anchor.is_none() || !keeps_supplied || !completed.chain.iter().any(from_snapshot) {
        completion.status = CompletionStatus::NoTrustedPath;
        completion.summary = format!(
            "The CCADB snapshot ({date}) has certificates named '{}', but no path through them reaches the selected trust store.",
            top.issuer
        );
        return Some((completion, None));
    }
    let at = options.at;
    completion.chain = completed.chain.iter().map(|c| crate::report::CertSummary::of(c, at)).collect();
    completion.root = completed.anchor.as_ref().map(|a| crate::report::CertSummary::of(&a.cert, at));
    completion.added = completed
        .chain
        .iter()
        .filter(|c| from_snapshot(c))
        .map(|c| AddedCert {
            sha256: c.sha256.clone(),
            name: c.display_name(),
            subject: c.subject.clone(),
            source: format!("CCADB snapshot {}", info.snapshot_date),
        })
        .collect();
    // An error fails the completion; "cannot confirm" (e.g. a CRL that does not cover an added
    // intermediate) does not: the snapshot never confirms revocation anyway, and says so.
    let valid =
        completed.valid && !completed.problems.iter().any(|f| f.severity == Severity::Error && !f.cannot_confirm);
    completion.findings = completed.problems.iter().map(|p| Finding::from_problem(p, options)).collect();
    let names = added_names(&completion);
    completion.summary = if valid {
        format!(
            "What you supplied is incomplete. With {names} from certchain's snapshot of the intermediates disclosed to the CCADB ({date}), the chain validates; the chain files hold it. No revocation status is known for the added intermediates."
        )
    } else {
        let errors: Vec<&str> =
            completed.problems.iter().filter(|f| f.severity == Severity::Error).map(|f| f.title.as_str()).collect();
        format!(
            "What you supplied is incomplete. With {names} from the CCADB snapshot ({date}) the chain reaches a trusted root but still fails: {}.",
            errors.join("; ")
        )
    };
    if valid {
        completion.status = CompletionStatus::Completed;
        let added = completion.added.iter().map(|a| a.sha256.clone()).collect();
        Some((completion, Some(Completed { verification: completed, added })))
    } else {
        completion.status = CompletionStatus::CompletedNotValid;
        Some((completion, None))
    }
}

/// The names of the added certificates: `'R11'` or `'A', then 'B'`.
fn added_names(completion: &Completion) -> String {
    completion.added.iter().map(|a| format!("'{}'", a.name)).collect::<Vec<_>>().join(", then ")
}

/// Words the completion into the report's findings: the `missing_issuer` finding says where the
/// issuer is (or that it is not public), and a `chain_completed` info names what was added.
pub(crate) fn word_findings(completion: &Completion, findings: &mut Vec<Finding>, options: &Options) {
    let date = &completion.snapshot.snapshot_date;
    let Some(missing) = findings.iter_mut().find(|f| f.code == Code::MissingIssuer) else { return };
    match completion.status {
        CompletionStatus::Completed | CompletionStatus::CompletedNotValid => {
            let sha: Vec<String> = completion.added.iter().map(|a| hex_colon_short(&a.sha256)).collect();
            // The headline says both things at once: incomplete as supplied, and what is missing.
            missing.title = format!(
                "Incomplete as supplied: {} missing (found in certchain's CCADB snapshot)",
                match completion.added.len() {
                    1 => format!("the intermediate {} is", added_names(completion)),
                    _ => format!("the intermediates {} are", added_names(completion)),
                }
            );
            missing.detail.push_str(&format!(
                " It is a publicly disclosed intermediate: certchain found {} in its snapshot of the CA certificates disclosed to the CCADB ({date}; SHA-256 {}). What you supplied is still incomplete: the completed chain is shown separately.",
                added_names(completion),
                sha.join(", ")
            ));
            missing.fix = format!(
                "Add {} after your certificate in the file you send (certchain's completed chain.pem has it). {}",
                added_names(completion),
                match options.flow {
                    crate::options::Flow::Inbound =>
                        "For inbound mutual TLS Salesforce does not fetch intermediates: the client must send them.",
                    crate::options::Flow::Outbound =>
                        "Salesforce does not download missing intermediates: your server must send them.",
                    _ => "Verifiers that do not fetch intermediates need them in the file.",
                }
            );
            if completion.status == CompletionStatus::Completed {
                let root = completion.root.as_ref().map(|r| r.name.clone()).unwrap_or_default();
                let leaf = completion.chain.first().map(|c| c.name.clone()).unwrap_or_default();
                findings.push(
                    Finding::new(
                        Code::ChainCompleted,
                        options.flow,
                        completion.added.iter().map(|a| a.sha256.clone()).collect(),
                        format!(
                            "Completed offline: with {} from the CCADB snapshot ({date}), '{leaf}' chains to '{root}'",
                            added_names(completion)
                        ),
                        format!(
                            "Adding {} (taken from certchain's snapshot of the intermediates disclosed to the CCADB, {date}) gives a path of {} certificate(s) to the trusted root '{root}' that passes every check certchain makes for this purpose at {}. The snapshot has no revocation status for intermediates: whether an added intermediate was revoked after {date} is not checked.",
                            added_names(completion),
                            completion.chain.len(),
                            options.at
                        ),
                    ),
                );
            }
        }
        CompletionStatus::NotInSnapshot => {
            missing.detail.push_str(&format!(
                " '{}' is not among the {} intermediate CA certificates disclosed to the CCADB that certchain carries (snapshot of {date}): it is most likely a private or undisclosed CA (or one created after that date).",
                completion.missing_issuer, completion.snapshot.certificates
            ));
            if !missing.fix.starts_with("Give the root CA certificate") {
                missing.fix = format!(
                    "'{}' looks like a private or undisclosed CA: ask its operator (the CA or PKI team that issued your certificate) for the intermediate certificate, and add it after your certificate in the file you send. {}",
                    completion.missing_issuer, missing.fix
                );
            }
        }
        CompletionStatus::NoTrustedPath | CompletionStatus::SnapshotNotLoaded => {}
    }
}

/// The first 8 bytes of a SHA-256, colon-separated, for prose (`3D:3F:...`).
fn hex_colon_short(sha256: &str) -> String {
    let bytes: Vec<u8> =
        (0..sha256.len().min(16)).step_by(2).filter_map(|i| u8::from_str_radix(&sha256[i..i + 2], 16).ok()).collect();
    format!("{}…", hex_colon(&bytes))
}
