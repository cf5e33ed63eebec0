//! Turns the model into the data the templates draw: every table as a list of
//! cells with their grid position and spans, so that the templates hold no
//! logic per region and the spans are computed (and tested) here, once.
//!
//! Text stays data all the way: the templates receive strings and print them
//! as text, never as markup.

use serde::Serialize;

use crate::model::era;
use crate::error::{Problem, ProblemKind, Severity};
use crate::model::validate::centres_of;
use super::{fit, paginate};
pub use super::schedule::ScheduleView;
use super::schedule::{self, schedule};
use super::words::Words;
pub use super::grid::{Cell, CellKind, Grid, NOT_SUBMITTED, Width};
use crate::model::key::{ItemPart, Key};
use crate::model::{Block, Centre, Unit, Year};

#[derive(Debug, Serialize)]
pub struct Doc {
    pub packet: PacketView,
    pub schedule: ScheduleView,
    pub programmes: ProgrammesView,
    pub blocks: Vec<BlockView>,
    /// Files the PDF carries (`pdf.attach`): the archive's sources.
    pub attachments: Vec<AttachmentView>,
    /// The appendix of changes since an earlier year (`null`: none).
    pub changes: Option<super::changes::ChangesView>,
    /// The densities a page may take, loosest first (the same for every page: see [`fit::DENSITIES`]).
    pub densities: Vec<fit::Density>,
    /// The (b) tables' text size: the scale's 10 pt role (the ○ summaries') when
    /// every (b) table of the packet fits its page at it, else the body's 9 pt.
    pub table_size: f64,
    /// The page body's size in pt (where a part's fallback is measured).
    pub body: (f64, f64),
    /// A draft (案) while the season runs: a faint watermark on every page. Never archived.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Handouts: the packet this many times, each page numbered with its copy (配布番号). 0: once, unnumbered. Never archived.
    #[serde(skip_serializing_if = "is_zero")]
    pub copies: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Serialize)]
pub struct AttachmentView {
    pub path: String,
    pub mime: String,
    pub description: String,
}

#[derive(Debug, Serialize)]
pub struct PacketView {
    pub prefecture: String,
    pub meeting: String,
    pub material: String,
    /// 和暦, e.g. 平成30年度.
    pub fiscal_year: String,
    /// The meeting's date in 和暦, e.g. 平成30年12月12日.
    pub date: String,
    /// The same as YYYY-MM-DD (the PDF's date).
    pub iso_date: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct ProgrammesView {
    pub titles: Vec<String>,
    pub intro: Vec<String>,
    pub notes: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Cell>,
    /// The table's pages, the ○ intro and ※ notes before the first.
    pub plan: PlanView,
}

#[derive(Debug, Serialize)]
pub struct BlockView {
    pub label: String,
    /// The (a) and (b) pages' titles: the survey's titles with the block's label.
    pub title_a: String,
    pub title_b: String,
    /// The whole tables, for outputs that do not paginate (the accessible HTML).
    #[serde(skip)]
    pub matrix_grid: Grid,
    #[serde(skip)]
    pub table_grid: Grid,
    /// (a): the item matrix's pages; the ※ note and ○ summaries follow the last.
    pub matrix: PlanView,
    pub note: String,
    pub summaries: Vec<String>,
    /// (b): the 課題 table's pages.
    pub table: PlanView,
}

/// A table's pages (see [`paginate::Plan`]).
#[derive(Debug, Serialize)]
pub struct PlanView {
    pub parts: Vec<PartView>,
    /// The parts to use when `parts`, one page on a close call, overflows at the tightest density.
    pub fallback: Option<Vec<PartView>>,
}

/// One page of a table: its title, its rows under the header, and its density.
#[derive(Debug, Serialize)]
pub struct PartView {
    pub title: String,
    pub grid: Grid,
    /// The density the page's `fit` starts from (an index into [`Doc::densities`], see [`super::fit`]).
    pub fit: FitView,
}

/// Where the template's `fit` starts (see [`fit::Start`]).
#[derive(Debug, Serialize)]
pub struct FitView {
    pub start: usize,
    pub sure: bool,
    pub up: bool,
    pub one_page: bool,
}

impl From<fit::Start> for FitView {
    fn from(s: fit::Start) -> Self {
        FitView { start: s.index, sure: s.sure, up: s.up, one_page: s.one_page }
    }
}


/// Warnings of the layout: a Latin or digit run (a web address, a long code)
/// wider than its matrix cell, which the packet must break inside.
pub fn warnings(year: &Year) -> Vec<Problem> {
    let mut out = display_warnings(year, &Words::of(year));
    for block in &year.blocks.blocks {
        let grid = matrix(year, block);
        for cell in grid.cells.iter().filter(|c| c.kind == CellKind::Body) {
            let Some((file, key)) = &cell.source else { continue };
            for run in fit::too_wide_runs(&grid, cell) {
                out.push(Problem { severity: Severity::Warning, file: file.clone(), key: key.clone(), kind: ProblemKind::RunTooWide(run) });
            }
        }
    }
    out
}

/// A `display` line (where an item's label or a schedule box breaks) wider than
/// its box: the box would break it again, elsewhere than `display` says.
fn display_warnings(year: &Year, words: &Words) -> Vec<Problem> {
    use crate::model::file;
    let warn = |file: &str, key: String, line: &str| Problem {
        severity: Severity::Warning,
        file: file.to_string(),
        key: Key::Toml(key),
        kind: ProblemKind::DisplayTooWide(line.to_string()),
    };
    let mut out = Vec::new();
    // An item's label: its column (7.8 em at the body size) less the cell's padding.
    let label_room = 7.8 - fit::INSET_X / fit::BODY;
    for (i, item) in year.survey.items.iter().enumerate() {
        for line in item.display.iter().flat_map(|d| d.split('\n')).filter(|l| fit::line_width(l, false) > label_room + 1e-6) {
            out.push(warn(file::SURVEY, format!("items[{}].display", i + 1), line));
        }
    }
    out.extend(schedule::display_warnings(year, words));
    out
}

/// Lays out a whole year. Errors are layout problems validation cannot see
/// (課題 shares that one table cannot show).
pub fn layout(year: &Year) -> Result<Doc, Vec<Problem>> {
    let mut problems = Vec::new();
    let grids: Vec<(&Block, Grid, Grid)> = year
        .blocks
        .blocks
        .iter()
        .filter_map(|b| match issues_table(year, b) {
            Ok(table) => Some((b, matrix(year, b), table)),
            Err(p) => {
                problems.extend(p);
                None
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    // One size for every (b) page: the larger role only when all can take it.
    let table_size = if grids.iter().all(|(_, _, t)| paginate::fits_one_page(t, fit::SUMMARY)) { fit::SUMMARY } else { fit::BODY };
    let words = Words::of(year);
    let blocks = grids.into_iter().map(|(b, m, t)| block(year, b, m, t, table_size, &words)).collect();
    let p = &year.packet;
    let day = p.date.get().ok();
    Ok(Doc {
        packet: PacketView {
            prefecture: p.prefecture.clone(),
            meeting: p.meeting.clone(),
            material: p.material.clone(),
            fiscal_year: era::fiscal_year(p.fiscal_year),
            date: day.map(|d| era::date(d.year, d.month, d.day)).unwrap_or_default(),
            iso_date: day.map(|d| d.to_string()).unwrap_or_else(|| p.date.to_string()),
            title: format!("{} {}", era::fiscal_year(p.fiscal_year), p.meeting),
        },
        schedule: schedule(year, &words),
        programmes: programmes(year, &words),
        blocks,
        attachments: Vec::new(),
        changes: None,
        densities: fit::DENSITIES.to_vec(),
        table_size,
        body: (fit::BODY_WIDTH, fit::BODY_HEIGHT),
        draft: false,
        copies: 0,
    })
}

fn programmes(year: &Year, words: &Words) -> ProgrammesView {
    let p = &year.programmes;
    let mut cells = Vec::new();
    let mut y = 0;
    for prog in &p.programmes {
        let n = prog.rows.len().max(1);
        cells.push(Cell::new(0, y, CellKind::Label, vec![prog.name.clone()]).span(1, n));
        for (i, row) in prog.rows.iter().enumerate() {
            cells.push(Cell::new(1, y + i, CellKind::Body, row.summary.clone()));
            cells.push(Cell::new(2, y + i, CellKind::Body, row.activities.clone()));
            cells.push(Cell::new(3, y + i, CellKind::Body, row.direction.clone()));
        }
        y += n;
    }
    let mut grid = Grid {
        columns: vec![Width::Em(5.2), Width::Em(9.5), Width::Fr(1.0), Width::Em(11.0)],
        cells: p.columns.iter().enumerate().map(|(x, h)| Cell::new(x, 0, CellKind::Head, vec![h.clone()])).collect(),
    };
    grid.cells.extend(cells.iter().map(|c| Cell { y: c.y + 1, ..c.clone() }));
    words.widen(&mut grid, fit::BODY);
    words.join_grid(&mut grid, fit::BODY);
    let first = |d| fit::intro(&p.intro, &p.notes, d);
    let plan = paginate::plan(&grid, fit::BODY, &paginate::Around { first: &first, last: &|_| 0.0 });
    let title = |i: usize| p.titles.get(i).cloned().unwrap_or_else(|| continued(p.titles.last().map_or("", String::as_str)));
    let plan = plan_view(&grid, &plan, &title, &|g, (first, _), d| fit::table_page(g, d, fit::BODY) + if first { fit::intro(&p.intro, &p.notes, d) } else { 0.0 });
    ProgrammesView { titles: p.titles.clone(), intro: p.intro.clone(), notes: p.notes.clone(), columns: p.columns.clone(), cells, plan }
}

fn block(year: &Year, block: &Block, matrix: Grid, table: Grid, table_size: f64, words: &Words) -> BlockView {
    let note = block.note.clone().unwrap_or_else(|| year.blocks.default_note.clone());
    let titles = |title: &str| {
        let first = format!("{title}（{}）", block.label);
        let next = continued(&first);
        move |i: usize| if i == 0 { first.clone() } else { next.clone() }
    };
    let tail = |d| fit::tail(&note, &block.summaries, d);
    let tight = fit::DENSITIES[fit::DENSITIES.len() - 1];
    // A row taller than a page is cut between its lines first (its label repeated, 「（続き）」).
    let (mut matrix, mut table, matrix_grid, table_grid) = (matrix.clone(), table.clone(), matrix, table);
    words.widen(&mut matrix, fit::BODY);
    words.widen(&mut table, table_size);
    let rooms = (paginate::room_for_rows(&matrix, fit::BODY) - tail(tight), paginate::room_for_rows(&table, table_size));
    paginate::split_tall(&mut matrix, fit::BODY, rooms.0);
    paginate::split_tall(&mut table, table_size, rooms.1);
    // Joined once the pieces are cut: a continued label ends 「（続き）」.
    words.join_grid(&mut matrix, fit::BODY);
    words.join_grid(&mut table, table_size);
    let matrix_plan = paginate::plan(&matrix, fit::BODY, &paginate::Around { first: &|_| 0.0, last: &tail });
    let table_plan = paginate::plan(&table, table_size, &paginate::Around::NONE);
    let (title_a, title_b) = (titles(&year.survey.matrix_title), titles(&year.survey.table_title));
    let matrix_view = plan_view(&matrix, &matrix_plan, &title_a, &|g, (_, last), d| {
        fit::table_page(g, d, fit::BODY) + if last { tail(d) } else { 0.0 }
    });
    let table_view = plan_view(&table, &table_plan, &title_b, &|g, _, d| fit::table_page(g, d, table_size));
    BlockView {
        label: block.label.clone(),
        title_a: title_a(0),
        title_b: title_b(0),
        matrix_grid,
        table_grid,
        matrix: matrix_view,
        note,
        summaries: block.summaries.clone(),
        table: table_view,
    }
}

/// A continued page's title: 「…（深川区域）」 → 「…（深川区域・続き）」, one
/// bracket pair (lib.typ's `continued-title`, for a page Typst continues itself).
fn continued(title: &str) -> String {
    match title.strip_suffix('）') {
        Some(t) if !title.ends_with("・続き）") => format!("{t}・続き）"),
        Some(_) => title.to_string(),
        None => format!("{title}（続き）"),
    }
}

/// A part's page height at a density, given its grid and whether it is the first and the last.
type Height<'a> = &'a dyn Fn(&Grid, (bool, bool), fit::Density) -> f64;

/// The pages of a plan: each part's grid, title and density.
fn plan_view(grid: &Grid, plan: &paginate::Plan, title: &dyn Fn(usize) -> String, height: Height) -> PlanView {
    let parts = |cut: &[std::ops::Range<usize>]| -> Vec<PartView> {
        cut.iter()
            .enumerate()
            .map(|(i, rows)| {
                let grid = paginate::part(grid, rows);
                let ends = (i == 0, i + 1 == cut.len());
                let fit = fit::start(|d| height(&grid, ends, d)).into();
                PartView { title: title(i), grid, fit }
            })
            .collect()
    };
    PlanView { parts: parts(&plan.parts), fallback: plan.fallback.as_deref().map(parts) }
}

/// (a) 取組状況: items by unit, joint cells spanning, 広域 rows spanning centres.
///
/// A unit in k centres gets k sub-columns (大台町 sits under two centres), so
/// each centre's 広域 cell spans one sub-column of each member.
fn matrix(year: &Year, block: &Block) -> Grid {
    let centres = centres_of(year, block);
    let units: Vec<Option<&Unit>> = block.columns.iter().map(|n| year.unit(n)).collect();
    // Sub-columns of each unit, and the grid x where each unit starts.
    let widths: Vec<usize> = block
        .columns
        .iter()
        .map(|n| centres.iter().filter(|c| c.members.contains(n)).count().max(1))
        .collect();
    let first_x = if centres.is_empty() { 1 } else { 2 };
    let mut start = Vec::with_capacity(widths.len());
    let mut x = first_x;
    for w in &widths {
        start.push(x);
        x += w;
    }
    let total = x;
    let col_of = |name: &str| block.columns.iter().position(|c| c == name);
    // A joint cell reaches only partners that have submitted: one that has not is 未提出 in its own column.
    let partner_of = |name: &str| col_of(name).filter(|&c| units[c].is_some());

    let columns = matrix_columns(year, &units, &widths, first_x == 2);
    let mut cells = matrix_head(block, &units, &centres, &start, &widths, first_x);
    let mut y = cells.iter().map(|c| c.y + c.rowspan).max().unwrap_or(1);
    for item in &year.survey.items {
        let no = item.key.as_str();
        let label = item.display();
        let wide = centres.iter().any(|c| c.item(no).is_some());
        let local = centres.is_empty() || units.iter().any(|u| u.is_none_or(|u| u.item(no).is_some()));
        let rows = usize::from(wide) + usize::from(local || !wide);
        let label = label.split('\n').map(String::from).collect();
        cells.push(Cell::new(0, y, CellKind::Label, label).span(1, rows));
        if wide {
            cells.push(Cell::new(1, y, CellKind::Sub, vec!["広域".into()]));
            cells.extend(wide_cells(&centres, no, y, &start, (first_x, total), &col_of));
            y += 1;
        }
        if local || !wide {
            if !centres.is_empty() {
                // 「市町単独」 in the survey's own word for its units (市町村単独).
                cells.push(Cell::new(1, y, CellKind::Sub, vec![format!("{}単独", year.survey.unit_word())]));
            }
            cells.extend(local_cells(&units, no, y, &start, &widths, &partner_of));
            y += 1;
        }
    }
    Grid { columns, cells }
}

/// An item's 広域 row: each centre's lines across one sub-column of each member, and an empty
/// cell in every sub-column no centre covers (from the first unit column to the grid's width).
fn wide_cells(
    centres: &[&Centre],
    no: &str,
    y: usize,
    start: &[usize],
    (first_x, total): (usize, usize),
    col_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut covered = vec![false; total];
    for c in centres {
        // The centre's sub-column in each member: its rank among the member's centres.
        let sub = |m: &String| centres.iter().filter(|d| d.members.contains(m)).position(|d| d.name == c.name);
        let cols: Vec<usize> = c.members.iter().filter_map(|m| Some(start[col_of(m)?] + sub(m)?)).collect();
        let (Some(&a), Some(&b)) = (cols.iter().min(), cols.iter().max()) else { continue };
        // A centre that did nothing for the item says so, as a unit's empty cell does.
        let lines = c.item(no).map(|i| i.lines.clone()).filter(|l| !l.is_empty()).unwrap_or_else(|| vec![NONE_DONE.into()]);
        cells.push(Cell::new(a, y, CellKind::Body, lines).span(b - a + 1, 1));
        covered[a..=b].iter_mut().for_each(|v| *v = true);
    }
    for (gx, _) in covered.iter().enumerate().take(total).skip(first_x).filter(|(_, c)| !**c) {
        cells.push(Cell::new(gx, y, CellKind::Body, vec![]));
    }
    cells
}

/// An item's row of the units' own answers: a joint cell spans from its unit to its last
/// partner that has submitted; a unit that has not is 未提出 in its own column.
fn local_cells(
    units: &[Option<&Unit>],
    no: &str,
    y: usize,
    start: &[usize],
    widths: &[usize],
    partner_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let (kind, lines, last) = match units[i] {
            None => (CellKind::Missing, vec![NOT_SUBMITTED.to_string()], i),
            Some(u) => match u.item(no) {
                None => (CellKind::Body, vec![], i),
                Some(cell) => {
                    let last = cell.shared_with.iter().filter_map(|n| partner_of(n)).max().unwrap_or(i).max(i);
                    (CellKind::Body, cell.lines.clone(), last)
                }
            },
        };
        let a = start[i];
        let b = start[last] + widths[last];
        let mut cell = Cell::new(a, y, kind, lines).span(b - a, 1);
        cell.joint = last > i;
        cell.source = units[i].map(|u| (u.source.clone(), Key::Item { item: no.to_string(), part: ItemPart::Lines }));
        cells.push(cell);
        i = last + 1;
    }
    cells
}

/// The matrix's column widths: 項目 labels hold seven characters a line (their display
/// form says where they break); 広域/市町単独 two, or the survey's unit word on a line
/// of its own over 単独 (市町村 / 単独); then each unit's sub-columns by its share.
fn matrix_columns(year: &Year, units: &[Option<&Unit>], widths: &[usize], sub: bool) -> Vec<Width> {
    let mut columns = vec![Width::Em(7.8)];
    if sub {
        let word = year.survey.unit_word().chars().count() as f64;
        columns.push(Width::Em((word + 0.7).max(3.3)));
    }
    for (w, share) in widths.iter().zip(column_shares(year, units)) {
        columns.extend(std::iter::repeat_n(Width::Fr(share / *w as f64), *w));
    }
    columns
}

/// Each unit's share of the matrix's width: more for a unit that wrote more, so
/// that rows are as short as the text allows (the square root of its length
/// against the mean, between 0.75 and 1.4: a quiet town keeps a readable column).
fn column_shares(year: &Year, units: &[Option<&Unit>]) -> Vec<f64> {
    let length = |u: &Option<&Unit>| -> f64 {
        let chars: usize = u.map_or(0, |u| year.survey.items.iter().filter_map(|i| u.item(&i.key)).flat_map(|c| &c.lines).map(|l| l.chars().count()).sum());
        chars.max(1) as f64
    };
    let lengths: Vec<f64> = units.iter().map(length).collect();
    let mean = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
    lengths.iter().map(|l| (l / mean).sqrt().clamp(0.75, 1.4)).collect()
}

/// 「―」: nothing done (what a unit types in an empty cell, and what an empty 広域 half prints).
const NONE_DONE: &str = "―";

/// The matrix's header: 項目, then each unit (a union with its members). A unit
/// split between centres (大台町 under two) gets a second row naming the centre
/// of each half, so that a photocopy still tells the halves apart.
fn matrix_head(block: &Block, units: &[Option<&Unit>], centres: &[&Centre], start: &[usize], widths: &[usize], first_x: usize) -> Vec<Cell> {
    let split = widths.iter().any(|&w| w > 1);
    let rows = if split { 2 } else { 1 };
    let mut cells = vec![Cell::new(0, 0, CellKind::Head, vec!["項目".into()]).span(first_x, rows)];
    for (i, name) in block.columns.iter().enumerate() {
        let header = units[i].map(|u| u.header()).unwrap_or_else(|| name.clone());
        let own_rows = if widths[i] > 1 { 1 } else { rows };
        cells.push(Cell::new(start[i], 0, CellKind::Head, vec![header]).span(widths[i], own_rows));
    }
    for (i, name) in block.columns.iter().enumerate().filter(|(i, _)| widths[*i] > 1) {
        let mine: Vec<&&Centre> = centres.iter().filter(|c| c.members.contains(name)).collect();
        // Halves whose short names are the same (寿都地域… and 寿都地域…) are named in full, so that they differ.
        let short: Vec<&str> = mine.iter().map(|c| short_name(&c.name)).collect();
        let alike = short.iter().enumerate().any(|(k, s)| short[..k].contains(s));
        for (j, c) in mine.iter().enumerate() {
            let label = if alike { c.name.as_str() } else { short[j] };
            cells.push(Cell::new(start[i] + j, 1, CellKind::Head, vec![label.to_string()]));
        }
    }
    cells
}

/// A centre's short name for a narrow header: what comes before 在宅 / 認知症 /
/// 地域包括 (松阪地域在宅医療・介護連携拠点 → 松阪地域), else the whole name.
fn short_name(name: &str) -> &str {
    ["在宅", "認知症", "地域包括"]
        .iter()
        .filter_map(|w| name.find(w))
        .min()
        .map(|at| &name[..at])
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
}

/// One entry of the paired table as laid out: owners (local unit indices), first column, rows.
struct PairRow {
    first: usize,
    last: usize,
    text: String,
    rows: Vec<Vec<String>>,
}

/// (b) the unit's fields and the paired table (課題と今後の取組): rows are the
/// table's rows; the unit, its fields and the first column span rows, shared
/// ones across the rows of every unit sharing them.
fn issues_table(year: &Year, block: &Block) -> Result<Grid, Vec<Problem>> {
    let survey = &year.survey;
    let units: Vec<Option<&Unit>> = block.columns.iter().map(|n| year.unit(n)).collect();
    // Shares reach only partners that have submitted: one that has not keeps its own 未提出 rows.
    let col_of = |name: &str| block.columns.iter().position(|c| c == name).filter(|&c| units[c].is_some());
    let reach = |i: usize| -> usize {
        let Some(u) = units[i] else { return i };
        u.fields
            .values()
            .flat_map(|f| &f.shared_with)
            .chain(u.pairs.iter().flat_map(|j| &j.shared_with))
            .filter_map(|n| col_of(n))
            .fold(i, usize::max)
    };
    let t = &survey.table;
    let heads = std::iter::once(&t.unit_header)
        .chain(survey.fields.iter().map(|f| &f.name))
        .chain(std::iter::once(&t.first.header))
        .chain(t.columns.iter().map(|c| &c.header));
    let mut cells: Vec<Cell> = heads.enumerate().map(|(x, h)| Cell::new(x, 0, CellKind::Head, vec![h.clone()])).collect();
    let mut y = 1;
    let mut g0 = 0;
    let mut problems = Vec::new();
    while g0 < units.len() {
        // A group: consecutive units linked by any share.
        let mut g1 = reach(g0);
        let mut i = g0;
        while i <= g1 {
            g1 = g1.max(reach(i));
            i += 1;
        }
        match group(year, &block.columns, &units, g0, g1, &col_of, y) {
            Ok((group_cells, rows)) => {
                cells.extend(group_cells);
                y += rows;
            }
            Err(()) => problems.push(Problem {
                severity: Severity::Error,
                file: units[g0].map(|u| u.source.clone()).unwrap_or_default(),
                key: Key::Pairs,
                kind: ProblemKind::IssueOrder { unit_word: year.survey.unit_word().to_string() },
            }),
        }
        g0 = g1 + 1;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let columns = std::iter::once(t.unit_width)
        .chain(survey.fields.iter().map(|f| f.width))
        .chain(std::iter::once(t.first.width))
        .chain(t.columns.iter().map(|c| c.width))
        .map(Width::Fr)
        .collect();
    Ok(Grid { columns, cells })
}

/// The entries of units `g0..=g1`, each once (a shared entry under its first owner), in owner order.
fn pair_rows(year: &Year, units: &[Option<&Unit>], g0: usize, g1: usize, col_of: &dyn Fn(&str) -> Option<usize>) -> Vec<PairRow> {
    let width = year.survey.table.columns.len();
    let mut rows: Vec<PairRow> = Vec::new();
    for (i, unit) in units.iter().enumerate().take(g1 + 1).skip(g0) {
        match *unit {
            None => rows.push(PairRow {
                first: i,
                last: i,
                text: NOT_SUBMITTED.into(),
                rows: vec![vec![NOT_SUBMITTED.into(); width]],
            }),
            Some(u) => {
                for j in &u.pairs {
                    let owners: Vec<usize> = j.shared_with.iter().filter_map(|n| col_of(n)).chain([i]).collect();
                    let (first, last) = (*owners.iter().min().unwrap_or(&i), *owners.iter().max().unwrap_or(&i));
                    if !rows.iter().any(|r| r.first == first && r.last == last && r.text == j.first) {
                        rows.push(PairRow { first, last, text: j.first.clone(), rows: j.rows.clone() });
                    }
                }
            }
        }
    }
    // Every unit needs a row of its own even when it wrote no entry.
    for i in g0..=g1 {
        if !rows.iter().any(|r| r.first <= i && i <= r.last) {
            rows.push(PairRow { first: i, last: i, text: String::new(), rows: vec![] });
        }
    }
    rows.sort_by_key(|r| (r.first, r.last));
    rows
}

/// A cell's text as lines.
fn cell_lines(text: &str) -> Vec<String> {
    text.split('\n').map(String::from).collect()
}

/// Lays out units `g0..=g1` from row `y`; returns the cells and the number of rows.
fn group(
    year: &Year,
    names: &[String],
    units: &[Option<&Unit>],
    g0: usize,
    g1: usize,
    col_of: &dyn Fn(&str) -> Option<usize>,
    y: usize,
) -> Result<(Vec<Cell>, usize), ()> {
    let fields = &year.survey.fields;
    let (mut cells, owner) = table_cells(year, units, g0, g1, col_of, y);
    if owner.windows(2).any(|w| w[1] < w[0]) {
        return Err(());
    }
    let rows_of = |i: usize| -> (usize, usize) {
        let a = owner.iter().position(|&o| o == i).unwrap_or(0);
        let b = owner.iter().rposition(|&o| o == i).unwrap_or(a);
        (a, b)
    };
    // A group whose every entry and field is joint is one 市町 cell naming all its units:
    // rows of its own per town would make each 取組 look like one town's.
    let merged = g1 > g0 && all_joint(year, units, g0, g1, col_of);
    if merged {
        let lines = (g0..=g1).map(|i| names[i].clone()).collect();
        let mut group = name_cells(lines, y, y + owner.len() - 1);
        group.iter_mut().for_each(|c| c.joint = true);
        cells.extend(group);
    }
    let mut done = vec![vec![false; units.len()]; fields.len()];
    for i in g0..=g1 {
        let (a, b) = rows_of(i);
        let Some(u) = units[i] else {
            cells.extend(name_cells(vec![names[i].clone()], y + a, y + b));
            // Inside a joint field of its partners, their cell already covers these rows.
            for (f, done) in done.iter_mut().enumerate() {
                if !std::mem::replace(&mut done[i], true) {
                    cells.push(Cell::new(1 + f, y + a, CellKind::Missing, vec![NOT_SUBMITTED.into()]).span(1, b - a + 1));
                }
            }
            continue;
        };
        if !merged {
            let mut lines = vec![u.name.clone()];
            lines.extend(u.members.iter().map(|m| m.name.clone()));
            cells.extend(name_cells(lines, y + a, y + b));
        }
        for (f, field) in fields.iter().enumerate() {
            if done[f][i] {
                continue;
            }
            let value = u.field(&field.key).cloned().unwrap_or_default();
            let last = value.shared_with.iter().filter_map(|n| col_of(n)).fold(i, usize::max);
            let (_, end) = rows_of(last);
            for d in done[f].iter_mut().take(last + 1).skip(i) {
                *d = true;
            }
            let mut cell = Cell::new(1 + f, y + a, CellKind::Body, value.printed()).span(1, end - a + 1);
            cell.joint = last > i;
            cells.push(cell);
        }
    }
    Ok((cells, owner.len()))
}

/// The paired table's cells of units `g0..=g1` from row `y`, and which unit each table row
/// belongs to (a shared entry's rows are dealt out among its owners).
fn table_cells(
    year: &Year,
    units: &[Option<&Unit>],
    g0: usize,
    g1: usize,
    col_of: &dyn Fn(&str) -> Option<usize>,
    y: usize,
) -> (Vec<Cell>, Vec<usize>) {
    let first_x = 1 + year.survey.fields.len();
    let width = year.survey.table.columns.len();
    let mut owner = Vec::new();
    let mut cells = Vec::new();
    for r in pair_rows(year, units, g0, g1, col_of) {
        let k = r.last - r.first + 1;
        let n = r.rows.len().max(k).max(1);
        let top = y + owner.len();
        for j in 0..n {
            owner.push(r.first + j * k / n);
        }
        let kind = if r.text == NOT_SUBMITTED { CellKind::Missing } else { CellKind::Body };
        let mut first = Cell::new(first_x, top, kind, vec![r.text.clone()]).span(1, n);
        first.joint = k > 1;
        cells.push(first);
        let m = r.rows.len();
        for (j, row) in r.rows.iter().enumerate() {
            let span = if j + 1 == m { n - j } else { 1 };
            for c in 0..width {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                cells.push(Cell::new(first_x + 1 + c, top + j, kind, cell_lines(text)).span(1, span));
            }
        }
        if m == 0 {
            for c in 0..width {
                cells.push(Cell::new(first_x + 1 + c, top, CellKind::Body, vec![]).span(1, n));
            }
        }
    }
    (cells, owner)
}

/// Whether units `g0..=g1` answered as one: all submitted, every paired entry
/// shared by all of them, and every field of the first joint up to the last.
fn all_joint(year: &Year, units: &[Option<&Unit>], g0: usize, g1: usize, col_of: &dyn Fn(&str) -> Option<usize>) -> bool {
    let Some(first) = units[g0] else { return false };
    let submitted = units[g0..=g1].iter().all(Option::is_some);
    let entries = pair_rows(year, units, g0, g1, col_of).iter().all(|r| r.first == g0 && r.last == g1);
    let fields = year.survey.fields.iter().all(|f| {
        let shared = first.field(&f.key).map(|v| v.shared_with.as_slice()).unwrap_or_default();
        shared.iter().filter_map(|n| col_of(n)).max() == Some(g1)
    });
    submitted && entries && fields
}

/// The 市町 column of a unit's rows `top..=bottom`: one cell per row, not a row
/// span, so that when the table breaks inside a unit the template can repeat
/// the unit's name in its first row on the next page (`name-cont` rows show it
/// only there).
fn name_cells(lines: Vec<String>, top: usize, bottom: usize) -> Vec<Cell> {
    (top..=bottom)
        .map(|y| Cell {
            last: y == bottom,
            ..Cell::new(0, y, if y == top { CellKind::Name } else { CellKind::NameCont }, lines.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    /// Item `no` (1-based) of the legacy survey.
    fn key(no: u8) -> String {
        Survey::legacy().items[usize::from(no) - 1].key.clone()
    }

    fn text(t: String) -> FieldValue {
        FieldValue { text: t, ..Default::default() }
    }

    fn unit(name: &str, items: &[(u8, &str, &[&str])], issues: &[(&str, &[&str], &[&str])]) -> Unit {
        Unit {
            name: name.into(),
            fields: [("hub".to_string(), text(format!("{name}拠点"))), ("direction".to_string(), text(format!("{name}方向性")))]
                .into_iter()
                .collect(),
            items: items
                .iter()
                .map(|(no, line, shared)| ItemCell {
                    key: key(*no),
                    lines: vec![line.to_string()],
                    shared_with: shared.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            pairs: issues
                .iter()
                .map(|(issue, actions, shared)| Pair {
                    first: issue.to_string(),
                    rows: actions.iter().map(|s| vec![s.to_string()]).collect(),
                    shared_with: shared.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn year(units: Vec<Unit>, centres: Vec<Centre>) -> Year {
        let columns = units.iter().map(|u| u.name.clone()).collect();
        Year {
            survey: Survey::legacy(),
            blocks: Blocks { default_note: "注".into(), blocks: vec![Block { label: "区域".into(), columns, ..Default::default() }] },
            units,
            centres,
            ..Default::default()
        }
    }

    fn find<'a>(cells: &'a [Cell], text: &str) -> &'a Cell {
        cells.iter().find(|c| c.lines.iter().any(|l| l == text)).unwrap_or_else(|| panic!("{text} not laid out"))
    }

    /// 松阪: A–D share one centre, D–E another; D sits under both in half columns.
    #[test]
    fn overlapping_centres_split_the_shared_member_column() {
        let units = ["A", "B", "C", "D", "E"].map(|n| unit(n, &[(1, &format!("・{n}単独"), &[])], &[("課題", &["取組"], &[])]));
        let centre = |name: &str, members: &[&str], line: &str| Centre {
            name: name.into(),
            members: members.iter().map(|s| s.to_string()).collect(),
            items: vec![CentreItem { key: key(1), lines: vec![line.into()] }],
            ..Default::default()
        };
        let y = year(units.to_vec(), vec![centre("広1", &["A", "B", "C", "D"], "・広域1"), centre("広2", &["D", "E"], "・広域2")]);
        let g = matrix(&y, &y.blocks.blocks[0]);
        // label, sub, A, B, C, D(2 halves), E
        assert_eq!(g.columns.len(), 2 + 6);
        let d = find(&g.cells, "D");
        assert_eq!((d.x, d.colspan), (5, 2));
        // A second header row names each half's centre; the body starts under it.
        assert_eq!((d.y, d.rowspan), (0, 1));
        assert_eq!((find(&g.cells, "広1").x, find(&g.cells, "広1").y), (5, 1));
        assert_eq!((find(&g.cells, "広2").x, find(&g.cells, "広2").y), (6, 1));
        assert_eq!(find(&g.cells, "A").rowspan, 2);
        let w1 = find(&g.cells, "・広域1");
        assert_eq!((w1.x, w1.colspan, w1.y), (2, 4, 2));
        let w2 = find(&g.cells, "・広域2");
        assert_eq!((w2.x, w2.colspan, w2.y), (6, 2, 2));
        let local_d = find(&g.cells, "・D単独");
        assert_eq!((local_d.x, local_d.colspan, local_d.y), (5, 2, 3));
        assert_eq!(find(&g.cells, "広域").y, 2);
        assert_eq!(find(&g.cells, "市町単独").y, 3);
    }

    /// A joint cell spans its units' columns; equal text without a share does not.
    #[test]
    fn joint_cells_span_and_equal_text_does_not() {
        let units = vec![
            unit("A", &[(1, "・共同", &["B"]), (2, "・同じ", &[])], &[("課題", &["取組"], &[])]),
            unit("B", &[(1, "・共同", &["A"]), (2, "・同じ", &[])], &[("課題", &["取組"], &[])]),
        ];
        let y = year(units, vec![]);
        let g = matrix(&y, &y.blocks.blocks[0]);
        let joint: Vec<&Cell> = g.cells.iter().filter(|c| c.lines == ["・共同"]).collect();
        assert_eq!(joint.len(), 1);
        assert_eq!((joint[0].x, joint[0].colspan), (1, 2));
        assert!(joint[0].joint, "tagged 共同");
        assert!(g.cells.iter().filter(|c| c.lines == ["・同じ"]).all(|c| !c.joint));
        assert_eq!(g.cells.iter().filter(|c| c.lines == ["・同じ"]).count(), 2);
    }

    /// (b): a 課題 shared by B and C spans their rows; A's own rows come first.
    #[test]
    fn shared_issues_span_the_rows_of_their_units() {
        let mut units = vec![
            unit("A", &[], &[("A課題", &["A取組1", "A取組2"], &[])]),
            unit("B", &[], &[("共同課題", &["共同取組"], &["C"])]),
            unit("C", &[], &[("共同課題", &["共同取組"], &["B"])]),
        ];
        let dir = units[1].fields.get_mut("direction").unwrap();
        dir.shared_with = vec!["C".into()];
        let mut twin = dir.clone();
        twin.shared_with = vec!["B".into()];
        units[2].fields.insert("direction".into(), twin);
        let y = year(units, vec![]);
        let g = issues_table(&y, &y.blocks.blocks[0]).unwrap();
        let shared = find(&g.cells, "共同課題");
        assert_eq!((shared.y, shared.rowspan), (3, 2));
        let names: Vec<(usize, &str)> =
            g.cells.iter().filter(|c| c.kind == CellKind::Name).map(|c| (c.y, c.lines[0].as_str())).collect();
        assert_eq!(names, [(1, "A"), (3, "B"), (4, "C")]);
        let dir = find(&g.cells, "B方向性");
        assert_eq!((dir.y, dir.rowspan), (3, 2));
        assert_eq!(g.cells.iter().filter(|c| c.lines == ["B方向性"]).count(), 1);
    }

    /// (b): units that answered every field and entry together get one 市町 cell naming both,
    /// so that no 取組 row looks like one town's.
    #[test]
    fn units_answering_as_one_share_one_name_cell() {
        let mut units = vec![
            unit("B", &[], &[("共同課題", &["取組1", "取組2"], &["C"])]),
            unit("C", &[], &[("共同課題", &["取組1", "取組2"], &["B"])]),
        ];
        for (i, other) in [(0, "C"), (1, "B")] {
            for f in units[i].fields.values_mut() {
                f.shared_with = vec![other.into()];
            }
        }
        let y = year(units, vec![]);
        let g = issues_table(&y, &y.blocks.blocks[0]).unwrap();
        let names: Vec<&Cell> = g.cells.iter().filter(|c| c.kind == CellKind::Name).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert_eq!(names[0].lines, ["B", "C"]);
        assert!(names[0].joint);
    }
}
