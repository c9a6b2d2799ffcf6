//! Answering queries over a sharded index from whichever parts are loaded.
//!
//! [`Sharded::search`] either answers, or names the parts it lacks; the caller fetches
//! them, hands them over with [`Sharded::add`] and asks again. The answers are exactly
//! the one-file engine's: the empty query comes from the manifest's counts, a single
//! tag from its tag shard (posting list and the counts within it), everything else from
//! the engine over the filter shards (and the text shards for words); the cards come
//! from the display shards.

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
    tags: Vec<Option<TagShard>>,
    filters: Vec<Option<FilterShard>>,
    /// Text shards with absolute document positions.
    text: Vec<Option<Vec<TermPostings>>>,
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
            && !m.text.is_empty();
        if !lengths_agree {
            return Err(invalid("the manifest's lists disagree with its counts".into()));
        }
        let mut sharded = Sharded {
            display: vec![None; m.display.len()],
            tags: vec![None; m.tag_shards.len()],
            filters: vec![None; m.filters.len()],
            text: vec![None; m.text.len()],
            engine: None,
            text_index: None,
            manifest: m,
        };
        // The first display shard travels inside the manifest; it is checked like any other.
        if !sharded.manifest.first_display.is_empty() {
            let first = DisplayShard { records: core::mem::take(&mut sharded.manifest.first_display) };
            sharded.add_display(0, first)?;
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
        let n = m.articles as usize;
        match part {
            Part::Display(i) => return self.add_display(i, blob::decode_part(bytes, PART_DISPLAY)?),
            Part::Tags(i) => {
                let shard: TagShard = blob::decode_part(bytes, PART_TAGS)?;
                let start =
                    *m.tag_starts.get(i as usize).ok_or_else(|| invalid(["no tag shard ", &digits(i)].concat()))?;
                let end = m.tag_starts.get(i as usize + 1).copied().unwrap_or(m.tags.len() as u32);
                let ok = shard.entries.len() == (end - start) as usize
                    && shard.entries.iter().all(|e| {
                        e.postings.0.windows(2).all(|w| w[0] < w[1])
                            && e.postings.0.last().is_none_or(|&d| (d as usize) < n)
                            && e.co_tags.iter().all(|&(t, _)| (t as usize) < m.tags.len())
                            && e.categories.iter().all(|&(c, _)| (c as usize) < m.categories.len())
                            && e.authors.iter().all(|&(a, _)| (a as usize) < m.authors.len())
                    });
                if !ok {
                    return Err(invalid(["tag shard ", &digits(i), " does not fit the manifest"].concat()));
                }
                self.tags[i as usize] = Some(shard);
            }
            Part::Filters(i) => {
                let shard: FilterShard = blob::decode_part(bytes, PART_FILTERS)?;
                let len = m.positions(i, m.filter_size).len();
                let ok = (i as usize) < m.filters.len()
                    && shard.records.len() == len
                    && shard.title_ranks.len() == len
                    && shard.title_ranks.iter().all(|&r| (r as usize) < n)
                    && shard.records.iter().all(|r| m.covers(r.author, r.category, &r.tags));
                if !ok {
                    return Err(invalid(["filter shard ", &digits(i), " does not fit the manifest"].concat()));
                }
                self.filters[i as usize] = Some(shard);
            }
            Part::Text(i) => {
                let shard: TextShard = blob::decode_part(bytes, PART_TEXT)?;
                let mut terms = Vec::with_capacity(shard.terms.len());
                for (term, gaps) in shard.terms {
                    let mut at = 0u32;
                    let mut postings = Vec::with_capacity(gaps.len());
                    for (k, (gap, field)) in gaps.into_iter().enumerate() {
                        at = at.checked_add(gap).filter(|&d| (d as usize) < n && (k == 0 || gap > 0)).ok_or_else(
                            || {
                                invalid(
                                    ["text shard ", &digits(i), ": the postings of `", &term, "` are out of range"]
                                        .concat(),
                                )
                            },
                        )?;
                        postings.push((at, field));
                    }
                    terms.push((term, postings));
                }
                let slot =
                    self.text.get_mut(i as usize).ok_or_else(|| invalid(["no text shard ", &digits(i)].concat()))?;
                *slot = Some(terms);
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
                let shard = self.manifest.tag_shard_of(t);
                let Some(Some(tags)) = self.tags.get(shard as usize) else {
                    return Ok(Answer::Needs(vec![Part::Tags(shard)]));
                };
                let entry = &tags.entries[(t - self.manifest.tag_starts[shard as usize]) as usize];
                let m = &self.manifest;
                let dense = |pairs: &[(u32, u32)], len: usize| {
                    let mut counts = vec![0u32; len];
                    for &(v, c) in pairs {
                        counts[v as usize] = c;
                    }
                    counts
                };
                // In `any` mode the tag counts ignore the tag group: everything.
                let tag_counts =
                    if q.mode == Mode::Any { m.tag_totals.clone() } else { dense(&entry.co_tags, m.tags.len()) };
                let facets = self.facets(
                    q,
                    &tag_counts,
                    &dense(&entry.categories, m.categories.len()),
                    &dense(&entry.authors, m.authors.len()),
                );
                let docs = &entry.postings.0;
                self.paged(q, docs.len() as u32, |i| docs[i], facets)
            }
            Plan::Engine => {
                let filters = (0..self.filters.len() as u32).map(Part::Filters);
                let missing = self.missing(filters.chain(self.text_parts(&q.text)));
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
        let size = self.manifest.display_size;
        let missing = self.missing(ids.iter().map(|&d| Part::Display(d / size)));
        if !missing.is_empty() {
            return Ok(Answer::Needs(missing));
        }
        let m = &self.manifest;
        result.hits = ids
            .iter()
            .map(|&d| {
                let shard = self.display[(d / size) as usize].as_ref().expect("checked above");
                let record = &shard[(d % size) as usize];
                materialize(record, &m.tags, &m.authors, &m.categories)
            })
            .collect();
        let prefetch = self.missing(next.iter().map(|&d| Part::Display(d / size)));
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
    /// the first character).
    fn text_parts(&self, text: &str) -> Vec<Part> {
        let words = text::terms(&text::fold(text));
        let buckets = self.text.len();
        if words.iter().any(|w| w.chars().count() >= TYPO_MIN_CHARS) {
            return (0..buckets as u32).map(Part::Text).collect();
        }
        unique(words.iter().filter_map(|w| w.chars().next()).map(|c| Part::Text(text_bucket(c, buckets))))
    }

    /// Builds the engine once every filter shard is loaded.
    fn ensure_engine(&mut self) -> Result<(), BlobError> {
        if self.engine.is_some() {
            return Ok(());
        }
        let m = &self.manifest;
        let n = m.articles as usize;
        let mut articles = Vec::with_capacity(n);
        let mut order = vec![u32::MAX; n];
        let mut postings = vec![Vec::new(); m.tags.len()];
        for shard in self.filters.iter().flatten() {
            for (r, &rank) in shard.records.iter().zip(&shard.title_ranks) {
                let d = articles.len() as u32;
                for &t in &r.tags {
                    postings[t as usize].push(d);
                }
                order[rank as usize] = d;
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
        if order.contains(&u32::MAX) {
            return Err(invalid("the filter shards' title ranks are not a permutation".into()));
        }
        let index = Index {
            tags: m.tags.clone(),
            authors: m.authors.clone(),
            categories: m.categories.clone(),
            articles,
            postings: postings.into_iter().map(crate::index::Postings).collect(),
        };
        index.validate()?;
        let engine = Engine::new(index);
        engine.set_title_order(order);
        self.engine = Some(engine);
        Ok(())
    }

    /// (Re)builds the text index when more text shards have arrived.
    fn ensure_text_index(&mut self) {
        let loaded = self.text.iter().flatten().count();
        if loaded == 0 || self.text_index.as_ref().is_some_and(|(k, _)| *k == loaded) {
            return;
        }
        let terms = self.text.iter().flatten().flatten().cloned().collect();
        self.text_index = Some((loaded, TextIndex::from_terms(terms)));
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
