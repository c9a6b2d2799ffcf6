//! The first view, written into existing HTML pages (`tagsift index … --prerender
//! page.html`): the empty query's stats, facets with their counts, first page of cards
//! and pagination, rendered by the same view code as the browser's widget, between two
//! markers inside the widget's element. Re-running replaces that block and leaves every
//! other byte of the page as it was; a page that would not change is not written.
//!
//! Without JavaScript the block is a listing whose controls are disabled and hidden by
//! the stylesheet; with it, the widget adopts the block as it is.

use crate::engine::{Query, SearchResult};
use crate::model::Article;
use crate::ui::format::English;
use crate::ui::html;
use crate::ui::options::Options;
use crate::ui::view::{self, FacetUi, Ready, Status, View};
use std::path::{Path, PathBuf};

/// Opens the block that tagsift writes.
pub const BEGIN: &str = "<!--tagsift:view-->";
/// Closes it.
pub const END: &str = "<!--/tagsift:view-->";

/// A page to prerender into: `page.html`, or `page.html#id` for the element with that
/// id (a widget mounted from code, with no `data-tagsift` attribute).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub id: Option<String>,
}

impl Target {
    pub fn parse(arg: &str) -> Target {
        match arg.rsplit_once('#') {
            Some((path, id)) if !id.is_empty() && !id.contains('/') => {
                Target { path: path.into(), id: Some(id.to_string()) }
            }
            _ => Target { path: arg.into(), id: None },
        }
    }
}

/// A problem with a page; the message names the file and, where there is one, the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrerenderError(pub String);

impl core::fmt::Display for PrerenderError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PrerenderError {}

/// What prerendering a page did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    /// False when the page already held this very view.
    pub changed: bool,
    /// Things the page should have for the view to work well.
    pub warnings: Vec<String>,
}

/// The answer to a widget's first query: the result and its page of cards.
pub type FirstView = (SearchResult, Vec<Article>);

/// Writes the first view into `target`'s page. `answer` gives the result of a query
/// (the widget's first query, from the element's options).
pub fn prerender(
    target: &Target,
    answer: &mut dyn FnMut(&Query) -> Result<FirstView, String>,
) -> Result<Done, PrerenderError> {
    let path = &target.path;
    let page = std::fs::read_to_string(path)
        .map_err(|e| PrerenderError(format!("{}: the page could not be read: {e}", path.display())))?;
    let (rewritten, warnings) = rewrite(path, &page, target.id.as_deref(), answer)?;
    let changed = rewritten != page;
    if changed {
        std::fs::write(path, &rewritten)
            .map_err(|e| PrerenderError(format!("{}: the page could not be written: {e}", path.display())))?;
    }
    Ok(Done { changed, warnings })
}

/// `page` with the widget element's block (re)written; the warnings about the page.
pub fn rewrite(
    path: &Path,
    page: &str,
    id: Option<&str>,
    answer: &mut dyn FnMut(&Query) -> Result<FirstView, String>,
) -> Result<(String, Vec<String>), PrerenderError> {
    let at = |offset: usize| format!("{}:{}", path.display(), 1 + page[..offset].matches('\n').count());
    let tags = scan(page);
    let widgets: Vec<(usize, &Tag)> = tags.iter().filter(|t| t.attr("data-tagsift").is_some()).enumerate().collect();
    let chosen: Vec<(usize, &Tag)> = match id {
        Some(id) => tags.iter().filter(|t| t.attr("id") == Some(id)).map(|t| (0, t)).collect(),
        None => widgets.clone(),
    };
    let (number, element) = match chosen.as_slice() {
        [one] => *one,
        [] => {
            return Err(PrerenderError(match id {
                Some(id) => format!("{}: no element has id=\"{id}\"", path.display()),
                None => format!(
                    "{}: no widget element (<div data-tagsift=\"index.bin\"></div>) to prerender into",
                    path.display()
                ),
            }))
        }
        [_, second, ..] => {
            return Err(PrerenderError(format!(
                "{}: several widget elements; name the one to prerender into as {}#ID",
                at(second.1.start),
                path.display()
            )))
        }
    };
    let options = Options::from_attributes(element.attrs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .map_err(|e| PrerenderError(format!("{}: {e}", at(element.start))))?;
    let instance = match element.attr("id") {
        Some(id) => format!("tagsift-{id}"),
        None => format!("tagsift-{}", number + 1),
    };

    // The element's content: empty, or a block written before.
    let content_start = element.end;
    let closing = format!("</{}", element.name);
    let rest = &page[content_start..];
    let trimmed = rest.trim_start();
    let content_end = if trimmed.starts_with(BEGIN) {
        let block_start = content_start + (rest.len() - trimmed.len());
        let end = page[block_start..].find(END).map(|i| block_start + i + END.len()).ok_or_else(|| {
            PrerenderError(format!("{}: the prerendered block has no end marker {END}", at(block_start)))
        })?;
        end + (page[end..].len() - page[end..].trim_start().len())
    } else if trimmed.to_ascii_lowercase().starts_with(&closing) {
        content_start + (rest.len() - trimmed.len())
    } else {
        return Err(PrerenderError(format!(
            "{}: the widget element holds content that tagsift did not write; empty it so the view can go there",
            at(element.start)
        )));
    };
    if !page[content_end..].to_ascii_lowercase().starts_with(&closing) {
        return Err(PrerenderError(format!(
            "{}: the widget element's end tag {closing}> does not follow the prerendered block",
            at(content_end)
        )));
    }

    let mut query = options.default_query();
    query.facet_limit = crate::ui::action::FacetKind::ALL.iter().map(|&k| options.shown(k, false)).max().unwrap_or(20);
    let (result, hits) = answer(&query).map_err(|e| PrerenderError(format!("{}: {e}", path.display())))?;
    let facets = FacetUi::default();
    let view = View {
        id: &instance,
        options: &options,
        format: &English,
        live: false,
        search_text: "",
        status: Status::Ready(Ready {
            query: &query,
            result: &result,
            hits: &hits,
            facets: &facets,
            pending: false,
            facets_pending: false,
            stale: false,
            alert: None,
        }),
    };
    let mut block = String::from(BEGIN);
    html::write(&view::render(&view).into(), &mut block);
    block.push_str(END);
    let rewritten = [&page[..content_start], &block, &page[content_end..]].concat();

    let mut warnings = Vec::new();
    if !tags.iter().any(|t| t.name == "link" && t.attr("data-tagsift-css").is_some()) {
        warnings.push(format!(
            "{}: the page links no stylesheet marked data-tagsift-css, so the prerendered view is unstyled \
             until the script runs; add <link rel=\"stylesheet\" href=\".../tagsift.css\" data-tagsift-css> to its head",
            path.display()
        ));
    }
    if !tags.iter().any(|t| t.name == "script" && t.attr("blocking") == Some("render")) {
        warnings.push(format!(
            "{}: no script has blocking=\"render\": a link with a query (?tag=…) may show the unfiltered \
             prerendered results for a moment; load tagsift's script with blocking=\"render\"",
            path.display()
        ));
    }
    Ok((rewritten, warnings))
}

/// A start tag found in the page.
#[derive(Debug)]
struct Tag {
    /// Lower-case.
    name: String,
    /// Names lower-case, values with entities left as written (the widget's attributes
    /// hold none).
    attrs: Vec<(String, String)>,
    /// Byte offsets of `<` and of just past `>`.
    start: usize,
    end: usize,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The start tags of `page`, in order, skipping comments, doctypes and the content of
/// elements whose text is not markup (`script`, `style`, `textarea`, `title`).
fn scan(page: &str) -> Vec<Tag> {
    let bytes = page.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(lt) = page[i..].find('<').map(|k| i + k) {
        let after = &page[lt..];
        if after.starts_with("<!--") {
            i = after.find("-->").map_or(page.len(), |k| lt + k + 3);
            continue;
        }
        if after.starts_with("<!") || after.starts_with("<?") || after.starts_with("</") {
            i = after.find('>').map_or(page.len(), |k| lt + k + 1);
            continue;
        }
        let mut j = lt + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        if j == lt + 1 {
            i = lt + 1;
            continue;
        }
        let name = page[lt + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let attr = page[name_start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = page[j + 1..].find(q as char).map_or(page.len(), |k| j + 1 + k);
                        value = page[j + 1..end].to_string();
                        j = (end + 1).min(page.len());
                    }
                    _ => {
                        let start = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                            j += 1;
                        }
                        value = page[start..j].to_string();
                    }
                }
            }
            if !attr.is_empty() {
                attrs.push((attr, value));
            }
        }
        let end = (j + 1).min(page.len());
        let raw_text = matches!(name.as_str(), "script" | "style" | "textarea" | "title");
        let closing = format!("</{name}");
        tags.push(Tag { name, attrs, start: lt, end });
        i = end;
        if raw_text {
            i = page[end..].to_ascii_lowercase().find(&closing).map_or(page.len(), |k| end + k);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_a_page_and_maybe_an_element() {
        assert_eq!(Target::parse("www/index.html"), Target { path: "www/index.html".into(), id: None });
        assert_eq!(
            Target::parse("dist/index.html#search"),
            Target { path: "dist/index.html".into(), id: Some("search".into()) }
        );
    }

    #[test]
    fn the_scanner_reads_attributes_and_skips_what_is_not_markup() {
        let page = "<!doctype html><!-- <div data-tagsift> --><script>let s = '<div data-tagsift>';</script>\
                    <DIV Class=x data-tagsift=\"a.bin\" data-tagsift-per-page='20' hidden></div>";
        let tags = scan(page);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["script", "div"]);
        let div = &tags[1];
        assert_eq!(div.attr("class"), Some("x"));
        assert_eq!(div.attr("data-tagsift"), Some("a.bin"));
        assert_eq!(div.attr("data-tagsift-per-page"), Some("20"));
        assert_eq!(div.attr("hidden"), Some(""));
    }
}
