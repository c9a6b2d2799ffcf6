import type { TagSift } from "./tagsift_wasm.js";

export type { Article, Facet, FacetValue, IsoDate, Mode, Query, SearchResult, Sort } from "./tagsift_wasm.js";
export { TagSift } from "./tagsift_wasm.js";

/** Downloads an index file (one file, or a sharded index's manifest) and opens it for search. */
export function load(url: string | URL, init?: RequestInit): Promise<TagSift>;
