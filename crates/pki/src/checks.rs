//! Checks on a built path, per RFC 5280 §6.1 and OpenSSL behaviour, plus the CA/Browser Forum
//! Baseline Requirements profile for server certificates (what x509-limbo's web-PKI cases test).
//!
//! [`check_path`] looks only at the certificates of one path: certificates that were supplied but
//! not used never produce findings here (RFC 5280 §6.1 processes the path, nothing else).

pub use crate::budget::NAME_CONSTRAINT_BUDGET;
use crate::cert::{Cert, general_name_text, key_usage_bit};
use crate::crypto::{self, Hash};
use crate::keys::KeyAlgorithm;
use crate::oids::attr::EMAIL_ADDRESS;
use crate::oids::eku;
use crate::options::{PeerName, Purpose, VerifyOptions};
use crate::problem::{Error, Hint, Problem};
use std::net::IpAddr;
use x509_cert::ext::pkix::name::GeneralName;

/// Quote a certificate for messages.
pub fn name_of(cert: &Cert) -> String {
    format!("'{}'", cert.display_name())
}

struct Out<'o> {
    options: &'o VerifyOptions,
    findings: Vec<Problem>,
}

impl Out<'_> {
    fn push(&mut self, error: Error, certs: &[&Cert], title: String, detail: String) {
        let certs = certs.iter().map(|c| c.sha256.clone()).collect();
        self.findings.push(Problem::new(error, certs, title, detail));
    }

    fn push_with_hint(&mut self, error: Error, certs: &[&Cert], title: String, detail: String, hint: Hint) {
        let certs = certs.iter().map(|c| c.sha256.clone()).collect();
        self.findings.push(Problem::new(error, certs, title, detail).with_hint(hint));
    }
}

/// A rule for how CAs must *issue* certificates that the validators people use do not enforce
/// when they *validate* (OpenSSL without `-x509_strict`, Java/JSSE, browsers). Reported as a
/// warning that names the rule and who enforces it, never as a reason the chain is invalid.
/// Strict validators (rustls-webpki, OpenSSL `-x509_strict`, x509-limbo's expectations) reject
/// them; the limbo harness (crates/conformance) counts them as failures for that reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuanceRule {
    /// RFC 5280 §4.2.1.9: a CA MUST mark basicConstraints critical.
    CaBasicConstraintsNotCritical,
    /// CA/B Forum BR §7.1.1, RFC 5280 §4.1.2.1: certificates with extensions are v3. `as_root`:
    /// a self-signed v1 root used as a trust anchor (no basic constraints at all).
    NotVersion3 { version: u8, as_root: bool },
    /// RFC 5280 §4.2.1.1: authorityKeyIdentifier (with keyIdentifier) is required except in
    /// self-signed certificates.
    MissingAuthorityKeyId { has_extension: bool },
    /// CA/B Forum BR §7.1.4.3: the subject CN repeats a subjectAltName entry.
    CommonNameNotInSan { first: String, more: usize },
    /// CA/B Forum BR §3.2.2.6: no wildcard directly over a public suffix (ICANN section of the
    /// Public Suffix List). Browsers do not match such a wildcard at all (see `dns_matches`).
    WildcardOverPublicSuffix { name: String },
    /// RFC 5280 §4.2.1.11: a CA MUST mark policyConstraints critical. The constraint is applied
    /// either way (crate::policy), as NIST PKITS expects of 16 of its CAs.
    PolicyConstraintsNotCritical,
}

impl IssuanceRule {
    /// What is wrong and the rule it breaks.
    pub fn rule(&self) -> String {
        match self {
            IssuanceRule::CaBasicConstraintsNotCritical => {
                "is a CA whose basicConstraints extension is not marked critical (RFC 5280 §4.2.1.9: CAs MUST mark it critical)".into()
            }
            IssuanceRule::NotVersion3 { version, as_root: true } => format!(
                "is an X.509 v{version} root without basicConstraints (RFC 5280 §4.2.1.9 requires the extension in CA certificates; CA/B Forum BR §7.1.1 requires v3)"
            ),
            IssuanceRule::NotVersion3 { version, as_root: false } => {
                format!("is an X.509 v{version} certificate (CA/B Forum BR §7.1.1: certificates MUST be v3)")
            }
            IssuanceRule::MissingAuthorityKeyId { has_extension: false } => {
                "has no authorityKeyIdentifier (RFC 5280 §4.2.1.1: required except in self-signed certificates)".into()
            }
            IssuanceRule::MissingAuthorityKeyId { has_extension: true } => {
                "has an authorityKeyIdentifier without keyIdentifier (RFC 5280 §4.2.1.1)".into()
            }
            IssuanceRule::CommonNameNotInSan { first, more } => format!(
                "has a subject common name that is not a copy of a subjectAltName entry: {first}{} (CA/B Forum BR §7.1.4.3)",
                match more {
                    0 => String::new(),
                    n => format!(" ({n} more common names have the same problem)"),
                }
            ),
            IssuanceRule::WildcardOverPublicSuffix { name } => format!(
                "lists the wildcard name '{name}', which spans a public suffix (Public Suffix List, ICANN section; CA/B Forum BR §3.2.2.6 forbids issuing it)"
            ),
            IssuanceRule::PolicyConstraintsNotCritical => {
                "is a CA whose policyConstraints extension is not marked critical (RFC 5280 §4.2.1.11: CAs MUST mark it critical); its constraint is applied all the same".into()
            }
        }
    }

    /// Who accepts it and who rejects it.
    pub fn enforcement(&self) -> &'static str {
        match self {
            IssuanceRule::CaBasicConstraintsNotCritical => {
                "OpenSSL (without -x509_strict), Java and browsers accept it; OpenSSL -x509_strict (error 89), rustls-webpki and x509-limbo reject it"
            }
            IssuanceRule::NotVersion3 { as_root: true, .. } => {
                "OpenSSL accepts a self-signed v1 root as a trust anchor (error 79 only with -x509_strict), and so does Java; rustls-webpki and x509-limbo reject it"
            }
            IssuanceRule::NotVersion3 { as_root: false, .. } => {
                "OpenSSL (openssl verify, also -purpose sslclient) and Java (Salesforce's TLS stack) accept v1 end-entity certificates; rustls-webpki and x509-limbo reject them, and public CAs may not issue them"
            }
            IssuanceRule::MissingAuthorityKeyId { .. } => {
                "OpenSSL (openssl verify 3.0 accepts it even with -x509_strict), Java and browsers accept it; x509-limbo rejects it, and public CAs must include it"
            }
            IssuanceRule::CommonNameNotInSan { .. } => {
                "No browser, OpenSSL, Java or rustls checks this when validating (they match host names against the subjectAltName only); it is a rule for public CAs issuing certificates, checked by linters"
            }
            IssuanceRule::WildcardOverPublicSuffix { .. } => {
                "Chrome and Firefox never match such a wildcard; OpenSSL does"
            }
            IssuanceRule::PolicyConstraintsNotCritical => {
                "OpenSSL, Go and Java accept it and apply the constraint (as NIST PKITS expects); pyca/cryptography and x509-limbo reject it"
            }
        }
    }

    /// The `openssl verify -x509_strict` error, where OpenSSL has one.
    pub fn openssl_strict(&self) -> Option<crate::openssl::OpensslError> {
        use crate::openssl as o;
        match self {
            IssuanceRule::CaBasicConstraintsNotCritical => Some(o::CA_BCONS_NOT_CRITICAL),
            IssuanceRule::NotVersion3 { as_root: true, .. } => Some(o::INVALID_CA),
            _ => None,
        }
    }
}

/// The one place an [`IssuanceRule`] becomes a finding.
fn report_rule(out: &mut Out<'_>, cert: &Cert, rule: IssuanceRule) {
    let title = match &rule {
        IssuanceRule::CommonNameNotInSan { .. } => {
            format!("{}'s common name is not among its subjectAltNames", name_of(cert))
        }
        IssuanceRule::NotVersion3 { version, .. } => format!("{} is an X.509 v{version} certificate", name_of(cert)),
        IssuanceRule::WildcardOverPublicSuffix { name } => {
            format!("{} has a wildcard over a public suffix ({name})", name_of(cert))
        }
        _ => format!("{} breaks a CA issuing rule that validators do not enforce", name_of(cert)),
    };
    let detail =
        format!("{} {}. {}; the chain is not made invalid by this.", name_of(cert), rule.rule(), rule.enforcement());
    let problem = Problem::new(Error::IssuanceRule, vec![cert.sha256.clone()], title, detail);
    out.findings.push(problem.with_openssl(rule.openssl_strict()));
}

/// How the path ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathEnd {
    /// No trust anchor reached (a partial path, checked to show everything else that is wrong).
    Open,
    /// A trust anchor the user supplied: linted like any certificate, since nobody vetted it.
    SuppliedAnchor,
    /// A root from a bundled, curated store (Mozilla / Salesforce snapshot). RFC 5280 §6.1 takes
    /// trust-anchor information as given: its name, key, validity and extensions that constrain
    /// the path are used, but its encoding is not linted (several long-trusted roots predate the
    /// profile: v1, non-critical basic constraints, AKI with issuer and serial).
    VettedAnchor,
}

/// Check one path. `chain` is leaf first; unless `end` is [`PathEnd::Open`], its last element is
/// the trust anchor.
pub fn check_path(chain: &[&Cert], end: PathEnd, options: &VerifyOptions) -> Vec<Problem> {
    let anchored = end != PathEnd::Open;
    let mut out = Out { options, findings: Vec::new() };
    let Some(leaf) = chain.first().copied() else {
        return out.findings;
    };
    let last = chain.len() - 1;
    for (i, cert) in chain.iter().copied().enumerate() {
        let is_anchor = anchored && i == last;
        let vetted = is_anchor && end == PathEnd::VettedAnchor;
        check_validity(&mut out, cert, i == 0);
        check_encoding(&mut out, cert, i == 0, is_anchor, vetted);
        check_key(&mut out, cert);
        // A root's signature on itself carries no trust (RFC 5280 §6.1.1 (d): an anchor is a
        // name and a key), so its algorithm does not matter either.
        if !(is_anchor && cert.is_self_issued()) {
            check_signature_strength(&mut out, cert);
        }
        if i > 0 {
            check_issuer(&mut out, cert, chain[i - 1], is_anchor, vetted);
        }
    }
    check_leaf(&mut out, leaf, chain.len() > 1 || !anchored);
    check_path_len(&mut out, chain, anchored);
    check_ca_eku(&mut out, chain);
    check_name_constraints(&mut out, chain);
    // Revocation (RFC 5280 §6.3) is checked by crate::revocation, which needs every supplied
    // certificate (CRL signers' paths), not just this path's.
    if anchored {
        check_depth(&mut out, chain);
        check_policies(&mut out, &chain[..last]);
    }
    out.findings
}

fn check_validity(out: &mut Out<'_>, cert: &Cert, is_leaf: bool) {
    let at = out.options.at;
    let role = if is_leaf { "certificate" } else { "issuer certificate" };
    if at < cert.not_before {
        out.push(
            Error::NotYetValid,
            &[cert],
            format!("The {role} {} is not valid yet", name_of(cert)),
            format!("{} is valid from {} but the check time is {at}.", name_of(cert), cert.not_before),
        );
    } else if at > cert.not_after {
        out.push(
            Error::Expired,
            &[cert],
            format!("The {role} {} has expired", name_of(cert)),
            format!(
                "{} expired on {} ({} days before {at}).",
                name_of(cert),
                cert.not_after,
                cert.not_after.days_until(at)
            ),
        );
    } else if cert.not_after.0 - at.0 < out.options.expiring_soon_days.saturating_mul(86400) {
        out.push_with_hint(
            Error::ExpiringSoon,
            &[cert],
            format!("{} expires in {} days", name_of(cert), at.days_until(cert.not_after)),
            format!("{} expires on {}.", name_of(cert), cert.not_after),
            Hint::ReplaceBefore { not_after: cert.not_after, leaf: is_leaf },
        );
    }
}

fn server_profile(options: &VerifyOptions) -> bool {
    options.purpose == Purpose::Server
}

fn check_encoding(out: &mut Out<'_>, cert: &Cert, is_leaf: bool, is_anchor: bool, vetted: bool) {
    for oid in &cert.unknown_critical {
        out.push(
            Error::UnknownCriticalExtension,
            &[cert],
            format!("{} has an unknown critical extension {oid}", name_of(cert)),
            format!(
                "{} marks extension {oid} critical; a verifier that does not understand a critical extension must reject the certificate (RFC 5280 §4.2).",
                name_of(cert)
            ),
        );
    }
    if vetted {
        return;
    }
    for problem in &cert.problems {
        // RFC 5280 §4.1.2.2 asks verifiers to tolerate bad serials; we hold issued certificates
        // to the rule but not a trust anchor (some long-trusted roots have serial 0).
        if is_anchor && !is_leaf && problem.message.starts_with("serial number") {
            continue;
        }
        out.push(
            Error::Malformed,
            &[cert],
            format!("{} breaks an encoding rule", name_of(cert)),
            format!("{}: {}.", name_of(cert), problem.message),
        );
    }
    let server = server_profile(out.options);
    if cert.policy_constraints_noncritical {
        report_rule(out, cert, IssuanceRule::PolicyConstraintsNotCritical);
    }
    let mut malformed = |why: String| {
        out.push(
            Error::Malformed,
            &[cert],
            format!("{} breaks an encoding rule", name_of(cert)),
            format!("{}: {why}.", name_of(cert)),
        )
    };
    let is_ca = cert.is_ca();
    if let Some(bc) = &cert.basic_constraints {
        // RFC 5280 §4.2.1.9: pathLenConstraint only with cA and keyCertSign.
        if bc.path_len.is_some() && (!bc.ca || cert.key_usage.as_ref().is_some_and(|ku| !ku.key_cert_sign())) {
            malformed("sets pathLenConstraint without cA and keyCertSign (RFC 5280 §4.2.1.9)".into());
        }
    }
    if let Some(ku) = &cert.key_usage {
        if ku.key_cert_sign() && !is_ca {
            malformed("asserts keyCertSign but basic constraints do not say cA (RFC 5280 §4.2.1.3, §4.2.1.9)".into());
        }
        if is_ca && !ku.key_cert_sign() {
            malformed(
                "says cA in basic constraints but its key usage lacks keyCertSign (RFC 5280 §4.2.1.3: inconsistent CA extensions)"
                    .into(),
            );
        }
    }
    if cert.subject_is_empty() {
        if is_ca {
            malformed("is a CA with an empty subject (RFC 5280 §4.1.2.6)".into());
        } else if cert.san.is_none() {
            malformed("has an empty subject and no subjectAltName (RFC 5280 §4.1.2.6)".into());
        } else if !cert.san_critical {
            malformed("has an empty subject but its subjectAltName is not critical (RFC 5280 §4.2.1.6)".into());
        }
    } else if cert.san_critical && server {
        malformed("marks subjectAltName critical although the subject is not empty (CA/B Forum BR §7.1.2.7.12)".into());
    }
    // RFC 5280 §4.2.1.1: keyIdentifier MUST be present except in self-signed certificates. For a
    // trust anchor, self-issued is enough: verifying an anchor's self-signature proves nothing
    // and costs a signature check per root. A rule for issuing CAs (a v1 certificate cannot
    // carry it at all): reported below as an issuance rule, not as malformed.
    let self_signed = if is_anchor { cert.is_self_issued() } else { cert.is_self_signed() };
    let mut missing_aki = None;
    match &cert.authority_key_id {
        None if !self_signed => missing_aki = Some(false),
        Some(aki) if aki.key_id.is_none() && !self_signed => missing_aki = Some(true),
        Some(aki) if self_signed => {
            // CA/B Forum BR §7.1.2.1.3: a root's AKI, if present, carries only keyIdentifier = SKI.
            if aki.key_id.is_none() {
                malformed(
                    "self-signed certificate's authorityKeyIdentifier lacks keyIdentifier (CA/B Forum BR §7.1.2.1.3)"
                        .into(),
                );
            } else if aki.key_id != cert.subject_key_id {
                malformed(
                    "self-signed certificate's authorityKeyIdentifier differs from its subjectKeyIdentifier (CA/B Forum BR §7.1.2.1.3)"
                        .into(),
                );
            }
            if aki.has_issuer || aki.has_serial {
                malformed(
                    "self-signed certificate's authorityKeyIdentifier names an issuer or serial (CA/B Forum BR §7.1.2.1.3)".into(),
                );
            }
        }
        _ => {}
    }
    // RFC 5280 §4.2.1.2: SKI MUST appear in CA certificates.
    if is_ca && cert.subject_key_id.is_none() && !is_leaf {
        malformed("is a CA certificate without subjectKeyIdentifier (RFC 5280 §4.2.1.2)".into());
    }
    let mut leading_dot = None;
    if let Some(nc) = &cert.name_constraints {
        if !is_ca {
            malformed("carries name constraints but is not a CA (RFC 5280 §4.2.1.10)".into());
        }
        if !nc.critical {
            malformed("name constraints are not marked critical (RFC 5280 §4.2.1.10)".into());
        }
        let empty = |l: &Option<Vec<GeneralName>>| l.as_ref().is_none_or(|v| v.is_empty());
        if empty(&nc.permitted) && empty(&nc.excluded) {
            malformed("name constraints list no permitted and no excluded subtree (RFC 5280 §4.2.1.10)".into());
        }
        for base in nc.permitted.iter().chain(nc.excluded.iter()).flatten() {
            match base {
                GeneralName::DnsName(d) if leading_dot_dns(d.as_str()) => {
                    leading_dot.get_or_insert_with(|| d.as_str().to_string());
                }
                _ => {
                    if let Err(why) = constraint_is_valid(base) {
                        malformed(format!("has an invalid name constraint: {why}"));
                    }
                }
            }
        }
    }
    if let Some(eku) = &cert.ext_key_usage
        && server
    {
        if is_anchor && cert.is_self_issued() {
            malformed("is a root with an extendedKeyUsage extension (CA/B Forum BR §7.1.2.1.2)".into());
        }
        if is_leaf && eku.critical {
            malformed("marks extendedKeyUsage critical (CA/B Forum BR §7.1.2.7.6)".into());
        }
        if is_leaf && eku.has_any() {
            malformed(
                "lists anyExtendedKeyUsage, which server certificates must not (CA/B Forum BR §7.1.2.7.10)".into(),
            );
        }
    }
    // Subject alternative names must be well-formed (RFC 5280 §4.2.1.6).
    let mut public_suffix_wildcard = None;
    for name in cert.san.iter().flatten() {
        if let Err(why) = san_is_valid(name) {
            malformed(format!("has an invalid subjectAltName entry: {why}"));
        } else if let GeneralName::DnsName(d) = name
            && public_suffix_wildcard.is_none()
            && wildcard_over_public_suffix(d.as_str())
        {
            public_suffix_wildcard = Some(d.as_str().to_string());
        }
    }
    // CABF BR §7.1.1 and RFC 5280 §4.1.2.1: certificates in use are v3. A v1 root without basic
    // constraints is reported by check_issuer (it is about the root acting as a CA).
    if cert.version != 3 && !(is_anchor && cert.basic_constraints.is_none() && !is_leaf) {
        report_rule(out, cert, IssuanceRule::NotVersion3 { version: cert.version, as_root: false });
    }
    if let Some(has_extension) = missing_aki {
        report_rule(out, cert, IssuanceRule::MissingAuthorityKeyId { has_extension });
    }
    if let Some(name) = public_suffix_wildcard {
        report_rule(out, cert, IssuanceRule::WildcardOverPublicSuffix { name });
    }
    if let Some(dotted) = leading_dot {
        // `.acme.example` is the form OpenSSL configs use (`permitted;DNS:.acme.example`).
        // RFC 5280 §4.2.1.10 gives DNS constraints as host names; the leading period is the
        // URI form. OpenSSL (nc_dns) reads it as "names under acme.example"; Java's DNSName
        // ("may not begin or end with a .") and strict validators reject the CA.
        let bare = dotted.trim_start_matches('.');
        out.push_with_hint(
            Error::Malformed,
            &[cert],
            format!("{}'s name constraint '{dotted}' is written in a form RFC 5280 forbids", name_of(cert)),
            format!(
                "{} constrains DNS names with '{dotted}', with a leading period. RFC 5280 §4.2.1.10 allows only a host name there ('{bare}', which covers {bare} and every name under it); the leading period is the form for URIs. OpenSSL accepts it and reads it as \"names under {bare}\"; Java (Salesforce) and strict validators (rustls-webpki, x509-limbo) reject the CA certificate. The certificates it issued are not at fault.",
                name_of(cert)
            ),
            Hint::LeadingDotConstraint { cert: name_of(cert), bare: bare.to_string() },
        );
    }
}

fn check_key(out: &mut Out<'_>, cert: &Cert) {
    let alg = crypto::key_algorithm(&cert.spki_der);
    let problem = match &alg {
        KeyAlgorithm::Rsa { bits } if *bits < 2048 => Some((
            Error::WeakKey,
            format!(
                "has a {bits}-bit RSA key; at least 2048 bits are required (OpenSSL security level 2, CA/B Forum BR §6.1.5)"
            ),
        )),
        KeyAlgorithm::Rsa { bits } if bits % 8 != 0 => Some((
            Error::WeakKey,
            format!("has a {bits}-bit RSA key; the size must be a multiple of 8 (CA/B Forum BR §6.1.5)"),
        )),
        KeyAlgorithm::Ec { curve } if !matches!(curve.as_str(), "P-256" | "P-384" | "P-521") => Some((
            Error::WeakKey,
            format!("has an EC key on {curve}; only P-256, P-384 and P-521 are accepted (CA/B Forum BR §6.1.5)"),
        )),
        KeyAlgorithm::Other { oid } => {
            Some((Error::UnsupportedAlgorithm, format!("has a public key of type {oid}, which is not accepted")))
        }
        _ => None,
    };
    if let Some((code, why)) = problem {
        out.push(
            code,
            &[cert],
            format!("{} has a weak or unsupported key ({alg})", name_of(cert)),
            format!("{}: {why}.", name_of(cert)),
        );
    }
}

fn check_signature_strength(out: &mut Out<'_>, cert: &Cert) {
    match crypto::signature_algorithm(cert.parsed.signature_algorithm()) {
        Ok(alg) if alg.hash().is_some_and(Hash::is_weak) => out.push(
            Error::WeakSignature,
            &[cert],
            format!("{} is signed with {}", name_of(cert), alg.name()),
            format!(
                "{} is signed with {}, which is no longer collision resistant; OpenSSL (security level 1 and up) rejects it.",
                name_of(cert),
                alg.name()
            ),
        ),
        Ok(_) => {}
        Err(e) => out.push(
            Error::UnsupportedAlgorithm,
            &[cert],
            format!("{} uses a signature algorithm certchain cannot accept", name_of(cert)),
            format!("{}: {e}.", name_of(cert)),
        ),
    }
}

/// `issuer` signs `child` in this path: it must be a CA allowed to sign certificates.
fn check_issuer(out: &mut Out<'_>, issuer: &Cert, child: &Cert, is_anchor: bool, vetted: bool) {
    match &issuer.basic_constraints {
        // OpenSSL accepts a self-signed v1 root as a CA (x509v3_cache_extensions sets V1_ROOT,
        // X509_check_ca returns 3) when it ends the chain, and refuses it only under
        // -x509_strict; a v1 certificate anywhere else is not a CA (error 79, check_chain_extensions).
        None if vetted && issuer.version == 1 => {}
        None if is_anchor && issuer.version == 1 && issuer.is_self_signed() => {
            report_rule(out, issuer, IssuanceRule::NotVersion3 { version: 1, as_root: true })
        }
        None if issuer.version == 1 => out.push(
            Error::NotACa,
            &[issuer, child],
            format!("{} is a version-1 certificate acting as a CA", name_of(issuer)),
            format!(
                "{} issued {} but is an X.509 v1 certificate, which cannot say it is a CA. OpenSSL (error 79, even without -x509_strict, measured with 3.0) and Java's PKIX validator accept a v1 certificate as an issuer only when it is a self-signed root they trust{}.",
                name_of(issuer),
                name_of(child),
                if issuer.is_self_issued() { "" } else { "; this one is not self-signed" }
            ),
        ),
        None => out.push(
            Error::NotACa,
            &[issuer, child],
            format!("{} is not marked as a CA", name_of(issuer)),
            format!(
                "{} issued {} but has no basic constraints extension; RFC 5280 §4.2.1.9 requires cA=TRUE in every issuing certificate{}.",
                name_of(issuer),
                name_of(child),
                if is_anchor { ", including roots" } else { "" }
            ),
        ),
        Some(bc) if !bc.ca => out.push(
            Error::NotACa,
            &[issuer, child],
            format!("{} is not a CA certificate", name_of(issuer)),
            format!("{} issued {} but its basic constraints say cA=FALSE (RFC 5280 §4.2.1.9).", name_of(issuer), name_of(child)),
        ),
        Some(bc) if !bc.critical && !vetted => report_rule(out, issuer, IssuanceRule::CaBasicConstraintsNotCritical),
        Some(_) => {}
    }
    if let Some(ku) = &issuer.key_usage
        && !ku.key_cert_sign()
    {
        out.push(
            Error::KeyUsage,
            &[issuer, child],
            format!("{} may not sign certificates", name_of(issuer)),
            format!(
                "{} issued {} but its key usage ({}) lacks keyCertSign (RFC 5280 §4.2.1.3).",
                name_of(issuer),
                name_of(child),
                ku.names().join(", ")
            ),
        );
    }
}

fn purpose_eku(purpose: Purpose) -> Option<(der::asn1::ObjectIdentifier, Error, &'static str)> {
    match purpose {
        Purpose::Client => Some((eku::CLIENT_AUTH, Error::EkuMissingClientAuth, "clientAuth")),
        Purpose::Server => Some((eku::SERVER_AUTH, Error::EkuMissingServerAuth, "serverAuth")),
        Purpose::Any => None,
    }
}

fn check_leaf(out: &mut Out<'_>, leaf: &Cert, has_issuer: bool) {
    let options = out.options;
    let server = server_profile(options);
    // CA/B Forum BR §7.1.2.7.8/§7.1.2.7.11: a server (subscriber) certificate is not a CA.
    if server && has_issuer && (leaf.is_ca() || leaf.key_usage.as_ref().is_some_and(|k| k.key_cert_sign())) {
        out.push(
            Error::KeyUsage,
            &[leaf],
            format!("{} is a CA certificate, not a server certificate", name_of(leaf)),
            format!(
                "{} has cA=TRUE or keyCertSign; a TLS server certificate must be an end-entity certificate (CA/B Forum BR §7.1.2.7.8, §7.1.2.7.11).",
                name_of(leaf)
            ),
        );
    }
    // Key usage the caller requires (or the purpose implies), when the extension is present:
    // without it every usage is allowed (RFC 5280 §4.2.1.3).
    if let Some(ku) = &leaf.key_usage {
        for name in &options.required_key_usage {
            match key_usage_bit(name) {
                Some(bit) if !ku.has(bit) => out.push(
                    Error::KeyUsage,
                    &[leaf],
                    format!("{} does not allow {name}", name_of(leaf)),
                    format!("{}'s key usage is {}; {name} is required.", name_of(leaf), ku.names().join(", ")),
                ),
                Some(_) => {}
                None => out.push(
                    Error::KeyUsage,
                    &[leaf],
                    format!("Unknown key usage '{name}' requested"),
                    format!("'{name}' is not an RFC 5280 key usage name."),
                ),
            }
        }
        let needs_signature = options.required_key_usage.is_empty() && options.purpose != Purpose::Any && !leaf.is_ca();
        // TLS authentication signs the handshake (digitalSignature); RSA key transport and
        // static ECDH are the old alternatives a server may still use.
        let ok = ku.has(0) || ku.has(4) || (options.purpose == Purpose::Server && ku.has(2));
        if needs_signature && !ok {
            out.push(
                Error::KeyUsage,
                &[leaf],
                format!("{} cannot be used for TLS authentication", name_of(leaf)),
                format!("{}'s key usage is {}; TLS needs digitalSignature.", name_of(leaf), ku.names().join(", ")),
            );
        }
    }
    // Extended key usage for the purpose.
    if let Some((oid, code, label)) = purpose_eku(options.purpose) {
        match &leaf.ext_key_usage {
            Some(eku) if eku.allows(oid) => {}
            Some(eku) if eku.has_any() && !server => {}
            Some(eku) => out.push(
                code,
                &[leaf],
                format!("{} is not valid for {label}", name_of(leaf)),
                format!(
                    "{}'s extended key usage is {}; it must include {label}{}.",
                    name_of(leaf),
                    eku.oids.iter().map(eku::name).collect::<Vec<_>>().join(", "),
                    if eku.has_any() { " (anyExtendedKeyUsage is not accepted in server certificates, CA/B Forum BR §7.1.2.7.10)" } else { "" }
                ),
            ),
            None if server && has_issuer => out.push(
                code,
                &[leaf],
                format!("{} has no extended key usage", name_of(leaf)),
                format!("{} has no extendedKeyUsage extension; a TLS server certificate must list serverAuth (CA/B Forum BR §7.1.2.7.10).", name_of(leaf)),
            ),
            None => {}
        }
    }
    for wanted in &options.required_eku {
        let Some(oid) = eku::parse(wanted) else {
            out.push(
                Error::EkuMissing,
                &[leaf],
                format!("Unknown extended key usage '{wanted}' requested"),
                format!("'{wanted}' is neither a known name nor a dotted OID."),
            );
            continue;
        };
        if let Some(eku) = &leaf.ext_key_usage
            && !eku.allows(oid)
            && (!eku.has_any() || server)
        {
            let code = match oid {
                eku::CLIENT_AUTH => Error::EkuMissingClientAuth,
                eku::SERVER_AUTH => Error::EkuMissingServerAuth,
                _ => Error::EkuMissing,
            };
            if purpose_eku(options.purpose).is_some_and(|(p, _, _)| p == oid) {
                continue; // already reported above
            }
            out.push(
                code,
                &[leaf],
                format!("{} is not valid for {}", name_of(leaf), eku::name(&oid)),
                format!(
                    "{}'s extended key usage is {}; {} is required.",
                    name_of(leaf),
                    eku.oids.iter().map(eku::name).collect::<Vec<_>>().join(", "),
                    eku::name(&oid)
                ),
            );
        }
    }
    check_peer_names(out, leaf);
    if server {
        check_common_names(out, leaf);
    }
}

/// Intermediate and root EKUs restrict the leaf's purpose (what OpenSSL, Go and rustls-webpki do,
/// although RFC 5280 is silent).
fn check_ca_eku(out: &mut Out<'_>, chain: &[&Cert]) {
    let Some((oid, code, label)) = purpose_eku(out.options.purpose) else {
        return;
    };
    for ca in chain.iter().skip(1) {
        if let Some(eku) = &ca.ext_key_usage
            && !eku.allows(oid)
            && !eku.has_any()
        {
            out.push(
                code,
                &[ca],
                format!("Issuer {} is not allowed to issue {label} certificates", name_of(ca)),
                format!(
                    "{}'s extended key usage ({}) does not include {label}, which restricts every certificate below it.",
                    name_of(ca),
                    eku.oids.iter().map(eku::name).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
}

/// RFC 5280 §6.1.4 (l), (m): each non-self-issued intermediate uses up one step of the smallest
/// pathLenConstraint above it. The leaf is not counted (§4.2.1.9 note).
fn check_path_len(out: &mut Out<'_>, chain: &[&Cert], anchored: bool) {
    let mut remaining: Option<u32> = None;
    let mut limiter: Option<&Cert> = None;
    let top = chain.len().saturating_sub(1);
    for index in (1..=top).rev() {
        let cert = chain[index];
        let is_anchor = anchored && index == top;
        if !is_anchor && !cert.is_self_issued() {
            if remaining == Some(0) {
                let by = limiter.unwrap_or(cert);
                out.push(
                    Error::PathLenExceeded,
                    &[by, cert],
                    format!("{} exceeds the path length allowed by {}", name_of(cert), name_of(by)),
                    format!(
                        "{} sets pathLenConstraint so that no further CA may follow it, but {} is a CA below it (RFC 5280 §4.2.1.9).",
                        name_of(by),
                        name_of(cert)
                    ),
                );
            }
            remaining = remaining.map(|r| r.saturating_sub(1));
        }
        if let Some(len) = cert.basic_constraints.as_ref().and_then(|bc| bc.path_len) {
            let len = u32::from(len);
            if remaining.is_none_or(|r| len < r) {
                remaining = Some(len);
                limiter = Some(cert);
            }
        }
    }
}

/// `options.max_chain_depth`: intermediates between leaf and anchor, not counting self-issued ones.
fn check_depth(out: &mut Out<'_>, chain: &[&Cert]) {
    let Some(max) = out.options.max_chain_depth else {
        return;
    };
    let intermediates = chain.len().saturating_sub(2);
    let counted = chain.iter().skip(1).take(intermediates).filter(|c| !c.is_self_issued()).count();
    if counted > max as usize {
        out.push(
            Error::ChainTooLong,
            &chain.iter().skip(1).take(intermediates).copied().collect::<Vec<_>>(),
            format!("The chain has {counted} intermediates; at most {max} are allowed"),
            format!(
                "The path from {} to its root uses {counted} intermediate certificates; the limit is {max}.",
                name_of(chain[0])
            ),
        );
    }
}

/// RFC 5280 §6.1 policy processing ([`crate::policy`]) over `path` (leaf first, anchor excluded);
/// the one place its typed result becomes findings.
fn check_policies(out: &mut Out<'_>, path: &[&Cert]) {
    use crate::policy::{PolicyError, PolicyLoss, process};
    let inputs = &out.options.policy;
    let quote = |i: usize| path.get(i).map(|c| name_of(c)).unwrap_or_default();
    let who = "Java's PKIX validator, Go and BoringSSL process policies on every chain; `openssl verify` does \
        with -policy_check -policy anyPolicy";
    match process(path, inputs) {
        Ok(outcome) => {
            // Nothing fails unless an explicit policy is required (§6.1.5), but a user who named
            // policies should hear that the chain does not carry them.
            let user_set = &inputs.initial_policy_set;
            if !user_set.is_empty() && outcome.user_constrained_policy_set.is_empty() {
                let leaf: &[&Cert] = path.first().map(std::slice::from_ref).unwrap_or_default();
                out.push(
                    Error::PolicyViolation,
                    leaf,
                    format!("The chain is not valid for the requested policy {}", user_set.join(", ")),
                    format!(
                        "No policy you asked for ({}) is valid along the path from {}; it is still accepted because \
                         no explicit policy is required (RFC 5280 §6.1.5). Add --require-explicit-policy to make \
                         this an error.",
                        user_set.join(", "),
                        quote(0)
                    ),
                );
                if let Some(last) = out.findings.last_mut() {
                    last.severity = crate::problem::Severity::Warning;
                }
            }
        }
        Err(PolicyError::AnyPolicyMapping { cert, issuer_domain_policy, subject_domain_policy }) => {
            out.push(
                Error::PolicyViolation,
                &[path[cert]],
                format!("{} maps anyPolicy in its policyMappings", quote(cert)),
                format!(
                    "{} maps {issuer_domain_policy} to {subject_domain_policy}; anyPolicy may not be mapped to or \
                     from (RFC 5280 §4.2.1.5, §6.1.4 (a)), so the path is invalid ({who}; OpenSSL error 42).",
                    quote(cert)
                ),
            );
            if let Some(last) = out.findings.last_mut() {
                last.openssl = Some(crate::openssl::INVALID_POLICY_EXTENSION);
            }
        }
        Err(PolicyError::NoExplicitPolicy { required_by, lost_at }) => {
            let required = match required_by {
                Some(i) => {
                    format!("{} requires an explicit policy (policyConstraints requireExplicitPolicy)", quote(i))
                }
                None => "you required an explicit policy (--require-explicit-policy)".to_string(),
            };
            let lost = match lost_at {
                Some((i, PolicyLoss::NoPoliciesExtension)) => {
                    format!("{} has no certificatePolicies extension, so no policy is valid from it on", quote(i))
                }
                Some((i, PolicyLoss::NoMatchingPolicy)) => format!(
                    "none of the policies of {} is among those its issuers allow (anyPolicy does not count where \
                     inhibitAnyPolicy forbids it)",
                    quote(i)
                ),
                Some((i, PolicyLoss::MappingInhibited)) => format!(
                    "{} maps policies although policy mapping is inhibited (inhibitPolicyMapping), which removes \
                     every policy still valid",
                    quote(i)
                ),
                None => format!(
                    "the policies valid for the path are not among those you asked for ({})",
                    inputs.initial_policy_set.join(", ")
                ),
            };
            let mut certs: Vec<&Cert> = Vec::new();
            for i in [lost_at.map(|(i, _)| i), required_by].into_iter().flatten() {
                if !certs.iter().any(|c| std::ptr::eq(*c, path[i])) {
                    certs.push(path[i]);
                }
            }
            out.push(
                Error::PolicyViolation,
                &certs,
                format!("No certificate policy is valid for the chain of {}", quote(0)),
                format!("{required}, but {lost}. RFC 5280 §6.1 path validation fails ({who}; OpenSSL error 43)."),
            );
        }
        Err(PolicyError::Budget { cert }) => {
            out.push(
                Error::PolicyViolation,
                &[path[cert]],
                format!("Too many certificate policies to check at {}", quote(cert)),
                format!(
                    "At {}, the path's certificate policies and policy mappings exceed certchain's limit of {} \
                     policy-graph nodes (OpenSSL caps its policy tree at the same figure since CVE-2023-0464), so \
                     the chain is not confirmed.",
                    quote(cert),
                    crate::policy::POLICY_NODE_BUDGET
                ),
            );
            // Not a verdict on the chain: the analysis stopped (cannot confirm).
            if let Some(last) = out.findings.last_mut() {
                last.cannot_confirm = true;
            }
        }
    }
}

// ---------------------------------------------------------------- host names

/// RFC 1034 §3.5 / RFC 1123 §2.1 preferred name syntax: LDH labels of 1–63 octets.
fn is_valid_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// A DNS name as it may appear in a certificate. A wildcard is allowed only as the whole
/// left-most label followed by at least two labels (RFC 6125 §6.4.3, CA/B Forum BR §3.2.2.6).
pub fn is_valid_presented_dns(name: &str) -> bool {
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    match name.strip_prefix("*.") {
        // At least two labels after the wildcard.
        Some(rest) => rest.contains('.') && rest.split('.').all(is_valid_dns_label),
        None => name.split('.').all(is_valid_dns_label),
    }
}

fn is_valid_reference_dns(name: &str) -> bool {
    !name.is_empty() && name.len() <= 253 && name.split('.').all(is_valid_dns_label)
}

/// RFC 6125 §6.4: case-insensitive label match; `*` matches exactly one left-most label.
pub fn dns_matches(presented: &str, reference: &str) -> bool {
    if !is_valid_presented_dns(presented) || !is_valid_reference_dns(reference) {
        return false;
    }
    let presented = presented.to_ascii_lowercase();
    let reference = reference.to_ascii_lowercase();
    match presented.strip_prefix("*.") {
        // Browsers never match a wildcard directly over a public suffix (Chrome's
        // registry-controlled-domain check, Firefox likewise); see `wildcard_over_public_suffix`.
        Some(base) => {
            reference.split_once('.').is_some_and(|(first, rest)| !first.is_empty() && rest == base)
                && !is_public_suffix(base)
        }
        None => presented == reference,
    }
}

/// `name` (lower case, no wildcard) is itself a public suffix in the ICANN section of the Public
/// Suffix List (`com`, `co.uk`, `pvt.k12.ma.us`). The PRIVATE section is not used: its owners
/// hold legitimate wildcards over their own suffixes (Amazon's `*.s3.amazonaws.com`). Names
/// under TLDs the list does not know (`corp`, `internal`) are never public suffixes.
///
/// The rules are the ICANN section's multi-label rules (`data/public-suffixes-icann.dat`, generated
/// from the `psl` crate); `publicsuffix` applies them, wildcard and exception rules included. A
/// single label (`com`) never gets here: `*.com` is refused as a wildcard over one label.
pub fn is_public_suffix(name: &str) -> bool {
    use publicsuffix::{IcannList, Psl};
    static LIST: std::sync::OnceLock<Option<IcannList>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| IcannList::from_bytes(include_bytes!("../data/public-suffixes-icann.dat")).ok());
    list.as_ref().and_then(|l| l.suffix(name.as_bytes())).is_some_and(|s| {
        s.is_known() && s.typ() == Some(publicsuffix::Type::Icann) && s.as_bytes().eq_ignore_ascii_case(name.as_bytes())
    })
}

/// A presented wildcard DNS name whose base (after `*.`) is a public suffix.
fn wildcard_over_public_suffix(presented: &str) -> bool {
    presented.strip_prefix("*.").is_some_and(|base| is_public_suffix(&base.to_ascii_lowercase()))
}

/// Names a host-mismatch finding lists before it only counts the rest.
const LISTED_NAMES: usize = 20;

fn check_peer_names(out: &mut Out<'_>, leaf: &Cert) {
    for peer in &out.options.peer_names {
        let (matched, wanted) = match peer {
            PeerName::Dns(name) => (leaf.dns_names().any(|p| dns_matches(p, name)), format!("host name {name}")),
            PeerName::Ip(text) => {
                let matched = text.parse::<IpAddr>().ok().is_some_and(|ip| {
                    let wanted: Vec<u8> = match ip {
                        IpAddr::V4(v4) => v4.octets().to_vec(),
                        IpAddr::V6(v6) => v6.octets().to_vec(),
                    };
                    leaf.san
                        .iter()
                        .flatten()
                        .any(|n| matches!(n, GeneralName::IpAddress(b) if b.as_bytes() == wanted.as_slice()))
                });
                (matched, format!("IP address {text}"))
            }
            PeerName::Email(addr) => {
                let matched = leaf.san.iter().flatten().any(|n| match n {
                    GeneralName::Rfc822Name(m) => email_equal(m.as_str(), addr),
                    _ => false,
                });
                (matched, format!("email address {addr}"))
            }
        };
        if !matched {
            let names: Vec<String> = leaf
                .san
                .iter()
                .flatten()
                .filter(|n| {
                    matches!(n, GeneralName::DnsName(_) | GeneralName::IpAddress(_) | GeneralName::Rfc822Name(_))
                })
                .map(general_name_text)
                .collect();
            // A wildcard that would match but spans a public suffix (dns_matches refuses it).
            let spanning = match peer {
                PeerName::Dns(name) => leaf.dns_names().find(|p| {
                    wildcard_over_public_suffix(p)
                        && name.split_once('.').is_some_and(|(_, rest)| p[2..].eq_ignore_ascii_case(rest))
                }),
                _ => None,
            };
            let spanning = spanning.map(|p| format!(" '{p}' would match, but its wildcard spans the public suffix '{}' (Public Suffix List), and browsers never match such a wildcard (CA/B Forum BR §3.2.2.6 forbids issuing it).", &p[2..])).unwrap_or_default();
            out.push(
                Error::HostMismatch,
                &[leaf],
                format!("{} is not valid for {wanted}", name_of(leaf)),
                format!(
                    "{} names {} in its subjectAltName; {wanted} is not among them (the subject CN is not used, RFC 6125 §6.4.4).{spanning}",
                    name_of(leaf),
                    match names.len() {
                        0 if let Some(why) = &leaf.san_problem => {
                            format!("nothing readable (its subjectAltName could not be read: {why})")
                        }
                        0 => "nothing".to_string(),
                        // A certificate may carry thousands of names: list some and count the rest
                        // so the finding stays readable (the report's summary has them all).
                        n if n > LISTED_NAMES => {
                            format!("{}, and {} more", names[..LISTED_NAMES].join(", "), n - LISTED_NAMES)
                        }
                        _ => names.join(", "),
                    }
                ),
            );
        }
    }
}

fn email_equal(presented: &str, reference: &str) -> bool {
    match (presented.rsplit_once('@'), reference.rsplit_once('@')) {
        (Some((pl, pd)), Some((rl, rd))) => pl == rl && pd.eq_ignore_ascii_case(rd),
        _ => false,
    }
}

/// CA/B Forum BR §7.1.4.3: a server certificate's CN repeats one of its SAN entries
/// character for character (IPv4 in RFC 3986 dotted-decimal, IPv6 in RFC 5952 text, domain names
/// as A-labels). certchain enforces what can be told apart from legacy practice: an address-like CN
/// must be canonical and listed; a domain CN must be ASCII, must not differ from a SAN entry only
/// by case, and, when the certificate lists DNS names, must be one of them or a domain above one of
/// them (older CAs put the registered domain in the CN and the host names in the SAN).
fn check_common_names(out: &mut Out<'_>, leaf: &Cert) {
    use std::collections::HashSet;
    let dns: Vec<&str> = leaf.dns_names().collect();
    let exact: HashSet<&str> = dns.iter().copied().collect();
    let folded: HashSet<String> = dns.iter().map(|d| d.to_ascii_lowercase()).collect();
    // Every domain at or above a SAN DNS name (`a.b.example.com` → `b.example.com`, `example.com`, `com`).
    let mut ancestors: HashSet<String> = HashSet::new();
    for d in &folded {
        let mut rest = d.trim_start_matches("*.");
        loop {
            ancestors.insert(rest.to_string());
            match rest.split_once('.') {
                Some((_, tail)) => rest = tail,
                None => break,
            }
        }
    }
    let ips: HashSet<&[u8]> = leaf
        .san
        .iter()
        .flatten()
        .filter_map(|n| match n {
            GeneralName::IpAddress(b) => Some(b.as_bytes()),
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    for cn in leaf.common_names_ref() {
        let problem = if looks_like_ip(cn) {
            match canonical_ip(cn) {
                Some(bytes) if ips.contains(bytes.as_slice()) => None,
                Some(_) => Some(format!("the CN '{cn}' is an IP address that is not in the subjectAltName")),
                None => Some(format!(
                    "the CN '{cn}' is an IP address not written in canonical form (RFC 3986 §3.2.2, RFC 5952 §4)"
                )),
            }
        } else if !cn.is_ascii() && cn.contains('.') {
            Some(format!("the CN '{cn}' is an internationalized domain name not written as A-labels (xn--)"))
        } else if exact.contains(cn.as_str()) {
            None
        } else if folded.contains(&cn.to_ascii_lowercase()) {
            Some(format!("the CN '{cn}' differs only in letter case from a subjectAltName entry"))
        } else if !dns.is_empty() && is_valid_reference_dns(cn) && !ancestors.contains(&cn.to_ascii_lowercase()) {
            Some(format!("the CN '{cn}' is not among the subjectAltName DNS names"))
        } else {
            None
        };
        problems.extend(problem);
    }
    if let Some(first) = problems.first() {
        let rule = IssuanceRule::CommonNameNotInSan { first: first.clone(), more: problems.len() - 1 };
        report_rule(out, leaf, rule);
    }
}

/// Text a resolver could read as an IP address: dotted numbers (decimal, octal or hex parts, as
/// inet_aton accepts), a bare hex number, or colon-separated hex groups.
fn looks_like_ip(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let numeric_part = |p: &str| {
        !p.is_empty()
            && (p.bytes().all(|b| b.is_ascii_digit())
                || p.strip_prefix("0x").is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())))
    };
    let dotted = lower.split('.').count() <= 4 && lower.split('.').all(numeric_part);
    let v6 = lower.contains(':') && lower.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    dotted || v6
}

/// The address bytes when `text` is an IP address written canonically (dotted-decimal without
/// leading zeros, or RFC 5952 IPv6 — Rust prints IPv6 in RFC 5952 form).
fn canonical_ip(text: &str) -> Option<Vec<u8>> {
    let ip: IpAddr = text.parse().ok()?;
    if ip.to_string() != text {
        return None;
    }
    Some(match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    })
}

// ---------------------------------------------------------------- name constraints

fn san_is_valid(name: &GeneralName) -> Result<(), String> {
    match name {
        GeneralName::DnsName(d) if !is_valid_presented_dns(d.as_str()) => {
            Err(format!("DNS name '{d}' is not in preferred name syntax (RFC 5280 §4.2.1.6)"))
        }
        GeneralName::IpAddress(ip) if !matches!(ip.as_bytes().len(), 4 | 16) => {
            Err(format!("iPAddress of {} octets; 4 or 16 are allowed (RFC 5280 §4.2.1.6)", ip.as_bytes().len()))
        }
        GeneralName::Rfc822Name(m) if !is_valid_mailbox(m.as_str()) => {
            Err(format!("email address '{m}' is not a valid mailbox (RFC 5280 §4.2.1.6)"))
        }
        _ => Ok(()),
    }
}

fn is_valid_mailbox(m: &str) -> bool {
    match m.split_once('@') {
        Some((local, domain)) => !local.is_empty() && !domain.contains('@') && is_valid_reference_dns(domain),
        None => false,
    }
}

fn constraint_is_valid(base: &GeneralName) -> Result<(), String> {
    match base {
        // RFC 5280 §4.2.1.10: a DNS constraint is a host name (no wildcard, no leading period).
        GeneralName::DnsName(d) if !d.as_str().is_empty() && !is_valid_reference_dns(d.as_str()) => {
            Err(format!("dNSName constraint '{d}' is not a valid DNS name"))
        }
        GeneralName::IpAddress(ip) => {
            let b = ip.as_bytes();
            if !matches!(b.len(), 8 | 32) {
                return Err(format!(
                    "iPAddress constraint of {} octets; 8 or 32 (address and mask) are required",
                    b.len()
                ));
            }
            let mask = &b[b.len() / 2..];
            let bits: Vec<bool> =
                mask.iter().flat_map(|byte| (0..8).rev().map(move |i| byte & (1 << i) != 0)).collect();
            if bits.windows(2).any(|w| !w[0] && w[1]) {
                return Err("iPAddress constraint mask is not a contiguous prefix".into());
            }
            Ok(())
        }
        GeneralName::Rfc822Name(m) => {
            let m = m.as_str();
            let ok = match m.split_once('@') {
                Some((local, domain)) => !local.is_empty() && !domain.contains('@') && is_valid_reference_dns(domain),
                None => is_valid_reference_dns(m.strip_prefix('.').unwrap_or(m)),
            };
            if ok { Ok(()) } else { Err(format!("rfc822Name constraint '{m}' is not a mailbox, host or domain")) }
        }
        _ => Ok(()),
    }
}

/// RFC 5280 §4.2.1.10: `name` lies in the subtree `base` ("adding zero or more labels").
fn dns_in_subtree(name: &str, base: &str) -> bool {
    if base.is_empty() {
        return true;
    }
    // A leading-period constraint (not RFC 5280; reported on the CA) is read as OpenSSL's nc_dns
    // does: names strictly under it. The finding is about the CA's constraint, not the leaf.
    if leading_dot_dns(base) {
        return name.len() > base.len() && ends_with_ignore_case(name, base);
    }
    ends_with_label_suffix(name, base)
}

/// `.acme.example`: a DNS name constraint written with a leading period.
fn leading_dot_dns(base: &str) -> bool {
    base.strip_prefix('.').is_some_and(is_valid_reference_dns)
}

/// `name` equals `suffix` or ends with `.suffix`, ignoring ASCII case (no allocation: this runs
/// up to [`NAME_CONSTRAINT_BUDGET`] times per path).
fn ends_with_label_suffix(name: &str, suffix: &str) -> bool {
    let (n, s) = (name.as_bytes(), suffix.as_bytes());
    if n.len() < s.len() {
        return false;
    }
    let split = n.len() - s.len();
    n[split..].eq_ignore_ascii_case(s) && (split == 0 || n[split - 1] == b'.')
}

/// `name` ends with `suffix` (which starts with a dot), ignoring ASCII case.
fn ends_with_ignore_case(name: &str, suffix: &str) -> bool {
    let (n, s) = (name.as_bytes(), suffix.as_bytes());
    n.len() >= s.len() && n[n.len() - s.len()..].eq_ignore_ascii_case(s)
}

/// How a (possibly wildcard) DNS SAN relates to a DNS subtree. Wildcards are expanded in
/// thought: `*.example.com` may stand for any `x.example.com` (CVE-2025-61727).
fn dns_wildcard_relation(name: &str, base: &str) -> (bool, bool) {
    // (every name the pattern can match is inside, some name it can match is inside)
    match name.strip_prefix("*.") {
        None => {
            let inside = dns_in_subtree(name, base);
            (inside, inside)
        }
        Some(parent) => {
            // Every `x.parent` is inside exactly when `parent` is; some expansion is inside when
            // the subtree is `label.parent` (one label more).
            let all = dns_in_subtree(parent, base);
            let some = all || base.split_once('.').is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(parent));
            (all, some)
        }
    }
}

fn ip_in_subtree(ip: &[u8], base: &[u8]) -> bool {
    if base.len() != ip.len() * 2 {
        return false;
    }
    let (addr, mask) = base.split_at(ip.len());
    ip.iter().zip(addr).zip(mask).all(|((i, a), m)| i & m == a & m)
}

fn email_in_subtree(mailbox: &str, base: &str) -> bool {
    let Some((local, domain)) = mailbox.rsplit_once('@') else {
        return false;
    };
    if let Some((base_local, base_domain)) = base.rsplit_once('@') {
        // A specific mailbox: the local part compares exactly (an asterisk is a literal).
        return local == base_local && domain.eq_ignore_ascii_case(base_domain);
    }
    match base.strip_prefix('.') {
        Some(_) => ends_with_ignore_case(domain, base),
        None => domain.eq_ignore_ascii_case(base),
    }
}

fn uri_host(uri: &str) -> Option<&str> {
    let rest = uri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next()?;
    if host.is_empty() { None } else { Some(host) }
}

fn uri_in_subtree(uri: &str, base: &str) -> bool {
    let Some(host) = uri_host(uri) else {
        return false;
    };
    match base.strip_prefix('.') {
        Some(_) => ends_with_ignore_case(host, base),
        None => host.eq_ignore_ascii_case(base),
    }
}

/// RDN-wise normalised form of a Name, for prefix comparison of directoryName constraints.
fn dn_in_subtree(name: &x509_cert::name::Name, base: &x509_cert::name::Name) -> bool {
    let n = crate::cert::normalized_rdns(name);
    let b = crate::cert::normalized_rdns(base);
    b.len() <= n.len() && n.iter().zip(&b).all(|(x, y)| x == y)
}

/// The kind of a general name, for "constraints of this form apply" decisions.
fn form(name: &GeneralName) -> u8 {
    match name {
        GeneralName::OtherName(_) => 0,
        GeneralName::Rfc822Name(_) => 1,
        GeneralName::DnsName(_) => 2,
        GeneralName::DirectoryName(_) => 4,
        GeneralName::EdiPartyName(_) => 5,
        GeneralName::UniformResourceIdentifier(_) => 6,
        GeneralName::IpAddress(_) => 7,
        GeneralName::RegisteredId(_) => 8,
    }
}

enum Verdict {
    Inside,
    Outside,
    /// A form certchain cannot compare (otherName, x400, ediParty, registeredID).
    Unprocessable,
}

/// Compare a name with one subtree of the same form. For excluded subtrees a wildcard counts as
/// inside when any expansion is; for permitted ones only when every expansion is.
fn compare(name: &GeneralName, name_is_valid: bool, base: &GeneralName, excluded: bool) -> Verdict {
    if !name_is_valid {
        // A malformed DNS name, address or mailbox can never be shown to lie inside a permitted
        // subtree, nor outside an excluded one.
        return if excluded { Verdict::Inside } else { Verdict::Outside };
    }
    let inside = match (name, base) {
        (GeneralName::DnsName(n), GeneralName::DnsName(b)) => {
            let (all, some) = dns_wildcard_relation(n.as_str(), b.as_str());
            if excluded { some } else { all }
        }
        (GeneralName::IpAddress(n), GeneralName::IpAddress(b)) => ip_in_subtree(n.as_bytes(), b.as_bytes()),
        (GeneralName::Rfc822Name(n), GeneralName::Rfc822Name(b)) => email_in_subtree(n.as_str(), b.as_str()),
        (GeneralName::UniformResourceIdentifier(n), GeneralName::UniformResourceIdentifier(b)) => {
            uri_in_subtree(n.as_str(), b.as_str())
        }
        (GeneralName::DirectoryName(n), GeneralName::DirectoryName(b)) => dn_in_subtree(n, b),
        _ => return Verdict::Unprocessable,
    };
    if inside { Verdict::Inside } else { Verdict::Outside }
}

/// RFC 5280 §4.2.1.10 / §6.1.3 (b), (c): names of every certificate below a constraining CA must
/// lie within its permitted subtrees and outside its excluded ones. Self-issued intermediates are
/// exempt; the leaf never is.
fn check_name_constraints(out: &mut Out<'_>, chain: &[&Cert]) {
    let mut budget = NAME_CONSTRAINT_BUDGET;
    for (ca_index, ca) in chain.iter().enumerate().skip(1) {
        let Some(nc) = &ca.name_constraints else {
            continue;
        };
        for (index, cert) in chain.iter().enumerate().take(ca_index) {
            if index > 0 && cert.is_self_issued() {
                continue;
            }
            let mut names: Vec<GeneralName> = cert.san.clone().unwrap_or_default();
            if !cert.subject_is_empty() {
                let subject = cert.parsed.tbs_certificate().subject();
                names.push(GeneralName::DirectoryName(subject.clone()));
                // RFC 5280 §4.2.1.10: rfc822Name constraints also apply to emailAddress
                // attributes of the subject (legacy certificates put the mailbox there).
                for atv in subject.iter().filter(|atv| atv.oid == EMAIL_ADDRESS) {
                    if let Some(mail) = crate::cert::directory_string(&atv.value)
                        && let Ok(ia5) = der::asn1::Ia5String::new(&mail)
                    {
                        names.push(GeneralName::Rfc822Name(ia5));
                    }
                }
            }
            for name in &names {
                let name_form = form(name);
                let valid = san_is_valid(name).is_ok();
                let mut violation: Option<String> = None;
                if let Some(excluded) = &nc.excluded {
                    for base in excluded.iter().filter(|b| form(b) == name_form) {
                        budget = budget.saturating_sub(1);
                        match compare(name, valid, base, true) {
                            Verdict::Inside => {
                                violation = Some(format!(
                                    "{} is in the excluded subtree {}",
                                    general_name_text(name),
                                    general_name_text(base)
                                ))
                            }
                            Verdict::Unprocessable => {
                                violation = Some(format!(
                                    "{} cannot be checked against the constraint {}",
                                    general_name_text(name),
                                    general_name_text(base)
                                ))
                            }
                            Verdict::Outside => {}
                        }
                        if violation.is_some() || budget == 0 {
                            break;
                        }
                    }
                }
                if violation.is_none()
                    && let Some(permitted) = &nc.permitted
                {
                    let mut any_of_form = false;
                    let mut inside = false;
                    for base in permitted.iter().filter(|b| form(b) == name_form) {
                        any_of_form = true;
                        budget = budget.saturating_sub(1);
                        match compare(name, valid, base, false) {
                            Verdict::Inside => inside = true,
                            Verdict::Unprocessable => {
                                violation = Some(format!(
                                    "{} cannot be checked against the constraint {}",
                                    general_name_text(name),
                                    general_name_text(base)
                                ))
                            }
                            Verdict::Outside => {}
                        }
                        if inside || violation.is_some() || budget == 0 {
                            break;
                        }
                    }
                    if any_of_form && !inside && violation.is_none() {
                        violation = Some(format!("{} is outside every permitted subtree", general_name_text(name)));
                    }
                }
                if budget == 0 {
                    out.push(
                        Error::PathBudgetExceeded,
                        &[ca, cert],
                        format!("Name constraints of {} are too costly to check", name_of(ca)),
                        format!(
                            "Checking {}'s name constraints against {} needs more than {NAME_CONSTRAINT_BUDGET} comparisons; certchain stops there and cannot confirm the chain.",
                            name_of(ca),
                            name_of(cert)
                        ),
                    );
                    return;
                }
                if let Some(why) = violation {
                    out.push(
                        Error::NameConstraints,
                        &[cert, ca],
                        format!("{} violates the name constraints of {}", name_of(cert), name_of(ca)),
                        format!("{}: {why} (name constraints of {}, RFC 5280 §4.2.1.10).", name_of(cert), name_of(ca)),
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_leftmost_label() {
        assert!(dns_matches("*.example.com", "foo.example.com"));
        assert!(dns_matches("Example.COM", "example.com"));
        assert!(!dns_matches("*.example.com", "foo.bar.example.com"));
        assert!(!dns_matches("*.example.com", "example.com"));
        assert!(!dns_matches("ba*.example.com", "baz.example.com"));
        assert!(!dns_matches("foo.*.example.com", "foo.bar.example.com"));
        assert!(!dns_matches("*.com", "example.com"));
        assert!(!dns_matches("*", "com"));
        assert!(!dns_matches("foo_bar.example.com", "foo_bar.example.com"));
    }

    #[test]
    fn dns_subtrees_follow_rfc5280() {
        assert!(dns_in_subtree("foo.bar.example.com", "example.com"));
        assert!(dns_in_subtree("example.com", "example.com"));
        assert!(!dns_in_subtree("notexample.com", "example.com"));
        // Excluded bar.example.com: *.example.com could be bar.example.com.
        assert_eq!(dns_wildcard_relation("*.example.com", "bar.example.com"), (false, true));
        // Permitted foo.com covers every *.foo.com.
        assert_eq!(dns_wildcard_relation("*.foo.com", "foo.com"), (true, true));
        assert_eq!(dns_wildcard_relation("*.example.com", "other.com"), (false, false));
    }

    #[test]
    fn email_constraints_are_literal() {
        assert!(email_in_subtree("foo@example.com", "example.com"));
        assert!(email_in_subtree("*@example.com", "*@example.com"));
        assert!(!email_in_subtree("user@example.com", "*@example.com"));
        assert!(email_in_subtree("a@mail.example.com", ".example.com"));
        assert!(!email_in_subtree("a@example.com", ".example.com"));
    }

    #[test]
    fn ip_subtrees_and_canonical_text() {
        assert!(ip_in_subtree(&[192, 0, 2, 1], &[192, 0, 2, 0, 255, 255, 255, 0]));
        assert!(!ip_in_subtree(&[192, 0, 3, 1], &[192, 0, 2, 0, 255, 255, 255, 0]));
        assert!(canonical_ip("192.168.1.1").is_some());
        assert!(canonical_ip("192.168.001.001").is_none());
        assert!(canonical_ip("2001:DB8::1").is_none());
        assert!(canonical_ip("2001:db8::1").is_some());
    }
}

#[cfg(test)]
mod store_tests {
    use super::*;

    /// Every root of the bundled stores must be usable as an anchor for server and client chains:
    /// the anchor checks hold issued certificates to RFC 5280/CABF, not long-trusted roots.
    #[test]
    fn bundled_roots_pass_the_anchor_checks() {
        let mut offenders = Vec::new();
        for purpose in [Purpose::Server, Purpose::Client] {
            let options = VerifyOptions { purpose, ..VerifyOptions::new(crate::time::UnixTime(1_767_225_600)) };
            for store in [crate::trust::TrustStore::mozilla(), crate::trust::TrustStore::salesforce()] {
                for anchor in &store.anchors {
                    let root = &anchor.cert;
                    let mut out = Out { options: &options, findings: Vec::new() };
                    check_encoding(&mut out, root, false, true, true);
                    check_key(&mut out, root);
                    check_issuer(&mut out, root, root, true, true);
                    for f in out.findings.iter().filter(|f| f.severity == crate::problem::Severity::Error) {
                        offenders.push(format!("{}: {}", root.display_name(), f.detail));
                    }
                }
            }
        }
        offenders.sort();
        offenders.dedup();
        assert!(offenders.is_empty(), "{} problems:\n{}", offenders.len(), offenders.join("\n"));
    }
}
