//! The TOML store: one directory per fiscal year, a few files a person can
//! read and diff.
//!
//! ```text
//! inputs/2018/
//!   packet.toml       the meeting, fiscal year, form deadline and contact
//!   schedule.toml     page 1
//!   programmes.toml   pages 2–3
//!   blocks.toml       page pairs, their columns, ○ summaries and ※ notes
//!   contacts.toml     optional: the answering offices' contacts (never printed)
//!   units/*.toml      one per submitting unit (municipality or union)
//!   centres/*.toml    one per wide-area centre (広域)
//! ```
//!
//! Writing is canonical (the model's field order, `toml`'s string style,
//! one trailing newline), so read → write changes no byte of a canonical year.

pub mod files;
pub mod guard;
pub mod journal;
pub mod ledger;
pub mod lock;
pub mod new_year;
pub mod open;
pub mod sample;

pub use open::{Note, Opened, open};

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Encoding, Error, Result};
use crate::model::survey::SCHEMA;
use crate::model::contacts::Contacts;
use crate::model::{Blocks, Centre, Packet, Programmes, Schedule, Survey, Unit, Year, legacy};

pub use crate::model::file::{BLOCKS, CENTRES, CONTACTS, PACKET, PROGRAMMES, SCHEDULE, SURVEY, UNITS};
/// The workbooks kept under `received/` and read by `ingest` (lower case).
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Reads a year directory. Validation is separate: see [`crate::model::validate`].
/// The year before `dir`'s: a folder beside it holding the same survey for the fiscal year before
/// (how `new-year` lays the years out: `inputs/2018`, `inputs/2019`). None when there is none.
pub fn previous_year(dir: &Path) -> Option<PathBuf> {
    let year = load(dir).ok()?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut beside: Vec<PathBuf> = std::fs::read_dir(parent).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    beside.sort();
    beside.into_iter().filter(|p| p.join(PACKET).is_file()).find(|p| {
        load(p).is_ok_and(|y| y.packet.fiscal_year == year.packet.fiscal_year - 1 && y.survey.key == year.survey.key)
    })
}

pub fn load(dir: &Path) -> Result<Year> {
    if !dir.is_dir() {
        return Err(Error::NoYear(dir.to_path_buf()));
    }
    let survey = read_survey(dir)?;
    let packet = read::<Packet>(&dir.join(PACKET))?;
    if packet.schema > SCHEMA {
        return Err(Error::NewerData { path: dir.join(PACKET), schema: packet.schema });
    }
    let units = read_all(dir, UNITS, |text, path| parse_unit(text, path, &survey), |u: &mut Unit, f| u.source = f)?;
    let centres =
        read_all(dir, CENTRES, |text, path| parse_centre(text, path, &survey), |c: &mut Centre, f| c.source = f)?;
    Ok(Year {
        packet,
        schedule: read::<Schedule>(&dir.join(SCHEDULE))?,
        programmes: read::<Programmes>(&dir.join(PROGRAMMES))?,
        blocks: read::<Blocks>(&dir.join(BLOCKS))?,
        survey,
        units,
        centres,
        contacts: read_contacts(dir)?,
    })
}

/// The year's `contacts.toml`, empty when the file does not exist.
fn read_contacts(dir: &Path) -> Result<Contacts> {
    let path = dir.join(CONTACTS);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Contacts::default()),
        Ok(m) if m.file_type().is_symlink() => Err(Error::Symlink(path)),
        _ => read(&path),
    }
}

/// The year's `survey.toml`; a year written before it existed asks the legacy survey.
fn read_survey(dir: &Path) -> Result<Survey> {
    let path = dir.join(SURVEY);
    if !path.exists() {
        return Ok(Survey::legacy());
    }
    let survey: Survey = read(&path)?;
    if survey.schema > SCHEMA {
        return Err(Error::NewerData { path, schema: survey.schema });
    }
    Ok(survey)
}

/// A unit file's text: today's form, else a file of data schema 1 upgraded ([`legacy`]).
pub fn parse_unit(text: &str, path: &Path, survey: &Survey) -> Result<Unit> {
    parse::<Unit>(text, path).or_else(|first| {
        let Ok(table) = toml::from_str::<toml::Table>(text) else { return Err(first) };
        toml::Value::Table(legacy::unit(table, survey)).try_into().map_err(|_| first)
    })
}

/// A centre file's text, as [`parse_unit`].
pub fn parse_centre(text: &str, path: &Path, survey: &Survey) -> Result<Centre> {
    parse::<Centre>(text, path).or_else(|first| {
        let Ok(table) = toml::from_str::<toml::Table>(text) else { return Err(first) };
        toml::Value::Table(legacy::centre(table, survey)).try_into().map_err(|_| first)
    })
}

/// Writes a year directory in canonical form, each file atomically.
/// Unit and centre files are named after the unit or centre.
/// `contacts.toml` alone written again (confirmed or edited on the page), in canonical form.
pub fn save_contacts(contacts: &crate::model::contacts::Contacts, dir: &Path) -> Result<()> {
    write(&dir.join(CONTACTS), contacts)
}

/// `packet.toml` alone written again (a deadline extended on the page), in canonical form.
pub fn save_packet(packet: &Packet, dir: &Path) -> Result<()> {
    write(&dir.join(PACKET), &Packet { schema: SCHEMA, ..packet.clone() })
}

pub fn save(year: &Year, dir: &Path) -> Result<()> {
    for sub in [UNITS, CENTRES] {
        let d = dir.join(sub);
        files::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
    }
    write(&dir.join(SURVEY), &year.survey)?;
    let packet = Packet { schema: SCHEMA, ..year.packet.clone() };
    write(&dir.join(PACKET), &packet)?;
    write(&dir.join(SCHEDULE), &year.schedule)?;
    write(&dir.join(PROGRAMMES), &year.programmes)?;
    write(&dir.join(BLOCKS), &year.blocks)?;
    // Optional: written when there are contacts, never removed here.
    if !year.contacts.is_empty() {
        write(&dir.join(CONTACTS), &year.contacts)?;
    }
    for unit in &year.units {
        write(&dir.join(source_or(&unit.source, UNITS, &unit.name)), unit)?;
    }
    for centre in &year.centres {
        write(&dir.join(source_or(&centre.source, CENTRES, &centre.name)), centre)?;
    }
    Ok(())
}

/// Where a unit or centre is written: back to the file it came from, else a
/// file named after it.
fn source_or(source: &str, sub: &str, name: &str) -> PathBuf {
    let from = Path::new(source);
    match from.file_name() {
        Some(f) if from.parent() == Some(Path::new(sub)) => Path::new(sub).join(f),
        _ => Path::new(sub).join(file_name(name)),
    }
}

/// The longest stem [`safe_stem`] returns, in bytes (UTF-8): room for an extension within 255.
pub const MAX_STEM_BYTES: usize = 200;

/// The file name of a unit or centre: [`safe_stem`] and `.toml`.
pub fn file_name(name: &str) -> String {
    format!("{}.toml", safe_stem(name))
}

/// A name made safe as a file name's stem: characters that could escape the
/// directory or trouble a file system replaced, Windows' reserved names prefixed.
pub fn safe_stem(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\0' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let mut safe = safe.trim_matches(|c: char| c == '.' || c.is_whitespace());
    // File systems cap a name at 255 bytes: keep the stem well under, whole characters only.
    if safe.len() > MAX_STEM_BYTES {
        let cut = (0..=MAX_STEM_BYTES).rev().find(|&i| safe.is_char_boundary(i)).unwrap_or(0);
        safe = safe[..cut].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    }
    // Windows reserves these names whatever the extension.
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
        "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if safe.is_empty() {
        "_".into()
    } else if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(safe)) {
        format!("_{safe}")
    } else {
        safe.into()
    }
}

/// The canonical text of a value.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String> {
    let text = toml::to_string_pretty(value)
        .map_err(|e| Error::Toml { path: PathBuf::new(), message: e.to_string() })?;
    let mut text = inline_inner_arrays(text);
    while text.ends_with("\n\n") {
        text.pop();
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// `toml`'s pretty printer spreads an array inside a multi-line array over
/// several lines without indenting them (a paired table's rows of two or more
/// columns: `[` / `"対応策",` / `"実施時期",` / `],` all at one depth; one such
/// row alone as `rows = [[` … `]]`). Such an inner array of one-line strings is
/// written on one line instead, `    ["対応策", "令和６年度"],` or
/// `rows = [["対応策", "令和６年度"]]`; the text is kept as printed when the
/// result would not read back as the same document.
fn inline_inner_arrays(text: String) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let one_line_string = |v: &str| {
        let quoted = |q: char| v.len() >= 2 && v.starts_with(q) && v.ends_with(q) && !v.starts_with(&q.to_string().repeat(3));
        quoted('"') || quoted('\'')
    };
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        // An inner array of a multi-line array, or the only element of an array.
        let close = match lines[i] {
            "    [" => Some("],"),
            l if l.ends_with(" = [[") => Some("]]"),
            _ => None,
        };
        if let Some(close) = close {
            let mut items = Vec::new();
            let mut end = None;
            for (j, l) in lines.iter().enumerate().skip(i + 1) {
                if *l == close {
                    end = Some(j);
                    break;
                }
                match l.strip_prefix("    ").and_then(|v| v.strip_suffix(',')) {
                    Some(v) if one_line_string(v) => items.push(v),
                    _ => break,
                }
            }
            if let Some(j) = end.filter(|_| !items.is_empty()) {
                out.push(format!("{}{}{close}", lines[i], items.join(", ")));
                i = j + 1;
                continue;
            }
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    if out.len() == lines.len() {
        return text;
    }
    let joined = out.join("\n");
    let same = matches!((text.parse::<toml::Table>(), joined.parse::<toml::Table>()), (Ok(a), Ok(b)) if a == b);
    if same { joined } else { text }
}

fn read<T: DeserializeOwned>(path: &Path) -> Result<T> {
    parse(decode(&read_bytes(path)?, path)?, path)
}

/// A file's bytes, refused when larger than any year needs.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let limit = crate::model::limits::MAX_FILE_BYTES;
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        // A pipe or a device named like a year's file: never opened (reading could wait for ever).
        return Err(Error::io(path, std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file")));
    }
    let size = meta.len();
    if size > limit {
        return Err(Error::FileTooLarge { path: path.to_path_buf(), bytes: size, limit });
    }
    fs::read(path).map_err(|e| Error::io(path, e))
}

/// A file's bytes as UTF-8 text, a byte-order mark dropped; other encodings
/// are refused, named where they can be told (a clerk's editor saving
/// Shift_JIS or UTF-16 is the usual cause).
pub fn decode<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|_| Error::NotUtf8 { path: path.to_path_buf(), encoding: encoding(bytes) })
}

/// What a text that is not UTF-8 was likely saved as.
fn encoding(bytes: &[u8]) -> Option<Encoding> {
    let utf16_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    // UTF-16 text has a NUL beside every ASCII character; TOML text never has one.
    if utf16_bom || bytes.contains(&0) {
        return Some(Encoding::Utf16);
    }
    let (_, _, errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    (!errors).then_some(Encoding::ShiftJis)
}

/// One file's text as a value; `path` names it in the error.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    toml::from_str(text).map_err(|e| Error::Toml { path: path.to_path_buf(), message: e.to_string() })
}

/// Every `*.toml` of a sub-directory, in file-name order (a missing directory
/// is empty); `note` records each value's file, relative to the year.
fn read_all<T>(
    year: &Path,
    sub: &str,
    parse: impl Fn(&str, &Path) -> Result<T>,
    note: impl Fn(&mut T, String),
) -> Result<Vec<T>> {
    let dir = year.join(sub);
    let mut paths = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            // Only files (and links, refused below): a pipe named `x.toml` is a stray, named, never opened.
            .filter(|p| fs::symlink_metadata(p).is_ok_and(|m| m.is_file() || m.file_type().is_symlink()))
            .collect::<Vec<_>>(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    paths.sort();
    // A unit's file is a file of the year, not a link to somewhere else.
    if let Some(link) = paths.iter().find(|p| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())) {
        return Err(Error::Symlink(link.clone()));
    }
    paths
        .iter()
        .map(|p| {
            let mut value = parse(decode(&read_bytes(p)?, p)?, p)?;
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            note(&mut value, format!("{sub}/{name}"));
            Ok(value)
        })
        .collect()
}

fn write<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = to_canonical(value).map_err(|e| match e {
        Error::Toml { message, .. } => Error::Toml { path: path.to_path_buf(), message },
        e => e,
    })?;
    write_atomic(path, text.as_bytes())
}

/// Writes a file so that readers see the old bytes or the new, never half
/// ([`files::write`]). Unchanged content is not rewritten.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    files::write(path, bytes).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pair;

    fn pair(rows: &[&[&str]]) -> Pair {
        Pair { first: "課題".into(), rows: rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(), shared_with: vec![] }
    }

    /// Rows of two or more columns read one row a line; one column stays as it was.
    #[test]
    fn rows_of_several_columns_are_one_line_each() {
        let text = to_canonical(&pair(&[&["対応策", "令和６年度～"], &["周知", "随時"]])).unwrap();
        assert_eq!(text, "first = \"課題\"\nrows = [\n    [\"対応策\", \"令和６年度～\"],\n    [\"周知\", \"随時\"],\n]\n");
        let text = to_canonical(&pair(&[&["取組1"], &["取組2"]])).unwrap();
        assert_eq!(text, "first = \"課題\"\nrows = [\n    [\"取組1\"],\n    [\"取組2\"],\n]\n");
        let text = to_canonical(&pair(&[&["対応策", ""]])).unwrap();
        assert_eq!(text, "first = \"課題\"\nrows = [[\"対応策\", \"\"]]\n");
    }

    /// A cell of several lines (a multi-line string) and text that looks like an array stay as printed, and read back.
    #[test]
    fn multi_line_cells_and_array_like_text_read_back() {
        for p in [
            pair(&[&["一行目\n二行目", "随時"], &["周知", "随時"]]),
            pair(&[&["a\n    [\n    \"x\",\n],\nb", "随時"], &["周知", "随時"]]),
        ] {
            let text = to_canonical(&p).unwrap();
            let again: Pair = toml::from_str(&text).unwrap();
            assert_eq!(again, p, "{text}");
            assert_eq!(to_canonical(&again).unwrap(), text, "canonical twice");
        }
    }
}
