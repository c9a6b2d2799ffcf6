// tagsift/headless: the search API without the widget, in a smaller wasm, for pages
// that render results themselves.
import init, { TagSift } from "./tagsift_wasm.js";
import { download, inflated, message, searchAsync } from "./io.js";

export { TagSift };
TagSift.prototype.searchAsync = searchAsync;

let started;
const ready = () => (started ??= init());

/** Downloads an index file (one file, or a sharded index's manifest) and opens it:
 *  `search(query)` answers at once, `searchAsync(query)` first fetches the files a
 *  sharded index needs. */
export async function load(url, init) {
  await ready();
  const index = await download(url, init).catch((error) => Promise.reject(new Error(`${url}: ${message(error)}`)));
  return new TagSift(index.bytes, await inflated(index.bytes), index.url);
}
