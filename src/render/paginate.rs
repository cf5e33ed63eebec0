//! A table too long for one page, cut into pages between its rows: never
//! inside a row or a row span (an item's 広域 and 市町単独 rows under one
//! label, a unit's rows in the 課題 table), and balanced, so that a block that
//! continues reads as pages about equally full rather than a full page and a
//! stub. The ※ note and ○ summaries go with the last part, so they never stand
//! on a page without the block's title and rows.
//!
//! Heights are [`fit`]'s prediction at the tightest density. Where the whole
//! table is a close call for one page, the plan carries the cut as a fallback
//! and the template measures which to use.

use std::ops::Range;

use super::fit::{self, Density, BODY_HEIGHT, DENSITIES};
use super::grid::{Cell, CellKind, Grid};

/// How a table is drawn: its parts, a page each, and the parts to use instead
/// when the first plan is one page that Typst finds does not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Body row ranges of the grid, one per page.
    pub parts: Vec<Range<usize>>,
    /// Set when `parts` is one page on a close call: the cut to use if it overflows.
    pub fallback: Option<Vec<Range<usize>>>,
}

/// The rows of the header (cells of kind [`CellKind::Head`], repeated on every part).
pub fn head_rows(grid: &Grid) -> usize {
    grid.cells.iter().filter(|c| c.kind == CellKind::Head).map(|c| c.y + c.rowspan).max().unwrap_or(0)
}

fn row_count(grid: &Grid) -> usize {
    grid.cells.iter().map(|c| c.y + c.rowspan).max().unwrap_or(0)
}

/// The bands of the body: runs of rows that no cell spans out of, the units a
/// page break may not cut.
pub fn bands(grid: &Grid) -> Vec<Range<usize>> {
    let (head, n) = (head_rows(grid), row_count(grid));
    let mut spanned = vec![false; n];
    for c in grid.cells.iter().filter(|c| c.kind != CellKind::Head) {
        let end = (c.y + c.rowspan).saturating_sub(1).min(n);
        spanned.iter_mut().take(end).skip(c.y).for_each(|s| *s = true);
    }
    let mut out = Vec::new();
    let mut start = head;
    for (r, inside) in spanned.iter().enumerate().skip(head) {
        if !inside {
            out.push(start..r + 1);
            start = r + 1;
        }
    }
    out
}

/// The part of `grid` with its header and the body rows `rows`, renumbered
/// under the header. A unit's name continuing from an earlier part is shown
/// again in the part's first row, and a unit's 「未提出」 is one cell down the
/// rows it fills one after another on the page, not a word repeated.
pub fn part(grid: &Grid, rows: &Range<usize>) -> Grid {
    let mut part = rows_of(grid, rows);
    merge_missing(&mut part.cells);
    part
}

/// 「未提出」 cells of one column in consecutive rows, as one spanning cell.
fn merge_missing(cells: &mut Vec<Cell>) {
    let mut missing: Vec<Cell> = cells.iter().filter(|c| c.kind == CellKind::Missing).cloned().collect();
    if missing.len() < 2 {
        return;
    }
    cells.retain(|c| c.kind != CellKind::Missing);
    missing.sort_by_key(|c| (c.x, c.colspan, c.y));
    let mut merged: Vec<Cell> = Vec::with_capacity(missing.len());
    for c in missing {
        match merged.last_mut() {
            Some(m) if m.x == c.x && m.colspan == c.colspan && m.y + m.rowspan == c.y && m.lines == c.lines => m.rowspan += c.rowspan,
            _ => merged.push(c),
        }
    }
    cells.extend(merged);
}

fn rows_of(grid: &Grid, rows: &Range<usize>) -> Grid {
    let head = head_rows(grid);
    let cells = grid
        .cells
        .iter()
        .filter(|c| c.kind == CellKind::Head || rows.contains(&c.y))
        .map(|c| {
            let mut c = c.clone();
            if c.kind != CellKind::Head {
                if c.y == rows.start && c.kind == CellKind::NameCont {
                    c.kind = CellKind::Name;
                }
                c.y = c.y - rows.start + head;
            }
            c
        })
        .collect();
    Grid { columns: grid.columns.clone(), cells }
}

/// What a table's first and last pages carry beside it, by density: the
/// programmes' ○ intro before the first part, a block's ※ note and ○
/// summaries after the last.
pub struct Around<'a> {
    pub first: &'a dyn Fn(Density) -> f64,
    pub last: &'a dyn Fn(Density) -> f64,
}

impl Around<'_> {
    /// Nothing around the table.
    pub const NONE: Around<'static> = Around { first: &|_| 0.0, last: &|_| 0.0 };
}

/// Plans a table's pages, its text at `size` pt.
pub fn plan(grid: &Grid, size: f64, around: &Around) -> Plan {
    let tight = DENSITIES[DENSITIES.len() - 1];
    let rows = fit::rows(grid, tight, size);
    let bands = bands(grid);
    let heights: Vec<f64> = bands.iter().map(|b| rows[b.clone()].iter().sum()).collect();
    let over = fit::title() + rows[..head_rows(grid)].iter().sum::<f64>();
    let (first, tail) = ((around.first)(tight), (around.last)(tight));
    let whole = over + first + heights.iter().sum::<f64>() + tail;
    let all = bands.first().map_or(0, |b| b.start)..bands.last().map_or(0, |b| b.end);
    let rows_of = |cut: Vec<Range<usize>>| cut.into_iter().map(|r| bands[r.start].start..bands[r.end - 1].end).collect();
    if whole <= BODY_HEIGHT - fit::SHORT || bands.len() < 2 {
        return Plan { parts: vec![all], fallback: None };
    }
    if whole <= BODY_HEIGHT + fit::LONG {
        let cut = partition(&heights, over, (first, tail), 2);
        return Plan { parts: vec![all], fallback: Some(rows_of(cut)) };
    }
    Plan { parts: rows_of(partition(&heights, over, (first, tail), 1)), fallback: None }
}

/// Cuts every band taller than a page (`room` pt for its rows at the tightest
/// density, its text at `size` pt) between its lines into pieces that fit, so
/// that no row breaks inside: each cell keeps its first lines in the first
/// piece and the rest in the next; the label is repeated, marked 「（続き）」.
/// A band whose tallest cell is one paragraph taller than a page stays whole.
pub fn split_tall(grid: &mut Grid, size: f64, room: f64) {
    let tight = DENSITIES[DENSITIES.len() - 1];
    // Measured once: bands are cut last to first, so a cut never moves the rows of a band still to come.
    let heights = fit::rows(grid, tight, size);
    for band in bands(grid).into_iter().rev() {
        let rows: f64 = heights[band.clone()].iter().sum();
        if rows <= room {
            continue;
        }
        let cells: Vec<Cell> = grid.cells.iter().filter(|c| c.kind != CellKind::Head && band.contains(&c.y)).cloned().collect();
        let pieces = pieces(grid, &cells, size, room);
        if pieces.len() < 2 {
            continue;
        }
        let shift = (pieces.len() - 1) * band.len();
        grid.cells.retain(|c| c.kind == CellKind::Head || !band.contains(&c.y));
        for c in grid.cells.iter_mut().filter(|c| c.kind != CellKind::Head && c.y >= band.end) {
            c.y += shift;
        }
        for (i, piece) in pieces.into_iter().enumerate() {
            grid.cells.extend(piece.into_iter().map(|c| Cell { y: c.y + i * band.len(), ..c }));
        }
    }
}

/// A band's cells cut by their lines into pieces that each fit `room`: the
/// largest share of every cell's lines that fits, then the same for the rest.
fn pieces(grid: &Grid, cells: &[Cell], size: f64, room: f64) -> Vec<Vec<Cell>> {
    let tight = DENSITIES[DENSITIES.len() - 1];
    let height = |piece: &[Cell]| {
        let g = Grid { columns: grid.columns.clone(), cells: piece.to_vec() };
        fit::rows(&g, tight, size).iter().sum::<f64>()
    };
    let mut out = Vec::new();
    let mut from = 0.0;
    while from < 1.0 && out.len() < 64 {
        let whole = slice(cells, from, 1.0, !out.is_empty());
        if height(&whole) <= room {
            out.push(whole);
            break;
        }
        // The largest share that fits, to a line: bisection over the fraction of every cell's lines.
        let (mut lo, mut hi) = (from, 1.0);
        for _ in 0..24 {
            let mid = (lo + hi) / 2.0;
            if height(&slice(cells, from, mid, !out.is_empty())) <= room { lo = mid } else { hi = mid }
        }
        if lo <= from + 1e-6 {
            return Vec::new();
        }
        out.push(slice(cells, from, lo, !out.is_empty()));
        from = lo;
    }
    out
}

/// The lines `from..to` (fractions) of every answer cell; labels whole, marked 「（続き）」 after the first piece.
fn slice(cells: &[Cell], from: f64, to: f64, continued: bool) -> Vec<Cell> {
    let cut = |n: usize, f: f64| ((n as f64) * f).round() as usize;
    cells
        .iter()
        .map(|c| match c.kind {
            CellKind::Body => Cell { lines: c.lines[cut(c.lines.len(), from)..cut(c.lines.len(), to)].to_vec(), ..c.clone() },
            CellKind::Label if continued => {
                let mut lines = c.lines.clone();
                if let Some(last) = lines.last_mut() {
                    last.push_str("（続き）");
                }
                Cell { lines, ..c.clone() }
            }
            _ => c.clone(),
        })
        .collect()
}

/// The height a page leaves a table's body rows at the tightest density: the page less its title and header.
pub fn room_for_rows(grid: &Grid, size: f64) -> f64 {
    let tight = DENSITIES[DENSITIES.len() - 1];
    BODY_HEIGHT - fit::SHORT - fit::title() - fit::rows(grid, tight, size)[..head_rows(grid)].iter().sum::<f64>()
}

/// Whether a table surely fits one page at its tightest density, its text at `size` pt.
pub fn fits_one_page(grid: &Grid, size: f64) -> bool {
    let tight = DENSITIES[DENSITIES.len() - 1];
    fit::table_page(grid, tight, size) <= BODY_HEIGHT - fit::SHORT
}

/// Cuts bands of heights `h` into at least `min` parts, the fewest whose pages
/// fit (each page carrying `over`, the first also `first`, the last also `tail`), and among those the
/// most even: the fullest page as light as it can be. A band taller than a
/// page is a part of its own (its rows break across pages; nothing else can).
/// Returns ranges of band indices.
fn partition(h: &[f64], over: f64, (first, tail): (f64, f64), min: usize) -> Vec<Range<usize>> {
    let n = h.len();
    let room = BODY_HEIGHT - fit::SHORT;
    let page = |i: usize, j: usize| {
        let height = over + h[i..j].iter().sum::<f64>() + if j == n { tail } else { 0.0 } + if i == 0 { first } else { 0.0 };
        // A band alone is always allowed: at worst it breaks across pages by itself.
        if j - i == 1 { height.min(room) } else { height }
    };
    // best[k][j]: the lightest fullest page cutting the first j bands into k parts, and where the last part starts.
    let mut best = vec![vec![(f64::INFINITY, 0usize); n + 1]; n + 1];
    best[0][0] = (0.0, 0);
    for k in 1..=n {
        for j in k..=n {
            for i in (k - 1)..j {
                let worst = best[k - 1][i].0.max(page(i, j));
                if worst < best[k][j].0 {
                    best[k][j] = (worst, i);
                }
            }
        }
        if k >= min && best[k][n].0 <= room {
            return cuts(&best, k, n);
        }
    }
    (0..n).map(|i| i..i + 1).collect()
}

fn cuts(best: &[Vec<(f64, usize)>], k: usize, n: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(k);
    let mut j = n;
    for k in (1..=k).rev() {
        let i = best[k][j].1;
        out.push(i..j);
        j = i;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::grid::Width;

    fn grid(rowspans: &[usize]) -> Grid {
        let mut cells = vec![Cell::new(0, 0, CellKind::Head, vec!["項目".into()]).span(2, 1)];
        let mut y = 1;
        for &n in rowspans {
            cells.push(Cell::new(0, y, CellKind::Label, vec!["項目名".into()]).span(1, n));
            for r in 0..n {
                cells.push(Cell::new(1, y + r, CellKind::Body, vec!["・取組".into(); 12]));
            }
            y += n;
        }
        Grid { columns: vec![Width::Em(7.8), Width::Fr(1.0)], cells }
    }

    #[test]
    fn bands_never_cut_a_row_span() {
        assert_eq!(bands(&grid(&[2, 1, 2])), [1..3, 3..4, 4..6]);
    }

    #[test]
    fn a_part_keeps_the_header_and_renumbers_its_rows() {
        let g = grid(&[2, 1, 2]);
        let p = part(&g, &(3..6));
        assert_eq!(p.cells.iter().filter(|c| c.kind == CellKind::Label).map(|c| (c.y, c.rowspan)).collect::<Vec<_>>(), [(1, 1), (2, 2)]);
        assert_eq!(p.cells.iter().filter(|c| c.kind == CellKind::Head).count(), 1);
    }

    #[test]
    fn a_units_missing_answers_are_one_cell_down_its_column() {
        let mut g = grid(&[1, 1, 1]);
        for c in g.cells.iter_mut().filter(|c| c.kind == CellKind::Body) {
            (c.kind, c.lines) = (CellKind::Missing, vec![crate::model::NOT_SUBMITTED.into()]);
        }
        let p = part(&g, &(1..4));
        let missing: Vec<(usize, usize)> = p.cells.iter().filter(|c| c.kind == CellKind::Missing).map(|c| (c.y, c.rowspan)).collect();
        assert_eq!(missing, [(1, 3)]);
    }

    #[test]
    fn the_cut_is_the_fewest_pages_and_even() {
        // Ten bands of 100 pt under 40 pt of title and header: 4 a page fit, so 3 pages of 4, 3, 3 — not 4, 4, 2.
        let h = [100.0; 10];
        let cut = partition(&h, 40.0, (0.0, 0.0), 1);
        assert_eq!(cut.len(), 3);
        assert!(cut.iter().all(|r| (3..=4).contains(&r.len())), "{cut:?}");
        // A tail on the last page moves a band off it.
        let cut = partition(&h, 40.0, (0.0, 300.0), 1);
        assert!(cut.last().unwrap().len() <= 1, "{cut:?}");
        // A close call asks for two parts at least.
        assert_eq!(partition(&[100.0, 100.0], 40.0, (0.0, 0.0), 2).len(), 2);
        // What the first page carries moves bands off it.
        let cut = partition(&h, 40.0, (300.0, 0.0), 1);
        assert!(cut[0].len() <= 1, "{cut:?}");
    }

    #[test]
    fn a_long_table_is_cut_between_bands_and_a_short_one_is_not() {
        let long = grid(&[2; 12]);
        let plan = plan(&long, fit::BODY, &Around::NONE);
        assert!(plan.parts.len() >= 2, "{plan:?}");
        let bands = bands(&long);
        for p in &plan.parts {
            assert!(bands.iter().any(|b| b.start == p.start) && bands.iter().any(|b| b.end == p.end), "{p:?} cuts a band");
        }
        let short = grid(&[2, 1]);
        assert_eq!(plan_parts(&short), 1);
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_between_its_lines_with_its_label_repeated() {
        let mut g = grid(&[1, 1]);
        let tall = g.cells.iter_mut().find(|c| c.kind == CellKind::Body && c.y == 1).unwrap();
        tall.lines = (1..=120).map(|i| format!("・取組その{i}")).collect();
        split_tall(&mut g, fit::BODY, 400.0);
        let labels: Vec<(usize, String)> = g.cells.iter().filter(|c| c.kind == CellKind::Label).map(|c| (c.y, c.lines.concat())).collect();
        assert!(labels.len() >= 3, "{labels:?}");
        assert_eq!(labels.iter().filter(|(_, l)| l == "項目名（続き）").count(), labels.len() - 2, "{labels:?}");
        // Every line once, in order, and every piece fits.
        let mut body: Vec<&Cell> = g.cells.iter().filter(|c| c.kind == CellKind::Body && c.lines.iter().any(|l| l.starts_with("・取組その"))).collect();
        body.sort_by_key(|c| c.y);
        let lines: Vec<String> = body.iter().flat_map(|c| c.lines.clone()).collect();
        assert_eq!(lines, (1..=120).map(|i| format!("・取組その{i}")).collect::<Vec<_>>());
        let rows = fit::rows(&g, DENSITIES[DENSITIES.len() - 1], fit::BODY);
        assert!(bands(&g).iter().all(|b| rows[b.clone()].iter().sum::<f64>() <= 400.0), "{rows:?}");
    }

    fn plan_parts(g: &Grid) -> usize {
        plan(g, fit::BODY, &Around::NONE).parts.len()
    }
}
