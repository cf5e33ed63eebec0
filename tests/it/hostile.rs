//! Names that become paths cannot leave their directory; templates cannot
//! read outside theirs; random input never panics the loader or the layout.


use crate::common::*;
use shiryo::model::Unit;
use shiryo::store::file_name;

#[test]
fn unit_names_cannot_escape_the_units_directory() {
    for name in ["../../evil", "/etc/passwd", "a\0b", "..", "CON", "nul", "a/b\\c", " . ", "桑名市"] {
        let f = file_name(name);
        assert!(!f.contains('/') && !f.contains('\\') && !f.contains('\0'), "{name:?} → {f:?}");
        assert!(!f.starts_with('.'), "{name:?} → {f:?}");
        assert!(f.ends_with(".toml"));
        let stem = f.trim_end_matches(".toml").to_ascii_uppercase();
        assert!(!["CON", "NUL"].contains(&stem.as_str()), "{name:?} → {f:?}");
    }
    // Saving a year whose unit is named to escape writes inside units/ only.
    let mut year = shiryo::store::load(&sample()).unwrap();
    year.units.push(Unit { name: "../../../escaped".into(), ..year.units[0].clone() });
    year.units.last_mut().unwrap().source.clear();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("y");
    shiryo::store::save(&year, &dir).unwrap();
    let inside = std::fs::read_dir(dir.join("units")).unwrap().filter(|e| {
        e.as_ref().unwrap().file_name().to_string_lossy().contains("escaped")
    });
    assert_eq!(inside.count(), 1, "the unit was not written inside units/");
    let outside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(outside, ["y"], "a file was written outside the year directory");
}

/// A name longer than a file system allows (255 bytes) is cut at a character
/// boundary, so saving cannot fail on it; a centre's name is as safe as a unit's.
#[test]
fn long_and_hostile_names_stay_one_short_file_name() {
    let long = "在宅医療・介護連携".repeat(20); // 540 bytes
    let f = file_name(&long);
    assert!(f.len() <= shiryo::store::MAX_STEM_BYTES + ".toml".len(), "{} bytes", f.len());
    assert!(long.starts_with(f.trim_end_matches(".toml")), "{f}");
    let mut year = shiryo::store::load(&sample()).unwrap();
    let mut centre = year.centres[0].clone();
    centre.name = format!("../..{long}");
    centre.source.clear();
    year.centres.push(centre);
    let tmp = tempfile::tempdir().unwrap();
    shiryo::store::save(&year, &tmp.path().join("y")).unwrap();
    let outside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(outside, ["y"], "a file was written outside the year directory");
    let centres = std::fs::read_dir(tmp.path().join("y/centres")).unwrap().count();
    assert_eq!(centres, year.centres.len(), "every centre has its own file");
}

#[test]
fn templates_cannot_read_outside_their_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    let templates = tmp.path().join("tpl");
    std::fs::create_dir(&templates).unwrap();
    for (path, what) in [("/etc/passwd", "an absolute path"), ("../secret.txt", "a parent path"), (secret.to_str().unwrap(), "the real path")] {
        std::fs::write(templates.join("main.typ"), format!("#read(\"{path}\")")).unwrap();
        let o = shiryo(
            &["build", sample().to_str().unwrap(), "-o", "x.pdf", "-q", "--templates", templates.to_str().unwrap()],
            tmp.path(),
            &[],
        );
        assert!(!o.status.success(), "a template read {what}");
        let err = stderr(&o);
        assert!(err.contains("テンプレートのエラー") && (err.contains("not found") || err.contains("escape")), "{err}");
        assert!(!err.contains("SECRET") && !err.contains("root:"), "{err}");
        assert!(!tmp.path().join("x.pdf").exists());
    }
}

#[test]
fn a_template_designer_can_override_one_file() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("tpl");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("main.typ"), "#let data = json(\"/data.json\")\n#set text(font: \"BIZ UDPGothic\")\n独自の表紙 #data.packet.material").unwrap();
    let o = shiryo(&["build", sample().to_str().unwrap(), "-o", "x.pdf", "-q", "--templates", templates.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = raw_text(&tmp.path().join("x.pdf"));
    assert!(text.contains("独自の表紙資料４"), "{text}");
}

/// `shiryo` with a time limit: a command that would hang on a pipe fails the test, never the run.
fn shiryo_within(args: &[&str], cwd: &std::path::Path, secs: u64) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shiryo"))
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= secs {
            let _ = child.kill();
            panic!("shiryo {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &std::path::Path) {
    let o = std::process::Command::new("mkfifo").arg(path).output().expect("mkfifo (coreutils)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Outputs are regular files or nothing: a pipe, a device or a folder is refused by name
/// before any work (the device stays a device); a pipe among a year's files is named and
/// never opened.
#[test]
fn outputs_that_are_not_regular_files_are_refused() {
    let (tmp, year) = sample_copy();
    let fifo = tmp.path().join("out.pdf");
    mkfifo(&fifo);
    for out in [fifo.as_path(), std::path::Path::new("/dev/zero"), std::path::Path::new("/dev/null")] {
        let o = shiryo_within(&["build", s(&year), "-o", s(out), "-q"], tmp.path(), 20);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("普通のファイルではありません"), "{}", stderr(&o));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still the device");
    let o = shiryo_within(&["status", s(&year), "--xlsx", s(&fifo)], tmp.path(), 20);
    assert!(stderr(&o).contains("普通のファイルではありません"), "{}", stderr(&o));
    // A pipe named like a unit's file: named as not read, and `check` finishes.
    mkfifo(&year.join("units/罠.toml"));
    let o = shiryo_within(&["check", s(&year)], tmp.path(), 20);
    assert!(stderr(&o).contains("units/罠.toml") && stderr(&o).contains(".toml のファイルではない"), "{}", stderr(&o));
}

/// The output guard knows every year folder, not only the one in hand: no command writes
/// into another year's data, nor into a folder that holds years.
#[test]
fn no_command_writes_into_another_years_data() {
    let (tmp, year) = sample_copy();
    let other = tmp.path().join("2019");
    copy_dir(&sample(), &other);
    let before = std::fs::read_dir(other.join("units")).unwrap().count();
    let unit_file = other.join("units/桑名市.toml");
    let units = other.join("units");
    let parent = tmp.path();
    let cases: Vec<Vec<&str>> = vec![
        vec!["build", s(&year), "-o", s(&unit_file), "-q"],
        vec!["publish", s(&year), "-o", s(&units)],
        vec!["send-back", s(&year), "-o", s(&units)],
        vec!["remind", s(&year), "-o", s(&units)],
        vec!["request", s(&year), "-o", s(&units)],
        vec!["form", s(&year), "-o", s(&units)],
        vec!["archive", s(&year), "-o", s(parent)],
    ];
    for args in cases {
        let o = shiryo_within(&args, tmp.path(), 60);
        assert!(!o.status.success(), "{args:?} wrote: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains("出力先が年度") && err.contains("上書きを防ぐため何もしていません"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(&units).unwrap().count(), before, "nothing written into 2019/units");
    assert!(std::fs::read_to_string(&unit_file).unwrap().contains("桑名市"), "the unit's file is as it was");
}

/// What a workbook or a file name carries is inert wherever it is printed: an escape
/// sequence or a bidi override in a cell reaches the terminal and the report escaped
/// (`\u{1b}`), and markup in a file name is text in the report.
#[test]
fn control_characters_and_markup_from_a_workbook_are_inert() {
    let (tmp, year, forms, inbox) = sample_with_form("桑名市");
    let form = std::fs::read(forms.join("桑名市.xlsx")).unwrap();
    let evil = rewrite(&form, |b| crate::intake::set(b, "取組状況", (1, 1), "\u{1b}[2J\u{202e}桑名氏"));
    std::fs::write(inbox.join("<img src=x onerror=alert(1)>.xlsx"), evil).unwrap();
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    let out = stdout(&o) + &stderr(&o);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "raw control characters reached the terminal: {out:?}");
    assert!(out.contains("\\u{1b}[2J\\u{202e}桑名氏"), "shown escaped: {out}");
    let report = std::fs::read_to_string(year.join("reports/取込結果.md")).unwrap();
    assert!(!report.contains('\u{1b}') && !report.contains("<img"), "{report}");
    assert!(report.contains("&lt;img src=x onerror=alert(1)&gt;.xlsx") && report.contains("\\u{1b}"), "{report}");
}

/// A year near its page limit: a workbook that takes it past is refused for the limit, named as
/// such, never blamed on another file (a 3,000-unit year once read 「別のファイルが不整合」).
#[test]
fn a_workbook_that_takes_the_year_past_its_pages_is_refused_for_the_limit() {
    use shiryo::model::limits::{CHARS_PER_PAGE, MAX_PAGES};
    let (tmp, year, forms, inbox) = sample_with_form("津市");
    let loaded = shiryo::store::load(&year).unwrap();
    let chars: usize = shiryo::model::limits::strings(&loaded).iter().map(|(_, _, s)| s.chars().count()).sum();
    // 伊賀市's first item filled so that the year estimates three pages under the limit.
    let room = (MAX_PAGES - 3 - 3 - 2 * loaded.blocks.blocks.len()) * CHARS_PER_PAGE - chars;
    let room = room - 1_000;
    let mut lines: Vec<String> = std::iter::repeat_n(format!("・{}", "あ".repeat(29_999)), room / 30_000).collect();
    lines.push(format!("・{}", "あ".repeat(room % 30_000)));
    edit(&year.join("units/伊賀市.toml"), |t| {
        t["items"][0]["lines"] = toml::Value::Array(lines.iter().map(|l| toml::Value::String(l.to_string())).collect());
    });
    let o = shiryo(&["check", s(&year)], tmp.path(), &[]);
    assert!(o.status.success(), "the year itself is under the limit: {}", stdout(&o));
    // 津市's answer adds about five pages (a cell of 32,000 characters, under Excel's limit).
    let form = std::fs::read(forms.join("津市.xlsx")).unwrap();
    let long = format!("・{}", "い".repeat(31_999));
    let book = shiryo::intake::ingest::read::read(&form).unwrap();
    let sheet = book.sheets.iter().find(|s| s.name == "取組状況").unwrap();
    let first = |(&(r, c), v): (&(u32, u16), &shiryo::intake::ingest::read::Value)| {
        (c == 0 && matches!(v, shiryo::intake::ingest::read::Value::Text(t) if &**t == "①")).then_some(r)
    };
    let row = sheet.cells.iter().find_map(first).expect("①'s row");
    std::fs::write(inbox.join("津市.xlsx"), rewrite(&form, |b| crate::intake::set(b, "取組状況", (row, 2), &long))).unwrap();
    let o = shiryo(&["ingest", s(&inbox), "--year", s(&year)], tmp.path(), &[]);
    let out = stdout(&o);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("この提出を取り込むと年度の資料が上限を超えるため、取り込んでいません（"), "{out}");
    assert!(out.contains(&format!("上限 {MAX_PAGES} ページ")), "{out}");
    assert!(!out.contains("別のファイルが不整合"), "{out}");
}
