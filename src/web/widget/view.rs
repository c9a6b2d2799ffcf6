//! The widget's DOM: built once (the skeleton, whose inputs keep focus and caret while
//! the reader types), then the parts that follow the results re-rendered on each change.

use crate::engine::{Facet, Mode, Query, SearchResult, Sort};
use crate::model::Article;
use crate::ui::highlight::pieces;
use crate::ui::labels::{fill, Labels, L, P};
use crate::ui::pagination::{page_items, PageItem};
use crate::web::dom::{append, append_text, replace_children, set_flag, Html};
use crate::web::format::Format;
use crate::web::options::{Options, Paging};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, Node};

/// The three facets, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetKind {
    Tags,
    Categories,
    Authors,
}

impl FacetKind {
    pub const ALL: [FacetKind; 3] = [FacetKind::Tags, FacetKind::Categories, FacetKind::Authors];

    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Tags => "tags",
            FacetKind::Categories => "categories",
            FacetKind::Authors => "authors",
        }
    }

    pub fn parse(name: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The selected values of this facet in `query`.
    pub fn selected(self, query: &mut Query) -> &mut Vec<String> {
        match self {
            FacetKind::Tags => &mut query.tags,
            FacetKind::Categories => &mut query.categories,
            FacetKind::Authors => &mut query.authors,
        }
    }

    fn limit(self, options: &Options) -> u32 {
        match self {
            FacetKind::Tags => options.tag_limit,
            FacetKind::Categories => options.category_limit,
            FacetKind::Authors => options.author_limit,
        }
    }

    /// Values shown, collapsed or expanded.
    pub fn shown(self, options: &Options, expanded: bool) -> u32 {
        if expanded {
            options.show_more_limit.max(self.limit(options))
        } else {
            self.limit(options)
        }
    }
}

/// The facet's controls that outlive a render.
pub struct FacetParts {
    pub kind: FacetKind,
    pub list: Element,
    pub none: Element,
    pub more: Element,
}

/// The skeleton's elements.
pub struct Parts {
    pub status: Element,
    pub alert: Element,
    pub alert_text: Element,
    pub alert_retry: Element,
    pub body: Element,
    pub sidebar: Element,
    pub controls: Element,
    pub search: HtmlInputElement,
    pub mode: [HtmlInputElement; 2],
    pub facets: Vec<FacetParts>,
    pub refinements: Element,
    pub chips: Element,
    pub sort: HtmlSelectElement,
    pub per_page: HtmlSelectElement,
    pub results: HtmlElement,
    pub pager: Element,
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

/// Builds the skeleton into `root` (replacing its content) and returns its parts.
/// `id` prefixes element ids, unique per widget on the page.
pub fn skeleton(html: &Html, root: &Element, options: &Options, id: &str) -> Parts {
    let l = &options.labels;
    let status = html.el("p").class("tagsift-stats").attr("role", "status").attr("aria-live", "polite").build();
    let alert_text = html.el("p").build();
    let alert_retry = html
        .el("button")
        .attr("type", "button")
        .attr("data-action", "retry")
        .text(l.get(L::Retry))
        .flag("hidden", true)
        .build();
    let alert = html
        .el("div")
        .class("tagsift-alert")
        .attr("role", "alert")
        .flag("hidden", true)
        .child(&alert_text)
        .child(&alert_retry)
        .build();

    let search: HtmlInputElement = html.typed("input");
    search.set_type("search");
    search.set_id(&format!("{id}-q"));
    search.set_placeholder(l.get(L::SearchPlaceholder));
    search.set_autocomplete("off");
    let _ = search.set_attribute("data-action", "search");
    let _ = search.set_attribute("enterkeyhint", "search");
    let search_form = html
        .el("form")
        .class("tagsift-search")
        .attr("role", "search")
        .attr("data-action", "submit")
        .child(&html.el("label").attr("for", &format!("{id}-q")).text(l.get(L::SearchLabel)).build())
        .child(&search)
        .build();

    let radio = |value: &str, text: &str| -> (HtmlInputElement, Element) {
        let input: HtmlInputElement = html.typed("input");
        input.set_type("radio");
        input.set_name(&format!("{id}-mode"));
        input.set_value(value);
        let _ = input.set_attribute("data-action", "mode");
        (input.clone(), html.el("label").child(&input).text(" ").text(text).build())
    };
    let (all, all_label) = radio("all", l.get(L::ModeAll));
    let (any, any_label) = radio("any", l.get(L::ModeAny));
    let mode = html
        .el("fieldset")
        .class("tagsift-mode")
        .child(&html.el("legend").text(l.get(L::MatchMode)).build())
        .child(&all_label)
        .child(&any_label)
        .build();

    // A disclosure: open beside the results on wide screens, a "Filters" toggle above
    // them on phones, so the results are not pushed below every facet.
    let sidebar =
        html.el("details").class("tagsift-facets").child(&html.el("summary").text(l.get(L::Filters)).build()).build();
    let wide = html.window().match_media("(min-width: 48.01rem)").ok().flatten().is_some_and(|m| m.matches());
    set_flag(&sidebar, "open", wide);
    let mut facets = Vec::new();
    for kind in FacetKind::ALL {
        let heading_id = format!("{id}-{}", kind.name());
        let (title, find) = match kind {
            FacetKind::Tags => (l.get(L::Tags), Some(l.get(L::FindTag))),
            FacetKind::Categories => (l.get(L::Categories), None),
            FacetKind::Authors => (l.get(L::Authors), Some(l.get(L::FindAuthor))),
        };
        let section = html
            .el("section")
            .class("tagsift-facet")
            .attr("data-facet", kind.name())
            .attr("aria-labelledby", &heading_id)
            .child(&html.el("h2").attr("id", &heading_id).text(title).build())
            .build();
        if kind == FacetKind::Tags {
            append(&section, &mode);
        }
        if let Some(find) = find {
            let input: HtmlInputElement = html.typed("input");
            input.set_type("search");
            input.set_placeholder(find);
            input.set_autocomplete("off");
            input.set_class_name("tagsift-facet-search");
            let _ = input.set_attribute("aria-label", find);
            let _ = input.set_attribute("data-action", "facet-search");
            let _ = input.set_attribute("data-facet", kind.name());
            append(&section, &input);
        }
        let list = html.el("ul").class("tagsift-values").attr("aria-labelledby", &heading_id).build();
        let none = html.el("p").class("tagsift-none").flag("hidden", true).build();
        let more = html
            .el("button")
            .class("tagsift-more")
            .attr("type", "button")
            .attr("data-action", "more")
            .attr("data-facet", kind.name())
            .attr("data-key", &format!("more:{}", kind.name()))
            .attr("aria-expanded", "false")
            .flag("hidden", true)
            .build();
        append(&section, &list);
        append(&section, &none);
        append(&section, &more);
        append(&sidebar, &section);
        facets.push(FacetParts { kind, list, none, more });
    }

    let chips = html.el("ul").class("tagsift-chips").build();
    let refinements = html
        .el("section")
        .class("tagsift-refinements")
        .attr("aria-label", l.get(L::Refinements))
        .flag("hidden", true)
        .child(&chips)
        .child(
            &html
                .el("button")
                .class("tagsift-clear")
                .attr("type", "button")
                .attr("data-action", "clear")
                .attr("data-key", "clear")
                .text(l.get(L::ClearAll))
                .build(),
        )
        .build();

    let select = |action: &str, label: &str| -> (HtmlSelectElement, Element) {
        let select: HtmlSelectElement = html.typed("select");
        let _ = select.set_attribute("data-action", action);
        let label = html.el("label").text(label).text(" ").child(&select).build();
        (select, label)
    };
    let (sort, sort_control) = select("sort", l.get(L::SortLabel));
    for s in SORTS {
        let option = html.el("option").attr("value", s.name()).text(sort_label(l, s)).build();
        append(&sort, &option);
    }
    let (per_page, per_page_control) = select("per-page", l.get(L::PerPageLabel));
    for &n in &options.per_page_choices {
        let option = html.el("option").attr("value", &n.to_string()).text(&n.to_string()).build();
        append(&per_page, &option);
    }
    let controls = html.el("div").class("tagsift-controls").child(&sort_control).child(&per_page_control).build();
    let results: HtmlElement = html.typed("div");
    results.set_class_name("tagsift-results");
    results.set_tab_index(-1);
    let _ = results.set_attribute("aria-label", l.get(L::Results));
    let pager =
        html.el("nav").class("tagsift-pages").attr("aria-label", l.get(L::Pagination)).flag("hidden", true).build();

    let main = html
        .el("div")
        .class("tagsift-main")
        .child(&status)
        .child(&refinements)
        .child(&controls)
        .child(&results)
        .child(&pager)
        .build();
    let body = html.el("div").class("tagsift-body").child(&sidebar).child(&main).build();
    replace_children(root, &[search_form.into(), alert.clone().into(), body.clone().into()]);
    let _ = root.class_list().add_1("tagsift");
    Parts {
        status,
        alert,
        alert_text,
        alert_retry,
        body,
        sidebar,
        controls,
        search,
        mode: [all, any],
        facets,
        refinements,
        chips,
        sort,
        per_page,
        results,
        pager,
    }
}

/// Everything a render needs to read.
pub struct View<'a> {
    pub html: &'a Html,
    pub options: &'a Options,
    pub format: &'a Format,
    pub parts: &'a Parts,
}

/// The UI state beside the query: which facets are expanded and what their filter boxes hold.
#[derive(Default)]
pub struct FacetUi {
    pub expanded: [bool; 3],
    pub search: [String; 3],
}

impl View<'_> {
    fn labels(&self) -> &Labels {
        &self.options.labels
    }

    /// Shows the loading state: the search box and a busy status; facets and controls
    /// stay hidden until there is something to control.
    pub fn loading(&self) {
        let p = self.parts;
        p.status.set_text_content(Some(self.labels().get(L::Loading)));
        set_flag(&p.alert, "hidden", true);
        set_flag(&p.body, "hidden", false);
        set_flag(&p.sidebar, "hidden", true);
        set_flag(&p.controls, "hidden", true);
        let _ = p.results.set_attribute("aria-busy", "true");
    }

    /// The index could not be loaded: only the message and its retry button remain.
    pub fn failed(&self, message: &str) {
        set_flag(&self.parts.body, "hidden", true);
        self.alert(message, true);
    }

    /// Shows `message` in the alert box, with a retry button when `retry`.
    pub fn alert(&self, message: &str, retry: bool) {
        self.parts.alert_text.set_text_content(Some(message));
        set_flag(&self.parts.alert_retry, "hidden", !retry);
        set_flag(&self.parts.alert, "hidden", false);
        let _ = self.parts.results.remove_attribute("aria-busy");
    }

    /// Marks the cards as waiting for shards of a sharded index.
    pub fn pending(&self, on: bool) {
        let results = &self.parts.results;
        if on {
            let _ = results.set_attribute("aria-busy", "true");
            let _ = results.set_attribute("data-pending", self.labels().get(L::ShardLoading));
        } else {
            let _ = results.remove_attribute("aria-busy");
            let _ = results.remove_attribute("data-pending");
        }
    }

    pub fn clear_alert(&self) {
        set_flag(&self.parts.alert, "hidden", true);
    }

    /// Renders a result. `hits` are the cards to show (in load-more mode, every page so far).
    pub fn render(&self, query: &Query, result: &SearchResult, hits: &[Article], ui: &FacetUi) {
        let (l, f, p) = (self.labels(), self.format, self.parts);
        for part in [&p.body, &p.sidebar, &p.controls] {
            set_flag(part, "hidden", false);
        }
        let _ = p.results.remove_attribute("aria-busy");
        let articles = f.count(l.plural(P::Articles), result.total);
        let stats = match self.options.paging {
            Paging::Pages => {
                let page_of =
                    fill(l.get(L::PageOf), &[("page", &f.number(result.page)), ("pages", &f.number(result.pages))]);
                format!("{articles} · {page_of}")
            }
            Paging::LoadMore => articles,
        };
        p.status.set_text_content(Some(&stats));

        // Controls that the reader may not be using right now.
        if p.search.value() != query.text && self.html.document().active_element().as_ref() != Some(p.search.as_ref()) {
            p.search.set_value(&query.text);
        }
        p.mode[0].set_checked(query.mode == Mode::All);
        p.mode[1].set_checked(query.mode == Mode::Any);
        p.sort.set_value(result.sort.name());
        if let Some(relevance) = p.sort.get(0) {
            let has_text = crate::engine::text::has_words(&query.text);
            set_flag(&relevance, "disabled", !has_text);
        }
        let per_page = result.per_page.to_string();
        p.per_page.set_value(&per_page);
        if p.per_page.value() != per_page {
            // A per-page from the address that the menu does not offer: offer it.
            append(&p.per_page, &self.html.el("option").attr("value", &per_page).text(&per_page).build());
            p.per_page.set_value(&per_page);
        }

        for (facet, parts) in
            [&result.facets.tags, &result.facets.categories, &result.facets.authors].iter().zip(&p.facets)
        {
            self.facet(parts, facet, ui);
        }
        self.refinements(query);
        self.results(query, hits);
        self.pager(result, hits.len() as u32)
    }

    fn facet(&self, parts: &FacetParts, facet: &Facet, ui: &FacetUi) {
        let (l, f, kind) = (self.labels(), self.format, parts.kind);
        let expanded = ui.expanded[kind.index()];
        let limit = kind.shown(self.options, expanded) as usize;
        let mut items: Vec<Node> = Vec::new();
        for (i, v) in facet.values.iter().enumerate() {
            if i >= limit && !v.selected {
                continue;
            }
            let button = self
                .html
                .el("button")
                .attr("type", "button")
                .attr("aria-pressed", if v.selected { "true" } else { "false" })
                .attr("data-action", "toggle")
                .attr("data-facet", kind.name())
                .attr("data-value", &v.value)
                .attr("data-key", &format!("{}:{}", kind.name(), v.value))
                .child(&self.html.el("span").class("tagsift-name").text(&v.value).build())
                .text(" ")
                .child(&self.html.el("span").class("tagsift-count").text(&f.number(v.count)).build())
                .build();
            items.push(self.html.el("li").child(&button).build().into());
        }
        replace_children(&parts.list, &items);
        let search = &ui.search[kind.index()];
        let nothing = items.is_empty() && !search.trim().is_empty();
        parts.none.set_text_content(Some(&fill(l.get(L::NoValues), &[("query", search.trim())])));
        set_flag(&parts.none, "hidden", !nothing);
        let collapsed = kind.shown(self.options, false);
        let more = facet.distinct > collapsed;
        set_flag(&parts.more, "hidden", !more);
        parts.more.set_text_content(Some(if expanded { l.get(L::ShowLess) } else { l.get(L::ShowMore) }));
        let _ = parts.more.set_attribute("aria-expanded", if expanded { "true" } else { "false" });
    }

    fn refinements(&self, query: &Query) {
        let l = self.labels();
        let mut chips: Vec<(&str, &str, String)> = Vec::new();
        if !query.text.trim().is_empty() {
            chips.push(("text", &query.text, fill(l.get(L::ChipText), &[("value", query.text.trim())])));
        }
        for (facet, values, template) in [
            ("tags", &query.tags, l.get(L::ChipTag)),
            ("categories", &query.categories, l.get(L::ChipCategory)),
            ("authors", &query.authors, l.get(L::ChipAuthor)),
        ] {
            chips.extend(values.iter().map(|v| (facet, v.as_str(), fill(template, &[("value", v)]))));
        }
        let mut items: Vec<Node> = Vec::new();
        for (facet, value, text) in &chips {
            let button = self
                .html
                .el("button")
                .class("tagsift-chip")
                .attr("type", "button")
                .attr("data-action", "remove")
                .attr("data-facet", facet)
                .attr("data-value", value)
                .attr("data-key", &format!("remove:{facet}:{value}"))
                .attr("aria-label", &fill(l.get(L::Remove), &[("label", text)]))
                .text(text)
                .child(&self.html.el("span").attr("aria-hidden", "true").text(" ×").build())
                .build();
            items.push(self.html.el("li").child(&button).build().into());
        }
        replace_children(&self.parts.chips, &items);
        set_flag(&self.parts.refinements, "hidden", chips.is_empty());
    }

    fn results(&self, query: &Query, hits: &[Article]) {
        let l = self.labels();
        let mut cards: Vec<Node> = Vec::new();
        for article in hits {
            cards.push(self.card(article, query).into());
        }
        if hits.is_empty() {
            let empty = self
                .html
                .el("div")
                .class("tagsift-empty")
                .child(&self.html.el("p").text(l.get(L::Empty)).build())
                .child(
                    &self
                        .html
                        .el("button")
                        .attr("type", "button")
                        .attr("data-action", "clear")
                        .attr("data-key", "clear-empty")
                        .text(l.get(L::ClearFilters))
                        .build(),
                )
                .build();
            cards.push(empty.into());
        }
        replace_children(&self.parts.results, &cards);
    }

    /// One article card, laid out like the seed's listing.
    fn card(&self, a: &Article, query: &Query) -> Element {
        let (l, f, html) = (self.labels(), self.format, self.html);
        let card = html.el("article").class("tagsift-card").build();
        if let Some(author) = &a.author {
            append(&card, &html.el("p").class("tagsift-author").text(author).build());
        }
        let meta = html.el("p").class("tagsift-meta").build();
        if let Some(date) = a.date {
            append(&meta, &html.el("time").attr("datetime", &date.to_string()).text(&f.date(date)).build());
        }
        if let Some(category) = &a.category {
            if a.date.is_some() {
                append_text(&meta, " · ");
            }
            append_text(&meta, category);
        }
        if meta.has_child_nodes() {
            append(&card, &meta);
        }
        let title = html.el("h3").class("tagsift-title").build();
        let title_target = match a.url.as_deref().and_then(|u| safe_href(html, u)) {
            Some(href) => {
                let link = html.el("a").attr("href", &href).build();
                append(&title, &link);
                link
            }
            None => title.clone(),
        };
        self.marked(&title_target, &a.title, &query.text);
        append(&card, &title);
        if !a.summary.is_empty() {
            let summary = html.el("p").class("tagsift-summary").build();
            self.marked(&summary, &a.summary, &query.text);
            append(&card, &summary);
        }
        if !a.tags.is_empty() {
            let list = html.el("ul").class("tagsift-tags").attr("aria-label", l.get(L::Tags)).build();
            for tag in &a.tags {
                let on = query.tags.contains(tag);
                let button = html
                    .el("button")
                    .class("tagsift-tag")
                    .attr("type", "button")
                    .attr("data-action", "filter")
                    .attr("data-facet", "tags")
                    .attr("data-value", tag)
                    .attr("aria-pressed", if on { "true" } else { "false" })
                    .text(tag)
                    .build();
                append(&list, &html.el("li").child(&button).build());
            }
            append(&card, &list);
        }
        let mut engagement = Vec::new();
        if let Some(likes) = a.likes {
            engagement.push(f.count(l.plural(P::Likes), likes));
        }
        if let Some(minutes) = a.read_minutes {
            engagement.push(f.count(l.plural(P::Minutes), minutes));
        }
        if !engagement.is_empty() {
            append(&card, &html.el("p").class("tagsift-engagement").text(&engagement.join(" · ")).build());
        }
        card
    }

    /// Appends `text` to `parent`, words of `query` in `<mark>`.
    fn marked(&self, parent: &Element, text: &str, query: &str) {
        for (piece, mark) in pieces(text, query) {
            if mark {
                append(parent, &self.html.el("mark").text(piece).build());
            } else if !piece.is_empty() {
                append_text(parent, piece);
            }
        }
    }

    fn pager(&self, result: &SearchResult, shown: u32) {
        let (l, f, html) = (self.labels(), self.format, self.html);
        let page = result.page;
        // A page button; `target: None` is a disabled Previous or Next.
        let page_button = |key: &str, text: &str, target: Option<u32>| -> Element {
            html.el("button")
                .attr("type", "button")
                .attr("data-action", "page")
                .attr("data-page", &target.unwrap_or(page).to_string())
                .attr("data-key", key)
                .flag("disabled", target.is_none())
                .text(text)
                .build()
        };
        let mut items: Vec<Element> = Vec::new();
        match self.options.paging {
            Paging::LoadMore if shown < result.total => items.push(
                html.el("button")
                    .attr("type", "button")
                    .attr("data-action", "load-more")
                    .attr("data-key", "load-more")
                    .text(l.get(L::LoadMore))
                    .build(),
            ),
            Paging::Pages if result.pages > 1 => {
                items.push(page_button("page:prev", l.get(L::Previous), (page > 1).then(|| page - 1)));
                for item in page_items(page, result.pages) {
                    items.push(match item {
                        PageItem::Gap => {
                            html.el("span").class("tagsift-gap").attr("aria-hidden", "true").text("…").build()
                        }
                        PageItem::Page(n) => {
                            let b = page_button(&format!("page:{n}"), &f.number(n), Some(n));
                            let _ = b.set_attribute("aria-label", &fill(l.get(L::Page), &[("page", &f.number(n))]));
                            if n == page {
                                let _ = b.set_attribute("aria-current", "page");
                            }
                            b
                        }
                    });
                }
                items.push(page_button("page:next", l.get(L::Next), (page < result.pages).then(|| page + 1)));
            }
            Paging::LoadMore | Paging::Pages => {}
        }
        let list = html.el("ul").build();
        for item in &items {
            append(&list, &html.el("li").child(item).build());
        }
        replace_children(&self.parts.pager, &[list.into()]);
        set_flag(&self.parts.pager, "hidden", items.is_empty());
    }
}

/// `url` resolved against the page when it is `http:` or `https:` (relative URLs
/// included); `None` for `javascript:`, `data:` and every other scheme.
pub fn safe_href(html: &Html, url: &str) -> Option<String> {
    let base = html.document().base_uri().ok().flatten()?;
    let parsed = web_sys::Url::new_with_base(url.trim(), &base).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.href())
}
