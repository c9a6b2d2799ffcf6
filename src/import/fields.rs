//! Mapping a generic record (JSON, JSON Lines, YAML or TOML front matter, all read into
//! `serde_json::Value`) onto an [`Article`], with field names as people write them.
//!
//! A field that is present but unusable (a date that parses as no date, tags of the
//! wrong type) is a [`Notice`]: the article is indexed without it. A record without a
//! title is an [`ImportError`]: it cannot be indexed at all.

use super::config::Config;
use super::{ImportError, Location, Notice};
use crate::model::{Article, Date};
use serde_json::Value;

/// The names each field is read from, in order; a configured name comes first.
pub const TITLE: &[&str] = &["title"];
pub const URL: &[&str] = &["url", "permalink", "link"];
pub const AUTHOR: &[&str] = &["author", "authors"];
pub const DATE: &[&str] = &["date", "published", "pubDate"];
pub const CATEGORY: &[&str] = &["category", "categories"];
pub const SUMMARY: &[&str] = &["summary", "description", "excerpt"];
pub const TAGS: &[&str] = &["tags", "keywords"];
pub const LIKES: &[&str] = &["likes"];
pub const READ_MINUTES: &[&str] = &["reading_time", "readingTime", "read_minutes"];
pub const DRAFT: &[&str] = &["draft"];

/// Where a record came from, to name the file and line (and the field's own line
/// when it can be found in `source`) in every message.
pub struct Origin<'a> {
    pub at: Location,
    /// The record's text, searched for `key:` / `key =` / `"key"` to find a field's line.
    pub source: &'a str,
}

impl Origin<'_> {
    /// The line of `key` within the record, else the record's own line.
    pub fn line_of(&self, key: &str) -> Location {
        let found = super::key_line(self.source, key).unwrap_or(0);
        Location { file: self.at.file.clone(), line: self.at.line + found }
    }
}

/// The outcome of mapping one record.
pub enum Mapped {
    Article(Article),
    /// `draft: true`: skipped and counted.
    Draft,
}

/// The value of the first of `names` (configured name first) that is present, not null
/// and not an empty or blank string (`author: ''` is simply absent), at the top level or,
/// as Zola writes tags and categories, under `taxonomies`.
fn field<'v>(record: &'v Value, names: &[&str], configured: Option<&str>) -> Option<(String, &'v Value)> {
    let taxonomies = record.get("taxonomies");
    configured.into_iter().chain(names.iter().copied()).find_map(|n| {
        let found = record.get(n).or_else(|| taxonomies.and_then(|t| t.get(n)));
        let empty = |v: &Value| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty());
        found.filter(|v| !empty(v)).map(|v| (n.to_string(), v))
    })
}

/// A string, or TOML's wrapped datetime, or a number written as text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) if o.len() == 1 => o.get("$__toml_private_datetime").and_then(text),
        _ => None,
    }
}

/// Parses the date formats feeds and front matter use: `YYYY-MM-DD`, RFC 3339
/// (the calendar date as written, ignoring the offset), RFC 2822.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = Date::parse_iso(s) {
        return Some(d);
    }
    if let Some(d) = s.get(..10).and_then(Date::parse_iso) {
        // RFC 3339, and the forms Jekyll and others write: `2024-03-09 10:00:00 +0200`.
        let with_time = chrono::DateTime::parse_from_rfc3339(s).is_ok()
            || chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z").is_ok()
            || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
            || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok()
            || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").is_ok();
        if with_time {
            return Some(d);
        }
    }
    use chrono::Datelike;
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Date::from_ymd(d.year(), d.month(), d.day());
    }
    // Month names as JS dates and listings write them: `Jul 08 2022`, `July 8, 2022`.
    ["%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(s, f).ok())
        .and_then(|d| Date::from_ymd(d.year(), d.month(), d.day()))
}

/// Maps `record` to an article. `config` may rename fields and normalise tags.
pub fn map(record: &Value, origin: &Origin, config: &Config, notices: &mut Vec<Notice>) -> Result<Mapped, ImportError> {
    let names = &config.fields;
    if !record.is_object() {
        return Err(ImportError {
            at: origin.at.clone(),
            message: "expected an object with the article's fields".into(),
        });
    }
    let mut warn = |key: &str, message: String| notices.push(Notice { at: origin.line_of(key), message });
    if let Some((key, v)) = field(record, DRAFT, names.draft.as_deref()) {
        match v {
            Value::Bool(true) => return Ok(Mapped::Draft),
            Value::Bool(false) => {}
            Value::String(s) if s == "true" => return Ok(Mapped::Draft),
            _ => warn(&key, format!("field `{key}` should be true or false; the article is treated as published")),
        }
    }
    let title = match field(record, TITLE, names.title.as_deref()) {
        Some((_, v)) => text(v).map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        None => None,
    };
    let Some(title) = title else {
        return Err(ImportError {
            at: origin.at.clone(),
            message: "the article has no title (expected a non-empty `title` field)".into(),
        });
    };
    let mut article = Article::titled(title);
    if let Some((key, v)) = field(record, URL, names.url.as_deref()) {
        match text(v) {
            Some(u) => article.url = Some(u),
            None => warn(&key, format!("field `{key}` should be a string; the article is indexed without a URL")),
        }
    }
    if let Some((key, v)) = field(record, AUTHOR, names.author.as_deref()) {
        let name = match v {
            Value::Array(a) => a.first().and_then(|x| text(x).or_else(|| x.get("name").and_then(text))),
            Value::Object(_) => v.get("name").and_then(text),
            other => text(other),
        };
        match name.filter(|n| !n.trim().is_empty()) {
            Some(n) => article.author = Some(n.trim().to_string()),
            None => warn(
                &key,
                format!("field `{key}` should be a name or {{name: …}}; the article is indexed without an author"),
            ),
        }
    }
    if let Some((key, v)) = field(record, DATE, names.date.as_deref()) {
        match text(v).as_deref().and_then(parse_date) {
            Some(d) => article.date = Some(d),
            None => warn(
                &key,
                format!("field `{key}` is not a date (expected YYYY-MM-DD, RFC 3339 or RFC 2822); the article is indexed without a date"),
            ),
        }
    }
    let category_names = config.category_field.as_deref().map(|c| vec![c]).unwrap_or_else(|| CATEGORY.to_vec());
    if let Some((key, v)) = field(record, &category_names, None) {
        let first = match v {
            Value::Array(a) => a.first().and_then(text),
            other => text(other),
        };
        match first {
            Some(c) if !c.trim().is_empty() => article.category = Some(c.trim().to_string()),
            Some(_) => {}
            None => warn(
                &key,
                format!("field `{key}` should be a string or a list; the article is indexed without a category"),
            ),
        }
    }
    if let Some((key, v)) = field(record, SUMMARY, names.summary.as_deref()) {
        match text(v) {
            Some(s) => article.summary = s.trim().to_string(),
            None => warn(&key, format!("field `{key}` should be a string; the article is indexed without a summary")),
        }
    }
    if let Some((key, v)) = field(record, TAGS, names.tags.as_deref()) {
        let tags: Option<Vec<String>> = match v {
            Value::Array(a) => a.iter().map(text).collect(),
            Value::String(s) => Some(s.split(',').map(str::to_string).collect()),
            _ => None,
        };
        match tags {
            Some(tags) => {
                for t in tags {
                    let t = config.normalise_tag(t.trim());
                    if !t.is_empty() && !article.tags.contains(&t) {
                        article.tags.push(t);
                    }
                }
            }
            None => warn(&key, format!("field `{key}` should be a list of strings or a comma-separated string; the article is indexed without tags")),
        }
    }
    let mut number = |names: &[&str], configured: Option<&str>, what: &str| -> Option<u32> {
        let (key, v) = field(record, names, configured)?;
        let n = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().trim_end_matches(" min").trim_end_matches(" min read").parse::<f64>().ok(),
            _ => None,
        };
        match n.filter(|n| *n >= 0.0 && *n <= f64::from(u32::MAX)) {
            Some(n) => Some(n.round() as u32),
            None => {
                warn(
                    &key,
                    format!("field `{key}` should be a non-negative number; the article is indexed without {what}"),
                );
                None
            }
        }
    };
    article.likes = number(LIKES, names.likes.as_deref(), "likes");
    article.read_minutes = number(READ_MINUTES, names.read_minutes.as_deref(), "a reading time");
    Ok(Mapped::Article(article))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_documented_format() {
        let d = Date::from_ymd(2024, 3, 9);
        assert_eq!(parse_date("2024-03-09"), d);
        assert_eq!(parse_date("2024-03-09T23:30:00+02:00"), d);
        assert_eq!(parse_date("2024-03-09T10:00:00Z"), d);
        assert_eq!(parse_date("2024-03-09 10:00:00"), d);
        assert_eq!(parse_date("2024-03-09 23:30:00 -0800"), d, "the date as written, not converted");
        assert_eq!(parse_date("Sat, 09 Mar 2024 10:00:00 +0000"), d);
        assert_eq!(parse_date("Mar 09 2024"), d);
        assert_eq!(parse_date("March 9, 2024"), d);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2024-02-30"), None);
    }
}
