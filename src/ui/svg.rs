//! Numbers in SVG attributes: one decimal is finer than a pixel, and
//! `engine::decimal` writes it without float formatting in the wasm.

use crate::engine::decimal::fixed;

/// A coordinate or length: `17.5`, `250.0`.
pub fn px(x: f64) -> String {
    fixed(x, 1)
}
