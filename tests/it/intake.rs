//! Submissions by Excel, driven like a clerk would: `form` writes the
//! workbooks, municipalities edit them (here: rewritten with calamine +
//! rust_xlsxwriter, or by LibreOffice and openpyxl in `tests/fixtures/`),
//! `ingest` writes the TOML and says what is wrong, `status` says who answered.


use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use crate::common::*;
use shiryo::intake::ingest::read::{Book, Value};

/// Every file under a directory, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Writes the forms of `year` into `<tmp>/forms`.
fn forms(year: &Path, tmp: &Path) -> PathBuf {
    let out = tmp.join("forms");
    let o = shiryo(&["form", s(year), "-o", s(&out)], tmp, &[]);
    assert!(o.status.success(), "form failed: {}", stderr(&o));
    out
}

/// Changes the prefecture's parts of a year, so that ingesting its form must restore them.
fn spoil_prefecture_parts(year: &Path) {
    edit(&year.join("schedule.toml"), |t| {
        t.insert("title".into(), toml::Value::String("仮の表題".into()));
        t.remove("texts");
    });
    edit(&year.join("programmes.toml"), |t| {
        t.insert("intro".into(), toml::Value::Array(vec![]));
    });
    edit(&year.join("blocks.toml"), |t| {
        t.insert("default_note".into(), toml::Value::String("仮の注記".into()));
    });
}

/// A copy of the sample year without any unit or centre TOML.
fn empty_year(tmp: &Path) -> PathBuf {
    let year = tmp.join("2018");
    copy_dir(&sample(), &year);
    for sub in ["units", "centres"] {
        for e in std::fs::read_dir(year.join(sub)).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
    }
    year
}

/// Ingests `folder` as received three days before the sample's deadline (the files were
/// written now, but their receipt is the first ingest when that is earlier).
fn ingest(folder: &Path, year: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["ingest", s(folder), "--year", s(year)];
    args.extend_from_slice(extra);
    shiryo(&args, folder.parent().unwrap(), &[("SHIRYO_NOW", "2018-11-13T00:00:00Z")])
}

pub(crate) fn set(book: &mut Book, sheet: &str, cell: (u32, u16), text: &str) {
    let sh = book.sheets.iter_mut().find(|s| s.name == sheet).expect("sheet");
    if text.is_empty() {
        sh.cells.remove(&cell);
    } else {
        sh.cells.insert(cell, Value::Text(text.into()));
    }
}

/// Rewrites the entries of a zip (an .xlsx) through `edit(name, bytes)`.
fn rezip(bytes: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        zout.start_file(name.clone(), opts).unwrap();
        zout.write_all(&edit(&name, data)).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

/// The sheet XML entry of a sheet of a rust_xlsxwriter form (sheets in order: 案内, 取組状況, 課題と取組, _shiryo).
fn sheet_entry(name: &str) -> &'static str {
    match name {
        "取組状況" => "xl/worksheets/sheet2.xml",
        "課題と取組" => "xl/worksheets/sheet3.xml",
        _ => "xl/worksheets/sheet1.xml",
    }
}

fn read_form(forms: &Path, unit: &str) -> Vec<u8> {
    std::fs::read(forms.join(format!("{unit}.xlsx"))).unwrap()
}

fn unit_toml(year: &Path, unit: &str) -> Option<String> {
    std::fs::read_to_string(year.join("units").join(format!("{unit}.toml"))).ok()
}

fn sample_unit(unit: &str) -> shiryo::model::Unit {
    toml::from_str(&std::fs::read_to_string(sample().join("units").join(format!("{unit}.toml"))).unwrap()).unwrap()
}

#[test]
fn every_unit_and_centre_round_trips_byte_for_byte_and_twice_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let forms = forms(&sample(), tmp.path());
    assert_eq!(std::fs::read_dir(&forms).unwrap().count(), 26 + 3 + 1, "one form per unit, per centre, and the prefecture's");
    let year = empty_year(tmp.path());
    spoil_prefecture_parts(&year);
    let o = ingest(&forms, &year, &[]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    for f in ["schedule.toml", "programmes.toml", "blocks.toml"] {
        assert!(std::fs::read(sample().join(f)).unwrap() == std::fs::read(year.join(f)).unwrap(), "{f} differs after the round trip");
    }
    for sub in ["units", "centres"] {
        let want = snapshot(&sample().join(sub));
        let got = snapshot(&year.join(sub));
        assert_eq!(want.keys().collect::<Vec<_>>(), got.keys().collect::<Vec<_>>(), "{sub}: the same files");
        for (f, bytes) in &want {
            assert!(got[f] == *bytes, "{sub}/{} differs after the round trip:\n{}", f.display(), String::from_utf8_lossy(&got[f]));
        }
    }
    assert!(!stdout(&o).contains("取り込んでいません"), "nothing ignored: {}", stdout(&o));
    // The accepted workbooks are kept unchanged, named by unit and receipt time.
    let received = snapshot(&year.join("received"));
    let kept: Vec<_> = received.keys().filter(|k| k.to_string_lossy().starts_with("桑名市_")).collect();
    assert_eq!(kept.len(), 1, "{received:?}");
    assert_eq!(received[kept[0]], read_form(&forms, "桑名市"));
    // Idempotent: the same folder again changes no byte of the year.
    let before = snapshot(&year);
    let o = ingest(&forms, &year, &[]);
    assert!(o.status.success());
    assert!(before == snapshot(&year), "a second ingest changed the year directory");
    // Everyone has answered.
    let o = shiryo(&["status", s(&year)], tmp.path(), &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "nothing waits for the clerk: {out}");
    let rows = status_rows(&out);
    assert_eq!(rows.iter().filter(|r| r[1] == "提出済").count(), 30, "{out}");
    let kuwana = rows.iter().find(|r| r[0] == "桑名市").unwrap();
    assert_eq!((kuwana[1].as_str(), kuwana.last().unwrap().as_str()), ("提出済", "桑名市.xlsx"), "{out}");
    assert!(out.contains("■ 桑員区域") && out.contains("計 29：提出済 29"), "{out}");
}

#[test]
fn the_form_is_protected_printable_and_identifies_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    let o = shiryo(&["form", s(&sample()), "--unit", "桑名市", "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    let bytes = read_form(&out, "桑名市");
    let book = shiryo::intake::ingest::read::read(&bytes).unwrap();
    let names: Vec<_> = book.sheets.iter().map(|s| (s.name.as_str(), s.visible)).collect();
    assert_eq!(names, [("案内", true), ("取組状況", true), ("課題と取組", true), ("回答者", true), ("_shiryo", false)]);
    let text = |sheet: &str, r: u32, c: u16| match book.sheet(sheet).unwrap().cells.get(&(r, c)) {
        Some(Value::Text(t)) => t.to_string(),
        other => panic!("{sheet} ({r},{c}): {other:?}"),
    };
    assert_eq!(text("取組状況", 0, 1), "桑名市");
    assert_eq!(text("取組状況", 6, 0), "⑤");
    assert!(text("取組状況", 6, 2).starts_with("・平成27年５月に桑名医師会"));
    assert_eq!(text("取組状況", 3, 3), "木曽岬町", "② is joint with 木曽岬町");
    assert_eq!(text("課題と取組", 3, 3), "木曽岬町", "目指すべき方向性 is joint");
    assert!(text("案内", 5, 1).contains("地域包括ケア推進班"), "contact on the guidance sheet");
    assert!(text("案内", 4, 1).contains("平成30年11月16日"), "deadline on the guidance sheet");
    let marker = book.sheet("_shiryo").unwrap();
    let values: Vec<String> = marker.cells.values().map(|v| format!("{v:?}")).collect();
    for want in ["三重県", "unit", "桑名市", "242055", "2018"] {
        assert!(values.iter().any(|v| v.contains(want)), "marker lacks {want}: {values:?}");
    }
    // Sheet protection, unlocked answer cells, A4 landscape fit to width.
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet2.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""), "A4 landscape");
    assert!(xml.contains("fitToHeight=\"0\""), "fit to width");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(styles.contains("locked=\"0\""), "answer cells unlocked");
    // Unknown unit: a clear error.
    let o = shiryo(&["form", s(&sample()), "--unit", "桑名町", "-o", s(&out)], tmp.path(), &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("「桑名町」という提出単位・広域はこの年度にありません"), "{}", stderr(&o));
}

/// The officer's printout and typing, read back by openpyxl: no answer row of a fixed height
/// (Alt+Enter lines are never hidden), pre-filled rows tall enough for their lines, and an
/// approval copy's footer on every sheet: the unit, the sheet, 「n / N」.
#[test]
fn the_forms_rows_grow_and_each_page_says_whose_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    let o = shiryo(&["form", s(&sample()), "--unit", "桑名市", "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let code = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    if ws.sheet_state != "visible":
        continue
    tall = max((d.height or 0) for d in ws.row_dimensions.values())
    print(ws.title, "tallest", tall, "footer", ws.oddFooter.left.text, "|", ws.oddFooter.center.text, "|", ws.oddFooter.right.text)
for ws in wb.worksheets:
    for rng, rules in ws.conditional_formatting._cf_rules.items():
        for r in rules:
            print("mark", ws.title, rng.sqref, r.formula[0], r.dxf.fill.fgColor.rgb if r.dxf.fill else None, r.dxf.fill.patternType if r.dxf.fill else None, r.dxf.border.left.style if r.dxf.border else None)
    for dv in ws.data_validations.dataValidation:
        print("prompt", ws.title, dv.sqref, dv.type, dv.showInputMessage, dv.showErrorMessage, dv.promptTitle, "|", dv.prompt)
"#;
    let o = python_with("openpyxl", "openpyxl==3.1.5 (scripts/test-requirements.txt)", &["-c", code, s(&out.join("桑名市.xlsx"))]);
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{said}{}", String::from_utf8_lossy(&o.stderr));
    let (marks, said_rest): (Vec<&str>, Vec<&str>) = said.lines().partition(|l| l.starts_with("mark "));
    // Marks on the items' answers, seen on a grey-scale printout: a pattern or a heavy border.
    let (items, table): (Vec<&str>, Vec<&str>) = marks.iter().partition(|m| m.starts_with("mark 取組状況 "));
    assert_eq!(items.len(), 3, "{marks:#?}");
    assert!(items.iter().all(|m| m.starts_with("mark 取組状況 C3:C12 ")), "{marks:#?}");
    // On the paired table: partners named on a row without its 課題, over its filled and spare rows.
    assert_eq!(table.len(), 1, "{marks:#?}");
    assert!(table[0].starts_with("mark 課題と取組 D7:D36 AND(LEN(TRIM(D7))>0,LEN(TRIM(B7))=0) ") && table[0].contains("mediumGray"), "{table:#?}");
    assert!(marks.iter().any(|m| m.contains("AND(LEN(TRIM(D3))>0,LEN(TRIM(C3))=0)") && m.contains("mediumGray")), "half shared: {marks:#?}");
    assert!(marks.iter().any(|m| m.contains("LEFT(TRIM(C3),1)<>\"・\"") && m.ends_with("mediumDashed")), "no bullet: {marks:#?}");
    assert!(marks.iter().any(|m| m.contains(" LEN(TRIM(C3))=0 ") && m.contains("lightGray")), "empty: {marks:#?}");
    let said = said_rest.join("\n");
    let (prompts, lines): (Vec<&str>, Vec<&str>) = said.lines().partition(|l| l.starts_with("prompt "));
    assert_eq!(lines.len(), 4, "案内, 取組状況, 課題と取組, 回答者: {said}");
    // A prompt on every answer cell, of any value (several partners go in one cell) and never an error.
    let on = |sheet: &str, cell: &str| prompts.iter().find(|p| p.starts_with(&format!("prompt {sheet} ")) && p.split(' ').nth(2).is_some_and(|r| r.split(' ').any(|c| c == cell || c.starts_with(&format!("{cell}:")))));
    let first = on("取組状況", "C3").unwrap_or_else(|| panic!("① has a prompt: {prompts:#?}"));
    assert!(first.contains(" None True False ①資源の把握 | "), "{first}");
    assert!(first.contains("「・」で始めて"), "{first}");
    assert!(on("取組状況", "D3").is_some_and(|p| p.contains("共同実施の相手 | 他の市町と共同で")), "{prompts:#?}");
    assert!(on("課題と取組", "B3").is_some(), "a field's prompt: {prompts:#?}");
    assert!(prompts.iter().all(|p| p.split(" | ").nth(1).is_some_and(|t| t.chars().count() <= 255)), "{prompts:#?}");
    for l in &lines {
        assert!(l.ends_with("footer 桑名市 | &A | &P / &N"), "the approval copy's footer: {l}");
    }
    // openpyxl takes any height for a custom one: the sheets' XML says which rows Excel keeps fixed.
    let mut zip = zip::ZipArchive::new(Cursor::new(read_form(&out, "桑名市"))).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            assert!(!xml.contains("customHeight"), "{name}: rows of a fixed height");
        }
    }
    // ⑤ of 桑名市 is pre-filled with two bullets over several lines: its row opens taller than one line.
    let items = lines.iter().find(|l| l.starts_with("取組状況")).unwrap();
    let tallest: f64 = items.split("tallest ").nth(1).and_then(|t| t.split(' ').next()).and_then(|t| t.parse().ok()).unwrap();
    assert!(tallest > 40.0, "{items}");
}

#[test]
fn forms_prefill_from_the_previous_year_and_belong_to_their_year() {
    let tmp = tempfile::tempdir().unwrap();
    let y2019 = tmp.path().join("2019");
    copy_dir(&sample(), &y2019);
    for sub in ["units", "centres"] {
        for e in std::fs::read_dir(y2019.join(sub)).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
    }
    edit(&y2019.join("packet.toml"), |t| {
        t.insert("fiscal_year".into(), toml::Value::Integer(2019));
    });
    let out = tmp.path().join("f2019");
    let o = shiryo(&["form", s(&y2019), "--previous", s(&sample()), "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ingest(&out, &y2019, &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    // Pre-filled with 2018's answers: unchanged, they give 2018's TOML.
    for sub in ["units", "centres"] {
        assert!(snapshot(&sample().join(sub)) == snapshot(&y2019.join(sub)), "{sub} differ");
    }
    // A 2019 form is not a 2018 submission.
    let year = empty_year(tmp.path());
    let o = ingest(&out, &year, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("桑名市.xlsx: 令和元年度の様式です。平成30年度の様式に記入してください。"), "{}", stdout(&o));
    assert!(snapshot(&year.join("units")).is_empty(), "a rejected workbook wrote TOML");
}

#[test]
fn an_edited_workbook_ingests_to_the_expected_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let forms = forms(&sample(), tmp.path());
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let edited = rewrite(&read_form(&forms, "桑名市"), |b| {
        // ⑤: CRLF, Excel's _x000D_, NBSP and spaces, a full-width indent, an empty line
        set(b, "取組状況", (6, 2), "  ・相談対応を実施。\u{a0}\r\n\u{3000}（注）地域包括支援センター　\r\n\r\n・二つ目の取組_x000D_\n・ＩＣＴ①を活用 ");
        // a new 課題 with two 取組, the second on a row whose 課題 is left blank
        set(b, "課題と取組", (10, 1), "人材の確保");
        set(b, "課題と取組", (10, 2), "研修の実施");
        set(b, "課題と取組", (11, 2), "・啓発\n・募集");
        set(b, "課題と取組", (2, 2), "桑名医師会（委託）");
        // a stray note outside the answer area
        set(b, "取組状況", (11, 5), "メモ：確認済み");
    });
    std::fs::write(inbox.join("回答（桑名市）.xlsx"), edited).unwrap();
    let (_t, year) = sample_copy();
    let o = ingest(&inbox, &year, &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    let mut want = sample_unit("桑名市");
    want.items[4].lines = vec![
        "・相談対応を実施。".into(),
        "\u{3000}（注）地域包括支援センター".into(),
        "・二つ目の取組".into(),
        "・ＩＣＴ①を活用".into(),
    ];
    want.fields.get_mut("hub").unwrap().bracket = Some("桑名医師会（委託）".into());
    // One row of the form is one row of the table: a cell's lines stay together.
    want.pairs.push(shiryo::model::Pair {
        first: "人材の確保".into(),
        rows: vec![vec!["研修の実施".into()], vec!["・啓発\n・募集".into()]],
        shared_with: vec![],
    });
    assert_eq!(unit_toml(&year, "桑名市").unwrap(), shiryo::store::to_canonical(&want).unwrap());
    assert!(
        out.contains("回答（桑名市）.xlsx 取組状況!F12: 記入欄の外の「メモ：確認済み」は取り込んでいません"),
        "the stray value is reported with its cell: {out}"
    );
    let report = std::fs::read_to_string(year.join("reports/取込結果.md")).unwrap();
    assert!(report.contains("取組状況!F12") && report.contains("受理（注意あり）"), "{report}");
    // English on request.
    let o = ingest(&inbox, &year, &["--lang", "en"]);
    assert!(stdout(&o).contains("取組状況!F12: ignored: \"メモ：確認済み\" is outside the answer cells"), "{}", stdout(&o));
}

/// A zip whose one entry inflates to `mb` megabytes of zeros.
fn zip_bomb(mb: usize) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file("xl/workbook.xml", opts).unwrap();
    z.write_all(b"<workbook/>").unwrap();
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mb {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// The same bomb with its sizes rewritten to claim 1,000 bytes (local and central headers).
fn lying_zip_bomb() -> Vec<u8> {
    let mut b = zip_bomb(80);
    let mut i = 0;
    while i + 30 < b.len() {
        let sig = &b[i..i + 4];
        if sig == b"PK\x03\x04" {
            b[i + 22..i + 26].copy_from_slice(&1000u32.to_le_bytes());
        } else if sig == b"PK\x01\x02" {
            b[i + 24..i + 28].copy_from_slice(&1000u32.to_le_bytes());
        }
        i += 1;
    }
    b
}

/// A compound file holding `EncryptionInfo` and `EncryptedPackage`: how Office stores a password-protected .xlsx.
fn encrypted_ole() -> Vec<u8> {
    let mut f = vec![0u8; 512 * 3];
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 = |f: &mut Vec<u8>, at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut f, 0x18, 0x3E);
    put16(&mut f, 0x1A, 3);
    put16(&mut f, 0x1C, 0xFFFE);
    put16(&mut f, 0x1E, 9);
    put16(&mut f, 0x20, 6);
    put32(&mut f, 0x2C, 1); // FAT sectors
    put32(&mut f, 0x30, 1); // first directory sector
    put32(&mut f, 0x38, 4096);
    put32(&mut f, 0x3C, 0xFFFF_FFFE);
    put32(&mut f, 0x44, 0xFFFF_FFFE);
    for i in 0..109 {
        put32(&mut f, 0x4C + 4 * i, if i == 0 { 0 } else { 0xFFFF_FFFF });
    }
    // FAT (sector 0 at offset 512): itself, then the directory's end of chain.
    for i in 0..128 {
        put32(&mut f, 512 + 4 * i, 0xFFFF_FFFF);
    }
    put32(&mut f, 512, 0xFFFF_FFFD);
    put32(&mut f, 516, 0xFFFF_FFFE);
    // Directory (sector 1 at offset 1024).
    for (n, (name, kind)) in [("Root Entry", 5u8), ("EncryptionInfo", 2), ("EncryptedPackage", 2)].iter().enumerate() {
        let at = 1024 + 128 * n;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (k, u) in units.iter().enumerate() {
            put16(&mut f, at + 2 * k, *u);
        }
        put16(&mut f, at + 0x40, (2 * units.len() + 2) as u16);
        f[at + 0x42] = *kind;
        put32(&mut f, at + 0x74, 0xFFFF_FFFE);
    }
    f
}

#[test]
fn two_workbooks_for_one_unit_wait_for_the_clerks_choice() {
    let tmp = tempfile::tempdir().unwrap();
    let forms = forms(&sample(), tmp.path());
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(forms.join("津市.xlsx"), inbox.join("津市.xlsx")).unwrap();
    let v2 = rewrite(&read_form(&forms, "津市"), |b| set(b, "取組状況", (2, 2), "・資源マップを更新。"));
    std::fs::write(inbox.join("津市_修正版.xlsx"), v2).unwrap();
    let (_t, year) = sample_copy();
    std::fs::remove_file(year.join("units/津市.toml")).unwrap();
    let o = ingest(&inbox, &year, &[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("津市.xlsx: 同じ提出単位のブックが他にもあります（津市_修正版.xlsx）"), "{out}");
    assert!(unit_toml(&year, "津市").is_none(), "neither is applied");
    let o = shiryo(&["status", s(&year)], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "a duplicate waits for the clerk");
    let rows = status_rows(&stdout(&o));
    let tsu = rows.iter().find(|r| r[0] == "津市").unwrap();
    assert_eq!(tsu[1..], ["重複（選択待ち）", "津市.xlsx / 津市_修正版.xlsx"], "{}", stdout(&o));
    // The clerk chooses.
    let o = ingest(&inbox, &year, &["--prefer", "津市_修正版.xlsx"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(unit_toml(&year, "津市").unwrap().contains("・資源マップを更新。"));
    let o = shiryo(&["status", s(&year)], tmp.path(), &[]);
    let rows = status_rows(&stdout(&o));
    let tsu = rows.iter().find(|r| r[0] == "津市").unwrap();
    assert_eq!((tsu[1].as_str(), tsu.last().unwrap().as_str()), ("提出済", "津市_修正版.xlsx"), "{}", stdout(&o));
    // The choice is remembered: the same folder again changes nothing and succeeds.
    let before = snapshot(&year);
    let o = ingest(&inbox, &year, &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(before == snapshot(&year));
    // The clerk changes their mind: --prefer again, said, and applied.
    let o = ingest(&inbox, &year, &["--prefer", "津市.xlsx"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("津市.xlsx: 事務局の選択により、これまでの「津市_修正版.xlsx」に代えてこのブックを取り込みました。"), "{}", stdout(&o));
    assert!(!unit_toml(&year, "津市").unwrap().contains("・資源マップを更新。"), "the first one is applied again");
    // The clerk's own choice is said, but is no warning: 受理, not 受理（注意あり）, and nothing to send back.
    assert!(stdout(&o).contains("津市.xlsx → 津市: 受理\n"), "{}", stdout(&o));
    let o = shiryo(&["status", s(&year)], tmp.path(), &[]);
    let rows = status_rows(&stdout(&o));
    let state = rows.iter().find(|r| r[0] == "津市").map(|r| r[1].clone()).unwrap_or_default();
    assert!(state.starts_with("提出済"), "{}", stdout(&o));
    // --prefer must name a workbook of the folder.
    let o = ingest(&inbox, &year, &["--prefer", "ない.xlsx"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--prefer に指定した「ない.xlsx」は取り込むフォルダにありません"), "{}", stderr(&o));
}

#[test]
fn partners_that_disagree_on_a_joint_answer_keep_the_previous_text() {
    let tmp = tempfile::tempdir().unwrap();
    let forms = forms(&sample(), tmp.path());
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // 桑名市 and 木曽岬町 share 目指すべき方向性 (課題と取組!B4): they write different texts.
    let kuwana = rewrite(&read_form(&forms, "桑名市"), |b| set(b, "課題と取組", (3, 1), "住み慣れた地域で暮らせるまち。"));
    let kisosaki = rewrite(&read_form(&forms, "木曽岬町"), |b| set(b, "課題と取組", (3, 1), "安心して暮らせるまち。"));
    std::fs::write(inbox.join("桑名市.xlsx"), &kuwana).unwrap();
    std::fs::write(inbox.join("木曽岬町.xlsx"), &kisosaki).unwrap();
    let (_t, year) = sample_copy();
    let before = snapshot(&year.join("units"));
    let o = ingest(&inbox, &year, &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "a conflict is a warning: {out}");
    assert!(
        out.contains("桑名市.xlsx 課題と取組!B4: 「木曽岬町」の提出（木曽岬町.xlsx 課題と取組!B4）と共同の記載が一致しません。この欄は前の記載のままにしています。"),
        "{out}"
    );
    assert!(out.contains("木曽岬町.xlsx 課題と取組!B4: 「桑名市」の提出（桑名市.xlsx 課題と取組!B4）と共同の記載が一致しません"), "{out}");
    assert!(before == snapshot(&year.join("units")), "the joint field kept its previous text");
    // Only one of them changes it: kept, against the partner's stored text.
    std::fs::remove_file(inbox.join("木曽岬町.xlsx")).unwrap();
    let o = ingest(&inbox, &year, &[]);
    assert!(stdout(&o).contains("「木曽岬町」の現在の記載と共同の記載が一致しません"), "{}", stdout(&o));
    assert!(before == snapshot(&year.join("units")));
    // Both agree: applied to both.
    let kisosaki = rewrite(&read_form(&forms, "木曽岬町"), |b| set(b, "課題と取組", (3, 1), "住み慣れた地域で暮らせるまち。"));
    std::fs::write(inbox.join("木曽岬町.xlsx"), &kisosaki).unwrap();
    let o = ingest(&inbox, &year, &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    for u in ["桑名市", "木曽岬町"] {
        assert!(unit_toml(&year, u).unwrap().contains("text = \"住み慣れた地域で暮らせるまち。\""), "{u}");
    }
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "the year stays valid: {}", stdout(&o));
}

/// Fixtures written by other producers (tests/fixtures/make-fixtures.sh): LibreOffice
/// re-saved the forms as .xlsx, .ods and .xls; openpyxl edited one; msoffcrypto-tool encrypted one.
#[test]
fn workbooks_from_libreoffice_and_openpyxl_ingest_to_the_same_toml() {
    let fixtures = root().join("tests/fixtures");
    for format in ["xlsx", "ods", "xls"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = fixtures.join("libreoffice").join(format);
        let year = empty_year(tmp.path());
        spoil_prefecture_parts(&year);
        let o = shiryo(&["ingest", s(&dir), "--year", s(&year), "--report", s(&tmp.path().join("r.md"))], tmp.path(), &[]);
        let out = stdout(&o);
        assert!(o.status.success(), "{format}: {out}");
        assert!(!out.contains("取り込んでいません"), "{format}: nothing ignored: {out}");
        let files = snapshot(&dir);
        assert!(files.len() >= 6, "{format}: fixtures missing");
        for f in files.keys() {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            if stem == "県_三重県" {
                for t in ["schedule.toml", "programmes.toml", "blocks.toml"] {
                    assert!(std::fs::read(sample().join(t)).unwrap() == std::fs::read(year.join(t)).unwrap(), "{format}: {t} differs");
                }
                continue;
            }
            let (sub, name) = match stem.strip_prefix("広域_") {
                Some(c) => ("centres", c.to_string()),
                None => ("units", stem.clone()),
            };
            let want = std::fs::read(sample().join(sub).join(format!("{name}.toml"))).unwrap();
            let got = std::fs::read(year.join(sub).join(format!("{name}.toml"))).unwrap();
            assert!(want == got, "{format}: {stem} differs:\n{}", String::from_utf8_lossy(&got));
        }
    }
    // openpyxl: ⑤ rewritten with CRLF and odd spaces, a stray cell, a 課題 with its title repeated.
    let tmp = tempfile::tempdir().unwrap();
    let (_t, year) = sample_copy();
    let o = shiryo(&["ingest", s(&fixtures.join("openpyxl")), "--year", s(&year), "--report", s(&tmp.path().join("r.md"))], tmp.path(), &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    let mut want = sample_unit("桑名市");
    want.items[4].lines = vec!["・相談対応を実施。".into(), "\u{3000}（注）医療・介護関係者から".into(), "・ＩＣＴの活用".into()];
    want.pairs.push(shiryo::model::Pair {
        first: "人材の確保".into(),
        rows: vec![vec!["研修の実施".into()], vec!["募集の強化".into()]],
        shared_with: vec![],
    });
    assert_eq!(unit_toml(&year, "桑名市").unwrap(), shiryo::store::to_canonical(&want).unwrap());
    assert!(out.contains("取組状況!G20: 記入欄の外の「openpyxl で追記」は取り込んでいません"), "{out}");
    // msoffcrypto-tool: a real password-protected workbook.
    let o = shiryo(&["ingest", s(&fixtures.join("encrypted")), "--year", s(&year), "--report", s(&tmp.path().join("r.md"))], tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("パスワードで保護（暗号化）されているため読めません"), "{}", stdout(&o));
    // LibreOffice's .xls and .ods with two cells far apart: refused before calamine builds the grid.
    let o = shiryo(&["ingest", s(&fixtures.join("far")), "--year", s(&year), "--report", s(&tmp.path().join("r.md"))], tmp.path(), &[]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    for f in ["far.xls", "far.ods"] {
        assert!(out.contains(&format!("{f}: シートの使用範囲が大きすぎるため読み込んでいません")), "{out}");
    }
}

#[test]
fn a_form_without_its_marker_is_identified_by_its_unit_cell_never_its_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let forms = forms(&sample(), tmp.path());
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // Another program dropped the hidden sheet; the file's name says nothing.
    let bare = rewrite(&read_form(&forms, "伊賀市"), |b| b.sheets.retain(|s| s.name != "_shiryo"));
    std::fs::write(inbox.join("回答.xlsx"), &bare).unwrap();
    let year = empty_year(tmp.path());
    let o = ingest(&inbox, &year, &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("回答.xlsx → 伊賀市: 受理（注意あり）"), "{out}");
    assert!(out.contains("回答.xlsx 取組状況!B1: 様式の識別情報（非表示シート）がないため、提出単位欄で判断しました。"), "{out}");
    assert!(std::fs::read(year.join("units/伊賀市.toml")).unwrap() == std::fs::read(sample().join("units/伊賀市.toml")).unwrap());
    assert!(unit_toml(&year, "名張市").is_none());
    std::fs::remove_file(inbox.join("回答.xlsx")).unwrap();
    // Named after another unit: held as a copied form, never taken for 名張市.
    std::fs::write(inbox.join("名張市.xlsx"), &bare).unwrap();
    let o = ingest(&inbox, &year, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("名張市.xlsx → 伊賀市: 保留"), "{}", stdout(&o));
    assert!(unit_toml(&year, "名張市").is_none());
    // Neither marker nor unit cell: not a form.
    let plain = rewrite(&read_form(&forms, "伊賀市"), |b| {
        b.sheets.retain(|s| s.name != "_shiryo");
        set(b, "取組状況", (0, 0), "");
    });
    std::fs::write(inbox.join("名張市.xlsx"), plain).unwrap();
    let o = ingest(&inbox, &year, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("名張市.xlsx: 照会様式のブックではありません"), "{}", stdout(&o));
}

#[test]
fn the_prefectures_own_form_edits_schedule_programmes_and_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    let o = shiryo(&["form", s(&sample()), "--unit", "三重県", "-o", s(&out)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let form = std::fs::read(out.join("県_三重県.xlsx")).unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // The second event's date typed as a date (an Excel serial), a block's first ○ reworded.
    let edited = rewrite(&form, |b| {
        let sh = b.sheets.iter_mut().find(|s| s.name == "予定表").unwrap();
        sh.cells.insert((10, 3), Value::Number(43434.0));
        set(b, "区域", (5, 4), "改訂した○まとめ。");
    });
    std::fs::write(inbox.join("県_三重県.xlsx"), edited).unwrap();
    let (_t, year) = sample_copy();
    let o = ingest(&inbox, &year, &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    let schedule = std::fs::read_to_string(year.join("schedule.toml")).unwrap();
    assert!(schedule.contains("label = \"懇話会\"\ndate = \"2018-11-30\""), "{schedule}");
    let blocks: shiryo::model::Blocks = toml::from_str(&std::fs::read_to_string(year.join("blocks.toml")).unwrap()).unwrap();
    assert_eq!(blocks.blocks[0].summaries[0], "改訂した○まとめ。");
    assert_eq!(blocks.blocks[0].summaries.len(), 3);
    assert!(std::fs::read(year.join("programmes.toml")).unwrap() == std::fs::read(sample().join("programmes.toml")).unwrap());
    // A month that is not one: rejected at its cell, nothing written.
    let bad = rewrite(&form, |b| set(b, "予定表", (9, 4), "2018/13"));
    std::fs::write(inbox.join("県_三重県.xlsx"), bad).unwrap();
    let before = snapshot(&year);
    let o = ingest(&inbox, &year, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("県_三重県.xlsx 予定表!E10: 日付「2018/13」を読めません。"), "{}", stdout(&o));
    let after = snapshot(&year);
    for f in ["schedule.toml", "programmes.toml", "blocks.toml"] {
        assert!(before[Path::new(f)] == after[Path::new(f)], "{f} changed");
    }
}

/// Tests that assert a time: `bash scripts/test` runs them alone, after the rest.
mod timed {
    use super::*;

    /// `shiryo ingest` under a 1 GiB address-space cap (`ulimit -v`): killed, not swapping, past it.
    fn ingest_capped(inbox: &Path, year: &Path) -> std::process::Output {
        let bin = env!("CARGO_BIN_EXE_shiryo");
        std::process::Command::new("bash")
            .args(["-c", "ulimit -v 1048576; exec \"$0\" ingest \"$1\" --year \"$2\"", bin, s(inbox), s(year)])
            .output()
            .unwrap()
    }

    /// Zips of many large entries, each zip under its own cap: the run holds no more than
    /// 256 MB of workbook bytes, names each entry past it, and stays under a 1 GiB cap.
    #[test]
    fn many_large_zip_entries_are_bounded_per_run() {
        let (tmp, year) = sample_copy();
        let inbox = tmp.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        let entry = vec![0u8; 19 * 1024 * 1024];
        for z in 0..2 {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for e in 0..8 {
                w.start_file(format!("ブック{e}.xlsx"), opts).unwrap();
                std::io::Write::write_all(&mut w, &entry).unwrap();
            }
            std::fs::write(inbox.join(format!("回答{z}.zip")), w.finish().unwrap().into_inner()).unwrap();
        }
        let started = std::time::Instant::now();
        let o = ingest_capped(&inbox, &year);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(1), "refused, not killed: {out}\n{}", String::from_utf8_lossy(&o.stderr));
        // 16 entries of 19 MB: 13 fit under 256 MB, the other 3 are named.
        assert_eq!(out.matches("一度に読めるブックの大きさ（合計 256 MB）を超えたため").count(), 3, "{out}");
        assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
    }

    /// Small workbooks whose 20,000 cells all point at one shared string of 32,767
    /// characters (1.9 GB once copied cell by cell, before; refused for its text in all,
    /// last session). The string is now held once, whatever the cells that repeat it:
    /// a workbook of nothing else is not a form, and 桑名市's own form with such a memo
    /// sheet is accepted, its first strays named. Under a 1 GiB cap, within 10 s.
    #[test]
    fn a_workbook_of_one_long_shared_string_costs_little() {
        let (tmp, year) = sample_copy();
        let inbox = tmp.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        let long = "長".repeat(32_767);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("取組状況").unwrap();
        for i in 0..20_000u32 {
            ws.write_string(i / 100, (i % 100) as u16, &long).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        assert!(bytes.len() < 200 * 1024, "a small file: {} bytes", bytes.len());
        std::fs::write(inbox.join("メモ.xlsx"), &bytes).unwrap();
        let forms = forms(&year, tmp.path());
        let text: std::sync::Arc<str> = long.as_str().into();
        let memo = rewrite(&read_form(&forms, "桑名市"), |book| {
            let cells = (0..20_000u32).map(|i| ((i / 100, (i % 100) as u16), Value::Text(text.clone()))).collect();
            book.sheets.insert(1, shiryo::intake::ingest::read::Sheet { name: "メモ".into(), visible: true, cells, merges: Vec::new() });
        });
        assert!(memo.len() < 400 * 1024, "a small file: {} bytes", memo.len());
        std::fs::write(inbox.join("桑名市.xlsx"), &memo).unwrap();
        let started = std::time::Instant::now();
        let o = ingest_capped(&inbox, &year);
        let secs = started.elapsed().as_secs_f64();
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(1), "one refused, not killed: {out}\n{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.contains("メモ.xlsx") && out.contains("照会様式のブック"), "{out}");
        assert!(out.contains("桑名市.xlsx") && out.contains("メモ!A1"), "the memo sheet's first stray named: {out}");
        let unit = std::fs::read_to_string(year.join("units/桑名市.toml")).unwrap();
        assert!(!unit.contains("長長長"), "a stray never becomes an answer");
        assert!(secs < 10.0, "took {secs:.1} s");
    }

    #[test]
    fn hostile_workbooks_are_rejected_clearly_and_the_others_still_ingest() {
        let tmp = tempfile::tempdir().unwrap();
        let forms = forms(&sample(), tmp.path());
        let inbox = tmp.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        let mut hostile: Vec<(&str, Vec<u8>, &str)> = Vec::new();
        let form = |u: &str| read_form(&forms, u);
        hostile.push(("桑名市.xlsx", b"This is not a workbook, it is a letter.".to_vec(), "Excel・LibreOffice のブックではありません"));
        let whole = form("東員町");
        hostile.push(("東員町.xlsx", whole[..whole.len() / 2].to_vec(), "壊れているか途中で切れている"));
        hostile.push(("bomb.xlsx", zip_bomb(80), "展開すると大きすぎるファイルです"));
        hostile.push(("bomb-lying.xlsx", lying_zip_bomb(), ""));
        hostile.push(("いなべ市.xlsx", encrypted_ole(), "パスワードで保護（暗号化）されているため読めません"));
        // a 1 MB cell
        let big = "あ".repeat(350_000);
        hostile.push((
            "木曽岬町.xlsx",
            rezip(&form("木曽岬町"), |name, data| {
                if name == "xl/sharedStrings.xml" {
                    let text = String::from_utf8(data).unwrap();
                    text.replacen("<t>―</t>", &format!("<t>{big}</t>"), 1).into_bytes()
                } else {
                    data
                }
            }),
            "木曽岬町.xlsx 取組状況!C",
        ));
        // 100,000 rows
        hostile.push((
            "四日市市.xlsx",
            rezip(&form("四日市市"), |name, data| {
                if name == sheet_entry("取組状況") {
                    let rows: String = (20..100_020).map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>x</t></is></c></row>")).collect();
                    String::from_utf8(data).unwrap().replace("</sheetData>", &format!("{rows}</sheetData>")).into_bytes()
                } else {
                    data
                }
            }),
            "行・列が多すぎます（10000 行まで）",
        ));
        // #REF! in an answer cell
        hostile.push((
            "菰野町.xlsx",
            rezip(&form("菰野町"), |name, data| {
                if name == sheet_entry("取組状況") {
                    let xml = String::from_utf8(data).unwrap();
                    let start = xml.find("<c r=\"C7\"").unwrap();
                    let end = start + xml[start..].find("</c>").unwrap() + 4;
                    format!("{}<c r=\"C7\" t=\"e\"><f>#REF!+1</f><v>#REF!</v></c>{}", &xml[..start], &xml[end..]).into_bytes()
                } else {
                    data
                }
            }),
            "菰野町.xlsx 取組状況!C7: 数式のエラー（#REF!）です",
        ));
        hostile.push((
            "朝日町.xlsx",
            rewrite(&form("朝日町"), |b| {
                let sh = b.sheets.iter_mut().find(|s| s.name == "取組状況").unwrap();
                sh.merges.push((2, 2, 3, 2));
            }),
            "朝日町.xlsx 取組状況!C3:C4: 記入欄のセルが結合されています",
        ));
        hostile.push((
            "川越町.xlsx",
            rewrite(&form("川越町"), |b| b.sheets.iter_mut().find(|s| s.name == "取組状況").unwrap().visible = false),
            "シート「取組状況」が非表示になっています",
        ));
        hostile.push((
            "鈴鹿市.xlsx",
            rewrite(&form("鈴鹿市"), |b| b.sheets.iter_mut().find(|s| s.name == "課題と取組").unwrap().name = "Sheet1".into()),
            "シート「課題と取組」がありません",
        ));
        hostile.push((
            "亀山市.xlsx",
            rewrite(&form("亀山市"), |b| set(b, "取組状況", (0, 1), "鈴鹿市")),
            "この様式は「亀山市」用ですが、提出単位欄は「鈴鹿市」です",
        ));
        hostile.push((
            "津市.xlsx",
            rewrite(&form("津市"), |b| set(b, "取組状況", (6, 2), "")),
            "津市.xlsx 取組状況!C7: ⑤相談支援 が空欄です。記入がない場合は「―」と入力してください。",
        ));
        hostile.push((
            "名張市.xlsx",
            rewrite(&form("名張市"), |b| {
                let m = b.sheets.iter_mut().find(|s| s.name == "_shiryo").unwrap();
                for v in m.cells.values_mut() {
                    if *v == Value::Text("名張市".into()) {
                        *v = Value::Text("名張町".into());
                    }
                }
                set(b, "取組状況", (0, 1), "名張町");
            }),
            "提出単位「名張町」はこの年度の資料にありません",
        ));
        let targets: Vec<&str> = ["桑名市", "木曽岬町", "いなべ市", "東員町", "四日市市", "菰野町", "朝日町", "川越町", "鈴鹿市", "亀山市", "津市", "名張市"].to_vec();
        for e in std::fs::read_dir(&forms).unwrap() {
            let p = e.unwrap().path();
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            if !targets.contains(&stem.as_str()) {
                std::fs::copy(&p, inbox.join(p.file_name().unwrap())).unwrap();
            }
        }
        for (name, bytes, _) in &hostile {
            std::fs::write(inbox.join(name), bytes).unwrap();
        }
        let year = empty_year(tmp.path());
        let started = std::time::Instant::now();
        let o = ingest(&inbox, &year, &[]);
        let secs = started.elapsed().as_secs_f64();
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "exit code 1 when a workbook is rejected:\n{out}\n{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        assert!(secs < 60.0, "took {secs:.1} s");
        assert!(out.contains("セルの文字数が多すぎます（350000 字、上限 32767 字）"), "{out}");
        for (name, _, message) in &hostile {
            let rejected = out
                .lines()
                .any(|l| l == format!("{name}: 不受理") || (l.starts_with(&format!("{name} →")) && l.ends_with(": 不受理")));
            assert!(rejected && !out.lines().any(|l| l.starts_with(name) && l.ends_with(": 受理")), "{name} is not rejected:\n{out}");
            assert!(out.contains(message), "{name}: expected «{message}» in:\n{out}");
        }
        assert!(out.contains("bomb-lying.xlsx: 不受理"), "{out}");
        // The rejected wrote nothing; every other unit and centre was ingested as sent.
        for t in &targets {
            assert!(unit_toml(&year, t).is_none(), "{t}'s TOML was written from a rejected workbook");
        }
        let want = snapshot(&sample().join("units"));
        let got = snapshot(&year.join("units"));
        for (f, bytes) in &want {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            if !targets.contains(&stem.as_str()) {
                assert!(got.get(f) == Some(bytes), "{} was not ingested as sent", f.display());
            }
        }
        assert!(snapshot(&sample().join("centres")) == snapshot(&year.join("centres")));
        let report = std::fs::read_to_string(year.join("reports/取込結果.md")).unwrap();
        assert!(report.contains("| 津市.xlsx | 津市 | 不受理 |"), "{report}");
        // English, for the same folder.
        let o = ingest(&inbox, &year, &["--lang", "en"]);
        let out = stdout(&o);
        assert!(out.contains("津市.xlsx 取組状況!C7: ⑤相談支援 is empty; if nothing was done, enter \"―\"."), "{out}");
        assert!(out.contains("いなべ市.xlsx: the workbook is password-protected (encrypted)"), "{out}");
    }
}

/// The 案内 sheet's check, recalculated by LibreOffice (forced to recalculate on load: a profile whose
/// OOXMLRecalcMode is "always"), after openpyxl edited the form as an officer would: complete, a
/// required answer emptied, a bullet missing.
#[test]
fn the_guides_check_counts_what_is_missing_in_words() {
    let (tmp, _year, forms, _inbox) = sample_with_form("桑名市");
    let form = forms.join("桑名市.xlsx");
    let edit = r#"
import sys, openpyxl
src, out = sys.argv[1], sys.argv[2]
for name, sheet, cell, value in [("complete", None, None, None), ("emptied", "取組状況", "C7", None), ("nobullet", "取組状況", "C3", "資源リストを作成。"), ("spare", None, None, None)]:
    wb = openpyxl.load_workbook(src)
    if sheet:
        wb[sheet][cell] = value
    if name == "spare":
        # Partners typed on the paired table's last spare row (no 課題, no 取組).
        ws = wb["課題と取組"]
        row = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value and str(ws.cell(r, 1).value).isdigit())
        ws.cell(row, 4).value = "木曽岬町"
        print(f"D{row}")
    wb.save(f"{out}/{name}.xlsx")
"#;
    let edited = tmp.path().join("edited");
    std::fs::create_dir_all(&edited).unwrap();
    let o = python_with("openpyxl", "openpyxl==3.1.5 (scripts/test-requirements.txt)", &["-c", edit, s(&form), s(&edited)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let spare_cell = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let profile = tmp.path().join("lo-profile/user");
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::write(
        profile.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let recalculated = tmp.path().join("recalculated");
    std::fs::create_dir_all(&recalculated).unwrap();
    let files: Vec<PathBuf> = ["complete", "emptied", "nobullet", "spare"].iter().map(|n| edited.join(format!("{n}.xlsx"))).collect();
    soffice("xlsx:Calc MS Excel 2007 XML", &files, &recalculated, tmp.path());
    let read = r#"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["案内"]
for row in ws.iter_rows(min_col=2, max_col=2):
    v = row[0].value
    if isinstance(v, str) and (v.startswith("入力チェック") or ": " in v[:20]):
        print(v)
"#;
    let check = |name: &str| -> String {
        let o = python_with("openpyxl", "openpyxl==3.1.5 (scripts/test-requirements.txt)", &["-c", read, s(&recalculated.join(format!("{name}.xlsx")))]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let complete = check("complete");
    assert!(complete.starts_with("入力チェック: 問題はありません\n未記入の必須欄: なし\n「・」で始まらない回答: なし\n共同の相手だけの欄: なし"), "{complete}");
    let emptied = check("emptied");
    assert!(emptied.starts_with("入力チェック: 1 件を確認してください\n未記入の必須欄: 1（取組状況 C7）\n"), "{emptied}");
    let nobullet = check("nobullet");
    assert!(nobullet.contains("「・」で始まらない回答: 1（取組状況 C3）"), "{nobullet}");
    assert!(complete.contains("課題のない行の共同の相手: なし"), "{complete}");
    let spare = check("spare");
    assert!(spare.contains(&format!("課題のない行の共同の相手: 1（課題と取組 {spare_cell}）")), "the spare rows are checked too: {spare}");
}
