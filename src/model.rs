//! The one schema: [`Article`] as the importers produce it and the engine returns it,
//! and [`Date`], a calendar date without a time zone.

use crate::ascii::{digits, padded};
use core::fmt;
use serde::{Deserialize, Serialize};

/// A calendar date, stored as days since 1970-01-01 (negative before it).
///
/// Valid for years 1..=9999; conversions use the proleptic Gregorian calendar.
///
/// Serialised as the day number in binary formats (postcard) and as ISO `YYYY-MM-DD`
/// in human-readable ones (JSON, JavaScript values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.to_iso())
        } else {
            s.serialize_i32(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            Date::parse_iso(&s)
                .ok_or_else(|| serde::de::Error::custom(format_args!("`{s}` is not a date like 2026-04-03")))
        } else {
            i32::deserialize(d).map(Date)
        }
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Date {
    /// The date for `year`-`month`-`day`, or `None` if no such day exists
    /// (month 1..=12, day 1..=days in that month, year 1..=9999).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// (year, month 1..=12, day 1..=31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// Parses ISO `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: core::ops::Range<usize>| -> Option<u32> {
            s.get(r.clone()).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
        };
        Date::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    /// Parses the listing style `Apr 3, 2026` (English month abbreviation, day, comma, year).
    pub fn parse_listing(s: &str) -> Option<Date> {
        let (month, rest) = s.split_once(' ')?;
        let (day, year) = rest.split_once(", ")?;
        let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
        if !all_digits(day) || !all_digits(year) || day.len() > 2 || year.len() != 4 {
            return None;
        }
        Date::from_ymd(year.parse().ok()?, month, day.parse().ok()?)
    }

    /// `Apr 3, 2026`, as the seed listing writes dates.
    pub fn to_listing(self) -> String {
        let (y, m, d) = self.ymd();
        let mut out = String::from(MONTHS[m as usize - 1]);
        out.push(' ');
        out.push_str(&digits(d));
        out.push_str(", ");
        out.push_str(&digits(y as u32));
        out
    }

    /// ISO 8601 `YYYY-MM-DD` (what `Display` writes, without `core::fmt`).
    pub fn to_iso(self) -> String {
        let (y, m, d) = self.ymd();
        let mut out = padded(y as u32, 4);
        out.push('-');
        out.push_str(&padded(m, 2));
        out.push('-');
        out.push_str(&padded(d, 2));
        out
    }
}

/// ISO 8601 `YYYY-MM-DD`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One article, as imported and as returned by the engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// Stable, unique slug derived from the title (see [`slugify`]); `-2`, `-3`, ... when titles repeat.
    pub id: String,
    pub title: String,
    /// Absolute `http(s)` URL or a site-relative path; `None` when the source has none.
    pub url: Option<String>,
    pub author: Option<String>,
    pub date: Option<Date>,
    pub category: Option<String>,
    pub summary: String,
    /// In source order, without duplicates.
    pub tags: Vec<String>,
    pub likes: Option<u32>,
    /// Reading time in whole minutes.
    pub read_minutes: Option<u32>,
}

impl Article {
    /// An article with only a title; importers fill in the rest. The id is derived later,
    /// when the whole corpus is known (see [`crate::index::Index::build`]).
    pub fn titled(title: impl Into<String>) -> Article {
        Article {
            id: String::new(),
            title: title.into(),
            url: None,
            author: None,
            date: None,
            category: None,
            summary: String::new(),
            tags: Vec::new(),
            likes: None,
            read_minutes: None,
        }
    }
}

/// A URL-safe slug: lower-cased letters and digits of any script (so CJK titles keep
/// their characters), every other run of characters turned into one `-`, no leading
/// or trailing `-`, at most 80 characters. `"article"` when nothing is left.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len().min(80));
    let mut chars = 0;
    let mut pending_dash = false;
    for c in crate::unicode::lowercase(title).chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
                chars += 1;
            }
            pending_dash = false;
            if chars >= 80 {
                break;
            }
            slug.push(c);
            chars += 1;
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("article");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_round_trips_over_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap().0;
        for d in start..start + 146_097 {
            let (y, m, day) = Date(d).ymd();
            assert_eq!(Date::from_ymd(y, m, day), Some(Date(d)));
        }
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().to_string(), "2000-03-01");
    }

    #[test]
    fn date_rejects_impossible_days() {
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert_eq!(Date::from_ymd(2024, 13, 1), None);
        assert_eq!(Date::parse_listing("Feb 30, 2024"), None);
        assert_eq!(Date::parse_listing("Apr 3 2026"), None);
        assert_eq!(Date::parse_listing("April 3, 2026"), None);
        assert_eq!(Date::parse_iso("2024-1-01"), None);
    }

    #[test]
    fn listing_dates_parse_and_print() {
        let d = Date::parse_listing("Apr 3, 2026").unwrap();
        assert_eq!(d.to_string(), "2026-04-03");
        assert_eq!(d.to_listing(), "Apr 3, 2026");
        assert_eq!(Date::parse_iso("2026-04-03"), Some(d));
    }

    #[test]
    fn slugs_keep_scripts_and_drop_punctuation() {
        assert_eq!(slugify("How ‘泡姆泡姆’ Leverages Cloud‑Native"), "how-泡姆泡姆-leverages-cloud-native");
        assert_eq!(slugify("What’s New in Apache Kafka 4.1?"), "what-s-new-in-apache-kafka-4-1");
        assert_eq!(slugify("!!!"), "article");
        assert_eq!(slugify(&"a".repeat(200)).chars().count(), 80);
    }
}
