//! The library's modules follow the data's path (intake → model → store →
//! render → outputs → season, messages at the edge) and no module imports one that
//! imports it back. The binary's two front ends (`cli/`, `desk/`) never name
//! each other, reach the year only through the season's steps, and their
//! own modules form no circle; `main.rs` alone names both. Checked over the source's `crate::…` and `super::…`
//! paths (comments and `#[cfg(test)]` modules left out), at two levels: the
//! top modules (`intake`, `model`, …) and their children (`intake::form`,
//! `model::validate`, `store::journal`, …).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of the library (the binary's `cli/`, `desk/` and `main.rs` aside).
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "cli" && n != "desk") {
                files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "main.rs" && n != "lib.rs") {
            out.push(p);
        }
    }
}

/// A file's module path: `intake/form/schema.rs` → [intake, form, schema]; `mod.rs` is its folder.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    if last != "mod.rs" {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// The node of a module path at `depth` (1: top modules, 2: their children).
fn node(path: &[String], depth: usize) -> String {
    path.iter().take(depth).cloned().collect::<Vec<_>>().join("::")
}

/// The code of a file without comments and test modules.
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The module paths a file names: `crate::a::b…` as [a, b, …]; `super::x` resolved from the file's module.
fn references(file: &Path, modules: &BTreeSet<Vec<String>>) -> Vec<Vec<String>> {
    let me = module_of(file);
    let is_mod_rs = file.file_name().is_some_and(|n| n == "mod.rs");
    let text = code(file);
    let mut out = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", {
        // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` (module a::b) it is `a` as well.
        let mut m = me.clone();
        if !is_mod_rs || !m.is_empty() {
            m.pop();
        }
        m
    })] {
        for (at, _) in text.match_indices(prefix) {
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &text[at + prefix.len()..];
            let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                group.split('}').next().unwrap_or("").split(',').map(|n| n.trim().split("::").next().unwrap_or("").to_string()).collect()
            } else {
                let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
                vec![path]
            };
            for name in names {
                let mut path = base.clone();
                path.extend(name.split("::").filter(|s| !s.is_empty()).map(String::from));
                // The longest prefix that is a module.
                while !path.is_empty() && !modules.contains(&path) {
                    path.pop();
                }
                if !path.is_empty() {
                    out.push(path);
                }
            }
        }
    }
    out
}

/// A cycle of the graph, if any (depth-first search).
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(n: &str, g: &BTreeMap<String, BTreeSet<String>>, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut c = stack[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn graph(depth: usize) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| module_of(f)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &all {
        let from = node(&module_of(f), depth);
        let edges = g.entry(from.clone()).or_default();
        for r in references(f, &modules) {
            let to = node(&r, depth);
            // A module and its own children are one node at this depth (model ↔ model::key is inside).
            let inside = to == from || to.starts_with(&format!("{from}::")) || from.starts_with(&format!("{to}::"));
            if !inside {
                edges.insert(to);
            }
        }
    }
    g
}

#[test]
fn the_top_modules_follow_the_data_and_form_no_circle() {
    let g = graph(1);
    assert_eq!(cycle(&g), None, "{g:#?}");
    // The data's path: nothing below reaches up.
    let may = |from: &str, to: &[&str]| {
        let edges = g.get(from).cloned().unwrap_or_default();
        let extra: Vec<&String> = edges.iter().filter(|e| !to.contains(&e.as_str())).collect();
        assert!(extra.is_empty(), "{from} imports {extra:?}");
    };
    may("lang", &[]);
    may("model", &[]);
    may("error", &["model"]);
    may("store", &["model", "error", "clock"]);
    may("render", &["model", "error"]);
    may("intake", &["model", "store", "error", "clock"]);
    may("outputs", &["model", "store", "render", "intake", "error", "clock"]);
    may("season", &["model", "store", "render", "intake", "outputs", "error", "clock"]);
    // Words are made at the edge: no library module but the fuzzing harness names `messages`.
    for (from, to) in &g {
        assert!(from == "fuzzing" || from == "messages" || !to.contains("messages"), "{from} imports messages");
    }
}

#[test]
fn no_two_modules_import_each_other() {
    let g = graph(2);
    assert!(g.len() > 20, "the graph was read: {} nodes", g.len());
    assert_eq!(cycle(&g), None, "{g:#?}");
}

/// Every `.rs` file of one of the binary's front ends.
fn front_files(front: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(src().join(front)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "rs")).collect();
    out.sort();
    out
}

#[test]
fn the_front_ends_never_name_each_other_and_main_names_both() {
    for (front, other) in [("cli", "desk"), ("desk", "cli")] {
        for f in front_files(front) {
            let text = code(&f);
            for bad in [format!("crate::{other}"), format!("{other}::"), format!("super::super::{other}")] {
                let hit = text.match_indices(&bad).any(|(i, _)| !text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                assert!(!hit, "{} names the other front end ({bad})", f.display());
            }
        }
    }
    let main = code(&src().join("main.rs"));
    assert!(main.contains("mod cli;") && main.contains("mod desk;") && main.contains("desk::serve"), "main.rs dispatches to both");
    let lib = code(&src().join("lib.rs"));
    assert!(!lib.contains("mod cli") && !lib.contains("mod desk"), "the library holds neither front end");
}

/// What a front end may not call: the year is opened, changed and read only by the season's steps.
const BELOW_THE_SEASON: &[&str] = &[
    "store::open(",
    "store::lock::acquire",
    "ingest::ingest(",
    "received::status(",
    "pipeline::build(",
    "pipeline::typeset(",
    "pipeline::publish(",
    "archive::archive(",
    "new_year::new_year(",
    "mail::drafts(",
    "form::write_forms(",
    "tempfile::",
];

#[test]
fn the_front_ends_reach_the_year_only_through_the_season() {
    for front in ["cli", "desk"] {
        for f in front_files(front) {
            // The developers' commands (bench, sample, batch) measure the layers themselves.
            if f.file_name().is_some_and(|n| n == "bench.rs" || n == "batch.rs") {
                continue;
            }
            let text = code(&f);
            for bad in BELOW_THE_SEASON {
                assert!(!text.contains(bad), "{} calls {bad} itself: call a step of shiryo::season", f.display());
            }
        }
    }
}

#[test]
fn the_modules_of_each_front_end_form_no_circle() {
    for front in ["cli", "desk"] {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let names: Vec<String> = front_files(front).iter().map(|f| f.file_stem().unwrap().to_string_lossy().into_owned()).collect();
        for f in front_files(front) {
            let me = f.file_stem().unwrap().to_string_lossy().into_owned();
            let text = code(&f);
            let edges = g.entry(me.clone()).or_default();
            for n in names.iter().filter(|n| **n != me && *n != "mod") {
                let named = [format!("super::{n}"), format!("crate::{front}::{n}")].iter().any(|p| text.contains(p.as_str()))
                    || (me == "mod" && text.contains(&format!("{n}::")));
                if named && me != "mod" {
                    edges.insert(n.clone());
                }
            }
        }
        assert_eq!(cycle(&g), None, "{front}: {g:#?}");
    }
}

/// The renderers of the season's outcomes name every variant and every field:
/// no `_` arm and no `..`, so that a new kind of notice does not compile until
/// both front ends say it.
#[test]
fn outcome_renderers_name_every_case() {
    let messages = code(&src().join("messages/mod.rs"));
    for f in ["pub fn note(", "pub fn new_year(", "pub fn check(", "pub fn intake_status("] {
        let start = messages.find(f).unwrap_or_else(|| panic!("messages has {f}"));
        let body = &messages[start..];
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        assert!(!body.contains("_ =>"), "{f} has a `_` arm");
        assert!(!body.contains(".. }") && !body.contains("..}"), "{f} leaves fields out with `..`");
    }
}

#[test]
fn at_most_three_test_files_stand_directly_under_tests() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    let rs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(rs.len() <= 3, "{rs:?}: the integration tests are modules of tests/it/main.rs");
    assert!(dir.join("it/main.rs").is_file());
}

/// Every `.rs` file under a folder of `src/`.
fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Each function of a file's code (test modules left out): its name, first line and length
/// in lines, from `fn` to the brace that closes it at the same indentation.
fn functions(file: &Path) -> Vec<(String, usize, usize)> {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.split("#[cfg(test)]").next().unwrap_or("").lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let after_vis = code.strip_prefix("pub(super) ").or(code.strip_prefix("pub(crate) ")).or(code.strip_prefix("pub ")).unwrap_or(code);
        let Some(rest) = after_vis.strip_prefix("const fn ").or(after_vis.strip_prefix("fn ")) else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let close = format!("{indent}}}");
        let end = if line.trim_end().ends_with('}') && line.matches('{').count() == line.matches('}').count() {
            Some(i)
        } else {
            lines.iter().enumerate().skip(i + 1).find(|(_, l)| **l == close).map(|(j, _)| j)
        };
        if let Some(end) = end {
            out.push((name, i + 1, end - i + 1));
        }
    }
    out
}

/// A long function is a list of steps waiting to become functions: none is over 80 lines
/// (the longest in `src/intake/` was `prefecture::parse`, 140 lines, before the form's
/// layout). The message catalogue (`src/messages/`) is the exception: a `match` of every
/// case's words in both languages, one arm per case, read by case, not from top to bottom.
#[test]
fn no_function_is_over_80_lines() {
    let mut files = Vec::new();
    all_files(&src(), &mut files);
    files.retain(|f| !f.starts_with(src().join("messages")));
    let mut long: Vec<String> = Vec::new();
    let mut longest = (String::new(), 0);
    for file in &files {
        for (name, line, len) in functions(file) {
            let at = format!("{}:{line} {name}", file.strip_prefix(src()).unwrap().display());
            if len > longest.1 {
                longest = (at.clone(), len);
            }
            if len > 80 {
                long.push(format!("{at}: {len} lines"));
            }
        }
    }
    assert!(long.is_empty(), "functions over 80 lines:\n{}", long.join("\n"));
    // The measure itself finds functions: a scan that found none would pass anything.
    assert!(longest.1 > 40, "the longest function found is {longest:?}");
    println!("longest function: {} ({} lines)", longest.0, longest.1);
}

/// The reader asks the form only through its layout: every path `ingest/` names into
/// `form` goes through `form::layout` (the `FormLayout` value and the words it is asked
/// in), never the writer, the marker format, the schema or the printed texts.
#[test]
fn ingest_names_nothing_of_the_form_but_its_layout() {
    let mut files = Vec::new();
    all_files(&src().join("intake/ingest"), &mut files);
    let mut named: Vec<String> = Vec::new();
    let mut through_layout = 0;
    for file in &files {
        let text = code(file);
        for (at, _) in text.match_indices("form::") {
            let rest = &text[at + "form::".len()..];
            let path: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != ';' && *c != ',' && *c != ')').collect();
            if path.starts_with("layout::") || path == "layout" {
                through_layout += 1;
            } else {
                named.push(format!("{}: form::{path}", file.strip_prefix(src()).unwrap().display()));
            }
        }
        for word in ["Schema", "Found", "Meta", "Fixed", "fixed_cells", "is_answer", "who_sheet", "SHEET_MARKER"] {
            let hits = text.match_indices(word).filter(|(i, _)| {
                // A field of the layout (`layout.who_sheet`) is the layout's.
                let before = text[..*i].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
                let after = text[i + word.len()..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
                !before && !after
            });
            named.extend(hits.map(|_| format!("{}: {word}", file.strip_prefix(src()).unwrap().display())));
        }
    }
    assert!(named.is_empty(), "ingest names the form beyond its layout:\n{}", named.join("\n"));
    assert!(through_layout > 0, "ingest reads no form at all?");
}
