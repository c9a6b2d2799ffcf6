//! The `tagsift` binary, run on real files.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::PathBuf;
use std::process::{Command, Output};

fn tagsift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tagsift")).args(args).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tagsift-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &std::path::Path) -> String {
    p.to_str().unwrap().to_string()
}

/// `lines` written to `input` as JSON Lines.
fn write_jsonl(input: &std::path::Path, lines: &[String]) {
    std::fs::write(input, lines.join("\n") + "\n").unwrap();
}

/// `tagsift index input -o into --split split`, which must succeed: what it printed.
fn index_into(input: &std::path::Path, into: &std::path::Path, split: &str) -> String {
    let out = tagsift(&["index", &path(input), "-o", &path(into), "--split", split]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn index_reports_counts_and_sizes_and_builds_identical_files() {
    let dir = scratch("index");
    let (a, b) = (dir.join("a.bin"), dir.join("b.bin"));
    let out = tagsift(&["index", "seeds", "-o", a.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("indexed 87 articles: 99 tags, 46 authors, 7 categories"), "{stdout}");
    assert!(stdout.contains("bytes gzip-compressed"), "{stdout}");
    assert!(text(&out.stderr).contains("the header announces 160 articles but the file holds 87"));
    assert!(tagsift(&["index", "seeds/000_3d6b433167b901e1.txt", "-o", b.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn inspect_prints_the_header_and_json_lines() {
    let golden = "tests/golden/seed-v3.bin";
    let out = tagsift(&["inspect", golden]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for line in ["format version 3", "articles 87", "tags 99", "authors 46", "categories 7"] {
        assert!(stdout.lines().any(|l| l == line), "missing {line:?} in {stdout}");
    }
    let out = tagsift(&["inspect", golden, "--json"]);
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 87);
    let first = &lines[0];
    assert_eq!(first["date"], "2026-04-03");
    assert_eq!(first["tags"], serde_json::json!(["Go", "Microservices", "ci/cd"]));
    assert_eq!(first["readMinutes"], 35);
    assert_eq!(lines[86]["date"], "2020-08-13");
    let fields: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["author", "category", "date", "id", "likes", "readMinutes", "summary", "tags", "title", "url"]);
}

#[test]
fn bad_input_exits_non_zero_naming_file_and_line() {
    let dir = scratch("bad");
    let seed = std::fs::read_to_string("seeds/000_3d6b433167b901e1.txt").unwrap();
    let broken = dir.join("broken.txt");
    std::fs::write(
        &broken,
        seed.replacen("Apr 3, 2026 · Backend Development", "Apr 33, 2026 · Backend Development", 1),
    )
    .unwrap();
    let out = tagsift(&["index", broken.to_str().unwrap(), "-o", dir.join("x.bin").to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "{}:6: error: `Apr 33, 2026` is not a date like `Apr 3, 2026` (English month, day, year)",
                broken.display()
            ),
            "read 1 file: 0 articles indexed, 0 drafts skipped, 0 duplicates merged, 0 warnings, 1 error".to_string(),
            format!(
                "tagsift: {} not written: fix the error above (every article must be indexed or explained)",
                dir.join("x.bin").display()
            ),
        ]
    );
    assert!(!dir.join("x.bin").exists(), "nothing is written on error");

    let not_a_listing = dir.join("notes.txt");
    std::fs::write(&not_a_listing, "hello\nworld\n").unwrap();
    let out = tagsift(&["index", not_a_listing.to_str().unwrap(), "-o", dir.join("y.bin").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("notes.txt:1: error: the format is not recognised"));

    let out = tagsift(&["inspect", not_a_listing.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("This is not a tagsift index"));
}

#[test]
fn index_reads_a_config_and_rejects_unknown_keys_with_a_suggestion() {
    let dir = scratch("config");
    let good = dir.join("good.toml");
    std::fs::write(&good, "base_url = \"https://example.com\"\nexclude = [\"**/_index.md\"]\n").unwrap();
    let out_file = dir.join("hugo.bin");
    let out = tagsift(&[
        "index",
        "tests/fixtures/import/hugo/content",
        "--config",
        good.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("read 1 file: 1 article indexed"));
    let json = tagsift(&["inspect", out_file.to_str().unwrap(), "--json"]);
    assert!(text(&json.stdout).contains("\"url\":\"https://example.com/posts/first-steps/\""));

    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "base_url = \"x\"\n\n[tags]\ncaes = \"lower\"\n").unwrap();
    let out = tagsift(&[
        "index",
        "tests/fixtures/import/hugo/content",
        "--config",
        bad.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "tagsift: {}:4: error: unknown key `tags.caes`: did you mean `tags.case`? (valid: case, aliases)",
            bad.display()
        )
    );
}

#[test]
fn query_prints_the_engine_result_as_json() {
    let out = tagsift(&[
        "query",
        "tests/golden/seed-v3.bin",
        "--tag",
        "Kafka",
        "--tag",
        "Streaming",
        "--mode",
        "any",
        "--per-page",
        "5",
        "--facet-limit",
        "3",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["total"], 12);
    assert_eq!(result["pages"], 3);
    assert_eq!(result["perPage"], 5);
    assert_eq!(result["sort"], "newest");
    assert_eq!(result["hits"].as_array().unwrap().len(), 5);
    let tags = &result["facets"]["tags"];
    assert!(tags["values"].as_array().unwrap().iter().any(|v| v["value"] == "Kafka" && v["selected"] == true));
    assert!(tags["distinct"].as_u64().unwrap() > 3);

    let out = tagsift(&["query", "tests/golden/seed-v3.bin", "-q", "high-concurrency", "--from", "2025-01-01"]);
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["sort"], "relevance");
    assert!(result["hits"].as_array().unwrap().iter().all(|h| h["date"].as_str().unwrap() >= "2025-01-01"));
}

#[test]
fn query_rejects_bad_parameters_clearly() {
    let out = tagsift(&["query", "tests/golden/seed-v3.bin", "--sort", "popular"]);
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        "tagsift: unknown sort `popular`: expected one of newest, oldest, longest, shortest, most-liked, title, relevance"
    );
    let out = tagsift(&["query", "tests/golden/seed-v3.bin", "--per-page", "500"]);
    assert_eq!(text(&out.stderr).trim(), "tagsift: perPage must be between 1 and 100, not 500");
    let out = tagsift(&["query", "tests/golden/seed-v3.bin", "--from", "yesterday"]);
    assert!(text(&out.stderr).contains("`yesterday` is not a date like 2026-04-03"));
}

#[test]
fn synth_writes_a_deterministic_index_and_json_lines() {
    let dir = scratch("synth");
    let (a, b, lines) = (dir.join("a.bin"), dir.join("b.bin"), dir.join("a.jsonl"));
    let run = |index: &PathBuf| {
        tagsift(&[
            "synth",
            "--articles",
            "500",
            "--seed",
            "9",
            "--index",
            index.to_str().unwrap(),
            "--jsonl",
            lines.to_str().unwrap(),
        ])
    };
    assert!(run(&a).status.success());
    assert!(run(&b).status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(std::fs::read_to_string(&lines).unwrap().lines().count(), 500);
    let out = tagsift(&["query", a.to_str().unwrap(), "--per-page", "1"]);
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["total"], 500);
    assert_eq!(result["facets"]["categories"]["distinct"], 12);
    let out = tagsift(&["synth", "--articles", "5"]);
    assert!(text(&out.stderr).contains("synth needs --index FILE, --jsonl FILE and/or --markdown DIR"));
}

#[test]
fn large_corpora_are_split_into_shards_that_answer_like_one_file() {
    let dir = scratch("split");
    let (a, b) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    assert!(tagsift(&["synth", "--articles", "3000", "--seed", "3", "--jsonl", &path(&a)]).status.success());
    let site = dir.join("site");
    let manifest = site.join("index.bin");
    let one = dir.join("one.bin");
    let out = tagsift(&["index", &path(&a), "-o", &path(&manifest)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("shards beside it"), "{}", text(&out.stdout));
    assert!(std::fs::read(&manifest).unwrap().starts_with(b"TAGSIFTM"));
    assert!(tagsift(&["index", &path(&a), "-o", &path(&one), "--split", "never"]).status.success());
    assert!(std::fs::read(&one).unwrap().starts_with(b"TAGSIFT\0"));
    let inspect = text(&tagsift(&["inspect", &path(&manifest)]).stdout);
    assert!(inspect.contains("articles 3000") && inspect.contains("display shards 60"), "{inspect}");

    // `tagsift query` reads the shards it needs from beside the manifest.
    let all: serde_json::Value = serde_json::from_slice(&tagsift(&["query", &path(&one)]).stdout).unwrap();
    let tag = |i: usize| all["facets"]["tags"]["values"][i]["value"].as_str().unwrap().to_string();
    let (t0, t1) = (tag(0), tag(5));
    let queries: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--tag", &t1],
        vec!["--tag", &t1, "--mode", "any", "--page", "3"],
        vec!["--tag", &t0, "--tag", &t1],
        vec!["-q", "data stre"],
        vec!["--sort", "title", "--page", "7"],
    ];
    for q in queries {
        let run = |index: &std::path::Path| {
            let out = tagsift(&[&["query", &path(index)][..], &q].concat());
            assert!(out.status.success(), "{q:?}: {}", text(&out.stderr));
            text(&out.stdout)
        };
        assert_eq!(run(&manifest), run(&one), "{q:?}");
    }

    // A rebuild removes the shards the new manifest no longer names.
    assert!(tagsift(&["synth", "--articles", "2500", "--seed", "4", "--jsonl", &path(&b)]).status.success());
    let out = tagsift(&["index", &path(&b), "-o", &path(&manifest)]);
    assert!(text(&out.stdout).contains("removed"), "{}", text(&out.stdout));
    let files = std::fs::read_dir(&site).unwrap().count();
    let inspect = text(&tagsift(&["inspect", &path(&manifest)]).stdout);
    let line = inspect.lines().find(|l| l.starts_with("files ")).unwrap().to_string();
    let named: usize = line["files ".len()..].split(' ').next().unwrap().parse().unwrap();
    assert_eq!(files, named, "only the manifest and its shards remain");
}

#[test]
fn adding_the_newest_articles_in_place_lays_out_as_a_fresh_build() {
    // A CI that builds into an empty folder each time gets the files of one that keeps
    // the folder, when what changed is new articles with the newest dates (one with a
    // tag never seen before): the shards of the earlier build keep their names.
    let dir = scratch("newest-in-place");
    let base = dir.join("base.jsonl");
    assert!(tagsift(&["synth", "--articles", "3000", "--seed", "3", "--jsonl", &path(&base)]).status.success());
    let mut lines: Vec<String> = text(&std::fs::read(&base).unwrap()).lines().map(str::to_string).collect();
    let build = |lines: &[String], into: &std::path::Path| {
        let input = dir.join("input.jsonl");
        write_jsonl(&input, lines);
        index_into(&input, &into.join("index.bin"), "always")
    };
    let site = dir.join("site");
    let _ = std::fs::remove_dir_all(&site);
    build(&lines, &site);
    let before = folder(&site);
    for k in 0..3 {
        let mut a: serde_json::Value = serde_json::from_str(&lines[k]).unwrap();
        a["title"] = format!("Newest article {k}").into();
        a["date"] = format!("2099-01-0{}", k + 1).into();
        a["tags"].as_array_mut().unwrap().push(format!("Never seen {k}").into());
        lines.push(a.to_string());
    }
    let said = build(&lines, &site);
    assert!(said.contains("3000 articles kept their slots, 3 took new ones"), "{said}");
    let fresh = dir.join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    build(&lines, &fresh);
    assert!(folder(&site) == folder(&fresh), "the rebuild in place is not the fresh layout");
    let changed = folder(&site).keys().filter(|n| *n != "index.bin" && !before.contains_key(*n)).count();
    assert!(changed <= 4, "{changed} files changed");
}

#[test]
fn a_build_on_one_thread_and_on_several_writes_the_same_bytes() {
    // Markdown files (read in parallel) into a sharded index (encoded in parallel).
    let dir = scratch("threads");
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&content);
    let synth = tagsift(&["synth", "--articles", "3000", "--seed", "9", "--markdown", content.to_str().unwrap()]);
    assert!(synth.status.success(), "{}", text(&synth.stderr));
    let build = |threads: &str| {
        let out = dir.join(format!("out-{threads}"));
        let _ = std::fs::remove_dir_all(&out);
        let index = out.join("index.bin");
        let run = Command::new(env!("CARGO_BIN_EXE_tagsift"))
            .args(["index", content.to_str().unwrap(), "-o", index.to_str().unwrap(), "--split", "always"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", text(&run.stderr));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        (files, text(&run.stdout))
    };
    let (one, one_said) = build("1");
    let (four, four_said) = build("4");
    assert!(one.len() > 10, "a sharded index: {} files", one.len());
    assert!(one == four, "the same files, byte for byte");
    let said = |s: &str| s.lines().filter(|l| l.starts_with("indexed")).collect::<Vec<_>>().join("\n");
    assert_eq!(said(&one_said), said(&four_said));
}

/// The files of a sharded index folder, by name.
fn folder(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Default::default() };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn rebuilds_in_place_answer_like_a_fresh_build_and_change_a_handful_of_files() {
    // Random sequences of what sites do between deploys (add the newest articles, edit
    // one, delete one, add one with an old date), each rebuilt into the same folder.
    // After every step the folder answers like a one-file index of the same articles,
    // and a build that kept the earlier slots changed few files: 5 for one new article,
    // 10 for a hundred, 3 for an edit, 5 for a deletion (besides the manifest).
    let dir = scratch("rebuilds");
    let base = dir.join("base.jsonl");
    assert!(tagsift(&["synth", "--articles", "2500", "--seed", "12", "--jsonl", &path(&base)]).status.success());
    let base: Vec<serde_json::Value> =
        text(&std::fs::read(&base).unwrap()).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut added = 0;
    // A new article: a copy of a random one under a new title and the given date, with
    // a tag no other article has now and then.
    let fresh_article = |added: usize, pick: usize, date: String| {
        let mut a = base[pick].clone();
        a["title"] = format!("Rebuild article {added}").into();
        a["date"] = date.into();
        if added % 3 == 0 {
            a["tags"].as_array_mut().unwrap().push(format!("New tag {added}").into());
        }
        a
    };
    let mut kept = 0;
    for sequence in 0..3 {
        let site = dir.join(format!("site-{sequence}"));
        let _ = std::fs::remove_dir_all(&site);
        let mut articles = base.clone();
        for step in 0..6 {
            let before = folder(&site);
            let kind = if step == 0 { 0 } else { next(4) };
            let mut count = 0;
            match kind {
                0 => {
                    count = [1, 1, 100][next(3)];
                    for _ in 0..count {
                        added += 1;
                        let date = format!("2099-{:02}-{:02}", 1 + added / 28 % 12, 1 + added % 28);
                        articles.push(fresh_article(added, next(base.len()), date));
                    }
                }
                1 => {
                    let i = next(articles.len());
                    articles[i]["likes"] = (next(5000) as u64).into();
                }
                2 => {
                    articles.remove(next(articles.len()));
                }
                _ => {
                    added += 1;
                    let a = fresh_article(added, next(base.len()), "2001-06-15".into());
                    articles.insert(next(articles.len()), a);
                }
            }
            let jsonl = dir.join(format!("step-{sequence}.jsonl"));
            write_jsonl(&jsonl, &articles.iter().map(|a| a.to_string()).collect::<Vec<_>>());
            let said = index_into(&jsonl, &site.join("index.bin"), "always");
            let after = folder(&site);
            let one = dir.join(format!("one-{sequence}.bin"));
            index_into(&jsonl, &one, "never");
            for q in [vec!["--tag", "Kafka", "--page", "2"], vec!["-q", "kqfka strea"], vec!["--sort", "title"]] {
                let run = |index: &std::path::Path| text(&tagsift(&[&["query", &path(index)][..], &q].concat()).stdout);
                assert_eq!(
                    run(&site.join("index.bin")),
                    run(&one),
                    "sequence {sequence}, step {step} (kind {kind}, {count}), {q:?}\n{said}"
                );
            }
            let changed = after.keys().filter(|name| *name != "index.bin" && !before.contains_key(*name)).count();
            if !before.is_empty() && said.contains("kept their slots") {
                kept += 1;
                let budget = match (kind, count) {
                    (0, 1) | (2, _) | (3, _) => 5,
                    (0, _) => 10,
                    _ => 3,
                };
                assert!(
                    changed <= budget,
                    "sequence {sequence}, step {step} (kind {kind}): {changed} files changed\n{said}"
                );
            }
        }
    }
    assert!(kept >= 10, "only {kept} of 15 rebuilds kept the earlier slots");
}
