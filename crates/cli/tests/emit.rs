//! `certchain emit`: writes the output files into --out, lists each written and skipped file,
//! protects key files (mode 0600 on Unix) and exits like `analyze`.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/outputs/inputs")
}

fn out_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("certchain-emit-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn emit(args: &[&str], files: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certchain"));
    cmd.arg("emit").args(args);
    cmd.arg("--trust").arg(fixtures().join("root.pem")).args(["--at", "2026-06-01T00:00:00Z"]);
    for f in files {
        cmd.arg(fixtures().join(f));
    }
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn writes_every_file_and_lists_it() {
    let d = out_dir("all");
    let o = emit(
        &["--out", d.to_str().unwrap(), "--alias", "my_client", "--password", "s3cret-pw"],
        &["chain.pem", "good.key"],
    );
    let text = stdout(&o);
    // Every file is written; the private test root cannot be confirmed for Salesforce (exit 3).
    assert_eq!(o.status.code(), Some(3), "{text}{}", String::from_utf8_lossy(&o.stderr));
    assert!(text.starts_with("chain validity CANNOT BE CONFIRMED: Valid against your roots"), "{text}");
    for name in [
        "client.pem",
        "chain.pem",
        "fullchain.pem",
        "fullcert.pem",
        "ca-bundle.pem",
        "keystore.p12",
        "keystore.jks",
        "report.json",
        "report.md",
    ] {
        let path = d.join(name);
        let len = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{name}: {e}")).len();
        assert!(text.contains(&format!("wrote   {name}")), "{name} not listed:\n{text}");
        assert!(text.contains(&format!("{len} bytes")), "{name} size not listed:\n{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let secret = matches!(name, "fullcert.pem" | "keystore.p12" | "keystore.jks");
            assert_eq!(mode == 0o600, secret, "{name} has mode {mode:o}");
        }
    }
    assert!(!text.contains("skipped"), "{text}");
    assert!(text.contains("Import from Keystore"), "the JKS line says where it goes:\n{text}");
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn says_what_it_could_not_write_and_why() {
    let d = out_dir("skip");
    // A key that does not match, no password: fullcert.pem and the keystores are skipped.
    let o = emit(&["--out", d.to_str().unwrap()], &["chain.pem", "weak.key"]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "key_mismatch is an error finding:\n{text}");
    assert!(text.contains("skipped fullcert.pem") && text.contains("does not match"), "{text}");
    assert!(text.contains("skipped keystore.jks"), "{text}");
    assert!(!d.join("fullcert.pem").exists());
    assert!(d.join("chain.pem").exists() && d.join("report.md").exists());
    let md = std::fs::read_to_string(d.join("report.md")).unwrap();
    assert!(!md.contains("PRIVATE KEY"));
    let _ = std::fs::remove_dir_all(d);
}

/// Issue 16 item 3: leaf + intermediate + key with the default store (the private root not given):
/// chain.pem, fullcert.pem and the keystores are written, and one note says trust is not established.
#[test]
fn a_missing_root_still_writes_the_files_with_one_note() {
    let d = out_dir("noroot");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certchain"));
    cmd.args(["emit", "--out", d.to_str().unwrap(), "--password", "s3cret-pw", "--at", "2026-06-01T00:00:00Z"]);
    for f in ["good.pem", "int.pem", "good.key"] {
        cmd.arg(fixtures().join(f));
    }
    let o = cmd.output().unwrap();
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "not valid: the root is not trusted\n{text}");
    for name in ["client.pem", "chain.pem", "fullcert.pem", "ca-bundle.pem", "keystore.p12", "keystore.jks"] {
        assert!(d.join(name).exists(), "{name} not written:\n{text}");
        assert!(text.contains(&format!("wrote   {name}")), "{name} not listed:\n{text}");
    }
    let chain = std::fs::read_to_string(d.join("chain.pem")).unwrap();
    assert_eq!(chain.matches("BEGIN CERTIFICATE").count(), 2, "leaf + intermediate");
    assert!(text.contains("skipped fullchain.pem"), "{text}");
    assert_eq!(text.matches("note:").count(), 1, "{text}");
    assert!(text.contains("note:   Trust is not established"), "{text}");
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn usage_errors_exit_2() {
    let o = emit(&[], &["chain.pem"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("required arguments were not provided:\n  --out <DIR>"));
    let o = emit(&["--out", "/tmp/x", "--json"], &["chain.pem"]);
    assert_eq!(o.status.code(), Some(2));
    let help = Command::new(env!("CARGO_BIN_EXE_certchain")).args(["emit", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--keystore-password"));
}
