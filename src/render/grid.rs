//! The tables the templates draw, as data: cells with their grid position,
//! spans and kind. [`super::layout`] makes them, [`super::fit`] measures them.

use serde::Serialize;

/// A cell of a grid: position, spans, what kind of cell, and its lines.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    pub x: usize,
    pub y: usize,
    pub colspan: usize,
    pub rowspan: usize,
    /// head, label, sub, body, missing, name, event, span, text, band.
    pub kind: &'static str,
    pub lines: Vec<String>,
    /// The last row of a unit's one-cell-per-row name column (see `name_cells`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub last: bool,
}

impl Cell {
    pub fn new(x: usize, y: usize, kind: &'static str, lines: Vec<String>) -> Self {
        Cell { x, y, colspan: 1, rowspan: 1, kind, lines, last: false }
    }
    pub fn span(mut self, colspan: usize, rowspan: usize) -> Self {
        self.colspan = colspan;
        self.rowspan = rowspan;
        self
    }
}

/// A column width: a share of the free width, or a fixed width in em.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Fr(f64),
    Em(f64),
}

#[derive(Debug, Serialize)]
pub struct Grid {
    pub columns: Vec<Width>,
    /// Cells of kind `head` form the header row, repeated on every page.
    pub cells: Vec<Cell>,
}

