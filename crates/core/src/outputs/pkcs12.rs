//! Writing a PKCS#12 file (RFC 7292) the way OpenSSL 3 does by default, with modern algorithms:
//! the certificates in an encrypted safe and the key in a shrouded key bag, both PBES2 with
//! PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018), and an HMAC-SHA256 MAC keyed with the PKCS#12
//! KDF (RFC 7292 appendix B). Read back by `decode::pkcs12`, OpenSSL 3 and Java 8u301+ keytool.

use super::expand;
use crate::oids::Oid;
use crate::oids::{alg, attr, bag, content_type};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::encrypted_data::EncryptedData;
use cms::enveloped_data::EncryptedContentInfo;
use der::asn1::{Any, BmpString, OctetString, SetOfVec};
use der::{Decode, Encode};
use pkcs12::{CertBag, DigestInfo, MacData, Pfx, SafeBag};
use sha1::Digest;
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

/// PBKDF2 and MAC iterations. Java's PKCS#12 default (10000); OpenSSL 3 writes 2048.
const ITERATIONS: u32 = 10_000;

fn der_error(what: &str) -> impl Fn(der::Error) -> String + '_ {
    move |e| format!("the PKCS#12 {what} could not be encoded: {e}")
}

/// PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) encryption: (scheme, ciphertext).
fn pbes2_encrypt(
    plain: &[u8],
    password: &str,
    entropy: &[u8; 32],
    label: &str,
) -> Result<(pkcs5::EncryptionScheme, Vec<u8>), String> {
    let salt = expand(entropy, &format!("{label} salt"), 16);
    let mut iv = [0u8; 16];
    iv.copy_from_slice(&expand(entropy, &format!("{label} iv"), 16));
    let params = pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(ITERATIONS, &salt, iv)
        .map_err(|e| format!("PBES2 parameters could not be built: {e}"))?;
    let ciphertext = params.encrypt(password.as_bytes(), plain).map_err(|e| format!("PBES2 encryption failed: {e}"))?;
    Ok((pkcs5::EncryptionScheme::from(params), ciphertext))
}

fn attribute(oid: Oid, value: Any) -> Result<Attribute, String> {
    let values = SetOfVec::try_from(vec![value]).map_err(der_error("attribute"))?;
    Ok(Attribute { oid, values })
}

/// `ContentInfo { id-data, [0] OCTET STRING }`: how RFC 7292 §4 carries plain contents.
fn data_content_info(content: Vec<u8>) -> Result<ContentInfo, String> {
    let octets = OctetString::new(content).map_err(der_error("data"))?;
    Ok(ContentInfo { content_type: content_type::DATA, content: Any::encode_from(&octets).map_err(der_error("data"))? })
}

/// Build the PFX. `chain` is leaf first; the leaf's bag carries the alias and localKeyId
/// (SHA-1 of the leaf, as OpenSSL writes it), the CA certificates carry no attributes.
///
/// Typed structures from `pkcs12`, `cms` and `pkcs8`/`pkcs5`; the one thing written around them
/// is `SafeBag::bag_value`, which `pkcs12` 0.2.0-pre.0 takes as the inner value's DER (it adds
/// the `[0] EXPLICIT` wrapper itself when encoding).
pub(super) fn build(
    pkcs8: &[u8],
    chain: &[&[u8]],
    alias: &str,
    password: &str,
    entropy: &[u8; 32],
) -> Result<Vec<u8>, String> {
    let leaf = chain.first().ok_or("no certificate to put in the PKCS#12 file")?;
    let local_key_id = sha1::Sha1::digest(leaf).to_vec();
    let attrs = || -> Result<x509_cert::attr::Attributes, String> {
        let name = BmpString::from_utf8(alias).map_err(der_error("alias"))?;
        let key_id = OctetString::new(local_key_id.clone()).map_err(der_error("localKeyId"))?;
        SetOfVec::try_from(vec![
            attribute(attr::FRIENDLY_NAME, Any::encode_from(&name).map_err(der_error("alias"))?)?,
            attribute(attr::LOCAL_KEY_ID, Any::encode_from(&key_id).map_err(der_error("localKeyId"))?)?,
        ])
        .map_err(der_error("attributes"))
    };

    // Certificates: SafeContents, encrypted as EncryptedData (RFC 5652 §8).
    let mut cert_bags = Vec::with_capacity(chain.len());
    for (i, der) in chain.iter().enumerate() {
        let cert_value = OctetString::new(der.to_vec()).map_err(der_error("certificate"))?;
        let cert_bag = CertBag { cert_id: bag::X509_CERTIFICATE, cert_value };
        cert_bags.push(SafeBag {
            bag_id: bag::CERT_BAG,
            bag_value: cert_bag.to_der().map_err(der_error("certificate bag"))?,
            bag_attributes: if i == 0 { Some(attrs()?) } else { None },
        });
    }
    let cert_safe_contents = cert_bags.to_der().map_err(der_error("certificates"))?;
    let (scheme, cert_ct) = pbes2_encrypt(&cert_safe_contents, password, entropy, "pkcs12 certificates")?;
    // cms names the algorithm with spki's general AlgorithmIdentifier; pkcs5 encodes the scheme.
    let content_enc_alg = AlgorithmIdentifierOwned::from_der(&scheme.to_der().map_err(der_error("PBES2 parameters"))?)
        .map_err(der_error("PBES2 parameters"))?;
    let encrypted_data = EncryptedData {
        version: CmsVersion::V0,
        enc_content_info: EncryptedContentInfo {
            content_type: content_type::DATA,
            content_enc_alg,
            encrypted_content: Some(OctetString::new(cert_ct).map_err(der_error("certificates"))?),
        },
        unprotected_attrs: None,
    };
    let cert_safe = ContentInfo {
        content_type: content_type::ENCRYPTED_DATA,
        content: Any::encode_from(&encrypted_data).map_err(der_error("certificates"))?,
    };

    // Key: pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo) in a plain id-data safe.
    let (encryption_algorithm, key_ct) = pbes2_encrypt(pkcs8, password, entropy, "pkcs12 key")?;
    let encrypted_key = pkcs8::EncryptedPrivateKeyInfoOwned {
        encryption_algorithm,
        encrypted_data: OctetString::new(key_ct).map_err(der_error("key"))?,
    }
    .to_der()
    .map_err(der_error("key"))?;
    let key_bags =
        vec![SafeBag { bag_id: bag::SHROUDED_KEY_BAG, bag_value: encrypted_key, bag_attributes: Some(attrs()?) }];
    let key_safe = data_content_info(key_bags.to_der().map_err(der_error("key"))?)?;

    let auth_safe = vec![cert_safe, key_safe].to_der().map_err(der_error("authenticated safe"))?;

    // MacData: HMAC-SHA256 over the AuthenticatedSafe octets, key from the PKCS#12 KDF (ID 3).
    let mac_salt = expand(entropy, "pkcs12 mac salt", 16);
    let mut bmp = crate::tlv::string_to_utf16be(password);
    bmp.extend_from_slice(&[0, 0]);
    let rounds = i32::try_from(ITERATIONS).unwrap_or(i32::MAX);
    let mac_key = pkcs12::kdf::derive_key::<sha2::Sha256>(&bmp, &mac_salt, pkcs12::kdf::Pkcs12KeyType::Mac, rounds, 32);
    let digest = {
        use hmac::{KeyInit, Mac};
        let mut mac = <hmac::SimpleHmac<sha2::Sha256> as KeyInit>::new_from_slice(&mac_key)
            .map_err(|_| "the MAC key could not be used".to_string())?;
        mac.update(&auth_safe);
        mac.finalize().into_bytes().to_vec()
    };
    let mac_data = MacData {
        mac: DigestInfo {
            algorithm: AlgorithmIdentifierOwned { oid: alg::SHA256, parameters: Some(der::asn1::Null.into()) },
            digest: OctetString::new(digest).map_err(der_error("MAC"))?,
        },
        mac_salt: OctetString::new(mac_salt).map_err(der_error("MAC"))?,
        iterations: rounds,
    };

    let pfx =
        Pfx { version: pkcs12::pfx::Version::V3, auth_safe: data_content_info(auth_safe)?, mac_data: Some(mac_data) };
    pfx.to_der().map_err(der_error("file"))
}
