//! Handshake facts: what a TLS handshake showed (protocol, cipher, the server's chain as sent,
//! the client-certificate request, the verify result, the outcome), each with where it came from.
//!
//! The facts come from pasted `openssl s_client -connect HOST:PORT -showcerts` output (OpenSSL
//! 1.1.1 and 3.x wording), read by [`read_s_client`]; the CLI's `probe` fills the same model from
//! a real handshake. There is no crate that parses s_client's text (it is a human report, not a
//! format), so this reader is hand-written, line by line, and accounts for every line it skips.
use serde::{Deserialize, Serialize};

/// Where one fact was read: the input's name and the 1-based line (0 for a live handshake made
/// by the CLI's `certchain probe`, input `probe`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub input: String,
    pub line: usize,
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact<T> {
    pub value: T,
    pub source: Source,
}

/// One certificate of the server's chain, in the order the server sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentCert {
    /// Position in the chain as sent (0 = the server's own certificate).
    pub depth: usize,
    /// s_client's `s:` and `i:` lines, as printed.
    pub subject: String,
    pub issuer: String,
    /// The DER, when `-showcerts` printed the PEM block (without it only depth 0 is printed).
    /// Not serialized: the report carries each certificate's summary (with its PEM) instead.
    #[serde(skip)]
    pub der: Vec<u8>,
    pub source: Source,
}

/// How the handshake ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// The handshake completed and no alert followed.
    Completed,
    /// A TLS alert arrived from the server: `name` as in RFC 8446 §6 (`bad_certificate`,
    /// `unknown_ca`, `certificate_required`, `handshake_failure`, ...), `number` the alert's code.
    AlertReceived { name: String, number: Option<u8> },
    /// No TCP connection: `error` says why (DNS, refused, timeout, ...), `reason` as reported.
    ConnectFailed { error: ConnectError, reason: String },
    /// The server answered, but not with TLS (e.g. a plain-HTTP port: `HTTP/1.1 400`).
    NotTls { reason: String },
    /// The client gave up before or during the handshake, without an alert from the server
    /// (a key that does not match the certificate, no shared TLS version, the server's
    /// certificate rejected by the client, ...).
    ClientFailed { failure: ClientFailure, reason: String },
    /// The output stops before the handshake's end (no `SSL handshake has read`, no alert).
    Incomplete,
}

/// Why no TCP connection was made (for [`Outcome::ConnectFailed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectError {
    /// The host name does not resolve.
    Dns,
    /// Nothing listens on the port (TCP RST).
    Refused,
    /// No answer in time (a firewall dropping packets, a wrong address).
    Timeout,
    /// No route to the host or network.
    Unreachable,
    Other,
}

/// Why the client stopped the handshake itself (for [`Outcome::ClientFailed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientFailure {
    /// The private key given does not belong to the client certificate.
    KeyMismatch,
    /// The client's certificate or key file could not be loaded.
    ClientFiles,
    /// Client and server share no TLS protocol version.
    ProtocolVersion,
    /// No shared cipher suite or signature scheme.
    NoSharedParameters,
    /// The client rejected the server's certificate (chain, name or dates).
    ServerCertificateRejected,
    Other,
}

/// An HTTP request made over the established connection (the CLI's probe sends `GET
/// /services/data/` to Salesforce hosts; a pasted s_client session may show a typed request's
/// answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpAnswer {
    /// The request path (`/services/data/`).
    pub path: String,
    pub status: u16,
    /// Salesforce's `errorCode` from the body (`MUTUAL_AUTHENTICATION_FAILED`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The body's `message`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What a server asked of the client in its CertificateRequest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCertRequest {
    /// Distinguished names as s_client prints them (`CN = Probe Test Root`). Empty = any CA
    /// (Salesforce's own request carries an empty list).
    pub ca_names: Vec<String>,
    pub signature_schemes: Vec<String>,
    pub shared_signature_schemes: Vec<String>,
}

/// Everything a handshake showed. Empty fields mean "not shown". s_client output fills what it
/// prints; the CLI's probe fills the same fields from rustls (plus `sni`, `port`,
/// `client_chain_sent` and `http`, which s_client output does not show reliably).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandshakeFacts {
    /// The input the facts came from (a file name, `pasted text`, or `probe`).
    pub input: String,
    /// The host connected to (`Connecting to …` in OpenSSL 3.x output; the probe's HOST). The
    /// server's chain is checked for this name unless the options name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Fact<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The server name sent in SNI (RFC 6066 §3), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sni: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Fact<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher: Option<Fact<String>>,
    #[serde(default)]
    pub server_chain: Vec<SentCert>,
    /// `Some` when the server asked for a client certificate (with or without CA names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert_request: Option<Fact<ClientCertRequest>>,
    /// How many certificates the client sent (0 = none). `None` = not known (s_client output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_chain_sent: Option<usize>,
    /// `Verify return code: N (text)`: the client's verdict on the server's chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<Fact<(i64, String)>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Fact<Outcome>>,
    /// The answer to an HTTP request over the connection, when one was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<Fact<HttpAnswer>>,
    /// Lines that looked meaningful but could not be read (line, text, why).
    #[serde(default)]
    pub unread: Vec<Unread>,
}

/// A line the reader could not use, with the reason; shown to the user, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub line: usize,
    pub text: String,
    pub message: String,
    pub hint: String,
}

/// Whether text looks like s_client output (so the input decoder hands it here).
pub fn looks_like_s_client(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("CONNECTED(")
            || l == "Certificate chain"
            || l.starts_with("SSL handshake has read")
            || l.starts_with("connect:errno=")
            || l.starts_with("Verify return code:")
            || l == "error setting private key"
    })
}

/// TLS alert names by number (RFC 8446 §6, RFC 5246 §7.2).
pub fn alert_name(number: u8) -> Option<&'static str> {
    Some(match number {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        22 => "record_overflow",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        113 => "bad_certificate_status_response",
        115 => "unknown_psk_identity",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => return None,
    })
}

/// Alert wording in OpenSSL's error strings (`tlsv1 alert unknown ca`, `sslv3 alert bad
/// certificate`, `tlsv13 alert certificate required`) → RFC name.
fn alert_from_words(line: &str) -> Option<String> {
    let i = line.find(" alert ")?;
    let head = &line[..i];
    if !(head.ends_with("tlsv1") || head.ends_with("sslv3") || head.ends_with("tlsv13")) {
        return None;
    }
    let rest = &line[i + " alert ".len()..];
    let words = rest.split(':').next()?.trim();
    (!words.is_empty()).then(|| words.replace(' ', "_"))
}

/// `HTTP/1.1 401 Unauthorized` → 401.
fn http_status(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("HTTP/1.1 ").or_else(|| line.strip_prefix("HTTP/1.0 "))?;
    let code = rest.get(..3)?;
    code.parse().ok().filter(|c| (100..600).contains(c))
}

/// The string value of `"key":"value"` in a line of JSON (Salesforce's error bodies are one line;
/// a full JSON parser is not needed to pick one field, and the line may be cut).
fn json_string(line: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\":\"");
    let start = line.find(&pat)? + pat.len();
    let end = line[start..].find('"')?;
    Some(line[start..start + end].to_string())
}

/// Reads s_client output. `input` names the paste or file for the facts' sources.
pub fn read_s_client(input: &str, text: &str) -> HandshakeFacts {
    read_s_client_blocks(input, text).0
}

/// [`read_s_client`], and the 1-based lines of the `-----BEGIN CERTIFICATE-----` lines that hold
/// the server's certificates: the input decoder skips exactly these blocks, so a certificate of
/// the user's pasted after the output is theirs even when the server sent the same one.
pub fn read_s_client_blocks(input: &str, text: &str) -> (HandshakeFacts, Vec<usize>) {
    let mut server_blocks = Vec::new();
    let mut f = HandshakeFacts { input: input.to_string(), ..Default::default() };
    let src = |line: usize| Source { input: input.to_string(), line };
    let lines: Vec<&str> = text.lines().collect();
    let mut handshake_done: Option<usize> = None;
    let mut no_session: Option<usize> = None;
    let mut dns_failed = false;
    let mut i = 0;
    // s_client repeats the session (and `Verify return code`) after a TLS 1.3 ticket: the first wins.
    while i < lines.len() {
        let n = i + 1;
        let raw = lines[i].trim_end_matches('\r');
        let line = raw.trim();
        i += 1;
        if line.starts_with("CONNECTED(") {
            // TCP connected; the outcome comes from what follows.
        } else if let Some(rest) = line.strip_prefix("Connecting to ") {
            // OpenSSL 3.2+: `Connecting to 127.0.0.1`.
            if f.host.is_none() {
                f.host = Some(Fact { value: rest.trim().to_string(), source: src(n) });
            }
        } else if let Some(rest) = line.strip_prefix("connect:errno=") {
            // errno values of Linux (111 ECONNREFUSED, 110 ETIMEDOUT, 113 EHOSTUNREACH, 101
            // ENETUNREACH); a failed name lookup printed `BIO_lookup_ex` earlier.
            let error = match rest.trim() {
                _ if dns_failed => ConnectError::Dns,
                "111" => ConnectError::Refused,
                "110" => ConnectError::Timeout,
                "113" | "101" => ConnectError::Unreachable,
                _ => ConnectError::Other,
            };
            if !matches!(f.outcome, Some(Fact { value: Outcome::ConnectFailed { .. }, .. })) || dns_failed {
                f.outcome = Some(Fact {
                    value: Outcome::ConnectFailed { error, reason: format!("connect errno {}", rest.trim()) },
                    source: src(n),
                });
            }
        } else if line.contains("BIO_lookup_ex") || line.contains("Name or service not known") {
            dns_failed = true;
            f.outcome = Some(Fact {
                value: Outcome::ConnectFailed { error: ConnectError::Dns, reason: "host name not found".into() },
                source: src(n),
            });
        } else if line.contains("Connection refused") && f.outcome.is_none() {
            f.outcome = Some(Fact {
                value: Outcome::ConnectFailed { error: ConnectError::Refused, reason: "connection refused".into() },
                source: src(n),
            });
        } else if line.contains("Connection timed out") && f.outcome.is_none() {
            f.outcome = Some(Fact {
                value: Outcome::ConnectFailed { error: ConnectError::Timeout, reason: "connection timed out".into() },
                source: src(n),
            });
        } else if line == "error setting private key" || line.contains("key values mismatch") {
            // s_client checks the key against -cert before it connects.
            if f.outcome.is_none() {
                f.outcome = Some(Fact {
                    value: Outcome::ClientFailed {
                        failure: ClientFailure::KeyMismatch,
                        reason: "the private key does not match the client certificate (key values mismatch)".into(),
                    },
                    source: src(n),
                });
            }
        } else if line.contains(":wrong version number:") || line.contains(":http request:") {
            // The first bytes back were not a TLS record: a plain-text (usually HTTP) service.
            f.outcome = Some(Fact {
                value: Outcome::NotTls {
                    reason: "the server's answer is not TLS (OpenSSL: wrong version number): a plain-HTTP or other non-TLS service".into(),
                },
                source: src(n),
            });
        } else if line.contains(":unsupported protocol:") || line.contains(":no protocols available:") {
            f.outcome = Some(Fact {
                value: Outcome::ClientFailed {
                    failure: ClientFailure::ProtocolVersion,
                    reason: "no TLS version both sides allow (OpenSSL: unsupported protocol)".into(),
                },
                source: src(n),
            });
        } else if let Some(status) = http_status(line) {
            // The answer to a request typed into s_client (`GET /services/data/ HTTP/1.1`).
            if f.http.is_none() {
                f.http = Some(Fact {
                    value: HttpAnswer { path: String::new(), status, error_code: None, message: None },
                    source: src(n),
                });
            }
        } else if let (Some(code), Some(http)) = (json_string(line, "errorCode"), f.http.as_mut()) {
            // Salesforce's REST error body: `[{"message":"…","errorCode":"MUTUAL_AUTHENTICATION_FAILED"}]`.
            if http.value.error_code.is_none() {
                http.value.error_code = Some(code);
                http.value.message = json_string(line, "message");
            }
        } else if line == "New, (NONE), Cipher is (NONE)" {
            // No session was negotiated: the handshake failed whatever `SSL handshake has read` says.
            no_session = Some(n);
        } else if line == "Certificate chain" {
            // ` 0 s:CN = x` / `   i:CN = y` / optional `a:` `v:` lines / optional PEM block.
            while i < lines.len() {
                let l = lines[i].trim_end_matches('\r');
                let t = l.trim();
                if t == "---" || t.is_empty() {
                    break;
                }
                let (d, s) = match t.split_once(" s:") {
                    Some((d, s)) if d.trim().parse::<usize>().is_ok() => (d.trim().parse().unwrap_or(0), s),
                    _ => {
                        f.unread.push(Unread {
                            line: i + 1,
                            text: t.to_string(),
                            message: "expected a certificate line such as ` 0 s:CN = ...` in the certificate chain"
                                .into(),
                            hint: "paste the whole s_client output, unchanged".into(),
                        });
                        i += 1;
                        continue;
                    }
                };
                let at = i + 1;
                i += 1;
                let mut cert = SentCert {
                    depth: d,
                    subject: s.trim().to_string(),
                    issuer: String::new(),
                    der: Vec::new(),
                    source: src(at),
                };
                while i < lines.len() {
                    let t = lines[i].trim();
                    if let Some(iss) = t.strip_prefix("i:") {
                        cert.issuer = iss.trim().to_string();
                    } else if t.starts_with("a:") || t.starts_with("v:") {
                    } else if t == "-----BEGIN CERTIFICATE-----" {
                        let start = i;
                        server_blocks.push(start + 1);
                        let mut pem = String::new();
                        let mut closed = false;
                        while i < lines.len() {
                            let t = lines[i].trim();
                            pem.push_str(t);
                            pem.push('\n');
                            i += 1;
                            if t == "-----END CERTIFICATE-----" {
                                closed = true;
                                break;
                            }
                        }
                        if !closed {
                            f.unread.push(Unread {
                                line: start + 1,
                                text: "-----BEGIN CERTIFICATE-----".into(),
                                message: format!("the server's certificate at depth {d} is cut off: no END line"),
                                hint: "the paste was truncated; copy the output again, to its end".into(),
                            });
                        } else {
                            match pem_rfc7468::decode_vec(pem.as_bytes()) {
                                Ok((_, der)) => cert.der = der,
                                Err(e) => f.unread.push(Unread {
                                    line: start + 1,
                                    text: "-----BEGIN CERTIFICATE-----".into(),
                                    message: format!("the server's certificate at depth {d} is not valid PEM: {e}"),
                                    hint: "copy the output again without editing it".into(),
                                }),
                            }
                        }
                        continue;
                    } else {
                        break;
                    }
                    i += 1;
                }
                f.server_chain.push(cert);
            }
        } else if line == "Server certificate" && lines.get(i).map(|l| l.trim()) == Some("-----BEGIN CERTIFICATE-----")
        {
            // Without -showcerts s_client prints the server's own certificate here, once.
            let start = i;
            server_blocks.push(start + 1);
            let end = lines[i..].iter().position(|l| l.trim() == "-----END CERTIFICATE-----").map(|p| i + p);
            let der = end.and_then(|end| {
                let pem: String = lines[start..=end].iter().map(|l| format!("{}\n", l.trim())).collect();
                pem_rfc7468::decode_vec(pem.as_bytes()).ok().map(|(_, der)| der)
            });
            match (der, f.server_chain.first_mut()) {
                (Some(der), Some(first)) if first.der.is_empty() => first.der = der,
                (Some(_), Some(_)) => {}
                (Some(der), None) => f.server_chain.push(SentCert {
                    depth: 0,
                    subject: String::new(),
                    issuer: String::new(),
                    der,
                    source: src(n),
                }),
                (None, _) => f.unread.push(Unread {
                    line: start + 1,
                    text: "-----BEGIN CERTIFICATE-----".into(),
                    message: "the server certificate block is cut off or not valid PEM".into(),
                    hint: "copy the output again, to its end, without editing it".into(),
                }),
            }
            i = end.map_or(lines.len(), |e| e + 1);
        } else if line == "Acceptable client certificate CA names" {
            let at = n;
            let mut names = Vec::new();
            while i < lines.len() {
                let t = lines[i].trim();
                if t.is_empty() || t == "---" || t.contains("Signature Algorithms") || t.starts_with("Peer ") {
                    break;
                }
                names.push(t.to_string());
                i += 1;
            }
            let req = f.client_cert_request.get_or_insert(Fact { value: Default::default(), source: src(at) });
            req.value.ca_names = names;
        } else if line == "No client certificate CA names sent" {
            // TLS 1.2 servers that ask print this; TLS 1.3 and non-asking servers too. Only the
            // signature-algorithm lines (printed for a CertificateRequest) say it was asked.
        } else if let Some(rest) = line.strip_prefix("Requested Signature Algorithms:") {
            let req = f.client_cert_request.get_or_insert(Fact { value: Default::default(), source: src(n) });
            req.value.signature_schemes = rest.trim().split(':').map(str::to_string).collect();
        } else if let Some(rest) = line.strip_prefix("Shared Requested Signature Algorithms:") {
            let req = f.client_cert_request.get_or_insert(Fact { value: Default::default(), source: src(n) });
            req.value.shared_signature_schemes = rest.trim().split(':').map(str::to_string).collect();
        } else if let Some(rest) = line.strip_prefix("Verify return code:") {
            if f.verify.is_none() {
                let rest = rest.trim();
                let (num, txt) = rest.split_once(' ').unwrap_or((rest, ""));
                match num.parse::<i64>() {
                    Ok(code) => {
                        let txt = txt.trim().trim_start_matches('(').trim_end_matches(')').to_string();
                        f.verify = Some(Fact { value: (code, txt), source: src(n) });
                    }
                    Err(_) => f.unread.push(Unread {
                        line: n,
                        text: line.to_string(),
                        message: "the verify return code is not a number".into(),
                        hint: "paste the line as s_client printed it: `Verify return code: 0 (ok)`".into(),
                    }),
                }
            }
        } else if let Some(rest) = line.strip_prefix("Protocol") {
            if let Some(v) = rest.trim_start().strip_prefix(':')
                && f.protocol.is_none()
            {
                f.protocol = Some(Fact { value: v.trim().to_string(), source: src(n) });
            }
        } else if let Some(rest) = line.strip_prefix("New, ") {
            // `New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384`; `New, (NONE), Cipher is (NONE)` = failed.
            if let Some((proto, cipher)) = rest.split_once(", Cipher is ") {
                if proto != "(NONE)" {
                    f.protocol = Some(Fact { value: proto.trim().to_string(), source: src(n) });
                }
                if cipher.trim() != "(NONE)" {
                    f.cipher = Some(Fact { value: cipher.trim().to_string(), source: src(n) });
                }
            }
        } else if let Some(rest) = line.strip_prefix("Cipher") {
            if let Some(v) = rest.trim_start().strip_prefix(':')
                && f.cipher.is_none()
                && v.trim() != "0000"
            {
                f.cipher = Some(Fact { value: v.trim().to_string(), source: src(n) });
            }
        } else if line.starts_with("SSL handshake has read") {
            handshake_done = Some(n);
        } else if line.contains("alert") || line.contains("SSL alert number") {
            let number = line.rsplit_once("SSL alert number ").and_then(|(_, n)| n.trim().parse::<u8>().ok());
            let name = number.and_then(alert_name).map(str::to_string).or_else(|| alert_from_words(line));
            match name {
                Some(name) => {
                    if !matches!(f.outcome, Some(Fact { value: Outcome::AlertReceived { .. }, .. })) {
                        f.outcome = Some(Fact { value: Outcome::AlertReceived { name, number }, source: src(n) });
                    }
                }
                None => f.unread.push(Unread {
                    line: n,
                    text: line.to_string(),
                    message: "a TLS alert line whose alert could not be named".into(),
                    hint: "check the line's `SSL alert number`; certchain knows the RFC 8446 alerts".into(),
                }),
            }
        }
    }
    if no_session.is_some() {
        // The session block's `Protocol : TLSv1.2` is only what the client offered.
        f.protocol = None;
        f.cipher = None;
    }
    if let (None, Some(n)) = (&f.outcome, no_session) {
        f.outcome = Some(Fact {
            value: Outcome::ClientFailed {
                failure: ClientFailure::Other,
                reason: "the handshake failed before a session was agreed (s_client: `New, (NONE), Cipher is (NONE)`)"
                    .into(),
            },
            source: src(n),
        });
    }
    if f.outcome.is_none() {
        f.outcome = Some(match handshake_done {
            Some(n) => Fact { value: Outcome::Completed, source: src(n) },
            // Cut short, or a silent server: the handshake_incomplete finding says both.
            None => Fact { value: Outcome::Incomplete, source: src(lines.len()) },
        });
    }
    (f, server_blocks)
}

/// The probable cause, in the user's files, of an alert the server sent during a mutual-TLS
/// handshake (for the findings to come; worded for the client's side).
pub fn alert_probable_cause(name: &str) -> Option<&'static str> {
    Some(match name {
        "certificate_required" => {
            "the server asked for a client certificate and none was sent: no -cert/-key given, or the key does not match the certificate so the client skipped it, or none of your certificates chains to a CA name the server listed"
        }
        "unknown_ca" => {
            "the server could not chain your client certificate to a CA it trusts: usually the intermediates were not sent (send leaf + intermediates), or the root is not in the server's trust list"
        }
        "bad_certificate" => {
            "the server rejected your client certificate (OpenSSL servers send this for a verify failure in TLS 1.2): missing intermediates, wrong EKU (no clientAuth), or a certificate the server does not accept"
        }
        "decrypt_error" => {
            "the client's CertificateVerify signature did not verify: the private key used does not belong to the certificate sent"
        }
        "certificate_expired" => "a certificate in the chain your client sent has expired (or is not yet valid)",
        "certificate_revoked" => "a certificate in the chain your client sent is revoked",
        "unsupported_certificate" => {
            "the server does not accept your certificate's key type or usage (check key usage and EKU clientAuth)"
        }
        "certificate_unknown" => "the server rejected your client certificate for a reason it did not name",
        "handshake_failure" => {
            "no common protocol version, cipher suite or signature scheme, or (TLS 1.2) a client certificate the server required and did not get"
        }
        "protocol_version" => {
            "client and server share no TLS version (e.g. a TLS 1.3-only server and a TLS 1.2-only client)"
        }
        "access_denied" => "the certificate was valid but the server refused access (identity or permission check)",
        "unrecognized_name" => "the server does not know the host name sent in SNI (-servername)",
        _ => return None,
    })
}

/// Whether the user's client chain answers a CertificateRequest's CA names: what servers (and
/// s_client, curl, Java) use to pick a client certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CaMatch {
    /// The request named no CA: any certificate may be sent (Salesforce's request is like this).
    AnyCa,
    /// `ca_name` (as the server listed it) is the subject or issuer of `cert_subject`.
    Matched { ca_name: String, cert_subject: String },
    /// None of the chain's certificates is named by, or issued by, a listed CA.
    NoneMatches,
}

/// A DN as a sorted list of `type=value` parts, so s_client's one-line form (`C = US, O = X,
/// CN = Y`, X.509 order) and RFC 4514 (`CN=Y,O=X,C=US`, reversed) compare equal. A heuristic:
/// values holding escaped commas are split wrongly (rare in CA names).
fn dn_key(dn: &str) -> Vec<String> {
    let mut parts: Vec<String> = dn
        .split(',')
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some(format!("{}={}", k.trim().to_ascii_lowercase(), v.trim()))
        })
        .collect();
    parts.sort();
    parts
}

/// Checks a client chain (leaf first, as the user will send it) against the server's CA names.
pub fn client_ca_match(request: &ClientCertRequest, chain: &[crate::cert::Cert]) -> CaMatch {
    if request.ca_names.is_empty() {
        return CaMatch::AnyCa;
    }
    for cert in chain {
        for name in &request.ca_names {
            let key = dn_key(name);
            if key == dn_key(&cert.issuer) || key == dn_key(&cert.subject) {
                return CaMatch::Matched { ca_name: name.clone(), cert_subject: cert.subject.clone() };
            }
        }
    }
    CaMatch::NoneMatches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let p = format!("{}/../core/tests/fixtures/s_client/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    }

    fn alert(f: &HandshakeFacts) -> Option<String> {
        match &f.outcome.as_ref()?.value {
            Outcome::AlertReceived { name, .. } => Some(name.clone()),
            _ => None,
        }
    }

    #[test]
    fn mtls_ok_completes_with_chain_and_ca_names() {
        let f = read_s_client("mtls-ok.txt", &fixture("mtls-ok.txt"));
        assert!(looks_like_s_client(&fixture("mtls-ok.txt")));
        assert_eq!(f.server_chain.len(), 2);
        assert_eq!(f.server_chain[0].subject, "CN = localhost");
        assert_eq!(f.server_chain[1].issuer, "CN = Probe Test Root");
        assert!(f.server_chain.iter().all(|c| !c.der.is_empty()));
        let req = f.client_cert_request.as_ref().expect("client cert requested");
        assert_eq!(req.value.ca_names, vec!["CN = Probe Test Root".to_string()]);
        assert!(req.value.signature_schemes.iter().any(|s| s == "RSA+SHA256"));
        assert_eq!(f.protocol.as_ref().map(|p| p.value.as_str()), Some("TLSv1.3"));
        assert_eq!(f.cipher.as_ref().map(|p| p.value.as_str()), Some("TLS_AES_256_GCM_SHA384"));
        assert_eq!(f.verify.as_ref().map(|v| v.value.0), Some(0));
        assert_eq!(f.outcome.as_ref().map(|o| o.value.clone()), Some(Outcome::Completed));
        assert!(f.unread.is_empty(), "{:?}", f.unread);
    }

    #[test]
    fn client_leaf_without_intermediate_gets_unknown_ca() {
        let f = read_s_client("x", &fixture("mtls-no-intermediate.txt"));
        assert_eq!(alert(&f).as_deref(), Some("unknown_ca"));
        assert_eq!(f.outcome.as_ref().map(|o| o.source.line), Some(83));
    }

    #[test]
    fn no_client_cert_gets_certificate_required() {
        let f = read_s_client("x", &fixture("mtls-no-client-cert.txt"));
        assert_eq!(alert(&f).as_deref(), Some("certificate_required"));
    }

    #[test]
    fn server_leaf_only_and_no_request() {
        let f = read_s_client("x", &fixture("server-leaf-only.txt"));
        assert_eq!(f.server_chain.len(), 1);
        assert_eq!(
            f.verify.as_ref().map(|v| v.value.clone()),
            Some((21, "unable to verify the first certificate".into()))
        );
        assert!(f.client_cert_request.is_none());
        let f = read_s_client("x", &fixture("tls13.txt"));
        assert!(f.client_cert_request.is_none());
    }

    #[test]
    fn expired_server_certificate() {
        let f = read_s_client("x", &fixture("server-expired.txt"));
        assert_eq!(f.verify.as_ref().map(|v| v.value.clone()), Some((10, "certificate has expired".into())));
        assert_eq!(f.server_chain.len(), 2);
        let d = crate::decode::decode_inputs(&[crate::Input::new("c", f.server_chain[0].der.clone())]);
        assert_eq!(d.certs.len(), 1, "the server certificate as sent decodes");
        assert!(f.unread.is_empty(), "{:?}", f.unread);
    }

    #[test]
    fn alerts_have_probable_causes() {
        for f in ["mtls-no-intermediate.txt", "mtls-no-client-cert.txt"] {
            let name = alert(&read_s_client("x", &fixture(f))).unwrap_or_default();
            assert!(alert_probable_cause(&name).is_some(), "{f}: {name}");
        }
    }

    #[test]
    fn tls12() {
        let f = read_s_client("x", &fixture("tls12.txt"));
        assert_eq!(f.protocol.as_ref().map(|p| p.value.as_str()), Some("TLSv1.2"));
        assert_eq!(f.cipher.as_ref().map(|p| p.value.as_str()), Some("ECDHE-RSA-AES256-GCM-SHA384"));
        assert!(f.client_cert_request.is_some());
    }

    #[test]
    fn closed_port() {
        let t = fixture("closed-port.txt");
        assert!(looks_like_s_client(&t));
        let f = read_s_client("x", &t);
        assert!(matches!(
            f.outcome.map(|o| o.value),
            Some(Outcome::ConnectFailed { error: ConnectError::Refused, .. })
        ));
    }

    #[test]
    fn truncated_output_is_reported() {
        let t = fixture("mtls-ok.txt");
        let cut: String = t.lines().take(20).map(|l| format!("{l}\n")).collect();
        let f = read_s_client("x", &cut);
        assert_eq!(f.outcome.as_ref().map(|o| o.value.clone()), Some(Outcome::Incomplete));
        assert!(f.unread.iter().any(|u| u.message.contains("cut off")), "{:?}", f.unread);
    }

    #[test]
    fn openssl_111_alert_wording() {
        let t = "CONNECTED(00000003)\n140:error:14094412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:ssl/record/rec_layer_s3.c:1543:SSL alert number 42\n";
        let f = read_s_client("x", t);
        assert_eq!(alert(&f).as_deref(), Some("bad_certificate"));
        assert_eq!(alert_from_words(t.lines().nth(1).unwrap_or("")).as_deref(), Some("bad_certificate"));
    }
}

#[cfg(test)]
mod decode_tests {
    #[test]
    fn s_client_output_is_recognised_by_the_input_decoder() {
        let p = format!("{}/../core/tests/fixtures/s_client/", env!("CARGO_MANIFEST_DIR"));
        let read = |n: &str| std::fs::read(format!("{p}{n}")).unwrap_or_default();
        let d = crate::decode::decode_inputs(&[
            crate::Input::new("s_client.txt", read("mtls-ok.txt")),
            crate::Input::new("client-chain.pem", read("client-chain.pem")),
        ]);
        assert_eq!(d.handshakes.len(), 1);
        assert_eq!(d.handshakes[0].server_chain.len(), 2);
        assert!(d.handshakes[0].unread.is_empty(), "{:?}", d.handshakes[0].unread);
        // The server's certificates are listed as items of the paste, not added to the user's.
        assert_eq!(d.inputs[0].format, "openssl s_client output");
        assert_eq!(d.inputs[0].items.len(), 2);
        assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
        assert_eq!(d.certs.len(), 2, "only the user's client chain");
        assert!(d.certs.iter().all(|c| c.subject != "CN=localhost"));
        let closed = crate::decode::decode_inputs(&[crate::Input::new("p", read("closed-port.txt"))]);
        assert_eq!(closed.handshakes.len(), 1);
    }
}

#[cfg(test)]
mod ca_match_tests {
    use super::*;

    #[test]
    fn client_chain_against_acceptable_ca_names() {
        let p = format!("{}/../core/tests/fixtures/s_client/", env!("CARGO_MANIFEST_DIR"));
        let read = |n: &str| std::fs::read(format!("{p}{n}")).unwrap_or_default();
        let d = crate::decode::decode_inputs(&[crate::Input::new("client-chain.pem", read("client-chain.pem"))]);
        let facts = read_s_client("s", &String::from_utf8(read("mtls-ok.txt")).unwrap_or_default());
        let req = facts.client_cert_request.map(|r| r.value).unwrap_or_default();
        assert!(matches!(
            client_ca_match(&req, &d.certs),
            CaMatch::Matched { ref ca_name, .. } if ca_name == "CN = Probe Test Root"
        ));
        // A server whose CA names exclude the user's issuer (real s_server output).
        let excl = read_s_client("s", &String::from_utf8(read("ca-names-exclude.txt")).unwrap_or_default());
        let other = excl.client_cert_request.map(|r| r.value).unwrap_or_default();
        assert_eq!(other.ca_names, vec!["CN = Other Client CA".to_string()]);
        assert_eq!(client_ca_match(&other, &d.certs), CaMatch::NoneMatches);
        assert_eq!(client_ca_match(&ClientCertRequest::default(), &d.certs), CaMatch::AnyCa);
        assert_eq!(dn_key("C = US, O = X, CN = Y"), dn_key("CN=Y,O=X,C=US"));
    }
}

#[cfg(test)]
mod http_tests {
    use super::*;

    /// The answer to the GET that certchain's inbound s_client command sends (Salesforce's REST
    /// error body is one JSON line).
    #[test]
    fn salesforce_answer_in_s_client_output() {
        let t = "CONNECTED(00000003)\nSSL handshake has read 5000 bytes and written 900 bytes\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json;charset=UTF-8\n\n[{\"message\":\"This session could not be mutually authenticated for the use with REST API\",\"errorCode\":\"MUTUAL_AUTHENTICATION_FAILED\"}]\nclosed\n";
        let f = read_s_client("x", t);
        let http = f.http.expect("http answer").value;
        assert_eq!(http.status, 401);
        assert_eq!(http.error_code.as_deref(), Some("MUTUAL_AUTHENTICATION_FAILED"));
        assert!(http.message.is_some_and(|m| m.contains("mutually authenticated")));
        assert_eq!(f.outcome.map(|o| o.value), Some(Outcome::Completed));
    }
}
