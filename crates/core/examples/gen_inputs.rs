//! Writes the generated benchmark and hostile inputs to files, for tools that work on files
//! (`certchain analyze`, `openssl verify`, the browser benchmark).
//!
//! `cargo run --release -p certchain-core --example gen_inputs -- <DIR> [BUNDLE_COUNT]` writes
//! - `<DIR>/bundle-<N>.pem` (the N-certificate paste, default 2000) and `bundle-<N>-root.pem`;
//! - `<DIR>/hostile/<case>/` per hostile case: the inputs, `roots/` (the custom roots) and `what`;
//! - `<DIR>/chains/<shape>/` chains for `scripts/bench-compare` (`chain.pem` leaf + intermediates,
//!   `root.pem`, `leaf.key`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/gen.rs"]
mod generator;

use std::path::{Path, PathBuf};

fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: gen_inputs <DIR> [BUNDLE_COUNT]"));
    let count: usize = args.next().map(|n| n.parse().expect("BUNDLE_COUNT is a number")).unwrap_or(2000);

    let bundle = generator::bundle(count);
    write(&dir.join(format!("bundle-{count}.pem")), bundle.pem.as_bytes());
    write(&dir.join(format!("bundle-{count}-root.pem")), generator::cert_pem(&bundle.root).as_bytes());
    println!(
        "{}: {} certificates, {} bytes",
        dir.join(format!("bundle-{count}.pem")).display(),
        bundle.count,
        bundle.pem.len()
    );

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let read = |p: &str| std::fs::read(fixtures.join(p)).unwrap_or_else(|e| panic!("read {p}: {e}"));
    let mut cases = generator::hostile_cases(1);
    cases.push(generator::Case {
        name: "cross_signing_mesh",
        what: "the path_budget_exceeded mesh: 49 cross-signed CAs, 8^6 candidate paths",
        inputs: vec![("mesh.pem".into(), read("codes/path_budget_exceeded/mesh.pem"))],
        roots: vec![("root.pem".into(), read("codes/path_budget_exceeded/root.pem"))],
    });
    cases.push(generator::Case {
        name: "rsa_16384",
        what: "an RSA-16384 leaf and its key under an RSA-16384 root",
        inputs: vec![
            ("rsa16384-leaf.pem".into(), read("hostile/rsa16384-leaf.pem")),
            ("rsa16384.key".into(), read("hostile/rsa16384.key")),
        ],
        roots: vec![("root.pem".into(), read("hostile/rsa16384-root.pem"))],
    });
    cases.push(generator::Case {
        name: "bundle_2000",
        what: "the 2,000-certificate, 5 MB paste",
        inputs: vec![("bundle.pem".into(), bundle.pem.clone().into_bytes())],
        roots: vec![("root.pem".into(), generator::cert_pem(&bundle.root).into_bytes())],
    });
    for case in &cases {
        let case_dir = dir.join("hostile").join(case.name);
        let _ = std::fs::remove_dir_all(&case_dir);
        for (name, bytes) in &case.inputs {
            write(&case_dir.join(name), bytes);
        }
        for (name, bytes) in &case.roots {
            write(&case_dir.join("roots").join(name), bytes);
        }
        write(&case_dir.join("what"), format!("{}\n", case.what).as_bytes());
    }
    println!("{}: {} hostile cases", dir.join("hostile").display(), cases.len());

    for (shape, intermediates) in [("ecdsa-2", 0usize), ("ecdsa-4", 2)] {
        let chain = generator::chain(&format!("Compare {shape}"), intermediates);
        let chain_dir = dir.join("chains").join(shape);
        write(&chain_dir.join("chain.pem"), chain.chain_pem().as_bytes());
        write(&chain_dir.join("root.pem"), generator::cert_pem(chain.root()).as_bytes());
        write(&chain_dir.join("leaf.key"), chain.leaf_key.sec1_pem().as_bytes());
    }
    println!("{}: ECDSA chains for bench-compare", dir.join("chains").display());
}
