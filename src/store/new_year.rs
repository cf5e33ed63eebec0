//! `new-year`: the next fiscal year's folder, made from last year's.
//!
//! Carried over: the packet (new fiscal year, date and deadline; the material
//! number and the rest as they were), the survey (`survey.toml`: items matched
//! by key, so `form --previous` pre-fills from last year), the programmes and
//! blocks for the clerk to edit, the schedule with every month and date a year on, and each
//! centre's name and members (structure, not an answer), and `contacts.toml`. Not carried over:
//! the units' and centres' answers and `received/` — nobody has answered the
//! new year yet, so the packet prints 未提出 until they do.
//!
//! The folder is written beside its place under a temporary name and renamed
//! whole, so a failure leaves no half year.

use std::path::{Path, PathBuf};

use super::files;
use crate::model::key::Key;
use crate::error::{Error, Problem, ProblemKind, Result, Severity};
use crate::model::validate::{self, has_errors};
use crate::model::{BadDate, Centre, Date, Packet, Schedule, Written, Year, YearMonth};

/// Marks the temporary folder a new year is written into (`.<name>.shiryo-new-<pid>`).
const TMP_TAG: &str = ".shiryo-new-";

/// A month or date of `schedule.toml` moved a year on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub key: String,
    pub old: String,
    pub new: String,
    /// 2月29日 became 2月28日 (the new year has no 29 February).
    pub leap_day: bool,
}

/// What `new_year` wrote, for the command to say.
/// A title rewritten to name the new fiscal year.
#[derive(Debug, Clone)]
pub struct Renamed {
    pub file: &'static str,
    pub key: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone)]
pub struct NewYear {
    pub dir: PathBuf,
    /// The new fiscal year (the last one + 1).
    pub fiscal_year: i32,
    /// Every month and date of `schedule.toml`, moved a year on.
    pub moved: Vec<Moved>,
    /// Titles that named last year, rewritten to name the new one.
    pub renamed: Vec<Renamed>,
    /// Labels of the blocks whose ○ summaries are last year's words.
    pub summaries: Vec<String>,
    /// Centres carried over: name and members, without their 広域 lines.
    pub centres: Vec<String>,
    /// Units of the blocks, none of which has answered yet.
    pub units: usize,
    /// Titles and notes that name another fiscal year than the new one.
    pub other_years: Vec<Problem>,
}

/// Refuses an output that exists, even an empty folder: a year is never written over.
pub fn refuse_existing(out: &Path) -> Result<()> {
    match std::fs::symlink_metadata(out) {
        Ok(_) => Err(Error::OutputExists(out.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(out, e)),
    }
}

/// What the clerk gives for a new year besides its folder: the meeting's date and the
/// forms' deadline (any form the date parser reads, 和暦 too), and what changes of the
/// meeting's name and the request (文書番号, 日付, 宛先, 発信者, the drafts' From); what is
/// not given is carried over from last year, the request's date a year on.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub date: String,
    pub deadline: String,
    pub meeting: Option<String>,
    pub number: Option<String>,
    pub request_date: Option<String>,
    pub addressee: Option<String>,
    pub sender: Option<String>,
    pub mail: Option<String>,
}

impl Asked {
    fn gives_request(&self) -> bool {
        [&self.number, &self.request_date, &self.addressee, &self.sender, &self.mail].iter().any(|f| f.is_some())
    }
}

/// Writes the fiscal year after `last`'s into `out` (which must not exist), as `asked`.
pub fn new_year(last: &Path, out: &Path, asked: &Asked) -> Result<NewYear> {
    refuse_existing(out)?;
    let old = super::load(last)?;
    let fy = old.packet.fiscal_year + 1;
    let mut packet = packet(&old.packet, fy, &asked.date, &asked.deadline)?;
    if let Some(m) = asked.meeting.as_ref().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        packet.meeting = m.to_string();
    }
    let (mut schedule, mut moved) = schedule(&old.schedule)?;
    packet.request = request(old.packet.request.as_ref(), asked, &mut moved)?;
    let mut programmes = old.programmes.clone();
    let renamed = rename_titles(&mut packet, &mut schedule, &mut programmes, fy);
    let centres = old.centres.iter().map(|c| Centre { items: Vec::new(), ..c.clone() }).collect();
    let year = Year {
        survey: old.survey.clone(),
        packet,
        schedule,
        programmes,
        blocks: old.blocks.clone(),
        units: Vec::new(),
        centres,
        // Offices rarely change from one year to the next: the clerk corrects the few that did.
        contacts: old.contacts.clone(),
    };
    let problems = validate::validate(&year);
    if has_errors(&problems) {
        return Err(Error::Invalid(problems));
    }
    write_whole(&year, out)?;
    Ok(NewYear {
        dir: out.to_path_buf(),
        fiscal_year: fy,
        moved,
        renamed,
        summaries: year.blocks.blocks.iter().filter(|b| !b.summaries.is_empty()).map(|b| b.label.clone()).collect(),
        centres: year.centres.iter().map(|c| c.name.clone()).collect(),
        units: year.blocks.blocks.iter().map(|b| b.columns.len()).sum(),
        other_years: validate::other_fiscal_years(&year),
    })
}

/// The new year's request: last year's with what the clerk gave, its date a year on when none was given.
fn request(old: Option<&crate::model::Request>, asked: &Asked, moved: &mut Vec<Moved>) -> Result<Option<crate::model::Request>> {
    if old.is_none() && !asked.gives_request() {
        return Ok(None);
    }
    let mut r = old.cloned().unwrap_or_default();
    let given = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string());
    match given(&asked.request_date) {
        Some(d) => {
            let date = Date::parse(&d).map_err(|BadDate(value)| Error::BadDateArg { flag: "request-date", value })?;
            r.date = date.to_string().into();
        }
        None if old.is_some() => {
            let mut m = Mover::default();
            r.date = m.date("packet.toml request.date".into(), &r.date);
            if !m.bad.is_empty() {
                return Err(Error::Invalid(m.bad));
            }
            moved.extend(m.moved);
        }
        None => {}
    }
    r.number = given(&asked.number).unwrap_or(r.number);
    r.addressee = given(&asked.addressee).unwrap_or(r.addressee);
    r.sender = given(&asked.sender).unwrap_or(r.sender);
    if let Some(m) = given(&asked.mail) {
        r.mail = (!m.is_empty()).then_some(m);
    }
    Ok(Some(r))
}

/// The titles that named last year, made to name `fy` in the same form (平成30年度 → 令和元年度,
/// 2018年度 → 2019年度): the meeting's, the schedule's and its boxes', the programmes' pages'.
/// Answers, notes and the programmes' past activities (「…（平成30年度）」) are never rewritten.
fn rename_titles(packet: &mut Packet, schedule: &mut Schedule, programmes: &mut crate::model::Programmes, fy: i32) -> Vec<Renamed> {
    let mut out = Vec::new();
    let mut rename = |file: &'static str, key: String, text: &mut String| {
        let new = crate::model::era::rewrite_fiscal_year(text, fy - 1, fy);
        if new != *text {
            out.push(Renamed { file, key, old: std::mem::replace(text, new.clone()), new });
        }
    };
    rename(super::PACKET, "meeting".into(), &mut packet.meeting);
    rename(super::SCHEDULE, "title".into(), &mut schedule.title);
    for (i, t) in schedule.texts.iter_mut().enumerate() {
        rename(super::SCHEDULE, format!("texts[{}].title", i + 1), &mut t.title);
    }
    for (i, t) in programmes.titles.iter_mut().enumerate() {
        rename(super::PROGRAMMES, format!("titles[{}]", i + 1), t);
    }
    out
}

/// The new packet: fiscal year `fy`, the meeting `date` inside it and the
/// `deadline` not after it; the rest (material number, contact) carried over.
fn packet(old: &Packet, fy: i32, date: &str, deadline: &str) -> Result<Packet> {
    let read = |flag: &'static str, value: &str| {
        Date::parse(value).map_err(|BadDate(value)| Error::BadDateArg { flag, value })
    };
    let (date, deadline) = (read("date", date)?, read("deadline", deadline)?);
    if date.fiscal_year() != fy {
        return Err(Error::DateOutsideFiscalYear { date: date.to_string(), fy });
    }
    if deadline > date {
        return Err(Error::DeadlineAfterDate { deadline: deadline.to_string(), date: date.to_string() });
    }
    let (date, deadline) = (date.to_string().into(), deadline.to_string().into());
    Ok(Packet { fiscal_year: fy, date, deadline, ..old.clone() })
}

/// Last year's schedule with every month and date a year on, in canonical form.
fn schedule(old: &Schedule) -> Result<(Schedule, Vec<Moved>)> {
    let mut m = Mover::default();
    let mut s = old.clone();
    s.first_month = m.month("first_month".into(), &old.first_month);
    s.last_month = m.month("last_month".into(), &old.last_month);
    for (i, e) in s.events.iter_mut().enumerate() {
        let key = format!("events[{}]", i + 1);
        e.date = e.date.as_ref().map(|d| m.date(format!("{key}.date"), d));
        e.from = e.from.as_ref().map(|d| m.month(format!("{key}.from"), d));
        e.to = e.to.as_ref().map(|d| m.month(format!("{key}.to"), d));
    }
    for (i, t) in s.texts.iter_mut().enumerate() {
        let key = format!("texts[{}]", i + 1);
        t.from = m.month(format!("{key}.from"), &t.from);
        t.to = m.month(format!("{key}.to"), &t.to);
    }
    if !m.bad.is_empty() {
        return Err(Error::Invalid(m.bad));
    }
    Ok((s, m.moved))
}

/// Moves values a year on, noting each; a value it cannot read is a problem of last year's file.
#[derive(Default)]
struct Mover {
    moved: Vec<Moved>,
    bad: Vec<Problem>,
}

impl Mover {
    fn month(&mut self, key: String, w: &Written<YearMonth>) -> Written<YearMonth> {
        match w.get() {
            Ok(m) => self.note(key, w.as_str(), m.next_year().to_string(), false),
            Err(bad) => self.refuse(key, bad, w.as_str()),
        }
    }

    fn date(&mut self, key: String, w: &Written<Date>) -> Written<Date> {
        match w.get() {
            Ok(d) => {
                let (next, leap_day) = d.next_year();
                self.note(key, w.as_str(), next.to_string(), leap_day)
            }
            Err(bad) => self.refuse(key, bad, w.as_str()),
        }
    }

    fn note<T>(&mut self, key: String, old: &str, new: String, leap_day: bool) -> Written<T> {
        self.moved.push(Moved { key, old: old.to_string(), new: new.clone(), leap_day });
        Written::from(new)
    }

    fn refuse<T>(&mut self, key: String, BadDate(value): BadDate, old: &str) -> Written<T> {
        let kind = ProblemKind::BadDate(value);
        self.bad.push(Problem { severity: Severity::Error, file: super::SCHEDULE.into(), key: Key::Toml(key), kind });
        Written::from(old)
    }
}

/// Writes the year into a temporary folder beside `out`, then renames it
/// into place: `out` holds the whole year or does not exist.
fn write_whole(year: &Year, out: &Path) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = out.file_name().ok_or_else(|| Error::OutputExists(out.to_path_buf()))?;
    files::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = parent.join(format!(".{}{TMP_TAG}{}", name.to_string_lossy(), std::process::id()));
    let written = (|| {
        files::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        super::save(year, &tmp)?;
        // Checked again: the folder may have appeared since, and a rename would replace an empty one.
        refuse_existing(out)?;
        files::rename(&tmp, out).map_err(|e| Error::io(out, e))
    })();
    if written.is_err() {
        let _ = files::remove_dir_all(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_moves_a_year_on() {
        let old = Schedule {
            first_month: "2019-06".into(),
            last_month: "令和２年３月".into(),
            events: vec![crate::model::Event { date: Some("2020-02-29".into()), ..Default::default() }],
            ..Default::default()
        };
        let (new, moved) = schedule(&old).unwrap();
        assert_eq!((new.first_month.as_str(), new.last_month.as_str()), ("2020-06", "2021-03"));
        assert_eq!(new.events[0].date.as_ref().map(|d| d.as_str()), Some("2021-02-28"));
        assert_eq!(moved.iter().filter(|m| m.leap_day).map(|m| m.key.as_str()).collect::<Vec<_>>(), ["events[1].date"]);
    }

    #[test]
    fn an_unreadable_month_is_named() {
        let old = Schedule { first_month: "2019-13".into(), last_month: "2020-03".into(), ..Default::default() };
        match schedule(&old) {
            Err(Error::Invalid(p)) => assert_eq!((p[0].key.to_string().as_str(), &p[0].kind), ("first_month", &ProblemKind::BadDate("2019-13".into()))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dates_must_fit_the_new_fiscal_year() {
        let old = Packet { fiscal_year: 2018, ..Default::default() };
        assert!(packet(&old, 2019, "令和元年12月11日", "2019-11-15").is_ok());
        assert!(matches!(packet(&old, 2019, "2020-04-01", "2019-11-15"), Err(Error::DateOutsideFiscalYear { .. })));
        assert!(matches!(packet(&old, 2019, "2019-12-11", "2019-12-12"), Err(Error::DeadlineAfterDate { .. })));
        assert!(matches!(packet(&old, 2019, "2019-12", "2019-11-15"), Err(Error::BadDateArg { flag: "date", .. })));
    }
}
