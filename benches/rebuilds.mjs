// What a deploy uploads after the edits a site makes most, what a text query fetches,
// and what a build costs: for synthetic corpora (tagsift synth, JSON Lines) of 10k,
// 100k and 1M articles, a sharded index is built, then rebuilt in a copy of its folder
// after each edit below (a rebuild in place keeps the earlier build's slots); the files
// whose names are new (content hashes: a kept name is kept bytes) are what changed.
// Text queries are run by `tagsift query --fetches`, which reads the files in the
// batches a browser fetches (one round trip each): the bytes to the results (the cards
// of the first page included) and to their facet counts (the filter shards) are
// printed apart. The fresh build is timed with 1 and 2 threads (GNU time: wall clock,
// peak memory), and both must write the same bytes; side by side with it, three times
// each, taking turns, the build of the fastest peer (itemsjs and Orama: the articles
// read and written as JSON, benches/peers/build.mjs), when the peers are installed
// (TAGSIFT_PEERS, which ./build.sh bench sets).
//
//   node benches/rebuilds.mjs [--sizes 10000,100000,1000000]
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
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

/** Builds `lines` into `dir`/index.bin (sharded); returns GNU time's figures and what tagsift said. */
function build(lines, dir, threads = "2") {
  const input = join(work, "articles.jsonl");
  writeFileSync(input, lines.join("\n") + "\n");
  const out = run("/usr/bin/time", ["-f", "%e %M", cli, "index", input, "-o", join(dir, "index.bin"), "--split", "always"], { RAYON_NUM_THREADS: threads });
  const [seconds, peak] = out.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { seconds, peakMb: peak / 1024, said: out.stdout };
}

/** The shard files of `dir` with their sizes (index.bin apart). */
const files = (dir) => new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]));
const gzipOf = (dir, names) => names.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);

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
  "add 1 newest with a new tag": (lines, newest) => [...lines, newest(1, "A tag never seen")[0]],
  "add 100 newest": (lines, newest) => [...lines, ...newest(100)],
  "add 1 with an old date": (lines, newest) => [...lines, JSON.stringify({ ...JSON.parse(newest(1)[0]), date: "2016-03-01" })],
  "edit one old (likes)": (lines, _, old) => edited(lines, old, (a) => ({ ...a, likes: 12345 })),
  "edit one old (title)": (lines, _, old) => edited(lines, old, (a) => ({ ...a, title: `${a.title} (revised)` })),
  "delete one old": (lines, _, old) => edited(lines, old, () => null),
};
/** The line of the article with the oldest date. */
function oldest(lines) {
  const dates = lines.map((l) => JSON.parse(l).date ?? "9999");
  return dates.reduce((best, d, i) => (d < dates[best] ? i : best), 0);
}

// Text queries a visitor types, with and without typos (kqfka and observabilty are one
// edit from kafka and observability; the last word of each query is a prefix).
const QUERIES = ["kafka", "kafka strea", "kqfka", "kqfka strea", "observabilty tracing", "idempotncy", "stre", "s"];

/** What `query` fetches from the sharded index in `dir`, beyond the manifest. */
function fetches(dir, query) {
  const out = run(cli, ["query", join(dir, "index.bin"), "-q", query, "--fetches"]);
  const rounds = out.stderr.split("\n").filter((l) => l.startsWith("round trip")).map((l) => l.split(": ").at(-1).split(" "));
  const facet = (f) => f.startsWith("f");
  const toResults = rounds.filter((r) => r.some((f) => !facet(f))).length;
  const all = rounds.flat();
  return {
    total: JSON.parse(out.stdout).total,
    rounds: rounds.length,
    toResults,
    results: gzipOf(dir, all.filter((f) => !facet(f))),
    facets: gzipOf(dir, all.filter(facet)),
    files: all.length,
  };
}

mkdirSync(work, { recursive: true });
const rows = [];
const builds = [];
const texts = [];
for (const n of args.sizes.split(",").map(Number)) {
  const source = join(work, "synth.jsonl");
  run(cli, ["synth", "--articles", String(n), "--seed", "5", "--jsonl", source]);
  const lines = readFileSync(source, "utf8").trim().split("\n");
  // New articles: copies of existing ones under new titles, dated after every other.
  let serial = 0;
  const newest = (k, tag) =>
    Array.from({ length: k }, () => {
      const a = JSON.parse(lines[serial % lines.length]);
      return JSON.stringify({ ...a, title: `New article ${++serial}`, date: "2099-12-31", tags: tag ? [...a.tags, tag] : a.tags });
    });
  const old = oldest(lines);

  // Side by side: tagsift's fresh build and the peer's, taking turns.
  const peers = process.env.TAGSIFT_PEERS;
  const side = { tagsift: [], peer: [] };
  if (peers) {
    const input = join(work, "side.jsonl");
    writeFileSync(input, lines.join("\n") + "\n");
    for (let round = 0; round < 3; round++) {
      const out = join(work, `side-${round}`);
      const t = run("/usr/bin/time", ["-f", "%e", cli, "index", input, "-o", join(out, "index.bin")]);
      side.tagsift.push(Number(t.stderr.trim().split("\n").at(-1)));
      const p = run("/usr/bin/time", ["-f", "%e", "node", join(root, "benches/peers/build.mjs"), "json", input, join(work, "peer.json")], { TAGSIFT_PEERS: peers });
      side.peer.push(Number(p.stderr.trim().split("\n").at(-1)));
      rmSync(out, { recursive: true, force: true });
    }
  }

  const base = join(work, `base-${n}`);
  const one = build(lines, base, "1");
  const twoDir = join(work, `two-${n}`);
  const two = build(lines, twoDir, "2");
  const same = [...files(base)].every(([f]) => readFileSync(join(base, f)).equals(readFileSync(join(twoDir, f))));
  rmSync(twoDir, { recursive: true, force: true });
  const before = files(base);
  const total = [...before.values()].reduce((a, b) => a + b, 0);
  builds.push({ n, one, two, same, files: before.size, total, side });
  for (const q of QUERIES) texts.push({ n, q, ...fetches(base, q) });

  for (const [kind, edit] of Object.entries(edits)) {
    const dir = join(work, `edit-${n}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(base, dir, { recursive: true });
    const { said, seconds } = build(edit(lines, newest, old), dir);
    const after = files(dir);
    const changed = [...after].filter(([f]) => f !== "index.bin" && !before.has(f));
    const removed = [...before.keys()].filter((f) => !after.has(f)).length;
    const bytes = changed.reduce((a, [, size]) => a + size, 0);
    const fresh = /laid out afresh/.test(said);
    rows.push({ n, kind, files: changed.length, removed, bytes, manifest: after.get("index.bin"), share: bytes / total, fresh, seconds });
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(base, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

console.log(`
| articles | edit | files changed (besides index.bin) | removed | bytes changed | share of the index | index.bin | rebuild |
|---|---|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.n.toLocaleString("en-US")} | ${r.kind} | ${r.files} | ${r.removed} | ${kb(r.bytes)} | ${(100 * r.share).toFixed(2)}% | ${kb(r.manifest)} | ${r.seconds.toFixed(2)} s${r.fresh ? ", afresh" : ""} |`,
  );
}
console.log(`
| articles | text query | results | to the results: round trips, gzip | the facet counts besides (filter shards), gzip | files |
|---|---|---|---|---|---|`);
for (const t of texts) {
  console.log(`| ${t.n.toLocaleString("en-US")} | \`${t.q}\` | ${t.total.toLocaleString("en-US")} | ${t.toResults}, ${kb(t.results)} | ${kb(t.facets)} | ${t.files} |`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`
| articles | files | bytes | build, 1 thread | build, 2 threads | same bytes | side by side, median of 3: tagsift / itemsjs and Orama |
|---|---|---|---|---|---|---|`);
for (const b of builds) {
  const f = (x) => `${x.seconds.toFixed(2)} s, ${x.peakMb.toFixed(0)} MiB`;
  const side = b.side.peer.length ? `${median(b.side.tagsift).toFixed(2)} s / ${median(b.side.peer).toFixed(2)} s` : "(peers not installed)";
  console.log(`| ${b.n.toLocaleString("en-US")} | ${b.files} | ${(b.total / 1e6).toFixed(1)} MB | ${f(b.one)} | ${f(b.two)} | ${b.same ? "yes" : "NO"} | ${side} |`);
}
