//! Human-readable rendering of a [`Report`]: the headline first, then the chain, every finding, and
//! what each input contained. Pure string building so it can be tested without a terminal.

use certchain_core::decode::InputSummary;
use certchain_core::findings::catalogue::number_in_openssl_1_1;
use certchain_core::handshake::{CaMatch, Outcome};
use certchain_core::handshake_report::HandshakeReport;
use certchain_core::report::CertSummary;
use certchain_core::{Finding, Flow, Purpose, Report, Severity, Verdict};
use std::fmt::Write;

/// Text width for wrapped paragraphs.
const WIDTH: usize = 100;

/// ANSI styling, or nothing when colour is off.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    fn severity(self, severity: Severity) -> String {
        let color = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;32",
        };
        self.paint(color, severity.as_str())
    }
    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
}

pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for handshake in &report.handshakes {
        handshake_section(&mut out, report, handshake, style);
    }
    if !report.handshakes.is_empty() && report.certificates.is_empty() && report.keys.is_empty() {
        // A handshake alone (probe without FILEs, a pasted s_client output): no files to report on.
        if report.inputs.iter().any(|i| !i.errors.is_empty()) {
            inputs(&mut out, &report.inputs, style);
        }
        return out;
    }
    if !report.handshakes.is_empty() {
        let _ = writeln!(out, "{}", style.bold("Your files"));
    }
    headline(&mut out, report, style);
    context(&mut out, report);
    chain(&mut out, report, style);
    completion(&mut out, report, style);
    findings(&mut out, report, style);
    inputs(&mut out, &report.inputs, style);
    out
}

fn headline(out: &mut String, report: &Report, style: Style) {
    let verdict = match report.verdict {
        Verdict::Valid => style.paint("1;32", "VALID"),
        Verdict::NotValid => style.paint("1;31", "NOT VALID"),
        Verdict::CannotConfirm => style.paint("1;33", "CANNOT CONFIRM"),
    };
    match report.findings.first() {
        Some(first) => {
            let _ = writeln!(out, "{verdict} — {}", style.bold(&first.title));
            if !first.detail.is_empty() {
                wrap_into(out, &first.detail, "  ", "  ");
            }
        }
        None => {
            let _ = writeln!(out, "{verdict}");
        }
    }
    out.push('\n');
}

fn context(out: &mut String, report: &Report) {
    let flow = match report.flow {
        Flow::Inbound => "inbound mutual TLS (API client → Salesforce, port 8443)",
        Flow::Outbound => "outbound callout (Salesforce → your server)",
        Flow::CsrUpload => "CA-signed certificate from a Salesforce CSR",
        Flow::Keystore => "keystore for Import from Keystore",
        Flow::Generic => "generic check",
    };
    let purpose = match report.purpose {
        Purpose::Client => "TLS client certificate",
        Purpose::Server => "TLS server certificate",
        Purpose::Any => "any purpose",
    };
    let store = &report.trust_store;
    let mut provenance = vec![if store.roots == 1 { "1 root".to_string() } else { format!("{} roots", store.roots) }];
    if !store.source.is_empty() {
        provenance.push(store.source.clone());
    }
    if !store.snapshot_date.is_empty() {
        provenance.push(format!("snapshot {}", store.snapshot_date));
    }
    let _ = writeln!(out, "Flow:        {flow}; checked as {purpose}");
    let _ = writeln!(out, "Checked at:  {}", report.checked_at);
    let _ = writeln!(out, "Trust store: {} ({})", store.name, provenance.join(", "));
    if store.estimate {
        // The estimate is one step from the real list (docs/trust-stores.md).
        let _ = writeln!(
            out,
            "             Not your org's list: save https://<MyDomain>.my.salesforce.com/cacerts.jsp and pass it with --org-list FILE."
        );
    }
    out.push('\n');
}

fn chain(out: &mut String, report: &Report, style: Style) {
    if report.chain.is_empty() {
        let _ = writeln!(out, "{}: no chain could be built.\n", style.bold("Chain"));
        return;
    }
    let _ = writeln!(out, "{} (leaf first):", style.bold("Chain"));
    for (index, cert) in report.chain.iter().enumerate() {
        cert_lines(out, &format!("{:>3}. ", index + 1), cert);
    }
    match &report.root {
        Some(root) => cert_lines(out, "  root ", root),
        None => {
            let _ = writeln!(out, "  root: none (the chain does not reach a trusted root)");
        }
    }
    if let Some(policies) = &report.valid_policies {
        let text = if policies.is_empty() { "none".to_string() } else { policies.join(", ") };
        let _ = writeln!(out, "  Valid certificate policies (RFC 5280 §6.1.5): {text}");
    }
    if !report.alternatives.is_empty() {
        let _ = writeln!(out, "  Other valid paths (cross-signed alternatives):");
        for path in &report.alternatives {
            let names: Vec<&str> = path.iter().map(|c| c.name.as_str()).collect();
            wrap_into(out, &names.join(" → "), "    - ", "      ");
        }
    }
    if !report.rejected.is_empty() {
        let _ = writeln!(out, "  Issuers considered and not used:");
        for rejected in &report.rejected {
            let text = format!(
                "'{}' as issuer of '{}': {}",
                name_of(report, &rejected.candidate),
                name_of(report, &rejected.cert),
                rejected.reason
            );
            wrap_into(out, &text, "    - ", "      ");
        }
    }
    out.push('\n');
}

/// One handshake (`certchain probe`, a pasted s_client output): its facts, its findings, and the
/// server's chain as sent with its own verdict and findings.
fn handshake_section(out: &mut String, report: &Report, h: &HandshakeReport, style: Style) {
    let f = &h.facts;
    let line = |out: &mut String, label: &str, value: &str| {
        wrap_into(out, value, &format!("  {label:<20} "), &" ".repeat(23));
    };
    let _ = writeln!(out, "{} ({})", style.bold("Handshake"), f.input);
    let mut target = f.host.as_ref().map(|h| h.value.clone()).unwrap_or_default();
    if let Some(port) = f.port {
        target = if target.contains(':') { format!("[{target}]:{port}") } else { format!("{target}:{port}") };
    }
    if !target.is_empty() {
        line(out, "Server", &target);
    }
    if let Some(sni) = &f.sni {
        line(out, "SNI sent", sni);
    }
    if let Some(p) = &f.protocol {
        line(out, "Protocol", &p.value);
    }
    if let Some(c) = &f.cipher {
        line(out, "Cipher suite", &c.value);
    }
    if !f.server_chain.is_empty() {
        let _ = writeln!(out, "  Server's chain as sent:");
        for c in &f.server_chain {
            let _ = writeln!(out, "    {} {}", c.depth, c.subject);
            if !c.issuer.is_empty() {
                let _ = writeln!(out, "      issuer {}", c.issuer);
            }
        }
    }
    let ended =
        matches!(f.outcome.as_ref().map(|o| &o.value), Some(Outcome::Completed | Outcome::AlertReceived { .. }));
    match &f.client_cert_request {
        None if ended => line(out, "Client certificate", "not requested"),
        None => {}
        Some(r) => {
            line(out, "Client certificate", "requested");
            if r.value.ca_names.is_empty() {
                line(out, "  CA names", "none listed (any CA)");
            } else {
                let _ = writeln!(out, "    Acceptable CA names:");
                for n in &r.value.ca_names {
                    let _ = writeln!(out, "      {n}");
                }
            }
            if !r.value.signature_schemes.is_empty() {
                line(out, "  Signature schemes", &r.value.signature_schemes.join(", "));
            }
            match f.client_chain_sent {
                Some(0) => line(out, "  Sent", "no certificate"),
                Some(n) => line(out, "  Sent", &format!("{n} certificate(s)")),
                None => {}
            }
            match &h.client_ca_match {
                Some(CaMatch::AnyCa) | None => {}
                Some(CaMatch::Matched { ca_name, cert_subject }) => {
                    line(out, "  Your chain", &format!("matches '{ca_name}' ({cert_subject})"))
                }
                Some(CaMatch::NoneMatches) => line(out, "  Your chain", "matches none of the CA names"),
            }
        }
    }
    let outcome = match f.outcome.as_ref().map(|o| &o.value) {
        Some(Outcome::Completed) => "completed".to_string(),
        Some(Outcome::AlertReceived { name, number }) => {
            format!("alert {name}{} from the server", number.map(|n| format!(" ({n})")).unwrap_or_default())
        }
        Some(Outcome::ConnectFailed { reason, .. }) => format!("no connection: {reason}"),
        Some(Outcome::NotTls { reason }) => reason.clone(),
        Some(Outcome::ClientFailed { reason, .. }) => format!("stopped by the client: {reason}"),
        Some(Outcome::Incomplete) | None => "not finished".to_string(),
    };
    line(out, "Outcome", &outcome);
    if let Some(http) = &f.http {
        let code = http.value.error_code.as_ref().map(|c| format!(" {c}")).unwrap_or_default();
        let path = if http.value.path.is_empty() { "HTTP".to_string() } else { format!("GET {}", http.value.path) };
        line(out, &path, &format!("HTTP {}{code}", http.value.status));
    }
    out.push('\n');
    let _ = writeln!(out, "{} ({}):", style.bold("Handshake findings"), h.findings.len());
    for finding in &h.findings {
        finding_lines(out, report, finding, style);
    }
    out.push('\n');
    if let Some(server) = &h.server {
        let verdict = match server.verdict {
            Verdict::Valid => style.paint("1;32", "VALID"),
            Verdict::NotValid => style.paint("1;31", "NOT VALID"),
            Verdict::CannotConfirm => style.paint("1;33", "CANNOT CONFIRM"),
        };
        let host = server.host.as_ref().map(|h| format!(" for {h}")).unwrap_or_default();
        let _ = writeln!(out, "{} — {verdict} as a server certificate{host}", style.bold("The server's chain"));
        for (index, cert) in server.chain.iter().enumerate() {
            cert_lines(out, &format!("{:>3}. ", index + 1), cert);
        }
        match &server.root {
            Some(root) => cert_lines(out, "  root ", root),
            None => {
                let _ = writeln!(out, "  root: none (the chain does not reach a trusted root)");
            }
        }
        let _ = writeln!(out, "  Findings ({}):", server.findings.len());
        for finding in &server.findings {
            finding_lines(out, report, finding, style);
        }
        out.push('\n');
    }
}

/// The chain completed from the CCADB snapshot, apart from the chain as supplied (which the
/// verdict is about and stays incomplete). The core words the summary.
fn completion(out: &mut String, report: &Report, style: Style) {
    let Some(completion) = report.completion.as_ref().filter(|c| c.status.as_str() != "snapshot_not_loaded") else {
        return;
    };
    let date = &completion.snapshot.snapshot_date;
    let _ = writeln!(out, "{} (CCADB snapshot {date}, not what you supplied):", style.bold("Completed chain"));
    wrap_into(out, &completion.summary, "  ", "  ");
    for (index, cert) in completion.chain.iter().enumerate() {
        let added = completion.added.iter().any(|a| a.sha256 == cert.sha256);
        let mark = if added { format!("ADDED from the CCADB snapshot {date}: ") } else { String::new() };
        let _ = writeln!(out, "{:>3}. {mark}{}", index + 1, cert.name);
        let _ = writeln!(out, "       sha256   {}", cert.sha256);
    }
    if let Some(root) = &completion.root {
        let _ = writeln!(out, "  root {}", root.name);
    }
    out.push('\n');
}

/// One certificate: name and key, subject, issuer, validity with days left, usages, fingerprint.
fn cert_lines(out: &mut String, label: &str, cert: &CertSummary) {
    let pad = " ".repeat(label.chars().count());
    let kind = if cert.is_ca { ", CA" } else { "" };
    let _ = writeln!(out, "{label}{} ({}{kind}, signed with {})", cert.name, cert.key, cert.signature_algorithm);
    let _ = writeln!(out, "{pad}subject  {}", cert.subject);
    let _ = writeln!(out, "{pad}issuer   {}", cert.issuer);
    let remaining = match cert.days_left {
        d if d < 0 => format!("expired {} days ago", -d),
        0 => "expires today".to_string(),
        1 => "expires in 1 day".to_string(),
        d => format!("expires in {d} days"),
    };
    let _ = writeln!(out, "{pad}valid    {} → {} ({remaining})", cert.not_before, cert.not_after);
    if !cert.extended_key_usage.is_empty() {
        let _ = writeln!(out, "{pad}EKU      {}", cert.extended_key_usage.join(", "));
    }
    if !cert.subject_alt_names.is_empty() {
        wrap_into(out, &cert.subject_alt_names.join(", "), &format!("{pad}SAN      "), &format!("{pad}         "));
    }
    let _ = writeln!(out, "{pad}sha256   {}", cert.sha256);
}

/// The short name of a certificate the report knows, by SHA-256; else an abbreviated fingerprint.
fn name_of<'a>(report: &'a Report, sha256: &'a str) -> &'a str {
    report
        .chain
        .iter()
        .chain(report.root.iter())
        .chain(report.certificates.iter().map(|entry| &entry.summary))
        .chain(report.handshakes.iter().filter_map(|h| h.server.as_ref()).flat_map(|s| s.sent.iter().chain(&s.root)))
        .chain(report.completion.iter().flat_map(|c| c.chain.iter().chain(c.root.iter())))
        .find(|c| c.sha256 == sha256)
        .map(|c| c.name.as_str())
        .unwrap_or_else(|| sha256.get(..16).unwrap_or(sha256))
}

fn findings(out: &mut String, report: &Report, style: Style) {
    let _ = writeln!(out, "{} ({}):", style.bold("Findings"), report.findings.len());
    if report.findings.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for finding in &report.findings {
        finding_lines(out, report, finding, style);
    }
    out.push('\n');
}

fn finding_lines(out: &mut String, report: &Report, finding: &Finding, style: Style) {
    let _ = writeln!(out, "  {} [{}] {}", style.severity(finding.severity), finding.code.as_str(), finding.title);
    let indent = "      ";
    if !finding.detail.is_empty() {
        wrap_into(out, &finding.detail, indent, indent);
    }
    if !finding.fix.is_empty() {
        wrap_into(out, &format!("Fix: {}", finding.fix), indent, "           ");
    }
    if let Some(openssl) = finding.openssl {
        let mut line = format!("OpenSSL: error {}: {} ({})", openssl.code, openssl.text, openssl.name);
        match number_in_openssl_1_1(openssl.code) {
            Some(n) if n != openssl.code => {
                let _ = write!(line, "; OpenSSL 1.1.x: error {n}: {}", openssl.text_1_1);
            }
            Some(_) if openssl.text_1_1 != openssl.text => {
                let _ = write!(line, "; OpenSSL 1.1.x: {}", openssl.text_1_1);
            }
            _ => {}
        }
        wrap_into(out, &line, indent, "               ");
    }
    for cert in &finding.certs {
        let _ = writeln!(out, "{indent}concerns '{}' (sha256 {cert})", name_of(report, cert));
    }
}

fn inputs(out: &mut String, inputs: &[InputSummary], style: Style) {
    let _ = writeln!(out, "{}:", style.bold("Inputs"));
    for input in inputs {
        let _ = writeln!(out, "  {} — {}, {} bytes: {}", input.name, input.format, input.size, contents(input));
        for item in &input.items {
            let mut place = Vec::new();
            if let Some(line) = item.line {
                place.push(format!("line {line}"));
            }
            if let Some(container) = &item.container {
                place.push(container.clone());
            }
            let place = if place.is_empty() { String::new() } else { format!(" ({})", place.join(", ")) };
            let _ = writeln!(out, "    {}{place}: {}", kind_name(&item.kind), item.label);
        }
        for error in &input.errors {
            let at = match error.line {
                Some(line) => format!("{}:{line}", input.name),
                None => input.name.clone(),
            };
            let kind = kind_name(&error.kind);
            let mut text = format!("{at}: {} ({kind}): {}", style.severity(Severity::Error), error.message);
            if !error.hint.is_empty() {
                let _ = write!(text, " — {}", error.hint);
            }
            wrap_into(out, &text, "    ", "      ");
        }
    }
}

/// "2 certificates, 1 private key" (or "nothing readable"), kinds in order of first appearance.
fn contents(input: &InputSummary) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for item in &input.items {
        let name = kind_name(&item.kind);
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name, 1)),
        }
    }
    if counts.is_empty() {
        return "nothing readable".to_string();
    }
    let parts: Vec<String> =
        counts.into_iter().map(|(name, n)| if n == 1 { format!("1 {name}") } else { format!("{n} {name}s") }).collect();
    parts.join(", ")
}

/// Words for an item kind. Read from its serialized name so kinds added to the core later still
/// print (as their snake_case name, with spaces) without a change here.
fn kind_name<T: serde::Serialize>(kind: &T) -> String {
    let raw = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    match raw.as_str() {
        "csr" => "CSR".to_string(),
        "crl" => "CRL".to_string(),
        "" => "object".to_string(),
        other => other.replace('_', " "),
    }
}

/// Word-wrap `text` to [`WIDTH`], first line prefixed by `first`, the rest by `rest`.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let visible = visible_len(&line);
        if !empty && visible + 1 + visible_len(word) > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        out.push_str(&line);
        out.push('\n');
    }
}

/// Length in characters, not counting ANSI colour sequences.
fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_text_with_indent() {
        let mut out = String::new();
        let text = "word ".repeat(60);
        wrap_into(&mut out, &text, "  ", "    ");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() >= 3, "{out}");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(lines[0].starts_with("  word") && lines[1].starts_with("    word"));
    }

    #[test]
    fn colour_sequences_do_not_count_towards_width() {
        assert_eq!(visible_len("\x1b[1;31merror\x1b[0m"), 5);
        assert_eq!(Style { color: false }.severity(Severity::Error), "error");
        assert!(Style { color: true }.severity(Severity::Error).contains("\x1b[1;31m"));
    }
}
