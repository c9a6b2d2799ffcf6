//! # tagsift
//!
//! Client-side tag search for static sites. A native indexer turns articles into one
//! compact, versioned file; the same crate compiled to WebAssembly loads that file in
//! the browser and answers tag filters, facet counts, text search, sorting and paging.
//!
//! Data flows through the modules in this order:
//! `import` (files → [`model::Article`]) → [`index`] (interned, newest first) →
//! [`blob`] (versioned bytes) → the browser side in `web`.
//!
//! ```
//! use tagsift::{blob, index::Index, model::{Article, Date}};
//!
//! let article = Article {
//!     date: Date::from_ymd(2026, 4, 3),
//!     tags: vec!["Go".into(), "Microservices".into()],
//!     ..Article::titled("How to Master Go Modules")
//! };
//! let bytes = blob::encode(&Index::build(vec![article]));
//! let index = blob::decode(&bytes).unwrap();
//! assert_eq!(index.article(0).id, "how-to-master-go-modules");
//! assert_eq!(index.tags, ["Go", "Microservices"]);
//! ```
#![forbid(unsafe_code)]

/// Whole numbers as text without `core::fmt`.
pub mod ascii;
/// Versioned, checksummed file format around [`index::Index`].
pub mod blob;
/// The query engine: filters, facet counts, text search, sorting, pages.
pub mod engine;
/// Fuzz targets (native only; `fuzz/` runs them, `tests/fuzz_corpus.rs` replays them).
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod fuzz;
/// A fast deterministic hasher for the build's maps and the text index.
pub mod hash;
/// Readers for the inputs site owners have (native only).
#[cfg(feature = "cli")]
pub mod import;
/// The stored index: dictionaries, newest-first records, posting lists.
pub mod index;
/// [`model::Article`] and [`model::Date`]: the one schema.
pub mod model;
/// Work spread over the cores natively, in order under WASI (never in the browser).
#[cfg(not(browser))]
pub mod parallel;
/// The first view written into HTML pages (native only).
#[cfg(feature = "cli")]
pub mod prerender;
/// The sharded index: small files loaded as each view needs them.
pub mod shard;
/// Where answers come from (a one-file index or a sharded one), and the fetch loop.
pub mod source;
/// Deterministic synthetic corpora for benchmarks (native only).
#[cfg(feature = "cli")]
pub mod synth;
/// What the widget shows, decided without a browser: the view as data and its HTML.
pub mod ui;
/// Lower-casing and normalisation, from the platform in the browser.
pub mod unicode;
/// A JavaScript value as data (options, queries), read the same way everywhere.
pub mod value;
/// The wasm-bindgen API for the browser.
#[cfg(browser)]
pub mod web;
