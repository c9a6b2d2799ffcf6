//! Text search: folding, tokenizing, the term index and matching.
//!
//! Text is *folded* before it is compared: compatibility-decomposed (NFKD, so `ﬁ` is
//! `fi` and full-width letters are ASCII), diacritics dropped (`café` → `cafe`),
//! every hyphen and dash (U+2010–U+2015, U+2212, …) made `-`, and lower-cased.
//! Words are runs of letters and digits; runs of CJK characters become overlapping
//! bigrams, so `泡姆` finds `泡姆泡姆`.
//!
//! A query word matches a term exactly, by prefix when it is the last word (the user
//! is still typing it), or within one edit (Levenshtein) when it has 5 or more
//! characters. Every word must match (AND).

use super::keys;
use crate::index::{DocId, Index};
use crate::unicode;

/// Where a term occurs, best first: title outranks tags and author, which outrank the summary.
pub const FIELD_TITLE: u8 = 3;
pub const FIELD_TAGS: u8 = 2;
pub const FIELD_SUMMARY: u8 = 1;

/// Words of at least this many characters tolerate one typo.
pub const TYPO_MIN_CHARS: usize = 5;

/// Folds `text` for comparison (see the module docs).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let decomposed = unicode::lowercase(&unicode::nfkd(text));
    decomposed.chars().filter(|&c| !is_combining_mark(c)).map(|c| if is_dash(c) { '-' } else { c }).collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{2E3A}' | '\u{2E3B}')
}

/// Han, Kana, Hangul and their punctuation-free neighbours: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The terms of already folded text, in order: words, and CJK runs as bigrams
/// (a lone CJK character is its own term).
pub fn terms(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let flush_run = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect())),
        }
        run.clear();
    };
    for c in folded.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(core::mem::take(&mut word));
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.push(c);
        } else {
            flush_run(&mut run, &mut out);
            if !word.is_empty() {
                out.push(core::mem::take(&mut word));
            }
        }
    }
    flush_run(&mut run, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// True when `text` holds at least one searchable word.
pub fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// How a query word met a term; better matches score higher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    Typo = 1,
    Prefix = 2,
    Exact = 3,
}

/// Score of one word's best match in a document: field weight × match quality.
pub fn score(field: u8, quality: Quality) -> u32 {
    u32::from(field) * quality as u32
}

/// True when `a` and `b` are at most one insertion, deletion or substitution apart.
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        // Equal, or one substitution at the first difference.
        prefix == short.len() || short[prefix + 1..] == long[prefix + 1..]
    } else {
        // One insertion at the first difference.
        short[prefix..] == long[prefix + 1..]
    }
}

/// How `query` matches `term`, if at all. `last` enables prefix matching.
pub fn matches(query: &str, query_chars: &[char], term: &str, last: bool) -> Option<Quality> {
    if term == query {
        return Some(Quality::Exact);
    }
    if last && term.starts_with(query) {
        return Some(Quality::Prefix);
    }
    if query_chars.len() >= TYPO_MIN_CHARS {
        let term_chars: Vec<char> = term.chars().collect();
        if within_one_edit(query_chars, &term_chars) {
            return Some(Quality::Typo);
        }
    }
    None
}

/// The folded terms of a document with the best field each occurs in.
pub fn document_terms(index: &Index, doc: DocId) -> Vec<(String, u8)> {
    let r = &index.articles[doc as usize];
    // Field stored as 3 - field so that the best field of a term sorts first.
    let mut out: Vec<(String, u32)> = Vec::new();
    let mut add = |text: &str, field: u8| {
        for t in terms(&fold(text)) {
            out.push((t, u32::from(FIELD_TITLE - field)));
        }
    };
    add(&r.title, FIELD_TITLE);
    for &t in &r.tags {
        add(&index.tags[t as usize], FIELD_TAGS);
    }
    if let Some(a) = r.author {
        add(&index.authors[a as usize], FIELD_TAGS);
    }
    add(&r.summary, FIELD_SUMMARY);
    out.sort_unstable();
    out.dedup_by(|a, b| a.0 == b.0);
    out.into_iter().map(|(t, f)| (t, FIELD_TITLE - f as u8)).collect()
}

/// An inverted index over every article's text: sorted terms, each with the
/// documents (ascending) and the best field it occurs in there.
pub struct TextIndex {
    terms: Vec<String>,
    /// Term characters, for typo checks without re-decoding.
    term_chars: Vec<Vec<char>>,
    postings: Vec<Vec<(DocId, u8)>>,
}

impl TextIndex {
    pub fn build(index: &Index) -> TextIndex {
        // Intern terms as they come, appending documents in ascending order, then
        // order the dictionary once: no sort over every (term, document) pair.
        let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut lists: Vec<Vec<(DocId, u8)>> = Vec::new();
        for doc in 0..index.len() as DocId {
            for (term, field) in document_terms(index, doc) {
                let next = lists.len() as u32;
                let id = *ids.entry(term).or_insert(next);
                if id == next {
                    lists.push(Vec::new());
                }
                lists[id as usize].push((doc, field));
            }
        }
        let mut terms: Vec<(String, u32)> = ids.into_iter().collect();
        terms.sort_unstable();
        let postings = terms.iter().map(|(_, id)| core::mem::take(&mut lists[*id as usize])).collect();
        let terms: Vec<String> = terms.into_iter().map(|(t, _)| t).collect();
        let term_chars = terms.iter().map(|t| t.chars().collect()).collect();
        TextIndex { terms, term_chars, postings }
    }

    /// A text index from terms and their postings (ascending documents with the best
    /// field), in any order: the sharded reader joins its loaded shards with this.
    pub fn from_terms(mut entries: Vec<(String, Vec<(DocId, u8)>)>) -> TextIndex {
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (terms, postings): (Vec<String>, Vec<_>) = entries.into_iter().unzip();
        let term_chars = terms.iter().map(|t| t.chars().collect()).collect();
        TextIndex { terms, term_chars, postings }
    }

    /// Every term with its postings, in term order (the sharded builder splits these).
    pub fn into_terms(self) -> impl Iterator<Item = (String, Vec<(DocId, u8)>)> {
        self.terms.into_iter().zip(self.postings)
    }

    /// Documents matching every word of `text`, ascending, with their summed scores.
    /// `None` when `text` has no words (no text filter).
    pub fn search(&self, text: &str) -> Option<Vec<(DocId, u32)>> {
        let words = terms(&fold(text));
        if words.is_empty() {
            return None;
        }
        let mut result: Option<Vec<(DocId, u32)>> = None;
        for (i, word) in words.iter().enumerate() {
            let hits = self.word_hits(word, i + 1 == words.len());
            result = Some(match result {
                None => hits,
                Some(acc) => intersect(&acc, &hits),
            });
        }
        result
    }

    /// Documents matching one query word, ascending, each with its best score.
    fn word_hits(&self, word: &str, last: bool) -> Vec<(DocId, u32)> {
        let chars: Vec<char> = word.chars().collect();
        // Keys (doc, u32::MAX - score): ascending by doc, best score first.
        let mut hits: Vec<u64> = Vec::new();
        let mut lists = 0;
        let mut take = |k: usize, quality: Quality| {
            lists += 1;
            hits.extend(self.postings[k].iter().map(|&(d, f)| keys::pack(d, u32::MAX - score(f, quality))));
        };
        let start = self.terms.partition_point(|t| t.as_str() < word);
        // Exact and prefix matches sit together from `start`.
        let mut end = start;
        while end < self.terms.len() && self.terms[end].starts_with(word) {
            let exact = self.terms[end] == word;
            if exact || last {
                take(end, if exact { Quality::Exact } else { Quality::Prefix });
            }
            end += 1;
        }
        if chars.len() >= TYPO_MIN_CHARS {
            for k in (0..start).chain(end..self.terms.len()) {
                let tc = &self.term_chars[k];
                if tc.len().abs_diff(chars.len()) <= 1 && within_one_edit(&chars, tc) {
                    take(k, Quality::Typo);
                }
            }
        }
        // One list is already ascending and unique; several need merging.
        if lists > 1 {
            hits.sort_unstable();
            hits.dedup_by_key(|k| keys::high(*k));
        }
        hits.into_iter().map(|k| (keys::high(k), u32::MAX - keys::low(k))).collect()
    }
}

/// Documents in both lists, with scores added.
fn intersect(a: &[(DocId, u32)], b: &[(DocId, u32)]) -> Vec<(DocId, u32)> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_unifies_case_dashes_accents_and_compatibility_forms() {
        assert_eq!(fold("High\u{2011}Concurrency"), "high-concurrency");
        assert_eq!(fold("Café ﬁnal"), "cafe final");
        assert_eq!(fold("a\u{2212}b\u{2014}c"), "a-b-c");
        assert_eq!(fold("ＡＢＣ"), "abc");
    }

    #[test]
    fn terms_split_words_and_cjk_bigrams() {
        assert_eq!(terms("how ‘泡姆泡姆’ leverages"), ["how", "泡姆", "姆泡", "泡姆", "leverages"]);
        assert_eq!(terms("go 泡 x"), ["go", "泡", "x"]);
        assert_eq!(terms("high-concurrency"), ["high", "concurrency"]);
    }

    #[test]
    fn one_edit_is_one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("idempotncy"), &c("idempotency")));
        assert!(within_one_edit(&c("kafka"), &c("kafkb")));
        assert!(within_one_edit(&c("kafka"), &c("kafka")));
        assert!(!within_one_edit(&c("kafka"), &c("kfakb")));
        assert!(!within_one_edit(&c("ab"), &c("abcd")));
        assert!(within_one_edit(&c(""), &c("a")));
    }
}
