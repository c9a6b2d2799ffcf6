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
}

impl Layout {
    /// Display shards of 50 articles (one shard holds the first page and the next
    /// few), growing past 100k articles so that 1M articles stay under 2,000 display
    /// files; filter shards of 16,384 articles; tag shards of about 128 KB; one text
    /// shard per 2,000 articles, 1 to 64. At 1M articles: about 2,200 files.
    pub fn for_articles(n: usize) -> Layout {
        Layout {
            display_size: 50.max(n.div_ceil(2_000)) as u32,
            filter_size: 16_384,
            tag_shard_bytes: 128 << 10,
            text_shards: (n / 2_000).clamp(1, 64),
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
        first_display: Vec::new(),
    };
    let mut parts: Vec<(Part, Vec<u8>)> = Vec::new();
    // Encoded shards of one kind, in order: each named by its content hash.
    let mut add = |kind: fn(u32) -> Part, encoded: Vec<Vec<u8>>, hashes: &mut Vec<u64>| {
        let hashed = parallel::map(&encoded, |bytes| content_hash(bytes));
        for (i, (bytes, hash)) in encoded.into_iter().zip(hashed).enumerate() {
            hashes.push(hash);
            parts.push((kind(i as u32), bytes));
        }
    };

    let chunks: Vec<&[Record]> = index.articles.chunks(manifest.display_size as usize).collect();
    manifest.first_display = chunks.first().map_or_else(Vec::new, |c| c.to_vec());
    let encoded =
        parallel::map(&chunks, |chunk| blob::encode_part(PART_DISPLAY, &DisplayShard { records: chunk.to_vec() }));
    add(Part::Display, encoded, &mut manifest.display);

    let title_ranks = {
        let mut order: Vec<(String, u32)> =
            index.articles.iter().enumerate().map(|(d, r)| (title_key(&r.title), d as u32)).collect();
        order.sort_unstable();
        let mut rank = vec![0u32; n];
        for (i, (_, d)) in order.into_iter().enumerate() {
            rank[d as usize] = i as u32;
        }
        rank
    };
    let size = manifest.filter_size as usize;
    let starts: Vec<usize> = (0..n).step_by(size).collect();
    let encoded = parallel::map(&starts, |&at| {
        let chunk = &index.articles[at..(at + size).min(n)];
        let records = chunk
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
        let shard = FilterShard { records, title_ranks: title_ranks[at..at + chunk.len()].to_vec() };
        blob::encode_part(PART_FILTERS, &shard)
    });
    add(Part::Filters, encoded, &mut manifest.filters);

    // Each tag's entry (its postings and the counts within it), then tag shards of
    // consecutive tags until a shard passes its byte budget.
    let scratch = || (vec![0u32; index.tags.len()], Vec::<u32>::new());
    let tag_entries = parallel::map_with(&index.postings, scratch, |(scratch, touched), postings| {
        for &d in &postings.0 {
            for &other in &index.articles[d as usize].tags {
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
            for &d in &postings.0 {
                if let Some(v) = column(&index.articles[d as usize]) {
                    *counts.entry(v).or_default() += 1;
                }
            }
            counts.into_iter().collect::<Vec<_>>()
        };
        let entry = TagEntry {
            postings: postings.clone(),
            co_tags,
            categories: sparse(&|r| r.category),
            authors: sparse(&|r| r.author),
        };
        let bytes = postcard::experimental::serialized_size(&entry).unwrap_or(0);
        (entry, bytes)
    });
    let mut shards: Vec<TagShard> = Vec::new();
    let mut entries: Vec<TagEntry> = Vec::new();
    let mut bytes = 0usize;
    let tags = tag_entries.len();
    for (t, (entry, size)) in tag_entries.into_iter().enumerate() {
        bytes += size;
        entries.push(entry);
        if bytes >= layout.tag_shard_bytes || t + 1 == tags {
            manifest.tag_starts.push((t + 1 - entries.len()) as u32);
            shards.push(TagShard { entries: core::mem::take(&mut entries) });
            bytes = 0;
        }
    }
    let encoded = parallel::map(&shards, |shard| blob::encode_part(PART_TAGS, shard));
    add(Part::Tags, encoded, &mut manifest.tag_shards);

    let buckets = layout.text_shards.max(1);
    let mut text: Vec<Vec<TermPostings>> = vec![Vec::new(); buckets];
    for (term, postings) in TextIndex::build(index).into_terms() {
        let first = term.chars().next().unwrap_or(' ');
        let mut prev = 0;
        let gaps = postings
            .into_iter()
            .map(|(d, f)| {
                let gap = d - prev;
                prev = d;
                (gap, f)
            })
            .collect();
        text[text_bucket(first, buckets) as usize].push((term, gaps));
    }
    let shards: Vec<TextShard> = text.into_iter().map(|terms| TextShard { terms }).collect();
    let encoded = parallel::map(&shards, |shard| blob::encode_part(PART_TEXT, shard));
    add(Part::Text, encoded, &mut manifest.text);

    let manifest_bytes = blob::encode_part(PART_MANIFEST, &manifest);
    let parts = parts.into_iter().map(|(part, bytes)| (manifest.file_name(part), bytes)).collect();
    Files { manifest: manifest_bytes, parts }
}
