//! `shiryo batch`: one packet per year folder, each in its own process; a
//! failing year is named with its messages and does not stop the others.

use crate::common::*;

#[test]
fn batch_builds_each_year_and_names_the_one_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    let years = dir.path().join("years");
    copy_dir(&sample(), &years.join("24-三重県"));
    copy_dir(&sample(), &years.join("99-壊れた県"));
    // A broken year: its packet file is not TOML.
    std::fs::write(years.join("99-壊れた県/packet.toml"), "title = \"unterminated\n").unwrap();
    let out = dir.path().join("pdf");
    let o = shiryo(&["batch", "years", "-o", "pdf", "-q", "-j", "2"], dir.path(), &[]);
    assert!(!o.status.success(), "a failed year must fail the batch");
    let err = stderr(&o);
    assert!(err.contains("99-壊れた県"), "the failing year is named: {err}");
    assert!(err.contains("packet.toml"), "with the child's message naming the file: {err}");
    assert!(err.contains("1 / 2"), "and a count: {err}");
    let good = out.join("24-三重県.pdf");
    assert_eq!(page_count(&good), 19);
    assert!(!out.join("99-壊れた県.pdf").exists(), "no half-written packet");
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "only the packet, no temporary files: {names:?}");
}

#[test]
fn batch_says_so_when_a_folder_holds_no_year() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = shiryo(&["batch", "empty", "-o", "pdf"], dir.path(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("packet.toml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
