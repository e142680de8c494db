//! Every work budget of the verification engine in one place: path building, signatures,
//! name constraints, revocation and policy processing. Each figure follows rustls-webpki's
//! `Budget` (verify_cert.rs) or OpenSSL's cap for the same work, cited beside it, so that a
//! hostile input costs bounded CPU whatever its shape (docs/benchmarks.md measures the worst).

/// Most intermediates a path may hold. rustls-webpki allows 6 sub-CAs (`MAX_SUB_CA_COUNT`); real
/// chains have 1–3; we allow a little more so unusual but legitimate chains are still analysed.
pub const MAX_INTERMEDIATES: usize = 8;

/// Signature verifications per leaf: rustls-webpki's `Budget::signatures` is 100.
pub const SIGNATURE_BUDGET: usize = 100;

/// Candidate issuers examined per leaf: rustls-webpki's `Budget::build_chain_calls` is 200_000.
pub const CANDIDATE_BUDGET: usize = 200_000;

/// Complete paths checked per leaf; enough to find the valid one among cross-signed variants.
pub const MAX_COMPLETE_PATHS: usize = 16;

/// Name-constraint comparisons allowed per path. rustls-webpki uses the same figure
/// (`Budget::name_constraint_comparisons = 250_000`, verify_cert.rs) so that a CA with thousands
/// of constraints over a leaf with thousands of names cannot burn unbounded CPU.
pub const NAME_CONSTRAINT_BUDGET: usize = 250_000;

/// Signature verifications spent on revocation per leaf (CRL signatures and CRL signers' paths).
/// rustls-webpki charges CRL signatures to the same `Budget::signatures` (100) as the path.
pub const REVOCATION_SIGNATURE_BUDGET: usize = 100;

/// Policy-graph nodes allowed per path. OpenSSL caps its policy tree at 1000 nodes
/// (`OPENSSL_POLICY_TREE_NODES_MAX`, crypto/x509/pcy_tree.c, its fix for CVE-2023-0464); the
/// graph never needs more nodes than the tree for the same path, so no real chain comes near.
/// With at most 1000 nodes the edges are at most 500 × 500, so work stays bounded too.
pub const POLICY_NODE_BUDGET: usize = 1000;
