//! The error explainer: a table of real error messages (OpenSSL 3.x and 1.1.x, curl, Java, Node,
//! Python, Salesforce) and what each must be recognised as; then, with certificates, that the
//! explanation points at the finding and certificate causing it.

use certchain_core::explain::{Source, explain};
use certchain_core::time::UnixTime;
use certchain_core::{Code, Flow, Input, Options, Purpose, Report, TrustChoice, analyze};
use std::path::Path;

/// (message, recognised ids in order of appearance, source of the first, OpenSSL number of the first).
type Case = (&'static str, &'static [&'static str], Option<Source>, Option<u32>);

const CASES: &[Case] = &[
    // ---- OpenSSL: `openssl verify`, `s_client`, both wordings and numberings
    (
        "client.pem: CN = client.example.test\nerror 20 at 0 depth lookup: unable to get local issuer certificate\nerror client.pem: verification failed",
        &["openssl_20"],
        Some(Source::Openssl),
        Some(20),
    ),
    (
        "depth=0 CN = api.example.com\nverify error:num=20:unable to get local issuer certificate\nverify return:1",
        &["openssl_20"],
        Some(Source::Openssl),
        Some(20),
    ),
    (
        "---\nVerify return code: 21 (unable to verify the first certificate)\n---",
        &["openssl_21"],
        Some(Source::Openssl),
        Some(21),
    ),
    ("error 2 at 1 depth lookup: unable to get issuer certificate", &["openssl_2"], Some(Source::Openssl), Some(2)),
    // 3.x wording, then 1.1.x wording of the same errors.
    ("error 18 at 0 depth lookup: self-signed certificate", &["openssl_18"], Some(Source::Openssl), Some(18)),
    ("error 18 at 0 depth lookup:self signed certificate", &["openssl_18"], Some(Source::Openssl), Some(18)),
    (
        "verify error:num=19:self-signed certificate in certificate chain",
        &["openssl_19"],
        Some(Source::Openssl),
        Some(19),
    ),
    (
        "verify error:num=19:self signed certificate in certificate chain",
        &["openssl_19"],
        Some(Source::Openssl),
        Some(19),
    ),
    ("error 10 at 0 depth lookup: certificate has expired", &["openssl_10"], Some(Source::Openssl), Some(10)),
    ("error 9 at 0 depth lookup: certificate is not yet valid", &["openssl_9"], Some(Source::Openssl), Some(9)),
    ("error 26 at 0 depth lookup: unsuitable certificate purpose", &["openssl_26"], Some(Source::Openssl), Some(26)),
    ("error 26 at 0 depth lookup: unsupported certificate purpose", &["openssl_26"], Some(Source::Openssl), Some(26)),
    // 1.1.x numbered invalid CA certificate 24; 3.x numbers it 79 (24 is another error there).
    ("error 24 at 1 depth lookup: invalid CA certificate", &["openssl_79"], Some(Source::Openssl), Some(79)),
    ("error 79 at 1 depth lookup: invalid CA certificate", &["openssl_79"], Some(Source::Openssl), Some(79)),
    ("error 62 at 0 depth lookup: hostname mismatch", &["openssl_62"], Some(Source::Openssl), Some(62)),
    ("error 62 at 0 depth lookup: Hostname mismatch", &["openssl_62"], Some(Source::Openssl), Some(62)),
    ("error 23 at 0 depth lookup: certificate revoked", &["openssl_23"], Some(Source::Openssl), Some(23)),
    (
        "40F7D1B3:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:ssl/statem/statem_clnt.c:1889:\n error 7 at 0 depth lookup: certificate signature failure",
        &["openssl_certificate_verify_failed", "openssl_7"],
        Some(Source::Openssl),
        None,
    ),
    ("error 86 at 0 depth lookup: some future error", &["openssl_86"], Some(Source::Openssl), None),
    (
        "140:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:ssl/record/rec_layer_s3.c:1584:SSL alert number 48",
        &["tls_alert_unknown_ca"],
        Some(Source::Openssl),
        None,
    ),
    // ---- curl
    (
        "curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html",
        &["curl_60", "openssl_20"],
        Some(Source::Curl),
        None,
    ),
    (
        "curl: (60) SSL certificate problem: self-signed certificate in certificate chain",
        &["curl_60", "openssl_19"],
        Some(Source::Curl),
        None,
    ),
    (
        "curl: (60) SSL certificate problem: self signed certificate",
        &["curl_60", "openssl_18"],
        Some(Source::Curl),
        None,
    ),
    (
        "curl: (60) SSL certificate problem: certificate has expired",
        &["curl_60", "openssl_10"],
        Some(Source::Curl),
        None,
    ),
    ("curl: (58) unable to set private key file: 'client.key' type PEM", &["curl_58"], Some(Source::Curl), None),
    // Real texts from OpenSSL 3.0.19, Python 3.11 and Java 17 with a key that is not the certificate's.
    (
        "error setting private key\n807BDE66537F0000:error:05800074:x509 certificate routines:X509_check_private_key:key values mismatch:../crypto/x509/x509_cmp.c:403:",
        &["key_values_mismatch"],
        Some(Source::Openssl),
        None,
    ),
    (
        "ssl.SSLError: [X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3926)",
        &["key_values_mismatch"],
        Some(Source::Openssl),
        None,
    ),
    (
        "Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: Received fatal alert: decrypt_error",
        &["java_decrypt_error"],
        Some(Source::Java),
        None,
    ),
    (
        "curl: (58) could not load PEM client certificate from fullcert.pem, OpenSSL error error:0480006C:PEM routines::no start line",
        &["curl_58"],
        Some(Source::Curl),
        None,
    ),
    (
        "curl: (35) OpenSSL/3.0.19: error:0A000418:SSL routines::tlsv1 alert unknown ca",
        &["curl_35", "tls_alert_unknown_ca"],
        Some(Source::Curl),
        None,
    ),
    // ---- Java
    (
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
        &["java_pkix"],
        Some(Source::Java),
        None,
    ),
    (
        "Caused by: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
        &["java_pkix"],
        Some(Source::Java),
        None,
    ),
    (
        "java.security.cert.CertificateExpiredException: NotAfter: Thu Jan 01 00:00:00 UTC 2026",
        &["java_certificate_expired"],
        Some(Source::Java),
        Some(10),
    ),
    (
        "java.security.cert.CertificateException: No subject alternative names matching IP address 10.0.0.1 found",
        &["java_no_subject_alternative_names"],
        Some(Source::Java),
        Some(62),
    ),
    (
        "java.security.cert.CertificateException: No subject alternative DNS name matching api.example.com found.",
        &["java_no_subject_alternative_names"],
        Some(Source::Java),
        Some(62),
    ),
    (
        "System.CalloutException: javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate",
        &["java_fatal_alert"],
        Some(Source::Java),
        None,
    ),
    (
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca",
        &["java_fatal_alert"],
        Some(Source::Java),
        None,
    ),
    // ---- Node
    (
        "Error: unable to get local issuer certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'\n}",
        &["node_unable_to_get_issuer_cert_locally"],
        Some(Source::Node),
        Some(20),
    ),
    (
        "Error: unable to verify the first certificate { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }",
        &["node_unable_to_verify_leaf_signature"],
        Some(Source::Node),
        Some(21),
    ),
    (
        "Error: self-signed certificate in certificate chain { code: 'SELF_SIGNED_CERT_IN_CHAIN' }",
        &["node_self_signed_cert_in_chain"],
        Some(Source::Node),
        Some(19),
    ),
    (
        "Error: self signed certificate { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }",
        &["node_depth_zero_self_signed_cert"],
        Some(Source::Node),
        Some(18),
    ),
    (
        "Error: certificate has expired\n  code: 'CERT_HAS_EXPIRED'",
        &["node_cert_has_expired"],
        Some(Source::Node),
        Some(10),
    ),
    (
        "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: api.example.com. is not in the cert's altnames: DNS:other.example.com",
        &["node_altname_invalid"],
        Some(Source::Node),
        Some(62),
    ),
    // ---- Python
    (
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
        &["python_certificate_verify_failed", "openssl_20"],
        Some(Source::Python),
        None,
    ),
    (
        "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:1123)",
        &["python_certificate_verify_failed", "openssl_19"],
        Some(Source::Python),
        None,
    ),
    // ---- Salesforce
    (
        "Client certificate error: unable to get local issuer certificate",
        &["salesforce_unable_to_get_local_issuer"],
        Some(Source::Salesforce),
        Some(20),
    ),
    // Case, wrapping and surrounding HTML do not matter.
    (
        "<html><body><h1>CLIENT CERTIFICATE ERROR: unable to get local\n     issuer certificate</h1></body></html>",
        &["salesforce_unable_to_get_local_issuer"],
        Some(Source::Salesforce),
        Some(20),
    ),
    (
        "<html><head><title>Client certificate error</title></head><body>Client certificate error: No client certificate provided</body></html>",
        &["salesforce_no_client_certificate"],
        Some(Source::Salesforce),
        None,
    ),
    (
        "Client certificate error: certificate has expired",
        &["salesforce_client_certificate_error", "openssl_10"],
        Some(Source::Salesforce),
        None,
    ),
    (
        "<soapenv:Fault><faultcode>sf:MUTUAL_AUTHENTICATION_FAILED</faultcode><faultstring>MUTUAL_AUTHENTICATION_FAILED: This session could not be mutually authenticated for use with the API</faultstring></soapenv:Fault>",
        &["salesforce_mutual_authentication_failed"],
        Some(Source::Salesforce),
        None,
    ),
    (
        "[{\"message\":\"This session could not be mutually authenticated for the use with REST API\",\"errorCode\":\"MUTUAL_AUTHENTICATION_FAILED\"}]",
        &["salesforce_mutual_authentication_failed"],
        Some(Source::Salesforce),
        None,
    ),
    // Import from Keystore refusals (Salesforce Help, "Export and Import Certificates with a Keystore").
    (
        "No certificate was imported because the keystore file doesn't contain a PrivateKey entry.",
        &["salesforce_keystore_no_private_key"],
        Some(Source::Salesforce),
        None,
    ),
    ("The key is not an RSA key.", &["salesforce_keystore_not_rsa"], Some(Source::Salesforce), None),
    ("The key must be in PKCS#8 format.", &["salesforce_keystore_not_pkcs8"], Some(Source::Salesforce), None),
    (
        "Imported keys must have a bit size of 2048, 3072, or 4096.",
        &["salesforce_keystore_key_size"],
        Some(Source::Salesforce),
        None,
    ),
    (
        "The private key does not match the certificate chain in the keystore.",
        &["salesforce_keystore_key_mismatch"],
        Some(Source::Salesforce),
        None,
    ),
    (
        "Error: The Keystore contains a certificate 'certName' whose per key password is not the same as the keystore password.",
        &["salesforce_keystore_key_password"],
        Some(Source::Salesforce),
        None,
    ),
    (
        "Upload Signed Certificate failed: the certificate's public key does not match the CSR",
        &["salesforce_upload_signed_certificate"],
        Some(Source::Salesforce),
        None,
    ),
    // ---- nothing recognisable
    ("everything is fine", &[], None, None),
    ("", &[], None, None),
];

#[test]
fn every_message_is_recognised() {
    let mut failures = Vec::new();
    for (message, ids, source, number) in CASES {
        let got = explain(message, None);
        let got_ids: Vec<&str> = got.iter().map(|e| e.id.as_str()).collect();
        if got_ids != *ids {
            failures.push(format!("{message:?}\n    expected {ids:?}\n    got      {got_ids:?}"));
            continue;
        }
        if let Some(first) = got.first() {
            if Some(first.source) != *source {
                failures.push(format!("{message:?}: source {:?}, expected {source:?}", first.source));
            }
            if number.is_some() && first.openssl.map(|o| o.code) != *number {
                failures.push(format!("{message:?}: OpenSSL {:?}, expected {number:?}", first.openssl.map(|o| o.code)));
            }
            for e in &got {
                if e.meaning.is_empty() || e.in_flow.is_empty() || e.name.is_empty() {
                    failures.push(format!("{message:?}: {} lacks a name, meaning or flow note", e.id));
                }
                if e.cause.is_some() {
                    failures.push(format!("{message:?}: a cause without a report"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} case(s) fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn openssl_numbers_and_wordings_come_from_the_catalogue() {
    use certchain_core::findings::catalogue::openssl;
    // Every catalogued OpenSSL error is recognised by its 3.x and its 1.1.x text, alone.
    for error in openssl::ALL {
        for wording in [error.text, error.text_1_1] {
            let got = explain(&format!("something failed: {wording}"), None);
            assert_eq!(
                got.iter().map(|e| e.openssl.map(|o| o.code)).collect::<Vec<_>>(),
                vec![Some(error.code)],
                "{wording:?}"
            );
            assert!(got[0].name.starts_with(error.name), "{}", got[0].name);
        }
    }
    // The checks are the catalogue codes that list the error.
    let twenty = &explain("error 20 at 0 depth lookup: unable to get local issuer certificate", None)[0];
    assert_eq!(twenty.checks, vec![Code::MissingIssuer]);
    assert!(twenty.name.contains("X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY"));
    let purpose = &explain("error 26 at 0 depth lookup: unsuitable certificate purpose", None)[0];
    for code in [Code::EkuMissingClientAuth, Code::EkuMissingServerAuth, Code::ClientAuthCutover] {
        assert!(purpose.checks.contains(&code), "{code} in {:?}", purpose.checks);
    }
    let invalid_ca = &explain("error 24 at 1 depth lookup: invalid CA certificate", None)[0];
    assert!(invalid_ca.name.contains("24 in OpenSSL 1.1.x"), "{}", invalid_ca.name);
}

#[test]
fn explanations_speak_of_the_flow() {
    let sf = &explain("Client certificate error: unable to get local issuer certificate", None)[0];
    assert!(sf.in_flow.contains("8443") && sf.in_flow.contains("intermediate"), "{}", sf.in_flow);
    assert!(sf.checks.contains(&Code::MissingIssuer));
    let curl = &explain("curl: (60) SSL certificate problem: unable to get local issuer certificate", None)[0];
    assert!(curl.in_flow.contains("server's"), "curl (60) is about the server's chain: {}", curl.in_flow);
    let mutual = &explain("MUTUAL_AUTHENTICATION_FAILED", None)[0];
    assert!(mutual.in_flow.contains("443") && mutual.in_flow.contains("8443"), "{}", mutual.in_flow);
    let pkix = &explain("PKIX path building failed", None)[0];
    assert!(pkix.in_flow.contains("Outbound"), "{}", pkix.in_flow);
    // Two messages pasted together: both, in order of appearance.
    let both = explain(
        "first try: curl: (58) unable to set private key file\nthen: Client certificate error: No client certificate provided",
        None,
    );
    assert_eq!(both.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["curl_58", "salesforce_no_client_certificate"]);
}

// ------------------------------------------------------------------ pointing at the cause

fn scenario(name: &str, files: &[&str]) -> Report {
    scenario_in(name, files, Flow::Inbound)
}

/// A scenario analysed in `flow` (its test root is private: in the Salesforce flows the report
/// says Salesforce does not trust it; the generic flow does not).
fn scenario_in(name: &str, files: &[&str], flow: Flow) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes").join(name);
    let read = |f: &str| Input::new(f, std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{name}/{f}: {e}")));
    let mut options = Options::new(UnixTime::parse_rfc3339("2026-06-01T00:00:00Z").expect("a valid time"));
    options.purpose = Purpose::Client;
    options.flow = flow;
    options.trust = TrustChoice::Custom;
    options.custom_roots = vec![read("root.pem")];
    analyze(&files.iter().map(|f| read(f)).collect::<Vec<_>>(), &options)
}

#[test]
fn error_20_points_at_the_missing_issuer_of_the_leaf() {
    let report = scenario("missing_issuer", &["leaf.pem"]);
    let leaf = report.chain[0].sha256.clone();
    for message in [
        "error 20 at 0 depth lookup: unable to get local issuer certificate",
        "Client certificate error: unable to get local issuer certificate",
        "PKIX path building failed: unable to find valid certification path to requested target",
        "code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'",
    ] {
        let e = &explain(message, Some(&report))[0];
        let cause = e.cause.as_ref().expect("a cause with a report");
        assert_eq!(cause.findings[0].code, Code::MissingIssuer, "{message}");
        assert!(cause.certificates.iter().any(|c| c.sha256 == leaf), "{message}: names the leaf");
        assert!(cause.summary.contains("missing_issuer"), "{}", cause.summary);
    }
}

#[test]
fn a_valid_chain_means_the_client_did_not_send_it() {
    // In the inbound flow the private test root is itself a cause: Salesforce does not trust it.
    let report = scenario("valid_chain", &["chain.pem", "leaf.key"]);
    let e = &explain("Client certificate error: unable to get local issuer certificate", Some(&report))[0];
    assert_eq!(e.cause.as_ref().unwrap().findings[0].code, Code::NotInSalesforceStore);
    // With nothing wrong in the files, the client did not send what was pasted.
    let report = scenario_in("valid_chain", &["chain.pem", "leaf.key"], Flow::Generic);
    assert!(report.valid);
    let e = &explain("Client certificate error: unable to get local issuer certificate", Some(&report))[0];
    let cause = e.cause.as_ref().unwrap();
    assert!(cause.findings.is_empty());
    assert!(
        cause.summary.starts_with("No finding matches: your pasted chain is complete")
            && cause.summary.contains("did not send the intermediates"),
        "{}",
        cause.summary
    );
    let e = &explain("MUTUAL_AUTHENTICATION_FAILED", Some(&report))[0];
    let summary = &e.cause.as_ref().unwrap().summary;
    assert!(summary.contains("8443") && summary.contains(&report.chain[0].sha256), "{summary}");
    // A keystore message about the key points at the key given (EC here, not RSA).
    let e = &explain("The key is not an RSA key.", Some(&report))[0];
    let summary = &e.cause.as_ref().unwrap().summary;
    assert!(summary.starts_with("This is the EC") && summary.contains("leaf.key"), "{summary}");
}

#[test]
fn other_errors_point_at_their_findings() {
    let report = scenario("key_mismatch", &["chain.pem", "other.key"]);
    let e = &explain("Client certificate error: No client certificate provided", Some(&report))[0];
    assert_eq!(e.cause.as_ref().unwrap().findings[0].code, Code::KeyMismatch);

    let report = scenario("expired", &["chain.pem"]);
    for message in ["java.security.cert.CertificateExpiredException: NotAfter", "code: 'CERT_HAS_EXPIRED'"] {
        let cause = explain(message, Some(&report))[0].cause.clone().unwrap();
        assert_eq!(cause.findings[0].code, Code::Expired, "{message}");
        assert!(!cause.certificates.is_empty());
    }

    let report = scenario("self_signed_leaf", &["client.pem"]);
    let cause = explain("error 18 at 0 depth lookup: self signed certificate", Some(&report))[0].cause.clone().unwrap();
    assert_eq!(cause.findings[0].code, Code::SelfSignedLeaf);

    // An error the certificates do not show, on an invalid chain: say so, and give the headline.
    let report = scenario("expired", &["chain.pem"]);
    let cause = explain("error 62 at 0 depth lookup: hostname mismatch", Some(&report))[0].cause.clone().unwrap();
    assert!(cause.findings.is_empty());
    assert!(cause.summary.starts_with("No finding matches this error directly"), "{}", cause.summary);
}

#[test]
fn a_huge_repetitive_paste_stays_fast_and_short() {
    let chunk = "certificate revoked; error 20 at 0 depth lookup: unable to get local issuer certificate; \
                 error 86 at 0 depth lookup: x; self-signed certificate in certificate chain; CERT_HAS_EXPIRED\n";
    let message = chunk.repeat(20_000); // about 4 MB
    let started = std::time::Instant::now();
    let got = explain(&message, None);
    let elapsed = started.elapsed();
    let ids: Vec<&str> = got.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["openssl_23", "openssl_20", "openssl_86", "openssl_19", "node_cert_has_expired"]);
    // Generous for a debug build on a loaded machine; the release build takes a fraction of it.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
    eprintln!("4 MB paste explained in {elapsed:?}");
}
