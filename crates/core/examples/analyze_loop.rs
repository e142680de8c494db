//! Runs one analysis many times in-process and prints its median time: for profiling
//! (`valgrind --tool=callgrind`, `perf record`) and for `scripts/hostile-rss`, which needs the
//! analysis time without process start-up and file reading.
//!
//! `analyze_loop <ITERATIONS> [--at RFC3339] [--trust ROOTS.pem]... [--salesforce] FILE...`
//! Trust defaults to the given roots (custom), or the Salesforce snapshot with `--salesforce`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use certchain_core::time::UnixTime;
use certchain_core::{Input, Options, Purpose, TrustChoice, analyze};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).expect("usage: analyze_loop <ITERATIONS> ...");
    let mut options = Options::new(UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap());
    options.purpose = Purpose::Client;
    options.trust = TrustChoice::Custom;
    let mut inputs = Vec::new();
    let read = |p: &str| Input::new(p, std::fs::read(p).unwrap_or_else(|e| panic!("read {p}: {e}")));
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--at" => options.at = UnixTime::parse_rfc3339(&args.next().expect("--at TIME")).expect("RFC 3339 time"),
            "--trust" => options.custom_roots.push(read(&args.next().expect("--trust FILE"))),
            "--salesforce" => options.trust = TrustChoice::Salesforce,
            file => inputs.push(read(file)),
        }
    }
    // One analysis before timing: the bundled stores are parsed once per process.
    let report = analyze(&inputs, &options);
    let mut times = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        std::hint::black_box(analyze(std::hint::black_box(&inputs), &options));
        times.push(start.elapsed());
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let headline = report.findings.first().map(|f| format!("{:?}", f.code)).unwrap_or_default();
    println!(
        "median {:.3} ms over {iterations}; valid={} headline={headline} certs={}",
        median.as_secs_f64() * 1e3,
        report.valid,
        report.certificates.len()
    );
}
