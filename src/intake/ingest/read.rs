//! Reading a workbook safely: look before calamine parses, then take its
//! cells sparsely.
//!
//! calamine builds a dense grid from a sheet's first to its last used cell,
//! and reserves memory by counts the file declares; a hostile file can make
//! it ask for terabytes (an allocation failure aborts the process, which no
//! `catch_unwind` stops). So before calamine sees the bytes:
//! - the kind is sniffed from the content (zip or OLE2), not the extension;
//! - a zip (`.xlsx`, `.xlsm`, `.ods`) is decompressed entry by entry with a
//!   cap on each and on the total (a zip bomb is refused whatever its central
//!   directory claims), the shared-string count is checked against its size,
//!   and an `.ods` content is scanned for the grid its repeated rows and columns span;
//! - an OLE2 file is a password-protected workbook (`EncryptedPackage`) or an
//!   `.xls`, whose BIFF records are scanned for the grid calamine would allocate.
//!
//! Then calamine opens the very bytes that were checked
//! (`open_workbook_auto_from_rs`, one code path for every format). `.xlsx`
//! sheets are streamed cell by cell (never a dense grid), with limits on rows,
//! cells and text length; other formats are read as calamine's ranges, already
//! bounded by the checks.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, SheetVisible, Sheets};

use super::cfb;

/// Largest workbook file read at all.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest decompressed zip entry, and all entries together.
pub const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Zip entries: a form has a few dozen; more is not a form (a 2,000-sheet
/// workbook has some 4,000), refused by name rather than as a bomb.
pub const MAX_ENTRIES: usize = 10_000;
/// Sheets: the form has a handful, an officer's memo sheet or two is a
/// warning (ignored cells); more is not a form, and refused before calamine
/// spends seconds and a gigabyte reading them.
pub const MAX_SHEETS: usize = 64;
/// Largest grid (rows × columns) a dense reader may build for one sheet.
pub const MAX_GRID: u64 = 1_000_000;
/// Non-empty cells and the last row (1-based) a sheet may have.
pub const MAX_CELLS: usize = 20_000;
pub const MAX_ROWS: u32 = 10_000;
pub const MAX_COLS: u16 = 256;
/// Characters in one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The text a workbook may hold in all, in UTF-8 bytes: far beyond any form (the
/// packet's page limit is reached first), and what bounds the memory of a workbook
/// whose cells all point at one long shared string (each cell a copy of it).
pub const MAX_BOOK_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// A cell's value, as the sheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text; cells that point at one shared string share one copy of it.
    Text(Arc<str>),
    Number(f64),
    Bool(bool),
    /// A date-formatted number, as `YYYY-MM-DD` (with ` HH:MM` when it has a time).
    Date(String),
    /// A formula error such as `#REF!`.
    Error(String),
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    /// Non-empty cells by (row, column), 0-based.
    pub cells: BTreeMap<(u32, u16), Value>,
    /// Merged ranges: (first row, first col, last row, last col).
    pub merges: Vec<(u32, u16, u32, u16)>,
}

#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    /// The workbook's own modification time (document properties), when it has one.
    pub modified: Option<String>,
}

impl Book {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Why a workbook is not read.
#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    NotSpreadsheet,
    /// Damaged or truncated; the detail is the reader's own words.
    Corrupt(String),
    TooLarge { bytes: u64, limit: u64 },
    /// Decompresses to more than the caps.
    Bomb { limit_mb: u64 },
    Encrypted,
    /// `.xlsb` content (whatever the name): calamine's binary reader has no size checks here.
    Xlsb,
    /// More zip entries than [`MAX_ENTRIES`]: not a form.
    TooManyEntries { entries: usize, limit: usize },
    /// More sheets than [`MAX_SHEETS`]: not a form.
    TooManySheets { sheets: usize, limit: usize },
    /// A sheet spans more than the grid a form can have.
    TooBig { sheet: String },
    TooManyRows { sheet: String, cell: String, limit: u32 },
    TooManyCells { sheet: String, limit: usize },
    CellTooLong { sheet: String, cell: String, chars: usize, limit: usize },
    /// More text in all than [`MAX_BOOK_TEXT_BYTES`] (many cells sharing one long string).
    TooMuchText { sheet: String, limit_mb: u64 },
}

/// Merged ranges by sheet name: (first row, first col, last row, last col).
type Merges = BTreeMap<String, Vec<(u32, u16, u32, u16)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ods,
    Xls,
}

/// What the zip check found worth keeping.
#[derive(Default)]
struct ZipFacts {
    names: Vec<String>,
    mimetype: String,
    content: Vec<u8>,
    /// `xl/workbook.xml`, whose `<sheet>` elements are the sheets calamine reads.
    workbook: Vec<u8>,
    manifest: String,
}

/// Reads a workbook's bytes into sparse sheets, or says why not.
pub fn read(bytes: &[u8]) -> Result<Book, Refusal> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge { bytes: bytes.len() as u64, limit: MAX_FILE_BYTES });
    }
    let mut ods_merges = Merges::new();
    let kind = if bytes.starts_with(b"PK") {
        let facts = check_zip(bytes)?;
        let has = |n: &str| facts.names.iter().any(|x| x == n);
        if has("xl/workbook.xml") {
            sheets_at_most(count_elements(&facts.workbook, "sheet"))?;
            Kind::Xlsx
        } else if has("xl/workbook.bin") {
            return Err(Refusal::Xlsb);
        } else if has("content.xml") || facts.mimetype.contains("opendocument.spreadsheet") {
            if facts.manifest.contains("encryption-data") {
                return Err(Refusal::Encrypted);
            }
            if !facts.mimetype.contains("opendocument.spreadsheet") {
                return Err(Refusal::NotSpreadsheet);
            }
            ods_merges = scan_ods(&facts.content)?;
            Kind::Ods
        } else {
            return Err(Refusal::NotSpreadsheet);
        }
    } else if cfb::is_cfb(bytes) {
        let c = cfb::Cfb::parse(bytes)
            .filter(cfb::Cfb::safe_for_calamine)
            .ok_or_else(|| Refusal::Corrupt("compound file".into()))?;
        if c.has("EncryptedPackage") || c.has("EncryptionInfo") {
            return Err(Refusal::Encrypted);
        }
        let stream = c.stream("Workbook").or_else(|| c.stream("Book")).ok_or(Refusal::NotSpreadsheet)?;
        sheets_at_most(cfb::biff_sheet_count(&stream).ok_or_else(|| Refusal::Corrupt("BIFF records".into()))?)?;
        match cfb::biff_largest_grid(&stream) {
            None => return Err(Refusal::Corrupt("BIFF records".into())),
            Some(n) if n > MAX_GRID => return Err(Refusal::TooBig { sheet: String::new() }),
            Some(_) => {}
        }
        Kind::Xls
    } else {
        return Err(Refusal::NotSpreadsheet);
    };
    if !matches!(kind, Kind::Xls) {
        return cells(bytes, ods_merges);
    }
    // calamine's BIFF record parsers index record data without checking its
    // length (the fuzzer keeps finding new ones: ExternSheet, Lbl, …). The
    // checks above rule out what costs memory or time; a record too short
    // for calamine is a damaged file, and its panic is refused as one. The
    // panic message itself is silenced by `quiet_reader_panics`.
    GUARDED.set(true);
    let outcome = std::panic::catch_unwind(|| cells(bytes, ods_merges));
    GUARDED.set(false);
    outcome.unwrap_or_else(|_| Err(Refusal::Corrupt("BIFF records".into())))
}

thread_local! {
    /// Set while this thread reads an `.xls` inside [`read`]'s guard.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic now would be raised inside [`read`]'s guard of calamine's
/// `.xls` reader, and become a refusal rather than a crash.
pub fn in_xls_guard() -> bool {
    GUARDED.get()
}

/// Silences the panic message of a panic raised inside calamine's `.xls`
/// reader (refused by [`read`] as a damaged file); every other panic is
/// reported as before. Called once by the binary.
pub fn quiet_reader_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_xls_guard() {
            previous(info);
        }
    }));
}

/// The sheets' cells, by calamine, once the bytes passed the checks.
fn cells(bytes: &[u8], mut ods_merges: Merges) -> Result<Book, Refusal> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| match e {
        calamine::Error::Xls(calamine::XlsError::Password) => Refusal::Encrypted,
        e => Refusal::Corrupt(e.to_string()),
    })?;
    let modified = wb.workbook_properties().ok().and_then(|p| p.modified).filter(|m| !m.trim().is_empty());
    let metas: Vec<(String, bool)> =
        wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect();
    let mut book = Book { sheets: Vec::new(), modified };
    let mut text: u64 = 0;
    // Shared strings by their place in calamine's table: each copied once, however many cells point at it.
    let mut shared: HashMap<(usize, usize), Arc<str>> = HashMap::new();
    for (name, visible) in metas {
        let mut sheet = Sheet { name: name.clone(), visible, ..Sheet::default() };
        match &mut wb {
            Sheets::Xlsx(x) => {
                if let Ok(merges) = x.merge_cells_by_sheet_name(&name) {
                    sheet.merges = merges.iter().map(dims).collect();
                }
                match x.worksheet_cells_reader(&name) {
                    Ok(mut cells) => loop {
                        match cells.next_cell() {
                            Ok(Some(cell)) => {
                                let (r, c) = cell.get_position();
                                if let Some((v, fresh)) = from_ref(cell.get_value(), &mut shared) {
                                    put(&mut sheet, r, c, v, fresh, &mut text)?;
                                }
                            }
                            Ok(None) => break,
                            Err(e) => return Err(Refusal::Corrupt(e.to_string())),
                        }
                    },
                    // a chart sheet or dialog sheet: no cells
                    Err(calamine::XlsxError::NotAWorksheet(_)) => {}
                    Err(e) => return Err(Refusal::Corrupt(e.to_string())),
                }
            }
            other => {
                if let Sheets::Xls(x) = other
                    && let Ok(merges) = x.merge_cells_by_sheet_name(&name)
                {
                    sheet.merges = merges.iter().map(dims).collect();
                }
                if let Some(m) = ods_merges.remove(&name) {
                    sheet.merges = m;
                }
                let range = other.worksheet_range(&name).map_err(|e| Refusal::Corrupt(e.to_string()))?;
                for (r, c, v) in range.used_cells() {
                    let (r, c) = (range.start().unwrap_or((0, 0)).0 + r as u32, range.start().unwrap_or((0, 0)).1 + c as u32);
                    if let Some(v) = from_data(v) {
                        put(&mut sheet, r, c, v, true, &mut text)?;
                    }
                }
            }
        }
        book.sheets.push(sheet);
    }
    Ok(book)
}

fn dims(d: &calamine::Dimensions) -> (u32, u16, u32, u16) {
    let col = |c: u32| u16::try_from(c).unwrap_or(u16::MAX);
    (d.start.0, col(d.start.1), d.end.0, col(d.end.1))
}

/// Adds a cell, enforcing the limits. A text not `fresh` is a shared string already
/// counted and checked: the workbook's text is what it holds, not what its cells repeat.
fn put(sheet: &mut Sheet, r: u32, c: u32, v: Value, fresh: bool, text: &mut u64) -> Result<(), Refusal> {
    let cell = || crate::intake::cell::a1(r, u16::try_from(c).unwrap_or(u16::MAX));
    if r >= MAX_ROWS || c >= u32::from(MAX_COLS) {
        return Err(Refusal::TooManyRows { sheet: sheet.name.clone(), cell: cell(), limit: MAX_ROWS });
    }
    if let Value::Text(t) = &v
        && fresh
    {
        *text += t.len() as u64;
        if *text > MAX_BOOK_TEXT_BYTES {
            return Err(Refusal::TooMuchText { sheet: sheet.name.clone(), limit_mb: MAX_BOOK_TEXT_BYTES >> 20 });
        }
        // bytes bound chars from above: count only when it could matter
        if t.len() > MAX_CELL_CHARS {
            let chars = t.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(Refusal::CellTooLong { sheet: sheet.name.clone(), cell: cell(), chars, limit: MAX_CELL_CHARS });
            }
        }
    }
    if sheet.cells.len() >= MAX_CELLS {
        return Err(Refusal::TooManyCells { sheet: sheet.name.clone(), limit: MAX_CELLS });
    }
    sheet.cells.insert((r, c as u16), v);
    Ok(())
}

fn date(dt: &calamine::ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if dt.as_f64() < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
    }
}

/// A cell's value, and whether its text is a new copy (a shared string seen before is not:
/// its cell refers to the one copy in `shared`).
fn from_ref(d: &DataRef, shared: &mut HashMap<(usize, usize), Arc<str>>) -> Option<(Value, bool)> {
    if let DataRef::SharedString(s) = d {
        let key = (s.as_ptr() as usize, s.len());
        let fresh = !shared.contains_key(&key);
        let text = shared.entry(key).or_insert_with(|| Arc::from(*s)).clone();
        return Some((Value::Text(text), fresh));
    }
    Some((
        match d {
            DataRef::Int(i) => Value::Number(*i as f64),
            DataRef::Float(f) => Value::Number(*f),
            DataRef::String(s) => Value::Text(Arc::from(s.as_str())),
            DataRef::SharedString(_) => return None,
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => Value::Date(date(dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
            DataRef::Error(e) => Value::Error(e.to_string()),
            DataRef::Empty => return None,
        },
        true,
    ))
}

fn from_data(d: &Data) -> Option<Value> {
    Some(match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(Arc::from(s.as_str())),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => Value::Date(date(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => return None,
    })
}

/// Decompresses every entry with caps; keeps what the later checks need.
fn check_zip(bytes: &[u8]) -> Result<ZipFacts, Refusal> {
    let corrupt = |e: zip::result::ZipError| Refusal::Corrupt(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    if zip.len() > MAX_ENTRIES {
        return Err(Refusal::TooManyEntries { entries: zip.len(), limit: MAX_ENTRIES });
    }
    let mut facts = ZipFacts::default();
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let (name, encrypted, declared) = {
            let f = zip.by_index_raw(i).map_err(corrupt)?;
            (f.name().map(|n| n.to_string()).unwrap_or_default(), f.encrypted(), f.size())
        };
        if encrypted {
            return Err(Refusal::Encrypted);
        }
        if declared > MAX_ENTRY_BYTES || total.saturating_add(declared) > MAX_TOTAL_BYTES {
            return Err(Refusal::Bomb { limit_mb: MAX_TOTAL_BYTES >> 20 });
        }
        let keep = matches!(
            name.as_str(),
            "mimetype" | "content.xml" | "META-INF/manifest.xml" | "xl/sharedStrings.xml" | "xl/workbook.xml"
        );
        let mut kept = Vec::new();
        let mut f = zip.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m) if m == zip::result::ZipError::PASSWORD_REQUIRED => {
                Refusal::Encrypted
            }
            e => Refusal::Corrupt(e.to_string()),
        })?;
        let mut size = 0u64;
        loop {
            let n = f.read(&mut buf).map_err(|e| {
                // an entry inflating past the size its headers declare is a bomb, not damage
                if e.to_string().contains("declared") {
                    Refusal::Bomb { limit_mb: MAX_TOTAL_BYTES >> 20 }
                } else {
                    Refusal::Corrupt(e.to_string())
                }
            })?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES {
                return Err(Refusal::Bomb { limit_mb: MAX_TOTAL_BYTES >> 20 });
            }
            if keep {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        match name.as_str() {
            "mimetype" => facts.mimetype = String::from_utf8_lossy(&kept).into_owned(),
            "content.xml" => facts.content = kept,
            "META-INF/manifest.xml" => facts.manifest = String::from_utf8_lossy(&kept).into_owned(),
            "xl/workbook.xml" => facts.workbook = kept,
            "xl/sharedStrings.xml" => {
                // calamine reserves uniqueCount strings up front: it must fit the entry's size.
                let head = String::from_utf8_lossy(&kept[..kept.len().min(4096)]).into_owned();
                if let Some(n) = attr_number(&head, "uniqueCount")
                    && n > (kept.len() as u64) / 4 + 16
                {
                    return Err(Refusal::Bomb { limit_mb: MAX_TOTAL_BYTES >> 20 });
                }
            }
            _ => {}
        }
        facts.names.push(name);
    }
    Ok(facts)
}

/// Refuses more than [`MAX_SHEETS`] sheets.
fn sheets_at_most(sheets: usize) -> Result<(), Refusal> {
    if sheets > MAX_SHEETS {
        return Err(Refusal::TooManySheets { sheets, limit: MAX_SHEETS });
    }
    Ok(())
}

/// How many elements of that local name (any prefix) an XML text has; a
/// damaged text counts what came before the damage (calamine will refuse it).
fn count_elements(xml: &[u8], local: &str) -> usize {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => n += 1,
            Ok(Event::Eof) | Err(_) => return n,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The number in `name="123"` within `text`.
fn attr_number(text: &str, name: &str) -> Option<u64> {
    let at = text.find(&format!("{name}=\""))? + name.len() + 2;
    let end = at + text[at..].find('"')?;
    text[at..end].trim().parse().ok().or(Some(u64::MAX))
}

/// Scans an `.ods` content for each table's grid (repeated rows and columns
/// counted as calamine expands them) and its merged cells.
fn scan_ods(content: &[u8]) -> Result<Merges, Refusal> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut scan = OdsScan { row_repeat: 1, ..OdsScan::default() };
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| Refusal::Corrupt(e.to_string()))?;
        match ev {
            Event::Eof => break,
            Event::Start(ref e) => scan.start(e, false)?,
            Event::Empty(ref e) => scan.start(e, true)?,
            Event::Text(_) => scan.has_text(),
            Event::End(ref e) => scan.end(e.name().as_ref()),
            _ => {}
        }
        buf.clear();
    }
    scan.finish_table()?;
    sheets_at_most(scan.tables)?;
    Ok(scan.merges)
}

/// Where an `.ods` scan is: the table, row and column, and each table's extent so far.
#[derive(Default)]
struct OdsScan {
    merges: Merges,
    tables: usize,
    table: String,
    row: u64,
    col: u64,
    row_repeat: u64,
    /// The open cell: its column, columns repeated, whether it holds a value.
    cell: Option<(u64, u64, bool)>,
    max_row: u64,
    max_col: u64,
    any: bool,
}

/// An attribute's number (a repeat or a span): 1 when absent or not a number.
fn ods_num(e: &quick_xml::events::BytesStart, key: &str) -> u64 {
    e.try_get_attribute(key).ok().flatten().and_then(|a| a.value.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

impl OdsScan {
    fn start(&mut self, e: &quick_xml::events::BytesStart, empty: bool) -> Result<(), Refusal> {
        match e.name().as_ref() {
            "table:table" => {
                self.tables += 1;
                self.finish_table()?;
                (self.max_row, self.max_col, self.any, self.row, self.col) = (0, 0, false, 0, 0);
                let name = e.try_get_attribute("table:name").ok().flatten();
                self.table = name.and_then(|a| quick_xml::escape::unescape(&a.value).ok().map(|v| v.into_owned())).unwrap_or_default();
            }
            "table:table-row" => {
                self.row_repeat = ods_num(e, "table:number-rows-repeated");
                self.col = 0;
                if empty {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => self.cell(e, empty),
            "text:p" | "text:span" | "text:s" | "text:line-break" => self.has_text(),
            _ => {}
        }
        Ok(())
    }

    /// A cell opens (or is whole, when empty): its merge noted, its extent when it holds a value.
    fn cell(&mut self, e: &quick_xml::events::BytesStart, empty: bool) {
        let repeat = ods_num(e, "table:number-columns-repeated");
        let has_value = e.try_get_attribute("office:value-type").ok().flatten().is_some();
        let (rs, cs) = (ods_num(e, "table:number-rows-spanned"), ods_num(e, "table:number-columns-spanned"));
        if rs > 1 || cs > 1 {
            let to = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
            let toc = |x: u64| u16::try_from(x).unwrap_or(u16::MAX);
            let (r, c) = (self.row, self.col);
            let merge = (to(r), toc(c), to(r.saturating_add(rs - 1)), toc(c.saturating_add(cs - 1)));
            self.merges.entry(self.table.clone()).or_default().push(merge);
        }
        if !empty {
            self.cell = Some((self.col, repeat, has_value));
            return;
        }
        if has_value {
            self.note(self.col, repeat);
        }
        self.col = self.col.saturating_add(repeat);
    }

    fn has_text(&mut self) {
        if let Some(c) = self.cell.as_mut() {
            c.2 = true;
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some((c, repeat, value)) = self.cell.take() {
                    if value {
                        self.note(c, repeat);
                    }
                    self.col = c.saturating_add(repeat);
                }
            }
            "table:table-row" => {
                self.row = self.row.saturating_add(self.row_repeat);
                self.row_repeat = 1;
            }
            _ => {}
        }
    }

    /// A value at the current row (repeated) and column `col` (repeated `cols` times).
    fn note(&mut self, col: u64, cols: u64) {
        self.any = true;
        self.max_row = self.max_row.max(self.row.saturating_add(self.row_repeat - 1));
        self.max_col = self.max_col.max(col.saturating_add(cols - 1));
    }

    /// The table just read is refused when its grid is beyond what a form can have.
    fn finish_table(&self) -> Result<(), Refusal> {
        if self.any && (self.max_row + 1).saturating_mul(self.max_col + 1) > MAX_GRID {
            return Err(Refusal::TooBig { sheet: String::new() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_spreadsheet() {
        assert_eq!(read(b"%PDF-1.4 hello").unwrap_err(), Refusal::NotSpreadsheet);
        assert_eq!(read(b"").unwrap_err(), Refusal::NotSpreadsheet);
        assert!(matches!(read(b"PK\x03\x04truncated").unwrap_err(), Refusal::Corrupt(_)));
    }

    #[test]
    fn ods_grid_is_measured() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">
            <table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell>
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        assert!(matches!(scan_ods(xml), Err(Refusal::TooBig { .. })));
        let ok = br#"<table:table table:name="S">
            <table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        let merges = scan_ods(ok).unwrap();
        assert_eq!(merges["S"], vec![(0, 0, 0, 1)]);
    }
}
