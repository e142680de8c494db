//! The documentation that is generated or quoted must match the code:
//! - `docs/findings.md` is exactly what the findings catalogue generates;
//! - `docs/facts.md` is exactly what the facts table (`certchain_core::facts`) generates;
//! - `docs/cli.md` quotes `certchain --help`, `certchain analyze --help` and `certchain probe
//!   --help` verbatim.
//!
//! Regenerate docs/findings.md and docs/facts.md with `scripts/gen-docs`
//! (= `UPDATE_DOCS=1 cargo test -p certchain-cli --test docs`).

use std::path::PathBuf;
use std::process::Command;

fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

#[test]
fn findings_doc_matches_the_catalogue() {
    let path = repo_file("docs/findings.md");
    let generated = certchain_core::findings::catalogue::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/findings.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first_difference = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map(|i| format!("first difference at line {}", i + 1))
            .unwrap_or_else(|| "one file is a prefix of the other".to_string());
        panic!(
            "docs/findings.md is out of date with crates/core/src/findings/catalogue.rs ({first_difference}).\n\
             Regenerate it with: scripts/gen-docs   (or: UPDATE_DOCS=1 cargo test -p certchain-cli --test docs)"
        );
    }
}

#[test]
fn facts_doc_matches_the_facts_table() {
    let path = repo_file("docs/facts.md");
    let generated = certchain_core::facts::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/facts.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/facts.md is out of date with crates/core/src/facts.rs.\n\
         Regenerate it with: scripts/gen-docs   (or: UPDATE_DOCS=1 cargo test -p certchain-cli --test docs)"
    );
}

#[test]
fn cli_doc_quotes_the_help_text() {
    let doc = std::fs::read_to_string(repo_file("docs/cli.md")).expect("docs/cli.md exists");
    for args in [&["--help"][..], &["analyze", "--help"], &["probe", "--help"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_certchain")).args(args).output().expect("run certchain");
        assert!(output.status.success());
        let help = String::from_utf8(output.stdout).expect("utf-8 help");
        assert!(
            doc.contains(help.trim_end()),
            "docs/cli.md must quote `certchain {}` verbatim; update its block in docs/cli.md to:\n{help}",
            args.join(" ")
        );
    }
}

#[test]
fn every_code_links_to_an_existing_fixture_directory() {
    let missing: Vec<&str> = certchain_core::findings::catalogue::all_codes()
        .into_iter()
        .map(|code| code.as_str())
        .filter(|code| !repo_file(&format!("tests/fixtures/codes/{code}")).is_dir())
        .collect();
    assert!(missing.is_empty(), "docs/findings.md links fixtures that do not exist: tests/fixtures/codes/{missing:?}");
}
