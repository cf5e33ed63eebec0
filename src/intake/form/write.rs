//! Writing a form's workbook with rust_xlsxwriter, laid out from its [`FormLayout`].

use super::*;

/// What a form is pre-filled with.
pub enum Answers<'a> {
    Unit(Option<&'a Unit>),
    Centre(&'a Centre),
    Prefecture(&'a Year),
}

struct Formats {
    title: Format,
    label: Format,
    header: Format,
    info: Format,
    note: Format,
    answer: Format,
    joint: Format,
    closed: Format,
    row_number: Format,
    /// A cell a send-back asks to correct.
    marked: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name("BIZ UDゴシック").set_font_size(10.5).set_align(FormatAlign::Top);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let answer = boxed.clone().set_unlocked().set_num_format("@");
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            label: boxed.clone().set_bold().set_background_color(Color::RGB(0xE7E6E6)),
            header: boxed.clone().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_align(FormatAlign::Center),
            info: base.clone().set_text_wrap(),
            note: base.clone().set_font_size(9),
            joint: answer.clone().set_background_color(Color::RGB(0xFFF2CC)),
            marked: answer.clone().set_background_color(Color::RGB(0xFFC7CE)),
            answer,
            row_number: boxed.clone().set_bold().set_background_color(Color::RGB(0xE7E6E6)).set_unlocked(),
            closed: boxed.set_background_color(Color::RGB(0xF2F2F2)),
        }
    }

    fn of(&self, s: Style) -> &Format {
        match s {
            Style::Title => &self.title,
            Style::Label => &self.label,
            Style::Header => &self.header,
            Style::Info => &self.info,
            Style::Note => &self.note,
            Style::RowNumber => &self.row_number,
        }
    }
}

pub(crate) fn xerr(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Workbook(e.to_string())
}

/// Column widths (Excel's character units) per sheet.
fn widths(sheet: &str, kind: Kind, schema: Option<&Schema>) -> Vec<f64> {
    match (sheet, kind, schema) {
        (SHEET_GUIDE, ..) => vec![22.0, 110.0],
        (SHEET_PACKET, ..) => vec![30.0, 70.0],
        (SHEET_CONTACT, ..) => vec![30.0, 60.0],
        (SHEET_SCHEDULE, ..) => vec![22.0, 30.0, 36.0, 16.0, 14.0, 14.0, 40.0],
        (SHEET_PROGRAMMES, ..) => vec![24.0, 24.0, 44.0, 56.0, 44.0],
        (SHEET_BLOCKS, ..) => vec![16.0, 18.0, 14.0, 14.0, 80.0, 40.0],
        (SHEET_CONTACTS, ..) => vec![30.0, 30.0, 16.0, 16.0, 40.0, 40.0],
        (s, Kind::Unit, Some(schema)) if s == schema.items_sheet => vec![6.0, 22.0, 70.0, 24.0],
        (s, Kind::Centre, Some(schema)) if s == schema.items_sheet => vec![6.0, 22.0, 90.0, 40.0],
        (s, _, Some(schema)) if s == schema.table_sheet => {
            let n = schema.table_width().max(1);
            let each = (56.0 / f64::from(n)).max(24.0);
            let mut w = vec![16.0, 44.0];
            w.extend(std::iter::repeat_n(each, usize::from(n)));
            w.push(24.0);
            w
        }
        _ => vec![14.0, 60.0, 14.0],
    }
}

/// Lines a text takes in a column of `width` characters (full-width counts two).
fn lines_in(text: &str, width: f64) -> u32 {
    let per = (width - 1.0).max(4.0);
    text.split('\n')
        .map(|l| {
            let w: f64 = l.chars().map(|c| if c.is_ascii() { 1.1 } else { 2.0 }).sum();
            ((w / per).ceil() as u32).max(1)
        })
        .sum()
}

/// Row heights: the tallest cell of each row (Excel does not grow rows written by a program).
struct Heights<'a> {
    widths: &'a [f64],
    rows: BTreeMap<u32, u32>,
}

impl Heights<'_> {
    fn grow(&mut self, row: u32, col: u16, text: &str) {
        let width = self.widths.get(usize::from(col)).copied().unwrap_or(10.0);
        let n = lines_in(text, width);
        let e = self.rows.entry(row).or_insert(1);
        *e = (*e).max(n);
    }
}

/// One answer sheet being written: its cells and the heights they need.
struct Sheet<'a, 'b> {
    ws: &'a mut Worksheet,
    f: &'b Formats,
    heights: Heights<'b>,
    /// Cells a send-back marks on this sheet.
    marked: Vec<(u32, u16)>,
}

impl Sheet<'_, '_> {
    fn answer(&mut self, row: u32, col: u16, text: &str, joint: bool) -> Result<()> {
        let fmt = if self.marked.contains(&(row, col)) {
            &self.f.marked
        } else if joint {
            &self.f.joint
        } else {
            &self.f.answer
        };
        write_answer(self.ws, row, col, text, fmt)?;
        self.heights.grow(row, col, text);
        Ok(())
    }

    /// The prompt shown when a cell of `rows` in column `col` is selected.
    fn prompt(&mut self, rows: std::ops::RangeInclusive<u32>, col: u16, prompt: &prompts::Prompt) -> Result<()> {
        self.ws.add_data_validation(*rows.start(), col, *rows.end(), col, &prompt.validation()?).map_err(xerr)?;
        Ok(())
    }

    fn closed(&mut self, row: u32, col: u16) -> Result<()> {
        self.ws.write_blank(row, col, &self.f.closed).map_err(xerr)?;
        Ok(())
    }
}

/// A send-back (差し戻し): the cells to correct, each with what to do, and the reasons listed first.
#[derive(Debug, Clone, Default)]
pub struct SendBack {
    /// Cells to correct: sheet, 0-based row and column, what is wrong and what to do.
    pub marks: Vec<(String, u32, u16, String)>,
    /// The reasons in order: where (a sheet and cell, if any) and the text.
    pub reasons: Vec<(Option<Place>, String)>,
}

/// The workbook of one form.
pub fn workbook(layout: &FormLayout, answers: &Answers) -> Result<Vec<u8>> {
    workbook_with(layout, answers, None)
}

/// The workbook of one form, laid out from `layout`, marked for a send-back when one is
/// given (its count is the layout's `meta.sent_back`).
pub fn workbook_with(layout: &FormLayout, answers: &Answers, send_back: Option<&SendBack>) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    properties(&mut wb, &layout.meta)?;
    if let Some(sb) = send_back {
        reasons_sheet(&mut wb, &f, &layout.meta, sb)?;
    }
    let mut sheets = vec![SHEET_GUIDE.to_string()];
    sheets.extend(layout.sheets.iter().cloned());
    for name in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(xerr)?;
        let w = widths(name, layout.meta.kind, layout.schema.as_ref());
        for (c, width) in w.iter().enumerate() {
            ws.set_column_width(c as u16, *width).map_err(xerr)?;
        }
        let marks: Vec<&(String, u32, u16, String)> =
            send_back.map(|sb| sb.marks.iter().filter(|m| &m.0 == name).collect()).unwrap_or_default();
        let marked = marks.iter().map(|m| (m.1, m.2)).collect();
        let mut sheet = Sheet { ws, f: &f, heights: Heights { widths: &w, rows: BTreeMap::new() }, marked };
        write_fixed(&mut sheet, layout, name)?;
        write_answers(&mut sheet, layout, name, answers)?;
        for (_, row, col, text) in marks {
            let note = rust_xlsxwriter::Note::new(text.as_str()).set_author("shiryo").set_width(360);
            sheet.ws.insert_note(*row, *col, &note).map_err(xerr)?;
        }
        finish_sheet(sheet, name, &layout.meta, layout.schema.as_ref())?;
    }
    marker_sheet(&mut wb, &layout.meta)?;
    if let (None, Ok(first)) = (send_back, wb.worksheet_from_index(0)) {
        first.set_active(true);
    }
    grow::rows_grow(wb.save_to_buffer().map_err(xerr)?)
}

/// The document's title, author and date: dated by the packet, not the clock, so that the same data gives the same bytes.
fn properties(wb: &mut Workbook, meta: &Meta) -> Result<()> {
    let (y, m, d) = crate::model::Date::parse(&meta.deadline).map_or((meta.fiscal_year, 4, 1), |d| (d.year, d.month, d.day));
    let date = ExcelDateTime::from_ymd(y.clamp(1900, 9999) as u16, m as u8, d as u8).map_err(xerr)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("照会様式 {} {}", meta.name, year_label(meta.fiscal_year)))
            .set_author(meta.prefecture.clone())
            .set_creation_datetime(&date),
    );
    Ok(())
}

/// The printed texts of one sheet.
fn write_fixed(sheet: &mut Sheet, layout: &FormLayout, name: &str) -> Result<()> {
    for cell in layout.fixed.iter().filter(|c| c.sheet == name) {
        let fmt = if cell.style == Style::RowNumber { &sheet.f.row_number } else { sheet.f.of(cell.style) };
        sheet.ws.write_string_with_format(cell.row, cell.col, &cell.text, fmt).map_err(xerr)?;
        if cell.style != Style::Title && cell.style != Style::Note {
            sheet.heights.grow(cell.row, cell.col, &cell.text);
        }
    }
    Ok(())
}

/// One sheet's answer cells, pre-filled, with their prompts, marks and (on 案内) the check.
fn write_answers(sheet: &mut Sheet, layout: &FormLayout, name: &str, answers: &Answers) -> Result<()> {
    let meta = &layout.meta;
    match &layout.schema {
        Some(schema) if name == SHEET_GUIDE => {
            let answers = item_answers(schema, answers);
            let filled = check::Filled { answers: &answers, required: layout.required(), table_rows: meta.table_rows };
            let top = layout.fixed.iter().filter(|c| c.sheet == SHEET_GUIDE).map(|c| c.row).max().unwrap_or(0) + 2;
            check::write(sheet.ws, schema, &filled, top, &sheet.f.info)?;
        }
        Some(schema) if *name == schema.items_sheet => {
            write_items(sheet, schema, answers)?;
            marks::items(sheet.ws, schema, layout.required())?;
        }
        Some(schema) if *name == schema.table_sheet => {
            write_table(sheet, meta, schema, answers)?;
            marks::table(sheet.ws, schema, meta.table_rows)?;
        }
        Some(_) if name == SHEET_CONTACT => {
            let c = &meta.office;
            for (i, v) in [&c.office, &c.person, &c.phone, &c.mail.join("、")].iter().enumerate() {
                sheet.answer(CONTACT_ROW0 + i as u32, COL_B, v, false)?;
            }
        }
        None if name != SHEET_GUIDE => {
            let year = match answers {
                Answers::Prefecture(y) => Some(*y),
                _ => None,
            };
            for (row, col, text) in prefecture_answers(layout, name, year) {
                sheet.answer(row, col, &text, false)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The hidden marker sheet, protected: what the form is for, read back whatever the file's name.
fn marker_sheet(wb: &mut Workbook, meta: &Meta) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_MARKER).map_err(xerr)?;
    for (r, row) in meta.marker_rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).map_err(xerr)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}

/// 差し戻し理由: what to correct, each with a link to its cell.
fn reasons_sheet(wb: &mut Workbook, f: &Formats, meta: &Meta, sb: &SendBack) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_SENT_BACK).map_err(xerr)?;
    ws.set_column_width(0, 22.0).map_err(xerr)?;
    ws.set_column_width(1, 110.0).map_err(xerr)?;
    let title = format!("{}　差し戻し理由（{}回目）", meta.name, meta.sent_back.max(1));
    ws.write_string_with_format(0, 0, &title, &f.title).map_err(xerr)?;
    let intro = "次の箇所を直して、このブックを保存し、もう一度お送りください（色の付いたセルにコメントがあります）。";
    ws.write_string_with_format(1, 0, intro, &f.info).map_err(xerr)?;
    ws.write_string_with_format(3, 0, "箇所", &f.header).map_err(xerr)?;
    ws.write_string_with_format(3, 1, "直すこと", &f.header).map_err(xerr)?;
    for (i, (at, text)) in sb.reasons.iter().enumerate() {
        let row = 4 + i as u32;
        match at {
            Some((sheet, r, c)) => {
                let place = format!("{sheet}!{}", a1(*r, *c));
                let link = rust_xlsxwriter::Url::new(format!("internal:'{sheet}'!{}", a1(*r, *c))).set_text(&place);
                ws.write_url_with_format(row, 0, link, &f.label).map_err(xerr)?;
            }
            None => drop(ws.write_string_with_format(row, 0, "（ブック全体）", &f.label).map_err(xerr)?),
        }
        ws.write_string_with_format(row, 1, text, &f.info).map_err(xerr)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    ws.protect();
    Ok(())
}

/// Row heights, page setup and protection. The paired table's rows may be
/// inserted and deleted (their cells are all unlocked); other rows may be inserted.
fn finish_sheet(sheet: Sheet, name: &str, meta: &Meta, schema: Option<&Schema>) -> Result<()> {
    let ws = sheet.ws;
    for (row, n) in sheet.heights.rows {
        ws.set_row_height(row, f64::from(n) * 14.0 + 4.0).map_err(xerr)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer(footer(&meta.name));
    let table = schema.filter(|s| s.table.is_some() && name == s.table_sheet);
    match table {
        Some(s) => ws.set_repeat_rows(s.table_head(), s.table_head()).map(|_| ()).map_err(xerr)?,
        None if name != SHEET_GUIDE => ws.set_repeat_rows(0, 1).map(|_| ()).map_err(xerr)?,
        None => {}
    }
    if let Some(s) = table {
        for row in s.table_head() + 1..=s.table_head() + meta.table_rows {
            ws.set_row_format(row, &sheet.f.answer).map_err(xerr)?;
        }
    }
    let answer_sheet = name != SHEET_GUIDE;
    ws.protect_with_options(&ProtectionOptions {
        format_rows: true,
        format_columns: true,
        insert_rows: answer_sheet,
        delete_rows: answer_sheet,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The approval copy's footer (決裁): the unit's name at the left, the sheet's in the
/// middle, 「n / N」 at the right, so that a printed form cannot come apart unnoticed.
/// `&` is Excel's code mark: a name's own is doubled.
fn footer(unit: &str) -> String {
    let name: String = unit.replace('&', "&&").chars().take(100).collect();
    format!("&L{name}&C&A&R&P / &N")
}

/// Each item's pre-filled answer: its cell's text (lines joined) and its partners (「、」-joined).
fn item_answers(schema: &Schema, answers: &Answers) -> Vec<(String, String)> {
    let of = |item: &schema::ItemRow| -> (Vec<String>, Vec<String>) {
        match answers {
            Answers::Unit(u) => {
                u.and_then(|u| u.item(&item.key)).map(|c| (c.lines.clone(), c.shared_with.clone())).unwrap_or_default()
            }
            Answers::Centre(c) => (c.item(&item.key).map(|c| c.lines.clone()).unwrap_or_default(), Vec::new()),
            Answers::Prefecture(_) => Default::default(),
        }
    };
    schema.items.iter().map(of).map(|(l, p)| (l.join("\n"), p.join("、"))).collect()
}

/// The items' answer cells, pre-filled.
fn write_items(sheet: &mut Sheet, schema: &Schema, answers: &Answers) -> Result<()> {
    for (i, (text, partners)) in item_answers(schema, answers).iter().enumerate() {
        let row = Schema::item_row(i);
        let joint = !partners.is_empty();
        sheet.answer(row, COL_C, text, joint)?;
        sheet.prompt(row..=row, COL_C, &prompts::item(schema, i))?;
        if schema.item_partners {
            sheet.answer(row, COL_D, partners, joint)?;
            sheet.prompt(row..=row, COL_D, &prompts::partners(schema))?;
        }
    }
    Ok(())
}

/// The fields and the paired table, pre-filled; blank rows to the form's size.
fn write_table(sheet: &mut Sheet, meta: &Meta, schema: &Schema, answers: &Answers) -> Result<()> {
    let unit = match answers {
        Answers::Unit(u) => *u,
        _ => None,
    };
    for (i, field) in schema.fields.iter().enumerate() {
        let row = Schema::field_row(i);
        let v = unit.and_then(|u| u.field(&field.key)).cloned().unwrap_or_default();
        let joint = !v.shared_with.is_empty();
        let text = if field.kind == FieldKind::Lines { v.lines.join("\n") } else { v.text.clone() };
        sheet.answer(row, COL_B, &text, joint)?;
        sheet.prompt(row..=row, COL_B, &prompts::field(field, false))?;
        match field.kind {
            FieldKind::Bracketed => {
                sheet.answer(row, COL_C, v.bracket.as_deref().unwrap_or(""), joint)?;
                sheet.prompt(row..=row, COL_C, &prompts::field(field, true))?;
            }
            _ => sheet.closed(row, COL_C)?,
        }
        match field.shareable {
            true => {
                sheet.answer(row, COL_D, &v.shared_with.join("、"), joint)?;
                sheet.prompt(row..=row, COL_D, &prompts::partners(schema))?;
            }
            false => sheet.closed(row, COL_D)?,
        }
    }
    let width = schema.table_width();
    let mut row = schema.table_head() + 1;
    for pair in unit.map(|u| u.pairs.as_slice()).unwrap_or_default() {
        let joint = !pair.shared_with.is_empty();
        let blank = [vec![String::new(); usize::from(width)]];
        let rows: &[Vec<String>] = if pair.rows.is_empty() { &blank } else { &pair.rows };
        for (i, cells) in rows.iter().enumerate() {
            let first = i == 0;
            sheet.answer(row, COL_B, if first { &pair.first } else { "" }, joint)?;
            for j in 0..width {
                let text = cells.get(usize::from(j)).map(String::as_str).unwrap_or("");
                sheet.answer(row, COL_C + j, text, joint)?;
            }
            if let Some(col) = schema.table_partners() {
                let partners = if first { pair.shared_with.join("、") } else { String::new() };
                sheet.answer(row, col, &partners, joint)?;
            }
            row += 1;
        }
    }
    while row <= schema.table_head() + meta.table_rows {
        for col in COL_B..=schema.table_last() {
            sheet.answer(row, col, "", false)?;
        }
        row += 1;
    }
    table_prompts(sheet, schema, schema.table_head() + 1..=row.saturating_sub(1).max(schema.table_head() + 1))
}

/// The paired table's prompts, over its filled and spare rows.
fn table_prompts(sheet: &mut Sheet, schema: &Schema, rows: std::ops::RangeInclusive<u32>) -> Result<()> {
    let Some(t) = &schema.table else { return Ok(()) };
    sheet.prompt(rows.clone(), COL_B, &prompts::column(&t.first, true))?;
    for (j, header) in t.columns.iter().enumerate() {
        sheet.prompt(rows.clone(), COL_C + j as u16, &prompts::column(header, false))?;
    }
    if let Some(col) = schema.table_partners() {
        sheet.prompt(rows, col, &prompts::partners(schema))?;
    }
    Ok(())
}

/// Every answer cell of a prefecture sheet with its pre-filled text (empty cells too, so they are unlocked).
fn prefecture_answers(layout: &FormLayout, sheet: &str, year: Option<&Year>) -> Vec<(u32, u16, String)> {
    let mut cells: BTreeMap<(u32, u16), String> = layout.answer_cells(sheet).into_iter().map(|at| (at, String::new())).collect();
    if let Some(y) = year {
        let mut set = |(r, c): (u32, u16), t: String| {
            if let Some(cell) = cells.get_mut(&(r, c)) {
                *cell = t;
            }
        };
        for (at, text) in prefecture_values(layout, sheet, y) {
            set(at, text);
        }
    }
    cells.into_iter().map(|((r, c), t)| (r, c, t)).collect()
}

/// The year's values on one sheet of the prefecture's form, each at its cell.
fn prefecture_values(layout: &FormLayout, sheet: &str, y: &Year) -> Vec<((u32, u16), String)> {
    let mut out = Vec::new();
    let b = FormLayout::FIELD_COL;
    let mut single = |row: Option<u32>, text: String| out.extend(row.map(|r| ((r, b), text)));
    match sheet {
        SHEET_PACKET => {
            let p = &y.packet;
            let r = p.request.clone().unwrap_or_default();
            for (k, v) in [("meeting", p.meeting.clone()), ("material", p.material.clone()), ("date", p.date.to_string())] {
                single(layout.packet_row(k), v);
            }
            single(layout.packet_row("deadline"), p.deadline.to_string());
            single(layout.packet_row("contact"), p.contact.clone());
            let request = [("number", r.number), ("date", r.date.to_string()), ("addressee", r.addressee), ("sender", r.sender)];
            for (k, v) in request.into_iter().chain([("mail", r.mail.unwrap_or_default())]) {
                single(layout.request_row(k), v);
            }
        }
        SHEET_CONTACTS => out.extend(contacts_values(layout, y)),
        SHEET_SCHEDULE => {
            let s = &y.schedule;
            single(layout.schedule_row("title"), s.title.clone());
            single(layout.schedule_row("first_month"), s.first_month.to_string());
            single(layout.schedule_row("last_month"), s.last_month.to_string());
            single(layout.schedule_row("bands"), s.bands.join("\n"));
            single(layout.schedule_row("notes"), s.notes.join("\n"));
            out.extend(schedule_values(layout, s));
        }
        SHEET_PROGRAMMES => {
            let p = &y.programmes;
            for (k, v) in [("titles", &p.titles), ("intro", &p.intro), ("notes", &p.notes), ("columns", &p.columns)] {
                single(layout.programmes_row(k), v.join("\n"));
            }
            out.extend(programme_values(layout, p));
        }
        _ => {
            single(Some(FormLayout::DEFAULT_NOTE_ROW), y.blocks.default_note.clone());
            out.extend(block_values(layout, &y.blocks));
        }
    }
    out
}

/// A table's values: (entry row, column key, text), placed by the layout.
fn in_table(layout: &FormLayout, t: Table, values: Vec<(u32, &str, String)>) -> Vec<((u32, u16), String)> {
    let at = layout.table(t);
    values.into_iter().filter_map(|(i, k, v)| Some((at.cell(i, k)?, v))).collect()
}

fn contacts_values(layout: &FormLayout, y: &Year) -> Vec<((u32, u16), String)> {
    let mut values = Vec::new();
    for (i, name) in layout.meta.contact_names.iter().enumerate() {
        let Some(c) = y.contacts.get(name) else { continue };
        let texts = [c.office.clone(), c.person.clone(), c.phone.clone(), c.mail.join("、"), c.cc.join("、")];
        for ((key, _), v) in CONTACTS_COLS.iter().zip(texts) {
            values.push((i as u32, *key, v));
        }
    }
    in_table(layout, Table::Contacts, values)
}

fn schedule_values(layout: &FormLayout, s: &crate::model::Schedule) -> Vec<((u32, u16), String)> {
    fn text<T: ToString>(d: &Option<T>) -> String {
        d.as_ref().map(ToString::to_string).unwrap_or_default()
    }
    let mut events = Vec::new();
    for (i, e) in s.events.iter().enumerate() {
        let i = i as u32;
        events.extend([
            (i, "band", e.band.clone()),
            (i, "label", e.label.clone()),
            (i, "date", text(&e.date)),
            (i, "from", text(&e.from)),
            (i, "to", text(&e.to)),
            (i, "agenda", e.agenda.join("\n")),
            (i, "display", e.display.clone().unwrap_or_default()),
        ]);
    }
    let mut texts = Vec::new();
    for (i, t) in s.texts.iter().enumerate() {
        let i = i as u32;
        texts.extend([
            (i, "band", t.band.clone()),
            (i, "from", t.from.to_string()),
            (i, "to", t.to.to_string()),
            (i, "title", t.title.clone()),
            (i, "lines", t.lines.join("\n")),
        ]);
    }
    let mut out = in_table(layout, Table::Events, events);
    out.extend(in_table(layout, Table::Texts, texts));
    out
}

fn programme_values(layout: &FormLayout, p: &crate::model::Programmes) -> Vec<((u32, u16), String)> {
    let mut values = Vec::new();
    let mut r = 0;
    for prog in &p.programmes {
        for (i, row) in prog.rows.iter().enumerate() {
            values.extend([
                (r, "name", if i == 0 { prog.name.clone() } else { String::new() }),
                (r, "summary", row.summary.join("\n")),
                (r, "activities", row.activities.join("\n")),
                (r, "direction", row.direction.join("\n")),
            ]);
            r += 1;
        }
    }
    in_table(layout, Table::Programmes, values)
}

fn block_values(layout: &FormLayout, blocks: &crate::model::Blocks) -> Vec<((u32, u16), String)> {
    let mut values = Vec::new();
    let mut r = 0;
    for b in &blocks.blocks {
        values.extend([
            (r, "label", b.label.clone()),
            (r, "regions", b.regions.join("、")),
            (r, "columns", b.columns.join("\n")),
            (r, "note", b.note.clone().unwrap_or_default()),
        ]);
        let summaries: &[String] = if b.summaries.is_empty() { &[String::new()] } else { &b.summaries };
        for s in summaries {
            values.push((r, "summaries", s.clone()));
            r += 1;
        }
    }
    in_table(layout, Table::Blocks, values)
}

fn write_answer(ws: &mut Worksheet, row: u32, col: u16, text: &str, fmt: &Format) -> Result<()> {
    // Lines each under the limit may be over it once joined in one cell: named, not rust_xlsxwriter's words.
    let chars = text.chars().count();
    if chars > crate::model::limits::MAX_CHARS {
        return Err(Error::CellTooLong { sheet: ws.name(), cell: a1(row, col), chars });
    }
    if text.is_empty() {
        ws.write_blank(row, col, fmt).map_err(xerr)?;
    } else {
        ws.write_string_with_format(row, col, text, fmt).map_err(xerr)?;
    }
    Ok(())
}

/// Writes the forms of a year into `out`: every block column's unit and
/// every centre (or only `only`), pre-filled from the year's TOML, else from
/// `previous`'s. Returns the files written.
pub fn write_forms(year_dir: &Path, only: Option<&str>, previous: Option<&Path>, out: &Path) -> Result<Vec<PathBuf>> {
    let year = store::load(year_dir)?;
    let prev = previous.map(store::load).transpose()?;
    let made = forms(&year, prev.as_ref(), only)?;
    crate::store::files::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let mut written = Vec::new();
    for (name, bytes) in made {
        let path = out.join(name);
        store::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The forms of a year in memory, each its file name and bytes: one per unit
/// and centre, then the prefecture's own; `only` one of them. Answers the
/// year lacks come from `prev` (pre-filled with last year's).
pub fn forms(year: &Year, prev: Option<&Year>, only: Option<&str>) -> Result<Vec<(String, Vec<u8>)>> {
    let mut made = Vec::new();
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    for block in &year.blocks.blocks {
        for name in block.columns.iter().filter(|n| wanted(n)) {
            let answers = year.unit(name).or_else(|| prev.and_then(|p| p.unit(name)));
            let layout = FormLayout::unit(year, name, answers);
            made.push((unit_file(name), workbook(&layout, &Answers::Unit(answers))?));
        }
    }
    // Centres of this year; a year without any takes the previous year's whose members are still columns.
    let columns: Vec<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let centres: Vec<&Centre> = if year.centres.is_empty() {
        prev.map(|p| p.centres.iter().filter(|c| c.members.iter().all(|m| columns.contains(&m))).collect()).unwrap_or_default()
    } else {
        year.centres.iter().collect()
    };
    for centre in centres.into_iter().filter(|c| wanted(&c.name)) {
        let layout = FormLayout::centre(year, centre);
        // A centre defined but not yet answered (name and members only) takes the previous year's lines.
        let last = prev.and_then(|p| p.centres.iter().find(|c| c.name == centre.name));
        let answers = if centre.items.is_empty() { last.unwrap_or(centre) } else { centre };
        made.push((centre_file(&centre.name), workbook(&layout, &Answers::Centre(answers))?));
    }
    // The prefecture's own parts.
    if wanted(&year.packet.prefecture) {
        let layout = FormLayout::prefecture(year);
        made.push((prefecture_file(&year.packet.prefecture), workbook(&layout, &Answers::Prefecture(year))?));
    }
    if let (Some(name), true) = (only, made.is_empty()) {
        return Err(Error::NoSuchUnit(name.to_string()));
    }
    Ok(made)
}
