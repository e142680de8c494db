//! certchain's web page: a Leptos (client-side rendered) front end over `certchain_core::analyze`.
//!
//! The page only gathers inputs (paste, dropped or picked files, passwords, options), runs the
//! core's analysis in wasm and renders the `Report`. No chain logic lives here.
//! Built for `wasm32-unknown-unknown` by Trunk (see `index.html`, `Trunk.toml`); natively this is
//! an empty binary so workspace builds need no browser toolchain.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod render;

fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(app::App);
}
