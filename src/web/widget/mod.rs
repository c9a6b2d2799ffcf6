//! The widget: mounts into an element (adopting the view the build step prerendered
//! there, if any) and keeps the view, the query and the address bar in step as the
//! reader clicks and types. It fetches nothing itself: its host (the package entry)
//! hands it the index ([`Widget::open`]) and the shards it asks for ([`Widget::add`]).
//!
//! Data flow: an event (delegated to the element, one listener per kind) is read as an
//! [`Action`] → the [`State`]'s query changes → the source answers → [`view::render`]
//! describes the whole view → [`materialize::patch`] makes the DOM equal to it →
//! [`location::write`] records the step in the session history. Back and Forward read
//! the query back from the address. The engine is synchronous, so the DOM shows the
//! last query at once; with a sharded index, a query whose shards are missing shows the
//! previous cards as waiting, and each arrival renders the query of *that* moment, so an
//! older query can never land after a newer one.

mod location;

use crate::engine::{Mode, Query, SearchResult, Sort};
use crate::model::Article;
use crate::shard::Part;
use crate::ui::action::{Action, FacetKind};
use crate::ui::labels::{fill, L};
use crate::ui::options::{concat, Paging, UrlState};
use crate::ui::view::{self, FacetUi, Ready, Status, View, ROOT_CLASS};
use crate::web::format::IntlFormat;
use crate::web::materialize;
use crate::web::options::{self, WebOptions};
use crate::web::source::{Outcome, Source};
use location::Entry;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, HtmlInputElement, HtmlSelectElement, Window};

pub type DomResult<T = ()> = Result<T, JsValue>;

/// A mounted widget. `destroy()` removes its listeners and its view.
#[wasm_bindgen]
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

    /// Removes the widget's listeners and view from the page.
    pub fn destroy(&self) {
        self.inner.destroy();
    }

    /// The index file's address, as the options give it (relative to the page).
    #[wasm_bindgen(getter, js_name = indexUrl)]
    pub fn index_url(&self) -> String {
        self.inner.options.ui.index.clone()
    }

    /// The index file arrived: `bytes`, and for a compressed one-file index its payload
    /// inflated by the browser. Renders the first results, or the file's problem.
    pub fn open(&self, bytes: &[u8], inflated: Option<Vec<u8>>) {
        match Source::open(bytes, inflated.as_deref()) {
            Ok(source) => {
                {
                    let mut state = self.inner.state.borrow_mut();
                    state.source = Some(source);
                    state.phase = Phase::Ready;
                    state.alert = None;
                }
                self.inner.report(self.inner.render());
            }
            Err(e) => self.fail(&e.message()),
        }
    }

    /// The index file could not be had (`reason`: the network's or the server's answer).
    pub fn fail(&self, reason: &str) {
        let inner = &self.inner;
        let reason = concat(&[&inner.options.ui.index, ": ", reason]);
        let message = fill(inner.options.ui.labels.get(L::LoadError), &[("reason", &reason)]);
        inner.state.borrow_mut().phase = Phase::Failed(message);
        inner.paint();
    }

    /// A file of a sharded index that the widget asked for arrived; once all it waits
    /// for are here, the current query renders.
    pub fn add(&self, name: &str, bytes: &[u8]) {
        let inner = &self.inner;
        let added = {
            let mut state = inner.state.borrow_mut();
            state.in_flight.retain(|n| n != name);
            state.source.as_mut().map_or(Ok(()), |source| source.add(name, bytes))
        };
        match added {
            Err(reason) => self.fail_part(name, &reason),
            Ok(()) => {
                let ready = {
                    let state = inner.state.borrow();
                    state.pending && state.in_flight.is_empty()
                };
                if ready {
                    inner.report(inner.render());
                }
            }
        }
    }

    /// A file the widget asked for could not be had: the reader is told, and the next
    /// action asks for it again.
    #[wasm_bindgen(js_name = failPart)]
    pub fn fail_part(&self, name: &str, reason: &str) {
        let inner = &self.inner;
        let reason = concat(&[name, ": ", reason]);
        let message = fill(inner.options.ui.labels.get(L::ShardError), &[("reason", &reason)]);
        {
            let mut state = inner.state.borrow_mut();
            state.in_flight.retain(|n| n != name);
            state.pending = false;
            state.alert = Some(message);
        }
        inner.paint();
    }
}

#[wasm_bindgen]
extern "C" {
    /// What the widget asks of the page: files fetched, the index loaded again.
    #[wasm_bindgen(typescript_type = "WidgetHost")]
    pub type WidgetHost;
    /// Fetch these files beside the index file and hand each to `Widget.add` (or
    /// `Widget.failPart`).
    #[wasm_bindgen(method)]
    fn fetch(this: &WidgetHost, names: js_sys::Array);
    /// Fetch the index file again and hand it to `Widget.open` (or `Widget.fail`).
    #[wasm_bindgen(method)]
    fn reload(this: &WidgetHost);
}

#[wasm_bindgen(typescript_custom_section)]
const WIDGET_HOST: &'static str = r#"
/** What a widget asks of its page (the package entry provides it). */
export interface WidgetHost {
  fetch(names: string[]): void;
  reload(): void;
}
"#;

/// A readable message from a JS exception.
fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => error.as_string().unwrap_or_else(|| "an unexpected error".into()),
    }
}

/// Mounts a widget into `element`, adopting the view prerendered there if there is
/// one, else showing the loading state; the host then hands it the index. Invalid
/// options are an error, also shown in the element. `early`: hands over the events the
/// reader caused before the widget was ready (clicks and keystrokes in a prerendered
/// view) and stops collecting them; they are replayed in order.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions | undefined")] options: JsValue,
    host: WidgetHost,
    #[wasm_bindgen(unchecked_param_type = "() => Event[]")] early: Option<js_sys::Function>,
) -> Result<Widget, JsError> {
    let inner = match Inner::mount(element.clone(), &options, host) {
        Ok(inner) => inner,
        Err(message) => {
            if let Some(release) = &early {
                let _ = release.call0(&JsValue::NULL);
            }
            let note = concat(&["tagsift: ", &message]);
            element.set_text_content(Some(&note));
            let _ = element.set_attribute("role", "alert");
            return Err(JsError::new(&note));
        }
    };
    if let Some(release) = early {
        // Collecting stops as the widget's own listeners take over: nothing is lost or doubled.
        let events = release.call0(&JsValue::NULL).map(|v| js_sys::Array::from(&v)).unwrap_or_default();
        for event in events.iter() {
            inner.handle(event.unchecked_ref());
        }
    }
    Ok(Widget { inner })
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
    /// A message above the results (shards that could not be loaded).
    alert: Option<String>,
    /// Text typed but not yet searched (debouncing), and the timer that will search it.
    pending_text: Option<String>,
    timer: Option<i32>,
    /// The current history entry was pushed by typing: more typing replaces it.
    typing_entry: bool,
}

struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

struct Inner {
    doc: Document,
    window: Window,
    /// The element the widget was mounted on; `root` is the view inside it.
    element: HtmlElement,
    root: Element,
    id: String,
    options: WebOptions,
    format: IntlFormat,
    host: WidgetHost,
    /// The query of the plain page: the options' per-page and sort.
    defaults: Query,
    state: RefCell<State>,
    listeners: RefCell<Vec<Listener>>,
    debounce: RefCell<Option<Closure<dyn FnMut()>>>,
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// The event kinds delegated to the element.
const EVENTS: [&str; 4] = ["click", "input", "change", "submit"];

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
            alert: None,
            pending_text: None,
            timer: None,
            typing_entry: false,
        };
        let inner = Rc::new(Inner {
            doc,
            window,
            element,
            root,
            id,
            options,
            format,
            host,
            defaults,
            state: RefCell::new(state),
            listeners: RefCell::new(Vec::new()),
            debounce: RefCell::new(None),
        });
        inner.listen();
        if adopted.is_none() {
            inner.paint();
        }
        if let Some(text) = typed {
            inner.typing(text);
        }
        Ok(inner)
    }

    /// Attaches the delegated listeners. They hold the widget strongly: it lives as long
    /// as its element listens, whether or not anyone keeps the `Widget` handle, until
    /// `destroy()` drops them (and with them the cycle).
    fn listen(self: &Rc<Inner>) {
        let mut listeners = self.listeners.borrow_mut();
        let targets = EVENTS.iter().map(|&kind| (self.element.clone().unchecked_into::<EventTarget>(), kind));
        for (target, kind) in targets.chain([(self.window.clone().unchecked_into(), "popstate")]) {
            let inner = Rc::clone(self);
            let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| inner.handle(&event));
            let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
            listeners.push(Listener { target, kind, closure });
        }
        let inner = Rc::clone(self);
        *self.debounce.borrow_mut() = Some(Closure::new(move || inner.report(inner.typing_settled())));
    }

    fn destroy(&self) {
        self.debounce.borrow_mut().take();
        for l in self.listeners.borrow_mut().drain(..) {
            let _ = l.target.remove_event_listener_with_callback(l.kind, l.closure.as_ref().unchecked_ref());
        }
        if let Some(timer) = self.state.borrow_mut().timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        self.root.remove();
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
            let State { source, query, facets, shown, pending, alert, .. } = &mut *state;
            let Some(source) = source.as_mut() else { return Ok(()) };
            let mut q = query.clone();
            let options = &self.options.ui;
            q.facet_limit =
                FacetKind::ALL.iter().map(|&k| options.shown(k, facets.expanded[k.index()])).max().unwrap_or(20);
            q.facet_search.tags = facets.search[FacetKind::Tags.index()].clone();
            q.facet_search.authors = facets.search[FacetKind::Authors.index()].clone();
            match source.answer(&q, options.paging == Paging::LoadMore).map_err(|e| JsValue::from_str(&e))? {
                Outcome::Ready { result, hits, prefetch } => {
                    // Keep the clamped page, so the address never shows a page that does not exist.
                    query.page = result.page;
                    *shown = Some((query.clone(), result, hits));
                    *pending = false;
                    *alert = None;
                    (Vec::new(), prefetch)
                }
                Outcome::Needs(parts) => {
                    *pending = true;
                    (parts, Vec::new())
                }
            }
        };
        self.paint();
        if needs.is_empty() {
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
        let mut state = self.state.borrow_mut();
        if let Some(timer) = state.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        state.pending_text = Some(text);
        if let Some(callback) = self.debounce.borrow().as_ref() {
            state.timer = self
                .window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    self.options.ui.debounce as i32,
                )
                .ok();
        }
    }

    /// Moves text that is still being debounced into the query, without rendering.
    fn flush_typing(&self) {
        let mut state = self.state.borrow_mut();
        if let Some(timer) = state.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        if let Some(text) = state.pending_text.take() {
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
            if let Some(timer) = state.timer.take() {
                self.window.clear_timeout_with_handle(timer);
            }
            state.pending_text = None;
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
