// What a deploy uploads after the edits a site makes most, and what a build costs: for
// synthetic corpora (tagsift synth, JSON Lines) of 10k, 100k and 1M articles, a sharded
// index is built, then rebuilt in a copy of its folder after each edit below; the files
// whose names are new (content hashes: a kept name is kept bytes) are what changed.
// The fresh build is timed with 1 and 2 threads (GNU time: wall clock, peak memory),
// and both must write the same bytes.
//
//   node benches/rebuilds.mjs [--sizes 10000,100000,1000000]
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { root } from "../tests/support/site.mjs";

const { values: args } = parseArgs({ options: { sizes: { type: "string", default: "10000,100000,1000000" } } });
const cli = join(root, "target/release/tagsift");
const work = join(tmpdir(), `tagsift-rebuilds-${process.pid}`);
const kb = (x) => `${(x / 1024).toFixed(0)} KB`;

function run(command, argv, env = {}) {
  const out = spawnSync(command, argv, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  if (out.status !== 0) throw new Error(`${command} ${argv.join(" ")}: ${out.stderr}`);
  return out;
}

/** Builds `lines` into `dir`/index.bin (sharded); returns GNU time's figures. */
function build(lines, dir, threads = "2") {
  const input = join(work, "articles.jsonl");
  writeFileSync(input, lines.join("\n") + "\n");
  const out = run("/usr/bin/time", ["-f", "%e %M", cli, "index", input, "-o", join(dir, "index.bin"), "--split", "always"], { RAYON_NUM_THREADS: threads });
  const [seconds, peak] = out.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { seconds, peakMb: peak / 1024 };
}

/** The shard files of `dir` with their sizes (index.bin apart). */
const files = (dir) => new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]));

/** `lines` with the article of line `at` changed by `change` (or removed, for null). */
function edited(lines, at, change) {
  const out = [...lines];
  const article = change(JSON.parse(lines[at]));
  if (article) out[at] = JSON.stringify(article);
  else out.splice(at, 1);
  return out;
}
const edits = {
  "add 1 newest": (lines, newest) => [...lines, newest(1)[0]],
  "add 100 newest": (lines, newest) => [...lines, ...newest(100)],
  "edit one old (likes)": (lines, _, old) => edited(lines, old, (a) => ({ ...a, likes: 12345 })),
  "edit one old (title)": (lines, _, old) => edited(lines, old, (a) => ({ ...a, title: `${a.title} (revised)` })),
  "delete one old": (lines, _, old) => edited(lines, old, () => null),
};
/** The line of the article with the oldest date. */
function oldest(lines) {
  const dates = lines.map((l) => JSON.parse(l).date ?? "9999");
  return dates.reduce((best, d, i) => (d < dates[best] ? i : best), 0);
}

mkdirSync(work, { recursive: true });
const rows = [];
const builds = [];
for (const n of args.sizes.split(",").map(Number)) {
  const source = join(work, "synth.jsonl");
  run(cli, ["synth", "--articles", String(n), "--seed", "5", "--jsonl", source]);
  const lines = readFileSync(source, "utf8").trim().split("\n");
  // New articles: copies of existing ones under new titles, dated after every other.
  let serial = 0;
  const newest = (k) => Array.from({ length: k }, () => JSON.stringify({ ...JSON.parse(lines[serial % lines.length]), title: `New article ${++serial}`, date: "2099-12-31" }));
  const old = oldest(lines);

  const base = join(work, `base-${n}`);
  const one = build(lines, base, "1");
  const twoDir = join(work, `two-${n}`);
  const two = build(lines, twoDir, "2");
  const same = [...files(base)].every(([f]) => readFileSync(join(base, f)).equals(readFileSync(join(twoDir, f))));
  rmSync(twoDir, { recursive: true, force: true });
  const before = files(base);
  const total = [...before.values()].reduce((a, b) => a + b, 0);
  builds.push({ n, one, two, same, files: before.size, total });

  for (const [kind, edit] of Object.entries(edits)) {
    const dir = join(work, `edit-${n}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(base, dir, { recursive: true });
    build(edit(lines, newest, old), dir);
    const after = files(dir);
    const changed = [...after].filter(([f]) => f !== "index.bin" && !before.has(f));
    const removed = [...before.keys()].filter((f) => !after.has(f)).length;
    const bytes = changed.reduce((a, [, size]) => a + size, 0);
    rows.push({ n, kind, files: changed.length, removed, bytes, manifest: after.get("index.bin"), share: bytes / total });
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(base, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

console.log(`
| articles | edit | files changed (besides index.bin) | removed | bytes changed | share of the index | index.bin |
|---|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(`| ${r.n.toLocaleString("en-US")} | ${r.kind} | ${r.files} | ${r.removed} | ${kb(r.bytes)} | ${(100 * r.share).toFixed(2)}% | ${kb(r.manifest)} |`);
}
console.log(`
| articles | files | bytes | build, 1 thread | build, 2 threads | same bytes |
|---|---|---|---|---|---|`);
for (const b of builds) {
  const f = (x) => `${x.seconds.toFixed(2)} s, ${x.peakMb.toFixed(0)} MB`;
  console.log(`| ${b.n.toLocaleString("en-US")} | ${b.files} | ${(b.total / 1e6).toFixed(1)} MB | ${f(b.one)} | ${f(b.two)} | ${b.same ? "yes" : "NO"} |`);
}
