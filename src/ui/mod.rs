//! The playground page: Yew function components over the engine.
//! One reducer (`state::Playground`) owns the session; components only
//! render it and dispatch actions. Browser plumbing lives in `browser`.

mod accumulator_panel;
mod alarms;
mod app;
mod browser;
mod cluster_svg;
mod event_log;
mod faults_panel;
mod groups_panel;
mod header;
mod help;
mod key_lookup;
mod lag_panel;
mod lane_view;
mod markup;
mod member_colour;
mod panic;
mod partitioner_panel;
mod producer_panel;
mod session_bar;
pub mod state;
mod svg;
mod transport;

pub use app::App;

/// Installs the panic overlay and mounts the app on `#app`.
pub fn start() {
    panic::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("index.html has a #app element");
    yew::Renderer::<App>::with_root(root).render();
}
