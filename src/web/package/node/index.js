// tagsift/node: build a tagsift index from a build integration (a Vite or Astro plugin,
// an Eleventy hook): articles as objects, files and folders, options; the diagnostics as
// data; the output files as bytes or written to a folder. It runs the tagsift CLI itself
// (run.js), so everything behaves as `tagsift index` does.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runInWorker } from "./run.js";

const FLAGS = {
  baseUrl: "--base-url",
  format: "--format",
  config: "--config",
  categoryFrom: "--category-from",
  tagCase: "--tag-case",
  split: "--split",
  codec: "--codec",
};
const KNOWN = new Set([...Object.keys(FLAGS), "strict", "fields", "aliases", "exclude", "prerender", "name", "cwd"]);

/** The command-line flags for `options`. */
function flags(options) {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`tagsift/node: unknown option \`${key}\`; expected one of ${[...KNOWN].join(", ")}`);
  }
  const out = [];
  for (const [key, flag] of Object.entries(FLAGS)) if (options[key] != null) out.push(flag, String(options[key]));
  if (options.strict) out.push("--strict");
  for (const [field, name] of Object.entries(options.fields ?? {})) out.push("--field", `${field}=${name}`);
  for (const [alias, tag] of Object.entries(options.aliases ?? {})) out.push("--alias", `${alias}=${tag}`);
  for (const glob of options.exclude ?? []) out.push("--exclude", glob);
  for (const page of options.prerender ?? []) out.push("--prerender", page);
  return out;
}

/** Starts an index; `options` are `tagsift index`'s, in camelCase. */
export function createIndex(options = {}) {
  return new TagsiftIndex(options);
}

export class TagsiftIndex {
  #options;
  #flags;
  #articles = [];
  #inputs = [];

  constructor(options = {}) {
    this.#flags = flags(options);
    this.#options = options;
  }

  /** Adds articles: objects with the field names of the JSON importer (`title`, `url`,
   *  `date`, `author`, `category`, `tags`, `summary`, `likes`, `readingTime`, …). */
  add(...articles) {
    for (const a of articles.flat()) {
      if (a === null || typeof a !== "object" || Array.isArray(a)) throw new TypeError("tagsift/node: add() takes article objects");
      this.#articles.push(a);
    }
    return this;
  }

  /** Adds files and folders, read as `tagsift index` reads them (relative to `cwd`). */
  addFiles(...paths) {
    this.#inputs.push(...paths.flat().map(String));
    return this;
  }

  /** Builds the index; resolves to the files as bytes and everything tagsift said. */
  async build() {
    const work = await mkdtemp(join(tmpdir(), "tagsift-node-"));
    try {
      const out = join(work, "out");
      const report = await this.#run(work, join(out, this.#options.name ?? "index.bin"));
      const files = [];
      if (report.ok) {
        for (const name of (await readdir(out)).sort()) files.push({ name, bytes: new Uint8Array(await readFile(join(out, name))) });
      }
      return { ...report, files };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Builds the index into `dir` (as `tagsift index -o dir/index.bin` does: unchanged
   *  shards are left as they are, shards of an earlier build removed). */
  async write(dir) {
    const work = await mkdtemp(join(tmpdir(), "tagsift-node-"));
    try {
      const target = resolve(this.#options.cwd ?? process.cwd(), dir);
      await mkdir(target, { recursive: true });
      return await this.#run(work, join(target, this.#options.name ?? "index.bin"));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async #run(work, output) {
    const cwd = resolve(this.#options.cwd ?? process.cwd());
    // As given: tagsift resolves them in `cwd`, and names them so in its messages.
    const inputs = [...this.#inputs];
    const articles = join(work, "articles.jsonl");
    if (this.#articles.length > 0) {
      await writeFile(articles, this.#articles.map((a) => JSON.stringify(a)).join("\n") + "\n");
      inputs.push(articles);
    }
    if (inputs.length === 0) throw new Error("tagsift/node: nothing to index: add() articles or addFiles() first");
    const messages = join(work, "messages.jsonl");
    const handle = await open(messages, "w");
    let code;
    try {
      code = await runInWorker(["--message-format", "json", "index", ...inputs, "-o", output, ...this.#flags], { cwd, stdout: handle.fd });
    } finally {
      await handle.close();
    }
    const report = { ok: code === 0, diagnostics: [], skippedPages: [], summary: null, written: null, error: null };
    for (const line of (await readFile(messages, "utf8")).split("\n")) {
      if (!line) continue;
      const m = JSON.parse(line);
      if (m.type === "diagnostic") {
        const fromAdd = m.file === articles;
        report.diagnostics.push({
          severity: m.severity,
          file: fromAdd ? null : m.file,
          line: fromAdd ? null : m.line,
          // The article given to add(), counted from 0, for a problem with one of them.
          article: fromAdd && m.line != null ? m.line - 1 : null,
          message: m.message,
        });
      } else if (m.type === "skipped") report.skippedPages.push({ file: m.file, reason: m.reason, why: m.why });
      else if (m.type === "summary") report.summary = m;
      else if (m.type === "written") report.written = m;
      else if (m.type === "fatal") report.error = m.message;
    }
    return report;
  }
}
