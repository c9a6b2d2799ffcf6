//! Which slot holds which article: a fresh layout, or the earlier build's slots kept.
//!
//! A rebuild in the folder of an earlier sharded index reads that index's manifest and
//! display shards, and matches the articles by content (a 128-bit fingerprint of every
//! field): an unchanged article keeps its slot, a gone or changed one leaves its slot
//! dead, and the new and changed ones take new slots at the end, in the index's order.
//! The older parts of the earlier build are kept as they are. It starts afresh instead
//! when there is no earlier index, when it cannot be read or its files are missing,
//! when the shard sizes would change, or when the recent slots or the dead ones pass
//! their limits (a *compaction*).

use super::*;
use crate::index::{DocId, Index};
use std::hash::Hasher;

/// Where the files of an earlier build are (a folder on disk, a table in the tests).
pub trait Folder {
    /// The bytes of the file `name`, if it is there.
    fn read(&mut self, name: &str) -> Option<Vec<u8>>;
}

/// At most this many dead slots; more start a fresh build.
pub const MAX_DEAD: usize = 1024;

/// Why a build starts afresh rather than keeping the earlier build's slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fresh {
    /// No earlier sharded index in the folder.
    Nothing,
    /// The earlier index could not be read (another format version, damage): why.
    Unreadable(String),
    /// A file the earlier manifest names is not in the folder.
    Missing(String),
    /// A file in the folder does not hold the bytes its name (a content hash) promises.
    Damaged(String),
    /// The corpus grew past a size where display and filter shards double.
    Resized,
    /// The recent slots would reach the tail block.
    RecentFull(u32),
    /// Too many dead slots.
    TooManyDead(usize),
}

impl Fresh {
    pub fn message(&self) -> String {
        use crate::ascii::digits64;
        match self {
            Fresh::Nothing => "no earlier sharded index in the folder".into(),
            Fresh::Unreadable(why) => ["the earlier index could not be read (", why, ")"].concat(),
            Fresh::Missing(name) => ["the earlier index's file ", name, " is missing"].concat(),
            Fresh::Damaged(name) => {
                ["the earlier index's file ", name, " does not hold the bytes its name says"].concat()
            }
            Fresh::Resized => "the index grew past a size where its shards double".into(),
            Fresh::RecentFull(n) => {
                [&digits64(u64::from(*n)), " articles since the last fresh build (the recent part is full)"].concat()
            }
            Fresh::TooManyDead(n) => {
                [&digits64(*n as u64), " articles removed or changed since the last fresh build"].concat()
            }
        }
    }
}

/// The ids of the manifest's dictionaries: names in the order they first appear, and
/// for each of the index's (sorted) ids, its manifest id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ids {
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    pub tag_of: Vec<u32>,
    pub author_of: Vec<u32>,
    pub category_of: Vec<u32>,
}

impl Ids {
    /// The earlier build's dictionaries, with the index's new names appended as they
    /// first appear in `order` (index positions, oldest slot first).
    fn extend(mut self, index: &Index, order: impl Iterator<Item = DocId>) -> Ids {
        let map = |names: &[String], known: &[String]| -> Vec<u32> {
            let at: std::collections::HashMap<&str, u32> =
                known.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)).collect();
            names.iter().map(|s| at.get(s.as_str()).copied().unwrap_or(u32::MAX)).collect()
        };
        self.tag_of = map(&index.tags, &self.tags);
        self.author_of = map(&index.authors, &self.authors);
        self.category_of = map(&index.categories, &self.categories);
        let first_seen = |id: u32, of: &mut Vec<u32>, names: &mut Vec<String>, dict: &[String]| {
            if of[id as usize] == u32::MAX {
                of[id as usize] = names.len() as u32;
                names.push(dict[id as usize].clone());
            }
        };
        for p in order {
            let r = &index.articles[p as usize];
            for &t in &r.tags {
                first_seen(t, &mut self.tag_of, &mut self.tags, &index.tags);
            }
            if let Some(a) = r.author {
                first_seen(a, &mut self.author_of, &mut self.authors, &index.authors);
            }
            if let Some(c) = r.category {
                first_seen(c, &mut self.category_of, &mut self.categories, &index.categories);
            }
        }
        self
    }

    /// The index's record `r` with manifest ids.
    pub fn record(&self, r: &Record) -> Record {
        Record {
            tags: r.tags.iter().map(|&t| self.tag_of[t as usize]).collect(),
            author: r.author.map(|a| self.author_of[a as usize]),
            category: r.category.map(|c| self.category_of[c as usize]),
            ..r.clone()
        }
    }

    /// The facts of the index's record `r`, with manifest ids.
    pub fn facts(&self, r: &Record) -> Facts {
        Facts {
            date: r.date,
            category: r.category.map(|c| self.category_of[c as usize]),
            author: r.author.map(|a| self.author_of[a as usize]),
            likes: r.likes,
            read_minutes: r.read_minutes,
            tags: r.tags.iter().map(|&t| self.tag_of[t as usize]).collect(),
        }
    }
}

/// The slots of a build.
pub struct Plan {
    /// Per slot: the index position of its article, or `None` for a dead slot.
    pub article: Vec<Option<DocId>>,
    pub tail: u32,
    /// Slots from here on are new in this build (every slot of a fresh one).
    pub first_new: u32,
    pub dead: Vec<Dead>,
    pub placed: Vec<(u32, u32)>,
    pub ids: Ids,
    /// Why the build starts afresh; `None` when it keeps the earlier build's slots.
    pub fresh: Option<Fresh>,
    /// The earlier manifest, whose older parts this build keeps (`None` when fresh).
    pub previous: Option<Manifest>,
    /// The earlier build's records of the slots in the display shards this build
    /// writes again (the last one, which the new slots join), by slot.
    pub kept_records: Vec<(u32, Record)>,
    /// The earlier title order's entries (older slots in title order) with their title
    /// keys, to place the recent slots among them (empty when fresh).
    pub older_titles: Vec<(u32, String)>,
}

impl Plan {
    pub fn slots(&self) -> u32 {
        self.article.len() as u32
    }

    /// The live slots in the engine's order (newest first).
    pub fn positions(&self) -> Vec<u32> {
        let mut by_position = vec![0u32; self.article.iter().flatten().count()];
        for (s, p) in self.article.iter().enumerate() {
            if let Some(p) = p {
                by_position[*p as usize] = s as u32;
            }
        }
        by_position
    }

    /// A fresh layout: the articles oldest first, the tail at the last whole block.
    pub fn fresh(index: &Index, tail_block: u32, why: Fresh) -> Plan {
        let n = index.len();
        let ids = Ids::default().extend(index, (0..n as DocId).rev());
        let block = tail_block.max(1) as usize;
        Plan {
            article: (0..n as DocId).rev().map(Some).collect(),
            tail: (n / block * block) as u32,
            first_new: 0,
            dead: Vec::new(),
            placed: Vec::new(),
            ids,
            fresh: Some(why),
            previous: None,
            kept_records: Vec::new(),
            older_titles: Vec::new(),
        }
    }

    /// The slots of `index`, keeping those of the earlier build in `folder` (whose
    /// manifest is `manifest`) where it can, with the shard sizes that `sizes` gives
    /// for a number of slots.
    pub fn new(
        index: &Index,
        tail_block: u32,
        manifest: Option<&[u8]>,
        folder: &mut dyn Folder,
        sizes: &dyn Fn(usize) -> (u32, u32),
    ) -> Plan {
        let Some(bytes) = manifest else { return Plan::fresh(index, tail_block, Fresh::Nothing) };
        match Plan::keep(index, tail_block, bytes, folder, sizes) {
            Ok(plan) => plan,
            Err(why) => Plan::fresh(index, tail_block, why),
        }
    }

    fn keep(
        index: &Index,
        tail_block: u32,
        bytes: &[u8],
        folder: &mut dyn Folder,
        sizes: &dyn Fn(usize) -> (u32, u32),
    ) -> Result<Plan, Fresh> {
        let unreadable = |e: crate::blob::BlobError| Fresh::Unreadable(e.message());
        let before: Manifest = crate::blob::decode_part(bytes, PART_MANIFEST).map_err(unreadable)?;
        before.positions().ok_or_else(|| Fresh::Unreadable("its slots do not fit together".into()))?;
        // Every file the earlier manifest names must be there with its very bytes: the
        // new manifest names those it keeps. (Display shards are checked as they are read.)
        for part in before.parts().filter(|p| !matches!(p, Part::Display(_))) {
            let name = before.file_name(part);
            let bytes = folder.read(&name).ok_or_else(|| Fresh::Missing(name.clone()))?;
            if Some(content_hash(&bytes)) != before.hash_of(part) {
                return Err(Fresh::Damaged(name));
            }
        }
        let n = index.len();
        // Every live slot's fingerprint, from the earlier display shards.
        let mut dead_before = vec![false; before.slots as usize];
        for d in &before.dead {
            dead_before[d.slot as usize] = true;
        }
        let read_display = |folder: &mut dyn Folder, i: u32| -> Result<Vec<Record>, Fresh> {
            let name = before.file_name(Part::Display(i));
            let bytes = folder.read(&name).ok_or_else(|| Fresh::Missing(name.clone()))?;
            if Some(content_hash(&bytes)) != before.hash_of(Part::Display(i)) {
                return Err(Fresh::Damaged(name));
            }
            let shard: DisplayShard = crate::blob::decode_part(&bytes, PART_DISPLAY).map_err(unreadable)?;
            let fits = shard.records.len() == before.slots_of(i, before.display_size).len()
                && shard.records.iter().all(|r| {
                    r.author.is_none_or(|a| (a as usize) < before.authors.len())
                        && r.category.is_none_or(|c| (c as usize) < before.categories.len())
                        && r.tags.iter().all(|&t| (t as usize) < before.tags.len())
                });
            fits.then_some(shard.records)
                .ok_or_else(|| Fresh::Unreadable([&name, " does not fit its manifest"].concat()))
        };
        let mut slot_of: std::collections::HashMap<u128, u32> = std::collections::HashMap::with_capacity(n);
        let mut title_keys: Vec<String> = Vec::with_capacity(before.tail as usize);
        let mut last_records = Vec::new();
        for i in 0..before.display.len() as u32 {
            let records = read_display(folder, i)?;
            for (k, r) in records.iter().enumerate() {
                let s = i * before.display_size + k as u32;
                if s < before.tail {
                    title_keys.push(crate::engine::title_key(&r.title));
                }
                if !dead_before[s as usize] {
                    slot_of.insert(fingerprint(r, &before.tags, &before.authors, &before.categories), s);
                }
            }
            if i + 1 == before.display.len() as u32 {
                last_records = records;
            }
        }
        // The index's articles, oldest first: a slot kept, or a new one.
        let mut article: Vec<Option<DocId>> = vec![None; before.slots as usize];
        let mut fresh_articles: Vec<DocId> = Vec::new();
        for p in (0..n as DocId).rev() {
            let r = &index.articles[p as usize];
            match slot_of.remove(&fingerprint(r, &index.tags, &index.authors, &index.categories)) {
                Some(s) => article[s as usize] = Some(p),
                None => fresh_articles.push(p),
            }
        }
        let first_new = before.slots;
        let slots = before.slots as usize + fresh_articles.len();
        if sizes(slots) != (before.display_size, before.filter_size) {
            return Err(Fresh::Resized);
        }
        if before.tail % tail_block.max(1) != 0 {
            return Err(Fresh::Resized);
        }
        let recent = slots as u32 - before.tail;
        if recent >= tail_block {
            return Err(Fresh::RecentFull(recent));
        }
        let mut newly_dead: Vec<u32> = slot_of.into_values().collect();
        newly_dead.sort_unstable();
        let dead_count = before.dead.len() + newly_dead.len();
        if dead_count > MAX_DEAD || dead_count * 8 > slots {
            return Err(Fresh::TooManyDead(dead_count));
        }
        article.extend(fresh_articles.iter().map(|&p| Some(p)));
        let ids = Ids {
            tags: before.tags.clone(),
            authors: before.authors.clone(),
            categories: before.categories.clone(),
            ..Ids::default()
        }
        .extend(index, fresh_articles.iter().copied());

        // What the newly dead slots had, from the earlier filter shards.
        let mut dead = before.dead.clone();
        let mut facts: Option<(u32, Vec<Facts>)> = None;
        for &s in &newly_dead {
            let shard = s / before.filter_size;
            if facts.as_ref().is_none_or(|(i, _)| *i != shard) {
                let name = before.file_name(Part::Filters(shard));
                let bytes = folder.read(&name).ok_or_else(|| Fresh::Missing(name.clone()))?;
                let part: FilterShard = crate::blob::decode_part(&bytes, PART_FILTERS).map_err(unreadable)?;
                let all = part.facts().ok_or_else(|| Fresh::Unreadable([&name, " does not fit"].concat()))?;
                facts = Some((shard, all));
            }
            let (_, all) = facts.as_ref().expect("just read");
            let f =
                all.get((s % before.filter_size) as usize).ok_or_else(|| Fresh::Unreadable("a dead slot".into()))?;
            dead.push(Dead { slot: s, tags: f.tags.clone(), category: f.category, author: f.author });
        }
        dead.sort_unstable_by_key(|d| d.slot);

        // The index's order, read oldest first: the live slots. Recent slots that come
        // last and in slot order are in place; the others are placed.
        let mut by_position = vec![0u32; n];
        for (s, p) in article.iter().enumerate() {
            if let Some(p) = p {
                by_position[*p as usize] = s as u32;
            }
        }
        let oldest_first: Vec<u32> = by_position.iter().rev().copied().collect();
        let mut natural = oldest_first.len();
        while natural > 0 {
            let s = oldest_first[natural - 1];
            let in_order = oldest_first.get(natural).is_none_or(|&after| s < after);
            if s < before.tail || !in_order {
                break;
            }
            natural -= 1;
        }
        let mut placed = Vec::new();
        let mut older = 0u32;
        for &s in &oldest_first[..natural] {
            if s < before.tail {
                older += 1;
            } else {
                placed.push((s, older));
            }
        }

        // The display shard the new slots join is written again: its earlier records.
        let last = before.display.len().saturating_sub(1) as u32;
        let kept_records = last_records
            .into_iter()
            .enumerate()
            .map(|(k, r)| (last * before.display_size + k as u32, r))
            .filter(|&(s, _)| s < first_new)
            .collect();
        // The earlier title order, with the keys, to place the recent slots.
        let name = before.file_name(Part::Titles);
        let bytes = folder.read(&name).ok_or_else(|| Fresh::Missing(name.clone()))?;
        let order: TitleOrder = crate::blob::decode_part(&bytes, PART_TITLES).map_err(unreadable)?;
        let mut older_titles: Vec<(u32, String)> = vec![(u32::MAX, String::new()); before.tail as usize];
        if order.ranks.len() != older_titles.len() || title_keys.len() != older_titles.len() {
            return Err(Fresh::Unreadable("the title order does not fit".into()));
        }
        for (s, (&rank, key)) in order.ranks.iter().zip(title_keys).enumerate() {
            let entry = older_titles.get_mut(rank as usize).ok_or_else(|| Fresh::Unreadable("title order".into()))?;
            *entry = (s as u32, key);
        }
        if older_titles.iter().any(|(s, _)| *s == u32::MAX) {
            return Err(Fresh::Unreadable("the title order is not a permutation".into()));
        }
        Ok(Plan {
            article,
            tail: before.tail,
            first_new,
            dead,
            placed,
            ids,
            fresh: None,
            previous: Some(before),
            kept_records,
            older_titles,
        })
    }
}

/// A 128-bit fingerprint of every field of a record, its ids resolved by the
/// dictionaries: equal articles, equal fingerprints, whatever the ids.
pub fn fingerprint(r: &Record, tags: &[String], authors: &[String], categories: &[String]) -> u128 {
    fn text(h: &mut impl Hasher, s: Option<&str>) {
        match s {
            Some(s) => {
                h.write_u8(1);
                h.write_usize(s.len());
                h.write(s.as_bytes());
            }
            None => h.write_u8(0),
        }
    }
    fn number(h: &mut impl Hasher, n: Option<i64>) {
        h.write_u8(u8::from(n.is_some()));
        h.write_i64(n.unwrap_or(0));
    }
    let mut halves = [0u64; 2];
    for (half, seed) in halves.iter_mut().zip([0x7461_6773_6966_7431u64, 0x7461_6773_6966_7432]) {
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new_with_keys(seed, !seed);
        text(&mut h, Some(&r.title));
        text(&mut h, r.url.as_deref());
        text(&mut h, r.author.map(|a| authors[a as usize].as_str()));
        text(&mut h, r.category.map(|c| categories[c as usize].as_str()));
        text(&mut h, Some(&r.summary));
        h.write_usize(r.tags.len());
        for &t in &r.tags {
            text(&mut h, Some(&tags[t as usize]));
        }
        h.write_u32(r.id_suffix);
        number(&mut h, r.date.map(|d| i64::from(d.0)));
        number(&mut h, r.likes.map(i64::from));
        number(&mut h, r.read_minutes.map(i64::from));
        *half = h.finish();
    }
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}
