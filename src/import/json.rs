//! JSON (an array of article objects) and JSON Lines (one object per line).

use super::config::Config;
use super::fields::{self, Origin};
use super::{Batch, ImportError, Location};
use serde_json::value::RawValue;
use serde_json::Value;
use std::path::Path;

/// Reads a JSON array of articles; each problem names the line of its object.
pub fn read_array(path: &Path, text: &str, config: &Config, batch: &mut Batch) {
    let file: std::sync::Arc<Path> = path.into();
    let at = |line: usize| Location { file: file.clone(), line };
    let raws: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let message = format!("the file is not a JSON array of articles: {e}");
            batch.errors.push(ImportError { at: at(e.line()), message });
            return;
        }
    };
    // Objects come in order: lines are counted on from the previous one, so the whole
    // file is scanned once (counting from the start for each was quadratic).
    let (mut line, mut counted) = (1, 0);
    for raw in raws {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        line += bytecount_newlines(&text.as_bytes()[counted..offset]);
        counted = offset;
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(value) => {
                let origin = Origin { at: at(line), source: raw.get() };
                let mapped = fields::map(&value, &origin, config, &mut batch.notices);
                batch.add(mapped, at(line));
            }
            // Skipping over a value checks less than reading it: nesting deeper than
            // serde_json's limit (128) shows up only here.
            Err(e) => batch.errors.push(ImportError {
                at: at(line + e.line().saturating_sub(1)),
                message: format!("the article cannot be read: {e}"),
            }),
        }
    }
}

/// Reads JSON Lines: one article object per non-blank line, as [`super::text::lines`]
/// gives them. Lines are read some thousands at a time (memory does not grow with the
/// file) and each such chunk is parsed on every core; what they give is added in order.
pub fn read_lines(path: &Path, lines: impl Iterator<Item = super::text::Line>, config: &Config, batch: &mut Batch) {
    const AT_ONCE: usize = 4096;
    let file: std::sync::Arc<Path> = path.into();
    let mut chunk: Vec<(usize, String)> = Vec::with_capacity(AT_ONCE);
    let mut failed = None;
    let mut lines = lines.filter(|l| l.as_ref().map_or(true, |(_, text)| !text.trim().is_empty()));
    loop {
        chunk.clear();
        for line in lines.by_ref().take(AT_ONCE) {
            match line {
                Ok(line) => chunk.push(line),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let read = crate::parallel::map(&chunk, |(number, line)| {
            let at = Location { file: file.clone(), line: *number };
            let mut notices = Vec::new();
            let mapped = match serde_json::from_str::<Value>(line) {
                Ok(value) => fields::map(&value, &Origin { at: at.clone(), source: line }, config, &mut notices),
                Err(e) => Err(ImportError { at: at.clone(), message: format!("the line is not a JSON object: {e}") }),
            };
            (mapped, at, notices)
        });
        for (mapped, at, notices) in read {
            batch.notices.extend(notices);
            batch.add(mapped, at);
        }
        if let Some(e) = failed.take() {
            return batch.errors.push(e);
        }
        if chunk.len() < AT_ONCE {
            return;
        }
    }
}

fn bytecount_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// True when the text holds a JSON array (after leading white space).
pub fn is_array(text: &str) -> bool {
    text.trim_start().starts_with('[')
}
