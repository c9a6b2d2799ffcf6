//! Answering queries over a sharded index from whichever parts are loaded.
//!
//! [`Sharded::search`] either answers, or names the parts it lacks; the caller fetches
//! them, hands them over with [`Sharded::add`] and asks again. The answers are exactly
//! the one-file engine's: the empty query comes from the manifest's counts, a single
//! tag from its tag shard and the recent tags (posting lists and the counts within
//! them), everything else from the engine over the filter shards (and the text shards
//! and recent words for words, the title order for that sort); the cards come from the
//! display shards. Parts hold storage positions (oldest first); what is kept here has
//! been turned into the engine's positions (newest first) as it arrived.

use super::*;
use crate::ascii::digits;
use crate::blob::{self, BlobError};
use crate::engine::text::{self, TextIndex, TYPO_MIN_CHARS};
use crate::engine::{
    Columns, Dicts, Engine, Lack, Order, Pages, Query, QueryError, SearchResult, Sort, Totals, Within,
};
use crate::index::materialize;

/// What [`Sharded::search`] gives.
#[derive(Debug)]
pub enum Answer {
    /// The result, and parts worth fetching ahead (the next page's cards).
    Ready(SearchResult, Vec<Part>),
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

pub struct Sharded {
    manifest: Manifest,
    display: Vec<Option<Vec<Record>>>,
    /// Tag shards and the recent tags, with postings as ascending engine positions.
    tags: Vec<Option<TagShard>>,
    recent_tags: Option<Vec<(u32, TagEntry)>>,
    filters: Vec<Option<FilterShard>>,
    /// The older articles' storage positions in title order.
    titles: Option<Vec<u32>>,
    /// Text shards and the recent words, with absolute ascending engine positions.
    text: Vec<Option<Vec<TermPostings>>>,
    recent_text: Option<Vec<TermPostings>>,
    /// The engine over what has arrived: the manifest's totals, the tags whose shards
    /// are here, and every article's columns once every filter shard is.
    engine: Engine,
    /// The title order, once its parts are here and a query sorts by title.
    title_order: Option<Order>,
    /// The text index over the loaded text shards, and how many there were.
    text_index: Option<(usize, TextIndex)>,
}

fn invalid(what: String) -> BlobError {
    BlobError::Payload(what)
}

impl Sharded {
    /// Reads the manifest (`index.bin` of a sharded index).
    pub fn open(bytes: &[u8]) -> Result<Sharded, BlobError> {
        let m: Manifest = blob::decode_part(bytes, PART_MANIFEST)?;
        let n = m.articles as usize;
        for (name, dict) in [("tags", &m.tags), ("authors", &m.authors), ("categories", &m.categories)] {
            if dict.windows(2).any(|w| w[0] >= w[1]) {
                return Err(invalid(["the ", name, " dictionary is not strictly sorted"].concat()));
            }
        }
        let lengths_agree = m.tag_totals.len() == m.tags.len()
            && m.category_totals.len() == m.categories.len()
            && m.author_totals.len() == m.authors.len()
            && m.display.len() == n.div_ceil(m.display_size.max(1) as usize)
            && m.filters.len() == n.div_ceil(m.filter_size.max(1) as usize)
            && m.tag_starts.len() == m.tag_shards.len()
            && m.tag_starts.windows(2).all(|w| w[0] < w[1])
            && m.tag_starts.first().is_none_or(|&s| s == 0)
            && m.tag_starts.last().is_none_or(|&s| (s as usize) < m.tags.len())
            && (m.tags.is_empty() || !m.tag_shards.is_empty())
            && m.display_size > 0
            && m.filter_size > 0
            && m.tail <= m.articles
            // The recent articles are all in the last filter shard.
            && (m.tail == m.articles || m.tail as usize >= (m.filters.len() - 1) * m.filter_size as usize)
            && !m.text.is_empty();
        if !lengths_agree {
            return Err(invalid("the manifest's lists disagree with its counts".into()));
        }
        let dicts = Dicts { tags: m.tags.clone(), authors: m.authors.clone(), categories: m.categories.clone() };
        let totals = Totals {
            tags: m.tag_totals.clone(),
            categories: m.category_totals.clone(),
            authors: m.author_totals.clone(),
        };
        let mut sharded = Sharded {
            display: vec![None; m.display.len()],
            tags: vec![None; m.tag_shards.len()],
            recent_tags: None,
            filters: vec![None; m.filters.len()],
            titles: None,
            text: vec![None; m.text.len()],
            recent_text: None,
            engine: Engine::partial(n, dicts, totals),
            title_order: None,
            text_index: None,
            manifest: m,
        };
        // An empty index has no filter shards to wait for.
        sharded.give_columns()?;
        // The newest display shards travel inside the manifest; they are checked like any other.
        let mut newest = core::mem::take(&mut sharded.manifest.newest_display);
        let mut shard = sharded.display.len() as u32;
        while !newest.is_empty() && shard > 0 {
            shard -= 1;
            let len = sharded.manifest.positions(shard, sharded.manifest.display_size).len();
            let records = newest.split_off(newest.len().saturating_sub(len));
            sharded.add_display(shard, DisplayShard { records })?;
        }
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
        match part {
            Part::Display(i) => self.display.get(i as usize).is_some_and(Option::is_some),
            Part::Tags(i) => self.tags.get(i as usize).is_some_and(Option::is_some),
            Part::Filters(i) => self.filters.get(i as usize).is_some_and(Option::is_some),
            Part::Text(i) => self.text.get(i as usize).is_some_and(Option::is_some),
            Part::Titles => self.titles.is_some(),
            Part::RecentTags => self.recent_tags.is_some(),
            Part::RecentText => self.recent_text.is_some(),
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
        // Older parts hold the storage positions before the tail, recent ones the rest.
        let (older, recent) = (0..m.tail, m.tail..m.articles);
        match part {
            Part::Display(i) => return self.add_display(i, blob::decode_part(bytes, PART_DISPLAY)?),
            Part::Tags(i) => {
                let mut shard: TagShard = blob::decode_part(bytes, PART_TAGS)?;
                let start =
                    *m.tag_starts.get(i as usize).ok_or_else(|| invalid(["no tag shard ", &digits(i)].concat()))?;
                let end = m.tag_starts.get(i as usize + 1).copied().unwrap_or(m.tags.len() as u32);
                let ok = shard.entries.len() == (end - start) as usize
                    && shard.entries.iter_mut().all(|e| self.manifest.take_entry(e, &older));
                if !ok {
                    return Err(invalid(["tag shard ", &digits(i), " does not fit the manifest"].concat()));
                }
                self.tags[i as usize] = Some(shard);
                self.give_tags(Some(i));
            }
            Part::RecentTags => {
                let mut shard: RecentTags = blob::decode_part(bytes, PART_RECENT_TAGS)?;
                let ok = shard.entries.windows(2).all(|w| w[0].0 < w[1].0)
                    && shard.entries.last().is_none_or(|&(t, _)| (t as usize) < m.tags.len())
                    && shard.entries.iter_mut().all(|(_, e)| self.manifest.take_entry(e, &recent));
                if !ok {
                    return Err(invalid("the recent tags do not fit the manifest".into()));
                }
                self.recent_tags = Some(shard.entries);
                self.give_tags(None);
            }
            Part::Filters(i) => {
                let shard: FilterShard = blob::decode_part(bytes, PART_FILTERS)?;
                let last = i as usize + 1 == m.filters.len();
                let recent = if last { (m.articles - m.tail) as usize } else { 0 };
                let mut placed = vec![false; recent];
                let ok = (i as usize) < m.filters.len()
                    && shard.records.len() == m.positions(i, m.filter_size).len()
                    && shard.recent_titles.len() == recent
                    && shard.recent_titles.windows(2).all(|w| w[0].1 <= w[1].1)
                    && shard.recent_titles.iter().all(|&(s, at)| {
                        let fresh = s
                            .checked_sub(m.tail)
                            .and_then(|k| placed.get_mut(k as usize))
                            .is_some_and(|seen| !core::mem::replace(seen, true));
                        fresh && at <= m.tail
                    })
                    && shard.records.iter().all(|r| m.covers(r.author, r.category, &r.tags));
                if !ok {
                    return Err(invalid(["filter shard ", &digits(i), " does not fit the manifest"].concat()));
                }
                self.filters[i as usize] = Some(shard);
                self.give_columns()?;
            }
            Part::Titles => {
                let shard: TitleOrder = blob::decode_part(bytes, PART_TITLES)?;
                let mut order = vec![u32::MAX; m.tail as usize];
                if shard.ranks.len() == order.len() {
                    for (s, &rank) in shard.ranks.iter().enumerate() {
                        if let Some(slot) = order.get_mut(rank as usize) {
                            *slot = s as u32;
                        }
                    }
                }
                if order.contains(&u32::MAX) || shard.ranks.len() != order.len() {
                    return Err(invalid("the title order is not a permutation of the older articles".into()));
                }
                self.titles = Some(order);
            }
            Part::Text(i) => {
                let shard: TextShard = blob::decode_part(bytes, PART_TEXT)?;
                let terms = self.manifest.take_terms(shard, &older, || ["text shard ", &digits(i)].concat())?;
                let slot =
                    self.text.get_mut(i as usize).ok_or_else(|| invalid(["no text shard ", &digits(i)].concat()))?;
                *slot = Some(terms);
            }
            Part::RecentText => {
                let shard: TextShard = blob::decode_part(bytes, PART_RECENT_TEXT)?;
                self.recent_text = Some(self.manifest.take_terms(shard, &recent, || "the recent words".into())?);
            }
        }
        Ok(())
    }

    fn add_display(&mut self, i: u32, shard: DisplayShard) -> Result<(), BlobError> {
        let m = &self.manifest;
        let ok = (i as usize) < m.display.len()
            && shard.records.len() == m.positions(i, m.display_size).len()
            && shard.records.iter().all(|r| m.covers(r.author, r.category, &r.tags));
        if !ok {
            return Err(invalid(["display shard ", &digits(i), " does not fit the manifest"].concat()));
        }
        self.display[i as usize] = Some(shard.records);
        Ok(())
    }

    /// Gives the engine the tags of tag shard `shard` (every loaded one for `None`) once
    /// the recent tags are here too: each tag's articles, the recent ones (the newest)
    /// first, and the counts within them.
    fn give_tags(&mut self, shard: Option<u32>) {
        if self.manifest.has_recent() && self.recent_tags.is_none() {
            return;
        }
        let recent = self.recent_tags.as_deref().unwrap_or_default();
        let shards = match shard {
            Some(i) => i as usize..i as usize + 1,
            None => 0..self.tags.len(),
        };
        for i in shards {
            let Some(loaded) = &self.tags[i] else { continue };
            let start = self.manifest.tag_starts[i];
            for (k, older) in loaded.entries.iter().enumerate() {
                let t = start + k as u32;
                let newer = recent.binary_search_by_key(&t, |(t, _)| *t).ok().map(|j| &recent[j].1);
                let entries: Vec<&TagEntry> = newer.into_iter().chain([older]).collect();
                let postings = entries.iter().flat_map(|e| e.postings.0.iter().copied()).collect();
                let joined = |pairs: &dyn Fn(&TagEntry) -> &[(u32, u32)]| -> Vec<(u32, u32)> {
                    let mut all: Vec<(u32, u32)> = entries.iter().flat_map(|e| pairs(e).iter().copied()).collect();
                    all.sort_unstable();
                    let mut out: Vec<(u32, u32)> = Vec::with_capacity(all.len());
                    for (id, count) in all {
                        match out.last_mut() {
                            Some(last) if last.0 == id => last.1 += count,
                            _ => out.push((id, count)),
                        }
                    }
                    out
                };
                let within = Within {
                    tags: joined(&|e| &e.co_tags),
                    categories: joined(&|e| &e.categories),
                    authors: joined(&|e| &e.authors),
                };
                self.engine.add_tag(t, postings, Some(within));
            }
        }
    }

    /// Gives the engine every article's columns once every filter shard is here.
    fn give_columns(&mut self) -> Result<(), BlobError> {
        if self.engine.has_columns() || self.filters.iter().any(Option::is_none) {
            return Ok(());
        }
        let dicts = self.engine.dicts().clone();
        let mut columns = Columns::with_dicts(dicts, self.len());
        // Engine positions are storage positions backwards.
        for r in self.filters.iter().rev().flatten().flat_map(|shard| shard.records.iter().rev()) {
            columns.push(r.date, r.likes, r.read_minutes, r.category, r.author, &r.tags);
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
        let recent = m.has_recent().then_some(Part::RecentTags);
        let last_filters = m.filters.len().checked_sub(1).map(|i| Part::Filters(i as u32));
        let mut parts = Vec::new();
        for lack in lacks {
            match *lack {
                Lack::Tag(t) => parts.extend([Part::Tags(m.tag_shard_of(t))].into_iter().chain(recent)),
                Lack::Columns => parts.extend((0..m.filters.len() as u32).map(Part::Filters)),
                Lack::Titles => parts.extend([Part::Titles].into_iter().chain(last_filters)),
            }
        }
        self.missing(parts.into_iter())
    }

    /// Answers `query` (its page, or every page up to it), or names the parts it still needs.
    pub fn search(&mut self, q: &Query, pages: Pages) -> Result<Answer, SearchError> {
        q.validate()?;
        let text = if text::has_words(&q.text) {
            let missing = self.missing(self.text_parts(&q.text).into_iter());
            if !missing.is_empty() {
                return Ok(Answer::Needs(missing));
            }
            self.ensure_text_index();
            Some(self.text_index.as_ref().and_then(|(_, t)| t.search(&q.text)).unwrap_or_default())
        } else {
            None
        };
        if q.effective_sort() == Sort::Title && self.title_order.is_none() {
            let recent = match self.filters.last() {
                Some(last) => last.as_ref().map(|f| f.recent_titles.as_slice()),
                None => Some(&[][..]),
            };
            if let (Some(older), Some(recent)) = (&self.titles, recent) {
                self.title_order = Some(self.title_order(older, recent));
            }
        }
        let found = match self.engine.search(q, text.as_deref(), self.title_order.as_ref(), pages) {
            Ok(found) if found.facets_pending => Err(vec![Lack::Columns]),
            other => other,
        };
        let found = match found {
            Ok(found) => found,
            Err(lacks) => {
                let parts = self.parts_for(&lacks);
                if parts.is_empty() {
                    return Err(SearchError::Data(invalid("the parts of the index do not fit together".into())));
                }
                return Ok(Answer::Needs(parts));
            }
        };
        let m = &self.manifest;
        let missing = self.missing(found.ids.iter().map(|&d| Part::Display(m.display_of(d).0)));
        if !missing.is_empty() {
            return Ok(Answer::Needs(missing));
        }
        let mut result = found.result;
        result.hits = found
            .ids
            .iter()
            .map(|&d| {
                let (shard, at) = m.display_of(d);
                let record = &self.display[shard as usize].as_ref().expect("checked above")[at];
                materialize(record, &m.tags, &m.authors, &m.categories)
            })
            .collect();
        let prefetch = self.missing(found.next.iter().map(|&d| Part::Display(m.display_of(d).0)));
        Ok(Answer::Ready(result, prefetch))
    }

    /// The parts of `parts` not loaded yet, each once, in first-seen order.
    fn missing(&self, parts: impl Iterator<Item = Part>) -> Vec<Part> {
        unique(parts.filter(|&p| !self.is_loaded(p)))
    }

    /// The text shards a text query needs: its words' first characters' shards, or
    /// every shard when a word is long enough to match with a typo (a typo may be in
    /// the first character); and the recent words.
    fn text_parts(&self, text: &str) -> Vec<Part> {
        let words = text::terms(&text::fold(text));
        let buckets = self.text.len();
        let recent = (!words.is_empty() && self.manifest.has_recent()).then_some(Part::RecentText);
        if words.iter().any(|w| w.chars().count() >= TYPO_MIN_CHARS) {
            return (0..buckets as u32).map(Part::Text).chain(recent).collect();
        }
        let older = words.iter().filter_map(|w| w.chars().next()).map(|c| Part::Text(text_bucket(c, buckets)));
        unique(older.chain(recent))
    }

    /// Every article in title order (engine positions): the older ones in their order,
    /// each recent one before the older one at its place.
    fn title_order(&self, older: &[u32], recent: &[(u32, u32)]) -> Order {
        let m = &self.manifest;
        let mut order = Vec::with_capacity(m.articles as usize);
        let mut next = recent.iter().peekable();
        for at in 0..=older.len() {
            while let Some(&&(s, _)) = next.peek().filter(|(_, place)| *place as usize == at) {
                order.push(m.stored(s));
                next.next();
            }
            if let Some(&s) = older.get(at) {
                order.push(m.stored(s));
            }
        }
        Order::new(order)
    }

    /// (Re)builds the text index when more text shards have arrived. A term may be in
    /// the recent words and in an older shard: its postings are joined, the recent ones
    /// (the newest, so the lowest positions) first.
    fn ensure_text_index(&mut self) {
        let loaded = self.text.iter().flatten().count() + usize::from(self.recent_text.is_some());
        if loaded == 0 || self.text_index.as_ref().is_some_and(|(k, _)| *k == loaded) {
            return;
        }
        // By term, the recent copy (`false`) before the older one: no stable sort needed.
        let recent = self.recent_text.iter().flatten().map(|t| (false, t));
        let older = self.text.iter().flatten().flatten().map(|t| (true, t));
        let mut terms: Vec<(bool, &TermPostings)> = recent.chain(older).collect();
        terms.sort_unstable_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.0.cmp(&b.0)));
        let mut joined: Vec<TermPostings> = Vec::with_capacity(terms.len());
        for (_, (term, postings)) in terms {
            match joined.last_mut() {
                Some((last, before)) if last == term => before.extend_from_slice(postings),
                _ => joined.push((term.clone(), postings.clone())),
            }
        }
        self.text_index = Some((loaded, TextIndex::from_terms(joined)));
    }
}

impl Manifest {
    /// Checks a tag entry of a part holding the storage positions `range`, and turns
    /// its postings into ascending engine positions.
    fn take_entry(&self, e: &mut TagEntry, range: &core::ops::Range<u32>) -> bool {
        let ok = e.postings.0.windows(2).all(|w| w[0] < w[1])
            && e.postings.0.first().is_none_or(|s| range.contains(s))
            && e.postings.0.last().is_none_or(|s| range.contains(s))
            && e.co_tags.iter().all(|&(t, _)| (t as usize) < self.tags.len())
            && e.categories.iter().all(|&(c, _)| (c as usize) < self.categories.len())
            && e.authors.iter().all(|&(a, _)| (a as usize) < self.authors.len());
        if ok {
            e.postings.0.reverse();
            e.postings.0.iter_mut().for_each(|s| *s = self.stored(*s));
        }
        ok
    }

    /// The terms of a text part holding the storage positions `range`, their gaps
    /// summed into ascending engine positions. `what` names the part in an error.
    fn take_terms(
        &self,
        shard: TextShard,
        range: &core::ops::Range<u32>,
        what: impl Fn() -> String,
    ) -> Result<Vec<TermPostings>, BlobError> {
        let mut terms = Vec::with_capacity(shard.terms.len());
        for (term, gaps) in shard.terms {
            let mut at = 0u32;
            let mut postings = Vec::with_capacity(gaps.len());
            for (k, (gap, field)) in gaps.into_iter().enumerate() {
                at = at
                    .checked_add(gap)
                    .filter(|d| range.contains(d) && (k == 0 || gap > 0))
                    .ok_or_else(|| invalid([&what(), ": the postings of `", &term, "` are out of range"].concat()))?;
                postings.push((self.stored(at), field));
            }
            postings.reverse();
            terms.push((term, postings));
        }
        Ok(terms)
    }
}
