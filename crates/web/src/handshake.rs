//! A pasted `openssl s_client` output (issue 15): the handshake it shows, explained in its own
//! section, apart from the user's files: protocol, cipher and outcome; the server's chain as sent
//! with certchain's verdict on it; the CA names the server asks for and whether the user's chain
//! answers them; the handshake's findings. Pure presentation of `Report::handshakes`.

use crate::text::{Rich, first_sentence};
use certchain_core::findings::Finding;
use certchain_core::handshake::{CaMatch, ClientFailure, ConnectError, Outcome};
use certchain_core::handshake_report::HandshakeReport;
use certchain_core::{Flow, Severity, Verdict};
use leptos::prelude::*;

/// Anchor of the `i`th finding of handshake `n` (`server` = of its server chain).
pub(crate) fn anchor(n: usize, server: bool, i: usize) -> String {
    format!("handshake-{}-{}{}", n + 1, if server { "server-finding-" } else { "finding-" }, i + 1)
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Valid => "Valid",
        Verdict::NotValid => "Not valid",
        Verdict::CannotConfirm => "Cannot confirm",
    }
}

/// How the handshake ended, in a few words.
pub(crate) fn outcome_text(h: &HandshakeReport) -> String {
    match h.facts.outcome.as_ref().map(|o| &o.value) {
        Some(Outcome::Completed) => "completed".to_string(),
        Some(Outcome::AlertReceived { name, .. }) => format!("failed: the server sent the alert {name}"),
        Some(Outcome::ConnectFailed { error, .. }) => format!(
            "no connection ({})",
            match error {
                ConnectError::Dns => "host name not found",
                ConnectError::Refused => "connection refused",
                ConnectError::Timeout => "timed out",
                ConnectError::Unreachable => "no route to the host",
                ConnectError::Other => "connection failed",
            }
        ),
        Some(Outcome::NotTls { .. }) => "the server answered in plain text, not TLS".to_string(),
        Some(Outcome::ClientFailed { failure, .. }) => format!(
            "the client stopped ({})",
            match failure {
                ClientFailure::KeyMismatch => "its private key does not match its certificate",
                ClientFailure::ClientFiles => "its certificate or key could not be loaded",
                ClientFailure::ProtocolVersion => "no shared TLS version",
                ClientFailure::NoSharedParameters => "no shared cipher suite or signature scheme",
                ClientFailure::ServerCertificateRejected => "it rejected the server's certificate",
                ClientFailure::Other => "handshake failed",
            }
        ),
        Some(Outcome::Incomplete) | None => "did not finish (the output stops before its end)".to_string(),
    }
}

/// The worst severity among a handshake's own findings and its server chain's.
pub(crate) fn worst(h: &HandshakeReport) -> Severity {
    h.findings
        .iter()
        .chain(h.server.iter().flat_map(|s| s.findings.iter()))
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info)
}

/// One finding in a list, as the main findings list shows it.
fn finding_item(id: String, number: usize, f: Finding, testid: &'static str) -> impl IntoView {
    let sev = f.severity.as_str();
    let code = f.code.as_str();
    let code_attr = code;
    view! {
        <li class=format!("finding sev-box-{sev}") data-testid=testid data-code=code_attr id=id tabindex="-1">
            <p class="finding-title">
                <span class=format!("pill pill-{sev}")>{format!("{sev} #{number}")}</span>
                {f.title}
            </p>
            <p><Rich text=f.detail /></p>
            {(!f.fix.is_empty()).then(|| view! { <p class="fix"><strong>"Fix: "</strong><Rich text=f.fix /></p> })}
            <p class="muted small"><code>{code}</code></p>
        </li>
    }
}

#[component]
pub fn HandshakeSection(h: HandshakeReport, n: usize, flow: Flow) -> impl IntoView {
    let facts = h.facts.clone();
    let heading = format!("handshake-heading-{}", n + 1);
    let fact = |label: &'static str, value: Option<String>| value.map(|v| view! { <dt>{label}</dt><dd>{v}</dd> });
    let verify = facts.verify.as_ref().map(|v| format!("{} ({})", v.value.0, v.value.1));
    let server_name = facts.sni.clone().or_else(|| facts.host.as_ref().map(|h| h.value.clone()));
    let http = facts.http.as_ref().map(|a| {
        let code = a.value.error_code.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
        format!("HTTP {}{code}", a.value.status)
    });
    let request = match &facts.client_cert_request {
        None => "no".to_string(),
        Some(r) if r.value.ca_names.is_empty() => "yes, from any CA (no CA names)".to_string(),
        Some(r) => format!("yes, from the {} CA name(s) below", r.value.ca_names.len()),
    };
    let schemes =
        facts.client_cert_request.as_ref().map(|r| r.value.signature_schemes.join(", ")).filter(|s| !s.is_empty());
    let rows = view! {
        {fact("Outcome", Some(outcome_text(&h)))}
        {fact("Protocol", facts.protocol.as_ref().map(|p| p.value.clone()))}
        {fact("Cipher suite", facts.cipher.as_ref().map(|c| c.value.clone()))}
        {fact("Server name", server_name)}
        {fact("Client certificate asked for", Some(request))}
        {fact("Signature schemes asked for", schemes)}
        {fact("s_client verify return code", verify)}
        {fact("Answer", http)}
    };
    let ca_names = facts.client_cert_request.as_ref().map(|r| r.value.ca_names.clone()).unwrap_or_default();
    let ca_match = h.client_ca_match.as_ref().map(|m| match m {
        CaMatch::AnyCa => ("info", "Any CA may answer: the server named none.".to_string()),
        CaMatch::Matched { ca_name, cert_subject } => {
            ("ok", format!("Your chain answers it: '{ca_name}' is, or issued, '{cert_subject}'."))
        }
        CaMatch::NoneMatches => {
            ("error", "None of your certificates is one of these CAs or issued by one.".to_string())
        }
    });
    let server = h.server.clone().map(|s| {
        let sent = s
            .sent
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let expired = c.days_left < 0;
                view! {
                    <li data-testid="server-cert" data-sha256=c.sha256.clone()>
                        <strong>{format!("{i}: {}", c.name)}</strong>
                        <span class="muted">{format!(" — issued by {}", c.issuer)}</span>
                        <span class=if expired { "sev-error" } else { "muted" }>
                            {format!("; valid {} to {}", c.not_before, c.not_after)}
                        </span>
                    </li>
                }
            })
            .collect_view();
        // s_client's output does not name the host; the outbound flow has a field for it.
        let host = s.host.clone().map_or_else(
            || {
                match flow {
                    Flow::Outbound => " (host name not checked: enter your server's host name above to check it)",
                    _ => " (host name not checked: s_client's output does not name the host)",
                }
                .to_string()
            },
            |h| format!(" for {h}"),
        );
        let class = match s.verdict {
            Verdict::Valid => "ok",
            Verdict::CannotConfirm => "warning",
            Verdict::NotValid => "error",
        };
        let findings = s
            .findings
            .into_iter()
            .enumerate()
            .map(|(i, f)| finding_item(anchor(n, true, i), i + 1, f, "server-finding"))
            .collect_view();
        view! {
            <h4>"The server's chain as sent"</h4>
            <p data-testid="server-verdict" data-verdict=s.verdict.as_str()>
                <span class=format!("pill pill-{class}")>{verdict_word(s.verdict)}</span>
                {format!(" as a server certificate{host}, in the order the server sent it:")}
            </p>
            <ol class="server-chain" data-testid="server-chain">{sent}</ol>
            <ol class="findings" data-testid="server-findings">{findings}</ol>
        }
    });
    let findings = h
        .findings
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, f)| finding_item(anchor(n, false, i), i + 1, f, "handshake-finding"))
        .collect_view();
    let labelled_by = heading.clone();
    view! {
        <section aria-labelledby=labelled_by class="handshake" data-testid="handshake">
            <h3 id=heading>{format!("Handshake ({})", facts.input)}</h3>
            <dl class="facts" data-testid="handshake-facts">{rows}</dl>
            <ol class="findings" data-testid="handshake-findings">{findings}</ol>
            {(!ca_names.is_empty()).then(|| view! {
                <h4>"CA names the server accepts client certificates from"</h4>
                <ul data-testid="ca-names">{ca_names.into_iter().map(|c| view! { <li class="mono">{c}</li> }).collect_view()}</ul>
            })}
            {ca_match.map(|(class, text)| view! { <p class=format!("sev-{class}") data-testid="ca-match">{text}</p> })}
            {server}
        </section>
    }
}

/// The verdict box when the paste holds a handshake and no certificate of the user's.
#[component]
pub fn HandshakeVerdict(h: HandshakeReport) -> impl IntoView {
    let class = worst(&h).as_str();
    let class = if class == "info" { "ok" } else { class };
    let blocking: Vec<(String, Finding)> = h
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| (anchor(0, false, i), f.clone()))
        .chain(
            h.server.iter().flat_map(|s| s.findings.iter().enumerate().map(|(i, f)| (anchor(0, true, i), f.clone()))),
        )
        .filter(|(_, f)| f.severity == Severity::Error)
        .collect();
    let count = match blocking.len() {
        0 => "Nothing in the handshake blocks the connection.".to_string(),
        1 => "1 problem:".to_string(),
        n => format!("{n} problems:"),
    };
    let problems = blocking
        .into_iter()
        .map(|(a, f)| {
            let fix = first_sentence(&f.fix).to_string();
            view! {
                <li data-testid="blocking" data-code=f.code.as_str()>
                    <a href=format!("#{a}") class="problem-title">{f.title}</a>
                    {(!fix.is_empty()).then(|| view! { <p class="fix-line"><strong>"Fix: "</strong><Rich text=fix /></p> })}
                </li>
            }
        })
        .collect_view();
    let headline = h.findings.first().map(|f| f.title.clone());
    view! {
        <div class=format!("summary sev-box-{class}") role="status" aria-live="polite" data-testid="headline" data-handshake="true">
            <h2 class="summary-heading">
                <span class="verdict" data-testid="verdict">{format!("Handshake {}", outcome_text(&h))}</span>
            </h2>
            {headline.map(|t| view! { <p class="headline-title">{t}</p> })}
            <p class="count" data-testid="problem-count">{count}</p>
            <ol class="blocking">{problems}</ol>
            <p class="small"><a href="#handshake-heading-1">"The handshake in detail"</a></p>
        </div>
    }
}
