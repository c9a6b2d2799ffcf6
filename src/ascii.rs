//! Whole numbers as decimal text, without `core::fmt`: formatting machinery costs the
//! wasm kilobytes, and these are the only numbers the browser side writes itself.

/// The decimal digits of `n`.
pub fn digits(n: u32) -> String {
    padded(n, 1)
}

/// The decimal digits of `n`.
pub fn digits64(n: u64) -> String {
    let mut out = Vec::with_capacity(20);
    let mut n = n;
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.iter().rev().map(|&b| b as char).collect()
}

/// `n` as 8 lower-case hexadecimal digits.
pub fn hex8(n: u32) -> String {
    hex16(u64::from(n))[8..].to_string()
}

/// The decimal digits of `n`, zero-padded to at least `width` (at most 10) digits.
pub fn padded(n: u32, width: usize) -> String {
    let mut buf = [b'0'; 10];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = at.min(buf.len() - width.clamp(1, buf.len()));
    buf[start..].iter().map(|&b| b as char).collect()
}

/// `n` as 16 lower-case hexadecimal digits.
pub fn hex16(n: u64) -> String {
    (0..16).rev().map(|i| char::from(b"0123456789abcdef"[((n >> (i * 4)) & 15) as usize])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_match_display() {
        for n in [0, 7, 10, 999, 1000, 12_345, 999_999, 1_000_000, u32::MAX] {
            assert_eq!(digits(n), n.to_string());
            assert_eq!(padded(n, 4), format!("{n:04}"));
        }
        assert_eq!(padded(3, 2), "03");
        assert_eq!(padded(2026, 2), "2026");
        assert_eq!(hex16(0xfe), format!("{:016x}", 0xfe));
        assert_eq!(hex16(u64::MAX), "ffffffffffffffff");
        assert_eq!(hex8(0xcbf4_3926), "cbf43926");
        for n in [0u64, 9, 10, u64::from(u32::MAX) + 1, u64::MAX] {
            assert_eq!(digits64(n), n.to_string());
        }
    }
}
