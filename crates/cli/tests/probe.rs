//! `certchain probe` against real servers on 127.0.0.1 (nothing leaves the machine): `openssl
//! s_server` in each configuration of issue 15 (the PKI and commands of
//! scripts/make-s_client-fixtures.sh), an in-test plain-HTTP port, a closed port, a listener that
//! never answers, and an in-test HTTP CONNECT proxy.
//!
//! Needs the `openssl` CLI (scripts/test installs it on Debian when missing).

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").args(args).current_dir(dir).output().expect("run openssl (is it installed?)");
    assert!(output.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write test file");
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("read test file")
}

/// The test PKI (as in scripts/make-s_client-fixtures.sh), made once per run: root →
/// intermediate → server (localhost, 127.0.0.1) and client; an unrelated CA; an expired server
/// certificate; the client files a user would pass.
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("certchain-probe-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the PKI dir");
        let d = dir.as_path();
        let req = |name: &str, subject: &str| {
            openssl(d, &[
                "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", &format!("{name}.key"), "-subj", subject,
                "-out", &format!("{name}.csr"),
            ])
        };
        let sign = |name: &str, ca: Option<&str>, days: &str, ext: &str| {
            write(d, &format!("{name}.ext"), ext);
            let csr = format!("{name}.csr");
            let out = format!("{name}.pem");
            let extfile = format!("{name}.ext");
            let mut args = vec!["x509", "-req", "-in", &csr, "-days", days, "-out", &out, "-extfile", &extfile];
            let (ca_pem, ca_key);
            match ca {
                Some(ca) => {
                    ca_pem = format!("{ca}.pem");
                    ca_key = format!("{ca}.key");
                    args.extend(["-CA", &ca_pem, "-CAkey", &ca_key, "-CAcreateserial"]);
                }
                None => {
                    ca_key = format!("{name}.key");
                    args.extend(["-signkey", &ca_key]);
                }
            }
            openssl(d, &args);
        };
        req("root", "/CN=Probe Test Root");
        sign("root", None, "3650", "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n");
        req("inter", "/CN=Probe Test Intermediate");
        sign(
            "inter",
            Some("root"),
            "3650",
            "basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
        );
        req("server", "/CN=localhost");
        sign(
            "server",
            Some("inter"),
            "365",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n",
        );
        req("client", "/CN=Probe Client");
        sign(
            "client",
            Some("inter"),
            "365",
            "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n",
        );
        req("other", "/CN=Other Client CA");
        sign("other", None, "3650", "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n");
        // An expired server certificate: `openssl ca` can back-date, `x509` cannot (OpenSSL 3.0).
        std::fs::create_dir_all(d.join("ca/new")).expect("ca dir");
        write(d, "ca/index.txt", "");
        write(d, "ca/serial", "1000\n");
        write(
            d,
            "ca.cnf",
            "[ca]\ndefault_ca = d\n[d]\ndir = ca\ndatabase = ca/index.txt\nnew_certs_dir = ca/new\nserial = ca/serial\n\
             default_md = sha256\npolicy = p\ncopy_extensions = none\n[p]\ncommonName = supplied\n[ext]\n\
             subjectAltName = DNS:localhost,IP:127.0.0.1\nextendedKeyUsage = serverAuth\n",
        );
        req("expired", "/CN=localhost");
        openssl(d, &[
            "ca", "-batch", "-config", "ca.cnf", "-cert", "inter.pem", "-keyfile", "inter.key", "-in", "expired.csr",
            "-out", "expired.pem", "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-extensions", "ext",
            "-notext",
        ]);
        let (key, client, inter) = (read(d, "client.key"), read(d, "client.pem"), read(d, "inter.pem"));
        write(d, "fullcert.pem", &format!("{key}{client}{inter}"));
        write(d, "leaf-only.pem", &format!("{key}{client}"));
        write(d, "wrong-key.pem", &format!("{}{client}{inter}", read(d, "other.key")));
        // A 1024-bit RSA server key: rustls with ring verifies no handshake signature made with it.
        openssl(d, &[
            "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", "weak.key", "-out", "weak.pem", "-subj",
            "/CN=localhost", "-days", "30", "-addext", "subjectAltName=DNS:localhost",
        ]);
        openssl(d, &[
            "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-certfile", "inter.pem", "-out",
            "client.p12", "-passout", "pass:changeit",
        ]);
        dir
    })
}

/// An `openssl s_server` on a free loopback port, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Starts s_server (`-www`: it answers the probe's GET) and waits until it accepts.
fn s_server(args: &str) -> Server {
    let port = free_port();
    let accept = format!("127.0.0.1:{port}");
    let mut command = Command::new("openssl");
    command.current_dir(pki()).args(["s_server", "-accept", &accept, "-www", "-quiet"]).args(args.split_whitespace());
    let child =
        command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("openssl s_server");
    let mut server = Server { child, port };
    let start = Instant::now();
    while TcpStream::connect(&accept).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("openssl s_server {args} exited: {status}");
        }
        assert!(start.elapsed() < Duration::from_secs(10), "s_server did not start listening on {accept}");
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

const MTLS: &str =
    "-cert server.pem -cert_chain inter.pem -key server.key -Verify 2 -verify_return_error -CAfile root.pem";

fn probe(port: u16, extra: &[&str]) -> Output {
    let target = format!("127.0.0.1:{port}");
    let mut args =
        vec!["probe", &target, "--servername", "localhost", "--trust", "root.pem", "--json", "--timeout", "5"];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_certchain")).current_dir(pki()).args(&args).output().expect("run certchain")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON object ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The facts of the report's one handshake.
fn handshake(report: &Value) -> &Value {
    let all = report["handshakes"].as_array().expect("handshakes array");
    assert_eq!(all.len(), 1, "{all:?}");
    &all[0]["facts"]
}

/// Every finding: the files', the handshake's and the server chain's.
fn all_findings(report: &Value) -> Vec<&Value> {
    let mut all: Vec<&Value> = report["findings"].as_array().expect("findings").iter().collect();
    for h in report["handshakes"].as_array().expect("handshakes") {
        all.extend(h["findings"].as_array().expect("handshake findings"));
        if let Some(server) = h["server"]["findings"].as_array() {
            all.extend(server);
        }
    }
    all
}

fn codes(report: &Value) -> Vec<String> {
    all_findings(report).iter().map(|f| f["code"].as_str().unwrap_or("").to_string()).collect()
}

fn finding<'a>(report: &'a Value, code: &str) -> &'a Value {
    all_findings(report)
        .into_iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} finding in {:?}", codes(report)))
}

fn outcome(h: &Value) -> (&str, &Value) {
    let o = &h["outcome"]["value"];
    (o["kind"].as_str().unwrap_or(""), o)
}

fn chain_subjects(h: &Value) -> Vec<&str> {
    h["server_chain"].as_array().expect("server_chain").iter().map(|c| c["subject"].as_str().unwrap_or("")).collect()
}

#[test]
fn mutual_tls_with_the_right_chain_completes() {
    let server = s_server(MTLS);
    let out = probe(server.port, &["fullcert.pem"]);
    let report = json(&out);
    let h = handshake(&report);
    assert_eq!(outcome(h).0, "completed", "{h:#}");
    assert_eq!(h["protocol"]["value"], "TLSv1.3");
    assert_eq!(h["cipher"]["value"], "TLS_AES_256_GCM_SHA384");
    assert_eq!(h["sni"], "localhost");
    assert_eq!(h["host"]["value"], "127.0.0.1");
    assert_eq!(h["port"], server.port);
    assert_eq!(chain_subjects(h), ["CN=localhost", "CN=Probe Test Intermediate"]);
    let request = &h["client_cert_request"]["value"];
    assert_eq!(request["ca_names"], serde_json::json!(["CN=Probe Test Root"]));
    assert!(request["signature_schemes"].as_array().is_some_and(|s| s.iter().any(|s| s == "rsa_pss_rsae_sha256")));
    assert_eq!(h["client_chain_sent"], 2, "leaf and intermediate sent");
    assert_eq!(h["http"]["value"]["status"], 200, "s_server -www answered the GET");
    let server = &report["handshakes"][0]["server"];
    assert_eq!(server["host"], "localhost");
    assert_eq!(server["chain"].as_array().map(Vec::len), Some(2));
    assert_eq!(server["root"]["subject"], "CN=Probe Test Root");
    assert_eq!(report["handshakes"][0]["client_ca_match"]["kind"], "matched");
    finding(&report, "handshake_completed");
    // Valid against --trust root.pem, but a private root: whether Salesforce trusts the server
    // cannot be confirmed (as `analyze` says for such a chain): exit 3, no error finding.
    assert_eq!(server["verdict"], "cannot_confirm");
    finding(&report, "not_in_salesforce_store");
    assert_eq!(out.status.code(), Some(3), "{:?}", codes(&report));
}

#[test]
fn mutual_tls_with_a_pkcs12_keystore() {
    let server = s_server(MTLS);
    let report = json(&probe(server.port, &["--password", "changeit", "client.p12"]));
    let h = handshake(&report);
    assert_eq!(outcome(h).0, "completed", "{h:#}");
    assert_eq!(h["client_chain_sent"], 2, "the keystore's certificate and intermediate");
}

#[test]
fn client_leaf_without_intermediate_gets_the_alert_and_send_the_intermediate() {
    let server = s_server(MTLS);
    let out = probe(server.port, &["leaf-only.pem"]);
    let report = json(&out);
    let h = handshake(&report);
    assert_eq!(h["client_chain_sent"], 1);
    let (kind, o) = outcome(h);
    assert_eq!(kind, "alert_received", "{h:#}");
    // OpenSSL's TLS 1.3 server: unknown_ca, after the client's Finished (read with the GET).
    assert_eq!(o["name"], "unknown_ca");
    let alert = serde_json::to_string(finding(&report, "handshake_alert")).unwrap_or_default();
    assert!(alert.contains("intermediate"), "{alert}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn tls_1_2_client_leaf_without_intermediate_is_rejected_during_the_handshake() {
    let server = s_server(&format!("{MTLS} -tls1_2"));
    let out = probe(server.port, &["leaf-only.pem"]);
    let report = json(&out);
    let h = handshake(&report);
    let (kind, o) = outcome(h);
    assert_eq!(kind, "alert_received", "{h:#}");
    // During the handshake (TLS 1.2: the server's Finished never comes), as OpenSSL 3.0 words it.
    assert_eq!(o["name"], "unknown_ca", "{o}");
    assert_eq!(h["client_chain_sent"], 1);
    finding(&report, "handshake_alert");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_key_that_is_not_the_certificates_is_named_on_the_client_side() {
    let server = s_server(MTLS);
    let out = probe(server.port, &["wrong-key.pem"]);
    let report = json(&out);
    let h = handshake(&report);
    let (kind, o) = outcome(h);
    assert_eq!(kind, "client_failed", "{h:#}");
    assert_eq!(o["failure"], "key_mismatch");
    assert!(o["reason"].as_str().is_some_and(|r| r.contains("certificate_required")), "{o}");
    // The server's facts are still there: the probe went on without the certificate.
    assert_eq!(h["client_chain_sent"], 0);
    assert_eq!(chain_subjects(h).len(), 2);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn ca_names_that_exclude_the_clients_issuer() {
    // OpenSSL 3.0's s_server has no -client_CAfile: -CAfile sets the CA names it sends.
    let server = s_server("-cert server.pem -cert_chain inter.pem -key server.key -verify 2 -CAfile other.pem");
    let report = json(&probe(server.port, &["fullcert.pem"]));
    let h = handshake(&report);
    assert_eq!(h["client_cert_request"]["value"]["ca_names"], serde_json::json!(["CN=Other Client CA"]));
    finding(&report, "client_ca_not_listed");
}

#[test]
fn a_server_that_sends_its_leaf_without_the_intermediate() {
    let server = s_server("-cert server.pem -key server.key");
    let out = probe(server.port, &[]);
    let report = json(&out);
    let h = handshake(&report);
    assert_eq!(chain_subjects(h), ["CN=localhost"]);
    assert_eq!(outcome(h).0, "completed");
    assert!(h.get("client_cert_request").is_none(), "{h:#}");
    finding(&report, "missing_issuer");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_expired_server_certificate() {
    let server = s_server("-cert expired.pem -cert_chain inter.pem -key expired.key");
    let out = probe(server.port, &[]);
    let report = json(&out);
    assert_eq!(outcome(handshake(&report)).0, "completed");
    finding(&report, "expired");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_server_key_the_client_cannot_verify_is_named_and_still_analysed() {
    let server = s_server("-cert weak.pem -key weak.key -cipher DEFAULT@SECLEVEL=0");
    let out = probe(server.port, &[]);
    let report = json(&out);
    let h = handshake(&report);
    let (kind, o) = outcome(h);
    assert_eq!((kind, o["failure"].as_str()), ("client_failed", Some("server_certificate_rejected")), "{o}");
    assert!(o["reason"].as_str().is_some_and(|r| r.contains("2048 to 8192")), "{o}");
    assert_eq!(chain_subjects(h), ["CN=localhost"], "recorded before the signature check");
    finding(&report, "weak_key");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn tls_1_2_only() {
    let server = s_server("-cert server.pem -cert_chain inter.pem -key server.key -tls1_2 -verify 2 -CAfile root.pem");
    let report = json(&probe(server.port, &["fullcert.pem"]));
    let h = handshake(&report);
    assert_eq!(h["protocol"]["value"], "TLSv1.2");
    assert_eq!(h["cipher"]["value"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assert_eq!(outcome(h).0, "completed");
    assert_eq!(h["client_chain_sent"], 2);
}

#[test]
fn tls_1_3_only_without_a_certificate_request() {
    let server = s_server("-cert server.pem -cert_chain inter.pem -key server.key -tls1_3");
    let out = probe(server.port, &["fullcert.pem"]);
    let report = json(&out);
    let h = handshake(&report);
    assert_eq!(h["protocol"]["value"], "TLSv1.3");
    assert!(h.get("client_cert_request").is_none());
    assert_eq!(outcome(h).0, "completed");
    finding(&report, "no_client_cert_requested");
}

#[test]
fn a_tls_1_1_only_server_shares_no_version() {
    // rustls speaks TLS 1.2 and 1.3; OpenSSL 3 allows TLS 1.1 only at security level 0.
    let server = s_server("-cert server.pem -key server.key -tls1_1 -cipher DEFAULT@SECLEVEL=0");
    let out = probe(server.port, &[]);
    let report = json(&out);
    let (kind, o) = outcome(handshake(&report));
    assert_eq!((kind, o["name"].as_str()), ("alert_received", Some("protocol_version")), "{o}");
    finding(&report, "tls_version_mismatch");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_plain_http_port() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    let out = probe(port, &[]);
    let report = json(&out);
    let (kind, o) = outcome(handshake(&report));
    assert_eq!(kind, "not_tls");
    assert!(o["reason"].as_str().is_some_and(|r| r.contains("plain HTTP")), "{o}");
    finding(&report, "not_tls");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_closed_port() {
    let port = free_port();
    let out = probe(port, &[]);
    let report = json(&out);
    let (kind, o) = outcome(handshake(&report));
    assert_eq!((kind, o["error"].as_str()), ("connect_failed", Some("refused")));
    finding(&report, "connect_failed");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_server_that_never_answers_times_out() {
    // The kernel completes the TCP handshake (backlog); nobody ever reads or writes.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let start = Instant::now();
    let target = format!("127.0.0.1:{port}");
    let out = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .args(["probe", &target, "--json", "--timeout", "0.5"])
        .output()
        .expect("run certchain");
    let elapsed = start.elapsed();
    drop(listener);
    assert!(elapsed < Duration::from_secs(5), "--timeout 0.5 took {elapsed:?}");
    let report = json(&out);
    let h = handshake(&report);
    let (kind, o) = outcome(h);
    assert_eq!((kind, o["error"].as_str()), ("connect_failed", Some("timeout")), "{h:#}");
    assert!(o["reason"].as_str().is_some_and(|r| r.contains("accepted the TCP connection")), "{o}");
    finding(&report, "connect_failed");
    assert_eq!(out.status.code(), Some(1));
}

/// A one-connection HTTP CONNECT proxy: reads the request head, connects, answers 200 and relays.
fn connect_proxy(refuse: bool) -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let Ok((client, _)) = listener.accept() else { return String::new() };
        let mut reader = BufReader::new(client.try_clone().expect("clone"));
        let mut request = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            request.push_str(&line);
        }
        let mut client = client;
        let target = request.split_whitespace().nth(1).unwrap_or("").to_string();
        if refuse {
            let _ = client.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
            return request;
        }
        let Ok(upstream) = TcpStream::connect(&target) else { return request };
        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        let (mut up_read, mut up_write) = (upstream.try_clone().expect("clone"), upstream);
        let mut client_write = client.try_clone().expect("clone");
        let relay = std::thread::spawn(move || {
            let _ = std::io::copy(&mut up_read, &mut client_write);
        });
        let _ = std::io::copy(&mut reader, &mut up_write);
        let _ = up_write.shutdown(std::net::Shutdown::Write);
        let _ = relay.join();
        request
    });
    (port, handle)
}

#[test]
fn through_an_http_connect_proxy() {
    let server = s_server(MTLS);
    let (proxy_port, proxy) = connect_proxy(false);
    let proxy_url = format!("http://127.0.0.1:{proxy_port}");
    let report = json(&probe(server.port, &["--proxy", &proxy_url, "fullcert.pem"]));
    assert_eq!(outcome(handshake(&report)).0, "completed");
    let request = proxy.join().expect("proxy thread");
    assert!(request.starts_with(&format!("CONNECT 127.0.0.1:{} HTTP/1.1\r\n", server.port)), "{request}");
}

#[test]
fn a_proxy_that_refuses_connect() {
    let (proxy_port, proxy) = connect_proxy(true);
    let proxy_url = format!("http://127.0.0.1:{proxy_port}");
    let report = json(&probe(free_port(), &["--proxy", &proxy_url]));
    let (kind, o) = outcome(handshake(&report));
    assert_eq!(kind, "connect_failed");
    assert!(o["reason"].as_str().is_some_and(|r| r.contains("407")), "{o}");
    let _ = proxy.join();
}

#[test]
fn text_output_shows_the_handshake() {
    let server = s_server(MTLS);
    let target = format!("127.0.0.1:{}", server.port);
    let out = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .current_dir(pki())
        .args(["probe", &target, "--servername", "localhost", "--trust", "root.pem", "leaf-only.pem"])
        .output()
        .expect("run certchain");
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "SNI sent",
        "localhost",
        "TLSv1.3",
        "Server's chain as sent",
        "CN=Probe Test Intermediate",
        "Acceptable CA names",
        "CN=Probe Test Root",
        "unknown_ca",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert_eq!(out.status.code(), Some(1));
}

/// A TLS server (rustls, in-process) that answers every request as Salesforce's API answers a
/// connection it does not take as mutually authenticated: HTTP 401 with a JSON error body. The
/// body's message is a placeholder; only the errorCode matters to the probe.
fn salesforce_like_server() -> (u16, std::thread::JoinHandle<String>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = ["server.pem", "inter.pem"]
        .iter()
        .map(|f| CertificateDer::from_pem_file(pki().join(f)).expect("certificate PEM"))
        .collect();
    let key = PrivateKeyDer::from_pem_file(pki().join("server.key")).expect("key PEM");
    #[allow(deprecated)] // ring: see crates/cli/src/net.rs
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let Ok((socket, _)) = listener.accept() else { return String::new() };
        let Ok(conn) = rustls::ServerConnection::new(std::sync::Arc::new(config)) else { return String::new() };
        let mut tls = rustls::StreamOwned::new(conn, socket);
        let mut request = Vec::new();
        let mut byte = [0u8; 1];
        while !request.ends_with(b"\r\n\r\n") && tls.read(&mut byte).unwrap_or(0) == 1 {
            request.push(byte[0]);
        }
        let body = r#"[{"message":"(test placeholder)","errorCode":"MUTUAL_AUTHENTICATION_FAILED"}]"#;
        let answer = format!(
            "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = tls.write_all(answer.as_bytes());
        tls.conn.send_close_notify();
        let _ = tls.flush();
        String::from_utf8_lossy(&request).into_owned()
    });
    (port, handle)
}

#[test]
fn a_salesforce_host_gets_the_api_call_and_its_error_code() {
    let (port, server) = salesforce_like_server();
    let target = format!("127.0.0.1:{port}");
    let out = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .current_dir(pki())
        .args(["probe", &target, "--servername", "acme.my.salesforce.com", "--trust", "root.pem", "--json"])
        .args(["--timeout", "5", "fullcert.pem"])
        .output()
        .expect("run certchain");
    let report = json(&out);
    let h = handshake(&report);
    assert_eq!(h["sni"], "acme.my.salesforce.com");
    let http = &h["http"]["value"];
    assert_eq!((http["path"].as_str(), http["status"].as_u64()), (Some("/services/data/"), Some(401)), "{h:#}");
    assert_eq!(http["error_code"], "MUTUAL_AUTHENTICATION_FAILED");
    finding(&report, "mutual_auth_failed");
    assert_eq!(report["flow"], "inbound", "a Salesforce host is inbound mutual TLS");
    let request = server.join().expect("server thread");
    assert!(request.starts_with("GET /services/data/ HTTP/1.1\r\n"), "{request}");
    assert!(request.contains(&format!("\r\nHost: acme.my.salesforce.com:{port}\r\n")), "{request}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn analyze_renders_a_pasted_s_client_output_the_same_way() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/s_client");
    let out = Command::new(env!("CARGO_BIN_EXE_certchain"))
        .current_dir(&fixtures)
        .args(["analyze", "--trust", "root.pem", "mtls-no-intermediate.txt", "client-chain.pem"])
        .output()
        .expect("run certchain");
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in ["Handshake (mtls-no-intermediate.txt)", "alert unknown_ca (48)", "[handshake_alert]", "Your files"]
    {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert_eq!(out.status.code(), Some(1), "the handshake's error finding counts");
}

#[test]
fn usage_errors() {
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_certchain")).args(args).output().expect("run");
    for args in [
        &["probe"][..],
        &["probe", "host:notaport"],
        &["probe", "host", "--timeout", "0"],
        &["probe", "host", "--proxy", "socks5://p:1080"],
        &["probe", "host", "--servername", "not a name"],
        &["probe", "127.0.0.1:1", "missing-file.pem"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
