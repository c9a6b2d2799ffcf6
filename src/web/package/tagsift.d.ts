import type { MountOptions, TagSift, Widget } from "./tagsift_wasm.js";

export type {
  Article,
  Facet,
  FacetValue,
  IsoDate,
  Labels,
  Mode,
  MountOptions,
  PluralLabel,
  Query,
  SearchResult,
  Sort,
} from "./tagsift_wasm.js";
export { TagSift, Widget } from "./tagsift_wasm.js";

/** Mounts the widget into `element` (once per element); resolves when the first results are shown. */
export function mount(element: HTMLElement, options?: MountOptions): Promise<Widget>;

/** Downloads an index file and opens it for headless search. */
export function load(url: string | URL, init?: RequestInit): Promise<TagSift>;
