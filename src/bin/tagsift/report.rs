//! What the CLI tells its user: sentences on standard error and standard output, or,
//! with `--message-format json`, one JSON object per line on standard output (what build
//! integrations such as `tagsift/node` read).

use crate::write::Written;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use tagsift::import::html::Skip;
use tagsift::import::run::Report;
use tagsift::import::Location;
use tagsift::index::Index;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// Sentences for people.
    Human,
    /// One JSON object per line on standard output.
    Json,
}

pub struct Reporter {
    pub format: MessageFormat,
}

fn location(at: &Location) -> (String, Value) {
    (at.file.display().to_string(), if at.line == 0 { Value::Null } else { json!(at.line) })
}

impl Reporter {
    fn json(&self, value: Value) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{value}");
    }

    fn is_json(&self) -> bool {
        self.format == MessageFormat::Json
    }

    /// Every warning and error of an import, the pages skipped (listed one by one when
    /// `list_skipped`, else counted in the summary), and the summary.
    pub fn import(&self, report: &Report, list_skipped: bool) {
        for (severity, at, message) in report
            .notices
            .iter()
            .map(|n| ("warning", &n.at, &n.message))
            .chain(report.errors.iter().map(|e| ("error", &e.at, &e.message)))
        {
            if self.is_json() {
                let (file, line) = location(at);
                self.json(
                    json!({"type": "diagnostic", "severity": severity, "file": file, "line": line, "message": message}),
                );
            } else {
                eprintln!("{at}: {severity}: {message}");
            }
        }
        for (path, reason) in &report.skipped_pages {
            if self.is_json() {
                self.json(json!({"type": "skipped", "file": path.display().to_string(), "reason": skip_key(*reason), "why": reason.describe()}));
            } else if list_skipped {
                eprintln!("{}: skipped: {}", path.display(), reason.describe());
            }
        }
        if self.is_json() {
            let skipped: serde_json::Map<String, Value> =
                report.skipped.iter().map(|(ext, n)| (ext.clone(), json!(n))).collect();
            self.json(json!({
                "type": "summary",
                "files": report.files,
                "articles": report.articles.len(),
                "drafts": report.drafts,
                "duplicates": report.duplicates,
                "warnings": report.notices.len(),
                "errors": report.errors.len(),
                "pagesSkipped": report.skipped_pages.len(),
                "filesSkipped": skipped,
                "text": report.summary(),
            }));
        } else {
            eprintln!("{}", report.summary());
        }
    }

    pub fn indexed(&self, index: &Index) {
        if self.is_json() {
            self.json(json!({"type": "indexed", "articles": index.len(), "tags": index.tags.len(), "authors": index.authors.len(), "categories": index.categories.len()}));
        } else {
            println!(
                "indexed {} articles: {} tags, {} authors, {} categories",
                index.len(),
                index.tags.len(),
                index.authors.len(),
                index.categories.len()
            );
        }
    }

    pub fn written(&self, w: &Written) {
        if self.is_json() {
            let files: Vec<Value> = w.written.iter().map(|f| json!({"name": f.name, "bytes": f.bytes})).collect();
            self.json(json!({
                "type": "written",
                "index": w.index.display().to_string(),
                "sharded": w.sharded,
                "written": files,
                "unchanged": w.unchanged,
                "removed": w.removed,
                "files": w.files,
                "bytes": w.total_bytes,
                "text": w.describe(),
            }));
        } else {
            println!("{}", w.describe());
        }
    }

    /// A warning that is a sentence already naming its file (the prerender step's).
    pub fn warning(&self, message: &str) {
        if self.is_json() {
            let (file, rest) = message.split_once(": ").unwrap_or(("", message));
            self.json(
                json!({"type": "diagnostic", "severity": "warning", "file": file, "line": null, "message": rest}),
            );
        } else {
            eprintln!("{message}");
        }
    }

    pub fn prerendered(&self, page: &Path, changed: bool) {
        if self.is_json() {
            self.json(json!({"type": "prerendered", "page": page.display().to_string(), "changed": changed}));
        } else {
            let what = if changed { "wrote the first view into" } else { "the first view is already in" };
            println!("{what} {}", page.display());
        }
    }

    /// A step of `--timings`: how long it took, and the process's peak memory so far
    /// (where the system says: Linux's `/proc`).
    pub fn timing(&self, what: &str, seconds: f64, peak_mb: Option<f64>) {
        if self.is_json() {
            self.json(json!({"type": "timing", "step": what, "seconds": seconds, "peakMb": peak_mb}));
        } else {
            match peak_mb {
                Some(mb) => eprintln!("{what} in {seconds:.2} s (peak memory so far {mb:.0} MiB)"),
                None => eprintln!("{what} in {seconds:.2} s"),
            }
        }
    }

    pub fn progress(&self, done: usize, total: usize) {
        if self.is_json() {
            self.json(json!({"type": "progress", "done": done, "total": total}));
        } else {
            eprintln!("read {done}/{total} files");
        }
    }

    /// The reason the command failed.
    pub fn fatal(&self, message: &str) {
        if self.is_json() {
            self.json(json!({"type": "fatal", "message": message}));
        } else {
            eprintln!("tagsift: {message}");
        }
    }
}

/// A skip reason's stable name, for JSON.
fn skip_key(reason: Skip) -> &'static str {
    match reason {
        Skip::Marked => "marked",
        Skip::NotFound => "not-found",
        Skip::Home => "home",
        Skip::Listing => "listing",
        Skip::Paginated => "paginated",
        Skip::NotAnArticle => "not-an-article",
    }
}
