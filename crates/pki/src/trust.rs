//! Trust stores: the bundled Salesforce snapshot, Mozilla's store, and custom roots.
//!
//! The snapshot (`crates/pki/data/`, made by `scripts/make-trust-snapshot.py`) is Mozilla's root
//! store from a pinned PyPI `certifi` release, plus the JDK `cacerts` roots, matched by SHA-256 of
//! the DER. It is an *estimate* of what Salesforce trusts, not Salesforce's list: that
//! `/cacerts.jsp` follows the Java `cacerts` list is inferred from the alias names the page uses
//! (`digicertglobalrootg2`), not documented by Salesforce. It is parsed once, on first use.

use crate::cert::{Cert, Origin, hex};
use der::Encode;
use serde::{Deserialize, Serialize};
use sha1::Sha1;
use sha2::Digest;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Index of the snapshot: one row per root, `#@key<TAB>value` provenance lines, `#` comments.
const SNAPSHOT_TSV: &str = include_str!("../data/roots.tsv");
/// The DER of the snapshot's certificates, concatenated in `roots.tsv` order: compiled in, or
/// handed over at run time by [`provide_snapshot_der`] (the web page: see the `embedded-roots`
/// feature). `None` until then; nothing built from the certificates is cached before it.
#[cfg(feature = "embedded-roots")]
fn snapshot_der() -> Option<&'static [u8]> {
    Some(include_bytes!("../data/roots.der"))
}
#[cfg(not(feature = "embedded-roots"))]
static PROVIDED_DER: OnceLock<&'static [u8]> = OnceLock::new();
#[cfg(not(feature = "embedded-roots"))]
fn snapshot_der() -> Option<&'static [u8]> {
    PROVIDED_DER.get().copied()
}

/// Whether the bundled root certificates are available (always, with `embedded-roots`). Without
/// them the Salesforce and Mozilla stores are empty, so a caller must provide them first.
pub fn snapshot_available() -> bool {
    snapshot_der().is_some()
}

/// The bundled root certificates' bytes (`roots.der`) once available: the page passes them on to
/// its analysis worker, which runs its own copy of the wasm.
pub fn snapshot_der_bytes() -> Option<&'static [u8]> {
    snapshot_der()
}

/// Hands over `roots.der` (the web page loads it after its first paint). Checked against
/// `roots.tsv` before it is used: the total length and every certificate's SHA-256. Calling it
/// again with the same bytes is harmless; with other bytes, or in a build that embeds them, it
/// fails unless they are equal.
pub fn provide_snapshot_der(der: Vec<u8>) -> Result<(), String> {
    check_snapshot_der(SNAPSHOT_TSV, &der)?;
    if let Some(current) = snapshot_der() {
        return if current == der.as_slice() {
            Ok(())
        } else {
            Err("other root certificates were already provided".into())
        };
    }
    #[cfg(not(feature = "embedded-roots"))]
    {
        // Leaked once per process: the snapshot borrows it for the rest of the run, as it
        // borrows compiled-in data.
        let _ = PROVIDED_DER.set(Box::leak(der.into_boxed_slice()));
    }
    Ok(())
}

/// The data rows of `roots.tsv`: no comment or `#@` provenance lines, no blank lines, and not the
/// first remaining line (the column names).
fn data_rows(tsv: &str) -> impl Iterator<Item = &str> {
    tsv.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()).skip(1)
}

/// `der` is exactly the certificates `tsv` indexes: same total length, each SHA-256 as listed.
fn check_snapshot_der(tsv: &str, der: &[u8]) -> Result<(), String> {
    let mut offset = 0usize;
    for line in data_rows(tsv) {
        let mut fields = line.split('\t');
        let (Some(sha256), Some(Ok(len))) = (fields.next(), fields.next().map(str::parse::<usize>)) else {
            return Err(format!("roots.tsv has a malformed row: {line}"));
        };
        if len == 0 {
            continue;
        }
        let end = offset.saturating_add(len);
        let Some(bytes) = der.get(offset..end) else {
            return Err(format!("the root certificates are {} bytes, fewer than roots.tsv indexes", der.len()));
        };
        if hex(&sha2::Sha256::digest(bytes)) != sha256 {
            return Err(format!("the root certificate at byte {offset} does not hash to {sha256} (roots.tsv)"));
        }
        offset = end;
    }
    if offset != der.len() {
        return Err(format!("the root certificates are {} bytes, roots.tsv indexes {offset}", der.len()));
    }
    Ok(())
}

/// How sure we are that Salesforce trusts a root (see DESIGN.md, "trust stores").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// In both the JDK `cacerts` list (which Salesforce's `/cacerts.jsp` appears to follow — an
    /// inference from its alias names, not a documented fact) and Mozilla's store.
    JdkAndMozilla,
    /// In Mozilla's store only: Salesforce trust unconfirmed.
    MozillaOnly,
    /// In the JDK list only (legacy roots): Salesforce trust unconfirmed.
    JdkOnly,
    /// Supplied by the user.
    Custom,
}

impl Tier {
    fn from_lists(in_jdk: bool, in_mozilla: bool) -> Option<Tier> {
        match (in_jdk, in_mozilla) {
            (true, true) => Some(Tier::JdkAndMozilla),
            (false, true) => Some(Tier::MozillaOnly),
            (true, false) => Some(Tier::JdkOnly),
            (false, false) => None,
        }
    }

    /// The snake_case name used in data files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::JdkAndMozilla => "jdk_and_mozilla",
            Tier::MozillaOnly => "mozilla_only",
            Tier::JdkOnly => "jdk_only",
            Tier::Custom => "custom",
        }
    }
}

/// A trusted root.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub cert: Cert,
    /// JDK `cacerts` alias (`digicertglobalrootg2`), the style of name Salesforce's `/cacerts.jsp` uses.
    pub alias: Option<String>,
    pub tier: Tier,
}

/// Which store, from where, as of when: shown in every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustStoreInfo {
    /// `salesforce`, `mozilla` or `custom`.
    pub id: String,
    pub name: String,
    /// Where the data comes from (package and version).
    pub source: String,
    /// Date of the snapshot (YYYY-MM-DD), empty for custom stores.
    pub snapshot_date: String,
    pub roots: usize,
    /// True for certchain's *estimate* of what Salesforce trusts (the `salesforce` store): a verdict
    /// reached through it names the root's tier, and the org's own `/cacerts.jsp` list replaces it.
    pub estimate: bool,
}

/// A set of trust anchors.
#[derive(Debug, Clone)]
pub struct TrustStore {
    pub info: TrustStoreInfo,
    pub anchors: Vec<Anchor>,
    /// Subject DER → positions in `anchors`, built once so issuer look-ups do not re-encode
    /// every anchor's name per call. Valid while `anchors` has the length it was built for.
    subject_index: SubjectIndex,
}

#[derive(Debug, Clone, Default)]
struct SubjectIndex {
    anchors_len: usize,
    positions: BTreeMap<Vec<u8>, Vec<usize>>,
}

impl SubjectIndex {
    fn build(anchors: &[Anchor]) -> SubjectIndex {
        let mut positions: BTreeMap<Vec<u8>, Vec<usize>> = BTreeMap::new();
        for (position, anchor) in anchors.iter().enumerate() {
            if let Ok(subject) = anchor.cert.parsed.tbs_certificate().subject().to_der() {
                positions.entry(subject).or_default().push(position);
            }
        }
        SubjectIndex { anchors_len: anchors.len(), positions }
    }
}

impl TrustStore {
    /// A store with these anchors; `info.roots` is set from the anchors.
    pub fn new(mut info: TrustStoreInfo, anchors: Vec<Anchor>) -> TrustStore {
        info.roots = anchors.len();
        let subject_index = SubjectIndex::build(&anchors);
        TrustStore { info, anchors, subject_index }
    }

    /// Exactly these roots.
    pub fn custom(certs: Vec<Cert>) -> TrustStore {
        let anchors: Vec<Anchor> =
            certs.into_iter().map(|cert| Anchor { cert, alias: None, tier: Tier::Custom }).collect();
        TrustStore::new(
            TrustStoreInfo {
                id: "custom".into(),
                name: "Custom roots".into(),
                source: "supplied by the user".into(),
                snapshot_date: String::new(),
                roots: 0,
                estimate: false,
            },
            anchors,
        )
    }

    /// The bundled Salesforce snapshot: every root with a certificate in any tier (Mozilla's
    /// store, which Salesforce names as its baseline, plus the JDK `cacerts` roots its
    /// `/cacerts.jsp` page mirrors). Parsed once; later calls return the same instance.
    pub fn salesforce() -> &'static TrustStore {
        &snapshot().salesforce
    }

    /// Mozilla's root store alone (tiers `jdk_and_mozilla` and `mozilla_only`).
    pub fn mozilla() -> &'static TrustStore {
        &snapshot().mozilla
    }

    /// Anchors whose subject equals `subject_der` (DER of the Name).
    pub fn by_subject<'a>(&'a self, subject_der: &'a [u8]) -> impl Iterator<Item = &'a Anchor> + 'a {
        let indexed = self.subject_index.anchors_len == self.anchors.len();
        let from_index = indexed
            .then(|| self.subject_index.positions.get(subject_der))
            .flatten()
            .into_iter()
            .flatten()
            .filter_map(|&position| self.anchors.get(position));
        // `anchors` was changed after construction: fall back to comparing every subject.
        let by_scan = self.anchors.iter().filter(move |anchor| {
            !indexed && anchor.cert.parsed.tbs_certificate().subject().to_der().is_ok_and(|d| d == subject_der)
        });
        from_index.chain(by_scan)
    }

    /// The anchor with this certificate SHA-256, if any.
    pub fn by_sha256(&self, sha256: &str) -> Option<&Anchor> {
        let wanted = normalize_fingerprint(sha256);
        self.anchors.iter().find(|a| a.cert.sha256 == wanted)
    }
}

/// One root of the bundled snapshot, as listed in `crates/pki/data/roots.tsv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotRoot {
    /// SHA-256 of the certificate's DER, lowercase hex.
    pub sha256: &'static str,
    /// JDK `cacerts` alias (`digicertglobalrootg2`), or one derived from the subject when the root
    /// is not in the JDK list (then `alias_derived` is true: Salesforce may name it differently).
    pub alias: &'static str,
    pub alias_derived: bool,
    pub tier: Tier,
    pub in_mozilla: bool,
    pub in_jdk: bool,
    /// Subject CN (or OU/O), empty when no certificate is bundled.
    pub label: &'static str,
    /// Package the certificate was taken from (`certifi 2019.11.28`), empty when none.
    pub cert_source: &'static str,
    /// Whether the certificate itself is bundled (false: known by fingerprint only).
    pub has_certificate: bool,
}

impl SnapshotRoot {
    /// The alias to show as a JDK/`cacerts.jsp` name: only when it really is one.
    pub fn jdk_alias(&self) -> Option<&'static str> {
        self.in_jdk.then_some(self.alias)
    }
}

/// Provenance of the bundled snapshot (from the `#@` lines of `roots.tsv`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SnapshotProvenance {
    pub snapshot_date: String,
    pub mozilla_source: String,
    pub mozilla_sha256: String,
    pub jdk_source: String,
    pub generated_on: String,
}

struct Snapshot {
    provenance: SnapshotProvenance,
    roots: Vec<SnapshotRoot>,
    /// Parsed certificate per row of `roots` (None for fingerprint-only rows).
    certs: Vec<Option<Cert>>,
    by_sha256: BTreeMap<&'static str, usize>,
    by_alias: BTreeMap<&'static str, usize>,
    salesforce: TrustStore,
    mozilla: TrustStore,
    /// Problems reading the embedded data. Empty for a well-formed snapshot (tests check).
    errors: Vec<String>,
}

fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    // Until the certificates arrive: the index without them (empty stores, one error saying
    // why), kept apart so that the real snapshot is still built once they do.
    static WITHOUT_CERTIFICATES: OnceLock<Snapshot> = OnceLock::new();
    match snapshot_der() {
        Some(der) => SNAPSHOT.get_or_init(|| load_snapshot(SNAPSHOT_TSV, Some(der))),
        None => WITHOUT_CERTIFICATES.get_or_init(|| load_snapshot(SNAPSHOT_TSV, None)),
    }
}

fn parse_flag(value: &str) -> Option<bool> {
    match value {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

fn load_snapshot(tsv: &'static str, der: Option<&'static [u8]>) -> Snapshot {
    let mut provenance = SnapshotProvenance::default();
    let mut roots = Vec::new();
    let mut certs = Vec::new();
    let mut errors = Vec::new();
    if der.is_none() {
        errors.push("the bundled root certificates are not loaded yet (provide_snapshot_der)".to_string());
    }
    let mut offset = 0usize;
    let mut header_seen = false;
    for (number, line) in tsv.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if let Some(meta) = line.strip_prefix("#@") {
            let (key, value) = meta.split_once('\t').unwrap_or((meta, ""));
            let value = value.to_string();
            match key {
                "snapshot_date" => provenance.snapshot_date = value,
                "mozilla_source" => provenance.mozilla_source = value,
                "mozilla_sha256" => provenance.mozilla_sha256 = value,
                "jdk_source" => provenance.jdk_source = value,
                "generated_on" => provenance.generated_on = value,
                _ => {}
            }
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true; // column names
            continue;
        }
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [sha256, der_len, alias, alias_source, tier_column, in_mozilla, in_jdk, cert_source, label] = fields[..]
        else {
            errors.push(format!("roots.tsv line {number}: expected 9 tab-separated fields"));
            continue;
        };
        let (Ok(der_len), Some(in_mozilla), Some(in_jdk)) =
            (der_len.parse::<usize>(), parse_flag(in_mozilla), parse_flag(in_jdk))
        else {
            errors.push(format!("roots.tsv line {number}: bad der_len or 0/1 flag"));
            continue;
        };
        let Some(tier) = Tier::from_lists(in_jdk, in_mozilla) else {
            errors.push(format!("roots.tsv line {number}: root in neither list"));
            continue;
        };
        if tier_column != tier.as_str() {
            errors.push(format!("roots.tsv line {number}: tier {tier_column} disagrees with in_jdk/in_mozilla"));
        }
        let cert = if der_len == 0 {
            None
        } else if let Some(der) = der {
            let end = offset.saturating_add(der_len);
            let parsed = match der.get(offset..end) {
                None => Err("roots.der is shorter than roots.tsv says".to_string()),
                Some(bytes) => {
                    let origin = Origin {
                        file: "bundled trust snapshot".into(),
                        container: Some(format!("root {alias}")),
                        ..Origin::default()
                    };
                    Cert::from_der(bytes, origin)
                }
            };
            offset = end;
            match parsed {
                Ok(cert) if cert.sha256 == sha256 => Some(cert),
                Ok(cert) => {
                    errors
                        .push(format!("roots.tsv line {number}: {alias}: DER hashes to {}, not {sha256}", cert.sha256));
                    None
                }
                Err(e) => {
                    errors.push(format!("roots.tsv line {number}: {alias}: {e}"));
                    None
                }
            }
        } else {
            None
        };
        roots.push(SnapshotRoot {
            sha256,
            alias,
            alias_derived: alias_source != "jdk",
            tier,
            in_mozilla,
            in_jdk,
            label,
            cert_source,
            has_certificate: cert.is_some(),
        });
        certs.push(cert);
    }
    if let Some(der) = der.filter(|der| offset != der.len()) {
        errors.push(format!("roots.der has {} bytes, roots.tsv indexes {offset}", der.len()));
    }

    let mut by_sha256 = BTreeMap::new();
    let mut by_alias = BTreeMap::new();
    for (row, root) in roots.iter().enumerate() {
        if by_sha256.insert(root.sha256, row).is_some() {
            errors.push(format!("duplicate fingerprint {}", root.sha256));
        }
        if by_alias.insert(root.alias, row).is_some() {
            errors.push(format!("duplicate alias {}", root.alias));
        }
    }

    let anchors = |keep: &dyn Fn(&SnapshotRoot) -> bool| -> Vec<Anchor> {
        roots
            .iter()
            .zip(&certs)
            .filter(|(root, _)| keep(root))
            .filter_map(|(root, cert)| {
                Some(Anchor { cert: cert.clone()?, alias: root.jdk_alias().map(str::to_string), tier: root.tier })
            })
            .collect()
    };
    let salesforce = TrustStore::new(
        TrustStoreInfo {
            id: "salesforce".into(),
            name: salesforce_estimate_label(),
            source: format!(
                "an estimate, not your org's list: {} + the OpenJDK cacerts list ({}); /cacerts.jsp uses the Java cacerts alias names, so certchain assumes it follows that list (not documented by Salesforce)",
                provenance.mozilla_source, provenance.jdk_source
            ),
            snapshot_date: provenance.snapshot_date.clone(),
            roots: 0,
            estimate: true,
        },
        anchors(&|_| true),
    );
    let mozilla = TrustStore::new(
        TrustStoreInfo {
            id: "mozilla".into(),
            name: "Mozilla root store".into(),
            source: provenance.mozilla_source.clone(),
            snapshot_date: provenance.snapshot_date.clone(),
            roots: 0,
            estimate: false,
        },
        anchors(&|root| root.in_mozilla),
    );
    Snapshot { provenance, roots, certs, by_sha256, by_alias, salesforce, mozilla, errors }
}

/// The date of the bundled snapshot (YYYY-MM-DD, the `#@snapshot_date` line of `roots.tsv`), read
/// without parsing the snapshot's certificates: the page shows it in a label before any analysis.
pub fn snapshot_date() -> &'static str {
    SNAPSHOT_TSV
        .lines()
        .take_while(|line| line.starts_with('#') || line.trim().is_empty())
        .find_map(|line| line.strip_prefix("#@snapshot_date\t"))
        .unwrap_or("")
}

/// The name of the default store wherever it is shown (page, CLI, JSON, element):
/// "Salesforce — estimated from Mozilla + Java cacerts, 2026-10-18". Saying "estimated" is the
/// point: it is built from public lists, not read from any org.
pub fn salesforce_estimate_label() -> String {
    format!("Salesforce — estimated from Mozilla + Java cacerts, {}", snapshot_date())
}

/// Lowercase hex without separators: accepts `AB:CD:…`, `ab cd …` and `abcd…`.
fn normalize_fingerprint(fingerprint: &str) -> String {
    fingerprint.chars().filter(char::is_ascii_hexdigit).map(|c| c.to_ascii_lowercase()).collect()
}

/// Provenance of the bundled snapshot: package, version, hash, dates.
pub fn snapshot_provenance() -> &'static SnapshotProvenance {
    &snapshot().provenance
}

/// Every root of the bundled snapshot, including JDK roots known by fingerprint only.
pub fn snapshot_roots() -> &'static [SnapshotRoot] {
    &snapshot().roots
}

/// Problems found reading the embedded snapshot; empty unless the data files are damaged.
pub fn snapshot_errors() -> &'static [String] {
    &snapshot().errors
}

/// The snapshot root with this SHA-256 (any case, colons allowed).
pub fn snapshot_root(sha256: &str) -> Option<&'static SnapshotRoot> {
    let snapshot = snapshot();
    let wanted = normalize_fingerprint(sha256);
    snapshot.by_sha256.get(wanted.as_str()).and_then(|&row| snapshot.roots.get(row))
}

/// The snapshot root with this alias (JDK or derived), case-insensitive, ` [jdk]` suffix allowed.
pub fn snapshot_root_by_alias(alias: &str) -> Option<&'static SnapshotRoot> {
    let snapshot = snapshot();
    let wanted = alias.trim().trim_end_matches("[jdk]").trim().to_ascii_lowercase();
    snapshot.by_alias.get(wanted.as_str()).and_then(|&row| snapshot.roots.get(row))
}

/// The bundled certificate of a snapshot root, if there is one.
pub fn snapshot_certificate(root: &SnapshotRoot) -> Option<&'static Cert> {
    let snapshot = snapshot();
    let row = *snapshot.by_sha256.get(root.sha256)?;
    snapshot.certs.get(row)?.as_ref()
}

/// Where the root with this certificate SHA-256 stands in the estimated Salesforce store, whatever
/// store the analysis uses: `(JDK alias, the style /cacerts.jsp names roots in; tier)`, or `None`
/// when the root is in neither list (then the report says `not_in_salesforce_store`).
pub fn salesforce_status(sha256: &str) -> Option<(Option<&'static str>, Tier)> {
    let index = status_index();
    let row = index.rows.get(*index.by_sha256.get(normalize_fingerprint(sha256).as_str())?)?;
    Some((row.jdk_alias, row.tier))
}

/// Like [`salesforce_status`], by subject and public key instead of fingerprint: a verifier treats
/// a re-issued root with the same name and key as the same anchor (RFC 5280 §6.1.1 (d) uses only
/// the trust anchor's name and key), so the lists of all matching snapshot certificates combine.
pub fn salesforce_status_by_subject_and_key(
    subject_der: &[u8],
    spki_der: &[u8],
) -> Option<(Option<&'static str>, Tier)> {
    let index = status_index();
    let rows = index.by_subject_and_key.get(&(subject_der, spki_der))?;
    let members = || rows.iter().filter_map(|&row| index.rows.get(row));
    let in_jdk = members().any(|root| root.in_jdk);
    let in_mozilla = members().any(|root| root.in_mozilla);
    let alias = members().find_map(|root| root.jdk_alias);
    Tier::from_lists(in_jdk, in_mozilla).map(|tier| (alias, tier))
}

/// The status of a certificate: by fingerprint, else by subject and key (see above). With both,
/// the subject-and-key answer wins, as it combines every certificate of the same root.
pub fn salesforce_status_of(cert: &Cert) -> Option<(Option<&'static str>, Tier)> {
    // `subject_der` and `spki_der` are the certificate's own subject and key DER (re-encoded).
    let by_key = salesforce_status_by_subject_and_key(&cert.subject_der, &cert.spki_der);
    by_key.or_else(|| salesforce_status(&cert.sha256))
}

/// The Salesforce status of every bundled root, read from `roots.tsv` and the certificates' DER
/// structure without parsing them. Every analysis asks for its anchor's status, also with custom
/// roots; loading the whole snapshot for that parsed ~170 certificates (~8 ms, 95% of a `certchain
/// analyze --trust roots.pem` run). Rows follow `load_snapshot` one for one (tests/properties.rs
/// compares the answers for every bundled root).
struct StatusIndex {
    rows: Vec<StatusRow>,
    by_sha256: std::collections::HashMap<&'static str, usize>,
    by_subject_and_key: std::collections::HashMap<(&'static [u8], &'static [u8]), Vec<usize>>,
}

struct StatusRow {
    jdk_alias: Option<&'static str>,
    in_jdk: bool,
    in_mozilla: bool,
    tier: Tier,
}

fn status_index() -> &'static StatusIndex {
    static INDEX: OnceLock<StatusIndex> = OnceLock::new();
    static WITHOUT_CERTIFICATES: OnceLock<StatusIndex> = OnceLock::new();
    match snapshot_der() {
        Some(der) => INDEX.get_or_init(|| build_status_index(Some(der))),
        None => WITHOUT_CERTIFICATES.get_or_init(|| build_status_index(None)),
    }
}

/// The index; without the certificates (not loaded yet) it answers by fingerprint only.
fn build_status_index(der: Option<&'static [u8]>) -> StatusIndex {
    {
        // Sized for the ~180 rows up front: growing the maps rehashed every key several times.
        let rows = SNAPSHOT_TSV.lines().count();
        let mut index = StatusIndex {
            rows: Vec::with_capacity(rows),
            by_sha256: std::collections::HashMap::with_capacity(rows),
            by_subject_and_key: std::collections::HashMap::with_capacity(rows),
        };
        let mut offset = 0usize;
        for line in data_rows(SNAPSHOT_TSV) {
            let fields: Vec<&'static str> = line.split('\t').collect();
            let [sha256, der_len, alias, _, _, in_mozilla, in_jdk, _, _] = fields[..] else { continue };
            let (Ok(der_len), Some(in_mozilla), Some(in_jdk)) =
                (der_len.parse::<usize>(), parse_flag(in_mozilla), parse_flag(in_jdk))
            else {
                continue;
            };
            let Some(tier) = Tier::from_lists(in_jdk, in_mozilla) else { continue };
            let row = index.rows.len();
            if der_len > 0 {
                let end = offset.saturating_add(der_len);
                if let Some(key) = der.and_then(|der| der.get(offset..end)).and_then(subject_and_key_of_der) {
                    index.by_subject_and_key.entry(key).or_default().push(row);
                }
                offset = end;
            }
            index.by_sha256.insert(sha256, row);
            index.rows.push(StatusRow { jdk_alias: in_jdk.then_some(alias), in_jdk, in_mozilla, tier });
        }
        index
    }
}

/// (subject DER, SubjectPublicKeyInfo DER) of a bundled certificate: the same root re-issued under
/// another fingerprint (e.g. GlobalSign ECC Root CA - R4) is the same trust anchor to a verifier.
/// Read by walking the certificate's TLV structure:
/// Certificate ::= SEQUENCE { tbs SEQUENCE { [0] version OPTIONAL, serial, signature, issuer,
/// validity, subject, subjectPublicKeyInfo, ... }, ... }.
fn subject_and_key_of_der(der: &'static [u8]) -> Option<(&'static [u8], &'static [u8])> {
    use crate::tlv;
    let (certificate, _) = tlv::read(der).ok()?;
    let (tbs, _) = tlv::read(certificate.value).ok()?;
    let fields = tlv::children_strict(tbs.value).ok()?;
    let skip = usize::from(fields.first()?.tag == tlv::CONTEXT_0);
    Some((fields.get(skip + 4)?.full, fields.get(skip + 5)?.full))
}

/// JDK `cacerts` roots with no certificate in the snapshot (listed by fingerprint only), so a
/// report can still name them.
pub fn jdk_only_fingerprints() -> Vec<&'static SnapshotRoot> {
    snapshot().roots.iter().filter(|root| !root.has_certificate).collect()
}

/// SHA-1 of each bundled certificate → row (for fingerprints copied from `/cacerts.jsp` or keytool).
fn sha1_index() -> &'static BTreeMap<String, usize> {
    static INDEX: OnceLock<BTreeMap<String, usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let snapshot = snapshot();
        snapshot
            .certs
            .iter()
            .enumerate()
            .filter_map(|(row, cert)| Some((hex(&Sha1::digest(&cert.as_ref()?.der)), row)))
            .collect()
    })
}

/// How an imported item was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMatch {
    /// A PEM certificate: taken as given, whether or not the snapshot knows it.
    Certificate,
    Sha256,
    Sha1,
    Alias,
}

/// One root found in an imported list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedRoot {
    /// 1-based line of the text where it was found.
    pub line: usize,
    /// The text as written (alias, fingerprint, or `PEM certificate`).
    pub token: String,
    pub matched_by: ImportMatch,
    pub sha256: String,
    /// The `/cacerts.jsp` alias: as written in the list, else the snapshot's.
    pub alias: Option<String>,
}

/// Something that looks like a root reference but could not be turned into a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedToken {
    pub line: usize,
    pub token: String,
    /// What went wrong and what to do.
    pub reason: String,
}

/// A custom store built from an org's saved `/cacerts.jsp` page (or any list of roots).
#[derive(Debug, Clone)]
pub struct ImportedStore {
    pub store: TrustStore,
    pub matched: Vec<ImportedRoot>,
    pub unmatched: Vec<UnmatchedToken>,
    /// 1-based lines where a private key block begins: a trust list never needs one, so callers
    /// that keep the list (the page's "remember") refuse to while one is present.
    pub private_key_lines: Vec<usize>,
}

impl ImportedStore {
    /// The matched roots as a list that imports to the same store and holds nothing else: the
    /// SHA-256 of each root the snapshot has a certificate for (its alias comes back from the
    /// snapshot), the PEM certificate of every other root. Never any key, prose or unmatched
    /// token: what the page remembers in the browser.
    pub fn roots_text(&self) -> String {
        use base64ct::{Base64, Encoding};
        let mut out = String::from("# certchain: roots imported from an org trust list\n");
        for anchor in &self.store.anchors {
            let cert = &anchor.cert;
            if snapshot_root(&cert.sha256).and_then(snapshot_certificate).is_some() {
                out.push_str(&cert.sha256);
                out.push('\n');
            } else {
                out.push_str("-----BEGIN CERTIFICATE-----\n");
                let body = Base64::encode_string(&cert.der);
                for chunk in body.as_bytes().chunks(64) {
                    out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
                    out.push('\n');
                }
                out.push_str("-----END CERTIFICATE-----\n");
            }
        }
        out
    }
}

/// The org list's name as a store heading, for one list imported alone and for the store built from
/// every input (docs/trust-stores.md quotes it).
const ORG_LIST_NAME: &str = "Your org's trust list (imported)";

/// The store for [`crate::TrustChoice::OrgList`]: every input's text read by [`import_org_list`]
/// (bytes that are not UTF-8 are replaced), the roots of all of them, each once.
pub fn org_list_store(inputs: &[crate::Input]) -> TrustStore {
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut unmatched = 0;
    for input in inputs {
        let imported = import_org_list(&String::from_utf8_lossy(&input.bytes));
        unmatched += imported.unmatched.len();
        anchors.extend(imported.store.anchors.into_iter().filter(|a| seen.insert(a.cert.sha256.clone())));
    }
    TrustStore::new(
        TrustStoreInfo {
            id: "org_list".into(),
            name: ORG_LIST_NAME.into(),
            source: format!("imported list: {} roots, {unmatched} items not matched", anchors.len()),
            snapshot_date: String::new(),
            roots: 0,
            estimate: false,
        },
        anchors,
    )
}

/// Builds a store from text holding PEM certificates, SHA-1/SHA-256 fingerprints (hex, colons
/// optional) and/or `cacerts` aliases — typically the saved HTML of an org's `/cacerts.jsp`, or
/// `keytool -list` output. Fingerprints and aliases are matched against the bundled snapshot;
/// whatever cannot be matched is reported with its line so the user can paste the certificate.
pub fn import_org_list(text: &str) -> ImportedStore {
    let mut importer = Importer::default();
    let mut pem: Option<(usize, String)> = None; // (BEGIN line, base64 so far)
    let mut inside_tag = false;
    for (number, raw_line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if raw_line.contains("PRIVATE KEY-----") && raw_line.contains("-----BEGIN ") {
            importer.private_key_lines.push(number);
        }
        if let Some((start, body)) = pem.as_mut() {
            if let Some(end) = raw_line.find("-----END ") {
                body.push_str(raw_line.get(..end).unwrap_or(""));
                let (start, body) = (*start, std::mem::take(body));
                pem = None;
                importer.pem_certificate(start, &body);
            } else {
                body.push_str(raw_line);
            }
            continue;
        }
        if let Some(begin) =
            PEM_CERTIFICATE_LABELS.iter().find_map(|label| raw_line.find(label).map(|at| at + label.len()))
        {
            let rest = raw_line.get(begin..).unwrap_or("");
            if let Some(end) = rest.find("-----END ") {
                importer.pem_certificate(number, rest.get(..end).unwrap_or(""));
            } else {
                pem = Some((number, rest.to_string()));
            }
            continue;
        }
        for value in anchor_attribute_values(raw_line) {
            importer.alias_candidate(number, &value, true);
        }
        let line = strip_tags(raw_line, &mut inside_tag);
        importer.text_line(number, &line);
    }
    if let Some((start, _)) = pem {
        importer.unmatched.push(UnmatchedToken {
            line: start,
            token: "PEM certificate".into(),
            reason: "the PEM block has no -----END CERTIFICATE----- line: copy the whole block".into(),
        });
    }
    importer.finish()
}

const PEM_CERTIFICATE_LABELS: [&str; 3] =
    ["-----BEGIN CERTIFICATE-----", "-----BEGIN TRUSTED CERTIFICATE-----", "-----BEGIN X509 CERTIFICATE-----"];

#[derive(Default)]
struct Importer {
    anchors: Vec<Anchor>,
    seen: BTreeSet<String>,
    matched: Vec<ImportedRoot>,
    unmatched: Vec<UnmatchedToken>,
    /// (line, token) already handled, so a token repeated in an attribute and in text counts once.
    handled: BTreeSet<(usize, String)>,
    private_key_lines: Vec<usize>,
}

impl Importer {
    fn pem_certificate(&mut self, line: usize, body: &str) {
        use base64ct::{Base64, Encoding};
        let mut inside_tag = false;
        let cleaned: String = strip_tags(body, &mut inside_tag)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
            .collect();
        let unmatched = |reason: String| UnmatchedToken { line, token: "PEM certificate".into(), reason };
        let der = match Base64::decode_vec(&cleaned) {
            Ok(der) => der,
            Err(e) => {
                self.unmatched.push(unmatched(format!("the certificate's base64 is damaged ({e}): copy it again")));
                return;
            }
        };
        let origin = Origin { file: "imported trust list".into(), line: Some(line), ..Origin::default() };
        match Cert::from_der(&der, origin) {
            Ok(cert) => {
                let alias = snapshot_root(&cert.sha256).map(|root| root.alias.to_string());
                self.add(line, "PEM certificate".into(), ImportMatch::Certificate, cert, alias);
            }
            Err(e) => self.unmatched.push(unmatched(e)),
        }
    }

    fn add(&mut self, line: usize, token: String, matched_by: ImportMatch, cert: Cert, alias: Option<String>) {
        self.matched.push(ImportedRoot { line, token, matched_by, sha256: cert.sha256.clone(), alias: alias.clone() });
        if self.seen.insert(cert.sha256.clone()) {
            self.anchors.push(Anchor { cert, alias, tier: Tier::Custom });
        }
    }

    /// A snapshot root named by fingerprint or alias: add its certificate, or say why not.
    fn add_snapshot_root(&mut self, line: usize, token: &str, matched_by: ImportMatch, root: &'static SnapshotRoot) {
        let alias = if matched_by == ImportMatch::Alias { token.to_string() } else { root.alias.to_string() };
        match snapshot_certificate(root) {
            Some(cert) => {
                let mut cert = cert.clone();
                cert.origin = Origin { file: "imported trust list".into(), line: Some(line), ..Origin::default() };
                self.add(line, token.to_string(), matched_by, cert, Some(alias));
            }
            None => self.unmatched.push(UnmatchedToken {
                line,
                token: token.to_string(),
                reason: format!(
                    "JDK root {} is known only by its fingerprint: no certificate is bundled. Paste its PEM to trust it",
                    root.alias
                ),
            }),
        }
    }

    fn alias_candidate(&mut self, line: usize, word: &str, report_unknown: bool) {
        if !self.handled.insert((line, word.to_string())) {
            return;
        }
        match snapshot_root_by_alias(word) {
            Some(root) => self.add_snapshot_root(line, word, ImportMatch::Alias, root),
            None if report_unknown => self.unmatched.push(UnmatchedToken {
                line,
                token: word.to_string(),
                reason: "alias not in the bundled snapshot: paste this root's PEM certificate instead".into(),
            }),
            None => {}
        }
    }

    fn text_line(&mut self, line: usize, text: &str) {
        let text = decode_entities(text);
        // Serial numbers are hex too (up to 40 digits): never read them as fingerprints.
        let mentions_serial = text.to_ascii_lowercase().contains("serial");
        let mut fingerprints = 0;
        if !mentions_serial {
            for token in text.split(|c: char| !(c.is_ascii_hexdigit() || c == ':')) {
                let Some((written, hex)) = fingerprint_in(token) else { continue };
                fingerprints += 1;
                let (root, matched_by) = if hex.len() == 64 {
                    (snapshot_root(&hex), ImportMatch::Sha256)
                } else {
                    let snapshot = snapshot();
                    (sha1_index().get(&hex).and_then(|&row| snapshot.roots.get(row)), ImportMatch::Sha1)
                };
                if !self.handled.insert((line, hex.clone())) {
                    continue;
                }
                match root {
                    Some(root) => self.add_snapshot_root(line, written, matched_by, root),
                    None => self.unmatched.push(UnmatchedToken {
                        line,
                        token: written.to_string(),
                        reason: format!(
                            "{} fingerprint not in the bundled snapshot: paste this root's PEM certificate instead",
                            if hex.len() == 64 { "SHA-256" } else { "SHA-1" }
                        ),
                    }),
                }
            }
        }
        // Aliases: any known alias word counts; an unknown one is reported only where the line
        // clearly names an entry (alone on the line, `Alias name: x`, `x [jdk]`, keytool rows).
        let trimmed = text.trim();
        let marked = trimmed
            .strip_prefix("Alias name:")
            .map(str::trim)
            .or_else(|| trimmed.split_once("[jdk]").map(|(alias, _)| alias.trim()))
            .or_else(|| trimmed.contains("trustedCertEntry").then(|| trimmed.split(',').next().unwrap_or("").trim()));
        // A lone word is only taken for an alias when it reads like one, so that `loading` or
        // `contents` on a line of their own are not reported.
        let lone = (fingerprints == 0 && !trimmed.contains(char::is_whitespace) && reads_like_root_alias(trimmed))
            .then_some(trimmed);
        let explicit = marked.or(lone).filter(|word| looks_like_alias(word));
        if let Some(word) = explicit {
            self.alias_candidate(line, word, true);
        }
        for word in trimmed.split(|c: char| !c.is_ascii_alphanumeric()) {
            if looks_like_alias(word) && snapshot_root_by_alias(word).is_some() {
                self.alias_candidate(line, word, false);
            }
        }
    }

    fn finish(self) -> ImportedStore {
        let store = TrustStore::new(
            TrustStoreInfo {
                id: "custom".into(),
                name: ORG_LIST_NAME.into(),
                source: format!(
                    "imported list: {} roots, {} items not matched",
                    self.anchors.len(),
                    self.unmatched.len()
                ),
                snapshot_date: String::new(),
                roots: 0,
                estimate: false,
            },
            self.anchors,
        );
        ImportedStore {
            store,
            matched: self.matched,
            unmatched: self.unmatched,
            private_key_lines: self.private_key_lines,
        }
    }
}

/// `cacerts` aliases are lowercase letters and digits (`digicertglobalrootg2`).
fn looks_like_alias(word: &str) -> bool {
    word.len() >= 4
        && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && word.bytes().any(|b| b.is_ascii_lowercase())
}

/// Typical shape of a `cacerts` alias: long, with a CA-ish word or a digit (`swisssigngoldg2ca`).
fn reads_like_root_alias(word: &str) -> bool {
    word.len() >= 8
        && (word.bytes().any(|b| b.is_ascii_digit())
            || ["ca", "root", "cert", "trust", "sign", "authority"].iter().any(|part| word.contains(part)))
}

/// A SHA-1 or SHA-256 fingerprint in `token` (hex, optionally in colon-separated pairs, possibly
/// after a `SHA256:` style prefix): (the text as written, lowercase hex).
fn fingerprint_in(token: &str) -> Option<(&str, String)> {
    let token = token.trim_matches(':');
    let is_fingerprint_length = |n: usize| n == 40 || n == 64;
    if !token.contains(':') {
        return is_fingerprint_length(token.len()).then(|| (token, token.to_ascii_lowercase()));
    }
    // Longest tail of two-digit groups: `A256:AB:CD:…` (from `SHA256:AB:…`) keeps `AB:CD:…`.
    let groups: Vec<&str> = token.split(':').collect();
    let tail = groups.iter().rev().take_while(|group| group.len() == 2).count();
    let first = groups.len().checked_sub(tail)?;
    let hex: String = groups.get(first..)?.concat();
    if !is_fingerprint_length(hex.len()) {
        return None;
    }
    let written_len = tail * 3 - 1;
    let written = token.get(token.len().checked_sub(written_len)?..)?;
    Some((written, hex.to_ascii_lowercase()))
}

/// Values of `id`/`name` attributes of `<a>` tags and of `href="#…"` fragments on one line: where
/// a saved `/cacerts.jsp` page names its entries.
fn anchor_attribute_values(line: &str) -> Vec<String> {
    let mut values = Vec::new();
    let lower = line.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("<a ") {
        let after = rest.get(start + 3..).unwrap_or("");
        let tag = after.split('>').next().unwrap_or("");
        for attribute in ["name=", "id=", "href="] {
            let mut search = tag;
            while let Some(at) = search.find(attribute) {
                // The attribute name must start a word (`id=` is not the end of `data-id=`).
                let preceded_ok = at == 0 || search.as_bytes().get(at - 1).is_some_and(|b| b.is_ascii_whitespace());
                let value_part = search.get(at + attribute.len()..).unwrap_or("");
                search = value_part;
                if !preceded_ok {
                    continue;
                }
                let value = match value_part.chars().next() {
                    Some(quote @ ('"' | '\'')) => value_part.get(1..).and_then(|v| v.split(quote).next()),
                    _ => value_part.split(|c: char| c.is_whitespace() || c == '>').next(),
                };
                let Some(value) = value else { continue };
                let value = if attribute == "href=" {
                    // Only in-page anchors (`#alias`, `cacerts.jsp#alias`) name entries.
                    match value.rsplit_once('#') {
                        Some((_, fragment)) => fragment,
                        None => continue,
                    }
                } else {
                    value
                };
                if looks_like_alias(value) {
                    values.push(value.to_string());
                }
            }
        }
        rest = after;
    }
    values
}

/// The line without HTML tags (each replaced by a space); `inside_tag` carries a tag across lines.
fn strip_tags(line: &str, inside_tag: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match (c, *inside_tag) {
            ('<', false) => *inside_tag = true,
            ('>', true) => {
                *inside_tag = false;
                out.push(' ');
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

/// The few HTML character references a saved page uses around names and fingerprints.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 1..).unwrap_or("");
        let entity = after.split_once(';').map(|(name, _)| name).filter(|name| name.len() <= 8);
        let decoded = entity.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex_digits) => u32::from_str_radix(hex_digits, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(name), Some(c)) => {
                out.push(c);
                rest = after.get(name.len() + 1..).unwrap_or("");
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
