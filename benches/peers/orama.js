// Orama: the articles as JSON, inserted into an Orama database in the browser, with
// tags, category and author as enum facets (its docs' faceted-search setup).
import { create, insertMultiple, search } from "@orama/orama";
import { params, run } from "./common.js";

const { corpus, queries: q } = params();
let db;
const facets = { tags: { limit: 20 }, category: { limit: 20 }, author: { limit: 20 } };
const find = async (options) => {
  const r = await search(db, { limit: 10, facets, sortBy: { property: "date", order: "DESC" }, ...options });
  return { total: r.count, r };
};

run({
  async load() {
    const items = await (await fetch(`/data/json/${corpus}.json`)).json();
    db = create({
      schema: { title: "string", summary: "string", tags: "enum[]", category: "enum", author: "enum", date: "number" },
    });
    await insertMultiple(
      db,
      items.map((i) => ({ ...i, category: i.category ?? "", author: i.author ?? "", date: Date.parse(i.date) || 0 })),
      1000,
    );
    const { total, r } = await find({});
    return { total, facets: Object.keys(r.facets.tags.values).length, hits: r.hits.map((h) => h.document.title) };
  },
  queries: {
    oneTag: () => find({ where: { tags: { containsAll: [q.oneTag] } } }),
    twoTagsAnd: () => find({ where: { tags: { containsAll: q.twoTags } } }),
    threeTagsOrCategory: () => find({ where: { tags: { containsAny: q.threeTags }, category: { eq: q.category } } }),
    // threshold 0: every word must match, as in the other systems.
    textAndTag: () => find({ term: q.text, threshold: 0, where: { tags: { containsAll: [q.textTag] } } }),
    page5ByDate: () => find({ offset: 40 }),
  },
});
