// tagsift/headless: the search API without the widget, in a smaller wasm, for pages
// that render results themselves.
import init, { TagSift } from "./tagsift_wasm.js";

export { TagSift };

let started;
const ready = () => (started ??= init());

/** Downloads an index file (one file, or a sharded index's manifest) and opens it:
 *  `search(query)` answers at once, `searchAsync(query)` first fetches the shards a
 *  sharded index needs. */
export async function load(url, init) {
  await ready();
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: the server answered HTTP ${response.status}`);
  return new TagSift(new Uint8Array(await response.arrayBuffer()), response.url);
}
