// The npm package as users get it: `npm pack` of pkg/, installed into a scratch
// project, then (1) the web flavour from a plain page, (2) the bundler flavour built
// by Vite with no plugin, both rendering the widget and running headless
// searches in headless Chromium, and (3) the type declarations checked by tsc --strict.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

test("the package holds the widget and the headless API, the types, the stylesheet and no build leftovers", () => {
  const pkg = JSON.parse(readFileSync(join(scratch, "node_modules/tagsift/package.json"), "utf8"));
  assert.equal(pkg.name, "tagsift");
  assert.equal(pkg.exports["."].default, "./web/tagsift.js");
  assert.equal(pkg.exports["./web"].types, "./web/tagsift.d.ts");
  assert.equal(pkg.exports["./headless"].default, "./headless/tagsift.js");
  const files = execFileSync("tar", ["-tzf", ...execFileSync("ls", [scratch], { encoding: "utf8" }).split("\n").filter((f) => f.endsWith(".tgz")).map((f) => join(scratch, f))], { encoding: "utf8" }).trim().split("\n").sort();
  for (const f of ["tagsift.js", "tagsift.d.ts", "tagsift.css", "tagsift_wasm.js", "tagsift_wasm_bg.wasm", "tagsift_wasm.d.ts"]) {
    assert.ok(files.includes(`package/web/${f}`), `web/${f} is packed`);
  }
  for (const f of ["tagsift.js", "tagsift.d.ts", "tagsift_wasm_bg.wasm"]) {
    assert.ok(files.includes(`package/headless/${f}`), `headless/${f} is packed`);
  }
  assert.ok(!files.includes("package/headless/tagsift.css"), "the headless flavour has no widget and no stylesheet");
  assert.ok(!files.includes("package/web/init.js"), "the web entry is one module (init and glue bundled in)");
  assert.ok(files.includes("package/README.md"));
  for (const f of ["bin/tagsift.js", "cli/tagsift.wasm", "node/index.js", "node/index.d.ts", "node/run.js", "node/worker.js"]) {
    assert.ok(files.includes(`package/${f}`), `${f} is packed`);
  }
  assert.deepEqual(pkg.bin, { tagsift: "./bin/tagsift.js" });
  assert.equal(pkg.exports["./node"].types, "./node/index.d.ts");
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

test("a Vite build, with no plugin, mounts the widget and searches headless", async () => {
  write("index.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite</title></head>
<body><div id="app"></div><p id="headless"></p><script type="module" src="/main.js"></script></body></html>`);
  write("main.js", `import { mount } from "tagsift";\nawait mount(document.querySelector("#app"), { index: "index.bin", perPage: 20 });\n` + headlessScript("tagsift"));
  const { build } = await import(pathToFileURL(join(tools, "node_modules/vite/dist/node/index.js")).href);
  await build({
    root: scratch,
    configFile: false,
    logLevel: "warn",
    build: { target: "esnext", outDir: join(scratch, "dist"), emptyOutDir: true },
  });
  const built = execFileSync("find", [join(scratch, "dist"), "-type", "f"], { encoding: "utf8" });
  assert.equal(built.match(/\.wasm\n/g)?.length, 2, "both wasm files (widget, headless) are assets of the build");
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

/** Runs `tagsift` natively and as `npx tagsift` (the package's WASI build) in the project's
 *  root with `args` (`{out}` stands for a fresh output folder of each); returns both runs
 *  and the files each wrote. */
function bothWays(args) {
  const run = (command, prefix) => {
    const out = mkdtempSync(join(tmpdir(), "tagsift-both-"));
    const argv = [...prefix, ...args.map((a) => a.replaceAll("{out}", out))];
    const r = spawnSync(command, argv, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const files = Object.fromEntries(
      readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? e.path, e.name).slice(out.length + 1))
        .sort()
        .map((f) => [f, readFileSync(join(out, f))]),
    );
    const text = (t) => t.replaceAll(out, "{out}");
    return { status: r.status, stdout: text(r.stdout), stderr: text(r.stderr), files, out };
  };
  const native = run(join(root, "target/release/tagsift"), []);
  const wasi = run(process.execPath, [join(scratch, "node_modules/.bin/tagsift")]);
  return { native, wasi };
}

test("npx tagsift indexes as the native CLI does: the same messages, exit codes and bytes", () => {
  const cases = [
    ["index", "seeds", "-o", "{out}/index.bin"],
    ["index", "tests/fixtures/import/json", "tests/fixtures/import/feeds", "tests/fixtures/import/jekyll", "-o", "{out}/a.bin", "--base-url", "https://x.org"],
    ["index", "tests/fixtures/import/site", "-o", "{out}/site.bin", "--base-url", "https://blog.example.com", "--list-skipped"],
    ["index", "seeds", "tests/fixtures/import/hugo", "-o", "{out}/search/index.bin", "--split", "always", "--exclude", "**/_index.md"],
    ["--message-format", "json", "index", "tests/fixtures/import/zola", "-o", "{out}/z.bin"],
    ["index", "tests/fixtures/import/json/articles.json", "tests/fixtures/nope", "-o", "{out}/x.bin"],
    ["query", "tests/golden/seed-v3.bin", "--tag", "Kafka", "-q", "stream"],
    ["inspect", "tests/golden/seed-v3.bin"],
  ];
  for (const args of cases) {
    const { native, wasi } = bothWays(args);
    const what = args.join(" ");
    assert.equal(wasi.status, native.status, `${what}: exit code`);
    assert.equal(wasi.stderr, native.stderr, `${what}: standard error`);
    assert.equal(wasi.stdout, native.stdout, `${what}: standard output`);
    assert.deepEqual(Object.keys(wasi.files), Object.keys(native.files), `${what}: the same files`);
    for (const [name, bytes] of Object.entries(native.files)) assert.ok(bytes.equals(wasi.files[name]), `${what}: ${name} byte for byte`);
    assert.doesNotMatch(wasi.stderr, /ExperimentalWarning|WASI/, "Node's notice about WASI is silenced");
  }
  const failing = bothWays(["index", "tests/fixtures/nope", "-o", "{out}/x.bin"]).wasi;
  assert.equal(failing.status, 1);
  assert.match(failing.stderr, /tests\/fixtures\/nope: error: no such file or folder/);
});

test("tagsift/node builds an index from objects and files, with the diagnostics as data", async () => {
  write("build.mjs", `
import { createIndex } from "tagsift/node";
const objects = [
  { title: "From code", date: "2024-01-02", tags: ["golang", "Rust"], url: "/from-code/" },
  { url: "/no-title/" },
];
const bad = await createIndex({ aliases: { golang: "Go" }, cwd: ${JSON.stringify(root)} }).add(objects).addFiles("seeds").build();
const good = createIndex({ aliases: { golang: "Go" }, split: "always", cwd: ${JSON.stringify(root)} }).add(objects[0]).addFiles("seeds");
const built = await good.build();
const first = await good.write(${JSON.stringify(join(scratch, "dist/search"))});
const second = await good.write(${JSON.stringify(join(scratch, "dist/search"))});
let unknown;
try { createIndex({ baseURL: "x" }); } catch (e) { unknown = e.message; }
console.log(JSON.stringify({
  bad: { ok: bad.ok, errors: bad.diagnostics.filter((d) => d.severity === "error"), files: bad.files.length },
  good: { ok: built.ok, summary: built.summary.text, names: built.files.map((f) => f.name), warnings: built.diagnostics.map((d) => d.file + ":" + d.line) },
  bytes: Object.fromEntries(built.files.map((f) => [f.name, Buffer.from(f.bytes).toString("base64")])),
  first: first.written.text, second: { unchanged: second.written.unchanged, written: second.written.written.length },
  unknown,
}));
`);
  const out = JSON.parse(execFileSync(process.execPath, [join(scratch, "build.mjs")], { cwd: scratch, encoding: "utf8" }));
  assert.equal(out.bad.ok, false);
  assert.deepEqual(out.bad.errors, [
    { severity: "error", file: null, line: null, article: 1, message: "the article has no title (expected a non-empty `title` field)" },
  ]);
  assert.equal(out.bad.files, 0, "no index when an article cannot be indexed");
  assert.equal(out.good.ok, true);
  assert.match(out.good.summary, /^read 2 files: 88 articles indexed/);
  assert.deepEqual(out.good.warnings, ["seeds/000_3d6b433167b901e1.txt:2"], "the seed's header warning, with file and line");
  assert.ok(out.good.names.includes("index.bin") && out.good.names.length > 2, out.good.names.join(","));
  assert.match(out.first, /new or changed/);
  assert.equal(out.second.written, 1, "a second write changes only the manifest");
  assert.match(out.unknown, /unknown option `baseURL`/);
  // The same bytes as the native CLI over the same input.
  const dir = mkdtempSync(join(tmpdir(), "tagsift-node-native-"));
  writeFileSync(join(dir, "articles.jsonl"), JSON.stringify({ title: "From code", date: "2024-01-02", tags: ["golang", "Rust"], url: "/from-code/" }) + "\n");
  execFileSync(join(root, "target/release/tagsift"), ["index", "seeds", join(dir, "articles.jsonl"), "-o", join(dir, "out/index.bin"), "--split", "always", "--alias", "golang=Go"], { cwd: root, stdio: "pipe" });
  for (const name of readdirSync(join(dir, "out"))) {
    assert.equal(out.bytes[name], readFileSync(join(dir, "out", name)).toString("base64"), `${name} byte for byte`);
  }
  rmSync(dir, { recursive: true, force: true });
});

test("the declarations type-check under tsc --strict, with no `any` in the public types", () => {
  write("check.ts", `
import { load, mount, TagSift, type Article, type MountOptions, type Query, type SearchResult, type Labels, type Widget } from "tagsift";
import { mount as mountWeb, type SearchResult as WebResult } from "tagsift/web";
import { load as loadHeadless, type Query as HeadlessQuery } from "tagsift/headless";
import { createIndex, type Built, type Diagnostic, type IndexOptions } from "tagsift/node";

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
  NotAny<IsAny<Built>>, NotAny<IsAny<Diagnostic>>, NotAny<IsAny<IndexOptions>>, NotAny<IsAny<Built["files"][number]["bytes"]>>,
];

export async function indexSite(): Promise<number> {
  const options: IndexOptions = { baseUrl: "https://x.org", split: "auto", fields: { tags: "keywords" }, aliases: { k8s: "Kubernetes" } };
  const built = await createIndex(options).add({ title: "A", tags: ["x"], date: "2024-01-01" }).addFiles("content").build();
  const problems: Diagnostic[] = built.diagnostics.filter((d) => d.severity === "error");
  return built.files.reduce((n, f) => n + f.bytes.length, problems.length);
}

// @ts-expect-error: options are checked
export const badSplit: IndexOptions = { split: "sometimes" };

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
