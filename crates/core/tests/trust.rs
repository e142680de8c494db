//! The bundled trust snapshot (crates/pki/data/) and the org-list importer.

use certchain_core::trust::{
    ImportMatch, Tier, TrustStore, import_org_list, jdk_only_fingerprints, salesforce_status,
    salesforce_status_by_subject_and_key, salesforce_status_of, snapshot_certificate, snapshot_errors,
    snapshot_provenance, snapshot_root, snapshot_root_by_alias, snapshot_roots,
};
use der::Encode;
use std::collections::BTreeSet;

const ROOTS_TSV: &str = include_str!("../../pki/data/roots.tsv");
const ROOTS_DER: &[u8] = include_bytes!("../../pki/data/roots.der");
const SYNTHETIC_PAGE: &str = include_str!("../../../tests/fixtures/trust/synthetic-cacerts-page.html");

/// Data rows of roots.tsv, split into fields.
fn tsv_rows() -> Vec<Vec<&'static str>> {
    ROOTS_TSV.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split('\t').collect()).collect()
}

fn tsv_meta(key: &str) -> &'static str {
    let prefix = format!("#@{key}\t");
    ROOTS_TSV.lines().find_map(|l| l.strip_prefix(prefix.as_str())).unwrap_or("(missing)")
}

#[test]
fn snapshot_parses_completely_and_matches_its_metadata() {
    assert_eq!(snapshot_errors(), &[] as &[String]);
    let rows = tsv_rows();
    assert_eq!(snapshot_roots().len(), rows.len());
    let with_certificate: Vec<_> = rows.iter().filter(|r| r[1] != "0").collect();
    assert_eq!(with_certificate.len().to_string(), tsv_meta("roots_with_certificate"));
    // The index covers roots.der exactly: no gap, no trailing bytes.
    let indexed: usize = rows.iter().map(|r| r[1].parse::<usize>().unwrap()).sum();
    assert_eq!(indexed, ROOTS_DER.len());
    // Every bundled DER parses and hashes to its listed fingerprint.
    for root in snapshot_roots() {
        let cert = snapshot_certificate(root);
        assert_eq!(cert.is_some(), root.has_certificate, "{}", root.alias);
        if let Some(cert) = cert {
            assert_eq!(cert.sha256, root.sha256, "{}", root.alias);
        }
    }
    let store = TrustStore::salesforce();
    assert_eq!(store.anchors.len(), with_certificate.len());
    assert_eq!(store.info.roots, store.anchors.len());
    let fingerprints: BTreeSet<_> = store.anchors.iter().map(|a| a.cert.sha256.clone()).collect();
    assert_eq!(fingerprints.len(), store.anchors.len(), "duplicate roots");
}

#[test]
fn store_info_names_source_and_date() {
    let provenance = snapshot_provenance();
    assert!(provenance.mozilla_source.starts_with("certifi@20"), "{}", provenance.mozilla_source);
    assert_eq!(provenance.mozilla_sha256.len(), 64);
    assert_eq!(provenance.snapshot_date.len(), 10);
    let salesforce = &TrustStore::salesforce().info;
    assert_eq!(salesforce.id, "salesforce");
    assert_eq!(salesforce.snapshot_date, provenance.snapshot_date);
    assert!(salesforce.source.contains(&provenance.mozilla_source));
    let mozilla = &TrustStore::mozilla().info;
    assert_eq!(mozilla.id, "mozilla");
    assert_eq!(mozilla.source, provenance.mozilla_source);
    assert_eq!(mozilla.roots, TrustStore::mozilla().anchors.len());
}

#[test]
fn known_aliases_resolve_with_the_right_tier() {
    let g2 = snapshot_root_by_alias("digicertglobalrootg2").unwrap();
    assert_eq!(g2.sha256, "cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f");
    assert_eq!(g2.tier, Tier::JdkAndMozilla);
    assert!(!g2.alias_derived);
    // The JDK names ISRG Root X1 `letsencryptisrgx1` (there is no `isrgrootx1` alias).
    let isrg = snapshot_root_by_alias("letsencryptisrgx1 [jdk]").unwrap();
    assert_eq!(isrg.label, "ISRG Root X1");
    assert_eq!(isrg.tier, Tier::JdkAndMozilla);
    assert!(snapshot_root_by_alias("isrgrootx1").is_none());
    // Removed from Mozilla's store, still in the JDK list: certificate from an older certifi.
    let g5 = snapshot_root_by_alias("verisignclass3g5ca").unwrap();
    assert_eq!((g5.tier, g5.in_mozilla, g5.has_certificate), (Tier::JdkOnly, false, true));
    // Mozilla only: alias derived from the CN, flagged as such.
    let hongkong = snapshot_root_by_alias("hongkongpostrootca3").unwrap();
    assert_eq!((hongkong.tier, hongkong.alias_derived, hongkong.in_jdk), (Tier::MozillaOnly, true, false));
    assert_eq!(
        salesforce_status(
            "CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F"
        ),
        Some((Some("digicertglobalrootg2"), Tier::JdkAndMozilla))
    );
    assert_eq!(salesforce_status(hongkong.sha256), Some((None, Tier::MozillaOnly)));
    assert_eq!(salesforce_status(&"00".repeat(32)), None);
}

#[test]
fn mozilla_store_excludes_jdk_only_roots() {
    let mozilla = TrustStore::mozilla();
    assert!(mozilla.anchors.iter().all(|a| a.tier != Tier::JdkOnly));
    assert!(mozilla.anchors.iter().any(|a| a.tier == Tier::MozillaOnly));
    let expected = snapshot_roots().iter().filter(|r| r.in_mozilla).count();
    assert_eq!(mozilla.anchors.len(), expected);
    let g5 = snapshot_root_by_alias("verisignclass3g5ca").unwrap();
    assert!(mozilla.by_sha256(g5.sha256).is_none());
    assert!(TrustStore::salesforce().by_sha256(g5.sha256).is_some());
    // Salesforce = every root with a certificate, whatever its tier.
    let tiers: BTreeSet<_> = TrustStore::salesforce().anchors.iter().map(|a| a.tier.as_str()).collect();
    assert_eq!(tiers, BTreeSet::from(["jdk_and_mozilla", "jdk_only", "mozilla_only"]));
}

#[test]
fn jdk_roots_without_certificate_are_listed_by_fingerprint() {
    let fingerprint_only = jdk_only_fingerprints();
    assert!(!fingerprint_only.is_empty());
    for root in &fingerprint_only {
        assert_eq!((root.tier, root.in_jdk, root.has_certificate), (Tier::JdkOnly, true, false));
        assert_eq!(root.sha256.len(), 64);
        assert_eq!(salesforce_status(root.sha256), Some((Some(root.alias), Tier::JdkOnly)));
    }
    assert!(fingerprint_only.iter().any(|r| r.alias == "digicertcsrsarootg5"));
    // Every JDK alias is present once, with or without certificate.
    let jdk = snapshot_roots().iter().filter(|r| r.in_jdk).count();
    assert_eq!(jdk, 112);
}

#[test]
fn subject_and_key_lookup_joins_reissued_roots() {
    // GlobalSign ECC Root CA - R4: Mozilla ships one certificate, the JDK lists a re-issue with the
    // same subject and key. By fingerprint the Mozilla one is "Mozilla only"; as a trust anchor
    // (name + key) it is the JDK's `globalsigneccrootcar4`.
    let mozilla_r4 = snapshot_root("b085d70b964f191a73e4af0d54ae7a0e07aafdaf9b71dd0862138ab7325a24a2").unwrap();
    assert_eq!(mozilla_r4.tier, Tier::MozillaOnly);
    let cert = snapshot_certificate(mozilla_r4).unwrap();
    let tbs = cert.parsed.tbs_certificate();
    let subject = tbs.subject().to_der().unwrap();
    let spki = tbs.subject_public_key_info().to_der().unwrap();
    let expected = Some((Some("globalsigneccrootcar4"), Tier::JdkAndMozilla));
    assert_eq!(salesforce_status_by_subject_and_key(&subject, &spki), expected);
    assert_eq!(salesforce_status_of(cert), expected);
    assert_eq!(salesforce_status_by_subject_and_key(&subject, b"not a key"), None);
}

#[test]
fn issuer_lookup_by_subject_uses_the_index() {
    let store = TrustStore::salesforce();
    let g2 = store.by_sha256("cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f").unwrap();
    let subject = g2.cert.parsed.tbs_certificate().subject().to_der().unwrap();
    let found: Vec<_> = store.by_subject(&subject).map(|a| a.cert.sha256.as_str()).collect();
    assert_eq!(found, vec![g2.cert.sha256.as_str()]);
    assert_eq!(g2.alias.as_deref(), Some("digicertglobalrootg2"));
    assert_eq!(store.by_subject(b"\x30\x00").count(), 0);
    // A store changed after construction still answers (by scanning).
    let mut edited = TrustStore::custom(Vec::new());
    edited.anchors.push(g2.clone());
    assert_eq!(edited.by_subject(&subject).count(), 1);
}

#[test]
fn stores_are_parsed_once() {
    assert!(std::ptr::eq(TrustStore::salesforce(), TrustStore::salesforce()));
    assert!(std::ptr::eq(TrustStore::mozilla(), TrustStore::mozilla()));
}

#[test]
fn import_synthetic_cacerts_page() {
    let imported = import_org_list(SYNTHETIC_PAGE);
    let aliases: BTreeSet<_> = imported.store.anchors.iter().filter_map(|a| a.alias.as_deref()).collect();
    assert_eq!(
        aliases,
        BTreeSet::from([
            "actalisauthenticationrootca",
            "amazonrootca1",
            "digicertglobalrootg2",
            "hongkongpostrootca3",
            "letsencryptisrgx1",
            "verisignclass3g5ca",
        ])
    );
    // Six named roots plus the org's own PEM root, each once although named twice (alias + fingerprint).
    assert_eq!(imported.store.anchors.len(), 7, "{:#?}", imported.matched);
    assert_eq!(imported.store.info.roots, 7);
    assert!(imported.store.anchors.iter().all(|a| a.tier == Tier::Custom));
    let pem_root = imported.store.anchors.iter().find(|a| a.alias.is_none()).unwrap();
    assert_eq!(pem_root.cert.subject, "CN=Synthetic Org Root CA,O=certchain test");
    let by = |how: ImportMatch| imported.matched.iter().filter(|m| m.matched_by == how).count();
    assert_eq!(by(ImportMatch::Sha256), 2); // G2 and VeriSign G5 rows
    assert_eq!(by(ImportMatch::Sha1), 2); // ISRG X1 and Amazon rows
    assert_eq!(by(ImportMatch::Certificate), 1);

    let unmatched: Vec<_> = imported.unmatched.iter().map(|u| (u.line, u.token.as_str())).collect();
    let line_of = |needle: &str| SYNTHETIC_PAGE.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(
        unmatched,
        vec![
            (line_of("examplecorprootca"), "examplecorprootca"),
            (
                line_of("examplecorprootca"),
                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"
            ),
            (line_of("digicertcsrsarootg5"), "digicertcsrsarootg5"),
            (line_of("Broken paste") + 2, "PEM certificate"),
        ],
        "{:#?}",
        imported.unmatched
    );
    assert!(imported.unmatched[2].reason.contains("no certificate is bundled"));
}

#[test]
fn import_keytool_listing_and_plain_fingerprints() {
    let text = "Keystore type: JKS\n\
        digicertglobalrootg2 [jdk], Jan 1, 2024, trustedCertEntry,\n\
        Certificate fingerprint (SHA-256): CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F\n\
        Alias name: nosuchrootca\n\
        8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e\n\
        just some prose with words like root and trusted\n\
        loading\n\
        examplerootca2\n";
    let imported = import_org_list(text);
    let shas: Vec<_> = imported.store.anchors.iter().map(|a| a.cert.sha256.as_str()).collect();
    assert_eq!(
        shas,
        vec![
            "cb3ccbb76031e5e0138f8dd39a23f9de47ffc35e43c1144cea27d46a5ab1cb5f",
            "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e",
        ]
    );
    assert_eq!(imported.store.anchors[1].alias.as_deref(), Some("amazonrootca1"));
    let unmatched: Vec<_> = imported.unmatched.iter().map(|u| (u.line, u.token.as_str())).collect();
    // `loading` alone on a line is not taken for an alias; `examplerootca2` is.
    assert_eq!(unmatched, vec![(4, "nosuchrootca"), (8, "examplerootca2")]);
    // Nothing recognisable: an empty store, nothing reported.
    let empty = import_org_list("hello world\n<p>no roots here</p>");
    assert!(empty.store.anchors.is_empty() && empty.unmatched.is_empty());
}

#[test]
fn provenance_record_matches_the_data_files() {
    use sha2::{Digest, Sha256};
    let provenance: serde_json::Value =
        serde_json::from_str(include_str!("../../pki/data/provenance.json")).unwrap_or(serde_json::Value::Null);
    let hex = |bytes: &[u8]| Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    // Hand edits of the data files show up here: regenerate with scripts/make-trust-snapshot.py.
    assert_eq!(provenance["outputs"]["roots.der"].as_str(), Some(hex(ROOTS_DER).as_str()));
    assert_eq!(provenance["outputs"]["roots.tsv"].as_str(), Some(hex(ROOTS_TSV.as_bytes()).as_str()));
    assert_eq!(provenance["mozilla_store"]["sha256"].as_str(), Some(snapshot_provenance().mozilla_sha256.as_str()));
    assert_eq!(provenance["snapshot_date"].as_str(), Some(snapshot_provenance().snapshot_date.as_str()));
    let counts = &provenance["counts"];
    let count = |tier: Tier| snapshot_roots().iter().filter(|r| r.tier == tier).count() as u64;
    assert_eq!(counts["jdk_and_mozilla"].as_u64(), Some(count(Tier::JdkAndMozilla)));
    assert_eq!(counts["mozilla_only"].as_u64(), Some(count(Tier::MozillaOnly)));
    assert_eq!(counts["jdk_only"].as_u64(), Some(count(Tier::JdkOnly)));
    assert_eq!(counts["jdk_fingerprint_only"].as_u64(), Some(jdk_only_fingerprints().len() as u64));
    assert_eq!(provenance["mozilla_store"]["roots"].as_u64(), Some(TrustStore::mozilla().anchors.len() as u64));
}

/// The web page hands the root certificates over at run time (`provide_snapshot_der`): the same
/// bytes are accepted, anything else is refused with the reason, and nothing changes.
#[test]
fn provided_root_certificates_are_checked_against_the_index() {
    use certchain_core::trust::{provide_snapshot_der, snapshot_available, snapshot_der_bytes};
    assert!(snapshot_available());
    assert_eq!(snapshot_der_bytes(), Some(ROOTS_DER));
    assert_eq!(provide_snapshot_der(ROOTS_DER.to_vec()), Ok(()));
    let short = ROOTS_DER[..ROOTS_DER.len() - 1].to_vec();
    let error = provide_snapshot_der(short).unwrap_err();
    assert!(error.contains("fewer than roots.tsv indexes"), "{error}");
    let mut longer = ROOTS_DER.to_vec();
    longer.push(0);
    let error = provide_snapshot_der(longer).unwrap_err();
    assert!(error.contains("roots.tsv indexes"), "{error}");
    let mut flipped = ROOTS_DER.to_vec();
    flipped[100] ^= 1;
    let error = provide_snapshot_der(flipped).unwrap_err();
    assert!(error.contains("does not hash to"), "{error}");
    assert_eq!(snapshot_errors(), &[] as &[String]);
}
