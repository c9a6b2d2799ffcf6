// tagsift: the tag-search widget and the headless search API.
//
// In a page, this is all it takes (the widget mounts itself on every [data-tagsift]):
//   <div data-tagsift="index.bin"></div>
//   <script type="module" src="tagsift.js"></script>
// In code: `mount(element, options)` for the widget, `load(url)` for headless search.
//
// This module owns every listener and timer and calls into the wasm, which keeps the
// view and the query. So it can keep what happens while the wasm is not there to
// listen: before it is ready (a prerendered view is unlocked at once, and every click
// and keystroke in it is kept until the widget takes over; a view to be restored from
// an address with a query, `?tag=Kafka`, is hidden meanwhile) and after it failed: if
// the wasm ever traps, the exception lands here, every widget of the page (they share
// one instance) shows that it stopped, and the next action starts a fresh instance,
// mounted on the same view with the same address, and replays that action.
// Load it with `blocking="render"` so that no unfiltered result is ever painted.
import { ready, reset } from "./init.js";
import { mountWidget } from "./tagsift_wasm.js";
import { download, fetchParts, inflated, message } from "./io.js";

/** The widgets of the page, by element. */
const controllers = new Map();

// The address-bar parameters the widget owns (src/ui/url_params.rs: KEYS; a test
// checks that the two lists agree).
const URL_KEYS = ["q", "tag", "mode", "category", "author", "sort", "page", "per"];
// The events of the element that the widget reads (its controls carry data-action).
const EVENTS = ["click", "input", "change", "submit"];

const absolute = (url) => new URL(url, document.baseURI).href;

/** What `mount` resolves to: the widget of an element, whichever wasm instance serves it. */
export class Widget {
  #controller;
  constructor(controller) {
    this.#controller = controller;
  }
  /** The message shown when the index could not be loaded, else `undefined`. */
  get error() {
    const controller = this.#controller;
    return controller.widget ? controller.ask((w) => w.error) : controller.crash || undefined;
  }
  /** Number of articles in the loaded index (0 while loading or after an error). */
  get total() {
    return this.#controller.ask((w) => w.total) ?? 0;
  }
  /** The index file's address, as the options give it. */
  get indexUrl() {
    return this.#controller.indexUrl;
  }
  /** Removes the widget's listeners and view from the page. */
  destroy() {
    this.#controller.destroy();
  }
  /** For the tests of the recovery: the next action traps in the wasm. */
  __trapForTests() {
    this.#controller.ask((w) => w.__trapForTests());
  }
}

/** One element's widget: its listeners, its timer, its index, and the wasm widget. */
class Controller {
  constructor(element, options) {
    this.element = element;
    this.options = options;
    this.widget = undefined; // the wasm side, while it is mounted and alive
    this.kept = []; // events that arrived while it was not
    this.crash = undefined; // what to say if the wasm fails (it cannot be asked then)
    this.index = undefined; // the index file, once here: a fresh instance opens it again
    this.base = absolute(options?.index ?? (element.getAttribute("data-tagsift") || "index.bin"));
    this.indexUrl = this.base;
    this.timer = undefined;
    this.starting = undefined;
    this.listeners = [];
    this.view = element.querySelector(":scope > .tagsift");
    this.view?.querySelector(":scope > fieldset")?.removeAttribute("disabled");
    const mode = element.getAttribute("data-tagsift-url-state") ?? "query";
    const params = new URLSearchParams((mode === "hash" ? location.hash : mode === "off" ? "" : location.search).slice(1));
    if (this.view && URL_KEYS.some((key) => params.has(key))) this.view.setAttribute("data-restoring", "");
    const listen = (target, type, handler) => {
      target.addEventListener(type, handler);
      this.listeners.push([target, type, handler]);
    };
    for (const type of EVENTS) listen(element, type, (event) => this.event(event));
    listen(window, "popstate", (event) => this.widget && this.call((w) => w.handle(event)));
    this.host = {
      fetch: (names) =>
        fetchParts(
          this.base,
          names,
          (name, bytes) => this.call((w) => w.add(name, bytes)),
          (name, reason, gone) => this.call((w) => w.failPart(name, reason, gone)),
        ),
      reload: () => this.open(download(this.base, { cache: "no-cache" })),
      schedule: (ms) => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.call((w) => w.settle()), ms);
      },
      cancel: () => clearTimeout(this.timer),
    };
  }

  /** An event of the element: to the widget, or kept for it. */
  event(event) {
    if (!event.target.closest?.("[data-action]")) return;
    if (this.widget) return this.call((w) => w.handle(event));
    if (event.type === "submit") event.preventDefault();
    this.kept.push(event);
    if (this.crash !== undefined) this.start();
  }

  /** Mounts the wasm widget and gives it the index and the events kept meanwhile;
   *  resolves to the widget's facade once its first results (or problem) show. */
  start() {
    this.starting ??= ready().then(() => {
      const widget = mountWidget(this.element, this.options, this.host);
      this.widget = widget;
      this.crash = widget.crashMessage;
      this.indexUrl = absolute(widget.indexUrl);
      const pending = this.index
        ? this.opened(this.index)
        : this.open(this.indexUrl === this.base && this.prefetched ? this.prefetched : download(this.indexUrl));
      for (const event of this.kept.splice(0)) this.call((w) => w.handle(event));
      return pending;
    }).then(
      () => new Widget(this),
      (error) => {
        if (error instanceof WebAssembly.RuntimeError) return stopped(error) ?? new Widget(this);
        throw error; // invalid options: the widget shows them in the element
      },
    ).finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Opens the index file `download` brings (the first one, or again after a deploy). */
  async open(pending) {
    try {
      const { bytes, url } = await pending;
      this.base = url;
      const index = { bytes, inflated: await inflated(bytes) };
      // Kept for a fresh instance after a failure (the wasm has it in its own memory).
      this.index = index;
      this.opened(index);
    } catch (error) {
      this.call((w) => w.fail(message(error)));
    }
  }

  opened(index) {
    this.call((w) => w.open(index.bytes, index.inflated));
  }

  /** Runs `f` on the wasm widget; a trap stops every widget of the page. */
  call(f) {
    this.ask(f);
  }

  /** Runs `f` on the wasm widget and returns what it returns (undefined when the
   *  widget is not there, or failed: a trap stops every widget of the page). */
  ask(f) {
    if (!this.widget) return undefined;
    try {
      return f(this.widget);
    } catch (error) {
      stopped(error);
      return undefined;
    }
  }

  /** The wasm failed: this widget shows that it stopped, marks what it shows as not
   *  current, and waits for the next action. */
  fail() {
    this.widget = undefined;
    clearTimeout(this.timer);
    const view = this.element.querySelector(":scope > .tagsift");
    const alert = view?.querySelector(".tagsift-alert");
    if (alert) {
      alert.querySelector("p").textContent = this.crash ?? "The search stopped working.";
      alert.querySelector("button")?.setAttribute("hidden", "");
      alert.removeAttribute("hidden");
      view.querySelector(".tagsift-body")?.setAttribute("data-stale", "");
    }
    this.crash ??= "";
  }

  destroy() {
    for (const [target, type, handler] of this.listeners) target.removeEventListener(type, handler);
    clearTimeout(this.timer);
    this.ask((w) => w.destroy());
    this.widget = undefined;
    controllers.delete(this.element);
  }
}

/** A call into the wasm threw: its instance cannot be trusted any more (a trap leaves
 *  its memory as it was mid-call). Every widget stops; the instance is replaced, and
 *  each widget mounts again on its next action. */
function stopped(error) {
  console.error("tagsift: the wasm failed; the next action starts it again.", error);
  for (const controller of controllers.values()) controller.fail();
  reset();
}

/** Mounts the widget into `element` (once per element); resolves when the first results
 *  are shown (or the index's problem is: see `Widget.error`). */
export function mount(element, options) {
  let controller = controllers.get(element);
  if (!controller) {
    controller = new Controller(element, options);
    controllers.set(element, controller);
    addStylesheet(element.ownerDocument);
    // The index downloads while the wasm compiles (the widget confirms the address).
    controller.prefetched = download(controller.base);
    controller.prefetched.catch(() => {}); // a failure is shown by the widget, not reported twice
  }
  return controller.widget ? Promise.resolve(new Widget(controller)) : controller.start();
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
  for (const element of document.querySelectorAll("[data-tagsift]")) {
    mount(element).catch((error) => console.error(error));
  }
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
  else mountAll();
}
