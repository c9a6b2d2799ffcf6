import type { MountOptions, Widget } from "./tagsift_wasm.js";
import type { TagSift } from "../headless/tagsift_wasm.js";

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
export { Widget } from "./tagsift_wasm.js";
export type { TagSift } from "../headless/tagsift_wasm.js";

/** Mounts the widget into `element` (once per element); resolves when the first results
 *  are shown (or the index's problem is: see `Widget.error`). Adopts a view that
 *  `tagsift index --prerender` wrote into the element. */
export function mount(element: HTMLElement, options?: MountOptions): Promise<Widget>;

/** Downloads an index file and opens it for headless search (the `tagsift/headless`
 *  module and its smaller wasm are loaded on first use). */
export function load(url: string | URL, init?: RequestInit): Promise<TagSift>;
