//! The engine against an obviously correct reference: every article checked against
//! every rule directly, every facet count computed by re-running the filter.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::HashMap;
use tagsift::engine::text::{document_terms, fold, matches, query_terms, score};
use tagsift::engine::SearchResult;
use tagsift::engine::{title_key, Columns, Engine, Facet, FacetSearch, FacetValue, Mode, Pages, Query, Sort};
use tagsift::index::Index;
use tagsift::model::{Article, Date};
use tagsift::shard::build::{build, rebuild, Layout};
use tagsift::shard::plan::Folder;
use tagsift::source::{answer, each, OneFile, Source};

/// Does article `d` pass every group of `q`, leaving out the groups named in `skip`?
/// Returns its text score when it passes.
fn passes(index: &Index, d: u32, q: &Query, skip_tags: bool, skip_cats: bool, skip_authors: bool) -> Option<u32> {
    let a = index.article(d);
    let has = |t: &String| a.tags.contains(t);
    if !skip_tags && !q.tags.is_empty() {
        let ok = match q.mode {
            Mode::All => q.tags.iter().all(has),
            Mode::Any => q.tags.iter().any(has),
        };
        if !ok {
            return None;
        }
    }
    if q.exclude.iter().any(has) {
        return None;
    }
    if !skip_cats && !q.categories.is_empty() && !a.category.as_ref().is_some_and(|c| q.categories.contains(c)) {
        return None;
    }
    if !skip_authors && !q.authors.is_empty() && !a.author.as_ref().is_some_and(|c| q.authors.contains(c)) {
        return None;
    }
    if q.from.is_some() || q.to.is_some() {
        let date = a.date?;
        if q.from.is_some_and(|f| date < f) || q.to.is_some_and(|t| date > t) {
            return None;
        }
    }
    let words = query_terms(&q.text);
    let doc_terms = document_terms(index, d);
    let mut total = 0;
    for (i, w) in words.iter().enumerate() {
        let chars: Vec<char> = w.chars().collect();
        let best = doc_terms
            .iter()
            .filter_map(|(t, field)| matches(w, &chars, t, i + 1 == words.len()).map(|m| score(*field, m)))
            .max()?;
        total += best;
    }
    Some(total)
}

/// Values the index knows, by count then name, the first `limit` and chosen ones past
/// it; then chosen values the index does not know, in query order.
fn reference_facet(
    names: &[String],
    count: impl Fn(&String) -> u32,
    selected: &[String],
    excluded: &[String],
    limit: usize,
    search: &str,
) -> Facet {
    let needle = fold(search.trim());
    let shown = |name: &str| fold(name).contains(&needle);
    let mut unknown: Vec<String> = Vec::new();
    for s in selected.iter().chain(excluded) {
        if !names.contains(s) && !unknown.contains(s) && shown(s) {
            unknown.push(s.clone());
        }
    }
    let mut values: Vec<FacetValue> = names
        .iter()
        .map(|v| FacetValue {
            value: v.clone(),
            count: count(v),
            selected: selected.contains(v),
            excluded: excluded.contains(v),
        })
        .filter(|v| (v.count > 0 || v.selected || v.excluded) && shown(&v.value))
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    let distinct = (values.len() + unknown.len()) as u32;
    let mut values: Vec<FacetValue> = values
        .into_iter()
        .enumerate()
        .filter(|(i, v)| *i < limit || v.selected || v.excluded)
        .map(|(_, v)| v)
        .collect();
    values.extend(unknown.into_iter().map(|v| FacetValue {
        count: 0,
        selected: selected.contains(&v),
        excluded: excluded.contains(&v),
        value: v,
    }));
    Facet { values, distinct }
}

/// Answers `q` from the sharded form of `index` (small shards, so that one query spans
/// several), fetching parts as the reader asks for them, the way the browser does.
fn sharded_search(index: &Index, q: &Query) -> SearchResult {
    let layout = Layout {
        display_size: 3,
        filter_size: 6,
        tag_shard_bytes: 40,
        dictionary_bytes: 12,
        posting_bytes: 20,
        tail_block: 3,
    };
    let files = build(index, &layout);
    let by_name: HashMap<&str, &[u8]> = files.parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let mut source = Source::open(&files.manifest, None).unwrap();
    let mut fetched: Vec<String> = Vec::new();
    let result = answer(
        &mut source,
        q,
        Pages::One,
        &mut each(&mut |name| {
            assert!(!fetched.iter().any(|f| f == name), "{name} asked for twice: {q:?}");
            assert!(fetched.len() < files.parts.len(), "the sharded reader kept asking for parts: {q:?}");
            fetched.push(name.to_string());
            Ok(by_name[name].to_vec())
        }),
    );
    result.unwrap()
}

fn check(articles: Vec<Article>, q: Query) {
    let index = Index::build(articles);
    let got = OneFile::new(index.clone()).search(&q).unwrap();
    assert_eq!(sharded_search(&index, &q), got, "sharded, {q:?}");
    // Small corpora make every posting list "dense": check the sparse path gives the same.
    let sparse = OneFile::with_engine(Engine::with_dense_sets(Columns::of_index(&index), false), index.clone());
    assert_eq!(sparse.search(&q).unwrap(), got, "sparse path, {q:?}");
    let n = index.len() as u32;
    let mut hits: Vec<(u32, u32)> =
        (0..n).filter_map(|d| passes(&index, d, &q, false, false, false).map(|s| (d, s))).collect();
    let total = hits.len() as u32;
    let r = |d: u32| &index.articles[d as usize];
    let sort = q.effective_sort();
    match sort {
        Sort::Newest => {}
        Sort::Relevance => hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0))),
        Sort::Oldest => hits.sort_by_key(|&(d, _)| (r(d).date.is_none(), r(d).date, d)),
        Sort::Longest => {
            hits.sort_by_key(|&(d, _)| (r(d).read_minutes.is_none(), std::cmp::Reverse(r(d).read_minutes), d))
        }
        Sort::Shortest => hits.sort_by_key(|&(d, _)| (r(d).read_minutes.is_none(), r(d).read_minutes, d)),
        Sort::MostLiked => hits.sort_by_key(|&(d, _)| (r(d).likes.is_none(), std::cmp::Reverse(r(d).likes), d)),
        Sort::Title => hits.sort_by_key(|&(d, _)| (title_key(&r(d).title), d)),
    }
    let pages = total.div_ceil(q.per_page).max(1);
    let page = q.page.clamp(1, pages);
    let want_ids: Vec<String> = hits
        .iter()
        .skip(((page - 1) * q.per_page) as usize)
        .take(q.per_page as usize)
        .map(|&(d, _)| index.article(d).id)
        .collect();
    let got_ids: Vec<String> = got.hits.iter().map(|a| a.id.clone()).collect();
    assert_eq!((got.total, got.page, got.pages, got.sort), (total, page, pages, sort), "{q:?}");
    assert_eq!(got_ids, want_ids, "{q:?}");

    let limit = q.facet_limit as usize;
    let count_where = |skip_tags, skip_cats, skip_authors, pred: &dyn Fn(&Article) -> bool| {
        (0..n)
            .filter(|&d| passes(&index, d, &q, skip_tags, skip_cats, skip_authors).is_some() && pred(&index.article(d)))
            .count() as u32
    };
    let tags = reference_facet(
        &index.tags,
        |t| count_where(q.mode == Mode::Any, false, false, &|a| a.tags.contains(t)),
        &q.tags,
        &q.exclude,
        limit,
        &q.facet_search.tags,
    );
    let categories = reference_facet(
        &index.categories,
        |c| count_where(false, true, false, &|a| a.category.as_ref() == Some(c)),
        &q.categories,
        &[],
        limit,
        &q.facet_search.categories,
    );
    let authors = reference_facet(
        &index.authors,
        |c| count_where(false, false, true, &|a| a.author.as_ref() == Some(c)),
        &q.authors,
        &[],
        limit,
        &q.facet_search.authors,
    );
    assert_eq!(got.facets.tags, tags, "tags facet for {q:?}");
    assert_eq!(got.facets.categories, categories, "categories facet for {q:?}");
    assert_eq!(got.facets.authors, authors, "authors facet for {q:?}");
}

/// Facet filter-box contents: mostly empty, else a word or piece of one, any case.
const FACET_SEARCHES: &[&str] = &["", "", "", "ka", "KAF", "élan", "cat 1", "or 2", " go ", "zz"];
const TAGS: &[&str] = &["Kafka", "Kafka 3.0", "Streaming", "Go", "ci/cd", "cloud-native", "泡姆", "Élan"];
const WORDS: &[&str] = &[
    "kafka",
    "streaming",
    "café",
    "High\u{2011}Concurrency",
    "idempotency",
    "泡姆泡姆",
    "go",
    "rust",
    "Élan",
    "service",
    "cache",
    "caching",
    "caches",
];
const QUERIES: &[&str] = &[
    "",
    "kafk",
    "idempotncy",
    "cafe",
    "泡姆",
    "high-concurrency",
    "CAFÉ",
    "go rust",
    "servce",
    "cach",
    "姆",
    "élan kafka",
    "  ",
    "x",
    // A word that is not the last one, within one edit of a term it begins (`caches`).
    "cache go",
];

fn article() -> impl Strategy<Value = Article> {
    (
        proptest::collection::vec(0..WORDS.len(), 1..4),
        proptest::collection::vec(0..WORDS.len(), 0..5),
        proptest::collection::vec(0..TAGS.len(), 0..4),
        proptest::option::of(0..3u8),
        proptest::option::of(0..4u8),
        proptest::option::of(0..60i32),
        proptest::option::of(0..5u32),
        proptest::option::of(1..8u32),
    )
        .prop_map(|(title, summary, tags, cat, author, date, likes, minutes)| Article {
            summary: summary.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" "),
            tags: tags.iter().map(|&i| TAGS[i].to_string()).collect(),
            category: cat.map(|c| format!("Cat {c}")),
            author: author.map(|a| format!("Author {a}")),
            date: date.map(|d| Date(19_000 + d * 3)),
            likes,
            read_minutes: minutes,
            ..Article::titled(title.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" "))
        })
}

fn names(pool: Vec<String>) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(pool.clone(), 0..=pool.len().min(3))
}

fn query() -> impl Strategy<Value = Query> {
    let mut tag_pool: Vec<String> = TAGS.iter().map(|s| s.to_string()).collect();
    tag_pool.push("Unknown".into());
    (
        (names(tag_pool.clone()), any::<bool>(), names(tag_pool)),
        names((0..4).map(|c| format!("Cat {c}")).collect()),
        names((0..5).map(|a| format!("Author {a}")).collect()),
        (proptest::option::of(0..60i32), proptest::option::of(0..60i32)),
        0..QUERIES.len(),
        proptest::option::of(proptest::sample::select(Sort::ALL.to_vec())),
        (0..8u32, 1..6u32, 1..6u32),
        [0..FACET_SEARCHES.len(), 0..FACET_SEARCHES.len(), 0..FACET_SEARCHES.len()],
    )
        .prop_map(
            |(
                (tags, any, exclude),
                categories,
                authors,
                (from, to),
                text,
                sort,
                (page, per_page, facet_limit),
                [search_tags, search_categories, search_authors],
            )| {
                Query {
                    tags,
                    mode: if any { Mode::Any } else { Mode::All },
                    exclude,
                    categories,
                    authors,
                    from: from.map(|d| Date(19_000 + d * 3)),
                    to: to.map(|d| Date(19_000 + d * 3)),
                    text: QUERIES[text].to_string(),
                    sort,
                    page,
                    per_page,
                    facet_limit,
                    facet_search: FacetSearch {
                        tags: FACET_SEARCHES[search_tags].into(),
                        categories: FACET_SEARCHES[search_categories].into(),
                        authors: FACET_SEARCHES[search_authors].into(),
                    },
                }
            },
        )
}

/// The queries the sharded reader answers without the engine, which [`query`] almost
/// never makes: nothing, or one tag (known or not), in either mode, newest first.
fn plain_query() -> impl Strategy<Value = Query> {
    (
        proptest::option::of(0..=TAGS.len()),
        any::<bool>(),
        any::<bool>(),
        (0..8u32, 1..6u32, 1..6u32),
        0..FACET_SEARCHES.len(),
    )
        .prop_map(|(tag, any, newest, (page, per_page, facet_limit), search)| Query {
            tags: tag.map(|i| TAGS.get(i).copied().unwrap_or("Unknown").to_string()).into_iter().collect(),
            mode: if any { Mode::Any } else { Mode::All },
            sort: newest.then_some(Sort::Newest),
            page,
            per_page,
            facet_limit,
            facet_search: FacetSearch { tags: FACET_SEARCHES[search].into(), ..FacetSearch::default() },
            ..Query::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn engine_agrees_with_the_reference(articles in proptest::collection::vec(article(), 0..25), q in query()) {
        check(articles, q);
    }

    #[test]
    fn plain_queries_agree(articles in proptest::collection::vec(article(), 0..40), q in plain_query()) {
        check(articles, q);
    }
}

#[test]
fn edge_cases_agree() {
    let one = || vec![Article { tags: vec!["Kafka".into(), "Kafka".into()], ..Article::titled("Kafka café") }];
    check(Vec::new(), Query::default());
    check(Vec::new(), Query { tags: vec!["Kafka".into()], page: 9, ..Query::default() });
    check(one(), Query { tags: vec!["Kafka".into()], ..Query::default() });
    check(one(), Query { text: "cafe kafk".into(), page: 3, ..Query::default() });
}

/// The files of a sharded index, by name: the folder of the rebuild tests.
#[derive(Default)]
struct Table(HashMap<String, Vec<u8>>);

impl Folder for Table {
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        self.0.get(name).cloned()
    }
}

/// What sites do between two builds.
#[derive(Clone, Debug)]
enum Change {
    Add(Article),
    Remove(usize),
    Edit(usize, Article),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        article().prop_map(Change::Add),
        any::<usize>().prop_map(Change::Remove),
        (any::<usize>(), article()).prop_map(|(i, a)| Change::Edit(i, a)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Each build goes into the folder of the one before, keeping its slots where it
    /// can (dead slots for removed and edited articles, new and placed ones for the
    /// rest, a fresh layout past the limits); after every build the folder answers
    /// exactly as a fresh one-file build of the same articles.
    #[test]
    fn rebuilt_indexes_answer_like_fresh_builds(
        start in proptest::collection::vec(article(), 0..20),
        changes in proptest::collection::vec(change(), 1..10),
        queries in (proptest::collection::vec(query(), 2), proptest::collection::vec(plain_query(), 2)),
    ) {
        let queries: Vec<Query> = queries.0.into_iter().chain(queries.1).collect();
        let layout = Layout { display_size: 3, filter_size: 6, tag_shard_bytes: 40, dictionary_bytes: 12, posting_bytes: 20, tail_block: 8 };
        let mut folder = Table::default();
        let mut manifest: Option<Vec<u8>> = None;
        let mut articles = start;
        for step in std::iter::once(None).chain(changes.into_iter().map(Some)) {
            match step {
                None => {}
                Some(Change::Add(a)) => articles.push(a),
                Some(Change::Remove(i)) if !articles.is_empty() => {
                    articles.remove(i % articles.len());
                }
                Some(Change::Edit(i, a)) if !articles.is_empty() => {
                    let at = i % articles.len();
                    articles[at] = a;
                }
                Some(_) => {}
            }
            let index = Index::build(articles.clone());
            let files = rebuild(&index, &|_| layout, manifest.as_deref(), &mut folder);
            for (name, bytes) in files.parts {
                folder.0.insert(name, bytes);
            }
            folder.0.retain(|name, _| files.names.contains(name));
            let one = OneFile::new(index.clone());
            for q in &queries {
                let mut source = Source::open(&files.manifest, None).unwrap();
                let got = answer(&mut source, q, Pages::One, &mut each(&mut |name| Ok(folder.0[name].clone()))).unwrap();
                prop_assert_eq!(got, one.search(q).unwrap(), "{:?}", q);
            }
            manifest = Some(files.manifest);
        }
    }
}
