// Native index builds of the peers, timed by run.mjs:
//   node build.mjs json <corpus.jsonl> <out.json>          itemsjs and Orama: the articles as JSON
//   node build.mjs minisearch <corpus.jsonl> <out.json>    a MiniSearch index, serialised
//   node build.mjs pagefind-pages <corpus.jsonl> <dir>     one HTML page per article, for Pagefind's CLI
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { OPTIONS } from "./minisearch-options.js";

const [what, corpus, out] = process.argv.slice(2);
const articles = readFileSync(corpus, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const peers = createRequire(join(process.env.TAGSIFT_PEERS, "package.json"));
const escape = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

if (what === "json") {
  writeFileSync(out, JSON.stringify(articles));
} else if (what === "minisearch") {
  const { default: MiniSearch } = await import(peers.resolve("minisearch"));
  const ms = new MiniSearch(OPTIONS);
  ms.addAll(articles);
  writeFileSync(out, JSON.stringify(ms));
} else if (what === "pagefind-pages") {
  articles.forEach((a, i) => {
    const dir = join(out, String(Math.floor(i / 1000)));
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    const meta = (name, value) => (value == null ? "" : `<meta data-pagefind-filter="${name}[content]" content="${escape(value)}">`);
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(a.title)}</title>
${a.tags.map((t) => meta("tags", t)).join("")}${meta("category", a.category)}${meta("author", a.author)}
${a.date ? `<meta data-pagefind-sort="date[content]" content="${a.date}">` : ""}</head>
<body><main data-pagefind-body><h1>${escape(a.title)}</h1><p>${escape(a.summary)}</p></main></body></html>`;
    writeFileSync(join(dir, `${i}.html`), page);
  });
} else {
  throw new Error(`unknown build ${what}`);
}
