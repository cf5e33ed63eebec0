//! The packet as one accessible HTML page: government pages must offer an HTML
//! alternative beside the PDF (JIS X 8341-3).
//!
//! - The tables are the grids the Typst templates draw ([`crate::render::layout`]),
//!   so the page says what the PDF says, cell for cell.
//! - Spans (広域 rows over several units, joint cells, 大台町's halves) make
//!   `scope` ambiguous: every data cell names its headers (`headers="…"`),
//!   computed from the grid's geometry by [`headers_of`], the same way for every table.
//! - minijinja renders `templates/publish/packet.html.j2` with HTML escaping on:
//!   what a municipality typed is text on the page, never markup. One inline
//!   stylesheet, no script.

use std::ops::Range;

use minijinja::{Environment, context};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Year;
use crate::render::grid::{BREAK, JOIN};
use crate::render::layout::{self, Cell, CellKind, Doc, Grid, ScheduleView, ProgrammesView, Width};

/// The template's name: `.html.j2`, rendered with HTML escaping.
pub const TEMPLATE_NAME: &str = "packet.html.j2";
/// The embedded template.
pub const TEMPLATE: &str = include_str!("../../templates/publish/packet.html.j2");

/// The words the page adds to the packet's own: [`crate::messages::page_words`]
/// makes them in the clerk's language (messages names this module, not the reverse).
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    /// The words' language tag (`ja`, `en`): English words are marked so inside the Japanese page.
    pub lang: &'static str,
    /// 共同: the tag of a joint answer.
    pub joint: &'static str,
    /// The header of the schedule's bands' column.
    pub band: &'static str,
}

/// The page of a year: laid out as the packet is, then rendered. Layout problems
/// (課題 shares no table can show) are [`Error::Invalid`], as for the PDF.
/// `words`: `messages::page_words(lang)`.
pub fn packet_page(year: &Year, words: &Words) -> Result<String> {
    let doc = layout::layout(year).map_err(Error::Invalid)?;
    page(&doc, words)
}

/// The page of a laid-out packet.
pub fn page(doc: &Doc, words: &Words) -> Result<String> {
    let band = words.band;
    let s = &doc.schedule;
    let p = &doc.programmes;
    let programmes_title = p.titles.first().cloned().unwrap_or_default();
    let page = Page {
        schedule: Part { title: &s.title, notes: paragraphs(&s.notes), table: table("s", &s.title, &schedule_grid(s, band)), ..Part::default() },
        programmes: Part {
            intro: paragraphs(&p.intro),
            notes: paragraphs(&p.notes),
            table: table("p", &programmes_title, &programmes_grid(p)),
            title: &programmes_title,
        },
        blocks: doc
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| BlockPart {
                title_a: &b.title_a,
                title_b: &b.title_b,
                matrix: table(&format!("b{}a", i + 1), &b.title_a, &b.matrix_grid),
                table: table(&format!("b{}b", i + 1), &b.title_b, &b.table_grid),
                note: paragraphs(std::slice::from_ref(&b.note)),
                summaries: paragraphs(&b.summaries),
            })
            .collect(),
    };
    let ctx = context! {
        t => minijinja::Value::from(minijinja::value::Serde(words)),
        packet => minijinja::Value::from(minijinja::value::Serde(&doc.packet)),
        ..minijinja::Value::from(minijinja::value::Serde(&page))
    };
    render(ctx)
}

/// ○ and ※ paragraphs as lines: a paragraph typed over several lines keeps them.
fn paragraphs(texts: &[String]) -> Vec<Vec<String>> {
    texts.iter().map(|t| t.lines().map(String::from).collect()).collect()
}

/// What the template reads besides the words and the packet's title.
#[derive(Serialize)]
struct Page<'a> {
    schedule: Part<'a>,
    programmes: Part<'a>,
    blocks: Vec<BlockPart<'a>>,
}

/// The schedule or the programmes: a title, ○ paragraphs, ※ notes and the table.
#[derive(Serialize, Default)]
struct Part<'a> {
    title: &'a str,
    intro: Vec<Vec<String>>,
    notes: Vec<Vec<String>>,
    table: Table,
}

/// A block's (a) matrix with its ※ note and ○ summaries, and its (b) table.
#[derive(Serialize)]
struct BlockPart<'a> {
    title_a: &'a str,
    title_b: &'a str,
    matrix: Table,
    table: Table,
    note: Vec<Vec<String>>,
    summaries: Vec<Vec<String>>,
}

fn render(ctx: minijinja::Value) -> Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // Explicit, not by the file name's suffix: the page's safety must not hang on a rename.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    let err = |e: minijinja::Error| Error::Template(format!("{TEMPLATE_NAME}: {e}"));
    env.add_template(TEMPLATE_NAME, TEMPLATE).map_err(err)?;
    env.get_template(TEMPLATE_NAME).and_then(|t| t.render(ctx)).map_err(err)
}

/// A table as the template writes it: header rows (`<thead>`) and body rows.
#[derive(Debug, Default, Serialize)]
pub struct Table {
    /// Unique on the page; the prefix of its header cells' ids.
    pub id: String,
    pub caption: String,
    pub head: Vec<Vec<HtmlCell>>,
    pub body: Vec<Vec<HtmlCell>>,
}

/// One `<th>` or `<td>`.
#[derive(Debug, Serialize)]
pub struct HtmlCell {
    pub th: bool,
    /// A header's id (empty for data cells).
    pub id: String,
    /// A header's `scope` (`col`, `row`), for tools that read no `headers`; empty for data cells.
    pub scope: &'static str,
    pub colspan: usize,
    pub rowspan: usize,
    /// The kind, for the stylesheet (`kind-body`); `empty` for a position no cell covers.
    pub kind: String,
    pub lines: Vec<String>,
    /// The ids of its headers, space-separated (data cells only).
    pub headers: String,
    pub joint: bool,
}

/// Whether cells of a kind head rows or columns (`<th>`); the rest are data (`<td>`).
pub fn is_header(kind: CellKind) -> bool {
    matches!(kind, CellKind::Head | CellKind::Label | CellKind::Sub | CellKind::Name | CellKind::NameCont | CellKind::Band)
}

fn overlaps(a: Range<usize>, b: Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The header cells of `cell` (indices into `grid.cells`): the column headers
/// (`Head`) above it over any of its columns, and the row headers (labels,
/// sub-labels, names, bands) left of it over any of its rows. A cell spanning
/// several units' columns (a joint answer, a 広域 row) so gets every unit's name.
pub fn headers_of(grid: &Grid, cell: &Cell) -> Vec<usize> {
    let cols = |c: &Cell| c.x..c.x + c.colspan;
    let rows = |c: &Cell| c.y..c.y + c.rowspan;
    grid.cells
        .iter()
        .enumerate()
        .filter(|(_, h)| match h.kind {
            CellKind::Head => h.y + h.rowspan <= cell.y && overlaps(cols(h), cols(cell)),
            k if is_header(k) => h.x + h.colspan <= cell.x && overlaps(rows(h), rows(cell)),
            _ => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// A unit's name cells as one: the PDF has a cell per row (`NameCont`) to repeat
/// the name where a page breaks; a page does not break, so the name spans its rows.
pub fn merge_names(grid: &Grid) -> Grid {
    let mut cells: Vec<Cell> = Vec::with_capacity(grid.cells.len());
    for c in &grid.cells {
        if c.kind == CellKind::NameCont {
            let above = cells.iter_mut().rev().find(|n| {
                n.kind == CellKind::Name && n.x == c.x && n.y + n.rowspan == c.y && n.lines == c.lines
            });
            if let Some(name) = above {
                name.rowspan += 1;
                continue;
            }
        }
        cells.push(c.clone());
    }
    Grid { columns: grid.columns.clone(), cells }
}

/// The schedule as a grid: a header row of months over the layout's bands × months.
fn schedule_grid(s: &ScheduleView, corner: &str) -> Grid {
    let head = std::iter::once(Cell::new(0, 0, CellKind::Head, vec![corner.to_string()]))
        .chain(s.months.iter().enumerate().map(|(i, m)| Cell::new(1 + i, 0, CellKind::Head, vec![m.clone()])));
    let cells = head.chain(s.cells.iter().cloned()).collect();
    Grid { columns: vec![Width::Fr(1.0); s.months.len() + 1], cells }
}

/// The programmes as a grid: their column headers over the layout's rows.
fn programmes_grid(p: &ProgrammesView) -> Grid {
    let head = p.columns.iter().enumerate().map(|(x, h)| Cell::new(x, 0, CellKind::Head, vec![h.clone()]));
    let body = p.cells.iter().map(|c| Cell { y: c.y + 1, ..c.clone() });
    Grid { columns: vec![Width::Fr(1.0); p.columns.len()], cells: head.chain(body).collect() }
}

/// A grid as rows of `<th>`/`<td>`: names merged, every position covered (an
/// empty cell where the grid has none), header rows first.
pub fn table(id: &str, caption: &str, grid: &Grid) -> Table {
    let grid = merge_names(grid);
    let width = grid.cells.iter().map(|c| c.x + c.colspan).max().unwrap_or(0).max(grid.columns.len());
    let height = grid.cells.iter().map(|c| c.y + c.rowspan).max().unwrap_or(0);
    let mut covered = vec![vec![false; width]; height];
    let mut rows: Vec<Vec<(usize, HtmlCell)>> = (0..height).map(|_| Vec::new()).collect();
    for (i, c) in grid.cells.iter().enumerate() {
        for row in covered.iter_mut().skip(c.y).take(c.rowspan) {
            row.iter_mut().skip(c.x).take(c.colspan).for_each(|v| *v = true);
        }
        rows[c.y].push((c.x, html_cell(id, &grid, i, c)));
    }
    for (y, row) in covered.iter().enumerate() {
        for x in (0..width).filter(|&x| !row[x]) {
            let gap = Cell::new(x, y, CellKind::Body, Vec::new());
            let mut cell = html_cell(id, &grid, usize::MAX, &gap);
            cell.kind = "empty".into();
            rows[y].push((x, cell));
        }
    }
    // Rows wholly of column headers (and the cells spanning down from them) form the head.
    let head_rows = grid.cells.iter().filter(|c| c.kind == CellKind::Head).map(|c| c.y + c.rowspan).max().unwrap_or(0);
    let mut rows: Vec<Vec<HtmlCell>> = rows
        .into_iter()
        .map(|mut r| {
            r.sort_by_key(|(x, _)| *x);
            r.into_iter().map(|(_, c)| c).collect()
        })
        .collect();
    let body = rows.split_off(head_rows.min(rows.len()));
    Table { id: id.to_string(), caption: caption.to_string(), head: rows, body }
}

/// The id of header cell `i` of table `table`.
fn header_id(table: &str, i: usize) -> String {
    format!("{table}-h{i}")
}

fn html_cell(table: &str, grid: &Grid, i: usize, c: &Cell) -> HtmlCell {
    let th = is_header(c.kind);
    let headers = if th {
        String::new()
    } else {
        headers_of(grid, c).into_iter().map(|h| header_id(table, h)).collect::<Vec<_>>().join(" ")
    };
    // A label's lines are where the PDF breaks one word (②課題抽出と / 対応策検討), a band's its letters stacked.
    let lines = match c.kind {
        CellKind::Label | CellKind::Sub | CellKind::Band | CellKind::Head => vec![c.lines.concat()],
        _ => c.lines.clone(),
    };
    // The packet's word joiners (render::words) mark where a printed line may not break: not text.
    let lines = lines.into_iter().map(|l| l.replace([JOIN, BREAK], "")).collect();
    HtmlCell {
        th,
        id: if th { header_id(table, i) } else { String::new() },
        scope: match c.kind {
            CellKind::Head => "col",
            _ if th => "row",
            _ => "",
        },
        colspan: c.colspan,
        rowspan: c.rowspan,
        kind: kind_name(c.kind).to_string(),
        lines,
        headers,
        joint: c.joint,
    }
}

/// The kind's name as the templates know it (`name-cont`).
fn kind_name(kind: CellKind) -> &'static str {
    match kind {
        CellKind::Head => "head",
        CellKind::Label => "label",
        CellKind::Sub => "sub",
        CellKind::Body => "body",
        CellKind::Missing => "missing",
        CellKind::Name => "name",
        CellKind::NameCont => "name-cont",
        CellKind::Event => "event",
        CellKind::Span => "span",
        CellKind::Text => "text",
        CellKind::Band => "band",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: Vec<Cell>) -> Grid {
        let width = cells.iter().map(|c| c.x + c.colspan).max().unwrap_or(0);
        Grid { columns: vec![Width::Fr(1.0); width], cells }
    }

    /// A 広域 answer over two units' columns is under both names, its item and 広域.
    #[test]
    fn a_spanning_cell_gets_every_column_and_row_header_it_covers() {
        let g = grid(vec![
            Cell::new(0, 0, CellKind::Head, vec!["項目".into()]).span(2, 1),
            Cell::new(2, 0, CellKind::Head, vec!["A".into()]),
            Cell::new(3, 0, CellKind::Head, vec!["B".into()]),
            Cell::new(0, 1, CellKind::Label, vec!["①".into()]).span(1, 2),
            Cell::new(1, 1, CellKind::Sub, vec!["広域".into()]),
            Cell::new(2, 1, CellKind::Body, vec!["w".into()]).span(2, 1),
            Cell::new(1, 2, CellKind::Sub, vec!["市町単独".into()]),
            Cell::new(2, 2, CellKind::Body, vec!["a".into()]),
            Cell::new(3, 2, CellKind::Body, vec!["b".into()]),
        ]);
        assert_eq!(headers_of(&g, &g.cells[5]), [1, 2, 3, 4]);
        assert_eq!(headers_of(&g, &g.cells[8]), [2, 3, 6]);
    }

    /// A unit's name and its continuation rows become one header spanning them.
    #[test]
    fn name_rows_merge_into_one_header() {
        let name = |y, kind| Cell::new(0, y, kind, vec!["A".into()]);
        let g = grid(vec![
            Cell::new(0, 0, CellKind::Head, vec!["市町".into()]),
            name(1, CellKind::Name),
            name(2, CellKind::NameCont),
            Cell::new(1, 1, CellKind::Body, vec!["x".into()]).span(1, 2),
            Cell { last: true, ..name(3, CellKind::NameCont) },
            Cell::new(1, 3, CellKind::Body, vec!["y".into()]),
        ]);
        let m = merge_names(&g);
        assert_eq!(m.cells.iter().filter(|c| is_header(c.kind)).count(), 2);
        assert_eq!(m.cells[1].rowspan, 3);
        let t = table("t", "c", &g);
        assert_eq!(t.body[2].len(), 1, "row 3 holds only its datum");
        assert_eq!(t.body[2][0].headers, "t-h1");
    }
}
