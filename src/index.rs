//! The stored index: what `tagsift index` writes and the engine reads, as one serde schema.
//!
//! Strings that repeat (tags, authors, categories) are stored once in sorted dictionaries
//! and referenced by their position; articles are stored newest first, so the default
//! order is the stored order; every tag has a posting list of article positions.

use crate::ascii::{digits, digits64};
use crate::hash::{FastMap, FastSet};
use crate::model::{slugify, Article, Date};
use core::fmt;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// Position of an article in [`Index::articles`] (0 = newest).
pub type DocId = u32;

/// A whole corpus, interned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Distinct tags in ascending code-point order; a tag's id is its position.
    pub tags: Vec<String>,
    /// Distinct authors in ascending code-point order.
    pub authors: Vec<String>,
    /// Distinct categories in ascending code-point order.
    pub categories: Vec<String>,
    /// Newest first; undated articles last. Ties: title, then URL.
    pub articles: Vec<Record>,
    /// `postings[t]`: ascending positions of the articles tagged `tags[t]`.
    pub postings: Vec<Postings>,
}

/// One article with its strings interned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub title: String,
    /// 0: the id is `slugify(title)`; n ≥ 2: the id is `slugify(title)-n`.
    pub id_suffix: u32,
    pub url: Option<String>,
    pub author: Option<u32>,
    pub date: Option<Date>,
    pub category: Option<u32>,
    pub summary: String,
    /// Tag ids in the article's own order.
    pub tags: Vec<u32>,
    pub likes: Option<u32>,
    pub read_minutes: Option<u32>,
}

impl Record {
    /// The article's stable id.
    pub fn id(&self) -> String {
        suffixed(slugify(&self.title), self.id_suffix)
    }
}

/// `slug`, or `slug-n` for a suffix n ≥ 2.
fn suffixed(slug: String, suffix: u32) -> String {
    match suffix {
        0 => slug,
        n => [slug.as_str(), "-", &digits(n)].concat(),
    }
}

/// A strictly ascending list of article positions, stored as gaps so that postcard's
/// varints keep dense lists at about one byte per entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Postings(pub Vec<DocId>);

impl Serialize for Postings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        let mut prev = 0;
        for &id in &self.0 {
            seq.serialize_element(&(id - prev))?;
            prev = id;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Postings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Gaps;
        impl<'de> Visitor<'de> for Gaps {
            type Value = Postings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of gaps between article positions")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Postings, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                let mut at = 0u32;
                while let Some(gap) = seq.next_element::<u32>()? {
                    at = at.checked_add(gap).ok_or_else(|| serde::de::Error::custom("posting list overflows u32"))?;
                    ids.push(at);
                }
                Ok(Postings(ids))
            }
        }
        deserializer.deserialize_seq(Gaps)
    }
}

/// The article a record stands for, its ids looked up in the dictionaries (which the
/// caller has checked cover them).
pub fn materialize(r: &Record, tags: &[String], authors: &[String], categories: &[String]) -> Article {
    Article {
        id: r.id(),
        title: r.title.clone(),
        url: r.url.clone(),
        author: r.author.map(|a| authors[a as usize].clone()),
        date: r.date,
        category: r.category.map(|c| categories[c as usize].clone()),
        summary: r.summary.clone(),
        tags: r.tags.iter().map(|&t| tags[t as usize].clone()).collect(),
        likes: r.likes,
        read_minutes: r.read_minutes,
    }
}

/// Why a decoded index cannot be used: its parts disagree with each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidIndex(pub String);

impl InvalidIndex {
    pub fn message(&self) -> String {
        ["the index is inconsistent: ", &self.0].concat()
    }
}

impl fmt::Display for InvalidIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for InvalidIndex {}

impl Index {
    /// Interns, orders and indexes `articles`. The result depends only on the set of
    /// articles given, not on their order, so the same input gives the same bytes.
    /// Ids are derived from titles and made unique; tags repeated within one article
    /// are kept once.
    pub fn build(articles: Vec<Article>) -> Index {
        // The order, by position in `articles` (moving the articles themselves would
        // take a copy of half of them).
        let mut order: Vec<u32> = (0..articles.len() as u32).collect();
        order.sort_unstable_by(|&x, &y| {
            let (a, b) = (&articles[x as usize], &articles[y as usize]);
            (b.date.is_some(), b.date)
                .cmp(&(a.date.is_some(), a.date))
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.url.cmp(&b.url))
                .then_with(|| a.summary.cmp(&b.summary))
                .then(x.cmp(&y))
        });
        // Each dictionary sorted, with each name's id.
        let dict = |pick: &dyn Fn(&Article) -> Vec<&str>| -> (Vec<String>, FastMap<String, u32>) {
            let set: FastSet<&str> = articles.iter().flat_map(pick).collect();
            let mut names: Vec<String> = set.into_iter().map(str::to_owned).collect();
            names.sort_unstable();
            let ids = names.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
            (names, ids)
        };
        let (tags, tag_ids_of) = dict(&|a| a.tags.iter().map(String::as_str).collect());
        let (authors, author_ids) = dict(&|a| a.author.as_deref().into_iter().collect());
        let (categories, category_ids) = dict(&|a| a.category.as_deref().into_iter().collect());

        // Ids in use, by a hash of each (the record it belongs to says which id it is:
        // a hash that matches is checked against it), and the rare ids whose hash
        // another id has already.
        let mut used: FastMap<u64, u32> = FastMap::default();
        let mut used_beside: FastSet<String> = FastSet::default();
        let hash_of = |id: &str| {
            let mut h = crate::hash::FastHasher::default();
            std::hash::Hasher::write(&mut h, id.as_bytes());
            // The unit tests keep four hashes only, so that different ids share them.
            std::hash::Hasher::finish(&h) & if cfg!(test) { 3 } else { u64::MAX }
        };
        // Next suffix to try per slug that repeats, so that k repeats of a title cost
        // O(k), not O(k²) (a slug seen once needs no entry).
        let mut next_suffix: FastMap<String, u32> = FastMap::default();
        let mut postings = vec![Postings::default(); tags.len()];
        // The articles in their order, moved in place (cycle by cycle); each becomes its
        // record in the same allocation (a record is smaller than an article).
        let mut articles = articles;
        let mut placed = vec![false; articles.len()];
        for start in 0..articles.len() {
            let mut at = start;
            while !placed[at] {
                placed[at] = true;
                let from = order[at] as usize;
                if from == start {
                    break;
                }
                articles.swap(at, from);
                at = from;
            }
        }
        drop((order, placed));
        // Each article's id suffix, in order; a hash that matches an earlier id is
        // checked against that article's own.
        let mut suffixes: Vec<u32> = Vec::with_capacity(articles.len());
        for (pos, a) in articles.iter().enumerate() {
            let slug = slugify(&a.title);
            let mut id_suffix = next_suffix.get(&slug).copied().unwrap_or(0);
            loop {
                let id = suffixed(slug.clone(), id_suffix);
                let hash = hash_of(&id);
                let taken = match used.get(&hash) {
                    Some(&p) => {
                        let other = suffixed(slugify(&articles[p as usize].title), suffixes[p as usize]);
                        other == id || used_beside.contains(&id)
                    }
                    None => false,
                };
                if !taken {
                    match used.entry(hash) {
                        std::collections::hash_map::Entry::Occupied(_) => {
                            used_beside.insert(id);
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(pos as u32);
                        }
                    }
                    break;
                }
                id_suffix = id_suffix.max(1) + 1;
            }
            if id_suffix > 0 || next_suffix.contains_key(&slug) {
                next_suffix.insert(slug, id_suffix.max(1) + 1);
            }
            suffixes.push(id_suffix);
        }
        drop((used, used_beside, next_suffix));
        // The records, in the articles' own allocation.
        let records: Vec<Record> = articles
            .into_iter()
            .enumerate()
            .map(|(pos, a)| {
                let mut tag_ids: Vec<u32> = Vec::with_capacity(a.tags.len());
                for t in &a.tags {
                    let id = tag_ids_of[t.as_str()];
                    if !tag_ids.contains(&id) {
                        tag_ids.push(id);
                        postings[id as usize].0.push(pos as DocId);
                    }
                }
                Record {
                    title: a.title,
                    id_suffix: suffixes[pos],
                    url: a.url,
                    author: a.author.as_deref().map(|s| author_ids[s]),
                    date: a.date,
                    category: a.category.as_deref().map(|s| category_ids[s]),
                    summary: a.summary,
                    tags: tag_ids,
                    likes: a.likes,
                    read_minutes: a.read_minutes,
                }
            })
            .collect();
        Index { tags, authors, categories, articles: records, postings }
    }

    /// The article at `pos`, with its strings resolved.
    ///
    /// # Panics
    /// If `pos` is out of range. Indexes from [`crate::blob::decode`] are validated,
    /// so every id inside them resolves.
    pub fn article(&self, pos: DocId) -> Article {
        materialize(&self.articles[pos as usize], &self.tags, &self.authors, &self.categories)
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Checks every invariant the engine relies on, so that no id can be out of range
    /// and no posting list can disagree with the articles. Runs in time linear in the
    /// index size.
    pub fn validate(&self) -> Result<(), InvalidIndex> {
        let bad = |pieces: &[&str]| Err(InvalidIndex(pieces.concat()));
        let num = |n: usize| digits64(n as u64);
        for (name, dict) in [("tags", &self.tags), ("authors", &self.authors), ("categories", &self.categories)] {
            if let Some(w) = dict.windows(2).find(|w| w[0] >= w[1]) {
                return bad(&["the ", name, " dictionary is not strictly sorted at `", &w[1], "`"]);
            }
        }
        if self.postings.len() != self.tags.len() {
            return bad(&[&num(self.postings.len()), " posting lists for ", &num(self.tags.len()), " tags"]);
        }
        let n = self.articles.len();
        if u32::try_from(n).is_err() {
            return bad(&[&num(n), " articles is more than the format allows"]);
        }
        let mut tagged = 0usize;
        for (pos, r) in self.articles.iter().enumerate() {
            let in_range = |id: Option<u32>, len: usize| id.is_none_or(|i| (i as usize) < len);
            if !in_range(r.author, self.authors.len()) || !in_range(r.category, self.categories.len()) {
                return bad(&["article ", &num(pos), " names an author or category that does not exist"]);
            }
            for (k, &t) in r.tags.iter().enumerate() {
                if t as usize >= self.tags.len() || r.tags[..k].contains(&t) {
                    return bad(&["article ", &num(pos), " has an unknown or repeated tag id ", &digits(t)]);
                }
            }
            if r.id_suffix == 1 {
                return bad(&["article ", &num(pos), " has id suffix 1"]);
            }
            tagged += r.tags.len();
        }
        let mut listed = 0usize;
        for (t, list) in self.postings.iter().enumerate() {
            if list.0.windows(2).any(|w| w[0] >= w[1]) {
                return bad(&["the posting list of tag `", &self.tags[t], "` is not ascending"]);
            }
            for &pos in &list.0 {
                let holds = self.articles.get(pos as usize).is_some_and(|r| r.tags.contains(&(t as u32)));
                if !holds {
                    return bad(&[
                        "the posting list of tag `",
                        &self.tags[t],
                        "` names article ",
                        &digits(pos),
                        ", which lacks it",
                    ]);
                }
            }
            listed += list.0.len();
        }
        if listed != tagged {
            return bad(&["posting lists hold ", &num(listed), " entries but articles carry ", &num(tagged), " tags"]);
        }
        Ok(())
    }

    /// Counts of articles per tag, author and category, by name, for reports.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        BTreeMap::from([
            ("articles", self.articles.len()),
            ("tags", self.tags.len()),
            ("authors", self.authors.len()),
            ("categories", self.categories.len()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(title: &str, date: Option<(i32, u32, u32)>, tags: &[&str]) -> Article {
        Article {
            date: date.and_then(|(y, m, d)| Date::from_ymd(y, m, d)),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            author: Some("Ann".into()),
            ..Article::titled(title)
        }
    }

    #[test]
    fn orders_newest_first_with_undated_last() {
        let idx = Index::build(vec![
            art("old", Some((2020, 1, 1)), &[]),
            art("none", None, &[]),
            art("new", Some((2024, 1, 1)), &[]),
        ]);
        let titles: Vec<_> = idx.articles.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["new", "old", "none"]);
        idx.validate().unwrap();
    }

    #[test]
    fn ids_stay_unique_and_exact_when_their_hashes_collide() {
        // Under test only four hashes exist: most ids share one with another.
        let titles = ["Alpha", "Beta", "Gamma", "Delta", "Alpha", "Epsilon", "Beta", "Alpha 2", "Zeta", "Eta"];
        let idx =
            Index::build(titles.iter().enumerate().map(|(i, t)| art(t, Some((2020, 1, 1 + i as u32)), &[])).collect());
        let ids: Vec<String> = idx.articles.iter().map(Record::id).collect();
        let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        for plain in ["beta", "gamma", "delta", "epsilon", "zeta", "eta"] {
            assert!(ids.iter().any(|i| i == plain), "{plain} lost its id to a hash: {ids:?}");
        }
    }

    #[test]
    fn ids_are_unique_even_when_a_suffix_collides_with_a_title() {
        let idx = Index::build(vec![
            art("X", Some((2020, 1, 3)), &[]),
            art("x", Some((2020, 1, 2)), &[]),
            art("X 2", Some((2020, 1, 1)), &[]),
        ]);
        let ids: Vec<_> = idx.articles.iter().map(Record::id).collect();
        assert_eq!(ids, ["x", "x-2", "x-2-2"]);
    }

    #[test]
    fn repeated_tags_are_kept_once_and_postings_agree() {
        let idx = Index::build(vec![art("a", Some((2020, 1, 1)), &["b", "a", "b"])]);
        assert_eq!(idx.tags, ["a", "b"]);
        assert_eq!(idx.articles[0].tags, [1, 0]);
        assert_eq!(idx.postings, [Postings(vec![0]), Postings(vec![0])]);
        assert_eq!(idx.article(0).tags, ["b", "a"]);
        idx.validate().unwrap();
    }

    #[test]
    fn validate_catches_disagreeing_parts() {
        let mut idx = Index::build(vec![art("a", Some((2020, 1, 1)), &["t"])]);
        idx.postings[0].0.clear();
        assert!(idx.validate().unwrap_err().0.contains("posting lists hold 0"));
        let mut idx = Index::build(vec![art("a", None, &["t"])]);
        idx.articles[0].author = Some(7);
        assert!(idx.validate().is_err());
    }
}
