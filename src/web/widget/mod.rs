//! The widget: mounts into an element, loads the index, and keeps the view, the query
//! and the address bar in step as the reader clicks and types.
//!
//! Data flow: an event (delegated to the root, one listener per kind) changes the
//! [`State`]'s query → the engine answers → [`view::View::render`] updates the DOM →
//! [`location::write`] records the step in the session history. Back and Forward read
//! the query back from the address. The engine is synchronous, so the DOM shows the
//! last query at once; with a sharded index, a query whose shards are missing shows the
//! cards as loading, and each arrival renders the query of *that* moment, so an older
//! query can never land after a newer one.

mod location;
mod view;

use crate::engine::{Mode, Query, Sort};
use crate::shard::Part;
use crate::ui::labels::L;
use crate::web::dom::{DomResult, Html};
use crate::web::fetch::{describe, fetch_bytes};
use crate::web::format::Format;
use crate::web::options::{Options, Paging};
use crate::web::source::{Outcome, Source};
use location::Entry;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use view::{FacetKind, FacetUi, Parts, View};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlElement, HtmlInputElement, HtmlSelectElement, Window};

/// A mounted widget. `destroy()` removes its listeners and empties the element.
#[wasm_bindgen]
pub struct Widget {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Widget {
    /// The message shown when the index could not be loaded, else `undefined`.
    #[wasm_bindgen(getter)]
    pub fn error(&self) -> Option<String> {
        self.inner.state.borrow().error.clone()
    }

    /// Number of articles in the loaded index (0 while loading or after an error).
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.inner.state.borrow().source.as_ref().map_or(0, |s| s.len() as u32)
    }

    /// Removes the widget's listeners and content from the page.
    pub fn destroy(&self) {
        self.inner.destroy();
    }
}

/// Mounts a widget into `element` and resolves once the first results are rendered
/// (or the load error is shown: see `Widget.error`). Invalid options reject, with
/// the message also shown in the element. `prefetched`: the index's response, when the
/// caller started the download early (the package entry does, while the wasm compiles).
#[wasm_bindgen(js_name = mountWidget)]
pub async fn mount_widget(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions | undefined")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Promise<Response> | undefined")] prefetched: Option<js_sys::Promise>,
) -> Result<Widget, JsError> {
    let inner = match Inner::mount(element.clone(), &options) {
        Ok(inner) => inner,
        Err(message) => {
            let note = format!("tagsift: {message}");
            element.set_text_content(Some(&note));
            let _ = element.set_attribute("role", "alert");
            return Err(JsError::new(&note));
        }
    };
    inner.clone().load(prefetched).await;
    Ok(Widget { inner })
}

/// The query and what the view needs beside it.
struct State {
    source: Option<Source>,
    /// Shards being downloaded (a sharded index): asked for once, however many renders want them.
    in_flight: Vec<Part>,
    query: Query,
    facets: FacetUi,
    /// Text typed but not yet searched (debouncing), and the timer that will search it.
    pending_text: Option<String>,
    timer: Option<i32>,
    /// The current history entry was pushed by typing: more typing replaces it.
    typing_entry: bool,
    error: Option<String>,
}

/// A delegated event handler.
type Handler = fn(&Rc<Inner>, &Event) -> DomResult;

struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

struct Inner {
    html: Html,
    window: Window,
    root: HtmlElement,
    options: Options,
    format: Format,
    /// The query of the plain page: the options' per-page and sort.
    defaults: Query,
    parts: Parts,
    state: RefCell<State>,
    listeners: RefCell<Vec<Listener>>,
    debounce: RefCell<Option<Closure<dyn FnMut()>>>,
}

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

impl Inner {
    fn mount(root: HtmlElement, options: &JsValue) -> Result<Rc<Inner>, String> {
        let options = Options::read(&root, options)?;
        let window = web_sys::window().ok_or("no window")?;
        let document = root.owner_document().ok_or("the element is not in a document")?;
        let html = Html::new(document);
        let id = NEXT_ID.with(|n| n.replace(n.get() + 1));
        let parts = view::skeleton(&html, &root, &options, &format!("tagsift-{id}"));
        let format = Format::new(&options.locale, &options.date_format);
        let defaults = Query { per_page: options.per_page, sort: options.sort, ..Query::default() };
        // The address is read before the first paint, so a shared link opens as it was left.
        let query = location::read(&window, options.url_state, &defaults).map_err(describe)?;
        parts.search.set_value(&query.text);
        let state = State {
            source: None,
            in_flight: Vec::new(),
            query,
            facets: FacetUi::default(),
            pending_text: None,
            timer: None,
            typing_entry: false,
            error: None,
        };
        let inner = Rc::new(Inner {
            html,
            window,
            root,
            options,
            format,
            defaults,
            parts,
            state: RefCell::new(state),
            listeners: RefCell::new(Vec::new()),
            debounce: RefCell::new(None),
        });
        inner.listen();
        Ok(inner)
    }

    fn view(&self) -> View<'_> {
        View { html: &self.html, options: &self.options, format: &self.format, parts: &self.parts }
    }

    /// Attaches the delegated listeners. They hold the widget strongly: it lives as long
    /// as its element listens, whether or not anyone keeps the `Widget` handle, until
    /// `destroy()` drops them (and with them the cycle).
    fn listen(self: &Rc<Inner>) {
        let root: &EventTarget = self.root.as_ref();
        let window: &EventTarget = self.window.as_ref();
        let handlers: [(&EventTarget, &'static str, Handler); 5] = [
            (root, "click", Inner::on_click),
            (root, "input", Inner::on_input),
            (root, "change", Inner::on_change),
            (root, "submit", Inner::on_submit),
            (window, "popstate", Inner::on_popstate),
        ];
        let mut listeners = self.listeners.borrow_mut();
        for (target, kind, handler) in handlers {
            let inner = Rc::clone(self);
            let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                if let Err(e) = handler(&inner, &event) {
                    inner.view().alert(&describe(e), false);
                }
            });
            let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
            listeners.push(Listener { target: target.clone(), kind, closure });
        }
        let inner = Rc::clone(self);
        *self.debounce.borrow_mut() = Some(Closure::new(move || {
            if let Err(e) = inner.typing_settled() {
                inner.view().alert(&describe(e), false);
            }
        }));
    }

    fn destroy(&self) {
        self.debounce.borrow_mut().take();
        for l in self.listeners.borrow_mut().drain(..) {
            let _ = l.target.remove_event_listener_with_callback(l.kind, l.closure.as_ref().unchecked_ref());
        }
        if let Some(timer) = self.state.borrow_mut().timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
        self.root.set_text_content(None);
        let _ = self.root.class_list().remove_1("tagsift");
    }

    /// Downloads (or awaits the `prefetched` download of) the index, decodes it and
    /// renders; on failure shows why, with a retry.
    async fn load(self: Rc<Inner>, prefetched: Option<js_sys::Promise>) {
        self.view().loading();
        let response = prefetched.unwrap_or_else(|| self.window.fetch_with_str(&self.options.index));
        let loaded = fetch_bytes(response)
            .await
            .and_then(|bytes| Source::open(&bytes).map_err(|e| e.to_string()))
            .map_err(|reason| format!("{}: {reason}", self.options.index));
        match loaded {
            Ok(source) => {
                {
                    let mut state = self.state.borrow_mut();
                    state.source = Some(source);
                    state.error = None;
                }
                self.view().clear_alert();
                if let Err(e) = self.render() {
                    self.view().alert(&describe(e), false);
                }
            }
            Err(reason) => {
                let message = crate::ui::labels::fill(self.options.labels.get(L::LoadError), &[("reason", &reason)]);
                self.view().failed(&message);
                self.state.borrow_mut().error = Some(message);
            }
        }
    }

    /// Runs the query and renders it, keeping focus on the control the reader was using.
    /// With a sharded index whose parts for this query are not here yet, shows the
    /// cards as loading and renders again once they arrive (always the query of that
    /// moment: the last one wins).
    fn render(self: &Rc<Inner>) -> DomResult {
        let focused = self.focused_key();
        let (needs, prefetch) = {
            let mut state = self.state.borrow_mut();
            let State { source, query, facets, .. } = &mut *state;
            let Some(source) = source.as_mut() else { return Ok(()) };
            let mut q = query.clone();
            q.facet_limit =
                FacetKind::ALL.iter().map(|k| k.shown(&self.options, facets.expanded[k.index()])).max().unwrap_or(20);
            q.facet_search.tags = facets.search[FacetKind::Tags.index()].clone();
            q.facet_search.authors = facets.search[FacetKind::Authors.index()].clone();
            match source.answer(&q, self.options.paging == Paging::LoadMore).map_err(|e| JsValue::from_str(&e))? {
                Outcome::Ready { result, hits, prefetch } => {
                    // Keep the clamped page, so the address never shows a page that does not exist.
                    query.page = result.page;
                    self.view().render(query, &result, &hits, facets);
                    (Vec::new(), prefetch)
                }
                Outcome::Needs(parts) => (parts, Vec::new()),
            }
        };
        if needs.is_empty() {
            self.view().pending(false);
            self.view().clear_alert();
            self.restore_focus(focused);
        } else {
            self.view().pending(true);
        }
        self.fetch_parts(needs, true);
        self.fetch_parts(prefetch, false);
        Ok(())
    }

    /// Downloads `parts` of a sharded index (those not already on their way) and adds
    /// them; then renders the current query when `render`. A failure is shown in the
    /// widget; the parts stay missing, so the next action asks for them again.
    fn fetch_parts(self: &Rc<Inner>, parts: Vec<Part>, render: bool) {
        let (urls, parts): (Vec<String>, Vec<Part>) = {
            let mut state = self.state.borrow_mut();
            let State { source, in_flight, .. } = &mut *state;
            let Some(source) = source.as_ref() else { return };
            let mut fresh: Vec<Part> = Vec::new();
            for part in parts {
                if !in_flight.contains(&part) {
                    in_flight.push(part);
                    fresh.push(part);
                }
            }
            fresh.iter().filter_map(|&p| Some((source.part_url(&self.options.index, p)?, p))).unzip()
        };
        if parts.is_empty() {
            return;
        }
        // Every request starts now; the answers are awaited in turn.
        let responses: Vec<js_sys::Promise> = urls.iter().map(|u| self.window.fetch_with_str(u)).collect();
        let inner = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let mut failure = None;
            for ((part, url), response) in parts.into_iter().zip(&urls).zip(responses) {
                let added =
                    fetch_bytes(response).await.and_then(|bytes| match inner.state.borrow_mut().source.as_mut() {
                        Some(source) => source.add_part(part, &bytes),
                        None => Ok(()),
                    });
                inner.state.borrow_mut().in_flight.retain(|&p| p != part);
                if let Err(reason) = added {
                    failure.get_or_insert(format!("{}: {reason}", url.rsplit('/').next().unwrap_or(url)));
                }
            }
            match failure {
                Some(reason) => {
                    let message =
                        crate::ui::labels::fill(inner.options.labels.get(L::ShardError), &[("reason", &reason)]);
                    inner.view().pending(false);
                    inner.view().alert(&message, false);
                }
                None if render => {
                    if let Err(e) = inner.render() {
                        inner.view().alert(&describe(e), false);
                    }
                }
                None => {}
            }
        });
    }

    /// The `data-key` of the focused control inside the widget, if any.
    fn focused_key(&self) -> Option<String> {
        let active = self.html.document().active_element()?;
        self.root.contains(Some(&active)).then(|| active.get_attribute("data-key")).flatten()
    }

    /// After a render replaced the focused control: focus its new twin, or the search
    /// box when it is gone (a removed chip, say), so focus never falls to the page.
    fn restore_focus(&self, key: Option<String>) {
        let Some(key) = key else { return };
        let selector = format!("[data-key=\"{}\"]", css_escape(&key));
        let target = self.root.query_selector(&selector).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok());
        let target = match target {
            Some(t) if !t.has_attribute("disabled") => t,
            _ => self.parts.search.clone().into(),
        };
        let _ = target.focus();
    }

    /// Applies `change` to the query (after any typing still waiting), renders it and
    /// records it as a new history step.
    fn change(self: &Rc<Inner>, reset_page: bool, change: impl FnOnce(&mut Query)) -> DomResult {
        self.flush_typing();
        {
            let mut state = self.state.borrow_mut();
            change(&mut state.query);
            if reset_page {
                state.query.page = 1;
            }
            state.typing_entry = false;
        }
        self.render()?;
        self.record(Entry::Push)
    }

    fn record(&self, entry: Entry) -> DomResult {
        let state = self.state.borrow();
        location::write(&self.window, self.options.url_state, &state.query, &self.defaults, entry)
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

    fn on_click(self: &Rc<Inner>, event: &Event) -> DomResult {
        let Some(control) = action_target(event)? else { return Ok(()) };
        let action = control.get_attribute("data-action").unwrap_or_default();
        let facet = control.get_attribute("data-facet").unwrap_or_default();
        let value = control.get_attribute("data-value").unwrap_or_default();
        match action.as_str() {
            "toggle" | "filter" | "remove" => {
                let kind = FacetKind::parse(&facet);
                self.change(true, |q| match kind {
                    None => q.text.clear(),
                    Some(kind) => {
                        let list = kind.selected(q);
                        match list.iter().position(|v| *v == value) {
                            Some(at) if action != "filter" => {
                                list.remove(at);
                            }
                            Some(_) => {}
                            None if action != "remove" => list.push(value),
                            None => {}
                        }
                    }
                })
            }
            "clear" => {
                self.change(true, |q| {
                    q.text.clear();
                    q.mode = Mode::All;
                    q.tags.clear();
                    q.exclude.clear();
                    q.categories.clear();
                    q.authors.clear();
                    q.from = None;
                    q.to = None;
                })?;
                self.parts.search.set_value("");
                Ok(())
            }
            "page" => {
                let page = value_of(&control, "data-page").unwrap_or(1);
                self.change(false, |q| q.page = page)?;
                self.scroll_to_results();
                Ok(())
            }
            "load-more" => self.change(false, |q| q.page += 1),
            "more" => {
                if let Some(kind) = FacetKind::parse(&facet) {
                    let mut state = self.state.borrow_mut();
                    let open = &mut state.facets.expanded[kind.index()];
                    *open = !*open;
                }
                self.render()
            }
            "retry" => {
                wasm_bindgen_futures::spawn_local(self.clone().load(None));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn on_input(self: &Rc<Inner>, event: &Event) -> DomResult {
        let Some(control) = action_target(event)? else { return Ok(()) };
        let Some(input) = control.dyn_ref::<HtmlInputElement>() else { return Ok(()) };
        match control.get_attribute("data-action").as_deref() {
            Some("search") => {
                let mut state = self.state.borrow_mut();
                if let Some(timer) = state.timer.take() {
                    self.window.clear_timeout_with_handle(timer);
                }
                state.pending_text = Some(input.value());
                if let Some(callback) = self.debounce.borrow().as_ref() {
                    state.timer = self
                        .window
                        .set_timeout_with_callback_and_timeout_and_arguments_0(
                            callback.as_ref().unchecked_ref(),
                            self.options.debounce as i32,
                        )
                        .ok();
                }
                Ok(())
            }
            Some("facet-search") => {
                let facet = control.get_attribute("data-facet").unwrap_or_default();
                if let Some(kind) = FacetKind::parse(&facet) {
                    self.state.borrow_mut().facets.search[kind.index()] = input.value();
                }
                self.render()
            }
            _ => Ok(()),
        }
    }

    fn on_change(self: &Rc<Inner>, event: &Event) -> DomResult {
        let Some(control) = action_target(event)? else { return Ok(()) };
        match control.get_attribute("data-action").as_deref() {
            Some("mode") => {
                let any = control.dyn_ref::<HtmlInputElement>().is_some_and(|r| r.value() == "any");
                self.change(true, |q| q.mode = if any { Mode::Any } else { Mode::All })
            }
            Some("sort") => {
                let value = control.dyn_ref::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
                let sort = value.parse::<Sort>().ok();
                self.change(true, |q| q.sort = sort)
            }
            Some("per-page") => {
                let per = control.dyn_ref::<HtmlSelectElement>().and_then(|s| s.value().parse::<u32>().ok());
                self.change(true, |q| q.per_page = per.unwrap_or(q.per_page))
            }
            _ => Ok(()),
        }
    }

    /// Enter in the search box searches at once.
    fn on_submit(self: &Rc<Inner>, event: &Event) -> DomResult {
        event.prevent_default();
        if self.state.borrow().pending_text.is_some() {
            self.typing_settled()?;
        }
        Ok(())
    }

    /// Back or Forward: show the step the address now describes.
    fn on_popstate(self: &Rc<Inner>, _event: &Event) -> DomResult {
        if self.options.url_state == crate::web::options::UrlState::Off {
            return Ok(());
        }
        let query = location::read(&self.window, self.options.url_state, &self.defaults)?;
        {
            let mut state = self.state.borrow_mut();
            if let Some(timer) = state.timer.take() {
                self.window.clear_timeout_with_handle(timer);
            }
            state.pending_text = None;
            state.typing_entry = false;
            state.query = query;
        }
        let text = self.state.borrow().query.text.clone();
        if self.parts.search.value() != text {
            self.parts.search.set_value(&text);
        }
        self.render()
    }

    fn scroll_to_results(&self) {
        if !self.options.scroll {
            return;
        }
        // Only upwards: a reader who sees the top of the results already keeps their place.
        if self.parts.status.get_bounding_client_rect().top() < 0.0 {
            self.parts.status.scroll_into_view();
        }
    }
}

/// The control an event concerns: the nearest element with a `data-action`.
fn action_target(event: &Event) -> DomResult<Option<Element>> {
    match event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
        Some(target) => target.closest("[data-action]"),
        None => Ok(None),
    }
}

fn value_of(el: &Element, attribute: &str) -> Option<u32> {
    el.get_attribute(attribute)?.parse().ok()
}

/// `value` quoted for a CSS attribute selector.
fn css_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}
