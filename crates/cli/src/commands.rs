//! `certchain commands [--my-domain X] [--api-version V] [--alias A] [--root FILE] [--server HOST]
//! [analyze options] <FILE>...`: analyse like `certchain analyze`, then print the ready-to-run
//! commands of `certchain_core::commands` with the user's names filled in (`--json`: as JSON).
//! Exit status: 0 printed, 2 usage or I/O error (the chain's verdict is `analyze`'s job).

use crate::args::{AnalyzeArgs, TrustArg};
use certchain_core::commands::{CommandOptions, commands};
use certchain_core::{Input, Options, PeerName};
use std::ffi::OsString;
use std::process::ExitCode;

/// Options only `commands` takes (clap parses them with the shared analyze options).
#[derive(Debug, Default, PartialEq)]
pub struct Own {
    pub my_domain: Option<String>,
    pub api_version: Option<String>,
    pub alias: Option<String>,
    pub root: Option<String>,
    pub server: Option<String>,
}

/// Read the files and build the options `analyze` would (shared with `certchain explain`).
pub fn inputs_and_options(a: &AnalyzeArgs, files: &[OsString]) -> Result<(Vec<Input>, Options), String> {
    let mut stdin_used = false;
    let mut inputs = Vec::with_capacity(files.len());
    for path in files {
        inputs.push(crate::read_input(path, &mut stdin_used).map_err(|crate::IoFailure(m)| m)?);
    }
    let options = crate::analysis_options(a, &mut inputs, &mut stdin_used)?;
    Ok((inputs, options))
}

pub fn main(a: AnalyzeArgs, s: Own) -> ExitCode {
    let (inputs, options) = match inputs_and_options(&a, &a.files) {
        Ok(x) => x,
        Err(message) => return crate::io_error(&message),
    };
    let report = certchain_core::analyze(&inputs, &options);
    let server_host = s.server.or_else(|| {
        a.peer_names.iter().find_map(|p| match p {
            PeerName::Dns(h) | PeerName::Ip(h) => Some(h.clone()),
            PeerName::Email(_) => None,
        })
    });
    // The root for -CAfile: --root, else the one file of roots given with --trust.
    let root = s.root.or_else(|| match &a.trust {
        TrustArg::Files(files) if files.len() == 1 => files.first().map(|f| f.to_string_lossy().into_owned()),
        _ => None,
    });
    let defaults = CommandOptions::for_report(&report);
    let command_options = CommandOptions {
        my_domain: s.my_domain,
        api_version: s.api_version.unwrap_or(defaults.api_version.clone()),
        alias: s.alias.unwrap_or(defaults.alias.clone()),
        root,
        server_host,
        ..defaults
    };
    let list = commands(&report, &command_options);
    let output = if a.json {
        match serde_json::to_string_pretty(&list) {
            Ok(json) => json + "\n",
            Err(e) => return crate::io_error(&format!("cannot serialize the commands: {e}")),
        }
    } else {
        render(&list)
    };
    match crate::write_stdout(output.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::io_error(&format!("cannot write the commands: {e}")),
    }
}

/// The commands as a shell-script listing: title and explanation as comments, then the command.
fn render(list: &[certchain_core::commands::Command]) -> String {
    let mut out = String::new();
    for c in list {
        out.push_str(&format!("# {}\n", c.title));
        for line in wrap(&c.explanation, 96) {
            out.push_str(&format!("#   {line}\n"));
        }
        out.push_str(&c.command);
        out.push_str("\n\n");
    }
    out
}

/// Greedy word wrap (explanations are plain sentences).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }
}
