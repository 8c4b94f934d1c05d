//! Raw DEFLATE decoding (RFC 1951): stored, fixed and dynamic Huffman
//! blocks, so every link ever made opens — including the older ones
//! written by miniz at level 9. After Mark Adler's `puff.c`: canonical
//! Huffman codes decoded bit by bit from per-length counts, which is slow
//! for megabytes but tiny in wasm, and a link is a few kilobytes.
//!
//! Links arrive from anywhere, so every malformed stream is an `Err` with
//! what is wrong (never a panic), and the output is capped (a small link
//! could otherwise inflate to gigabytes).

/// Longest code, in bits.
const MAX_BITS: usize = 15;

/// Length symbols 257..=285: base lengths and extra bits.
pub(super) const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
pub(super) const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Distance symbols 0..=29: base distances and extra bits.
pub(super) const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
pub(super) const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order code length code lengths are sent in.
const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u32,
    count: u32,
}

impl Bits<'_> {
    fn need(&mut self, n: u32) -> Result<u32, String> {
        while self.count < n {
            let byte = *self
                .data
                .get(self.pos)
                .ok_or("the data ends in the middle of a block")?;
            self.pos += 1;
            self.buf |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let v = self.buf & ((1u32 << n) - 1);
        self.buf >>= n;
        self.count -= n;
        Ok(v)
    }
}

/// A canonical Huffman code: how many codes of each length, and the
/// symbols in code order.
struct Huffman {
    count: [u16; MAX_BITS + 1],
    symbol: Vec<u16>,
}

impl Huffman {
    /// `Err` for an over-subscribed set of lengths; an incomplete one is
    /// allowed (RFC 1951 permits a single distance code), and decoding a
    /// code outside it is an error.
    fn new(lengths: &[u8]) -> Result<Huffman, String> {
        let mut count = [0u16; MAX_BITS + 1];
        for &l in lengths {
            count[l as usize] += 1;
        }
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return Err("a Huffman code is over-subscribed".into());
            }
        }
        let mut offs = [0u16; MAX_BITS + 1];
        for len in 1..MAX_BITS {
            offs[len + 1] = offs[len] + count[len];
        }
        let mut symbol = vec![0; lengths.len()];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbol[offs[l as usize] as usize] = s as u16;
                offs[l as usize] += 1;
            }
        }
        Ok(Huffman { count, symbol })
    }

    fn decode(&self, bits: &mut Bits) -> Result<u16, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.count[1..] {
            code |= bits.need(1)? as i32;
            let count = i32::from(count);
            if code - count < first {
                return Ok(self.symbol[(index + code - first) as usize]);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err("a code is not in the block's Huffman table".into())
    }
}

/// Decodes a raw DEFLATE stream of at most `limit` output bytes.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let mut bits = Bits {
        data,
        pos: 0,
        buf: 0,
        count: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.need(1)? == 1;
        match bits.need(2)? {
            0 => stored(&mut bits, &mut out, limit)?,
            1 => {
                let (lit, dist) = fixed_tables();
                codes(&mut bits, &mut out, limit, &lit, &dist)?
            }
            2 => {
                let (lit, dist) = dynamic_tables(&mut bits)?;
                codes(&mut bits, &mut out, limit, &lit, &dist)?
            }
            _ => return Err("invalid block type 3".into()),
        }
        if last {
            return Ok(out);
        }
    }
}

fn stored(bits: &mut Bits, out: &mut Vec<u8>, limit: usize) -> Result<(), String> {
    bits.buf = 0;
    bits.count = 0;
    let header = bits
        .data
        .get(bits.pos..bits.pos + 4)
        .ok_or("a stored block's header is cut off")?;
    let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
    if u16::from_le_bytes([header[2], header[3]]) != !(len as u16) {
        return Err("a stored block's length check fails".into());
    }
    bits.pos += 4;
    let block = bits
        .data
        .get(bits.pos..bits.pos + len)
        .ok_or("a stored block is cut off")?;
    if out.len() + len > limit {
        return Err(too_big(limit));
    }
    out.extend_from_slice(block);
    bits.pos += len;
    Ok(())
}

fn too_big(limit: usize) -> String {
    format!("it decompresses to more than {limit} bytes")
}

fn fixed_tables() -> (Huffman, Huffman) {
    let mut lengths = [0u8; 288];
    for (s, l) in lengths.iter_mut().enumerate() {
        *l = match s {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    let lit = Huffman::new(&lengths).expect("the fixed code is complete");
    let dist = Huffman::new(&[5; 30]).expect("the fixed code is valid");
    (lit, dist)
}

fn dynamic_tables(bits: &mut Bits) -> Result<(Huffman, Huffman), String> {
    let nlen = bits.need(5)? as usize + 257;
    let ndist = bits.need(5)? as usize + 1;
    let ncode = bits.need(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err("a dynamic block has too many codes".into());
    }
    let mut lengths = [0u8; 19];
    for &i in &CLEN_ORDER[..ncode] {
        lengths[i] = bits.need(3)? as u8;
    }
    let clen = Huffman::new(&lengths)?;
    let mut lengths = vec![0u8; nlen + ndist];
    let mut i = 0;
    while i < nlen + ndist {
        let sym = clen.decode(bits)?;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => {
                let prev = *lengths[..i]
                    .last()
                    .ok_or("a length repeat has nothing before it")?;
                (prev, 3 + bits.need(2)?)
            }
            17 => (0, 3 + bits.need(3)?),
            _ => (0, 11 + bits.need(7)?),
        };
        let end = i + repeat as usize;
        if end > nlen + ndist {
            return Err("code lengths run past the end".into());
        }
        lengths[i..end].fill(value);
        i = end;
    }
    if lengths[256] == 0 {
        return Err("a dynamic block has no end-of-block code".into());
    }
    let lit = Huffman::new(&lengths[..nlen])?;
    let dist = Huffman::new(&lengths[nlen..])?;
    Ok((lit, dist))
}

fn codes(
    bits: &mut Bits,
    out: &mut Vec<u8>,
    limit: usize,
    lit: &Huffman,
    dist: &Huffman,
) -> Result<(), String> {
    loop {
        let sym = lit.decode(bits)? as usize;
        match sym {
            0..=255 => {
                if out.len() >= limit {
                    return Err(too_big(limit));
                }
                out.push(sym as u8);
            }
            256 => return Ok(()),
            _ => {
                let i = sym - 257;
                if i >= LEN_BASE.len() {
                    return Err("invalid length code".into());
                }
                let len = LEN_BASE[i] as usize + bits.need(u32::from(LEN_EXTRA[i]))? as usize;
                let d = dist.decode(bits)? as usize;
                if d >= DIST_BASE.len() {
                    return Err("invalid distance code".into());
                }
                let back = DIST_BASE[d] as usize + bits.need(u32::from(DIST_EXTRA[d]))? as usize;
                if back > out.len() {
                    return Err("a distance reaches before the start".into());
                }
                if out.len() + len > limit {
                    return Err(too_big(limit));
                }
                let from = out.len() - back;
                for k in 0..len {
                    out.push(out[from + k]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::deflate::compress;
    use super::decompress;
    use miniz_oxide::deflate::compress_to_vec;
    use miniz_oxide::inflate::decompress_to_vec;

    /// A deterministic mix of JSON-like text, runs and noise.
    fn sample(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let words: [&[u8]; 6] = [
            b"\"producer\": ",
            b"{\"at_ms\": ",
            b"crash",
            b", ",
            b"\n    ",
            b"0000",
        ];
        let mut out = Vec::new();
        while out.len() < len {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            match (x >> 60) % 4 {
                0 => out.push((x >> 33) as u8),
                1 => out.extend(std::iter::repeat_n(b'a', (x >> 40) as usize % 300)),
                _ => out.extend_from_slice(words[(x >> 35) as usize % words.len()]),
            }
        }
        out.truncate(len);
        out
    }

    #[test]
    fn round_trips_and_miniz_reads_what_it_writes() {
        for (seed, len) in [
            (1, 0),
            (2, 1),
            (3, 2),
            (4, 3),
            (5, 700),
            (6, 40_000),
            (7, 100_000),
        ] {
            let data = sample(seed, len);
            let packed = compress(&data);
            assert_eq!(
                decompress(&packed, usize::MAX).unwrap(),
                data,
                "seed {seed}"
            );
            assert_eq!(
                decompress_to_vec(&packed).unwrap(),
                data,
                "miniz, seed {seed}"
            );
        }
    }

    #[test]
    fn reads_miniz_at_every_level() {
        // Level 0 is stored blocks, 1 fixed or dynamic codes, 9 dynamic.
        for level in [0, 1, 6, 9, 10] {
            let data = sample(level as u64, 70_000);
            let packed = compress_to_vec(&data, level);
            assert_eq!(
                decompress(&packed, usize::MAX).unwrap(),
                data,
                "level {level}"
            );
        }
    }

    #[test]
    fn compresses_text_like_a_real_deflate() {
        let data = include_str!("../../../scenarios/presets/lag-rebalance.json").as_bytes();
        let ours = compress(data).len();
        let miniz = compress_to_vec(data, 9).len();
        assert!(ours * 2 < data.len(), "ours {ours} of {}", data.len());
        assert!(ours * 3 < miniz * 4, "ours {ours}, miniz level 9 {miniz}");
    }

    #[test]
    fn damaged_streams_are_errors_not_panics() {
        let data = sample(9, 5_000);
        for packed in [
            compress(&data),
            compress_to_vec(&data, 9),
            compress_to_vec(&data, 0),
        ] {
            for cut in (0..packed.len()).step_by(97) {
                assert!(
                    decompress(&packed[..cut], usize::MAX).is_err(),
                    "cut at {cut}"
                );
            }
            let mut x = 12345u64;
            for _ in 0..2_000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                let mut bad = packed.clone();
                let i = (x >> 33) as usize % bad.len();
                bad[i] ^= 1 << ((x >> 29) % 8);
                let _ = decompress(&bad, 1 << 20);
            }
        }
        assert!(decompress(&[0b111], 10).unwrap_err().contains("block type"));
    }

    #[test]
    fn output_is_capped() {
        let bomb = compress(&vec![b' '; 1 << 20]);
        assert!(bomb.len() < 10_000);
        let e = decompress(&bomb, 1000).unwrap_err();
        assert!(e.contains("more than 1000 bytes"), "{e}");
        let stored = compress_to_vec(&vec![b' '; 5000], 0);
        assert!(decompress(&stored, 1000).is_err());
    }
}
