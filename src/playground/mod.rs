//! The page's model, without web types: presets, the multi-lane session
//! with time travel, and share links. The Yew UI (`ui/`) renders it.

pub mod groups;
pub mod lag_view;
pub mod partitioning;
pub mod playback;
pub mod preset;
pub mod pretty_json;
pub mod reconfigure;
pub mod session;
pub mod share;
