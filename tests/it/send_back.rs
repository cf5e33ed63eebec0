//! 差し戻し: a rejected workbook goes back as a fresh form holding the unit's
//! own answers, the cell to correct coloured with a comment, a first sheet of
//! reasons linking to it, the count in the marker; corrected and returned, it
//! is accepted. Read back with openpyxl, as another program sees it.



use crate::common::*;

const READ: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
reasons = [[c.value, c.hyperlink.location if c.hyperlink else None] for c in (row[0] for row in wb["差し戻し理由"].iter_rows(min_row=5))]
texts = [row[1].value for row in wb["差し戻し理由"].iter_rows(min_row=5)]
items = wb["取組状況"]
marked = {c.coordinate: [c.comment.text if c.comment else None, c.fill.fgColor.rgb]
          for row in items.iter_rows() for c in row if c.comment}
marker = {row[0].value: row[1].value for row in wb["_shiryo"].iter_rows()}
print(json.dumps({"sheets": wb.sheetnames, "active": wb.active.title, "reasons": reasons, "texts": texts,
                  "marked": marked, "sent_back": marker.get("sent_back")}, ensure_ascii=False))
"#;

#[test]
fn a_rejected_workbook_goes_back_marked_and_returns_accepted() {
    let (tmp, year, forms, inbox) = sample_with_form("津市");
    let empty_c7 = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", empty_c7, s(&forms.join("津市.xlsx")), s(&inbox.join("津市.xlsx"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));

    let out = tmp.path().join("sendback");
    let o = shiryo(&["send-back", s(&year), "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("津市: 差し戻し_津市.xlsx を作成しました（直す箇所 1 件）。"), "{}", stdout(&o));
    let book = out.join("差し戻し_津市.xlsx");
    let o = python_with("openpyxl", "openpyxl", &["-c", READ, s(&book)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(seen["sheets"][0], "差し戻し理由", "{seen}");
    assert_eq!(seen["active"], "差し戻し理由", "the reasons open first");
    assert_eq!(seen["reasons"][0], serde_json::json!(["取組状況!C7", "'取組状況'!C7"]), "a link to the cell: {seen}");
    assert!(seen["texts"][0].as_str().unwrap().contains("⑤相談支援 が空欄です"), "{seen}");
    let marked = seen["marked"].as_object().unwrap();
    assert_eq!(marked.keys().collect::<Vec<_>>(), ["C7"], "only the cell to correct: {seen}");
    assert!(marked["C7"][0].as_str().unwrap().contains("⑤相談支援 が空欄です。記入がない場合は「―」と入力してください。"));
    assert_eq!(marked["C7"][1], "FFFFC7CE", "coloured");
    assert_eq!(seen["sent_back"], "1", "the count in the marker");

    // The office corrects the cell in the workbook it got back and returns it: accepted, without a word about the reasons sheet.
    let fix = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = '・相談窓口を設置。'; wb.save(sys.argv[2])";
    let back = tmp.path().join("back");
    std::fs::create_dir(&back).unwrap();
    let o = python_with("openpyxl", "openpyxl", &["-c", fix, s(&book), s(&back.join("差し戻し_津市.xlsx"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shiryo(&["ingest", s(&back), "--year", s(&year)], tmp.path(), &[]);
    assert!(stdout(&o).contains("差し戻し_津市.xlsx → 津市: 受理\n"), "{}", stdout(&o));
    let tsu = shiryo::store::load(&year).unwrap().unit("津市").unwrap().item("consultation").unwrap().lines.clone();
    assert_eq!(tsu, ["・相談窓口を設置。"]);
    let o = shiryo(&["send-back", s(&year), "-o", s(&out)], tmp.path(), &[]);
    assert!(stdout(&o).contains("差し戻すブックはありません。"), "{}", stdout(&o));
}

/// `ingest --drafts`: a receipt to the sender of an accepted workbook (its
/// warnings listed), and for a rejected one its send-back workbook with a
/// draft to send it with, addressed to the mail's sender. Read back with
/// Python's `email` parser.
#[test]
fn ingest_writes_receipts_and_send_backs_as_drafts() {
    let (tmp, year) = sample_copy();
    let forms = tmp.path().join("forms");
    for unit in ["津市", "桑名市"] {
        let o = shiryo(&["form", s(&sample()), "--unit", unit, "-o", s(&forms)], tmp.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // 津市's answer by mail with ⑤ left empty; 桑名市's workbook saved from a mail, with a 「･」 bullet.
    let mail = "import sys, openpyxl, io\nfrom email.message import EmailMessage\n\
        wb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; b = io.BytesIO(); wb.save(b)\n\
        m = EmailMessage(); m['From'] = '津市 地域包括ケア推進室 <houkatsu@example.jp>'; m['To'] = 'zaitaku@example.jp'\n\
        m['Subject'] = '照会回答'; m['Date'] = 'Thu, 15 Nov 2018 17:30:00 +0900'; m.set_content('回答です。')\n\
        m.add_attachment(b.getvalue(), maintype='application', subtype='octet-stream', filename='津市.xlsx')\n\
        open(sys.argv[2], 'wb').write(bytes(m))";
    let o = python_with("openpyxl", "openpyxl", &["-c", mail, s(&forms.join("津市.xlsx")), s(&inbox.join("回答.eml"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bullet = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C3'] = '･資源マップを作成。'; wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", bullet, s(&forms.join("桑名市.xlsx")), s(&inbox.join("桑名市.xlsx"))]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let drafts = tmp.path().join("drafts");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year), "--drafts", s(&drafts)], tmp.path(), &[("SHIRYO_NOW", "2018-11-16T01:00:00Z")]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let mut files: Vec<String> = std::fs::read_dir(&drafts).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["受領_桑名市.eml", "差し戻し_津市.eml", "差し戻し_津市.xlsx"]);
    let read = r#"
import sys, json
from email import policy
from email.parser import BytesParser
m = BytesParser(policy=policy.default).parse(open(sys.argv[1], "rb"))
body = m.get_body(preferencelist=("plain",)).get_content()
atts = [a.get_filename() for a in m.iter_attachments()]
print(json.dumps({"to": str(m["To"]), "subject": str(m["Subject"]), "unsent": m["X-Unsent"], "body": body, "atts": atts}, ensure_ascii=False))
"#;
    let parse = |f: &str| -> serde_json::Value {
        let o = python_with("email", "Python's standard library", &["-c", read, s(&drafts.join(f))]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let back = parse("差し戻し_津市.eml");
    assert_eq!(back["to"], "津市 地域包括ケア推進室 <houkatsu@example.jp>", "to the mail's sender: {back}");
    assert_eq!(back["unsent"], "1");
    assert!(back["subject"].as_str().unwrap().starts_with("【差し戻し】平成30年度"), "{back}");
    assert!(back["body"].as_str().unwrap().contains("取組状況!C7：⑤相談支援 が空欄です"), "{back}");
    assert_eq!(back["atts"], serde_json::json!(["差し戻し_津市.xlsx"]));
    let receipt = parse("受領_桑名市.eml");
    assert!(receipt["subject"].as_str().unwrap().starts_with("【受領】"), "{receipt}");
    let body = receipt["body"].as_str().unwrap();
    assert!(body.contains("平成30年11月16日（金）に受け付けました") && body.contains("「･」で始まる行を「・」で始まる取組として読みました"), "{body}");
}

/// A unit under send-back is reminded of the send-back, not asked as if it had sent
/// nothing: its send-back workbook attached again, to the officer who answered, the
/// registered contact in Cc (read back with Python's email parser).
#[test]
fn a_reminder_to_a_unit_under_send_back_carries_its_send_back() {
    let (tmp, year, forms, inbox) = sample_with_form("津市");
    std::fs::remove_file(year.join("units/津市.toml")).unwrap();
    std::fs::write(year.join("contacts.toml"), "[\"津市\"]\noffice = \"地域包括ケア推進室\"\nmail = [\"houkatsu@city.tsu.example.jp\"]\n").unwrap();
    let empty_c7 = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; wb.save(sys.argv[2])";
    let answered = tmp.path().join("answered.xlsx");
    let o = python_with("openpyxl", "openpyxl", &["-c", empty_c7, s(&forms.join("津市.xlsx")), s(&answered)]);
    assert!(o.status.success(), "{}", stderr(&o));
    answer_mail(&answered, &inbox.join("津市から.eml"), "津 太郎 <taro@city.tsu.example.jp>", "Mon, 12 Nov 2018 10:00:00 +0900", "Re: 照会");
    let now = [("SHIRYO_NOW", "2018-11-20T00:00:00Z")];
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &now);
    assert_eq!(o.status.code(), Some(1), "rejected: {}", stdout(&o));
    let drafts = tmp.path().join("drafts");
    let o = shiryo(&["remind", s(&year), "-o", s(&drafts)], tmp.path(), &now);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("差し戻し中（差し戻しのブックを添付し、回答した担当者あて）: 津市"), "{}", stdout(&o));
    let read = "import sys, json\nfrom email import policy\nfrom email.parser import BytesParser\n\
        m = BytesParser(policy=policy.default).parse(open(sys.argv[1], 'rb'))\n\
        print(json.dumps({'to': [a.addr_spec for a in m['To'].addresses], 'cc': [a.addr_spec for a in m['Cc'].addresses] if m['Cc'] else [],\n\
        'subject': str(m['Subject']), 'atts': [a.get_filename() for a in m.iter_attachments()],\n\
        'body': m.get_body(preferencelist=('plain',)).get_content()}, ensure_ascii=False))";
    let o = python_with("email", "Python's standard library", &["-c", read, s(&drafts.join("津市.eml"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["to"], serde_json::json!(["taro@city.tsu.example.jp"]), "{d}");
    assert_eq!(d["cc"], serde_json::json!(["houkatsu@city.tsu.example.jp"]), "{d}");
    assert_eq!(d["atts"], serde_json::json!(["差し戻し_津市.xlsx"]), "{d}");
    assert!(d["subject"].as_str().unwrap().starts_with("【再提出のお願い・期限超過】"), "{d}");
    let body = d["body"].as_str().unwrap();
    assert!(body.contains("津 太郎 様") && body.contains("先にお返しした回答（answered.xlsx）") && body.contains("⑤相談支援 が空欄です"), "{body}");
    assert!(!body.contains("まだ受け付けておりません。\n") && !body.contains("添付の様式に記入のうえ"), "not the blank-form reminder: {body}");
}

/// Send-back and receipt drafts put every address through the one check: a contacts.toml
/// address carrying a line break (and a Bcc after it) never reaches a header.
#[test]
fn a_send_back_draft_never_carries_a_header_from_an_address() {
    let (tmp, year, forms, inbox) = sample_with_form("津市");
    std::fs::remove_file(year.join("units/津市.toml")).unwrap();
    let evil = "[\"津市\"]\nmail = [\"houkatsu@city.tsu.example.jp\\r\\nBcc: x@evil.example\"]\ncc = [\"ok@city.tsu.example.jp\"]\n";
    std::fs::write(year.join("contacts.toml"), evil).unwrap();
    let empty_c7 = "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; wb.save(sys.argv[2])";
    let o = python_with("openpyxl", "openpyxl", &["-c", empty_c7, s(&forms.join("津市.xlsx")), s(&inbox.join("津市.xlsx"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let drafts = tmp.path().join("drafts");
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year), "--drafts", s(&drafts)], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let eml = std::fs::read(drafts.join("差し戻し_津市.eml")).unwrap();
    let text = String::from_utf8_lossy(&eml);
    let headers = text.split("\r\n\r\n").next().unwrap();
    assert!(!headers.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc")) && !text.contains("evil.example"), "{headers}");
    assert!(headers.contains("ok@city.tsu.example.jp"), "the good address stays: {headers}");
}
