//! One writer at a time: an OS file lock on `<year>/.shiryo.lock` (and on an
//! archive root). Readers share it, writers hold it alone. The lock is
//! advisory: it binds shiryo processes only, and on SMB or NFS shares it is
//! only as good as the share's own locking.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file's name; never archived or attached.
pub const LOCK_FILE: &str = ".shiryo.lock";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// build, check, status, archive (of the year).
    Read,
    /// ingest, fmt, new-year, archive (on its root), settling an interrupted change.
    Write,
}

/// What to do when another process holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Block,
    /// `--no-wait`: stop with a message instead.
    No,
}

/// A held lock (released when dropped), or none where the folder cannot be written.
#[derive(Debug)]
pub struct Lock {
    file: Option<File>,
    pub access: Access,
    pub path: PathBuf,
}

impl Lock {
    /// No lock: for what is never written (an archived version).
    pub fn none(dir: &Path, access: Access) -> Lock {
        Lock { file: None, access, path: dir.join(LOCK_FILE) }
    }

    /// Whether no lock could be taken (a read-only folder): the reader goes on without.
    pub fn is_none(&self) -> bool {
        self.file.is_none()
    }
}

/// Takes the lock of `dir`. `waiting` is called once if another process holds
/// it and we block, so that the command can say so.
pub fn acquire(dir: &Path, access: Access, wait: Wait, waiting: &mut dyn FnMut()) -> Result<Lock> {
    let path = dir.join(LOCK_FILE);
    let file = match OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path) {
        Ok(f) => f,
        // A colleague with read-only access to the share: read without a lock.
        Err(e) if access == Access::Read && read_only(&e) => return Ok(Lock { file: None, access, path }),
        Err(e) if read_only(&e) => return Err(Error::ReadOnly(dir.to_path_buf())),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let tried = match access {
        Access::Read => file.try_lock_shared(),
        Access::Write => file.try_lock(),
    };
    match tried {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) if wait == Wait::No => return Err(Error::Locked(dir.to_path_buf())),
        Err(TryLockError::WouldBlock) => {
            waiting();
            match access {
                Access::Read => file.lock_shared(),
                Access::Write => file.lock(),
            }
            .map_err(|e| Error::io(&path, e))?;
        }
        Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
    }
    Ok(Lock { file: Some(file), access, path })
}

fn read_only(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
}
