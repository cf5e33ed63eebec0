//! Step 1, understand: which form a workbook is (its marker, else its own cells), whether
//! it is this year's, and the prefecture's answers read where its layout puts them.

use super::*;

/// Reads one workbook of the folder (or of a zip in it): never panics (a reader's panic becomes a rejection).
pub(super) fn parse_source(src: sources::Source, year: &Year) -> Parsed {
    let mut p = Parsed::new(src.display.clone(), src.path());
    p.origin = match src.origin {
        sources::Origin::Folder { .. } => Origin::Folder,
        sources::Origin::Zip { .. } => Origin::Zip,
        sources::Origin::Mail { ref envelope, .. } => {
            p.mail = Some((**envelope).clone());
            Origin::Mail
        }
    };
    p.ext = src.ext;
    p.modified = src.modified.unwrap_or_default();
    p.arrived = src.arrived;
    p.bytes = src.bytes;
    p.sha256 = received::sha256(&p.bytes);
    let bytes = std::mem::take(&mut p.bytes);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read::read(&bytes)));
    p.bytes = bytes;
    let book = match outcome {
        Ok(Ok(book)) => book,
        Ok(Err(refusal)) => {
            p.refused(refusal);
            return p;
        }
        Err(panic) => {
            p.error("", "", FindingKind::Internal(crate::intake::panic_text(panic.as_ref())));
            return p;
        }
    };
    if let Some(m) = &book.modified {
        p.modified = m.clone();
    }
    understand(&mut p, &book, year);
    p
}

/// A cell's text as the form expects; a date where text is expected is noted,
/// an Excel date serial where a date is expected becomes the date; formula errors are refused.
pub(super) fn cell_text(p: &mut Parsed, sheet: &str, row: u32, col: u16, v: &Value, date_expected: bool) -> String {
    match v {
        Value::Text(t) => t.to_string(),
        Value::Number(f) if date_expected && (1.0..2_958_466.0).contains(f) => {
            let (y, m, d, ..) = calamine::ExcelDateTime::new(*f, calamine::ExcelDateTimeType::DateTime, false).to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Value::Number(f) => normalize::number(*f),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Value::Date(d) if date_expected => d.chars().take(10).collect(),
        Value::Date(d) => {
            p.warn(sheet, &a1(row, col), FindingKind::DateRead(d.clone()));
            d.clone()
        }
        Value::Error(e) => {
            p.error(sheet, &a1(row, col), FindingKind::FormulaError(e.clone()));
            String::new()
        }
    }
}

/// The rows of the marker sheet as strings.
pub(super) fn marker_rows(book: &Book) -> Option<Vec<Vec<String>>> {
    let sheet = book.sheet(FormLayout::MARKER_SHEET)?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (&(r, c), v) in &sheet.cells {
        if c > 8 {
            continue;
        }
        let text = match v {
            Value::Text(t) => t.to_string(),
            Value::Number(f) => normalize::number(*f),
            _ => continue,
        };
        let row = rows.entry(r).or_default();
        if row.len() <= usize::from(c) {
            row.resize(usize::from(c) + 1, String::new());
        }
        row[usize::from(c)] = text;
    }
    Some(rows.into_values().collect())
}

/// The 4-digit year in a text such as `平成30年度（2018年度）`.
pub(super) fn year_in(text: &str) -> Option<i32> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(4).find(|w| w.iter().all(|c| c.is_ascii_digit())).and_then(|w| w.iter().collect::<String>().parse().ok())
}

pub(super) fn text_at(book: &Book, sheet: &str, row: u32, col: u16) -> Option<String> {
    match book.sheet(sheet)?.cells.get(&(row, col))? {
        Value::Text(t) => Some(t.trim().to_string()),
        Value::Number(f) => Some(normalize::number(*f)),
        _ => None,
    }
}

/// What `ingest` would find in one workbook's bytes against `year`, without
/// writing anything and without catching panics: the entry the fuzzer drives
/// (`fuzz/fuzz_targets/workbook.rs`), so a panic in a reader is seen, not absorbed.
pub fn examine(file: &str, bytes: &[u8], year: &Year) -> Vec<Finding> {
    let mut p = Parsed::new(file.into(), Path::new(file));
    match read::read(bytes) {
        Ok(book) => understand(&mut p, &book, year),
        Err(refusal) => p.refused(refusal),
    }
    p.findings
}

/// One workbook judged as `ingest` would judge it against the year (read,
/// validated with the year's other files, joint answers compared), without
/// writing anything: its findings and the answers it holds, if it could be read.
#[derive(Debug, Clone)]
pub struct Examined {
    pub findings: Vec<Finding>,
    pub target: Option<(Kind, String)>,
    pub unit: Option<Unit>,
    pub centre: Option<Centre>,
    /// Whether `ingest` would reject it.
    pub rejected: bool,
}

/// See [`Examined`].
pub fn examine_in_year(file: &str, bytes: &[u8], year: &Year) -> Examined {
    let mut p = Parsed::new(file.into(), Path::new(file));
    p.bytes = bytes.to_vec();
    p.sha256 = received::sha256(bytes);
    match read::read(bytes) {
        Ok(book) => {
            if let Some(m) = &book.modified {
                p.modified = m.clone();
            }
            understand(&mut p, &book, year)
        }
        Err(refusal) => p.refused(refusal),
    }
    let mut parsed = vec![p];
    let chosen: Vec<usize> = if parsed[0].submission.is_some() && !parsed[0].rejected() { vec![0] } else { Vec::new() };
    accept(year, &mut parsed, &chosen);
    let p = parsed.remove(0);
    let (unit, centre) = p.submission.as_ref().map(|s| (s.unit.clone(), s.centre.clone())).unwrap_or_default();
    Examined { rejected: p.rejected(), target: p.target.clone(), unit, centre, findings: p.all_findings() }
}

/// Identifies the workbook, checks it is this year's form, reads its answers.
pub(super) fn understand(p: &mut Parsed, book: &Book, year: &Year) {
    // A reply draft (receipt, send-back) goes to the sender: said here, where it came from, when it cannot.
    if let Some(sender) = p.mail.as_ref().map(|m| m.sender.clone()).filter(|s| !s.trim().is_empty())
        && crate::model::contacts::sender_address(&sender).is_none()
    {
        p.warn("", "", FindingKind::SenderUnusable(sender));
    }
    let Some(layout) = identify(p, book, year) else { return };
    if !admissible(p, book, year, &layout) {
        return;
    }
    p.target = Some((layout.meta.kind, layout.meta.name.clone()));
    let submission = match layout.meta.kind {
        Kind::Prefecture => read_prefecture(p, book, layout),
        Kind::Unit | Kind::Centre => read_answers(p, book, year, layout),
    };
    if let Some(s) = submission {
        p.submission = Some(s);
    }
}

/// Who the workbook is for: its hidden marker, else the answer sheet's own unit cell.
pub(super) fn identify(p: &mut Parsed, book: &Book, year: &Year) -> Option<FormLayout> {
    let items = year.survey.items_sheet.as_str();
    if let Some(layout) = marker_rows(book).as_deref().and_then(|rows| FormLayout::from_marker(rows, &year.survey)) {
        return Some(layout);
    }
    // No marker: the sheet's own unit cell, checked against the year.
    let name = text_at(book, items, 0, COL_B).map(|t| normalize::text(&t));
    let (Some(name), Some(label)) = (name, text_at(book, items, 0, COL_A)) else {
        p.error("", "", FindingKind::NotAForm);
        return None;
    };
    let kind = if label == FormLayout::who_label(Kind::Centre) { Kind::Centre } else { Kind::Unit };
    if label != FormLayout::who_label(kind) {
        p.error("", "", FindingKind::NotAForm);
        return None;
    }
    let fy = text_at(book, items, 0, COL_C).and_then(|t| year_in(&t)).unwrap_or(0);
    let d1 = text_at(book, items, 0, COL_D).unwrap_or_default();
    let mut meta = match kind {
        Kind::Unit | Kind::Prefecture => FormLayout::unit(year, &name, year.unit(&name)).meta,
        Kind::Centre => match year.centres.iter().find(|c| c.name == name) {
            Some(c) => FormLayout::centre(year, c).meta,
            // A centre not stored yet: its members as the form printed them in D1.
            None if members_in(&d1, year).is_some() => {
                let members = members_in(&d1, year).unwrap_or_default();
                FormLayout::centre(year, &Centre { name: name.clone(), members, ..Centre::default() }).meta
            }
            None => {
                p.error(items, "B1", FindingKind::UnknownTarget { kind, name });
                return None;
            }
        },
    };
    meta.fiscal_year = fy;
    if kind == Kind::Unit && year.unit(&name).is_none() {
        // No stored unit either: the code or members the form printed in D1.
        if let Some(code) = FormLayout::code_in(&d1, year.survey.unit_word()) {
            meta.code = Some(code.trim().to_string()).filter(|c| !c.is_empty());
        } else if let Some(names) = members_in(&d1, year) {
            meta.members = names.into_iter().map(|name| crate::model::Member { name, code: None }).collect();
        }
    }
    p.warn(items, "B1", FindingKind::NoMarker);
    Some(FormLayout::new(meta, &year.survey))
}

/// The members a form's D1 names after 「構成市町：」 (the survey's unit word from version 6 on).
pub(super) fn members_in(d1: &str, year: &Year) -> Option<Vec<String>> {
    FormLayout::members_in(d1, year.survey.unit_word()).map(normalize::names)
}

/// Whether the workbook is this year's form for a target of the year, with its answer sheets.
pub(super) fn admissible(p: &mut Parsed, book: &Book, year: &Year, layout: &FormLayout) -> bool {
    let meta = &layout.meta;
    if meta.version > FormLayout::NEWEST {
        p.error("", "", FindingKind::NewerForm(meta.version));
        return false;
    }
    if meta.fiscal_year != year.packet.fiscal_year {
        p.error("", "", FindingKind::OtherYear { form: meta.fiscal_year, year: year.packet.fiscal_year });
        return false;
    }
    if meta.prefecture != year.packet.prefecture {
        let kind = FindingKind::OtherPrefecture { form: meta.prefecture.clone(), year: year.packet.prefecture.clone() };
        p.error("", "", kind);
        return false;
    }
    // A form of version 1 names no survey: it is the year's.
    if !meta.survey.is_empty() && meta.survey != year.survey.key {
        p.error("", "", FindingKind::OtherSurvey { form: meta.survey.clone(), year: year.survey.key.clone() });
        return false;
    }
    let columns: BTreeSet<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let known = match meta.kind {
        Kind::Unit => columns.contains(&meta.name),
        Kind::Prefecture => meta.name == year.packet.prefecture,
        Kind::Centre => {
            year.centres.iter().any(|c| c.name == meta.name)
                || (!meta.members.is_empty() && meta.members.iter().all(|m| columns.contains(&m.name)))
        }
    };
    if !known {
        p.error("", "", FindingKind::UnknownTarget { kind: meta.kind, name: meta.name.clone() });
        return false;
    }
    let who = layout.who_sheet.as_str();
    if let Some(shown) = text_at(book, who, 0, COL_B).map(|t| normalize::text(&t))
        && shown != meta.name
    {
        p.error(who, "B1", FindingKind::TargetMismatch { marker: meta.name.clone(), sheet: shown });
        return false;
    }
    for s in &layout.sheets {
        match book.sheet(s) {
            None => p.error(s, "", FindingKind::MissingSheet(s.clone())),
            Some(sheet) if !sheet.visible => p.error(s, "", FindingKind::HiddenSheet(s.clone())),
            Some(_) => {}
        }
    }
    !p.rejected()
}

/// A non-empty cell's value as shown in an "ignored" finding (shortened, on one line).
pub(super) fn shown(v: &Value) -> String {
    let owned;
    let shown: &str = match v {
        // Only the start of a text is shown: a long shared string is never copied whole here.
        Value::Text(t) => t,
        Value::Number(f) => {
            owned = normalize::number(*f);
            &owned
        }
        Value::Bool(b) => if *b { "true" } else { "false" },
        Value::Date(d) => d,
        Value::Error(e) => e,
    };
    let short: String = shown.chars().take(40).collect();
    let short = if shown.chars().nth(40).is_some() { format!("{short}…") } else { short };
    short.replace('\n', " ")
}

/// Merged ranges over any cell `answer` says is one: refused (a merge hides what was typed).
pub(super) fn check_merges(p: &mut Parsed, sheet: &read::Sheet, answer: &dyn Fn(u32, u16) -> bool) {
    for &(r0, c0, r1, c1) in &sheet.merges {
        let cells = (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
        let over = (r0..=r1.min(r0 + 2000)).any(|r| (c0..=c1.min(c0 + 50)).any(|c| answer(r, c)));
        if cells > 1 && over {
            p.error(&sheet.name, &format!("{}:{}", a1(r0, c0), a1(r1, c1)), FindingKind::Merged);
        }
    }
}

/// The prefecture's form: fixed rows (its tables grow by rows the clerk fills, not by inserted rows).
pub(super) fn read_prefecture(p: &mut Parsed, book: &Book, layout: FormLayout) -> Option<Submission> {
    let mut answers: BTreeMap<(String, u32, u16), String> = BTreeMap::new();
    for sheet in book.sheets.iter().filter(|s| s.name != FormLayout::MARKER_SHEET) {
        let answering = layout.sheets.contains(&sheet.name);
        for (&(r, c), v) in &sheet.cells {
            let kind = layout.kind_at(&sheet.name, r, c).filter(|_| answering);
            if let Some(kind) = kind {
                let text = cell_text(p, &sheet.name, r, c, v, kind == CellKind::Date);
                answers.insert((sheet.name.clone(), r, c), text);
            } else if !matches!(v, Value::Text(t) if layout.is_printed(&sheet.name, t)) {
                p.warn(&sheet.name, &a1(r, c), FindingKind::Ignored(shown(v)));
            }
        }
        if answering {
            check_merges(p, sheet, &|r, c| layout.kind_at(&sheet.name, r, c).is_some());
        }
    }
    if p.rejected() {
        return None;
    }
    let read = |s: &'static str, r: u32, c: u16| answers.get(&(s.to_string(), r, c)).cloned().unwrap_or_default();
    let (parts, rows, notes) = prefecture::parse(&layout, &read);
    for (sheet, cell, kind) in notes {
        p.error(sheet, &cell, kind);
    }
    Some(Submission {
        kind: Kind::Prefecture,
        name: layout.meta.name.clone(),
        unit: None,
        centre: None,
        parts: Some(parts),
        contact: None,
        locator: Locator(Some(layout.with_entries(rows))),
    })
}
