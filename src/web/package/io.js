// The browser side's input and output, in one place for the widget and the headless
// API: the wasm fetches nothing itself. It says which files it needs; this fetches
// them (inflating a compressed index with the browser's own DecompressionStream) and
// hands them back.
//
// Networks fail: every download gives up on a server that sends nothing for IDLE_MS,
// retries what a retry can mend (no answer, a reset or cut connection, 408, 429 and
// 5xx) up to ATTEMPTS times with growing pauses, and fails at once, with words a
// reader understands, when the browser is offline or the answer can never be right.
import { payloadToInflate } from "./tagsift_wasm.js";

/** The message of a failure, for the reader. */
export const message = (error) => (error && error.message) || String(error);

const ATTEMPTS = 3;
const IDLE_MS = 8000;
const PAUSES_MS = [400, 1600];
const RETRIED = new Set([408, 425, 429, 500, 502, 503, 504]);

/** A download that failed. `gone`: the server has no such file (404, 410, or an HTML
 *  page in its place): after a deploy, the index that named it is out of date. */
export class DownloadError extends Error {
  constructor(text, { gone = false, retry = false } = {}) {
    super(text);
    this.name = "DownloadError";
    this.gone = gone;
    this.retry = retry;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const offline = () => typeof navigator !== "undefined" && navigator.onLine === false;

/** Downloads `url` (`init`: fetch's options) with timeouts and bounded retries.
 *  Resolves to `{ bytes, url }` (the address after redirects), or rejects with a
 *  DownloadError. */
export async function download(url, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(url, init);
    } catch (error) {
      const failure = explain(error);
      if (!failure.retry || attempt >= ATTEMPTS || offline()) throw failure;
      await sleep(PAUSES_MS[attempt - 1] * (0.75 + Math.random() / 2));
    }
  }
}

/** One attempt: aborted when no byte arrives for IDLE_MS. */
async function once(url, init) {
  const abort = new AbortController();
  let timer;
  const idle = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new DownloadError("the server stopped answering", { retry: true })), IDLE_MS);
  };
  idle();
  try {
    const response = await fetch(url, { ...init, signal: abort.signal });
    if (!response.ok) {
      const status = `the server answered HTTP ${response.status} ${response.statusText}`.trimEnd();
      throw new DownloadError(status, { gone: response.status === 404 || response.status === 410, retry: RETRIED.has(response.status) });
    }
    // Index files are binary: a page here is a host's error or fallback page served as 200.
    if (/^text\/html\b/i.test(response.headers.get("content-type") ?? "")) {
      throw new DownloadError("the server sent a web page instead of the file (is it missing?)", { gone: true });
    }
    const chunks = [];
    let length = 0;
    const reader = response.body.getReader();
    for (;;) {
      idle();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { bytes, url: response.url || String(url) };
  } finally {
    clearTimeout(timer);
  }
}

/** Any failure of an attempt as a DownloadError. */
function explain(error) {
  if (error instanceof DownloadError) return error;
  if (offline()) return new DownloadError("you are offline");
  // fetch rejects with a TypeError for a refused, reset or cut connection.
  return new DownloadError(`the connection failed (${message(error)})`, { retry: true });
}

/** The payload of a compressed index file, inflated (undefined for a stored file).
 *  The wasm checks the file first, so damage is reported as damage. */
export async function inflated(bytes) {
  const at = payloadToInflate(bytes);
  if (at === undefined) return undefined;
  const stream = new Blob([bytes.subarray(at)]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new Error("The index could not be decoded: the compressed payload is damaged.");
  }
}

/** Fetches `names` beside `base` (the index file's address), handing each to
 *  `add(name, bytes)` or, when it cannot be had, to `fail(name, reason, gone)`. */
export function fetchParts(base, names, add, fail) {
  for (const name of names) {
    download(new URL(name, base)).then(
      ({ bytes }) => add(name, bytes),
      (error) => fail(name, message(error), error.gone === true),
    );
  }
}

/** `TagSift#searchAsync`: fetches the files a query needs until it can be answered.
 *  A file that is gone, or not the one the index named, means the site was deployed
 *  again: the index file is fetched again, once, and the query answered from it. */
export async function searchAsync(query) {
  let reopened = false;
  for (;;) {
    const names = this.needs(query);
    if (names.length === 0) return this.search(query);
    if (!this.url) throw new Error("a sharded index needs the address it came from: open it with load(url)");
    const fetched = await Promise.allSettled(names.map((name) => download(new URL(name, this.url))));
    let failure;
    fetched.forEach((outcome, i) => {
      if (failure) return;
      try {
        if (outcome.status === "rejected") throw outcome.reason;
        this.add(names[i], outcome.value.bytes);
      } catch (error) {
        failure = { name: names[i], error };
      }
    });
    if (!failure) continue;
    const { name, error } = failure;
    const redeployed = error.gone || !(error instanceof DownloadError);
    if (reopened || !redeployed) throw new Error(`${name}: ${message(error)}`);
    reopened = true;
    const index = await download(this.url, { cache: "no-cache" });
    if (!this.reopen(index.bytes, await inflated(index.bytes))) throw new Error(`${name}: ${message(error)}`);
  }
}
