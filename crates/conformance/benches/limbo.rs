//! The x509-limbo suite end to end as the harness runs it: parse the suite JSON, analyse every
//! case, write the results. Reads `../shared/conformance/limbo.json` and says so loudly when it is
//! absent. Run with `cargo bench -p certchain-conformance`; numbers are in docs/benchmarks.md.

use certchain_conformance::limbo::run_suite;
use certchain_core::time::UnixTime;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn limbo(c: &mut Criterion) {
    let suite_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/limbo.json");
    match std::fs::read_to_string(&suite_path) {
        Ok(suite) => {
            let now = UnixTime::parse_rfc3339("2026-11-23T00:00:00Z").unwrap_or(UnixTime(0));
            let cases = serde_json::from_str::<serde_json::Value>(&suite)
                .ok()
                .and_then(|v| v["testcases"].as_array().map(Vec::len))
                .unwrap_or(0);
            eprintln!("x509-limbo: {cases} testcases from {}", suite_path.display());
            c.bench_function("limbo_suite_end_to_end", |b| b.iter(|| run_suite(black_box(&suite), now)));
        }
        Err(e) => eprintln!(
            "\n!!!!!!!!\n!!! x509-limbo suite MISSING at {}: {e}\n!!! limbo_suite_end_to_end NOT MEASURED\n!!!!!!!!\n",
            suite_path.display()
        ),
    }
}

criterion_group! {
    name = limbo_benches;
    // Short runs: the machine has 2 cores shared with builds.
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    targets = limbo
}
criterion_main!(limbo_benches);
