//! Numbers, dates and plurals in the reader's language, by the platform's `Intl`.

use crate::model::Date;
use crate::ui::format::{English, Format};
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

pub struct IntlFormat {
    number: Function,
    date: Function,
    plural: Intl::PluralRules,
}

impl IntlFormat {
    /// `locales`: a tag, a list of tags, or undefined for the browser's own.
    /// `date_options`: `Intl.DateTimeFormat` options, or undefined for "Apr 3, 2026" style.
    pub fn new(locales: &JsValue, date_options: &JsValue) -> IntlFormat {
        let locales: Array = if locales.is_undefined() || locales.is_null() {
            Array::new()
        } else if Array::is_array(locales) {
            locales.clone().into()
        } else {
            Array::of1(locales)
        };
        let date_options: Object = if date_options.is_object() {
            date_options.clone().into()
        } else {
            let o = Object::new();
            for (k, v) in [("year", "numeric"), ("month", "short"), ("day", "numeric")] {
                let _ = Reflect::set(&o, &k.into(), &v.into());
            }
            o
        };
        // Dates are calendar days: format them in UTC so no time zone shifts the day.
        let _ = Reflect::set(&date_options, &"timeZone".into(), &"UTC".into());
        IntlFormat {
            number: Intl::NumberFormat::new(&locales, &Object::new()).format(),
            date: Intl::DateTimeFormat::new(&locales, &date_options).format(),
            plural: Intl::PluralRules::new(&locales, &Object::new()),
        }
    }
}

impl Format for IntlFormat {
    fn number(&self, n: u32) -> String {
        self.number
            .call1(&JsValue::NULL, &n.into())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| English.number(n))
    }

    fn date(&self, date: Date) -> String {
        let millis = f64::from(date.0) * 86_400_000.0;
        let value = js_sys::Date::new(&millis.into());
        self.date.call1(&JsValue::NULL, &value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| English.date(date))
    }

    fn plural(&self, n: u32) -> String {
        self.plural.select(f64::from(n)).as_string().unwrap_or_else(|| English.plural(n))
    }
}
