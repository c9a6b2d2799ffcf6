//! A JavaScript value as data: what the page hands the wasm (the widget's options, a
//! query) and what a data attribute holds, read by platform-independent code
//! ([`crate::engine::Query::from_value`], [`crate::ui::options::Options::set`]), so
//! that the same reading runs natively in the tests and the fuzzer. The browser
//! converts its values once (`web::js`).

/// A JSON-like value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` or `undefined` (and anything a page cannot mean: a function, a symbol).
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Value>),
    /// Keys in the object's order.
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value of `key` in an object (`Null` when absent or not an object).
    pub fn get(&self, key: &str) -> &Value {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map_or(&Value::Null, |(_, v)| v),
            _ => &Value::Null,
        }
    }

    /// A whole number from 0 to `u32::MAX`.
    pub fn whole(&self) -> Option<u32> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n) => Some(*n as u32),
            _ => None,
        }
    }
}

#[cfg(feature = "cli")]
impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
            J::String(s) => Value::Text(s.clone()),
            J::Array(items) => Value::List(items.iter().map(Value::from).collect()),
            J::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from(v))).collect()),
        }
    }
}
