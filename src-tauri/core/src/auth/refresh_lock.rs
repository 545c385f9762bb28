//! One token refresh at a time on this machine. Worksection rotates the refresh token on every
//! use, so two processes refreshing with the same one would leave one of them holding a dead
//! token. Every process takes this lock before it refreshes (and before it stores a new
//! sign-in), then looks at the keyring again: a pair that another process stored meanwhile is
//! used as it is, without a refresh.
//!
//! The lock is an advisory lock on a file in the data directory (beside the request gate's
//! `request-gate.lock`). The operating system releases it when its holder exits, even by
//! `kill -9`, so a crash never leaves it taken.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Result, StoreError};
use crate::lockfile::{self, Mode};

/// How long a process waits for another one's refresh: one request through the gate (which
/// refuses at once during a "slow down" pause) and up to 30 s for Worksection's answer. Less
/// than a CLI waits for the daemon's answer to a request that needs Worksection
/// (`ipc::FROM_WORKSECTION`, 60 s), so the user hears this error rather than a silent daemon.
pub const WAIT: Duration = Duration::from_secs(40);

/// Held while this process refreshes; dropping it releases the lock.
#[derive(Debug)]
pub struct RefreshLock {
    _file: File,
}

impl RefreshLock {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("sign-in-refresh.lock")
    }

    /// Takes the lock of `data_dir`, waiting at most `wait` for another process to release it.
    /// The wait happens on the blocking pool, never on a runtime thread.
    pub async fn acquire(data_dir: &Path, wait: Duration) -> Result<RefreshLock> {
        let path = Self::path(data_dir);
        let file = tokio::task::spawn_blocking(move || {
            lockfile::open_locked(&path, "sign-in refresh lock", Mode::Exclusive, wait)
        })
        .await
        .map_err(|source| StoreError::LockTask {
            what: "the refresh lock",
            source,
        })??;
        Ok(RefreshLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_holder_at_a_time_and_a_bounded_wait() {
        let dir = tempfile::tempdir().unwrap();
        let held = RefreshLock::acquire(dir.path(), WAIT).await.unwrap();
        // A second open file is a second holder, as another process would be.
        let started = tokio::time::Instant::now();
        let refused = RefreshLock::acquire(dir.path(), Duration::from_millis(200)).await;
        assert!(refused.is_err(), "the lock is held");
        assert!(refused.unwrap_err().is_transient());
        assert!(started.elapsed() >= Duration::from_millis(200));
        let waiting = {
            let dir = dir.path().to_path_buf();
            tokio::spawn(async move { RefreshLock::acquire(&dir, WAIT).await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "a second holder waits");
        drop(held);
        tokio::time::timeout(Duration::from_secs(2), waiting)
            .await
            .expect("taken soon after the release")
            .unwrap()
            .unwrap();
    }
}
