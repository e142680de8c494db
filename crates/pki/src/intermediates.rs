//! The bundled snapshot of intermediate CA certificates disclosed to the CCADB, for completing a
//! chain offline when the user's files lack an intermediate (`data/intermediates.der`, made by
//! `scripts/make-intermediates-snapshot.py`; docs/trust-stores.md says what is in it and what not).
//!
//! Like the roots (`trust.rs`), the certificates are compiled in (feature `embedded-intermediates`,
//! the CLI) or handed over at run time by [`provide_der`] (the web page fetches them only when an
//! issuer is missing). Only the provenance (`data/intermediates-meta.tsv`, under 1 KB) is always
//! compiled in.
//!
//! Look-up is by the issuer name's DER: RFC 5280 §4.1.2.6 requires a CA to encode its subject
//! exactly as the issuer field of the certificates it issues, so byte equality finds the issuer
//! without parsing 3,000 certificates. The index (name → positions) is built once, by reading
//! only each certificate's TBS header fields; a certificate is parsed when it is a candidate.

use crate::cert::{Cert, Origin};
use der::{Decode, Header, Reader, SliceReader, Tag};
use sha2::Digest;
use std::collections::HashMap;
use std::sync::OnceLock;

const META_TSV: &str = include_str!("../data/intermediates-meta.tsv");

#[cfg(feature = "embedded-intermediates")]
fn der_source() -> Option<&'static [u8]> {
    Some(include_bytes!("../data/intermediates.der"))
}
#[cfg(not(feature = "embedded-intermediates"))]
static PROVIDED_DER: OnceLock<&'static [u8]> = OnceLock::new();
#[cfg(not(feature = "embedded-intermediates"))]
fn der_source() -> Option<&'static [u8]> {
    PROVIDED_DER.get().copied()
}

/// Where the snapshot comes from, as of when: shown with every certificate it adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnapshotInfo {
    /// Date of the CCADB data (YYYY-MM-DD).
    pub snapshot_date: String,
    pub source: String,
    pub source_commit: String,
    /// Certificates in the snapshot.
    pub certificates: usize,
    /// SHA-256 (hex) and length of `intermediates.der`.
    pub der_sha256: String,
    pub der_len: usize,
}

/// The snapshot's provenance (always available, certificates or not).
pub fn info() -> &'static SnapshotInfo {
    static INFO: OnceLock<SnapshotInfo> = OnceLock::new();
    INFO.get_or_init(|| parse_meta(META_TSV))
}

fn parse_meta(tsv: &str) -> SnapshotInfo {
    let mut info = SnapshotInfo::default();
    for line in tsv.lines() {
        let Some((key, value)) = line.strip_prefix("#@").and_then(|m| m.split_once('\t')) else { continue };
        match key {
            "snapshot_date" => info.snapshot_date = value.to_string(),
            "source" => info.source = value.to_string(),
            "source_commit" => info.source_commit = value.to_string(),
            "kept" => info.certificates = value.parse().unwrap_or(0),
            "der_sha256" => info.der_sha256 = value.to_string(),
            "der_len" => info.der_len = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    info
}

/// Whether the snapshot's certificates are available (always with `embedded-intermediates`).
pub fn available() -> bool {
    der_source().is_some()
}

/// The snapshot's bytes once available (the page passes them on to its analysis worker).
pub fn der_bytes() -> Option<&'static [u8]> {
    der_source()
}

/// Hands over `intermediates.der` (the web page, after fetching it). Checked against the
/// compiled-in length and SHA-256 first. Again with the same bytes: harmless; with other bytes,
/// or in a build that embeds them: an error unless they are equal.
pub fn provide_der(der: Vec<u8>) -> Result<(), String> {
    let info = info();
    if der.len() != info.der_len {
        return Err(format!(
            "the intermediate certificates are {} bytes, the snapshot of {} has {}",
            der.len(),
            info.snapshot_date,
            info.der_len
        ));
    }
    if crate::cert::hex(&sha2::Sha256::digest(&der)) != info.der_sha256 {
        return Err("the intermediate certificates do not hash to the snapshot's SHA-256".into());
    }
    if let Some(current) = der_source() {
        return if current == der.as_slice() {
            Ok(())
        } else {
            Err("other intermediates were already provided".into())
        };
    }
    #[cfg(not(feature = "embedded-intermediates"))]
    {
        // Leaked once per process: the index borrows it for the rest of the run.
        let _ = PROVIDED_DER.set(Box::leak(der.into_boxed_slice()));
    }
    Ok(())
}

/// The certificates' positions by subject DER, and each one parsed on first use.
struct Index {
    certs: Vec<&'static [u8]>,
    by_subject: HashMap<&'static [u8], Vec<usize>>,
    parsed: Vec<OnceLock<Option<Cert>>>,
}

fn index() -> Option<&'static Index> {
    static INDEX: OnceLock<Index> = OnceLock::new();
    let der = der_source()?;
    Some(INDEX.get_or_init(|| build_index(der)))
}

fn build_index(der: &'static [u8]) -> Index {
    let mut certs = Vec::new();
    let mut by_subject: HashMap<&'static [u8], Vec<usize>> = HashMap::new();
    let Ok(mut reader) = SliceReader::new(der) else {
        return Index { certs, by_subject, parsed: Vec::new() };
    };
    while !reader.is_finished() {
        // The data's SHA-256 was checked (or it is compiled in): a malformed record is a bug
        // in the generator, and stops the index rather than guessing where the next one starts.
        let Ok(cert) = reader.tlv_bytes() else { break };
        if let Some(subject) = subject_of(cert) {
            by_subject.entry(subject).or_default().push(certs.len());
        }
        certs.push(cert);
    }
    let parsed = (0..certs.len()).map(|_| OnceLock::new()).collect();
    Index { certs, by_subject, parsed }
}

/// The subject Name's DER (tag and length included) of a certificate, read from the TBS header
/// fields without decoding the rest (RFC 5280 §4.1: version, serial, signature, issuer, validity,
/// subject).
fn subject_of(cert: &'static [u8]) -> Option<&'static [u8]> {
    let mut reader = SliceReader::new(cert).ok()?;
    Header::decode(&mut reader).ok()?; // Certificate SEQUENCE
    Header::decode(&mut reader).ok()?; // TBSCertificate SEQUENCE
    if matches!(Tag::peek(&reader), Ok(Tag::ContextSpecific { .. })) {
        reader.tlv_bytes().ok()?; // [0] version
    }
    for _ in 0..4 {
        reader.tlv_bytes().ok()?; // serial, signature, issuer, validity
    }
    reader.tlv_bytes().ok()
}

fn origin(info: &SnapshotInfo, cert_index: usize) -> Origin {
    Origin {
        input: usize::MAX,
        file: format!("CCADB snapshot {}", info.snapshot_date),
        line: None,
        container: Some(format!("intermediate {}", cert_index + 1)),
    }
}

/// Certificates of the snapshot whose subject is `name_der`, parsed.
fn by_subject(index: &'static Index, name_der: &[u8]) -> Vec<&'static Cert> {
    let Some(positions) = index.by_subject.get(name_der) else { return Vec::new() };
    positions
        .iter()
        .filter_map(|&position| {
            index.parsed[position]
                .get_or_init(|| Cert::from_der(index.certs[position], origin(info(), position)).ok())
                .as_ref()
        })
        .collect()
}

/// Most snapshot certificates offered for one completion: enough for every cross-signed variant
/// of a real path, few enough that the path builder's budget is never spent on them.
pub const MAX_OFFERED: usize = 48;

/// The snapshot's certificates that could extend a path whose top is issued by `issuer_der`:
/// those with that subject, then (breadth-first) their issuers, up to `depth` levels and
/// [`MAX_OFFERED`] certificates. Empty when the snapshot is not available.
pub fn issuers_of(issuer_der: &[u8], depth: usize) -> Vec<Cert> {
    let Some(index) = index() else { return Vec::new() };
    let mut offered: Vec<Cert> = Vec::new();
    let mut names: Vec<Vec<u8>> = vec![issuer_der.to_vec()];
    // A few names at most: a list, not a set (smaller wasm).
    let mut asked: Vec<Vec<u8>> = Vec::new();
    for _ in 0..depth {
        let mut next = Vec::new();
        for name in names.drain(..) {
            if asked.contains(&name) {
                continue;
            }
            asked.push(name.clone());
            for cert in by_subject(index, &name) {
                if offered.len() >= MAX_OFFERED {
                    return offered;
                }
                if offered.iter().all(|c| c.sha256 != cert.sha256) {
                    next.push(cert.issuer_der.clone());
                    offered.push(cert.clone());
                }
            }
        }
        if next.is_empty() {
            break;
        }
        names = next;
    }
    offered
}

/// Whether a certificate has the origin given to the snapshot's certificates.
pub fn is_from_snapshot(origin: &Origin) -> bool {
    origin.input == usize::MAX && origin.file.starts_with("CCADB snapshot")
}

/// Certificates in the snapshot (0 until available).
pub fn count() -> usize {
    index().map_or(0, |i| i.certs.len())
}

#[cfg(all(test, feature = "embedded-intermediates"))]
mod tests {
    use super::*;

    #[test]
    fn snapshot_is_whole_and_indexed() {
        let info = info();
        assert_eq!(info.snapshot_date, "2026-08-21");
        let der = der_bytes().expect("embedded");
        assert_eq!(der.len(), info.der_len);
        assert_eq!(crate::cert::hex(&sha2::Sha256::digest(der)), info.der_sha256);
        assert_eq!(count(), info.certificates, "every certificate is split and indexed");
        let index = index().expect("index");
        assert_eq!(index.by_subject.values().map(Vec::len).sum::<usize>(), info.certificates);
        // Giving the same bytes again is harmless; other bytes are refused.
        assert!(provide_der(der.to_vec()).is_ok());
        assert!(provide_der(vec![0; 10]).is_err());
    }

    #[test]
    fn every_certificate_parses_and_its_subject_is_its_index_key() {
        let index = index().expect("index");
        for (name, positions) in &index.by_subject {
            for &position in positions {
                let cert = Cert::from_der(index.certs[position], Origin::default()).expect("parses");
                assert_eq!(cert.subject_der.as_slice(), *name);
            }
        }
    }
}
