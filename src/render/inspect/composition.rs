//! The checks of page composition, what a designer turning the pages sees
//! and no text check can: a page without a title (a block's ※ note or ○
//! summaries alone), a table row that continues on the next page without its
//! label, and a page left largely empty while it could have breathed.

use std::collections::{BTreeMap, HashMap};

use super::{At, Facts, Finding, Limits, Margins, PageFacts, Place, TextRun};

/// The checks of this module over the facts.
pub fn check(facts: &Facts, limits: &Limits, out: &mut Vec<Finding>) {
    let mut loosest = false;
    let last = facts.pages.len();
    for p in &facts.pages {
        // A page without a mark keeps the setting of the page before it (a part Typst continued).
        loosest = p.loosest.unwrap_or(loosest);
        let at = top(p, &limits.margins);
        if !has_title(p, limits) {
            out.push(Finding::NoTitle { at });
        }
        let empty = 1.0 - fill(p, &limits.margins);
        if empty > limits.max_empty && !loosest && p.page != last {
            out.push(Finding::Sparse { at, empty: (empty * 1000.0).round() / 10.0 });
        }
    }
    split_rows(facts, out);
}

fn top(p: &PageFacts, m: &Margins) -> At {
    At { page: p.page, x: m.left, y: m.top }
}

/// Whether the page's body holds a title: text at the scale's title size.
fn has_title(p: &PageFacts, limits: &Limits) -> bool {
    p.runs.iter().any(|r| r.place == Place::Body && r.size >= limits.title_size - super::SIZE_TOLERANCE && !r.text.trim().is_empty())
}

/// How much of the page body's height is used: from its top to the lowest text, rule or fill in it (0 to 1).
pub fn fill(p: &PageFacts, m: &Margins) -> f64 {
    let (top, bottom) = (m.top, p.height - m.bottom);
    let text = p.runs.iter().filter(|r| r.place == Place::Body && !r.text.trim().is_empty()).map(|r| r.baseline);
    let rules = p.rules.iter().map(|r| r.from.1.max(r.to.1));
    let fills = p.fills.iter().map(|f| f.rect.y1);
    let lowest = text.chain(rules).chain(fills).filter(|y| *y <= bottom + 1.0).fold(top, f64::max);
    ((lowest - top) / (bottom - top)).clamp(0.0, 1.0)
}

/// Rows split across pages without their label: a cell spanning rows (an
/// item's label over its 広域 and 市町単独 rows, a unit's fields over its rows)
/// whose later rows begin on a later page than it does; and a cell whose own
/// text breaks across pages. Typst tags such a cell's start and end empty and
/// draws its text untagged, inside the table, on both pages: the pages after
/// the first where a table holds untagged text are its continuations.
fn split_rows(facts: &Facts, out: &mut Vec<Finding>) {
    let text = cell_texts(facts);
    let mut row_page: HashMap<(usize, usize), usize> = HashMap::new();
    for c in facts.cells.values() {
        let page = row_page.entry((c.table, c.y)).or_insert(c.first);
        *page = (*page).min(c.first);
    }
    for (i, c) in &facts.cells {
        let later = (c.y + 1..c.y + c.rowspan).filter_map(|y| row_page.get(&(c.table, y))).find(|&&p| p > c.first);
        if let Some(&page) = later {
            // The label's text, else (Typst drew it untagged where it continues) the table's first untagged run there.
            let drawn = facts.pages.get(page - 1).and_then(|p| p.runs.iter().find(|r| r.table == Some(c.table) && r.cell.is_none()));
            let at = drawn.map_or(At { page, x: 0.0, y: 0.0 }, super::at);
            let label = text.get(i).cloned().or_else(|| drawn.map(|r| r.text.clone())).unwrap_or_default();
            out.push(Finding::SplitRow { at, text: label });
        }
    }
    let mut untagged: BTreeMap<usize, Vec<&TextRun>> = BTreeMap::new();
    for r in facts.pages.iter().flat_map(|p| &p.runs).filter(|r| r.cell.is_none() && r.place == Place::Body && !r.text.trim().is_empty()) {
        if let Some(t) = r.table {
            untagged.entry(t).or_default().push(r);
        }
    }
    for runs in untagged.values() {
        let first = runs.iter().map(|r| r.page).min().unwrap_or(0);
        let mut seen = std::collections::BTreeSet::new();
        for r in runs.iter().filter(|r| r.page > first && seen.insert(r.page)) {
            out.push(Finding::SplitRow { at: super::at(r), text: r.text.clone() });
        }
    }
}

/// Each cell's text, its runs in order.
fn cell_texts(facts: &Facts) -> BTreeMap<usize, String> {
    let mut out: BTreeMap<usize, String> = BTreeMap::new();
    for r in facts.pages.iter().flat_map(|p| &p.runs) {
        if let Some(c) = r.cell
            && facts.cells.contains_key(&c)
            && !r.text.trim().is_empty()
        {
            out.entry(c).or_default().push_str(&r.text);
        }
    }
    out
}

/// Every page's fill (see [`fill`]), for the README's table.
pub fn fills(facts: &Facts, m: &Margins) -> Vec<f64> {
    facts.pages.iter().map(|p| fill(p, m)).collect()
}
