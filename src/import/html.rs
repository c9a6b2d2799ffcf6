//! A built site's pages: whatever generator wrote them, an article page says what it is
//! in ways this reader understands, each field taken from the first that has it:
//!
//! 1. `data-tagsift-*` attributes a theme adds for tagsift (they win over everything):
//!    `data-tagsift-title`, `-url`, `-date`, `-author`, `-category`, `-tags`
//!    (comma-separated), `-summary`, `-likes`, `-reading-time` (minutes), on any element;
//!    `data-tagsift-article` marks a page as an article, `data-tagsift-skip` leaves it out;
//! 2. JSON-LD (`BlogPosting`, `Article`, `NewsArticle`, `TechArticle`, also inside
//!    `@graph`): headline, datePublished, author, keywords, articleSection, description,
//!    url, timeRequired;
//! 3. microdata (`itemscope` with one of those `itemtype`s, and its `itemprop`s);
//! 4. Open Graph and `article:` meta tags: og:title, og:description, og:url,
//!    article:published_time, article:author, article:section, article:tag;
//! 5. the page itself: `<link rel="canonical">`, `rel="tag"` links inside the article,
//!    `<meta name="author">`, `<meta name="description">`, `<meta name="keywords">`,
//!    the article's `<h1>`, its first paragraph, its `<time datetime>`, the `<title>`.
//!
//! The URL is the canonical link's (or the metadata's), else the file's path under
//! `--base-url`. Pages that are not articles (the home page, tag and category listings,
//! paginated lists, 404 pages, pages with no article type and no date) are skipped and
//! counted by reason. Entities, percent-encoded paths and non-ASCII text come out as a
//! browser reads them.

use super::config::Config;
use super::fields::{self, Origin};
use super::{Batch, Location, Notice};
use scraper::{ElementRef, Html, Selector};
use serde_json::{json, Map, Value};
use std::path::Path;

/// Why a page was not indexed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// `data-tagsift-skip`.
    Marked,
    /// `404.html`, or a page titled "404" / "Not Found".
    NotFound,
    /// The site's root page.
    Home,
    /// A tag, category or other taxonomy listing.
    Listing,
    /// Page 2, 3, … of a list.
    Paginated,
    /// A page that declares no article type and has no date.
    NotAnArticle,
}

impl Skip {
    pub fn describe(self) -> &'static str {
        match self {
            Skip::Marked => "marked data-tagsift-skip",
            Skip::NotFound => "a 404 page",
            Skip::Home => "the home page",
            Skip::Listing => "a tag or category listing",
            Skip::Paginated => "a page of a paginated list",
            Skip::NotAnArticle => "no article type and no date",
        }
    }
}

const ARTICLE_TYPES: &[&str] = &["BlogPosting", "Article", "NewsArticle", "TechArticle", "ScholarlyArticle", "Report"];
const LISTING_TYPES: &[&str] = &["CollectionPage", "ItemList", "WebSite", "SearchResultsPage", "ProfilePage"];

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

/// What one page says about itself, before it becomes a record for [`fields::map`].
#[derive(Default, Debug)]
struct Found {
    title: Option<String>,
    url: Option<String>,
    date: Option<String>,
    author: Option<String>,
    category: Option<String>,
    tags: Option<Vec<String>>,
    /// Where the tags came from: `keywords` may be the site's, not the article's.
    tags_from_keywords: bool,
    summary: Option<String>,
    likes: Option<String>,
    minutes: Option<String>,
    /// The page declares itself an article (a type, or data-tagsift-article).
    article_type: bool,
    /// The page declares a listing type.
    listing_type: bool,
}

/// Sets `slot` from `value` unless it holds a value already (earlier sources win).
fn offer(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value.map(|v| collapse(&v)).filter(|v| !v.is_empty());
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads one page. `relative` is its path below the input folder, for URLs made from paths.
pub fn read(path: &Path, relative: &Path, text: &str, config: &Config, batch: &mut Batch) {
    let doc = Html::parse_document(text);
    let mut found = Found::default();
    from_data_attributes(&doc, &mut found);
    if doc.select(&selector("[data-tagsift-skip]")).next().is_some() {
        batch.skip(path, Skip::Marked);
        return;
    }
    from_json_ld(path, text, &doc, &mut found, batch);
    from_microdata(&doc, &mut found);
    from_meta(&doc, &mut found);
    from_page(&doc, &mut found);

    let title_text = doc.select(&selector("title")).next().map(|t| collapse(&t.text().collect::<String>()));
    let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let is_404 = name == "404.html"
        || title_text.as_deref().is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("404") || t.contains("page not found") || t == "not found"
        });
    let segments: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| c.as_os_str().to_string_lossy().to_ascii_lowercase())
        .collect();
    let paginated = segments.windows(2).any(|w| w[0] == "page" && w[1].bytes().all(|b| b.is_ascii_digit()));
    let listing_path = segments
        .iter()
        .any(|s| matches!(s.as_str(), "tags" | "tag" | "categories" | "category" | "authors" | "author" | "series"));
    let home = segments.is_empty() && matches!(name, "index.html" | "index.htm");
    let skip = if found.article_type {
        None
    } else if is_404 {
        Some(Skip::NotFound)
    } else if paginated {
        Some(Skip::Paginated)
    } else if found.listing_type || listing_path {
        Some(if home { Skip::Home } else { Skip::Listing })
    } else if home {
        Some(Skip::Home)
    } else if found.date.is_none() {
        Some(Skip::NotAnArticle)
    } else {
        None
    };
    if let Some(reason) = skip {
        batch.skip(path, reason);
        return;
    }
    if found.url.is_none() {
        found.url = Some(path_url(relative, config.base_url.as_deref()));
    }
    if let Some(url) = &found.url {
        if let Some(host) = development_host(url) {
            batch.notices.push(Notice {
                at: Location { file: path.into(), line: line_of(text, url) },
                message: format!(
                    "the page's URL `{url}` points at a development host ({host}): was the site built with \
                     its production base URL? (the article is indexed with this URL)"
                ),
            });
        }
    }
    if found.minutes.is_none() {
        let words = doc
            .select(&selector("article, main, body"))
            .next()
            .map(|a| a.text().flat_map(str::split_whitespace).count())
            .unwrap_or(0);
        found.minutes = Some(words.div_ceil(super::markdown::WORDS_PER_MINUTE).max(1).to_string());
    }
    if found.tags_from_keywords {
        batch.keyword_tags.push((path.into(), found.tags.clone().unwrap_or_default()));
    }
    let mut record = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            record.insert(key.to_string(), v);
        }
    };
    put("title", found.title.map(Value::String));
    put("url", found.url.map(Value::String));
    put("date", found.date.map(Value::String));
    put("author", found.author.map(Value::String));
    put("category", found.category.map(Value::String));
    put("tags", found.tags.map(|t| json!(t)));
    put("summary", found.summary.map(Value::String));
    put("likes", found.likes.map(Value::String));
    put("reading_time", found.minutes.map(Value::String));
    let at = Location { file: path.into(), line: 1 };
    let origin = Origin { at: at.clone(), source: "" };
    let mapped = fields::map(&Value::Object(record), &origin, config, &mut batch.notices);
    batch.add(mapped, at);
}

/// 1-based line of the first occurrence of `needle` in `text`, 1 when it is not there.
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(1, |i| 1 + text[..i].matches('\n').count())
}

fn from_data_attributes(doc: &Html, found: &mut Found) {
    let attr = |name: &str| -> Option<String> {
        let sel = selector(&format!("[{name}]"));
        doc.select(&sel).next().and_then(|e| e.value().attr(name)).map(str::to_string)
    };
    offer(&mut found.title, attr("data-tagsift-title"));
    offer(&mut found.url, attr("data-tagsift-url"));
    offer(&mut found.date, attr("data-tagsift-date"));
    offer(&mut found.author, attr("data-tagsift-author"));
    offer(&mut found.category, attr("data-tagsift-category"));
    offer(&mut found.summary, attr("data-tagsift-summary"));
    offer(&mut found.likes, attr("data-tagsift-likes"));
    offer(&mut found.minutes, attr("data-tagsift-reading-time"));
    if let Some(tags) = attr("data-tagsift-tags") {
        found.tags = Some(split_list(&tags));
    }
    if doc.select(&selector("[data-tagsift-article]")).next().is_some() || found.title.is_some() {
        found.article_type = true;
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(collapse).filter(|t| !t.is_empty()).collect()
}

/// The JSON-LD objects of a page, flattened: arrays and `@graph`s opened.
fn ld_objects(value: &Value, out: &mut Vec<Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| ld_objects(v, out)),
        Value::Object(o) => {
            if let Some(graph) = o.get("@graph") {
                ld_objects(graph, out);
            }
            out.push(o.clone());
        }
        _ => {}
    }
}

fn ld_types(o: &Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// A JSON-LD value as text: a string, a number, the first of a list, or an object's `name`.
/// Entities are decoded: many themes HTML-escape the strings they put in JSON-LD
/// (`&amp;`, `&#8217;`), where the HTML parser leaves them as written.
fn ld_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(html_escape::decode_html_entities(s).into_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => items.iter().find_map(ld_text),
        Value::Object(o) => o.get("name").and_then(ld_text).or_else(|| o.get("@id").and_then(ld_text)),
        _ => None,
    }
}

fn from_json_ld(path: &Path, text: &str, doc: &Html, found: &mut Found, batch: &mut Batch) {
    let mut objects = Vec::new();
    for script in doc.select(&selector("script[type=\"application/ld+json\"]")) {
        let body: String = script.text().collect();
        match serde_json::from_str::<Value>(&body) {
            Ok(v) => ld_objects(&v, &mut objects),
            Err(e) => batch.notices.push(Notice {
                at: Location { file: path.into(), line: line_of(text, body.trim()) + e.line().saturating_sub(1) },
                message: format!("a JSON-LD block is not valid JSON, so it was not read: {e}"),
            }),
        }
    }
    if objects.iter().any(|o| ld_types(o).iter().any(|t| LISTING_TYPES.contains(&t.as_str()))) {
        found.listing_type = true;
    }
    let Some(article) = objects.iter().find(|o| ld_types(o).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()))) else {
        return;
    };
    found.article_type = true;
    found.listing_type = false;
    let get = |key: &str| article.get(key).and_then(ld_text);
    offer(&mut found.title, get("headline").or_else(|| get("name")));
    offer(&mut found.url, get("url").or_else(|| article.get("mainEntityOfPage").and_then(ld_text)));
    offer(&mut found.date, get("datePublished").or_else(|| get("dateCreated")));
    offer(&mut found.author, article.get("author").and_then(ld_text));
    offer(&mut found.category, get("articleSection"));
    offer(&mut found.summary, get("description"));
    offer(&mut found.minutes, get("timeRequired").and_then(|d| iso_minutes(&d)));
    if found.tags.is_none() {
        let tags = match article.get("keywords") {
            Some(Value::String(s)) => Some(split_list(s)),
            Some(Value::Array(items)) => Some(items.iter().filter_map(ld_text).map(|t| collapse(&t)).collect()),
            _ => None,
        };
        if let Some(tags) = tags.filter(|t: &Vec<String>| !t.is_empty()) {
            found.tags = Some(tags);
            found.tags_from_keywords = true;
        }
    }
}

/// Minutes of an ISO 8601 duration such as `PT5M` or `PT1H10M`.
fn iso_minutes(d: &str) -> Option<String> {
    let rest = d.strip_prefix("PT")?;
    let (mut minutes, mut number) = (0u32, String::new());
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'H' => minutes += std::mem::take(&mut number).parse::<u32>().ok()? * 60,
            'M' => minutes += std::mem::take(&mut number).parse::<u32>().ok()?,
            'S' => number.clear(),
            _ => return None,
        }
    }
    (minutes > 0).then(|| minutes.to_string())
}

fn from_microdata(doc: &Html, found: &mut Found) {
    let scopes = selector("[itemscope][itemtype]");
    let Some(scope) = doc.select(&scopes).find(|e| {
        e.value().attr("itemtype").is_some_and(|t| ARTICLE_TYPES.iter().any(|a| t.ends_with(&format!("/{a}"))))
    }) else {
        return;
    };
    found.article_type = true;
    let prop = |name: &str| -> Option<String> {
        let sel = selector(&format!("[itemprop~=\"{name}\"]"));
        let e = scope.select(&sel).next()?;
        let v = e.value();
        v.attr("content")
            .or_else(|| v.attr("datetime"))
            .or_else(|| if v.name() == "a" || v.name() == "link" { v.attr("href") } else { None })
            .map(str::to_string)
            .or_else(|| {
                // A nested item (an author as a Person): its name.
                if v.attr("itemscope").is_some() {
                    let name = selector("[itemprop~=\"name\"]");
                    return e.select(&name).next().map(|n| n.text().collect());
                }
                Some(e.text().collect())
            })
    };
    offer(&mut found.title, prop("headline").or_else(|| prop("name")));
    offer(&mut found.url, prop("url"));
    offer(&mut found.date, prop("datePublished"));
    offer(&mut found.author, prop("author"));
    offer(&mut found.category, prop("articleSection"));
    offer(&mut found.summary, prop("description"));
    if found.tags.is_none() {
        if let Some(k) = prop("keywords") {
            found.tags = Some(split_list(&k));
            found.tags_from_keywords = true;
        }
    }
}

fn meta(doc: &Html, key: &str) -> Vec<String> {
    let sel = selector(&format!("meta[property=\"{key}\"], meta[name=\"{key}\"]"));
    doc.select(&sel).filter_map(|m| m.value().attr("content")).map(str::to_string).collect()
}

fn from_meta(doc: &Html, found: &mut Found) {
    let first = |key: &str| meta(doc, key).into_iter().next();
    if first("og:type").is_some_and(|t| t == "article") {
        found.article_type = true;
    }
    offer(&mut found.title, first("og:title"));
    offer(&mut found.date, first("article:published_time"));
    // article:author is often a profile URL; a name is what a card shows.
    offer(&mut found.author, first("article:author").filter(|a| !a.contains("://")));
    offer(&mut found.author, first("author"));
    offer(&mut found.category, first("article:section"));
    offer(&mut found.summary, first("og:description"));
    offer(&mut found.summary, first("description"));
    if found.tags.is_none() {
        let tags: Vec<String> =
            meta(doc, "article:tag").iter().map(|t| collapse(t)).filter(|t| !t.is_empty()).collect();
        if !tags.is_empty() {
            found.tags = Some(tags);
        }
    }
}

fn from_page(doc: &Html, found: &mut Found) {
    let canonical = doc.select(&selector("link[rel~=\"canonical\"]")).next().and_then(|l| l.value().attr("href"));
    // The canonical link is the page's own statement of its address: it comes before og:url.
    if let Some(c) = canonical {
        if found.url.as_deref().is_none_or(|u| !u.contains("://") && c.contains("://")) {
            found.url = Some(c.trim().to_string());
        }
    }
    offer(&mut found.url, meta(doc, "og:url").into_iter().next());
    let article: Option<ElementRef> = doc.select(&selector("article")).next();
    let scope = |sel: &str| -> Option<String> {
        let s = selector(sel);
        let e = match article {
            Some(a) => a.select(&s).next(),
            None => doc.select(&s).next(),
        }?;
        Some(e.text().collect())
    };
    offer(&mut found.title, scope("h1"));
    offer(&mut found.title, doc.select(&selector("title")).next().map(|t| t.text().collect()));
    if found.date.is_none() {
        let time = selector("time[datetime]");
        let t = match article {
            Some(a) => a.select(&time).next(),
            None => None,
        };
        offer(&mut found.date, t.and_then(|t| t.value().attr("datetime")).map(str::to_string));
    }
    offer(&mut found.summary, scope("p"));
    if found.tags.is_none() {
        let tag_links = selector("a[rel~=\"tag\"]");
        let links: Vec<String> = match article {
            Some(a) => a.select(&tag_links).map(|l| collapse(&l.text().collect::<String>())).collect(),
            None => doc.select(&tag_links).map(|l| collapse(&l.text().collect::<String>())).collect(),
        };
        let links: Vec<String> = links.into_iter().filter(|t| !t.is_empty()).collect();
        if !links.is_empty() {
            found.tags = Some(links);
        } else if let Some(k) = meta(doc, "keywords").into_iter().next() {
            found.tags = Some(split_list(&k));
            found.tags_from_keywords = true;
        }
    }
}

/// The URL of a page from its path: `posts/a/index.html` → `/posts/a/`, `a.html` →
/// `/a.html`, percent-encoded as a browser would request it, under `base`.
fn path_url(relative: &Path, base: Option<&str>) -> String {
    let mut parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let is_index = parts.last().is_some_and(|n| n == "index.html" || n == "index.htm");
    if is_index {
        parts.pop();
    }
    let encoded: Vec<String> = parts.iter().map(|p| percent_encode(p)).collect();
    let mut url = format!("/{}", encoded.join("/"));
    if is_index && !url.ends_with('/') {
        url.push('/');
    }
    match base {
        Some(b) => format!("{b}{url}"),
        None => url,
    }
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The host of `url` when it is a development one (localhost, a loopback or private
/// address, `.local`, `.test`, `.localhost`).
fn development_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host_port = rest.split(['/', '?', '#']).next()?;
    let host = host_port.rsplit_once('@').map_or(host_port, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| h.trim_start_matches('['))?
    } else {
        host.split(':').next()?
    };
    let h = host.to_ascii_lowercase();
    let dev = h == "localhost"
        || h.ends_with(".localhost")
        || h.ends_with(".local")
        || h.ends_with(".test")
        || h == "0.0.0.0"
        || h == "::1"
        || h.starts_with("127.")
        || h.starts_with("10.")
        || h.starts_with("192.168.");
    dev.then(|| host_port.to_string())
}

/// Warnings about values that every page has (a site's keywords passing for each
/// article's tags), once all pages are read.
pub fn site_wide_warnings(pages: &[(std::path::PathBuf, Vec<String>)], notices: &mut Vec<Notice>) {
    if pages.len() < 3 {
        return;
    }
    let first = &pages[0].1;
    if !first.is_empty() && pages.iter().all(|(_, tags)| tags == first) {
        notices.push(Notice {
            at: Location { file: pages[0].0.as_path().into(), line: 0 },
            message: format!(
                "all {} pages have the same keywords ({}): they look like the site's, not each article's; they \
                 were indexed as tags (give each article its own with article:tag, rel=\"tag\" links or \
                 data-tagsift-tags)",
                pages.len(),
                first.join(", ")
            ),
        });
    }
}

/// Whether `text` looks like an HTML page.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(512).collect::<String>().to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_paths_are_percent_encoded_and_folders_end_in_a_slash() {
        assert_eq!(path_url(Path::new("posts/café/index.html"), None), "/posts/caf%C3%A9/");
        assert_eq!(path_url(Path::new("a b.html"), Some("https://x.org")), "https://x.org/a%20b.html");
        assert_eq!(path_url(Path::new("index.html"), None), "/");
    }

    #[test]
    fn development_hosts_are_recognised() {
        assert_eq!(development_host("http://localhost:1313/posts/a/").as_deref(), Some("localhost:1313"));
        assert_eq!(development_host("http://127.0.0.1:4000/a").as_deref(), Some("127.0.0.1:4000"));
        assert_eq!(development_host("https://blog.example.com/a"), None);
        assert_eq!(development_host("/relative/"), None);
    }

    #[test]
    fn durations_become_minutes() {
        assert_eq!(iso_minutes("PT5M").as_deref(), Some("5"));
        assert_eq!(iso_minutes("PT1H10M30S").as_deref(), Some("70"));
        assert_eq!(iso_minutes("5 minutes"), None);
    }
}
