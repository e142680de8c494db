//! Revocation per RFC 5280 §6.3, with the CRLs the user supplied (certchain never fetches).
//!
//! [`Revocation::check`] returns a typed [`Outcome`] for one path: each certificate's status
//! (good, revoked, or undetermined and why) and the CRLs that were about it but could not be
//! used. [`findings`] turns that into findings at one boundary.
//!
//! Covered: CRL signature and issuer matched by name and key, the CRL signer's own path to the
//! same anchor (§6.3.3 (f): separate CRL-signing keys, key rollover, indirect CRLs), the
//! issuingDistributionPoint's scope against the certificate's cRLDistributionPoints (§6.3.3 (b)),
//! reason partitions (onlySomeReasons, §6.3.3 (d)), delta CRLs (§6.3.3 (c), (i)), entries of
//! indirect CRLs (certificateIssuer, §5.3.3), removeFromCRL (§6.3.3 (k)) and unknown critical
//! CRL or entry extensions (§5.2, §5.3: the CRL is not used).

pub use crate::budget::REVOCATION_SIGNATURE_BUDGET;
use crate::cert::{Cert, hex_colon, normalized_name};
use crate::checks::{PathEnd, check_path, name_of};
use crate::keys::Crl;
use crate::oids::ext::{
    AUTHORITY_KEY_ID, CERTIFICATE_ISSUER, CRL_DISTRIBUTION_POINTS, CRL_NUMBER, DELTA_CRL_INDICATOR, HOLD_INSTRUCTION,
    INVALIDITY_DATE, ISSUING_DISTRIBUTION_POINT, REASON_CODE,
};
use crate::options::{Purpose, VerifyOptions};
use crate::problem::{Error, Problem, Severity};
use crate::time::UnixTime;
use der::{Decode, Encode};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use x509_cert::crl::RevokedCert;
use x509_cert::ext::pkix::crl::dp::{DistributionPoint, IssuingDistributionPoint};
use x509_cert::ext::pkix::crl::{BaseCrlNumber, CrlDistributionPoints, CrlNumber, CrlReason};
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName, GeneralNames};
use x509_cert::name::Name;

/// How deep CRL signers' own paths are checked for revocation (a CRL signer's certificate is
/// checked against CRLs whose signer is checked in turn, §6.3.3 (f)). Beyond this, not confirmed.
const MAX_SIGNER_DEPTH: u8 = 3;
/// `crl_problem` findings written per path; further unusable CRLs are counted in the last one.
const MAX_CRL_PROBLEMS_SHOWN: usize = 10;

/// ReasonFlags bits 1–8 (keyCompromise … aACompromise): "all-reasons" of RFC 5280 §6.3.3.
const ALL_REASONS: u16 = 0x1fe;

/// The revocation status of one certificate of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Usable CRLs covering every reason were found and none lists it.
    Good,
    /// A usable CRL lists it.
    Revoked(RevokedBy),
    /// No usable CRL (or not for every reason) covers it: revocation not confirmed.
    Undetermined(String),
}

/// Where a certificate is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokedBy {
    /// Index into the supplied CRLs.
    pub crl: usize,
    /// Index of the delta CRL that lists it, if the listing is in a delta CRL.
    pub delta: Option<usize>,
    pub date: UnixTime,
    pub reason: Option<CrlReason>,
}

/// Why a CRL that is about a certificate of the path cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrlIssue {
    /// Its signature verifies with no key of a certificate with the CRL issuer's name.
    BadSignature(String),
    /// No certificate of the CRL's issuer was supplied.
    NoSigner,
    /// The certificate whose key signed it lacks cRLSign (§6.3.3 (f)).
    SignerLacksCrlSign(String),
    /// The signer's certificate does not validate to the path's trust anchor (§6.3.3 (f)).
    SignerNotValid(String),
    NotYetValid(UnixTime),
    Expired(UnixTime),
    /// Structure: unknown critical (entry) extension, CRL number rules, unreadable extension.
    Unusable(String),
    /// A delta CRL for it cannot be used, so the complete CRL alone is not current.
    DeltaUnusable(usize, Box<CrlIssue>),
    /// The revocation budget was spent.
    Budget,
}

/// A CRL about the path that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlProblem {
    pub crl: usize,
    pub issue: CrlIssue,
}

/// The revocation result for one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No CRL was supplied at all: revocation was not checked.
    NoCrls,
    /// Per certificate (chain index, anchor excluded) its status, and the CRL problems found.
    Checked { statuses: Vec<(usize, Status)>, problems: Vec<CrlProblem> },
}

/// One supplied CRL, read once.
struct CrlInfo<'a> {
    crl: &'a Crl,
    issuer: &'a Name,
    issuer_key: Vec<u8>,
    /// CRL number (big-endian magnitude) and, for delta CRLs, the base CRL number.
    number: Option<Vec<u8>>,
    delta_base: Option<Vec<u8>>,
    idp: Option<IssuingDistributionPoint>,
    idp_der: Option<Vec<u8>>,
    /// IDP onlySomeReasons (all reasons when absent).
    reasons: u16,
    this_update: UnixTime,
    next_update: Option<UnixTime>,
    /// Why the CRL cannot be used whatever the certificate (extensions).
    structural: Option<String>,
    /// The signed bytes (TBSCertList as it appears in the DER).
    signed: Option<&'a [u8]>,
}

/// Revocation checking for the paths of one leaf: the supplied CRLs and the certificates that
/// may sign them (the supplied certificates and anchors), with caches shared by every path.
pub struct Revocation<'a> {
    crls: Vec<CrlInfo<'a>>,
    pool: Vec<&'a Cert>,
    options: &'a VerifyOptions,
    /// For CRL signers' paths: any purpose, no names.
    signer_options: VerifyOptions,
    /// (CRL, signer certificate) → the signature verifies.
    signatures: RefCell<HashMap<(usize, String), bool>>,
    /// (signer, anchor) → the signer's path to the anchor validates, or why not.
    signers: RefCell<HashMap<(String, String), Result<(), String>>>,
    spent: Cell<usize>,
}

fn time_of(t: &x509_cert::time::Time) -> UnixTime {
    UnixTime(t.to_unix_duration().as_secs() as i64)
}

fn uint_bytes(u: &der::asn1::Uint) -> Vec<u8> {
    let b = u.as_bytes();
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b[start..].to_vec()
}

/// a ≤ b for big-endian magnitudes without leading zeros.
fn number_le(a: &[u8], b: &[u8]) -> bool {
    (a.len(), a) <= (b.len(), b)
}

fn reason_bits(flags: &Option<x509_cert::ext::pkix::crl::dp::ReasonFlags>) -> u16 {
    match flags {
        Some(f) => f.bits() & ALL_REASONS,
        None => ALL_REASONS,
    }
}

impl<'a> CrlInfo<'a> {
    fn read(crl: &'a Crl) -> CrlInfo<'a> {
        let tbs = &crl.parsed.tbs_cert_list;
        let mut info = CrlInfo {
            crl,
            issuer: &tbs.issuer,
            issuer_key: normalized_name(&tbs.issuer),
            number: None,
            delta_base: None,
            idp: None,
            idp_der: None,
            reasons: ALL_REASONS,
            this_update: time_of(&tbs.this_update),
            next_update: tbs.next_update.as_ref().map(time_of),
            structural: None,
            signed: crate::cert::first_element_of_sequence(&crl.der),
        };
        let mut problems = Vec::new();
        let extensions = tbs.crl_extensions.as_deref().unwrap_or_default();
        for ext in extensions {
            let value = ext.extn_value.as_bytes();
            match ext.extn_id {
                // RFC 5280 §5.2.3: non-critical, and a v2 CRL must carry it.
                CRL_NUMBER if ext.critical => {
                    problems.push("its CRL number is marked critical (RFC 5280 §5.2.3)".into())
                }
                CRL_NUMBER => match CrlNumber::from_der(value) {
                    Ok(n) => info.number = Some(uint_bytes(&n.0)),
                    Err(e) => problems.push(format!("its CRL number cannot be read ({e})")),
                },
                DELTA_CRL_INDICATOR => match BaseCrlNumber::from_der(value) {
                    Ok(n) => info.delta_base = Some(uint_bytes(&n.0)),
                    Err(e) => problems.push(format!("its delta CRL indicator cannot be read ({e})")),
                },
                ISSUING_DISTRIBUTION_POINT => match IssuingDistributionPoint::from_der(value) {
                    Ok(idp) => {
                        // RFC 5280 §5.2.5: at most one of the "only" booleans.
                        let only = [
                            idp.only_contains_user_certs,
                            idp.only_contains_ca_certs,
                            idp.only_contains_attribute_certs,
                        ];
                        if only.iter().filter(|b| **b).count() > 1 {
                            problems.push("its issuing distribution point asserts more than one \"only contains\" flag (RFC 5280 §5.2.5)".into());
                        }
                        info.reasons = reason_bits(&idp.only_some_reasons);
                        info.idp_der = Some(value.to_vec());
                        info.idp = Some(idp);
                    }
                    Err(e) => problems.push(format!("its issuing distribution point cannot be read ({e})")),
                },
                AUTHORITY_KEY_ID => {}
                other if ext.critical => {
                    problems.push(format!("it has an unknown critical extension {other} (RFC 5280 §5.2)"))
                }
                _ => {}
            }
        }
        // A v1 CRL has no extensions at all (RFC 5280 §5.1.2.1); a v2 CRL must number itself.
        if tbs.crl_extensions.is_some() && info.number.is_none() && !problems.iter().any(|p| p.contains("CRL number")) {
            problems.push("it has no CRL number (RFC 5280 §5.2.3: MUST be included)".into());
        }
        // §5.3: a critical entry extension the application cannot process makes the CRL unusable.
        'entries: for entry in tbs.revoked_certificates.iter().flatten() {
            for ext in entry.crl_entry_extensions.iter().flatten() {
                let known = [REASON_CODE, HOLD_INSTRUCTION, INVALIDITY_DATE, CERTIFICATE_ISSUER].contains(&ext.extn_id);
                if ext.critical && !known {
                    problems.push(format!(
                        "the entry for serial {} has an unknown critical extension {} (RFC 5280 §5.3)",
                        hex_colon(entry.serial_number.as_bytes()),
                        ext.extn_id
                    ));
                    break 'entries;
                }
            }
        }
        if info.signed.is_none() {
            problems.push("its signed part cannot be located".into());
        }
        if !problems.is_empty() {
            info.structural = Some(problems.join("; "));
        }
        info
    }

    fn indirect(&self) -> bool {
        self.idp.as_ref().is_some_and(|i| i.indirect_crl)
    }

    fn describe(&self) -> String {
        let kind = if self.delta_base.is_some() { "delta CRL" } else { "CRL" };
        format!("the {kind} issued by '{}' ({})", self.crl.issuer, self.crl.origin)
    }
}

/// The certificate's cRLDistributionPoints; without the extension, one implicit point (no name,
/// all reasons, issued by the certificate's issuer).
fn distribution_points(cert: &Cert) -> Vec<DistributionPoint> {
    let from_ext = cert
        .parsed
        .tbs_certificate()
        .extensions()
        .into_iter()
        .flatten()
        .find(|e| e.extn_id == CRL_DISTRIBUTION_POINTS)
        .and_then(|e| CrlDistributionPoints::from_der(e.extn_value.as_bytes()).ok())
        .map(|d| d.0)
        .unwrap_or_default();
    if from_ext.is_empty() {
        vec![DistributionPoint { distribution_point: None, reasons: None, crl_issuer: None }]
    } else {
        from_ext
    }
}

/// A GeneralName in comparable form: directory names normalised (RFC 5280 §7.1), others DER.
fn comparable(name: &GeneralName) -> Vec<u8> {
    match name {
        GeneralName::DirectoryName(n) => [b"D".as_slice(), &normalized_name(n)].concat(),
        other => [b"G".as_slice(), &other.to_der().unwrap_or_default()].concat(),
    }
}

/// The full names of a distribution point name; nameRelativeToCRLIssuer is appended to `issuer`.
fn dp_names(name: &DistributionPointName, issuer: &Name) -> Vec<Vec<u8>> {
    match name {
        DistributionPointName::FullName(names) => names.iter().map(comparable).collect(),
        DistributionPointName::NameRelativeToCRLIssuer(rdn) => {
            // The RDN as a one-RDN Name, normalised and appended to the issuer's normalised form.
            let rdn_der = rdn.to_der().unwrap_or_default();
            let mut seq = vec![0x30];
            let len = rdn_der.len();
            if len < 0x80 {
                seq.push(len as u8);
            } else {
                let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
                seq.push(0x80 | bytes.len() as u8);
                seq.extend(bytes);
            }
            seq.extend(rdn_der);
            let tail = Name::from_der(&seq).map(|n| normalized_name(&n)).unwrap_or_default();
            vec![[b"D".as_slice(), &normalized_name(issuer), &tail].concat()]
        }
    }
}

fn directory_names(names: &GeneralNames) -> impl Iterator<Item = &Name> {
    names.iter().filter_map(|n| match n {
        GeneralName::DirectoryName(d) => Some(d),
        _ => None,
    })
}

/// The entry for `cert` in a CRL, tracking certificateIssuer through indirect CRLs (§5.3.3).
fn entry_for<'c>(info: &'c CrlInfo<'_>, cert: &Cert, serial_der: &[u8]) -> Option<&'c RevokedCert> {
    let mut entry_issuer = info.issuer_key.clone();
    for entry in info.crl.parsed.tbs_cert_list.revoked_certificates.iter().flatten() {
        if let Some(ext) = entry.crl_entry_extensions.iter().flatten().find(|e| e.extn_id == CERTIFICATE_ISSUER)
            && let Ok(names) = GeneralNames::from_der(ext.extn_value.as_bytes())
            && let Some(name) = directory_names(&names).next()
        {
            entry_issuer = normalized_name(name);
        }
        if entry_issuer == cert.issuer_key && entry.serial_number.to_der().unwrap_or_default() == serial_der {
            return Some(entry);
        }
    }
    None
}

fn reason_of(entry: &RevokedCert) -> Option<CrlReason> {
    let ext = entry.crl_entry_extensions.iter().flatten().find(|e| e.extn_id == REASON_CODE)?;
    CrlReason::from_der(ext.extn_value.as_bytes()).ok()
}

impl<'a> Revocation<'a> {
    /// `pool`: every certificate that may sign a CRL or sit on a CRL signer's path (the supplied
    /// certificates and the trust anchors path building considered).
    pub fn new(crls: &'a [Crl], pool: Vec<&'a Cert>, options: &'a VerifyOptions) -> Self {
        let mut signer_options = options.clone();
        signer_options.purpose = Purpose::Any;
        signer_options.peer_names.clear();
        signer_options.required_key_usage.clear();
        signer_options.required_eku.clear();
        signer_options.max_chain_depth = None;
        // Newest first, so the current CRL of an issuer is the one used (§6.3.3 (a)).
        let mut infos: Vec<CrlInfo<'a>> = crls.iter().map(CrlInfo::read).collect();
        infos.sort_by_key(|i| std::cmp::Reverse(i.this_update));
        Revocation {
            crls: infos,
            pool,
            options,
            signer_options,
            signatures: RefCell::new(HashMap::new()),
            signers: RefCell::new(HashMap::new()),
            spent: Cell::new(0),
        }
    }

    /// RFC 5280 §6.3 for every certificate of an anchored path (leaf first, anchor last).
    pub fn check(&self, chain: &[&Cert], end: PathEnd) -> Outcome {
        if self.crls.is_empty() {
            return Outcome::NoCrls;
        }
        self.check_at(chain, end, 0)
    }

    fn check_at(&self, chain: &[&Cert], end: PathEnd, depth: u8) -> Outcome {
        let mut statuses = Vec::new();
        let mut problems = Vec::new();
        if let Some(&anchor) = chain.last() {
            for i in 0..chain.len().saturating_sub(1) {
                let status = self.status_of(chain, i, anchor, end, depth, &mut problems);
                statuses.push((i, status));
            }
        }
        problems.dedup();
        Outcome::Checked { statuses, problems }
    }

    /// §6.3.3 for `chain[i]`.
    fn status_of(
        &self,
        chain: &[&Cert],
        i: usize,
        anchor: &Cert,
        end: PathEnd,
        depth: u8,
        problems: &mut Vec<CrlProblem>,
    ) -> Status {
        let cert = chain[i];
        let serial_der = cert.parsed.tbs_certificate().serial_number().to_der().unwrap_or_default();
        let dps = distribution_points(cert);
        let mut mask = 0u16;
        let mut whys: Vec<String> = Vec::new();
        let mut revoked = None;
        for (ci, info) in self.crls.iter().enumerate() {
            if info.delta_base.is_some() {
                continue;
            }
            let Some(dp) = dps.iter().find(|dp| self.in_scope(info, cert, dp)) else {
                continue;
            };
            let interim = info.reasons & reason_bits(&dp.reasons);
            if let Err(issue) = self.usable(ci, chain, i, anchor, end, depth) {
                whys.push(format!("{} cannot be used: {}", info.describe(), self.issue_text(&issue)));
                problems.push(CrlProblem { crl: ci, issue });
                continue;
            }
            let delta = match self.delta_for(ci, chain, i, anchor, end, depth) {
                Ok(delta) => delta,
                Err((di, issue)) => {
                    let issue = CrlIssue::DeltaUnusable(di, Box::new(issue));
                    whys.push(format!("{} cannot be used: {}", info.describe(), self.issue_text(&issue)));
                    problems.push(CrlProblem { crl: ci, issue });
                    continue;
                }
            };
            // §6.3.3 (i)/(j): the delta CRL first, then the complete CRL; (k) removeFromCRL.
            let listed = delta
                .and_then(|di| entry_for(&self.crls[di], cert, &serial_der).map(|e| (Some(di), e)))
                .or_else(|| entry_for(info, cert, &serial_der).map(|e| (None, e)));
            mask |= interim;
            if let Some((delta, entry)) = listed {
                let reason = reason_of(entry);
                if reason != Some(CrlReason::RemoveFromCRL) {
                    revoked = Some(RevokedBy { crl: ci, delta, date: time_of(&entry.revocation_date), reason });
                    break;
                }
            }
        }
        if let Some(by) = revoked {
            return Status::Revoked(by);
        }
        if mask == ALL_REASONS {
            return Status::Good;
        }
        if whys.is_empty() {
            let issuer = chain.get(i + 1).map(|c| name_of(c)).unwrap_or_else(|| format!("'{}'", cert.issuer));
            whys.push(if mask == 0 {
                format!("no CRL covering it was supplied (from its issuer {issuer} or its CRL distribution point)")
            } else {
                "the CRLs supplied cover only some revocation reasons (onlySomeReasons)".into()
            });
        }
        Status::Undetermined(whys.join("; "))
    }

    /// §6.3.3 (b): does the CRL cover this certificate through this distribution point?
    fn in_scope(&self, info: &CrlInfo<'_>, cert: &Cert, dp: &DistributionPoint) -> bool {
        let cert_issuer = cert.parsed.tbs_certificate().issuer();
        let issuer_ok = match &dp.crl_issuer {
            // (b)(1)(ii) cRLIssuer: the CRL must be that issuer's and indirect.
            Some(names) => info.indirect() && directory_names(names).any(|n| normalized_name(n) == info.issuer_key),
            None => info.issuer_key == cert.issuer_key,
        };
        if !issuer_ok {
            return false;
        }
        let Some(idp) = &info.idp else {
            return true;
        };
        if let Some(idp_name) = &idp.distribution_point {
            let idp_names = dp_names(idp_name, info.issuer);
            let dp_issuer = dp.crl_issuer.as_ref().and_then(|n| directory_names(n).next()).unwrap_or(cert_issuer);
            let cert_names: Vec<Vec<u8>> = match (&dp.distribution_point, &dp.crl_issuer) {
                (Some(name), _) => dp_names(name, dp_issuer),
                (None, Some(names)) => names.iter().map(comparable).collect(),
                // OpenSSL (crl_crldp_check) and X.509: a CRL for a named distribution point does
                // not cover a certificate that names none.
                (None, None) => Vec::new(),
            };
            if !idp_names.iter().any(|n| cert_names.contains(n)) {
                return false;
            }
        }
        !(idp.only_contains_user_certs && cert.is_ca()
            || idp.only_contains_ca_certs && !cert.is_ca()
            || idp.only_contains_attribute_certs)
    }

    fn spend(&self) -> bool {
        let spent = self.spent.get();
        self.spent.set(spent + 1);
        spent < REVOCATION_SIGNATURE_BUDGET
    }

    /// §6.3.3 (a), (f), (g): current, well-formed, signed by a key whose certificate validates.
    fn usable(
        &self,
        ci: usize,
        chain: &[&Cert],
        i: usize,
        anchor: &Cert,
        end: PathEnd,
        depth: u8,
    ) -> Result<(), CrlIssue> {
        let info = &self.crls[ci];
        if let Some(why) = &info.structural {
            return Err(CrlIssue::Unusable(why.clone()));
        }
        let at = self.options.at;
        if info.this_update > at {
            return Err(CrlIssue::NotYetValid(info.this_update));
        }
        if let Some(next) = info.next_update
            && next < at
        {
            return Err(CrlIssue::Expired(next));
        }
        let signed = info.signed.unwrap_or_default();
        let mut lacking_crl_sign = None;
        let mut signer_problem = None;
        let mut any_candidate = false;
        for &candidate in self.pool.iter().filter(|c| c.subject_key == info.issuer_key) {
            any_candidate = true;
            let key = (ci, candidate.sha256.clone());
            let cached = self.signatures.borrow().get(&key).copied();
            let verified = match cached {
                Some(v) => v,
                None => {
                    if !self.spend() {
                        return Err(CrlIssue::Budget);
                    }
                    let v = crate::crypto::verify_signature(
                        &info.crl.parsed.signature_algorithm,
                        signed,
                        info.crl.parsed.signature.raw_bytes(),
                        &candidate.spki_der,
                    )
                    .is_ok();
                    self.signatures.borrow_mut().insert(key, v);
                    v
                }
            };
            if !verified {
                continue;
            }
            if candidate.key_usage.as_ref().is_some_and(|ku| !ku.crl_sign()) {
                lacking_crl_sign = Some(name_of(candidate));
                continue;
            }
            // The path's own certificates above this one are validated by the path itself.
            if chain[i + 1..].iter().any(|c| c.sha256 == candidate.sha256) {
                return Ok(());
            }
            match self.validate_signer(candidate, anchor, end, depth) {
                Ok(()) => return Ok(()),
                Err(why) => signer_problem = Some(why),
            }
        }
        if let Some(why) = signer_problem {
            return Err(CrlIssue::SignerNotValid(why));
        }
        if let Some(name) = lacking_crl_sign {
            return Err(CrlIssue::SignerLacksCrlSign(name));
        }
        if any_candidate {
            return Err(CrlIssue::BadSignature(format!("'{}'", info.crl.issuer)));
        }
        Err(CrlIssue::NoSigner)
    }

    /// §6.3.3 (c): the newest usable delta CRL for complete CRL `ci` (same issuer and scope,
    /// base number ≤ the complete CRL's number < its own number). A matching delta that cannot be
    /// used makes the complete CRL not current either: it may hold newer revocations.
    fn delta_for(
        &self,
        ci: usize,
        chain: &[&Cert],
        i: usize,
        anchor: &Cert,
        end: PathEnd,
        depth: u8,
    ) -> Result<Option<usize>, (usize, CrlIssue)> {
        let complete = &self.crls[ci];
        let Some(number) = &complete.number else {
            return Ok(None);
        };
        let mut best: Option<usize> = None;
        for (di, delta) in self.crls.iter().enumerate() {
            let Some(base) = &delta.delta_base else {
                continue;
            };
            let matches = delta.issuer_key == complete.issuer_key
                && delta.idp_der == complete.idp_der
                && number_le(base, number)
                && delta.number.as_ref().is_some_and(|n| !number_le(n, number));
            if !matches {
                continue;
            }
            self.usable(di, chain, i, anchor, end, depth).map_err(|issue| (di, issue))?;
            let newer = best.is_none_or(|b| {
                let (Some(n), Some(b)) = (&delta.number, &self.crls[b].number) else {
                    return false;
                };
                !number_le(n, b)
            });
            if newer {
                best = Some(di);
            }
        }
        Ok(best)
    }

    /// §6.3.3 (f): the CRL signer's certificate must validate to the same trust anchor, its own
    /// revocation included. Paths are built through the supplied certificates (first found).
    fn validate_signer(&self, signer: &Cert, anchor: &Cert, end: PathEnd, depth: u8) -> Result<(), String> {
        if signer.sha256 == anchor.sha256
            || (signer.subject_key == anchor.subject_key && signer.spki_der == anchor.spki_der)
        {
            return Ok(());
        }
        let key = (signer.sha256.clone(), anchor.sha256.clone());
        if let Some(done) = self.signers.borrow().get(&key) {
            return done.clone();
        }
        // In progress: the signer's own status is being checked with a CRL it signed itself (an
        // indirect CRL issuer whose certificate points at its own CRL, PKITS 4.14.30). That CRL
        // is usable for it; the rest of the signer's validation is still done by the outer call.
        self.signers.borrow_mut().insert(key.clone(), Ok(()));
        let result = self.validate_signer_uncached(signer, anchor, end, depth);
        self.signers.borrow_mut().insert(key, result.clone());
        result
    }

    fn validate_signer_uncached(&self, signer: &Cert, anchor: &Cert, end: PathEnd, depth: u8) -> Result<(), String> {
        if depth + 1 >= MAX_SIGNER_DEPTH {
            return Err(format!("the path of the CRL signer {} is nested too deeply to check", name_of(signer)));
        }
        let Some(path) = self.signer_path(signer, anchor)? else {
            return Err(format!(
                "no path from the CRL signer {} to the trust anchor {} was found",
                name_of(signer),
                name_of(anchor)
            ));
        };
        let errors: Vec<Problem> = check_path(&path, end, &self.signer_options)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if let Some(f) = errors.first() {
            return Err(format!("the CRL signer's certificate path is not valid: {}", f.title));
        }
        if let Outcome::Checked { statuses, .. } = self.check_at(&path, end, depth + 1) {
            for (index, status) in statuses {
                match status {
                    Status::Good => {}
                    Status::Revoked(_) => {
                        return Err(format!("{} (on the CRL signer's path) is revoked", name_of(path[index])));
                    }
                    Status::Undetermined(why) => {
                        return Err(format!(
                            "revocation of {} (on the CRL signer's path) is not confirmed: {why}",
                            name_of(path[index])
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// A path signer → … → anchor through the pool, by name and signature (depth-first, first
    /// found, bounded by the path builder's intermediate limit and the revocation budget).
    fn signer_path(&self, signer: &'a Cert, anchor: &Cert) -> Result<Option<Vec<&'a Cert>>, String> {
        let anchor_in_pool = self.pool.iter().copied().find(|c| c.sha256 == anchor.sha256);
        let Some(anchor_cert) = anchor_in_pool else {
            return Ok(None);
        };
        let mut stack: Vec<(&'a Cert, usize)> = vec![(signer, 0)];
        while let Some(&mut (top, ref mut next)) = stack.last_mut() {
            let candidates: Vec<&'a Cert> = self
                .pool
                .iter()
                .copied()
                .filter(|c| c.subject_key == top.issuer_key && c.sha256 != top.sha256)
                .collect();
            let Some(&candidate) = candidates.get(*next) else {
                stack.pop();
                continue;
            };
            *next += 1;
            if stack.iter().any(|(c, _)| c.sha256 == candidate.sha256) {
                continue;
            }
            let is_anchor = candidate.sha256 == anchor_cert.sha256;
            if !is_anchor && stack.len() > crate::budget::MAX_INTERMEDIATES {
                continue;
            }
            if !self.spend() {
                return Err("the revocation budget was spent before the CRL signer's path was found".into());
            }
            if top.verify_signed_by(&candidate.spki_der).is_err() {
                continue;
            }
            if is_anchor {
                let mut path: Vec<&'a Cert> = stack.iter().map(|(c, _)| *c).collect();
                path.push(candidate);
                return Ok(Some(path));
            }
            stack.push((candidate, 0));
        }
        Ok(None)
    }

    fn issue_text(&self, issue: &CrlIssue) -> String {
        match issue {
            CrlIssue::BadSignature(issuer) => format!(
                "its signature does not verify with the key of any supplied certificate named {issuer} (OpenSSL error 8)"
            ),
            CrlIssue::NoSigner => {
                "the certificate of its issuer was not supplied, so its signature cannot be checked (OpenSSL error 33)"
                    .into()
            }
            CrlIssue::SignerLacksCrlSign(name) => {
                format!("{name} signed it but its key usage lacks cRLSign (RFC 5280 §6.3.3 (f); OpenSSL error 35)")
            }
            CrlIssue::SignerNotValid(why) => format!("its signer is not trusted: {why} (RFC 5280 §6.3.3 (f))"),
            CrlIssue::NotYetValid(t) => format!("it is not valid yet (thisUpdate {t}; OpenSSL error 11)"),
            CrlIssue::Expired(t) => format!("it has expired (nextUpdate {t}; OpenSSL error 12)"),
            CrlIssue::Unusable(why) => why.clone(),
            CrlIssue::DeltaUnusable(di, why) => {
                format!("{} for it cannot be used: {}", self.crls[*di].describe(), self.issue_text(why))
            }
            CrlIssue::Budget => format!(
                "the revocation budget ({REVOCATION_SIGNATURE_BUDGET} signature checks per certificate, rustls-webpki's figure) was spent"
            ),
        }
    }

    /// Turn an [`Outcome`] for `chain` into findings (the one boundary between typed results and
    /// the report): `revoked` per listed certificate, `crl_problem` per CRL that could not be
    /// used, one `revocation_not_confirmed` naming every certificate whose status is unknown, or
    /// one `revocation_not_checked` when no CRL was supplied.
    pub fn findings(&self, outcome: &Outcome, chain: &[&Cert]) -> Vec<Problem> {
        let checked: Vec<&Cert> = chain.iter().copied().take(chain.len().saturating_sub(1)).collect();
        let mut out = Vec::new();
        let Outcome::Checked { statuses, problems } = outcome else {
            if !checked.is_empty() {
                // Names no certificate: it is about the analysis, not a badge on every card.
                out.push(Problem::new(Error::RevocationNotChecked, Vec::new(),
                    "Revocation was not checked (no CRL supplied)",
                    format!(
                        "No CRL was supplied, so certchain did not check whether {} has been revoked. certchain never downloads CRLs.",
                        checked.iter().map(|c| name_of(c)).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            return out;
        };
        let mut undetermined = Vec::new();
        for (index, status) in statuses {
            let cert = chain[*index];
            match status {
                Status::Good => {}
                Status::Revoked(by) => {
                    let info = &self.crls[by.delta.unwrap_or(by.crl)];
                    let reason = match by.reason {
                        Some(CrlReason::CertificateHold) => " (on hold: certificateHold)".to_string(),
                        Some(r) => format!(" (reason: {})", reason_name(r)),
                        None => String::new(),
                    };
                    out.push(Problem::new(
                        Error::Revoked,
                        vec![cert.sha256.clone()],
                        format!("{} has been revoked", name_of(cert)),
                        format!(
                            "{} lists serial {} of {} as revoked on {}{reason}.",
                            info.describe(),
                            hex_colon(&cert.serial),
                            name_of(cert),
                            by.date
                        ),
                    ));
                }
                Status::Undetermined(why) => undetermined.push((cert, why)),
            }
        }
        let mut reported = std::collections::HashSet::new();
        let mut not_shown = 0usize;
        for problem in problems {
            if !reported.insert(problem.crl) {
                continue;
            }
            // A pile of unusable CRLs (hostile input) is summarised after the first few.
            if reported.len() > MAX_CRL_PROBLEMS_SHOWN {
                not_shown += 1;
                continue;
            }
            let info = &self.crls[problem.crl];
            let concerned: Vec<String> = undetermined.iter().map(|(c, _)| c.sha256.clone()).collect();
            // A CRL that merely lost to a usable one is not an error unless its signature is bad
            // (a CRL in a CA's name that none of its keys signed is never skipped silently).
            let bad_signature = matches!(problem.issue, CrlIssue::BadSignature(_));
            if concerned.is_empty() && !bad_signature {
                continue;
            }
            let certs =
                if concerned.is_empty() { checked.iter().map(|c| c.sha256.clone()).collect() } else { concerned };
            let mut text = self.issue_text(&problem.issue);
            if let Some(first) = text.get(..1) {
                text = first.to_uppercase() + &text[1..];
            }
            let mut finding = Problem::new(
                Error::CrlProblem,
                certs,
                format!("{} cannot be used", capitalize(&info.describe())),
                format!("{text}."),
            );
            finding.openssl = openssl_error(&problem.issue).or(finding.openssl);
            out.push(finding);
        }
        if not_shown > 0
            && let Some(last) = out.iter_mut().rev().find(|p| p.error == Error::CrlProblem)
        {
            last.detail.push_str(&format!(" {not_shown} more CRLs that concern this chain cannot be used either."));
        }
        if !undetermined.is_empty() {
            let list: Vec<String> = undetermined.iter().map(|(c, why)| format!("{}: {why}", name_of(c))).collect();
            out.push(Problem::new(Error::RevocationNotConfirmed, undetermined.iter().map(|(c, _)| c.sha256.clone()).collect(),
                format!(
                    "Revocation could not be confirmed for {} certificate{} of the chain",
                    undetermined.len(),
                    if undetermined.len() == 1 { "" } else { "s" }
                ),
                format!(
                    "CRLs were supplied, but not for every certificate of the chain, so the chain cannot be confirmed valid. {}.",
                    list.join(". ")
                ),
            )
            .unconfirmed());
        }
        out
    }
}

/// The OpenSSL verify error for an issue (`crl_problem`'s catalogue entry names the first, 8).
fn openssl_error(issue: &CrlIssue) -> Option<crate::openssl::OpensslError> {
    use crate::openssl as o;
    match issue {
        CrlIssue::BadSignature(_) => Some(o::CRL_SIGNATURE_FAILURE),
        CrlIssue::NoSigner | CrlIssue::SignerNotValid(_) => Some(o::UNABLE_TO_GET_CRL_ISSUER),
        CrlIssue::SignerLacksCrlSign(_) => Some(o::KEYUSAGE_NO_CRL_SIGN),
        CrlIssue::NotYetValid(_) => Some(o::CRL_NOT_YET_VALID),
        CrlIssue::Expired(_) => Some(o::CRL_HAS_EXPIRED),
        CrlIssue::DeltaUnusable(_, inner) => openssl_error(inner),
        CrlIssue::Unusable(_) | CrlIssue::Budget => None,
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn reason_name(reason: CrlReason) -> &'static str {
    match reason {
        CrlReason::Unspecified => "unspecified",
        CrlReason::KeyCompromise => "keyCompromise",
        CrlReason::CaCompromise => "cACompromise",
        CrlReason::AffiliationChanged => "affiliationChanged",
        CrlReason::Superseded => "superseded",
        CrlReason::CessationOfOperation => "cessationOfOperation",
        CrlReason::CertificateHold => "certificateHold",
        CrlReason::RemoveFromCRL => "removeFromCRL",
        CrlReason::PrivilegeWithdrawn => "privilegeWithdrawn",
        CrlReason::AaCompromise => "aACompromise",
    }
}
