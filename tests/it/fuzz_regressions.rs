//! Every input the fuzzer (`fuzz/`) ever made crash, and its seeds, replayed
//! through the same checks it runs (`shiryo::fuzzing`), so a fixed crash stays fixed.


use std::path::{Path, PathBuf};

use shiryo::intake::ingest::{FindingKind, examine, read::Refusal};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut all: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    assert!(!all.is_empty(), "{} holds no inputs", dir.display());
    all
}

#[test]
fn workbook_inputs_found_by_the_fuzzer_and_its_seeds_pass() {
    for f in files("tests/fixtures/fuzz/workbook").into_iter().chain(files("fuzz/seeds/workbook")) {
        let bytes = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| shiryo::fuzzing::workbook(&bytes));
        assert!(outcome.is_ok(), "{} panics", f.display());
    }
}

#[test]
fn toml_inputs_found_by_the_fuzzer_and_its_seeds_pass() {
    let dirs = files("fuzz/seeds/toml").into_iter().chain(
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/toml"))
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().path()),
    );
    for f in dirs {
        let bytes = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| shiryo::fuzzing::toml(&bytes));
        assert!(outcome.is_ok(), "{} panics", f.display());
    }
}

/// Three .xls files that made calamine 0.38 panic: a sheet record pointing
/// past the end of its stream, a stream's mini sector past the mini stream
/// (both out-of-bounds slices), a sheet offset inside a record, where
/// calamine read a Dimensions record whose last row is before its first, and
/// an ExternSheet record too short for its count (a panic inside calamine's
/// record parsers, which the reader's guard turns into a refusal). The
/// intake now refuses them, by name, as damaged or too large, before calamine sees them.
#[test]
fn xls_files_that_crashed_calamine_are_refused_before_calamine_reads_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/workbook");
    let year = shiryo::store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/2018")).unwrap();
    for file in [
        "xls-sheet-offset-past-stream.xls",
        "xls-mini-sector-past-mini-stream.xls",
        "xls-sheet-offset-inside-a-record.xls",
        "xls-extern-sheet-record-too-short.xls",
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let findings = examine("四日市市.xls", &bytes, &year);
        assert!(
            matches!(findings.as_slice(), [f] if matches!(&f.kind, FindingKind::Refused(Refusal::Corrupt(_) | Refusal::TooBig { .. })) && f.file == "四日市市.xls"),
            "{file}: {findings:?}"
        );
    }
}

/// The seeds are real forms: each format's seed is read and understood as the
/// sample's unit, so the fuzzer starts from inputs that reach the answers.
#[test]
fn seeds_are_forms_the_intake_accepts() {
    let year = shiryo::store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/2018")).unwrap();
    for f in files("fuzz/seeds/workbook") {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let errors: Vec<_> = examine(&name, &bytes, &year)
            .into_iter()
            .filter(|x| x.severity == shiryo::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

/// A clerk ingesting a folder with such a file sees the file refused in
/// Japanese, the other workbooks applied, and no panic message.
#[test]
fn ingest_refuses_a_crashing_xls_quietly_and_goes_on() {
    let (tmp, year) = crate::common::sample_copy();
    let forms = tmp.path().join("forms");
    let o = crate::common::shiryo(&["form", year.to_str().unwrap(), "--unit", "桑名市", "-o", forms.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/workbook/xls-extern-sheet-record-too-short.xls");
    std::fs::copy(fixture, forms.join("四日市市.xls")).unwrap();
    let o = crate::common::shiryo(&["ingest", forms.to_str().unwrap(), "--year", year.to_str().unwrap()], tmp.path(), &[]);
    let err = crate::common::stderr(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    let all = format!("{out}{err}");
    assert!(!o.status.success(), "a rejected workbook must fail the run: {all}");
    assert!(!all.contains("panicked"), "{all}");
    assert!(all.contains("四日市市.xls") && all.contains("ファイルが壊れているか途中で切れているため読めません"), "{all}");
    assert!(all.contains("桑名市"), "the good workbook is still reported: {all}");
}
