//! `request` and `remind`: mail drafts (.eml) read back with Python's `email`
//! parser as a mail program would, and the cover letter's PDF read with pdftotext.


use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

/// 2018-10-01 09:00 in Japan: before the deadline (2018-11-16).
const BEFORE: &str = "2018-10-01T00:00:00Z";
/// 2018-11-20 09:00 in Japan: after it.
const AFTER: &str = "2018-11-20T00:00:00Z";

const REQUEST: &str = "\n[request]\nnumber = \"長介第１２３号\"\ndate = \"2018-10-01\"\n\
    addressee = \"各市町　在宅医療・介護連携担当課長　様\"\nsender = \"三重県医療保健部長\"\nmail = \"choju@pref.mie.example.jp\"\n";

/// The sample year with `[request]` and `contacts`.
fn year(contacts: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = sample_copy();
    let packet = dir.join("packet.toml");
    let text = fs::read_to_string(&packet).unwrap() + REQUEST;
    fs::write(&packet, text).unwrap();
    fs::write(dir.join("contacts.toml"), contacts).unwrap();
    (tmp, dir)
}

const CONTACTS: &str = r#"["桑名市"]
office = "介護高齢課"
person = "桑名 花子"
phone = "0594-00-0000"
mail = ["kaigo@city.kuwana.example.jp"]
cc = ["kaigo2@city.kuwana.example.jp"]

["木曽岬町"]
office = "福祉課"
person = "木曽 一郎\r\nBcc: evil@attacker.example"
mail = ["fukushi@town.kisosaki.example.jp", "fukushi2@town.kisosaki.example.jp"]
"#;

fn run(cmd: &str, year: &Path, out: &Path, now: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec![cmd, year.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(more);
    shiryo(&args, year.parent().unwrap(), &[("SHIRYO_NOW", now)])
}

/// Reads a draft with Python's `email` parser (policy.default, as a mail program
/// decodes it): headers, the text body, the attachments' names and SHA-256.
fn read_draft(path: &Path) -> serde_json::Value {
    const SCRIPT: &str = r#"
import email, hashlib, json, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
out = {k: [str(v) for v in (m.get_all(k) or [])] for k in ['From', 'To', 'Cc', 'Bcc', 'Subject', 'Date', 'Message-ID', 'X-Unsent']}
out['headers'] = [k for k in m.keys()]
out['to_addresses'] = [a.addr_spec for h in (m.get_all('To') or []) for a in h.addresses]
out['body'] = m.get_body(('plain',)).get_content()
out['attachments'] = [{'name': p.get_filename(), 'type': p.get_content_type(),
    'sha256': hashlib.sha256(p.get_payload(decode=True)).hexdigest()} for p in m.iter_attachments()]
print(json.dumps(out, ensure_ascii=False))
"#;
    let o = python_with("email", "the standard library's email", &["-c", SCRIPT, path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

/// The form `shiryo form --unit` writes for `name`.
fn form_bytes(year: &Path, name: &str, file: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let o = shiryo(&["form", year.to_str().unwrap(), "--unit", name, "-o", dir.path().to_str().unwrap()], year.parent().unwrap(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::read(dir.path().join(file)).unwrap()
}

#[test]
fn request_drafts_read_back_with_their_form_and_letter() {
    let (tmp, dir) = year(CONTACTS);
    let out = tmp.path().join("drafts");
    let o = run("request", &dir, &out, BEFORE, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);

    // 26 units and 3 centres, each a draft, and the letter.
    let emls: Vec<_> = fs::read_dir(&out).unwrap().filter_map(|e| e.ok()).filter(|e| e.path().extension().is_some_and(|x| x == "eml")).collect();
    assert_eq!(emls.len(), 29, "{text}");
    let letter = out.join("依頼文_長介第１２３号.pdf");
    assert!(letter.is_file(), "{text}");

    let d = read_draft(&out.join("桑名市.eml"));
    assert_eq!(strings(&d["Subject"]), ["【照会】平成30年度 在宅医療・介護連携の取組状況について（桑名市）"]);
    assert_eq!(strings(&d["From"]), ["三重県医療保健部長 <choju@pref.mie.example.jp>"]);
    assert_eq!(strings(&d["To"]), ["桑名市 介護高齢課 桑名 花子 <kaigo@city.kuwana.example.jp>"]);
    assert_eq!(strings(&d["Cc"]), ["kaigo2@city.kuwana.example.jp"]);
    assert_eq!(strings(&d["X-Unsent"]), ["1"]);
    assert_eq!(strings(&d["Date"]), ["Mon, 01 Oct 2018 00:00:00 +0000"]);
    let body = d["body"].as_str().unwrap();
    assert!(body.contains("平成30年11月16日（金）までに"), "{body}");
    assert!(body.contains("介護高齢課　桑名 花子 様"), "{body}");
    let att = d["attachments"].as_array().unwrap();
    assert_eq!(att.len(), 2);
    assert_eq!(att[0]["name"], "桑名市.xlsx");
    assert_eq!(att[0]["type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(att[0]["sha256"].as_str().unwrap(), sha256(&form_bytes(&dir, "桑名市", "桑名市.xlsx")), "the attachment is the form");
    assert_eq!(att[1]["name"], "依頼文_長介第１２３号.pdf");
    assert_eq!(att[1]["sha256"].as_str().unwrap(), sha256(&fs::read(&letter).unwrap()), "the attachment is the letter");

    // A centre's draft carries the centre's form.
    let c = read_draft(&out.join("広域_松阪地域在宅医療・介護連携拠点.eml"));
    assert_eq!(c["attachments"][0]["name"], "広域_松阪地域在宅医療・介護連携拠点.xlsx");
    assert!(c["body"].as_str().unwrap().starts_with("松阪地域在宅医療・介護連携拠点（広域）"), "{}", c["body"]);

    // A name typed with CR/LF and "Bcc:" stays inside To, encoded: no header is added.
    let k = read_draft(&out.join("木曽岬町.eml"));
    assert_eq!(strings(&k["Bcc"]), Vec::<String>::new(), "{k}");
    assert_eq!(strings(&k["to_addresses"]), ["fukushi@town.kisosaki.example.jp", "fukushi2@town.kisosaki.example.jp"]);
    for h in strings(&k["headers"]) {
        assert!(["From", "To", "Subject", "Date", "Message-ID", "X-Unsent", "MIME-Version", "Content-Type"].contains(&h.as_str()), "header {h}: {k}");
    }
    let raw = fs::read_to_string(out.join("木曽岬町.eml")).unwrap();
    assert!(!raw.to_ascii_lowercase().contains("\nbcc"), "{raw}");

    // A unit without an address: a draft with no To, listed at the end of the output.
    let t = read_draft(&out.join("津市.eml"));
    assert_eq!(strings(&t["To"]), Vec::<String>::new());
    assert_eq!(t["attachments"][0]["name"], "津市.xlsx");
    let (last, hint) = (text.lines().position(|l| l.starts_with("宛先（To）のない下書き")).unwrap(), text.lines().count());
    assert_eq!(text.lines().nth(last).unwrap(), "宛先（To）のない下書き（contacts.toml にメールアドレスがありません）: 27", "{text}");
    assert!(text.lines().skip(last).any(|l| l == "  津市"), "{text}");
    assert!(!text.lines().skip(last).any(|l| l == "  桑名市"), "{text}");
    assert!(text.lines().take(last).all(|l| !l.starts_with("  ")), "the list comes last: {text}");
    assert!(hint > last);

    // The same data and clock: the same bytes.
    let again = tmp.path().join("again");
    assert!(run("request", &dir, &again, BEFORE, &[]).status.success());
    for e in &emls {
        assert_eq!(fs::read(e.path()).unwrap(), fs::read(again.join(e.file_name())).unwrap(), "{:?}", e.file_name());
    }
    assert_eq!(fs::read(&letter).unwrap(), fs::read(again.join("依頼文_長介第１２３号.pdf")).unwrap());
}

#[test]
fn the_letter_holds_number_date_and_deadline() {
    let (tmp, dir) = year("");
    let out = tmp.path().join("drafts");
    let o = run("request", &dir, &out, BEFORE, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = squash(&raw_text(&out.join("依頼文_長介第１２３号.pdf")));
    for want in [
        "長介第１２３号",
        "平成30年10月１日（月）",
        "各市町在宅医療・介護連携担当課長様",
        "三重県医療保健部長",
        "（公印省略）",
        "平成30年度在宅医療・介護連携の取組状況について（照会）",
        "平成30年11月16日（金）",
        "①資源の把握",
        "059-224-2262",
    ] {
        assert!(text.contains(&squash(want)), "{want} not in {text}");
    }
}

#[test]
fn a_bad_address_is_an_error_naming_file_and_key_and_an_unknown_name_a_warning() {
    let (tmp, dir) = year("[\"桑名市\"]\nmail = [\"kaigo@city.kuwana.example.jp\\r\\nBcc: evil@attacker.example\"]\n\n[\"桑名町\"]\nmail = [\"a@example.jp\"]\n");
    let out = tmp.path().join("drafts");
    let o = run("request", &dir, &out, BEFORE, &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("contacts.toml 桑名市.mail[1]: エラー:"), "{err}");
    assert!(err.contains("contacts.toml 桑名町: 警告:"), "{err}");
    assert!(!out.join("桑名市.eml").exists());
    let check = shiryo(&["check", dir.to_str().unwrap()], tmp.path(), &[]);
    assert!(stdout(&check).contains("桑名市.mail[1]") || stderr(&check).contains("桑名市.mail[1]"), "{}", stderr(&check));
}

#[test]
fn without_request_fields_the_command_says_what_to_add() {
    let (tmp, dir) = sample_copy();
    let o = run("request", &dir, &tmp.path().join("d"), BEFORE, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("packet.toml request: エラー: 依頼文の欄がありません"), "{}", stderr(&o));
}

#[test]
fn remind_after_the_deadline_says_overdue_and_skips_who_answered() {
    let (tmp, dir) = year(CONTACTS);
    for unit in ["桑名市", "津市"] {
        fs::remove_file(dir.join("units").join(format!("{unit}.toml"))).unwrap();
    }
    // A centre's file without 広域 lines is its definition (as new-year writes it), not an answer.
    let centre = fs::read_dir(dir.join("centres")).unwrap().map(|e| e.unwrap().path()).find(|p| {
        fs::read_to_string(p).unwrap().contains("松阪地域在宅医療・介護連携拠点")
    });
    edit(&centre.unwrap(), |t| {
        t.remove("items");
    });
    let out = tmp.path().join("remind");
    let o = run("remind", &dir, &out, AFTER, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut names: Vec<String> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["広域_松阪地域在宅医療・介護連携拠点.eml", "桑名市.eml", "津市.eml"], "{text}");
    assert!(text.contains("回答済み（再依頼なし）: 26"), "{text}");
    let c = read_draft(&out.join("広域_松阪地域在宅医療・介護連携拠点.eml"));
    assert_eq!(c["attachments"][0]["name"], "広域_松阪地域在宅医療・介護連携拠点.xlsx");
    assert_eq!(strings(&c["To"]), Vec::<String>::new(), "no contact: an empty To");
    assert!(text.contains("期限超過"), "{text}");
    let d = read_draft(&out.join("桑名市.eml"));
    assert_eq!(strings(&d["Subject"]), ["【再依頼・期限超過】平成30年度 在宅医療・介護連携の取組状況について（桑名市）"]);
    assert_eq!(strings(&d["To"]), ["桑名市 介護高齢課 桑名 花子 <kaigo@city.kuwana.example.jp>"]);
    assert_eq!(strings(&d["X-Unsent"]), ["1"]);
    let body = d["body"].as_str().unwrap();
    assert!(body.contains("提出期限（平成30年11月16日（金））を過ぎています（期限超過）"), "{body}");
    assert!(body.contains("平成30年11月20日（火）現在"), "{body}");
    assert_eq!(d["attachments"][0]["name"], "桑名市.xlsx");
    assert_eq!(d["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(d["attachments"][0]["sha256"].as_str().unwrap(), sha256(&form_bytes(&dir, "桑名市", "桑名市.xlsx")));

    // Before the deadline: a reminder, not 期限超過.
    let early = tmp.path().join("early");
    let o = run("remind", &dir, &early, "2018-11-16T14:59:59Z", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("期限超過"), "{}", stdout(&o));
    let d = read_draft(&early.join("津市.eml"));
    assert_eq!(strings(&d["Subject"]), ["【再依頼】平成30年度 在宅医療・介護連携の取組状況について（津市）"]);
    assert!(!d["body"].as_str().unwrap().contains("期限超過"));
    // The deadline day ends at midnight in Japan.
    let late = tmp.path().join("late");
    assert!(stdout(&run("remind", &dir, &late, "2018-11-16T15:00:00Z", &[])).contains("期限超過"));
}

#[test]
fn templates_are_overridden_from_the_templates_folder() {
    let (tmp, dir) = year(CONTACTS);
    let t = tmp.path().join("tpl");
    fs::create_dir_all(t.join("mail")).unwrap();
    fs::write(t.join("mail/request.subject.j2"), "{{ name }}様　{{ survey }}のお願い（{{ deadline }}締切）").unwrap();
    fs::write(t.join("letter.typ"), "#let d = json(\"/letter.json\")\n#d.number／#d.deadline\n").unwrap();
    let out = tmp.path().join("d");
    let o = run("request", &dir, &out, BEFORE, &["--templates", t.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = read_draft(&out.join("桑名市.eml"));
    assert_eq!(strings(&d["Subject"]), ["桑名市様 在宅医療・介護連携の取組状況のお願い（平成30年11月16日（金）締切）"]);
    assert!(d["body"].as_str().unwrap().contains("別添の依頼文"), "the body is still the built-in one");
    let text = squash(&raw_text(&out.join("依頼文_長介第１２３号.pdf")));
    assert_eq!(text, squash("長介第１２３号／平成30年11月16日（金）"));
    // A template naming a value that does not exist is an error, not an empty text.
    fs::write(t.join("mail/request.subject.j2"), "{{ nmae }}").unwrap();
    let o = run("request", &dir, &tmp.path().join("e"), BEFORE, &["--templates", t.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("request.subject.j2"), "{}", stderr(&o));
}

#[test]
fn contacts_are_carried_over_by_new_year_and_kept_by_fmt() {
    let (tmp, dir) = year(CONTACTS);
    let o = shiryo(&["fmt", dir.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let canonical = fs::read_to_string(dir.join("contacts.toml")).unwrap();
    assert!(canonical.contains("[\"桑名市\"]") && canonical.contains("kaigo2@city.kuwana.example.jp"), "{canonical}");
    let next = tmp.path().join("2019");
    let o = shiryo(
        &["new-year", dir.to_str().unwrap(), "-o", next.to_str().unwrap(), "--date", "2019-12-11", "--deadline", "2019-11-15"],
        tmp.path(),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(next.join("contacts.toml")).unwrap(), canonical);
    // The packet's [request] is carried over too, its date a year on (the clerk renumbers it): `request` goes out.
    let packet = fs::read_to_string(next.join("packet.toml")).unwrap();
    assert!(packet.contains("[request]") && packet.contains("date = \"2019-10-01\""), "{packet}");
    let o = run("request", &next, &tmp.path().join("d2019"), "2019-10-01T00:00:00Z", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("packet.toml request.date: 警告"), "{}", stderr(&o));
}
