//! One import run: inputs (files and folders, in any of the formats) → one list of
//! articles, with every problem reported and a summary.
//!
//! Formats are detected by extension, then by content, or forced with `--format`.
//! Several inputs are merged; an article seen twice (the same URL, or the same title
//! and date when there is no URL) is kept once and the repeat is reported.

use super::config::Config;
use super::{feed, html, json, markdown, seed_listing, text, Batch, ImportError, Location, Notice};
use crate::model::Article;
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
    /// A built site's HTML pages.
    Html,
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
            "html" => Format::Html,
            _ => return Err(format!("unknown format `{s}`: expected listing, json, jsonl, markdown, feed or html")),
        })
    }
}

/// The extensions an importer reads when a folder is walked.
const EXTENSIONS: &[&str] =
    &["txt", "json", "jsonl", "ndjson", "md", "markdown", "mdx", "xml", "rss", "atom", "html", "htm"];

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
    /// Files below an input folder that no importer reads, by extension (`""` for
    /// none), with their counts; sorted by extension.
    pub skipped: Vec<(String, usize)>,
    /// Pages of a built site that are not articles, and why, in input order.
    pub skipped_pages: Vec<(PathBuf, super::html::Skip)>,
}

impl Report {
    /// `read 3 files: 120 articles indexed, 2 drafts skipped, 1 duplicate merged, 0 warnings,
    /// 0 errors`, then `; 3 files skipped: 2 .png, 1 .yml` when some were not read.
    pub fn summary(&self) -> String {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        let mut line = format!(
            "read {}: {} indexed, {} skipped, {} merged, {}, {}",
            n(self.files, "file", "files"),
            n(self.articles.len(), "article", "articles"),
            n(self.drafts, "draft", "drafts"),
            n(self.duplicates, "duplicate", "duplicates"),
            n(self.notices.len(), "warning", "warnings"),
            n(self.errors.len(), "error", "errors"),
        );
        if !self.skipped_pages.is_empty() {
            let mut reasons: Vec<(super::html::Skip, usize)> = Vec::new();
            for (_, r) in &self.skipped_pages {
                match reasons.iter_mut().find(|(k, _)| k == r) {
                    Some((_, c)) => *c += 1,
                    None => reasons.push((*r, 1)),
                }
            }
            reasons.sort();
            let kinds: Vec<String> = reasons.iter().map(|(r, c)| format!("{c} {}", r.describe())).collect();
            line.push_str(&format!(
                "; {} not articles ({})",
                n(self.skipped_pages.len(), "page", "pages"),
                kinds.join(", ")
            ));
        }
        if !self.skipped.is_empty() {
            let total: usize = self.skipped.iter().map(|(_, c)| c).sum();
            let kinds: Vec<String> = self
                .skipped
                .iter()
                .map(|(ext, c)| match ext.as_str() {
                    "" => format!("{c} without extension"),
                    ELEVENTY_DATA | SPECIAL => format!("{c} {ext}"),
                    _ => format!("{c} .{ext}"),
                })
                .collect();
            line.push_str(&format!("; {} skipped: {}", n(total, "file", "files"), kinds.join(", ")));
        }
        line
    }
}

/// Files to read: each input file, and the files with a known extension below each
/// input folder (sorted, hidden entries and `exclude` globs left out), each with its
/// path relative to its folder.
fn expand(
    inputs: &[PathBuf],
    config: &Config,
    errors: &mut Vec<ImportError>,
    notices: &mut Vec<Notice>,
    skipped: &mut std::collections::BTreeMap<String, usize>,
) -> Vec<(PathBuf, PathBuf)> {
    let mut globs = globset::GlobSetBuilder::new();
    for g in &config.exclude {
        match globset::Glob::new(g) {
            Ok(glob) => {
                globs.add(glob);
            }
            Err(e) => errors.push(ImportError {
                at: Location { file: Path::new("tagsift.toml").into(), line: 0 },
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
                at: Location { file: input.as_path().into(), line: 0 },
                message: "no such file or folder".into(),
            });
            continue;
        }
        // Links are followed (content folders are often linked in); a link that leads
        // back to a folder above it is reported once, not walked forever.
        let walk = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let path = e.path();
                    let extension = path.extension().and_then(|x| x.to_str()).unwrap_or_default().to_ascii_lowercase();
                    let relative = path.strip_prefix(input).unwrap_or(path).to_path_buf();
                    if globs.is_match(&relative) {
                        continue;
                    }
                    if is_eleventy_data(path) {
                        // Eleventy's directory and template data, not articles.
                        *skipped.entry(ELEVENTY_DATA.to_string()).or_default() += 1;
                    } else if EXTENSIONS.contains(&extension.as_str()) {
                        files.push((path.to_path_buf(), relative));
                    } else {
                        // Nothing is ignored without a word: the summary counts these.
                        *skipped.entry(extension).or_default() += 1;
                    }
                }
                // Sockets, pipes and devices are not articles either, and are counted.
                Ok(e) if !e.file_type().is_dir() => *skipped.entry(SPECIAL.to_string()).or_default() += 1,
                Ok(_) => {}
                Err(e) => {
                    let at = Location { file: e.path().unwrap_or(input).into(), line: 0 };
                    let broken_link = e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                        && e.path().is_some_and(|p| p.is_symlink());
                    if let Some(ancestor) = e.loop_ancestor() {
                        let message =
                            format!("a symbolic link loops back to {}: not followed again", ancestor.display());
                        notices.push(Notice { at, message });
                    } else if broken_link {
                        notices.push(Notice { at, message: "a symbolic link to nothing: skipped".into() });
                    } else {
                        errors.push(ImportError { at, message: format!("the folder could not be read: {e}") });
                    }
                }
            }
        }
    }
    files
}

/// The key under which Eleventy's data files are counted as skipped.
const ELEVENTY_DATA: &str = "Eleventy data";
/// The key under which files that are not regular files (pipes, sockets) are counted.
const SPECIAL: &str = "special files";

/// `posts/posts.json` (directory data) or `a.11tydata.json`: Eleventy's data files.
fn is_eleventy_data(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let folder = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str());
    name.ends_with(".11tydata.json") || folder.is_some_and(|f| name == format!("{f}.json"))
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
        } else if super::html::looks_like_html(t) {
            Some(Format::Html)
        } else {
            None
        }
    };
    match path.extension().and_then(|x| x.to_str()) {
        Some("md" | "markdown" | "mdx") => Some(Format::Markdown),
        Some("jsonl" | "ndjson") => Some(Format::JsonLines),
        Some("rss" | "atom") => Some(Format::Feed),
        Some("html" | "htm") => Some(Format::Html),
        Some("json") => Some(if json::is_array(text) { Format::Json } else { Format::JsonLines }),
        _ => by_content(),
    }
}

/// Reads one file into `batch` (a listing into `listings`: listings are read together).
fn read_file(
    path: &Path,
    relative: &Path,
    options: &Options,
    batch: &mut Batch,
    listings: &mut Vec<(PathBuf, String)>,
) {
    let config = &options.config;
    let extension = path.extension().and_then(|x| x.to_str());
    // JSON Lines are read a line at a time: memory does not grow with the file.
    let streamed = match options.format {
        Some(format) => format == Format::JsonLines,
        None => matches!(extension, Some("jsonl" | "ndjson")),
    };
    if streamed {
        match text::lines(path) {
            Ok(lines) => json::read_lines(path, lines, config, batch),
            Err(e) => batch.errors.push(e),
        }
        return;
    }
    let text = match text::read(path) {
        Ok(text) => text,
        Err(e) => return batch.errors.push(e),
    };
    match options.format.or_else(|| detect(path, &text)) {
        Some(Format::Listing) => listings.push((path.to_path_buf(), text)),
        Some(Format::Json) => json::read_array(path, &text, config, batch),
        Some(Format::JsonLines) => json::read_lines(path, text::lines_of(&text), config, batch),
        Some(Format::Markdown) => markdown::read(path, relative, &text, config, batch),
        Some(Format::Feed) => feed::read(path, &text, config, batch),
        Some(Format::Html) => html::read(path, relative, &text, config, batch),
        None => batch.errors.push(ImportError {
            at: Location { file: path.into(), line: 1 },
            message: "the format is not recognised: expected a listing, JSON, JSON Lines, Markdown with front \
                      matter, RSS, Atom or an HTML page (or name it with --format)"
                .into(),
        }),
    }
}

/// Reads every input. `progress(done, total)` is called after each file.
pub fn run(inputs: &[PathBuf], options: &Options, progress: &mut dyn FnMut(usize, usize)) -> Report {
    let mut report = Report::default();
    let mut skipped = std::collections::BTreeMap::new();
    let files = expand(inputs, &options.config, &mut report.errors, &mut report.notices, &mut skipped);
    report.skipped = skipped.into_iter().collect();
    let mut batch = Batch::default();
    let mut listings = Vec::new();
    // Files are read and parsed in parallel, a few hundred at a time (so that progress
    // is told as it goes), each into its own batch; the batches join in file order.
    for (k, chunk) in files.chunks(256).enumerate() {
        let read = crate::parallel::map(chunk, |(path, relative)| {
            let mut batch = Batch::default();
            let mut listings = Vec::new();
            read_file(path, relative, options, &mut batch, &mut listings);
            (batch, listings)
        });
        for (one, found) in read {
            batch.append(one);
            listings.extend(found);
        }
        report.files += chunk.len();
        progress((k * 256 + chunk.len()).min(files.len()), files.len());
    }
    // Listings are read together: their tags are split with the vocabulary of all of them.
    seed_listing::read(&listings, options.config.base_url.as_deref(), &mut batch);
    // Merge: the first of each URL (or title and date) is kept. The articles are ordered
    // by that key (borrowed, nothing copied), repeats found side by side, and told in
    // the order they were read.
    fn key(a: &Article) -> (bool, &str, Option<crate::model::Date>) {
        match &a.url {
            Some(url) => (true, url.trim_end_matches('/'), None),
            None => (false, a.title.as_str(), a.date),
        }
    }
    let articles = &batch.articles;
    let mut order: Vec<u32> = (0..articles.len() as u32).collect();
    order.sort_by(|&x, &y| key(&articles[x as usize].1).cmp(&key(&articles[y as usize].1)).then(x.cmp(&y)));
    let mut repeats: Vec<(u32, u32)> = Vec::new();
    for run in order.chunk_by(|&x, &y| key(&articles[x as usize].1) == key(&articles[y as usize].1)) {
        repeats.extend(run[1..].iter().map(|&later| (later, run[0])));
    }
    drop(order);
    repeats.sort_unstable();
    let mut keep = vec![true; articles.len()];
    for &(later, first) in &repeats {
        let (at, article) = &articles[later as usize];
        let what = if article.url.is_some() { "URL" } else { "title and date" };
        let first = &articles[first as usize].0;
        report.notices.push(Notice {
            at: at.clone(),
            message: format!("`{}` repeats the article at {first} (same {what}); kept once", article.title),
        });
        keep[later as usize] = false;
    }
    report.duplicates = repeats.len();
    let mut kept = keep.into_iter();
    report.articles = batch.articles.into_iter().filter(|_| kept.next().unwrap_or(false)).map(|(_, a)| a).collect();
    html::site_wide_warnings(&batch.keyword_tags, &mut batch.notices);
    report.skipped_pages = batch.skipped_pages;
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
