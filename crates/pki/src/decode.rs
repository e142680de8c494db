//! Input decoding: turn every input's bytes into certificates, keys, CSRs and CRLs, and account
//! for every byte (each block becomes an item or a precise error).
//!
//! Text inputs go through a tolerant PEM scanner (`pem`); binary inputs are sniffed by their
//! DER structure (`sniff`) or keystore magic; containers have their own modules (`pkcs12`,
//! `jks`). Every failure becomes a [`DecodeError`] with a kind, a line (for text), a specific
//! message and a hint; nothing is dropped silently and no input can make this panic.
//!
//! What is read:
//! - PEM (any line endings, indentation, `> ` quoting, prose around blocks, blocks on one line,
//!   JSON `\n` escapes, UTF-8/UTF-16 with BOM): CERTIFICATE, X509 CERTIFICATE, TRUSTED
//!   CERTIFICATE, PKCS7, CERTIFICATE REQUEST, NEW CERTIFICATE REQUEST, PRIVATE KEY, ENCRYPTED
//!   PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY (plain or `Proc-Type: 4,ENCRYPTED`), PUBLIC
//!   KEY, RSA PUBLIC KEY, X509 CRL, EC PARAMETERS (ignored), PKCS12; a bare base64 blob.
//! - DER, sniffed by structure, several laid end to end; BER indefinite lengths are rewritten.
//! - PKCS#7 SignedData bundles; PKCS#12 (PBES2, PKCS#12 PBE 3DES/RC2, MAC with SHA-1/SHA-2);
//!   JKS and JCEKS keystores.
//!
//! Bounds on hostile input: KDF iterations per operation (`pbe::MAX_ITERATIONS`) and per input
//! (`WORK_BUDGET`), BER and PKCS#12 nesting depth, every keystore length field checked.

use crate::Input;
use crate::cert::{Cert, Origin};
use crate::keys::{Crl, Csr, KeyError, KeyFormat, KeyMaterial, PrivateKey, PublicKey};
use crate::oids::content_type;
use base64ct::Encoding;
use der::{Decode, Encode};
use serde::{Deserialize, Serialize};

mod jks;
mod pbe;
mod pem;
mod pkcs12;
use crate::tlv;

/// Everything found in all inputs.
#[derive(Debug, Default)]
pub struct Decoded {
    /// Certificates in input order; duplicates are kept (the report flags them).
    pub certs: Vec<Cert>,
    pub keys: Vec<PrivateKey>,
    pub public_keys: Vec<PublicKey>,
    pub csrs: Vec<Csr>,
    pub crls: Vec<Crl>,
    /// Pasted `openssl s_client` outputs, read into handshake facts. The server's chain in them
    /// is kept there (it is the server's, not the user's), and listed as items of the input.
    pub handshakes: Vec<crate::handshake::HandshakeFacts>,
    /// One summary per input, in input order.
    pub inputs: Vec<InputSummary>,
}

/// What one input contained, and what in it could not be read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputSummary {
    pub name: String,
    pub size: usize,
    /// `PEM text`, `base64 text`, `text`, `DER`, `PKCS#7`, `PKCS#12`, `JKS`, `JCEKS`, `empty`, `unknown`.
    pub format: String,
    pub items: Vec<ItemSummary>,
    pub errors: Vec<DecodeError>,
    /// For keystores (JKS, JCEKS, PKCS#12): the entries and whether the passwords worked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keystore: Option<KeystoreSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Certificate,
    PrivateKey,
    PublicKey,
    Csr,
    Crl,
    /// Recognised and deliberately not used (e.g. `EC PARAMETERS`, a JCEKS secret key).
    Other,
}

/// One object found in an input.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemSummary {
    pub kind: ItemKind,
    /// Short human label: the certificate's subject, "RSA 2048 private key (PKCS#8)", ...
    pub label: String,
    /// 1-based line of the PEM BEGIN line, for text inputs.
    pub line: Option<usize>,
    /// Position in a container: `PKCS#12 bag 2`, `JKS alias "mykey"`.
    pub container: Option<String>,
    /// SHA-256 of the DER, for certificates.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecodeErrorKind {
    /// Broken base64, truncated or invalid DER, bad PEM armour.
    Malformed,
    /// A format we recognise but do not support (e.g. an algorithm).
    Unsupported,
    /// The input is encrypted and no password was given.
    PasswordRequired,
    /// A password was given and it is wrong.
    WrongPassword,
    /// The input has nothing in it.
    Empty,
    /// Bytes that are none of the formats we know.
    Unrecognised,
}

/// A part of an input that could not be decoded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
    /// 1-based line, for text inputs.
    pub line: Option<usize>,
    /// What is wrong, specifically.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// A keystore's entries (Salesforce's *Import from Keystore* checks these).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeystoreSummary {
    /// `JKS`, `JCEKS` or `PKCS#12`.
    pub store_type: String,
    /// Whether the store's integrity check (JKS keyed SHA-1, PKCS#12 MAC) passed with the password.
    pub integrity: Integrity,
    pub entries: Vec<KeystoreEntry>,
    /// When no password was given and a default opened the store: `""` (empty), `(none)` (an
    /// absent PKCS#12 password) or `changeit` (the JDK default). Worth a warning: anyone can open it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_password: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Integrity {
    /// Checked and correct with the password used.
    Verified,
    /// The store has no integrity check (PKCS#12 `-nomac`).
    Absent,
    /// Could not be checked (no password, or parsing stopped before the check).
    NotChecked,
    /// The check failed: wrong password or a modified file.
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeystoreEntry {
    /// JKS alias or PKCS#12 friendlyName (empty when the bag has none).
    pub alias: String,
    pub kind: KeystoreEntryKind,
    /// Certificates in the entry's chain (private key entries) or 1 (trusted certificates).
    pub certificates: usize,
    /// The private key was decrypted.
    pub key_decrypted: bool,
    /// The key does not decrypt with the store password although the store does: it has its own
    /// password (Salesforce's *Import from Keystore* refuses such keystores).
    pub key_password_differs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeystoreEntryKind {
    PrivateKey,
    TrustedCertificate,
    SecretKey,
}

/// Decode all inputs.
pub fn decode_inputs(inputs: &[Input]) -> Decoded {
    let mut out = Decoded::default();
    for (index, input) in inputs.iter().enumerate() {
        decode_input(index, input, &mut out);
    }
    out
}

/// Where an item sits inside an input.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub line: Option<usize>,
    pub container: Option<String>,
}

impl Place {
    fn line(line: usize) -> Place {
        Place { line: Some(line), container: None }
    }
    /// The same place, inside a named container position.
    pub fn within(&self, container: String) -> Place {
        let container = match &self.container {
            Some(outer) => format!("{outer}, {container}"),
            None => container,
        };
        Place { line: self.line, container: Some(container) }
    }
    /// " on line 12" / " (PKCS#12 bag 2)" for messages.
    fn describe(&self) -> String {
        let mut s = String::new();
        if let Some(line) = self.line {
            s.push_str(&format!(" on line {line}"));
        }
        if let Some(c) = &self.container {
            s.push_str(&format!(" ({c})"));
        }
        s
    }
}

/// The decoding context for one input: appends items to [`Decoded`] and its [`InputSummary`].
pub struct Cx<'a> {
    index: usize,
    name: &'a str,
    pub password: Option<&'a str>,
    out: &'a mut Decoded,
    pub summary: InputSummary,
    /// Password-hashing rounds this input may still spend (see [`WORK_BUDGET`]).
    work_left: u64,
}

/// Password-hashing rounds (KDF iterations) one input may spend in total, trying every
/// password candidate on every encrypted part, however many encrypted parts a hostile file holds.
/// Ordinary files spend a few thousand (a JCEKS key 200,000). Equal to `pbe::MAX_ITERATIONS` so
/// the costliest single key still opens: at ~0.27 µs a round that is ~0.55 s natively at worst.
/// (It was 10,000,000: fuzzing found pastes of encrypted keys taking 0.3 s, and six keys of
/// 2,000,000 iterations took 2.7 s per input; see crates/core/tests/fuzz_regressions.rs.)
const WORK_BUDGET: u64 = pbe::MAX_ITERATIONS;

impl Cx<'_> {
    /// Charge `rounds` of password hashing to this input; `Err` says the budget is spent.
    pub fn spend(&mut self, rounds: u64) -> Result<(), String> {
        match self.work_left.checked_sub(rounds) {
            Some(left) => {
                self.work_left = left;
                Ok(())
            }
            None => Err(format!(
                "decrypting it would exceed the {WORK_BUDGET} password-hashing rounds certchain spends on one input (a guard against files built to hang the analyzer)"
            )),
        }
    }

    fn origin(&self, place: &Place) -> Origin {
        Origin { input: self.index, file: self.name.to_string(), line: place.line, container: place.container.clone() }
    }

    pub fn error(&mut self, kind: DecodeErrorKind, place: &Place, message: String, hint: &str) {
        self.summary.errors.push(DecodeError { kind, line: place.line, message, hint: hint.to_string() });
    }

    fn item(&mut self, kind: ItemKind, label: String, place: &Place, sha256: Option<String>) {
        self.summary.items.push(ItemSummary {
            kind,
            label,
            line: place.line,
            container: place.container.clone(),
            sha256,
        });
    }

    /// Add a certificate from exactly its DER bytes.
    pub fn cert(&mut self, der: &[u8], place: &Place) -> bool {
        match Cert::from_der(der, self.origin(place)) {
            Ok(cert) => {
                self.item(ItemKind::Certificate, cert.subject.clone(), place, Some(cert.sha256.clone()));
                self.out.certs.push(cert);
                true
            }
            Err(message) => {
                self.error(
                    DecodeErrorKind::Malformed,
                    place,
                    format!("the certificate{} cannot be read: {message}", place.describe()),
                    "check that the certificate was copied completely and is not damaged",
                );
                false
            }
        }
    }

    pub fn key(&mut self, material: KeyMaterial, format: KeyFormat, place: &Place) {
        let label = format!("{} private key ({})", material.algorithm, format_name(format));
        self.item(ItemKind::PrivateKey, label, place, None);
        let origin = self.origin(place);
        self.out.keys.push(PrivateKey {
            algorithm: material.algorithm,
            spki_der: material.spki_der,
            pkcs8_der: material.pkcs8_der,
            format,
            origin,
        });
    }

    /// Report a key that could not be used.
    pub fn key_error(&mut self, error: KeyError, place: &Place) {
        let (kind, hint) = match error {
            KeyError::Malformed(_) => {
                (DecodeErrorKind::Malformed, "check that the key was copied completely and is not damaged")
            }
            KeyError::Unsupported(_) => (
                DecodeErrorKind::Unsupported,
                "use an RSA (2048+ bits) or EC P-256/P-384 key; Salesforce keystores need RSA 2048, 3072 or 4096",
            ),
        };
        self.error(kind, place, format!("the private key{}: {error}", place.describe()), hint);
    }

    pub fn crl(&mut self, der: &[u8], place: &Place) {
        match x509_cert::crl::CertificateList::from_der(der).or_else(|e| parse_v1_crl(der).ok_or(e)) {
            Ok(parsed) => {
                let issuer = parsed.tbs_cert_list.issuer.to_string();
                self.item(ItemKind::Crl, format!("CRL issued by {issuer}"), place, None);
                let origin = self.origin(place);
                self.out.crls.push(Crl { der: der.to_vec(), parsed, issuer, origin });
            }
            Err(e) => self.error(
                DecodeErrorKind::Malformed,
                place,
                format!("the CRL{} cannot be read: {e}", place.describe()),
                "check that the CRL was copied completely (openssl crl -in file -noout -text shows it)",
            ),
        }
    }
}

/// x509-cert 0.3 requires TBSCertList's `version`, which RFC 5280 §5.1.2.1 makes optional (v1
/// CRLs, which `openssl ca -gencrl` writes when no CRL extensions are configured, omit it).
/// Parse such a CRL by inserting `version v1` (INTEGER 0). The caller keeps the original DER;
/// signatures must be checked over the TBS bytes of that DER, not a re-encoding of `parsed`.
fn parse_v1_crl(der: &[u8]) -> Option<x509_cert::crl::CertificateList> {
    let (outer, _) = tlv::read(der).ok()?;
    let parts = tlv::children_strict(outer.value).ok()?;
    let tbs = parts.first()?;
    let fields = tlv::children_strict(tbs.value).ok()?;
    if fields.first()?.tag != tlv::SEQUENCE {
        return None;
    }
    let mut tbs_value = vec![tlv::INTEGER, 1, 0];
    tbs_value.extend_from_slice(tbs.value);
    let mut value = tlv::encode(tlv::SEQUENCE, &tbs_value);
    for part in parts.get(1..)? {
        value.extend_from_slice(part.full);
    }
    x509_cert::crl::CertificateList::from_der(&tlv::encode(tlv::SEQUENCE, &value)).ok()
}

fn format_name(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::Pkcs8 => "PKCS#8",
        KeyFormat::EncryptedPkcs8 => "encrypted PKCS#8",
        KeyFormat::Pkcs1 => "PKCS#1",
        KeyFormat::Sec1 => "SEC 1",
        KeyFormat::LegacyEncryptedPem => "OpenSSL legacy encrypted PEM",
        KeyFormat::Pkcs12 => "from PKCS#12",
        KeyFormat::Jks => "from Java keystore",
    }
}

/// Decode one input, appending what it holds to `out` (and one [`InputSummary`]).
pub fn decode_input(index: usize, input: &Input, out: &mut Decoded) {
    let summary = InputSummary {
        name: input.name.clone(),
        size: input.bytes.len(),
        format: "unknown".into(),
        items: Vec::new(),
        errors: Vec::new(),
        keystore: None,
    };
    let mut cx =
        Cx { index, name: &input.name, password: input.password.as_deref(), out, summary, work_left: WORK_BUDGET };
    let bytes = input.bytes.as_slice();
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        cx.summary.format = "empty".into();
        cx.error(
            DecodeErrorKind::Empty,
            &Place::default(),
            if bytes.is_empty() {
                "nothing to analyse: the input is empty".into()
            } else {
                format!("nothing to analyse: the input holds only {} bytes of blank space", bytes.len())
            },
            "paste or drop certificates (PEM or DER), a CSR, private keys, a PKCS#7/PKCS#12 bundle or a Java keystore",
        );
    } else if let Some(text) = as_text(bytes) {
        decode_text(&mut cx, &text);
    } else {
        decode_binary(&mut cx, bytes);
    }
    let summary = cx.summary;
    out.inputs.push(summary);
}

/// The input as text, if it is text: UTF-8 (with or without BOM) or UTF-16 with a BOM (Windows
/// Notepad). Bytes with control characters are binary.
fn as_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let text: Cow<'_, str> = match bytes {
        [0xef, 0xbb, 0xbf, rest @ ..] => Cow::Borrowed(std::str::from_utf8(rest).ok()?),
        [0xff, 0xfe, rest @ ..] | [0xfe, 0xff, rest @ ..] if rest.len().is_multiple_of(2) => {
            let little = bytes.first() == Some(&0xff);
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| {
                    let pair = [c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)];
                    if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
                })
                .collect();
            Cow::Owned(String::from_utf16(&units).ok()?)
        }
        _ => Cow::Borrowed(std::str::from_utf8(bytes).ok()?),
    };
    // Terminal output pasted with colour codes is still text when it holds PEM blocks.
    let binary = !text.contains("-----BEGIN")
        && text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'));
    (!binary).then_some(text)
}

/// What a DER object (or PEM block) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cert,
    /// OpenSSL `TRUSTED CERTIFICATE`: a certificate followed by `X509_CERT_AUX` trust settings.
    TrustedCert,
    Pkcs7,
    Csr,
    Pkcs8,
    EncryptedPkcs8,
    RsaPrivate,
    EcPrivate,
    Spki,
    RsaPublic,
    Crl,
    Pkcs12,
    EcParameters,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Cert | Kind::TrustedCert => "certificate",
            Kind::Pkcs7 => "PKCS#7 bundle",
            Kind::Csr => "certificate signing request",
            Kind::Pkcs8 => "PKCS#8 private key",
            Kind::EncryptedPkcs8 => "encrypted PKCS#8 private key",
            Kind::RsaPrivate => "PKCS#1 RSA private key",
            Kind::EcPrivate => "SEC 1 EC private key",
            Kind::Spki => "public key",
            Kind::RsaPublic => "PKCS#1 RSA public key",
            Kind::Crl => "CRL",
            Kind::Pkcs12 => "PKCS#12 file",
            Kind::EcParameters => "EC parameters",
        }
    }
}

/// The kind a PEM label announces (RFC 7468 §4-§13 and OpenSSL's own labels).
fn kind_of_label(label: &str) -> Option<Kind> {
    Some(match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "X.509 CERTIFICATE" => Kind::Cert,
        "TRUSTED CERTIFICATE" => Kind::TrustedCert,
        "PKCS7" | "PKCS #7 SIGNED DATA" | "CMS" => Kind::Pkcs7,
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Kind::Csr,
        "PRIVATE KEY" => Kind::Pkcs8,
        "ENCRYPTED PRIVATE KEY" => Kind::EncryptedPkcs8,
        "RSA PRIVATE KEY" => Kind::RsaPrivate,
        "EC PRIVATE KEY" => Kind::EcPrivate,
        "PUBLIC KEY" => Kind::Spki,
        "RSA PUBLIC KEY" => Kind::RsaPublic,
        "X509 CRL" => Kind::Crl,
        "PKCS12" => Kind::Pkcs12,
        "EC PARAMETERS" => Kind::EcParameters,
        _ => return None,
    })
}

const OCSP_HINT: &str = "certchain checks revocation with CRLs, not OCSP: give the certificates (and the CA's CRL, `openssl crl`), or query the responder with `openssl ocsp -issuer issuer.pem -cert cert.pem -url <OCSP URL from the certificate>`";

/// An OCSP request or response in DER (RFC 6960 §4.1.1, §4.2.1), recognised so it is named
/// rather than described by its tags.
fn ocsp_kind(der: &[u8]) -> Option<&'static str> {
    use tlv::*;
    let (outer, _) = tlv::read(der).ok()?;
    if outer.tag != SEQUENCE {
        return None;
    }
    let kids = children_lenient(outer.value);
    match kids.iter().map(|k| k.tag).collect::<Vec<_>>().as_slice() {
        // OCSPResponse: responseStatus ENUMERATED, [0] EXPLICIT responseBytes OPTIONAL.
        [0x0a] | [0x0a, CONTEXT_0] => Some("an OCSP response"),
        // OCSPRequest: tbsRequest SEQUENCE { [0] version?, [1] requestorName?, requestList
        // SEQUENCE OF Request { reqCert CertID { hashAlgorithm, issuerNameHash, issuerKeyHash,
        // serialNumber } } }, [0] optionalSignature.
        [SEQUENCE] | [SEQUENCE, CONTEXT_0] => {
            let tbs = children_lenient(kids[0].value);
            let list = tbs.iter().find(|k| k.tag == SEQUENCE)?;
            let request = children_lenient(list.value).into_iter().next()?;
            let cert_id = children_lenient(request.value).into_iter().next()?;
            let tags: Vec<u8> = children_lenient(cert_id.value).iter().map(|k| k.tag).collect();
            (tags == [SEQUENCE, OCTET_STRING, OCTET_STRING, INTEGER]).then_some("an OCSP request")
        }
        _ => None,
    }
}

fn unsupported_label_hint(label: &str) -> &'static str {
    match label {
        "OPENSSH PRIVATE KEY" | "SSH2 PUBLIC KEY" => {
            "this is an SSH key, not a TLS key: TLS needs an X.509 certificate and a PKCS#8/PKCS#1 key"
        }
        "DSA PRIVATE KEY" | "DSA PARAMETERS" => "DSA keys are obsolete: generate an RSA 2048 key instead",
        "OCSP RESPONSE" | "OCSP REQUEST" => OCSP_HINT,
        "PGP PUBLIC KEY BLOCK" | "PGP PRIVATE KEY BLOCK" | "PGP MESSAGE" => {
            "this is OpenPGP data, not X.509: export the certificate in PEM (or DER)"
        }
        _ => {
            "supported labels: CERTIFICATE, TRUSTED CERTIFICATE, PKCS7, CERTIFICATE REQUEST, PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY, X509 CRL"
        }
    }
}

fn decode_text(cx: &mut Cx<'_>, text: &str) {
    let mut server_blocks: Vec<usize> = Vec::new();
    if crate::handshake::looks_like_s_client(text) {
        // The server's chain is the server's, not the user's: it stays with the handshake facts
        // and is analysed apart (report.handshakes); any other PEM block in the text is decoded.
        server_blocks = decode_s_client(cx, text);
    }
    let scan = pem::scan(text);
    if cx.summary.format == S_CLIENT_FORMAT {
        for event in scan.events {
            match event {
                pem::PemEvent::Block(block) if server_blocks.contains(&block.begin_line) => {}
                pem::PemEvent::Block(block) => {
                    let place = Place::line(block.begin_line);
                    match kind_of_label(&block.label) {
                        Some(kind) => decode_object(cx, kind, &block.der, &place, Some(&block)),
                        None => cx.error(
                            DecodeErrorKind::Unsupported,
                            &place,
                            format!(
                                "PEM blocks labelled '{}' (line {}) are not supported",
                                block.label, block.begin_line
                            ),
                            unsupported_label_hint(&block.label),
                        ),
                    }
                }
                // A cut-off server block is already reported by the reader, with its depth.
                pem::PemEvent::Error(error) if error.line.is_some_and(|l| server_blocks.contains(&l)) => {}
                pem::PemEvent::Error(error) => cx.summary.errors.push(error),
            }
        }
        return;
    }
    // No BEGIN at all: a bare base64 blob, unless the scan found an orphan END line.
    if scan.begin_markers == 0 && scan.orphan_end_markers == 0 {
        decode_text_without_blocks(cx, text, &scan);
        return;
    }
    cx.summary.format = "PEM text".into();
    for event in scan.events {
        match event {
            pem::PemEvent::Error(error) => cx.summary.errors.push(error),
            pem::PemEvent::Block(block) => {
                let place = Place::line(block.begin_line);
                match kind_of_label(&block.label) {
                    Some(kind) => {
                        // Mislabelled blocks (a PKCS#7 or PKCS#1 key under a CERTIFICATE or PRIVATE
                        // KEY label) are decoded by what they hold, and the item says so.
                        let actual = if block.header("Proc-Type").is_none() { sniff(&block.der) } else { None };
                        match actual {
                            Some(actual) if mislabelled(kind, actual) => {
                                let at = place.within(format!(
                                    "labelled '{}' but holds a {}",
                                    block.label,
                                    actual.describe()
                                ));
                                decode_object(cx, actual, &block.der, &at, Some(&block));
                            }
                            _ => decode_object(cx, kind, &block.der, &place, Some(&block)),
                        }
                    }
                    None => cx.error(
                        DecodeErrorKind::Unsupported,
                        &place,
                        format!("PEM blocks labelled '{}' (line {}) are not supported", block.label, block.begin_line),
                        unsupported_label_hint(&block.label),
                    ),
                }
            }
        }
    }
}

/// XML-DSig `<ds:X509Certificate>` elements (SAML metadata, Salesforce's SAML and identity
/// provider pages): base64 DER certificates without PEM armour. Returns whether any was found.
fn decode_xml_certificates(cx: &mut Cx<'_>, text: &str) -> bool {
    const TAG: &str = "X509Certificate>";
    let mut found = false;
    let mut rest = text;
    let mut line = 1usize;
    while let Some(at) = rest.find(TAG) {
        let before = rest.get(..at).unwrap_or_default();
        let tag_start = before.rfind('<').unwrap_or(0);
        let is_open = !before.get(tag_start..).unwrap_or_default().starts_with("</");
        let after = rest.get(at + TAG.len()..).unwrap_or_default();
        line += before.matches('\n').count();
        if !is_open {
            rest = after;
            continue;
        }
        let end = after.find("</").unwrap_or(after.len());
        let content = after.get(..end).unwrap_or_default();
        if !found {
            cx.summary.format = "XML".into();
            found = true;
        }
        let place = Place::line(line);
        let body: String = content.chars().filter(|c| !c.is_whitespace()).collect();
        match base64ct::Base64::decode_vec(&body) {
            Ok(der) => decode_object(cx, Kind::Cert, &der, &place, None),
            Err(e) => cx.error(
                DecodeErrorKind::Malformed,
                &place,
                format!("the <X509Certificate> element on line {line} does not hold valid base64: {e}"),
                "re-copy the XML without editing the certificate text",
            ),
        }
        line += content.matches('\n').count();
        rest = after.get(end..).unwrap_or_default();
    }
    found
}

/// Whether a block's content is clearly another kind than its label says. Sniffing cannot tell
/// every pair apart reliably, so only unambiguous structures override the label.
fn mislabelled(label: Kind, content: Kind) -> bool {
    let structural = matches!(
        content,
        Kind::Pkcs7 | Kind::Pkcs12 | Kind::Csr | Kind::Crl | Kind::Cert | Kind::RsaPrivate | Kind::Pkcs8
    );
    structural
        && content != label
        && !matches!(
            (label, content),
            (Kind::TrustedCert, Kind::Cert) | (Kind::EcParameters, _) | (Kind::EncryptedPkcs8, _)
        )
}

const S_CLIENT_FORMAT: &str = "openssl s_client output";

/// `openssl s_client` output: the facts go to [`Decoded::handshakes`]; each server certificate is
/// listed as an item (not added to the user's certificates), each line the reader could not use
/// becomes an error. Returns the BEGIN lines of the server's certificates, so the caller skips them.
fn decode_s_client(cx: &mut Cx<'_>, text: &str) -> Vec<usize> {
    let (facts, server_blocks) = crate::handshake::read_s_client_blocks(cx.name, text);
    cx.summary.format = S_CLIENT_FORMAT.into();
    for c in &facts.server_chain {
        cx.summary.items.push(ItemSummary {
            kind: ItemKind::Other,
            label: format!("server certificate as sent, depth {}: {}", c.depth, c.subject),
            line: Some(c.source.line),
            container: Some("s_client certificate chain".into()),
            sha256: (!c.der.is_empty()).then(|| {
                use sha2::Digest as _;
                crate::cert::hex(&sha2::Sha256::digest(&c.der))
            }),
        });
    }
    for u in &facts.unread {
        cx.error(DecodeErrorKind::Malformed, &Place::line(u.line.max(1)), u.message.clone(), &u.hint);
    }
    cx.out.handshakes.push(facts);
    server_blocks
}

/// Text with no `-----BEGIN` line: a bare base64 blob (PEM without armour) or nothing we know.
fn decode_text_without_blocks(cx: &mut Cx<'_>, text: &str, scan: &pem::PemScan) {
    let first_line = scan.first_text_line.unwrap_or(1);
    if decode_xml_certificates(cx, text) {
        return;
    }
    if let Some(der) = pem::bare_base64(text) {
        if let Some(store) = jks::StoreType::sniff(&der) {
            cx.summary.format = format!("base64 {}", store.name());
            jks::decode(cx, store, &der);
            return;
        }
        if der.first() == Some(&tlv::SEQUENCE) {
            cx.summary.format = "base64 text".into();
            decode_der_stream(cx, &der, &Place::line(first_line));
            return;
        }
    }
    // A hex dump of DER (`30 82 03 5c ...`, `30:82:03:5c`, one long hex string).
    let hex: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    if hex.len() >= 32
        && hex.get(..2) == Some("30")
        && let Some(der) = pbe::hex_decode(&hex)
    {
        cx.summary.format = "hex text".into();
        decode_der_stream(cx, &der, &Place::line(first_line));
        return;
    }
    cx.summary.format = "text".into();
    let lines = scan.line_count;
    cx.error(
        DecodeErrorKind::Unrecognised,
        &Place::line(first_line),
        format!(
            "no PEM block (-----BEGIN ...-----) and no base64 DER data in this text ({lines} line{})",
            if lines == 1 { "" } else { "s" }
        ),
        "expected certificates, keys or CSRs as PEM blocks (including the -----BEGIN and -----END lines), a base64 DER blob, or a binary .der/.p7b/.p12/.jks file",
    );
}

fn decode_binary(cx: &mut Cx<'_>, bytes: &[u8]) {
    if let Some(store) = jks::StoreType::sniff(bytes) {
        cx.summary.format = store.name().into();
        jks::decode(cx, store, bytes);
        return;
    }
    cx.summary.format = "DER".into();
    decode_der_stream(cx, bytes, &Place::default());
}

/// Decode one or more DER objects laid end to end (`cat a.der b.der` is common).
fn decode_der_stream(cx: &mut Cx<'_>, bytes: &[u8], place: &Place) {
    let mut offset = 0usize;
    let mut count = 0usize;
    while let Some(rest) = bytes.get(offset..) {
        // Trailing blank space or NUL padding is not data.
        if rest.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
            break;
        }
        count += 1;
        let object_place =
            if offset == 0 { place.clone() } else { place.within(format!("DER object {count} at byte {offset}")) };
        match tlv::read(rest) {
            Ok((object, _)) => {
                let len = object.full.len();
                match sniff(object.full) {
                    Some(kind) => {
                        if count == 1 {
                            match kind {
                                Kind::Pkcs7 => cx.summary.format = "PKCS#7".into(),
                                Kind::Pkcs12 => cx.summary.format = "PKCS#12".into(),
                                _ => {}
                            }
                        }
                        decode_object(cx, kind, object.full, &object_place, None);
                    }
                    None if offset > 0 => {
                        cx.error(
                            DecodeErrorKind::Malformed,
                            &object_place,
                            format!(
                                "{} bytes of unrecognised data follow the DER object(s), starting at byte {offset}",
                                rest.len()
                            ),
                            "the file has extra bytes at the end: re-export it",
                        );
                        break;
                    }
                    None if let Some(what) = ocsp_kind(object.full) => {
                        cx.summary.format = "OCSP".into();
                        cx.error(
                            DecodeErrorKind::Unsupported,
                            &object_place,
                            format!("this is {what} (RFC 6960), not a certificate; certchain checks CRLs, not OCSP"),
                            OCSP_HINT,
                        );
                    }
                    None => {
                        cx.error(
                            DecodeErrorKind::Unrecognised,
                            &object_place,
                            format!(
                                "a {}-byte DER object{} that is none of the formats certchain reads ({})",
                                len,
                                if offset == 0 { String::new() } else { format!(" at byte {offset}") },
                                shape(object.full)
                            ),
                            "expected an X.509 certificate, PKCS#7, PKCS#12, CSR, CRL, private or public key",
                        );
                    }
                }
                offset += len;
            }
            Err(tlv::TlvError::Indefinite)
                if let Ok((der, used)) = tlv::ber_to_der(rest)
                    && let Some(kind) = sniff(&der) =>
            {
                // BER from Windows or Java tools: decoded from its definite-length form.
                if count == 1 {
                    match kind {
                        Kind::Pkcs7 => cx.summary.format = "PKCS#7".into(),
                        Kind::Pkcs12 => cx.summary.format = "PKCS#12".into(),
                        _ => {}
                    }
                }
                decode_object(cx, kind, &der, &object_place, None);
                offset += used;
            }
            Err(error) => {
                let (kind, message, hint) = match &error {
                    tlv::TlvError::Truncated { .. } if offset > 0 || sniff_partial(rest).is_some() => {
                        let what = sniff_partial(rest).map_or("DER data", Kind::describe);
                        (
                            DecodeErrorKind::Malformed,
                            format!("the {what}{} is {error}", at_offset(offset)),
                            "the file was cut short (interrupted download or copy): fetch it again",
                        )
                    }
                    tlv::TlvError::Indefinite => (
                        DecodeErrorKind::Unsupported,
                        format!(
                            "the data{} uses BER indefinite-length encoding and cannot be read: {}",
                            at_offset(offset),
                            tlv::ber_to_der(rest)
                                .err()
                                .map_or_else(|| "it is none of the formats certchain reads".into(), |e| e.to_string())
                        ),
                        "convert it to DER or PEM with openssl (e.g. `openssl pkcs7 -inform DER -in f.p7b -print_certs`, `openssl pkcs12 -in f.pfx -nodes`)",
                    ),
                    _ if offset > 0 => (
                        DecodeErrorKind::Malformed,
                        format!(
                            "{} bytes of unrecognised data follow the DER object(s), starting at byte {offset}",
                            rest.len()
                        ),
                        "the file has extra bytes at the end: re-export it",
                    ),
                    _ => (
                        DecodeErrorKind::Unrecognised,
                        format!("not a format certchain reads: {} bytes starting {}", rest.len(), hex_prefix(rest)),
                        "expected PEM text, DER (.cer/.der/.crt), PKCS#7 (.p7b), PKCS#12 (.p12/.pfx) or a Java keystore (.jks)",
                    ),
                };
                cx.error(kind, &object_place, message, hint);
                break;
            }
        }
    }
}

fn at_offset(offset: usize) -> String {
    if offset == 0 { String::new() } else { format!(" starting at byte {offset}") }
}

fn hex_prefix(bytes: &[u8]) -> String {
    let prefix = bytes.get(..bytes.len().min(8)).unwrap_or_default();
    format!("0x{}", crate::cert::hex(prefix))
}

/// A short description of a DER object's top-level shape, for "unrecognised" messages.
fn shape(der: &[u8]) -> String {
    match tlv::read(der) {
        Ok((outer, _)) if outer.tag == tlv::SEQUENCE => {
            let (kids, _) = tlv::children(outer.value);
            let tags: Vec<String> = kids.iter().take(6).map(|k| format!("0x{:02x}", k.tag)).collect();
            format!("a SEQUENCE of elements with tags [{}]", tags.join(", "))
        }
        Ok((outer, _)) => format!("outer tag 0x{:02x}", outer.tag),
        Err(e) => e.to_string(),
    }
}

fn oid_of(tlv: &tlv::Tlv<'_>) -> Option<const_oid::ObjectIdentifier> {
    (tlv.tag == tlv::OID).then(|| const_oid::ObjectIdentifier::from_bytes(tlv.value).ok()).flatten()
}

/// Recognise a complete DER object by its structure (the tags of its first elements).
pub fn sniff(der: &[u8]) -> Option<Kind> {
    let (outer, _) = tlv::read(der).ok()?;
    sniff_value(outer.tag, outer.value)
}

/// Like [`sniff`] for data whose outer length runs past the end (truncated files).
fn sniff_partial(bytes: &[u8]) -> Option<Kind> {
    let (tag, _, header_len) = tlv::header(bytes).ok()?;
    sniff_value(tag, bytes.get(header_len..)?)
}

fn sniff_value(tag: u8, value: &[u8]) -> Option<Kind> {
    use tlv::*;
    if tag != SEQUENCE {
        return None;
    }
    let kids = children_lenient(value);
    let tags: Vec<u8> = kids.iter().map(|k| k.tag).collect();
    match tags.as_slice() {
        // ContentInfo: PKCS#7 SignedData (a .p7b bundle).
        // Other content types (EnvelopedData, EncryptedData, Data) too: the PKCS#7 decoder says
        // which content type it is, as it does for a PEM `PKCS7` block.
        [OID, ..] => match kids.first().and_then(oid_of) {
            Some(
                content_type::SIGNED_DATA
                | content_type::ENVELOPED_DATA
                | content_type::ENCRYPTED_DATA
                | content_type::DATA,
            ) => Some(Kind::Pkcs7),
            _ => None,
        },
        // PFX: version 3, authSafe ContentInfo (RFC 7292 §4).
        [INTEGER, SEQUENCE, ..] if kids.first().map(|k| k.value) == Some(&[3][..]) => Some(Kind::Pkcs12),
        // PrivateKeyInfo / OneAsymmetricKey: version, AlgorithmIdentifier, OCTET STRING.
        [INTEGER, SEQUENCE, OCTET_STRING, ..] => Some(Kind::Pkcs8),
        // ECPrivateKey: version 1, OCTET STRING (RFC 5915 §3).
        [INTEGER, OCTET_STRING, ..] => Some(Kind::EcPrivate),
        // RSAPrivateKey: version and eight INTEGERs (RFC 8017 A.1.2).
        [INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, ..] => Some(Kind::RsaPrivate),
        // RSAPublicKey: modulus, exponent.
        [INTEGER, INTEGER] => Some(Kind::RsaPublic),
        // EncryptedPrivateKeyInfo: AlgorithmIdentifier, OCTET STRING.
        [SEQUENCE, OCTET_STRING] => Some(Kind::EncryptedPkcs8),
        // SubjectPublicKeyInfo: AlgorithmIdentifier, BIT STRING.
        [SEQUENCE, BIT_STRING] => Some(Kind::Spki),
        // Certificate, CertificateList and CertificationRequest share SEQUENCE, SEQUENCE, BIT STRING:
        // tell them apart by the to-be-signed part.
        [SEQUENCE, SEQUENCE, BIT_STRING, ..] | [SEQUENCE, ..] => {
            let tbs = kids.first()?;
            let inner = children_lenient(tbs.value);
            let inner_tags: Vec<u8> = inner.iter().map(|k| k.tag).collect();
            match inner_tags.as_slice() {
                // TBSCertificate with explicit version [0].
                [CONTEXT_0, ..] => Some(Kind::Cert),
                // CertificationRequestInfo: version, subject, SPKI, [0] attributes.
                [INTEGER, SEQUENCE, SEQUENCE, CONTEXT_0, ..] => Some(Kind::Csr),
                // TBSCertList: (version), signature, issuer, thisUpdate.
                [INTEGER, SEQUENCE, SEQUENCE, UTC_TIME | GENERALIZED_TIME, ..]
                | [SEQUENCE, SEQUENCE, UTC_TIME | GENERALIZED_TIME, ..] => Some(Kind::Crl),
                // v1 TBSCertificate: serial, signature, issuer, validity, subject, SPKI.
                [INTEGER, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE, ..] => Some(Kind::Cert),
                _ if inner.is_empty() && tags.len() >= 3 => Some(Kind::Cert),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Decode one object whose kind is known (from its PEM label or by sniffing).
pub fn decode_object(cx: &mut Cx<'_>, kind: Kind, der: &[u8], place: &Place, block: Option<&pem::PemBlock>) {
    // OpenSSL legacy encryption: the block holds ciphertext, measured only after decryption.
    if matches!(kind, Kind::RsaPrivate | Kind::EcPrivate)
        && let Some(block) = block
        && block.header("Proc-Type").is_some_and(|v| v.contains("ENCRYPTED"))
    {
        let dek = block.header("DEK-Info").unwrap_or_default().to_string();
        decode_legacy_encrypted(cx, kind, der, &dek, place);
        return;
    }
    // Measure the object first so truncation and trailing bytes get a precise message.
    let exact = match tlv::read(der) {
        Ok((object, rest)) => {
            if !rest.is_empty() && kind != Kind::TrustedCert {
                cx.error(
                    DecodeErrorKind::Malformed,
                    place,
                    format!(
                        "{} bytes of unexpected data follow the {}{} (which ends after {} bytes)",
                        rest.len(),
                        kind.describe(),
                        place.describe(),
                        object.full.len()
                    ),
                    "the data was probably damaged or two objects were merged: re-copy it from its source",
                );
                return;
            }
            object.full
        }
        Err(tlv::TlvError::Indefinite)
            if let Ok((definite, _)) = tlv::ber_to_der(der)
                && tlv::read(&definite).is_ok() =>
        {
            decode_object(cx, kind, &definite, place, block);
            return;
        }
        Err(error) => {
            let (kind_of_error, hint) = match error {
                tlv::TlvError::Indefinite => (
                    DecodeErrorKind::Unsupported,
                    "convert it to DER or PEM with openssl (BER indefinite lengths come from some Windows and Java tools)",
                ),
                _ => (DecodeErrorKind::Malformed, "the data was cut short or damaged: copy or download it again"),
            };
            let message = match error {
                tlv::TlvError::Truncated { .. } => format!("the {}{} is {error}", kind.describe(), place.describe()),
                _ => format!("the {}{} cannot be read: {error}", kind.describe(), place.describe()),
            };
            cx.error(kind_of_error, place, message, hint);
            return;
        }
    };
    match kind {
        Kind::Cert => {
            cx.cert(exact, place);
        }
        Kind::TrustedCert => {
            // X509_CERT_AUX after the certificate carries OpenSSL trust settings; certchain uses
            // its own trust store, so only the certificate matters, and the item says so.
            let has_aux = der.len() > exact.len();
            let at = if has_aux {
                place.within("OpenSSL TRUSTED CERTIFICATE; its trust settings are not used".into())
            } else {
                place.clone()
            };
            cx.cert(exact, &at);
        }
        Kind::Pkcs7 => decode_pkcs7(cx, exact, place),
        Kind::Csr => decode_csr(cx, exact, place),
        Kind::Pkcs8 => match crate::keys::key_from_pkcs8(exact) {
            Ok(material) => cx.key(material, KeyFormat::Pkcs8, place),
            Err(e) => cx.key_error(e, place),
        },
        Kind::EncryptedPkcs8 => decode_encrypted_pkcs8(cx, exact, place, KeyFormat::EncryptedPkcs8),
        Kind::RsaPrivate | Kind::EcPrivate => {
            let (result, format) = if kind == Kind::RsaPrivate {
                (crate::keys::key_from_pkcs1(exact), KeyFormat::Pkcs1)
            } else {
                (crate::keys::key_from_sec1(exact, None), KeyFormat::Sec1)
            };
            match result {
                Ok(material) => cx.key(material, format, place),
                Err(e) => cx.key_error(e, place),
            }
        }
        Kind::Spki => match spki::SubjectPublicKeyInfoRef::from_der(exact) {
            Ok(_) => push_public_key(cx, exact.to_vec(), place),
            Err(e) => cx.error(
                DecodeErrorKind::Malformed,
                place,
                format!("the public key{} cannot be read: {e}", place.describe()),
                "check that the key was copied completely",
            ),
        },
        Kind::RsaPublic => match pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(exact) {
            Ok(_) => push_public_key(cx, crate::keys::spki_from_rsa_public_key(exact), place),
            Err(e) => cx.error(
                DecodeErrorKind::Malformed,
                place,
                format!("the RSA public key{} cannot be read: {e}", place.describe()),
                "check that the key was copied completely",
            ),
        },
        Kind::Crl => cx.crl(exact, place),
        Kind::Pkcs12 => pkcs12::decode(cx, exact, place),
        Kind::EcParameters => {
            let curve = const_oid::ObjectIdentifier::from_der(exact)
                .map(crate::crypto::curve_name)
                .unwrap_or_else(|_| "explicit curve".into());
            cx.item(ItemKind::Other, format!("EC parameters ({curve}): not needed, ignored"), place, None);
        }
    }
}

fn push_public_key(cx: &mut Cx<'_>, spki_der: Vec<u8>, place: &Place) {
    let algorithm = crate::crypto::key_algorithm(&spki_der);
    cx.item(ItemKind::PublicKey, format!("{algorithm} public key"), place, None);
    let origin = cx.origin(place);
    cx.out.public_keys.push(PublicKey { algorithm, spki_der, origin });
}

/// PKCS#10 CertificationRequest (RFC 2986 §4.2); the self-signature is checked here.
fn decode_csr(cx: &mut Cx<'_>, der: &[u8], place: &Place) {
    let request = match x509_cert::request::CertReq::from_der(der) {
        Ok(r) => r,
        Err(e) => {
            cx.error(
                DecodeErrorKind::Malformed,
                place,
                format!("the certificate signing request{} cannot be read: {e}", place.describe()),
                "check that the CSR was copied completely (openssl req -in file -noout -text shows it)",
            );
            return;
        }
    };
    // The signature covers the exact DER of CertificationRequestInfo, the first element.
    let info_der = tlv::read(der)
        .ok()
        .and_then(|(outer, _)| tlv::read(outer.value).ok())
        .map(|(info, _)| info.full)
        .unwrap_or_default();
    let spki_der = request.info.public_key.to_der().unwrap_or_default();
    let signature = match request.signature.as_bytes() {
        Some(sig) => {
            crate::crypto::verify_signature(&request.algorithm, info_der, sig, &spki_der).map_err(|e| e.to_string())
        }
        None => Err("the signature BIT STRING has unused bits".into()),
    };
    let subject = request.info.subject.to_string();
    let algorithm = crate::crypto::key_algorithm(&spki_der);
    let label = format!("CSR for {} ({algorithm})", if subject.is_empty() { "an empty subject" } else { &subject });
    cx.item(ItemKind::Csr, label, place, None);
    let origin = cx.origin(place);
    cx.out.csrs.push(Csr { der: der.to_vec(), subject, algorithm, spki_der, signature, origin });
}

/// PKCS#7 / CMS SignedData used as a certificate bundle (RFC 5652 §5.1). Read by hand with the
/// DER reader so the certificates keep the order they have in the file (`der`'s SET OF decoder
/// re-sorts them into DER order).
fn decode_pkcs7(cx: &mut Cx<'_>, der: &[u8], place: &Place) {
    let bad = |cx: &mut Cx<'_>, why: &str| {
        cx.error(
            DecodeErrorKind::Malformed,
            place,
            format!("the PKCS#7 bundle{} cannot be read: {why}", place.describe()),
            "re-export the bundle (openssl crl2pkcs7 -nocrl -certfile chain.pem) or export the certificates as PEM",
        )
    };
    let Ok((outer, _)) = tlv::read(der) else { return bad(cx, "invalid DER") };
    let Ok(kids) = tlv::children_strict(outer.value) else { return bad(cx, "invalid ContentInfo") };
    let content_oid = kids.first().and_then(oid_of);
    if content_oid != Some(content_type::SIGNED_DATA) {
        let name = content_oid.map_or_else(|| "missing".to_string(), |oid| crate::oids::oid_label(&oid));
        cx.error(
            DecodeErrorKind::Unsupported,
            place,
            format!("PKCS#7 content type {name}{} is not a certificate bundle (SignedData)", place.describe()),
            "export the certificates as a .p7b bundle or as PEM",
        );
        return;
    }
    let Some(explicit) = kids.get(1).filter(|k| k.tag == tlv::CONTEXT_0) else {
        return bad(cx, "the SignedData content is missing");
    };
    let Ok((signed, _)) = tlv::read(explicit.value) else { return bad(cx, "the SignedData content is damaged") };
    let Ok(fields) = tlv::children_strict(signed.value) else { return bad(cx, "the SignedData fields are damaged") };
    let mut found = 0usize;
    for field in &fields {
        match field.tag {
            // certificates [0] IMPLICIT CertificateSet
            0xa0 => {
                let Ok(choices) = tlv::children_strict(field.value) else {
                    bad(cx, "the certificate list is damaged");
                    continue;
                };
                for (i, choice) in choices.iter().enumerate() {
                    let at = place.within(format!("PKCS#7 certificate {}", i + 1));
                    if choice.tag == tlv::SEQUENCE {
                        cx.cert(choice.full, &at);
                        found += 1;
                    } else {
                        cx.error(
                            DecodeErrorKind::Unsupported,
                            &at,
                            format!(
                                "entry {} of the PKCS#7 certificate list is not an X.509 certificate (tag 0x{:02x})",
                                i + 1,
                                choice.tag
                            ),
                            "attribute certificates and other formats are not used for TLS chains",
                        );
                    }
                }
            }
            // crls [1] IMPLICIT RevocationInfoChoices
            0xa1 => {
                let Ok(choices) = tlv::children_strict(field.value) else {
                    bad(cx, "the CRL list is damaged");
                    continue;
                };
                for (i, choice) in choices.iter().enumerate() {
                    cx.crl(choice.full, &place.within(format!("PKCS#7 CRL {}", i + 1)));
                    found += 1;
                }
            }
            _ => {}
        }
    }
    if found == 0 {
        cx.error(
            DecodeErrorKind::Empty,
            place,
            format!("the PKCS#7 bundle{} holds no certificates or CRLs", place.describe()),
            "export the bundle again with its certificates included",
        );
    }
}

/// The password candidates to try: the given one, else the empty string and no password
/// (OpenSSL tries both for PKCS#12: `PKCS12_verify_mac(p12, "", 0)` and `(p12, NULL, 0)`).
pub fn password_candidates<'a>(given: Option<&'a str>) -> Vec<pbe::Password<'a>> {
    match given {
        Some(p) => vec![pbe::Password::Text(p)],
        None => vec![pbe::Password::Text(""), pbe::Password::Absent],
    }
}

/// Decrypt an `EncryptedPrivateKeyInfo` (RFC 5958 §3) with the input's password.
/// Returns the PKCS#8 plaintext, or `None` after reporting why not.
pub fn decrypt_pkcs8(cx: &mut Cx<'_>, der: &[u8], place: &Place, passwords: &[pbe::Password<'_>]) -> Option<Vec<u8>> {
    let parts = tlv::read(der).ok().and_then(|(outer, _)| tlv::children_strict(outer.value).ok());
    let (algorithm, data) = match parts.as_deref() {
        Some([alg, data]) if alg.tag == tlv::SEQUENCE && data.tag == tlv::OCTET_STRING => (alg.full, data.value),
        _ => {
            cx.error(
                DecodeErrorKind::Malformed,
                place,
                format!("the encrypted private key{} is not a valid EncryptedPrivateKeyInfo", place.describe()),
                "check that the key was copied completely",
            );
            return None;
        }
    };
    let mut last = pbe::PbeError::WrongPassword;
    for &password in passwords {
        if let Err(why) = cx.spend(pbe::cost(algorithm)) {
            last = pbe::PbeError::Unsupported(why);
            break;
        }
        match pbe::decrypt(algorithm, password, data) {
            // A wrong password that happens to leave valid padding (1 in 256) still fails here.
            Ok(plain) if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_ok() => return Some(plain),
            Ok(_) | Err(pbe::PbeError::WrongPassword) => last = pbe::PbeError::WrongPassword,
            Err(other) => {
                last = other;
                break;
            }
        }
    }
    match last {
        pbe::PbeError::WrongPassword if cx.password.is_none() => cx.error(
            DecodeErrorKind::PasswordRequired,
            place,
            format!("the private key{} is encrypted and needs a password", place.describe()),
            "enter the password the key was exported with",
        ),
        pbe::PbeError::WrongPassword => cx.error(
            DecodeErrorKind::WrongPassword,
            place,
            format!("the password does not decrypt the private key{}", place.describe()),
            "check the password (it is case-sensitive) and enter it again",
        ),
        pbe::PbeError::Unsupported(why) => cx.error(
            DecodeErrorKind::Unsupported,
            place,
            format!("the private key{} cannot be decrypted: {why}", place.describe()),
            "re-encrypt it with a common scheme: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-aes.pem",
        ),
        pbe::PbeError::Malformed(why) => cx.error(
            DecodeErrorKind::Malformed,
            place,
            format!("the encrypted private key{} is damaged: {why}", place.describe()),
            "check that the key was copied completely",
        ),
    }
    None
}

fn decode_encrypted_pkcs8(cx: &mut Cx<'_>, der: &[u8], place: &Place, format: KeyFormat) {
    let passwords = password_candidates(cx.password);
    if let Some(plain) = decrypt_pkcs8(cx, der, place, &passwords) {
        match crate::keys::key_from_pkcs8(&plain) {
            Ok(material) => cx.key(material, format, place),
            Err(e) => cx.key_error(e, place),
        }
    }
}

/// OpenSSL's `Proc-Type: 4,ENCRYPTED` PEM keys (RFC 1421 headers over PKCS#1 or SEC 1).
fn decode_legacy_encrypted(cx: &mut Cx<'_>, kind: Kind, der: &[u8], dek_info: &str, place: &Place) {
    let candidates: Vec<&str> = match cx.password {
        Some(p) => vec![p],
        None => vec![""],
    };
    let mut outcome = Err(pbe::PbeError::WrongPassword);
    for password in candidates {
        outcome = pbe::legacy_pem_decrypt(dek_info, password, der).and_then(|plain| {
            let result = if kind == Kind::RsaPrivate {
                crate::keys::key_from_pkcs1(&plain)
            } else {
                crate::keys::key_from_sec1(&plain, None)
            };
            result.map_err(|_| pbe::PbeError::WrongPassword)
        });
        if outcome.is_ok() {
            break;
        }
    }
    match outcome {
        Ok(material) => cx.key(material, KeyFormat::LegacyEncryptedPem, place),
        Err(pbe::PbeError::WrongPassword) if cx.password.is_none() => cx.error(
            DecodeErrorKind::PasswordRequired,
            place,
            format!("the private key{} is encrypted (Proc-Type: 4,ENCRYPTED) and needs a password", place.describe()),
            "enter the key's pass phrase",
        ),
        Err(pbe::PbeError::WrongPassword) => cx.error(
            DecodeErrorKind::WrongPassword,
            place,
            format!("the password does not decrypt the private key{} ({dek_info})", place.describe()),
            "check the pass phrase (it is case-sensitive) and enter it again",
        ),
        Err(pbe::PbeError::Unsupported(why)) => cx.error(
            DecodeErrorKind::Unsupported,
            place,
            format!("the private key{} cannot be decrypted: {why}", place.describe()),
            "convert it with openssl: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.key -out new.key",
        ),
        Err(pbe::PbeError::Malformed(why)) => cx.error(
            DecodeErrorKind::Malformed,
            place,
            format!("the encrypted private key{} is damaged: {why}", place.describe()),
            "check that the key and its Proc-Type/DEK-Info lines were copied completely",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx_for<'a>(out: &'a mut Decoded, password: Option<&'a str>) -> Cx<'a> {
        let summary = InputSummary {
            name: "t".into(),
            size: 0,
            format: String::new(),
            items: Vec::new(),
            errors: Vec::new(),
            keystore: None,
        };
        Cx { index: 0, name: "t", password, out, summary, work_left: WORK_BUDGET }
    }

    #[test]
    fn work_budget_stops_password_hashing() {
        let der =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/inputs/leaf-enc.der")).unwrap();
        let mut out = Decoded::default();
        let mut cx = cx_for(&mut out, Some("secret"));
        assert!(cx.spend(WORK_BUDGET - 100).is_ok());
        decode_encrypted_pkcs8(&mut cx, &der, &Place::default(), KeyFormat::EncryptedPkcs8);
        let error = &cx.summary.errors[0];
        assert_eq!(error.kind, DecodeErrorKind::Unsupported);
        assert!(error.message.contains("password-hashing rounds"), "{}", error.message);
        // With the budget intact the same key decrypts.
        let mut cx = cx_for(&mut out, Some("secret"));
        decode_encrypted_pkcs8(&mut cx, &der, &Place::default(), KeyFormat::EncryptedPkcs8);
        assert!(cx.summary.errors.is_empty());
        assert_eq!(cx.summary.items.len(), 1);
    }

    #[test]
    fn sniffing_recognises_each_structure() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/inputs/");
        for (name, kind) in [
            ("leaf.der", Kind::Cert),
            ("chain.p7b", Kind::Pkcs7),
            ("modern.p12", Kind::Pkcs12),
            ("csr.der", Kind::Csr),
            ("crl.der", Kind::Crl),
            ("leaf-pkcs8.der", Kind::Pkcs8),
            ("leaf-enc.der", Kind::EncryptedPkcs8),
            ("leaf-pkcs1.der", Kind::RsaPrivate),
            ("ec256-sec1.der", Kind::EcPrivate),
        ] {
            let der = std::fs::read(format!("{dir}{name}")).unwrap();
            assert_eq!(sniff(&der), Some(kind), "{name}");
            assert_eq!(sniff_partial(&der[..der.len() * 2 / 3]), Some(kind), "{name} truncated");
        }
    }
}
