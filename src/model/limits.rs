//! How large a year may be: the limits in one place, each with why, and the
//! checks that refuse a year over them before anything is typeset.
//!
//! A packet is a few dozen pages; without limits one pasted 50 MB string made
//! `build` typeset 12,025 pages for two minutes in 7.6 GB.

use crate::model::key::Key;
use crate::model::problem::{Problem, ProblemKind, Severity};
use crate::model::Year;
use crate::model::file as store;

/// The longest text a TOML string may hold, in characters: what one Excel
/// cell holds (the workbook reader refuses longer cells too), so anything the
/// forms carry fits and a pasted file does not.
pub const MAX_CHARS: usize = 32_767;

/// The largest TOML file the store reads. A year's largest file is a few tens
/// of KB; at [`MAX_PAGES`] × [`CHARS_PER_PAGE`] characters of three bytes a
/// year holds about 4 MB of text, so 16 MB is never a real file.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The most pages a year's packet may estimate to. A prefecture's packet is
/// 20–80 pages (the 2018 sample: 19); 200 leaves room for the largest
/// prefecture while refusing a mistake long before it costs minutes and gigabytes.
pub const MAX_PAGES: usize = 200;

/// Characters a page holds at most: A4 landscape at the smallest size (7 pt),
/// about 110 a line and 65 lines, packed. Real tables hold far less, so the
/// estimate is low and a year is refused only when surely too long.
pub const CHARS_PER_PAGE: usize = 7_000;

/// Pages every packet has whatever its text: the schedule and the
/// programmes (1 + 2), and each block's two pages.
const FIXED_PAGES: usize = 3;
const PAGES_PER_BLOCK: usize = 2;

/// Month columns the schedule's grid may have: two fiscal years is already
/// narrower columns than print can read.
pub const MAX_MONTHS: i64 = 24;

/// How many of the largest files a too-long year names.
const NAMED: usize = 3;

/// The text of one file: where its strings are too long, and how many characters it holds.
struct FileText {
    file: String,
    chars: usize,
    long: Vec<(String, usize)>,
}

/// Strings over [`MAX_CHARS`] (by file and key), and a year estimated over [`MAX_PAGES`].
pub fn check(year: &Year) -> Vec<Problem> {
    let files = texts(year);
    let mut out: Vec<Problem> = files
        .iter()
        .flat_map(|f| {
            f.long.iter().map(|(key, chars)| Problem {
                severity: Severity::Error,
                file: f.file.clone(),
                key: Key::Toml(key.clone()),
                kind: ProblemKind::TooLong { chars: *chars, limit: MAX_CHARS },
            })
        })
        .collect();
    out.extend(pages(year, &files));
    out
}

/// The estimated pages of a year, and the problem when over [`MAX_PAGES`].
fn pages(year: &Year, files: &[FileText]) -> Option<Problem> {
    let chars: usize = files.iter().map(|f| f.chars).sum();
    let pages = FIXED_PAGES + PAGES_PER_BLOCK * year.blocks.blocks.len() + chars.div_ceil(CHARS_PER_PAGE);
    if pages <= MAX_PAGES {
        return None;
    }
    let mut largest: Vec<&FileText> = files.iter().collect();
    largest.sort_by(|a, b| b.chars.cmp(&a.chars).then_with(|| a.file.cmp(&b.file)));
    let largest: Vec<(String, usize)> =
        largest.iter().take(NAMED).map(|f| (f.file.clone(), f.chars.div_ceil(CHARS_PER_PAGE))).collect();
    Some(Problem {
        severity: Severity::Error,
        file: largest.first().map(|l| l.0.clone()).unwrap_or_default(),
        key: Key::Whole,
        kind: ProblemKind::TooManyPages { pages, limit: MAX_PAGES, largest },
    })
}

/// Every file of the year with its strings' characters.
fn texts(year: &Year) -> Vec<FileText> {
    let mut files = vec![
        text(store::PACKET, &year.packet),
        text(store::SCHEDULE, &year.schedule),
        text(store::PROGRAMMES, &year.programmes),
        text(store::BLOCKS, &year.blocks),
    ];
    files.extend(year.units.iter().map(|u| text(&u.source, u)));
    files.extend(year.centres.iter().map(|c| text(&c.source, c)));
    files
}

fn text<T: serde::Serialize>(file: &str, value: &T) -> FileText {
    let mut t = FileText { file: file.to_string(), chars: 0, long: Vec::new() };
    visit(value, &mut |key, s| {
        let n = s.chars().count();
        t.chars += n;
        if n > MAX_CHARS {
            t.long.push((key.to_string(), n));
        }
    });
    t
}

/// Every string of the year with its file and key (`items[2].lines[1]`): what
/// checks of the printed characters look at.
pub fn strings(year: &Year) -> Vec<(String, Key, String)> {
    let mut out = Vec::new();
    let mut each = |file: &str, value: &dyn erased::Value| {
        value.visit(&mut |key, s| out.push((file.to_string(), Key::Toml(key.to_string()), s.to_string())));
    };
    each(store::PACKET, &year.packet);
    each(store::SCHEDULE, &year.schedule);
    each(store::PROGRAMMES, &year.programmes);
    each(store::BLOCKS, &year.blocks);
    for u in &year.units {
        each(&u.source, u);
    }
    for c in &year.centres {
        each(&c.source, c);
    }
    out
}

/// A model value walked as its TOML, whatever its type.
mod erased {
    pub trait Value {
        fn visit(&self, f: &mut dyn FnMut(&str, &str));
    }
    impl<T: serde::Serialize> Value for T {
        fn visit(&self, f: &mut dyn FnMut(&str, &str)) {
            super::visit(self, f)
        }
    }
}

/// Calls `f` with every string of `value` and its key.
fn visit<T: serde::Serialize + ?Sized>(value: &T, f: &mut dyn FnMut(&str, &str)) {
    // The model is plain strings, numbers and lists: it always converts.
    if let Ok(v) = toml::Value::try_from(value) {
        walk(&v, &mut String::new(), f);
    }
}

/// The strings under `v`, whose key is `key` (`items[2].lines[1]`, lists counted from 1).
fn walk(v: &toml::Value, key: &mut String, f: &mut dyn FnMut(&str, &str)) {
    let len = key.len();
    match v {
        toml::Value::String(s) => f(key, s),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                key.push_str(&format!("[{}]", i + 1));
                walk(item, key, f);
                key.truncate(len);
            }
        }
        toml::Value::Table(table) => {
            for (k, item) in table {
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(k);
                walk(item, key, f);
                key.truncate(len);
            }
        }
        _ => {}
    }
}
