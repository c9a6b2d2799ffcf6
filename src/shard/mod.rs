//! The sharded index: one corpus split by what each moment in the browser needs, laid
//! out so that a rebuild changes few files.
//!
//! ```text
//! index.bin           manifest (M): dictionaries, the counts of the empty query, the
//!                     newest cards (the first page needs no other file), what the
//!                     slots hold, and the content hashes that name every other file
//! d<i>-<hash>.bin     display shards (D): the records shown on cards, by slot
//! f<i>-<hash>.bin     filter shards (F): the columns the engine filters, counts and
//!                     sorts with, by slot, for every query the tag shards cannot answer
//! t<i>-<hash>.bin     tag shards (T): per tag, its older slots and the facet counts
//!                     within them, so that a single-tag click needs one file
//! o0-<hash>.bin       title order (O): each older slot's rank by title
//! v<i>-<hash>.bin     dictionary (V): the older slots' words in order, front-coded, in
//!                     pieces (exact words and prefixes look up one)
//! u<i>-<hash>.bin     reverse dictionary (U): the same words written backwards (a typo
//!                     in a word's first half is found by its second half)
//! x<i>-<hash>.bin     postings (X): each word's slots, in the dictionary's order
//! r0-<hash>.bin       recent (R): the tags, words and title places of the recent slots
//! ```
//!
//! **Slots.** Articles live in *slots*, oldest first. The slots before `tail` are the
//! *older* ones: the tag shards, the title order and the dictionaries with their
//! postings cover them, and only a fresh build (or the compaction of an incremental
//! one) changes them. The slots from `tail` on are *recent*: the recent part covers
//! them, and it is small. Display and filter shards are fixed-size groups of slots.
//!
//! **Rebuilds.** A rebuild in the folder of an earlier one matches the articles with
//! that build's slots ([`plan`]): an article that did not change keeps its slot; one
//! that is gone leaves its slot *dead* (listed in the manifest with the tags, category
//! and author it had, which the older parts still count); a new or edited one takes a
//! new slot at the end. So adding, editing and deleting rewrite the last display and
//! filter shards and the recent part, and never the older parts. Recent slots whose
//! dates do not come last are *placed*: the manifest says where they go among the
//! older ones. Dead and placed slots grow until a limit, when the build starts afresh.
//!
//! **Positions.** The engine numbers the live articles newest first; the manifest
//! alone tells which slot holds which position ([`Manifest::positions`]).
//!
//! **Ids.** Tags, authors and categories have ids in the order they first appear in
//! the slots, so that a new tag on a new article takes the next id and no other id
//! moves. The reader maps them onto the engine's sorted dictionaries.
//!
//! Every file has the one-file index's header (magic, version, lengths, CRC-32), with
//! the part as the magic's last byte, and a stored postcard payload: the host's gzip
//! compresses it and the browser decodes it at once. Names carry a content hash, so any
//! static host or CDN may cache them forever; only `index.bin` must be revalidated.

#[cfg(not(browser))]
pub mod build;
#[cfg(not(browser))]
pub mod plan;
pub mod reader;
pub mod words;

use crate::index::{Postings, Record};
use crate::model::Date;
use serde::{Deserialize, Serialize};

pub const PART_MANIFEST: u8 = b'M';
pub const PART_DISPLAY: u8 = b'D';
pub const PART_FILTERS: u8 = b'F';
pub const PART_TAGS: u8 = b'T';
pub const PART_TITLES: u8 = b'O';
pub const PART_DICTIONARY: u8 = b'V';
pub const PART_REVERSE: u8 = b'U';
pub const PART_POSTINGS: u8 = b'X';
pub const PART_RECENT: u8 = b'R';

/// The entry file of a sharded index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Live articles.
    pub articles: u32,
    /// Slots `0..slots`, oldest first; `articles` of them live.
    pub slots: u32,
    /// Slots `0..tail` are the older ones, `tail..slots` the recent ones.
    pub tail: u32,
    /// Names by id, in the order they first appeared (see the module docs). A name
    /// whose articles are all gone stays, with a total of 0.
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    /// Live articles per tag, category and author: the facet counts of the empty query.
    pub tag_totals: Vec<u32>,
    pub category_totals: Vec<u32>,
    pub author_totals: Vec<u32>,
    /// Dead slots, ascending, with what their articles had.
    pub dead: Vec<Dead>,
    /// Live recent slots that do not come after every older one, or not in slot order:
    /// `(slot, place)` with `place` the number of live older slots before it, listed
    /// oldest first. The other recent slots follow every older one, in slot order.
    pub placed: Vec<(u32, u32)>,
    /// Slots per display shard; display shard `i` holds slots `i * display_size..`.
    pub display_size: u32,
    pub display: Vec<u64>,
    /// Slots per filter shard.
    pub filter_size: u32,
    pub filters: Vec<u64>,
    /// Tag shard `i` holds the older entries of tags `tag_starts[i]..tag_starts[i + 1]`
    /// (the last, to `older_tags`); tags from `older_tags` on have no older slots.
    pub tag_starts: Vec<u32>,
    pub older_tags: u32,
    pub tag_shards: Vec<u64>,
    /// The older slots' words.
    pub words: Words,
    pub titles: u64,
    pub recent: u64,
    /// The records of the newest live articles, newest first (positions `0..`), so
    /// that the first page comes with the manifest.
    pub newest: Vec<Record>,
}

/// A dead slot: what its article had, which the older parts still count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dead {
    pub slot: u32,
    pub tags: Vec<u32>,
    pub category: Option<u32>,
    pub author: Option<u32>,
}

/// Where the older slots' words are: the dictionary in pieces (each with its first word
/// and the ordinal of that word), the reverse dictionary in pieces (each with its first
/// key: a word written backwards), and the posting shards (each with the ordinal of its
/// first word). Every piece and shard comes with its content hash.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub count: u32,
    pub dictionary: Vec<(String, u32, u64)>,
    pub reverse: Vec<(String, u64)>,
    pub postings: Vec<(u32, u64)>,
}

/// Records shown on cards, for consecutive slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayShard {
    pub records: Vec<Record>,
}

/// What the engine needs of consecutive slots, one column per fact: a column of small
/// numbers compresses far better than records that mix them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterShard {
    /// Each slot's date as the days since the previous dated slot's in this shard (the
    /// first since 1970-01-01); `None` without a date.
    pub dates: Vec<Option<i32>>,
    pub categories: Vec<Option<u32>>,
    pub authors: Vec<Option<u32>>,
    pub likes: Vec<Option<u32>>,
    pub read_minutes: Vec<Option<u32>>,
    /// The number of tags of each slot, then all their ids.
    pub tag_counts: Vec<u32>,
    pub tags: Vec<u32>,
}

/// One slot's facts, as a filter shard holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub date: Option<Date>,
    pub category: Option<u32>,
    pub author: Option<u32>,
    pub likes: Option<u32>,
    pub read_minutes: Option<u32>,
    pub tags: Vec<u32>,
}

impl Facts {
    pub fn of(r: &Record) -> Facts {
        Facts {
            date: r.date,
            category: r.category,
            author: r.author,
            likes: r.likes,
            read_minutes: r.read_minutes,
            tags: r.tags.clone(),
        }
    }
}

impl FilterShard {
    pub fn of<'a>(facts: impl Iterator<Item = &'a Facts>) -> FilterShard {
        let mut shard = FilterShard::default();
        let mut previous = 0;
        for f in facts {
            shard.dates.push(f.date.map(|d| d.0.wrapping_sub(core::mem::replace(&mut previous, d.0))));
            shard.categories.push(f.category);
            shard.authors.push(f.author);
            shard.likes.push(f.likes);
            shard.read_minutes.push(f.read_minutes);
            shard.tag_counts.push(f.tags.len() as u32);
            shard.tags.extend_from_slice(&f.tags);
        }
        shard
    }

    /// The facts of each slot, or `None` when the columns disagree in length.
    pub fn facts(&self) -> Option<Vec<Facts>> {
        let n = self.dates.len();
        let lengths = [self.categories.len(), self.authors.len(), self.likes.len(), self.read_minutes.len()];
        let tagged: u64 = self.tag_counts.iter().map(|&c| u64::from(c)).sum();
        if lengths.iter().any(|&l| l != n) || self.tag_counts.len() != n || tagged != self.tags.len() as u64 {
            return None;
        }
        let mut date = 0i32;
        let mut at = 0usize;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let count = self.tag_counts[i] as usize;
            out.push(Facts {
                date: self.dates[i].map(|delta| {
                    date = date.wrapping_add(delta);
                    Date(date)
                }),
                category: self.categories[i],
                author: self.authors[i],
                likes: self.likes[i],
                read_minutes: self.read_minutes[i],
                tags: self.tags[at..at + count].to_vec(),
            });
            at += count;
        }
        Some(out)
    }
}

/// The rank of each older slot (dead ones included) in title order among the older ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleOrder {
    pub ranks: Vec<u32>,
}

/// One tag's slots and the facet counts within them (non-zero counts only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagEntry {
    /// Ascending slots.
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

/// A word's postings, ascending by slot: each the gap to the previous slot (the first
/// from 0) times 4 plus the best field it occurs in (1 to 3), so that most take one byte.
pub type WordPostings = Vec<u64>;

/// Postings by slot ([`crate::engine::text::Posting`]s, ascending), as [`WordPostings`].
pub fn pack_postings(postings: &[u32]) -> WordPostings {
    let mut packer = PostingPacker::default();
    postings.iter().map(|&p| packer.pack(p)).collect()
}

/// The one encoder of [`WordPostings`]: postings by slot, ascending, one at a time.
#[derive(Default)]
pub struct PostingPacker {
    previous: u32,
}

impl PostingPacker {
    /// `posting`'s value: the gap to the previous slot times 4, plus its field.
    pub fn pack(&mut self, posting: u32) -> u64 {
        use crate::engine::text::{doc_of, field_of};
        let slot = doc_of(posting);
        (u64::from(slot - core::mem::replace(&mut self.previous, slot)) << 2) | u64::from(field_of(posting))
    }
}

/// [`WordPostings`] as `(slot, field)` pairs; `None` when a slot passes `u32` or a
/// field is 0.
pub fn unpack_postings(packed: &[u64]) -> Option<Vec<(u32, u8)>> {
    let mut at = 0u32;
    let mut out = Vec::with_capacity(packed.len());
    for (k, &p) in packed.iter().enumerate() {
        let gap = u32::try_from(p >> 2).ok().filter(|&g| k == 0 || g > 0)?;
        at = at.checked_add(gap)?;
        let field = (p & 3) as u8;
        if field == 0 {
            return None;
        }
        out.push((at, field));
    }
    Some(out)
}

/// The live recent slots (ascending): the tags, category and author of each, their
/// words (sorted) and their places in title order: `(slot, place)` in title order,
/// `place` the number of entries of the older title order (dead ones included) before it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recent {
    pub facts: Vec<(Vec<u32>, Option<u32>, Option<u32>)>,
    pub words: Vec<(String, WordPostings)>,
    pub titles: Vec<(u32, u32)>,
}

/// The entry of a tag over `slots` (ascending), whose tags, categories and authors
/// `facts` gives: the postings and the counts of co-tags, categories and authors within
/// them. `scratch` (zeros, one per tag) and `touched` are left as they were found.
pub fn tag_entry<'a>(
    slots: &[u32],
    facts: &dyn Fn(u32) -> (&'a [u32], Option<u32>, Option<u32>),
    scratch: &mut [u32],
    touched: &mut Vec<u32>,
) -> TagEntry {
    let mut categories: Vec<u32> = Vec::new();
    let mut authors: Vec<u32> = Vec::new();
    for &s in slots {
        let (tags, category, author) = facts(s);
        for &other in tags {
            if let Some(count) = scratch.get_mut(other as usize) {
                if *count == 0 {
                    touched.push(other);
                }
                *count += 1;
            }
        }
        categories.extend(category);
        authors.extend(author);
    }
    crate::engine::keys::sort_ids(touched);
    let co_tags = touched.drain(..).map(|o| (o, core::mem::take(&mut scratch[o as usize]))).collect();
    let counted = |ids: Vec<u32>| crate::engine::keys::summed(ids.into_iter().map(|id| (id, 1)));
    TagEntry { postings: Postings(slots.to_vec()), co_tags, categories: counted(categories), authors: counted(authors) }
}

/// Consecutive words of the dictionary, front-coded: each as the number of bytes it
/// shares with the one before (up to 255) and the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictionaryPiece {
    pub words: Vec<(u8, String)>,
}

/// Consecutive keys of the reverse dictionary (words of 4 or more characters written
/// backwards, in order), front-coded like the dictionary, each with its word's ordinal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReversePiece {
    pub keys: Vec<(u8, String, u32)>,
}

/// The postings of consecutive words (by ordinal).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingShard {
    pub lists: Vec<WordPostings>,
}

/// A file of a sharded index other than the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Display(u32),
    Filters(u32),
    Tags(u32),
    Titles,
    Dictionary(u32),
    Reverse(u32),
    Postings(u32),
    Recent,
}

impl Part {
    /// The magic's last byte of this part's file.
    pub fn kind(self) -> u8 {
        match self {
            Part::Display(_) => PART_DISPLAY,
            Part::Filters(_) => PART_FILTERS,
            Part::Tags(_) => PART_TAGS,
            Part::Titles => PART_TITLES,
            Part::Dictionary(_) => PART_DICTIONARY,
            Part::Reverse(_) => PART_REVERSE,
            Part::Postings(_) => PART_POSTINGS,
            Part::Recent => PART_RECENT,
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
            b'f' => Part::Filters(i),
            b't' => Part::Tags(i),
            b'o' => Part::Titles,
            b'v' => Part::Dictionary(i),
            b'u' => Part::Reverse(i),
            b'x' => Part::Postings(i),
            b'r' => Part::Recent,
            _ => return None,
        })
    }

    /// The file name of this part with content hash `hash` (`d12-0123456789abcdef.bin`).
    pub fn file_name(self, hash: u64) -> String {
        let (letter, i) = self.letter_and_index();
        let mut name = String::with_capacity(28);
        name.push(letter);
        name.push_str(&crate::ascii::digits(i));
        name.push('-');
        name.push_str(&crate::ascii::hex16(hash));
        name.push_str(".bin");
        name
    }

    fn letter_and_index(self) -> (char, u32) {
        match self {
            Part::Display(i) => ('d', i),
            Part::Filters(i) => ('f', i),
            Part::Tags(i) => ('t', i),
            Part::Titles => ('o', 0),
            Part::Dictionary(i) => ('v', i),
            Part::Reverse(i) => ('u', i),
            Part::Postings(i) => ('x', i),
            Part::Recent => ('r', 0),
        }
    }
}

impl Manifest {
    /// The content hash of `part`'s file ([`content_hash`] of its bytes), if this
    /// manifest has the part.
    pub fn hash_of(&self, part: Part) -> Option<u64> {
        let at = |list: &[u64], i: u32| list.get(i as usize).copied();
        match part {
            Part::Display(i) => at(&self.display, i),
            Part::Filters(i) => at(&self.filters, i),
            Part::Tags(i) => at(&self.tag_shards, i),
            Part::Titles => Some(self.titles),
            Part::Dictionary(i) => self.words.dictionary.get(i as usize).map(|p| p.2),
            Part::Reverse(i) => self.words.reverse.get(i as usize).map(|p| p.1),
            Part::Postings(i) => self.words.postings.get(i as usize).map(|p| p.1),
            Part::Recent => Some(self.recent),
        }
    }

    /// The file name of `part`: its letter, index and content hash (`d12-0123456789abcdef.bin`).
    pub fn file_name(&self, part: Part) -> String {
        part.file_name(self.hash_of(part).unwrap_or_default())
    }

    /// The part named `name` by [`Manifest::file_name`], if this manifest has it.
    pub fn part_named(&self, name: &str) -> Option<Part> {
        let part = Part::of_file_name(name)?;
        (self.hash_of(part).is_some() && self.file_name(part) == name).then_some(part)
    }

    /// Every part, in a stable order.
    pub fn parts(&self) -> impl Iterator<Item = Part> + '_ {
        let n = |len: usize| 0..len as u32;
        n(self.display.len())
            .map(Part::Display)
            .chain(n(self.filters.len()).map(Part::Filters))
            .chain(n(self.tag_shards.len()).map(Part::Tags))
            .chain(n(self.words.dictionary.len()).map(Part::Dictionary))
            .chain(n(self.words.reverse.len()).map(Part::Reverse))
            .chain(n(self.words.postings.len()).map(Part::Postings))
            .chain([Part::Titles, Part::Recent])
    }

    /// The slots of shard `i` of shards of `size` slots (empty past the end).
    pub fn slots_of(&self, i: u32, size: u32) -> core::ops::Range<usize> {
        let start = (i as usize).saturating_mul(size as usize);
        start.min(self.slots as usize)..start.saturating_add(size as usize).min(self.slots as usize)
    }

    /// The tag shard holding the older entry of tag `tag`, if it has one.
    pub fn tag_shard_of(&self, tag: u32) -> Option<u32> {
        (tag < self.older_tags).then(|| (self.tag_starts.partition_point(|&s| s <= tag) as u32).saturating_sub(1))
    }

    /// The live slots in the engine's order (newest first), or `None` when the manifest's
    /// slot lists do not fit together: the older live slots in slot order with the
    /// placed ones among them, then the other recent ones (read oldest first, then turned).
    pub fn positions(&self) -> Option<Vec<u32>> {
        let slots = self.slots as usize;
        let mut live = vec![true; slots];
        for d in &self.dead {
            *live.get_mut(d.slot as usize)? = false;
        }
        let mut placed = vec![false; slots];
        for &(s, _) in &self.placed {
            let fresh =
                (s >= self.tail && *live.get(s as usize)?) && !core::mem::replace(&mut placed[s as usize], true);
            if !fresh {
                return None;
            }
        }
        let mut order = Vec::with_capacity(self.articles as usize);
        let mut next = self.placed.iter().peekable();
        let mut older = 0u32;
        for s in 0..self.tail {
            if !live[s as usize] {
                continue;
            }
            while let Some(&&(p, _)) = next.peek().filter(|(_, at)| *at == older) {
                order.push(p);
                next.next();
            }
            order.push(s);
            older += 1;
        }
        while let Some(&&(p, _)) = next.peek().filter(|(_, at)| *at == older) {
            order.push(p);
            next.next();
        }
        if next.peek().is_some() {
            return None;
        }
        order.extend((self.tail..self.slots).filter(|&s| live[s as usize] && !placed[s as usize]));
        if order.len() != self.articles as usize {
            return None;
        }
        order.reverse();
        Some(order)
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

/// The content hash in file names: FNV-1a, 64-bit (a cache key, not a checksum: every
/// file also carries its CRC-32).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
