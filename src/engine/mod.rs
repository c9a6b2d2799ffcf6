//! The query engine: pure Rust, no web APIs, the same code natively (CLI, tests,
//! benchmarks) and in the browser, for a one-file index and a sharded one alike.
//!
//! A query is a conjunction of *groups*: the tag group, excluded tags, categories,
//! authors, the date range and the text. Each group is a [`Bitset`] over article
//! positions (newest first); the results are their intersection. Facet counts follow
//! Algolia InstantSearch: the tag facet in `all` mode counts within the results
//! ("results if this tag were added"); OR groups (tags in `any` mode, categories,
//! authors) count within the intersection of every *other* group, so their own
//! selection does not hide the alternatives.
//!
//! The [`Engine`] answers from what it holds: the [`Columns`] of every article, or,
//! before a sharded index has brought them, the totals and the posting lists (with the
//! counts within them) of the tags loaded so far. A query it cannot answer yet says
//! what it lacks ([`Lack`]); one whose results it can give but whose facet counts need
//! the columns gives the results and says so ([`Found::facets_pending`]). The text and
//! the title order come from their own structures, as arguments.

pub mod bitset;
pub mod columns;
pub mod facets;
pub mod json;
pub mod keys;
pub mod query;
pub mod text;

use crate::index::DocId;
use bitset::Bitset;
pub use columns::{Columns, Dicts, NONE};
pub use facets::{facet, Within};
pub use query::{Facet, FacetSearch, FacetValue, Facets, Mode, Query, QueryError, SearchResult, Sort};
use std::cell::{OnceCell, RefCell};

/// Articles per tag, category and author over the whole index: the facet counts of the
/// empty query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub tags: Vec<u32>,
    pub categories: Vec<u32>,
    pub authors: Vec<u32>,
}

/// What a query needs that the engine does not hold yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lack {
    /// The posting list of this tag (and, without the columns, the counts within it).
    Tag(u32),
    /// The columns of every article.
    Columns,
    /// The title order.
    Titles,
}

/// Every article in one order, and each article's rank in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub order: Vec<DocId>,
    pub rank: Vec<u32>,
}

impl Order {
    /// The order `order` (a permutation of the positions) with its ranks.
    pub fn new(order: Vec<DocId>) -> Order {
        let mut rank = vec![0u32; order.len()];
        for (i, &d) in order.iter().enumerate() {
            if let Some(r) = rank.get_mut(d as usize) {
                *r = i as u32;
            }
        }
        Order { order, rank }
    }
}

/// Which articles of the results a query wants: one page, or every page up to it (the
/// "Load more" view).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pages {
    One,
    Through,
}

/// A query's answer without its articles: the result (with empty `hits`), the positions
/// of the articles to show, in order, and those of the page after.
#[derive(Debug)]
pub struct Found {
    pub result: SearchResult,
    pub ids: Vec<DocId>,
    pub next: Vec<DocId>,
    /// The facet counts need the columns, which the engine lacks: `result.facets` is empty.
    pub facets_pending: bool,
}

/// One tag's articles.
struct TagData {
    /// Ascending positions.
    postings: Vec<DocId>,
    /// The same as a bitset, when more than one article in 64 has the tag (combining it
    /// is then a pass over words, where rebuilding it would be one write per entry).
    dense: Option<Bitset>,
    /// The facet counts within these articles, when they came without the columns.
    within: Option<Within>,
}

/// What the engine derives from the columns.
struct Full {
    columns: Columns,
    /// Positions `0..dated` have a date.
    dated: usize,
    category_docs: Vec<Vec<DocId>>,
    author_docs: Vec<Vec<DocId>>,
    category_sets: Vec<Option<Bitset>>,
    author_sets: Vec<Option<Bitset>>,
    /// Oldest, longest, shortest, most liked: each order and its ranks, built on first use.
    orders: [OnceCell<Order>; 4],
}

/// The query engine over what it holds of an index (see the module docs).
pub struct Engine {
    n: usize,
    dicts: Dicts,
    totals: Totals,
    tags: Vec<Option<TagData>>,
    full: Option<Full>,
    /// Whether dense posting lists are kept as bitsets (results are the same either way).
    dense_sets: bool,
    /// Scratch tag counters, reused by every query (at 1M articles 50k counters, which
    /// the allocator would otherwise map and zero afresh every time).
    tag_counts: RefCell<Vec<u32>>,
}

/// Which group a bitset stands for; facets leave out their own group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Tags,
    Categories,
    Authors,
    Other,
}

/// One active group of a query.
struct Active {
    group: Group,
    set: Bitset,
    /// The group is exactly the articles of this one tag.
    one_tag: Option<u32>,
}

/// The set a facet counts within: everything, one tag's articles, or a computed set.
enum Base<'a> {
    All,
    Tag(u32, &'a Bitset),
    Set(Bitset),
}

impl Engine {
    /// An engine over every article's columns.
    pub fn new(columns: Columns) -> Engine {
        Engine::with_dense_sets(columns, true)
    }

    /// [`Engine::new`], choosing whether dense posting lists are kept as bitsets.
    /// Results are the same either way; tests run both paths.
    pub fn with_dense_sets(columns: Columns, dense_sets: bool) -> Engine {
        let n = columns.len();
        let mut engine = Engine {
            n,
            dicts: columns.dicts.clone(),
            totals: Totals::default(),
            tags: Vec::new(),
            full: None,
            dense_sets,
            tag_counts: RefCell::new(Vec::new()),
        };
        engine.add_columns(columns);
        engine
    }

    /// An engine that knows only the dictionaries and the totals of `n` articles (a
    /// sharded index's manifest): tags and columns are added as they arrive.
    pub fn partial(n: usize, dicts: Dicts, totals: Totals) -> Engine {
        Engine {
            n,
            tags: (0..dicts.tags.len()).map(|_| None).collect(),
            dicts,
            totals,
            full: None,
            dense_sets: true,
            tag_counts: RefCell::new(Vec::new()),
        }
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn dicts(&self) -> &Dicts {
        &self.dicts
    }

    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Whether the columns are here.
    pub fn has_columns(&self) -> bool {
        self.full.is_some()
    }

    /// Whether the posting list of tag `t` is here.
    pub fn has_tag(&self, t: u32) -> bool {
        self.tags.get(t as usize).is_some_and(Option::is_some)
    }

    /// Adds the articles of tag `t` (ascending positions), with the counts within them.
    pub fn add_tag(&mut self, t: u32, postings: Vec<DocId>, within: Option<Within>) {
        let data = self.tag_data(postings, within);
        if let Some(slot) = self.tags.get_mut(t as usize) {
            *slot = Some(data);
        }
    }

    /// Adds the columns of every article (in the engine's dictionaries): every query can
    /// be answered from then on. The totals and the tags' posting lists are derived
    /// from them.
    pub fn add_columns(&mut self, columns: Columns) {
        let n = columns.len();
        let d = &columns.dicts;
        let mut postings = vec![Vec::new(); d.tags.len()];
        let mut category_docs = vec![Vec::new(); d.categories.len()];
        let mut author_docs = vec![Vec::new(); d.authors.len()];
        for doc in 0..n as DocId {
            for &t in columns.tags_of(doc) {
                if let Some(list) = postings.get_mut(t as usize) {
                    list.push(doc);
                }
            }
            if let Some(list) = category_docs.get_mut(columns.category[doc as usize] as usize) {
                list.push(doc);
            }
            if let Some(list) = author_docs.get_mut(columns.author[doc as usize] as usize) {
                list.push(doc);
            }
        }
        let dense = |lists: &[Vec<DocId>]| -> Vec<Option<Bitset>> {
            lists.iter().map(|l| (self.dense_sets && l.len() * 64 > n).then(|| Bitset::from_ids(n, l))).collect()
        };
        let category_sets = dense(&category_docs);
        let author_sets = dense(&author_docs);
        self.n = n;
        self.dicts = columns.dicts.clone();
        self.totals = Totals {
            tags: postings.iter().map(|p| p.len() as u32).collect(),
            categories: category_docs.iter().map(|p| p.len() as u32).collect(),
            authors: author_docs.iter().map(|p| p.len() as u32).collect(),
        };
        let tags: Vec<Option<TagData>> = postings.into_iter().map(|p| Some(self.tag_data(p, None))).collect();
        self.tags = tags;
        let dated = columns.date.partition_point(Option::is_some);
        self.full = Some(Full {
            columns,
            dated,
            category_docs,
            author_docs,
            category_sets,
            author_sets,
            orders: Default::default(),
        });
    }

    fn tag_data(&self, postings: Vec<DocId>, within: Option<Within>) -> TagData {
        let dense = (self.dense_sets && postings.len() * 64 > self.n).then(|| Bitset::from_ids(self.n, &postings));
        TagData { postings, dense, within }
    }

    /// The positions having tag `t`, if known.
    pub fn postings(&self, t: u32) -> Option<&[DocId]> {
        self.tags.get(t as usize)?.as_ref().map(|d| d.postings.as_slice())
    }

    /// Answers `query` from what the engine holds, or says what it lacks. `text`: the
    /// articles matching the query's words with their scores (ascending positions), when
    /// it has any (see [`text`]); `titles`: the title order, for that sort.
    pub fn search(
        &self,
        query: &Query,
        text: Option<&[(DocId, u32)]>,
        titles: Option<&Order>,
        pages: Pages,
    ) -> Result<Found, Vec<Lack>> {
        let lacks = self.lacks(query, titles.is_some());
        if !lacks.is_empty() {
            return Err(lacks);
        }
        let n = self.n;
        let tag_ids = Dicts::lookup(&self.dicts.tags, &query.tags);
        let exclude_ids = Dicts::lookup(&self.dicts.tags, &query.exclude);
        let nothing = query.mode == Mode::All && tag_ids.contains(&None);
        let sort = query.effective_sort();

        // One bitset per active group.
        let mut groups: Vec<Active> = Vec::new();
        if !query.tags.is_empty() {
            let known: Vec<u32> = tag_ids.iter().flatten().copied().collect();
            let set = match query.mode {
                Mode::All if nothing => Bitset::empty(n),
                Mode::All => known.iter().fold(Bitset::full(n), |mut acc, &t| {
                    self.and_tag(&mut acc, t);
                    acc
                }),
                Mode::Any => known.iter().fold(Bitset::empty(n), |mut acc, &t| {
                    self.or_tag(&mut acc, t);
                    acc
                }),
            };
            let one_tag = match (known.as_slice(), tag_ids.len()) {
                ([t], 1) => Some(*t),
                ([t], _) if query.mode == Mode::Any => Some(*t),
                _ => None,
            };
            groups.push(Active { group: Group::Tags, set, one_tag });
        }
        if !query.exclude.is_empty() {
            let mut keep = Bitset::full(n);
            for &t in exclude_ids.iter().flatten() {
                self.and_not_tag(&mut keep, t);
            }
            groups.push(Active { group: Group::Other, set: keep, one_tag: None });
        }
        if let Some(full) = &self.full {
            let union = |sets: &[Option<Bitset>], lists: &[Vec<DocId>], ids: &[Option<u32>]| {
                let mut set = Bitset::empty(n);
                for &id in ids.iter().flatten() {
                    match &sets[id as usize] {
                        Some(dense) => set.or(dense),
                        None => lists[id as usize].iter().for_each(|&d| set.insert(d)),
                    }
                }
                set
            };
            if !query.categories.is_empty() {
                let ids = Dicts::lookup(&self.dicts.categories, &query.categories);
                let set = union(&full.category_sets, &full.category_docs, &ids);
                groups.push(Active { group: Group::Categories, set, one_tag: None });
            }
            if !query.authors.is_empty() {
                let ids = Dicts::lookup(&self.dicts.authors, &query.authors);
                let set = union(&full.author_sets, &full.author_docs, &ids);
                groups.push(Active { group: Group::Authors, set, one_tag: None });
            }
            if query.from.is_some() || query.to.is_some() {
                // Dated articles are sorted by date descending: the range is one run.
                let dates = &full.columns.date[..full.dated];
                let start = query.to.map_or(0, |to| dates.partition_point(|d| *d > Some(to)));
                let end = query.from.map_or(full.dated, |from| dates.partition_point(|d| *d >= Some(from)));
                let mut set = Bitset::empty(n);
                set.insert_range(start, end.max(start));
                groups.push(Active { group: Group::Other, set, one_tag: None });
            }
        }
        if let Some(hits) = text {
            let mut set = Bitset::empty(n);
            hits.iter().filter(|&&(d, _)| (d as usize) < n).for_each(|&(d, _)| set.insert(d));
            groups.push(Active { group: Group::Other, set, one_tag: None });
        }

        let results = self.base(&groups, None);
        let results_set = match &results {
            Base::All => Bitset::full(n),
            Base::Tag(_, set) => (*set).clone(),
            Base::Set(set) => set.clone(),
        };
        let total = results_set.count() as u32;
        let facets = self.facets(query, &groups, results);

        let per_page = query.per_page;
        let pages_total = total.div_ceil(per_page).max(1);
        let page = query.page.clamp(1, pages_total);
        let end = page as usize * per_page as usize;
        let skip = match pages {
            Pages::One => end - per_page as usize,
            Pages::Through => 0,
        };
        let take = end + per_page as usize - skip;
        let mut ids = self.ordered(&results_set, total as usize, sort, text, titles, skip, take);
        let next = ids.split_off((end - skip).min(ids.len()));
        let facets_pending = facets.is_none();
        let result = SearchResult {
            total,
            page,
            pages: pages_total,
            per_page,
            sort,
            hits: Vec::new(),
            facets: facets.unwrap_or_default(),
        };
        Ok(Found { result, ids, next, facets_pending })
    }

    /// What `query`'s results need that the engine lacks (its facet counts may need the
    /// columns besides: see [`Found::facets_pending`]). `titles`: whether the caller
    /// has the title order.
    pub fn lacks(&self, query: &Query, titles: bool) -> Vec<Lack> {
        let tag_ids = Dicts::lookup(&self.dicts.tags, &query.tags);
        let exclude_ids = Dicts::lookup(&self.dicts.tags, &query.exclude);
        // In `all` mode a tag the index does not know matches nothing: the others are not needed.
        let nothing = query.mode == Mode::All && tag_ids.contains(&None);
        let needed = tag_ids.iter().filter(|_| !nothing).chain(&exclude_ids).flatten();
        let mut lacks: Vec<Lack> = Vec::new();
        for &t in needed {
            if !self.has_tag(t) && !lacks.contains(&Lack::Tag(t)) {
                lacks.push(Lack::Tag(t));
            }
        }
        let sort = query.effective_sort();
        let needs_columns = !query.categories.is_empty()
            || !query.authors.is_empty()
            || query.from.is_some()
            || query.to.is_some()
            || matches!(sort, Sort::Oldest | Sort::Longest | Sort::Shortest | Sort::MostLiked);
        if needs_columns && self.full.is_none() {
            lacks.push(Lack::Columns);
        }
        if sort == Sort::Title && !titles {
            lacks.push(Lack::Titles);
        }
        lacks
    }

    /// The intersection of `groups` but `skip`'s.
    fn base<'a>(&self, groups: &'a [Active], skip: Option<Group>) -> Base<'a> {
        let mut active = groups.iter().filter(|a| skip.is_none_or(|s| a.group != s));
        let Some(first) = active.next() else { return Base::All };
        let rest: Vec<&Active> = active.collect();
        match (first.one_tag, rest.is_empty()) {
            (Some(t), true) => Base::Tag(t, &first.set),
            _ => {
                let mut acc = first.set.clone();
                rest.iter().for_each(|a| acc.and(&a.set));
                Base::Set(acc)
            }
        }
    }

    /// The three facets, or `None` when their counts need the columns the engine lacks.
    fn facets(&self, query: &Query, groups: &[Active], results: Base<'_>) -> Option<Facets> {
        let limit = query.facet_limit as usize;
        let tag_base = match query.mode {
            Mode::All => results,
            Mode::Any => self.base(groups, Some(Group::Tags)),
        };
        let tags = self.tag_counts_within(&tag_base)?;
        let categories = self.column_counts_within(&self.base(groups, Some(Group::Categories)), Group::Categories)?;
        let authors = self.column_counts_within(&self.base(groups, Some(Group::Authors)), Group::Authors)?;
        let d = &self.dicts;
        let fs = &query.facet_search;
        Some(Facets {
            tags: facet(&d.tags, &tags, &query.tags, &query.exclude, limit, &fs.tags),
            categories: facet(&d.categories, &categories, &query.categories, &[], limit, &fs.categories),
            authors: facet(&d.authors, &authors, &query.authors, &[], limit, &fs.authors),
        })
    }

    /// Counts of each tag within `base`: the totals for everything, the counts that came
    /// with a tag's articles, or by scanning the set's articles or the posting lists,
    /// whichever touches fewer entries.
    fn tag_counts_within(&self, base: &Base<'_>) -> Option<Vec<u32>> {
        let set = match base {
            Base::All => return Some(self.totals.tags.clone()),
            Base::Tag(t, set) => match self.within(*t) {
                Some(w) => return Some(facets::dense(&w.tags, self.dicts.tags.len())),
                None => *set,
            },
            Base::Set(set) => set,
        };
        let size = set.count();
        if size == 0 {
            return Some(vec![0; self.dicts.tags.len()]);
        }
        let full = self.full.as_ref()?;
        if size == self.n {
            return Some(self.totals.tags.clone());
        }
        let mut counts = self.tag_counts.borrow_mut();
        counts.clear();
        counts.resize(self.dicts.tags.len(), 0);
        let postings = full.columns.tags.len();
        let tags_per_doc = postings / self.n.max(1) + 1;
        if size * tags_per_doc <= postings {
            for d in set.iter() {
                for &t in full.columns.tags_of(d) {
                    counts[t as usize] += 1;
                }
            }
        } else {
            for (count, tag) in counts.iter_mut().zip(&self.tags) {
                *count = tag.as_ref().map_or(0, |t| t.postings.iter().filter(|&&d| set.contains(d)).count() as u32);
            }
        }
        Some(counts.clone())
    }

    /// Counts of each category or author within `base`.
    fn column_counts_within(&self, base: &Base<'_>, group: Group) -> Option<Vec<u32>> {
        let totals = if group == Group::Categories { &self.totals.categories } else { &self.totals.authors };
        let set = match base {
            Base::All => return Some(totals.clone()),
            Base::Tag(t, set) => match self.within(*t) {
                Some(w) => {
                    let pairs = if group == Group::Categories { &w.categories } else { &w.authors };
                    return Some(facets::dense(pairs, totals.len()));
                }
                None => *set,
            },
            Base::Set(set) => set,
        };
        let size = set.count();
        if size == 0 {
            return Some(vec![0; totals.len()]);
        }
        let full = self.full.as_ref()?;
        if size == self.n {
            return Some(totals.clone());
        }
        let column = if group == Group::Categories { &full.columns.category } else { &full.columns.author };
        let mut counts = vec![0u32; totals.len()];
        for d in set.iter() {
            if let Some(c) = counts.get_mut(column[d as usize] as usize) {
                *c += 1;
            }
        }
        Some(counts)
    }

    /// The counts that came with tag `t`'s articles, when the columns are not here to
    /// count from (with them, counting is exact by construction).
    fn within(&self, t: u32) -> Option<&Within> {
        self.tags.get(t as usize)?.as_ref()?.within.as_ref().filter(|_| self.full.is_none())
    }

    fn tag(&self, t: u32) -> &TagData {
        self.tags[t as usize].as_ref().expect("checked by search: every tag of the query is here")
    }

    /// `acc ∩= tag t`.
    fn and_tag(&self, acc: &mut Bitset, t: u32) {
        let tag = self.tag(t);
        match &tag.dense {
            Some(set) => acc.and(set),
            None => {
                let kept: Vec<DocId> = tag.postings.iter().copied().filter(|&d| acc.contains(d)).collect();
                *acc = Bitset::from_ids(acc.universe(), &kept);
            }
        }
    }

    /// `acc ∪= tag t`.
    fn or_tag(&self, acc: &mut Bitset, t: u32) {
        let tag = self.tag(t);
        match &tag.dense {
            Some(set) => acc.or(set),
            None => tag.postings.iter().for_each(|&d| acc.insert(d)),
        }
    }

    /// `acc −= tag t`.
    fn and_not_tag(&self, acc: &mut Bitset, t: u32) {
        let tag = self.tag(t);
        match &tag.dense {
            Some(set) => acc.and_not(set),
            None => tag.postings.iter().for_each(|&d| acc.remove(d)),
        }
    }

    /// Positions `skip..skip + take` of `results` in `sort` order.
    #[allow(clippy::too_many_arguments)]
    fn ordered(
        &self,
        results: &Bitset,
        total: usize,
        sort: Sort,
        scored: Option<&[(DocId, u32)]>,
        titles: Option<&Order>,
        skip: usize,
        take: usize,
    ) -> Vec<DocId> {
        let order = match (sort, scored) {
            (Sort::Relevance, Some(scored)) => {
                let hits = scored.iter().filter(|&&(d, _)| results.contains(d));
                let mut keys: Vec<u64> = hits.map(|&(d, score)| keys::pack(u32::MAX - score, d)).collect();
                keys.sort_unstable();
                return keys.into_iter().skip(skip).take(take).map(keys::low).collect();
            }
            (Sort::Newest | Sort::Relevance, _) => return results.iter().skip(skip).take(take).collect(),
            (Sort::Title, _) => titles.expect("checked by search: the title order is here"),
            _ => self.order(sort),
        };
        if total * 16 < self.n {
            // Few results: sort them by rank rather than scan the whole order.
            let docs = keys::sort_by_rank(results.iter(), |d| order.rank.get(d as usize).copied().unwrap_or(u32::MAX));
            docs.into_iter().skip(skip).take(take).collect()
        } else {
            order.order.iter().copied().filter(|&d| results.contains(d)).skip(skip).take(take).collect()
        }
    }

    /// The order for `sort` (by a column) and its ranks, computed once.
    fn order(&self, sort: Sort) -> &Order {
        let full = self.full.as_ref().expect("checked by search: the columns are here");
        let slot = match sort {
            Sort::Oldest => 0,
            Sort::Longest => 1,
            Sort::Shortest => 2,
            _ => 3,
        };
        full.orders[slot].get_or_init(|| {
            let c = &full.columns;
            let all = 0..self.n as DocId;
            // Missing keys sort last in every order; ties go newest first (position).
            Order::new(match sort {
                Sort::Oldest => {
                    keys::sort_by_rank(all, |d| keys::ascending(c.date[d as usize].map(|x| keys::signed(x.0))))
                }
                Sort::Longest => keys::sort_by_rank(all, |d| keys::descending(c.read_minutes[d as usize])),
                Sort::Shortest => keys::sort_by_rank(all, |d| keys::ascending(c.read_minutes[d as usize])),
                _ => keys::sort_by_rank(all, |d| keys::descending(c.likes[d as usize])),
            })
        })
    }
}

/// The collation key of a title: folded (case, accents, dashes), punctuation dropped,
/// so `Élan` sorts with `elan` and `"Quoted"` with `quoted`.
pub fn title_key(title: &str) -> String {
    text::fold(title).chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect()
}

/// The title order of `titles` (one per position): by [`title_key`], ties by position.
pub fn title_order<'a>(titles: impl Iterator<Item = &'a str>) -> Order {
    let mut keyed: Vec<(String, u32)> = titles.enumerate().map(|(d, t)| (title_key(t), d as u32)).collect();
    keyed.sort_unstable();
    Order::new(keyed.into_iter().map(|(_, d)| d).collect())
}
