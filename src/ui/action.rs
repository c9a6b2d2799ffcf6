//! What a reader can do in the widget, as a typed [`Action`] that writes itself into a
//! control's data attributes ([`Action::mark`]) and reads itself back from them
//! ([`Action::read`]): the view and the event handlers share one vocabulary.

use crate::engine::Query;
use crate::ui::format::digits;
use crate::ui::tree::Element;

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
}

/// A control's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Select or unselect a facet value (a refinement list's toggle).
    Toggle(FacetKind, String),
    /// Select a facet value if it is not yet (a tag chip on a card).
    Filter(FacetKind, String),
    /// Remove a refinement: a facet value, or the text (`None`).
    Remove(Option<FacetKind>, String),
    /// Clear every refinement.
    Clear,
    /// Go to a page.
    Page(u32),
    /// Append the next page ("Load more").
    LoadMore,
    /// Show more or fewer values of a facet.
    More(FacetKind),
    /// Load the index again after a failure.
    Retry,
    /// The search box (its value is the text).
    Search,
    /// The search form (Enter searches at once).
    Submit,
    /// A facet's filter box (its value narrows the listed values).
    FacetSearch(FacetKind),
    /// The all/any radios (the checked one's value).
    Mode,
    /// The sort menu (its value).
    Sort,
    /// The per-page menu (its value).
    PerPage,
}

impl Action {
    fn name(&self) -> &'static str {
        match self {
            Action::Toggle(..) => "toggle",
            Action::Filter(..) => "filter",
            Action::Remove(..) => "remove",
            Action::Clear => "clear",
            Action::Page(_) => "page",
            Action::LoadMore => "load-more",
            Action::More(_) => "more",
            Action::Retry => "retry",
            Action::Search => "search",
            Action::Submit => "submit",
            Action::FacetSearch(_) => "facet-search",
            Action::Mode => "mode",
            Action::Sort => "sort",
            Action::PerPage => "per-page",
        }
    }

    /// `element` with this action's data attributes.
    pub fn mark(&self, element: Element) -> Element {
        let element = element.attr("data-action", self.name());
        match self {
            Action::Toggle(kind, value) | Action::Filter(kind, value) => {
                element.attr("data-facet", kind.name()).attr("data-value", value.as_str())
            }
            Action::Remove(kind, value) => {
                element.attr("data-facet", kind.map_or("text", FacetKind::name)).attr("data-value", value.as_str())
            }
            Action::Page(page) => element.attr("data-page", &digits(*page)),
            Action::More(kind) | Action::FacetSearch(kind) => element.attr("data-facet", kind.name()),
            _ => element,
        }
    }

    /// The action an element's data attributes describe (`attribute(name)` reads one);
    /// `None` for an element that is no control of the widget or names no known facet.
    pub fn read(attribute: impl Fn(&str) -> Option<String>) -> Option<Action> {
        let facet = || attribute("data-facet").as_deref().and_then(FacetKind::parse);
        let value = || attribute("data-value").unwrap_or_default();
        Some(match attribute("data-action")?.as_str() {
            "toggle" => Action::Toggle(facet()?, value()),
            "filter" => Action::Filter(facet()?, value()),
            "remove" => match attribute("data-facet")?.as_str() {
                "text" => Action::Remove(None, value()),
                _ => Action::Remove(Some(facet()?), value()),
            },
            "clear" => Action::Clear,
            "page" => Action::Page(attribute("data-page")?.parse().ok()?),
            "load-more" => Action::LoadMore,
            "more" => Action::More(facet()?),
            "retry" => Action::Retry,
            "search" => Action::Search,
            "submit" => Action::Submit,
            "facet-search" => Action::FacetSearch(facet()?),
            "mode" => Action::Mode,
            "sort" => Action::Sort,
            "per-page" => Action::PerPage,
            _ => return None,
        })
    }

    /// What the action does to a query, for the actions that only change the query
    /// (`None` for the others). Returns whether the page goes back to 1.
    pub fn apply(&self, q: &mut Query) -> Option<bool> {
        match self {
            Action::Toggle(kind, value) => {
                let list = kind.selected(q);
                match list.iter().position(|v| v == value) {
                    Some(at) => {
                        list.remove(at);
                    }
                    None => list.push(value.clone()),
                }
                Some(true)
            }
            Action::Filter(kind, value) => {
                let list = kind.selected(q);
                if !list.contains(value) {
                    list.push(value.clone());
                }
                Some(true)
            }
            Action::Remove(None, _) => {
                q.text.clear();
                Some(true)
            }
            Action::Remove(Some(kind), value) => {
                kind.selected(q).retain(|v| v != value);
                Some(true)
            }
            Action::Clear => {
                *q = Query { sort: q.sort, per_page: q.per_page, facet_limit: q.facet_limit, ..Query::default() };
                Some(true)
            }
            Action::Page(page) => {
                q.page = *page;
                Some(false)
            }
            Action::LoadMore => {
                q.page += 1;
                Some(false)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::tree::el;

    fn round_trip(action: Action) {
        let e = action.mark(el("button"));
        let read = Action::read(|name| e.get(name).map(str::to_string));
        assert_eq!(read, Some(action));
    }

    #[test]
    fn every_action_reads_back_what_it_wrote() {
        for kind in FacetKind::ALL {
            round_trip(Action::Toggle(kind, "C++ \"&\" <b>".into()));
            round_trip(Action::Filter(kind, "Kafka".into()));
            round_trip(Action::Remove(Some(kind), "Go".into()));
            round_trip(Action::More(kind));
            round_trip(Action::FacetSearch(kind));
        }
        round_trip(Action::Remove(None, "kafka stream".into()));
        round_trip(Action::Page(1234));
        for a in [
            Action::Clear,
            Action::LoadMore,
            Action::Retry,
            Action::Search,
            Action::Submit,
            Action::Mode,
            Action::Sort,
            Action::PerPage,
        ] {
            round_trip(a);
        }
    }

    #[test]
    fn unknown_or_incomplete_controls_are_no_action() {
        assert_eq!(Action::read(|_| None), None);
        let e = el("button").attr("data-action", "toggle").attr("data-facet", "colours");
        assert_eq!(Action::read(|n| e.get(n).map(str::to_string)), None);
        let e = el("button").attr("data-action", "page").attr("data-page", "two");
        assert_eq!(Action::read(|n| e.get(n).map(str::to_string)), None);
    }

    #[test]
    fn query_actions_change_the_query() {
        let mut q = Query { text: "kafka".into(), per_page: 20, ..Query::default() };
        assert_eq!(Action::Toggle(FacetKind::Tags, "Go".into()).apply(&mut q), Some(true));
        assert_eq!(q.tags, ["Go"]);
        Action::Filter(FacetKind::Tags, "Go".into()).apply(&mut q);
        assert_eq!(q.tags, ["Go"], "a card's tag chip only adds");
        Action::Toggle(FacetKind::Tags, "Go".into()).apply(&mut q);
        assert!(q.tags.is_empty());
        Action::Remove(None, String::new()).apply(&mut q);
        assert_eq!(q.text, "");
        assert_eq!(Action::Page(3).apply(&mut q), Some(false));
        Action::LoadMore.apply(&mut q);
        assert_eq!(q.page, 4);
        q.categories.push("Go".into());
        Action::Clear.apply(&mut q);
        assert_eq!(q, Query { per_page: 20, ..Query::default() }, "clearing keeps the reader's menus");
        assert_eq!(Action::Sort.apply(&mut q), None);
    }
}
