//! Step 2, choose: per target, which workbook goes forward (copies, versions, the clerk's
//! preference, copied forms and duplicates set aside).

use super::*;

/// Which workbooks go forward, per target: copies, superseded and declined
/// ones, copied forms and duplicates set aside.
#[derive(Debug, Default)]
pub(super) struct Choice {
    pub(super) status: Vec<Option<Status>>,
    /// One workbook per target, to be validated.
    pub(super) chosen: Vec<usize>,
    /// Not chosen where `--prefer` chose another.
    pub(super) declined: Vec<usize>,
    /// Older versions than another of the folder or the one applied: kept, not applied.
    pub(super) superseded: Vec<usize>,
    /// Waiting for the clerk's choice.
    pub(super) held: Vec<(usize, Hold)>,
    /// Targets with workbooks in this folder: their earlier pending choice is replaced.
    pub(super) targets: BTreeSet<(Kind, String)>,
    pub(super) pending: Vec<Pending>,
}

/// Decides, per unit or centre, which of its workbooks is applied. Each
/// workbook is a version, ordered by its receipt moment ([`Parsed::moment`]):
/// the latest acceptable version newer than the one applied is applied, older
/// ones are superseded (kept, not applied), a rejected later one is the unit's
/// latest word (差し戻し) while its last accepted one stays applied; two
/// different workbooks of the same moment are duplicates, for the clerk to choose.
pub(super) fn choose(year: &Year, ledger: &Ledger, parsed: &mut [Parsed], prefer: &[Prefer]) -> Choice {
    let mut c = Choice { status: vec![None; parsed.len()], ..Choice::default() };
    let mut groups: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        if let Some((kind, name)) = &p.target {
            groups.entry((*kind, name.clone())).or_default().push(i);
        }
    }
    let names = target_names(year);
    let preferred = |p: &Parsed| {
        prefer.iter().any(|x| match x {
            Prefer::File(f) => preferred(&p.path, &p.file, f),
            Prefer::Sha256(h) => p.sha256 == *h,
        })
    };
    for ((kind, name), members) in &groups {
        let kind = *kind;
        c.targets.insert((kind, name.clone()));
        let mut live: Vec<usize> = Vec::new();
        for &i in members {
            if preferred(&parsed[i]) && !parsed[i].rejected() {
                // A choice given again: taken whatever the ledger says, and the change is said.
                if let Some(current) = ledger.current(kind, name).filter(|e| e.sha256 != parsed[i].sha256) {
                    let instead = current.original.clone();
                    parsed[i].warn("", "", FindingKind::PreferredInstead(instead));
                }
                live.push(i);
            } else if let Some(status) = known_version(ledger, parsed, i, kind, name, &live) {
                c.status[i] = Some(status);
            } else if parsed[i].rejected() {
                // Rejected: a version all the same (kept, and the unit's latest word if it is the newest).
            } else if let Some(named) = copied_from(&parsed[i], name, &names).filter(|_| !preferred(&parsed[i])) {
                parsed[i].error("", "", FindingKind::CopiedForm { named, form: name.clone() });
                c.status[i] = Some(Status::Held);
                c.held.push((i, Hold::CopiedForm));
                c.pending.push(pending_of(kind, name, parsed, &[i]));
            } else {
                live.push(i);
            }
        }
        let live = versions(&mut c, ledger, parsed, live, kind, name, &preferred);
        match live.as_slice() {
            [] => {}
            [one] => c.chosen.push(*one),
            _ => choose_among(&mut c, parsed, &live, kind, name, &preferred),
        }
    }
    c
}

/// A workbook the ledger knows as superseded or declined, or a copy of one in this folder: skipped, with its word.
pub(super) fn known_version(ledger: &Ledger, parsed: &mut [Parsed], i: usize, kind: Kind, name: &str, live: &[usize]) -> Option<Status> {
    match ledger.state_of(kind, name, &parsed[i].sha256) {
        Some(State::Superseded) => {
            parsed[i].warn("", "", FindingKind::Superseded);
            Some(Status::Skipped)
        }
        Some(State::Declined) => {
            let current = ledger.current(kind, name).map(|e| e.original.clone()).unwrap_or_default();
            parsed[i].warn("", "", FindingKind::Declined(current));
            Some(Status::Skipped)
        }
        _ => {
            let twin = live.iter().find(|&&j| parsed[j].sha256 == parsed[i].sha256)?;
            let other = parsed[*twin].file.clone();
            parsed[i].warn("", "", FindingKind::SameAs(other));
            Some(Status::Skipped)
        }
    }
}

/// Of a unit's acceptable workbooks in this folder, the newest ones (several
/// only when they share the newest moment); the others, and all of them when
/// the ledger holds a newer applied version, are superseded on arrival. A
/// preferred workbook is taken whatever its moment.
pub(super) fn versions(
    c: &mut Choice,
    ledger: &Ledger,
    parsed: &mut [Parsed],
    live: Vec<usize>,
    kind: Kind,
    name: &str,
    preferred: &dyn Fn(&Parsed) -> bool,
) -> Vec<usize> {
    if live.iter().any(|&i| preferred(&parsed[i])) || live.len() < 2 && ledger.current(kind, name).is_none() {
        return live;
    }
    let applied = ledger.current(kind, name).filter(|e| !live.iter().any(|&i| parsed[i].sha256 == e.sha256));
    let applied_moment = applied.and_then(|e| Moment::parse(e.moment()));
    let newest = live.iter().filter_map(|&i| parsed[i].moment()).max();
    let mut keep = Vec::new();
    for i in live {
        let m = parsed[i].moment();
        let older_than_applied = matches!((m, applied_moment), (Some(m), Some(a)) if m < a);
        let older_than_newest = matches!((m, newest), (Some(m), Some(n)) if m < n);
        if older_than_applied || older_than_newest {
            let newer = if older_than_applied { applied.map(|e| e.original.clone()) } else { None };
            parsed[i].warn("", "", FindingKind::OlderVersion(newer));
            c.status[i] = Some(Status::Skipped);
            c.superseded.push(i);
        } else {
            keep.push(i);
        }
    }
    keep
}

/// Two or more workbooks for one target: the preferred one, or none until the clerk chooses.
pub(super) fn choose_among(c: &mut Choice, parsed: &mut [Parsed], live: &[usize], kind: Kind, name: &str, preferred: &dyn Fn(&Parsed) -> bool) {
    let chosen: Vec<usize> = live.iter().copied().filter(|&i| preferred(&parsed[i])).collect();
    if let [one] = chosen.as_slice() {
        c.chosen.push(*one);
        for &i in live.iter().filter(|&&i| i != *one) {
            let file = parsed[*one].file.clone();
            parsed[i].warn("", "", FindingKind::Declined(file));
            c.status[i] = Some(Status::Skipped);
            c.declined.push(i);
        }
        return;
    }
    for &i in live {
        let others: Vec<String> = live.iter().filter(|&&j| j != i).map(|&j| parsed[j].file.clone()).collect();
        parsed[i].error("", "", FindingKind::Duplicate(others));
        c.status[i] = Some(Status::Duplicate);
        c.held.push((i, Hold::Duplicate));
    }
    c.pending.push(pending_of(kind, name, parsed, live));
}

pub(super) fn pending_of(kind: Kind, name: &str, parsed: &[Parsed], members: &[usize]) -> Pending {
    Pending {
        kind: Some(kind),
        name: name.to_string(),
        files: members.iter().map(|&i| parsed[i].file.clone()).collect(),
        modified: members.iter().map(|&i| parsed[i].modified.clone()).collect(),
    }
}

/// The name of the year most like `typed` (「四日市」→「四日市市」, one character off): a suggestion, if any.
pub(super) fn closest(typed: &str, names: &[String]) -> Option<String> {
    let chars: Vec<char> = typed.chars().collect();
    let near = |n: &String| {
        let other: Vec<char> = n.chars().collect();
        let contains = n.contains(typed) || typed.contains(n.as_str());
        let one_off = chars.len() == other.len() && chars.iter().zip(&other).filter(|(a, b)| a != b).count() == 1;
        chars.len() >= 2 && (contains || one_off)
    };
    names.iter().filter(|n| near(n)).min_by_key(|n| n.chars().count().abs_diff(chars.len())).cloned()
}

/// The names of the year's units and centres (NFC), longest first.
pub(super) fn target_names(year: &Year) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut names: Vec<String> = year
        .blocks
        .blocks
        .iter()
        .flat_map(|b| b.columns.iter())
        .chain(year.centres.iter().map(|c| &c.name))
        .map(|n| n.nfc().collect())
        .collect();
    names.sort_by_key(|n: &String| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names
}

/// The other unit a workbook's file name names, when it does not name its own
/// target: a form copied from another unit's and filled in for this one (or the
/// reverse). A centre's form may well carry a member's name (the member that fills it in).
pub(super) fn copied_from(p: &Parsed, own: &str, names: &[String]) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let nfc = |s: &str| -> String { s.nfc().collect() };
    let base = nfc(p.file.rsplit(['/', '\\']).next().unwrap_or(&p.file));
    let own = nfc(own);
    if base.contains(&own) {
        return None;
    }
    let members: Vec<String> =
        p.submission.as_ref().and_then(|s| s.centre.as_ref()).map(|c| c.members.iter().map(|m| nfc(m)).collect()).unwrap_or_default();
    names.iter().find(|n| **n != own && !members.contains(n) && base.contains(n.as_str())).cloned()
}

/// Whether `--prefer` names this workbook: by its name as shown (`sub/桑名市.xlsx`,
/// `回答.zip/桑名市.xlsx`), its file name, or its path.
pub(super) fn preferred(path: &Path, display: &str, prefer: &Path) -> bool {
    let named = prefer.to_string_lossy();
    if named == display || display.rsplit('/').next() == Some(&*named) {
        return true;
    }
    if prefer.components().count() == 1 {
        return path.file_name() == prefer.file_name() && !display.contains(".zip/");
    }
    match (path.canonicalize(), prefer.canonicalize()) {
        (Ok(x), Ok(y)) => x == y && !display.contains(".zip/"),
        _ => false,
    }
}
