//! PKCS#12 / PFX files (RFC 7292): `.p12`, `.pfx`.
//!
//! Typed throughout: `pkcs12` (`Pfx`, `MacData`, `SafeBag`, `CertBag`, `CrlBag`, the KDF), `cms`
//! (`ContentInfo`, `EncryptedData`), x509-cert's `Attributes`, decoded with `der`'s BER rules, and
//! [`super::pbe`] for the decryption schemes. Hand-written: the walk over each SafeContents list
//! (one bag at a time, so a damaged bag is named and the others are still read) and the unwrapping
//! of `SafeBag::bag_value` (see [`BagWalker::bag`]). Written by [`crate::outputs`] with the same
//! types.

use super::pbe::{self, Password};
use super::{
    Cx, DecodeErrorKind, Integrity, KeystoreEntry, KeystoreEntryKind, KeystoreSummary, Place, decrypt_pkcs8,
    password_candidates, tlv,
};
use crate::keys::KeyFormat;
use crate::oids::Oid;
use crate::oids::{attr, bag, content_type, oid_label};
use cms::content_info::ContentInfo;
use der::asn1::{Any, OctetString};
use der::{Decode, Encode};

/// Nested SafeContents bags deeper than this are refused (bounded recursion on hostile input).
const MAX_BAG_DEPTH: usize = 4;

const HINT_STRUCTURE: &str = "the file is damaged or not a PKCS#12 file: export it again (openssl pkcs12 -export, or your tool's .p12/.pfx export)";

/// Decode a PFX.
///
/// The outer structures are typed (`pkcs12::Pfx`, `MacData`, `cms` `ContentInfo` and
/// `EncryptedData`), decoded with `der`'s BER rules: Windows and Java write indefinite lengths and
/// constructed OCTET STRINGs. The SafeContents lists are walked bag by bag with the TLV reader
/// instead of `pkcs12::SafeContents` (a `Vec<SafeBag>`), because that decode is all or nothing:
/// one damaged bag would hide every good one, where the walk reads the rest and names the bad one.
pub fn decode(cx: &mut Cx<'_>, der: &[u8], place: &Place) {
    let malformed = |cx: &mut Cx<'_>, why: String| {
        cx.error(
            DecodeErrorKind::Malformed,
            place,
            format!("the PKCS#12 file{} cannot be read: {why}", place.describe()),
            HINT_STRUCTURE,
        )
    };
    let pfx = match pkcs12::Pfx::from_ber(der) {
        Ok(pfx) => pfx,
        Err(e) => return malformed(cx, format!("its PFX structure is damaged ({e})")),
    };
    // authSafe ContentInfo: id-data wrapping an OCTET STRING (password integrity mode, RFC 7292 §4).
    match pfx.auth_safe.content_type {
        content_type::DATA => {}
        content_type::SIGNED_DATA => {
            cx.error(
                DecodeErrorKind::Unsupported,
                place,
                "this PKCS#12 file uses public-key integrity mode (a signed authSafe), which certchain does not read"
                    .into(),
                "export it again with a password (openssl pkcs12 -export)",
            );
            return;
        }
        other => return malformed(cx, format!("the authSafe is {}, not id-data", oid_label(&other))),
    }
    // The MAC covers the OCTET STRING's value (reassembled when BER split it into segments).
    let Some(auth_safe_octets) = octets_of(&pfx.auth_safe.content) else {
        return malformed(cx, "the authSafe content is not an OCTET STRING".into());
    };
    let candidates = password_candidates(cx.password);
    let mut summary = KeystoreSummary {
        store_type: "PKCS#12".into(),
        integrity: Integrity::Absent,
        entries: Vec::new(),
        default_password: None,
    };
    let passwords: Vec<Password<'_>> = match &pfx.mac_data {
        None => candidates.clone(),
        Some(mac_data) => {
            match cx
                .spend(u64::try_from(mac_data.iterations).unwrap_or(0).saturating_mul(candidates.len() as u64))
                .and_then(|()| verify_mac_any(mac_data, &auth_safe_octets, &candidates))
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
            }
        }
    };

    // AuthenticatedSafe ::= SEQUENCE OF ContentInfo (RFC 7292 §4.1).
    let safes = match Vec::<ContentInfo>::from_ber(&auth_safe_octets) {
        Ok(safes) => safes,
        Err(e) => return malformed(cx, format!("the AuthenticatedSafe is damaged ({e})")),
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
        match safe.content_type {
            content_type::DATA => match octets_of(&safe.content) {
                Some(contents) => walker.safe_contents(cx, &tlv::definite(&contents), place, 0),
                None => malformed(cx, format!("safe {} has no SafeContents", i + 1)),
            },
            content_type::ENCRYPTED_DATA => {
                if let Some(plain) = decrypt_safe(cx, &safe.content, &safe_place, &walker.passwords) {
                    walker.safe_contents(cx, &tlv::definite(&plain), place, 0);
                }
            }
            content_type::ENVELOPED_DATA => cx.error(
                DecodeErrorKind::Unsupported,
                &safe_place,
                "this part of the PKCS#12 file is encrypted to a recipient's public key (EnvelopedData), which certchain does not read".into(),
                "export the file again with password-based encryption",
            ),
            other => cx.error(
                DecodeErrorKind::Unsupported,
                &safe_place,
                format!("unknown PKCS#12 safe content type {}", oid_label(&other)),
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

/// The value of an OCTET STRING held in a ContentInfo's content, BER segments joined.
fn octets_of(content: &Any) -> Option<Vec<u8>> {
    let der = content.to_der().ok()?;
    OctetString::from_ber(&der).ok().map(|o| o.into_bytes().into_vec())
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
fn decrypt_safe(cx: &mut Cx<'_>, content: &Any, place: &Place, passwords: &[Password<'_>]) -> Option<Vec<u8>> {
    let data = match content.to_der().and_then(|der| cms::encrypted_data::EncryptedData::from_ber(&der)) {
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
            self.bag(cx, bag.full, place, depth);
        }
    }

    fn bag(&mut self, cx: &mut Cx<'_>, bag_der: &[u8], place: &Place, depth: usize) {
        let number = self.bag_count;
        let parsed = pkcs12::SafeBag::from_der(bag_der);
        let (friendly_name, local_key_id) =
            parsed.as_ref().ok().and_then(|b| b.bag_attributes.as_ref()).map(attributes).unwrap_or_default();
        let mut container = format!("PKCS#12 bag {number}");
        if let Some(name) = &friendly_name {
            container.push_str(&format!(" \"{name}\""));
        }
        if let Some(id) = &local_key_id {
            container.push_str(&format!(", localKeyId {id}"));
        }
        let at = place.within(container);
        // pkcs12 0.2.0-pre.0 keeps bagValue's `[0] EXPLICIT` wrapper when it decodes (and adds it
        // when it encodes): unwrap it here.
        let value = parsed.ok().and_then(|bag| {
            let inner = der::asn1::ContextSpecific::<Any>::from_der(&bag.bag_value).ok()?;
            Some((bag.bag_id, inner.value.to_der().ok()?))
        });
        let Some((bag_id, value)) = value else {
            cx.error(DecodeErrorKind::Malformed, &at, format!("PKCS#12 bag {number} is damaged"), HINT_STRUCTURE);
            return;
        };
        let alias = friendly_name.clone().unwrap_or_default();
        match bag_id {
            bag::KEY_BAG => {
                let decoded = self.key(cx, &value, &at);
                self.push_key_entry(alias, decoded, local_key_id);
            }
            bag::SHROUDED_KEY_BAG => {
                let decoded = match decrypt_pkcs8(cx, &value, &at, &self.passwords) {
                    Some(plain) => self.key(cx, &plain, &at),
                    None => false,
                };
                self.push_key_entry(alias, decoded, local_key_id);
            }
            bag::CERT_BAG | bag::CRL_BAG => {
                // CertBag / CRLBag: SEQUENCE { type OID, [0] EXPLICIT OCTET STRING } (RFC 7292 §4.2.3-4).
                let typed = if bag_id == bag::CERT_BAG {
                    pkcs12::CertBag::from_der(&value).map(|b| (b.cert_id, b.cert_value))
                } else {
                    pkcs12::CrlBag::from_der(&value).map(|b| (b.crl_id, b.crl_value))
                };
                match (bag_id, typed) {
                    (bag::CERT_BAG, Ok((bag::X509_CERTIFICATE, octets))) => {
                        if let Some(id) = &local_key_id {
                            self.cert_key_ids.push(id.clone());
                        }
                        let decoded = cx.cert(octets.as_bytes(), &at);
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
                    (bag::CRL_BAG, Ok((bag::X509_CRL, octets))) => cx.crl(octets.as_bytes(), &at),
                    (_, Ok((other, _))) => cx.error(
                        DecodeErrorKind::Unsupported,
                        &at,
                        format!("PKCS#12 bag {number} holds a {} object, not X.509", oid_label(&other)),
                        "only X.509 certificates and CRLs are used",
                    ),
                    (_, Err(_)) => cx.error(
                        DecodeErrorKind::Malformed,
                        &at,
                        format!("PKCS#12 bag {number} is damaged"),
                        HINT_STRUCTURE,
                    ),
                }
            }
            bag::SECRET_BAG => {
                cx.item(super::ItemKind::Other, format!("secret (PKCS#12 bag {number}): not used"), &at, None);
                self.entries.push(KeystoreEntry {
                    alias,
                    kind: KeystoreEntryKind::SecretKey,
                    certificates: 0,
                    key_decrypted: false,
                    key_password_differs: false,
                });
            }
            bag::SAFE_CONTENTS_BAG if depth < MAX_BAG_DEPTH => self.safe_contents(cx, &value, place, depth + 1),
            bag::SAFE_CONTENTS_BAG => cx.error(
                DecodeErrorKind::Unsupported,
                &at,
                format!("PKCS#12 bags nested more than {MAX_BAG_DEPTH} deep are not read"),
                HINT_STRUCTURE,
            ),
            other => cx.error(
                DecodeErrorKind::Unsupported,
                &at,
                format!("PKCS#12 bag {number} has unknown type {}", oid_label(&other)),
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

/// friendlyName (BMPString) and localKeyId (hex) from a bag's attributes (RFC 7292 §4.2).
fn attributes(set: &x509_cert::attr::Attributes) -> (Option<String>, Option<String>) {
    let mut name = None;
    let mut key_id = None;
    for attribute in set.iter() {
        let Some(value) = attribute.values.iter().next() else { continue };
        match attribute.oid {
            attr::FRIENDLY_NAME => name = value.decode_as::<der::asn1::BmpString>().ok().map(|s| s.to_string()),
            attr::LOCAL_KEY_ID => {
                key_id = value.decode_as::<OctetString>().ok().map(|o| crate::cert::hex(o.as_bytes()))
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
pub fn mac(mac_data: &pkcs12::MacData, data: &[u8], password: Password<'_>) -> Result<Vec<u8>, String> {
    use crate::oids::alg;
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
        alg::SHA1 => hmac_with::<sha1::Sha1>(&bmp, salt, rounds, data),
        alg::SHA224 => hmac_with::<sha2::Sha224>(&bmp, salt, rounds, data),
        alg::SHA256 => hmac_with::<sha2::Sha256>(&bmp, salt, rounds, data),
        alg::SHA384 => hmac_with::<sha2::Sha384>(&bmp, salt, rounds, data),
        alg::SHA512 => hmac_with::<sha2::Sha512>(&bmp, salt, rounds, data),
        crate::oids::pbe::PBMAC1 => return Err("PBMAC1 (RFC 9579) MACs are not supported yet".into()),
        other => return Err(format!("MAC digest {} is not supported", oid_label(&other))),
    })
}
