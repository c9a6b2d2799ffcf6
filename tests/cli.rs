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
    let golden = "tests/golden/seed-v1.bin";
    let out = tagsift(&["inspect", golden]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for line in ["format version 1", "articles 87", "tags 99", "authors 46", "categories 7"] {
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
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "tagsift: {}:6: error: `Apr 33, 2026` is not a date like `Apr 3, 2026` (English month, day, year)",
            broken.display()
        )
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
