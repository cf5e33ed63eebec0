//! The typeset packet read back from Typst's laid-out frames, and checked as
//! a designer would look at it: no text on other text or on a visible rule,
//! no line ending inside a Latin or digit run that fits its cell, no
//! paragraph ending with a one-character line, no text below the type scale,
//! every text inside the page margins.
//!
//! [`inspect`] walks each page's frame depth-first with the accumulated
//! transform (painter's order: what comes later is drawn on top) and returns
//! typed [`Facts`]: text runs with their em boxes (glyph advances across, the
//! font's ascender and descender at its size up and down), visible rules
//! (stroked lines and the edges of stroked rectangles and curves), filled
//! boxes, and which paragraph each run belongs to (from the paragraph's
//! introspection tags in the frames). [`check`] turns the facts into typed
//! [`Finding`]s. Nothing is read back from strings or pixels.
//!
//! What is left out, by geometry alone (the templates are not marked for it):
//! text under a rotation (the 「案」 watermark of the page foreground, the only
//! rotated text of the packet); text wholly inside the top or the bottom
//! margin band within the side margins (the header's 資料 number and the
//! footer's page number: Typst places them there, and body text cannot end up
//! wholly in a band without crossing into it first).

use std::collections::HashMap;

pub mod composition;
mod order;

use typst::introspection::{Location, Tag};
use typst::layout::{Abs, Frame, FrameItem, Transform};
use typst::layout::GridCell;
use typst::foundations::{Smart, StyleChain};
use typst::introspection::MetadataElem;
use typst::model::{ParElem, TableCell, TableElem};
use typst::text::TextItem;
use typst::visualize::{FixedStroke, Geometry, Paint};
use typst_layout::PagedDocument;

/// Two boxes overlap only if they share more than this, in pt, on both axes.
/// Glyph advances are summed in em and scaled, table cells are placed to
/// fractions of a point, and runs of one line meet edge to edge: a quarter
/// point of shared edge is rounding, not ink on ink.
pub const OVERLAP_TOLERANCE: f64 = 0.25;
/// A rule touches a text box only if its stroke reaches more than this, in pt,
/// inside the box's edges. The box is the font's em box, taller than the ink of most
/// glyphs (BIZ UDPGothic's ascender and descender hold accents and brackets),
/// so a rule grazing it by half a point touches no ink.
pub const RULE_TOLERANCE: f64 = 0.5;
/// Text may reach this far past the page margins, in pt (the em box of a
/// line's last glyph rounding past the body's edge).
pub const MARGIN_TOLERANCE: f64 = 0.5;
/// Text items that meet within this, in pt, on one baseline are one run (see [`TextRun`]).
pub const JOIN_TOLERANCE: f64 = 0.01;
/// A line drawn right after a text item is its decoration if it lies within the item's
/// em box and reaches no further than this past its ends, in pt (Typst's default
/// `extent` is 0; rounding of the segments' ends).
pub const DECORATION_TOLERANCE: f64 = 0.5;
/// Runs whose baselines differ by less than this, in pt, share a line.
pub const BASELINE_TOLERANCE: f64 = 0.5;
/// Sizes are compared to the scale's minimum with this slack, in pt (sizes
/// are set in the templates as 8.5pt, 9pt…: any smaller difference is float noise).
pub const SIZE_TOLERANCE: f64 = 0.01;
/// A Latin or digit run "fits its cell" if its width is at most the cell's
/// width between its vertical rules less the cell's insets (3 pt each side,
/// `set table(inset: …)` in lib.typ), in pt.
pub const CELL_INSETS: f64 = 6.0;
/// A line break is Typst's own (not one in the data) if the next line's first
/// character would have come within this of the room's edge, in pt, or past it.
/// Typst breaks as soon as a character passes the edge, by any amount (a
/// label's last character passing by 0.3 pt was seen); the room's edges are
/// the rules' positions less the insets, exact to float rounding. A break in
/// the data this close to the edge is counted as Typst's.
pub const FIT_TOLERANCE: f64 = 0.25;

/// An axis-aligned box on a page, in pt from the page's top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    fn of(points: &[(f64, f64)]) -> Rect {
        let mut r = Rect { x0: f64::INFINITY, y0: f64::INFINITY, x1: f64::NEG_INFINITY, y1: f64::NEG_INFINITY };
        for &(x, y) in points {
            r.x0 = r.x0.min(x);
            r.y0 = r.y0.min(y);
            r.x1 = r.x1.max(x);
            r.y1 = r.y1.max(y);
        }
        r
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Whether the two boxes share more than `tol` on both axes.
    pub fn overlaps(&self, o: &Rect, tol: f64) -> bool {
        self.x0.max(o.x0) + tol < self.x1.min(o.x1) && self.y0.max(o.y0) + tol < self.y1.min(o.y1)
    }

    /// Whether `o` lies inside this box, give or take `tol`.
    pub fn contains(&self, o: &Rect, tol: f64) -> bool {
        o.x0 >= self.x0 - tol && o.y0 >= self.y0 - tol && o.x1 <= self.x1 + tol && o.y1 <= self.y1 + tol
    }
}

/// Where on which page (1-based), the top left corner of what was found, in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct At {
    pub page: usize,
    pub x: f64,
    pub y: f64,
}

/// Where a text run sits on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the page body (or where it should be).
    Body,
    /// Wholly in the top or bottom margin band: header or footer.
    Marginal,
}

/// A run of text: the text items Typst shaped one after another on one line,
/// edge to edge, at one size and in one paragraph (Typst splits a line into
/// items by script and word segment; they are joined here, so that a finding
/// names a phrase rather than a syllable).
#[derive(Debug, Clone)]
pub struct TextRun {
    pub page: usize,
    /// The em box: glyph advances across, ascender to descender.
    pub bbox: Rect,
    pub baseline: f64,
    /// The top of the line box Typst places in its region (`top-edge: "cap-height"`):
    /// the margin check holds this box, cap height to baseline, to the page body, since the
    /// em box's ascender and descender reach past a region's edges by design.
    pub cap_top: f64,
    /// Font size in pt (times the transform's vertical scale).
    pub size: f64,
    pub text: String,
    /// The paragraph the run belongs to (an index of the document), when it is in one.
    pub par: Option<usize>,
    /// The table or grid cell the run belongs to (an index of the document), when it is in one.
    pub cell: Option<usize>,
    /// The table the run is drawn in (an index of the document), when one is open around it.
    pub table: Option<usize>,
    pub place: Place,
    /// Each character's left and right edge in pt, in text order (a glyph's
    /// advance shared among the characters it shows).
    pub chars: Vec<(char, f64, f64)>,
    /// Painter's order on the page (of the run's last item).
    pub order: usize,
}

/// A visible stroked segment: a line, or one edge of a stroked rectangle or curve's box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub page: usize,
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub thickness: f64,
    pub order: usize,
}

impl Rule {
    pub fn vertical(&self) -> bool {
        (self.from.0 - self.to.0).abs() < 0.01
    }

    pub fn horizontal(&self) -> bool {
        (self.from.1 - self.to.1).abs() < 0.01
    }

    /// The stroke's area (axis-aligned segments; others by their bounding box).
    pub fn band(&self) -> Rect {
        let h = self.thickness / 2.0;
        let r = Rect::of(&[self.from, self.to]);
        Rect { x0: r.x0 - h, y0: r.y0 - h, x1: r.x1 + h, y1: r.y1 + h }
    }
}

/// A visibly filled shape's box (a table's header fill, the schedule's white boxes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    pub page: usize,
    pub rect: Rect,
    pub order: usize,
}

/// One page's facts.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    pub page: usize,
    pub width: f64,
    pub height: f64,
    pub runs: Vec<TextRun>,
    pub rules: Vec<Rule>,
    pub fills: Vec<Fill>,
    /// Underlines and strike-throughs: horizontal lines Typst drew right after a text item,
    /// within its em box (part of the text, not rules; a rule spans its cell, wider than its text).
    pub decorations: Vec<Rule>,
    /// Text runs left out: under a rotation (the watermark).
    pub left_out: Vec<String>,
    /// Missing-glyph boxes drawn (glyph 0, .notdef), with the text they stand for.
    pub missing: Vec<(At, String)>,
    /// The density the templates set the page at (a `<density>` mark): `true`
    /// at its loosest; `None` where no mark is on the page (it keeps the last).
    pub loosest: Option<bool>,
}

/// Where a table cell lies in its table, and on which pages (see [`composition`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CellSpan {
    /// Which table (an index of the document).
    pub table: usize,
    pub x: usize,
    pub y: usize,
    pub rowspan: usize,
    /// The page its start is on, and the page its end is on (1-based; the first
    /// end seen: a header's cells are drawn again on every page).
    pub first: usize,
    pub last: usize,
    ended: bool,
}

/// The page margins in pt; header and footer content may sit in the top and bottom ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

const CM: f64 = 72.0 / 2.54;

impl Margins {
    /// The packet's margins (lib.typ: `margin: (x: 1.3cm, top: 1.6cm, bottom: 1.5cm)`).
    pub const PACKET: Margins = Margins { left: 1.3 * CM, right: 1.3 * CM, top: 1.6 * CM, bottom: 1.5 * CM };
}

/// What the checks hold the document to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub margins: Margins,
    /// The type scale's smallest size, in pt.
    pub min_size: f64,
    /// The ※ notes' size (a paragraph opening with ※) and the 「共同」 tag's, as the scale states.
    pub note_size: f64,
    /// The page titles' size: every page shows one.
    pub title_size: f64,
    /// How much of a page body may stay empty (0 to 1) unless the page is at its loosest or the last.
    pub max_empty: f64,
}

impl Default for Limits {
    /// The packet: its margins, nothing below 9 pt but the ※ notes and the 「共同」 tag at 8 pt (lib.typ's scale).
    fn default() -> Self {
        Limits { margins: Margins::PACKET, min_size: 9.0, note_size: 8.0, title_size: 14.0, max_empty: 0.4 }
    }
}

/// The paragraphs of a page that open with ※: notes, which the scale sets smaller.
fn note_pars(runs: &[&TextRun]) -> std::collections::BTreeSet<usize> {
    let mut seen = std::collections::BTreeSet::new();
    let mut notes = std::collections::BTreeSet::new();
    for r in runs {
        let Some(par) = r.par else { continue };
        if seen.insert(par) && r.text.trim_start().starts_with('※') {
            notes.insert(par);
        }
    }
    notes
}

/// The laid-out document's facts, page by page.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub pages: Vec<PageFacts>,
    /// Every table cell, by the index runs carry in [`TextRun::cell`].
    pub cells: std::collections::BTreeMap<usize, CellSpan>,
}

/// What the checks found.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Two text boxes share ink room.
    Overlap { at: At, a: String, b: String },
    /// A visible rule (not hidden under a fill drawn after it) crosses a text box.
    TextOnRule { at: At, text: String, thickness: f64 },
    /// Body text reaching past the page margins.
    OutsideMargins { at: At, text: String },
    /// Text below the scale's smallest size.
    TooSmall { at: At, text: String, size: f64 },
    /// A line ends inside a Latin or digit run that would fit its cell whole;
    /// `text` is the run with `/` where it was broken.
    BrokenRun { at: At, text: String },
    /// A paragraph's last line holds one character; `text` is that character.
    Widow { at: At, text: String },
    /// A page without a title (a block's ※ note or ○ summaries alone).
    NoTitle { at: At },
    /// A character drawn as the font's missing-glyph box; `text` is the character.
    MissingGlyph { at: At, text: String },
    /// A table row continuing on page `at.page` without its label; `text` is the cell that spans or breaks.
    SplitRow { at: At, text: String },
    /// A page more than [`Limits::max_empty`] empty that is not at its loosest setting nor the last; `empty` in percent.
    Sparse { at: At, empty: f64 },
    /// A paragraph (or a cell's text outside paragraphs) whose characters read
    /// in another order on the page than in the text: `text` as the eye reads it.
    OutOfOrder { at: At, text: String },
}

/// The kinds of [`Finding`], for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Overlap,
    TextOnRule,
    OutsideMargins,
    TooSmall,
    BrokenRun,
    Widow,
    NoTitle,
    SplitRow,
    Sparse,
    MissingGlyph,
    OutOfOrder,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Overlap,
        Kind::TextOnRule,
        Kind::OutsideMargins,
        Kind::TooSmall,
        Kind::BrokenRun,
        Kind::Widow,
        Kind::NoTitle,
        Kind::SplitRow,
        Kind::Sparse,
        Kind::MissingGlyph,
        Kind::OutOfOrder,
    ];
}

impl Finding {
    pub fn kind(&self) -> Kind {
        match self {
            Finding::Overlap { .. } => Kind::Overlap,
            Finding::TextOnRule { .. } => Kind::TextOnRule,
            Finding::OutsideMargins { .. } => Kind::OutsideMargins,
            Finding::TooSmall { .. } => Kind::TooSmall,
            Finding::BrokenRun { .. } => Kind::BrokenRun,
            Finding::Widow { .. } => Kind::Widow,
            Finding::NoTitle { .. } => Kind::NoTitle,
            Finding::SplitRow { .. } => Kind::SplitRow,
            Finding::Sparse { .. } => Kind::Sparse,
            Finding::MissingGlyph { .. } => Kind::MissingGlyph,
            Finding::OutOfOrder { .. } => Kind::OutOfOrder,
        }
    }

    pub fn at(&self) -> At {
        match self {
            Finding::Overlap { at, .. }
            | Finding::TextOnRule { at, .. }
            | Finding::OutsideMargins { at, .. }
            | Finding::TooSmall { at, .. }
            | Finding::BrokenRun { at, .. }
            | Finding::Widow { at, .. }
            | Finding::NoTitle { at }
            | Finding::SplitRow { at, .. }
            | Finding::Sparse { at, .. }
            | Finding::MissingGlyph { at, .. }
            | Finding::OutOfOrder { at, .. } => *at,
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self.at();
        write!(f, "p. {} ({:.1}, {:.1}) {:?}: ", at.page, at.x, at.y, self.kind())?;
        match self {
            Finding::Overlap { a, b, .. } => write!(f, "「{a}」 on 「{b}」"),
            Finding::TextOnRule { text, thickness, .. } => write!(f, "「{text}」 on a {thickness:.1} pt rule"),
            Finding::OutsideMargins { text, .. } => write!(f, "「{text}」"),
            Finding::TooSmall { text, size, .. } => write!(f, "{size} pt 「{text}」"),
            Finding::BrokenRun { text, .. } | Finding::Widow { text, .. } | Finding::SplitRow { text, .. } => write!(f, "「{text}」"),
            Finding::OutOfOrder { text, .. } => write!(f, "reads 「{text}」"),
            Finding::MissingGlyph { text, .. } => write!(f, "「{text}」 ({})", text.chars().map(|c| format!("U+{:04X}", u32::from(c))).collect::<Vec<_>>().join(" ")),
            Finding::NoTitle { .. } => write!(f, "no title"),
            Finding::Sparse { empty, .. } => write!(f, "{empty} % empty"),
        }
    }
}

/// Reads the facts of every page of `doc` (margins as in `margins`, to tell header and footer text).
pub fn inspect(doc: &PagedDocument, margins: &Margins) -> Facts {
    let mut shared = Shared::default();
    let pages = doc
        .pages()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut w = Walker { page: PageFacts { page: i + 1, ..PageFacts::default() }, order: 0, open: Vec::new(), shared: &mut shared };
            w.page.width = p.frame.width().to_pt();
            w.page.height = p.frame.height().to_pt();
            w.frame(&p.frame, Transform::identity());
            let mut page = w.page;
            page.runs = merge(std::mem::take(&mut page.runs));
            let (width, height) = (page.width, page.height);
            for r in &mut page.runs {
                let b = r.bbox;
                let within_x = b.x0 >= margins.left - MARGIN_TOLERANCE && b.x1 <= width - margins.right + MARGIN_TOLERANCE;
                let in_band = b.y1 <= margins.top + MARGIN_TOLERANCE || b.y0 >= height - margins.bottom - MARGIN_TOLERANCE;
                if within_x && in_band {
                    r.place = Place::Marginal;
                }
            }
            page
        })
        .collect();
    Facts { pages, cells: shared.cells }
}

/// Joins text items Typst shaped one after the other on one line, edge to edge, at one size
/// and in one paragraph (it splits a line's text by script and word segment) into one run.
fn merge(runs: Vec<TextRun>) -> Vec<TextRun> {
    let mut out: Vec<TextRun> = Vec::with_capacity(runs.len());
    for r in runs {
        if let Some(last) = out.last_mut()
            && last.par == r.par
            && last.cell == r.cell
            && last.table == r.table
            && (last.size - r.size).abs() < SIZE_TOLERANCE
            && (last.baseline - r.baseline).abs() < BASELINE_TOLERANCE
            && (last.bbox.x1 - r.bbox.x0).abs() < JOIN_TOLERANCE
            && last.order + 1 == r.order
        {
            last.text.push_str(&r.text);
            last.chars.extend(r.chars);
            last.bbox.x1 = r.bbox.x1;
            last.bbox.y0 = last.bbox.y0.min(r.bbox.y0);
            last.bbox.y1 = last.bbox.y1.max(r.bbox.y1);
            last.cap_top = last.cap_top.min(r.cap_top);
            last.order = r.order;
            continue;
        }
        out.push(r);
    }
    out
}

struct Walker<'a> {
    page: PageFacts,
    order: usize,
    /// Paragraphs and cells open at this point of the walk (their indices; true for a cell).
    open: Vec<(Location, usize, bool)>,
    /// Indices of the paragraphs and cells met so far.
    shared: &'a mut Shared,
}

/// What the walk carries from page to page.
#[derive(Default)]
struct Shared {
    /// Indices of the paragraphs and cells met so far.
    pars: HashMap<Location, usize>,
    /// Tables open at this point of the walk (a table continues over pages), and their indices.
    tables: Vec<(Location, usize)>,
    table_count: usize,
    cells: std::collections::BTreeMap<usize, CellSpan>,
}

fn apply(ts: Transform, x: f64, y: f64) -> (f64, f64) {
    (ts.sx.get() * x + ts.kx.get() * y + ts.tx.to_pt(), ts.ky.get() * x + ts.sy.get() * y + ts.ty.to_pt())
}

fn visible(paint: &Paint) -> bool {
    match paint {
        Paint::Solid(c) => c.alpha().unwrap_or(1.0) > 0.0,
        _ => true,
    }
}

impl Walker<'_> {
    /// A table cell's place in its table, where it starts (first seen).
    fn cell_start(&mut self, content: &typst::foundations::Content, i: usize) {
        let (Some(cell), Some(&(_, table))) = (content.to_packed::<TableCell>(), self.shared.tables.last()) else { return };
        let styles = StyleChain::default();
        let (Smart::Custom(x), Smart::Custom(y)) = (cell.x.get(styles), cell.y.get(styles)) else { return };
        let rowspan = cell.rowspan.get(styles).get();
        let page = self.page.page;
        self.shared.cells.entry(i).or_insert(CellSpan { table, x, y, rowspan, first: page, last: page, ended: false });
    }

    /// A table's start, or a page's `<density>` mark.
    fn mark_or_table(&mut self, content: &typst::foundations::Content) {
        if content.is::<TableElem>()
            && let Some(loc) = content.location()
        {
            self.shared.table_count += 1;
            self.shared.tables.push((loc, self.shared.table_count - 1));
        } else if let Some(meta) = content.to_packed::<MetadataElem>()
            && content.label().is_some_and(|l| l.resolve().as_str() == "density")
            && let typst::foundations::Value::Bool(loosest) = meta.value
        {
            self.page.loosest = Some(loosest);
        }
    }

    /// The end of a paragraph, cell or table: a cell records the page it ends on (first seen).
    fn end(&mut self, loc: &Location) {
        if let Some(k) = self.open.iter().rposition(|(l, _, _)| l == loc) {
            let (_, i, cell) = self.open[k];
            if cell && let Some(span) = self.shared.cells.get_mut(&i) && !span.ended {
                (span.last, span.ended) = (self.page.page, true);
            }
            self.open.truncate(k);
        } else if let Some(&i) = self.shared.pars.get(loc)
            && let Some(span) = self.shared.cells.get_mut(&i)
            && !span.ended
        {
            // A cell that started on an earlier page ends here.
            (span.last, span.ended) = (self.page.page, true);
        }
        if let Some(k) = self.shared.tables.iter().rposition(|(l, _)| l == loc) {
            self.shared.tables.truncate(k);
        }
    }

    fn frame(&mut self, frame: &Frame, ts: Transform) {
        // The em box of the text item just before, in this frame: Typst pushes a text's
        // underline and strike-through segments right after it.
        let mut text_before: Option<Rect> = None;
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            if let (FrameItem::Shape(s, _), Some(em)) = (item, text_before)
                && let (Geometry::Line(end), Some(stroke)) = (&s.geometry, &s.stroke)
                && s.fill.is_none()
            {
                let (from, to) = (apply(here, 0.0, 0.0), apply(here, end.x.to_pt(), end.y.to_pt()));
                let line = Rect::of(&[from, to]);
                let t = DECORATION_TOLERANCE;
                if line.y1 - line.y0 < 0.01 && line.x0 >= em.x0 - t && line.x1 <= em.x1 + t && line.y0 >= em.y0 && line.y1 <= em.y1 {
                    let thickness = stroke.thickness.to_pt() * here.sy.get().abs();
                    self.page.decorations.push(Rule { page: self.page.page, from, to, thickness, order: self.order });
                    continue;
                }
            }
            text_before = None;
            match item {
                FrameItem::Group(g) => self.frame(&g.frame, here.pre_concat(g.transform)),
                FrameItem::Text(t) => {
                    self.text(t, here);
                    text_before = self.page.runs.last().filter(|r| r.order == self.order).map(|r| r.bbox);
                }
                FrameItem::Shape(s, _) => {
                    self.order += 1;
                    let bbox = s.geometry.bbox(None);
                    let corners = |r: typst::layout::Rect| {
                        [(r.min.x, r.min.y), (r.max.x, r.min.y), (r.max.x, r.max.y), (r.min.x, r.max.y)]
                            .map(|(x, y)| apply(here, x.to_pt(), y.to_pt()))
                    };
                    if s.fill.as_ref().is_some_and(visible) {
                        self.page.fills.push(Fill { page: self.page.page, rect: Rect::of(&corners(bbox)), order: self.order });
                    }
                    if let Some(stroke) = s.stroke.as_ref().filter(|st| visible(&st.paint) && st.thickness > Abs::zero()) {
                        self.shape_rules(&s.geometry, stroke, here, corners(bbox));
                    }
                }
                // Paragraphs and cells carry introspection tags (for PDF tagging): their start and end in the frames.
                FrameItem::Tag(Tag::Start(content, _))
                    if content.is::<ParElem>() || content.is::<TableCell>() || content.is::<GridCell>() =>
                {
                    if let Some(loc) = content.location() {
                        let n = self.shared.pars.len();
                        let i = *self.shared.pars.entry(loc).or_insert(n);
                        self.open.push((loc, i, !content.is::<ParElem>()));
                        self.cell_start(content, i);
                    }
                }
                FrameItem::Tag(Tag::Start(content, _)) => self.mark_or_table(content),
                FrameItem::Tag(Tag::End(loc, _, _)) => self.end(loc),
                FrameItem::Image(..) | FrameItem::Link(..) => {}
            }
        }
    }

    fn shape_rules(&mut self, geometry: &Geometry, stroke: &FixedStroke, here: Transform, corners: [(f64, f64); 4]) {
        // The thickness as drawn (the transform's scale; rules are not rotated in the packet).
        let scale = (here.sx.get().abs() + here.sy.get().abs()) / 2.0;
        let thickness = stroke.thickness.to_pt() * scale;
        let page = self.page.page;
        let order = self.order;
        match geometry {
            Geometry::Line(end) => {
                let from = apply(here, 0.0, 0.0);
                let to = apply(here, end.x.to_pt(), end.y.to_pt());
                self.page.rules.push(Rule { page, from, to, thickness, order });
            }
            // A rectangle's and a curve's (the rounded boxes of page 1) edges: their box's four sides.
            Geometry::Rect(_) | Geometry::Curve(_) => {
                for k in 0..4 {
                    self.page.rules.push(Rule { page, from: corners[k], to: corners[(k + 1) % 4], thickness, order });
                }
            }
        }
    }

    fn text(&mut self, t: &TextItem, here: Transform) {
        self.order += 1;
        let size = t.size.to_pt();
        if here.kx.get().abs() > 1e-6 || here.ky.get().abs() > 1e-6 {
            self.page.left_out.push(t.text.to_string());
            return;
        }
        let m = t.font.metrics();
        let (asc, desc) = (m.ascender.get() * size, m.descender.get() * size);
        let width = t.width().to_pt();
        let a = apply(here, 0.0, -asc);
        let b = apply(here, width, -desc);
        let bbox = Rect::of(&[a, b]);
        let baseline = apply(here, 0.0, 0.0).1;
        let cap_top = apply(here, 0.0, -m.cap_height.get() * size).1;
        // Each character's edges: a glyph's advance shared among the characters it shows.
        let mut chars = Vec::new();
        let mut x = 0.0;
        for g in &t.glyphs {
            let adv = g.x_advance.get() * size;
            let text = &t.text[g.range()];
            // Glyph 0 is the font's .notdef: the missing-glyph box.
            if g.id == 0 {
                let (gx, gy) = apply(here, x, -asc);
                self.page.missing.push((At { page: self.page.page, x: gx, y: gy }, text.to_string()));
            }
            let n = text.chars().count().max(1) as f64;
            for (k, c) in text.chars().enumerate() {
                let x0 = apply(here, x + adv * k as f64 / n, 0.0).0;
                let x1 = apply(here, x + adv * (k + 1) as f64 / n, 0.0).0;
                chars.push((c, x0, x1));
            }
            x += adv;
        }
        let scale = here.sy.get().abs();
        self.page.runs.push(TextRun {
            page: self.page.page,
            bbox,
            baseline,
            cap_top,
            size: size * scale,
            text: t.text.to_string(),
            par: self.open.last().filter(|(_, _, cell)| !cell).map(|(_, i, _)| *i),
            cell: self.open.iter().rev().find(|(_, _, cell)| *cell).map(|(_, i, _)| *i),
            table: self.shared.tables.last().map(|&(_, t)| t),
            place: Place::Body,
            chars,
            order: self.order,
        });
    }
}

/// A character of a Latin or digit run, half- or full-width (ＮＰＯ, ＩＣＴ, 12).
pub fn is_run_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('０'..='９').contains(&c) || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

/// A mark that joins a run across it (12/12, 1.5): a break after it is inside the run.
fn is_run_joiner(c: char) -> bool {
    matches!(c, '/' | '／' | '.' | '．' | ':' | '：' | '-' | '－')
}

/// One line of a paragraph (or of a cell's text outside paragraphs): its runs in x order.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub group: Group,
    pub page: usize,
    pub baseline: f64,
    pub runs: Vec<&'a TextRun>,
}

impl Line<'_> {
    /// The line's characters but white space, with their left and right edges.
    pub fn chars(&self) -> impl Iterator<Item = &(char, f64, f64)> {
        self.runs.iter().flat_map(|r| r.chars.iter()).filter(|(c, _, _)| !c.is_whitespace())
    }

    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    pub fn at(&self) -> At {
        let r = self.runs[0];
        At { page: self.page, x: r.bbox.x0, y: r.bbox.y0 }
    }
}

/// Runs the checks over the facts.
pub fn check(facts: &Facts, limits: &Limits) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &facts.pages {
        check_page(p, limits, &mut out);
    }
    check_lines(facts, &limits.margins, &mut out);
    composition::check(facts, limits, &mut out);
    order::check(facts, &mut out);
    out
}

fn at(r: &TextRun) -> At {
    At { page: r.page, x: r.bbox.x0, y: r.bbox.y0 }
}

fn check_page(p: &PageFacts, limits: &Limits, out: &mut Vec<Finding>) {
    out.extend(p.missing.iter().map(|(at, text)| Finding::MissingGlyph { at: *at, text: text.clone() }));
    let m = &limits.margins;
    let body = Rect { x0: m.left, y0: m.top, x1: p.width - m.right, y1: p.height - m.bottom };
    let runs: Vec<&TextRun> = p.runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
    let notes = note_pars(&runs);
    for r in &runs {
        let note = r.par.is_some_and(|q| notes.contains(&q)) || r.text == "共同";
        let min = if note { limits.note_size } else { limits.min_size };
        if r.size < min - SIZE_TOLERANCE {
            out.push(Finding::TooSmall { at: at(r), text: r.text.clone(), size: (r.size * 100.0).round() / 100.0 });
        }
        let line_box = Rect { y0: r.cap_top, y1: r.baseline, ..r.bbox };
        if r.place == Place::Body && !body.contains(&line_box, MARGIN_TOLERANCE) {
            out.push(Finding::OutsideMargins { at: at(r), text: r.text.clone() });
        }
    }
    // Text on text: sorted by left edge, each run against those starting before it ends.
    let mut sorted = runs.clone();
    sorted.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.bbox.x0 >= a.bbox.x1 {
                break;
            }
            if a.bbox.overlaps(&b.bbox, OVERLAP_TOLERANCE) {
                let (first, second) = if a.order < b.order { (a, b) } else { (b, a) };
                out.push(Finding::Overlap { at: at(second), a: second.text.clone(), b: first.text.clone() });
            }
        }
    }
    // Text on a visible rule: the part of the rule inside the text box, unless a fill drawn after the rule covers it.
    for r in &runs {
        for rule in &p.rules {
            let band = rule.band();
            let t = RULE_TOLERANCE;
            let core = Rect { x0: r.bbox.x0 + t, y0: r.bbox.y0 + t, x1: r.bbox.x1 - t, y1: r.bbox.y1 - t };
            if !band.overlaps(&core, 0.0) {
                continue;
            }
            let inside = Rect { x0: band.x0.max(core.x0), y0: band.y0.max(core.y0), x1: band.x1.min(core.x1), y1: band.y1.min(core.y1) };
            let hidden = p.fills.iter().any(|f| f.order > rule.order && f.rect.contains(&inside, OVERLAP_TOLERANCE));
            if !hidden {
                out.push(Finding::TextOnRule { at: at(r), text: r.text.clone(), thickness: (rule.thickness * 100.0).round() / 100.0 });
            }
        }
    }
}

/// The left and right edges text may use at height `y` around `x0..x1`: inside the
/// nearest vertical rules and the cell's insets, else the page body.
fn edges(p: &PageFacts, m: &Margins, x0: f64, x1: f64, y: f64) -> (f64, f64) {
    let (mut left, mut right) = (None::<f64>, None::<f64>);
    for r in p.rules.iter().filter(|r| r.vertical()) {
        let (ya, yb) = (r.from.1.min(r.to.1), r.from.1.max(r.to.1));
        if y < ya || y > yb {
            continue;
        }
        let x = r.from.0;
        if x <= x0 + RULE_TOLERANCE && left.is_none_or(|l| x > l) {
            left = Some(x);
        }
        if x >= x1 - RULE_TOLERANCE && right.is_none_or(|r| x < r) {
            right = Some(x);
        }
    }
    let inset = CELL_INSETS / 2.0;
    (left.map_or(m.left, |l| l + inset), right.map_or(p.width - m.right, |r| r - inset))
}

/// Marks a line may not start with: a line breaking before one of them takes the character before along.
const NO_START: &str = "、。，．）」』】〕〉》！？ー々ゝゞァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ・：；,.)]!?%";

/// Whether the break between two lines was Typst's (the next line's first character, with
/// the marks that may not start a line after it, did not fit) rather than the text's own
/// (a line break in the data, which the frames do not show).
fn automatic(p: &PageFacts, m: &Margins, a: &Line, b: &Line) -> bool {
    let end: Vec<&(char, f64, f64)> = a.chars().collect();
    let start: Vec<&(char, f64, f64)> = b.chars().collect();
    let (Some(first), Some(last)) = (end.first(), end.last()) else { return false };
    let Some(next) = start.first() else { return false };
    let mut w = next.2 - next.1;
    w += start.iter().skip(1).take_while(|c| NO_START.contains(c.0)).map(|c| c.2 - c.1).sum::<f64>();
    let (left, right) = edges(p, m, first.1, last.2, a.baseline);
    // Left-aligned (with any indent): the next character would pass the right edge;
    // centred: the line and it would be wider than the room.
    last.2 + w > right - FIT_TOLERANCE || (last.2 - first.1) + w > (right - left) - FIT_TOLERANCE
}

/// What a line belongs to: its paragraph, else (text outside paragraphs: header cells,
/// names, the schedule's boxes) its table cell. Indices of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Par(usize),
    Cell(usize),
}

/// The body text's lines, paragraph by paragraph (cell by cell outside paragraphs), each
/// paragraph's lines in reading order (page, then baseline); text in neither is left out.
pub fn lines(facts: &Facts) -> Vec<Line<'_>> {
    let mut groups: HashMap<Group, Vec<&TextRun>> = HashMap::new();
    for p in &facts.pages {
        for r in p.runs.iter().filter(|r| r.place == Place::Body) {
            let g = match (r.par, r.cell) {
                (Some(i), _) => Group::Par(i),
                (None, Some(c)) => Group::Cell(c),
                (None, None) => continue,
            };
            groups.entry(g).or_default().push(r);
        }
    }
    let mut keys: Vec<Group> = groups.keys().copied().collect();
    keys.sort();
    let mut out = Vec::new();
    for k in keys {
        let mut runs = groups.remove(&k).unwrap_or_default();
        runs.sort_by(|a, b| (a.page, a.baseline).partial_cmp(&(b.page, b.baseline)).unwrap_or(std::cmp::Ordering::Equal));
        let mut lines: Vec<Line> = Vec::new();
        for r in runs {
            match lines.last_mut() {
                Some(l) if l.page == r.page && (l.baseline - r.baseline).abs() < BASELINE_TOLERANCE => l.runs.push(r),
                _ => lines.push(Line { group: k, page: r.page, baseline: r.baseline, runs: vec![r] }),
            }
        }
        for l in &mut lines {
            l.runs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        }
        lines.retain(|l| l.chars().next().is_some());
        out.extend(lines);
    }
    out
}

fn check_lines(facts: &Facts, margins: &Margins, out: &mut Vec<Finding>) {
    let all = lines(facts);
    for group in all.chunk_by(|a, b| a.group == b.group) {
        let lines = group;
        for (i, pair) in lines.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let page = &facts.pages[a.page - 1];
            // A paragraph continued on the next page, or a break the text asked for.
            if a.page != b.page || !automatic(page, margins, a, b) {
                continue;
            }
            // A one-character last line under a longer one (not a column of single
            // characters, as the schedule's band labels are set).
            let tail: Vec<char> = b.chars().map(|c| c.0).collect();
            if i + 2 == lines.len() && tail.len() == 1 && a.chars().nth(1).is_some() {
                out.push(Finding::Widow { at: b.at(), text: tail.iter().collect() });
            }
            // A line ending inside a Latin or digit run.
            let end: Vec<&(char, f64, f64)> = a.chars().collect();
            let start: Vec<&(char, f64, f64)> = b.chars().collect();
            let (Some(&&(last_c, _, _)), Some(&&(first_c, _, _))) = (end.last(), start.first()) else { continue };
            let joined = (is_run_char(last_c) || is_run_joiner(last_c) && end.len() > 1 && is_run_char(end[end.len() - 2].0)) && is_run_char(first_c);
            if !joined {
                continue;
            }
            let in_run = |c: &&&(char, f64, f64)| is_run_char(c.0) || is_run_joiner(c.0);
            let mut head: Vec<&(char, f64, f64)> = end.iter().rev().take_while(in_run).copied().collect();
            head.reverse();
            let rest: Vec<&(char, f64, f64)> = start.iter().take_while(in_run).copied().collect();
            let width: f64 = head.iter().chain(rest.iter()).map(|c| c.2 - c.1).sum();
            let (left, right) = edges(page, margins, a.runs[0].bbox.x0, a.runs.last().map_or(0.0, |r| r.bbox.x1), a.baseline);
            if width <= right - left {
                let text = format!("{}/{}", head.iter().map(|c| c.0).collect::<String>(), rest.iter().map(|c| c.0).collect::<String>());
                out.push(Finding::BrokenRun { at: At { page: a.page, x: head[0].1, y: a.runs[0].bbox.y0 }, text });
            }
        }
    }
}

/// Counts of findings by kind.
pub fn counts(findings: &[Finding]) -> std::collections::BTreeMap<Kind, usize> {
    let mut m: std::collections::BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
    for f in findings {
        *m.entry(f.kind()).or_default() += 1;
    }
    m
}

/// A readable report: counts by kind, the pages with the most findings, and up to `examples` findings of each kind.
pub fn report(findings: &[Finding], examples: usize) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for (k, n) in counts(findings) {
        let mut pages: HashMap<usize, usize> = HashMap::new();
        for f in findings.iter().filter(|f| f.kind() == k) {
            *pages.entry(f.at().page).or_default() += 1;
        }
        let mut worst: Vec<(usize, usize)> = pages.into_iter().collect();
        worst.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let worst: Vec<String> = worst.iter().take(5).map(|(p, n)| format!("p. {p}: {n}")).collect();
        let _ = writeln!(s, "{k:?}: {n}{}", if worst.is_empty() { String::new() } else { format!(" ({})", worst.join(", ")) });
        for f in findings.iter().filter(|f| f.kind() == k).take(examples) {
            let _ = writeln!(s, "  {f}");
        }
    }
    s
}
