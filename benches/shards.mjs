// Sharded index budgets, measured in headless Chromium over 127.0.0.1 with gzip:
// for synthetic corpora of 10k, 100k and 1M articles (tagsift synth, split into shards),
// the bytes and requests before the first result and the time to it (median of cold
// loads), then what a single-tag click and a next-page click fetch, and the build
// (generating the corpus included) with its peak memory.
//
//   node benches/shards.mjs [--sizes 10000,100000,1000000] [--loads 5]
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "../tests/support/static-server.mjs";
import { launch } from "../tests/support/browser.mjs";
import { site, root } from "../tests/support/site.mjs";
import { watchFirstCard } from "./first-result.mjs";

const { values: args } = parseArgs({
  options: { sizes: { type: "string", default: "10000,100000,1000000" }, loads: { type: "string", default: "5" } },
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (x) => `${(x / 1024).toFixed(0)} KB`;
const isShard = (path) => path === "/index.bin" || /^\/[dftovuxr]\d+-[0-9a-f]{16}\.bin$/.test(path);
const sum = (rs) => rs.reduce((n, r) => n + r.bytes, 0);

// In the page: every fetch with its time, and when the cards stop waiting for shards.
function recordFetches() {
  window.__fetches = [];
  const fetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    window.__fetches.push({ url: String(input), t: performance.now() });
    return fetch(input, init);
  };
  new MutationObserver(() => {
    const results = document.querySelector(".tagsift-results");
    if (results && !results.hasAttribute("data-pending")) window.__ready = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-pending"] });
}

/** Clicks `selector`; returns the requests the new view needed (made between the click
 *  and the cards being ready; the next page's prefetch starts after) and their bytes. */
async function step(page, server, selector) {
  const { pending, t0 } = await page.evaluate((sel) => {
    const t0 = performance.now();
    document.querySelector(sel).click();
    return { pending: document.querySelector(".tagsift-results").hasAttribute("data-pending"), t0 };
  }, selector);
  if (!pending) return { requests: 0, bytes: 0 };
  await page.locator(".tagsift-results:not([data-pending])").waitFor({ timeout: 60000 });
  await page.waitForTimeout(200);
  const needed = await page.evaluate((t0) => window.__fetches.filter((f) => f.t >= t0 && f.t <= window.__ready).map((f) => new URL(f.url).pathname), t0);
  const bytes = needed.reduce((n, path) => n + (server.requests.find((r) => r.path === path)?.bytes ?? 0), 0);
  return { requests: needed.length, bytes };
}

const browser = await launch();
const rows = [];
for (const n of args.sizes.split(",").map(Number)) {
  const dir = site();
  const synth = spawnSync("/usr/bin/time", ["-f", "%e s, %M KB peak", join(root, "target/release/tagsift"), "synth", "--articles", String(n), "--seed", "5", "--index", join(dir, "index.bin"), "--split", "always"], { encoding: "utf8" });
  const build = synth.stderr.trim().split("\n").at(-1);
  const files = readdirSync(dir).filter((f) => isShard(`/${f}`)).length;
  const server = await serve(dir);
  const times = [];
  let first;
  for (let i = 0; i < Number(args.loads); i++) {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.addInitScript(watchFirstCard);
    await page.addInitScript(recordFetches);
    server.requests.length = 0;
    await page.goto(server.url);
    await page.locator(".tagsift-card").first().waitFor({ timeout: 60000 });
    times.push(await page.evaluate(() => window.__firstResults));
    first = [...server.requests];
    if (i + 1 < Number(args.loads)) {
      await context.close();
      continue;
    }
    // The last load goes on: a click on the fourth most frequent tag, then Next.
    await page.waitForTimeout(300);
    const click = await step(page, server, '.tagsift-facet[data-facet="tags"] li:nth-child(4) button[data-action="toggle"]');
    await page.waitForTimeout(500); // the next page's shards are prefetched meanwhile
    const next = await step(page, server, 'button[data-key="page:next"]');
    rows.push({ n, first, click, next, time: median(times), files, build });
    await context.close();
  }
  server.server.close();
}
await browser.close();

console.log(`
| articles | before the first result: all bytes (index data) | requests: all (index data) | first result, median of ${args.loads} | single-tag click | next page | files | build |
|---|---|---|---|---|---|---|---|`);
for (const r of rows) {
  const data = r.first.filter((q) => isShard(q.path));
  console.log(
    `| ${r.n.toLocaleString("en-US")} | ${kb(sum(r.first))} (${kb(sum(data))}) | ${r.first.length} (${data.length}) | ${r.time.toFixed(0)} ms | ${kb(r.click.bytes)} in ${r.click.requests} requests | ${r.next.requests} requests | ${r.files} | ${r.build} |`,
  );
}
