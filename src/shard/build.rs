//! Splitting an [`Index`] into the files of a sharded index.

use super::*;
use crate::blob;
use crate::engine::text::TextIndex;
use crate::engine::title_key;
use crate::index::Index;
use crate::parallel;

/// How an index is split. [`Layout::for_articles`] chooses by size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Articles per display shard.
    pub display_size: u32,
    /// Articles per filter shard.
    pub filter_size: u32,
    /// A tag shard is closed once its payload passes this many bytes.
    pub tag_shard_bytes: usize,
    /// Number of text shards.
    pub text_shards: usize,
    /// The older tag and text shards hold whole blocks of this many articles; the
    /// recent parts hold the rest, so additions rewrite the older ones once per block.
    /// It divides `filter_size`, so the recent articles are all in the last filter shard.
    pub tail_block: u32,
}

impl Layout {
    /// Display shards of 50 articles (one shard holds the first page and the next
    /// few) and filter shards of 8,192, both doubling past 125k articles so that 1M
    /// articles make 2,500 display files and 16 filter files (the last filter shard
    /// changes with every addition: a small one keeps that cheap); tag shards of about
    /// 128 KB; text shards of about 2,000 older articles each (a power of two, 1 to
    /// 64); recent parts of fewer than 2,048 articles. Every size is a step function of the count,
    /// so that adding articles keeps it until the corpus doubles (or, for the text
    /// shards, until the older part gains a block). At 1M articles: about 2,600 files.
    pub fn for_articles(n: usize) -> Layout {
        let tail_block = 2_048u32;
        let older = n / tail_block as usize * tail_block as usize;
        let doubling = n.div_ceil(125_000).next_power_of_two() as u32;
        let text_shards = (older / 2_000).clamp(1, 64);
        Layout {
            display_size: 50 * doubling,
            filter_size: 8_192 * doubling,
            tag_shard_bytes: 128 << 10,
            text_shards: 1 << text_shards.ilog2(),
            tail_block,
        }
    }
}

/// The encoded files: the manifest (`index.bin`) and every part, by file name.
pub struct Files {
    pub manifest: Vec<u8>,
    pub parts: Vec<(String, Vec<u8>)>,
}

/// Splits `index` as `layout` says. Deterministic: equal indexes give equal files,
/// however many threads encode them (every shard is made on its own, in parallel).
/// Shards hold storage positions (oldest first: `n - 1 - ` the index's position).
pub fn build(index: &Index, layout: &Layout) -> Files {
    let n = index.len();
    let count = |column: &dyn Fn(&Record) -> Option<u32>, len: usize| {
        let mut totals = vec![0u32; len];
        for r in &index.articles {
            if let Some(v) = column(r) {
                totals[v as usize] += 1;
            }
        }
        totals
    };
    let block = layout.tail_block.max(1) as usize;
    assert_eq!(layout.filter_size as usize % block, 0, "the tail block divides the filter shards");
    let tail = n / block * block;
    let mut manifest = Manifest {
        articles: n as u32,
        tags: index.tags.clone(),
        authors: index.authors.clone(),
        categories: index.categories.clone(),
        tag_totals: index.postings.iter().map(|p| p.0.len() as u32).collect(),
        category_totals: count(&|r| r.category, index.categories.len()),
        author_totals: count(&|r| r.author, index.authors.len()),
        display_size: layout.display_size.max(1),
        display: Vec::new(),
        filter_size: layout.filter_size.max(1),
        filters: Vec::new(),
        tag_starts: Vec::new(),
        tag_shards: Vec::new(),
        text: Vec::new(),
        tail: tail as u32,
        recent_tags: 0,
        recent_text: 0,
        titles: 0,
        newest_display: Vec::new(),
    };
    // Storage position `s` is index position `n - 1 - s`.
    let stored: Vec<&Record> = index.articles.iter().rev().collect();
    let to_stored = |docs: &[DocId]| docs.iter().rev().map(|&d| n as u32 - 1 - d).collect::<Vec<_>>();
    let mut parts: Vec<(Part, Vec<u8>)> = Vec::new();
    // Encoded shards of one kind, in order: each named by its content hash.
    let mut add = |kind: &dyn Fn(u32) -> Part, encoded: Vec<Vec<u8>>| -> Vec<u64> {
        let hashed = parallel::map(&encoded, |bytes| content_hash(bytes));
        for (i, bytes) in encoded.into_iter().enumerate() {
            parts.push((kind(i as u32), bytes));
        }
        hashed
    };

    let chunks: Vec<&[&Record]> = stored.chunks(manifest.display_size as usize).collect();
    let newest_from = match chunks.as_slice() {
        [.., before, last] if last.len() * 2 < before.len() => chunks.len() - 2,
        _ => chunks.len().saturating_sub(1),
    };
    manifest.newest_display = chunks[newest_from..].iter().flat_map(|c| c.iter().map(|&r| r.clone())).collect();
    let encoded = parallel::map(&chunks, |chunk| {
        blob::encode_part(PART_DISPLAY, &DisplayShard { records: chunk.iter().map(|&r| r.clone()).collect() })
    });
    manifest.display = add(&Part::Display, encoded);

    // Title order: the older articles ranked among themselves (by title key, then
    // engine position), the recent ones placed among them.
    let keys: Vec<String> = stored.iter().map(|r| title_key(&r.title)).collect();
    let by_title = |from: usize, to: usize| {
        // Engine positions ascend as storage positions descend.
        let mut order: Vec<usize> = (from..to).collect();
        order.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(b.cmp(&a)));
        order
    };
    let older = by_title(0, tail);
    let mut ranks = vec![0u32; tail];
    for (rank, &s) in older.iter().enumerate() {
        ranks[s] = rank as u32;
    }
    manifest.titles = add(&|_| Part::Titles, vec![blob::encode_part(PART_TITLES, &TitleOrder { ranks })])[0];
    // A recent article goes before the first older one whose key is not smaller: at
    // equal keys it is newer, so first.
    let recent_titles: Vec<(u32, u32)> = by_title(tail, n)
        .into_iter()
        .map(|s| (s as u32, older.partition_point(|&o| keys[o] < keys[s]) as u32))
        .collect();

    let size = manifest.filter_size as usize;
    let starts: Vec<usize> = (0..n).step_by(size).collect();
    let encoded = parallel::map(&starts, |&at| {
        let records = stored[at..(at + size).min(n)]
            .iter()
            .map(|r| FilterRecord {
                author: r.author,
                date: r.date,
                category: r.category,
                tags: r.tags.clone(),
                likes: r.likes,
                read_minutes: r.read_minutes,
            })
            .collect();
        let last = at + size >= n;
        let recent_titles = if last { recent_titles.clone() } else { Vec::new() };
        blob::encode_part(PART_FILTERS, &FilterShard { records, recent_titles })
    });
    manifest.filters = add(&Part::Filters, encoded);

    // Each tag's entries (its postings and the counts within them) for the older and
    // the recent positions, then tag shards of consecutive tags until a shard passes
    // its byte budget.
    let scratch = || (vec![0u32; index.tags.len()], Vec::<u32>::new());
    let tag_entries = parallel::map_with(&index.postings, scratch, |(scratch, touched), postings| {
        let docs = to_stored(&postings.0);
        let recent = docs.partition_point(|&s| (s as usize) < tail);
        let older = tag_entry(&docs[..recent], &stored, scratch, touched);
        let bytes = postcard::experimental::serialized_size(&older).unwrap_or(0);
        (older, bytes, (recent < docs.len()).then(|| tag_entry(&docs[recent..], &stored, scratch, touched)))
    });
    let mut shards: Vec<TagShard> = Vec::new();
    let mut entries: Vec<TagEntry> = Vec::new();
    let mut recent = RecentTags { entries: Vec::new() };
    let mut bytes = 0usize;
    let tags = tag_entries.len();
    for (t, (entry, size, newer)) in tag_entries.into_iter().enumerate() {
        bytes += size;
        entries.push(entry);
        recent.entries.extend(newer.map(|e| (t as u32, e)));
        if bytes >= layout.tag_shard_bytes || t + 1 == tags {
            manifest.tag_starts.push((t + 1 - entries.len()) as u32);
            shards.push(TagShard { entries: core::mem::take(&mut entries) });
            bytes = 0;
        }
    }
    let encoded = parallel::map(&shards, |shard| blob::encode_part(PART_TAGS, shard));
    manifest.tag_shards = add(&Part::Tags, encoded);
    manifest.recent_tags = add(&|_| Part::RecentTags, vec![blob::encode_part(PART_RECENT_TAGS, &recent)])[0];

    let buckets = layout.text_shards.max(1);
    let mut text: Vec<Vec<TermPostings>> = vec![Vec::new(); buckets];
    let mut recent_text = Vec::new();
    let gaps = |postings: &[(DocId, u8)]| {
        let mut prev = 0;
        let out = postings.iter().map(|&(s, f)| (s - core::mem::replace(&mut prev, s), f)).collect::<Vec<_>>();
        out
    };
    for (term, postings) in TextIndex::build(index).into_terms() {
        let docs: Vec<(DocId, u8)> = postings.iter().rev().map(|&(d, f)| (n as u32 - 1 - d, f)).collect();
        let split = docs.partition_point(|&(s, _)| (s as usize) < tail);
        if split < docs.len() {
            recent_text.push((term.clone(), gaps(&docs[split..])));
        }
        if split > 0 {
            let first = term.chars().next().unwrap_or(' ');
            text[text_bucket(first, buckets) as usize].push((term, gaps(&docs[..split])));
        }
    }
    let shards: Vec<TextShard> = text.into_iter().map(|terms| TextShard { terms }).collect();
    let encoded = parallel::map(&shards, |shard| blob::encode_part(PART_TEXT, shard));
    manifest.text = add(&Part::Text, encoded);
    let recent_text = blob::encode_part(PART_RECENT_TEXT, &TextShard { terms: recent_text });
    manifest.recent_text = add(&|_| Part::RecentText, vec![recent_text])[0];

    let manifest_bytes = blob::encode_part(PART_MANIFEST, &manifest);
    let parts = parts.into_iter().map(|(part, bytes)| (manifest.file_name(part), bytes)).collect();
    Files { manifest: manifest_bytes, parts }
}

/// The entry of a tag over `docs` (ascending storage positions): the postings and the
/// counts of co-tags, categories and authors within them. `scratch` (zeros, one per
/// tag) and `touched` are left as they were found.
fn tag_entry(docs: &[DocId], stored: &[&Record], scratch: &mut [u32], touched: &mut Vec<u32>) -> TagEntry {
    for &s in docs {
        for &other in &stored[s as usize].tags {
            if scratch[other as usize] == 0 {
                touched.push(other);
            }
            scratch[other as usize] += 1;
        }
    }
    touched.sort_unstable();
    let co_tags = touched.drain(..).map(|o| (o, core::mem::take(&mut scratch[o as usize]))).collect();
    let sparse = |column: &dyn Fn(&Record) -> Option<u32>| {
        let mut counts: std::collections::BTreeMap<u32, u32> = Default::default();
        for &s in docs {
            if let Some(v) = column(stored[s as usize]) {
                *counts.entry(v).or_default() += 1;
            }
        }
        counts.into_iter().collect::<Vec<_>>()
    };
    TagEntry {
        postings: crate::index::Postings(docs.to_vec()),
        co_tags,
        categories: sparse(&|r| r.category),
        authors: sparse(&|r| r.author),
    }
}
