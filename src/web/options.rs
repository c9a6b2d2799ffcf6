//! The widget's options from the `mount` options object and the element's
//! `data-tagsift-*` attributes (the object wins), read into [`ui::options::Options`]
//! plus what the platform itself takes: the locale and the date format.

use crate::ui::options::{concat, Options};
use crate::web::js;
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
            match key.as_str() {
                _ if value.is_undefined() => {}
                "locale" => locale = value,
                "dateFormat" => date_format = value,
                _ => ui.set(&key, &js::read(&value)).map_err(|e| concat(&["option `", &key, "`: ", &e]))?,
            }
        }
    } else if !object.is_undefined() && !object.is_null() {
        return Err("the options must be an object".into());
    }
    Ok(WebOptions { ui: ui.finish(), locale, date_format })
}
