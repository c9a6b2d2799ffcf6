//! Where the answers of the widget and the headless API come from: a one-file index held
//! whole, or a sharded index whose parts arrive as queries need them.
//!
//! Sans-IO: nothing here fetches. A query is answered, or names the files it still needs
//! ([`Outcome::Needs`]); the package's JavaScript fetches them (one loop, shared by the
//! widget and the headless API) and hands them back by name ([`Source::add`]).

use crate::blob::{self, BlobError, CODEC_DEFLATE, HEADER_LEN};
use crate::engine::{Engine, Query, SearchResult};
use crate::model::Article;
use crate::shard::reader::{Answer, Sharded};
use crate::shard::{unique, Part, PART_MANIFEST};
use crate::ui::options::concat;

pub enum Source {
    One(Box<Engine>),
    Sharded(Box<Sharded>),
}

/// Why a fetched file was not kept.
pub struct Refused {
    pub reason: String,
    /// The file is not the one the manifest names (its bytes do not match the content
    /// hash): the site was deployed again since the manifest was loaded.
    #[cfg_attr(not(feature = "widget"), allow(dead_code))]
    pub redeployed: bool,
}

/// What a query gives.
pub enum Outcome {
    /// The result, the cards to show, and parts worth fetching ahead.
    Ready { result: SearchResult, hits: Vec<Article>, prefetch: Vec<Part> },
    /// Parts to fetch before the query can be answered.
    Needs(Vec<Part>),
}

/// Where the compressed payload of an index file starts, when it has one: the bytes
/// the browser's `DecompressionStream("deflate-raw")` inflates before [`Source::open`].
/// The file is checked first (magic, version, lengths, checksum), so damage is named as
/// damage rather than as a failed inflation.
pub fn compressed_payload_at(bytes: &[u8]) -> Result<Option<u32>, BlobError> {
    if blob::part_of(bytes) != Some(blob::PART_INDEX) {
        return Ok(None);
    }
    let (header, _) = blob::check(bytes)?;
    Ok((header.codec == CODEC_DEFLATE).then_some(HEADER_LEN as u32))
}

impl Source {
    /// Opens the bytes of `index.bin`: a one-file index or a sharded index's manifest.
    /// `inflated`: the payload of a compressed one-file index, inflated by the browser
    /// (see [`compressed_payload_at`]).
    pub fn open(bytes: &[u8], inflated: Option<&[u8]>) -> Result<Source, BlobError> {
        if blob::part_of(bytes) == Some(PART_MANIFEST) {
            return Ok(Source::Sharded(Box::new(Sharded::open(bytes)?)));
        }
        let (header, stored) = blob::check(bytes)?;
        let payload = match (header.codec, inflated) {
            (CODEC_DEFLATE, Some(inflated)) => inflated,
            (CODEC_DEFLATE, None) => return Err(BlobError::NeedsInflate),
            _ => stored,
        };
        Ok(Source::One(Box::new(Engine::new(blob::decode_payload(&header, payload)?))))
    }

    pub fn len(&self) -> usize {
        match self {
            Source::One(engine) => engine.index().len(),
            Source::Sharded(sharded) => sharded.len(),
        }
    }

    /// The file name of `part`, beside the manifest; `None` for a one-file index.
    pub fn part_name(&self, part: Part) -> Option<String> {
        match self {
            Source::One(_) => None,
            Source::Sharded(sharded) => Some(sharded.manifest().file_name(part)),
        }
    }

    /// The file names of `parts`.
    pub fn part_names(&self, parts: &[Part]) -> Vec<String> {
        parts.iter().filter_map(|&p| self.part_name(p)).collect()
    }

    /// Checks and keeps the fetched file `name`.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), Refused> {
        let Source::Sharded(sharded) = self else {
            return Err(Refused { reason: concat(&["a one-file index has no part `", name, "`"]), redeployed: false });
        };
        let Some(part) = sharded.manifest().part_named(name) else {
            let reason = concat(&["the index has no part `", name, "` (another deployment's?)"]);
            return Err(Refused { reason, redeployed: true });
        };
        sharded.add(part, bytes).map_err(|e| Refused { redeployed: e == BlobError::Mismatch, reason: e.message() })
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
                let mut result = engine.search(q).map_err(|e| e.message())?;
                let hits = core::mem::take(&mut result.hits);
                Ok(Outcome::Ready { result, hits, prefetch: Vec::new() })
            }
            Source::Sharded(sharded) => match sharded.search(q).map_err(|e| e.message())? {
                Answer::Ready(mut result, prefetch) => {
                    let hits = core::mem::take(&mut result.hits);
                    Ok(Outcome::Ready { result, hits, prefetch })
                }
                Answer::Needs(parts) => Ok(Outcome::Needs(parts)),
            },
        }
    }
}
