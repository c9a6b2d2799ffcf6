//! One import run: inputs (files and folders, in any of the formats) → one list of
//! articles, with every problem reported and a summary.
//!
//! Formats are detected by extension, then by content, or forced with `--format`.
//! Several inputs are merged; an article seen twice (the same URL, or the same title
//! and date when there is no URL) is kept once and the repeat is reported.

use super::config::Config;
use super::{feed, json, markdown, seed_listing, Batch, ImportError, Location, Notice};
use crate::model::Article;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The scraped "Tagged articles" listing of `seeds/`.
    Listing,
    /// A JSON array of articles.
    Json,
    /// One JSON article per line.
    JsonLines,
    /// Markdown with YAML or TOML front matter.
    Markdown,
    /// RSS 2.0 or Atom.
    Feed,
}

impl core::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Ok(match s {
            "listing" => Format::Listing,
            "json" => Format::Json,
            "jsonl" => Format::JsonLines,
            "markdown" => Format::Markdown,
            "feed" => Format::Feed,
            _ => return Err(format!("unknown format `{s}`: expected listing, json, jsonl, markdown or feed")),
        })
    }
}

const EXTENSIONS: &[&str] = &["txt", "json", "jsonl", "ndjson", "md", "markdown", "xml", "rss", "atom"];

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Read every file as this format instead of detecting it.
    pub format: Option<Format>,
    pub config: Config,
    /// Warnings become errors.
    pub strict: bool,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Report {
    /// In input order, duplicates removed.
    pub articles: Vec<Article>,
    pub notices: Vec<Notice>,
    pub errors: Vec<ImportError>,
    pub files: usize,
    pub drafts: usize,
    pub duplicates: usize,
}

impl Report {
    /// `read 3 files: 120 articles indexed, 2 drafts skipped, 1 duplicate merged, 0 warnings, 0 errors`.
    pub fn summary(&self) -> String {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        format!(
            "read {}: {} indexed, {} skipped, {} merged, {}, {}",
            n(self.files, "file", "files"),
            n(self.articles.len(), "article", "articles"),
            n(self.drafts, "draft", "drafts"),
            n(self.duplicates, "duplicate", "duplicates"),
            n(self.notices.len(), "warning", "warnings"),
            n(self.errors.len(), "error", "errors"),
        )
    }
}

/// Files to read: each input file, and the files with a known extension below each
/// input folder (sorted, hidden entries and `exclude` globs left out), each with its
/// path relative to its folder.
fn expand(inputs: &[PathBuf], config: &Config, errors: &mut Vec<ImportError>) -> Vec<(PathBuf, PathBuf)> {
    let mut globs = globset::GlobSetBuilder::new();
    for g in &config.exclude {
        match globset::Glob::new(g) {
            Ok(glob) => {
                globs.add(glob);
            }
            Err(e) => errors.push(ImportError {
                at: Location { file: "tagsift.toml".into(), line: 0 },
                message: format!("the exclude glob `{g}` is not valid: {e}"),
            }),
        }
    }
    let globs = globs.build().unwrap_or_else(|_| globset::GlobSet::empty());
    let mut files = Vec::new();
    for input in inputs {
        if input.is_file() {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            files.push((input.clone(), name));
            continue;
        }
        if !input.is_dir() {
            errors.push(ImportError {
                at: Location { file: input.clone(), line: 0 },
                message: "no such file or folder".into(),
            });
            continue;
        }
        let walk = walkdir::WalkDir::new(input)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let path = e.path();
                    let known = path.extension().and_then(|x| x.to_str()).is_some_and(|x| EXTENSIONS.contains(&x));
                    let relative = path.strip_prefix(input).unwrap_or(path).to_path_buf();
                    if known && !globs.is_match(&relative) {
                        files.push((path.to_path_buf(), relative));
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(ImportError {
                    at: Location { file: e.path().map(Path::to_path_buf).unwrap_or_else(|| input.clone()), line: 0 },
                    message: format!("the folder could not be read: {e}"),
                }),
            }
        }
    }
    files
}

/// The format of `path` by extension, else by content.
fn detect(path: &Path, text: &str) -> Option<Format> {
    let by_content = || {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if seed_listing::looks_like_listing(text) {
            Some(Format::Listing)
        } else if feed::looks_like_feed(t) {
            Some(Format::Feed)
        } else if json::is_array(t) {
            Some(Format::Json)
        } else if t.starts_with('{') {
            Some(Format::JsonLines)
        } else if t.starts_with("---") || t.starts_with("+++") {
            Some(Format::Markdown)
        } else {
            None
        }
    };
    match path.extension().and_then(|x| x.to_str()) {
        Some("md" | "markdown") => Some(Format::Markdown),
        Some("jsonl" | "ndjson") => Some(Format::JsonLines),
        Some("rss" | "atom") => Some(Format::Feed),
        Some("json") => Some(if json::is_array(text) { Format::Json } else { Format::JsonLines }),
        _ => by_content(),
    }
}

/// Reads every input. `progress(done, total)` is called after each file.
pub fn run(inputs: &[PathBuf], options: &Options, progress: &mut dyn FnMut(usize, usize)) -> Report {
    let mut report = Report::default();
    let files = expand(inputs, &options.config, &mut report.errors);
    let mut batch = Batch::default();
    let mut listings = Vec::new();
    for (k, (path, relative)) in files.iter().enumerate() {
        report.files += 1;
        match super::read_text(path) {
            Err(e) => batch.errors.push(e),
            Ok(text) => match options.format.or_else(|| detect(path, &text)) {
                Some(Format::Listing) => listings.push((path.clone(), text)),
                Some(Format::Json) => json::read_array(path, &text, &options.config, &mut batch),
                Some(Format::JsonLines) => json::read_lines(path, &text, &options.config, &mut batch),
                Some(Format::Markdown) => markdown::read(path, relative, &text, &options.config, &mut batch),
                Some(Format::Feed) => feed::read(path, &text, &options.config, &mut batch),
                None => batch.errors.push(ImportError {
                    at: Location { file: path.clone(), line: 1 },
                    message: "the format is not recognised: expected a listing, JSON, JSON Lines, Markdown with \
                              front matter, RSS or Atom (or name it with --format)"
                        .into(),
                }),
            },
        }
        progress(k + 1, files.len());
    }
    // Listings are read together: their tags are split with the vocabulary of all of them.
    seed_listing::read(&listings, options.config.base_url.as_deref(), &mut batch);
    // Merge: the first of each URL (or title and date) is kept.
    let mut seen: HashMap<String, Location> = HashMap::new();
    for (at, article) in batch.articles {
        let key = match &article.url {
            Some(url) => format!("url {}", url.trim_end_matches('/')),
            None => format!("title {} {:?}", article.title, article.date),
        };
        if let Some(first) = seen.get(&key) {
            let what = if article.url.is_some() { "URL" } else { "title and date" };
            report.notices.push(Notice {
                at,
                message: format!("`{}` repeats the article at {first} (same {what}); kept once", article.title),
            });
            report.duplicates += 1;
        } else {
            seen.insert(key, at);
            report.articles.push(article);
        }
    }
    report.notices.splice(0..0, batch.notices);
    report.errors.extend(batch.errors);
    report.drafts = batch.drafts;
    if options.strict {
        let promoted = std::mem::take(&mut report.notices)
            .into_iter()
            .map(|n| ImportError { at: n.at, message: format!("{} (an error with --strict)", n.message) });
        report.errors.extend(promoted);
    }
    report
}
