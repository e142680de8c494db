//! The core without its compiled-in CCADB snapshot, as the web page builds it (feature
//! `embedded-intermediates` off): completion reports `snapshot_not_loaded` until
//! `intermediates::provide_der` hands the certificates over (checked against the compiled-in
//! length and SHA-256), then completes. Run by scripts/test as
//! `cargo test -p certchain-core --no-default-features --test provided_intermediates`.
#![cfg(not(feature = "embedded-intermediates"))]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use certchain_core::completion::CompletionStatus;
use certchain_core::intermediates::{available, der_bytes, provide_der};
use certchain_core::time::UnixTime;
use certchain_core::{Input, Options, Purpose, analyze};

const INTERMEDIATES_DER: &[u8] = include_bytes!("../../pki/data/intermediates.der");
const ROOTS_DER: &[u8] = include_bytes!("../../pki/data/roots.der");
const LEAF: &[u8] = include_bytes!("../../../tests/fixtures/ccadb/python-org-by-r11.pem");

/// One test: the provided bytes are process-wide state, so the steps run in this order.
#[test]
fn completion_waits_for_the_snapshot_then_completes() {
    #[cfg(not(feature = "embedded-roots"))]
    certchain_core::trust::provide_snapshot_der(ROOTS_DER.to_vec()).unwrap();
    let _ = ROOTS_DER;
    let options =
        Options::for_flow(UnixTime::parse_rfc3339("2025-04-01T00:00:00Z").unwrap(), None, Some(Purpose::Server));
    let leaf = [Input::new("leaf.pem", LEAF.to_vec())];

    assert!(!available());
    assert_eq!(der_bytes(), None);
    let before = analyze(&leaf, &options);
    assert_eq!(before.completion.as_ref().unwrap().status, CompletionStatus::SnapshotNotLoaded);

    let mut damaged = INTERMEDIATES_DER.to_vec();
    damaged[100_000] ^= 0x01;
    assert!(provide_der(damaged).unwrap_err().contains("do not hash"));
    assert!(provide_der(INTERMEDIATES_DER[..1000].to_vec()).unwrap_err().contains("bytes"));
    assert!(!available(), "refused bytes are not kept");

    provide_der(INTERMEDIATES_DER.to_vec()).unwrap();
    assert!(available());
    let after = analyze(&leaf, &options);
    let completion = after.completion.as_ref().unwrap();
    assert_eq!(completion.status, CompletionStatus::Completed);
    assert_eq!(completion.added[0].name, "R11");
    // Again with the same bytes: harmless.
    provide_der(INTERMEDIATES_DER.to_vec()).unwrap();
}
