//! Helpers of the integration tests: run the binary like a user, read PDFs
//! with poppler (`pdftotext`, `pdffonts`, `pdfinfo`), run PyPI's tools with the
//! venv's Python, copy the sample year. A missing tool fails the test and names the
//! package to install; `bash scripts/test` installs them all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample() -> PathBuf {
    root().join("inputs/2018")
}

/// Runs `shiryo` with arguments in `cwd`.
pub fn shiryo(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shiryo"));
    cmd.args(args).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run shiryo")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Builds `year` into `dir/out.pdf`, panicking with shiryo's messages on failure.
pub fn build(year: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("out.pdf");
    let o = shiryo(&["build", year.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"], dir, &[]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    out
}

/// Runs a poppler tool; a missing tool is a failure that says what to install.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} not found ({e}): install Debian's poppler-utils (apt-get install poppler-utils)"));
    assert!(o.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8 from poppler")
}

/// The Python that runs the tests' PyPI packages (typst, pdfua): `SHIRYO_TEST_PYTHON`
/// (`bash scripts/test` sets it to its venv's), else that venv, `target/test-venv`,
/// when it exists, else `python3` on PATH.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("SHIRYO_TEST_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let venv = root().join("target/test-venv/bin/python");
    if venv.exists() { venv } else { PathBuf::from("python3") }
}

/// Runs that Python with `args`, once it has shown that it imports `module`: a missing
/// Python or module fails the test and names the PyPI package (`package`, pinned).
pub fn python_with(module: &str, package: &str, args: &[&str]) -> Output {
    let python = python();
    let fix = format!("the tests need PyPI's {package}: run `bash scripts/test`, which installs it into target/test-venv");
    let o = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .unwrap_or_else(|e| panic!("{} not found ({e}); {fix}", python.display()));
    assert!(o.status.success(), "{} cannot import {module} ({}); {fix}", python.display(), String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or(""));
    Command::new(&python).args(args).output().unwrap_or_else(|e| panic!("run {}: {e}", python.display()))
}

/// The rows of `status`'s checklist: each unit's line split into its columns (name, state, receipt, sender, files).
pub fn status_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(|l| l.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect())
        .collect()
}

/// The text of each page (`pdftotext -layout`), whitespace kept.
pub fn pages_text(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whitespace removed, and the marks where a printed line may or may not break
/// (the layout's U+2060 and U+200B, never text in the PDF): how the text tests compare.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\u{2060}' | '\u{200B}')).collect()
}

/// The whole text, squashed, in reading order (`pdftotext -raw`).
pub fn raw_text(pdf: &Path) -> String {
    squash(&poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]))
}

pub fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Pages: in pdfinfo")
}

/// A word and its box on a page, from `pdftotext -bbox`.
#[derive(Debug)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// Every page's size (points) and words.
pub fn words(pdf: &Path) -> (Vec<(f64, f64)>, Vec<Word>) {
    let html = poppler("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |line: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let start = line.find(&key).expect("attribute") + key.len();
        let end = start + line[start..].find('"').expect("quote");
        line[start..end].parse().expect("number")
    };
    let mut sizes = Vec::new();
    let mut words = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            sizes.push((attr(line, "width"), attr(line, "height")));
        } else if line.starts_with("<word ") {
            let text = line.split('>').nth(1).and_then(|s| s.split('<').next()).unwrap_or("").to_string();
            words.push(Word {
                page: sizes.len(),
                text,
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            });
        }
    }
    (sizes, words)
}

/// Copies the sample year into a fresh temporary directory.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dst = tmp.path().join("2018");
    copy_dir(&sample(), &dst);
    (tmp, dst)
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// Edits a TOML file of a year in place.
pub fn edit(path: &Path, f: impl FnOnce(&mut toml::Table)) {
    let mut t: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    f(&mut t);
    std::fs::write(path, toml::to_string(&t).unwrap()).unwrap();
}

/// Asserts that `needles` occur in `hay` in this order (each after the previous).
pub fn assert_in_order(hay: &str, needles: &[String], what: &str) {
    let mut at = 0;
    for n in needles {
        let n = squash(n);
        match hay[at..].find(&n) {
            Some(i) => at += i + n.len(),
            None => {
                let anywhere = hay.contains(&n);
                panic!("{what}: {n:?} {}", if anywhere { "is out of order" } else { "is missing" });
            }
        }
    }
}

/// Reads a workbook, lets `edit` change its cells, writes it again with rust_xlsxwriter
/// (values, sheet order, hidden sheets and merges are kept; formats are not).
pub fn rewrite(bytes: &[u8], edit: impl FnOnce(&mut shiryo::intake::ingest::read::Book)) -> Vec<u8> {
    let mut book = shiryo::intake::ingest::read::read(bytes).expect("readable form");
    edit(&mut book);
    let mut wb = rust_xlsxwriter::Workbook::new();
    // The workbook's own modification time is its receipt moment: kept unless the edit set another.
    if let Some(when) = book.modified.as_deref().and_then(|m| rust_xlsxwriter::ExcelDateTime::parse_from_str(m).ok()) {
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&when));
    }
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for (&(r, c), v) in &sheet.cells {
            match v {
                shiryo::intake::ingest::read::Value::Text(t) => ws.write_string(r, c, &**t).map(|_| ()),
                shiryo::intake::ingest::read::Value::Date(t) | shiryo::intake::ingest::read::Value::Error(t) => ws.write_string(r, c, t).map(|_| ()),
                shiryo::intake::ingest::read::Value::Number(f) => ws.write_number(r, c, *f).map(|_| ()),
                shiryo::intake::ingest::read::Value::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
            }
            .unwrap();
        }
        for &(r0, c0, r1, c1) in &sheet.merges {
            let text = match sheet.cells.get(&(r0, c0)) {
                Some(shiryo::intake::ingest::read::Value::Text(t)) => t.to_string(),
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &text, &rust_xlsxwriter::Format::new()).unwrap();
        }
        if !sheet.visible {
            ws.set_hidden(true);
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A unit's answer as its office mails it, written by Python's `email` package:
/// `src` attached under its own name, from `sender`, dated `date` (RFC 5322), with `subject`.
pub fn answer_mail(src: &Path, dst: &Path, sender: &str, date: &str, subject: &str) {
    const MAIL: &str = r#"
import sys
from email.message import EmailMessage
src, dst, sender, date, subject = sys.argv[1:6]
m = EmailMessage()
m["From"] = sender
m["To"] = "choju@pref.mie.example.jp"
m["Subject"] = subject
m["Date"] = date
m.set_content("回答を送ります。")
name = src.rsplit("/", 1)[-1]
m.add_attachment(open(src, "rb").read(), maintype="application", subtype="octet-stream", filename=name)
open(dst, "wb").write(bytes(m))
"#;
    let (src, dst) = (src.to_str().unwrap(), dst.to_str().unwrap());
    let o = python_with("email", "Python's standard library", &["-c", MAIL, src, dst, sender, date, subject]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A path as the `&str` a command-line argument takes (the tests' paths are UTF-8).
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Converts `files` into `out` with LibreOffice Calc (`soffice --headless --convert-to`), a throwaway profile in `tmp`.
pub fn soffice(filter: &str, files: &[PathBuf], out: &Path, tmp: &Path) {
    soffice_with(&[], filter, files, out, tmp)
}

/// [`soffice`] with more options before the files, e.g. `--infilter=CSV:44,34,76` (a UTF-8 CSV).
pub fn soffice_with(options: &[&str], filter: &str, files: &[PathBuf], out: &Path, tmp: &Path) {
    let profile = format!("-env:UserInstallation=file://{}", tmp.join("lo-profile").display());
    let o = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", filter, "--outdir", s(out)])
        .args(options)
        .args(files)
        .env("HOME", tmp)
        .output()
        .unwrap_or_else(|e| panic!("soffice not found ({e}): install Debian's libreoffice-calc-nogui (apt-get install libreoffice-calc-nogui)"));
    assert!(o.status.success(), "soffice --convert-to {filter} failed: {}", String::from_utf8_lossy(&o.stderr));
    for f in files {
        let ext = filter.split(':').next().unwrap();
        let converted = out.join(f.with_extension(ext).file_name().unwrap());
        assert!(converted.is_file(), "soffice wrote no {}: {}", converted.display(), String::from_utf8_lossy(&o.stderr));
    }
}

/// Every PDF in a folder and its sub-folders (an archive's versions).
pub fn pdfs_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(pdfs_below(&p));
        } else if p.extension().is_some_and(|x| x == "pdf") {
            out.push(p);
        }
    }
    out
}

/// A copy of the sample year, one unit's form written from it, and an empty inbox:
/// (the temporary folder, the year, the forms' folder, the inbox).
pub fn sample_with_form(unit: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let (tmp, year) = sample_copy();
    let forms = tmp.path().join("forms");
    let o = shiryo(&["form", s(&sample()), "--unit", unit, "-o", s(&forms)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    (tmp, year, forms, inbox)
}
