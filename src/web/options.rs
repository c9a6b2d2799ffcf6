//! The widget's options from the `mount` options object and the element's
//! `data-tagsift-*` attributes (the object wins), read into [`ui::options::Options`]
//! plus what the platform itself takes: the locale and the date format.

use crate::ui::labels::{Labels, Plural};
use crate::ui::options::{concat, Options, Value};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

pub struct WebOptions {
    pub ui: Options,
    /// BCP 47 language tag(s) for numbers, dates and plurals.
    pub locale: JsValue,
    /// `Intl.DateTimeFormat` options for article dates.
    pub date_format: JsValue,
}

/// Options from the element's data attributes, then from `object`.
pub fn read(element: &HtmlElement, object: &JsValue) -> Result<WebOptions, String> {
    let mut ui = Options::default();
    // The page's language is the natural default for dates and numbers.
    let lang = element.owner_document().and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang"));
    let mut locale = lang.filter(|l| !l.is_empty()).map_or(JsValue::UNDEFINED, |l| JsValue::from_str(&l));
    let mut date_format = JsValue::UNDEFINED;
    for name in element.get_attribute_names().iter() {
        let name = name.as_string().unwrap_or_default();
        let value = element.get_attribute(&name).unwrap_or_default();
        if name == "data-tagsift-locale" {
            locale = JsValue::from_str(&value);
        }
        ui.set_attribute(&name, &value)?;
    }
    if object.is_object() {
        let object: &Object = object.unchecked_ref();
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            let value = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
            if value.is_undefined() {
                continue;
            }
            let set = match key.as_str() {
                "locale" => {
                    locale = value;
                    Ok(())
                }
                "dateFormat" => {
                    date_format = value;
                    Ok(())
                }
                "labels" => set_labels(&mut ui.labels, &value),
                _ => {
                    let text = value.as_string();
                    ui.set(&key, &to_value(&value, text.as_deref()))
                }
            };
            set.map_err(|e| concat(&["option `", &key, "`: ", &e]))?;
        }
    } else if !object.is_undefined() && !object.is_null() {
        return Err("the options must be an object".into());
    }
    Ok(WebOptions { ui: ui.finish(), locale, date_format })
}

/// A JS value as an option value; `text` is its string, if it is one.
fn to_value<'a>(value: &JsValue, text: Option<&'a str>) -> Value<'a> {
    if let Some(text) = text {
        Value::Text(text)
    } else if let Some(n) = value.as_f64() {
        Value::Number(n)
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        // Lists hold numbers (`perPageChoices`); strings in them are read as text.
        Value::List(array.iter().map(|v| v.as_f64().map_or(Value::Other, Value::Number)).collect())
    } else {
        Value::Other
    }
}

fn set_labels(labels: &mut Labels, value: &JsValue) -> Result<(), String> {
    let object: &Object = value.dyn_ref().ok_or("expected an object of strings")?;
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        let v = Reflect::get(object, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        if let Some(plural) = labels.plural_mut(&key) {
            // A string for every count, or { one, other, few, ... }.
            if let Some(text) = v.as_string() {
                *plural = Plural::invariant(&text);
            } else if let Some(forms) = v.dyn_ref::<Object>() {
                for category in Object::keys(forms).iter() {
                    let category = category.as_string().unwrap_or_default();
                    let text = Reflect::get(forms, &JsValue::from_str(&category)).ok().and_then(|t| t.as_string());
                    let text = text.ok_or_else(|| concat(&["labels.", &key, ".", &category, " must be a string"]))?;
                    plural.set(&category, text);
                }
            } else {
                return Err(concat(&["labels.", &key, " must be a string or an object of plural forms"]));
            }
        } else {
            let text = v.as_string().ok_or_else(|| concat(&["labels.", &key, " must be a string"]))?;
            if !labels.set(&key, text) {
                let known: Vec<&str> = Labels::keys().collect();
                return Err(concat(&["unknown label `", &key, "`; expected one of ", &known.join(", ")]));
            }
        }
    }
    Ok(())
}
