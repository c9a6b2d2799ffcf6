// End to end: the built demo (www/: the seed index, the release wasm, the npm package's
// web flavour) served on 127.0.0.1 and driven in a real headless Chromium, by mouse
// and by keyboard. Expected counts come from the native CLI over the same index.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { www, root, site as siteCopy, stats, statsAre, firstResults, toggle, cardDates, watchPaints } from "../support/site.mjs";

const artifacts = join(root, "test-artifacts");
let site, browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  site = await serve(www);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.server.close();
});

/** The native engine's answer for the same query, via `tagsift query`. */
function expected(...args) {
  const out = execFileSync(join(root, "target/release/tagsift"), ["query", join(www, "index.bin"), ...args]);
  return JSON.parse(out);
}

async function open(path = "/", options = {}) {
  const page = await browser.newPage(options);
  const errors = collectErrors(page);
  await page.goto(site.url + path.replace(/^\//, ""));
  await firstResults(page);
  return { page, errors };
}

const search = (page) => page.locator('input[type="search"][data-action="search"]');
const chip = (page, text) => page.locator(".tagsift-chip", { hasText: text });
const query = (page) => new URL(page.url()).search;

test("initial view: 87 articles, page 1 of 9, ten cards newest first", async () => {
  const { page, errors } = await open();
  assert.equal(await stats(page), "87 articles · Page 1 of 9");
  const dates = await cardDates(page);
  assert.equal(dates.length, 10);
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.equal(dates[0], "2026-04-03");
  assert.equal(await page.textContent(".tagsift-card time"), "Apr 3, 2026");
  assert.equal(await page.getAttribute(".tagsift-pages [aria-current=page]", "data-page"), "1");
  assert.equal(await page.getAttribute(".tagsift-stats", "role"), "status");
  assert.equal(await page.locator(".tagsift-refinements").isHidden(), true);
  // The first card is laid out like the seed listing.
  const card = page.locator(".tagsift-card").first();
  assert.equal(await card.locator(".tagsift-author").textContent(), "Ray's Galactic Tech");
  assert.equal(await card.locator(".tagsift-meta").textContent(), "Apr 3, 2026 · Backend Development");
  assert.equal(await card.locator(".tagsift-engagement").textContent(), "0 likes · 35 min read");
  assert.deepEqual(await card.locator(".tagsift-tag").allTextContents(), ["Go", "Microservices", "ci/cd"]);
  assert.equal(query(page), "");
  assert.deepEqual(errors, []);
  await page.close();
});

/** The acceptance walk, by mouse; returns the stats seen at each step. */
async function walk(page) {
  const steps = [await stats(page)];
  await toggle(page, "tags", "Kafka").click();
  steps.push(await statsAre(page, "9 articles · Page 1 of 1"));
  await toggle(page, "tags", "Streaming").click();
  steps.push(await statsAre(page, "3 articles · Page 1 of 1"));
  await page.getByLabel("any tag").check();
  steps.push(await statsAre(page, "12 articles · Page 1 of 2"));
  await search(page).fill("kafka stream");
  const text = expected("--tag", "Kafka", "--tag", "Streaming", "--mode", "any", "-q", "kafka stream");
  steps.push(await statsAre(page, `${text.total} articles · Page 1 of ${text.pages}`));
  await chip(page, "Tag: Streaming").click();
  const kafkaText = expected("--tag", "Kafka", "--mode", "any", "-q", "kafka stream");
  steps.push(await statsAre(page, `${kafkaText.total} articles · Page 1 of ${kafkaText.pages}`));
  await page.locator(".tagsift-clear").click();
  steps.push(await statsAre(page, "87 articles · Page 1 of 9"));
  await page.locator('.tagsift-pages button[data-key="page:next"]').click();
  steps.push(await statsAre(page, "87 articles · Page 2 of 9"));
  await page.locator('.tagsift-pages button[data-key="page:5"]').click();
  steps.push(await statsAre(page, "87 articles · Page 5 of 9"));
  return steps;
}

test("filters, text, chips, clear all and pages; Back and Forward replay every step", async () => {
  const { page, errors } = await open();
  const steps = await walk(page);
  assert.equal(query(page), "?page=5");
  assert.equal(await page.getAttribute(".tagsift-pages [aria-current=page]", "data-page"), "5");
  // Back through every step, then Forward again.
  for (let i = steps.length - 2; i >= 0; i--) {
    await page.goBack();
    await statsAre(page, steps[i]);
  }
  assert.equal(query(page), "");
  for (let i = 1; i < steps.length; i++) {
    await page.goForward();
    await statsAre(page, steps[i]);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("a text query marks the matched words and offers its chip", async () => {
  const { page, errors } = await open();
  await search(page).fill("rebalancing");
  const want = expected("-q", "rebalancing");
  await statsAre(page, `${want.total} articles · Page 1 of ${want.pages}`);
  const marks = await page.locator(".tagsift-card mark").allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => /^rebalancing$/i.test(m)), marks.join(","));
  assert.equal(await chip(page, "Text: rebalancing").count(), 1);
  // Typing kept focus and caret in the box.
  assert.equal(await search(page).evaluate((el) => document.activeElement === el && el.selectionStart), 11);
  assert.equal(query(page), "?q=rebalancing");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a shared link restores the exact view before the first paint", async () => {
  const page = await browser.newPage({ bypassCSP: true });
  const errors = collectErrors(page);
  // Record what every frame paints (the page holds the prerendered first view).
  await page.addInitScript(watchPaints);
  await page.goto(`${site.url}?tag=Kafka&tag=Streaming&mode=any&per=5&page=2&sort=oldest`);
  await statsAre(page, "12 articles · Page 2 of 3");
  const seen = await page.evaluate(() => window.__frames.filter((f) => f.visible).map((f) => f.stats));
  assert.deepEqual([...new Set(seen)], ["12 articles · Page 2 of 3"], "no other result was ever painted");
  assert.equal(await toggle(page, "tags", "Kafka").getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByLabel("any tag").isChecked(), true);
  assert.equal(await page.locator('select[data-action="sort"]').inputValue(), "oldest");
  assert.equal(await page.locator('select[data-action="per-page"]').inputValue(), "5");
  assert.equal(await page.locator(".tagsift-card").count(), 5);
  assert.deepEqual(await page.locator(".tagsift-chip").allTextContents(), ["Tag: Kafka ×", "Tag: Streaming ×"]);
  const want = expected("--tag", "Kafka", "--tag", "Streaming", "--mode", "any", "--sort", "oldest", "--per-page", "5", "--page", "2");
  assert.deepEqual(await cardDates(page), want.hits.map((h) => h.date));
  // Reloading shows the same view.
  await page.reload();
  await statsAre(page, "12 articles · Page 2 of 3");
  assert.deepEqual(errors, []);
  await page.close();
});

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page, selector, limit = 250) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-key") ?? document.activeElement?.tagName);

test("keyboard only: the same walk with Tab, Space, Enter and arrows; focus stays put", async () => {
  const { page, errors } = await open();
  await tabTo(page, 'button[data-value="Kafka"][data-action="toggle"]');
  await page.keyboard.press("Space");
  await statsAre(page, "9 articles · Page 1 of 1");
  assert.equal(await focused(page), "tags:Kafka", "focus stays on the toggle after the update");
  await tabTo(page, 'button[data-value="Streaming"][data-action="toggle"]');
  await page.keyboard.press("Enter");
  await statsAre(page, "3 articles · Page 1 of 1");
  assert.equal(await focused(page), "tags:Streaming");
  // The match-mode radios: Shift+Tab back to the group, arrow to "any".
  await tabTo(page, 'input[data-action="mode"]');
  await page.keyboard.press("ArrowRight");
  await statsAre(page, "12 articles · Page 1 of 2");
  await tabTo(page, 'input[data-action="search"]');
  await page.keyboard.type("kafka stream");
  const text = expected("--tag", "Kafka", "--tag", "Streaming", "--mode", "any", "-q", "kafka stream");
  await statsAre(page, `${text.total} articles · Page 1 of ${text.pages}`);
  await tabTo(page, '.tagsift-chip[data-value="Streaming"]');
  await page.keyboard.press("Enter");
  const kafkaText = expected("--tag", "Kafka", "--mode", "any", "-q", "kafka stream");
  await statsAre(page, `${kafkaText.total} articles · Page 1 of ${kafkaText.pages}`);
  assert.equal(await focused(page), "INPUT", "a removed chip hands focus to the search box");
  await tabTo(page, ".tagsift-clear");
  await page.keyboard.press("Enter");
  await statsAre(page, "87 articles · Page 1 of 9");
  await tabTo(page, 'button[data-key="page:next"]');
  await page.keyboard.press("Enter");
  await statsAre(page, "87 articles · Page 2 of 9");
  assert.equal(await focused(page), "page:next");
  await tabTo(page, 'button[data-key="page:5"]');
  await page.keyboard.press("Enter");
  await statsAre(page, "87 articles · Page 5 of 9");
  // The focus ring is visible.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid");
  assert.deepEqual(errors, []);
  await page.close();
});

test("rapid clicks and typing end on the last query", async () => {
  const { page, errors } = await open();
  await toggle(page, "tags", "Kafka").click();
  await search(page).pressSequentially("consu", { delay: 10 });
  await toggle(page, "tags", "Streaming").click(); // while the text is still debouncing
  await search(page).focus();
  await page.keyboard.press("End");
  await page.keyboard.type("mer", { delay: 10 });
  await page.getByLabel("any tag").check();
  const want = expected("--tag", "Kafka", "--tag", "Streaming", "--mode", "any", "-q", "consumer");
  await statsAre(page, `${want.total} articles · Page 1 of ${want.pages}`);
  await page.waitForTimeout(400); // past any debounce: nothing older lands afterwards
  assert.equal(await stats(page), `${want.total} articles · Page 1 of ${want.pages}`);
  assert.equal(await page.locator(".tagsift-card").count(), Math.min(10, want.total));
  assert.deepEqual(errors, []);
  await page.close();
});

test("tag facet: show more and less, the filter box, tag chips on cards", async () => {
  const { page, errors } = await open();
  const values = page.locator('.tagsift-facet[data-facet="tags"] .tagsift-values button');
  assert.equal(await values.count(), 20);
  const more = page.locator('.tagsift-more[data-facet="tags"]');
  assert.equal(await more.textContent(), "Show more");
  await more.click();
  assert.equal(await values.count(), 99);
  assert.equal(await more.getAttribute("aria-expanded"), "true");
  await more.click();
  assert.equal(await values.count(), 20);
  await page.getByLabel("Find a tag").fill("STREAM");
  const names = await page.locator('.tagsift-facet[data-facet="tags"] .tagsift-name').allTextContents();
  assert.ok(names.includes("Streaming") && names.every((t) => /stream/i.test(t)), names.join(", "));
  await page.getByLabel("Find a tag").fill("zzzz");
  assert.equal(await page.locator('.tagsift-facet[data-facet="tags"] .tagsift-none').textContent(), "None match “zzzz”");
  // Clicking a tag chip on a card filters by it.
  await page.locator(".tagsift-card .tagsift-tag", { hasText: "Microservices" }).first().click();
  const want = expected("--tag", "Microservices");
  await statsAre(page, `${want.total} articles · Page 1 of ${want.pages}`);
  // The accessible name of a toggle holds the tag and its count.
  await page.getByLabel("Find a tag").fill("");
  assert.equal(await page.getByRole("button", { name: `Microservices ${want.total}`, exact: true }).count(), 1);
  // Category and author facets.
  await toggle(page, "categories", "Backend Development").click();
  const both = expected("--tag", "Microservices", "--category", "Backend Development");
  await statsAre(page, `${both.total} articles · Page 1 of ${both.pages}`);
  await page.getByLabel("Find an author").fill("galactic");
  assert.deepEqual(await page.locator('.tagsift-facet[data-facet="authors"] .tagsift-name').allTextContents(), ["Ray's Galactic Tech"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("sort and per-page selects, and the empty state", async () => {
  const { page, errors } = await open();
  await page.locator('select[data-action="sort"]').selectOption("most-liked");
  const liked = expected("--sort", "most-liked");
  assert.deepEqual(await page.locator(".tagsift-title").allTextContents(), liked.hits.map((h) => h.title));
  await page.locator('select[data-action="per-page"]').selectOption("20");
  await statsAre(page, "87 articles · Page 1 of 5");
  assert.equal(query(page), "?sort=most-liked&per=20");
  await search(page).fill("qqqqzzzz");
  await statsAre(page, "0 articles · Page 1 of 1");
  assert.equal(await page.locator(".tagsift-empty p").textContent(), "No articles match these filters.");
  await page.locator(".tagsift-empty button").click();
  await statsAre(page, "87 articles · Page 1 of 5");
  assert.equal(await search(page).inputValue(), "");
  assert.deepEqual(errors, []);
  await page.close();
});

test("no serious or critical axe-core violations, light and dark, at rest and filtered", async () => {
  const axe = readFileSync(join(process.env.TAGSIFT_TOOLS ?? join(root, ".tools"), "node_modules/axe-core/axe.min.js"), "utf8");
  for (const colorScheme of ["light", "dark"]) {
    // axe is injected as an inline script, which the demo's CSP would (rightly) refuse.
    const { page } = await open("/", { bypassCSP: true, colorScheme });
    await page.addScriptTag({ content: axe });
    const check = async (when) => {
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], `${colorScheme}, ${when}`);
    };
    await check("at rest");
    await toggle(page, "tags", "Kafka").click();
    await search(page).fill("kafka");
    await statsAre(page, `${expected("--tag", "Kafka", "-q", "kafka").total} articles · Page 1 of 1`);
    await check("filtered, with marks and chips");
    await page.close();
  }
});

test("screenshots at 1280 px and 360 px; nothing overflows a phone screen", async () => {
  for (const [width, name] of [[1280, "desktop"], [360, "phone"]]) {
    for (const colorScheme of ["light", "dark"]) {
      const { page, errors } = await open("/?tag=Kafka&q=kafka", { viewport: { width, height: 900 }, colorScheme });
      await page.screenshot({ path: join(artifacts, `widget-${name}-${colorScheme}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the screen`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test("a loading state shows while the index downloads (a page with no prerendered view)", async () => {
  const plain = await serve(siteCopy());
  const page = await browser.newPage();
  const errors = collectErrors(page);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/index.bin", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(plain.url);
  await page.locator(".tagsift-stats", { hasText: "Loading articles…" }).waitFor();
  assert.equal(await page.getAttribute(".tagsift-results", "aria-busy"), "true");
  assert.equal(await page.locator('input[data-action="search"]').isVisible(), true, "the search box is there at once");
  release();
  await statsAre(page, "87 articles · Page 1 of 9");
  assert.equal(await page.getAttribute(".tagsift-results", "aria-busy"), null);
  assert.deepEqual(errors, []);
  await page.close();
  plain.server.close();
});
