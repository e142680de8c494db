//! Renders a `Report`: headline, chain path, findings, inputs, alternatives, exports.
//! Pure presentation: every fact shown comes from the report.

use crate::analysed::Analysed;
use crate::text::Rich;
use crate::widgets::{CopyButton, DownloadButton};
use certchain_core::Severity;
use certchain_core::decode::{InputSummary, ItemKind};
use certchain_core::findings::Finding;
use certchain_core::report::{CertSummary, Report};
use leptos::prelude::*;
use std::sync::Arc;

/// The findings that name this certificate, with their index in the report.
fn badges<'a>(report: &'a Report, sha256: &str) -> Vec<(usize, &'a Finding)> {
    report.findings.iter().enumerate().filter(|(_, f)| f.certs.iter().any(|c| c == sha256)).collect()
}

/// The id of the `i`th finding in the findings list: the verdict, the certificate cards and the
/// explainer link to it instead of repeating its text.
pub(crate) fn finding_anchor(i: usize) -> String {
    format!("finding-{}", i + 1)
}

fn days_text(days: i64) -> String {
    match days {
        d if d < 0 => format!("expired {} day{} ago", -d, if d == -1 { "" } else { "s" }),
        0 => "expires today".to_string(),
        1 => "expires in 1 day".to_string(),
        d => format!("expires in {d} days"),
    }
}

/// How many entries a long list shows before a "Show all" button: a 5 MB paste of thousands of
/// certificates must not turn into tens of thousands of DOM nodes (the page would freeze).
const LIST_LIMIT: usize = 50;

/// Components share one report through the `Arc`: a big paste's report is megabytes, never cloned.
#[component]
pub fn ReportView(analysed: Arc<Analysed>) -> impl IntoView {
    let handshakes = analysed.report.handshakes.clone();
    let flow = analysed.report.flow;
    view! {
        {handshakes.into_iter().enumerate().map(|(n, h)| view! { <crate::handshake::HandshakeSection h=h n=n flow=flow /> }).collect_view()}
        <Chain analysed=analysed.clone() />
        <Completed analysed=analysed.clone() />
        <Findings analysed=analysed.clone() />
        <Exports analysed=analysed.clone() />
        <Inputs analysed=analysed.clone() />
        <Extras analysed=analysed />
    }
}

/// The first [`LIST_LIMIT`] entries of a list, and a button that shows the rest.
fn capped<T, V>(all: Vec<T>, what: &'static str, render: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let total = all.len();
    let expanded = RwSignal::new(false);
    let all = Arc::new(all);
    let render = Arc::new(render);
    let shown = {
        let (all, render) = (all.clone(), render.clone());
        move || {
            let n = if expanded.get() { total } else { total.min(LIST_LIMIT) };
            all.iter().take(n).cloned().map(|item| render(item)).collect_view()
        }
    };
    view! {
        {shown}
        {move || (total > LIST_LIMIT && !expanded.get()).then(|| view! {
            <li class="show-all">
                <button type="button" class="button secondary" data-testid="show-all" on:click=move |_| expanded.set(true)>
                    {format!("Show all {total} {what}")}
                </button>
            </li>
        })}
    }
}

#[component]
fn Chain(analysed: Arc<Analysed>) -> impl IntoView {
    let report = &analysed.report;
    if report.chain.is_empty() {
        return ().into_any();
    }
    let last = report.chain.len() - 1;
    let store = &report.trust_store.name;
    // The top of a path that reaches no anchor is labelled for what it is: a self-signed root
    // the store lacks, or a certificate whose issuer is missing.
    let open_top = report.root.is_none() && report.chain[last].self_issued;
    let cards = report
        .chain
        .iter()
        .enumerate()
        .map(|(i, cert)| {
            let role = match i {
                0 if open_top && last == 0 => format!("Your certificate (self-signed; not in {store})"),
                0 => "Leaf (your certificate)".to_string(),
                i if i == last && open_top => format!("Root (self-signed; not in {store})"),
                _ => "Intermediate".to_string(),
            };
            view! { <li><CertCard cert=cert.clone() role=role report=report /></li> }
        })
        .collect_view();
    // Which finding explains the open end (referenced, not repeated).
    let end_finding = report
        .findings
        .iter()
        .position(|f| f.severity == Severity::Error && f.certs.first() == Some(&report.chain[last].sha256))
        .map(finding_anchor);
    let end = match &report.root {
        Some(root) => view! {
            <li>
                <CertCard
                    cert=root.clone()
                    role=format!("Root (trust anchor, in {})", report.trust_store.name)
                    report=report
                />
            </li>
        }
        .into_any(),
        None if open_top => ().into_any(),
        None => view! {
            <li>
                <div class="card card-missing" data-testid="chain-end-missing">
                    <p class="role">"Issuer not found"</p>
                    <p>
                        {format!("The issuer of '{}' is not among your files nor in {store}. ", report.chain[last].name)}
                        {end_finding.map(|a| view! { <a href=format!("#{a}")>"What to do"</a> })}
                    </p>
                </div>
            </li>
        }
        .into_any(),
    };
    view! {
        <section aria-labelledby="chain-heading" class="chain-section">
            <h3 id="chain-heading">"The chain, leaf to root"</h3>
            <ol class="chain" data-testid="chain">{cards}{end}</ol>
        </section>
    }
    .into_any()
}

/// The chain completed from the CCADB snapshot (certchain_core::completion), apart from the chain
/// as supplied, which stays incomplete: the intermediates marked "added" must be sent with it.
/// One view for every status (the lead text differs), to keep the page's wasm small.
#[component]
fn Completed(analysed: Arc<Analysed>) -> impl IntoView {
    use certchain_core::completion::CompletionStatus as S;
    let report = &analysed.report;
    let Some(c) = report.completion.as_ref().filter(|c| c.status != S::SnapshotNotLoaded) else {
        return ().into_any();
    };
    let date = &c.snapshot.snapshot_date;
    let cards = c
        .chain
        .iter()
        .chain(c.root.iter())
        .enumerate()
        .map(|(i, cert)| {
            let added = c.added.iter().any(|a| a.sha256 == cert.sha256);
            let role = if i == c.chain.len() {
                format!("Root (trust anchor, in {})", report.trust_store.name)
            } else if i == 0 {
                "Leaf (your certificate)".to_string()
            } else if added {
                format!("Intermediate — ADDED from the CCADB snapshot ({date}); not in your files")
            } else {
                "Intermediate (from your files)".to_string()
            };
            view! { <li data-added=added.to_string()><CertCard cert=cert.clone() role=role report=report /></li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="completion-heading" class="chain-section" data-testid="completion" data-status=c.status.as_str()>
            <h3 id="completion-heading">"Completed chain (not what you supplied)"</h3>
            <p data-testid="completion-lead">{c.summary.clone()}</p>
            <ol class="chain" data-testid="completed-chain">{cards}</ol>
        </section>
    }
    .into_any()
}

#[component]
fn CertCard<'a>(cert: CertSummary, role: String, report: &'a Report) -> impl IntoView {
    // Each problem once, as a link to its finding: the catalogue's short name, not the sentence.
    let problems: Vec<(Severity, usize, &'static str)> = badges(report, &cert.sha256)
        .into_iter()
        .filter(|(_, f)| f.code != certchain_core::Code::ValidChain && f.code != certchain_core::Code::KeyMatch)
        .map(|(i, f)| (f.severity, i, certchain_core::findings::catalogue::entry(f.code).title))
        .collect();
    let worst = problems.iter().map(|(s, _, _)| *s).max();
    let class = match worst {
        Some(Severity::Error) => "card card-error",
        Some(Severity::Warning) => "card card-warning",
        _ => "card card-ok",
    };
    let validity = format!("{} to {} — {}", cert.not_before, cert.not_after, days_text(cert.days_left));
    let file_name = format!("{}.pem", safe_file_name(&cert.name));
    let pem = cert.pem.clone();
    view! {
        <article class=class data-testid="cert-card" data-sha256=cert.sha256.clone()>
            <p class="role">{role}</p>
            <h4 class="cert-name">{cert.name.clone()}</h4>
            <dl class="facts">
                <dt>"Subject"</dt><dd>{cert.subject.clone()}</dd>
                <dt>"Issuer"</dt><dd>{cert.issuer.clone()}</dd>
                <dt>"Valid"</dt><dd class=if cert.days_left < 0 { "sev-error" } else { "" }>{validity}</dd>
                <dt>"Key"</dt><dd>{cert.key.clone()}</dd>
                <dt>"SHA-256"</dt><dd class="mono">{cert.sha256.clone()}</dd>
            </dl>
            {(!problems.is_empty()).then(|| view! {
                <ul class="badges" aria-label="Problems with this certificate">
                    {problems.into_iter().map(|(s, i, t)| view! {
                        <li class=format!("badge badge-{}", s.as_str())>
                            <a href=format!("#{}", finding_anchor(i))>
                                <span class="visually-hidden">{format!("{}: ", s.as_str())}</span>{format!("#{} {t}", i + 1)}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <details class="more">
                <summary>"All fields"</summary>
                <AllFields cert=cert.clone() />
            </details>
            <div class="actions">
                <CopyButton label="Copy PEM".to_string() text=pem.clone() />
                <DownloadButton label=format!("Download {file_name}") name=file_name mime="application/x-pem-file".to_string() bytes=pem.into_bytes() />
            </div>
        </article>
    }
}

#[component]
fn AllFields(cert: CertSummary) -> impl IntoView {
    let list = |v: &[String]| if v.is_empty() { "—".to_string() } else { v.join(", ") };
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_string());
    let rows: Vec<(&str, String)> = vec![
        ("Version", format!("v{}", cert.version)),
        ("Serial", cert.serial.clone()),
        ("Not before", cert.not_before.to_string()),
        ("Not after", cert.not_after.to_string()),
        ("Signature algorithm", cert.signature_algorithm.clone()),
        ("CA", if cert.is_ca { "yes".into() } else { "no".into() }),
        ("Path length", cert.path_len.map(|p| p.to_string()).unwrap_or_else(|| "—".into())),
        ("Self-issued", if cert.self_issued { "yes".into() } else { "no".into() }),
        ("Key usage", list(&cert.key_usage)),
        ("Extended key usage", list(&cert.extended_key_usage)),
        ("Subject alternative names", list(&cert.subject_alt_names)),
        ("Subject key ID", opt(&cert.subject_key_id)),
        ("Authority key ID", opt(&cert.authority_key_id)),
        ("CA issuers (AIA, not fetched)", list(&cert.ca_issuers)),
        ("OCSP", list(&cert.ocsp)),
        ("CRL distribution points", list(&cert.crl_distribution_points)),
        ("Policies", list(&cert.policies)),
        ("Name constraints", list(&cert.name_constraints)),
        ("Unknown critical extensions", list(&cert.critical_unknown_extensions)),
        ("SHA-1", cert.sha1.clone()),
    ];
    view! {
        <dl class="facts all-fields">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
        <pre class="pem" tabindex="0" aria-label="Certificate in PEM form">{cert.pem.clone()}</pre>
    }
}

#[component]
fn Findings(analysed: Arc<Analysed>) -> impl IntoView {
    let findings: Vec<(usize, Finding)> = analysed.report.findings.iter().cloned().enumerate().collect();
    let count = findings.len();
    // A pasted s_client output alone: its handshake section holds every finding.
    if count == 0 && !analysed.report.handshakes.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="findings-heading">
            <h3 id="findings-heading">{format!("Findings ({count})")}</h3>
            <ol class="findings" data-testid="findings">
                {capped(findings, "findings", |(i, f): (usize, Finding)| {
                    let sev = f.severity.as_str();
                    let class = if f.code == certchain_core::Code::ValidChain { "ok" } else { sev };
                    let code = serde_json::to_value(f.code).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                    let code_attr = code.clone();
                    view! {
                        <li class=format!("finding sev-box-{class}") data-testid="finding" data-code=code_attr id=finding_anchor(i) tabindex="-1">
                            <p class="finding-title">
                                <span class=format!("pill pill-{class}")>{format!("{} #{}", sev, i + 1)}</span>
                                {f.title}
                            </p>
                            <p><Rich text=f.detail /></p>
                            {(!f.fix.is_empty()).then(|| view! { <p class="fix"><strong>"Fix: "</strong><Rich text=f.fix /></p> })}
                            <p class="muted small">
                                <code>{code}</code>
                                {f.openssl.map(|o| view! {
                                    " · OpenSSL: " <code>{format!("error {}: {}", o.code, o.text)}</code>
                                    " (" <code>{o.name}</code> ")"
                                })}
                            </p>
                        </li>
                    }
                })}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
fn Exports(analysed: Arc<Analysed>) -> impl IntoView {
    let files = analysed
        .emitted
        .files
        .iter()
        .map(|file| {
            let text = (!file.secret && !is_binary(&file.media_type)).then(|| String::from_utf8_lossy(&file.bytes).into_owned());
            view! {
                <li class="export" data-testid="output" data-name=file.name.clone()>
                    <div class="export-head">
                        <strong class="mono">{file.name.clone()}</strong>
                        {file.secret.then(|| view! { <span class="badge badge-warning">"contains your private key"</span> })}
                    </div>
                    <p class="muted">{file.description.clone()}</p>
                    <div class="actions">
                        <DownloadButton
                            label=format!("Download {}", file.name)
                            name=file.name.clone()
                            mime=file.media_type.clone()
                            bytes=file.bytes.clone()
                        />
                        {text.map(|t| view! { <CopyButton label=format!("Copy {}", file.name) text=t /> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    let skipped = analysed
        .emitted
        .skipped
        .iter()
        .map(|s| view! { <li><span class="mono">{s.name.clone()}</span>{format!(": {}", s.reason)}</li> })
        .collect_view();
    let n_skipped = analysed.emitted.skipped.len();
    let notes = analysed.emitted.notes.clone();
    view! {
        <section aria-labelledby="exports-heading">
            <h3 id="exports-heading">"Files for Salesforce and curl"</h3>
            <p class="muted small">"Built in this page from your inputs; nothing is uploaded."</p>
            {notes.into_iter().map(|n| view! { <p class="note" data-testid="output-note"><Rich text=n /></p> }).collect_view()}
            <ul class="exports" data-testid="outputs">{files}</ul>
            {(n_skipped > 0).then(|| view! {
                <details class="extra" data-testid="skipped">
                    <summary>{format!("Files not produced ({n_skipped})")}</summary>
                    <ul>{skipped}</ul>
                </details>
            })}
        </section>
    }
}

fn is_binary(media_type: &str) -> bool {
    !(media_type.starts_with("text/") || media_type.contains("pem") || media_type.contains("json"))
}

#[component]
fn Inputs(analysed: Arc<Analysed>) -> impl IntoView {
    let inputs: Vec<InputSummary> = analysed.report.inputs.clone();
    view! {
        <section aria-labelledby="inputs-read-heading">
            <h3 id="inputs-read-heading">"What each input contained"</h3>
            <ul class="input-list" data-testid="inputs-read">
                {inputs.into_iter().map(|input| {
                    let items = capped(input.items, "items", |item: certchain_core::decode::ItemSummary| {
                        let kind = match item.kind {
                            ItemKind::Certificate => "certificate",
                            ItemKind::PrivateKey => "private key",
                            ItemKind::PublicKey => "public key",
                            ItemKind::Csr => "CSR",
                            ItemKind::Crl => "CRL",
                            ItemKind::Other => "other",
                        };
                        let at = [item.line.map(|l| format!("line {l}")), item.container].into_iter().flatten().collect::<Vec<_>>().join(", ");
                        view! { <li>{format!("{kind}: {}", item.label)}{(!at.is_empty()).then(|| view! { <span class="muted">{format!(" ({at})")}</span> })}</li> }
                    });
                    let errors = capped(input.errors, "errors", |e: certchain_core::decode::DecodeError| {
                        let at = e.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                        view! {
                            <li class="sev-error" data-testid="input-error">
                                {format!("{at}{}", e.message)}
                                {(!e.hint.is_empty()).then(|| view! { <span class="hint">{format!(" — {}", e.hint)}</span> })}
                            </li>
                        }
                    });
                    view! {
                        <li class="input">
                            <p><strong>{input.name}</strong><span class="muted">{format!(" — {}, {} bytes", input.format, input.size)}</span></p>
                            <ul>{items}{errors}</ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Extras(analysed: Arc<Analysed>) -> impl IntoView {
    let report = &analysed.report;
    let names: std::collections::HashMap<&str, &str> =
        report.certificates.iter().map(|c| (c.summary.sha256.as_str(), c.summary.name.as_str())).collect();
    let name_of = |sha: &str| names.get(sha).map(|n| n.to_string()).unwrap_or_else(|| sha.chars().take(16).collect());
    let rejected: Vec<String> = report
        .rejected
        .iter()
        .map(|r| format!("'{}' as issuer of '{}': {}", name_of(&r.candidate), name_of(&r.cert), r.reason))
        .collect();
    let alternatives: Vec<String> = report
        .alternatives
        .iter()
        .map(|path| path.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(" → "))
        .collect();
    let (n_alt, n_rej) = (alternatives.len(), rejected.len());
    // Empty sections are left out: they would only be Tab stops with nothing behind them.
    view! {
        {(n_alt > 0).then(|| view! {
            <details class="extra" data-testid="alternatives">
                <summary>{format!("Alternative paths ({n_alt})")}</summary>
                <ul>{capped(alternatives, "paths", |line: String| view! { <li>{line}</li> })}</ul>
            </details>
        })}
        {(n_rej > 0).then(|| view! {
            <details class="extra" data-testid="rejected">
                <summary>{format!("Rejected issuers ({n_rej})")}</summary>
                <ul>{capped(rejected, "rejected issuers", |line: String| view! { <li>{line}</li> })}</ul>
            </details>
        })}
    }
}

/// A certificate name made safe as a download file name.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
        .take(60)
        .collect();
    if cleaned.is_empty() { "certificate".to_string() } else { cleaned }
}

/// Component tests in headless Chromium (wasm-bindgen-test; `scripts/web-test` runs them): the
/// report view mounted into a real DOM.
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::analysed::Source;
    use certchain_core::outputs::{EmitRequest, emit};
    use certchain_core::time::UnixTime;
    use certchain_core::{Input, Options, TrustChoice, analyze_full};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    const LEAF: &str = include_str!("../../../tests/fixtures/chains/rsa2048/leaf.pem");
    const ROOT: &str = include_str!("../../../tests/fixtures/chains/rsa2048/root.pem");

    /// A real analysis of a leaf without its intermediates, its findings repeated to `findings`.
    fn leaf_alone(findings: usize) -> Arc<Analysed> {
        let mut options = Options::new(UnixTime(1_800_000_000));
        options.trust = TrustChoice::Custom;
        options.custom_roots = vec![Input::new("root.pem", ROOT.as_bytes().to_vec())];
        let analysis = analyze_full(&[Input::new("leaf.pem", LEAF.as_bytes().to_vec())], &options);
        let emitted = emit(&analysis, &EmitRequest { alias: None, password: None, entropy: [0; 32] });
        let mut report = analysis.report;
        let first = report.findings[0].clone();
        report.findings.truncate(findings);
        while report.findings.len() < findings {
            report.findings.push(first.clone());
        }
        Arc::new(Analysed { report, emitted, sources: vec![Source::Paste], millis: 1.0 })
    }

    fn mount(analysed: Arc<Analysed>) -> web_sys::HtmlElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
        document.body().unwrap().append_child(&host).unwrap();
        leptos::mount::mount_to(host.clone(), move || view! { <ReportView analysed=analysed.clone() /> }).forget();
        host
    }

    fn count(host: &web_sys::HtmlElement, selector: &str) -> u32 {
        host.query_selector_all(selector).unwrap().length()
    }

    /// Lets Leptos run its scheduled updates.
    async fn tick() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn the_open_end_names_the_missing_issuer_and_links_its_finding() {
        let host = mount(leaf_alone(1));
        tick().await;
        let end = host.query_selector("[data-testid=chain-end-missing]").unwrap().unwrap();
        let text = end.text_content().unwrap();
        assert!(text.contains("Certchain Bench Intermediate 2") || text.contains("client.bench"), "{text}");
        let link = end.query_selector("a").unwrap().unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some("#finding-1"));
        assert!(host.query_selector("#finding-1").unwrap().is_some());
    }

    #[wasm_bindgen_test]
    async fn a_long_findings_list_shows_fifty_then_all_on_request() {
        let host = mount(leaf_alone(LIST_LIMIT + 10));
        tick().await;
        let findings = "[data-testid=findings] [data-testid=finding]";
        assert_eq!(count(&host, findings), LIST_LIMIT as u32);
        let button: web_sys::HtmlElement =
            host.query_selector("[data-testid=findings] [data-testid=show-all]").unwrap().unwrap().dyn_into().unwrap();
        assert_eq!(button.text_content().unwrap(), format!("Show all {} findings", LIST_LIMIT + 10));
        button.click();
        tick().await;
        assert_eq!(count(&host, findings), (LIST_LIMIT + 10) as u32);
        assert_eq!(count(&host, "[data-testid=findings] [data-testid=show-all]"), 0);
    }

    #[wasm_bindgen_test]
    async fn a_short_findings_list_has_no_show_all_button() {
        let host = mount(leaf_alone(3));
        tick().await;
        assert_eq!(count(&host, "[data-testid=findings] [data-testid=finding]"), 3);
        assert_eq!(count(&host, "[data-testid=show-all]"), 0);
    }
}
