// End to end: the demo's prerendered first view (written into www/index.html by
// `tagsift index --prerender`), without JavaScript and with it: adopted without a
// layout shift, clicks and keystrokes made before the wasm is ready kept, a link with
// view state painting only its own results, under the demo's strict CSP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { www, root, statsAre, toggle, watchPaints, markCards } from "../support/site.mjs";

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

const expected = (...args) =>
  JSON.parse(execFileSync(join(root, "target/release/tagsift"), ["query", join(www, "index.bin"), ...args]));
const live = (page) => page.locator(".tagsift[data-live]").waitFor({ timeout: 10000 });

test("the page holds the first view: the native engine's empty query", () => {
  const html = readFileSync(join(www, "index.html"), "utf8");
  const all = expected("--per-page", "10");
  assert.equal(html.match(/<!--tagsift:view-->/g).length, 1);
  assert.ok(html.includes(">87 articles · Page 1 of 9</p>"));
  const titles = [...html.matchAll(/<h3 class="tagsift-title"><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)];
  assert.deepEqual(titles.map((m) => m[1]), all.hits.map((h) => h.url));
});

test("without JavaScript: a listing of 87 articles, 10 cards whose links work, facet counts, no dead controls", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(site.url);
  assert.equal(await page.textContent(".tagsift-stats"), "87 articles · Page 1 of 9");
  assert.equal(await page.locator(".tagsift-card").count(), 10);
  assert.equal(await page.locator(".tagsift-card").first().locator(".tagsift-title").textContent(), expected().hits[0].title);
  const kafka = expected("--facet-limit", "20").facets.tags.values.find((v) => v.value === "Kafka");
  assert.equal(await page.locator('.tagsift-values button[data-value="Kafka"]').textContent(), `Kafka ${kafka.count}`);
  assert.equal(await page.locator('.tagsift-values button[data-value="Kafka"]').isVisible(), true);
  // Whatever looks like a control works: links do; every form control is disabled, and
  // the visible ones (facet values, tag chips) read as text, not as buttons.
  const controls = await page.$$eval("button, input, select, textarea", (els) =>
    els.map((el) => {
      const s = getComputedStyle(el);
      const visible = el.getClientRects().length > 0 && s.visibility !== "hidden";
      return { tag: el.tagName, visible, disabled: el.matches(":disabled"), border: s.borderTopColor, background: s.backgroundColor, text: el.textContent.trim() };
    }),
  );
  for (const c of controls) assert.ok(c.disabled, `${c.tag} "${c.text}" is operable without JavaScript`);
  const shown = controls.filter((c) => c.visible);
  assert.ok(shown.length > 0 && shown.every((c) => c.tag === "BUTTON"), `visible controls: ${shown.map((c) => c.tag)}`);
  for (const c of shown) assert.deepEqual([c.border, c.background], ["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"], `"${c.text}" looks like a button`);
  assert.equal(await page.locator(".tagsift-search").isVisible(), false);
  assert.equal(await page.locator(".tagsift-pages").isVisible(), false);
  await page.screenshot({ path: join(artifacts, "prerendered-no-js.png"), fullPage: true });
  // A card's link leads to its article.
  const first = page.locator(".tagsift-card .tagsift-title a").first();
  const title = await first.textContent();
  await first.click();
  assert.equal(await page.locator("h1").textContent(), title);
  await context.close();
});

async function hydrate(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await markCards(page);
  await page.addInitScript(watchPaints);
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
    document.addEventListener("DOMContentLoaded", () => {
      window.__cards = [...document.querySelectorAll(".tagsift-card")];
      window.__removed = 0;
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.removedNodes) if (n.nodeType === 1) window.__removed += 1;
      }).observe(document.body, { subtree: true, childList: true });
    });
  });
  await page.goto(site.url);
  await live(page);
  await page.waitForTimeout(500);
  return { context, page, errors };
}

for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 360, height: 800 }]]) {
  test(`with JavaScript the widget adopts the view as it is, without a layout shift (${name})`, async () => {
    const { context, page, errors } = await hydrate(viewport);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls < 0.01, `cumulative layout shift ${cls}`);
    // The first view is painted from the HTML, before the widget is live.
    const { painted, liveAt } = await page.evaluate(() => ({ painted: window.__painted, liveAt: window.__frames.find((f) => f.live)?.t }));
    if (viewport.width >= 1280) assert.ok(painted.some((p) => p.t < liveAt), `titles painted at ${painted.map((p) => p.t)}, live at ${liveAt}`);
    assert.equal(await page.evaluate(() => window.__removed), 0, "no element was replaced");
    const same = await page.evaluate(() => window.__cards.every((c, i) => c === document.querySelectorAll(".tagsift-card")[i]));
    assert.ok(same, "the cards are the prerendered elements");
    assert.equal(await page.textContent(".tagsift-stats"), "87 articles · Page 1 of 9");
    // On a phone the facets fold into the Filters disclosure.
    if (viewport.width < 600) await page.locator(".tagsift-facets > summary").click();
    await toggle(page, "tags", "Kafka").click();
    await statsAre(page, "9 articles · Page 1 of 1");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** Opens the demo with its wasm held back until `release()`. */
async function slowWasm(path = "") {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/tagsift_wasm_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(site.url + path);
  await page.locator(".tagsift-card").first().waitFor();
  return { page, errors, release };
}

test("a click made before the wasm is ready is not lost", async () => {
  const { page, errors, release } = await slowWasm();
  assert.equal(await page.locator(".tagsift[data-live]").count(), 0, "the widget is not ready yet");
  await toggle(page, "tags", "Kafka").click();
  await page.waitForTimeout(100);
  release();
  await statsAre(page, "9 articles · Page 1 of 1");
  assert.equal(await toggle(page, "tags", "Kafka").getAttribute("aria-pressed"), "true");
  assert.equal(new URL(page.url()).search, "?tag=Kafka");
  assert.deepEqual(errors, []);
  await page.close();
});

test("keystrokes made before the wasm is ready are not lost", async () => {
  const { page, errors, release } = await slowWasm();
  await page.locator('input[data-action="search"]').pressSequentially("rebalancing", { delay: 5 });
  release();
  const want = expected("-q", "rebalancing");
  await statsAre(page, `${want.total} articles · Page 1 of ${want.pages}`);
  assert.equal(await page.locator('input[data-action="search"]').inputValue(), "rebalancing");
  assert.equal(new URL(page.url()).search, "?q=rebalancing");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a link with view state paints only its own results, never the prerendered ones", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectErrors(page);
  await markCards(page);
  await page.addInitScript(watchPaints);
  await page.goto(`${site.url}?tag=Kafka&page=2&per=5`);
  await statsAre(page, "9 articles · Page 2 of 2");
  await page.waitForTimeout(300);
  const { frames, painted, liveAt } = await page.evaluate(() => ({
    frames: window.__frames,
    painted: window.__painted,
    liveAt: window.__frames.find((f) => f.live)?.t,
  }));
  assert.ok(frames.length > 3, `${frames.length} frames seen`);
  for (const f of frames.filter((f) => f.visible)) {
    assert.equal(f.stats, "9 articles · Page 2 of 2", `a frame at ${f.t.toFixed(1)} ms painted "${f.stats}"`);
  }
  assert.ok(liveAt !== undefined, "the widget went live");
  assert.equal(painted.length, await page.locator(".tagsift-card").count(), "every title shown was painted");
  for (const p of painted) assert.ok(p.t >= liveAt, `${p.id} was painted at ${p.t} ms, before the widget's own view (${liveAt} ms)`);
  const want = expected("--tag", "Kafka", "--page", "2", "--per-page", "5");
  const titles = await page.locator(".tagsift-title").allTextContents();
  assert.deepEqual(titles, want.hits.map((h) => h.title));
  await page.screenshot({ path: join(artifacts, "prerendered-stateful-url.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the demo runs under its strict Content-Security-Policy with nothing refused", async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(site.url);
  await live(page);
  await toggle(page, "tags", "Kafka").click();
  await page.locator('input[data-action="search"]').fill("stream");
  await page.waitForTimeout(300);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await page.close();
});
