//! Java keystores: JKS (magic 0xFEEDFEED) and JCEKS (0xCECECECE).
//!
//! No maintained Rust crate reads these, so the format is implemented here from OpenJDK's
//! `sun.security.provider.JavaKeyStore` (`engineLoad`, `getPreKeyedHash`), `KeyProtector` and
//! `com.sun.crypto.provider.JceKeyStore`. Every length field is checked against the bytes that
//! remain, so hostile input cannot cause large allocations or out-of-bounds reads.
//!
//! Layout (big-endian): magic u32, version u32 (1 or 2), entry count u32, entries, then a 20-byte
//! SHA-1 over UTF-16BE(password) ‖ "Mighty Aphrodite" ‖ everything before it.
//! Entry: tag u32 (1 private key, 2 trusted certificate, 3 JCEKS secret key), alias (u16 length +
//! modified UTF-8), timestamp u64, then per tag: key = u32 length + EncryptedPrivateKeyInfo DER,
//! u32 chain length, certificates; certificate = (version 2: type string) u32 length + DER.

use super::pbe::{self, Password};
use super::{Cx, DecodeErrorKind, Integrity, KeystoreEntry, KeystoreEntryKind, KeystoreSummary, Place, tlv};
use crate::keys::KeyFormat;
use crate::oids::pbe::SUN_KEY_PROTECTOR;
use sha1::{Digest, Sha1};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreType {
    Jks,
    Jceks,
}

impl StoreType {
    pub fn sniff(bytes: &[u8]) -> Option<StoreType> {
        match bytes.get(..4)? {
            [0xfe, 0xed, 0xfe, 0xed] => Some(StoreType::Jks),
            [0xce, 0xce, 0xce, 0xce] => Some(StoreType::Jceks),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            StoreType::Jks => "JKS",
            StoreType::Jceks => "JCEKS",
        }
    }
}

/// Passwords tried when none is given: empty, and `changeit` (the JDK's default, used by most
/// tutorials). A verified guess is reported in the summary.
const DEFAULT_PASSWORDS: [&str; 2] = ["", "changeit"];

/// A bounds-checked big-endian reader.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.data.len()).ok_or_else(|| {
            format!(
                "the keystore is truncated: {what} at byte {} needs {n} bytes but only {} remain",
                self.pos,
                self.data.len().saturating_sub(self.pos)
            )
        })?;
        let slice = self.data.get(self.pos..end).unwrap_or_default();
        self.pos = end;
        Ok(slice)
    }
    fn u16(&mut self, what: &str) -> Result<u16, String> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b.first().copied().unwrap_or(0), b.get(1).copied().unwrap_or(0)]))
    }
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let b = self.take(4, what)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        Ok(u32::from_be_bytes(a))
    }
    fn u64(&mut self, what: &str) -> Result<u64, String> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }
    /// Java `DataOutputStream.writeUTF`: u16 length + modified UTF-8.
    fn utf(&mut self, what: &str) -> Result<String, String> {
        let len = self.u16(what)?;
        Ok(String::from_utf8_lossy(self.take(usize::from(len), what)?).into_owned())
    }
    /// u32 length + bytes.
    fn blob(&mut self, what: &str) -> Result<&'a [u8], String> {
        let len = self.u32(what)?;
        self.take(usize::try_from(len).unwrap_or(usize::MAX), what)
    }
}

enum Entry<'a> {
    PrivateKey { alias: String, encrypted: &'a [u8], chain: Vec<&'a [u8]> },
    Trusted { alias: String, cert: &'a [u8] },
    Secret { alias: String },
}

struct Parsed<'a> {
    entries: Vec<Entry<'a>>,
    /// Bytes covered by the integrity hash, and the hash, when parsing reached it.
    hashed: Option<(&'a [u8], &'a [u8])>,
    /// Why parsing stopped early.
    stopped: Option<(DecodeErrorKind, String)>,
}

fn parse(store: StoreType, bytes: &[u8]) -> Parsed<'_> {
    let mut r = Reader { data: bytes, pos: 0 };
    let mut parsed = Parsed { entries: Vec::new(), hashed: None, stopped: None };
    let result = (|| -> Result<(), (DecodeErrorKind, String)> {
        let malformed = |m: String| (DecodeErrorKind::Malformed, m);
        r.u32("the magic number").map_err(malformed)?;
        let version = r.u32("the version").map_err(malformed)?;
        let valid = match store {
            StoreType::Jks => version == 1 || version == 2,
            StoreType::Jceks => version == 2,
        };
        if !valid {
            return Err((DecodeErrorKind::Unsupported, format!("{} version {version} is not supported", store.name())));
        }
        let count = r.u32("the entry count").map_err(malformed)?;
        for index in 0..count {
            let what = format!("entry {} of {count}", index + 1);
            let tag = r.u32(&what).map_err(malformed)?;
            let alias = r.utf(&what).map_err(malformed)?;
            r.u64(&what).map_err(malformed)?; // creation date, milliseconds
            let read_cert = |r: &mut Reader<'_>| -> Result<(), String> {
                if version == 2 {
                    let cert_type = r.utf(&what)?;
                    if cert_type != "X.509" {
                        return Err(format!("entry \"{alias}\" holds a certificate of type {cert_type}, not X.509"));
                    }
                }
                Ok(())
            };
            match tag {
                1 => {
                    let encrypted = r.blob(&format!("the private key of {what}")).map_err(malformed)?;
                    let chain_len = r.u32(&what).map_err(malformed)?;
                    let mut chain = Vec::new();
                    for n in 0..chain_len {
                        read_cert(&mut r).map_err(malformed)?;
                        chain.push(r.blob(&format!("certificate {} of {what}", n + 1)).map_err(malformed)?);
                    }
                    parsed.entries.push(Entry::PrivateKey { alias, encrypted, chain });
                }
                2 => {
                    read_cert(&mut r).map_err(malformed)?;
                    let cert = r.blob(&format!("the certificate of {what}")).map_err(malformed)?;
                    parsed.entries.push(Entry::Trusted { alias, cert });
                }
                3 if store == StoreType::Jceks => {
                    // A Java-serialized SealedObject with no length prefix: nothing after it
                    // can be located without a Java deserializer.
                    parsed.entries.push(Entry::Secret { alias: alias.clone() });
                    return Err((
                        DecodeErrorKind::Unsupported,
                        format!(
                            "JCEKS secret-key entry \"{alias}\" (entry {} of {count}) is a Java-serialized object certchain cannot read; the entries after it and the integrity check are skipped",
                            index + 1
                        ),
                    ));
                }
                other => {
                    return Err(malformed(format!(
                        "{what} has unknown type tag {other} at byte {}",
                        r.pos.saturating_sub(4)
                    )));
                }
            }
        }
        let body = bytes.get(..r.pos).unwrap_or_default();
        let hash = r.take(20, "the integrity hash").map_err(malformed)?;
        parsed.hashed = Some((body, hash));
        if r.pos < bytes.len() {
            return Err(malformed(format!(
                "{} bytes of unexpected data follow the keystore's integrity hash",
                bytes.len() - r.pos
            )));
        }
        Ok(())
    })();
    if let Err(stop) = result {
        parsed.stopped = Some(stop);
    }
    parsed
}

/// `getPreKeyedHash`: SHA-1 over the UTF-16BE password, "Mighty Aphrodite", then the data.
fn integrity_ok(password: &str, body: &[u8], hash: &[u8]) -> bool {
    let digest = Sha1::new()
        .chain_update(tlv::string_to_utf16be(password))
        .chain_update(b"Mighty Aphrodite")
        .chain_update(body)
        .finalize();
    digest.as_slice() == hash
}

/// Sun `KeyProtector.recover`: data = salt(20) ‖ ciphertext ‖ check(20); the keystream is
/// SHA-1(password ‖ previous block) starting from the salt; check = SHA-1(password ‖ plaintext).
fn key_protector_decrypt(data: &[u8], password: &str) -> Result<Vec<u8>, pbe::PbeError> {
    if data.len() < 40 {
        return Err(pbe::PbeError::Malformed(format!(
            "the protected key is {} bytes, shorter than its salt and check",
            data.len()
        )));
    }
    let (salt, rest) = data.split_at(20);
    let (ciphertext, check) = rest.split_at(rest.len() - 20);
    let password = tlv::string_to_utf16be(password);
    let mut block = salt.to_vec();
    let mut plain = Vec::with_capacity(ciphertext.len());
    for chunk in ciphertext.chunks(20) {
        block = Sha1::new().chain_update(&password).chain_update(&block).finalize().to_vec();
        plain.extend(chunk.iter().zip(block.iter()).map(|(c, k)| c ^ k));
    }
    let expected = Sha1::new().chain_update(&password).chain_update(&plain).finalize();
    if expected.as_slice() != check {
        return Err(pbe::PbeError::WrongPassword);
    }
    Ok(plain)
}

/// Password-hashing rounds one attempt at [`decrypt_key`] costs.
fn key_cost(encrypted: &[u8]) -> u64 {
    tlv::read(encrypted)
        .ok()
        .and_then(|(o, _)| tlv::children_strict(o.value).ok())
        .and_then(|parts| parts.first().map(|alg| pbe::cost(alg.full)))
        .unwrap_or(0)
}

/// What a keystore private key decrypted to.
enum Plain {
    /// A PKCS#8 PrivateKeyInfo: what Java stores.
    Pkcs8(Vec<u8>),
    /// Not PKCS#8, although KeyProtector's SHA-1 check proves the password right: a key some other
    /// tool stored in another form (Java, and Salesforce's Import from Keystore, cannot use it).
    NotPkcs8(Vec<u8>),
}

/// Decrypt a keystore private key (`EncryptedPrivateKeyInfo`) with one password.
fn decrypt_key(encrypted: &[u8], password: &str) -> Result<Plain, pbe::PbeError> {
    let parts = tlv::read(encrypted).ok().and_then(|(o, _)| tlv::children_strict(o.value).ok());
    let Some([algorithm, data]) = parts.as_deref() else {
        return Err(pbe::PbeError::Malformed("the protected key is not an EncryptedPrivateKeyInfo".into()));
    };
    let oid = tlv::read(algorithm.value).ok().and_then(|(o, _)| super::oid_of(&o));
    if data.tag != tlv::OCTET_STRING {
        return Err(pbe::PbeError::Malformed("the protected key has no encrypted data".into()));
    }
    // KeyProtector checks the password with a SHA-1 digest of the plaintext; JCEKS has only CBC
    // padding, which a wrong password passes about once in 256 tries, so there a plaintext that is
    // not PKCS#8 means a wrong password.
    let proven = oid == Some(SUN_KEY_PROTECTOR);
    let plain = if proven {
        key_protector_decrypt(data.value, password)?
    } else {
        // JCEKS: PBEWithMD5AndTripleDES, whose password is ASCII (OpenJDK's PBEKey refuses others).
        pbe::decrypt(algorithm.full, Password::Text(password), data.value)?
    };
    match pkcs8::PrivateKeyInfoRef::try_from(plain.as_slice()) {
        Ok(_) => Ok(Plain::Pkcs8(plain)),
        Err(_) if proven => Ok(Plain::NotPkcs8(plain)),
        Err(_) => Err(pbe::PbeError::WrongPassword),
    }
}

pub fn decode(cx: &mut Cx<'_>, store: StoreType, bytes: &[u8]) {
    let name = store.name();
    let top = Place::default();
    let parsed = parse(store, bytes);
    if let Some((kind, message)) = &parsed.stopped {
        let hint = match kind {
            DecodeErrorKind::Unsupported => {
                "convert it with keytool -importkeystore -deststoretype PKCS12, then analyse the .p12"
            }
            _ => "the keystore is damaged or cut short: copy it again",
        };
        cx.error(*kind, &top, message.clone(), hint);
    }

    // Store password: the given one, else a default if it verifies.
    let mut integrity = Integrity::NotChecked;
    let mut store_password: Option<&str> = None;
    if let Some((body, hash)) = parsed.hashed {
        let candidates: Vec<&str> = match cx.password {
            Some(p) => vec![p],
            None => DEFAULT_PASSWORDS.to_vec(),
        };
        store_password = candidates.into_iter().find(|p| integrity_ok(p, body, hash));
        integrity = match (store_password, cx.password) {
            (Some(_), _) => Integrity::Verified,
            (None, Some(_)) => Integrity::Failed,
            // No password given and no default fits: the check could not be made.
            (None, None) => Integrity::NotChecked,
        };
    }
    let has_keys = parsed.entries.iter().any(|e| matches!(e, Entry::PrivateKey { .. }));
    match (integrity, cx.password) {
        (Integrity::Failed, Some(_)) => cx.error(
            DecodeErrorKind::WrongPassword,
            &top,
            format!("the keystore password is wrong: the {name} integrity check fails with it (or the file was modified)"),
            "check the store password (keytool -list -keystore <file> asks for it); certificates are shown, private keys are not",
        ),
        (Integrity::NotChecked, None) if has_keys && parsed.hashed.is_some() => cx.error(
            DecodeErrorKind::PasswordRequired,
            &top,
            format!("the {name} keystore needs its store password to decrypt its private key (neither an empty password nor 'changeit' works)"),
            "enter the keystore password",
        ),
        _ => {}
    }

    let mut entries = Vec::new();
    for entry in &parsed.entries {
        match entry {
            Entry::Trusted { alias, cert } => {
                let at = top.within(format!("{name} alias \"{alias}\", trusted certificate"));
                cx.cert(cert, &at);
                entries.push(KeystoreEntry {
                    alias: alias.clone(),
                    kind: KeystoreEntryKind::TrustedCertificate,
                    certificates: 1,
                    key_decrypted: false,
                    key_password_differs: false,
                });
            }
            Entry::Secret { alias } => {
                let at = top.within(format!("{name} alias \"{alias}\", secret key"));
                cx.item(super::ItemKind::Other, format!("secret key \"{alias}\": not used"), &at, None);
                entries.push(KeystoreEntry {
                    alias: alias.clone(),
                    kind: KeystoreEntryKind::SecretKey,
                    certificates: 0,
                    key_decrypted: false,
                    key_password_differs: false,
                });
            }
            Entry::PrivateKey { alias, encrypted, chain } => {
                let at = top.within(format!("{name} alias \"{alias}\", private key"));
                let candidates: Vec<&str> = match (store_password, cx.password) {
                    (Some(p), _) | (None, Some(p)) => vec![p],
                    (None, None) => DEFAULT_PASSWORDS.to_vec(),
                };
                let mut outcome = Err(pbe::PbeError::WrongPassword);
                for password in candidates {
                    if let Err(why) = cx.spend(key_cost(encrypted)) {
                        outcome = Err(pbe::PbeError::Unsupported(why));
                        break;
                    }
                    outcome = decrypt_key(encrypted, password);
                    if outcome.is_ok() {
                        break;
                    }
                }
                let mut key_password_differs = false;
                let decrypted = match outcome {
                    Ok(Plain::Pkcs8(pkcs8)) => match crate::keys::key_from_pkcs8(&pkcs8) {
                        Ok(material) => {
                            cx.key(material, KeyFormat::Jks, &at);
                            true
                        }
                        Err(e) => {
                            cx.key_error(e, &at);
                            false
                        }
                    },
                    // Kept as a PKCS#1 key, so the keystore pre-flight says Salesforce refuses it
                    // and the key still matches its certificate.
                    Ok(Plain::NotPkcs8(plain)) => match crate::keys::key_from_pkcs1(&plain) {
                        Ok(material) => {
                            cx.key(material, KeyFormat::Pkcs1, &at);
                            true
                        }
                        Err(_) => {
                            cx.error(
                                DecodeErrorKind::Unsupported,
                                &at,
                                format!(
                                    "the private key \"{alias}\" opens with the password but is neither PKCS#8 (what Java stores) nor a PKCS#1 RSA key: Java, and Salesforce's Import from Keystore, cannot read it"
                                ),
                                "rebuild the keystore with keytool (openssl pkcs12 -export, then keytool -importkeystore) from the key in PKCS#8 form",
                            );
                            false
                        }
                    },
                    Err(pbe::PbeError::WrongPassword) if store_password.is_some() => {
                        key_password_differs = true;
                        cx.error(
                            DecodeErrorKind::WrongPassword,
                            &at,
                            format!(
                                "the private key \"{alias}\" does not decrypt with the store password: it has its own, different key password (Salesforce's Import from Keystore refuses keystores whose key and store passwords differ)"
                            ),
                            &format!(
                                "set the key password to the store password: keytool -keypasswd -alias {alias} -keystore <file> (it asks for both)"
                            ),
                        );
                        false
                    }
                    // Store password unknown: already reported once for the whole store.
                    Err(pbe::PbeError::WrongPassword) => false,
                    Err(pbe::PbeError::Unsupported(why)) => {
                        cx.error(
                            DecodeErrorKind::Unsupported,
                            &at,
                            format!("the private key \"{alias}\" cannot be decrypted: {why}"),
                            "convert with keytool -importkeystore -deststoretype PKCS12",
                        );
                        false
                    }
                    Err(pbe::PbeError::Malformed(why)) => {
                        cx.error(
                            DecodeErrorKind::Malformed,
                            &at,
                            format!("the private key \"{alias}\" is damaged: {why}"),
                            "the keystore is damaged: copy it again",
                        );
                        false
                    }
                };
                let total = chain.len();
                for (i, cert) in chain.iter().enumerate() {
                    let at = top.within(format!("{name} alias \"{alias}\", certificate {} of {total}", i + 1));
                    cx.cert(cert, &at);
                }
                entries.push(KeystoreEntry {
                    alias: alias.clone(),
                    kind: KeystoreEntryKind::PrivateKey,
                    certificates: total,
                    key_decrypted: decrypted,
                    key_password_differs,
                });
            }
        }
    }
    if parsed.entries.is_empty() && parsed.stopped.is_none() {
        cx.error(
            DecodeErrorKind::Empty,
            &top,
            format!("the {name} keystore has no entries"),
            "add the key entry and its chain, or use another keystore",
        );
    }
    let default_password = store_password.filter(|_| cx.password.is_none()).map(str::to_string);
    cx.summary.keystore = Some(KeystoreSummary { store_type: name.into(), integrity, entries, default_password });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_protector_round_trip_and_wrong_password() {
        // Build a protected key the way KeyProtector.protect does, then recover it.
        let plain = b"0123456789abcdefghijklmnopqrstuvwxyz!".to_vec();
        let password = tlv::string_to_utf16be("pw");
        let salt = [7u8; 20];
        let mut block = salt.to_vec();
        let mut data = salt.to_vec();
        for chunk in plain.chunks(20) {
            block = Sha1::new().chain_update(&password).chain_update(&block).finalize().to_vec();
            data.extend(chunk.iter().zip(block.iter()).map(|(c, k)| c ^ k));
        }
        data.extend(Sha1::new().chain_update(&password).chain_update(&plain).finalize());
        assert_eq!(key_protector_decrypt(&data, "pw").unwrap(), plain);
        assert_eq!(key_protector_decrypt(&data, "other"), Err(pbe::PbeError::WrongPassword));
        assert!(matches!(key_protector_decrypt(&data[..30], "pw"), Err(pbe::PbeError::Malformed(_))));
    }

    #[test]
    fn hostile_lengths_are_bounded() {
        // Magic, version 2, 1 entry, tag 1, alias "a", timestamp, key length 0xFFFFFFFF.
        let mut bytes = vec![0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, b'a'];
        bytes.extend([0u8; 8]);
        bytes.extend([0xff, 0xff, 0xff, 0xff]);
        let parsed = parse(StoreType::Jks, &bytes);
        let (kind, message) = parsed.stopped.unwrap();
        assert_eq!(kind, DecodeErrorKind::Malformed);
        assert!(message.contains("truncated"), "{message}");
        // A huge entry count with nothing behind it stops at the first entry.
        let bytes = [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff];
        assert!(parse(StoreType::Jks, &bytes).stopped.unwrap().1.contains("entry 1 of 4294967295"));
    }
}
