//! Signature verification (RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384/P-521, Ed25519).

use spki::AlgorithmIdentifierOwned;

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The signature does not match the data and key.
    Invalid,
    /// An algorithm certchain cannot verify (named).
    Unsupported(String),
    /// The signer's public key cannot be decoded or does not suit the algorithm.
    BadKey(String),
}

/// Verify `signature` over `signed_data` with the signer's DER SubjectPublicKeyInfo.
pub fn verify_signature(
    _algorithm: &AlgorithmIdentifierOwned,
    _signed_data: &[u8],
    _signature: &[u8],
    _signer_spki_der: &[u8],
) -> Result<(), SignatureError> {
    Err(SignatureError::Unsupported("not implemented yet".into()))
}
