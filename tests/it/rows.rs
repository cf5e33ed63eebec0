//! Rows of a form inserted and deleted as a clerk does in Excel under sheet
//! protection (here with openpyxl, `tests/fixtures/rows/edit-rows.py`): the
//! reader finds the items by their marks and the 課題 table by its header, so
//! blank rows, row numbers and a deleted 課題 change only what they should.


use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;

/// 桑名市's form of the sample, written by shiryo into `dir`.
fn form(dir: &Path) -> PathBuf {
    // Into a folder of its own: the output guard refuses a folder that holds a year.
    let out = dir.join("forms");
    let o = shiryo(&["form", s(&sample()), "--unit", "桑名市", "-o", s(&out)], dir, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    out.join("桑名市.xlsx")
}

/// The form edited by `edit-rows.py <mode>`, alone in a new inbox; ingested into a copy of the sample.
fn ingest_edited(mode: &str) -> (tempfile::TempDir, PathBuf, std::process::Output) {
    let (tmp, year) = sample_copy();
    let src = form(tmp.path());
    let inbox = tmp.path().join(format!("inbox-{mode}"));
    std::fs::create_dir(&inbox).unwrap();
    let script = root().join("tests/fixtures/rows/edit-rows.py");
    let o = python_with("openpyxl", "openpyxl", &[s(&script), s(&src), s(&inbox.join("桑名市.xlsx")), mode]);
    assert!(o.status.success(), "edit-rows.py {mode}: {}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    (tmp, year, o)
}

/// The sample's 桑名市 as the store reads it.
fn sample_unit() -> shiryo::model::Unit {
    let year = shiryo::store::load(&sample()).unwrap();
    year.unit("桑名市").unwrap().clone()
}

fn written(year: &Path) -> String {
    std::fs::read_to_string(year.join("units/桑名市.toml")).unwrap()
}

#[test]
fn blank_rows_row_numbers_and_a_deleted_issue_change_only_that_issue() {
    let (_tmp, year, o) = ingest_edited("shuffle");
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("桑名市.xlsx → 桑名市: 受理\n"), "accepted without a warning: {out}");
    assert!(!out.lines().any(|l| l.starts_with("  桑名市.xlsx")), "no finding at all: {out}");
    let mut want = sample_unit();
    let before = want.pairs.len();
    want.pairs.retain(|p| p.first != "バックベッドの利用");
    assert_eq!(want.pairs.len(), before - 1);
    assert_eq!(written(&year), shiryo::store::to_canonical(&want).unwrap());
}

#[test]
fn a_row_inserted_under_an_item_holds_more_of_its_lines() {
    let (_tmp, year, o) = ingest_edited("append");
    let out = stdout(&o);
    assert!(o.status.success() && out.contains("桑名市.xlsx → 桑名市: 受理\n"), "{out}");
    let mut want = sample_unit();
    let consultation = want.items.iter_mut().find(|c| c.key == "consultation").unwrap();
    consultation.lines.push("・挿入した行に書いた取組".into());
    assert_eq!(written(&year), shiryo::store::to_canonical(&want).unwrap());
}

#[test]
fn a_deleted_item_row_is_an_error_naming_the_item() {
    let (_tmp, year, o) = ingest_edited("delete-item");
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("桑名市.xlsx → 桑名市: 不受理"), "{out}");
    assert!(out.contains("取組状況!A:A: ④情報共有支援 の行がありません"), "{out}");
    let before = std::fs::read_to_string(sample().join("units/桑名市.toml")).unwrap();
    assert_eq!(written(&year), before, "nothing applied");
}

/// A sheet's XML inside the workbook.
fn sheet_xml(xlsx: &Path, n: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The value of `attr` in the first `<tag …>` element of `xml` that contains `has`.
fn attr<'a>(xml: &'a str, tag: &str, has: &str, attr: &str) -> Option<&'a str> {
    let open = format!("<{tag} ");
    xml.match_indices(&open).map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap_or(0)]).find(|e| e.contains(has)).and_then(|e| {
        let key = format!(" {attr}=\"");
        let at = e.find(&key)? + key.len();
        Some(&e[at..at + e[at..].find('"')?])
    })
}

#[test]
fn protection_lets_rows_be_inserted_and_deleted_and_table_rows_are_unlocked() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = form(tmp.path());
    // Sheets: 1 案内, 2 取組状況, 3 課題と取組, 4 the hidden marker.
    for n in [2, 3] {
        let xml = sheet_xml(&xlsx, n);
        // In OOXML a protection attribute of 0 means "not protected": allowed.
        assert_eq!(attr(&xml, "sheetProtection", "sheet=", "insertRows"), Some("0"), "sheet{n}: {xml:.200}");
        assert_eq!(attr(&xml, "sheetProtection", "sheet=", "deleteRows"), Some("0"), "sheet{n}");
    }
    // The 課題 table's rows carry a row format whose cells are unlocked (Excel deletes a
    // protected row only when every cell of it is unlocked).
    let xml = sheet_xml(&xlsx, 3);
    let style: usize = attr(&xml, "row", "r=\"20\"", "s").expect("row 20 has a row format").parse().unwrap();
    assert_eq!(attr(&xml, "row", "r=\"20\"", "customFormat"), Some("1"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).expect("the row's style");
    assert!(xf.contains("locked=\"0\""), "row style {style} is unlocked: {xf}");
    // Every cell written on that row is unlocked too, the row number in column A included.
    let row20: Vec<&str> = xml
        .split("<c r=\"")
        .skip(1)
        .filter(|c| c.split('"').next().is_some_and(|r| r.trim_start_matches(char::is_alphabetic) == "20"))
        .collect();
    assert!(row20.len() >= 4, "row 20's cells A–D are written: {}", row20.len());
    for cell in row20 {
        let s: usize = attr(&format!("<c r=\"{cell}"), "c", "r=", "s").unwrap().parse().unwrap();
        let xf = xfs.split("<xf ").nth(s + 1).unwrap();
        assert!(xf.contains("locked=\"0\""), "cell {} of row 20 is locked", cell.split('"').next().unwrap());
    }
    // The items' labels stay locked.
    let xml = sheet_xml(&xlsx, 2);
    let a3 = &xml[xml.find("<c r=\"A3\"").unwrap()..];
    let s: usize = attr(a3, "c", "r=\"A3\"", "s").unwrap().parse().unwrap();
    assert!(!xfs.split("<xf ").nth(s + 1).unwrap().contains("locked=\"0\""), "the mark ① is locked");
}
