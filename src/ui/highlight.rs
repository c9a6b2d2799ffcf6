//! Marking the words of a text query in a field, by the rules the engine matched it with.

use crate::engine::text::{self, is_cjk};
use core::ops::Range;

/// The byte ranges of `field` to mark for the text query `query`: words that equal a
/// query word, start with the last query word, or are within one typo of a long one
/// (see [`text::matches`]); in CJK runs, the characters of matching bigrams.
/// Ranges are sorted and merged; they always fall on character boundaries of `field`.
pub fn highlight(field: &str, query: &str) -> Vec<Range<usize>> {
    let words = text::terms(&text::fold(query));
    if words.is_empty() {
        return Vec::new();
    }
    let word_chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
    let hits = |term: &str| {
        words.iter().enumerate().any(|(i, w)| text::matches(w, &word_chars[i], term, i + 1 == words.len()).is_some())
    };
    let mut marks: Vec<Range<usize>> = Vec::new();
    let mut push = |r: Range<usize>| match marks.last_mut() {
        Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
        _ => marks.push(r),
    };
    // Segments of the original text: alphanumeric words and CJK runs, with byte offsets.
    let mut chars = field.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_cjk(c) {
            let mut run = vec![(start, c)];
            while let Some(&(i, d)) = chars.peek().filter(|(_, d)| is_cjk(*d)) {
                run.push((i, d));
                chars.next();
            }
            let end_of = |k: usize| run.get(k + 1).map_or(start_of_next(field, &run), |&(i, _)| i);
            if run.len() == 1 {
                if hits(&text::fold(&c.to_string())) {
                    push(start..end_of(0));
                }
                continue;
            }
            for k in 0..run.len() - 1 {
                let bigram: String = [run[k].1, run[k + 1].1].iter().collect();
                if hits(&text::fold(&bigram)) {
                    push(run[k].0..end_of(k + 1));
                }
            }
        } else if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek().filter(|(_, d)| d.is_alphanumeric() && !is_cjk(*d)) {
                end = i + d.len_utf8();
                chars.next();
            }
            // Folding may split a word (`ﬁ` → `fi`, `½` → `1⁄2`): any of its terms counts.
            if text::terms(&text::fold(&field[start..end])).iter().any(|t| hits(t)) {
                push(start..end);
            }
        }
    }
    marks
}

fn start_of_next(field: &str, run: &[(usize, char)]) -> usize {
    run.last().map_or(field.len(), |&(i, c)| i + c.len_utf8())
}

/// `field` cut into `(text, marked)` pieces by [`highlight`], for rendering.
pub fn pieces<'a>(field: &'a str, query: &str) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in highlight(field, query) {
        if r.start > at {
            out.push((&field[at..r.start], false));
        }
        out.push((&field[r.clone()], true));
        at = r.end;
    }
    if at < field.len() || out.is_empty() {
        out.push((&field[at..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(field: &str, query: &str) -> Vec<String> {
        highlight(field, query).into_iter().map(|r| field[r].to_string()).collect()
    }

    #[test]
    fn marks_whole_words_prefixes_and_typos() {
        assert_eq!(marked("Apache Kafka 4.1: what's new", "kafka"), ["Kafka"]);
        assert_eq!(marked("Streaming with Kafka Streams", "kafka stre"), ["Streaming", "Kafka", "Streams"]);
        assert_eq!(marked("Kubernetes operators", "kubernets"), ["Kubernetes"]);
        assert_eq!(marked("go, Go and GO", "go"), ["go", "Go", "GO"]);
        assert!(marked("nothing here", "kafka").is_empty());
        assert!(marked("anything", "  ").is_empty());
    }

    #[test]
    fn folds_like_the_engine() {
        assert_eq!(marked("Café society", "cafe"), ["Café"]);
        assert_eq!(marked("real‑world e‑commerce", "real-world"), ["real", "world"]);
    }

    #[test]
    fn marks_cjk_bigrams_on_character_boundaries() {
        assert_eq!(marked("泡姆泡姆 is a band", "泡姆"), ["泡姆泡姆"]);
        assert_eq!(marked("你好世界", "世界"), ["世界"]);
    }

    #[test]
    fn pieces_cover_the_field_exactly() {
        let field = "Kafka at scale, Kafka in practice";
        let p = pieces(field, "kafka");
        assert_eq!(p.iter().map(|(s, _)| *s).collect::<String>(), field);
        assert_eq!(p.iter().filter(|(_, m)| *m).count(), 2);
        assert_eq!(pieces("", "x"), [("", false)]);
    }
}
