//! Build inputs as a hostile (or unlucky) site would have them, each given to the real
//! `tagsift index` beside good articles: every one ends in bounded time and memory,
//! with an error that names the file and line and says what is wrong, or is read as
//! documented; nothing panics, nothing is lost without a word.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tagsift-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What one run of `tagsift index` did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory, KiB (VmHWM, sampled until the process ends).
    peak_kib: u64,
}

/// Runs `tagsift index <inputs> -o <dir>/out/index.bin`, sampling its peak memory.
fn index(dir: &Path, inputs: &[&Path]) -> Run {
    let out = dir.join("out/index.bin");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tagsift"))
        .arg("index")
        .args(inputs)
        .arg("-o")
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    // Read the pipes on threads so that a chatty run cannot block on them.
    let (mut so, mut se) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = std::thread::spawn(move || std::io::read_to_string(&mut so).unwrap_or_default());
    let stderr = std::thread::spawn(move || std::io::read_to_string(&mut se).unwrap_or_default());
    let code = loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kib) = text.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                peak_kib = peak_kib.max(kib.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0));
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        assert!(started.elapsed() < Duration::from_secs(120), "tagsift index did not end within 2 minutes");
        std::thread::sleep(Duration::from_millis(5));
    };
    Run { code, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap(), elapsed: started.elapsed(), peak_kib }
}

impl Run {
    /// Refused, with an error line naming `file:line` and containing `words`.
    fn refused(&self, file: &Path, line: usize, words: &str) {
        assert_eq!(self.code, Some(1), "expected a refusal (exit 1), not {:?}:\n{}", self.code, self.stderr);
        let at = match line {
            0 => format!("{}: error: ", file.display()),
            n => format!("{}:{n}: error: ", file.display()),
        };
        assert!(
            self.stderr.lines().any(|l| l.starts_with(&at) && l.contains(words)),
            "no error `{at}…{words}…` in:\n{}",
            self.stderr
        );
    }
}

/// A good article beside the hostile file: the run reads it too.
fn good_article(dir: &Path) -> PathBuf {
    let path = dir.join("good.md");
    std::fs::write(&path, "---\ntitle: A good article\ndate: 2026-01-02\ntags: [Rust]\n---\nBody.\n").unwrap();
    path
}

#[test]
fn json_nested_deeper_than_the_parser_goes_is_an_error_not_a_panic() {
    // The panic of issue 14: `[` 200 levels deep inside an array of articles.
    let dir = scratch("nested");
    let file = dir.join("articles.json");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    std::fs::write(&file, format!("[\n  {{\"title\": \"A\"}},\n  {deep}\n]\n")).unwrap();
    let run = index(&dir, &[&file]);
    run.refused(&file, 3, "the article cannot be read: recursion limit exceeded");
    // As JSON Lines, and as the whole file.
    let lines = dir.join("articles.jsonl");
    std::fs::write(&lines, format!("{{\"title\": \"A\"}}\n{{\"title\": {deep}}}\n")).unwrap();
    index(&dir, &[&lines]).refused(&lines, 2, "the line is not a JSON object: recursion limit exceeded");
    std::fs::write(&file, &deep).unwrap();
    index(&dir, &[&file]).refused(&file, 1, "recursion limit exceeded");
}

#[test]
fn a_yaml_alias_bomb_ends_at_once_with_an_error() {
    // Nine levels of nine aliases: a billion strings if expanded.
    let dir = scratch("yaml-bomb");
    let mut yaml = String::from(
        "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    yaml.push_str("tags: *i\n---\nBody.\n");
    let file = dir.join("bomb.md");
    std::fs::write(&file, yaml).unwrap();
    let good = good_article(&dir);
    let run = index(&dir, &[&file, &good]);
    run.refused(&file, 2, "the YAML front matter is not valid");
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    assert!(run.peak_kib < 200 << 10, "{} KiB", run.peak_kib);
}

#[test]
fn a_feed_with_a_document_type_or_entities_is_refused_in_words() {
    let dir = scratch("dtd");
    let file = dir.join("feed.xml");
    let lol = "<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
    std::fs::write(
        &file,
        format!("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [{lol}]>\n<rss><channel><item><title>&lol2;</title></item></channel></rss>\n"),
    )
    .unwrap();
    index(&dir, &[&file]).refused(&file, 2, "the feed declares a document type (<!DOCTYPE …>)");
}

#[test]
fn bytes_that_are_not_utf8_text_name_their_line() {
    let dir = scratch("encodings");
    let latin1 = dir.join("latin1.md");
    std::fs::write(&latin1, b"---\ntitle: Caf\xe9\n---\n").unwrap();
    index(&dir, &[&latin1]).refused(&latin1, 2, "the file is not valid UTF-8");
    let binary = dir.join("image.md");
    std::fs::write(&binary, b"---\ntitle: x\n---\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    index(&dir, &[&binary]).refused(&binary, 6, "the file holds a NUL character: it looks like a binary file");
    let nul = dir.join("nul.jsonl");
    std::fs::write(&nul, b"{\"title\": \"A\"}\n{\"title\": \"B\0\"}\n").unwrap();
    index(&dir, &[&nul]).refused(&nul, 2, "NUL character");
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_read() {
    let dir = scratch("utf16");
    let text = "---\ntitle: Ünïcode in UTF-16\ndate: 2026-03-04\ntags: [Text, 文字]\n---\nBody.\n";
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(dir.join("le.md"), le).unwrap();
    let lines = "{\"title\": \"Big endian\", \"tags\": [\"Text\"]}\n";
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(lines.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    std::fs::write(dir.join("be.jsonl"), be).unwrap();
    let run = index(&dir, &[&dir.join("le.md"), &dir.join("be.jsonl")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("indexed 2 articles: 2 tags"), "{}", run.stdout);
}

#[test]
fn symbolic_link_loops_are_reported_once_and_the_rest_is_read() {
    let dir = scratch("links");
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("posts")).unwrap();
    good_article(&content.join("posts"));
    std::os::unix::fs::symlink(&content, content.join("posts/loop")).unwrap();
    std::os::unix::fs::symlink(content.join("nowhere"), content.join("dangling.md")).unwrap();
    let run = index(&dir, &[&content]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("indexed 1 article"), "{}", run.stdout);
    let warned = |words: &str| run.stderr.lines().any(|l| l.contains(": warning: ") && l.contains(words));
    assert!(warned("a symbolic link loops back to"), "{}", run.stderr);
    assert!(warned("a symbolic link to nothing: skipped"), "{}", run.stderr);
}

/// A file of `len` bytes that takes no disk space (all zeros).
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[test]
fn a_one_gigabyte_file_is_refused_in_bounded_time_and_memory() {
    let dir = scratch("huge");
    let good = good_article(&dir);
    // Read whole: refused by its size before a byte is read.
    let page = dir.join("huge.md");
    sparse(&page, 1 << 30);
    let run = index(&dir, &[&page, &good]);
    run.refused(&page, 0, "the file is 1.0 GiB, more than the 256 MiB tagsift reads in one piece");
    assert!(run.peak_kib < 100 << 10, "{} KiB", run.peak_kib);
    // Read a line at a time (JSON Lines): the first line is too long, and memory stays
    // within the longest line allowed.
    let lines = dir.join("huge.jsonl");
    sparse(&lines, 1 << 30);
    let run = index(&dir, &[&lines, &good]);
    run.refused(&lines, 1, "the line is longer than 16 MiB");
    assert!(run.peak_kib < 100 << 10, "{} KiB", run.peak_kib);
    assert!(run.elapsed < Duration::from_secs(20), "{:?}", run.elapsed);
}

#[test]
fn a_folder_of_a_million_files_is_walked_in_bounded_time_and_memory() {
    // A million files no importer reads (a media folder), and ten articles among them.
    let dir = scratch("million");
    let content = dir.join("content");
    for k in 0..100 {
        std::fs::create_dir_all(content.join(format!("{k:03}"))).unwrap();
    }
    for i in 0..1_000_000u32 {
        std::fs::File::create(content.join(format!("{:03}/{i:07}.dat", i % 100))).unwrap();
    }
    for i in 0..10 {
        std::fs::write(content.join(format!("{i:03}/post.md")), format!("---\ntitle: Post {i}\n---\nBody.\n")).unwrap();
    }
    let run = index(&dir, &[&content]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("read 10 files: 10 articles indexed"), "{}", run.stderr);
    assert!(run.stderr.contains("; 1000000 files skipped: 1000000 .dat"), "{}", run.stderr);
    // Counted, not listed: memory does not hold the skipped files.
    assert!(run.peak_kib < 300 << 10, "{} KiB", run.peak_kib);
    eprintln!("a million files: {:?}, peak {} MiB", run.elapsed, run.peak_kib >> 10);
    std::fs::remove_dir_all(&dir).unwrap();
}
