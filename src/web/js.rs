//! JavaScript values as [`Value`]s: what the page hands over is converted once, at the
//! boundary, and read by the same platform-independent code that runs natively.

use crate::value::Value;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Objects nested deeper than this read as `null`, and values past the first
/// `MAX_VALUES` too: a page's own cyclic object (`o.self = o`, or many keys each
/// pointing back) must not recurse without end. Queries and options nest three deep
/// and hold some dozens of values.
const MAX_DEPTH: u32 = 16;
const MAX_VALUES: u32 = 10_000;

/// `value` as data: strings, numbers, booleans, arrays and plain objects' own
/// enumerable keys; anything else (a function, a symbol) is `Null`.
pub fn read(value: &JsValue) -> Value {
    let mut budget = MAX_VALUES;
    read_at(value, 0, &mut budget)
}

fn read_at(value: &JsValue, depth: u32, budget: &mut u32) -> Value {
    if *budget == 0 {
        return Value::Null;
    }
    *budget -= 1;
    if let Some(text) = value.as_string() {
        return Value::Text(text);
    }
    if let Some(n) = value.as_f64() {
        return Value::Number(n);
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if depth >= MAX_DEPTH {
        return Value::Null;
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        return Value::List(array.iter().map(|v| read_at(&v, depth + 1, budget)).collect());
    }
    if value.is_object() && !value.is_function() {
        let object: &Object = value.unchecked_ref();
        let keys = Object::keys(object);
        let fields = keys.iter().filter_map(|key| {
            let v = Reflect::get(object, &key).ok()?;
            Some((key.as_string()?, read_at(&v, depth + 1, budget)))
        });
        return Value::Object(fields.collect());
    }
    Value::Null
}
