//! The tables the templates draw, as data: cells with their grid position,
//! spans and kind. [`super::layout`] makes them, [`super::fit`] measures them.

use serde::Serialize;

pub use crate::model::NOT_SUBMITTED;

/// In a cell's text for the packet, the word joiner: no break on either side
/// (UAX #14). [`super::words`] puts it between the letters of a run kept whole;
/// the templates draw such a run as one box. Typed ones are dropped from the
/// packet's copy of the text, so that every joiner there is the layout's.
pub const JOIN: char = '\u{2060}';
/// The zero-width space: a break allowed inside a Latin word wider than its
/// cell (a web address), which the templates draw as no text.
pub const BREAK: char = '\u{200B}';

/// What a cell is, which decides how the templates draw it (`c.kind == "name-cont"` in lib.typ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CellKind {
    /// A header of the table, repeated on every page.
    Head,
    /// A row's label (an item, a programme's name).
    Label,
    /// A sub-label: 広域 / 市町単独, a change's kind.
    Sub,
    /// An answer.
    Body,
    /// 未提出: the unit has not answered.
    Missing,
    /// A unit's name, in the first row of its rows.
    Name,
    /// The unit's further rows (the name repeats where a page breaks inside them).
    NameCont,
    /// The schedule: an event on a date, one over months, a text block, a band's label.
    Event,
    Span,
    Text,
    Band,
}

/// A cell of a grid: position, spans, what kind of cell, and its lines.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    pub x: usize,
    pub y: usize,
    pub colspan: usize,
    pub rowspan: usize,
    pub kind: CellKind,
    pub lines: Vec<String>,
    /// The last row of a unit's one-cell-per-row name column (see `name_cells`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub last: bool,
    /// 共同: a joint answer of neighbouring units (the cell spans their columns), tagged so on the page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub joint: bool,
    /// Where an answer's text came from (file and key), for `check`'s findings; not for the templates.
    #[serde(skip)]
    pub source: Option<(String, crate::model::key::Key)>,
}

impl Cell {
    pub fn new(x: usize, y: usize, kind: CellKind, lines: Vec<String>) -> Self {
        Cell { x, y, colspan: 1, rowspan: 1, kind, lines, last: false, joint: false, source: None }
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

#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    pub columns: Vec<Width>,
    /// Cells of kind `head` form the header row, repeated on every page.
    pub cells: Vec<Cell>,
}

