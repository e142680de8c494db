//! Signature verification (RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384/P-521, Ed25519).
