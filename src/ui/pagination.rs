//! Which page links a pagination bar offers.

/// One slot of a pagination bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageItem {
    Page(u32),
    /// An ellipsis standing for the pages skipped.
    Gap,
}

/// The numbered slots for `current` of `pages`: the first and last pages, the current
/// one with a neighbour on each side, and gaps between. A gap never hides a single
/// page (that page is shown instead), so the bar has at most 7 slots.
pub fn page_items(current: u32, pages: u32) -> Vec<PageItem> {
    let pages = pages.max(1);
    let current = current.clamp(1, pages);
    if pages <= 7 {
        return (1..=pages).map(PageItem::Page).collect();
    }
    // A window of 3 around the current page, widened to 5 at either end.
    let (lo, hi) = match current {
        c if c <= 4 => (2, 5),
        c if c >= pages - 3 => (pages - 4, pages - 1),
        c => (c - 1, c + 1),
    };
    let mut items = vec![PageItem::Page(1)];
    match lo {
        2 => {}
        3 => items.push(PageItem::Page(2)),
        _ => items.push(PageItem::Gap),
    }
    items.extend((lo..=hi).map(PageItem::Page));
    match pages - hi {
        1 => {}
        2 => items.push(PageItem::Page(pages - 1)),
        _ => items.push(PageItem::Gap),
    }
    items.push(PageItem::Page(pages));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use PageItem::{Gap, Page};

    fn show(items: &[PageItem]) -> String {
        let s: Vec<String> = items
            .iter()
            .map(|i| match i {
                Page(n) => n.to_string(),
                Gap => "…".into(),
            })
            .collect();
        s.join(" ")
    }

    #[test]
    fn short_ranges_show_every_page() {
        assert_eq!(show(&page_items(1, 1)), "1");
        assert_eq!(show(&page_items(3, 7)), "1 2 3 4 5 6 7");
        assert_eq!(show(&page_items(1, 0)), "1");
    }

    #[test]
    fn long_ranges_keep_ends_neighbours_and_gaps() {
        assert_eq!(show(&page_items(1, 9)), "1 2 3 4 5 … 9");
        assert_eq!(show(&page_items(4, 9)), "1 2 3 4 5 … 9");
        assert_eq!(show(&page_items(5, 9)), "1 … 4 5 6 … 9");
        assert_eq!(show(&page_items(6, 9)), "1 … 5 6 7 8 9");
        assert_eq!(show(&page_items(9, 9)), "1 … 5 6 7 8 9");
        assert_eq!(show(&page_items(50, 1000)), "1 … 49 50 51 … 1000");
        assert_eq!(show(&page_items(5, 10)), "1 … 4 5 6 … 10");
    }

    #[test]
    fn every_bar_is_short_ascending_and_holds_the_current_page() {
        for pages in 1..40 {
            for current in 1..=pages {
                let items = page_items(current, pages);
                assert!(items.len() <= 7, "{current}/{pages}: {}", show(&items));
                assert!(items.contains(&Page(current)));
                let numbers: Vec<u32> =
                    items.iter().filter_map(|i| if let Page(n) = i { Some(*n) } else { None }).collect();
                assert!(numbers.windows(2).all(|w| w[0] < w[1]));
                // A gap stands for at least two pages.
                for w in items.windows(3) {
                    if let [Page(a), Gap, Page(b)] = w {
                        assert!(b - a > 2, "{current}/{pages}: {}", show(&items));
                    }
                }
            }
        }
    }
}
