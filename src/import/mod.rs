//! Reading articles from the files site owners have (native only, `cli` feature).
//!
//! Every problem is reported with the file and line it concerns: an [`ImportError`]
//! stops the import, a [`Notice`] is printed and the import goes on.

pub mod config;
pub mod feed;
pub mod fields;
pub mod html;
pub mod json;
pub mod markdown;
pub mod run;
pub mod seed_listing;
pub mod tag_split;
pub mod text;

use crate::model::Article;
use core::fmt;
use std::path::{Path, PathBuf};

/// A place in an input file; `line` is 1-based, 0 when the whole file is meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Shared by every location in one file (a JSON Lines file holds a million).
    pub file: std::sync::Arc<Path>,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}", self.file.display()),
            n => write!(f, "{}:{n}", self.file.display()),
        }
    }
}

/// Input that cannot be indexed; the message says what was expected and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.at, self.message)
    }
}

impl std::error::Error for ImportError {}

/// Something the user should know about that did not stop the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.at, self.message)
    }
}

/// What an import produced: the articles, in input order, and the notices.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    pub articles: Vec<Article>,
    pub notices: Vec<Notice>,
}

/// What the readers collect, before inputs are merged.
#[derive(Debug, Default)]
pub struct Batch {
    /// Articles with where each was read.
    pub articles: Vec<(Location, Article)>,
    pub notices: Vec<Notice>,
    /// Records that could not be indexed; each names its file and line.
    pub errors: Vec<ImportError>,
    /// `draft: true` records, skipped.
    pub drafts: usize,
    /// Pages of a built site that are not articles, and why.
    pub skipped_pages: Vec<(PathBuf, html::Skip)>,
    /// Pages whose tags came from keywords (which may be the site's, not theirs).
    pub keyword_tags: Vec<(PathBuf, Vec<String>)>,
}

impl Batch {
    /// Adds what `other` read after what this one holds.
    pub fn append(&mut self, other: Batch) {
        let Batch { mut articles, notices, errors, drafts, skipped_pages, keyword_tags } = other;
        // One large file (a JSON Lines export of a million articles) is taken as it is,
        // not copied beside itself.
        if self.articles.is_empty() {
            core::mem::swap(&mut self.articles, &mut articles);
        }
        self.articles.extend(articles);
        self.notices.extend(notices);
        self.errors.extend(errors);
        self.drafts += drafts;
        self.skipped_pages.extend(skipped_pages);
        self.keyword_tags.extend(keyword_tags);
    }

    /// Records that the page at `path` is not an article.
    pub fn skip(&mut self, path: &Path, reason: html::Skip) {
        self.skipped_pages.push((path.to_path_buf(), reason));
    }

    /// Records the outcome of mapping one record read at `at`.
    pub fn add(&mut self, mapped: Result<fields::Mapped, ImportError>, at: Location) {
        match mapped {
            Ok(fields::Mapped::Article(a)) => self.articles.push((at, a)),
            Ok(fields::Mapped::Draft) => self.drafts += 1,
            Err(e) => self.errors.push(e),
        }
    }
}

/// The 0-based index of the first line of `text` that sets `key` (`key: …`,
/// `key = …`, `"key": …`), for naming a field's line in YAML, TOML and JSON alike.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| {
        let t = l.trim_start().trim_start_matches(['"', '\'']);
        t.strip_prefix(key).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            rest.starts_with(':') || rest.starts_with('=')
        })
    })
}
