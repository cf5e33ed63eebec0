//! Step 1, understand (continued): a unit's or centre's answers, read from the rows its
//! layout finds by marks, labels and headers.

use super::*;

/// One answer sheet of a unit's or centre's form: its cells as text, the answer cells found by the schema.
pub(super) struct AnswerSheet {
    /// Answer cells as read (text), by (row, column).
    pub(super) answers: BTreeMap<(u32, u16), String>,
}

impl AnswerSheet {
    fn get(&self, row: u32, col: u16) -> &str {
        self.answers.get(&(row, col)).map(String::as_str).unwrap_or("")
    }
}

/// Reads the answer cells of one sheet: the cells `answer` says, each as text;
/// other non-empty cells are the form's own labels, a row number in column A,
/// or reported as ignored.
pub(super) fn answer_sheet(
    p: &mut Parsed,
    book: &Book,
    name: &str,
    layout: &FormLayout,
    answer: &dyn Fn(u32, u16) -> bool,
    rows_region: &dyn Fn(u32) -> bool,
) -> AnswerSheet {
    let sheet = book.sheet(name);
    let mut answers = BTreeMap::new();
    if let Some(sheet) = sheet {
        for (&(r, c), v) in &sheet.cells {
            if answer(r, c) {
                answers.insert((r, c), cell_text(p, name, r, c, v, false));
            } else if c == COL_A && rows_region(r) {
                // Row numbers or marks typed into column A of the answer rows: not an answer, nothing to report.
            } else if !matches!(v, Value::Text(t) if layout.is_printed(name, t)) {
                p.warn(name, &a1(r, c), FindingKind::Ignored(shown(v)));
            }
        }
        check_merges(p, sheet, answer);
    }
    AnswerSheet { answers }
}

/// Cells of the sheets that are not answered on (the guidance, a sheet the sender added):
/// the form's own (its labels, its check, a send-back's reasons), else reported as ignored.
pub(super) fn stray_sheets(p: &mut Parsed, book: &Book, layout: &FormLayout) {
    for sheet in book.sheets.iter().filter(|s| !layout.sheets.contains(&s.name)) {
        for (&(r, c), v) in &sheet.cells {
            let text: std::borrow::Cow<str> = if let Value::Text(t) = v { (&**t).into() } else { shown(v).into() };
            if !layout.is_own(&sheet.name, c, &text) {
                p.warn(&sheet.name, &a1(r, c), FindingKind::Ignored(shown(v)));
            }
        }
    }
}

/// The last row with a cell of a sheet (0 for none).
pub(super) fn last_row(book: &Book, sheet: &str) -> u32 {
    book.sheet(sheet).and_then(|s| s.cells.keys().map(|k| k.0).max()).unwrap_or(0)
}

/// 回答者: the answering office's contact, rows found by their labels; an address
/// that is not one is refused at its cell. `None` when nothing was filled.
pub(super) fn read_contact(p: &mut Parsed, book: &Book, layout: &FormLayout) -> Option<Contact> {
    let sheet = layout::SHEET_CONTACT;
    let last = last_row(book, sheet);
    let row_of = |label: &str| (0..=last).find(|&r| text_at(book, sheet, r, COL_A).is_some_and(|t| t == label));
    let rows: Vec<(&str, Option<u32>)> = layout::CONTACT_FIELDS.iter().map(|(key, label)| (*key, row_of(label))).collect();
    let found: Vec<u32> = rows.iter().filter_map(|r| r.1).collect();
    let cells = answer_sheet(p, book, sheet, layout, &|r, c| c == COL_B && found.contains(&r), &|r| found.contains(&r));
    let cell = |key: &str| {
        let r = rows.iter().find(|(k, _)| *k == key)?.1?;
        Some((cells.get(r, COL_B).to_string(), a1(r, COL_B)))
    };
    let (contact, bad) = contact_from(&cell);
    for (cell, kind) in bad {
        p.error(sheet, &cell, kind);
    }
    (contact != Contact::default()).then_some(contact)
}

/// A contact from its cells, by the keys of [`layout::CONTACTS_COLS`] (`cell(key)`: the cell's
/// text and A1 name; `None` where the form has no such cell, as 回答者 has no Cc): texts
/// normalized, addresses split at 「、」「,」 and line breaks. Each address that is not one
/// comes back with its cell, for the caller to refuse there (回答者 and 連絡先 alike).
pub(super) fn contact_from(cell: &dyn Fn(&str) -> Option<(String, String)>) -> (Contact, Vec<(String, FindingKind)>) {
    let text = |k: &str| cell(k).map(|(t, _)| normalize::text(&t)).unwrap_or_default();
    let mut bad = Vec::new();
    let mut addresses = |k: &str| {
        let Some((t, at)) = cell(k) else { return Vec::new() };
        let list = normalize::names(&t);
        bad.extend(bad_addresses(&list, &at));
        list
    };
    let (mail, cc) = (addresses("mail"), addresses("cc"));
    (Contact { office: text("office"), person: text("person"), phone: text("phone"), mail, cc }, bad)
}

/// The addresses of a cell (`at`) that are not addresses ([`crate::model::contacts::is_address`]), each a finding there.
pub(super) fn bad_addresses(list: &[String], at: &str) -> Vec<(String, FindingKind)> {
    list.iter()
        .filter(|m| !crate::model::contacts::is_address(m))
        .map(|m| (at.to_string(), FindingKind::BadAddress(m.clone())))
        .collect()
}

/// A unit's or centre's form: rows found by the layout's marks and headers.
pub(super) fn read_answers(p: &mut Parsed, book: &Book, year: &Year, layout: FormLayout) -> Option<Submission> {
    let layout = layout.located(&|sheet, r, c| text_at(book, sheet, r, c), &|sheet| last_row(book, sheet));
    if !rows_found(p, &layout, &year.survey) {
        return None;
    }
    stray_sheets(p, book, &layout);
    let schema = layout.schema.as_ref()?;
    let on = schema.items_sheet.as_str();
    let answer = |r: u32, c: u16| layout.kind_at(on, r, c).is_some();
    let items_sheet = answer_sheet(p, book, on, &layout, &answer, &|r| (COL_C..=COL_D).any(|c| answer(r, c)));
    let items = read_items(p, &layout, &items_sheet);
    let meta = &layout.meta;
    let (name, locator) = (meta.name.clone(), Locator::default());
    let mut submission = if meta.kind == Kind::Centre {
        let members = meta.members.iter().map(|m| m.name.clone()).collect();
        let items = items.into_iter().map(|c| CentreItem { key: c.key, lines: c.lines }).collect();
        let centre = Centre { source: String::new(), name: name.clone(), members, items };
        Submission { kind: Kind::Centre, name, unit: None, centre: Some(centre), parts: None, contact: None, locator }
    } else {
        let table_rows: BTreeSet<u32> = layout.rows.rows.iter().copied().collect();
        let on = schema.table_sheet.as_str();
        let answer = |r: u32, c: u16| layout.kind_at(on, r, c).is_some();
        let table_sheet = answer_sheet(p, book, on, &layout, &answer, &|r| table_rows.contains(&r));
        let fields = read_fields(&layout, &table_sheet);
        let (pairs, pair_rows) = read_pairs(p, &layout, &table_sheet);
        let (code, members) = (meta.code.clone(), meta.members.clone());
        let unit = Unit { source: String::new(), name: name.clone(), code, members, fields, items, pairs };
        let mut layout = layout.clone();
        layout.rows.pair_rows = pair_rows;
        Submission { kind: Kind::Unit, name, unit: Some(unit), centre: None, parts: None, contact: None, locator: Locator(Some(layout)) }
    };
    if p.rejected() {
        return None;
    }
    submission.contact = if meta.version >= 3 { read_contact(p, book, &layout) } else { None };
    if submission.locator.0.is_none() {
        submission.locator = Locator(Some(layout.clone()));
    }
    (!p.rejected()).then_some(submission)
}

/// Every item's row and field's row is there, and the paired table's header: else an error naming what is missing.
pub(super) fn rows_found(p: &mut Parsed, layout: &FormLayout, survey: &Survey) -> bool {
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return false };
    for (item, rows) in schema.items.iter().zip(&found.items) {
        if rows.is_none() {
            let label = survey.item(&item.key).map_or_else(|| item.name.clone(), |i| i.label());
            p.error(&schema.items_sheet, "A:A", FindingKind::MissingItemRow(label));
        }
    }
    for (field, row) in schema.fields.iter().zip(&found.fields) {
        if row.is_none() {
            p.error(&schema.table_sheet, "A:A", FindingKind::MissingFieldRow(field.label.clone()));
        }
    }
    if let Some(t) = &schema.table
        && found.head.is_none()
    {
        p.error(&schema.table_sheet, "", FindingKind::MissingTableHead(t.first.clone()));
    }
    !p.rejected()
}

/// The items' cells: each item's own row and the rows inserted under it, lines and partners together.
/// Each line's bullet is made 「・」 where another mark was typed ([`bullet::fix`]), said at its cell.
pub(super) fn read_items(p: &mut Parsed, layout: &FormLayout, sheet: &AnswerSheet) -> Vec<ItemCell> {
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return Vec::new() };
    schema
        .items
        .iter()
        .zip(&found.items)
        .filter_map(|(item, rows)| {
            let rows = rows.as_ref()?;
            let mut lines = Vec::new();
            let mut partners: Vec<String> = Vec::new();
            for &r in rows {
                for line in normalize::lines(sheet.get(r, COL_C)) {
                    let (line, fix) = bullet::fix(&line);
                    if let Some(fix) = fix {
                        p.warn(&schema.items_sheet, &a1(r, COL_C), FindingKind::Bullet(fix));
                    }
                    lines.push(line);
                }
                if schema.item_partners {
                    for n in normalize::names(sheet.get(r, COL_D)) {
                        if !partners.contains(&n) {
                            partners.push(n);
                        }
                    }
                }
            }
            if bullet::starts_with_note(&lines) {
                p.warn(&schema.items_sheet, &a1(rows[0], COL_C), FindingKind::NoteFirst);
            }
            let answered = !lines.is_empty() || !partners.is_empty();
            answered.then(|| ItemCell { key: item.key.clone(), lines, shared_with: partners })
        })
        .collect()
}

/// The unit's fields, each from its row.
pub(super) fn read_fields(layout: &FormLayout, sheet: &AnswerSheet) -> BTreeMap<String, FieldValue> {
    let mut out = BTreeMap::new();
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return out };
    for (field, row) in schema.fields.iter().zip(&found.fields) {
        let Some(r) = *row else { continue };
        let main = sheet.get(r, COL_B);
        let bracket = normalize::text(sheet.get(r, COL_C));
        let value = FieldValue {
            text: if field.kind == FieldKind::Lines { String::new() } else { normalize::text(main) },
            bracket: (field.kind == FieldKind::Bracketed && !bracket.is_empty()).then_some(bracket),
            lines: if field.kind == FieldKind::Lines { normalize::lines(main) } else { Vec::new() },
            shared_with: if field.shareable { normalize::names(sheet.get(r, COL_D)) } else { Vec::new() },
        };
        if value != FieldValue::default() {
            out.insert(field.key.clone(), value);
        }
    }
    out
}

/// The paired table: a row with a first column opens an entry, a row without
/// one continues the entry above; blank rows are nothing. With each entry's first row.
pub(super) fn read_pairs(p: &mut Parsed, layout: &FormLayout, sheet: &AnswerSheet) -> (Vec<Pair>, Vec<u32>) {
    let (Some(schema), found) = (&layout.schema, &layout.rows) else { return Default::default() };
    let Some(table) = &schema.table else { return Default::default() };
    let mut pair_rows = Vec::new();
    let width = schema.table_width();
    let mut pairs: Vec<Pair> = Vec::new();
    for &row in &found.rows {
        let first = normalize::text(sheet.get(row, COL_B));
        let cells: Vec<String> = (0..width).map(|j| normalize::text(sheet.get(row, COL_C + j))).collect();
        let partners = schema.table_partners().map(|c| normalize::names(sheet.get(row, c))).unwrap_or_default();
        let blank_cells = cells.iter().all(String::is_empty);
        if first.is_empty() && blank_cells && partners.is_empty() {
            continue;
        }
        let continues = pairs.last().is_some_and(|last| first.is_empty() || last.first == first);
        if continues {
            let Some(last) = pairs.last_mut() else { continue };
            if !partners.is_empty() && partners != last.shared_with {
                let col = schema.table_partners().unwrap_or(COL_D);
                p.error(&schema.table_sheet, &a1(row, col), FindingKind::PartnersOnContinuation);
            }
            if !blank_cells {
                last.rows.push(cells);
            }
        } else if first.is_empty() {
            p.error(&schema.table_sheet, &a1(row, COL_B), FindingKind::RowWithoutFirst(table.first.clone()));
        } else {
            pair_rows.push(row);
            let rows = if blank_cells { Vec::new() } else { vec![cells] };
            pairs.push(Pair { first, rows, shared_with: partners });
        }
    }
    (pairs, pair_rows)
}
