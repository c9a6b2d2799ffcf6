//! Which article URLs become links.

/// `url` as a link target when it is `http:` or `https:`, or relative (no scheme);
/// `None` for `javascript:`, `data:`, `vbscript:` and every other scheme.
///
/// The scheme is read as a browser's URL parser reads it: leading and trailing spaces
/// and control characters are ignored and tabs and newlines inside are dropped, so
/// `" java\tscript:"` is `javascript:`. The link is the URL so cleaned, unresolved:
/// the prerendered page and the browser write the same `href`.
pub fn safe_href(url: &str) -> Option<String> {
    let cleaned: String =
        url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if cleaned.is_empty() {
        return None;
    }
    match scheme(&cleaned) {
        None => Some(cleaned),
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => Some(cleaned),
        Some(_) => None,
    }
}

/// The scheme of `url` (`http` of `http://…`), `None` for a relative URL.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let scheme = &url[..end];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `a:b` with a scheme-like prefix is a scheme; anything else before `:` (`ü:x`)
    // makes the browser fail to parse it as absolute: not a link either.
    if valid {
        Some(scheme)
    } else {
        Some("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_relative_urls_are_links() {
        assert_eq!(safe_href("https://example.com/a?b=<c>").as_deref(), Some("https://example.com/a?b=<c>"));
        assert_eq!(safe_href("HTTP://example.com").as_deref(), Some("HTTP://example.com"));
        assert_eq!(safe_href("/posts/a/").as_deref(), Some("/posts/a/"));
        assert_eq!(safe_href("posts/a").as_deref(), Some("posts/a"));
        assert_eq!(safe_href("//cdn.example.com/x").as_deref(), Some("//cdn.example.com/x"));
        assert_eq!(safe_href("?page=2#top").as_deref(), Some("?page=2#top"));
        assert_eq!(safe_href("  /a/b  ").as_deref(), Some("/a/b"));
        assert_eq!(safe_href("/a:b").as_deref(), Some("/a:b"));
    }

    #[test]
    fn other_schemes_are_not() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " VBScript:msgbox(1)",
            "java\tscript:alert(5)",
            "java\nscript:alert(5)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(3)</script>",
            "mailto:a@b.c",
            "file:///etc/passwd",
            "ü:x",
            "",
            "   ",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }
}
