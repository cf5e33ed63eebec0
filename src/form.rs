//! `shiryo form`: the submission workbook (照会様式) sent to each submitting
//! unit and each wide-area centre, written with rust_xlsxwriter.
//!
//! The layout lives here and nowhere else: [`fixed_cells`] (every label the
//! form prints, a function of the [`Meta`] alone) and the answer cells
//! ([`is_answer`]) are what `ingest` reads back, so a workbook is understood
//! by the same code that wrote it.
//!
//! ```text
//! 案内        guidance: what to fill, deadline and contact, the ten items and their meaning
//! 取組状況    ①–⑩: A number, B item, C the cell's lines (one per line), D joint partners (units only)
//! 課題と取組  row 3 連携拠点 (B name, C operator, D partners), row 4 目指すべき方向性 (B, D),
//!             rows 7… one row per 取組: B 課題 (blank on the following rows of the same 課題), C 取組, D partners
//! _shiryo     hidden marker: prefecture, kind, name, code, members, fiscal year, form version
//! ```

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
};

use crate::error::{Error, Result};
use crate::model::{Centre, ITEMS, Member, Unit, Year, validate};
use crate::store;

/// Version of the layout; `ingest` refuses a form newer than it knows.
pub const VERSION: u32 = 1;
/// Value of the marker's `form` key.
pub const MARKER_TAG: &str = "shiryo-form";

pub const SHEET_GUIDE: &str = "案内";
pub const SHEET_ITEMS: &str = "取組状況";
pub const SHEET_ISSUES: &str = "課題と取組";
pub const SHEET_MARKER: &str = "_shiryo";

/// 0-based row of item ① on 取組状況 (A1 row 3): item `no` is on row `ITEM_ROW0 + no - 1`.
pub const ITEM_ROW0: u32 = 2;
/// 0-based row of 連携拠点 on 課題と取組 (row 3).
pub const ROW_HUB: u32 = 2;
/// 0-based row of 目指すべき方向性 (row 4).
pub const ROW_DIRECTION: u32 = 3;
/// 0-based header row of the 課題 table (row 6).
pub const ROW_ISSUE_HEAD: u32 = 5;
/// 0-based first row of 課題 → 取組 (row 7).
pub const ISSUE_ROW0: u32 = 6;
/// Columns: A label or number, B item / 課題 / hub name, C answer / 取組 / operator, D partners.
pub const COL_A: u16 = 0;
pub const COL_B: u16 = 1;
pub const COL_C: u16 = 2;
pub const COL_D: u16 = 3;
/// Blank 取組 rows the form offers beyond the pre-filled ones (at least [`MIN_ISSUE_ROWS`] in all).
pub const SPARE_ISSUE_ROWS: u32 = 15;
pub const MIN_ISSUE_ROWS: u32 = 30;

/// What the ten items mean (guidance sheet).
pub const MEANINGS: [&str; 10] = [
    "地域の医療機関・介護事業所等の所在地・機能等を把握し、リストやマップを作成・活用する取組",
    "医療・介護関係者が参画する会議等を開催し、在宅医療・介護連携の現状を把握して課題を抽出し、対応策を検討する取組",
    "切れ目なく在宅医療と介護が一体的に提供される体制（入退院支援、急変時の対応、バックベッドの確保等）を構築する取組",
    "医療・介護関係者の情報共有（情報共有シート、連携ルール、ＩＣＴ等）を支援する取組",
    "医療・介護関係者や住民からの在宅医療・介護連携に関する相談に対応する取組（相談窓口の設置等）",
    "医療・介護関係者の研修（多職種連携研修等）",
    "地域住民への普及啓発（講演会、パンフレット、広報等）",
    "在宅医療・介護連携に関する関係市区町村の連携（共同での実施、近隣市町との協議等）",
    "症例の支援マニュアル（対応手順書等）の作成",
    "家族同士のつながりの構築（家族介護者の交流会、認知症カフェ等）",
];

/// Unit (municipality or union) or wide-area centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Unit,
    Centre,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Unit => "unit",
            Kind::Centre => "centre",
        }
    }
}

/// Everything the form's fixed content depends on; stored in the hidden
/// marker sheet so the workbook identifies itself whatever its file name.
#[derive(Debug, Clone, PartialEq)]
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
    pub deadline: String,
    pub contact: String,
    /// A unit of a block with centres: its items are 市町単独 and may be left empty.
    pub own_only: bool,
    /// Rows of the 課題 → 取組 table.
    pub issue_rows: u32,
}

/// How a fixed cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Label,
    Header,
    Info,
    Note,
}

/// A cell the form prints and the sender does not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    pub sheet: &'static str,
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

/// `令和元年度（2019年度）`.
pub fn year_label(fy: i32) -> String {
    format!("{}（{fy}年度）", crate::era::fiscal_year(fy))
}

fn deadline_label(deadline: &str) -> String {
    match validate::parse_date(deadline) {
        Some((y, m, d)) => crate::era::date(y, m, d),
        None => deadline.to_string(),
    }
}

fn members_label(meta: &Meta) -> String {
    let names: Vec<&str> = meta.members.iter().map(|m| m.name.as_str()).collect();
    match (meta.kind, &meta.code) {
        (Kind::Centre, _) => format!("構成市町：{}", names.join("、")),
        (Kind::Unit, _) if !names.is_empty() => format!("構成市町：{}", names.join("、")),
        (Kind::Unit, Some(code)) => format!("市町コード：{code}"),
        (Kind::Unit, None) => String::new(),
    }
}

/// The label cell of the unit on the answer sheets (A1) and its value cell (B1).
pub fn who_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Unit => "提出単位",
        Kind::Centre => "広域",
    }
}

/// Every fixed cell of the form, sheet by sheet (the marker sheet aside).
pub fn fixed_cells(meta: &Meta) -> Vec<Fixed> {
    let mut out = Vec::new();
    let mut put = |sheet: &'static str, row: u32, col: u16, text: String, style: Style| {
        if !text.is_empty() {
            out.push(Fixed { sheet, row, col, text, style });
        }
    };
    let fy = year_label(meta.fiscal_year);
    let unit = meta.kind == Kind::Unit;

    // 案内
    let g = SHEET_GUIDE;
    put(g, 0, 0, format!("{}　在宅医療・介護連携の取組状況　照会様式（{fy}）", meta.prefecture), Style::Title);
    let mut r = 2;
    let who = if unit { meta.name.clone() } else { format!("{}（広域の欄）", meta.name) };
    for (label, value) in [
        ("提出単位", who),
        ("", members_label(meta)),
        ("提出期限", deadline_label(&meta.deadline)),
        ("問い合わせ先", meta.contact.clone()),
    ] {
        put(g, r, 0, label.to_string(), Style::Label);
        put(g, r, 1, value, Style::Info);
        r += 1;
    }
    r += 1;
    put(g, r, 0, "記入のしかた".into(), Style::Label);
    let mut how: Vec<String> = Vec::new();
    if unit {
        how.push(format!(
            "「{SHEET_ITEMS}」シートの①〜⑩の欄に、取組を１行に１つ、「・」で始めて記入してください（セル内の改行は Alt＋Enter）。"
        ));
    } else {
        how.push(format!(
            "「{SHEET_ITEMS}」シートの①〜⑩の欄に、構成市町が広域で（共同で）行う取組を、１行に１つ「・」で始めて記入してください（セル内の改行は Alt＋Enter）。"
        ));
    }
    how.push("「・」で始まらない行は、直前の取組の補足（注記）として扱います。".into());
    if unit && !meta.own_only {
        how.push("取組がない項目は「―」と入力してください。空欄のままでは受け付けられません。".into());
    } else if unit {
        how.push("この区域には広域の取組があるため、この様式には市町単独の取組を記入します。市町単独の取組がない項目は「―」、区域内のどの市町にも市町単独の欄がない項目は空欄のままにしてください。".into());
    } else {
        how.push("広域の取組がない項目は空欄のままにしてください。".into());
    }
    if unit {
        how.push("他の市町と共同で実施している欄は、右の「共同実施の相手」欄に相手の市町名を「、」区切りで記入し、相手の市町と同じ内容を記入してください（色の付いた欄は前回の共同実施の欄です）。".into());
        how.push(format!(
            "「{SHEET_ISSUES}」シートには、連携拠点（名称・運営主体）、目指すべき方向性、課題と今後１年間の主な取組予定を記入してください。取組が複数ある課題は、２行目以降の課題欄を空欄にしてください。"
        ));
    }
    how.push("シートの名前・並び・表示は変えず、セルを結合しないでください。記入欄以外に入力された内容は取り込まれません。".into());
    how.push(format!("この様式は「{}」の{fy}用です。ファイル名は変えても構いません。", meta.name));
    for line in how {
        put(g, r, 1, format!("・{line}"), Style::Info);
        r += 1;
    }
    r += 1;
    put(g, r, 0, "項目".into(), Style::Header);
    put(g, r, 1, "内容".into(), Style::Header);
    r += 1;
    for (i, (mark, name)) in ITEMS.iter().enumerate() {
        put(g, r, 0, format!("{mark}{name}"), Style::Label);
        put(g, r, 1, MEANINGS[i].to_string(), Style::Info);
        r += 1;
    }

    // 取組状況
    let s = SHEET_ITEMS;
    put(s, 0, COL_A, who_label(meta.kind).into(), Style::Label);
    put(s, 0, COL_B, meta.name.clone(), Style::Info);
    put(s, 0, COL_C, fy.clone(), Style::Info);
    put(s, 0, COL_D, members_label(meta), Style::Info);
    put(s, 1, COL_A, "番号".into(), Style::Header);
    put(s, 1, COL_B, "項目".into(), Style::Header);
    let answer = match (meta.kind, meta.own_only) {
        (Kind::Centre, _) => "取組状況（広域）",
        (Kind::Unit, true) => "取組状況（市町単独）",
        (Kind::Unit, false) => "取組状況",
    };
    put(s, 1, COL_C, answer.into(), Style::Header);
    if unit {
        put(s, 1, COL_D, "共同実施の相手（市町名を「、」区切り）".into(), Style::Header);
    }
    for (i, (mark, name)) in ITEMS.iter().enumerate() {
        let row = ITEM_ROW0 + i as u32;
        put(s, row, COL_A, (*mark).into(), Style::Label);
        put(s, row, COL_B, (*name).into(), Style::Label);
    }
    put(s, ITEM_ROW0 + 11, COL_A, format!("※記入のしかたは「{SHEET_GUIDE}」シートをご覧ください。"), Style::Note);

    // 課題と取組
    if unit {
        let s = SHEET_ISSUES;
        put(s, 0, COL_A, who_label(meta.kind).into(), Style::Label);
        put(s, 0, COL_B, meta.name.clone(), Style::Info);
        put(s, 0, COL_C, fy, Style::Info);
        put(s, 1, COL_A, "区分".into(), Style::Header);
        put(s, 1, COL_B, "名称・内容".into(), Style::Header);
        put(s, 1, COL_C, "運営主体".into(), Style::Header);
        put(s, 1, COL_D, "共同の相手（市町名）".into(), Style::Header);
        put(s, ROW_HUB, COL_A, "連携拠点".into(), Style::Label);
        put(s, ROW_DIRECTION, COL_A, "目指すべき方向性".into(), Style::Label);
        put(s, ROW_ISSUE_HEAD, COL_A, "行".into(), Style::Header);
        put(s, ROW_ISSUE_HEAD, COL_B, "課題".into(), Style::Header);
        put(s, ROW_ISSUE_HEAD, COL_C, "今後１年間の主な取組予定".into(), Style::Header);
        put(s, ROW_ISSUE_HEAD, COL_D, "共同の相手（市町名）".into(), Style::Header);
        for i in 0..meta.issue_rows {
            put(s, ISSUE_ROW0 + i, COL_A, (i + 1).to_string(), Style::Label);
        }
        put(
            s,
            ISSUE_ROW0 + meta.issue_rows + 1,
            COL_A,
            "※取組が複数ある課題は、２行目以降の課題欄を空欄にしてください。".into(),
            Style::Note,
        );
    }
    out
}

/// Whether a cell is one the sender answers.
pub fn is_answer(meta: &Meta, sheet: &str, row: u32, col: u16) -> bool {
    let unit = meta.kind == Kind::Unit;
    match sheet {
        SHEET_ITEMS => (ITEM_ROW0..ITEM_ROW0 + 10).contains(&row) && (col == COL_C || (unit && col == COL_D)),
        SHEET_ISSUES if unit => match row {
            ROW_HUB => (COL_B..=COL_D).contains(&col),
            ROW_DIRECTION => col == COL_B || col == COL_D,
            r => (ISSUE_ROW0..ISSUE_ROW0 + meta.issue_rows).contains(&r) && (COL_B..=COL_D).contains(&col),
        },
        _ => false,
    }
}

/// The sheets the sender answers on.
pub fn answer_sheets(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Unit => &[SHEET_ITEMS, SHEET_ISSUES],
        Kind::Centre => &[SHEET_ITEMS],
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
            vec!["deadline".into(), self.deadline.clone()],
            vec!["contact".into(), self.contact.clone()],
            vec!["own_only".into(), if self.own_only { "1" } else { "0" }.into()],
            vec!["issue_rows".into(), self.issue_rows.to_string()],
        ];
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
        let kind = match get("kind")?.as_str() {
            "unit" => Kind::Unit,
            "centre" => Kind::Centre,
            _ => return None,
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
            version: get("version").and_then(|v| int(&v)).and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
            prefecture: get("prefecture").unwrap_or_default(),
            kind,
            name: get("name")?,
            code: get("code").filter(|c| !c.is_empty()),
            members,
            fiscal_year: get("fiscal_year").and_then(|v| int(&v)).and_then(|v| i32::try_from(v).ok()).unwrap_or(0),
            deadline: get("deadline").unwrap_or_default(),
            contact: get("contact").unwrap_or_default(),
            own_only: get("own_only").is_some_and(|v| v == "1"),
            issue_rows: get("issue_rows")
                .and_then(|v| int(&v))
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(MIN_ISSUE_ROWS)
                .clamp(1, 1000),
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

/// 課題 rows a unit's answers take.
fn issue_rows_needed(unit: Option<&Unit>) -> u32 {
    let used: usize = unit.map_or(0, |u| u.issues.iter().map(|i| i.actions.len().max(1)).sum());
    (used as u32 + SPARE_ISSUE_ROWS).max(MIN_ISSUE_ROWS)
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
        deadline: year.packet.deadline.clone(),
        contact: year.packet.contact.clone(),
        own_only: block_has_centres(year, name),
        issue_rows: issue_rows_needed(answers),
    }
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
        deadline: year.packet.deadline.clone(),
        contact: year.packet.contact.clone(),
        own_only: false,
        issue_rows: 0,
    }
}

/// What a form is pre-filled with.
pub enum Answers<'a> {
    Unit(Option<&'a Unit>),
    Centre(&'a Centre),
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
            answer,
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
        }
    }
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Workbook(e.to_string())
}

/// Column widths (Excel's character units) per sheet.
fn widths(sheet: &str, kind: Kind) -> &'static [f64] {
    match (sheet, kind) {
        (SHEET_GUIDE, _) => &[22.0, 110.0],
        (SHEET_ITEMS, Kind::Unit) => &[6.0, 22.0, 70.0, 24.0],
        (SHEET_ITEMS, Kind::Centre) => &[6.0, 22.0, 90.0, 40.0],
        (SHEET_ISSUES, _) => &[16.0, 44.0, 56.0, 24.0],
        _ => &[14.0, 60.0, 14.0],
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

/// The workbook of one form.
pub fn workbook(meta: &Meta, answers: &Answers) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // Dated by the packet, not the clock: the same data gives the same bytes.
    let (y, m, d) = validate::parse_date(&meta.deadline).unwrap_or((meta.fiscal_year, 4, 1));
    let date = ExcelDateTime::from_ymd(y.clamp(1900, 9999) as u16, m as u8, d as u8).map_err(xerr)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("照会様式 {} {}", meta.name, year_label(meta.fiscal_year)))
            .set_author(meta.prefecture.clone())
            .set_creation_datetime(&date),
    );
    let fixed = fixed_cells(meta);
    let mut sheets = vec![SHEET_GUIDE, SHEET_ITEMS];
    if meta.kind == Kind::Unit {
        sheets.push(SHEET_ISSUES);
    }
    for name in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(xerr)?;
        let w = widths(name, meta.kind);
        for (c, width) in w.iter().enumerate() {
            ws.set_column_width(c as u16, *width).map_err(xerr)?;
        }
        // Row heights: the tallest cell of each row (Excel does not grow rows written by a program).
        let mut heights: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        let mut grow = |row: u32, col: u16, text: &str| {
            let width = w.get(usize::from(col)).copied().unwrap_or(10.0);
            let n = lines_in(text, width);
            let e = heights.entry(row).or_insert(1);
            *e = (*e).max(n);
        };
        for cell in fixed.iter().filter(|c| c.sheet == name) {
            ws.write_string_with_format(cell.row, cell.col, &cell.text, f.of(cell.style)).map_err(xerr)?;
            if cell.style != Style::Title && cell.style != Style::Note {
                grow(cell.row, cell.col, &cell.text);
            }
        }
        match name {
            SHEET_ITEMS => {
                for no in 1..=10u8 {
                    let row = ITEM_ROW0 + u32::from(no) - 1;
                    let (lines, partners): (Vec<String>, Vec<String>) = match answers {
                        Answers::Unit(u) => u
                            .and_then(|u| u.item(no))
                            .map(|c| (c.lines.clone(), c.shared_with.clone()))
                            .unwrap_or_default(),
                        Answers::Centre(c) => (c.item(no).map(|c| c.lines.clone()).unwrap_or_default(), Vec::new()),
                    };
                    let fmt = if partners.is_empty() { &f.answer } else { &f.joint };
                    let text = lines.join("\n");
                    write_answer(ws, row, COL_C, &text, fmt)?;
                    grow(row, COL_C, &text);
                    if meta.kind == Kind::Unit {
                        write_answer(ws, row, COL_D, &partners.join("、"), fmt)?;
                    }
                }
            }
            SHEET_ISSUES => {
                let unit = match answers {
                    Answers::Unit(u) => *u,
                    Answers::Centre(_) => None,
                };
                let hub = unit.map(|u| u.hub.clone()).unwrap_or_default();
                let fmt = if hub.shared_with.is_empty() { &f.answer } else { &f.joint };
                write_answer(ws, ROW_HUB, COL_B, &hub.name, fmt)?;
                write_answer(ws, ROW_HUB, COL_C, hub.operator.as_deref().unwrap_or(""), fmt)?;
                write_answer(ws, ROW_HUB, COL_D, &hub.shared_with.join("、"), fmt)?;
                grow(ROW_HUB, COL_B, &hub.name);
                let dir = unit.map(|u| u.direction.clone()).unwrap_or_default();
                let fmt = if dir.shared_with.is_empty() { &f.answer } else { &f.joint };
                write_answer(ws, ROW_DIRECTION, COL_B, &dir.text, fmt)?;
                ws.write_blank(ROW_DIRECTION, COL_C, &f.closed).map_err(xerr)?;
                write_answer(ws, ROW_DIRECTION, COL_D, &dir.shared_with.join("、"), fmt)?;
                grow(ROW_DIRECTION, COL_B, &dir.text);
                let mut row = ISSUE_ROW0;
                for issue in unit.map(|u| u.issues.as_slice()).unwrap_or_default() {
                    let fmt = if issue.shared_with.is_empty() { &f.answer } else { &f.joint };
                    let actions: &[String] = if issue.actions.is_empty() { &[String::new()] } else { &issue.actions };
                    for (i, action) in actions.iter().enumerate() {
                        let first = i == 0;
                        write_answer(ws, row, COL_B, if first { &issue.issue } else { "" }, fmt)?;
                        write_answer(ws, row, COL_C, action, fmt)?;
                        let partners = if first { issue.shared_with.join("、") } else { String::new() };
                        write_answer(ws, row, COL_D, &partners, fmt)?;
                        if first {
                            grow(row, COL_B, &issue.issue);
                        }
                        grow(row, COL_C, action);
                        row += 1;
                    }
                }
                while row < ISSUE_ROW0 + meta.issue_rows {
                    for col in COL_B..=COL_D {
                        write_answer(ws, row, col, "", &f.answer)?;
                    }
                    row += 1;
                }
            }
            _ => {}
        }
        for (row, n) in heights {
            ws.set_row_height(row, f64::from(n) * 14.0 + 4.0).map_err(xerr)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        match name {
            SHEET_ITEMS => ws.set_repeat_rows(0, 1).map(|_| ()).map_err(xerr)?,
            SHEET_ISSUES => ws.set_repeat_rows(ROW_ISSUE_HEAD, ROW_ISSUE_HEAD).map(|_| ()).map_err(xerr)?,
            _ => {}
        }
        ws.protect_with_options(&ProtectionOptions {
            format_rows: true,
            format_columns: true,
            ..ProtectionOptions::default()
        });
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
    if let Ok(first) = wb.worksheet_from_index(0) {
        first.set_active(true);
    }
    wb.save_to_buffer().map_err(xerr)
}

fn write_answer(ws: &mut Worksheet, row: u32, col: u16, text: &str, fmt: &Format) -> Result<()> {
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

/// Writes the forms of a year into `out`: every block column's unit and
/// every centre (or only `only`), pre-filled from the year's TOML, else from
/// `previous`'s. Returns the files written.
pub fn write_forms(year_dir: &Path, only: Option<&str>, previous: Option<&Path>, out: &Path) -> Result<Vec<PathBuf>> {
    let year = store::load(year_dir)?;
    let prev = previous.map(store::load).transpose()?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let mut written = Vec::new();
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    for block in &year.blocks.blocks {
        for name in &block.columns {
            if !wanted(name) {
                continue;
            }
            let answers = year.unit(name).or_else(|| prev.as_ref().and_then(|p| p.unit(name)));
            let meta = unit_meta(&year, name, answers);
            let bytes = workbook(&meta, &Answers::Unit(answers))?;
            let path = out.join(unit_file(name));
            store::write_atomic(&path, &bytes)?;
            written.push(path);
        }
    }
    // Centres of this year; a year without any takes the previous year's whose members are still columns.
    let columns: Vec<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let centres: Vec<&Centre> = if year.centres.is_empty() {
        prev.as_ref()
            .map(|p| p.centres.iter().filter(|c| c.members.iter().all(|m| columns.contains(&m))).collect())
            .unwrap_or_default()
    } else {
        year.centres.iter().collect()
    };
    for centre in centres {
        if !wanted(&centre.name) {
            continue;
        }
        let meta = centre_meta(&year, centre);
        let bytes = workbook(&meta, &Answers::Centre(centre))?;
        let path = out.join(centre_file(&centre.name));
        store::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    if let (Some(name), true) = (only, written.is_empty()) {
        return Err(Error::NoSuchUnit(name.to_string()));
    }
    Ok(written)
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
            own_only: true,
            issue_rows: 31,
        };
        assert_eq!(Meta::from_marker_rows(&meta.marker_rows()), Some(meta));
    }
}
