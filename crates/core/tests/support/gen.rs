//! Deterministic certificate generator for the hostile-input tests, the property tests, the
//! benchmarks and `scripts/make-bundle` (through `examples/gen_inputs.rs`).
//!
//! A few lines of DER writing plus ECDSA P-256 signing (RFC 6979, so the same seed always gives
//! the same bytes): fast enough to make thousands of certificates in a test, with no openssl at
//! run time. Shapes that DER builders refuse (10,000 SANs, a 1 MB extension, deep nesting) are
//! just bytes here.
#![allow(dead_code)]

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use sha2::{Digest, Sha256};

const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_PRIME256V1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_ORG: &[u8] = &[0x55, 0x04, 0x0a];
const OID_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
const OID_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
const OID_EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
const OID_SAN: &[u8] = &[0x55, 0x1d, 0x11];
const OID_SKI: &[u8] = &[0x55, 0x1d, 0x0e];
const OID_AKI: &[u8] = &[0x55, 0x1d, 0x23];
const OID_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
const OID_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
/// A private-arc OID for extensions certchain does not know (1.3.6.1.4.1.55555.1).
pub const OID_PRIVATE_EXT: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xb2, 0x03, 0x01];

/// DER tag-length-value with a definite length of any size.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    push_len(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn uint(value: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = value.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    tlv(0x02, &bytes)
}

/// `CN=<cn>, O=certchain tests` as DER.
pub fn name(cn: &str) -> Vec<u8> {
    let attr = |oid: &[u8], value: &str| tlv(0x31, &seq(&[&tlv(0x06, oid), &tlv(0x0c, value.as_bytes())]));
    seq(&[&attr(OID_ORG, "certchain tests"), &attr(OID_CN, cn)])
}

/// One extension: OID, criticality, the DER of its value.
pub fn extension(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let oid = tlv(0x06, oid);
    let value = tlv(0x04, value);
    if critical { seq(&[&oid, &tlv(0x01, &[0xff]), &value]) } else { seq(&[&oid, &value]) }
}

/// An ECDSA P-256 key derived from a seed (same seed, same key).
pub struct Key {
    signing: SigningKey,
    /// Uncompressed SEC1 point.
    point: Vec<u8>,
}

impl Key {
    pub fn from_seed(seed: u64) -> Key {
        let mut counter = 0u32;
        loop {
            let mut h = Sha256::new();
            h.update(b"certchain test key");
            h.update(seed.to_be_bytes());
            h.update(counter.to_be_bytes());
            // A digest at or above the group order (probability ~2^-32) is not a scalar: try the next.
            if let Ok(signing) = SigningKey::from_slice(&h.finalize()) {
                let point = signing.verifying_key().to_sec1_point(false).as_bytes().to_vec();
                return Key { signing, point };
            }
            counter += 1;
        }
    }

    pub fn spki(&self) -> Vec<u8> {
        let alg = seq(&[&tlv(0x06, OID_EC_PUBLIC_KEY), &tlv(0x06, OID_PRIME256V1)]);
        seq(&[&alg, &tlv(0x03, &[&[0u8][..], &self.point].concat())])
    }

    /// Key identifier (RFC 7093 method 1: the leftmost 160 bits of the SHA-256 of the key).
    pub fn key_id(&self) -> Vec<u8> {
        Sha256::digest(&self.point)[..20].to_vec()
    }

    /// SEC1 `EC PRIVATE KEY` DER.
    pub fn sec1_der(&self) -> Vec<u8> {
        seq(&[
            &uint(1),
            &tlv(0x04, &self.signing.to_bytes()),
            &tlv(0xa0, &tlv(0x06, OID_PRIME256V1)),
            &tlv(0xa1, &tlv(0x03, &[&[0u8][..], &self.point].concat())),
        ])
    }

    pub fn sec1_pem(&self) -> String {
        pem("EC PRIVATE KEY", &self.sec1_der())
    }

    fn sign(&self, tbs: &[u8]) -> Vec<u8> {
        let signature: DerSignature = self.signing.sign(tbs);
        signature.as_bytes().to_vec()
    }
}

/// What a certificate says, besides its keys.
#[derive(Clone)]
pub struct Spec {
    pub serial: u64,
    /// DER of the subject and issuer names (see [`name`]).
    pub subject: Vec<u8>,
    pub issuer: Vec<u8>,
    /// UTCTime strings (`YYMMDDHHMMSSZ`), or GeneralizedTime (`YYYYMMDDHHMMSSZ`) by length.
    pub not_before: &'static str,
    pub not_after: &'static str,
    /// `Some(path_len)` for a CA (`Some(None)` = no path length), `None` for a leaf.
    pub ca: Option<Option<u8>>,
    pub dns: Vec<String>,
    /// Extra extensions, each from [`extension`].
    pub extra: Vec<Vec<u8>>,
    /// Subject key identifier to claim instead of the key's own (impostors copy a real CA's).
    pub ski: Option<Vec<u8>>,
    /// X.509 version number (1 or 3). A v1 certificate has no extensions at all.
    pub version: u8,
    /// basicConstraints marked critical (RFC 5280 §4.2.1.9 requires it in CA certificates).
    pub bc_critical: bool,
    /// Whether to write an authorityKeyIdentifier.
    pub aki: bool,
}

impl Spec {
    pub fn ca(serial: u64, subject_cn: &str, issuer_cn: &str) -> Spec {
        Spec {
            serial,
            subject: name(subject_cn),
            issuer: name(issuer_cn),
            not_before: "250101000000Z",
            not_after: "350101000000Z",
            ca: Some(None),
            dns: Vec::new(),
            extra: Vec::new(),
            ski: None,
            version: 3,
            bc_critical: true,
            aki: true,
        }
    }

    pub fn leaf(serial: u64, subject_cn: &str, issuer_cn: &str) -> Spec {
        Spec {
            ca: None,
            dns: vec![format!("{}.test", subject_cn.to_lowercase().replace([' ', '_'], "-"))],
            ..Spec::ca(serial, subject_cn, issuer_cn)
        }
    }
}

/// Build and sign a certificate: `subject` is the certified key, `issuer` signs.
pub fn cert(spec: &Spec, subject: &Key, issuer: &Key) -> Vec<u8> {
    let alg = seq(&[&tlv(0x06, OID_ECDSA_SHA256)]);
    let time = |t: &str| tlv(if t.len() == 15 { 0x18 } else { 0x17 }, t.as_bytes());
    let validity = seq(&[&time(spec.not_before), &time(spec.not_after)]);
    let mut exts: Vec<Vec<u8>> = Vec::new();
    match spec.ca {
        Some(path_len) => {
            let bc = match path_len {
                Some(n) => seq(&[&tlv(0x01, &[0xff]), &uint(u64::from(n))]),
                None => seq(&[&tlv(0x01, &[0xff])]),
            };
            exts.push(extension(OID_BASIC_CONSTRAINTS, spec.bc_critical, &bc));
            // keyCertSign + cRLSign.
            exts.push(extension(OID_KEY_USAGE, true, &tlv(0x03, &[0x01, 0x06])));
        }
        None => {
            exts.push(extension(OID_BASIC_CONSTRAINTS, true, &seq(&[])));
            // digitalSignature.
            exts.push(extension(OID_KEY_USAGE, true, &tlv(0x03, &[0x07, 0x80])));
            let eku = seq(&[&tlv(0x06, OID_CLIENT_AUTH), &tlv(0x06, OID_SERVER_AUTH)]);
            exts.push(extension(OID_EXT_KEY_USAGE, false, &eku));
        }
    }
    if !spec.dns.is_empty() {
        let names: Vec<u8> = spec.dns.iter().flat_map(|d| tlv(0x82, d.as_bytes())).collect();
        exts.push(extension(OID_SAN, false, &tlv(0x30, &names)));
    }
    exts.push(extension(OID_SKI, false, &tlv(0x04, &spec.ski.clone().unwrap_or_else(|| subject.key_id()))));
    if spec.aki {
        exts.push(extension(OID_AKI, false, &seq(&[&tlv(0x80, &issuer.key_id())])));
    }
    exts.extend(spec.extra.iter().cloned());
    let (version, exts) = match spec.version {
        1 => (Vec::new(), Vec::new()),
        v => (tlv(0xa0, &uint(u64::from(v) - 1)), tlv(0xa3, &tlv(0x30, &exts.concat()))),
    };
    let tbs =
        seq(&[&version, &uint(spec.serial), &alg, &spec.issuer, &validity, &spec.subject, &subject.spki(), &exts]);
    let signature = issuer.sign(&tbs);
    seq(&[&tbs, &alg, &tlv(0x03, &[&[0u8][..], &signature].concat())])
}

const OID_CRL_NUMBER: &[u8] = &[0x55, 0x1d, 0x14];

/// A v2 CRL in `issuer`'s name (DER, see [`name`]) signed by `signer`, valid `this_update` to
/// `next_update` (UTCTime strings), listing `serials` (revoked on `this_update`).
pub fn crl(issuer: &[u8], signer: &Key, this_update: &str, next_update: &str, serials: &[u64]) -> Vec<u8> {
    let alg = seq(&[&tlv(0x06, OID_ECDSA_SHA256)]);
    let date = tlv(0x17, this_update.as_bytes());
    let entries: Vec<u8> = serials.iter().flat_map(|s| seq(&[&uint(*s), &date])).collect();
    let exts =
        [extension(OID_AKI, false, &seq(&[&tlv(0x80, &signer.key_id())])), extension(OID_CRL_NUMBER, false, &uint(1))];
    let mut tbs_parts: Vec<Vec<u8>> =
        vec![uint(1), alg.clone(), issuer.to_vec(), date.clone(), tlv(0x17, next_update.as_bytes())];
    if !serials.is_empty() {
        tbs_parts.push(tlv(0x30, &entries));
    }
    tbs_parts.push(tlv(0xa0, &tlv(0x30, &exts.concat())));
    let tbs = tlv(0x30, &tbs_parts.concat());
    let signature = signer.sign(&tbs);
    seq(&[&tbs, &alg, &tlv(0x03, &[&[0u8][..], &signature].concat())])
}

/// The keys [`chain`] uses for `tag` (index 0 = root, then the CAs, last = leaf).
pub fn chain_keys(tag: &str, intermediates: usize) -> Vec<Key> {
    let seed = u64::from_be_bytes(Sha256::digest(tag.as_bytes())[..8].try_into().unwrap_or_default());
    (0..intermediates + 2).map(|i| Key::from_seed(seed.wrapping_add(i as u64))).collect()
}

/// PEM with 64-column base64 lines.
pub fn pem(label: &str, der: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    let b64 = Base64::encode_string(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

pub fn cert_pem(der: &[u8]) -> String {
    pem("CERTIFICATE", der)
}

/// A root → intermediates → leaf chain: `certs[0]` is the leaf, the root is last.
pub struct Chain {
    pub certs: Vec<Vec<u8>>,
    pub leaf_key: Key,
}

impl Chain {
    pub fn root(&self) -> &[u8] {
        self.certs.last().map(Vec::as_slice).unwrap_or_default()
    }
    /// Leaf and intermediates (no root), leaf first, as PEM.
    pub fn chain_pem(&self) -> String {
        self.certs[..self.certs.len() - 1].iter().map(|c| cert_pem(c)).collect()
    }
}

/// A chain with `intermediates` CAs between the leaf and the root; `tag` keeps names and keys of
/// different chains apart.
pub fn chain(tag: &str, intermediates: usize) -> Chain {
    let seed = u64::from_be_bytes(Sha256::digest(tag.as_bytes())[..8].try_into().unwrap_or_default());
    let keys: Vec<Key> = (0..intermediates + 2).map(|i| Key::from_seed(seed.wrapping_add(i as u64))).collect();
    let ca_name = |i: usize| if i == 0 { format!("{tag} Root") } else { format!("{tag} CA {i}") };
    let mut certs = Vec::new();
    // Root first (index 0 = root, last = leaf), reversed at the end.
    certs.push(cert(&Spec::ca(1, &ca_name(0), &ca_name(0)), &keys[0], &keys[0]));
    for i in 1..=intermediates {
        certs.push(cert(&Spec::ca(1 + i as u64, &ca_name(i), &ca_name(i - 1)), &keys[i], &keys[i - 1]));
    }
    let leaf_spec = Spec::leaf(1000, &format!("{tag} Leaf"), &ca_name(intermediates));
    certs.push(cert(&leaf_spec, &keys[intermediates + 1], &keys[intermediates]));
    certs.reverse();
    let leaf_key = keys.into_iter().next_back().unwrap_or_else(|| Key::from_seed(seed));
    Chain { certs, leaf_key }
}

/// The 2,000-certificate paste (about 5 MB): a leaf, its two intermediates, and 1,997 other
/// certificates a real paste might hold — unrelated CAs and leaves, 100 CAs sharing the
/// intermediate's name under other keys (the issuer search must reject them by key identifier or
/// signature), and `openssl x509 -text`-style headers between blocks. Returns the PEM text and
/// the root (DER) to trust.
pub struct Bundle {
    pub pem: String,
    pub root: Vec<u8>,
    pub count: usize,
}

pub fn bundle(count: usize) -> Bundle {
    let root_key = Key::from_seed(1);
    let int1_key = Key::from_seed(2);
    let int2_key = Key::from_seed(3);
    let leaf_key = Key::from_seed(4);
    let root = cert(&Spec::ca(1, "Bundle Root", "Bundle Root"), &root_key, &root_key);
    let int1 = cert(&Spec::ca(2, "Bundle CA 1", "Bundle Root"), &int1_key, &root_key);
    let int2 = cert(&Spec::ca(3, "Bundle CA 2", "Bundle CA 1"), &int2_key, &int1_key);
    let mut leaf_spec = Spec::leaf(4, "Bundle Leaf", "Bundle CA 2");
    leaf_spec.dns = (0..40).map(|i| format!("service-{i:02}.bundle-leaf.example.test")).collect();
    let leaf = cert(&leaf_spec, &leaf_key, &int2_key);
    let mut blocks: Vec<(String, Vec<u8>)> =
        vec![("Bundle Leaf".into(), leaf), ("Bundle CA 2".into(), int2), ("Bundle CA 1".into(), int1)];
    // A handful of signing keys for the filler: key generation is a scalar multiplication each.
    let filler_keys: Vec<Key> = (0..16).map(|i| Key::from_seed(100 + i)).collect();
    let mut n = 0u64;
    while blocks.len() < count {
        n += 1;
        let subject_key = &filler_keys[(n % 16) as usize];
        let issuer_key = &filler_keys[((n + 1) % 16) as usize];
        let (subject, issuer, ca) = match n % 20 {
            // Same name as the leaf's issuer, another key: an impostor candidate.
            0 => ("Bundle CA 2".to_string(), "Bundle CA 1".to_string(), true),
            1..=9 => (format!("Filler CA {n}"), format!("Filler Root {}", n % 7), true),
            _ => (format!("Filler Leaf {n}"), format!("Filler CA {}", n - n % 10 + 1), false),
        };
        let mut spec =
            if ca { Spec::ca(10_000 + n, &subject, &issuer) } else { Spec::leaf(10_000 + n, &subject, &issuer) };
        // Names and policies of a typical public certificate: ~1.8 KB of DER each, ~5 MB in all.
        spec.dns = (0..40).map(|i| format!("host-{i:02}.filler-{n}.example.test")).collect();
        blocks.push((subject, cert(&spec, subject_key, issuer_key)));
    }
    let mut pem_text = String::new();
    for (i, (subject, der)) in blocks.iter().enumerate() {
        pem_text.push_str(&format!("# {i}\nsubject=O = certchain tests, CN = {subject}\n"));
        pem_text.push_str(&cert_pem(der));
        pem_text.push('\n');
    }
    Bundle { pem: pem_text, root, count: blocks.len() }
}

/// One hostile scenario: inputs, the roots to trust (custom store), and what it exercises.
pub struct Case {
    pub name: &'static str,
    pub what: &'static str,
    pub inputs: Vec<(String, Vec<u8>)>,
    pub roots: Vec<(String, Vec<u8>)>,
}

/// `depth` nested constructed elements with tag `tag` around `core`, built inside out.
pub fn nested(tag: u8, depth: usize, core: &[u8]) -> Vec<u8> {
    let mut out = core.to_vec();
    for _ in 0..depth {
        out = tlv(tag, &out);
    }
    out
}

/// A leaf under a one-intermediate chain `tag`, with `edit` applied to its spec.
fn edited_leaf(tag: &str, edit: impl FnOnce(&mut Spec)) -> (Vec<u8>, Chain) {
    let base = chain(tag, 1);
    let ca_key = Key::from_seed(
        u64::from_be_bytes(Sha256::digest(tag.as_bytes())[..8].try_into().unwrap_or_default()).wrapping_add(1),
    );
    let mut spec = Spec::leaf(2000, &format!("{tag} Leaf"), &format!("{tag} CA 1"));
    edit(&mut spec);
    (cert(&spec, &base.leaf_key, &ca_key), base)
}

fn leaf_case(name: &'static str, what: &'static str, edit: impl FnOnce(&mut Spec)) -> Case {
    let (leaf, base) = edited_leaf(name, edit);
    Case {
        name,
        what,
        inputs: vec![
            ("leaf.pem".into(), cert_pem(&leaf).into_bytes()),
            ("ca.pem".into(), cert_pem(&base.certs[1]).into_bytes()),
        ],
        roots: vec![("root.pem".into(), cert_pem(base.root()).into_bytes())],
    }
}

/// The hostile inputs of issue 6. `scale` divides the big sizes (debug builds pass 10 so the
/// test suite stays quick; release and `scripts/hostile-rss` pass 1). Files read from disk (the
/// RSA-16384 certificate, the mesh) are added by the callers.
pub fn hostile_cases(scale: usize) -> Vec<Case> {
    let scale = scale.max(1);
    let mut cases = Vec::new();
    let sans = 10_000 / scale;
    cases.push(leaf_case("sans_10000", "a leaf with 10,000 DNS subjectAltNames", |s| {
        s.dns = (0..sans).map(|i| format!("host-{i:05}.many-sans.example.test")).collect();
    }));
    let big = (1 << 20) / scale;
    cases.push(leaf_case("extension_1mb", "a leaf with a 1 MB non-critical private extension", |s| {
        s.extra.push(extension(OID_PRIVATE_EXT, false, &tlv(0x04, &vec![0x5a; big])));
    }));
    cases.push(leaf_case("extension_1mb_critical", "a leaf with a 1 MB critical private extension", |s| {
        s.extra.push(extension(OID_PRIVATE_EXT, true, &tlv(0x04, &vec![0x5a; big])));
    }));
    cases.push(leaf_case("nested_sequences_in_extension", "10,000 nested SEQUENCEs in a private extension", |s| {
        s.extra.push(extension(OID_PRIVATE_EXT, false, &nested(0x30, 10_000, &[])));
    }));
    cases.push(leaf_case("nested_sequences_in_san", "10,000 nested SEQUENCEs as a subjectAltName otherName", |s| {
        // otherName [0] { type-id OID, [0] EXPLICIT value }: the value is the deep nest.
        let other = tlv(0xa0, &[tlv(0x06, OID_PRIVATE_EXT), tlv(0xa0, &nested(0x30, 10_000, &[]))].concat());
        s.dns.clear();
        s.extra.push(extension(OID_SAN, false, &tlv(0x30, &other)));
    }));
    cases.push(leaf_case(
        "nested_octet_strings_in_extension",
        "10,000 nested constructed OCTET STRINGs in a private extension",
        |s| {
            s.extra.push(extension(OID_PRIVATE_EXT, false, &nested(0x24, 10_000, &tlv(0x04, b"x"))));
        },
    ));
    let nest = nested(0x30, 10_000, &[]);
    cases.push(Case {
        name: "nested_sequences_file",
        what: "a .der file of 10,000 nested SEQUENCEs",
        inputs: vec![("nested.der".into(), nest.clone())],
        roots: Vec::new(),
    });
    cases.push(Case {
        name: "nested_sequences_pem",
        what: "a CERTIFICATE PEM block of 10,000 nested SEQUENCEs",
        inputs: vec![("nested.pem".into(), pem("CERTIFICATE", &nest).into_bytes())],
        roots: Vec::new(),
    });
    // Constructed OCTET STRINGs with BER indefinite lengths, 10,000 deep: the BER-to-DER
    // conversion path (PKCS#12 and PKCS#7 from Windows tools use BER).
    let mut ber = tlv(0x04, b"x");
    for _ in 0..10_000 {
        ber = [&[0x24u8, 0x80][..], &ber, &[0, 0]].concat();
    }
    cases.push(Case {
        name: "nested_ber_octet_strings_file",
        what: "a .p12-named file of 10,000 nested indefinite-length constructed OCTET STRINGs",
        inputs: vec![("nested.p12".into(), [&[0x30u8, 0x80][..], &ber, &[0, 0]].concat())],
        roots: Vec::new(),
    });

    // Path building.
    // Debug: 50 look-alikes, within the 100-check budget; release: 300, beyond it.
    let same = if scale > 1 { 50 } else { 300 };
    let base = chain("same_named", 1);
    let ca_key_id = Key::from_seed(
        u64::from_be_bytes(Sha256::digest(b"same_named")[..8].try_into().unwrap_or_default()).wrapping_add(1),
    )
    .key_id();
    let mut inputs = vec![("leaf.pem".to_string(), cert_pem(&base.certs[0]).into_bytes())];
    let mut impostors = String::new();
    for i in 0..same {
        // Same subject, same claimed key identifier, another key: only a signature check tells.
        let mut spec = Spec::ca(5000 + i as u64, "same_named CA 1", "same_named Root");
        spec.ski = Some(ca_key_id.clone());
        impostors.push_str(&cert_pem(&cert(&spec, &Key::from_seed(50_000 + i as u64), &Key::from_seed(60_000))));
    }
    impostors.push_str(&cert_pem(&base.certs[1]));
    inputs.push(("cas.pem".into(), impostors.into_bytes()));
    cases.push(Case {
        name: "same_named_cas_300",
        what: "300 CAs with the issuer's name and key identifier but other keys, the real one last",
        inputs,
        roots: vec![("root.pem".into(), cert_pem(base.root()).into_bytes())],
    });

    let deep = chain("deep", 60);
    cases.push(Case {
        name: "deep_chain_60",
        what: "a chain of 60 intermediates",
        inputs: vec![("chain.pem".into(), deep.chain_pem().into_bytes())],
        roots: vec![("root.pem".into(), cert_pem(deep.root()).into_bytes())],
    });

    // A loop: A is signed by B, B by A; the leaf is signed by A. No root is reachable.
    let (ka, kb, kl) = (Key::from_seed(70_001), Key::from_seed(70_002), Key::from_seed(70_003));
    let a = cert(&Spec::ca(1, "Loop A", "Loop B"), &ka, &kb);
    let b = cert(&Spec::ca(2, "Loop B", "Loop A"), &kb, &ka);
    let leaf = cert(&Spec::leaf(3, "Loop Leaf", "Loop A"), &kl, &ka);
    let unrelated_root = chain("loop_root", 0);
    cases.push(Case {
        name: "issuer_loop",
        what: "two CAs that sign each other (A by B, B by A) above a leaf",
        inputs: vec![("loop.pem".into(), [cert_pem(&leaf), cert_pem(&a), cert_pem(&b)].concat().into_bytes())],
        roots: vec![("root.pem".into(), cert_pem(unrelated_root.root()).into_bytes())],
    });
    cases.extend(policy_cases());
    cases
}

const OID_CERTIFICATE_POLICIES: &[u8] = &[0x55, 0x1d, 0x20];
const OID_POLICY_MAPPINGS: &[u8] = &[0x55, 0x1d, 0x21];
const OID_POLICY_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x24];
const OID_ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x20, 0x00];

/// The content octets of policy OID 1.3.6.1.4.1.55555.7.`n` (X.690 §8.19: base-128 arcs).
pub fn policy_oid(n: u32) -> Vec<u8> {
    let mut out = vec![0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xb2, 0x03, 0x07];
    let mut arc = vec![(n & 0x7f) as u8];
    let mut rest = n >> 7;
    while rest > 0 {
        arc.push(0x80 | (rest & 0x7f) as u8);
        rest >>= 7;
    }
    arc.reverse();
    out.extend(arc);
    out
}

/// certificatePolicies listing these policy OIDs (content octets).
pub fn certificate_policies(oids: &[Vec<u8>]) -> Vec<u8> {
    let infos: Vec<Vec<u8>> = oids.iter().map(|o| seq(&[&tlv(0x06, o)])).collect();
    extension(OID_CERTIFICATE_POLICIES, false, &tlv(0x30, &infos.concat()))
}

/// A chain root → `cas.len()` CAs → leaf named `tag`, each CA carrying its extra extensions.
fn policy_chain(tag: &str, cas: &[Vec<Vec<u8>>], leaf_extra: Vec<Vec<u8>>) -> Case {
    let seed = u64::from_be_bytes(Sha256::digest(tag.as_bytes())[..8].try_into().unwrap_or_default());
    let keys: Vec<Key> = (0..cas.len() + 2).map(|i| Key::from_seed(seed.wrapping_add(i as u64))).collect();
    let ca_name = |i: usize| if i == 0 { format!("{tag} Root") } else { format!("{tag} CA {i}") };
    let root = cert(&Spec::ca(1, &ca_name(0), &ca_name(0)), &keys[0], &keys[0]);
    let mut pem_text = String::new();
    for (i, extra) in cas.iter().enumerate() {
        let mut spec = Spec::ca(2 + i as u64, &ca_name(i + 1), &ca_name(i));
        spec.extra = extra.clone();
        pem_text = cert_pem(&cert(&spec, &keys[i + 1], &keys[i])) + &pem_text;
    }
    let mut leaf = Spec::leaf(1000, &format!("{tag} Leaf"), &ca_name(cas.len()));
    leaf.extra = leaf_extra;
    pem_text = cert_pem(&cert(&leaf, &keys[cas.len() + 1], &keys[cas.len()])) + &pem_text;
    Case {
        name: "",
        what: "",
        inputs: vec![("chain.pem".into(), pem_text.into_bytes())],
        roots: vec![("root.pem".into(), cert_pem(&root).into_bytes())],
    }
}

/// Certificate-policy blow-ups (RFC 9618 §1, OpenSSL CVE-2023-0464): the RFC 5280 tree grows
/// exponentially with depth, certchain's policy graph does not, and its node budget stops the rest.
pub fn policy_cases() -> Vec<Case> {
    // 6 CAs each asserting 10 policies and mapping every one to all 10 (100 mappings): the RFC
    // 5280 tree holds 10^6 leaves at the bottom, the graph 10 nodes per depth.
    let policies: Vec<Vec<u8>> = (1..=10).map(policy_oid).collect();
    let mut mappings = Vec::new();
    for from in &policies {
        for to in &policies {
            mappings.push(seq(&[&tlv(0x06, from), &tlv(0x06, to)]));
        }
    }
    let mapping_ca =
        vec![certificate_policies(&policies), extension(OID_POLICY_MAPPINGS, true, &tlv(0x30, &mappings.concat()))];
    // The first CA requires an explicit policy, so policy processing decides the verdict.
    let mut first = mapping_ca.clone();
    first.push(extension(OID_POLICY_CONSTRAINTS, true, &seq(&[&tlv(0x80, &[0])])));
    let mut cas = vec![first];
    cas.extend(std::iter::repeat_n(mapping_ca, 5));
    let mut mesh = policy_chain("policy_mesh", &cas, vec![certificate_policies(&policies[..1])]);
    mesh.name = "policy_mapping_mesh";
    mesh.what = "6 CAs each mapping 10 policies to all 10 (10^6 nodes in an RFC 5280 policy tree)";

    // 6 CAs asserting anyPolicy and 200 policies each, over a leaf asserting the same 200:
    // 1,200 graph nodes, beyond the 1,000-node budget.
    let many: Vec<Vec<u8>> = (1..=200).map(policy_oid).collect();
    let mut wide_ca = many.clone();
    wide_ca.push(OID_ANY_POLICY.to_vec());
    let mut first = vec![certificate_policies(&wide_ca)];
    first.push(extension(OID_POLICY_CONSTRAINTS, true, &seq(&[&tlv(0x80, &[0])])));
    let mut cas = vec![first];
    cas.extend(std::iter::repeat_n(vec![certificate_policies(&wide_ca)], 5));
    let mut wide = policy_chain("policy_wide", &cas, vec![certificate_policies(&many)]);
    wide.name = "policy_nodes_1200";
    wide.what = "6 CAs and a leaf asserting 200 policies each (1,200 policy-graph nodes)";
    vec![mesh, wide]
}
