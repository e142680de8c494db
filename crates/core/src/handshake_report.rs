//! Explains handshake facts (the advice over [`crate::handshake`]'s model): the server's chain as sent, analysed as a server certificate for the
//! host (outbound flow: "would Salesforce trust your server?"), the client chain against the
//! server's CA names, and the outcome (alert, network error, client-side failure) worded as
//! findings that name the likely cause in the user's own files.
use crate::cert::Cert;
use crate::findings::{Code, Finding};
use crate::handshake::{
    CaMatch, ClientFailure, ConnectError, HandshakeFacts, Outcome, alert_probable_cause, client_ca_match,
};
use crate::options::{Flow, Options, PeerName, Purpose};
use crate::report::{Analysis, CertSummary, Verdict};

pub use crate::report::{HandshakeReport, ServerChainReport};

/// Codes that describe the user's own files and mean nothing for a chain a server sent.
const NOT_FOR_SENT_CHAINS: &[Code] =
    &[Code::UploadLint, Code::KeyMatch, Code::RevocationNotChecked, Code::CsrFlow, Code::ClientAuthCutover];

/// The server's chain as sent, analysed with the pipeline of [`crate::analyze`].
fn server_chain(facts: &HandshakeFacts, options: &Options) -> Option<ServerChainReport> {
    let sent: Vec<_> = facts.server_chain.iter().filter(|c| !c.der.is_empty()).collect();
    if sent.is_empty() {
        return None;
    }
    let inputs: Vec<crate::Input> = sent
        .iter()
        .map(|c| crate::Input::new(format!("server certificate {} as sent", c.depth), c.der.clone()))
        .collect();
    let host = options
        .peer_names
        .iter()
        .find_map(|p| match p {
            PeerName::Dns(n) | PeerName::Ip(n) => Some(n.clone()),
            PeerName::Email(_) => None,
        })
        .or_else(|| facts.sni.clone())
        .or_else(|| facts.host.as_ref().map(|h| h.value.clone()));
    let mut o = options.clone();
    o.flow = Flow::Outbound;
    o.purpose = Purpose::Server;
    o.peer_names = host.as_deref().and_then(PeerName::parse).into_iter().collect();
    // The user's own requirements (EKU, key usage, policies) are about their certificate.
    o.required_eku.clear();
    o.required_key_usage.clear();
    o.policy = Default::default();
    let analysis = crate::pipeline::analyze_files(&inputs, &o);
    let report = analysis.report;
    let at = options.at;
    let findings = report
        .findings
        .into_iter()
        .filter(|f| !NOT_FOR_SENT_CHAINS.contains(&f.code))
        .map(|mut f| {
            f.title = format!("The server's chain: {}", f.title);
            f
        })
        .collect();
    Some(ServerChainReport {
        host,
        verdict: report.verdict,
        sent: analysis.decoded.certs.iter().map(|c| CertSummary::of(c, at)).collect(),
        chain: report.chain,
        root: report.root,
        findings,
    })
}

/// The user's client chain: the path built for their primary leaf (leaf first), anchor last.
fn client_chain(user: &Analysis) -> Vec<Cert> {
    if user.primary.is_none() {
        return Vec::new();
    }
    let mut chain = user.verification.chain.clone();
    if let Some(anchor) = &user.verification.anchor {
        chain.push(anchor.cert.clone());
    }
    chain
}

/// Explains one handshake against the user's analysis.
pub(crate) fn check(facts: HandshakeFacts, user: &Analysis, options: &Options) -> HandshakeReport {
    let flow = options.flow;
    let server = server_chain(&facts, options);
    // The user's files are a client chain except in the outbound flow (or for a server purpose),
    // where they are the server's own certificate and the client is Salesforce.
    let files_are_client = flow != Flow::Outbound && options.purpose != Purpose::Server;
    let chain = if files_are_client { client_chain(user) } else { Vec::new() };
    let client_ca_match = match (&facts.client_cert_request, chain.is_empty()) {
        (Some(req), false) => Some(client_ca_match(&req.value, &chain)),
        _ => None,
    };
    let leaf_sha: Vec<String> = chain.first().map(|c| vec![c.sha256.clone()]).unwrap_or_default();
    // Line 0: a fact from a live handshake (`certchain probe`), not from a text.
    let at_line = |line: usize| {
        if line == 0 { facts.input.clone() } else { format!("{}, line {line}", facts.input) }
    };
    let mut findings = Vec::new();

    if let Some(outcome) = &facts.outcome {
        let at = at_line(outcome.source.line);
        match &outcome.value {
            Outcome::Completed => findings.push(completed(&facts, flow, &at)),
            Outcome::AlertReceived { name, number } => {
                findings.push(alert(name, *number, &facts, user, &chain, client_ca_match.as_ref(), flow, &at));
            }
            Outcome::ConnectFailed { error, reason } => {
                findings.push(connect_failed(*error, reason, &facts, flow, &at))
            }
            Outcome::NotTls { reason } => findings.push(Finding::new(
                Code::NotTls,
                flow,
                Vec::new(),
                format!("{} answered in plain text, not TLS", endpoint(&facts)),
                format!("{at}: {reason}."),
            )),
            Outcome::ClientFailed { failure, reason } => {
                findings.push(client_failed(*failure, reason, user, &leaf_sha, flow, &at));
            }
            Outcome::Incomplete => findings.push(Finding::new(
                Code::HandshakeIncomplete,
                flow,
                Vec::new(),
                "The handshake did not finish",
                format!(
                    "{}: the output stops before the handshake's end (no `SSL handshake has read` line, no alert).",
                    facts.input
                ),
            )),
        }
    }

    let completed_or_alert =
        matches!(facts.outcome.as_ref().map(|o| &o.value), Some(Outcome::Completed | Outcome::AlertReceived { .. }));
    if facts.client_cert_request.is_none()
        && matches!(facts.outcome.as_ref().map(|o| &o.value), Some(Outcome::Completed))
    {
        let mut f = Finding::new(
            Code::NoClientCertRequested,
            flow,
            Vec::new(),
            format!("{} did not ask for a client certificate", endpoint(&facts)),
            "The server sent no CertificateRequest: no client certificate was asked for, so none was sent and \
             the connection is not mutually authenticated."
                .to_string(),
        );
        if !chain.is_empty() || facts.client_chain_sent.is_some_and(|n| n > 0) {
            f.detail.push_str(" Your client certificate took no part in this handshake.");
        }
        findings.push(f);
    }
    if let (Some(CaMatch::NoneMatches), Some(req)) = (&client_ca_match, &facts.client_cert_request) {
        let names = req.value.ca_names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
        let leaf = chain.first().map(Cert::display_name).unwrap_or_default();
        // A chain that stops below its root cannot be judged: the missing issuer may be a listed CA.
        let open_top = chain.last().filter(|top| !top.is_self_issued());
        let (title, detail) = match open_top {
            None => (
                format!("'{leaf}' is not issued by a CA the server asks for"),
                format!(
                    "{}: the server's certificate request lists the CA names {names}. None of your chain's \
                     certificates ('{leaf}' and its issuers) is one of them or issued by one, so a client that \
                     picks its certificate by these names (OpenSSL, curl, Java, Salesforce) sends none.",
                    at_line(req.source.line)
                ),
            ),
            Some(top) => (
                format!("Cannot tell whether '{leaf}' chains to a CA the server asks for"),
                format!(
                    "{}: the server's certificate request lists the CA names {names}. None of the certificates \
                     in your files is one of them or issued by one, but your chain stops at '{}', whose issuer \
                     '{}' is not among your files. If that issuer (or one above it) is a listed CA, add the \
                     missing intermediate to what the client sends; if not, the server will not accept this \
                     certificate and a client that picks by these names sends none.",
                    at_line(req.source.line),
                    top.display_name(),
                    top.issuer
                ),
            ),
        };
        findings.push(Finding::new(Code::ClientCaNotListed, flow, leaf_sha.clone(), title, detail));
    }
    if let Some(v) = &facts.verify
        && v.value.0 != 0
        && completed_or_alert
    {
        let (code, text) = &v.value;
        let verdict = server.as_ref().map(|s| match s.verdict {
            Verdict::Valid => "certchain's analysis of the chain as sent finds it valid under the chosen trust store \
                 (s_client was probably given another CA file, or none)"
                .to_string(),
            Verdict::NotValid => "certchain's analysis of the chain as sent agrees that it is not valid: see the \
                 server chain's findings"
                .to_string(),
            Verdict::CannotConfirm => "certchain's analysis of the chain as sent cannot confirm it either: see the \
                 server chain's findings"
                .to_string(),
        });
        findings.push(Finding::new(
            Code::ServerVerifyFailed,
            flow,
            server.as_ref().and_then(|s| s.sent.first()).map(|c| vec![c.sha256.clone()]).unwrap_or_default(),
            format!("s_client could not verify the server's chain: {code} ({text})"),
            format!(
                "{}: `Verify return code: {code} ({text})`: {} {}",
                at_line(v.source.line),
                verify_meaning(*code),
                verdict.map(|v| format!("{v}.")).unwrap_or_default()
            ),
        ));
    }
    if let Some(http) = &facts.http
        && http.value.error_code.as_deref() == Some("MUTUAL_AUTHENTICATION_FAILED")
    {
        let path = if http.value.path.is_empty() { String::new() } else { format!(" {}", http.value.path) };
        findings.push(Finding::new(
            Code::MutualAuthFailed,
            flow,
            leaf_sha.clone(),
            "Salesforce answered MUTUAL_AUTHENTICATION_FAILED",
            format!(
                "{}: the request{path} got HTTP {} with `MUTUAL_AUTHENTICATION_FAILED`{}. The TLS connection was \
                 made; Salesforce did not accept it as mutually authenticated for this user: the call must go to \
                 port 8443 with the certificate uploaded under Mutual Authentication Certificates.",
                at_line(http.source.line),
                http.value.status,
                http.value.message.as_deref().map(|m| format!(" (\"{m}\")")).unwrap_or_default()
            ),
        ));
    }
    crate::report::rank(&mut findings);
    HandshakeReport { facts, server, client_ca_match, findings }
}

fn endpoint(facts: &HandshakeFacts) -> String {
    match (facts.sni.as_ref().or(facts.host.as_ref().map(|h| &h.value)), facts.port) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.clone(),
        _ => "The server".to_string(),
    }
}

fn completed(facts: &HandshakeFacts, flow: Flow, at: &str) -> Finding {
    let proto = facts.protocol.as_ref().map(|p| p.value.as_str()).unwrap_or("protocol not shown");
    let cipher = facts.cipher.as_ref().map(|c| format!(", {}", c.value)).unwrap_or_default();
    let mut detail = format!("{at}: the handshake completed ({proto}{cipher}).");
    match (&facts.client_cert_request, facts.client_chain_sent) {
        (Some(_), Some(0)) => detail.push_str(" The server asked for a client certificate and none was sent."),
        (Some(_), Some(n)) => detail.push_str(&format!(
            " The server asked for a client certificate; the client sent {n} certificate(s) and the server accepted them."
        )),
        (Some(_), None) => {
            detail.push_str(" The server asked for a client certificate.");
            if proto == "TLSv1.3" {
                if facts.http.is_some() {
                    detail.push_str(" The server answered the request over the connection, so it accepted it.");
                } else {
                    // TLS 1.3: the server's verdict on the client certificate comes after the
                    // client's Finished (RFC 8446 §4.4.2); s_client may quit before it arrives.
                    detail.push_str(
                        " In TLS 1.3 the server judges the client certificate after this point and no alert \
                         follows in the output: if s_client stayed connected (certchain's command sends a GET \
                         with -ign_eof), it was accepted; with `</dev/null` s_client may have quit before the \
                         server's alert arrived.",
                    );
                }
            }
        }
        (None, _) => detail.push_str(" The server did not ask for a client certificate."),
    }
    Finding::new(Code::HandshakeCompleted, flow, Vec::new(), format!("The TLS handshake completed ({proto})"), detail)
}

/// The likely cause of an alert in the user's files, and the fix it calls for when that is more
/// specific than the catalogue's.
#[allow(clippy::too_many_arguments)]
fn alert(
    name: &str,
    number: Option<u8>,
    facts: &HandshakeFacts,
    user: &Analysis,
    chain: &[Cert],
    ca: Option<&CaMatch>,
    flow: Flow,
    at: &str,
) -> Finding {
    let code = if name == "protocol_version" { Code::TlsVersionMismatch } else { Code::HandshakeAlert };
    let num = number.map(|n| format!(" (alert {n})")).unwrap_or_default();
    let leaf = chain.first().map(Cert::display_name);
    // Findings about the user's files speak to a client certificate only when they hold one.
    let has = |code: Code| !chain.is_empty() && user.report.findings.iter().any(|f| f.code == code);
    // The path's intermediates: everything between the leaf and the anchor.
    let intermediates: Vec<String> =
        chain.iter().skip(1).filter(|c| !c.is_self_issued()).map(|c| format!("'{}'", c.display_name())).collect();
    let mut fix = None;
    let cause: String = match name {
        "unknown_ca" | "bad_certificate" | "certificate_unknown" => {
            let generic = alert_probable_cause(name).unwrap_or_default();
            match (facts.client_chain_sent, leaf.as_deref()) {
                (Some(sent), Some(leaf)) if sent > 0 && sent < 1 + intermediates.len() => {
                    fix = Some(send_intermediates_fix(flow));
                    format!(
                        "The client sent {sent} certificate(s), but '{leaf}' needs its intermediate(s) {} to reach \
                         a root: send the intermediate(s) with the certificate.",
                        intermediates.join(", ")
                    )
                }
                (Some(sent), Some(leaf)) if sent > intermediates.len() && !has(Code::MissingIssuer) => {
                    let root = user
                        .verification
                        .anchor
                        .as_ref()
                        .map(|a| a.cert.display_name())
                        .or_else(|| user.verification.chain.last().map(Cert::display_name))
                        .unwrap_or_default();
                    format!(
                        "The client sent '{leaf}' with its intermediate(s): the chain was complete, so the server \
                         does not trust its root '{root}' (or rejects the certificate for another reason: \
                         {generic})."
                    )
                }
                (None, Some(leaf)) if !intermediates.is_empty() => {
                    fix = Some(send_intermediates_fix(flow));
                    format!(
                        "Your files hold the intermediate(s) {} of '{leaf}', but the server could not build the \
                         chain: most likely the client sent '{leaf}' alone. Send the intermediate(s) with it (or \
                         the server does not trust your root).",
                        intermediates.join(", ")
                    )
                }
                (_, Some(leaf)) if has(Code::MissingIssuer) => format!(
                    "Your files lack the intermediate that issued '{leaf}' (see the missing_issuer finding): the \
                     server cannot chain it without it. Get it from your CA and send it with the certificate."
                ),
                (_, Some(_)) if ca == Some(&CaMatch::NoneMatches) => {
                    "Your chain is not issued by a CA the server lists (see client_ca_not_listed): the server does \
                     not trust your CA."
                        .to_string()
                }
                (_, Some(leaf)) => format!(
                    "Your chain for '{leaf}' is complete in your files; the server does not trust its root, or the \
                     client sent another certificate than the one you checked. {generic}."
                ),
                (_, None) => format!(
                    "Probable cause: {generic}. Add your client certificate files beside the output to have certchain \
                     check them."
                ),
            }
        }
        "certificate_required" => {
            if facts.client_chain_sent == Some(0) {
                "The client sent no certificate: give it the certificate and its key (s_client `-cert -key`, curl \
                 `-E fullcert.pem`)."
                    .to_string()
            } else if has(Code::KeyMismatch) {
                "Your private key does not match your certificate (see key_mismatch): clients then send no \
                 certificate at all."
                    .to_string()
            } else if ca == Some(&CaMatch::NoneMatches) {
                "None of your certificates chains to a CA name the server listed (see client_ca_not_listed), so \
                 the client sent none."
                    .to_string()
            } else {
                format!("Probable cause: {}.", alert_probable_cause(name).unwrap_or_default())
            }
        }
        "decrypt_error" => {
            let mismatch = if has(Code::KeyMismatch) { " Your files show it: see key_mismatch." } else { "" };
            format!(
                "The signature the client made with its private key (CertificateVerify) did not verify with the \
                 certificate's public key: the key used is not the certificate's key.{mismatch}"
            )
        }
        "certificate_expired" if has(Code::Expired) => {
            "A certificate of your chain has expired (see the expired finding): renew it and send the new one."
                .to_string()
        }
        _ => match alert_probable_cause(name) {
            Some(cause) => format!("Probable cause: {cause}."),
            None => "See RFC 8446 §6.2 for the alert's meaning.".to_string(),
        },
    };
    let mut f = Finding::new(
        code,
        flow,
        chain.first().map(|c| vec![c.sha256.clone()]).unwrap_or_default(),
        format!("The server ended the handshake with the alert {name}"),
        format!("{at}: the server sent the TLS alert `{name}`{num}. {cause}"),
    );
    if let Some(fix) = fix {
        f = f.with_fix(fix);
    }
    f
}

fn send_intermediates_fix(flow: Flow) -> String {
    match flow {
        Flow::Outbound | Flow::CsrUpload => "Upload the certificate Salesforce presents together with its \
            intermediates (Upload Signed Certificate takes the certificate followed by each intermediate), so \
            Salesforce sends the whole chain."
            .to_string(),
        _ => "Send the client certificate followed by every intermediate: s_client `-cert client.pem -key client.key \
              -cert_chain intermediates.pem`; curl `-E fullcert.pem` where fullcert.pem holds the key, the \
              certificate and each intermediate in turn; Java: a key entry holding the whole chain."
            .to_string(),
    }
}

fn connect_failed(error: ConnectError, reason: &str, facts: &HandshakeFacts, flow: Flow, at: &str) -> Finding {
    let target = endpoint(facts);
    let (title, check) = match error {
        ConnectError::Dns => (
            format!("{target}: the host name was not found"),
            "Check the spelling of the host name (for Salesforce: your My Domain host, \
             `<MyDomain>.my.salesforce.com`), and the DNS your machine uses: `nslookup <host>`.",
        ),
        ConnectError::Refused => (
            format!("{target}: connection refused"),
            "The host answered but nothing listens on this port: check the port (8443 for Salesforce mutual TLS), \
             that the service runs, and that no firewall rejects the connection.",
        ),
        ConnectError::Timeout => (
            format!("{target}: no answer (timeout)"),
            "Nothing answered in time: a firewall or proxy dropping the packets, a wrong address, or outgoing \
             traffic to this port blocked on your network.",
        ),
        ConnectError::Unreachable => (
            format!("{target}: no route to the host"),
            "Your machine has no route to this address: check the network, VPN and proxy settings.",
        ),
        ConnectError::Other => (
            format!("{target}: the connection failed"),
            "Check the host, the port and the network between you and the server.",
        ),
    };
    let f = Finding::new(Code::ConnectFailed, flow, Vec::new(), title, format!("{at}: {reason}. {check}"));
    let catalogue_fix = f.fix.clone();
    f.with_fix(format!("{check} {catalogue_fix}"))
}

fn client_failed(
    failure: ClientFailure,
    reason: &str,
    user: &Analysis,
    leaf_sha: &[String],
    flow: Flow,
    at: &str,
) -> Finding {
    let has_mismatch = !leaf_sha.is_empty() && user.report.findings.iter().any(|f| f.code == Code::KeyMismatch);
    match failure {
        ClientFailure::ProtocolVersion => Finding::new(
            Code::TlsVersionMismatch,
            flow,
            Vec::new(),
            "Client and server share no TLS version",
            format!("{at}: {reason}."),
        ),
        ClientFailure::KeyMismatch => {
            let files = if has_mismatch { " Your files show the same: see key_mismatch." } else { "" };
            Finding::new(
                Code::ClientFailed,
                flow,
                leaf_sha.to_vec(),
                "The client stopped: its private key does not match its certificate",
                format!("{at}: {reason}. The client never sent its certificate.{files}"),
            )
        }
        ClientFailure::ServerCertificateRejected => Finding::new(
            Code::ClientFailed,
            flow,
            Vec::new(),
            "The client rejected the server's certificate",
            format!("{at}: {reason}. See the server chain's findings."),
        ),
        ClientFailure::ClientFiles | ClientFailure::NoSharedParameters | ClientFailure::Other => Finding::new(
            Code::ClientFailed,
            flow,
            leaf_sha.to_vec(),
            "The client stopped the handshake",
            format!("{at}: {reason}."),
        ),
    }
}

/// What an OpenSSL verify code means for a server's chain (x509_vfy.h numbers, OpenSSL 3.x).
fn verify_meaning(code: i64) -> &'static str {
    match code {
        2 | 20 => {
            "the client could not find the issuer of a certificate the server sent: an intermediate was \
                   not sent, or the root is not in the client's CA file."
        }
        21 => {
            "the client could not verify the server's own certificate: the server sent no intermediate (or \
               the client lacks the issuing CA)."
        }
        10 => "a certificate of the server's chain has expired.",
        9 => "a certificate of the server's chain is not yet valid.",
        18 => "the server's certificate is self-signed.",
        19 => "the server's chain ends in a self-signed root the client does not trust.",
        62 => "the server's certificate is not valid for the host name.",
        26 => "a certificate of the server's chain is not meant for TLS servers (extended key usage).",
        _ => "the client rejected the server's chain.",
    }
}
