//! Markdown files with front matter, as Hugo, Jekyll, Zola, Eleventy and Astro write them:
//! YAML between `---` lines or TOML between `+++` lines, then the body.
//!
//! What the front matter leaves out comes from the file:
//! - **summary**: the body's first paragraph as plain text, cut at a word boundary
//!   at most [`SUMMARY_CHARS`] characters long (with `…` when cut);
//! - **reading time**: words at [`WORDS_PER_MINUTE`], CJK characters at
//!   [`CJK_CHARS_PER_MINUTE`], rounded up, at least one minute;
//! - **date**: a Jekyll file name `YYYY-MM-DD-slug.md`;
//! - **URL**: `permalink`/`url`, else `slug`, else the path (`posts/a.md` → `/posts/a/`,
//!   `index.md` and `_index.md` → their folder; Jekyll `_posts/2024-03-09-a.md` →
//!   `/2024/03/09/a/`), under `base_url` when that is set.

use super::config::Config;
use super::fields::{self, Mapped, Origin};
use super::{Batch, ImportError, Location, Notice};
use crate::engine::text::is_cjk;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::Value;
use std::path::Path;

pub const SUMMARY_CHARS: usize = 300;
pub const WORDS_PER_MINUTE: usize = 230;
pub const CJK_CHARS_PER_MINUTE: usize = 500;

/// Front matter and body of a Markdown file.
struct Parts<'a> {
    /// `None` when the file has no front matter.
    front: Option<(Format, &'a str)>,
    /// 1-based line of the front matter's first line.
    front_line: usize,
    body: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Toml,
}

fn split(text: &str) -> Parts<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (fence, format) in [("---", Format::Yaml), ("+++", Format::Toml)] {
        let Some(rest) = text.strip_prefix(fence) else { continue };
        let Some(rest) = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')) else { continue };
        // The closing fence is a line of its own.
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            let bare = line.trim_end_matches(['\r', '\n']);
            if bare == fence || (format == Format::Yaml && bare == "...") {
                return Parts {
                    front: Some((format, &rest[..offset])),
                    front_line: 2,
                    body: &rest[offset + line.len()..],
                };
            }
            offset += line.len();
        }
    }
    Parts { front: None, front_line: 1, body: text }
}

/// Reads one Markdown file. `relative` is its path below the input folder, for URLs.
pub fn read(path: &Path, relative: &Path, text: &str, config: &Config, batch: &mut Batch) {
    let file: std::sync::Arc<Path> = path.into();
    let at = |line: usize| Location { file: file.clone(), line };
    let parts = split(text);
    let Some((format, front)) = parts.front else {
        batch.notices.push(Notice {
            at: at(1),
            message: "no front matter (--- YAML --- or +++ TOML +++ at the top): not an article, skipped".into(),
        });
        return;
    };
    let record: Result<Value, ImportError> = match format {
        Format::Yaml => serde_yaml_ng::from_str::<Value>(front).map_err(|e| {
            let line = parts.front_line + e.location().map_or(0, |l| l.line().saturating_sub(1));
            ImportError {
                at: at(line),
                message: format!("the YAML front matter is not valid: {}", without_positions(&e.to_string())),
            }
        }),
        Format::Toml => {
            front.parse::<toml::Table>().map(|t| serde_json::to_value(t).expect("TOML is JSON-like")).map_err(|e| {
                let line =
                    parts.front_line + e.span().map_or(0, |s| front[..s.start.min(front.len())].matches('\n').count());
                ImportError { at: at(line), message: format!("the TOML front matter is not valid: {}", e.message()) }
            })
        }
    };
    let record = match record {
        Ok(Value::Null) => Value::Object(Default::default()),
        Ok(r) => r,
        Err(e) => {
            batch.errors.push(e);
            return;
        }
    };
    let origin = Origin { at: at(parts.front_line), source: front };
    let mapped = fields::map(&record, &origin, config, &mut batch.notices);
    let mapped = mapped.map(|m| match m {
        Mapped::Article(mut a) => {
            let file_name = relative.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let jekyll = jekyll_date(file_name);
            if a.date.is_none() {
                a.date = jekyll.map(|(d, _)| d);
            }
            let mdx = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("mdx"));
            let body = if mdx { without_mdx_statements(parts.body) } else { parts.body.to_string() };
            if a.summary.is_empty() {
                a.summary = first_paragraph(&body);
            }
            if a.read_minutes.is_none() {
                a.read_minutes = Some(reading_minutes(&body));
            }
            let url = a.url.take().or_else(|| {
                let slug = record.get("slug").and_then(Value::as_str);
                Some(path_url(relative, slug, jekyll.map(|(_, s)| s)))
            });
            a.url = url.map(|u| absolute(&u, config.base_url.as_deref()));
            Mapped::Article(a)
        }
        draft => draft,
    });
    batch.add(mapped, at(1));
}

/// An MDX body without its ESM statements (`import …`, `export …`) and its lines that
/// are only a JSX element (`<Chart data={x} />`): what is left is the Markdown text.
fn without_mdx_statements(body: &str) -> String {
    body.lines()
        .filter(|line| {
            let t = line.trim_start();
            let jsx = t.starts_with('<') && t.chars().nth(1).is_some_and(|c| c.is_ascii_uppercase() || c == '/');
            !(t.starts_with("import ") || t.starts_with("export ") || jsx)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parser's message without its ` at line N column M` parts, which count from the
/// front matter, not the file (the file's line is given in front of the message).
fn without_positions(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let n = digits(rest);
        let Some(after) = rest[n..].strip_prefix(" column ") else { break };
        let m = digits(after);
        let end = i + " at line ".len() + n + " column ".len() + m;
        out.replace_range(i..end, "");
    }
    out
}

/// `2024-03-09-hello-world` → (the date, `hello-world`).
fn jekyll_date(stem: &str) -> Option<(crate::model::Date, &str)> {
    let date = crate::model::Date::parse_iso(stem.get(..10)?)?;
    let slug = stem.get(10..)?.strip_prefix('-')?;
    Some((date, slug))
}

fn path_url(relative: &Path, slug: Option<&str>, jekyll_slug: Option<&str>) -> String {
    let parent: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let stem = relative.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if let (Some(s), Some(d)) = (jekyll_slug, jekyll_date(&stem)) {
        let (y, m, day) = d.0.ymd();
        return format!("/{y:04}/{m:02}/{day:02}/{}/", slug.unwrap_or(s));
    }
    let mut parts: Vec<String> = parent.into_iter().filter(|p| !p.starts_with('_')).collect();
    match slug {
        Some(s) => parts.push(s.to_string()),
        None if stem == "index" || stem == "_index" => {}
        None => parts.push(stem),
    }
    if parts.is_empty() {
        "/".into()
    } else {
        format!("/{}/", parts.join("/"))
    }
}

fn absolute(url: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if url.starts_with('/') => format!("{base}{url}"),
        _ => url.to_string(),
    }
}

/// Plain text of the first paragraph, cut at a word boundary near [`SUMMARY_CHARS`].
pub fn first_paragraph(body: &str) -> String {
    let mut text = String::new();
    let mut depth = 0;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Paragraph) => depth += 1,
            Event::End(TagEnd::Paragraph) => {
                depth -= 1;
                if !text.trim().is_empty() {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SUMMARY_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Whole minutes to read `body`, at least 1.
pub fn reading_minutes(body: &str) -> u32 {
    let mut words = 0;
    let mut cjk = 0;
    for event in Parser::new(body) {
        if let Event::Text(t) | Event::Code(t) = event {
            cjk += t.chars().filter(|&c| is_cjk(c)).count();
            words += t
                .split(|c: char| c.is_whitespace() || is_cjk(c))
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
        }
    }
    let minutes =
        (words * CJK_CHARS_PER_MINUTE + cjk * WORDS_PER_MINUTE).div_ceil(WORDS_PER_MINUTE * CJK_CHARS_PER_MINUTE);
    minutes.max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_splits() {
        let p = split("---\ntitle: A\n---\nBody\n");
        assert!(matches!(p.front, Some((Format::Yaml, "title: A\n"))));
        assert_eq!(p.body, "Body\n");
        let p = split("+++\ntitle = \"A\"\n+++\r\nBody");
        assert!(matches!(p.front, Some((Format::Toml, "title = \"A\"\n"))));
        assert!(split("# Just markdown").front.is_none());
        assert!(split("---\ntitle: never closed\n").front.is_none());
    }

    #[test]
    fn summaries_and_reading_times() {
        assert_eq!(
            first_paragraph("# Head\n\nFirst *para* with `code`\nand more.\n\nSecond."),
            "First para with code and more."
        );
        let long = "word ".repeat(100);
        let s = first_paragraph(&long);
        assert!(s.ends_with('…') && s.chars().count() <= SUMMARY_CHARS + 1, "{s}");
        assert_eq!(reading_minutes(&"word ".repeat(460)), 2);
        assert_eq!(reading_minutes(&"字".repeat(1000)), 2);
        assert_eq!(reading_minutes(""), 1);
    }

    #[test]
    fn mdx_statements_are_not_the_summary() {
        let body = "import Chart from '../components/Chart.astro';\nexport const meta = {};\n\n<Chart data={points} />\n\nThe real first paragraph.\n";
        assert_eq!(first_paragraph(&without_mdx_statements(body)), "The real first paragraph.");
    }

    #[test]
    fn urls_from_paths() {
        assert_eq!(path_url(Path::new("posts/a.md"), None, None), "/posts/a/");
        assert_eq!(path_url(Path::new("posts/_index.md"), None, None), "/posts/");
        assert_eq!(path_url(Path::new("posts/a.md"), Some("b"), None), "/posts/b/");
        assert_eq!(path_url(Path::new("_posts/2024-03-09-hello.md"), None, Some("hello")), "/2024/03/09/hello/");
        assert_eq!(absolute("/a/", Some("https://x.org")), "https://x.org/a/");
        assert_eq!(absolute("https://y.org/a", Some("https://x.org")), "https://y.org/a");
    }
}
