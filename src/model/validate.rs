//! Validation of a loaded year: every finding names its file and key.

use std::collections::{BTreeSet, HashMap};

use crate::model::problem::{Problem, ProblemKind as K, Severity};
use crate::model::bullet;
use crate::model::key::{FieldPart, ItemPart, Key, PairPart};
use crate::model::{BadDate, Block, FieldKind, Unit, Written, Year, YearMonth, contacts, limits};
use crate::model::file as store;

/// Checks a year; returns errors and warnings (未提出 is a warning: the packet still builds).
pub fn validate(year: &Year) -> Vec<Problem> {
    let mut v = Validator { out: Vec::new() };
    v.survey(year);
    v.packet(year);
    v.schedule(year);
    let index = v.blocks(year);
    v.units(year, &index);
    v.centres(year, &index);
    v.contacts(year);
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
    fn err(&mut self, file: &str, key: Key, kind: K) {
        self.out.push(Problem { severity: Severity::Error, file: file.into(), key, kind });
    }

    fn warn(&mut self, file: &str, key: Key, kind: K) {
        self.out.push(Problem { severity: Severity::Warning, file: file.into(), key, kind });
    }

    fn required(&mut self, file: &str, key: Key, value: &str) {
        if value.trim().is_empty() {
            self.err(file, key, K::Empty);
        }
    }

    fn lines(&mut self, file: &str, key: Key, lines: &[String]) {
        if lines.is_empty() || lines.iter().any(|l| l.trim().is_empty()) {
            self.err(file, key, K::Empty);
        }
    }

    fn packet(&mut self, year: &Year) {
        let f = store::PACKET;
        let p = &year.packet;
        self.required(f, Key::Top("prefecture"), &p.prefecture);
        self.required(f, Key::Top("meeting"), &p.meeting);
        self.required(f, Key::Top("material"), &p.material);
        for (key, value) in [("date", &p.date), ("deadline", &p.deadline)] {
            if let Err(BadDate(v)) = value.get() {
                self.err(f, Key::Top(key), K::BadDate(v));
            }
        }
        let columns: BTreeSet<&str> = year.blocks.blocks.iter().flat_map(|b| b.columns.iter().map(String::as_str)).collect();
        for (name, date) in &p.extensions {
            let key = Key::Toml(format!("extensions.{name}"));
            if let Err(BadDate(v)) = date.get() {
                self.err(f, key.clone(), K::BadDate(v));
            }
            if !columns.contains(name.as_str()) && !year.centres.iter().any(|c| &c.name == name) {
                self.warn(f, key, K::UnknownUnit(name.clone()));
            }
        }
        if let Some(r) = &p.request {
            match r.date.get() {
                Err(BadDate(v)) => self.err(f, Key::Toml("request.date".into()), K::BadDate(v)),
                // Last year's letter carried over by new-year: its date (and surely its number) to renew.
                Ok(d) if d.fiscal_year() != p.fiscal_year => {
                    let kind = K::OutsideFiscalYear { value: r.date.as_str().to_string(), fy: p.fiscal_year };
                    self.warn(f, Key::Toml("request.date".into()), kind)
                }
                Ok(_) => {}
            }
            if let Some(mail) = r.mail.as_ref().filter(|m| !contacts::is_address(m)) {
                self.err(f, Key::Toml("request.mail".into()), K::BadAddress(mail.clone()));
            }
        }
    }

    /// `contacts.toml`: every address an address (an error: a draft would go nowhere, or
    /// carry what is not an address into a header); a name no unit or centre has (a warning).
    fn contacts(&mut self, year: &Year) {
        let f = store::CONTACTS;
        let columns: BTreeSet<&str> = year.blocks.blocks.iter().flat_map(|b| b.columns.iter().map(String::as_str)).collect();
        for (name, c) in &year.contacts.0 {
            let known = columns.contains(name.as_str()) || year.centres.iter().any(|x| &x.name == name);
            if !known {
                self.warn(f, Key::Toml(name.clone()), K::UnknownContact(name.clone()));
            }
            for (list, addresses) in [("mail", &c.mail), ("cc", &c.cc)] {
                for (i, a) in addresses.iter().enumerate() {
                    if !contacts::is_address(a) {
                        self.err(f, Key::Toml(format!("{name}.{list}[{}]", i + 1)), K::BadAddress(a.clone()));
                    }
                }
            }
        }
    }

    fn schedule(&mut self, year: &Year) {
        let f = store::SCHEDULE;
        let s = &year.schedule;
        self.required(f, Key::Top("title"), &s.title);
        let fy = year.packet.fiscal_year;
        let first = self.grid_month(f, Key::Top("first_month"), &s.first_month, fy);
        let last = self.grid_month(f, Key::Top("last_month"), &s.last_month, fy);
        let mut range = None;
        if let (Some(a), Some(b)) = (first, last) {
            if a > b {
                let (from, to) = (s.first_month.to_string(), s.last_month.to_string());
                self.err(f, Key::Top("last_month"), K::Reversed { from, to });
            } else if a.months_to(b) + 1 > limits::MAX_MONTHS {
                self.err(f, Key::Top("last_month"), K::TooManyMonths { months: a.months_to(b) + 1, limit: limits::MAX_MONTHS });
            } else {
                range = Some(a..=b);
            }
        }
        if s.bands.is_empty() {
            self.err(f, Key::Top("bands"), K::Empty);
        }
        for (i, e) in s.events.iter().enumerate() {
            let at = |part| Key::line_part("events", i + 1, part);
            self.required(f, at("label"), &e.label);
            if !s.bands.contains(&e.band) {
                self.err(f, at("band"), K::UnknownBand(e.band.clone()));
            }
            match (&e.date, &e.from, &e.to) {
                (Some(d), None, None) => match d.get() {
                    Ok(day) => self.on_grid(f, at("date"), day.month(), d.as_str(), range.as_ref()),
                    Err(BadDate(v)) => self.err(f, at("date"), K::BadDate(v)),
                },
                (None, Some(a), Some(b)) => self.span(f, ("events", i + 1), a, b, range.as_ref()),
                _ => self.err(f, Key::line("events", i + 1), K::EventWhen),
            }
        }
        for (i, t) in s.texts.iter().enumerate() {
            if !s.bands.contains(&t.band) {
                self.err(f, Key::line_part("texts", i + 1, "band"), K::UnknownBand(t.band.clone()));
            }
            self.span(f, ("texts", i + 1), &t.from, &t.to, range.as_ref());
        }
    }

    /// A first or last month of the grid: readable, and near the fiscal year
    /// (a year or more away is an error, outside it a warning).
    fn grid_month(&mut self, file: &str, key: Key, value: &Written<YearMonth>, fy: i32) -> Option<YearMonth> {
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
            self.err(file, key.clone(), K::FarFromFiscalYear { value, fy });
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
        (list, index): (&'static str, usize),
        from: &Written<YearMonth>,
        to: &Written<YearMonth>,
        range: Option<&std::ops::RangeInclusive<YearMonth>>,
    ) {
        let mut read = |k: &'static str, w: &Written<YearMonth>| match w.get() {
            Ok(m) => {
                self.on_grid(file, Key::line_part(list, index, k), m, w.as_str(), range);
                Some(m)
            }
            Err(BadDate(v)) => {
                self.err(file, Key::line_part(list, index, k), K::BadDate(v));
                None
            }
        };
        let (a, b) = (read("from", from), read("to", to));
        if a.zip(b).is_some_and(|(a, b)| a > b) {
            self.err(file, Key::line_part(list, index, "to"), K::Reversed { from: from.to_string(), to: to.to_string() });
        }
    }

    /// A month of an event must be a column of the grid (when the grid is known).
    fn on_grid(&mut self, file: &str, key: Key, m: YearMonth, text: &str, range: Option<&std::ops::RangeInclusive<YearMonth>>) {
        if range.is_some_and(|r| !r.contains(&m)) {
            self.err(file, key, K::OutsideSchedule(text.to_string()));
        }
    }

    fn blocks(&mut self, year: &Year) -> Index {
        let f = store::BLOCKS;
        let mut index = Index::new();
        self.required(f, Key::Top("default_note"), &year.blocks.default_note);
        for (b, block) in year.blocks.blocks.iter().enumerate() {
            let at = |part| Key::line_part("blocks", b + 1, part);
            self.required(f, at("label"), &block.label);
            if block.columns.is_empty() {
                self.err(f, at("columns"), K::Empty);
            }
            for (c, name) in block.columns.iter().enumerate() {
                if index.insert(name.clone(), (b, c)).is_some() {
                    self.err(f, at("columns"), K::UnitInTwoBlocks(name.clone()));
                }
                if year.unit(name).is_none() {
                    self.warn(f, at("columns"), K::NotSubmitted(name.clone()));
                }
            }
        }
        index
    }

    fn units(&mut self, year: &Year, index: &Index) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        let mut codes: HashMap<&str, &Unit> = HashMap::new();
        for unit in &year.units {
            let f = unit.source.as_str();
            if let Some(other) = seen.insert(&unit.name, f) {
                self.err(f, Key::Top("name"), K::SameName { name: unit.name.clone(), other: other.to_string() });
            }
            self.required(f, Key::Top("name"), &unit.name);
            if let Some(code) = &unit.code
                && check_code(self, f, Key::Top("code"), code)
            {
                match codes.get(code.as_str()) {
                    Some(first) if first.name != unit.name => self.warn(f, Key::Top("code"), K::SameCode {
                        code: code.clone(),
                        other: first.name.clone(),
                        other_file: first.source.clone(),
                    }),
                    Some(_) => {}
                    None => drop(codes.insert(code, unit)),
                }
            }
            for (i, m) in unit.members.iter().enumerate() {
                self.required(f, Key::line_part("members", i + 1, "name"), &m.name);
                if let Some(code) = &m.code {
                    check_code(self, f, Key::line_part("members", i + 1, "code"), code);
                }
            }
            self.fields(year, index, unit);
            let Some(&(b, _)) = index.get(&unit.name) else {
                self.err(f, Key::Top("name"), K::UnitInNoBlock(unit.name.clone()));
                continue;
            };
            self.unit_items(year, index, &year.blocks.blocks[b], unit);
            self.pairs(year, index, unit);
        }
    }

    /// The unit's own fields: known to the survey, of its kind, required ones answered, shares agreed.
    fn fields(&mut self, year: &Year, index: &Index, unit: &Unit) {
        let f = unit.source.as_str();
        for key in unit.fields.keys().filter(|k| year.survey.field(k).is_none()) {
            self.err(f, Key::field(key, FieldPart::Text), K::UnknownField(key.clone()));
        }
        for field in &year.survey.fields {
            let value = unit.field(&field.key).cloned().unwrap_or_default();
            let main = if field.kind == FieldKind::Lines { FieldPart::Lines } else { FieldPart::Text };
            if field.required && value.is_empty() {
                self.err(f, Key::field(&field.key, main), K::Empty);
            }
            let wrong = match field.kind {
                FieldKind::Text => value.bracket.is_some() || !value.lines.is_empty(),
                FieldKind::Bracketed => !value.lines.is_empty(),
                FieldKind::Lines => value.bracket.is_some() || !value.text.is_empty(),
            };
            if wrong {
                self.err(f, Key::field(&field.key, main), K::FieldKind(field.kind));
            }
            if !field.shareable && !value.shared_with.is_empty() {
                self.err(f, Key::field(&field.key, FieldPart::SharedWith), K::NotShareable { unit_word: year.survey.unit_word().to_string() });
                continue;
            }
            let key = Key::field(&field.key, FieldPart::SharedWith);
            self.share(year, index, f, key, &unit.name, &value.shared_with, |u| {
                let theirs = u.field(&field.key)?;
                Some((theirs.shared_with.clone(), theirs.text == value.text && theirs.bracket == value.bracket && theirs.lines == value.lines))
            });
        }
    }

    /// The unit's items: known, once each, answered, shares agreed; every item the block's matrix needs.
    fn unit_items(&mut self, year: &Year, index: &Index, block: &Block, unit: &Unit) {
        let f = unit.source.as_str();
        let has_centres = year.centres.iter().any(|c| c.members.iter().all(|m| block.columns.contains(m)));
        let keys = self.item_cells(year, f, unit.items.iter().map(|c| (&c.key, &c.lines)));
        for cell in &unit.items {
            let key = Key::item(&cell.key, ItemPart::SharedWith);
            self.share(year, index, f, key, &unit.name, &cell.shared_with, |u| {
                u.item(&cell.key).map(|c| (c.shared_with.clone(), c.lines == cell.lines))
            });
        }
        for item in &year.survey.items {
            // Where the block has centres, an item may have no 市町単独 row at all;
            // then every unit leaves it out.
            let needed = !has_centres
                || block.columns.iter().filter_map(|n| year.unit(n)).any(|u| u.item(&item.key).is_some());
            if needed && !keys.contains(item.key.as_str()) {
                self.err(f, Key::item(&item.key, ItemPart::Whole), K::MissingItem(item.label()));
            }
        }
    }

    /// Item cells of a unit or centre: each a key of the survey, once, with lines; returns the keys seen.
    fn item_cells<'a>(
        &mut self,
        year: &Year,
        f: &str,
        cells: impl Iterator<Item = (&'a String, &'a Vec<String>)>,
    ) -> BTreeSet<&'a str> {
        let mut keys = BTreeSet::new();
        for (key, lines) in cells {
            if year.survey.item(key).is_none() {
                self.err(f, Key::item(key, ItemPart::Key), K::UnknownItem(key.clone()));
            } else if !keys.insert(key.as_str()) {
                self.err(f, Key::item(key, ItemPart::Key), K::DuplicateItem(key.clone()));
            }
            self.lines(f, Key::item(key, ItemPart::Lines), lines);
            self.bullets(f, key, lines);
        }
        keys
    }

    /// Bullets typed with another mark, or a first line that is a note (warnings: the packet prints them as notes).
    fn bullets(&mut self, f: &str, key: &str, lines: &[String]) {
        for line in lines {
            match bullet::fix(line).1 {
                Some(bullet::Fix::Bullet(c)) => self.warn(f, Key::item(key, ItemPart::Lines), K::OtherBullet(c.to_string())),
                Some(bullet::Fix::Dash(d)) => self.warn(f, Key::item(key, ItemPart::Lines), K::LoneDash(d)),
                None => {}
            }
        }
        if bullet::starts_with_note(lines) {
            self.warn(f, Key::item(key, ItemPart::Lines), K::NoteFirst);
        }
        // A line a spreadsheet would run as a formula: published with a leading 「'」 (outputs::publish::inert).
        if let Some(line) = lines.iter().find(|l| l.starts_with(['=', '+', '-', '@', '\t', '\r'])) {
            self.warn(f, Key::item(key, ItemPart::Lines), K::FormulaLike(line.chars().take(20).collect()));
        }
    }

    /// The paired table: at least one entry, each with its first column and rows of the survey's width.
    fn pairs(&mut self, year: &Year, index: &Index, unit: &Unit) {
        let f = unit.source.as_str();
        let table = &year.survey.table;
        if unit.pairs.is_empty() {
            self.err(f, Key::Pairs, K::Empty);
        }
        for (i, pair) in unit.pairs.iter().enumerate() {
            let at = |part| Key::Pair { index: i + 1, part };
            self.required(f, at(PairPart::First), &pair.first);
            let blank = pair.rows.iter().any(|r| r.iter().all(|c| c.trim().is_empty()));
            if pair.rows.is_empty() || blank {
                self.err(f, at(PairPart::Rows), K::Empty);
            }
            if let Some(r) = pair.rows.iter().find(|r| r.len() != table.columns.len()) {
                self.err(f, at(PairPart::Rows), K::RowWidth { found: r.len(), expected: table.columns.len() });
            }
            if !table.shareable && !pair.shared_with.is_empty() {
                self.err(f, at(PairPart::SharedWith), K::NotShareable { unit_word: year.survey.unit_word().to_string() });
                continue;
            }
            self.share(year, index, f, at(PairPart::SharedWith), &unit.name, &pair.shared_with, |u| {
                let twin = u.pairs.iter().find(|j| j.first == pair.first)?;
                Some((twin.shared_with.clone(), twin.rows == pair.rows))
            });
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
        key: Key,
        me: &str,
        shared: &[String],
        twin: impl Fn(&Unit) -> Option<(Vec<String>, bool)>,
    ) {
        if shared.is_empty() {
            return;
        }
        let mut group: Vec<String> = shared.to_vec();
        group.push(me.to_string());
        if !self.adjacent(index, file, &key, &group) {
            return;
        }
        for partner in shared {
            let Some(unit) = year.unit(partner) else { continue }; // 未提出: nothing to compare
            let expect: BTreeSet<&str> = group.iter().map(String::as_str).filter(|n| n != partner).collect();
            let ok = twin(unit).is_some_and(|(theirs, same)| {
                same && theirs.iter().map(String::as_str).collect::<BTreeSet<_>>() == expect
            });
            if !ok {
                self.err(file, key.clone(), K::ShareMismatch { partner: partner.clone() });
            }
        }
    }

    /// Whether `names` are known columns of one block, side by side.
    fn adjacent(&mut self, index: &Index, file: &str, key: &Key, names: &[String]) -> bool {
        let mut cols = Vec::new();
        for name in names {
            match index.get(name) {
                Some(&pos) => cols.push(pos),
                None => {
                    self.err(file, key.clone(), K::UnknownUnit(name.clone()));
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
            self.err(file, key.clone(), K::NotAdjacent(names.to_vec()));
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
                    self.err(&cb.source, Key::Top("members"), K::CentresOverlap { a: ca.name.clone(), b: cb.name.clone(), unit_word: year.survey.unit_word().to_string() });
                }
            }
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for centre in &year.centres {
            let f = centre.source.as_str();
            if let Some(other) = seen.insert(&centre.name, f) {
                self.err(f, Key::Top("name"), K::SameName { name: centre.name.clone(), other: other.to_string() });
            }
            self.required(f, Key::Top("name"), &centre.name);
            if centre.members.is_empty() {
                self.err(f, Key::Top("members"), K::Empty);
            } else {
                self.adjacent(index, f, &Key::Top("members"), &centre.members);
            }
            self.item_cells(year, f, centre.items.iter().map(|c| (&c.key, &c.lines)));
            for cell in centre.items.iter().filter(|c| year.survey.item(&c.key).is_some_and(|i| !i.wide)) {
                self.err(f, Key::item(&cell.key, ItemPart::Key), K::NotWide(cell.key.clone()));
            }
        }
    }

    /// `survey.toml`: keys and marks unique and present, a table with columns.
    fn survey(&mut self, year: &Year) {
        let f = store::SURVEY;
        let s = &year.survey;
        self.required(f, Key::Top("key"), &s.key);
        self.required(f, Key::Top("title"), &s.title);
        self.required(f, Key::Top("matrix_title"), &s.matrix_title);
        self.required(f, Key::Top("table_title"), &s.table_title);
        self.required(f, Key::Top("items_sheet"), &s.items_sheet);
        self.required(f, Key::Top("table_sheet"), &s.table_sheet);
        if s.items.is_empty() {
            self.err(f, Key::Top("items"), K::Empty);
        }
        let mut keys = BTreeSet::new();
        let mut marks = BTreeSet::new();
        for (i, item) in s.items.iter().enumerate() {
            let at = |part| Key::line_part("items", i + 1, part);
            self.required(f, at("key"), &item.key);
            self.required(f, at("mark"), &item.mark);
            self.required(f, at("name"), &item.name);
            if !keys.insert(item.key.as_str()) {
                self.err(f, at("key"), K::DuplicateItem(item.key.clone()));
            }
            if !marks.insert(item.mark.as_str()) {
                self.err(f, at("mark"), K::DuplicateMark(item.mark.clone()));
            }
        }
        let mut fields = BTreeSet::new();
        for (i, field) in s.fields.iter().enumerate() {
            self.required(f, Key::line_part("fields", i + 1, "key"), &field.key);
            self.required(f, Key::line_part("fields", i + 1, "name"), &field.name);
            if !fields.insert(field.key.as_str()) {
                self.err(f, Key::line_part("fields", i + 1, "key"), K::DuplicateField(field.key.clone()));
            }
        }
        self.required(f, Key::Top("table.first.header"), &s.table.first.header);
        if s.table.columns.is_empty() {
            self.err(f, Key::Top("table.columns"), K::Empty);
        }
    }
}

/// The prefecture's titles, headers and notes as (file, key, text): where a
/// fiscal year named must be the packet's own. Programme lines and ○ summaries
/// are left out: they tell of earlier years on purpose (（平成29年度）).
pub fn titles_and_notes(year: &Year) -> Vec<(&'static str, Key, String)> {
    let (s, p, b) = (&year.schedule, &year.programmes, &year.blocks);
    let mut out = vec![(store::PACKET, Key::Top("meeting"), year.packet.meeting.clone())];
    out.push((store::SCHEDULE, Key::Top("title"), s.title.clone()));
    numbered(&mut out, store::SCHEDULE, "notes", &s.notes);
    for (i, t) in s.texts.iter().enumerate() {
        out.push((store::SCHEDULE, Key::line_part("texts", i + 1, "title"), t.title.clone()));
    }
    numbered(&mut out, store::PROGRAMMES, "titles", &p.titles);
    numbered(&mut out, store::PROGRAMMES, "columns", &p.columns);
    numbered(&mut out, store::PROGRAMMES, "notes", &p.notes);
    out.push((store::BLOCKS, Key::Top("default_note"), b.default_note.clone()));
    for (i, block) in b.blocks.iter().enumerate() {
        out.push((store::BLOCKS, Key::line_part("blocks", i + 1, "label"), block.label.clone()));
        if let Some(note) = &block.note {
            out.push((store::BLOCKS, Key::line_part("blocks", i + 1, "note"), note.clone()));
        }
    }
    out
}

/// Each line of a list as `prefix[n]` (1-based, as the other keys).
fn numbered(out: &mut Vec<(&'static str, Key, String)>, file: &'static str, list: &'static str, lines: &[String]) {
    for (i, l) in lines.iter().enumerate() {
        out.push((file, Key::line(list, i + 1), l.clone()));
    }
}

/// The titles and notes that name another fiscal year than the packet's (warnings).
pub fn other_fiscal_years(year: &Year) -> Vec<Problem> {
    let fy = year.packet.fiscal_year;
    let mut out = Vec::new();
    for (file, key, text) in titles_and_notes(year) {
        for (found, named) in crate::model::era::fiscal_years_named(&text) {
            if named != fy {
                let kind = K::OtherFiscalYear { found, fy };
                out.push(Problem { severity: Severity::Warning, file: file.into(), key: key.clone(), kind });
            }
        }
    }
    out
}

/// Whether `code` is six digits ending in its check digit; if not, an error.
fn check_code(v: &mut Validator, file: &str, key: Key, code: &str) -> bool {
    if !crate::model::code::is_six_digits(code) {
        v.err(file, key, K::BadCode(code.to_string()));
        return false;
    }
    if let Some(expected) = crate::model::code::wrong_check_digit(code) {
        v.err(file, key, K::CheckDigit { code: code.to_string(), expected });
        return false;
    }
    true
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
