// tagsift: the tag-search widget and the headless search API.
//
// In a page, this is all it takes (the widget mounts itself on every [data-tagsift]):
//   <div data-tagsift="index.bin"></div>
//   <script type="module" src="tagsift.js"></script>
// In code: `mount(element, options)` for the widget, `load(url)` for headless search.
//
// A view that `tagsift index --prerender` wrote into the page is adopted as it is: this
// module runs before the wasm arrives, so it unlocks the prerendered controls, keeps
// every click and keystroke made in them until the widget takes over, and hides the
// prerendered results while an address with a query (`?tag=Kafka`) is being restored.
// Load it with `blocking="render"` so that no unfiltered result is ever painted.
import { ready } from "./init.js";
import { mountWidget, Widget } from "./tagsift_wasm.js";
import { bytesOf, fetchParts, inflated, message } from "./io.js";

export { Widget };

const mounted = new WeakMap();
const held = new WeakMap();

// The address-bar parameters the widget owns (src/ui/url_params.rs: KEYS; a test
// checks that the two lists agree).
const URL_KEYS = ["q", "tag", "mode", "category", "author", "sort", "page", "per"];
const EARLY_EVENTS = ["click", "input", "change", "submit"];

/** Takes over a prerendered view before the widget is ready: controls are unlocked,
 *  events are held for the widget, and a view to be restored from the address is
 *  hidden. Returns the function that hands the held events over, or undefined. */
function hold(element) {
  if (held.has(element)) return held.get(element);
  const view = element.querySelector(":scope > .tagsift");
  if (!view) return undefined;
  view.querySelector(":scope > fieldset")?.removeAttribute("disabled");
  const mode = element.getAttribute("data-tagsift-url-state") ?? "query";
  const params = new URLSearchParams((mode === "hash" ? location.hash : mode === "off" ? "" : location.search).slice(1));
  if (URL_KEYS.some((key) => params.has(key))) view.setAttribute("data-restoring", "");
  const events = [];
  const keep = (event) => {
    if (!event.target.closest?.("[data-action]")) return;
    if (event.type === "submit") event.preventDefault();
    events.push(event);
  };
  for (const type of EARLY_EVENTS) element.addEventListener(type, keep, true);
  const release = () => {
    for (const type of EARLY_EVENTS) element.removeEventListener(type, keep, true);
    return events.splice(0);
  };
  held.set(element, release);
  return release;
}

/** Mounts the widget into `element` (once per element); resolves when the first results
 *  are shown (or the index's problem is: see `Widget.error`). */
export function mount(element, options) {
  let widget = mounted.get(element);
  if (!widget) {
    const early = hold(element);
    addStylesheet(element.ownerDocument);
    // The index downloads while the wasm compiles (the widget confirms the address).
    const guess = absolute(options?.index ?? (element.getAttribute("data-tagsift") || "index.bin"));
    const prefetched = fetch(guess);
    prefetched.catch(() => {}); // a failure is shown by the widget, not reported twice
    widget = ready().then(() => start(element, options, early, guess, prefetched));
    mounted.set(element, widget);
  }
  return widget;
}

const absolute = (url) => new URL(url, document.baseURI).href;

/** The widget and its host: the index and the shards it asks for, fetched here. */
async function start(element, options, early, guess, prefetched) {
  let base = guess;
  let widget;
  const host = {
    fetch: (names) => fetchParts(base, names, (name, bytes) => widget.add(name, bytes), (name, reason) => widget.failPart(name, reason)),
    reload: () => open(fetch(absolute(widget.indexUrl))),
  };
  widget = mountWidget(element, options, host, early);
  async function open(response) {
    try {
      const r = await response;
      base = r.url || base;
      const bytes = await bytesOf(r);
      widget.open(bytes, await inflated(bytes));
    } catch (error) {
      widget.fail(message(error));
    }
  }
  const url = absolute(widget.indexUrl);
  await open(url === guess ? prefetched : fetch(url));
  return widget;
}

/** Downloads an index file (one file, or a sharded index's manifest) and opens it for
 *  headless search, with the `tagsift/headless` module (and its own, smaller wasm),
 *  loaded on first use: a page that only mounts the widget never fetches it. */
export async function load(url, init) {
  const headless = await import("../headless/tagsift.js");
  return headless.load(url, init);
}

// The stylesheet that ships beside this file, unless the page links one marked
// `data-tagsift-css` (its own, or ours: a prerendered page links it in its head).
function addStylesheet(doc) {
  if (doc.querySelector("link[data-tagsift-css]")) return;
  const link = doc.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./tagsift.css", import.meta.url).href;
  link.setAttribute("data-tagsift-css", "");
  doc.head.append(link);
}

function mountAll() {
  const elements = document.querySelectorAll("[data-tagsift]");
  // Every prerendered view is taken over at once, before the wasm is fetched.
  for (const element of elements) hold(element);
  for (const element of elements) mount(element).catch((error) => console.error(error));
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
  else mountAll();
}
