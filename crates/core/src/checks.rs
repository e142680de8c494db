//! Checks on a built path, per RFC 5280 §6.1 and OpenSSL behaviour, plus the CA/Browser Forum
//! Baseline Requirements profile for server certificates (what x509-limbo's web-PKI cases test).
//!
//! [`check_path`] looks only at the certificates of one path: certificates that were supplied but
//! not used never produce findings here (RFC 5280 §6.1 processes the path, nothing else).

use crate::cert::{Cert, eku_oid, hex_colon, key_usage_bit};
use crate::crypto::{self, Hash};
use crate::findings::{Code, Finding};
use crate::keys::{Crl, KeyAlgorithm};
use crate::options::{Options, PeerName, Purpose};
use der::Encode;
use std::net::IpAddr;
use x509_cert::ext::pkix::name::GeneralName;

/// Name-constraint comparisons allowed per path. rustls-webpki uses the same figure
/// (`Budget::name_constraint_comparisons = 250_000`, verify_cert.rs) so that a CA with thousands
/// of constraints over a leaf with thousands of names cannot burn unbounded CPU.
pub const NAME_CONSTRAINT_BUDGET: usize = 250_000;

/// Quote a certificate for messages.
pub fn name_of(cert: &Cert) -> String {
    format!("'{}'", cert.display_name())
}

struct Out<'o> {
    options: &'o Options,
    findings: Vec<Finding>,
}

impl Out<'_> {
    fn push(&mut self, code: Code, certs: &[&Cert], title: String, detail: String) {
        let certs = certs.iter().map(|c| c.sha256.clone()).collect();
        self.findings.push(Finding::new(code, self.options.flow, certs, title, detail));
    }
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
pub fn check_path(chain: &[&Cert], end: PathEnd, crls: &[Crl], options: &Options) -> Vec<Finding> {
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
    if anchored {
        check_crls(&mut out, chain, crls);
        check_depth(&mut out, chain);
    }
    out.findings
}

fn check_validity(out: &mut Out<'_>, cert: &Cert, is_leaf: bool) {
    let at = out.options.at;
    let role = if is_leaf { "certificate" } else { "issuer certificate" };
    if at < cert.not_before {
        out.push(
            Code::NotYetValid,
            &[cert],
            format!("The {role} {} is not valid yet", name_of(cert)),
            format!("{} is valid from {} but the check time is {at}.", name_of(cert), cert.not_before),
        );
    } else if at > cert.not_after {
        out.push(
            Code::Expired,
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
        out.push(
            Code::ExpiringSoon,
            &[cert],
            format!("{} expires in {} days", name_of(cert), at.days_until(cert.not_after)),
            format!("{} expires on {}.", name_of(cert), cert.not_after),
        );
    }
}

fn server_profile(options: &Options) -> bool {
    options.purpose == Purpose::Server
}

fn check_encoding(out: &mut Out<'_>, cert: &Cert, is_leaf: bool, is_anchor: bool, vetted: bool) {
    for oid in &cert.unknown_critical {
        out.push(
            Code::UnknownCriticalExtension,
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
            Code::Malformed,
            &[cert],
            format!("{} breaks an encoding rule", name_of(cert)),
            format!("{}: {}.", name_of(cert), problem.message),
        );
    }
    let server = server_profile(out.options);
    let mut malformed = |why: String| {
        out.push(
            Code::Malformed,
            &[cert],
            format!("{} breaks an encoding rule", name_of(cert)),
            format!("{}: {why}.", name_of(cert)),
        )
    };
    // CABF BR §7.1.1 and RFC 5280 §4.1.2.1: certificates in use are v3.
    if cert.version != 3 {
        malformed(format!("is an X.509 v{} certificate; only v3 is accepted (CA/B Forum BR §7.1.1)", cert.version));
    }
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
    // and costs a signature check per root.
    let self_signed = if is_anchor { cert.is_self_issued() } else { cert.is_self_signed() };
    match &cert.authority_key_id {
        None if !self_signed => malformed(
            "has no authorityKeyIdentifier (RFC 5280 §4.2.1.1: required except in self-signed certificates)".into(),
        ),
        Some(aki) if aki.key_id.is_none() && !self_signed => {
            malformed("authorityKeyIdentifier has no keyIdentifier (RFC 5280 §4.2.1.1)".into())
        }
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
            if let Err(why) = constraint_is_valid(base) {
                malformed(format!("has an invalid name constraint: {why}"));
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
    for name in cert.san.iter().flatten() {
        if let Err(why) = san_is_valid(name) {
            malformed(format!("has an invalid subjectAltName entry: {why}"));
        }
    }
}

fn check_key(out: &mut Out<'_>, cert: &Cert) {
    let alg = crypto::key_algorithm(&cert.spki_der);
    let problem = match &alg {
        KeyAlgorithm::Rsa { bits } if *bits < 2048 => Some((
            Code::WeakKey,
            format!(
                "has a {bits}-bit RSA key; at least 2048 bits are required (OpenSSL security level 2, CA/B Forum BR §6.1.5)"
            ),
        )),
        KeyAlgorithm::Rsa { bits } if bits % 8 != 0 => Some((
            Code::WeakKey,
            format!("has a {bits}-bit RSA key; the size must be a multiple of 8 (CA/B Forum BR §6.1.5)"),
        )),
        KeyAlgorithm::Ec { curve } if !matches!(curve.as_str(), "P-256" | "P-384" | "P-521") => Some((
            Code::WeakKey,
            format!("has an EC key on {curve}; only P-256, P-384 and P-521 are accepted (CA/B Forum BR §6.1.5)"),
        )),
        KeyAlgorithm::Other { oid } => {
            Some((Code::UnsupportedAlgorithm, format!("has a public key of type {oid}, which is not accepted")))
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
            Code::WeakSignature,
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
            Code::UnsupportedAlgorithm,
            &[cert],
            format!("{} uses a signature algorithm certchain cannot accept", name_of(cert)),
            format!("{}: {e}.", name_of(cert)),
        ),
    }
}

/// `issuer` signs `child` in this path: it must be a CA allowed to sign certificates.
fn check_issuer(out: &mut Out<'_>, issuer: &Cert, child: &Cert, is_anchor: bool, vetted: bool) {
    match &issuer.basic_constraints {
        // OpenSSL accepts a v1 self-signed root as a CA; we do for curated roots only.
        None if vetted && issuer.version == 1 => {}
        None => out.push(
            Code::NotACa,
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
            Code::NotACa,
            &[issuer, child],
            format!("{} is not a CA certificate", name_of(issuer)),
            format!("{} issued {} but its basic constraints say cA=FALSE (RFC 5280 §4.2.1.9).", name_of(issuer), name_of(child)),
        ),
        Some(bc) if !bc.critical && !vetted => out.push(
            Code::Malformed,
            &[issuer],
            format!("{} has non-critical basic constraints", name_of(issuer)),
            format!("{}: CA certificates MUST mark basic constraints critical (RFC 5280 §4.2.1.9).", name_of(issuer)),
        ),
        Some(_) => {}
    }
    if let Some(ku) = &issuer.key_usage
        && !ku.key_cert_sign()
    {
        out.push(
            Code::KeyUsage,
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

fn purpose_eku(purpose: Purpose) -> Option<(der::asn1::ObjectIdentifier, Code, &'static str)> {
    match purpose {
        Purpose::Client => Some((eku_oid::CLIENT_AUTH, Code::EkuMissingClientAuth, "clientAuth")),
        Purpose::Server => Some((eku_oid::SERVER_AUTH, Code::EkuMissingServerAuth, "serverAuth")),
        Purpose::Any => None,
    }
}

fn check_leaf(out: &mut Out<'_>, leaf: &Cert, has_issuer: bool) {
    let options = out.options;
    let server = server_profile(options);
    // CA/B Forum BR §7.1.2.7.8/§7.1.2.7.11: a server (subscriber) certificate is not a CA.
    if server && has_issuer && (leaf.is_ca() || leaf.key_usage.as_ref().is_some_and(|k| k.key_cert_sign())) {
        out.push(
            Code::KeyUsage,
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
                    Code::KeyUsage,
                    &[leaf],
                    format!("{} does not allow {name}", name_of(leaf)),
                    format!("{}'s key usage is {}; {name} is required.", name_of(leaf), ku.names().join(", ")),
                ),
                Some(_) => {}
                None => out.push(
                    Code::KeyUsage,
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
                Code::KeyUsage,
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
                    eku.oids.iter().map(eku_oid::name).collect::<Vec<_>>().join(", "),
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
        let Some(oid) = eku_oid::parse(wanted) else {
            out.push(
                Code::EkuMissing,
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
                eku_oid::CLIENT_AUTH => Code::EkuMissingClientAuth,
                eku_oid::SERVER_AUTH => Code::EkuMissingServerAuth,
                _ => Code::EkuMissing,
            };
            if purpose_eku(options.purpose).is_some_and(|(p, _, _)| p == oid) {
                continue; // already reported above
            }
            out.push(
                code,
                &[leaf],
                format!("{} is not valid for {}", name_of(leaf), eku_oid::name(&oid)),
                format!(
                    "{}'s extended key usage is {}; {} is required.",
                    name_of(leaf),
                    eku.oids.iter().map(eku_oid::name).collect::<Vec<_>>().join(", "),
                    eku_oid::name(&oid)
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
                    eku.oids.iter().map(eku_oid::name).collect::<Vec<_>>().join(", ")
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
                    Code::PathLenExceeded,
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
            Code::ChainTooLong,
            &chain.iter().skip(1).take(intermediates).copied().collect::<Vec<_>>(),
            format!("The chain has {counted} intermediates; at most {max} are allowed"),
            format!(
                "The path from {} to its root uses {counted} intermediate certificates; the limit is {max}.",
                name_of(chain[0])
            ),
        );
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
        Some(base) => reference.split_once('.').is_some_and(|(first, rest)| !first.is_empty() && rest == base),
        None => presented == reference,
    }
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
                .filter_map(|n| match n {
                    GeneralName::DnsName(d) => Some(format!("DNS:{d}")),
                    GeneralName::IpAddress(ip) => Some(format!("IP:{}", ip_text(ip.as_bytes()))),
                    GeneralName::Rfc822Name(m) => Some(format!("email:{m}")),
                    _ => None,
                })
                .collect();
            out.push(
                Code::HostMismatch,
                &[leaf],
                format!("{} is not valid for {wanted}", name_of(leaf)),
                format!(
                    "{} names {} in its subjectAltName; {wanted} is not among them (the subject CN is not used, RFC 6125 §6.4.4).",
                    name_of(leaf),
                    match names.len() {
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

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => IpAddr::from([bytes[0], bytes[1], bytes[2], bytes[3]]).to_string(),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(bytes);
            IpAddr::from(a).to_string()
        }
        _ => hex_colon(bytes),
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
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" ({} more common names have the same problem)", n - 1),
        };
        out.push(
            Code::Malformed,
            &[leaf],
            format!("{}'s common name does not match its subjectAltName", name_of(leaf)),
            format!(
                "{}: {first}{more}; the CN must be a copy of a subjectAltName entry (CA/B Forum BR §7.1.4.3).",
                name_of(leaf)
            ),
        );
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
    ends_with_label_suffix(name, base)
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
                                violation = Some(format!("{} is in the excluded subtree {}", show(name), show(base)))
                            }
                            Verdict::Unprocessable => {
                                violation = Some(format!(
                                    "{} cannot be checked against the constraint {}",
                                    show(name),
                                    show(base)
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
                                    show(name),
                                    show(base)
                                ))
                            }
                            Verdict::Outside => {}
                        }
                        if inside || violation.is_some() || budget == 0 {
                            break;
                        }
                    }
                    if any_of_form && !inside && violation.is_none() {
                        violation = Some(format!("{} is outside every permitted subtree", show(name)));
                    }
                }
                if budget == 0 {
                    out.push(
                        Code::PathBudgetExceeded,
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
                        Code::NameConstraints,
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

const EMAIL_ADDRESS: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1");

fn show(name: &GeneralName) -> String {
    match name {
        GeneralName::DnsName(d) => format!("DNS:{d}"),
        GeneralName::Rfc822Name(m) => format!("email:{m}"),
        GeneralName::UniformResourceIdentifier(u) => format!("URI:{u}"),
        GeneralName::IpAddress(ip) => {
            let b = ip.as_bytes();
            match b.len() {
                8 | 32 => format!("IP:{}/{}", ip_text(&b[..b.len() / 2]), hex_colon(&b[b.len() / 2..])),
                _ => format!("IP:{}", ip_text(b)),
            }
        }
        GeneralName::DirectoryName(n) => format!("DirName:{}", crate::cert::rfc4514(n)),
        GeneralName::OtherName(o) => format!("othername:{}", o.type_id),
        GeneralName::RegisteredId(oid) => format!("RID:{oid}"),
        GeneralName::EdiPartyName(_) => "ediPartyName".into(),
    }
}

// ---------------------------------------------------------------- CRLs

const CRL_NUMBER: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.29.20");
const AUTHORITY_KEY_ID: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.29.35");

/// RFC 5280 §6.3: for each certificate whose issuer published one of the supplied CRLs, check the
/// CRL (signature by the issuer, cRLSign, CRL number, freshness) and look up the serial number.
/// CRLs from issuers outside the path are not about this path and are ignored.
fn check_crls(out: &mut Out<'_>, chain: &[&Cert], crls: &[Crl]) {
    for pair in chain.windows(2) {
        let (cert, issuer) = (pair[0], pair[1]);
        for crl in crls {
            let tbs = &crl.parsed.tbs_cert_list;
            if crate::cert::normalized_name(&tbs.issuer) != issuer.subject_key {
                continue;
            }
            let where_ = format!("the CRL from {} ({})", name_of(issuer), crl.origin);
            let Some(signed) = crate::cert::first_element_of_sequence(&crl.der) else {
                out.push(
                    Code::CrlProblem,
                    &[issuer],
                    format!("Cannot read {where_}"),
                    "The CRL's signed part cannot be located.".into(),
                );
                continue;
            };
            if let Err(e) = crypto::verify_signature(
                &crl.parsed.signature_algorithm,
                signed,
                crl.parsed.signature.raw_bytes(),
                &issuer.spki_der,
            ) {
                // Not signed by this issuer's key: another CA with the same name. Not about us.
                if e == crypto::SignatureError::Invalid {
                    continue;
                }
                out.push(Code::CrlProblem, &[issuer], format!("Cannot verify {where_}"), format!("{where_}: {e}."));
                continue;
            }
            let mut problems = Vec::new();
            if let Some(ku) = &issuer.key_usage
                && !ku.crl_sign()
            {
                problems.push(format!(
                    "{} signed it but its key usage lacks cRLSign (RFC 5280 §6.3.3 (f))",
                    name_of(issuer)
                ));
            }
            let extensions = tbs.crl_extensions.as_deref().unwrap_or_default();
            match extensions.iter().find(|e| e.extn_id == CRL_NUMBER) {
                // A v1 CRL has no extensions at all (RFC 5280 §5.1.2.1); a v2 CRL must number itself.
                None if tbs.crl_extensions.is_some() => {
                    problems.push("it has no CRL number (RFC 5280 §5.2.3: MUST be included)".into())
                }
                None => {}
                Some(e) if e.critical => problems.push("its CRL number is marked critical (RFC 5280 §5.2.3)".into()),
                Some(_) => {}
            }
            for ext in extensions {
                if ext.critical && ext.extn_id != CRL_NUMBER && ext.extn_id != AUTHORITY_KEY_ID {
                    problems.push(format!("it has an unknown critical extension {} (RFC 5280 §5.2)", ext.extn_id));
                }
            }
            let at = out.options.at;
            let this_update = tbs.this_update.to_unix_duration().as_secs() as i64;
            if this_update > at.0 {
                problems.push(format!("it is not valid yet (thisUpdate {})", crate::time::UnixTime(this_update)));
            }
            if let Some(next) = tbs.next_update {
                let next = next.to_unix_duration().as_secs() as i64;
                if next < at.0 {
                    problems.push(format!("it has expired (nextUpdate {})", crate::time::UnixTime(next)));
                }
            }
            if !problems.is_empty() {
                out.push(
                    Code::CrlProblem,
                    &[issuer, cert],
                    format!("{where_} cannot be used"),
                    format!("{where_}: {}. Revocation of {} cannot be checked.", problems.join("; "), name_of(cert)),
                );
            }
            let serial = cert.parsed.tbs_certificate().serial_number().to_der().unwrap_or_default();
            let revoked = tbs
                .revoked_certificates
                .iter()
                .flatten()
                .find(|r| r.serial_number.to_der().unwrap_or_default() == serial);
            if let Some(entry) = revoked {
                out.push(
                    Code::Revoked,
                    &[cert, issuer],
                    format!("{} has been revoked", name_of(cert)),
                    format!(
                        "{where_} lists serial {} of {} as revoked on {}.",
                        hex_colon(&cert.serial),
                        name_of(cert),
                        crate::time::UnixTime(entry.revocation_date.to_unix_duration().as_secs() as i64)
                    ),
                );
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
            let options = Options { purpose, ..Options::new(crate::time::UnixTime(1_767_225_600)) };
            for store in [crate::trust::TrustStore::mozilla(), crate::trust::TrustStore::salesforce()] {
                for anchor in &store.anchors {
                    let root = &anchor.cert;
                    let mut out = Out { options: &options, findings: Vec::new() };
                    check_encoding(&mut out, root, false, true, true);
                    check_key(&mut out, root);
                    check_issuer(&mut out, root, root, true, true);
                    for f in out.findings.iter().filter(|f| f.severity == crate::findings::Severity::Error) {
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
