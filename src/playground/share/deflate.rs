//! Raw DEFLATE encoding (RFC 1951) for share links: LZ77 over a 32 KB
//! window with hash chains and one-step lazy matching, in a single block
//! with the fixed Huffman code. A dynamic code would make links a little
//! shorter, but it and a general-purpose compressor cost more of the
//! page's wasm than everything else about sharing; any inflater reads
//! this (the tests check with miniz). Deterministic: the same session
//! gives the same link.

use super::inflate::{DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA};

const WINDOW: usize = 1 << 15;
const HASH_BITS: u32 = 14;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How many earlier positions with the same hash are tried per match.
const MAX_CHAIN: usize = 128;
const NONE: u32 = u32::MAX;

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    buf: u32,
    count: u32,
}

impl BitWriter {
    /// `n` bits of `v`, least significant first (headers and extra bits).
    fn put(&mut self, v: u32, n: u32) {
        self.buf |= v << self.count;
        self.count += n;
        while self.count >= 8 {
            self.out.push(self.buf as u8);
            self.buf >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, which DEFLATE sends most significant bit first.
    fn code(&mut self, code: u32, n: u32) {
        self.put(code.reverse_bits() >> (32 - n), n);
    }

    /// A literal byte or a length symbol (256..=285) in the fixed code.
    fn symbol(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xc0 + sym - 280, 8),
        }
    }

    /// A back reference: length 3..=258, distance 1..=32768.
    fn copy(&mut self, len: usize, dist: usize) {
        let l = LEN_BASE
            .iter()
            .rposition(|&b| b as usize <= len)
            .unwrap_or(0);
        self.symbol(257 + l as u32);
        self.put((len - LEN_BASE[l] as usize) as u32, u32::from(LEN_EXTRA[l]));
        let d = DIST_BASE
            .iter()
            .rposition(|&b| b as usize <= dist)
            .unwrap_or(0);
        self.code(d as u32, 5);
        self.put(
            (dist - DIST_BASE[d] as usize) as u32,
            u32::from(DIST_EXTRA[d]),
        );
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.buf as u8);
        }
        self.out
    }
}

/// Earlier positions by the hash of their next three bytes.
struct Chains {
    head: Vec<u32>,
    prev: Vec<u32>,
}

impl Chains {
    fn hash(data: &[u8], i: usize) -> usize {
        let v = u32::from(data[i]) << 16 | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]);
        (v.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
    }

    fn insert(&mut self, data: &[u8], i: usize) {
        if i + MIN_MATCH <= data.len() {
            let h = Self::hash(data, i);
            self.prev[i % WINDOW] = self.head[h];
            self.head[h] = i as u32;
        }
    }

    /// The longest earlier match for position `i`: (length, distance).
    fn longest(&self, data: &[u8], i: usize) -> (usize, usize) {
        let mut best = (0, 0);
        if i + MIN_MATCH > data.len() {
            return best;
        }
        let max = (data.len() - i).min(MAX_MATCH);
        let mut candidate = self.head[Self::hash(data, i)];
        for _ in 0..MAX_CHAIN {
            if candidate == NONE || i - candidate as usize > WINDOW {
                break;
            }
            let c = candidate as usize;
            let len = data[c..]
                .iter()
                .zip(&data[i..i + max])
                .take_while(|(a, b)| a == b)
                .count();
            if len > best.0 {
                best = (len, i - c);
                if len == max {
                    break;
                }
            }
            candidate = self.prev[c % WINDOW];
        }
        best
    }
}

pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut w = BitWriter::default();
    w.put(1, 1); // BFINAL: the only block
    w.put(1, 2); // BTYPE 01: fixed Huffman codes
    let mut chains = Chains {
        head: vec![NONE; 1 << HASH_BITS],
        prev: vec![NONE; WINDOW],
    };
    let mut i = 0;
    while i < data.len() {
        let (len, dist) = chains.longest(data, i);
        chains.insert(data, i);
        // Lazy matching: a longer match one byte later wins over this one.
        if len < MIN_MATCH || chains.longest(data, i + 1).0 > len {
            w.symbol(u32::from(data[i]));
            i += 1;
            continue;
        }
        w.copy(len, dist);
        for j in i + 1..i + len {
            chains.insert(data, j);
        }
        i += len;
    }
    w.symbol(256);
    w.finish()
}
