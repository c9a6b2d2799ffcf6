//! The widget's options, from the `mount` options object and the element's
//! `data-tagsift-*` attributes (the object wins). Unknown options are errors that name
//! the option, shown in the widget, so a typo is never silently ignored.

use crate::engine::query::{Sort, MAX_PER_PAGE};
use crate::ui::labels::Labels;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

/// Where the widget keeps its state in the address bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlState {
    /// `?tag=Kafka&page=2` (the default).
    Query,
    /// `#tag=Kafka&page=2`, for hosts that ignore or rewrite query strings.
    Hash,
    /// Not at all (several widgets on one page, or an app that routes itself).
    Off,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// Numbered pages.
    Pages,
    /// A "Load more" button that appends the next page.
    LoadMore,
}

pub struct Options {
    /// URL of the index file, relative to the page.
    pub index: String,
    pub url_state: UrlState,
    pub paging: Paging,
    pub per_page: u32,
    pub per_page_choices: Vec<u32>,
    /// The sort when the reader has chosen none (`None`: best match with text, else newest).
    pub sort: Option<Sort>,
    /// Values shown per facet before "Show more", and after it.
    pub tag_limit: u32,
    pub category_limit: u32,
    pub author_limit: u32,
    pub show_more_limit: u32,
    /// Milliseconds of quiet typing before the results follow the search box.
    pub debounce: u32,
    /// Scroll to the top of the results when the page changes.
    pub scroll: bool,
    /// BCP 47 language tag(s) for numbers, dates and plurals.
    pub locale: JsValue,
    /// `Intl.DateTimeFormat` options for article dates.
    pub date_format: JsValue,
    pub labels: Labels,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            index: "index.bin".into(),
            url_state: UrlState::Query,
            paging: Paging::Pages,
            per_page: 10,
            per_page_choices: vec![10, 20, 50, 100],
            sort: None,
            tag_limit: 20,
            category_limit: 10,
            author_limit: 10,
            show_more_limit: 100,
            debounce: 150,
            scroll: true,
            locale: JsValue::UNDEFINED,
            date_format: JsValue::UNDEFINED,
            labels: Labels::default(),
        }
    }
}

const KEYS: [&str; 15] = [
    "index",
    "urlState",
    "paging",
    "perPage",
    "perPageChoices",
    "sort",
    "tagLimit",
    "categoryLimit",
    "authorLimit",
    "showMoreLimit",
    "debounce",
    "scroll",
    "locale",
    "dateFormat",
    "labels",
];

impl Options {
    /// Options from the element's data attributes, then from `object`.
    pub fn read(element: &HtmlElement, object: &JsValue) -> Result<Options, String> {
        let mut options = Options::default();
        // The page's language is the natural default for dates and numbers.
        if let Some(lang) = element.owner_document().and_then(|d| d.document_element()).map(|e| e.get_attribute("lang"))
        {
            options.locale = lang.filter(|l| !l.is_empty()).map_or(JsValue::UNDEFINED, |l| JsValue::from_str(&l));
        }
        let dataset = element.dataset();
        let data = Object::entries(dataset.unchecked_ref());
        for entry in data.iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let value = entry.get(1);
            if key == "tagsift" {
                if let Some(url) = value.as_string().filter(|s| !s.is_empty()) {
                    options.index = url;
                }
            } else if let Some(rest) = key.strip_prefix("tagsift") {
                // data-tagsift-per-page → dataset.tagsiftPerPage → perPage
                let mut chars = rest.chars();
                let option: String = chars.next().map(|c| c.to_ascii_lowercase()).into_iter().chain(chars).collect();
                options.set(&option, &value).map_err(|e| format!("data-tagsift-{}: {e}", kebab(&option)))?;
            }
        }
        if object.is_object() {
            let object: &Object = object.unchecked_ref();
            for key in Object::keys(object).iter() {
                let key = key.as_string().unwrap_or_default();
                let value = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
                if !value.is_undefined() {
                    options.set(&key, &value).map_err(|e| format!("option `{key}`: {e}"))?;
                }
            }
        } else if !object.is_undefined() && !object.is_null() {
            return Err("the options must be an object".into());
        }
        if !options.per_page_choices.contains(&options.per_page) {
            options.per_page_choices.push(options.per_page);
            options.per_page_choices.sort_unstable();
        }
        Ok(options)
    }

    fn set(&mut self, key: &str, value: &JsValue) -> Result<(), String> {
        match key {
            "index" => self.index = string(value)?,
            "urlState" => {
                self.url_state = match string(value)?.as_str() {
                    "query" => UrlState::Query,
                    "hash" => UrlState::Hash,
                    "off" | "false" => UrlState::Off,
                    other => return Err(format!("expected query, hash or off, not `{other}`")),
                }
            }
            "paging" => {
                self.paging = match string(value)?.as_str() {
                    "pages" => Paging::Pages,
                    "load-more" => Paging::LoadMore,
                    other => return Err(format!("expected pages or load-more, not `{other}`")),
                }
            }
            "perPage" => self.per_page = number(value, 1, MAX_PER_PAGE)?,
            "perPageChoices" => {
                let list: Result<Vec<u32>, String> = match value.dyn_ref::<js_sys::Array>() {
                    Some(array) => array.iter().map(|v| number(&v, 1, MAX_PER_PAGE)).collect(),
                    None => string(value)?
                        .split(',')
                        .map(|v| number(&JsValue::from_str(v.trim()), 1, MAX_PER_PAGE))
                        .collect(),
                };
                self.per_page_choices = list?;
            }
            "sort" => self.sort = Some(string(value)?.parse::<Sort>().map_err(|e| e.to_string())?),
            "tagLimit" => self.tag_limit = number(value, 1, 1000)?,
            "categoryLimit" => self.category_limit = number(value, 1, 1000)?,
            "authorLimit" => self.author_limit = number(value, 1, 1000)?,
            "showMoreLimit" => self.show_more_limit = number(value, 1, 10_000)?,
            "debounce" => self.debounce = number(value, 0, 10_000)?,
            "scroll" => {
                self.scroll = match value.as_bool() {
                    Some(b) => b,
                    None => string(value)? != "false",
                }
            }
            "locale" => self.locale = value.clone(),
            "dateFormat" => self.date_format = value.clone(),
            "labels" => self.set_labels(value)?,
            _ => return Err(format!("unknown option; expected one of {}", KEYS.join(", "))),
        }
        Ok(())
    }

    fn set_labels(&mut self, value: &JsValue) -> Result<(), String> {
        let object: &Object = value.dyn_ref().ok_or("expected an object of strings")?;
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            let v = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
            if let Some(plural) = self.labels.plural_mut(&key) {
                // A string for every count, or { one, other, few, ... }.
                if let Some(text) = v.as_string() {
                    *plural = crate::ui::labels::Plural::invariant(&text);
                } else if let Some(forms) = v.dyn_ref::<Object>() {
                    for category in Object::keys(forms).iter() {
                        let category = category.as_string().unwrap_or_default();
                        let text = Reflect::get(forms, &JsValue::from_str(&category)).ok().and_then(|t| t.as_string());
                        plural.set(&category, text.ok_or(format!("labels.{key}.{category} must be a string"))?);
                    }
                } else {
                    return Err(format!("labels.{key} must be a string or an object of plural forms"));
                }
            } else {
                let text = v.as_string().ok_or(format!("labels.{key} must be a string"))?;
                if !self.labels.set(&key, text) {
                    let known: Vec<&str> = Labels::keys().collect();
                    return Err(format!("unknown label `{key}`; expected one of {}", known.join(", ")));
                }
            }
        }
        Ok(())
    }
}

fn string(value: &JsValue) -> Result<String, String> {
    value.as_string().ok_or_else(|| "expected a string".into())
}

/// A whole number in `min..=max`, given as a number or a string (data attributes).
fn number(value: &JsValue, min: u32, max: u32) -> Result<u32, String> {
    // Strings are parsed as integers: float parsing would add its tables to the wasm.
    let n = match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Some(n as u32),
        Some(_) => None,
        None => value.as_string().and_then(|s| s.trim().parse::<u32>().ok()),
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("expected a whole number from {min} to {max}")),
    }
}

fn kebab(camel: &str) -> String {
    camel
        .chars()
        .flat_map(|c| if c.is_ascii_uppercase() { vec!['-', c.to_ascii_lowercase()] } else { vec![c] })
        .collect()
}
