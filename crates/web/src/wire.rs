//! The compact binary form in which a job goes to the analysis worker and its result comes back
//! (`crate::worker`): fields in declaration order, integers as LEB128 varints, strings and byte
//! strings length-prefixed, enums as their variant's index.
//!
//! Why not the report's JSON (the core's types also implement serde's `Deserialize`): reading JSON
//! back monomorphises serde's derived visitors for every type, ~146 KB of wasm code (~35 KB
//! compressed) on a page already over its transfer budget; this is a few KB and also faster to
//! read. Both ends are this same wasm, so the form never has to be stable across versions.
//!
//! Every struct is listed with all its fields and destructured without `..`, every enum matched
//! without `_`: a field or variant added in the core fails to compile here until it is carried.

use certchain_core::cert::Origin;
use certchain_core::completion::{AddedCert, Completion, CompletionStatus};
use certchain_core::decode::{
    DecodeError, DecodeErrorKind, InputSummary, Integrity, ItemKind, ItemSummary, KeystoreEntry, KeystoreEntryKind,
    KeystoreSummary,
};
use certchain_core::findings::{OpensslError, catalogue};
use certchain_core::handshake::{
    CaMatch, ClientCertRequest, ClientFailure, ConnectError, Fact, HandshakeFacts, HttpAnswer, Outcome, SentCert,
    Source, Unread,
};
use certchain_core::handshake_report::{HandshakeReport, ServerChainReport};
use certchain_core::intermediates::SnapshotInfo;
use certchain_core::keys::{KeyAlgorithm, KeyFormat};
use certchain_core::options::VerifyOptions;
use certchain_core::outputs::{EmitRequest, Emitted, OutputFile, Skipped};
use certchain_core::report::{CertEntry, CertSummary, CsrEntry, KeyEntry, RejectedEntry, Role};
use certchain_core::time::UnixTime;
use certchain_core::trust::TrustStoreInfo;
use certchain_core::{
    Code, Finding, Flow, Input, Options, PeerName, PolicyInputs, Purpose, Report, Severity, TrustChoice, Verdict,
};

/// Why a message could not be read (a bug, or a message from another version of the page).
#[derive(Debug, PartialEq, Eq)]
pub struct WireError(pub &'static str);

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if n > self.bytes.len() {
            return Err(WireError("the message ends too early"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn byte(&mut self) -> Result<u8, WireError> {
        Ok(self.bytes(1)?[0])
    }
    fn varint(&mut self) -> Result<u64, WireError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err(WireError("a number is too long"))
    }
    fn len(&mut self) -> Result<usize, WireError> {
        let n = usize::try_from(self.varint()?).map_err(|_| WireError("a length is too large"))?;
        // Every element takes at least one byte: a length beyond the rest is corrupt (and would
        // otherwise reserve absurd memory).
        if n > self.bytes.len() { Err(WireError("a length runs past the end of the message")) } else { Ok(n) }
    }
}

/// A value in the wire form.
pub trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader) -> Result<Self, WireError>;
}

/// `value` as a message.
pub fn encode<T: Wire>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.put(&mut out);
    out
}

/// Reads a whole message; trailing bytes are an error.
pub fn decode<T: Wire>(bytes: &[u8]) -> Result<T, WireError> {
    let mut reader = Reader { bytes };
    let value = T::take(&mut reader)?;
    if reader.bytes.is_empty() { Ok(value) } else { Err(WireError("the message has bytes after its end")) }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_index(out: &mut Vec<u8>, index: usize) {
    put_varint(out, index as u64);
}

impl Wire for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, *self);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        r.varint()
    }
}

macro_rules! wire_uint {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                put_varint(out, *self as u64);
            }
            fn take(r: &mut Reader) -> Result<Self, WireError> {
                <$t>::try_from(r.varint()?).map_err(|_| WireError("a number is out of range"))
            }
        }
    )*};
}
wire_uint!(u8, u16, u32, usize);

impl Wire for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, ((self << 1) ^ (self >> 63)) as u64); // zigzag: small negatives stay short
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let v = r.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WireError("a flag is neither 0 nor 1")),
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_index(out, self.len());
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let n = r.len()?;
        String::from_utf8(r.bytes(n)?.to_vec()).map_err(|_| WireError("a text is not UTF-8"))
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_index(out, self.len());
        self.iter().for_each(|v| v.put(out));
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        // Grown as read, not reserved from the length: a corrupt length cannot allocate much.
        let n = r.len()?;
        let mut list = Vec::new();
        for _ in 0..n {
            list.push(T::take(r)?);
        }
        Ok(list)
    }
}

/// Bytes (inputs, output files) in one copy rather than element by element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Wire for Bytes {
    fn put(&self, out: &mut Vec<u8>) {
        put_index(out, self.0.len());
        out.extend_from_slice(&self.0);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let n = r.len()?;
        Ok(Bytes(r.bytes(n)?.to_vec()))
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        match r.byte()? {
            0 => Ok(None),
            1 => T::take(r).map(Some),
            _ => Err(WireError("an optional value is neither absent nor present")),
        }
    }
}

impl Wire for [u8; 32] {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let mut a = [0u8; 32];
        a.copy_from_slice(r.bytes(32)?);
        Ok(a)
    }
}

impl Wire for UnixTime {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        i64::take(r).map(UnixTime)
    }
}

/// Structs: every field, in order. The `let Self { .. }` without `..` makes a new field a
/// compile error here.
macro_rules! wire_struct {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let $t { $($f),* } = self;
                $( $f.put(out); )*
            }
            fn take(r: &mut Reader) -> Result<Self, WireError> {
                Ok($t { $($f: Wire::take(r)?),* })
            }
        }
    };
}

/// Unit enums, as the index of the variant in this list (the match has no `_`: a new variant is a
/// compile error here).
macro_rules! wire_enum {
    ($t:ident { $($v:ident),* $(,)? }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let name = match self { $($t::$v => stringify!($v)),* };
                let index = [$(stringify!($v)),*].iter().position(|n| *n == name).unwrap_or(0);
                put_index(out, index);
            }
            fn take(r: &mut Reader) -> Result<Self, WireError> {
                let all = [$($t::$v),*];
                let index = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
                all.get(index).cloned().ok_or(WireError(concat!("unknown ", stringify!($t))))
            }
        }
    };
}

wire_struct!(Report {
    tool,
    valid,
    verdict,
    purpose,
    flow,
    checked_at,
    trust_store,
    chain,
    root,
    findings,
    certificates,
    keys,
    csrs,
    alternatives,
    rejected,
    inputs,
    valid_policies,
    handshakes,
    completion
});
wire_struct!(HandshakeReport { facts, server, client_ca_match, findings });
wire_struct!(ServerChainReport { host, verdict, sent, chain, root, findings });
wire_struct!(HandshakeFacts {
    input,
    host,
    port,
    sni,
    protocol,
    cipher,
    server_chain,
    client_cert_request,
    client_chain_sent,
    verify,
    outcome,
    http,
    unread
});
wire_struct!(Source { input, line });
wire_struct!(SentCert { depth, subject, issuer, der, source });
wire_struct!(ClientCertRequest { ca_names, signature_schemes, shared_signature_schemes });
wire_struct!(HttpAnswer { path, status, error_code, message });
wire_struct!(Unread { line, text, message, hint });
wire_struct!(Completion { status, missing_issuer, chain, root, added, findings, snapshot, summary });
wire_struct!(AddedCert { sha256, name, subject, source });
wire_struct!(SnapshotInfo { snapshot_date, source, source_commit, certificates, der_sha256, der_len });
wire_struct!(CertSummary {
    sha256,
    sha1,
    name,
    subject,
    issuer,
    serial,
    version,
    not_before,
    not_after,
    days_left,
    key,
    signature_algorithm,
    self_issued,
    is_ca,
    path_len,
    key_usage,
    extended_key_usage,
    subject_alt_names,
    subject_key_id,
    authority_key_id,
    ca_issuers,
    ocsp,
    crl_distribution_points,
    policies,
    name_constraints,
    critical_unknown_extensions,
    pem
});
wire_struct!(CertEntry { summary, role, origin, occurrences });
wire_struct!(KeyEntry { algorithm, format, origin, matches });
wire_struct!(CsrEntry { subject, algorithm, origin, signature_valid, matches });
wire_struct!(RejectedEntry { cert, candidate, reason });
wire_struct!(Finding { code, severity, certs, title, detail, fix, openssl, cannot_confirm });
wire_struct!(TrustStoreInfo { id, name, source, snapshot_date, roots, estimate });
wire_struct!(InputSummary { name, size, format, items, errors, keystore });
wire_struct!(ItemSummary { kind, label, line, container, sha256 });
wire_struct!(DecodeError { kind, line, message, hint });
wire_struct!(KeystoreSummary { store_type, integrity, entries, default_password });
wire_struct!(KeystoreEntry { alias, kind, certificates, key_decrypted, key_password_differs });
wire_struct!(Origin { input, file, line, container });
wire_struct!(Emitted { files, skipped, notes });
wire_struct!(Skipped { name, reason });
wire_struct!(Options { flow, complete, verify });
wire_struct!(VerifyOptions {
    purpose,
    at,
    trust,
    custom_roots,
    peer_names,
    required_key_usage,
    required_eku,
    max_chain_depth,
    expiring_soon_days,
    policy
});
wire_struct!(PolicyInputs {
    initial_policy_set,
    initial_policy_mapping_inhibit,
    initial_explicit_policy,
    initial_any_policy_inhibit
});
wire_struct!(EmitRequest { alias, password, entropy });

wire_enum!(Purpose { Client, Server, Any });
wire_enum!(Flow { Inbound, Outbound, CsrUpload, Keystore, Generic });
wire_enum!(Role { Leaf, Intermediate, Root, Alternative, RejectedIssuer, OtherLeaf, Unrelated });
wire_enum!(Severity { Info, Warning, Error });
wire_enum!(Verdict { Valid, NotValid, CannotConfirm });
wire_enum!(ItemKind { Certificate, PrivateKey, PublicKey, Csr, Crl, Other });
wire_enum!(DecodeErrorKind { Malformed, Unsupported, PasswordRequired, WrongPassword, Empty, Unrecognised });
wire_enum!(Integrity { Verified, Absent, NotChecked, Failed });
wire_enum!(KeystoreEntryKind { PrivateKey, TrustedCertificate, SecretKey });
wire_enum!(KeyFormat { Pkcs8, EncryptedPkcs8, Pkcs1, Sec1, LegacyEncryptedPem, Pkcs12, Jks });
wire_enum!(TrustChoice { Salesforce, Mozilla, Custom, OrgList });
wire_enum!(ConnectError { Dns, Refused, Timeout, Unreachable, Other });
wire_enum!(ClientFailure {
    KeyMismatch,
    ClientFiles,
    ProtocolVersion,
    NoSharedParameters,
    ServerCertificateRejected,
    Other
});

impl<T: Wire> Wire for Fact<T> {
    fn put(&self, out: &mut Vec<u8>) {
        let Fact { value, source } = self;
        value.put(out);
        source.put(out);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        Ok(Fact { value: Wire::take(r)?, source: Wire::take(r)? })
    }
}

impl Wire for Outcome {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Outcome::Completed => out.push(0),
            Outcome::AlertReceived { name, number } => {
                out.push(1);
                name.put(out);
                number.put(out);
            }
            Outcome::ConnectFailed { error, reason } => {
                out.push(2);
                error.put(out);
                reason.put(out);
            }
            Outcome::NotTls { reason } => {
                out.push(3);
                reason.put(out);
            }
            Outcome::ClientFailed { failure, reason } => {
                out.push(4);
                failure.put(out);
                reason.put(out);
            }
            Outcome::Incomplete => out.push(5),
        }
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        match r.byte()? {
            0 => Ok(Outcome::Completed),
            1 => Ok(Outcome::AlertReceived { name: Wire::take(r)?, number: Wire::take(r)? }),
            2 => Ok(Outcome::ConnectFailed { error: Wire::take(r)?, reason: Wire::take(r)? }),
            3 => Ok(Outcome::NotTls { reason: Wire::take(r)? }),
            4 => Ok(Outcome::ClientFailed { failure: Wire::take(r)?, reason: Wire::take(r)? }),
            5 => Ok(Outcome::Incomplete),
            _ => Err(WireError("unknown handshake outcome")),
        }
    }
}

impl Wire for CaMatch {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            CaMatch::AnyCa => out.push(0),
            CaMatch::Matched { ca_name, cert_subject } => {
                out.push(1);
                ca_name.put(out);
                cert_subject.put(out);
            }
            CaMatch::NoneMatches => out.push(2),
        }
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        match r.byte()? {
            0 => Ok(CaMatch::AnyCa),
            1 => Ok(CaMatch::Matched { ca_name: Wire::take(r)?, cert_subject: Wire::take(r)? }),
            2 => Ok(CaMatch::NoneMatches),
            _ => Err(WireError("unknown client CA match")),
        }
    }
}
wire_enum!(CompletionStatus { Completed, CompletedNotValid, NoTrustedPath, NotInSnapshot, SnapshotNotLoaded });

// Inputs and output files: their bytes in one block each.
impl Wire for Input {
    fn put(&self, out: &mut Vec<u8>) {
        let Input { name, bytes, password } = self;
        name.put(out);
        put_index(out, bytes.len());
        out.extend_from_slice(bytes);
        password.put(out);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        Ok(Input { name: Wire::take(r)?, bytes: Bytes::take(r)?.0, password: Wire::take(r)? })
    }
}

impl Wire for OutputFile {
    fn put(&self, out: &mut Vec<u8>) {
        let OutputFile { name, description, media_type, secret, bytes } = self;
        name.put(out);
        description.put(out);
        media_type.put(out);
        secret.put(out);
        put_index(out, bytes.len());
        out.extend_from_slice(bytes);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        Ok(OutputFile {
            name: Wire::take(r)?,
            description: Wire::take(r)?,
            media_type: Wire::take(r)?,
            secret: Wire::take(r)?,
            bytes: Bytes::take(r)?.0,
        })
    }
}

/// Codes by their position in the catalogue (which lists every code: the core's tests check it).
impl Wire for Code {
    fn put(&self, out: &mut Vec<u8>) {
        let index = catalogue::all_entries().iter().position(|e| e.code == *self).unwrap_or(usize::MAX);
        put_index(out, index);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let index = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
        catalogue::all_entries().get(index).map(|e| e.code).ok_or(WireError("unknown finding code"))
    }
}

/// OpenSSL errors by their position in the catalogue's list (their texts are static).
impl Wire for OpensslError {
    fn put(&self, out: &mut Vec<u8>) {
        let index = catalogue::openssl::ALL.iter().position(|e| e.name == self.name).unwrap_or(usize::MAX);
        put_index(out, index);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let index = usize::try_from(r.varint()?).unwrap_or(usize::MAX);
        catalogue::openssl::ALL.get(index).copied().ok_or(WireError("unknown OpenSSL error"))
    }
}

impl Wire for KeyAlgorithm {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            KeyAlgorithm::Rsa { bits } => {
                out.push(0);
                bits.put(out);
            }
            KeyAlgorithm::Ec { curve } => {
                out.push(1);
                curve.put(out);
            }
            KeyAlgorithm::Ed25519 => out.push(2),
            KeyAlgorithm::Other { oid } => {
                out.push(3);
                oid.put(out);
            }
        }
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        match r.byte()? {
            0 => Ok(KeyAlgorithm::Rsa { bits: Wire::take(r)? }),
            1 => Ok(KeyAlgorithm::Ec { curve: Wire::take(r)? }),
            2 => Ok(KeyAlgorithm::Ed25519),
            3 => Ok(KeyAlgorithm::Other { oid: Wire::take(r)? }),
            _ => Err(WireError("unknown key algorithm")),
        }
    }
}

impl Wire for PeerName {
    fn put(&self, out: &mut Vec<u8>) {
        let (tag, name) = match self {
            PeerName::Dns(n) => (0, n),
            PeerName::Ip(n) => (1, n),
            PeerName::Email(n) => (2, n),
        };
        out.push(tag);
        name.put(out);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        let tag = r.byte()?;
        let name = String::take(r)?;
        match tag {
            0 => Ok(PeerName::Dns(name)),
            1 => Ok(PeerName::Ip(name)),
            2 => Ok(PeerName::Email(name)),
            _ => Err(WireError("unknown kind of peer name")),
        }
    }
}

impl<A: Wire, B: Wire, C: Wire> Wire for (A, B, C) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        Ok((A::take(r)?, B::take(r)?, C::take(r)?))
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(r: &mut Reader) -> Result<Self, WireError> {
        Ok((A::take(r)?, B::take(r)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use certchain_core::outputs::emit;
    use certchain_core::{Input, Options, TrustChoice, analyze_full};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const CHAIN: &str = include_str!("../../../tests/fixtures/outputs/inputs/chain.pem");
    const KEY: &str = include_str!("../../../tests/fixtures/outputs/inputs/good.key");
    const ROOT: &str = include_str!("../../../tests/fixtures/outputs/inputs/root.pem");
    const P12: &[u8] = include_bytes!("../../../tests/fixtures/codes/password_required/client.p12");
    const S_CLIENT: &str = include_str!("../../../tests/fixtures/codes/client_ca_not_listed/ca-names-exclude.txt");

    fn job() -> (Vec<Input>, Options, EmitRequest) {
        let mut options = Options::new(UnixTime(1_780_272_000)); // 2026-06-01
        options.trust = TrustChoice::Custom;
        options.custom_roots = vec![Input::new("root.pem", ROOT)];
        options.peer_names = vec![PeerName::Dns("api.example.test".into()), PeerName::Ip("10.0.0.1".into())];
        options.max_chain_depth = Some(5);
        options.expiring_soon_days = -3;
        let inputs = vec![
            Input::new("chain.pem", CHAIN),
            Input::new("good.key", KEY),
            Input::new("client.p12", P12).with_password("wrong"),
            Input::new("notes.txt", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"),
            Input::new("s_client.txt", S_CLIENT),
        ];
        let request = EmitRequest { alias: Some("Mine".into()), password: Some("pw".into()), entropy: [9; 32] };
        (inputs, options, request)
    }

    #[wasm_bindgen_test]
    fn a_job_and_its_result_come_back_unchanged() {
        let (inputs, options, request) = job();
        let sent = encode(&(inputs, options, request));
        let (inputs, options, request) = decode::<(Vec<Input>, Options, EmitRequest)>(&sent).unwrap();
        // Re-encoding what was read gives the same bytes: every field came back.
        assert_eq!(encode(&(inputs.clone(), options.clone(), request.clone())), sent);
        assert_eq!(inputs[2].password.as_deref(), Some("wrong"));

        let analysis = analyze_full(&inputs, &options);
        let emitted = emit(&analysis, &request);
        let back = decode::<(Report, Emitted)>(&encode(&(analysis.report.clone(), emitted.clone()))).unwrap();
        // The JSON the CLI would print is identical, and so are the files' bytes.
        assert_eq!(serde_json::to_string(&back.0).unwrap(), serde_json::to_string(&analysis.report).unwrap());
        assert_eq!(serde_json::to_string(&back.1).unwrap(), serde_json::to_string(&emitted).unwrap());
        let bytes = |e: &Emitted| e.files.iter().map(|f| f.bytes.clone()).collect::<Vec<_>>();
        assert_eq!(bytes(&back.1), bytes(&emitted));
        assert!(back.1.file("keystore.p12").is_some() && !back.0.findings.is_empty() && !back.0.keys.is_empty());
        assert!(back.0.findings.iter().any(|f| f.openssl.is_some()));
        // The handshake, its server chain and its findings, and the certificates' DER.
        let h = &back.0.handshakes[0];
        assert!(h.server.is_some() && h.client_ca_match.is_some() && !h.findings.is_empty());
        assert_eq!(h.facts.server_chain, analysis.report.handshakes[0].facts.server_chain);
    }

    /// A report with a completed chain (the CCADB snapshot provided, as the page does) travels
    /// whole: the completion, its added certificates and the completed files.
    #[wasm_bindgen_test]
    fn a_completed_chain_comes_back_unchanged() {
        let roots = include_bytes!("../../pki/data/roots.der").to_vec();
        certchain_core::trust::provide_snapshot_der(roots).unwrap();
        let snapshot = include_bytes!("../../pki/data/intermediates.der").to_vec();
        certchain_core::intermediates::provide_der(snapshot).unwrap();
        let leaf = include_str!("../../../tests/fixtures/ccadb/python-org-by-r11.pem");
        let options = Options::for_flow(UnixTime(1_743_465_600), None, Some(Purpose::Server)); // 2025-04-01
        let analysis = analyze_full(&[Input::new("leaf.pem", leaf)], &options);
        let emitted = emit(&analysis, &EmitRequest { alias: None, password: None, entropy: [1; 32] });
        let back = decode::<(Report, Emitted)>(&encode(&(analysis.report.clone(), emitted.clone()))).unwrap();
        let completion = back.0.completion.as_ref().unwrap();
        assert_eq!(completion.status, CompletionStatus::Completed);
        assert_eq!(completion.added[0].name, "R11");
        assert_eq!(serde_json::to_string(&back.0).unwrap(), serde_json::to_string(&analysis.report).unwrap());
        assert_eq!(back.1.file("chain.pem").unwrap().bytes, emitted.file("chain.pem").unwrap().bytes);
    }

    #[wasm_bindgen_test]
    fn a_damaged_message_is_an_error_not_a_panic() {
        let (inputs, options, request) = job();
        let sent = encode(&(inputs, options, request));
        for cut in [0, 1, sent.len() / 2, sent.len() - 1] {
            assert!(decode::<(Vec<Input>, Options, EmitRequest)>(&sent[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = sent.clone();
        longer.push(0);
        assert_eq!(
            decode::<(Vec<Input>, Options, EmitRequest)>(&longer).unwrap_err(),
            WireError("the message has bytes after its end")
        );
        // A huge length is refused before anything is allocated.
        assert!(decode::<Vec<String>>(&[0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }
}
