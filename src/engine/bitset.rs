//! A fixed-size set of article positions, one bit each.

use crate::index::DocId;

/// Positions `0..len` as bits. All binary operations expect equal lengths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
    len: usize,
}

impl Bitset {
    /// The empty set over `len` positions.
    pub fn empty(len: usize) -> Bitset {
        Bitset { words: vec![0; len.div_ceil(64)], len }
    }

    /// Every position in `0..len`.
    pub fn full(len: usize) -> Bitset {
        let mut s = Bitset::empty(len);
        s.insert_range(0, len);
        s
    }

    /// The positions in `ids`.
    pub fn from_ids(len: usize, ids: &[DocId]) -> Bitset {
        let mut s = Bitset::empty(len);
        for &id in ids {
            s.insert(id);
        }
        s
    }

    pub fn insert(&mut self, id: DocId) {
        self.words[id as usize / 64] |= 1 << (id % 64);
    }

    /// Inserts `start..end` (clamped to the set's length), a word at a time.
    pub fn insert_range(&mut self, start: usize, end: usize) {
        let end = end.min(self.len);
        if start >= end {
            return;
        }
        let (first, last) = (start / 64, (end - 1) / 64);
        let head = !0u64 << (start % 64);
        let tail = !0u64 >> (63 - (end - 1) % 64);
        if first == last {
            self.words[first] |= head & tail;
            return;
        }
        self.words[first] |= head;
        self.words[first + 1..last].fill(!0);
        self.words[last] |= tail;
    }

    pub fn remove(&mut self, id: DocId) {
        self.words[id as usize / 64] &= !(1 << (id % 64));
    }

    pub fn contains(&self, id: DocId) -> bool {
        self.words.get(id as usize / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    pub fn and(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn or(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn and_not(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    /// Number of positions the set ranges over (not its member count).
    pub fn universe(&self) -> usize {
        self.len
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Members in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            core::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros();
                    w &= w - 1;
                    (i * 64) as DocId + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_agree_with_sets() {
        let a = Bitset::from_ids(130, &[0, 5, 64, 129]);
        let b = Bitset::from_ids(130, &[5, 64, 100]);
        let mut and = a.clone();
        and.and(&b);
        assert_eq!(and.iter().collect::<Vec<_>>(), [5, 64]);
        let mut or = a.clone();
        or.or(&b);
        assert_eq!(or.count(), 5);
        let mut diff = a.clone();
        diff.and_not(&b);
        assert_eq!(diff.iter().collect::<Vec<_>>(), [0, 129]);
        assert_eq!(Bitset::full(130).count(), 130);
        assert!(!Bitset::full(3).contains(3));
        for (start, end) in [(0, 0), (3, 4), (0, 64), (5, 64), (63, 65), (10, 200), (64, 128), (1, 300)] {
            let mut s = Bitset::empty(256);
            s.insert_range(start, end);
            let want: Vec<u32> = (start as u32..end.min(256) as u32).collect();
            assert_eq!(s.iter().collect::<Vec<_>>(), want, "{start}..{end}");
        }
    }
}
