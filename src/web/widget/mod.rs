//! The widget: mounts into an element (adopting the view the build step prerendered
//! there, if any) and keeps the view, the query and the address bar in step as the
//! reader clicks and types. It fetches nothing itself: its host (the package entry)
//! hands it the index ([`Widget::open`]) and the shards it asks for ([`Widget::add`]).
//!
//! Data flow: an event (delegated to the element by the host, one listener per kind,
//! handed to [`Widget::handle`]) is read as an [`Action`] → the [`State`]'s query changes → the source answers → [`view::render`]
//! describes the whole view → [`materialize::patch`] makes the DOM equal to it →
//! [`location::write`] records the step in the session history. Back and Forward read
//! the query back from the address. The engine is synchronous, so the DOM shows the
//! last query at once; with a sharded index, a query whose shards are missing shows the
//! previous cards as waiting, and each arrival renders the query of *that* moment, so an
//! older query can never land after a newer one.
//!
//! The host owns the listeners and the timer, and calls in: if the wasm ever traps, the
//! exception reaches the host's `try`, not the page, and the host mounts a widget of a
//! fresh instance on the next action (see the package's `tagsift.js`).

mod location;

use crate::engine::Pages;
use crate::engine::{Mode, Query, SearchResult, Sort};
use crate::model::Article;
use crate::shard::{content_hash, Part};
use crate::source::{Outcome, Source};
use crate::ui::action::{Action, FacetKind};
use crate::ui::labels::{fill, L};
use crate::ui::options::{concat, Paging, UrlState};
use crate::ui::view::{self, FacetUi, Ready, Status, View, ROOT_CLASS};
use crate::web::format::IntlFormat;
use crate::web::materialize;
use crate::web::options::{self, WebOptions};
use location::Entry;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, Window};

pub type DomResult<T = ()> = Result<T, JsValue>;

/// A mounted widget. `destroy()` removes its view.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Widget {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Widget {
    /// The message shown when the index could not be loaded, else `undefined`.
    #[wasm_bindgen(getter)]
    pub fn error(&self) -> Option<String> {
        match &self.inner.state.borrow().phase {
            Phase::Failed(message) => Some(message.clone()),
            _ => None,
        }
    }

    /// Number of articles in the loaded index (0 while loading or after an error).
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.inner.state.borrow().source.as_ref().map_or(0, |s| s.len() as u32)
    }

    /// Removes the widget's view from the page (the host removes its listeners).
    pub fn destroy(&self) {
        self.inner.root.remove();
    }

    /// An event of the element the widget is mounted on (`click`, `input`, `change`,
    /// `submit`, delegated by the host) or of the window (`popstate`).
    pub fn handle(&self, event: &Event) {
        if self.inner.trap_armed.replace(false) {
            // The state is borrowed as a real failure would leave it: only a fresh
            // instance can serve the next action.
            let _state = self.inner.state.borrow_mut();
            trap();
        }
        self.inner.handle(event);
    }

    /// The timer the widget asked for (`WidgetHost.schedule`) fired: the reader paused
    /// typing.
    pub fn settle(&self) {
        self.inner.report(self.inner.typing_settled());
    }

    /// What the host shows if the wasm fails (it cannot ask the widget then).
    #[wasm_bindgen(getter, js_name = crashMessage)]
    pub fn crash_message(&self) -> String {
        self.inner.options.ui.labels.get(L::Crash).into()
    }

    /// Makes the next `handle()` trap, for the tests of the host's recovery.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __trapForTests)]
    pub fn trap_for_tests(&self) {
        self.inner.trap_armed.set(true);
    }

    /// The index file's address, as the options give it (relative to the page).
    #[wasm_bindgen(getter, js_name = indexUrl)]
    pub fn index_url(&self) -> String {
        self.inner.options.ui.index.clone()
    }

    /// The index file arrived: `bytes`, and for a compressed one-file index its payload
    /// inflated by the browser. Renders the first results, or the file's problem.
    ///
    /// Opened again after a file it named was gone (see [`Widget::fail_part`]): a new
    /// deployment replaces the old one whole (the query, the page and the address stay;
    /// files still on their way from the old one are dropped when they arrive), and the
    /// same deployment means the file is really missing, which the reader is told.
    pub fn open(&self, bytes: &[u8], inflated: Option<Vec<u8>>) {
        let inner = &self.inner;
        let deployment = content_hash(bytes);
        let missing = {
            let mut state = inner.state.borrow_mut();
            let same = state.source.is_some() && state.deployment == deployment;
            state.reloading.take().filter(|_| same)
        };
        if let Some(reason) = missing {
            return inner.alert(&reason);
        }
        match Source::open(bytes, inflated.as_deref()) {
            Ok(source) => {
                {
                    let mut state = inner.state.borrow_mut();
                    state.source = Some(source);
                    state.deployment = deployment;
                    state.in_flight.clear();
                    state.phase = Phase::Ready;
                    state.alert = None;
                }
                inner.report(inner.render());
            }
            Err(e) => self.fail(&e.message()),
        }
    }

    /// The index file could not be had (`reason`: the network's or the server's answer).
    /// Fetched again while results are shown, they stay, marked as not current.
    pub fn fail(&self, reason: &str) {
        let inner = &self.inner;
        let reason = concat(&[&inner.options.ui.index, ": ", reason]);
        let shown = {
            let mut state = inner.state.borrow_mut();
            state.reloading = None;
            state.source.is_some()
        };
        if shown {
            return inner.alert(&reason);
        }
        let message = fill(inner.options.ui.labels.get(L::LoadError), &[("reason", &reason)]);
        inner.state.borrow_mut().phase = Phase::Failed(message);
        inner.paint();
    }

    /// A file of a sharded index that the widget asked for arrived; once all it waits
    /// for are here, the current query renders. A file it no longer waits for (of a
    /// deployment it has left) is dropped.
    pub fn add(&self, name: &str, bytes: &[u8]) {
        let inner = &self.inner;
        let added = {
            let mut state = inner.state.borrow_mut();
            let State { source, in_flight, .. } = &mut *state;
            let Some(at) = in_flight.iter().position(|n| n == name) else { return };
            in_flight.swap_remove(at);
            source.as_mut().map_or(Ok(()), |source| source.add(name, bytes))
        };
        match added {
            Err(refused) => self.refused(name, &refused.reason, refused.redeployed),
            Ok(()) => {
                let ready = {
                    let state = inner.state.borrow();
                    (state.pending || state.facets_pending) && state.in_flight.is_empty()
                };
                if ready {
                    inner.report(inner.render());
                }
            }
        }
    }

    /// A file the widget asked for could not be had (`gone`: the server has no such
    /// file, a 404 or an HTML page in its place). A gone file means the site may have
    /// been deployed again: the index file is fetched again, once (see [`Widget::open`]).
    /// Otherwise the reader is told, the results shown stay marked as not current, and
    /// the next action asks for the file again.
    #[wasm_bindgen(js_name = failPart)]
    pub fn fail_part(&self, name: &str, reason: &str, gone: bool) {
        let waited = {
            let mut state = self.inner.state.borrow_mut();
            let before = state.in_flight.len();
            state.in_flight.retain(|n| n != name);
            state.in_flight.len() < before
        };
        if waited {
            self.refused(name, reason, gone);
        }
    }

    fn refused(&self, name: &str, reason: &str, redeployed: bool) {
        let inner = &self.inner;
        let reason = concat(&[name, ": ", reason]);
        if redeployed {
            let mut state = inner.state.borrow_mut();
            // Several files of one query may be gone: one reload answers for them all.
            if state.reloading.is_some() {
                return;
            }
            state.reloading = Some(reason);
            drop(state);
            return inner.host.reload();
        }
        inner.alert(&reason);
    }
}

#[wasm_bindgen]
extern "C" {
    /// What the widget asks of the page: files fetched, the index loaded again, a timer.
    #[wasm_bindgen(typescript_type = "WidgetHost")]
    pub type WidgetHost;
    /// Fetch these files beside the index file and hand each to `Widget.add` (or
    /// `Widget.failPart`).
    #[wasm_bindgen(method)]
    fn fetch(this: &WidgetHost, names: js_sys::Array);
    /// Fetch the index file again and hand it to `Widget.open` (or `Widget.fail`).
    #[wasm_bindgen(method)]
    fn reload(this: &WidgetHost);
    /// Call `Widget.settle` in `ms` milliseconds (replacing a timer not yet fired).
    #[wasm_bindgen(method)]
    fn schedule(this: &WidgetHost, ms: u32);
    /// Cancel the timer of `schedule`, if it has not fired.
    #[wasm_bindgen(method)]
    fn cancel(this: &WidgetHost);
}

#[wasm_bindgen(typescript_custom_section)]
const WIDGET_HOST: &'static str = r#"
/** What a widget asks of its page (the package entry provides it). */
export interface WidgetHost {
  fetch(names: string[]): void;
  reload(): void;
  schedule(ms: number): void;
  cancel(): void;
}
"#;

/// A readable message from a JS exception.
fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => error.as_string().unwrap_or_else(|| "an unexpected error".into()),
    }
}

/// Mounts a widget into `element`, adopting the view there if there is one (the
/// prerendered view, or a failed widget's), else showing the loading state; the host
/// then hands it the index, and the events it kept meanwhile. Invalid options are an
/// error, also shown in the element.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions | undefined")] options: JsValue,
    host: WidgetHost,
) -> Result<Widget, JsError> {
    match Inner::mount(element.clone(), &options, host) {
        Ok(inner) => Ok(Widget { inner }),
        Err(message) => {
            let note = concat(&["tagsift: ", &message]);
            element.set_text_content(Some(&note));
            let _ = element.set_attribute("role", "alert");
            Err(JsError::new(&note))
        }
    }
}

/// Stops this instance as a real failure would (a trap the host catches).
fn trap() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!("a trap for the tests")
}

/// Where the widget stands with its index.
enum Phase {
    Loading,
    Failed(String),
    Ready,
}

/// The query and what the view needs beside it.
struct State {
    phase: Phase,
    source: Option<Source>,
    /// Files being fetched (a sharded index): asked for once, however many renders want them.
    in_flight: Vec<String>,
    query: Query,
    facets: FacetUi,
    /// The answer shown: the query it answers, the result, the cards.
    shown: Option<(Query, SearchResult, Vec<Article>)>,
    /// Shards of the current query are on their way: `shown` is an older answer.
    pending: bool,
    /// `shown` answers the current query, but its facet counts wait for the filter
    /// shards: the facets shown are the earlier answer's.
    facets_pending: bool,
    /// A message above the results (shards that could not be loaded).
    alert: Option<String>,
    /// The content hash of the index file's bytes: which deployment `source` is.
    deployment: u64,
    /// The index file is being fetched again because of this failure (a file it named
    /// was gone): shown if the index turns out unchanged.
    reloading: Option<String>,
    /// Text typed but not yet searched (debouncing: the host's timer will search it).
    pending_text: Option<String>,
    /// The current history entry was pushed by typing: more typing replaces it.
    typing_entry: bool,
}

struct Inner {
    doc: Document,
    window: Window,
    /// The view, inside the element the widget was mounted on.
    root: Element,
    id: String,
    options: WebOptions,
    format: IntlFormat,
    host: WidgetHost,
    /// The query of the plain page: the options' per-page and sort.
    defaults: Query,
    state: RefCell<State>,
    /// `__trapForTests` was called: the next event traps.
    trap_armed: Cell<bool>,
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

impl Inner {
    fn mount(element: HtmlElement, options: &JsValue, host: WidgetHost) -> Result<Rc<Inner>, String> {
        let options = options::read(&element, options)?;
        let window = web_sys::window().ok_or("no window")?;
        let doc = element.owner_document().ok_or("the element is not in a document")?;
        let selector = concat(&[":scope > .", ROOT_CLASS]);
        let adopted = element.query_selector(&selector).ok().flatten();
        let (root, id) = match adopted.as_ref().map(|r| (r, r.get_attribute("data-tagsift-id"))) {
            Some((root, Some(id))) => (root.clone(), id),
            _ => {
                let root = doc.create_element("div").map_err(describe)?;
                element.set_text_content(None);
                let _ = element.append_child(&root);
                (root, unique_id(&doc))
            }
        };
        let format = IntlFormat::new(&options.locale, &options.date_format);
        let defaults = options.ui.default_query();
        // The address is read before the first paint, so a shared link opens as it was left.
        let query = location::read(&window, options.ui.url_state, &defaults).map_err(describe)?;
        // Text typed into a prerendered search box before the widget was ready is kept.
        let typed = adopted
            .is_some()
            .then(|| root.query_selector("input[data-action=search]").ok().flatten())
            .flatten()
            .map(|input| input.unchecked_into::<HtmlInputElement>().value())
            .filter(|typed| *typed != query.text);
        let state = State {
            phase: Phase::Loading,
            source: None,
            in_flight: Vec::new(),
            query,
            facets: FacetUi::default(),
            shown: None,
            pending: false,
            facets_pending: false,
            alert: None,
            deployment: 0,
            reloading: None,
            pending_text: None,
            typing_entry: false,
        };
        let inner = Rc::new(Inner {
            doc,
            window,
            root,
            id,
            options,
            format,
            host,
            defaults,
            state: RefCell::new(state),
            trap_armed: Cell::new(false),
        });
        if adopted.is_none() {
            inner.paint();
        }
        if let Some(text) = typed {
            inner.typing(text);
        }
        Ok(inner)
    }

    /// Tells the reader that files could not be loaded (`reason`): above the results,
    /// which stay, marked as not current when they answer an earlier query.
    fn alert(&self, reason: &str) {
        // The label goes on after the reason: "…: {reason}. Any action tries again."
        let reason = reason.strip_suffix('.').unwrap_or(reason);
        let message = fill(self.options.ui.labels.get(L::ShardError), &[("reason", reason)]);
        {
            let mut state = self.state.borrow_mut();
            state.pending = false;
            state.alert = Some(message);
        }
        self.paint();
    }

    /// Shows an unexpected failure of a handler above the results.
    fn report(&self, result: DomResult) {
        if let Err(e) = result {
            self.state.borrow_mut().alert = Some(describe(e));
            self.paint();
        }
    }

    /// Makes the DOM show the state.
    fn paint(&self) {
        let state = self.state.borrow();
        let status = match (&state.phase, &state.shown) {
            (Phase::Failed(message), _) => Status::Failed(message),
            (Phase::Ready, Some((query, result, hits))) => Status::Ready(Ready {
                query,
                result,
                hits,
                facets: &state.facets,
                pending: state.pending,
                facets_pending: state.facets_pending,
                stale: state.alert.is_some() && *query != state.query,
                alert: state.alert.as_deref(),
            }),
            _ => Status::Loading,
        };
        let view = View {
            id: &self.id,
            options: &self.options.ui,
            format: &self.format,
            live: true,
            search_text: state.pending_text.as_deref().unwrap_or(&state.query.text),
            status,
        };
        materialize::patch(&self.doc, &self.root, &view::render(&view));
    }

    /// Runs the query and shows it, keeping focus on the control the reader was using.
    /// With a sharded index whose parts for this query are not here yet, shows the
    /// previous cards as waiting and renders again once they arrive (always the query
    /// of that moment: the last one wins).
    fn render(self: &Rc<Inner>) -> DomResult {
        let focused = self.focused_key();
        let (needs, prefetch) = {
            let mut state = self.state.borrow_mut();
            let State { source, query, facets, shown, pending, facets_pending, alert, .. } = &mut *state;
            let Some(source) = source.as_mut() else { return Ok(()) };
            let mut q = query.clone();
            let options = &self.options.ui;
            q.facet_limit =
                FacetKind::ALL.iter().map(|&k| options.shown(k, facets.expanded[k.index()])).max().unwrap_or(20);
            q.facet_search.tags = facets.search[FacetKind::Tags.index()].clone();
            q.facet_search.authors = facets.search[FacetKind::Authors.index()].clone();
            let pages = if options.paging == Paging::LoadMore { Pages::Through } else { Pages::One };
            match source.search(&q, pages).map_err(|e| JsValue::from_str(&e))? {
                Outcome::Ready { mut result, hits, prefetch, incomplete } => {
                    // Keep the clamped page, so the address never shows a page that does not exist.
                    query.page = result.page;
                    *facets_pending = !incomplete.is_empty();
                    if *facets_pending {
                        // The counts wait for the filter shards: the earlier ones stay,
                        // with this query's choices, marked as waiting.
                        if let Some((_, earlier, _)) = shown.as_ref() {
                            result.facets = earlier.facets.clone();
                        }
                        view::choose(&mut result.facets, query);
                    }
                    *shown = Some((query.clone(), result, hits));
                    *pending = false;
                    *alert = None;
                    (incomplete, prefetch)
                }
                Outcome::Needs(parts) => {
                    *pending = true;
                    (parts, Vec::new())
                }
            }
        };
        self.paint();
        if !self.state.borrow().pending {
            self.restore_focus(focused);
        }
        self.fetch_parts(needs);
        self.fetch_parts(prefetch);
        Ok(())
    }

    /// Asks the host for the files of `parts` not already on their way. When they are
    /// what the current query waits for, it renders once they are all here (see
    /// [`Widget::add`]); otherwise they are kept for later (the next page, say).
    fn fetch_parts(&self, parts: Vec<Part>) {
        let names = {
            let mut state = self.state.borrow_mut();
            let State { source, in_flight, .. } = &mut *state;
            let Some(source) = source.as_ref() else { return };
            let fresh = js_sys::Array::new();
            for name in source.part_names(&parts) {
                if !in_flight.contains(&name) {
                    fresh.push(&JsValue::from_str(&name));
                    in_flight.push(name);
                }
            }
            fresh
        };
        if names.length() > 0 {
            self.host.fetch(names);
        }
    }

    /// The `data-key` of the focused control inside the widget, if any.
    fn focused_key(&self) -> Option<String> {
        let active = self.doc.active_element()?;
        self.root.contains(Some(&active)).then(|| active.get_attribute("data-key")).flatten()
    }

    /// After a render reused or replaced the focused control: focus the control with
    /// its key, or the search box when it is gone (a removed chip, say), so focus never
    /// falls to the page.
    fn restore_focus(&self, key: Option<String>) {
        let Some(key) = key else { return };
        if self.focused_key().as_deref() == Some(key.as_str()) {
            return;
        }
        let selector = concat(&["[data-key=\"", &css_escape(&key), "\"]"]);
        let target = self.root.query_selector(&selector).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let target = match target {
            Some(t) if !t.has_attribute("disabled") => Some(t),
            _ => self.search_box().map(Into::into),
        };
        if let Some(target) = target {
            let _ = target.focus();
        }
    }

    fn search_box(&self) -> Option<HtmlInputElement> {
        self.root.query_selector("input[data-action=search]").ok().flatten().map(JsCast::unchecked_into)
    }

    /// Applies `change` to the query (after any typing still waiting), renders it and
    /// records it as a new history step.
    fn change(self: &Rc<Inner>, change: impl FnOnce(&mut Query) -> bool) -> DomResult {
        self.flush_typing();
        {
            let mut state = self.state.borrow_mut();
            if change(&mut state.query) {
                state.query.page = 1;
            }
            state.typing_entry = false;
        }
        self.render()?;
        self.record(Entry::Push)
    }

    fn record(&self, entry: Entry) -> DomResult {
        let state = self.state.borrow();
        location::write(&self.window, self.options.ui.url_state, &state.query, &self.defaults, entry)
    }

    /// The reader typed `text` into the search box: search it once they pause.
    fn typing(&self, text: String) {
        self.state.borrow_mut().pending_text = Some(text);
        self.host.schedule(self.options.ui.debounce);
    }

    /// Moves text that is still being debounced into the query, without rendering.
    fn flush_typing(&self) {
        let mut state = self.state.borrow_mut();
        if let Some(text) = state.pending_text.take() {
            self.host.cancel();
            state.query.text = text;
            state.query.page = 1;
        }
    }

    /// The reader paused typing: search the text. The first pause of a burst adds a
    /// history step; later ones update it.
    fn typing_settled(self: &Rc<Inner>) -> DomResult {
        self.flush_typing();
        self.render()?;
        let entry = if self.state.borrow().typing_entry { Entry::Replace } else { Entry::Push };
        self.state.borrow_mut().typing_entry = true;
        self.record(entry)
    }

    /// Every delegated event: what its control means, and what that does.
    fn handle(self: &Rc<Inner>, event: &Event) {
        let kind = event.type_();
        if kind == "popstate" {
            return self.report(self.on_popstate());
        }
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let Some(control) = target.and_then(|t| t.closest("[data-action]").ok().flatten()) else { return };
        let Some(action) = Action::read(|name| control.get_attribute(name)) else { return };
        let result = match (kind.as_str(), action) {
            ("submit", Action::Submit) => {
                event.prevent_default();
                if self.state.borrow().pending_text.is_some() {
                    self.typing_settled()
                } else {
                    Ok(())
                }
            }
            ("click", Action::More(kind)) => {
                {
                    let mut state = self.state.borrow_mut();
                    let open = &mut state.facets.expanded[kind.index()];
                    *open = !*open;
                }
                self.render()
            }
            ("click", Action::Retry) => {
                self.state.borrow_mut().phase = Phase::Loading;
                self.paint();
                self.host.reload();
                Ok(())
            }
            ("click", Action::Page(page)) => {
                let changed = self.change(|q| Action::Page(page).apply(q).unwrap_or(false));
                self.scroll_to_results();
                changed
            }
            (
                "click",
                action @ (Action::Toggle(..)
                | Action::Filter(..)
                | Action::Remove(..)
                | Action::Clear
                | Action::LoadMore),
            ) => self.change(|q| action.apply(q).unwrap_or(false)),
            ("input", Action::Search) => {
                self.typing(control.unchecked_into::<HtmlInputElement>().value());
                Ok(())
            }
            ("input", Action::FacetSearch(kind)) => {
                self.state.borrow_mut().facets.search[kind.index()] =
                    control.unchecked_into::<HtmlInputElement>().value();
                self.render()
            }
            ("change", Action::Mode) => {
                let any = control.unchecked_into::<HtmlInputElement>().value() == "any";
                self.change(|q| {
                    q.mode = if any { Mode::Any } else { Mode::All };
                    true
                })
            }
            ("change", Action::Sort) => {
                let sort = control.unchecked_into::<HtmlSelectElement>().value().parse::<Sort>().ok();
                self.change(|q| {
                    q.sort = sort;
                    true
                })
            }
            ("change", Action::PerPage) => {
                let per = control.unchecked_into::<HtmlSelectElement>().value().parse::<u32>().ok();
                self.change(|q| {
                    q.per_page = per.unwrap_or(q.per_page);
                    true
                })
            }
            _ => Ok(()),
        };
        self.report(result);
    }

    /// Back or Forward: show the step the address now describes.
    fn on_popstate(self: &Rc<Inner>) -> DomResult {
        if self.options.ui.url_state == UrlState::Off {
            return Ok(());
        }
        let query = location::read(&self.window, self.options.ui.url_state, &self.defaults)?;
        {
            let mut state = self.state.borrow_mut();
            if state.pending_text.take().is_some() {
                self.host.cancel();
            }
            state.typing_entry = false;
            state.query = query;
        }
        self.render()
    }

    fn scroll_to_results(&self) {
        if !self.options.ui.scroll {
            return;
        }
        // Only upwards: a reader who sees the top of the results already keeps their place.
        if let Some(stats) = self.root.query_selector(".tagsift-stats").ok().flatten() {
            if stats.get_bounding_client_rect().top() < 0.0 {
                stats.scroll_into_view();
            }
        }
    }
}

/// An id prefix no element of the page uses yet (`tagsift-1`, `tagsift-2`, …).
fn unique_id(doc: &Document) -> String {
    loop {
        let n = NEXT_ID.with(|n| n.replace(n.get() + 1));
        let id = concat(&["tagsift-", &crate::ascii::digits(n)]);
        if doc.get_element_by_id(&concat(&[&id, "-q"])).is_none() {
            return id;
        }
    }
}

/// `value` quoted for a CSS attribute selector.
fn css_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}
