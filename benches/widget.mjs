// Widget budgets, measured in headless Chromium over 127.0.0.1 (gzip, as a static host):
//   1. bytes before the first result: wasm and JS, gzip-compressed, and all requests;
//   2. navigation to first results rendered on the seed demo (median and p95 of 10 cold loads);
//   3. a tag click to updated DOM at 10k synthetic articles (median and p95 of 50 clicks).
// Figures, not pass/fail: run by `./build.sh bench`, after `./build.sh wasm`.
//
//   node benches/widget.mjs [--articles 10000] [--loads 10] [--clicks 50]
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "../tests/support/static-server.mjs";
import { launch } from "../tests/support/browser.mjs";
import { site, root } from "../tests/support/site.mjs";
import { watchFirstCard } from "./first-result.mjs";

const { values: args } = parseArgs({
  options: { articles: { type: "string", default: "10000" }, loads: { type: "string", default: "10" }, clicks: { type: "string", default: "50" } },
});
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x) => `${x.toFixed(1)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;

async function coldLoads(browser, url, loads) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    // A fresh context: empty HTTP cache and compiled-wasm cache.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.addInitScript(watchFirstCard);
    await page.goto(url);
    await page.locator(".tagsift-card").first().waitFor();
    times.push(await page.evaluate(() => window.__firstResults));
    await context.close();
  }
  return times;
}

async function tagClicks(browser, url, clicks) {
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(url);
  await page.locator(".tagsift-card").first().waitFor();
  // Alternately select and clear the most frequent tag: each click runs the query
  // and re-renders facets, chips, cards and pages synchronously.
  const times = await page.evaluate((n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const button = document.querySelector('.tagsift-facet[data-facet="tags"] button[data-action="toggle"]');
      const t0 = performance.now();
      button.click();
      out.push(performance.now() - t0);
    }
    return out;
  }, clicks);
  await page.close();
  return times;
}

const browser = await launch();
const seed = await serve(site());
const first = await coldLoads(browser, seed.url, Number(args.loads));
const firstLoad = seed.requests.slice(0, seed.requests.length / Number(args.loads));
const wasm = firstLoad.find((r) => r.path.endsWith(".wasm"));
const scripts = firstLoad.filter((r) => r.path.endsWith(".js"));
const bytes = firstLoad.reduce((n, r) => n + r.bytes, 0);

const synthDir = site();
// One file: the click is the engine and the DOM, with no download in between
// (benches/shards.mjs measures the sharded form, whose first click fetches a tag shard).
execFileSync(join(root, "target/release/tagsift"), ["synth", "--articles", args.articles, "--seed", "7", "--index", join(synthDir, "index.bin"), "--split", "never"]);
const synth = await serve(synthDir);
const clicks = await tagClicks(browser, synth.url, Number(args.clicks));
const synthIndex = synth.requests.find((r) => r.path === "/index.bin");
await browser.close();
seed.server.close();
synth.server.close();

console.log(`
| widget budget (headless Chromium, 127.0.0.1, gzip)          | measured                      | budget    |
|--------------------------------------------------------------|-------------------------------|-----------|
| wasm, gzip-compressed                                         | ${kb(wasm.bytes).padEnd(29)} | 60 KB     |
| JS (entry, init, glue), gzip-compressed                       | ${kb(scripts.reduce((n, r) => n + r.bytes, 0)).padEnd(29)} | 15 KB     |
| seed demo: all bytes before the first result (${firstLoad.length} requests)      | ${kb(bytes).padEnd(29)} |           |
| seed demo: navigation to first results, median / p95 of ${args.loads}    | ${`${ms(quantile(first, 0.5))} / ${ms(quantile(first, 0.95))}`.padEnd(29)} | 100 ms    |
| ${args.articles} articles (index ${kb(synthIndex.bytes)}): tag click to updated DOM, median / p95 of ${args.clicks} | ${`${ms(quantile(clicks, 0.5))} / ${ms(quantile(clicks, 0.95))}`.padEnd(29)} | 16 ms     |
`);
