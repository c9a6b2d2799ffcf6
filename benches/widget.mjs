// Widget budgets, measured in headless Chromium over 127.0.0.1 (gzip, as a static host):
//   1. sizes: the widget's wasm, the headless wasm and the JS, gzip as transferred;
//   2. the seed demo (its first view prerendered), median of cold loads, as it is and with
//      the CPU throttled 4x (a mid-range phone): first cards painted (element timing),
//      interactive (a tag click, made the moment the widget is ready, answered and
//      painted), the longest task while hydrating, cumulative layout shift;
//   3. a tag click to updated DOM at 10k synthetic articles (one file), median of clicks.
// Figures, not pass/fail: run by `./build.sh bench`, after `./build.sh wasm`.
//
//   node benches/widget.mjs [--articles 10000] [--loads 10] [--clicks 50]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "../tests/support/static-server.mjs";
import { launch } from "../tests/support/browser.mjs";
import { site, root, www, markCards } from "../tests/support/site.mjs";

const { values: args } = parseArgs({
  options: { articles: { type: "string", default: "10000" }, loads: { type: "string", default: "10" }, clicks: { type: "string", default: "50" } },
});
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const median = (xs) => quantile(xs, 0.5);
const ms = (x) => `${x.toFixed(0)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;

/** In the page: when the first card is painted, when the widget is live, when a tag
 *  click made at that moment is painted, the long tasks and the layout shifts. */
function instrument() {
  window.__m = { firstCard: null, fcp: null, live: null, interactive: null, longTasks: [], cls: 0, clsAtLive: null };
  const m = window.__m;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (m.firstCard === null) m.firstCard = e.renderTime || e.loadTime;
  }).observe({ type: "element", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) m.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) m.cls += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  const watch = new MutationObserver(() => {
    const view = document.querySelector(".tagsift[data-live]");
    if (!view || m.live !== null) return;
    m.live = performance.now();
    // The shifts of hydration: the click below moves things on purpose.
    m.clsAtLive = m.cls;
    watch.disconnect();
    const toggle = view.querySelector('button[data-action="toggle"]');
    toggle.click();
    // The click renders synchronously; the frame after it is the one that shows it.
    requestAnimationFrame(() => setTimeout(() => (m.interactive = performance.now())));
  });
  watch.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-live"] });
}

async function coldLoads(browser, url, loads, throttle) {
  const runs = [];
  let bytes;
  for (let i = 0; i < loads; i++) {
    // A fresh context: empty HTTP cache and compiled-wasm cache.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    if (throttle > 1) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: throttle });
    await markCards(page);
    await page.addInitScript(instrument);
    await page.goto(url);
    await page.waitForFunction(() => window.__m.interactive !== null, null, { timeout: 30000, polling: 50 });
    const m = await page.evaluate(() => window.__m);
    // Hydrating: from the first paint of the prerendered view until the widget answers.
    m.hydratingTask = Math.max(0, ...m.longTasks.filter((t) => t.start >= m.firstCard && t.start <= m.interactive).map((t) => t.duration));
    m.firstLayoutTask = Math.max(0, ...m.longTasks.filter((t) => t.start < m.firstCard).map((t) => t.duration));
    // Bytes the browser received before the first cards were painted, and all of them.
    bytes = await page.evaluate((paint) => {
      const nav = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource");
      const sum = (list) => list.reduce((n, r) => n + r.encodedBodySize, 0);
      const blocking = res.filter((r) => r.renderBlockingStatus === "blocking");
      return {
        beforePaint: nav.encodedBodySize + sum(res.filter((r) => r.responseEnd <= paint)),
        blocking: nav.encodedBodySize + sum(blocking),
        all: nav.encodedBodySize + sum(res),
        requests: res.length + 1,
      };
    }, m.firstCard);
    runs.push(m);
    await context.close();
  }
  return { runs, bytes };
}

async function tagClicks(browser, url, clicks) {
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(url);
  await page.locator(".tagsift[data-live] .tagsift-card").first().waitFor();
  // Alternately select and clear the most frequent tag: each click runs the query and
  // re-renders facets, chips, cards and pages synchronously.
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
// This machine's floor: a fresh context's first paint of a page with one paragraph.
const floorDir = site({ "floor.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>floor</title></head><body><p>One paragraph.</p></body></html>' });
const floorSite = await serve(floorDir);
const floor = [];
for (let i = 0; i < Number(args.loads); i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${floorSite.url}floor.html`);
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { polling: 20 });
  floor.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0].startTime));
  await context.close();
}
floorSite.server.close();
const demo = await serve(www);
const loads = Number(args.loads);
const plain = await coldLoads(browser, demo.url, loads, 1);
const throttled = await coldLoads(browser, demo.url, loads, 4);
const firstLoad = demo.requests.slice(0, demo.requests.length / (2 * loads));
const sized = (re) => firstLoad.filter((r) => re.test(r.path)).reduce((n, r) => n + r.bytes, 0);
const wasm = sized(/web\/tagsift_wasm_bg\.wasm$/);
const js = sized(/web\/tagsift\.js$/);
demo.server.close();

const headlessSite = site();
const headless = execFileSync("gzip", ["-9c", join(headlessSite, "pkg/headless/tagsift_wasm_bg.wasm")]).length;

const synthDir = site();
// One file: the click is the engine and the DOM, with no download in between
// (benches/shards.mjs measures the sharded form, whose first click fetches a tag shard).
execFileSync(join(root, "target/release/tagsift"), ["synth", "--articles", args.articles, "--seed", "7", "--index", join(synthDir, "index.bin"), "--split", "never"]);
const synth = await serve(synthDir);
const clicks = await tagClicks(browser, synth.url, Number(args.clicks));
const synthIndex = synth.requests.find((r) => r.path === "/index.bin");
await browser.close();
synth.server.close();

const figure = (runs, key) => median(runs.map((r) => r[key]));
const row = (label, value, budget) => `| ${label.padEnd(74)} | ${value.padEnd(16)} | ${budget.padEnd(10)} |`;
console.log(`
${row("widget budget (headless Chromium, 127.0.0.1, gzip)", "measured", "budget")}
${row("", "", "").replace(/ /g, "-")}
${row("wasm with the widget, gzip (as transferred)", kb(wasm), "60 KB")}
${row("wasm of the headless API alone, gzip", kb(headless), "50 KB")}
${row("JS (the entry with the wasm-bindgen glue), gzip", kb(js), "10 KB")}
${row(`seed demo: bytes received before the first cards are painted (${firstLoad.length} requests in all)`, kb(plain.bytes.beforePaint), "")}
${row(`seed demo: bytes the first paint waited for (the page and its render-blocking files)`, kb(plain.bytes.blocking), "")}
${row(`seed demo: bytes until interactive`, kb(plain.bytes.all), "")}
${row(`seed demo: first cards painted, median of ${loads} cold loads`, ms(figure(plain.runs, "firstCard")), "50 ms")}
${row(`seed demo: interactive (a tag click answered and painted), median`, ms(figure(plain.runs, "interactive")), "120 ms")}
${row(`seed demo: longest task while hydrating, worst of ${loads}`, ms(Math.max(...plain.runs.map((r) => r.hydratingTask))), "50 ms")}
${row(`seed demo: cumulative layout shift until the widget is live, worst of ${loads}`, Math.max(...plain.runs.map((r) => r.clsAtLive)).toFixed(4), "0.01")}
${row(`seed demo: the browser's first layout and paint of the page (longest task before it), median`, ms(figure(plain.runs, "firstLayoutTask")), "")}
${row(`a page with one paragraph, first contentful paint, median (this machine's floor)`, ms(median(floor)), "")}
${row(`CPU 4x slower: first cards painted, median`, ms(figure(throttled.runs, "firstCard")), "150 ms")}
${row(`CPU 4x slower: interactive, median`, ms(figure(throttled.runs, "interactive")), "400 ms")}
${row(`CPU 4x slower: longest task while hydrating, worst`, ms(Math.max(...throttled.runs.map((r) => r.hydratingTask))), "")}
${row(`${args.articles} articles (index ${kb(synthIndex.bytes)}): tag click to updated DOM, median / p95 of ${args.clicks}`, `${clicks.length ? `${median(clicks).toFixed(1)} / ${quantile(clicks, 0.95).toFixed(1)} ms` : ""}`, "16 ms")}
`);
