//! The results panel ("3. Result"): progress, the explained error, the report (or why the analysis
//! failed) and the commands to test it. Its `data-*` attributes say how many analyses ran and
//! where their time went (the Playwright tests and `tests/e2e/measure.mjs` read them).

use crate::render::ReportView;
use crate::state::AnalyzerState;
use leptos::prelude::*;

#[component]
pub fn ResultsPanel(state: AnalyzerState) -> impl IntoView {
    let AnalyzerState { analysed, runs, timing, failure, busy, snapshot_note, complete, toolkit, flow, host, .. } =
        state;
    view! {
        <section
            class="results"
            aria-labelledby="results-heading"
            data-testid="results"
            data-runs=move || runs.get().to_string()
            data-analysis-ms=move || analysed.get().map(|a| fixed(a.millis, 100)).unwrap_or_default()
            data-analysed-in=move || if timing.get().in_worker { "worker" } else { "page" }
            data-round-trip-ms=move || fixed(timing.get().round_trip_ms, 100)
            data-serialize-ms=move || fixed(timing.get().serialize_ms, 100)
            data-decode-ms=move || fixed(timing.get().decode_ms, 100)
            data-finished-at=move || fixed(timing.get().finished_at, 100)
        >
            <h2 id="results-heading">"3. Result"</h2>
            {move || busy.get().map(|size| view! {
                <p class="progress" role="status" data-testid="progress">
                    {format!("Analysing {} MB of input…", fixed(size as f64 / 1_048_576.0, 10))}
                </p>
            })}
            {move || {
                let text = snapshot_note.get().filter(|_| complete.get())?;
                Some(view! { <p class="progress" role="status" data-testid="snapshot-progress">{text}</p> })
            }}
            <crate::toolkit::Explanations toolkit=toolkit analysed=analysed />
            {move || match analysed.get() {
                Some(a) => view! { <ReportView analysed=a /> }.into_any(),
                None if failure.with(Option::is_some) => {
                    view! {
                        <p class="sev-error analysis-failed" role="alert" data-testid="analysis-failed">
                            {move || failure.get()}
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! { <p class="empty">"Paste or drop your certificates above: the details appear here."</p> }
                        .into_any()
                }
            }}
            <crate::toolkit::CommandsPanel toolkit=toolkit analysed=analysed flow=flow host=host />
        </section>
    }
}

/// `value` with 2 decimals (`scale` 100) or 1 (`scale` 10), as `{:.2}` / `{:.1}` print a
/// non-negative number. Integer arithmetic: `{:.N}` links core's exact float formatting into the
/// wasm (~5 KB) for these few attributes.
fn fixed(value: f64, scale: u32) -> String {
    let scaled = (value.max(0.0) * f64::from(scale)).round() as u64;
    let scale = u64::from(scale);
    let width = if scale == 10 { 1 } else { 2 };
    format!("{}.{:0width$}", scaled / scale, scaled % scale)
}
