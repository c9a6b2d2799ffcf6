//! The browser side, compiled to wasm: the headless [`headless::TagSift`] API and, with
//! the `widget` feature, the widget (`widget`), which renders through web-sys. Both are
//! synchronous: the npm package's hand-written entries (`package/`) fetch and inflate
//! files and hand them over, in one loop shared by the two.

#[cfg(feature = "widget")]
pub mod format;
#[cfg(feature = "headless")]
pub mod headless;
pub mod js;
#[cfg(feature = "widget")]
pub mod materialize;
#[cfg(feature = "widget")]
mod options;
#[cfg(feature = "widget")]
pub mod widget;

use wasm_bindgen::prelude::*;

/// Where the compressed payload of an index file starts (the bytes to inflate with
/// `DecompressionStream("deflate-raw")` and hand to `new TagSift` or `Widget.open`), or
/// `undefined` when the file is not compressed. Throws the file's own message when it
/// is damaged.
#[wasm_bindgen(js_name = payloadToInflate)]
pub fn payload_to_inflate(bytes: &[u8]) -> Result<Option<u32>, JsError> {
    crate::source::compressed_payload_at(bytes).map_err(|e| JsError::new(&e.message()))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type Mode = "all" | "any";
export type Sort = "newest" | "oldest" | "longest" | "shortest" | "most-liked" | "title" | "relevance";

/** A search; every field is optional. The empty query returns everything newest first. */
export interface Query {
  /** Selected tags, combined by `mode`. Unknown tags match nothing. */
  tags?: string[];
  /** `all` (AND, the default) or `any` (OR). */
  mode?: Mode;
  /** Tags whose articles are left out. */
  exclude?: string[];
  /** Categories (OR within). */
  categories?: string[];
  /** Authors (OR within). */
  authors?: string[];
  /** Earliest date, inclusive. */
  from?: IsoDate | null;
  /** Latest date, inclusive. */
  to?: IsoDate | null;
  /** Every word must match title, summary, author or tags. */
  text?: string;
  /** Default: relevance when there is text, else newest. */
  sort?: Sort | null;
  /** 1-based, clamped to the last page. Default 1. */
  page?: number;
  /** 1..=100, default 10. */
  perPage?: number;
  /** Values per facet, 1..=10000, default 20 (selected values come on top). */
  facetLimit?: number;
  /** Narrows each facet's listed values to names containing these words (a facet's filter box). */
  facetSearch?: { tags?: string; categories?: string; authors?: string };
}

export interface Article {
  id: string;
  title: string;
  url: string | null;
  author: string | null;
  date: IsoDate | null;
  category: string | null;
  summary: string;
  tags: string[];
  likes: number | null;
  readMinutes: number | null;
}

export interface FacetValue {
  value: string;
  /** Results if this value were chosen (OR groups ignore their own selection). */
  count: number;
  selected: boolean;
  excluded: boolean;
}

export interface Facet {
  /** By count descending, then name. */
  values: FacetValue[];
  /** Values available before `facetLimit`: show "more" when larger than `values.length`. */
  distinct: number;
}

/** Added by the package's entry: fetches the files a sharded index needs, then searches. */
export interface TagSift {
  /** Runs a query, first fetching the files of a sharded index it needs (a one-file
   *  index answers at once). Fetched files are kept for later queries. */
  searchAsync(query?: Query): Promise<SearchResult>;
}

export interface SearchResult {
  total: number;
  page: number;
  pages: number;
  perPage: number;
  sort: Sort;
  hits: Article[];
  facets: { tags: Facet; categories: Facet; authors: Facet };
}
"#;

#[cfg(feature = "widget")]
#[wasm_bindgen(typescript_custom_section)]
const MOUNT_OPTIONS: &'static str = r#"
/** Strings with a count: one text for every count, or one per plural category. */
export type PluralLabel = string | { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };

/** Every visible string of the widget. `{count}`, `{page}`, `{pages}`, `{value}`, `{label}`, `{query}` and `{reason}` are filled in. */
export interface Labels {
  loading: string; loadError: string; retry: string; filters: string;
  searchLabel: string; searchPlaceholder: string;
  tags: string; categories: string; authors: string;
  matchMode: string; modeAll: string; modeAny: string;
  findTag: string; findAuthor: string; noValues: string; showMore: string; showLess: string;
  refinements: string; chipText: string; chipTag: string; chipCategory: string; chipAuthor: string;
  remove: string; clearAll: string;
  sortLabel: string; sortRelevance: string; sortNewest: string; sortOldest: string; sortMostLiked: string;
  sortLongest: string; sortShortest: string; sortTitle: string;
  perPageLabel: string; pageOf: string; results: string; empty: string; clearFilters: string;
  pagination: string; previous: string; next: string; page: string; loadMore: string;
  shardLoading: string; shardError: string; crash: string;
  articles: PluralLabel; likes: PluralLabel; minutes: PluralLabel;
}

/** Options of `mount`. Each also has a data attribute, e.g. `data-tagsift-per-page="20"`. */
export interface MountOptions {
  /** URL of the index file (default: the `data-tagsift` attribute, else `index.bin`). */
  index?: string;
  /** Keep the view in the query string (default), the hash, or nowhere. */
  urlState?: "query" | "hash" | "off";
  /** Numbered pages (default) or a "Load more" button. */
  paging?: "pages" | "load-more";
  /** Results per page, 1 to 100 (default 10). */
  perPage?: number;
  /** The choices of the per-page menu (default 10, 20, 50, 100). */
  perPageChoices?: number[];
  /** The order before the reader picks one (default: best match with text, else newest). */
  sort?: Sort;
  /** Values shown before "Show more": tags (20), categories (10), authors (10); and after it (100). */
  tagLimit?: number;
  categoryLimit?: number;
  authorLimit?: number;
  showMoreLimit?: number;
  /** Milliseconds of quiet typing before the results follow (default 150). */
  debounce?: number;
  /** Scroll up to the results when the page changes (default true). */
  scroll?: boolean;
  /** Language(s) for numbers, dates and plurals (default: the page's `lang`). */
  locale?: string | string[];
  /** `Intl.DateTimeFormat` options for article dates (default `{ year: "numeric", month: "short", day: "numeric" }`). */
  dateFormat?: Intl.DateTimeFormatOptions;
  /** Replacements for any of the widget's strings. */
  labels?: Partial<Labels>;
}
"#;
#[cfg(feature = "headless")]
pub use headless::TagSift;
