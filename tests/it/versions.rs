//! Resubmissions are versions, not duplicates: a unit's workbooks are ordered
//! by their receipt moment, when they arrived (the file's time in the folder
//! here, never the workbook's own; a mail's Received line or date, never later
//! than its first ingest). The latest acceptable one is applied,
//! a later rejected one is the unit's latest word (差し戻し中) while its last
//! accepted one stays, an older one ingested later changes nothing, and only
//! two different workbooks of the same moment wait for the clerk. Every
//! version is kept. `status` is the season's checklist.


use std::path::{Path, PathBuf};

use crate::common::*;
use shiryo::intake::ingest::read::Value;

/// After the deadline (2018-11-16) of the sample.
const NOW: (&str, &str) = ("SHIRYO_NOW", "2018-11-20T00:00:00Z");

/// 津市's form as a version modified at `when` (UTC), its ⑤ (C7) holding `consultation` (empty: rejected).
fn version(form: &[u8], when: &str, consultation: &str) -> Vec<u8> {
    rewrite(form, |b| {
        b.modified = Some(when.to_string());
        let sheet = b.sheets.iter_mut().find(|s| s.name == "取組状況").unwrap();
        if consultation.is_empty() {
            sheet.cells.remove(&(6, 2));
        } else {
            sheet.cells.insert((6, 2), Value::Text(consultation.into()));
        }
    })
}

/// A version saved into the folder at `when` (UTC): its file's time, which is its arrival.
fn put(path: &Path, bytes: Vec<u8>, when: &str) {
    std::fs::write(path, bytes).unwrap();
    let secs = shiryo::model::moment::Moment::parse(when).unwrap().0 as u64;
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
}

fn ingest(inbox: &Path, year: &Path, cwd: &Path) -> std::process::Output {
    shiryo(&["ingest", s(inbox), "--year", s(year)], cwd, &[NOW])
}

fn status(year: &Path, cwd: &Path) -> (Option<i32>, Vec<String>, String) {
    let o = shiryo(&["status", s(year)], cwd, &[NOW]);
    let out = stdout(&o);
    let row = status_rows(&out).into_iter().find(|r| r[0] == "津市").unwrap_or_default();
    (o.status.code(), row, out)
}

/// The ledger's lines for 津市: (state, original name).
fn ledger(year: &Path) -> Vec<(String, String, bool)> {
    let text = std::fs::read_to_string(year.join("received/index.toml")).unwrap();
    let t: toml::Table = text.parse().unwrap();
    t["workbooks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"].as_str() == Some("津市"))
        .map(|e| {
            let stored = e.get("stored").and_then(|v| v.as_str()).unwrap_or("");
            let kept = !stored.is_empty() && year.join(stored).is_file();
            (e["state"].as_str().unwrap().to_string(), e["original"].as_str().unwrap().to_string(), kept)
        })
        .collect()
}

fn tsu_lines(year: &Path) -> Option<Vec<String>> {
    let y = shiryo::store::load(year).ok()?;
    Some(y.unit("津市")?.item("consultation")?.lines.clone())
}

fn setup(tmp: &Path) -> (Vec<u8>, PathBuf, PathBuf) {
    let o = shiryo(&["form", s(&sample()), "--unit", "津市", "-o", s(&tmp.join("forms"))], tmp, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let form = std::fs::read(tmp.join("forms/津市.xlsx")).unwrap();
    let year = tmp.join("year");
    copy_dir(&sample(), &year);
    std::fs::remove_file(year.join("units/津市.toml")).unwrap();
    let inbox = tmp.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    (form, year, inbox)
}

#[test]
fn a_units_workbooks_are_versions_ordered_by_their_moment() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());

    // v1: ⑤ left empty — rejected, kept, and the unit is 差し戻し中 (exit 2: the clerk must act).
    put(&inbox.join("津市.xlsx"), version(&form, "2018-11-10T00:00:00Z", ""), "2018-11-10T00:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let (code, row, out) = status(&year, tmp.path());
    assert_eq!(code, Some(2), "{out}");
    assert_eq!(row[1..3], ["差し戻し中", "2018-11-10 09:00"], "{out}");
    assert_eq!(ledger(&year), [("rejected".into(), "津市.xlsx".into(), true)], "the rejected version is kept");
    let report = std::fs::read_to_string(year.join("reports/取込結果.md")).unwrap();
    assert!(report.contains("## まだ受理していない提出単位（1）") && report.contains("- 津市（差し戻し中）"), "{report}");
    let kept: Vec<String> = std::fs::read_dir(year.join("received")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(kept.iter().any(|k| k == "津市_20181120-090000JST.xlsx"), "named with the receipt in Japan time: {kept:?}");

    // v2, saved into the same folder beside v1: a later version, applied — not a duplicate.
    put(&inbox.join("津市（修正）.xlsx"), version(&form, "2018-11-12T00:00:00Z", "・相談窓口を設置。"), "2018-11-12T00:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    let out = stdout(&o);
    assert!(out.contains("津市（修正）.xlsx → 津市: 受理\n"), "{out}");
    assert!(!out.contains("同じ提出単位のブックが他にもあります"), "{out}");
    assert_eq!(tsu_lines(&year).unwrap(), ["・相談窓口を設置。"]);
    let (code, row, out) = status(&year, tmp.path());
    assert_eq!((code, &row[1..3]), (Some(0), &["提出済".to_string(), "2018-11-12 09:00".to_string()][..]), "{out}");

    // v3 after the deadline: applied, 提出済（期限後）; v2 superseded and kept.
    put(&inbox.join("津市_再提出.xlsx"), version(&form, "2018-11-18T01:00:00Z", "・夜間も対応。"), "2018-11-18T01:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert!(o.status.success(), "v1 and v2 are older versions now, not refusals: {}", stdout(&o));
    assert!(stdout(&o).contains("津市.xlsx: 同じ提出単位の、より新しい版が同じフォルダにあるため"), "{}", stdout(&o));
    assert_eq!(tsu_lines(&year).unwrap(), ["・夜間も対応。"]);
    let (_, row, out) = status(&year, tmp.path());
    assert_eq!(row[1..3], ["提出済（期限後）", "2018-11-18 10:00"], "{out}");

    // A v0 found later in another folder: older than the applied version, so nothing changes.
    let old = tmp.path().join("old");
    std::fs::create_dir(&old).unwrap();
    put(&old.join("津市_初版.xlsx"), version(&form, "2018-11-05T00:00:00Z", "・古い版。"), "2018-11-05T00:00:00Z");
    let o = ingest(&old, &year, tmp.path());
    let out = stdout(&o);
    assert!(out.contains("取り込み済みの「津市_再提出.xlsx」より古い版のため、保管のみで取り込んでいません。"), "{out}");
    assert_eq!(tsu_lines(&year).unwrap(), ["・夜間も対応。"]);

    let mut lines = ledger(&year);
    lines.sort();
    let want = [
        ("applied", "津市_再提出.xlsx"),
        ("rejected", "津市.xlsx"),
        ("superseded", "津市_初版.xlsx"),
        ("superseded", "津市（修正）.xlsx"),
    ];
    let got: Vec<(&str, &str)> = lines.iter().map(|(s, o, _)| (s.as_str(), o.as_str())).collect();
    assert_eq!(got, want);
    assert!(lines.iter().all(|(_, _, kept)| *kept), "every version is kept under received/: {lines:?}");

    // history: the versions by moment, and what changed from one to the next.
    let o = shiryo(&["history", s(&year), "津市"], tmp.path(), &[NOW]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert_in_order(
        &squash(&out),
        &[
            "第1版  2018-11-05 09:00  受理後に更新  津市_初版.xlsx".into(),
            "第2版  2018-11-10 09:00  差し戻し  津市.xlsx".into(),
            "    津市.xlsx 取組状況!C7: ⑤相談支援 が空欄です。".into(),
            "第3版  2018-11-12 09:00  受理後に更新  津市（修正）.xlsx".into(),
            "    ⑤相談支援\n      追加: ・相談窓口を設置。".into(),
            "第4版  2018-11-18 10:00  受理（現在の版）  津市_再提出.xlsx".into(),
            "      追加: ・夜間も対応。\n      削除: ・相談窓口を設置。".into(),
        ],
        "history",
    );
    // The clerk takes version 3 back: applied again, and said.
    let o = shiryo(&["history", s(&year), "津市", "--restore", "3"], tmp.path(), &[NOW]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("これまでの「津市_再提出.xlsx」に代えてこのブックを取り込みました"), "{}", stdout(&o));
    assert_eq!(tsu_lines(&year).unwrap(), ["・相談窓口を設置。"]);
    let o = shiryo(&["history", s(&year), "津市", "--restore", "9"], tmp.path(), &[NOW]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("「津市」に第9版はありません（版は 4 つです"), "{}", stderr(&o));
}

#[test]
fn two_different_workbooks_of_the_same_moment_wait_for_the_clerk() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());
    put(&inbox.join("津市_A.xlsx"), version(&form, "2018-11-12T00:00:00Z", "・A案。"), "2018-11-12T00:00:00Z");
    put(&inbox.join("津市_B.xlsx"), version(&form, "2018-11-12T00:00:00Z", "・B案。"), "2018-11-12T00:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(tsu_lines(&year).is_none(), "neither applied");
    let (code, row, out) = status(&year, tmp.path());
    assert_eq!((code, row[1].as_str()), (Some(2), "重複（選択待ち）"), "{out}");
    // The checklist as a workbook for Excel, read back.
    let xlsx = tmp.path().join("一覧.xlsx");
    let o = shiryo(&["status", s(&year), "--xlsx", s(&xlsx)], tmp.path(), &[NOW]);
    assert_eq!(o.status.code(), Some(2));
    let book = shiryo::intake::ingest::read::read(&std::fs::read(&xlsx).unwrap()).unwrap();
    let sheet = &book.sheets[0];
    let text = |r: u32, c: u16| match sheet.cells.get(&(r, c)) {
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    };
    assert_eq!((0..6).map(|c| text(0, c)).collect::<Vec<_>>(), ["区域", "提出単位", "状況", "受領日時", "送信者", "ファイル"]);
    let r = (1..60).find(|&r| text(r, 1) == "津市").expect("津市's row");
    assert_eq!((text(r, 0), text(r, 2)), ("津区域・伊賀区域".to_string(), "重複（選択待ち）".to_string()));
}

/// Mails a 津市 office sent: the workbook attached, with the mail's `Date`.
const MAIL: &str = r#"
import sys
from email.message import EmailMessage
from email.utils import formataddr
src, dst, date = sys.argv[1], sys.argv[2], sys.argv[3]
m = EmailMessage()
if len(sys.argv) > 4:
    # The secretariat's server's line, on top.
    m["Received"] = "from mx.city.tsu.example.jp by mail.pref.example.jp; " + sys.argv[4]
m["From"] = formataddr(("津市 地域包括ケア推進室", "houkatsu@example.jp"))
m["To"] = "zaitaku@example.jp"
m["Subject"] = "照会回答（津市）"
m["Date"] = date
m.set_content("回答を送ります。")
m.add_attachment(open(src, "rb").read(), maintype="application",
                 subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="津市.xlsx")
open(dst, "wb").write(bytes(m))
"#;

/// By mail the receipt moment is the mail's date: two versions with the same
/// workbook time are told apart by their mails, and the later mail's is applied.
#[test]
fn by_mail_the_mails_date_orders_the_versions() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());
    let same = "2018-11-10T00:00:00Z";
    let (a, b) = (tmp.path().join("a.xlsx"), tmp.path().join("b.xlsx"));
    std::fs::write(&a, version(&form, same, "・先に送った版。")).unwrap();
    std::fs::write(&b, version(&form, same, "・後で送った版。")).unwrap();
    for (src, name, date) in [(&b, "2通目.eml", "Mon, 19 Nov 2018 10:15:00 +0900"), (&a, "1通目.eml", "Thu, 15 Nov 2018 17:30:00 +0900")] {
        let o = python_with("email", "Python's standard library", &["-c", MAIL, s(src), s(&inbox.join(name)), date]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = ingest(&inbox, &year, tmp.path());
    let out = stdout(&o);
    assert!(o.status.success(), "not duplicates: {out}");
    assert!(out.contains("2通目.eml/津市.xlsx → 津市: 受理"), "{out}");
    assert_eq!(tsu_lines(&year).unwrap(), ["・後で送った版。"]);
    let (_, row, out) = status(&year, tmp.path());
    assert_eq!(row[1..4], ["提出済（期限後）", "2018-11-19 10:15", "津市 地域包括ケア推進室 <houkatsu@example.jp>"], "{out}");
}

/// A rejected version's findings are kept with it in the ledger: `history` shows them after its
/// kept copy is gone and the survey reworded; a ledger line from before they were kept is judged again.
#[test]
fn a_rejected_versions_findings_are_kept_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());
    put(&inbox.join("津市.xlsx"), version(&form, "2018-11-10T00:00:00Z", ""), "2018-11-10T00:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let said = "津市.xlsx 取組状況!C7: ⑤相談支援 が空欄です。";
    let history = || {
        let o = shiryo(&["history", s(&year), "津市"], tmp.path(), &[NOW]);
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        stdout(&o)
    };
    assert!(history().contains(said), "{}", history());

    // A ledger written before findings were kept: judged again from the kept copy, against today's survey.
    let index = year.join("received/index.toml");
    let kept_ledger = std::fs::read_to_string(&index).unwrap();
    let mut t: toml::Table = kept_ledger.parse().unwrap();
    for e in t["workbooks"].as_array_mut().unwrap() {
        assert!(e.as_table_mut().unwrap().remove("findings").is_some(), "the findings are in the ledger: {kept_ledger}");
    }
    std::fs::write(&index, toml::to_string(&t).unwrap()).unwrap();
    let survey = year.join("survey.toml");
    let worded = std::fs::read_to_string(&survey).unwrap();
    assert!(worded.contains("name = \"相談支援\""), "{worded}");
    std::fs::write(&survey, worded.replace("name = \"相談支援\"", "name = \"相談支援（改）\"")).unwrap();
    assert!(history().contains("⑤相談支援（改） が空欄です。"), "{}", history());

    // The ledger as the ingest wrote it, the kept copy deleted: the findings as they were when it was received.
    std::fs::write(&index, &kept_ledger).unwrap();
    let t: toml::Table = kept_ledger.parse().unwrap();
    let stored = t["workbooks"][0]["stored"].as_str().unwrap();
    std::fs::remove_file(year.join(stored)).unwrap();
    let out = history();
    assert!(out.contains(said), "{out}");
    assert!(!out.contains("（改）"), "{out}");
}

/// The receipt moment is when a workbook arrived, never the sender's clock: a form
/// whose own date is 2099 (a PC with a wrong clock) does not shut out the correction
/// received after it, and is shown received when it came.
#[test]
fn a_workbook_dated_2099_does_not_shut_out_a_later_correction() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());
    put(&inbox.join("津市.xlsx"), version(&form, "2099-01-01T00:00:00Z", "・最初の版。"), "2018-11-10T00:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert!(o.status.success(), "{}", stdout(&o));
    let (_, row, out) = status(&year, tmp.path());
    assert_eq!(row[1..3], ["提出済", "2018-11-10 09:00"], "{out}");
    put(&inbox.join("津市（修正）.xlsx"), version(&form, "2018-11-11T00:00:00Z", "・訂正した版。"), "2018-11-12T00:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("津市（修正）.xlsx → 津市: 受理"), "{}", stdout(&o));
    assert_eq!(tsu_lines(&year).unwrap(), ["・訂正した版。"]);
    let (_, row, out) = status(&year, tmp.path());
    assert_eq!(row[1..3], ["提出済", "2018-11-12 09:00"], "{out}");
}

/// A workbook whose own date is before the deadline, arriving after it, is late.
#[test]
fn a_workbook_dated_before_the_deadline_arriving_after_it_is_late() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());
    put(&inbox.join("津市.xlsx"), version(&form, "2018-11-01T00:00:00Z", "・回答。"), "2018-11-19T01:00:00Z");
    let o = ingest(&inbox, &year, tmp.path());
    assert!(o.status.success(), "{}", stdout(&o));
    let (_, row, out) = status(&year, tmp.path());
    assert_eq!(row[1..3], ["提出済（期限後）", "2018-11-19 10:00"], "{out}");
}

/// A mail whose Date is in the future is taken at its topmost Received line, or,
/// without one, at its first ingest.
#[test]
fn a_mail_dated_in_the_future_is_taken_when_it_arrived() {
    let tmp = tempfile::tempdir().unwrap();
    let (form, year, inbox) = setup(tmp.path());
    let src = tmp.path().join("v.xlsx");
    std::fs::write(&src, version(&form, "2018-11-01T00:00:00Z", "・回答。")).unwrap();
    let future = "Thu, 01 Jan 2099 09:00:00 +0900";
    let o = python_with("email", "Python's standard library", &["-c", MAIL, s(&src), s(&inbox.join("受信.eml")), future, "Mon, 19 Nov 2018 10:15:00 +0900"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = ingest(&inbox, &year, tmp.path());
    assert!(o.status.success(), "{}", stdout(&o));
    let (_, row, out) = status(&year, tmp.path());
    assert_eq!(row[1..3], ["提出済（期限後）", "2018-11-19 10:15"], "the Received line: {out}");

    // Without a Received line: its first ingest (the clock: 2018-11-20 09:00 in Japan).
    let (tmp2, (form2, year2, inbox2)) = { let t = tempfile::tempdir().unwrap(); let s2 = setup(t.path()); (t, s2) };
    let src = tmp2.path().join("v.xlsx");
    std::fs::write(&src, version(&form2, "2018-11-01T00:00:00Z", "・回答。")).unwrap();
    let o = python_with("email", "Python's standard library", &["-c", MAIL, s(&src), s(&inbox2.join("受信.eml")), future]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = ingest(&inbox2, &year2, tmp2.path());
    assert!(o.status.success(), "{}", stdout(&o));
    let (_, row, out) = status(&year2, tmp2.path());
    assert_eq!(row[1..3], ["提出済（期限後）", "2018-11-20 09:00"], "the first ingest: {out}");
}
