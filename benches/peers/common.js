// Shared by every system's benchmark page: reads the corpus and the query mix from the
// address, loads the system, marks the first result, and measures query latency.

export function params() {
  const corpus = new URLSearchParams(location.search).get("c");
  const queries = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  return { corpus, queries };
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/**
 * `load()` resolves to the first result (empty query: total, facet counts, first page);
 * `queries` maps each query of the mix to a function returning `{ total }` (or a promise
 * of it), or to null when the system cannot express it.
 */
export async function run({ load, queries, memory }) {
  try {
    const first = await load();
    window.__first = performance.now();
    window.__firstResult = first;
  } catch (e) {
    window.__error = String(e && e.stack ? e.stack : e);
    throw e;
  }
  window.bench = {
    memory: memory ?? (() => 0),
    async latency(reps, budgetMs) {
      const out = {};
      for (const [name, query] of Object.entries(queries)) {
        if (!query) {
          out[name] = null;
          continue;
        }
        const once = async () => {
          const r = query();
          return r && typeof r.then === "function" ? await r : r;
        };
        // Warm up: shards and caches a first call fills, then steady state.
        let result = await once();
        for (let i = 0; i < 3; i++) result = await once();
        const times = [];
        const start = performance.now();
        while (times.length < reps && (times.length < 5 || performance.now() - start < budgetMs)) {
          const t = performance.now();
          const r = query();
          if (r && typeof r.then === "function") await r;
          times.push(performance.now() - t);
        }
        out[name] = { total: result.total, n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
      }
      return out;
    },
  };
}

/** Facet counts computed by walking the results, as MiniSearch's docs suggest. */
export function countFacets(docs) {
  const facets = { tags: new Map(), category: new Map(), author: new Map() };
  const bump = (map, v) => v != null && map.set(v, (map.get(v) ?? 0) + 1);
  for (const d of docs) {
    for (const t of d.tags ?? []) bump(facets.tags, t);
    bump(facets.category, d.category);
    bump(facets.author, d.author);
  }
  const top = (map) => [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
  return { tags: top(facets.tags), category: top(facets.category), author: top(facets.author) };
}
