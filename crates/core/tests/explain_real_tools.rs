//! The explainer against messages produced right here by the real tools: `openssl verify`, and
//! curl, Python, Node.js and Java clients failing against a local `openssl s_server` that sends
//! its certificate without the intermediate. Each tool that is not installed is skipped (and
//! said so); nothing leaves the machine (127.0.0.1 only).

use certchain_core::explain::explain;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn codes(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes").join(name)
}

fn have(tool: &str, version_arg: &str) -> bool {
    let ok = Command::new(tool).arg(version_arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if !ok {
        eprintln!("skipping {tool}: not installed");
    }
    ok
}

/// stdout + stderr of a command (the error may be on either).
fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("run {cmd:?}: {e}"));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The ids explained for `message`, and the OpenSSL numbers among them.
fn explained(message: &str) -> (Vec<String>, Vec<u32>) {
    let got = explain(message, None);
    eprintln!("--- {}\n    => {:?}", message.trim(), got.iter().map(|e| e.id.as_str()).collect::<Vec<_>>());
    (got.iter().map(|e| e.id.clone()).collect(), got.iter().filter_map(|e| e.openssl.map(|o| o.code)).collect())
}

#[test]
fn openssl_verify_messages() {
    if !have("openssl", "version") {
        return;
    }
    let p = |dir: &str, file: &str| codes(dir).join(file).display().to_string();
    let cases: [(Vec<String>, u32); 4] = [
        (vec!["-CAfile".into(), p("missing_issuer", "root.pem"), p("missing_issuer", "leaf.pem")], 20),
        (vec!["-CAfile".into(), p("self_signed_leaf", "root.pem"), p("self_signed_leaf", "client.pem")], 18),
        (
            vec![
                "-CAfile".into(),
                p("expired", "root.pem"),
                "-untrusted".into(),
                p("expired", "chain.pem"),
                p("expired", "chain.pem"),
            ],
            10,
        ),
        (
            vec![
                "-purpose".into(),
                "sslclient".into(),
                "-CAfile".into(),
                p("eku_missing_client_auth", "root.pem"),
                "-untrusted".into(),
                p("eku_missing_client_auth", "chain.pem"),
                p("eku_missing_client_auth", "chain.pem"),
            ],
            26,
        ),
    ];
    for (args, number) in cases {
        let message = run(Command::new("openssl").arg("verify").args(&args));
        let (ids, numbers) = explained(&message);
        assert_eq!(ids.first().map(String::as_str), Some(format!("openssl_{number}").as_str()), "{message}\n{ids:?}");
        assert_eq!(numbers.first(), Some(&number), "{message}");
    }
}

/// A local TLS server sending its certificate without the intermediate; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_server() -> Option<Server> {
    if !have("openssl", "version") {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("certchain-explain-tools-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // The valid_chain leaf alone (chain.pem holds leaf then intermediate).
    let chain = std::fs::read_to_string(codes("valid_chain").join("chain.pem")).expect("chain.pem");
    let end = chain.find("-----END CERTIFICATE-----").expect("a certificate") + "-----END CERTIFICATE-----\n".len();
    std::fs::write(dir.join("leaf.pem"), &chain[..end]).expect("write leaf.pem");
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let child = Command::new("openssl")
        .args(["s_server", "-quiet", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(dir.join("leaf.pem"))
        .arg("-key")
        .arg(codes("valid_chain").join("leaf.key"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_server");
    let server = Server { child, port, dir };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            eprintln!("skipping: openssl s_server did not start on port {port}");
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}

#[test]
fn clients_failing_on_a_missing_intermediate() {
    let Some(server) = start_server() else { return };
    let port = server.port.to_string();
    let root = codes("valid_chain").join("root.pem").display().to_string();
    let host = "client.example.test";
    let mut tried = 0;

    if have("curl", "--version") {
        tried += 1;
        let message = run(Command::new("curl").args([
            "-sS",
            "--cacert",
            &root,
            "--resolve",
            &format!("{host}:{port}:127.0.0.1"),
            &format!("https://{host}:{port}/"),
        ]));
        let (ids, numbers) = explained(&message);
        assert_eq!(ids.first().map(String::as_str), Some("curl_60"), "{message}\n{ids:?}");
        assert!(numbers.iter().any(|n| [20, 21].contains(n)), "{message}\n{ids:?}");

        // A key that does not belong to the certificate.
        let other_key = codes("key_mismatch").join("other.key").display().to_string();
        let leaf = server.dir.join("leaf.pem").display().to_string();
        let message = run(Command::new("curl").args([
            "-sSk",
            "-E",
            &leaf,
            "--key",
            &other_key,
            "--resolve",
            &format!("{host}:{port}:127.0.0.1"),
            &format!("https://{host}:{port}/"),
        ]));
        let (ids, _) = explained(&message);
        assert_eq!(ids.first().map(String::as_str), Some("curl_58"), "{message}\n{ids:?}");
    }

    if have("python3", "--version") {
        tried += 1;
        let script = format!(
            "import socket, ssl\nctx = ssl.create_default_context(cafile={root:?})\nsock = socket.create_connection(('127.0.0.1', {port}))\ntry:\n    ctx.wrap_socket(sock, server_hostname={host:?})\nexcept Exception as e:\n    print(repr(e))\n"
        );
        let message = run(Command::new("python3").arg("-c").arg(script));
        let (ids, numbers) = explained(&message);
        assert_eq!(ids.first().map(String::as_str), Some("python_certificate_verify_failed"), "{message}\n{ids:?}");
        assert!(numbers.iter().any(|n| [20, 21].contains(n)), "{message}\n{ids:?}");
    }

    if have("node", "--version") {
        tried += 1;
        let script = format!(
            "const tls = require('tls'), fs = require('fs');\
             const s = tls.connect({{host: '127.0.0.1', port: {port}, servername: '{host}', ca: fs.readFileSync({root:?})}});\
             s.on('error', e => {{ console.log(String(e), e.code); process.exit(0); }});\
             s.on('secureConnect', () => {{ console.log('connected'); process.exit(0); }});"
        );
        let message = run(Command::new("node").arg("-e").arg(script));
        let (ids, numbers) = explained(&message);
        assert!(ids.first().is_some_and(|id| id.starts_with("node_")), "{message}\n{ids:?}");
        assert!(numbers.iter().any(|n| [20, 21].contains(n)), "{message}\n{ids:?}");
    }

    if have("java", "-version") {
        tried += 1;
        let source = server.dir.join("Client.java");
        std::fs::write(
            &source,
            format!(
                "import java.io.*; import java.security.*; import java.security.cert.*; import javax.net.ssl.*;\n\
                 public class Client {{ public static void main(String[] a) throws Exception {{\n\
                   KeyStore ks = KeyStore.getInstance(\"PKCS12\"); ks.load(null, null);\n\
                   try (InputStream in = new FileInputStream({root:?})) {{\n\
                     ks.setCertificateEntry(\"root\", CertificateFactory.getInstance(\"X.509\").generateCertificate(in)); }}\n\
                   TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()); tmf.init(ks);\n\
                   SSLContext ctx = SSLContext.getInstance(\"TLS\"); ctx.init(null, tmf.getTrustManagers(), null);\n\
                   try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(\"127.0.0.1\", {port})) {{ s.startHandshake(); System.out.println(\"connected\"); }}\n\
                   catch (Exception e) {{ System.out.println(e); }}\n\
                 }} }}\n"
            ),
        )
        .expect("write Client.java");
        let message = run(Command::new("java").arg(&source));
        let (ids, _) = explained(&message);
        assert_eq!(ids.first().map(String::as_str), Some("java_pkix"), "{message}\n{ids:?}");
    }
    eprintln!("{tried} client tool(s) checked against the explainer");
    drop(server);
}
