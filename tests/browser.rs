//! Browser tests: the real app mounted in headless Chromium
//! (run by `wasm-bindgen-test-runner`; see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use kafka_playground::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let window = web_sys::window().unwrap();
    // Every test starts from the default page, not another test's autosave.
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let doc = window.document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

fn text(root: &web_sys::Element) -> String {
    root.dyn_ref::<web_sys::HtmlElement>().unwrap().inner_text()
}

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn click(root: &web_sys::Element, selector: &str) {
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector}"));
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let e = web_sys::Event::new_with_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&e).unwrap();
}

fn clock(root: &web_sys::Element) -> u64 {
    let t = root
        .query_selector("[data-testid=clock]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    t.trim_end_matches(" ms").parse().unwrap()
}

#[wasm_bindgen_test]
async fn the_acks_demo_opens_with_three_lanes_of_three_brokers() {
    let root = mount();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, ".lane"), 3, "acks=0, acks=1, acks=all");
    assert_eq!(count(&root, ".broker-col"), 9);
    assert_eq!(
        count(&root, ".replica-row.leader"),
        3,
        "one leader of orders-0 per lane"
    );
    let t = text(&root);
    for label in ["acks=0", "acks=1", "acks=all"] {
        assert!(t.contains(label), "{label} in {t}");
    }
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
async fn stepping_forward_and_back_moves_the_clock_both_ways() {
    let root = mount();
    yew::scheduler::flush().await;
    for _ in 0..3 {
        click(&root, "[data-testid=next-marker]");
        yew::scheduler::flush().await;
    }
    let there = clock(&root);
    assert!(
        there >= 2000,
        "the third marker is in the fault schedule: {there}"
    );
    click(&root, "[data-testid=step-back]");
    yew::scheduler::flush().await;
    assert!(clock(&root) < there, "step back goes back in time");
    click(&root, "[data-testid=step]");
    yew::scheduler::flush().await;
    assert_eq!(clock(&root), there, "and step returns to the same moment");
}

#[wasm_bindgen_test]
async fn clicking_a_broker_and_crash_crashes_it_in_every_lane() {
    let root = mount();
    yew::scheduler::flush().await;
    click(&root, ".lane[data-lane='0'] [data-broker='2'] .broker-head");
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[data-testid=broker-menu]"), 1);
    click(&root, "[data-testid=crash]");
    yew::scheduler::flush().await;
    assert_eq!(count(&root, ".broker-col.down[data-broker='2']"), 3);
    assert_eq!(count(&root, "[data-testid=broker-menu]"), 0);
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

#[wasm_bindgen_test]
async fn the_partitioning_preset_says_where_the_seed_keys_go() {
    let root = mount();
    yew::scheduler::flush().await;
    click(&root, ".preset[data-preset='partitioning']");
    yew::scheduler::flush().await;
    assert_eq!(clock(&root), 0);
    // Before anything is sent the table predicts the seed notes' keys.
    let rows = root
        .query_selector_all("[data-testid=key-table] tbody tr")
        .unwrap();
    let row = |i| {
        let el: web_sys::HtmlElement = rows.get(i).unwrap().dyn_into().unwrap();
        el.inner_text()
    };
    assert_eq!(rows.length(), 3);
    for (i, (key, partition)) in [("서울", "= 0"), ("부산", "= 1"), ("울산", "= 2")]
        .iter()
        .enumerate()
    {
        let r = row(i as u32);
        assert!(r.contains(key) && r.contains(partition), "{r}");
    }
    assert_eq!(count(&root, ".partitioner-card"), 2, "one per producer");
    assert_eq!(
        count(&root, "[data-testid=rules-input-2]"),
        1,
        "producer 2 has the VIP rule"
    );
    let t = text(&root);
    assert!(t.contains("Record accumulator") || t.contains("레코드 어큐뮬레이터"));
}

#[wasm_bindgen_test]
async fn the_lag_and_rebalance_preset_shows_groups_members_and_lag() {
    let root = mount();
    yew::scheduler::flush().await;
    click(&root, ".preset[data-preset='lag-rebalance']");
    yew::scheduler::flush().await;
    assert_eq!(count(&root, ".lane"), 2, "range and cooperative-sticky");
    assert_eq!(count(&root, "[data-testid=group-elasticsearch]"), 1);
    assert_eq!(count(&root, "[data-testid=group-hadoop]"), 1);
    assert_eq!(
        count(&root, "[data-testid=group-elasticsearch] .member-card"),
        3
    );
    assert_eq!(count(&root, "[data-testid=lag-panel]"), 1);
    // The cluster view draws __consumer_offsets like any topic.
    assert!(text(&root).contains("__consumer_offsets-0"));
}
