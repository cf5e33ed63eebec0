//! Step 4, commit: the accepted answers written as one journalled change, the workbooks
//! kept under `received/`, the ledger's entries, and each workbook's outcome.

use super::*;

/// Stages everything the ingest changes — TOMLs, kept workbooks, the ledger —
/// and commits it at once. Returns the TOML files whose bytes changed.
pub(super) fn commit(
    year_dir: &Path,
    year: &Year,
    mut ledger: Ledger,
    parsed: &[Parsed],
    accepted: &[usize],
    choice: &Choice,
    receipt: &str,
) -> Result<Vec<String>> {
    let mut txn = Txn::begin(year_dir)?;
    match stage(year_dir, year, &mut ledger, &mut txn, parsed, accepted, choice, receipt) {
        Ok(changed) => {
            txn.commit()?;
            Ok(changed)
        }
        Err(e) => {
            txn.abort();
            Err(e)
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn stage(
    year_dir: &Path,
    year: &Year,
    ledger: &mut Ledger,
    txn: &mut Txn,
    parsed: &[Parsed],
    accepted: &[usize],
    choice: &Choice,
    receipt: &str,
) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    for &i in accepted {
        let p = &parsed[i];
        let Some(sub) = &p.submission else { continue };
        let mut produced = Vec::new();
        for (rel, text) in texts_of(year, p, sub)? {
            if txn.put(&rel, text.as_bytes())? {
                changed.push(rel.clone());
            }
            produced.push(Produced { file: rel, sha256: received::sha256(text.as_bytes()) });
        }
        if ledger.state_of(sub.kind, &sub.name, &p.sha256) == Some(State::Applied) {
            continue;
        }
        let stored = keep_once(ledger, year_dir, txn, p, &sub.name, receipt)?;
        let warnings = p.findings.iter().filter(|f| f.severity == Severity::Warning && !f.kind.is_notice()).count();
        ledger.apply(Entry { state: State::Applied, stored, produced, warnings, ..entry(p, receipt) });
    }
    if accepted.iter().any(|&i| parsed[i].submission.as_ref().is_some_and(Submission::gives_contacts)) {
        let text = store::to_canonical(&contacts_with(year, parsed, accepted))?;
        if txn.put(store::CONTACTS, text.as_bytes())? {
            changed.push(store::CONTACTS.to_string());
        }
    }
    record_others(year_dir, txn, ledger, parsed, accepted, choice, receipt)?;
    ledger.pending.retain(|x| !x.kind.is_some_and(|k| choice.targets.contains(&(k, x.name.clone()))));
    ledger.pending.extend(choice.pending.iter().cloned());
    txn.put(&Ledger::rel(), ledger.text()?.as_bytes())?;
    Ok(changed)
}

/// The files (relative to the year) a submission writes, with their canonical text.
pub(super) fn texts_of(year: &Year, p: &Parsed, sub: &Submission) -> Result<Vec<(String, String)>> {
    Ok(match (&sub.unit, &sub.centre, &sub.parts) {
        (Some(u), _, _) => vec![(source_of(year, p), store::to_canonical(u)?)],
        (_, Some(c), _) => vec![(source_of(year, p), store::to_canonical(c)?)],
        (_, _, Some(parts)) => vec![
            (store::PACKET.into(), store::to_canonical(&packet_of(year, parts))?),
            (store::SCHEDULE.into(), store::to_canonical(&schedule_of(year, parts))?),
            (store::PROGRAMMES.into(), store::to_canonical(&parts.programmes)?),
            (store::BLOCKS.into(), store::to_canonical(&parts.blocks)?),
        ],
        _ => Vec::new(),
    })
}

/// The schedule as the prefecture's form sets it; a form from before the display
/// column (version 5) keeps each box's display form from the year (same band and label).
pub(super) fn schedule_of(year: &Year, parts: &prefecture::Parts) -> crate::model::Schedule {
    let mut schedule = parts.schedule.clone();
    if !parts.displays {
        for e in &mut schedule.events {
            let before = year.schedule.events.iter().find(|b| b.band == e.band && b.label == e.label);
            e.display = before.and_then(|b| b.display.clone());
        }
    }
    schedule
}

/// The year's packet with the fields the prefecture's form sets (a form of version 1 sets none).
pub(super) fn packet_of(year: &Year, parts: &prefecture::Parts) -> crate::model::Packet {
    let mut packet = year.packet.clone();
    if let Some(p) = &parts.packet {
        packet.meeting = p.meeting.clone();
        packet.material = p.material.clone();
        packet.date = p.date.clone();
        packet.deadline = p.deadline.clone();
        packet.contact = p.contact.clone();
    }
    if let Some(request) = &parts.request {
        packet.request = request.clone();
    }
    packet.schema = crate::model::survey::SCHEMA;
    packet
}

/// A ledger line for a workbook; callers set its state.
pub(super) fn entry(p: &Parsed, receipt: &str) -> Entry {
    let (kind, name) = p.target.as_ref().map(|(k, n)| (Some(*k), n.clone())).unwrap_or_default();
    Entry {
        kind,
        name,
        state: State::NotAForm,
        hold: None,
        sha256: p.sha256.clone(),
        origin: p.origin,
        original: p.file.clone(),
        sender: p.mail.as_ref().map(|m| m.sender.clone()).unwrap_or_default(),
        subject: p.mail.as_ref().map(|m| m.subject.clone()).unwrap_or_default(),
        mail_date: p.mail.as_ref().and_then(|m| m.date.clone()).unwrap_or_default(),
        stored: String::new(),
        received: receipt.to_string(),
        modified: p.modified.clone(),
        moment: p.arrival.map(|m| received::iso_utc(std::time::UNIX_EPOCH + std::time::Duration::from_secs(m.0.max(0) as u64))).unwrap_or_default(),
        warnings: 0,
        produced: Vec::new(),
        findings: Some(kept(&p.findings, p.more, p.more_errors)),
    }
}

/// Ledger lines for the workbooks not applied: declined, held, superseded on
/// arrival, rejected, not a form. Every version of a unit is kept under
/// `received/`, rejected and superseded ones too.
pub(super) fn record_others(
    year_dir: &Path,
    txn: &mut Txn,
    ledger: &mut Ledger,
    parsed: &[Parsed],
    accepted: &[usize],
    choice: &Choice,
    receipt: &str,
) -> Result<()> {
    for &i in &choice.superseded {
        let p = &parsed[i];
        let Some((kind, name)) = &p.target else { continue };
        if ledger.state_of(*kind, name, &p.sha256).is_none() {
            let stored = keep(year_dir, txn, p, name, receipt)?;
            ledger.record(Entry { state: State::Superseded, stored, ..entry(p, receipt) });
        }
    }
    for &i in &choice.declined {
        let p = &parsed[i];
        let Some(sub) = &p.submission else { continue };
        // Declined only once the chosen one was accepted; a held line becomes declined.
        let known = ledger.state_of(sub.kind, &sub.name, &p.sha256);
        if ledger.current(sub.kind, &sub.name).is_some() && !matches!(known, Some(State::Applied | State::Superseded)) {
            ledger.record(Entry { state: State::Declined, ..entry(p, receipt) });
        }
    }
    // Held ones are kept too: the clerk may choose one later without its folder (the desk's uploads).
    for &(i, hold) in &choice.held {
        let p = &parsed[i];
        let stored = match &p.target {
            Some((_, name)) => keep_once(ledger, year_dir, txn, p, name, receipt)?,
            None => String::new(),
        };
        ledger.record(Entry { state: State::Held, hold: Some(hold), stored, ..entry(p, receipt) });
    }
    for (i, p) in parsed.iter().enumerate() {
        let decided = accepted.contains(&i) || choice.status[i].is_some() || p.sha256.is_empty();
        if decided || !p.rejected() {
            continue;
        }
        // A workbook applied earlier and now refused (the year changed) keeps its line.
        let known = p.target.as_ref().and_then(|(k, n)| ledger.state_of(*k, n, &p.sha256));
        if matches!(known, Some(State::Applied | State::Superseded)) {
            continue;
        }
        match &p.target {
            Some((_, name)) => {
                let stored = if known.is_some() { String::new() } else { keep(year_dir, txn, p, name, receipt)? };
                ledger.record(Entry { state: State::Rejected, stored, ..entry(p, receipt) });
            }
            None => ledger.record(Entry { state: State::NotAForm, ..entry(p, receipt) }),
        }
    }
    Ok(())
}

/// Stages a copy of an accepted workbook under `received/`, named by target and receipt time.
/// The kept copy of a workbook the ledger already holds for the target (held, superseded or
/// restored, then applied), else a new one: one copy per version, never an orphan.
pub(super) fn keep_once(ledger: &Ledger, year_dir: &Path, txn: &mut Txn, p: &Parsed, name: &str, receipt: &str) -> Result<String> {
    let kind = p.target.as_ref().map(|(k, _)| *k);
    let known = ledger.workbooks.iter().find(|e| e.kind == kind && e.name == name && e.sha256 == p.sha256 && !e.stored.is_empty());
    match known {
        Some(e) if year_dir.join(&e.stored).is_file() => Ok(e.stored.clone()),
        _ => keep(year_dir, txn, p, name, receipt),
    }
}

pub(super) fn keep(year_dir: &Path, txn: &mut Txn, p: &Parsed, name: &str, receipt: &str) -> Result<String> {
    let dir = year_dir.join(received::DIR);
    let stem = store::safe_stem(name);
    // Named with the receipt in Japan time, as a clerk reads it: 桑名市_20181116-090000JST.xlsx.
    let stamp = Moment::parse(receipt).map_or_else(|| receipt.chars().filter(|c| c.is_ascii_alphanumeric()).collect(), |m| m.stamp());
    let ext = if p.ext.is_empty() { "xlsx" } else { &p.ext };
    let mut file = format!("{stem}_{stamp}.{ext}");
    let mut n = 2;
    while dir.join(&file).exists() || txn.has(&format!("{}/{file}", received::DIR)) {
        file = format!("{stem}_{stamp}_{n}.{ext}");
        n += 1;
    }
    let rel = format!("{}/{file}", received::DIR);
    txn.put(&rel, &p.kept_bytes()?)?;
    Ok(rel)
}

/// What became of each workbook, for the terminal and the report.
pub(super) fn outcomes(parsed: Vec<Parsed>, status: &[Option<Status>]) -> Vec<WorkbookOutcome> {
    parsed
        .into_iter()
        .zip(status.iter().copied())
        .map(|(p, s)| {
            let rejected = p.rejected();
            let status = match s {
                Some(s @ (Status::Skipped | Status::Duplicate | Status::Held)) => s,
                _ if rejected => Status::Rejected,
                Some(s) => s,
                None if p.findings.iter().all(|f| f.kind.is_notice()) && p.more == 0 => Status::Ok,
                None => Status::Warnings,
            };
            WorkbookOutcome {
                // Rejected ones too, once identified: the report and `--drafts` name whom they are from.
                target: p.target.clone(),
                file: p.file.clone(),
                path: p.path.clone(),
                sha256: p.sha256.clone(),
                status,
                modified: p.modified.clone(),
                findings: p.all_findings(),
            }
        })
        .collect()
}

/// A clock's time as a moment.
pub(super) fn moment_at(t: SystemTime) -> Moment {
    Moment(t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0))
}

/// A file of the folder that is not read, as an outcome with its reason.
pub(super) fn skipped_outcome(s: sources::Skipped) -> WorkbookOutcome {
    let severity = s.reason.severity();
    let status = if severity == Severity::Error { Status::Rejected } else { Status::Skipped };
    let finding = Finding { severity, file: s.display.clone(), sheet: String::new(), cell: String::new(), kind: FindingKind::NotRead(s.reason) };
    WorkbookOutcome {
        file: s.display,
        path: s.path,
        sha256: String::new(),
        target: None,
        status,
        findings: vec![finding],
        modified: String::new(),
    }
}
