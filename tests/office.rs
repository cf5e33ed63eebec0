//! 回答者: the form asks who answers (担当課, 担当者, 電話, メール) and the
//! ingest keeps it in `contacts.toml` — where the request, reminders and
//! send-backs are addressed from — pre-filling next time; an address that is
//! not one is refused at its cell.

mod common;

use std::path::Path;

use common::*;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn fill(src: &Path, dst: &Path, mail: &str) {
    let edit = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); ws = wb['回答者']\n\
        assert [ws['A3'].value, ws['A4'].value, ws['A5'].value] == ['担当課', '担当者', '電話'], [c.value for c in ws['A']]\n\
        ws['B3'] = '介護高齢課'; ws['B4'] = '桑名 花子'; ws['B5'] = '0594-00-0000'; ws['B6'] = sys.argv[3]\n\
        wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, s(src), s(dst), mail]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_office_that_answers_is_kept_for_the_mails() {
    let (tmp, year) = sample_copy();
    let forms = tmp.path().join("forms");
    let o = shiryo(&["form", s(&year), "--unit", "桑名市", "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();

    // An address that is not one: refused at its cell, nothing written.
    fill(&forms.join("桑名市.xlsx"), &inbox.join("桑名市.xlsx"), "kaigo@city");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("桑名市.xlsx 回答者!B6: 「kaigo@city」はメールアドレスとして読めません"), "{}", stdout(&o));
    assert!(!year.join("contacts.toml").exists());

    // Corrected: kept in contacts.toml, and the next form is pre-filled with it.
    fill(&forms.join("桑名市.xlsx"), &inbox.join("桑名市.xlsx"), "kaigo@city.kuwana.example.jp、kaigo2@city.kuwana.example.jp");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    let contacts: toml::Table = std::fs::read_to_string(year.join("contacts.toml")).unwrap().parse().unwrap();
    let k = &contacts["桑名市"];
    assert_eq!((k["office"].as_str(), k["person"].as_str(), k["phone"].as_str()), (Some("介護高齢課"), Some("桑名 花子"), Some("0594-00-0000")));
    assert_eq!(k["mail"].as_array().unwrap().len(), 2);
    let again = tmp.path().join("again");
    let o = shiryo(&["form", s(&year), "--unit", "桑名市", "-o", s(&again)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = shiryo::intake::ingest::read::read(&std::fs::read(again.join("桑名市.xlsx")).unwrap()).unwrap();
    let cell = book.sheet("回答者").and_then(|sh| sh.cells.get(&(5, 1)).cloned());
    assert_eq!(cell, Some(shiryo::intake::ingest::read::Value::Text("kaigo@city.kuwana.example.jp、kaigo2@city.kuwana.example.jp".into())));
    // `check` is content; the packet does not print it.
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    assert!(stdout(&o).contains("問題はありません"), "{}", stdout(&o));
}
