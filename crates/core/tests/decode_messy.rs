//! Messy pastes and every error case: exact lines and error kinds.
#![allow(clippy::unwrap_used)]

use certchain_core::Input;
use certchain_core::decode::{DecodeErrorKind, Decoded, ItemKind, decode_inputs};

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/inputs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/inputs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap()
}

fn paste(text: &str) -> Decoded {
    decode_inputs(&[Input::new("pasted text", text.as_bytes().to_vec())])
}

fn lines_of(d: &Decoded) -> Vec<Option<usize>> {
    d.inputs[0].items.iter().map(|i| i.line).collect()
}

fn leaf() -> String {
    fixture("leaf.pem")
}

fn leaf_lines() -> usize {
    leaf().lines().count()
}

#[test]
fn crlf_cr_and_trailing_spaces() {
    let crlf = leaf().replace('\n', "\r\n");
    let d = paste(&crlf);
    assert!(d.inputs[0].errors.is_empty());
    assert_eq!(lines_of(&d), vec![Some(1)]);
    let cr = format!("\r\r{}", leaf().replace('\n', "\r"));
    assert_eq!(lines_of(&paste(&cr)), vec![Some(3)]);
    let spaces: String = leaf().lines().map(|l| format!("{l}   \t\n")).collect();
    assert_eq!(paste(&spaces).certs.len(), 1);
}

#[test]
fn indented_and_email_quoted_blocks() {
    let indented: String = leaf().lines().map(|l| format!("    {l}\n")).collect();
    assert_eq!(paste(&indented).certs.len(), 1);
    let quoted: String = leaf().lines().map(|l| format!("> {l}\n")).collect();
    let twice: String = leaf().lines().map(|l| format!(">> {l}\n")).collect();
    assert_eq!(paste(&quoted).certs.len(), 1);
    assert_eq!(paste(&twice).certs.len(), 1);
}

#[test]
fn prose_before_between_and_after_blocks() {
    let text = format!(
        "Hi team,\nhere is the client certificate:\n\n{}\nand the intermediate we got from the CA:\n{}\nThanks!\n",
        leaf(),
        fixture("int.pem")
    );
    let d = paste(&text);
    assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
    assert_eq!(lines_of(&d), vec![Some(4), Some(4 + leaf_lines() + 2)]);
}

#[test]
fn several_files_concatenated() {
    let text = format!("{}{}{}{}", fixture("chain.pem"), fixture("leaf.key"), fixture("csr.pem"), fixture("crl.pem"));
    let d = paste(&text);
    assert!(d.inputs[0].errors.is_empty());
    let kinds: Vec<ItemKind> = d.inputs[0].items.iter().map(|i| i.kind).collect();
    use ItemKind::*;
    assert_eq!(kinds, vec![Certificate, Certificate, Certificate, PrivateKey, Csr, Crl]);
    // A file without a final newline glued to the next one.
    let glued = format!("{}{}", leaf().trim_end(), fixture("int.pem"));
    assert_eq!(paste(&glued).certs.len(), 2);
}

fn body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

#[test]
fn odd_wrap_widths_and_single_line_blocks() {
    let b64 = body(&leaf());
    for width in [76, 40, 7, 1000] {
        let wrapped: Vec<String> =
            b64.as_bytes().chunks(width).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        let text = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", wrapped.join("\n"));
        assert_eq!(paste(&text).certs.len(), 1, "width {width}");
    }
    let one_line = format!("cert: -----BEGIN CERTIFICATE----- {b64} -----END CERTIFICATE----- end");
    let d = paste(&one_line);
    assert_eq!(d.certs.len(), 1);
    assert_eq!(lines_of(&d), vec![Some(1)]);
    // JSON-escaped newlines.
    let json = format!("{{\"cert\": \"{}\"}}", leaf().replace('\n', "\\n"));
    assert_eq!(paste(&json).certs.len(), 1);
    // PHP-style JSON also escapes '/'.
    let php = json.replace('/', "\\/");
    assert!(php.contains("\\/"));
    let d = paste(&php);
    assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
    assert_eq!(d.certs.len(), 1);
}

#[test]
fn terminal_colour_codes_around_blocks() {
    let text = format!("\x1b[32m$ cat cert.pem\x1b[0m\n{}", leaf());
    let d = paste(&text);
    assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
    assert_eq!(lines_of(&d), vec![Some(2)]);
}

#[test]
fn utf16_and_bom_text() {
    let mut utf16 = vec![0xff, 0xfe];
    for unit in leaf().encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    assert_eq!(decode_inputs(&[Input::new("notepad.pem", utf16)]).certs.len(), 1);
    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend(leaf().bytes());
    assert_eq!(decode_inputs(&[Input::new("bom.pem", bom)]).certs.len(), 1);
}

fn single_error(d: &Decoded) -> &certchain_core::decode::DecodeError {
    assert_eq!(d.inputs[0].errors.len(), 1, "{:#?}", d.inputs[0].errors);
    &d.inputs[0].errors[0]
}

#[test]
fn mismatched_begin_and_end_labels() {
    let text = format!("intro\n{}", leaf().replace("-----END CERTIFICATE-----", "-----END PRIVATE KEY-----"));
    let d = paste(&text);
    let e = single_error(&d);
    assert_eq!(e.kind, DecodeErrorKind::Malformed);
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("BEGIN CERTIFICATE") && e.message.contains("END PRIVATE KEY"), "{}", e.message);
    assert!(!e.hint.is_empty());
    assert!(d.certs.is_empty());
}

#[test]
fn missing_end_names_the_begin_line() {
    let cut: String = leaf().lines().take(leaf_lines() - 1).map(|l| format!("{l}\n")).collect();
    let text = format!("a\nb\n{cut}");
    let e = single_error(&paste(&text)).clone();
    assert_eq!(e.kind, DecodeErrorKind::Malformed);
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("-----BEGIN CERTIFICATE-----") && e.message.contains("line 3"), "{}", e.message);
    // A new BEGIN before the END: the first block is reported, the second still decoded.
    let text = format!("{cut}{}", fixture("int.pem"));
    let d = paste(&text);
    let e = single_error(&d);
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains(&format!("next BEGIN on line {}", leaf_lines())), "{}", e.message);
    assert_eq!(d.certs.len(), 1);
}

#[test]
fn broken_base64_points_at_the_line() {
    let mut lines: Vec<String> = leaf().lines().map(str::to_string).collect();
    lines[4].insert(10, '!');
    let text = format!("{}\n", lines.join("\n"));
    let e = single_error(&paste(&text)).clone();
    assert_eq!(e.kind, DecodeErrorKind::Malformed);
    assert_eq!(e.line, Some(5));
    assert!(e.message.contains("column 11"), "{}", e.message);
    // Characters deleted from a middle line: that line is named.
    let mut lines: Vec<String> = leaf().lines().map(str::to_string).collect();
    lines[6].truncate(61);
    let text = format!("{}\n", lines.join("\n"));
    let e = single_error(&paste(&text)).clone();
    assert_eq!(e.line, Some(7));
    assert!(e.message.contains("not a multiple of 4"), "{}", e.message);
    // A line removed entirely: the base64 still decodes but the DER is wrong.
    let mut lines: Vec<String> = leaf().lines().map(str::to_string).collect();
    lines.remove(3);
    let text = format!("{}\n", lines.join("\n"));
    let d = paste(&text);
    assert_eq!(single_error(&d).kind, DecodeErrorKind::Malformed);
    assert_eq!(single_error(&d).line, Some(1));
}

#[test]
fn lost_begin_line_and_stray_base64_are_reported() {
    // The BEGIN line was not copied: base64 lines and an END line.
    let without_begin: String = leaf().lines().skip(1).map(|l| format!("{l}\n")).collect();
    let text = format!("{}\nsee above\n{without_begin}", fixture("int.pem"));
    let d = paste(&text);
    assert_eq!(d.certs.len(), 1);
    let e = single_error(&d);
    let first = fixture("int.pem").lines().count() + 3;
    assert_eq!(e.line, Some(first));
    assert!(e.message.contains("no '-----BEGIN CERTIFICATE-----' line"), "{}", e.message);
    // An END line alone, in a text with no BEGIN at all.
    let e = single_error(&paste("hello\n-----END CERTIFICATE-----\n")).clone();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("no matching"), "{}", e.message);
    // Base64 lines between blocks with no armour.
    let stray: String = leaf().lines().skip(1).take(3).map(|l| format!("{l}\n")).collect();
    let text = format!("{}{stray}ok\n{}", leaf(), fixture("int.pem"));
    let d = paste(&text);
    assert_eq!(d.certs.len(), 2);
    let e = single_error(&d);
    assert_eq!(e.line, Some(leaf_lines() + 1));
    assert!(
        e.message.contains(&format!("lines {}-{} look like base64", leaf_lines() + 1, leaf_lines() + 3)),
        "{}",
        e.message
    );
    // Ordinary prose, even long words, is not flagged.
    let prose = format!("Regards,\nSupercalifragilisticexpialidocious\n{}", leaf());
    assert!(paste(&prose).inputs[0].errors.is_empty());
}

#[test]
fn mislabelled_blocks_are_decoded_by_content() {
    let p7 = fixture("chain.p7b.pem").replace("PKCS7", "CERTIFICATE");
    let d = paste(&p7);
    assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
    assert_eq!(d.certs.len(), 3);
    assert_eq!(
        d.inputs[0].items[0].container.as_deref(),
        Some("labelled 'CERTIFICATE' but holds a PKCS#7 bundle, PKCS#7 certificate 1")
    );
    let pkcs1 = fixture("leaf-pkcs1.pem").replace("RSA PRIVATE KEY", "PRIVATE KEY");
    let d = paste(&pkcs1);
    assert_eq!(d.keys.len(), 1);
    assert!(d.inputs[0].items[0].container.as_ref().unwrap().contains("PKCS#1 RSA private key"));
}

#[test]
fn saml_metadata_certificates() {
    let b64 = body(&leaf());
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<md:EntityDescriptor>\n  <ds:KeyInfo>\n    <ds:X509Data>\n      <ds:X509Certificate>{}</ds:X509Certificate>\n    </ds:X509Data>\n  </ds:KeyInfo>\n<X509Certificate>\n{}\n</X509Certificate>\n</md:EntityDescriptor>\n",
        b64,
        body(&fixture("int.pem"))
    );
    let d = paste(&xml);
    assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
    assert_eq!(d.inputs[0].format, "XML");
    assert_eq!(d.certs.len(), 2);
    assert_eq!(lines_of(&d), vec![Some(5), Some(8)]);
    let broken = xml.replacen("<ds:X509Certificate>M", "<ds:X509Certificate>!M", 1);
    let d = paste(&broken);
    assert_eq!(d.certs.len(), 1);
    assert_eq!(single_error(&d).line, Some(5));
}

#[test]
fn unknown_label_is_unsupported_and_named() {
    let text = format!("{}\n-----BEGIN FOO BAR-----\nAAAA\n-----END FOO BAR-----\n", leaf().trim_end());
    let d = paste(&text);
    let e = single_error(&d);
    assert_eq!(e.kind, DecodeErrorKind::Unsupported);
    assert_eq!(e.line, Some(leaf_lines() + 1));
    assert!(e.message.contains("'FOO BAR'"), "{}", e.message);
    assert_eq!(d.certs.len(), 1);
    let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    assert!(single_error(&paste(ssh)).hint.contains("SSH key"));
}

#[test]
fn bare_base64_blob_is_sniffed() {
    let d = paste(&format!("\n{}\n", body(&leaf())));
    assert!(d.inputs[0].errors.is_empty());
    assert_eq!(d.inputs[0].format, "base64 text");
    assert_eq!(d.certs.len(), 1);
    assert_eq!(lines_of(&d), vec![Some(2)]);
}

#[test]
fn hex_dump_of_der() {
    let der = fixture_bytes("leaf.der");
    let spaced: Vec<String> = der.iter().map(|b| format!("{b:02x}")).collect();
    for text in [spaced.join(" "), spaced.join(":"), spaced.concat().to_uppercase()] {
        let d = paste(&text);
        assert!(d.inputs[0].errors.is_empty(), "{:?}", d.inputs[0].errors);
        assert_eq!(d.inputs[0].format, "hex text");
        assert_eq!(d.certs.len(), 1);
    }
}

#[test]
fn text_without_any_block_is_an_error_saying_what_was_expected() {
    let d = paste("Here is my certificate, please check it.\nThanks\n");
    let e = single_error(&d);
    assert_eq!(e.kind, DecodeErrorKind::Unrecognised);
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("no PEM block"));
    assert!(e.hint.contains("-----BEGIN"));
}

#[test]
fn empty_and_blank_inputs() {
    for bytes in [Vec::new(), b"  \n\r\n\t ".to_vec()] {
        let d = decode_inputs(&[Input::new("empty.pem", bytes)]);
        let e = single_error(&d);
        assert_eq!(e.kind, DecodeErrorKind::Empty);
        assert!(e.message.contains("nothing to analyse"));
        assert_eq!(d.inputs[0].format, "empty");
    }
}

#[test]
fn truncated_der_says_how_many_bytes() {
    let der = fixture_bytes("leaf.der");
    let d = decode_inputs(&[Input::new("leaf.der", der[..500].to_vec())]);
    let e = single_error(&d);
    assert_eq!(e.kind, DecodeErrorKind::Malformed);
    assert!(e.message.contains("certificate is truncated"), "{}", e.message);
    assert!(e.message.contains(&format!("announces {} bytes but only 500", der.len())), "{}", e.message);
    for name in ["modern.p12", "chain.p7b", "store.jks"] {
        let bytes = fixture_bytes(name);
        let d = decode_inputs(&[Input::new(name, bytes[..bytes.len() / 2].to_vec())]);
        let e = single_error(&d);
        assert_eq!(e.kind, DecodeErrorKind::Malformed, "{name}");
        assert!(e.message.contains("truncated"), "{name}: {}", e.message);
    }
}

#[test]
fn concatenated_der_and_trailing_garbage() {
    let der = fixture_bytes("leaf.der");
    let mut two = der.clone();
    two.extend(&der);
    let d = decode_inputs(&[Input::new("two.der", two)]);
    assert_eq!(d.certs.len(), 2);
    assert_eq!(d.inputs[0].items[1].container.as_deref(), Some(&*format!("DER object 2 at byte {}", der.len())));
    let mut junk = der.clone();
    junk.extend(b"\x01\x02garbage");
    let d = decode_inputs(&[Input::new("junk.der", junk)]);
    assert_eq!(d.certs.len(), 1);
    let e = single_error(&d);
    assert!(e.message.contains(&format!("starting at byte {}", der.len())), "{}", e.message);
    // PEM block whose DER has extra bytes.
    let mut padded = der.clone();
    padded.extend([0x05, 0x00]);
    use base64ct::Encoding;
    let text = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64ct::Base64::encode_string(&padded)
    );
    let e = single_error(&paste(&text)).clone();
    assert!(e.message.contains("2 bytes of unexpected data"), "{}", e.message);
}

#[test]
fn unrecognised_binary() {
    let d = decode_inputs(&[Input::new("random.bin", vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3])]);
    let e = single_error(&d);
    assert_eq!(e.kind, DecodeErrorKind::Unrecognised);
    assert!(e.message.contains("0x89504e47"), "{}", e.message);
}

#[test]
fn tampered_jks_fails_its_integrity_check() {
    let mut bytes = fixture_bytes("truststore.jks");
    let n = bytes.len();
    bytes[n - 30] ^= 0x40; // inside the certificate, before the hash
    let d = decode_inputs(&[Input::new("t.jks", bytes).with_password("storepass")]);
    assert_eq!(d.inputs[0].errors.iter().filter(|e| e.kind == DecodeErrorKind::WrongPassword).count(), 1);
}

#[test]
fn large_paste_is_linear() {
    // ~5 MB: 4,200 certificates with prose between the files.
    let chain = fixture("chain.pem");
    let mut text = String::new();
    for i in 0..1400 {
        text.push_str(&format!("bundle {i}\n{chain}"));
    }
    assert!(text.len() > 5_000_000, "{}", text.len());
    let start = std::time::Instant::now();
    let d = paste(&text);
    let elapsed = start.elapsed();
    assert_eq!(d.certs.len(), 4200);
    assert!(d.inputs[0].errors.is_empty());
    assert_eq!(d.inputs[0].items[3].line, Some(1 + chain.lines().count() + 2));
    // Generous bound for unoptimised test builds; a quadratic scan takes minutes here.
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}
