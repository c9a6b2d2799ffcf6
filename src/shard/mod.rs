//! The sharded index: one corpus split by what each moment in the browser needs.
//!
//! ```text
//! index.bin              manifest (part M): dictionaries, the counts of the empty query,
//!                        the newest display shards (so the first page needs no other
//!                        file), and the content hashes that name every other file
//! d<i>-<hash>.bin        display shards (D): the records shown on cards, in fixed-size
//!                        groups, so the first page is one shard
//! f<i>-<hash>.bin        filter shards (F): the compact per-article columns the engine
//!                        filters, counts and sorts with, for every other query
//! o0-<hash>.bin          title order (O): each older article's rank by title, for that sort
//! t<i>-<hash>.bin        tag shards (T): per tag, its posting list and the exact facet
//!                        counts within it, so a single-tag click needs one file (and
//!                        the recent one); older articles only
//! x<i>-<hash>.bin        text shards (X): the inverted index, bucketed by each term's
//!                        first character, fetched once the reader types; older only
//! r0-<hash>.bin          recent tags (R) and recent words (W): the tag and text shards
//! w0-<hash>.bin          of the newest articles, past the manifest's `tail`
//! ```
//!
//! **Append-stable.** Shards hold articles by *storage position*, oldest first (the
//! newest article has the last one), so an article added with the newest date takes a
//! new position at the end and no other article moves. Display and filter shards are
//! fixed-size groups of positions: only the last of each changes. Tag and text data of
//! the positions from `tail` on live in the two recent parts, and `tail` is the article
//! count rounded down to [`build::Layout::tail_block`]: adding an article changes the
//! recent parts and the last display and filter shards (which holds every recent
//! article, with their places in the title order), and the older tag and text shards
//! and the title order only once every `tail_block` additions. Editing an article
//! changes the shards that hold it. The queries and answers work in the engine's
//! positions (newest first); the reader turns one into the other.
//!
//! Every file has the one-file index's header (magic, version, lengths, CRC-32), with
//! the part as the magic's last byte, and a stored postcard payload: the host's gzip
//! compresses it and the browser decodes it at once. Names carry a content hash, so any
//! static host or CDN may cache them forever; only `index.bin` must be revalidated.
//!
//! [`build`] writes the files; [`reader::Sharded`] answers queries from the manifest
//! and whichever parts are loaded, asking for the parts it lacks.

#[cfg(not(browser))]
pub mod build;
pub mod reader;

use crate::index::{DocId, Postings, Record};
use crate::model::Date;
use serde::{Deserialize, Serialize};

pub const PART_MANIFEST: u8 = b'M';
pub const PART_DISPLAY: u8 = b'D';
pub const PART_TAGS: u8 = b'T';
pub const PART_FILTERS: u8 = b'F';
pub const PART_TEXT: u8 = b'X';
pub const PART_TITLES: u8 = b'O';
pub const PART_RECENT_TAGS: u8 = b'R';
pub const PART_RECENT_TEXT: u8 = b'W';

/// The entry file of a sharded index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub articles: u32,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    /// Articles per tag, category and author: the facet counts of the empty query.
    pub tag_totals: Vec<u32>,
    pub category_totals: Vec<u32>,
    pub author_totals: Vec<u32>,
    /// Articles per display shard; display shard `i` holds storage positions `i * size..`.
    pub display_size: u32,
    pub display: Vec<u64>,
    /// Articles per filter shard.
    pub filter_size: u32,
    pub filters: Vec<u64>,
    /// Tag shard `i` holds tags `tag_starts[i]..tag_starts[i + 1]` (the last, to the end).
    pub tag_starts: Vec<u32>,
    pub tag_shards: Vec<u64>,
    /// Text shard of a term: [`text_bucket`] of its first character.
    pub text: Vec<u64>,
    /// The first storage position of the recent parts: tag and text shards hold the
    /// positions before it, [`Part::RecentTags`] and [`Part::RecentText`] the rest.
    pub tail: u32,
    pub recent_tags: u64,
    pub recent_text: u64,
    pub titles: u64,
    /// The last display shard itself, after the one before it when the last holds
    /// fewer than half a shard: the first page comes with the manifest, in one request.
    pub newest_display: Vec<Record>,
}

/// Records shown on cards, for consecutive positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayShard {
    pub records: Vec<Record>,
}

/// What the engine needs of one article: everything but its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterRecord {
    pub author: Option<u32>,
    pub date: Option<Date>,
    pub category: Option<u32>,
    pub tags: Vec<u32>,
    pub likes: Option<u32>,
    pub read_minutes: Option<u32>,
}

/// Filter columns for consecutive storage positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterShard {
    pub records: Vec<FilterRecord>,
    /// In the last shard (which holds every recent article), the recent articles in
    /// title order, each with its place in [`TitleOrder`]: the number of older
    /// articles before it. Empty in the others.
    pub recent_titles: Vec<(u32, u32)>,
}

/// The rank of each older article (storage positions before the tail) in title order
/// among the older ones; the recent ones are placed by [`FilterShard::recent_titles`],
/// so that additions leave this file as it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleOrder {
    pub ranks: Vec<u32>,
}

/// One tag's articles and the facet counts within them (non-zero counts only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagEntry {
    pub postings: Postings,
    /// `(tag, articles having both)`, ascending by tag; the tag itself included.
    pub co_tags: Vec<(u32, u32)>,
    pub categories: Vec<(u32, u32)>,
    pub authors: Vec<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagShard {
    pub entries: Vec<TagEntry>,
}

/// The tag entries of the recent articles, by tag id (ascending; tags with none left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentTags {
    pub entries: Vec<(u32, TagEntry)>,
}

/// A term with its postings: `(document, best field)` pairs.
pub type TermPostings = (String, Vec<(DocId, u8)>);

/// Terms with their postings, documents stored as gaps to the previous one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextShard {
    pub terms: Vec<TermPostings>,
}

/// A file of a sharded index other than the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Display(u32),
    Tags(u32),
    Filters(u32),
    Text(u32),
    Titles,
    RecentTags,
    RecentText,
}

impl Part {
    /// The magic's last byte of this part's file.
    pub fn kind(self) -> u8 {
        match self {
            Part::Display(_) => PART_DISPLAY,
            Part::Tags(_) => PART_TAGS,
            Part::Filters(_) => PART_FILTERS,
            Part::Text(_) => PART_TEXT,
            Part::Titles => PART_TITLES,
            Part::RecentTags => PART_RECENT_TAGS,
            Part::RecentText => PART_RECENT_TEXT,
        }
    }

    /// The part a file name of [`Manifest::file_name`]'s shape is for, whichever
    /// manifest named it: its letter, number and a 16-digit hash.
    pub fn of_file_name(name: &str) -> Option<Part> {
        let (head, hash) = name.strip_suffix(".bin")?.split_once('-')?;
        let digits = head.get(1..).filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?;
        let i: u32 = digits.parse().ok()?;
        if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(match head.as_bytes()[0] {
            b'd' => Part::Display(i),
            b't' => Part::Tags(i),
            b'f' => Part::Filters(i),
            b'x' => Part::Text(i),
            b'o' => Part::Titles,
            b'r' => Part::RecentTags,
            b'w' => Part::RecentText,
            _ => return None,
        })
    }

    fn letter_and_index(self) -> (char, u32) {
        match self {
            Part::Display(i) => ('d', i),
            Part::Tags(i) => ('t', i),
            Part::Filters(i) => ('f', i),
            Part::Text(i) => ('x', i),
            Part::Titles => ('o', 0),
            Part::RecentTags => ('r', 0),
            Part::RecentText => ('w', 0),
        }
    }
}

impl Manifest {
    /// The content hash of `part`'s file ([`content_hash`] of its bytes), if this
    /// manifest has the part.
    pub fn hash_of(&self, part: Part) -> Option<u64> {
        let list = match part {
            Part::Display(i) => (&self.display, i),
            Part::Tags(i) => (&self.tag_shards, i),
            Part::Filters(i) => (&self.filters, i),
            Part::Text(i) => (&self.text, i),
            Part::Titles => return Some(self.titles),
            Part::RecentTags => return Some(self.recent_tags),
            Part::RecentText => return Some(self.recent_text),
        };
        list.0.get(list.1 as usize).copied()
    }

    /// The file name of `part`: its letter, index and content hash (`d12-0123456789abcdef.bin`).
    pub fn file_name(&self, part: Part) -> String {
        let (letter, i) = part.letter_and_index();
        let hash = crate::ascii::hex16(self.hash_of(part).unwrap_or_default());
        let mut name = String::with_capacity(28);
        name.push(letter);
        name.push_str(&crate::ascii::digits(i));
        name.push('-');
        name.push_str(&hash);
        name.push_str(".bin");
        name
    }

    /// The part named `name` by [`Manifest::file_name`], if this manifest has it.
    pub fn part_named(&self, name: &str) -> Option<Part> {
        let part = Part::of_file_name(name)?;
        (self.hash_of(part).is_some() && self.file_name(part) == name).then_some(part)
    }

    /// Every part, in a stable order.
    pub fn parts(&self) -> impl Iterator<Item = Part> + '_ {
        let n = |v: &Vec<u64>| 0..v.len() as u32;
        n(&self.display)
            .map(Part::Display)
            .chain(n(&self.tag_shards).map(Part::Tags))
            .chain(n(&self.filters).map(Part::Filters))
            .chain(n(&self.text).map(Part::Text))
            .chain([Part::Titles, Part::RecentTags, Part::RecentText])
    }

    /// Storage positions of shard `i` of shards of `size` articles (empty past the end).
    pub fn positions(&self, i: u32, size: u32) -> core::ops::Range<usize> {
        let start = i as usize * size as usize;
        start..(start + size as usize).min(self.articles as usize)
    }

    /// The storage position of the article at engine position `doc` (newest first),
    /// and back: the one mapping is its own inverse.
    pub fn stored(&self, doc: DocId) -> u32 {
        self.articles - 1 - doc
    }

    /// The display shard holding engine position `doc`, and its place within it.
    pub fn display_of(&self, doc: DocId) -> (u32, usize) {
        let s = self.stored(doc);
        (s / self.display_size, (s % self.display_size) as usize)
    }

    /// Whether there are articles past [`Manifest::tail`] (else the recent parts are empty).
    pub fn has_recent(&self) -> bool {
        self.tail < self.articles
    }

    /// True when the author, category and tag ids are all within the dictionaries.
    pub fn covers(&self, author: Option<u32>, category: Option<u32>, tags: &[u32]) -> bool {
        author.is_none_or(|a| (a as usize) < self.authors.len())
            && category.is_none_or(|c| (c as usize) < self.categories.len())
            && tags.iter().all(|&t| (t as usize) < self.tags.len())
    }

    /// The tag shard holding tag `tag`.
    pub fn tag_shard_of(&self, tag: u32) -> u32 {
        (self.tag_starts.partition_point(|&s| s <= tag) as u32).saturating_sub(1)
    }
}

/// `parts` without repeats, in first-seen order (a handful: a linear scan is enough,
/// and keeps sorting and set code out of the wasm).
pub fn unique(parts: impl IntoIterator<Item = Part>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    for part in parts {
        if !out.contains(&part) {
            out.push(part);
        }
    }
    out
}

/// The text shard of a term starting with `first`, among `buckets`.
pub fn text_bucket(first: char, buckets: usize) -> u32 {
    // FNV-1a of the character: spreads scripts and letters alike.
    let mut h: u32 = 0x811c_9dc5;
    for b in (first as u32).to_le_bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h % buckets.max(1) as u32
}

/// The content hash in file names: FNV-1a, 64-bit (a cache key, not a checksum: every
/// file also carries its CRC-32).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
