//! Mail drafts (`.eml`) for the request (照会) and the reminders (督促): one
//! per unit and centre, addressed from `contacts.toml`, with its pre-filled
//! form attached.
//!
//! - Built with `mail-builder` only: every header value (names, addresses,
//!   subject, file names) goes through its encoders, so a typed name holding
//!   CR/LF or `Bcc:` stays inside its own header, encoded. Names and the
//!   subject are also flattened to one line before they get there.
//! - UTF-8 throughout; the Japanese subject is RFC 2047-encoded, attachment
//!   file names RFC 2231 (`filename*=UTF-8''…`) as mail-builder writes them.
//! - `X-Unsent: 1`: Outlook opens the file as a draft to be sent.
//! - The same data gives the same bytes: `Date` from the injectable clock
//!   ([`crate::clock`]), Message-ID and MIME boundary from a hash of the content.
//! - Subject and body come from minijinja templates (`templates/mail/*.j2`,
//!   embedded; a folder given with `--templates` overrides them by name from its
//!   `mail/` subfolder).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::date::Date as MailDate;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;
use minijinja::Environment;
use sha2::{Digest, Sha256};

use crate::error::{Error, Problem, ProblemKind, Result, Severity};
use crate::intake::form;
use crate::model::key::Key;
use crate::model::{Centre, Date, Kind, Year, era};
use crate::store;

/// The embedded templates: (name, source). A clerk's `--templates <dir>` overrides them from `<dir>/mail/`.
pub const DEFAULTS: [(&str, &str); 10] = [
    ("request.subject.j2", include_str!("../../templates/mail/request.subject.j2")),
    ("request.body.j2", include_str!("../../templates/mail/request.body.j2")),
    ("remind.subject.j2", include_str!("../../templates/mail/remind.subject.j2")),
    ("remind.body.j2", include_str!("../../templates/mail/remind.body.j2")),
    ("receipt.subject.j2", include_str!("../../templates/mail/receipt.subject.j2")),
    ("receipt.body.j2", include_str!("../../templates/mail/receipt.body.j2")),
    ("send_back.subject.j2", include_str!("../../templates/mail/send_back.subject.j2")),
    ("send_back.body.j2", include_str!("../../templates/mail/send_back.body.j2")),
    ("remind_send_back.subject.j2", include_str!("../../templates/mail/remind_send_back.subject.j2")),
    ("remind_send_back.body.j2", include_str!("../../templates/mail/remind_send_back.body.j2")),
];

/// The sub-folder of a `--templates` folder that holds the mail templates.
pub const TEMPLATE_DIR: &str = "mail";

/// The mail templates: the embedded ones, overridden file by file by `<dir>/mail/*.j2`.
pub fn templates(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    let mut files: Vec<(String, String)> = DEFAULTS.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    let Some(dir) = dir.map(|d| d.join(TEMPLATE_DIR)).filter(|d| d.is_dir()) else { return Ok(files) };
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(&dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if !name.ends_with(".j2") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        match files.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = text,
            None => files.push((name.to_string(), text)),
        }
    }
    Ok(files)
}

/// A file attached to a draft.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One draft, before it becomes bytes.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// From: the secretariat's address (`packet.toml` `[request] mail`), or none (the mail program's account).
    pub from: Option<(String, String)>,
    /// To: (display name, address) each.
    pub to: Vec<(String, String)>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
    /// Seconds since 1970: the `Date` header.
    pub date: i64,
}

/// A header's text on one line: control characters (CR, LF, tab …) become spaces.
fn one_line(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The media type of an attachment, by its extension.
fn mime_type(name: &str) -> &'static str {
    match name.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The draft as `.eml` bytes (CRLF line ends).
pub fn eml(d: &Draft) -> Vec<u8> {
    // Message-ID and boundary from the content: the same draft, the same bytes.
    let mut h = Sha256::new();
    for part in [d.subject.as_bytes(), d.body.as_bytes(), &d.date.to_be_bytes()] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    for (n, a) in &d.to {
        h.update(n.as_bytes());
        h.update([0]);
        h.update(a.as_bytes());
        h.update([0]);
    }
    for a in &d.attachments {
        h.update(a.name.as_bytes());
        h.update([0]);
        h.update(Sha256::digest(&a.bytes));
    }
    let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();

    let mut m = MessageBuilder::new();
    if let Some((name, addr)) = &d.from {
        m = m.from(Address::new_address(Some(one_line(name)), addr.clone()));
    }
    let to: Vec<Address> = d.to.iter().map(|(n, a)| Address::new_address(Some(one_line(n)), a.clone())).collect();
    if !to.is_empty() {
        m = m.to(Address::new_list(to));
    }
    if !d.cc.is_empty() {
        m = m.cc(Address::new_list(d.cc.iter().map(|a| Address::from(a.clone())).collect()));
    }
    m = m
        .subject(one_line(&d.subject))
        .date(MailDate::new(d.date))
        .message_id(format!("{}.shiryo@localhost", &hash[..32]))
        .header("X-Unsent", Raw::new("1"));
    let mut parts = vec![MimePart::new(ContentType::new("text/plain").attribute("charset", "utf-8"), d.body.clone())];
    for a in &d.attachments {
        let ct = ContentType::new(mime_type(&a.name)).attribute("name", a.name.clone());
        parts.push(MimePart::new(ct, a.bytes.clone()).attachment(a.name.clone()));
    }
    let boundary = format!("shiryo_{}", &hash[32..56]);
    m = m.body(MimePart::new(ContentType::new("multipart/mixed").attribute("boundary", boundary), parts));
    let mut out = Vec::new();
    m.serialize(&mut out);
    out
}

/// A unit or centre that gets a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub name: String,
}

impl Target {
    /// The file name of its form, as [`form::write_forms`] writes it.
    pub fn form_file(&self) -> String {
        match self.kind {
            Kind::Centre => form::centre_file(&self.name),
            _ => form::unit_file(&self.name),
        }
    }

    /// The file name of its draft.
    pub fn draft_file(&self) -> String {
        let stem = form::unit_file(&self.name);
        let stem = stem.strip_suffix(".xlsx").unwrap_or(&stem);
        match self.kind {
            Kind::Centre => format!("広域_{stem}.eml"),
            _ => format!("{stem}.eml"),
        }
    }
}

/// Every block column's unit, then every centre, as `form` writes their forms
/// (a year without centres takes the previous year's whose members are still columns).
pub fn targets(year: &Year, previous: Option<&Year>) -> Vec<Target> {
    let columns: Vec<&String> = year.blocks.blocks.iter().flat_map(|b| &b.columns).collect();
    let mut out: Vec<Target> = columns.iter().map(|n| Target { kind: Kind::Unit, name: n.to_string() }).collect();
    let centres: Vec<&Centre> = if year.centres.is_empty() {
        previous
            .map(|p| p.centres.iter().filter(|c| c.members.iter().all(|m| columns.contains(&m))).collect())
            .unwrap_or_default()
    } else {
        year.centres.iter().collect()
    };
    out.extend(centres.into_iter().map(|c| Target { kind: Kind::Centre, name: c.name.clone() }));
    out
}

/// What a template sees.
#[derive(Debug, Clone)]
pub struct Context {
    /// 三重県.
    pub prefecture: String,
    /// The fiscal year in 和暦: 令和元年度.
    pub fiscal_year: String,
    /// The survey's title (`survey.toml` title).
    pub survey: String,
    pub meeting: String,
    /// The unit or centre.
    pub name: String,
    pub centre: bool,
    /// Its contact (`contacts.toml`), empty where unknown.
    pub office: String,
    pub person: String,
    pub phone: String,
    /// The deadline in 和暦 with its weekday.
    pub deadline: String,
    /// Today (the clock's, Japan time) in 和暦 with its weekday.
    pub today: String,
    /// The deadline has passed (期限超過).
    pub overdue: bool,
    /// The secretariat's contact (`packet.toml` contact).
    pub contact: String,
    /// The letter's number, date and sender (`[request]`), empty without it.
    pub number: String,
    pub sender: String,
    /// File names of the attachments.
    pub form: String,
    pub letter: String,
    /// The workbook received (a receipt, a send-back), as it arrived.
    pub received: String,
    /// Whose answers the attached form carries (昨年度, 今年度にいただいた), empty when it is blank.
    pub prefilled: String,
    /// What to correct, one line each (a send-back), or what was noted (a receipt).
    pub reasons: Vec<String>,
}

impl Context {
    fn value(&self) -> minijinja::Value {
        let c = self.clone();
        minijinja::context! {
            prefecture => c.prefecture, fiscal_year => c.fiscal_year, survey => c.survey, meeting => c.meeting,
            name => c.name, centre => c.centre, office => c.office, person => c.person, phone => c.phone,
            deadline => c.deadline, today => c.today, overdue => c.overdue, contact => c.contact,
            number => c.number, sender => c.sender, form => c.form, letter => c.letter,
            received => c.received, reasons => c.reasons, prefilled => c.prefilled,
        }
    }
}

/// A draft answering a workbook received from a unit (受領のお知らせ, 差し戻し): to its
/// sender where it came by mail (`Name <address>`), greeted by that name, with the
/// registered contact in Cc; else to the unit's contacts, greeted by theirs. The
/// workbook is named as attached (`津市.xlsx`), never by a path on the clerk's disk.
#[allow(clippy::too_many_arguments)]
pub fn answer(
    year: &Year,
    templates: &[(String, String)],
    (subject_t, body_t): (&str, &str),
    target: &Target,
    sender: &str,
    received: &str,
    reasons: Vec<String>,
    attachments: Vec<Attachment>,
    now: SystemTime,
) -> Result<Draft> {
    let p = &year.packet;
    let contact = year.contacts.get(&target.name).cloned().unwrap_or_default();
    let deadline = p.deadline_of(&target.name).ok();
    let today = japan_date(now);
    let answered_by = address(sender);
    // Whom the greeting names: the person the draft goes to.
    let (office, person) = match &answered_by {
        Some((name, _)) => (String::new(), name.clone()),
        None => (contact.office.clone(), contact.person.clone()),
    };
    let ctx = Context {
        prefecture: p.prefecture.clone(),
        fiscal_year: era::fiscal_year(p.fiscal_year),
        survey: year.survey.title.clone(),
        meeting: p.meeting.clone(),
        name: target.name.clone(),
        centre: target.kind == Kind::Centre,
        office,
        person,
        phone: contact.phone.clone(),
        deadline: deadline.map(wareki).unwrap_or_default(),
        today: wareki(today),
        overdue: deadline.is_some_and(|d| today > d),
        contact: p.contact.clone(),
        number: String::new(),
        sender: p.request.as_ref().map(|r| r.sender.clone()).unwrap_or_default(),
        form: attachments.first().map(|a| a.name.clone()).unwrap_or_default(),
        letter: String::new(),
        received: received.rsplit('/').next().unwrap_or(received).to_string(),
        prefilled: String::new(),
        reasons,
    };
    let (to, cc) = match answered_by {
        Some(a) => {
            let cc = checked(&contact.mail).chain(checked(&contact.cc)).filter(|m| !m.eq_ignore_ascii_case(&a.1)).cloned().collect();
            (vec![a], cc)
        }
        None => (checked(&contact.mail).map(|m| (target.name.clone(), m.clone())).collect(), checked(&contact.cc).cloned().collect()),
    };
    let from = p.request.as_ref().and_then(|r| r.mail.clone().map(|m| (if r.sender.trim().is_empty() { p.prefecture.clone() } else { r.sender.clone() }, m)));
    Ok(Draft {
        from,
        to,
        cc,
        subject: render(templates, subject_t, &ctx)?,
        body: render(templates, body_t, &ctx)?.replace('\n', "\r\n"),
        attachments,
        date: now.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0),
    })
}

/// `Name <address>` (or a bare address) as a recipient; `None` when there is no address.
/// Every address goes through the one check ([`crate::model::contacts::is_address`]),
/// whatever its source (a mail's From, `contacts.toml`); a name keeps no control character.
fn address(sender: &str) -> Option<(String, String)> {
    crate::model::contacts::sender_address(sender)
}

/// The addresses of a list that pass the one check (a bad one is named by `check` at its key).
fn checked(list: &[String]) -> impl Iterator<Item = &String> {
    list.iter().filter(|m| crate::model::contacts::is_address(m))
}

/// Renders `name` of `templates` with `ctx`; an undefined variable is an error, not an empty text.
fn render(templates: &[(String, String)], name: &str, ctx: &Context) -> Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    for (n, s) in templates {
        env.add_template_owned(n.clone(), s.clone()).map_err(|e| Error::Template(format!("{n}: {e}")))?;
    }
    let t = env.get_template(name).map_err(|e| Error::Template(format!("{name}: {e}")))?;
    let text = t.render(ctx.value()).map_err(|e| Error::Template(format!("{name}: {e}")))?;
    // What a unit's workbook or mail carried (a file name, a cell) is text in the draft: controls escaped.
    Ok(format!("{}\n", crate::model::inert(text.trim_end())))
}

/// The date of a moment in Japan (UTC+9), as the secretariat's calendar has it.
pub fn japan_date(t: SystemTime) -> Date {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (y, m, d) = era::civil_from_days((secs + 9 * 3600).div_euclid(86_400));
    Date::new(y, m, d).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a date"))
}

fn wareki(d: Date) -> String {
    era::date_with_weekday(d.year, d.month, d.day)
}

/// The error of a year without `[request]` in `packet.toml`.
fn no_request() -> Error {
    Error::Invalid(vec![Problem {
        severity: Severity::Error,
        file: store::PACKET.into(),
        key: Key::Top("request"),
        kind: ProblemKind::NoRequest,
    }])
}

/// The drafts of one step, in memory: the front end writes them into a folder or a zip.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    /// Each file's name and bytes (the letter first, for the request).
    pub files: Vec<(String, Vec<u8>)>,
    /// Units and centres whose draft has an empty To (no address in `contacts.toml`).
    pub no_address: Vec<String>,
    /// Units and centres that have answered and get no reminder (`remind`).
    pub answered: usize,
    /// The deadline has passed at the clock's now (`remind`).
    pub overdue: bool,
}

/// Which drafts: the request to all, or the reminder to those without an accepted answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Request,
    Remind,
}

/// Everything a step needs besides the year: last year's answers, templates, clock.
pub struct Job<'a> {
    /// Last year, whose answers fill the forms where this year has none.
    pub previous: Option<&'a Year>,
    pub templates: &'a [(String, String)],
    pub now: SystemTime,
    /// The cover letter (name, PDF bytes), attached to every request draft.
    pub letter: Option<Attachment>,
}

/// Whose answers a unit's or centre's form carries: this year's (as sent
/// back or reminded), else last year's, else none ([`form::forms`] fills it so).
fn prefilled(year: &Year, previous: Option<&Year>, t: &Target) -> &'static str {
    if year.has_answer(t.kind, &t.name) {
        "今年度にいただいた"
    } else if previous.is_some_and(|p| p.has_answer(t.kind, &t.name)) {
        "昨年度"
    } else {
        ""
    }
}

/// What a request's or reminder's templates are given for one target: its contact, its deadline
/// (its own where extended) and whether it has passed `today`, the letter and the form's names.
fn request_context(
    year: &Year,
    job: &Job,
    t: &Target,
    contact: &crate::model::contacts::Contact,
    (deadline, today): (Date, Date),
    form_name: &str,
) -> Context {
    let p = &year.packet;
    let request = p.request.as_ref();
    Context {
        prefecture: p.prefecture.clone(),
        fiscal_year: era::fiscal_year(p.fiscal_year),
        survey: year.survey.title.clone(),
        meeting: p.meeting.clone(),
        name: t.name.clone(),
        centre: t.kind == Kind::Centre,
        office: contact.office.clone(),
        person: contact.person.clone(),
        phone: contact.phone.clone(),
        deadline: wareki(p.deadline_of(&t.name).unwrap_or(deadline)),
        today: wareki(today),
        overdue: today > p.deadline_of(&t.name).unwrap_or(deadline),
        contact: p.contact.clone(),
        number: request.map(|r| r.number.clone()).unwrap_or_default(),
        sender: request.map(|r| r.sender.clone()).unwrap_or_default(),
        form: form_name.to_string(),
        letter: job.letter.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
        received: String::new(),
        prefilled: prefilled(year, job.previous, t).to_string(),
        reasons: Vec::new(),
    }
}

/// The drafts (and, for the request, the letter), each with its pre-filled form.
/// `waiting`: the units and centres to write for (all of [`targets`] for the request).
pub fn drafts(year: &Year, job: &Job, purpose: Purpose, waiting: &[Target]) -> Result<Drafts> {
    let p = &year.packet;
    let deadline = p.deadline.get().map_err(|e| Error::Invalid(vec![Problem {
        severity: Severity::Error,
        file: store::PACKET.into(),
        key: Key::Top("deadline"),
        kind: ProblemKind::BadDate(e.0),
    }]))?;
    let today = japan_date(job.now);
    let request = p.request.as_ref();
    if purpose == Purpose::Request && request.is_none() {
        return Err(no_request());
    }
    // The sender's name as the letter gives it (三重県医療保健部長), else the prefecture.
    let from = request.and_then(|r| {
        let name = if r.sender.trim().is_empty() { p.prefecture.clone() } else { r.sender.clone() };
        r.mail.clone().map(|m| (name, m))
    });
    let date = job.now.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let mut forms: std::collections::BTreeMap<String, Vec<u8>> = form::forms(year, job.previous, None)?.into_iter().collect();
    let mut done = Drafts { overdue: today > deadline, ..Drafts::default() };
    if let Some(letter) = &job.letter {
        done.files.push((letter.name.clone(), letter.bytes.clone()));
    }
    let (subject_t, body_t) = match purpose {
        Purpose::Request => ("request.subject.j2", "request.body.j2"),
        Purpose::Remind => ("remind.subject.j2", "remind.body.j2"),
    };
    for t in waiting {
        let contact = year.contacts.get(&t.name).cloned().unwrap_or_default();
        let form_name = t.form_file();
        let form_bytes = forms.remove(&form_name).ok_or_else(|| Error::NoSuchUnit(t.name.clone()))?;
        let ctx = request_context(year, job, t, &contact, (deadline, today), &form_name);
        let display = [t.name.as_str(), contact.office.as_str(), contact.person.as_str()]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let to: Vec<(String, String)> = contact.mail.iter().map(|a| (display.clone(), a.clone())).collect();
        if to.is_empty() {
            done.no_address.push(t.name.clone());
        }
        let mut attachments = vec![Attachment { name: form_name, bytes: form_bytes }];
        if let Some(letter) = &job.letter {
            attachments.push(letter.clone());
        }
        let draft = Draft {
            from: from.clone(),
            to,
            cc: contact.cc.clone(),
            subject: render(job.templates, subject_t, &ctx)?,
            body: render(job.templates, body_t, &ctx)?.replace('\n', "\r\n"),
            attachments,
            date,
        };
        done.files.push((t.draft_file(), eml(&draft)));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            from: Some(("三重県 長寿介護課".into(), "choju@pref.example.jp".into())),
            to: vec![("桑名市 介護高齢課".into(), "kaigo@city.example.jp".into())],
            cc: vec![],
            subject: "【照会】令和元年度 在宅医療・介護連携の取組状況について（桑名市）".into(),
            body: "本文\r\n".into(),
            attachments: vec![Attachment { name: "桑名市.xlsx".into(), bytes: vec![1, 2, 3] }],
            date: 1_569_888_000,
        }
    }

    #[test]
    fn the_same_draft_gives_the_same_bytes() {
        let a = eml(&draft());
        assert_eq!(a, eml(&draft()));
        let text = String::from_utf8(a).unwrap();
        assert!(text.contains("X-Unsent: 1\r\n"), "{text}");
        assert!(text.contains("Message-ID: <"), "{text}");
        assert!(text.contains("Date: Tue, 1 Oct 2019 00:00:00 +0000") || text.contains("Date: Tue, 01 Oct 2019"), "{text}");
        assert!(!text.contains("照会"), "the subject is encoded: {text}");
        let mut other = draft();
        other.body = "別の本文\r\n".into();
        assert_ne!(eml(&other), eml(&draft()));
    }

    #[test]
    fn a_name_cannot_add_a_header() {
        let mut d = draft();
        d.to[0].0 = "桑名市\r\nBcc: evil@example.com".into();
        d.subject = "件名\r\nBcc: evil@example.com".into();
        let text = String::from_utf8(eml(&d)).unwrap();
        assert!(!text.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{text}");
    }
}
