//! Input decoding: turn every input's bytes into certificates, keys, CSRs and CRLs, and account
//! for every byte (each block becomes an item or a precise error).

use crate::Input;
use crate::cert::{Cert, Origin};
use crate::keys::{Crl, Csr, PrivateKey, PublicKey};
use serde::Serialize;

/// Everything found in all inputs.
#[derive(Debug, Default)]
pub struct Decoded {
    /// Certificates in input order; duplicates are kept (the report flags them).
    pub certs: Vec<Cert>,
    pub keys: Vec<PrivateKey>,
    pub public_keys: Vec<PublicKey>,
    pub csrs: Vec<Csr>,
    pub crls: Vec<Crl>,
    /// One summary per input, in input order.
    pub inputs: Vec<InputSummary>,
}

/// What one input contained, and what in it could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub name: String,
    pub size: usize,
    /// `PEM text`, `DER`, `PKCS#7`, `PKCS#12`, `JKS`, `JCEKS`, `empty`, `unknown`.
    pub format: String,
    pub items: Vec<ItemSummary>,
    pub errors: Vec<DecodeError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Certificate,
    PrivateKey,
    PublicKey,
    Csr,
    Crl,
}

/// One object found in an input.
#[derive(Debug, Clone, Serialize)]
pub struct ItemSummary {
    pub kind: ItemKind,
    /// Short human label: the certificate's subject, "RSA 2048 private key (PKCS#8)", ...
    pub label: String,
    /// 1-based line of the PEM BEGIN line, for text inputs.
    pub line: Option<usize>,
    /// Position in a container: `PKCS#12 bag 2`, `JKS alias "mykey"`.
    pub container: Option<String>,
    /// SHA-256 of the DER, for certificates.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecodeErrorKind {
    /// Broken base64, truncated or invalid DER, bad PEM armour.
    Malformed,
    /// A format we recognise but do not support (e.g. an algorithm).
    Unsupported,
    /// The input is encrypted and no password was given.
    PasswordRequired,
    /// A password was given and it is wrong.
    WrongPassword,
    /// The input has nothing in it.
    Empty,
    /// Bytes that are none of the formats we know.
    Unrecognised,
}

/// A part of an input that could not be decoded.
#[derive(Debug, Clone, Serialize)]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
    /// 1-based line, for text inputs.
    pub line: Option<usize>,
    /// What is wrong, specifically.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// Decode all inputs.
pub fn decode_inputs(inputs: &[Input]) -> Decoded {
    let mut out = Decoded::default();
    for (index, input) in inputs.iter().enumerate() {
        decode_input(index, input, &mut out);
    }
    out
}

/// Decode one input, appending what it holds to `out` (and one [`InputSummary`]).
///
/// Minimal first version: PEM CERTIFICATE blocks and a single DER certificate.
pub fn decode_input(index: usize, input: &Input, out: &mut Decoded) {
    let mut summary = InputSummary {
        name: input.name.clone(),
        size: input.bytes.len(),
        format: "unknown".into(),
        items: Vec::new(),
        errors: Vec::new(),
    };
    let origin = |line: Option<usize>| Origin { input: index, file: input.name.clone(), line, container: None };
    let mut push_cert =
        |der: &[u8], line: Option<usize>, summary: &mut InputSummary| match Cert::from_der(der, origin(line)) {
            Ok(cert) => {
                summary.items.push(ItemSummary {
                    kind: ItemKind::Certificate,
                    label: cert.subject.clone(),
                    line,
                    container: None,
                    sha256: Some(cert.sha256.clone()),
                });
                out.certs.push(cert);
            }
            Err(message) => summary.errors.push(DecodeError {
                kind: DecodeErrorKind::Malformed,
                line,
                message,
                hint: "check that the certificate was copied completely".into(),
            }),
        };
    if let Ok(text) = std::str::from_utf8(&input.bytes)
        && text.contains("-----BEGIN")
    {
        summary.format = "PEM text".into();
        let mut rest = text;
        let mut consumed_lines = 0usize;
        while let Some(start) = rest.find("-----BEGIN") {
            let line = consumed_lines + rest[..start].matches('\n').count() + 1;
            let block = &rest[start..];
            let end = match block.find("-----END").and_then(|e| block[e + 8..].find("-----").map(|f| e + 8 + f + 5)) {
                Some(end) => end,
                None => {
                    summary.errors.push(DecodeError {
                        kind: DecodeErrorKind::Malformed,
                        line: Some(line),
                        message: "PEM block has no END line".into(),
                        hint: "copy the whole block, including the -----END ...----- line".into(),
                    });
                    break;
                }
            };
            match pem_rfc7468::decode_vec(block[..end].as_bytes()) {
                Ok((label, der)) if label == "CERTIFICATE" => push_cert(&der, Some(line), &mut summary),
                Ok((label, _)) => summary.errors.push(DecodeError {
                    kind: DecodeErrorKind::Unsupported,
                    line: Some(line),
                    message: format!("PEM label '{label}' is not supported yet"),
                    hint: String::new(),
                }),
                Err(e) => summary.errors.push(DecodeError {
                    kind: DecodeErrorKind::Malformed,
                    line: Some(line),
                    message: format!("PEM block cannot be decoded: {e}"),
                    hint: "check the base64 lines".into(),
                }),
            }
            consumed_lines = line - 1 + block[..end].matches('\n').count();
            rest = &block[end..];
        }
    } else if input.bytes.is_empty() {
        summary.format = "empty".into();
        summary.errors.push(DecodeError {
            kind: DecodeErrorKind::Empty,
            line: None,
            message: "the input is empty".into(),
            hint: "paste or drop certificates, keys or keystores".into(),
        });
    } else {
        summary.format = "DER".into();
        push_cert(&input.bytes, None, &mut summary);
    }
    out.inputs.push(summary);
}
