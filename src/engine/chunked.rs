//! A vector whose clones share storage: elements live in fixed-size chunks
//! behind `Rc`, and a write copies only the chunk it touches. Time travel
//! clones the whole simulation every few hundred steps (a checkpoint); with
//! replica logs stored this way a checkpoint costs a pointer per 256
//! records instead of a copy of every log.
//!
//! Chunk `i` always holds indices `i * CHUNK .. (i + 1) * CHUNK`, so two
//! vectors with equal contents have equal layouts.

use std::rc::Rc;

use serde::{Serialize, Serializer};

const CHUNK: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunked<T: Clone> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T: Clone> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub fn first(&self) -> Option<&T> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&T> {
        self.chunks.last()?.last()
    }

    pub fn push(&mut self, x: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Rc::new(Vec::with_capacity(CHUNK)));
        }
        Rc::make_mut(self.chunks.last_mut().expect("just ensured")).push(x);
        self.len += 1;
    }

    /// Keeps the first `at` elements and returns the rest.
    pub fn split_off(&mut self, at: usize) -> Vec<T> {
        if at >= self.len {
            return Vec::new();
        }
        let removed: Vec<T> = self.iter().skip(at).cloned().collect();
        self.chunks.truncate(at.div_ceil(CHUNK));
        if !at.is_multiple_of(CHUNK) {
            Rc::make_mut(self.chunks.last_mut().expect("at > 0")).truncate(at % CHUNK);
        }
        self.len = at;
        removed
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

impl<T: Clone + Serialize> Serialize for Chunked<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_vec_across_chunk_boundaries() {
        let mut c = Chunked::default();
        let mut v = Vec::new();
        for i in 0..1000 {
            c.push(i);
            v.push(i);
        }
        for at in [1000, 999, 768, 700, 512, 256, 255, 1, 0] {
            assert_eq!(c.split_off(at), v.split_off(at));
            assert_eq!(c.iter().copied().collect::<Vec<_>>(), v);
            assert_eq!(c.len(), v.len());
            assert_eq!(c.last(), v.last());
            c.push(-1);
            v.push(-1);
        }
        assert_eq!(c.get(0), v.first());
    }

    #[test]
    fn clones_share_chunks_until_written() {
        let mut a = Chunked::default();
        for i in 0..600 {
            a.push(i);
        }
        let mut b = a.clone();
        assert!(Rc::ptr_eq(&a.chunks[0], &b.chunks[0]));
        b.push(600);
        b.split_off(10);
        assert_eq!(a.len(), 600, "the original is untouched");
        assert_eq!(a.get(599), Some(&599));
        assert_eq!(
            b.iter().copied().collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn equal_contents_mean_equal_values() {
        let mut a = Chunked::default();
        let mut b = Chunked::default();
        for i in 0..300 {
            a.push(i);
        }
        a.split_off(100);
        for i in 0..100 {
            b.push(i);
        }
        assert_eq!(a, b);
    }
}
