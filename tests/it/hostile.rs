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
