//! 入力チェック: formulas on the 案内 sheet that count, in words, what the
//! items sheet's marks show (`marks.rs`), so that the officer reads before
//! sending what the secretariat would send back: 「未記入の必須欄: 2（取組状況
//! C7, C9）」, or 「入力チェック: 問題はありません」. They survive values pasted
//! over the answer cells (which wipes a cell's format and prompt, not a
//! reference to it).
//!
//! Only functions Excel 2010 and LibreOffice both compute (IF, AND, LEN, TRIM,
//! LEFT, SUM, &): no TEXTJOIN, FILTER or LET. A list of cells is built from
//! helper cells in hidden columns, one row per item: the mark's flag, a running
//! count, and the cell's name while the count is at most five; then
//! 「ほか n 件」. Each formula also carries its result for the pre-filled
//! answers, computed here by the same rule ([`Mark::holds`]): rust_xlsxwriter
//! would store 0, and a LibreOffice that does not recalculate on load would
//! show it.

use rust_xlsxwriter::{Format, Formula, Worksheet};

use super::marks::Mark;
use super::schema::{COL_B, COL_C, COL_D, Schema};
use super::{a1, xerr};
use crate::error::Result;

/// The first hidden helper column (J): three per mark.
const HELPER: u16 = 9;
/// Cells a list names before 「ほか n 件」.
const LISTED: usize = 5;

/// The marks counted, with their words.
const CHECKS: [(Mark, &str); 3] = [(Mark::Empty, "未記入の必須欄"), (Mark::NoBullet, "「・」で始まらない回答"), (Mark::HalfShared, "共同の相手だけの欄")];

/// The answers a check reads: each item's cell text and partners, as pre-filled; the paired
/// table's rows on the form (its filled and spare rows).
pub struct Filled<'a> {
    pub answers: &'a [(String, String)],
    pub required: bool,
    pub table_rows: u32,
}

/// A cell a check looks at, with its partners' cell, and the texts the form is written with.
struct Checked {
    at: (u32, u16),
    /// The cell the line names (the answer's; on the table, the partners' the officer typed).
    listed: (u32, u16),
    partners: (u32, u16),
    text: String,
    partners_text: String,
}

/// One line of the check: a mark over some cells of one sheet, in words.
struct Check {
    mark: Mark,
    words: String,
    sheet: String,
    cells: Vec<Checked>,
}

/// The checks of a form: the items' marks (marks.rs), and on the paired table partners named on a
/// row without its first column (its 課題), over every row the form has for it, spare ones too.
fn checks(schema: &Schema, filled: &Filled) -> Vec<Check> {
    let items = |mark: Mark, words: &str| Check {
        mark,
        words: words.to_string(),
        sheet: schema.items_sheet.clone(),
        cells: (0..schema.items.len())
            .map(|i| {
                let (text, partners_text) = filled.answers.get(i).cloned().unwrap_or_default();
                Checked { at: (Schema::item_row(i), COL_C), listed: (Schema::item_row(i), COL_C), partners: (Schema::item_row(i), COL_D), text, partners_text }
            })
            .collect(),
    };
    let mut out: Vec<Check> = CHECKS
        .iter()
        .filter(|(m, _)| (*m != Mark::Empty || filled.required) && (*m != Mark::HalfShared || schema.item_partners))
        .map(|(m, w)| items(*m, w))
        .collect();
    if let (Some(t), Some(col)) = (&schema.table, schema.table_partners()) {
        let rows = schema.table_head() + 1..=schema.table_head() + filled.table_rows;
        // The writer puts partners on a 課題's first row only: with none on a row, none is flagged as written.
        let cells = rows.map(|r| Checked { at: (r, COL_B), listed: (r, col), partners: (r, col), text: String::new(), partners_text: String::new() }).collect();
        out.push(Check { mark: Mark::HalfShared, words: format!("{}のない行の共同の相手", t.first), sheet: schema.table_sheet.clone(), cells });
    }
    out
}

/// Writes the check on the guide sheet from row `top`: a summary line, then a line per check.
pub fn write(ws: &mut Worksheet, schema: &Schema, filled: &Filled, top: u32, style: &Format) -> Result<()> {
    let checks = checks(schema, filled);
    if checks.is_empty() || schema.items.is_empty() {
        return Ok(());
    }
    let first = top + 1;
    let mut totals = Vec::new();
    for (k, check) in checks.iter().enumerate() {
        let col = HELPER + 3 * k as u16;
        let flags = helpers(ws, check, col, first)?;
        let count = flags.iter().filter(|f| **f).count();
        let names: Vec<String> = check.cells.iter().zip(&flags).filter(|(_, f)| **f).map(|(c, _)| a1(c.listed.0, c.listed.1)).collect();
        let n = check.cells.len();
        let line = line_formula(&check.sheet, &check.words, col, first, n);
        let value = line_value(&check.sheet, &check.words, &names, count);
        ws.write_formula_with_format(first + k as u32, 1, Formula::new(line).set_result(value), style).map_err(xerr)?;
        totals.push((a1(first + n as u32 - 1, col + 1), count));
    }
    let sum = totals.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(",");
    let all: usize = totals.iter().map(|t| t.1).sum();
    let summary = format!("IF(SUM({sum})=0,\"入力チェック: 問題はありません\",\"入力チェック: \"&SUM({sum})&\" 件を確認してください\")");
    let value = if all == 0 { "入力チェック: 問題はありません".to_string() } else { format!("入力チェック: {all} 件を確認してください") };
    ws.write_formula_with_format(top, 1, Formula::new(summary).set_result(value), style).map_err(xerr)?;
    ws.write_string_with_format(top, 0, "入力チェック", style).map_err(xerr)?;
    ws.set_column_range_hidden(HELPER, HELPER + 3 * checks.len() as u16 - 1).map_err(xerr)?;
    Ok(())
}

/// One check's helper cells, a row per cell from `first`: its flag, the running count, and the cell's
/// name while the count is at most [`LISTED`]. The flags as the form is written.
fn helpers(ws: &mut Worksheet, check: &Check, col: u16, first: u32) -> Result<Vec<bool>> {
    let sheet = quoted(&check.sheet);
    let mut flags = Vec::new();
    let mut count = 0;
    for (i, cell) in check.cells.iter().enumerate() {
        let row = first + i as u32;
        let (c, p) = (format!("{sheet}!{}", a1(cell.at.0, cell.at.1)), format!("{sheet}!{}", a1(cell.partners.0, cell.partners.1)));
        let flag = check.mark.holds(&cell.text, &cell.partners_text);
        count += usize::from(flag);
        flags.push(flag);
        let (f, k) = (a1(row, col), a1(row, col + 1));
        let above = if i == 0 { "0".to_string() } else { a1(row - 1, col + 1) };
        let name = a1(cell.listed.0, cell.listed.1);
        ws.write_formula(row, col, Formula::new(format!("IF({},1,0)", check.mark.rule(&c, &p))).set_result(u8::from(flag).to_string())).map_err(xerr)?;
        ws.write_formula(row, col + 1, Formula::new(format!("{above}+{f}")).set_result(count.to_string())).map_err(xerr)?;
        let listed = if flag && count <= LISTED { format!("{name}, ") } else { String::new() };
        ws.write_formula(row, col + 2, Formula::new(format!("IF(AND({f}=1,{k}<={LISTED}),\"{name}, \",\"\")")).set_result(listed)).map_err(xerr)?;
    }
    Ok(flags)
}

/// 「未記入の必須欄: 2（取組状況 C7, C9）」 from the helper cells, or 「…: なし」.
fn line_formula(sheet: &str, words: &str, col: u16, first: u32, n: usize) -> String {
    let count = a1(first + n as u32 - 1, col + 1);
    let list = (0..n).map(|i| a1(first + i as u32, col + 2)).collect::<Vec<_>>().join("&");
    format!(
        "IF({count}=0,\"{words}: なし\",\"{words}: \"&{count}&\"（{sheet} \"&LEFT({list},LEN({list})-2)&IF({count}>{LISTED},\" ほか \"&({count}-{LISTED})&\" 件\",\"\")&\"）\")"
    )
}

/// What [`line_formula`] gives for these cells.
fn line_value(sheet: &str, words: &str, names: &[String], count: usize) -> String {
    if count == 0 {
        return format!("{words}: なし");
    }
    let listed = names.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
    let more = if count > LISTED { format!(" ほか {} 件", count - LISTED) } else { String::new() };
    format!("{words}: {count}（{sheet} {listed}{more}）")
}

/// Whether a cell of the guide sheet is the check's own (never an answer, nothing to report):
/// a hidden helper column, or a line of the check by its words (its place moves with the guide).
pub fn is_own(sheet: &str, col: u16, text: &str) -> bool {
    sheet == super::SHEET_GUIDE
        && (col >= HELPER
            || text.starts_with("入力チェック")
            || CHECKS.iter().any(|(_, w)| text.starts_with(&format!("{w}: ")))
            || text.split_once("のない行の共同の相手: ").is_some())
}

/// A sheet's name as a formula refers to it.
fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}
