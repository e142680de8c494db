//! Times every file of a corpus through a target, natively and without sanitizers, and prints the
//! slowest: `cargo run --release --no-default-features --example replay -- <target> <dir|file>...`.
//! libFuzzer only flags inputs slower than `-timeout`; issue 6 wants anything over 100 ms found.

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(target) = args.next() else {
        eprintln!("usage: replay <decode|pem|keystore|analyze|revocation|emit|explain|orglist|pem-text> <dir|file>...");
        std::process::exit(2);
    };
    if target == "pem-text" {
        // The text the `pem` target builds from a fuzz input (after its name and password bytes).
        for path in args {
            let data = std::fs::read(&path).unwrap_or_default();
            let text = certchain_fuzz::pem_text(data.get(2..).unwrap_or_default());
            println!("{}", String::from_utf8_lossy(&text));
        }
        return;
    }
    let run: fn(&[u8]) = match target.as_str() {
        "decode" => certchain_fuzz::decode,
        "pem" => certchain_fuzz::pem,
        "keystore" => certchain_fuzz::keystore,
        "analyze" => certchain_fuzz::analyze,
        "revocation" => certchain_fuzz::revocation,
        "emit" => certchain_fuzz::emit,
        "explain" => certchain_fuzz::explain,
        "orglist" => certchain_fuzz::orglist,
        other => {
            eprintln!("unknown target {other:?}");
            std::process::exit(2);
        }
    };
    let mut files = Vec::new();
    for arg in args {
        let path = std::path::PathBuf::from(arg);
        match std::fs::read_dir(&path) {
            Ok(entries) => files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path())),
            Err(_) => files.push(path),
        }
    }
    let mut times: Vec<(Duration, std::path::PathBuf, usize)> = Vec::new();
    let started = Instant::now();
    for path in files {
        let Ok(data) = std::fs::read(&path) else { continue };
        // Best of two: the first run also pays for one-time set-up (the bundled trust stores).
        let mut best = Duration::MAX;
        for _ in 0..2 {
            let t = Instant::now();
            run(&data);
            best = best.min(t.elapsed());
        }
        times.push((best, path, data.len()));
    }
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    let over = times.iter().filter(|t| t.0 > Duration::from_millis(100)).count();
    println!(
        "{target}: {} inputs in {:.1} s; {over} over 100 ms; slowest:",
        times.len(),
        started.elapsed().as_secs_f64()
    );
    for (time, path, len) in times.iter().take(5) {
        println!("  {:>9.3} ms  {:>7} bytes  {}", time.as_secs_f64() * 1e3, len, path.display());
    }
}
