//! Runs one analysis many times in-process and prints its median wall time and its mean CPU time
//! (from /proc/self/stat: on a shared, busy machine wall time includes waiting for a core, CPU
//! time does not; 10 ms ticks, so run enough iterations): for profiling (`valgrind
//! --tool=callgrind`, `perf record`) and for `scripts/hostile-rss`, which needs the analysis time
//! without process start-up and file reading.
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
    let cpu_before = cpu_ms();
    for _ in 0..iterations {
        let start = Instant::now();
        std::hint::black_box(analyze(std::hint::black_box(&inputs), &options));
        times.push(start.elapsed());
    }
    let cpu = cpu_ms().zip(cpu_before).map(|(after, before)| (after - before) / iterations.max(1) as f64);
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let headline = report.findings.first().map(|f| format!("{:?}", f.code)).unwrap_or_default();
    let cpu = cpu.map(|ms| format!("{ms:.3}")).unwrap_or_else(|| "?".into());
    println!(
        "median {:.3} ms wall, {cpu} ms CPU per analysis over {iterations}; valid={} headline={headline} certs={}",
        median.as_secs_f64() * 1e3,
        report.valid,
        report.certificates.len()
    );
}

/// User + system CPU time of this process in milliseconds (Linux /proc, 100 ticks per second).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 * 10.0)
}
