//! Importing real sites: each generator's conventions, feeds, JSON, every malformed case,
//! and a folder indexed all the way into the engine.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use tagsift::engine::Query;
use tagsift::import::config::Config;
use tagsift::import::run::{run, Options, Report};
use tagsift::index::Index;
use tagsift::model::{Article, Date};
use tagsift::source::OneFile;

const FIXTURES: &str = "tests/fixtures/import";

fn import_with(inputs: &[&str], options: Options) -> Report {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| Path::new(FIXTURES).join(p)).collect();
    run(&inputs, &options, &mut |_, _| {})
}

fn import(inputs: &[&str]) -> Report {
    import_with(inputs, Options::default())
}

fn article(title: &str, f: impl FnOnce(&mut Article)) -> Article {
    let mut a = Article::titled(title);
    f(&mut a);
    a
}

fn date(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::from_ymd(y, m, d)
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn jekyll_posts_take_dates_and_urls_from_file_names_and_skip_drafts() {
    let r = import(&["jekyll"]);
    assert_eq!(r.drafts, 1);
    assert!(r.errors.is_empty() && r.notices.is_empty(), "{:?} {:?}", r.errors, r.notices);
    assert_eq!(
        r.articles,
        [
            article("Hello, World", |a| {
                a.author = Some("Ada Chen".into());
                a.date = date(2024, 3, 9);
                a.category = Some("Engineering".into());
                a.summary = "Our first post explains why we built a search widget in Rust.".into();
                a.tags = strings(&["Rust", "WebAssembly"]);
                a.read_minutes = Some(1);
                a.url = Some("/2024/03/09/hello-world/".into());
            }),
            article("Café culture", |a| {
                a.date = date(2024, 5, 21);
                a.summary = "泡姆泡姆 and friends.".into();
                a.tags = strings(&["golang", "Go", "Remote Work"]);
                a.read_minutes = Some(1);
                a.url = Some("/culture/cafe/".into());
            }),
        ]
    );
    assert_eq!(
        r.summary(),
        "read 3 files: 2 articles indexed, 1 draft skipped, 0 duplicates merged, 0 warnings, 0 errors"
    );
}

#[test]
fn hugo_toml_front_matter_under_a_base_url_with_section_pages_excluded() {
    let config = Config {
        base_url: Some("https://example.com".into()),
        exclude: vec!["**/_index.md".into()],
        ..Config::default()
    };
    let r = import_with(&["hugo/content"], Options { config, ..Options::default() });
    assert!(r.errors.is_empty() && r.notices.is_empty(), "{:?} {:?}", r.errors, r.notices);
    assert_eq!(r.files, 1, "the excluded _index.md is not read");
    assert_eq!(
        r.articles,
        [article("First Steps with Hugo", |a| {
            a.author = Some("Lin Okafor".into());
            a.date = date(2023, 11, 2);
            a.category = Some("Tutorials".into());
            a.summary = "Setting up a **Hugo** site in ten minutes.".into();
            a.tags = strings(&["Hugo", "Static Sites"]);
            a.read_minutes = Some(7);
            a.url = Some("https://example.com/posts/first-steps/".into());
        })]
    );
}

#[test]
fn zola_eleventy_and_astro_conventions() {
    let r = import(&["zola/content", "eleventy", "astro/src/content"]);
    assert!(r.errors.is_empty() && r.notices.is_empty(), "{:?} {:?}", r.errors, r.notices);
    assert_eq!(
        r.articles,
        [
            article("Zola taxonomies", |a| {
                a.date = date(2022, 6, 15);
                a.category = Some("Guides".into());
                a.summary = "Tags live under [taxonomies].".into();
                a.tags = strings(&["Zola", "Rust"]);
                a.read_minutes = Some(1);
                a.url = Some("/blog/taxonomies/".into());
            }),
            article("Eleventy data cascade", |a| {
                a.author = Some("Sam Novak".into());
                a.date = date(2021, 1, 30);
                a.summary = "The data cascade, explained.".into();
                a.tags = strings(&["post", "Eleventy"]);
                a.likes = Some(12);
                a.read_minutes = Some(1);
                a.url = Some("/posts/eleventy-data/".into());
            }),
            article("Astro islands", |a| {
                a.date = date(2022, 7, 8);
                a.summary = "Partial hydration without the fuss.".into();
                a.tags = strings(&["Astro", "Performance"]);
                a.read_minutes = Some(1);
                a.url = Some("/blog/astro-islands/".into());
            }),
        ]
    );
}

#[test]
fn json_with_nested_authors_and_json_lines() {
    let r = import(&["json/articles.json", "json/articles.jsonl"]);
    assert!(r.errors.is_empty() && r.notices.is_empty(), "{:?} {:?}", r.errors, r.notices);
    assert_eq!(
        r.articles,
        [
            article("Nested authors", |a| {
                a.author = Some("Mei Kim".into());
                a.date = date(2025, 2, 3);
                a.category = Some("Data".into());
                a.summary = "Authors as objects.".into();
                a.tags = strings(&["JSON", "Import"]);
                a.read_minutes = Some(4);
                a.url = Some("https://example.com/nested".into());
            }),
            article("Second", |a| {
                a.author = Some("Tom Berg".into());
                a.date = date(2025, 2, 3);
                a.tags = strings(&["JSON"]);
                a.likes = Some(3);
                a.url = Some("https://example.com/second".into());
            }),
            article("Line one", |a| {
                a.date = date(2020, 1, 1);
                a.tags = strings(&["JSONL"]);
                a.url = Some("/one".into());
            }),
            article("Line two", |a| {
                a.date = date(2020, 1, 2);
                a.tags = strings(&["JSONL", "Lines"]);
                a.url = Some("/two".into());
            }),
        ]
    );
}

#[test]
fn rss_and_atom_with_html_descriptions() {
    let r = import(&["feeds"]);
    assert!(r.errors.is_empty() && r.notices.is_empty(), "{:?} {:?}", r.errors, r.notices);
    assert_eq!(
        r.articles,
        [
            article("RSS & you", |a| {
                a.author = Some("Olga Silva".into());
                a.date = date(2024, 9, 10);
                a.summary = "Feeds are still useful — really.".into();
                a.tags = strings(&["Feeds", "XML"]);
                a.url = Some("https://blog.example.com/rss-and-you".into());
            }),
            article("Escaped HTML", |a| {
                a.author = Some("Kenji Ito".into());
                a.date = date(2024, 9, 11);
                a.summary = "Escaped markup".into();
                a.url = Some("https://blog.example.com/escaped".into());
            }),
            article("Atom entries", |a| {
                a.author = Some("Zoe Haddad".into());
                a.date = date(2024, 10, 1);
                a.summary = "Summaries with HTML.".into();
                a.tags = strings(&["Atom", "standards"]);
                a.url = Some("https://site.example.com/atom-entries".into());
            }),
        ]
    );
}

/// Writes `files` into a fresh folder and imports it.
fn import_files(name: &str, files: &[(&str, &[u8])], options: Options) -> (PathBuf, Report) {
    let dir = std::env::temp_dir().join(format!("tagsift-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let report = run(std::slice::from_ref(&dir), &options, &mut |_, _| {});
    (dir, report)
}

fn messages(r: &Report) -> Vec<String> {
    r.notices.iter().map(ToString::to_string).chain(r.errors.iter().map(ToString::to_string)).collect()
}

#[test]
fn bad_fields_are_warnings_and_the_article_is_kept() {
    let (dir, r) = import_files(
        "fields",
        &[("a.md", b"---\ntitle: Kept\ndate: someday\ntags: 5\nlikes: many\n---\nBody.\n")],
        Options::default(),
    );
    let file = dir.join("a.md").display().to_string();
    assert_eq!(
        messages(&r),
        [
            format!("{file}:3: warning: field `date` is not a date (expected YYYY-MM-DD, RFC 3339 or RFC 2822); the article is indexed without a date"),
            format!("{file}:4: warning: field `tags` should be a list of strings or a comma-separated string; the article is indexed without tags"),
            format!("{file}:5: warning: field `likes` should be a non-negative number; the article is indexed without likes"),
        ]
    );
    assert_eq!(r.articles.len(), 1);
    assert_eq!((r.articles[0].date, r.articles[0].likes), (None, None));
    assert!(r.articles[0].tags.is_empty());

    let (_, strict) = import_files(
        "strict",
        &[("a.md", b"---\ntitle: Kept\ndate: someday\n---\n")],
        Options { strict: true, ..Options::default() },
    );
    assert_eq!(strict.errors.len(), 1);
    assert!(strict.errors[0].to_string().ends_with("indexed without a date (an error with --strict)"));
    assert!(strict.notices.is_empty());
}

#[test]
fn unreadable_records_are_errors_naming_file_and_line() {
    let (dir, r) = import_files(
        "errors",
        &[
            ("broken.md", b"---\ntitle: Fine\ntags: [unclosed\n---\n"),
            ("latin1.md", b"---\ntitle: caf\xe9\n---\n"),
            ("lines.jsonl", b"{\"title\": \"ok\"}\n{\"url\": \"/no-title\"}\n{not json\n"),
            (
                "cut.rss",
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>A</title>\n<description>trunc",
            ),
            ("notes.txt", b"just some notes\n"),
        ],
        Options::default(),
    );
    let at = |name: &str| dir.join(name).display().to_string();
    let m = messages(&r);
    assert_eq!(m.len(), 6, "{m:#?}");
    assert_eq!(
        m[0],
        format!(
            "{}:4: error: the YAML front matter is not valid: did not find expected ',' or ']', while parsing a flow sequence",
            at("broken.md")
        )
    );
    assert!(
        m[1].starts_with(&format!(
            "{}:4: error: the feed ends before its XML does (is it truncated?): ",
            at("cut.rss")
        )),
        "{}",
        m[1]
    );
    assert_eq!(
        m[2],
        format!("{}:2: error: the file is not valid UTF-8 (bad byte at offset 14): save it as UTF-8", at("latin1.md"))
    );
    assert_eq!(
        m[3],
        format!("{}:2: error: the article has no title (expected a non-empty `title` field)", at("lines.jsonl"))
    );
    assert!(m[4].starts_with(&format!("{}:3: error: the line is not a JSON object: ", at("lines.jsonl"))), "{}", m[4]);
    assert!(m[5].starts_with(&format!("{}:1: error: the format is not recognised", at("notes.txt"))), "{}", m[5]);
    assert_eq!(r.articles.len(), 1, "the good JSON line is still read");
}

#[test]
fn duplicates_are_reported_and_kept_once() {
    let (dir, r) = import_files(
        "dupes",
        &[
            ("a.jsonl", b"{\"title\": \"Same\", \"url\": \"https://x.org/same/\"}\n{\"title\": \"No URL\", \"date\": \"2024-01-01\"}\n"),
            ("b.jsonl", b"{\"title\": \"Same again\", \"url\": \"https://x.org/same\"}\n{\"title\": \"No URL\", \"date\": \"2024-01-01\"}\n"),
        ],
        Options::default(),
    );
    assert_eq!((r.articles.len(), r.duplicates), (2, 2));
    assert_eq!(
        messages(&r),
        [
            format!(
                "{}:1: warning: `Same again` repeats the article at {}:1 (same URL); kept once",
                dir.join("b.jsonl").display(),
                dir.join("a.jsonl").display()
            ),
            format!(
                "{}:2: warning: `No URL` repeats the article at {}:2 (same title and date); kept once",
                dir.join("b.jsonl").display(),
                dir.join("a.jsonl").display()
            ),
        ]
    );
}

#[test]
fn configured_fields_and_tag_normalisation() {
    let config = Config::parse(
        Path::new("tagsift.toml"),
        "category = \"section\"\n[fields]\ntags = \"topics\"\nsummary = \"lede\"\n[tags]\ncase = \"lower\"\naliases = { golang = \"Go\" }\n",
    )
    .unwrap();
    let (_, r) = import_files(
        "config",
        &[("a.json", b"[{\"title\": \"T\", \"topics\": [\"GoLang\", \"Rust\", \"rust\"], \"lede\": \"L\", \"section\": \"S\", \"category\": \"ignored\"}]")],
        Options { config, ..Options::default() },
    );
    assert_eq!(r.articles[0].tags, ["Go", "rust"]);
    assert_eq!(r.articles[0].summary, "L");
    assert_eq!(r.articles[0].category.as_deref(), Some("S"));
}

#[test]
fn a_folder_indexes_into_the_engine_with_exact_tag_counts() {
    let r = import(&["jekyll", "zola/content", "json", "feeds"]);
    assert!(r.errors.is_empty());
    let count = r.articles.len();
    let bytes = tagsift::blob::encode(&Index::build(r.articles));
    let engine = OneFile::new(tagsift::blob::decode(&bytes).unwrap());
    let all = engine.search(&Query { facet_limit: 100, ..Query::default() }).unwrap();
    assert_eq!(all.total as usize, count);
    let tag = |name: &str| all.facets.tags.values.iter().find(|v| v.value == name).map_or(0, |v| v.count);
    assert_eq!((tag("Rust"), tag("JSON"), tag("JSONL"), tag("XML"), tag("Atom")), (2, 2, 2, 1, 1));
    let rust = engine.search(&Query { tags: vec!["Rust".into()], ..Query::default() }).unwrap();
    let titles: Vec<&str> = rust.hits.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Hello, World", "Zola taxonomies"]);
}

#[test]
fn listing_duplicates_name_the_file_and_block_of_each_copy() {
    let seed = std::fs::read("seeds/000_3d6b433167b901e1.txt").unwrap();
    let (dir, r) = import_files("listings", &[("a.txt", &seed), ("b.txt", &seed)], Options::default());
    assert_eq!((r.articles.len(), r.duplicates), (87, 87));
    let first = r.notices.iter().find(|n| n.message.contains("repeats")).unwrap().to_string();
    assert_eq!(
        first,
        format!(
            "{}:4: warning: `How to Master Go Module Management for Scalable Distributed Systems` repeats the article at {}:4 (same title and date); kept once",
            dir.join("b.txt").display(),
            dir.join("a.txt").display()
        )
    );
    let second_block = r.notices.iter().filter(|n| n.message.contains("repeats")).nth(1).unwrap();
    assert_eq!(second_block.at.line, 15, "the second block starts at line 15");
}

#[test]
fn feeds_with_white_space_a_byte_order_mark_or_comments_before_the_declaration_are_read() {
    let item = "<rss version=\"2.0\"><channel><item><title>One</title><pubDate>Sat, 09 Mar 2024 10:00:00 +0000</pubDate></item></channel></rss>";
    let (dir, r) = import_files(
        "prolog",
        &[
            ("newline.xml", format!("\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{item}").as_bytes()),
            ("bom.rss", format!("\u{feff}<?xml version=\"1.0\"?>\n{item}").as_bytes()),
            ("comment.xml", format!("<!-- generated by a blog -->\n  <?xml version=\"1.0\"?>\n{item}").as_bytes()),
            ("dtd.xml", format!("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"x\">]>\n{item}").as_bytes()),
        ],
        Options::default(),
    );
    // The same article thrice (merged as duplicates), and one refusal that says why.
    assert_eq!(r.articles.len(), 1, "{:?}", messages(&r));
    assert_eq!(r.duplicates, 2);
    let m = messages(&r);
    let dtd = m.iter().find(|m| m.contains("dtd.xml")).unwrap();
    assert!(
        dtd.starts_with(&format!("{}:2: error: the feed declares a document type", dir.join("dtd.xml").display())),
        "{dtd}"
    );
}

#[test]
fn mdx_and_markdown_files_are_markdown_and_empty_values_are_absent() {
    let (_, r) = import_files(
        "mdx",
        &[
            (
                "posts/chart.mdx",
                b"---\ntitle: Charts\nauthor: ''\ncategory: ' '\ndate: 2024-01-02\n---\nimport Chart from '../Chart.astro';\n\n<Chart points={[1, 2]} />\n\nCharts in MDX.\n",
            ),
            ("posts/long.markdown", b"---\ntitle: Long form\ndate: 2024-01-01\n---\nA classic extension.\n"),
        ],
        Options::default(),
    );
    assert!(r.errors.is_empty() && r.notices.is_empty(), "{:?}", messages(&r));
    let titles: Vec<&str> = r.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Charts", "Long form"]);
    let chart = &r.articles[0];
    assert_eq!((chart.author.as_deref(), chart.category.as_deref()), (None, None), "empty values are absent, silently");
    assert_eq!(chart.summary, "Charts in MDX.");
}

#[test]
fn files_no_importer_reads_are_counted_by_extension() {
    let (_, r) = import_files(
        "skipped",
        &[
            ("posts/a.md", b"---\ntitle: A\n---\nBody.\n"),
            ("posts/cover.png", b"\x89PNG"),
            ("posts/diagram.png", b"\x89PNG"),
            ("data/site.yml", b"title: x\n"),
            ("LICENSE", b"MIT\n"),
        ],
        Options::default(),
    );
    assert_eq!(r.articles.len(), 1);
    assert_eq!(r.skipped, [("".to_string(), 1), ("png".to_string(), 2), ("yml".to_string(), 1)]);
    assert!(r.summary().ends_with("; 4 files skipped: 1 without extension, 2 .png, 1 .yml"), "{}", r.summary());
}

#[test]
fn a_built_site_gives_its_articles_and_counts_the_pages_that_are_not() {
    let config = Config { base_url: Some("https://blog.example.com".into()), ..Config::default() };
    let r = import_with(&["site"], Options { config, ..Options::default() });
    assert!(r.errors.is_empty(), "{:?}", messages(&r));
    assert!(r.notices.is_empty(), "{:?}", messages(&r));
    assert_eq!(
        r.articles,
        [
            article("Café culture & remote work", |a| {
                a.url = Some("https://blog.example.com/posts/caf%C3%A9-culture/".into());
                a.author = Some("Ada Chen".into());
                a.date = date(2024, 5, 21);
                a.category = Some("Culture".into());
                a.summary = "Working from cafés, and 泡姆泡姆.".into();
                a.tags = strings(&["Remote Work", "Coffee"]);
                a.read_minutes = Some(1);
            }),
            article("Explicit wins", |a| {
                a.url = Some("/posts/explicit/".into());
                a.author = Some("Cy".into());
                a.date = date(2024, 6, 1);
                a.category = Some("Engineering".into());
                a.summary = "Set by the theme.".into();
                a.tags = strings(&["Rust", "WebAssembly"]);
                a.likes = Some(12);
                a.read_minutes = Some(4);
            }),
            article("Kafka at scale & beyond", |a| {
                a.url = Some("https://blog.example.com/posts/kafka-at-scale/".into());
                a.author = Some("Ada Chen".into());
                a.date = date(2024, 3, 9);
                a.category = Some("Engineering".into());
                a.summary = "How we run Kafka with 10k partitions.".into();
                a.tags = strings(&["Kafka", "Streaming"]);
                a.read_minutes = Some(7);
            }),
            article("Postgres replication, in microdata", |a| {
                a.url = Some("https://blog.example.com/posts/microdata/".into());
                a.author = Some("Bo Ray".into());
                a.date = date(2023, 11, 2);
                a.summary = "Streaming replication explained.".into();
                a.tags = strings(&["PostgreSQL", "Replication"]);
                a.read_minutes = Some(1);
            }),
        ]
    );
    use tagsift::import::html::Skip;
    let skipped: Vec<(String, Skip)> = r
        .skipped_pages
        .iter()
        .map(|(p, s)| (p.strip_prefix(Path::new(FIXTURES).join("site")).unwrap().display().to_string(), *s))
        .collect();
    assert_eq!(
        skipped,
        [
            ("404.html".to_string(), Skip::NotFound),
            ("about/index.html".to_string(), Skip::NotAnArticle),
            ("index.html".to_string(), Skip::Home),
            ("page/2/index.html".to_string(), Skip::Paginated),
            ("tags/kafka/index.html".to_string(), Skip::Listing),
        ]
    );
    assert!(
        r.summary().contains(
            "; 5 pages not articles (1 a 404 page, 1 the home page, 1 a tag or category listing, \
                              1 a page of a paginated list, 1 no article type and no date)"
        ),
        "{}",
        r.summary()
    );
}

#[test]
fn site_wide_keywords_and_development_hosts_are_warned_about() {
    let page = |title: &str, canonical: &str| {
        format!(
            "<!doctype html><html><head><title>{title}</title><meta name=\"keywords\" content=\"blog, tech, news\">\
             <link rel=\"canonical\" href=\"{canonical}\"><meta property=\"og:type\" content=\"article\">\
             <meta property=\"article:published_time\" content=\"2024-01-01\"></head><body><h1>{title}</h1></body></html>"
        )
    };
    let (a, b, c) =
        (page("A", "http://localhost:1313/a/"), page("B", "https://x.org/b/"), page("C", "https://x.org/c/"));
    let (_, r) = import_files(
        "sitewide",
        &[("a/index.html", a.as_bytes()), ("b/index.html", b.as_bytes()), ("c/index.html", c.as_bytes())],
        Options::default(),
    );
    assert_eq!(r.articles.len(), 3, "{:?}", messages(&r));
    let m = messages(&r);
    assert!(m.iter().any(|m| m.contains("all 3 pages have the same keywords (blog, tech, news)")), "{m:#?}");
    assert!(m.iter().any(|m| m.contains("a/index.html:1: warning: the page's URL `http://localhost:1313/a/` points at a development host (localhost:1313)")), "{m:#?}");
}
