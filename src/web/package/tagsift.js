// tagsift: the tag-search widget and the headless search API.
//
// In a page, this is all it takes (the widget mounts itself on every [data-tagsift]):
//   <div data-tagsift="index.bin"></div>
//   <script type="module" src="tagsift.js"></script>
// In code: `mount(element, options)` for the widget, `load(url)` for headless search.
import { ready } from "./init.js";
import { mountWidget, TagSift, Widget } from "./tagsift_wasm.js";

export { TagSift, Widget };

const mounted = new WeakMap();

/** Mounts the widget into `element` (once per element); resolves when the first results are shown. */
export function mount(element, options) {
  let widget = mounted.get(element);
  if (!widget) {
    addStylesheet(element.ownerDocument);
    // Download the index while the wasm compiles (the widget reads the same option).
    const index = fetch(options?.index ?? (element.dataset.tagsift || "index.bin"));
    index.catch(() => {}); // a failure is shown by the widget, not reported twice
    widget = ready().then(() => mountWidget(element, options, index));
    mounted.set(element, widget);
  }
  return widget;
}

/** Downloads an index file (one file, or a sharded index's manifest) and opens it for
 *  headless search: `search(query)` answers at once, `searchAsync(query)` first fetches
 *  the shards a sharded index needs. */
export async function load(url, init) {
  await ready();
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: the server answered HTTP ${response.status}`);
  return new TagSift(new Uint8Array(await response.arrayBuffer()), response.url);
}

// The stylesheet that ships beside this file, unless the page links one marked
// `data-tagsift-css` (its own, or ours from elsewhere).
function addStylesheet(doc) {
  if (doc.querySelector("link[data-tagsift-css]")) return;
  const link = doc.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./tagsift.css", import.meta.url).href;
  link.setAttribute("data-tagsift-css", "");
  doc.head.append(link);
}

function mountAll() {
  for (const element of document.querySelectorAll("[data-tagsift]")) {
    mount(element).catch((error) => console.error(error));
  }
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
  else mountAll();
}
