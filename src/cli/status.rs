//! `shiryo status`: the season as a checklist — per block each unit and
//! centre with its state, the last receipt in Japan time and its sender —
//! then the totals. Exit 0 when nothing waits for the clerk, 2 when something
//! does (a send-back, a duplicate, a held workbook, an overdue unit), 1 on an error.
//! `--xlsx FILE` writes the same list as a workbook for Excel.

use std::io::Write;
use std::process::ExitCode;

use shiryo::error::{Error, Result};
use shiryo::intake::form::Kind;
use shiryo::intake::ingest::received::StatusRow;
use shiryo::messages::{self, Front, IntakeUi as U, Lang};
use shiryo::season;
use shiryo::store::guard::{self, Expect};

use super::Ctx;
use super::args::StatusArgs;

/// Exit code when something waits for the clerk.
const PENDING: u8 = 2;

pub fn run(a: &StatusArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lang: Lang = ctx.lang;
    if let Some(x) = &a.xlsx {
        guard::output(x, Expect::File, &[&a.year])?;
    }
    let status = ctx.done(season::status::status(&ctx.season, &a.year)?);
    let rows = &status.rows;
    let table: Vec<[String; 6]> = rows.iter().map(|r| line(r, lang)).collect();
    // Output to a closed pipe (| head) is not an error of the command.
    let mut out = std::io::stdout().lock();
    let mut block = None;
    for (r, cells) in rows.iter().zip(&table) {
        if block != Some(&r.block) {
            let title = if r.block.is_empty() { messages::intake_ui(U::Others, lang).to_string() } else { r.block.clone() };
            let _ = say_to!(out, "■ {title}");
            block = Some(&r.block);
        }
        let _ = say_to!(out, "  {}", columns(&cells[1..], &widths(&table)));
    }
    let _ = say_to!(out, "{}", messages::status_totals(&status.totals, lang));
    // What to do for each state that waits for the clerk, once.
    for c in status.to_do() {
        let _ = say_to!(out, "※ {}: {}", messages::check(c, lang), messages::check_hint(c, Front::Terminal, lang));
    }
    if let Some(x) = &a.xlsx {
        shiryo::store::write_atomic(x, &workbook(&table, lang)?)?;
    }
    Ok(if status.pending() { ExitCode::from(PENDING) } else { ExitCode::SUCCESS })
}

/// A row's cells: block, name, state, receipt (Japan time), sender, file(s).
fn line(r: &StatusRow, lang: Lang) -> [String; 6] {
    let name = match r.kind {
        Kind::Centre => format!("{}{}", r.name, messages::intake_ui(U::Centre, lang)),
        Kind::Prefecture => format!("{}{}", r.name, messages::intake_ui(U::PrefectureParts, lang)),
        Kind::Unit => r.name.clone(),
    };
    [
        r.block.clone(),
        name,
        messages::check(r.check, lang).to_string(),
        r.moment.map(|m| m.jst()).unwrap_or_default(),
        r.sender.clone(),
        r.files.join(" / "),
    ]
}

/// Display width: full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FF9F}').contains(&c) { 1 } else { 2 }).sum()
}

/// The widths of the columns after the block's.
fn widths(table: &[[String; 6]]) -> [usize; 5] {
    let mut w = [0; 5];
    for row in table {
        for (i, cell) in row[1..].iter().enumerate() {
            w[i] = w[i].max(width(cell));
        }
    }
    w
}

fn columns(cells: &[String], widths: &[usize; 5]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        out.push_str(cell);
        if i + 1 < cells.len() {
            out.push_str(&" ".repeat(widths[i].saturating_sub(width(cell)) + 2));
        }
    }
    out.trim_end().to_string()
}

/// The list as a workbook: a header row and one row per unit, every cell text.
fn workbook(table: &[[String; 6]], lang: Lang) -> Result<Vec<u8>> {
    let xerr = |e: rust_xlsxwriter::XlsxError| Error::Workbook(e.to_string());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(messages::intake_ui(U::Status, lang)).map_err(xerr)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let heads = [U::Block, U::Target, U::Status, U::Received, U::Sender, U::File];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, messages::intake_ui(*h, lang), &bold).map_err(xerr)?;
    }
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, cell).map_err(xerr)?;
        }
    }
    for (c, w) in [14.0, 28.0, 18.0, 18.0, 30.0, 40.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(xerr)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    wb.save_to_buffer().map_err(xerr)
}
