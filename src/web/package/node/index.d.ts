/** A value as the JSON importer reads it. */
export interface ArticleInput {
  title: string;
  url?: string | null;
  permalink?: string;
  link?: string;
  author?: string | { name: string } | null;
  date?: string | null;
  published?: string;
  pubDate?: string;
  category?: string | null;
  categories?: string | string[];
  summary?: string;
  description?: string;
  excerpt?: string;
  tags?: string[] | string;
  keywords?: string[] | string;
  likes?: number | null;
  readingTime?: number | string;
  reading_time?: number | string;
  read_minutes?: number;
  draft?: boolean;
}

/** The options of `tagsift index`, in camelCase. */
export interface IndexOptions {
  /** Prefix for URLs made from file paths. */
  baseUrl?: string;
  /** Read every input as this format. */
  format?: "listing" | "json" | "jsonl" | "markdown" | "feed" | "html";
  /** A tagsift.toml to read (relative to `cwd`). */
  config?: string;
  /** Field names to read instead of the usual ones, e.g. `{ tags: "keywords" }`. */
  fields?: Partial<Record<"title" | "url" | "author" | "date" | "summary" | "tags" | "likes" | "read_minutes" | "draft", string>>;
  /** The field whose first value becomes the category. */
  categoryFrom?: string;
  tagCase?: "preserve" | "lower";
  /** Tag aliases, e.g. `{ golang: "Go" }`. */
  aliases?: Record<string, string>;
  /** Globs of paths to leave out, relative to each input folder. */
  exclude?: string[];
  /** Warnings become errors. */
  strict?: boolean;
  /** One file or shards (by size by default). */
  split?: "auto" | "always" | "never";
  codec?: "auto" | "deflate" | "stored";
  /** Pages to write the first view into (`page.html` or `page.html#id`). */
  prerender?: string[];
  /** The index file's name (default `index.bin`). */
  name?: string;
  /** The folder relative paths start from (default: the process's). */
  cwd?: string;
}

export interface Diagnostic {
  severity: "warning" | "error";
  /** The input file, or null for an article given to `add()`. */
  file: string | null;
  /** 1-based line in `file`; null when the whole file is meant. */
  line: number | null;
  /** For an article given to `add()`: its position among them, from 0. */
  article: number | null;
  message: string;
}

export interface SkippedPage {
  file: string;
  reason: "marked" | "not-found" | "home" | "listing" | "paginated" | "not-an-article";
  why: string;
}

export interface Summary {
  files: number;
  articles: number;
  drafts: number;
  duplicates: number;
  warnings: number;
  errors: number;
  pagesSkipped: number;
  /** Files no importer reads, by extension. */
  filesSkipped: Record<string, number>;
  text: string;
}

export interface Written {
  index: string;
  sharded: boolean;
  /** Files new or changed, the index file last. */
  written: { name: string; bytes: number }[];
  unchanged: number;
  removed: string[];
  files: number;
  bytes: number;
  text: string;
}

export interface Report {
  /** False when there were errors: no index was written. */
  ok: boolean;
  diagnostics: Diagnostic[];
  skippedPages: SkippedPage[];
  summary: Summary | null;
  written: Written | null;
  /** Why the run failed, when it did. */
  error: string | null;
}

export interface Built extends Report {
  /** The index's files (the index file, and a sharded index's shards). */
  files: { name: string; bytes: Uint8Array }[];
}

export class TagsiftIndex {
  constructor(options?: IndexOptions);
  /** Adds articles: objects with the JSON importer's field names. */
  add(...articles: (ArticleInput | ArticleInput[])[]): this;
  /** Adds files and folders, read as `tagsift index` reads them. */
  addFiles(...paths: (string | string[])[]): this;
  /** Builds the index; the files as bytes, and everything tagsift said. */
  build(): Promise<Built>;
  /** Builds the index into a folder. */
  write(dir: string): Promise<Report>;
}

/** Starts an index. */
export function createIndex(options?: IndexOptions): TagsiftIndex;
