//! The fuzz targets' bodies, shared by the libFuzzer binaries (`fuzz_targets/`) and by `replay`
//! (which times every corpus file natively). Each body turns the fuzz input into certchain inputs
//! and options, runs the core, and asserts the invariants that are cheap to check; a panic here
//! or in the core is a bug.

use certchain_core::decode::{DecodeErrorKind, Decoded, InputSummary, decode_inputs};
use certchain_core::outputs::{self, EmitRequest};
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, PeerName, PolicyInputs, Purpose, Severity, TrustChoice, analyze_full};

/// Reads choices and chunks off the front of the fuzz input; never fails (an exhausted input
/// reads as zeros), so every byte string maps to some test case.
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn pick<T: Copy>(&mut self, options: &[T]) -> T {
        options[usize::from(self.byte()) % options.len()]
    }
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }
    pub fn rest(&mut self) -> &'a [u8] {
        self.take(self.data.len())
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// File names with every extension the decoder might look at, and none.
pub const NAMES: &[&str] = &[
    "chain.pem",
    "cert.der",
    "cert.crt",
    "cert.cer",
    "store.p12",
    "store.pfx",
    "store.jks",
    "store.jceks",
    "client.key",
    "bundle.p7b",
    "pasted text",
    "",
    "noext",
    "a.b.c.PEM",
    "ünïcödé.pem",
    "csr.csr",
];

/// Passwords of the fixtures ("secret" for PKCS#12 and keys, "storepass"/"otherpass" for JKS,
/// "changeit"), wrong ones, and none.
pub const PASSWORDS: &[Option<&str>] = &[
    None,
    Some(""),
    Some("secret"),
    Some("storepass"),
    Some("changeit"),
    Some("otherpass"),
    Some("wrong"),
    Some("pässwörd ☃"),
];

fn input(name: &str, bytes: &[u8], password: Option<&str>) -> Input {
    let input = Input::new(name, bytes.to_vec());
    match password {
        Some(p) => input.with_password(p),
        None => input,
    }
}

/// Invariants of one input's summary: its size is the input's, and it is accounted for (an item,
/// an error, or a keystore listing); it serializes.
fn check_summary(summary: &InputSummary, input: &Input) {
    assert_eq!(summary.name, input.name);
    assert_eq!(summary.size, input.bytes.len());
    assert!(
        !summary.items.is_empty() || !summary.errors.is_empty() || summary.keystore.is_some(),
        "input {:?} ({} bytes, format {}) produced neither items nor errors",
        input.name,
        input.bytes.len(),
        summary.format
    );
    for error in &summary.errors {
        assert!(!error.message.is_empty() && !error.hint.is_empty(), "an error without message or hint: {error:?}");
    }
    if summary.format == "empty" {
        assert!(summary.items.is_empty(), "an empty input with items: {summary:?}");
        assert!(
            summary.errors.iter().any(|e| e.kind == DecodeErrorKind::Empty),
            "an empty input not said to be: {summary:?}"
        );
    }
    if let Err(e) = serde_json::to_string(summary) {
        panic!("input summary does not serialize: {e}");
    }
}

fn check_decoded(decoded: &Decoded, inputs: &[Input]) {
    assert_eq!(decoded.inputs.len(), inputs.len());
    for (summary, input) in decoded.inputs.iter().zip(inputs) {
        check_summary(summary, input);
    }
}

/// Target `decode`: any bytes under any file name and password.
pub fn decode(data: &[u8]) {
    let mut r = Reader::new(data);
    let name = r.pick(NAMES);
    let password = r.pick(PASSWORDS);
    let inputs = [input(name, r.rest(), password)];
    check_decoded(&decode_inputs(&inputs), &inputs);
}

/// Target `keystore`: PKCS#12, JKS and JCEKS files (seeded with real ones) under keystore names
/// and with the right, wrong, default or no password.
pub fn keystore(data: &[u8]) {
    let mut r = Reader::new(data);
    let name = r.pick(&["store.p12", "store.pfx", "store.jks", "store.jceks", "keystore", "upload.bin"]);
    let password = r.pick(PASSWORDS);
    let inputs = [input(name, r.rest(), password)];
    let decoded = decode_inputs(&inputs);
    check_decoded(&decoded, &inputs);
}

// ---- PEM text ----------------------------------------------------------------------------------

/// Real DER objects whose (mutated) base64 the PEM generator embeds.
const DER: &[&[u8]] = &[
    include_bytes!("../../tests/fixtures/inputs/leaf.der"),
    include_bytes!("../../tests/fixtures/inputs/csr.der"),
    include_bytes!("../../tests/fixtures/inputs/crl.der"),
    include_bytes!("../../tests/fixtures/inputs/leaf-pkcs8.der"),
    include_bytes!("../../tests/fixtures/inputs/leaf-pkcs1.der"),
    include_bytes!("../../tests/fixtures/inputs/ec256-sec1.der"),
    include_bytes!("../../tests/fixtures/inputs/leaf-enc.der"),
    include_bytes!("../../tests/fixtures/inputs/chain.p7b"),
];

/// Whole real PEM files (certificates, keys plain and encrypted, CSR, CRL, PKCS#7, parameters).
const PEM_FILES: &[&str] = &[
    include_str!("../../tests/fixtures/inputs/chain.pem"),
    include_str!("../../tests/fixtures/inputs/ec256.key"),
    include_str!("../../tests/fixtures/inputs/ec256-legacy-aes192.pem"),
    include_str!("../../tests/fixtures/inputs/ec256-enc-pbe3des.pem"),
    include_str!("../../tests/fixtures/inputs/csr.pem"),
    include_str!("../../tests/fixtures/inputs/crl.pem"),
    include_str!("../../tests/fixtures/inputs/trusted.pem"),
    include_str!("../../tests/fixtures/inputs/ec384-params.pem"),
    include_str!("../../tests/fixtures/inputs/leaf-rsapub.pem"),
    include_str!("../../tests/fixtures/inputs/ed25519.pub.pem"),
];

/// Labels the decoder knows, near misses, and ones it does not support.
const LABELS: &[&str] = &[
    "CERTIFICATE",
    "X509 CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "PKCS7",
    "CMS",
    "CERTIFICATE REQUEST",
    "NEW CERTIFICATE REQUEST",
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "X509 CRL",
    "PKCS12",
    "EC PARAMETERS",
    "OPENSSH PRIVATE KEY",
    "DSA PRIVATE KEY",
    "certificate",
    "CERTIFICATE ",
    "",
    "CERT-IFICATE",
];

const HEADERS: &[&str] = &[
    "Proc-Type: 4,ENCRYPTED",
    "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF",
    "DEK-Info: DES-EDE3-CBC,0011223344556677",
    "DEK-Info: AES-128-CBC,zz",
    "DEK-Info: ",
    "Comment: \"from the portal\"",
    "Subject: CN=x",
    "Proc-Type: 4,",
];

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Builds PEM-ish text from the fuzz input: a sequence of line operations (armour lines, headers,
/// base64 of real or random DER, prose, whole real files, one-line blocks) with a line ending,
/// quoting prefix, JSON `\n` escaping and a text encoding chosen by the input.
pub fn pem_text(data: &[u8]) -> Vec<u8> {
    let mut r = Reader::new(data);
    let encoding = r.byte() % 4;
    let mut eol = r.pick(&["\n", "\r\n", "\r", "\\n"]);
    let mut prefix = "";
    let mut text = String::new();
    let mut ops = 0;
    // The repeat operation can double the text; past 256 KB more text finds nothing new and only
    // slows the fuzzer (the decoder's time on large pastes is measured by the benchmarks).
    while !r.is_empty() && ops < 300 && text.len() < 256 * 1024 {
        ops += 1;
        let mut lines: Vec<String> = Vec::new();
        match r.byte() % 14 {
            0 => lines.push(format!("-----BEGIN {}-----", r.pick(LABELS))),
            1 => lines.push(format!("-----END {}-----", r.pick(LABELS))),
            2 => {
                // A real object, a few bytes flipped, cut at any length, wrapped at any width.
                let mut der = r.pick(DER).to_vec();
                for _ in 0..r.byte() % 4 {
                    let at = usize::from(u16::from_le_bytes([r.byte(), r.byte()])) % der.len();
                    der[at] ^= r.byte();
                }
                let cut = der.len() - usize::from(r.byte()) % 8 * usize::from(r.byte() % 2);
                der.truncate(cut);
                let width = r.pick(&[64usize, 76, 3, 4096, 65]);
                let b64 = base64(&der);
                lines.extend(b64.as_bytes().chunks(width).map(|c| String::from_utf8_lossy(c).into_owned()));
            }
            3 => {
                let n = usize::from(r.byte());
                lines.push(base64(r.take(n)));
            }
            4 => {
                let n = usize::from(r.byte() % 80);
                lines.push(String::from_utf8_lossy(r.take(n)).into_owned());
            }
            5 => lines.push(r.pick(HEADERS).to_string()),
            6 => lines.push(String::new()),
            7 => lines.extend(r.pick(PEM_FILES).lines().map(str::to_string)),
            8 => eol = r.pick(&["\n", "\r\n", "\r", "\\n", "\\r\\n"]),
            9 => prefix = r.pick(&["", "  ", "> ", "\t", "> > ", "| ", "\"", "0: "]),
            10 => {
                let label = r.pick(LABELS);
                let der = r.pick(DER);
                lines.push(format!("-----BEGIN {label}----- {} -----END {label}-----", base64(der)));
            }
            11 => {
                let n = usize::from(r.byte() % 64);
                let junk: String = r.take(n).iter().map(|b| b64_junk(*b)).collect();
                lines.push(junk);
            }
            12 => {
                lines.push(r.pick(&["```", "{\"cert\": \"", "\"}", "<pre>", "Subject: CN=x", "-----", "====="]).into())
            }
            _ => {
                // An existing line repeated (armour pairs, duplicated blocks).
                let n = usize::from(r.byte() % 8) + 1;
                let last: Vec<String> = text.lines().rev().take(n).map(str::to_string).collect();
                lines.extend(last.into_iter().rev());
            }
        }
        for line in lines {
            text.push_str(prefix);
            text.push_str(&line);
            text.push_str(eol);
        }
    }
    match encoding {
        0 => text.into_bytes(),
        1 => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        2 => [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        _ => [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
    }
}

/// Base64 alphabet, padding, whitespace and near-misses (`-`, `_` of base64url, `.`).
fn b64_junk(b: u8) -> char {
    const JUNK: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/==== \t-_.";
    char::from(JUNK[usize::from(b) % JUNK.len()])
}

/// Target `pem`: structured PEM text.
pub fn pem(data: &[u8]) {
    let mut r = Reader::new(data);
    let name = r.pick(&["pasted text", "chain.pem", "bundle.crt", "key.key"]);
    let password = r.pick(PASSWORDS);
    let inputs = [input(name, &pem_text(r.rest()), password)];
    check_decoded(&decode_inputs(&inputs), &inputs);
}

// ---- Analysis ----------------------------------------------------------------------------------

/// Separates the inputs of the `analyze` and `emit` targets.
pub const SPLIT: &[u8] = b"#%#%";

/// The analysis inputs and options a fuzz input stands for: 5 bytes of options, then 1-4 inputs
/// separated by [`SPLIT`]. With custom or org-list trust and more than one input, the last input
/// is the root store (or the org's list).
pub fn analysis_case(data: &[u8]) -> (Vec<Input>, Options) {
    let mut r = Reader::new(data);
    let a = r.byte();
    let b = r.byte();
    let c = r.byte();
    let d = r.byte();
    let e = r.byte();
    let at = [
        1_764_000_000,   // 2025-11 (fixtures valid)
        2_051_222_400,   // 2035-01-01 00:00:00, the fixtures' notAfter
        0,               // 1970
        -631_152_001,    // 1949-12-31 23:59:59, before UTCTime's range
        253_402_300_799, // 9999-12-31 23:59:59
        -62_135_596_800, // 0001-01-01
        2_524_608_000,   // 2050-01-01, GeneralizedTime from here on
        1_735_689_600,   // 2025-01-01, the fixtures' notBefore
    ][usize::from(c % 8)];
    let mut options = Options::new(UnixTime(at));
    options.flow = [Flow::Inbound, Flow::Outbound, Flow::CsrUpload, Flow::Keystore, Flow::Generic][usize::from(a % 5)];
    options.purpose = match (a / 5) % 4 {
        0 => options.flow.default_purpose(),
        1 => Purpose::Client,
        2 => Purpose::Server,
        _ => Purpose::Any,
    };
    options.trust = match b % 3 {
        0 => TrustChoice::Salesforce,
        1 => TrustChoice::Mozilla,
        // Custom roots or the org's own list: both read the last input.
        _ if b & 0x80 == 0 => TrustChoice::Custom,
        _ => TrustChoice::OrgList,
    };
    options.peer_names = match (b / 3) % 8 {
        0 | 1 => Vec::new(),
        2 => vec![PeerName::Dns("client.example.test".into())],
        3 => vec![PeerName::Dns("*.example.test".into()), PeerName::Dns("x.example.test".into())],
        4 => vec![PeerName::Ip("127.0.0.1".into())],
        5 => vec![PeerName::Ip("::1".into()), PeerName::Ip("not an ip".into())],
        6 => vec![PeerName::Email("a@example.test".into())],
        _ => vec![PeerName::Dns(String::new()), PeerName::Dns("ÄÖ.example".into())],
    };
    options.required_eku = match (c / 8) % 4 {
        0 | 1 => Vec::new(),
        2 => vec!["serverAuth".into(), "1.3.6.1.5.5.7.3.2".into()],
        _ => vec!["bogus".into(), "1.2".into()],
    };
    options.required_key_usage = match (c / 32) % 4 {
        0 | 1 => Vec::new(),
        2 => vec!["digitalSignature".into(), "keyEncipherment".into()],
        _ => vec!["nonsense".into()],
    };
    options.max_chain_depth = [None, None, Some(0), Some(1), Some(u32::MAX)][usize::from(d % 5)];
    options.expiring_soon_days = [30, 0, -1, i64::MAX][usize::from((d / 5) % 4)];
    let password = PASSWORDS[usize::from(d / 20) % PASSWORDS.len()];
    // RFC 5280 §6.1.1 policy inputs: the three flags, and a user-initial-policy-set of none,
    // the fixtures' policy (tests/fixtures/policy), or anyPolicy with a bogus entry.
    options.policy = PolicyInputs {
        initial_explicit_policy: e & 1 != 0,
        initial_policy_mapping_inhibit: e & 2 != 0,
        initial_any_policy_inhibit: e & 4 != 0,
        initial_policy_set: match (e >> 3) % 4 {
            0 | 1 => Vec::new(),
            2 => vec!["1.3.6.1.4.1.55555.7.1".into()],
            _ => vec!["2.5.29.32.0".into(), "1.3.6.1.4.1.55555.7.2".into(), "not an oid".into()],
        },
    };

    let rest = r.rest();
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut tail = rest;
    while parts.len() < 3 {
        match tail.windows(SPLIT.len()).position(|w| w == SPLIT) {
            Some(at) => {
                parts.push(&tail[..at]);
                tail = &tail[at + SPLIT.len()..];
            }
            None => break,
        }
    }
    parts.push(tail);
    let mut inputs: Vec<Input> =
        parts.iter().enumerate().map(|(i, p)| input(NAMES[(usize::from(a) + i) % NAMES.len()], p, password)).collect();
    if matches!(options.trust, TrustChoice::Custom | TrustChoice::OrgList) && inputs.len() > 1 {
        options.custom_roots = inputs.pop().into_iter().collect();
    }
    (inputs, options)
}

/// Target `analyze`: the whole analysis over 1-4 inputs with options from the input.
pub fn analyze(data: &[u8]) {
    let (inputs, options) = analysis_case(data);
    let analysis = analyze_full(&inputs, &options);
    check_analysis(&analysis, &inputs, &options);
}

fn check_analysis(analysis: &certchain_core::Analysis, inputs: &[Input], options: &Options) {
    let report = &analysis.report;
    check_decoded(&analysis.decoded, inputs);
    assert_eq!(report.inputs.len(), inputs.len());
    let has_error = report.findings.iter().any(|f| f.severity == Severity::Error && !f.cannot_confirm);
    assert_eq!(report.valid, report.verdict == certchain_core::Verdict::Valid);
    match report.verdict {
        // Error findings about keys, CSRs or other inputs may stand beside a valid chain; the
        // chain itself must be there, anchored.
        certchain_core::Verdict::Valid => {
            assert!(!report.chain.is_empty() && report.root.is_some(), "a valid report without an anchored chain")
        }
        // A chain that passed, left unconfirmed by a finding that says why.
        certchain_core::Verdict::CannotConfirm => {
            assert!(!report.chain.is_empty() && report.root.is_some(), "cannot confirm without an anchored chain");
            assert!(report.findings.iter().any(|f| f.cannot_confirm), "cannot confirm without a reason");
        }
        // A paste of CA certificates only (a trust bundle) has no chain to check: not valid, and
        // the `trust_bundle` warning that says so is the reason (found by this target, 2026-12-04).
        certchain_core::Verdict::NotValid => assert!(
            has_error || report.findings.iter().any(|f| f.code == certchain_core::Code::TrustBundle),
            "an invalid report without an error finding: {:?}",
            report.findings
        ),
    }
    // A chain valid under a required explicit policy is valid for some policy (RFC 5280 §6.1.5).
    if report.valid && options.policy.initial_explicit_policy {
        assert_ne!(report.valid_policies.as_deref(), Some(&[][..]), "valid with explicit policy but no valid policy");
    }
    if let Err(e) = serde_json::to_string(report) {
        panic!("report does not serialize: {e}");
    }
}

/// Target `revocation`: RFC 5280 §6.3 on hostile CRLs and CRL signers. One byte picks the
/// validation time (inside or around PKITS's and the fixtures' validity), then 2-8 inputs
/// separated by [`SPLIT`]: certificates and CRLs (PEM bundles or DER; seeded with PKITS paths
/// and their CRLs), the last one the trusted root. Purpose any, so revocation decides.
pub fn revocation(data: &[u8]) {
    let mut r = Reader::new(data);
    let at = [
        1_577_836_800,   // 2020-01-01: inside PKITS's validity
        1_764_000_000,   // 2025-11: the fixtures
        1_262_304_000,   // 2010-01-01: PKITS's notBefore / CRLs' thisUpdate
        1_893_456_000,   // 2030-01-01
        0,               // 1970
        253_402_300_799, // 9999-12-31
    ][usize::from(r.byte() % 6)];
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut tail = r.rest();
    while parts.len() < 7 {
        match tail.windows(SPLIT.len()).position(|w| w == SPLIT) {
            Some(at) => {
                parts.push(&tail[..at]);
                tail = &tail[at + SPLIT.len()..];
            }
            None => break,
        }
    }
    parts.push(tail);
    let mut options = Options::new(UnixTime(at));
    options.purpose = Purpose::Any;
    options.flow = Flow::Generic;
    options.trust = TrustChoice::Custom;
    let mut inputs: Vec<Input> =
        parts.iter().enumerate().map(|(i, p)| Input::new(format!("input-{i}.pem"), p.to_vec())).collect();
    if inputs.len() > 1 {
        options.custom_roots = inputs.pop().into_iter().collect();
    }
    let analysis = analyze_full(&inputs, &options);
    check_analysis(&analysis, &inputs, &options);
    let report = &analysis.report;
    let has = |code: certchain_core::Code| report.findings.iter().any(|f| f.code == code);
    if report.valid && report.chain.len() > 1 {
        // A valid anchored chain says how revocation went: checked against the CRLs given, or not
        // checked because none was given; never revoked or unconfirmed.
        assert!(!has(certchain_core::Code::Revoked) && !has(certchain_core::Code::RevocationNotConfirmed));
        assert_eq!(has(certchain_core::Code::RevocationNotChecked), analysis.decoded.crls.is_empty());
    }
    if has(certchain_core::Code::RevocationNotConfirmed) {
        assert!(!report.valid, "valid although revocation was not confirmed");
    }
}

// ---- Outputs, commands, explainer ----------------------------------------------------------------

/// Target `emit`: the analysis, then every output file and command for it; the emitted files
/// decode again without errors.
pub fn emit(data: &[u8]) {
    let (head, case) = data.split_at(data.len().min(2));
    let mut r = Reader::new(head);
    let alias = r.pick(&[None, Some("client_cert"), Some(""), Some("UPPER Case"), Some("ä/../x")]);
    let password = r.pick(&[None, Some(""), Some("secret"), Some("pässwörd ☃")]);
    let (inputs, options) = analysis_case(case);
    let analysis = analyze_full(&inputs, &options);
    check_analysis(&analysis, &inputs, &options);
    let request =
        EmitRequest { alias: alias.map(str::to_string), password: password.map(str::to_string), entropy: [7; 32] };
    let emitted = outputs::emit(&analysis, &request);
    if let Err(e) = serde_json::to_string(&emitted) {
        panic!("emitted list does not serialize: {e}");
    }
    for file in &emitted.files {
        assert!(!file.bytes.is_empty(), "{} is empty", file.name);
        assert!(!emitted.skipped.iter().any(|s| s.name == file.name), "{} both written and skipped", file.name);
        let again = [input(&file.name, &file.bytes, password.filter(|p| !p.is_empty()))];
        let decoded = decode_inputs(&again);
        let summary = &decoded.inputs[0];
        if file.name.ends_with(".pem") || file.name.ends_with(".p12") || file.name.ends_with(".jks") {
            assert!(summary.errors.is_empty(), "emitted {} does not decode cleanly: {:?}", file.name, summary.errors);
        }
    }
    let commands = certchain_core::commands::commands(
        &analysis.report,
        &certchain_core::commands::CommandOptions::for_report(&analysis.report),
    );
    if let Err(e) = serde_json::to_string(&commands) {
        panic!("commands do not serialize: {e}");
    }
}

/// A report to explain errors against: the fixture chain with its key.
fn fixture_report() -> &'static certchain_core::Report {
    static REPORT: std::sync::OnceLock<certchain_core::Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let inputs = [
            Input::new("chain.pem", include_bytes!("../../tests/fixtures/inputs/chain.pem").to_vec()),
            Input::new("leaf.key", include_bytes!("../../tests/fixtures/inputs/leaf.key").to_vec()),
        ];
        certchain_core::analyze(&inputs, &Options::new(UnixTime(1_764_000_000)))
    })
}

/// Target `explain`: arbitrary text (tool output, logs) through the explainer, with and without a
/// report.
pub fn explain(data: &[u8]) {
    let (head, text) = data.split_at(data.len().min(1));
    let text = String::from_utf8_lossy(text);
    let report = (head.first().is_some_and(|b| b & 1 == 1)).then(fixture_report);
    let explanations = certchain_core::explain::explain(&text, report);
    if let Err(e) = serde_json::to_string(&explanations) {
        panic!("explanations do not serialize: {e}");
    }
}

/// Target `orglist`: any text as the org's trust list (a saved `/cacerts.jsp` page, PEM roots,
/// fingerprints, aliases). What it keeps (`roots_text`) imports again to the same roots, with
/// nothing unmatched and no private key.
pub fn orglist(data: &[u8]) {
    use certchain_core::trust::import_org_list;
    let text = String::from_utf8_lossy(data);
    let imported = import_org_list(&text);
    let kept = imported.roots_text();
    let again = import_org_list(&kept);
    let roots = |s: &certchain_core::trust::ImportedStore| {
        s.store.anchors.iter().map(|a| a.cert.sha256.clone()).collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(roots(&again), roots(&imported), "the kept list imports to other roots:\n{kept}");
    assert!(again.unmatched.is_empty(), "the kept list has unmatched tokens: {:?}", again.unmatched);
    assert!(again.private_key_lines.is_empty() && !kept.contains("PRIVATE KEY"), "the kept list holds a key");
}
