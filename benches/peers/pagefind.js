// Pagefind: one HTML page per article with data-pagefind-filter for tags, category and
// author and data-pagefind-sort for the date (its docs' setup), indexed by its CLI;
// filter-only searches pass null as the term; a page's cards need each result's data().
import { params, run } from "./common.js";

const { corpus, queries: q } = params();
let pagefind;
const find = async (term, filters, page = 1) => {
  const r = await pagefind.search(term, { filters, sort: term ? undefined : { date: "desc" } });
  const hits = await Promise.all(r.results.slice((page - 1) * 10, page * 10).map((x) => x.data()));
  return { total: r.results.length, r, hits };
};

run({
  async load() {
    pagefind = await import(`/data/pagefind/${corpus}/pagefind/pagefind.js`);
    await pagefind.init();
    const { total, r, hits } = await find(null, {});
    return { total, facets: Object.keys(r.filters.tags ?? {}).length, hits: hits.map((h) => h.meta.title) };
  },
  queries: {
    oneTag: () => find(null, { tags: q.oneTag }),
    twoTagsAnd: () => find(null, { tags: { all: q.twoTags } }),
    threeTagsOrCategory: () => find(null, { tags: { any: q.threeTags }, category: q.category }),
    textAndTag: () => find(q.text, { tags: q.textTag }),
    page5ByDate: () => find(null, {}, 5),
  },
});
