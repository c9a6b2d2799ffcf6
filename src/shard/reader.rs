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
use crate::engine::{facet, Engine, Facets, Mode, Query, QueryError, SearchResult, Sort};
use crate::index::{materialize, Index};

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

/// How a query is answered.
enum Plan {
    /// No filter, newest first: the manifest's counts.
    Everything,
    /// One known tag and nothing else, newest first: its tag shard.
    OneTag(u32),
    /// Anything else: the engine over the filter shards.
    Engine,
}

pub struct Sharded {
    manifest: Manifest,
    display: Vec<Option<Vec<Record>>>,
    /// Tag shards and the recent tags, with postings as ascending engine positions.
    tags: Vec<Option<TagShard>>,
    recent_tags: Option<Vec<(u32, TagEntry)>>,
    filters: Vec<Option<FilterShard>>,
    /// The older articles' storage positions in title order, and whether the engine
    /// has been given the whole order made from them.
    titles: Option<Vec<u32>>,
    titles_given: bool,
    /// Text shards and the recent words, with absolute ascending engine positions.
    text: Vec<Option<Vec<TermPostings>>>,
    recent_text: Option<Vec<TermPostings>>,
    engine: Option<Engine>,
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
        let mut sharded = Sharded {
            display: vec![None; m.display.len()],
            tags: vec![None; m.tag_shards.len()],
            recent_tags: None,
            filters: vec![None; m.filters.len()],
            titles: None,
            titles_given: false,
            text: vec![None; m.text.len()],
            recent_text: None,
            engine: None,
            text_index: None,
            manifest: m,
        };
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

    fn plan(&self, q: &Query) -> Plan {
        let plain = q.exclude.is_empty()
            && q.categories.is_empty()
            && q.authors.is_empty()
            && q.from.is_none()
            && q.to.is_none()
            && !text::has_words(&q.text)
            && q.effective_sort() == Sort::Newest;
        match q.tags.as_slice() {
            [] if plain => Plan::Everything,
            [tag] if plain => match self.manifest.tags.binary_search(tag) {
                Ok(t) => Plan::OneTag(t as u32),
                Err(_) => Plan::Engine,
            },
            _ => Plan::Engine,
        }
    }

    /// Answers `query`, or names the parts it still needs.
    pub fn search(&mut self, q: &Query) -> Result<Answer, SearchError> {
        q.validate()?;
        let (mut result, ids, next) = match self.plan(q) {
            Plan::Everything => {
                let m = &self.manifest;
                let facets = self.facets(q, &m.tag_totals, &m.category_totals, &m.author_totals);
                // Every position, without listing them (a manifest claims its count).
                self.paged(q, m.articles, |i| i as DocId, facets)
            }
            Plan::OneTag(t) => {
                let m = &self.manifest;
                let shard = m.tag_shard_of(t);
                let recent = m.has_recent().then_some(Part::RecentTags);
                let missing = self.missing([Part::Tags(shard)].into_iter().chain(recent));
                if !missing.is_empty() {
                    return Ok(Answer::Needs(missing));
                }
                let tags = self.tags[shard as usize].as_ref().expect("checked above");
                let older = &tags.entries[(t - m.tag_starts[shard as usize]) as usize];
                let recent = self.recent_tags.as_deref().unwrap_or_default();
                let newer = recent.binary_search_by_key(&t, |(t, _)| *t).ok().map(|i| &recent[i].1);
                let entries: Vec<&TagEntry> = newer.into_iter().chain([older]).collect();
                let dense = |pairs: &dyn Fn(&TagEntry) -> &[(u32, u32)], len: usize| {
                    let mut counts = vec![0u32; len];
                    for &(v, c) in entries.iter().flat_map(|e| pairs(e)) {
                        counts[v as usize] += c;
                    }
                    counts
                };
                // In `any` mode the tag counts ignore the tag group: everything.
                let tag_counts =
                    if q.mode == Mode::Any { m.tag_totals.clone() } else { dense(&|e| &e.co_tags, m.tags.len()) };
                let facets = self.facets(
                    q,
                    &tag_counts,
                    &dense(&|e| &e.categories, m.categories.len()),
                    &dense(&|e| &e.authors, m.authors.len()),
                );
                // The recent articles are the newest: their positions come first.
                let (first, then) = match newer {
                    Some(newer) => (newer.postings.0.as_slice(), older.postings.0.as_slice()),
                    None => (older.postings.0.as_slice(), &[][..]),
                };
                let doc = |i: usize| first.get(i).copied().unwrap_or_else(|| then[i - first.len()]);
                self.paged(q, (first.len() + then.len()) as u32, doc, facets)
            }
            Plan::Engine => {
                let filters = (0..self.filters.len() as u32).map(Part::Filters);
                let titles = (q.effective_sort() == Sort::Title).then_some(Part::Titles);
                let missing = self.missing(filters.chain(self.text_parts(&q.text)).chain(titles));
                if !missing.is_empty() {
                    return Ok(Answer::Needs(missing));
                }
                self.ensure_engine().map_err(SearchError::Data)?;
                self.ensure_text_index();
                let engine = self.engine.as_ref().expect("just built");
                let text = self.text_index.as_ref().map(|(_, t)| t);
                let (result, ids) = engine.search_ids(q, text)?;
                (result, ids, Vec::new())
            }
        };
        let m = &self.manifest;
        let missing = self.missing(ids.iter().map(|&d| Part::Display(m.display_of(d).0)));
        if !missing.is_empty() {
            return Ok(Answer::Needs(missing));
        }
        result.hits = ids
            .iter()
            .map(|&d| {
                let (shard, at) = m.display_of(d);
                let record = &self.display[shard as usize].as_ref().expect("checked above")[at];
                materialize(record, &m.tags, &m.authors, &m.categories)
            })
            .collect();
        let prefetch = self.missing(next.iter().map(|&d| Part::Display(m.display_of(d).0)));
        Ok(Answer::Ready(result, prefetch))
    }

    /// The result for the `total` documents `doc(0..total)` (ascending positions,
    /// newest first) with `facets`: the page's positions, and the next page's.
    fn paged(
        &self,
        q: &Query,
        total: u32,
        doc: impl Fn(usize) -> DocId,
        facets: Facets,
    ) -> (SearchResult, Vec<DocId>, Vec<DocId>) {
        let per_page = q.per_page;
        let pages = total.div_ceil(per_page).max(1);
        let page = q.page.clamp(1, pages);
        let skip = (page - 1) as usize * per_page as usize;
        let take = |from: usize| (from..(from + per_page as usize).min(total as usize)).map(&doc).collect::<Vec<_>>();
        let result = SearchResult { total, page, pages, per_page, sort: Sort::Newest, hits: Vec::new(), facets };
        (result, take(skip), take(skip + per_page as usize))
    }

    fn facets(&self, q: &Query, tags: &[u32], categories: &[u32], authors: &[u32]) -> Facets {
        let m = &self.manifest;
        let limit = q.facet_limit as usize;
        Facets {
            tags: facet(&m.tags, tags, &q.tags, &q.exclude, limit, &q.facet_search.tags),
            categories: facet(&m.categories, categories, &q.categories, &[], limit, &q.facet_search.categories),
            authors: facet(&m.authors, authors, &q.authors, &[], limit, &q.facet_search.authors),
        }
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

    /// Builds the engine once every filter shard is loaded, and gives it the title
    /// order once that is.
    fn ensure_engine(&mut self) -> Result<(), BlobError> {
        if let Some(engine) = &self.engine {
            if let (Some(older), false) = (&self.titles, self.titles_given) {
                engine.set_title_order(self.title_order(older));
                self.titles_given = true;
            }
            return Ok(());
        }
        let m = &self.manifest;
        let n = m.articles as usize;
        let mut articles = Vec::with_capacity(n);
        let mut postings = vec![Vec::new(); m.tags.len()];
        // Engine positions are storage positions backwards.
        for shard in self.filters.iter().rev().flatten() {
            for r in shard.records.iter().rev() {
                let d = articles.len() as u32;
                for &t in &r.tags {
                    postings[t as usize].push(d);
                }
                articles.push(Record {
                    title: String::new(),
                    id_suffix: 0,
                    url: None,
                    author: r.author,
                    date: r.date,
                    category: r.category,
                    summary: String::new(),
                    tags: r.tags.clone(),
                    likes: r.likes,
                    read_minutes: r.read_minutes,
                });
            }
        }
        let index = Index {
            tags: m.tags.clone(),
            authors: m.authors.clone(),
            categories: m.categories.clone(),
            articles,
            postings: postings.into_iter().map(crate::index::Postings).collect(),
        };
        index.validate()?;
        self.engine = Some(Engine::new(index));
        self.ensure_engine()
    }

    /// Every article in title order (engine positions): the older ones in their order,
    /// each recent one before the older one at its place. Needs every filter shard.
    fn title_order(&self, older: &[u32]) -> Vec<DocId> {
        let m = &self.manifest;
        let recent = self.filters.last().and_then(Option::as_ref).map_or(&[][..], |f| &f.recent_titles);
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
        order
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

/// Answers `query` from `reader`, loading every part it asks for with `load` (given the
/// part's file name: a file beside the manifest, an entry of a table): the synchronous
/// form of the browser's fetch loop, for the CLI, the prerender step and the tests.
pub fn answer(
    reader: &mut Sharded,
    query: &Query,
    load: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
) -> Result<SearchResult, String> {
    loop {
        match reader.search(query).map_err(|e| e.to_string())? {
            Answer::Ready(result, _) => return Ok(result),
            Answer::Needs(parts) => {
                for part in parts {
                    let name = reader.manifest().file_name(part);
                    let bytes = load(&name)?;
                    reader.add(part, &bytes).map_err(|e| format!("{name}: {e}"))?;
                }
            }
        }
    }
}
