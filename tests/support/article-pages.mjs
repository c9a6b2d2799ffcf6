// The demo's article pages: one static page per article of an index, at the article's
// own URL (the seed listing's articles link to /articles/YYYY/MM/DD/slug/), so the
// demo's cards are links that work, with or without JavaScript. Each page carries the
// article's JSON-LD (BlogPosting), as a generated blog's pages do.
//
//   node tests/support/article-pages.mjs <index.bin> <site root>
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [index, site] = process.argv.slice(2);
if (!site) throw new Error("usage: node article-pages.mjs <index.bin> <site root>");
const cli = fileURLToPath(new URL("../../target/release/tagsift", import.meta.url));
const articles = execFileSync(cli, ["inspect", index, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 })
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const date = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

rmSync(join(site, "articles"), { recursive: true, force: true });
let written = 0;
for (const a of articles) {
  if (!a.url?.startsWith("/articles/")) continue;
  const dir = join(site, a.url);
  mkdirSync(dir, { recursive: true });
  const ld = {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    headline: a.title,
    datePublished: a.date,
    author: a.author ? { "@type": "Person", name: a.author } : undefined,
    articleSection: a.category ?? undefined,
    keywords: a.tags.join(", "),
    description: a.summary,
    url: a.url,
  };
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; script-src 'none'">
  <title>${escape(a.title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/demo.css">
  <script type="application/ld+json">${JSON.stringify(ld).replace(/</g, "\\u003c")}</script>
</head>
<body>
  <p><a href="/">← Tagged articles</a></p>
  <article>
    <h1>${escape(a.title)}</h1>
    <p>${escape(a.author ?? "")}${a.date ? ` · <time datetime="${a.date}">${date(a.date)}</time>` : ""}${a.category ? ` · ${escape(a.category)}` : ""}</p>
    <p>${escape(a.summary)}</p>
    <p>Tags: ${a.tags.map(escape).join(", ")}</p>
  </article>
</body>
</html>
`,
  );
  written += 1;
}
console.log(`wrote ${written} article pages under ${join(site, "articles")}`);
