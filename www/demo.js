// The first browser slice: load the index, list articles newest first, page through them.
import init, { TagSift } from "./pkg/tagsift.js";

const PER_PAGE = 10;
const $ = (id) => document.getElementById(id);
const fmtDate = (iso) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function card(a) {
  const li = el("li");
  const article = el("article", undefined, "card");
  article.append(
    el("p", a.author ?? "", "author"),
    el("p", [a.date && fmtDate(a.date), a.category].filter(Boolean).join(" · "), "meta"),
    el("h2", a.title),
    el("p", a.summary, "summary"),
    el("p", a.tags.join(", "), "tags"),
    el("p", `${a.likes ?? 0} likes · ${a.readMinutes ?? "?"} min read`, "stats"),
  );
  li.append(article);
  return li;
}

async function main() {
  await init();
  const response = await fetch("index.bin");
  if (!response.ok) throw new Error(`index.bin: HTTP ${response.status}`);
  const sift = new TagSift(new Uint8Array(await response.arrayBuffer()));
  let page = 1;
  const render = () => {
    const result = sift.search({ page, perPage: PER_PAGE });
    page = result.page;
    const noun = result.total === 1 ? "article" : "articles";
    $("stats").textContent = `${result.total} ${noun} · Page ${result.page} of ${result.pages}`;
    $("results").replaceChildren(...result.hits.map(card));
    $("prev").disabled = result.page <= 1;
    $("next").disabled = result.page >= result.pages;
  };
  $("prev").addEventListener("click", () => { page -= 1; render(); });
  $("next").addEventListener("click", () => { page += 1; render(); });
  render();
}

main().catch((error) => {
  $("stats").textContent = `The search index could not be loaded: ${error.message ?? error}`;
});
