//! JSON (an array of article objects) and JSON Lines (one object per line).

use super::config::Config;
use super::fields::{self, Origin};
use super::{Batch, ImportError, Location};
use serde_json::value::RawValue;
use serde_json::Value;
use std::path::Path;

/// Reads a JSON array of articles; each problem names the line of its object.
pub fn read_array(path: &Path, text: &str, config: &Config, batch: &mut Batch) {
    let at = |line: usize| Location { file: path.into(), line };
    let raws: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let message = format!("the file is not a JSON array of articles: {e}");
            batch.errors.push(ImportError { at: at(e.line()), message });
            return;
        }
    };
    for raw in raws {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = 1 + text[..offset].matches('\n').count();
        let value: Value = serde_json::from_str(raw.get()).expect("a RawValue is valid JSON");
        let mapped = fields::map(&value, &Origin { at: at(line), source: raw.get() }, config, &mut batch.notices);
        batch.add(mapped, at(line));
    }
}

/// Reads JSON Lines: one article object per non-blank line.
pub fn read_lines(path: &Path, text: &str, config: &Config, batch: &mut Batch) {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Location { file: path.into(), line: i + 1 };
        match serde_json::from_str::<Value>(line) {
            Ok(value) => {
                let mapped = fields::map(&value, &Origin { at: at.clone(), source: line }, config, &mut batch.notices);
                batch.add(mapped, at);
            }
            Err(e) => batch.errors.push(ImportError { at, message: format!("the line is not a JSON object: {e}") }),
        }
    }
}

/// True when the text holds a JSON array (after leading white space).
pub fn is_array(text: &str) -> bool {
    text.trim_start().starts_with('[')
}
