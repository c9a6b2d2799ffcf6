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
//! characters. Every word must match (AND). A repeated word counts once, and at most
//! [`MAX_QUERY_WORDS`] words count: the first ones and the last.

use super::keys;
use crate::index::{DocId, Index, Record};
use crate::unicode;

/// Where a term occurs, best first: title outranks tags and author, which outrank the summary.
pub const FIELD_TITLE: u8 = 3;
pub const FIELD_TAGS: u8 = 2;
pub const FIELD_SUMMARY: u8 = 1;

/// Words of at least this many characters tolerate one typo.
pub const TYPO_MIN_CHARS: usize = 5;

/// The most words a query is searched for: the first ones and the last. A pasted page
/// must not hold the page for seconds (each word costs a pass over the terms).
pub const MAX_QUERY_WORDS: usize = 32;

/// Folds `text` for comparison (see the module docs).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // Sigma's lower case depends on its neighbours: such text is folded whole.
    if text.contains('Σ') {
        return fold_all(text);
    }
    // ASCII and CJK ideographs fold to themselves (lower-cased): only the runs between
    // them go through normalisation, which is what costs (the seed's summaries mix
    // English and Chinese). Splitting before or after such a character changes
    // nothing: each is a starter that neither decomposes nor reorders.
    let mut out = String::with_capacity(text.len());
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii() || matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}') {
            if let Some(start) = run.take() {
                out.push_str(&fold_all(&text[start..i]));
            }
            out.push(c.to_ascii_lowercase());
        } else if run.is_none() {
            run = Some(i);
        }
    }
    if let Some(start) = run {
        out.push_str(&fold_all(&text[start..]));
    }
    out
}

/// [`fold`] by the definition: NFKD, lower case, marks dropped, dashes unified.
fn fold_all(text: &str) -> String {
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
    terms_in(folded, &mut |t| out.push(t.to_string()));
    out
}

/// [`terms`] as slices of `folded`, handed to `each` in order (a bigram is two
/// adjacent characters: a slice too), so that indexing allocates per distinct term only.
pub fn terms_in<'a>(folded: &'a str, each: &mut dyn FnMut(&'a str)) {
    let mut word: Option<usize> = None;
    // The current CJK run: its length in characters, and where its last character is.
    let (mut run, mut last, mut last_end) = (0usize, 0usize, 0usize);
    let flush_run = |run: &mut usize, last: usize, last_end: usize, each: &mut dyn FnMut(&'a str)| {
        if *run == 1 {
            each(&folded[last..last_end]);
        }
        *run = 0;
    };
    for (i, c) in folded.char_indices() {
        let end = i + c.len_utf8();
        if is_cjk(c) {
            if let Some(start) = word.take() {
                each(&folded[start..i]);
            }
            if run > 0 {
                // A bigram: the previous character and this one.
                each(&folded[last..end]);
            }
            run += 1;
            (last, last_end) = (i, end);
            continue;
        }
        flush_run(&mut run, last, last_end, each);
        if c.is_alphanumeric() {
            word.get_or_insert(i);
        } else if let Some(start) = word.take() {
            each(&folded[start..i]);
        }
    }
    flush_run(&mut run, last, last_end, each);
    if let Some(start) = word {
        each(&folded[start..]);
    }
}

/// True when `text` holds at least one searchable word once folded (a mark that
/// stands alone, such as U+1DD3, is alphabetic but folds to nothing).
pub fn has_words(text: &str) -> bool {
    if !text.chars().any(char::is_alphanumeric) {
        return false;
    }
    let mut any = false;
    terms_in(&fold(text), &mut |_| any = true);
    any
}

/// How a query word met a term; better matches score higher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    Typo = 1,
    Prefix = 2,
    Exact = 3,
}

impl Quality {
    /// The quality whose number is `n` (as `Quality as u32` gives it).
    fn of(n: u32) -> Quality {
        match n {
            3 => Quality::Exact,
            2 => Quality::Prefix,
            _ => Quality::Typo,
        }
    }
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

/// The folded terms of a document with the best field each occurs in: the definition
/// that [`TextIndex::build`] computes faster for every document at once (the engine's
/// reference test holds it to this).
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

/// One posting: a document and the best field a term occurs in there, as one number
/// (`document * 4 + field`: four bytes each, where a pair would take eight).
/// Documents are below 2^30.
pub type Posting = u32;

/// The posting of `doc` and `field`.
pub fn posting(doc: DocId, field: u8) -> Posting {
    (doc << 2) | u32::from(field & 3)
}

/// The document of a posting.
pub fn doc_of(p: Posting) -> DocId {
    p >> 2
}

/// The field of a posting.
pub fn field_of(p: Posting) -> u8 {
    (p & 3) as u8
}

/// An inverted index over every article's text: sorted terms, each with the
/// documents (ascending) and the best field it occurs in there.
pub struct TextIndex {
    terms: Vec<String>,
    /// Term characters, for typo checks without re-decoding.
    term_chars: Vec<Vec<char>>,
    postings: Vec<Vec<Posting>>,
}

/// The folded title and summary of each record.
fn fold_titles_and_summaries(records: &[&Record]) -> Vec<[String; 2]> {
    let both = |r: &&Record| [fold(&r.title), fold(&r.summary)];
    #[cfg(not(browser))]
    return crate::parallel::map(records, both);
    #[cfg(browser)]
    return records.iter().map(both).collect();
}

/// A term's postings as the index is built: chunks of ascending documents appended in
/// document order. A plain list for the engine; the sharded build keeps them packed.
pub trait PostingList: Default {
    fn append(&mut self, chunk: Vec<Posting>);
}

impl PostingList for Vec<Posting> {
    fn append(&mut self, chunk: Vec<Posting>) {
        if self.is_empty() {
            *self = chunk;
        } else {
            self.extend_from_slice(&chunk);
        }
    }
}

/// Every term of `records` (document `i` is `records[i]`) with its postings, in term
/// order; tag and author ids are positions in `tags` and `authors`.
pub fn index_terms<L: PostingList>(records: &[&Record], tags: &[String], authors: &[String]) -> Vec<(String, L)> {
    // The terms of every tag and author name, folded once.
    let name_terms = |names: &[String]| -> Vec<Vec<String>> { names.iter().map(|n| terms(&fold(n))).collect() };
    let (tag_terms, author_terms) = (name_terms(tags), name_terms(authors));
    // Documents some thousands at a time, each chunk indexed on its own (on every core
    // where the build runs natively), then merged in document order: each chunk's terms
    // interned, their postings appended (so they stay ascending). Chunks are made eight
    // at a time, so that few are held before they are merged.
    const AT_ONCE: usize = 4096;
    let starts: Vec<usize> = (0..records.len()).step_by(AT_ONCE).collect();
    let index_chunk = |&start: &usize| {
        let chunk = &records[start..(start + AT_ONCE).min(records.len())];
        chunk_terms(chunk, start as DocId, &tag_terms, &author_terms)
    };
    let mut ids: crate::hash::FastMap<Box<str>, u32> = Default::default();
    let mut lists: Vec<L> = Vec::new();
    for group in starts.chunks(8) {
        #[cfg(not(browser))]
        let chunks = crate::parallel::map(group, index_chunk);
        #[cfg(browser)]
        let chunks: Vec<_> = group.iter().map(index_chunk).collect();
        for (term, postings) in chunks.into_iter().flatten() {
            let id = *ids.entry(term).or_insert_with(|| {
                lists.push(L::default());
                lists.len() as u32 - 1
            });
            lists[id as usize].append(postings);
        }
    }
    let mut terms: Vec<(Box<str>, u32)> = ids.into_iter().collect();
    terms.sort_unstable();
    terms.into_iter().map(|(term, id)| (term.into(), core::mem::take(&mut lists[id as usize]))).collect()
}

impl TextIndex {
    /// The text index of a one-file index's articles (documents are their positions).
    pub fn build(index: &Index) -> TextIndex {
        let records: Vec<&Record> = index.articles.iter().collect();
        TextIndex::of(&records, &index.tags, &index.authors)
    }

    /// The text index of `records` (document `i` is `records[i]`), whose tag and author
    /// ids are positions in `tags` and `authors`.
    pub fn of(records: &[&Record], tags: &[String], authors: &[String]) -> TextIndex {
        let (terms, postings): (Vec<String>, Vec<Vec<Posting>>) =
            index_terms(records, tags, authors).into_iter().unzip();
        let term_chars = terms.iter().map(|t| t.chars().collect()).collect();
        TextIndex { terms, term_chars, postings }
    }

    /// A text index from terms and their postings (ascending documents with the best
    /// field), in any order: the sharded reader joins its loaded shards with this.
    pub fn from_terms(mut entries: Vec<(String, Vec<Posting>)>) -> TextIndex {
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (terms, postings): (Vec<String>, Vec<_>) = entries.into_iter().unzip();
        let term_chars = terms.iter().map(|t| t.chars().collect()).collect();
        TextIndex { terms, term_chars, postings }
    }

    /// Documents matching every word of `text`, ascending, with their summed scores.
    /// `None` when `text` has no words (no text filter).
    pub fn search(&self, text: &str) -> Option<Vec<(DocId, u32)>> {
        let words = Word::all(text);
        if words.is_empty() {
            return None;
        }
        let per_word = words.iter().map(|w| {
            let matched = w.matches(self.candidates(w).map(|k| (k as u32, self.terms[k].as_str())));
            word_hits(matched.iter().map(|&(k, quality)| (self.postings[k as usize].as_slice(), quality)))
        });
        Some(intersect_all(per_word))
    }

    /// The terms that may match `word`: those it begins (exact and prefix matches sit
    /// together in term order), and for a word long enough for a typo every term of a
    /// length within one of it.
    fn candidates<'a>(&'a self, word: &'a Word) -> impl Iterator<Item = usize> + 'a {
        let start = self.terms.partition_point(|t| t.as_str() < word.text.as_str());
        let end = start + self.terms[start..].iter().take_while(|t| t.starts_with(word.text.as_str())).count();
        let typos = word.typos().then_some(0..self.terms.len()).into_iter().flatten();
        let near =
            move |k: &usize| (*k < start || *k >= end) && self.term_chars[*k].len().abs_diff(word.chars.len()) <= 1;
        (start..end).chain(typos.filter(near))
    }
}

/// The terms a query searches for, in order: each word before the last once (a repeat
/// asks nothing new), at most [`MAX_QUERY_WORDS`] - 1 of them, then the last word, which
/// matches as a prefix.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut words = terms(&fold(text));
    let Some(last) = words.pop() else { return words };
    let mut kept: Vec<String> = Vec::with_capacity(MAX_QUERY_WORDS);
    for word in words {
        if kept.len() == MAX_QUERY_WORDS - 1 {
            break;
        }
        if !kept.contains(&word) {
            kept.push(word);
        }
    }
    kept.push(last);
    kept
}

/// One word of a query, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub chars: Vec<char>,
    /// The query's last word, which matches as a prefix (the reader is still typing it).
    pub last: bool,
}

impl Word {
    /// The words of a query, in order (see [`query_terms`]).
    pub fn all(text: &str) -> Vec<Word> {
        let words = query_terms(text);
        let count = words.len();
        words
            .into_iter()
            .enumerate()
            .map(|(i, text)| Word { chars: text.chars().collect(), text, last: i + 1 == count })
            .collect()
    }

    /// Whether the word is long enough to match within one edit.
    pub fn typos(&self) -> bool {
        self.chars.len() >= TYPO_MIN_CHARS
    }

    /// For a word long enough for a typo: a prefix and a suffix of it such that every
    /// term within one edit of it begins with the one or ends with the other (an edit
    /// falls in one half or the other, and leaves the other half whole).
    pub fn halves(&self) -> Option<(String, String)> {
        let split = self.chars.len() / 2;
        self.typos().then(|| (self.chars[..split].iter().collect(), self.chars[split..].iter().collect()))
    }

    /// How each candidate `(id, term)` matches this word, for those that do, ascending by
    /// id and each once. Every term source (a one-file index, a sharded one's
    /// dictionaries, its recent words) goes through this one rule.
    pub fn matches<'a>(&self, candidates: impl Iterator<Item = (u32, &'a str)>) -> Vec<(u32, Quality)> {
        let mut keyed: Vec<u64> = candidates
            .filter_map(|(id, term)| {
                matches(&self.text, &self.chars, term, self.last).map(|q| keys::pack(id, q as u32))
            })
            .collect();
        keyed.sort_unstable();
        keyed.dedup_by_key(|k| keys::high(*k));
        keyed.into_iter().map(|k| (keys::high(k), Quality::of(keys::low(k)))).collect()
    }
}

/// The documents of one word: the postings of every term it matched, each document
/// once with its best score, ascending.
pub fn word_hits<'a>(lists: impl Iterator<Item = (&'a [Posting], Quality)>) -> Vec<(DocId, u32)> {
    // Keys (doc, u32::MAX - score): ascending by doc, best score first.
    let mut hits: Vec<u64> = Vec::new();
    let mut count = 0;
    for (postings, quality) in lists {
        count += 1;
        hits.extend(postings.iter().map(|&p| keys::pack(doc_of(p), u32::MAX - score(field_of(p), quality))));
    }
    // One list is already ascending and unique; several need merging.
    if count > 1 {
        hits.sort_unstable();
        hits.dedup_by_key(|k| keys::high(*k));
    }
    hits.into_iter().map(|k| (keys::high(k), u32::MAX - keys::low(k))).collect()
}

/// The documents in every word's hits, with their scores added.
pub fn intersect_all(per_word: impl Iterator<Item = Vec<(DocId, u32)>>) -> Vec<(DocId, u32)> {
    let mut result: Option<Vec<(DocId, u32)>> = None;
    for hits in per_word {
        result = Some(match result {
            None => hits,
            Some(acc) => intersect(&acc, &hits),
        });
    }
    result.unwrap_or_default()
}

/// The terms of `records` (documents `first..`) with their postings, in the order they
/// first occur: each document's best field per term, from its title, summary, tags
/// (`tag_terms` of each tag id) and author (`author_terms`).
fn chunk_terms(
    records: &[&Record],
    first: DocId,
    tag_terms: &[Vec<String>],
    author_terms: &[Vec<String>],
) -> Vec<(Box<str>, Vec<Posting>)> {
    let folded = fold_titles_and_summaries(records);
    let mut ids: crate::hash::FastMap<&str, u32> = Default::default();
    let mut names: Vec<&str> = Vec::new();
    let mut lists: Vec<Vec<Posting>> = Vec::new();
    // (term id, 3 - field) per document: sorted, the best field of each term comes first.
    let mut doc_terms: Vec<u64> = Vec::new();
    for (k, r) in records.iter().enumerate() {
        doc_terms.clear();
        let mut push = |term, field: u8| {
            let id = *ids.entry(term).or_insert_with(|| {
                names.push(term);
                lists.push(Vec::new());
                lists.len() as u32 - 1
            });
            doc_terms.push(keys::pack(id, u32::from(FIELD_TITLE - field)));
        };
        let [title, summary] = &folded[k];
        terms_in(title, &mut |t| push(t, FIELD_TITLE));
        terms_in(summary, &mut |t| push(t, FIELD_SUMMARY));
        for &t in &r.tags {
            tag_terms[t as usize].iter().for_each(|term| push(term, FIELD_TAGS));
        }
        if let Some(a) = r.author {
            author_terms[a as usize].iter().for_each(|term| push(term, FIELD_TAGS));
        }
        doc_terms.sort_unstable();
        doc_terms.dedup_by_key(|k| keys::high(*k));
        for &key in &doc_terms {
            lists[keys::high(key) as usize].push(posting(first + k as DocId, FIELD_TITLE - keys::low(key) as u8));
        }
    }
    names.into_iter().map(Box::from).zip(lists).collect()
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
    fn folding_by_runs_equals_folding_whole() {
        for text in [
            "How 泡姆泡姆 Leverages CAFÉ and e\u{301}tude",
            "ΟΔΟΣ ΑΣa",
            "Ａ中Ｂ\u{2011}c İstanbul ﬁ 가나 が",
            "x\u{301}\u{323}y 中\u{301}",
        ] {
            assert_eq!(fold(text), fold_all(text), "{text}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod folding {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn by_runs_equals_whole(text in "[a-zA-Z \\-中文\u{301}\u{323}éÉßİΣσ가がﬁＡ\u{2011}\u{3400}]{0,24}") {
                prop_assert_eq!(fold(&text), fold_all(&text));
            }
        }
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
