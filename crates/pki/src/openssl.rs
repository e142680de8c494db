//! OpenSSL's `openssl verify` errors (`X509_V_ERR_*`): number, name and wording in OpenSSL 3.x
//! and 1.1.x. The engine names the one a problem corresponds to where OpenSSL has a distinct one
//! (a CRL's signature, `-x509_strict`); the advice layer's catalogue names it for every code.

use serde::{Deserialize, Serialize};

/// An OpenSSL verify error this finding corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OpensslError {
    /// The number `openssl verify` prints (`error 20 at 0 depth lookup`).
    pub code: u32,
    /// `X509_V_ERR_*` constant name.
    pub name: &'static str,
    /// Wording of OpenSSL 3.x.
    pub text: &'static str,
    /// Wording of OpenSSL 1.1.x (often identical).
    pub text_1_1: &'static str,
}

/// Read back by name from the catalogue: the texts are `&'static str` (no copy per finding), and a
/// report only ever names errors the catalogue has. The web page's worker sends reports this way.
impl<'de> Deserialize<'de> for OpensslError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Named {
            code: u32,
            name: String,
        }
        let named = Named::deserialize(deserializer)?;
        ALL.iter().find(|e| e.name == named.name && e.code == named.code).copied().ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "OpenSSL error {} ({}) is not in certchain's table of OpenSSL errors: the report comes from another certchain version",
                named.name, named.code
            ))
        })
    }
}

const fn e(code: u32, name: &'static str, text: &'static str, text_1_1: &'static str) -> OpensslError {
    OpensslError { code, name, text, text_1_1 }
}

pub const UNABLE_TO_GET_ISSUER_CERT: OpensslError = e(
    2,
    "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT",
    "unable to get issuer certificate",
    "unable to get issuer certificate",
);
pub const UNABLE_TO_GET_CRL: OpensslError =
    e(3, "X509_V_ERR_UNABLE_TO_GET_CRL", "unable to get certificate CRL", "unable to get certificate CRL");
pub const UNABLE_TO_DECRYPT_CERT_SIGNATURE: OpensslError = e(
    4,
    "X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE",
    "unable to decrypt certificate's signature",
    "unable to decrypt certificate's signature",
);
pub const CERT_SIGNATURE_FAILURE: OpensslError =
    e(7, "X509_V_ERR_CERT_SIGNATURE_FAILURE", "certificate signature failure", "certificate signature failure");
pub const CRL_SIGNATURE_FAILURE: OpensslError =
    e(8, "X509_V_ERR_CRL_SIGNATURE_FAILURE", "CRL signature failure", "CRL signature failure");
pub const CERT_NOT_YET_VALID: OpensslError =
    e(9, "X509_V_ERR_CERT_NOT_YET_VALID", "certificate is not yet valid", "certificate is not yet valid");
pub const CERT_HAS_EXPIRED: OpensslError =
    e(10, "X509_V_ERR_CERT_HAS_EXPIRED", "certificate has expired", "certificate has expired");
pub const CRL_NOT_YET_VALID: OpensslError =
    e(11, "X509_V_ERR_CRL_NOT_YET_VALID", "CRL is not yet valid", "CRL is not yet valid");
pub const CRL_HAS_EXPIRED: OpensslError = e(12, "X509_V_ERR_CRL_HAS_EXPIRED", "CRL has expired", "CRL has expired");
pub const DEPTH_ZERO_SELF_SIGNED_CERT: OpensslError =
    e(18, "X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", "self signed certificate");
pub const SELF_SIGNED_CERT_IN_CHAIN: OpensslError = e(
    19,
    "X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN",
    "self-signed certificate in certificate chain",
    "self signed certificate in certificate chain",
);
pub const UNABLE_TO_GET_ISSUER_CERT_LOCALLY: OpensslError = e(
    20,
    "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "unable to get local issuer certificate",
    "unable to get local issuer certificate",
);
pub const UNABLE_TO_VERIFY_LEAF_SIGNATURE: OpensslError = e(
    21,
    "X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "unable to verify the first certificate",
    "unable to verify the first certificate",
);
pub const CERT_CHAIN_TOO_LONG: OpensslError =
    e(22, "X509_V_ERR_CERT_CHAIN_TOO_LONG", "certificate chain too long", "certificate chain too long");
pub const CERT_REVOKED: OpensslError = e(23, "X509_V_ERR_CERT_REVOKED", "certificate revoked", "certificate revoked");
pub const PATH_LENGTH_EXCEEDED: OpensslError =
    e(25, "X509_V_ERR_PATH_LENGTH_EXCEEDED", "path length constraint exceeded", "path length constraint exceeded");
pub const INVALID_PURPOSE: OpensslError =
    e(26, "X509_V_ERR_INVALID_PURPOSE", "unsuitable certificate purpose", "unsupported certificate purpose");
pub const KEYUSAGE_NO_CERTSIGN: OpensslError = e(
    32,
    "X509_V_ERR_KEYUSAGE_NO_CERTSIGN",
    "key usage does not include certificate signing",
    "key usage does not include certificate signing",
);
pub const UNABLE_TO_GET_CRL_ISSUER: OpensslError = e(
    33,
    "X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER",
    "unable to get CRL issuer certificate",
    "unable to get CRL issuer certificate",
);
pub const UNHANDLED_CRITICAL_EXTENSION: OpensslError =
    e(34, "X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION", "unhandled critical extension", "unhandled critical extension");
pub const KEYUSAGE_NO_CRL_SIGN: OpensslError = e(
    35,
    "X509_V_ERR_KEYUSAGE_NO_CRL_SIGN",
    "key usage does not include CRL signing",
    "key usage does not include CRL signing",
);
pub const KEYUSAGE_NO_DIGITAL_SIGNATURE: OpensslError = e(
    39,
    "X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE",
    "key usage does not include digital signature",
    "key usage does not include digital signature",
);
pub const INVALID_EXTENSION: OpensslError = e(
    41,
    "X509_V_ERR_INVALID_EXTENSION",
    "invalid or inconsistent certificate extension",
    "invalid or inconsistent certificate extension",
);
pub const INVALID_POLICY_EXTENSION: OpensslError = e(
    42,
    "X509_V_ERR_INVALID_POLICY_EXTENSION",
    "invalid or inconsistent certificate policy extension",
    "invalid or inconsistent certificate policy extension",
);
pub const NO_EXPLICIT_POLICY: OpensslError =
    e(43, "X509_V_ERR_NO_EXPLICIT_POLICY", "no explicit policy", "no explicit policy");
pub const PERMITTED_VIOLATION: OpensslError =
    e(47, "X509_V_ERR_PERMITTED_VIOLATION", "permitted subtree violation", "permitted subtree violation");
pub const EXCLUDED_VIOLATION: OpensslError =
    e(48, "X509_V_ERR_EXCLUDED_VIOLATION", "excluded subtree violation", "excluded subtree violation");
pub const HOSTNAME_MISMATCH: OpensslError =
    e(62, "X509_V_ERR_HOSTNAME_MISMATCH", "hostname mismatch", "Hostname mismatch");
pub const EMAIL_MISMATCH: OpensslError =
    e(63, "X509_V_ERR_EMAIL_MISMATCH", "email address mismatch", "Email address mismatch");
pub const IP_ADDRESS_MISMATCH: OpensslError =
    e(64, "X509_V_ERR_IP_ADDRESS_MISMATCH", "IP address mismatch", "IP address mismatch");
pub const EE_KEY_TOO_SMALL: OpensslError =
    e(66, "X509_V_ERR_EE_KEY_TOO_SMALL", "EE certificate key too weak", "EE certificate key too weak");
pub const CA_KEY_TOO_SMALL: OpensslError =
    e(67, "X509_V_ERR_CA_KEY_TOO_SMALL", "CA certificate key too weak", "CA certificate key too weak");
pub const CA_MD_TOO_WEAK: OpensslError = e(
    68,
    "X509_V_ERR_CA_MD_TOO_WEAK",
    "CA signature digest algorithm too weak",
    "CA signature digest algorithm too weak",
);
/// 79 in OpenSSL 3.x; the same constant was 24 in 1.1.x (see [`super::number_in_openssl_1_1`]).
pub const INVALID_CA: OpensslError = e(79, "X509_V_ERR_INVALID_CA", "invalid CA certificate", "invalid CA certificate");
// -x509_strict errors (OpenSSL 3.0+ only; x509_vfy.c check_extensions).
pub const CA_BCONS_NOT_CRITICAL: OpensslError = e(
    89,
    "X509_V_ERR_CA_BCONS_NOT_CRITICAL",
    "Basic Constraints of CA cert not marked critical",
    "Basic Constraints of CA cert not marked critical",
);

/// Every error above, by number.
pub const ALL: &[OpensslError] = &[
    UNABLE_TO_GET_ISSUER_CERT,
    UNABLE_TO_GET_CRL,
    UNABLE_TO_DECRYPT_CERT_SIGNATURE,
    CERT_SIGNATURE_FAILURE,
    CRL_SIGNATURE_FAILURE,
    CERT_NOT_YET_VALID,
    CERT_HAS_EXPIRED,
    CRL_NOT_YET_VALID,
    CRL_HAS_EXPIRED,
    DEPTH_ZERO_SELF_SIGNED_CERT,
    SELF_SIGNED_CERT_IN_CHAIN,
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
    UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    CERT_CHAIN_TOO_LONG,
    CERT_REVOKED,
    PATH_LENGTH_EXCEEDED,
    INVALID_PURPOSE,
    KEYUSAGE_NO_CERTSIGN,
    UNABLE_TO_GET_CRL_ISSUER,
    UNHANDLED_CRITICAL_EXTENSION,
    KEYUSAGE_NO_CRL_SIGN,
    KEYUSAGE_NO_DIGITAL_SIGNATURE,
    INVALID_EXTENSION,
    INVALID_POLICY_EXTENSION,
    NO_EXPLICIT_POLICY,
    PERMITTED_VIOLATION,
    EXCLUDED_VIOLATION,
    HOSTNAME_MISMATCH,
    EMAIL_MISMATCH,
    IP_ADDRESS_MISMATCH,
    EE_KEY_TOO_SMALL,
    CA_KEY_TOO_SMALL,
    CA_MD_TOO_WEAK,
    INVALID_CA,
    CA_BCONS_NOT_CRITICAL,
];

/// The error with this OpenSSL 3.x number, if certchain knows it.
pub fn by_number(code: u32) -> Option<OpensslError> {
    ALL.iter().find(|e| e.code == code).copied()
}
