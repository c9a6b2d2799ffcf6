//! A small context-mixing compressor for index payloads.
//!
//! Index payloads are mostly short English prose (titles, summaries), where a bitwise
//! context-mixing model beats gzip by 10–25% (see the README's size table), with a
//! decoder of a few kilobytes of wasm, far smaller than any bzip2/xz/zstd decoder.
//!
//! Design, after Matt Mahoney's lpaq1, simplified:
//! - each bit is predicted by [`MODELS`] context models: order 0 (the partial byte),
//!   hashed orders 1, 2, 3, 4 and 6, and the current word;
//! - each model maps its context to an adaptive probability (22-bit, with a hit count
//!   that makes young contexts learn fast);
//! - a gated linear mixer in the logistic domain combines them, one weight set per
//!   partial byte;
//! - a 32-bit binary arithmetic coder turns the predictions into bytes.
//!
//! Everything is integer arithmetic, so native and wasm builds agree bit for bit.
//! Decoding any input never panics: a short input reads as trailing zeros and the
//! output length is bounded by the caller.

/// Number of predictions mixed per bit.
const MODELS: usize = 7;
/// Hashed context slots: 2^20 `u32`s, 4 MiB while (de)compressing (measured: 2^21
/// saves 2% of the seed's bytes and doubles the time).
const TABLE_BITS: u32 = 20;
/// A fresh context slot: probability 1/2, no hits. Slots are stored XOR this value,
/// so a zeroed allocation is a fresh table (and costs no page touches until used).
const INITIAL: u32 = (1 << 21) << 10;
/// Hit count at which a context stops slowing its learning rate.
const LIMIT: u32 = 255;

/// `4096 / (1 + e^(-d/256))`, interpolated from 33 points; `d` is clamped to ±2047.
fn squash(d: i32) -> i32 {
    const T: [i32; 33] = [
        1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607, 3785, 3901,
        3975, 4022, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
    ];
    let d = d.clamp(-2047, 2047);
    let w = d & 127;
    let i = ((d >> 7) + 16) as usize;
    (T[i] * (128 - w) + T[i + 1] * w + 64) >> 7
}

/// The model shared by the encoder and the decoder.
struct Predictor {
    /// Order-0 slots: one per partial byte.
    order0: Vec<u32>,
    /// Hashed slots for the higher orders and the word model.
    table: Vec<u32>,
    /// `stretch(p) = ln(p / (1 - p))`, the inverse of [`squash`], for p in 0..4096.
    stretch: Vec<i16>,
    /// Learning rates: `65536 / (n + 1.5)`.
    rate: Vec<u32>,
    /// Mixer weights, `MODELS` per partial byte, 16.16 fixed point.
    weights: Vec<i32>,
    /// Context hashes of the current byte, one per hashed model.
    hashes: [u32; MODELS - 1],
    /// Slots in use for the current bit.
    slots: [usize; MODELS],
    inputs: [i32; MODELS],
    /// Last eight bytes, newest in the low bits.
    history: u64,
    word: u32,
    /// Partial byte with a leading 1 bit (1..=255).
    c0: u32,
    mixed: i32,
}

impl Predictor {
    fn new() -> Predictor {
        let mut stretch = vec![0i16; 4096];
        let mut pi = 0usize;
        for x in -2047..=2047 {
            let v = squash(x) as usize;
            for slot in &mut stretch[pi..=v] {
                *slot = x as i16;
            }
            pi = v + 1;
        }
        for slot in &mut stretch[pi..] {
            *slot = 2047;
        }
        let mut p = Predictor {
            order0: vec![0; 256],
            table: vec![0; 1 << TABLE_BITS],
            stretch,
            rate: (0..=LIMIT).map(|n| 131_072 / (2 * n + 3)).collect(),
            weights: vec![1 << 14; 256 * MODELS],
            hashes: [0; MODELS - 1],
            slots: [0; MODELS],
            inputs: [0; MODELS],
            history: 0,
            word: 0,
            c0: 1,
            mixed: 2048,
        };
        p.next_byte_contexts();
        p.predict();
        p
    }

    fn next_byte_contexts(&mut self) {
        const ORDERS: [u32; MODELS - 2] = [1, 2, 3, 4, 6];
        for (k, &order) in ORDERS.iter().enumerate() {
            let mask = if order >= 8 { u64::MAX } else { (1u64 << (8 * order)) - 1 };
            let h = (self.history & mask).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(order);
            self.hashes[k] = (h >> 32) as u32 ^ (h as u32).rotate_left(7);
        }
        self.hashes[MODELS - 2] = self.word.wrapping_mul(0x2F0B_3A49).wrapping_add(0x5bd1_e995);
    }

    /// The probability (1..=4095, in 4096ths) that the next bit is 1.
    fn predict(&mut self) -> i32 {
        let c0 = self.c0 as usize;
        self.slots[0] = c0;
        self.inputs[0] = i32::from(self.stretch[((self.order0[c0] ^ INITIAL) >> 20) as usize]);
        let mask = (1usize << TABLE_BITS) - 1;
        for k in 0..MODELS - 1 {
            let h = self.hashes[k].wrapping_add(self.c0.wrapping_mul(0x6F4F_2A35)).wrapping_mul(0x9E37_79B1);
            let slot = (h >> (32 - TABLE_BITS)) as usize & mask;
            self.slots[k + 1] = slot;
            self.inputs[k + 1] = i32::from(self.stretch[((self.table[slot] ^ INITIAL) >> 20) as usize]);
        }
        let w = &self.weights[c0 * MODELS..][..MODELS];
        let dot: i64 = w.iter().zip(&self.inputs).map(|(&w, &x)| i64::from(w) * i64::from(x)).sum();
        self.mixed = squash((dot >> 16) as i32).clamp(1, 4095);
        self.mixed
    }

    // Not inlined: in the browser, a function called per bit is soon compiled by the
    // optimising tier, where one long inlined loop would run in the baseline tier to the end.
    #[inline(never)]
    fn update(&mut self, bit: u32) {
        // Mixer: gradient step on the coding cost.
        let err = ((bit as i32) << 12) - self.mixed;
        let c0 = self.c0 as usize;
        for (w, &x) in self.weights[c0 * MODELS..][..MODELS].iter_mut().zip(&self.inputs) {
            *w = w.wrapping_add((x * err) >> 10);
        }
        // Context slots: move toward the bit, faster while a context is young.
        let target = i64::from(bit) << 22;
        let rate = &self.rate;
        let adapt = |slot: &mut u32| {
            let t = *slot ^ INITIAL;
            let n = t & 1023;
            let p = i64::from(t >> 10);
            let p = (p + (((target - p) * i64::from(rate[n as usize])) >> 16)).clamp(0, (1 << 22) - 1);
            *slot = (((p as u32) << 10) | (n + 1).min(LIMIT)) ^ INITIAL;
        };
        adapt(&mut self.order0[self.slots[0]]);
        for k in 1..MODELS {
            adapt(&mut self.table[self.slots[k]]);
        }
        self.c0 = (self.c0 << 1) | bit;
        if self.c0 >= 256 {
            let byte = (self.c0 & 255) as u8;
            self.c0 = 1;
            self.history = (self.history << 8) | u64::from(byte);
            self.word = if byte.is_ascii_alphanumeric() || byte >= 128 {
                self.word.wrapping_add(u32::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0193)
            } else {
                0
            };
            self.next_byte_contexts();
        }
        self.predict();
    }
}

/// Compresses `data`. The output does not record the length: pass it to [`decompress`].
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut model = Predictor::new();
    let mut out = Vec::with_capacity(data.len() / 3 + 8);
    let (mut x1, mut x2) = (0u32, u32::MAX);
    for &byte in data {
        for i in (0..8).rev() {
            let bit = u32::from(byte >> i) & 1;
            let xmid = x1 + ((u64::from(x2 - x1) * model.mixed as u64) >> 12) as u32;
            if bit == 1 {
                x2 = xmid;
            } else {
                x1 = xmid + 1;
            }
            model.update(bit);
            while (x1 ^ x2) & 0xFF00_0000 == 0 {
                out.push((x2 >> 24) as u8);
                x1 <<= 8;
                x2 = (x2 << 8) | 255;
            }
        }
    }
    out.extend_from_slice(&x1.to_be_bytes());
    out
}

/// Decompresses exactly `len` bytes from `data`, as written by [`compress`].
/// Garbage in gives garbage out, never a panic; the caller checks what it gets.
pub fn decompress(data: &[u8], len: usize) -> Vec<u8> {
    let mut model = Predictor::new();
    let mut input = data.iter().copied().chain(core::iter::repeat(0));
    let mut next = move || input.next().unwrap_or(0);
    let (mut x1, mut x2) = (0u32, u32::MAX);
    let mut x = (0..4).fold(0u32, |x, _| (x << 8) | u32::from(next()));
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let mut byte = 0u8;
        for _ in 0..8 {
            let xmid = x1 + ((u64::from(x2 - x1) * model.mixed as u64) >> 12) as u32;
            let bit = u32::from(x <= xmid);
            if bit == 1 {
                x2 = xmid;
            } else {
                x1 = xmid + 1;
            }
            model.update(bit);
            byte = (byte << 1) | bit as u8;
            while (x1 ^ x2) & 0xFF00_0000 == 0 {
                x1 <<= 8;
                x2 = (x2 << 8) | 255;
                x = (x << 8) | u32::from(next());
            }
        }
        out.push(byte);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_edge_cases() {
        for data in [&b""[..], b"a", b"\0\0\0\0", &[255u8; 1000], "泡姆泡姆 real‑world".as_bytes()] {
            assert_eq!(decompress(&compress(data), data.len()), data);
        }
        let mixed: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert_eq!(decompress(&compress(&mixed), mixed.len()), mixed);
    }

    #[test]
    fn garbage_decodes_without_panicking() {
        let out = decompress(&[1, 2, 3], 100);
        assert_eq!(out.len(), 100);
    }

    #[test]
    fn squash_and_stretch_are_inverse_enough() {
        let p = Predictor::new();
        for x in (-1500..1500).step_by(50) {
            let back = i32::from(p.stretch[squash(x) as usize]);
            assert!((back - x).abs() <= 40, "{x} -> {back}");
        }
    }
}
