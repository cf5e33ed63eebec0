//! Validation of a loaded year: every finding names its file and key.

use std::collections::{BTreeSet, HashMap};

use crate::error::{Problem, ProblemKind as K, Severity};
use crate::model::{BadDate, Block, Written, Year, YearMonth, limits};
use crate::store;

/// Checks a year; returns errors and warnings (未提出 is a warning: the packet still builds).
pub fn validate(year: &Year) -> Vec<Problem> {
    let mut v = Validator { out: Vec::new() };
    v.packet(year);
    v.schedule(year);
    let index = v.blocks(year);
    v.units(year, &index);
    v.centres(year, &index);
    v.out.extend(other_fiscal_years(year));
    v.out.extend(limits::check(year));
    v.out
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

struct Validator {
    out: Vec<Problem>,
}

/// Where each block column sits: unit name → (block index, column index).
type Index = HashMap<String, (usize, usize)>;

impl Validator {
    fn err(&mut self, file: &str, key: impl Into<String>, kind: K) {
        self.out.push(Problem { severity: Severity::Error, file: file.into(), key: key.into(), kind });
    }

    fn warn(&mut self, file: &str, key: impl Into<String>, kind: K) {
        self.out.push(Problem { severity: Severity::Warning, file: file.into(), key: key.into(), kind });
    }

    fn required(&mut self, file: &str, key: &str, value: &str) {
        if value.trim().is_empty() {
            self.err(file, key, K::Empty);
        }
    }

    fn lines(&mut self, file: &str, key: &str, lines: &[String]) {
        if lines.is_empty() || lines.iter().any(|l| l.trim().is_empty()) {
            self.err(file, key, K::Empty);
        }
    }

    fn packet(&mut self, year: &Year) {
        let f = store::PACKET;
        let p = &year.packet;
        self.required(f, "prefecture", &p.prefecture);
        self.required(f, "meeting", &p.meeting);
        self.required(f, "material", &p.material);
        for (key, value) in [("date", &p.date), ("deadline", &p.deadline)] {
            if let Err(BadDate(v)) = value.get() {
                self.err(f, key, K::BadDate(v));
            }
        }
    }

    fn schedule(&mut self, year: &Year) {
        let f = store::SCHEDULE;
        let s = &year.schedule;
        self.required(f, "title", &s.title);
        let fy = year.packet.fiscal_year;
        let first = self.grid_month(f, "first_month", &s.first_month, fy);
        let last = self.grid_month(f, "last_month", &s.last_month, fy);
        let mut range = None;
        if let (Some(a), Some(b)) = (first, last) {
            if a > b {
                let (from, to) = (s.first_month.to_string(), s.last_month.to_string());
                self.err(f, "last_month", K::Reversed { from, to });
            } else if a.months_to(b) + 1 > limits::MAX_MONTHS {
                self.err(f, "last_month", K::TooManyMonths { months: a.months_to(b) + 1, limit: limits::MAX_MONTHS });
            } else {
                range = Some(a..=b);
            }
        }
        if s.bands.is_empty() {
            self.err(f, "bands", K::Empty);
        }
        for (i, e) in s.events.iter().enumerate() {
            let key = format!("events[{}]", i + 1);
            self.required(f, &format!("{key}.label"), &e.label);
            if !s.bands.contains(&e.band) {
                self.err(f, format!("{key}.band"), K::UnknownBand(e.band.clone()));
            }
            match (&e.date, &e.from, &e.to) {
                (Some(d), None, None) => match d.get() {
                    Ok(day) => self.on_grid(f, &format!("{key}.date"), day.month(), d.as_str(), range.as_ref()),
                    Err(BadDate(v)) => self.err(f, format!("{key}.date"), K::BadDate(v)),
                },
                (None, Some(a), Some(b)) => self.span(f, &key, a, b, range.as_ref()),
                _ => self.err(f, key.clone(), K::EventWhen),
            }
        }
        for (i, t) in s.texts.iter().enumerate() {
            let key = format!("texts[{}]", i + 1);
            if !s.bands.contains(&t.band) {
                self.err(f, format!("{key}.band"), K::UnknownBand(t.band.clone()));
            }
            self.span(f, &key, &t.from, &t.to, range.as_ref());
        }
    }

    /// A first or last month of the grid: readable, and near the fiscal year
    /// (a year or more away is an error, outside it a warning).
    fn grid_month(&mut self, file: &str, key: &str, value: &Written<YearMonth>, fy: i32) -> Option<YearMonth> {
        let m = match value.get() {
            Ok(m) => m,
            Err(BadDate(v)) => {
                self.err(file, key, K::BadDate(v));
                return None;
            }
        };
        let year = YearMonth::fiscal_year(fy);
        let near = year.start().plus(-12)..=year.end().plus(12);
        let value = value.to_string();
        if !near.contains(&m) {
            self.err(file, key, K::FarFromFiscalYear { value, fy });
            return None;
        }
        if !year.contains(&m) {
            self.warn(file, key, K::OutsideFiscalYear { value, fy });
        }
        Some(m)
    }

    /// `from` and `to` of an event or text box: readable, in order, on the grid.
    fn span(
        &mut self,
        file: &str,
        key: &str,
        from: &Written<YearMonth>,
        to: &Written<YearMonth>,
        range: Option<&std::ops::RangeInclusive<YearMonth>>,
    ) {
        let mut read = |k: &str, w: &Written<YearMonth>| match w.get() {
            Ok(m) => {
                self.on_grid(file, &format!("{key}.{k}"), m, w.as_str(), range);
                Some(m)
            }
            Err(BadDate(v)) => {
                self.err(file, format!("{key}.{k}"), K::BadDate(v));
                None
            }
        };
        let (a, b) = (read("from", from), read("to", to));
        if a.zip(b).is_some_and(|(a, b)| a > b) {
            self.err(file, format!("{key}.to"), K::Reversed { from: from.to_string(), to: to.to_string() });
        }
    }

    /// A month of an event must be a column of the grid (when the grid is known).
    fn on_grid(&mut self, file: &str, key: &str, m: YearMonth, text: &str, range: Option<&std::ops::RangeInclusive<YearMonth>>) {
        if range.is_some_and(|r| !r.contains(&m)) {
            self.err(file, key, K::OutsideSchedule(text.to_string()));
        }
    }

    fn blocks(&mut self, year: &Year) -> Index {
        let f = store::BLOCKS;
        let mut index = Index::new();
        self.required(f, "default_note", &year.blocks.default_note);
        for (b, block) in year.blocks.blocks.iter().enumerate() {
            let key = format!("blocks[{}]", b + 1);
            self.required(f, &format!("{key}.label"), &block.label);
            if block.columns.is_empty() {
                self.err(f, format!("{key}.columns"), K::Empty);
            }
            for (c, name) in block.columns.iter().enumerate() {
                if index.insert(name.clone(), (b, c)).is_some() {
                    self.err(f, format!("{key}.columns"), K::UnitInTwoBlocks(name.clone()));
                }
                if year.unit(name).is_none() {
                    self.warn(f, format!("{key}.columns"), K::NotSubmitted(name.clone()));
                }
            }
        }
        index
    }

    fn units(&mut self, year: &Year, index: &Index) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        let mut codes: HashMap<&str, &crate::model::Unit> = HashMap::new();
        for unit in &year.units {
            let f = unit.source.as_str();
            if let Some(other) = seen.insert(&unit.name, f) {
                self.err(f, "name", K::SameName { name: unit.name.clone(), other: other.to_string() });
            }
            self.required(f, "name", &unit.name);
            if let Some(code) = &unit.code
                && check_code(self, f, "code", code)
            {
                match codes.get(code.as_str()) {
                    Some(first) if first.name != unit.name => self.warn(f, "code", K::SameCode {
                        code: code.clone(),
                        other: first.name.clone(),
                        other_file: first.source.clone(),
                    }),
                    Some(_) => {}
                    None => drop(codes.insert(code, unit)),
                }
            }
            for (i, m) in unit.members.iter().enumerate() {
                self.required(f, &format!("members[{}].name", i + 1), &m.name);
                if let Some(code) = &m.code {
                    check_code(self, f, &format!("members[{}].code", i + 1), code);
                }
            }
            self.required(f, "hub.name", &unit.hub.name);
            self.required(f, "direction.text", &unit.direction.text);
            let Some(&(b, _)) = index.get(&unit.name) else {
                self.err(f, "name", K::UnitInNoBlock(unit.name.clone()));
                continue;
            };
            let block = &year.blocks.blocks[b];
            let has_centres = year.centres.iter().any(|c| c.members.iter().all(|m| block.columns.contains(m)));
            let mut nos = BTreeSet::new();
            for cell in &unit.items {
                let key = format!("items[no={}]", cell.no);
                if !(1..=10).contains(&cell.no) {
                    self.err(f, format!("{key}.no"), K::ItemOutOfRange(cell.no));
                } else if !nos.insert(cell.no) {
                    self.err(f, format!("{key}.no"), K::DuplicateItem(cell.no));
                }
                self.lines(f, &format!("{key}.lines"), &cell.lines);
                self.share(year, index, f, &format!("{key}.shared_with"), &unit.name, &cell.shared_with, |u| {
                    u.item(cell.no).map(|c| (c.shared_with.clone(), c.lines == cell.lines))
                });
            }
            for no in 1..=10u8 {
                // Where the block has centres, an item may have no 市町単独 row at all;
                // then every unit leaves it out.
                let needed = !has_centres
                    || block.columns.iter().filter_map(|n| year.unit(n)).any(|u| u.item(no).is_some());
                if needed && !nos.contains(&no) {
                    self.err(f, format!("items[no={no}]"), K::MissingItem(no));
                }
            }
            let hub = &unit.hub;
            self.share(year, index, f, "hub.shared_with", &unit.name, &hub.shared_with, |u| {
                Some((u.hub.shared_with.clone(), u.hub.name == hub.name && u.hub.operator == hub.operator))
            });
            let dir = &unit.direction;
            self.share(year, index, f, "direction.shared_with", &unit.name, &dir.shared_with, |u| {
                Some((u.direction.shared_with.clone(), u.direction.text == dir.text))
            });
            if unit.issues.is_empty() {
                self.err(f, "issues", K::Empty);
            }
            for (i, issue) in unit.issues.iter().enumerate() {
                let key = format!("issues[{}]", i + 1);
                self.required(f, &format!("{key}.issue"), &issue.issue);
                self.lines(f, &format!("{key}.actions"), &issue.actions);
                self.share(year, index, f, &format!("{key}.shared_with"), &unit.name, &issue.shared_with, |u| {
                    let twin = u.issues.iter().find(|j| j.issue == issue.issue)?;
                    Some((twin.shared_with.clone(), twin.actions == issue.actions))
                });
            }
        }
    }

    /// A share names existing units of the same block, adjacent to each
    /// other, each saying the same: `twin` returns the partner's share list and
    /// whether its text is equal.
    #[allow(clippy::too_many_arguments)]
    fn share(
        &mut self,
        year: &Year,
        index: &Index,
        file: &str,
        key: &str,
        me: &str,
        shared: &[String],
        twin: impl Fn(&crate::model::Unit) -> Option<(Vec<String>, bool)>,
    ) {
        if shared.is_empty() {
            return;
        }
        let mut group: Vec<String> = shared.to_vec();
        group.push(me.to_string());
        if !self.adjacent(index, file, key, &group) {
            return;
        }
        for partner in shared {
            let Some(unit) = year.unit(partner) else { continue }; // 未提出: nothing to compare
            let expect: BTreeSet<&str> = group.iter().map(String::as_str).filter(|n| n != partner).collect();
            let ok = twin(unit).is_some_and(|(theirs, same)| {
                same && theirs.iter().map(String::as_str).collect::<BTreeSet<_>>() == expect
            });
            if !ok {
                self.err(file, key, K::ShareMismatch { partner: partner.clone() });
            }
        }
    }

    /// Whether `names` are known columns of one block, side by side.
    fn adjacent(&mut self, index: &Index, file: &str, key: &str, names: &[String]) -> bool {
        let mut cols = Vec::new();
        for name in names {
            match index.get(name) {
                Some(&pos) => cols.push(pos),
                None => {
                    self.err(file, key, K::UnknownUnit(name.clone()));
                    return false;
                }
            }
        }
        let block = cols[0].0;
        let mut xs: Vec<usize> = cols.iter().map(|c| c.1).collect();
        xs.sort_unstable();
        xs.dedup();
        let contiguous = xs.windows(2).all(|w| w[1] == w[0] + 1);
        if cols.iter().any(|c| c.0 != block) || !contiguous || xs.len() != names.len() {
            self.err(file, key, K::NotAdjacent(names.to_vec()));
            return false;
        }
        true
    }

    fn centres(&mut self, year: &Year, index: &Index) {
        // Column spans of centres, to check how they overlap.
        let spans: Vec<Option<(usize, usize, usize)>> = year
            .centres
            .iter()
            .map(|c| {
                let cols: Vec<(usize, usize)> = c.members.iter().filter_map(|m| index.get(m).copied()).collect();
                let block = cols.first()?.0;
                let xs = cols.iter().map(|c| c.1);
                Some((block, xs.clone().min()?, xs.max()?))
            })
            .collect();
        for (i, a) in spans.iter().enumerate() {
            for (j, b) in spans.iter().enumerate().skip(i + 1) {
                let (Some(a), Some(b)) = (a, b) else { continue };
                if a.0 != b.0 {
                    continue;
                }
                let (first, second) = if (a.1, a.2) <= (b.1, b.2) { (a, b) } else { (b, a) };
                let disjoint = first.2 < second.1;
                let seam = first.2 == second.1 && first.1 < second.1 && first.2 < second.2;
                if !disjoint && !seam {
                    let (ca, cb) = (&year.centres[i], &year.centres[j]);
                    self.err(&cb.source, "members", K::CentresOverlap(ca.name.clone(), cb.name.clone()));
                }
            }
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for centre in &year.centres {
            let f = centre.source.as_str();
            if let Some(other) = seen.insert(&centre.name, f) {
                self.err(f, "name", K::SameName { name: centre.name.clone(), other: other.to_string() });
            }
            self.required(f, "name", &centre.name);
            if centre.members.is_empty() {
                self.err(f, "members", K::Empty);
            } else {
                self.adjacent(index, f, "members", &centre.members);
            }
            let mut nos = BTreeSet::new();
            for cell in &centre.items {
                let key = format!("items[no={}]", cell.no);
                if !(1..=10).contains(&cell.no) {
                    self.err(f, format!("{key}.no"), K::ItemOutOfRange(cell.no));
                } else if !nos.insert(cell.no) {
                    self.err(f, format!("{key}.no"), K::DuplicateItem(cell.no));
                }
                self.lines(f, &format!("{key}.lines"), &cell.lines);
            }
        }
    }
}

/// The prefecture's titles, headers and notes as (file, key, text): where a
/// fiscal year named must be the packet's own. Programme lines and ○ summaries
/// are left out: they tell of earlier years on purpose (（平成29年度）).
pub fn titles_and_notes(year: &Year) -> Vec<(&'static str, String, String)> {
    let (s, p, b) = (&year.schedule, &year.programmes, &year.blocks);
    let mut out = vec![(store::PACKET, "meeting".to_string(), year.packet.meeting.clone())];
    out.push((store::SCHEDULE, "title".into(), s.title.clone()));
    numbered(&mut out, store::SCHEDULE, "notes", &s.notes);
    for (i, t) in s.texts.iter().enumerate() {
        out.push((store::SCHEDULE, format!("texts[{}].title", i + 1), t.title.clone()));
    }
    numbered(&mut out, store::PROGRAMMES, "titles", &p.titles);
    numbered(&mut out, store::PROGRAMMES, "columns", &p.columns);
    numbered(&mut out, store::PROGRAMMES, "notes", &p.notes);
    out.push((store::BLOCKS, "default_note".into(), b.default_note.clone()));
    for (i, block) in b.blocks.iter().enumerate() {
        out.push((store::BLOCKS, format!("blocks[{}].label", i + 1), block.label.clone()));
        if let Some(note) = &block.note {
            out.push((store::BLOCKS, format!("blocks[{}].note", i + 1), note.clone()));
        }
    }
    out
}

/// Each line of a list as `prefix[n]` (1-based, as the other keys).
fn numbered(out: &mut Vec<(&'static str, String, String)>, file: &'static str, prefix: &str, lines: &[String]) {
    for (i, l) in lines.iter().enumerate() {
        out.push((file, format!("{prefix}[{}]", i + 1), l.clone()));
    }
}

/// The titles and notes that name another fiscal year than the packet's (warnings).
pub fn other_fiscal_years(year: &Year) -> Vec<Problem> {
    let fy = year.packet.fiscal_year;
    let mut out = Vec::new();
    for (file, key, text) in titles_and_notes(year) {
        for (found, named) in crate::era::fiscal_years_named(&text) {
            if named != fy {
                let kind = K::OtherFiscalYear { found, fy };
                out.push(Problem { severity: Severity::Warning, file: file.into(), key: key.clone(), kind });
            }
        }
    }
    out
}

/// Whether `code` is six digits; if not, an error.
fn check_code(v: &mut Validator, file: &str, key: &str, code: &str) -> bool {
    let ok = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        v.err(file, key, K::BadCode(code.to_string()));
    }
    ok
}

/// The centres whose members are all columns of `block`, in the order of their first column.
pub fn centres_of<'a>(year: &'a Year, block: &Block) -> Vec<&'a crate::model::Centre> {
    let pos = |n: &String| block.columns.iter().position(|c| c == n);
    let mut centres: Vec<_> = year
        .centres
        .iter()
        .filter(|c| !c.members.is_empty() && c.members.iter().all(|m| pos(m).is_some()))
        .collect();
    centres.sort_by_key(|c| c.members.iter().filter_map(pos).min());
    centres
}
