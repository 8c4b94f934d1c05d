//! The playground page: Yew function components over the engine.
//! One reducer (`state::Playground`) owns the simulation; components only
//! render it and dispatch actions.

mod app;
mod cluster_view;
mod header;
mod panic;
pub mod state;

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
