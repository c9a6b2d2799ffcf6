//! The widget's view, rendered natively: a snapshot of every state, HTML that a real
//! HTML5 parser (html5ever) turns back into the very tree that was rendered, and
//! hostile article text that stays text.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use proptest::prelude::*;
use tagsift::engine::{Mode, Query, SearchResult};
use tagsift::index::Index;
use tagsift::model::{Article, Date};
use tagsift::source::OneFile;
use tagsift::ui::format::English;
use tagsift::ui::html;
use tagsift::ui::options::{Options, Paging};
use tagsift::ui::tree::{Element, Node};
use tagsift::ui::view::{self, FacetUi, Ready, Status, View};

fn seed() -> OneFile {
    OneFile::new(tagsift::blob::decode(include_bytes!("golden/seed-v3.bin")).unwrap())
}

/// What the widget would show for `query` over `engine`.
fn ready_view(engine: &OneFile, options: &Options, query: &Query, facets: &FacetUi, pending: bool) -> Element {
    // As the widget asks: enough values for an expanded facet, and the filter boxes.
    let mut q = query.clone();
    q.facet_limit = 100;
    q.facet_search.tags = facets.search[0].clone();
    q.facet_search.authors = facets.search[2].clone();
    let mut result = engine.search(&q).unwrap();
    let hits = std::mem::take(&mut result.hits);
    render(
        options,
        Status::Ready(Ready {
            query,
            result: &result,
            hits: &hits,
            facets,
            pending,
            facets_pending: false,
            stale: false,
            alert: None,
        }),
    )
}

fn render(options: &Options, status: Status) -> Element {
    view::render(&View { id: "tagsift-1", options, format: &English, live: true, search_text: "", status })
}

/// An indented rendering, one element or text per line, for snapshot files a reader can diff.
fn pretty(node: &Node, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match node {
        Node::Text(t) => {
            out.push_str(&pad);
            html::escape_text(t, out);
            out.push('\n');
        }
        Node::Element(e) => {
            out.push_str(&pad);
            out.push('<');
            out.push_str(e.tag);
            for (name, value) in &e.attrs {
                out.push_str(&format!(" {name}=\""));
                html::escape_attribute(value, out);
                out.push('"');
            }
            out.push_str(">\n");
            for child in &e.children {
                pretty(child, depth + 1, out);
            }
            if e.tag != "input" {
                out.push_str(&format!("{pad}</{}>\n", e.tag));
            }
        }
    }
}

/// Compares `view` with `tests/snapshots/{name}.html`; `TAGSIFT_UPDATE_SNAPSHOTS=1`
/// rewrites the file instead.
fn snapshot(name: &str, view: Element) {
    let mut text = String::new();
    pretty(&Node::Element(view), 0, &mut text);
    let path = format!("tests/snapshots/{name}.html");
    if std::env::var_os("TAGSIFT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all("tests/snapshots").unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} is missing: run with TAGSIFT_UPDATE_SNAPSHOTS=1 to write it"));
    if want != text {
        let line = want.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{path} differs from the view at line {}:\n  snapshot: {}\n  view:     {}\n\
             (TAGSIFT_UPDATE_SNAPSHOTS=1 rewrites it if the change is meant)",
            line + 1,
            want.lines().nth(line).unwrap_or(""),
            text.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn the_loading_and_failed_states() {
    let options = Options::default();
    snapshot("loading", render(&options, Status::Loading));
    snapshot(
        "failed",
        render(&options, Status::Failed("The articles could not be loaded: index.bin: the server answered HTTP 404")),
    );
}

#[test]
fn the_first_view() {
    let options = Options::default();
    let view = ready_view(&seed(), &options, &options.default_query(), &FacetUi::default(), false);
    let text = view.text_content();
    assert!(text.contains("87 articles · Page 1 of 9"), "{text}");
    snapshot("first-view", view);
}

#[test]
fn a_filtered_view_with_chips_marks_and_a_second_page() {
    let options = Options::default();
    let query = Query {
        tags: vec!["Kafka".into(), "Streaming".into()],
        mode: Mode::Any,
        text: "kafka stream".into(),
        page: 2,
        per_page: 5,
        ..options.default_query()
    };
    let view = ready_view(&seed(), &options, &query, &FacetUi::default(), false);
    let text = view.text_content();
    assert!(text.contains("Tag: Kafka ×") && text.contains("Text: kafka stream ×"), "{text}");
    snapshot("filtered", view);
}

#[test]
fn the_empty_state_an_expanded_facet_and_a_facet_filter_that_matches_nothing() {
    let options = Options::default();
    let query = Query { text: "qqqzzz".into(), ..options.default_query() };
    let facets = FacetUi { expanded: [true, false, false], search: ["zzzz".into(), String::new(), String::new()] };
    let view = ready_view(&seed(), &options, &query, &facets, false);
    assert!(view.text_content().contains("No articles match these filters."));
    assert!(view.text_content().contains("None match “zzzz”"));
    snapshot("empty", view);
}

#[test]
fn waiting_for_shards_and_the_load_more_paging() {
    let options = Options { paging: Paging::LoadMore, per_page: 20, ..Options::default() }.finish();
    let engine = seed();
    let query = options.default_query();
    let mut result = engine.search(&Query { facet_limit: 100, ..query.clone() }).unwrap();
    let hits = std::mem::take(&mut result.hits);
    let facets = FacetUi::default();
    let alert = "These articles could not be loaded: t3-0000000000000000.bin: the server answered HTTP 503.";
    let ready = Ready {
        query: &query,
        result: &result,
        hits: &hits,
        facets: &facets,
        pending: true,
        facets_pending: false,
        stale: false,
        alert: Some(alert),
    };
    snapshot("waiting-load-more", render(&options, Status::Ready(ready)));
}

#[test]
fn results_whose_facet_counts_are_on_their_way_keep_the_earlier_counts_marked_as_waiting() {
    // A sharded index answers two tags from their tag shards; the counts within the
    // results wait for the filter shards. The earlier facets stay, with this query's
    // choices, and the lists say they are waiting; the cards are current.
    let options = Options::default().finish();
    let engine = seed();
    let earlier = options.default_query();
    let query = Query { tags: vec!["Kafka".into(), "Streaming".into()], ..earlier.clone() };
    let mut result = engine.search(&query).unwrap();
    let hits = std::mem::take(&mut result.hits);
    result.facets = engine.search(&earlier).unwrap().facets;
    tagsift::ui::view::choose(&mut result.facets, &query);
    let facets = FacetUi::default();
    let ready = Ready {
        query: &query,
        result: &result,
        hits: &hits,
        facets: &facets,
        pending: false,
        facets_pending: true,
        stale: false,
        alert: None,
    };
    let view = render(&options, Status::Ready(ready));
    let mut text = String::new();
    pretty(&Node::Element(view.clone()), 0, &mut text);
    assert!(text.contains("<details class=\"tagsift-facets\" aria-busy=\"true\""), "{text}");
    assert!(
        !text.contains("class=\"tagsift-results\" tabindex=\"-1\" aria-label=\"Results\" aria-busy"),
        "the cards are current"
    );
    let sidebar = &text[..text.find("class=\"tagsift-main\"").unwrap()];
    let pressed = sidebar.matches("aria-pressed=\"true\"").count();
    assert_eq!(pressed, 2, "both chosen tags are pressed in the earlier list");
    snapshot("facets-pending", view);
}

#[test]
fn results_of_an_earlier_query_after_a_failure_are_marked_stale() {
    let options = Options::default().finish();
    let engine = seed();
    let query = options.default_query();
    let mut result = engine.search(&query).unwrap();
    let hits = std::mem::take(&mut result.hits);
    let facets = FacetUi::default();
    let alert = "These articles could not be loaded: t3-0000000000000000.bin: you are offline. Any action tries again.";
    let ready = Ready {
        query: &query,
        result: &result,
        hits: &hits,
        facets: &facets,
        pending: false,
        facets_pending: false,
        stale: true,
        alert: Some(alert),
    };
    let view = render(&options, Status::Ready(ready));
    let mut text = String::new();
    pretty(&Node::Element(view.clone()), 0, &mut text);
    assert!(text.contains("<div class=\"tagsift-body\" data-stale=\"\">"), "{text}");
    assert!(!text.contains("aria-busy"), "a failure is not shown as loading");
    snapshot("stale-after-failure", view);
}

// ---- The HTML parses back to the tree ----

/// A tree in comparable form (attributes sorted: the parser need not keep their order).
#[derive(Debug, PartialEq, Eq)]
enum Plain {
    El(String, Vec<(String, String)>, Vec<Plain>),
    Text(String),
}

fn plain(node: &Node) -> Plain {
    match node {
        Node::Text(t) => Plain::Text(t.clone()),
        Node::Element(e) => {
            let mut attrs: Vec<(String, String)> = e.attrs.iter().map(|(n, v)| (n.to_string(), v.clone())).collect();
            attrs.sort();
            Plain::El(e.tag.to_string(), attrs, e.children.iter().map(plain).collect())
        }
    }
}

fn parsed(node: ego_tree::NodeRef<scraper::Node>) -> Option<Plain> {
    match node.value() {
        scraper::Node::Text(t) => Some(Plain::Text(t.to_string())),
        scraper::Node::Element(e) => {
            let mut attrs: Vec<(String, String)> = e.attrs().map(|(n, v)| (n.to_string(), v.to_string())).collect();
            attrs.sort();
            Some(Plain::El(e.name().to_string(), attrs, node.children().filter_map(parsed).collect()))
        }
        _ => None,
    }
}

/// `view` rendered to HTML and parsed by html5ever, in comparable form.
fn round_trip(view: &Element) -> Plain {
    let html = html::render(&Node::Element(view.clone()));
    let fragment = scraper::Html::parse_fragment(&html);
    let mut top: Vec<Plain> = fragment.root_element().children().filter_map(parsed).collect();
    assert_eq!(top.len(), 1, "one root element from {html}");
    top.remove(0)
}

#[test]
fn every_snapshot_state_parses_back_to_its_tree() {
    let options = Options::default();
    let engine = seed();
    for view in [
        render(&options, Status::Loading),
        render(&options, Status::Failed("a <b>bold</b> & \"quoted\" failure")),
        ready_view(&engine, &options, &options.default_query(), &FacetUi::default(), false),
        ready_view(
            &engine,
            &options,
            &Query { text: "泡姆 high-concurrency".into(), ..Query::default() },
            &FacetUi::default(),
            true,
        ),
    ] {
        assert_eq!(round_trip(&view), plain(&Node::Element(view.clone())));
    }
}

/// Hostile article text, as in the end-to-end XSS corpus.
fn hostile() -> Vec<Article> {
    let a = |title: &str, url: &str, tags: &[&str], summary: &str, day: u32| Article {
        url: Some(url.into()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        summary: summary.into(),
        date: Date::from_ymd(2026, 1, day),
        author: Some("<i>Mallory</i>".into()),
        category: Some("</style><script>alert(7)</script>".into()),
        ..Article::titled(title)
    };
    vec![
        a("<img src=x onerror=alert(1)>", "javascript:alert(1)", &["<b>bold</b>"], "<script>alert(2)</script>", 6),
        a("Data link", "data:text/html,<script>alert(3)</script>", &["x"], "s", 5),
        a("Vbscript link", " VBScript:msgbox(1)", &["x"], "s", 4),
        a("Safe absolute", "https://example.com/a?b=<c>", &["x"], "s", 3),
        a("Safe relative", "/posts/safe-relative/", &["x"], "s", 2),
        a(
            "\"><svg onload=alert(4)>",
            "java\tscript:alert(5)",
            &["\" onmouseover=\"alert(6)"],
            "&lt;b&gt; stays text",
            1,
        ),
    ]
}

#[test]
fn hostile_titles_summaries_tags_and_urls_stay_text() {
    let engine = OneFile::new(Index::build(hostile()));
    let options = Options::default();
    let view = ready_view(&engine, &options, &options.default_query(), &FacetUi::default(), false);
    assert_eq!(round_trip(&view), plain(&Node::Element(view.clone())));
    let html = html::render(&Node::Element(view.clone()));
    let doc = scraper::Html::parse_fragment(&html);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    for tag in ["img", "svg", "script", "b", "i", "style"] {
        assert_eq!(doc.select(&select(tag)).count(), 0, "a <{tag}> element came from article text");
    }
    let hrefs: Vec<&str> = doc.select(&select(".tagsift-title a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["https://example.com/a?b=<c>", "/posts/safe-relative/"]);
    let titles: Vec<String> = doc.select(&select(".tagsift-title")).map(|t| t.text().collect()).collect();
    assert_eq!(titles, hostile().iter().map(|a| a.title.clone()).collect::<Vec<_>>());
    for button in doc.select(&select("button[data-action]")) {
        let attrs: Vec<&str> = button.value().attrs().map(|(n, _)| n).collect();
        assert!(attrs.iter().all(|n| !n.starts_with("on")), "an event handler attribute: {attrs:?}");
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 <>&\"'=/\\-\u{a0}\u{2011}泡姆éß\n\t]{0,24}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_articles_and_query_render_html_that_parses_back_to_the_tree(
        articles in proptest::collection::vec(
            (text_strategy(), text_strategy(), proptest::collection::vec(text_strategy(), 0..4), text_strategy(), 0u32..30),
            1..12,
        ),
        text in text_strategy(),
        any in any::<bool>(),
        page in 1u32..4,
    ) {
        let articles: Vec<Article> = articles
            .into_iter()
            .filter(|(title, ..)| !title.trim().is_empty())
            .map(|(title, url, tags, summary, day)| Article {
                url: Some(url),
                tags: tags.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
                summary,
                date: Date::from_ymd(2025, 1, 1 + day % 28),
                author: Some("A <b> & B".into()),
                ..Article::titled(title.trim())
            })
            .collect();
        let engine = OneFile::new(Index::build(articles));
        let first_tag = engine.index().tags.first().cloned();
        let options = Options { per_page: 3, ..Options::default() }.finish();
        let query = Query {
            text,
            tags: first_tag.into_iter().collect(),
            mode: if any { Mode::Any } else { Mode::All },
            page,
            ..options.default_query()
        };
        let view = ready_view(&engine, &options, &query, &FacetUi::default(), false);
        prop_assert_eq!(round_trip(&view), plain(&Node::Element(view.clone())));
    }
}

#[test]
fn the_result_json_is_what_serde_json_writes() {
    // The browser hands JavaScript one string of JSON, written by hand; the CLI writes
    // the same result with serde_json. They must be the same text.
    let engine = OneFile::new(Index::build(hostile()));
    let seed = seed();
    let check = |result: &SearchResult| {
        assert_eq!(tagsift::engine::json::search_result(result), serde_json::to_string(result).unwrap());
    };
    check(&engine.search(&Query::default()).unwrap());
    for text in ["", "kafka", "stream high-concurrency", "泡姆"] {
        check(&seed.search(&Query { text: text.into(), per_page: 100, ..Query::default() }).unwrap());
    }
    let mut control = Article::titled("tab\there \"quoted\" back\\slash \u{1} \u{1f} \u{8} \u{c} \r\n");
    control.summary = "\u{7f} \u{2028} ok".into();
    check(&OneFile::new(Index::build(vec![control])).search(&Query::default()).unwrap());
}
