//! The local SQLite database in the data directory: the outbox of writes not yet confirmed by
//! Worksection, and caches. Opened in WAL mode with `synchronous=FULL`, so a row committed
//! here survives a crash or a power cut.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Cheap to clone; all clones share one connection (writes are few and small).
#[derive(Clone)]
pub struct Database {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at_ms   INTEGER NOT NULL,
    operation       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    maybe_applied   INTEGER NOT NULL DEFAULT 0,
    baseline        INTEGER,
    last_error      TEXT,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS remembered (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// Switching to WAL can meet another opener's lock without SQLite's busy handler being asked:
/// try again for a few seconds before giving up.
fn retry_while_busy(mut step: impl FnMut() -> rusqlite::Result<()>) -> rusqlite::Result<()> {
    let mut tries = 0;
    loop {
        match step() {
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && tries < 50 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

pub fn sql_error(context: &str, error: rusqlite::Error) -> Error {
    Error::Config(format!("local database ({context}): {error}"))
}

impl Database {
    pub fn open(path: &Path) -> Result<Database> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        let connection = Connection::open(path).map_err(|e| sql_error("open", e))?;
        // Several Worktray processes may open the database at the same moment (the daemon and
        // CLI commands): wait for each other's locks first, then switch to WAL.
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| sql_error("settings", e))?;
        retry_while_busy(|| {
            connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        })
        .map_err(|e| sql_error("settings", e))?;
        retry_while_busy(|| connection.execute_batch(SCHEMA))
            .map_err(|e| sql_error("schema", e))?;
        Ok(Database {
            connection: Arc::new(Mutex::new(connection)),
            path: path.to_path_buf(),
        })
    }

    pub fn in_data_dir(data_dir: &Path) -> Result<Database> {
        Self::open(&data_dir.join("worktray.db"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps a small non-secret value (who I am, per account) for when the network is gone.
    pub fn remember(&self, key: &str, value: &str) -> Result<()> {
        self.lock()
            .execute(
                "INSERT OR REPLACE INTO remembered (key, value) VALUES (?1, ?2)",
                rusqlite::params![key, value],
            )
            .map(drop)
            .map_err(|e| sql_error("remember", e))
    }

    pub fn recall(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.lock()
            .query_row(
                "SELECT value FROM remembered WHERE key = ?1",
                rusqlite::params![key],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| sql_error("recall", e))
    }

    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_openers_at_once_all_get_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        let openers: Vec<_> = (0..8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let db = Database::open(&path)?;
                    db.remember(&format!("key{i}"), "value")
                })
            })
            .collect();
        for opener in openers {
            opener.join().unwrap().unwrap();
        }
        let db = Database::open(&path).unwrap();
        assert_eq!(db.recall("key7").unwrap().as_deref(), Some("value"));
    }
}
