//! Conformance harnesses over certchain-core. The x509-limbo harness lives here, outside the
//! library's public API: the CLI's `certchain limbo` (scripts/bench-limbo), this crate's
//! conformance test (tests/limbo.rs) and its benchmark use it. The NIST PKITS run is a test of
//! the core (crates/core/tests/pkits.rs): it needs nothing but the public `analyze`.

pub mod limbo;
