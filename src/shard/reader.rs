//! Answering queries over a sharded index from whichever parts are loaded.
//!
//! [`Sharded::search`] either answers, or names the parts it lacks; the caller fetches
//! them, hands them over with [`Sharded::add`] and asks again (see [`crate::source`]).
//! The answers are exactly the one-file engine's, because the engine answers them: it is
//! given the manifest's totals at once, each tag's articles and the counts within them
//! as tag shards arrive, and every article's columns once every filter shard has. A
//! query with words first needs the dictionary pieces its words look up and the recent
//! part, then the posting shards of the words they matched; the cards come from the
//! display shards. Parts hold slots and the manifest's ids; what is kept here has been
//! turned into the engine's positions and ids as it arrived.

use super::*;
use crate::ascii::digits;
use crate::blob::{self, BlobError};
use crate::engine::keys;
use crate::engine::text::{self, posting, word_hits, Posting, Quality, Word};
use crate::engine::{
    Columns, Dicts, Engine, Lack, Order, Pages, Query, QueryError, SearchResult, Sort, Totals, Within, NONE,
};
use crate::index::{materialize, DocId};

/// What [`Sharded::search`] gives.
#[derive(Debug)]
pub enum Answer {
    /// The result, the parts that would complete it (its facet counts need every
    /// article's columns: `result.facets` is empty until they are here) and parts worth
    /// fetching ahead (the next page's cards).
    Ready { result: SearchResult, incomplete: Vec<Part>, prefetch: Vec<Part> },
    /// Fetch these, [`Sharded::add`] them, and ask again.
    Needs(Vec<Part>),
}

/// Why a query could not be answered: the query itself, or parts that disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    Query(QueryError),
    Data(BlobError),
}

impl SearchError {
    pub fn message(&self) -> String {
        match self {
            SearchError::Query(e) => e.message(),
            SearchError::Data(e) => e.message(),
        }
    }
}

impl core::fmt::Display for SearchError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> Self {
        SearchError::Query(e)
    }
}

fn invalid(what: String) -> BlobError {
    BlobError::Payload(what)
}

/// A dictionary's ids mapped onto the engine's: the live names, sorted.
struct IdMap {
    /// Manifest id → engine id, [`NONE`] for a name no live article has.
    to_engine: Vec<u32>,
    /// Engine id → manifest id.
    to_manifest: Vec<u32>,
}

impl IdMap {
    /// The live names of `names` (those with a total), sorted, and the maps.
    fn new(names: &[String], totals: &[u32]) -> (IdMap, Vec<String>) {
        let mut live: Vec<(String, u32)> = (0..names.len() as u32)
            .filter(|&i| totals[i as usize] > 0)
            .map(|i| (names[i as usize].clone(), i))
            .collect();
        live.sort_unstable();
        let mut to_engine = vec![NONE; names.len()];
        for (e, &(_, m)) in live.iter().enumerate() {
            to_engine[m as usize] = e as u32;
        }
        let (sorted, to_manifest) = live.into_iter().unzip();
        (IdMap { to_engine, to_manifest }, sorted)
    }

    fn engine(&self, id: u32) -> u32 {
        self.to_engine.get(id as usize).copied().unwrap_or(NONE)
    }

    /// `(manifest id, count)` pairs as `(engine id, count)`, ascending, zero counts dropped.
    fn pairs(&self, pairs: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, u32)> {
        keys::summed(pairs.filter(|&(_, c)| c > 0).map(|(id, c)| (self.engine(id), c)).filter(|&(id, _)| id != NONE))
    }
}

/// A word's postings by position, ascending.
type Positions = Vec<Posting>;

/// The recent part, in engine positions.
struct Recent {
    tags: Vec<(u32, TagEntry)>,
    /// Each word with its postings as ascending positions.
    words: Vec<(String, Positions)>,
    titles: Vec<(u32, u32)>,
}

pub struct Sharded {
    manifest: Manifest,
    /// The slot of each position, and the position of each slot ([`NONE`] when dead).
    slot_at: Vec<u32>,
    position_of: Vec<u32>,
    tag_ids: IdMap,
    author_ids: IdMap,
    category_ids: IdMap,
    display: Vec<Option<Vec<Record>>>,
    /// The records that came with the manifest: positions `0..newest.len()`.
    newest: Vec<Record>,
    tags: Vec<Option<TagShard>>,
    recent: Option<Recent>,
    filters: Vec<Option<Vec<Facts>>>,
    /// The older slots in title order.
    titles: Option<Vec<u32>>,
    dictionary: Vec<Option<Vec<String>>>,
    reverse: Vec<Option<Vec<(String, u32)>>>,
    /// Posting shards: each word's postings as ascending positions.
    postings: Vec<Option<Vec<Positions>>>,
    /// The engine over what has arrived.
    engine: Engine,
    title_order: Option<Order>,
}

impl Sharded {
    /// Reads the manifest (`index.bin` of a sharded index) and checks that its lists fit
    /// together, so that no part can later make the reader index out of bounds.
    pub fn open(bytes: &[u8]) -> Result<Sharded, BlobError> {
        let mut m: Manifest = blob::decode_part(bytes, PART_MANIFEST)?;
        let disagree = || invalid("the manifest's lists disagree with its counts".into());
        let slots = m.slots as usize;
        fn ascending(mut v: impl Iterator<Item = u32>) -> bool {
            let mut last = None;
            v.all(|x| last.replace(x).is_none_or(|l| l < x))
        }
        let covers = |tags: &[u32], category: Option<u32>, author: Option<u32>| m.covers(author, category, tags);
        let words = &m.words;
        let fits = m.tag_totals.len() == m.tags.len()
            && m.category_totals.len() == m.categories.len()
            && m.author_totals.len() == m.authors.len()
            && m.display_size > 0
            && m.filter_size > 0
            && m.display.len() == slots.div_ceil(m.display_size as usize)
            && m.filters.len() == slots.div_ceil(m.filter_size as usize)
            && m.tail <= m.slots
            && m.older_tags as usize <= m.tags.len()
            && m.tag_starts.len() == m.tag_shards.len()
            && m.tag_starts.first().is_none_or(|&s| s == 0)
            && ascending(m.tag_starts.iter().copied())
            && m.tag_starts.last().is_none_or(|&s| s < m.older_tags)
            && (m.older_tags == 0 || !m.tag_shards.is_empty())
            && ascending(m.dead.iter().map(|d| d.slot))
            && m.dead.iter().all(|d| d.slot < m.slots && covers(&d.tags, d.category, d.author))
            && words.dictionary.first().is_none_or(|p| p.1 == 0)
            && ascending(words.dictionary.iter().map(|p| p.1))
            && words.dictionary.iter().all(|p| p.1 < words.count)
            && words.dictionary.windows(2).all(|w| w[0].0 < w[1].0)
            && words.reverse.windows(2).all(|w| w[0].0 < w[1].0)
            && words.postings.first().is_none_or(|p| p.0 == 0)
            && ascending(words.postings.iter().map(|p| p.0))
            && words.postings.iter().all(|p| p.0 < words.count)
            && (words.count == 0 || (!words.dictionary.is_empty() && !words.postings.is_empty()));
        if !fits {
            return Err(disagree());
        }
        let slot_at = m.positions().ok_or_else(disagree)?;
        let mut position_of = vec![NONE; slots];
        for (p, &s) in slot_at.iter().enumerate() {
            position_of[s as usize] = p as u32;
        }
        if m.newest.len() > slot_at.len() || !m.newest.iter().all(|r| covers(&r.tags, r.category, r.author)) {
            return Err(invalid("the manifest's newest cards do not fit it".into()));
        }
        let newest = core::mem::take(&mut m.newest);
        let (tag_ids, tags) = IdMap::new(&m.tags, &m.tag_totals);
        let (author_ids, authors) = IdMap::new(&m.authors, &m.author_totals);
        let (category_ids, categories) = IdMap::new(&m.categories, &m.category_totals);
        let totals = Totals {
            tags: tag_ids.to_manifest.iter().map(|&i| m.tag_totals[i as usize]).collect(),
            categories: category_ids.to_manifest.iter().map(|&i| m.category_totals[i as usize]).collect(),
            authors: author_ids.to_manifest.iter().map(|&i| m.author_totals[i as usize]).collect(),
        };
        let engine = Engine::partial(m.articles as usize, Dicts { tags, authors, categories }, totals);
        let mut sharded = Sharded {
            slot_at,
            position_of,
            tag_ids,
            author_ids,
            category_ids,
            display: vec![None; m.display.len()],
            newest,
            tags: vec![None; m.tag_shards.len()],
            recent: None,
            filters: vec![None; m.filters.len()],
            titles: None,
            dictionary: vec![None; m.words.dictionary.len()],
            reverse: vec![None; m.words.reverse.len()],
            postings: vec![None; m.words.postings.len()],
            engine,
            title_order: None,
            manifest: m,
        };
        // An index without slots has no filter shards to wait for.
        sharded.give_columns()?;
        Ok(sharded)
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.manifest.articles as usize
    }

    pub fn is_empty(&self) -> bool {
        self.manifest.articles == 0
    }

    pub fn is_loaded(&self, part: Part) -> bool {
        let at = |i: u32, len: usize, loaded: &dyn Fn(usize) -> bool| (i as usize) < len && loaded(i as usize);
        match part {
            Part::Display(i) => at(i, self.display.len(), &|i| self.display[i].is_some()),
            Part::Filters(i) => at(i, self.filters.len(), &|i| self.filters[i].is_some()),
            Part::Tags(i) => at(i, self.tags.len(), &|i| self.tags[i].is_some()),
            Part::Dictionary(i) => at(i, self.dictionary.len(), &|i| self.dictionary[i].is_some()),
            Part::Reverse(i) => at(i, self.reverse.len(), &|i| self.reverse[i].is_some()),
            Part::Postings(i) => at(i, self.postings.len(), &|i| self.postings[i].is_some()),
            Part::Titles => self.titles.is_some(),
            Part::Recent => self.recent.is_some(),
        }
    }

    /// Checks and keeps a fetched part: its bytes must be the ones the manifest names
    /// (by content hash: never a file of another deployment), and fit the manifest.
    /// Bytes that are not the named ones are damaged (truncated or corrupt, by their own
    /// header and checksum) or, whole, another file ([`BlobError::Mismatch`]).
    pub fn add(&mut self, part: Part, bytes: &[u8]) -> Result<(), BlobError> {
        let m = &self.manifest;
        if m.hash_of(part) != Some(content_hash(bytes)) {
            blob::check_part(bytes, part.kind())?;
            return Err(BlobError::Mismatch);
        }
        let misfit = |what: &str, i: u32| invalid([what, " ", &digits(i), " does not fit the manifest"].concat());
        match part {
            Part::Display(i) => {
                let shard: DisplayShard = blob::decode_part(bytes, PART_DISPLAY)?;
                let ok = shard.records.len() == m.slots_of(i, m.display_size).len()
                    && shard.records.iter().all(|r| m.covers(r.author, r.category, &r.tags));
                if !ok {
                    return Err(misfit("display shard", i));
                }
                self.display[i as usize] = Some(shard.records);
            }
            Part::Filters(i) => {
                let shard: FilterShard = blob::decode_part(bytes, PART_FILTERS)?;
                let facts = shard.facts().filter(|f| {
                    f.len() == m.slots_of(i, m.filter_size).len()
                        && f.iter().all(|f| m.covers(f.author, f.category, &f.tags))
                });
                self.filters[i as usize] = Some(facts.ok_or_else(|| misfit("filter shard", i))?);
                self.give_columns()?;
            }
            Part::Tags(i) => {
                let shard: TagShard = blob::decode_part(bytes, PART_TAGS)?;
                let start = m.tag_starts[i as usize];
                let end = m.tag_starts.get(i as usize + 1).copied().unwrap_or(m.older_tags);
                let ok = shard.entries.len() == (end - start) as usize
                    && shard.entries.iter().all(|e| m.entry_fits(e, 0..m.tail));
                if !ok {
                    return Err(misfit("tag shard", i));
                }
                self.tags[i as usize] = Some(shard);
                self.give_tags(Some(i));
            }
            Part::Titles => {
                let shard: TitleOrder = blob::decode_part(bytes, PART_TITLES)?;
                let mut order = vec![NONE; m.tail as usize];
                if shard.ranks.len() == order.len() {
                    for (s, &rank) in shard.ranks.iter().enumerate() {
                        if let Some(slot) = order.get_mut(rank as usize) {
                            *slot = s as u32;
                        }
                    }
                }
                if order.contains(&NONE) || shard.ranks.len() != order.len() {
                    return Err(invalid("the title order is not a permutation of the older slots".into()));
                }
                self.titles = Some(order);
            }
            Part::Recent => {
                let part: super::Recent = blob::decode_part(bytes, PART_RECENT)?;
                let recent = m.tail..m.slots;
                let mut placed = vec![false; (m.slots - m.tail) as usize];
                let live: Vec<u32> = recent.clone().filter(|&s| self.position_of[s as usize] != NONE).collect();
                let ok = part.facts.len() == live.len()
                    && part.facts.iter().all(|(tags, category, author)| m.covers(*author, *category, tags))
                    && part.words.windows(2).all(|w| w[0].0 < w[1].0)
                    && part.titles.windows(2).all(|w| w[0].1 <= w[1].1)
                    && part.titles.iter().all(|&(s, at)| {
                        let live = recent.contains(&s) && self.position_of[s as usize] != NONE;
                        live && at <= m.tail && !core::mem::replace(&mut placed[(s - m.tail) as usize], true)
                    })
                    && part.titles.len() == live.len();
                if !ok {
                    return Err(invalid("the recent part does not fit the manifest".into()));
                }
                let mut words = Vec::with_capacity(part.words.len());
                for (word, gaps) in part.words {
                    let postings = self.positions(&gaps, &recent, true).ok_or_else(|| {
                        invalid(["the recent postings of `", &word, "` do not fit the manifest"].concat())
                    })?;
                    words.push((word, postings));
                }
                // Each tag's recent slots and the counts within them, from the slots' facts.
                let mut by_tag: Vec<u64> = Vec::new();
                for (k, (tags, _, _)) in part.facts.iter().enumerate() {
                    by_tag.extend(tags.iter().map(|&t| keys::pack(t, k as u32)));
                }
                by_tag.sort_unstable();
                let (mut scratch, mut touched) = (vec![0u32; m.tags.len()], Vec::new());
                let facts = |k: u32| {
                    let (tags, category, author) = &part.facts[k as usize];
                    (tags.as_slice(), *category, *author)
                };
                let mut tags: Vec<(u32, TagEntry)> = Vec::new();
                for group in by_tag.chunk_by(|a, b| keys::high(*a) == keys::high(*b)) {
                    let ks: Vec<u32> = group.iter().map(|&k| keys::low(k)).collect();
                    let mut entry = tag_entry(&ks, &facts, &mut scratch, &mut touched);
                    entry.postings.0.iter_mut().for_each(|k| *k = live[*k as usize]);
                    tags.push((keys::high(group[0]), entry));
                }
                self.recent = Some(Recent { tags, words, titles: part.titles });
                self.give_tags(None);
            }
            Part::Dictionary(i) => {
                let piece: DictionaryPiece = blob::decode_part(bytes, PART_DICTIONARY)?;
                let (first, ordinal, _) = &m.words.dictionary[i as usize];
                let end = m.words.dictionary.get(i as usize + 1).map_or(m.words.count, |p| p.1);
                let words = piece.words().filter(|w| {
                    w.len() == (end - ordinal) as usize
                        && w.first() == Some(first)
                        && w.windows(2).all(|p| p[0] < p[1])
                        && m.words
                            .dictionary
                            .get(i as usize + 1)
                            .is_none_or(|next| w.last().is_some_and(|l| *l < next.0))
                });
                self.dictionary[i as usize] = Some(words.ok_or_else(|| misfit("dictionary piece", i))?);
            }
            Part::Reverse(i) => {
                let piece: ReversePiece = blob::decode_part(bytes, PART_REVERSE)?;
                let first = &m.words.reverse[i as usize].0;
                let keys = piece.keys().filter(|k| {
                    k.first().map(|k| &k.0) == Some(first)
                        && k.windows(2).all(|p| p[0].0 < p[1].0)
                        && k.iter().all(|(_, o)| *o < m.words.count)
                });
                self.reverse[i as usize] = Some(keys.ok_or_else(|| misfit("reverse dictionary piece", i))?);
            }
            Part::Postings(i) => {
                let shard: PostingShard = blob::decode_part(bytes, PART_POSTINGS)?;
                let first = m.words.postings[i as usize].0;
                let end = m.words.postings.get(i as usize + 1).map_or(m.words.count, |p| p.0);
                if shard.lists.len() != (end - first) as usize {
                    return Err(misfit("posting shard", i));
                }
                let mut lists = Vec::with_capacity(shard.lists.len());
                for gaps in &shard.lists {
                    lists.push(self.positions(gaps, &(0..m.tail), false).ok_or_else(|| misfit("posting shard", i))?);
                }
                self.postings[i as usize] = Some(lists);
            }
        }
        Ok(())
    }

    /// Postings by slot (within `range`) as ascending positions, dead slots left out;
    /// `None` when they leave the range or do not ascend. In the recent part
    /// (`live_only`) every slot must be live.
    fn positions(&self, packed: &[u64], range: &core::ops::Range<u32>, live_only: bool) -> Option<Positions> {
        let mut out: Vec<u32> = Vec::with_capacity(packed.len());
        for (at, field) in unpack_postings(packed)? {
            if !range.contains(&at) {
                return None;
            }
            match self.position_of[at as usize] {
                NONE if live_only => return None,
                NONE => {}
                p => out.push(posting(p, field)),
            }
        }
        keys::sort_ids(&mut out);
        Some(out)
    }

    /// Gives the engine the tags of tag shard `shard` (every loaded one for `None`) once
    /// the recent part is here too: each tag's articles (older and recent, dead slots
    /// left out) and the counts within them (what the dead slots had taken away).
    fn give_tags(&mut self, shard: Option<u32>) {
        let Some(recent) = &self.recent else { return };
        let m = &self.manifest;
        let shards = match shard {
            Some(i) => i as usize..i as usize + 1,
            None => 0..self.tags.len(),
        };
        let mut given: Vec<(u32, Vec<DocId>, Within)> = Vec::new();
        let mut entry_of = |t: u32, older: Option<&TagEntry>| {
            let engine_id = self.tag_ids.engine(t);
            if engine_id == NONE {
                return;
            }
            let newer = recent.tags.binary_search_by_key(&t, |(t, _)| *t).ok().map(|j| &recent.tags[j].1);
            let mut postings: Vec<DocId> = Vec::new();
            let mut counts = (Vec::new(), Vec::new(), Vec::new());
            for e in older.into_iter().chain(newer) {
                postings.extend(e.postings.0.iter().map(|&s| self.position_of[s as usize]).filter(|&p| p != NONE));
                counts.0.extend_from_slice(&e.co_tags);
                counts.1.extend_from_slice(&e.categories);
                counts.2.extend_from_slice(&e.authors);
            }
            // The dead older slots of this tag still count in its older entry.
            let dead =
                older.into_iter().flat_map(|e| e.postings.0.iter()).filter(|&&s| self.position_of[s as usize] == NONE);
            let mut less: (Vec<u32>, Vec<u32>, Vec<u32>) = Default::default();
            for &s in dead {
                if let Ok(k) = m.dead.binary_search_by_key(&s, |d| d.slot) {
                    let d = &m.dead[k];
                    less.0.extend_from_slice(&d.tags);
                    less.1.extend(d.category);
                    less.2.extend(d.author);
                }
            }
            // The counts of both entries added, those of the dead slots taken away.
            let net = |pairs: Vec<(u32, u32)>, less: Vec<u32>, map: &IdMap| {
                let less = keys::summed(less.into_iter().map(|id| (id, 1)));
                let counts = keys::summed(pairs.into_iter()).into_iter().map(|(id, count)| {
                    let gone = less.binary_search_by_key(&id, |&(id, _)| id).map_or(0, |k| less[k].1);
                    (id, count.saturating_sub(gone))
                });
                map.pairs(counts)
            };
            keys::sort_ids(&mut postings);
            let within = Within {
                tags: net(counts.0, less.0, &self.tag_ids),
                categories: net(counts.1, less.1, &self.category_ids),
                authors: net(counts.2, less.2, &self.author_ids),
            };
            given.push((engine_id, postings, within));
        };
        for i in shards {
            let Some(loaded) = &self.tags[i] else { continue };
            let start = m.tag_starts[i];
            for (k, older) in loaded.entries.iter().enumerate() {
                entry_of(start + k as u32, Some(older));
            }
        }
        if shard.is_none() {
            // Tags first seen in the recent slots have no older entry.
            for &(t, _) in &recent.tags {
                if t >= m.older_tags {
                    entry_of(t, None);
                }
            }
        }
        for (t, postings, within) in given {
            self.engine.add_tag(t, postings, Some(within));
        }
    }

    /// Gives the engine every article's columns once every filter shard is here.
    fn give_columns(&mut self) -> Result<(), BlobError> {
        if self.engine.has_columns() || self.filters.iter().any(Option::is_none) {
            return Ok(());
        }
        let m = &self.manifest;
        let mut columns = Columns::with_dicts(self.engine.dicts().clone(), self.len());
        for &s in &self.slot_at {
            let f =
                &self.filters[(s / m.filter_size) as usize].as_ref().expect("all here")[(s % m.filter_size) as usize];
            let tags: Vec<u32> = f.tags.iter().map(|&t| self.tag_ids.engine(t)).collect();
            let category = f.category.map(|c| self.category_ids.engine(c));
            let author = f.author.map(|a| self.author_ids.engine(a));
            if tags.contains(&NONE) || category == Some(NONE) || author == Some(NONE) {
                return Err(invalid("a filter shard names a tag, category or author without articles".into()));
            }
            columns.push(f.date, f.likes, f.read_minutes, category, author, &tags);
        }
        if !columns.dates_in_order() {
            return Err(invalid("the filter shards' dates are not in the index's order".into()));
        }
        let totals = self.engine.totals().clone();
        self.engine.add_columns(columns);
        if *self.engine.totals() != totals {
            return Err(invalid("the filter shards disagree with the manifest's counts".into()));
        }
        Ok(())
    }

    /// The parts that `lacks` stand for.
    fn parts_for(&self, lacks: &[Lack]) -> Vec<Part> {
        let m = &self.manifest;
        let mut parts = Vec::new();
        for lack in lacks {
            match *lack {
                Lack::Tag(t) => {
                    let older = self.tag_ids.to_manifest.get(t as usize).and_then(|&id| m.tag_shard_of(id));
                    parts.extend(older.map(Part::Tags).into_iter().chain([Part::Recent]));
                }
                Lack::Columns => parts.extend((0..m.filters.len() as u32).map(Part::Filters)),
                Lack::Titles => parts.extend([Part::Titles, Part::Recent]),
            }
        }
        self.missing(parts.into_iter())
    }

    /// Answers `query` (its page, or every page up to it), or names the parts it still
    /// needs: first the dictionary pieces of its words, the recent part and what the
    /// engine lacks for the results; then the posting shards of the words they matched;
    /// then the cards of the page and, for the facet counts, the filter shards.
    pub fn search(&mut self, q: &Query, pages: Pages) -> Result<Answer, SearchError> {
        q.validate()?;
        let words = if text::has_words(&q.text) { Word::all(&q.text) } else { Vec::new() };
        if q.effective_sort() == Sort::Title && self.title_order.is_none() {
            if let (Some(older), Some(recent)) = (&self.titles, &self.recent) {
                self.title_order = Some(self.title_order(older, &recent.titles));
            }
        }
        let lacks = self.engine.lacks(q, self.title_order.is_some());
        let mut needs = self.parts_for(&lacks);
        if !words.is_empty() {
            let m = &self.manifest;
            let mut pieces = Vec::new();
            for word in &words {
                let (dictionary, reverse) = m.words.pieces(word);
                pieces
                    .extend(dictionary.into_iter().map(Part::Dictionary).chain(reverse.into_iter().map(Part::Reverse)));
            }
            needs.extend(self.missing(pieces.into_iter().chain([Part::Recent])));
        }
        if !needs.is_empty() {
            return Ok(Answer::Needs(unique(needs)));
        }
        let matched: Vec<Vec<(u32, Quality)>> = words.iter().map(|w| self.matched(w)).collect();
        let postings = matched.iter().flatten().filter(|(id, _)| *id < self.manifest.words.count);
        let needs = self.missing(postings.map(|&(id, _)| Part::Postings(self.manifest.words.postings_of(id))));
        if !needs.is_empty() {
            return Ok(Answer::Needs(needs));
        }
        let hits = (!words.is_empty()).then(|| {
            let per_word =
                matched.iter().map(|m| word_hits(m.iter().map(|&(id, quality)| (self.word_postings(id), quality))));
            text::intersect_all(per_word)
        });
        let found = match self.engine.search(q, hits.as_deref(), self.title_order.as_ref(), pages) {
            Ok(found) => found,
            Err(lacks) => {
                let parts = self.parts_for(&lacks);
                if parts.is_empty() {
                    return Err(SearchError::Data(invalid("the parts of the index do not fit together".into())));
                }
                return Ok(Answer::Needs(parts));
            }
        };
        let incomplete = if found.facets_pending { self.parts_for(&[Lack::Columns]) } else { Vec::new() };
        let cards = self.missing(found.ids.iter().filter_map(|&p| self.display_part(p)));
        if !cards.is_empty() {
            return Ok(Answer::Needs(unique(cards.into_iter().chain(incomplete))));
        }
        let m = &self.manifest;
        let mut result = found.result;
        result.hits = found
            .ids
            .iter()
            .map(|&p| materialize(self.record(p).expect("checked above"), &m.tags, &m.authors, &m.categories))
            .collect();
        let prefetch = self.missing(found.next.iter().filter_map(|&p| self.display_part(p)));
        Ok(Answer::Ready { result, incomplete, prefetch })
    }

    /// The words `word` matches, by id (older ordinals, then the recent words after
    /// them), each with how it matched.
    fn matched(&self, word: &Word) -> Vec<(u32, Quality)> {
        let m = &self.manifest;
        let (forward, reverse) = super::words::lookups(word);
        let (dictionary, backward) = m.words.pieces(word);
        let mut candidates: Vec<(u32, String)> = Vec::new();
        for i in dictionary {
            let first = m.words.dictionary[i as usize].1;
            for (k, w) in self.dictionary[i as usize].iter().flatten().enumerate() {
                if forward.iter().any(|p| w.starts_with(p.as_str())) {
                    candidates.push((first + k as u32, w.clone()));
                }
            }
        }
        if let Some(key) = &reverse {
            for i in backward {
                for (k, ordinal) in self.reverse[i as usize].iter().flatten() {
                    if k.starts_with(key.as_str()) {
                        candidates.push((*ordinal, super::words::backwards(k)));
                    }
                }
            }
        }
        let recent = self.recent.iter().flat_map(|r| r.words.iter().enumerate());
        candidates.extend(recent.map(|(j, (w, _))| (m.words.count + j as u32, w.clone())));
        word.matches(candidates.iter().map(|(id, w)| (*id, w.as_str())))
    }

    /// The postings of word `id` (see [`Sharded::matched`]), which are loaded.
    fn word_postings(&self, id: u32) -> &[Posting] {
        let m = &self.manifest;
        match id.checked_sub(m.words.count) {
            Some(j) => self.recent.as_ref().map_or(&[][..], |r| r.words[j as usize].1.as_slice()),
            None => {
                let i = m.words.postings_of(id);
                let lists = self.postings[i as usize].as_ref().expect("checked by search");
                &lists[(id - m.words.postings[i as usize].0) as usize]
            }
        }
    }

    /// The display part holding the card at position `p`, unless it came with the manifest.
    fn display_part(&self, p: DocId) -> Option<Part> {
        let s = self.slot_at[p as usize];
        if (p as usize) < self.newest.len() {
            return None;
        }
        Some(Part::Display(s / self.manifest.display_size))
    }

    /// The record at position `p`, if its shard (or the manifest) brought it.
    fn record(&self, p: DocId) -> Option<&Record> {
        let s = self.slot_at[p as usize];
        if let Some(record) = self.newest.get(p as usize) {
            return Some(record);
        }
        let size = self.manifest.display_size;
        self.display[(s / size) as usize].as_ref().map(|records| &records[(s % size) as usize])
    }

    /// The parts of `parts` not loaded yet, each once, in first-seen order.
    fn missing(&self, parts: impl Iterator<Item = Part>) -> Vec<Part> {
        unique(parts.filter(|&p| !self.is_loaded(p)))
    }

    /// Every article in title order: the older slots in their order (the dead left
    /// out), each recent one before the older entry at its place.
    fn title_order(&self, older: &[u32], recent: &[(u32, u32)]) -> Order {
        let mut order = Vec::with_capacity(self.len());
        let mut next = recent.iter().peekable();
        let live = |s: u32| self.position_of[s as usize];
        for at in 0..=older.len() as u32 {
            while let Some(&&(s, _)) = next.peek().filter(|(_, place)| *place == at) {
                order.push(live(s));
                next.next();
            }
            if let Some(&s) = older.get(at as usize) {
                if live(s) != NONE {
                    order.push(live(s));
                }
            }
        }
        Order::new(order)
    }
}

impl Manifest {
    /// True when the author, category and tag ids are all within the dictionaries.
    pub fn covers(&self, author: Option<u32>, category: Option<u32>, tags: &[u32]) -> bool {
        author.is_none_or(|a| (a as usize) < self.authors.len())
            && category.is_none_or(|c| (c as usize) < self.categories.len())
            && tags.iter().all(|&t| (t as usize) < self.tags.len())
    }

    /// Whether a tag entry holds ascending slots of `range` and ids of the dictionaries.
    fn entry_fits(&self, e: &TagEntry, range: core::ops::Range<u32>) -> bool {
        e.postings.0.windows(2).all(|w| w[0] < w[1])
            && e.postings.0.first().is_none_or(|s| range.contains(s))
            && e.postings.0.last().is_none_or(|s| range.contains(s))
            && e.co_tags.iter().all(|&(t, _)| (t as usize) < self.tags.len())
            && e.categories.iter().all(|&(c, _)| (c as usize) < self.categories.len())
            && e.authors.iter().all(|&(a, _)| (a as usize) < self.authors.len())
    }
}
