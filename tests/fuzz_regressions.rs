//! Every input the fuzzer (`fuzz/`) ever made crash, and its seeds, replayed
//! through the same checks it runs (`shiryo::fuzzing`), so a fixed crash stays fixed.

use std::path::{Path, PathBuf};

use shiryo::ingest::{FindingKind, examine, read::Refusal};

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

/// An .xls whose sheet record points past the end of its stream made calamine
/// 0.38 slice out of bounds; the intake now refuses it as damaged, by name.
#[test]
fn xls_with_a_sheet_offset_past_its_stream_is_refused_as_corrupt() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/workbook");
    let bytes = std::fs::read(dir.join("xls-sheet-offset-past-stream.xls")).unwrap();
    let year = shiryo::store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/2018")).unwrap();
    let findings = examine("四日市市.xls", &bytes, &year);
    assert!(
        matches!(findings.as_slice(), [f] if matches!(&f.kind, FindingKind::Refused(Refusal::Corrupt(_))) && f.file == "四日市市.xls"),
        "{findings:?}"
    );
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
