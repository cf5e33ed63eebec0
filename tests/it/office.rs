//! 回答者: the form asks who answers (担当課, 担当者, 電話, メール) and the
//! ingest keeps it in `contacts.toml` — where the request, reminders and
//! send-backs are addressed from — pre-filling next time; an address that is
//! not one is refused at its cell.


use std::path::Path;

use crate::common::*;

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

/// `[request]` and a contacts.toml, in canonical form (as `fmt` leaves them).
fn year_with_request(tmp: &Path, year: &Path) {
    let packet = year.join("packet.toml");
    let request = "\n[request]\nnumber = \"長介第１２３号\"\ndate = \"2018-10-01\"\naddressee = \"各市町　在宅医療・介護連携担当課長　様\"\nsender = \"三重県医療保健部長\"\n";
    std::fs::write(&packet, std::fs::read_to_string(&packet).unwrap() + request).unwrap();
    let contacts = "[\"桑名市\"]\noffice = \"介護高齢課\"\nmail = [\"kaigo@city.kuwana.example.jp\"]\ncc = [\"a@city.kuwana.example.jp\", \"b@city.kuwana.example.jp\"]\n";
    std::fs::write(year.join("contacts.toml"), contacts).unwrap();
    let o = shiryo(&["fmt", s(year)], tmp, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Edits the prefecture's form with openpyxl: 会議's 文書番号 and 連絡先's row of `name`
/// (found by its name in column A), column `col`. Prints that cell's name.
fn edit_prefecture(src: &Path, dst: &Path, number: &str, name: &str, col: &str, value: &str) -> String {
    let edit = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\n\
        ws = wb['会議']; assert ws['A8'].value.startswith('照会文書'), ws['A8'].value; ws['B8'] = sys.argv[3]\n\
        ws = wb['連絡先']; row = next(c.row for c in ws['A'] if c.value == sys.argv[4])\n\
        ws[sys.argv[5] + str(row)] = sys.argv[6]; print(sys.argv[5] + str(row))\n\
        wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", edit, s(src), s(dst), number, name, col, value]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Every file of the year's data (not what the ingest keeps beside it) and its bytes.
fn data(year: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for sub in ["", "units", "centres"] {
        for e in std::fs::read_dir(year.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                out.insert(p.strip_prefix(year).unwrap().display().to_string(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_prefectures_form_edits_the_request_and_every_contact() {
    let (tmp, year) = sample_copy();
    year_with_request(tmp.path(), &year);
    let forms = tmp.path().join("forms");
    let o = shiryo(&["form", s(&year), "--unit", "三重県", "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let form = forms.join("県_三重県.xlsx");
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();

    // Back as written: nothing changes.
    let before = data(&year);
    std::fs::copy(&form, inbox.join("県_三重県.xlsx")).unwrap();
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("TOML の変更はありません"), "{}", stdout(&o));
    assert_eq!(data(&year), before);

    // An address that is not one, on 連絡先: refused at its cell, nothing written.
    let cell = edit_prefecture(&form, &inbox.join("県_三重県.xlsx"), "長介第４５６号", "桑名市", "E", "kaigo@city");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let said = format!("県_三重県.xlsx 連絡先!{cell}: 「kaigo@city」はメールアドレスとして読めません");
    assert!(stdout(&o).contains(&said), "{said}\n{}", stdout(&o));
    assert_eq!(data(&year), before);

    // A new address and a new 文書番号: exactly those change.
    edit_prefecture(&form, &inbox.join("県_三重県.xlsx"), "長介第４５６号", "桑名市", "E", "kaigo@city.kuwana.example.jp\nkaigo3@city.kuwana.example.jp");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    let after = data(&year);
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(changed, ["contacts.toml", "packet.toml"]);
    let packet = String::from_utf8(before["packet.toml"].clone()).unwrap().replace("長介第１２３号", "長介第４５６号");
    assert_eq!(String::from_utf8(after["packet.toml"].clone()).unwrap(), packet);
    let mut want: shiryo::model::contacts::Contacts = toml::from_str(&String::from_utf8(before["contacts.toml"].clone()).unwrap()).unwrap();
    want.0.get_mut("桑名市").unwrap().mail.push("kaigo3@city.kuwana.example.jp".into());
    assert_eq!(String::from_utf8(after["contacts.toml"].clone()).unwrap(), shiryo::store::to_canonical(&want).unwrap(), "the whole file, canonical");

    // A contact added for another unit, its Cc two addresses in one cell.
    edit_prefecture(&form, &inbox.join("県_三重県.xlsx"), "長介第４５６号", "木曽岬町", "F", "x@town.kisosaki.example.jp、y@town.kisosaki.example.jp");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    let c: shiryo::model::contacts::Contacts = toml::from_str(&std::fs::read_to_string(year.join("contacts.toml")).unwrap()).unwrap();
    assert_eq!(c.get("木曽岬町").map(|k| k.cc.clone()), Some(vec!["x@town.kisosaki.example.jp".to_string(), "y@town.kisosaki.example.jp".to_string()]));
    // The form's own 桑名市 row (as written from the year before the edits) now applies again.
    assert_eq!(c.get("桑名市").map(|k| k.mail.clone()), Some(vec!["kaigo@city.kuwana.example.jp".to_string()]));
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    assert!(stdout(&o).contains("問題はありません"), "{}", stdout(&o));
}

/// A prefecture's form of version 2 (before 連絡先 and the request's rows) still reads, and leaves both alone.
#[test]
fn an_older_prefecture_form_leaves_request_and_contacts_alone() {
    let (tmp, year) = sample_copy();
    year_with_request(tmp.path(), &year);
    let before = data(&year);
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(root().join("tests/fixtures/libreoffice/xlsx/県_三重県.xlsx"), inbox.join("県_三重県.xlsx")).unwrap();
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(!stdout(&o).contains("取り込んでいません"), "{}", stdout(&o));
    assert_eq!(data(&year), before);
}
