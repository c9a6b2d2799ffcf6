// tagsift against itemsjs, Orama, MiniSearch and Pagefind, side by side in one run:
// the same corpora (the seed, and tagsift synth at 1k, 10k and 100k articles), each
// system set up as its documentation recommends for tag filtering with facet counts,
// every file served from 127.0.0.1 with gzip, each system in a fresh headless Chromium
// page. Writes docs/benchmarks/README.md (tables) and docs/benchmarks/chart.svg.
//
//   node benches/peers/run.mjs [--sizes seed,1000,10000,100000] [--loads 10] [--reps 200] [--report-only]
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "../../tests/support/static-server.mjs";
import { launch } from "../../tests/support/browser.mjs";
import { report } from "./report.mjs";

const root = new URL("../../", import.meta.url).pathname;
const tools = process.env.TAGSIFT_TOOLS ?? join(root, ".tools");
const peers = process.env.TAGSIFT_PEERS ?? join(tools, "peers");
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "seed,1000,10000,100000" },
    loads: { type: "string", default: "10" },
    reps: { type: "string", default: "200" },
    systems: { type: "string", default: "tagsift,itemsjs,orama,minisearch,pagefind" },
    out: { type: "string", default: join(root, "docs/benchmarks") },
    "report-only": { type: "boolean", default: false },
  },
});
const SYSTEMS = args.systems.split(",");
if (args["report-only"]) {
  // Re-render the report from the last run's measurements.
  const { versions, corpora, results } = JSON.parse(readFileSync(join(args.out, "results.json"), "utf8"));
  const { markdown, svg } = report(results, corpora, versions);
  writeFileSync(join(args.out, "README.md"), markdown);
  writeFileSync(join(args.out, "chart.svg"), svg);
  process.exit(0);
}
const LOAD_BUDGET_MS = 90_000; // per system and corpus: at least one load, then up to --loads within this
const QUERY_BUDGET_MS = 8_000; // per query: at least 5 runs, then up to --reps within this
const cli = join(root, "target/release/tagsift");
const work = mkdtempSync(join(tmpdir(), "tagsift-peers-"));
const site = join(work, "site");
const log = (...m) => console.error("[peers]", ...m);

/** Runs a build command under /usr/bin/time: wall seconds and peak resident memory. */
function timed(cmd, argv, env = {}) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...argv], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed:\n${r.stderr}`);
  const [secs, kb] = r.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { secs, mb: kb / 1024 };
}
const add = (a, b) => ({ secs: a.secs + b.secs, mb: Math.max(a.mb, b.mb) });

/** The query mix, from the corpus itself: frequent tags, the top category, common title words. */
function mixFor(articles) {
  const count = (values) => {
    const m = new Map();
    for (const v of values) if (v != null) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
  };
  const tags = count(articles.flatMap((a) => a.tags));
  const categories = count(articles.map((a) => a.category));
  const stop = new Set(["with", "from", "that", "this", "your", "into", "what", "when", "how", "and", "the", "for"]);
  const words = count(articles.flatMap((a) => a.title.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 4 && !stop.has(w))));
  return {
    oneTag: tags[1],
    twoTags: [tags[0], tags[1]],
    threeTags: [tags[2], tags[3], tags[4]],
    category: categories[0],
    text: `${words[0]} ${words[1]}`,
    textTag: tags[0],
  };
}

// 1. Corpora and every system's index, built natively and timed.
mkdirSync(join(site, "data/json"), { recursive: true });
mkdirSync(join(site, "data/minisearch"), { recursive: true });
cpSync(join(root, "pkg"), join(site, "pkg"), { recursive: true });
const corpora = [];
for (const size of args.sizes.split(",")) {
  const file = join(work, `${size}.jsonl`);
  if (size === "seed") {
    writeFileSync(file, execFileSync(cli, ["inspect", join(root, "www/index.bin"), "--json"], { maxBuffer: 1 << 28 }));
  } else {
    execFileSync(cli, ["synth", "--articles", size, "--seed", "42", "--jsonl", file], { stdio: "pipe" });
  }
  // Every system needs an id per article (synthetic articles carry none: tagsift derives them).
  const articles = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l, i) => ({ ...JSON.parse(l), id: `a${i}` }));
  writeFileSync(file, articles.map((a) => JSON.stringify(a)).join("\n") + "\n");
  log(`corpus ${size}: ${articles.length} articles; building the indexes`);
  const env = { TAGSIFT_PEERS: peers };
  const builder = join(root, "benches/peers/build.mjs");
  const json = timed("node", [builder, "json", file, join(site, `data/json/${size}.json`)], env);
  const pages = join(work, `pagefind-${size}`);
  const builds = {
    tagsift: timed(cli, ["index", file, "-o", join(site, `data/tagsift/${size}/index.bin`)]),
    itemsjs: json,
    orama: json,
    minisearch: timed("node", [builder, "minisearch", file, join(site, `data/minisearch/${size}.json`)], env),
    pagefind: add(
      timed("node", [builder, "pagefind-pages", file, pages], env),
      timed(join(peers, "node_modules/@pagefind/linux-x64/bin/pagefind_extended"), ["--site", pages, "--output-path", join(site, `data/pagefind/${size}/pagefind`), "--quiet"]),
    ),
  };
  corpora.push({ size, n: articles.length, mix: mixFor(articles), builds });
  // tagsift's prerendered view: the widget's page with the first view written in by
  // `tagsift prerender` (each title marked for element timing, so that the runner
  // learns when the first results are painted). The peers have no such view.
  const prerendered = join(site, `bench/tagsift-prerendered-${size}.html`);
  mkdirSync(join(site, "bench"), { recursive: true });
  writeFileSync(
    prerendered,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>tagsift, prerendered</title>
<link rel="stylesheet" href="/pkg/web/tagsift.css" data-tagsift-css>
<script type="module" src="/pkg/web/tagsift.js" blocking="render"></script></head>
<body><div data-tagsift="/data/tagsift/${size}/index.bin" data-tagsift-url-state="off"></div></body></html>
`,
  );
  execFileSync(cli, ["prerender", join(site, `data/tagsift/${size}/index.bin`), prerendered], { stdio: "pipe" });
  writeFileSync(prerendered, readFileSync(prerendered, "utf8").replace(/<h3 class="tagsift-title">/g, '<h3 class="tagsift-title" elementtiming="title">'));
}

// 2. One page per system: its code bundled by esbuild (as an app's bundler would).
const esbuild = createRequire(join(tools, "package.json"))("esbuild");
mkdirSync(join(site, "bench"), { recursive: true });
for (const system of SYSTEMS) {
  esbuild.buildSync({
    entryPoints: [join(root, `benches/peers/${system}.js`)],
    outfile: join(site, `bench/${system}.js`),
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    external: ["/pkg/*", "/data/*", "util"],
    nodePaths: [join(peers, "node_modules")],
    logLevel: "error",
  });
  writeFileSync(
    join(site, `bench/${system}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${system}</title></head><body><script type="module" src="${system}.js"></script></body></html>`,
  );
}

// 3. Cold loads, query latency, memory; every system in a fresh context.
const server = await serve(site, 0, { isolate: true });
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const corpus of corpora) {
  for (const system of SYSTEMS) {
    const url = `${server.url}bench/${system}.html?c=${corpus.size}#${encodeURIComponent(JSON.stringify(corpus.mix))}`;
    const times = [];
    let requests = [];
    let first;
    const started = Date.now();
    let context;
    let page;
    for (let i = 0; i < Number(args.loads) && (i === 0 || Date.now() - started < LOAD_BUDGET_MS); i++) {
      await context?.close();
      context = await browser.newContext();
      page = await context.newPage();
      server.requests.length = 0;
      await page.goto(url);
      await page.waitForFunction(() => window.__first || window.__error, null, { timeout: 600_000, polling: 20 });
      const error = await page.evaluate(() => window.__error);
      if (error) throw new Error(`${system} at ${corpus.size}: ${error}`);
      times.push(await page.evaluate(() => window.__first));
      first = await page.evaluate(() => window.__firstResult);
      requests = server.requests.filter((r) => !r.path.endsWith(".html") && r.path !== "/favicon.ico");
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
    const wasm = await page.evaluate(() => window.bench.memory());
    log(`${system} at ${corpus.size}: first result ${median(times).toFixed(0)} ms (${times.length} loads); measuring queries`);
    const latency = await page.evaluate(([reps, budget]) => window.bench.latency(reps, budget), [Number(args.reps), QUERY_BUDGET_MS]);
    await context.close();
    const code = requests.filter((r) => /\.(js|wasm)$/.test(r.path));
    const sum = (rs, key) => rs.reduce((n, r) => n + r[key], 0);
    results.push({
      system,
      corpus: corpus.size,
      n: corpus.n,
      first: { median: median(times), loads: times.length, total: first.total },
      bytes: { gzip: sum(requests, "bytes"), raw: sum(requests, "raw"), codeGzip: sum(code, "bytes"), codeRaw: sum(code, "raw"), requests: requests.length },
      memory: { heap, wasm },
      latency,
      build: corpus.builds[system],
    });
  }
}
// tagsift's prerendered view, per corpus: navigation to the first results painted
// (element timing of the first title), and the bytes received before that paint.
for (const corpus of corpora) {
  const times = [];
  let bytes;
  for (let i = 0; i < Number(args.loads); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__painted = null;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__painted ??= e.renderTime || e.loadTime;
      }).observe({ type: "element", buffered: true });
    });
    await page.goto(`${server.url}bench/tagsift-prerendered-${corpus.size}.html`);
    await page.waitForFunction(() => window.__painted !== null, null, { timeout: 60_000, polling: 20 });
    times.push(await page.evaluate(() => window.__painted));
    bytes = await page.evaluate((paint) => {
      const nav = performance.getEntriesByType("navigation")[0];
      const resources = performance.getEntriesByType("resource");
      const sum = (list) => nav.encodedBodySize + list.reduce((n, r) => n + r.encodedBodySize, 0);
      const before = resources.filter((r) => r.responseEnd <= paint);
      // What the paint waited for: the page and its render-blocking resources (the
      // rest, such as the wasm, may arrive first on a fast network, but is not needed).
      const blocking = resources.filter((r) => r.renderBlockingStatus === "blocking");
      return { gzip: sum(before), requests: before.length + 1, blocking: sum(blocking), blockingRequests: blocking.length + 1 };
    }, times.at(-1));
    await context.close();
  }
  const ours = results.find((r) => r.system === "tagsift" && r.corpus === corpus.size);
  if (ours) ours.prerendered = { median: median(times), loads: times.length, ...bytes };
  log(`tagsift prerendered at ${corpus.size}: first results painted ${median(times).toFixed(0)} ms, ${bytes.gzip} bytes before`);
}
await browser.close();
server.server.close();

mkdirSync(args.out, { recursive: true });
const versions = Object.fromEntries(
  ["itemsjs", "@orama/orama", "minisearch", "pagefind"].map((p) => [p, JSON.parse(readFileSync(join(peers, "node_modules", p, "package.json"), "utf8")).version]),
);
versions.tagsift = JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8")).version;
versions.chromium = browser.version?.() ?? "";
const { markdown, svg } = report(results, corpora, versions);
writeFileSync(join(args.out, "README.md"), markdown);
writeFileSync(join(args.out, "chart.svg"), svg);
writeFileSync(join(args.out, "results.json"), JSON.stringify({ versions, corpora, results }, null, 2));
console.log(markdown);
