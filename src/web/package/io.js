// The browser side's input and output, in one place for the widget and the headless
// API: the wasm fetches nothing itself. It says which files it needs; this fetches
// them (inflating a compressed index with the browser's own DecompressionStream) and
// hands them back.
import { payloadToInflate } from "./tagsift_wasm.js";

/** The message of a failure, for the reader. */
export const message = (error) => (error && error.message) || String(error);

/** The body of `response` (a Response or a promise of one); HTTP errors as errors. */
export async function bytesOf(response) {
  const r = await response;
  if (!r.ok) throw new Error(`the server answered HTTP ${r.status} ${r.statusText}`.trimEnd());
  return new Uint8Array(await r.arrayBuffer());
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
 *  `add(name, bytes)` or, when it cannot be had, to `fail(name, reason)`. */
export function fetchParts(base, names, add, fail) {
  for (const name of names) {
    bytesOf(fetch(new URL(name, base))).then(
      (bytes) => add(name, bytes),
      (error) => fail(name, message(error)),
    );
  }
}

/** `TagSift#searchAsync`: fetches the files a query needs until it can be answered. */
export async function searchAsync(query) {
  for (;;) {
    const names = this.needs(query);
    if (names.length === 0) return this.search(query);
    if (!this.url) throw new Error("a sharded index needs the address it came from: open it with load(url)");
    const fetched = names.map((name) =>
      bytesOf(fetch(new URL(name, this.url))).then(
        (bytes) => [name, bytes],
        (error) => Promise.reject(new Error(`${name}: ${message(error)}`)),
      ),
    );
    for (const [name, bytes] of await Promise.all(fetched)) this.add(name, bytes);
  }
}
