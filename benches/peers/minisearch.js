// MiniSearch: an index built natively (MiniSearch.addAll, then JSON.stringify, its docs'
// way to ship a prebuilt index) and loaded with MiniSearch.loadJSON; tags a stored field,
// filters through the `filter` callback, facet counts by walking the results.
import MiniSearch from "minisearch";
import { countFacets, params, run } from "./common.js";
import { OPTIONS } from "./minisearch-options.js";

const { corpus, queries: q } = params();
let ms;
const byDate = (a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
const find = (text, filter, page = 1) => {
  const results = ms.search(text ?? MiniSearch.wildcard, {
    filter,
    combineWith: "AND",
    prefix: (_term, i, terms) => i === terms.length - 1,
    fuzzy: (term) => (term.length >= 5 ? 1 : 0),
  });
  const facets = countFacets(results);
  if (!text) results.sort(byDate);
  return { total: results.length, facets, hits: results.slice((page - 1) * 10, page * 10) };
};

run({
  async load() {
    ms = MiniSearch.loadJSON(await (await fetch(`/data/minisearch/${corpus}.json`)).text(), OPTIONS);
    const r = find(null);
    return { total: r.total, facets: r.facets.tags.length, hits: r.hits.map((h) => h.title) };
  },
  queries: {
    oneTag: () => find(null, (r) => r.tags.includes(q.oneTag)),
    twoTagsAnd: () => find(null, (r) => q.twoTags.every((t) => r.tags.includes(t))),
    threeTagsOrCategory: () => find(null, (r) => r.category === q.category && q.threeTags.some((t) => r.tags.includes(t))),
    textAndTag: () => find(q.text, (r) => r.tags.includes(q.textTag)),
    page5ByDate: () => find(null, undefined, 5),
  },
});
