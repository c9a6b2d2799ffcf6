//! `tagsift index --prerender` and `tagsift prerender`, run on real pages on disk: the
//! first view goes into the widget's element, a second run changes no byte, and the rest
//! of the page is never touched.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tagsift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tagsift")).args(args).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tagsift-prerender-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const HEAD: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Blog</title>\n  \
    <link rel=\"stylesheet\" href=\"pkg/web/tagsift.css\" data-tagsift-css>\n  \
    <script type=\"module\" src=\"pkg/web/tagsift.js\" blocking=\"render\"></script>\n</head>\n<body>\n  <main>\n    ";
const TAIL: &str = "\n  </main>\n  <footer>© 2026 — <a href=\"/about\">About</a></footer>\n</body>\n</html>\n";

fn page(dir: &Path, element: &str) -> PathBuf {
    let path = dir.join("index.html");
    std::fs::write(&path, format!("{HEAD}{element}{TAIL}")).unwrap();
    path
}

fn index_with_prerender(dir: &Path, page: &Path) -> Output {
    let out = dir.join("index.bin");
    tagsift(&["index", "seeds", "-o", out.to_str().unwrap(), "--prerender", page.to_str().unwrap()])
}

#[test]
fn the_first_view_goes_into_the_widget_element_and_a_second_run_changes_nothing() {
    let dir = scratch("twice");
    let path = page(&dir, "<div data-tagsift=\"index.bin\"></div>");
    let out = index_with_prerender(&dir, &path);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("wrote the first view into {}", path.display())));
    let first = std::fs::read_to_string(&path).unwrap();
    // The rest of the page is byte for byte what it was.
    assert!(first.starts_with(&format!("{HEAD}<div data-tagsift=\"index.bin\"><!--tagsift:view-->")));
    assert!(first.ends_with(&format!("<!--/tagsift:view--></div>{TAIL}")));
    assert!(first.contains("87 articles · Page 1 of 9"));
    assert_eq!(first.matches("<article class=\"tagsift-card\">").count(), 10);
    assert!(first.contains("<time datetime=\"2026-04-03\">Apr 3, 2026</time>"));
    // The controls are disabled until the script takes over.
    assert!(first.contains("<fieldset class=\"tagsift-frame\" role=\"none\" disabled=\"\">"));
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();

    // Again, through both commands: the same bytes, and the page is not even rewritten.
    let out = index_with_prerender(&dir, &path);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("the first view is already in"), "{}", text(&out.stdout));
    let out = tagsift(&["prerender", dir.join("index.bin").to_str().unwrap(), path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert_eq!(text(&out.stderr), "", "no warnings for a page with the stylesheet and a render-blocking script");
}

#[test]
fn a_changed_index_replaces_the_block_in_place() {
    let dir = scratch("replace");
    let path = page(&dir, "<div class=\"search\" data-tagsift=\"index.bin\" data-tagsift-per-page=\"20\"></div>");
    assert!(index_with_prerender(&dir, &path).status.success());
    let before = std::fs::read_to_string(&path).unwrap();
    assert_eq!(before.matches("<article class=\"tagsift-card\">").count(), 20, "the element's options apply");
    std::fs::write(
        dir.join("two.json"),
        r#"[{"title": "One", "date": "2026-01-02", "tags": ["a"]}, {"title": "Two", "date": "2026-01-01"}]"#,
    )
    .unwrap();
    let out = tagsift(&[
        "index",
        dir.join("two.json").to_str().unwrap(),
        "-o",
        dir.join("index.bin").to_str().unwrap(),
        "--prerender",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("2 articles · Page 1 of 1"));
    assert_eq!(after.matches("<article class=\"tagsift-card\">").count(), 2);
    assert_eq!(after.matches("<!--tagsift:view-->").count(), 1);
    let block = |p: &str| p[p.find("<!--tagsift:view-->").unwrap()..p.find("<!--/tagsift:view-->").unwrap()].len();
    assert_eq!(after.len() - block(&after), before.len() - block(&before), "only the block changed");
}

#[test]
fn a_widget_mounted_from_code_is_named_by_its_id_and_a_sharded_index_works_the_same() {
    let dir = scratch("sharded");
    let path = page(&dir, "<div id=\"search\"></div><div data-tagsift=\"other.bin\"></div>");
    let out = dir.join("index.bin");
    let out = tagsift(&[
        "index",
        "seeds",
        "-o",
        out.to_str().unwrap(),
        "--split",
        "always",
        "--prerender",
        &format!("{}#search", path.display()),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html
        .contains("<div id=\"search\"><!--tagsift:view--><div class=\"tagsift\" data-tagsift-id=\"tagsift-search\">"));
    assert!(html.contains("87 articles · Page 1 of 9"));
    assert!(html.contains("<div data-tagsift=\"other.bin\"></div>"), "the other widget is left alone");
    // The sharded index's first view is the one-file index's.
    let one = scratch("one");
    let one_page = page(&one, "<div id=\"search\"></div>");
    assert!(tagsift(&["index", "seeds", "-o", one.join("index.bin").to_str().unwrap(), "--split", "never"])
        .status
        .success());
    let out =
        tagsift(&["prerender", one.join("index.bin").to_str().unwrap(), &format!("{}#search", one_page.display())]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&one_page).unwrap(), html.replace("<div data-tagsift=\"other.bin\"></div>", ""));
}

#[test]
fn pages_it_cannot_write_into_are_errors_that_say_why() {
    let dir = scratch("errors");
    let cases = [
        (
            "<div class=\"search\"></div>",
            "no widget element (<div data-tagsift=\"index.bin\"></div>) to prerender into",
        ),
        (
            "<div data-tagsift>\n<p>Loading…</p></div>",
            ":10: the widget element holds content that tagsift did not write",
        ),
        (
            "<div data-tagsift></div>\n<div data-tagsift></div>",
            ":11: several widget elements; name the one to prerender into",
        ),
        (
            "<div data-tagsift data-tagsift-per-page=\"500\"></div>",
            ":10: data-tagsift-per-page: expected a whole number from 1 to 100",
        ),
    ];
    for (element, message) in cases {
        let path = page(&dir, element);
        let out = index_with_prerender(&dir, &path);
        assert!(!out.status.success(), "{element}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(message), "{element}: {stderr}");
        assert!(stderr.contains(&path.display().to_string()), "{stderr}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{HEAD}{element}{TAIL}"), "left as it was");
    }
    let out = tagsift(&[
        "prerender",
        dir.join("index.bin").to_str().unwrap(),
        &format!("{}#nope", dir.join("index.html").display()),
    ]);
    assert!(text(&out.stderr).contains("no element has id=\"nope\""), "{}", text(&out.stderr));
}

#[test]
fn a_page_missing_the_stylesheet_or_a_render_blocking_script_is_warned_about() {
    let dir = scratch("warnings");
    let path = dir.join("bare.html");
    std::fs::write(
        &path,
        "<!doctype html><title>x</title><div data-tagsift></div><script type=module src=t.js></script>",
    )
    .unwrap();
    let out = index_with_prerender(&dir, &path);
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("links no stylesheet marked data-tagsift-css"), "{stderr}");
    assert!(stderr.contains("no script has blocking=\"render\""), "{stderr}");
}
