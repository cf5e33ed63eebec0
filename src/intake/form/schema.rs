//! The layout of a unit's and a centre's answer sheets, derived from the
//! year's survey and declared here once: the writer ([`super::workbook`]) puts
//! labels and answer cells where this says, the reader finds the rows again by
//! their marks and headers ([`Schema::find_items`], [`Schema::find_table`]),
//! and a finding's key is located by the rows found ([`Found::locate`]).
//!
//! ```text
//! 取組状況    row 1 who; row 2 headers; one row per item: A mark, B name, C lines, D partners (units);
//!             rows inserted under an item are more of its lines; a ※ row ends the items
//! 課題と取組  row 1 who; row 2 headers; one row per field: A name, B text or lines, C bracket, D partners;
//!             a blank row; the paired table's header row (B first, C… columns, then partners);
//!             its rows below: B the first column on an entry's first row only, C… its columns
//! ```

use crate::model::key::{FieldPart, ItemPart, Key, PairPart};
use crate::model::{FieldKind, Survey};

use super::{CellKind, Kind, a1};

pub const COL_A: u16 = 0;
pub const COL_B: u16 = 1;
pub const COL_C: u16 = 2;
pub const COL_D: u16 = 3;
/// 0-based header row of both answer sheets (row 2).
pub const HEAD_ROW: u32 = 1;
/// 0-based first row of the items and of the fields (row 3).
pub const FIRST_ROW: u32 = 2;

/// One item's row.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub key: String,
    pub mark: String,
    pub name: String,
    /// What the item means (survey.toml's guidance): the answer cell's prompt.
    pub guidance: String,
}

/// One field's row.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    /// The bracketed part's name (運営主体), for a field of kind bracketed.
    pub bracket: String,
    pub shareable: bool,
}

/// The paired table's header texts.
#[derive(Debug, Clone, PartialEq)]
pub struct TableCols {
    pub first: String,
    pub columns: Vec<String>,
    pub shareable: bool,
}

/// The answer sheets of one kind of form for one survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub kind: Kind,
    pub items_sheet: String,
    pub table_sheet: String,
    pub items: Vec<ItemRow>,
    /// Whether the items sheet has a partners column (units).
    pub item_partners: bool,
    /// The unit's fields and paired table (empty for a centre).
    pub fields: Vec<FieldRow>,
    pub table: Option<TableCols>,
    /// The survey's word for a unit (市町, 市町村): the fixed labels name units by it (version 6 on).
    pub unit_word: String,
}

/// Rows of a submitted workbook, found by marks and headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Per item of the schema: its labelled row and the rows inserted under it (`None`: no row has its mark).
    pub items: Vec<Option<Vec<u32>>>,
    /// Per field of the schema: its row.
    pub fields: Vec<Option<u32>>,
    /// The paired table's header row.
    pub head: Option<u32>,
    /// The table's rows below its header (a ※ note row left out).
    pub rows: Vec<u32>,
    /// The first row of each entry of the table, as read (filled by the reader).
    pub pair_rows: Vec<u32>,
    /// The prefecture's form: the first row of each entry of its tables, as read.
    pub entries: std::collections::BTreeMap<super::Table, Vec<u32>>,
}

impl Schema {
    pub fn of(survey: &Survey, kind: Kind) -> Schema {
        let unit = kind == Kind::Unit;
        let items = survey
            .items
            .iter()
            .filter(|i| unit || i.wide)
            .map(|i| ItemRow { key: i.key.clone(), mark: i.mark.clone(), name: i.name.clone(), guidance: i.guidance.clone() })
            .collect();
        let fields = if unit {
            survey
                .fields
                .iter()
                .map(|f| FieldRow {
                    key: f.key.clone(),
                    label: f.name.clone(),
                    kind: f.kind,
                    bracket: f.bracket.clone(),
                    shareable: f.shareable,
                })
                .collect()
        } else {
            Vec::new()
        };
        let t = &survey.table;
        let table = unit.then(|| TableCols {
            first: t.first.header.clone(),
            columns: t.columns.iter().map(|c| c.header.clone()).collect(),
            shareable: t.shareable,
        });
        Schema {
            kind,
            items_sheet: survey.items_sheet.clone(),
            table_sheet: survey.table_sheet.clone(),
            items,
            item_partners: unit,
            fields,
            table,
            unit_word: survey.unit_word().to_string(),
        }
    }

    /// The sheets the sender answers on.
    pub fn answer_sheets(&self) -> Vec<&str> {
        match self.table {
            Some(_) => vec![self.items_sheet.as_str(), self.table_sheet.as_str()],
            None => vec![self.items_sheet.as_str()],
        }
    }

    /// The row the writer puts item `i` on.
    pub fn item_row(i: usize) -> u32 {
        FIRST_ROW + i as u32
    }

    /// The row of the items sheet's ※ note.
    pub fn item_note_row(&self) -> u32 {
        FIRST_ROW + self.items.len() as u32 + 1
    }

    /// The row the writer puts field `i` on.
    pub fn field_row(i: usize) -> u32 {
        FIRST_ROW + i as u32
    }

    /// The row the writer puts the paired table's header on.
    pub fn table_head(&self) -> u32 {
        FIRST_ROW + self.fields.len() as u32 + 1
    }

    /// Number of further columns of the paired table.
    pub fn table_width(&self) -> u16 {
        self.table.as_ref().map_or(0, |t| t.columns.len() as u16)
    }

    /// The paired table's partners column, where entries may be shared.
    pub fn table_partners(&self) -> Option<u16> {
        self.table.as_ref().filter(|t| t.shareable).map(|_| COL_C + self.table_width())
    }

    /// The last column of the paired table.
    pub fn table_last(&self) -> u16 {
        self.table_partners().unwrap_or(COL_C + self.table_width().max(1) - 1)
    }

    /// Answer columns of a field's row.
    pub fn field_cols(f: &FieldRow) -> Vec<u16> {
        let mut cols = vec![COL_B];
        if f.kind == FieldKind::Bracketed {
            cols.push(COL_C);
        }
        if f.shareable {
            cols.push(COL_D);
        }
        cols
    }

    /// The rows as the writer puts them, with `table_rows` rows of the paired table.
    pub fn written(&self, table_rows: u32) -> Found {
        let head = self.table.as_ref().map(|_| self.table_head());
        Found {
            items: (0..self.items.len()).map(|i| Some(vec![Schema::item_row(i)])).collect(),
            fields: (0..self.fields.len()).map(|i| Some(Schema::field_row(i))).collect(),
            head,
            rows: head.map(|h| (h + 1..=h + table_rows).collect()).unwrap_or_default(),
            ..Found::default()
        }
    }

    /// Finds the items' rows on the items sheet by the marks in column A. Rows
    /// under an item up to the next mark (or a ※ row) belong to it.
    pub fn find_items(&self, text: &dyn Fn(u32, u16) -> Option<String>, last_row: u32) -> Vec<Option<Vec<u32>>> {
        let mut found: Vec<Option<Vec<u32>>> = vec![None; self.items.len()];
        let mut current: Option<usize> = None;
        for row in 0..=last_row {
            let a = text(row, COL_A).map(|t| t.trim().to_string()).unwrap_or_default();
            let mark = self.items.iter().position(|i| i.mark == a).filter(|&i| found[i].is_none());
            if let Some(i) = mark {
                found[i] = Some(vec![row]);
                current = Some(i);
            } else if a.starts_with('※') || row <= HEAD_ROW {
                current = None;
            } else if let Some(rows) = current.and_then(|i| found[i].as_mut()) {
                rows.push(row);
            }
        }
        found
    }

    /// Finds the fields' rows by their names in column A, and the paired
    /// table's header by its headers in B and C; the table's rows are every
    /// row below its header but a ※ note.
    pub fn find_table(&self, text: &dyn Fn(u32, u16) -> Option<String>, last_row: u32) -> Found {
        let cell = |r: u32, c: u16| text(r, c).map(|t| t.trim().to_string()).unwrap_or_default();
        let mut found = Found { fields: vec![None; self.fields.len()], ..Found::default() };
        let Some(table) = &self.table else { return found };
        for row in 0..=last_row {
            if found.head.is_some() {
                if !cell(row, COL_A).starts_with('※') {
                    found.rows.push(row);
                }
                continue;
            }
            let a = cell(row, COL_A);
            if let Some(i) = self.fields.iter().position(|f| f.label == a).filter(|&i| found.fields[i].is_none()) {
                found.fields[i] = Some(row);
                continue;
            }
            let second = table.columns.first().map(String::as_str).unwrap_or("");
            if cell(row, COL_B) == table.first && cell(row, COL_C) == second {
                found.head = Some(row);
            }
        }
        found
    }
}

impl Found {
    /// What the answer cell at a 0-based place of `schema`'s sheets holds; `None` where nothing is answered.
    pub fn kind_at(&self, schema: &Schema, sheet: &str, row: u32, col: u16) -> Option<CellKind> {
        let partners = |kind| if col == COL_D { CellKind::List } else { kind };
        if sheet == schema.items_sheet && self.items.iter().flatten().flatten().any(|&r| r == row) {
            let last = if schema.item_partners { COL_D } else { COL_C };
            return (COL_C..=last).contains(&col).then(|| partners(CellKind::Lines));
        }
        if sheet != schema.table_sheet {
            return None;
        }
        if let Some(i) = self.fields.iter().position(|&r| r == Some(row)) {
            let f = &schema.fields[i];
            let kind = if f.kind == FieldKind::Lines { CellKind::Lines } else { CellKind::Text };
            return Schema::field_cols(f).contains(&col).then(|| partners(kind));
        }
        let table = self.rows.contains(&row) && (COL_B..=schema.table_last()).contains(&col);
        table.then(|| if Some(col) == schema.table_partners() { CellKind::List } else { CellKind::Text })
    }

    /// The sheet and cell of a problem's key in this workbook.
    pub fn locate(&self, schema: &Schema, key: &Key) -> (String, String) {
        let items = schema.items_sheet.clone();
        let table = schema.table_sheet.clone();
        let item_row = |k: &str| {
            let i = schema.items.iter().position(|r| r.key == k)?;
            self.items.get(i)?.as_ref()?.first().copied()
        };
        match key {
            Key::Item { item, part } => {
                let row = item_row(item).unwrap_or(FIRST_ROW);
                let col = match part {
                    ItemPart::SharedWith => COL_D,
                    ItemPart::Key => COL_A,
                    ItemPart::Lines | ItemPart::Whole => COL_C,
                };
                (items, a1(row, col))
            }
            Key::Field { field, part } => {
                let row = schema
                    .fields
                    .iter()
                    .position(|f| &f.key == field)
                    .and_then(|i| self.fields.get(i).copied().flatten())
                    .unwrap_or(FIRST_ROW);
                let col = match part {
                    FieldPart::Text | FieldPart::Lines => COL_B,
                    FieldPart::Bracket => COL_C,
                    FieldPart::SharedWith => COL_D,
                };
                (table, a1(row, col))
            }
            Key::Pair { index, part } => {
                let head = self.head.unwrap_or(schema.table_head());
                let row = self.pair_rows.get(index.saturating_sub(1)).copied().unwrap_or(head + 1);
                let col = match part {
                    PairPart::First => COL_B,
                    PairPart::Rows => COL_C,
                    PairPart::SharedWith => schema.table_partners().unwrap_or(COL_B),
                };
                (table, a1(row, col))
            }
            Key::Pairs => (table, a1(self.head.unwrap_or(schema.table_head()) + 1, COL_B)),
            Key::Top("members") => (items, "D1".into()),
            _ => (items, "B1".into()),
        }
    }
}
