//! The findings catalogue claims, for each code, the OpenSSL error `openssl verify` reports for the
//! same problem. This test makes each problem with the `openssl` CLI, runs `openssl verify`, and
//! checks that the error number and the 3.x wording it prints are exactly the catalogue's.
//! (It checks the catalogue, not certchain's engine: `tests/fixtures/codes/` does that.)

use certchain_core::Code;
use certchain_core::findings::OpensslError;
use certchain_core::findings::catalogue::{self, openssl as known};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn run_openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl").args(args).current_dir(dir).output().expect("run openssl (is it installed?)");
    assert!(output.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// `(number, text)` of every `error N at D depth lookup: text` line `openssl verify` prints.
fn verify_errors(dir: &Path, args: &[&str]) -> Vec<(u32, String)> {
    let mut full = vec!["verify"];
    full.extend_from_slice(args);
    let output = Command::new("openssl").args(&full).current_dir(dir).output().expect("run openssl verify");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("error ")?;
            let (number, rest) = rest.split_once(" at ")?;
            let (_, message) = rest.split_once(" depth lookup: ")?;
            Some((number.parse().ok()?, message.trim().to_string()))
        })
        .collect()
}

fn assert_reports(dir: &Path, args: &[&str], expected: OpensslError) {
    let errors = verify_errors(dir, args);
    assert!(
        errors.iter().any(|(n, text)| *n == expected.code && text == expected.text),
        "openssl verify {args:?} printed {errors:?}; the catalogue says error {} \"{}\"",
        expected.code,
        expected.text
    );
}

fn catalogue_error(code: Code) -> OpensslError {
    catalogue::entry(code).openssl.unwrap_or_else(|| panic!("{code} has no OpenSSL equivalent in the catalogue"))
}

const EXTENSIONS: &str = "\
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[ca_pathlen0]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
[ca_no_certsign]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
[ca_constrained]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;DNS:.allowed.example
[not_ca]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:server.example.com
[client_no_digital_signature]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
extendedKeyUsage = clientAuth
[server_elsewhere]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:outside.example.com
[server_critical_unknown]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:server.example.com
1.3.6.1.4.1.55555.1 = critical, ASN1:NULL
";

/// A small PKI made once for all tests: root → int → leaf, and variants.
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("certchain-openssl-wording-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        std::fs::write(dir.join("ext.cnf"), EXTENSIONS).expect("write ext.cnf");
        let d = dir.as_path();
        let self_signed = |name: &str, bits: &str| {
            run_openssl(
                d,
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    bits,
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.pem"),
                    "-days",
                    "30",
                    "-subj",
                    &format!("/CN={name}"),
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
            );
        };
        // issue(name, issuer, section, key spec, digest)
        let issue = |name: &str, issuer: &str, section: &str, bits: &str, digest: &str| {
            run_openssl(
                d,
                &[
                    "req",
                    "-new",
                    "-newkey",
                    bits,
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.csr"),
                    "-subj",
                    &format!("/CN={name}"),
                ],
            );
            run_openssl(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    &format!("{issuer}.pem"),
                    "-CAkey",
                    &format!("{issuer}.key"),
                    "-set_serial",
                    "1",
                    "-days",
                    "30",
                    digest,
                    "-extfile",
                    "ext.cnf",
                    "-extensions",
                    section,
                    "-out",
                    &format!("{name}.pem"),
                ],
            );
        };
        self_signed("root", "rsa:2048");
        self_signed("other_root", "rsa:2048");
        issue("int", "root", "ca", "rsa:2048", "-sha256");
        issue("leaf", "int", "server", "rsa:2048", "-sha256");
        issue("notca_int", "root", "not_ca", "rsa:2048", "-sha256");
        issue("leaf_of_notca", "notca_int", "server", "rsa:2048", "-sha256");
        issue("nosign_int", "root", "ca_no_certsign", "rsa:2048", "-sha256");
        issue("leaf_of_nosign", "nosign_int", "server", "rsa:2048", "-sha256");
        issue("int0", "root", "ca_pathlen0", "rsa:2048", "-sha256");
        issue("int0_sub", "int0", "ca", "rsa:2048", "-sha256");
        issue("leaf_deep", "int0_sub", "server", "rsa:2048", "-sha256");
        issue("leaf_no_digsig", "int", "client_no_digital_signature", "rsa:2048", "-sha256");
        issue("nc_int", "root", "ca_constrained", "rsa:2048", "-sha256");
        issue("leaf_outside", "nc_int", "server_elsewhere", "rsa:2048", "-sha256");
        issue("leaf_critical", "int", "server_critical_unknown", "rsa:2048", "-sha256");
        issue("leaf_weak_key", "int", "server", "rsa:1024", "-sha256");
        issue("leaf_sha1", "int", "server", "rsa:2048", "-sha1");
        dir
    })
}

#[test]
fn missing_issuer_is_20_or_2() {
    let d = pki();
    assert_reports(d, &["-CAfile", "root.pem", "leaf.pem"], catalogue_error(Code::MissingIssuer));
    // The chain stops at a non-self-signed certificate taken from the trust store: error 2.
    assert_reports(d, &["-CAfile", "int.pem", "leaf.pem"], known::UNABLE_TO_GET_ISSUER_CERT);
}

#[test]
fn self_signed_leaf_is_18_and_untrusted_root_in_chain_is_19() {
    let d = pki();
    assert_reports(d, &["-CAfile", "other_root.pem", "root.pem"], catalogue_error(Code::SelfSignedLeaf));
    assert_reports(
        d,
        &["-CAfile", "other_root.pem", "-untrusted", "int.pem", "-untrusted", "root.pem", "leaf.pem"],
        catalogue_error(Code::UntrustedRoot),
    );
}

#[test]
fn validity_errors_are_10_and_9() {
    let d = pki();
    let chain = ["-CAfile", "root.pem", "-untrusted", "int.pem"];
    let far_future = ["-attime", "4102444800"]; // 2100-01-01
    let long_ago = ["-attime", "946684800"]; // 2000-01-01
    assert_reports(d, &[&chain[..], &far_future, &["leaf.pem"]].concat(), catalogue_error(Code::Expired));
    assert_reports(d, &[&chain[..], &long_ago, &["leaf.pem"]].concat(), catalogue_error(Code::NotYetValid));
}

#[test]
fn ca_constraint_errors_are_79_25_32() {
    let d = pki();
    assert_reports(
        d,
        &["-CAfile", "root.pem", "-untrusted", "notca_int.pem", "leaf_of_notca.pem"],
        catalogue_error(Code::NotACa),
    );
    assert_reports(
        d,
        &["-CAfile", "root.pem", "-untrusted", "int0.pem", "-untrusted", "int0_sub.pem", "leaf_deep.pem"],
        catalogue_error(Code::PathLenExceeded),
    );
    assert_reports(
        d,
        &["-CAfile", "root.pem", "-untrusted", "nosign_int.pem", "leaf_of_nosign.pem"],
        catalogue_error(Code::KeyUsage),
    );
    // A client certificate without digitalSignature is refused for the purpose: the catalogue lists
    // error 26 among key_usage's related OpenSSL errors.
    let related = catalogue::entry(Code::KeyUsage).related_openssl;
    assert!(related.contains(&known::INVALID_PURPOSE), "{related:?}");
    assert_reports(
        d,
        &["-CAfile", "root.pem", "-untrusted", "int.pem", "-purpose", "sslclient", "leaf_no_digsig.pem"],
        known::INVALID_PURPOSE,
    );
}

#[test]
fn purpose_and_names_are_26_62_64_47() {
    let d = pki();
    let chain = ["-CAfile", "root.pem", "-untrusted", "int.pem"];
    assert_reports(
        d,
        &[&chain[..], &["-purpose", "sslclient", "leaf.pem"]].concat(),
        catalogue_error(Code::EkuMissingClientAuth),
    );
    assert_reports(
        d,
        &[&chain[..], &["-verify_hostname", "other.example.com", "leaf.pem"]].concat(),
        catalogue_error(Code::HostMismatch),
    );
    assert_reports(d, &[&chain[..], &["-verify_ip", "192.0.2.1", "leaf.pem"]].concat(), known::IP_ADDRESS_MISMATCH);
    assert_reports(
        d,
        &["-CAfile", "root.pem", "-untrusted", "nc_int.pem", "leaf_outside.pem"],
        catalogue_error(Code::NameConstraints),
    );
}

#[test]
fn critical_extension_depth_and_signature_are_34_22_7() {
    let d = pki();
    let chain = ["-CAfile", "root.pem", "-untrusted", "int.pem"];
    assert_reports(d, &[&chain[..], &["leaf_critical.pem"]].concat(), catalogue_error(Code::UnknownCriticalExtension));
    assert_reports(d, &[&chain[..], &["-verify_depth", "0", "leaf.pem"]].concat(), catalogue_error(Code::ChainTooLong));

    // Flip one bit of the leaf's signature (the last byte of the DER is inside it).
    let pem = std::fs::read_to_string(d.join("leaf.pem")).expect("leaf.pem");
    run_openssl(d, &["x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.der"]);
    let mut der = std::fs::read(d.join("leaf.der")).expect("leaf.der");
    if let Some(last) = der.last_mut() {
        *last ^= 0x01;
    }
    std::fs::write(d.join("leaf_badsig.der"), der).expect("write");
    run_openssl(d, &["x509", "-inform", "DER", "-in", "leaf_badsig.der", "-out", "leaf_badsig.pem"]);
    assert!(pem.contains("BEGIN CERTIFICATE"));
    assert_reports(d, &[&chain[..], &["leaf_badsig.pem"]].concat(), catalogue_error(Code::BadSignature));
}

#[test]
fn security_level_errors_are_66_and_68() {
    let d = pki();
    let chain = ["-CAfile", "root.pem", "-untrusted", "int.pem", "-auth_level", "2"];
    assert_reports(d, &[&chain[..], &["leaf_weak_key.pem"]].concat(), catalogue_error(Code::WeakKey));
    assert_reports(d, &[&chain[..], &["leaf_sha1.pem"]].concat(), catalogue_error(Code::WeakSignature));
}
