//! A tolerant PEM scanner for messy pastes.
//!
//! `pem-rfc7468` is strict by design (RFC 7468 §3 "strict" grammar) and rejects what users
//! actually paste: CRLF or CR line endings, indented or `> `-quoted lines, prose around blocks,
//! RFC 1421 headers (`Proc-Type`, `DEK-Info`), several files run together, a whole block on one
//! line. This scanner is a single linear pass over the lines that accepts all of that, and turns
//! everything it cannot accept into an error with a 1-based line number and a hint.

use super::{DecodeError, DecodeErrorKind};
use base64ct::{Base64, Encoding};

/// One decoded PEM block.
#[derive(Debug)]
pub struct PemBlock {
    pub label: String,
    /// 1-based line of the `-----BEGIN` marker.
    pub begin_line: usize,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`), in order.
    pub headers: Vec<(String, String)>,
    pub der: Vec<u8>,
}

impl PemBlock {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the scanner found, in input order.
#[derive(Debug)]
pub enum PemEvent {
    Block(PemBlock),
    Error(DecodeError),
}

#[derive(Debug, Default)]
pub struct PemScan {
    pub events: Vec<PemEvent>,
    /// Number of `-----BEGIN` markers seen (decoded or not).
    pub begin_markers: usize,
    /// Number of `-----END` markers with no block open.
    pub orphan_end_markers: usize,
    /// Number of lines and the first line that is not blank.
    pub line_count: usize,
    pub first_text_line: Option<usize>,
}

const BEGIN: &str = "-----BEGIN";
const END: &str = "-----END";

/// Split text into lines on `\n`, `\r\n` and lone `\r`, numbering from 1.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut number = 0usize;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        number += 1;
        let cut = rest.as_bytes().iter().position(|&b| b == b'\n' || b == b'\r');
        let (line, tail) = match cut {
            Some(i) => {
                let line = rest.get(..i).unwrap_or_default();
                let after = rest.get(i..).unwrap_or_default();
                let skip = if after.starts_with("\r\n") { 2 } else { 1 };
                (line, after.get(skip..).unwrap_or_default())
            }
            None => (rest, ""),
        };
        rest = tail;
        Some((number, line))
    })
}

/// Remove indentation, e-mail quoting (`> `, `>> `) and trailing spaces.
fn clean(line: &str) -> &str {
    let mut s = line.trim_start();
    while let Some(stripped) = s.strip_prefix('>') {
        s = stripped.trim_start();
    }
    s.trim_end()
}

struct OpenBlock {
    label: String,
    begin_line: usize,
    headers: Vec<(String, String)>,
    body: String,
    /// (line, number of base64 characters on it), for pointing at a short or long line.
    body_lines: Vec<(usize, usize)>,
    /// Line where the first '=' appeared.
    padding_line: Option<usize>,
    /// First error inside the block (bad character, data after padding); the block is not decoded.
    broken: Option<DecodeError>,
}

fn malformed(line: usize, message: String, hint: &str) -> DecodeError {
    DecodeError { kind: DecodeErrorKind::Malformed, line: Some(line), message, hint: hint.into() }
}

/// Label between `-----BEGIN ` / `-----END ` and the closing dashes; returns (label, rest of line).
/// The label is normalised (upper case, single spaces): `-----BEGIN  certificate-----` is read
/// as CERTIFICATE, as hand-edited files sometimes have it.
fn marker_label(after_keyword: &str) -> (String, &str) {
    let (label, rest) = match after_keyword.find("-----") {
        // Skip exactly the closing five dashes: a glued `-----BEGIN` may follow at once.
        Some(i) => (after_keyword.get(..i).unwrap_or_default(), after_keyword.get(i + 5..).unwrap_or_default()),
        None => (after_keyword.trim_end_matches('-'), ""),
    };
    (label.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase(), rest)
}

/// Scan `text` for PEM blocks.
pub fn scan(text: &str) -> PemScan {
    let mut out = PemScan::default();
    let mut open: Option<OpenBlock> = None;
    let mut stray = Stray::default();
    for (number, raw) in lines(text) {
        let mut segment = clean(raw);
        out.line_count = number;
        if out.first_text_line.is_none() && !segment.is_empty() {
            out.first_text_line = Some(number);
        }
        while !segment.is_empty() {
            match open.as_mut() {
                None => {
                    let Some(at) = segment.find(BEGIN) else {
                        stray.outside_line(&mut out, number, segment);
                        break;
                    };
                    stray.flush(&mut out);
                    out.begin_markers += 1;
                    let (label, rest) = marker_label(segment.get(at + BEGIN.len()..).unwrap_or_default());
                    open = Some(OpenBlock {
                        label,
                        begin_line: number,
                        headers: Vec::new(),
                        // A certificate's base64 is 1-3 KB: one allocation instead of a doubling per line.
                        body: String::with_capacity(2048),
                        body_lines: Vec::new(),
                        padding_line: None,
                        broken: None,
                    });
                    segment = rest.trim_start();
                }
                Some(block) => {
                    // Base64 lines (nearly all of them) hold no '-': skip the two substring searches.
                    let has_dash = segment.as_bytes().contains(&b'-');
                    let begin_at = if has_dash { segment.find(BEGIN) } else { None };
                    // Look for END only up to the next BEGIN (the nearer marker wins anyway): on one
                    // long line of END-less blocks, searching the whole rest per block was quadratic
                    // (fuzzing: 0.46 s for 750 KB; crates/core/tests/fuzz_regressions.rs).
                    let before_begin = segment.get(..begin_at.unwrap_or(segment.len())).unwrap_or_default();
                    let end_at = if has_dash { before_begin.find(END) } else { None };
                    let marker_at = match (end_at, begin_at) {
                        (Some(e), Some(b)) => Some(e.min(b)),
                        (e, b) => e.or(b),
                    };
                    let body_part = match marker_at {
                        Some(i) => segment.get(..i).unwrap_or_default(),
                        None => segment,
                    };
                    add_body(block, number, body_part);
                    let Some(at) = marker_at else { break };
                    let tail = segment.get(at..).unwrap_or_default();
                    if tail.starts_with(END) {
                        let (end_label, rest) = marker_label(tail.get(END.len()..).unwrap_or_default());
                        if let Some(block) = open.take() {
                            out.events.push(finish(block, &end_label, number));
                        }
                        segment = rest.trim_start();
                    } else {
                        // A new BEGIN before this block's END.
                        if let Some(block) = open.take() {
                            out.events.push(PemEvent::Error(missing_end(&block, Some(number))));
                        }
                        segment = tail;
                    }
                }
            }
        }
    }
    if let Some(block) = open.take() {
        out.events.push(PemEvent::Error(missing_end(&block, None)));
    }
    stray.flush(&mut out);
    out
}

/// Base64 and END lines outside any block: a block whose BEGIN line was lost in copying.
/// Prose is fine outside blocks, but these are data that would otherwise vanish silently.
#[derive(Default)]
struct Stray {
    /// First and last line of consecutive base64-looking lines.
    run: Option<(usize, usize)>,
    /// A short base64-looking line right after the run: the block's last line if an END follows.
    short_tail: Option<usize>,
}

fn is_base64_text(line: &str) -> bool {
    line.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

impl Stray {
    fn outside_line(&mut self, out: &mut PemScan, number: usize, segment: &str) {
        let adjacent_last = self.short_tail.or(self.run.map(|(_, last)| last));
        if let Some(at) = segment.find(END) {
            out.orphan_end_markers += 1;
            let (label, _) = marker_label(segment.get(at + END.len()..).unwrap_or_default());
            let (line, message) = match (self.run, adjacent_last) {
                (Some((first, _)), Some(last)) if last + 1 == number => (
                    first,
                    format!(
                        "lines {first}-{last} hold base64 data ending with '-----END {label}-----' on line {number}, but there is no '-----BEGIN {label}-----' line"
                    ),
                ),
                _ => {
                    self.flush(out);
                    (
                        number,
                        format!(
                            "'-----END {label}-----' on line {number} has no matching '-----BEGIN {label}-----' line"
                        ),
                    )
                }
            };
            self.run = None;
            self.short_tail = None;
            out.events.push(PemEvent::Error(malformed(
                line,
                message,
                "the BEGIN line was lost when copying: re-copy the whole block, from its -----BEGIN line to its -----END line",
            )));
            return;
        }
        let adjacent = adjacent_last.is_some_and(|last| last + 1 == number);
        if is_base64_text(segment) && segment.len() >= 40 && self.short_tail.is_none() {
            self.run = match self.run {
                Some((first, last)) if last + 1 == number => Some((first, number)),
                _ => {
                    self.flush(out);
                    Some((number, number))
                }
            };
        } else if is_base64_text(segment) && adjacent && self.run.is_some() && self.short_tail.is_none() {
            self.short_tail = Some(number);
        } else {
            self.flush(out);
        }
    }

    fn flush(&mut self, out: &mut PemScan) {
        self.short_tail = None;
        if let Some((first, last)) = self.run.take() {
            let lines =
                if first == last { format!("line {first} looks") } else { format!("lines {first}-{last} look") };
            out.events.push(PemEvent::Error(malformed(
                first,
                format!("{lines} like base64 data outside any PEM block"),
                "the -----BEGIN and -----END lines around this data are missing: re-copy the whole block",
            )));
        }
    }
}

fn missing_end(block: &OpenBlock, next_begin: Option<usize>) -> DecodeError {
    let label = &block.label;
    let message = match next_begin {
        Some(line) => format!(
            "the block '-----BEGIN {label}-----' on line {} has no '-----END {label}-----' line before the next BEGIN on line {line}",
            block.begin_line
        ),
        None => format!(
            "the block '-----BEGIN {label}-----' on line {} has no '-----END {label}-----' line (the text ends first)",
            block.begin_line
        ),
    };
    malformed(block.begin_line, message, "copy the whole block, down to and including its -----END ...----- line")
}

fn add_body(block: &mut OpenBlock, number: usize, part: &str) {
    let part = part.trim();
    if part.is_empty() || block.broken.is_some() {
        return;
    }
    // RFC 1421 encapsulated headers come before the base64 (e.g. `Proc-Type: 4,ENCRYPTED`).
    if block.body.is_empty()
        && let Some((name, value)) = part.split_once(':')
        && !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        block.headers.push((name.trim().to_string(), value.trim().to_string()));
        return;
    }
    // Fast path: a plain line of base64 before any padding (nearly every line).
    if block.padding_line.is_none() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
        block.body.push_str(part);
        block.body_lines.push((number, part.len()));
        return;
    }
    let mut count = 0usize;
    let mut chars = part.char_indices().peekable();
    while let Some((column, c)) = chars.next() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => {
                if block.padding_line.is_some() {
                    block.broken = Some(malformed(
                        number,
                        format!(
                            "base64 data continues after the '=' padding that ended it on line {}",
                            block.padding_line.unwrap_or(number)
                        ),
                        "two blocks may have been merged or a line pasted twice: re-copy the block from its source",
                    ));
                    return;
                }
                block.body.push(c);
                count += 1;
            }
            '=' => {
                block.padding_line.get_or_insert(number);
                block.body.push(c);
                count += 1;
            }
            // A JSON or shell string pasted with its escapes: `\n` between lines.
            '\\' if matches!(chars.peek(), Some((_, 'n' | 'r'))) => {
                chars.next();
            }
            // JSON encoders may escape '/' as `\/`: keep the slash.
            '\\' if matches!(chars.peek(), Some((_, '/'))) => {}
            c if c.is_whitespace() => {}
            other => {
                block.broken = Some(malformed(
                    number,
                    format!(
                        "line {number}, column {}: '{}' is not a base64 character, inside the '{}' block that begins on line {}",
                        column + 1,
                        other.escape_default(),
                        block.label,
                        block.begin_line
                    ),
                    "a PEM block holds only base64 (A-Z, a-z, 0-9, +, /, =) between its BEGIN and END lines: remove the stray text or re-copy the block",
                ));
                return;
            }
        }
    }
    if count > 0 {
        block.body_lines.push((number, count));
    }
}

fn finish(block: OpenBlock, end_label: &str, end_line: usize) -> PemEvent {
    let OpenBlock { label, begin_line, headers, body, body_lines, broken, .. } = block;
    if let Some(error) = broken {
        return PemEvent::Error(error);
    }
    if end_label != label {
        return PemEvent::Error(malformed(
            begin_line,
            format!(
                "'-----BEGIN {label}-----' on line {begin_line} is closed by '-----END {end_label}-----' on line {end_line}"
            ),
            "the BEGIN and END labels must match: the end of one block and the start of another were probably lost when copying; re-copy both",
        ));
    }
    if body.is_empty() {
        return PemEvent::Error(malformed(
            begin_line,
            format!("the '{label}' block on lines {begin_line}-{end_line} has no base64 data"),
            "copy the lines between BEGIN and END too",
        ));
    }
    if !body.len().is_multiple_of(4) {
        // Point at the line whose width differs from the first line's: the usual culprit.
        let width = body_lines.first().map(|&(_, n)| n).unwrap_or(0);
        let odd = body_lines
            .iter()
            .take(body_lines.len().saturating_sub(1))
            .find(|&&(_, n)| n != width)
            .or_else(|| body_lines.last())
            .map(|&(line, _)| line)
            .unwrap_or(end_line);
        return PemEvent::Error(malformed(
            odd,
            format!(
                "the base64 in the '{label}' block (lines {begin_line}-{end_line}) is incomplete: {} characters, not a multiple of 4; line {odd} looks damaged",
                body.len()
            ),
            "characters are missing or extra: re-copy the block from its source without editing it",
        ));
    }
    // Public objects take the table decoder; keys and anything unusual keep base64ct's
    // constant-time one (and its error messages).
    let fast = if is_public_label(&label) { decode_public_base64(&body) } else { None };
    match fast.map_or_else(|| Base64::decode_vec(&body), Ok) {
        Ok(der) => PemEvent::Block(PemBlock { label, begin_line, headers, der }),
        Err(e) => PemEvent::Error(malformed(
            begin_line,
            format!("the base64 in the '{label}' block (lines {begin_line}-{end_line}) cannot be decoded: {e}"),
            "re-copy the block from its source without editing it",
        )),
    }
}

/// Labels of PEM blocks that hold no secret: their base64 need not be decoded in constant time.
fn is_public_label(label: &str) -> bool {
    matches!(
        label,
        "CERTIFICATE"
            | "TRUSTED CERTIFICATE"
            | "X509 CERTIFICATE"
            | "X509 CRL"
            | "PKCS7"
            | "CERTIFICATE REQUEST"
            | "NEW CERTIFICATE REQUEST"
            | "PUBLIC KEY"
    )
}

/// Plain table-driven base64 decoding (several times faster than the constant-time decoder, which
/// a 2,000-certificate paste notices). Strict: `None` for anything but canonical padded base64, so
/// the caller falls back to base64ct and its precise error.
fn decode_public_base64(body: &str) -> Option<Vec<u8>> {
    const INVALID: u8 = 0xff;
    const TABLE: [u8; 256] = {
        let mut table = [INVALID; 256];
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut i = 0;
        while i < 64 {
            table[alphabet[i] as usize] = i as u8;
            i += 1;
        }
        table
    };
    let bytes = body.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    let data = bytes.get(..bytes.len() - padding)?;
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        let mut v = 0u32;
        for &c in chunk {
            let d = TABLE[c as usize];
            if d == INVALID {
                return None;
            }
            v = (v << 6) | u32::from(d);
        }
        out.extend_from_slice(&v.to_be_bytes()[1..]);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut v = 0u32;
        for &c in rest {
            let d = TABLE[c as usize];
            if d == INVALID {
                return None;
            }
            v = (v << 6) | u32::from(d);
        }
        // 2 characters carry 1 byte (4 spare bits), 3 carry 2 bytes (2 spare bits); spare bits
        // must be zero in canonical base64.
        let (bytes_out, spare) = if rest.len() == 2 {
            (1, 4)
        } else if rest.len() == 3 {
            (2, 2)
        } else {
            return None;
        };
        if v & ((1 << spare) - 1) != 0 {
            return None;
        }
        let v = v >> spare;
        let be = v.to_be_bytes();
        out.extend_from_slice(&be[4 - bytes_out..]);
    }
    Some(out)
}

/// Decode a bare base64 blob (no armour) spread over lines; `None` if it is not one.
pub fn bare_base64(text: &str) -> Option<Vec<u8>> {
    let mut body = String::with_capacity(text.len());
    for (_, raw) in lines(text) {
        for c in clean(raw).chars() {
            match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => body.push(c),
                c if c.is_whitespace() => {}
                _ => return None,
            }
        }
    }
    if body.len() < 16 {
        return None;
    }
    Base64::decode_vec(&body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_base64_agrees_with_base64ct() {
        for len in 0..70usize {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let text = Base64::encode_string(&data);
            assert_eq!(decode_public_base64(&text), if len == 0 { None } else { Some(data.clone()) }, "{len}");
        }
        // Non-canonical or invalid input is left to base64ct (None here).
        for bad in ["QQ==QQ==", "QR==", "QUJ=", "Q===", "QUJD!", "QUJ", "=QUJ", "QU\nJD"] {
            assert_eq!(decode_public_base64(bad), None, "{bad}");
        }
    }

    #[test]
    fn line_endings() {
        let got: Vec<_> = lines("a\r\nb\rc\nd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
        let got: Vec<_> = lines("a\n\nb\n").collect();
        assert_eq!(got, vec![(1, "a"), (2, ""), (3, "b")]);
    }

    #[test]
    fn labels_are_normalised() {
        assert_eq!(marker_label("  x509   crl-----rest"), ("X509 CRL".to_string(), "rest"));
        assert_eq!(marker_label(" CERTIFICATE"), ("CERTIFICATE".to_string(), ""));
    }

    #[test]
    fn quoting_and_indent() {
        assert_eq!(clean("  > > MIIB  "), "MIIB");
        assert_eq!(clean("\t-----BEGIN X-----"), "-----BEGIN X-----");
    }

    #[test]
    fn single_line_block_and_headers() {
        let scan = scan("x -----BEGIN FOO----- AAAA -----END FOO----- y");
        assert_eq!(scan.events.len(), 1);
        let PemEvent::Block(block) = &scan.events[0] else { panic!("{:?}", scan.events) };
        assert_eq!(block.label, "FOO");
        assert_eq!(block.der, vec![0, 0, 0]);
        let scan = scan_text(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
        );
        let PemEvent::Block(block) = &scan.events[0] else { panic!() };
        assert_eq!(block.header("dek-info"), Some("AES-128-CBC,00"));
    }

    fn scan_text(t: &str) -> PemScan {
        scan(t)
    }
}
