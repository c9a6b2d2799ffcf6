// Every importer is linear in its input: the same synthetic articles (tagsift synth) as
// JSON Lines, one JSON array, Markdown files, one RSS feed, one HTML page per article
// (JSON-LD) and a scraped listing, indexed at 1k, 10k and 100k articles. Prints the
// build's wall time and its time per 1,000 articles, which stays flat when it is linear.
//
//   node benches/importers.mjs            (TAGSIFT_BENCH_SIZES=1000,10000 to limit)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "target/release/tagsift");
const sizes = (process.env.TAGSIFT_BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const work = mkdtempSync(join(tmpdir(), "tagsift-importers-"));

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const listingDate = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};
const url = (a, i) => `https://example.com/posts/${i}/`;

/** The inputs of each format for `articles`, written under `dir`; returns format → path. */
function inputs(articles, jsonl, dir) {
  const out = { "JSON Lines": jsonl };
  out["JSON array"] = join(dir, "articles.json");
  writeFileSync(out["JSON array"], "[\n" + articles.map((a) => JSON.stringify(a)).join(",\n") + "\n]\n");
  out.Markdown = join(dir, "md");
  execFileSync(cli, ["synth", "--articles", String(articles.length), "--seed", "7", "--markdown", out.Markdown], { stdio: "pipe" });
  out["RSS feed"] = join(dir, "feed.xml");
  const items = articles.map(
    (a, i) => `<item><title>${escape(a.title)}</title><link>${url(a, i)}</link><pubDate>${new Date(a.date + "T12:00:00Z").toUTCString()}</pubDate>` +
      `<author>${escape(a.author ?? "")}</author><category>${escape(a.category ?? "")}</category>` +
      a.tags.map((t) => `<category>${escape(t)}</category>`).join("") + `<description>${escape(a.summary)}</description></item>`,
  );
  writeFileSync(out["RSS feed"], `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bench</title>\n${items.join("\n")}\n</channel></rss>\n`);
  out["HTML pages"] = join(dir, "site");
  articles.forEach((a, i) => {
    const page = join(out["HTML pages"], "posts", String(i));
    mkdirSync(page, { recursive: true });
    const ld = { "@context": "https://schema.org", "@type": "BlogPosting", headline: a.title, datePublished: a.date, author: { "@type": "Person", name: a.author }, articleSection: a.category, keywords: a.tags, description: a.summary, url: url(a, i) };
    writeFileSync(join(page, "index.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(a.title)}</title><link rel="canonical" href="${url(a, i)}">` +
      `<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, "\\u003c")}</script></head><body><article><h1>${escape(a.title)}</h1><p>${escape(a.summary)}</p></article></body></html>\n`);
  });
  out.Listing = join(dir, "listing.txt");
  const blocks = articles.map((a) => {
    const tags = [...new Set(a.tags)].sort().slice(0, 3).join("");
    return `${a.author}\n${a.author}\n${listingDate(a.date)} · ${a.category}\n\n${a.title}\n\n${a.summary}\n\n${tags}\n${a.likes} likes · ${a.readMinutes ?? a.read_minutes ?? 5} min read\n${a.title}`;
  });
  writeFileSync(out.Listing, `Tagged articles\n${articles.length} articles\nPage 1 of 1\n${blocks.join("\n")}\n`);
  return out;
}

const rows = new Map();
for (const n of sizes) {
  const dir = join(work, String(n));
  mkdirSync(dir, { recursive: true });
  const jsonl = join(dir, "articles.jsonl");
  execFileSync(cli, ["synth", "--articles", String(n), "--seed", "7", "--jsonl", jsonl], { stdio: "pipe" });
  const articles = readFileSync(jsonl, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  for (const [format, input] of Object.entries(inputs(articles, jsonl, dir))) {
    const out = join(dir, `out-${format.replace(/\W/g, "")}`);
    const started = process.hrtime.bigint();
    const run = spawnSync(cli, ["index", input, "-o", join(out, "index.bin"), "--base-url", "https://example.com"], { encoding: "utf8", maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const indexed = Number(/indexed ([\d,]+) articles/.exec(run.stdout)?.[1]?.replace(/,/g, "") ?? NaN);
    if (run.status !== 0) console.error(`${format} at ${n}: exit ${run.status}\n${run.stderr.split("\n").slice(0, 5).join("\n")}`);
    if (!rows.has(format)) rows.set(format, []);
    rows.get(format).push({ n, seconds, indexed });
    rmSync(out, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

const head = sizes.map((n) => `${n.toLocaleString("en-US")}: s (ms per 1k)`);
console.log(`| format | ${head.join(" | ")} | articles indexed |`);
console.log(`|---|${sizes.map(() => "---:").join("|")}|---|`);
for (const [format, cells] of rows) {
  const shown = cells.map((c) => `${c.seconds.toFixed(2)} (${((c.seconds * 1e6) / c.n).toFixed(0)})`);
  console.log(`| ${format} | ${shown.join(" | ")} | ${cells.map((c) => c.indexed.toLocaleString("en-US")).join(" / ")} |`);
}
