//! Certificate model: one parsed X.509 certificate with the facts the checks and views need.
//!
//! Parsing never fails on a bad extension: each problem is recorded in [`Cert::problems`] (with
//! the RFC 5280 rule it breaks) and the checks decide what it means for the path.

use crate::time::UnixTime;
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode, Tagged};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::GeneralName;

pub use crate::oids::oid_label;
use crate::oids::{attr, eku, ext};
pub use crate::origin::Origin;

/// Key usage bits (RFC 5280 §4.2.1.3), bit 0 = digitalSignature.
pub const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

/// Bit index of a key usage by RFC 5280 name (`contentCommitment` is an alias of bit 1).
pub fn key_usage_bit(name: &str) -> Option<u16> {
    if name == "contentCommitment" {
        return Some(1);
    }
    KEY_USAGE_NAMES.iter().position(|n| *n == name).map(|i| i as u16)
}

/// Basic constraints (RFC 5280 §4.2.1.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicConstraints {
    pub ca: bool,
    pub path_len: Option<u8>,
    pub critical: bool,
}

/// Key usage (RFC 5280 §4.2.1.3): `bits` has bit n set for named bit n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUsageExt {
    pub bits: u16,
    pub critical: bool,
}

impl KeyUsageExt {
    pub fn has(&self, bit: u16) -> bool {
        bit < 16 && self.bits & (1 << bit) != 0
    }
    pub fn key_cert_sign(&self) -> bool {
        self.has(5)
    }
    pub fn crl_sign(&self) -> bool {
        self.has(6)
    }
    /// Names of the asserted bits.
    pub fn names(&self) -> Vec<&'static str> {
        KEY_USAGE_NAMES.iter().enumerate().filter(|(i, _)| self.has(*i as u16)).map(|(_, n)| *n).collect()
    }
}

/// Extended key usage (RFC 5280 §4.2.1.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtKeyUsage {
    pub oids: Vec<ObjectIdentifier>,
    pub critical: bool,
}

impl ExtKeyUsage {
    pub fn allows(&self, oid: ObjectIdentifier) -> bool {
        self.oids.contains(&oid)
    }
    pub fn has_any(&self) -> bool {
        self.oids.contains(&eku::ANY)
    }
}

/// Authority key identifier (RFC 5280 §4.2.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityKeyId {
    pub key_id: Option<Vec<u8>>,
    pub has_issuer: bool,
    pub has_serial: bool,
    pub critical: bool,
}

/// Name constraints (RFC 5280 §4.2.1.10). `None` = that list is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameConstraints {
    pub permitted: Option<Vec<GeneralName>>,
    pub excluded: Option<Vec<GeneralName>>,
    pub critical: bool,
}

/// A rule the certificate's encoding breaks, found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Short description naming the field and the rule ("duplicate extension 2.5.29.15 (RFC 5280 §4.2)").
    pub message: String,
}

/// A parsed certificate.
#[derive(Debug, Clone)]
pub struct Cert {
    pub der: Vec<u8>,
    pub parsed: Certificate,
    /// SHA-256 of `der`, lowercase hex: the certificate's identity in reports.
    pub sha256: String,
    /// RFC 4514 string of the subject.
    pub subject: String,
    /// RFC 4514 string of the issuer.
    pub issuer: String,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub origin: Origin,
    /// 1, 2 or 3.
    pub version: u8,
    /// Serial number as encoded (two's complement, big-endian).
    pub serial: Vec<u8>,
    /// The exact signed bytes (DER of tbsCertificate as it appears in `der`).
    pub tbs_der: Vec<u8>,
    pub subject_der: Vec<u8>,
    pub issuer_der: Vec<u8>,
    /// Normalised names (RFC 5280 §7.1) for issuer/subject matching.
    pub subject_key: Vec<u8>,
    pub issuer_key: Vec<u8>,
    pub spki_der: Vec<u8>,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Option<KeyUsageExt>,
    pub ext_key_usage: Option<ExtKeyUsage>,
    /// Subject alternative names; `san_critical` says how the extension was marked.
    pub san: Option<Vec<GeneralName>>,
    pub san_critical: bool,
    /// Why a subjectAltName extension that is present could not be read (then `san` is None).
    pub san_problem: Option<String>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<AuthorityKeyId>,
    /// AIA caIssuers URLs (where the issuer certificate can be downloaded).
    pub ca_issuers: Vec<String>,
    pub ocsp_urls: Vec<String>,
    pub crl_urls: Vec<String>,
    /// Certificate policy OIDs (dotted), in the extension's order; empty when it is absent.
    pub policies: Vec<String>,
    /// policyMappings (RFC 5280 §4.2.1.5): (issuerDomainPolicy, subjectDomainPolicy), dotted.
    pub policy_mappings: Vec<(String, String)>,
    /// policyConstraints is present but not marked critical.
    pub policy_constraints_noncritical: bool,
    /// policyConstraints (RFC 5280 §4.2.1.11) requireExplicitPolicy.
    pub require_explicit_policy: Option<u32>,
    /// policyConstraints (RFC 5280 §4.2.1.11) inhibitPolicyMapping.
    pub inhibit_policy_mapping: Option<u32>,
    /// inhibitAnyPolicy (RFC 5280 §4.2.1.14) SkipCerts.
    pub inhibit_any_policy: Option<u32>,
    pub name_constraints: Option<NameConstraints>,
    /// OIDs (dotted) of critical extensions certchain does not process.
    pub unknown_critical: Vec<String>,
    /// Encoding problems found while parsing (the checks turn them into findings).
    pub problems: Vec<Problem>,
    self_signed: OnceLock<bool>,
    /// Subject CNs and the display name, computed once: messages quote certificates often and a
    /// hostile subject may hold thousands of attributes.
    cns: Vec<String>,
    display: String,
}

/// Extensions that certchain processes (RFC 5280 §4.2: a critical extension not in this list
/// makes the certificate unusable).
const KNOWN_EXTENSIONS: [ObjectIdentifier; 13] = [
    ext::SUBJECT_KEY_ID,
    ext::KEY_USAGE,
    ext::SUBJECT_ALT_NAME,
    ext::BASIC_CONSTRAINTS,
    ext::NAME_CONSTRAINTS,
    ext::CRL_DISTRIBUTION_POINTS,
    ext::CERTIFICATE_POLICIES,
    // Policy processing (crate::policy, RFC 5280 §6.1.3–6.1.5).
    ext::POLICY_MAPPINGS,
    ext::POLICY_CONSTRAINTS,
    ext::INHIBIT_ANY_POLICY,
    ext::AUTHORITY_KEY_ID,
    ext::EXT_KEY_USAGE,
    ext::AUTHORITY_INFO_ACCESS,
];

impl Cert {
    /// Parse DER. The error says what is wrong in words a user can act on.
    pub fn from_der(der: &[u8], origin: Origin) -> Result<Cert, String> {
        let (parsed, early) = match Certificate::from_der(der) {
            Ok(parsed) => (parsed, None),
            Err(e) => parse_with_early_validity(der).ok_or_else(|| match impossible_version(der) {
                Some(version) => format!(
                    "not a valid X.509 certificate: its version field is {version} (\"X.509 v{}\"), but only v1, v2 and v3 exist (values 0, 1 and 2, RFC 5280 §4.1.2.1)",
                    version.saturating_add(1)
                ),
                None => format!("not a valid X.509 certificate: {e}"),
            })?,
        };
        // Certificate::from_der rejects trailing data, so `der` is exactly the certificate.
        let der = der.to_vec();
        let tbs = parsed.tbs_certificate();
        let validity = tbs.validity();
        let unix = |t: &x509_cert::time::Time| UnixTime(t.to_unix_duration().as_secs() as i64);
        let (not_before, not_after) = match early {
            Some(times) => times,
            None => (unix(&validity.not_before), unix(&validity.not_after)),
        };
        let tbs_der = first_element_of_sequence(&der)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| "certificate's tbsCertificate cannot be located".to_string())?;
        let enc =
            |r: der::Result<Vec<u8>>, what: &str| r.map_err(|e| format!("certificate {what} cannot be encoded: {e}"));
        let subject_der = enc(tbs.subject().to_der(), "subject")?;
        let issuer_der = enc(tbs.issuer().to_der(), "issuer")?;
        let spki_der = enc(tbs.subject_public_key_info().to_der(), "public key")?;
        let mut cert = Cert {
            sha256: hex(&Sha256::digest(&der)),
            subject: rfc4514(tbs.subject()),
            issuer: rfc4514(tbs.issuer()),
            not_before,
            not_after,
            version: match tbs.version() {
                x509_cert::certificate::Version::V1 => 1,
                x509_cert::certificate::Version::V2 => 2,
                x509_cert::certificate::Version::V3 => 3,
            },
            serial: tbs.serial_number().as_bytes().to_vec(),
            subject_key: normalized_name(tbs.subject()),
            issuer_key: normalized_name(tbs.issuer()),
            tbs_der,
            subject_der,
            issuer_der,
            spki_der,
            basic_constraints: None,
            key_usage: None,
            ext_key_usage: None,
            san: None,
            san_critical: false,
            san_problem: None,
            subject_key_id: None,
            authority_key_id: None,
            ca_issuers: Vec::new(),
            ocsp_urls: Vec::new(),
            crl_urls: Vec::new(),
            policies: Vec::new(),
            policy_mappings: Vec::new(),
            policy_constraints_noncritical: false,
            require_explicit_policy: None,
            inhibit_policy_mapping: None,
            inhibit_any_policy: None,
            name_constraints: None,
            unknown_critical: Vec::new(),
            problems: Vec::new(),
            self_signed: OnceLock::new(),
            cns: Vec::new(),
            display: String::new(),
            der,
            parsed: parsed.clone(),
            origin,
        };
        cert.parse_fields(&parsed);
        cert.cns = parsed
            .tbs_certificate()
            .subject()
            .iter()
            .filter(|atv| atv.oid == attr::CN)
            .filter_map(|atv| directory_string(&atv.value))
            .collect();
        cert.display = match cert.cns.first() {
            Some(cn) => cn.clone(),
            None if !cert.subject.is_empty() => cert.subject.clone(),
            None => format!("certificate {}", cert.sha256.get(..16).unwrap_or(&cert.sha256)),
        };
        Ok(cert)
    }

    fn problem(&mut self, message: impl Into<String>) {
        self.problems.push(Problem { message: message.into() });
    }

    fn parse_fields(&mut self, parsed: &Certificate) {
        let tbs = parsed.tbs_certificate();
        // RFC 5280 §4.1.2.2: positive, at most 20 octets.
        match self.serial.first() {
            None => self.problem("serial number is empty (RFC 5280 §4.1.2.2)"),
            Some(first) if first & 0x80 != 0 => self.problem("serial number is negative (RFC 5280 §4.1.2.2)"),
            Some(_) if self.serial.iter().all(|b| *b == 0) => {
                self.problem("serial number is zero (RFC 5280 §4.1.2.2 requires a positive integer)")
            }
            Some(_) => {}
        }
        if self.serial.len() > 20 {
            self.problem(format!("serial number is {} octets long; RFC 5280 §4.1.2.2 allows 20", self.serial.len()));
        }
        // RFC 5280 §4.1.1.2 / §4.1.2.3: the two signature algorithm fields must be identical.
        if parsed.signature_algorithm() != tbs.signature() {
            self.problem("signatureAlgorithm differs from the tbsCertificate signature field (RFC 5280 §4.1.1.2)");
        }
        if tbs.issuer().is_empty() {
            self.problem("issuer name is empty (RFC 5280 §4.1.2.4)");
        }
        let Some(extensions) = tbs.extensions() else {
            return;
        };
        if self.version != 3 {
            self.problem(format!("version {} certificate carries extensions (RFC 5280 §4.1.2.9)", self.version));
        }
        let mut seen: Vec<ObjectIdentifier> = Vec::new();
        for ext in extensions {
            if seen.contains(&ext.extn_id) {
                self.problem(format!("duplicate extension {} (RFC 5280 §4.2)", ext_name(&ext.extn_id)));
            }
            seen.push(ext.extn_id);
            let value = ext.extn_value.as_bytes();
            let critical = ext.critical;
            if let Err(e) = self.parse_extension(ext.extn_id, critical, value) {
                self.problem(format!("{} extension is malformed: {e}", ext_name(&ext.extn_id)));
            }
            if critical && !KNOWN_EXTENSIONS.contains(&ext.extn_id) {
                self.unknown_critical.push(oid_label(&ext.extn_id));
            }
        }
    }

    fn parse_extension(&mut self, oid: ObjectIdentifier, critical: bool, value: &[u8]) -> Result<(), String> {
        use x509_cert::ext::pkix as p;
        let e = |e: der::Error| e.to_string();
        match oid {
            ext::BASIC_CONSTRAINTS => {
                let bc = p::BasicConstraints::from_der(value).map_err(e)?;
                self.basic_constraints =
                    Some(BasicConstraints { ca: bc.ca, path_len: bc.path_len_constraint, critical });
            }
            ext::KEY_USAGE => {
                let ku = p::KeyUsage::from_der(value).map_err(e)?;
                if ku.0.bits() == 0 {
                    return Err("no key usage bit is set (RFC 5280 §4.2.1.3)".into());
                }
                self.key_usage = Some(KeyUsageExt { bits: ku.0.bits(), critical });
            }
            ext::EXT_KEY_USAGE => {
                let eku = p::ExtendedKeyUsage::from_der(value).map_err(e)?;
                let oids = eku.0;
                self.ext_key_usage = Some(ExtKeyUsage { oids: oids.clone(), critical });
                if oids.is_empty() {
                    return Err("lists no key purpose (RFC 5280 §4.2.1.12: SIZE (1..MAX))".into());
                }
            }
            ext::SUBJECT_ALT_NAME => {
                self.san_critical = critical;
                let names = p::SubjectAltName::from_der(value).map_err(|err| {
                    let why = utf8_dns_name(value).map_or_else(
                        || err.to_string(),
                        |name| {
                            format!(
                                "its dNSName '{name}' is not ASCII: DNS names in certificates are IA5String, so an internationalised name must be written as A-labels (xn--..., RFC 5280 §4.2.1.6, RFC 5890)"
                            )
                        },
                    );
                    self.san_problem = Some(why.clone());
                    why
                })?.0;
                if names.is_empty() {
                    return Err("contains no names (RFC 5280 §4.2.1.6)".into());
                }
                self.san = Some(names);
            }
            ext::SUBJECT_KEY_ID => {
                if critical {
                    self.problem("subjectKeyIdentifier is marked critical (RFC 5280 §4.2.1.2: MUST be non-critical)");
                }
                let ski = p::SubjectKeyIdentifier::from_der(value).map_err(e)?;
                self.subject_key_id = Some(ski.0.as_bytes().to_vec());
            }
            ext::AUTHORITY_KEY_ID => {
                if critical {
                    self.problem("authorityKeyIdentifier is marked critical (RFC 5280 §4.2.1.1: MUST be non-critical)");
                }
                let aki = p::AuthorityKeyIdentifier::from_der(value).map_err(e)?;
                self.authority_key_id = Some(AuthorityKeyId {
                    key_id: aki.key_identifier.map(|k| k.as_bytes().to_vec()),
                    has_issuer: aki.authority_cert_issuer.is_some(),
                    has_serial: aki.authority_cert_serial_number.is_some(),
                    critical,
                });
            }
            ext::AUTHORITY_INFO_ACCESS => {
                if critical {
                    self.problem("authorityInfoAccess is marked critical (RFC 5280 §4.2.2.1: MUST be non-critical)");
                }
                let aia = p::AuthorityInfoAccessSyntax::from_der(value).map_err(e)?;
                if aia.0.is_empty() {
                    return Err("contains no access description (RFC 5280 §4.2.2.1: SIZE (1..MAX))".into());
                }
                for ad in aia.0 {
                    if let GeneralName::UniformResourceIdentifier(uri) = &ad.access_location {
                        match ad.access_method {
                            ext::AD_CA_ISSUERS => self.ca_issuers.push(uri.to_string()),
                            ext::AD_OCSP => self.ocsp_urls.push(uri.to_string()),
                            _ => {}
                        }
                    }
                }
            }
            ext::CRL_DISTRIBUTION_POINTS => {
                let dps = p::CrlDistributionPoints::from_der(value).map_err(e)?;
                for dp in dps.0 {
                    if let Some(p::name::DistributionPointName::FullName(names)) = dp.distribution_point {
                        for name in names {
                            if let GeneralName::UniformResourceIdentifier(uri) = name {
                                self.crl_urls.push(uri.to_string());
                            }
                        }
                    }
                }
            }
            ext::CERTIFICATE_POLICIES => {
                let policies = p::certpolicy::CertificatePolicies::from_der(value).map_err(e)?;
                self.policies = policies.0.iter().map(|p| p.policy_identifier.to_string()).collect();
            }
            ext::NAME_CONSTRAINTS => {
                let nc = p::constraints::NameConstraints::from_der(value).map_err(e)?;
                let bases = |subtrees: Option<Vec<p::constraints::name::GeneralSubtree>>| {
                    subtrees.map(|s| s.into_iter().map(|t| t.base).collect::<Vec<_>>())
                };
                self.name_constraints = Some(NameConstraints {
                    permitted: bases(nc.permitted_subtrees),
                    excluded: bases(nc.excluded_subtrees),
                    critical,
                });
            }
            ext::POLICY_CONSTRAINTS => {
                // RFC 5280 §4.2.1.11 MUST be critical; checks.rs decides how much that matters.
                self.policy_constraints_noncritical = !critical;
                let pc = p::constraints::PolicyConstraints::from_der(value).map_err(e)?;
                self.require_explicit_policy = pc.require_explicit_policy;
                self.inhibit_policy_mapping = pc.inhibit_policy_mapping;
            }
            ext::POLICY_MAPPINGS => {
                // RFC 5280 §4.2.1.5 only says SHOULD be critical: either marking is accepted.
                let mappings = p::PolicyMappings::from_der(value).map_err(e)?;
                if mappings.0.is_empty() {
                    return Err("lists no mapping (RFC 5280 §4.2.1.5: SIZE (1..MAX))".into());
                }
                self.policy_mappings = mappings
                    .0
                    .iter()
                    .map(|m| (m.issuer_domain_policy.to_string(), m.subject_domain_policy.to_string()))
                    .collect();
            }
            ext::INHIBIT_ANY_POLICY => {
                // RFC 5280 §4.2.1.14 says MUST be critical; OpenSSL and Go accept a non-critical
                // one, and so does certchain (the constraint is applied either way).
                self.inhibit_any_policy = Some(p::InhibitAnyPolicy::from_der(value).map_err(e)?.0);
            }
            _ => {}
        }
        Ok(())
    }

    /// Issuer and subject names are equal (RFC 5280 §6.1: "self-issued").
    pub fn is_self_issued(&self) -> bool {
        self.subject_key == self.issuer_key
    }

    /// Self-issued and the signature verifies with the certificate's own key.
    pub fn is_self_signed(&self) -> bool {
        *self.self_signed.get_or_init(|| self.is_self_issued() && self.verify_signed_by(&self.spki_der).is_ok())
    }

    /// Verify this certificate's signature with an issuer's DER SubjectPublicKeyInfo.
    pub fn verify_signed_by(&self, issuer_spki_der: &[u8]) -> Result<(), crate::crypto::SignatureError> {
        crate::crypto::verify_signature(
            self.parsed.signature_algorithm(),
            &self.tbs_der,
            self.parsed.signature().raw_bytes(),
            issuer_spki_der,
        )
    }

    /// Whether basic constraints assert cA.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.as_ref().is_some_and(|bc| bc.ca)
    }

    /// The subject's common names (as UTF-8 text where they are strings).
    pub fn common_names(&self) -> Vec<String> {
        self.cns.clone()
    }

    /// The subject's common names, borrowed.
    pub fn common_names_ref(&self) -> &[String] {
        &self.cns
    }

    /// A short name for messages: the first CN, else the full subject, else the SHA-256 prefix.
    pub fn display_name(&self) -> String {
        self.display.clone()
    }

    /// DNS names in the subject alternative names.
    pub fn dns_names(&self) -> impl Iterator<Item = &str> {
        self.san.iter().flatten().filter_map(|n| match n {
            GeneralName::DnsName(s) => Some(s.as_str()),
            _ => None,
        })
    }

    pub fn subject_is_empty(&self) -> bool {
        self.parsed.tbs_certificate().subject().is_empty()
    }
}

/// A general name in OpenSSL's prefixes (`DNS:example.com`, `IP:10.0.0.1`, `email:a@b`,
/// `DirName:CN=...`, `Registered ID:1.2.3`): the one wording of a name in every message and in
/// the report. Name constraints carry an address and its mask (8 or 32 bytes), printed
/// `IP:10.0.0.0/255.0.0.0` as OpenSSL prints them.
pub fn general_name_text(name: &GeneralName) -> String {
    fn ip(bytes: &[u8]) -> String {
        match bytes.len() {
            4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
            16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(bytes);
                std::net::Ipv6Addr::from(a).to_string()
            }
            _ => hex_colon(bytes),
        }
    }
    match name {
        GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
        GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
        GeneralName::DirectoryName(n) => format!("DirName:{}", rfc4514(n)),
        GeneralName::IpAddress(o) => {
            let b = o.as_bytes();
            match b.len() {
                8 | 32 => format!("IP:{}/{}", ip(&b[..b.len() / 2]), ip(&b[b.len() / 2..])),
                _ => format!("IP:{}", ip(b)),
            }
        }
        GeneralName::RegisteredId(oid) => format!("Registered ID:{oid}"),
        GeneralName::OtherName(o) => format!("othername:{}", o.type_id),
        GeneralName::EdiPartyName(_) => "EdiPartyName".to_string(),
    }
}

/// RFC 4514 text of a Name, exactly as x509-cert's `Display` writes it, but without its linear
/// search of the OID database for the common attribute types (a hostile subject may hold
/// thousands of attributes; every certificate is named in many messages).
pub fn rfc4514(name: &x509_cert::name::Name) -> String {
    use std::fmt::Write;
    const SHORT: [(ObjectIdentifier, &str); 6] =
        [(attr::CN, "CN"), (attr::C, "C"), (attr::L, "L"), (attr::ST, "ST"), (attr::O, "O"), (attr::OU, "OU")];
    let mut out = String::new();
    // Keys of attributes outside SHORT, as x509-cert's Display finds them: a linear search of
    // const-oid's database (~27k instructions each), done once per OID here, not per attribute
    // (x509-limbo's nc-dos subjects hold 2,048 emailAddress attributes).
    let mut looked_up: Vec<(ObjectIdentifier, Option<String>)> = Vec::new();
    let rdns: Vec<_> = name.iter_rdn().collect();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            let key = SHORT.iter().find(|(oid, _)| *oid == atv.oid).map(|(_, k)| *k);
            let text = match atv.value.tag() {
                der::Tag::PrintableString | der::Tag::Utf8String | der::Tag::Ia5String | der::Tag::TeletexString => {
                    std::str::from_utf8(atv.value.value()).ok()
                }
                _ => None,
            };
            match (key, text) {
                (Some(key), Some(val)) => {
                    out.push_str(key);
                    out.push('=');
                    escape_rfc4514_value(&mut out, val);
                }
                (Some(_), None) => {
                    let _ = write!(out, "{atv}");
                }
                (None, _) => {
                    let position = match looked_up.iter().position(|(oid, _)| *oid == atv.oid) {
                        Some(position) => position,
                        None => {
                            // x509-cert's ShortestName: the shortest name, the first on ties.
                            let mut key: Option<&str> = None;
                            for name in const_oid::db::DB.find_names_for_oid(atv.oid) {
                                if key.is_none_or(|best| name.len() < best.len()) {
                                    key = Some(name);
                                }
                            }
                            let key = key.map(str::to_ascii_uppercase);
                            looked_up.push((atv.oid, key));
                            looked_up.len() - 1
                        }
                    };
                    // The same string types and checks as x509-cert's Display.
                    let strict = match atv.value.tag() {
                        der::Tag::PrintableString => {
                            der::asn1::PrintableStringRef::try_from(&atv.value).ok().map(|s| s.as_str())
                        }
                        der::Tag::Utf8String => der::asn1::Utf8StringRef::try_from(&atv.value).ok().map(|s| s.as_str()),
                        der::Tag::Ia5String => der::asn1::Ia5StringRef::try_from(&atv.value).ok().map(|s| s.as_str()),
                        der::Tag::TeletexString => {
                            der::asn1::TeletexStringRef::try_from(&atv.value).ok().map(|s| s.as_str())
                        }
                        _ => None,
                    };
                    match (looked_up.get(position).and_then(|(_, key)| key.as_deref()), strict) {
                        (Some(key), Some(val)) => {
                            out.push_str(key);
                            out.push('=');
                            escape_rfc4514_value(&mut out, val);
                        }
                        _ => match atv.value.to_der() {
                            Ok(value) => {
                                let _ = write!(out, "{}=#{}", atv.oid, hex(&value));
                            }
                            Err(_) => {
                                let _ = write!(out, "{atv}");
                            }
                        },
                    }
                }
            }
        }
    }
    out
}

/// RFC 4514 §2.4 escaping, as x509-cert's Display does it.
fn escape_rfc4514_value(out: &mut String, val: &str) {
    use std::fmt::Write;
    let mut chars = val.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || chars.peek().is_none() => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\x00'..='\x1f' | '\x7f' => {
                let _ = write!(out, "\\{:02x}", c as u8);
            }
            _ => out.push(c),
        }
    }
}

/// Text of a DirectoryString-like attribute value (UTF8String, PrintableString, IA5String, ...).
pub fn directory_string(value: &der::Any) -> Option<String> {
    use der::Tag;
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString | Tag::VisibleString => {
            std::str::from_utf8(value.value()).ok().map(str::to_string)
        }
        Tag::BmpString => {
            let bytes = value.value();
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// A canonical byte form of a Name for comparison per RFC 5280 §7.1 (simplified RFC 4518):
/// string values are case-folded with runs of white space collapsed and ends trimmed; other
/// values compare as DER. The RDN structure is kept (each RDN's attributes sorted).
pub fn normalized_name(name: &x509_cert::name::Name) -> Vec<u8> {
    normalized_rdns(name).concat()
}

/// [`normalized_name`] split per RDN, for prefix comparison (directoryName constraints).
pub fn normalized_rdns(name: &x509_cert::name::Name) -> Vec<Vec<u8>> {
    let mut rdns = Vec::new();
    for rdn in name.iter_rdn() {
        let mut atvs: Vec<Vec<u8>> = rdn
            .iter()
            .map(|atv| {
                let mut v = atv.oid.as_bytes().to_vec();
                v.push(0xff);
                match directory_string(&atv.value) {
                    Some(text) => {
                        let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                        v.push(b's');
                        v.extend(folded.as_bytes());
                    }
                    None => {
                        v.push(b'd');
                        v.extend(atv.value.to_der().unwrap_or_default());
                    }
                }
                v
            })
            .collect();
        atvs.sort();
        let mut out = vec![b'['];
        for atv in atvs {
            out.extend((atv.len() as u32).to_be_bytes());
            out.extend(atv);
        }
        out.push(b']');
        rdns.push(out);
    }
    rdns
}

/// The first dNSName in a subjectAltName value that x509-cert refused because it is UTF-8 text,
/// not IA5String (what some tools write for an internationalised name).
fn utf8_dns_name(san_value: &[u8]) -> Option<String> {
    use der::asn1::AnyRef;
    let names = Vec::<AnyRef<'_>>::from_der(san_value).ok()?;
    names.iter().find_map(|n| {
        // dNSName [2] IMPLICIT IA5String: context-specific, primitive, number 2.
        let is_dns = n.tag().is_context_specific() && !n.tag().is_constructed() && n.tag().number().value() == 2;
        let text = std::str::from_utf8(n.value()).ok()?;
        (is_dns && !text.is_ascii()).then(|| text.to_string())
    })
}

fn ext_name(oid: &ObjectIdentifier) -> String {
    let name = match *oid {
        ext::SUBJECT_KEY_ID => "subjectKeyIdentifier",
        ext::KEY_USAGE => "keyUsage",
        ext::SUBJECT_ALT_NAME => "subjectAltName",
        ext::BASIC_CONSTRAINTS => "basicConstraints",
        ext::NAME_CONSTRAINTS => "nameConstraints",
        ext::CRL_DISTRIBUTION_POINTS => "cRLDistributionPoints",
        ext::CERTIFICATE_POLICIES => "certificatePolicies",
        ext::AUTHORITY_KEY_ID => "authorityKeyIdentifier",
        ext::POLICY_CONSTRAINTS => "policyConstraints",
        ext::EXT_KEY_USAGE => "extendedKeyUsage",
        ext::AUTHORITY_INFO_ACCESS => "authorityInfoAccess",
        _ => return oid_label(oid),
    };
    name.to_string()
}

/// Length of a DER header and its content length, or `None` when malformed.
pub fn der_header(input: &[u8]) -> Option<(usize, usize)> {
    let first_len = *input.get(1)?;
    if first_len < 0x80 {
        return Some((2, usize::from(first_len)));
    }
    let n = usize::from(first_len & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | usize::from(*input.get(2 + i)?);
    }
    Some((2 + n, len))
}

/// The raw bytes of the first element inside a DER SEQUENCE (the signed part of a certificate or CRL).
/// The version number of a certificate x509-cert refused, when it is none of 0, 1, 2 (der
/// reports only "bad INTEGER" for it).
fn impossible_version(der: &[u8]) -> Option<u64> {
    use der::{Decode, Header, SliceReader, asn1::AnyRef};
    let mut reader = SliceReader::new(der).ok()?;
    Header::decode(&mut reader).ok()?; // Certificate SEQUENCE
    Header::decode(&mut reader).ok()?; // tbsCertificate SEQUENCE
    let first = AnyRef::decode(&mut reader).ok()?;
    // version [0] EXPLICIT INTEGER
    if !(first.tag().is_context_specific() && first.tag().number().value() == 0) {
        return None;
    }
    let version = der::asn1::Int::from_der(first.value()).ok()?;
    let bytes = version.as_bytes();
    let value = match bytes {
        [] => 0,
        [b] => u64::from(*b),
        // Negative or wider than 8 bytes: report the first bytes' value as a large number.
        _ => bytes.iter().take(8).fold(0u64, |acc, b| acc << 8 | u64::from(*b)),
    };
    (value > 2 || bytes.first().is_some_and(|b| b & 0x80 != 0)).then_some(value)
}

/// RFC 5280 §4.1.2.5.1: a UTCTime year YY ≥ 50 is 19YY, so validity dates from 1950 on are
/// valid. der's `DateTime` starts at 1970 (it converts to a Unix duration), so x509-cert refuses
/// a certificate whose validity says 1950–1969 ("malformed ASN.1 DER value for UTCTime"). For such
/// a certificate only: der's reader locates the two validity times, the year digits of those
/// before 1970 are replaced by 1970 in a copy that x509-cert parses (same lengths, so every other
/// byte stays where it was; the signature and fingerprint use the original bytes), and the real
/// times are computed here from the digits — the one part done by hand, because no RustCrypto type
/// holds a date before 1970. Returns the parsed certificate and (notBefore, notAfter).
fn parse_with_early_validity(der: &[u8]) -> Option<(Certificate, Option<(UnixTime, UnixTime)>)> {
    use der::{Decode, Header, Reader, SliceReader, Tag, Tagged, asn1::AnyRef};
    let mut reader = SliceReader::new(der).ok()?;
    Header::decode(&mut reader).ok()?; // Certificate SEQUENCE
    Header::decode(&mut reader).ok()?; // tbsCertificate SEQUENCE
    if AnyRef::decode(&mut reader).ok()?.tag().is_context_specific() {
        AnyRef::decode(&mut reader).ok()?; // [0] version was present: this is the serial
    }
    AnyRef::decode(&mut reader).ok()?; // signature AlgorithmIdentifier
    AnyRef::decode(&mut reader).ok()?; // issuer
    Header::decode(&mut reader).ok()?; // validity SEQUENCE
    let mut patched = der.to_vec();
    let mut times = [UnixTime(0); 2];
    let mut changed = false;
    for time in &mut times {
        let value = AnyRef::decode(&mut reader).ok()?;
        let end = usize::try_from(reader.position()).ok()?;
        let bytes = value.value();
        let start = end.checked_sub(bytes.len())?;
        let digits = |range: std::ops::Range<usize>| -> Option<i64> {
            let text = std::str::from_utf8(bytes.get(range)?).ok()?;
            text.bytes().all(|b| b.is_ascii_digit()).then(|| text.parse().ok())?
        };
        // YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ (GeneralizedTime), Z and seconds mandatory.
        let (year, rest, year_len) = match (value.tag(), bytes.len()) {
            (Tag::UtcTime, 13) => {
                let yy = digits(0..2)?;
                (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2, 2)
            }
            (Tag::GeneralizedTime, 15) => (digits(0..4)?, 4, 4),
            _ => return None,
        };
        if bytes.last() != Some(&b'Z') {
            return None;
        }
        let (month, day) = (digits(rest..rest + 2)?, digits(rest + 2..rest + 4)?);
        let (h, m, sec) = (digits(rest + 4..rest + 6)?, digits(rest + 6..rest + 8)?, digits(rest + 8..rest + 10)?);
        let valid = (1..=12).contains(&month)
            && (1..=crate::time::days_in_month(year, month)).contains(&day)
            && h < 24
            && m < 60
            && sec < 60;
        if !valid {
            return None;
        }
        *time = UnixTime(crate::time::days_from_civil(year, month, day) * 86400 + h * 3600 + m * 60 + sec);
        if year < 1970 {
            // The whole date, not just the year: 29 February of 1952 is no date in 1970.
            let epoch: &[u8] = if year_len == 2 { b"700101000000Z" } else { b"19700101000000Z" };
            patched.get_mut(start..end)?.copy_from_slice(epoch);
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let parsed = Certificate::from_der(&patched).ok()?;
    Some((parsed, Some((times[0], times[1]))))
}

pub fn first_element_of_sequence(der: &[u8]) -> Option<&[u8]> {
    let (outer_header, _) = der_header(der)?;
    let inner = der.get(outer_header..)?;
    let (header, len) = der_header(inner)?;
    inner.get(..header.checked_add(len)?)
}

/// Lowercase hex of bytes (certificate hashes, identifiers in the report).
pub fn hex(bytes: &[u8]) -> String {
    base16ct::lower::encode_string(bytes)
}

/// Colon-separated uppercase hex, as `openssl x509 -text` prints key identifiers.
pub fn hex_colon(bytes: &[u8]) -> String {
    let plain = base16ct::upper::encode_string(bytes);
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, pair) in plain.as_bytes().chunks(2).enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.extend(pair.iter().map(|&b| char::from(b)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMBO_ROOT: &str = "-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUB12t0nlD6jaFR8RpBoozcbznwVcwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPeDUwOS1saW1iby1yb290MCAXDTcwMDEwMTAwMDAwMVoYDzI5
NjkwNTAzMDAwMDAxWjAaMRgwFgYDVQQDDA94NTA5LWxpbWJvLXJvb3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQTLS0ehkxY+A81WIQzjMZgO7lJSU3CGiONu3Ge
AU1Bd1d8sYOnoxVDzBYaPwBbcBvmJVLLlC4h1Y1MrYyMgTHgo1cwVTAPBgNVHRMB
Af8EBTADAQH/MAsGA1UdDwQEAwIBBjAWBgNVHREEDzANggtleGFtcGxlLmNvbTAd
BgNVHQ4EFgQU0MEwoZyIeni0F043rWbIIZyuEhgwCgYIKoZIzj0EAwIDSAAwRQIg
JYBzxqbi1L2RFAzX6PMImp0gXRydpQf8VvfyWFQcYzECIQChJGn/ARP0cCaeLgLE
W28JdUno9m0ixFQWHD3MK5AHjA==
-----END CERTIFICATE-----";

    #[test]
    fn parses_extensions_of_a_limbo_root() {
        let (_, der) = pem_rfc7468::decode_vec(LIMBO_ROOT.as_bytes()).unwrap();
        let cert = Cert::from_der(&der, Origin::default()).unwrap();
        assert_eq!(cert.version, 3);
        assert_eq!(cert.basic_constraints, Some(BasicConstraints { ca: true, path_len: None, critical: true }));
        let ku = cert.key_usage.clone().unwrap();
        assert!(ku.key_cert_sign() && ku.crl_sign() && !ku.has(0));
        assert_eq!(cert.dns_names().collect::<Vec<_>>(), ["example.com"]);
        assert_eq!(cert.subject_key_id.as_ref().map(|k| k.len()), Some(20));
        assert!(cert.problems.is_empty(), "{:?}", cert.problems);
        assert!(cert.is_self_issued() && cert.is_self_signed());
        assert_eq!(cert.display_name(), "x509-limbo-root");
        assert_eq!(cert.tbs_der, cert.parsed.tbs_certificate().to_der().unwrap());
    }

    #[test]
    fn name_normalisation_ignores_case_and_spacing() {
        let a: x509_cert::name::Name = "CN=Example  CA,O=Acme".parse().unwrap();
        let b: x509_cert::name::Name = "CN=example ca,O=ACME".parse().unwrap();
        let c: x509_cert::name::Name = "CN=other,O=ACME".parse().unwrap();
        assert_eq!(normalized_name(&a), normalized_name(&b));
        assert_ne!(normalized_name(&a), normalized_name(&c));
    }

    #[test]
    fn rfc4514_matches_x509_cert_display() {
        for text in [
            "CN=Example CA,O=Acme\\, Inc.,C=US",
            "CN=\\ lead\\ ,OU=a\\+c,L=x\\;y",
            "CN=\\#hash,O=\\<tag\\>,serialNumber=1234",
            "CN=x+OU=y,O=z",
            "DC=example,DC=com",
            "emailAddress=a@example.com+emailAddress=b@example.com,UID=u\\,1,CN=x",
            "1.2.3.4=#0c0161,2.5.4.3=#020101,CN=y",
        ] {
            let name: x509_cert::name::Name = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(rfc4514(&name), name.to_string(), "{text}");
        }
    }

    #[test]
    fn rfc4514_matches_x509_cert_display_on_every_bundled_root() {
        for anchor in &crate::trust::TrustStore::mozilla().anchors {
            let subject = anchor.cert.parsed.tbs_certificate().subject();
            assert_eq!(rfc4514(subject), subject.to_string());
        }
    }

    #[test]
    fn hex_forms() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex_colon(&[0x00, 0x0f, 0xa5, 0xff]), "00:0F:A5:FF");
        assert_eq!(hex_colon(&[0x7e]), "7E");
        assert_eq!(hex_colon(&[]), "");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn der_header_rejects_truncation() {
        assert_eq!(der_header(&[0x30, 0x82, 0x01]), None);
        assert_eq!(der_header(&[0x30, 0x82, 0x01, 0x00]), Some((4, 256)));
        assert_eq!(first_element_of_sequence(&[0x30, 0x03, 0x02, 0x01, 0x05]), Some(&[0x02, 0x01, 0x05][..]));
    }
}
