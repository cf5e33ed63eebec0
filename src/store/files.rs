//! The one door through which shiryo changes files: create, write, fsync,
//! rename and unlink. Everything that writes a year, a report, a form or an
//! archive goes through here, so that
//!
//! - a file is replaced whole or not at all (a temporary file beside it, fsync, rename, fsync of the folder);
//! - a new file gets the mode the umask gives (not 0600), a replaced file keeps its mode;
//! - tests can stop the process or fill the disk at any one of these operations
//!   (`SHIRYO_FAULT=kill@N` or `enospc@N`, debug builds only: see [`fault`]).
//!
//! Temporary files are named `.<name>.<pid>.<n>.shiryo-tmp`, so that a later
//! command holding the year's lock can recognise and remove those a crash left.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The suffix of every temporary file this layer makes.
pub const TMP_SUFFIX: &str = ".shiryo-tmp";

/// One operation of the file layer: where faults can be injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Write,
    Fsync,
    Rename,
    Unlink,
}

/// Writes `bytes` to `path` atomically; unchanged content is not rewritten.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if same_as(path, bytes) {
        return Ok(());
    }
    // Only a regular file (or nothing) is replaced: never a pipe, a device or a socket.
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    let tmp = write_new_temp(path, bytes)?;
    let result = keep_mode(path, &tmp).and_then(|()| rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether `path` is a regular file holding exactly `bytes`: read no further than its
/// length says (a device or a pipe is never read).
fn same_as(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    // Looked at before it is opened: opening a pipe would wait for a writer.
    if !fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    let Ok(f) = File::open(path) else { return false };
    let mut old = Vec::with_capacity(bytes.len());
    f.take(bytes.len() as u64 + 1).read_to_end(&mut old).is_ok_and(|_| old == bytes)
}

/// Writes a new file (fsynced) that must not exist yet: for files inside a
/// folder that is itself renamed into place whole (an archive version).
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fault::point(Op::Create, path)?;
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    fault::point(Op::Write, path)?;
    f.write_all(bytes)?;
    fault::point(Op::Fsync, path)?;
    f.sync_all()
}

/// Creates a new file with `bytes`, not synced: for a staged file that only
/// counts once [`sync_fs`] has run (the journal syncs once for all of them).
pub fn create_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fault::point(Op::Create, path)?;
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    fault::point(Op::Write, path)?;
    f.write_all(bytes)
}

/// Makes a batch of files durable: their fsyncs run side by side, so that the
/// file system can commit them together (hundreds of staged files cost about as
/// much as a few). One fault point for the batch.
pub fn sync_files(paths: &[PathBuf]) -> io::Result<()> {
    use rayon::prelude::*;
    fault::point(Op::Fsync, paths.first().map_or(Path::new(""), PathBuf::as_path))?;
    paths.par_iter().with_max_len(1).try_for_each(|p| File::open(p)?.sync_all())
}

/// Renames `from` over `to` without syncing the folder: the caller syncs each
/// folder once after a batch of renames ([`sync_dir`]).
pub fn rename_unsynced(from: &Path, to: &Path) -> io::Result<()> {
    fault::point(Op::Rename, to)?;
    fs::rename(from, to)
}

/// Writes `bytes` into a new temporary file beside `path` (fsynced); returns its path.
pub fn write_new_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let tmp = temp_beside(path);
    let result = (|| {
        fault::point(Op::Create, &tmp)?;
        // create_new: the mode is 0666 less the umask, like any program's new file.
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        fault::point(Op::Write, &tmp)?;
        f.write_all(bytes)?;
        fault::point(Op::Fsync, &tmp)?;
        f.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// A file that replaces `target` takes the mode `target` has now (if it exists).
pub fn keep_mode(target: &Path, replacement: &Path) -> io::Result<()> {
    match fs::metadata(target) {
        Ok(m) => fs::set_permissions(replacement, m.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Renames `from` over `to`, then makes the rename durable (fsync of `to`'s folder).
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    fault::point(Op::Rename, to)?;
    fs::rename(from, to)?;
    sync_dir(parent(to))
}

/// Removes a file; one already gone is not an error.
pub fn remove(path: &Path) -> io::Result<()> {
    fault::point(Op::Unlink, path)?;
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a folder and everything in it; one already gone is not an error.
pub fn remove_dir_all(path: &Path) -> io::Result<()> {
    fault::point(Op::Unlink, path)?;
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Creates a folder and its parents (mode from the umask).
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    fault::point(Op::Create, path)?;
    fs::create_dir_all(path)
}

/// Makes the entries of a folder durable. Some file systems cannot sync a folder: not an error.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    fault::point(Op::Fsync, dir)?;
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether a file name is one of this layer's temporary files.
pub fn is_temp(name: &str) -> bool {
    name.ends_with(TMP_SUFFIX)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn temp_beside(path: &Path) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Short enough for a 255-byte name whatever the target's length.
    let stem: String = name.chars().take(60).collect();
    let n = N.fetch_add(1, Ordering::Relaxed);
    parent(path).join(format!(".{stem}.{}.{n}{TMP_SUFFIX}", std::process::id()))
}

/// Fault injection for the crash and disk-full tests.
///
/// `SHIRYO_FAULT=kill@N` kills the process with SIGKILL at the N-th operation
/// of this layer (1-based; no destructor, no cleanup, as a power cut or `kill -9`
/// would); `enospc@N` makes that operation fail as a full disk does; `trace`
/// prints each operation to stderr (`shiryo-fault N Op path`), so that a sweep
/// can list the points it covered. Compiled into debug builds (which the tests
/// run) only; a release build ignores it.
pub mod fault {
    use super::Op;
    use std::io;
    use std::path::Path;

    /// What `SHIRYO_FAULT` asks for.
    #[cfg(debug_assertions)]
    enum Plan {
        Kill(u64),
        Full(u64),
        Trace,
    }

    #[cfg(debug_assertions)]
    pub fn point(op: Op, path: &Path) -> io::Result<()> {
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicU64, Ordering};
        static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let plan = PLAN.get_or_init(|| {
            let v = std::env::var("SHIRYO_FAULT").ok()?;
            if v == "trace" {
                return Some(Plan::Trace);
            }
            let (what, n) = v.split_once('@')?;
            let n = n.parse().ok()?;
            Some(if what == "kill" { Plan::Kill(n) } else { Plan::Full(n) })
        });
        let Some(plan) = plan else { return Ok(()) };
        let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
        let (kill, at) = match *plan {
            Plan::Trace => {
                eprintln!("shiryo-fault {n} {op:?} {}", path.display());
                return Ok(());
            }
            Plan::Kill(at) => (true, at),
            Plan::Full(at) => (false, at),
        };
        if n != at {
            return Ok(());
        }
        if kill {
            // SAFETY: kill(2) on our own pid with SIGKILL has no memory effects; it does not return.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
        }
        Err(io::Error::from_raw_os_error(libc::ENOSPC))
    }

    #[cfg(not(debug_assertions))]
    #[inline(always)]
    pub fn point(_op: Op, _path: &Path) -> io::Result<()> {
        Ok(())
    }
}
