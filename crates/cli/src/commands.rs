//! `certchain commands [--my-domain X] [--api-version V] [--alias A] [--root FILE] [--server HOST]
//! [analyze options] <FILE>...`: analyse like `certchain analyze`, then print the ready-to-run
//! commands of `certchain_core::commands` with the user's names filled in (`--json`: as JSON).
//! Exit status: 0 printed, 2 usage or I/O error (the chain's verdict is `analyze`'s job).

use crate::args::{self, AnalyzeArgs, TrustArg};
use certchain_core::commands::{CommandOptions, commands};
use certchain_core::{Input, Options, PeerName};
use std::ffi::OsString;
use std::process::ExitCode;

pub const USAGE: &str = "\
Usage: certchain commands [--my-domain <NAME>] [--api-version <V>] [--alias <ALIAS>] [--root <FILE>]
                          [--server <HOST>] [--json] [analyze options] <FILE>...

Prints ready-to-run commands for your files and flow: the Salesforce mutual TLS test (an OAuth 2.0
token, client credentials or JWT bearer, then a REST call, all on port 8443 of your My Domain with
curl -E fullcert.pem), openssl verify, openssl s_client, and the keytool conversions (PKCS#12 <-> JKS, change alias, delete entry). The file
names are those `certchain emit` writes (client.pem, chain.pem, fullcert.pem, ca-bundle.pem,
client.key, keystore.p12, keystore.jks).
  --my-domain <NAME>           your My Domain (acme, acme.my.salesforce.com or its URL).
                               Default: the placeholder <MyDomain>
  --api-version <V>            Salesforce API version in the URLs. Default: 66.0
  --alias <ALIAS>              keystore alias in the keytool commands. Default: client_cert
  --root <FILE>                the root file for -CAfile. Default: the --trust file, else a root
                               file among your FILEs, else ca-bundle.pem
  --server <HOST>              your server, for the outbound s_client test. Default: the first
                               --host, else a placeholder
  --json                       print the commands as JSON
";

/// Options only `commands` takes; the rest go to the `analyze` parser.
#[derive(Debug, Default, PartialEq)]
struct Split {
    my_domain: Option<String>,
    api_version: Option<String>,
    alias: Option<String>,
    root: Option<String>,
    server: Option<String>,
    rest: Vec<OsString>,
}

const OWN: [&str; 5] = ["--my-domain", "--api-version", "--alias", "--root", "--server"];

fn split(argv: &[OsString]) -> Result<Split, String> {
    let mut s = Split::default();
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let text = arg.to_str().unwrap_or("");
        let (name, inline) = match text.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (text, None),
        };
        if !OWN.contains(&name) {
            s.rest.push(arg.clone());
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .ok_or_else(|| format!("{name} needs a value"))?
                .clone()
                .into_string()
                .map_err(|_| format!("{name} is not valid UTF-8"))?,
        };
        let slot = match name {
            "--my-domain" => &mut s.my_domain,
            "--api-version" => &mut s.api_version,
            "--alias" => &mut s.alias,
            "--root" => &mut s.root,
            _ => &mut s.server,
        };
        if slot.replace(value).is_some() {
            return Err(format!("{name} given twice"));
        }
    }
    Ok(s)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("certchain commands: {message}\n");
    eprint!("{USAGE}");
    ExitCode::from(crate::EXIT_USAGE)
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

pub fn main(argv: &[OsString]) -> ExitCode {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let s = match split(argv) {
        Ok(s) => s,
        Err(message) => return usage_error(&message),
    };
    let a = match args::parse_analyze_options(s.rest) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(args::UsageError(message)) => return usage_error(&message),
    };
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

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn splits_own_options_from_analyze_options() {
        let s = split(&os(&["--my-domain", "acme", "--alias=x_y", "--flow", "outbound", "--server", "h", "a.pem"]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.my_domain.as_deref(), Some("acme"));
        assert_eq!(s.alias.as_deref(), Some("x_y"));
        assert_eq!(s.server.as_deref(), Some("h"));
        assert_eq!(s.rest, os(&["--flow", "outbound", "a.pem"]));
        assert!(split(&os(&["--my-domain"])).is_err());
        assert!(split(&os(&["--root", "a", "--root", "b"])).is_err());
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }
}
