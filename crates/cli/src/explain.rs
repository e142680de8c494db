//! `certchain explain [--json] [analyze options] "<message>" [FILE...]`: explain an error message
//! (OpenSSL, curl, Java, Node, Python, Salesforce) with `certchain_core::explain`; with files,
//! analyse them as `certchain analyze` would and point at the certificate and finding causing it.
//! The message `-` is read from standard input. Exit status: 0 at least one error recognised, 1
//! none recognised, 2 usage or I/O error.

use crate::args::AnalyzeArgs;
use certchain_core::explain::{Explanation, explain};
use serde::Serialize;
use std::ffi::OsString;
use std::io::Read;
use std::process::ExitCode;

#[derive(Serialize)]
struct Output<'a> {
    explanations: &'a [Explanation],
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a certchain_core::Report>,
}

pub fn main(a: AnalyzeArgs, message_arg: OsString) -> ExitCode {
    let files = &a.files;
    if files.iter().any(|f| f == "-") && message_arg == "-" {
        crate::args::usage_error(Some("explain"), "standard input (-) can be read only once").exit();
    }
    let message = if message_arg == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            return crate::io_error(&format!("cannot read the message from standard input: {e}"));
        }
        text
    } else {
        message_arg.to_string_lossy().into_owned()
    };

    let report = if files.is_empty() {
        None
    } else {
        match crate::commands::inputs_and_options(&a, files) {
            Ok((inputs, options)) => Some(certchain_core::analyze(&inputs, &options)),
            Err(message) => return crate::io_error(&message),
        }
    };
    let explanations = explain(&message, report.as_ref());
    let output = if a.json {
        match serde_json::to_string_pretty(&Output { explanations: &explanations, report: report.as_ref() }) {
            Ok(json) => json + "\n",
            Err(e) => return crate::io_error(&format!("cannot serialize the explanation: {e}")),
        }
    } else {
        render(&explanations, report.as_ref())
    };
    if let Err(e) = crate::write_stdout(output.as_bytes()) {
        return crate::io_error(&format!("cannot write the explanation: {e}"));
    }
    if explanations.is_empty() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn render(explanations: &[Explanation], report: Option<&certchain_core::Report>) -> String {
    use crate::commands::wrap;
    let mut out = String::new();
    if explanations.is_empty() {
        out.push_str(
            "No known error found in the message. certchain recognises OpenSSL verify errors (error N at D \
             depth lookup, verify error:num=N, Verify return code), curl (35, 58, 60), Java (PKIX path \
             building failed, CertificateExpiredException, No subject alternative names), Node \
             (UNABLE_TO_GET_ISSUER_CERT_LOCALLY, ...), Python (CERTIFICATE_VERIFY_FAILED) and Salesforce \
             messages (Client certificate error, MUTUAL_AUTHENTICATION_FAILED, Import from Keystore). Paste \
             the whole error text.\n",
        );
        return out;
    }
    let push_block = |out: &mut String, label: &str, text: &str| {
        let mut lines = wrap(text, 88).into_iter();
        if let Some(first) = lines.next() {
            out.push_str(&format!("   {label:<9}{first}\n"));
        }
        for line in lines {
            out.push_str(&format!("   {:<9}{line}\n", ""));
        }
    };
    for (i, e) in explanations.iter().enumerate() {
        out.push_str(&format!("{}. {} — {} [{}]\n", i + 1, e.source.name(), e.name, e.id));
        push_block(&mut out, "Means:", &e.meaning);
        push_block(&mut out, "Flow:", &e.in_flow);
        if let Some(o) = &e.openssl {
            let wording = if o.text_1_1 != o.text { format!(" (1.1.x: \"{}\")", o.text_1_1) } else { String::new() };
            push_block(&mut out, "OpenSSL:", &format!("error {} {} — \"{}\"{wording}", o.code, o.name, o.text));
        }
        if !e.checks.is_empty() {
            let codes: Vec<&str> = e.checks.iter().map(|c| c.as_str()).collect();
            push_block(&mut out, "Check:", &codes.join(", "));
        }
        if let Some(cause) = &e.cause {
            push_block(&mut out, "Cause:", &cause.summary);
            for cert in &cause.certificates {
                let short: String = cert.sha256.chars().take(16).collect();
                push_block(&mut out, "", &format!("- '{}' (SHA-256 {short}…)", cert.name));
            }
        }
        out.push('\n');
    }
    if report.is_none() {
        out.push_str("Add your certificate files after the message to see which of them causes it.\n");
    }
    out
}
