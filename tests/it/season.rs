//! The season end to end, with the injectable clock, as a secretariat runs it:
//! the request's drafts → three units answer by mail, one rejected → receipt
//! and send-back drafts (the send-back workbook read with openpyxl: comment and
//! colour) → the corrected workbook resubmitted by mail into the same folder →
//! version 2 accepted, `history` shows the change → reminders for the rest
//! (read with Python's `email` parser) → `status` totals and exit code 2.


use std::fs;
use std::path::Path;

use crate::common::*;

const REQUEST: &str = "\n[request]\nnumber = \"長介第１２３号\"\ndate = \"2018-10-01\"\n\
    addressee = \"各市町　在宅医療・介護連携担当課長　様\"\nsender = \"三重県医療保健部長\"\nmail = \"choju@pref.mie.example.jp\"\n";

const CONTACTS: &str = r#"["津市"]
office = "地域包括ケア推進室"
mail = ["houkatsu@city.tsu.example.jp"]

["桑名市"]
office = "介護高齢課"
mail = ["kaigo@city.kuwana.example.jp"]

["亀山市"]
office = "長寿健康課"
mail = ["choju@city.kameyama.example.jp"]

["鈴鹿市"]
office = "長寿社会課"
person = "鈴鹿 一郎"
mail = ["choju@city.suzuka.example.jp"]
"#;


const READ_DRAFT: &str = r#"
import sys, json
from email import policy
from email.parser import BytesParser
m = BytesParser(policy=policy.default).parse(open(sys.argv[1], "rb"))
print(json.dumps({"to": [a.addr_spec for a in m["To"].addresses] if m["To"] else [], "subject": str(m["Subject"]),
  "cc": [a.addr_spec for a in m["Cc"].addresses] if m["Cc"] else [],
  "unsent": m["X-Unsent"], "body": m.get_body(preferencelist=("plain",)).get_content(),
  "atts": [a.get_filename() for a in m.iter_attachments()]}, ensure_ascii=False))
"#;

fn draft(path: &Path) -> serde_json::Value {
    let o = python_with("email", "Python's standard library", &["-c", READ_DRAFT, s(path)]);
    assert!(o.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn mail(src: &Path, dst: &Path, sender: &str, date: &str) {
    answer_mail(src, dst, sender, date, "Re: 照会");
}

fn openpyxl(code: &str, args: &[&Path]) -> String {
    let mut all = vec!["-c", code];
    all.extend(args.iter().map(|p| s(p)));
    let o = python_with("openpyxl", "openpyxl", &all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_season_from_the_request_to_the_checklist() {
    let (tmp, year) = sample_copy();
    let t = tmp.path();
    fs::write(year.join("packet.toml"), fs::read_to_string(year.join("packet.toml")).unwrap() + REQUEST).unwrap();
    fs::write(year.join("contacts.toml"), CONTACTS).unwrap();
    for unit in ["津市", "桑名市", "亀山市", "鈴鹿市"] {
        fs::remove_file(year.join(format!("units/{unit}.toml"))).unwrap();
    }
    let run = |args: &[&str], now: &str| shiryo(args, t, &[("SHIRYO_NOW", now)]);

    // 1. The request, on 1 October: a draft per unit with its form, pre-filled from the printed year.
    let request = t.join("request");
    let o = run(&["request", s(&year), "-o", s(&request), "--previous", s(&sample())], "2018-10-01T00:00:00Z");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let tsu = draft(&request.join("津市.eml"));
    assert_eq!(tsu["to"], serde_json::json!(["houkatsu@city.tsu.example.jp"]), "{tsu}");
    assert!(tsu["atts"].as_array().unwrap().iter().any(|a| a == "津市.xlsx"), "{tsu}");

    // 2. Three units answer by mail; 津市 left ⑤ empty.
    let forms = t.join("forms");
    let o = run(&["form", s(&year), "--previous", s(&sample()), "-o", s(&forms)], "2018-10-01T00:00:00Z");
    assert!(o.status.success(), "{}", stderr(&o));
    let inbox = t.join("inbox");
    fs::create_dir(&inbox).unwrap();
    let tsu_v1 = t.join("v1/津市.xlsx");
    fs::create_dir_all(tsu_v1.parent().unwrap()).unwrap();
    openpyxl("import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; wb.save(sys.argv[2])", &[&forms.join("津市.xlsx"), &tsu_v1]);
    mail(&tsu_v1, &inbox.join("津市から.eml"), "津市 地域包括ケア推進室 <houkatsu@city.tsu.example.jp>", "Mon, 12 Nov 2018 10:00:00 +0900");
    mail(&forms.join("桑名市.xlsx"), &inbox.join("桑名市から.eml"), "桑名市 介護高齢課 <kaigo@city.kuwana.example.jp>", "Sat, 10 Nov 2018 09:00:00 +0900");
    // 亀山市 answers from the officer's own address, not the registered one.
    mail(&forms.join("亀山市.xlsx"), &inbox.join("亀山市から.eml"), "亀山 花子 <hanako@city.kameyama.example.jp>", "Sun, 11 Nov 2018 09:00:00 +0900");

    // 3. Ingest with drafts: receipts for two, a send-back for 津市.
    let d1 = t.join("drafts1");
    let o = run(&["ingest", s(&inbox), "--year", s(&year), "--drafts", s(&d1)], "2018-11-13T00:00:00Z");
    assert_eq!(o.status.code(), Some(1), "津市 is refused: {}", stdout(&o));
    let mut files: Vec<String> = fs::read_dir(&d1).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["受領_亀山市.eml", "受領_桑名市.eml", "差し戻し_津市.eml", "差し戻し_津市.xlsx"]);
    let back = draft(&d1.join("差し戻し_津市.eml"));
    assert_eq!(back["to"], serde_json::json!(["houkatsu@city.tsu.example.jp"]));
    // Greeted as the one it goes to; the workbook named as attached, not as saved on the clerk's disk.
    let body = back["body"].as_str().unwrap();
    assert!(body.contains("津市 地域包括ケア推進室 様") && body.contains("ご回答（津市.xlsx）") && !body.contains(".eml"), "{body}");
    // A receipt to the officer who answered, greeted by name, the registered contact in Cc.
    let receipt = draft(&d1.join("受領_亀山市.eml"));
    assert_eq!((&receipt["to"], &receipt["cc"]), (&serde_json::json!(["hanako@city.kameyama.example.jp"]), &serde_json::json!(["choju@city.kameyama.example.jp"])));
    assert!(receipt["body"].as_str().unwrap().contains("亀山 花子 様"), "{}", receipt["body"]);
    let seen = openpyxl(
        "import openpyxl, sys\nc = openpyxl.load_workbook(sys.argv[1])['取組状況']['C7']\nprint(c.fill.fgColor.rgb, '|', c.comment.text)",
        &[&d1.join("差し戻し_津市.xlsx")],
    );
    assert!(seen.starts_with("FFFFC7CE |") && seen.contains("⑤相談支援 が空欄です"), "{seen}");

    // 4. 津市 corrects the workbook it got back and mails it; saved into the same folder as the first.
    let fixed = t.join("v2/差し戻し_津市.xlsx");
    fs::create_dir_all(fixed.parent().unwrap()).unwrap();
    openpyxl("import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = '・相談窓口を設置。'; wb.save(sys.argv[2])", &[&d1.join("差し戻し_津市.xlsx"), &fixed]);
    mail(&fixed, &inbox.join("津市から（修正）.eml"), "津市 地域包括ケア推進室 <houkatsu@city.tsu.example.jp>", "Wed, 14 Nov 2018 15:00:00 +0900");
    let o = run(&["ingest", s(&inbox), "--year", s(&year)], "2018-11-14T07:00:00Z");
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("津市から（修正）.eml/差し戻し_津市.xlsx → 津市: 受理"), "{out}");
    let o = run(&["history", s(&year), "津市"], "2018-11-14T07:00:00Z");
    let h = squash(&stdout(&o));
    assert_in_order(
        &h,
        &[
            "第1版2018-11-1210:00差し戻し津市から.eml/津市.xlsx".into(),
            "第2版2018-11-1415:00受理（現在の版）津市から（修正）.eml/差し戻し_津市.xlsx".into(),
            "⑤相談支援追加:・相談窓口を設置。".into(),
        ],
        "history",
    );

    // 5. After the deadline: reminders for the units without an accepted answer (鈴鹿市 among them).
    let d2 = t.join("drafts2");
    let o = run(&["remind", s(&year), "-o", s(&d2), "--previous", s(&sample())], "2018-11-20T00:00:00Z");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let suzuka = draft(&d2.join("鈴鹿市.eml"));
    assert_eq!(suzuka["to"], serde_json::json!(["choju@city.suzuka.example.jp"]));
    assert!(suzuka["subject"].as_str().unwrap().starts_with("【再依頼・期限超過】"), "{suzuka}");
    assert_eq!(suzuka["atts"], serde_json::json!(["鈴鹿市.xlsx"]));
    assert_eq!(suzuka["unsent"], "1");
    for answered in ["津市", "桑名市", "亀山市"] {
        assert!(!d2.join(format!("{answered}.eml")).exists(), "{answered} answered: no reminder");
    }

    // 6. The checklist: 鈴鹿市 is overdue, so the clerk has something to do (exit 2).
    let o = run(&["status", s(&year)], "2018-11-20T00:00:00Z");
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    let rows = status_rows(&out);
    let state = |n: &str| rows.iter().find(|r| r[0] == n).map(|r| r[1].clone()).unwrap_or_default();
    assert_eq!([state("津市"), state("桑名市"), state("亀山市"), state("鈴鹿市")], ["提出済", "提出済", "提出済", "期限超過"]);
    assert!(out.contains("期限超過 1"), "totals: {out}");
    // What to do, once per state that waits for the clerk, after the totals.
    let hint = out.lines().filter(|l| l.starts_with("※ ")).collect::<Vec<_>>();
    assert_eq!(hint, ["※ 期限超過: 督促（再依頼）のメールの下書きを作って送ってください（shiryo remind）。"], "{out}");
}

/// The season's steps in-process, at a fixed moment given as a parameter (no
/// environment touched): files handed over as bytes are ingested and kept under
/// their own names, the ledger's receipt is that moment, the status counts the
/// days to the deadline from it, and a kept version is applied again by its hash.
#[test]
fn the_season_service_runs_at_the_clock_it_is_given() {
    use shiryo::clock::Clock;
    use shiryo::intake::ingest::sources::Upload;
    use shiryo::intake::ingest::{Input, Status};
    use shiryo::messages::{Lang, voice::Documents};
    use shiryo::season::{Season, history, intake, status};

    let (tmp, year) = sample_copy();
    fs::remove_file(year.join("units/津市.toml")).unwrap();
    let forms = tmp.path().join("forms");
    let o = shiryo(&["form", s(&year), "--previous", s(&sample()), "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let season = Season::at(Clock::at("2018-11-13T00:00:00Z").unwrap());
    let voice = Documents(Lang::Ja);
    let upload = Upload { name: "津市.xlsx".into(), bytes: fs::read(forms.join("津市.xlsx")).unwrap(), modified: None };
    let done = intake::ingest(&season, &year, Input::Files(vec![upload]), &intake::Asked::default(), &voice).unwrap();
    assert!(done.notes.is_empty(), "{:?}", done.notes);
    let w = &done.outcome.workbooks;
    assert_eq!((w.len(), w[0].file.as_str(), w[0].status), (1, "津市.xlsx", Status::Ok), "{w:?}");
    let ledger = fs::read_to_string(year.join("received/index.toml")).unwrap();
    assert!(ledger.contains("received = \"2018-11-13T00:00:00Z\""), "{ledger}");
    assert!(!tmp.path().join("shiryo-desk").exists() && year.join("reports/取込結果.md").is_file());

    // Three days before the 16th, in Japan; nothing waits for the clerk.
    let st = status::status(&season, &year).unwrap().outcome;
    assert_eq!(st.days_left, Some(3));
    assert!(!st.pending(), "{:?}", st.rows);
    let later = Season::at(Clock::at("2018-11-20T00:00:00Z").unwrap());
    assert_eq!(status::status(&later, &year).unwrap().outcome.days_left, Some(-4));

    // Version 1 again, by its hash: the same name in the ledger, no folder walked.
    let v = history::history(&season, &year, "津市").unwrap().outcome;
    assert_eq!(v.len(), 1);
    let again = intake::choose(&season, &year, &v[0].entry.sha256, &voice);
    assert!(matches!(again, Err(shiryo::Error::NoSuchChoice(_))), "an applied version is no choice: {again:?}");
    let restored = intake::restore(&season, &year, "津市", 1, &voice).unwrap().outcome;
    assert_eq!(restored.workbooks[0].file, "津市.xlsx", "{:?}", restored.workbooks);
}

/// 期限延長: a unit given its own deadline is not 期限超過 after the year's, and its
/// reminder names its own deadline without 期限超過; taken back, it is overdue again.
#[test]
fn a_units_own_deadline_is_kept_by_the_status_and_the_reminders() {
    use shiryo::clock::Clock;
    use shiryo::intake::ingest::received::Check;
    use shiryo::messages::{Lang, voice::Documents};
    use shiryo::season::{Season, drafts, packet, status};

    let (tmp, year) = sample_copy();
    for u in ["津市", "亀山市"] {
        fs::remove_file(year.join(format!("units/{u}.toml"))).unwrap();
    }
    fs::write(year.join("packet.toml"), fs::read_to_string(year.join("packet.toml")).unwrap() + REQUEST).unwrap();
    let season = Season::at(Clock::at("2018-11-20T00:00:00Z").unwrap());
    let until = packet::extend(&season, &year, "亀山市", Some("2018-11-30")).unwrap().outcome;
    assert_eq!(until.map(|d| d.to_string()), Some("2018-11-30".into()));
    let packet = fs::read_to_string(year.join("packet.toml")).unwrap();
    assert!(packet.contains("亀山市\" = \"2018-11-30\""), "{packet}");
    let check = |name: &str| status::status(&season, &year).unwrap().outcome.rows.iter().find(|r| r.name == name).map(|r| r.check);
    assert_eq!((check("津市"), check("亀山市")), (Some(Check::Overdue), Some(Check::Missing)));
    let made = drafts::remind(&season, &year, drafts::Sources { blank: true, ..Default::default() }, &Documents(Lang::Ja)).unwrap().outcome;
    let out = tmp.path().join("remind");
    fs::create_dir_all(&out).unwrap();
    for (name, bytes) in &made.drafts.files {
        fs::write(out.join(name), bytes).unwrap();
    }
    let kameyama = draft(&out.join("亀山市.eml"));
    let body = kameyama["body"].as_str().unwrap();
    assert!(body.contains("提出期限は平成30年11月30日（金）です。") && !body.contains("期限超過"), "{body}");
    assert!(draft(&out.join("津市.eml"))["body"].as_str().unwrap().contains("期限超過"));
    // Taken back: overdue again. An unknown name is refused by name.
    packet::extend(&season, &year, "亀山市", None).unwrap();
    assert_eq!(check("亀山市"), Some(Check::Overdue));
    assert!(matches!(packet::extend(&season, &year, "どこか町", Some("2018-11-30")), Err(shiryo::Error::NoSuchUnit(_))));
}
