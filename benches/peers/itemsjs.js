// itemsjs: the articles as JSON, indexed in the browser with aggregations for tags,
// category and author (its README's setup), per-facet AND/OR through `facets`.
import itemsjs from "itemsjs";
import { params, run } from "./common.js";

const { corpus, queries: q } = params();
let engine;
const config = {
  sortings: { date_desc: { field: "date", order: "desc" } },
  aggregations: {
    tags: { title: "Tags", size: 20, conjunction: true },
    category: { title: "Category", size: 20 },
    author: { title: "Author", size: 20 },
  },
  searchableFields: ["title", "summary"],
};
const search = (options) => {
  const r = engine.search({ per_page: 10, sort: "date_desc", ...options });
  return { total: r.pagination.total, r };
};

run({
  async load() {
    const items = await (await fetch(`/data/json/${corpus}.json`)).json();
    engine = itemsjs(items, config);
    const { total, r } = search({});
    return { total, facets: r.data.aggregations.tags.buckets.length, hits: r.data.items.map((i) => i.title) };
  },
  queries: {
    oneTag: () => search({ filters: { tags: [q.oneTag] } }),
    twoTagsAnd: () => search({ filters: { tags: q.twoTags } }),
    // Tags OR through the runtime `facets` helper; the category through a `filter`
    // callback, because the helper's query breaks on values with spaces ("Cloud Computing").
    threeTagsOrCategory: () =>
      search({
        facets: { tags: { selected: q.threeTags, options: { conjunction: "OR" } } },
        filter: (item) => item.category === q.category,
      }),
    textAndTag: () => search({ query: q.text, filters: { tags: [q.textTag] } }),
    page5ByDate: () => search({ page: 5 }),
  },
});
