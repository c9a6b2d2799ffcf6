// End to end: the built demo (www/ with the seed index and the release wasm),
// served on 127.0.0.1 and read from the DOM of a real headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";

const www = fileURLToPath(new URL("../../www/", import.meta.url));
let site, browser;

before(async () => {
  site = await serve(www);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.server.close();
});

async function open() {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(site.url);
  // A locator waits in Playwright's own world: waitForFunction would poll with eval,
  // which the demo's Content-Security-Policy (no 'unsafe-eval') rightly refuses.
  await page.locator("#stats", { hasText: /articles · Page/ }).waitFor();
  return { page, errors };
}

const stats = (page) => page.textContent("#stats");
const dates = (page) => page.$$eval("#results .meta", (els) => els.map((e) => e.textContent.split(" · ")[0]));

test("lists the 87 seed articles newest first, 10 per page", async () => {
  const { page, errors } = await open();
  assert.equal(await stats(page), "87 articles · Page 1 of 9");
  const first = await dates(page);
  assert.equal(first.length, 10);
  assert.equal(first[0], "Apr 3, 2026");
  assert.equal(await page.isDisabled("#prev"), true);
  for (let n = 2; n <= 9; n++) {
    await page.click("#next");
    assert.equal(await stats(page), `87 articles · Page ${n} of 9`);
  }
  const last = await dates(page);
  assert.equal(last.length, 7);
  assert.equal(last.at(-1), "Aug 13, 2020");
  assert.equal(await page.isDisabled("#next"), true);
  await page.click("#prev");
  assert.equal(await stats(page), "87 articles · Page 8 of 9");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the wasm and the index are served compressed and the wasm loads", async () => {
  const { page, errors } = await open();
  const wasm = site.requests.find((r) => r.path.endsWith(".wasm"));
  assert.ok(wasm && wasm.bytes > 0, "the wasm was fetched");
  assert.ok(site.requests.some((r) => r.path === "/index.bin"), "the index was fetched");
  assert.deepEqual(errors, []);
  await page.close();
});
