//! Output files (`certchain_core::outputs::emit`): the right certificates in the right order,
//! round trips through the core's own decoder, keystores that OpenSSL and keytool open, fixed
//! entropy giving fixed bytes, and no key material where none belongs.
//!
//! Inputs are `tests/fixtures/outputs/inputs/` (made by `tests/fixtures/outputs/make-keystore-fixtures.sh`):
//! root → int → good (RSA 2048, client leaf) with good.key, an EC leaf, and a 1024-bit key that
//! matches no certificate here.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use certchain_core::outputs::{EmitRequest, Emitted, emit};
use certchain_core::time::UnixTime;
use certchain_core::{Analysis, Code, Flow, Input, Options, Purpose, TrustChoice, analyze_full};
use std::path::{Path, PathBuf};
use std::process::Command;

const PASSWORD: &str = "s3cret-pw";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/outputs/inputs")
}

fn input(name: &str) -> Input {
    let bytes = std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"));
    Input::new(name, bytes)
}

fn options(flow: Flow) -> Options {
    let mut o = Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").unwrap());
    o.flow = flow;
    o.purpose = if flow == Flow::Outbound { Purpose::Server } else { Purpose::Client };
    // The test root as the org's own list: the chain is then valid in these Salesforce flows (as
    // custom roots it would be "cannot confirm"; the output files do not depend on which).
    o.trust = TrustChoice::OrgList;
    o.custom_roots = vec![input("root.pem")];
    o
}

fn request(entropy: u8) -> EmitRequest {
    EmitRequest { alias: Some("My_Client1".into()), password: Some(PASSWORD.into()), entropy: [entropy; 32] }
}

fn analysed(names: &[&str], flow: Flow) -> Analysis {
    let inputs: Vec<Input> = names.iter().map(|n| input(n)).collect();
    analyze_full(&inputs, &options(flow))
}

/// The standard case: chain + matching key, inbound.
fn good() -> (Analysis, Emitted) {
    let analysis = analysed(&["chain.pem", "good.key"], Flow::Inbound);
    let emitted = emit(&analysis, &request(1));
    (analysis, emitted)
}

fn bytes<'a>(emitted: &'a Emitted, name: &str) -> &'a [u8] {
    &emitted.file(name).unwrap_or_else(|| panic!("{name} not emitted; skipped: {:?}", emitted.skipped)).bytes
}

/// SHA-256 of each CERTIFICATE block, in order, via the core's own decoder.
fn cert_hashes(pem: &[u8]) -> Vec<String> {
    let decoded = certchain_core::decode::decode_inputs(&[Input::new("x.pem", pem.to_vec())]);
    decoded.certs.iter().map(|c| c.sha256.clone()).collect()
}

fn chain_hashes(analysis: &Analysis) -> Vec<String> {
    analysis.report.chain.iter().map(|c| c.sha256.clone()).collect()
}

#[test]
fn every_file_is_produced_with_the_right_certificates_in_order() {
    let (analysis, emitted) = good();
    assert!(analysis.report.valid, "fixture chain should be valid: {:?}", analysis.report.findings);
    let names: Vec<&str> = emitted.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "client.pem",
            "chain.pem",
            "fullchain.pem",
            "fullcert.pem",
            "ca-bundle.pem",
            "keystore.p12",
            "keystore.jks",
            "report.json",
            "report.md"
        ]
    );
    assert!(emitted.skipped.is_empty(), "{:?}", emitted.skipped);
    let chain = chain_hashes(&analysis); // leaf, int
    assert_eq!(chain.len(), 2);
    let root = analysis.report.root.as_ref().expect("root").sha256.clone();
    assert_eq!(cert_hashes(bytes(&emitted, "client.pem")), [chain[0].clone()]);
    assert_eq!(cert_hashes(bytes(&emitted, "chain.pem")), chain);
    assert_eq!(cert_hashes(bytes(&emitted, "fullchain.pem")), [chain[0].clone(), chain[1].clone(), root.clone()]);
    assert_eq!(cert_hashes(bytes(&emitted, "ca-bundle.pem")), [chain[1].clone(), root]);
    assert_eq!(cert_hashes(bytes(&emitted, "fullcert.pem")), chain);
    for f in &emitted.files {
        let text = !f.name.starts_with("keystore.");
        assert!(!text || !f.bytes.contains(&b'\r'), "{} has CR line endings", f.name);
        assert!(!f.description.is_empty() && !f.description.contains('\n'), "{}: one-line description", f.name);
        let secret = matches!(f.name.as_str(), "fullcert.pem" | "keystore.p12" | "keystore.jks");
        assert_eq!(f.secret, secret, "{}", f.name);
    }
    let fullcert = String::from_utf8(bytes(&emitted, "fullcert.pem").to_vec()).unwrap();
    assert!(fullcert.starts_with("-----BEGIN PRIVATE KEY-----\n"), "key first, as PKCS#8");
}

#[test]
fn every_emitted_file_round_trips_to_the_same_chain_and_key() {
    let (analysis, emitted) = good();
    let chain = chain_hashes(&analysis);
    let leaf = chain[0].clone();
    for (name, password) in [
        ("chain.pem", None),
        ("fullchain.pem", None),
        ("fullcert.pem", None),
        ("keystore.p12", Some(PASSWORD)),
        ("keystore.jks", Some(PASSWORD)),
    ] {
        let mut again = Input::new(name, bytes(&emitted, name).to_vec());
        if let Some(p) = password {
            again = again.with_password(p);
        }
        let report = analyze_full(&[again], &options(Flow::Inbound)).report;
        assert_eq!(chain_hashes_of(&report), chain, "{name}: chain differs");
        assert!(report.valid, "{name}: {:?}", report.findings);
        let problems: Vec<_> =
            report.findings.iter().filter(|f| matches!(f.code, Code::ParseError | Code::PasswordRequired)).collect();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        if name == "fullcert.pem" || password.is_some() {
            assert_eq!(report.keys.len(), 1, "{name}: one key");
            assert_eq!(report.keys[0].matches.as_deref(), Some(leaf.as_str()), "{name}: key matches the leaf");
        }
        if let Some(store) = report.inputs[0].keystore.as_ref() {
            assert_eq!(format!("{:?}", store.integrity), "Verified", "{name}");
            assert_eq!(store.entries[0].alias, if name == "keystore.jks" { "my_client1" } else { "My_Client1" });
        }
    }
    // The leaf alone re-analysed is the leaf.
    let report =
        analyze_full(&[Input::new("client.pem", bytes(&emitted, "client.pem").to_vec())], &options(Flow::Inbound))
            .report;
    assert_eq!(report.chain[0].sha256, leaf);
}

fn chain_hashes_of(report: &certchain_core::Report) -> Vec<String> {
    report.chain.iter().map(|c| c.sha256.clone()).collect()
}

#[test]
fn fixed_entropy_gives_fixed_bytes() {
    let (analysis, first) = good();
    let second = emit(&analysis, &request(1));
    let other = emit(&analysis, &request(2));
    for f in &first.files {
        assert_eq!(bytes(&second, &f.name), f.bytes.as_slice(), "{} not deterministic", f.name);
    }
    for name in ["keystore.p12", "keystore.jks"] {
        assert_ne!(bytes(&other, name), bytes(&first, name), "{name} ignores the entropy");
    }
}

#[test]
fn a_mismatched_key_is_never_written_with_the_certificate() {
    let analysis = analysed(&["chain.pem", "weak.key"], Flow::Inbound);
    let emitted = emit(&analysis, &request(1));
    for name in ["fullcert.pem", "keystore.p12", "keystore.jks"] {
        assert!(emitted.file(name).is_none(), "{name} written with a mismatched key");
        let reason = &emitted.skipped.iter().find(|s| s.name == name).expect("skipped").reason;
        assert!(reason.contains("does not match"), "{name}: {reason}");
    }
    assert!(emitted.file("chain.pem").is_some());
}

#[test]
fn reasons_for_what_cannot_be_built() {
    // No key, no password.
    let analysis = analysed(&["chain.pem"], Flow::Inbound);
    let emitted = emit(&analysis, &EmitRequest { alias: None, password: None, entropy: [0; 32] });
    let reason = |name: &str| emitted.skipped.iter().find(|s| s.name == name).map(|s| s.reason.clone());
    assert!(reason("fullcert.pem").unwrap().contains("no private key"));
    assert!(reason("keystore.jks").unwrap().contains("no private key"));
    // Explained once, in one note, not in each refused file.
    assert_eq!(emitted.notes.iter().filter(|n| n.contains("No private key")).count(), 1, "{:?}", emitted.notes);
    // Key but no password.
    let analysis = analysed(&["chain.pem", "good.key"], Flow::Inbound);
    let emitted = emit(&analysis, &EmitRequest { alias: None, password: None, entropy: [0; 32] });
    let reason = emitted.skipped.iter().find(|s| s.name == "keystore.p12").map(|s| s.reason.clone()).unwrap();
    assert!(reason.contains("password"), "{reason}");
    assert!(emitted.file("fullcert.pem").is_some());
    // Invalid alias: the PKCS#12 file is still written, the JKS is not.
    let emitted = emit(&analysis, &EmitRequest { alias: Some("bad__alias".into()), ..request(1) });
    assert!(emitted.file("keystore.p12").is_some());
    let reason = emitted.skipped.iter().find(|s| s.name == "keystore.jks").map(|s| s.reason.clone()).unwrap();
    assert!(reason.contains("two consecutive underscores"), "{reason}");
    // Missing intermediate: the files are built from what is there, with one note.
    let analysis = analysed(&["good.pem", "good.key"], Flow::Outbound);
    let emitted = emit(&analysis, &request(1));
    assert!(emitted.file("server.pem").is_some(), "outbound leaf file is server.pem");
    assert_eq!(cert_hashes(bytes(&emitted, "chain.pem")), chain_hashes(&analysis)[..1]);
    assert!(emitted.file("fullcert.pem").is_some() && emitted.file("keystore.jks").is_some());
    assert_eq!(emitted.notes.len(), 1, "{:?}", emitted.notes);
    assert!(emitted.notes[0].contains("not among your files"), "{}", emitted.notes[0]);
    assert!(emitted.notes[0].contains("intermediate"), "{}", emitted.notes[0]);
    for name in ["fullchain.pem", "ca-bundle.pem"] {
        let reason = emitted.skipped.iter().find(|s| s.name == name).map(|s| s.reason.clone()).unwrap();
        assert!(reason.contains("see the note"), "{name}: {reason}");
    }
    // Nothing at all.
    let analysis = analysed(&["weak.key"], Flow::Inbound);
    let emitted = emit(&analysis, &request(1));
    assert!(emitted.files.iter().all(|f| f.name.starts_with("report.")));
    assert_eq!(emitted.skipped.len(), 7);
    assert_eq!(emitted.notes, ["No certificate was found in the inputs, so there is no chain to write."]);
}

/// Issue 16 item 3: leaf + intermediate + key under the default store (a private CA whose root is
/// not given) builds chain.pem, fullcert.pem and the keystores, with one note that trust is not
/// established; only fullchain.pem (which would need the root) is not written.
#[test]
fn a_missing_root_does_not_stop_the_files() {
    let inputs: Vec<Input> = ["good.pem", "int.pem", "good.key"].iter().map(|n| input(n)).collect();
    let mut o = options(Flow::Inbound);
    o.trust = TrustChoice::Salesforce;
    o.custom_roots.clear();
    let analysis = analyze_full(&inputs, &o);
    assert!(!analysis.report.valid, "the private root is not in the Salesforce store");
    let emitted = emit(&analysis, &request(1));
    let leaf_and_int = chain_hashes(&analysis);
    assert_eq!(leaf_and_int.len(), 2, "leaf and intermediate: {leaf_and_int:?}");
    assert_eq!(cert_hashes(bytes(&emitted, "chain.pem")), leaf_and_int);
    assert_eq!(cert_hashes(bytes(&emitted, "fullcert.pem")), leaf_and_int);
    assert_eq!(cert_hashes(bytes(&emitted, "ca-bundle.pem")), leaf_and_int[1..]);
    assert!(String::from_utf8_lossy(bytes(&emitted, "fullcert.pem")).contains("PRIVATE KEY"));
    for name in ["keystore.p12", "keystore.jks", "client.pem"] {
        assert!(emitted.file(name).is_some(), "{name} not built: {:?}", emitted.skipped);
    }
    let skipped: Vec<&str> = emitted.skipped.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(skipped, ["fullchain.pem"]);
    assert_eq!(emitted.notes.len(), 1, "{:?}", emitted.notes);
    let note = &emitted.notes[0];
    assert!(note.starts_with("Trust is not established"), "{note}");
    assert!(note.contains("root is optional"), "{note}");
    assert!(!note.contains("that intermediate"), "{note}");
}

/// A self-signed root that is not trusted: everything is built, and the note says so.
#[test]
fn an_untrusted_root_is_noted_once() {
    let inputs: Vec<Input> = ["chain.pem", "root.pem", "good.key"].iter().map(|n| input(n)).collect();
    let mut o = options(Flow::Inbound);
    o.trust = TrustChoice::Salesforce;
    o.custom_roots.clear();
    let analysis = analyze_full(&inputs, &o);
    let emitted = emit(&analysis, &request(1));
    assert!(emitted.skipped.is_empty(), "{:?}", emitted.skipped);
    assert_eq!(emitted.notes.len(), 1, "{:?}", emitted.notes);
    assert!(emitted.notes[0].contains("self-signed") && emitted.notes[0].contains("not in"), "{}", emitted.notes[0]);
}

#[test]
fn markdown_report_has_the_case_and_no_key_material() {
    let (analysis, emitted) = good();
    let md = String::from_utf8(bytes(&emitted, "report.md").to_vec()).unwrap();
    assert!(!md.contains("PRIVATE KEY"), "key material in report.md");
    assert!(!md.contains("-----BEGIN"), "PEM in report.md");
    for wanted in
        ["# certchain report", "**Headline:**", "## Chain", "## Findings", "## Inputs", "good.key", "valid_chain"]
    {
        assert!(md.contains(wanted), "report.md lacks {wanted:?}");
    }
    assert!(md.contains(&analysis.report.chain[0].sha256));
    // A failing analysis lists each finding with its fix and OpenSSL error.
    let failing = analysed(&["good.pem", "weak.key"], Flow::Inbound);
    let md = String::from_utf8(bytes(&emit(&failing, &request(1)), "report.md").to_vec()).unwrap();
    assert!(md.contains("`missing_issuer`") && md.contains("**Fix:**") && md.contains("**OpenSSL:** error 20"), "{md}");
    assert!(!md.contains("PRIVATE KEY"));
    let json: serde_json::Value = serde_json::from_slice(bytes(&emitted, "report.json")).unwrap();
    assert_eq!(json["valid"], serde_json::Value::Bool(true));
}

#[test]
fn preflight_on_pem_inputs_in_the_keystore_flow() {
    let analysis = analysed(&["ecleaf.pem", "int.pem", "ecleaf.key"], Flow::Keystore);
    let codes: Vec<Code> = analysis.report.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&Code::KeystoreKeyNotRsa), "{codes:?}");
    let analysis = analysed(&["chain.pem"], Flow::Keystore);
    assert!(analysis.report.findings.iter().any(|f| f.code == Code::KeystoreNoPrivateKey));
    let analysis = analysed(&["chain.pem", "good.key"], Flow::Keystore);
    let keystore: Vec<_> =
        analysis.report.findings.iter().filter(|f| f.code.as_str().starts_with("keystore_")).collect();
    assert!(keystore.is_empty(), "{keystore:?}");
    // The keystore certchain builds passes its own pre-flight.
    let emitted = emit(&analysis, &request(3));
    let jks = Input::new("keystore.jks", bytes(&emitted, "keystore.jks").to_vec()).with_password(PASSWORD);
    let report = analyze_full(&[jks], &options(Flow::Keystore)).report;
    let errors: Vec<_> = report.findings.iter().filter(|f| f.severity == certchain_core::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Run an external tool on an emitted file; `None` (with a loud message) when it is not installed.
fn run_tool(tool: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(tool).args(args).output() {
        Ok(out) => Some(out),
        Err(e) => {
            eprintln!("\n*** SKIPPED: `{tool}` is not available ({e}); the {tool} check did not run ***\n");
            None
        }
    }
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("certchain-outputs-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn openssl_opens_the_pkcs12_file() {
    let (_, emitted) = good();
    let d = temp_dir("p12");
    let path = d.join("keystore.p12");
    std::fs::write(&path, bytes(&emitted, "keystore.p12")).unwrap();
    let p = path.to_str().unwrap();
    let pass = format!("pass:{PASSWORD}");
    if let Some(out) = run_tool("openssl", &["pkcs12", "-info", "-noout", "-in", p, "-passin", &pass]) {
        let text = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "openssl pkcs12 -info failed: {text}");
        assert!(text.contains("MAC: sha256"), "{text}");
        assert!(text.contains("PBES2, PBKDF2, AES-256-CBC"), "{text}");
        let out = run_tool("openssl", &["pkcs12", "-in", p, "-passin", &pass, "-nokeys"]).unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).matches("BEGIN CERTIFICATE").count(), 3);
        let wrong = run_tool("openssl", &["pkcs12", "-info", "-noout", "-in", p, "-passin", "pass:wrong"]).unwrap();
        assert!(!wrong.status.success(), "a wrong password must fail the MAC");
    }
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn keytool_opens_the_jks_and_pkcs12_files() {
    let (_, emitted) = good();
    let d = temp_dir("jks");
    for (name, kind) in [("keystore.jks", "JKS"), ("keystore.p12", "PKCS12")] {
        let path = d.join(name);
        std::fs::write(&path, bytes(&emitted, name)).unwrap();
        let p = path.to_str().unwrap();
        let Some(out) =
            run_tool("keytool", &["-list", "-v", "-keystore", p, "-storetype", kind, "-storepass", PASSWORD])
        else {
            break;
        };
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "keytool -list {name} failed: {text}");
        assert!(text.contains("PrivateKeyEntry"), "{name}: {text}");
        assert!(text.contains("Certificate chain length: 3"), "{name}: {text}");
        assert!(text.to_lowercase().contains("my_client1"), "{name}: {text}");
    }
    // The key itself must decrypt with the store password: export it through a PKCS#12 conversion.
    let jks = d.join("keystore.jks");
    let p12 = d.join("converted.p12");
    if let Some(out) = run_tool(
        "keytool",
        &[
            "-importkeystore",
            "-noprompt",
            "-srckeystore",
            jks.to_str().unwrap(),
            "-srcstoretype",
            "JKS",
            "-srcstorepass",
            PASSWORD,
            "-destkeystore",
            p12.to_str().unwrap(),
            "-deststoretype",
            "PKCS12",
            "-deststorepass",
            PASSWORD,
        ],
    ) {
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "keytool could not recover the key: {text}");
    }
    let _ = std::fs::remove_dir_all(d);
}

/// The seed blog's test, locally: `openssl s_server` demands a client certificate and trusts only
/// the root, so the client must send its intermediate; `curl -E fullcert.pem` must get through.
/// A key + leaf file without the intermediate must not.
#[test]
fn curl_with_fullcert_passes_a_mutual_tls_handshake() {
    let (_, emitted) = good();
    let d = temp_dir("tls");
    for name in ["fullcert.pem", "chain.pem", "fullchain.pem", "client.pem"] {
        std::fs::write(d.join(name), bytes(&emitted, name)).unwrap();
    }
    std::fs::copy(dir().join("good.key"), d.join("server.key")).unwrap();
    std::fs::copy(dir().join("root.pem"), d.join("root.pem")).unwrap();
    // Key + leaf only: what people send before they learn about intermediates.
    let key_pem = String::from_utf8(bytes(&emitted, "fullcert.pem").to_vec()).unwrap();
    let key_only = &key_pem[..key_pem.find("-----BEGIN CERTIFICATE-----").unwrap()];
    let leaf_only = format!("{key_only}{}", String::from_utf8(bytes(&emitted, "client.pem").to_vec()).unwrap());
    std::fs::write(d.join("leafonly.pem"), leaf_only).unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let p = |n: &str| d.join(n).to_str().unwrap().to_string();
    let server = Command::new("openssl")
        .args(["s_server", "-accept", &port.to_string(), "-cert", &p("client.pem"), "-key", &p("server.key")])
        .args(["-cert_chain", &p("chain.pem"), "-CAfile", &p("root.pem"), "-Verify", "3", "-verify_return_error"])
        .args(["-www", "-quiet"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut server) = server else {
        eprintln!(
            "\n*** SKIPPED: `openssl s_server` could not start; the mutual-TLS handshake check did not run ***\n"
        );
        return;
    };
    let url = format!("https://client.example.test:{port}/");
    let resolve = format!("client.example.test:{port}:127.0.0.1");
    let curl = |cert: &str| {
        Command::new("curl")
            .args(["-sS", "--max-time", "10", "--resolve", &resolve, "--cacert", &p("root.pem"), "-E", &p(cert), &url])
            .output()
    };
    // Wait for the server to listen.
    let mut ready = false;
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            ready = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let good = curl("fullcert.pem");
    let bad = curl("leafonly.pem");
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&d);
    assert!(ready, "openssl s_server did not start listening");
    let (Ok(good), Ok(bad)) = (good, bad) else {
        eprintln!("\n*** SKIPPED: `curl` is not available; the mutual-TLS handshake check did not run ***\n");
        return;
    };
    let body = String::from_utf8_lossy(&good.stdout);
    assert!(good.status.success(), "curl -E fullcert.pem failed: {}", String::from_utf8_lossy(&good.stderr));
    assert!(body.contains("s_server") || body.contains("Cipher"), "unexpected page: {body}");
    assert!(!bad.status.success(), "a key + leaf without the intermediate should be refused by the server");
}

#[test]
fn a_keystore_salesforce_will_refuse_says_so() {
    let analysis = analysed(&["ecleaf.pem", "int.pem", "ecleaf.key"], Flow::Keystore);
    let emitted = emit(&analysis, &request(1));
    let jks = emitted.file("keystore.jks").expect("the JKS is still built");
    assert!(jks.description.contains("Salesforce will refuse it: the key is EC"), "{}", jks.description);
    let (_, good) = good();
    assert!(!good.file("keystore.jks").unwrap().description.contains("refuse"));
}
