//! Checks on a built path, per RFC 5280 and OpenSSL behaviour.
