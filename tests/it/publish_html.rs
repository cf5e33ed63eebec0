//! The packet as one accessible HTML page (`shiryo::outputs::html`, issue 15):
//! every answer's cell is tied by `headers` to its unit's name and its item's
//! label (read back with Python's html.parser, `tests/html_tables.py`), typed
//! markup stays text, npm's html-validate finds no error and axe-core in
//! Debian's headless chromium no serious or critical violation.
//!
//! The page is the one `shiryo publish` writes.
//! html-validate and axe-core come from `tests/npm` (pinned), which
//! `bash scripts/test` installs into `target/test-npm`; a missing tool fails.


use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use serde_json::Value;
use shiryo::lang::Lang;
use shiryo::messages;
use shiryo::model::Year;

/// The sample year's page, as `shiryo publish` writes it into `dir`.
fn sample_page(dir: &Path) -> (Year, PathBuf) {
    let year = shiryo::store::load(&sample()).expect("the sample year loads");
    let out = dir.join("published");
    let o = shiryo(&["publish", s(&sample()), "-o", s(&out)], dir, &[]);
    assert!(o.status.success(), "publish failed:\n{}", stderr(&o));
    let path = out.join(format!("{}.html", shiryo::outputs::publish::prefix(&year).unwrap()));
    assert!(path.is_file(), "publish wrote no {}", path.display());
    (year, path)
}

/// The page's tables and headings as `tests/html_tables.py` reads them.
fn parse(page: &Path) -> Value {
    let script = root().join("tests/html_tables.py");
    let o = python_with("html.parser", "Python's standard library", &[s(&script), s(page)]);
    assert!(o.status.success(), "html_tables.py: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON from html_tables.py")
}

/// One data cell: its text (lines joined by newlines, without the 共同 tag), the texts of its headers, and its tag.
#[derive(Debug)]
struct Td {
    text: String,
    headers: Vec<String>,
    joint: bool,
}

/// The data cells of table `id`, each with its headers' texts; an id naming no `<th>` of the table fails.
fn tds(page: &Value, id: &str) -> Vec<Td> {
    let table = page["tables"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap_or_else(|| panic!("no table {id}"));
    let ths = table["ths"].as_object().unwrap();
    table["tds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|td| Td {
            text: td["text"].as_str().unwrap().to_string(),
            headers: td["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    let h = h.as_str().unwrap();
                    ths.get(h).and_then(Value::as_str).unwrap_or_else(|| panic!("{id}: headers names {h}, no <th> of the table")).to_string()
                })
                .collect(),
            joint: td["joint"].as_bool().unwrap(),
        })
        .collect()
}

/// The units of block columns a cell's headers name: a header is a unit's when it is its
/// name, its column header (a union with its members) or a line of a name cell.
fn units_named(headers: &[String], columns: &[String], year: &Year) -> BTreeSet<String> {
    columns
        .iter()
        .filter(|n| {
            let header = year.unit(n).map(|u| u.header()).unwrap_or_else(|| n.to_string());
            headers.iter().any(|h| *h == header || h.lines().any(|l| l == n.as_str()))
        })
        .cloned()
        .collect()
}

/// The cell showing `text` whose headers name `label` and exactly `units`; else a failure showing the candidates.
fn assert_cell(tds: &[Td], text: &str, label: &str, units: &BTreeSet<String>, columns: &[String], year: &Year, what: &str) -> bool {
    let text = text.trim();
    let same: Vec<&Td> = tds.iter().filter(|t| t.text == text).collect();
    let found = same.iter().find(|t| t.headers.iter().any(|h| h == label) && units_named(&t.headers, columns, year) == *units);
    match found {
        Some(t) => t.joint,
        None => panic!("{what}: no cell {text:?} under {label} and exactly {units:?}; cells with that text: {same:#?}"),
    }
}

/// Every answer of the (a) matrices: a unit's (with its joint partners), a centre's (its
/// members in the block, and 広域), 大台町's halves included, and in the (b) tables
/// each unit's fields and 課題 under the unit and the column.
#[test]
fn every_answer_is_under_its_unit_and_its_item() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, path) = sample_page(tmp.path());
    let page = parse(&path);
    let (mut joint, mut wide, mut halves) = (0, 0, 0);
    for (i, block) in year.blocks.blocks.iter().enumerate() {
        let cols = &block.columns;
        let matrix = tds(&page, &format!("b{}a", i + 1));
        for item in &year.survey.items {
            let label = item.label();
            for name in cols {
                let Some(cell) = year.unit(name).and_then(|u| u.item(&item.key)) else { continue };
                let mut units: BTreeSet<String> = cell.shared_with.iter().filter(|p| cols.contains(p) && year.unit(p).is_some()).cloned().collect();
                units.insert(name.clone());
                let tagged = assert_cell(&matrix, &cell.lines.join("\n"), &label, &units, cols, &year, &format!("{name} {label}"));
                assert_eq!(tagged, units.len() > 1, "{name} {label}: 共同 shown iff joint");
                joint += usize::from(tagged);
                halves += usize::from(name == "大台町");
            }
            for centre in year.centres.iter().filter(|c| c.members.iter().any(|m| cols.contains(m))) {
                let Some(cell) = centre.item(&item.key).filter(|c| !c.lines.is_empty()) else { continue };
                let units: BTreeSet<String> = centre.members.iter().filter(|m| cols.contains(m)).cloned().collect();
                assert_cell(&matrix, &cell.lines.join("\n"), &label, &units, cols, &year, &format!("{} {label}", centre.name));
                let under_wide = matrix.iter().any(|t| t.text == cell.lines.join("\n").trim() && t.headers.iter().any(|h| h == "広域"));
                assert!(under_wide, "{} {label}: under 広域", centre.name);
                wide += 1;
            }
        }
        let table = tds(&page, &format!("b{}b", i + 1));
        let t = &year.survey.table;
        for name in cols {
            let Some(unit) = year.unit(name) else { continue };
            for field in &year.survey.fields {
                let Some(value) = unit.field(&field.key) else { continue };
                let mut units: BTreeSet<String> = value.shared_with.iter().filter(|p| cols.contains(p) && year.unit(p).is_some()).cloned().collect();
                units.insert(name.clone());
                assert_cell(&table, &value.printed().join("\n"), &field.name, &units, cols, &year, &format!("{name} {}", field.name));
            }
            for pair in &unit.pairs {
                let ok = table.iter().any(|c| {
                    c.text == pair.first.trim() && c.headers.contains(&t.first.header) && units_named(&c.headers, cols, &year).contains(name)
                });
                assert!(ok, "{name}: 課題 {:?} under {} and its name", pair.first, t.first.header);
                // A shared entry's rows are dealt out among its owners: each row is under one of them.
                let owners: BTreeSet<String> = pair.shared_with.iter().chain([name]).cloned().collect();
                for row in &pair.rows {
                    for (c, text) in row.iter().enumerate() {
                        let col = &t.columns[c].header;
                        let ok = table.iter().any(|x| {
                            x.text == text.trim() && x.headers.contains(col) && !units_named(&x.headers, cols, &year).is_disjoint(&owners)
                        });
                        assert!(ok, "{name}: {text:?} under {col} and an owner's name");
                    }
                }
            }
        }
    }
    // The sample has all three shapes; a change that loses one must not pass unseen.
    assert!(joint > 0 && wide > 0 && halves > 0, "joint {joint}, 広域 {wide}, 大台町 {halves}");
}

/// The page's frame: doctype, language, title, one h1, an h2 and a captioned table per part.
#[test]
fn the_page_has_a_heading_per_part_and_a_caption_per_table() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, path) = sample_page(tmp.path());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"), "{}", &html[..80]);
    for needle in ["<meta charset=\"utf-8\">", "name=\"viewport\"", "<main>", "<title>平成30年度 三重県在宅医療推進懇話会（資料４）</title>"] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(!html.contains("<script"), "no script");
    let page = parse(&path);
    let h1 = page["h1"].as_array().unwrap();
    assert_eq!(h1.len(), 1);
    assert!(h1[0].as_str().unwrap().contains("三重県在宅医療推進懇話会") && h1[0].as_str().unwrap().contains("平成30年12月12日"), "{h1:?}");
    let h2: Vec<&str> = page["h2"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
    let mut want = vec![year.schedule.title.clone(), year.programmes.titles[0].clone()];
    for b in &year.blocks.blocks {
        want.push(format!("{}（{}）", year.survey.matrix_title, b.label));
        want.push(format!("{}（{}）", year.survey.table_title, b.label));
    }
    assert_eq!(h2, want);
    let tables = page["tables"].as_array().unwrap();
    assert_eq!(tables.len(), want.len());
    for (t, title) in tables.iter().zip(&want) {
        assert_eq!(t["caption"], title.as_str());
    }
}

/// A unit's answer holding markup and an entity shows them as typed.
#[test]
fn typed_markup_stays_text() {
    let (tmp, year_dir) = sample_copy();
    let typed = "・<script>alert(1)</script> &amp; <b>太字</b>";
    edit(&year_dir.join("units/桑名市.toml"), |t| {
        let items = t["items"].as_array_mut().unwrap();
        items[0]["lines"] = toml::Value::Array(vec![toml::Value::String(typed.into())]);
    });
    let year = shiryo::store::load(&year_dir).unwrap();
    let html = shiryo::outputs::html::packet_page(&year, &messages::page_words(Lang::Ja)).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<b>"), "markup escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp;amp;"), "escaped as text");
    let path = tmp.path().join("packet.html");
    std::fs::write(&path, html).unwrap();
    let page = parse(&path);
    assert!(tds(&page, "b1a").iter().any(|t| t.text == typed), "the cell shows what was typed");
}

/// English words for a clerk who reads English; the packet's text stays Japanese.
#[test]
fn english_words_are_marked_english() {
    let year = shiryo::store::load(&sample()).unwrap();
    let html = shiryo::outputs::html::packet_page(&year, &messages::page_words(Lang::En)).unwrap();
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("<span lang=\"en\">joint</span>") && !html.contains(">共同<"), "共同 in English");
}

/// A tool of `target/test-npm` (installed by `bash scripts/test` from tests/npm), else a failure saying so.
fn npm_file(rel: &str) -> PathBuf {
    let path = root().join("target/test-npm/node_modules").join(rel);
    assert!(path.exists(), "{} missing: the tests need npm's html-validate and axe-core (tests/npm/package.json): run `bash scripts/test`, which installs them into target/test-npm", path.display());
    path
}

/// html-validate's recommended rules: no error.
#[test]
fn html_validate_finds_no_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, path) = sample_page(tmp.path());
    let tool = npm_file(".bin/html-validate");
    let config = root().join("tests/npm/htmlvalidate.json");
    let o = Command::new(&tool)
        .args(["--config", s(&config), "--formatter", "text", s(&path)])
        .output()
        .unwrap_or_else(|e| panic!("run {} ({e}): it needs Debian's nodejs; run `bash scripts/test`", tool.display()));
    assert!(o.status.success(), "html-validate:\n{}{}", stdout(&o), stderr(&o));
}

/// axe-core (WCAG 2.0/2.1 A and AA rules) in headless chromium: no serious or critical violation.
#[test]
fn axe_finds_no_serious_violation() {
    let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from).into_iter().find(|p| p.exists());
    let browser = browser.unwrap_or_else(|| panic!("chromium not found: install Debian's chromium, or run `bash scripts/test`"));
    let driver = PathBuf::from("/usr/bin/chromedriver");
    assert!(driver.exists(), "chromedriver not found: install Debian's chromium-driver, or run `bash scripts/test`");
    let axe = npm_file("axe-core/axe.min.js");
    // Kept under target/ for a look: the page and what chromium showed of it.
    let out = root().join("target/publish-html");
    std::fs::create_dir_all(&out).unwrap();
    let (_, path) = sample_page(&out);
    let shot = out.join("packet.png");
    let script = root().join("tests/axe_page.py");
    let o = python_with(
        "selenium",
        "selenium",
        &[s(&script), "--browser", s(&browser), "--driver", s(&driver), "--axe", s(&axe), "--page", s(&path), "--shot", s(&shot)],
    );
    assert!(o.status.success(), "axe:\n{}{}", stdout(&o), stderr(&o));
}
