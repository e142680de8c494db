//! The core's texts (finding details and fixes, notes) as the page shows them: `inline code` as
//! code (a command gets a copy button), `*Setup → …*` as emphasis, and http(s) URLs as links the
//! user may open themselves (the page itself still fetches nothing: CSP `connect-src 'none'`).
//!
//! Hand-written rather than a Markdown crate: the texts use only these three forms, and a
//! CommonMark parser would add tens of KB to a wasm that has a 640 KB first-load budget.

use crate::browser;
use leptos::prelude::*;

/// One piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Plain(String),
    Code(String),
    Emphasis(String),
    Link(String),
}

/// Splits `text` into plain text, `code`, *emphasis* and URLs. Unpaired markers stay plain.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let marked = match c {
            '`' => rest[1..].find('`').map(|end| (Span::Code(rest[1..1 + end].to_string()), end + 2)),
            // Emphasis opens before a non-space and closes after one (`a * b` stays plain).
            '*' if !rest[1..].starts_with([' ', '*']) => rest[1..]
                .find('*')
                .filter(|&end| end > 0 && !rest[..1 + end].ends_with(' '))
                .map(|end| (Span::Emphasis(rest[1..1 + end].to_string()), end + 2)),
            'h' if rest.starts_with("https://") || rest.starts_with("http://") => {
                let end =
                    rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(rest.len());
                // Sentence punctuation after a URL is not part of it.
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '\'', '!', '?']);
                Some((Span::Link(url.to_string()), url.len()))
            }
            _ => None,
        };
        match marked {
            Some((span, used)) => {
                if !plain.is_empty() {
                    out.push(Span::Plain(std::mem::take(&mut plain)));
                }
                out.push(span);
                rest = &rest[used..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Span::Plain(plain));
    }
    out
}

/// Code the user runs in a shell (gets a copy button), as opposed to a name such as `chain.pem`.
fn is_command(code: &str) -> bool {
    code.contains(' ')
        && ["openssl", "curl", "keytool", "cat ", "java", "certchain"].iter().any(|tool| code.starts_with(tool))
}

/// The first sentence of a fix, for the one-line list beside the verdict.
pub fn first_sentence(text: &str) -> &str {
    // A sentence ends at ". " outside `code`.
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code && text[i + 1..].starts_with(' ') => return &text[..=i],
            _ => {}
        }
    }
    text
}

/// `text` with its code, emphasis and links rendered.
#[component]
pub fn Rich(#[prop(into)] text: String) -> impl IntoView {
    spans(&text)
        .into_iter()
        .map(|span| match span {
            Span::Plain(t) => t.into_any(),
            Span::Emphasis(t) => view! { <em>{t}</em> }.into_any(),
            Span::Link(url) => {
                let href = url.clone();
                view! { <a href=href target="_blank" rel="noopener noreferrer" class="ext">{url}</a> }.into_any()
            }
            Span::Code(code) if is_command(&code) => view! { <CommandCode code=code /> }.into_any(),
            Span::Code(code) => view! { <code>{code}</code> }.into_any(),
        })
        .collect_view()
}

/// A command inside a sentence, with a button that copies it.
#[component]
fn CommandCode(code: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = code.clone();
    view! {
        <code class="cmd">{code}</code>
        <button
            type="button"
            class="copy-inline"
            aria-label="Copy this command"
            data-testid="copy-inline"
            on:click=move |_| {
                let text = text.clone();
                leptos::task::spawn_local(async move {
                    copied.set(browser::copy(&text).await.is_ok());
                });
            }
        >
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn code_emphasis_and_links() {
        let s =
            spans("Run `openssl verify x` under *Setup → Certificates*, see https://help.salesforce.com/a?b=c. Done");
        assert_eq!(
            s,
            vec![
                Span::Plain("Run ".into()),
                Span::Code("openssl verify x".into()),
                Span::Plain(" under ".into()),
                Span::Emphasis("Setup → Certificates".into()),
                Span::Plain(", see ".into()),
                Span::Link("https://help.salesforce.com/a?b=c".into()),
                Span::Plain(". Done".into()),
            ]
        );
        assert_eq!(spans("a * b and `unclosed"), vec![Span::Plain("a * b and `unclosed".into())]);
        assert!(is_command("openssl x509 -in a.pem") && !is_command("chain.pem"));
        assert_eq!(first_sentence("Do `a. b` now. Then more."), "Do `a. b` now.");
    }
}
