//! What the fuzzers (`fuzz/`, docs/fuzzing.md) found, one test per bug, and a replay of the
//! committed fuzz seeds through the targets' own bodies: CI has no nightly, so this is what keeps
//! the targets compiling and their invariants holding under the normal `cargo test`.
#![allow(clippy::unwrap_used)]

/// The fuzz targets' bodies (`fuzz/src/lib.rs`), compiled into this test as a module.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file in a directory, sorted (so a failure names the same file every run).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// A fuzz target's body.
type Target = fn(&[u8]);

#[test]
fn committed_seeds_hold_every_targets_invariants() {
    let targets: [(&str, Target); 7] = [
        ("decode", targets::decode),
        ("pem", targets::pem),
        ("keystore", targets::keystore),
        ("analyze", targets::analyze),
        ("emit", targets::emit),
        ("explain", targets::explain),
        ("orglist", targets::orglist),
    ];
    for (name, run) in targets {
        let seeds = files(&repo().join("fuzz/seeds").join(name));
        assert!(seeds.len() >= 4, "fuzz/seeds/{name} has only {} seeds", seeds.len());
        for seed in seeds {
            let data = std::fs::read(&seed).unwrap();
            // A panic names the target and the seed.
            eprintln!("{name}: {}", seed.display());
            run(&data);
        }
    }
}

/// The seeds are real fixtures, so they must decode to something: a seed that only produces
/// errors means the option bytes in front of it (see fuzz/make-seeds.py) drifted from the target.
#[test]
fn seeds_decode_to_items() {
    use certchain_core::decode::{DecodeErrorKind, decode_inputs};
    for dir in ["decode", "keystore"] {
        for seed in files(&repo().join("fuzz/seeds").join(dir)) {
            let data = std::fs::read(&seed).unwrap();
            let password = targets::PASSWORDS[usize::from(data[1]) % targets::PASSWORDS.len()];
            let mut input = certchain_core::Input::new("seed", data[2..].to_vec());
            input.password = password.map(str::to_string);
            let summary = &decode_inputs(&[input]).inputs[0];
            let locked =
                password.is_none() && summary.errors.iter().any(|e| e.kind == DecodeErrorKind::PasswordRequired);
            assert!(
                !summary.items.is_empty() || locked,
                "{} decodes to no items: {:?}",
                seed.display(),
                summary.errors
            );
        }
    }
    let text = targets::pem_text(&std::fs::read(repo().join("fuzz/seeds/pem/files")).unwrap()[2..]);
    let decoded = certchain_core::decode::decode_inputs(&[certchain_core::Input::new("pasted text", text)]);
    assert!(decoded.certs.len() >= 3, "the pem seed 'files' stands for the fixture chain and more");
}
