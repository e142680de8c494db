//! `certchain`: the command line over certchain-core.
//!
//! `certchain analyze` prints the report (text or `--json`) and exits 0 when there is no error
//! finding, 1 when there is one, 3 when there is none but the verdict is "cannot confirm", 2 on
//! usage or I/O errors. `certchain limbo` runs an x509-limbo
//! suite from standard input. The clock is read here, never in the core.

mod args;
mod commands;
mod emit;
mod explain;
mod net;
mod probe;
mod render;

use args::{AnalyzeArgs, Cmd, TrustArg};
use certchain_core::time::UnixTime;
use certchain_core::{Input, Options, Report, Severity, TrustChoice, Verdict};
use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

/// Exit status for usage and I/O errors (0, 1 and 3 are the analysis verdict).
const EXIT_USAGE: u8 = 2;
/// Exit status when no finding is an error but the verdict is "cannot confirm": a script that
/// only tests for success does not take it for valid, and it is told apart from "not valid".
const EXIT_CANNOT_CONFIRM: u8 = 3;

fn main() -> ExitCode {
    use clap::Parser;
    // clap prints help and --version on stdout (exit 0) and its usage errors on stderr (exit 2).
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => args::exit_with_usage(e),
    };
    let usage = |sub: Option<&str>, message: &str| -> ExitCode { args::usage_error(sub, message).exit() };
    match cli.command {
        None => usage(None, "no command given"),
        Some(Cmd::Analyze { json, options, files }) => match options.resolve(json, files) {
            Ok(a) => analyze(a),
            Err(message) => usage(Some("analyze"), &message),
        },
        Some(Cmd::Emit { out, alias, keystore_password, json, options, files }) => {
            if json {
                return usage(Some("emit"), "--json is not an emit option: emit always writes report.json");
            }
            match options.resolve(false, files) {
                Ok(a) => emit::main(a, emit::EmitOptions { out: out.into(), alias, keystore_password }),
                Err(message) => usage(Some("emit"), &message),
            }
        }
        Some(Cmd::Explain { json, options, message, files }) => match options.resolve(json, files) {
            Ok(a) => explain::main(a, message),
            Err(m) => usage(Some("explain"), &m),
        },
        Some(Cmd::Commands { my_domain, api_version, alias, root, server, json, options, files }) => {
            match options.resolve(json, files) {
                Ok(a) => commands::main(a, commands::Own { my_domain, api_version, alias, root, server }),
                Err(message) => usage(Some("commands"), &message),
            }
        }
        Some(Cmd::Probe { target, servername, timeout, proxy, json, options, files }) => {
            match options.resolve(json, files) {
                Ok(a) => probe::main(
                    a,
                    probe::ProbeOptions {
                        target,
                        servername,
                        timeout: timeout.unwrap_or(probe::DEFAULT_TIMEOUT),
                        proxy,
                    },
                ),
                Err(message) => usage(Some("probe"), &message),
            }
        }
        Some(Cmd::Limbo { extra }) if !extra.is_empty() => usage(
            Some("limbo"),
            &format!(
                "unexpected argument '{}': certchain limbo takes no arguments (it reads the suite on standard input)",
                extra.first().map(|a| a.to_string_lossy()).unwrap_or_default()
            ),
        ),
        Some(Cmd::Limbo { .. }) => limbo(),
        Some(Cmd::Completions { shell }) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut args::Cli::command(), "certchain", &mut out);
            match write_stdout(&out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => io_error(&format!("cannot write the completions: {e}")),
            }
        }
        Some(Cmd::Version) => {
            println!("certchain {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
    }
}

fn now() -> UnixTime {
    let seconds = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        // A clock before 1970: count backwards.
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    };
    UnixTime(seconds)
}

/// An I/O error worth exiting 2 for, with the file it concerns.
struct IoFailure(String);

fn read_input(path: &OsString, stdin_used: &mut bool) -> Result<Input, IoFailure> {
    if path == "-" {
        if *stdin_used {
            return Err(IoFailure("standard input (-) can be read only once".into()));
        }
        *stdin_used = true;
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| IoFailure(format!("cannot read standard input: {e}")))?;
        return Ok(Input::new("stdin", bytes));
    }
    let name = path.to_string_lossy().into_owned();
    match std::fs::read(path) {
        Ok(bytes) => Ok(Input::new(name, bytes)),
        Err(e) => Err(IoFailure(format!("cannot read '{name}': {e}"))),
    }
}

fn analyze(args: AnalyzeArgs) -> ExitCode {
    let mut stdin_used = false;
    let mut inputs = Vec::with_capacity(args.files.len());
    for path in &args.files {
        match read_input(path, &mut stdin_used) {
            Ok(input) => inputs.push(input),
            Err(IoFailure(message)) => return io_error(&message),
        }
    }
    let options = match analysis_options(&args, &mut inputs, &mut stdin_used) {
        Ok(options) => options,
        Err(message) => return io_error(&message),
    };

    let report = certchain_core::analyze(&inputs, &options);
    let output = if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(e) => return io_error(&format!("cannot serialize the report: {e}")),
        }
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        render::render(&report, render::Style { color })
    };
    if let Err(e) = write_stdout(output.as_bytes()) {
        return io_error(&format!("cannot write the report: {e}"));
    }
    exit_status(&report)
}

/// Exit status for a report, shared by `analyze`, `emit` and `probe`: 1 when any finding is an
/// error (the chain is not valid, or a key, CSR or keystore problem; for a handshake, its outcome
/// or the server's chain as sent), else 3 when a verdict is "cannot confirm" (the files' chain,
/// when there are files; a server's chain as sent), else 0. docs/cli.md documents it.
pub(crate) fn exit_status(report: &Report) -> ExitCode {
    let is_error = |f: &certchain_core::Finding| f.severity == Severity::Error && !f.cannot_confirm;
    let handshake_findings =
        report.handshakes.iter().flat_map(|h| h.findings.iter().chain(h.server.iter().flat_map(|s| s.findings.iter())));
    let files_given = report.handshakes.is_empty() || !report.certificates.is_empty() || !report.keys.is_empty();
    if report.findings.iter().chain(handshake_findings).any(is_error) {
        ExitCode::FAILURE
    } else if (files_given && report.verdict == Verdict::CannotConfirm)
        || report.handshakes.iter().any(|h| h.server.as_ref().is_some_and(|s| s.verdict == Verdict::CannotConfirm))
    {
        ExitCode::from(EXIT_CANNOT_CONFIRM)
    } else {
        ExitCode::SUCCESS
    }
}

/// `certchain limbo`: an x509-limbo suite on standard input, the harness results JSON on standard
/// output (the contract of the upstream harnesses). Exit 0 when the suite ran, 2 when it could not.
/// The options `analyze`, `emit` and `commands` share: flow, purpose, time, host names and the
/// trust store (reading its files), with the one `--password` applied to every input and root file.
fn analysis_options(args: &AnalyzeArgs, inputs: &mut [Input], stdin_used: &mut bool) -> Result<Options, String> {
    let mut options = Options::for_flow(args.at.unwrap_or_else(now), args.flow, args.purpose);
    options.peer_names = args.peer_names.clone();
    options.policy = args.policy.clone();
    options.complete = args.complete;
    match &args.trust {
        TrustArg::Salesforce => options.trust = TrustChoice::Salesforce,
        TrustArg::Mozilla => options.trust = TrustChoice::Mozilla,
        TrustArg::Files(files) => {
            options.trust = TrustChoice::Custom;
            for path in files {
                options
                    .custom_roots
                    .push(read_input(path, stdin_used).map_err(|IoFailure(m)| format!("--trust: {m}"))?);
            }
        }
        TrustArg::OrgList(path) => {
            options.trust = TrustChoice::OrgList;
            let list = read_input(path, stdin_used).map_err(|IoFailure(m)| format!("--org-list: {m}"))?;
            explain_org_list(&list);
            options.custom_roots.push(list);
        }
    }
    if let Some(password) = &args.password {
        for input in inputs.iter_mut().chain(options.custom_roots.iter_mut()) {
            input.password = Some(password.clone());
        }
    }
    Ok(options)
}

/// Says on standard error what the org list gave: how many roots, and every line that matched
/// nothing in the bundled snapshot (with the core's reason), so the user can add the certificate.
fn explain_org_list(list: &Input) {
    let imported = certchain_core::trust::import_org_list(&String::from_utf8_lossy(&list.bytes));
    eprintln!(
        "certchain: --org-list {}: {} roots matched, {} items not matched",
        list.name,
        imported.matched.len(),
        imported.unmatched.len()
    );
    for item in &imported.unmatched {
        eprintln!("  line {}: {}: {}", item.line, item.token, item.reason);
    }
}

fn limbo() -> ExitCode {
    let mut suite = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut suite) {
        return io_error(&format!("cannot read the limbo suite from standard input: {e}"));
    }
    match certchain_conformance::limbo::run_suite(&suite, now()) {
        Ok(results) => {
            let results = if results.ends_with('\n') { results } else { results + "\n" };
            match write_stdout(results.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => io_error(&format!("cannot write the results: {e}")),
            }
        }
        Err(message) => io_error(&format!("limbo: {message}")),
    }
}

fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}

fn io_error(message: &str) -> ExitCode {
    eprintln!("certchain: {message}");
    eprintln!("Run `certchain --help` for usage.");
    ExitCode::from(EXIT_USAGE)
}
