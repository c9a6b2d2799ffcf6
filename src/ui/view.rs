//! The widget's whole view, described once as data ([`crate::ui::tree`]): the search
//! box, the alert, the refinement lists with their counts, the current refinements, the
//! sort and per-page menus, the stats, the cards, the pagination, and the loading,
//! failed, empty and waiting states.
//!
//! [`render`] is pure: the same [`View`] gives the same tree, natively (the prerendered
//! first view, the snapshot tests) and in the browser (where the materialiser makes the
//! DOM equal to it). Every control carries its [`Action`]; article text only ever
//! becomes text nodes and attribute values.

use crate::engine::text::has_words;
use crate::engine::{Facet, Facets, Mode, Query, SearchResult, Sort};
use crate::model::Article;
use crate::ui::action::{Action, FacetKind};
use crate::ui::format::{digits, Format};
use crate::ui::highlight::pieces;
use crate::ui::labels::{fill, Labels, L, P};
use crate::ui::options::{concat, Options, Paging};
use crate::ui::pagination::{page_items, PageItem};
use crate::ui::tree::{el, Element, Node};
use crate::ui::url::safe_href;

/// The UI state beside the query: which facets are expanded, what their filter boxes hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetUi {
    pub expanded: [bool; 3],
    pub search: [String; 3],
}

/// What the widget has to show.
pub enum Status<'a> {
    /// The index is on its way.
    Loading,
    /// The index could not be loaded: only the message and a retry button.
    Failed(&'a str),
    Ready(Ready<'a>),
}

/// A result to show.
pub struct Ready<'a> {
    /// The query `result` answers.
    pub query: &'a Query,
    pub result: &'a SearchResult,
    /// The cards: the page's (in load-more mode, every page so far).
    pub hits: &'a [Article],
    pub facets: &'a FacetUi,
    /// Shards for a newer query are on their way: this result is shown as waiting.
    pub pending: bool,
    /// The results are this query's, but its facet counts wait for the filter shards:
    /// the facets shown are an earlier query's, with this query's choices, marked so.
    pub facets_pending: bool,
    /// Files of the current query could not be loaded: this result answers an earlier
    /// query, and is marked so.
    pub stale: bool,
    /// A message above the results (shards that could not be loaded).
    pub alert: Option<&'a str>,
}

/// Everything the view is made of.
pub struct View<'a> {
    /// Prefix of the element ids, unique per widget on the page (`tagsift-1`).
    pub id: &'a str,
    pub options: &'a Options,
    pub format: &'a dyn Format,
    /// False for the prerendered page: its controls stay disabled until the script
    /// takes over, so that without JavaScript nothing looks operable but does nothing.
    pub live: bool,
    /// The search box's text: the query's, or what the reader is typing.
    pub search_text: &'a str,
    pub status: Status<'a>,
}

const SORTS: [Sort; 7] =
    [Sort::Relevance, Sort::Newest, Sort::Oldest, Sort::MostLiked, Sort::Longest, Sort::Shortest, Sort::Title];

fn sort_label(labels: &Labels, sort: Sort) -> &str {
    labels.get(match sort {
        Sort::Relevance => L::SortRelevance,
        Sort::Newest => L::SortNewest,
        Sort::Oldest => L::SortOldest,
        Sort::MostLiked => L::SortMostLiked,
        Sort::Longest => L::SortLongest,
        Sort::Shortest => L::SortShortest,
        Sort::Title => L::SortTitle,
    })
}

/// The class of the view's root element, inside the element the widget is mounted on.
pub const ROOT_CLASS: &str = "tagsift";

/// The view's root element.
pub fn render(view: &View) -> Element {
    let l = &view.options.labels;
    let ready = match &view.status {
        Status::Ready(r) => Some(r),
        _ => None,
    };
    let ready: Option<&Ready> = ready;
    let alert = match &view.status {
        Status::Failed(message) => Some((*message, true)),
        Status::Ready(Ready { alert: Some(message), .. }) => Some((*message, false)),
        _ => None,
    };
    let alert = el("div")
        .class("tagsift-alert")
        .attr("role", "alert")
        .flag("hidden", alert.is_none())
        .child(el("p").text(alert.map_or("", |(m, _)| m)))
        .child(
            Action::Retry
                .mark(el("button").attr("type", "button"))
                .flag("hidden", !alert.is_some_and(|(_, retry)| retry))
                .text(l.get(L::Retry)),
        );
    let main = el("div")
        .class("tagsift-main")
        .child(stats(view, ready))
        .child(refinements(view, ready))
        .child(controls(view, ready))
        .child(results(view, ready))
        .child(pager(view, ready));
    let body = el("div")
        .class("tagsift-body")
        .flag("hidden", matches!(view.status, Status::Failed(_)))
        .flag("data-stale", ready.is_some_and(|r| r.stale))
        .child(sidebar(view, ready))
        .child(main);
    let frame = el("fieldset")
        .class("tagsift-frame")
        .attr("role", "none")
        .flag("disabled", !view.live)
        .child(search_box(view))
        .child(alert)
        .child(body);
    el("div").class(ROOT_CLASS).attr("data-tagsift-id", view.id).flag("data-live", view.live).child(frame)
}

fn search_box(view: &View) -> Element {
    let l = &view.options.labels;
    let input_id = concat(&[view.id, "-q"]);
    Action::Submit
        .mark(el("form").class("tagsift-search").attr("role", "search"))
        .child(el("label").attr("for", input_id.as_str()).text(l.get(L::SearchLabel)))
        .child(
            Action::Search
                .mark(
                    el("input")
                        .attr("type", "search")
                        .attr("id", input_id.as_str())
                        .attr("placeholder", l.get(L::SearchPlaceholder))
                        .attr("autocomplete", "off")
                        .attr("enterkeyhint", "search"),
                )
                .attr("value", view.search_text),
        )
}

fn stats(view: &View, ready: Option<&Ready>) -> Element {
    let (l, f) = (&view.options.labels, view.format);
    let text = match ready {
        None => l.get(L::Loading).to_string(),
        Some(r) => {
            let articles = f.count(l.plural(P::Articles), r.result.total);
            match view.options.paging {
                Paging::Pages => {
                    let page_of = fill(
                        l.get(L::PageOf),
                        &[("page", &f.number(r.result.page)), ("pages", &f.number(r.result.pages))],
                    );
                    concat(&[&articles, " · ", &page_of])
                }
                Paging::LoadMore => articles,
            }
        }
    };
    el("p").class("tagsift-stats").attr("role", "status").attr("aria-live", "polite").text(&text)
}

/// The facets in a disclosure: beside the results on wide screens (the stylesheet shows
/// its content whatever its state), a "Filters" toggle above them on phones.
/// Marks the values of `facets` chosen as `query` chooses them: the facets of an
/// earlier answer shown while this query's counts are on their way.
pub fn choose(facets: &mut Facets, query: &Query) {
    for v in &mut facets.tags.values {
        v.selected = query.tags.contains(&v.value);
        v.excluded = query.exclude.contains(&v.value);
    }
    for v in &mut facets.categories.values {
        v.selected = query.categories.contains(&v.value);
    }
    for v in &mut facets.authors.values {
        v.selected = query.authors.contains(&v.value);
    }
}

fn sidebar(view: &View, ready: Option<&Ready>) -> Element {
    let l = &view.options.labels;
    let mut sidebar = el("details")
        .class("tagsift-facets")
        .flag("hidden", ready.is_none())
        .child(el("summary").text(l.get(L::Filters)));
    if ready.is_some_and(|r| r.pending || r.facets_pending) {
        sidebar = sidebar.attr("aria-busy", "true").attr("data-pending", l.get(L::ShardLoading));
    }
    for kind in FacetKind::ALL {
        sidebar.push(facet_section(view, ready, kind).into());
    }
    sidebar
}

fn facet_section(view: &View, ready: Option<&Ready>, kind: FacetKind) -> Element {
    let (l, f, options) = (&view.options.labels, view.format, view.options);
    let heading_id = concat(&[view.id, "-", kind.name()]);
    let (title, find) = match kind {
        FacetKind::Tags => (l.get(L::Tags), Some(l.get(L::FindTag))),
        FacetKind::Categories => (l.get(L::Categories), None),
        FacetKind::Authors => (l.get(L::Authors), Some(l.get(L::FindAuthor))),
    };
    let mut section = el("section")
        .class("tagsift-facet")
        .attr("data-facet", kind.name())
        .attr("aria-labelledby", heading_id.as_str())
        .child(el("h2").attr("id", heading_id.as_str()).text(title));
    let ui = ready.map(|r| r.facets);
    if kind == FacetKind::Tags {
        let any = ready.is_some_and(|r| r.query.mode == Mode::Any);
        let radio = |value: &str, text: &str, checked: bool| {
            el("label")
                .child(
                    Action::Mode
                        .mark(el("input").attr("type", "radio").attr("name", &concat(&[view.id, "-mode"])))
                        .attr("value", value)
                        .flag("checked", checked),
                )
                .text(" ")
                .text(text)
        };
        section.push(
            el("fieldset")
                .class("tagsift-mode")
                .child(el("legend").text(l.get(L::MatchMode)))
                .child(radio("all", l.get(L::ModeAll), !any))
                .child(radio("any", l.get(L::ModeAny), any))
                .into(),
        );
    }
    let search = ui.map_or("", |u| u.search[kind.index()].as_str());
    if let Some(find) = find {
        section.push(
            Action::FacetSearch(kind)
                .mark(
                    el("input")
                        .attr("type", "search")
                        .attr("placeholder", find)
                        .attr("autocomplete", "off")
                        .class("tagsift-facet-search")
                        .attr("aria-label", find),
                )
                .attr("value", search)
                .into(),
        );
    }
    let expanded = ui.is_some_and(|u| u.expanded[kind.index()]);
    let limit = options.shown(kind, expanded) as usize;
    let facet: Option<&Facet> = ready.map(|r| match kind {
        FacetKind::Tags => &r.result.facets.tags,
        FacetKind::Categories => &r.result.facets.categories,
        FacetKind::Authors => &r.result.facets.authors,
    });
    let mut list = el("ul").class("tagsift-values").attr("aria-labelledby", heading_id.as_str());
    let mut shown = 0;
    for (i, v) in facet.map_or(&[][..], |f| &f.values).iter().enumerate() {
        if i >= limit && !v.selected {
            continue;
        }
        shown += 1;
        let button = Action::Toggle(kind, v.value.clone())
            .mark(el("button").attr("type", "button").attr("aria-pressed", if v.selected { "true" } else { "false" }))
            .attr("data-key", &concat(&[kind.name(), ":", &v.value]))
            .child(el("span").class("tagsift-name").text(&v.value))
            .text(" ")
            .child(el("span").class("tagsift-count").text(&f.number(v.count)));
        list.push(el("li").child(button).into());
    }
    section.push(list.into());
    let nothing = shown == 0 && !search.trim().is_empty();
    section.push(
        el("p")
            .class("tagsift-none")
            .flag("hidden", !nothing)
            .text(&if nothing { fill(l.get(L::NoValues), &[("query", search.trim())]) } else { String::new() })
            .into(),
    );
    let more = facet.is_some_and(|f| f.distinct > options.shown(kind, false));
    section.push(
        Action::More(kind)
            .mark(el("button").class("tagsift-more").attr("type", "button"))
            .attr("data-key", &concat(&["more:", kind.name()]))
            .attr("aria-expanded", if expanded { "true" } else { "false" })
            .flag("hidden", !more)
            .text(if !more {
                ""
            } else if expanded {
                l.get(L::ShowLess)
            } else {
                l.get(L::ShowMore)
            })
            .into(),
    );
    section
}

fn refinements(view: &View, ready: Option<&Ready>) -> Element {
    let l = &view.options.labels;
    let mut chips: Vec<(Option<FacetKind>, &str, String)> = Vec::new();
    if let Some(q) = ready.map(|r| r.query) {
        if !q.text.trim().is_empty() {
            chips.push((None, &q.text, fill(l.get(L::ChipText), &[("value", q.text.trim())])));
        }
        for (kind, template) in [
            (FacetKind::Tags, l.get(L::ChipTag)),
            (FacetKind::Categories, l.get(L::ChipCategory)),
            (FacetKind::Authors, l.get(L::ChipAuthor)),
        ] {
            let values = match kind {
                FacetKind::Tags => &q.tags,
                FacetKind::Categories => &q.categories,
                FacetKind::Authors => &q.authors,
            };
            chips.extend(values.iter().map(|v| (Some(kind), v.as_str(), fill(template, &[("value", v)]))));
        }
    }
    let mut list = el("ul").class("tagsift-chips");
    for (kind, value, text) in &chips {
        let facet = kind.map_or("text", FacetKind::name);
        let button = Action::Remove(*kind, value.to_string())
            .mark(el("button").class("tagsift-chip").attr("type", "button"))
            .attr("data-key", &concat(&["remove:", facet, ":", value]))
            .attr("aria-label", &fill(l.get(L::Remove), &[("label", text)]))
            .text(text)
            .child(el("span").attr("aria-hidden", "true").text(" ×"));
        list.push(el("li").child(button).into());
    }
    el("section")
        .class("tagsift-refinements")
        .attr("aria-label", l.get(L::Refinements))
        .flag("hidden", chips.is_empty())
        .child(list)
        .child(
            Action::Clear
                .mark(el("button").class("tagsift-clear").attr("type", "button"))
                .attr("data-key", "clear")
                .text(l.get(L::ClearAll)),
        )
}

fn controls(view: &View, ready: Option<&Ready>) -> Element {
    let (l, options) = (&view.options.labels, view.options);
    let (sort, per_page, has_text) = match ready {
        Some(r) => (Some(r.result.sort), r.result.per_page, has_words(&r.query.text)),
        None => (None, options.per_page, false),
    };
    let mut sorts = Action::Sort.mark(el("select"));
    for s in SORTS {
        sorts.push(
            el("option")
                .attr("value", s.name())
                .flag("selected", sort == Some(s))
                .flag("disabled", s == Sort::Relevance && !has_text)
                .text(sort_label(l, s))
                .into(),
        );
    }
    let mut choices = options.per_page_choices.clone();
    if !choices.contains(&per_page) {
        // A per-page from the address that the menu does not offer: offer it.
        choices.push(per_page);
        choices.sort_unstable();
    }
    let mut pers = Action::PerPage.mark(el("select"));
    for n in choices {
        let n = digits(n);
        pers.push(el("option").attr("value", n.as_str()).flag("selected", n == digits(per_page)).text(&n).into());
    }
    el("div")
        .class("tagsift-controls")
        .flag("hidden", ready.is_none())
        .child(el("label").text(l.get(L::SortLabel)).text(" ").child(sorts))
        .child(el("label").text(l.get(L::PerPageLabel)).text(" ").child(pers))
}

fn results(view: &View, ready: Option<&Ready>) -> Element {
    let l = &view.options.labels;
    let waiting = ready.is_none_or(|r| r.pending);
    let mut results = el("div").class("tagsift-results").attr("tabindex", "-1").attr("aria-label", l.get(L::Results));
    if waiting {
        results = results.attr("aria-busy", "true");
    }
    if ready.is_some_and(|r| r.pending) {
        results = results.attr("data-pending", l.get(L::ShardLoading));
    }
    let Some(r) = ready else { return results };
    for article in r.hits {
        results.push(card(view, article, r.query).into());
    }
    if r.hits.is_empty() {
        results.push(
            el("div")
                .class("tagsift-empty")
                .child(el("p").text(l.get(L::Empty)))
                .child(
                    Action::Clear
                        .mark(el("button").attr("type", "button"))
                        .attr("data-key", "clear-empty")
                        .text(l.get(L::ClearFilters)),
                )
                .into(),
        );
    }
    results
}

/// One article card, laid out like the seed's listing.
fn card(view: &View, a: &Article, query: &Query) -> Element {
    let (l, f) = (&view.options.labels, view.format);
    let mut card = el("article").class("tagsift-card");
    if let Some(author) = &a.author {
        card.push(el("p").class("tagsift-author").text(author).into());
    }
    let mut meta = el("p").class("tagsift-meta");
    if let Some(date) = a.date {
        meta.push(el("time").attr("datetime", &date.to_iso()).text(&f.date(date)).into());
    }
    if let Some(category) = &a.category {
        if a.date.is_some() {
            meta.push_text(" · ");
        }
        meta.push_text(category);
    }
    if !meta.children.is_empty() {
        card.push(meta.into());
    }
    let title = match a.url.as_deref().and_then(safe_href) {
        Some(href) => el("h3").class("tagsift-title").child(marked(el("a").attr("href", &href), &a.title, &query.text)),
        None => marked(el("h3").class("tagsift-title"), &a.title, &query.text),
    };
    card.push(title.into());
    if !a.summary.is_empty() {
        card.push(marked(el("p").class("tagsift-summary"), &a.summary, &query.text).into());
    }
    if !a.tags.is_empty() {
        let mut list = el("ul").class("tagsift-tags").attr("aria-label", l.get(L::Tags));
        for tag in &a.tags {
            let on = query.tags.contains(tag);
            let button = Action::Filter(FacetKind::Tags, tag.clone())
                .mark(el("button").class("tagsift-tag").attr("type", "button"))
                .attr("aria-pressed", if on { "true" } else { "false" })
                .text(tag);
            list.push(el("li").child(button).into());
        }
        card.push(list.into());
    }
    let mut engagement = Vec::new();
    if let Some(likes) = a.likes {
        engagement.push(f.count(l.plural(P::Likes), likes));
    }
    if let Some(minutes) = a.read_minutes {
        engagement.push(f.count(l.plural(P::Minutes), minutes));
    }
    if !engagement.is_empty() {
        card.push(el("p").class("tagsift-engagement").text(&engagement.join(" · ")).into());
    }
    card
}

/// `parent` with `text` appended, the words of `query` in `<mark>`.
fn marked(mut parent: Element, text: &str, query: &str) -> Element {
    for (piece, mark) in pieces(text, query) {
        if mark {
            parent.push(el("mark").text(piece).into());
        } else {
            parent.push_text(piece);
        }
    }
    parent
}

fn pager(view: &View, ready: Option<&Ready>) -> Element {
    let (l, f) = (&view.options.labels, view.format);
    let mut items: Vec<Element> = Vec::new();
    if let Some(r) = ready {
        let (page, pages) = (r.result.page, r.result.pages);
        // A page button; `target: None` is a disabled Previous or Next.
        let page_button = |key: &str, text: &str, target: Option<u32>| -> Element {
            Action::Page(target.unwrap_or(page))
                .mark(el("button").attr("type", "button"))
                .attr("data-key", key)
                .flag("disabled", target.is_none())
                .text(text)
        };
        match view.options.paging {
            Paging::LoadMore if (r.hits.len() as u32) < r.result.total => items.push(
                Action::LoadMore
                    .mark(el("button").attr("type", "button"))
                    .attr("data-key", "load-more")
                    .text(l.get(L::LoadMore)),
            ),
            Paging::Pages if pages > 1 => {
                items.push(page_button("page:prev", l.get(L::Previous), (page > 1).then(|| page - 1)));
                for item in page_items(page, pages) {
                    items.push(match item {
                        PageItem::Gap => el("span").class("tagsift-gap").attr("aria-hidden", "true").text("…"),
                        PageItem::Page(n) => {
                            let number = f.number(n);
                            let button = page_button(&concat(&["page:", &digits(n)]), &number, Some(n))
                                .attr("aria-label", &fill(l.get(L::Page), &[("page", &number)]));
                            if n == page {
                                button.attr("aria-current", "page")
                            } else {
                                button
                            }
                        }
                    });
                }
                items.push(page_button("page:next", l.get(L::Next), (page < pages).then(|| page + 1)));
            }
            Paging::LoadMore | Paging::Pages => {}
        }
    }
    let hidden = items.is_empty();
    let list = el("ul").children(items.into_iter().map(|item| Node::from(el("li").child(item))));
    el("nav").class("tagsift-pages").attr("aria-label", l.get(L::Pagination)).flag("hidden", hidden).child(list)
}
