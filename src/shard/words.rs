//! The older slots' words: a dictionary in sorted pieces, a reverse dictionary for
//! typos, and postings in the dictionary's order. How a query word finds its pieces,
//! and how pieces are written and read.
//!
//! A query word needs the dictionary piece (or pieces) of the words it begins: its
//! exact match and, as the last word, its prefix matches. A word long enough for a typo
//! also needs the words within one edit of it. Every such word begins with the word's
//! first half or ends with its second half (the edit falls in one half and leaves the
//! other whole: [`Word::halves`]): the first are a prefix range of the dictionary, the
//! second a prefix range of the reverse dictionary, whose keys are the words written
//! backwards. Each range is one piece, or a few: a typo needs no whole dictionary.

use super::{DictionaryPiece, ReversePiece, Words};
use crate::engine::text::Word;

/// `text` written backwards, by character: the reverse dictionary's key of a word.
pub fn backwards(text: &str) -> String {
    text.chars().rev().collect()
}

/// The pieces whose words may begin with `prefix`, of pieces whose first words are
/// `firsts` (sorted): the piece where `prefix` would go, and those after it that begin
/// with it.
pub fn pieces_for<'a>(firsts: impl Iterator<Item = &'a str> + Clone, prefix: &str) -> core::ops::Range<u32> {
    let at = firsts.clone().take_while(|f| *f <= prefix).count().saturating_sub(1);
    let more = firsts.skip(at + 1).take_while(|f| f.starts_with(prefix)).count();
    at as u32..(at + 1 + more) as u32
}

/// The prefixes a word is looked up by: in the dictionary (the word itself, and its
/// first half for a typo) and in the reverse dictionary (its second half, backwards).
pub fn lookups(word: &Word) -> (Vec<String>, Option<String>) {
    match word.halves() {
        Some((first, second)) => (vec![word.text.clone(), first], Some(backwards(&second))),
        None => (vec![word.text.clone()], None),
    }
}

impl Words {
    /// The dictionary pieces and reverse pieces that `word` needs.
    pub fn pieces(&self, word: &Word) -> (Vec<u32>, Vec<u32>) {
        let (forward, reverse) = lookups(word);
        let mut dictionary: Vec<u32> = Vec::new();
        if !self.dictionary.is_empty() {
            for prefix in &forward {
                dictionary.extend(pieces_for(self.dictionary.iter().map(|p| p.0.as_str()), prefix));
            }
        }
        let mut backward: Vec<u32> = Vec::new();
        if let Some(key) = reverse.filter(|_| !self.reverse.is_empty()) {
            backward.extend(pieces_for(self.reverse.iter().map(|p| p.0.as_str()), &key));
        }
        dictionary.dedup();
        (dictionary, backward)
    }

    /// The posting shard of the word with ordinal `ordinal`.
    pub fn postings_of(&self, ordinal: u32) -> u32 {
        (self.postings.partition_point(|p| p.0 <= ordinal) as u32).saturating_sub(1)
    }
}

/// The number of bytes `a` and `b` share at their start, at a character boundary, up
/// to 255.
fn shared(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count().min(255);
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

impl DictionaryPiece {
    /// `words` (sorted), front-coded.
    pub fn of<'a>(words: impl Iterator<Item = &'a str>) -> DictionaryPiece {
        let mut previous = "";
        let mut out = Vec::new();
        for w in words {
            let n = shared(previous, w);
            out.push((n as u8, w[n..].to_string()));
            previous = w;
        }
        DictionaryPiece { words: out }
    }

    /// The words, or `None` when the coding does not hold together (a shared length
    /// past the word before, or off a character boundary).
    pub fn words(&self) -> Option<Vec<String>> {
        let mut out: Vec<String> = Vec::with_capacity(self.words.len());
        for (n, rest) in &self.words {
            let before = out.last().map_or("", String::as_str);
            let head = before.get(..usize::from(*n))?;
            out.push([head, rest].concat());
        }
        Some(out)
    }
}

impl ReversePiece {
    /// `keys` (sorted, each with its word's ordinal), front-coded.
    pub fn of<'a>(keys: impl Iterator<Item = (&'a str, u32)>) -> ReversePiece {
        let mut previous = "";
        let mut out = Vec::new();
        for (k, ordinal) in keys {
            let n = shared(previous, k);
            out.push((n as u8, k[n..].to_string(), ordinal));
            previous = k;
        }
        ReversePiece { keys: out }
    }

    /// The keys with their ordinals, or `None` when the coding does not hold together.
    pub fn keys(&self) -> Option<Vec<(String, u32)>> {
        let mut out: Vec<(String, u32)> = Vec::with_capacity(self.keys.len());
        for (n, rest, ordinal) in &self.keys {
            let before = out.last().map_or("", |k| k.0.as_str());
            let head = before.get(..usize::from(*n))?;
            out.push(([head, rest].concat(), *ordinal));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_coding_round_trips_and_keeps_characters_whole() {
        let words = ["caf", "café", "cafés", "cafê", "x", "泡姆", "泡泡"];
        let piece = DictionaryPiece::of(words.iter().copied());
        assert_eq!(piece.words().unwrap(), words);
        // é and ê share their first byte: the shared part stops before the character.
        assert_eq!(piece.words[3].0, 3);
        let keys = ReversePiece::of([("abc", 4), ("abd", 9)].into_iter());
        assert_eq!(keys.keys().unwrap(), [("abc".to_string(), 4), ("abd".to_string(), 9)]);
        assert!(DictionaryPiece { words: vec![(2, "x".into())] }.words().is_none());
    }

    #[test]
    fn a_prefix_finds_the_piece_where_it_would_go_and_those_it_begins() {
        let firsts = ["a", "ca", "cat", "caz", "d"];
        let of = |p: &str| pieces_for(firsts.iter().copied(), p);
        assert_eq!(of("b"), 0..1);
        assert_eq!(of("ca"), 1..4);
        assert_eq!(of("cat"), 2..3);
        assert_eq!(of("0"), 0..1);
        assert_eq!(of("z"), 4..5);
    }
}
