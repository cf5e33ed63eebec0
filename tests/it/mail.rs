//! Mail in: saved mails (`.eml`), mailboxes (`.mbox`) and Outlook items
//! (`.msg`) in the ingest folder, their workbooks ingested with the mail's
//! sender, date and subject in the ledger; mails without a workbook and
//! hostile mails each get a line. The fixtures are `tests/fixtures/mail/`,
//! made by `make-mails.py` (Python's `email`, Debian's s-nail) and
//! `examples/make-msg.rs` there; `ascii.msg` and `attachment.msg` are Outlook's,
//! from the `msg_parser` crate (MIT, `msg_parser-LICENSE`).


use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::common::{sample_copy, shiryo, stdout};
use shiryo::intake::ingest::sources::{self, Item, Origin, SkipReason};
use shiryo::intake::mail;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

fn copy_to(dir: &Path, names: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    for n in names {
        std::fs::copy(fixture(&format!("mail/{n}")), dir.join(n)).unwrap();
    }
}

fn gather(dir: &Path, passwords: &[&str]) -> Vec<Item> {
    let pw: Vec<String> = passwords.iter().map(|s| s.to_string()).collect();
    sources::gather(dir, &[], &pw).unwrap()
}

fn envelope(item: &Item) -> &mail::Envelope {
    match item {
        Item::Source(s) => match &s.origin {
            Origin::Mail { envelope, .. } => envelope,
            o => panic!("{}: not from a mail: {o:?}", s.display),
        },
        Item::Skipped(s) => panic!("{} skipped: {:?}", s.display, s.reason),
    }
}

fn reason<'a>(items: &'a [Item], display: &str) -> &'a SkipReason {
    match items.iter().find(|i| i.display() == display) {
        Some(Item::Skipped(s)) => &s.reason,
        other => panic!("{display}: {other:?}\n{:#?}", items.iter().map(Item::display).collect::<Vec<_>>()),
    }
}

fn source<'a>(items: &'a [Item], display: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.display() == display && matches!(i, Item::Source(_)))
        .unwrap_or_else(|| panic!("no workbook {display}: {:#?}", items.iter().map(|i| (i.display(), matches!(i, Item::Source(_)))).collect::<Vec<_>>()))
}


/// The ledger's lines (`received/index.toml`) as TOML tables.
fn ledger(year: &Path) -> Vec<toml::Table> {
    let text = std::fs::read_to_string(year.join("received/index.toml")).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    t.get("workbooks").and_then(|w| w.as_array()).map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect()).unwrap_or_default()
}

fn line<'a>(ledger: &'a [toml::Table], original: &str) -> &'a toml::Table {
    ledger
        .iter()
        .find(|e| e.get("original").and_then(|v| v.as_str()) == Some(original))
        .unwrap_or_else(|| panic!("no ledger line for {original}: {ledger:#?}"))
}

fn field<'a>(e: &'a toml::Table, key: &str) -> &'a str {
    e.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

fn ingest(folder: &Path, year: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["ingest", folder.to_str().unwrap(), "--year", year.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = shiryo(&args, folder.parent().unwrap(), &[]);
    let text = format!("{}{}", stdout(&o), crate::common::stderr(&o));
    (o.status.success(), text)
}

fn check_is_clean(year: &Path) {
    let o = shiryo(&["check", year.to_str().unwrap()], year.parent().unwrap(), &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), crate::common::stderr(&o));
    let all = format!("{}{}", stdout(&o), crate::common::stderr(&o));
    assert!(!all.contains("エラー") && !all.contains("警告"), "{all}");
}

/// Each mail fixture as `gather` sees it: names decoded (RFC 2047 inside a
/// quoted filename, RFC 2231 with continuations from s-nail), sender, date and
/// subject (ISO-2022-JP), zipped workbooks, and the lines for the rest.
#[test]
fn fixtures_are_read_with_their_envelopes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_to(
        tmp.path(),
        &["rfc2047.eml", "rfc2231.eml", "zipped.eml", "password-zip.eml", "no-attachment.eml", "pdf-only.eml", "s-nail.mbox", "s-nail.eml", "script.msg", "ascii.msg", "attachment.msg"],
    );
    let items = gather(tmp.path(), &[]);
    let e = envelope(source(&items, "rfc2047.eml/桑名市.xlsx"));
    assert_eq!(e.sender, "桑名市 長寿介護課 <kaigo@city.kuwana.example.jp>");
    assert_eq!(e.subject, "【回答】在宅医療・介護連携の取組状況（桑名市）");
    assert_eq!(e.date.as_deref(), Some("2019-10-15T09:30:00+09:00"));
    let e = envelope(source(&items, "rfc2231.eml/亀山市.xlsx"));
    assert_eq!((e.subject.as_str(), e.date.as_deref()), ("【回答】取組状況調査（亀山市）", Some("2019-10-15T01:05:00Z")));
    let e = envelope(source(&items, "zipped.eml/回答.zip/大台町.xlsx"));
    assert_eq!(e.sender, "大台町 福祉課 <fukushi@town.odai.example.jp>");
    assert_eq!(reason(&items, "zipped.eml/送付状.pdf"), &SkipReason::NotAWorkbook);
    assert_eq!(envelope(source(&items, "s-nail.mbox/1件目/紀北広域連合.xlsx")).sender, "紀北広域連合 <renraku@kihoku.example.jp>");
    let e = envelope(source(&items, "s-nail.mbox/2件目/広域_松阪地域在宅医療・介護連携拠点.xlsx"));
    assert_eq!((e.subject.as_str(), e.date.as_deref()), ("【回答】松阪地域在宅医療・介護連携拠点", Some("2019-10-21T04:15:00Z")));
    assert_eq!(envelope(source(&items, "s-nail.eml/紀北広域連合.xlsx")).date.as_deref(), Some("2019-10-20T23:59:59Z"));
    let e = envelope(source(&items, "script.msg/桑名市.xlsx"));
    assert_eq!(e.sender, "桑名市 長寿介護課 <kaigo@city.kuwana.example.jp>");
    assert_eq!(e.subject, "【回答】取組状況（桑名市）Outlook");
    assert_eq!(e.date.as_deref(), Some("2019-10-22T10:11:12+09:00"));
    assert_eq!(reason(&items, "password-zip.eml/回答.zip/桑名市.xlsx"), &SkipReason::EncryptedZip { tried: 0 });
    assert_eq!(
        reason(&items, "no-attachment.eml"),
        &SkipReason::MailWithoutAttachment { sender: "木曽岬町 福祉課 <fukushi@town.kisosaki.example.jp>".into(), subject: "回答は来週お送りします".into() }
    );
    assert_eq!(
        reason(&items, "pdf-only.eml"),
        &SkipReason::NoWorkbookInMail { sender: "東員町 健康長寿課 <choju@town.toin.example.jp>".into(), subject: "【回答】東員町（PDF）".into() }
    );
    assert_eq!(reason(&items, "pdf-only.eml/回答.pdf"), &SkipReason::NotAWorkbook);
    // Outlook's own items (msg_parser's samples): one without attachments, one with a .doc and images
    assert!(matches!(reason(&items, "ascii.msg"), SkipReason::MailWithoutAttachment { subject, .. } if subject == "creating an outlook message file"));
    assert!(matches!(reason(&items, "attachment.msg"), SkipReason::NoWorkbookInMail { sender, .. } if sender == "Nagisetti, Satya"));
    assert_eq!(reason(&items, "attachment.msg/loan_proposal.doc"), &SkipReason::NotAWorkbook);
    // every line has words in both languages
    for i in &items {
        if let Item::Skipped(s) = i {
            for lang in [shiryo::messages::Lang::Ja, shiryo::messages::Lang::En] {
                assert!(!shiryo::messages::skipped(s, shiryo::messages::Front::Terminal, lang).trim().is_empty());
            }
        }
    }
}

/// Mails ingested into the sample year: each workbook accepted for its unit
/// or centre, the ledger recording origin mail, sender, subject and date; the
/// mail without attachment and the PDF-only mail named by sender and subject.
#[test]
fn mails_are_ingested_into_the_year() {
    let (tmp, year) = sample_copy();
    let inbox = tmp.path().join("受信");
    copy_to(&inbox, &["rfc2047.eml", "rfc2231.eml", "zipped.eml", "no-attachment.eml", "pdf-only.eml", "s-nail.mbox"]);
    let (ok, out) = ingest(&inbox, &year, &[]);
    assert!(ok, "{out}");
    for (file, unit) in [
        ("rfc2047.eml/桑名市.xlsx", "桑名市"),
        ("rfc2231.eml/亀山市.xlsx", "亀山市"),
        ("zipped.eml/回答.zip/大台町.xlsx", "大台町"),
        ("s-nail.mbox/1件目/紀北広域連合.xlsx", "紀北広域連合"),
    ] {
        assert!(out.lines().any(|l| l.contains(file) && l.contains(unit)), "{file} → {unit}:\n{out}");
    }
    assert!(out.contains("木曽岬町 福祉課 <fukushi@town.kisosaki.example.jp>") && out.contains("回答は来週お送りします"), "{out}");
    assert!(out.contains("東員町 健康長寿課 <choju@town.toin.example.jp>") && out.contains("【回答】東員町（PDF）"), "{out}");
    let ledger = ledger(&year);
    let e = line(&ledger, "rfc2047.eml/桑名市.xlsx");
    assert_eq!(field(e, "origin"), "mail");
    assert_eq!(field(e, "state"), "applied");
    assert_eq!((field(e, "kind"), field(e, "name")), ("unit", "桑名市"));
    assert_eq!(field(e, "sender"), "桑名市 長寿介護課 <kaigo@city.kuwana.example.jp>");
    assert_eq!(field(e, "subject"), "【回答】在宅医療・介護連携の取組状況（桑名市）");
    assert_eq!(field(e, "mail_date"), "2019-10-15T09:30:00+09:00");
    let e = line(&ledger, "s-nail.mbox/2件目/広域_松阪地域在宅医療・介護連携拠点.xlsx");
    assert_eq!((field(e, "origin"), field(e, "kind"), field(e, "mail_date")), ("mail", "centre", "2019-10-21T04:15:00Z"));
    assert_eq!(field(line(&ledger, "zipped.eml/回答.zip/大台町.xlsx"), "origin"), "mail");
    check_is_clean(&year);
}

/// A password zip attached (PPAP): refused with its line without the
/// password, read with it; an Outlook item (script-built) likewise.
#[test]
fn password_zip_and_msg() {
    let (tmp, year) = sample_copy();
    let inbox = tmp.path().join("受信");
    copy_to(&inbox, &["password-zip.eml", "script.msg"]);
    let msg_only = tmp.path().join("msg");
    copy_to(&msg_only, &["script.msg", "ascii.msg", "attachment.msg"]);
    std::fs::remove_file(inbox.join("script.msg")).unwrap();
    let (ok, out) = ingest(&inbox, &year, &[]);
    assert!(!ok && out.contains("password-zip.eml/回答.zip/桑名市.xlsx"), "{out}");
    let (ok, out) = ingest(&inbox, &year, &["--zip-password", "himitsu"]);
    assert!(ok, "{out}");
    let ledger1 = ledger(&year);
    let e = line(&ledger1, "password-zip.eml/回答.zip/桑名市.xlsx");
    assert_eq!((field(e, "origin"), field(e, "state"), field(e, "sender")), ("mail", "applied", "紀北広域連合 <renraku@kihoku.example.jp>"));

    check_is_clean(&year);
    // the same workbook again, from Outlook: into a fresh year (in this one it is known already)
    let (_tmp2, year) = sample_copy();
    let (ok, out) = ingest(&msg_only, &year, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("Nagisetti, Satya"), "{out}");
    let ledger2 = ledger(&year);
    let e = line(&ledger2, "script.msg/桑名市.xlsx");
    assert_eq!((field(e, "origin"), field(e, "mail_date")), ("mail", "2019-10-22T10:11:12+09:00"));
    assert_eq!(field(e, "subject"), "【回答】取組状況（桑名市）Outlook");
    check_is_clean(&year);
}

/// A mail part: headers and a base64 body, as a mailer writes it.
fn part(headers: &str, body: &[u8]) -> String {
    format!("{headers}\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n", base64(body))
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 57 * 2 + 8);
    for (n, c) in data.chunks(3).enumerate() {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= c.len() { T[(v >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
        if n % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out
}

fn mail_with(subject: &str, parts: &[String]) -> Vec<u8> {
    let mut m = format!(
        "From: Test <t@example.jp>\r\nSubject: {subject}\r\nDate: Tue, 15 Oct 2019 09:30:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
    );
    for p in parts {
        m.push_str("--b\r\n");
        m.push_str(p);
    }
    m.push_str("--b--\r\n");
    m.into_bytes()
}

const XLSX_TYPE: &str = "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file given directly (`shiryo ingest 回答.eml`), not a folder.
#[test]
fn a_mail_given_directly() {
    let (tmp, year) = sample_copy();
    copy_to(tmp.path(), &["rfc2231.eml"]);
    let (ok, out) = ingest(&tmp.path().join("rfc2231.eml"), &year, &[]);
    assert!(ok, "{out}");
    assert_eq!(field(line(&ledger(&year), "rfc2231.eml/亀山市.xlsx"), "origin"), "mail");
}

/// The fuzzer's seeds (`fuzz/seeds/mail/`) through the same checks it runs.
#[test]
fn fuzz_seeds_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/mail");
    let mut n = 0;
    for f in std::fs::read_dir(&dir).unwrap() {
        let f = f.unwrap().path();
        let bytes = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| shiryo::fuzzing::mail(&bytes));
        assert!(outcome.is_ok(), "{} panics", f.display());
        n += 1;
    }
    assert!(n >= 5);
}

/// A mail that carries `inner` (a mail's bytes) as an attached file named `name`.
fn mail_carrying(name: &str, inner: &[u8]) -> Vec<u8> {
    mail_with(name, &[part(&format!("Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"{name}\""), inner)])
}

/// Mails inside mails (forwarded as attachment: message/rfc822, or a `.msg` sent on as a file),
/// mails saved in a zip, and a mailbox without its extension (Thunderbird's `Inbox`): each read
/// as a mail, its workbooks with their own sender, its lines like any other; too deep, a line.
#[test]
fn mails_inside_mails_and_zips_and_a_mailbox_without_extension() {
    let (tmp, year) = sample_copy();
    let inbox = tmp.path().join("受信");
    copy_to(&inbox, &["forwarded.eml", "forwarded-msg.eml", "mails.zip", "Inbox"]);
    // zip → a.eml → b.eml → c.eml: the third mail file is one too deep
    let c = mail_with("c", &[part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"x.xlsx\""), b"PK")]);
    let a = mail_carrying("b.eml", &mail_carrying("c.eml", &c));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("a.eml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut w, &a).unwrap();
    std::fs::write(inbox.join("deep.zip"), w.finish().unwrap().into_inner()).unwrap();

    let items = gather(&inbox, &[]);
    let e = envelope(source(&items, "forwarded.eml/【回答】取組状況（大台町）.eml/大台町.xlsx"));
    assert_eq!((e.sender.as_str(), e.date.as_deref()), ("大台町 福祉課 <fukushi@town.odai.example.jp>", Some("2019-10-16T17:45:10+09:00")), "the forwarded mail's own");
    let e = envelope(source(&items, "forwarded-msg.eml/転送.msg/桑名市.xlsx"));
    assert_eq!(e.subject, "【回答】取組状況（桑名市）Outlook");
    assert_eq!(envelope(source(&items, "mails.zip/rfc2231.eml/亀山市.xlsx")).subject, "【回答】取組状況調査（亀山市）");
    assert_eq!(envelope(source(&items, "mails.zip/script.msg/桑名市.xlsx")).sender, "桑名市 長寿介護課 <kaigo@city.kuwana.example.jp>");
    assert_eq!(envelope(source(&items, "mails.zip/s-nail.mbox/2件目/広域_松阪地域在宅医療・介護連携拠点.xlsx")).date.as_deref(), Some("2019-10-21T04:15:00Z"));
    assert_eq!(envelope(source(&items, "Inbox/1件目/桑名市.xlsx")).date.as_deref(), Some("2019-10-15T09:30:00+09:00"));
    assert!(matches!(reason(&items, "Inbox/2件目"), SkipReason::MailWithoutAttachment { subject, .. } if subject == "回答は来週お送りします"));
    assert_eq!(reason(&items, "deep.zip/a.eml/b.eml/c.eml"), &SkipReason::MailTooDeep);
    // a mailbox given directly, without its extension
    let direct = sources::gather(&inbox.join("Inbox"), &[], &[]).unwrap();
    assert!(direct.iter().any(|i| i.display() == "Inbox/1件目/桑名市.xlsx"), "{:?}", direct.iter().map(Item::display).collect::<Vec<_>>());
    // a file without extension that is no mailbox: not read
    std::fs::write(inbox.join("README"), "From the clerk: this folder holds the answers.\n").unwrap();
    assert_eq!(reason(&gather(&inbox, &[]), "README"), &SkipReason::NotAWorkbook);

    // Ingested: the forwarded workbook recorded with its own mail's sender and date.
    let (_, out) = ingest(&inbox, &year, &[]);
    for shown in ["forwarded.eml/【回答】取組状況（大台町）.eml/大台町.xlsx → 大台町", "mails.zip/rfc2231.eml/亀山市.xlsx → 亀山市", "deep.zip/a.eml/b.eml/c.eml", "Inbox/2件目"] {
        assert!(out.contains(shown), "{shown}: no line\n{out}");
    }
    let ledger = ledger(&year);
    let e = line(&ledger, "forwarded.eml/【回答】取組状況（大台町）.eml/大台町.xlsx");
    assert_eq!((field(e, "state"), field(e, "origin")), ("applied", "mail"));
    assert_eq!((field(e, "sender"), field(e, "mail_date")), ("大台町 福祉課 <fukushi@town.odai.example.jp>", "2019-10-16T17:45:10+09:00"));
    assert_eq!(field(line(&ledger, "mails.zip/rfc2231.eml/亀山市.xlsx"), "state"), "applied");
}

/// Tests that assert a time: `bash scripts/test` runs them alone, after the rest.
mod timed {
    use super::*;

    /// Hostile mails beside good ones: each refused or read within the limits,
    /// with a line; the rest of the folder still ingested.
    #[test]
    fn hostile_mails_get_a_line_and_the_rest_is_ingested() {
        let (tmp, year) = sample_copy();
        let inbox = tmp.path().join("受信");
        copy_to(&inbox, &["rfc2047.eml"]);
        // a 50 MB attachment: over the attachment cap (20 MB, a zip entry's)
        let big = vec![0u8; 50 << 20];
        std::fs::write(inbox.join("big.eml"), mail_with("big", &[part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"亀山市.xlsx\""), &big)])).unwrap();
        // MIME nested 1,000 deep, a workbook at the bottom
        let mut nested = String::from("From: Deep <d@example.jp>\r\nSubject: deep\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for i in 1..1000 {
            nested.push_str(&format!("--b{}\r\nContent-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n", i - 1));
        }
        nested.push_str(&format!("--b999\r\n{}", part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"x.xlsx\""), b"PK not a workbook")));
        for i in (0..1000).rev() {
            nested.push_str(&format!("--b{i}--\r\n"));
        }
        std::fs::write(inbox.join("nested.eml"), nested).unwrap();
        // broken base64
        let broken = mail_with("broken", &[format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"大台町.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!@@@@ not base64 ===\r\nUEsDB\r\n")]);
        std::fs::write(inbox.join("broken.eml"), broken).unwrap();
        // a name that would climb out of any folder
        std::fs::write(inbox.join("traversal.eml"), mail_with("x", &[part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"../../x.xlsx\""), b"PK junk")])).unwrap();
        // a huge header: a subject of 1 MB and 20,000 other fields
        let mut huge = format!("From: Huge <h@example.jp>\r\nSubject: {}\r\n", "長".repeat(350_000));
        for i in 0..20_000 {
            huge.push_str(&format!("X-Junk-{i}: {}\r\n", "y".repeat(50)));
        }
        huge.push_str("\r\nbody\r\n");
        std::fs::write(inbox.join("huge.eml"), huge).unwrap();
        // a mailbox of 100,000 empty messages
        std::fs::write(inbox.join("empty.mbox"), b"From a@b Tue Oct 15 09:30:00 2019\n\n".repeat(100_000)).unwrap();
        // not a mail at all
        std::fs::write(inbox.join("zero.msg"), b"").unwrap();
        std::fs::write(inbox.join("junk.eml"), b"").unwrap();

        let t = Instant::now();
        let items = gather(&inbox, &[]);
        let took = t.elapsed();
        assert!(took.as_secs() < 20, "gathering took {took:?}");
        assert!(matches!(reason(&items, "big.eml/亀山市.xlsx"), SkipReason::TooLarge { bytes, limit } if *bytes == 50 << 20 && *limit == 20 << 20));
        assert!(matches!(reason(&items, "empty.mbox"), SkipReason::TooManyMails { mails: 100_000, limit: 10_000 }));
        assert!(matches!(reason(&items, "huge.eml"), SkipReason::MailWithoutAttachment { subject, .. } if subject.chars().count() <= 201));
        assert!(matches!(reason(&items, "zero.msg"), SkipReason::NotAMail(_)));
        assert!(matches!(reason(&items, "junk.eml"), SkipReason::NotAMail(_)));
        assert!(items.iter().any(|i| i.display() == "traversal.eml/x.xlsx"), "{:?}", items.iter().map(Item::display).collect::<Vec<_>>());
        assert!(items.iter().any(|i| i.display().starts_with("nested.eml")), "nested: no line");
        assert!(items.iter().any(|i| i.display() == "broken.eml/大台町.xlsx"));

        let (ok, out) = ingest(&inbox, &year, &[]);
        assert!(!ok, "hostile mails are errors:\n{out}");
        for shown in ["big.eml/亀山市.xlsx", "empty.mbox", "traversal.eml/x.xlsx", "broken.eml/大台町.xlsx", "zero.msg", "huge.eml"] {
            assert!(out.contains(shown), "{shown}: no line\n{out}");
        }
        assert!(!tmp.path().join("x.xlsx").exists() && !inbox.join("x.xlsx").exists());
        let ledger = ledger(&year);
        assert_eq!(field(line(&ledger, "rfc2047.eml/桑名市.xlsx"), "state"), "applied");
    }

    /// A 1,000-mail mailbox holding 1,000 workbooks (the six fixture workbooks in
    /// turn, each mail its own date): the time of `ingest`, printed; within the
    /// intake budget of 5 s in a release build (a debug build gets more).
    #[test]
    fn a_thousand_mail_mailbox() {
        let (tmp, year) = sample_copy();
        let inbox = tmp.path().join("受信");
        std::fs::create_dir_all(&inbox).unwrap();
        let books = ["桑名市.xlsx", "亀山市.xlsx", "大台町.xlsx", "紀北広域連合.xlsx", "広域_松阪地域在宅医療・介護連携拠点.xlsx", "県_三重県.xlsx"];
        let bytes: Vec<Vec<u8>> = books.iter().map(|b| std::fs::read(fixture(&format!("libreoffice/xlsx/{b}"))).unwrap()).collect();
        let mut mbox = Vec::new();
        for i in 0..1000 {
            let k = i % books.len();
            mbox.extend_from_slice(b"From t@example.jp Tue Oct 15 09:30:00 2019\n");
            let mail = mail_with(
                &format!("answer {i}"),
                &[part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"{}\"", books[k]), &bytes[k])],
            );
            let mail = String::from_utf8(mail).unwrap().replace("09:30:00", &format!("{:02}:{:02}:{:02}", i / 3600 % 24, i / 60 % 60, i % 60));
            mbox.extend_from_slice(mail.replace("\r\n", "\n").as_bytes());
        }
        std::fs::write(inbox.join("受信.mbox"), &mbox).unwrap();
        let t = Instant::now();
        let (_, out) = ingest(&inbox, &year, &[]);
        let took = t.elapsed();
        eprintln!("ingest of a 1,000-mail mbox ({} MB, 1,000 workbooks): {took:.2?}", mbox.len() >> 20);
        assert!(out.contains("受信.mbox/1000件目/"), "{out}");
        let budget = if cfg!(debug_assertions) { 60 } else { 5 };
        assert!(took.as_secs_f64() <= budget as f64, "took {took:?}");
    }
}

/// The 1,001st attachment is never dropped in silence: a mail of 1,000 memos and then
/// 桑名市's form is named with the count not read, the run exits 1, and the mail is not
/// called one without a workbook.
#[test]
fn attachments_past_the_limit_are_named_not_dropped() {
    let (tmp, year) = sample_copy();
    let inbox = tmp.path().join("受信");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut parts: Vec<String> = (0..1000).map(|i| part(&format!("Content-Type: text/plain\r\nContent-Disposition: attachment; filename=\"memo{i}.txt\""), b"memo")).collect();
    let form = std::fs::read(fixture("libreoffice/xlsx/桑名市.xlsx")).unwrap();
    parts.push(part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"桑名市.xlsx\""), &form));
    std::fs::write(inbox.join("多すぎ.eml"), mail_with("回答", &parts)).unwrap();
    let (ok, out) = ingest(&inbox, &year, &[]);
    assert!(!ok, "a cut-off mail needs the clerk: {out}");
    assert!(out.contains("添付ファイルが多すぎるため、1000 個を超えた 1 個は読んでいません"), "{out}");
    assert!(!out.contains("照会様式のブックが添付されていないメール"), "{out}");
}

/// A mail whose sender has no usable address is said where it came from (the mail), as a
/// notice: the workbook is accepted as it is, and replies go to the registered contact.
#[test]
fn a_sender_without_a_usable_address_is_said() {
    let (tmp, year) = sample_copy();
    let inbox = tmp.path().join("受信");
    std::fs::create_dir_all(&inbox).unwrap();
    let form = std::fs::read(fixture("libreoffice/xlsx/桑名市.xlsx")).unwrap();
    let m = mail_with("回答", &[part(&format!("{XLSX_TYPE}\r\nContent-Disposition: attachment; filename=\"桑名市.xlsx\""), &form)]);
    let m = String::from_utf8(m).unwrap().replace("From: Test <t@example.jp>", "From: =?utf-8?b?5qGR5ZCN5biC?= <kaigo@city>");
    std::fs::write(inbox.join("桑名市から.eml"), m).unwrap();
    let (ok, out) = ingest(&inbox, &year, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("桑名市から.eml/桑名市.xlsx → 桑名市: 受理\n"), "{out}");
    assert!(out.contains("差出人「桑名市 <kaigo@city>」のアドレスは宛先に使えないため"), "{out}");
}

/// An RFC 2231 file name continued over segments split inside a Shift_JIS character (亀山市:
/// 8B 54 8E | 52 8E 73): the segments are octets, joined before decoding.
#[test]
fn a_shift_jis_name_split_inside_a_character_reads_whole() {
    let (tmp, year) = sample_copy();
    let fixture = shiryo::intake::mail::eml(&std::fs::read(fixture("mail/rfc2231.eml")).unwrap()).unwrap();
    let shiryo::intake::mail::Body::Bytes(book) = &fixture.attachments[0].body else { panic!("the fixture carries a workbook") };
    let header = format!("{XLSX_TYPE}\r\nContent-Disposition: attachment;\r\n filename*0*=shift_jis''%8B%54%8E;\r\n filename*1*=%52%8E%73.xlsx");
    let inbox = tmp.path().join("受信");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("sjis.eml"), mail_with("【回答】亀山市", &[part(&header, book)])).unwrap();
    let (ok, out) = ingest(&inbox, &year, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("sjis.eml/亀山市.xlsx"), "the name as the officer saw it: {out}");
    assert_eq!(field(line(&ledger(&year), "sjis.eml/亀山市.xlsx"), "origin"), "mail");
}
