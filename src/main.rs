//! The wasm entry point: mounts the playground page. Trunk builds this.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    kafka_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "kafka-playground is the browser build (run `bash scripts/serve.sh`); \
         for the command line use `cargo run --bin kafka-sim -- --help`"
    );
    std::process::exit(2);
}
