//! Unicode primitives that come from the platform in the browser: the JS engine already
//! carries the normalisation and case tables, so the wasm does not ship its own copies.
//! Natively they come from `unicode-normalization` and `str::to_lowercase`. Both sides
//! implement the Unicode defaults (full lowercase mapping with Final_Sigma, NFKD).

/// Lower-cases `text` (Unicode default full case mapping).
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    platform::lowercase(text)
}

/// Compatibility decomposition (NFKD) of `text`.
pub fn nfkd(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    platform::nfkd(text)
}

#[cfg(not(browser))]
mod platform {
    pub fn lowercase(text: &str) -> String {
        text.to_lowercase()
    }

    pub fn nfkd(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfkd().collect()
    }
}

#[cfg(browser)]
mod platform {
    use js_sys::JsString;

    pub fn lowercase(text: &str) -> String {
        JsString::from(text).to_lower_case().into()
    }

    pub fn nfkd(text: &str) -> String {
        JsString::from(text).normalize("NFKD").into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_and_nfkd_follow_unicode_defaults() {
        assert_eq!(lowercase("ÉLAN Kafka"), "élan kafka");
        assert_eq!(lowercase("ΟΔΟΣ"), "οδος", "Final_Sigma, as JS toLowerCase does");
        assert_eq!(nfkd("ﬁ"), "fi");
        assert_eq!(nfkd("é").chars().count(), 2);
    }
}
