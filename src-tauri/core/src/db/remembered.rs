//! The `remembered` table: small non-secret facts kept for the next start and for offline use
//! (who I am and my task list, per account; a start that reached the server late). Every SQL
//! statement on it in normal use is here; the outbox table's are in `outbox/rows.rs`.

use rusqlite::OptionalExtension;

use super::{sql_error, Database};
use crate::error::Result;

const REMEMBER: &str = "INSERT OR REPLACE INTO remembered (key, value) VALUES (?1, ?2)";

/// [`Database::remember`] inside `transaction`: for a fact that must change together with
/// other rows (an away question answered by the writes queued for it).
pub(crate) fn remember_in(
    transaction: &rusqlite::Transaction<'_>,
    key: &str,
    value: &str,
) -> Result<()> {
    transaction
        .execute(REMEMBER, rusqlite::params![key, value])
        .map(drop)
        .map_err(|e| sql_error("remember", e))
}

impl Database {
    /// Keeps a small non-secret value (who I am, per account) for when the network is gone.
    pub fn remember(&self, key: &str, value: &str) -> Result<()> {
        self.lock()
            .execute(REMEMBER, rusqlite::params![key, value])
            .map(drop)
            .map_err(|e| sql_error("remember", e))
    }

    pub fn recall(&self, key: &str) -> Result<Option<String>> {
        self.lock()
            .query_row(
                "SELECT value FROM remembered WHERE key = ?1",
                rusqlite::params![key],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| sql_error("recall", e))
    }
}
