//! Input decoding: turn every input's bytes into certificates, keys, CSRs and CRLs, and account
//! for every byte (each block becomes an item or a precise error).
