//! `tagsift index` killed at any moment of a sharded build: what is on disk is always a
//! whole index, the previous one or the new one, whose manifest names only shards that
//! are there with the very bytes it names. The kills land at random moments of the
//! whole run (reading, building, writing), and, with strace's fault injection, on the
//! very system calls that write and rename each file, the manifest's included.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tagsift::shard::reader::Sharded;
use tagsift::synth::Rng;

fn tagsift() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tagsift"))
}

fn build(input: &Path, out: &Path) -> Command {
    let mut c = tagsift();
    c.arg("index").arg(input).arg("-o").arg(out).args(["--split", "always"]);
    c.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    c
}

/// The manifest at `out` opens and every part it names is beside it, whole; returns
/// the manifest's bytes.
fn whole_index(out: &Path) -> Vec<u8> {
    let manifest = std::fs::read(out).expect("the index file is there");
    let mut reader = Sharded::open(&manifest).unwrap_or_else(|e| panic!("the manifest is damaged: {e}"));
    let dir = out.parent().unwrap();
    for part in reader.manifest().parts().collect::<Vec<_>>() {
        let name = reader.manifest().file_name(part);
        let bytes =
            std::fs::read(dir.join(&name)).unwrap_or_else(|_| panic!("the manifest names {name}, which is gone"));
        reader.add(part, &bytes).unwrap_or_else(|e| panic!("{name} is not whole: {e}"));
    }
    manifest
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_index() {
    let dir = std::env::temp_dir().join(format!("tagsift-atomic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Two corpora that share most articles, as two deployments do.
    let inputs: Vec<PathBuf> = (0..2)
        .map(|k| {
            let path = dir.join(format!("corpus{k}.jsonl"));
            let status = tagsift()
                .args(["synth", "--articles", &(20_000 + 500 * k).to_string(), "--seed", "9", "--jsonl"])
                .arg(&path)
                .status()
                .unwrap();
            assert!(status.success());
            path
        })
        .collect();
    let out = dir.join("site/index.bin");
    let started = Instant::now();
    assert!(build(&inputs[0], &out).status().unwrap().success());
    let full = started.elapsed();
    let mut states = vec![whole_index(&out)];
    assert!(build(&inputs[1], &out).status().unwrap().success());
    states.push(whole_index(&out));
    assert_ne!(states[0], states[1]);

    let mut rng = Rng::new(14);
    let mut killed = 0;
    for round in 0..12 {
        let before = std::fs::read(&out).unwrap();
        let mut child = build(&inputs[round % 2], &out).spawn().unwrap();
        // Anywhere from the start to a little past the end of a whole build.
        let at = Duration::from_micros(rng.below(full.as_micros() as usize * 11 / 10) as u64);
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let after = whole_index(&out);
        assert!(after == before || states.contains(&after), "round {round}: an index that no build wrote");
    }
    assert!(killed >= 6, "only {killed} of 12 builds were killed before they ended");

    // Killed on the k-th write or rename of a build: every file's, the manifest's last.
    let calls = |input: &Path, syscall: &str| {
        let trace = dir.join("trace");
        let mut c = Command::new("strace");
        c.args(["-f", "-qq", "-e", &format!("trace={syscall}"), "-o"]).arg(&trace).arg(env!("CARGO_BIN_EXE_tagsift"));
        c.arg("index").arg(input).arg("-o").arg(&out).args(["--split", "always"]);
        let status = c.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status();
        assert!(status.expect("strace runs (build.sh installs it)").success());
        std::fs::read_to_string(&trace).unwrap().lines().filter(|l| l.contains(&format!("{syscall}("))).count()
    };
    for (k, syscall) in ["write", "rename"].into_iter().enumerate() {
        // Each corpus in turn, so that every build has new shards and a new manifest to write.
        let input = &inputs[k % 2];
        let other = &inputs[1 - k % 2];
        let total = calls(input, syscall);
        assert!(total > 100, "{total} {syscall} calls");
        let mut points: Vec<usize> = (0..6).map(|_| 1 + rng.below(total)).collect();
        points.extend(total.saturating_sub(6)..=total);
        for when in points {
            assert!(build(other, &out).status().unwrap().success());
            let before = whole_index(&out);
            let status = Command::new("strace")
                .args(["-f", "-qq", "-o", "/dev/null", "-e", &format!("inject={syscall}:signal=KILL:when={when}")])
                .arg(env!("CARGO_BIN_EXE_tagsift"))
                .arg("index")
                .arg(input)
                .arg("-o")
                .arg(&out)
                .args(["--split", "always"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            let after = whole_index(&out);
            let killed_at = format!("killed at {syscall} {when} of {total} (exit {status})");
            assert!(after == before || states.contains(&after), "{killed_at}: an index that no build wrote");
        }
    }
    // The next build that runs to its end cleans up what the killed ones left.
    assert!(build(&inputs[0], &out).status().unwrap().success());
    assert_eq!(whole_index(&out), states[0]);
    let names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");
    let named = Sharded::open(&states[0]).unwrap().manifest().parts().count();
    assert_eq!(names.len(), named + 1, "stale shards were left beside the index");
    std::fs::remove_dir_all(&dir).unwrap();
}
