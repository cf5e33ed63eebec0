//! Typed data of one fiscal year's packet (資料), as the store reads and writes it.
//!
//! Field order here is the key order of the canonical TOML: change it and every
//! sample file changes. Optional keys are skipped when empty so that a clerk's
//! file holds only what matters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use date::{BadDate, Date, Written, YearMonth};

/// Text that may carry what a workbook, a file name or a mail held, made inert for a
/// terminal, a report, a draft or a page: every control character but the line break
/// and the tab (C0 — ESC among them —, DEL, C1) and every bidi override or isolate is
/// shown escaped (`\u{1b}`), so that none clears a screen, recolours a line or
/// reorders what follows.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
    if !text.contains(bad) {
        return text.into();
    }
    text.chars().map(|c| if bad(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect::<String>().into()
}


pub use survey::{FieldKind, Survey};

/// Who a form is for and who answers: a unit (municipality or union), a
/// wide-area centre, or the prefecture's own parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Unit,
    Centre,
    /// The prefecture's form: schedule, programmes, blocks and their summaries.
    Prefecture,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Unit => "unit",
            Kind::Centre => "centre",
            Kind::Prefecture => "prefecture",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        [Kind::Unit, Kind::Centre, Kind::Prefecture].into_iter().find(|k| k.key() == key)
    }
}

/// The files of a year folder, relative to it.
pub mod file {
    pub const PACKET: &str = "packet.toml";
    pub const SCHEDULE: &str = "schedule.toml";
    pub const PROGRAMMES: &str = "programmes.toml";
    pub const BLOCKS: &str = "blocks.toml";
    pub const SURVEY: &str = "survey.toml";
    /// Optional: the answering offices' contacts (never printed).
    pub const CONTACTS: &str = "contacts.toml";
    pub const UNITS: &str = "units";
    pub const CENTRES: &str = "centres";
}

/// Printed in every cell of a block member that has not submitted, as the 区分 of
/// its row in the appendix of changes and as its 提出状況 in the published data: one word for all.
pub const NOT_SUBMITTED: &str = "未提出";

/// One fiscal year: everything the packet prints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Year {
    /// `survey.toml`: what the survey asks (the legacy survey for a year without one).
    pub survey: Survey,
    pub packet: Packet,
    pub schedule: Schedule,
    pub programmes: Programmes,
    pub blocks: Blocks,
    /// Submitting units (municipalities and unions), in file-name order.
    pub units: Vec<Unit>,
    /// Wide-area centres (広域), in file-name order.
    pub centres: Vec<Centre>,
    /// `contacts.toml`: who answers for each unit and centre (empty without the file).
    pub contacts: contacts::Contacts,
}

impl Year {
    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.name == name)
    }

    /// Whether a unit or centre has an accepted answer in this year: a unit's file; a
    /// centre's with 広域 lines (one without is its definition only, as `new-year` carries it).
    /// The prefecture's own parts always stand.
    pub fn has_answer(&self, kind: Kind, name: &str) -> bool {
        match kind {
            Kind::Centre => self.centres.iter().any(|c| c.name == name && !c.items.is_empty()),
            Kind::Prefecture => true,
            Kind::Unit => self.unit(name).is_some(),
        }
    }
}

/// `packet.toml`: the meeting the packet is printed for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Packet {
    /// Data schema of the year's files (see [`survey::SCHEMA`]); absent in a year written before it.
    #[serde(default = "schema_1")]
    pub schema: u32,
    /// 都道府県, e.g. 三重県.
    pub prefecture: String,
    /// The meeting (会議) the packet is for.
    pub meeting: String,
    /// 資料番号: the material number printed in the box on page 1, e.g. 資料４.
    pub material: String,
    /// Fiscal year as the Western year it starts in (2018 = 平成30年度).
    pub fiscal_year: i32,
    /// The meeting's date, YYYY-MM-DD; also the PDF's creation date.
    pub date: Written<Date>,
    /// 照会の締切: deadline of the request to the municipalities, YYYY-MM-DD.
    pub deadline: Written<Date>,
    /// 照会の担当: contact printed on the forms.
    pub contact: String,
    /// The request's cover letter (鑑文) and drafts (`shiryo request`); absent in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    /// 期限延長: a unit's or centre's own deadline, by its name, in place of `deadline`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Written<Date>>,
}

impl Packet {
    /// The deadline of a unit or centre: its own (期限延長) where given and readable, else the year's.
    pub fn deadline_of(&self, name: &str) -> Result<Date, BadDate> {
        match self.extensions.get(name).map(|d| d.get()) {
            Some(Ok(d)) => Ok(d),
            _ => self.deadline.get(),
        }
    }
}

/// `[request]` of `packet.toml`: the fields of the cover letter (鑑文); its wording is in `templates/letter.typ`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// 文書番号, e.g. 医第１２３号.
    pub number: String,
    /// The letter's date, YYYY-MM-DD (和暦 read too).
    pub date: Written<Date>,
    /// 宛先, e.g. 各市町　在宅医療・介護連携担当課長　様.
    pub addressee: String,
    /// 発信者, e.g. 三重県医療保健部長.
    pub sender: String,
    /// The secretariat's address: the drafts' From (none: the mail program's account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<String>,
}

fn schema_1() -> u32 {
    1
}

/// `schedule.toml`: page 1, the year's schedule (a Gantt-style month grid).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub title: String,
    /// First month column, YYYY-MM.
    pub first_month: Written<YearMonth>,
    /// Last month column (inclusive), YYYY-MM.
    pub last_month: Written<YearMonth>,
    /// Row bands, top to bottom (県の動き / 委託事業 / その他).
    pub bands: Vec<String>,
    /// ※ notes at the foot, without the ※.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<TextBlock>,
}

/// A box on the schedule grid: on a date, or over a span of months.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub band: String,
    pub label: String,
    /// YYYY-MM-DD for an event on a date (printed as 8/29).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Written<Date>>,
    /// YYYY-MM: first month of a spanning event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Written<YearMonth>>,
    /// YYYY-MM: last month (inclusive) of a spanning event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Written<YearMonth>>,
    /// Agenda lines printed under the box (議題).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<String>,
    /// How the box prints its label when it should break elsewhere than the
    /// width decides (地域包括ケア\n報告会); forms and messages show `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A free text block on the schedule grid (e.g. ＜アドバイザー派遣予定＞).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    pub band: String,
    pub from: Written<YearMonth>,
    pub to: Written<YearMonth>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub lines: Vec<String>,
}

/// `programmes.toml`: 県の支援と今後の方向性 (the prefecture's support programmes).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programmes {
    /// Page titles of the table's pages in order; later pages repeat the last with （続き）.
    pub titles: Vec<String>,
    /// ○ paragraphs before the table, without the ○.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intro: Vec<String>,
    /// ※ notes, without the ※.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Column headers: 事業名 / 事業概要 / 主な取組 / 今後の方向性.
    pub columns: Vec<String>,
    pub programmes: Vec<Programme>,
}

/// One programme (事業) with one or more sub-rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// 事業名.
    pub name: String,
    pub rows: Vec<ProgrammeRow>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeRow {
    /// 事業概要 lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    /// 主な取組 lines (【label】, ○ organisations, ・ activities as typed).
    pub activities: Vec<String>,
    /// 今後の方向性 lines.
    pub direction: Vec<String>,
}

/// `blocks.toml`: the page pairs of the packet and the prefecture's words on them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blocks {
    /// The ※ footnote under every matrix unless a block words it differently.
    pub default_note: String,
    pub blocks: Vec<Block>,
}

/// A pair of pages: (a) the item matrix, (b) the 課題/取組 table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Display label in both page titles, e.g. 桑員区域, 津区域・伊賀区域, 伊勢志摩区域①.
    pub label: String,
    /// 区域: the regions the block belongs to.
    pub regions: Vec<String>,
    /// Submitting units as columns, left to right.
    pub columns: Vec<String>,
    /// ○ summaries written by the prefecture, without the ○.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summaries: Vec<String>,
    /// ※ note when it differs from `default_note`, without the ※.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A submitting unit: a municipality (市町) or a union of several (広域連合).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The file it was read from, relative to the year directory (not stored).
    #[serde(skip)]
    pub source: String,
    pub name: String,
    /// 全国地方公共団体コード (6 digits); names repeat across Japan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For a union: its member municipalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// The unit's own fields of the (b) page by the survey's field key (連携拠点, 目指すべき方向性 …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldValue>,
    /// The items' cells (市町単独 where the block has centres), in the survey's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemCell>,
    /// The paired table (課題 → 取組), in table order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<Pair>,
}

impl Unit {
    pub fn item(&self, key: &str) -> Option<&ItemCell> {
        self.items.iter().find(|c| c.key == key)
    }

    pub fn field(&self, key: &str) -> Option<&FieldValue> {
        self.fields.get(key)
    }

    /// Column header: a union shows its members, e.g. 紀北広域連合（尾鷲市、紀北町）.
    pub fn header(&self) -> String {
        if self.members.is_empty() {
            self.name.clone()
        } else {
            let names: Vec<&str> = self.members.iter().map(|m| m.name.as_str()).collect();
            format!("{}（{}）", self.name, names.join("、"))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The answer to one field: `text` (and `bracket`, printed in （）) or `lines`, as the survey's kind says.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldValue {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The bracketed part (運営主体 of 連携拠点).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bracket: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
    /// Other units whose rows this cell spans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_with: Vec<String>,
}

impl FieldValue {
    /// The lines the cell prints: the text and （bracket）, or the lines.
    pub fn printed(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.text.is_empty() || self.lines.is_empty() {
            out.push(self.text.clone());
        }
        if let Some(b) = &self.bracket {
            out.push(format!("（{b}）"));
        }
        out.extend(self.lines.iter().cloned());
        out
    }

    /// Whether nothing was answered.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.lines.iter().all(|l| l.trim().is_empty())
    }
}

/// The cell of one item: lines starting with `・` are bullets, other lines are
/// notes that belong to the bullet above; `―` alone means nothing done.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemCell {
    /// The survey's item key.
    pub key: String,
    pub lines: Vec<String>,
    /// Done jointly with these (adjacent) units: the cell spans their columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_with: Vec<String>,
}

/// One entry of the paired table: the first column (課題) and its rows, each
/// holding the further columns in the survey's order (取組; or 対応策, 実施時期).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub first: String,
    pub rows: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_with: Vec<String>,
}

/// A wide-area centre (広域): several members answer its items once, together.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    /// The file it was read from, relative to the year directory (not stored).
    #[serde(skip)]
    pub source: String,
    pub name: String,
    /// Member units, adjacent columns of one block.
    pub members: Vec<String>,
    /// The 広域 cells, spanning the members' columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<CentreItem>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreItem {
    pub key: String,
    pub lines: Vec<String>,
}

impl Centre {
    pub fn item(&self, key: &str) -> Option<&CentreItem> {
        self.items.iter().find(|c| c.key == key)
    }
}

pub mod bullet;
pub mod code;
pub mod contacts;
pub mod date;
pub mod diff;
pub mod era;
pub mod key;
pub mod legacy;
pub mod limits;
pub mod moment;
pub mod private;
pub mod problem;
pub mod survey;
pub mod validate;
