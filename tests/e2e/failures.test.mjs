// End to end: what a visitor sees when the index is missing, truncated, corrupt, of
// another format version, or full of hostile text. Each case is a throwaway copy of
// the built demo with one file changed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { site, page as pageHtml, root, www, statsAre, firstResults, toggle } from "../support/site.mjs";

let browser;
const servers = [];
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.server.close();
});

async function host(dir) {
  const s = await serve(dir);
  servers.push(s);
  return s;
}

const good = readFileSync(join(www, "index.bin"));
const alert = (page) => page.locator(".tagsift-alert[role=alert]");

/** Opens a site whose index.bin is `bytes` (or absent) and waits for the alert. */
async function failing(bytes) {
  const dir = site();
  if (bytes === null) rmSync(join(dir, "index.bin"));
  else writeFileSync(join(dir, "index.bin"), bytes);
  const s = await host(dir);
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(s.url);
  await alert(page).waitFor({ timeout: 10000 });
  return { dir, page, errors, text: await alert(page).locator("p").textContent() };
}

const variants = {
  "a missing index": [null, /index\.bin: the server answered HTTP 404/],
  "a truncated index": [good.subarray(0, good.length - 100), /truncated/],
  "an index cut inside its header": [good.subarray(0, 10), /truncated: it ends after 10 bytes/],
  "a corrupt index": [Buffer.from(good).fill(0x55, 400, 408), /corrupt: its checksum/],
  "a file that is not an index": [Buffer.from("<!doctype html><title>404</title>"), /not a tagsift index/],
  "an index of another format version": [
    (() => {
      const b = Buffer.from(good);
      b.writeUInt16LE(4, 8);
      return b;
    })(),
    /format version 4, but this tagsift reads format version 3/,
  ],
};

for (const [name, [bytes, message]] of Object.entries(variants)) {
  test(`${name} shows a clear message in the widget, not a blank area`, async () => {
    const { page, text } = await failing(bytes);
    assert.match(text, /^The articles could not be loaded: index\.bin: /);
    assert.match(text, message);
    assert.equal(await page.locator(".tagsift-alert button[data-action=retry]").isVisible(), true);
    assert.equal(await page.locator(".tagsift-body").isHidden(), true, "no empty result list under the error");
    await page.close();
  });
}

test("after a failed load, Try again loads the index once it is there", async () => {
  const { dir, page } = await failing(null);
  writeFileSync(join(dir, "index.bin"), good);
  await page.locator(".tagsift-alert button[data-action=retry]").click();
  await statsAre(page, "87 articles · Page 1 of 9");
  assert.equal(await alert(page).isHidden(), true);
  await toggle(page, "tags", "Kafka").click();
  await statsAre(page, "9 articles · Page 1 of 1");
  await page.close();
});

test("invalid options are named in the widget", async () => {
  const dir = site({ "index.html": pageHtml('data-tagsift="index.bin" data-tagsift-per-page="500"') });
  const s = await host(dir);
  const page = await browser.newPage();
  await page.goto(s.url);
  const note = page.locator("[data-tagsift][role=alert]");
  await note.waitFor();
  assert.equal(await note.textContent(), "tagsift: data-tagsift-per-page: expected a whole number from 1 to 100");
  await page.close();
});

test("hostile titles, summaries, tags and URLs render inert", async () => {
  const evil = [
    { title: "<img src=x onerror=alert(1)>", url: "javascript:alert(1)", tags: ["<b>bold</b>"], summary: "<script>alert(2)</script>", date: "2026-01-02" },
    { title: "Data link", url: "data:text/html,<script>alert(3)</script>", tags: ["x"], summary: "s", date: "2026-01-01" },
    { title: "Vbscript link", url: " VBScript:msgbox(1)", tags: ["x"], summary: "s", date: "2025-12-31" },
    { title: "Safe absolute", url: "https://example.com/a?b=<c>", tags: ["x"], summary: "s", date: "2025-12-30" },
    { title: "Safe relative", url: "/posts/safe-relative/", tags: ["x"], summary: "s", date: "2025-12-29" },
    { title: '"><svg onload=alert(4)>', url: "java\tscript:alert(5)", tags: ['" onmouseover="alert(6)'], summary: "&lt;b&gt; entities stay text", date: "2025-12-28", author: "<i>Mallory</i>", category: "</style><script>alert(7)</script>" },
  ];
  const work = mkdtempSync(join(tmpdir(), "tagsift-xss-"));
  writeFileSync(join(work, "evil.json"), JSON.stringify(evil));
  const dir = site();
  execFileSync(join(root, "target/release/tagsift"), ["index", join(work, "evil.json"), "-o", join(dir, "index.bin")], { stdio: "pipe" });
  const s = await host(dir);
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(s.url);
  await firstResults(page);
  await page.hover(".tagsift-card .tagsift-tag >> nth=0");
  const titles = await page.locator(".tagsift-title").allTextContents();
  assert.deepEqual(titles, evil.map((a) => a.title));
  // Only http(s) and relative URLs became links, as written (the prerendered page writes the same).
  const hrefs = await page.$$eval(".tagsift-title", (hs) => hs.map((h) => h.querySelector("a")?.getAttribute("href") ?? null));
  assert.deepEqual(hrefs, [null, null, null, "https://example.com/a?b=<c>", "/posts/safe-relative/", null]);
  const resolved = await page.$$eval(".tagsift-title a", (as) => as.map((a) => a.href));
  assert.deepEqual(resolved, ["https://example.com/a?b=%3Cc%3E", `${s.url}posts/safe-relative/`]);
  // No element came from article text.
  assert.equal(await page.locator(".tagsift-results img, .tagsift-results svg, .tagsift-results script, .tagsift-results b, .tagsift-results i").count(), 0);
  assert.equal(await page.locator(".tagsift-card .tagsift-summary").first().textContent(), "<script>alert(2)</script>");
  assert.ok((await page.locator(".tagsift-facet[data-facet=authors] .tagsift-name").allTextContents()).includes("<i>Mallory</i>"));
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.close();
});
