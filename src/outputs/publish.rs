//! 公開: the year's answers as open data, following 総務省's rules for
//! machine-readable tables (統計表における機械判読可能なデータの表記方法の統一ルール):
//! one value per cell, no merged cells, a header row, 西暦 beside 和暦, each
//! municipality named by its 全国地方公共団体コード. Three tables — the items
//! (取組状況), the paired table (課題と取組) and the units with their own fields —
//! written as UTF-8 CSV (RFC 4180, the `csv` crate) and as one `.xlsx` of text
//! cells. The caller passes the year as the public may read it
//! ([`crate::model::private::for_audience`]): 非公開 lines are already gone.

use crate::error::{Error, Result};
use crate::model::survey::FieldKind;
use crate::model::{Block, Centre, Unit, Year, code, era};

/// A table of the published data: its name (the file's and the sheet's), header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Published files: each one's name and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// The names of the three tables, as their files and sheets are called.
pub const ITEMS: &str = "取組状況";
pub const PAIRS: &str = "課題と取組";
pub const UNITS: &str = "提出単位";

/// 区分 of an item's line: the unit's own answer (「市町単独」 in the survey's word for its units,
/// [`crate::model::Survey::unit_word`]), or its centre's for its members.
pub const WIDE: &str = "広域";

/// The columns every table starts with: the year and who answered.
const WHO: [&str; 8] = ["年度", "年度（和暦）", "都道府県コード", "都道府県", "団体コード", "市区町村名", "提出単位", "区域"];

/// The year and one municipality of a submitting unit, as the first columns of a row.
struct Who<'a> {
    year: &'a Year,
    prefecture_code: &'a str,
    block: &'a Block,
    unit: &'a str,
    name: String,
    code: String,
}

impl Who<'_> {
    fn cells(&self) -> Vec<String> {
        let fy = self.year.packet.fiscal_year;
        vec![
            fy.to_string(),
            era::fiscal_year(fy),
            self.prefecture_code.to_string(),
            self.year.packet.prefecture.clone(),
            self.code.clone(),
            self.name.clone(),
            self.unit.to_string(),
            self.block.regions.join("・"),
        ]
    }
}

/// The three tables of a year; its prefecture must be one of the 47, to be named by its code.
pub fn tables(year: &Year) -> Result<Vec<Table>> {
    let prefecture_code = prefecture_code(year)?;
    let whos = whos(year, &prefecture_code);
    Ok(vec![items_table(year, &whos), pairs_table(year, &whos), units_table(year, &whos)])
}

fn prefecture_code(year: &Year) -> Result<String> {
    code::prefecture_code(&year.packet.prefecture).ok_or_else(|| Error::UnknownPrefecture(year.packet.prefecture.clone()))
}

/// Every municipality of every block column, in the packet's order, with its unit (when it answered).
fn whos<'a>(year: &'a Year, prefecture_code: &'a str) -> Vec<(Who<'a>, Option<&'a Unit>)> {
    let mut out = Vec::new();
    for block in &year.blocks.blocks {
        for column in &block.columns {
            let unit = year.units.iter().find(|u| &u.name == column);
            for (name, code) in municipalities(year, column, unit) {
                out.push((Who { year, prefecture_code, block, unit: column, name, code }, unit));
            }
        }
    }
    out
}

/// A unit's municipalities with their codes: itself, or a union's members. A code the
/// unit's file does not give is looked up in the national list by prefecture and name.
fn municipalities(year: &Year, column: &str, unit: Option<&Unit>) -> Vec<(String, String)> {
    let lookup = |name: &str, given: Option<&String>| {
        given.cloned().or_else(|| code::lookup(&year.packet.prefecture, name)).unwrap_or_default()
    };
    match unit {
        Some(u) if !u.members.is_empty() => {
            u.members.iter().map(|m| (m.name.clone(), lookup(&m.name, m.code.as_ref()))).collect()
        }
        Some(u) => vec![(u.name.clone(), lookup(&u.name, u.code.as_ref()))],
        None => vec![(column.to_string(), lookup(column, None))],
    }
}

fn header(rest: &[&str]) -> Vec<String> {
    WHO.iter().chain(rest).map(|s| s.to_string()).collect()
}

/// 取組状況: one row per municipality × item × line.
fn items_table(year: &Year, whos: &[(Who, Option<&Unit>)]) -> Table {
    let header = header(&["項目キー", "項目名", "区分", "広域の名称", "行番号", "内容", "共同実施先"]);
    let mut rows = Vec::new();
    let own = format!("{}単独", year.survey.unit_word());
    for (who, unit) in whos {
        let Some(unit) = unit else { continue };
        for item in &year.survey.items {
            let mut add = |kind: &str, centre: &str, lines: &[String], shared: &[String]| {
                for (n, line) in lines.iter().enumerate() {
                    let mut row = who.cells();
                    row.extend([&item.key, &item.name, kind, centre, &(n + 1).to_string(), line, &shared.join("、")].map(String::from));
                    rows.push(row);
                }
            };
            if let Some(c) = unit.item(&item.key) {
                add(&own, "", &c.lines, &c.shared_with);
            }
            for centre in centres_of(year, &unit.name) {
                if let Some(c) = centre.item(&item.key) {
                    add(WIDE, &centre.name, &c.lines, &[]);
                }
            }
        }
    }
    Table { name: ITEMS, header, rows }
}

/// The centres (広域) a unit is a member of.
fn centres_of<'a>(year: &'a Year, unit: &'a str) -> impl Iterator<Item = &'a Centre> {
    year.centres.iter().filter(move |c| c.members.iter().any(|m| m == unit))
}

/// 課題と取組: one row per municipality × 課題 × row, the survey's columns.
fn pairs_table(year: &Year, whos: &[(Who, Option<&Unit>)]) -> Table {
    let table = &year.survey.table;
    let mut rest = vec!["課題番号", table.first.header.as_str(), "行番号"];
    rest.extend(table.columns.iter().map(|c| c.header.as_str()));
    rest.push("共同実施先");
    let header = header(&rest);
    let mut rows = Vec::new();
    for (who, unit) in whos {
        let Some(unit) = unit else { continue };
        for (i, pair) in unit.pairs.iter().enumerate() {
            // A 課題 without rows still has its line, with empty columns.
            let empty = vec![vec![String::new(); table.columns.len()]];
            let pair_rows = if pair.rows.is_empty() { &empty } else { &pair.rows };
            for (j, cells) in pair_rows.iter().enumerate() {
                let mut row = who.cells();
                row.extend([(i + 1).to_string(), pair.first.clone(), if pair.rows.is_empty() { String::new() } else { (j + 1).to_string() }]);
                row.extend((0..table.columns.len()).map(|k| cells.get(k).cloned().unwrap_or_default()));
                row.push(pair.shared_with.join("、"));
                rows.push(row);
            }
        }
    }
    Table { name: PAIRS, header, rows }
}

/// 提出単位: one row per municipality: whether its unit answered, its centres and its own fields.
fn units_table(year: &Year, whos: &[(Who, Option<&Unit>)]) -> Table {
    let mut rest: Vec<String> = vec!["提出状況".into(), "広域".into()];
    for f in &year.survey.fields {
        rest.push(f.name.clone());
        if f.kind == FieldKind::Bracketed {
            rest.push(if f.bracket.is_empty() { format!("{}（括弧内）", f.name) } else { f.bracket.clone() });
        }
        if f.shareable {
            rest.push(format!("{}の共同実施先", f.name));
        }
    }
    let header = header(&rest.iter().map(String::as_str).collect::<Vec<_>>());
    let rows = whos.iter().map(|(who, unit)| unit_row(year, who, *unit)).collect();
    Table { name: UNITS, header, rows }
}

fn unit_row(year: &Year, who: &Who, unit: Option<&Unit>) -> Vec<String> {
    let mut row = who.cells();
    row.push(if unit.is_some() { "提出済" } else { crate::model::NOT_SUBMITTED }.into());
    row.push(centres_of(year, who.unit).map(|c| c.name.as_str()).collect::<Vec<_>>().join("、"));
    for f in &year.survey.fields {
        let value = unit.and_then(|u| u.field(&f.key));
        row.push(match (f.kind, value) {
            (FieldKind::Lines, Some(v)) => v.lines.join("\n"),
            (_, Some(v)) => v.text.clone(),
            (_, None) => String::new(),
        });
        if f.kind == FieldKind::Bracketed {
            row.push(value.and_then(|v| v.bracket.clone()).unwrap_or_default());
        }
        if f.shareable {
            row.push(value.map(|v| v.shared_with.join("、")).unwrap_or_default());
        }
    }
    row
}

/// The first characters with which Excel and LibreOffice read a cell as a formula
/// (OWASP's list for CSV injection): `=`, `+`, `-`, `@`, a tab, a carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value as the CSV holds it: one that a spreadsheet would read as a formula
/// (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, `-2+3`) gets a leading apostrophe, so
/// that Excel shows the text and runs nothing; [`value_of`] takes it off again.
pub fn inert(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(FORMULA_STARTS) { format!("'{value}").into() } else { value.into() }
}

/// A value of the published CSV as answered: the apostrophe [`inert`] added, taken off.
pub fn value_of(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The mark of a publish under way in its folder: a publish stopped half-way leaves it,
/// beside old and new files mixed, and the next one says so and writes the set whole.
pub const UNDER_WAY: &str = ".shiryo-publishing";

/// Writes the published files into `out` as a set: the mark first, then each file
/// (atomically), then the mark removed. Whether an earlier publish had stopped half-way.
pub fn write_all(out: &std::path::Path, files: &Files) -> Result<bool> {
    crate::store::files::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let mark = out.join(UNDER_WAY);
    let stopped = mark.is_file();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    crate::store::write_atomic(&mark, names.join("\n").as_bytes())?;
    for (name, bytes) in files {
        crate::store::write_atomic(&out.join(name), bytes)?;
    }
    crate::store::files::remove(&mark).map_err(|e| Error::io(&mark, e))?;
    Ok(stopped)
}

/// A table as CSV: UTF-8, CRLF line ends, quoted where RFC 4180 needs; with a BOM for Excel
/// when asked; no value a spreadsheet would read as a formula ([`inert`]).
pub fn csv(table: &Table, bom: bool) -> Result<Vec<u8>> {
    let mut out = if bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
    let err = |e: csv::Error| Error::Publish(e.to_string());
    w.write_record(table.header.iter().map(|h| inert(h).into_owned())).map_err(err)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|v| inert(v).into_owned())).map_err(err)?;
    }
    w.flush().map_err(|e| Error::Publish(e.to_string()))?;
    drop(w);
    Ok(out)
}

/// The tables as one workbook, a sheet each, every value a text cell (codes keep their leading zero).
pub fn xlsx(year: &Year, tables: &[Table]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| Error::Workbook(e.to_string());
    let mut wb = Workbook::new();
    // Dated by the fiscal year, not the clock: the same answers give the same bytes (the archive compares them).
    let date = ExcelDateTime::from_ymd(year.packet.fiscal_year.clamp(1900, 9999) as u16, 4, 1).map_err(xerr)?;
    let title = format!("{} {}", year.survey.title, era::fiscal_year(year.packet.fiscal_year));
    wb.set_properties(&DocProperties::new().set_title(title).set_author(year.packet.prefecture.clone()).set_creation_datetime(&date));
    let text = Format::new().set_num_format("@");
    let head = Format::new().set_bold().set_num_format("@");
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name).map_err(xerr)?;
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head).map_err(xerr)?;
            ws.set_column_width(c as u16, column_width(t, c)).map_err(xerr)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string_with_format(r as u32 + 1, c as u16, v, &text).map_err(xerr)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        ws.autofilter(0, 0, t.rows.len() as u32, t.header.len().saturating_sub(1) as u16).map_err(xerr)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

/// A column's width in characters: its widest value's, a full-width character counted twice, at most 60.
fn column_width(t: &Table, c: usize) -> f64 {
    let width = |s: &str| s.lines().map(|l| l.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum::<usize>()).max().unwrap_or(0);
    let widest = t.rows.iter().filter_map(|r| r.get(c)).map(|v| width(v)).chain([width(&t.header[c])]).max().unwrap_or(8);
    (widest.clamp(6, 60) + 2) as f64
}

/// What `publish` writes: file name and bytes, the names starting with
/// [`prefix`]'s. The HTML page is added by the caller.
pub fn files(year: &Year, prefix: &str, bom: bool) -> Result<Files> {
    let tables = tables(year)?;
    let mut out = Vec::new();
    for t in &tables {
        out.push((format!("{prefix}_{}.csv", t.name), csv(t, bom)?));
    }
    out.push((format!("{prefix}.xlsx"), xlsx(year, &tables)?));
    Ok(out)
}

/// `240001_2018_在宅医療・介護連携`: the prefecture's code, the fiscal year and the survey's key.
pub fn prefix(year: &Year) -> Result<String> {
    Ok(format!("{}_{}_{}", prefecture_code(year)?, year.packet.fiscal_year, crate::store::safe_stem(&year.survey.key)))
}
