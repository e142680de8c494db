//! The core without its compiled-in root certificates, as the web page builds it (feature
//! `embedded-roots` off): the stores stay empty, and say why, until `provide_snapshot_der` hands the
//! certificates over; then they are the bundled stores. Run by scripts/test as
//! `cargo test -p certchain-core --no-default-features --test provided_roots` (with the default
//! features this file has nothing to test).
#![cfg(not(feature = "embedded-roots"))]

use certchain_core::trust::{
    TrustStore, provide_snapshot_der, salesforce_status, snapshot_available, snapshot_der_bytes, snapshot_errors,
    snapshot_roots,
};

const ROOTS_DER: &[u8] = include_bytes!("../../pki/data/roots.der");

/// One test: the provided bytes are process-wide state, so the steps run in this order.
#[test]
fn the_stores_fill_once_the_root_certificates_are_provided() {
    assert!(!snapshot_available());
    assert_eq!(snapshot_der_bytes(), None);
    assert!(TrustStore::salesforce().anchors.is_empty());
    assert!(snapshot_errors().iter().any(|e| e.contains("not loaded yet")), "{:?}", snapshot_errors());
    // The index (roots.tsv) is compiled in either way: fingerprints already answer.
    let first = &snapshot_roots()[0];
    assert!(salesforce_status(first.sha256).is_some());

    let mut damaged = ROOTS_DER.to_vec();
    damaged[2000] ^= 0x80;
    assert!(provide_snapshot_der(damaged).unwrap_err().contains("does not hash to"));
    assert!(!snapshot_available(), "refused bytes are not kept");

    provide_snapshot_der(ROOTS_DER.to_vec()).unwrap();
    assert!(snapshot_available());
    assert_eq!(snapshot_errors(), &[] as &[String]);
    let with_certificate = snapshot_roots().iter().filter(|r| r.has_certificate).count();
    assert_eq!(TrustStore::salesforce().anchors.len(), with_certificate);
    assert!(!TrustStore::mozilla().anchors.is_empty());
    // Again with the same bytes: harmless.
    provide_snapshot_der(ROOTS_DER.to_vec()).unwrap();
}
