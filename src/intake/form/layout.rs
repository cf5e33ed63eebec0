//! Where a form's cells are: its sheets, the prefecture's rows and columns, and
//! [`FormLayout`], the one value the writer lays a workbook out from and the reader
//! locates and validates with.

use super::*;
use crate::model::key::Key;

pub const SHEET_GUIDE: &str = "案内";

pub const SHEET_PACKET: &str = "会議";

/// A unit's or centre's form (version 3 on): who answers, read into `contacts.toml`.
pub const SHEET_CONTACT: &str = "回答者";

/// 回答者's rows from row 3, column B: the key in `contacts.toml` and the label in column A
/// (連絡先's columns but the Cc, which an office is not asked).
pub const CONTACT_FIELDS: [(&str, &str); 4] = [CONTACTS_COLS[0], CONTACTS_COLS[1], CONTACTS_COLS[2], CONTACTS_COLS[3]];

pub const CONTACT_ROW0: u32 = 2;

pub const SHEET_SCHEDULE: &str = "予定表";

pub const SHEET_PROGRAMMES: &str = "事業";

pub const SHEET_BLOCKS: &str = "区域";

/// The prefecture's form (version 4 on): every unit's and centre's contact, into `contacts.toml`.
pub const SHEET_CONTACTS: &str = "連絡先";

/// The prefecture's form. 会議 (forms of version 2 on): B3 meeting, B4 material number, B5 date,
/// B6 deadline, B7 contact: the packet's fields a clerk sets up a year with; from version 4 on,
/// B8–B12 the request's ([`REQUEST_FIELDS`]).
pub const PACKET_ROW0: u32 = 2;

/// The packet's fields on 会議, row by row from [`PACKET_ROW0`]: key of `packet.toml` and label.
pub const PACKET_FIELDS: [(&str, &str); 5] = [
    ("meeting", "会議名"),
    ("material", "資料番号（例：資料４）"),
    ("date", "開催日（YYYY-MM-DD）"),
    ("deadline", "照会の提出期限（YYYY-MM-DD）"),
    ("contact", "照会の問い合わせ先"),
];

/// 会議 (forms of version 4 on), below the packet's fields: the request's (`[request]` of `packet.toml`).
pub const REQUEST_ROW0: u32 = PACKET_ROW0 + PACKET_FIELDS.len() as u32;

/// The request's fields on 会議, row by row from [`REQUEST_ROW0`]: key of `[request]` and label.
pub const REQUEST_FIELDS: [(&str, &str); 5] = [
    ("number", "照会文書（鑑文）の文書番号"),
    ("date", "照会文書の日付（YYYY-MM-DD）"),
    ("addressee", "照会文書の宛先"),
    ("sender", "照会文書の発信者"),
    ("mail", "下書きの差出人メール（任意）"),
];

/// 予定表: B3 title, B4 first month, B5 last month, B6 bands, B7 notes;
/// events from row 10 (B band, C label, D date, E from, F to, G agenda), then a header row and
/// the texts (B band, C from, D to, E title, F lines).
pub const SCHED_TITLE: u32 = 2;

pub const SCHED_FIRST: u32 = 3;

pub const SCHED_LAST: u32 = 4;

pub const SCHED_BANDS: u32 = 5;

pub const SCHED_NOTES: u32 = 6;

pub const EVENT_HEAD: u32 = 8;

pub const EVENT_ROW0: u32 = 9;

/// 事業: B3 page titles, B4 ○ intro, B5 ※ notes, B6 column headers; from row 9 one row per
/// sub-row (B 事業名 on a programme's first row only, C 事業概要, D 主な取組, E 今後の方向性).
pub const PROG_TITLES: u32 = 2;

pub const PROG_INTRO: u32 = 3;

pub const PROG_NOTES: u32 = 4;

pub const PROG_COLUMNS: u32 = 5;

pub const PROG_HEAD: u32 = 7;

pub const PROG_ROW0: u32 = 8;

/// 区域: B3 the common ※ note; from row 6 one row per ○ summary (B label, C regions, D columns,
/// F ※ note on a block's first row only, E the summary).
pub const BLOCK_DEFAULT_NOTE: u32 = 2;

pub const BLOCK_HEAD: u32 = 4;

pub const BLOCK_ROW0: u32 = 5;

/// A table of the prefecture's form: its columns from B on, each the key it has in
/// the TOML (and in validation keys, `events[3].date`) and its header on the form.
pub type Columns = [(&'static str, &'static str)];

/// 予定表's events: one row per event.
pub const EVENT_COLS: [(&str, &str); 7] = [
    ("band", "区分"),
    ("label", "内容（行事）"),
    ("date", "日付（YYYY-MM-DD）"),
    ("from", "開始月（YYYY-MM）"),
    ("to", "終了月（YYYY-MM）"),
    ("agenda", "議題（１行に１つ）"),
    // Since form version 5: the box's label with line breaks where it should break (optional).
    ("display", "資料での改行（省略可）"),
];

/// 予定表's text blocks: one row per block.
pub const TEXT_COLS: [(&str, &str); 5] = [
    ("band", "区分"),
    ("from", "開始月（YYYY-MM）"),
    ("to", "終了月（YYYY-MM）"),
    ("title", "見出し（文字）"),
    ("lines", "本文（１行に１つ）"),
];

/// 事業: one row per programme's sub-row.
pub const PROG_COLS: [(&str, &str); 4] =
    [("name", "事業名"), ("summary", "事業概要"), ("activities", "主な取組"), ("direction", "今後の方向性")];

/// 区域: one row per ○ summary.
pub const BLOCK_COLS: [(&str, &str); 5] = [
    ("label", "区域名（ページの見出し）"),
    ("regions", "区域（「、」区切り）"),
    ("columns", "列の提出単位（１行に１つ）"),
    ("summaries", "○まとめ（１行に１つの○）"),
    ("note", "※注記（この区域だけ異なる場合）"),
];

/// 連絡先: row 2 the headers (A 名称), from row 3 one row per unit and centre of
/// [`Meta::contact_names`]: A its name (fixed), B… its contact in `contacts.toml`.
pub const CONTACTS_HEAD: u32 = 1;

pub const CONTACTS_ROW0: u32 = 2;

/// 連絡先's columns from B on: the key of a contact in `contacts.toml` and the header.
pub const CONTACTS_COLS: [(&str, &str); 5] = [
    ("office", "担当課"),
    ("person", "担当者"),
    ("phone", "電話"),
    ("mail", "メール（複数は「、」区切り）"),
    ("cc", "CC（複数は「、」区切り）"),
];

/// A table's answer columns.
pub fn cols(cols: &Columns) -> std::ops::RangeInclusive<u16> {
    COL_B..=COL_B + cols.len() as u16 - 1
}

/// 0-based header row of the schedule's text table.
pub(super) fn text_head(meta: &Meta) -> u32 {
    EVENT_ROW0 + meta.event_rows + 1
}

/// Whether a cell of the prefecture's form is one the clerk answers (units
/// and centres: see [`schema`]).
pub(super) fn is_answer(meta: &Meta, sheet: &str, row: u32, col: u16) -> bool {
    let within = |r0: u32, n: u32, cols: std::ops::RangeInclusive<u16>| (r0..r0 + n).contains(&row) && cols.contains(&col);
    match sheet {
        SHEET_PACKET => within(PACKET_ROW0, packet_rows(meta), COL_B..=COL_B),
        SHEET_CONTACTS => meta.version >= 4 && within(CONTACTS_ROW0, meta.contact_names.len() as u32, cols(&CONTACTS_COLS)),
        SHEET_SCHEDULE => {
            within(SCHED_TITLE, 5, COL_B..=COL_B)
                || within(EVENT_ROW0, meta.event_rows, cols(&EVENT_COLS))
                || within(text_head(meta) + 1, meta.text_rows, cols(&TEXT_COLS))
        }
        SHEET_PROGRAMMES => within(PROG_TITLES, 4, COL_B..=COL_B) || within(PROG_ROW0, meta.programme_rows, cols(&PROG_COLS)),
        SHEET_BLOCKS => within(BLOCK_DEFAULT_NOTE, 1, COL_B..=COL_B) || within(BLOCK_ROW0, meta.block_rows, cols(&BLOCK_COLS)),
        _ => false,
    }
}

/// Rows of 会議's answers: the packet's fields, and from version 4 on the request's.
pub(super) fn packet_rows(meta: &Meta) -> u32 {
    let request = if meta.version >= 4 { REQUEST_FIELDS.len() } else { 0 };
    (PACKET_FIELDS.len() + request) as u32
}

/// The sheets the sender answers on: a unit's or centre's by its `schema` (from version 3 with
/// 回答者); the prefecture's (version 1 has no 会議, before version 4 no 連絡先).
pub(super) fn answer_sheets(meta: &Meta, schema: Option<&Schema>) -> Vec<String> {
    let prefecture = |sheets: &[&str]| sheets.iter().map(|s| s.to_string()).collect();
    match schema.filter(|_| meta.kind != Kind::Prefecture) {
        None if meta.version < 2 => prefecture(&[SHEET_SCHEDULE, SHEET_PROGRAMMES, SHEET_BLOCKS]),
        None if meta.version < 4 => prefecture(&[SHEET_PACKET, SHEET_SCHEDULE, SHEET_PROGRAMMES, SHEET_BLOCKS]),
        None => prefecture(&[SHEET_PACKET, SHEET_SCHEDULE, SHEET_PROGRAMMES, SHEET_BLOCKS, SHEET_CONTACTS]),
        Some(schema) => {
            let mut sheets: Vec<String> = schema.answer_sheets().into_iter().map(String::from).collect();
            if meta.version >= 3 {
                sheets.push(SHEET_CONTACT.into());
            }
            sheets
        }
    }
}

/// The sheet whose B1 names who the form is for.
pub(super) fn who_sheet(kind: Kind, survey: &Survey) -> &str {
    match kind {
        Kind::Prefecture => SHEET_SCHEDULE,
        _ => &survey.items_sheet,
    }
}

/// A sheet and a 0-based cell of it.
pub type Place = (String, u32, u16);

/// The sheet that lists a send-back's reasons, first in the workbook.
pub const SHEET_SENT_BACK: &str = "差し戻し理由";

/// What an answer cell holds: how the reader takes what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// One line of text.
    Text,
    /// Lines (Alt+Enter), each an entry.
    Lines,
    /// Names of partner units or addresses, 「、」-separated.
    List,
    /// A date or a month: an Excel date serial there is what is wanted.
    Date,
}

/// A table of the prefecture's form: a row per entry, from a first row down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    /// 予定表's boxes.
    Events,
    /// 予定表's text blocks (below the boxes).
    Texts,
    /// 事業's rows.
    Programmes,
    /// 区域's rows, one per ○ summary.
    Blocks,
    /// 連絡先's rows, one per unit and centre.
    Contacts,
}

/// Where a [`Table`] is in a form: its sheet, its first row, its rows and its columns.
#[derive(Debug, Clone, Copy)]
pub struct TableAt {
    pub sheet: &'static str,
    pub first: u32,
    pub rows: u32,
    pub cols: &'static Columns,
}

impl TableAt {
    /// The column of `key`; `None` for a key the table has not.
    pub fn col(&self, key: &str) -> Option<u16> {
        self.cols.iter().position(|(k, _)| *k == key).map(|i| COL_B + i as u16)
    }

    /// The cell of row `i` (0-based from the first) in the column of `key`.
    pub fn cell(&self, i: u32, key: &str) -> Option<(u32, u16)> {
        Some((self.first + i, self.col(key)?))
    }

    fn holds(&self, row: u32, col: u16) -> bool {
        (self.first..self.first + self.rows).contains(&row) && cols(self.cols).contains(&col)
    }
}

/// One form's layout: for a year (its prefecture and fiscal year, in [`Meta`]), a survey, a
/// form kind and a form version. The writer lays the workbook out from it; the reader
/// builds the layout of the version it finds ([`FormLayout::new`] from the marker) and
/// finds the rows of the workbook in hand ([`FormLayout::located`]). Either way it is
/// this one value that says where each answer is, what it holds and what is printed.
#[derive(Debug, Clone, PartialEq)]
pub struct FormLayout {
    /// What the form is for (the marker's content).
    pub meta: Meta,
    /// The answer sheets of a unit's or centre's form (`None`: the prefecture's, whose rows are fixed).
    pub schema: Option<Schema>,
    /// The printed texts: every fixed cell, by sheet.
    pub fixed: Vec<Fixed>,
    /// The sheets answered on, in order (after 案内; the marker sheet last, hidden).
    pub sheets: Vec<String>,
    /// The sheet whose B1 names who the form is for.
    pub who_sheet: String,
    /// Where the answer rows are: as written, or as found in a workbook read back.
    pub rows: Found,
}

impl FormLayout {
    /// The layout of the form `meta` describes (its version's), for `survey`.
    pub fn new(meta: Meta, survey: &Survey) -> FormLayout {
        let schema = (meta.kind != Kind::Prefecture).then(|| Schema::of(survey, meta.kind));
        let fixed = fixed_cells(&meta, survey, schema.as_ref());
        let sheets = answer_sheets(&meta, schema.as_ref());
        let who_sheet = who_sheet(meta.kind, survey).to_string();
        let rows = schema.as_ref().map(|s| s.written(meta.table_rows)).unwrap_or_default();
        FormLayout { meta, schema, fixed, sheets, who_sheet, rows }
    }

    /// A unit's form this year, pre-filled with `answers`.
    pub fn unit(year: &Year, name: &str, answers: Option<&Unit>) -> FormLayout {
        FormLayout::new(unit_meta(year, name, answers), &year.survey)
    }

    /// A wide-area centre's form this year.
    pub fn centre(year: &Year, centre: &Centre) -> FormLayout {
        FormLayout::new(centre_meta(year, centre), &year.survey)
    }

    /// The prefecture's own form this year.
    pub fn prefecture(year: &Year) -> FormLayout {
        FormLayout::new(prefecture_meta(year), &year.survey)
    }

    /// Whether every item must be answered (a unit answering for itself, not 市町単独 beside a centre).
    pub fn required(&self) -> bool {
        self.meta.kind == Kind::Unit && !self.meta.own_only
    }

    /// Whether `text` on `sheet` is one the form prints (by text, not position: a form of an
    /// earlier version, or one with rows inserted, has its labels elsewhere).
    pub fn is_printed(&self, sheet: &str, text: &str) -> bool {
        self.fixed.iter().any(|f| f.sheet == sheet && text.trim() == f.text.trim())
    }

    /// Whether a cell is the form's own: printed, a check formula's result or helper
    /// on 案内, or on a sheet shiryo writes beside the form (the marker, a send-back's reasons).
    pub fn is_own(&self, sheet: &str, col: u16, text: &str) -> bool {
        sheet == SHEET_MARKER || sheet == SHEET_SENT_BACK || self.is_printed(sheet, text) || check::is_own(sheet, col, text)
    }

    /// What the answer cell at a 0-based place holds; `None` where nothing is answered
    /// (回答者 aside: its rows are found by their labels).
    pub fn kind_at(&self, sheet: &str, row: u32, col: u16) -> Option<CellKind> {
        match &self.schema {
            None => self.prefecture_kind(sheet, row, col),
            // 回答者's rows are found by their labels, as the reader reads them.
            Some(s) => self.rows.kind_at(s, sheet, row, col),
        }
    }

    /// The cells of the prefecture's form and what they hold.
    fn prefecture_kind(&self, sheet: &str, row: u32, col: u16) -> Option<CellKind> {
        if !is_answer(&self.meta, sheet, row, col) {
            return None;
        }
        let date = match sheet {
            SHEET_PACKET => {
                col == COL_B && ["date", "deadline"].iter().any(|k| self.packet_row(k) == Some(row))
                    || self.meta.version >= 4 && self.request_row("date") == Some(row)
            }
            SHEET_SCHEDULE => {
                [SCHED_FIRST, SCHED_LAST].contains(&row) && col == COL_B
                    || self.is_in(Table::Events, row, col, &["date", "from", "to"])
                    || self.is_in(Table::Texts, row, col, &["from", "to"])
            }
            _ => false,
        };
        Some(if date { CellKind::Date } else { CellKind::Lines })
    }

    fn is_in(&self, t: Table, row: u32, col: u16, keys: &[&str]) -> bool {
        let at = self.table(t);
        at.holds(row, col) && keys.iter().any(|k| at.col(k) == Some(col))
    }

    /// Where a table of the prefecture's form is.
    pub fn table(&self, t: Table) -> TableAt {
        let m = &self.meta;
        let (sheet, first, rows, cols): (_, _, _, &'static Columns) = match t {
            Table::Events => (SHEET_SCHEDULE, EVENT_ROW0, m.event_rows, &EVENT_COLS),
            Table::Texts => (SHEET_SCHEDULE, text_head(m) + 1, m.text_rows, &TEXT_COLS),
            Table::Programmes => (SHEET_PROGRAMMES, PROG_ROW0, m.programme_rows, &PROG_COLS),
            Table::Blocks => (SHEET_BLOCKS, BLOCK_ROW0, m.block_rows, &BLOCK_COLS),
            Table::Contacts => (SHEET_CONTACTS, CONTACTS_ROW0, m.contact_names.len() as u32, &CONTACTS_COLS),
        };
        TableAt { sheet, first, rows, cols }
    }

    /// 会議's row of a packet field (`meeting`, `material`, `date`, `deadline`, `contact`), column B.
    pub fn packet_row(&self, key: &str) -> Option<u32> {
        PACKET_FIELDS.iter().position(|(k, _)| *k == key).map(|i| PACKET_ROW0 + i as u32)
    }

    /// 会議's row of a request field (version 4 on), column B.
    pub fn request_row(&self, key: &str) -> Option<u32> {
        REQUEST_FIELDS.iter().position(|(k, _)| *k == key).map(|i| REQUEST_ROW0 + i as u32)
    }

    /// 予定表's row of a schedule field (`title`, `first_month`, `last_month`, `bands`, `notes`), column B.
    pub fn schedule_row(&self, key: &str) -> Option<u32> {
        let keys = ["title", "first_month", "last_month", "bands", "notes"];
        keys.iter().position(|k| *k == key).map(|i| SCHED_TITLE + i as u32)
    }

    /// 事業's row of a programmes field (`titles`, `intro`, `notes`, `columns`), column B.
    pub fn programmes_row(&self, key: &str) -> Option<u32> {
        let keys = ["titles", "intro", "notes", "columns"];
        keys.iter().position(|k| *k == key).map(|i| PROG_TITLES + i as u32)
    }

    /// 区域's row of the default ※ note, column B.
    pub const DEFAULT_NOTE_ROW: u32 = BLOCK_DEFAULT_NOTE;
    /// The column of the prefecture's single fields.
    pub const FIELD_COL: u16 = COL_B;
}

impl FormLayout {
    /// Every answer cell of a sheet of the prefecture's form, row by row.
    pub fn answer_cells(&self, sheet: &str) -> Vec<(u32, u16)> {
        let widest = [Table::Events, Table::Texts, Table::Programmes, Table::Blocks, Table::Contacts]
            .map(|t| self.table(t).cols.len() as u16)
            .into_iter()
            .max()
            .unwrap_or(1);
        let cells = (0..self.sheet_rows(sheet)).flat_map(|r| (COL_B..COL_B + widest).map(move |c| (r, c)));
        cells.filter(|&(r, c)| self.kind_at(sheet, r, c).is_some()).collect()
    }

    /// Rows of a sheet of the prefecture's form that may hold an answer (all of them lie above this).
    fn sheet_rows(&self, sheet: &str) -> u32 {
        let end = |t: Table| {
            let at = self.table(t);
            at.first + at.rows
        };
        match sheet {
            SHEET_PACKET => PACKET_ROW0 + packet_rows(&self.meta),
            SHEET_CONTACTS => end(Table::Contacts),
            SHEET_SCHEDULE => end(Table::Texts),
            SHEET_PROGRAMMES => end(Table::Programmes),
            SHEET_BLOCKS => end(Table::Blocks),
            _ => 0,
        }
    }
}

impl FormLayout {
    /// This layout with the rows of the workbook in hand, found by the items' marks, the
    /// fields' labels and the paired table's header (`text(sheet, row, col)`, `last(sheet)`:
    /// a cell's trimmed text and a sheet's last row). The prefecture's rows are fixed.
    pub fn located(mut self, text: &dyn Fn(&str, u32, u16) -> Option<String>, last: &dyn Fn(&str) -> u32) -> FormLayout {
        let Some(schema) = &self.schema else { return self };
        let on = |sheet: &str| {
            let sheet = sheet.to_string();
            move |r: u32, c: u16| text(&sheet, r, c)
        };
        let items = schema.find_items(&on(&schema.items_sheet), last(&schema.items_sheet));
        let table = match schema.table {
            Some(_) => schema.find_table(&on(&schema.table_sheet), last(&schema.table_sheet)),
            None => Found::default(),
        };
        self.rows = Found { items, ..table };
        self
    }

    /// The sheet and cell (`A1`) of a validation problem's file and key, in this workbook's rows.
    pub fn locate(&self, file: &str, key: &Key) -> (String, String) {
        match &self.schema {
            Some(schema) => self.rows.locate(schema, key),
            None => {
                let (sheet, cell) = self.locate_prefecture(file, key);
                (sheet.to_string(), cell)
            }
        }
    }

    /// The cell of a validation key of `packet.toml`, `contacts.toml`, `schedule.toml`, `programmes.toml` or `blocks.toml`.
    fn locate_prefecture(&self, file: &str, key: &Key) -> (&'static str, String) {
        let (list, index, part) = match key {
            Key::Line { list, index, part } => (*list, index.saturating_sub(1), part.unwrap_or("")),
            _ => ("", 0, ""),
        };
        let entry = |t: Table| {
            let at = self.table(t);
            let row = self.rows.entries.get(&t).and_then(|rows| rows.get(index).copied()).unwrap_or(at.first);
            // A key naming no column of the table: the entry's first cell.
            a1(row, at.col(part).unwrap_or(COL_B))
        };
        match file {
            store::PACKET => {
                let row = match key {
                    Key::Toml(k) => k.strip_prefix("request.").and_then(|f| self.request_row(f)),
                    Key::Top(k) => self.packet_row(k),
                    _ => None,
                };
                (SHEET_PACKET, a1(row.unwrap_or(PACKET_ROW0), COL_B))
            }
            store::CONTACTS => (SHEET_CONTACTS, self.locate_contact(key)),
            store::SCHEDULE => {
                let field = match key {
                    Key::Top(k) => self.schedule_row(k),
                    Key::Line { list: "notes", .. } => self.schedule_row("notes"),
                    _ => None,
                };
                match (field, list) {
                    (Some(r), _) => (SHEET_SCHEDULE, a1(r, COL_B)),
                    (None, "events") => (SHEET_SCHEDULE, entry(Table::Events)),
                    (None, "texts") => (SHEET_SCHEDULE, entry(Table::Texts)),
                    _ => (SHEET_SCHEDULE, "B1".into()),
                }
            }
            store::BLOCKS if *key == Key::Top("default_note") => (SHEET_BLOCKS, a1(BLOCK_DEFAULT_NOTE, COL_B)),
            store::BLOCKS if list == "blocks" => (SHEET_BLOCKS, entry(Table::Blocks)),
            store::BLOCKS => (SHEET_BLOCKS, "B1".into()),
            _ if list == "programmes" => {
                let at = self.table(Table::Programmes);
                let row = self.rows.entries.get(&Table::Programmes).and_then(|r| r.get(index).copied()).unwrap_or(at.first);
                (SHEET_PROGRAMMES, a1(row, at.col("name").unwrap_or(COL_B)))
            }
            _ => (SHEET_PROGRAMMES, "B1".into()),
        }
    }

    /// 連絡先's cell of `桑名市.mail[1]`, or of the name alone.
    fn locate_contact(&self, key: &Key) -> String {
        let text = match key {
            Key::Toml(k) => k.as_str(),
            _ => "",
        };
        let names = &self.meta.contact_names;
        let found = names.iter().enumerate().find(|(_, n)| text == n.as_str() || text.starts_with(&format!("{n}.")));
        let Some((i, name)) = found else { return "A1".into() };
        let list: String = text[name.len()..].trim_start_matches('.').chars().take_while(char::is_ascii_alphabetic).collect();
        let at = self.table(Table::Contacts);
        let c = if list.is_empty() { COL_A } else { at.col(&list).unwrap_or(COL_A) };
        a1(at.first + i as u32, c)
    }
}

pub use super::schema::{COL_A, COL_B, COL_C, COL_D};

/// What the reader asks of a workbook before it has a layout: which form it is.
impl FormLayout {
    /// The newest form version this build writes and reads.
    pub const NEWEST: u32 = VERSION;
    /// The hidden marker sheet.
    pub const MARKER_SHEET: &'static str = SHEET_MARKER;

    /// The layout a marker sheet's rows describe; `None` when they are not a shiryo marker.
    pub fn from_marker(rows: &[Vec<String>], survey: &Survey) -> Option<FormLayout> {
        Meta::from_marker_rows(rows).map(|meta| FormLayout::new(meta, survey))
    }

    /// A1's label on an answer sheet, naming who the form is for (提出単位, 広域).
    pub fn who_label(kind: Kind) -> &'static str {
        who_label(kind)
    }

    /// The code a form's D1 prints after 「市町コード：」 (or the survey's word, from version 6 on).
    pub fn code_in<'a>(d1: &'a str, unit_word: &str) -> Option<&'a str> {
        unit_words(unit_word).iter().find_map(|w| d1.strip_prefix(code_prefix(w).as_str()))
    }

    /// The members a form's D1 prints after 「構成市町：」 (or the survey's word, from version 6 on).
    pub fn members_in<'a>(d1: &'a str, unit_word: &str) -> Option<&'a str> {
        unit_words(unit_word).iter().find_map(|w| d1.strip_prefix(members_prefix(w).as_str()))
    }

    /// The rows of a prefecture's table entries as read, for [`FormLayout::locate`].
    pub fn with_entries(mut self, entries: std::collections::BTreeMap<Table, Vec<u32>>) -> FormLayout {
        self.rows.entries = entries;
        self
    }
}
