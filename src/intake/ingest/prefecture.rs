//! The prefecture's own form (会議, 予定表, 事業, 区域, 連絡先) read back into
//! `packet.toml` (its `[request]` too), `schedule.toml`, `programmes.toml`,
//! `blocks.toml` and `contacts.toml`.
//!
//! Tables follow the unit form's rule: a programme's name (事業名) and a
//! block's label, regions, columns and note are written on its first row only;
//! a blank (or the same) name on the next row continues it.

use std::collections::BTreeMap;

use crate::intake::cell::a1;
use crate::intake::form::layout::{FormLayout, SHEET_BLOCKS, SHEET_PACKET, SHEET_PROGRAMMES, SHEET_SCHEDULE, Table};
use crate::model::contacts::Contact;
use crate::model::{Block, Blocks, Date, Event, Programme, ProgrammeRow, Programmes, Request, Schedule, TextBlock, Written, YearMonth};

use super::normalize;

/// What the prefecture's form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// The packet's fields from 会議 (`None` in a form of version 1).
    pub packet: Option<PacketFields>,
    pub schedule: Schedule,
    pub programmes: Programmes,
    pub blocks: Blocks,
    /// `[request]` from 会議 (`None`: a form before version 4, which does not carry it; `Some(None)`: left empty).
    pub request: Option<Option<Request>>,
    /// 連絡先: each unit's and centre's contact as filled, by name (`None`: a form before version 4).
    pub contacts: Option<Vec<(String, Contact)>>,
    /// Whether 予定表 carried the boxes' display forms (version 5 on); an older form keeps the year's.
    pub displays: bool,
}

/// The fields of `packet.toml` the prefecture's form sets.
#[derive(Debug, Clone, PartialEq)]
pub struct PacketFields {
    pub meeting: String,
    pub material: String,
    pub date: Written<Date>,
    pub deadline: Written<Date>,
    pub contact: String,
}

/// First rows of the tables' entries as read, to name cells in findings.
pub type Rows = BTreeMap<Table, Vec<u32>>;

/// A finding while reading the tables: sheet, cell, what.
pub type Note = (&'static str, String, super::FindingKind);

/// A cell's text by sheet, 0-based row and column.
pub type Get<'a> = dyn Fn(&'static str, u32, u16) -> String + 'a;

/// Reads the sheets' answers where `layout` puts them (`get(sheet, row, col)` gives a cell's text).
pub fn parse(layout: &FormLayout, get: &Get) -> (Parts, Rows, Vec<Note>) {
    let meta = &layout.meta;
    let mut rows = Rows::new();
    let mut notes: Vec<Note> = Vec::new();
    let field = |r: Option<u32>| r.map(|r| normalize::text(&get(SHEET_PACKET, r, FormLayout::FIELD_COL))).unwrap_or_default();
    let packet = (meta.version >= 2).then(|| PacketFields {
        meeting: field(layout.packet_row("meeting")),
        material: field(layout.packet_row("material")),
        date: day(&field(layout.packet_row("date"))).into(),
        deadline: day(&field(layout.packet_row("deadline"))).into(),
        contact: field(layout.packet_row("contact")),
    });
    let request = (meta.version >= 4).then(|| read_request(layout, get, &mut notes));
    let contacts = (meta.version >= 4).then(|| read_contacts(layout, get, &mut notes));
    let schedule = read_schedule(layout, get, &mut rows);
    let programmes = read_programmes(layout, get, &mut rows, &mut notes);
    let blocks = read_blocks(layout, get, &mut rows, &mut notes);
    (Parts { packet, schedule, programmes, blocks, request, contacts, displays: meta.version >= 5 }, rows, notes)
}

/// 予定表: the schedule's fields, its boxes and its text blocks.
fn read_schedule(layout: &FormLayout, get: &Get, rows: &mut Rows) -> Schedule {
    let s = SHEET_SCHEDULE;
    let at = |k: &str| layout.schedule_row(k).map(|r| get(s, r, FormLayout::FIELD_COL)).unwrap_or_default();
    let mut schedule = Schedule {
        title: normalize::text(&at("title")),
        first_month: month(&normalize::text(&at("first_month"))).into(),
        last_month: month(&normalize::text(&at("last_month"))).into(),
        bands: normalize::lines(&at("bands")),
        notes: normalize::lines(&at("notes")),
        events: Vec::new(),
        texts: Vec::new(),
    };
    let events = layout.table(Table::Events);
    for i in 0..events.rows {
        let cell = |k: &str| events.cell(i, k).map(|(r, c)| get(s, r, c)).unwrap_or_default();
        let [band, label, date, from, to] = ["band", "label", "date", "from", "to"].map(|k| normalize::text(&cell(k)));
        let agenda = normalize::lines(&cell("agenda"));
        let display = Some(normalize::lines(&cell("display")).join("\n")).filter(|d| !d.is_empty());
        if [&band, &label, &date, &from, &to].iter().all(|c| c.is_empty()) && agenda.is_empty() {
            continue;
        }
        rows.entry(Table::Events).or_default().push(events.first + i);
        let opt = |t: String| (!t.is_empty()).then_some(t);
        schedule.events.push(Event {
            band,
            label,
            date: opt(day(&date)).map(Into::into),
            from: opt(month(&from)).map(Into::into),
            to: opt(month(&to)).map(Into::into),
            agenda,
            display: if layout.meta.version >= 5 { display } else { None },
        });
    }
    schedule.texts = read_texts(layout, get, rows);
    schedule
}

/// 予定表's text blocks, below its boxes.
fn read_texts(layout: &FormLayout, get: &Get, rows: &mut Rows) -> Vec<TextBlock> {
    let texts = layout.table(Table::Texts);
    let mut out = Vec::new();
    for i in 0..texts.rows {
        let cell = |k: &str| texts.cell(i, k).map(|(r, c)| get(SHEET_SCHEDULE, r, c)).unwrap_or_default();
        let [band, from, to, title] = ["band", "from", "to", "title"].map(|k| normalize::text(&cell(k)));
        let lines = normalize::lines(&cell("lines"));
        if [&band, &from, &to, &title].iter().all(|c| c.is_empty()) && lines.is_empty() {
            continue;
        }
        rows.entry(Table::Texts).or_default().push(texts.first + i);
        out.push(TextBlock { band, from: month(&from).into(), to: month(&to).into(), title, lines });
    }
    out
}

/// 事業: the fields and the programmes, a name on its first row only.
fn read_programmes(layout: &FormLayout, get: &Get, rows: &mut Rows, notes: &mut Vec<Note>) -> Programmes {
    let s = SHEET_PROGRAMMES;
    let lines = |r: Option<u32>, c: u16| r.map(|r| normalize::lines(&get(s, r, c))).unwrap_or_default();
    let b = FormLayout::FIELD_COL;
    let mut programmes = Programmes {
        titles: lines(layout.programmes_row("titles"), b),
        intro: lines(layout.programmes_row("intro"), b),
        notes: lines(layout.programmes_row("notes"), b),
        columns: lines(layout.programmes_row("columns"), b),
        programmes: Vec::new(),
    };
    let table = layout.table(Table::Programmes);
    for i in 0..table.rows {
        let r = table.first + i;
        let cell = |k: &str| table.col(k).map(|c| get(s, r, c)).unwrap_or_default();
        let name = normalize::text(&cell("name"));
        let [summary, activities, direction] = ["summary", "activities", "direction"].map(|k| normalize::lines(&cell(k)));
        let row = ProgrammeRow { summary, activities, direction };
        let empty = row.summary.is_empty() && row.activities.is_empty() && row.direction.is_empty();
        if name.is_empty() && empty {
            continue;
        }
        let continues = programmes.programmes.last().is_some_and(|p: &Programme| name.is_empty() || p.name == name);
        match programmes.programmes.last_mut() {
            Some(p) if continues => p.rows.push(row),
            _ if name.is_empty() => notes.push((s, a1(r, table.col("name").unwrap_or(b)), super::FindingKind::EmptyField(table.cols[0].1.into()))),
            _ => {
                rows.entry(Table::Programmes).or_default().push(r);
                programmes.programmes.push(Programme { name, rows: if empty { Vec::new() } else { vec![row] } });
            }
        }
    }
    programmes
}

/// 区域: the default note and the blocks, one row per ○ summary.
fn read_blocks(layout: &FormLayout, get: &Get, rows: &mut Rows, notes: &mut Vec<Note>) -> Blocks {
    let s = SHEET_BLOCKS;
    let mut blocks = Blocks { default_note: normalize::text(&get(s, FormLayout::DEFAULT_NOTE_ROW, FormLayout::FIELD_COL)), blocks: Vec::new() };
    let table = layout.table(Table::Blocks);
    for i in 0..table.rows {
        let r = table.first + i;
        let cell = |k: &str| table.col(k).map(|c| get(s, r, c)).unwrap_or_default();
        // A finding's cell: the column of `k`, else the row's first.
        let at = |k: &str| a1(r, table.col(k).unwrap_or(FormLayout::FIELD_COL));
        let label = normalize::text(&cell("label"));
        let regions = normalize::names(&cell("regions"));
        let columns = normalize::names(&cell("columns"));
        let summary = normalize::text(&cell("summaries"));
        let note = normalize::text(&cell("note"));
        if label.is_empty() && regions.is_empty() && columns.is_empty() && summary.is_empty() && note.is_empty() {
            continue;
        }
        let continues = blocks.blocks.last().is_some_and(|b: &Block| label.is_empty() || b.label == label);
        match blocks.blocks.last_mut() {
            Some(b) if continues => {
                let first_row_only = [
                    ("regions", !regions.is_empty() && regions != b.regions),
                    ("columns", !columns.is_empty() && columns != b.columns),
                    ("note", !note.is_empty() && Some(&note) != b.note.as_ref()),
                ];
                for (k, _) in first_row_only.into_iter().filter(|(_, bad)| *bad) {
                    notes.push((s, at(k), super::FindingKind::PartnersOnContinuation));
                }
                if !summary.is_empty() {
                    b.summaries.push(summary);
                }
            }
            _ if label.is_empty() => notes.push((s, at("label"), super::FindingKind::EmptyField("区域名".into()))),
            _ => {
                rows.entry(Table::Blocks).or_default().push(r);
                let summaries = if summary.is_empty() { Vec::new() } else { vec![summary] };
                blocks.blocks.push(Block { label, regions, columns, summaries, note: (!note.is_empty()).then_some(note) });
            }
        }
    }
    blocks
}

/// `[request]` from 会議's rows below the packet's: `None` when all are empty; a 差出人メール
/// that is not an address is noted at its cell.
fn read_request(layout: &FormLayout, get: &Get, notes: &mut Vec<Note>) -> Option<Request> {
    let s = SHEET_PACKET;
    let b = FormLayout::FIELD_COL;
    let field = |k: &str| layout.request_row(k).map(|r| normalize::text(&get(s, r, b))).unwrap_or_default();
    let mail = field("mail");
    let given: &[String] = if mail.is_empty() { &[] } else { std::slice::from_ref(&mail) };
    let at = a1(layout.request_row("mail").unwrap_or_default(), b);
    for (cell, kind) in super::bad_addresses(given, &at) {
        notes.push((s, cell, kind));
    }
    let request = Request {
        number: field("number"),
        date: day(&field("date")).into(),
        addressee: field("addressee"),
        sender: field("sender"),
        mail: (!mail.is_empty()).then_some(mail),
    };
    (request != Request::default()).then_some(request)
}

/// 連絡先: each name's row, read as the 回答者 sheet of a unit's form is ([`super::contact_from`]).
fn read_contacts(layout: &FormLayout, get: &Get, notes: &mut Vec<Note>) -> Vec<(String, Contact)> {
    let table = layout.table(Table::Contacts);
    let mut out = Vec::new();
    for (i, name) in layout.meta.contact_names.iter().enumerate() {
        let cell = |k: &str| table.cell(i as u32, k).map(|(r, c)| (get(table.sheet, r, c), a1(r, c)));
        let (contact, bad) = super::contact_from(&cell);
        notes.extend(bad.into_iter().map(|(cell, kind)| (table.sheet, cell, kind)));
        out.push((name.clone(), contact));
    }
    out
}

/// A month as the TOML writes it (`令和元年6月`, or a date cell's 2018-06-01 →
/// 2018-06); what is not a month stays as typed, for validation to quote whole.
fn month(text: &str) -> String {
    YearMonth::parse(text).map_or_else(|_| text.to_string(), |m| m.to_string())
}

/// A date as the TOML writes it (`平成30年8月29日` → 2018-08-29); else as typed.
fn day(text: &str) -> String {
    Date::parse(text).map_or_else(|_| text.to_string(), |d| d.to_string())
}
