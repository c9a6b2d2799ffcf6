//! Every string the widget shows, replaceable through its `labels` option.
//!
//! Templates hold `{name}` placeholders. Strings with a count have plural forms picked
//! by the platform's plural rules (`Intl.PluralRules` in the browser): `one`, `other`
//! and, for languages that need them, `zero`, `two`, `few` and `many`.

use crate::ui::options::concat;
use crate::value::Value;

/// A string with plural forms, by plural category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plural {
    forms: Vec<(String, String)>,
}

impl Plural {
    pub fn new(one: &str, other: &str) -> Plural {
        Plural { forms: vec![("one".into(), one.into()), ("other".into(), other.into())] }
    }

    /// The same text for every count.
    pub fn invariant(text: &str) -> Plural {
        Plural { forms: vec![("other".into(), text.into())] }
    }

    /// Sets the form of `category` (`zero`, `one`, `two`, `few`, `many`, `other`).
    pub fn set(&mut self, category: &str, text: String) {
        match self.forms.iter_mut().find(|(c, _)| c == category) {
            Some(form) => form.1 = text,
            None => self.forms.push((category.into(), text)),
        }
    }

    /// The form for `category`, falling back to `other`.
    pub fn pick(&self, category: &str) -> &str {
        let find = |c: &str| self.forms.iter().find(|(k, _)| k == c).map(|(_, t)| t.as_str());
        find(category).or_else(|| find("other")).unwrap_or_default()
    }
}

macro_rules! labels {
    ($($name:ident $key:literal = $default:literal;)*) => {
        /// The name of a plain string of [`Labels`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum L {
            $(#[doc = $default] $name,)*
        }

        /// Option key and English default of every [`L`], in order.
        const STRINGS: &[(&str, &str)] = &[$(($key, $default)),*];
    };
}

labels! {
    Loading "loading" = "Loading articles…";
    LoadError "loadError" = "The articles could not be loaded: {reason}";
    Retry "retry" = "Try again";
    Filters "filters" = "Filters";
    SearchLabel "searchLabel" = "Search articles";
    SearchPlaceholder "searchPlaceholder" = "Search titles, summaries and tags";
    Tags "tags" = "Tags";
    Categories "categories" = "Categories";
    Authors "authors" = "Authors";
    MatchMode "matchMode" = "Match";
    ModeAll "modeAll" = "all tags";
    ModeAny "modeAny" = "any tag";
    FindTag "findTag" = "Find a tag";
    FindAuthor "findAuthor" = "Find an author";
    NoValues "noValues" = "None match “{query}”";
    ShowMore "showMore" = "Show more";
    ShowLess "showLess" = "Show less";
    Refinements "refinements" = "Current filters";
    ChipText "chipText" = "Text: {value}";
    ChipTag "chipTag" = "Tag: {value}";
    ChipCategory "chipCategory" = "Category: {value}";
    ChipAuthor "chipAuthor" = "Author: {value}";
    Remove "remove" = "Remove {label}";
    ClearAll "clearAll" = "Clear all";
    SortLabel "sortLabel" = "Sort by";
    SortRelevance "sortRelevance" = "Best match";
    SortNewest "sortNewest" = "Newest";
    SortOldest "sortOldest" = "Oldest";
    SortMostLiked "sortMostLiked" = "Most liked";
    SortLongest "sortLongest" = "Longest read";
    SortShortest "sortShortest" = "Shortest read";
    SortTitle "sortTitle" = "Title A–Z";
    PerPageLabel "perPageLabel" = "Per page";
    PageOf "pageOf" = "Page {page} of {pages}";
    Results "results" = "Results";
    Empty "empty" = "No articles match these filters.";
    ClearFilters "clearFilters" = "Clear all filters";
    Pagination "pagination" = "Pagination";
    Previous "previous" = "Previous";
    Next "next" = "Next";
    Page "page" = "Page {page}";
    LoadMore "loadMore" = "Load more";
    ShardLoading "shardLoading" = "Loading…";
    ShardError "shardError" = "These articles could not be loaded: {reason}. Any action tries again.";
    Crash "crash" = "The search stopped working. Your next click or keystroke starts it again.";
}

/// The name of a string with plural forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P {
    /// "{count} articles"
    Articles,
    /// "{count} likes"
    Likes,
    /// "{count} min read"
    Minutes,
}

/// Option key, English `one` and `other` forms of every [`P`], in order.
const PLURALS: &[(&str, &str, &str)] = &[
    ("articles", "{count} article", "{count} articles"),
    ("likes", "{count} like", "{count} likes"),
    ("minutes", "{count} min read", "{count} min read"),
];

/// The widget's strings, English by default. A table rather than a struct of fields:
/// in the wasm, one lookup loop is far smaller than code per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    strings: Vec<String>,
    plurals: Vec<Plural>,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels {
            strings: STRINGS.iter().map(|(_, d)| d.to_string()).collect(),
            plurals: PLURALS.iter().map(|(_, one, other)| Plural::new(one, other)).collect(),
        }
    }
}

impl Labels {
    pub fn get(&self, name: L) -> &str {
        &self.strings[name as usize]
    }

    pub fn plural(&self, name: P) -> &Plural {
        &self.plurals[name as usize]
    }

    /// Every option key, plain and plural.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        STRINGS.iter().map(|(k, _)| *k).chain(PLURALS.iter().map(|(k, _, _)| *k))
    }

    /// Sets a plain string by its option key; false when there is no such key.
    pub fn set(&mut self, key: &str, value: String) -> bool {
        match STRINGS.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                self.strings[i] = value;
                true
            }
            None => false,
        }
    }

    /// Sets the labels an options object's `labels` gives: plain strings by their keys,
    /// and for counted ones a string for every count or `{ one, other, few, … }`.
    pub fn set_all(&mut self, value: &Value) -> Result<(), String> {
        let Value::Object(fields) = value else { return Err("expected an object of strings".into()) };
        for (key, v) in fields {
            let label = |rest: &str| concat(&["labels.", key, rest]);
            if let Some(plural) = self.plural_mut(key) {
                match v {
                    Value::Text(text) => *plural = Plural::invariant(text),
                    Value::Object(forms) => {
                        for (category, text) in forms {
                            let text =
                                text.text().ok_or_else(|| label(&concat(&[".", category, " must be a string"])))?;
                            plural.set(category, text.to_string());
                        }
                    }
                    _ => return Err(label(" must be a string or an object of plural forms")),
                }
            } else {
                let text = v.text().ok_or_else(|| label(" must be a string"))?;
                if !self.set(key, text.to_string()) {
                    let known: Vec<&str> = Labels::keys().collect();
                    return Err(concat(&["unknown label `", key, "`; expected one of ", &known.join(", ")]));
                }
            }
        }
        Ok(())
    }

    /// The plural string of an option key.
    pub fn plural_mut(&mut self, key: &str) -> Option<&mut Plural> {
        PLURALS.iter().position(|(k, _, _)| *k == key).map(|i| &mut self.plurals[i])
    }
}

/// `template` with each `{name}` replaced by its value in `args`; unknown names stay.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| Some((close, args.iter().find(|(k, _)| *k == &after[..close])?))) {
            Some((close, (_, value))) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("Page {page} of {pages}", &[("page", "2"), ("pages", "9")]), "Page 2 of 9");
        assert_eq!(fill("{x} {unknown} {", &[("x", "{x}")]), "{x} {unknown} {");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn plural_forms_fall_back_to_other() {
        let mut p = Plural::new("{count} article", "{count} articles");
        assert_eq!(p.pick("one"), "{count} article");
        assert_eq!(p.pick("few"), "{count} articles");
        p.set("few", "{count} artykuły".into());
        assert_eq!(p.pick("few"), "{count} artykuły");
        assert_eq!(Plural::invariant("x").pick("one"), "x");
    }

    #[test]
    fn every_key_is_settable() {
        let mut labels = Labels::default();
        assert_eq!(labels.get(L::Next), "Next");
        for (key, _) in STRINGS {
            assert!(labels.set(key, format!("<{key}>")), "{key}");
        }
        assert_eq!(labels.get(L::Next), "<next>");
        assert_eq!(labels.get(L::SearchLabel), "<searchLabel>");
        assert!(!labels.set("nope", String::new()));
        for (key, _, _) in PLURALS {
            assert!(labels.plural_mut(key).is_some(), "{key}");
        }
        assert_eq!(labels.plural(P::Likes).pick("one"), "{count} like");
        assert_eq!(Labels::keys().count(), STRINGS.len() + PLURALS.len());
    }
}
