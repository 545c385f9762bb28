//! The `outbox` table: every SQL statement on it, and `Row`, one row as stored (the queued
//! entry with its sending marks: whether an attempt may have landed, the baseline count, the
//! retry time).

use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::params;

use super::{Operation, Outbox, QueueState, QueuedEntry, QueuedOperation};
use crate::db::sql_error;
use crate::error::{Result, StoreError};
use crate::t;

pub(super) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub(super) struct Row {
    pub(super) entry: QueuedEntry,
    pub(super) maybe_applied: bool,
    pub(super) baseline: Option<i64>,
    pub(super) next_attempt_ms: i64,
}

impl Row {
    /// Reads a row as this version understands it. Only its id must be readable: any other
    /// column this version cannot make sense of (an operation of a newer version, a state it
    /// does not know) leaves the row unreadable — parked, with the reason, and unchanged on
    /// disk — instead of failing the whole queue.
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        // The catalogue names each column in words (`queue-row-column-unreadable`).
        fn column<T: rusqlite::types::FromSql>(
            row: &rusqlite::Row<'_>,
            column: &str,
            problems: &mut Vec<String>,
        ) -> Option<T> {
            row.get(column)
                .map_err(|e| {
                    problems.push(t!(
                        "queue-row-column-unreadable",
                        column = column,
                        error = e.to_string()
                    ))
                })
                .ok()
        }
        let id: i64 = row.get("id")?;
        let mut problems = Vec::new();
        let created_at_ms = column(row, "created_at_ms", &mut problems).unwrap_or(0);
        let text: Option<String> = column(row, "operation", &mut problems);
        let state: Option<String> = column(row, "state", &mut problems);
        let attempts = column(row, "attempts", &mut problems).unwrap_or(0);
        let last_error = column(row, "last_error", &mut problems).flatten();
        let maybe_applied = column(row, "maybe_applied", &mut problems).unwrap_or(false);
        let baseline = column(row, "baseline", &mut problems).flatten();
        let next_attempt_ms = column(row, "next_attempt_ms", &mut problems).unwrap_or(0);
        let operation = text.as_deref().and_then(|text| {
            serde_json::from_str::<Operation>(text)
                .map_err(|e| problems.push(e.to_string()))
                .ok()
        });
        let state = match state.as_deref() {
            Some("pending") => QueueState::Pending,
            Some("parked") => QueueState::Parked,
            Some(other) => {
                problems.push(t!("queue-row-state-unknown", state = other));
                QueueState::Parked
            }
            None => QueueState::Parked,
        };
        let entry = match operation {
            Some(operation) if problems.is_empty() => QueuedEntry {
                id,
                created_at_ms,
                operation: QueuedOperation::Known(operation),
                state,
                attempts,
                last_error,
            },
            _ => QueuedEntry {
                id,
                created_at_ms,
                operation: QueuedOperation::Unreadable {
                    stored_kind: text.as_deref().and_then(stored_kind),
                },
                state: QueueState::Parked,
                attempts,
                last_error: Some(t!("queue-row-unreadable", problems = problems.join("; "))),
            },
        };
        Ok(Row {
            entry,
            maybe_applied,
            baseline,
            next_attempt_ms,
        })
    }

    /// What the row asks for; only rows this version can read are ever sent.
    pub(super) fn operation(&self) -> Result<&Operation> {
        self.entry
            .operation
            .known()
            .ok_or_else(|| StoreError::UnreadableRow { id: self.entry.id }.into())
    }
}

/// The `kind` a stored operation names, if it is JSON that names one.
fn stored_kind(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value.get("kind")?.as_str().map(str::to_owned)
}

impl Outbox {
    /// Inserts `texts` (stored operations) in one transaction, in order, with `remembered`
    /// (a key and its value) written in the same transaction; returns their ids.
    pub(super) fn insert_rows(
        &self,
        texts: &[String],
        remembered: Option<(&str, &str)>,
    ) -> Result<Vec<i64>> {
        let mut connection = self.db.lock();
        let transaction = connection
            .transaction()
            .map_err(|e| sql_error("enqueue", e))?;
        if let Some((key, value)) = remembered {
            crate::db::remember_in(&transaction, key, value)?;
        }
        let mut ids = Vec::with_capacity(texts.len());
        for text in texts {
            transaction
                .execute(
                    "INSERT INTO outbox (created_at_ms, operation) VALUES (?1, ?2)",
                    params![now_ms(), text],
                )
                .map_err(|e| sql_error("enqueue", e))?;
            ids.push(transaction.last_insert_rowid());
        }
        transaction.commit().map_err(|e| sql_error("enqueue", e))?;
        Ok(ids)
    }

    /// The rows, oldest first; with `only_pending`, those waiting to be sent (rows this version
    /// cannot read never are). A row that cannot be read comes out parked, with the reason.
    pub(super) fn rows(&self, only_pending: bool) -> Result<Vec<Row>> {
        // Filtered here, not in SQL: a row marked pending that this version cannot read counts
        // as parked.
        let rows = self.select("", [])?;
        Ok(rows
            .into_iter()
            .filter(|row| !only_pending || row.entry.state == QueueState::Pending)
            .collect())
    }

    pub(super) fn row(&self, id: i64) -> Result<Option<Row>> {
        Ok(self.select("WHERE id = ?1", [id])?.into_iter().next())
    }

    fn select(&self, filter: &str, values: impl rusqlite::Params) -> Result<Vec<Row>> {
        let connection = self.db.lock();
        let sql = format!(
            "SELECT {} FROM outbox {filter} ORDER BY id",
            crate::db::OUTBOX_COLUMNS
        );
        let mut statement = connection.prepare(&sql).map_err(|e| sql_error("list", e))?;
        let mut found = statement.query(values).map_err(|e| sql_error("list", e))?;
        let mut rows = Vec::new();
        while let Some(row) = found.next().map_err(|e| sql_error("list", e))? {
            rows.push(Row::read(row).map_err(|e| sql_error("list", e))?);
        }
        Ok(rows)
    }

    /// Removes row `id`; false when there was none.
    pub(super) fn delete_row(&self, id: i64) -> Result<bool> {
        let changed = self
            .db
            .lock()
            .execute("DELETE FROM outbox WHERE id = ?1", params![id])
            .map_err(|e| sql_error("discard", e))?;
        Ok(changed > 0)
    }

    /// Makes row `id` pending again, due now, with `corrected` (a stored operation) in place of
    /// its own when given; false when the row is gone or, for a correction, may have landed.
    pub(super) fn make_due(&self, id: i64, corrected: Option<&str>) -> Result<bool> {
        let connection = self.db.lock();
        let changed = match corrected {
            // A corrected cost is a different entry: it needs its own baseline.
            Some(text) => connection.execute(
                "UPDATE outbox SET operation = ?2, state = 'pending', next_attempt_ms = 0, last_error = NULL, baseline = NULL WHERE id = ?1 AND maybe_applied = 0",
                params![id, text],
            ),
            None => connection.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_ms = 0 WHERE id = ?1",
                params![id],
            ),
        }
        .map_err(|e| sql_error("retry", e))?;
        Ok(changed > 0)
    }

    fn update(&self, sql: &str, values: impl rusqlite::Params) -> Result<()> {
        self.db
            .lock()
            .execute(sql, values)
            .map(drop)
            .map_err(|e| sql_error("update", e))
    }

    /// The server refused row `id`: it waits for the user, with `message`. Whether an earlier
    /// attempt may have landed is kept (see `Outbox::classify`).
    pub(super) fn park(&self, id: i64, message: &str) -> Result<()> {
        self.update(
            "UPDATE outbox SET state = 'parked', last_error = ?2 WHERE id = ?1",
            params![id, message],
        )
    }

    /// Row `id` is tried again at `next_ms`; `error` says why not now.
    pub(super) fn retry_at(&self, id: i64, next_ms: i64, error: &str) -> Result<()> {
        self.update(
            "UPDATE outbox SET next_attempt_ms = ?2, last_error = ?3 WHERE id = ?1",
            params![id, next_ms, error],
        )
    }

    /// How many identical cost rows the server had before row `id` was first sent.
    pub(super) fn set_baseline(&self, id: i64, count: i64) -> Result<()> {
        self.update(
            "UPDATE outbox SET baseline = ?2 WHERE id = ?1",
            params![id, count],
        )
    }

    /// Replaces the stored operation of row `id` with `text`: a step of it is done for good.
    pub(super) fn set_operation_done_so_far(&self, id: i64, text: &str) -> Result<()> {
        self.update(
            "UPDATE outbox SET operation = ?2, maybe_applied = 0 WHERE id = ?1",
            params![id, text],
        )
    }

    /// Records that an attempt is about to leave: from here on it may land, even if this
    /// process dies before the answer.
    pub(super) fn mark_sending(&self, id: i64) -> Result<()> {
        self.update(
            "UPDATE outbox SET maybe_applied = 1, attempts = attempts + 1 WHERE id = ?1",
            params![id],
        )
    }

    pub(super) fn mark_not_sent(&self, id: i64) -> Result<()> {
        self.update(
            "UPDATE outbox SET maybe_applied = 0 WHERE id = ?1",
            params![id],
        )
    }
}
