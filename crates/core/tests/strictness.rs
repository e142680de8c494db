//! Issue 11, items 4–7: verdicts users can bet on beyond x509-limbo. Rules that validators do not
//! enforce are warnings naming who does; the Public Suffix List decides wildcards; UTCTime years
//! 1950–2049; leaf choice and trust-bundle pastes; messages found unclear on real files.
//! Certificates are generated here (tests/support/gen.rs).
#![allow(clippy::unwrap_used)]

#[path = "support/gen.rs"]
mod generator;

use certchain_core::options::PeerName;
use certchain_core::time::UnixTime;
use certchain_core::{Code, Finding, Input, Options, Purpose, Report, Severity, TrustChoice, analyze};
use generator::{Key, Spec, cert, cert_pem};

fn options(purpose: Purpose, roots: &[&[u8]]) -> Options {
    let mut o = Options::new(UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap());
    o.purpose = purpose;
    // The chain against these roots, no claim about Salesforce's store (in a Salesforce flow the
    // generated private roots leave the verdict at "cannot confirm").
    o.flow = certchain_core::Flow::Generic;
    o.trust = TrustChoice::Custom;
    o.custom_roots = roots.iter().enumerate().map(|(i, r)| Input::new(format!("root{i}.pem"), cert_pem(r))).collect();
    o
}

fn run(certs: &[&[u8]], o: &Options) -> Report {
    let pem: String = certs.iter().map(|c| cert_pem(c)).collect();
    analyze(&[Input::new("chain.pem", pem)], o)
}

fn errors(r: &Report) -> Vec<&Finding> {
    r.findings.iter().filter(|f| f.severity == Severity::Error).collect()
}

fn with_code(r: &Report, code: Code) -> Vec<&Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

/// root → intermediate (customised) → leaf (customised).
struct Pki {
    root_key: Key,
    int_key: Key,
    leaf_key: Key,
    root: Vec<u8>,
}

impl Pki {
    fn new() -> Pki {
        let root_key = Key::from_seed(101);
        let root = cert(&Spec::ca(1, "Strict Root", "Strict Root"), &root_key, &root_key);
        Pki { root_key, int_key: Key::from_seed(102), leaf_key: Key::from_seed(103), root }
    }
    fn int(&self, tweak: impl FnOnce(&mut Spec)) -> Vec<u8> {
        let mut spec = Spec::ca(2, "Strict CA", "Strict Root");
        tweak(&mut spec);
        cert(&spec, &self.int_key, &self.root_key)
    }
    fn leaf(&self, tweak: impl FnOnce(&mut Spec)) -> Vec<u8> {
        let mut spec = Spec::leaf(3, "client", "Strict CA");
        tweak(&mut spec);
        cert(&spec, &self.leaf_key, &self.int_key)
    }
}

// ---------------------------------------------------------------- item 4: issuance rules

#[test]
fn v1_client_certificate_is_valid_with_a_warning() {
    // What `openssl x509 -req` makes without an extensions file.
    let pki = Pki::new();
    let leaf = pki.leaf(|s| s.version = 1);
    let r = run(&[&leaf, &pki.int(|_| {})], &options(Purpose::Client, &[&pki.root]));
    assert!(r.valid, "{:#?}", r.findings);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    assert!(with_code(&r, Code::Malformed).is_empty());
    let rules = with_code(&r, Code::IssuanceRule);
    assert_eq!(rules.len(), 2, "v1 and no AKI: {rules:#?}");
    assert!(rules.iter().all(|f| f.severity == Severity::Warning));
    assert!(rules.iter().any(|f| f.detail.contains("X.509 v1") && f.detail.contains("OpenSSL")));
    assert!(rules.iter().any(|f| f.detail.contains("authorityKeyIdentifier")));
}

#[test]
fn ca_with_non_critical_basic_constraints_is_a_warning() {
    let pki = Pki::new();
    let int = pki.int(|s| s.bc_critical = false);
    let r = run(&[&pki.leaf(|_| {}), &int], &options(Purpose::Client, &[&pki.root]));
    assert!(r.valid, "{:#?}", r.findings);
    let rules = with_code(&r, Code::IssuanceRule);
    assert_eq!(rules.len(), 1, "{rules:#?}");
    let f = rules[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.detail.contains("not marked critical") && f.detail.contains("-x509_strict"), "{}", f.detail);
    assert_eq!(f.openssl.map(|o| o.code), Some(89), "X509_V_ERR_CA_BCONS_NOT_CRITICAL under -x509_strict");
}

#[test]
fn leaf_without_authority_key_identifier_is_a_warning() {
    let pki = Pki::new();
    let r = run(&[&pki.leaf(|s| s.aki = false), &pki.int(|_| {})], &options(Purpose::Client, &[&pki.root]));
    assert!(r.valid, "{:#?}", r.findings);
    let rules = with_code(&r, Code::IssuanceRule);
    assert_eq!(rules.len(), 1);
    assert!(rules[0].detail.contains("RFC 5280 §4.2.1.1"), "{}", rules[0].detail);
}

#[test]
fn v1_self_signed_root_as_trust_anchor_is_accepted_like_openssl() {
    // OpenSSL: a v1 self-signed certificate ending the chain is a CA (X509_check_ca returns 3)
    // unless -x509_strict.
    let root_key = Key::from_seed(201);
    let leaf_key = Key::from_seed(202);
    let mut root_spec = Spec::ca(1, "V1 Root", "V1 Root");
    root_spec.version = 1;
    let root = cert(&root_spec, &root_key, &root_key);
    let leaf = cert(&Spec::leaf(2, "client", "V1 Root"), &leaf_key, &root_key);
    let r = run(&[&leaf], &options(Purpose::Client, &[&root]));
    assert!(r.valid, "{:#?}", r.findings);
    let rules = with_code(&r, Code::IssuanceRule);
    assert_eq!(rules.len(), 1, "{rules:#?}");
    assert!(rules[0].detail.contains("v1 root") && rules[0].detail.contains("trust anchor"), "{}", rules[0].detail);
    assert!(with_code(&r, Code::NotACa).is_empty());
}

#[test]
fn v1_intermediate_is_not_a_ca() {
    // OpenSSL check_chain_extensions: an intermediate must be a CA by basicConstraints (error 79
    // even without -x509_strict).
    let pki = Pki::new();
    let int = pki.int(|s| s.version = 1);
    let r = run(&[&pki.leaf(|_| {}), &int], &options(Purpose::Client, &[&pki.root]));
    assert!(!r.valid);
    let not_ca = with_code(&r, Code::NotACa);
    assert_eq!(not_ca.len(), 1, "{:#?}", r.findings);
    assert!(not_ca[0].title.contains("version-1"), "{}", not_ca[0].title);
    assert!(not_ca[0].detail.contains("error 79"), "{}", not_ca[0].detail);
}

#[test]
fn server_common_name_not_among_sans_is_a_warning() {
    let pki = Pki::new();
    let leaf = pki.leaf(|s| {
        s.subject = generator::name("legacy.example.com");
        s.dns = vec!["www.example.org".into()];
    });
    let mut o = options(Purpose::Server, &[&pki.root]);
    o.peer_names = vec![PeerName::Dns("www.example.org".into())];
    let r = run(&[&leaf, &pki.int(|_| {})], &o);
    assert!(r.valid, "{:#?}", r.findings);
    let rules = with_code(&r, Code::IssuanceRule);
    assert_eq!(rules.len(), 1, "{rules:#?}");
    let f = rules[0];
    assert!(f.detail.contains("legacy.example.com") && f.detail.contains("§7.1.4.3"), "{}", f.detail);
    assert!(f.detail.contains("No browser, OpenSSL"), "{}", f.detail);
}

fn wildcard_case(san: &str, host: &str) -> Report {
    let pki = Pki::new();
    let leaf = pki.leaf(|s| {
        s.subject = generator::name(san);
        s.dns = vec![san.into()];
    });
    let mut o = options(Purpose::Server, &[&pki.root]);
    o.peer_names = vec![PeerName::Dns(host.into())];
    run(&[&leaf, &pki.int(|_| {})], &o)
}

#[test]
fn wildcard_over_an_icann_public_suffix_matches_nothing() {
    // `*.co.uk` passes the "two labels after the wildcard" rule; only the Public Suffix List knows
    // that co.uk is a registry (x509-limbo webpki::san::public-suffix-multi-label-wildcard-san).
    let r = wildcard_case("*.co.uk", "example.co.uk");
    assert!(!r.valid);
    let mismatch = with_code(&r, Code::HostMismatch);
    assert_eq!(mismatch.len(), 1, "{:#?}", r.findings);
    assert!(mismatch[0].detail.contains("public suffix 'co.uk'"), "{}", mismatch[0].detail);
    assert!(with_code(&r, Code::IssuanceRule).iter().any(|f| f.title.contains("public suffix")));
    // A deeper ICANN suffix.
    assert!(!wildcard_case("*.pvt.k12.ma.us", "school.pvt.k12.ma.us").valid);
}

#[test]
fn wildcards_under_a_registered_or_private_domain_still_match() {
    for (san, host) in [
        ("*.example.co.uk", "www.example.co.uk"),
        // PRIVATE section: Amazon holds this wildcard for its own suffix.
        ("*.s3.amazonaws.com", "bucket.s3.amazonaws.com"),
        // A TLD the list does not know (private networks).
        ("*.corp.internal", "api.corp.internal"),
    ] {
        let r = wildcard_case(san, host);
        assert!(r.valid, "{san} for {host}: {:#?}", r.findings);
        assert!(with_code(&r, Code::IssuanceRule).is_empty(), "{san}");
    }
}

// ---------------------------------------------------------------- item 5: UTCTime 1950–2049

#[test]
fn utctime_years_1950_to_1969_are_read_per_rfc5280() {
    // RFC 5280 §4.1.2.5.1: YY ≥ 50 is 19YY. der's DateTime starts at 1970; certchain reads the
    // earlier dates itself (cert.rs, parse_with_early_validity).
    let pki = Pki::new();
    for (not_before, expected) in [
        ("500101000000Z", "1950-01-01T00:00:00Z"),
        ("520229123456Z", "1952-02-29T12:34:56Z"),
        ("691231235959Z", "1969-12-31T23:59:59Z"),
        ("19600615000000Z", "1960-06-15T00:00:00Z"),
    ] {
        // Dates in 2050 or later are GeneralizedTime (RFC 5280 §4.1.2.5).
        let leaf = pki.leaf(|s| {
            s.not_before = not_before;
            s.not_after = "20500101000000Z";
        });
        let r = run(&[&leaf, &pki.int(|_| {})], &options(Purpose::Client, &[&pki.root]));
        assert!(r.valid, "{not_before}: {:#?}", r.findings);
        assert!(r.inputs[0].errors.is_empty(), "{not_before}: {:?}", r.inputs[0].errors);
        assert_eq!(r.chain[0].not_before.to_rfc3339(), expected);
        assert_eq!(r.chain[0].not_after.to_rfc3339(), "2050-01-01T00:00:00Z");
        // Fingerprint and signature are over the original bytes.
        assert_eq!(r.chain[0].sha256, certchain_core::cert::hex(&sha2_digest(&leaf)));
    }
}

#[test]
fn a_1950_certificate_is_checked_against_its_real_dates() {
    // Valid 1950–1960: expired, with the real date in the message.
    let pki = Pki::new();
    let leaf = pki.leaf(|s| {
        s.not_before = "500101000000Z";
        s.not_after = "600101000000Z";
    });
    let r = run(&[&leaf, &pki.int(|_| {})], &options(Purpose::Client, &[&pki.root]));
    assert!(!r.valid);
    let expired = with_code(&r, Code::Expired);
    assert_eq!(expired.len(), 1, "{:#?}", r.findings);
    assert!(expired[0].detail.contains("1960-01-01"), "{}", expired[0].detail);
}

#[test]
fn impossible_early_dates_are_still_refused() {
    let pki = Pki::new();
    for bad in ["510229000000Z", "501301000000Z", "5001010000Z0Z"] {
        let leaf = pki.leaf(|s| s.not_before = bad);
        let r = run(&[&leaf, &pki.int(|_| {})], &options(Purpose::Client, &[&pki.root]));
        assert!(!r.inputs[0].errors.is_empty(), "{bad} was accepted");
        assert!(r.chain.iter().all(|c| c.not_before.0 >= 0), "{bad}");
    }
}

fn sha2_digest(der: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(der).to_vec()
}

// ---------------------------------------------------------------- item 6: leaf choice, bundles

#[test]
fn a_v1_root_pasted_first_is_not_the_leaf() {
    let root_key = Key::from_seed(301);
    let leaf_key = Key::from_seed(302);
    let mut root_spec = Spec::ca(1, "Old V1 Root", "Old V1 Root");
    root_spec.version = 1;
    let root = cert(&root_spec, &root_key, &root_key);
    let leaf = cert(&Spec::leaf(2, "client", "Old V1 Root"), &leaf_key, &root_key);
    let r = run(&[&root, &leaf], &options(Purpose::Client, &[&root]));
    assert_eq!(r.chain[0].sha256, certchain_core::cert::hex(&sha2_digest(&leaf)), "{:#?}", r.chain);
    assert!(r.valid, "{:#?}", r.findings);
}

/// The core's bundled Mozilla roots, written out as a PEM bundle (like ca-certificates.crt).
fn mozilla_bundle() -> (String, usize) {
    let mut pem = String::new();
    let mut count = 0;
    for root in certchain_core::trust::snapshot_roots() {
        if let Some(c) = certchain_core::trust::snapshot_certificate(root)
            && root.in_mozilla
        {
            pem.push_str(&format!("# {}\n", c.display_name()));
            pem.push_str(&cert_pem(&c.der));
            count += 1;
        }
    }
    (pem, count)
}

#[test]
fn a_whole_trust_bundle_is_summarised_not_verified() {
    let (pem, count) = mozilla_bundle();
    assert!(count > 100, "{count} roots");
    // Paste it twice over (duplicates), checked far in the future (expired roots).
    let mut o = Options::new(UnixTime::parse_rfc3339("2036-01-01T00:00:00Z").unwrap());
    o.purpose = Purpose::Server;
    let first = pem.split("-----END CERTIFICATE-----\n").next().unwrap().to_string() + "-----END CERTIFICATE-----\n";
    let r = analyze(&[Input::new("ca-certificates.crt", format!("{pem}{first}"))], &o);
    assert!(!r.valid);
    assert_eq!(r.findings[0].code, Code::TrustBundle, "{:#?}", &r.findings[..3]);
    let f = &r.findings[0];
    assert_eq!(f.certs.len(), count);
    assert!(f.title.contains(&format!("{count} root")), "{}", f.title);
    assert!(f.detail.contains("expired at 2036-01-01"), "{}", f.detail);
    assert!(f.detail.contains("1 certificate(s) appear more than once"), "{}", f.detail);
    for absent in [Code::UnrelatedCert, Code::ValidChain, Code::Duplicate, Code::SelfSignedLeaf, Code::NoCertificate] {
        assert!(with_code(&r, absent).is_empty(), "{absent:?}");
    }
    assert!(r.chain.is_empty());
}

#[test]
fn a_root_and_an_intermediate_without_a_leaf_are_not_a_bundle() {
    // One root: still checked as a (CA) chain, as before.
    let pki = Pki::new();
    let r = run(&[&pki.int(|_| {}), &pki.root], &options(Purpose::Any, &[&pki.root]));
    assert!(with_code(&r, Code::TrustBundle).is_empty());
    assert!(!r.chain.is_empty());
}

// ---------------------------------------------------------------- item 7: unclear messages

use generator::{seq, tlv};

fn decode_errors(input: Input) -> Vec<String> {
    let r = analyze(&[input], &options(Purpose::Client, &[]));
    r.inputs[0].errors.iter().map(|e| format!("{} | {}", e.message, e.hint)).collect()
}

#[test]
fn self_signed_root_with_an_unverifiable_signature_is_called_self_signed() {
    // A root whose own signature does not verify (damaged, or an algorithm certchain refuses):
    // not "the issuer of X is missing: X".
    let key = Key::from_seed(401);
    let mut root = cert(&Spec::ca(1, "Broken Root", "Broken Root"), &key, &key);
    let last = root.len() - 1;
    root[last] ^= 1;
    let r = run(&[&root], &options(Purpose::Any, &[]));
    assert!(with_code(&r, Code::MissingIssuer).is_empty(), "{:#?}", r.findings);
    let f = with_code(&r, Code::SelfSignedLeaf);
    assert_eq!(f.len(), 1, "{:#?}", r.findings);
    assert!(f[0].detail.contains("self-signed root") && f[0].detail.contains("error 18"), "{}", f[0].detail);
}

#[test]
fn a_dsa_private_key_is_named_as_dsa() {
    // OpenSSL's traditional DSA private key DER: version 0, p, q, g, y, x.
    let int = |v: u8| tlv(0x02, &[v]);
    let der = seq(&[&int(0), &int(23), &int(11), &int(4), &int(8), &int(3)]);
    let errors = decode_errors(Input::new("dsa.der", der));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("DSA private key") && !errors[0].contains("PKCS#1"), "{errors:?}");
}

#[test]
fn an_impossible_version_is_named_as_the_version() {
    let pki = Pki::new();
    let mut leaf = pki.leaf(|_| {});
    // tbsCertificate's [0] EXPLICIT version INTEGER 2 → 5 (no such X.509 version).
    let at = leaf.windows(5).position(|w| w == [0xa0, 0x03, 0x02, 0x01, 0x02]).unwrap();
    leaf[at + 4] = 5;
    let errors = decode_errors(Input::new("leaf.der", leaf));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("version") && errors[0].contains("RFC 5280 §4.1.2.1"), "{errors:?}");
    assert!(!errors[0].contains("INTEGER"), "{errors:?}");
}

#[test]
fn ocsp_requests_and_responses_are_recognised() {
    let oid_sha1 = tlv(0x06, &[0x2b, 0x0e, 0x03, 0x02, 0x1a]);
    let cert_id = seq(&[&seq(&[&oid_sha1]), &tlv(0x04, &[1; 20]), &tlv(0x04, &[2; 20]), &tlv(0x02, &[7])]);
    let request = seq(&[&seq(&[&seq(&[&seq(&[&cert_id])])])]);
    let basic = tlv(0x06, &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]);
    let response = seq(&[&tlv(0x0a, &[0]), &tlv(0xa0, &seq(&[&basic, &tlv(0x04, &seq(&[]))]))]);
    for (der, what) in [(request, "OCSP request"), (response, "OCSP response")] {
        let errors = decode_errors(Input::new("ocsp.der", der));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains(what) && errors[0].contains("CRLs, not OCSP"), "{errors:?}");
    }
}

#[test]
fn extension_oids_are_shown_with_their_names() {
    // issuingDistributionPoint belongs in CRLs; marked critical in a certificate, certchain cannot
    // process it. The message names it.
    let pki = Pki::new();
    let idp = generator::extension(&[0x55, 0x1d, 0x1c], true, &seq(&[]));
    let leaf = pki.leaf(|s| s.extra = vec![idp]);
    let r = run(&[&leaf, &pki.int(|_| {})], &options(Purpose::Client, &[&pki.root]));
    let f = with_code(&r, Code::UnknownCriticalExtension);
    assert_eq!(f.len(), 1, "{:#?}", r.findings);
    assert!(f[0].detail.contains("issuingDistributionPoint (2.5.29.28)"), "{}", f[0].detail);
}

#[test]
fn days_are_counted_once_the_same_way() {
    // Expired 2940.5 days before the check: "2940 days" in the finding and in the summary.
    let pki = Pki::new();
    let leaf = pki.leaf(|s| s.not_after = "260101000000Z");
    let expiry = UnixTime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
    let mut o = options(Purpose::Client, &[&pki.root]);
    o.at = UnixTime(expiry.0 + 2940 * 86400 + 43200);
    let r = run(&[&leaf, &pki.int(|_| {})], &o);
    assert_eq!(r.chain[0].days_left, -2940);
    let expired = with_code(&r, Code::Expired);
    assert!(expired.iter().any(|f| f.detail.contains("(2940 days before")), "{expired:#?}");
}

#[test]
fn a_der_enveloped_pkcs7_gets_the_same_message_as_the_pem_one() {
    let enveloped = tlv(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03]);
    let der = seq(&[&enveloped, &tlv(0xa0, &seq(&[&tlv(0x02, &[0])]))]);
    let pem = generator::pem("PKCS7", &der);
    let from_der = decode_errors(Input::new("message.p7m", der));
    let from_pem = decode_errors(Input::new("message.pem", pem));
    assert_eq!(from_der.len(), 1, "{from_der:?}");
    assert!(from_der[0].contains("not a certificate bundle (SignedData)"), "{from_der:?}");
    assert_eq!(from_der[0].split(" (").next(), from_pem[0].split(" (").next(), "{from_der:?} vs {from_pem:?}");
}

#[test]
fn a_utf8_dns_name_is_named_not_called_nothing() {
    let pki = Pki::new();
    let leaf = pki.leaf(|s| s.dns = vec!["bücher.example".into()]);
    let mut o = options(Purpose::Server, &[&pki.root]);
    o.peer_names = vec![PeerName::Dns("xn--bcher-kva.example".into())];
    let r = run(&[&leaf, &pki.int(|_| {})], &o);
    let mismatch = with_code(&r, Code::HostMismatch);
    assert_eq!(mismatch.len(), 1, "{:#?}", r.findings);
    assert!(mismatch[0].detail.contains("'bücher.example' is not ASCII"), "{}", mismatch[0].detail);
    assert!(!mismatch[0].detail.contains("names nothing in"), "{}", mismatch[0].detail);
}

#[test]
fn an_altered_leaf_is_blamed_not_its_matching_issuer() {
    let pki = Pki::new();
    let mut leaf = pki.leaf(|_| {});
    // Change one byte of the subject's CN ("client" → "clienu") without re-signing.
    let at = leaf.windows(6).position(|w| w == b"client").unwrap();
    leaf[at + 5] = b'u';
    let int = pki.int(|_| {});
    let r = run(&[&leaf, &int], &options(Purpose::Client, &[&pki.root]));
    assert!(!r.valid);
    let bad = with_code(&r, Code::BadSignature);
    assert_eq!(bad.len(), 1, "{:#?}", r.findings);
    assert!(bad[0].detail.contains("was altered after it was signed"), "{}", bad[0].detail);
    assert!(bad[0].fix.contains("can stay"), "{}", bad[0].fix);
    assert_eq!(r.chain.len(), 2, "the issuer is shown in the chain");
    assert_eq!(r.chain[1].sha256, certchain_core::cert::hex(&sha2_digest(&int)));
}

#[test]
fn a_leading_dot_name_constraint_is_the_cas_fault_not_the_leafs() {
    // `permitted;DNS:.acme.example`, the form OpenSSL configurations use.
    let pki = Pki::new();
    let nc = seq(&[&tlv(0xa0, &seq(&[&tlv(0x82, b".acme.example")]))]);
    let int = pki.int(|s| s.extra = vec![generator::extension(&[0x55, 0x1d, 0x1e], true, &nc)]);
    let leaf = pki.leaf(|s| s.dns = vec!["api.acme.example".into()]);
    let r = run(&[&leaf, &int], &options(Purpose::Client, &[&pki.root]));
    assert!(!r.valid, "Java and strict validators reject the CA: no false accept");
    assert!(with_code(&r, Code::NameConstraints).is_empty(), "{:#?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(f.code, Code::Malformed, "{:#?}", r.findings);
    assert!(f.title.contains("'.acme.example' is written in a form RFC 5280 forbids"), "{}", f.title);
    assert!(f.detail.contains("OpenSSL accepts it") && f.detail.contains("Java"), "{}", f.detail);
    assert!(f.fix.contains("permitted;DNS:acme.example"), "{}", f.fix);
    // A name outside the subtree is still a violation.
    let outside = pki.leaf(|s| s.dns = vec!["api.other.example".into()]);
    let r = run(&[&outside, &int], &options(Purpose::Client, &[&pki.root]));
    assert_eq!(with_code(&r, Code::NameConstraints).len(), 1, "{:#?}", r.findings);
}

#[test]
fn the_bundled_public_suffixes_agree_with_the_psl_crate() {
    // data/public-suffixes-icann.dat is generated from the psl crate (scripts/update-public-suffixes);
    // every rule in it must still be an ICANN public suffix there, and certchain must read each.
    use psl::Psl;
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../pki/data/public-suffixes-icann.dat")).unwrap();
    let rules: Vec<&str> = text.lines().filter(|l| !l.is_empty() && !l.starts_with("//")).collect();
    assert!(rules.len() > 4000, "{} rules", rules.len());
    for rule in rules {
        let name = match (rule.strip_prefix("*."), rule.strip_prefix('!')) {
            (Some(parent), _) => format!("x.{parent}"),
            (_, Some(_)) => continue, // exceptions are not suffixes
            _ => rule.to_string(),
        };
        let by_psl = psl::List.suffix(name.as_bytes()).unwrap();
        assert!(by_psl.typ() == Some(psl::Type::Icann) && by_psl.as_bytes() == name.as_bytes(), "{rule}");
        assert!(certchain_core::checks::is_public_suffix(&name), "{rule}");
    }
    for (name, suffix) in [("co.uk", true), ("example.co.uk", false), ("www.ck", false), ("s3.amazonaws.com", false)] {
        assert_eq!(certchain_core::checks::is_public_suffix(name), suffix, "{name}");
    }
}

#[test]
fn intermediates_of_unrelated_cas_are_a_bundle_too() {
    // Two CA branches and no leaf: not a chain to check.
    let a = Pki::new();
    let key_b = Key::from_seed(501);
    let key_b_int = Key::from_seed(502);
    let root_b = cert(&Spec::ca(1, "Other Root", "Other Root"), &key_b, &key_b);
    let int_b = cert(&Spec::ca(2, "Other CA", "Other Root"), &key_b_int, &key_b);
    let r = run(&[&a.int(|_| {}), &int_b, &a.root, &root_b], &options(Purpose::Any, &[&a.root]));
    assert_eq!(r.findings[0].code, Code::TrustBundle, "{:#?}", r.findings);
    assert!(r.findings[0].title.contains("4 CA certificates (2 roots)"), "{}", r.findings[0].title);
    // One branch, root and intermediate: a CA chain, checked as before.
    let r = run(&[&int_b, &root_b], &options(Purpose::Any, &[&root_b]));
    assert!(with_code(&r, Code::TrustBundle).is_empty(), "{:#?}", r.findings);
}
