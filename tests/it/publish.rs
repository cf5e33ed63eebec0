//! `shiryo publish`: the sample year as open data, read back by the `csv` crate,
//! Python's `csv`, LibreOffice Calc and calamine, and compared with the year's
//! answers; every 団体コード with its check digit; a 非公開 line absent from every
//! published file and from the packet, present with `build --internal`, its mark
//! kept through a form round trip and a new year.


use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::Reader;
use crate::common::*;
use shiryo::model::Year;

type Row = BTreeMap<String, String>;
/// (unit or centre, item key) → (lines, joint partners).
type Items = BTreeMap<(String, String), (Vec<String>, Vec<String>)>;
/// (unit, 課題番号) → (課題, rows, joint partners).
type Pairs = BTreeMap<(String, usize), (String, Vec<Vec<String>>, Vec<String>)>;
/// A key's lines by their number, each with its partners.
type Numbered<K, V> = BTreeMap<K, BTreeMap<usize, V>>;

/// Publishes `year` into `dir/pub` (with `extra` flags), returning the written files by their suffix.
fn publish(year: &Path, dir: &Path, extra: &[&str]) -> BTreeMap<String, PathBuf> {
    let out = dir.join("pub");
    let mut args = vec!["publish", s(year), "-o", s(&out)];
    args.extend(extra);
    let o = shiryo(&args, dir, &[]);
    assert!(o.status.success(), "publish failed:\n{}", stderr(&o));
    let mut files = BTreeMap::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let suffix = name.split_once("_在宅医療・介護連携").map(|(_, rest)| rest.to_string()).unwrap_or(name);
        files.insert(suffix, path);
    }
    files
}

/// A CSV's rows as header → value, read with the `csv` crate (a BOM, when there, is not part of the first header).
fn rows(path: &Path) -> Vec<Row> {
    let bytes = std::fs::read(path).unwrap();
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    // A value a spreadsheet would run as a formula carries an apostrophe; the values as answered come back without it.
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(|v| shiryo::outputs::publish::value_of(v).to_string())).collect()).collect()
}

fn names(list: &str) -> Vec<String> {
    if list.is_empty() { Vec::new() } else { list.split('、').map(String::from).collect() }
}

/// The items' lines as the CSV gives them back: (unit or centre, item key) → (lines, joint partners).
fn items_back(rows: &[Row]) -> Items {
    let mut out: Numbered<(String, String), (String, Vec<String>)> = BTreeMap::new();
    for r in rows {
        let who = if r["区分"] == "広域" { r["広域の名称"].clone() } else { r["提出単位"].clone() };
        let line = (r["内容"].clone(), names(&r["共同実施先"]));
        // A union's members, a centre's members: the same line once per municipality.
        let n: usize = r["行番号"].parse().unwrap();
        let old = out.entry((who, r["項目キー"].clone())).or_default().insert(n, line.clone());
        assert!(old.is_none() || old == Some(line), "one line, two texts: {r:?}");
    }
    out.into_iter()
        .map(|(k, lines)| {
            let shared = lines.values().next().map(|l| l.1.clone()).unwrap_or_default();
            (k, (lines.into_values().map(|l| l.0).collect(), shared))
        })
        .collect()
}

/// The same from the year itself.
fn items_of(year: &Year) -> Items {
    let mut out = BTreeMap::new();
    for u in &year.units {
        for c in u.items.iter().filter(|c| !c.lines.is_empty()) {
            out.insert((u.name.clone(), c.key.clone()), (c.lines.clone(), c.shared_with.clone()));
        }
    }
    for centre in &year.centres {
        for c in centre.items.iter().filter(|c| !c.lines.is_empty()) {
            out.insert((centre.name.clone(), c.key.clone()), (c.lines.clone(), Vec::new()));
        }
    }
    out
}

/// The paired table back: (unit, 課題番号) → (課題, rows, partners).
fn pairs_back(rows: &[Row], columns: &[String]) -> Pairs {
    type Entry = (String, BTreeMap<usize, Vec<String>>, Vec<String>);
    let mut out: BTreeMap<(String, usize), Entry> = BTreeMap::new();
    for r in rows {
        let e = out.entry((r["提出単位"].clone(), r["課題番号"].parse().unwrap())).or_default();
        e.0 = r["課題"].clone();
        e.2 = names(&r["共同実施先"]);
        if !r["行番号"].is_empty() {
            e.1.insert(r["行番号"].parse().unwrap(), columns.iter().map(|c| r[c].clone()).collect());
        }
    }
    out.into_iter().map(|(k, (f, rows, s))| (k, (f, rows.into_values().collect(), s))).collect()
}

fn pairs_of(year: &Year) -> Pairs {
    let mut out = BTreeMap::new();
    for u in &year.units {
        for (i, p) in u.pairs.iter().enumerate() {
            out.insert((u.name.clone(), i + 1), (p.first.clone(), p.rows.clone(), p.shared_with.clone()));
        }
    }
    out
}

#[test]
fn the_csv_gives_back_exactly_the_years_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let files = publish(&sample(), tmp.path(), &[]);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, [".html", ".xlsx", "_取組状況.csv", "_提出単位.csv", "_課題と取組.csv"]);
    let year = shiryo::store::load(&sample()).unwrap();

    let items = rows(&files["_取組状況.csv"]);
    assert_eq!(items_back(&items), items_of(&year), "取組状況 read back");
    let columns: Vec<String> = year.survey.table.columns.iter().map(|c| c.header.clone()).collect();
    assert_eq!(pairs_back(&rows(&files["_課題と取組.csv"]), &columns), pairs_of(&year), "課題と取組 read back");

    let units = rows(&files["_提出単位.csv"]);
    for u in &year.units {
        let r = units.iter().find(|r| r["提出単位"] == u.name).unwrap_or_else(|| panic!("{} not in 提出単位", u.name));
        assert_eq!(r["提出状況"], "提出済");
        for f in &year.survey.fields {
            let v = u.field(&f.key).cloned().unwrap_or_default();
            assert_eq!(r[&f.name], v.text, "{} {}", u.name, f.name);
            if !f.bracket.is_empty() {
                assert_eq!(r[&f.bracket], v.bracket.unwrap_or_default(), "{} {}", u.name, f.bracket);
            }
        }
    }
    // 項目キー and 項目名 from the survey, without ①-style marks.
    for r in &items {
        let item = year.survey.item(&r["項目キー"]).expect("an item key of the survey");
        assert_eq!(r["項目名"], item.name);
        assert!(!r["項目名"].starts_with(&item.mark));
    }
}

#[test]
fn every_code_has_its_check_digit_and_every_municipality_a_row() {
    let tmp = tempfile::tempdir().unwrap();
    let files = publish(&sample(), tmp.path(), &[]);
    let year = shiryo::store::load(&sample()).unwrap();
    for name in ["_取組状況.csv", "_課題と取組.csv", "_提出単位.csv"] {
        for r in rows(&files[name]) {
            let code = &r["団体コード"];
            assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{name}: {code}");
            assert_eq!(shiryo::model::code::wrong_check_digit(code), None, "{name}: {code} of {}", r["市区町村名"]);
            assert_eq!(r["都道府県コード"], "240001");
            assert_eq!((r["年度"].as_str(), r["年度（和暦）"].as_str()), ("2018", "平成30年度"));
        }
    }
    // Every municipality once in the units' list: a union's members by their own names and codes.
    let units = rows(&files["_提出単位.csv"]);
    let kihoku: Vec<(&str, &str)> =
        units.iter().filter(|r| r["提出単位"] == "紀北広域連合").map(|r| (r["市区町村名"].as_str(), r["団体コード"].as_str())).collect();
    assert_eq!(kihoku, [("尾鷲市", "242098"), ("紀北町", "245437")]);
    let columns: usize = year.blocks.blocks.iter().map(|b| b.columns.len()).sum();
    let members: usize = year.units.iter().map(|u| u.members.len().saturating_sub(1)).sum();
    assert_eq!(units.len(), columns + members);
}

#[test]
fn python_and_libreoffice_read_the_csv_without_mojibake() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = publish(&sample(), tmp.path(), &[]);
    let bom_dir = tmp.path().join("bom");
    std::fs::create_dir_all(&bom_dir).unwrap();
    let bom = publish(&sample(), &bom_dir, &["--bom"]);
    let csv = &plain["_取組状況.csv"];
    assert!(std::fs::read(&bom["_取組状況.csv"]).unwrap().starts_with("\u{feff}年度".as_bytes()));
    let expected = rows(csv);

    // Python's csv module, as a data user would open it.
    let script = "import csv, sys, json\nwith open(sys.argv[1], encoding=sys.argv[2], newline='') as f:\n    rows = list(csv.DictReader(f))\nprint(json.dumps([rows[0], rows[-1], len(rows)], ensure_ascii=False))";
    for (file, encoding) in [(csv, "utf-8"), (&bom["_取組状況.csv"], "utf-8-sig")] {
        let o = python_with("csv", "Python's standard library", &["-c", script, s(file), encoding]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let got: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(got[2], expected.len());
        assert_eq!(got[0]["市区町村名"], expected[0]["市区町村名"]);
        assert_eq!(got[1]["内容"], expected.last().unwrap()["内容"]);
    }

    // LibreOffice Calc, told the files are UTF-8 (76; headless, it would take the locale's charset), with and without a BOM.
    let out = tmp.path().join("lo");
    std::fs::create_dir_all(&out).unwrap();
    soffice_with(&["--infilter=CSV:44,34,76,1"], "xlsx", &[bom["_取組状況.csv"].clone()], &out, tmp.path());
    let lo_plain = tmp.path().join("lo-plain");
    std::fs::create_dir_all(&lo_plain).unwrap();
    soffice_with(&["--infilter=CSV:44,34,76,1"], "xlsx", std::slice::from_ref(csv), &lo_plain, tmp.path());
    for dir in [&out, &lo_plain] {
        let book = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "xlsx")).unwrap();
        let cells = sheet_rows(&book, None);
        assert_eq!(cells[0][0], "年度", "{}", book.display());
        assert_eq!(cells.len(), expected.len() + 1, "{}", book.display());
        let row1: Vec<String> = cells[1].iter().map(|c| c.to_string()).collect();
        assert_eq!(row1[5], expected[0]["市区町村名"]);
        assert_eq!(row1[13], expected[0]["内容"], "{}", book.display());
    }
}

/// A sheet's rows as text, read with calamine (the first sheet, or the one named).
fn sheet_rows(book: &Path, sheet: Option<&str>) -> Vec<Vec<String>> {
    use calamine::open_workbook_auto;
    let mut wb = open_workbook_auto(book).unwrap();
    let name = sheet.map(String::from).unwrap_or_else(|| wb.sheet_names()[0].clone());
    let range = wb.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

#[test]
fn the_workbook_holds_the_same_tables_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let files = publish(&sample(), tmp.path(), &[]);
    for (sheet, csv) in [("取組状況", "_取組状況.csv"), ("課題と取組", "_課題と取組.csv"), ("提出単位", "_提出単位.csv")] {
        let cells = sheet_rows(&files[".xlsx"], Some(sheet));
        let rows = rows(&files[csv]);
        assert_eq!(cells.len(), rows.len() + 1, "{sheet}");
        let header = &cells[0];
        for (r, row) in rows.iter().enumerate() {
            for (c, h) in header.iter().enumerate() {
                assert_eq!(&cells[r + 1][c], &row[h], "{sheet} row {} {h}", r + 2);
            }
        }
    }
}

/// The line 桑名市 marks 非公開 in the tests below.
const SECRET: &str = "○○診療所との個別協定を調整中";

/// A copy of the sample where 桑名市 adds a 非公開 line to ① and a 非公開 課題 row.
fn with_private_line() -> (tempfile::TempDir, PathBuf) {
    let (tmp, year) = sample_copy();
    let path = year.join("units/桑名市.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("\"・各介護施設が実施可能な医療処置の一覧を作成。\",", &format!("\"・各介護施設が実施可能な医療処置の一覧を作成。\",\n    \"【非公開】・{SECRET}。\","), 1);
    assert!(text.contains(SECRET));
    std::fs::write(&path, text).unwrap();
    (tmp, year)
}

fn xlsx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        std::io::Read::read_to_string(&mut f, &mut all).unwrap();
    }
    all
}

#[test]
fn a_private_line_is_in_no_published_file_and_only_in_the_internal_packet() {
    let (tmp, year) = with_private_line();
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = publish(&year, tmp.path(), &[]);
    assert_eq!(files.len(), 5, "{files:?}");
    for (name, path) in &files {
        let text = if name.ends_with(".xlsx") { xlsx_text(path) } else { std::fs::read_to_string(path).unwrap() };
        assert!(!text.contains(SECRET) && !text.contains("非公開】"), "{name} carries the 非公開 line");
        if name.contains("取組状況") || name.ends_with(".xlsx") {
            assert!(text.contains("医療処置の一覧"), "{name} lost the public line");
        }
    }
    let public = tmp.path().join("public.pdf");
    let o = shiryo(&["build", s(&year), "-o", s(&public), "-q"], tmp.path(), &[]);
    assert!(stderr(&o).contains("「【非公開】」の行 1 行は資料に載せていません"), "{}", stderr(&o));
    let public = squash(&raw_text(&public));
    assert!(!public.contains(&squash(SECRET)), "the packet prints the 非公開 line");
    // Nor is it a change of the public packet since last year.
    let changes = tmp.path().join("changes.pdf");
    let o = shiryo(&["build", s(&year), "-o", s(&changes), "-q", "--with-changes", s(&sample())], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!squash(&raw_text(&changes)).contains(&squash(SECRET)), "the appendix of changes prints the 非公開 line");
    let internal = tmp.path().join("internal.pdf");
    let o = shiryo(&["build", s(&year), "-o", s(&internal), "-q", "--internal"], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("「【非公開】」の行 1 行を、行末に【非公開】を付けて載せました"), "{}", stderr(&o));
    let internal = squash(&raw_text(&internal));
    assert!(internal.contains(&squash(&format!("・{SECRET}。【非公開】"))), "the internal packet lacks the marked line");
}

#[test]
fn the_mark_survives_a_form_round_trip_and_a_new_year() {
    let (tmp, year) = with_private_line();
    // A resubmission: the form as written from the year, read back in.
    let forms = tmp.path().join("forms");
    let o = shiryo(&["form", s(&year), "--unit", "桑名市", "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The form tells the municipal officer how to mark a line.
    let book = forms.join("桑名市.xlsx");
    let told = calamine::open_workbook_auto(&book).unwrap().sheet_names().iter().any(|n| {
        sheet_rows(&book, Some(n)).iter().flatten().any(|c| c.contains("行の先頭に「【非公開】」と書いてください"))
    });
    assert!(told, "the form does not say how to mark a 非公開 line");
    let o = shiryo(&["ingest", s(&forms), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let unit = std::fs::read_to_string(year.join("units/桑名市.toml")).unwrap();
    assert!(unit.contains(&format!("【非公開】・{SECRET}。")), "{unit}");

    // The next year: its form pre-filled with this year's answers carries the mark, and reads back with it.
    let next = tmp.path().join("2019");
    let o = shiryo(&["new-year", s(&year), "-o", s(&next), "--date", "2019-12-11", "--deadline", "2019-11-15"], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let forms = tmp.path().join("forms-2019");
    let o = shiryo(&["form", s(&next), "--unit", "桑名市", "--previous", s(&year), "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = shiryo(&["ingest", s(&forms), "--year", s(&next)], tmp.path(), &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let unit = std::fs::read_to_string(next.join("units/桑名市.toml")).unwrap();
    assert!(unit.contains(&format!("【非公開】・{SECRET}。")), "{unit}");
}

/// Answer lines a spreadsheet would run as formulas are written inert: in the CSV with a
/// leading apostrophe (LibreOffice's import, told the file is UTF-8, makes no formula of
/// them: read back with openpyxl), in the xlsx as text cells; read back with
/// `value_of`, the CSV gives the lines exactly as answered.
#[test]
fn an_answer_that_looks_like_a_formula_stays_text_in_every_published_file() {
    let (tmp, year) = sample_copy();
    let hostile = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1,1)", "-2+3", "=1+1"];
    let path = year.join("units/桑名市.toml");
    let mut unit: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    unit["items"].as_array_mut().unwrap()[0]["lines"] = toml::Value::Array(hostile.iter().map(|l| toml::Value::String(l.to_string())).collect());
    std::fs::write(&path, toml::to_string(&unit).unwrap()).unwrap();
    let files = publish(&year, tmp.path(), &["--bom"]);
    let csv = &files["_取組状況.csv"];
    let text = std::fs::read_to_string(csv).unwrap();
    for h in hostile {
        assert!(text.contains(&format!("'{}", h.replace('"', "\"\""))), "{h} inert in the CSV");
    }
    let back: Vec<String> = rows(csv).into_iter().filter(|r| r["市区町村名"] == "桑名市").map(|r| r["内容"].clone()).collect();
    assert_eq!(&back[..hostile.len()], hostile, "the lines as answered");
    // LibreOffice opens the CSV: every cell is a value, none a formula.
    let out = tmp.path().join("lo");
    std::fs::create_dir_all(&out).unwrap();
    soffice_with(&["--infilter=CSV:44,34,76,1"], "xlsx", std::slice::from_ref(csv), &out, tmp.path());
    let book = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "xlsx")).unwrap();
    let script = "import openpyxl, sys\nws = openpyxl.load_workbook(sys.argv[1]).active\n\
        print(sum(1 for row in ws.iter_rows() for c in row if c.data_type == 'f'))";
    let o = python_with("openpyxl", "openpyxl", &["-c", script, s(&book)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "0", "formulas in LibreOffice's reading of the CSV");
    // The workbook: the same lines, text cells.
    let o = python_with("openpyxl", "openpyxl", &["-c", script, s(&files[".xlsx"])]);
    assert_eq!(stdout(&o).trim(), "0", "{}", stderr(&o));
}

/// A publish stopped half-way (its mark left in the folder, old files beside new) is said
/// by the next one, which writes the set whole and leaves no mark.
#[test]
fn a_publish_stopped_half_way_is_said_and_finished() {
    let (tmp, year) = sample_copy();
    let out = tmp.path().join("pub");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".shiryo-publishing"), "x.csv").unwrap();
    let o = shiryo(&["publish", s(&year), "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("前回の公開用ファイルの書き出しが途中で止まっていました"), "{}", stderr(&o));
    assert!(!out.join(".shiryo-publishing").exists());
    let o = shiryo(&["publish", s(&year), "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success() && !stderr(&o).contains("途中で止まって"), "{}", stderr(&o));
}
