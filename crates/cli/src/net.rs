//! The network half of `certchain probe`: TCP (direct or through an HTTP CONNECT proxy), one TLS
//! handshake with rustls (ring provider), and one HTTP GET to read what follows the handshake.
//!
//! Probe is a diagnostic tool: it must see the server's chain even when it is broken, so the
//! certificate verifier records the chain and accepts it (the core's analysis judges it, against
//! the user's chosen trust store); the handshake signatures are still verified with the
//! provider's real algorithms, so the facts are those of a real handshake with that server.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ClientConnection, ResolvesClientCert};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::sign::CertifiedKey;
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `HOST[:PORT]` as the user typed it (IPv6 literals in brackets when a port follows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
}

impl Target {
    pub const DEFAULT_PORT: u16 = 443;

    pub fn parse(text: &str) -> Result<Target, String> {
        let text = text.trim();
        let text = text.strip_prefix("https://").unwrap_or(text).trim_end_matches('/');
        let bad = || format!("'{text}' is not HOST or HOST:PORT (e.g. acme.my.salesforce.com:8443, [::1]:8443)");
        if text.is_empty() {
            return Err(bad());
        }
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) = rest.split_once(']').ok_or_else(bad)?;
            match after {
                "" => (host, None),
                p => (host, Some(p.strip_prefix(':').ok_or_else(bad)?)),
            }
        } else if text.matches(':').count() > 1 {
            (text, None) // a bare IPv6 address
        } else {
            match text.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (text, None),
            }
        };
        let port = match port {
            None => Self::DEFAULT_PORT,
            Some(p) => match p.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err(format!("'{p}' is not a port number (1-65535)")),
            },
        };
        if host.is_empty() || host.contains(['/', ' ', '@']) {
            return Err(bad());
        }
        Ok(Target { host: host.to_string(), port })
    }

    /// `host:port`, IPv6 in brackets (for messages, CONNECT and the Host header).
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// What went wrong before or during the handshake, typed so the facts can name it.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The host name did not resolve.
    Dns { message: String },
    /// Nothing listens on the port (TCP RST).
    Refused { address: String },
    /// No answer in time; `stage` says to what (`connect`, `TLS handshake`, `HTTP answer`).
    Timeout { stage: &'static str, seconds: f64 },
    /// No route to the host or its network.
    Unreachable { message: String },
    /// Any other TCP-level failure.
    Network { message: String },
    /// The proxy could not be reached or refused the CONNECT.
    Proxy { message: String },
    /// The server answered with something that is not TLS; `http` when it was plain HTTP.
    NotTls { http: bool, first_bytes: String },
    /// The server closed the connection during the handshake without an alert.
    Closed,
    /// Client and server share no TLS version.
    Version { message: String },
    /// No shared cipher suite, key exchange group or signature scheme.
    NoShared { message: String },
    /// The server sent a fatal alert (RFC 8446 §6.2 name and number).
    Alert { name: String, number: u8 },
    /// The server's handshake signature could not be verified with its certificate's key.
    ServerSignature { message: String },
    /// Another TLS failure on our side (rustls's message).
    Tls { message: String },
}

/// The CertificateRequest as rustls handed it to the client-certificate resolver.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// DER of each acceptable CA name (RFC 8446 §4.2.4, RFC 5246 §7.4.4).
    pub ca_names: Vec<Vec<u8>>,
    /// IANA names (`rsa_pss_rsae_sha256`, ...).
    pub signature_schemes: Vec<String>,
}

/// The answer to the GET sent after the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    pub path: String,
    pub status: u16,
    pub reason: String,
    /// The first `errorCode` of a JSON body (Salesforce: `MUTUAL_AUTHENTICATION_FAILED`).
    pub error_code: Option<String>,
}

/// Everything one probe saw.
#[derive(Debug, Clone, Default)]
pub struct Probed {
    /// The addresses connected to (after DNS, or the proxy's).
    pub address: Option<String>,
    pub sni: Option<String>,
    pub protocol: Option<String>,
    pub cipher: Option<String>,
    /// The server's chain as sent, DER, in order.
    pub server_chain: Vec<Vec<u8>>,
    /// `Some` when the server asked for a client certificate.
    pub request: Option<Request>,
    /// How many certificates the client sent in answer (0 = an empty Certificate message).
    pub client_certs_sent: Option<usize>,
    /// The handshake completed on the client's side.
    pub handshake_completed: bool,
    /// The failure, during or after the handshake (TLS 1.3 servers judge the client certificate
    /// after the client's Finished: their alert arrives on the first read).
    pub failure: Option<Failure>,
    /// The failure arrived after the handshake had completed on the client's side.
    pub failure_after_handshake: bool,
    pub http: Option<HttpAnswer>,
    /// Why the GET got no answer, when it did not (not a failure of the TLS handshake).
    pub http_note: Option<String>,
}

/// What to connect to and how.
pub struct Plan {
    pub target: Target,
    /// SNI and the name the certificate is for; `None` = the host when it is a DNS name.
    pub servername: Option<String>,
    pub timeout: Duration,
    /// An HTTP proxy (`http://host:port`), for CONNECT.
    pub proxy: Option<Target>,
    /// The path of the GET after the handshake.
    pub http_path: String,
}

/// The one crypto provider probe uses: ring (see the workspace Cargo.toml for why not aws-lc-rs).
/// rustls 0.23.48 deprecates it only for lacking post-quantum key exchange (X25519MLKEM768);
/// servers that offer it also offer X25519, so the facts a probe reports do not depend on it.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Loads the client's key for rustls (ring): `Err` names why it cannot be presented.
pub fn certified_key(chain: &[Vec<u8>], pkcs8: &[u8]) -> Result<Arc<CertifiedKey>, String> {
    let provider = provider();
    let certs = chain.iter().map(|c| CertificateDer::from(c.clone())).collect();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pkcs8.to_vec()));
    match CertifiedKey::from_der(certs, key, &provider) {
        Ok(k) => Ok(Arc::new(k)),
        Err(rustls::Error::InconsistentKeys(_)) => {
            Err("the private key does not match the client certificate's public key".to_string())
        }
        Err(e) => Err(format!("the TLS library (rustls with ring) cannot use this private key: {e}")),
    }
}

#[derive(Debug, Default)]
struct Seen {
    server_chain: Vec<Vec<u8>>,
    request: Option<Request>,
    client_certs_sent: Option<usize>,
}

/// Records the server's chain and accepts it; see the module comment for why.
#[derive(Debug)]
struct RecordingVerifier {
    provider: Arc<CryptoProvider>,
    seen: Arc<Mutex<Seen>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.server_chain = std::iter::once(end_entity).chain(intermediates).map(|c| c.to_vec()).collect();
        }
        // Not a trust decision: the chain is analysed afterwards by certchain-core.
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// Records the CertificateRequest (CA names, signature schemes) and answers with the user's
/// chain, if any.
#[derive(Debug)]
struct RecordingResolver {
    key: Option<Arc<CertifiedKey>>,
    seen: Arc<Mutex<Seen>>,
}

impl ResolvesClientCert for RecordingResolver {
    fn resolve(&self, root_hint_subjects: &[&[u8]], sigschemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        let usable = self.key.as_ref().filter(|k| k.key.choose_scheme(sigschemes).is_some());
        if let Ok(mut seen) = self.seen.lock() {
            seen.request = Some(Request {
                ca_names: root_hint_subjects.iter().map(|n| n.to_vec()).collect(),
                signature_schemes: sigschemes.iter().map(|s| scheme_name(*s)).collect(),
            });
            seen.client_certs_sent = Some(usable.map_or(0, |k| k.cert.len()));
        }
        usable.cloned()
    }

    fn has_certs(&self) -> bool {
        self.key.is_some()
    }
}

/// IANA TLS SignatureScheme names (RFC 8446 §4.2.3; rustls's own spelling differs).
fn scheme_name(s: SignatureScheme) -> String {
    let value = u16::from(s);
    let name = match value {
        0x0201 => "rsa_pkcs1_sha1",
        0x0203 => "ecdsa_sha1",
        0x0401 => "rsa_pkcs1_sha256",
        0x0501 => "rsa_pkcs1_sha384",
        0x0601 => "rsa_pkcs1_sha512",
        0x0403 => "ecdsa_secp256r1_sha256",
        0x0503 => "ecdsa_secp384r1_sha384",
        0x0603 => "ecdsa_secp521r1_sha512",
        0x0804 => "rsa_pss_rsae_sha256",
        0x0805 => "rsa_pss_rsae_sha384",
        0x0806 => "rsa_pss_rsae_sha512",
        0x0807 => "ed25519",
        0x0808 => "ed448",
        0x0809 => "rsa_pss_pss_sha256",
        0x080a => "rsa_pss_pss_sha384",
        0x080b => "rsa_pss_pss_sha512",
        _ => return format!("0x{value:04x}"),
    };
    name.to_string()
}

/// A stream that keeps the first bytes the server sent, to word a non-TLS answer.
struct Tap<'a> {
    inner: &'a mut TcpStream,
    first: Vec<u8>,
}

impl Read for Tap<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let room = 64usize.saturating_sub(self.first.len());
        self.first.extend_from_slice(&buf[..n.min(room)]);
        Ok(n)
    }
}

impl Write for Tap<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// Resolves and connects (the first address that answers).
fn connect(target: &Target, timeout: Duration) -> Result<(TcpStream, SocketAddr), Failure> {
    let addresses: Vec<SocketAddr> = match (target.host.as_str(), target.port).to_socket_addrs() {
        Ok(a) => a.collect(),
        Err(e) => return Err(Failure::Dns { message: e.to_string() }),
    };
    if addresses.is_empty() {
        return Err(Failure::Dns { message: "no address for this name".into() });
    }
    let mut last = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, timeout) {
            Ok(s) => return Ok((s, address)),
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                last = Some(Failure::Refused { address: address.to_string() })
            }
            Err(e) if is_timeout(&e) => {
                last = Some(Failure::Timeout { stage: "connect", seconds: timeout.as_secs_f64() })
            }
            Err(e) if matches!(e.kind(), io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable) => {
                last = Some(Failure::Unreachable { message: format!("{address}: {e}") })
            }
            Err(e) => last = Some(Failure::Network { message: format!("{address}: {e}") }),
        }
    }
    Err(last.unwrap_or(Failure::Network { message: "no address connected".into() }))
}

/// RFC 9110 §9.3.6 CONNECT through an HTTP proxy. No crate is needed for a request line and one
/// status line; the answer is read byte by byte so no TLS byte is consumed with it.
fn connect_via_proxy(proxy: &Target, target: &Target, timeout: Duration) -> Result<(TcpStream, SocketAddr), Failure> {
    let (mut stream, address) = connect(proxy, timeout).map_err(|f| Failure::Proxy {
        message: format!("cannot reach the proxy {}: {}", proxy.authority(), describe(&f)),
    })?;
    set_timeouts(&stream, timeout);
    let authority = target.authority();
    let request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: certchain-probe\r\n\r\n");
    let proxy_error = |e: io::Error| Failure::Proxy { message: format!("the proxy {}: {e}", proxy.authority()) };
    stream.write_all(request.as_bytes()).map_err(proxy_error)?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => head.push(byte[0]),
            Err(e) if is_timeout(&e) => {
                return Err(Failure::Proxy {
                    message: format!("the proxy {} did not answer CONNECT within {:?}", proxy.authority(), timeout),
                });
            }
            Err(e) => return Err(proxy_error(e)),
        }
        if head.len() > 16 * 1024 {
            break;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let status_line = head.lines().next().unwrap_or("").trim();
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(200..=299) => Ok((stream, address)),
        Some(_) => Err(Failure::Proxy {
            message: format!("the proxy {} refused CONNECT {authority}: {status_line}", proxy.authority()),
        }),
        None => Err(Failure::Proxy {
            message: format!(
                "the proxy {} did not answer CONNECT with an HTTP status (got {:?}); is it an HTTP proxy?",
                proxy.authority(),
                status_line
            ),
        }),
    }
}

fn set_timeouts(stream: &TcpStream, timeout: Duration) {
    // Errors only for a zero duration, which the arguments exclude.
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
}

/// A short description of a failure (for the proxy message and tests).
pub fn describe(f: &Failure) -> String {
    match f {
        Failure::Dns { message } => format!("DNS lookup failed ({message})"),
        Failure::Refused { address } => format!("connection refused by {address}"),
        Failure::Timeout { stage, seconds } => format!("no answer to the {stage} within {seconds} s"),
        Failure::Network { message }
        | Failure::Unreachable { message }
        | Failure::Proxy { message }
        | Failure::Tls { message }
        | Failure::ServerSignature { message }
        | Failure::NoShared { message } => message.clone(),
        Failure::NotTls { http: true, .. } => "the server answered in plain HTTP, not TLS".into(),
        Failure::NotTls { first_bytes, .. } => format!("the server's answer is not TLS: {first_bytes}"),
        Failure::Closed => "the server closed the connection during the handshake".into(),
        Failure::Version { message } => format!("no common TLS version: {message}"),
        Failure::Alert { name, number } => format!("the server sent the alert {name} ({number})"),
    }
}

/// Maps a rustls error (with the first bytes received) to a failure.
fn tls_failure(e: &rustls::Error, first: &[u8]) -> Failure {
    use rustls::{Error, PeerIncompatible};
    match e {
        Error::AlertReceived(a) => {
            let number = u8::from(*a);
            let name = certchain_core::handshake::alert_name(number).map_or_else(|| format!("{a:?}"), str::to_string);
            Failure::Alert { name, number }
        }
        Error::PeerIncompatible(
            p @ (PeerIncompatible::ServerDoesNotSupportTls12Or13
            | PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig
            | PeerIncompatible::Tls12NotOffered
            | PeerIncompatible::Tls12NotOfferedOrEnabled),
        ) => Failure::Version { message: format!("the server chose a version the client does not speak ({p:?})") },
        Error::PeerIncompatible(
            p @ (PeerIncompatible::NoCipherSuitesInCommon
            | PeerIncompatible::NoKxGroupsInCommon
            | PeerIncompatible::NoSignatureSchemesInCommon
            | PeerIncompatible::NoCertificateRequestSignatureSchemesInCommon),
        ) => Failure::NoShared { message: format!("client and server share no algorithm for this ({p:?})") },
        // The recording verifier accepts every chain, so this comes from the handshake signature.
        Error::InvalidCertificate(c) => Failure::ServerSignature {
            message: format!(
                "the client (rustls with ring) could not verify the server's handshake signature with its certificate's \
                 key ({c:?}): ring verifies RSA keys of 2048 to 8192 bits, ECDSA P-256 and P-384, and Ed25519; the \
                 server's key is weaker or of another kind (see the server chain's findings), or its signature does \
                 not match its certificate"
            ),
        },
        Error::InvalidMessage(_)
            if !first.is_empty() && first.first() != Some(&0x15) && first.first() != Some(&0x16) =>
        {
            not_tls(first)
        }
        other => Failure::Tls { message: other.to_string() },
    }
}

fn not_tls(first: &[u8]) -> Failure {
    // An HTTP status line, or an HTML body alone (Python's http.server answers a request line it
    // cannot read in HTTP/0.9 style: no status line).
    let lower = first.to_ascii_lowercase();
    let http = first.starts_with(b"HTTP/") || lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html");
    let printable: String =
        first.iter().take(32).map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect();
    Failure::NotTls { http, first_bytes: printable }
}

fn io_failure(e: &io::Error, stage: &'static str, timeout: Duration, first: &[u8]) -> Failure {
    if let Some(tls) = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        return tls_failure(tls, first);
    }
    if is_timeout(e) {
        return Failure::Timeout { stage, seconds: timeout.as_secs_f64() };
    }
    match e.kind() {
        io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe => {
            if !first.is_empty() && !matches!(first.first(), Some(0x15..=0x17)) {
                not_tls(first)
            } else {
                Failure::Closed
            }
        }
        _ => Failure::Network { message: e.to_string() },
    }
}

/// Connects, handshakes, sends the GET and reads its answer. Every outcome is in the result.
pub fn probe(plan: &Plan, client_key: Option<Arc<CertifiedKey>>) -> Probed {
    let mut out = Probed::default();
    let connected = match &plan.proxy {
        Some(proxy) => connect_via_proxy(proxy, &plan.target, plan.timeout),
        None => connect(&plan.target, plan.timeout),
    };
    let (mut stream, address) = match connected {
        Ok(x) => x,
        Err(f) => {
            out.failure = Some(f);
            return out;
        }
    };
    out.address = Some(address.to_string());
    set_timeouts(&stream, plan.timeout);

    let seen = Arc::new(Mutex::new(Seen::default()));
    let provider = provider();
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map(|b| {
            b.dangerous()
                .with_custom_certificate_verifier(Arc::new(RecordingVerifier { provider, seen: seen.clone() }))
                .with_client_cert_resolver(Arc::new(RecordingResolver { key: client_key, seen: seen.clone() }))
        });
    let config = match config {
        Ok(c) => Arc::new(c),
        Err(e) => {
            out.failure = Some(Failure::Tls { message: e.to_string() });
            return out;
        }
    };
    // SNI: the --servername, else the host when it is a name (RFC 6066 §3: no IP literals).
    let name_text = plan.servername.clone().unwrap_or_else(|| plan.target.host.clone());
    let server_name = match ServerName::try_from(name_text.clone()) {
        Ok(n) => n,
        Err(_) => {
            out.failure = Some(Failure::Tls { message: format!("'{name_text}' is not a valid server name") });
            return out;
        }
    };
    if matches!(server_name, ServerName::DnsName(_)) {
        out.sni = Some(name_text.clone());
    }
    let mut conn = match ClientConnection::new(config, server_name) {
        Ok(c) => c,
        Err(e) => {
            out.failure = Some(Failure::Tls { message: e.to_string() });
            return out;
        }
    };
    let mut tap = Tap { inner: &mut stream, first: Vec::new() };
    let handshake = drive_handshake(&mut conn, &mut tap, plan.timeout);
    out.handshake_completed = handshake.is_ok() && !conn.is_handshaking();
    if let Err(f) = handshake {
        out.failure = Some(f);
    }
    record(&mut out, &conn, &seen);
    if out.failure.is_some() {
        return out;
    }

    // The GET: an application-data read is where a TLS 1.3 server's verdict on the client
    // certificate arrives (RFC 8446 §4.4.2.4: it checks the client's Certificate after the
    // client's Finished). Its answer is bounded: a non-HTTP service never answers.
    let window = plan.timeout.min(Duration::from_secs(5));
    set_timeouts(tap.inner, window);
    // Host: the server name (the virtual host, as SNI), with the port unless it is 443.
    let vhost = Target { host: name_text.clone(), port: plan.target.port };
    let host_header = if vhost.port == 443 { vhost.host.clone() } else { vhost.authority() };
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: certchain-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        plan.http_path
    );
    let _ = conn.writer().write_all(request.as_bytes());
    let mut body = Vec::new();
    let read = read_answer(&mut conn, &mut tap, &mut body);
    record(&mut out, &conn, &seen);
    match read {
        Ok(()) => {}
        Err(e) => {
            let f = io_failure(&e, "HTTP answer", window, &tap.first);
            match f {
                Failure::Alert { .. } | Failure::Version { .. } | Failure::Tls { .. } => {
                    out.failure = Some(f);
                    out.failure_after_handshake = true;
                }
                Failure::Timeout { .. } if body.is_empty() => {
                    out.http_note = Some(format!(
                        "no HTTP answer to GET {} within {} s (not an HTTPS server, or a slow one); the handshake itself completed",
                        plan.http_path,
                        window.as_secs_f64()
                    ));
                }
                Failure::Closed if body.is_empty() => {
                    out.http_note = Some(format!(
                        "the server closed the connection without answering GET {} and without a TLS alert",
                        plan.http_path
                    ));
                }
                _ => {}
            }
        }
    }
    if !body.is_empty() {
        out.http = parse_http(&plan.http_path, &body);
        if out.http.is_none() {
            out.http_note = Some(format!("the answer to GET {} is not HTTP", plan.http_path));
        }
    }
    out
}

fn record(out: &mut Probed, conn: &ClientConnection, seen: &Arc<Mutex<Seen>>) {
    if let Ok(seen) = seen.lock() {
        out.server_chain = seen.server_chain.clone();
        out.request = seen.request.clone();
        out.client_certs_sent = seen.client_certs_sent;
    }
    out.protocol = conn.protocol_version().map(|v| match v {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_string(),
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_string(),
        other => format!("{other:?}"),
    });
    out.cipher = conn.negotiated_cipher_suite().map(|s| {
        let name = s.suite().as_str().map_or_else(|| format!("{:?}", s.suite()), str::to_string);
        // rustls spells the TLS 1.3 suites TLS13_*; IANA (and OpenSSL) TLS_*.
        name.strip_prefix("TLS13_").map_or(name.clone(), |rest| format!("TLS_{rest}"))
    });
}

fn drive_handshake(conn: &mut ClientConnection, io: &mut Tap<'_>, timeout: Duration) -> Result<(), Failure> {
    while conn.is_handshaking() {
        while conn.wants_write() {
            conn.write_tls(io).map_err(|e| io_failure(&e, "TLS handshake", timeout, &io.first))?;
        }
        let _ = io.flush();
        if !conn.is_handshaking() {
            break;
        }
        match conn.read_tls(io) {
            Ok(0) => {
                return Err(if io.first.is_empty() || matches!(io.first.first(), Some(0x15 | 0x16)) {
                    Failure::Closed
                } else {
                    not_tls(&io.first)
                });
            }
            Ok(_) => {}
            Err(e) => return Err(io_failure(&e, "TLS handshake", timeout, &io.first)),
        }
        if let Err(e) = conn.process_new_packets() {
            // The alert rustls queued for the server, if any (last gasp; the error is ours).
            let _ = conn.write_tls(io);
            return Err(tls_failure(&e, &io.first));
        }
    }
    // The client's last flight (Certificate, CertificateVerify, Finished).
    while conn.wants_write() {
        conn.write_tls(io).map_err(|e| io_failure(&e, "TLS handshake", timeout, &io.first))?;
    }
    Ok(())
}

/// Reads the application data until the server closes, or the HTTP answer's head and a bounded
/// part of its body are in. TLS errors come back as io errors wrapping a rustls::Error.
fn read_answer(conn: &mut ClientConnection, io: &mut Tap<'_>, body: &mut Vec<u8>) -> io::Result<()> {
    const LIMIT: usize = 64 * 1024;
    loop {
        while conn.wants_write() {
            conn.write_tls(io)?;
        }
        let n = conn.read_tls(io)?;
        let state = conn.process_new_packets().map_err(|e| {
            let _ = conn.write_tls(io);
            io::Error::new(io::ErrorKind::InvalidData, e)
        })?;
        let available = state.plaintext_bytes_to_read();
        if available > 0 {
            let mut chunk = vec![0u8; available];
            let got = conn.reader().read(&mut chunk)?;
            body.extend_from_slice(&chunk[..got]);
        }
        if state.peer_has_closed() || n == 0 || body.len() >= LIMIT || http_complete(body) {
            return Ok(());
        }
    }
}

/// The head is in and the body is complete per Content-Length (or the head alone, if none).
fn http_complete(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    match head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok()) {
        Some(length) => bytes.len() >= end + 4 + length,
        None => false,
    }
}

fn parse_http(path: &str, bytes: &[u8]) -> Option<HttpAnswer> {
    let text = String::from_utf8_lossy(bytes);
    let status_line = text.lines().next()?;
    let mut parts = status_line.splitn(3, ' ');
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let status = parts.next()?.parse::<u16>().ok()?;
    let reason = parts.next().unwrap_or("").trim().to_string();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    Some(HttpAnswer { path: path.to_string(), status, reason, error_code: error_code(body) })
}

/// The first `errorCode` in a JSON body (Salesforce REST errors are `[{"message": ..,
/// "errorCode": ..}]`); chunked bodies are searched as text.
fn error_code(body: &str) -> Option<String> {
    let start = body.find(['[', '{'])?;
    let end = body.rfind([']', '}'])?;
    let find = |v: &serde_json::Value| -> Option<String> {
        let first = if let Some(list) = v.as_array() { list.first()? } else { v };
        first.get("errorCode")?.as_str().map(str::to_string)
    };
    serde_json::from_str::<serde_json::Value>(body.get(start..=end)?).ok().and_then(|v| find(&v))
}

/// `--proxy http://HOST[:PORT]` (default port 80, RFC 9110 §4.2.1). Only HTTP proxies speak
/// CONNECT in the clear; credentials in the URL are refused rather than sent unasked.
pub fn parse_proxy(value: &str) -> Result<Target, String> {
    let rest = value
        .strip_prefix("http://")
        .ok_or_else(|| format!("'{value}' is not an HTTP proxy URL: expected http://HOST:PORT"))?;
    let rest = rest.trim_end_matches('/');
    if rest.contains('@') {
        return Err("proxy credentials in the URL are not supported: use a proxy that allows you without them".into());
    }
    let with_port = if rest.starts_with('[') && !rest.contains("]:") || !rest.starts_with('[') && !rest.contains(':') {
        format!("{rest}:80")
    } else {
        rest.to_string()
    };
    Target::parse(&with_port)
}

/// `--servername`: a DNS name or an IP address (then no SNI is sent, RFC 6066 §3).
pub fn parse_servername(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('.');
    match rustls::pki_types::ServerName::try_from(value) {
        Ok(_) => Ok(value.to_string()),
        Err(_) => Err(format!("'{value}' is not a host name or IP address")),
    }
}

/// `--timeout`: seconds, fractions allowed, at most an hour.
pub fn parse_timeout(value: &str) -> Result<Duration, String> {
    match value.trim().trim_end_matches('s').parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!("'{value}' is not a timeout in seconds (e.g. 10 or 2.5; at most 3600)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = |s: &str| Target::parse(s).map(|t| (t.host, t.port));
        assert_eq!(t("example.com"), Ok(("example.com".into(), 443)));
        assert_eq!(t("example.com:8443"), Ok(("example.com".into(), 8443)));
        assert_eq!(t("https://example.com:8443/"), Ok(("example.com".into(), 8443)));
        assert_eq!(t("127.0.0.1:1"), Ok(("127.0.0.1".into(), 1)));
        assert_eq!(t("[::1]:8443"), Ok(("::1".into(), 8443)));
        assert_eq!(t("::1"), Ok(("::1".into(), 443)));
        assert!(t("example.com:0").is_err());
        assert!(t("example.com:https").is_err());
        assert!(t("").is_err());
        assert!(t("[::1").is_err());
        assert_eq!(Target { host: "::1".into(), port: 8443 }.authority(), "[::1]:8443");
    }

    #[test]
    fn http_answers() {
        let a = parse_http(
            "/services/data/",
            b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n[{\"message\":\"m\",\"errorCode\":\"MUTUAL_AUTHENTICATION_FAILED\"}]",
        );
        assert_eq!(a.as_ref().map(|a| a.status), Some(401));
        assert_eq!(a.and_then(|a| a.error_code).as_deref(), Some("MUTUAL_AUTHENTICATION_FAILED"));
        assert!(parse_http("/", b"SSH-2.0-OpenSSH").is_none());
        assert!(http_complete(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        assert!(!http_complete(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok"));
    }

    #[test]
    fn non_tls_answers_are_worded() {
        assert_eq!(
            not_tls(b"HTTP/1.1 400 Bad Request\r\n"),
            Failure::NotTls { http: true, first_bytes: "HTTP/1.1 400 Bad Request..".into() }
        );
        assert!(matches!(not_tls(b"SSH-2.0-x"), Failure::NotTls { http: false, .. }));
        assert!(matches!(not_tls(b"<!DOCTYPE HTML>\n<html"), Failure::NotTls { http: true, .. }));
    }
}
