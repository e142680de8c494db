//! Criterion benchmarks for the core (issue 2 budget: analysing a 4-certificate RSA-2048 chain
//! plus its key ≤ 0.3 ms native). Inputs are `tests/fixtures/chains/rsa2048/`, made by
//! `tests/fixtures/make-chain-fixtures.sh`; the hostile-input case uses the `path_budget_exceeded`
//! scenario of `tests/fixtures/codes/`; the 2,000-certificate paste is generated
//! (`tests/support/gen.rs`, the same bundle `scripts/make-bundle` writes). The x509-limbo suite's
//! benchmark is in crates/conformance/benches/limbo.rs.
//! Run with `cargo bench -p certchain-core`; numbers are in docs/benchmarks.md.

#[path = "../tests/support/gen.rs"]
mod generator;

use certchain_core::crypto::verify_signature;
use certchain_core::decode::decode_inputs;
use certchain_core::time::UnixTime;
use certchain_core::{Input, Options, Purpose, TrustChoice, analyze};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/chains/rsa2048").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn options(trust: TrustChoice) -> Options {
    let mut options = Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").unwrap_or(UnixTime(0)));
    options.purpose = Purpose::Client;
    options.trust = trust;
    if options.trust == TrustChoice::Custom {
        options.custom_roots = vec![Input::new("root.pem", fixture("root.pem"))];
    }
    options
}

fn benches(c: &mut Criterion) {
    let fullchain = vec![Input::new("fullchain.pem", fixture("fullchain.pem"))];
    let chain_and_key =
        vec![Input::new("fullchain.pem", fixture("fullchain.pem")), Input::new("leaf.key", fixture("leaf.key"))];

    // Sanity: the benchmark measures a real analysis, not an early error exit.
    let decoded = decode_inputs(&fullchain);
    assert_eq!(decoded.certs.len(), 4, "fullchain.pem holds 4 certificates");
    let custom = options(TrustChoice::Custom);
    let report = analyze(&chain_and_key, &custom);
    eprintln!(
        "custom-root analysis: valid={} chain={} findings={}",
        report.valid,
        report.chain.len(),
        report.findings.len()
    );

    // The unit cost under (b): one RSA-2048 PKCS#1 v1.5 SHA-256 signature check (leaf by int2).
    // An analysis does one per chain link plus the anchor's self-signature.
    {
        use der::Encode;
        let (leaf, int2) = match decoded.certs.as_slice() {
            [leaf, int2, ..] => (leaf, int2),
            _ => panic!("fullchain.pem starts with the leaf and int2"),
        };
        let tbs = leaf.parsed.tbs_certificate().to_der().expect("re-encode the leaf's TBS");
        let signature = leaf.parsed.signature().raw_bytes().to_vec();
        let algorithm = leaf.parsed.signature_algorithm().clone();
        let spki = int2.parsed.tbs_certificate().subject_public_key_info().to_der().expect("re-encode int2's SPKI");
        assert!(verify_signature(&algorithm, &tbs, &signature, &spki).is_ok(), "int2 signed the leaf");
        c.bench_function("verify_one_rsa2048_sha256_signature", |b| {
            b.iter(|| verify_signature(black_box(&algorithm), black_box(&tbs), &signature, &spki))
        });
    }
    c.bench_function("decode_pem_chain_4_rsa2048", |b| b.iter(|| decode_inputs(black_box(&fullchain))));
    c.bench_function("analyze_rsa2048_chain_and_key_custom_root", |b| {
        b.iter(|| analyze(black_box(&chain_and_key), black_box(&custom)))
    });
    // Against the bundled Salesforce snapshot (the chain's private root is not in it: this
    // measures issuer look-up over the bundled roots). The store is warm: the one-time parse of
    // the 167 bundled roots (and the Salesforce status index) happens in the analysis below,
    // before timing, as it does once per process in the CLI and once per page in the browser.
    let salesforce = options(TrustChoice::Salesforce);
    let warm = analyze(&chain_and_key, &salesforce);
    eprintln!("salesforce-store analysis: valid={} findings={}", warm.valid, warm.findings.len());
    c.bench_function("analyze_rsa2048_chain_and_key_salesforce_store", |b| {
        b.iter(|| analyze(black_box(&chain_and_key), black_box(&salesforce)))
    });

    // Hostile input stays bounded: the path_budget_exceeded scenario, a mesh of 49 certificates
    // with 8^6 candidate paths, analysed until the path-building budget stops the search.
    let mesh_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes/path_budget_exceeded");
    let read_mesh = |name: &str| std::fs::read(mesh_dir.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"));
    let mesh = vec![Input::new("mesh.pem", read_mesh("mesh.pem"))];
    let mut mesh_options = options(TrustChoice::Custom);
    mesh_options.custom_roots = vec![Input::new("root.pem", read_mesh("root.pem"))];
    c.bench_function("analyze_hostile_mesh_49_certs", |b| {
        b.iter(|| analyze(black_box(&mesh), black_box(&mesh_options)))
    });

    // Issue 14: a real leaf given alone (python.org, issued by Let's Encrypt R11), completed from
    // the CCADB snapshot (budget ≤ 2 ms). Warm, as in a process's second analysis: the snapshot's
    // index (built once per process) and the store are ready before timing; the leaf-only look-up,
    // the second path build and the checks are what is measured. Without completion, for comparison.
    let leaf_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ccadb/python-org-by-r11.pem");
    let leaf_alone = vec![Input::new("leaf.pem", std::fs::read(&leaf_path).expect("read the python.org leaf"))];
    let mut complete = options(TrustChoice::Salesforce);
    complete.purpose = Purpose::Server;
    complete.at = UnixTime::parse_rfc3339("2025-04-01T00:00:00Z").unwrap_or(UnixTime(0));
    let start = std::time::Instant::now();
    let cold = analyze(&leaf_alone, &complete);
    eprintln!("first leaf-only analysis with completion (index built): {:?}", start.elapsed());
    let status = cold.completion.as_ref().map(|c| c.status.as_str());
    assert_eq!(status, Some("completed"), "the benchmark measures a real completion");
    c.bench_function("analyze_leaf_alone_completed_from_ccadb", |b| {
        b.iter(|| analyze(black_box(&leaf_alone), black_box(&complete)))
    });
    let mut no_complete = complete.clone();
    no_complete.complete = false;
    c.bench_function("analyze_leaf_alone_without_completion", |b| {
        b.iter(|| analyze(black_box(&leaf_alone), black_box(&no_complete)))
    });
}

/// Whole-input benchmarks: each iteration takes tenths of a second, so few samples.
fn large(c: &mut Criterion) {
    let bundle = generator::bundle(2000);
    let inputs = vec![Input::new("bundle.pem", bundle.pem.clone())];
    let mut bundle_options = options(TrustChoice::Custom);
    bundle_options.at = UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap_or(UnixTime(0));
    bundle_options.custom_roots = vec![Input::new("root.pem", generator::cert_pem(&bundle.root))];
    let report = analyze(&inputs, &bundle_options);
    // A custom root in the default inbound flow reads "cannot confirm" (Salesforce trust unknown),
    // not "valid": what matters here is that the chain reached the root with no error.
    let no_error = !report.findings.iter().any(|f| f.severity == certchain_core::Severity::Error);
    assert!(
        report.root.is_some() && no_error && report.certificates.len() == 2000,
        "the bundle analyses to a chain that reaches its root without an error"
    );
    eprintln!("bundle: {} certificates, {} bytes of PEM", report.certificates.len(), bundle.pem.len());
    c.bench_function("analyze_bundle_2000_certs_5mb", |b| {
        b.iter(|| analyze(black_box(&inputs), black_box(&bundle_options)))
    });
}

criterion_group! {
    name = large_benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    targets = large
}

criterion_group! {
    name = analyze_benches;
    // Short runs: the machine has 2 cores shared with builds.
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(analyze_benches, large_benches);
