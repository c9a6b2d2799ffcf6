//! Engine benchmarks on synthetic corpora: `cargo bench --bench engine` or `./build.sh bench`.
//!
//! Criterion drives the measurement; each iteration is also timed on its own so the
//! table at the end can print p50 and p95 per case and size, next to the index build
//! time, the blob size and the memory of the loaded index.
//! `TAGSIFT_BENCH_SIZES=1000,10000` limits the sizes (default 1k, 10k, 100k, 1M; under
//! `cargo test --all-targets`, 1k only, as a smoke test).

use criterion::Criterion;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tagsift::engine::{Mode, Query, Sort};
use tagsift::source::OneFile;
use tagsift::{blob, index::Index, synth};

/// Counts live heap bytes, to measure the loaded index.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn cases(index: &Index) -> Vec<(&'static str, Query)> {
    // Tags by frequency rank (posting list length), as the Zipf corpus makes them.
    let mut by_freq: Vec<usize> = (0..index.tags.len()).collect();
    by_freq.sort_by_key(|&t| std::cmp::Reverse(index.postings[t].0.len()));
    let tag = |rank: usize| index.tags[by_freq[rank.min(by_freq.len() - 1)]].clone();
    vec![
        ("a: one tag", Query { tags: vec![tag(5)], ..Query::default() }),
        ("b: 2 tags AND + facets + page 3", Query { tags: vec![tag(0), tag(1)], page: 3, ..Query::default() }),
        (
            "c: 3 tags OR + category + facets",
            Query {
                tags: vec![tag(2), tag(3), tag(4)],
                mode: Mode::Any,
                categories: vec!["Databases".into()],
                ..Query::default()
            },
        ),
        ("d: 2-word text + tag", Query { text: "reliable latency".into(), tags: vec![tag(0)], ..Query::default() }),
        ("e: page 500 by title", Query { sort: Some(Sort::Title), page: 500, ..Query::default() }),
    ]
}

struct Row {
    size: usize,
    case: &'static str,
    total: u32,
    p50: Duration,
    p95: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` does not, and then one
    // small size is enough to check that every case still runs.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes: Vec<usize> = std::env::var("TAGSIFT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().parse().expect("sizes are numbers")).collect())
        .unwrap_or_else(|| if benchmarking { vec![1_000, 10_000, 100_000, 1_000_000] } else { vec![1_000] });
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    let mut rows = Vec::new();
    let mut builds = Vec::new();
    for &n in &sizes {
        let articles = synth::articles(n, 42);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let index = Index::build(articles);
        let bytes = blob::encode(&index);
        let build = started.elapsed();
        let build_peak = PEAK.load(Ordering::Relaxed) - before;
        drop(index);
        let before = LIVE.load(Ordering::Relaxed);
        let engine = OneFile::new(blob::decode(&bytes).expect("the blob decodes"));
        let loaded = LIVE.load(Ordering::Relaxed) - before;
        let (header, _) = blob::check(&bytes).expect("the blob is valid");
        builds.push((n, build, build_peak, bytes.len(), header.payload_len as usize, loaded));

        let mut group = c.benchmark_group(format!("{n} articles"));
        for (name, query) in cases(engine.index()) {
            let total = engine.search(&query).expect("valid query").total;
            let mut samples = Vec::new();
            group.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let mut sum = Duration::ZERO;
                    for _ in 0..iters {
                        let t = Instant::now();
                        std::hint::black_box(engine.search(std::hint::black_box(&query)).expect("valid"));
                        let d = t.elapsed();
                        samples.push(d);
                        sum += d;
                    }
                    sum
                })
            });
            samples.sort();
            rows.push(Row {
                size: n,
                case: name,
                total,
                p50: percentile(&samples, 0.5),
                p95: percentile(&samples, 0.95),
            });
        }
        group.finish();
    }
    c.final_summary();

    let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1000.0);
    println!("\n| articles | case | results | p50 ms | p95 ms |\n|---:|---|---:|---:|---:|");
    for r in &rows {
        println!("| {} | {} | {} | {} | {} |", r.size, r.case, r.total, ms(r.p50), ms(r.p95));
    }
    println!(
        "\n| articles | index build s | build peak heap MB | blob MB | decoded payload MB | loaded index MB | loaded / blob | loaded / payload |\n|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for (n, build, peak, blob_len, payload, loaded) in builds {
        let mb = |b: usize| format!("{:.1}", b as f64 / 1e6);
        println!(
            "| {n} | {:.2} | {} | {} | {} | {} | {:.2} | {:.2} |",
            build.as_secs_f64(),
            mb(peak),
            mb(blob_len),
            mb(payload),
            mb(loaded),
            loaded as f64 / blob_len as f64,
            loaded as f64 / payload as f64
        );
    }
}
