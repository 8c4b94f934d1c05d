//! Browser tests: the real app mounted in headless Chromium
//! (run by `wasm-bindgen-test-runner`; see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use kafka_playground::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

fn text(root: &web_sys::Element) -> String {
    root.dyn_ref::<web_sys::HtmlElement>().unwrap().inner_text()
}

#[wasm_bindgen_test]
async fn app_renders_the_cluster_from_the_engine() {
    let root = mount();
    yew::scheduler::flush().await;
    let brokers = root.query_selector_all(".broker").unwrap();
    assert_eq!(brokers.length(), 3, "three broker columns");
    // 3 partitions × RF 3 = 9 replicas, 3 of them leaders (one per broker).
    assert_eq!(root.query_selector_all(".replica").unwrap().length(), 9);
    assert_eq!(
        root.query_selector_all(".replica.is-leader")
            .unwrap()
            .length(),
        3
    );
    for b in 0..3 {
        let col = brokers.item(b).unwrap();
        let col: web_sys::Element = col.dyn_into().unwrap();
        assert_eq!(col.query_selector_all(".is-leader").unwrap().length(), 1);
    }
    assert!(text(&root).contains("Partition: 0\tLeader:") || text(&root).contains("Partition: 0"));
    let version = root
        .query_selector("[data-testid=version]")
        .unwrap()
        .unwrap();
    assert!(version
        .text_content()
        .unwrap()
        .contains(env!("CARGO_PKG_VERSION")));
}

#[wasm_bindgen_test]
async fn language_switch_changes_visible_text() {
    let root = mount();
    yew::scheduler::flush().await;
    let before = text(&root);
    let button: web_sys::HtmlElement = root
        .query_selector(".lang-switch")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
    let after = text(&root);
    assert_ne!(before, after);
    let (ko, en) = ("브로커", "Broker 1");
    assert!(
        (before.contains(en) && after.contains(ko)) || (before.contains(ko) && after.contains(en)),
        "switch flips between English and Korean:\nbefore: {before}\nafter: {after}"
    );
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root),
        before,
        "switching twice returns to the first language"
    );
}

/// Same scenario, same digest as `tests/cross_platform_digest.rs` computes
/// natively: the engine's history is bit-identical in wasm.
#[wasm_bindgen_test]
fn wasm_trace_digest_equals_the_native_one() {
    use kafka_playground::engine::digest::trace_digest;
    use kafka_playground::engine::scenario::Scenario;
    let text = include_str!("../scenarios/acks1-leader-fails-before-replication.json");
    let sim = Scenario::from_json(text).unwrap().run().unwrap();
    let digest = format!("{:016x}", trace_digest(&sim.trace));
    assert_eq!(digest, include_str!("data/acks1.digest").trim());
}
