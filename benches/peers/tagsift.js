// tagsift through its npm package's headless API (tagsift/headless: the search API
// without the widget).
import { load, TagSift } from "/pkg/headless/tagsift.js";
import { params, run } from "./common.js";

const { corpus, queries: q } = params();
let index;
const mix = {
  oneTag: { tags: [q.oneTag] },
  twoTagsAnd: { tags: q.twoTags },
  threeTagsOrCategory: { tags: q.threeTags, mode: "any", categories: [q.category] },
  textAndTag: { text: q.text, tags: [q.textTag] },
  page5ByDate: { page: 5, sort: "newest" },
};
const ready = new Set();
// The first call of a query fetches the shards it needs (searchAsync); then it answers at once.
const query = (name) => () => {
  if (ready.has(name)) return { total: index.search(mix[name]).total };
  return index.searchAsync(mix[name]).then((r) => (ready.add(name), { total: r.total }));
};

run({
  async load() {
    index = await load(`/data/tagsift/${corpus}/index.bin`);
    const r = await index.searchAsync({ perPage: 10 });
    return { total: r.total, facets: r.facets.tags.values.length, hits: r.hits.map((h) => h.title) };
  },
  queries: Object.fromEntries(Object.keys(mix).map((name) => [name, query(name)])),
  memory: () => TagSift.memoryBytes(),
});
