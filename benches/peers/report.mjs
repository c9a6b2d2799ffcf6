// Turns the measurements of run.mjs into a Markdown report and an SVG chart.
import { cpus, totalmem } from "node:os";

const NAMES = { tagsift: "tagsift", itemsjs: "itemsjs", orama: "Orama", minisearch: "MiniSearch", pagefind: "Pagefind" };
const COLORS = { tagsift: "#1f5fd1", itemsjs: "#d1731f", orama: "#2a9d4b", minisearch: "#9b3fc6", pagefind: "#c2185b" };
const QUERIES = {
  oneTag: "one tag",
  twoTagsAnd: "two tags AND, all facet counts",
  threeTagsOrCategory: "three tags OR + one category, facet counts",
  textAndTag: "two-word text + one tag",
  page5ByDate: "page 5 of everything by date",
};
const kb = (b) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(1)} ms` : `${x.toFixed(3)} ms`);

export function report(results, corpora, versions) {
  const systems = [...new Set(results.map((r) => r.system))];
  const peers = systems.filter((s) => s !== "tagsift");
  const get = (system, corpus) => results.find((r) => r.system === system && r.corpus === corpus);
  const lines = [];
  lines.push("# Benchmarks: tagsift against itemsjs, Orama, MiniSearch and Pagefind", "");
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} by \`./build.sh bench\` (\`node benches/peers/run.mjs\`) on ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Debian's headless Chromium driven by playwright-core; every file served from 127.0.0.1 with gzip -9, each system in a fresh browser context.`,
    "",
    `Versions: ${Object.entries(versions).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    "",
    "Setup, as each project's documentation recommends for tag filtering with facet counts: **tagsift** indexes with `tagsift index` (one file up to 256 KB of payload, shards above) and is used through its npm package's headless API (`tagsift/headless`: the search API without the widget, in a wasm of its own); **itemsjs** gets the articles as JSON and builds its index in the browser with aggregations for tags, category and author; **Orama** gets the same JSON and inserts it into a database with enum facets; **MiniSearch** ships an index built natively and serialised with `JSON.stringify`, loaded with `loadJSON`, tags as a stored field, filters through its `filter` callback and facet counts by walking the results; **Pagefind** indexes one generated HTML page per article with `data-pagefind-filter` (tags, category, author) and `data-pagefind-sort` (date). Peer libraries are bundled with esbuild, as an app's bundler would.",
    "",
    "Two rows per corpus measure **tagsift's prerendered view**: the widget's page with the first view written into its HTML by `tagsift prerender`, timed from navigation until the first result titles are painted (element timing), and the bytes received before that paint; the peers have no prerendered view, so their cells in these rows hold their first result. Every other tagsift figure is the headless API's.",
    "",
    "Figures: **bytes** before the first result (code and index, gzip as transferred and raw, and requests); **time to first result**, from navigation until the first page of results with facet counts is available (median of cold loads); **query latency** p50 / p95 over up to 200 repetitions per query (fewer when a system is slow: the count is in results.json); **memory**: JS heap after load (and tagsift's wasm memory); **build** time and peak memory natively. Ratios compare tagsift with the best peer of the row (below 1: tagsift is ahead).",
    "",
    "Why the text counts differ (the cross-check below marks them in bold): tagsift matches every word of the query in the title, summary, tags and author, lets the last word match as a prefix and words of 5 or more letters match within one typo; itemsjs, MiniSearch (configured alike for prefix and typos) and Pagefind search title and summary, and Orama with `threshold: 0` requires every word in one field. Every filter-only count agrees across all five systems.",
    "",
    "![Bytes to first result and query latency by corpus size](chart.svg)",
    "",
  );
  for (const corpus of corpora) {
    const row = (label, value, fmt, lower = true) => {
      const cells = systems.map((s) => {
        const v = value(get(s, corpus.size));
        return v == null ? "n/a" : fmt(v);
      });
      const ours = value(get("tagsift", corpus.size));
      const theirs = peers.map((s) => value(get(s, corpus.size))).filter((v) => v != null && v > 0);
      const best = theirs.length ? (lower ? Math.min(...theirs) : Math.max(...theirs)) : null;
      const ratio = ours != null && best ? `${(ours / best).toFixed(2)}×` : "";
      lines.push(`| ${label} | ${cells.join(" | ")} | ${ratio} |`);
    };
    lines.push(`## ${corpus.size === "seed" ? "The seed listing" : `${corpus.n.toLocaleString("en-US")} synthetic articles`} (${corpus.n.toLocaleString("en-US")} articles)`, "");
    lines.push(`Query mix: one tag \`${corpus.mix.oneTag}\`; \`${corpus.mix.twoTags.join("` AND `")}\`; \`${corpus.mix.threeTags.join("` OR `")}\` in \`${corpus.mix.category}\`; text \`${corpus.mix.text}\` + \`${corpus.mix.textTag}\`.`, "");
    lines.push(`| | ${systems.map((s) => NAMES[s]).join(" | ")} | tagsift ÷ best peer |`);
    lines.push(`|---|${systems.map(() => "---").join("|")}|---|`);
    // tagsift's prerendered view against the peers' first result (they have no such view).
    const painted = (r) => (r?.system === "tagsift" ? r.prerendered : r ? { median: r.first.median, gzip: r.bytes.gzip } : null);
    row("**tagsift prerendered view**: first results painted (peers: first result)", (r) => painted(r)?.median, ms);
    row("**tagsift prerendered view**: bytes received before them, gzip (peers: to first result)", (r) => painted(r)?.gzip, kb);
    row("**tagsift prerendered view**: bytes the paint waited for (page and render-blocking files), gzip", (r) => (r?.system === "tagsift" ? r.prerendered?.blocking : r?.bytes.gzip), kb);
    row("bytes to first result, gzip", (r) => r?.bytes.gzip, kb);
    row("&nbsp;&nbsp;of which code (JS + wasm), gzip", (r) => r?.bytes.codeGzip, kb);
    row("bytes to first result, raw", (r) => r?.bytes.raw, kb);
    row("requests", (r) => r?.bytes.requests, String);
    row("time to first result (median)", (r) => r?.first.median, ms);
    for (const [key, label] of Object.entries(QUERIES)) {
      const cell = (r) => r?.latency[key];
      row(`${label}, p50`, (r) => cell(r)?.p50, ms);
      row(`${label}, p95`, (r) => cell(r)?.p95, ms);
    }
    row("JS heap after load", (r) => r?.memory.heap, kb);
    row("wasm memory after load", (r) => (r?.system === "tagsift" ? r.memory.wasm : null), kb);
    row("build time", (r) => r?.build.secs, (x) => `${x.toFixed(2)} s`);
    row("build peak memory", (r) => r?.build.mb, (x) => `${x.toFixed(0)} MB`);
    lines.push("");
    // Cross-check: every system's result count per query.
    lines.push(`Result counts (a cross-check; differences are reported, not hidden):`, "");
    lines.push(`| query | ${systems.map((s) => NAMES[s]).join(" | ")} |`);
    lines.push(`|---|${systems.map(() => "---").join("|")}|`);
    lines.push(`| first result | ${systems.map((s) => get(s, corpus.size)?.first.total ?? "n/a").join(" | ")} |`);
    for (const [key, label] of Object.entries(QUERIES)) {
      const totals = systems.map((s) => get(s, corpus.size)?.latency[key]?.total);
      const ours = totals[0];
      lines.push(`| ${label} | ${totals.map((t) => (t == null ? "n/a" : t === ours ? String(t) : `**${t}**`)).join(" | ")} |`);
    }
    lines.push("");
  }
  return { markdown: lines.join("\n") + "\n", svg: chart(results, corpora, systems) };
}

function chart(results, corpora, systems) {
  const W = 920;
  const H = 400;
  const panel = (x0, title, value, unit) => {
    const pw = 400;
    const ph = 270;
    const top = 50;
    const pts = systems.map((s) => corpora.map((c, i) => ({ i, v: value(results.find((r) => r.system === s && r.corpus === c.size)) })));
    const all = pts.flat().map((p) => p.v).filter((v) => v > 0);
    const lo = Math.log10(Math.min(...all)) - 0.1;
    const hi = Math.log10(Math.max(...all)) + 0.1;
    const X = (i) => x0 + 50 + (i * (pw - 60)) / Math.max(1, corpora.length - 1);
    const Y = (v) => top + ph - ((Math.log10(v) - lo) / (hi - lo)) * ph;
    const out = [`<text x="${x0 + 50}" y="30" font-size="15" font-weight="600">${title}</text>`];
    out.push(`<rect x="${x0 + 50}" y="${top}" width="${pw - 60}" height="${ph}" fill="none" stroke="#ccc"/>`);
    for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
      const y = Y(10 ** e);
      out.push(`<line x1="${x0 + 50}" x2="${x0 + pw - 10}" y1="${y}" y2="${y}" stroke="#eee"/>`);
      out.push(`<text x="${x0 + 44}" y="${y + 4}" font-size="11" text-anchor="end">${unit(10 ** e)}</text>`);
    }
    corpora.forEach((c, i) => out.push(`<text x="${X(i)}" y="${top + ph + 18}" font-size="11" text-anchor="middle">${c.n.toLocaleString("en-US")}</text>`));
    systems.forEach((s, k) => {
      const p = pts[k].filter((q) => q.v > 0);
      out.push(`<polyline fill="none" stroke="${COLORS[s]}" stroke-width="${s === "tagsift" ? 3 : 2}" points="${p.map((q) => `${X(q.i)},${Y(q.v)}`).join(" ")}"/>`);
      p.forEach((q) => out.push(`<circle cx="${X(q.i)}" cy="${Y(q.v)}" r="3" fill="${COLORS[s]}"/>`));
    });
    out.push(`<text x="${x0 + 50 + (pw - 60) / 2}" y="${top + ph + 36}" font-size="11" text-anchor="middle">articles</text>`);
    return out.join("\n");
  };
  const meanP50 = (r) => {
    const ps = Object.values(r?.latency ?? {}).filter(Boolean).map((l) => l.p50);
    return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : null;
  };
  const legend = systems.map((s, k) => `<rect x="${60 + k * 150}" y="${H - 22}" width="14" height="4" fill="${COLORS[s]}"/><text x="${80 + k * 150}" y="${H - 16}" font-size="12">${NAMES[s]}</text>`).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif">
<rect width="${W}" height="${H}" fill="#fff"/>
${panel(0, "Bytes before the first result (gzip)", (r) => r?.bytes.gzip, (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(0)} MB` : `${(v / 1e3).toFixed(0)} kB`))}
${panel(460, "Query latency, mean p50 of the mix", meanP50, (v) => (v >= 1 ? `${v.toFixed(0)} ms` : `${v} ms`))}
${legend}
</svg>
`;
}
