//! The engine's set representation against roaring bitmaps, the field's reference,
//! on the postings of a synthetic corpus: `cargo bench --bench sets`.
//!
//! Operations as the engine performs them for the benchmark cases: intersecting the
//! two most frequent tags and counting the result (case b), the union of three tags
//! (case c), and counting one tag's overlap with a result set (facets).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use roaring::RoaringBitmap;
use std::hint::black_box;
use tagsift::engine::bitset::Bitset;
use tagsift::{index::Index, synth};

fn sets(c: &mut Criterion) {
    let sizes: Vec<usize> =
        if std::env::args().any(|a| a == "--bench") { vec![100_000, 1_000_000] } else { vec![1_000] };
    for n in sizes {
        let index = Index::build(synth::articles(n, 42));
        let mut by_freq: Vec<usize> = (0..index.tags.len()).collect();
        by_freq.sort_by_key(|&t| std::cmp::Reverse(index.postings[t].0.len()));
        let list = |rank: usize| index.postings[by_freq[rank]].0.as_slice();
        let bits: Vec<Bitset> = (0..5).map(|r| Bitset::from_ids(n, list(r))).collect();
        let roar: Vec<RoaringBitmap> = (0..5).map(|r| list(r).iter().copied().collect()).collect();
        let mut g = c.benchmark_group(format!("sets/{n}"));
        g.bench_function(BenchmarkId::new("AND two top tags + count", "bitset"), |b| {
            b.iter(|| {
                let mut acc = bits[0].clone();
                acc.and(&bits[1]);
                black_box(acc.count())
            })
        });
        g.bench_function(BenchmarkId::new("AND two top tags + count", "roaring"), |b| {
            b.iter(|| black_box((&roar[0] & &roar[1]).len()))
        });
        g.bench_function(BenchmarkId::new("OR three tags", "bitset"), |b| {
            b.iter(|| {
                let mut acc = bits[2].clone();
                acc.or(&bits[3]);
                acc.or(&bits[4]);
                black_box(acc.count())
            })
        });
        g.bench_function(BenchmarkId::new("OR three tags", "roaring"), |b| {
            b.iter(|| black_box((&roar[2] | &roar[3] | &roar[4]).len()))
        });
        let mut result = bits[0].clone();
        result.and(&bits[1]);
        let result_roar = &roar[0] & &roar[1];
        let sparse = list(200.min(by_freq.len() - 1));
        g.bench_function(BenchmarkId::new("facet count of a rank-200 tag", "list in bitset"), |b| {
            b.iter(|| black_box(sparse.iter().filter(|&&d| result.contains(d)).count()))
        });
        let sparse_roar: RoaringBitmap = sparse.iter().copied().collect();
        g.bench_function(BenchmarkId::new("facet count of a rank-200 tag", "roaring"), |b| {
            b.iter(|| black_box(result_roar.intersection_len(&sparse_roar)))
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(2)).sample_size(30);
    targets = sets
}
criterion_main!(benches);
