//! Where answers come from: a one-file index held whole, or a sharded index whose parts
//! arrive as queries need them. Every user asks the same way: the widget and the
//! headless API in the browser, the CLI, the prerender step, the tests and the fuzz
//! targets.
//!
//! Sans-IO: nothing here fetches. A query is answered, or names the files it still
//! needs ([`Outcome::Needs`]); the caller fetches them and hands them back by name
//! ([`Source::add`]). [`answer`] is that loop for callers that read files at once (from
//! disk, from memory); the browser's is in the package's `io.js`, around the network.

use crate::blob::{self, BlobError, CODEC_DEFLATE, HEADER_LEN};
use crate::engine::text::TextIndex;
use crate::engine::{self, Columns, Engine, Order, Pages, Query, SearchResult};
use crate::index::Index;
use crate::model::Article;
use crate::shard::reader::{Answer, Sharded};
use crate::shard::{Part, PART_MANIFEST};
use std::cell::OnceCell;

/// An index opened for queries.
pub enum Source {
    One(Box<OneFile>),
    Sharded(Box<Sharded>),
}

/// A one-file index: its records, and the engine over their columns.
pub struct OneFile {
    index: Index,
    engine: Engine,
    /// Built on the first query with words, and the first sorted by title.
    text: OnceCell<TextIndex>,
    titles: OnceCell<Order>,
}

impl OneFile {
    pub fn new(index: Index) -> OneFile {
        OneFile::with_engine(Engine::new(Columns::of_index(&index)), index)
    }

    /// [`OneFile::new`] over an engine of the index's columns built as the caller chose
    /// (the tests' dense and sparse paths).
    pub fn with_engine(engine: Engine, index: Index) -> OneFile {
        OneFile { index, engine, text: OnceCell::new(), titles: OnceCell::new() }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Answers `query`: the page of results, or with [`Pages::Through`] every page up to it.
    pub fn search_pages(&self, query: &Query, pages: Pages) -> Result<SearchResult, engine::QueryError> {
        query.validate()?;
        let text = engine::text::has_words(&query.text)
            .then(|| self.text.get_or_init(|| TextIndex::build(&self.index)).search(&query.text).unwrap_or_default());
        let titles = (query.effective_sort() == engine::Sort::Title).then(|| {
            self.titles.get_or_init(|| engine::title_order(self.index.articles.iter().map(|r| r.title.as_str())))
        });
        let found = self.engine.search(query, text.as_deref(), titles, pages).expect("a one-file engine lacks nothing");
        let mut result = found.result;
        result.hits = found.ids.iter().map(|&d| self.index.article(d)).collect();
        Ok(result)
    }

    /// Answers `query` (its page).
    pub fn search(&self, query: &Query) -> Result<SearchResult, engine::QueryError> {
        self.search_pages(query, Pages::One)
    }
}

/// What [`answer`] loads a batch of files with: their bytes, in the order of the names.
pub type Loader<'a> = dyn FnMut(&[String]) -> Result<Vec<Vec<u8>>, String> + 'a;

/// A batch loader of [`answer`] from a loader of one file.
pub fn each(
    load: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
) -> impl FnMut(&[String]) -> Result<Vec<Vec<u8>>, String> + '_ {
    move |names| names.iter().map(|name| load(name)).collect()
}

/// Why a fetched file was not kept.
pub struct Refused {
    pub reason: String,
    /// The file is not the one the manifest names (its bytes do not match the content
    /// hash, or the manifest names no such file): the site was deployed again since the
    /// manifest was loaded.
    pub redeployed: bool,
}

/// What a query gives.
pub enum Outcome {
    /// The result, the cards to show, the parts that would complete it (a sharded
    /// index's facet counts may wait for the filter shards: `result.facets` is empty
    /// until they are here), and parts worth fetching ahead.
    Ready { result: SearchResult, hits: Vec<Article>, incomplete: Vec<Part>, prefetch: Vec<Part> },
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
    /// (see [`compressed_payload_at`]); natively it may be left out.
    pub fn open(bytes: &[u8], inflated: Option<&[u8]>) -> Result<Source, BlobError> {
        if blob::part_of(bytes) == Some(PART_MANIFEST) {
            return Ok(Source::Sharded(Box::new(Sharded::open(bytes)?)));
        }
        let index = match inflated {
            Some(inflated) => {
                let (header, _) = blob::check(bytes)?;
                blob::decode_payload(&header, inflated)?
            }
            None => blob::decode(bytes)?,
        };
        Ok(Source::One(Box::new(OneFile::new(index))))
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        match self {
            Source::One(one) => one.index.len(),
            Source::Sharded(sharded) => sharded.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
            return Err(Refused { reason: ["a one-file index has no part `", name, "`"].concat(), redeployed: false });
        };
        let Some(part) = sharded.manifest().part_named(name) else {
            let reason = ["the index has no part `", name, "` (another deployment's?)"].concat();
            return Err(Refused { reason, redeployed: true });
        };
        sharded.add(part, bytes).map_err(|e| Refused { redeployed: e == BlobError::Mismatch, reason: e.message() })
    }

    /// Answers `q`: its page, or with [`Pages::Through`] every page up to it (the "Load
    /// more" view), or the parts it needs first.
    pub fn search(&mut self, q: &Query, pages: Pages) -> Result<Outcome, String> {
        match self {
            Source::One(one) => {
                let mut result = one.search_pages(q, pages).map_err(|e| e.message())?;
                let hits = core::mem::take(&mut result.hits);
                Ok(Outcome::Ready { result, hits, incomplete: Vec::new(), prefetch: Vec::new() })
            }
            Source::Sharded(sharded) => match sharded.search(q, pages).map_err(|e| e.message())? {
                Answer::Ready { mut result, incomplete, prefetch } => {
                    let hits = core::mem::take(&mut result.hits);
                    Ok(Outcome::Ready { result, hits, incomplete, prefetch })
                }
                Answer::Needs(parts) => Ok(Outcome::Needs(parts)),
            },
        }
    }
}

/// Answers `query` from `source`, loading every batch of parts it asks for with `load`
/// (given their file names: files beside the manifest, entries of a table; each batch
/// is one round trip in a browser): the fetch loop of the CLI, the prerender step, the
/// tests and the fuzz targets.
pub fn answer(source: &mut Source, query: &Query, pages: Pages, load: &mut Loader) -> Result<SearchResult, String> {
    loop {
        match source.search(query, pages)? {
            Outcome::Ready { mut result, hits, incomplete, .. } if incomplete.is_empty() => {
                result.hits = hits;
                return Ok(result);
            }
            Outcome::Ready { incomplete: parts, .. } | Outcome::Needs(parts) if parts.is_empty() => {
                return Err("the index asked for nothing it lacks".into())
            }
            Outcome::Ready { incomplete: parts, .. } | Outcome::Needs(parts) => {
                let names = source.part_names(&parts);
                for (name, bytes) in names.iter().zip(load(&names)?) {
                    source.add(name, &bytes).map_err(|refused| [name.as_str(), ": ", &refused.reason].concat())?;
                }
            }
        }
    }
}
