//! Writing an [`Index`] as the files of a sharded index, afresh or over an earlier
//! build's slots (see [`super::plan`]).

use super::plan::{self, Folder, Fresh, Plan};
use super::*;
use crate::blob;
use crate::engine::text::{doc_of, field_of, index_terms, posting, Posting, PostingList, TYPO_MIN_CHARS};
use crate::engine::title_key;
use crate::index::{DocId, Index};
use crate::parallel;
use serde::Serialize;

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
    /// Display shards of 50 slots and filter shards of 8,192, both doubling each time
    /// the slots pass 131,072 × 2^k (131,072, 262,144, … 1,048,576: powers of two, so
    /// that sites of round sizes sit between them), so that 1M articles make 2,500
    /// display files and 16 filter files; tag shards and posting shards of about 128 and
    /// 32 KB, dictionary pieces of 16 KB; a recent part of fewer than 2,048 slots. Every
    /// size is a step function of the number of slots, so that adding articles keeps it
    /// until the corpus doubles (that build rewrites every display and filter shard).
    pub fn for_slots(n: usize) -> Layout {
        let doubling = n.div_ceil(1 << 17).next_power_of_two() as u32;
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

/// Where a build's files go as they are made: batches of `(file name, bytes)`, from
/// any thread. Shards come before the manifest, which [`rebuild_into`] returns.
pub type Sink<'a> = dyn Fn(Vec<(String, Vec<u8>)>) -> Result<(), String> + Sync + 'a;

/// Files encoded at a time: a build holds at most this many at once (the files of 1M
/// articles are half a gigabyte).
const BATCH: usize = 256;

/// What a build wrote.
pub struct Files {
    /// The manifest (`index.bin`).
    pub manifest: Vec<u8>,
    /// The parts this build encoded, by file name in name order (empty for
    /// [`rebuild_into`], which hands them to its sink instead).
    pub parts: Vec<(String, Vec<u8>)>,
    /// Every part the manifest names: those encoded, and those of the earlier build it keeps.
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
    collected(|sink| write(index, &|_| *layout, Plan::fresh(index, layout.tail_block, Fresh::Nothing), sink))
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
    collected(|sink| rebuild_into(index, layout, manifest, folder, sink))
}

/// [`rebuild`], handing each batch of files to `sink` as it is encoded instead of
/// keeping them: what a large index needs to stay within its memory.
pub fn rebuild_into(
    index: &Index,
    layout: &dyn Fn(usize) -> Layout,
    manifest: Option<&[u8]>,
    folder: &mut dyn Folder,
    sink: &Sink,
) -> Result<Files, String> {
    let block = layout(index.len()).tail_block;
    let sizes = |slots: usize| {
        let l = layout(slots);
        (l.display_size, l.filter_size)
    };
    write(index, layout, Plan::new(index, block, manifest, folder, &sizes), sink)
}

/// The files of `build` (which hands them to a sink) kept in [`Files::parts`].
fn collected(build: impl FnOnce(&Sink) -> Result<Files, String>) -> Files {
    let parts = std::sync::Mutex::new(Vec::new());
    let sink = |batch: Vec<(String, Vec<u8>)>| {
        parts.lock().expect("no thread panicked holding it").extend(batch);
        Ok(())
    };
    let mut files = build(&sink).expect("collecting files cannot fail");
    files.parts = parts.into_inner().expect("no thread panicked holding it");
    // The sink is called from several threads: name order makes the list the same every time.
    files.parts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Encodes `items` on every core a batch at a time, hands each batch to `sink` as the
/// files of `part(i)`, and returns their content hashes in order.
fn emit<T: Sync>(
    items: &[T],
    part: &(dyn Fn(usize) -> Part + Sync),
    encode: &(dyn Fn(&T) -> Vec<u8> + Sync),
    sink: &Sink,
) -> Result<Vec<u64>, String> {
    emit_by(BATCH, items, part, encode, sink)
}

/// [`emit`], `batch` files at a time.
fn emit_by<T: Sync>(
    size: usize,
    items: &[T],
    part: &(dyn Fn(usize) -> Part + Sync),
    encode: &(dyn Fn(&T) -> Vec<u8> + Sync),
    sink: &Sink,
) -> Result<Vec<u64>, String> {
    let mut hashes = Vec::with_capacity(items.len());
    for batch in items.chunks(size.max(1)) {
        let encoded = parallel::map(batch, |item| encode(item));
        let mut files = Vec::with_capacity(encoded.len());
        for bytes in encoded {
            let hash = content_hash(&bytes);
            files.push((part(hashes.len()).file_name(hash), bytes));
            hashes.push(hash);
        }
        sink(files)?;
    }
    Ok(hashes)
}

fn write(index: &Index, layout: &dyn Fn(usize) -> Layout, plan: Plan, sink: &Sink) -> Result<Files, String> {
    let slots = plan.slots() as usize;
    let layout = layout(slots);
    let n = index.len();
    let ids = &plan.ids;
    let positions = plan.positions();
    let mut totals = (vec![0u32; ids.tags.len()], vec![0u32; ids.categories.len()], vec![0u32; ids.authors.len()]);
    for r in &index.articles {
        r.tags.iter().for_each(|&t| totals.0[ids.tag_of[t as usize] as usize] += 1);
        r.category.iter().for_each(|&c| totals.1[ids.category_of[c as usize] as usize] += 1);
        r.author.iter().for_each(|&a| totals.2[ids.author_of[a as usize] as usize] += 1);
    }
    let dead_at = |s: u32| plan.dead.binary_search_by_key(&s, |d| d.slot).ok().map(|i| &plan.dead[i]);
    // Records as display shards store them, borrowed from the index (a dead slot's
    // from the earlier build, or, never shown, its facts alone).
    let record_of = |s: u32| -> RecordView<'_> {
        match plan.article[s as usize] {
            Some(p) => RecordView::of(&index.articles[p as usize], ids),
            None => match plan.kept_records.iter().find(|(k, _)| *k == s) {
                Some((_, r)) => RecordView::kept(r),
                None => {
                    let d = dead_at(s).expect("a slot without an article is dead");
                    RecordView { author: d.author, category: d.category, tags: d.tags.clone(), ..RecordView::default() }
                }
            },
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
    // encoded anew. Their hashes.
    let shards =
        |size: u32, kept: Option<&Vec<u64>>, part: fn(u32) -> Part, encode: &(dyn Fn(u32) -> Vec<u8> + Sync)| {
            let count = slots.div_ceil(size as usize) as u32;
            let reused =
                |i: u32| kept.filter(|_| (i + 1) * size <= plan.first_new).and_then(|k| k.get(i as usize).copied());
            let fresh: Vec<u32> = (0..count).filter(|&i| reused(i).is_none()).collect();
            // A batch holds about as many slots as 256 display shards of 50 do.
            let batch = (BATCH * 50 / size as usize).max(2);
            let encoded = emit_by(batch, &fresh, &|k| part(fresh[k]), &|&i| encode(i), sink)?;
            let mut hashes: Vec<u64> = (0..count).map(|i| reused(i).unwrap_or(0)).collect();
            for (&i, hash) in fresh.iter().zip(encoded) {
                hashes[i as usize] = hash;
            }
            Ok::<_, String>(hashes)
        };
    let range = |i: u32, size: u32| (i * size)..((i + 1) * size).min(slots as u32);
    // The display and filter shards, and at the same time the older parts: kept from
    // the earlier build, or made from the older slots.
    let (shard_hashes, older) = parallel::join(
        || {
            let display = shards(layout.display_size, before.map(|m| &m.display), Part::Display, &|i| {
                let records: Vec<RecordView> = range(i, layout.display_size).map(record_of).collect();
                blob::encode_part(PART_DISPLAY, &DisplayView { records })
            })?;
            let filters = shards(layout.filter_size, before.map(|m| &m.filters), Part::Filters, &|i| {
                let facts: Vec<Facts> = range(i, layout.filter_size).map(facts_of).collect();
                blob::encode_part(PART_FILTERS, &FilterShard::of(facts.iter()))
            })?;
            Ok::<_, String>((display, filters))
        },
        || before.is_none().then(|| older_parts(index, &plan, &layout, sink)).transpose(),
    );
    let (display, filters) = shard_hashes?;
    let (tag_starts, older_tags, tag_shards, words, titles, places) = match (before, older?) {
        (_, Some(older)) => {
            (older.tag_starts, older.older_tags, older.tag_shards, older.words, older.titles, older.places)
        }
        (Some(m), None) => (
            m.tag_starts.clone(),
            m.older_tags,
            m.tag_shards.clone(),
            m.words.clone(),
            m.titles,
            title_places(index, &plan, &plan.older_titles),
        ),
        (None, None) => unreachable!("the older parts are made when there is no earlier build"),
    };
    let recent = recent_part(index, &plan, places);
    let recent = emit(&[recent], &|_| Part::Recent, &|r| blob::encode_part(PART_RECENT, r), sink)?[0];

    let newest = positions.iter().take(newest_count(&layout)).map(|&s| record_of(s).owned()).collect();
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
        recent,
        newest,
    };
    let manifest_bytes = blob::encode_part(PART_MANIFEST, &manifest);
    let names = manifest.parts().map(|p| manifest.file_name(p)).collect();
    let added = plan.article[plan.first_new as usize..].iter().flatten().count();
    Ok(Files {
        manifest: manifest_bytes,
        parts: Vec::new(),
        names,
        kept: n - added,
        added,
        dead: plan.dead.len(),
        fresh: plan.fresh,
    })
}

/// The older parts of a fresh build (encoded and handed to the sink).
struct Older {
    tag_starts: Vec<u32>,
    older_tags: u32,
    tag_shards: Vec<u64>,
    words: Words,
    titles: u64,
    /// The recent slots' places among them in title order.
    places: Vec<(u32, u32)>,
}

fn older_parts(index: &Index, plan: &Plan, layout: &Layout, sink: &Sink) -> Result<Older, String> {
    let tail = plan.tail as usize;
    let ids = &plan.ids;
    let n = index.len() as u32;
    // In a fresh build slot `s` holds position `n - 1 - s`.
    let record = |s: usize| &index.articles[n as usize - 1 - s];

    // Tags first seen in the older slots have the ids below `older_tags`; each one's
    // slots, then its entry with the counts within them.
    let older_tags =
        (0..tail).flat_map(|s| record(s).tags.iter()).map(|&t| ids.tag_of[t as usize] + 1).max().unwrap_or(0);
    let mut slots_of: Vec<Vec<u32>> = vec![Vec::new(); older_tags as usize];
    for s in 0..tail {
        record(s).tags.iter().for_each(|&t| slots_of[ids.tag_of[t as usize] as usize].push(s as u32));
    }
    // Every older slot's tags (manifest ids) in one array, `tags[starts[s]..starts[s + 1]]`.
    let mut starts: Vec<u32> = Vec::with_capacity(tail + 1);
    let mut tags: Vec<u32> = Vec::new();
    for s in 0..tail {
        starts.push(tags.len() as u32);
        tags.extend(record(s).tags.iter().map(|&t| ids.tag_of[t as usize]));
    }
    starts.push(tags.len() as u32);
    // The entries a few hundred tags at a time (each chunk on every core), into tag
    // shards of consecutive tags closed once they pass their size, each written as it
    // closes: only a chunk of entries is held at once.
    let scratch = || (vec![0u32; ids.tags.len()], Vec::<u32>::new());
    let of = |s: u32| {
        let r = record(s as usize);
        let own = &tags[starts[s as usize] as usize..starts[s as usize + 1] as usize];
        (own, r.category.map(|c| ids.category_of[c as usize]), r.author.map(|a| ids.author_of[a as usize]))
    };
    let mut tag_starts = Vec::new();
    let mut tag_shards = Vec::new();
    let mut group = TagShard { entries: Vec::new() };
    let mut bytes = 0;
    let mut close = |group: &mut TagShard| -> Result<(), String> {
        let i = tag_shards.len() as u32;
        let shard = core::mem::replace(group, TagShard { entries: Vec::new() });
        tag_shards.extend(emit(&[shard], &|_| Part::Tags(i), &|g| blob::encode_part(PART_TAGS, g), sink)?);
        Ok(())
    };
    for (c, chunk) in slots_of.chunks(512).enumerate() {
        let entries = parallel::map_with(chunk, scratch, |(scratch, touched), slots| {
            let entry = tag_entry(slots, &of, scratch, touched);
            let size = postcard::experimental::serialized_size(&entry).unwrap_or(0);
            (entry, size)
        });
        for (k, (entry, size)) in entries.into_iter().enumerate() {
            if !group.entries.is_empty() && bytes >= layout.tag_shard_bytes {
                close(&mut group)?;
            }
            if group.entries.is_empty() {
                tag_starts.push((c * 512 + k) as u32);
                bytes = 0;
            }
            bytes += size;
            group.entries.push(entry);
        }
    }
    if !group.entries.is_empty() {
        close(&mut group)?;
    }
    drop((tags, starts, slots_of));

    // Title order: the older slots by title key, ties by engine position.
    let mut keyed: Vec<(String, u32, u32)> =
        parallel::map(&(0..tail as u32).collect::<Vec<_>>(), |&s| (title_key(&record(s as usize).title), n - 1 - s, s));
    keyed.sort_unstable();
    let mut ranks = vec![0u32; tail];
    for (rank, (_, _, s)) in keyed.iter().enumerate() {
        ranks[*s as usize] = rank as u32;
    }
    let titles = emit(&[TitleOrder { ranks }], &|_| Part::Titles, &|t| blob::encode_part(PART_TITLES, t), sink)?[0];
    let in_order: Vec<(u32, String)> = keyed.into_iter().map(|(key, _, s)| (s, key)).collect();
    let places = title_places(index, plan, &in_order);
    drop(in_order);

    // Words: the older slots' terms in order, their postings by slot.
    let older: Vec<&Record> = (0..tail).map(record).collect();
    // Packed as they are merged: at 1M articles plain lists held some 200 MB more.
    let terms = index_terms::<PackedPostings>(&older, &index.tags, &index.authors);
    drop(older);
    let words = word_parts(terms, layout, sink)?;
    Ok(Older { tag_starts, older_tags, tag_shards, words, titles, places })
}

/// The dictionary, reverse dictionary and posting shards of `terms` (sorted, each with
/// its postings by slot), handed to `sink`.
fn word_parts(terms: Vec<(String, PackedPostings)>, layout: &Layout, sink: &Sink) -> Result<Words, String> {
    let mut words = Words { count: terms.len() as u32, ..Words::default() };
    // Dictionary pieces of consecutive words.
    let pieces = runs(terms.iter().map(|t| t.0.len() + 2), layout.dictionary_bytes, false);
    let hashes = emit(
        &pieces,
        &|i| Part::Dictionary(i as u32),
        &|r| blob::encode_part(PART_DICTIONARY, &DictionaryPiece::of(terms[r.clone()].iter().map(|t| t.0.as_str()))),
        sink,
    )?;
    words.dictionary = pieces.iter().zip(hashes).map(|(r, h)| (terms[r.start].0.clone(), r.start as u32, h)).collect();
    // The reverse dictionary: words that a typo can reach (4 characters or more).
    let mut keys: Vec<(String, u32)> = terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.0.chars().count() + 1 >= TYPO_MIN_CHARS)
        .map(|(k, t)| (words::backwards(&t.0), k as u32))
        .collect();
    keys.sort_unstable();
    let pieces = runs(keys.iter().map(|k| k.0.len() + 4), layout.dictionary_bytes, false);
    let hashes = emit(
        &pieces,
        &|i| Part::Reverse(i as u32),
        &|r| blob::encode_part(PART_REVERSE, &ReversePiece::of(keys[r.clone()].iter().map(|(k, o)| (k.as_str(), *o)))),
        sink,
    )?;
    words.reverse = pieces.iter().zip(hashes).map(|(r, h)| (keys[r.start].0.clone(), h)).collect();
    // Posting shards of consecutive words; a large list in a shard of its own.
    let shards = runs(terms.iter().map(|(_, postings)| postings.size()), layout.posting_bytes, true);
    // A posting shard may hold a word of every article: a few at a time.
    let hashes = emit_by(
        4,
        &shards,
        &|i| Part::Postings(i as u32),
        &|r| {
            let lists = terms[r.clone()].iter().map(|(_, postings)| postings.words()).collect();
            blob::encode_part(PART_POSTINGS, &PostingShard { lists })
        },
        sink,
    )?;
    words.postings = shards.iter().zip(hashes).map(|(r, h)| (r.start as u32, h)).collect();
    Ok(words)
}

/// Consecutive runs of items (by their `sizes`), a run closed once it passes `limit`;
/// with `alone`, an item of half the limit or more has a run of its own.
fn runs(sizes: impl Iterator<Item = usize>, limit: usize, alone: bool) -> Vec<core::ops::Range<usize>> {
    let mut runs: Vec<core::ops::Range<usize>> = Vec::new();
    let mut bytes = 0;
    for (k, size) in sizes.enumerate() {
        let big = alone && size * 2 >= limit;
        match runs.last_mut() {
            Some(run) if bytes < limit && !big => run.end = k + 1,
            _ => {
                runs.push(k..k + 1);
                bytes = 0;
            }
        }
        bytes += if big { limit } else { size };
    }
    runs
}

/// A word's postings by slot, packed as they arrive: the varints that [`WordPostings`]
/// are written as, so that the build holds a byte or two per posting, not four plus
/// a growing list's spare room.
#[derive(Default)]
struct PackedPostings {
    varints: Vec<u8>,
    count: u32,
    packer: PostingPacker,
}

impl PostingList for PackedPostings {
    fn append(&mut self, chunk: Vec<Posting>) {
        self.count += chunk.len() as u32;
        for p in chunk {
            let mut v = self.packer.pack(p);
            while v >= 0x80 {
                self.varints.push(v as u8 | 0x80);
                v >>= 7;
            }
            self.varints.push(v as u8);
        }
    }
}

impl PackedPostings {
    /// The encoded size of the list: its varints and its length.
    fn size(&self) -> usize {
        self.varints.len() + (32 - (self.count | 1).leading_zeros() as usize).div_ceil(7)
    }

    /// The list as [`WordPostings`].
    fn words(&self) -> WordPostings {
        let mut out = Vec::with_capacity(self.count as usize);
        let (mut value, mut shift) = (0u64, 0);
        for &b in &self.varints {
            value |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                out.push(core::mem::take(&mut value));
                shift = 0;
            }
        }
        out
    }
}

/// The recent part: the live recent slots' tags, words and places in title order.
fn recent_part(index: &Index, plan: &Plan, titles: Vec<(u32, u32)>) -> Recent {
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
    let words = index_terms::<Vec<Posting>>(&records, &index.tags, &index.authors)
        .into_iter()
        .map(|(term, postings)| {
            let slots: Vec<Posting> =
                postings.iter().map(|&p| posting(live[doc_of(p) as usize].0, field_of(p))).collect();
            (term, pack_postings(&slots))
        })
        .collect();
    Recent { facts, words, titles }
}

/// The live recent slots' places in title order (see [`Recent::titles`]), among the
/// older slots in title order (`older_titles`, with their keys): before the first older
/// entry with a greater key, or with the same key and a later position (dead entries
/// never count as later).
fn title_places(index: &Index, plan: &Plan, older_titles: &[(u32, String)]) -> Vec<(u32, u32)> {
    let live = (plan.tail..plan.slots()).filter_map(|s| plan.article[s as usize].map(|p| (s, p)));
    let mut titles: Vec<(u32, String, u32, u32)> = live
        .map(|(s, p)| {
            let key = title_key(&index.articles[p as usize].title);
            let mut place = older_titles.partition_point(|(_, k)| *k < key);
            while let Some((o, k)) = older_titles.get(place) {
                let later = *k != key || plan.article[*o as usize].is_some_and(|q| q > p);
                if later {
                    break;
                }
                place += 1;
            }
            (place as u32, key, p, s)
        })
        .collect();
    titles.sort_unstable();
    titles.into_iter().map(|(place, _, _, s)| (s, place)).collect()
}

/// A [`Record`] borrowed, with the manifest's ids: it serializes exactly as the record
/// would, without copying the text of every article into the display shards.
#[derive(Default, Serialize)]
struct RecordView<'a> {
    title: &'a str,
    id_suffix: u32,
    url: Option<&'a str>,
    author: Option<u32>,
    date: Option<crate::model::Date>,
    category: Option<u32>,
    summary: &'a str,
    tags: Vec<u32>,
    likes: Option<u32>,
    read_minutes: Option<u32>,
}

/// A [`DisplayShard`] of borrowed records.
#[derive(Serialize)]
struct DisplayView<'a> {
    records: Vec<RecordView<'a>>,
}

impl<'a> RecordView<'a> {
    /// The index's record `r`, with the manifest's ids.
    fn of(r: &'a Record, ids: &plan::Ids) -> RecordView<'a> {
        RecordView {
            tags: r.tags.iter().map(|&t| ids.tag_of[t as usize]).collect(),
            author: r.author.map(|a| ids.author_of[a as usize]),
            category: r.category.map(|c| ids.category_of[c as usize]),
            ..RecordView::kept(r)
        }
    }

    /// A record that already has the manifest's ids.
    fn kept(r: &'a Record) -> RecordView<'a> {
        RecordView {
            title: &r.title,
            id_suffix: r.id_suffix,
            url: r.url.as_deref(),
            author: r.author,
            date: r.date,
            category: r.category,
            summary: &r.summary,
            tags: r.tags.clone(),
            likes: r.likes,
            read_minutes: r.read_minutes,
        }
    }

    fn owned(self) -> Record {
        Record {
            title: self.title.to_string(),
            id_suffix: self.id_suffix,
            url: self.url.map(str::to_string),
            author: self.author,
            date: self.date,
            category: self.category,
            summary: self.summary.to_string(),
            tags: self.tags,
            likes: self.likes,
            read_minutes: self.read_minutes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn a_borrowed_record_encodes_as_the_record() {
        let r = Record {
            title: "Élan".into(),
            id_suffix: 2,
            url: Some("/x/".into()),
            author: Some(3),
            date: Date::from_ymd(2024, 2, 29),
            category: None,
            summary: "泡姆".into(),
            tags: vec![4, 1],
            likes: Some(7),
            read_minutes: None,
        };
        let shard = DisplayShard { records: vec![r.clone(), Record { url: None, ..r.clone() }] };
        let view = DisplayView { records: shard.records.iter().map(RecordView::kept).collect() };
        assert_eq!(postcard::to_allocvec(&view).unwrap(), postcard::to_allocvec(&shard).unwrap());
        assert_eq!(RecordView::kept(&r).owned(), r);
    }

    proptest::proptest! {
        /// Postings packed as chunks arrive are the lists the shards hold, and their size
        /// is the size postcard writes.
        #[test]
        fn postings_packed_as_they_arrive_are_the_packed_list(
            gaps in proptest::collection::vec((0u32..1 << 20, 1u32..4), 0..200),
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            let mut slot = 0u32;
            let list: Vec<Posting> = gaps
                .iter()
                .enumerate()
                .map(|(k, &(gap, field))| {
                    slot += if k == 0 { gap } else { gap.max(1) };
                    posting(slot, field as u8)
                })
                .collect();
            let mut bounds: Vec<usize> = cuts.iter().map(|&c| c.min(list.len())).collect();
            bounds.extend([0, list.len()]);
            bounds.sort_unstable();
            let mut packed = PackedPostings::default();
            for w in bounds.windows(2) {
                packed.append(list[w[0]..w[1]].to_vec());
            }
            let want = crate::shard::pack_postings(&list);
            proptest::prop_assert_eq!(packed.words(), want.clone());
            proptest::prop_assert_eq!(packed.size(), postcard::to_allocvec(&want).unwrap().len());
        }
    }
}
