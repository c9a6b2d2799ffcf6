//! Facet lists from counts: which values are shown, in which order, and how many exist.

use super::keys;
use super::query::{Facet, FacetValue};
use super::text;

/// Facet counts within one set of articles (the articles of one tag, say), as
/// `(id, count)` pairs ascending by id, non-zero counts only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Within {
    pub tags: Vec<(u32, u32)>,
    pub categories: Vec<(u32, u32)>,
    pub authors: Vec<(u32, u32)>,
}

/// `pairs` as one count per id, `0..len`.
pub fn dense(pairs: &[(u32, u32)], len: usize) -> Vec<u32> {
    let mut counts = vec![0u32; len];
    for &(id, count) in pairs {
        if let Some(c) = counts.get_mut(id as usize) {
            *c += count;
        }
    }
    counts
}

/// A facet from per-value counts: values with a count or chosen (selected or
/// excluded), by count descending then name; the first `limit`, then chosen ones
/// beyond it, then chosen values the index does not know (count 0, in query order).
/// Only the values kept are cloned: the rest are ranked by (count, id), the same
/// order as (count, name) because dictionaries are sorted.
///
/// With a non-empty `search`, only names whose folded form contains its folded form
/// are listed or counted in `distinct`, chosen ones included.
pub fn facet(
    names: &[String],
    counts: &[u32],
    selected: &[String],
    excluded: &[String],
    limit: usize,
    search: &str,
) -> Facet {
    let needle = text::fold(search.trim());
    let shown = |name: &str| needle.is_empty() || text::fold(name).contains(&needle);
    // Chosen values as ids, so the scan over every value compares integers, not names.
    let chosen_ids: Vec<u32> =
        selected.iter().chain(excluded).filter_map(|name| names.binary_search(name).ok().map(|i| i as u32)).collect();
    let chosen = |i: u32| chosen_ids.contains(&i);
    let ranked: Vec<u64> = counts
        .iter()
        .enumerate()
        .filter(|&(i, &c)| (c > 0 || chosen(i as u32)) && shown(&names[i]))
        .map(|(i, &c)| keys::pack(u32::MAX - c, i as u32))
        .collect();
    // Selected or excluded values unknown to the index come last, with count 0.
    let mut unknown: Vec<&String> = Vec::new();
    for name in selected.iter().chain(excluded) {
        if names.binary_search(name).is_err() && !unknown.contains(&name) && shown(name) {
            unknown.push(name);
        }
    }
    let distinct = (ranked.len() + unknown.len()) as u32;
    // The first `limit` by rank, then chosen values past the limit, in rank order.
    let mut kept = keys::smallest(&ranked, limit);
    let cut = if kept.len() == limit { kept.last().copied() } else { None };
    let mut past: Vec<u64> =
        ranked.iter().copied().filter(|&k| cut.is_some_and(|c| k > c) && chosen(keys::low(k))).collect();
    past.sort_unstable();
    kept.extend(past);
    let value = |name: &String, count: u32| FacetValue {
        value: name.clone(),
        count,
        selected: selected.contains(name),
        excluded: excluded.contains(name),
    };
    let mut values: Vec<FacetValue> =
        kept.iter().map(|&k| value(&names[keys::low(k) as usize], u32::MAX - keys::high(k))).collect();
    values.extend(unknown.into_iter().map(|name| value(name, 0)));
    Facet { values, distinct }
}
