// End to end: what a visitor sees when things go wrong while they browse. The wasm
// traps; the site is deployed again under them; shard requests fail in the ways real
// networks fail. Sharded sites of 3,000 synthetic articles on a 127.0.0.1 server that
// injects faults (bounded: a stall lasts 10 s, every socket is closed at the end), and
// the seed demo for the trap. Results are checked against the CLI's answers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { site, root, statsAre, toggle } from "../support/site.mjs";

const cli = join(root, "target/release/tagsift");
let browser;
const servers = [];
const faults = [];

/** A sharded site of `articles` synthetic articles of corpus `seed`. */
function sharded(seed, articles = 3000) {
  const dir = site();
  execFileSync(cli, ["synth", "--articles", String(articles), "--seed", String(seed), "--index", join(dir, "index.bin"), "--split", "always"], { stdio: "pipe" });
  return dir;
}
const shards = (dir, kind) => readdirSync(dir).filter((f) => new RegExp(`^${kind}\\d+-[0-9a-f]{16}\\.bin$`).test(f));

let siteA, siteB;
before(async () => {
  browser = await launch();
  siteA = sharded(21);
  siteB = sharded(22);
});
after(async () => {
  await browser?.close();
  for (const s of servers) {
    s.server.closeAllConnections();
    s.server.close();
  }
});

/** Makes the next `times` requests whose path matches `pattern` fail as `kind`. */
function inject(pattern, kind, times = Infinity) {
  const fault = { pattern, kind, times, hits: 0 };
  faults.push(fault);
  return fault;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The fault server's side of a request: true when a fault answered it. */
async function intercept(req, res, path, file) {
  const fault = faults.find((f) => f.times > 0 && f.pattern.test(path));
  if (!fault) return false;
  fault.times--;
  fault.hits++;
  switch (fault.kind) {
    case "500":
    case "503":
      res.writeHead(Number(fault.kind), { "Content-Type": "text/plain" }).end("the server is not well");
      return true;
    case "reset":
      req.socket.destroy();
      return true;
    case "truncated": {
      const bytes = readFileSync(file);
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": bytes.length });
      res.write(bytes.subarray(0, bytes.length >> 1));
      setTimeout(() => res.socket?.destroy(), 20);
      return true;
    }
    case "stall":
      await sleep(10000);
      return false; // then answered, if anyone still listens
    case "wrong-type":
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end(readFileSync(file));
      return true;
    case "html":
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<!doctype html><title>Not found</title><h1>Page not found</h1>");
      return true;
  }
  throw new Error(`no fault ${fault.kind}`);
}

async function host(dir) {
  const s = await serve(dir, 0, { intercept });
  servers.push(s);
  return s;
}

/** The CLI's answer over the index of `dir`. */
const expected = (dir, ...args) => JSON.parse(execFileSync(cli, ["query", join(dir, "index.bin"), ...args], { maxBuffer: 1 << 26 }));
const fmt = (n) => n.toLocaleString("en-US");
const statsOf = (r) => `${fmt(r.total)} articles · Page ${fmt(r.page)} of ${fmt(r.pages)}`;
const titles = (page) => page.locator(".tagsift-title").allTextContents();
const alert = (page) => page.locator(".tagsift-alert");
const current = (page) => page.locator(".tagsift-results:not([data-pending])").waitFor();

async function open(s, path = "") {
  faults.length = 0;
  const page = await browser.newPage();
  const errors = collectErrors(page);
  // The widget's own attempts, as the page makes them (the browser may repeat one on the wire).
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.__fetched = [];
    window.fetch = function (input, init) {
      window.__fetched.push(new URL(input instanceof Request ? input.url : input, location.href).pathname);
      return fetch.call(this, input, init);
    };
  });
  await page.goto(s.url + path);
  await page.locator(".tagsift[data-live] .tagsift-card").first().waitFor();
  s.requests.length = 0;
  await page.evaluate(() => (window.__fetched.length = 0));
  return { page, errors };
}
/** The tag shards the page asked for since it opened. */
const tagFetches = (page) => page.evaluate(() => window.__fetched.filter((p) => /^\/t\d+-/.test(p)).length);

/** The value of the `n`th tag of the tag facet. */
const tagAt = (page, n) => page.locator('.tagsift-facet[data-facet="tags"] button[data-action="toggle"]').nth(n).getAttribute("data-value");
const tagRequests = (s) => s.requests.filter((r) => /^\/t\d+-/.test(r.path));

test("a shard that fails once (503, a reset or cut connection, a 10 s stall) is fetched again; the wrong content type is read", async () => {
  const s = await host(siteA);
  for (const [kind, requests] of [["503", 2], ["reset", 2], ["truncated", 2], ["stall", 2], ["wrong-type", 1]]) {
    const { page, errors } = await open(s);
    const tag = await tagAt(page, 2);
    const fault = inject(/^\/t\d+-/, kind, 1);
    const started = Date.now();
    await toggle(page, "tags", tag).click();
    if (kind === "stall") {
      await page.locator(".tagsift-results[data-pending]").waitFor();
      assert.equal(await page.locator(".tagsift-body[data-stale]").count(), 0, `${kind}: waiting is not failing`);
    }
    const want = expected(siteA, "--tag", tag);
    await page.locator(".tagsift-stats", { hasText: statsOf(want) }).waitFor({ timeout: 20000 });
    await current(page);
    assert.deepEqual(await titles(page), want.hits.map((h) => h.title), kind);
    assert.equal(await alert(page).isHidden(), true, `${kind}: no message once it arrived`);
    assert.equal(fault.hits, 1, kind);
    // (A stalled request is logged when the server answers it, after the test looked.)
    const served = tagRequests(s).filter((r) => !r.intercepted).length;
    assert.equal(served + fault.hits, requests, `${kind}: ${requests} requests for the shard`);
    if (kind === "stall") assert.ok(Date.now() - started < 15000, "the stalled request was given up within bounds");
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), [], kind);
    await page.close();
  }
});

test("a shard that keeps failing: a clear message, older results marked not current, the rest works, the next action recovers", async () => {
  const s = await host(siteA);
  const cases = [
    ["500", /HTTP 500/],
    ["reset", /the connection failed/],
    ["truncated", /the connection failed/],
    ["html", /a web page instead of the file/],
    ["offline", /you are offline/],
  ];
  for (const [kind, message] of cases) {
    const { page } = await open(s);
    const first = await page.textContent(".tagsift-stats");
    const [tag, other] = [await tagAt(page, 1), await tagAt(page, 4)];
    if (kind === "offline") await page.context().setOffline(true);
    else inject(/^\/t\d+-/, kind);
    await toggle(page, "tags", tag).click();
    await alert(page).locator("p", { hasText: message }).waitFor({ timeout: 20000 });
    // A tag click needs its tag shard and the recent tags (r0): offline, either may fail first.
    assert.match(await alert(page).locator("p").textContent(), /^These articles could not be loaded: [tr]\d+-[0-9a-f]{16}\.bin: /, kind);
    // What is shown answers the earlier query, and says so.
    assert.equal(await page.textContent(".tagsift-stats"), first, kind);
    assert.equal(await page.locator(".tagsift-body[data-stale]").count(), 1, `${kind}: marked not current`);
    assert.equal(await page.locator(".tagsift-results[aria-busy]").count(), 0, `${kind}: not shown as loading forever`);
    const [attempts, served] = [await tagFetches(page), tagRequests(s).length];
    if (kind === "html") assert.ok(s.requests.some((r) => r.path === "/index.bin"), "an HTML page in a shard's place: the manifest is fetched again");
    else if (kind !== "offline") {
      assert.equal(attempts, 3, `${kind}: three attempts, then the message`);
      // Chromium's network stack itself repeats a request whose reused connection was
      // reset (up to twice), so the server may see more than the widget asked for.
      if (kind === "reset") assert.ok(served >= 3 && served <= 9, `${kind}: ${served} requests on the wire`);
      else assert.equal(served, 3, `${kind}: three requests on the wire`);
    }
    // The rest of the widget works: the search box takes text, without the missing shard.
    assert.equal(await page.locator(".tagsift-search input").isEnabled(), true);
    // The network mends: the next action recovers, with exact results.
    faults.length = 0;
    if (kind === "offline") await page.context().setOffline(false);
    await toggle(page, "tags", other).click();
    const want = expected(siteA, "--tag", tag, "--tag", other);
    await statsAre(page, statsOf(want));
    await current(page);
    assert.deepEqual(await titles(page), want.hits.map((h) => h.title), kind);
    assert.equal(await alert(page).isHidden(), true, `${kind}: the message goes`);
    assert.equal(await page.locator(".tagsift-body[data-stale]").count(), 0, `${kind}: current again`);
    await page.close();
  }
});

test("deployed again mid-session: the visitor keeps their query and address and sees only the new deployment", async () => {
  const s = await host(siteA);
  const { page, errors } = await open(s);
  const tag = await tagAt(page, 0);
  await toggle(page, "tags", tag).click();
  await statsAre(page, statsOf(expected(siteA, "--tag", tag)));
  // The new deployment replaces every file: the shards this manifest names are gone.
  s.setRoot(siteB);
  s.requests.length = 0;
  await page.locator(".tagsift-search input").fill("data");
  const want = expected(siteB, "--tag", tag, "-q", "data");
  await statsAre(page, statsOf(want));
  await current(page);
  assert.deepEqual(await titles(page), want.hits.map((h) => h.title), "every card from the new deployment");
  const counts = await page.locator('.tagsift-facet[data-facet="categories"] .tagsift-count').allTextContents();
  assert.deepEqual(counts, want.facets.categories.values.slice(0, 10).map((v) => fmt(v.count)), "facet counts from the new deployment");
  assert.equal(s.requests.filter((r) => r.path === "/index.bin").length, 1, "the manifest fetched again, once");
  const url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll("tag"), [tag]);
  assert.equal(url.searchParams.get("q"), "data");
  assert.equal(await alert(page).isHidden(), true);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await page.close();
  s.setRoot(siteA);
});

test("tagsift/headless: searchAsync after a deploy answers from the new deployment", async () => {
  const s = await host(siteA);
  const page = await browser.newPage();
  await page.goto(s.url);
  const tag = expected(siteA).facets.tags.values[0].value;
  await page.evaluate(async () => {
    const { load } = await import(new URL("pkg/headless/tagsift.js", location.href).href);
    window.sift = await load("index.bin");
  });
  s.setRoot(siteB);
  const got = await page.evaluate(async (tag) => JSON.stringify(await window.sift.searchAsync({ tags: [tag], text: "data" })), tag);
  assert.deepEqual(JSON.parse(got), expected(siteB, "--tag", tag, "-q", "data"));
  await page.close();
  s.setRoot(siteA);
});

test("a shard whose bytes are not the ones its name promises: the manifest is fetched again; if it is unchanged, the reader is told", async () => {
  // A host serving a stale copy: each display shard's name holds another one's bytes.
  const dir = site();
  cpSync(siteA, dir, { recursive: true });
  const names = shards(dir, "d");
  const bytes = names.map((n) => readFileSync(join(dir, n)));
  names.forEach((n, i) => writeFileSync(join(dir, n), bytes[(i + 1) % names.length]));
  const s = await host(dir);
  const { page } = await open(s);
  // The last page: its cards are in no file loaded yet.
  await page.locator(`button[data-key="page:${expected(dir).pages}"]`).click();
  await alert(page).locator("p", { hasText: "not the one the index names" }).waitFor();
  assert.match(await alert(page).locator("p").textContent(), /^These articles could not be loaded: d\d+-[0-9a-f]{16}\.bin: This file is not the one the index names/);
  assert.ok(s.requests.some((r) => r.path === "/index.bin"), "the manifest was fetched again");
  assert.equal(await page.locator(".tagsift-body[data-stale]").count(), 1);
  await page.close();
});

test("a trap in the wasm shows the error state; the next action runs on a fresh instance", async () => {
  const s = await host(site());
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(s.url);
  await statsAre(page, "87 articles · Page 1 of 9");
  await toggle(page, "tags", "Kafka").click();
  await statsAre(page, "9 articles · Page 1 of 1");
  await page.evaluate(async () => {
    const { mount } = await import(new URL("pkg/web/tagsift.js", location.href).href);
    (await mount(document.querySelector("[data-tagsift]"))).__trapForTests();
  });
  await toggle(page, "tags", "Streaming").click();
  await alert(page).locator("p", { hasText: "The search stopped working. Your next click or keystroke starts it again." }).waitFor();
  assert.equal(await page.locator(".tagsift-body[data-stale]").count(), 1, "what is shown is marked not current");
  assert.ok(errors.some((e) => /tagsift: the wasm failed/.test(e)), "the failure is logged for the site owner");
  assert.equal(new URL(page.url()).search, "?tag=Kafka", "the failed action changed nothing");
  // The next action: a fresh instance adopts the view and the address, then acts.
  await toggle(page, "tags", "Streaming").click();
  await statsAre(page, "3 articles · Page 1 of 1");
  assert.equal(await alert(page).isHidden(), true);
  assert.equal(await page.locator(".tagsift-body[data-stale]").count(), 0);
  assert.equal(new URL(page.url()).search, "?tag=Kafka&tag=Streaming");
  // And it keeps working: typing is debounced on the new instance's timer.
  await page.locator(".tagsift-search input").fill("kafka");
  for (let i = 0; i < 50 && new URL(page.url()).searchParams.get("q") !== "kafka"; i++) await sleep(100);
  assert.equal(new URL(page.url()).searchParams.get("q"), "kafka");
  assert.deepEqual(errors.filter((e) => !/tagsift: the wasm failed/.test(e)), []);
  await page.close();
});
