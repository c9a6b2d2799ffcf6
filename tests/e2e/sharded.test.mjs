// End to end: a sharded index of 100k synthetic articles, served on 127.0.0.1 and used
// through the widget in headless Chromium. Each step records the requests it caused and
// checks that only the shards it needs were fetched, and that the results are exactly
// the one-file engine's (the CLI over the same corpus as one file). Byte and request
// budgets are printed by benches/shards.mjs, not asserted here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { site, root, statsAre, toggle } from "../support/site.mjs";

const cli = join(root, "target/release/tagsift");
const ARTICLES = "100000";
let dir, oneFile, server, browser;

before(async () => {
  dir = site();
  execFileSync(cli, ["synth", "--articles", ARTICLES, "--seed", "11", "--index", join(dir, "index.bin"), "--split", "always"], { stdio: "pipe" });
  oneFile = join(dir, "..", `${dir.split("/").pop()}-one.bin`);
  execFileSync(cli, ["synth", "--articles", ARTICLES, "--seed", "11", "--index", oneFile, "--split", "never"], { stdio: "pipe" });
  server = await serve(dir);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
});

/** The one-file engine's answer, via `tagsift query`. */
const expected = (...args) => JSON.parse(execFileSync(cli, ["query", oneFile, ...args], { maxBuffer: 1 << 26 }));
const fmt = (n) => n.toLocaleString("en-US");
const shardRequests = () => server.requests.filter((r) => /^\/[dftovuxr]\d+-[0-9a-f]{16}\.bin$/.test(r.path)).map((r) => r.path[1]);
const titles = (page) => page.locator(".tagsift-title").allTextContents();

async function open() {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  server.requests.length = 0;
  await page.goto(server.url);
  return { page, errors };
}

test("first view: the manifest alone; exact counts and cards", async () => {
  const { page, errors } = await open();
  const all = expected();
  await statsAre(page, `${fmt(all.total)} articles · Page 1 of ${fmt(all.pages)}`);
  assert.deepEqual(shardRequests(), [], "the first page comes with the manifest");
  assert.equal(server.requests.filter((r) => r.path === "/index.bin").length, 1);
  assert.deepEqual(await titles(page), all.hits.map((h) => h.title));
  const tagCounts = await page.locator('.tagsift-facet[data-facet="tags"] .tagsift-count').allTextContents();
  assert.deepEqual(tagCounts, all.facets.tags.values.map((v) => fmt(v.count)));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a tag click fetches one tag shard and the recent tags; the next page at most one display shard", async () => {
  const { page, errors } = await open();
  await page.locator(".tagsift-card").first().waitFor();
  const tag = await page.locator('.tagsift-facet[data-facet="tags"] button[data-action="toggle"]').nth(3).getAttribute("data-value");
  server.requests.length = 0;
  await toggle(page, "tags", tag).click();
  const one = expected("--tag", tag);
  await statsAre(page, `${fmt(one.total)} articles · Page 1 of ${fmt(one.pages)}`);
  assert.equal(shardRequests().filter((k) => k === "t").length, 1, "one tag shard");
  assert.equal(shardRequests().filter((k) => k === "r").length, 1, "the recent tags (100,000 is not a whole number of blocks)");
  assert.equal(shardRequests().length, 2 + shardRequests().filter((k) => k === "d").length, "nothing else but cards");
  assert.deepEqual(shardRequests().filter((k) => k === "f" || k === "x"), [], "no filter or text shards for one tag");
  assert.deepEqual(await titles(page), one.hits.map((h) => h.title));
  const cats = await page.locator('.tagsift-facet[data-facet="categories"] .tagsift-count').allTextContents();
  assert.deepEqual(cats, one.facets.categories.values.slice(0, 10).map((v) => fmt(v.count)));
  await page.waitForTimeout(300); // the next page's shard is prefetched
  server.requests.length = 0;
  await page.locator('button[data-key="page:next"]').click();
  await statsAre(page, `${fmt(one.total)} articles · Page 2 of ${fmt(one.pages)}`);
  await page.locator(".tagsift-results:not([data-pending])").waitFor();
  assert.ok(shardRequests().length <= 1, `next page: ${shardRequests().join(",")}`);
  assert.deepEqual(await titles(page), expected("--tag", tag, "--page", "2").hits.map((h) => h.title));
  assert.deepEqual(errors, []);
  await page.close();
});

test("two tags and a text query load the filter and text shards and stay exact", async () => {
  const { page, errors } = await open();
  await page.locator(".tagsift-card").first().waitFor();
  const buttons = page.locator('.tagsift-facet[data-facet="tags"] button[data-action="toggle"]');
  const [a, b] = [await buttons.nth(0).getAttribute("data-value"), await buttons.nth(1).getAttribute("data-value")];
  await toggle(page, "tags", a).click();
  await statsAre(page, `${fmt(expected("--tag", a).total)} articles · Page 1 of ${fmt(expected("--tag", a).pages)}`);
  server.requests.length = 0;
  await toggle(page, "tags", b).click();
  const both = expected("--tag", a, "--tag", b);
  await statsAre(page, `${fmt(both.total)} articles · Page 1 of ${fmt(both.pages)}`);
  await page.locator(".tagsift-facets:not([aria-busy])").waitFor();
  assert.ok(shardRequests().includes("f"), "the filter shards arrive for a second tag's counts");
  const tagCounts = await page.locator('.tagsift-facet[data-facet="tags"] .tagsift-count').allTextContents();
  assert.deepEqual(tagCounts, both.facets.tags.values.map((v) => fmt(v.count)));
  server.requests.length = 0;
  await page.locator('input[data-action="search"]').fill("data");
  const text = expected("--tag", a, "--tag", b, "-q", "data");
  await statsAre(page, `${fmt(text.total)} articles · Page 1 of ${fmt(text.pages)}`);
  await page.locator(".tagsift-results:not([data-pending])").waitFor();
  assert.ok(shardRequests().includes("v"), "the dictionary piece of the word arrives once the reader types");
  assert.ok(shardRequests().includes("x"), "then the postings of the words it matched");
  assert.deepEqual(shardRequests().filter((k) => k === "u"), [], "a word of four letters has no typo to look up");
  assert.ok(shardRequests().filter((k) => k === "x").length < readdirSync(dir).filter((f) => f.startsWith("x")).length, "only the postings of the words it matched");
  assert.deepEqual(await titles(page), text.hits.map((h) => h.title));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a query with a typo fetches its dictionary pieces and the postings of the words it matched, and is exact", async () => {
  const { page, errors } = await open();
  await page.locator(".tagsift-card").first().waitFor();
  server.requests.length = 0;
  // Two words, the first with a typo in its first half (kqfka for kafka: found by its
  // second half, in the reverse dictionary), the last one a prefix.
  await page.locator('input[data-action="search"]').fill("kqfka strea");
  const want = expected("-q", "kqfka strea");
  assert.ok(want.total > 0);
  await statsAre(page, `${fmt(want.total)} articles · Page 1 of ${fmt(want.pages)}`);
  await page.locator(".tagsift-results:not([data-pending])").waitFor();
  const asked = shardRequests();
  const count = (kind) => asked.filter((k) => k === kind).length;
  const files = (kind) => readdirSync(dir).filter((f) => f.startsWith(kind)).length;
  assert.ok(count("u") >= 1 && count("u") < files("u") + 1, `the reverse dictionary for the typo: ${count("u")} of ${files("u")}`);
  assert.ok(count("v") >= 1 && count("v") <= files("v"), "the dictionary pieces of the words");
  assert.ok(count("x") >= 1 && count("x") < files("x") / 2, `postings of the matched words only: ${count("x")} of ${files("x")}`);
  assert.equal(count("t"), 0, "no tag shards");
  assert.deepEqual(await titles(page), want.hits.map((h) => h.title));
  // The counts within the results come with the filter shards, after the cards.
  await page.locator(".tagsift-facets:not([aria-busy])").waitFor();
  const tagCounts = await page.locator('.tagsift-facet[data-facet="tags"] .tagsift-count').allTextContents();
  assert.deepEqual(tagCounts, want.facets.tags.values.map((v) => fmt(v.count)));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a missing or corrupt shard is reported in the widget; the next action tries again", async () => {
  const { page } = await open();
  await page.locator(".tagsift-card").first().waitFor();
  const tag = await page.locator('.tagsift-facet[data-facet="tags"] button[data-action="toggle"]').nth(0).getAttribute("data-value");
  const tagShards = readdirSync(dir).filter((f) => /^t\d+-/.test(f));
  // Hide every tag shard: the click cannot be answered.
  for (const f of tagShards) renameSync(join(dir, f), join(dir, `${f}.away`));
  await toggle(page, "tags", tag).click();
  const alert = page.locator(".tagsift-alert");
  await alert.waitFor();
  assert.match(await alert.locator("p").textContent(), /^These articles could not be loaded: t\d+-[0-9a-f]{16}\.bin: the server answered HTTP 404/);
  assert.equal(await page.locator(".tagsift-search input").isEnabled(), true);
  // Put them back, corrupting one byte of the shard it needs.
  for (const f of tagShards) renameSync(join(dir, `${f}.away`), join(dir, f));
  const wanted = server.requests.filter((r) => /^\/t\d+-/.test(r.path)).at(-1).path.slice(1);
  const good = readFileSync(join(dir, wanted));
  const bad = Buffer.from(good);
  bad[bad.length - 5] ^= 0xff;
  writeFileSync(join(dir, wanted), bad);
  await toggle(page, "tags", tag).click(); // unselect: the first view needs no tag shard
  await toggle(page, "tags", tag).click();
  await page.locator(".tagsift-alert p", { hasText: "corrupt: its checksum" }).waitFor();
  writeFileSync(join(dir, wanted), good);
  await toggle(page, "tags", tag).click();
  await toggle(page, "tags", tag).click();
  const one = expected("--tag", tag);
  await statsAre(page, `${fmt(one.total)} articles · Page 1 of ${fmt(one.pages)}`);
  await page.locator(".tagsift-results:not([data-pending])").waitFor();
  assert.equal(await alert.isHidden(), true, "the message goes once the shard arrives");
  assert.deepEqual(await titles(page), one.hits.map((h) => h.title));
  await page.close();
});
