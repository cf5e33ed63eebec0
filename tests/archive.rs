//! The fiscal-year archive: PDF/A-3u + PDF/UA-1 with the sources attached,
//! checked by tools nobody here wrote (qpdf, poppler's pdfdetach, PyPI's pdfua).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use shiryo::outputs::archive::{read_manifest, sha256};

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
    let dir = root.join("2018/第1版");
    let pdf = dir.join("packet.pdf");

    let o = tool("qpdf", "Debian's qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&o.stdout));

    // Every attachment is byte-identical to the input it came from.
    let list = poppler("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    let names: Vec<&str> = list.lines().skip(1).filter_map(|l| l.split_once(": ").map(|(_, n)| n)).collect();
    let inputs = 5 + std::fs::read_dir(year.join("units")).unwrap().count() + std::fs::read_dir(year.join("centres")).unwrap().count();
    assert_eq!(names.len(), inputs, "{list}");
    for (i, name) in names.iter().enumerate() {
        let out = tmp.path().join(format!("att-{i}"));
        poppler("pdfdetach", &["-save", &(i + 1).to_string(), "-o", out.to_str().unwrap(), pdf.to_str().unwrap()]);
        let rel = name.strip_prefix("sources/").expect("attachments are sources/…");
        assert!(std::fs::read(&out).unwrap() == std::fs::read(year.join(rel)).unwrap(), "{name} differs from its input");
    }

    // The manifest's hashes hold, for every file it names.
    let manifest = read_manifest(&dir).unwrap();
    assert_eq!(manifest.era, "平成30年度");
    assert_eq!(manifest.standards, ["a-3u", "ua-1"]);
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
    let dir = root.join("2018/第1版");
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
    let first = std::fs::read(root.join("2018/第1版/manifest.toml")).unwrap();
    let said = archive(&year, &root);
    assert!(said.contains("何も書き込んでいません"), "{said}");
    let versions = || {
        let mut v: Vec<String> =
            std::fs::read_dir(root.join("2018")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    assert_eq!(versions(), ["第1版"]);

    edit(&year.join("units/津市.toml"), |t| {
        t["fields"]["direction"].as_table_mut().unwrap()["text"] = "在宅医療・介護連携を計画の基本方針に位置付ける。".into();
    });
    let said = archive(&year, &root);
    assert!(said.contains("第2版を保管しました"), "{said}");
    assert_eq!(versions(), ["第1版", "第2版"]);
    assert_eq!(std::fs::read(root.join("2018/第1版/manifest.toml")).unwrap(), first, "第1版 was touched");
    let o = shiryo(&["verify", root.join("2018/第1版").to_str().unwrap()], tmp.path(), &[]);
    assert!(o.status.success(), "{}", stdout(&o));
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
    archive(&year, &root);
    let first = root.join("2018/第1版");
    let manifest = read_manifest(&first).unwrap();
    let kept: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).filter(|p| p.starts_with("sources/received/") && p.ends_with(".xlsx")).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let list = poppler("pdfdetach", &["-list", first.join("packet.pdf").to_str().unwrap()]);
    assert!(list.lines().any(|l| l.ends_with(kept[0]) && l.contains(".xlsx")), "{list}");
    let first_manifest = std::fs::read(first.join("manifest.toml")).unwrap();

    // The same unit answers again with a workbook LibreOffice saved.
    let again = tmp.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::copy(root_fixture("libreoffice/xlsx/桑名市.xlsx"), again.join("桑名市.xlsx")).unwrap();
    run(&["ingest", again.to_str().unwrap(), "--year", y]);
    let said = archive(&year, &root);
    assert!(said.contains("第2版を保管しました"), "{said}");
    assert_eq!(std::fs::read(first.join("manifest.toml")).unwrap(), first_manifest, "第1版 was touched");
    for v in ["第1版", "第2版"] {
        let o = shiryo(&["verify", root.join("2018").join(v).to_str().unwrap()], tmp.path(), &[]);
        assert!(o.status.success(), "{v}: {}", stdout(&o));
    }
}

fn root_fixture(rel: &str) -> std::path::PathBuf {
    root().join("tests/fixtures").join(rel)
}
