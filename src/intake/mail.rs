//! Mail in (受信メール): the attachments of saved mails (`.eml`), mailboxes
//! (`.mbox`, mboxrd/mboxo, as Thunderbird and most mail tools export them) and
//! Outlook's `.msg`, with the mail's sender, date and subject, for
//! [`crate::intake::ingest::sources`] to read as it reads a folder.
//!
//! - MIME, RFC 2047 words (also inside a quoted `filename=`, as Outlook and
//!   Japanese mailers write them), RFC 2231 `filename*=` and ISO-2022-JP or
//!   Shift_JIS text are `mail-parser`'s; `.msg` is read from its Compound File
//!   (`cfb`) by the MAPI property streams it holds.
//! - Limits: a mail file or mailbox of at most [`MAX_MAIL_BYTES`], at most
//!   [`MAX_MAILS`] mails in a mailbox, [`MAX_ATTACHMENTS`] attachments in a
//!   mail, each kept only up to [`MAX_ATTACHMENT_BYTES`] (the cap of a zip's
//!   workbook entry, so a workbook is refused the same way whichever way it
//!   came), mails attached to mails opened [`MAX_DEPTH`] deep; sender and
//!   subject cut to [`MAX_TEXT`] characters.
//! - An attachment's name is display text only: its last path component,
//!   control characters replaced, never a path.
//!
//! Nothing here panics on hostile input: a mail that cannot be read is a
//! [`Refusal`].

use std::io::{Cursor, Read};

use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{Message, MessageParser, MimeHeaders};

/// A mail file or mailbox read at most (a mailbox of a thousand answers is some 30 MB).
pub const MAX_MAIL_BYTES: u64 = 256 * 1024 * 1024;
/// Mails of one mailbox: more is refused whole, like a zip of too many entries.
pub const MAX_MAILS: usize = 10_000;
/// Attachments of one mail.
pub const MAX_ATTACHMENTS: usize = 1_000;
/// An attachment kept (workbook or zip): 20 MB, the cap of a zip's workbook entry
/// (`ingest::read::MAX_FILE_BYTES`; `sources.rs`'s tests hold them equal).
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;
/// Mails attached to mails (forwarded as attachments), opened this deep; the ingest's
/// sources open mail files found inside zips or attached as files this deep too.
pub const MAX_DEPTH: usize = 3;
/// Characters of a sender or subject kept.
pub const MAX_TEXT: usize = 200;

/// Who sent a mail, when and about what (差出人・日時・件名).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    /// `桑名市 長寿介護課 <kaigo@city.kuwana.lg.jp>`, or the address alone; empty when unknown.
    pub sender: String,
    /// The mail's `Date:` as ISO 8601 with its zone (`2019-10-15T09:30:00+09:00`): the sender's clock.
    pub date: Option<String>,
    pub subject: String,
    /// The date of its topmost `Received:` line (the last server's: the secretariat's own), ISO 8601.
    pub received: Option<String>,
}

/// A mail read: its envelope and attachments.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub envelope: Envelope,
    pub attachments: Vec<Attachment>,
    /// Attachments past [`MAX_ATTACHMENTS`], not read: counted, never dropped in silence.
    pub cut: usize,
}

/// One attachment: its name (display text) and bytes, or its size when over the cap.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Larger than [`MAX_ATTACHMENT_BYTES`]: not kept.
    TooLarge(u64),
    /// A mail attached to the mail (message/rfc822, Outlook's embedded item), read.
    Mail(Box<Mail>),
    /// A mail attached deeper than [`MAX_DEPTH`]: not opened.
    TooDeep,
}

/// Why a mail file is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a mail (no header, not MIME, not an Outlook item); the reader's words.
    NotAMail(String),
    /// A mailbox of more mails than [`MAX_MAILS`].
    TooManyMails { mails: usize, limit: usize },
}

/// What a file name says a mail file is (`.eml`, `.mbox`, `.msg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Eml,
    Mbox,
    Msg,
}

/// A saved mail (RFC 5322).
pub fn eml(bytes: &[u8]) -> Result<Mail, Refusal> {
    guarded(|| eml_unguarded(bytes))
}

/// Runs a reader, a panic (mail-parser 0.11.2 has a `debug_assert!` that hostile
/// MIME reaches; cfb indexes) becoming a refusal rather than stopping the ingest.
fn guarded(read: impl FnOnce() -> Result<Mail, Refusal>) -> Result<Mail, Refusal> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) {
        Ok(result) => result,
        Err(panic) => {
            let detail = super::panic_text(panic.as_ref());
            Err(Refusal::NotAMail(format!("the mail reader failed: {detail}")))
        }
    }
}

fn eml_unguarded(bytes: &[u8]) -> Result<Mail, Refusal> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| Refusal::NotAMail("no header".into()))?;
    if message.parts.is_empty() || message.headers().is_empty() {
        return Err(Refusal::NotAMail("no header".into()));
    }
    Ok(mail_of(&message, 0))
}

/// The mails of a mailbox, raw, in order, one at a time (memory: one mail
/// besides the mailbox): `From ` lines separate them (mboxo and mboxrd; `>From `
/// unquoted). More than [`MAX_MAILS`] is refused, counted first.
pub fn mbox(bytes: &[u8]) -> Result<impl Iterator<Item = Vec<u8>> + '_, Refusal> {
    if !bytes.starts_with(b"From ") {
        return Err(Refusal::NotAMail("no \"From \" line at the start".into()));
    }
    let mails = count_mails(bytes);
    if mails > MAX_MAILS {
        return Err(Refusal::TooManyMails { mails, limit: MAX_MAILS });
    }
    // reading from memory cannot fail: an error item would be an I/O error
    Ok(MessageIterator::new(Cursor::new(bytes)).map_while(Result::ok).map(|m| m.contents().to_vec()))
}

/// The `From ` lines of a mailbox: at the start and after each newline.
fn count_mails(bytes: &[u8]) -> usize {
    usize::from(bytes.starts_with(b"From ")) + bytes.windows(6).filter(|w| w == b"\nFrom ").count()
}

/// One mail of a mailbox: as [`eml`], but an empty mail is a mail without anything.
pub fn mbox_mail(raw: &[u8]) -> Result<Mail, Refusal> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(Mail::default());
    }
    eml(raw)
}

fn mail_of(message: &Message, depth: usize) -> Mail {
    // mail-parser's accessors index the first part: a nested message may have none
    if message.parts.is_empty() {
        return Mail::default();
    }
    let mut attachments = Vec::new();
    let mut cut = 0;
    for (n, part) in message.attachments().enumerate() {
        if n >= MAX_ATTACHMENTS {
            cut += 1;
            continue;
        }
        let name = safe_name(&attachment_name(message, part), n + 1, part.is_message());
        let body = match part.message() {
            Some(_) if depth + 1 >= MAX_DEPTH => Body::TooDeep,
            Some(inner) => Body::Mail(Box::new(mail_of(inner, depth + 1))),
            None => capped(part.contents()),
        };
        attachments.push(Attachment { name, body });
    }
    Mail { envelope: envelope_of(message), attachments, cut }
}

fn capped(bytes: &[u8]) -> Body {
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES { Body::TooLarge(bytes.len() as u64) } else { Body::Bytes(bytes.to_vec()) }
}

fn envelope_of(message: &Message) -> Envelope {
    if message.parts.is_empty() {
        return Envelope::default();
    }
    let sender = message
        .from()
        .and_then(|a| a.first())
        .map(|a| match (a.name(), a.address()) {
            (Some(n), Some(ad)) if !n.trim().is_empty() => format!("{} <{ad}>", n.trim()),
            (_, Some(ad)) => ad.to_string(),
            (Some(n), None) => n.to_string(),
            (None, None) => String::new(),
        })
        .unwrap_or_default();
    let date = message.date().filter(|d| d.is_valid()).map(|d| d.to_rfc3339());
    let received = message.received().and_then(|r| r.date.as_ref()).filter(|d| d.is_valid()).map(|d| d.to_rfc3339());
    Envelope { sender: text(&sender), date, subject: text(message.subject().unwrap_or("")), received }
}

/// A header's text as one line of at most [`MAX_TEXT`] characters.
fn text(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one.chars().filter(|c| !c.is_control()).take(MAX_TEXT).collect();
    if one.chars().count() > MAX_TEXT {
        out.push('…');
    }
    out
}

/// An attachment's name: mail-parser's, unless its header continues it over RFC 2231
/// segments (`filename*0*=shift_jis''%8C; filename*1*=%4B…`), which are octets joined
/// before decoding (mail-parser decodes each alone, and a character split between two
/// turns to mojibake).
fn attachment_name(message: &Message, part: &mail_parser::MessagePart) -> String {
    let header = message.raw_message.get(part.offset_header as usize..part.offset_body as usize).unwrap_or_default();
    ["filename", "name"]
        .iter()
        .find_map(|p| continued(header, p))
        .unwrap_or_else(|| part.attachment_name().unwrap_or("").to_string())
}

/// A parameter continued over RFC 2231 segments (`p*0*`, `p*1*`, `p*2`…) in a part's raw
/// header, joined as octets and decoded by the charset the first names; `None` where
/// there are not two segments or the charset is unknown.
fn continued(header: &[u8], param: &str) -> Option<String> {
    // Unfolded: a header's continuation lines joined to it.
    let text = String::from_utf8_lossy(header).replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", " ");
    let mut segments: Vec<(usize, bool, String)> = Vec::new();
    for line in text.lines().filter(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("content-disposition:") || l.starts_with("content-type:")
    }) {
        for item in line.split(';').skip(1) {
            let Some((key, value)) = item.split_once('=') else { continue };
            let key = key.trim().to_ascii_lowercase();
            let Some(rest) = key.strip_prefix(param).and_then(|k| k.strip_prefix('*')) else { continue };
            let (n, extended) = match rest.strip_suffix('*') {
                Some(n) => (n, true),
                None => (rest, false),
            };
            let Ok(n) = n.parse::<usize>() else { continue };
            segments.push((n, extended, value.trim().trim_matches('"').to_string()));
        }
    }
    segments.sort_by_key(|s| s.0);
    segments.dedup_by_key(|s| s.0);
    if segments.len() < 2 || segments.iter().enumerate().any(|(i, s)| s.0 != i) || !segments[0].1 {
        return None;
    }
    let (charset, first) = segments[0].2.split_once('\'')?;
    let first = first.split_once('\'').map_or(first, |(_, v)| v);
    let encoding = encoding_rs::Encoding::for_label(charset.trim().as_bytes())?;
    let mut octets = percent_decoded(first);
    for (_, extended, value) in &segments[1..] {
        octets.extend(if *extended { percent_decoded(value) } else { value.as_bytes().to_vec() });
    }
    Some(encoding.decode_without_bom_handling(&octets).0.into_owned())
}

/// `%82%A0abc` as its octets.
fn percent_decoded(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// An attachment's name as display text: its last path component (`../../x.xlsx`
/// is `x.xlsx`), control characters replaced, at most 255 characters; a part
/// without a name is `添付n` (`添付n.eml` for an attached mail).
pub fn safe_name(raw: &str, n: usize, message: bool) -> String {
    let last = raw.rsplit(['/', '\\']).find(|c| !c.trim().is_empty() && *c != "." && *c != "..").unwrap_or("");
    let name: String = last.trim().chars().map(|c| if c.is_control() { '?' } else { c }).take(255).collect();
    match name.is_empty() {
        false => name,
        true if message => format!("添付{n}.eml"),
        true => format!("添付{n}"),
    }
}

// ---- Outlook .msg (MS-OXMSG): a Compound File of MAPI property streams ----

const SUBJECT: u16 = 0x0037;
const CLIENT_SUBMIT_TIME: u16 = 0x0039;
const TRANSPORT_HEADERS: u16 = 0x007D;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_EMAIL: u16 = 0x0C1F;
const SENDER_SMTP: u16 = 0x5D01;
const ATTACH_DATA: u16 = 0x3701;
const ATTACH_FILENAME: u16 = 0x3704;
const ATTACH_LONG_FILENAME: u16 = 0x3707;
const DISPLAY_NAME: u16 = 0x3001;
const PT_UNICODE: u16 = 0x001F;
const PT_STRING8: u16 = 0x001E;
const PT_BINARY: u16 = 0x0102;
const PT_OBJECT: u16 = 0x000D;
const PT_SYSTIME: u16 = 0x0040;

type Cfb<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// An Outlook item saved as `.msg`.
pub fn msg(bytes: &[u8]) -> Result<Mail, Refusal> {
    guarded(|| msg_unguarded(bytes))
}

fn msg_unguarded(bytes: &[u8]) -> Result<Mail, Refusal> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| Refusal::NotAMail(e.to_string()))?;
    if !file.is_stream("/__properties_version1.0") {
        return Err(Refusal::NotAMail("no MAPI properties (not an Outlook item)".into()));
    }
    Ok(msg_at(&mut file, "", 0))
}

/// The item whose storage is `dir` (`""`: the file's root).
fn msg_at(file: &mut Cfb, dir: &str, depth: usize) -> Mail {
    let headers = stream(file, &prop_path(dir, TRANSPORT_HEADERS, PT_UNICODE), MAX_ATTACHMENT_BYTES)
        .map(|b| utf16(&b))
        .or_else(|| string8(file, &prop_path(dir, TRANSPORT_HEADERS, PT_STRING8)));
    let from_headers = headers.as_deref().and_then(|h| {
        let mut h = h.to_string();
        h.push_str("\r\n\r\n");
        MessageParser::default().parse_headers(h.as_bytes()).map(|m| envelope_of(&m))
    });
    let string = |file: &mut Cfb, id| {
        stream(file, &prop_path(dir, id, PT_UNICODE), 64 * 1024)
            .map(|b| utf16(&b))
            .or_else(|| string8(file, &prop_path(dir, id, PT_STRING8)))
            .unwrap_or_default()
    };
    let subject = string(file, SUBJECT);
    let name = string(file, SENDER_NAME);
    let mut address = string(file, SENDER_SMTP);
    if address.is_empty() {
        address = string(file, SENDER_EMAIL);
    }
    if address.trim_start().starts_with('/') {
        // an Exchange (X.500) address, `/O=EXCHANGELABS/OU=…`: no help to a clerk
        address.clear();
    }
    let sender = match (name.trim(), address.trim()) {
        ("", a) => a.to_string(),
        (n, "") => n.to_string(),
        (n, a) if n == a => a.to_string(),
        (n, a) => format!("{n} <{a}>"),
    };
    let date = from_headers
        .as_ref()
        .and_then(|e| e.date.clone())
        .or_else(|| submit_time(file, dir, depth == 0));
    let received = from_headers.as_ref().and_then(|e| e.received.clone());
    let mut envelope = Envelope { sender: text(&sender), date, subject: text(&subject), received };
    if let Some(h) = from_headers {
        if envelope.sender.is_empty() {
            envelope.sender = h.sender;
        }
        if envelope.subject.is_empty() {
            envelope.subject = h.subject;
        }
    }
    let (attachments, cut) = msg_attachments(file, dir, depth);
    Mail { envelope, attachments, cut }
}

/// An Outlook item's attachments, and how many past [`MAX_ATTACHMENTS`] were not read.
fn msg_attachments(file: &mut Cfb, dir: &str, depth: usize) -> (Vec<Attachment>, usize) {
    let root = if dir.is_empty() { "/".to_string() } else { dir.to_string() };
    let mut storages: Vec<String> = match file.read_storage(&root) {
        Ok(entries) => entries
            .filter(|e| e.is_storage() && e.name().starts_with("__attach_version1.0_"))
            .map(|e| e.path().to_string_lossy().into_owned())
            .collect(),
        Err(_) => return (Vec::new(), 0),
    };
    storages.sort();
    let cut = storages.len().saturating_sub(MAX_ATTACHMENTS);
    storages.truncate(MAX_ATTACHMENTS);
    let mut out = Vec::new();
    for (n, at) in storages.iter().enumerate() {
        let string = |file: &mut Cfb, id| {
            stream(file, &prop_path(at, id, PT_UNICODE), 64 * 1024)
                .map(|b| utf16(&b))
                .or_else(|| string8(file, &prop_path(at, id, PT_STRING8)))
                .filter(|s| !s.trim().is_empty())
        };
        let raw_name = string(file, ATTACH_LONG_FILENAME)
            .or_else(|| string(file, ATTACH_FILENAME))
            .or_else(|| string(file, DISPLAY_NAME))
            .unwrap_or_default();
        let embedded = prop_path(at, ATTACH_DATA, PT_OBJECT);
        let is_item = file.is_storage(&embedded);
        let name = safe_name(&raw_name, n + 1, is_item);
        let body = if is_item {
            if depth + 1 >= MAX_DEPTH { Body::TooDeep } else { Body::Mail(Box::new(msg_at(file, &embedded, depth + 1))) }
        } else {
            let path = prop_path(at, ATTACH_DATA, PT_BINARY);
            match file.entry(&path) {
                Ok(e) if e.len() > MAX_ATTACHMENT_BYTES => Body::TooLarge(e.len()),
                _ => Body::Bytes(stream(file, &path, MAX_ATTACHMENT_BYTES).unwrap_or_default()),
            }
        };
        out.push(Attachment { name, body });
    }
    (out, cut)
}

fn prop_path(dir: &str, id: u16, kind: u16) -> String {
    format!("{dir}/__substg1.0_{id:04X}{kind:04X}")
}

/// A stream's bytes, at most `cap`; `None` when absent or unreadable.
fn stream(file: &mut Cfb, path: &str, cap: u64) -> Option<Vec<u8>> {
    if !file.is_stream(path) {
        return None;
    }
    let s = file.open_stream(path).ok()?;
    let mut out = Vec::new();
    s.take(cap).read_to_end(&mut out).ok()?;
    Some(out)
}

fn string8(file: &mut Cfb, path: &str) -> Option<String> {
    let b = stream(file, path, 64 * 1024)?;
    let b = b.split(|&c| c == 0).next().unwrap_or(&[]);
    Some(match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode_without_bom_handling(b).0.into_owned(),
    })
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

/// PR_CLIENT_SUBMIT_TIME from the fixed-size properties (a sent item saved
/// from Outlook has no transport headers), as UTC.
fn submit_time(file: &mut Cfb, dir: &str, top: bool) -> Option<String> {
    let props = stream(file, &format!("{dir}/__properties_version1.0"), 1024 * 1024)?;
    // header: 32 bytes for the top-level item, 24 for an embedded one; then 16-byte entries
    let start = if top { 32 } else { 24 };
    for e in props.get(start..)?.chunks_exact(16) {
        let tag = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
        if (tag >> 16) as u16 == CLIENT_SUBMIT_TIME && tag as u16 == PT_SYSTIME {
            let ft = u64::from_le_bytes(e[8..16].try_into().ok()?);
            return filetime(ft);
        }
    }
    None
}

/// A FILETIME (100 ns since 1601) as `YYYY-MM-DDTHH:MM:SSZ`.
fn filetime(ft: u64) -> Option<String> {
    let secs = (ft / 10_000_000).checked_sub(11_644_473_600)?;
    if secs > 32_503_680_000 {
        return None;
    }
    Some(mail_parser::DateTime::from_timestamp(secs as i64).to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_display_text() {
        assert_eq!(safe_name("../../x.xlsx", 1, false), "x.xlsx");
        assert_eq!(safe_name("C:\\Users\\a\\桑名市.xlsx", 1, false), "桑名市.xlsx");
        assert_eq!(safe_name("a\nb.xlsx", 1, false), "a?b.xlsx");
        assert_eq!(safe_name("..", 2, false), "添付2");
        assert_eq!(safe_name("", 3, true), "添付3.eml");
    }

    #[test]
    fn rfc2231_segments_are_joined_as_octets_before_decoding() {
        // 亀山市.xlsx in Shift_JIS (8B 54 8E 52 8E 73), split inside 山 (8E|52).
        let raw = b"From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*0*=shift_jis''%8B%54%8E;\r\n filename*1*=%52%8E%73.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--b--\r\n";
        let m = eml(raw).unwrap();
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].name, "亀山市.xlsx");
        assert_eq!(continued(b"Content-Type: text/plain; name*0*=utf-8''%E4%BA; name*1*=%80.txt\r\n", "name").as_deref(), Some("亀.txt"));
        assert_eq!(continued(b"Content-Disposition: attachment; filename=a.xlsx\r\n", "filename"), None);
    }

    #[test]
    fn headers_are_one_short_line() {
        assert_eq!(text("a\r\n b\tc"), "a b c");
        assert_eq!(text(&"x".repeat(1000)).chars().count(), MAX_TEXT + 1);
    }

    #[test]
    fn filetimes() {
        assert_eq!(filetime(132_143_616_000_000_000).as_deref(), Some("2019-10-01T00:00:00Z"));
        assert_eq!(filetime(0), None);
        assert_eq!(filetime(u64::MAX), None);
    }

    #[test]
    fn a_plain_mail() {
        let raw = b"From: =?ISO-2022-JP?B?GyRCNyxMPjtUGyhC?= <a@example.jp>\r\nDate: Tue, 15 Oct 2019 09:30:00 +0900\r\nSubject: test\r\n\r\nbody\r\n";
        let m = eml(raw).unwrap();
        assert_eq!(m.envelope.sender, "桑名市 <a@example.jp>");
        assert_eq!(m.envelope.date.as_deref(), Some("2019-10-15T09:30:00+09:00"));
        assert!(m.attachments.is_empty());
        assert!(eml(b"").is_err());
    }

    #[test]
    fn mailboxes_split_and_count() {
        let one = b"From a@b Tue Oct 15 09:30:00 2019\nSubject: 1\n\nx\n>From y\nFrom a@b Tue Oct 15 09:30:00 2019\nSubject: 2\n\nz\n";
        let mails: Vec<Vec<u8>> = mbox(one).unwrap().collect();
        assert_eq!(mails.len(), 2);
        assert!(String::from_utf8_lossy(&mails[0]).contains("\nFrom y"));
        assert!(mbox(b"Subject: x\n\n").is_err());
        let many = b"From a@b Tue Oct 15 09:30:00 2019\n\n".repeat(MAX_MAILS + 5);
        assert_eq!(mbox(&many).err(), Some(Refusal::TooManyMails { mails: MAX_MAILS + 5, limit: MAX_MAILS }));
    }
}
