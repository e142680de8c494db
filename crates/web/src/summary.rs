//! The verdict first (issue 16, items 2, 4 and 8): beside the input on a desktop, right under it
//! on a phone. It says valid / not valid for which flow and trust store, how many problems block
//! the chain, each with its one-line fix and a link to its details in the findings list; a CSR
//! alone is explained as a request, with the CSR flow as the next step.

use crate::analysed::Analysed;
use crate::render::finding_anchor;
use crate::text::{Rich, first_sentence};
use certchain_core::report::{CsrEntry, Report};
use certchain_core::{Code, Flow, Severity, Verdict as CoreVerdict};
use leptos::prelude::*;
use std::sync::Arc;

/// What the verdict box says about one analysis.
struct Verdict {
    /// `ok`, `error`, `warning` or `info` (the box's colour).
    class: &'static str,
    word: &'static str,
    /// Indexes into `report.findings` of what is listed beside the verdict, in rank order: the
    /// problems that block the chain (errors), or for "cannot confirm" what leaves it unconfirmed.
    blocking: Vec<usize>,
    warnings: usize,
    /// The core's verdict.
    verdict: CoreVerdict,
}

impl Verdict {
    fn of(report: &Report) -> Verdict {
        let pick = |keep: &dyn Fn(&certchain_core::Finding) -> bool| -> Vec<usize> {
            report.findings.iter().enumerate().filter(|(_, f)| keep(f)).map(|(i, _)| i).collect()
        };
        let warnings = report.findings.iter().filter(|f| f.severity == Severity::Warning).count();
        let errors = pick(&|f| f.severity == Severity::Error && !f.cannot_confirm);
        let (class, word, blocking) = match report.verdict {
            CoreVerdict::Valid => ("ok", "Valid", errors),
            // "Cannot confirm" is never green: it lists what decides the answer.
            CoreVerdict::CannotConfirm => ("warning", "Cannot confirm", pick(&|f| f.cannot_confirm)),
            CoreVerdict::NotValid => ("error", "Not valid", errors),
        };
        Verdict { class, word, blocking, warnings, verdict: report.verdict }
    }

    fn count_line(&self) -> String {
        match (self.verdict, self.blocking.len()) {
            (CoreVerdict::CannotConfirm, 1) => {
                "It passes every check certchain can make; one thing it cannot know decides:".to_string()
            }
            (CoreVerdict::CannotConfirm, n) => {
                format!("It passes every check certchain can make; {n} things it cannot know decide:")
            }
            (CoreVerdict::Valid, 0) if self.warnings > 0 => {
                "Nothing blocks this chain; see the warnings below.".to_string()
            }
            (CoreVerdict::Valid, 0) => "Nothing blocks this chain.".to_string(),
            (_, 0) => "See the findings below for why.".to_string(),
            (_, 1) => "1 problem blocks this chain:".to_string(),
            (_, n) => format!("{n} problems block this chain:"),
        }
    }
}

/// The flow in the words of the verdict line ("for …").
fn flow_phrase(flow: Flow) -> &'static str {
    match flow {
        Flow::Inbound => "for your API client calling Salesforce (mutual TLS, port 8443)",
        Flow::Outbound => "for Salesforce calling your server",
        Flow::CsrUpload => "for uploading the CA-signed certificate to Salesforce",
        Flow::Keystore => "for a keystore to import into Salesforce",
        Flow::Generic => "as a certificate chain",
    }
}

#[component]
pub fn Summary(
    analysed: RwSignal<Option<Arc<Analysed>>>,
    failure: RwSignal<Option<String>>,
    flow: RwSignal<Flow>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    // A new answer (another verdict or set of findings) that is not wholly in the window (a
    // phone: the summary sits under the input) is scrolled up until its end is in view, never
    // past its own top; the focus stays where the user is typing. Re-analyses giving the same
    // answer while the user types do not move the page.
    let last_answer = StoredValue::new(None::<(String, Vec<String>)>);
    Effect::new(move |_| {
        let Some(answer) = analysed.with(|a| {
            a.as_ref().map(|a| {
                let report = &a.report;
                (format!("{:?}", report.verdict), report.findings.iter().map(|f| f.code.as_str().to_string()).collect())
            })
        }) else {
            return;
        };
        if last_answer.get_value().as_ref() == Some(&answer) {
            return;
        }
        last_answer.set_value(Some(answer));
        let (Some(el), Some(window)) = (node.get_untracked(), web_sys::window()) else { return };
        let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
        let rect = el.get_bounding_client_rect();
        let by = (rect.bottom() - height + 16.0).min(rect.top() - 8.0);
        if by > 0.0 {
            window.scroll_by_with_x_and_y(0.0, by);
        }
    });
    view! {
        <div class="summary-slot" node_ref=node>
            {move || match analysed.get() {
                Some(a) if a.report.chain.is_empty() && !a.report.csrs.is_empty() => {
                    view! { <CsrAlone csrs=a.report.csrs.clone() flow=flow /> }.into_any()
                }
                // A pasted s_client output alone: the handshake is the answer.
                Some(a) if a.report.chain.is_empty() && !a.report.handshakes.is_empty() => {
                    view! { <crate::handshake::HandshakeVerdict h=a.report.handshakes[0].clone() /> }.into_any()
                }
                Some(a) => view! { <VerdictBox analysed=a /> }.into_any(),
                // No verdict for inputs whose analysis failed: the message is in the results.
                None if failure.with(Option::is_some) => view! {
                    <p class="summary sev-box-error">"No verdict: the analysis failed (see below)."</p>
                }
                .into_any(),
                None => view! {
                    <div class="summary sev-box-info" role="status" data-testid="headline">
                        <h2 class="summary-heading">"Verdict"</h2>
                        <p class="muted">"Paste or drop your certificates: the verdict appears here as you type."</p>
                    </div>
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn VerdictBox(analysed: Arc<Analysed>) -> impl IntoView {
    let report = &analysed.report;
    let verdict = Verdict::of(report);
    let problems = verdict
        .blocking
        .iter()
        .map(|&i| {
            let f = &report.findings[i];
            let fix = first_sentence(&f.fix).to_string();
            let code = f.code.as_str();
            view! {
                <li data-testid="blocking" data-code=code>
                    <a href=format!("#{}", finding_anchor(i)) class="problem-title">{f.title.clone()}</a>
                    {(!fix.is_empty()).then(|| view! { <p class="fix-line"><strong>"Fix: "</strong><Rich text=fix /></p> })}
                </li>
            }
        })
        .collect_view();
    // A valid chain's headline: the first finding (valid_chain) says what was checked.
    let valid_title = (verdict.verdict == CoreVerdict::Valid)
        .then(|| report.findings.iter().find(|f| f.code == Code::ValidChain).or(report.findings.first()))
        .flatten()
        .map(|f| f.title.clone());
    // Beside the user's chain, each pasted handshake's outcome and headline, linked to its section.
    let handshake_lines = report
        .handshakes
        .iter()
        .enumerate()
        .map(|(n, h)| {
            let class = crate::handshake::worst(h).as_str();
            let headline = h.findings.first().map(|f| format!(": {}", f.title)).unwrap_or_default();
            view! {
                <p class=format!("sev-{class}") data-testid="handshake-line">
                    <a href=format!("#handshake-heading-{}", n + 1)>
                        {format!("Handshake ({}) {}", h.facts.input, crate::handshake::outcome_text(h))}
                    </a>
                    {headline}
                </p>
            }
        })
        .collect_view();
    let more = match (verdict.warnings, report.findings.len()) {
        (0, 0) => None,
        (0, n) => Some(format!("All {n} findings and their details")),
        (w, n) => Some(format!("{w} warning{} · all {n} findings and their details", if w == 1 { "" } else { "s" })),
    };
    view! {
        <div
            class=format!("summary sev-box-{}", verdict.class)
            role="status"
            aria-live="polite"
            data-testid="headline"
            data-valid=report.valid.to_string()
            data-verdict=report.verdict.as_str()
            data-blocking=verdict.blocking.len().to_string()
        >
            <h2 class="summary-heading">
                <span class="verdict" data-testid="verdict">{verdict.word}</span>
                <span class="scope">{format!(" {}", flow_phrase(report.flow))}</span>
            </h2>
            // The store the verdict was reached through (the default one is named as the estimate it is).
            <p class="headline-store" data-testid="headline-store">{format!("Trust store: {}", report.trust_store.name)}</p>
            <p class="count" data-testid="problem-count">{verdict.count_line()}</p>
            {valid_title.map(|t| view! { <p class="headline-title">{t}</p> })}
            <ol class="blocking">{problems}</ol>
            {handshake_lines}
            {more.map(|m| view! { <p class="small"><a href="#findings-heading">{m}</a></p> })}
        </div>
    }
}

/// A CSR without a certificate: what it is, what it holds, and what to do with it.
#[component]
fn CsrAlone(csrs: Vec<CsrEntry>, flow: RwSignal<Flow>) -> impl IntoView {
    let items = csrs
        .into_iter()
        .map(|c| {
            let signature = if c.signature_valid {
                "its signature checks out (it was made with the matching private key)"
            } else {
                "its signature does NOT check out: the request is damaged or was altered; create it again"
            };
            view! {
                <li data-testid="csr-facts">
                    <strong>{c.subject}</strong>
                    {format!(" — public key {}; {signature}.", c.algorithm)}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="summary sev-box-info" role="status" aria-live="polite" data-testid="headline" data-valid="false" data-csr="true">
            <h2 class="summary-heading"><span class="verdict" data-testid="verdict">"A certificate request (CSR)"</span></h2>
            <p>
                "This is a request for a certificate, not a certificate: it holds the name to certify, the public key, "
                "and a signature made with the private key, which stays with whoever created the request."
            </p>
            <ul class="blocking">{items}</ul>
            <p>
                <strong>"Next: "</strong>
                "send the CSR to your certificate authority. When it returns the signed certificate, add it here with "
                "its intermediates: certchain checks that it answers this CSR."
            </p>
            {move || (flow.get() != Flow::CsrUpload).then(|| view! {
                <button type="button" class="button" data-testid="use-csr-flow" on:click=move |_| flow.set(Flow::CsrUpload)>
                    "Check it for the CSR upload flow"
                </button>
            })}
        </div>
    }
}
