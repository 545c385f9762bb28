//! Advisory lock files in the data directory: the request gate's, the sign-in refresh's, the
//! database's opening lock and the outbox sender's. One way to open them (private to the user)
//! and one bounded way to wait for them, so that no process ever waits forever on another.
//!
//! The operating system releases a lock when its holder exits, even by `kill -9`, so a crash
//! never leaves one taken. Waiting blocks the calling thread: async callers wait on the
//! blocking pool.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::IoAction;
use crate::error::{Error, Result, StoreError};

/// Whether others may hold the lock at the same time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Exclusive,
    Shared,
}

/// Opens the lock file at `path` (creating it and its directory, the user's alone).
pub fn open(path: &Path) -> Result<File> {
    if let Some(dir) = path.parent() {
        crate::config::create_private_dir(dir)?;
    }
    crate::config::private_file_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io(IoAction::Opening(path.display().to_string()), e))
}

/// Locks `file` (the lock file at `path`, for error messages), waiting at most `wait` for other
/// holders to let go; `Duration::ZERO` tries once. `what` names the lock for people ("request
/// lock"). Blocks the calling thread.
pub fn lock(
    file: &File,
    path: &Path,
    what: &'static str,
    mode: Mode,
    wait: Duration,
) -> Result<()> {
    let deadline = Instant::now() + wait;
    let mut nap = Duration::from_millis(2);
    loop {
        let tried = match mode {
            Mode::Exclusive => file.try_lock(),
            Mode::Shared => file.try_lock_shared(),
        };
        match tried {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Store(StoreError::LockBusy {
                    what,
                    path: path.display().to_string(),
                    waited: wait,
                }))
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::io(IoAction::Locking(path.display().to_string()), e))
            }
        }
    }
}

/// [`open`] and [`lock`] in one, for a lock held as long as the file is.
pub fn open_locked(path: &Path, what: &'static str, mode: Mode, wait: Duration) -> Result<File> {
    let file = open(path)?;
    lock(&file, path, what, mode, wait)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_waited_for_a_bounded_time_and_shared_holders_coexist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let held = open_locked(&path, "test lock", Mode::Exclusive, Duration::ZERO).unwrap();
        let started = Instant::now();
        let refused = open_locked(&path, "test lock", Mode::Shared, Duration::from_millis(150));
        assert!(matches!(
            refused,
            Err(Error::Store(StoreError::LockBusy {
                what: "test lock",
                ..
            }))
        ));
        assert!(refused.unwrap_err().is_transient());
        assert!(started.elapsed() >= Duration::from_millis(150));
        drop(held);
        let first = open_locked(&path, "test lock", Mode::Shared, Duration::ZERO).unwrap();
        let second = open_locked(&path, "test lock", Mode::Shared, Duration::ZERO).unwrap();
        assert!(open_locked(&path, "test lock", Mode::Exclusive, Duration::ZERO).is_err());
        drop((first, second));
        assert!(open_locked(&path, "test lock", Mode::Exclusive, Duration::ZERO).is_ok());
    }
}
