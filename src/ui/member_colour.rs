//! One colour per consumer, the same on the group cards, the lag charts and
//! the cluster view, so "who reads this partition" is seen at a glance.
//! A palette of its own (purple, green, orange …): the key colours of the
//! log cells stay what they are. The CSS (`www/style.css`) sets `--m`.

/// The CSS class of consumer `id`'s colour: `m0` … `m5`.
pub fn member_class(id: u32) -> String {
    format!("m{}", id % 6)
}
