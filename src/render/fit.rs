//! The density (cell padding and leading, at the one type scale) at which a
//! block's page fits one page, predicted in Rust.
//!
//! The template's `fit` (lib.typ) can measure a page by laying it out, but a
//! measure costs a full layout of the table: on a national run measuring was
//! two thirds of all the work. So the page height is computed here the way
//! Typst sets it: glyph advances from the embedded BIZ UDPGothic, greedy
//! line breaking with Japanese line-start and line-end rules, the trimmed
//! punctuation at line ends, the template's insets, leading and spacing.
//! Checked against Typst's own measurements on 240 synthetic and sample
//! pages (tests/it/fit.rs): the 課題 tables to the point, the matrices within
//! about 1.5 pt short or one line long. The template measures only the
//! close calls this leaves.

use std::sync::LazyLock;

use ttf_parser::Face;

use super::fonts;
use super::grid::{BREAK, Cell, CellKind, Grid, JOIN, Width};

/// Page body of A4 landscape within the template's margins, in pt
/// (29.7 cm − 2 × 1.3 cm by 21 cm − 1.6 cm − 1.5 cm).
pub const BODY_WIDTH: f64 = 768.2;
pub const BODY_HEIGHT: f64 = 507.4;
/// Cell padding left and right together (lib.typ's `pad-x`, 3 pt each side).
pub const INSET_X: f64 = 6.0;
/// The type scale (lib.typ's `scale`): body, ○ summaries, ※ notes, in pt.
pub const BODY: f64 = 9.0;
pub const SUMMARY: f64 = 10.0;
pub const NOTE: f64 = 8.0;
/// The 「共同」 tag's height (lib.typ's `joint-tag`: 8 pt in a box, 1 pt above and below), fitted to Typst.
const JOINT_TAG: f64 = 8.12;
/// The page title (14 pt bold, one line) and its 0.7 em gap at the page's 9 pt.
const TITLE_SIZE: f64 = 14.0;
const TITLE_GAP: f64 = 6.3;

/// How tightly a page is set: cell padding above and below (pt) and the
/// leading and paragraph spacing (em). lib.typ's `with-density`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Density {
    pub inset: f64,
    pub lead: f64,
}

/// The densities a page may take, loosest first: the padding goes before the
/// leading. A page with room breathes up to the first (a sparse page is set
/// loose, never left at a tight setting); a full one tightens. One step from
/// the loose setting to the default: a page that does not hold at the loose
/// one is at least three quarters full at the next, and every step more is
/// another close call for Typst to measure (BENCH.md). The padding
/// stops at 2 pt: lines are placed by cap height, and a kanji's ink rises
/// about 1.5 pt above it at 9 pt (closer, it touches the rule); the leading
/// stops at 0.34 em (tighter, Japanese lines touch).
pub const DENSITIES: [Density; 6] = [
    Density { inset: 5.0, lead: 0.62 },
    Density { inset: 3.0, lead: 0.42 },
    Density { inset: 2.5, lead: 0.40 },
    Density { inset: 2.0, lead: 0.38 },
    Density { inset: 2.0, lead: 0.36 },
    Density { inset: 2.0, lead: 0.34 },
];
/// A margin for the estimate's errors, in pt: it may be this much short…
pub(crate) const SHORT: f64 = 3.0;
/// …or a line or so long.
pub(crate) const LONG: f64 = 12.0;

/// Marks a line may not start with (closing punctuation, small kana, ー).
const NO_START: &str = "、。，．）」』】〕〉》！？ー々ゝゞァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ・：；,.)]!?%";
/// Marks a line may not end with (opening punctuation).
const NO_END: &str = "（「『【〔〈《([";
/// Closing and opening marks whose blank half Typst trims at a line's end or start, or between two of them.
const CLOSE: &str = "、。，．）」』】〕〉》";
const OPEN: &str = "（「『【〔〈《";

struct Metrics {
    regular: Face<'static>,
    bold: Face<'static>,
    /// Cap height in em: a line's height under `top-edge: "cap-height"`, `bottom-edge: "baseline"`.
    cap: f64,
}

static METRICS: LazyLock<Option<Metrics>> = LazyLock::new(|| {
    let face = |name: &str| {
        let (_, data) = fonts::FILES.iter().find(|(n, _)| *n == name)?;
        Face::parse(data, 0).ok()
    };
    let regular = face("BIZUDPGothic-Regular.ttf")?;
    let bold = face("BIZUDPGothic-Bold.ttf")?;
    let cap = f64::from(regular.capital_height()?) / f64::from(regular.units_per_em());
    Some(Metrics { regular, bold, cap })
});

impl Metrics {
    /// Advance of a character in em; one em where the font lacks it (the fallback is monospaced).
    fn advance(&self, c: char, bold: bool) -> f64 {
        let face = if bold { &self.bold } else { &self.regular };
        face.glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(1.0, |a| f64::from(a) / f64::from(face.units_per_em()))
    }

    /// Lines a paragraph takes in `width` em; lines after the first start `hang` em in.
    fn lines(&self, text: &str, width: f64, bold: bool, hang: f64) -> usize {
        // A cell's lines break the same at every density (only the padding and leading change):
        // each paragraph is broken once per width, not once per density tried.
        thread_local! {
            static BROKEN: std::cell::RefCell<std::collections::HashMap<(String, u64, bool, u64), usize>> = Default::default();
        }
        let key = (text.to_string(), width.to_bits(), bold, hang.to_bits());
        if let Some(n) = BROKEN.with(|b| b.borrow().get(&key).copied()) {
            return n;
        }
        let n = self.break_lines(text, width, bold, hang).0;
        BROKEN.with(|b| {
            let mut b = b.borrow_mut();
            // Bounded: a long-running desk typesets year after year.
            if b.len() > 100_000 {
                b.clear();
            }
            b.insert(key, n);
        });
        n
    }

    /// Lines a paragraph takes, broken greedily (see [`Metrics::lines`]), and the letters of its
    /// last line (punctuation and spaces not counted).
    fn break_lines(&self, text: &str, width: f64, bold: bool, hang: f64) -> (usize, usize) {
        // Word joiners (words.rs) keep the character after them with the one before; they take no width.
        // A zero-width space allows a break where none would be (inside a Latin word).
        let (mut joined, mut breaks, mut chars) = (Vec::new(), Vec::new(), Vec::new());
        let mut allow = false;
        for c in text.chars() {
            match joined.last_mut() {
                Some(j) if c == JOIN => *j = true,
                _ if c == JOIN => {}
                _ if c == BREAK => allow = true,
                _ => {
                    chars.push(c);
                    joined.push(false);
                    breaks.push(std::mem::take(&mut allow));
                }
            }
        }
        if chars.is_empty() {
            return (1, 0);
        }
        // joined[i]: no break after i; boxed[i]: none before i.
        let boxed: Vec<bool> = std::iter::once(false).chain(joined.iter().copied()).take(chars.len()).collect();
        let is = |set: &str, c: char| set.contains(c);
        let mut w: Vec<f64> = chars.iter().map(|&c| self.advance(c, bold)).collect();
        for i in 1..chars.len() {
            if is(CLOSE, chars[i - 1]) | is(OPEN, chars[i - 1]) && is(CLOSE, chars[i]) | is(OPEN, chars[i]) {
                w[i - 1] /= 2.0;
            }
        }
        // Unbreakable segments: ASCII words, the runs joined (lib.typ boxes them), and marks kept with their neighbours.
        let mut segments = Vec::new();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, c) = (chars[i - 1], chars[i]);
            let glued = (c.is_ascii() && prev.is_ascii() && c != ' ' && prev != ' ' && !breaks[i]) || boxed[i] || is(NO_START, c) || is(NO_END, prev);
            if !glued {
                segments.push(start..i);
                start = i;
            }
        }
        segments.push(start..chars.len());
        let (mut n, mut used, mut room, mut last) = (1, 0.0, width, 0);
        for seg in segments {
            let full: f64 = w[seg.clone()].iter().sum();
            let mut end = seg.end;
            while end > seg.start && chars[end - 1] == ' ' {
                end -= 1;
            }
            let mut at_end: f64 = w[seg.start..end].iter().sum();
            if end > seg.start && is(CLOSE, chars[end - 1]) {
                at_end -= w[end - 1] / 2.0;
            }
            let lead = if is(OPEN, chars[seg.start]) { w[seg.start] / 2.0 } else { 0.0 };
            if used > 0.0 && used + at_end > room + 1e-6 {
                n += 1;
                room = width - hang;
                used = full - lead;
                last = seg.start;
            } else {
                used += full - if used == 0.0 { lead } else { 0.0 };
            }
            // An ASCII word wider than a line (words.rs joins nothing wider) overflows to the next.
            if at_end > room + 1e-6 {
                n += ((at_end / room).ceil() as usize).saturating_sub(1);
                used = room;
            }
        }
        let letters = chars[last..].iter().filter(|&&c| !is(NO_START, c) && !c.is_whitespace()).count();
        (n, letters)
    }

    /// Height of `lines` lines at `size`, leading between them.
    fn text(&self, lines: usize, size: f64, lead: f64) -> f64 {
        lines as f64 * self.cap * size + lines.saturating_sub(1) as f64 * lead * size
    }

    /// Height of one cell as lib.typ draws it, `width` pt wide, its text at `size` pt.
    fn cell(&self, c: &Cell, d: Density, width: f64, size: f64) -> f64 {
        let lead = d.lead;
        let em = (width - INSET_X) / size;
        let content = match c.kind {
            CellKind::Head => self.text(c.lines.iter().map(|l| self.lines(l, em, true, 0.0)).sum(), size, lead),
            CellKind::Sub => self.text(self.lines(&c.lines.concat(), em, false, 0.0), size, lead),
            CellKind::Missing => self.text(c.lines.len(), size, lead),
            // Empty on the page where its unit starts.
            CellKind::NameCont => 0.0,
            CellKind::Name => {
                let first = c.lines.first().map_or(1, |l| self.lines(l, em, true, 0.0));
                // Members one per line.
                self.text(first, size, lead) + c.lines.len().saturating_sub(1) as f64 * (lead * size + self.cap * size)
            }
            kind => self.body(&c.lines, kind != CellKind::Label, em, lead, size),
        };
        // A joint cell's 「共同」 tag: a line of its own under the text.
        let content = if c.joint { content + lead * size + JOINT_TAG } else { content };
        content + 2.0 * d.inset
    }

    /// A body cell's lines: a line without a marker under a bullet is indented
    /// to the bullet's text (cell-lines' `notes`); an empty line is a quarter em.
    fn body(&self, lines: &[String], notes: bool, em: f64, lead: f64, size: f64) -> f64 {
        let (mut h, mut first, mut bulleted) = (0.0, true, false);
        for l in lines {
            if l.is_empty() {
                h += 0.25 * size;
                continue;
            }
            let marked = l.starts_with(['・', '○', '※']);
            let width = if notes && bulleted && !marked && l != "―" { em - 1.0 } else { em };
            if !first {
                h += lead * size;
            }
            h += self.text(self.lines(l, width, false, if marked { 1.0 } else { 0.0 }), size, lead);
            first = false;
            bulleted |= l.starts_with('・');
        }
        h
    }

    /// Each row's height, a taller spanning cell growing the last row it covers (as Typst does).
    fn rows(&self, grid: &Grid, d: Density, size: f64) -> Vec<f64> {
        let col = column_widths(grid, size);
        let width = |c: &Cell| col[c.x.min(col.len())..(c.x + c.colspan).min(col.len())].iter().sum::<f64>();
        let rows = grid.cells.iter().map(|c| c.y + c.rowspan).max().unwrap_or(0);
        let mut heights = vec![0.0f64; rows];
        for c in grid.cells.iter().filter(|c| c.rowspan == 1) {
            heights[c.y] = heights[c.y].max(self.cell(c, d, width(c), size));
        }
        // Typst grows the last row a taller spanning cell covers.
        for c in grid.cells.iter().filter(|c| c.rowspan > 1) {
            let have: f64 = heights[c.y..c.y + c.rowspan].iter().sum();
            let want = self.cell(c, d, width(c), size);
            if want > have {
                heights[c.y + c.rowspan - 1] += want - have;
            }
        }
        heights
    }

    /// Marked paragraphs across the page (`marked` in lib.typ: marker, space, 1.5 em hang).
    fn paragraphs(&self, texts: &[String], size: f64, marker: &str, lead: f64) -> f64 {
        let em = BODY_WIDTH / size;
        let mut h = 0.0;
        for (i, t) in texts.iter().enumerate() {
            let n: usize = t
                .split('\n')
                .enumerate()
                .map(|(j, l)| if j == 0 { self.lines(&format!("{marker} {l}"), em, false, 1.5) } else { self.lines(l, em, false, 1.5) })
                .sum();
            h += self.text(n, size, lead) + if i > 0 { lead * size } else { 0.0 };
        }
        h
    }

    fn title(&self) -> f64 {
        self.cap * TITLE_SIZE + TITLE_GAP
    }
}

/// Height of the ※ note and ○ summaries under a matrix, and the gaps before them.
pub fn tail(note: &str, summaries: &[String], d: Density) -> f64 {
    let Some(m) = METRICS.as_ref() else { return f64::INFINITY };
    // The gaps: v(0.3em) and v(0.2em) at 9 pt and the paragraph spacing around them (fitted to Typst).
    let gaps = 2.1 + 0.79 * BODY + d.lead * NOTE;
    gaps + m.paragraphs(&[note.to_string()], NOTE, "※", d.lead) + m.paragraphs(summaries, SUMMARY, "○", d.lead)
}

/// Height of what the programmes' first page carries above their table: the
/// ○ intro, the ※ notes and the gap under them (lib.typ's `programmes-page`).
pub fn intro(intro: &[String], notes: &[String], d: Density) -> f64 {
    let Some(m) = METRICS.as_ref() else { return f64::INFINITY };
    let gap = |n: usize, size: f64| if n > 0 { d.lead * size } else { 0.0 };
    m.paragraphs(intro, SUMMARY, "○", d.lead) + gap(intro.len(), SUMMARY) + m.paragraphs(notes, NOTE, "※", d.lead) + gap(notes.len(), NOTE) + 0.3 * BODY
}

/// Height of a block's (b) page (the 課題 table) at a density, its text at `size` pt.
pub fn table_page(grid: &Grid, d: Density, size: f64) -> f64 {
    title() + rows(grid, d, size).iter().sum::<f64>()
}

/// Height of a page's title and the gap under it.
pub fn title() -> f64 {
    METRICS.as_ref().map_or(f64::INFINITY, Metrics::title)
}

/// Each row's height in a grid at a density, its text at `size` pt (the template's table).
pub fn rows(grid: &Grid, d: Density, size: f64) -> Vec<f64> {
    match METRICS.as_ref() {
        Some(m) => m.rows(grid, d, size),
        None => vec![f64::INFINITY; grid.cells.iter().map(|c| c.y + c.rowspan).max().unwrap_or(1)],
    }
}

/// The first density of [`DENSITIES`] (loosest first) whose page fits, and
/// whether the estimate is clear enough to use without measuring: it fits
/// with [`SHORT`] to spare and the next looser one overflows by more than
/// [`LONG`]; or nothing fits, and the tightest breaks across pages.
pub fn start(height: impl Fn(Density) -> f64) -> Start {
    let sizes = &DENSITIES;
    let room = BODY_HEIGHT;
    let last = sizes.len().saturating_sub(1);
    let i = sizes.iter().position(|&s| height(s) <= room).unwrap_or(last);
    let up = i > 0 && height(sizes[i - 1]) <= room + LONG;
    // The tightest is used whether or not it fits (the table then breaks across pages).
    let fits = height(sizes[i]) <= room - SHORT;
    let sure = (i == last || fits) && !up;
    Start { index: i, sure, up, one_page: sure && fits }
}

/// Where the template's `fit` starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    /// Index into [`DENSITIES`], loosest first.
    pub index: usize,
    /// Use that density without measuring.
    pub sure: bool,
    /// The next looser density may fit too: measure it when this one fits.
    pub up: bool,
    /// Surely on one page: the template leaves out what only a continued page needs
    /// (the title and the unit's name repeated, each a `context` that costs a layout pass).
    pub one_page: bool,
}

/// The columns' widths in pt across the page body: fixed ones in em of the body
/// size, the rest sharing what is left by their fractions.
pub(crate) fn column_widths(grid: &Grid, size: f64) -> Vec<f64> {
    let fixed: f64 = grid.columns.iter().map(|c| if let Width::Em(e) = c { e * size } else { 0.0 }).sum();
    let fr: f64 = grid.columns.iter().map(|c| if let Width::Fr(f) = c { *f } else { 0.0 }).sum();
    let free = (BODY_WIDTH - fixed).max(0.0);
    grid.columns
        .iter()
        .map(|c| match c {
            Width::Em(e) => e * size,
            Width::Fr(f) => free * f / fr.max(1e-9),
        })
        .collect()
}

/// A line's width in em at the body's weight or bold (glyph advances of BIZ UDPGothic).
pub fn line_width(text: &str, bold: bool) -> f64 {
    text.chars().map(|c| advance(c, bold)).sum()
}

/// The letters of a paragraph's last line (punctuation and spaces not counted) when it is broken
/// into lines `width` em wide, `hang` em less after the first.
pub(crate) fn last_line_letters(text: &str, width: f64, bold: bool, hang: f64) -> usize {
    METRICS.as_ref().map_or(0, |m| m.break_lines(text, width, bold, hang).1)
}

/// A character's advance in em at the body's weight or bold; a word joiner has none.
pub(crate) fn advance(c: char, bold: bool) -> f64 {
    match METRICS.as_ref() {
        Some(_) if c == JOIN || c == BREAK => 0.0,
        Some(m) => m.advance(c, bold),
        None => 1.0,
    }
}

/// The Latin and digit runs of a cell (ＮＰＯ, ID-Link, a web address) wider
/// than its text can be: lib.typ keeps such runs whole where they fit, so one
/// that does not is broken inside, and `check` says so.
pub fn too_wide_runs(grid: &Grid, cell: &Cell) -> Vec<String> {
    let Some(m) = METRICS.as_ref() else { return Vec::new() };
    let col = column_widths(grid, BODY);
    let width: f64 = col[cell.x.min(col.len())..(cell.x + cell.colspan).min(col.len())].iter().sum();
    // The text's width in em: the cell less its padding, less a bullet's hanging indent.
    let room = (width - INSET_X) / BODY - 1.0;
    let mut out = Vec::new();
    for line in &cell.lines {
        for run in latin_runs(line) {
            if run.chars().map(|c| m.advance(c, false)).sum::<f64>() > room {
                out.push(run);
            }
        }
    }
    out
}

/// Runs of Latin letters and digits, half- or full-width, with their inner . / ／ ・ (lib.typ's regex).
fn latin_runs(line: &str) -> Vec<String> {
    let word = |c: char| c.is_ascii_alphanumeric() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c) || ('０'..='９').contains(&c);
    let inner = |c: char| matches!(c, '.' | '/' | '／' | '・');
    let chars: Vec<char> = line.chars().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !word(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && (word(chars[j]) || (inner(chars[j]) && chars.get(j + 1).is_some_and(|&c| word(c)))) {
            j += 1;
        }
        runs.push(chars[i..j].iter().collect());
        i = j;
    }
    runs
}
