//! Command-line parsing (clap, derive): the subcommands share one flattened [`AnalyzeOptions`];
//! [`AnalyzeOptions::resolve`] checks what clap cannot (trust keywords against files, `-` once).

use certchain_core::time::UnixTime;
use certchain_core::{Flow, PeerName, PolicyInputs, Purpose};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;

const ABOUT: &str = "certchain — explain certificate chains (mutual TLS with Salesforce and everything else)";

const OVERVIEW: &str = "\
certchain analyze [OPTIONS] <FILE>...
       certchain emit --out <DIR> [OPTIONS] <FILE>...
       certchain explain [--json] [OPTIONS] \"<MESSAGE>\" [FILE]...
       certchain commands [--my-domain <NAME>] [OPTIONS] <FILE>...
       certchain probe <HOST[:PORT]> [OPTIONS] [FILE]...
       certchain limbo < suite.json
       certchain completions <SHELL>
       certchain help [COMMAND]
       certchain --version";

const TOP_AFTER_HELP: &str = "\
Examples:
  certchain analyze chain.pem client.key
  certchain analyze --flow outbound --host api.example.com fullchain.pem
  certchain emit --out out/ --password changeit keystore.p12
  certchain explain \"unable to get local issuer certificate\" chain.pem
  certchain commands --my-domain acme chain.pem client.key
  certchain probe acme.my.salesforce.com:8443 fullcert.pem
  certchain completions bash > /etc/bash_completion.d/certchain

Run `certchain <COMMAND> --help` for a command's options (every analyze option applies to emit,
explain, commands and probe too).

Exit status: 0 valid, no error finding; 1 at least one error finding; 3 no error finding but the
verdict is cannot confirm; 2 usage or I/O error.";

const ANALYZE_AFTER_HELP: &str = "\
Examples:
  # A client certificate for inbound mutual TLS, against the Salesforce trust estimate:
  certchain analyze chain.pem client.key
  # A server certificate for Salesforce callouts, with the host name the callout uses:
  certchain analyze --flow outbound --host api.example.com fullchain.pem
  # Exactly these roots are trusted; or exactly your org's saved /cacerts.jsp list:
  certchain analyze --trust root.pem --trust other-root.pem chain.pem
  certchain analyze --org-list cacerts.html chain.pem
  # A keystore with its password, at a given time, as JSON:
  certchain analyze --json --password changeit --at 2026-12-01T00:00:00Z keystore.jks
  # From standard input:
  openssl s_client -connect api.example.com:443 -showcerts </dev/null | certchain analyze --flow outbound -

Exit status: 0 valid, no error finding; 1 at least one error finding; 3 no error finding but the
verdict is cannot confirm; 2 usage or I/O error.";

const EMIT_ABOUT: &str = "Write chain.pem, fullcert.pem, keystores and reports";

const EMIT_LONG_ABOUT: &str = "\
Writes into DIR: client.pem / server.pem (the certificate alone), chain.pem, fullchain.pem,
fullcert.pem (key + chain, only with the matching key), ca-bundle.pem, keystore.p12 and
keystore.jks (with a password), report.json and report.md, from what is present: a missing or
untrusted root does not stop them. Prints one line per file, one per file it could not write with
the reason, and a note for what the files do not establish (trust, the key). Files holding a key
are written with mode 0600. --password opens the inputs and protects the keystores written,
unless --keystore-password gives another one for them.";

const EMIT_AFTER_HELP: &str = "\
Examples:
  certchain emit --out out/ chain.pem client.key
  certchain emit --out out/ --alias acme_client --password changeit --flow keystore keystore.p12

Exit status: as for analyze (0 valid, 1 an error finding, 3 cannot confirm, 2 usage or I/O error).";

const EXPLAIN_ABOUT: &str = "Explain an OpenSSL/curl/Java/Node/Python/Salesforce error; with FILEs, point at the cause";

const EXPLAIN_LONG_ABOUT: &str = "\
Explains an error message from OpenSSL, curl, Java, Node, Python or Salesforce: what it means,
what it means in your Salesforce flow, and which finding codes to check. With FILEs (your
certificates, keys, keystores), analyses them and points at the certificate and finding that
cause the error. MESSAGE - reads the message from standard input. The analyze options (--flow,
--purpose, --trust, --at, --host, --password) apply to the FILEs.";

const EXPLAIN_AFTER_HELP: &str = "\
Examples:
  certchain explain \"curl: (60) SSL certificate problem: self signed certificate in certificate chain\"
  certchain explain \"PKIX path building failed\" chain.pem
  pbpaste | certchain explain - chain.pem client.key

Exit status: 0 at least one error recognised, 1 none recognised, 2 usage or I/O error.";

const COMMANDS_ABOUT: &str = "Print ready-to-run curl/openssl/keytool commands for your files";

const COMMANDS_LONG_ABOUT: &str = "\
Prints ready-to-run commands for your files and flow: the Salesforce mutual TLS test (an OAuth 2.0
token, client credentials or JWT bearer, then a REST call, all on port 8443 of your My Domain with
curl -E fullcert.pem), openssl verify, openssl s_client, and the keytool conversions (PKCS#12 <->
JKS, change alias, delete entry). The file names are those `certchain emit` writes (client.pem,
chain.pem, fullcert.pem, ca-bundle.pem, client.key, keystore.p12, keystore.jks).";

const COMMANDS_AFTER_HELP: &str = "\
Examples:
  certchain commands --my-domain acme chain.pem client.key
  certchain commands --flow outbound --server api.example.com fullchain.pem

Exit status: 0 printed, 2 usage or I/O error (the chain's verdict is analyze's job).";

const PROBE_ABOUT: &str = "Connect to a TLS server and explain the handshake, its chain and your client certificate";

const PROBE_LONG_ABOUT: &str = "\
Makes one TLS handshake with HOST (port 443 unless given) and reports what it showed: protocol
version and cipher suite, the SNI sent, the server's chain as sent (analysed as a server
certificate for the server name under the trust store: would Salesforce trust your server?),
whether the server asks for a client certificate with its acceptable CA names and signature
schemes, and how the handshake ended (completed, or the alert the server sent). With FILEs (your
client certificate, chain and key: fullcert.pem, a .p12, a JKS with --password...), presents them
when asked and names the probable cause of a rejection in your files; whether your chain answers
the server's CA names is checked too. After the handshake it sends one GET (/services/data/ on
Salesforce hosts, / elsewhere) and reports the HTTP status and Salesforce's errorCode. Network
failures (DNS, refused, timeout, not TLS, no common TLS version) are findings. The server's chain
is recorded, never trusted, during the handshake: the analysis judges it.

Defaults differ from analyze: FILEs are checked as client certificates (--purpose client); --flow
is inbound for Salesforce hosts (*.salesforce.com, *.force.com), else outbound without FILEs and
generic with them. The server's chain is checked for --host, else --servername, else HOST.";

const PROBE_AFTER_HELP: &str = "\
Examples:
  # Inbound mutual TLS: does Salesforce accept your client certificate on port 8443?
  certchain probe acme.my.salesforce.com:8443 fullcert.pem
  certchain probe acme.my.salesforce.com:8443 --password changeit keystore.p12
  # Would Salesforce trust your server (callouts)? Its chain, host name and client-certificate request:
  certchain probe api.example.com
  # A test server on this machine, its own root trusted, through a proxy, as JSON:
  certchain probe 127.0.0.1:8443 --servername localhost --trust root.pem --json fullcert.pem
  certchain probe api.example.com --proxy http://proxy.local:3128 --timeout 5

Exit status: as for analyze (0 no error finding, 1 an error finding, including a failed connection
or handshake, 3 cannot confirm, 2 usage or I/O error).";

const LIMBO_LONG_ABOUT: &str = "\
Runs an x509-limbo conformance suite: the suite's JSON on standard input, the harness results JSON
on standard output. Takes no arguments.";

const LIMBO_AFTER_HELP: &str = "\
Examples:
  certchain limbo < limbo.json > results.json

Exit status: 0 the suite ran (whatever the results), 2 it could not be read.";

const COMPLETIONS_AFTER_HELP: &str = "\
Examples:
  certchain completions bash > ~/.local/share/bash-completion/completions/certchain
  certchain completions zsh > ~/.zfunc/_certchain
  certchain completions fish > ~/.config/fish/completions/certchain.fish";

#[derive(Debug, Parser)]
#[command(
    name = "certchain",
    version,
    about = ABOUT,
    override_usage = OVERVIEW,
    after_help = TOP_AFTER_HELP,
    disable_help_subcommand = false
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Analyse certificates, keys, CSRs, CRLs, PKCS#7/#12, JKS
    #[command(visible_alias = "analyse", after_help = ANALYZE_AFTER_HELP)]
    Analyze {
        /// Print the report as JSON instead of text
        #[arg(long, overrides_with = "json")]
        json: bool,
        #[command(flatten)]
        options: AnalyzeOptions,
        /// Files to analyse; - reads standard input
        #[arg(value_name = "FILE", required = true)]
        files: Vec<OsString>,
    },
    #[command(about = EMIT_ABOUT, long_about = EMIT_LONG_ABOUT, after_help = EMIT_AFTER_HELP)]
    Emit {
        /// Output directory (created if missing; existing files are replaced)
        #[arg(long, value_name = "DIR")]
        out: OsString,
        /// Keystore alias: letters, digits and single underscores, starting with a letter
        /// (Salesforce's rule). Default: from the certificate name
        #[arg(long, value_name = "ALIAS")]
        alias: Option<String>,
        /// Protects the keystores instead of --password
        #[arg(long, value_name = "PW")]
        keystore_password: Option<String>,
        /// Not an emit option: emit always writes report.json
        #[arg(long, hide = true)]
        json: bool,
        #[command(flatten)]
        options: AnalyzeOptions,
        /// Files to analyse; - reads standard input
        #[arg(value_name = "FILE", required = true)]
        files: Vec<OsString>,
    },
    #[command(about = EXPLAIN_ABOUT, long_about = EXPLAIN_LONG_ABOUT, after_help = EXPLAIN_AFTER_HELP)]
    Explain {
        /// Print the explanations (and the report) as JSON
        #[arg(long, overrides_with = "json")]
        json: bool,
        #[command(flatten)]
        options: AnalyzeOptions,
        /// The error message, in quotes; - reads it from standard input
        #[arg(value_name = "MESSAGE")]
        message: OsString,
        /// Your certificates, keys, keystores: the explanation points at the cause in them
        #[arg(value_name = "FILE")]
        files: Vec<OsString>,
    },
    #[command(about = COMMANDS_ABOUT, long_about = COMMANDS_LONG_ABOUT, after_help = COMMANDS_AFTER_HELP)]
    Commands {
        /// Your My Domain (acme, acme.my.salesforce.com or its URL). Default: the placeholder
        /// <MyDomain>
        #[arg(long, value_name = "NAME")]
        my_domain: Option<String>,
        /// Salesforce API version in the URLs. Default: 66.0
        #[arg(long, value_name = "V")]
        api_version: Option<String>,
        /// Keystore alias in the keytool commands. Default: client_cert
        #[arg(long, value_name = "ALIAS")]
        alias: Option<String>,
        /// The root file for -CAfile. Default: the --trust file, else a root file among your
        /// FILEs, else ca-bundle.pem
        #[arg(long, value_name = "FILE")]
        root: Option<String>,
        /// Your server, for the outbound s_client test. Default: the first --host, else a
        /// placeholder
        #[arg(long, value_name = "HOST")]
        server: Option<String>,
        /// Print the commands as JSON
        #[arg(long, overrides_with = "json")]
        json: bool,
        #[command(flatten)]
        options: AnalyzeOptions,
        /// Files to analyse; - reads standard input
        #[arg(value_name = "FILE", required = true)]
        files: Vec<OsString>,
    },
    #[command(about = PROBE_ABOUT, long_about = PROBE_LONG_ABOUT, after_help = PROBE_AFTER_HELP)]
    Probe {
        /// The server: HOST or HOST:PORT (IPv6 as [ADDR]:PORT). Default port 443
        #[arg(value_name = "HOST[:PORT]", value_parser = crate::net::Target::parse)]
        target: crate::net::Target,
        /// The name sent in SNI and that the server's certificate must match. Default: HOST
        #[arg(long, value_name = "NAME", value_parser = crate::net::parse_servername)]
        servername: Option<String>,
        /// Seconds to wait for the connection and for each answer (default 10)
        #[arg(long, value_name = "SECONDS", value_parser = crate::net::parse_timeout)]
        timeout: Option<std::time::Duration>,
        /// Connect through this HTTP proxy (CONNECT): http://HOST:PORT
        #[arg(long, value_name = "URL", value_parser = crate::net::parse_proxy)]
        proxy: Option<crate::net::Target>,
        /// Print the report (with the handshake facts) as JSON
        #[arg(long, overrides_with = "json")]
        json: bool,
        #[command(flatten)]
        options: AnalyzeOptions,
        /// Your client certificate, chain and key (any format analyze reads); - reads standard input
        #[arg(value_name = "FILE")]
        files: Vec<OsString>,
    },
    /// Run an x509-limbo suite (JSON on stdin, results on stdout)
    #[command(long_about = LIMBO_LONG_ABOUT, after_help = LIMBO_AFTER_HELP)]
    Limbo {
        /// (none: the suite is read on standard input)
        #[arg(hide = true)]
        extra: Vec<OsString>,
    },
    /// Print shell completions (bash, zsh, fish, powershell, elvish) on standard output
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions {
        /// The shell to complete for
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the version
    #[command(hide = true)]
    Version,
}

/// The options `analyze`, `emit`, `explain`, `commands` and `probe` share.
#[derive(Debug, Args)]
#[command(next_help_heading = "Analysis options")]
pub struct AnalyzeOptions {
    /// The Salesforce flow: inbound, outbound, csr, keystore, generic
    #[arg(
        long,
        value_name = "FLOW",
        long_help = "The Salesforce flow: inbound (API client → Salesforce :8443), outbound (Salesforce →\n\
                     your server), csr (Salesforce CSR signed by a CA), keystore (Import from Keystore),\n\
                     generic. Decides the wording of fixes. Default: from --purpose (client → inbound,\n\
                     server → outbound, any → generic), else inbound"
    )]
    pub flow: Option<Flow>,
    /// What the certificate is for: client, server, any. Default: from --flow
    #[arg(
        long,
        value_name = "PURPOSE",
        long_help = "What the certificate is for: client (needs clientAuth), server (needs serverAuth), any.\n\
                     Default: from --flow"
    )]
    pub purpose: Option<Purpose>,
    /// Validate at this RFC 3339 time (2026-11-23T10:00:00Z). Default: now
    #[arg(long, value_name = "TIME", value_parser = UnixTime::parse_rfc3339)]
    pub at: Option<UnixTime>,
    /// salesforce (default), mozilla, or a file of roots (repeatable)
    #[arg(
        long,
        value_name = "STORE",
        long_help = "The trust store: salesforce (estimate from Mozilla + Java cacerts, default), mozilla,\n\
                     or a file of roots; repeat for several files: exactly the roots in them are trusted"
    )]
    pub trust: Vec<OsString>,
    /// Trust exactly your org's list (the saved /cacerts.jsp page)
    #[arg(
        long,
        value_name = "FILE",
        long_help = "Trust exactly your org's list: the saved /cacerts.jsp page (or any text of PEM\n\
                     certificates, SHA-1/SHA-256 fingerprints, cacerts aliases); what cannot be matched is\n\
                     listed on standard error"
    )]
    pub org_list: Option<OsString>,
    /// A host name or IP address the certificate must be valid for (repeatable)
    #[arg(long = "host", value_name = "NAME", value_parser = parse_host)]
    pub hosts: Vec<PeerName>,
    /// Password for PKCS#12, JKS and encrypted keys (applies to every input)
    #[arg(long, value_name = "PW")]
    pub password: Option<String>,
    /// A certificate policy you accept (repeatable; default any)
    #[arg(
        long = "policy",
        value_name = "OID",
        value_parser = certchain_core::policy::parse_policy_oid,
        long_help = "A certificate policy you accept (user-initial-policy-set, RFC 5280 §6.1.1; repeatable;\n\
                     default any). The report lists the policies the chain is valid for; alone it only warns\n\
                     when none of yours is"
    )]
    pub policies: Vec<String>,
    /// The chain must be valid for a policy (yours, with --policy)
    #[arg(long, overrides_with = "require_explicit_policy")]
    pub require_explicit_policy: bool,
    /// Do not follow CAs' policyMappings
    #[arg(long, overrides_with = "inhibit_policy_mapping")]
    pub inhibit_policy_mapping: bool,
    /// anyPolicy in an intermediate CA does not stand for every policy
    #[arg(long, overrides_with = "inhibit_any_policy")]
    pub inhibit_any_policy: bool,
    /// Do not complete a chain from the bundled CCADB snapshot of intermediates
    #[arg(
        long,
        overrides_with = "no_complete",
        long_help = "Do not complete a chain from the bundled CCADB snapshot of intermediates. By default, when\n\
                     an issuer is missing from your files, certchain looks for it among the intermediates\n\
                     disclosed to the CCADB (snapshot built in, no network) and reports the completed chain\n\
                     apart from what you supplied; emit then writes the completed chain files"
    )]
    pub no_complete: bool,
}

fn parse_host(value: &str) -> Result<PeerName, String> {
    PeerName::parse(value).ok_or_else(|| "needs a host name or IP address".to_string())
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

/// The analysis options, checked: what `analyze`, `emit`, `explain` and `commands` run with.
#[derive(Debug, PartialEq)]
pub struct AnalyzeArgs {
    pub json: bool,
    /// As given; `Options::for_flow` defaults each from the other.
    pub flow: Option<Flow>,
    pub purpose: Option<Purpose>,
    pub at: Option<UnixTime>,
    pub trust: TrustArg,
    pub peer_names: Vec<PeerName>,
    pub password: Option<String>,
    /// RFC 5280 §6.1.1 policy inputs (--policy, --require-explicit-policy, ...).
    pub policy: PolicyInputs,
    /// Complete a chain from the CCADB snapshot (off with --no-complete).
    pub complete: bool,
    /// Paths as given; `-` is standard input.
    pub files: Vec<OsString>,
}

impl AnalyzeOptions {
    /// The checks clap cannot express: trust keywords and files do not mix, `--org-list` is the
    /// whole store, standard input is read once. The error is the message for the user.
    pub fn resolve(self, json: bool, files: Vec<OsString>) -> Result<AnalyzeArgs, String> {
        if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
            return Err("standard input (-) can be read only once".into());
        }
        let mut keyword: Option<TrustArg> = None;
        let mut trust_files = Vec::new();
        for value in self.trust {
            let this = match value.to_str() {
                Some("salesforce") => TrustArg::Salesforce,
                Some("mozilla") => TrustArg::Mozilla,
                _ => {
                    trust_files.push(value);
                    continue;
                }
            };
            if keyword.as_ref().is_some_and(|k| *k != this) {
                return Err("--trust salesforce and --trust mozilla cannot be combined".into());
            }
            keyword = Some(this);
        }
        let trust = match (self.org_list, keyword, trust_files.is_empty()) {
            (Some(_), Some(_), _) | (Some(_), None, false) => {
                return Err("--org-list and --trust cannot be combined: the org's list is the whole trust store".into());
            }
            (Some(list), None, true) => TrustArg::OrgList(list),
            (None, Some(_), false) => {
                return Err("--trust takes either salesforce, mozilla, or files of roots, not a mix".into());
            }
            (None, Some(keyword), true) => keyword,
            (None, None, false) => TrustArg::Files(trust_files),
            (None, None, true) => TrustArg::Salesforce,
        };
        let mut policy = PolicyInputs::default();
        for oid in self.policies {
            if !policy.initial_policy_set.contains(&oid) {
                policy.initial_policy_set.push(oid);
            }
        }
        policy.initial_explicit_policy = self.require_explicit_policy;
        policy.initial_policy_mapping_inhibit = self.inhibit_policy_mapping;
        policy.initial_any_policy_inhibit = self.inhibit_any_policy;
        Ok(AnalyzeArgs {
            json,
            flow: self.flow,
            purpose: self.purpose,
            at: self.at,
            trust,
            peer_names: self.hosts,
            password: self.password,
            policy,
            complete: !self.no_complete,
            files,
        })
    }
}

/// A usage error for a subcommand (`None`: the top level) found after parsing, formatted by clap
/// like its own errors (message, the command's usage, a pointer to --help); exit status 2.
pub fn usage_error(subcommand: Option<&str>, message: impl std::fmt::Display) -> clap::Error {
    use clap::CommandFactory;
    let mut command = Cli::command();
    command.build();
    let kind = clap::error::ErrorKind::ArgumentConflict;
    match subcommand.and_then(|name| command.find_subcommand_mut(name)) {
        Some(sub) => sub.error(kind, message),
        None => command.error(kind, message),
    }
}

/// Print clap's error and exit: help and --version on stdout with status 0, usage errors on stderr
/// with status 2, always with the usage of the command concerned (clap leaves it out of some
/// errors, such as an invalid --flow).
pub fn exit_with_usage(error: clap::Error) -> ! {
    use clap::CommandFactory;
    if !error.use_stderr() {
        error.exit();
    }
    let rendered = error.render().to_string();
    if rendered.contains("Usage:") {
        error.exit();
    }
    let mut command = Cli::command();
    command.build();
    // The subcommand is the first argument naming one (options come after it).
    let names: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let usage = match names.iter().find_map(|arg| {
        command.get_subcommands().find(|s| s.get_name() == arg || s.get_all_aliases().any(|a| a == arg)).cloned()
    }) {
        Some(mut sub) => sub.render_usage().to_string(),
        None => command.render_usage().to_string(),
    };
    let text = match rendered.split_once("\nFor more information") {
        Some((message, rest)) => format!("{message}\n{usage}\n\nFor more information{rest}"),
        None => format!("{rendered}\n{usage}\n"),
    };
    eprint!("{text}");
    std::process::exit(error.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(args: &[&str]) -> Result<AnalyzeArgs, String> {
        let mut argv = vec!["certchain", "analyze"];
        argv.extend_from_slice(args);
        match Cli::try_parse_from(argv).map_err(|e| e.to_string())?.command {
            Some(Cmd::Analyze { json, options, files }) => options.resolve(json, files),
            other => panic!("not analyze: {other:?}"),
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults() {
        let a = analyze(&["chain.pem"]).unwrap();
        assert_eq!((a.flow, a.purpose, a.json), (None, None, false));
        assert_eq!(a.trust, TrustArg::Salesforce);
        assert_eq!(a.files, vec![OsString::from("chain.pem")]);
    }

    #[test]
    fn flow_and_purpose_are_parsed_by_the_core() {
        let a = analyze(&["--flow", "csr", "--purpose", "server", "x"]).unwrap();
        assert_eq!((a.flow, a.purpose), (Some(Flow::CsrUpload), Some(Purpose::Server)));
        let err = analyze(&["--flow", "sideways", "x"]).unwrap_err();
        assert!(err.contains("'sideways' is not a flow"), "{err}");
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
        assert!(err.contains("'evident' is not a policy OID"), "{err}");
    }

    #[test]
    fn hosts_and_ips() {
        let a = analyze(&["--host", "api.example.com", "--host", "10.0.0.1", "--host", "[::1]", "x"]).unwrap();
        assert_eq!(
            a.peer_names,
            vec![PeerName::Dns("api.example.com".into()), PeerName::Ip("10.0.0.1".into()), PeerName::Ip("::1".into())]
        );
        assert!(analyze(&["--host", " ", "x"]).is_err());
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
        let parse = |args: &[&str]| Cli::try_parse_from(std::iter::once("certchain").chain(args.iter().copied()));
        assert!(parse(&["frobnicate"]).is_err());
        assert!(analyze(&[]).is_err());
        assert!(analyze(&["--purpose", "email", "x"]).is_err());
        assert!(analyze(&["--bogus", "x"]).is_err());
        assert!(analyze(&["--password"]).is_err());
        assert!(analyze(&["--password", "a", "--password", "b", "x"]).is_err());
        // Flags may repeat, as before.
        assert!(analyze(&["--json", "--json", "--inhibit-any-policy", "--inhibit-any-policy", "x"]).is_ok());
        assert!(parse(&["emit", "x.pem"]).is_err(), "--out is required");
        assert!(parse(&["explain"]).is_err(), "the message is required");
        assert!(matches!(parse(&["limbo"]).map(|c| c.command), Ok(Some(Cmd::Limbo { .. }))));
        assert!(matches!(parse(&[]).map(|c| c.command), Ok(None)));
    }
}
