//! Where the answers of the widget and the headless API come from: a one-file index held
//! whole, or a sharded index whose parts arrive as queries need them.

use crate::blob::{self, BlobError};
use crate::engine::{Engine, Query, SearchResult};
use crate::model::Article;
use crate::shard::reader::{Answer, Sharded};
use crate::shard::{unique, Part, PART_MANIFEST};
use crate::web::fetch::resolve;

pub enum Source {
    One(Box<Engine>),
    Sharded(Box<Sharded>),
}

/// What a query gives.
pub enum Outcome {
    /// The result, the cards to show, and parts worth fetching ahead.
    Ready { result: SearchResult, hits: Vec<Article>, prefetch: Vec<Part> },
    /// Parts to fetch before the query can be answered.
    Needs(Vec<Part>),
}

impl Source {
    /// Opens the bytes of `index.bin`: a one-file index or a sharded index's manifest.
    pub fn open(bytes: &[u8]) -> Result<Source, BlobError> {
        if blob::part_of(bytes) == Some(PART_MANIFEST) {
            Ok(Source::Sharded(Box::new(Sharded::open(bytes)?)))
        } else {
            Ok(Source::One(Box::new(Engine::new(blob::decode(bytes)?))))
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Source::One(engine) => engine.index().len(),
            Source::Sharded(sharded) => sharded.len(),
        }
    }

    /// The address of `part` of a sharded index whose manifest came from `index_url`;
    /// `None` for a one-file index, which has no parts.
    pub fn part_url(&self, index_url: &str, part: Part) -> Option<String> {
        match self {
            Source::One(_) => None,
            Source::Sharded(sharded) => Some(resolve(index_url, &sharded.manifest().file_name(part))),
        }
    }

    /// Checks and keeps a fetched part (nothing to keep for a one-file index).
    pub fn add_part(&mut self, part: Part, bytes: &[u8]) -> Result<(), String> {
        match self {
            Source::One(_) => Ok(()),
            Source::Sharded(sharded) => sharded.add(part, bytes).map_err(|e| e.to_string()),
        }
    }

    /// Answers `q`. With `through_page`, the cards of every page up to `q.page` (the
    /// "Load more" view); otherwise the page's own.
    pub fn answer(&mut self, q: &Query, through_page: bool) -> Result<Outcome, String> {
        let first = if through_page { 1 } else { q.page };
        let mut hits = Vec::new();
        let mut needs = Vec::new();
        let mut last = None;
        // Pages past the last clamp to it: stop there rather than repeat it.
        let mut page = first;
        loop {
            let paged = Query { page, ..q.clone() };
            match self.search_one(&paged)? {
                Outcome::Ready { result, hits: page_hits, prefetch } => {
                    hits.extend(page_hits);
                    let done = page >= q.page || page >= result.pages;
                    last = Some((result, prefetch));
                    if done {
                        break;
                    }
                }
                Outcome::Needs(parts) => {
                    needs.extend(parts);
                    if page >= q.page {
                        break;
                    }
                }
            }
            page += 1;
        }
        match last {
            Some((result, prefetch)) if needs.is_empty() => Ok(Outcome::Ready { result, hits, prefetch }),
            _ => Ok(Outcome::Needs(unique(needs))),
        }
    }

    fn search_one(&mut self, q: &Query) -> Result<Outcome, String> {
        match self {
            Source::One(engine) => {
                let mut result = engine.search(q).map_err(|e| e.to_string())?;
                let hits = core::mem::take(&mut result.hits);
                Ok(Outcome::Ready { result, hits, prefetch: Vec::new() })
            }
            Source::Sharded(sharded) => match sharded.search(q).map_err(|e| e.to_string())? {
                Answer::Ready(mut result, prefetch) => {
                    let hits = core::mem::take(&mut result.hits);
                    Ok(Outcome::Ready { result, hits, prefetch })
                }
                Answer::Needs(parts) => Ok(Outcome::Needs(parts)),
            },
        }
    }
}
