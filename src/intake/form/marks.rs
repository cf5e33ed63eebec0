//! Marks as the officer types: conditional formats on the answer areas that
//! show what the secretariat would send back — an empty required answer, an
//! answer whose first line does not start with 「・」, a share left half done
//! (a partner named, the answer empty; on the paired table, partners on a row
//! without its 課題). Each is a pattern fill or a heavy
//! border, so it shows on a grey-scale printout, not by colour alone. Pasting
//! values over a cell wipes its format; the 案内 sheet's words say the same.

use rust_xlsxwriter::{ConditionalFormatFormula, Format, FormatBorder, FormatPattern, Worksheet};

use super::schema::{COL_C, COL_D, Schema};
use super::{a1, xerr};
use crate::error::Result;

/// What a mark says, and how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// 未記入の必須欄: a required answer left empty (a grey pattern).
    Empty,
    /// 「・」で始まらない回答: a heavy dashed border, the text left readable.
    NoBullet,
    /// 共同の相手だけの欄: partners named, the answer empty (a darker pattern than `Empty`).
    HalfShared,
}

impl Mark {
    fn format(self) -> Format {
        match self {
            Mark::Empty => Format::new().set_pattern(FormatPattern::LightGray).set_border(FormatBorder::Medium),
            Mark::NoBullet => Format::new().set_border(FormatBorder::MediumDashed),
            Mark::HalfShared => Format::new().set_pattern(FormatPattern::MediumGray).set_border(FormatBorder::Medium),
        }
    }

    /// Whether an answer (its cell's text, its partners' cell) carries the mark: the rule in Rust,
    /// for the results the check's formulas are written with (check.rs).
    pub fn holds(self, text: &str, partners: &str) -> bool {
        let (text, partners) = (text.trim(), partners.trim());
        match self {
            Mark::Empty => text.is_empty(),
            Mark::NoBullet => !text.is_empty() && !text.starts_with('・') && text != "―" && !text.starts_with("【非公開】・"),
            Mark::HalfShared => !partners.is_empty() && text.is_empty(),
        }
    }

    /// The rule for the cell `c` (its partners in `p`), as Excel evaluates it for the range's first cell.
    pub fn rule(self, c: &str, p: &str) -> String {
        match self {
            Mark::Empty => format!("LEN(TRIM({c}))=0"),
            Mark::NoBullet => format!("AND(LEN(TRIM({c}))>0,LEFT(TRIM({c}),1)<>\"・\",TRIM({c})<>\"―\",LEFT(TRIM({c}),6)<>\"【非公開】・\")"),
            Mark::HalfShared => format!("AND(LEN(TRIM({p}))>0,LEN(TRIM({c}))=0)"),
        }
    }
}

/// The items' answer column marked: empty where every item is required (a unit's own form
/// outside a block with centres), no bullet, and a share half done where partners are asked.
pub fn items(ws: &mut Worksheet, schema: &Schema, required: bool) -> Result<()> {
    let Some(last) = schema.items.len().checked_sub(1) else { return Ok(()) };
    let (first, last) = (Schema::item_row(0), Schema::item_row(last));
    let (c, p) = (a1(first, COL_C), a1(first, COL_D));
    let mut marks = vec![Mark::NoBullet];
    if schema.item_partners {
        marks.insert(0, Mark::HalfShared);
    }
    if required {
        marks.push(Mark::Empty);
    }
    for m in marks {
        let cf = ConditionalFormatFormula::new().set_rule(format!("={}", m.rule(&c, &p)).as_str()).set_format(m.format()).set_stop_if_true(true);
        ws.add_conditional_format(first, COL_C, last, COL_C, &cf).map_err(xerr)?;
    }
    Ok(())
}

/// The paired table's partners column marked where partners are named on a row without
/// its first column (its 課題): the check's table line (check.rs), over the filled and spare rows.
pub fn table(ws: &mut Worksheet, schema: &Schema, table_rows: u32) -> Result<()> {
    let (Some(_), Some(col)) = (&schema.table, schema.table_partners()) else { return Ok(()) };
    let (first, last) = (schema.table_head() + 1, schema.table_head() + table_rows.max(1));
    let m = Mark::HalfShared;
    let rule = format!("={}", m.rule(&a1(first, super::schema::COL_B), &a1(first, col)));
    let cf = ConditionalFormatFormula::new().set_rule(rule.as_str()).set_format(m.format());
    ws.add_conditional_format(first, col, last, col, &cf).map_err(xerr)?;
    Ok(())
}
