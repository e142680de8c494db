//! One finished analysis, as the result components render it. Its own module, below the page's
//! state and every component, so that the state ([`crate::state`]) and the components that show
//! a report ([`crate::render`], [`crate::summary`], [`crate::toolkit`]) depend on it and not on
//! each other.

use certchain_core::Report;
use certchain_core::outputs::Emitted;

/// What an input of the analysis is on the page.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Source {
    Paste,
    File(u32),
}

/// One finished analysis, with what each input index stands for. Components share it through an
/// `Arc`: a big paste's report is megabytes, never cloned.
pub struct Analysed {
    pub report: Report,
    /// The output files the core built from this analysis.
    pub emitted: Emitted,
    /// `sources[i]` is where `report.inputs[i]` came from.
    pub sources: Vec<Source>,
    pub millis: f64,
}
