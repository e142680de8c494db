//! PKCS#12 / PFX files (RFC 7292): `.p12`, `.pfx`.
//!
//! The outer structures are walked with the DER reader (so the order of bags is kept and damaged
//! parts are reported precisely); `pkcs12` provides `MacData` and the PKCS#12 KDF, `cms` the
//! `EncryptedData` type, [`super::pbe`] the decryption schemes. Writing a PKCS#12 (PBES2/AES-256 +
//! HMAC-SHA-256 MAC) can reuse [`mac`] and the KDF when it is added.

use super::pbe::{self, Password};
use super::{
    Cx, DecodeErrorKind, Integrity, KeystoreEntry, KeystoreEntryKind, KeystoreSummary, Place, content_type,
    decrypt_pkcs8, oid_of, password_candidates, tlv,
};
use crate::keys::KeyFormat;
use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};

mod oids {
    use const_oid::ObjectIdentifier as Oid;
    pub const KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.1");
    pub const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
    pub const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
    pub const CRL_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.4");
    pub const SECRET_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.5");
    pub const SAFE_CONTENTS_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.6");
    pub const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
    pub const X509_CRL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.23.1");
    pub const FRIENDLY_NAME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.20");
    pub const LOCAL_KEY_ID: Oid = Oid::new_unwrap("1.2.840.113549.1.9.21");
    pub const PBMAC1: Oid = Oid::new_unwrap("1.2.840.113549.1.5.14");
}

/// Nested SafeContents bags deeper than this are refused (bounded recursion on hostile input).
const MAX_BAG_DEPTH: usize = 4;

const HINT_STRUCTURE: &str = "the file is damaged or not a PKCS#12 file: export it again (openssl pkcs12 -export, or your tool's .p12/.pfx export)";

/// Decode a PFX.
pub(crate) fn decode(cx: &mut Cx<'_>, der: &[u8], place: &Place) {
    let malformed = |cx: &mut Cx<'_>, why: String| {
        cx.error(
            DecodeErrorKind::Malformed,
            place,
            format!("the PKCS#12 file{} cannot be read: {why}", place.describe()),
            HINT_STRUCTURE,
        )
    };
    let Some(kids) = tlv::read(der).ok().and_then(|(outer, _)| tlv::children_strict(outer.value).ok()) else {
        return malformed(cx, "invalid DER structure".into());
    };
    let (Some(version), Some(auth_safe)) = (kids.first(), kids.get(1)) else {
        return malformed(cx, "the PFX has no authSafe".into());
    };
    if version.tag != tlv::INTEGER || version.value != [3] {
        return malformed(cx, format!("PFX version {:?} is not 3", version.value));
    }
    // authSafe ContentInfo: id-data wrapping an OCTET STRING (password integrity mode, RFC 7292 §4).
    let Ok(content_info) = tlv::children_strict(auth_safe.value) else {
        return malformed(cx, "the authSafe ContentInfo is damaged".into());
    };
    match content_info.first().and_then(oid_of) {
        Some(content_type::DATA) => {}
        Some(content_type::SIGNED_DATA) => {
            cx.error(
                DecodeErrorKind::Unsupported,
                place,
                "this PKCS#12 file uses public-key integrity mode (a signed authSafe), which certchain does not read"
                    .into(),
                "export it again with a password (openssl pkcs12 -export)",
            );
            return;
        }
        _ => return malformed(cx, "the authSafe is not id-data".into()),
    }
    let Some(auth_safe_raw) = content_info
        .get(1)
        .filter(|c| c.tag == tlv::CONTEXT_0)
        .and_then(|c| tlv::read(c.value).ok())
        .filter(|(o, _)| o.tag == tlv::OCTET_STRING)
        .map(|(o, _)| o.value)
    else {
        return malformed(
            cx,
            "the authSafe content is missing or not an OCTET STRING (BER-constructed files are not read)".into(),
        );
    };
    // The MAC covers the octets as given; parsing needs definite lengths (BER from Windows/Java).
    let auth_safe_octets = auth_safe_raw;
    let auth_safe_definite = tlv::definite(auth_safe_raw);

    let candidates = password_candidates(cx.password);
    let mut summary = KeystoreSummary {
        store_type: "PKCS#12".into(),
        integrity: Integrity::Absent,
        entries: Vec::new(),
        default_password: None,
    };
    let passwords: Vec<Password<'_>> = match kids.get(2) {
        None => candidates.clone(),
        Some(mac_der) => match pkcs12::MacData::from_der(mac_der.full) {
            Err(e) => return malformed(cx, format!("the MAC is damaged: {e}")),
            Ok(mac_data) => match cx
                .spend(u64::try_from(mac_data.iterations).unwrap_or(0).saturating_mul(candidates.len() as u64))
                .and_then(|()| verify_mac_any(&mac_data, auth_safe_octets, &candidates))
            {
                Ok(Some(password)) => {
                    summary.integrity = Integrity::Verified;
                    if cx.password.is_none() {
                        summary.default_password = Some(match password {
                            Password::Text(t) => t.to_string(),
                            Password::Absent => "(none)".into(),
                        });
                    }
                    vec![password]
                }
                Ok(None) => {
                    summary.integrity = Integrity::Failed;
                    cx.summary.keystore = Some(summary);
                    password_error(cx, place, "the MAC check (its integrity password) failed");
                    return;
                }
                Err(why) => {
                    summary.integrity = Integrity::NotChecked;
                    cx.error(
                        DecodeErrorKind::Unsupported,
                        place,
                        format!("the PKCS#12 MAC cannot be checked: {why}; its contents are read without the integrity check"),
                        "re-export with a standard MAC (openssl pkcs12 -export -macalg sha256) if this matters",
                    );
                    candidates.clone()
                }
            },
        },
    };

    let Some(safes) = tlv::read(&auth_safe_definite).ok().and_then(|(s, _)| tlv::children_strict(s.value).ok()) else {
        return malformed(cx, "the AuthenticatedSafe is damaged".into());
    };
    let mut walker = BagWalker {
        passwords,
        bag_count: 0,
        entries: Vec::new(),
        key_ids: Vec::new(),
        cert_key_ids: Vec::new(),
        unattributed_certs: 0,
    };
    for (i, safe) in safes.iter().enumerate() {
        let safe_place = place.within(format!("PKCS#12 safe {}", i + 1));
        let Ok(parts) = tlv::children_strict(safe.value) else {
            malformed(cx, format!("safe {} is damaged", i + 1));
            continue;
        };
        let inner = parts.get(1).filter(|p| p.tag == tlv::CONTEXT_0).map(|p| p.value).unwrap_or_default();
        match parts.first().and_then(oid_of) {
            Some(content_type::DATA) => match tlv::read(inner) {
                Ok((octets, _)) if octets.tag == tlv::OCTET_STRING => {
                    walker.safe_contents(cx, &tlv::definite(octets.value), place, 0)
                }
                _ => malformed(cx, format!("safe {} has no SafeContents", i + 1)),
            },
            Some(content_type::ENCRYPTED_DATA) => {
                if let Some(plain) = decrypt_safe(cx, inner, &safe_place, &walker.passwords) {
                    walker.safe_contents(cx, &tlv::definite(&plain), place, 0);
                }
            }
            Some(content_type::ENVELOPED_DATA) => cx.error(
                DecodeErrorKind::Unsupported,
                &safe_place,
                "this part of the PKCS#12 file is encrypted to a recipient's public key (EnvelopedData), which certchain does not read".into(),
                "export the file again with password-based encryption",
            ),
            other => cx.error(
                DecodeErrorKind::Unsupported,
                &safe_place,
                format!("unknown PKCS#12 safe content type {}", other.map_or_else(|| "(missing)".into(), pbe::oid_name)),
                HINT_STRUCTURE,
            ),
        }
    }
    // A key entry's chain: the certificate sharing its localKeyId, plus (with a single key) the
    // unattributed CA certificates OpenSSL adds with -certfile / -chain.
    let single_key = walker.key_ids.len() == 1;
    for (entry, id) in &walker.key_ids {
        if let Some(e) = walker.entries.get_mut(*entry) {
            let own = walker.cert_key_ids.iter().filter(|c| *c == id).count();
            e.certificates = own + if single_key { walker.unattributed_certs } else { 0 };
        }
    }
    summary.entries = walker.entries;
    cx.summary.keystore = Some(summary);
}

/// Report a failed password (MAC or decryption) with the right kind.
fn password_error(cx: &mut Cx<'_>, place: &Place, what: &str) {
    if cx.password.is_some() {
        cx.error(
            DecodeErrorKind::WrongPassword,
            place,
            format!("the password is wrong for the PKCS#12 file{}: {what}", place.describe()),
            "check the export password (it is case-sensitive) and enter it again",
        );
    } else {
        cx.error(
            DecodeErrorKind::PasswordRequired,
            place,
            format!(
                "the PKCS#12 file{} is password-protected (neither an empty nor an absent password opens it)",
                place.describe()
            ),
            "enter the password the file was exported with",
        );
    }
}

/// Decrypt an `EncryptedData` safe (RFC 5652 §8) holding SafeContents.
fn decrypt_safe(cx: &mut Cx<'_>, der: &[u8], place: &Place, passwords: &[Password<'_>]) -> Option<Vec<u8>> {
    let data = match cms::encrypted_data::EncryptedData::from_der(der) {
        Ok(d) => d,
        Err(e) => {
            cx.error(
                DecodeErrorKind::Malformed,
                place,
                format!("an encrypted part of the PKCS#12 file is damaged: {e}"),
                HINT_STRUCTURE,
            );
            return None;
        }
    };
    let info = &data.enc_content_info;
    let algorithm = info.content_enc_alg.to_der().unwrap_or_default();
    let Some(ciphertext) = info.encrypted_content.as_ref().map(|c| c.as_bytes()) else {
        cx.error(
            DecodeErrorKind::Malformed,
            place,
            "an encrypted part of the PKCS#12 file has no content".into(),
            HINT_STRUCTURE,
        );
        return None;
    };
    let mut last = pbe::PbeError::WrongPassword;
    for &password in passwords {
        if let Err(why) = cx.spend(pbe::cost(&algorithm)) {
            last = pbe::PbeError::Unsupported(why);
            break;
        }
        match pbe::decrypt(&algorithm, password, ciphertext) {
            Ok(plain) if plain.first() == Some(&tlv::SEQUENCE) && tlv::read(&plain).is_ok() => return Some(plain),
            Ok(_) | Err(pbe::PbeError::WrongPassword) => last = pbe::PbeError::WrongPassword,
            Err(other) => {
                last = other;
                break;
            }
        }
    }
    match last {
        pbe::PbeError::WrongPassword => password_error(cx, place, "its certificates cannot be decrypted"),
        pbe::PbeError::Unsupported(why) => cx.error(
            DecodeErrorKind::Unsupported,
            place,
            format!("the certificates in the PKCS#12 file cannot be decrypted: {why}"),
            "convert the file: openssl pkcs12 -in old.p12 -nodes | openssl pkcs12 -export -out new.p12",
        ),
        pbe::PbeError::Malformed(why) => cx.error(
            DecodeErrorKind::Malformed,
            place,
            format!("an encrypted part of the PKCS#12 file is damaged: {why}"),
            HINT_STRUCTURE,
        ),
    }
    None
}

struct BagWalker<'p> {
    passwords: Vec<Password<'p>>,
    bag_count: usize,
    entries: Vec<KeystoreEntry>,
    /// (index in `entries`, localKeyId) of key entries.
    key_ids: Vec<(usize, String)>,
    /// localKeyId of each certificate bag that has one.
    cert_key_ids: Vec<String>,
    /// Certificate bags with neither friendlyName nor localKeyId (`openssl pkcs12 -certfile`).
    unattributed_certs: usize,
}

impl BagWalker<'_> {
    /// `SafeContents ::= SEQUENCE OF SafeBag` (RFC 7292 §4.2).
    fn safe_contents(&mut self, cx: &mut Cx<'_>, der: &[u8], place: &Place, depth: usize) {
        let Some(bags) = tlv::read(der).ok().and_then(|(s, _)| tlv::children_strict(s.value).ok()) else {
            cx.error(
                DecodeErrorKind::Malformed,
                place,
                "a SafeContents list in the PKCS#12 file is damaged".into(),
                HINT_STRUCTURE,
            );
            return;
        };
        for bag in bags {
            self.bag_count += 1;
            self.bag(cx, bag.value, place, depth);
        }
    }

    fn bag(&mut self, cx: &mut Cx<'_>, bag: &[u8], place: &Place, depth: usize) {
        let number = self.bag_count;
        let (parts, _) = tlv::children(bag);
        let bag_id = parts.first().and_then(oid_of);
        let value =
            parts.get(1).filter(|p| p.tag == tlv::CONTEXT_0).and_then(|p| tlv::read(p.value).ok()).map(|(v, _)| v);
        let (friendly_name, local_key_id) = parts.get(2).map(|a| attributes(a.value)).unwrap_or_default();
        let mut container = format!("PKCS#12 bag {number}");
        if let Some(name) = &friendly_name {
            container.push_str(&format!(" \"{name}\""));
        }
        if let Some(id) = &local_key_id {
            container.push_str(&format!(", localKeyId {id}"));
        }
        let at = place.within(container);
        let (Some(bag_id), Some(value)) = (bag_id, value) else {
            cx.error(DecodeErrorKind::Malformed, &at, format!("PKCS#12 bag {number} is damaged"), HINT_STRUCTURE);
            return;
        };
        let alias = friendly_name.clone().unwrap_or_default();
        match bag_id {
            oids::KEY_BAG => {
                let decoded = self.key(cx, value.full, &at);
                self.push_key_entry(alias, decoded, local_key_id);
            }
            oids::SHROUDED_KEY_BAG => {
                let decoded = match decrypt_pkcs8(cx, value.full, &at, &self.passwords) {
                    Some(plain) => self.key(cx, &plain, &at),
                    None => false,
                };
                self.push_key_entry(alias, decoded, local_key_id);
            }
            oids::CERT_BAG | oids::CRL_BAG => {
                // CertBag / CRLBag: SEQUENCE { type OID, [0] EXPLICIT OCTET STRING }.
                let (inner, _) = tlv::children(value.value);
                let kind = inner.first().and_then(oid_of);
                let octets = inner
                    .get(1)
                    .filter(|p| p.tag == tlv::CONTEXT_0)
                    .and_then(|p| tlv::read(p.value).ok())
                    .filter(|(o, _)| o.tag == tlv::OCTET_STRING)
                    .map(|(o, _)| o.value);
                match (bag_id, kind, octets) {
                    (oids::CERT_BAG, Some(oids::X509_CERTIFICATE), Some(der)) => {
                        if let Some(id) = &local_key_id {
                            self.cert_key_ids.push(id.clone());
                        }
                        let decoded = cx.cert(der, &at);
                        if local_key_id.is_none() && friendly_name.is_none() {
                            // OpenSSL writes the chain's CA certificates with no attributes.
                            self.unattributed_certs += 1;
                        } else if decoded && local_key_id.is_none() {
                            // keytool writes trusted certificates with a name and no key id.
                            self.entries.push(KeystoreEntry {
                                alias,
                                kind: KeystoreEntryKind::TrustedCertificate,
                                certificates: 1,
                                key_decrypted: false,
                                key_password_differs: false,
                            });
                        }
                    }
                    (oids::CRL_BAG, Some(oids::X509_CRL), Some(der)) => cx.crl(der, &at),
                    (_, Some(other), Some(_)) => cx.error(
                        DecodeErrorKind::Unsupported,
                        &at,
                        format!("PKCS#12 bag {number} holds a {} object, not X.509", pbe::oid_name(other)),
                        "only X.509 certificates and CRLs are used",
                    ),
                    _ => cx.error(
                        DecodeErrorKind::Malformed,
                        &at,
                        format!("PKCS#12 bag {number} is damaged"),
                        HINT_STRUCTURE,
                    ),
                }
            }
            oids::SECRET_BAG => {
                cx.item(super::ItemKind::Other, format!("secret (PKCS#12 bag {number}): not used"), &at, None);
                self.entries.push(KeystoreEntry {
                    alias,
                    kind: KeystoreEntryKind::SecretKey,
                    certificates: 0,
                    key_decrypted: false,
                    key_password_differs: false,
                });
            }
            oids::SAFE_CONTENTS_BAG if depth < MAX_BAG_DEPTH => self.safe_contents(cx, value.full, place, depth + 1),
            oids::SAFE_CONTENTS_BAG => cx.error(
                DecodeErrorKind::Unsupported,
                &at,
                format!("PKCS#12 bags nested more than {MAX_BAG_DEPTH} deep are not read"),
                HINT_STRUCTURE,
            ),
            other => cx.error(
                DecodeErrorKind::Unsupported,
                &at,
                format!("PKCS#12 bag {number} has unknown type {}", pbe::oid_name(other)),
                HINT_STRUCTURE,
            ),
        }
    }

    fn push_key_entry(&mut self, alias: String, decrypted: bool, local_key_id: Option<String>) {
        if let Some(id) = local_key_id {
            self.key_ids.push((self.entries.len(), id));
        }
        self.entries.push(key_entry(alias, decrypted));
    }

    fn key(&mut self, cx: &mut Cx<'_>, pkcs8: &[u8], at: &Place) -> bool {
        match crate::keys::key_from_pkcs8(pkcs8) {
            Ok(material) => {
                cx.key(material, KeyFormat::Pkcs12, at);
                true
            }
            Err(e) => {
                cx.key_error(e, at);
                false
            }
        }
    }
}

fn key_entry(alias: String, decrypted: bool) -> KeystoreEntry {
    KeystoreEntry {
        alias,
        kind: KeystoreEntryKind::PrivateKey,
        certificates: 0,
        key_decrypted: decrypted,
        key_password_differs: false,
    }
}

/// friendlyName (BMPString) and localKeyId (hex) from a bag's attribute SET (RFC 7292 §4.2).
fn attributes(set: &[u8]) -> (Option<String>, Option<String>) {
    let mut name = None;
    let mut key_id = None;
    for attribute in tlv::children(set).0 {
        let (parts, _) = tlv::children(attribute.value);
        let values = parts.get(1).map(|v| tlv::children(v.value).0).unwrap_or_default();
        match (parts.first().and_then(oid_of), values.first()) {
            (Some(oids::FRIENDLY_NAME), Some(v)) if v.tag == tlv::BMP_STRING => {
                name = Some(tlv::utf16be_to_string(v.value))
            }
            (Some(oids::LOCAL_KEY_ID), Some(v)) if v.tag == tlv::OCTET_STRING => {
                key_id = Some(crate::cert::hex(v.value))
            }
            _ => {}
        }
    }
    (name, key_id)
}

/// The first candidate password whose MAC verifies, `Ok(None)` if none does, `Err` when the MAC
/// algorithm is not supported.
fn verify_mac_any<'p>(
    mac_data: &pkcs12::MacData,
    auth_safe: &[u8],
    candidates: &[Password<'p>],
) -> Result<Option<Password<'p>>, String> {
    for &password in candidates {
        if mac(mac_data, auth_safe, password)? == mac_data.mac.digest.as_bytes() {
            return Ok(Some(password));
        }
    }
    Ok(None)
}

/// The PKCS#12 MAC (RFC 7292 §5 and appendix B): HMAC over the authSafe octets, keyed with the
/// PKCS#12 KDF (ID 3) using the MAC's own digest.
pub(crate) fn mac(mac_data: &pkcs12::MacData, data: &[u8], password: Password<'_>) -> Result<Vec<u8>, String> {
    use crate::crypto::oid;
    let iterations = u64::try_from(mac_data.iterations).unwrap_or(0);
    if iterations == 0 || iterations > pbe::MAX_ITERATIONS {
        return Err(format!("MAC iteration count {} is outside 1..={}", mac_data.iterations, pbe::MAX_ITERATIONS));
    }
    let salt = mac_data.mac_salt.as_bytes();
    let rounds = i32::try_from(iterations).unwrap_or(i32::MAX);
    let bmp = password.bmp();
    fn hmac_with<D>(bmp: &[u8], salt: &[u8], rounds: i32, data: &[u8]) -> Vec<u8>
    where
        D: sha2::Digest + sha2::digest::FixedOutputReset + sha2::digest::block_api::BlockSizeUser,
    {
        use hmac::{KeyInit, Mac};
        let key = pkcs12::kdf::derive_key::<D>(
            bmp,
            salt,
            pkcs12::kdf::Pkcs12KeyType::Mac,
            rounds,
            <D as sha2::Digest>::output_size(),
        );
        match <hmac::SimpleHmac<D> as KeyInit>::new_from_slice(&key) {
            Ok(mut m) => {
                m.update(data);
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }
    let alg: Oid = mac_data.mac.algorithm.oid;
    Ok(match alg {
        oid::SHA1 => hmac_with::<sha1::Sha1>(&bmp, salt, rounds, data),
        oid::SHA224 => hmac_with::<sha2::Sha224>(&bmp, salt, rounds, data),
        oid::SHA256 => hmac_with::<sha2::Sha256>(&bmp, salt, rounds, data),
        oid::SHA384 => hmac_with::<sha2::Sha384>(&bmp, salt, rounds, data),
        oid::SHA512 => hmac_with::<sha2::Sha512>(&bmp, salt, rounds, data),
        oids::PBMAC1 => return Err("PBMAC1 (RFC 9579) MACs are not supported yet".into()),
        other => return Err(format!("MAC digest {} is not supported", pbe::oid_name(other))),
    })
}
