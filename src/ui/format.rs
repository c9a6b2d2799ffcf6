//! Numbers, dates and plural forms as the reader's language writes them.
//!
//! The browser formats with the platform's `Intl` (`web::format`); the prerendered view
//! uses [`English`], which writes exactly what `Intl` writes for `en` (a browser test
//! compares them), so a page in English hydrates without a single text change.
//! Nothing here uses `core::fmt`: it stays out of the wasm.

pub use crate::ascii::digits;
use crate::model::Date;
use crate::ui::labels::{fill, Plural};

/// How numbers, dates and plural categories are written.
pub trait Format {
    /// `n` with the language's digit grouping (`12,345`).
    fn number(&self, n: u32) -> String;
    /// A calendar date (`Apr 3, 2026`).
    fn date(&self, date: Date) -> String;
    /// The plural category of `n`: `zero`, `one`, `two`, `few`, `many` or `other`.
    fn plural(&self, n: u32) -> String;

    /// `label`'s form for `n`, with `{count}` filled in.
    fn count(&self, label: &Plural, n: u32) -> String {
        fill(label.pick(&self.plural(n)), &[("count", &self.number(n))])
    }
}

/// English as `Intl` writes it for `en`: `12,345`, `Apr 3, 2026`, `one` for 1 only.
pub struct English;

impl Format for English {
    fn number(&self, n: u32) -> String {
        let plain = digits(n);
        let mut out = String::with_capacity(plain.len() + plain.len() / 3);
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    fn date(&self, date: Date) -> String {
        date.to_listing()
    }

    fn plural(&self, n: u32) -> String {
        if n == 1 { "one" } else { "other" }.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_groups_digits() {
        assert_eq!(English.number(999), "999");
        assert_eq!(English.number(1000), "1,000");
        assert_eq!(English.number(1_234_567), "1,234,567");
        assert_eq!(English.number(u32::MAX), "4,294,967,295");
    }

    #[test]
    fn english_plurals_and_dates() {
        let label = Plural::new("{count} article", "{count} articles");
        assert_eq!(English.count(&label, 1), "1 article");
        assert_eq!(English.count(&label, 0), "0 articles");
        assert_eq!(English.count(&label, 1200), "1,200 articles");
        assert_eq!(English.date(Date::from_ymd(2026, 4, 3).unwrap()), "Apr 3, 2026");
    }
}
