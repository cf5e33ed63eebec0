//! A second, differently shaped survey (`inputs/dementia`, 奈良県 認知症施策): eight
//! items （ア）–（ク） of which four are answered by 広域 centres, three fields of the
//! unit (bracketed, text not shareable, lines), a paired table of three columns
//! (課題 → 対応策, 実施時期). Nothing of the 2018 survey may leak into its packet,
//! forms, findings or diff.


use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use shiryo::model::Year;

const Y2024: &str = "inputs/dementia/2024";
const Y2025: &str = "inputs/dementia/2025";

fn load(rel: &str) -> Year {
    shiryo::store::load(&root().join(rel)).expect("the sample year loads")
}

/// A copy of a year of the sample in `tmp`, without its units' and centres' TOML.
fn empty_copy(rel: &str, tmp: &Path, name: &str) -> PathBuf {
    let year = tmp.join(name);
    copy_dir(&root().join(rel), &year);
    for sub in ["units", "centres"] {
        for e in std::fs::read_dir(year.join(sub)).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
    }
    year
}

/// Runs tests/survey2_edit.py (openpyxl) with `args`.
fn openpyxl(args: &[&str]) {
    let script = root().join("tests/survey2_edit.py");
    let mut all = vec![s(&script)];
    all.extend_from_slice(args);
    let o = python_with("openpyxl", "openpyxl==3.1.5 (scripts/test-requirements.txt)", &all);
    assert!(o.status.success(), "survey2_edit.py {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn both_years_check_clean_and_are_canonical() {
    for rel in [Y2024, Y2025] {
        let o = shiryo(&["check", rel], &root(), &[]);
        assert!(o.status.success(), "{rel}: {}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("問題はありません"), "{rel}: {}", stdout(&o));
        let tmp = tempfile::tempdir().unwrap();
        let copy = tmp.path().join("year");
        copy_dir(&root().join(rel), &copy);
        let o = shiryo(&["fmt", s(&copy)], tmp.path(), &[]);
        assert!(o.status.success(), "{rel}: {}", stderr(&o));
        let o = Command::new("diff").args(["-r", s(&root().join(rel)), s(&copy)]).output().expect("diff");
        assert!(o.status.success(), "{rel} is not canonical:\n{}", String::from_utf8_lossy(&o.stdout));
    }
    // A paired table's rows of two columns are one row a line in the canonical TOML.
    let text = std::fs::read_to_string(root().join(Y2024).join("units/五條市.toml")).unwrap();
    assert!(text.contains("rows = [\n    [\"出張相談会の開催\", \"令和６年度～\"],\n    [\"民生委員との連携による早期把握\", \"令和７年度\"],\n]\n"), "{text}");
}

/// 2025 is what its committed script makes of 2024 (then `shiryo fmt`).
#[test]
fn the_second_year_is_derived_by_its_script() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join(Y2024), &tmp.path().join(Y2024));
    let script = root().join(Y2025).join("derive-from-2024.py");
    let o = Command::new(python()).arg(&script).current_dir(tmp.path()).output().expect("run python");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let derived = tmp.path().join(Y2025);
    let o = shiryo(&["fmt", s(&derived)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new("diff")
        .args(["-r", "-x", "README.md", "-x", "derive-from-2024.py", s(&root().join(Y2025)), s(&derived)])
        .output()
        .expect("diff");
    assert!(o.status.success(), "inputs/dementia/2025 differs from what its script derives:\n{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn the_packet_prints_the_surveys_own_items_fields_and_table() {
    for rel in [Y2024, Y2025] {
        let year = load(rel);
        let tmp = tempfile::tempdir().unwrap();
        let pdf = build(&root().join(rel), tmp.path());
        assert_eq!(page_count(&pdf), 2 + 2 * year.blocks.blocks.len(), "{rel}: schedule, programmes and two pages per block");
        // A page's text in reading order (`pdftotext -raw`), squashed.
        let page = |n: usize| squash(&poppler("pdftotext", &["-raw", "-f", &n.to_string(), "-l", &n.to_string(), s(&pdf), "-"]));
        let text = raw_text(&pdf);
        let survey = &year.survey;
        let mut needles: Vec<String> = survey.items.iter().map(|i| i.display()).collect();
        needles.extend(survey.fields.iter().map(|f| f.name.clone()));
        needles.push(survey.table.unit_header.clone());
        needles.push(survey.table.first.header.clone());
        needles.extend(survey.table.columns.iter().map(|c| c.header.clone()));
        for b in &year.blocks.blocks {
            needles.push(format!("{}（{}）", survey.matrix_title, b.label));
            needles.push(format!("{}（{}）", survey.table_title, b.label));
        }
        for n in &needles {
            assert!(text.contains(&squash(n)), "{rel}: {n} is not in the packet");
        }
        // Each block's (a) page lists the items in the survey's order; its (b) page has the headers in order.
        for (i, b) in year.blocks.blocks.iter().enumerate() {
            let a = page(3 + 2 * i);
            let labels: Vec<String> = survey.items.iter().map(|i| i.display()).collect();
            assert_in_order(&a, &labels, &format!("{rel} {} (a)", b.label));
            let heads: Vec<String> = std::iter::once(survey.table.unit_header.clone())
                .chain(survey.fields.iter().map(|f| f.name.clone()))
                .chain(std::iter::once(survey.table.first.header.clone()))
                .chain(survey.table.columns.iter().map(|c| c.header.clone()))
                .collect();
            assert_in_order(&page(4 + 2 * i), &heads, &format!("{rel} {} (b)", b.label));
        }
        // The answers of the three-column table, the bracketed, text and lines fields, the 広域 row.
        for n in [
            "中山間地域で相談につながりにくい",
            "民生委員との連携による早期把握",
            "（五條市地域包括支援センター内）",
            "３名（地域包括支援センター）",
            "・中山間地域における相談体制の確保",
            "広域",
            "・２町合同で行方不明者の捜索模擬訓練を実施。",
        ] {
            assert!(text.contains(&squash(n)), "{rel}: {n} missing");
        }
        // The survey's own word for its units: 「市町村単独」 beside 広域, never 「市町単独」.
        assert!(text.contains("市町村単独"), "{rel}: no 市町村単独");
        // Nothing of the 2018 survey.
        for n in ["①資源の把握", "連携拠点", "目指すべき方向性", "今後１年間の主な取組予定", "市町単独"] {
            assert!(!text.contains(&squash(n)), "{rel}: {n} of the 2018 survey is in the packet");
        }
        if rel == Y2025 {
            assert!(text.contains(&squash("（ケ）市町村計画の策定")) && text.contains(&squash("（ク）チームオレンジ等による本人・家族の支援")));
            assert!(!text.contains(&squash("（ク）チームオレンジの整備")), "the old name of （ク） is gone in 2025");
        }
    }
}

/// Forms written by shiryo, re-saved by LibreOffice (.xlsx, .ods) and edited by openpyxl,
/// ingested into the year without its answers: the same TOML, byte for byte.
#[test]
fn forms_through_libreoffice_and_openpyxl_ingest_to_the_same_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let year = load(Y2024);
    let forms = t.join("forms");
    let o = shiryo(&["form", Y2024, "-o", s(&forms)], &root(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<PathBuf> = year.units.iter().map(|u| forms.join(shiryo::intake::form::unit_file(&u.name))).collect();
    files.extend(year.centres.iter().map(|c| forms.join(shiryo::intake::form::centre_file(&c.name))));
    assert_eq!(files.len(), 7, "six units and a centre");
    let only = t.join("shiryo");
    std::fs::create_dir(&only).unwrap();
    for f in &files {
        std::fs::copy(f, only.join(f.file_name().unwrap())).unwrap();
    }
    let (xlsx, ods, edited) = (t.join("libreoffice-xlsx"), t.join("libreoffice-ods"), t.join("openpyxl"));
    soffice("xlsx:Calc MS Excel 2007 XML", &files, &xlsx, t);
    soffice("ods", &files, &ods, t);
    let survey = &year.survey;
    openpyxl(&["same", s(&xlsx), s(&edited), &survey.items_sheet, &survey.table_sheet, &survey.table.first.header]);
    for (name, folder) in [("shiryo", &only), ("libreoffice-xlsx", &xlsx), ("libreoffice-ods", &ods), ("openpyxl", &edited)] {
        let target = empty_copy(Y2024, t, &format!("year-{name}"));
        let o = shiryo(&["ingest", s(folder), "--year", s(&target), "--report", s(&t.join(format!("{name}.md")))], t, &[]);
        let out = stdout(&o);
        assert!(o.status.success(), "{name}: {out}{}", stderr(&o));
        assert!(!out.contains("取り込んでいません"), "{name}: nothing ignored: {out}");
        for sub in ["units", "centres"] {
            let mut want: Vec<_> = std::fs::read_dir(root().join(Y2024).join(sub)).unwrap().map(|e| e.unwrap().file_name()).collect();
            want.sort();
            let mut got: Vec<_> = std::fs::read_dir(target.join(sub)).unwrap().map(|e| e.unwrap().file_name()).collect();
            got.sort();
            assert_eq!(want, got, "{name}: {sub}");
            for f in want {
                let (a, b) = (std::fs::read(root().join(Y2024).join(sub).join(&f)).unwrap(), std::fs::read(target.join(sub).join(&f)).unwrap());
                assert!(a == b, "{name}: {sub}/{} differs:\n{}", f.to_string_lossy(), String::from_utf8_lossy(&b));
            }
        }
    }
}

/// Findings name the survey's own items and fields, and the cell: in a form edited by
/// openpyxl, and in the TOML (`check`).
#[test]
fn findings_name_the_surveys_own_fields_and_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let forms = t.join("forms");
    let o = shiryo(&["form", Y2024, "--unit", "五條市", "-o", s(&forms)], &root(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let inbox = t.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // B4: 認知症地域支援推進員 (required, not shareable; its D is no answer cell); C3: （ア）.
    openpyxl(&["blank", s(&forms.join("五條市.xlsx")), s(&inbox.join("五條市.xlsx")), "体制と課題!B4", "取組状況!C3", "体制と課題!D4=吉野町"]);
    let year = t.join("year");
    copy_dir(&root().join(Y2024), &year);
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year), "--report", s(&t.join("r.md"))], t, &[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for needle in [
        "五條市.xlsx → 五條市: 不受理",
        "五條市.xlsx 体制と課題!B4: 「認知症地域支援推進員」が空欄です。",
        "五條市.xlsx 取組状況!C3: （ア）普及啓発・本人発信支援 が空欄です。",
        "五條市.xlsx 体制と課題!D4: 記入欄の外の「吉野町」は取り込んでいません",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
    assert!(std::fs::read(root().join(Y2024).join("units/五條市.toml")).unwrap() == std::fs::read(year.join("units/五條市.toml")).unwrap(), "a rejected form changes nothing");
    // The TOML: （ア） left out, the unshareable field shared, the lines field written as text.
    edit(&year.join("units/五條市.toml"), |u| {
        let items = u["items"].as_array_mut().unwrap();
        items.retain(|i| i["key"].as_str() != Some("awareness"));
        let fields = u["fields"].as_table_mut().unwrap();
        fields["coordinators"].as_table_mut().unwrap().insert("shared_with".into(), toml::Value::Array(vec!["吉野町".into()]));
        fields.insert("priorities".into(), toml::Value::Table([("text".to_string(), toml::Value::from("相談体制"))].into_iter().collect()));
    });
    let o = shiryo(&["check", s(&year)], t, &[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for needle in [
        "units/五條市.toml items[key=awareness]: エラー: （ア）普及啓発・本人発信支援 がありません。",
        "units/五條市.toml fields.coordinators.shared_with: エラー: この欄は他の市町村と共同にできません（survey.toml で shareable",
        "units/五條市.toml fields.priorities.lines: エラー: この欄は行の並び（lines）で記入します。",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
}

#[test]
fn the_diff_shows_the_renamed_and_the_added_item() {
    let o = shiryo(&["diff", Y2024, Y2025], &root(), &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    let survey = out.split("■ ").nth(1).expect("sections");
    assert!(survey.starts_with("調査の項目\n"), "the survey's section comes first:\n{out}");
    assert!(survey.contains("名称の変更: （ク）チームオレンジの整備 → （ク）チームオレンジ等による本人・家族の支援"), "{out}");
    assert!(survey.contains("追加: （ケ）市町村計画の策定"), "{out}");
    for needle in [
        "■ 生駒市（西和区域）\n  （ク）チームオレンジ等による本人・家族の支援\n",
        "変更: ・市内２圏域でチームオレンジを設置。\n      → ・市内３圏域でチームオレンジを設置。",
        "  （ケ）市町村計画の策定\n    追加: ・令和８年度に策定予定。",
        "追加: 意思決定支援の考え方が関係者に浸透していない → 意思決定支援ガイドラインの研修を関係者向けに実施／令和７年度～",
        // A row under the same 課題 changed in one column (実施時期) is 変更 of that row, not 削除 and 追加.
        "変更: 支援が必要な人の把握の遅れ → もの忘れ相談の周知／令和６年度\n      → 支援が必要な人の把握の遅れ → もの忘れ相談の周知／令和７年度",
        "■ 吉野・大淀認知症連携支援センター（南和区域）",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
}

/// The appendix of changes heads its unit column with the survey's own header (市町村, not 2018's 市町).
#[test]
fn the_appendix_of_changes_heads_the_unit_column_as_the_survey_does() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("2025.pdf");
    let o = shiryo(&["build", Y2025, "-o", s(&pdf), "-q", "--with-changes", Y2024], &root(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = page_count(&pdf);
    assert_eq!(pages, 6 + 1, "both blocks' changes packed on one appendix page");
    let text = squash(&poppler("pdftotext", &["-raw", "-f", &pages.to_string(), s(&pdf), "-"]));
    assert!(text.contains("からの変更") && text.contains("市町村項目区分"), "{text}");
    let item = "（ケ）市町村計画の策定追加";
    assert_in_order(&text, &["西和区域", item, "南和区域", item].map(String::from), "the added item in each block");
}

/// `form --previous` pre-fills by item key: the renamed （ク） keeps last year's lines under its new
/// name, the added （ケ） is asked blank, and an item's row is where its mark is.
#[test]
fn the_next_years_forms_are_pre_filled_by_item_key() {
    let tmp = tempfile::tempdir().unwrap();
    let year = empty_copy("inputs/dementia/2025", tmp.path(), "2025");
    let forms = tmp.path().join("forms");
    let last = root().join("inputs/dementia/2024");
    let o = shiryo(&["form", s(&year), "--unit", "生駒市", "--previous", s(&last), "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = shiryo::intake::ingest::read::read(&std::fs::read(forms.join("生駒市.xlsx")).unwrap()).unwrap();
    let survey = load("inputs/dementia/2025").survey;
    let sheet = book.sheet(&survey.items_sheet).unwrap();
    let text = |r: u32, c: u16| match sheet.cells.get(&(r, c)) {
        Some(shiryo::intake::ingest::read::Value::Text(t)) => t.to_string(),
        _ => String::new(),
    };
    let row_of = |mark: &str| (0..60).find(|&r| text(r, 0) == mark).unwrap_or_else(|| panic!("no row {mark}"));
    let renamed = survey.item("team_orange").unwrap();
    let r = row_of(&renamed.mark);
    assert_eq!(text(r, 1), renamed.name, "the item's new name on the form");
    let before = load("inputs/dementia/2024");
    let lines = &before.unit("生駒市").unwrap().item("team_orange").unwrap().lines;
    assert_eq!(text(r, 2), lines.join("\n"), "last year's lines under the same key");
    let added = survey.item("municipal_plan").unwrap();
    assert!(before.survey.item("municipal_plan").is_none());
    assert_eq!(text(row_of(&added.mark), 2), "", "the new item is asked blank");
}

/// The sheet's cell as text (calamine).
fn cell(book: &[u8], sheet: &str, (row, col): (u32, u32)) -> String {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.to_vec())).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.get_value((row, col)).map(|v| v.to_string()).unwrap_or_default()
}

#[test]
fn the_forms_name_units_by_the_surveys_word_and_a_version_5_form_reads_the_same() {
    use shiryo::intake::form::{self, Answers};
    let year = load(Y2025);
    assert_eq!(year.survey.unit_word(), "市町村");
    // A unit of a block with centres (its answers are 市町村単独) and a union (members in D1).
    let own = year.units.iter().find(|u| !form::FormLayout::unit(&year, &u.name, Some(u)).required()).expect("a unit under a centre");
    let layout = form::FormLayout::unit(&year, &own.name, Some(own));
    assert_eq!(layout.meta.version, 6);
    let v6 = form::workbook(&layout, &Answers::Unit(Some(own))).unwrap();
    let items = &year.survey.items_sheet;
    let head = (0..10).find(|&r| cell(&v6, items, (r, 0)) == "番号").expect("the items' header row");
    assert_eq!(cell(&v6, items, (head, 2)), "取組状況（市町村単独）");
    assert_eq!(cell(&v6, items, (head, 3)), "共同実施の相手（市町村名を「、」区切り）");
    let guide = (0..40).map(|r| cell(&v6, "案内", (r, 1))).collect::<Vec<_>>().join("\n");
    assert!(guide.contains("他の市町村と共同で実施している欄は") && !guide.contains("他の市町と"), "{guide}");
    // The same form as version 5 wrote it: 市町 in its labels, and it reads to the same TOML without a word.
    // The reader builds the layout of the version it finds; the writer writes any version's from it.
    let v5_layout = form::FormLayout::new(form::Meta { version: 5, ..layout.meta.clone() }, &year.survey);
    let v5 = form::workbook(&v5_layout, &Answers::Unit(Some(own))).unwrap();
    assert_eq!(cell(&v5, items, (head, 2)), "取組状況（市町単独）");
    let tmp = tempfile::tempdir().unwrap();
    let mut read = Vec::new();
    for (name, book) in [("v6", &v6), ("v5", &v5)] {
        let dir = empty_copy(Y2025, tmp.path(), name);
        let inbox = tmp.path().join(format!("{name}-in"));
        std::fs::create_dir_all(&inbox).unwrap();
        std::fs::write(inbox.join(format!("{}.xlsx", own.name)), book).unwrap();
        let o = shiryo(&["ingest", s(&inbox), "--year", s(&dir)], tmp.path(), &[("SHIRYO_NOW", "2025-11-13T00:00:00Z")]);
        assert!(o.status.success(), "{name}: {}{}", stdout(&o), stderr(&o));
        assert!(!stdout(&o).contains("警告") && !stdout(&o).contains("エラー"), "{name}: no finding: {}", stdout(&o));
        read.push(std::fs::read_to_string(dir.join(format!("units/{}.toml", own.name))).unwrap());
    }
    assert_eq!(read[0], read[1], "a version-5 form reads to the same TOML");
    assert_eq!(read[0], std::fs::read_to_string(root().join(Y2025).join(format!("units/{}.toml", own.name))).unwrap());
}
