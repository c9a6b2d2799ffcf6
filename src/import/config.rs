//! `tagsift.toml`: how a site's fields map onto articles. Every key is optional.
//!
//! ```toml
//! base_url = "https://example.com"     # prefix for URLs made from paths
//! category = "categories"              # which field (taxonomy) becomes the category
//! exclude = ["drafts/**", "**/_index.md"]
//!
//! [fields]                             # field names, when a site uses other ones
//! tags = "keywords"
//! summary = "lede"
//!
//! [tags]
//! case = "preserve"                    # or "lower"
//! aliases = { golang = "Go", k8s = "Kubernetes" }
//! ```
//!
//! An unknown key is an error that names it, its line, and the closest valid key.

use super::{ImportError, Location};
use std::path::Path;

/// Field names to read instead of (before) the usual ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldNames {
    pub title: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub tags: Option<String>,
    pub likes: Option<String>,
    pub read_minutes: Option<String>,
    pub draft: Option<String>,
}

/// How tags are written in the index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagCase {
    /// As written (after aliases).
    #[default]
    Preserve,
    /// Lower-cased.
    Lower,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    pub fields: FieldNames,
    /// The field whose first value becomes the category.
    pub category_field: Option<String>,
    pub base_url: Option<String>,
    pub tag_case: TagCase,
    /// (alias, tag): an alias is matched case-insensitively.
    pub aliases: Vec<(String, String)>,
    /// Globs of paths (relative to the input folder) to leave out.
    pub exclude: Vec<String>,
}

const TOP: &[&str] = &["base_url", "category", "exclude", "fields", "tags"];
const FIELDS: &[&str] = &["title", "url", "author", "date", "summary", "tags", "likes", "read_minutes", "draft"];
const TAGS: &[&str] = &["case", "aliases"];

impl Config {
    /// A tag after aliases and case.
    pub fn normalise_tag(&self, tag: &str) -> String {
        if let Some((_, to)) = self.aliases.iter().find(|(from, _)| from.eq_ignore_ascii_case(tag)) {
            return to.clone();
        }
        match self.tag_case {
            TagCase::Preserve => tag.to_string(),
            TagCase::Lower => crate::unicode::lowercase(tag),
        }
    }

    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Config, ImportError> {
        let text = super::text::read(path)?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ImportError> {
        let err = |line: usize, message: String| ImportError { at: Location { file: path.into(), line }, message };
        let line_of = |key: &str| 1 + super::key_line(text, key).unwrap_or(0);
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map_or(0, |s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            err(line, format!("the configuration is not valid TOML: {}", e.message()))
        })?;
        let unknown = |key: &str, valid: &[&str], section: &str| {
            let closest = valid.iter().min_by_key(|v| strsim::damerau_levenshtein(key, v)).copied().unwrap_or_default();
            err(
                line_of(key),
                format!(
                    "unknown key `{section}{key}`: did you mean `{section}{closest}`? (valid: {})",
                    valid.join(", ")
                ),
            )
        };
        let string = |v: &toml::Value, key: &str| -> Result<String, ImportError> {
            v.as_str().map(str::to_string).ok_or_else(|| err(line_of(key), format!("`{key}` must be a string")))
        };
        let mut c = Config::default();
        for (key, v) in &table {
            match key.as_str() {
                "base_url" => c.base_url = Some(string(v, key)?.trim_end_matches('/').to_string()),
                "category" => c.category_field = Some(string(v, key)?),
                "exclude" => {
                    let list =
                        v.as_array().ok_or_else(|| err(line_of(key), "`exclude` must be a list of globs".into()))?;
                    c.exclude = list.iter().map(|g| string(g, key)).collect::<Result<_, _>>()?;
                }
                "fields" => {
                    let t = v.as_table().ok_or_else(|| err(line_of(key), "`fields` must be a table".into()))?;
                    for (k, v) in t {
                        let name = Some(string(v, k)?);
                        match k.as_str() {
                            "title" => c.fields.title = name,
                            "url" => c.fields.url = name,
                            "author" => c.fields.author = name,
                            "date" => c.fields.date = name,
                            "summary" => c.fields.summary = name,
                            "tags" => c.fields.tags = name,
                            "likes" => c.fields.likes = name,
                            "read_minutes" => c.fields.read_minutes = name,
                            "draft" => c.fields.draft = name,
                            _ => return Err(unknown(k, FIELDS, "fields.")),
                        }
                    }
                }
                "tags" => {
                    let t = v.as_table().ok_or_else(|| err(line_of(key), "`tags` must be a table".into()))?;
                    for (k, v) in t {
                        match k.as_str() {
                            "case" => {
                                c.tag_case = match string(v, k)?.as_str() {
                                    "preserve" => TagCase::Preserve,
                                    "lower" => TagCase::Lower,
                                    other => {
                                        return Err(err(
                                            line_of(k),
                                            format!("`tags.case` must be \"preserve\" or \"lower\", not {other:?}"),
                                        ))
                                    }
                                }
                            }
                            "aliases" => {
                                let a = v
                                    .as_table()
                                    .ok_or_else(|| err(line_of(k), "`tags.aliases` must be a table".into()))?;
                                for (from, to) in a {
                                    c.aliases.push((from.clone(), string(to, from)?));
                                }
                            }
                            _ => return Err(unknown(k, TAGS, "tags.")),
                        }
                    }
                }
                _ => return Err(unknown(key, TOP, "")),
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let c = Config::parse(
            Path::new("tagsift.toml"),
            "base_url = \"https://x.org/\"\ncategory = \"section\"\nexclude = [\"drafts/**\"]\n[fields]\ntags = \"keywords\"\n[tags]\ncase = \"lower\"\naliases = { golang = \"Go\" }\n",
        )
        .unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.org"));
        assert_eq!(c.category_field.as_deref(), Some("section"));
        assert_eq!(c.fields.tags.as_deref(), Some("keywords"));
        assert_eq!(c.normalise_tag("GoLang"), "Go");
        assert_eq!(c.normalise_tag("Rust"), "rust");
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let e = Config::parse(Path::new("tagsift.toml"), "base_url = \"x\"\ntgas = 1\n").unwrap_err();
        assert_eq!(e.to_string(), "tagsift.toml:2: error: unknown key `tgas`: did you mean `tags`? (valid: base_url, category, exclude, fields, tags)");
        let e = Config::parse(Path::new("t.toml"), "[fields]\nsumary = \"lede\"\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("t.toml:2: error: unknown key `fields.sumary`: did you mean `fields.summary`?"));
        let e = Config::parse(Path::new("t.toml"), "a = [\n").unwrap_err();
        assert!(e.to_string().contains("not valid TOML"));
    }
}
