//! The facts the engine filters, counts and sorts by, one column per fact, by engine
//! position (newest first): what a one-file index and a sharded one's filter shards
//! both provide.

use crate::index::{DocId, Index};
use crate::model::Date;

/// The names behind the ids, each list sorted by code point (an id is a position).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dicts {
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
}

impl Dicts {
    /// The ids of `names` in `dict`, `None` for a name it does not hold.
    pub fn lookup(dict: &[String], names: &[String]) -> Vec<Option<u32>> {
        names.iter().map(|s| dict.binary_search_by(|x| x.as_str().cmp(s)).ok().map(|i| i as u32)).collect()
    }
}

/// "No value" in the category and author columns.
pub const NONE: u32 = u32::MAX;

/// One value per article for every fact a query filters, counts or sorts by (all but
/// the title order and the text, which come with their own structures).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub dicts: Dicts,
    /// Dates, descending, the undated articles last.
    pub date: Vec<Option<Date>>,
    pub likes: Vec<Option<u32>>,
    pub read_minutes: Vec<Option<u32>>,
    /// Category id per article, [`NONE`] when it has none.
    pub category: Vec<u32>,
    pub author: Vec<u32>,
    /// Tags of article `d`: `tags[tag_start[d]..tag_start[d + 1]]` (`tag_start` has one
    /// entry more than there are articles).
    pub tag_start: Vec<u32>,
    pub tags: Vec<u32>,
}

impl Columns {
    /// Empty columns over `dicts`, ready for [`Columns::push`].
    pub fn with_dicts(dicts: Dicts, capacity: usize) -> Columns {
        let mut c = Columns {
            dicts,
            date: Vec::with_capacity(capacity),
            likes: Vec::with_capacity(capacity),
            read_minutes: Vec::with_capacity(capacity),
            category: Vec::with_capacity(capacity),
            author: Vec::with_capacity(capacity),
            tag_start: Vec::with_capacity(capacity + 1),
            tags: Vec::new(),
        };
        c.tag_start.push(0);
        c
    }

    /// The columns of a one-file index.
    pub fn of_index(index: &Index) -> Columns {
        let dicts =
            Dicts { tags: index.tags.clone(), authors: index.authors.clone(), categories: index.categories.clone() };
        let mut c = Columns::with_dicts(dicts, index.len());
        for r in &index.articles {
            c.push(r.date, r.likes, r.read_minutes, r.category, r.author, &r.tags);
        }
        c
    }

    /// Appends the next article (the next older one).
    pub fn push(
        &mut self,
        date: Option<Date>,
        likes: Option<u32>,
        read_minutes: Option<u32>,
        category: Option<u32>,
        author: Option<u32>,
        tags: &[u32],
    ) {
        self.date.push(date);
        self.likes.push(likes);
        self.read_minutes.push(read_minutes);
        self.category.push(category.unwrap_or(NONE));
        self.author.push(author.unwrap_or(NONE));
        self.tags.extend_from_slice(tags);
        self.tag_start.push(self.tags.len() as u32);
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.likes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.likes.is_empty()
    }

    /// The tag ids of the article at `d`.
    pub fn tags_of(&self, d: DocId) -> &[u32] {
        &self.tags[self.tag_start[d as usize] as usize..self.tag_start[d as usize + 1] as usize]
    }

    /// True when the dates descend with the undated articles last, the order the
    /// engine's date ranges rely on.
    pub fn dates_in_order(&self) -> bool {
        self.date.windows(2).all(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => a >= b,
            (None, Some(_)) => false,
            _ => true,
        })
    }
}
