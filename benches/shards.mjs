// Sharded index budgets, measured in headless Chromium over 127.0.0.1 with gzip:
// for synthetic corpora of 10k, 100k and 1M articles (tagsift synth, split into shards),
// the bytes and requests before the first result and the time to it (median of cold
// loads), then what a single-tag click and a next-page click fetch. Also the build.
//
//   node benches/shards.mjs [--sizes 10000,100000,1000000] [--loads 5]
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "../tests/support/static-server.mjs";
import { launch } from "../tests/support/browser.mjs";
import { site, root } from "../tests/support/site.mjs";

const { values: args } = parseArgs({
  options: { sizes: { type: "string", default: "10000,100000,1000000" }, loads: { type: "string", default: "5" } },
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (x) => `${(x / 1024).toFixed(0)} KB`;
const isShard = (path) => path === "/index.bin" || /^\/[dtfx]\d+-[0-9a-f]{16}\.bin$/.test(path);
const sum = (rs) => rs.reduce((n, r) => n + r.bytes, 0);

function watchFirstCard() {
  new MutationObserver((_, observer) => {
    if (document.querySelector(".tagsift-card")) {
      window.__firstResults = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
}

const browser = await launch();
const rows = [];
for (const n of args.sizes.split(",").map(Number)) {
  const dir = site();
  const build = execFileSync("/usr/bin/time", ["-f", "%e s, %M KB peak", join(root, "target/release/tagsift"), "synth", "--articles", String(n), "--seed", "5", "--index", join(dir, "index.bin"), "--split", "always"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const files = readdirSync(dir).filter((f) => isShard(`/${f}`)).length;
  const server = await serve(dir);
  const times = [];
  let first;
  for (let i = 0; i < Number(args.loads); i++) {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.addInitScript(watchFirstCard);
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
    server.requests.length = 0;
    await page.locator('.tagsift-facet[data-facet="tags"] button[data-action="toggle"]').nth(3).click();
    await page.locator(".tagsift-refinements:not([hidden])").waitFor();
    await page.locator(".tagsift-results:not([data-pending])").waitFor({ timeout: 60000 });
    const click = [...server.requests];
    await page.waitForTimeout(300);
    server.requests.length = 0;
    await page.locator('button[data-key="page:next"]').click();
    await page.locator(".tagsift-results:not([data-pending])").waitFor({ timeout: 60000 });
    const next = [...server.requests];
    rows.push({ n, first, click, next, time: median(times), files, build: build.trim() || "" });
    await context.close();
  }
  server.server.close();
}
await browser.close();

console.log(`
| articles | before the first result: all bytes (index data) | requests: all (index data) | first result, median of ${args.loads} | single-tag click | next page | files |
|---|---|---|---|---|---|---|`);
for (const r of rows) {
  const data = r.first.filter((q) => isShard(q.path));
  console.log(
    `| ${r.n.toLocaleString("en-US")} | ${kb(sum(r.first))} (${kb(sum(data))}) | ${r.first.length} (${data.length}) | ${r.time.toFixed(0)} ms | ${kb(sum(r.click))} in ${r.click.length} requests | ${r.next.length} requests | ${r.files} |`,
  );
}
