import type { MountOptions } from "./tagsift_wasm.js";
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
export type { TagSift } from "../headless/tagsift_wasm.js";

/** A mounted widget (what `mount` resolves to). */
export declare class Widget {
  private constructor();
  /** The message shown when the index could not be loaded (or the search stopped
   *  working, until the next action starts it again), else `undefined`. */
  readonly error: string | undefined;
  /** Number of articles in the loaded index (0 while loading or after an error). */
  readonly total: number;
  /** The index file's address. */
  readonly indexUrl: string;
  /** Removes the widget's listeners and view from the page. */
  destroy(): void;
}

/** Mounts the widget into `element` (once per element); resolves when the first results
 *  are shown (or the index's problem is: see `Widget.error`). Adopts a view that
 *  `tagsift index --prerender` wrote into the element. */
export function mount(element: HTMLElement, options?: MountOptions): Promise<Widget>;

/** Downloads an index file and opens it for headless search (the `tagsift/headless`
 *  module and its smaller wasm are loaded on first use). */
export function load(url: string | URL, init?: RequestInit): Promise<TagSift>;
