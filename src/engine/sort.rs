//! One stable sort for the whole crate.
//!
//! Why: every `sort_by`/`sort_unstable` call site instantiates std's
//! driftsort or ipnsort for its element type: 3–8 KB of wasm each, which
//! issue #4's bundle budget cannot carry. Here the algorithm exists
//! once, on indices behind `dyn` calls; a call site adds two small closures.
//!
//! The sort is stable, so its result is exactly `slice::sort_by`'s, and that
//! of `sort_unstable` wherever equal elements are indistinguishable (plain
//! numbers, ids and names).

use std::cmp::Ordering;

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let v = &*v;
        merge_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]) == Ordering::Greater)
    };
    permute(order, &mut |a, b| v.swap(a, b));
}

/// Bottom-up merge sort of the indices `0..n`; `greater(a, b)` compares the
/// elements at `a` and `b`. A left element is taken unless greater than the
/// right one, which keeps equal elements in their order.
fn merge_order(n: usize, greater: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                let take_left = j == end || (i < mid && !greater(from[i], from[j]));
                *slot = if take_left { from[i] } else { from[j] };
                if take_left {
                    i += 1;
                } else {
                    j += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Rearranges so that position `i` holds what was at `order[i]`, following
/// each cycle of the permutation with swaps.
fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let next = std::mem::replace(&mut order[at], DONE);
            if next == start {
                break;
            }
            swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    #[test]
    fn matches_std_stable_sort_on_random_input_with_ties() {
        let mut rng = Rng::new(7);
        for n in 0..70 {
            let v: Vec<(u64, usize)> = (0..n).map(|i| (rng.next_u64() % 5, i)).collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            assert_eq!(ours, std, "n = {n}");
        }
    }

    #[test]
    fn sort_and_sort_by_order_like_std() {
        let mut v = vec![5, 3, 9, 1, 3, 0, 8];
        sort(&mut v);
        assert_eq!(v, [0, 1, 3, 3, 5, 8, 9]);
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, [9, 8, 5, 3, 3, 1, 0]);
    }
}
