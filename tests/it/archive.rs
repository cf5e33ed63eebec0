//! The fiscal-year archive: PDF/A-3u + PDF/UA-1 with the sources attached,
//! checked by tools nobody here wrote (qpdf, poppler's pdfdetach, PyPI's pdfua).


use std::path::Path;
use std::process::Command;

use crate::common::*;
use shiryo::outputs::archive::{read_manifest, sha256};

/// The sample's survey folder in its fiscal year: `<root>/2018/<survey key>/`.
const SURVEY: &str = "2018/在宅医療・介護連携";

fn version(root: &Path, n: u32) -> std::path::PathBuf {
    root.join(SURVEY).join(format!("第{n}版"))
}

fn verify(dir: &Path, cwd: &Path, lang: &str) -> std::process::Output {
    shiryo(&["--lang", lang, "verify", dir.to_str().unwrap()], cwd, &[])
}

/// The folders of a directory, sorted.
fn folders(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn archive(year: &Path, root: &Path) -> String {
    let o = shiryo(&["archive", year.to_str().unwrap(), "-o", root.to_str().unwrap()], root, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn tool(name: &str, package: &str, args: &[&str]) -> std::process::Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} not found ({e}): install {package}"))
}

#[test]
fn the_sample_archives_with_its_sources_attached_and_verifies() {
    let (tmp, year) = sample_copy();
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    let said = archive(&year, &root);
    assert!(said.contains("第1版を保管しました"), "{said}");
    let dir = version(&root, 1);
    assert!(said.contains(dir.to_str().unwrap()), "{said}");
    let pdf = dir.join("packet.pdf");

    let o = tool("qpdf", "Debian's qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&o.stdout));

    // Every attachment is byte-identical to the input it came from, or to what `publish` writes.
    let published = tmp.path().join("published");
    let o = shiryo(&["publish", s(&year), "-o", s(&published)], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = poppler("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    let names: Vec<&str> = list.lines().skip(1).filter_map(|l| l.split_once(": ").map(|(_, n)| n)).collect();
    let inputs = 5 + std::fs::read_dir(year.join("units")).unwrap().count() + std::fs::read_dir(year.join("centres")).unwrap().count();
    let outputs = std::fs::read_dir(&published).unwrap().count();
    assert_eq!(names.len(), inputs + outputs, "{list}");
    for (i, name) in names.iter().enumerate() {
        let out = tmp.path().join(format!("att-{i}"));
        poppler("pdfdetach", &["-save", &(i + 1).to_string(), "-o", out.to_str().unwrap(), pdf.to_str().unwrap()]);
        let source = match (name.strip_prefix("sources/"), name.strip_prefix("published/")) {
            (Some(rel), _) => year.join(rel),
            (_, Some(rel)) => published.join(rel),
            _ => panic!("{name}: attachments are sources/… or published/…"),
        };
        assert!(std::fs::read(&out).unwrap() == std::fs::read(&source).unwrap(), "{name} differs from {}", source.display());
    }

    // The manifest's hashes hold, for every file it names.
    let manifest = read_manifest(&dir).unwrap();
    assert_eq!(manifest.era, "平成30年度");
    assert_eq!(manifest.standards, ["a-3u", "ua-1"]);
    // The versions that decide the layout.
    assert_eq!(manifest.data_schema, Some(shiryo::model::survey::SCHEMA));
    assert_eq!(manifest.data_schema, Some(2));
    assert_eq!(manifest.typst, shiryo::outputs::archive::typst_version());
    assert_eq!(manifest.layout, Some(shiryo::render::LAYOUT_VERSION));
    assert_eq!(manifest.survey.as_deref(), Some("在宅医療・介護連携"));
    let text = std::fs::read_to_string(dir.join("manifest.toml")).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    assert_eq!(first, format!("manifest_sha256 = \"{}\"", sha256(rest.as_bytes())), "the manifest's own hash");
    assert!(rest.contains(&format!("\nlayout = {}\ndata_schema = 2\n", shiryo::render::LAYOUT_VERSION)), "{text}");
    for f in &manifest.files {
        assert_eq!(sha256(&std::fs::read(dir.join(&f.path)).unwrap()), f.sha256, "{}", f.path);
    }
    for role in ["input", "template", "font", "output"] {
        assert!(manifest.files.iter().any(|f| f.role == role), "no {role} in the manifest");
    }
    let o = shiryo(&["verify", root.join("2018").to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("同一の PDF を再作成できました"), "{}", stdout(&o));

    // PDF/UA-1, the machine-checkable part.
    let o = python_with("pdfua", "pdfua==0.1.3", &["-m", "pdfua", "check", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "pdfua check: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

#[test]
fn verify_fails_when_an_archived_byte_is_flipped() {
    let (tmp, year) = sample_copy();
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    archive(&year, &root);
    let dir = version(&root, 1);
    for victim in ["sources/units/桑名市.toml", "templates/lib.typ", "packet.pdf", "fonts/BIZUDPGothic-Regular.ttf"] {
        let path = dir.join(victim);
        let original = std::fs::read(&path).unwrap();
        let mut flipped = original.clone();
        let at = flipped.len() / 2;
        flipped[at] ^= 0x01;
        std::fs::write(&path, &flipped).unwrap();
        let o = shiryo(&["verify", dir.to_str().unwrap()], tmp.path(), &[]);
        assert!(!o.status.success(), "verify passed with {victim} flipped");
        assert!(stdout(&o).contains(&format!("ハッシュが一致しません: {victim}")), "{}", stdout(&o));
        // It says why nothing was rebuilt, and does not blame another typst.
        assert!(stdout(&o).contains("ハッシュが一致しないファイルがあるため、再作成の比較は行っていません"), "{}", stdout(&o));
        assert!(!stdout(&o).contains("typst"), "{}", stdout(&o));
        std::fs::write(&path, &original).unwrap();
    }
    let o = shiryo(&["verify", dir.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn archiving_again_is_a_no_op_and_a_change_makes_a_second_version() {
    let (tmp, year) = sample_copy();
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    archive(&year, &root);
    let first = std::fs::read(version(&root, 1).join("manifest.toml")).unwrap();
    let said = archive(&year, &root);
    assert!(said.contains("何も書き込んでいません"), "{said}");
    let versions = || folders(&root.join(SURVEY));
    assert_eq!(versions(), ["第1版"]);
    assert_eq!(folders(&root.join("2018")), ["在宅医療・介護連携"]);

    edit(&year.join("units/津市.toml"), |t| {
        t["fields"]["direction"].as_table_mut().unwrap()["text"] = "在宅医療・介護連携を計画の基本方針に位置付ける。".into();
    });
    let said = archive(&year, &root);
    assert!(said.contains("第2版を保管しました"), "{said}");
    assert_eq!(versions(), ["第1版", "第2版"]);
    assert_eq!(std::fs::read(version(&root, 1).join("manifest.toml")).unwrap(), first, "第1版 was touched");
    let o = shiryo(&["verify", version(&root, 1).to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    // The year's folder verifies its latest version.
    let o = shiryo(&["verify", root.join("2018").to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains(&format!("保管: {}", version(&root, 2).display())), "{}", stdout(&o));
    assert!(!stdout(&o).contains("第1版"), "{}", stdout(&o));
}

/// The original workbooks kept by the intake travel in the archive; a changed
/// workbook makes 第2版 and leaves 第1版 as it was.
#[test]
fn received_workbooks_are_archived_and_a_new_workbook_makes_a_second_version() {
    let (tmp, year) = sample_copy();
    let root = tmp.path().join("archive");
    let forms = tmp.path().join("forms");
    std::fs::create_dir_all(&root).unwrap();
    let run = |args: &[&str]| {
        let o = shiryo(args, tmp.path(), &[]);
        assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
    };
    let y = year.to_str().unwrap();
    run(&["form", y, "--unit", "桑名市", "-o", forms.to_str().unwrap()]);
    run(&["ingest", forms.to_str().unwrap(), "--year", y]);
    // The ledger records the data schema of the files it hashed, beside its own format.
    let index = year.join("received/index.toml");
    let ledger = std::fs::read_to_string(&index).unwrap();
    assert!(ledger.starts_with("schema = 2\ndata_schema = 2\n"), "{ledger}");
    assert_eq!(shiryo::store::ledger::Ledger::load(&year).unwrap().data_schema, Some(2));
    archive(&year, &root);
    let first = version(&root, 1);
    let archived = std::fs::read_to_string(first.join("sources/received/index.toml")).unwrap();
    assert_eq!(archived, ledger);
    let manifest = read_manifest(&first).unwrap();
    let kept: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).filter(|p| p.starts_with("sources/received/") && p.ends_with(".xlsx")).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let list = poppler("pdfdetach", &["-list", first.join("packet.pdf").to_str().unwrap()]);
    assert!(list.lines().any(|l| l.ends_with(kept[0]) && l.contains(".xlsx")), "{list}");
    let first_manifest = std::fs::read(first.join("manifest.toml")).unwrap();

    // A ledger written before the data schema was recorded is read as it is; the next ingest records it.
    std::fs::write(&index, ledger.replace("data_schema = 2\n", "")).unwrap();
    let old = shiryo::store::ledger::Ledger::load(&year).unwrap();
    assert_eq!(old.data_schema, None);
    assert_eq!(old.workbooks.len(), 1);

    // The same unit answers again with a workbook LibreOffice saved.
    let again = tmp.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::copy(root_fixture("libreoffice/xlsx/桑名市.xlsx"), again.join("桑名市.xlsx")).unwrap();
    run(&["ingest", again.to_str().unwrap(), "--year", y]);
    assert!(std::fs::read_to_string(&index).unwrap().starts_with("schema = 2\ndata_schema = 2\n"));
    let said = archive(&year, &root);
    assert!(said.contains("第2版を保管しました"), "{said}");
    assert_eq!(std::fs::read(first.join("manifest.toml")).unwrap(), first_manifest, "第1版 was touched");
    for v in [1, 2] {
        let o = shiryo(&["verify", version(&root, v).to_str().unwrap()], tmp.path(), &[]);
        assert!(o.status.success(), "{v}: {}", stdout(&o));
    }
}

fn root_fixture(rel: &str) -> std::path::PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A manifest as shiryo wrote it before it recorded versions: the same TOML
/// without its own hash, `layout`, `data_schema` and `survey` (the fields it
/// had were these, in this order: nothing else changed in how it is written).
fn make_old_manifest(dir: &Path) {
    let path = dir.join("manifest.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let old: String = text
        .lines()
        .filter(|l| !["manifest_sha256 = ", "layout = ", "data_schema = ", "survey = "].iter().any(|k| l.starts_with(k)))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(old.lines().count() + 4, text.lines().count());
    std::fs::write(&path, old).unwrap();
}

/// An archive made before versions were recorded, at the old place
/// `<root>/<FY>/第N版/`: verify checks its hashes and says why it did not
/// rebuild; the next version is numbered after it, at the new place.
#[test]
fn an_archive_made_before_versions_were_recorded_verifies_its_hashes_and_is_followed() {
    let (tmp, year) = sample_copy();
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    archive(&year, &root);
    // Where and how the earlier shiryo kept it.
    let old = root.join("2018/第1版");
    std::fs::rename(version(&root, 1), &old).unwrap();
    std::fs::remove_dir(root.join(SURVEY)).unwrap();
    make_old_manifest(&old);
    let manifest = read_manifest(&old).unwrap();
    assert_eq!((manifest.layout, manifest.data_schema, manifest.survey, manifest.manifest_sha256), (None, None, None, None));

    // Sources, templates, fonts, the PDF and the published files.
    let files = 44 + std::fs::read_dir(old.join("published")).unwrap().count();
    for dir in [old.clone(), root.join("2018")] {
        let o = verify(&dir, tmp.path(), "ja");
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        let out = stdout(&o);
        assert!(out.contains(&format!("保管: {}", old.display())), "{out}");
        assert!(
            out.contains(&format!("ハッシュは一致しました。組版に関わる次の版が保管時と現在とで異なるため、再作成の比較は行っていません: レイアウト（保管時 記録なし、現在 {}）。", shiryo::render::LAYOUT_VERSION)),
            "{out}"
        );
        // The data schema it does not record is read from its sources: today's, so not named.
        assert!(!out.contains("データ形式") && !out.contains("typst"), "{out}");
        assert!(out.contains(&format!("確認しました（{files} ファイル）。")), "{out}");
    }
    let o = verify(&old, tmp.path(), "en");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!("the hashes match; the PDF was not rebuilt for comparison because it was archived with no recorded layout version (now {}), which may lay out differently.", shiryo::render::LAYOUT_VERSION)),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(&format!("verified ({files} files).")), "{}", stdout(&o));

    // Made with an older typst too (a manifest of then has no hash of its own: it is read as it says).
    let manifest_path = old.join("manifest.toml");
    let text = std::fs::read_to_string(&manifest_path).unwrap();
    let typst = shiryo::outputs::archive::typst_version();
    std::fs::write(&manifest_path, text.replace(&format!("typst = \"{typst}\""), "typst = \"0.14.0\"")).unwrap();
    let o = verify(&root.join("2018"), tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!("再作成の比較は行っていません: typst（保管時 0.14.0、現在 {typst}）、レイアウト（保管時 記録なし、現在 {}）。", shiryo::render::LAYOUT_VERSION)),
        "{}",
        stdout(&o)
    );
    let o = verify(&old, tmp.path(), "en");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(&format!("archived with typst 0.14.0 (now {typst}), no recorded layout version (now {})", shiryo::render::LAYOUT_VERSION)), "{}", stdout(&o));
    std::fs::write(&manifest_path, text).unwrap();

    // Its hashes are still checked.
    let victim = old.join("sources/units/津市.toml");
    let original = std::fs::read(&victim).unwrap();
    std::fs::write(&victim, [&original[..], b"\n"].concat()).unwrap();
    let o = verify(&old, tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("ハッシュが一致しません: sources/units/津市.toml"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("manifest.toml") && !stdout(&o).contains("レイアウト"), "{}", stdout(&o));
    std::fs::write(&victim, &original).unwrap();

    // The same inputs archived today: a version with today's versions, numbered after the old one, at the new place.
    let said = archive(&year, &root);
    assert!(said.contains("第2版を保管しました"), "{said}");
    assert_eq!(folders(&root.join("2018")), ["在宅医療・介護連携", "第1版"]);
    assert_eq!(folders(&root.join(SURVEY)), ["第2版"]);
    assert_eq!(read_manifest(&version(&root, 2)).unwrap().layout, Some(shiryo::render::LAYOUT_VERSION));
    let said = archive(&year, &root);
    assert!(said.contains("第2版と同じため、何も書き込んでいません"), "{said}");
    // The year's folder now verifies the latest, rebuilt.
    let o = verify(&root.join("2018"), tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(&format!("保管: {}", version(&root, 2).display())), "{}", stdout(&o));
    assert!(stdout(&o).contains("同一の PDF を再作成できました"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("第1版"), "{}", stdout(&o));
}

/// Rewrites a year as shiryo wrote it before `survey.toml` (data schema 1):
/// no survey.toml, no `schema` in packet.toml, units with `hub`, `direction`
/// and `issues`, items by `no`.
fn to_schema_1(year: &Path) {
    use toml::Value;
    let survey = shiryo::model::Survey::legacy();
    std::fs::remove_file(year.join("survey.toml")).unwrap();
    edit(&year.join("packet.toml"), |t| {
        t.remove("schema").unwrap();
    });
    let rename = |t: &mut toml::Table, from: &str, to: &str| {
        if let Some(v) = t.remove(from) {
            t.insert(to.into(), v);
        }
    };
    for sub in ["units", "centres"] {
        for e in std::fs::read_dir(year.join(sub)).unwrap() {
            edit(&e.unwrap().path(), |t| {
                if let Some(Value::Table(mut fields)) = t.remove("fields") {
                    if let Some(Value::Table(mut hub)) = fields.remove("hub") {
                        rename(&mut hub, "text", "name");
                        rename(&mut hub, "bracket", "operator");
                        t.insert("hub".into(), Value::Table(hub));
                    }
                    if let Some(direction) = fields.remove("direction") {
                        t.insert("direction".into(), direction);
                    }
                    assert!(fields.is_empty(), "{fields:?}");
                }
                for item in t.get_mut("items").and_then(Value::as_array_mut).into_iter().flatten() {
                    let cell = item.as_table_mut().unwrap();
                    let key = cell.remove("key").unwrap();
                    let no = survey.items.iter().position(|i| Some(i.key.as_str()) == key.as_str()).unwrap() + 1;
                    cell.insert("no".into(), Value::Integer(no as i64));
                }
                if let Some(Value::Array(pairs)) = t.remove("pairs") {
                    let issues = pairs.into_iter().map(|p| {
                        let mut p = p.as_table().unwrap().clone();
                        rename(&mut p, "first", "issue");
                        if let Some(Value::Array(rows)) = p.remove("rows") {
                            let actions = rows.into_iter().map(|r| r.as_array().unwrap()[0].clone()).collect();
                            p.insert("actions".into(), Value::Array(actions));
                        }
                        Value::Table(p)
                    });
                    t.insert("issues".into(), Value::Array(issues.collect()));
                }
            });
        }
    }
}

/// A year of data schema 1 archives as it is (its sources unchanged); the
/// archive says so, and verify checks its hashes without rebuilding.
#[test]
fn a_year_of_data_schema_1_archives_and_verifies_its_hashes_without_a_rebuild() {
    let (tmp, year) = sample_copy();
    to_schema_1(&year);
    let text = std::fs::read_to_string(year.join("units/津市.toml")).unwrap();
    assert!(text.contains("[hub]") && text.contains("no = 10") && text.contains("[[issues]]"), "{text}");
    let o = shiryo(&["check", year.to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    archive(&year, &root);
    // Kept under the survey the year is read as (the legacy survey's key).
    let dir = version(&root, 1);
    let manifest = read_manifest(&dir).unwrap();
    assert_eq!(manifest.data_schema, Some(1));
    assert_eq!(manifest.layout, Some(shiryo::render::LAYOUT_VERSION));
    assert!(!dir.join("sources/survey.toml").exists());
    assert_eq!(std::fs::read(dir.join("sources/units/津市.toml")).unwrap(), text.as_bytes());

    let o = verify(&dir, tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("ハッシュは一致しました。組版に関わる次の版が保管時と現在とで異なるため、再作成の比較は行っていません: データ形式（保管時 1、現在 2）。"),
        "{}",
        stdout(&o)
    );
    let o = verify(&dir, tmp.path(), "en");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("not rebuilt for comparison because it was archived with data schema 1 (now 2)"), "{}", stdout(&o));

    // The same archive as the earlier shiryo kept it: old place, old manifest.
    // Its data schema is read from its sources, its survey from their having no survey.toml.
    let old = root.join("2018/第1版");
    std::fs::rename(&dir, &old).unwrap();
    make_old_manifest(&old);
    let o = verify(&root.join("2018"), tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(&format!("再作成の比較は行っていません: データ形式（保管時 1、現在 2）、レイアウト（保管時 記録なし、現在 {}）。", shiryo::render::LAYOUT_VERSION)), "{}", stdout(&o));
    let o = verify(&old, tmp.path(), "en");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!("because it was archived with data schema 1 (now 2), no recorded layout version (now {}), which may", shiryo::render::LAYOUT_VERSION)),
        "{}",
        stdout(&o)
    );
    // Numbered after it.
    let said = archive(&year, &root);
    assert!(said.contains("第2版を保管しました"), "{said}");
    assert!(version(&root, 2).join("manifest.toml").exists());
}

/// Several surveys in one fiscal year: each keeps its own versions, and the
/// year's folder verifies the latest of each.
#[test]
fn two_surveys_of_one_fiscal_year_keep_their_own_versions() {
    let (tmp, year) = sample_copy();
    let other = tmp.path().join("other");
    copy_dir(&year, &other);
    edit(&other.join("survey.toml"), |t| {
        t["key"] = "認知症施策".into();
    });
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    archive(&year, &root);
    let said = archive(&other, &root);
    assert!(said.contains("第1版を保管しました") && said.contains("2018/認知症施策/第1版"), "{said}");
    assert_eq!(folders(&root.join("2018")), ["在宅医療・介護連携", "認知症施策"]);
    assert_eq!(read_manifest(&root.join("2018/認知症施策/第1版")).unwrap().survey.as_deref(), Some("認知症施策"));
    let o = verify(&root.join("2018"), tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).matches("同一の PDF を再作成できました").count(), 2, "{}", stdout(&o));
    assert!(stdout(&o).contains("認知症施策/第1版") && stdout(&o).contains("在宅医療・介護連携/第1版"), "{}", stdout(&o));
    // One survey's folder: its own versions only.
    let o = verify(&root.join(SURVEY), tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).matches("保管: ").count(), 1, "{}", stdout(&o));
    // A failing survey fails the year.
    let pdf = root.join("2018/認知症施策/第1版/packet.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    std::fs::write(&pdf, bytes).unwrap();
    let o = verify(&root.join("2018"), tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("ハッシュが一致しません: packet.pdf") && stdout(&o).contains("同一の PDF を再作成できました"), "{}", stdout(&o));
}

/// A changed manifest is named as changed: a byte flipped in any of its lines
/// (a version, a hash, its own hash) is never read as an archive of another
/// typst, layout or data schema, and nothing is rebuilt.
#[test]
fn a_changed_manifest_is_named_not_believed() {
    let (tmp, year) = sample_copy();
    let root = tmp.path().join("archive");
    std::fs::create_dir_all(&root).unwrap();
    archive(&year, &root);
    let dir = version(&root, 1);
    let path = dir.join("manifest.toml");
    let original = std::fs::read(&path).unwrap();

    // The typst line, as someone might edit it: the CLI names the manifest, not a typst.
    let text = String::from_utf8(original.clone()).unwrap();
    let typst = format!("typst = \"{}\"", shiryo::outputs::archive::typst_version());
    assert!(text.contains(&typst), "{text}");
    let layout = format!("layout = {}", shiryo::render::LAYOUT_VERSION);
    for (from, to) in [(typst.as_str(), "typst = \"0.14.2\""), (layout.as_str(), "layout = 0"), ("data_schema = 2", "data_schema = 1")] {
        std::fs::write(&path, text.replace(from, to)).unwrap();
        for lang in ["ja", "en"] {
            let o = verify(&dir, tmp.path(), lang);
            assert_eq!(o.status.code(), Some(1), "{to}: {}", stdout(&o));
            let out = stdout(&o);
            let named = if lang == "ja" { "ハッシュが一致しません: manifest.toml" } else { "hash mismatch: manifest.toml" };
            assert!(out.contains(named), "{to}: {out}");
            assert!(!out.contains("typst") && !out.contains("レイアウト") && !out.contains("データ形式") && !out.contains("layout"), "{to}: {out}");
        }
    }

    // A byte flipped in the middle of each line: an error naming the manifest, or a mismatch of it.
    let mut start = 0;
    let mut lines = 0;
    let (mut named, mut refused) = (0, 0);
    while start < original.len() {
        let end = original[start..].iter().position(|&b| b == b'\n').map_or(original.len(), |i| start + i);
        if end > start {
            let mut flipped = original.clone();
            let at = start + (end - start) / 2;
            flipped[at] ^= 0x01;
            std::fs::write(&path, &flipped).unwrap();
            match shiryo::outputs::archive::verify(&dir) {
                Ok(v) => {
                    assert!(!v.ok(), "line {lines} flipped: {v:?}");
                    assert_eq!(v.mismatched.first().map(String::as_str), Some("manifest.toml"), "line {lines}: {v:?}");
                    assert_eq!(v.rebuild, shiryo::outputs::archive::Rebuild::NotAfterMismatch);
                    named += 1;
                }
                Err(e) => {
                    let said = shiryo::messages::error(&e, shiryo::messages::Front::Terminal, shiryo::messages::Lang::Ja).join("\n");
                    assert!(said.contains(path.to_str().unwrap()), "line {lines}: {said}");
                    refused += 1;
                }
            }
            lines += 1;
        }
        start = end + 1;
    }
    eprintln!("manifest of {lines} lines, one byte flipped in each: {named} named as mismatched, {refused} refused as unreadable");
    assert!(lines > 100 && named > 0 && refused > 0, "{lines} lines");
    std::fs::write(&path, &original).unwrap();
    let o = verify(&dir, tmp.path(), "ja");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `verify` on a folder that holds no archived version says so, in words.
#[test]
fn verify_of_a_folder_without_a_version_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let o = verify(tmp.path(), tmp.path(), "ja");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("保管された版がありません") && !stderr(&o).contains("No such file"), "{}", stderr(&o));
}
