//! Private keys, public keys, CSRs and CRLs found in the inputs, and matching them by public key.
