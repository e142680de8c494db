//! Command-line parsing (lexopt): turns argv into a [`Command`], or a usage error with a message.

use certchain_core::time::UnixTime;
use certchain_core::{Flow, PeerName, PolicyInputs, Purpose};
use lexopt::prelude::*;
use std::ffi::OsString;

pub const USAGE: &str = "\
certchain — explain certificate chains (mutual TLS with Salesforce and everything else)

Usage:
  certchain analyze [OPTIONS] <FILE>...   analyse certificates, keys, CSRs, CRLs, PKCS#7/#12, JKS
  certchain emit --out <DIR> [OPTIONS] <FILE>...
                                          write chain.pem, fullcert.pem, keystores, reports
                                          (certchain emit --help for its options)
  certchain explain [--json] \"<MESSAGE>\" [FILE...]
                                          explain an OpenSSL/curl/Java/Node/Python/Salesforce
                                          error; with FILEs, point at the cause in them
  certchain commands [--my-domain <NAME>] [OPTIONS] <FILE>...
                                          print ready-to-run curl/openssl/keytool commands
  certchain limbo                         run an x509-limbo suite (JSON on stdin, results on stdout)
  certchain help                          print this help
  certchain --version                     print the version

Options for analyze:
  --json                       print the report as JSON instead of text
  --flow <FLOW>                inbound (API client → Salesforce :8443), outbound (Salesforce → your
                               server), csr (Salesforce CSR signed by a CA), keystore (Import from
                               Keystore), generic. Decides the wording of fixes. Default: from
                               --purpose (client → inbound, server → outbound, any → generic),
                               else inbound
  --purpose <PURPOSE>          client (needs clientAuth), server (needs serverAuth), any.
                               Default: from --flow
  --at <TIME>                  validate at this RFC 3339 time (2026-11-23T10:00:00Z). Default: now
  --trust <STORE>              salesforce (estimate from Mozilla + Java cacerts, default), mozilla,
                               or a file of roots; repeat for several files: exactly the roots in
                               them are trusted
  --org-list <FILE>            trust exactly your org's list: the saved /cacerts.jsp page (or any text
                               of PEM certificates, SHA-1/SHA-256 fingerprints, cacerts aliases);
                               what cannot be matched is listed on standard error
  --host <NAME>                a host name or IP address the certificate must be valid for (repeatable)
  --password <PW>              password for PKCS#12, JKS and encrypted keys (applies to every input)
  --policy <OID>               a certificate policy you accept (user-initial-policy-set, RFC 5280
                               §6.1.1; repeatable; default any). The report lists the policies the
                               chain is valid for; alone it only warns when none of yours is
  --require-explicit-policy    the chain must be valid for a policy (yours, with --policy)
  --inhibit-policy-mapping     do not follow CAs' policyMappings
  --inhibit-any-policy         anyPolicy in an intermediate CA does not stand for every policy
  <FILE>...                    files to analyse; - reads standard input

Exit status: 0 valid, no error finding; 1 at least one error finding; 3 no error finding but the
verdict is cannot confirm; 2 usage or I/O error.
";

/// What the user asked for.
#[derive(Debug, PartialEq)]
pub enum Command {
    Analyze(AnalyzeArgs),
    Limbo,
    Help,
    Version,
}

/// Which roots `--trust` selected.
#[derive(Debug, PartialEq, Default)]
pub enum TrustArg {
    #[default]
    Salesforce,
    Mozilla,
    /// Files whose roots are exactly the trust store.
    Files(Vec<OsString>),
    /// An org's trust list (`/cacerts.jsp` text, fingerprints, aliases, PEM), matched against the
    /// bundled snapshot by the core (`TrustChoice::OrgList`).
    OrgList(OsString),
}

#[derive(Debug, PartialEq)]
pub struct AnalyzeArgs {
    pub json: bool,
    pub flow: Flow,
    pub purpose: Purpose,
    pub at: Option<UnixTime>,
    pub trust: TrustArg,
    pub peer_names: Vec<PeerName>,
    pub password: Option<String>,
    /// RFC 5280 §6.1.1 policy inputs (--policy, --require-explicit-policy, ...).
    pub policy: PolicyInputs,
    /// Paths as given; `-` is standard input.
    pub files: Vec<OsString>,
}

/// A usage error: what was wrong, in words.
#[derive(Debug, PartialEq)]
pub struct UsageError(pub String);

impl From<lexopt::Error> for UsageError {
    fn from(e: lexopt::Error) -> Self {
        UsageError(e.to_string())
    }
}

pub fn parse<I>(args: I) -> Result<Command, UsageError>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next()? {
        None => return Err(UsageError("no command given".into())),
        Some(Long("help") | Short('h')) => return Ok(Command::Help),
        Some(Long("version") | Short('V')) => return Ok(Command::Version),
        Some(Value(value)) => value.string()?,
        Some(other) => return Err(other.unexpected().into()),
    };
    match command.as_str() {
        "analyze" | "analyse" => parse_analyze(&mut parser),
        "limbo" => match parser.next()? {
            None => Ok(Command::Limbo),
            Some(Long("help") | Short('h')) => Ok(Command::Help),
            Some(other) => Err(UsageError(format!(
                "{} (certchain limbo takes no arguments: it reads the suite on standard input)",
                other.unexpected()
            ))),
        },
        "help" => Ok(Command::Help),
        "version" => Ok(Command::Version),
        other => Err(UsageError(format!("unknown command '{other}' (expected analyze, limbo or help)"))),
    }
}

fn parse_analyze(parser: &mut lexopt::Parser) -> Result<Command, UsageError> {
    let mut json = false;
    let mut flow: Option<Flow> = None;
    let mut purpose: Option<Purpose> = None;
    let mut at = None;
    let mut trust_keyword: Option<TrustArg> = None;
    let mut trust_files = Vec::new();
    let mut org_list: Option<OsString> = None;
    let mut peer_names = Vec::new();
    let mut password = None;
    let mut policy = PolicyInputs::default();
    let mut files = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("json") => json = true,
            Long("flow") => {
                let value = parser.value()?.string()?;
                flow = Some(match value.as_str() {
                    "inbound" => Flow::Inbound,
                    "outbound" => Flow::Outbound,
                    "csr" | "csr-upload" | "csr_upload" => Flow::CsrUpload,
                    "keystore" => Flow::Keystore,
                    "generic" => Flow::Generic,
                    _ => {
                        return Err(UsageError(format!(
                            "invalid --flow '{value}' (expected inbound, outbound, csr, keystore or generic)"
                        )));
                    }
                });
            }
            Long("purpose") => {
                let value = parser.value()?.string()?;
                purpose = Some(match value.as_str() {
                    "client" => Purpose::Client,
                    "server" => Purpose::Server,
                    "any" => Purpose::Any,
                    _ => {
                        return Err(UsageError(format!(
                            "invalid --purpose '{value}' (expected client, server or any)"
                        )));
                    }
                });
            }
            Long("at") => {
                let value = parser.value()?.string()?;
                at = Some(UnixTime::parse_rfc3339(&value).map_err(|e| UsageError(format!("invalid --at: {e}")))?);
            }
            Long("trust") => {
                let value = parser.value()?;
                match value.to_str() {
                    Some("salesforce") => set_trust_keyword(&mut trust_keyword, TrustArg::Salesforce)?,
                    Some("mozilla") => set_trust_keyword(&mut trust_keyword, TrustArg::Mozilla)?,
                    _ => trust_files.push(value),
                }
            }
            Long("org-list") => {
                if org_list.is_some() {
                    return Err(UsageError("--org-list given twice (put every root in one list)".into()));
                }
                org_list = Some(parser.value()?);
            }
            Long("host") => {
                let value = parser.value()?.string()?;
                peer_names.push(peer_name(&value)?);
            }
            Long("password") => {
                if password.is_some() {
                    return Err(UsageError("--password given twice (one password applies to every input)".into()));
                }
                password = Some(parser.value()?.string()?);
            }
            Long("policy") => {
                let value = parser.value()?.string()?;
                let oid = certchain_core::policy::parse_policy_oid(&value)
                    .map_err(|why| UsageError(format!("invalid --policy: {why}")))?;
                if !policy.initial_policy_set.contains(&oid) {
                    policy.initial_policy_set.push(oid);
                }
            }
            Long("require-explicit-policy") => policy.initial_explicit_policy = true,
            Long("inhibit-policy-mapping") => policy.initial_policy_mapping_inhibit = true,
            Long("inhibit-any-policy") => policy.initial_any_policy_inhibit = true,
            Long("help") | Short('h') => return Ok(Command::Help),
            Value(path) => files.push(path),
            // `-` alone is a value (standard input); lexopt reports it as Value.
            other => return Err(other.unexpected().into()),
        }
    }
    if files.is_empty() {
        return Err(UsageError("analyze needs at least one file (use - for standard input)".into()));
    }
    if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(UsageError("standard input (-) can be read only once".into()));
    }
    if org_list.is_some() && (trust_keyword.is_some() || !trust_files.is_empty()) {
        return Err(UsageError(
            "--org-list and --trust cannot be combined: the org's list is the whole trust store".into(),
        ));
    }
    let trust = match (trust_keyword, trust_files.is_empty()) {
        _ if org_list.is_some() => TrustArg::OrgList(org_list.unwrap_or_default()),
        (Some(_), false) => {
            return Err(UsageError("--trust takes either salesforce, mozilla, or files of roots, not a mix".into()));
        }
        (Some(keyword), true) => keyword,
        (None, false) => TrustArg::Files(trust_files),
        (None, true) => TrustArg::Salesforce,
    };
    // Each of flow and purpose defaults from the other; with neither, inbound mutual TLS.
    let (flow, purpose) = match (flow, purpose) {
        (Some(flow), Some(purpose)) => (flow, purpose),
        (Some(flow), None) => (flow, flow.default_purpose()),
        (None, Some(purpose)) => (
            match purpose {
                Purpose::Client => Flow::Inbound,
                Purpose::Server => Flow::Outbound,
                Purpose::Any => Flow::Generic,
            },
            purpose,
        ),
        (None, None) => (Flow::Inbound, Flow::Inbound.default_purpose()),
    };
    Ok(Command::Analyze(AnalyzeArgs { json, flow, purpose, at, trust, peer_names, password, policy, files }))
}

fn set_trust_keyword(slot: &mut Option<TrustArg>, keyword: TrustArg) -> Result<(), UsageError> {
    match slot {
        Some(existing) if *existing != keyword => {
            Err(UsageError("--trust salesforce and --trust mozilla cannot be combined".into()))
        }
        _ => {
            *slot = Some(keyword);
            Ok(())
        }
    }
}

/// `--host`: an IP literal (v4, v6, or v6 in brackets) becomes an IP name, anything else a DNS name.
fn peer_name(value: &str) -> Result<PeerName, UsageError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(UsageError("--host needs a host name or IP address".into()));
    }
    let unbracketed = trimmed.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(trimmed);
    match unbracketed.parse::<std::net::IpAddr>() {
        Ok(ip) => Ok(PeerName::Ip(ip.to_string())),
        Err(_) => Ok(PeerName::Dns(trimmed.to_string())),
    }
}

/// Parse the arguments a subcommand (emit, explain, commands) shares with `analyze`.
/// `Ok(None)` means help was asked for.
pub fn parse_analyze_options<I>(rest: I) -> Result<Option<AnalyzeArgs>, UsageError>
where
    I: IntoIterator<Item = OsString>,
{
    let mut argv = vec![OsString::from("analyze")];
    argv.extend(rest);
    match parse(argv)? {
        Command::Analyze(a) => Ok(Some(a)),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(args: &[&str]) -> Result<AnalyzeArgs, UsageError> {
        let mut argv = vec!["analyze"];
        argv.extend_from_slice(args);
        match parse(argv)? {
            Command::Analyze(a) => Ok(a),
            other => panic!("not analyze: {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let a = analyze(&["chain.pem"]).unwrap();
        assert_eq!((a.flow, a.purpose, a.json), (Flow::Inbound, Purpose::Client, false));
        assert_eq!(a.trust, TrustArg::Salesforce);
        assert_eq!(a.files, vec![OsString::from("chain.pem")]);
    }

    #[test]
    fn flow_and_purpose_default_from_each_other() {
        let a = analyze(&["--flow", "outbound", "x"]).unwrap();
        assert_eq!((a.flow, a.purpose), (Flow::Outbound, Purpose::Server));
        let a = analyze(&["--purpose", "server", "x"]).unwrap();
        assert_eq!((a.flow, a.purpose), (Flow::Outbound, Purpose::Server));
        let a = analyze(&["--flow", "csr", "x"]).unwrap();
        assert_eq!((a.flow, a.purpose), (Flow::CsrUpload, Purpose::Any));
        let a = analyze(&["--flow", "keystore", "--purpose", "client", "x"]).unwrap();
        assert_eq!((a.flow, a.purpose), (Flow::Keystore, Purpose::Client));
    }

    #[test]
    fn org_list_is_the_whole_store() {
        assert_eq!(
            analyze(&["--org-list", "cacerts.html", "x"]).unwrap().trust,
            TrustArg::OrgList("cacerts.html".into())
        );
        assert!(analyze(&["--org-list", "a", "--trust", "mozilla", "x"]).is_err());
        assert!(analyze(&["--trust", "r.pem", "--org-list", "a", "x"]).is_err());
        assert!(analyze(&["--org-list", "a", "--org-list", "b", "x"]).is_err());
    }

    #[test]
    fn trust_files_repeat_and_keywords_do_not_mix() {
        let a = analyze(&["--trust", "a.pem", "--trust=b.pem", "x"]).unwrap();
        assert_eq!(a.trust, TrustArg::Files(vec!["a.pem".into(), "b.pem".into()]));
        assert_eq!(analyze(&["--trust", "mozilla", "x"]).unwrap().trust, TrustArg::Mozilla);
        assert!(analyze(&["--trust", "mozilla", "--trust", "a.pem", "x"]).is_err());
        assert!(analyze(&["--trust", "mozilla", "--trust", "salesforce", "x"]).is_err());
    }

    #[test]
    fn policy_inputs() {
        let a = analyze(&["x"]).unwrap();
        assert_eq!(a.policy, PolicyInputs::default());
        let a = analyze(&[
            "--policy",
            "2.16.840.1.101.3.2.1.48.1",
            "--policy=anyPolicy",
            "--policy",
            "2.16.840.1.101.3.2.1.48.1",
            "--require-explicit-policy",
            "--inhibit-policy-mapping",
            "--inhibit-any-policy",
            "x",
        ])
        .unwrap();
        assert_eq!(a.policy.initial_policy_set, ["2.16.840.1.101.3.2.1.48.1", "2.5.29.32.0"]);
        assert!(a.policy.initial_explicit_policy);
        assert!(a.policy.initial_policy_mapping_inhibit);
        assert!(a.policy.initial_any_policy_inhibit);
        let err = analyze(&["--policy", "evident", "x"]).unwrap_err();
        assert!(err.0.contains("'evident' is not a policy OID"), "{}", err.0);
    }

    #[test]
    fn hosts_and_ips() {
        let a = analyze(&["--host", "api.example.com", "--host", "10.0.0.1", "--host", "[::1]", "x"]).unwrap();
        assert_eq!(
            a.peer_names,
            vec![PeerName::Dns("api.example.com".into()), PeerName::Ip("10.0.0.1".into()), PeerName::Ip("::1".into())]
        );
    }

    #[test]
    fn at_time_and_stdin() {
        let a = analyze(&["--at", "2026-01-01T00:00:00Z", "-"]).unwrap();
        assert_eq!(a.at, Some(UnixTime(1767225600)));
        assert_eq!(a.files, vec![OsString::from("-")]);
        assert!(analyze(&["--at", "yesterday", "x"]).is_err());
        assert!(analyze(&["-", "-"]).is_err());
    }

    #[test]
    fn usage_errors() {
        assert!(parse(Vec::<String>::new()).is_err());
        assert!(parse(["frobnicate"]).is_err());
        assert!(analyze(&[]).is_err());
        assert!(analyze(&["--flow", "sideways", "x"]).is_err());
        assert!(analyze(&["--purpose", "email", "x"]).is_err());
        assert!(analyze(&["--bogus", "x"]).is_err());
        assert!(analyze(&["--password"]).is_err());
        assert!(parse(["limbo", "extra"]).is_err());
        assert_eq!(parse(["--version"]), Ok(Command::Version));
        assert_eq!(parse(["help"]), Ok(Command::Help));
        assert_eq!(parse(["limbo"]), Ok(Command::Limbo));
    }
}
