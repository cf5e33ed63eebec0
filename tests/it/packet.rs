//! The sample packet, built by the binary as a clerk would, read back with
//! poppler: pages, text, order, margins, fonts, reproducibility, escaping.


use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use shiryo::render::layout::{Cell, layout};

/// The sample built once for the tests that only read it.
fn sample_pdf() -> &'static Path {
    static PDF: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, pdf) = PDF.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let pdf = build(&sample(), tmp.path());
        (tmp, pdf)
    });
    pdf
}

const A4: (f64, f64) = (841.89, 595.28);

#[test]
fn every_page_is_landscape_a4() {
    let (sizes, _) = words(sample_pdf());
    assert!(sizes.len() >= 4, "only {} pages", sizes.len());
    for (i, (w, h)) in sizes.iter().enumerate() {
        assert!((w - A4.0).abs() < 1.0 && (h - A4.1).abs() < 1.0, "page {} is {w}×{h}", i + 1);
    }
}

/// Lines of cells in row-major order (cells spanning rows are checked for presence only:
/// Typst lays them out after the rows they span).
fn ordered(cells: &[Cell]) -> (Vec<String>, Vec<String>) {
    // name-cont rows print the unit's name only where a page breaks inside the unit.
    let mut sorted: Vec<&Cell> = cells.iter().filter(|c| c.kind != shiryo::render::grid::CellKind::NameCont).collect();
    sorted.sort_by_key(|c| (c.y, c.x));
    let flat = |c: &&Cell| c.lines.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>();
    let single = sorted.iter().filter(|c| c.rowspan == 1).flat_map(flat).collect();
    let all = sorted.iter().flat_map(flat).collect();
    (single, all)
}

#[test]
fn every_string_is_printed_in_order_within_its_table() {
    let year = shiryo::store::load(&sample()).unwrap();
    let doc = layout(&year).unwrap();
    let text = raw_text(sample_pdf());
    let check = |cells: &[Cell], what: &str| {
        let (single, all) = ordered(cells);
        assert_in_order(&text, &single, what);
        for l in all {
            assert!(text.contains(&squash(&l)), "{what}: {l:?} is missing");
        }
    };
    assert!(text.contains(&squash(&doc.schedule.title)));
    for l in doc.schedule.notes.iter().chain(&doc.programmes.intro).chain(&doc.programmes.notes) {
        assert!(text.contains(&squash(l)), "{l:?} is missing");
    }
    for c in &doc.schedule.cells {
        for l in &c.lines {
            assert!(text.contains(&squash(l)), "schedule: {l:?} is missing");
        }
    }
    check(&doc.programmes.cells, "programmes");
    for b in &doc.blocks {
        check(&b.matrix_grid.cells, &format!("{} matrix", b.label));
        check(&b.table_grid.cells, &format!("{} table", b.label));
        for s in b.summaries.iter().chain([&b.note]) {
            assert!(text.contains(&squash(s)), "{}: {s:?} is missing", b.label);
        }
    }
}

#[test]
fn block_titles_appear_on_their_pages_in_order() {
    let year = shiryo::store::load(&sample()).unwrap();
    let pages = pages_text(sample_pdf());
    let mut last = 0;
    for b in &year.blocks.blocks {
        for kind in ["取組状況", "課題と今後の取組"] {
            let title = squash(&format!("各市町の在宅医療・介護連携に関する{kind}（{}）", b.label));
            let page = pages
                .iter()
                .enumerate()
                .skip(last)
                .find(|(_, p)| squash(p).contains(&title))
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("{title} not found after page {}", last + 1));
            last = page + 1;
        }
    }
}

/// Margins of the template: 1.3 cm left/right, 1.6 cm top (the 資料 box sits in it), 1.5 cm bottom.
/// A word's box is its font's full ascent and descent, which BIZ UD Gothic draws
/// a little beyond the line: 3 pt of slack.
#[test]
fn every_word_lies_inside_the_margins_and_above_the_footer() {
    assert_words_inside(sample_pdf());
}

fn assert_words_inside(pdf: &Path) {
    let cm = 72.0 / 2.54;
    let (sizes, words) = words(pdf);
    let slack = 3.0;
    for w in &words {
        let (pw, ph) = sizes[w.page - 1];
        let footer = w.y0 > ph - 1.5 * cm && w.text.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        let header = w.page == 1 && w.y1 < 1.6 * cm && w.text == "資料４";
        if footer || header {
            continue;
        }
        assert!(
            w.x0 >= 1.3 * cm - slack && w.x1 <= pw - 1.3 * cm + slack && w.y0 >= 1.6 * cm - slack && w.y1 <= ph - 1.5 * cm + slack,
            "page {}: {:?} at ({:.1},{:.1})–({:.1},{:.1}) is outside the margins",
            w.page, w.text, w.x0, w.y0, w.x1, w.y1
        );
    }
}

#[test]
fn embedded_fonts_are_ours_and_subset() {
    let list = poppler("pdffonts", &[sample_pdf().to_str().unwrap()]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        let base = name.split_once('+').map(|(tag, b)| {
            assert_eq!(tag.len(), 6, "{name}: not a subset tag");
            b
        });
        let base = base.unwrap_or_else(|| panic!("{name}: not subset"));
        assert!(base.starts_with("BIZUDPGothic") || base.starts_with("BIZUDGothic"), "{name}: not a font of fonts/");
        // emb sub uni: all yes
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn builds_are_byte_identical_across_time_zone_and_directory() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let year = sample();
    let run = |dir: &Path, tz: &str| {
        let out = dir.join("p.pdf");
        let o = shiryo(&["build", year.to_str().unwrap(), "-o", "p.pdf", "-q"], dir, &[("TZ", tz)]);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(out).unwrap()
    };
    let first = run(a.path(), "Asia/Tokyo");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let second = run(b.path(), "America/New_York");
    assert!(first == second, "two builds differ ({} vs {} bytes)", first.len(), second.len());
}

#[test]
fn emitted_typst_compiles_with_stock_typst_to_the_same_document() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    let o = shiryo(&["build", sample().to_str().unwrap(), "--emit-typst", src.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stock = tmp.path().join("stock.pdf");
    let py = "import sys, typst\n\
              typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)";
    let o = python_with(
        "typst",
        "typst==0.15.2",
        &["-c", py, src.join("main.typ").to_str().unwrap(), stock.to_str().unwrap(), src.join("fonts").to_str().unwrap()],
    );
    assert!(o.status.success(), "stock typst (PyPI's typst==0.15.2) failed: {}", String::from_utf8_lossy(&o.stderr));
    let ours = sample_pdf();
    assert_eq!(page_count(&stock), page_count(ours));
    let (a, b) = (pages_text(&stock), pages_text(ours));
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(squash(x), squash(y), "page {} differs", i + 1);
    }
}

/// Text a municipality typed is data: Typst markup in a cell prints literally.
#[test]
fn markup_in_a_cell_prints_literally() {
    let hostile = r#"#read("/etc/passwd") *bold* $x$ @ref <l> \ {{ x }} #set page(width: 1cm)"#;
    let (tmp, year) = sample_copy();
    let unit = year.join("units/桑名市.toml");
    edit(&unit, |t| {
        let items = t["items"].as_array_mut().unwrap();
        let first = items[0].as_table_mut().unwrap();
        first["lines"] = toml::Value::Array(vec![format!("・{hostile}").into()]);
        t["fields"]["hub"].as_table_mut().unwrap()["text"] = hostile.into();
    });
    let pdf = build(&year, tmp.path());
    let text = raw_text(&pdf);
    assert!(text.matches(&squash(hostile)).count() >= 2, "hostile text not printed literally");
    assert!(!text.contains("root:x:0"), "a file was read");
    let (sizes, _) = words(&pdf);
    assert!(sizes.iter().all(|(w, _)| (w - A4.0).abs() < 1.0), "a cell changed the page size");
}

/// A cell too long for a page: the table continues with its header, title marked （続き）, nothing clipped.
#[test]
fn a_forty_bullet_cell_continues_on_the_next_page() {
    let (tmp, year) = sample_copy();
    let bullets: Vec<String> =
        (1..=40).map(|i| format!("・在宅医療・介護連携の取組その{i}番目について、関係者と協議を実施。")).collect();
    edit(&year.join("units/桑名市.toml"), |t| {
        let items = t["items"].as_array_mut().unwrap();
        let fifth = items.iter_mut().find(|i| i["key"].as_str() == Some("consultation")).unwrap();
        fifth.as_table_mut().unwrap()["lines"] = toml::Value::Array(bullets.iter().map(|b| b.clone().into()).collect());
    });
    let pdf = build(&year, tmp.path());
    let text = raw_text(&pdf);
    for b in &bullets {
        assert!(text.contains(&squash(b)), "{b} is missing");
    }
    let pages = pages_text(&pdf);
    // The block's title, and on a page it continues on 「（桑員区域・続き）」: one bracket pair.
    let title = squash("各市町の在宅医療・介護連携に関する取組状況（桑員区域");
    let on: Vec<usize> = pages.iter().enumerate().filter(|(_, p)| squash(p).contains(&title)).map(|(i, _)| i).collect();
    assert!(on.len() >= 2, "the matrix did not continue: title on pages {on:?}");
    let next = squash(&pages[on[1]]);
    assert!(next.contains(&(title.clone() + "・続き）")), "no 「（桑員区域・続き）」 title on the continued page");
    assert!(!next.contains("）（続き）"), "two bracket pairs");
    assert!(next.contains("項目") && next.contains("桑名市") && next.contains("東員町"), "header not repeated");
    // The item taller than a page is cut between its lines, its label repeated: no row split without it.
    let last = pages.iter().map(|p| squash(p)).find(|p| p.contains(&squash(&bullets[39]))).unwrap();
    // 「・続き）」 in the title and 「（続き）」 after the label 「⑤相談支援」 (its text interleaves with the cell beside it).
    assert!(last.contains("⑤相談支援") && last.matches("続き").count() >= 2, "the label is not repeated:\n{last}");
    assert_words_inside(&pdf);
}

/// A block member without a submission prints 未提出; the build succeeds with a warning.
#[test]
fn a_missing_submission_prints_mishutsu() {
    let (tmp, year) = sample_copy();
    std::fs::remove_file(year.join("units/朝日町.toml")).unwrap();
    let out = tmp.path().join("p.pdf");
    let o = shiryo(&["build", year.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("「朝日町」の提出がありません"), "{}", stderr(&o));
    // On the (a) page one cell down 朝日町's column; on the (b) page its row's cells.
    let pages = pages_text(&out);
    let matrix = pages.iter().find(|p| p.contains("取組状況（三泗区域）")).expect("the (a) page of 三泗区域");
    assert_eq!(matrix.matches("未提出").count(), 1, "{matrix}");
    assert!(raw_text(&out).matches("未提出").count() >= 3);
}

/// A failed build leaves the previous PDF untouched.
#[test]
fn a_failed_build_keeps_the_previous_pdf() {
    let (tmp, year) = sample_copy();
    let out = tmp.path().join("keep.pdf");
    std::fs::write(&out, b"previous").unwrap();
    edit(&year.join("units/桑名市.toml"), |t| {
        t["fields"]["hub"].as_table_mut().unwrap()["text"] = "".into();
    });
    let o = shiryo(&["build", year.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"], tmp.path(), &[]);
    assert!(!o.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(leftovers, 2, "a temporary file was left behind");
}

/// A unit whose 課題 fill more than a page: the 課題 table continues with its
/// header, the title marked （続き）, and the unit's name again in its first row there.
#[test]
fn a_long_issue_list_repeats_the_unit_name_on_the_next_page() {
    let (tmp, year) = sample_copy();
    edit(&year.join("units/鈴鹿市.toml"), |t| {
        let issues: Vec<toml::Value> = (1..=40)
            .map(|i| {
                let mut e = toml::Table::new();
                e.insert("first".into(), format!("課題その{i}：医療・介護関係者の連携の強化").into());
                let row = toml::Value::Array(vec![format!("取組その{i}：多職種連携研修会の開催").into()]);
                e.insert("rows".into(), toml::Value::Array(vec![row]));
                toml::Value::Table(e)
            })
            .collect();
        t["pairs"] = toml::Value::Array(issues);
    });
    let pdf = build(&year, tmp.path());
    let pages = pages_text(&pdf);
    let title = squash("各市町の在宅医療・介護連携に関する課題と今後の取組（鈴亀区域");
    let on: Vec<usize> = pages.iter().enumerate().filter(|(_, p)| squash(p).contains(&title)).map(|(i, _)| i).collect();
    assert!(on.len() >= 2, "the table did not continue: title on pages {on:?}");
    let next = squash(&pages[on[1]]);
    assert!(next.contains(&(title + "・続き）")), "no 「（鈴亀区域・続き）」 title on the continued page");
    assert!(next.contains("市町") && next.contains("今後１年間の主な取組予定"), "header not repeated");
    assert!(next.contains("鈴鹿市"), "the unit's name is not repeated on the continued page");
    let text = raw_text(&pdf);
    for i in 1..=40 {
        assert!(text.contains(&squash(&format!("取組その{i}：多職種連携研修会の開催"))), "取組その{i} is missing");
    }
    assert_words_inside(&pdf);
}

/// Shared and split cells read on paper (issue 14): 「共同」 on the joint cells of p. 4
/// (桑員: 桑名市 with 木曽岬町, いなべ市 with 東員町), 大台町's halves named by their
/// centres on p. 12, its empty 広域 half 「―」, and the item labels broken where
/// survey.toml's display says (④情報共有 / 支援), read back with pdftotext.
#[test]
fn shared_and_split_cells_are_marked_on_the_page() {
    let pages = pages_text(sample_pdf());
    let p4 = &pages[3];
    assert!(p4.matches("共同").count() >= 8, "joint cells of 桑員 are tagged: {p4}");
    let p12 = &pages[11];
    assert!(p12.contains("大台町") && p12.contains("松阪地域") && p12.contains("奥伊勢"), "{p12}");
    assert!(p12.contains('―'), "{p12}");
    let lines: Vec<&str> = p4.lines().map(str::trim).collect();
    assert!(lines.iter().any(|l| l.starts_with("④情報共有") && !l.contains("支援")), "④ breaks after 情報共有: {p4}");
    assert!(!p4.contains("④情報共有支\n") && !pages.iter().any(|p| p.contains("ＮＰ\nＯ")));
}

/// A Latin run wider than its cell (a web address) is kept whole nowhere it cannot be:
/// the packet breaks it, and `check` says so with the file and key; the sample has none.
#[test]
fn check_warns_of_a_run_wider_than_its_cell() {
    let o = shiryo(&["check", sample().to_str().unwrap()], &root(), &[]);
    assert!(o.status.success() && format!("{}{}", stdout(&o), stderr(&o)).contains("問題はありません"), "{}", stderr(&o));
    let (tmp, year) = sample_copy();
    let unit = year.join("units/菰野町.toml");
    let text = std::fs::read_to_string(&unit).unwrap().replacen(
        "・医療・介護資源リスト・マップを作成",
        "・医療・介護資源リスト・マップを作成（https://www.town.komono.example.jp/kenko/zaitaku/iryou-kaigo/map2018.html）",
        1,
    );
    std::fs::write(&unit, text).unwrap();
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(o.status.success(), "a warning, not an error: {said}");
    assert!(
        said.contains("units/菰野町.toml items[key=resources].lines: 警告: 「www.town.komono.example.jp/kenko/zaitaku/iryou」は欄の幅より長いため"),
        "{said}"
    );
}

/// Every character drawn: 𠮷, which BIZ UD lacks, prints from the embedded fallback without a word; a
/// 外字 of the Private Use Area that no font has is a warning of `check` and `build` naming file, key and code point.
#[test]
fn a_character_no_font_has_is_warned_and_a_rare_one_is_drawn() {
    let (tmp, year) = sample_copy();
    edit(&year.join("units/桑名市.toml"), |t| {
        let items = t["items"].as_array_mut().unwrap();
        let first = items[0].as_table_mut().unwrap();
        first["lines"] = toml::Value::Array(vec!["・𠮷田地区の医療・介護資源リストを作成。".into(), "・外字\u{E000}の地区".into()]);
    });
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(said.contains("units/桑名市.toml") && said.contains("U+E000"), "{said}");
    assert!(!said.contains("U+20BB7"), "𠮷 is drawn, not warned of: {said}");
    let out = tmp.path().join("p.pdf");
    let o = shiryo(&["build", year.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+E000"), "build does not warn: {}", stderr(&o));
    let text = raw_text(&out);
    assert!(text.contains("𠮷田地区"), "𠮷 is not in the packet's text");
    // Drawn from the fallback: the PDF embeds Noto Sans CJK JP's subset.
    let fonts = std::process::Command::new("pdffonts").arg(&out).output().expect("pdffonts (Debian package poppler-utils)");
    assert!(String::from_utf8_lossy(&fonts.stdout).contains("NotoSansCJKjp"), "{}", String::from_utf8_lossy(&fonts.stdout));
}
