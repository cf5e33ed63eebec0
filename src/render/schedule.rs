//! Page 1: the year's schedule as a month grid, its boxes placed in lanes,
//! its months as wide as its boxes' words need.

use serde::Serialize;

use super::fit;
use super::grid::{Cell, CellKind};
use super::words::Words;
use crate::error::{Problem, ProblemKind, Severity};
use crate::model::key::Key;
use crate::model::{YearMonth, era, file, limits, Year};

/// The band labels' column, in em of the body size (lib.typ's `schedule-page`).
const BAND_COLUMN: f64 = 2.2;
/// A box's padding and rule, left and right together, in pt: the cell's 3 pt and
/// the box's 3 pt each side, and its 0.7 pt rule.
const BOX_PAD: f64 = 12.0 + 1.4;
/// A text block's padding: the cell's 3 pt each side.
const TEXT_PAD: f64 = 6.0;
/// The narrowest a month may be, as a share of an equal month.
const NARROWEST: f64 = 0.75;

#[derive(Debug, Serialize)]
pub struct ScheduleView {
    pub title: String,
    /// Column headers: ６月 … ３月.
    pub months: Vec<String>,
    /// Each month's width in pt (the templates take them as shares of the page).
    pub widths: Vec<f64>,
    pub rows: usize,
    /// The boxes and labels, their lines joined for the page (words.rs).
    pub cells: Vec<Cell>,
    /// y of the first row of each band after the first (for rules between bands).
    pub band_starts: Vec<usize>,
    pub notes: Vec<String>,
}

/// A box to place: its first and last month, kind and lines.
type Boxed = (usize, usize, CellKind, Vec<String>, Option<usize>);

pub fn schedule(year: &Year, words: &Words) -> ScheduleView {
    laid_out(year, words).0
}

/// The schedule, and for each of its cells the event it shows (an index of `schedule.events`).
fn laid_out(year: &Year, words: &Words) -> (ScheduleView, Vec<Option<usize>>) {
    let s = &year.schedule;
    // Validation has refused unreadable, reversed or too many months; the
    // fallbacks and the clamp only keep a layout of an unchecked year bounded.
    let fiscal = YearMonth::fiscal_year(year.packet.fiscal_year);
    let first = s.first_month.get().unwrap_or(*fiscal.start());
    let last = s.last_month.get().unwrap_or(*fiscal.end());
    let n = first.months_to(last).clamp(0, limits::MAX_MONTHS - 1) + 1;
    let months = (0..n).map(|i| format!("{}月", era::zen(first.plus(i).month as i32))).collect();
    let col = |m: Option<YearMonth>| -> usize { first.months_to(m.unwrap_or(first)).clamp(0, n - 1) as usize };
    let mut cells = Vec::new();
    let mut events = Vec::new();
    let mut band_starts = Vec::new();
    let mut y = 1;
    for band in &s.bands {
        let (placed, height) = place(boxes(year, band, &col), y);
        if y > 1 {
            band_starts.push(y);
        }
        cells.push(Cell::new(0, y, CellKind::Band, band.chars().map(String::from).collect()).span(1, height));
        events.push(None);
        events.extend(placed.iter().map(|(_, e)| *e));
        cells.extend(placed.into_iter().map(|(c, _)| c));
        y += height;
    }
    let widths = month_widths(&cells, n as usize, words);
    for c in &mut cells {
        join(c, &widths, words);
    }
    (ScheduleView { title: s.title.clone(), months, widths, rows: y, cells, band_starts, notes: s.notes.clone() }, events)
}

/// A band's events and text blocks, with their months (`col` of a month).
fn boxes(year: &Year, band: &str, col: &dyn Fn(Option<YearMonth>) -> usize) -> Vec<Boxed> {
    let s = &year.schedule;
    let events = s.events.iter().enumerate().filter(|(_, e)| e.band == band).map(|(i, e)| {
        // The box's label as its display form breaks it.
        let label: Vec<String> = e.display.as_deref().unwrap_or(&e.label).split('\n').map(String::from).collect();
        let (a, b, kind, mut lines) = match (&e.date, &e.from, &e.to) {
            (Some(d), _, _) => {
                let d = d.get().ok();
                let day = d.map(|d| format!("{}/{}", d.month, d.day)).unwrap_or_default();
                let x = col(d.map(|d| d.month()));
                (x, x, CellKind::Event, [label, vec![day]].concat())
            }
            (None, Some(a), Some(b)) => (col(a.get().ok()), col(b.get().ok()), CellKind::Span, label),
            _ => (0, 0, CellKind::Event, label),
        };
        // Agenda lines follow the box's own lines after an empty separator.
        if !e.agenda.is_empty() {
            lines.push(String::new());
            lines.extend(e.agenda.iter().cloned());
        }
        (a, b, kind, lines, Some(i))
    });
    let texts = s.texts.iter().filter(|t| t.band == band).map(|t| {
        let title = (!t.title.is_empty()).then(|| t.title.clone());
        let lines = title.into_iter().chain(t.lines.iter().cloned()).collect();
        (col(t.from.get().ok()), col(t.to.get().ok()), CellKind::Text, lines, None)
    });
    events.chain(texts).collect()
}

/// Each box in the first lane (row from `y`) where its months are free; the cells (with their
/// events) and the lanes used.
fn place(boxes: Vec<Boxed>, y: usize) -> (Vec<(Cell, Option<usize>)>, usize) {
    let mut lanes: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut placed = Vec::new();
    for (a, b, kind, lines, event) in boxes {
        let (a, b) = (a.min(b), a.max(b));
        let lane = lanes.iter().position(|l| l.iter().all(|&(x, z)| b < x || a > z)).unwrap_or_else(|| {
            lanes.push(Vec::new());
            lanes.len() - 1
        });
        lanes[lane].push((a, b));
        placed.push((Cell::new(1 + a, y + lane, kind, lines).span(b - a + 1, 1), event));
    }
    (placed, lanes.len().max(1))
}

/// The padding around a box's line: the box's own lines are in a bordered box, its agenda under it.
fn pads(c: &Cell) -> impl Iterator<Item = f64> + '_ {
    let mut under = false;
    c.lines.iter().map(move |l| {
        under |= l.is_empty() && c.kind == CellKind::Event;
        if c.kind == CellKind::Text || under { TEXT_PAD } else { BOX_PAD }
    })
}

/// The months' widths in pt: each box's widest word fits its months, every
/// month at least [`NARROWEST`] of an equal share, and the width left over
/// shared so that the months stay as equal as they can (the narrowest raised first).
fn month_widths(cells: &[Cell], n: usize, words: &Words) -> Vec<f64> {
    let total = fit::BODY_WIDTH - BAND_COLUMN * fit::BODY;
    let floor = NARROWEST * total / n.max(1) as f64;
    let mut need = vec![floor; n];
    let mut wants: Vec<(usize, usize, f64)> = cells
        .iter()
        .filter(|c| c.kind != CellKind::Band && c.x >= 1 && c.x - 1 + c.colspan <= n)
        .map(|c| {
            let want = c.lines.iter().zip(pads(c)).map(|(l, pad)| pad + fit::BODY * words.widest(l, false)).fold(0.0, f64::max);
            (c.x - 1, c.colspan, want)
        })
        .collect();
    // Single months first: a wider box then takes what its months still lack.
    wants.sort_by_key(|w| w.1);
    for (a, span, want) in wants {
        let have: f64 = need[a..a + span].iter().sum();
        if want > have {
            need[a..a + span].iter_mut().for_each(|m| *m += (want - have) / span as f64);
        }
    }
    let sum: f64 = need.iter().sum();
    if sum >= total {
        // More than the page: every month's need above the floor scaled down alike.
        let k = (total - floor * n as f64) / (sum - floor * n as f64);
        return need.iter().map(|m| floor + (m - floor) * k).collect();
    }
    // The level below which every month is raised to it, so that the widths fill the page.
    let (mut lo, mut hi) = (0.0, total);
    for _ in 0..60 {
        let t = (lo + hi) / 2.0;
        if need.iter().map(|m| m.max(t)).sum::<f64>() > total { hi = t } else { lo = t }
    }
    need.iter().map(|m| m.max(lo)).collect()
}

/// A box's width in pt: its months'.
fn width(c: &Cell, widths: &[f64]) -> f64 {
    widths[(c.x.max(1) - 1).min(widths.len())..(c.x.max(1) - 1 + c.colspan).min(widths.len())].iter().sum()
}

/// A box's lines joined for its width (words.rs); agenda bullets hang.
fn join(c: &mut Cell, widths: &[f64], words: &Words) {
    if c.kind == CellKind::Band {
        return;
    }
    let w = width(c, widths);
    let pads: Vec<f64> = pads(c).collect();
    let bold = c.kind == CellKind::Text;
    for (i, (l, pad)) in c.lines.iter_mut().zip(pads).enumerate() {
        let hang = if l.starts_with(['・', '○', '※']) { 1.0 } else { 0.0 };
        // A text block's title is bold; its lines sit in up to three columns (lib.typ).
        let columns = if c.kind == CellKind::Text && i > 0 { (c.colspan / 3).clamp(1, 3) as f64 } else { 1.0 };
        let room = ((w - pad) / columns - if columns > 1.0 { fit::BODY } else { 0.0 }) / fit::BODY;
        *l = words.join(l, room, hang, bold && i == 0);
    }
}

/// A `display` line (where a schedule box breaks) wider than its box: the box
/// would break it again, elsewhere than `display` says.
pub fn display_warnings(year: &Year, words: &Words) -> Vec<Problem> {
    let (view, events) = laid_out(year, words);
    let mut out = Vec::new();
    for (c, i) in view.cells.iter().zip(events).filter_map(|(c, e)| Some((c, e?))) {
        let e = &year.schedule.events[i];
        let room = (width(c, &view.widths) - BOX_PAD) / fit::BODY;
        for line in e.display.iter().flat_map(|d| d.split('\n')).filter(|l| fit::line_width(l, false) > room + 1e-6) {
            out.push(Problem {
                severity: Severity::Warning,
                file: file::SCHEDULE.to_string(),
                key: Key::Toml(format!("events[{}].display", i + 1)),
                kind: ProblemKind::DisplayTooWide(line.to_string()),
            });
        }
    }
    out
}
