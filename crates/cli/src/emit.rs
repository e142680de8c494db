//! `certchain emit --out <dir> [--alias A] [--password P] [--keystore-password K] [analyze options] <FILE>...`:
//! analyse like `certchain analyze`, then write every output file the core can build
//! (`certchain_core::outputs::emit`) into `<dir>`, one line per file written or skipped.
//!
//! `--password` opens the inputs (PKCS#12, JKS, encrypted keys) and protects the keystores
//! written, unless `--keystore-password` gives another one for them. Exit status as for
//! `analyze`: 0 no error finding, 1 at least one, 2 usage or I/O error.

use crate::args::AnalyzeArgs;
use certchain_core::outputs::{EmitRequest, emit};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options only `emit` takes (clap parses them with the shared analyze options).
pub struct EmitOptions {
    pub out: PathBuf,
    pub alias: Option<String>,
    pub keystore_password: Option<String>,
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

pub fn main(a: AnalyzeArgs, own: EmitOptions) -> ExitCode {
    let out_dir = own.out;
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
        alias: own.alias,
        password: own.keystore_password.or(a.password),
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
