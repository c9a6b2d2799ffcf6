//! Every fuzz corpus entry (`fuzz/corpus/<target>.corpus`) and every saved finding
//! (`fuzz/findings/<target>/`), replayed on stable Rust: what the fuzzer once found
//! stays fixed, and the corpus keeps passing as the code changes.
//! The seeds (real inputs: the seed index, shards, the import fixtures) are replayed
//! too, and written to `target/fuzz-seeds/<target>/` for `./build.sh fuzz` to start from.
#![cfg(feature = "cli")]

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use tagsift::fuzz::{seeds, TARGETS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files below `dir` (none when it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The import fixtures a target starts from, by extension.
fn fixture_seeds(target: &str) -> Vec<PathBuf> {
    let extensions: &[&str] = match target {
        "import_listing" => return files(&root().join("seeds")),
        "import_json" => &["json"],
        "import_jsonl" => &["jsonl"],
        "import_markdown" => &["md", "markdown", "mdx"],
        "import_feed" => &["xml", "rss", "atom"],
        "import_html" => &["html", "htm"],
        "import_text" => &["md", "json", "toml", "yml"],
        _ => &[],
    };
    let mut out: Vec<PathBuf> = files(&root().join("tests/fixtures"))
        .into_iter()
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)))
        .collect();
    if target == "import_html" {
        out.extend(files(&root().join("www")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")));
    }
    out
}

/// The entries of a target's committed corpus (`fuzz/corpus.mjs` packs them): each a
/// 4-byte little-endian length and the bytes.
fn bundle(target: &str) -> Vec<Vec<u8>> {
    let Ok(bytes) = fs::read(root().join("fuzz/corpus").join(format!("{target}.corpus"))) else { return Vec::new() };
    let mut out = Vec::new();
    let mut rest = bytes.as_slice();
    while let Some((len, tail)) = rest.split_first_chunk::<4>() {
        let len = u32::from_le_bytes(*len) as usize;
        assert!(len <= tail.len(), "fuzz/corpus/{target}.corpus is truncated");
        out.push(tail[..len].to_vec());
        rest = &tail[len..];
    }
    out
}

/// A short, stable name for a seed.
fn name_of(bytes: &[u8]) -> String {
    format!("seed-{:016x}", tagsift::shard::content_hash(bytes))
}

#[test]
fn every_corpus_entry_finding_and_seed_passes() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, run) in TARGETS {
        let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
        for (k, bytes) in bundle(target).into_iter().enumerate() {
            inputs.push((format!("entry {k} of fuzz/corpus/{target}.corpus"), bytes));
        }
        for path in files(&root().join("fuzz/findings").join(target)) {
            inputs.push((path.display().to_string(), fs::read(&path).unwrap()));
        }
        let mut seed_bytes = seeds(target);
        seed_bytes.extend(fixture_seeds(target).iter().map(|p| fs::read(p).unwrap()));
        let out = root().join("target/fuzz-seeds").join(target);
        fs::create_dir_all(&out).unwrap();
        for bytes in seed_bytes {
            fs::write(out.join(name_of(&bytes)), &bytes).unwrap();
            inputs.push((format!("seed {} of {target}", name_of(&bytes)), bytes));
        }
        for (name, bytes) in &inputs {
            replayed += 1;
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run(bytes))) {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{target}: {name}: {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {replayed} inputs failed:\n{}", failures.len(), failures.join("\n"));
    assert!(replayed > 100, "only {replayed} inputs: are the corpora there?");
}

#[test]
fn every_target_has_a_fuzz_binary_and_a_corpus() {
    for (target, _) in TARGETS {
        let binary = root().join("fuzz/fuzz_targets").join(format!("{target}.rs"));
        let source = fs::read_to_string(&binary).unwrap_or_else(|_| panic!("{} is missing", binary.display()));
        assert!(source.contains(&format!("tagsift::fuzz::{target}")), "{} runs another target", binary.display());
        assert!(!seeds(target).is_empty() || !fixture_seeds(target).is_empty(), "{target} has no seeds to start from");
    }
}
