//! Fuzz targets: every door through which bytes or values from outside reach tagsift.
//!
//! Each target takes the bytes a fuzzer hands it and must neither panic nor hang, and
//! must check what it can: decoded indexes answer queries, a sharded index answers
//! exactly as the one-file index it was split from, imported articles survive the
//! index format. `fuzz/` runs them under libFuzzer (`./build.sh fuzz`, nightly); the
//! native tests replay every corpus entry and every saved finding on stable
//! (`tests/fuzz_corpus.rs`). Not part of the API.

use crate::blob::{self, Codec, PART_INDEX};
use crate::engine::query::FIELDS;
use crate::engine::{Mode, Pages, Query, Sort};
use crate::import::{self, config::Config, Batch};
use crate::index::Index;
use crate::shard::{self, build::Layout, plan::Folder, reader::Sharded, Manifest, Part};
use crate::source::{self, OneFile, Source};
use crate::value::Value;
use arbitrary::{Arbitrary, Unstructured};
use std::path::Path;

/// A fuzz target: bytes in, nothing out; a panic is a finding.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz/fuzz_targets/<name>.rs` and corpus folder.
pub const TARGETS: [(&str, Target); 15] = [
    ("blob", blob),
    ("blob_sealed", blob_sealed),
    ("shard_part", shard_part),
    ("manifest", manifest),
    ("sharded", sharded),
    ("rebuild", rebuild),
    ("import_listing", import_listing),
    ("import_json", import_json),
    ("import_jsonl", import_jsonl),
    ("import_markdown", import_markdown),
    ("import_feed", import_feed),
    ("import_html", import_html),
    ("import_text", import_text),
    ("query", query),
    ("url_state", url_state),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The seed index (87 articles), the project's golden file.
pub const SEED_INDEX: &[u8] = include_bytes!("../tests/golden/seed-v3.bin");

/// The fixture's small shards, so that every kind has several.
const LAYOUT: Layout = Layout {
    display_size: 10,
    filter_size: 32,
    tag_shard_bytes: 2048,
    dictionary_bytes: 256,
    posting_bytes: 512,
    tail_block: 16,
};

struct Fixture {
    engine: OneFile,
    /// The seed index split into many small shards, so that every kind has several.
    manifest: Vec<u8>,
    parts: Vec<(String, Vec<u8>)>,
}

/// The fixture, built once per thread (the engine keeps caches that are not `Sync`).
fn fixture() -> &'static Fixture {
    thread_local! {
        static FIXTURE: &'static Fixture = Box::leak(Box::new({
            let index = blob::decode(SEED_INDEX).expect("the golden index decodes");
            let layout = LAYOUT;
            let files = shard::build::build(&index, &layout);
            Fixture { engine: OneFile::new(index), manifest: files.manifest, parts: files.parts }
        }));
    }
    FIXTURE.with(|f| *f)
}

impl Fixture {
    fn open(&self) -> Sharded {
        Sharded::open(&self.manifest).expect("the fixture's manifest opens")
    }

    /// Answers `q` from `reader`, loading parts with `load`.
    fn answer(
        reader: Sharded,
        q: &Query,
        load: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
    ) -> (Sharded, Result<crate::engine::SearchResult, String>) {
        let mut source = Source::Sharded(Box::new(reader));
        let result = source::answer(&mut source, q, Pages::One, &mut source::each(load));
        let Source::Sharded(reader) = source else { unreachable!("a sharded source stays sharded") };
        (*reader, result)
    }

    fn manifest(&self) -> Manifest {
        blob::decode_part(&self.manifest, shard::PART_MANIFEST).expect("the fixture's manifest decodes")
    }

    fn bytes_of(&self, name: &str) -> Option<&[u8]> {
        self.parts.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
    }
}

/// Queries that reach every path of the engine over `index`: everything, one tag, tags
/// in both modes, exclusion, categories, authors, dates, words with and without a
/// typo, each sort, paging.
fn battery(index_tags: &[String], categories: &[String], authors: &[String]) -> Vec<Query> {
    let first = |v: &[String]| v.first().cloned().into_iter().collect::<Vec<_>>();
    let two = |v: &[String]| v.iter().take(2).cloned().collect::<Vec<_>>();
    let mut out = vec![
        Query::default(),
        Query { tags: first(index_tags), ..Query::default() },
        Query { tags: two(index_tags), ..Query::default() },
        Query { tags: two(index_tags), mode: Mode::Any, ..Query::default() },
        Query { exclude: first(index_tags), categories: first(categories), ..Query::default() },
        Query { authors: first(authors), from: crate::model::Date::from_ymd(2025, 1, 1), ..Query::default() },
        Query { text: "go kafka".into(), ..Query::default() },
        Query { text: "microservics rus".into(), tags: first(index_tags), ..Query::default() },
        Query { page: 3, per_page: 5, ..Query::default() },
        Query {
            facet_limit: 1,
            facet_search: crate::engine::FacetSearch { tags: "a".into(), ..Default::default() },
            ..Query::default()
        },
    ];
    out.extend(Sort::ALL.iter().map(|&s| Query { sort: Some(s), text: "data".into(), page: 2, ..Query::default() }));
    out
}

/// Runs a few queries of the battery over a decoded index (one per path of the
/// engine: everything, tags, a group, words, another order); every one is answered.
fn exercise(index: Index) {
    let all = battery(&index.tags, &index.categories, &index.authors);
    let queries = [&all[0], &all[3], &all[4], &all[7], &all[12]];
    let engine = OneFile::new(index);
    for q in queries {
        let result = engine.search(q).expect("a valid query is answered");
        assert!(result.hits.len() <= q.per_page as usize);
        assert!(result.total as usize <= engine.index().len());
    }
}

/// The one-file decoder on raw bytes (header, checksum and all).
pub fn blob(data: &[u8]) {
    if let Ok(index) = blob::decode(data) {
        exercise(index);
    }
}

/// The one-file decoder behind a valid header and checksum, so that the payload
/// decoder itself sees the damage. The first byte chooses: the rest stored, the rest
/// compressed by tagsift, or the rest as a DEFLATE stream with the header announcing
/// the length in its next four bytes (a header may claim 1 GiB: nothing that large
/// may be allocated for it). That stream is cut to [`BOMB_STREAM`] bytes: DEFLATE
/// expands at most about 1032 to 1, so a found bomb inflates to about 1 MiB, not the
/// 64 MiB of a 64 KiB one, which took the run from 10,000 to 875 executions a second.
/// Compression sees the first [`COMPRESSED`] bytes: the inflater's paths do not depend
/// on length, and compressing 40 KiB took half of every run (stored mode has the rest).
pub fn blob_sealed(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = match mode % 3 {
        0 => blob::seal(PART_INDEX, rest.to_vec(), Codec::Stored),
        1 => {
            let rest = &rest[..rest.len().min(COMPRESSED)];
            sealed_stream(&miniz_oxide::deflate::compress_to_vec(rest, 1), rest.len() as u32)
        }
        _ => {
            let Some((claim, stream)) = rest.split_first_chunk::<4>() else { return };
            let claim = u32::from_le_bytes(*claim).min(blob::MAX_PAYLOAD);
            sealed_stream(&stream[..stream.len().min(BOMB_STREAM)], claim)
        }
    };
    if let Ok(index) = blob::decode(&bytes) {
        exercise(index);
    }
}

/// The longest DEFLATE stream [`blob_sealed`] hands over under a claimed length.
const BOMB_STREAM: usize = 1024;

/// The most input [`blob_sealed`] compresses itself.
const COMPRESSED: usize = 8192;

/// A one-file index whose stored bytes are `stream`, announced as DEFLATE of `claim` bytes.
fn sealed_stream(stream: &[u8], claim: u32) -> Vec<u8> {
    let mut bytes = blob::seal(PART_INDEX, Vec::new(), Codec::Stored);
    bytes[10] = blob::CODEC_DEFLATE;
    bytes[11..15].copy_from_slice(&(stream.len() as u32).to_le_bytes());
    bytes[15..19].copy_from_slice(&claim.to_le_bytes());
    bytes.truncate(blob::HEADER_LEN);
    bytes.extend_from_slice(stream);
    let crc = crc_of_header_and(&bytes);
    bytes[19..23].copy_from_slice(&crc.to_le_bytes());
    bytes
}

fn crc_of_header_and(bytes: &[u8]) -> u32 {
    let mut covered = bytes[8..19].to_vec();
    covered.extend_from_slice(&bytes[blob::HEADER_LEN..]);
    blob::crc32(&covered)
}

/// One shard of the fixture replaced: the first byte picks the part ([`pick_part`]),
/// the rest is its payload behind a valid header, and the manifest is re-sealed with
/// the new content hash, so the shard's own decoder and checks see the bytes.
pub fn shard_part(data: &[u8]) {
    let Some((&pick, payload)) = data.split_first() else { return };
    let fixture = fixture();
    let mut manifest = fixture.manifest();
    let part = pick_part(&manifest, pick);
    let bytes = blob::seal(part.kind(), payload.to_vec(), Codec::Stored);
    let hash = shard::content_hash(&bytes);
    let slot = match part {
        Part::Display(i) => &mut manifest.display[i as usize],
        Part::Filters(i) => &mut manifest.filters[i as usize],
        Part::Tags(i) => &mut manifest.tag_shards[i as usize],
        Part::Titles => &mut manifest.titles,
        Part::Dictionary(i) => &mut manifest.words.dictionary[i as usize].2,
        Part::Reverse(i) => &mut manifest.words.reverse[i as usize].1,
        Part::Postings(i) => &mut manifest.words.postings[i as usize].1,
        Part::Recent => &mut manifest.recent,
    };
    *slot = hash;
    // The newest cards travel in the manifest: with them gone, the replaced shard is fetched.
    if matches!(part, Part::Display(_)) {
        manifest.newest.clear();
    }
    let mut reader = Sharded::open(&blob::encode_part(shard::PART_MANIFEST, &manifest)).expect("re-sealed manifest");
    if reader.add(part, &bytes).is_err() {
        return;
    }
    // The damaged part is in: every query either answers or fails with a message.
    let name = reader.manifest().file_name(part);
    let queries = battery(&manifest.tags, &manifest.categories, &manifest.authors);
    for q in &queries {
        (reader, _) = Fixture::answer(reader, q, &mut |wanted| {
            if wanted == name {
                Ok(bytes.clone())
            } else {
                fixture.bytes_of(wanted).map(<[u8]>::to_vec).ok_or_else(|| "not in the fixture".to_string())
            }
        });
    }
}

/// The part of `manifest` that `pick` names: its kind by `pick % 8`, the shard of
/// that kind by the rest.
fn pick_part(manifest: &Manifest, pick: u8) -> Part {
    let i = |count: usize| u32::from(pick / 8) % count.max(1) as u32;
    match pick % 8 {
        0 => Part::Display(i(manifest.display.len())),
        1 => Part::Tags(i(manifest.tag_shards.len())),
        2 => Part::Filters(i(manifest.filters.len())),
        3 => Part::Dictionary(i(manifest.words.dictionary.len())),
        4 => Part::Reverse(i(manifest.words.reverse.len())),
        5 => Part::Postings(i(manifest.words.postings.len())),
        6 => Part::Titles,
        _ => Part::Recent,
    }
}

/// The manifest decoder: bytes behind a valid manifest header, then the queries a
/// visitor would run, with the fixture's parts offered (most will not fit).
pub fn manifest(data: &[u8]) {
    let bytes = blob::seal(shard::PART_MANIFEST, data.to_vec(), Codec::Stored);
    let Ok(mut reader) = Sharded::open(&bytes) else { return };
    let m = reader.manifest().clone();
    let fixture = fixture();
    for q in battery(&m.tags, &m.categories, &m.authors).iter().take(4) {
        (reader, _) = Fixture::answer(reader, q, &mut |name| {
            fixture.bytes_of(name).map(<[u8]>::to_vec).ok_or_else(|| "missing".to_string())
        });
    }
}

/// What a visitor's session does to the sharded reader, as the fuzzer chooses.
#[derive(Arbitrary, Debug)]
enum Step {
    /// Hand over part `k` of the fixture as it is.
    Add(u16),
    /// Hand over part `k` with one byte changed (or cut short): it must be refused.
    Damaged { part: u16, at: u16, xor: u8, cut: bool },
    /// Hand over part `k` under the name of part `j` (another deployment's file).
    Swapped(u16, u16),
    /// Ask a query.
    Ask(QuerySpec),
}

/// A query over the seed's own values, so that most match something.
#[derive(Arbitrary, Debug)]
struct QuerySpec {
    tags: Vec<u8>,
    any: bool,
    exclude: Option<u8>,
    category: Option<u8>,
    author: Option<u8>,
    words: Vec<u8>,
    typo: Option<u8>,
    sort: Option<u8>,
    page: u8,
    per_page: u8,
    facet_limit: u8,
}

const WORDS: [&str; 12] =
    ["go", "rust", "kafka", "micro", "data", "learning", "platform", "guide", "the", "系统", "設計", "api"];

impl QuerySpec {
    fn query(&self, m: &Manifest) -> Query {
        let pick = |v: &[String], i: u8| v.get(usize::from(i) % v.len().max(1)).cloned();
        let mut words: Vec<String> =
            self.words.iter().take(4).map(|&w| WORDS[usize::from(w) % WORDS.len()].to_string()).collect();
        if let (Some(t), Some(word)) = (self.typo, words.first_mut()) {
            // Drop one letter: a typo the engine may forgive.
            let at = usize::from(t) % word.chars().count().max(1);
            *word = word.chars().enumerate().filter(|&(i, _)| i != at).map(|(_, c)| c).collect();
        }
        Query {
            tags: self.tags.iter().take(3).filter_map(|&t| pick(&m.tags, t)).collect(),
            mode: if self.any { Mode::Any } else { Mode::All },
            exclude: self.exclude.and_then(|t| pick(&m.tags, t)).into_iter().collect(),
            categories: self.category.and_then(|c| pick(&m.categories, c)).into_iter().collect(),
            authors: self.author.and_then(|a| pick(&m.authors, a)).into_iter().collect(),
            text: words.join(" "),
            sort: self.sort.map(|s| Sort::ALL[usize::from(s) % Sort::ALL.len()]),
            page: u32::from(self.page % 12) + 1,
            per_page: u32::from(self.per_page % 100) + 1,
            facet_limit: u32::from(self.facet_limit) + 1,
            ..Query::default()
        }
    }
}

/// The sharded reader fed a mix of valid, damaged and misnamed parts and queries in
/// between: damaged and misnamed parts are refused, and every answer equals the
/// one-file engine's for the same query.
pub fn sharded(data: &[u8]) {
    let fixture = fixture();
    let mut u = Unstructured::new(data);
    let Ok(steps) = Vec::<Step>::arbitrary(&mut u) else { return };
    let mut reader = fixture.open();
    let m = reader.manifest().clone();
    let parts: Vec<Part> = m.parts().collect();
    let part = |k: u16| parts[usize::from(k) % parts.len()];
    for step in steps.iter().take(64) {
        match step {
            Step::Add(k) => {
                let p = part(*k);
                let bytes = fixture.bytes_of(&m.file_name(p)).expect("the fixture has its parts");
                reader.add(p, bytes).expect("a genuine part is accepted");
            }
            Step::Damaged { part: k, at, xor, cut } => {
                let p = part(*k);
                let mut bytes = fixture.bytes_of(&m.file_name(p)).expect("the fixture has its parts").to_vec();
                let at = usize::from(*at) % bytes.len();
                if *cut {
                    bytes.truncate(at);
                } else if *xor != 0 {
                    bytes[at] ^= xor;
                } else {
                    continue;
                }
                assert!(reader.add(p, &bytes).is_err(), "a damaged {p:?} was accepted");
            }
            Step::Swapped(k, j) => {
                let (p, q) = (part(*k), part(*j));
                let bytes = fixture.bytes_of(&m.file_name(p)).expect("the fixture has its parts");
                if bytes != fixture.bytes_of(&m.file_name(q)).expect("the fixture has its parts") {
                    assert!(reader.add(q, bytes).is_err(), "{p:?} was accepted as {q:?}");
                }
            }
            Step::Ask(spec) => {
                let q = spec.query(&m);
                let expected = fixture.engine.search(&q).map_err(|e| e.message());
                match reader.search(&q, Pages::One) {
                    Ok(shard::reader::Answer::Ready { result, incomplete, .. }) if incomplete.is_empty() => {
                        assert_eq!(Ok(result), expected, "{q:?}")
                    }
                    Ok(shard::reader::Answer::Ready { result, .. }) => {
                        let expected = expected.expect("answered by the one-file index");
                        assert_eq!((result.total, &result.hits), (expected.total, &expected.hits), "{q:?}")
                    }
                    Ok(shard::reader::Answer::Needs(needs)) => assert!(!needs.is_empty()),
                    Err(e) => assert_eq!(Err(e.message()), expected, "{q:?}"),
                }
            }
        }
    }
}

/// The files of a folder, by name (the fuzz targets' disk).
struct Table(std::collections::HashMap<String, Vec<u8>>);

impl Folder for Table {
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        self.0.get(name).cloned()
    }
}

/// A rebuild over the folder of an earlier build that was damaged (a byte of a file
/// changed, a file cut short or gone, the manifest's too) while its articles changed
/// (some gone, some edited, some new): it never panics, keeps no damaged file, and its
/// index answers exactly as the one-file index of the same articles.
pub fn rebuild(data: &[u8]) {
    // Its own fixture: the seed's 24 newest articles, in tiny shards (a rebuild encodes
    // every file: a smaller folder runs more inputs).
    struct Small {
        index: Index,
        manifest: Vec<u8>,
        parts: Vec<(String, Vec<u8>)>,
    }
    const SMALL_LAYOUT: Layout = Layout {
        display_size: 4,
        filter_size: 8,
        tag_shard_bytes: 256,
        dictionary_bytes: 128,
        posting_bytes: 128,
        tail_block: 8,
    };
    thread_local! {
        static SMALL: &'static Small = Box::leak(Box::new({
            let seed = blob::decode(SEED_INDEX).expect("the golden index decodes");
            let index = Index::build((0..24).map(|p| seed.article(p)).collect());
            let files = shard::build::build(&index, &SMALL_LAYOUT);
            Small { index, manifest: files.manifest, parts: files.parts }
        }));
    }
    let Small { index, manifest, parts } = SMALL.with(|s| *s);
    let mut u = Unstructured::new(data);
    let mut folder: std::collections::HashMap<String, Vec<u8>> = parts.iter().cloned().collect();
    let mut manifest = manifest.clone();
    let mut names: Vec<String> = folder.keys().cloned().collect();
    names.sort();
    for _ in 0..u.int_in_range(0..=3u8).unwrap_or(0) {
        let (Ok(k), Ok(how), Ok(at)) = (u.choose_index(names.len() + 1), u.int_in_range(0..=2u8), u.arbitrary::<u16>())
        else {
            break;
        };
        let bytes = match names.get(k) {
            Some(name) if how == 2 => {
                folder.remove(name);
                continue;
            }
            Some(name) => folder.get_mut(name),
            None => Some(&mut manifest),
        };
        let Some(bytes) = bytes.filter(|b| !b.is_empty()) else { continue };
        let at = usize::from(at) % bytes.len();
        match how {
            0 => bytes[at] ^= 0x5a,
            _ => bytes.truncate(at),
        }
    }
    let mut articles: Vec<crate::model::Article> = (0..index.len() as u32).map(|p| index.article(p)).collect();
    for _ in 0..u.int_in_range(0..=6u8).unwrap_or(0) {
        let (Ok(k), Ok(how)) = (u.choose_index(articles.len().max(1)), u.int_in_range(0..=2u8)) else { break };
        match how {
            0 if !articles.is_empty() => {
                articles.remove(k);
            }
            1 if !articles.is_empty() => articles[k].likes = Some(u32::from(u.arbitrary::<u8>().unwrap_or(0))),
            _ => articles.push(crate::model::Article {
                date: crate::model::Date::from_ymd(2000 + i32::from(u.arbitrary::<u8>().unwrap_or(0) % 60), 1, 1),
                tags: vec!["Fuzzed".into()],
                ..crate::model::Article::titled(format!("Rebuilt {k}"))
            }),
        }
    }
    let index = Index::build(articles);
    let built = shard::build::rebuild(&index, &|_| SMALL_LAYOUT, Some(&manifest), &mut Table(folder.clone()));
    folder.extend(built.parts);
    let mut source = Source::open(&built.manifest, None).expect("a manifest just built opens");
    let one = OneFile::new(index.clone());
    // Everything, two tags (their shards and the recent part), words (the dictionaries).
    let battery = battery(&index.tags, &index.categories, &index.authors);
    for q in [&battery[0], &battery[2], &battery[7]] {
        let load = &mut |name: &str| folder.get(name).cloned().ok_or_else(|| format!("{name} is not in the folder"));
        let got = source::answer(&mut source, q, Pages::One, &mut source::each(load));
        assert_eq!(got, one.search(q).map_err(|e| e.message()), "{q:?} after {:?}", built.fresh);
    }
}

/// The articles of `batch` survive the index format: built, encoded and decoded, they
/// come back as they went in.
fn survives_the_index(batch: Batch) {
    let articles: Vec<_> = batch.articles.into_iter().map(|(_, a)| a).collect();
    let index = Index::build(articles);
    let decoded = blob::decode(&blob::encode(&index)).expect("a built index decodes");
    assert_eq!(decoded, index);
    exercise(decoded);
}

/// The bytes as a file's text would be read, or nothing when they would be refused.
fn text_of(name: &str, data: &[u8]) -> Option<String> {
    import::text::decode(Path::new(name), data.to_vec()).ok()
}

fn import_with(name: &str, data: &[u8], read: fn(&Path, &str, &mut Batch)) {
    let Some(text) = text_of(name, data) else { return };
    let mut batch = Batch::default();
    read(Path::new(name), &text, &mut batch);
    // Lines end in \n, \r\n or a lone \r (as YAML and editors count them); an error
    // may name the line after the last ("found the end of the file").
    let lines = 1 + text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
    for e in &batch.errors {
        assert!(e.at.line <= lines + 1, "{e} names a line past the end");
    }
    survives_the_index(batch);
}

/// The scraped listing of `seeds/`.
pub fn import_listing(data: &[u8]) {
    import_with("listing.txt", data, |path, text, batch| {
        import::seed_listing::read(&[(path.to_path_buf(), text.to_string())], Some("/articles"), batch)
    });
}

/// A JSON array of articles.
pub fn import_json(data: &[u8]) {
    import_with("articles.json", data, |path, text, batch| {
        import::json::read_array(path, text, &Config::default(), batch)
    });
}

/// JSON Lines.
pub fn import_jsonl(data: &[u8]) {
    import_with("articles.jsonl", data, |path, text, batch| {
        import::json::read_lines(path, import::text::lines_of(text), &Config::default(), batch)
    });
}

/// Markdown with YAML (`---`) or TOML (`+++`) front matter.
pub fn import_markdown(data: &[u8]) {
    import_with("post.md", data, |path, text, batch| {
        import::markdown::read(path, Path::new("posts/post.md"), text, &Config::default(), batch)
    });
}

/// RSS 2.0 and Atom.
pub fn import_feed(data: &[u8]) {
    import_with("feed.xml", data, |path, text, batch| import::feed::read(path, text, &Config::default(), batch));
}

/// A built site's HTML page.
pub fn import_html(data: &[u8]) {
    import_with("index.html", data, |path, text, batch| {
        import::html::read(path, Path::new("posts/a/index.html"), text, &Config::default(), batch)
    });
}

/// Bytes as an input file's text: UTF-8, UTF-16 with a byte-order mark, refusals.
pub fn import_text(data: &[u8]) {
    if let Ok(text) = import::text::decode(Path::new("any.txt"), data.to_vec()) {
        assert!(!text.contains('\0'));
        assert!(text.len() <= data.len() * 3 / 2 + 1, "text grew beyond its bytes");
    }
}

/// A JavaScript value as the page may hand it over, nested at most `depth` deeper.
fn value(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    // The query's fields, then a repeated one, a misspelt one and a prototype key.
    const ODD_KEYS: [&str; 3] = ["authors", "tag", "__proto__"];
    let key_at = |i: usize| FIELDS.get(i).copied().unwrap_or_else(|| ODD_KEYS[i - FIELDS.len()]);
    Ok(match u.int_in_range(0..=if depth == 0 { 4 } else { 6 })? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(match u.int_in_range(0..=3)? {
            0 => f64::from(u.int_in_range(0u32..=200)?),
            1 => f64::from(u.arbitrary::<u32>()?),
            2 => u.arbitrary::<f64>()?,
            _ => -1.0,
        }),
        3 => Value::Text(match u.int_in_range(0..=2)? {
            0 => WORDS[u.choose_index(WORDS.len())?].to_string(),
            1 => Sort::ALL[u.choose_index(Sort::ALL.len())?].name().to_string(),
            _ => u.arbitrary::<String>()?,
        }),
        4 => Value::Text(["2026-04-03", "2025-13-01", "any", "all", "tags"][u.choose_index(5)?].into()),
        5 => Value::List((0..u.int_in_range(0..=4)?).map(|_| value(u, depth - 1)).collect::<Result<_, _>>()?),
        _ => {
            let n = u.int_in_range(0..=5)?;
            let mut fields = Vec::new();
            for _ in 0..n {
                let key = if u.ratio(7, 8)? {
                    key_at(u.choose_index(FIELDS.len() + ODD_KEYS.len())?).to_string()
                } else {
                    u.arbitrary()?
                };
                fields.push((key, value(u, depth - 1)?));
            }
            Value::Object(fields)
        }
    })
}

/// The query object as JavaScript hands it to the wasm: read as the headless API
/// reads it, then answered by the one-file engine and the sharded reader alike.
pub fn query(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(v) = value(&mut u, 3) else { return };
    let Ok(q) = Query::from_value(&v) else { return };
    let fixture = fixture();
    let expected = fixture.engine.search(&q).map_err(|e| e.message());
    // One reader for the whole run, as a visitor's session keeps one: the parts it
    // has loaded must never change an answer.
    thread_local! {
        static READER: std::cell::RefCell<Option<Sharded>> = const { std::cell::RefCell::new(None) };
    }
    let sharded = READER.with_borrow_mut(|kept| {
        let reader = kept.take().unwrap_or_else(|| fixture.open());
        let (reader, result) = Fixture::answer(reader, &q, &mut |name| {
            fixture.bytes_of(name).map(<[u8]>::to_vec).ok_or_else(|| "missing".to_string())
        });
        *kept = Some(reader);
        result
    });
    match (&expected, sharded) {
        (Ok(a), Ok(b)) => assert_eq!(a, &b, "{q:?}"),
        (Err(a), Err(b)) => assert!(b.ends_with(a.as_str()), "{a} / {b}"),
        (a, b) => panic!("the engines disagree on {q:?}: {a:?} / {b:?}"),
    }
}

/// The address bar's parameters, as a shared link may carry them: every such address
/// opens (a valid query), and writing the query back and reading it again is stable.
pub fn url_state(data: &[u8]) {
    use crate::ui::url_params::{from_params, to_params, KEYS};
    let mut u = Unstructured::new(data);
    let mut pairs: Vec<(String, String)> = Vec::new();
    while let Ok(true) = u.arbitrary::<bool>() {
        let key = match u.choose_index(KEYS.len() + 1) {
            Ok(k) if k < KEYS.len() => KEYS[k].to_string(),
            _ => u.arbitrary().unwrap_or_default(),
        };
        let value = match u.int_in_range(0..=2).unwrap_or(0) {
            0 => u.arbitrary().unwrap_or_default(),
            1 => u.int_in_range(0u32..=u32::MAX).unwrap_or(0).to_string(),
            _ => WORDS[u.choose_index(WORDS.len()).unwrap_or(0)].to_string(),
        };
        pairs.push((key, value));
        if pairs.len() > 32 {
            break;
        }
    }
    let defaults = Query { per_page: 20, sort: None, ..Query::default() };
    let q = from_params(pairs, &defaults);
    q.validate().expect("an address always gives a valid query");
    let engine = &fixture().engine;
    let first = engine.search(&q).expect("an address always gives an answerable query");
    let again = from_params(to_params(&q, &defaults), &defaults);
    let third = from_params(to_params(&again, &defaults), &defaults);
    assert_eq!(again, third, "writing the address is not stable");
    assert_eq!(engine.search(&again).expect("answerable").total, first.total, "{q:?} / {again:?}");
}

/// Real inputs to start each binary target's corpus from: the seed index in each
/// codec, the fixture's shards and manifest, sessions and values that reach the
/// readers. The importers' seeds are the project's import fixtures (see
/// `tests/fuzz_corpus.rs`, which writes every seed to `target/fuzz-seeds/`).
pub fn seeds(name: &str) -> Vec<Vec<u8>> {
    let fixture = fixture();
    let payload = |bytes: &[u8]| bytes[blob::HEADER_LEN..].to_vec();
    let index = blob::decode(SEED_INDEX).expect("the golden index decodes");
    let stored = blob::encode_with(&index, Codec::Stored);
    let tiny = Index::build(vec![crate::model::Article::titled("A")]);
    let with = |byte: u8, rest: &[u8]| [&[byte][..], rest].concat();
    match name {
        "blob" => {
            vec![SEED_INDEX.to_vec(), stored.clone(), blob::encode(&tiny), blob::encode_with(&tiny, Codec::Stored)]
        }
        "blob_sealed" => {
            let raw = payload(&stored);
            let stream = payload(SEED_INDEX);
            let claim = (raw.len() as u32).to_le_bytes();
            vec![
                with(0, &raw),
                with(1, &raw),
                [&[2u8][..], &claim, &stream].concat(),
                with(0, &payload(&blob::encode_with(&tiny, Codec::Stored))),
            ]
        }
        "shard_part" => {
            // Every kind, and up to three shards of each.
            let m = fixture.manifest();
            let mut picked: Vec<(u8, Part)> = Vec::new();
            for pick in 0..24u8 {
                let part = pick_part(&m, pick);
                if !picked.iter().any(|&(_, p)| p == part) {
                    picked.push((pick, part));
                }
            }
            let bytes = |part: Part| fixture.bytes_of(&m.file_name(part)).expect("the fixture has its parts");
            picked.into_iter().map(|(pick, part)| with(pick, &payload(bytes(part)))).collect()
        }
        "manifest" => vec![payload(&fixture.manifest)],
        "sharded" | "query" | "url_state" | "rebuild" => {
            // Byte strings that the structured readers turn into sessions, values and
            // addresses; the fuzzer grows them from here.
            let mut rng = crate::synth::Rng::new(7);
            (0..8).map(|k| (0..16 * (k + 1)).map(|_| rng.next_u64() as u8).collect()).collect()
        }
        _ => Vec::new(),
    }
}
