//! The engine's rules, pinned on the seed listing.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::Path;
use tagsift::engine::{Mode, Query, QueryError, Sort};
use tagsift::import::seed_listing::import_file;
use tagsift::index::Index;
use tagsift::source::OneFile;

fn engine() -> OneFile {
    OneFile::new(Index::build(import_file(Path::new("seeds/000_3d6b433167b901e1.txt")).unwrap().articles))
}

fn tags(list: &[&str], mode: Mode) -> Query {
    Query { tags: list.iter().map(|s| s.to_string()).collect(), mode, ..Query::default() }
}

#[test]
fn tag_filters_match_the_listing() {
    let e = engine();
    assert_eq!(e.search(&tags(&["Kafka"], Mode::All)).unwrap().total, 9);
    assert_eq!(e.search(&tags(&["Kafka", "Streaming"], Mode::All)).unwrap().total, 3);
    assert_eq!(e.search(&tags(&["Kafka", "Streaming"], Mode::Any)).unwrap().total, 12);
    assert_eq!(e.search(&tags(&["No such tag"], Mode::All)).unwrap().total, 0);
    assert_eq!(e.search(&tags(&["No such tag", "Kafka"], Mode::Any)).unwrap().total, 9);
}

#[test]
fn the_empty_query_returns_everything_newest_first() {
    let r = engine().search(&Query::default()).unwrap();
    assert_eq!((r.total, r.page, r.pages, r.hits.len()), (87, 1, 9, 10));
    assert_eq!(r.hits[0].date.unwrap().to_listing(), "Apr 3, 2026");
    assert_eq!(r.sort, Sort::Newest);
    assert_eq!(r.facets.tags.values.len(), 20);
    assert_eq!(r.facets.tags.values[0].value, "distributed-systems");
    assert_eq!(r.facets.tags.distinct, 99);
    assert_eq!(r.facets.categories.values[0].value, "Backend Development");
    assert_eq!(r.facets.categories.values[0].count, 52);
}

#[test]
fn facet_counts_are_conjunctive_for_all_and_disjunctive_for_or_groups() {
    let e = engine();
    let r = e.search(&tags(&["Kafka"], Mode::All)).unwrap();
    let count = |name: &str| r.facets.tags.values.iter().find(|v| v.value == name).map(|v| v.count);
    assert_eq!(count("Kafka"), Some(9));
    assert_eq!(count("Streaming"), Some(3), "Kafka AND Streaming");
    let any = e.search(&tags(&["Kafka"], Mode::Any)).unwrap();
    let streaming = any.facets.tags.values.iter().find(|v| v.value == "Streaming").unwrap();
    assert!(streaming.count > 3, "in any mode the tag group's own choice is ignored");
    // A selected category keeps the other categories' counts.
    let q = Query { categories: vec!["Big Data".into()], ..Query::default() };
    let r = e.search(&q).unwrap();
    assert_eq!(r.total, 8);
    let backend = r.facets.categories.values.iter().find(|v| v.value == "Backend Development").unwrap();
    assert_eq!(backend.count, 52);
    assert!(r.facets.categories.values.iter().any(|v| v.value == "Big Data" && v.selected));
}

#[test]
fn selected_values_stay_with_count_zero() {
    let q = Query { tags: vec!["Kafka".into(), "ZooKeeper".into(), "Nope".into()], ..Query::default() };
    let r = engine().search(&q).unwrap();
    assert_eq!(r.total, 0);
    for name in ["Kafka", "ZooKeeper", "Nope"] {
        let v = r.facets.tags.values.iter().find(|v| v.value == name).unwrap();
        assert!(v.selected && v.count == 0, "{name}");
    }
}

#[test]
fn text_finds_u2011_hyphens_typos_prefixes_and_cjk() {
    let e = engine();
    let text = |t: &str| e.search(&Query { text: t.into(), ..Query::default() }).unwrap();
    let r = text("high-concurrency");
    assert!(r.total >= 2);
    let u2011 = r.hits.iter().filter(|h| h.title.contains("High\u{2011}Concurrency")).count();
    assert!(u2011 >= 2, "{:?}", r.hits.iter().map(|h| &h.title).collect::<Vec<_>>());
    assert_eq!(r.sort, Sort::Relevance);
    assert!(r.hits[0].title.to_lowercase().contains("concurrency"), "title hits rank first");
    let cjk = text("泡姆");
    assert_eq!(cjk.total, 1);
    assert!(cjk.hits[0].title.contains("泡姆泡姆"));
    let typo = text("idempotncy");
    assert!(typo.total > 0);
    assert!(typo
        .hits
        .iter()
        .all(|h| format!("{} {} {:?}", h.title, h.summary, h.tags).to_lowercase().contains("idempoten")));
    assert_eq!(text("kafk").total, text("kafka").total, "prefix on the last word");
    assert_eq!(text("kafk streaming").total, 0, "no prefix on earlier words");
    assert!(text("KAFKA streaming").total <= text("kafka").total);
}

#[test]
fn pages_clamp_and_bad_parameters_are_errors() {
    let e = engine();
    let r = e.search(&Query { page: 50, ..Query::default() }).unwrap();
    assert_eq!((r.page, r.hits.len()), (9, 7));
    assert_eq!(r.hits.last().unwrap().date.unwrap().to_listing(), "Aug 13, 2020");
    let err = e.search(&Query { per_page: 0, ..Query::default() }).unwrap_err();
    assert_eq!(err, QueryError::PerPage(0));
    assert_eq!(err.to_string(), "perPage must be between 1 and 100, not 0");
    assert_eq!(
        "popular".parse::<Sort>().unwrap_err().to_string(),
        "unknown sort `popular`: expected one of newest, oldest, longest, shortest, most-liked, title, relevance"
    );
    let none = e.search(&tags(&["Nope"], Mode::All)).unwrap();
    assert_eq!((none.total, none.page, none.pages), (0, 1, 1));
}

#[test]
fn sorts_order_as_documented() {
    let e = engine();
    let by = |sort: Sort| e.search(&Query { sort: Some(sort), per_page: 100, ..Query::default() }).unwrap().hits;
    let oldest = by(Sort::Oldest);
    assert_eq!(oldest[0].date.unwrap().to_listing(), "Aug 13, 2020");
    let longest = by(Sort::Longest);
    assert!(longest.windows(2).all(|w| w[0].read_minutes >= w[1].read_minutes));
    let titles: Vec<String> = by(Sort::Title).iter().map(|a| tagsift::engine::title_key(&a.title)).collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]));
    let q = Query { from: tagsift::model::Date::parse_iso("2025-01-01"), ..Query::default() };
    let recent = e.search(&q).unwrap();
    assert!(recent.total > 0 && recent.total < 87);
}

#[test]
fn facet_search_narrows_the_listed_values_not_the_results() {
    let e = engine();
    let mut q = tags(&["Kafka"], Mode::All);
    q.facet_search.tags = "STREAM".into();
    let r = e.search(&q).unwrap();
    assert_eq!(r.total, 9, "the results are those of the tag filter alone");
    let names: Vec<&str> = r.facets.tags.values.iter().map(|v| v.value.as_str()).collect();
    assert!(!names.is_empty() && names.iter().all(|n| n.to_lowercase().contains("stream")), "{names:?}");
    assert_eq!(r.facets.tags.distinct as usize, names.len());
    assert!(!names.contains(&"Kafka"), "a selected value outside the filter is not listed");

    let mut q = Query::default();
    q.facet_search.authors = "RAY'S galac".into();
    let r = e.search(&q).unwrap();
    let authors: Vec<&str> = r.facets.authors.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(authors, ["Ray's Galactic Tech"]);
    q.facet_search.authors = "no such author".into();
    let r = e.search(&q).unwrap();
    assert_eq!((r.facets.authors.values.len(), r.facets.authors.distinct), (0, 0));
    assert_eq!(r.total, 87);
}

/// Long strings in a query or a shared address (the fuzz targets keep to 4 KiB inputs):
/// a megabyte of text, a word that is almost a real one, huge tags and parameters are
/// answered, not a panic or an error. A pasted page counts 32 words at most, each once.
#[test]
fn long_strings_in_a_query_or_an_address_are_answered() {
    use tagsift::engine::text::{query_terms, MAX_QUERY_WORDS};
    use tagsift::ui::url_params::from_params;
    let many: String = (0..100).map(|i| format!("w{i} ")).collect();
    let counted = query_terms(&many);
    assert_eq!(counted.len(), MAX_QUERY_WORDS);
    assert_eq!((counted[0].as_str(), counted[30].as_str(), counted[31].as_str()), ("w0", "w30", "w99"));
    assert_eq!(query_terms("Kafka streaming kafka KAFKA"), ["kafka", "streaming", "kafka"], "the last stays last");
    let e = engine();
    let kafka = e.search(&Query { text: "kafka".into(), ..Query::default() }).unwrap().total;
    assert!(kafka > 0);
    let long_word = "kafka".repeat(200_000);
    let many_words = "kafka ".repeat(200_000);
    let near_miss = format!("{}x", "a".repeat(65_536));
    for text in [&long_word, &many_words, &near_miss] {
        let r = e.search(&Query { text: text.clone(), ..Query::default() }).unwrap();
        let expected = if text == &many_words { kafka } else { 0 };
        assert_eq!(r.total, expected, "{} bytes of text", text.len());
    }
    let huge_tag = tags(&[&long_word, "Kafka"], Mode::Any);
    assert_eq!(e.search(&huge_tag).unwrap().total, 9);
    let defaults = Query { per_page: 20, ..Query::default() };
    let params = [("q", &near_miss), ("tag", &long_word), ("category", &long_word), ("page", &long_word)];
    let q = from_params(params.iter().map(|(k, v)| (k.to_string(), v.to_string())), &defaults);
    assert_eq!((q.text.len(), q.tags.len(), q.page), (near_miss.len(), 1, 1));
    assert_eq!(e.search(&q).unwrap().total, 0);
}

/// Text that folds to no word (punctuation, a combining mark standing alone) filters
/// nothing and keeps the newest-first order, in the one-file and sharded forms alike
/// (the fuzz finding `fuzz/findings/query/crash-6e0e…` replays the sharded side).
#[test]
fn text_that_folds_to_no_word_filters_nothing() {
    let e = engine();
    for text in ["\u{1dd3}", "!!! \u{301}", "--"] {
        let r = e.search(&Query { text: text.into(), ..Query::default() }).unwrap();
        assert_eq!((r.total, r.sort), (87, Sort::Newest), "{text:?}");
    }
}
