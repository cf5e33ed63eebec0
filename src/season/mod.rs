//! The season (照会の１年) as the clerk's steps: a new year, the request, the
//! answers received and chosen, send-backs, reminders and receipts, the packet
//! built, archived and published, the status and the versions. Both front ends
//! (the command line, `src/cli`; the page, `src/desk`) only parse their input,
//! call a step here and word its typed outcome: nothing of the season is
//! written twice, and neither knows the other.
//!
//! Every step opens the years it reads or changes under their lock ([`Season::open`])
//! and returns a [`Done`]: its outcome and the notices of opening (an
//! interrupted change settled). Words are made at the front ends; where a step
//! writes a document a person reads (the ingest report, a send-back's
//! comments, a receipt's list), the front end lends its [`Voice`].

pub mod drafts;
pub mod history;
pub mod intake;
pub mod packet;
pub mod send_back;
pub mod status;

use std::path::Path;
use std::sync::Arc;

use crate::clock::Clock;
use crate::error::Result;
use crate::intake::ingest::{Finding, Ingested};
use crate::intake::ingest::received::StatusRow;
use crate::store::lock::{Access, Wait};
use crate::store::{self, Note, Opened};

/// How the steps meet the world: the clock, and how to wait for a year another process holds.
#[derive(Clone)]
pub struct Season {
    pub clock: Clock,
    pub wait: Wait,
    /// Called with the year's folder when a step waits for its lock.
    pub on_wait: Arc<dyn Fn(&Path) + Send + Sync>,
}

impl Default for Season {
    fn default() -> Season {
        Season { clock: Clock::System, wait: Wait::Block, on_wait: Arc::new(|_| {}) }
    }
}

/// A step's outcome and the notices met opening its years.
#[derive(Debug)]
pub struct Done<T> {
    pub notes: Vec<Note>,
    pub outcome: T,
}

impl<T> Done<T> {
    fn new(notes: Vec<Note>, outcome: T) -> Done<T> {
        Done { notes, outcome }
    }
}

/// The words a step needs for the documents it writes, lent by the front end
/// (`messages` implements it in the language asked for).
pub trait Voice: Sync {
    /// The ingest report (取込結果.md): every file and what became of it, and the units still waiting.
    fn report(&self, done: &Ingested, waiting: &[StatusRow]) -> Result<String>;
    /// What a finding says, without its place (a send-back's cell comment, a receipt's list).
    fn finding(&self, f: &Finding) -> String;
    /// What a finding says, with its sheet and cell.
    fn finding_at(&self, f: &Finding) -> String;
}

impl Season {
    /// A season at a fixed moment that never waits: what in-process tests use.
    pub fn at(clock: Clock) -> Season {
        Season { clock, wait: Wait::No, ..Season::default() }
    }

    /// A year opened for `access`: its lock held until the value is dropped; the notices of settling it added to `notes`.
    pub fn open(&self, dir: &Path, access: Access, notes: &mut Vec<Note>) -> Result<Opened> {
        let on_wait = self.on_wait.clone();
        let mut waiting = || on_wait(dir);
        let mut opened = store::open(dir, access, self.wait, &mut waiting)?;
        notes.append(&mut opened.notes);
        Ok(opened)
    }

    /// An archive root, held alone while a version is written.
    pub fn open_root(&self, dir: &Path) -> Result<store::lock::Lock> {
        let on_wait = self.on_wait.clone();
        let mut waiting = || on_wait(dir);
        store::lock::acquire(dir, Access::Write, self.wait, &mut waiting)
    }
}
