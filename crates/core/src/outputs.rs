//! Output files built from an analysis: the PEM files a Salesforce mutual-TLS setup needs, PKCS#12
//! and JKS keystores for *Import from Keystore*, and the report as JSON and Markdown.
//!
//! Everything is derived from [`crate::Analysis`]: the chosen path (leaf first), its anchor and
//! the decoded private keys. The core has no random number generator (it must build for wasm32
//! without `getrandom`), so the caller passes 32 bytes of entropy; salts and IVs are expanded from
//! it with HMAC-SHA256, which makes the output deterministic for fixed entropy (tests rely on it).

pub(crate) mod jks;
mod markdown;
mod pkcs12;

use crate::cert::Cert;
use crate::keys::{KeyAlgorithm, PrivateKey};
use crate::options::{Flow, Purpose};
use crate::{Analysis, Report};
use serde::{Deserialize, Serialize};

/// What the caller wants in the keystores, and the randomness for them.
#[derive(Clone)]
pub struct EmitRequest {
    /// Keystore alias (JKS alias, PKCS#12 friendlyName). `None` = derived from the leaf's name.
    pub alias: Option<String>,
    /// Keystore password (JKS store and key password, PKCS#12 password). `None` or empty = no
    /// keystores.
    pub password: Option<String>,
    /// Caller-supplied randomness (CLI: the OS; web: `crypto.getRandomValues`).
    pub entropy: [u8; 32],
}

impl std::fmt::Debug for EmitRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the password or the entropy.
        f.debug_struct("EmitRequest")
            .field("alias", &self.alias)
            .field("password", &self.password.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

/// One produced file.
#[derive(Clone, Serialize, Deserialize)]
pub struct OutputFile {
    /// File name (`chain.pem`).
    pub name: String,
    /// One line: what it is and where it goes in Salesforce or curl.
    pub description: String,
    pub media_type: String,
    /// True when the file holds a private key (write it with restricted permissions).
    pub secret: bool,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for OutputFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The bytes may be key material: show only their size.
        f.debug_struct("OutputFile")
            .field("name", &self.name)
            .field("description", &self.description)
            .field("media_type", &self.media_type)
            .field("secret", &self.secret)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A file that could not be produced, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub name: String,
    pub reason: String,
}

/// Everything [`emit`] produced.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Emitted {
    pub files: Vec<OutputFile>,
    pub skipped: Vec<Skipped>,
    /// What the files do not establish, said once for all of them (the root is not among the
    /// inputs or not trusted; the key is missing or does not match). Files are still built from
    /// what is present; only what would be wrong is refused (see [`emit`]).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Emitted {
    pub fn file(&self, name: &str) -> Option<&OutputFile> {
        self.files.iter().find(|f| f.name == name)
    }
    fn add(&mut self, name: &str, description: String, media_type: &str, secret: bool, bytes: Vec<u8>) {
        self.files.push(OutputFile {
            name: name.to_string(),
            description,
            media_type: media_type.to_string(),
            secret,
            bytes,
        });
    }
    fn skip(&mut self, name: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped { name: name.to_string(), reason: reason.into() });
    }
}

const PEM: &str = "application/x-pem-file";

/// The path split into the parts output files are made of.
struct Parts<'a> {
    leaf: &'a Cert,
    /// Between leaf and root, leaf's issuer first.
    intermediates: Vec<&'a Cert>,
    /// The root (trust anchor, or the self-signed top of an untrusted path); `None` when the leaf
    /// is its own root or the root is not among the inputs.
    root: Option<&'a Cert>,
    /// `None` when the path reaches a trust anchor; else what trust the files lack (one note).
    untrusted: Option<String>,
}

fn parts(analysis: &Analysis) -> Option<Parts<'_>> {
    // A chain completed from the CCADB snapshot (crate::completion) is written whole; the
    // report names what was added.
    let v = analysis.completed.as_ref().map_or(&analysis.verification, |c| &c.verification);
    let store = &analysis.report.trust_store.name;
    let leaf = v.chain.first()?;
    let rest: Vec<&Cert> = v.chain.iter().skip(1).collect();
    if let Some(anchor) = &v.anchor {
        let root = (anchor.cert.sha256 != leaf.sha256).then_some(&anchor.cert);
        return Some(Parts { leaf, intermediates: rest, root, untrusted: None });
    }
    let top = v.chain.last().unwrap_or(leaf);
    if top.is_self_signed() {
        let mut intermediates = rest;
        let root = if v.chain.len() > 1 {
            intermediates.pop();
            Some(top)
        } else {
            None
        };
        let why = format!(
            "Trust is not established: the chain ends at '{}', a self-signed certificate that is not in {store}. \
             The files hold the chain as given; whoever verifies it must trust that root.",
            top.display_name()
        );
        return Some(Parts { leaf, intermediates, root, untrusted: Some(why) });
    }
    // The top's issuer is not among the inputs. The root is optional in every file built here
    // (chain.pem, fullcert.pem and the keystores go without it; Salesforce and servers send no
    // root, RFC 8446 §4.4.2), so the files are built from what is present, with one note.
    let why = if std::ptr::eq(top, leaf) || !top.is_ca() {
        format!(
            "Trust is not established: the CA that issued '{}' ({}) is not among your files, so the files \
             hold the certificate without it. If that CA is an intermediate, add it and build them again: \
             a client that sends no intermediate fails with 'unable to get local issuer certificate'.",
            leaf.display_name(),
            leaf.issuer
        )
    } else {
        format!(
            "Trust is not established: the issuer of '{}' ({}) is not among your files nor in {store}. \
             If it is your CA's root, the files are complete (the root is optional in all of them); \
             if it is another intermediate, add it and build them again.",
            top.display_name(),
            top.issuer
        )
    };
    Some(Parts { leaf, intermediates: rest, root: None, untrusted: Some(why) })
}

/// What the completed files hold that the user did not supply.
fn completion_note(completion: &crate::report::Completion) -> String {
    let names: Vec<String> = completion.added.iter().map(|a| format!("'{}'", a.name)).collect();
    format!(
        "Completed offline: the chain files include {} from certchain's CCADB snapshot ({}), which your files lacked. \
         The snapshot has no revocation status for intermediates. Send the completed chain: a verifier that does not \
         fetch intermediates (Salesforce for inbound mutual TLS) fails without them.",
        names.join(", then "),
        completion.snapshot.snapshot_date
    )
}

fn pem_cert(cert: &Cert) -> String {
    pem_rfc7468::encode_string("CERTIFICATE", pem_rfc7468::LineEnding::LF, &cert.der).unwrap_or_default()
}

fn pem_certs<'a>(certs: impl IntoIterator<Item = &'a Cert>) -> Vec<u8> {
    certs.into_iter().map(pem_cert).collect::<String>().into_bytes()
}

/// The leaf file's name in the user's flow: what *Upload Mutual Authentication Certificate*
/// takes (inbound) or the server's own certificate (outbound).
pub fn leaf_file_name(flow: Flow, purpose: Purpose) -> &'static str {
    match (flow, purpose) {
        (Flow::Inbound, _) => "client.pem",
        (Flow::Outbound, _) => "server.pem",
        (_, Purpose::Server) => "server.pem",
        (_, Purpose::Client) => "client.pem",
        (_, Purpose::Any) => "certificate.pem",
    }
}

/// Check an alias against Salesforce's unique-name rule (Setup → Certificate and Key Management):
/// only letters, digits and underscores; begins with a letter; no two consecutive underscores;
/// does not end with an underscore.
pub fn validate_alias(alias: &str) -> Result<(), String> {
    let why = if alias.is_empty() {
        Some("it is empty".to_string())
    } else if !alias.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        Some("it must begin with a letter".to_string())
    } else if let Some(c) = alias.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
        Some(format!("it contains '{c}': only letters, digits and underscores are allowed"))
    } else if alias.contains("__") {
        Some("it contains two consecutive underscores".to_string())
    } else if alias.ends_with('_') {
        Some("it ends with an underscore".to_string())
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => Err(format!(
            "the alias '{alias}' is not a valid Salesforce certificate name: {why} (use letters, digits and single underscores, starting with a letter, e.g. my_client_cert)"
        )),
    }
}

/// An alias derived from the leaf's name that satisfies [`validate_alias`] (`api.example.com` →
/// `api_example_com`), or `certchain` when nothing usable remains.
pub fn default_alias(leaf_name: &str) -> String {
    let mut out = String::new();
    for c in leaf_name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_');
    let trimmed: String = trimmed.trim_start_matches(|c: char| !c.is_ascii_alphabetic()).chars().take(40).collect();
    let trimmed = trimmed.trim_end_matches('_').to_string();
    if validate_alias(&trimmed).is_ok() { trimmed } else { "certchain".to_string() }
}

/// HMAC-SHA256 expansion of the caller's entropy into `len` bytes for `label` (a salt or IV):
/// block i = HMAC(entropy, label ‖ i).
pub(crate) fn expand(entropy: &[u8; 32], label: &str, len: usize) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let mut out = Vec::with_capacity(len + 32);
    let mut counter: u32 = 0;
    while out.len() < len {
        match <hmac::SimpleHmac<sha2::Sha256> as KeyInit>::new_from_slice(entropy) {
            Ok(mut mac) => {
                mac.update(label.as_bytes());
                mac.update(&counter.to_be_bytes());
                out.extend_from_slice(&mac.finalize().into_bytes());
            }
            // HMAC takes keys of any length; unreachable in practice, and zeros keep it total.
            Err(_) => out.resize(len, 0),
        }
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// Build every output file the analysis allows; say why each missing one could not be built.
///
/// Files are built from what is present (leaf, intermediates, key) even when the path reaches no
/// trust anchor: [`Emitted::notes`] says once what that leaves unestablished. Refused is only what
/// would be wrong: pairing the certificate with a key that does not match it.
pub fn emit(analysis: &Analysis, request: &EmitRequest) -> Emitted {
    let report = &analysis.report;
    let mut out = Emitted::default();
    let leaf_name = leaf_file_name(report.flow, report.purpose);
    let names =
        [leaf_name, "chain.pem", "fullchain.pem", "fullcert.pem", "ca-bundle.pem", "keystore.p12", "keystore.jks"];

    match parts(analysis) {
        None => {
            out.notes.push("No certificate was found in the inputs, so there is no chain to write.".to_string());
            for name in names {
                out.skip(name, "no certificate (see the note)");
            }
        }
        Some(p) => {
            if let Some(completion) = analysis.report.completion.as_ref().filter(|_| analysis.completed.is_some()) {
                out.notes.push(completion_note(completion));
            }
            certificate_files(analysis, request, &p, leaf_name, &mut out)
        }
    }
    report_files(report, &mut out);
    out
}

fn certificate_files(analysis: &Analysis, request: &EmitRequest, p: &Parts<'_>, leaf_name: &str, out: &mut Emitted) {
    let flow = analysis.report.flow;
    let leaf = p.leaf;
    let leaf_description = match leaf_name {
        "client.pem" => "The client certificate alone: upload it under Setup → Certificate and Key Management → Mutual Authentication Certificates.".to_string(),
        "server.pem" => "Your server's certificate alone (the server itself must send chain.pem).".to_string(),
        _ => "The certificate alone (PEM).".to_string(),
    };
    out.add(leaf_name, leaf_description, PEM, false, pem_certs([leaf]));

    let key = analysis.decoded.keys.iter().find(|k| k.spki_der == leaf.spki_der);
    let key_problem = key_problem(analysis, leaf, key);
    out.notes.extend(p.untrusted.clone());
    // A missing or mismatched key is explained once; the files it refuses refer to the note.
    let key_skip = key_problem.as_ref().map(|(short, long)| {
        out.notes.push(long.clone());
        short.clone()
    });
    let mut chain: Vec<&Cert> = vec![leaf];
    chain.extend(p.intermediates.iter().copied());
    let mut full = chain.clone();
    full.extend(p.root);

    let chain_description = match flow {
        Flow::Outbound => "Certificate + intermediates, no root: what your server must send to Salesforce.",
        Flow::CsrUpload => "Signed certificate + intermediates, no root: what Upload Signed Certificate accepts.",
        _ => {
            "Certificate + intermediates, no root: what a client sends on port 8443 and what Upload Signed Certificate accepts."
        }
    };
    out.add("chain.pem", chain_description.to_string(), PEM, false, pem_certs(chain.iter().copied()));
    if p.root.is_none() && p.untrusted.is_some() && !leaf.is_self_signed() {
        out.skip(
            "fullchain.pem",
            "the root is not among your files (see the note), so there is no whole chain to write: use chain.pem",
        );
    } else if p.root.is_some() {
        out.add(
            "fullchain.pem",
            "Certificate + intermediates + root: for tools that want the whole chain.".to_string(),
            PEM,
            false,
            pem_certs(full.iter().copied()),
        );
    } else {
        out.skip(
            "fullchain.pem",
            format!(
                "'{}' is self-signed: it is its own root, so fullchain.pem would equal chain.pem",
                leaf.display_name()
            ),
        );
    }

    match (key, &key_skip) {
        (Some(key), _) => {
            let mut bytes = pem_rfc7468::encode_string("PRIVATE KEY", pem_rfc7468::LineEnding::LF, &key.pkcs8_der)
                .unwrap_or_default()
                .into_bytes();
            bytes.extend(pem_certs(chain.iter().copied()));
            out.add(
                "fullcert.pem",
                "Private key + certificate + intermediates: curl -E fullcert.pem https://<MyDomain>.my.salesforce.com:8443/... Keep it secret.".to_string(),
                PEM,
                true,
                bytes,
            );
        }
        (None, why) => out.skip("fullcert.pem", why.clone().unwrap_or_default()),
    }

    let mut bundle: Vec<&Cert> = p.intermediates.clone();
    bundle.extend(p.root);
    if bundle.is_empty() && p.untrusted.is_some() && !leaf.is_self_signed() {
        out.skip("ca-bundle.pem", "no CA certificate is among your files (see the note)");
    } else if bundle.is_empty() {
        out.skip(
            "ca-bundle.pem",
            format!("'{}' is self-signed: there is no CA certificate to bundle", leaf.display_name()),
        );
    } else {
        out.add(
            "ca-bundle.pem",
            "Intermediates + root: for curl --cacert, openssl verify -CAfile and truststores.".to_string(),
            PEM,
            false,
            pem_certs(bundle),
        );
    }

    keystores(request, leaf, key, key_skip.as_deref(), &full, analysis.report.checked_at.0, out);
}

/// Why no key can go with the leaf (`None` when one matches): a short reason for each refused
/// file, and the note that explains it once.
fn key_problem(analysis: &Analysis, leaf: &Cert, key: Option<&PrivateKey>) -> Option<(String, String)> {
    if key.is_some() {
        return None;
    }
    let keys = &analysis.decoded.keys;
    Some(if keys.is_empty() {
        (
            "no private key was given (see the note)".to_string(),
            format!(
                "No private key was given for '{}': fullcert.pem and the keystores need it. Add the key file (PEM, PKCS#12 or JKS) to build them.",
                leaf.display_name()
            ),
        )
    } else {
        let list: Vec<String> = keys.iter().map(|k| format!("{} ({})", k.algorithm, k.origin)).collect();
        (
            "the private key given does not match the certificate (see the note)".to_string(),
            format!(
                "The private key given ({}) does not match '{}' (their public keys differ), so no file pairs them: with a mismatched pair curl stops with error 58 (unable to set private key file). Use the key that was generated with this certificate's CSR.",
                list.join(", "),
                leaf.display_name()
            ),
        )
    })
}

fn keystores(
    request: &EmitRequest,
    leaf: &Cert,
    key: Option<&PrivateKey>,
    key_problem: Option<&str>,
    full: &[&Cert],
    created_at: i64,
    out: &mut Emitted,
) {
    let password = request.password.as_deref().filter(|p| !p.is_empty());
    let (Some(key), Some(password)) = (key, password) else {
        let reason = match (key_problem, password) {
            (Some(why), _) => why.to_string(),
            _ => "no keystore password was given (CLI: --password; the page asks for one); keystores are never written unprotected".to_string(),
        };
        out.skip("keystore.p12", reason.clone());
        out.skip("keystore.jks", reason);
        return;
    };
    let alias = request.alias.clone().unwrap_or_else(|| default_alias(&leaf.display_name()));
    let der: Vec<&[u8]> = full.iter().map(|c| c.der.as_slice()).collect();

    match pkcs12::build(&key.pkcs8_der, &der, &alias, password, &request.entropy) {
        Ok(bytes) => out.add(
            "keystore.p12",
            format!("PKCS#12 (AES-256, SHA-256 MAC) with the key and full chain as '{alias}': for curl --cert-type P12, Java and Windows; keytool converts it."),
            "application/x-pkcs12",
            true,
            bytes,
        ),
        Err(why) => out.skip("keystore.p12", why),
    }

    if let Err(why) = validate_alias(&alias) {
        out.skip("keystore.jks", why);
        return;
    }
    // JKS aliases are case-insensitive: Java lowercases them on lookup, so store them lowercased.
    let jks_alias = alias.to_ascii_lowercase();
    let millis = created_at.saturating_mul(1000);
    let bytes = jks::build(&key.pkcs8_der, &der, &jks_alias, password, millis, &request.entropy);
    // Built anyway (Java accepts it), but say when Salesforce will refuse it.
    let refusal = match &key.algorithm {
        KeyAlgorithm::Rsa { bits } if [2048, 3072, 4096].contains(bits) => String::new(),
        KeyAlgorithm::Rsa { bits } => {
            format!(" Salesforce will refuse it: the RSA key is {bits} bits, not 2048, 3072 or 4096.")
        }
        other => format!(" Salesforce will refuse it: the key is {other}, not RSA."),
    };
    out.add(
        "keystore.jks",
        format!("JKS with one PrivateKeyEntry '{jks_alias}' and its full chain (store password = key password): Setup → Certificate and Key Management → Import from Keystore.{refusal}"),
        "application/x-java-keystore",
        true,
        bytes,
    );
}

fn report_files(report: &Report, out: &mut Emitted) {
    match serde_json::to_string_pretty(report) {
        Ok(json) => out.add(
            "report.json",
            "The full analysis as JSON (for scripts and support cases).".to_string(),
            "application/json",
            false,
            (json + "\n").into_bytes(),
        ),
        Err(e) => out.skip("report.json", format!("the report could not be serialized: {e}")),
    }
    out.add(
        "report.md",
        "The analysis as Markdown for a support case: headline, chain, findings with fixes, inputs (no key material)."
            .to_string(),
        "text/markdown",
        false,
        markdown::render(report).into_bytes(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_follow_the_salesforce_rule() {
        assert!(validate_alias("my_client_cert").is_ok());
        assert!(validate_alias("A1").is_ok());
        for bad in ["", "1abc", "_abc", "abc_", "a__b", "my-cert", "my cert", "é"] {
            assert!(validate_alias(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(default_alias("api.example.com"), "api_example_com");
        assert_eq!(default_alias("*.example.com"), "example_com");
        assert_eq!(default_alias("123"), "certchain");
        assert_eq!(default_alias("Client -- Cert_"), "client_cert");
    }

    #[test]
    fn expansion_is_deterministic_and_label_separated() {
        let e = [7u8; 32];
        assert_eq!(expand(&e, "a", 40), expand(&e, "a", 40));
        assert_ne!(expand(&e, "a", 16), expand(&e, "b", 16));
        assert_eq!(expand(&e, "a", 40).len(), 40);
        assert_eq!(&expand(&e, "a", 40)[..16], &expand(&e, "a", 16)[..]);
    }
}
