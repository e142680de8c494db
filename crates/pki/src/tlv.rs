//! A minimal, panic-free DER reader and writer used for sniffing formats, measuring objects
//! (truncation, trailing data) and building small wrappers (SPKI, PKCS#8) around key material.
//!
//! Typed parsing stays with the RustCrypto crates; this only reads tag/length headers
//! (X.690 §8.1) so we can say *how* a blob is broken before a typed decoder fails.

pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const OID: u8 = 0x06;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;
pub const CONTEXT_0: u8 = 0xa0;

/// One tag-length-value element.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    /// The element's value (contents octets).
    pub value: &'a [u8],
    /// The whole element: header and value.
    pub full: &'a [u8],
}

/// Why a header could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlvError {
    /// No bytes at all.
    Empty,
    /// The header announces more bytes than are present.
    Truncated { needed: usize, present: usize },
    /// BER indefinite length (0x80): not DER.
    Indefinite,
    /// A header DER cannot have (high tag numbers, lengths over 4 bytes).
    BadHeader(&'static str),
}

impl std::fmt::Display for TlvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlvError::Empty => f.write_str("no data"),
            TlvError::Truncated { needed, present } => {
                write!(f, "truncated: its DER header announces {needed} bytes but only {present} are present")
            }
            TlvError::Indefinite => f.write_str("BER indefinite-length encoding, which is not DER"),
            TlvError::BadHeader(why) => write!(f, "invalid DER header: {why}"),
        }
    }
}

/// Read the first element of `bytes`; returns it and the bytes after it.
pub fn read(bytes: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let (tag, value_len, header_len) = header(bytes)?;
    let total = header_len.checked_add(value_len).ok_or(TlvError::BadHeader("length overflows"))?;
    if total > bytes.len() {
        return Err(TlvError::Truncated { needed: total, present: bytes.len() });
    }
    let (full, rest) = bytes.split_at(total);
    let value = full.get(header_len..).unwrap_or_default();
    Ok((Tlv { tag, value, full }, rest))
}

/// Parse a header: (tag, value length, header length). Does not check that the value is present.
pub fn header(bytes: &[u8]) -> Result<(u8, usize, usize), TlvError> {
    let (&tag, rest) = bytes.split_first().ok_or(TlvError::Empty)?;
    if tag & 0x1f == 0x1f {
        return Err(TlvError::BadHeader("high tag numbers are not used in these formats"));
    }
    let (&first, rest) = rest.split_first().ok_or(TlvError::Truncated { needed: 2, present: 1 })?;
    if first < 0x80 {
        return Ok((tag, usize::from(first), 2));
    }
    if first == 0x80 {
        return Err(TlvError::Indefinite);
    }
    let count = usize::from(first & 0x7f);
    if count > 4 {
        return Err(TlvError::BadHeader("length field longer than 4 bytes"));
    }
    let length_bytes = rest.get(..count).ok_or(TlvError::Truncated { needed: 2 + count, present: bytes.len() })?;
    let value_len = length_bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    Ok((tag, value_len, 2 + count))
}

/// The children of a constructed value, stopping at the first one that cannot be read
/// (the error is returned alongside what was read, so sniffing works on damaged data).
pub fn children(value: &[u8]) -> (Vec<Tlv<'_>>, Option<TlvError>) {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        match read(rest) {
            Ok((tlv, tail)) => {
                out.push(tlv);
                rest = tail;
            }
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

/// Like [`children`], but a last element that runs past the end is included with the bytes
/// that are present: for sniffing what a truncated object was meant to be.
pub fn children_lenient(value: &[u8]) -> Vec<Tlv<'_>> {
    let (mut out, error) = children(value);
    if error.is_some() {
        let consumed: usize = out.iter().map(|t| t.full.len()).sum();
        let rest = value.get(consumed..).unwrap_or_default();
        if let Ok((tag, _, header_len)) = header(rest) {
            out.push(Tlv { tag, value: rest.get(header_len..).unwrap_or_default(), full: rest });
        }
    }
    out
}

/// Like [`children`] but failing on the first error.
pub fn children_strict(value: &[u8]) -> Result<Vec<Tlv<'_>>, TlvError> {
    match children(value) {
        (list, None) => Ok(list),
        (_, Some(e)) => Err(e),
    }
}

/// Deepest BER nesting [`ber_to_der`] follows (X.509 structures nest about 10 deep).
const MAX_BER_DEPTH: usize = 48;

/// Re-encode the first BER element of `bytes` as DER-style definite lengths: indefinite lengths
/// (X.690 §8.1.3.6) become definite and constructed OCTET STRINGs (§8.7.3) become primitive.
/// Windows and Java tools write PKCS#7 and PKCS#12 this way. Returns the element and the number
/// of input bytes it used. Contents of primitive elements are copied unchanged, so encapsulated
/// structures (inside OCTET STRINGs) need their own pass.
pub fn ber_to_der(bytes: &[u8]) -> Result<(Vec<u8>, usize), TlvError> {
    ber_element(bytes, 0)
}

fn ber_element(bytes: &[u8], depth: usize) -> Result<(Vec<u8>, usize), TlvError> {
    if depth > MAX_BER_DEPTH {
        return Err(TlvError::BadHeader("BER nesting too deep"));
    }
    let (tag, len, header_len, indefinite) = match header(bytes) {
        Ok((tag, len, header_len)) => (tag, len, header_len, false),
        Err(TlvError::Indefinite) => (bytes.first().copied().unwrap_or(0), 0, 2, true),
        Err(e) => return Err(e),
    };
    let constructed = tag & 0x20 != 0;
    if !constructed {
        if indefinite {
            return Err(TlvError::BadHeader("indefinite length on a primitive element"));
        }
        let (tlv, _) = read(bytes)?;
        return Ok((tlv.full.to_vec(), tlv.full.len()));
    }
    // Children: up to the end-of-contents octets (indefinite) or the announced length.
    let body = if indefinite {
        bytes.get(header_len..).unwrap_or_default()
    } else {
        let end = header_len.checked_add(len).ok_or(TlvError::BadHeader("length overflows"))?;
        bytes.get(header_len..end).ok_or(TlvError::Truncated { needed: end, present: bytes.len() })?
    };
    let mut content = Vec::with_capacity(body.len());
    let mut pos = 0usize;
    loop {
        let rest = body.get(pos..).unwrap_or_default();
        if indefinite {
            if rest.starts_with(&[0, 0]) {
                pos += 2;
                break;
            }
            if rest.is_empty() {
                return Err(TlvError::Truncated { needed: bytes.len() + 2, present: bytes.len() });
            }
        } else if rest.is_empty() {
            break;
        }
        let (child, used) = ber_element(rest, depth + 1)?;
        pos += used;
        // Segments of a constructed string are concatenated into one primitive string.
        if matches!(tag, 0x24 | 0x23) {
            let (seg, _) = read(&child)?;
            let value =
                if tag == 0x23 && !content.is_empty() { seg.value.get(1..).unwrap_or_default() } else { seg.value };
            content.extend_from_slice(value);
        } else {
            content.extend_from_slice(&child);
        }
    }
    let out_tag = match tag {
        0x24 => OCTET_STRING,
        0x23 => BIT_STRING,
        other => other,
    };
    Ok((encode(out_tag, &content), header_len + pos))
}

/// `bytes` with any BER indefinite lengths or constructed strings rewritten (see [`ber_to_der`]);
/// borrowed unchanged when it is already a definite-length element.
pub fn definite(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match read(bytes) {
        Ok((tlv, rest)) if rest.is_empty() && !has_indefinite(tlv.value, 0) => std::borrow::Cow::Borrowed(bytes),
        _ => match ber_to_der(bytes) {
            Ok((der, _)) => std::borrow::Cow::Owned(der),
            Err(_) => std::borrow::Cow::Borrowed(bytes),
        },
    }
}

/// Whether a constructed value holds an indefinite length or a constructed string anywhere.
fn has_indefinite(value: &[u8], depth: usize) -> bool {
    if depth > MAX_BER_DEPTH {
        return false;
    }
    let mut rest = value;
    while !rest.is_empty() {
        match read(rest) {
            Ok((tlv, tail)) => {
                if matches!(tlv.tag, 0x23 | 0x24) || (tlv.tag & 0x20 != 0 && has_indefinite(tlv.value, depth + 1)) {
                    return true;
                }
                rest = tail;
            }
            Err(TlvError::Indefinite) => return true,
            Err(_) => return false,
        }
    }
    false
}

/// Encode a DER element.
pub fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
    out
}

/// UTF-16BE bytes of a string (PKCS#12 passwords, Java keystore passwords).
pub fn string_to_utf16be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let (tlv, rest) = read(&[0x04, 0x02, 0xaa, 0xbb, 0x05]).unwrap();
        assert_eq!(tlv.value, &[0xaa, 0xbb]);
        assert_eq!(rest, &[0x05]);
        let long = encode(OCTET_STRING, &[7u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let (tlv, rest) = read(&long).unwrap();
        assert_eq!(tlv.value.len(), 300);
        assert!(rest.is_empty());
    }

    #[test]
    fn reports_truncation_and_bad_headers() {
        assert_eq!(read(&[0x30, 0x82, 0x01, 0x00, 0x01]).unwrap_err(), TlvError::Truncated { needed: 260, present: 5 });
        assert_eq!(read(&[0x30, 0x80]).unwrap_err(), TlvError::Indefinite);
        assert_eq!(read(&[]).unwrap_err(), TlvError::Empty);
        assert!(matches!(read(&[0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap_err(), TlvError::BadHeader(_)));
        assert!(matches!(read(&[0x30]).unwrap_err(), TlvError::Truncated { .. }));
    }

    #[test]
    fn ber_indefinite_lengths_and_constructed_strings_become_definite() {
        // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { "ab", "c" }, INTEGER 5 }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x02, 0x01, 0x05, 0x00, 0x00,
            0xff,
        ];
        let (der, used) = ber_to_der(&ber).unwrap();
        assert_eq!(der, vec![0x30, 0x08, 0x04, 0x03, b'a', b'b', b'c', 0x02, 0x01, 0x05]);
        assert_eq!(used, ber.len() - 1);
        assert_eq!(&*definite(&ber[..ber.len() - 1]), der.as_slice());
        let plain = [0x30, 0x03, 0x02, 0x01, 0x07];
        assert!(matches!(definite(&plain), std::borrow::Cow::Borrowed(_)));
        // Missing end-of-contents and runaway nesting are errors, not panics.
        assert!(ber_to_der(&[0x30, 0x80, 0x02, 0x01, 0x05]).is_err());
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 100).flatten().collect();
        assert!(ber_to_der(&deep).is_err());
    }

    #[test]
    fn utf16_encoding() {
        assert_eq!(string_to_utf16be("ab"), vec![0, 0x61, 0, 0x62]);
        assert_eq!(string_to_utf16be("é€"), vec![0, 0xe9, 0x20, 0xac]);
    }
}
