//! What the ingest folder holds (取込フォルダの中身): every file becomes either a
//! workbook to read ([`Source`]) or a line saying why it is not read
//! ([`Skipped`]), so no returned workbook goes unnoticed.
//!
//! - Subfolders are read recursively; symlinks (to files or folders) are never
//!   followed but listed; excluded paths (the year folder, when it lies inside
//!   the ingest folder) are passed over silently.
//! - A `.zip` (how many offices send their workbooks) is opened and its
//!   workbooks become sources named `回答.zip/桑名市.xlsx`. Entry names without
//!   the UTF-8 flag are CP932, as Windows Explorer writes them. A password zip
//!   (PPAP) is opened with the passwords given (`--zip-password`).
//! - Only workbook entries are decompressed, each capped at
//!   [`read::MAX_FILE_BYTES`] whatever its header declares, and at most
//!   [`MAX_ZIP_TOTAL`] per zip: a zip bomb costs neither memory nor time.
//!
//! - A saved mail (`.eml`), a mailbox (`.mbox`) or an Outlook item (`.msg`)
//!   is opened by [`crate::intake::mail`]: each attachment is read like a file
//!   of the folder (a zipped one like a zip), named `回答.eml/桑名市.xlsx`
//!   (`受信.mbox/3件目/桑名市.xlsx`), with the mail's sender, date and subject.
//!   A mail without a workbook gets a line naming its sender and subject.
//!   A mail forwarded as an attachment (message/rfc822, Outlook's embedded
//!   item, or a `.eml`/`.msg` attached as a file) is opened in turn, and a
//!   mail file inside a zip is read as a mail (`回答.zip/転送.eml/桑名市.xlsx`):
//!   mail files opened from inside others at most [`mail::MAX_DEPTH`] deep,
//!   each within the caps of a zip entry. A mailbox without the `.mbox`
//!   extension (Thunderbird's `Inbox`) is known by its first line, `From `
//!   and a time, as mbox writes it.
//!
//! Nothing here panics on hostile input; [`gather`] fails only when the ingest
//! folder itself cannot be listed.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use zip::result::ZipError;

use super::read;
use crate::intake::mail::{self, Body, Envelope, Mail};
use crate::error::{Error, Result, Severity};

/// Workbook bytes one run holds in all, whatever they came in (files, zips, mails): a
/// run of many zips each under its own cap still cannot take more memory than this.
pub const MAX_RUN_BYTES: u64 = 256 * 1024 * 1024;

/// Workbook bytes read from one zip, all entries together.
pub const MAX_ZIP_TOTAL: u64 = 256 * 1024 * 1024;

/// One file of the ingest folder, or one entry of a zip in it.
#[derive(Debug, Clone)]
pub enum Item {
    Source(Source),
    Skipped(Skipped),
}

impl Item {
    /// The name shown to the clerk: `sub/桑名市.xlsx`, `回答.zip/桑名市.xlsx`.
    pub fn display(&self) -> &str {
        match self {
            Item::Source(s) => &s.display,
            Item::Skipped(s) => &s.display,
        }
    }
}

/// A workbook to read (提出ブック).
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the ingest folder, `/`-separated; a zip's entries below the zip's name.
    pub display: String,
    pub origin: Origin,
    /// The extension, lower case: one of [`super::EXTENSIONS`].
    pub ext: String,
    pub bytes: Vec<u8>,
    /// A file's modification time as ISO 8601 UTC (`2019-04-01T00:30:00Z`); a zip
    /// entry's as the sender's local time without a zone (`2019-04-01T09:30:00`).
    /// Information only: the sender's clock.
    pub modified: Option<String>,
    /// When it arrived here, where its container says (ISO 8601 UTC): the file's
    /// modification time in the folder, a zip entry's zip's; none for a mail's
    /// attachment (the mail's envelope says) or a file handed over as bytes.
    pub arrived: Option<String>,
}

impl Source {
    /// The file in the folder: the workbook, or the zip that holds it.
    pub fn path(&self) -> &Path {
        self.origin.path()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Folder { path: PathBuf },
    /// `entry` is the decoded name inside the zip.
    Zip { zip: PathBuf, entry: String },
    /// An attachment (or a zipped attachment's entry) of a mail in `file`.
    Mail { file: PathBuf, envelope: Box<Envelope> },
}

impl Origin {
    pub fn path(&self) -> &Path {
        match self {
            Origin::Folder { path } => path,
            Origin::Zip { zip, .. } => zip,
            Origin::Mail { file, .. } => file,
        }
    }
}

/// A file or zip entry not read, and why (取込対象外・読めないファイル).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub display: String,
    /// The file in the folder: the file itself, or the zip that holds the entry.
    pub path: PathBuf,
    pub reason: SkipReason,
}

#[derive(strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), doc = "The variants, without their data: the message catalogue lists an example of each.")]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SkipReason {
    /// Not a workbook (`.pdf`, `.docx`, `.txt`, hidden files …): 取込対象外.
    NotAWorkbook,
    /// An Office lock file (`~$…`, `.~lock…#`): the workbook may still be open.
    LockFile,
    /// `.xlsb`: to be saved again as `.xlsx`.
    Xlsb,
    /// A symlink, to a file or a folder: never followed.
    Symlink,
    /// A password zip entry none of the `tried` passwords opens (0: none given).
    EncryptedZip { tried: usize },
    /// A zip encryption or compression this build cannot read; the reader's words.
    UnsupportedZip(String),
    /// A damaged or truncated zip; the reader's words.
    BadZip(String),
    /// More entries than [`read::MAX_ENTRIES`].
    TooManyEntries { entries: usize, limit: usize },
    /// Its workbooks together would decompress to more than [`MAX_ZIP_TOTAL`].
    ZipTooLarge { bytes: u64, limit: u64 },
    /// A workbook (file or zip entry) larger than [`read::MAX_FILE_BYTES`].
    TooLarge { bytes: u64, limit: u64 },
    /// A zip inside a zip: not opened (see [`classify`]).
    NestedZip,
    /// A zip with no file in it.
    EmptyZip,
    /// The file or folder cannot be read; the system's words.
    Unreadable(String),
    /// A mail without any attachment: its sender and subject.
    MailWithoutAttachment { sender: String, subject: String },
    /// A mail whose attachments are no workbooks (a PDF …): its sender and subject.
    NoWorkbookInMail { sender: String, subject: String },
    /// A `.eml`, `.mbox` or `.msg` that is no mail; the reader's words.
    NotAMail(String),
    /// A mailbox of more mails than [`mail::MAX_MAILS`].
    TooManyMails { mails: usize, limit: usize },
    /// A mail file larger than [`mail::MAX_MAIL_BYTES`].
    MailTooLarge { bytes: u64, limit: u64 },
    /// A mail attached to a mail attached … deeper than [`mail::MAX_DEPTH`].
    MailTooDeep,
    /// Past the workbook bytes one run may hold ([`MAX_RUN_BYTES`]): not read this time.
    RunTooLarge { limit_mb: u64 },
    /// A hidden file (its name starts with `.`), or one in a hidden folder or macOS's `__MACOSX`.
    Hidden,
    /// A mail of more attachments than [`mail::MAX_ATTACHMENTS`]: how many were not read.
    TooManyAttachments { cut: usize, limit: usize },
}

impl SkipReason {
    /// Error: a submission may be in it and the clerk must act; warning: listed for completeness.
    pub fn severity(&self) -> Severity {
        match self {
            SkipReason::NotAWorkbook
            | SkipReason::Hidden
            | SkipReason::LockFile
            | SkipReason::EmptyZip
            | SkipReason::MailWithoutAttachment { .. }
            | SkipReason::NoWorkbookInMail { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// What a name says a file is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Class {
    Workbook(String),
    Zip,
    Mail(mail::Kind),
    Skip(SkipReason),
}

/// By name alone: lock files and hidden files first (`~$桑名市.xlsx` is no workbook).
fn classify(name: &str) -> Class {
    let lower = name.to_lowercase();
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return Class::Skip(SkipReason::LockFile);
    }
    if name.starts_with('.') {
        return Class::Skip(SkipReason::Hidden);
    }
    if lower == "thumbs.db" || lower == "desktop.ini" {
        return Class::Skip(SkipReason::NotAWorkbook);
    }
    let ext = match lower.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => return Class::Skip(SkipReason::NotAWorkbook),
    };
    match ext {
        "zip" => Class::Zip,
        "eml" => Class::Mail(mail::Kind::Eml),
        "mbox" => Class::Mail(mail::Kind::Mbox),
        "msg" => Class::Mail(mail::Kind::Msg),
        "xlsb" => Class::Skip(SkipReason::Xlsb),
        e if super::EXTENSIONS.contains(&e) => Class::Workbook(e.to_string()),
        _ => Class::Skip(SkipReason::NotAWorkbook),
    }
}

/// Every file under `folder`, sorted by its path relative to `folder`;
/// zips opened with `passwords` (tried in order). `exclude` (compared
/// canonically) is passed over: the year folder must never be read as input.
pub fn gather(folder: &Path, exclude: &[PathBuf], passwords: &[String]) -> Result<Vec<Item>> {
    let mut items = Vec::new();
    gather_each(folder, exclude, passwords, &mut |i| items.push(i))?;
    items.sort_by(|a, b| a.display().split('/').cmp(b.display().split('/')));
    Ok(items)
}

/// [`gather`], each item handed to `each` as soon as it is read, in the folder's order:
/// a workbook's bytes are the caller's to examine and release before the next is read.
pub fn gather_each(folder: &Path, exclude: &[PathBuf], passwords: &[String], each: &mut dyn FnMut(Item)) -> Result<()> {
    let excluded: Vec<PathBuf> = exclude.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut walk = Walk { read: 0, sources: 0, excluded, passwords, each, depth: 0 };
    if folder.is_file() {
        // a file given directly (`shiryo ingest 回答.eml`): named by its file name
        let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        walk.entry(name.clone(), folder, &name);
    } else {
        let entries = sorted_entries(folder).map_err(|e| Error::io(folder, e))?;
        walk.dir_entries(entries, "");
    }
    Ok(())
}

/// A file handed over as bytes (dropped on the page, or a kept copy chosen
/// again): its plain name, its bytes and, where known, its modification time
/// (ISO 8601 UTC). Read as [`gather`] reads a file of that name.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub modified: Option<String>,
}

/// The items of files given as bytes, in the order [`gather`] sorts a folder's.
/// Two files of one name keep both (the second shown as `2/name`): nothing is written to disk.
pub fn uploaded(files: Vec<Upload>, passwords: &[String]) -> Vec<Item> {
    let mut items = Vec::new();
    uploaded_each(files, passwords, &mut |i| items.push(i));
    items.sort_by(|a, b| a.display().split('/').cmp(b.display().split('/')));
    items
}

/// [`uploaded`], each item handed to `each` as soon as it is read.
pub fn uploaded_each(files: Vec<Upload>, passwords: &[String], each: &mut dyn FnMut(Item)) {
    let mut walk = Walk { read: 0, sources: 0, excluded: Vec::new(), passwords, each, depth: 0 };
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for u in files {
        let n = seen.entry(u.name.clone()).or_default();
        *n += 1;
        let display = if *n == 1 { u.name.clone() } else { format!("{n}/{}", u.name) };
        walk.bytes(display, u);
    }
}

/// The items of one mail file's bytes, as [`gather`] gives them for a file named
/// `name` (`.eml`, `.mbox` or `.msg`; anything else gives nothing): what the
/// fuzzer reads.
pub fn mail_items(name: &str, bytes: &[u8], passwords: &[String]) -> Vec<Item> {
    let Class::Mail(kind) = classify(name) else { return Vec::new() };
    let mut items = Vec::new();
    let mut walk = Walk { read: 0, sources: 0, excluded: Vec::new(), passwords, each: &mut |i| items.push(i), depth: 0 };
    walk.mail_file(name.to_string(), Path::new(name), kind, bytes);
    items
}

/// Where a zip was found: in the folder (arriving when its file did), or attached to a mail.
enum Within<'a> {
    Folder(Option<String>),
    Mail(&'a Origin),
}

struct Walk<'a> {
    /// Workbook bytes read so far in this run, decompressed (each handed on, then released by the caller).
    read: u64,
    /// Workbooks handed on so far.
    sources: usize,
    excluded: Vec<PathBuf>,
    passwords: &'a [String],
    each: &'a mut dyn FnMut(Item),
    /// Mail files being read that were opened from inside a zip or a mail (see [`mail::MAX_DEPTH`]).
    depth: usize,
}

impl Walk<'_> {
    /// A workbook to read, unless the run has already read [`MAX_RUN_BYTES`]: then named, not read.
    fn source(&mut self, s: Source) {
        let size = s.bytes.len() as u64;
        if self.read + size > MAX_RUN_BYTES {
            let path = s.path().to_path_buf();
            return self.skip(s.display, &path, SkipReason::RunTooLarge { limit_mb: MAX_RUN_BYTES >> 20 });
        }
        self.read += size;
        self.sources += 1;
        (self.each)(Item::Source(s));
    }

    fn skip(&mut self, display: String, path: &Path, reason: SkipReason) {
        (self.each)(Item::Skipped(Skipped { display, path: path.to_path_buf(), reason }));
    }

    fn dir_entries(&mut self, entries: Vec<(String, PathBuf)>, prefix: &str) {
        for (name, path) in entries {
            self.entry(format!("{prefix}{name}"), &path, &name);
        }
    }

    fn entry(&mut self, display: String, path: &Path, name: &str) {
        // symlink_metadata: a symlink is judged as itself, never as what it points to
        let kind = match std::fs::symlink_metadata(path) {
            Ok(m) => m.file_type(),
            Err(e) => return self.skip(display, path, SkipReason::Unreadable(e.to_string())),
        };
        if kind.is_symlink() {
            return self.skip(display, path, SkipReason::Symlink);
        }
        if path.canonicalize().is_ok_and(|c| self.excluded.contains(&c)) {
            return;
        }
        if kind.is_dir() && (name.starts_with('.') || name == "__MACOSX") {
            // .git, .Trashes, macOS's __MACOSX of an unpacked zip: a line for the folder, and one
            // for each workbook, mail or zip inside (never read), not a line per other file.
            self.skip(display.clone(), path, SkipReason::Hidden);
            self.hidden_inside(&display, path, 0);
        } else if kind.is_dir() {
            match sorted_entries(path) {
                Ok(sub) => self.dir_entries(sub, &format!("{display}/")),
                Err(e) => self.skip(display, path, SkipReason::Unreadable(e.to_string())),
            }
        } else if kind.is_file() {
            self.file(display, path, name);
        } else {
            // a pipe or device: reading it could block
            self.skip(display, path, SkipReason::NotAWorkbook);
        }
    }

    /// The workbooks, mails and zips inside a hidden folder: each named, none opened.
    fn hidden_inside(&mut self, display: &str, dir: &Path, depth: usize) {
        let Ok(entries) = sorted_entries(dir) else { return };
        for (name, path) in entries {
            let shown = format!("{display}/{name}");
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            if meta.is_dir() && depth < 8 {
                self.hidden_inside(&shown, &path, depth + 1);
            } else if meta.is_file() {
                let lower = name.to_lowercase();
                let candidate = lower.rsplit_once('.').is_some_and(|(_, e)| super::EXTENSIONS.contains(&e) || ["zip", "eml", "mbox", "msg"].contains(&e));
                if candidate {
                    self.skip(shown, &path, SkipReason::Hidden);
                }
            }
        }
    }

    fn file(&mut self, display: String, path: &Path, name: &str) {
        let class = match classify(name) {
            Class::Skip(SkipReason::NotAWorkbook) if !name.starts_with('.') && is_mailbox(path) => Class::Mail(mail::Kind::Mbox),
            class => class,
        };
        match class {
            Class::Skip(reason) => self.skip(display, path, reason),
            Class::Workbook(ext) => match read_file(path) {
                Ok((bytes, modified)) => self.source(Source {
                    display,
                    origin: Origin::Folder { path: path.to_path_buf() },
                    ext,
                    bytes,
                    arrived: modified.clone(),
                    modified,
                }),
                Err(reason) => self.skip(display, path, reason),
            },
            Class::Zip => match File::open(path) {
                Ok(f) => {
                    let arrived = f.metadata().ok().and_then(|m| m.modified().ok()).map(super::received::iso_utc);
                    self.zip(BufReader::new(f), path, &display, Within::Folder(arrived));
                }
                Err(e) => self.skip(display, path, SkipReason::Unreadable(e.to_string())),
            },
            Class::Mail(kind) => match read_capped(path, mail::MAX_MAIL_BYTES) {
                Ok(bytes) => self.mail_file(display, path, kind, &bytes),
                Err(SkipReason::TooLarge { bytes, limit }) => self.skip(display, path, SkipReason::MailTooLarge { bytes, limit }),
                Err(reason) => self.skip(display, path, reason),
            },
        }
    }

    /// A file given as bytes: as [`Walk::file`] reads one from disk.
    fn bytes(&mut self, display: String, u: Upload) {
        let path = PathBuf::from(&u.name);
        let class = match classify(&u.name) {
            Class::Skip(SkipReason::NotAWorkbook) if !u.name.starts_with('.') && looks_like_mbox(&u.bytes) => Class::Mail(mail::Kind::Mbox),
            class => class,
        };
        let size = u.bytes.len() as u64;
        match class {
            Class::Skip(reason) => self.skip(display, &path, reason),
            Class::Workbook(_) if size > read::MAX_FILE_BYTES => self.skip(display, &path, SkipReason::TooLarge { bytes: size, limit: read::MAX_FILE_BYTES }),
            Class::Workbook(ext) => self.source(Source {
                display,
                origin: Origin::Folder { path },
                ext,
                bytes: u.bytes,
                modified: u.modified,
                arrived: None,
            }),
            Class::Zip => drop(self.zip(Cursor::new(u.bytes), &path, &display, Within::Folder(None))),
            Class::Mail(_) if size > mail::MAX_MAIL_BYTES => {
                self.skip(display, &path, SkipReason::MailTooLarge { bytes: size, limit: mail::MAX_MAIL_BYTES })
            }
            Class::Mail(kind) => self.mail_file(display, &path, kind, &u.bytes),
        }
    }

    /// A zip's items: its workbooks (from the mail `within`, if it came attached to one) and the
    /// mails saved in it, read as mails; returns how many workbooks it held (read or not).
    fn zip<R: Read + Seek>(&mut self, reader: R, path: &Path, display: &str, within: Within) -> usize {
        let mut workbooks = 0;
        let passwords = self.passwords;
        // Entry by entry: each workbook handed on before the next is decompressed.
        zip_entries(reader, path, display, passwords, &mut |z| match z {
                Zipped::Item(Item::Source(s)) => {
                    workbooks += 1;
                    let (origin, arrived) = match &within {
                        Within::Mail(o) => ((*o).clone(), None),
                        Within::Folder(arrived) => (s.origin.clone(), arrived.clone()),
                    };
                    self.source(Source { origin, arrived, ..s });
                }
                Zipped::Item(skipped) => {
                    workbooks += usize::from(matches!(within, Within::Mail(_)));
                    (self.each)(skipped);
                }
                Zipped::Mail { shown, kind, bytes } => workbooks += self.inner_mail(shown, path, kind, &bytes),
        });
        workbooks
    }

    /// A mail file found inside a zip or attached as a file to a mail: read as a mail, one
    /// level deeper; too deep, a line. Returns how many workbooks it brought.
    fn inner_mail(&mut self, display: String, path: &Path, kind: mail::Kind, bytes: &[u8]) -> usize {
        if self.depth + 1 >= mail::MAX_DEPTH {
            self.skip(display, path, SkipReason::MailTooDeep);
            return 0;
        }
        let before = self.sources;
        self.depth += 1;
        self.mail_file(display, path, kind, bytes);
        self.depth -= 1;
        self.sources - before
    }

    /// A `.eml`, `.msg` or `.mbox`: each mail's attachments.
    fn mail_file(&mut self, display: String, path: &Path, kind: mail::Kind, bytes: &[u8]) {
        let read = match kind {
            mail::Kind::Eml => mail::eml(bytes).map(|m| vec![(display.clone(), m)]),
            mail::Kind::Msg => mail::msg(bytes).map(|m| vec![(display.clone(), m)]),
            mail::Kind::Mbox => match mail::mbox(bytes) {
                Ok(raws) => {
                    // one mail at a time: its attachments read, then the next
                    for (n, raw) in raws.enumerate() {
                        let shown = format!("{display}/{}件目", n + 1);
                        match mail::mbox_mail(&raw) {
                            Ok(m) => self.mail(shown, path, m),
                            Err(r) => self.skip(shown, path, refusal(r)),
                        }
                    }
                    Ok(Vec::new())
                }
                Err(r) => Err(r),
            },
        };
        match read {
            Ok(mails) => {
                for (shown, m) in mails {
                    self.mail(shown, path, m);
                }
            }
            Err(r) => self.skip(display, path, refusal(r)),
        }
    }

    /// One mail: its workbooks (zipped ones too) as sources, its other attachments
    /// listed, and a line for the mail itself when it brought no workbook.
    fn mail(&mut self, display: String, path: &Path, m: Mail) {
        let Mail { envelope, attachments, cut } = m;
        let (sender, subject) = (envelope.sender.clone(), envelope.subject.clone());
        if cut > 0 {
            // Named, and an error: a workbook may be among those not read.
            self.skip(display.clone(), path, SkipReason::TooManyAttachments { cut, limit: mail::MAX_ATTACHMENTS });
        }
        if attachments.is_empty() {
            return self.skip(display, path, SkipReason::MailWithoutAttachment { sender, subject });
        }
        let origin = Origin::Mail { file: path.to_path_buf(), envelope: Box::new(envelope) };
        let mut workbooks = 0;
        for a in attachments {
            let shown = format!("{display}/{}", a.name);
            let class = match a.body {
                Body::Mail(inner) => {
                    let before = self.sources;
                    self.mail(shown, path, *inner);
                    workbooks += self.sources - before;
                    continue;
                }
                Body::TooDeep => {
                    self.skip(shown, path, SkipReason::MailTooDeep);
                    continue;
                }
                _ => classify(&a.name),
            };
            match (class, a.body) {
                (Class::Skip(reason), _) => self.skip(shown, path, reason),
                (Class::Mail(kind), Body::Bytes(bytes)) => workbooks += self.inner_mail(shown, path, kind, &bytes),
                (Class::Mail(_), Body::TooLarge(bytes)) => {
                    self.skip(shown, path, SkipReason::MailTooLarge { bytes, limit: mail::MAX_ATTACHMENT_BYTES })
                }
                (_, Body::TooLarge(bytes)) => {
                    workbooks += 1;
                    self.skip(shown, path, SkipReason::TooLarge { bytes, limit: mail::MAX_ATTACHMENT_BYTES });
                }
                (Class::Workbook(ext), Body::Bytes(bytes)) => {
                    workbooks += 1;
                    self.source(Source { display: shown, origin: origin.clone(), ext, bytes, modified: None, arrived: None });
                }
                (Class::Zip, Body::Bytes(bytes)) => workbooks += self.zip(Cursor::new(bytes), path, &shown, Within::Mail(&origin)),
                (_, Body::Mail(_) | Body::TooDeep) => {}
            }
        }
        // Never "no workbook" when some attachments were not read.
        if workbooks == 0 && cut == 0 {
            self.skip(display, path, SkipReason::NoWorkbookInMail { sender, subject });
        }
    }
}

/// Whether a file whose name says nothing is a mailbox, as Thunderbird keeps one (`Inbox`, no
/// extension): its first line is an mbox `From ` line, a sender (`-` in Thunderbird's) and a time.
fn is_mailbox(path: &Path) -> bool {
    let mut head = [0u8; 256];
    let Ok(n) = File::open(path).and_then(|mut f| f.read(&mut head)) else { return false };
    looks_like_mbox(&head[..n])
}

/// Whether bytes open as an mbox does: `From sender date` on the first line.
fn looks_like_mbox(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let Some(rest) = first.strip_prefix(b"From ") else { return false };
    let fields: Vec<&[u8]> = rest.split(|b| b.is_ascii_whitespace()).filter(|f| !f.is_empty()).collect();
    let time = |f: &[u8]| f.len() >= 4 && f.contains(&b':') && f.iter().all(|b| b.is_ascii_digit() || *b == b':');
    fields.len() >= 3 && fields[1..].iter().any(|f| time(f))
}

fn refusal(r: mail::Refusal) -> SkipReason {
    match r {
        mail::Refusal::NotAMail(d) => SkipReason::NotAMail(d),
        mail::Refusal::TooManyMails { mails, limit } => SkipReason::TooManyMails { mails, limit },
    }
}

/// A folder's entries (name, path), by name.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((name, path));
    }
    out.sort();
    Ok(out)
}

/// A workbook file's bytes (never more than the limit) and modification time.
fn read_file(path: &Path) -> Result<(Vec<u8>, Option<String>), SkipReason> {
    read_limited(path, read::MAX_FILE_BYTES)
}

/// A file's bytes, never more than `limit`.
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, SkipReason> {
    read_limited(path, limit).map(|(bytes, _)| bytes)
}

fn read_limited(path: &Path, limit: u64) -> Result<(Vec<u8>, Option<String>), SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let file = File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.len() > limit {
        return Err(SkipReason::TooLarge { bytes: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // the file may grow between metadata and read: take, then check again
    file.take(limit + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge { bytes: bytes.len() as u64, limit });
    }
    let modified = meta.modified().ok().map(super::received::iso_utc);
    Ok((bytes, modified))
}

/// One entry of a zip, before anything is decompressed.
struct Entry {
    index: usize,
    name: String,
    symlink: bool,
    encrypted: bool,
    declared: u64,
    modified: Option<String>,
}

/// What a zip gives: an item, or a mail file saved in it (its name as shown, kind and bytes) to be read as a mail.
enum Zipped {
    Item(Item),
    Mail { shown: String, kind: mail::Kind, bytes: Vec<u8> },
}

/// The items of one zip: its workbooks read, its other entries listed (a mail saved in it listed, not opened).
#[cfg(test)]
fn zip_items<R: Read + Seek>(reader: R, path: &Path, display: &str, passwords: &[String]) -> Vec<Item> {
    let skip = |display: String| Item::Skipped(Skipped { display, path: path.to_path_buf(), reason: SkipReason::NotAWorkbook });
    let mut items = Vec::new();
    zip_entries(reader, path, display, passwords, &mut |z| {
        items.push(match z {
            Zipped::Item(i) => i,
            Zipped::Mail { shown, .. } => skip(shown),
        })
    });
    items
}

/// One zip's entries: its workbooks and mail files read (each capped as a workbook is, all
/// together at [`MAX_ZIP_TOTAL`]), its other entries listed; each handed to `each` as it is
/// read, so that a workbook is examined and released before the next is decompressed.
fn zip_entries<R: Read + Seek>(reader: R, path: &Path, display: &str, passwords: &[String], each: &mut dyn FnMut(Zipped)) {
    let skip = |display: String, reason: SkipReason| Zipped::Item(Item::Skipped(Skipped { display, path: path.to_path_buf(), reason }));
    let mut zip = match zip::ZipArchive::new(reader) {
        Ok(z) => z,
        Err(e) => return each(skip(display.to_string(), zip_error(e))),
    };
    if zip.len() > read::MAX_ENTRIES {
        let reason = SkipReason::TooManyEntries { entries: zip.len(), limit: read::MAX_ENTRIES };
        return each(skip(display.to_string(), reason));
    }
    let entries = match list_entries(&mut zip) {
        Ok(entries) => entries,
        Err(reason) => return each(skip(display.to_string(), reason)),
    };
    let classes: Vec<Class> = entries.iter().map(|e| classify(last_component(&e.name))).collect();
    let total: u64 = entries
        .iter()
        .zip(&classes)
        .filter(|(_, c)| matches!(c, Class::Workbook(_) | Class::Mail(_)))
        .map(|(e, _)| e.declared.min(read::MAX_FILE_BYTES + 1))
        .sum();
    if total > MAX_ZIP_TOTAL {
        return each(skip(display.to_string(), SkipReason::ZipTooLarge { bytes: total, limit: MAX_ZIP_TOTAL }));
    }
    if entries.is_empty() {
        return each(skip(display.to_string(), SkipReason::EmptyZip));
    }
    for (entry, class) in entries.into_iter().zip(classes) {
        let shown = format!("{display}/{}", entry.name);
        let item = match class {
            _ if entry.symlink => skip(shown, SkipReason::Symlink),
            Class::Skip(reason) => skip(shown, reason),
            // not opened: one level is what offices send, and a nested zip would
            // need its own budget and passwords; the clerk can unpack it by hand
            Class::Zip => skip(shown, SkipReason::NestedZip),
            // a mail saved inside a zip: read as a mail by the caller
            Class::Mail(kind) => match read_entry(&mut zip, &entry, passwords) {
                Ok(bytes) => Zipped::Mail { shown, kind, bytes },
                Err(reason) => skip(shown, reason),
            },
            Class::Workbook(ext) => match read_entry(&mut zip, &entry, passwords) {
                Ok(bytes) => Zipped::Item(Item::Source(Source {
                    display: shown,
                    origin: Origin::Zip { zip: path.to_path_buf(), entry: entry.name },
                    ext,
                    bytes,
                    modified: entry.modified,
                    arrived: None,
                })),
                Err(reason) => skip(shown, reason),
            },
        };
        each(item);
    }
}

fn last_component(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The zip's file entries, names decoded; folders and macOS metadata left out.
fn list_entries<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Vec<Entry>, SkipReason> {
    let mut out = Vec::new();
    for index in 0..zip.len() {
        let f = zip.by_index_raw(index).map_err(zip_error)?;
        let utf8 = f.flags().as_u16() & 0x0800 != 0;
        let name = entry_name(f.name_raw(), utf8);
        // macOS's Archive Utility adds __MACOSX/ and ._* (resource forks) and
        // .DS_Store beside the real files: the sender never saw them, so no line
        if name.ends_with('/') || is_mac_metadata(&name) || name.is_empty() {
            continue;
        }
        out.push(Entry {
            index,
            name,
            symlink: f.is_symlink(),
            encrypted: f.encrypted(),
            declared: f.size(),
            modified: f.last_modified().filter(|t| t.is_valid()).map(|t| {
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            }),
        });
    }
    Ok(out)
}

fn is_mac_metadata(name: &str) -> bool {
    let last = last_component(name);
    name.split('/').any(|c| c == "__MACOSX") || last.starts_with("._") || last == ".DS_Store"
}

/// An entry name as the clerk should see it. Without the UTF-8 flag the bytes
/// are CP932 (Windows Explorer, Lhaplus …) unless they are valid UTF-8
/// (Info-ZIP on Linux and macOS write UTF-8 without the flag; Japanese CP932
/// is practically never valid UTF-8). Decoded before `\` is read as a
/// separator: in CP932 0x5C is also the second byte of ソ, 表, 能 ….
fn entry_name(raw: &[u8], utf8: bool) -> String {
    let text: Cow<str> = if utf8 || raw.is_ascii() {
        String::from_utf8_lossy(raw)
    } else if let Ok(s) = std::str::from_utf8(raw) {
        Cow::Borrowed(s)
    } else {
        encoding_rs::SHIFT_JIS.decode_without_bom_handling(raw).0
    };
    let dir = text.ends_with('/') || text.ends_with('\\');
    let parts: Vec<String> = text
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .map(|c| c.chars().map(|ch| if ch.is_control() { '?' } else { ch }).take(255).collect())
        .collect();
    let mut name = parts.join("/");
    if dir && !name.is_empty() {
        name.push('/');
    }
    name
}

/// A workbook entry's bytes: never more than [`read::MAX_FILE_BYTES`] read.
fn read_entry<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, entry: &Entry, passwords: &[String]) -> Result<Vec<u8>, SkipReason> {
    let limit = read::MAX_FILE_BYTES;
    if entry.declared > limit {
        return Err(SkipReason::TooLarge { bytes: entry.declared, limit });
    }
    if !entry.encrypted {
        let f = zip.by_index(entry.index).map_err(zip_error)?;
        return take_all(f, entry.declared);
    }
    for password in passwords {
        for key in password_bytes(password) {
            match zip.by_index_decrypt(entry.index, &key) {
                // ZipCrypto's header check lets 1 wrong password in 256 through:
                // the CRC (or AES's MAC) at the end tells, so a failed read is a wrong password
                Ok(f) => match take_all(f, entry.declared) {
                    Ok(bytes) => return Ok(bytes),
                    Err(_) => continue,
                },
                Err(ZipError::InvalidPassword) => continue,
                Err(e) => return Err(zip_error(e)),
            }
        }
    }
    Err(SkipReason::EncryptedZip { tried: passwords.len() })
}

/// A password as UTF-8 and, when not ASCII, as CP932 too: a Japanese password
/// typed on Windows is stored in CP932 by most zip tools.
fn password_bytes(password: &str) -> Vec<Vec<u8>> {
    let mut out = vec![password.as_bytes().to_vec()];
    if !password.is_ascii() {
        let (cp932, _, unmappable) = encoding_rs::SHIFT_JIS.encode(password);
        if !unmappable {
            out.push(cp932.into_owned());
        }
    }
    out
}

/// Reads a decompressing entry to its end, stopping one byte past the limit.
fn take_all(f: impl Read, declared: u64) -> Result<Vec<u8>, SkipReason> {
    let limit = read::MAX_FILE_BYTES;
    let mut bytes = Vec::with_capacity(declared.min(limit) as usize);
    f.take(limit + 1).read_to_end(&mut bytes).map_err(|e| SkipReason::BadZip(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge { bytes: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

fn zip_error(e: ZipError) -> SkipReason {
    match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => SkipReason::EncryptedZip { tried: 0 },
        ZipError::UnsupportedArchive(m) => SkipReason::UnsupportedZip(m.to_string()),
        ZipError::CompressionMethodNotSupported(_) => SkipReason::UnsupportedZip(e.to_string()),
        e => SkipReason::BadZip(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn items_of(bytes: Vec<u8>, passwords: &[String]) -> Vec<Item> {
        zip_items(Cursor::new(bytes), Path::new("a.zip"), "a.zip", passwords)
    }

    fn reason(item: &Item) -> Option<&SkipReason> {
        match item {
            Item::Skipped(s) => Some(&s.reason),
            Item::Source(_) => None,
        }
    }

    #[test]
    fn names_by_class() {
        assert_eq!(classify("桑名市.XLSX"), Class::Workbook("xlsx".into()));
        assert_eq!(classify("~$桑名市.xlsx"), Class::Skip(SkipReason::LockFile));
        assert_eq!(classify(".~lock.桑名市.xlsx#"), Class::Skip(SkipReason::LockFile));
        assert_eq!(classify("._桑名市.xlsx"), Class::Skip(SkipReason::Hidden));
        assert_eq!(classify("Thumbs.db"), Class::Skip(SkipReason::NotAWorkbook));
        assert_eq!(classify("x.xlsb"), Class::Skip(SkipReason::Xlsb));
        assert_eq!(classify("回答.ZIP"), Class::Zip);
        assert_eq!(classify("xlsx"), Class::Skip(SkipReason::NotAWorkbook));
        assert_eq!(classify("送付状.pdf"), Class::Skip(SkipReason::NotAWorkbook));
        assert_eq!(classify("回答.EML"), Class::Mail(mail::Kind::Eml));
        assert_eq!(classify("受信.mbox"), Class::Mail(mail::Kind::Mbox));
        assert_eq!(classify("回答.msg"), Class::Mail(mail::Kind::Msg));
    }

    #[test]
    fn entry_names_decode() {
        let cp932 = encoding_rs::SHIFT_JIS.encode("表\\ソフト.xlsx").0.into_owned();
        // 表 and ソ end in 0x5C: decoded first, they stay characters
        assert_eq!(entry_name(&encoding_rs::SHIFT_JIS.encode("表ソ.xlsx").0, false), "表ソ.xlsx");
        assert_eq!(entry_name(&cp932, false), "表/ソフト.xlsx");
        assert_eq!(entry_name("桑名市.xlsx".as_bytes(), false), "桑名市.xlsx");
        assert_eq!(entry_name("桑名市.xlsx".as_bytes(), true), "桑名市.xlsx");
        assert_eq!(entry_name(b"/a/./b\n.xlsx", true), "a/b?.xlsx");
        assert_eq!(entry_name(b"dir\\", false), "dir/");
    }

    #[test]
    fn zip_entries_are_read_or_listed() {
        let bytes = zip_of(&[
            ("b/桑名市.xlsx", b"PK fake workbook"),
            ("a.txt", b"memo"),
            ("__MACOSX/b/._桑名市.xlsx", b"meta"),
            ("inner.zip", b"PK"),
        ]);
        let items = items_of(bytes, &[]);
        let shown: Vec<&str> = items.iter().map(Item::display).collect();
        assert_eq!(shown, ["a.zip/b/桑名市.xlsx", "a.zip/a.txt", "a.zip/inner.zip"]);
        let Item::Source(s) = &items[0] else { panic!("{items:?}") };
        assert_eq!(s.bytes, b"PK fake workbook");
        assert_eq!(s.origin, Origin::Zip { zip: "a.zip".into(), entry: "b/桑名市.xlsx".into() });
        assert_eq!(reason(&items[1]), Some(&SkipReason::NotAWorkbook));
        assert_eq!(reason(&items[2]), Some(&SkipReason::NestedZip));
    }

    #[test]
    fn damaged_and_empty_zips() {
        let bytes = zip_of(&[("x.xlsx", b"data")]);
        let cut = bytes[..bytes.len() / 2].to_vec();
        assert!(matches!(reason(&items_of(cut, &[])[0]), Some(SkipReason::BadZip(_))));
        assert_eq!(reason(&items_of(zip_of(&[]), &[])[0]), Some(&SkipReason::EmptyZip));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_or_while_reading() {
        let zeros = vec![0u8; (read::MAX_FILE_BYTES + 1024) as usize];
        let bytes = zip_of(&[("x.xlsx", &zeros)]);
        assert!(matches!(reason(&items_of(bytes.clone(), &[])[0]), Some(SkipReason::TooLarge { .. })));
        // The headers lie: they declare 16 bytes. Reading stops at the limit all the same.
        let mut lying = bytes;
        let mut i = 0;
        while i + 30 < lying.len() {
            match &lying[i..i + 4] {
                b"PK\x03\x04" => lying[i + 22..i + 26].copy_from_slice(&16u32.to_le_bytes()),
                b"PK\x01\x02" => lying[i + 24..i + 28].copy_from_slice(&16u32.to_le_bytes()),
                _ => {}
            }
            i += 1;
        }
        let items = items_of(lying, &[]);
        assert!(matches!(reason(&items[0]), Some(SkipReason::TooLarge { .. } | SkipReason::BadZip(_))), "{:?}", reason(&items[0]));
    }

    #[test]
    fn too_many_entries() {
        let names: Vec<String> = (0..=read::MAX_ENTRIES).map(|i| format!("{i}.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let items = items_of(zip_of(&entries), &[]);
        assert_eq!(items.len(), 1);
        assert!(matches!(reason(&items[0]), Some(SkipReason::TooManyEntries { .. })));
    }

    #[test]
    fn a_mail_attachment_is_capped_like_a_zip_entry() {
        assert_eq!(mail::MAX_ATTACHMENT_BYTES, read::MAX_FILE_BYTES);
    }

    #[test]
    fn passwords_as_typed() {
        assert_eq!(password_bytes("himitsu"), vec![b"himitsu".to_vec()]);
        assert_eq!(password_bytes("秘密").len(), 2);
    }
}
