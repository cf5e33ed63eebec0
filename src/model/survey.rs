//! `survey.toml`: what a year's survey asks. The items of the (a) matrix, the
//! unit's own fields and the paired table of the (b) page are declared here and
//! nowhere else; the form, the reader, validation and the layout all follow it.

use serde::{Deserialize, Serialize};

/// The survey of the 2018 sample (Mie, 在宅医療・介護連携): what a year
/// written before `survey.toml` existed is read as.
pub const LEGACY: &str = include_str!("../../inputs/2018/survey.toml");

/// Version of the year's data layout ([`Survey::schema`], `packet.toml`'s `schema`):
/// 1 = before `survey.toml` (fixed items ①–⑩, `hub`/`direction`/`issues`), 2 = the survey as data.
pub const SCHEMA: u32 = 2;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// Data layout version (see [`SCHEMA`]).
    pub schema: u32,
    /// Stable key: names the archive's folder (`<root>/<FY>/<key>/第N版/`).
    pub key: String,
    /// 調査名: printed on the form's title, e.g. 在宅医療・介護連携の取組状況.
    pub title: String,
    /// The title of each block's (a) page, before the block's label in （）.
    pub matrix_title: String,
    /// The title of each block's (b) page, before the block's label in （）.
    pub table_title: String,
    /// Name of the form's sheet of items (取組状況).
    pub items_sheet: String,
    /// Name of the form's sheet of the unit's fields and the paired table (課題と取組).
    pub table_sheet: String,
    /// The items of the (a) matrix, top to bottom.
    pub items: Vec<Item>,
    /// The unit's own fields on the (b) page, left to right.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The paired table of the (b) page (課題 → 取組).
    pub table: Table,
    /// The survey's word for its units (市町, 市町村, 市区町村) in the packet's fixed words
    /// (「市町村単独」); unset, the paired table's unit header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_word: Option<String>,
}

impl Survey {
    /// The word for a unit: `unit_word`, else `[table] unit_header`, else 市町.
    pub fn unit_word(&self) -> &str {
        self.unit_word.as_deref().filter(|w| !w.is_empty()).or(Some(self.table.unit_header.as_str()).filter(|w| !w.is_empty())).unwrap_or("市町")
    }
}

/// One item (項目) of the matrix, e.g. ① 資源の把握.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable key across years (the answers refer to it), e.g. `resources`.
    pub key: String,
    /// The mark printed before the name and found in column A of the form, e.g. ① or (ア).
    pub mark: String,
    pub name: String,
    /// What the item means: the guidance a clerk reads on the form.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
    /// 広域: wide-area centres answer it for their members.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wide: bool,
    /// How the packet prints the label when it differs from mark + name (e.g. a preferred line break).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

impl Item {
    /// The label on the form, e.g. `①資源の把握`.
    pub fn label(&self) -> String {
        format!("{}{}", self.mark, self.name)
    }

    /// The label the packet prints.
    pub fn display(&self) -> String {
        self.display.clone().unwrap_or_else(|| self.label())
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One text.
    #[default]
    Text,
    /// A text and, in brackets, a second part (the hub's 運営主体).
    Bracketed,
    /// A list of lines.
    Lines,
}

/// One of the unit's own fields on the (b) page, e.g. 連携拠点.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub key: String,
    /// Its header in the packet and its label on the form.
    pub name: String,
    pub kind: FieldKind,
    /// The bracketed part's header on the form (kind `bracketed`), e.g. 運営主体.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bracket: String,
    /// Whether neighbouring units may share one cell of it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shareable: bool,
    /// Whether an answer is required (an empty one is an error).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Column width in the packet's table, a share of the free width.
    #[serde(default = "one")]
    pub width: f64,
}

/// A column of the paired table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    pub header: String,
    #[serde(default = "one")]
    pub width: f64,
}

/// The paired table: a first column (課題) with one or more rows under it,
/// each row holding the further columns (取組; or 対応策 and 実施時期).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub first: Column,
    pub columns: Vec<Column>,
    /// Whether neighbouring units may share an entry.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shareable: bool,
    /// The packet's column of unit names.
    pub unit_header: String,
    #[serde(default = "one")]
    pub unit_width: f64,
}

fn one() -> f64 {
    1.0
}

impl Survey {
    /// The survey of a year written before `survey.toml` existed.
    pub fn legacy() -> Survey {
        // The embedded file is checked by a test; a broken build never ships.
        toml::from_str(LEGACY).unwrap_or_default()
    }

    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Position of an item in the survey (its row order).
    pub fn item_index(&self, key: &str) -> Option<usize> {
        self.items.iter().position(|i| i.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_survey_parses() {
        let s: Survey = toml::from_str(LEGACY).expect("inputs/2018/survey.toml");
        assert_eq!(s.items.len(), 10);
        assert_eq!(s.items[0].label(), "①資源の把握");
        assert_eq!(s.schema, SCHEMA);
    }
}
