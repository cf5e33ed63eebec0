//! `shiryo form`: the submission workbook (照会様式) sent to each submitting
//! unit and each wide-area centre, and the prefecture's own, written with rust_xlsxwriter.
//!
//! The layout lives here and nowhere else: the answer sheets of units and
//! centres in [`schema`] (derived from the year's survey; what `ingest` finds
//! again by marks and headers), the prefecture's sheets in the constants below
//! ([`fixed_cells`], [`is_answer`]); so a workbook is understood by the same
//! code that wrote it.
//!
//! ```text
//! 案内        guidance: what to fill, deadline and contact, the survey's items and their meaning
//! (answers)   see [`schema`]
//! _shiryo     hidden marker: prefecture, kind, name, code, members, fiscal year, survey, form version
//! ```

pub mod check;
mod grow;
pub mod marks;
pub mod prompts;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
};

use crate::error::{Error, Result};
use crate::model::{Centre, FieldKind, Member, Survey, Unit, Year, validate};
use crate::store;
pub use crate::model::Kind;
pub use schema::{COL_A, COL_B, COL_C, COL_D, Schema};

/// Version of the layout; `ingest` refuses a form newer than it knows.
/// 2: the answer sheets follow the survey, rows found by marks and headers.
/// 3: the 回答者 sheet (the answering office's contact, into `contacts.toml`).
/// 4: the prefecture's form carries the request's fields (会議) and every unit's and centre's contact (連絡先).
/// 6: the fixed labels and the guide name units by the survey's word (構成市町村：, 取組状況（市町村単独）).
pub const VERSION: u32 = 6;
/// Value of the marker's `form` key.
pub const MARKER_TAG: &str = "shiryo-form";

pub const SHEET_GUIDE: &str = "案内";
pub const SHEET_MARKER: &str = "_shiryo";
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

/// The column of `key` in a table (B for an unknown key: the row's first cell).
pub fn col(cols: &Columns, key: &str) -> u16 {
    COL_B + cols.iter().position(|(k, _)| *k == key).unwrap_or(0) as u16
}

/// A table's answer columns.
pub fn cols(cols: &Columns) -> std::ops::RangeInclusive<u16> {
    COL_B..=COL_B + cols.len() as u16 - 1
}

/// 0-based header row of the schedule's text table.
pub fn text_head(meta: &Meta) -> u32 {
    EVENT_ROW0 + meta.event_rows + 1
}

/// Blank rows of the paired table the form offers beyond the pre-filled ones (at least [`MIN_TABLE_ROWS`] in all).
pub const SPARE_TABLE_ROWS: u32 = 15;
pub const MIN_TABLE_ROWS: u32 = 30;

/// Everything the form's fixed content depends on; stored in the hidden
/// marker sheet so the workbook identifies itself whatever its file name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub version: u32,
    pub prefecture: String,
    pub kind: Kind,
    pub name: String,
    /// A unit's local-government code.
    pub code: Option<String>,
    /// A union's member municipalities (with codes), or a centre's member units.
    pub members: Vec<Member>,
    pub fiscal_year: i32,
    /// The survey's key (empty in a form of version 1).
    pub survey: String,
    pub deadline: String,
    pub contact: String,
    /// A unit of a block with centres: its items are 市町単独 and may be left empty.
    pub own_only: bool,
    /// Rows of the paired table as written.
    pub table_rows: u32,
    /// How many times this form was sent back (差し戻し): 0 for the request's own form.
    pub sent_back: u32,
    /// The answering office's contact the form is pre-filled with (not in the marker).
    pub office: crate::model::contacts::Contact,
    /// The prefecture's form: rows of the event, text, programme and block tables.
    pub event_rows: u32,
    pub text_rows: u32,
    pub programme_rows: u32,
    pub block_rows: u32,
    /// The prefecture's form (version 4 on): the units and centres of 連絡先, in its row order.
    pub contact_names: Vec<String>,
}

/// How a fixed cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Label,
    Header,
    Info,
    Note,
    /// The paired table's row numbers: labels, but unlocked so that the row can be deleted.
    RowNumber,
}

/// A cell the form prints and the sender does not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    pub sheet: String,
    pub row: u32,
    pub col: u16,
    pub text: String,
    pub style: Style,
}

/// `A1` name of a 0-based cell.
pub fn a1(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The 0-based row and column of an `A1` name; `None` for a range or a column (`A:A`).
pub fn parse_a1(cell: &str) -> Option<(u32, u16)> {
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| acc.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1))?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, u16::try_from(col.checked_sub(1)?).ok()?))
}

/// `令和元年度（2019年度）`.
pub fn year_label(fy: i32) -> String {
    format!("{}（{fy}年度）", crate::model::era::fiscal_year(fy))
}

fn deadline_label(deadline: &str) -> String {
    match crate::model::Date::parse(deadline) {
        Ok(d) => crate::model::era::date(d.year, d.month, d.day),
        Err(_) => deadline.to_string(),
    }
}

fn members_label(meta: &Meta, word: &str) -> String {
    let names: Vec<&str> = meta.members.iter().map(|m| m.name.as_str()).collect();
    match (meta.kind, &meta.code) {
        (Kind::Centre, _) => format!("{}{}", members_prefix(word), names.join("、")),
        (Kind::Unit, _) if !names.is_empty() => format!("{}{}", members_prefix(word), names.join("、")),
        (Kind::Unit, Some(code)) => format!("{}{code}", code_prefix(word)),
        (Kind::Unit, None) | (Kind::Prefecture, _) => String::new(),
    }
}

/// D1 of the answer sheet: 「構成市町：」 and its members (a union's, a centre's), by the unit word.
pub fn members_prefix(word: &str) -> String {
    format!("構成{word}：")
}

/// D1 of a municipality's answer sheet: 「市町コード：」 and its code, by the unit word.
pub fn code_prefix(word: &str) -> String {
    format!("{word}コード：")
}

/// The unit words a form's D1 may use: the survey's, and 市町 of the forms before version 6.
pub fn unit_words(schema_word: &str) -> [&str; 2] {
    [schema_word, "市町"]
}

/// The word the fixed labels of a form of `meta`'s version name units by.
fn unit_word<'a>(meta: &Meta, schema: &'a Schema) -> &'a str {
    if meta.version >= 6 { &schema.unit_word } else { "市町" }
}

/// The label cell of the unit on the answer sheets (A1) and its value cell (B1).
pub fn who_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Unit => "提出単位",
        Kind::Centre => "広域",
        Kind::Prefecture => "都道府県",
    }
}

/// Every fixed cell of the form, sheet by sheet (the marker sheet aside).
pub fn fixed_cells(meta: &Meta, survey: &Survey) -> Vec<Fixed> {
    fixed_cells_of(meta, survey, &Schema::of(survey, meta.kind))
}

/// [`fixed_cells`], for the `schema` of the form's kind already at hand.
pub fn fixed_cells_of(meta: &Meta, survey: &Survey, schema: &Schema) -> Vec<Fixed> {
    let mut out = Vec::new();
    let mut put = |sheet: &str, row: u32, col: u16, text: String, style: Style| {
        if !text.is_empty() {
            out.push(Fixed { sheet: sheet.to_string(), row, col, text, style });
        }
    };
    let fy = year_label(meta.fiscal_year);
    if meta.kind == Kind::Prefecture {
        prefecture_fixed(meta, &fy, &mut put);
        return out;
    }
    if meta.version < 2 {
        for (sheet, text) in V1_TEXTS {
            let sheet = if sheet == SHEET_GUIDE { SHEET_GUIDE } else { schema.table_sheet.as_str() };
            put(sheet, u32::MAX, 0, text.to_string(), Style::Info);
        }
    }
    guide_fixed(meta, survey, schema, &fy, &mut put);
    items_fixed(meta, schema, &fy, &mut put);
    if schema.table.is_some() {
        table_fixed(meta, schema, &fy, &mut put);
    }
    if meta.version >= 3 {
        put(SHEET_CONTACT, 0, COL_A, who_label(meta.kind).into(), Style::Label);
        put(SHEET_CONTACT, 0, COL_B, meta.name.clone(), Style::Info);
        put(SHEET_CONTACT, 1, COL_A, "項目".into(), Style::Header);
        put(SHEET_CONTACT, 1, COL_B, "内容".into(), Style::Header);
        for (i, (_, label)) in CONTACT_FIELDS.iter().enumerate() {
            put(SHEET_CONTACT, CONTACT_ROW0 + i as u32, COL_A, (*label).into(), Style::Label);
        }
        let note = "※照会・督促・差し戻しのメールの宛先になります。資料には載りません。";
        put(SHEET_CONTACT, CONTACT_ROW0 + CONTACT_FIELDS.len() as u32 + 1, COL_A, note.into(), Style::Note);
    }
    out
}

/// Texts of the version-1 form (the 2018 survey, before `survey.toml`) that today's wording replaced: a
/// form of version 1 sent out before an upgrade still carries them, and they are its own, not answers.
const V1_TEXTS: [(&str, &str); 2] = [
    (SHEET_GUIDE, "・「課題と取組」シートには、連携拠点（名称・運営主体）、目指すべき方向性、課題と今後１年間の主な取組予定を記入してください。取組が複数ある課題は、２行目以降の課題欄を空欄にしてください。"),
    ("table", "※取組が複数ある課題は、２行目以降の課題欄を空欄にしてください。"),
];

type Put<'a> = dyn FnMut(&str, u32, u16, String, Style) + 'a;

/// 案内: who, deadline, contact, how to fill, and what each item means.
fn guide_fixed(meta: &Meta, survey: &Survey, schema: &Schema, fy: &str, put: &mut Put) {
    let g = SHEET_GUIDE;
    put(g, 0, 0, format!("{}　{}　照会様式（{fy}）", meta.prefecture, survey.title), Style::Title);
    let mut r = 2;
    let unit = meta.kind == Kind::Unit;
    let who = if unit { meta.name.clone() } else { format!("{}（広域の欄）", meta.name) };
    for (label, value) in [
        ("提出単位", who),
        ("", members_label(meta, unit_word(meta, schema))),
        ("提出期限", deadline_label(&meta.deadline)),
        ("問い合わせ先", meta.contact.clone()),
    ] {
        put(g, r, 0, label.to_string(), Style::Label);
        put(g, r, 1, value, Style::Info);
        r += 1;
    }
    r += 1;
    put(g, r, 0, "記入のしかた".into(), Style::Label);
    for line in how_to_fill(meta, survey, schema) {
        put(g, r, 1, format!("・{line}"), Style::Info);
        r += 1;
    }
    r += 1;
    put(g, r, 0, "項目".into(), Style::Header);
    put(g, r, 1, "内容".into(), Style::Header);
    r += 1;
    for item in survey.items.iter().filter(|i| schema.items.iter().any(|s| s.key == i.key)) {
        put(g, r, 0, item.label(), Style::Label);
        put(g, r, 1, item.guidance.clone(), Style::Info);
        r += 1;
    }
}

/// The guidance's lines on how to fill the form.
fn how_to_fill(meta: &Meta, survey: &Survey, schema: &Schema) -> Vec<String> {
    let unit = meta.kind == Kind::Unit;
    let items = &schema.items_sheet;
    let marks = match (schema.items.first(), schema.items.last()) {
        (Some(a), Some(b)) => format!("{}〜{}", a.mark, b.mark),
        _ => String::new(),
    };
    let w = unit_word(meta, schema);
    let mut how: Vec<String> = Vec::new();
    if unit {
        how.push(format!("「{items}」シートの{marks}の欄に、取組を１行に１つ、「・」で始めて記入してください（セル内の改行は Alt＋Enter）。"));
    } else {
        how.push(format!("「{items}」シートの{marks}の欄に、構成{w}が広域で（共同で）行う取組を、１行に１つ「・」で始めて記入してください（セル内の改行は Alt＋Enter）。"));
    }
    how.push("「・」で始まらない行は、直前の取組の補足（注記）として扱います。".into());
    how.push(format!(
        "公表しない行は、行の先頭に「{}」と書いてください（例: {}・○○との個別調整）。その行は会議資料にも公開用のデータにも載りません。",
        crate::model::private::MARK,
        crate::model::private::MARK
    ));
    if unit && !meta.own_only {
        how.push("取組がない項目は「―」と入力してください。空欄のままでは受け付けられません。".into());
    } else if unit {
        how.push(format!("この区域には広域の取組があるため、この様式には{w}単独の取組を記入します。{w}単独の取組がない項目は「―」、区域内のどの{w}にも{w}単独の欄がない項目は空欄のままにしてください。"));
    } else {
        how.push("広域の取組がない項目は空欄のままにしてください。".into());
    }
    if unit {
        how.push(format!("他の{w}と共同で実施している欄は、右の「共同実施の相手」欄に相手の{w}名を「、」区切りで記入し、相手の{w}と同じ内容を記入してください（色の付いた欄は前回の共同実施の欄です）。"));
        if let Some(t) = &schema.table {
            let fields: Vec<String> = survey
                .fields
                .iter()
                .map(|f| if f.kind == FieldKind::Bracketed { format!("{}（名称・{}）", f.name, f.bracket) } else { f.name.clone() })
                .collect();
            let mut parts = fields.join("、");
            if !parts.is_empty() {
                parts.push('、');
            }
            how.push(format!(
                "「{}」シートには、{parts}{}と{}を記入してください。{}が同じ行が複数ある場合は、２行目以降の{}欄を空欄にしてください。",
                schema.table_sheet,
                t.first,
                t.columns.join("・"),
                t.first,
                t.first
            ));
        }
    }
    how.push("シートの名前・並び・表示は変えず、セルを結合しないでください。記入欄以外に入力された内容は取り込まれません。".into());
    how.push("行は挿入・削除して構いません（項目の行の下に挿入した行は、その項目の続きとして読み取ります）。".into());
    how.push(format!("この様式は「{}」の{}用です。ファイル名は変えても構いません。", meta.name, year_label(meta.fiscal_year)));
    how
}

/// The items sheet: who, headers, each item's mark and name, the note.
fn items_fixed(meta: &Meta, schema: &Schema, fy: &str, put: &mut Put) {
    let s = schema.items_sheet.as_str();
    put(s, 0, COL_A, who_label(meta.kind).into(), Style::Label);
    put(s, 0, COL_B, meta.name.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, 0, COL_D, members_label(meta, unit_word(meta, schema)), Style::Info);
    put(s, schema::HEAD_ROW, COL_A, "番号".into(), Style::Header);
    put(s, schema::HEAD_ROW, COL_B, "項目".into(), Style::Header);
    let w = unit_word(meta, schema);
    let answer = match (meta.kind, meta.own_only) {
        (Kind::Centre, _) => "取組状況（広域）".to_string(),
        (Kind::Unit, true) => format!("取組状況（{w}単独）"),
        (Kind::Unit, false) => "取組状況".to_string(),
        (Kind::Prefecture, _) => String::new(),
    };
    put(s, schema::HEAD_ROW, COL_C, answer, Style::Header);
    if schema.item_partners {
        put(s, schema::HEAD_ROW, COL_D, format!("共同実施の相手（{w}名を「、」区切り）"), Style::Header);
    }
    for (i, item) in schema.items.iter().enumerate() {
        let row = Schema::item_row(i);
        put(s, row, COL_A, item.mark.clone(), Style::Label);
        put(s, row, COL_B, item.name.clone(), Style::Label);
    }
    put(s, schema.item_note_row(), COL_A, format!("※記入のしかたは「{SHEET_GUIDE}」シートをご覧ください。"), Style::Note);
}

/// The table sheet: who, the fields' labels, the paired table's headers and row numbers.
fn table_fixed(meta: &Meta, schema: &Schema, fy: &str, put: &mut Put) {
    let Some(t) = &schema.table else { return };
    let s = schema.table_sheet.as_str();
    put(s, 0, COL_A, who_label(meta.kind).into(), Style::Label);
    put(s, 0, COL_B, meta.name.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, schema::HEAD_ROW, COL_A, "区分".into(), Style::Header);
    put(s, schema::HEAD_ROW, COL_B, "名称・内容".into(), Style::Header);
    // Column C holds the bracketed parts: named by them (運営主体), else generically.
    let brackets: Vec<&str> = schema.fields.iter().filter(|f| f.kind == FieldKind::Bracketed).map(|f| f.bracket.as_str()).collect();
    let c = if brackets.is_empty() || brackets.iter().any(|b| b.is_empty()) { "（　）内".to_string() } else { brackets.join("・") };
    put(s, schema::HEAD_ROW, COL_C, c, Style::Header);
    put(s, schema::HEAD_ROW, COL_D, format!("共同の相手（{}名）", unit_word(meta, schema)), Style::Header);
    for (i, f) in schema.fields.iter().enumerate() {
        put(s, Schema::field_row(i), COL_A, f.label.clone(), Style::Label);
    }
    let head = schema.table_head();
    put(s, head, COL_A, "行".into(), Style::Header);
    put(s, head, COL_B, t.first.clone(), Style::Header);
    for (j, c) in t.columns.iter().enumerate() {
        put(s, head, COL_C + j as u16, c.clone(), Style::Header);
    }
    if let Some(col) = schema.table_partners() {
        put(s, head, col, format!("共同の相手（{}名）", unit_word(meta, schema)), Style::Header);
    }
    for i in 0..meta.table_rows {
        put(s, head + 1 + i, COL_A, (i + 1).to_string(), Style::RowNumber);
    }
    put(
        s,
        head + meta.table_rows + 2,
        COL_A,
        format!("※{}が同じ行が複数ある場合は、２行目以降の{}欄を空欄にしてください。", t.first, t.first),
        Style::Note,
    );
}

/// The prefecture's form: guidance and the labels of 予定表, 事業 and 区域.
fn prefecture_fixed(meta: &Meta, fy: &str, put: &mut Put) {
    let g = SHEET_GUIDE;
    let parts = match meta.version {
        0 | 1 => "予定表・事業・区域",
        2 | 3 => "会議・予定表・事業・区域",
        _ => "会議・予定表・事業・区域・連絡先",
    };
    put(g, 0, 0, format!("{}　資料（{parts}）の県の記入欄（{fy}）", meta.prefecture), Style::Title);
    put(g, 2, 0, "記入のしかた".into(), Style::Label);
    let packet = if meta.version >= 4 {
        format!("「{SHEET_PACKET}」：会議名、資料番号、開催日と照会の提出期限（YYYY-MM-DD、令和元年12月11日のような和暦も可）、照会の問い合わせ先。照会文書（鑑文）の文書番号・日付・宛先・発信者と、照会・督促の下書きの差出人メール（任意）。")
    } else {
        format!("「{SHEET_PACKET}」：会議名、資料番号、開催日と照会の提出期限（YYYY-MM-DD、令和元年12月11日のような和暦も可）、照会の問い合わせ先。")
    };
    let mut how = vec![
        packet,
        format!("「{SHEET_SCHEDULE}」：表題、最初と最後の月（YYYY-MM）、行の区分（１行に１つ）、※注記（１行に１つ）。行事は１行に１つ：区分・内容と、１日の行事は日付（YYYY-MM-DD）、期間の行事は開始月・終了月（YYYY-MM）、議題（１行に１つ）。文字の欄も１行に１つです。"),
        format!("「{SHEET_PROGRAMMES}」：ページ見出し（１行に１ページ）、○前文、※注記、列見出し（４つ）。表は事業の行ごとに１行で、事業名は事業の最初の行だけに記入し、事業概要・主な取組・今後の方向性は１行に１つ記入します。"),
        format!("「{SHEET_BLOCKS}」：共通の※注記。表は○まとめ１つにつき１行で、区域名・区域（「、」区切り）・列の提出単位（１行に１つ、左から順に）・※注記（この区域だけ異なる場合）は区域の最初の行だけに記入します。"),
        "「○」「※」は記入不要です（資料で付けます）。記入欄以外に入力された内容は取り込まれません。シートの名前・並び・表示は変えないでください。".into(),
    ];
    if meta.version >= 4 {
        let line = format!("「{SHEET_CONTACTS}」：提出単位・広域ごとに１行、担当課・担当者・電話・メールとCC（複数は「、」区切り）。照会・督促・差し戻しのメールの宛先になります（資料には載りません）。名称は変えられません。");
        how.insert(4, line);
    }
    for (i, line) in how.into_iter().enumerate() {
        put(g, 2 + i as u32, 1, format!("・{line}"), Style::Info);
    }
    let head = |put: &mut Put, s: &'static str| {
        put(s, 0, COL_A, "都道府県".into(), Style::Label);
        put(s, 0, COL_B, meta.prefecture.clone(), Style::Info);
        put(s, 0, COL_C, fy.to_string(), Style::Info);
        put(s, 1, COL_A, "項目".into(), Style::Header);
        put(s, 1, COL_B, "内容".into(), Style::Header);
    };
    if meta.version >= 2 {
        head(&mut *put, SHEET_PACKET);
        for (i, (_, label)) in PACKET_FIELDS.iter().enumerate() {
            put(SHEET_PACKET, PACKET_ROW0 + i as u32, COL_A, (*label).into(), Style::Label);
        }
    }
    if meta.version >= 4 {
        for (i, (_, label)) in REQUEST_FIELDS.iter().enumerate() {
            put(SHEET_PACKET, REQUEST_ROW0 + i as u32, COL_A, (*label).into(), Style::Label);
        }
        contacts_fixed(meta, fy, &mut *put);
    }
    let s = SHEET_SCHEDULE;
    head(&mut *put, s);
    for (row, label) in [
        (SCHED_TITLE, "表題"),
        (SCHED_FIRST, "最初の月（YYYY-MM）"),
        (SCHED_LAST, "最後の月（YYYY-MM）"),
        (SCHED_BANDS, "行の区分（１行に１つ）"),
        (SCHED_NOTES, "※注記（１行に１つ）"),
    ] {
        put(s, row, COL_A, label.into(), Style::Label);
    }
    table_head(&mut *put, s, EVENT_HEAD, &EVENT_COLS);
    for i in 0..meta.event_rows {
        put(s, EVENT_ROW0 + i, COL_A, (i + 1).to_string(), Style::Label);
    }
    let th = text_head(meta);
    table_head(&mut *put, s, th, &TEXT_COLS);
    for i in 0..meta.text_rows {
        put(s, th + 1 + i, COL_A, (i + 1).to_string(), Style::Label);
    }
    let s = SHEET_PROGRAMMES;
    head(&mut *put, s);
    for (row, label) in [
        (PROG_TITLES, "ページ見出し（１行に１ページ）"),
        (PROG_INTRO, "○前文（１行に１つ）"),
        (PROG_NOTES, "※注記（１行に１つ）"),
        (PROG_COLUMNS, "列見出し（１行に１つ）"),
    ] {
        put(s, row, COL_A, label.into(), Style::Label);
    }
    table_head(&mut *put, s, PROG_HEAD, &PROG_COLS);
    for i in 0..meta.programme_rows {
        put(s, PROG_ROW0 + i, COL_A, (i + 1).to_string(), Style::Label);
    }
    let s = SHEET_BLOCKS;
    head(&mut *put, s);
    put(s, BLOCK_DEFAULT_NOTE, COL_A, "※注記（共通）".into(), Style::Label);
    table_head(&mut *put, s, BLOCK_HEAD, &BLOCK_COLS);
    for i in 0..meta.block_rows {
        put(s, BLOCK_ROW0 + i, COL_A, (i + 1).to_string(), Style::Label);
    }
}

/// 連絡先: who, the headers, each unit's and centre's name, the note.
fn contacts_fixed(meta: &Meta, fy: &str, put: &mut Put) {
    let s = SHEET_CONTACTS;
    put(s, 0, COL_A, "都道府県".into(), Style::Label);
    put(s, 0, COL_B, meta.prefecture.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, CONTACTS_HEAD, COL_A, "名称".into(), Style::Header);
    for (c, (_, h)) in CONTACTS_COLS.iter().enumerate() {
        put(s, CONTACTS_HEAD, COL_B + c as u16, (*h).into(), Style::Header);
    }
    for (i, name) in meta.contact_names.iter().enumerate() {
        put(s, CONTACTS_ROW0 + i as u32, COL_A, name.clone(), Style::Label);
    }
    let who = if meta.version >= 6 { "各提出単位" } else { "各市町" };
    let note = format!("※照会・督促・差し戻しのメールの宛先になります。資料には載りません。{who}が様式の「回答者」シートに記入した内容でも更新されます。");
    put(s, CONTACTS_ROW0 + meta.contact_names.len() as u32 + 1, COL_A, note, Style::Note);
}

/// A table's header row: 行, then its columns' headers.
fn table_head(put: &mut Put, sheet: &str, row: u32, cols: &Columns) {
    put(sheet, row, COL_A, "行".into(), Style::Header);
    for (c, (_, h)) in cols.iter().enumerate() {
        put(sheet, row, COL_B + c as u16, (*h).into(), Style::Header);
    }
}

/// Whether a cell of the prefecture's form is one the clerk answers (units
/// and centres: see [`schema`]).
pub fn is_answer(meta: &Meta, sheet: &str, row: u32, col: u16) -> bool {
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
pub fn packet_rows(meta: &Meta) -> u32 {
    let request = if meta.version >= 4 { REQUEST_FIELDS.len() } else { 0 };
    (PACKET_FIELDS.len() + request) as u32
}

/// The sheets the sender answers on (a prefecture's form of version 1 has no 会議, before version 4 no 連絡先).
pub fn answer_sheets(meta: &Meta, survey: &Survey) -> Vec<String> {
    match meta.kind {
        Kind::Prefecture if meta.version < 2 => [SHEET_SCHEDULE, SHEET_PROGRAMMES, SHEET_BLOCKS].map(String::from).to_vec(),
        Kind::Prefecture if meta.version < 4 => [SHEET_PACKET, SHEET_SCHEDULE, SHEET_PROGRAMMES, SHEET_BLOCKS].map(String::from).to_vec(),
        Kind::Prefecture => [SHEET_PACKET, SHEET_SCHEDULE, SHEET_PROGRAMMES, SHEET_BLOCKS, SHEET_CONTACTS].map(String::from).to_vec(),
        kind => answer_sheets_of(meta, &Schema::of(survey, kind)),
    }
}

/// The sheets a unit or centre answers on, for the `schema` of its form already at hand.
pub fn answer_sheets_of(meta: &Meta, schema: &Schema) -> Vec<String> {
    let mut sheets: Vec<String> = schema.answer_sheets().into_iter().map(String::from).collect();
    if meta.version >= 3 {
        sheets.push(SHEET_CONTACT.into());
    }
    sheets
}

/// The sheet whose B1 names who the form is for.
pub fn who_sheet(kind: Kind, survey: &Survey) -> &str {
    match kind {
        Kind::Prefecture => SHEET_SCHEDULE,
        _ => &survey.items_sheet,
    }
}

impl Meta {
    /// The marker sheet's rows: key, value (and a member's code).
    pub fn marker_rows(&self) -> Vec<Vec<String>> {
        let mut rows = vec![
            vec!["form".into(), MARKER_TAG.into()],
            vec!["version".into(), self.version.to_string()],
            vec!["prefecture".into(), self.prefecture.clone()],
            vec!["kind".into(), self.kind.key().into()],
            vec!["name".into(), self.name.clone()],
            vec!["code".into(), self.code.clone().unwrap_or_default()],
            vec!["fiscal_year".into(), self.fiscal_year.to_string()],
            vec!["survey".into(), self.survey.clone()],
            vec!["deadline".into(), self.deadline.clone()],
            vec!["contact".into(), self.contact.clone()],
            vec!["own_only".into(), if self.own_only { "1" } else { "0" }.into()],
            vec!["table_rows".into(), self.table_rows.to_string()],
        ];
        if self.sent_back > 0 {
            rows.push(vec!["sent_back".into(), self.sent_back.to_string()]);
        }
        if self.kind == Kind::Prefecture {
            for (k, v) in [
                ("event_rows", self.event_rows),
                ("text_rows", self.text_rows),
                ("programme_rows", self.programme_rows),
                ("block_rows", self.block_rows),
            ] {
                rows.push(vec![k.into(), v.to_string()]);
            }
            for name in &self.contact_names {
                rows.push(vec!["contact_of".into(), name.clone()]);
            }
        }
        for m in &self.members {
            rows.push(vec!["member".into(), m.name.clone(), m.code.clone().unwrap_or_default()]);
        }
        rows
    }

    /// Reads the marker's rows back; `None` when they are not a shiryo marker.
    /// A version or year that does not parse is kept as 0 for the caller to refuse.
    pub fn from_marker_rows(rows: &[Vec<String>]) -> Option<Meta> {
        let get = |k: &str| rows.iter().find(|r| r.first().is_some_and(|x| x == k)).and_then(|r| r.get(1)).cloned();
        if get("form")?.as_str() != MARKER_TAG {
            return None;
        }
        let kind = Kind::from_key(&get("kind")?)?;
        let rows_of = |k: &str| {
            get(k).and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0).min(1000)
        };
        let members = rows
            .iter()
            .filter(|r| r.first().is_some_and(|x| x == "member"))
            .filter_map(|r| {
                let name = r.get(1)?.clone();
                let code = r.get(2).filter(|c| !c.is_empty()).cloned();
                Some(Member { name, code })
            })
            .collect();
        Some(Meta {
            office: Default::default(),
            version: get("version").and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
            prefecture: get("prefecture").unwrap_or_default(),
            kind,
            name: get("name")?,
            code: get("code").filter(|c| !c.is_empty()),
            members,
            fiscal_year: get("fiscal_year").and_then(|v| int(&v)).and_then(|v| i32::try_from(v).ok()).unwrap_or(0),
            survey: get("survey").unwrap_or_default(),
            deadline: get("deadline").unwrap_or_default(),
            contact: get("contact").unwrap_or_default(),
            own_only: get("own_only").is_some_and(|v| v == "1"),
            // `issue_rows`: the name in forms of version 1.
            table_rows: get("table_rows")
                .or_else(|| get("issue_rows"))
                .and_then(|v| int(&v))
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(MIN_TABLE_ROWS)
                .clamp(1, 1000),
            sent_back: get("sent_back").and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
            event_rows: rows_of("event_rows"),
            text_rows: rows_of("text_rows"),
            programme_rows: rows_of("programme_rows"),
            block_rows: rows_of("block_rows"),
            contact_names: rows
                .iter()
                .filter(|r| r.first().is_some_and(|x| x == "contact_of"))
                .filter_map(|r| r.get(1).cloned())
                .take(1000)
                .collect(),
        })
    }
}

/// An integer typed as text or read from a number cell ("2018", "2018.0").
fn int(s: &str) -> Option<i64> {
    let s = s.trim();
    s.parse::<i64>().ok().or_else(|| s.strip_suffix(".0").and_then(|t| t.parse().ok()))
}

/// Whether a block of `year` has centres (its units answer 市町単独).
pub fn block_has_centres(year: &Year, unit: &str) -> bool {
    year.blocks
        .blocks
        .iter()
        .find(|b| b.columns.iter().any(|c| c == unit))
        .is_some_and(|b| !validate::centres_of(year, b).is_empty())
}

/// Rows of the paired table a unit's answers take, with rows to spare.
fn table_rows_needed(unit: Option<&Unit>) -> u32 {
    let used: usize = unit.map_or(0, |u| u.pairs.iter().map(|p| p.rows.len().max(1)).sum());
    (used as u32 + SPARE_TABLE_ROWS).max(MIN_TABLE_ROWS)
}

/// The form of a unit, pre-filled with `answers`.
pub fn unit_meta(year: &Year, name: &str, answers: Option<&Unit>) -> Meta {
    Meta {
        version: VERSION,
        prefecture: year.packet.prefecture.clone(),
        kind: Kind::Unit,
        name: name.to_string(),
        code: answers.and_then(|u| u.code.clone()),
        members: answers.map(|u| u.members.clone()).unwrap_or_default(),
        fiscal_year: year.packet.fiscal_year,
        deadline: year.packet.deadline.to_string(),
        contact: year.packet.contact.clone(),
        survey: year.survey.key.clone(),
        office: year.contacts.get(name).cloned().unwrap_or_default(),
        own_only: block_has_centres(year, name),
        table_rows: table_rows_needed(answers),
        ..Meta::default()
    }
}

/// The prefecture's form, sized for the year's schedule, programmes and blocks with rows to spare.
pub fn prefecture_meta(year: &Year) -> Meta {
    let rows = |n: usize, spare: u32, min: u32| (n as u32 + spare).max(min);
    Meta {
        version: VERSION,
        prefecture: year.packet.prefecture.clone(),
        kind: Kind::Prefecture,
        name: year.packet.prefecture.clone(),
        fiscal_year: year.packet.fiscal_year,
        survey: year.survey.key.clone(),
        deadline: year.packet.deadline.to_string(),
        contact: year.packet.contact.clone(),
        event_rows: rows(year.schedule.events.len(), 10, 20),
        text_rows: rows(year.schedule.texts.len(), 5, 5),
        programme_rows: rows(year.programmes.programmes.iter().map(|p| p.rows.len().max(1)).sum(), 10, 20),
        block_rows: rows(year.blocks.blocks.iter().map(|b| b.summaries.len().max(1)).sum(), 10, 20),
        contact_names: contact_names(year),
        ..Meta::default()
    }
}

/// The units (block columns, in the packet's order) and centres of the year, each once: 連絡先's rows.
pub fn contact_names(year: &Year) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let all = year.blocks.blocks.iter().flat_map(|b| b.columns.iter()).chain(year.centres.iter().map(|c| &c.name));
    for name in all {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

pub fn centre_meta(year: &Year, centre: &Centre) -> Meta {
    Meta {
        version: VERSION,
        prefecture: year.packet.prefecture.clone(),
        kind: Kind::Centre,
        name: centre.name.clone(),
        code: None,
        members: centre.members.iter().map(|m| Member { name: m.clone(), code: None }).collect(),
        fiscal_year: year.packet.fiscal_year,
        deadline: year.packet.deadline.to_string(),
        contact: year.packet.contact.clone(),
        survey: year.survey.key.clone(),
        office: year.contacts.get(&centre.name).cloned().unwrap_or_default(),
        own_only: false,
        table_rows: 0,
        ..Meta::default()
    }
}

/// What a form is pre-filled with.
pub enum Answers<'a> {
    Unit(Option<&'a Unit>),
    Centre(&'a Centre),
    Prefecture(&'a Year),
}

struct Formats {
    title: Format,
    label: Format,
    header: Format,
    info: Format,
    note: Format,
    answer: Format,
    joint: Format,
    closed: Format,
    row_number: Format,
    /// A cell a send-back asks to correct.
    marked: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name("BIZ UDゴシック").set_font_size(10.5).set_align(FormatAlign::Top);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let answer = boxed.clone().set_unlocked().set_num_format("@");
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            label: boxed.clone().set_bold().set_background_color(Color::RGB(0xE7E6E6)),
            header: boxed.clone().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_align(FormatAlign::Center),
            info: base.clone().set_text_wrap(),
            note: base.clone().set_font_size(9),
            joint: answer.clone().set_background_color(Color::RGB(0xFFF2CC)),
            marked: answer.clone().set_background_color(Color::RGB(0xFFC7CE)),
            answer,
            row_number: boxed.clone().set_bold().set_background_color(Color::RGB(0xE7E6E6)).set_unlocked(),
            closed: boxed.set_background_color(Color::RGB(0xF2F2F2)),
        }
    }

    fn of(&self, s: Style) -> &Format {
        match s {
            Style::Title => &self.title,
            Style::Label => &self.label,
            Style::Header => &self.header,
            Style::Info => &self.info,
            Style::Note => &self.note,
            Style::RowNumber => &self.row_number,
        }
    }
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Workbook(e.to_string())
}

/// Column widths (Excel's character units) per sheet.
fn widths(sheet: &str, kind: Kind, schema: Option<&Schema>) -> Vec<f64> {
    match (sheet, kind, schema) {
        (SHEET_GUIDE, ..) => vec![22.0, 110.0],
        (SHEET_PACKET, ..) => vec![30.0, 70.0],
        (SHEET_CONTACT, ..) => vec![30.0, 60.0],
        (SHEET_SCHEDULE, ..) => vec![22.0, 30.0, 36.0, 16.0, 14.0, 14.0, 40.0],
        (SHEET_PROGRAMMES, ..) => vec![24.0, 24.0, 44.0, 56.0, 44.0],
        (SHEET_BLOCKS, ..) => vec![16.0, 18.0, 14.0, 14.0, 80.0, 40.0],
        (SHEET_CONTACTS, ..) => vec![30.0, 30.0, 16.0, 16.0, 40.0, 40.0],
        (s, Kind::Unit, Some(schema)) if s == schema.items_sheet => vec![6.0, 22.0, 70.0, 24.0],
        (s, Kind::Centre, Some(schema)) if s == schema.items_sheet => vec![6.0, 22.0, 90.0, 40.0],
        (s, _, Some(schema)) if s == schema.table_sheet => {
            let n = schema.table_width().max(1);
            let each = (56.0 / f64::from(n)).max(24.0);
            let mut w = vec![16.0, 44.0];
            w.extend(std::iter::repeat_n(each, usize::from(n)));
            w.push(24.0);
            w
        }
        _ => vec![14.0, 60.0, 14.0],
    }
}

/// Lines a text takes in a column of `width` characters (full-width counts two).
fn lines_in(text: &str, width: f64) -> u32 {
    let per = (width - 1.0).max(4.0);
    text.split('\n')
        .map(|l| {
            let w: f64 = l.chars().map(|c| if c.is_ascii() { 1.1 } else { 2.0 }).sum();
            ((w / per).ceil() as u32).max(1)
        })
        .sum()
}

/// Row heights: the tallest cell of each row (Excel does not grow rows written by a program).
struct Heights<'a> {
    widths: &'a [f64],
    rows: BTreeMap<u32, u32>,
}

impl Heights<'_> {
    fn grow(&mut self, row: u32, col: u16, text: &str) {
        let width = self.widths.get(usize::from(col)).copied().unwrap_or(10.0);
        let n = lines_in(text, width);
        let e = self.rows.entry(row).or_insert(1);
        *e = (*e).max(n);
    }
}

/// One answer sheet being written: its cells and the heights they need.
struct Sheet<'a, 'b> {
    ws: &'a mut Worksheet,
    f: &'b Formats,
    heights: Heights<'b>,
    /// Cells a send-back marks on this sheet.
    marked: Vec<(u32, u16)>,
}

impl Sheet<'_, '_> {
    fn answer(&mut self, row: u32, col: u16, text: &str, joint: bool) -> Result<()> {
        let fmt = if self.marked.contains(&(row, col)) {
            &self.f.marked
        } else if joint {
            &self.f.joint
        } else {
            &self.f.answer
        };
        write_answer(self.ws, row, col, text, fmt)?;
        self.heights.grow(row, col, text);
        Ok(())
    }

    /// The prompt shown when a cell of `rows` in column `col` is selected.
    fn prompt(&mut self, rows: std::ops::RangeInclusive<u32>, col: u16, prompt: &prompts::Prompt) -> Result<()> {
        self.ws.add_data_validation(*rows.start(), col, *rows.end(), col, &prompt.validation()?).map_err(xerr)?;
        Ok(())
    }

    fn closed(&mut self, row: u32, col: u16) -> Result<()> {
        self.ws.write_blank(row, col, &self.f.closed).map_err(xerr)?;
        Ok(())
    }
}

/// A sheet and a 0-based cell of it.
pub type Place = (String, u32, u16);

/// A send-back (差し戻し): the cells to correct, each with what to do, and the reasons listed first.
#[derive(Debug, Clone, Default)]
pub struct SendBack {
    /// Cells to correct: sheet, 0-based row and column, what is wrong and what to do.
    pub marks: Vec<(String, u32, u16, String)>,
    /// The reasons in order: where (a sheet and cell, if any) and the text.
    pub reasons: Vec<(Option<Place>, String)>,
}

/// The sheet that lists a send-back's reasons, first in the workbook.
pub const SHEET_SENT_BACK: &str = "差し戻し理由";

/// The workbook of one form.
pub fn workbook(meta: &Meta, survey: &Survey, answers: &Answers) -> Result<Vec<u8>> {
    workbook_with(meta, survey, answers, None)
}

/// The workbook of one form, marked for a send-back when one is given (its count is `meta.sent_back`).
pub fn workbook_with(meta: &Meta, survey: &Survey, answers: &Answers, send_back: Option<&SendBack>) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // Dated by the packet, not the clock: the same data gives the same bytes.
    let (y, m, d) = crate::model::Date::parse(&meta.deadline).map_or((meta.fiscal_year, 4, 1), |d| (d.year, d.month, d.day));
    let date = ExcelDateTime::from_ymd(y.clamp(1900, 9999) as u16, m as u8, d as u8).map_err(xerr)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("照会様式 {} {}", meta.name, year_label(meta.fiscal_year)))
            .set_author(meta.prefecture.clone())
            .set_creation_datetime(&date),
    );
    let schema = (meta.kind != Kind::Prefecture).then(|| Schema::of(survey, meta.kind));
    let fixed = match &schema {
        Some(schema) => fixed_cells_of(meta, survey, schema),
        None => fixed_cells(meta, survey),
    };
    if let Some(sb) = send_back {
        reasons_sheet(&mut wb, &f, meta, sb)?;
    }
    let mut sheets = vec![SHEET_GUIDE.to_string()];
    sheets.extend(answer_sheets(meta, survey));
    for name in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(xerr)?;
        let w = widths(name, meta.kind, schema.as_ref());
        for (c, width) in w.iter().enumerate() {
            ws.set_column_width(c as u16, *width).map_err(xerr)?;
        }
        let marks: Vec<&(String, u32, u16, String)> =
            send_back.map(|sb| sb.marks.iter().filter(|m| &m.0 == name).collect()).unwrap_or_default();
        let marked = marks.iter().map(|m| (m.1, m.2)).collect();
        let mut sheet = Sheet { ws, f: &f, heights: Heights { widths: &w, rows: BTreeMap::new() }, marked };
        for cell in fixed.iter().filter(|c| &c.sheet == name) {
            let fmt = if cell.style == Style::RowNumber { &f.row_number } else { f.of(cell.style) };
            sheet.ws.write_string_with_format(cell.row, cell.col, &cell.text, fmt).map_err(xerr)?;
            if cell.style != Style::Title && cell.style != Style::Note {
                sheet.heights.grow(cell.row, cell.col, &cell.text);
            }
        }
        match &schema {
            Some(schema) if name == SHEET_GUIDE => {
                let answers = item_answers(schema, answers);
                let filled = check::Filled { answers: &answers, required: meta.kind == Kind::Unit && !meta.own_only, table_rows: meta.table_rows };
                let top = fixed.iter().filter(|c| c.sheet == SHEET_GUIDE).map(|c| c.row).max().unwrap_or(0) + 2;
                check::write(sheet.ws, schema, &filled, top, &f.info)?;
            }
            Some(schema) if *name == schema.items_sheet => {
                write_items(&mut sheet, schema, answers)?;
                marks::items(sheet.ws, schema, meta.kind == Kind::Unit && !meta.own_only)?;
            }
            Some(schema) if *name == schema.table_sheet => write_table(&mut sheet, meta, schema, answers)?,
            Some(_) if name == SHEET_CONTACT => {
                let c = &meta.office;
                for (i, v) in [&c.office, &c.person, &c.phone, &c.mail.join("、")].iter().enumerate() {
                    sheet.answer(CONTACT_ROW0 + i as u32, COL_B, v, false)?;
                }
            }
            _ if name != SHEET_GUIDE => {
                let year = match answers {
                    Answers::Prefecture(y) => Some(*y),
                    _ => None,
                };
                for (row, col, text) in prefecture_answers(meta, name, year) {
                    sheet.answer(row, col, &text, false)?;
                }
            }
            _ => {}
        }
        for (_, row, col, text) in marks {
            let note = rust_xlsxwriter::Note::new(text.as_str()).set_author("shiryo").set_width(360);
            sheet.ws.insert_note(*row, *col, &note).map_err(xerr)?;
        }
        finish_sheet(sheet, name, meta, schema.as_ref())?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_MARKER).map_err(xerr)?;
    for (r, row) in meta.marker_rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).map_err(xerr)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    if let (None, Ok(first)) = (send_back, wb.worksheet_from_index(0)) {
        first.set_active(true);
    }
    grow::rows_grow(wb.save_to_buffer().map_err(xerr)?)
}

/// 差し戻し理由: what to correct, each with a link to its cell.
fn reasons_sheet(wb: &mut Workbook, f: &Formats, meta: &Meta, sb: &SendBack) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_SENT_BACK).map_err(xerr)?;
    ws.set_column_width(0, 22.0).map_err(xerr)?;
    ws.set_column_width(1, 110.0).map_err(xerr)?;
    let title = format!("{}　差し戻し理由（{}回目）", meta.name, meta.sent_back.max(1));
    ws.write_string_with_format(0, 0, &title, &f.title).map_err(xerr)?;
    let intro = "次の箇所を直して、このブックを保存し、もう一度お送りください（色の付いたセルにコメントがあります）。";
    ws.write_string_with_format(1, 0, intro, &f.info).map_err(xerr)?;
    ws.write_string_with_format(3, 0, "箇所", &f.header).map_err(xerr)?;
    ws.write_string_with_format(3, 1, "直すこと", &f.header).map_err(xerr)?;
    for (i, (at, text)) in sb.reasons.iter().enumerate() {
        let row = 4 + i as u32;
        match at {
            Some((sheet, r, c)) => {
                let place = format!("{sheet}!{}", a1(*r, *c));
                let link = rust_xlsxwriter::Url::new(format!("internal:'{sheet}'!{}", a1(*r, *c))).set_text(&place);
                ws.write_url_with_format(row, 0, link, &f.label).map_err(xerr)?;
            }
            None => drop(ws.write_string_with_format(row, 0, "（ブック全体）", &f.label).map_err(xerr)?),
        }
        ws.write_string_with_format(row, 1, text, &f.info).map_err(xerr)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    ws.protect();
    Ok(())
}

/// Row heights, page setup and protection. The paired table's rows may be
/// inserted and deleted (their cells are all unlocked); other rows may be inserted.
fn finish_sheet(sheet: Sheet, name: &str, meta: &Meta, schema: Option<&Schema>) -> Result<()> {
    let ws = sheet.ws;
    for (row, n) in sheet.heights.rows {
        ws.set_row_height(row, f64::from(n) * 14.0 + 4.0).map_err(xerr)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer(footer(&meta.name));
    let table = schema.filter(|s| s.table.is_some() && name == s.table_sheet);
    match table {
        Some(s) => ws.set_repeat_rows(s.table_head(), s.table_head()).map(|_| ()).map_err(xerr)?,
        None if name != SHEET_GUIDE => ws.set_repeat_rows(0, 1).map(|_| ()).map_err(xerr)?,
        None => {}
    }
    if let Some(s) = table {
        for row in s.table_head() + 1..=s.table_head() + meta.table_rows {
            ws.set_row_format(row, &sheet.f.answer).map_err(xerr)?;
        }
    }
    let answer_sheet = name != SHEET_GUIDE;
    ws.protect_with_options(&ProtectionOptions {
        format_rows: true,
        format_columns: true,
        insert_rows: answer_sheet,
        delete_rows: answer_sheet,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The approval copy's footer (決裁): the unit's name at the left, the sheet's in the
/// middle, 「n / N」 at the right, so that a printed form cannot come apart unnoticed.
/// `&` is Excel's code mark: a name's own is doubled.
fn footer(unit: &str) -> String {
    let name: String = unit.replace('&', "&&").chars().take(100).collect();
    format!("&L{name}&C&A&R&P / &N")
}

/// Each item's pre-filled answer: its cell's text (lines joined) and its partners (「、」-joined).
fn item_answers(schema: &Schema, answers: &Answers) -> Vec<(String, String)> {
    let of = |item: &schema::ItemRow| -> (Vec<String>, Vec<String>) {
        match answers {
            Answers::Unit(u) => {
                u.and_then(|u| u.item(&item.key)).map(|c| (c.lines.clone(), c.shared_with.clone())).unwrap_or_default()
            }
            Answers::Centre(c) => (c.item(&item.key).map(|c| c.lines.clone()).unwrap_or_default(), Vec::new()),
            Answers::Prefecture(_) => Default::default(),
        }
    };
    schema.items.iter().map(of).map(|(l, p)| (l.join("\n"), p.join("、"))).collect()
}

/// The items' answer cells, pre-filled.
fn write_items(sheet: &mut Sheet, schema: &Schema, answers: &Answers) -> Result<()> {
    for (i, (text, partners)) in item_answers(schema, answers).iter().enumerate() {
        let row = Schema::item_row(i);
        let joint = !partners.is_empty();
        sheet.answer(row, COL_C, text, joint)?;
        sheet.prompt(row..=row, COL_C, &prompts::item(schema, i))?;
        if schema.item_partners {
            sheet.answer(row, COL_D, partners, joint)?;
            sheet.prompt(row..=row, COL_D, &prompts::partners(schema))?;
        }
    }
    Ok(())
}

/// The fields and the paired table, pre-filled; blank rows to the form's size.
fn write_table(sheet: &mut Sheet, meta: &Meta, schema: &Schema, answers: &Answers) -> Result<()> {
    let unit = match answers {
        Answers::Unit(u) => *u,
        _ => None,
    };
    for (i, field) in schema.fields.iter().enumerate() {
        let row = Schema::field_row(i);
        let v = unit.and_then(|u| u.field(&field.key)).cloned().unwrap_or_default();
        let joint = !v.shared_with.is_empty();
        let text = if field.kind == FieldKind::Lines { v.lines.join("\n") } else { v.text.clone() };
        sheet.answer(row, COL_B, &text, joint)?;
        sheet.prompt(row..=row, COL_B, &prompts::field(field, false))?;
        match field.kind {
            FieldKind::Bracketed => {
                sheet.answer(row, COL_C, v.bracket.as_deref().unwrap_or(""), joint)?;
                sheet.prompt(row..=row, COL_C, &prompts::field(field, true))?;
            }
            _ => sheet.closed(row, COL_C)?,
        }
        match field.shareable {
            true => {
                sheet.answer(row, COL_D, &v.shared_with.join("、"), joint)?;
                sheet.prompt(row..=row, COL_D, &prompts::partners(schema))?;
            }
            false => sheet.closed(row, COL_D)?,
        }
    }
    let width = schema.table_width();
    let mut row = schema.table_head() + 1;
    for pair in unit.map(|u| u.pairs.as_slice()).unwrap_or_default() {
        let joint = !pair.shared_with.is_empty();
        let blank = [vec![String::new(); usize::from(width)]];
        let rows: &[Vec<String>] = if pair.rows.is_empty() { &blank } else { &pair.rows };
        for (i, cells) in rows.iter().enumerate() {
            let first = i == 0;
            sheet.answer(row, COL_B, if first { &pair.first } else { "" }, joint)?;
            for j in 0..width {
                let text = cells.get(usize::from(j)).map(String::as_str).unwrap_or("");
                sheet.answer(row, COL_C + j, text, joint)?;
            }
            if let Some(col) = schema.table_partners() {
                let partners = if first { pair.shared_with.join("、") } else { String::new() };
                sheet.answer(row, col, &partners, joint)?;
            }
            row += 1;
        }
    }
    while row <= schema.table_head() + meta.table_rows {
        for col in COL_B..=schema.table_last() {
            sheet.answer(row, col, "", false)?;
        }
        row += 1;
    }
    table_prompts(sheet, schema, schema.table_head() + 1..=row.saturating_sub(1).max(schema.table_head() + 1))
}

/// The paired table's prompts, over its filled and spare rows.
fn table_prompts(sheet: &mut Sheet, schema: &Schema, rows: std::ops::RangeInclusive<u32>) -> Result<()> {
    let Some(t) = &schema.table else { return Ok(()) };
    sheet.prompt(rows.clone(), COL_B, &prompts::column(&t.first, true))?;
    for (j, header) in t.columns.iter().enumerate() {
        sheet.prompt(rows.clone(), COL_C + j as u16, &prompts::column(header, false))?;
    }
    if let Some(col) = schema.table_partners() {
        sheet.prompt(rows, col, &prompts::partners(schema))?;
    }
    Ok(())
}

/// Every answer cell of a prefecture sheet with its pre-filled text (empty cells too, so they are unlocked).
fn prefecture_answers(meta: &Meta, sheet: &str, year: Option<&Year>) -> Vec<(u32, u16, String)> {
    let mut cells: BTreeMap<(u32, u16), String> = BTreeMap::new();
    let mut blank = |r0: u32, n: u32, cols: std::ops::RangeInclusive<u16>| {
        for r in r0..r0 + n {
            for c in cols.clone() {
                cells.insert((r, c), String::new());
            }
        }
    };
    match sheet {
        SHEET_PACKET => blank(PACKET_ROW0, packet_rows(meta), COL_B..=COL_B),
        SHEET_CONTACTS => blank(CONTACTS_ROW0, meta.contact_names.len() as u32, cols(&CONTACTS_COLS)),
        SHEET_SCHEDULE => {
            blank(SCHED_TITLE, 5, COL_B..=COL_B);
            blank(EVENT_ROW0, meta.event_rows, cols(&EVENT_COLS));
            blank(text_head(meta) + 1, meta.text_rows, cols(&TEXT_COLS));
        }
        SHEET_PROGRAMMES => {
            blank(PROG_TITLES, 4, COL_B..=COL_B);
            blank(PROG_ROW0, meta.programme_rows, cols(&PROG_COLS));
        }
        _ => {
            blank(BLOCK_DEFAULT_NOTE, 1, COL_B..=COL_B);
            blank(BLOCK_ROW0, meta.block_rows, cols(&BLOCK_COLS));
        }
    }
    let Some(y) = year else { return cells.into_iter().map(|((r, c), t)| (r, c, t)).collect() };
    let mut set = |r: u32, c: u16, t: String| {
        if cells.contains_key(&(r, c)) {
            cells.insert((r, c), t);
        }
    };
    match sheet {
        SHEET_PACKET => {
            let p = &y.packet;
            let values = [&p.meeting, &p.material, &p.date.to_string(), &p.deadline.to_string(), &p.contact].map(|v| v.to_string());
            for (i, v) in values.into_iter().enumerate() {
                set(PACKET_ROW0 + i as u32, COL_B, v);
            }
            let r = p.request.clone().unwrap_or_default();
            let values = [r.number, r.date.to_string(), r.addressee, r.sender, r.mail.unwrap_or_default()];
            for (i, v) in values.into_iter().enumerate() {
                set(REQUEST_ROW0 + i as u32, COL_B, v);
            }
        }
        SHEET_CONTACTS => {
            for (i, name) in meta.contact_names.iter().enumerate() {
                let Some(c) = y.contacts.get(name) else { continue };
                let r = CONTACTS_ROW0 + i as u32;
                let values = [&c.office, &c.person, &c.phone, &c.mail.join("、"), &c.cc.join("、")];
                for ((key, _), v) in CONTACTS_COLS.iter().zip(values) {
                    set(r, col(&CONTACTS_COLS, key), v.clone());
                }
            }
        }
        SHEET_SCHEDULE => {
            let s = &y.schedule;
            set(SCHED_TITLE, COL_B, s.title.clone());
            set(SCHED_FIRST, COL_B, s.first_month.to_string());
            set(SCHED_LAST, COL_B, s.last_month.to_string());
            set(SCHED_BANDS, COL_B, s.bands.join("\n"));
            set(SCHED_NOTES, COL_B, s.notes.join("\n"));
            for (i, e) in s.events.iter().enumerate() {
                let r = EVENT_ROW0 + i as u32;
                set(r, col(&EVENT_COLS, "band"), e.band.clone());
                set(r, col(&EVENT_COLS, "label"), e.label.clone());
                set(r, col(&EVENT_COLS, "date"), e.date.as_ref().map(ToString::to_string).unwrap_or_default());
                set(r, col(&EVENT_COLS, "from"), e.from.as_ref().map(ToString::to_string).unwrap_or_default());
                set(r, col(&EVENT_COLS, "to"), e.to.as_ref().map(ToString::to_string).unwrap_or_default());
                set(r, col(&EVENT_COLS, "agenda"), e.agenda.join("\n"));
                set(r, col(&EVENT_COLS, "display"), e.display.clone().unwrap_or_default());
            }
            for (i, t) in s.texts.iter().enumerate() {
                let r = text_head(meta) + 1 + i as u32;
                set(r, col(&TEXT_COLS, "band"), t.band.clone());
                set(r, col(&TEXT_COLS, "from"), t.from.to_string());
                set(r, col(&TEXT_COLS, "to"), t.to.to_string());
                set(r, col(&TEXT_COLS, "title"), t.title.clone());
                set(r, col(&TEXT_COLS, "lines"), t.lines.join("\n"));
            }
        }
        SHEET_PROGRAMMES => {
            let p = &y.programmes;
            set(PROG_TITLES, COL_B, p.titles.join("\n"));
            set(PROG_INTRO, COL_B, p.intro.join("\n"));
            set(PROG_NOTES, COL_B, p.notes.join("\n"));
            set(PROG_COLUMNS, COL_B, p.columns.join("\n"));
            let mut r = PROG_ROW0;
            for prog in &p.programmes {
                for (i, row) in prog.rows.iter().enumerate() {
                    set(r, col(&PROG_COLS, "name"), if i == 0 { prog.name.clone() } else { String::new() });
                    set(r, col(&PROG_COLS, "summary"), row.summary.join("\n"));
                    set(r, col(&PROG_COLS, "activities"), row.activities.join("\n"));
                    set(r, col(&PROG_COLS, "direction"), row.direction.join("\n"));
                    r += 1;
                }
            }
        }
        _ => {
            set(BLOCK_DEFAULT_NOTE, COL_B, y.blocks.default_note.clone());
            let mut r = BLOCK_ROW0;
            for b in &y.blocks.blocks {
                set(r, col(&BLOCK_COLS, "label"), b.label.clone());
                set(r, col(&BLOCK_COLS, "regions"), b.regions.join("、"));
                set(r, col(&BLOCK_COLS, "columns"), b.columns.join("\n"));
                set(r, col(&BLOCK_COLS, "note"), b.note.clone().unwrap_or_default());
                let summaries: &[String] = if b.summaries.is_empty() { &[String::new()] } else { &b.summaries };
                for s in summaries {
                    set(r, col(&BLOCK_COLS, "summaries"), s.clone());
                    r += 1;
                }
            }
        }
    }
    cells.into_iter().map(|((r, c), t)| (r, c, t)).collect()
}

fn write_answer(ws: &mut Worksheet, row: u32, col: u16, text: &str, fmt: &Format) -> Result<()> {
    // Lines each under the limit may be over it once joined in one cell: named, not rust_xlsxwriter's words.
    let chars = text.chars().count();
    if chars > crate::model::limits::MAX_CHARS {
        return Err(Error::CellTooLong { sheet: ws.name(), cell: a1(row, col), chars });
    }
    if text.is_empty() {
        ws.write_blank(row, col, fmt).map_err(xerr)?;
    } else {
        ws.write_string_with_format(row, col, text, fmt).map_err(xerr)?;
    }
    Ok(())
}

/// The file a unit's form is written to.
pub fn unit_file(name: &str) -> String {
    store::file_name(name).trim_end_matches(".toml").to_string() + ".xlsx"
}

/// The file a centre's form is written to (sent to its lead municipality).
pub fn centre_file(name: &str) -> String {
    format!("広域_{}", unit_file(name))
}

/// The file of the prefecture's form.
pub fn prefecture_file(prefecture: &str) -> String {
    format!("県_{}", unit_file(prefecture))
}

/// Writes the forms of a year into `out`: every block column's unit and
/// every centre (or only `only`), pre-filled from the year's TOML, else from
/// `previous`'s. Returns the files written.
pub fn write_forms(year_dir: &Path, only: Option<&str>, previous: Option<&Path>, out: &Path) -> Result<Vec<PathBuf>> {
    let year = store::load(year_dir)?;
    let prev = previous.map(store::load).transpose()?;
    let made = forms(&year, prev.as_ref(), only)?;
    crate::store::files::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let mut written = Vec::new();
    for (name, bytes) in made {
        let path = out.join(name);
        store::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The forms of a year in memory, each its file name and bytes: one per unit
/// and centre, then the prefecture's own; `only` one of them. Answers the
/// year lacks come from `prev` (pre-filled with last year's).
pub fn forms(year: &Year, prev: Option<&Year>, only: Option<&str>) -> Result<Vec<(String, Vec<u8>)>> {
    let mut made = Vec::new();
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    for block in &year.blocks.blocks {
        for name in block.columns.iter().filter(|n| wanted(n)) {
            let answers = year.unit(name).or_else(|| prev.and_then(|p| p.unit(name)));
            let meta = unit_meta(year, name, answers);
            made.push((unit_file(name), workbook(&meta, &year.survey, &Answers::Unit(answers))?));
        }
    }
    // Centres of this year; a year without any takes the previous year's whose members are still columns.
    let columns: Vec<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let centres: Vec<&Centre> = if year.centres.is_empty() {
        prev.map(|p| p.centres.iter().filter(|c| c.members.iter().all(|m| columns.contains(&m))).collect()).unwrap_or_default()
    } else {
        year.centres.iter().collect()
    };
    for centre in centres.into_iter().filter(|c| wanted(&c.name)) {
        let meta = centre_meta(year, centre);
        // A centre defined but not yet answered (name and members only) takes the previous year's lines.
        let last = prev.and_then(|p| p.centres.iter().find(|c| c.name == centre.name));
        let answers = if centre.items.is_empty() { last.unwrap_or(centre) } else { centre };
        made.push((centre_file(&centre.name), workbook(&meta, &year.survey, &Answers::Centre(answers))?));
    }
    // The prefecture's own parts.
    if wanted(&year.packet.prefecture) {
        let meta = prefecture_meta(year);
        made.push((prefecture_file(&year.packet.prefecture), workbook(&meta, &year.survey, &Answers::Prefecture(year))?));
    }
    if let (Some(name), true) = (only, made.is_empty()) {
        return Err(Error::NoSuchUnit(name.to_string()));
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 16383), "XFD1");
        for (r, c) in [(0, 0), (6, 2), (9, 25), (0, 26), (0, 16383)] {
            assert_eq!(parse_a1(&a1(r, c)), Some((r, c)));
        }
        assert_eq!(parse_a1("A:A"), None);
        assert_eq!(parse_a1("C7:D8"), None);
    }

    #[test]
    fn marker_round_trip() {
        let meta = Meta {
            version: VERSION,
            prefecture: "三重県".into(),
            kind: Kind::Unit,
            name: "紀北広域連合".into(),
            code: None,
            members: vec![Member { name: "尾鷲市".into(), code: Some("242098".into()) }],
            fiscal_year: 2018,
            deadline: "2018-11-16".into(),
            contact: "担当".into(),
            survey: "在宅医療・介護連携".into(),
            own_only: true,
            table_rows: 31,
            ..Meta::default()
        };
        assert_eq!(Meta::from_marker_rows(&meta.marker_rows()), Some(meta));
    }
}
