//! How large a year may be: a string longer than a cell, a file larger than
//! any year, a year that would typeset to hundreds of pages — each refused
//! before typesetting, by file (and key), in words.


use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;

/// Sets the rows (取組) of `unit`'s first 課題 to `lines`, one row each.
fn set_actions(year: &Path, unit: &str, lines: Vec<String>) {
    edit(&year.join(format!("units/{unit}.toml")), |t| {
        let pairs = t["pairs"].as_array_mut().unwrap();
        let rows = lines.into_iter().map(|l| toml::Value::Array(vec![toml::Value::String(l)])).collect();
        pairs[0].as_table_mut().unwrap().insert("rows".into(), toml::Value::Array(rows));
    });
}

#[test]
fn a_string_longer_than_a_cell_is_refused_by_file_and_key() {
    let (tmp, year) = sample_copy();
    set_actions(&year, "桑名市", vec!["・".to_string() + &"あ".repeat(39_999)]);
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("units/桑名市.toml pairs[1].rows[1][1]: エラー: 文字数が多すぎます（40000 字、上限 32767 字）。"),
        "{out}"
    );
}

/// A 50 MB string made `build` typeset 12,025 pages in 129 s and 7.6 GB;
/// a file over 16 MB is not read at all.
#[test]
fn a_file_larger_than_any_year_is_not_read() {
    let (tmp, year) = sample_copy();
    set_actions(&year, "津市", vec!["x".repeat(17 * 1024 * 1024)]);
    let out = tmp.path().join("out.pdf");
    let o = shiryo(&["build", year.to_str().unwrap(), "-o", out.to_str().unwrap()], tmp.path(), &[]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("units/津市.toml: ファイルが大きすぎます（17") && err.contains(" KB、上限 16384 KB）。"), "{err}");
    assert!(!out.exists());
}

/// Tests that assert a time: `bash scripts/test` runs them alone, after the rest.
mod timed {
    use super::*;

    /// Text for hundreds of pages, each string within the cell limit: refused
    /// before typesetting (quickly, no PDF), naming the three largest files.
    #[test]
    fn a_year_too_long_to_print_is_refused_before_typesetting() {
        let (tmp, year) = sample_copy();
        let line = || "・".to_string() + &"長".repeat(31_999);
        set_actions(&year, "桑名市", (0..25).map(|_| line()).collect());
        set_actions(&year, "津市", (0..20).map(|_| line()).collect());
        set_actions(&year, "四日市市", (0..15).map(|_| line()).collect());
        let out = tmp.path().join("out.pdf");
        let started = Instant::now();
        let o = shiryo(&["build", year.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"], tmp.path(), &[]);
        let err = stderr(&o) + &stdout(&o);
        assert!(!o.status.success(), "{err}");
        assert!(!out.exists());
        assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
        assert!(err.contains("資料が長すぎます（推定"), "{err}");
        assert!(err.contains("上限 200 ページ）。組版する前に中止しました。"), "{err}");
        assert!(
            err.contains("大きいファイル: units/桑名市.toml（約 115 ページ）、units/津市.toml（約 92 ページ）、units/四日市市.toml（約 69 ページ）。"),
            "{err}"
        );
    }
}

/// Lines each under a cell's limit may be over it joined in the form's one cell: `form` names the
/// sheet and cell, in Japanese, and does not blame Excel (it once said to close the workbook).
#[test]
fn a_form_cell_over_excels_limit_is_named() {
    let (tmp, year) = sample_copy();
    edit(&year.join("units/桑名市.toml"), |t| {
        let half = format!("・{}", "あ".repeat(16_499));
        t["items"][0]["lines"] = toml::Value::Array(vec![toml::Value::String(half.clone()), toml::Value::String(half)]);
    });
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "each line is under the limit: {}", stdout(&o));
    let out = tmp.path().join("forms");
    let o = shiryo(&["form", s(&year), "--unit", "桑名市", "-o", s(&out)], tmp.path(), &[]);
    let said = stdout(&o) + &stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("様式の「取組状況」シート C"), "{said}");
    assert!(said.contains("Excel の１つのセルの上限を超えています（33001 字、上限 32767 字）"), "{said}");
    assert!(!said.contains("Excel で開いていないか") && !said.contains("MaxStringLength"), "{said}");
}
