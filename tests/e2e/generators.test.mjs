// End to end with real site generators: Hugo and Jekyll (Debian's packages) and Eleventy
// (npm), each building a small fixture site (tests/fixtures/sites/). For each, the
// articles indexed from its sources and from its built HTML are the same, and the widget
// mounted in the built site finds them and links to the generated pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../support/static-server.mjs";
import { launch, collectErrors } from "../support/browser.mjs";
import { root, www, statsAre, toggle } from "../support/site.mjs";

const cli = join(root, "target/release/tagsift");
const tools = process.env.TAGSIFT_TOOLS ?? join(root, ".tools");
const BASE = "https://example.org";

/** The generators: how each builds, where its sources and output are. */
const GENERATORS = {
  hugo: { bin: "hugo", version: ["version"], build: (out) => ["--quiet", "-d", out], sources: ["content"], exclude: ["**/_index.md"] },
  jekyll: { bin: "jekyll", build: (out) => ["build", "--quiet", "-d", out], sources: ["_posts"], exclude: [] },
  eleventy: {
    bin: join(tools, "node_modules/.bin/eleventy"),
    build: (out) => ["--quiet", `--output=${out}`],
    sources: ["."],
    exclude: ["_site/**", "out/**"],
  },
};

const available = (g) => spawnSync(g.bin, g.version ?? ["--version"], { stdio: "ignore" }).status === 0;

let browser;
const servers = [];
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.server.close();
});

/** The articles of an index, as the CLI prints them, without what the two sides
 *  measure differently (reading time: the built page's text holds its layout too). */
const articles = (index) =>
  execFileSync(cli, ["inspect", index, "--json"], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .map(({ readMinutes, ...a }) => a);

for (const [name, g] of Object.entries(GENERATORS)) {
  const skip = available(g) ? false : `${g.bin} is not installed (./build.sh tools installs it where the package exists)`;
  test(`${name}: the articles of its sources and of its built site are the same, and the widget finds them there`, { skip }, async () => {
    const work = mkdtempSync(join(tmpdir(), `tagsift-${name}-`));
    const site = join(work, "site");
    cpSync(join(root, "tests/fixtures/sites", name), site, { recursive: true });
    const out = join(work, "out");
    execFileSync(g.bin, g.build(out), { cwd: site, stdio: "pipe" });

    const fromSources = join(work, "sources.bin");
    const excludes = g.exclude.flatMap((e) => ["--exclude", e]);
    execFileSync(cli, ["index", ...g.sources, "-o", fromSources, "--base-url", BASE, ...excludes], { cwd: site, stdio: "pipe" });
    const built = join(out, "search/index.bin");
    const run = spawnSync(cli, ["index", out, "-o", built, "--base-url", BASE, "--list-skipped"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /not articles/, "the pages that are not articles are counted");

    const want = articles(fromSources);
    assert.equal(want.length, 4, "four published articles, the draft left out");
    assert.deepEqual(articles(built), want);
    assert.deepEqual(
      want.map((a) => a.title).sort(),
      ["Café culture", "Kafka at scale", "Postgres replication", "Rust & WebAssembly"],
    );

    // The widget in the built site, its first view prerendered, its links the generator's pages.
    cpSync(join(www, "pkg"), join(out, "pkg"), { recursive: true });
    const page = join(out, "search.html");
    writeFileSync(
      page,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/pkg/web/tagsift.css" data-tagsift-css>
<script type="module" src="/pkg/web/tagsift.js" blocking="render"></script></head>
<body><div data-tagsift="/search/index.bin"></div></body></html>
`,
    );
    execFileSync(cli, ["prerender", built, page], { stdio: "pipe" });
    const s = await serve(out);
    servers.push(s);
    const tab = await browser.newPage();
    const errors = collectErrors(tab);
    await tab.goto(`${s.url}search.html`);
    await statsAre(tab, "4 articles · Page 1 of 1");
    await tab.locator(".tagsift[data-live]").waitFor();
    await toggle(tab, "tags", "Kafka").click();
    await statsAre(tab, "1 article · Page 1 of 1");
    const link = tab.locator(".tagsift-card .tagsift-title a");
    assert.equal(await link.textContent(), "Kafka at scale");
    // Its link is the generated page's own (absolute, from the canonical link).
    const href = await link.getAttribute("href");
    assert.ok(href.startsWith(`${BASE}/`), href);
    assert.ok(existsSync(join(out, new URL(href).pathname, "index.html")), `${href} was generated`);
    assert.deepEqual(errors, []);
    await tab.close();
  });
}
