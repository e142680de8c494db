//! The report as Markdown for a support case: verdict and headline, the chain as a table, every
//! finding with its fix and OpenSSL error, and what each input held. Built only from the
//! serializable [`Report`], which never holds key material.

use crate::report::{CertSummary, Report, Verdict};
use std::fmt::Write;

/// Make text safe inside a Markdown table cell (one line, no column breaks).
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

fn code_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn chain_row(out: &mut String, n: usize, role: &str, c: &CertSummary) {
    let _ = writeln!(
        out,
        "| {n} | {role} | {} | {} | {} | {} | {} ({} days) | `{}` |",
        cell(&c.name),
        cell(&c.subject),
        cell(&c.issuer),
        cell(&c.key),
        c.not_after,
        c.days_left,
        c.sha256
    );
}

/// The completed chain, apart from the chain as supplied (which stays incomplete).
fn completion_section(out: &mut String, completion: &crate::report::Completion) {
    let date = &completion.snapshot.snapshot_date;
    let _ = writeln!(out, "## Completed chain (CCADB snapshot {date})\n\n{}\n", completion.summary);
    if completion.chain.is_empty() {
        return;
    }
    let _ = writeln!(out, "| # | Role | Name | Subject | Issuer | Key | Expires | SHA-256 |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for (i, c) in completion.chain.iter().enumerate() {
        let role = match (i, completion.added.iter().any(|a| a.sha256 == c.sha256)) {
            (0, _) => "leaf".to_string(),
            (_, true) => format!("intermediate, *added* (CCADB snapshot {date})"),
            (_, false) => "intermediate (supplied)".to_string(),
        };
        chain_row(out, i, &role, c);
    }
    if let Some(root) = &completion.root {
        chain_row(out, completion.chain.len(), "root (trust anchor)", root);
    }
    out.push('\n');
}

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# certchain report\n");
    let verdict = match report.verdict {
        Verdict::Valid => "the chain is valid",
        Verdict::NotValid => "the chain is NOT valid",
        Verdict::CannotConfirm => "the chain's validity CANNOT BE CONFIRMED",
    };
    let _ = writeln!(
        out,
        "- **Verdict:** {verdict} for the purpose `{}` (`{}`)",
        code_name(&report.purpose),
        report.verdict.as_str()
    );
    if let Some(headline) = report.findings.first() {
        let _ = writeln!(
            out,
            "- **Headline:** {} `{}`: {}",
            headline.severity.as_str().to_ascii_uppercase(),
            code_name(&headline.code),
            headline.title.replace('\n', " ")
        );
    }
    let _ = writeln!(out, "- **Flow:** `{}`", code_name(&report.flow));
    let _ = writeln!(out, "- **Checked at:** {}", report.checked_at);
    let _ = writeln!(out, "- **Trust store:** {}", report.trust_store.name);
    let _ = writeln!(out, "- **Tool:** {}\n", report.tool);

    let _ = writeln!(out, "## Chain\n");
    if report.chain.is_empty() {
        let _ = writeln!(out, "No chain: no certificate was found.\n");
    } else {
        let _ = writeln!(out, "| # | Role | Name | Subject | Issuer | Key | Expires | SHA-256 |");
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for (i, c) in report.chain.iter().enumerate() {
            chain_row(&mut out, i, if i == 0 { "leaf" } else { "intermediate" }, c);
        }
        match &report.root {
            Some(root) => chain_row(&mut out, report.chain.len(), "root (trust anchor)", root),
            None => {
                let _ = writeln!(out, "| | | *no trusted root reached* | | | | | |");
            }
        }
        out.push('\n');
    }

    if let Some(completion) = &report.completion {
        completion_section(&mut out, completion);
    }

    let _ = writeln!(out, "## Findings\n");
    for (i, f) in report.findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "### {}. {} `{}`: {}\n",
            i + 1,
            f.severity.as_str().to_ascii_uppercase(),
            code_name(&f.code),
            f.title
        );
        if !f.detail.is_empty() {
            let _ = writeln!(out, "{}\n", f.detail);
        }
        if !f.fix.is_empty() {
            let _ = writeln!(out, "**Fix:** {}\n", f.fix);
        }
        if let Some(e) = &f.openssl {
            let _ = writeln!(out, "**OpenSSL:** error {} `{}`: {}\n", e.code, e.name, e.text);
        }
    }

    let _ = writeln!(out, "## Inputs\n");
    let _ = writeln!(out, "| Input | Format | Size | Contents | Problems |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for input in &report.inputs {
        let contents: Vec<String> = input.items.iter().map(|i| i.label.clone()).collect();
        let problems: Vec<String> = input.errors.iter().map(|e| e.message.clone()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} bytes | {} | {} |",
            cell(&input.name),
            cell(&input.format),
            input.size,
            cell(&contents.join("; ")),
            cell(&problems.join("; "))
        );
    }
    if !report.keys.is_empty() {
        let _ =
            writeln!(out, "\nPrivate keys were given; only their type and where they were found are listed here:\n");
        for k in &report.keys {
            let matches =
                k.matches.as_deref().map_or("matches no certificate".to_string(), |m| format!("matches `{m}`"));
            let _ = writeln!(out, "- {} ({}): {matches}", k.algorithm, k.origin);
        }
    }
    out
}
