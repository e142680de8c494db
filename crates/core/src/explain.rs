//! The error explainer: from a pasted error message (OpenSSL, curl, Java, Node, Python,
//! Salesforce), say what it means, what it means in the user's Salesforce flow, which finding
//! codes to look at and — given a [`Report`] of the user's certificates — which certificate and
//! finding cause it.
//!
//! Recognition is table-driven and tolerant: the message is lower-cased and every run of
//! whitespace (line breaks included) becomes one space, so prose around the error, wrapped lines
//! and case do not matter. OpenSSL verify errors are recognised by their number (`error 20 at 0
//! depth lookup`, `verify error:num=20`, `Verify return code: 20`), by their text in the 3.x and
//! 1.1.x wordings, and by Node's names for them (`UNABLE_TO_GET_ISSUER_CERT_LOCALLY`); numbers,
//! names and wordings come from the findings catalogue ([`crate::findings::catalogue::openssl`]),
//! never from a second copy here. The finding codes to check for an OpenSSL error are the
//! catalogue entries that list it.

use crate::findings::catalogue::{self, openssl};
use crate::findings::{Code, OpensslError, Severity};
use crate::report::{Report, Role};
use serde::Serialize;

/// Which program produced the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Openssl,
    Curl,
    Java,
    Node,
    Python,
    Salesforce,
}

impl Source {
    /// The program's name as people write it (`OpenSSL`, `Node.js`), for every front end.
    pub fn name(self) -> &'static str {
        match self {
            Source::Openssl => "OpenSSL",
            Source::Curl => "curl",
            Source::Java => "Java",
            Source::Node => "Node.js",
            Source::Python => "Python",
            Source::Salesforce => "Salesforce",
        }
    }
}

/// One recognised error in the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub source: Source,
    /// Stable identifier of the recognised error (`openssl_20`, `java_pkix`, `salesforce_no_client_certificate`).
    pub id: String,
    /// The error's name: `X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20)`, `curl: (60)`, ...
    pub name: String,
    /// The part of the message that was recognised (lower-cased, whitespace collapsed).
    pub matched: String,
    /// What the error means, in plain words.
    pub meaning: String,
    /// What it means in the Salesforce flows (inbound 8443, outbound callouts, CSR, keystore).
    pub in_flow: String,
    /// Finding codes to look at.
    pub checks: Vec<Code>,
    /// The OpenSSL verify error, when the message is (or quotes) one.
    pub openssl: Option<OpensslError>,
    /// With a report: what in the user's certificates causes it.
    pub cause: Option<Cause>,
}

/// What in the report causes an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// One or two sentences naming the certificates and findings.
    pub summary: String,
    /// The findings (from the report) that explain the error, most relevant first.
    pub findings: Vec<CauseFinding>,
    /// The certificates concerned.
    pub certificates: Vec<CauseCert>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseFinding {
    pub code: Code,
    pub severity: Severity,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseCert {
    pub sha256: String,
    pub name: String,
}

/// What to say when the certificates show nothing that explains the error.
#[derive(Clone, Copy)]
enum WhenClean {
    /// The chain given is complete: the failing program did not send or load the same thing.
    ChainNotSent,
    /// The key and certificate match: the client did not load or send them.
    CertNotSent,
    /// Nothing in the certificates explains it (port, uploaded certificate, configuration).
    NotInCertificates,
    /// The certificates given do not show the problem: check they are the ones in use.
    Generic,
}

/// A pointer into the report for errors about keys rather than findings.
#[derive(Clone, Copy)]
enum KeyCheck {
    None,
    NotRsa,
    RsaSize,
    NotPkcs8,
}

/// One recognisable error besides the OpenSSL verify errors.
struct Rule {
    id: &'static str,
    source: Source,
    name: &'static str,
    /// Lower-case fragments; any one present recognises the error.
    patterns: &'static [&'static str],
    /// Another rule whose presence makes this one redundant (a more specific message).
    unless: &'static [&'static str],
    meaning: &'static str,
    in_flow: &'static str,
    checks: &'static [Code],
    /// An OpenSSL error the message itself names (then that error is not listed separately).
    covers: Option<OpensslError>,
    when_clean: WhenClean,
    key_check: KeyCheck,
}

const CHAIN: &[Code] = &[Code::MissingIssuer, Code::UntrustedRoot, Code::NotInSalesforceStore, Code::SelfSignedLeaf];

static RULES: &[Rule] = &[
    // ------------------------------------------------------------------ Salesforce
    Rule {
        id: "salesforce_unable_to_get_local_issuer",
        source: Source::Salesforce,
        name: "Client certificate error: unable to get local issuer certificate",
        patterns: &["client certificate error: unable to get local issuer certificate"],
        unless: &[],
        meaning: "Salesforce received your client certificate on port 8443 but could not chain it to a root on \
                  its trusted list: the certificate's issuer (an intermediate CA) was not sent with it, or the \
                  chain ends in a root Salesforce does not trust.",
        in_flow: "Inbound mutual TLS (port 8443): the client must send its certificate followed by every \
                  intermediate (fullcert.pem for `curl -E` = private key + client certificate + intermediates), \
                  and the root must be on your org's /cacerts.jsp list. Salesforce never adds intermediates to \
                  its list.",
        checks: CHAIN,
        covers: Some(openssl::UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
        when_clean: WhenClean::ChainNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "salesforce_no_client_certificate",
        source: Source::Salesforce,
        name: "Client certificate error: No client certificate provided",
        patterns: &["no client certificate provided"],
        unless: &[],
        meaning: "Salesforce's port 8443 received a TLS connection with no client certificate at all.",
        in_flow: "Inbound mutual TLS (port 8443): the client sent no certificate. The usual causes: the client \
                  was not told to use the certificate (`curl -E fullcert.pem`, or `--cert` and `--key`), it \
                  loaded another file than the one you checked, or a proxy between the client and Salesforce \
                  ends the TLS connection. (A key that does not match the certificate usually fails earlier, in \
                  the client: curl error 58, `key values mismatch`.)",
        checks: &[Code::KeyMismatch, Code::PasswordRequired, Code::EkuMissingClientAuth, Code::ClientAuthCutover],
        covers: None,
        when_clean: WhenClean::CertNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "salesforce_mutual_authentication_failed",
        source: Source::Salesforce,
        name: "MUTUAL_AUTHENTICATION_FAILED",
        patterns: &["mutual_authentication_failed", "could not be mutually authenticated"],
        unless: &[],
        meaning: "The session belongs to a user with *Enforce SSL/TLS Mutual Authentication*, and the API call \
                  did not come over a mutually authenticated connection on port 8443 with a certificate \
                  uploaded to the org.",
        in_flow: "Inbound mutual TLS: as Salesforce Help says, log in (the OAuth 2.0 token request) and send \
                  every API call on port 8443 of your My Domain host, https://<MyDomain>.my.salesforce.com:8443, \
                  with the client certificate; a call on port 443 gets this error. The same error comes when the \
                  certificate presented is not the one uploaded under *Mutual Authentication Certificates*.",
        checks: &[Code::KeyMismatch, Code::MultipleLeaves],
        covers: None,
        when_clean: WhenClean::NotInCertificates,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "salesforce_client_certificate_error",
        source: Source::Salesforce,
        name: "Client certificate error",
        patterns: &["client certificate error"],
        unless: &["salesforce_unable_to_get_local_issuer", "salesforce_no_client_certificate"],
        meaning: "Salesforce's port 8443 rejected the client certificate; the text after the colon is the \
                  OpenSSL verify error it hit.",
        in_flow: "Inbound mutual TLS (port 8443): Salesforce validates the client's chain against its trusted \
                  roots (dates and revocation included) before comparing it with the uploaded certificate.",
        checks: &[Code::Expired, Code::NotYetValid, Code::Revoked, Code::EkuMissingClientAuth],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    // Import from Keystore (wordings from Salesforce Help, "Export and Import Certificates with a Keystore").
    Rule {
        id: "salesforce_keystore_no_private_key",
        source: Source::Salesforce,
        name: "Import from Keystore: no PrivateKey entry",
        patterns: &["doesn't contain a privatekey entry", "does not contain a privatekey entry"],
        unless: &[],
        meaning: "The JKS file holds no private key entry (only trusted certificates), or its certificate is \
                  empty.",
        in_flow: "Keystore: *Import from Keystore* needs one PrivateKey entry holding the key and its \
                  certificate chain. Build it from the key and chain (`openssl pkcs12 -export` then `keytool \
                  -importkeystore`, or `certchain emit`).",
        checks: &[Code::NoCertificate, Code::KeyMismatch, Code::PasswordRequired],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "salesforce_keystore_not_rsa",
        source: Source::Salesforce,
        name: "Import from Keystore: the key is not an RSA key",
        patterns: &["the key is not an rsa key"],
        unless: &[],
        meaning: "The private key in the keystore is not RSA (EC or Ed25519, for example).",
        in_flow: "Keystore: Salesforce imports RSA keys only. Create an RSA key pair (2048, 3072 or 4096 bits) \
                  and have the certificate issued for it.",
        checks: &[],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::NotRsa,
    },
    Rule {
        id: "salesforce_keystore_not_pkcs8",
        source: Source::Salesforce,
        name: "Import from Keystore: the key must be in PKCS#8 format",
        patterns: &["must be in pkcs#8 format", "must be in pkcs8 format"],
        unless: &[],
        meaning: "The private key is stored in a format other than PKCS#8.",
        in_flow: "Keystore: rebuild the keystore from a PKCS#8 key (`openssl pkcs8 -topk8 -nocrypt -in key.pem \
                  -out key.pk8.pem`).",
        checks: &[Code::KeystoreKeyNotPkcs8],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::NotPkcs8,
    },
    Rule {
        id: "salesforce_keystore_key_size",
        source: Source::Salesforce,
        name: "Import from Keystore: key size must be 2048, 3072 or 4096",
        patterns: &["must have a bit size of 2048, 3072, or 4096", "bit size of 2048"],
        unless: &[],
        meaning: "The RSA key has a size Salesforce does not import.",
        in_flow: "Keystore: create a new RSA key of 2048, 3072 or 4096 bits and have the certificate issued \
                  again for it.",
        checks: &[Code::WeakKey],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::RsaSize,
    },
    Rule {
        id: "salesforce_keystore_key_mismatch",
        source: Source::Salesforce,
        name: "Import from Keystore: the private key does not match the certificate chain",
        patterns: &["private key does not match the certificate chain"],
        unless: &[],
        meaning: "The key in the PrivateKey entry and the first certificate of its chain are not a pair.",
        in_flow: "Keystore: rebuild the entry from the key and the certificate issued for that key, leaf first.",
        checks: &[Code::KeyMismatch, Code::Reordered],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "salesforce_keystore_key_password",
        source: Source::Salesforce,
        name: "Import from Keystore: per key password differs from the keystore password",
        patterns: &["per key password is not the same as the keystore password"],
        unless: &[],
        meaning: "The key entry is protected by a password different from the keystore's own password.",
        in_flow: "Keystore: Salesforce asks only for the store password, so each key password must equal it: \
                  `keytool -keypasswd -alias <alias> -keystore keystore.jks`.",
        checks: &[Code::PasswordRequired],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "salesforce_upload_signed_certificate",
        source: Source::Salesforce,
        name: "Upload Signed Certificate refused",
        // Keyword match: Salesforce's exact wording for this refusal is not in public sources we could check.
        patterns: &[
            "does not match the csr",
            "doesn't match the csr",
            "does not match the certificate signing request",
            "doesn't match the certificate signing request",
            "upload signed certificate",
        ],
        unless: &[],
        meaning: "The certificate uploaded for a Salesforce CSR is not accepted: its public key is not the key \
                  of the CSR Salesforce generated, or the file is not the signed certificate and its chain.",
        in_flow: "CSR flow: upload, on the certificate whose CSR you sent, the certificate the CA issued for \
                  exactly that CSR, followed by its intermediates.",
        checks: &[Code::CsrFlow, Code::CsrMismatch, Code::UploadLint],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    // ------------------------------------------------------------------ curl
    Rule {
        id: "curl_60",
        source: Source::Curl,
        name: "curl: (60) SSL certificate problem",
        patterns: &["curl: (60)", "ssl certificate problem"],
        unless: &[],
        meaning: "curl could not verify the certificate chain of the server it connected to; the text after \
                  \"SSL certificate problem:\" is the OpenSSL verify error.",
        in_flow: "This is about the *server's* certificate, not your client certificate. Calling Salesforce \
                  (443 or 8443), it usually means curl's CA bundle is outdated or a proxy intercepts TLS. In \
                  outbound tests against your own server, your server's chain is incomplete or untrusted — and \
                  Salesforce callouts will fail the same way.",
        checks: CHAIN,
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "curl_58",
        source: Source::Curl,
        name: "curl: (58) problem with the local client certificate",
        patterns: &[
            "curl: (58)",
            "unable to set private key file",
            "could not load pem client certificate",
            "unable to use client certificate",
        ],
        unless: &[],
        meaning: "curl could not load your client certificate or its private key: the file is missing or in \
                  another format, the key is encrypted, or the key does not match the certificate.",
        in_flow: "Inbound mutual TLS: `curl -E fullcert.pem` needs the unencrypted private key and the client \
                  certificate (then the intermediates) in that file, and the key must belong to the certificate.",
        checks: &[Code::KeyMismatch, Code::PasswordRequired, Code::ParseError],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "key_values_mismatch",
        source: Source::Openssl,
        name: "key values mismatch (OpenSSL, Python ssl)",
        patterns: &["key values mismatch", "key_values_mismatch", "error setting private key", "matches private key"],
        unless: &[],
        meaning: "The private key given with the certificate is not the certificate's key: OpenSSL's \
                  X509_check_private_key refused the pair (`openssl s_client -cert -key` prints `error setting \
                  private key`, Python's `load_cert_chain` raises `[X509: KEY_VALUES_MISMATCH]`, `openssl pkcs12 \
                  -export` says no certificate matches the private key).",
        in_flow: "Inbound mutual TLS: the client never reaches Salesforce with this pair. Use the key that \
                  belongs to the client certificate (compare `openssl x509 -noout -pubkey -in client.pem | \
                  openssl sha256` with `openssl pkey -pubout -in client.key | openssl sha256`) and rebuild \
                  fullcert.pem or the keystore from it.",
        checks: &[Code::KeyMismatch],
        covers: None,
        when_clean: WhenClean::CertNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "java_decrypt_error",
        source: Source::Java,
        name: "javax.net.ssl.SSLHandshakeException: Received fatal alert: decrypt_error",
        patterns: &["received fatal alert: decrypt_error"],
        unless: &[],
        meaning: "The server could not verify the client's handshake signature. Java loads a keystore whose \
                  private key does not match its certificate without complaint, sends the certificate, signs \
                  with the wrong key, and the server answers decrypt_error (an OpenSSL server logs `bad \
                  signature`).",
        in_flow: "Inbound mutual TLS (port 8443): rebuild the Java keystore from the client certificate's own key \
                  (`openssl pkcs12 -export -inkey client.key -in chain.pem -out client.p12` refuses a wrong key).",
        checks: &[Code::KeyMismatch, Code::KeystoreKeyMismatch],
        covers: None,
        when_clean: WhenClean::CertNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "curl_35",
        source: Source::Curl,
        name: "curl: (35) SSL connect error",
        patterns: &["curl: (35)"],
        unless: &[],
        meaning: "The TLS handshake failed. The text after it says who gave up: an alert such as \"unknown ca\" \
                  or \"bad certificate\" means the server rejected the client certificate.",
        in_flow: "Inbound mutual TLS (port 8443): Salesforce refused the client certificate during the \
                  handshake — chain incomplete or not trusted, or no clientAuth.",
        checks: &[Code::MissingIssuer, Code::UntrustedRoot, Code::EkuMissingClientAuth, Code::ClientAuthCutover],
        covers: None,
        when_clean: WhenClean::ChainNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "tls_alert_unknown_ca",
        source: Source::Openssl,
        name: "TLS alert: unknown ca",
        patterns: &["alert unknown ca"],
        unless: &[],
        meaning: "The other side received a certificate chain it could not link to any CA it trusts.",
        in_flow: "Inbound (8443): Salesforce could not chain your client certificate to a root on its list — \
                  send the intermediates, use a root from /cacerts.jsp. Outbound: your server does not trust the \
                  certificate Salesforce presents.",
        checks: CHAIN,
        covers: None,
        when_clean: WhenClean::ChainNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "tls_alert_bad_certificate",
        source: Source::Openssl,
        name: "TLS alert: bad certificate / certificate required",
        patterns: &["alert bad certificate", "alert certificate required", "alert handshake failure"],
        unless: &[],
        meaning: "The other side rejected (or did not get) the certificate presented.",
        in_flow: "Inbound (8443): the client certificate was rejected or not sent — check the key matches, the \
                  chain is complete and the EKU includes clientAuth.",
        checks: &[
            Code::KeyMismatch,
            Code::MissingIssuer,
            Code::EkuMissingClientAuth,
            Code::ClientAuthCutover,
            Code::Expired,
        ],
        covers: None,
        when_clean: WhenClean::CertNotSent,
        key_check: KeyCheck::None,
    },
    // ------------------------------------------------------------------ Java
    Rule {
        id: "java_pkix",
        source: Source::Java,
        name: "PKIX path building failed (SunCertPathBuilderException)",
        patterns: &[
            "pkix path building failed",
            "unable to find valid certification path to requested target",
            "suncertpathbuilderexception",
        ],
        unless: &[],
        meaning: "Java could not build a path from the peer's certificate to a root in its truststore (the \
                  JVM's cacerts, or javax.net.ssl.trustStore).",
        in_flow: "Outbound callouts: Salesforce runs Java, so your server's chain must be complete (send the \
                  intermediates) and end in a root Salesforce trusts. A Java client of yours calling Salesforce \
                  (Data Loader, a middleware): its truststore lacks the root, often because a proxy re-signs TLS.",
        checks: CHAIN,
        covers: None,
        when_clean: WhenClean::ChainNotSent,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "java_certificate_expired",
        source: Source::Java,
        name: "java.security.cert.CertificateExpiredException",
        patterns: &["certificateexpiredexception"],
        unless: &[],
        meaning: "A certificate in the chain is past its notAfter date.",
        in_flow: "Renew the expired certificate (the leaf, or an intermediate your CA replaced) and deploy the \
                  new chain; for inbound, upload the renewed client certificate too.",
        checks: &[Code::Expired],
        covers: Some(openssl::CERT_HAS_EXPIRED),
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "java_certificate_not_yet_valid",
        source: Source::Java,
        name: "java.security.cert.CertificateNotYetValidException",
        patterns: &["certificatenotyetvalidexception"],
        unless: &[],
        meaning: "A certificate in the chain is not valid yet (its notBefore is in the future), or a clock is \
                  wrong.",
        in_flow: "Wait until the certificate's start date, or fix the clock of the machine that checks it.",
        checks: &[Code::NotYetValid],
        covers: Some(openssl::CERT_NOT_YET_VALID),
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    Rule {
        id: "java_no_subject_alternative_names",
        source: Source::Java,
        name: "No subject alternative names matching",
        patterns: &[
            "no subject alternative names matching",
            "no subject alternative dns name matching",
            "no subject alternative names present",
            "no name matching",
        ],
        unless: &[],
        meaning: "The server certificate is not valid for the host name or IP address Java connected to.",
        in_flow: "Outbound callouts: the endpoint URL's host must be in your server certificate's subject \
                  alternative names; call the host the certificate names, or have the certificate re-issued \
                  with that host. A Java client of yours calling Salesforce: on Hyperforce each domain has its \
                  own certificate, chosen by the SNI name the client sends; a client that sends none gets a \
                  default *.my.salesforce.com certificate (Salesforce knowledge article 000363859).",
        checks: &[Code::HostMismatch],
        covers: Some(openssl::HOSTNAME_MISMATCH),
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    // ------------------------------------------------------------------ Node
    Rule {
        id: "node_altname_invalid",
        source: Source::Node,
        name: "ERR_TLS_CERT_ALTNAME_INVALID",
        patterns: &["err_tls_cert_altname_invalid", "does not match certificate's altnames"],
        unless: &[],
        meaning: "Node.js: the server certificate is not valid for the host name or IP address connected to.",
        in_flow: "Call the host the certificate names (for Salesforce, your My Domain host, with SNI: on \
                  Hyperforce a client that sends no SNI gets a default *.my.salesforce.com certificate), or have \
                  your server's certificate re-issued with the host in its subject alternative names.",
        checks: &[Code::HostMismatch],
        covers: Some(openssl::HOSTNAME_MISMATCH),
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    // ------------------------------------------------------------------ Python
    Rule {
        id: "python_certificate_verify_failed",
        source: Source::Python,
        name: "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
        patterns: &["certificate_verify_failed"],
        unless: &[],
        meaning: "Python's ssl module (requests, urllib3, simple-salesforce) rejected the server's certificate \
                  chain; the text after \"certificate verify failed:\" is the OpenSSL verify error.",
        in_flow: "About the server's chain, checked against Python's CA bundle (certifi for requests). For your \
                  own server behind a private CA, pass the CA file (`verify=\"ca-bundle.pem\"` or \
                  REQUESTS_CA_BUNDLE); for a public server, its intermediates are missing.",
        checks: CHAIN,
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    // ------------------------------------------------------------------ any OpenSSL-based client
    Rule {
        id: "openssl_certificate_verify_failed",
        source: Source::Openssl,
        name: "SSL routines: certificate verify failed",
        patterns: &["certificate verify failed"],
        unless: &["python_certificate_verify_failed"],
        meaning: "A TLS client built on OpenSSL rejected the peer's certificate chain. The reason is the verify                   error printed with it (`openssl s_client` shows `verify error:num=N`; the program's own log                   may name it).",
        in_flow: "About the chain the other side sent: Salesforce's chain when you call Salesforce (update the                   client's CA bundle, or a proxy intercepts TLS), your server's chain in outbound tests (send                   the intermediates, use a root Salesforce trusts).",
        checks: CHAIN,
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
    // ------------------------------------------------------------------ Java TLS alerts (Apex callouts)
    Rule {
        id: "java_fatal_alert",
        source: Source::Java,
        name: "javax.net.ssl.SSLHandshakeException: Received fatal alert",
        patterns: &[
            "received fatal alert: bad_certificate",
            "received fatal alert: unknown_ca",
            "received fatal alert: certificate_unknown",
            "received fatal alert: certificate_required",
            "received fatal alert: handshake_failure",
        ],
        unless: &[],
        meaning: "The server ended the TLS handshake with an alert: it rejected the client certificate it was                   sent (bad_certificate, unknown_ca, certificate_unknown), got none (certificate_required), or                   found no common ground (handshake_failure).",
        in_flow: "Outbound two-way TLS (an Apex callout fails with this): your server rejected the certificate                   Salesforce presented — make your server trust it (its self-signed certificate or its CA), and                   note Salesforce sends it only if it chains to a CA name your server lists in its                   CertificateRequest. A Java client of yours on port 8443: Salesforce rejected its client                   certificate (chain incomplete or not trusted, no clientAuth).",
        checks: &[
            Code::MissingIssuer,
            Code::UntrustedRoot,
            Code::SelfSignedLeaf,
            Code::EkuMissingClientAuth,
            Code::ClientAuthCutover,
        ],
        covers: None,
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    },
];

/// Plain meaning and flow note for the OpenSSL verify errors users meet most. Others fall back to
/// the catalogue's title for the first finding code that lists the error.
fn openssl_words(code: u32) -> Option<(&'static str, &'static str, WhenClean)> {
    Some(match code {
        20 => (
            "The verifier has the certificate but not the certificate of its issuer, neither among the certificates \
             it was sent nor in its trust store: the chain is missing an intermediate (or the root is not trusted).",
            "Inbound (8443): the client sent its certificate without the intermediates. Outbound: your server does \
             not send its intermediate. Add the issuer named by `openssl x509 -noout -issuer` after the \
             certificate (chain.pem / fullcert.pem).",
            WhenClean::ChainNotSent,
        ),
        2 => (
            "The chain stops at a certificate whose issuer the verifier cannot find (the last certificate it has is \
             not a root).",
            "Add the missing intermediate or root to the chain sent (inbound 8443 / outbound) or to the trust file \
             (-CAfile).",
            WhenClean::ChainNotSent,
        ),
        21 => (
            "The verifier could not check even the first certificate: its issuer is missing, typically because \
             the server or client sent the certificate alone.",
            "Send the intermediates after the certificate: the client on 8443 (fullcert.pem), or your server in \
             outbound callouts.",
            WhenClean::ChainNotSent,
        ),
        18 => (
            "The certificate is self-signed and not in the verifier's trust store.",
            "Inbound (8443): Salesforce rejects self-signed client certificates; get one from a CA whose root is \
             on /cacerts.jsp. Outbound: Salesforce does not trust self-signed server certificates.",
            WhenClean::Generic,
        ),
        19 => (
            "The chain ends in a self-signed root the verifier does not trust.",
            "Use a chain that ends in a root on Salesforce's list (/cacerts.jsp) — inbound and outbound alike \
             (Salesforce adds a root only on a support case, case by case, with no promise) — or, for a verifier \
             you control, add your root to its trust file.",
            WhenClean::Generic,
        ),
        10 => (
            "A certificate in the chain is past its expiry date (notAfter).",
            "Renew it; for inbound, upload the renewed client certificate under Mutual Authentication \
             Certificates too.",
            WhenClean::Generic,
        ),
        9 => (
            "A certificate in the chain is not valid yet (notBefore in the future), or the clock is wrong.",
            "Wait for the start date or fix the clock of the machine verifying.",
            WhenClean::Generic,
        ),
        26 => (
            "The certificate is not allowed for this use: its extended key usage lacks clientAuth (for a client) \
             or serverAuth (for a server).",
            "Inbound (8443): the client certificate needs clientAuth — public CAs are removing it from TLS \
             certificates (the Chrome Root Program forbids it in leaves issued from 2027-03-15; each CA's date is \
             in docs/facts.md). Outbound: your server certificate needs serverAuth.",
            WhenClean::Generic,
        ),
        7 => (
            "A signature in the chain does not verify: a certificate was altered, or the wrong issuer certificate \
             (same name, another key) is in the chain.",
            "Download the issuer certificate again from your CA and rebuild the chain.",
            WhenClean::Generic,
        ),
        23 => (
            "The certificate has been revoked by its CA.",
            "Get a new certificate; Salesforce checks revocation for inbound client certificates.",
            WhenClean::Generic,
        ),
        62 => (
            "The certificate is not valid for the host name connected to.",
            "Outbound: the endpoint host must be in your server certificate's subject alternative names.",
            WhenClean::Generic,
        ),
        _ => return None,
    })
}

/// Lower-case and collapse whitespace (line breaks included) so pastes match however they wrap.
fn normalize(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut space = false;
    for c in message.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A piece of the message recognised as one error, with where it was found.
struct Hit {
    at: usize,
    explanation: Explanation,
    openssl_number: Option<u32>,
    when_clean: WhenClean,
    key_check: KeyCheck,
}

/// Numbered OpenSSL errors examined per message (a pasted log repeats the same few).
const MAX_OCCURRENCES: usize = 256;
/// Occurrences of one OpenSSL wording examined per message.
const MAX_PER_WORDING: usize = 16;

/// Explain every error recognised in `message`; with `report`, point at the cause in it.
pub fn explain(message: &str, report: Option<&Report>) -> Vec<Explanation> {
    let text = normalize(message);
    let mut hits: Vec<Hit> = Vec::new();

    // Source-specific messages.
    let mut matched_rules: Vec<&str> = Vec::new();
    for rule in RULES {
        if let Some((at, pattern)) = rule.patterns.iter().filter_map(|p| text.find(p).map(|at| (at, *p))).min() {
            matched_rules.push(rule.id);
            hits.push(Hit {
                at,
                explanation: Explanation {
                    source: rule.source,
                    id: rule.id.to_string(),
                    name: rule.name.to_string(),
                    matched: pattern.to_string(),
                    meaning: squash(rule.meaning),
                    in_flow: squash(rule.in_flow),
                    checks: rule.checks.to_vec(),
                    openssl: rule.covers,
                    cause: None,
                },
                openssl_number: rule.covers.map(|o| o.code),
                when_clean: rule.when_clean,
                key_check: rule.key_check,
            });
        }
    }
    hits.retain(|h| {
        RULES
            .iter()
            .find(|r| r.id == h.explanation.id)
            .is_none_or(|r| !r.unless.iter().any(|u| matched_rules.contains(u)))
    });

    // OpenSSL verify errors: by number, by text (3.x and 1.1.x), by Node's name.
    let covered: Vec<u32> = hits.iter().filter_map(|h| h.openssl_number).collect();
    let wordings: Vec<(OpensslError, String)> =
        openssl::ALL.iter().flat_map(|e| [(*e, e.text.to_lowercase()), (*e, e.text_1_1.to_lowercase())]).collect();
    let mut found: Vec<(usize, OpensslError, Source, String)> = Vec::new();
    let mut unknown: Vec<u32> = Vec::new();
    for (at, number, rest) in numbered_errors(&text).into_iter().take(MAX_OCCURRENCES) {
        // The text printed after the number identifies the error in any OpenSSL version (1.1.x
        // numbered `invalid CA certificate` 24, 3.x 79); the number alone is the fallback.
        // The longest wording wins: "self-signed certificate" (18) begins "self-signed
        // certificate in certificate chain" (19).
        let by_text = wordings
            .iter()
            .filter(|(_, wording)| rest.starts_with(wording.as_str()))
            .max_by_key(|(_, wording)| wording.len())
            .map(|(e, _)| *e);
        match by_text.or_else(|| openssl::by_number(number)) {
            Some(error) => found.push((at, error, Source::Openssl, text[at..].chars().take(80).collect())),
            None if !unknown.contains(&number) => {
                unknown.push(number);
                hits.push(unknown_openssl_number(at, number));
            }
            None => {}
        }
    }
    for (at, error, len) in texts_found(&text, &wordings) {
        found.push((at, error, Source::Openssl, text[at..at + len].to_string()));
    }
    for error in openssl::ALL {
        let node_name = error.name.trim_start_matches("X509_V_ERR_").to_lowercase();
        if let Some(at) = find_token(&text, &node_name) {
            found.push((at, *error, Source::Node, node_name));
        }
    }
    found.sort_by_key(|(at, ..)| *at);
    let mut listed: Vec<u32> = Vec::new();
    for (at, error, _, matched) in &found {
        if covered.contains(&error.code) || listed.contains(&error.code) {
            continue;
        }
        listed.push(error.code);
        // Node's own code names the error when the message has one; otherwise it is OpenSSL's text.
        let source = if found.iter().any(|(_, e, s, _)| e.code == error.code && *s == Source::Node) {
            Source::Node
        } else {
            Source::Openssl
        };
        hits.push(openssl_hit(*at, *error, source, matched.clone()));
    }

    hits.sort_by_key(|h| h.at);
    hits.into_iter()
        .map(|mut hit| {
            if let Some(report) = report {
                hit.explanation.cause = Some(cause(&hit, report));
            }
            hit.explanation
        })
        .collect()
}

/// Collapse the whitespace of a multi-line string literal.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `error N at D depth lookup: TEXT`, `verify error:num=N:TEXT`, `verify return code: N (TEXT)`:
/// (position, number, text after it).
fn numbered_errors(text: &str) -> Vec<(usize, u32, &str)> {
    let mut out = Vec::new();
    for (prefix, after) in [("error ", " at "), ("verify error:num=", ":"), ("verify return code: ", " (")] {
        let mut from = 0;
        while let Some(offset) = text[from..].find(prefix) {
            let at = from + offset;
            let digits_start = at + prefix.len();
            let digits: String = text[digits_start..].chars().take_while(char::is_ascii_digit).collect();
            from = digits_start;
            let Ok(number) = digits.parse::<u32>() else { continue };
            let tail = &text[digits_start + digits.len()..];
            let Some(tail) = tail.strip_prefix(after) else { continue };
            // `error N at D depth lookup: TEXT` → skip to the text after the colon.
            let rest = if prefix == "error " {
                match tail.find("depth lookup:") {
                    Some(i) if i < 12 => tail[i + "depth lookup:".len()..].trim_start(),
                    _ => continue,
                }
            } else {
                tail.trim_start()
            };
            if number == 0 && prefix == "verify return code: " {
                continue; // 0 (ok)
            }
            out.push((at, number, rest));
        }
    }
    out
}

/// Every OpenSSL verify-error text (3.x or 1.1.x wording) in `text`, keeping only the longest
/// match where texts overlap ("self-signed certificate" inside "self-signed certificate in
/// certificate chain"): (position, error, length).
fn texts_found(text: &str, wordings: &[(OpensslError, String)]) -> Vec<(usize, OpensslError, usize)> {
    let mut spans: Vec<(usize, usize, OpensslError)> = Vec::new();
    for (error, needle) in wordings {
        let mut from = 0;
        let mut count = 0;
        // A bounded number per wording keeps the overlap check below small on a hostile paste.
        while let Some(offset) = text[from..].find(needle.as_str()) {
            let at = from + offset;
            spans.push((at, at + needle.len(), *error));
            from = at + needle.len();
            count += 1;
            if count == MAX_PER_WORDING {
                break;
            }
        }
    }
    spans
        .iter()
        .filter(|(s, e, _)| !spans.iter().any(|(s2, e2, _)| s2 <= s && e <= e2 && (e2 - s2) > (e - s)))
        .map(|(s, e, err)| (*s, *err, e - s))
        .collect()
}

/// `needle` as a whole token (not inside a longer identifier).
fn find_token(text: &str, needle: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(offset) = text[from..].find(needle) {
        let at = from + offset;
        let end = at + needle.len();
        let before_ok = text[..at].chars().next_back().is_none_or(|c| !is_ident(c));
        let after_ok = text[end..].chars().next().is_none_or(|c| !is_ident(c));
        if before_ok && after_ok {
            return Some(at);
        }
        from = end;
    }
    None
}

/// The finding codes whose catalogue entry lists this OpenSSL error.
fn codes_for(error: &OpensslError) -> Vec<Code> {
    catalogue::all_entries()
        .iter()
        .filter(|e| {
            e.openssl.is_some_and(|o| o.code == error.code) || e.related_openssl.iter().any(|o| o.code == error.code)
        })
        .map(|e| e.code)
        .collect()
}

fn openssl_hit(at: usize, error: OpensslError, source: Source, matched: String) -> Hit {
    let checks = codes_for(&error);
    let fallback_title = checks.first().map(|c| catalogue::entry(*c).title).unwrap_or(error.text);
    let (meaning, in_flow, when_clean) = match openssl_words(error.code) {
        Some((m, f, w)) => (squash(m), squash(f), w),
        None => (
            format!("OpenSSL: {} ({fallback_title}).", error.text),
            "See the fix of the findings listed under checks for your flow.".to_string(),
            WhenClean::Generic,
        ),
    };
    let number_1_1 = match catalogue::number_in_openssl_1_1(error.code) {
        Some(n) if n != error.code => format!("; {n} in OpenSSL 1.1.x"),
        Some(_) => String::new(),
        None => "; not in OpenSSL 1.1.x".to_string(),
    };
    let id = match source {
        Source::Node => format!("node_{}", error.name.trim_start_matches("X509_V_ERR_").to_lowercase()),
        _ => format!("openssl_{}", error.code),
    };
    let name = match source {
        Source::Node => format!(
            "{} (OpenSSL {}, {}{number_1_1})",
            error.name.trim_start_matches("X509_V_ERR_"),
            error.code,
            error.name
        ),
        _ => format!("{} ({}{number_1_1})", error.name, error.code),
    };
    Hit {
        at,
        explanation: Explanation {
            source,
            id,
            name,
            matched,
            meaning,
            in_flow,
            checks,
            openssl: Some(error),
            cause: None,
        },
        openssl_number: Some(error.code),
        when_clean,
        key_check: KeyCheck::None,
    }
}

fn unknown_openssl_number(at: usize, number: u32) -> Hit {
    Hit {
        at,
        explanation: Explanation {
            source: Source::Openssl,
            id: format!("openssl_{number}"),
            name: format!("OpenSSL verify error {number}"),
            matched: format!("error {number}"),
            meaning: format!(
                "OpenSSL verify error {number}, which certchain's catalogue does not describe. Its X509_V_ERR_* name is in OpenSSL's include/openssl/x509_vfy.h; note that 1.1.x and 3.x number some errors differently (invalid CA certificate is 24 in 1.1.x, 79 in 3.x)."
            ),
            in_flow: "Paste the certificates too: the findings say what is wrong with them.".to_string(),
            checks: Vec::new(),
            openssl: None,
            cause: None,
        },
        openssl_number: Some(number),
        when_clean: WhenClean::Generic,
        key_check: KeyCheck::None,
    }
}

/// Point at what in `report` causes the error of `hit`.
fn cause(hit: &Hit, report: &Report) -> Cause {
    let name_of = |sha: &str| -> String {
        report
            .certificates
            .iter()
            .map(|c| &c.summary)
            .chain(report.chain.iter())
            .chain(report.root.iter())
            .find(|c| c.sha256 == sha)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| sha.chars().take(16).collect())
    };
    let checks = &hit.explanation.checks;
    let relevant: Vec<&crate::findings::Finding> =
        report.findings.iter().filter(|f| checks.contains(&f.code) && f.severity != Severity::Info).collect();

    let key_problem = key_pointer(hit.key_check, report);
    if let Some(summary) = key_problem {
        return Cause { summary, findings: Vec::new(), certificates: Vec::new() };
    }

    if !relevant.is_empty() {
        let mut certificates: Vec<CauseCert> = Vec::new();
        for f in &relevant {
            for sha in &f.certs {
                if !certificates.iter().any(|c| &c.sha256 == sha) {
                    certificates.push(CauseCert { sha256: sha.clone(), name: name_of(sha) });
                }
            }
        }
        let first = relevant[0];
        let names: Vec<String> = certificates.iter().take(3).map(|c| format!("'{}'", c.name)).collect();
        let summary = format!(
            "Your certificates show the cause: {} (finding `{}`{}).{}",
            first.title,
            first.code,
            if names.is_empty() { String::new() } else { format!(", about {}", names.join(", ")) },
            if relevant.len() > 1 {
                format!(
                    " Also related: {}.",
                    relevant[1..].iter().map(|f| format!("`{}`", f.code)).collect::<Vec<_>>().join(", ")
                )
            } else {
                String::new()
            }
        );
        return Cause {
            summary,
            findings: relevant
                .iter()
                .map(|f| CauseFinding { code: f.code, severity: f.severity, title: f.title.clone() })
                .collect(),
            certificates,
        };
    }

    let leaf = report.chain.first();
    let leaf_name = leaf.map(|c| c.name.clone()).unwrap_or_default();
    let certificates: Vec<CauseCert> =
        leaf.map(|c| vec![CauseCert { sha256: c.sha256.clone(), name: c.name.clone() }]).unwrap_or_default();
    let intermediates = report.certificates.iter().filter(|c| c.role == Role::Intermediate).count();
    let summary = match (report.valid, hit.when_clean) {
        (true, WhenClean::ChainNotSent) => format!(
            "No finding matches: your pasted chain is complete ('{leaf_name}' → {intermediates} intermediate(s) → a trusted root). The client probably did not send the intermediates: make it send the certificate followed by every intermediate (fullcert.pem for `curl -E`), or check that it uses these files."
        ),
        (true, WhenClean::CertNotSent) => format!(
            "No finding matches: '{leaf_name}' and its chain are fine and no key mismatch was found. Check that the client really loads this certificate and key (`curl -E fullcert.pem`), and that no proxy ends the TLS connection before Salesforce."
        ),
        (_, WhenClean::NotInCertificates) => format!(
            "Nothing in the certificates causes this: check the port (log in and call the API on port 8443 of your My Domain host) and that {} is the certificate uploaded under Mutual Authentication Certificates.",
            match leaf {
                Some(c) => format!("'{}' (SHA-256 {})", c.name, c.sha256),
                None => "the certificate your client presents".to_string(),
            }
        ),
        (true, _) => format!(
            "No finding matches: the certificates you gave do not show this problem (the chain of '{leaf_name}' is valid). Check that they are the ones the failing program actually uses."
        ),
        (false, _) => {
            let headline =
                report.findings.first().map(|f| format!(" The report's headline is `{}`: {}.", f.code, f.title));
            format!("No finding matches this error directly.{}", headline.unwrap_or_default())
        }
    };
    Cause { summary, findings: Vec::new(), certificates }
}

/// For keystore errors about keys: which key in the report has the problem.
fn key_pointer(check: KeyCheck, report: &Report) -> Option<String> {
    use crate::keys::{KeyAlgorithm, KeyFormat};
    let bad: Vec<String> = report
        .keys
        .iter()
        .filter(|k| match check {
            KeyCheck::None => false,
            KeyCheck::NotRsa => !matches!(k.algorithm, KeyAlgorithm::Rsa { .. }),
            KeyCheck::RsaSize => {
                matches!(k.algorithm, KeyAlgorithm::Rsa { bits } if ![2048, 3072, 4096].contains(&bits))
            }
            KeyCheck::NotPkcs8 => {
                !matches!(k.format, KeyFormat::Pkcs8 | KeyFormat::EncryptedPkcs8 | KeyFormat::Jks | KeyFormat::Pkcs12)
            }
        })
        .map(|k| format!("the {} key in {}", k.algorithm, k.origin))
        .collect();
    match check {
        KeyCheck::None => None,
        _ if report.keys.is_empty() => Some("No private key was given, so certchain cannot point at the key: add the keystore (with its password) or the key file.".to_string()),
        _ if bad.is_empty() => Some("The keys you gave do not have this problem: check that the keystore you import is built from them.".to_string()),
        _ => Some(format!("This is {}.", bad.join(" and "))),
    }
}
