//! Year over year: the 2018 → 2019 diff as a golden file, and the appendix it adds to the packet.


use crate::common::*;

#[test]
fn the_2018_to_2019_diff_matches_the_golden_file() {
    let o = shiryo(&["diff", "inputs/2018", "inputs/2019"], &root(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let golden = std::fs::read_to_string(root().join("tests/golden/diff-2018-2019.txt")).unwrap();
    assert_eq!(stdout(&o), golden, "the diff changed; if on purpose, regenerate tests/golden/diff-2018-2019.txt");
    // What the golden file must hold, said plainly.
    for needle in [
        "削除: バックベッドの利用 → バックベッド利用体制の整備",
        "追加: 人生の最終段階における意思決定支援",
        "を設置し地域包括支援センターと",
        "■ いなべ・東員在宅医療・介護連携支援センター（桑員区域）［新規］",
        "追加: ・令和元年７月に２市町共同で設置し",
        "新たに加わった提出単位・広域: いなべ・東員在宅医療・介護連携支援センター",
        "今年度は提出がない（前年度はあり）: 川越町",
    ] {
        assert!(golden.contains(needle), "{needle}");
    }
    // 名張市 typed 4 where 2018 had ４: width alone is no change (compared as a reader does).
    assert!(!golden.contains("名張市"), "a change of width alone is in the diff");
}

#[test]
fn a_diff_of_a_year_with_itself_is_empty() {
    let o = shiryo(&["diff", "inputs/2018", "inputs/2018"], &root(), &[]);
    assert_eq!(stdout(&o), "変更はありません。\n");
}

/// The 2019 packet with its appendix of changes since 2018, built once.
fn appendix_pdf() -> &'static std::path::Path {
    static PDF: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> = std::sync::OnceLock::new();
    &PDF.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("2019.pdf");
        let o = shiryo(&["build", "inputs/2019", "-o", out.to_str().unwrap(), "-q", "--with-changes", "inputs/2018"], &root(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        (tmp, out)
    })
    .1
}

#[test]
fn the_appendix_packs_every_block_into_one_table_on_fewer_pages() {
    let pdf = appendix_pdf();
    let pages = pages_text(pdf);
    let start = pages.iter().position(|p| squash(p).contains("平成30年度からの変更")).expect("an appendix");
    // One block per mostly empty page made 4 pages for 2019; packed, the eight units' changes take one.
    assert_eq!(pages.len() - start, 1, "appendix pages");
    let first = (start + 1).to_string();
    let text = squash(&poppler("pdftotext", &["-raw", "-f", &first, pdf.to_str().unwrap(), "-"]));
    assert_in_order(
        &text,
        &[
            "平成30年度からの変更",
            "市町項目区分平成30年度令和元年度",
            "桑員区域",
            "桑名市課題と取組削除バックベッドの利用",
            // A new centre's lines, not a blank row.
            "いなべ・東員在宅医療・介護連携支援センター",
            "⑤相談支援新規",
            "・令和元年７月に２市町共同で設置し、医療・介護関係者からの相談",
            "三泗区域",
            // The matrix's word for a unit that has not answered.
            "川越町―未提出",
            "鈴亀区域",
            "人生の最終段階における意思決定支援",
            "津区域・伊賀区域",
        ]
        .map(String::from),
        "appendix",
    );
    assert!(!text.contains("提出なし"), "one word for 未提出");
    // 名張市 typed 4 where it had ４: width alone is no change, and no row says it is.
    assert!(!text.contains("名張市⑤相談支援変更"), "a change of width alone is in the appendix");
    assert!(!text.contains("東紀州区域"), "a block without changes got a section");
    // The derived year's meeting box on page 1 carries the meeting's date.
    assert!(pages[0].contains("12/11") && !pages[0].contains("12/12"), "{}", pages[0]);
}

#[test]
fn emitted_data_carries_the_appendix_as_marked_runs_of_strings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("typst");
    let o = shiryo(
        &["build", "inputs/2019", "--emit-typst", dir.to_str().unwrap(), "-q", "--with-changes", "inputs/2018"],
        &root(),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("data.json")).unwrap()).unwrap();
    let rows: Vec<&serde_json::Value> =
        data["changes"]["blocks"].as_array().unwrap().iter().flat_map(|b| b["rows"].as_array().unwrap()).collect();
    let marked = |unit: &str, side: &str, op: &str| -> Vec<String> {
        let row = rows.iter().find(|r| r["unit"] == unit).unwrap_or_else(|| panic!("no row of {unit}"));
        row[side].as_array().unwrap().iter().filter(|s| s["op"] == op).map(|s| s["text"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(marked("朝日町", "old", "delete"), ["、"]);
    assert!(marked("朝日町", "new", "insert").is_empty());
    // 名張市's ４ → 4 alone: no row (width is no change).
    assert!(rows.iter().all(|r| r["unit"] != "名張市"), "a change of width alone has a row");
    assert_eq!(marked("鈴鹿市", "old", "delete"), ["現在、情報収集中"]);
    assert_eq!(marked("鈴鹿市", "new", "insert"), ["令和元年度中に作成予定"]);
}

/// A glyph or a rule of a page, in page coordinates (points, y down).
#[derive(Debug)]
enum Mark {
    Glyph { text: String, x0: f64, x1: f64, baseline: f64, size: f64 },
    Rule { x0: f64, x1: f64, y: f64 },
}

/// Every glyph and horizontal line of a typeset frame, groups' transforms applied.
fn marks(frame: &typst::layout::Frame, ts: typst::layout::Transform, out: &mut Vec<Mark>) {
    use typst::layout::{FrameItem, Point, Transform};
    use typst::visualize::Geometry;
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform);
                marks(&g.frame, inner, out);
            }
            FrameItem::Text(t) => {
                let mut x = pos.x;
                for g in &t.glyphs {
                    let w = g.x_advance.at(t.size);
                    let a = Point::new(x, pos.y).transform(ts);
                    let b = Point::new(x + w, pos.y).transform(ts);
                    let text = t.text[g.range()].to_string();
                    out.push(Mark::Glyph { text, x0: a.x.to_pt(), x1: b.x.to_pt(), baseline: a.y.to_pt(), size: t.size.to_pt() });
                    x += w;
                }
            }
            FrameItem::Shape(s, _) => {
                if let Geometry::Line(to) = s.geometry
                    && to.y.to_pt().abs() < 0.01
                    && s.stroke.is_some()
                {
                    let a = pos.transform(ts);
                    let b = (*pos + to).transform(ts);
                    out.push(Mark::Rule { x0: a.x.to_pt().min(b.x.to_pt()), x1: a.x.to_pt().max(b.x.to_pt()), y: a.y.to_pt() });
                }
            }
            _ => {}
        }
    }
}

/// Whether a glyph `text` on the page has a line through its middle (struck) or just under its baseline (underlined).
fn marked_glyph(page: &[Mark], text: &str, struck: bool) -> bool {
    page.iter().any(|g| {
        let Mark::Glyph { text: t, x0, x1, baseline, size } = g else { return false };
        let mid = (x0 + x1) / 2.0;
        t == text
            && page.iter().any(|r| {
                let Mark::Rule { x0: r0, x1: r1, y } = r else { return false };
                let across = *r0 <= mid && mid <= *r1;
                let height = if struck { baseline - size * 0.6 < *y && *y < *baseline } else { *baseline <= *y && *y < baseline + size * 0.3 };
                across && height
            })
    })
}

#[test]
fn a_dropped_comma_is_struck_and_an_added_run_underlined_on_the_page() {
    let options = shiryo::outputs::pipeline::Options {
        with_changes: Some(root().join("inputs/2018")),
        ..Default::default()
    };
    let doc = shiryo::outputs::pipeline::typeset(&root().join("inputs/2019"), &options, &mut |_| {}).unwrap().doc;
    let last = doc.pages().last().unwrap();
    let mut page = Vec::new();
    marks(&last.frame, typst::layout::Transform::identity(), &mut page);
    assert!(marked_glyph(&page, "、", true), "朝日町's dropped 、 is struck through");
    // 鈴鹿市's new words are underlined, its old ones struck, never the other way.
    assert!(marked_glyph(&page, "令", false), "鈴鹿市's 令和元年度 is underlined");
    assert!(!marked_glyph(&page, "令", true), "the new words are not struck");
    assert!(marked_glyph(&page, "収", true), "鈴鹿市's 情報収集中 is struck through");
    // Kept text is not marked: 朝日町's line is unchanged but for the comma.
    assert!(!marked_glyph(&page, "括", true) && !marked_glyph(&page, "括", false), "kept characters are plain");
}

/// Every TOML file under `dir`, by relative path, with its text.
fn tomls(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for sub in ["", "units", "centres"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        for e in entries.map(Result::unwrap).filter(|e| e.path().extension().is_some_and(|x| x == "toml")) {
            let name = format!("{sub}/{}", e.file_name().to_string_lossy());
            out.insert(name, std::fs::read_to_string(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn the_committed_2019_year_is_what_its_script_writes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&sample(), &tmp.path().join("inputs/2018"));
    let script = tmp.path().join("inputs/2019/derive-from-2018.py");
    std::fs::create_dir_all(script.parent().unwrap()).unwrap();
    std::fs::copy(root().join("inputs/2019/derive-from-2018.py"), &script).unwrap();
    // Twice: a second run over its own output changes nothing.
    for _ in 0..2 {
        let o = std::process::Command::new(python()).arg(&script).current_dir(tmp.path()).output().expect("run python");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let o = shiryo(&["fmt", "inputs/2019"], tmp.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(tomls(&tmp.path().join("inputs/2019")), tomls(&root().join("inputs/2019")), "run the script and fmt again");
    }
    let derived = tomls(&root().join("inputs/2019"));
    // The meeting's own box on page 1 carries the meeting's date; 川越町's figures are gone with its answers.
    assert!(derived["/packet.toml"].contains("date = \"2019-12-11\""));
    assert!(derived["/schedule.toml"].contains("label = \"懇話会\"\ndate = \"2019-12-11\""));
    assert!(!derived["/schedule.toml"].contains("2019-12-12"));
    assert!(!derived["/blocks.toml"].contains("川越町の高齢化率"));
}

#[test]
fn a_changed_line_that_looks_like_markup_prints_literally() {
    let tmp = tempfile::tempdir().unwrap();
    let year = tmp.path().join("2019");
    copy_dir(&root().join("inputs/2019"), &year);
    let unit = year.join("units/津市.toml");
    let text = std::fs::read_to_string(&unit).unwrap();
    let typed = "・医療・介護資源マップを作成し、*強調* #eval(1+1) $x$ <ラベル> で公開。";
    let text = text.replacen("・医療・介護資源マップを作成し、ホームページで公開。", typed, 1);
    assert!(text.contains(typed));
    std::fs::write(&unit, text).unwrap();
    let out = tmp.path().join("2019.pdf");
    let args = ["build", year.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q", "--with-changes", "inputs/2018"];
    let o = shiryo(&args, &root(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let last = page_count(&out).to_string();
    let page = squash(&poppler("pdftotext", &["-raw", "-f", &last, "-l", &last, out.to_str().unwrap(), "-"]));
    assert!(page.contains(&squash(typed)), "{page}");
}
