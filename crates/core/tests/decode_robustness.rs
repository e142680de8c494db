//! No input may panic the decoder, and every input is accounted for (an item or an error).
//! Deterministic mutation of every fixture: truncation, bit flips, byte insertion and splicing.
#![allow(clippy::unwrap_used)]

use certchain_core::Input;
use certchain_core::decode::decode_inputs;

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    match rng.below(5) {
        0 => bytes.truncate(rng.below(original.len() + 1)),
        1 => {
            for _ in 0..=rng.below(4) {
                let i = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        2 => {
            let i = rng.below(bytes.len() + 1);
            let insert: Vec<u8> = (0..=rng.below(8)).map(|_| rng.next() as u8).collect();
            bytes.splice(i..i, insert);
        }
        3 => {
            // Overwrite a DER length byte region with 0xff / 0x80.
            let i = rng.below(bytes.len());
            if let Some(b) = bytes.get_mut(i) {
                *b = if rng.below(2) == 0 { 0xff } else { 0x80 };
            }
        }
        _ => {
            let a = rng.below(bytes.len() + 1);
            let b = rng.below(bytes.len() + 1);
            let (lo, hi) = (a.min(b), a.max(b));
            let slice = bytes[lo..hi].to_vec();
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, slice);
        }
    }
    bytes
}

#[test]
fn mutated_fixtures_never_panic_and_are_accounted_for() {
    let dir = format!("{}/../../tests/fixtures/inputs", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut runs = 0usize;
    // CERTCHAIN_FUZZ_SCALE=20 runs twenty times as many mutations (e.g. with --release).
    let scale: usize = std::env::var("CERTCHAIN_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    for path in names {
        let original = std::fs::read(&path).unwrap();
        // Containers run password KDFs: fewer rounds keep the test fast.
        let rounds = if original.first() == Some(&0x30) && original.len() > 2000 { 25 } else { 60 };
        let rounds = if matches!(original.first(), Some(0xfe | 0xce)) { 25 } else { rounds };
        for round in 0..rounds * scale {
            let bytes = mutate(&mut rng, &original);
            let mut input = Input::new(path.display().to_string(), bytes.clone());
            if round % 2 == 0 {
                input.password =
                    Some(if path.to_string_lossy().contains("jks") || path.to_string_lossy().contains("jceks") {
                        "storepass".into()
                    } else {
                        "secret".into()
                    });
            }
            let d = decode_inputs(&[input]);
            let s = &d.inputs[0];
            assert!(
                !s.items.is_empty() || !s.errors.is_empty(),
                "{} mutated (round {round}) produced neither items nor errors",
                path.display()
            );
            runs += 1;
        }
    }
    assert!(runs > 1000, "{runs}");
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for len in 0..400 {
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if len % 3 == 0 && len > 0 {
            bytes[0] = 0x30; // look like DER
        }
        if len % 7 == 0 && len >= 4 {
            bytes[..4].copy_from_slice(&[0xfe, 0xed, 0xfe, 0xed]);
        }
        let d = decode_inputs(&[Input::new("random", bytes)]);
        assert!(!d.inputs[0].items.is_empty() || !d.inputs[0].errors.is_empty());
    }
}
