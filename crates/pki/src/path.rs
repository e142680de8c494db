//! Path building: from each leaf through supplied intermediates to a trust anchor, within a budget.
//!
//! Depth-first search in the style of rustls-webpki's `verify_cert.rs`, but iterative (an explicit
//! stack, so hostile input cannot exhaust the call stack) and exhaustive within its budget: every
//! candidate issuer is tried, so cross-signed paths are found whatever order the certificates came
//! in, and every complete path is checked so the best one can be chosen.

pub use crate::budget::{CANDIDATE_BUDGET, MAX_COMPLETE_PATHS, MAX_INTERMEDIATES, SIGNATURE_BUDGET};
use crate::cert::{Cert, hex_colon};
use crate::checks::{PathEnd, check_path, name_of};
use crate::crypto::SignatureError;
use crate::keys::Crl;
use crate::options::VerifyOptions;
use crate::problem::{Error, Hint, Problem, Severity};
use crate::trust::{Anchor, TrustStore};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// The outcome of verifying one leaf.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// True iff the chosen path reaches a trust anchor and passes every check for the purpose.
    pub valid: bool,
    /// The chosen path, leaf first, trust anchor excluded. When no path reaches an anchor, the
    /// longest partial path built (at least the leaf).
    pub chain: Vec<Cert>,
    /// The trust anchor the chosen path ends in.
    pub anchor: Option<Anchor>,
    /// Everything wrong with the chosen path (missing issuer, expiry, ...).
    pub problems: Vec<Problem>,
    /// Other complete paths found (cross-signed alternatives), leaf first, anchor last.
    pub alternatives: Vec<Vec<Cert>>,
    /// Candidate issuers that were considered and rejected, with the reason.
    pub rejected: Vec<Rejected>,
}

/// A candidate issuer that was not used.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// SHA-256 of the certificate whose issuer was sought.
    pub subject_cert: String,
    /// SHA-256 of the candidate issuer.
    pub candidate: String,
    /// Why, typed.
    pub rejection: Rejection,
    /// Why, in words naming both certificates (for the report's list of rejected candidates).
    pub reason: String,
}

/// Why a candidate issuer was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The candidate (same subject and key) is already on the path: a loop (rustls-webpki's
    /// loop detection).
    Loop,
    /// Both key identifiers are present and differ (OpenSSL's `X509_check_akid`).
    KeyIdMismatch,
    /// The candidate's key does not verify the certificate's signature, or the algorithm is one
    /// certchain does not verify.
    Signature(SignatureError),
}

/// One certificate the search can use: index 0 is the leaf; the others come from the trust store
/// (the anchors that could issue a supplied certificate) and the supplied certificates, deduplicated
/// by SHA-256.
struct Node<'a> {
    cert: &'a Cert,
    anchor: Option<&'a Anchor>,
}

struct Frame {
    node: usize,
    /// Shared with the per-node cache: a mesh pushes the same node thousands of times.
    candidates: Rc<[usize]>,
    next: usize,
    extended: bool,
}

/// Hashing for the (child, issuer key) signature cache: a hostile mesh looks it up for each of its
/// 200,000 candidates, where SipHash showed in profiles. Keys are small node indices from our own
/// input, not attacker-chosen hashes of attacker data, so a plain multiplicative mix is enough.
#[derive(Default, Clone, Copy)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type PairHash = std::hash::BuildHasherDefault<PairHasher>;

/// A complete path (node indices, leaf first, anchor last) and its findings.
struct Complete {
    nodes: Vec<usize>,
    findings: Vec<Problem>,
}

impl Complete {
    fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }
    /// Findings that leave the verdict at "cannot confirm" (revocation not confirmed): a path
    /// without them is preferred.
    fn unconfirmed(&self) -> usize {
        self.findings.iter().filter(|f| f.cannot_confirm).count()
    }
}

/// Build and check paths from `leaf` through `supplied` certificates to an anchor in `store`.
pub fn verify_leaf(
    leaf: &Cert,
    supplied: &[Cert],
    store: &TrustStore,
    crls: &[Crl],
    options: &VerifyOptions,
) -> Verification {
    let mut nodes: Vec<Node<'_>> = vec![Node { cert: leaf, anchor: store.by_sha256(&leaf.sha256) }];
    let mut seen: HashSet<&str> = HashSet::from([leaf.sha256.as_str()]);
    // An anchor ends a path, so it can only ever be the issuer of the leaf or of a supplied
    // certificate: only anchors with one of those names become nodes. This keeps a 167-root store
    // out of the per-analysis hashing (the search visits the same candidates either way).
    let issuer_names: HashSet<&[u8]> =
        std::iter::once(leaf).chain(supplied).map(|cert| cert.issuer_key.as_slice()).collect();
    for anchor in &store.anchors {
        if issuer_names.contains(anchor.cert.subject_key.as_slice()) && seen.insert(anchor.cert.sha256.as_str()) {
            nodes.push(Node { cert: &anchor.cert, anchor: Some(anchor) });
        }
    }
    for cert in supplied {
        if seen.insert(cert.sha256.as_str()) {
            nodes.push(Node { cert, anchor: None });
        }
    }
    let mut by_subject: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (index, node) in nodes.iter().enumerate().skip(1) {
        by_subject.entry(node.cert.subject_key.as_slice()).or_default().push(index);
    }

    // Nodes with the same public key share a signature result: the same child verifies (or not)
    // against every one of them, so a pile of certificates for one CA key costs one check.
    let mut first_with_key: HashMap<&[u8], usize> = HashMap::new();
    let key_ids: Vec<usize> = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| *first_with_key.entry(&node.cert.spki_der).or_insert(index))
        .collect();
    // Likewise per subject name, so loop detection compares integers, not DER.
    let mut first_with_subject: HashMap<&[u8], usize> = HashMap::new();
    let subject_ids: Vec<usize> = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| *first_with_subject.entry(&node.cert.subject_key).or_insert(index))
        .collect();

    let pool: Vec<&Cert> = nodes.iter().map(|n| n.cert).collect();
    let revocation = crate::revocation::Revocation::new(crls, pool, options);
    let mut search = Search {
        nodes: &nodes,
        by_subject: &by_subject,
        candidate_cache: vec![None; nodes.len()],
        key_ids,
        subject_ids,
        signatures: HashMap::default(),
        signature_checks: 0,
        candidates_seen: 0,
        budget_exceeded: None,
        rejected: Vec::new(),
        complete: Vec::new(),
        longest_dead_end: Vec::new(),
        revocation: &revocation,
        no_roots_given: store.anchors.is_empty()
            && matches!(options.trust, crate::options::TrustChoice::Custom | crate::options::TrustChoice::OrgList),
        options,
    };
    search.run();
    search.finish()
}

struct Search<'s, 'a> {
    nodes: &'s [Node<'a>],
    by_subject: &'s HashMap<&'a [u8], Vec<usize>>,
    /// (child, issuer) → signature verified?
    /// Per node: its candidate issuers, computed on first use.
    candidate_cache: Vec<Option<Rc<[usize]>>>,
    /// Per node: the first node with the same SubjectPublicKeyInfo.
    key_ids: Vec<usize>,
    /// Per node: the first node with the same (normalised) subject.
    subject_ids: Vec<usize>,
    /// (child, issuer key id) → the signature check's outcome.
    signatures: HashMap<(usize, usize), Result<(), crate::crypto::SignatureError>, PairHash>,
    /// Why each failed signature check failed, to choose the finding code.
    signature_checks: usize,
    candidates_seen: usize,
    budget_exceeded: Option<String>,
    rejected: Vec<Rejected>,
    complete: Vec<Complete>,
    /// The longest partial path that could not be extended (only the longest is reported, so
    /// only it is kept: a hostile mesh can produce a dead end per candidate examined).
    longest_dead_end: Vec<usize>,
    revocation: &'s crate::revocation::Revocation<'a>,
    /// The user chose their own roots (or an org list) and that store is empty: a missing issuer
    /// then needs a root from the user, not "the missing intermediate".
    no_roots_given: bool,
    options: &'s VerifyOptions,
}

impl Search<'_, '_> {
    /// Candidate issuers of `node`, by name (RFC 5280 §7.1 comparison), anchors first, then those
    /// whose subjectKeyIdentifier matches the child's authorityKeyIdentifier.
    fn candidates(&mut self, node: usize) -> Rc<[usize]> {
        if let Some(Some(cached)) = self.candidate_cache.get(node) {
            return Rc::clone(cached);
        }
        let cert = self.nodes[node].cert;
        let mut list: Vec<usize> = self.by_subject.get(cert.issuer_key.as_slice()).cloned().unwrap_or_default();
        let aki = cert.authority_key_id.as_ref().and_then(|a| a.key_id.as_deref());
        list.sort_by_key(|&c| {
            let candidate = &self.nodes[c];
            let key_match = match (aki, candidate.cert.subject_key_id.as_deref()) {
                (Some(a), Some(s)) => a == s,
                _ => false,
            };
            (candidate.anchor.is_none(), !key_match, c)
        });
        let list: Rc<[usize]> = list.into();
        if let Some(slot) = self.candidate_cache.get_mut(node) {
            *slot = Some(Rc::clone(&list));
        }
        list
    }

    /// Record a rejected candidate; the reason is only written while the list is short, so
    /// hostile inputs with thousands of look-alike issuers cost no formatting.
    fn reject(&mut self, child: usize, candidate: usize, rejection: Rejection, reason: impl FnOnce() -> String) {
        if self.rejected.len() < 200 {
            self.rejected.push(Rejected {
                subject_cert: self.nodes[child].cert.sha256.clone(),
                candidate: self.nodes[candidate].cert.sha256.clone(),
                rejection,
                reason: reason(),
            });
        }
    }

    fn run(&mut self) {
        if self.nodes[0].anchor.is_some() {
            // The leaf itself is trusted (a pinned self-signed certificate): a path of one.
            self.record_complete(vec![0]);
        }
        let first = self.candidates(0);
        let mut stack = vec![Frame { node: 0, candidates: first, next: 0, extended: false }];
        while let Some(frame) = stack.last_mut() {
            if self.complete.len() >= MAX_COMPLETE_PATHS {
                break;
            }
            let Some(&candidate) = frame.candidates.get(frame.next) else {
                if !frame.extended && stack.len() > self.longest_dead_end.len() {
                    self.longest_dead_end = stack.iter().map(|f| f.node).collect();
                }
                stack.pop();
                continue;
            };
            frame.next += 1;
            let child = frame.node;
            self.candidates_seen += 1;
            if self.candidates_seen > CANDIDATE_BUDGET {
                self.budget_exceeded = Some(format!("more than {CANDIDATE_BUDGET} candidate issuers were examined"));
                break;
            }
            let child_cert = self.nodes[child].cert;
            let cand_cert = self.nodes[candidate].cert;
            // Loop detection on (subject, public key), as rustls-webpki does: the same CA key under
            // the same name may appear only once in a path. Same id = same bytes (see key_ids).
            let (cand_subject, cand_key) = (self.subject_ids[candidate], self.key_ids[candidate]);
            if stack.iter().any(|f| self.subject_ids[f.node] == cand_subject && self.key_ids[f.node] == cand_key) {
                if candidate != child {
                    self.reject(child, candidate, Rejection::Loop, || {
                        format!("{} already appears in this path (loop)", name_of(cand_cert))
                    });
                }
                continue;
            }
            // OpenSSL's X509_check_akid: when both key identifiers are present they must agree.
            if let (Some(aki), Some(ski)) = (
                child_cert.authority_key_id.as_ref().and_then(|a| a.key_id.as_ref()),
                cand_cert.subject_key_id.as_ref(),
            ) && aki != ski
            {
                self.reject(child, candidate, Rejection::KeyIdMismatch, || {
                    format!(
                        "{} has the right name but key identifier {} while {} asks for {}",
                        name_of(cand_cert),
                        hex_colon(ski),
                        name_of(child_cert),
                        hex_colon(aki)
                    )
                });
                continue;
            }
            let intermediates = stack.len() - 1;
            if self.nodes[candidate].anchor.is_none() && intermediates >= MAX_INTERMEDIATES {
                self.budget_exceeded =
                    Some(format!("paths longer than {MAX_INTERMEDIATES} intermediate certificates are not followed"));
                continue;
            }
            match self.signature(child, candidate) {
                None => break,
                Some(Err(error)) => {
                    let why = format!(
                        "{} has the right name but does not verify the signature of {}: {error}",
                        name_of(cand_cert),
                        name_of(child_cert)
                    );
                    self.reject(child, candidate, Rejection::Signature(error), || why);
                    continue;
                }
                Some(Ok(())) => {}
            }
            if let Some(frame) = stack.last_mut() {
                frame.extended = true;
            }
            if self.nodes[candidate].anchor.is_some() {
                let mut nodes: Vec<usize> = stack.iter().map(|f| f.node).collect();
                nodes.push(candidate);
                self.record_complete(nodes);
                // An anchor ends the path (RFC 5280 §6.1: the trust anchor is not processed further).
                continue;
            }
            let candidates = self.candidates(candidate);
            stack.push(Frame { node: candidate, candidates, next: 0, extended: false });
        }
    }

    /// Verify (and cache) the signature of `child` by `issuer`. `None` when the budget is spent.
    fn signature(&mut self, child: usize, issuer: usize) -> Option<Result<(), SignatureError>> {
        let child_cert = self.nodes[child].cert;
        let issuer_cert = self.nodes[issuer].cert;
        let key = (child, self.key_ids[issuer]);
        let result = match self.signatures.get(&key) {
            Some(done) => done.clone(),
            None => {
                if self.signature_checks >= SIGNATURE_BUDGET {
                    self.budget_exceeded = Some(format!("more than {SIGNATURE_BUDGET} signature checks were needed"));
                    return None;
                }
                self.signature_checks += 1;
                let result = child_cert.verify_signed_by(&issuer_cert.spki_der);
                self.signatures.insert(key, result.clone());
                result
            }
        };
        Some(result)
    }

    fn record_complete(&mut self, nodes: Vec<usize>) {
        let chain: Vec<&Cert> = nodes.iter().map(|&n| self.nodes[n].cert).collect();
        let vetted =
            nodes.last().and_then(|&n| self.nodes[n].anchor).is_some_and(|a| a.tier != crate::trust::Tier::Custom);
        let end = if vetted { PathEnd::VettedAnchor } else { PathEnd::SuppliedAnchor };
        let mut findings = check_path(&chain, end, self.options);
        let revocation = self.revocation.check(&chain, end);
        findings.extend(self.revocation.findings(&revocation, &chain));
        if let [only] = chain.as_slice()
            && only.is_self_signed()
            && self.options.purpose == crate::options::Purpose::Client
        {
            // Trusted by pinning, but Salesforce refuses self-signed client certificates for
            // inbound mutual TLS whatever the trust list says (DESIGN.md §1).
            findings.push(Problem::new(Error::SelfSignedLeaf, vec![only.sha256.clone()],
                format!("{} is self-signed", name_of(only)),
                format!(
                    "{} is signed by its own key. It is in the trust store, but a self-signed certificate is not accepted as a mutual-TLS client certificate.",
                    name_of(only)
                ),
            ));
        }
        self.complete.push(Complete { nodes, findings });
    }

    fn certs(&self, nodes: &[usize]) -> Vec<Cert> {
        nodes.iter().map(|&n| self.nodes[n].cert.clone()).collect()
    }

    fn finish(mut self) -> Verification {
        let options = self.options;
        let leaf = self.nodes[0].cert;
        // Best path: valid first, then fewest errors, then shortest, then the latest expiry.
        let min_expiry = |c: &Complete| c.nodes.iter().map(|&n| self.nodes[n].cert.not_after).min();
        // Last, the certificates' SHA-256: equal candidates (a cross-signed intermediate with the
        // same dates) must not be chosen by input order (tests/properties.rs).
        let fingerprints =
            |c: &Complete| c.nodes.iter().map(|&n| self.nodes[n].cert.sha256.as_str()).collect::<Vec<_>>();
        let best = (0..self.complete.len()).min_by_key(|&i| {
            let c = &self.complete[i];
            (c.errors(), c.unconfirmed(), c.nodes.len(), std::cmp::Reverse(min_expiry(c)), fingerprints(c))
        });
        let mut verification = Verification::default();
        if let Some(best) = best {
            let chosen = self.complete.swap_remove(best);
            let anchor_node = *chosen.nodes.last().unwrap_or(&0);
            let valid = chosen.errors() == 0;
            verification.valid = valid;
            let without_anchor = &chosen.nodes[..chosen.nodes.len().saturating_sub(1)];
            verification.chain =
                if without_anchor.is_empty() { self.certs(&chosen.nodes) } else { self.certs(without_anchor) };
            verification.anchor = self.nodes[anchor_node].anchor.cloned();
            verification.problems = chosen.findings;
            verification.alternatives = self.complete.iter().map(|c| self.certs(&c.nodes)).collect();
            if !valid && let Some(why) = &self.budget_exceeded {
                verification.problems.push(budget_problem(leaf, why));
            }
            verification.rejected = self.rejected;
            return verification;
        }
        // No path reaches an anchor: explain the longest partial path.
        let mut partial =
            if self.longest_dead_end.is_empty() { vec![0] } else { std::mem::take(&mut self.longest_dead_end) };
        let top = partial.last().map_or(leaf, |&n| self.nodes[n].cert);
        let mut findings = Vec::new();
        let rejected_here: Vec<&Rejected> = self.rejected.iter().filter(|r| r.subject_cert == top.sha256).collect();
        if self.budget_exceeded.is_some() {
            // The search stopped early (depth cap or budget): the top's issuer may well be among the
            // inputs, unexamined, so claiming it is missing or forged would be false. The budget
            // finding below says what happened.
        } else if top.is_self_signed() {
            if partial.len() == 1 {
                findings.push(
                    Problem::new(Error::SelfSignedLeaf, vec![top.sha256.clone()],
                        format!("{} is self-signed", name_of(top)),
                        format!(
                            "{} is signed by its own key and is not in the selected trust store; nothing vouches for it (OpenSSL: self-signed certificate).",
                            name_of(top)
                        ),
                    ),
                );
            } else {
                findings.push(Problem::new(
                    Error::UntrustedRoot,
                    vec![top.sha256.clone()],
                    format!("The chain ends in {}, which is not trusted", name_of(top)),
                    format!(
                        "{} is a self-signed root that the selected trust store ({}) does not contain.",
                        name_of(top),
                        options.trust.store_name()
                    ),
                ));
            }
        } else if top.is_self_issued() {
            // It names itself as issuer but its signature does not verify under its own key (an
            // algorithm certchain refuses, such as MD2/MD5 or DSA, or a damaged signature). It is
            // still a self-signed root, not a certificate whose issuer is missing; OpenSSL reports
            // error 18 (a lone certificate) or 19 (a chain ending in it).
            let why = match top.verify_signed_by(&top.spki_der) {
                Err(e) => format!("its signature could not be verified with its own key ({e})"),
                Ok(()) => "its signature was not checked".to_string(),
            };
            let (code, title, openssl) = if partial.len() == 1 {
                (Error::SelfSignedLeaf, format!("{} is self-signed", name_of(top)), "18 (self-signed certificate)")
            } else {
                (
                    Error::UntrustedRoot,
                    format!("The chain ends in {}, which is not trusted", name_of(top)),
                    "19 (self-signed certificate in certificate chain)",
                )
            };
            findings.push(Problem::new(
                code,
                vec![top.sha256.clone()],
                title,
                format!(
                    "{} is a self-signed root: it names itself as its issuer. It is not in the selected trust store ({}), and {why}. OpenSSL reports error {openssl}.",
                    name_of(top),
                    options.trust.store_name()
                ),
            ));
        } else if let Some((bad, error)) = rejected_here.iter().find_map(|r| match &r.rejection {
            Rejection::Signature(error) => Some((r, error)),
            _ => None,
        }) {
            use crate::crypto::{Hash, SignatureAlgorithm, signature_algorithm};
            let md5 =
                signature_algorithm(top.parsed.signature_algorithm()) == Ok(SignatureAlgorithm::RsaPkcs1(Hash::Md5));
            // An algorithm we refuse is not a forged signature: say which it is.
            let (code, title) = match error {
                SignatureError::Unsupported(_) if md5 => {
                    (Error::WeakSignature, format!("{} is signed with MD5", name_of(top)))
                }
                SignatureError::Unsupported(alg) => (
                    Error::UnsupportedAlgorithm,
                    format!("{} uses an algorithm certchain does not accept ({alg})", name_of(top)),
                ),
                SignatureError::Invalid | SignatureError::BadKey(_) | SignatureError::BadAlgorithm(_) => {
                    (Error::BadSignature, format!("The signature of {} does not verify", name_of(top)))
                }
            };
            // The candidate is the issuer the certificate names, by subject and key identifier,
            // and the signature is simply wrong: the certificate was altered after signing (or
            // re-signed by another key under that name). Show the issuer in the chain and say so,
            // rather than blame the issuer.
            let issuer_node = self.nodes.iter().position(|n| n.cert.sha256 == bad.candidate);
            let named_issuer = issuer_node.map(|n| self.nodes[n].cert).filter(|issuer| {
                let aki = top.authority_key_id.as_ref().and_then(|a| a.key_id.as_deref());
                matches!(error, SignatureError::Invalid) && aki.is_some() && aki == issuer.subject_key_id.as_deref()
            });
            match (named_issuer, issuer_node) {
                (Some(issuer), Some(node)) => {
                    findings.push(
                        Problem::new(
                            code,
                            vec![top.sha256.clone(), bad.candidate.clone()],
                            format!(
                                "The signature of {} does not verify under its issuer {}",
                                name_of(top),
                                name_of(issuer)
                            ),
                            format!(
                                "{issuer} has the name and key identifier that {top} names as its issuer, but {top}'s signature does not verify with {issuer}'s key. {top} was altered after it was signed, or re-signed by another key under the same name; the issuer is not the problem. OpenSSL reports error 7 (certificate signature failure).",
                                issuer = name_of(issuer),
                                top = name_of(top)
                            ),
                        )
                        .with_hint(Hint::AlteredAfterSigning { cert: name_of(top), issuer: name_of(issuer) }),
                    );
                    partial.push(node);
                }
                _ => findings.push(Problem::new(
                    code,
                    vec![top.sha256.clone(), bad.candidate.clone()],
                    title,
                    bad.reason.clone(),
                )),
            }
        } else {
            let aki = top.authority_key_id.as_ref().and_then(|a| a.key_id.as_deref()).map(hex_colon);
            let mut detail = format!(
                "{} was issued by '{}', which is neither among the certificates given nor in the trust store ({}).",
                name_of(top),
                top.issuer,
                options.trust.store_name()
            );
            if let Some(aki) = &aki {
                detail.push_str(&format!(" Its authority key identifier is {aki}."));
            }
            if !top.ca_issuers.is_empty() {
                detail.push_str(&format!(
                    " The issuer certificate can be downloaded from {}.",
                    top.ca_issuers.join(", ")
                ));
            }
            for r in rejected_here.iter().take(3) {
                detail.push_str(&format!(" Not used: {}.", r.reason));
            }
            let mut finding = Problem::new(
                Error::MissingIssuer,
                vec![top.sha256.clone()],
                format!("The issuer of {} is missing: '{}'", name_of(top), top.issuer),
                detail,
            );
            if top.ca_issuers.is_empty() {
                // The catalogue's fix offers "the AIA caIssuers URL shown"; this certificate has none.
                finding.hint = Some(Hint::NoAiaUrl);
            }
            if self.no_roots_given {
                // Nothing can be trusted with an empty store, so "get the missing intermediate"
                // would send the user after the wrong file.
                finding.detail.push_str(
                    " You chose to trust your own roots but none were given, so no chain can end in a trusted root.",
                );
                finding.hint = Some(Hint::NoRootsGiven { issuer: top.issuer.clone() });
            }
            findings.push(finding);
        }
        if let Some(why) = &self.budget_exceeded {
            findings.push(budget_problem(leaf, why));
        }
        // Everything else wrong with the partial path, so the user sees it all at once.
        let chain: Vec<&Cert> = partial.iter().map(|&n| self.nodes[n].cert).collect();
        findings.extend(check_path(&chain, PathEnd::Open, options));
        verification.chain = self.certs(&partial);
        verification.problems = findings;
        verification.rejected = self.rejected;
        verification
    }
}

fn budget_problem(leaf: &Cert, why: &str) -> Problem {
    Problem::new(
        Error::PathBudgetExceeded,
        vec![leaf.sha256.clone()],
        format!("Path building for {} stopped at its limit", name_of(leaf)),
        format!("Path building stopped because {why}; certchain cannot confirm that a valid chain exists."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cert::Origin;
    use crate::options::Purpose;
    use crate::time::UnixTime;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// A throw-away directory of openssl-generated EC P-256 certificates.
    struct Pki {
        dir: PathBuf,
    }

    impl Drop for Pki {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn run(dir: &Path, args: &[&str]) -> bool {
        Command::new("openssl").current_dir(dir).args(args).output().is_ok_and(|o| o.status.success())
    }

    impl Pki {
        fn new(tag: &str) -> Option<Pki> {
            // Unique per call: tests run in parallel and each removes its directory when done.
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("certchain-path-{tag}-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&dir).ok()?;
            let pki = Pki { dir };
            run(&pki.dir, &["version"]).then_some(pki)
        }

        fn key(&self, name: &str) {
            assert!(run(
                &self.dir,
                &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", &format!("{name}.key")]
            ));
        }

        fn root(&self, name: &str, cn: &str) {
            self.key(name);
            assert!(run(
                &self.dir,
                &[
                    "req",
                    "-new",
                    "-x509",
                    "-key",
                    &format!("{name}.key"),
                    "-subj",
                    &format!("/CN={cn}"),
                    "-days",
                    "3650",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                    "-out",
                    &format!("{name}.pem"),
                ]
            ));
        }

        /// Issue `name` (subject `cn`, key `key`) from `issuer` with the given extension lines.
        fn issue(&self, name: &str, key: &str, cn: &str, issuer: &str, serial: &str, ext: &str) {
            std::fs::write(self.dir.join(format!("{name}.ext")), ext).unwrap();
            assert!(run(
                &self.dir,
                &[
                    "req",
                    "-new",
                    "-key",
                    &format!("{key}.key"),
                    "-subj",
                    &format!("/CN={cn}"),
                    "-out",
                    &format!("{name}.csr")
                ]
            ));
            assert!(run(
                &self.dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &format!("{issuer}.pem"),
                    "-CAkey",
                    &format!("{issuer}.key"),
                    "-set_serial",
                    serial,
                    "-days",
                    "3000",
                    "-extfile",
                    &format!("{name}.ext"),
                    "-out",
                    &format!("{name}.pem"),
                ]
            ));
        }

        fn cert(&self, name: &str) -> Cert {
            let pem = std::fs::read(self.dir.join(format!("{name}.pem"))).unwrap();
            let (_, der) = pem_rfc7468::decode_vec(&pem).unwrap();
            Cert::from_der(&der, Origin { file: format!("{name}.pem"), ..Origin::default() }).unwrap()
        }
    }

    const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";
    const LEAF_EXT: &str = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth,serverAuth\nsubjectAltName=DNS:leaf.test\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nauthorityInfoAccess=caIssuers;URI:http://ca.example.test/int.cer\n";

    fn now() -> UnixTime {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        UnixTime(secs as i64 + 3600)
    }

    /// root → int → leaf, plus root2 and int' (same name and key as int, issued by root2).
    fn cross_signed_pki() -> Option<Pki> {
        let pki = Pki::new("cross")?;
        pki.root("root", "Test Root");
        pki.root("root2", "Test Root Two");
        pki.key("int");
        pki.issue("int", "int", "Test Int", "root", "2", CA_EXT);
        pki.issue("int-x", "int", "Test Int", "root2", "3", CA_EXT);
        pki.key("leaf");
        pki.issue("leaf", "leaf", "leaf.test", "int", "4", LEAF_EXT);
        Some(pki)
    }

    fn errors(v: &Verification) -> Vec<Error> {
        v.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.error).collect()
    }

    #[test]
    fn finds_the_cross_signed_path_whatever_the_order() {
        let Some(pki) = cross_signed_pki() else {
            eprintln!("openssl not available: skipping");
            return;
        };
        let (leaf, int, int_x) = (pki.cert("leaf"), pki.cert("int"), pki.cert("int-x"));
        let options = VerifyOptions { purpose: Purpose::Client, ..VerifyOptions::new(now()) };
        // Only root2 is trusted: the path must go through the cross-signed int-x.
        let store = TrustStore::custom(vec![pki.cert("root2")]);
        for supplied in [vec![leaf.clone(), int.clone(), int_x.clone()], vec![int_x.clone(), int.clone(), leaf.clone()]]
        {
            let v = verify_leaf(&leaf, &supplied, &store, &[], &options);
            assert!(v.valid, "{:?}", v.problems);
            assert_eq!(
                v.chain.iter().map(|c| c.sha256.as_str()).collect::<Vec<_>>(),
                [leaf.sha256.as_str(), int_x.sha256.as_str()]
            );
            assert_eq!(v.anchor.as_ref().map(|a| a.cert.display_name()), Some("Test Root Two".to_string()));
            // int (issued by the untrusted root) was explored and its dead end recorded.
            assert!(v.rejected.is_empty() || v.rejected.iter().all(|r| !r.reason.is_empty()));
        }
        // Both roots trusted: one path chosen, the other kept as an alternative.
        let both = TrustStore::custom(vec![pki.cert("root"), pki.cert("root2")]);
        let v = verify_leaf(&leaf, &[leaf.clone(), int.clone(), int_x.clone()], &both, &[], &options);
        assert!(v.valid);
        assert_eq!(v.alternatives.len(), 1);
    }

    /// Re-issued copies of one CA (same name, same key) cost one signature check per child: 105
    /// copies stay within the 100-check budget, so no budget finding appears.
    #[test]
    fn copies_of_one_ca_key_share_a_signature_check() {
        let Some(pki) = Pki::new("copies") else {
            return;
        };
        pki.root("root", "Test Root");
        pki.root("other", "Other Root");
        pki.key("int");
        let copies = SIGNATURE_BUDGET + 5;
        // The first copy is "int" (the leaf's issuer, whose key file `issue` reads).
        let name = |serial: usize| if serial == 0 { "int".to_string() } else { format!("int{serial}") };
        for serial in 0..copies {
            pki.issue(&name(serial), "int", "Test Int", "root", &format!("{}", 100 + serial), CA_EXT);
        }
        pki.key("leaf");
        pki.issue("leaf", "leaf", "leaf.test", "int", "7", LEAF_EXT);
        let leaf = pki.cert("leaf");
        let mut supplied: Vec<Cert> = (0..copies).map(|serial| pki.cert(&name(serial))).collect();
        supplied.push(leaf.clone());
        let store = TrustStore::custom(vec![pki.cert("other")]);
        let v = verify_leaf(&leaf, &supplied, &store, &[], &VerifyOptions::new(now()));
        assert!(!v.valid);
        assert!(!v.problems.iter().any(|p| p.error == Error::PathBudgetExceeded), "{:?}", v.problems);
        assert_eq!(errors(&v), [Error::MissingIssuer], "{:?}", v.problems);
    }

    /// Only anchors that could issue a supplied certificate become search nodes; a large store of
    /// unrelated roots changes nothing, and a supplied root that is also in the store is the anchor.
    #[test]
    fn unrelated_anchors_do_not_change_the_path() {
        let Some(pki) = cross_signed_pki() else {
            return;
        };
        let (leaf, int, root) = (pki.cert("leaf"), pki.cert("int"), pki.cert("root"));
        let mut roots: Vec<Cert> = TrustStore::salesforce().anchors.iter().map(|a| a.cert.clone()).collect();
        assert!(roots.len() > 100);
        roots.push(root.clone());
        let store = TrustStore::custom(roots);
        let options = VerifyOptions { purpose: Purpose::Client, ..VerifyOptions::new(now()) };
        let v = verify_leaf(&leaf, &[root.clone(), int.clone(), leaf.clone()], &store, &[], &options);
        assert!(v.valid, "{:?}", v.problems);
        assert_eq!(
            v.chain.iter().map(|c| c.sha256.as_str()).collect::<Vec<_>>(),
            [leaf.sha256.as_str(), int.sha256.as_str()]
        );
        assert_eq!(v.anchor.as_ref().map(|a| a.cert.sha256.as_str()), Some(root.sha256.as_str()));
    }

    #[test]
    fn missing_issuer_names_dn_key_id_and_aia() {
        let Some(pki) = cross_signed_pki() else {
            return;
        };
        let leaf = pki.cert("leaf");
        let int = pki.cert("int");
        let store = TrustStore::custom(vec![pki.cert("root")]);
        let v = verify_leaf(&leaf, std::slice::from_ref(&leaf), &store, &[], &VerifyOptions::new(now()));
        assert!(!v.valid);
        assert_eq!(errors(&v), [Error::MissingIssuer]);
        let missing = &v.problems[0];
        assert!(missing.title.contains("CN=Test Int"), "{}", missing.title);
        let ski = crate::cert::hex_colon(int.subject_key_id.as_deref().unwrap());
        assert!(missing.detail.contains(&ski), "{}", missing.detail);
        assert!(missing.detail.contains("http://ca.example.test/int.cer"), "{}", missing.detail);
        // With the intermediate supplied the chain is valid.
        let v = verify_leaf(&leaf, &[int, leaf.clone()], &store, &[], &VerifyOptions::new(now()));
        assert!(v.valid, "{:?}", v.problems);
        assert_eq!(v.chain.len(), 2);
    }

    /// Issue 16, item 5: "own roots" with none given asks for a root, not for an intermediate.
    #[test]
    fn own_roots_with_none_given_ask_for_the_root() {
        let Some(pki) = cross_signed_pki() else {
            return;
        };
        let leaf = pki.cert("leaf");
        let int = pki.cert("int");
        let int_issuer = int.issuer.clone();
        let mut options = VerifyOptions::new(now());
        options.trust = crate::options::TrustChoice::Custom;
        let v = verify_leaf(&leaf, &[int, leaf.clone()], &TrustStore::custom(Vec::new()), &[], &options);
        assert_eq!(errors(&v), [Error::MissingIssuer]);
        let missing = &v.problems[0];
        assert!(matches!(&missing.hint, Some(Hint::NoRootsGiven { issuer }) if issuer == &int_issuer), "{missing:?}");
        assert!(missing.detail.contains("none were given"), "{}", missing.detail);
        // With a root in the store, the usual fix (get the missing certificate) stays.
        let v =
            verify_leaf(&leaf, std::slice::from_ref(&leaf), &TrustStore::custom(vec![pki.cert("root")]), &[], &options);
        assert_eq!(v.problems[0].error, Error::MissingIssuer);
        assert!(!matches!(v.problems[0].hint, Some(Hint::NoRootsGiven { .. })), "{:?}", v.problems[0]);
    }

    #[test]
    fn impostor_issuer_is_rejected_with_a_reason() {
        let Some(pki) = Pki::new("impostor") else {
            return;
        };
        pki.root("root", "Test Root");
        pki.key("int");
        pki.issue("int", "int", "Test Int", "root", "2", CA_EXT);
        pki.key("leaf");
        pki.issue("leaf", "leaf", "leaf.test", "int", "4", LEAF_EXT);
        // Same name and even the same key identifier, but a different key.
        let int_ski = crate::cert::hex_colon(pki.cert("int").subject_key_id.as_deref().unwrap());
        pki.key("evil");
        let ext = format!(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier={int_ski}\n"
        );
        pki.issue("evil", "evil", "Test Int", "root", "5", &ext);
        let (leaf, evil) = (pki.cert("leaf"), pki.cert("evil"));
        let store = TrustStore::custom(vec![pki.cert("root")]);
        let v = verify_leaf(&leaf, &[leaf.clone(), evil.clone()], &store, &[], &VerifyOptions::new(now()));
        assert!(!v.valid);
        assert_eq!(errors(&v).first(), Some(&Error::BadSignature));
        assert!(v.rejected.iter().any(|r| r.candidate == evil.sha256 && r.reason.contains("does not verify")));
    }

    #[test]
    fn self_signed_leaf_and_untrusted_root() {
        let Some(pki) = Pki::new("selfsigned") else {
            return;
        };
        pki.root("root", "Lonely Root");
        let root = pki.cert("root");
        let empty = TrustStore::custom(Vec::new());
        let v = verify_leaf(&root, std::slice::from_ref(&root), &empty, &[], &VerifyOptions::new(now()));
        assert_eq!(errors(&v).first(), Some(&Error::SelfSignedLeaf));
        // Trusted by pinning: fine for a server, refused for a mutual-TLS client.
        let pinned = TrustStore::custom(vec![root.clone()]);
        let server = VerifyOptions { purpose: Purpose::Any, ..VerifyOptions::new(now()) };
        assert!(verify_leaf(&root, &[], &pinned, &[], &server).valid);
        let v = verify_leaf(&root, &[], &pinned, &[], &VerifyOptions::new(now()));
        assert!(errors(&v).contains(&Error::SelfSignedLeaf));
    }

    #[test]
    fn md5_signature_is_reported_as_weak_not_forged() {
        let Some(pki) = Pki::new("md5") else {
            return;
        };
        assert!(run(
            &pki.dir,
            &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "root.key"]
        ));
        assert!(run(
            &pki.dir,
            &[
                "req",
                "-new",
                "-x509",
                "-key",
                "root.key",
                "-subj",
                "/CN=MD5 Root",
                "-days",
                "3650",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign",
                "-out",
                "root.pem",
            ]
        ));
        pki.key("leaf");
        assert!(run(&pki.dir, &["req", "-new", "-key", "leaf.key", "-subj", "/CN=md5 leaf", "-out", "leaf.csr"]));
        std::fs::write(pki.dir.join("leaf.ext"), LEAF_EXT).unwrap();
        if !run(
            &pki.dir,
            &[
                "x509",
                "-req",
                "-in",
                "leaf.csr",
                "-CA",
                "root.pem",
                "-CAkey",
                "root.key",
                "-md5",
                "-set_serial",
                "7",
                "-days",
                "30",
                "-extfile",
                "leaf.ext",
                "-out",
                "leaf.pem",
            ],
        ) {
            eprintln!("this openssl cannot sign with MD5: skipping");
            return;
        }
        let leaf = pki.cert("leaf");
        let store = TrustStore::custom(vec![pki.cert("root")]);
        let v = verify_leaf(&leaf, std::slice::from_ref(&leaf), &store, &[], &VerifyOptions::new(now()));
        assert!(!v.valid);
        assert!(errors(&v).contains(&Error::WeakSignature), "{:?}", v.problems);
        assert!(!errors(&v).contains(&Error::BadSignature));
    }

    #[test]
    fn email_constraints_reach_the_subject_email_address() {
        let Some(pki) = Pki::new("nc-email") else {
            return;
        };
        pki.root("root", "NC Root");
        pki.key("int");
        let ext = format!("{CA_EXT}nameConstraints=critical,permitted;email:example.com\n");
        pki.issue("int", "int", "NC Int", "root", "2", &ext);
        pki.key("leaf");
        // No SAN: the mailbox is only in the subject's emailAddress attribute.
        std::fs::write(
            pki.dir.join("leaf.ext"),
            "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
        )
        .unwrap();
        for (name, mail, ok) in [("good", "alice@example.com", true), ("bad", "mallory@evil.test", false)] {
            assert!(run(
                &pki.dir,
                &[
                    "req",
                    "-new",
                    "-key",
                    "leaf.key",
                    "-subj",
                    &format!("/CN={name}/emailAddress={mail}"),
                    "-out",
                    "leaf.csr"
                ]
            ));
            assert!(run(
                &pki.dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    "leaf.csr",
                    "-CA",
                    "int.pem",
                    "-CAkey",
                    "int.key",
                    "-set_serial",
                    "9",
                    "-days",
                    "30",
                    "-extfile",
                    "leaf.ext",
                    "-out",
                    &format!("{name}.pem"),
                ]
            ));
            let leaf = pki.cert(name);
            let store = TrustStore::custom(vec![pki.cert("root")]);
            let v = verify_leaf(&leaf, &[pki.cert("int")], &store, &[], &VerifyOptions::new(now()));
            assert_eq!(v.valid, ok, "{name}: {:?}", v.problems);
            assert_eq!(errors(&v).contains(&Error::NameConstraints), !ok, "{name}: {:?}", v.problems);
        }
    }

    #[test]
    fn deep_chains_stop_at_the_depth_cap() {
        let Some(pki) = Pki::new("deep") else {
            return;
        };
        pki.root("ca0", "CA 0");
        for i in 1..=(MAX_INTERMEDIATES + 2) {
            pki.key(&format!("ca{i}"));
            pki.issue(
                &format!("ca{i}"),
                &format!("ca{i}"),
                &format!("CA {i}"),
                &format!("ca{}", i - 1),
                &i.to_string(),
                CA_EXT,
            );
        }
        let top = MAX_INTERMEDIATES + 2;
        pki.key("leaf");
        pki.issue("leaf", "leaf", "leaf.test", &format!("ca{top}"), "99", LEAF_EXT);
        let leaf = pki.cert("leaf");
        let supplied: Vec<Cert> = (1..=top).map(|i| pki.cert(&format!("ca{i}"))).collect();
        let store = TrustStore::custom(vec![pki.cert("ca0")]);
        let v = verify_leaf(&leaf, &supplied, &store, &[], &VerifyOptions::new(now()));
        assert!(!v.valid);
        assert!(errors(&v).contains(&Error::PathBudgetExceeded), "{:?}", errors(&v));
    }
}
