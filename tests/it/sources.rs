//! Every file of the ingest folder gets a line: [`sources::gather`] on a folder
//! laid out as offices' returns arrive (subfolders, zips with UTF-8 and CP932
//! names, password zips, an .xlsb, a PDF, a symlink, lock files, the year
//! folder inside), and `read::read` refusing what is not a form by count.
//! The zips are `tests/fixtures/zip/`, made by `make-zips.py` there.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use shiryo::intake::ingest::read::{self, Refusal};
use shiryo::intake::ingest::received::sha256;
use shiryo::intake::ingest::sources::{self, Item, Origin, SkipReason};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

fn xlsx(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("libreoffice/xlsx/{name}"))).unwrap()
}

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(fixture(from), to).unwrap();
}

/// What one item is expected to be: a workbook with the bytes of a fixture, or skipped for a reason.
#[derive(Debug)]
enum Want {
    Workbook(&'static str),
    Skipped(SkipReason),
}

/// The ingest folder, with the year folder inside it.
fn lay_out(dir: &Path) -> (PathBuf, PathBuf) {
    let folder = dir.join("回答");
    let year = folder.join("2018");
    copy("libreoffice/xlsx/桑名市.xlsx", &folder.join("第1回/桑名市.xlsx"));
    copy("libreoffice/xlsx/亀山市.xlsx", &year.join("received/亀山市.xlsx"));
    std::fs::write(year.join("packet.toml"), "").unwrap();
    for z in ["utf8.zip", "cp932.zip", "password.zip", "aes.zip", "mixed.zip", "damaged.zip"] {
        copy(&format!("zip/{z}"), &folder.join(z));
    }
    std::fs::write(folder.join("x.xlsb"), b"any bytes").unwrap();
    std::fs::write(folder.join("送付状.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(folder.join("メモ.txt"), "よろしく").unwrap();
    std::fs::write(folder.join("~$桑名市.xlsx"), b"lock").unwrap();
    std::fs::write(folder.join(".~lock.亀山市.xlsx#"), b"lock").unwrap();
    std::fs::write(folder.join(".DS_Store"), b"mac").unwrap();
    copy("libreoffice/xlsx/桑名市.xlsx", &folder.join("__MACOSX/._桑名市.xlsx"));
    copy("libreoffice/xlsx/桑名市.xlsx", &folder.join(".git/objects/x"));
    std::os::unix::fs::symlink(fixture("libreoffice/xlsx/大台町.xlsx"), folder.join("大台町.xlsx")).unwrap();
    std::os::unix::fs::symlink(fixture("libreoffice/xlsx"), folder.join("リンク")).unwrap();
    (folder, year)
}

/// The items as (display, what), checking each workbook's bytes against its fixture.
fn check(items: &[Item], want: &[(&str, Want)]) {
    let shown: Vec<&str> = items.iter().map(Item::display).collect();
    let wanted: Vec<&str> = want.iter().map(|(d, _)| *d).collect();
    assert_eq!(shown, wanted);
    for (item, (display, w)) in items.iter().zip(want) {
        match (item, w) {
            (Item::Source(s), Want::Workbook(name)) => {
                assert_eq!(sha256(&s.bytes), sha256(&xlsx(name)), "{display}");
                assert_eq!(s.ext, "xlsx");
                assert!(s.modified.is_some(), "{display}");
            }
            (Item::Skipped(s), Want::Skipped(reason)) => assert_eq!(&s.reason, reason, "{display}"),
            _ => panic!("{display}: {item:?}, wanted {w:?}"),
        }
    }
}

fn expected(password: Option<SkipReason>) -> Vec<(&'static str, Want)> {
    use SkipReason::*;
    use Want::{Skipped as S, Workbook as W};
    let locked = |name: &'static str| password.clone().map_or(W(name), S);
    vec![
        (".DS_Store", S(Hidden)),
        (".git", S(Hidden)),
        (".~lock.亀山市.xlsx#", S(LockFile)),
        ("__MACOSX", S(Hidden)),
        ("__MACOSX/._桑名市.xlsx", S(Hidden)),
        ("aes.zip/亀山市.xlsx", locked("亀山市.xlsx")),
        ("cp932.zip/回答/亀山市.xlsx", W("亀山市.xlsx")),
        ("cp932.zip/桑名市.xlsx", W("桑名市.xlsx")),
        ("damaged.zip", S(BadZip(String::new()))),
        ("mixed.zip/メモ.txt", S(NotAWorkbook)),
        ("mixed.zip/大台町.xlsx", W("大台町.xlsx")),
        ("mixed.zip/旧様式.xlsb", S(Xlsb)),
        ("mixed.zip/送付状.pdf", S(NotAWorkbook)),
        ("mixed.zip/過去分.zip", S(NestedZip)),
        ("password.zip/桑名市.xlsx", locked("桑名市.xlsx")),
        ("utf8.zip/桑名市.xlsx", W("桑名市.xlsx")),
        ("utf8.zip/資料/亀山市.xlsx", W("亀山市.xlsx")),
        ("x.xlsb", S(Xlsb)),
        ("~$桑名市.xlsx", S(LockFile)),
        ("メモ.txt", S(NotAWorkbook)),
        ("リンク", S(Symlink)),
        ("大台町.xlsx", S(Symlink)),
        ("第1回/桑名市.xlsx", W("桑名市.xlsx")),
        ("送付状.pdf", S(NotAWorkbook)),
    ]
}

/// The damaged zip's detail is the zip reader's words: compared by kind only.
fn without_detail(mut items: Vec<Item>) -> Vec<Item> {
    for item in &mut items {
        if let Item::Skipped(s) = item
            && let SkipReason::BadZip(d) = &mut s.reason
        {
            d.clear();
        }
    }
    items
}

#[test]
fn every_file_gets_a_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (folder, year) = lay_out(tmp.path());
    let cases = [
        (vec![], Some(SkipReason::EncryptedZip { tried: 0 })),
        (vec!["wrong".to_string()], Some(SkipReason::EncryptedZip { tried: 1 })),
        (vec!["wrong".to_string(), "himitsu".to_string()], None),
    ];
    for (passwords, locked) in cases {
        let items = sources::gather(&folder, std::slice::from_ref(&year), &passwords).unwrap();
        check(&without_detail(items), &expected(locked));
    }
}

#[test]
fn origins_and_times() {
    let tmp = tempfile::tempdir().unwrap();
    let (folder, year) = lay_out(tmp.path());
    let items = sources::gather(&folder, &[year], &["himitsu".into()]).unwrap();
    let source = |display: &str| match items.iter().find(|i| i.display() == display) {
        Some(Item::Source(s)) => s.clone(),
        other => panic!("{display}: {other:?}"),
    };
    let in_zip = source("cp932.zip/回答/亀山市.xlsx");
    assert_eq!(in_zip.origin, Origin::Zip { zip: folder.join("cp932.zip"), entry: "回答/亀山市.xlsx".into() });
    assert_eq!(in_zip.path(), folder.join("cp932.zip"));
    // a zip entry's time is the sender's local time, as the zip holds it
    assert_eq!(in_zip.modified.as_deref(), Some("2019-04-01T09:30:00"));
    let plain = source("第1回/桑名市.xlsx");
    assert_eq!(plain.origin, Origin::Folder { path: folder.join("第1回/桑名市.xlsx") });
    assert!(plain.modified.is_some_and(|m| m.ends_with('Z')));
}

#[test]
fn the_year_folder_is_never_read_even_without_exclusion_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (folder, year) = lay_out(tmp.path());
    // excluded through another spelling of the same folder
    let spelled = folder.join("第1回/../2018");
    let items = sources::gather(&folder, &[spelled], &[]).unwrap();
    assert!(items.iter().all(|i| !i.display().starts_with("2018")));
    // not excluded: read like any subfolder
    let items = sources::gather(&folder, &[], &[]).unwrap();
    assert!(items.iter().any(|i| i.display() == "2018/received/亀山市.xlsx"));
    assert!(year.exists());
}

#[test]
fn a_missing_folder_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(sources::gather(&tmp.path().join("none"), &[], &[]).is_err());
}

#[test]
fn words_say_what_to_do() {
    use shiryo::messages::{Front, Lang, skip_reason};
    let ja = skip_reason(&SkipReason::Xlsb, Front::Terminal, Lang::Ja);
    assert!(ja.contains(".xlsx") && ja.contains("保存し直して"), "{ja}");
    assert!(skip_reason(&SkipReason::EncryptedZip { tried: 0 }, Front::Terminal, Lang::Ja).contains("--zip-password"));
    // On the page, what the page can do: unpack the zip.
    let page = skip_reason(&SkipReason::EncryptedZip { tried: 0 }, Front::Page, Lang::Ja);
    assert!(!page.contains("--zip-password") && page.contains("zip を展開して"), "{page}");
    assert!(skip_reason(&SkipReason::EncryptedZip { tried: 2 }, Front::Terminal, Lang::En).contains("ask the sender"));
    assert!(skip_reason(&SkipReason::NotAWorkbook, Front::Terminal, Lang::Ja).contains("取込対象外"));
}

/// A workbook of `sheets` sheets, one cell each.
fn workbook_with_sheets(sheets: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for i in 0..sheets {
        wb.add_worksheet().write_string(0, 0, format!("{i}")).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn more_than_64_sheets_is_not_a_form() {
    assert!(read::read(&workbook_with_sheets(read::MAX_SHEETS)).is_ok());
    assert_eq!(
        read::read(&workbook_with_sheets(read::MAX_SHEETS + 1)).unwrap_err(),
        Refusal::TooManySheets { sheets: 65, limit: 64 }
    );
    // the 2,000-sheet workbook of the issue: named for what it is, not a bomb
    assert_eq!(
        read::read(&workbook_with_sheets(2000)).unwrap_err(),
        Refusal::TooManySheets { sheets: 2000, limit: 64 }
    );
}

#[test]
fn more_than_64_tables_in_an_ods_is_not_a_form() {
    let tables: String = (0..65).map(|i| format!(r#"<table:table table:name="S{i}"/>"#)).collect();
    let content = format!(
        "<office:document-content><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    );
    let bytes = zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
    ]);
    assert_eq!(read::read(&bytes).unwrap_err(), Refusal::TooManySheets { sheets: 65, limit: 64 });
}

#[test]
fn more_than_10000_entries_is_not_a_form() {
    let names: Vec<String> = (0..=read::MAX_ENTRIES).map(|i| format!("xl/media/{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("xl/workbook.xml", b"<workbook/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    let bytes = zip_of(&entries);
    assert_eq!(
        read::read(&bytes).unwrap_err(),
        Refusal::TooManyEntries { entries: read::MAX_ENTRIES + 2, limit: read::MAX_ENTRIES }
    );
}

#[test]
fn xlsb_content_is_refused_whatever_its_name() {
    let bytes = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", b"\x83\x01\x00")]);
    assert_eq!(read::read(&bytes).unwrap_err(), Refusal::Xlsb);
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Hidden files and the workbooks in hidden folders each get a line saying they are hidden
/// (never the wrong reason), and are not read; other files of a hidden folder get none.
#[test]
fn hidden_files_are_named_as_hidden() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("inbox");
    let form = std::fs::read(fixture("libreoffice/xlsx/桑名市.xlsx")).unwrap();
    for rel in [".桑名市.xlsx", ".sub/伊勢市.xlsx", "__MACOSX/鈴鹿市.xlsx"] {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &form).unwrap();
    }
    std::fs::create_dir_all(dir.join(".git/objects")).unwrap();
    std::fs::write(dir.join(".git/objects/ab"), b"blob").unwrap();
    let items = sources::gather(&dir, &[], &[]).unwrap();
    let hidden: Vec<&str> = items.iter().filter(|i| matches!(i, Item::Skipped(s) if s.reason == SkipReason::Hidden)).map(Item::display).collect();
    for shown in [".桑名市.xlsx", ".sub", ".sub/伊勢市.xlsx", "__MACOSX", "__MACOSX/鈴鹿市.xlsx", ".git"] {
        assert!(hidden.contains(&shown), "{shown}: {hidden:?}");
    }
    assert!(!items.iter().any(|i| matches!(i, Item::Source(_))), "none read");
    assert!(!items.iter().any(|i| i.display() == ".git/objects/ab"), "no line for other files of a hidden folder");
}
