// The npm package as users get it: `npm pack` of pkg/, installed into a scratch
// project, then (1) the web flavour from a plain page, (2) the bundler flavour built
// by Vite with vite-plugin-wasm, both rendering the widget and running headless
// searches in headless Chromium, and (3) the type declarations checked by tsc --strict.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { root, www, statsAre, toggle } from "../support/site.mjs";

const tools = process.env.TAGSIFT_TOOLS ?? join(root, ".tools");
const scratch = mkdtempSync(join(tmpdir(), "tagsift-npm-"));
let browser;
const servers = [];

const write = (name, text) => {
  mkdirSync(join(scratch, name, ".."), { recursive: true });
  writeFileSync(join(scratch, name), text);
};

before(async () => {
  const tarball = execFileSync("npm", ["pack", join(root, "pkg"), "--pack-destination", scratch, "--silent"], { encoding: "utf8" }).trim().split("\n").at(-1);
  write("package.json", JSON.stringify({ name: "scratch", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(scratch, tarball)], { cwd: scratch, stdio: "pipe" });
  mkdirSync(join(scratch, "public"), { recursive: true });
  copyFileSync(join(www, "index.bin"), join(scratch, "index.bin"));
  copyFileSync(join(www, "index.bin"), join(scratch, "public/index.bin"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.server.close();
});

async function open(dir, path) {
  const s = await serve(dir);
  servers.push(s);
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(s.url + path);
  return { page, errors };
}

const headlessScript = (from) => `
import { load } from "${from}";
const index = await load("index.bin");
const result = index.search({ tags: ["Kafka", "Streaming"], mode: "any", perPage: 5 });
document.querySelector("#headless").textContent = result.total + " / " + result.hits.length + " / " + result.facets.tags.values[0].value;
`;

test("the package holds its three flavours, the types, the stylesheet and no build leftovers", () => {
  const pkg = JSON.parse(readFileSync(join(scratch, "node_modules/tagsift/package.json"), "utf8"));
  assert.equal(pkg.name, "tagsift");
  assert.equal(pkg.exports["."].default, "./bundler/tagsift.js");
  assert.equal(pkg.exports["./web"].types, "./web/tagsift.d.ts");
  const files = execFileSync("tar", ["-tzf", ...execFileSync("ls", [scratch], { encoding: "utf8" }).split("\n").filter((f) => f.endsWith(".tgz")).map((f) => join(scratch, f))], { encoding: "utf8" }).trim().split("\n").sort();
  for (const flavour of ["web", "bundler"]) {
    for (const f of ["tagsift.js", "tagsift.d.ts", "tagsift.css", "tagsift_wasm.js", "tagsift_wasm_bg.wasm", "tagsift_wasm.d.ts"]) {
      assert.ok(files.includes(`package/${flavour}/${f}`), `${flavour}/${f} is packed`);
    }
  }
  assert.ok(files.includes("package/bundler/init.js"));
  for (const f of ["tagsift.js", "tagsift.d.ts", "tagsift_wasm_bg.wasm"]) {
    assert.ok(files.includes(`package/headless/${f}`), `headless/${f} is packed`);
  }
  assert.ok(!files.includes("package/headless/tagsift.css"), "the headless flavour has no widget and no stylesheet");
  assert.ok(!files.includes("package/web/init.js"), "the web entry is one module (init and glue bundled in)");
  assert.ok(files.includes("package/README.md"));
  assert.ok(!files.some((f) => f.endsWith(".gitignore")));
});

test("tagsift/headless: search over a sharded index fetches its shards (searchAsync)", async () => {
  const cli = join(root, "target/release/tagsift");
  execFileSync(cli, ["synth", "--articles", "3000", "--seed", "2", "--index", join(scratch, "sharded/index.bin"), "--split", "always"], { stdio: "pipe" });
  const want = JSON.parse(execFileSync(cli, ["query", join(scratch, "sharded/index.bin"), "--tag", "Kafka", "--tag", "Redis", "--mode", "any", "-q", "data", "--page", "2"]));
  write("sharded.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>sharded</title></head>
<body><p id="out"></p><script type="module" src="sharded.js"></script></body></html>`);
  write("sharded.js", `
import { load } from "./node_modules/tagsift/headless/tagsift.js";
const index = await load("sharded/index.bin");
const query = { tags: ["Kafka", "Redis"], mode: "any", text: "data", page: 2 };
let sync;
try { index.search(query); sync = "answered"; } catch (e) { sync = e.message; }
const result = await index.searchAsync(query);
document.querySelector("#out").textContent = JSON.stringify({ total: index.total, sync, result });
`);
  const { page, errors } = await open(scratch, "sharded.html");
  await page.locator("#out", { hasText: "result" }).waitFor();
  const out = JSON.parse(await page.textContent("#out"));
  assert.equal(out.total, 3000);
  assert.match(out.sync, /needs \d+ shards .* use searchAsync/);
  assert.deepEqual(out.result, want);
  assert.deepEqual(errors, []);
  await page.close();
});

test("web flavour: a plain page mounts the widget and searches headless", async () => {
  write("web.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>web</title></head>
<body><div data-tagsift="index.bin" data-tagsift-url-state="hash"></div><p id="headless"></p>
<script type="module" src="node_modules/tagsift/web/tagsift.js"></script><script type="module" src="web-headless.js"></script></body></html>`);
  write("web-headless.js", headlessScript("./node_modules/tagsift/web/tagsift.js"));
  const { page, errors } = await open(scratch, "web.html");
  await statsAre(page, "87 articles · Page 1 of 9");
  await toggle(page, "tags", "Kafka").click();
  await statsAre(page, "9 articles · Page 1 of 1");
  assert.equal(new URL(page.url()).hash, "#tag=Kafka");
  await page.locator("#headless", { hasText: "12 / 5 / " }).waitFor();
  // The stylesheet beside the script was linked and applies.
  assert.notEqual(await page.$eval(".tagsift", (el) => getComputedStyle(el).getPropertyValue("--tagsift-accent")), "");
  assert.deepEqual(errors, []);
  await page.close();
});

test("bundler flavour: a Vite build (vite-plugin-wasm) mounts the widget and searches headless", async () => {
  write("index.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite</title></head>
<body><div id="app"></div><p id="headless"></p><script type="module" src="/main.js"></script></body></html>`);
  write("main.js", `import { mount } from "tagsift";\nawait mount(document.querySelector("#app"), { index: "index.bin", perPage: 20 });\n` + headlessScript("tagsift"));
  const { build } = await import(pathToFileURL(join(tools, "node_modules/vite/dist/node/index.js")).href);
  const wasm = (await import(pathToFileURL(join(tools, "node_modules/vite-plugin-wasm/exports/import.mjs")).href)).default;
  await build({
    root: scratch,
    configFile: false,
    logLevel: "warn",
    plugins: [wasm()],
    build: { target: "esnext", outDir: join(scratch, "dist"), emptyOutDir: true },
  });
  const built = execFileSync("find", [join(scratch, "dist"), "-type", "f"], { encoding: "utf8" });
  assert.match(built, /\.wasm\n/, "the wasm is an asset of the build");
  assert.match(built, /tagsift-[\w-]+\.css\n/, "the stylesheet is an asset of the build");
  const { page, errors } = await open(join(scratch, "dist"), "");
  await statsAre(page, "87 articles · Page 1 of 5");
  await toggle(page, "tags", "Kafka").click();
  await statsAre(page, "9 articles · Page 1 of 1");
  await page.locator("#headless", { hasText: "12 / 5 / " }).waitFor();
  assert.notEqual(await page.$eval(".tagsift", (el) => getComputedStyle(el).getPropertyValue("--tagsift-accent")), "");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the declarations type-check under tsc --strict, with no `any` in the public types", () => {
  write("check.ts", `
import { load, mount, TagSift, type Article, type MountOptions, type Query, type SearchResult, type Labels, type Widget } from "tagsift";
import { mount as mountWeb, type SearchResult as WebResult } from "tagsift/web";
import { load as loadHeadless, type Query as HeadlessQuery } from "tagsift/headless";

type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T extends false> = T;
export type Checks = [
  NotAny<IsAny<Query>>, NotAny<IsAny<SearchResult>>, NotAny<IsAny<MountOptions>>, NotAny<IsAny<Labels>>,
  NotAny<IsAny<Article>>, NotAny<IsAny<SearchResult["hits"][number]["tags"][number]>>,
  NotAny<IsAny<SearchResult["facets"]["tags"]["values"][number]>>, NotAny<IsAny<ReturnType<TagSift["search"]>>>,
  NotAny<IsAny<Parameters<TagSift["search"]>[0]>>, NotAny<IsAny<Awaited<ReturnType<typeof mount>>>>,
  NotAny<IsAny<Awaited<ReturnType<TagSift["searchAsync"]>>>>,
  NotAny<IsAny<NonNullable<MountOptions["labels"]>["articles"]>>, NotAny<IsAny<WebResult>>,
  NotAny<IsAny<HeadlessQuery>>, NotAny<IsAny<Awaited<ReturnType<Awaited<ReturnType<typeof loadHeadless>>["searchAsync"]>>>>,
];

const options: MountOptions = { perPage: 20, urlState: "hash", paging: "load-more", sort: "most-liked",
  labels: { searchLabel: "Suche", articles: { one: "{count} Artikel", other: "{count} Artikel" } } };

export async function demo(element: HTMLElement): Promise<string> {
  const widget: Widget = await mount(element, options);
  widget.destroy();
  await mountWeb(element);
  const index = await load("/index.bin");
  const query: Query = { tags: ["Kafka"], mode: "any", sort: "newest", perPage: 5, facetSearch: { tags: "str" } };
  const result: SearchResult = index.search(query);
  const later: SearchResult = await index.searchAsync({ ...query, page: 2 });
  const first: Article | undefined = result.hits[0];
  return (first?.title ?? "") + result.facets.tags.values.map((v) => v.count + v.value).join() + later.total;
}

// @ts-expect-error: a misspelt option is a type error
export const misspelt: MountOptions = { perPag: 20 };
// @ts-expect-error: modes are all or any
export const badMode: Query = { mode: "some" };
`);
  const tsc = join(tools, "node_modules/typescript/bin/tsc");
  // wasm-bindgen declares [Symbol.dispose] on its classes: the esnext library has it
  // (projects on older libraries use skipLibCheck, as Vite's templates do).
  const args = ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "esnext,dom", "check.ts"];
  try {
    execFileSync(process.execPath, [tsc, ...args], { cwd: scratch, encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc reported:\n${e.stdout}${e.stderr}`);
  }
});
