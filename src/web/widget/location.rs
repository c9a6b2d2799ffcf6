//! The widget's query in the address bar (`?…` or `#…`), through the History API.

use super::DomResult;
use crate::engine::Query;
use crate::ui::options::UrlState;
use crate::ui::url_params::{from_params, to_params, KEYS};
use wasm_bindgen::JsValue;
use web_sys::{UrlSearchParams, Window};

/// The parameters part of the current address for `mode` (without `?` or `#`).
fn current(window: &Window, mode: UrlState) -> DomResult<String> {
    let location = window.location();
    let raw = match mode {
        UrlState::Query => location.search()?,
        UrlState::Hash => location.hash()?,
        UrlState::Off => String::new(),
    };
    Ok(raw.trim_start_matches(['?', '#']).to_string())
}

/// The query the address describes, on top of the widget's `defaults`.
pub fn read(window: &Window, mode: UrlState, defaults: &Query) -> DomResult<Query> {
    if mode == UrlState::Off {
        return Ok(defaults.clone());
    }
    let params = UrlSearchParams::new_with_str(&current(window, mode)?)?;
    let mut pairs = Vec::new();
    for key in KEYS {
        for value in params.get_all(key).iter() {
            pairs.push((key, value.as_string().unwrap_or_default()));
        }
    }
    Ok(from_params(pairs, defaults))
}

/// The address for `query`: the current one with the widget's parameters replaced
/// and every other parameter kept.
pub fn href(window: &Window, mode: UrlState, query: &Query, defaults: &Query) -> DomResult<String> {
    let location = window.location();
    let params = UrlSearchParams::new_with_str(&current(window, mode)?)?;
    for key in KEYS {
        params.delete(key);
    }
    for (key, value) in to_params(query, defaults) {
        params.append(key, &value);
    }
    let encoded: String = params.to_string().into();
    let path = location.pathname()?;
    Ok(match mode {
        UrlState::Query => {
            let mark = if encoded.is_empty() { "" } else { "?" };
            [path.as_str(), mark, &encoded, &location.hash()?].concat()
        }
        UrlState::Hash | UrlState::Off => {
            let mark = if encoded.is_empty() { "" } else { "#" };
            [path.as_str(), &location.search()?, mark, &encoded].concat()
        }
    })
}

/// How a change enters the session history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A new step that Back returns from.
    Push,
    /// An update of the current step (typing more of the same query).
    Replace,
}

/// Records `query` in the address bar; no-op when the address would not change.
pub fn write(window: &Window, mode: UrlState, query: &Query, defaults: &Query, entry: Entry) -> DomResult {
    if mode == UrlState::Off {
        return Ok(());
    }
    let url = href(window, mode, query, defaults)?;
    let location = window.location();
    if url == [location.pathname()?, location.search()?, location.hash()?].concat() {
        return Ok(());
    }
    let history = window.history()?;
    match entry {
        Entry::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        Entry::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    }
}
