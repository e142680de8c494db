//! End-to-end tests of the `certchain` binary: exit codes, JSON shape, human output, usage errors.
//!
//! Inputs are the committed example chain (`examples/`, made by `scripts/make-examples.sh`; valid
//! from 2026-11-23 for 20 years) and small files written at test time (with the `openssl` CLI where
//! a certificate is needed).

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A time at which every example certificate is valid.
const VALID_AT: &str = "2030-01-01T00:00:00Z";

fn repo(relative: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative).to_string_lossy().into_owned()
}

fn certchain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certchain")).args(args).output().expect("run certchain")
}

fn certchain_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn certchain");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    child.wait_with_output().expect("wait for certchain")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", stdout(output), stderr(output)))
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["code"].as_str().expect("code string").to_string())
        .collect()
}

fn finding<'a>(report: &'a Value, wanted: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["code"] == wanted))
        .unwrap_or_else(|| panic!("no {wanted} finding in {:?}", codes(report)))
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("certchain-cli-test-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").args(args).current_dir(dir).output().expect("run openssl (is it installed?)");
    assert!(output.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

// ------------------------------------------------------------------ usage

#[test]
fn version_and_help() {
    let out = certchain(&["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).trim(), format!("certchain {}", env!("CARGO_PKG_VERSION")));
    for args in [&["help"][..], &["--help"], &["analyze", "--help"]] {
        let out = certchain(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(stdout(&out).contains("certchain analyze [OPTIONS] <FILE>..."), "{args:?}");
    }
}

#[test]
fn usage_errors_exit_2_with_a_message_and_the_help() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "no command given"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (&["analyze"], "required arguments were not provided:\n  <FILE>..."),
        (&["analyze", "--flow", "sideways", "x.pem"], "invalid value 'sideways' for '--flow <FLOW>'"),
        (&["analyze", "--purpose", "email", "x.pem"], "invalid value 'email' for '--purpose <PURPOSE>'"),
        (&["analyze", "--at", "yesterday", "x.pem"], "RFC 3339"),
        (&["analyze", "--bogus", "x.pem"], "--bogus"),
        (&["analyze", "--trust", "mozilla", "--trust", "roots.pem", "x.pem"], "not a mix"),
        (&["limbo", "suite.json"], "takes no arguments"),
    ];
    for (args, message) in cases {
        let out = certchain(args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(message), "{args:?}: stderr lacks {message:?}:\n{err}");
        assert!(err.contains("Usage:"), "{args:?}: stderr lacks the help text");
        assert!(out.stdout.is_empty(), "{args:?}: usage errors print nothing on stdout");
    }
}

#[test]
fn unreadable_file_exits_2_naming_it() {
    let out = certchain(&["analyze", "no/such/chain.pem"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("cannot read 'no/such/chain.pem'"), "{err}");
    assert!(err.contains("certchain --help"), "{err}");
    let out = certchain(&["analyze", "--trust", "no/such/roots.pem", &repo("examples/chain.pem")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--trust: cannot read 'no/such/roots.pem'"), "{}", stderr(&out));
}

// ------------------------------------------------------------------ JSON report

#[test]
fn json_report_has_the_documented_shape() {
    let out = certchain(&[
        "analyze",
        "--json",
        "--at",
        VALID_AT,
        "--trust",
        &repo("examples/root.pem"),
        &repo("examples/chain.pem"),
        &repo("examples/client.key"),
    ]);
    let report = json(&out);
    assert!(report["valid"].is_boolean());
    assert!(["valid", "not_valid", "cannot_confirm"].contains(&report["verdict"].as_str().unwrap_or("")));
    assert_eq!(report["valid"], report["verdict"] == "valid");
    assert_eq!(report["checked_at"], VALID_AT);
    assert_eq!(report["flow"], "inbound");
    assert_eq!(report["purpose"], "client");
    let chain = report["chain"].as_array().expect("chain array");
    for cert in chain {
        assert!(cert["sha256"].as_str().is_some_and(|h| h.len() == 64), "{cert}");
        assert!(cert["subject"].is_string() && cert["issuer"].is_string(), "{cert}");
        assert!(cert["not_before"].is_string() && cert["not_after"].is_string(), "{cert}");
        assert!(cert["days_left"].is_i64(), "{cert}");
    }
    assert!(report["certificates"].is_array() && report["alternatives"].is_array() && report["rejected"].is_array());
    assert!(report["root"].is_null() || report["root"]["sha256"].is_string());
    let findings = report["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["code", "severity", "title", "detail", "fix"] {
            assert!(f[key].is_string(), "finding lacks string {key}: {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap_or("")), "{f}");
        assert!(f["certs"].is_array(), "{f}");
        let openssl = &f["openssl"];
        assert!(
            openssl.is_null()
                || (openssl["code"].is_u64()
                    && openssl["name"].as_str().is_some_and(|n| n.starts_with("X509_V_ERR_"))
                    && openssl["text"].is_string()
                    && openssl["text_1_1"].is_string()),
            "{f}"
        );
    }
    let inputs = report["inputs"].as_array().expect("inputs array");
    assert_eq!(inputs.len(), 2);
    assert!(inputs[0]["name"].as_str().is_some_and(|n| n.ends_with("chain.pem")));
    assert!(inputs[0]["items"].is_array() && inputs[0]["errors"].is_array());
    // The exit code agrees with the findings.
    let has_error = findings.iter().any(|f| f["severity"] == "error" && f["cannot_confirm"] != true);
    let cannot_confirm = report["verdict"] == "cannot_confirm";
    assert_eq!(
        code(&out),
        if has_error {
            1
        } else if cannot_confirm {
            3
        } else {
            0
        }
    );
}

#[test]
fn complete_chain_with_its_root_trusted_is_valid_and_exits_0() {
    // The generic flow: in a Salesforce flow a private root cannot be confirmed (exit 3, below).
    let out = certchain(&[
        "analyze",
        "--json",
        "--flow",
        "generic",
        "--at",
        VALID_AT,
        "--trust",
        &repo("examples/root.pem"),
        &repo("examples/chain.pem"),
    ]);
    let report = json(&out);
    assert_eq!(report["valid"], true, "{:?}", codes(&report));
    assert_eq!(report["verdict"], "valid", "{:?}", codes(&report));
    assert_eq!(code(&out), 0, "{:?}", codes(&report));
    assert_eq!(codes(&report).first().map(String::as_str), Some("valid_chain"));
    let chain = report["chain"].as_array().expect("chain");
    assert_eq!(chain.len(), 2, "leaf and intermediate; the anchor is reported as root");
    assert!(chain[0]["subject"].as_str().is_some_and(|s| s.contains("integration.example.com")));
    assert!(report["root"]["subject"].as_str().is_some_and(|s| s.contains("certchain Example Root CA")));
}

#[test]
fn private_key_is_matched_to_its_certificate() {
    let out = certchain(&[
        "analyze",
        "--json",
        "--flow",
        "generic",
        "--at",
        VALID_AT,
        "--trust",
        &repo("examples/root.pem"),
        &repo("examples/chain.pem"),
        &repo("examples/client.key"),
    ]);
    let report = json(&out);
    assert_eq!(code(&out), 0, "{:?}", codes(&report));
    let matched = finding(&report, "key_match");
    assert_eq!(matched["severity"], "info");
    assert_eq!(matched["certs"][0], report["chain"][0]["sha256"], "the key belongs to the leaf");
}

#[test]
fn missing_intermediate_is_an_error_with_openssl_20_and_exits_1() {
    let out = certchain(&[
        "analyze",
        "--json",
        "--at",
        VALID_AT,
        "--trust",
        &repo("examples/root.pem"),
        &repo("examples/client.pem"),
    ]);
    let report = json(&out);
    assert_eq!(code(&out), 1);
    assert_eq!(report["valid"], false);
    let missing = finding(&report, "missing_issuer");
    assert_eq!(missing["severity"], "error");
    assert_eq!(missing["openssl"]["code"], 20);
    assert_eq!(missing["openssl"]["text"], "unable to get local issuer certificate");
    assert!(missing["detail"].as_str().is_some_and(|d| d.contains("certchain Example Issuing CA")), "{missing}");
    assert!(missing["fix"].as_str().is_some_and(|f| f.contains(":8443")), "inbound fix by default: {missing}");
}

#[test]
fn validation_time_is_honoured() {
    let args = |at: &'static str| {
        vec![
            "analyze".to_string(),
            "--json".into(),
            "--at".into(),
            at.into(),
            "--trust".into(),
            repo("examples/root.pem"),
            repo("examples/chain.pem"),
        ]
    };
    let run = |at| {
        let a = args(at);
        certchain(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let out = run("2050-01-01T00:00:00Z");
    assert_eq!(code(&out), 1);
    let expired = finding(&json(&out), "expired").clone();
    assert_eq!(expired["openssl"]["code"], 10);
    let out = run("2020-01-01T00:00:00Z");
    assert_eq!(code(&out), 1);
    assert_eq!(finding(&json(&out), "not_yet_valid")["openssl"]["code"], 9);
}

#[test]
fn flow_selects_the_fix_and_purpose() {
    let out = certchain(&[
        "analyze",
        "--json",
        "--flow",
        "outbound",
        "--at",
        VALID_AT,
        "--trust",
        &repo("examples/root.pem"),
        &repo("examples/client.pem"),
    ]);
    let report = json(&out);
    assert_eq!(report["flow"], "outbound");
    assert_eq!(report["purpose"], "server");
    let missing = finding(&report, "missing_issuer");
    assert!(missing["fix"].as_str().is_some_and(|f| f.contains("s_client")), "{missing}");
}

#[test]
fn self_signed_certificate_is_reported_as_openssl_18() {
    let dir = scratch("self-signed");
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "self.key",
            "-out",
            "self.pem",
            "-days",
            "30",
            "-subj",
            "/CN=self-signed.example.com",
        ],
    );
    let cert = dir.join("self.pem").to_string_lossy().into_owned();
    let out = certchain(&["analyze", "--json", "--trust", &repo("examples/root.pem"), &cert]);
    assert_eq!(code(&out), 1);
    let report = json(&out);
    let finding = finding(&report, "self_signed_leaf");
    assert_eq!(finding["openssl"]["code"], 18);
    assert_eq!(finding["openssl"]["text"], "self-signed certificate");
    assert_eq!(finding["openssl"]["text_1_1"], "self signed certificate");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unreadable_block_is_a_parse_error_with_file_and_line() {
    let dir = scratch("parse-error");
    let chain = std::fs::read_to_string(repo("examples/chain.pem")).expect("example chain");
    let broken = format!(
        "{chain}\nsome prose from an e-mail\n-----BEGIN CERTIFICATE-----\nMIIB!!!not base64!!!\n-----END CERTIFICATE-----\n"
    );
    let path = dir.join("pasted.pem");
    std::fs::write(&path, broken).expect("write");
    let path = path.to_string_lossy().into_owned();
    let out = certchain(&["analyze", "--json", "--at", VALID_AT, "--trust", &repo("examples/root.pem"), &path]);
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert!(codes(&report).contains(&"parse_error".to_string()));
    let errors = report["inputs"][0]["errors"].as_array().expect("errors");
    let line = errors.first().and_then(|e| e["line"].as_u64()).expect("the error has a line");
    assert!(line > 40, "the broken block starts after the two certificates, got line {line}");
    // The good certificates in the same file were still read.
    let items = report["inputs"][0]["items"].as_array().expect("items");
    assert_eq!(items.iter().filter(|i| i["kind"] == "certificate").count(), 2);

    let human = certchain(&["analyze", "--at", VALID_AT, "--trust", &repo("examples/root.pem"), &path]);
    assert!(stdout(&human).contains(&format!("{path}:{line}")), "{}", stdout(&human));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dash_reads_standard_input() {
    let chain = std::fs::read(repo("examples/chain.pem")).expect("example chain");
    let out = certchain_stdin(
        &["analyze", "--json", "--flow", "generic", "--at", VALID_AT, "--trust", &repo("examples/root.pem"), "-"],
        &chain,
    );
    let report = json(&out);
    assert_eq!(report["inputs"][0]["name"], "stdin");
    assert_eq!(report["valid"], true, "{:?}", codes(&report));
    assert_eq!(code(&out), 0);
}

#[test]
fn nothing_to_analyse_is_an_error() {
    let out = certchain_stdin(&["analyze", "--json", "-"], b"hello, no certificates here\n");
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert!(codes(&report).contains(&"no_certificate".to_string()), "{:?}", codes(&report));
}

#[test]
fn host_names_are_checked_for_server_certificates() {
    let base = ["analyze", "--json", "--flow", "generic", "--at", VALID_AT];
    let root = repo("examples/root.pem");
    let chain = repo("examples/chain.pem");
    let run = |host: &str| {
        let mut args = base.to_vec();
        args.extend(["--trust", root.as_str(), "--host", host, chain.as_str()]);
        json(&certchain(&args))
    };
    assert!(!codes(&run("integration.example.com")).contains(&"host_mismatch".to_string()));
    let report = run("other.example.com");
    assert_eq!(finding(&report, "host_mismatch")["openssl"]["code"], 62);
}

// ------------------------------------------------------------------ human output

#[test]
fn human_output_puts_the_headline_first_then_chain_findings_inputs() {
    let missing = repo("examples/client.pem");
    let out = certchain(&["analyze", "--at", VALID_AT, "--trust", &repo("examples/root.pem"), &missing]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("NOT VALID — "), "headline first: {first}");
    let position = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in:\n{text}"));
    assert!(position("Chain") < position("Findings (") && position("Findings (") < position("Inputs:"));
    assert!(text.contains("[missing_issuer]"), "{text}");
    assert!(text.contains("OpenSSL: error 20: unable to get local issuer certificate"), "{text}");
    assert!(text.contains("Fix: "), "{text}");
    assert!(text.contains("integration.example.com"), "{text}");
    assert!(text.contains("expires in"), "validity with days left: {text}");
}

#[test]
fn password_is_applied_to_every_input() {
    let dir = scratch("password");
    openssl(
        &dir,
        &[
            "pkcs12",
            "-export",
            "-in",
            &repo("examples/chain.pem"),
            "-inkey",
            &repo("examples/client.key"),
            "-out",
            "client.p12",
            "-passout",
            "pass:s3cret",
        ],
    );
    let p12 = dir.join("client.p12").to_string_lossy().into_owned();
    let root = repo("examples/root.pem");
    let with =
        json(&certchain(&["analyze", "--json", "--at", VALID_AT, "--trust", &root, "--password", "s3cret", &p12]));
    // Read and checked: valid against the private root, which Salesforce may not trust.
    assert_eq!(with["verdict"], "cannot_confirm", "{:?}", codes(&with));
    let without = certchain(&["analyze", "--json", "--at", VALID_AT, "--trust", &root, &p12]);
    assert_eq!(code(&without), 1);
    let report = json(&without);
    assert!(
        codes(&report).iter().any(|c| c == "password_required" || c == "parse_error"),
        "a PKCS#12 without its password is reported: {:?}",
        codes(&report)
    );
    let _ = std::fs::remove_dir_all(dir);
}

// ------------------------------------------------------------------ limbo

#[test]
fn limbo_reads_a_suite_on_stdin_and_writes_results() {
    let suite = br#"{"version":1,"testcases":[]}"#;
    let out = certchain_stdin(&["limbo"], suite);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let results = json(&out);
    assert_eq!(results["version"], 1);
    assert!(results["harness"].as_str().is_some_and(|h| h.starts_with("certchain-")), "{results}");
    assert_eq!(results["results"].as_array().map(Vec::len), Some(0));

    let out = certchain_stdin(&["limbo"], b"not json");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("limbo"), "{}", stderr(&out));
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    // `script` (util-linux) gives the command a pseudo-terminal; without it this cannot be tested.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` is not installed");
        return;
    }
    let command = format!(
        "'{}' analyze --trust '{}' '{}'",
        env!("CARGO_BIN_EXE_certchain"),
        repo("examples/root.pem"),
        repo("examples/client.pem")
    );
    let on_tty = |no_color: bool| {
        let mut script = Command::new("script");
        script.args(["-qec", &command, "/dev/null"]).env_remove("NO_COLOR");
        if no_color {
            script.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&script.output().expect("run script").stdout).into_owned()
    };
    let coloured = on_tty(false);
    assert!(coloured.lines().next().is_some_and(|l| l.contains("\x1b[1;31mNOT VALID\x1b[0m")), "{coloured}");
    let plain = on_tty(true);
    assert!(plain.contains("NOT VALID") && !plain.contains('\x1b'), "{plain}");
}

#[test]
fn org_list_is_the_trust_store_and_unmatched_lines_are_listed() {
    let dir = scratch("org-list");
    // An org page's text: the example root as PEM, one bundled root by alias and one unknown fingerprint.
    let root = std::fs::read_to_string(repo("examples/root.pem")).expect("example root");
    let unknown = "AB".repeat(32);
    let list = format!(
        "<html><body><h1>Certificates</h1>\n{root}\ndigicertglobalrootg2 [jdk]\nSHA-256: {unknown}\n</body></html>\n"
    );
    let unknown_line = list.lines().position(|l| l.contains(&unknown)).expect("in the list") + 1;
    let path = dir.join("cacerts.html");
    std::fs::write(&path, &list).expect("write list");
    let path = path.to_string_lossy().into_owned();
    let out = certchain(&["analyze", "--json", "--at", VALID_AT, "--org-list", &path, &repo("examples/chain.pem")]);
    let report = json(&out);
    assert_eq!(report["valid"], true, "{:?}", codes(&report));
    assert_eq!(report["trust_store"]["id"], "org_list");
    let err = stderr(&out);
    assert!(err.contains("2 roots matched, 1 items not matched"), "{err}");
    assert!(
        err.contains(&format!("line {unknown_line}: {unknown}: SHA-256 fingerprint not in the bundled snapshot")),
        "{err}"
    );
    // Without the example root in the list, the same chain is not trusted.
    std::fs::write(&path, "digicertglobalrootg2 [jdk]\n").expect("write list");
    let report =
        json(&certchain(&["analyze", "--json", "--at", VALID_AT, "--org-list", &path, &repo("examples/chain.pem")]));
    assert_eq!(report["valid"], false);
    assert!(certchain(&["analyze", "--org-list", &path, "--trust", "mozilla", "x"]).status.code() == Some(2));
}

// ------------------------------------------------------------------ verdict and trust store

#[test]
fn private_root_in_the_inbound_flow_cannot_be_confirmed_and_exits_3() {
    // `scripts/run`'s example: the client certificate, trusting its private root, inbound.
    let args = ["analyze", "--at", VALID_AT, "--trust", &repo("examples/root.pem"), &repo("examples/chain.pem")];
    let out = certchain(&args);
    assert_eq!(code(&out), 3, "{}", stdout(&out));
    let text = stdout(&out);
    let first = text.lines().next().unwrap_or("");
    assert!(first.starts_with("CANNOT CONFIRM — Valid against your roots"), "{first}");
    assert!(first.contains("/cacerts.jsp"), "{first}");
    assert!(!text.contains("VALID — The chain is valid"), "{text}");

    let json_out = certchain(&[&["analyze", "--json"][..], &args[1..]].concat());
    assert_eq!(code(&json_out), 3);
    let report = json(&json_out);
    assert_eq!(report["verdict"], "cannot_confirm");
    assert_eq!(report["valid"], false);
    assert_eq!(report["findings"][0]["code"], "not_in_salesforce_store");
    assert_eq!(report["findings"][0]["cannot_confirm"], true);

    // The generic flow makes no Salesforce claim: plain valid, exit 0.
    let generic = certchain(&[&args[..1], &["--flow", "generic"], &args[1..]].concat());
    assert_eq!(code(&generic), 0, "{}", stdout(&generic));
    assert!(stdout(&generic).starts_with("VALID — The chain is valid"), "{}", stdout(&generic));
}

#[test]
fn the_default_store_is_named_an_estimate_with_the_org_list_option() {
    let out = certchain(&["analyze", "--at", VALID_AT, &repo("examples/chain.pem")]);
    let text = stdout(&out);
    let line = text.lines().find(|l| l.starts_with("Trust store:")).unwrap_or_default();
    assert!(line.contains("Salesforce — estimated from Mozilla + Java cacerts, "), "{line}");
    assert!(text.contains("--org-list FILE"), "{text}");
    let report = json(&certchain(&["analyze", "--json", "--at", VALID_AT, &repo("examples/chain.pem")]));
    assert_eq!(report["trust_store"]["estimate"], true);
    assert!(report["trust_store"]["name"].as_str().is_some_and(|n| n.contains("estimated")));
}

// ------------------------------------------------------------------ completions

#[test]
fn shell_completions_name_the_subcommands_and_options() {
    let out = certchain(&["completions", "bash"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let script = stdout(&out);
    for word in ["analyze", "emit", "explain", "commands", "limbo", "--flow", "--trust", "--org-list"] {
        assert!(script.contains(word), "bash completions lack {word}");
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = certchain(&["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}");
        assert!(stdout(&out).contains("--flow"), "{shell}");
    }
    let out = certchain(&["completions", "tcsh"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("'tcsh'"), "{}", stderr(&out));
}

#[test]
fn every_subcommand_help_has_examples() {
    for sub in ["analyze", "emit", "explain", "commands", "limbo", "completions"] {
        let out = certchain(&[sub, "--help"]);
        assert_eq!(code(&out), 0, "{sub}");
        assert!(stdout(&out).contains("Examples:"), "{sub} --help lacks examples");
    }
}
