//! Bullets typed with other marks: 「･」「•」「●」「-」… read as 「・」 and said
//! at their cell; a lone dash read as 「―」; headings and numbering kept; a
//! cell opening with a note warned about. `check` says the same of the TOML.



use crate::common::*;

/// 桑名市's form with ⑤ and ⑧–⑩ (its own cells, not joint ones) typed as an office might, ingested into a copy of the sample.
#[test]
fn other_marks_are_read_as_bullets_and_said_at_their_cell() {
    let (tmp, year, forms, inbox) = sample_with_form("桑名市");
    let edit = "import openpyxl, sys\n\
        wb = openpyxl.load_workbook(sys.argv[1]); ws = wb['取組状況']\n\
        ws['C7'] = '･相談対応を実施。\\n● 窓口を設置。\\n- 夜間も対応。\\n＊　訪問も実施。'\n\
        ws['C11'] = '-'\n\
        ws['C12'] = '（注）昨年度から継続。\\n・講演会を実施。'\n\
        ws['C10'] = '○市の取組\\n1.協議会を開催。\\n・(1)近隣市町と協議。'\n\
        wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, s(&forms.join("桑名市.xlsx")), s(&inbox.join("桑名市.xlsx"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("桑名市.xlsx → 桑名市: 受理（注意あり）"), "{out}");
    for c in ['･', '●', '-', '＊'] {
        assert!(out.contains(&format!("取組状況!C7: 「{c}」で始まる行を「・」で始まる取組として読みました。")), "{c}: {out}");
    }
    assert!(out.contains("取組状況!C11: 「-」だけの行を「―」（取組なし）として読みました。"), "{out}");
    assert!(out.contains("取組状況!C12: 最初の行が「・」で始まっていないため"), "{out}");
    assert!(!out.contains("取組状況!C10"), "headings and numbering are kept without a word: {out}");
    let unit = shiryo::store::load(&year).unwrap().unit("桑名市").unwrap().clone();
    let lines = |key: &str| unit.item(key).unwrap().lines.clone();
    assert_eq!(lines("consultation"), ["・相談対応を実施。", "・窓口を設置。", "・夜間も対応。", "・訪問も実施。"]);
    assert_eq!(lines("case_manuals"), ["―"]);
    assert_eq!(lines("family_networks"), ["（注）昨年度から継続。", "・講演会を実施。"]);
    assert_eq!(lines("inter_municipal"), ["○市の取組", "1.協議会を開催。", "・(1)近隣市町と協議。"]);
    let report = std::fs::read_to_string(year.join("reports/取込結果.md")).unwrap();
    assert!(report.contains("取組状況!C7") && report.contains("「●」で始まる行"), "the report lists each replacement: {report}");
}

#[test]
fn check_says_the_same_of_the_toml() {
    let (tmp, year) = sample_copy();
    edit(&year.join("units/津市.toml"), |t| {
        let items = t["items"].as_array_mut().unwrap();
        let cell = items[0].as_table_mut().unwrap();
        cell["lines"] = toml::Value::Array(vec!["（注）継続".into(), "•資源マップを作成。".into(), "－".into()]);
    });
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    let out = stdout(&o) + &stderr(&o);
    assert!(o.status.success(), "warnings only: {out}");
    let at = "units/津市.toml items[key=resources].lines: 警告:";
    assert!(out.contains(&format!("{at} 「•」で始まる行があります")), "{out}");
    assert!(out.contains(&format!("{at} 「－」だけの行があります")), "{out}");
    assert!(out.contains(&format!("{at} 最初の行が「・」で始まっていない")), "{out}");
    // The sample itself: nothing.
    let o = shiryo(&["check", s(&sample())], tmp.path(), &[]);
    assert!(stdout(&o).contains("問題はありません"), "{}", stdout(&o));
}
