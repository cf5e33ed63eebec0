//! Step 3, accept: the chosen answers validated with the year's other files, joint
//! answers reconciled, and a rejection blamed on the workbook that causes it.

use super::*;

/// The chosen workbooks that the year accepts: joint answers reconciled, then
/// validation of the year as a whole, until the accepted set is stable.
pub(super) fn accept(year: &Year, parsed: &mut [Parsed], chosen: &[usize]) -> Vec<usize> {
    let mut accepted: Vec<usize> = chosen.to_vec();
    let baseline: BTreeSet<String> =
        validate::validate(year).iter().filter(|p| p.severity == Severity::Error).map(problem_id).collect();
    let mut reverted: BTreeSet<(usize, Joint)> = BTreeSet::new();
    for _ in 0..parsed.len() + 3 {
        reconcile(year, parsed, &accepted, &mut reverted);
        let candidate = compose(year, parsed, &accepted);
        let reject = blame(year, &candidate, parsed, &accepted, &baseline);
        if reject.is_empty() {
            break;
        }
        for (i, found) in reject {
            for (sheet, cell, kind) in found {
                parsed[i].error(&sheet, &cell, kind);
            }
            accepted.retain(|&j| j != i);
        }
    }
    accepted
}

pub(super) type Blamed = BTreeMap<usize, Vec<(String, String, FindingKind)>>;

/// The accepted workbooks that the candidate year's new errors are due to.
pub(super) fn blame(year: &Year, candidate: &Year, parsed: &[Parsed], accepted: &[usize], baseline: &BTreeSet<String>) -> Blamed {
    let mut reject = Blamed::new();
    for p in validate::validate(candidate).iter().filter(|p| p.severity == Severity::Error) {
        if let Some(&i) = accepted.iter().find(|&&i| files_of(year, &parsed[i]).contains(&p.file)) {
            let Some(sub) = &parsed[i].submission else { continue };
            let (sheet, cell) = sub.locator.locate(&p.file, &p.key);
            reject.entry(i).or_default().push((sheet, cell, explain(p, candidate)));
        } else if !baseline.contains(&problem_id(p)) {
            // Another file broke: blame the accepted workbooks of its block.
            let owner = owner_of(candidate, &p.file);
            for &i in accepted {
                let Some(sub) = parsed[i].submission.as_ref() else { continue };
                // The prefecture's form decides who is in which block.
                let blamed = sub.kind == Kind::Prefecture
                    || owner.as_ref().is_none_or(|block| same_block(candidate, block, &sub.name, Some(sub)));
                if blamed {
                    // A limit of the whole year is no other file's fault: say which limit.
                    let kind = match p.kind {
                        ProblemKind::TooManyPages { .. } => FindingKind::OverLimit(p.clone()),
                        _ => FindingKind::Breaks(p.clone()),
                    };
                    reject.entry(i).or_default().push((String::new(), String::new(), kind));
                }
            }
        }
    }
    reject
}

/// The year with the accepted submissions in place of the stored ones.
pub(super) fn compose(year: &Year, parsed: &[Parsed], accepted: &[usize]) -> Year {
    let mut y = year.clone();
    for &i in accepted {
        let p = &parsed[i];
        let Some(s) = &p.submission else { continue };
        if let Some(parts) = &s.parts {
            y.packet = packet_of(year, parts);
            y.schedule = parts.schedule.clone();
            y.programmes = parts.programmes.clone();
            y.blocks = parts.blocks.clone();
        }
        let source = source_of(year, p);
        if let Some(u) = &s.unit {
            let mut u = u.clone();
            u.source = source.clone();
            match y.units.iter_mut().find(|x| x.name == u.name) {
                Some(x) => *x = u,
                None => y.units.push(u),
            }
        }
        if let Some(c) = &s.centre {
            let mut c = c.clone();
            c.source = source;
            match y.centres.iter_mut().find(|x| x.name == c.name) {
                Some(x) => *x = c,
                None => y.centres.push(c),
            }
        }
    }
    y.units.sort_by(|a, b| a.source.cmp(&b.source));
    y.centres.sort_by(|a, b| a.source.cmp(&b.source));
    y.contacts = contacts_with(year, parsed, accepted);
    y
}

/// The year's contacts with those the accepted forms gave: the prefecture's 連絡先 first (a row
/// left empty removes its name), then each unit's and centre's own 回答者 (their Cc kept, which it does not ask).
pub(super) fn contacts_with(year: &Year, parsed: &[Parsed], accepted: &[usize]) -> crate::model::contacts::Contacts {
    let mut contacts = year.contacts.clone();
    let sheets = accepted.iter().filter_map(|&i| parsed[i].submission.as_ref()?.parts.as_ref()?.contacts.as_ref());
    for (name, c) in sheets.flatten() {
        if *c == Contact::default() {
            contacts.0.remove(name);
        } else {
            contacts.0.insert(name.clone(), c.clone());
        }
    }
    for &i in accepted {
        let Some(s) = &parsed[i].submission else { continue };
        let Some(c) = &s.contact else { continue };
        let cc = contacts.0.get(&s.name).map(|old| old.cc.clone()).unwrap_or_default();
        contacts.0.insert(s.name.clone(), Contact { cc, ..c.clone() });
    }
    contacts
}

/// The block label of the unit or centre a file holds.
pub(super) fn owner_of(year: &Year, file: &str) -> Option<String> {
    let members: Vec<String> = if let Some(u) = year.units.iter().find(|u| u.source == file) {
        vec![u.name.clone()]
    } else if let Some(c) = year.centres.iter().find(|c| c.source == file) {
        c.members.clone()
    } else {
        return None;
    };
    year.blocks.blocks.iter().find(|b| members.iter().any(|m| b.columns.contains(m))).map(|b| b.label.clone())
}

pub(super) fn same_block(year: &Year, label: &str, name: &str, sub: Option<&Submission>) -> bool {
    let Some(block) = year.blocks.blocks.iter().find(|b| b.label == label) else { return true };
    let members: Vec<String> = match sub.and_then(|s| s.centre.as_ref()) {
        Some(c) => c.members.clone(),
        None => vec![name.to_string()],
    };
    members.iter().any(|m| block.columns.contains(m))
}

/// A joint answer of a unit: a field, an item, or the paired table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Joint {
    Field(String),
    Item(String),
    Pairs,
}

impl Joint {
    fn of(key: &Key) -> Option<Joint> {
        match key {
            Key::Field { field, .. } => Some(Joint::Field(field.clone())),
            Key::Item { item, .. } => Some(Joint::Item(item.clone())),
            Key::Pairs | Key::Pair { .. } => Some(Joint::Pairs),
            _ => None,
        }
    }

    /// The cell a conflict is shown at.
    fn key(&self) -> Key {
        match self {
            Joint::Field(f) => Key::field(f, FieldPart::Text),
            Joint::Item(i) => Key::item(i, ItemPart::Lines),
            Joint::Pairs => Key::Pairs,
        }
    }

    /// Puts back the stored unit's answer; false when there is none to put back.
    fn revert(&self, new: &mut Unit, old: Option<&Unit>, survey: &Survey) -> bool {
        let Some(old) = old else { return false };
        match self {
            Joint::Field(f) => match old.fields.get(f) {
                Some(v) => drop(new.fields.insert(f.clone(), v.clone())),
                None => drop(new.fields.remove(f)),
            },
            Joint::Item(key) => {
                let Some(cell) = old.item(key) else { return false };
                match new.items.iter_mut().find(|c| &c.key == key) {
                    Some(c) => *c = cell.clone(),
                    None => {
                        new.items.push(cell.clone());
                        new.items.sort_by_key(|c| survey.item_index(&c.key));
                    }
                }
            }
            Joint::Pairs => new.pairs = old.pairs.clone(),
        }
        true
    }
}

/// Joint answers that disagree keep their previous text: partners both in
/// the folder name each other's cells (conflict); against a stored partner,
/// the workbook's field is put back (stale).
pub(super) fn reconcile(year: &Year, parsed: &mut [Parsed], accepted: &[usize], reverted: &mut BTreeSet<(usize, Joint)>) {
    for _ in 0..64 {
        let candidate = compose(year, parsed, accepted);
        let batch = |name: &str, parsed: &[Parsed]| {
            accepted.iter().copied().find(|&i| {
                parsed[i].submission.as_ref().is_some_and(|s| s.kind == Kind::Unit && s.name == name)
            })
        };
        let mut changed = false;
        for p in validate::validate(&candidate) {
            let ProblemKind::ShareMismatch { partner } = &p.kind else { continue };
            let Some(field) = Joint::of(&p.key) else { continue };
            let Some(me) = candidate.units.iter().find(|u| u.source == p.file).map(|u| u.name.clone()) else {
                continue;
            };
            let sides = [(batch(&me, parsed), partner.clone()), (batch(partner, parsed), me.clone())];
            let other_of = |name: &String, parsed: &[Parsed]| -> Option<String> {
                let j = batch(name, parsed)?;
                let s = parsed[j].submission.as_ref()?;
                let (sheet, cell) = s.locator.locate("", &field.key());
                Some(format!("{} {sheet}!{cell}", parsed[j].file))
            };
            for (side, other) in sides {
                let Some(i) = side else { continue };
                if reverted.contains(&(i, field.clone())) {
                    continue;
                }
                let Some(name) = parsed[i].submission.as_ref().map(|s| s.name.clone()) else { continue };
                let old = year.unit(&name);
                let at = other_of(&other, parsed);
                let Some(sub) = parsed[i].submission.as_mut() else { continue };
                let Some(unit) = sub.unit.as_mut() else { continue };
                if !field.revert(unit, old, &year.survey) {
                    continue;
                }
                reverted.insert((i, field.clone()));
                changed = true;
                let (sheet, cell) = sub.locator.locate("", &field.key());
                let kind = match at {
                    Some(at) => FindingKind::JointConflict { partner: other.clone(), at },
                    None => FindingKind::JointStale { partner: other.clone() },
                };
                parsed[i].warn(&sheet, &cell, kind);
            }
        }
        if !changed {
            return;
        }
    }
}

/// The files (relative to the year) a submission writes.
pub(super) fn files_of(year: &Year, p: &Parsed) -> Vec<String> {
    match &p.submission {
        Some(s) if s.kind == Kind::Prefecture => {
            let mut files = vec![store::PACKET.into(), store::SCHEDULE.into(), store::PROGRAMMES.into(), store::BLOCKS.into()];
            if s.gives_contacts() {
                files.push(store::CONTACTS.into());
            }
            files
        }
        Some(s) if s.contact.is_some() => vec![source_of(year, p), store::CONTACTS.into()],
        Some(_) => vec![source_of(year, p)],
        None => Vec::new(),
    }
}

/// The file (relative to the year) a unit's or centre's submission is written to.
pub(super) fn source_of(year: &Year, p: &Parsed) -> String {
    let Some(s) = &p.submission else { return String::new() };
    let (existing, sub) = match s.kind {
        Kind::Unit => (year.units.iter().find(|u| u.name == s.name).map(|u| u.source.clone()), store::UNITS),
        Kind::Centre => (year.centres.iter().find(|c| c.name == s.name).map(|c| c.source.clone()), store::CENTRES),
        Kind::Prefecture => return String::new(),
    };
    match existing {
        Some(src) if Path::new(&src).parent() == Some(Path::new(sub)) => src,
        _ => format!("{sub}/{}", store::file_name(&s.name)),
    }
}
