//! A list cut into pages: which transcripts each page of a list holds, and
//! the links between the pages (`rel="prev"` / `"next"`, the numbers
//! around the page shown), so that no list page grows with the archive.

use serde::Serialize;

use crate::address;

/// How many page numbers stand either side of the page shown.
const AROUND: usize = 3;

/// Where a page stands in its list, for its links to the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Paginator {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list has.
    pub count: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The numbers shown: the first, the last and those around this one,
    /// in order, with a gap (`number: None`) where some are left out.
    pub pages: Vec<PageNumber>,
}

/// A page number to link to, or a gap between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PageNumber {
    pub number: Option<usize>,
    pub href: String,
    pub current: bool,
}

impl Paginator {
    /// Page `number` of `count` of the list whose first page is `first`;
    /// none for a list of one page.
    pub(crate) fn new(first: &str, number: usize, count: usize) -> Option<Paginator> {
        if count <= 1 {
            return None;
        }
        let href = |n: usize| address::paged(first, n);
        let mut pages = Vec::new();
        let mut last = 0;
        for n in 1..=count {
            let shown = n == 1 || n == count || n.abs_diff(number) <= AROUND;
            if !shown {
                continue;
            }
            if n > last + 1 {
                pages.push(PageNumber {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            pages.push(PageNumber {
                number: Some(n),
                href: href(n),
                current: n == number,
            });
            last = n;
        }
        Some(Paginator {
            number,
            count,
            prev: (number > 1).then(|| href(number - 1)),
            next: (number < count).then(|| href(number + 1)),
            pages,
        })
    }
}

/// One page of a list: where it is written, what it holds, and its links
/// to the other pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListPage<'a, T> {
    pub path: String,
    pub items: &'a [T],
    pub paginator: Option<Paginator>,
}

/// The pages of the list `items` whose first page is `first`, `size` to a
/// page; an empty list is one empty page.
pub(crate) fn list_pages<'a, T>(
    first: &str,
    items: &'a [T],
    size: usize,
) -> impl Iterator<Item = ListPage<'a, T>> {
    let starts = (0..items.len()).step_by(size.max(1)).collect();
    pages_from(first, items, starts)
}

/// The pages of a list of transcripts (`units`, in the list's order) whose
/// first page is `first`, each holding whole transcripts, as many as fit
/// in `budget` entries when a transcript brings `weight(id)` of them (at
/// least one): a list page then grows with neither the archive nor the
/// list, and a list of transcripts with few entries each takes few pages.
/// A transcript over the budget has a page to itself.
pub(crate) fn packed_pages<'a>(
    first: &str,
    units: &'a [usize],
    budget: usize,
    weight: impl Fn(usize) -> usize,
) -> impl Iterator<Item = ListPage<'a, usize>> {
    let mut starts = Vec::new();
    let mut load = 0;
    for (i, &unit) in units.iter().enumerate() {
        let w = weight(unit).max(1);
        if i == 0 || load + w > budget {
            starts.push(i);
            load = 0;
        }
        load += w;
    }
    pages_from(first, units, starts)
}

/// The pages of `items` that start at each of `starts` (in order, the
/// first 0); no starts is one empty page.
fn pages_from<'a, T>(
    first: &str,
    items: &'a [T],
    starts: Vec<usize>,
) -> impl Iterator<Item = ListPage<'a, T>> {
    let count = starts.len().max(1);
    let first = first.to_string();
    (1..=count).map(move |number| {
        let from = starts.get(number - 1).copied().unwrap_or(0);
        let to = starts.get(number).copied().unwrap_or(items.len());
        ListPage {
            path: address::paged(&first, number),
            items: &items[from..to],
            paginator: Paginator::new(&first, number, count),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_cut_into_pages_the_first_at_its_own_address() {
        let items: Vec<usize> = (0..45).collect();
        let pages: Vec<_> = list_pages("topics/x/index.html", &items, 20).collect();
        let shape: Vec<(&str, usize)> = pages
            .iter()
            .map(|p| (p.path.as_str(), p.items.len()))
            .collect();
        assert_eq!(
            shape,
            [
                ("topics/x/index.html", 20),
                ("topics/x/page/2/index.html", 20),
                ("topics/x/page/3/index.html", 5),
            ]
        );
        let second = pages[1].paginator.as_ref().unwrap();
        assert_eq!(second.prev.as_deref(), Some("topics/x/index.html"));
        assert_eq!(second.next.as_deref(), Some("topics/x/page/3/index.html"));
        assert!(pages[0].paginator.as_ref().unwrap().prev.is_none());
        assert!(pages[2].paginator.as_ref().unwrap().next.is_none());
        let one: Vec<_> = list_pages("index.html", &items[..0], 20).collect();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].paginator, None);
    }

    #[test]
    fn packed_pages_hold_whole_transcripts_up_to_the_budget() {
        // Transcripts 0..6 with 3, 1, 1, 9, 2 and 2 entries, 4 to a page.
        let units: Vec<usize> = (0..6).collect();
        let weights = [3, 1, 0, 9, 2, 2];
        let pages: Vec<_> = packed_pages("s/x/index.html", &units, 4, |u| weights[u]).collect();
        let held: Vec<&[usize]> = pages.iter().map(|p| p.items).collect();
        // The empty one still counts one; the heavy one is alone.
        assert_eq!(held, [&[0, 1][..], &[2], &[3], &[4, 5]]);
        assert_eq!(pages[3].path, "s/x/page/4/index.html");
        assert_eq!(pages[3].paginator.as_ref().unwrap().count, 4);
        let none: Vec<_> = packed_pages("index.html", &[], 4, |_| 1).collect();
        assert_eq!(none.len(), 1);
        assert!(none[0].items.is_empty() && none[0].paginator.is_none());
    }

    #[test]
    fn far_page_numbers_are_left_out_with_a_gap() {
        let p = Paginator::new("index.html", 10, 40).unwrap();
        let numbers: Vec<Option<usize>> = p.pages.iter().map(|n| n.number).collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(7),
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                Some(13),
                None,
                Some(40)
            ]
        );
        assert!(p.pages[5].current);
    }
}
