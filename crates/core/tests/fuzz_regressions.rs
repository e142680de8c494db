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

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/fuzz").join(name)).unwrap()
}

fn budget_errors(summary: &certchain_core::decode::InputSummary) -> usize {
    summary.errors.iter().filter(|e| e.message.contains("password-hashing rounds")).count()
}

/// Bug 1 (fuzz target `pem`, a timeout): 57 fuzz bytes stand for a ~1 MB paste of 776 encrypted
/// PKCS#8 keys (PBE-SHA1-3DES, 2,048 iterations) with a wrong password. Every key was tried:
/// 0.27 s natively, 15 s under the fuzzer. The per-input password-hashing budget now stops after
/// about 240 keys and says so on each key it skips.
#[test]
fn a_paste_of_hundreds_of_encrypted_keys_stops_at_the_work_budget() {
    let data = fixture("pem-776-encrypted-keys.bin");
    targets::pem(&data); // the target's own invariants
    let text = targets::pem_text(&data[2..]);
    let input = certchain_core::Input::new("key.key", text)
        .with_password(targets::PASSWORDS[usize::from(data[1]) % 8].unwrap());
    let decoded = certchain_core::decode::decode_inputs(&[input]);
    let summary = &decoded.inputs[0];
    let wrong = summary.errors.iter().filter(|e| e.kind == certchain_core::decode::DecodeErrorKind::WrongPassword);
    let (tried, skipped) = (wrong.count(), budget_errors(summary));
    assert!(tried > 0 && skipped > 0, "tried {tried}, skipped {skipped}: {:?}", summary.errors.first());
    // 2,048 iterations for the key and 2,048 for the IV per attempt, within 2,000,000 rounds.
    assert!(tried <= 2_000_000 / 4_096, "{tried} keys tried: the budget did not stop the work");
    assert!(tried + skipped >= 776, "every key is accounted for: {tried} tried + {skipped} skipped");
}

/// Bug 2 (found by a crafted input after the fuzzers flagged the KDF cost): three keys of
/// 1,000,000 PBKDF2 iterations each in one file. The old budget (10,000,000 rounds per input) let
/// a 2.4 KB file of six 2,000,000-iteration keys run 2.7 s natively (and four such inputs in one
/// analysis ~11 s); now the third key is refused with a clear error and the first two open.
#[test]
fn costly_keys_beyond_the_budget_are_refused_with_a_clear_error() {
    let input = certchain_core::Input::new("keys.pem", fixture("three-keys-1m-iterations.pem")).with_password("secret");
    let decoded = certchain_core::decode::decode_inputs(&[input]);
    let summary = &decoded.inputs[0];
    assert_eq!(decoded.keys.len(), 2, "{:?}", summary.errors);
    assert_eq!(budget_errors(summary), 1, "{:?}", summary.errors);
    let error = summary.errors.iter().find(|e| e.message.contains("password-hashing rounds")).unwrap();
    assert_eq!(error.line, Some(15), "the error names the third key's BEGIN line");
    assert!(!error.hint.is_empty());
}

/// Bug 3 (fuzz target `pem`, a timeout): a JSON-escaped paste is one long line; with thousands of
/// BEGIN markers and no END on it, the scanner searched the whole rest of the line for an END once
/// per block: quadratic (0.46 s natively for the fuzzer's 750 KB, 12 s under the fuzzer). It now
/// looks for END only up to the next BEGIN.
#[test]
fn one_long_line_of_begin_markers_is_scanned_in_linear_time() {
    targets::pem(&fixture("pem-one-line-of-begin-markers.bin"));
    // Behaviour, not a wall-clock budget: 16 times the markers must cost about 16 times the time,
    // not 256 (quadratic). The bound (64x, plus 50 ms of slack) sits far from both, and the fastest
    // of three runs of each size is kept, so a busy machine skews neither.
    let fastest = |markers: usize| {
        let line = "-----BEGIN CERTIFICATE----- MIIB ".repeat(markers);
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                let decoded =
                    certchain_core::decode::decode_inputs(&[certchain_core::Input::new("pasted text", line.clone())]);
                (started.elapsed(), decoded)
            })
            .min_by_key(|(elapsed, _)| *elapsed)
            .unwrap()
    };
    let (small, _) = fastest(2_500);
    let markers = 40_000;
    let (elapsed, decoded) = fastest(markers);
    assert!(
        elapsed < small * 64 + std::time::Duration::from_millis(50),
        "{elapsed:?} for {markers} markers on one line against {small:?} for a sixteenth of them: not linear"
    );
    let summary = &decoded.inputs[0];
    assert!(decoded.certs.is_empty());
    assert!(!summary.errors.is_empty());
    assert!(
        summary
            .errors
            .iter()
            .all(|e| e.kind == certchain_core::decode::DecodeErrorKind::Malformed && e.line == Some(1))
    );
    assert!(summary.errors[0].message.contains("END"), "{}", summary.errors[0].message);
}
