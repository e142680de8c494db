//! Salesforce-aware findings: what only someone who knows the Salesforce flows (DESIGN.md §1)
//! would say about an otherwise finished analysis.
//!
//! - [`Code::ClientAuthCutover`]: a publicly trusted leaf without clientAuth used as a client
//!   certificate. Public CAs are dropping clientAuth from TLS certificates, each on its own date, and
//!   the Chrome Root Program forbids it in leaf certificates issued from 2027-03-15; the wording
//!   comes from [`crate::facts`], chosen by the analysis time.
//! - [`Code::UploadLint`]: the file holding the certificate — the one a user uploads — also holds a
//!   key, a CSR, duplicates, strays, or is out of order.
//! - [`Code::CsrFlow`]: with a CSR and the CA's answer, whether *Upload Signed Certificate* will
//!   accept it (public key match, chain completeness).
//!
//! [`crate::pipeline`] calls [`salesforce_findings`] once the analysis is complete.

use crate::cert::Cert;
use crate::facts;
use crate::findings::{Code, Finding, Severity, catalogue};
use crate::oids::eku;
use crate::options::{Flow, Options, Purpose};
use crate::report::Analysis;
use crate::time::UnixTime;
use crate::trust::Tier;
use std::collections::{HashMap, HashSet};

/// Every Salesforce-aware finding for a finished analysis.
pub fn salesforce_findings(analysis: &Analysis, options: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(leaf) = analysis.verification.chain.first() {
        let anchor = analysis.verification.anchor.as_ref().map(|a| &a.cert);
        out.extend(client_auth_cutover(leaf, anchor, options, snapshot_tier));
    }
    if matches!(options.flow, Flow::Inbound | Flow::CsrUpload) {
        out.extend(upload_lint(analysis, options.flow));
    }
    if options.flow == Flow::CsrUpload {
        out.extend(csr_flow(analysis));
    }
    out
}

/// The bundled snapshot's tier for a root, if it holds it.
fn snapshot_tier(cert: &Cert) -> Option<Tier> {
    crate::trust::salesforce_status_of(cert).map(|(_, tier)| tier)
}

/// Whether the leaf is used as a TLS client certificate in this analysis.
fn used_as_client(options: &Options) -> bool {
    options.purpose == Purpose::Client || (options.flow == Flow::Inbound && options.purpose == Purpose::Any)
}

/// [`Code::ClientAuthCutover`] for `leaf` whose chain ends in `anchor`. `public_tier` says whether
/// a root is publicly trusted (the bundled snapshot in production; tests inject their own, since
/// no test chain can be signed by a real public root).
pub fn client_auth_cutover(
    leaf: &Cert,
    anchor: Option<&Cert>,
    options: &Options,
    public_tier: impl Fn(&Cert) -> Option<Tier>,
) -> Option<Finding> {
    if !used_as_client(options) || leaf.is_ca() {
        return None;
    }
    // No EKU extension means any purpose; anyExtendedKeyUsage also allows client authentication.
    let eku = leaf.ext_key_usage.as_ref()?;
    if eku.allows(eku::CLIENT_AUTH) || eku.has_any() {
        return None;
    }
    let anchor = anchor?;
    let tier = public_tier(anchor)?;
    let where_trusted = match tier {
        Tier::JdkAndMozilla => "in Mozilla's store and the Java cacerts list Salesforce mirrors",
        Tier::MozillaOnly => "in Mozilla's store",
        Tier::JdkOnly => "in the Java cacerts list Salesforce mirrors",
        Tier::Custom => return None,
    };
    let leaf_name = leaf.display_name();
    let root_name = anchor.display_name();
    let ekus: Vec<String> = eku.oids.iter().map(eku::name).collect();
    Some(Finding::new(
        Code::ClientAuthCutover,
        options.flow,
        vec![leaf.sha256.clone(), anchor.sha256.clone()],
        format!("'{leaf_name}' is a public TLS certificate without clientAuth: it cannot be a client certificate"),
        format!(
            "'{leaf_name}' ({}) chains to the public root '{root_name}' ({where_trusted}) and its extended key usage is {} — no clientAuth, so Salesforce on port 8443 and any TLS server reject it as a client certificate. It was issued on {}{}. {}",
            leaf.origin,
            ekus.join(", "),
            date(leaf.not_before),
            issuing_ca(leaf).map(|(name, _)| format!(" by {name}")).unwrap_or_default(),
            cutover_status_for(options.at, issuing_ca(leaf).map(|(_, id)| id))
        ),
    ))
}

/// Where the clientAuth cutover stands at `at`, in the tense `at` calls for: the Chrome Root
/// Program's rule, then each CA's own date, then whether a renewal can still bring clientAuth back.
pub fn cutover_status(at: UnixTime) -> String {
    cutover_status_for(at, None)
}

/// [`cutover_status`] with the issuing CA's own fact (`ca`, a [`facts::CA_CLIENT_AUTH`] id) first.
fn cutover_status_for(at: UnixTime, ca: Option<&'static str>) -> String {
    let mut parts = vec![facts::text(facts::CHROME_LEAF_CLIENT_AUTH, at).to_string()];
    let mut cas: Vec<&str> = facts::CA_CLIENT_AUTH.to_vec();
    cas.sort_by_key(|id| Some(*id) != ca);
    parts.extend(cas.iter().map(|id| facts::text(id, at).to_string()));
    let chrome_date = facts::fact(facts::CHROME_LEAF_CLIENT_AUTH).last_date();
    let still_offered = facts::CA_CLIENT_AUTH
        .iter()
        .filter_map(|id| facts::fact(id).last_date())
        .chain(chrome_date)
        .any(|end| at < end);
    parts.push(
        if still_offered {
            "So a renewal from some CAs can still carry clientAuth, on request and only until their dates; the lasting fix is a certificate made for client authentication from a CA whose root Salesforce trusts."
        } else {
            "Renewing a public TLS certificate will not bring clientAuth back."
        }
        .to_string(),
    );
    parts.join(" ")
}

/// The CA company behind the leaf's issuer, when its name says so (DigiCert's brands per its
/// ALERT53; Sectigo's older COMODO/USERTrust names; Let's Encrypt's intermediates carry
/// `O=Let's Encrypt`), with the fact that gives its clientAuth dates.
fn issuing_ca(leaf: &Cert) -> Option<(&'static str, &'static str)> {
    let issuer = leaf.issuer.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| issuer.contains(w));
    if has(&["digicert", "geotrust", "thawte", "rapidssl", "encryption everywhere"]) {
        Some(("DigiCert", facts::DIGICERT_CLIENT_AUTH))
    } else if has(&["sectigo", "comodo", "usertrust"]) {
        Some(("Sectigo", facts::SECTIGO_CLIENT_AUTH))
    } else if has(&["let's encrypt", "isrg"]) {
        Some(("Let's Encrypt", facts::LETSENCRYPT_CLIENT_AUTH))
    } else {
        None
    }
}

fn date(t: UnixTime) -> String {
    t.to_rfc3339().chars().take(10).collect()
}

/// What a Salesforce upload page is called in a flow.
fn upload_page(flow: Flow) -> &'static str {
    match flow {
        Flow::CsrUpload => "Upload Signed Certificate",
        _ => "Upload Mutual Authentication Certificate",
    }
}

/// Certificates named one by one in an upload lint; more are counted.
const MAX_NAMED: usize = 5;

/// [`Code::UploadLint`]: the input holding the primary leaf is the file a user uploads.
fn upload_lint(analysis: &Analysis, flow: Flow) -> Option<Finding> {
    let decoded = &analysis.decoded;
    let leaf = decoded.certs.get(analysis.primary?)?;
    let input = leaf.origin.input;
    let summary = decoded.inputs.get(input)?;
    // Keystores are not uploaded through these pages (Import from Keystore has its own checks).
    if matches!(summary.format.as_str(), "PKCS#12" | "JKS" | "JCEKS") {
        return None;
    }
    let file = summary.name.as_str();
    let in_file = |origin: &crate::cert::Origin| origin.input == input;
    let path: Vec<&Cert> =
        analysis.verification.chain.iter().chain(analysis.verification.anchor.as_ref().map(|a| &a.cert)).collect();
    let on_path: HashSet<&str> = path.iter().map(|c| c.sha256.as_str()).collect();
    let certs: Vec<&Cert> = decoded.certs.iter().filter(|c| in_file(&c.origin)).collect();

    let mut remove: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut named = vec![leaf.sha256.clone()];

    let keys: Vec<_> = decoded.keys.iter().filter(|k| in_file(&k.origin)).collect();
    if !keys.is_empty() {
        let places: Vec<String> =
            keys.iter().map(|k| format!("the {} private key ({})", k.algorithm, k.origin)).collect();
        problems.push(format!(
            "it holds {}{}",
            places.join(" and "),
            if flow == Flow::Inbound {
                " — fine for `curl -E`, but a private key must never be uploaded"
            } else {
                " — Salesforce already holds the key of its CSR, and a private key must never be uploaded"
            }
        ));
        remove.extend(places);
    }
    let csrs: Vec<_> = decoded.csrs.iter().filter(|c| in_file(&c.origin)).collect();
    if !csrs.is_empty() {
        let places: Vec<String> = csrs.iter().map(|c| format!("the CSR for '{}' ({})", c.subject, c.origin)).collect();
        problems.push(format!("it holds {}", places.join(" and ")));
        remove.extend(places);
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for c in &certs {
        *count.entry(c.sha256.as_str()).or_default() += 1;
    }
    let mut seen = HashSet::new();
    for c in &certs {
        let n = count.get(c.sha256.as_str()).copied().unwrap_or(0);
        if n > 1 && seen.insert(c.sha256.as_str()) {
            problems.push(format!("'{}' is in it {n} times", c.display_name()));
            remove.push(format!("the extra copies of '{}'", c.display_name()));
        }
    }
    // Rejected issuer candidates have their own finding (why the issuer was not used).
    let rejected: HashSet<&str> = analysis.verification.rejected.iter().map(|r| r.candidate.as_str()).collect();
    let mut stray_seen = HashSet::new();
    let strays: Vec<&&Cert> = certs
        .iter()
        .filter(|c| {
            let sha = c.sha256.as_str();
            !on_path.contains(sha) && !rejected.contains(sha) && stray_seen.insert(sha)
        })
        .collect();
    if !strays.is_empty() {
        let mut names: Vec<String> =
            strays.iter().take(MAX_NAMED).map(|c| format!("'{}' ({})", c.display_name(), c.origin)).collect();
        if strays.len() > MAX_NAMED {
            names.push(format!("{} more", strays.len() - MAX_NAMED));
        }
        problems.push(format!(
            "{} {} not part of this chain",
            names.join(", "),
            if strays.len() == 1 { "is" } else { "are" }
        ));
        remove.extend(names);
        named.extend(strays.iter().take(MAX_NAMED).map(|c| c.sha256.clone()));
    }
    // Order inside the file: each path certificate's first position must follow the path order.
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (i, c) in certs.iter().enumerate() {
        first_at.entry(c.sha256.as_str()).or_insert(i);
    }
    let present: Vec<&Cert> = path.iter().copied().filter(|c| first_at.contains_key(c.sha256.as_str())).collect();
    let positions: Vec<usize> = present.iter().filter_map(|c| first_at.get(c.sha256.as_str()).copied()).collect();
    let mut reorder = None;
    if positions.windows(2).any(|w| w[0] > w[1]) {
        let expected: Vec<String> = present.iter().map(|c| format!("'{}'", c.display_name())).collect();
        problems.push("the certificates are not in chain order".to_string());
        reorder = Some(expected.join(" → "));
    }
    if problems.is_empty() {
        return None;
    }
    let mut steps = Vec::new();
    if !remove.is_empty() {
        steps.push(format!("remove {}", remove.join(", ")));
    }
    if let Some(order) = &reorder {
        steps.push(format!(
            "put the certificates in this order: {order} (certificate first, then each issuer; the root is optional)"
        ));
    }
    let fix = format!("Before uploading {file}: {}. {}", steps.join("; "), catalogue::fix(Code::UploadLint, flow));
    Some(
        Finding::new(
            Code::UploadLint,
            flow,
            named,
            format!("{file} is not ready for {}", upload_page(flow)),
            format!(
                "{file} holds your certificate '{}', so it is the file you would upload with {}; but {}.",
                leaf.display_name(),
                upload_page(flow),
                problems.join("; ")
            ),
        )
        .with_fix(fix),
    )
}

/// [`Code::CsrFlow`]: one verdict per CSR given with certificates.
fn csr_flow(analysis: &Analysis) -> Vec<Finding> {
    let decoded = &analysis.decoded;
    let verification = &analysis.verification;
    let flow = Flow::CsrUpload;
    if decoded.certs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for csr in &decoded.csrs {
        // Prefer an end-entity certificate with the CSR's key (a CA certificate could share it).
        let answer = decoded.certs.iter().filter(|c| c.spki_der == csr.spki_der).min_by_key(|c| c.is_ca());
        let Some(answer) = answer else {
            let leaves: Vec<&Cert> = decoded.certs.iter().filter(|c| !c.is_ca()).collect();
            let names: Vec<String> = leaves.iter().map(|c| format!("'{}' ({})", c.display_name(), c.origin)).collect();
            out.push(
                Finding::new(
                    Code::CsrFlow,
                    flow,
                    leaves.iter().map(|c| c.sha256.clone()).collect(),
                    format!("Upload Signed Certificate will refuse it: no certificate answers the CSR for '{}'", csr.subject),
                    format!(
                        "The CSR ({}) has a {} public key that none of the certificates given has{}. Salesforce refuses a signed certificate whose public key differs from the key of the CSR it generated: the CA signed another request.",
                        csr.origin,
                        csr.algorithm,
                        if names.is_empty() { String::new() } else { format!(" (checked {})", names.join(", ")) }
                    ),
                )
                .with_severity(Severity::Error),
            );
            continue;
        };
        let name = answer.display_name();
        let is_primary = verification.chain.first().is_some_and(|c| c.sha256 == answer.sha256);
        if !is_primary {
            out.push(Finding::new(
                Code::CsrFlow,
                flow,
                vec![answer.sha256.clone()],
                format!("'{name}' answers the CSR for '{}'", csr.subject),
                format!(
                    "'{name}' ({}) has the public key of the CSR ({}), so Upload Signed Certificate will take it as the answer to that CSR. The chain was built for another certificate; analyse '{name}' with its intermediates alone to check that its chain is complete.",
                    answer.origin, csr.origin
                ),
            ));
            continue;
        }
        let chain_files: Vec<&str> = {
            let mut files: Vec<&str> = Vec::new();
            for c in &verification.chain {
                if !files.contains(&c.origin.file.as_str()) {
                    files.push(c.origin.file.as_str());
                }
            }
            files
        };
        match &verification.anchor {
            Some(anchor) => {
                let path: Vec<String> = verification
                    .chain
                    .iter()
                    .map(|c| format!("'{}'", c.display_name()))
                    .chain(std::iter::once(format!("'{}' (root)", anchor.cert.display_name())))
                    .collect();
                let quoted: Vec<String> = chain_files.iter().map(|f| crate::commands::shell_quote(f)).collect();
                let upload = if chain_files.len() == 1 {
                    format!("Upload {} (after any clean-up the other findings ask for).", chain_files[0])
                } else {
                    format!(
                        "The chain is spread over {}: put them into one file, signed certificate first (`cat {} > chain.pem`), and upload that.",
                        chain_files.join(", "),
                        quoted.join(" ")
                    )
                };
                let file = if chain_files.len() == 1 { quoted.join("") } else { "chain.pem".to_string() };
                out.push(
                    Finding::new(
                        Code::CsrFlow,
                        flow,
                        verification.chain.iter().map(|c| c.sha256.clone()).collect(),
                        format!("Upload Signed Certificate should accept '{name}'"),
                        format!(
                            "'{name}' ({}) has the same public key as the CSR ({}), and its chain is complete: {}. {upload}",
                            answer.origin,
                            csr.origin,
                            path.join(" → ")
                        ),
                    )
                    .with_fix(format!(
                        "In Setup → Certificate and Key Management, open the certificate whose CSR you sent ('{}'), choose Upload Signed Certificate and upload {file}.",
                        csr.subject
                    )),
                );
            }
            None => {
                let last = verification.chain.last().unwrap_or(answer);
                out.push(
                    Finding::new(
                        Code::CsrFlow,
                        flow,
                        vec![answer.sha256.clone(), last.sha256.clone()],
                        format!("Upload Signed Certificate: '{name}' matches the CSR but its chain is incomplete"),
                        format!(
                            "'{name}' ({}) has the same public key as the CSR ({}), but the chain stops at '{}', whose issuer '{}' is not among your files nor a trusted root. Add that intermediate (your CA sends it with the certificate) after '{name}' before uploading.",
                            answer.origin,
                            csr.origin,
                            last.display_name(),
                            last.issuer
                        ),
                    )
                    .with_severity(Severity::Error),
                );
            }
        }
    }
    out
}
