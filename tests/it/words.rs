//! Words that reach an office (the ingest's lines, its report, a send-back)
//! speak of the form's sheets and cells, never of TOML files or keys; a name
//! typed close to a unit of the year suggests it.



use crate::common::*;

#[test]
fn a_partner_typed_short_is_named_with_the_unit_it_is_like() {
    let (tmp, year, forms, inbox) = sample_with_form("桑名市");
    // ① is 桑名市's own; its partner typed as 「木曽岬」 (the town is 木曽岬町).
    let edit = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['D3'] = '木曽岬'; wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, s(&forms.join("桑名市.xlsx")), s(&inbox.join("桑名市.xlsx"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("桑名市.xlsx 取組状況!D3: 共同実施の相手「木曽岬」はこの年度の提出単位にありません。「木曽岬町」のことでしたら、そのとおりに書いてください。"),
        "{out}"
    );
    let report = std::fs::read_to_string(year.join("reports/取込結果.md")).unwrap();
    for words in [&out, &report] {
        assert!(!words.contains(".toml") && !words.contains("shared_with"), "no TOML for an office: {words}");
    }
}
