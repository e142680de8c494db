//! Every object identifier certchain names, in one place. Each comes from const-oid's database
//! (`const_oid::db`, by RFC) or from the RustCrypto crate that implements its format (`pkcs5`,
//! `pkcs12`), re-exported under the name the code uses; only the few none of them has are
//! defined here, each with the specification that assigns it. Other modules import from here
//! and never write an OID themselves.

pub use const_oid::ObjectIdentifier as Oid;

/// An OID with its name from const-oid's database where it has one:
/// `issuingDistributionPoint (2.5.29.28)`; the dotted form alone otherwise.
pub fn oid_label(oid: &Oid) -> String {
    match const_oid::db::DB.by_oid(oid) {
        // The database prefixes names with their arc (`id-ce-`, `id-pe-`, `id-kp-`); the RFC
        // text and OpenSSL use the bare name.
        Some(name) => {
            let bare = ["id-ce-", "id-pe-", "id-kp-", "id-"].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
            format!("{bare} ({oid})")
        }
        None => oid.to_string(),
    }
}

/// Certificate extensions (RFC 5280 §4.2), their access methods (§4.2.2.1), CRL and CRL entry
/// extensions (§5.2, §5.3), and Certificate Transparency's (RFC 6962 §3.1, §3.3).
pub mod ext {
    pub use const_oid::db::rfc5280::{
        ID_AD_CA_ISSUERS as AD_CA_ISSUERS, ID_AD_OCSP as AD_OCSP, ID_CE_AUTHORITY_KEY_IDENTIFIER as AUTHORITY_KEY_ID,
        ID_CE_BASIC_CONSTRAINTS as BASIC_CONSTRAINTS, ID_CE_CERTIFICATE_ISSUER as CERTIFICATE_ISSUER,
        ID_CE_CERTIFICATE_POLICIES as CERTIFICATE_POLICIES, ID_CE_CRL_DISTRIBUTION_POINTS as CRL_DISTRIBUTION_POINTS,
        ID_CE_CRL_NUMBER as CRL_NUMBER, ID_CE_CRL_REASONS as REASON_CODE,
        ID_CE_DELTA_CRL_INDICATOR as DELTA_CRL_INDICATOR, ID_CE_EXT_KEY_USAGE as EXT_KEY_USAGE,
        ID_CE_HOLD_INSTRUCTION_CODE as HOLD_INSTRUCTION, ID_CE_INHIBIT_ANY_POLICY as INHIBIT_ANY_POLICY,
        ID_CE_INVALIDITY_DATE as INVALIDITY_DATE, ID_CE_ISSUER_ALT_NAME as ISSUER_ALT_NAME,
        ID_CE_ISSUING_DISTRIBUTION_POINT as ISSUING_DISTRIBUTION_POINT, ID_CE_KEY_USAGE as KEY_USAGE,
        ID_CE_NAME_CONSTRAINTS as NAME_CONSTRAINTS, ID_CE_POLICY_CONSTRAINTS as POLICY_CONSTRAINTS,
        ID_CE_POLICY_MAPPINGS as POLICY_MAPPINGS, ID_CE_SUBJECT_ALT_NAME as SUBJECT_ALT_NAME,
        ID_CE_SUBJECT_KEY_IDENTIFIER as SUBJECT_KEY_ID, ID_PE_AUTHORITY_INFO_ACCESS as AUTHORITY_INFO_ACCESS,
        ID_PE_SUBJECT_INFO_ACCESS as SUBJECT_INFO_ACCESS,
    };
    pub use const_oid::db::rfc6962::{CT_PRECERT_POISON as CT_POISON, CT_PRECERT_SCTS as SCT_LIST};
}

/// Extended key usages (RFC 5280 §4.2.1.12), with their RFC names.
pub mod eku {
    use super::Oid;
    pub use const_oid::db::rfc5280::{
        ANY_EXTENDED_KEY_USAGE as ANY, ID_KP_CLIENT_AUTH as CLIENT_AUTH, ID_KP_CODE_SIGNING as CODE_SIGNING,
        ID_KP_EMAIL_PROTECTION as EMAIL_PROTECTION, ID_KP_OCSP_SIGNING as OCSP_SIGNING,
        ID_KP_SERVER_AUTH as SERVER_AUTH, ID_KP_TIME_STAMPING as TIME_STAMPING,
    };

    /// RFC 5280 name of an EKU OID, or the dotted OID.
    pub fn name(oid: &Oid) -> String {
        match *oid {
            ANY => "anyExtendedKeyUsage".into(),
            SERVER_AUTH => "serverAuth".into(),
            CLIENT_AUTH => "clientAuth".into(),
            CODE_SIGNING => "codeSigning".into(),
            EMAIL_PROTECTION => "emailProtection".into(),
            TIME_STAMPING => "timeStamping".into(),
            OCSP_SIGNING => "OCSPSigning".into(),
            other => other.to_string(),
        }
    }

    /// Parse an EKU given by name or dotted OID.
    pub fn parse(name: &str) -> Option<Oid> {
        Some(match name {
            "anyExtendedKeyUsage" => ANY,
            "serverAuth" => SERVER_AUTH,
            "clientAuth" => CLIENT_AUTH,
            "codeSigning" => CODE_SIGNING,
            "emailProtection" => EMAIL_PROTECTION,
            "timeStamping" => TIME_STAMPING,
            "OCSPSigning" => OCSP_SIGNING,
            other => return Oid::new(other).ok(),
        })
    }
}

/// Certificate policies (RFC 5280 §4.2.1.4).
pub mod policy {
    pub use const_oid::db::rfc5280::ANY_POLICY;

    /// anyPolicy in the dotted form the policy graph (`crate::policy`) works in; a test holds it
    /// equal to [`ANY_POLICY`].
    pub const ANY_POLICY_DOTTED: &str = "2.5.29.32.0";
}

/// Attribute types: of names (RFC 4519 §2, and PKCS#9's emailAddress that RFC 5280 §4.1.2.6
/// still meets in subjects) and of PKCS#12 bags (PKCS#9, RFC 2985 §5.5.1–5.5.2).
pub mod attr {
    pub use const_oid::db::rfc2985::{
        PKCS_9_AT_EMAIL_ADDRESS as EMAIL_ADDRESS, PKCS_9_AT_FRIENDLY_NAME as FRIENDLY_NAME,
        PKCS_9_AT_LOCAL_KEY_ID as LOCAL_KEY_ID,
    };
    pub use const_oid::db::rfc4519::{C, CN, L, O, OU, ST};
}

/// Signature, public key and digest algorithms and named curves (RFC 3279, RFC 4055, RFC 5480,
/// RFC 5758, RFC 8410; const-oid lists most under RFC 5912, the ASN.1 modules of PKIX).
pub mod alg {
    use super::Oid;
    pub use const_oid::db::rfc5912::{
        DSA_WITH_SHA_1 as DSA_SHA1, DSA_WITH_SHA_256 as DSA_SHA256, ECDSA_WITH_SHA_224 as ECDSA_SHA224,
        ECDSA_WITH_SHA_256 as ECDSA_SHA256, ECDSA_WITH_SHA_384 as ECDSA_SHA384, ECDSA_WITH_SHA_512 as ECDSA_SHA512,
        ID_DSA as DSA, ID_EC_PUBLIC_KEY as EC_PUBLIC_KEY, ID_MGF_1 as MGF1, ID_RSASSA_PSS as RSASSA_PSS,
        ID_SHA_1 as SHA1, ID_SHA_224 as SHA224, ID_SHA_256 as SHA256, ID_SHA_384 as SHA384, ID_SHA_512 as SHA512,
        MD_5_WITH_RSA_ENCRYPTION as MD5_WITH_RSA, RSA_ENCRYPTION, SECP_224_R_1 as P224, SECP_256_R_1 as P256,
        SECP_384_R_1 as P384, SECP_521_R_1 as P521, SHA_1_WITH_RSA_ENCRYPTION as SHA1_WITH_RSA,
        SHA_224_WITH_RSA_ENCRYPTION as SHA224_WITH_RSA, SHA_256_WITH_RSA_ENCRYPTION as SHA256_WITH_RSA,
        SHA_384_WITH_RSA_ENCRYPTION as SHA384_WITH_RSA, SHA_512_WITH_RSA_ENCRYPTION as SHA512_WITH_RSA,
    };
    pub use const_oid::db::rfc8410::{ID_ED_448 as ED448, ID_ED_25519 as ED25519};

    /// ecdsa-with-SHA1 (RFC 3279 §2.2.3); RFC 5912 lists only the SHA-2 variants.
    pub const ECDSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
    /// secp192r1 / prime192v1 (RFC 5480 §2.1.1.1), named so a P-192 key reads as one.
    pub const P192: Oid = Oid::new_unwrap("1.2.840.10045.3.1.1");
    /// secp256k1 (SEC 2 v2 §2.4.1, arc 1.3.132.0.10), named so such a key reads as one.
    pub const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");
}

/// CMS content types (RFC 5652 §4–§8), as PKCS#7 and PKCS#12 (RFC 7292 §4) carry them.
pub mod content_type {
    pub use const_oid::db::rfc5911::{
        ID_DATA as DATA, ID_ENCRYPTED_DATA as ENCRYPTED_DATA, ID_ENVELOPED_DATA as ENVELOPED_DATA,
        ID_SIGNED_DATA as SIGNED_DATA,
    };
}

/// PKCS#12 bag types and the certificate and CRL types of their bags (RFC 7292 §4.2).
pub mod bag {
    use super::Oid;
    pub use ::pkcs12::{
        PKCS_12_CERT_BAG_OID as CERT_BAG, PKCS_12_CRL_BAG_OID as CRL_BAG, PKCS_12_KEY_BAG_OID as KEY_BAG,
        PKCS_12_PKCS8_KEY_BAG_OID as SHROUDED_KEY_BAG, PKCS_12_SAFE_CONTENTS_BAG_OID as SAFE_CONTENTS_BAG,
        PKCS_12_SECRET_BAG_OID as SECRET_BAG, PKCS_12_X509_CERT_OID as X509_CERTIFICATE,
    };

    /// x509CRL, `{crlTypes 1}` = PKCS#9 23.1 (RFC 7292 §4.2.4).
    pub const X509_CRL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.23.1");
}

/// Password-based encryption and MAC schemes: PKCS#5 (RFC 8018), PKCS#12's own (RFC 7292
/// appendix C) and Sun's in Java keystores.
pub mod pbe {
    use super::Oid;
    pub use const_oid::db::rfc7292::{
        PBE_WITH_SHA_AND_2_KEY_TRIPLE_DES_CBC as PKCS12_2DES, PBE_WITH_SHA_AND_3_KEY_TRIPLE_DES_CBC as PKCS12_3DES,
        PBE_WITH_SHA_AND_40_BIT_RC_4 as PKCS12_RC4_40, PBE_WITH_SHA_AND_128_BIT_RC_2_CBC as PKCS12_RC2_128,
        PBE_WITH_SHA_AND_128_BIT_RC_4 as PKCS12_RC4_128, PBEWITH_SHA_AND_40_BIT_RC_2_CBC as PKCS12_RC2_40,
    };
    pub use pkcs5::pbes1::{
        PBE_WITH_MD5_AND_DES_CBC_OID as PBE_MD5_DES, PBE_WITH_SHA1_AND_DES_CBC_OID as PBE_SHA1_DES,
    };
    pub use pkcs5::pbes2::PBES2_OID as PBES2;

    /// PBMAC1 (RFC 8018 appendix A.5), the MAC of RFC 9579 PKCS#12 files.
    pub const PBMAC1: Oid = Oid::new_unwrap("1.2.840.113549.1.5.14");
    /// Sun's JCEKS `PBEWithMD5AndTripleDES` (OpenJDK `com.sun.crypto.provider.KeyProtector`,
    /// `PBE_WITH_MD5_AND_DES3_CBC_OID`).
    pub const SUN_PBE_MD5_3DES: Oid = Oid::new_unwrap("1.3.6.1.4.1.42.2.19.1");
    /// Sun's JKS private-key protection (OpenJDK `sun.security.provider.KeyProtector`).
    pub const SUN_KEY_PROTECTOR: Oid = Oid::new_unwrap("1.3.6.1.4.1.42.2.17.1.1");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_policy_dotted_is_any_policy() {
        assert_eq!(policy::ANY_POLICY_DOTTED, policy::ANY_POLICY.to_string());
    }

    #[test]
    fn eku_names_round_trip() {
        for oid in
            [eku::ANY, eku::SERVER_AUTH, eku::CLIENT_AUTH, eku::CODE_SIGNING, eku::EMAIL_PROTECTION, eku::TIME_STAMPING]
        {
            assert_eq!(eku::parse(&eku::name(&oid)), Some(oid));
        }
        assert_eq!(eku::name(&eku::CLIENT_AUTH), "clientAuth");
        assert_eq!(eku::parse("1.3.6.1.5.5.7.3.2"), Some(eku::CLIENT_AUTH));
        assert_eq!(eku::name(&ext::KEY_USAGE), "2.5.29.15");
    }
}
