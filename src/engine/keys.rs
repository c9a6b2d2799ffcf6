//! Sort keys packed into one `u64`: `(high, low)` compares as the pair does.
//!
//! Every order in the engine sorts `Vec<u64>` (or, for text, `Vec<(String, u32)>`) with
//! `sort_unstable`: equal pairs are equal keys, and the low half is the tie-break. One
//! sort routine serves all orders, which keeps the wasm small (each instantiation of
//! the standard sorts costs several KB).

/// `(high, low)` as one key.
pub fn pack(high: u32, low: u32) -> u64 {
    (u64::from(high) << 32) | u64::from(low)
}

pub fn high(key: u64) -> u32 {
    (key >> 32) as u32
}

pub fn low(key: u64) -> u32 {
    key as u32
}

/// Ascending rank of an optional value; missing values rank last.
/// Values are clamped to `u32::MAX - 1`.
pub fn ascending(value: Option<u32>) -> u32 {
    value.map_or(u32::MAX, |v| v.min(u32::MAX - 1))
}

/// Descending rank of an optional value; missing values rank last.
pub fn descending(value: Option<u32>) -> u32 {
    value.map_or(u32::MAX, |v| u32::MAX - 1 - v.min(u32::MAX - 1))
}

/// An `i32` mapped to a `u32` of the same order.
pub fn signed(value: i32) -> u32 {
    (value as u32) ^ 0x8000_0000
}

/// `ids` in ascending order (through the one `u64` sort).
pub fn sort_ids(ids: &mut Vec<u32>) {
    let mut packed: Vec<u64> = ids.iter().map(|&id| u64::from(id)).collect();
    packed.sort_unstable();
    ids.clear();
    ids.extend(packed.into_iter().map(|k| k as u32));
}

/// `(id, count)` pairs ascending by id, the counts of equal ids added.
pub fn summed(pairs: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, u32)> {
    let mut packed: Vec<u64> = pairs.map(|(id, count)| pack(id, count)).collect();
    packed.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(packed.len());
    for k in packed {
        match out.last_mut() {
            Some(last) if last.0 == high(k) => last.1 = last.1.saturating_add(low(k)),
            _ => out.push((high(k), low(k))),
        }
    }
    out
}

/// `docs` ordered by `rank(doc)`, ties by doc.
pub fn sort_by_rank(docs: impl Iterator<Item = u32>, rank: impl Fn(u32) -> u32) -> Vec<u32> {
    let mut keys: Vec<u64> = docs.map(|d| pack(rank(d), d)).collect();
    keys.sort_unstable();
    keys.into_iter().map(low).collect()
}

/// The `k` smallest of `keys`, ascending. For small `k` each key is compared with the
/// current k-th and inserted in order (linear in practice); when `k` is a large part
/// of the input, everything is sorted instead. Either way no other sort routine is
/// instantiated (selection algorithms cost kilobytes of wasm).
pub fn smallest(keys: &[u64], k: usize) -> Vec<u64> {
    if k.saturating_mul(8) >= keys.len() {
        let mut all = keys.to_vec();
        all.sort_unstable();
        all.truncate(k);
        return all;
    }
    let mut top: Vec<u64> = Vec::with_capacity(k + 1);
    for &key in keys {
        if top.len() == k && top.last().is_none_or(|&last| key >= last) {
            continue;
        }
        let at = top.partition_point(|&x| x < key);
        top.insert(at, key);
        top.truncate(k);
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_like_their_pairs() {
        assert!(pack(1, 9) < pack(2, 0));
        assert!(pack(2, 0) < pack(2, 1));
        assert_eq!((high(pack(7, 8)), low(pack(7, 8))), (7, 8));
        assert!(ascending(Some(5)) < ascending(None));
        assert!(descending(Some(5)) < descending(Some(4)));
        assert!(descending(Some(0)) < descending(None));
        assert!(signed(-1) < signed(0) && signed(i32::MIN) < signed(i32::MAX));
        assert_eq!(sort_by_rank([3, 1, 2].into_iter(), |d| 10 - d), vec![3, 2, 1]);
        let keys: Vec<u64> = (0..200u64).map(|i| (i * 7919) % 200).collect();
        for k in [0, 1, 5, 20, 24, 25, 100, 200, 300] {
            assert_eq!(smallest(&keys, k), (0..k.min(200) as u64).collect::<Vec<_>>(), "k = {k}");
        }
    }
}
