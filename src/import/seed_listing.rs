//! The scraped "Tagged articles" listing format of `seeds/*.txt`.
//!
//! ```text
//! Tagged articles                      heading
//! 160 articles                         the site's total (may exceed what the file holds)
//! Page 1 of 2
//! Ray's Galactic Tech                  ┐ author
//! Ray's Galactic Tech                  │ author again
//! Apr 3, 2026 · Backend Development    │ date · category
//!                                      │
//! How to Master Go Module Management   │ title
//!                                      │
//! This comprehensive guide explains…   │ summary
//!                                      │
//! GoMicroservicesci/cd                 │ tags, concatenated (see tag_split)
//! 0 likes · 35 min read                │
//! How to Master Go Module Management   ┘ title again
//! ```
//!
//! Blank lines between blocks are allowed. Text is kept exactly as written.
//! Any deviation is an [`ImportError`] naming the file and line.

use super::tag_split::{self, Decision, Lexicon};
use super::{Batch, ImportError, Imported, Location, Notice};
use crate::model::{Article, Date};
use std::path::{Path, PathBuf};

/// Lines in one article block.
pub const BLOCK_LINES: usize = 11;
const DOT: &str = " · ";

/// True when `text` looks like a listing: its second and third lines are the
/// `N articles` and `Page X of Y` header.
pub fn looks_like_listing(text: &str) -> bool {
    let mut lines = text.lines().skip(1);
    matches!((lines.next(), lines.next()), (Some(a), Some(p)) if parse_total(a).is_some() && parse_page(p).is_some())
}

/// One block as read, before its tags are split.
struct Block {
    article: Article,
    /// 1-based line of the block's first line, and of its tags line.
    starts_at: usize,
    tags_line: String,
    tags_at: usize,
}

/// One listing file, parsed.
struct Listing {
    file: std::sync::Arc<Path>,
    announced: usize,
    blocks: Vec<Block>,
}

/// Imports listing files together: tags are split with the vocabulary of all of them.
/// Returns the first error, if any file has one.
pub fn import(files: &[(PathBuf, String)]) -> Result<Imported, ImportError> {
    let mut batch = Batch::default();
    read(files, None, &mut batch);
    match batch.errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(Imported { articles: batch.articles.into_iter().map(|(_, a)| a).collect(), notices: batch.notices }),
    }
}

/// Reads listing files into `batch`, each article with the file and line of its block.
/// A file with a malformed block adds its error and contributes no article. A scraped
/// listing carries no links: with a `base_url`, each article links to
/// `{base_url}/YYYY/MM/DD/slug/` (its date and title, as Jekyll's pretty URLs read).
pub fn read(files: &[(PathBuf, String)], base_url: Option<&str>, batch: &mut Batch) {
    let mut listings: Vec<Listing> = Vec::new();
    for (path, text) in files {
        match parse(path, text) {
            Ok(listing) => listings.push(listing),
            Err(e) => batch.errors.push(e),
        }
    }
    let out = batch;
    let mut lexicon = Lexicon::default();
    let mut lines: Vec<String> = Vec::new();
    for listing in &listings {
        if listing.announced != listing.blocks.len() {
            out.notices.push(Notice {
                at: Location { file: listing.file.clone(), line: 2 },
                message: format!(
                    "the header announces {} articles but the file holds {} article blocks; indexing the {}",
                    listing.announced,
                    listing.blocks.len(),
                    listing.blocks.len()
                ),
            });
        }
        for b in &listing.blocks {
            lexicon.add_text(&b.article.title);
            lexicon.add_text(&b.article.summary);
            lines.push(b.tags_line.clone());
        }
    }
    lines.sort_unstable();
    lines.dedup();
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let splits = tag_split::split_all(&line_refs, &lexicon);
    for listing in listings {
        for b in listing.blocks {
            let k = lines.binary_search(&b.tags_line).expect("every line was split");
            let split = &splits[k];
            let at = Location { file: listing.file.clone(), line: b.tags_at };
            match &split.decision {
                Decision::Override => out.notices.push(Notice {
                    at,
                    message: format!("tags {:?} split as {:?} by the override list", b.tags_line, split.tags),
                }),
                Decision::Ambiguous { tied } => out.notices.push(Notice {
                    at,
                    message: format!(
                        "tags {:?} could be split {} ways equally well; took {:?}, alternatives {:?}",
                        b.tags_line,
                        tied.len(),
                        split.tags,
                        &tied[1..]
                    ),
                }),
                Decision::Forced | Decision::Scored { .. } => {}
            }
            let mut article = b.article;
            article.tags = if b.tags_line.is_empty() { Vec::new() } else { split.tags.clone() };
            if let (Some(base), Some(date)) = (base_url, article.date) {
                let (y, m, d) = date.ymd();
                let slug = crate::model::slugify(&article.title);
                article.url = Some(format!("{base}/{y:04}/{m:02}/{d:02}/{slug}/"));
            }
            out.articles.push((Location { file: listing.file.clone(), line: b.starts_at }, article));
        }
    }
}

/// Reads one listing file from disk and imports it.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let text = super::text::read(path)?;
    import(&[(path.to_path_buf(), text)])
}

fn parse_total(line: &str) -> Option<usize> {
    let n = line.strip_suffix(" articles").or_else(|| line.strip_suffix(" article"))?;
    parse_count(n)
}

fn parse_page(line: &str) -> Option<(usize, usize)> {
    let (a, b) = line.strip_prefix("Page ")?.split_once(" of ")?;
    Some((parse_count(a)?, parse_count(b)?))
}

/// A non-negative count written with digits and optional thousands commas.
fn parse_count(s: &str) -> Option<usize> {
    let digits: String = s.chars().filter(|&c| c != ',').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || s.starts_with(',') {
        return None;
    }
    digits.parse().ok()
}

/// `N likes · M min read` → (likes, minutes).
fn parse_stats(line: &str) -> Option<(u32, u32)> {
    let (likes, read) = line.split_once(DOT)?;
    let likes = likes.strip_suffix(" likes").or_else(|| likes.strip_suffix(" like"))?;
    let minutes = read.strip_suffix(" min read")?;
    Some((parse_count(likes)?.try_into().ok()?, parse_count(minutes)?.try_into().ok()?))
}

fn parse(path: &Path, text: &str) -> Result<Listing, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let err = |line: usize, message: String| ImportError { at: Location { file: path.into(), line }, message };
    let header = |i: usize| lines.get(i).copied().unwrap_or("");
    if header(0).trim().is_empty() {
        return Err(err(1, "expected the listing heading (such as `Tagged articles`), found an empty line".into()));
    }
    let announced = parse_total(header(1))
        .ok_or_else(|| err(2, format!("expected the article count `N articles`, found `{}`", header(1))))?;
    parse_page(header(2)).ok_or_else(|| err(3, format!("expected `Page X of Y`, found `{}`", header(2))))?;

    let mut blocks = Vec::new();
    let mut i = 3;
    loop {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        if i >= lines.len() {
            break;
        }
        blocks.push(parse_block(&lines, i, &err)?);
        i += BLOCK_LINES;
    }
    Ok(Listing { file: path.into(), announced, blocks })
}

/// Parses the block whose first line is `lines[start]` (0-based).
fn parse_block(lines: &[&str], start: usize, err: &dyn Fn(usize, String) -> ImportError) -> Result<Block, ImportError> {
    const WHAT: [&str; BLOCK_LINES] = [
        "the author",
        "the author again",
        "`Mon D, YYYY · Category`",
        "a blank line after the date",
        "the title",
        "a blank line after the title",
        "the summary",
        "a blank line after the summary",
        "the tags",
        "`N likes · M min read`",
        "the title again",
    ];
    // 1-based line number of the block's k-th line, and the line itself.
    let get = |k: usize| -> Result<&str, ImportError> {
        lines.get(start + k).copied().ok_or_else(|| {
            err(
                start + k + 1,
                format!(
                    "the article block that starts at line {} ends early: expected {}, found the end of the file",
                    start + 1,
                    WHAT[k]
                ),
            )
        })
    };
    let at = |k: usize| start + k + 1;
    let blank = |k: usize| -> Result<(), ImportError> {
        let line = get(k)?;
        if line.trim().is_empty() {
            Ok(())
        } else {
            Err(err(at(k), format!("expected {}, found `{line}`", WHAT[k])))
        }
    };
    let non_empty = |k: usize| -> Result<&str, ImportError> {
        let line = get(k)?;
        if line.trim().is_empty() {
            return Err(err(at(k), format!("expected {}, found an empty line", WHAT[k])));
        }
        Ok(line)
    };
    // Lines are checked top to bottom, so the error names the first line that is wrong.
    let author = non_empty(0)?;
    let again = non_empty(1)?;
    if again != author {
        return Err(err(at(1), format!("expected the author `{author}` again, found `{again}`")));
    }
    let dated = non_empty(2)?;
    let (date_text, category) =
        dated.split_once(DOT).ok_or_else(|| err(at(2), format!("expected {}, found `{dated}`", WHAT[2])))?;
    let date = Date::parse_listing(date_text).ok_or_else(|| {
        err(at(2), format!("`{date_text}` is not a date like `Apr 3, 2026` (English month, day, year)"))
    })?;
    blank(3)?;
    let title = non_empty(4)?;
    blank(5)?;
    let summary = non_empty(6)?;
    blank(7)?;
    let tags_line = get(8)?;
    let stats = non_empty(9)?;
    let (likes, minutes) =
        parse_stats(stats).ok_or_else(|| err(at(9), format!("expected {}, found `{stats}`", WHAT[9])))?;
    let title_again = get(10)?;
    if title_again != title {
        return Err(err(at(10), format!("expected the title `{title}` again, found `{title_again}`")));
    }
    let category = category.trim();
    Ok(Block {
        article: Article {
            author: Some(author.to_string()),
            date: Some(date),
            category: (!category.is_empty()).then(|| category.to_string()),
            summary: summary.to_string(),
            likes: Some(likes),
            read_minutes: Some(minutes),
            ..Article::titled(title)
        },
        tags_line: tags_line.trim().to_string(),
        starts_at: at(0),
        tags_at: at(8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_and_counts_parse() {
        assert_eq!(parse_stats("0 likes · 35 min read"), Some((0, 35)));
        assert_eq!(parse_stats("1 like · 1 min read"), Some((1, 1)));
        assert_eq!(parse_stats("1,204 likes · 3 min read"), Some((1204, 3)));
        assert_eq!(parse_stats("many likes · 3 min read"), None);
        assert_eq!(parse_total("160 articles"), Some(160));
        assert_eq!(parse_page("Page 1 of 2"), Some((1, 2)));
        assert_eq!(parse_count(",5"), None);
    }
}
