//! The prefecture's own form (会議, 予定表, 事業, 区域, 連絡先) read back into
//! `packet.toml` (its `[request]` too), `schedule.toml`, `programmes.toml`,
//! `blocks.toml` and `contacts.toml`.
//!
//! Tables follow the unit form's rule: a programme's name (事業名) and a
//! block's label, regions, columns and note are written on its first row only;
//! a blank (or the same) name on the next row continues it.

use crate::intake::form::{self, BLOCK_COLS, COL_A, COL_B, CONTACTS_COLS, EVENT_COLS, Meta, PROG_COLS, TEXT_COLS};
use crate::model::contacts::Contact;
use crate::model::key::Key;
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

/// First rows of the tables' entries, to name cells in findings.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub events: Vec<u32>,
    pub texts: Vec<u32>,
    pub programmes: Vec<u32>,
    pub blocks: Vec<u32>,
    /// 連絡先's names, row by row from [`form::CONTACTS_ROW0`].
    pub contacts: Vec<String>,
}

/// A finding while reading the tables: sheet, cell, what.
pub type Note = (&'static str, String, super::FindingKind);

/// Reads the three sheets' answers (`get(sheet, row, col)` gives a cell's text).
pub fn parse(meta: &Meta, get: &dyn Fn(&'static str, u32, u16) -> String) -> (Parts, Rows, Vec<Note>) {
    let mut rows = Rows::default();
    let mut notes: Vec<Note> = Vec::new();
    let opt = |t: String| (!t.is_empty()).then_some(t);

    let packet = (meta.version >= 2).then(|| {
        let field = |i: u32| normalize::text(&get(form::SHEET_PACKET, form::PACKET_ROW0 + i, COL_B));
        PacketFields {
            meeting: field(0),
            material: field(1),
            date: day(&field(2)).into(),
            deadline: day(&field(3)).into(),
            contact: field(4),
        }
    });
    let request = (meta.version >= 4).then(|| read_request(get, &mut notes));
    let contacts = (meta.version >= 4).then(|| {
        rows.contacts = meta.contact_names.clone();
        read_contacts(meta, get, &mut notes)
    });
    let s = form::SHEET_SCHEDULE;
    let one = |r: u32, c: u16| normalize::text(&get(s, r, c));
    let mut schedule = Schedule {
        title: one(form::SCHED_TITLE, COL_B),
        first_month: month(&one(form::SCHED_FIRST, COL_B)).into(),
        last_month: month(&one(form::SCHED_LAST, COL_B)).into(),
        bands: normalize::lines(&get(s, form::SCHED_BANDS, COL_B)),
        notes: normalize::lines(&get(s, form::SCHED_NOTES, COL_B)),
        events: Vec::new(),
        texts: Vec::new(),
    };
    for r in form::EVENT_ROW0..form::EVENT_ROW0 + meta.event_rows {
        let cell = |k: &str| one(r, form::col(&EVENT_COLS, k));
        let cells: Vec<String> = ["band", "label", "date", "from", "to"].map(cell).to_vec();
        let agenda = normalize::lines(&get(s, r, form::col(&EVENT_COLS, "agenda")));
        let display = Some(normalize::lines(&get(s, r, form::col(&EVENT_COLS, "display"))).join("\n")).filter(|d| !d.is_empty());
        if cells.iter().all(String::is_empty) && agenda.is_empty() {
            continue;
        }
        rows.events.push(r);
        schedule.events.push(Event {
            band: cells[0].clone(),
            label: cells[1].clone(),
            date: opt(day(&cells[2])).map(Into::into),
            from: opt(month(&cells[3])).map(Into::into),
            to: opt(month(&cells[4])).map(Into::into),
            agenda,
            display: if meta.version >= 5 { display } else { None },
        });
    }
    let t0 = form::text_head(meta) + 1;
    for r in t0..t0 + meta.text_rows {
        let cell = |k: &str| one(r, form::col(&TEXT_COLS, k));
        let cells: Vec<String> = ["band", "from", "to", "title"].map(cell).to_vec();
        let lines = normalize::lines(&get(s, r, form::col(&TEXT_COLS, "lines")));
        if cells.iter().all(String::is_empty) && lines.is_empty() {
            continue;
        }
        rows.texts.push(r);
        schedule.texts.push(TextBlock {
            band: cells[0].clone(),
            from: month(&cells[1]).into(),
            to: month(&cells[2]).into(),
            title: cells[3].clone(),
            lines,
        });
    }

    let s = form::SHEET_PROGRAMMES;
    let lines = |r: u32, c: u16| normalize::lines(&get(s, r, c));
    let mut programmes = Programmes {
        titles: lines(form::PROG_TITLES, COL_B),
        intro: lines(form::PROG_INTRO, COL_B),
        notes: lines(form::PROG_NOTES, COL_B),
        columns: lines(form::PROG_COLUMNS, COL_B),
        programmes: Vec::new(),
    };
    for r in form::PROG_ROW0..form::PROG_ROW0 + meta.programme_rows {
        let c = |k: &str| form::col(&PROG_COLS, k);
        let name = normalize::text(&get(s, r, c("name")));
        let row = ProgrammeRow { summary: lines(r, c("summary")), activities: lines(r, c("activities")), direction: lines(r, c("direction")) };
        let empty = row.summary.is_empty() && row.activities.is_empty() && row.direction.is_empty();
        if name.is_empty() && empty {
            continue;
        }
        let continues = programmes.programmes.last().is_some_and(|p: &Programme| name.is_empty() || p.name == name);
        match programmes.programmes.last_mut() {
            Some(p) if continues => p.rows.push(row),
            _ if name.is_empty() => notes.push((s, form::a1(r, c("name")), super::FindingKind::EmptyField(PROG_COLS[0].1.into()))),
            _ => {
                rows.programmes.push(r);
                programmes.programmes.push(Programme { name, rows: if empty { Vec::new() } else { vec![row] } });
            }
        }
    }

    let s = form::SHEET_BLOCKS;
    let mut blocks = Blocks { default_note: normalize::text(&get(s, form::BLOCK_DEFAULT_NOTE, COL_B)), blocks: Vec::new() };
    for r in form::BLOCK_ROW0..form::BLOCK_ROW0 + meta.block_rows {
        let c = |k: &str| form::col(&BLOCK_COLS, k);
        let label = normalize::text(&get(s, r, c("label")));
        let regions = normalize::names(&get(s, r, c("regions")));
        let columns = normalize::names(&get(s, r, c("columns")));
        let summary = normalize::text(&get(s, r, c("summaries")));
        let note = normalize::text(&get(s, r, c("note")));
        if label.is_empty() && regions.is_empty() && columns.is_empty() && summary.is_empty() && note.is_empty() {
            continue;
        }
        let continues = blocks.blocks.last().is_some_and(|b: &Block| label.is_empty() || b.label == label);
        match blocks.blocks.last_mut() {
            Some(b) if continues => {
                let first_row_only = [
                    (c("regions"), !regions.is_empty() && regions != b.regions),
                    (c("columns"), !columns.is_empty() && columns != b.columns),
                    (c("note"), !note.is_empty() && Some(&note) != b.note.as_ref()),
                ];
                for (c, bad) in first_row_only {
                    if bad {
                        notes.push((s, form::a1(r, c), super::FindingKind::PartnersOnContinuation));
                    }
                }
                if !summary.is_empty() {
                    b.summaries.push(summary);
                }
            }
            _ if label.is_empty() => notes.push((s, form::a1(r, c("label")), super::FindingKind::EmptyField("区域名".into()))),
            _ => {
                rows.blocks.push(r);
                blocks.blocks.push(Block {
                    label,
                    regions,
                    columns,
                    summaries: if summary.is_empty() { Vec::new() } else { vec![summary] },
                    note: (!note.is_empty()).then_some(note),
                });
            }
        }
    }
    (Parts { packet, schedule, programmes, blocks, request, contacts, displays: meta.version >= 5 }, rows, notes)
}

/// `[request]` from 会議's rows below the packet's: `None` when all are empty; a 差出人メール
/// that is not an address is noted at its cell.
fn read_request(get: &dyn Fn(&'static str, u32, u16) -> String, notes: &mut Vec<Note>) -> Option<Request> {
    let s = form::SHEET_PACKET;
    let row = |k: &str| form::REQUEST_ROW0 + form::REQUEST_FIELDS.iter().position(|(f, _)| *f == k).unwrap_or(0) as u32;
    let field = |k: &str| normalize::text(&get(s, row(k), COL_B));
    let mail = field("mail");
    let given: &[String] = if mail.is_empty() { &[] } else { std::slice::from_ref(&mail) };
    for (cell, kind) in super::bad_addresses(given, &form::a1(row("mail"), COL_B)) {
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
fn read_contacts(meta: &Meta, get: &dyn Fn(&'static str, u32, u16) -> String, notes: &mut Vec<Note>) -> Vec<(String, Contact)> {
    let s = form::SHEET_CONTACTS;
    let mut out = Vec::new();
    for (i, name) in meta.contact_names.iter().enumerate() {
        let r = form::CONTACTS_ROW0 + i as u32;
        let cell = |k: &str| {
            let c = form::col(&CONTACTS_COLS, k);
            Some((get(s, r, c), form::a1(r, c)))
        };
        let (contact, bad) = super::contact_from(&cell);
        notes.extend(bad.into_iter().map(|(cell, kind)| (s, cell, kind)));
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

/// The cell of a validation key of `schedule.toml`, `programmes.toml` or `blocks.toml`.
pub fn locate(meta_rows: &Rows, file: &str, key: &Key) -> (&'static str, String) {
    let (list, index, part) = match key {
        Key::Line { list, index, part } => (*list, index.saturating_sub(1), part.unwrap_or("")),
        _ => ("", 0, ""),
    };
    match file {
        crate::store::PACKET => {
            let request = match key {
                Key::Toml(k) => k.strip_prefix("request.").and_then(|f| form::REQUEST_FIELDS.iter().position(|(r, _)| *r == f)),
                _ => None,
            };
            let row = match request {
                Some(i) => form::REQUEST_ROW0 + i as u32,
                None => form::PACKET_ROW0 + form::PACKET_FIELDS.iter().position(|(k, _)| *key == Key::Top(k)).unwrap_or(0) as u32,
            };
            (form::SHEET_PACKET, form::a1(row, COL_B))
        }
        crate::store::CONTACTS => {
            // `桑名市.mail[1]`, or the name alone.
            let text = match key {
                Key::Toml(k) => k.as_str(),
                _ => "",
            };
            let found = meta_rows.contacts.iter().enumerate().find(|(_, n)| text == n.as_str() || text.starts_with(&format!("{n}.")));
            let Some((i, name)) = found else { return (form::SHEET_CONTACTS, "A1".into()) };
            let list: String = text[name.len()..].trim_start_matches('.').chars().take_while(char::is_ascii_alphabetic).collect();
            let c = if list.is_empty() { COL_A } else { form::col(&CONTACTS_COLS, &list) };
            (form::SHEET_CONTACTS, form::a1(form::CONTACTS_ROW0 + i as u32, c))
        }
        crate::store::SCHEDULE => {
            let s = form::SHEET_SCHEDULE;
            let fixed = match key {
                Key::Top("title") => Some(form::SCHED_TITLE),
                Key::Top("first_month") => Some(form::SCHED_FIRST),
                Key::Top("last_month") => Some(form::SCHED_LAST),
                Key::Top("bands") => Some(form::SCHED_BANDS),
                Key::Top("notes") | Key::Line { list: "notes", .. } => Some(form::SCHED_NOTES),
                _ => None,
            };
            if let Some(r) = fixed {
                return (s, form::a1(r, COL_B));
            }
            let (rows, r0, cols): (&[u32], u32, &form::Columns) = match list {
                "events" => (&meta_rows.events, form::EVENT_ROW0, &EVENT_COLS),
                "texts" => (&meta_rows.texts, 0, &TEXT_COLS),
                _ => return (s, "B1".into()),
            };
            let r = rows.get(index).copied().unwrap_or(r0);
            (s, form::a1(r, form::col(cols, part)))
        }
        crate::store::BLOCKS => {
            let s = form::SHEET_BLOCKS;
            if *key == Key::Top("default_note") {
                return (s, form::a1(form::BLOCK_DEFAULT_NOTE, COL_B));
            }
            if list == "blocks" {
                let r = meta_rows.blocks.get(index).copied().unwrap_or(form::BLOCK_ROW0);
                return (s, form::a1(r, form::col(&BLOCK_COLS, part)));
            }
            (s, "B1".into())
        }
        _ => {
            let s = form::SHEET_PROGRAMMES;
            if list == "programmes" {
                return (s, form::a1(meta_rows.programmes.get(index).copied().unwrap_or(form::PROG_ROW0), form::col(&PROG_COLS, "name")));
            }
            (s, "B1".into())
        }
    }
}

/// Whether a cell of the prefecture's form holds a date or month (an Excel date there is what is wanted).
pub fn date_expected(meta: &Meta, sheet: &str, row: u32, col: u16) -> bool {
    if meta.kind != form::Kind::Prefecture {
        return false;
    }
    if sheet == form::SHEET_PACKET {
        let at = |k: &str| form::PACKET_ROW0 + form::PACKET_FIELDS.iter().position(|(f, _)| *f == k).unwrap_or(0) as u32;
        let request = form::REQUEST_ROW0 + form::REQUEST_FIELDS.iter().position(|(f, _)| *f == "date").unwrap_or(0) as u32;
        return col == COL_B && (row == at("date") || row == at("deadline") || meta.version >= 4 && row == request);
    }
    if sheet != form::SHEET_SCHEDULE {
        return false;
    }
    let t0 = form::text_head(meta) + 1;
    (row == form::SCHED_FIRST || row == form::SCHED_LAST) && col == COL_B
        || (form::EVENT_ROW0..form::EVENT_ROW0 + meta.event_rows).contains(&row)
            && ["date", "from", "to"].iter().any(|k| form::col(&EVENT_COLS, k) == col)
        || (t0..t0 + meta.text_rows).contains(&row) && ["from", "to"].iter().any(|k| form::col(&TEXT_COLS, k) == col)
}
