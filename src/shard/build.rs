//! Writing an [`Index`] as the files of a sharded index, afresh or over an earlier
//! build's slots (see [`super::plan`]).

use super::plan::{Folder, Fresh, Plan};
use super::*;
use crate::blob;
use crate::engine::text::{TextIndex, TYPO_MIN_CHARS};
use crate::engine::title_key;
use crate::index::{DocId, Index};
use crate::parallel;

/// How an index is split. [`Layout::for_slots`] chooses by size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Slots per display shard.
    pub display_size: u32,
    /// Slots per filter shard.
    pub filter_size: u32,
    /// A tag shard is closed once its payload passes this many bytes.
    pub tag_shard_bytes: usize,
    /// A dictionary or reverse dictionary piece is closed once it passes this many bytes.
    pub dictionary_bytes: usize,
    /// A posting shard is closed once it passes this many bytes.
    pub posting_bytes: usize,
    /// The older slots are whole blocks of this many; the recent part holds fewer.
    pub tail_block: u32,
}

/// The newest articles whose records come with the manifest: the first page of up
/// to 100, at most one display shard's worth.
pub fn newest_count(layout: &Layout) -> usize {
    layout.display_size.min(100) as usize
}

impl Layout {
    /// Display shards of 50 slots and filter shards of 8,192, both doubling past 125k
    /// slots, so that 1M articles make 2,500 display files and 62 filter files (the
    /// last of each changes with every addition: small ones keep that cheap); tag
    /// shards and posting shards of about 128 and 32 KB, dictionary pieces of 16 KB; a
    /// recent part of fewer than 2,048 slots. Every size is a step function of the
    /// number of slots, so that adding articles keeps it until the corpus doubles.
    pub fn for_slots(n: usize) -> Layout {
        let doubling = n.div_ceil(125_000).next_power_of_two() as u32;
        Layout {
            display_size: 50 * doubling,
            filter_size: 8_192 * doubling,
            tag_shard_bytes: 128 << 10,
            dictionary_bytes: 16 << 10,
            posting_bytes: 32 << 10,
            tail_block: 2_048,
        }
    }
}

/// What a build wrote.
pub struct Files {
    /// The manifest (`index.bin`).
    pub manifest: Vec<u8>,
    /// The parts this build encoded, by file name.
    pub parts: Vec<(String, Vec<u8>)>,
    /// Every part the manifest names: those above, and those of the earlier build it keeps.
    pub names: Vec<String>,
    /// Why the build started afresh, or `None` when it kept the earlier build's slots.
    pub fresh: Option<Fresh>,
    /// Articles in slots of the earlier build, in new slots, and dead slots (in all).
    pub kept: usize,
    pub added: usize,
    pub dead: usize,
}

/// Splits `index` afresh, as `layout` says. Deterministic: equal indexes give equal
/// files, however many threads encode them.
pub fn build(index: &Index, layout: &Layout) -> Files {
    write(index, &|_| *layout, Plan::fresh(index, layout.tail_block, Fresh::Nothing))
}

/// Splits `index` over the slots of the earlier build whose manifest is `manifest` (its
/// other files in `folder`), or afresh when it cannot (see [`Plan::new`]). `layout`
/// gives the layout for a number of slots.
pub fn rebuild(
    index: &Index,
    layout: &dyn Fn(usize) -> Layout,
    manifest: Option<&[u8]>,
    folder: &mut dyn Folder,
) -> Files {
    let block = layout(index.len()).tail_block;
    let sizes = |slots: usize| {
        let l = layout(slots);
        (l.display_size, l.filter_size)
    };
    write(index, layout, Plan::new(index, block, manifest, folder, &sizes))
}

fn write(index: &Index, layout: &dyn Fn(usize) -> Layout, plan: Plan) -> Files {
    let slots = plan.slots() as usize;
    let layout = layout(slots);
    let n = index.len();
    let ids = &plan.ids;
    let positions = plan.positions();
    let mut parts: Vec<(Part, Vec<u8>)> = Vec::new();
    let mut totals = (vec![0u32; ids.tags.len()], vec![0u32; ids.categories.len()], vec![0u32; ids.authors.len()]);
    for r in &index.articles {
        r.tags.iter().for_each(|&t| totals.0[ids.tag_of[t as usize] as usize] += 1);
        r.category.iter().for_each(|&c| totals.1[ids.category_of[c as usize] as usize] += 1);
        r.author.iter().for_each(|&a| totals.2[ids.author_of[a as usize] as usize] += 1);
    }
    let dead_at = |s: u32| plan.dead.binary_search_by_key(&s, |d| d.slot).ok().map(|i| &plan.dead[i]);
    let record_of = |s: u32| -> Record {
        match plan.article[s as usize] {
            Some(p) => ids.record(&index.articles[p as usize]),
            None => plan.kept_records.iter().find(|(k, _)| *k == s).map(|(_, r)| r.clone()).unwrap_or_else(|| {
                // A dead slot of a shard written again whose record the plan did not keep:
                // never shown, so its facts are enough.
                let d = dead_at(s).expect("a slot without an article is dead");
                Record {
                    title: String::new(),
                    id_suffix: 0,
                    url: None,
                    author: d.author,
                    date: None,
                    category: d.category,
                    summary: String::new(),
                    tags: d.tags.clone(),
                    likes: None,
                    read_minutes: None,
                }
            }),
        }
    };
    let facts_of = |s: u32| -> Facts {
        match plan.article[s as usize] {
            Some(p) => ids.facts(&index.articles[p as usize]),
            None => {
                let d = dead_at(s).expect("a slot without an article is dead");
                Facts {
                    date: None,
                    category: d.category,
                    author: d.author,
                    likes: None,
                    read_minutes: None,
                    tags: d.tags.clone(),
                }
            }
        }
    };
    let before = plan.previous.as_ref();
    // Shards of `size` slots: the earlier build's where they hold no new slot, else
    // encoded anew.
    let mut shards =
        |size: u32, kept: Option<&Vec<u64>>, part: fn(u32) -> Part, encode: &(dyn Fn(u32) -> Vec<u8> + Sync)| {
            let count = slots.div_ceil(size as usize) as u32;
            let reused =
                |i: u32| kept.filter(|_| (i + 1) * size <= plan.first_new).and_then(|k| k.get(i as usize).copied());
            let fresh: Vec<u32> = (0..count).filter(|&i| reused(i).is_none()).collect();
            let encoded = parallel::map(&fresh, |&i| encode(i));
            let mut hashes: Vec<u64> = (0..count).map(|i| reused(i).unwrap_or(0)).collect();
            for (i, bytes) in fresh.into_iter().zip(encoded) {
                hashes[i as usize] = content_hash(&bytes);
                parts.push((part(i), bytes));
            }
            hashes
        };
    let range = |i: u32, size: u32| (i * size)..((i + 1) * size).min(slots as u32);
    let display = shards(layout.display_size, before.map(|m| &m.display), Part::Display, &|i| {
        let records = range(i, layout.display_size).map(record_of).collect();
        blob::encode_part(PART_DISPLAY, &DisplayShard { records })
    });
    let filters = shards(layout.filter_size, before.map(|m| &m.filters), Part::Filters, &|i| {
        let facts: Vec<Facts> = range(i, layout.filter_size).map(facts_of).collect();
        blob::encode_part(PART_FILTERS, &FilterShard::of(facts.iter()))
    });

    // The older parts: kept from the earlier build, or made from the older slots.
    let (tag_starts, older_tags, tag_shards, words, titles, older_titles) = match before {
        Some(m) => (
            m.tag_starts.clone(),
            m.older_tags,
            m.tag_shards.clone(),
            m.words.clone(),
            m.titles,
            plan.older_titles.clone(),
        ),
        None => {
            let older = older_parts(index, &plan, &layout, &positions);
            for (part, bytes) in older.parts {
                parts.push((part, bytes));
            }
            (older.tag_starts, older.older_tags, older.tag_shards, older.words, older.titles, older.titles_in_order)
        }
    };
    let recent = recent_part(index, &plan, &positions, &older_titles);
    let recent_bytes = blob::encode_part(PART_RECENT, &recent);
    let recent_hash = content_hash(&recent_bytes);
    parts.push((Part::Recent, recent_bytes));

    let newest = positions.iter().take(newest_count(&layout)).map(|&s| record_of(s)).collect();
    let manifest = Manifest {
        articles: n as u32,
        slots: slots as u32,
        tail: plan.tail,
        tag_totals: totals.0,
        category_totals: totals.1,
        author_totals: totals.2,
        tags: ids.tags.clone(),
        authors: ids.authors.clone(),
        categories: ids.categories.clone(),
        dead: plan.dead.clone(),
        placed: plan.placed.clone(),
        display_size: layout.display_size,
        display,
        filter_size: layout.filter_size,
        filters,
        tag_starts,
        older_tags,
        tag_shards,
        words,
        titles,
        recent: recent_hash,
        newest,
    };
    let manifest_bytes = blob::encode_part(PART_MANIFEST, &manifest);
    let names = manifest.parts().map(|p| manifest.file_name(p)).collect();
    let parts = parts.into_iter().map(|(part, bytes)| (manifest.file_name(part), bytes)).collect();
    let added = plan.article[plan.first_new as usize..].iter().flatten().count();
    Files { manifest: manifest_bytes, parts, names, kept: n - added, added, dead: plan.dead.len(), fresh: plan.fresh }
}

/// The older parts of a fresh build, encoded.
struct Older {
    parts: Vec<(Part, Vec<u8>)>,
    tag_starts: Vec<u32>,
    older_tags: u32,
    tag_shards: Vec<u64>,
    words: Words,
    titles: u64,
    /// The older slots in title order, with their keys.
    titles_in_order: Vec<(u32, String)>,
}

fn older_parts(index: &Index, plan: &Plan, layout: &Layout, positions: &[u32]) -> Older {
    let tail = plan.tail as usize;
    let ids = &plan.ids;
    let n = index.len() as u32;
    // In a fresh build slot `s` holds position `n - 1 - s`.
    let facts: Vec<Facts> = (0..tail).map(|s| ids.facts(&index.articles[(n as usize) - 1 - s])).collect();
    let mut parts = Vec::new();

    // Tags first seen in the older slots have the ids below `older_tags`.
    let older_tags = facts.iter().flat_map(|f| f.tags.iter()).map(|&t| t + 1).max().unwrap_or(0);
    let mut slots_of: Vec<Vec<u32>> = vec![Vec::new(); older_tags as usize];
    for (s, f) in facts.iter().enumerate() {
        f.tags.iter().for_each(|&t| slots_of[t as usize].push(s as u32));
    }
    let scratch = || (vec![0u32; ids.tags.len()], Vec::<u32>::new());
    let entries = parallel::map_with(&slots_of, scratch, |(scratch, touched), slots| {
        let of = |s: u32| {
            let f = &facts[s as usize];
            (f.tags.as_slice(), f.category, f.author)
        };
        let entry = tag_entry(slots, &of, scratch, touched);
        let bytes = postcard::experimental::serialized_size(&entry).unwrap_or(0);
        (entry, bytes)
    });
    let mut tag_starts = Vec::new();
    let mut groups: Vec<TagShard> = Vec::new();
    let mut bytes = 0;
    for (t, (entry, size)) in entries.into_iter().enumerate() {
        if groups.is_empty() || bytes >= layout.tag_shard_bytes {
            tag_starts.push(t as u32);
            groups.push(TagShard { entries: Vec::new() });
            bytes = 0;
        }
        bytes += size;
        groups.last_mut().expect("just pushed").entries.push(entry);
    }
    let encoded = parallel::map(&groups, |g| blob::encode_part(PART_TAGS, g));
    let tag_shards = encoded.iter().map(|b| content_hash(b)).collect();
    parts.extend(encoded.into_iter().enumerate().map(|(i, b)| (Part::Tags(i as u32), b)));

    // Title order: the older slots by title key, ties by engine position.
    let mut keyed: Vec<(String, u32, u32)> = parallel::map(&(0..tail as u32).collect::<Vec<_>>(), |&s| {
        (title_key(&index.articles[(n - 1 - s) as usize].title), n - 1 - s, s)
    });
    keyed.sort_unstable();
    let mut ranks = vec![0u32; tail];
    for (rank, (_, _, s)) in keyed.iter().enumerate() {
        ranks[*s as usize] = rank as u32;
    }
    let title_bytes = blob::encode_part(PART_TITLES, &TitleOrder { ranks });
    let titles = content_hash(&title_bytes);
    parts.push((Part::Titles, title_bytes));
    let titles_in_order = keyed.into_iter().map(|(key, _, s)| (s, key)).collect();

    // Words: the older slots' terms in order, their postings by slot.
    let older: Vec<&Record> = (0..tail).map(|s| &index.articles[n as usize - 1 - s]).collect();
    let text = TextIndex::of(&older, &index.tags, &index.authors);
    let (words, word_parts) = word_parts(text.into_terms().collect(), layout);
    parts.extend(word_parts);
    let _ = positions;
    Older { parts, tag_starts, older_tags, tag_shards, words, titles, titles_in_order }
}

/// The dictionary, reverse dictionary and posting shards of `terms` (sorted, each with
/// its postings by slot).
fn word_parts(terms: Vec<(String, Vec<(DocId, u8)>)>, layout: &Layout) -> (Words, Vec<(Part, Vec<u8>)>) {
    let mut parts = Vec::new();
    let mut words = Words { count: terms.len() as u32, ..Words::default() };
    // Dictionary pieces of consecutive words.
    let mut start = 0;
    while start < terms.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < terms.len() && (end == start || bytes < layout.dictionary_bytes) {
            bytes += terms[end].0.len() + 2;
            end += 1;
        }
        let piece = DictionaryPiece::of(terms[start..end].iter().map(|t| t.0.as_str()));
        let encoded = blob::encode_part(PART_DICTIONARY, &piece);
        words.dictionary.push((terms[start].0.clone(), start as u32, content_hash(&encoded)));
        parts.push((Part::Dictionary(words.dictionary.len() as u32 - 1), encoded));
        start = end;
    }
    // The reverse dictionary: words that a typo can reach (4 characters or more).
    let mut keys: Vec<(String, u32)> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.0.chars().count() + 1 >= TYPO_MIN_CHARS)
        .map(|(k, t)| (words::backwards(&t.0), k as u32))
        .collect();
    keys.sort_unstable();
    let mut start = 0;
    while start < keys.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < keys.len() && (end == start || bytes < layout.dictionary_bytes) {
            bytes += keys[end].0.len() + 4;
            end += 1;
        }
        let piece = ReversePiece::of(keys[start..end].iter().map(|(k, o)| (k.as_str(), *o)));
        let encoded = blob::encode_part(PART_REVERSE, &piece);
        words.reverse.push((keys[start].0.clone(), content_hash(&encoded)));
        parts.push((Part::Reverse(words.reverse.len() as u32 - 1), encoded));
        start = end;
    }
    // Posting shards of consecutive words; a large list in a shard of its own.
    let lists: Vec<WordPostings> = terms.into_iter().map(|(_, postings)| pack_postings(&postings)).collect();
    let sizes: Vec<usize> = lists.iter().map(|l| postcard::experimental::serialized_size(l).unwrap_or(0)).collect();
    let mut shards: Vec<(u32, Vec<WordPostings>)> = Vec::new();
    let mut bytes = 0;
    for (k, (list, size)) in lists.into_iter().zip(sizes).enumerate() {
        let alone = size * 2 >= layout.posting_bytes;
        if shards.is_empty() || bytes >= layout.posting_bytes || alone {
            shards.push((k as u32, Vec::new()));
            bytes = 0;
        }
        bytes += size;
        shards.last_mut().expect("just pushed").1.push(list);
        if alone {
            bytes = layout.posting_bytes;
        }
    }
    let encoded =
        parallel::map(&shards, |(_, lists)| blob::encode_part(PART_POSTINGS, &PostingShard { lists: lists.clone() }));
    for (i, ((first, _), bytes)) in shards.iter().zip(encoded).enumerate() {
        words.postings.push((*first, content_hash(&bytes)));
        parts.push((Part::Postings(i as u32), bytes));
    }
    (words, parts)
}

/// The recent part: the live recent slots' tags, words and places in title order.
fn recent_part(index: &Index, plan: &Plan, positions: &[u32], older_titles: &[(u32, String)]) -> Recent {
    let ids = &plan.ids;
    let live: Vec<(u32, DocId)> =
        (plan.tail..plan.slots()).filter_map(|s| plan.article[s as usize].map(|p| (s, p))).collect();
    let facts = live
        .iter()
        .map(|&(_, p)| {
            let f = ids.facts(&index.articles[p as usize]);
            (f.tags, f.category, f.author)
        })
        .collect();
    // Words: document k is live slot k.
    let records: Vec<&Record> = live.iter().map(|&(_, p)| &index.articles[p as usize]).collect();
    let words = TextIndex::of(&records, &index.tags, &index.authors)
        .into_terms()
        .map(|(term, postings)| {
            let slots: Vec<(DocId, u8)> = postings.iter().map(|&(k, f)| (live[k as usize].0, f)).collect();
            (term, pack_postings(&slots))
        })
        .collect();
    // Places in title order: before the first older entry with a greater key, or with
    // the same key and a later position (dead entries never count as later).
    let position: std::collections::HashMap<u32, u32> =
        positions.iter().enumerate().map(|(p, &s)| (s, p as u32)).collect();
    let mut titles: Vec<(u32, String, u32, u32)> = live
        .iter()
        .map(|&(s, p)| {
            let key = title_key(&index.articles[p as usize].title);
            let mut place = older_titles.partition_point(|(_, k)| *k < key);
            while let Some((o, k)) = older_titles.get(place) {
                let later = *k != key || position.get(o).is_some_and(|&q| q > p);
                if later {
                    break;
                }
                place += 1;
            }
            (place as u32, key, p, s)
        })
        .collect();
    titles.sort_unstable();
    let titles = titles.into_iter().map(|(place, _, _, s)| (s, place)).collect();
    Recent { facts, words, titles }
}
