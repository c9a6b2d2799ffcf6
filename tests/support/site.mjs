// Helpers for the end-to-end tests: throwaway sites built from the real demo files,
// and the common waits on the widget's DOM.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const www = fileURLToPath(new URL("../../www/", import.meta.url));
export const root = fileURLToPath(new URL("../../", import.meta.url));

/** A copy of www/ (the built widget and seed index) in a temporary directory, its page
 *  the plain one of `page()` (no prerendered view: that is the demo's own page), with
 *  `files` (name → string or Buffer) written over it. Returns the directory. */
export function site(files = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tagsift-site-"));
  cpSync(www, dir, { recursive: true });
  writeFileSync(join(dir, "index.html"), page());
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

/** A page like the demo's with the given data attributes on the widget element. */
export function page(attributes = 'data-tagsift="index.bin"') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:">
<link rel="icon" href="data:,"><title>test</title></head>
<body><div ${attributes}></div><script type="module" src="pkg/web/tagsift.js"></script></body></html>`;
}

/** The widget's stats line. */
export const stats = (page) => page.textContent(".tagsift-stats");

/** Waits until the stats line reads exactly `text` (results render synchronously on
 *  clicks; typing is debounced, and Back/Forward arrive as events). */
export async function statsAre(page, text) {
  await page.locator(".tagsift-stats", { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }).waitFor({ timeout: 5000 });
  return text;
}

/** Waits for the first results of a freshly opened widget, rendered by the widget
 *  itself (a prerendered view shows results before the widget is live). */
export const firstResults = async (page) => {
  await page.locator(".tagsift[data-live] .tagsift-stats", { hasText: /^[\d,]+ articles?/ }).waitFor({ timeout: 10000 });
};

/** The toggle of `value` in a facet list. */
export const toggle = (page, facet, value) =>
  page.locator(`.tagsift-facet[data-facet="${facet}"] button[data-action="toggle"][data-value="${value}"]`);

/** Dates of the cards shown, as ISO strings. */
export const cardDates = (page) =>
  page.$$eval(".tagsift-card time", (els) => els.map((e) => e.getAttribute("datetime")));

/** An init script that records what each frame paints: before every rendering update
 *  (requestAnimationFrame) whether the results are visible and what the stats say, and
 *  every element-timing entry (elements marked `elementtiming`) with its paint time. */
export function watchPaints() {
  window.__frames = [];
  window.__painted = [];
  const frame = () => {
    const body = document.querySelector(".tagsift-body");
    const stats = document.querySelector(".tagsift-stats");
    if (body && stats) {
      const visible = getComputedStyle(body).visibility === "visible" && getComputedStyle(body).display !== "none";
      window.__frames.push({ t: performance.now(), visible, stats: stats.textContent, live: !!document.querySelector(".tagsift[data-live]") });
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__painted.push({ id: e.identifier, t: e.renderTime || e.loadTime });
  }).observe({ type: "element", buffered: true });
}

/** Serves the demo page through `page` with the title of every prerendered card marked
 *  for element timing (`elementtiming="title-N"`, on the block that holds the text), so
 *  the test learns when each was painted. */
export async function markCards(page) {
  await page.route((url) => url.pathname === "/" || url.pathname.endsWith("/index.html"), async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers["content-encoding"];
    delete headers["content-length"];
    let n = 0;
    const body = (await response.text()).replace(/<h3 class="tagsift-title">/g, () => `<h3 class="tagsift-title" elementtiming="title-${n++}">`);
    await route.fulfill({ status: response.status(), headers, body });
  });
}
