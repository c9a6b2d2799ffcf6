//! The sharded index: one corpus split by what each moment in the browser needs.
//!
//! ```text
//! index.bin              manifest (part M): dictionaries, the counts of the empty query,
//!                        the first display shard (so the first page needs no other file),
//!                        and the content hashes that name every other file
//! d<i>-<hash>.bin        display shards (D): the records shown on cards, in fixed-size
//!                        groups in the default order, so the first page is one shard
//! t<i>-<hash>.bin        tag shards (T): per tag, its posting list and the exact facet
//!                        counts within it, so a single-tag click needs one file
//! f<i>-<hash>.bin        filter shards (F): the compact per-article columns the engine
//!                        filters, counts and sorts with, for every other query
//! x<i>-<hash>.bin        text shards (X): the inverted index, bucketed by each term's
//!                        first character, fetched once the reader types
//! ```
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
    /// Articles per display shard; display shard `i` holds positions `i * size..`.
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
    /// Display shard 0 itself: the first page comes with the manifest, in one request.
    pub first_display: Vec<Record>,
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

/// Filter columns for consecutive positions, with each one's rank in title order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterShard {
    pub records: Vec<FilterRecord>,
    pub title_ranks: Vec<u32>,
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
}

impl Part {
    /// The magic's last byte of this part's file.
    pub fn kind(self) -> u8 {
        match self {
            Part::Display(_) => PART_DISPLAY,
            Part::Tags(_) => PART_TAGS,
            Part::Filters(_) => PART_FILTERS,
            Part::Text(_) => PART_TEXT,
        }
    }

    fn letter_and_index(self) -> (char, u32) {
        match self {
            Part::Display(i) => ('d', i),
            Part::Tags(i) => ('t', i),
            Part::Filters(i) => ('f', i),
            Part::Text(i) => ('x', i),
        }
    }
}

impl Manifest {
    /// The content hash of `part`'s file ([`content_hash`] of its bytes), if this
    /// manifest has the part.
    pub fn hash_of(&self, part: Part) -> Option<u64> {
        let (_, i) = part.letter_and_index();
        let list = match part {
            Part::Display(_) => &self.display,
            Part::Tags(_) => &self.tag_shards,
            Part::Filters(_) => &self.filters,
            Part::Text(_) => &self.text,
        };
        list.get(i as usize).copied()
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
        let (head, _) = name.split_once('-')?;
        let i: u32 = head.get(1..)?.parse().ok()?;
        let part = match head.as_bytes().first()? {
            b'd' => Part::Display(i),
            b't' => Part::Tags(i),
            b'f' => Part::Filters(i),
            b'x' => Part::Text(i),
            _ => return None,
        };
        let known = match part {
            Part::Display(i) => (i as usize) < self.display.len(),
            Part::Tags(i) => (i as usize) < self.tag_shards.len(),
            Part::Filters(i) => (i as usize) < self.filters.len(),
            Part::Text(i) => (i as usize) < self.text.len(),
        };
        (known && self.file_name(part) == name).then_some(part)
    }

    /// Every part, in a stable order.
    pub fn parts(&self) -> impl Iterator<Item = Part> + '_ {
        let n = |v: &Vec<u64>| 0..v.len() as u32;
        n(&self.display)
            .map(Part::Display)
            .chain(n(&self.tag_shards).map(Part::Tags))
            .chain(n(&self.filters).map(Part::Filters))
            .chain(n(&self.text).map(Part::Text))
    }

    /// Positions of shard `i` of shards of `size` articles (empty past the end).
    pub fn positions(&self, i: u32, size: u32) -> core::ops::Range<usize> {
        let start = i as usize * size as usize;
        start..(start + size as usize).min(self.articles as usize)
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
