//! `certchain emit --out <dir> [--alias A] [--password P] [--keystore-password K] [analyze options] <FILE>...`:
//! analyse like `certchain analyze`, then write every output file the core can build
//! (`certchain_core::outputs::emit`) into `<dir>`, one line per file written or skipped.
//!
//! `--password` opens the inputs (PKCS#12, JKS, encrypted keys) and protects the keystores
//! written, unless `--keystore-password` gives another one for them. Exit status as for
//! `analyze`: 0 no error finding, 1 at least one, 2 usage or I/O error.

use crate::args;
use certchain_core::outputs::{EmitRequest, emit};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const USAGE: &str = "\
Usage: certchain emit --out <DIR> [--alias <ALIAS>] [--password <PW>] [--keystore-password <PW>]
                      [analyze options] <FILE>...

Writes into DIR: client.pem / server.pem (the certificate alone), chain.pem, fullchain.pem,
fullcert.pem (key + chain, only with the matching key), ca-bundle.pem, keystore.p12 and
keystore.jks (with a password), report.json and report.md, from what is present: a missing or
untrusted root does not stop them. Prints one line per file, one per file it could not write with
the reason, and a note for what the files do not establish (trust, the key). Files holding a key
are written with mode 0600.
  --out <DIR>                  output directory (created if missing; existing files are replaced)
  --alias <ALIAS>              keystore alias: letters, digits and single underscores, starting
                               with a letter (Salesforce's rule). Default: from the certificate name
  --password <PW>              opens the inputs and protects the keystores
  --keystore-password <PW>     protects the keystores instead of --password
";

/// Options only `emit` takes; the rest go to the `analyze` parser.
struct EmitOptions {
    out: Option<PathBuf>,
    alias: Option<String>,
    keystore_password: Option<String>,
    rest: Vec<OsString>,
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("certchain emit: {message}\n");
    eprint!("{USAGE}");
    ExitCode::from(crate::EXIT_USAGE)
}

/// Split `--out`, `--alias` and `--keystore-password` (as `--opt value` or `--opt=value`) from the
/// arguments; everything else is parsed as `analyze` arguments.
fn split(argv: &[OsString]) -> Result<EmitOptions, String> {
    let mut o = EmitOptions { out: None, alias: None, keystore_password: None, rest: Vec::new() };
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let text = arg.to_str().unwrap_or("");
        let (name, inline) = match text.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (text, None),
        };
        if !matches!(name, "--out" | "--alias" | "--keystore-password") {
            o.rest.push(arg.clone());
            continue;
        }
        let value = match inline {
            Some(v) => OsString::from(v),
            None => it.next().cloned().ok_or_else(|| format!("{name} needs a value"))?,
        };
        let as_string = || value.clone().into_string().map_err(|_| format!("{name} is not valid UTF-8"));
        let slot_taken = match name {
            "--out" => o.out.replace(PathBuf::from(&value)).is_some(),
            "--alias" => o.alias.replace(as_string()?).is_some(),
            _ => o.keystore_password.replace(as_string()?).is_some(),
        };
        if slot_taken {
            return Err(format!("{name} given twice"));
        }
    }
    Ok(o)
}

/// 32 bytes from the operating system for the keystores' salts and IVs (the core has no RNG).
fn entropy() -> Result<[u8; 32], String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read random bytes from /dev/urandom for the keystores' salts: {e}"))?;
    Ok(bytes)
}

/// Write one file; key-bearing files get mode 0600 on Unix (also when replacing an existing file).
fn write_file(path: &Path, bytes: &[u8], secret: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut file = options.open(path)?;
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.flush()
}

pub fn main(argv: &[OsString]) -> ExitCode {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let split = match split(argv) {
        Ok(s) => s,
        Err(message) => return usage_error(&message),
    };
    let Some(out_dir) = split.out else {
        return usage_error("--out <DIR> is required (where to write the files)");
    };
    if split.rest.iter().any(|a| a == "--json") {
        return usage_error("--json is not an emit option: emit always writes report.json");
    }
    let a = match args::parse_analyze_options(split.rest) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(args::UsageError(message)) => return usage_error(&message),
    };

    let mut stdin_used = false;
    let mut inputs = Vec::with_capacity(a.files.len());
    for path in &a.files {
        match crate::read_input(path, &mut stdin_used) {
            Ok(input) => inputs.push(input),
            Err(crate::IoFailure(message)) => return crate::io_error(&message),
        }
    }
    let options = match crate::analysis_options(&a, &mut inputs, &mut stdin_used) {
        Ok(options) => options,
        Err(message) => return crate::io_error(&message),
    };
    let request = EmitRequest {
        alias: split.alias,
        password: split.keystore_password.or(a.password),
        entropy: match entropy() {
            Ok(e) => e,
            Err(message) => return crate::io_error(&message),
        },
    };

    let analysis = certchain_core::analyze_full(&inputs, &options);
    let emitted = emit(&analysis, &request);
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        return crate::io_error(&format!("cannot create the output directory '{}': {e}", out_dir.display()));
    }
    let mut lines = String::new();
    let report = &analysis.report;
    if let Some(headline) = report.findings.first() {
        lines.push_str(&format!(
            "{}: {} [{}]\n",
            match report.verdict {
                certchain_core::Verdict::Valid => "chain valid",
                certchain_core::Verdict::NotValid => "chain NOT valid",
                certchain_core::Verdict::CannotConfirm => "chain validity CANNOT BE CONFIRMED",
            },
            headline.title,
            headline.code
        ));
    }
    for file in &emitted.files {
        let path = out_dir.join(&file.name);
        if let Err(e) = write_file(&path, &file.bytes, file.secret) {
            return crate::io_error(&format!("cannot write '{}': {e}", path.display()));
        }
        lines.push_str(&format!(
            "wrote   {:<15} {:>7} bytes{}  {}\n",
            file.name,
            file.bytes.len(),
            if file.secret { " (0600)" } else { "" },
            file.description
        ));
    }
    for skipped in &emitted.skipped {
        lines.push_str(&format!("skipped {:<15} {}\n", skipped.name, skipped.reason));
    }
    for note in &emitted.notes {
        lines.push_str(&format!("note:   {note}\n"));
    }
    if let Err(e) = crate::write_stdout(lines.as_bytes()) {
        return crate::io_error(&format!("cannot write the listing: {e}"));
    }
    crate::exit_status(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn splits_emit_options_from_analyze_options() {
        let s = split(&os(&["--out", "d", "--alias=my_cert", "--flow", "keystore", "--password", "p", "x.pem"]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.out, Some(PathBuf::from("d")));
        assert_eq!(s.alias.as_deref(), Some("my_cert"));
        assert_eq!(s.rest, os(&["--flow", "keystore", "--password", "p", "x.pem"]));
        assert!(split(&os(&["--out"])).is_err());
        assert!(split(&os(&["--out", "a", "--out", "b"])).is_err());
    }
}
