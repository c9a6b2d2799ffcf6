//! The query engine: pure Rust over an [`Index`], no web APIs, the same code natively
//! (CLI, tests, benchmarks) and in the browser.
//!
//! A query is a conjunction of *groups*: the tag group, excluded tags, categories,
//! authors, the date range and the text. Each group is a [`Bitset`] over article
//! positions; the results are their intersection. Facet counts follow Algolia
//! InstantSearch: the tag facet in `all` mode counts within the results ("results if
//! this tag were added"); OR groups (tags in `any` mode, categories, authors) count
//! within the intersection of every *other* group, so their own selection does not
//! hide the alternatives.

pub mod bitset;
pub mod json;
pub mod keys;
pub mod query;
pub mod text;

use crate::index::{DocId, Index};
use bitset::Bitset;
pub use query::{Facet, FacetSearch, FacetValue, Facets, Mode, Query, QueryError, SearchResult, Sort};
use std::cell::{OnceCell, RefCell};
use text::TextIndex;

/// An index ready to answer queries. Sort orders and the text index are built on
/// first use and kept.
pub struct Engine {
    index: Index,
    /// Articles with a date: positions `0..dated` (dates descending), then the undated.
    dated: usize,
    /// Global counts per tag, category and author, for queries that keep everything.
    tag_totals: Vec<u32>,
    category_totals: Vec<u32>,
    author_totals: Vec<u32>,
    /// Compact per-article columns (a record is ~150 bytes; these keep scans in cache).
    columns: Columns,
    /// Dense posting lists of tags, categories and authors, kept as bitsets.
    tag_sets: Sets,
    category_sets: Sets,
    author_sets: Sets,
    text: OnceCell<TextIndex>,
    /// Scratch tag counters, reused by every query.
    tag_counts: RefCell<Vec<u32>>,
    /// Per sort, the positions in that order and each position's rank in it.
    orders: [OnceCell<(Vec<DocId>, Vec<u32>)>; 6],
}

/// Posting lists as sets. A list holding more than one article in 64 is kept as a
/// bitset, built once: combining it is a pass over words, where rebuilding it would
/// be one random write per entry (at 1M articles the top tags hold 100k+ each).
/// Sparser lists are applied entry by entry.
struct Sets {
    dense: Vec<Option<Bitset>>,
}

impl Sets {
    fn new<'a>(n: usize, lists: impl Iterator<Item = &'a [DocId]>, cache: bool) -> Sets {
        Sets { dense: lists.map(|l| (cache && l.len() * 64 > n).then(|| Bitset::from_ids(n, l))).collect() }
    }

    /// `acc ∩= list`.
    fn and(&self, acc: &mut Bitset, id: u32, list: &[DocId]) {
        match &self.dense[id as usize] {
            Some(set) => acc.and(set),
            None => {
                let kept: Vec<DocId> = list.iter().copied().filter(|&d| acc.contains(d)).collect();
                *acc = Bitset::from_ids(acc.universe(), &kept);
            }
        }
    }

    /// `acc ∪= list`.
    fn or(&self, acc: &mut Bitset, id: u32, list: &[DocId]) {
        match &self.dense[id as usize] {
            Some(set) => acc.or(set),
            None => list.iter().for_each(|&d| acc.insert(d)),
        }
    }

    /// `acc −= list`.
    fn and_not(&self, acc: &mut Bitset, id: u32, list: &[DocId]) {
        match &self.dense[id as usize] {
            Some(set) => acc.and_not(set),
            None => list.iter().for_each(|&d| acc.remove(d)),
        }
    }
}

/// Per-article facts the engine scans, stored densely.
struct Columns {
    /// Category id per article, [`NONE`] when it has none.
    category: Vec<u32>,
    author: Vec<u32>,
    /// Tags of article `d`: `tags[tag_start[d]..tag_start[d + 1]]`.
    tag_start: Vec<u32>,
    tags: Vec<u32>,
    /// Articles per category and per author, ascending.
    category_docs: Vec<Vec<DocId>>,
    author_docs: Vec<Vec<DocId>>,
}

const NONE: u32 = u32::MAX;

impl Columns {
    fn new(index: &Index) -> Columns {
        let mut c = Columns {
            category: Vec::with_capacity(index.len()),
            author: Vec::with_capacity(index.len()),
            tag_start: Vec::with_capacity(index.len() + 1),
            tags: Vec::new(),
            category_docs: vec![Vec::new(); index.categories.len()],
            author_docs: vec![Vec::new(); index.authors.len()],
        };
        c.tag_start.push(0);
        for (d, r) in index.articles.iter().enumerate() {
            c.category.push(r.category.unwrap_or(NONE));
            c.author.push(r.author.unwrap_or(NONE));
            if let Some(v) = r.category {
                c.category_docs[v as usize].push(d as DocId);
            }
            if let Some(v) = r.author {
                c.author_docs[v as usize].push(d as DocId);
            }
            c.tags.extend_from_slice(&r.tags);
            c.tag_start.push(c.tags.len() as u32);
        }
        c
    }

    fn tags_of(&self, d: DocId) -> &[u32] {
        &self.tags[self.tag_start[d as usize] as usize..self.tag_start[d as usize + 1] as usize]
    }
}

/// How many of `docs` have each value (`0..values`) of `column`.
fn count_values(column: &[u32], values: usize, docs: impl Iterator<Item = DocId>) -> Vec<u32> {
    let mut counts = vec![0u32; values];
    for d in docs {
        if let Some(c) = counts.get_mut(column[d as usize] as usize) {
            *c += 1;
        }
    }
    counts
}

/// Which group a bitset stands for; facets leave out their own group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Tags,
    Categories,
    Authors,
}

impl Engine {
    pub fn new(index: Index) -> Engine {
        Engine::with_dense_sets(index, true)
    }

    /// [`Engine::new`], choosing whether dense posting lists are cached as bitsets.
    /// Results are the same either way; tests run both paths.
    pub fn with_dense_sets(index: Index, cache: bool) -> Engine {
        let dated = index.articles.partition_point(|r| r.date.is_some());
        let tag_totals = index.postings.iter().map(|p| p.0.len() as u32).collect();
        let columns = Columns::new(&index);
        let n = index.len();
        let tag_sets = Sets::new(n, index.postings.iter().map(|p| p.0.as_slice()), cache);
        let category_sets = Sets::new(n, columns.category_docs.iter().map(Vec::as_slice), cache);
        let author_sets = Sets::new(n, columns.author_docs.iter().map(Vec::as_slice), cache);
        let category_totals = columns.category_docs.iter().map(|d| d.len() as u32).collect();
        let author_totals = columns.author_docs.iter().map(|d| d.len() as u32).collect();
        Engine {
            index,
            dated,
            tag_totals,
            category_totals,
            author_totals,
            columns,
            tag_sets,
            category_sets,
            author_sets,
            text: OnceCell::new(),
            tag_counts: RefCell::new(Vec::new()),
            orders: Default::default(),
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Answers `query`. Errors only for out-of-range parameters.
    pub fn search(&self, query: &Query) -> Result<SearchResult, QueryError> {
        let (mut result, ids) = self.search_ids(query, None)?;
        result.hits = ids.into_iter().map(|d| self.index.article(d)).collect();
        Ok(result)
    }

    /// Sets the title order (positions sorted by [`title_key`], ties by position), for
    /// an index whose records carry no titles (the sharded reader's filter columns).
    pub fn set_title_order(&self, order: Vec<DocId>) {
        let mut rank = vec![0u32; order.len()];
        for (i, &d) in order.iter().enumerate() {
            rank[d as usize] = i as u32;
        }
        let _ = self.orders[4].set((order, rank));
    }

    /// [`Engine::search`] without the articles: the result with empty `hits`, and the
    /// positions of the page's articles in order. `text`: a text index to use instead
    /// of the one built from the records (the sharded reader passes its loaded shards).
    pub fn search_ids(
        &self,
        query: &Query,
        text: Option<&TextIndex>,
    ) -> Result<(SearchResult, Vec<DocId>), QueryError> {
        query.validate()?;
        let n = self.index.len();
        let lookup = |dict: &[String], names: &[String]| -> Vec<Option<u32>> {
            names.iter().map(|s| dict.binary_search_by(|x| x.as_str().cmp(s)).ok().map(|i| i as u32)).collect()
        };
        let tag_ids = lookup(&self.index.tags, &query.tags);
        let exclude_ids = lookup(&self.index.tags, &query.exclude);
        let category_ids = lookup(&self.index.categories, &query.categories);
        let author_ids = lookup(&self.index.authors, &query.authors);

        // One bitset per active group; `None` means "no restriction".
        let tag_list = |t: u32| self.index.postings[t as usize].0.as_slice();
        let tags = (!query.tags.is_empty()).then(|| match query.mode {
            Mode::All => tag_ids.iter().fold(Bitset::full(n), |mut acc, t| {
                match t {
                    Some(t) => self.tag_sets.and(&mut acc, *t, tag_list(*t)),
                    None => acc = Bitset::empty(n),
                }
                acc
            }),
            Mode::Any => tag_ids.iter().flatten().fold(Bitset::empty(n), |mut acc, &t| {
                self.tag_sets.or(&mut acc, t, tag_list(t));
                acc
            }),
        });
        let exclude = (!exclude_ids.is_empty()).then(|| {
            let mut keep = Bitset::full(n);
            for &t in exclude_ids.iter().flatten() {
                self.tag_sets.and_not(&mut keep, t, tag_list(t));
            }
            keep
        });
        let union = |sets: &Sets, lists: &[Vec<DocId>], ids: &[Option<u32>]| {
            let mut set = Bitset::empty(n);
            for &id in ids.iter().flatten() {
                sets.or(&mut set, id, &lists[id as usize]);
            }
            set
        };
        let categories = (!query.categories.is_empty())
            .then(|| union(&self.category_sets, &self.columns.category_docs, &category_ids));
        let authors =
            (!query.authors.is_empty()).then(|| union(&self.author_sets, &self.columns.author_docs, &author_ids));
        let dates = (query.from.is_some() || query.to.is_some()).then(|| {
            // Dated articles are sorted by date descending: the range is one run.
            let records = &self.index.articles[..self.dated];
            let start = query.to.map_or(0, |to| records.partition_point(|r| r.date > Some(to)));
            let end = query.from.map_or(self.dated, |from| records.partition_point(|r| r.date >= Some(from)));
            let mut set = Bitset::empty(n);
            set.insert_range(start, end.max(start));
            set
        });
        let text_index = match text {
            Some(t) => text::has_words(&query.text).then_some(t),
            None => self.text_index_for(&query.text),
        };
        let scored = text_index.and_then(|t| t.search(&query.text));
        let text = scored.as_ref().map(|hits| {
            let mut set = Bitset::empty(n);
            hits.iter().for_each(|&(d, _)| set.insert(d));
            set
        });

        let groups: [(Option<Group>, &Option<Bitset>); 6] = [
            (Some(Group::Tags), &tags),
            (None, &exclude),
            (Some(Group::Categories), &categories),
            (Some(Group::Authors), &authors),
            (None, &dates),
            (None, &text),
        ];
        let intersect_without = |skip: Option<Group>| {
            let mut acc = Bitset::full(n);
            for (g, set) in &groups {
                if let Some(set) = set {
                    if skip.is_none() || *g != skip {
                        acc.and(set);
                    }
                }
            }
            acc
        };
        let results = intersect_without(None);
        let total = results.count() as u32;

        let limit = query.facet_limit as usize;
        let tag_base = match query.mode {
            Mode::All => None,
            Mode::Any => Some(intersect_without(Some(Group::Tags))),
        };
        let facets = Facets {
            tags: self.tag_facet(tag_base.as_ref().unwrap_or(&results), query, limit),
            categories: facet(
                &self.index.categories,
                &self.count_column(
                    &intersect_without(Some(Group::Categories)),
                    &self.category_totals,
                    &self.columns.category,
                ),
                &query.categories,
                &[],
                limit,
                &query.facet_search.categories,
            ),
            authors: facet(
                &self.index.authors,
                &self.count_column(&intersect_without(Some(Group::Authors)), &self.author_totals, &self.columns.author),
                &query.authors,
                &[],
                limit,
                &query.facet_search.authors,
            ),
        };

        let per_page = query.per_page;
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.clamp(1, pages);
        let sort = query.effective_sort();
        let skip = ((page - 1) * per_page) as usize;
        let ids = self.ordered_page(&results, total as usize, sort, scored.as_deref(), skip, per_page as usize);
        Ok((SearchResult { total, page, pages, per_page, sort, hits: Vec::new(), facets }, ids))
    }

    /// The text index, built on the first query that has words.
    fn text_index_for(&self, text: &str) -> Option<&TextIndex> {
        text::has_words(text).then(|| self.text.get_or_init(|| TextIndex::build(&self.index)))
    }

    /// Counts of each tag within `within`: by scanning the set's articles when that is
    /// less work than walking every posting list.
    fn tag_facet(&self, within: &Bitset, query: &Query, limit: usize) -> Facet {
        let n = self.index.len();
        let size = within.count();
        if size == n {
            return facet(
                &self.index.tags,
                &self.tag_totals,
                &query.tags,
                &query.exclude,
                limit,
                &query.facet_search.tags,
            );
        }
        // Reused between queries: at 1M articles it is 50k counters, which the native
        // allocator would otherwise map and zero afresh every time.
        let mut counts = self.tag_counts.borrow_mut();
        counts.clear();
        counts.resize(self.index.tags.len(), 0);
        let postings = self.columns.tags.len();
        let tags_per_doc = postings / n.max(1) + 1;
        if size * tags_per_doc <= postings {
            for d in within.iter() {
                for &t in self.columns.tags_of(d) {
                    counts[t as usize] += 1;
                }
            }
        } else {
            for (count, p) in counts.iter_mut().zip(&self.index.postings) {
                *count = p.0.iter().filter(|&&d| within.contains(d)).count() as u32;
            }
        }
        facet(&self.index.tags, &counts, &query.tags, &query.exclude, limit, &query.facet_search.tags)
    }

    /// Counts of a column's values within `within`; the precomputed `totals` when
    /// `within` is everything.
    fn count_column(&self, within: &Bitset, totals: &[u32], column: &[u32]) -> Vec<u32> {
        if within.count() == self.index.len() {
            return totals.to_vec();
        }
        count_values(column, totals.len(), within.iter())
    }

    /// Positions `skip..skip + take` of `results` in `sort` order.
    fn ordered_page(
        &self,
        results: &Bitset,
        total: usize,
        sort: Sort,
        scored: Option<&[(DocId, u32)]>,
        skip: usize,
        take: usize,
    ) -> Vec<DocId> {
        match (sort, scored) {
            (Sort::Relevance, Some(scored)) => {
                let hits = scored.iter().filter(|&&(d, _)| results.contains(d));
                let mut keys: Vec<u64> = hits.map(|&(d, score)| keys::pack(u32::MAX - score, d)).collect();
                keys.sort_unstable();
                keys.into_iter().skip(skip).take(take).map(keys::low).collect()
            }
            (Sort::Newest | Sort::Relevance, _) => results.iter().skip(skip).take(take).collect(),
            _ => {
                let (order, rank) = self.order(sort);
                if total * 16 < self.index.len() {
                    // Few results: sort them by rank rather than scan the whole order.
                    let docs = keys::sort_by_rank(results.iter(), |d| rank[d as usize]);
                    docs.into_iter().skip(skip).take(take).collect()
                } else {
                    order.iter().copied().filter(|&d| results.contains(d)).skip(skip).take(take).collect()
                }
            }
        }
    }

    /// The full order for `sort` and its inverse, computed once.
    fn order(&self, sort: Sort) -> &(Vec<DocId>, Vec<u32>) {
        let slot = match sort {
            Sort::Oldest => 0,
            Sort::Longest => 1,
            Sort::Shortest => 2,
            Sort::MostLiked => 3,
            Sort::Title => 4,
            Sort::Newest | Sort::Relevance => 5,
        };
        self.orders[slot].get_or_init(|| {
            let all = 0..self.index.len() as DocId;
            let r = |d: DocId| &self.index.articles[d as usize];
            // Missing keys sort last in every order; ties go newest first (position).
            let order: Vec<DocId> = match sort {
                Sort::Oldest => keys::sort_by_rank(all, |d| keys::ascending(r(d).date.map(|x| keys::signed(x.0)))),
                Sort::Longest => keys::sort_by_rank(all, |d| keys::descending(r(d).read_minutes)),
                Sort::Shortest => keys::sort_by_rank(all, |d| keys::ascending(r(d).read_minutes)),
                Sort::MostLiked => keys::sort_by_rank(all, |d| keys::descending(r(d).likes)),
                Sort::Title => {
                    let mut titles: Vec<(String, u32)> = all.map(|d| (title_key(&r(d).title), d)).collect();
                    titles.sort_unstable();
                    titles.into_iter().map(|(_, d)| d).collect()
                }
                Sort::Newest | Sort::Relevance => all.collect(),
            };
            let mut rank = vec![0u32; order.len()];
            for (i, &d) in order.iter().enumerate() {
                rank[d as usize] = i as u32;
            }
            (order, rank)
        })
    }
}

/// The collation key of a title: folded (case, accents, dashes), punctuation dropped,
/// so `Élan` sorts with `elan` and `"Quoted"` with `quoted`.
pub fn title_key(title: &str) -> String {
    text::fold(title).chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect()
}

/// A facet from per-value counts: values with a count or chosen (selected or
/// excluded), by count descending then name; the first `limit`, then chosen ones
/// beyond it, then chosen values the index does not know (count 0, in query order).
/// Only the values kept are cloned: the rest are ranked by (count, id), the same
/// order as (count, name) because dictionaries are sorted.
///
/// With a non-empty `search`, only names whose folded form contains its folded form
/// are listed or counted in `distinct`, chosen ones included.
pub(crate) fn facet(
    names: &[String],
    counts: &[u32],
    selected: &[String],
    excluded: &[String],
    limit: usize,
    search: &str,
) -> Facet {
    let needle = text::fold(search.trim());
    let shown = |name: &str| needle.is_empty() || text::fold(name).contains(&needle);
    // Chosen values as ids, so the scan over every value compares integers, not names.
    let chosen_ids: Vec<u32> =
        selected.iter().chain(excluded).filter_map(|name| names.binary_search(name).ok().map(|i| i as u32)).collect();
    let chosen = |i: u32| chosen_ids.contains(&i);
    let ranked: Vec<u64> = counts
        .iter()
        .enumerate()
        .filter(|&(i, &c)| (c > 0 || chosen(i as u32)) && shown(&names[i]))
        .map(|(i, &c)| keys::pack(u32::MAX - c, i as u32))
        .collect();
    // Selected or excluded values unknown to the index come last, with count 0.
    let mut unknown: Vec<&String> = Vec::new();
    for name in selected.iter().chain(excluded) {
        if names.binary_search(name).is_err() && !unknown.contains(&name) && shown(name) {
            unknown.push(name);
        }
    }
    let distinct = (ranked.len() + unknown.len()) as u32;
    // The first `limit` by rank, then chosen values past the limit, in rank order.
    let mut kept = keys::smallest(&ranked, limit);
    let cut = if kept.len() == limit { kept.last().copied() } else { None };
    let mut past: Vec<u64> =
        ranked.iter().copied().filter(|&k| cut.is_some_and(|c| k > c) && chosen(keys::low(k))).collect();
    past.sort_unstable();
    kept.extend(past);
    let value = |name: &String, count: u32| FacetValue {
        value: name.clone(),
        count,
        selected: selected.contains(name),
        excluded: excluded.contains(name),
    };
    let mut values: Vec<FacetValue> =
        kept.iter().map(|&k| value(&names[keys::low(k) as usize], u32::MAX - keys::high(k))).collect();
    values.extend(unknown.into_iter().map(|name| value(name, 0)));
    Facet { values, distinct }
}
