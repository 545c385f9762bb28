//! The outbox: every write the user makes is committed to the local database before the first
//! network attempt and leaves it only once Worksection has confirmed it. Rows are sent in
//! order through the request gate; a row the server rejects is parked with the server's words
//! and never blocks the rows behind it.
//!
//! `add_costs` has no idempotency key. Before a cost row is first sent, the outbox counts the
//! identical rows already on the server (the baseline); after an attempt that may have landed
//! (a timeout, a dropped connection, a crash mid-send), it counts again before sending anew —
//! one more than the baseline means it landed. So an entry lands exactly once without marking
//! the user's comment.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::api::{ApiClient, CostAmount, CostChange, CostFilter, NewCost, ScheduleMark};
use crate::db::{sql_error, Database};
use crate::error::{Error, Result};
use crate::models::{Id, Me};

/// A write waiting for Worksection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum Operation {
    AddCost {
        task: Id,
        task_name: String,
        project: String,
        minutes: Option<u32>,
        money: Option<String>,
        #[serde(default)]
        at_my_rate: bool,
        comment: String,
        date: NaiveDate,
    },
    UpdateCost {
        id: Id,
        minutes: Option<u32>,
        money: Option<String>,
        #[serde(default)]
        at_my_rate: bool,
        comment: Option<String>,
        date: Option<NaiveDate>,
    },
    DeleteCost {
        id: Id,
    },
    StopTimer {
        comment: Option<String>,
    },
    UpdateSchedule {
        user: String,
        days: BTreeMap<NaiveDate, ScheduleMark>,
    },
}

impl Operation {
    /// A line for people: what this write does.
    pub fn describe(&self) -> String {
        match self {
            Operation::AddCost {
                task_name,
                minutes,
                money,
                date,
                ..
            } => {
                let amount = match (minutes, money) {
                    (Some(m), Some(money)) => {
                        format!("{} + {money}", crate::parse::format_human(*m))
                    }
                    (Some(m), None) => crate::parse::format_human(*m),
                    (None, Some(money)) => money.clone(),
                    (None, None) => "nothing".into(),
                };
                format!("{amount} on {} — {task_name}", date.format("%a %-d %b"))
            }
            Operation::UpdateCost { id, .. } => format!("change entry {id}"),
            Operation::DeleteCost { id } => format!("delete entry {id}"),
            Operation::StopTimer { .. } => "stop the timer".into(),
            Operation::UpdateSchedule { days, .. } => {
                format!("update {} day(s) of the schedule", days.len())
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum QueueState {
    /// Waiting to be sent (or to be sent again).
    Pending,
    /// Refused by the server; waits for the user to fix, retry or discard it.
    Parked,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct QueuedEntry {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(test, ts(type = "number"))]
    pub created_at_ms: i64,
    pub operation: Operation,
    pub state: QueueState,
    pub attempts: u32,
    pub last_error: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct QueueCounts {
    pub pending: usize,
    pub parked: usize,
}

/// What one pass of sending did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SendReport {
    pub sent: Vec<QueuedEntry>,
    pub parked: Vec<QueuedEntry>,
    /// Why the pass stopped early (offline, signed out), if it did.
    pub held_back_by: Option<String>,
    /// What the server said about sent rows, by row id ("Days added: 2, days updated: 1").
    #[serde(default)]
    pub confirmations: BTreeMap<i64, String>,
}

/// How one attempt ended.
enum Attempt {
    /// Confirmed, with what the server said about it, if anything.
    Landed(Option<String>),
    Rejected(String),
    /// Try again later; the error says why (offline, rate limit, signed out).
    Later(Error),
}

#[derive(Clone)]
pub struct Outbox {
    db: Database,
    wake: Arc<Notify>,
    /// One pass at a time in this process; the lock file keeps other processes out.
    sending: Arc<tokio::sync::Mutex<()>>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// How long to wait before retrying after the n-th failed attempt: 5 s doubling to 5 min.
fn retry_delay(attempts: u32) -> Duration {
    Duration::from_secs((5u64 << attempts.saturating_sub(1).min(6)).min(300))
}

struct Row {
    entry: QueuedEntry,
    maybe_applied: bool,
    baseline: Option<i64>,
    next_attempt_ms: i64,
}

impl Outbox {
    pub fn new(db: Database) -> Outbox {
        Outbox {
            db,
            wake: Arc::new(Notify::new()),
            sending: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// The database behind the queue, which also keeps small offline facts.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Commits `operation` durably and wakes the sender. Returns the row id.
    pub fn enqueue(&self, operation: &Operation) -> Result<i64> {
        let text = serde_json::to_string(operation).map_err(|e| Error::Config(e.to_string()))?;
        let id = {
            let connection = self.db.lock();
            connection
                .execute(
                    "INSERT INTO outbox (created_at_ms, operation) VALUES (?1, ?2)",
                    params![now_ms(), text],
                )
                .map_err(|e| sql_error("enqueue", e))?;
            connection.last_insert_rowid()
        };
        self.wake.notify_one();
        Ok(id)
    }

    /// Resolves when something was enqueued (or a retry was asked for).
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    fn rows(&self, only_pending: bool) -> Result<Vec<Row>> {
        let connection = self.db.lock();
        let sql = if only_pending {
            "SELECT id, created_at_ms, operation, state, attempts, last_error, maybe_applied, baseline, next_attempt_ms FROM outbox WHERE state = 'pending' ORDER BY id"
        } else {
            "SELECT id, created_at_ms, operation, state, attempts, last_error, maybe_applied, baseline, next_attempt_ms FROM outbox ORDER BY id"
        };
        let mut statement = connection.prepare(sql).map_err(|e| sql_error("list", e))?;
        let rows = statement
            .query_map([], |row| {
                let operation: String = row.get(2)?;
                let state: String = row.get(3)?;
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    operation,
                    state,
                    row.get::<_, u32>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, bool>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                    row.get::<_, i64>(8)?,
                ))
            })
            .map_err(|e| sql_error("list", e))?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                created_at_ms,
                operation,
                state,
                attempts,
                last_error,
                maybe_applied,
                baseline,
                next_attempt_ms,
            ) = row.map_err(|e| sql_error("list", e))?;
            let operation: Operation = serde_json::from_str(&operation)
                .map_err(|e| Error::Config(format!("outbox row {id} is unreadable: {e}")))?;
            let state = if state == "parked" {
                QueueState::Parked
            } else {
                QueueState::Pending
            };
            out.push(Row {
                entry: QueuedEntry {
                    id,
                    created_at_ms,
                    operation,
                    state,
                    attempts,
                    last_error,
                },
                maybe_applied,
                baseline,
                next_attempt_ms,
            });
        }
        Ok(out)
    }

    /// Everything queued, oldest first, pending and parked.
    pub fn list(&self) -> Result<Vec<QueuedEntry>> {
        Ok(self.rows(false)?.into_iter().map(|r| r.entry).collect())
    }

    pub fn counts(&self) -> Result<QueueCounts> {
        let entries = self.list()?;
        Ok(QueueCounts {
            pending: entries
                .iter()
                .filter(|e| e.state == QueueState::Pending)
                .count(),
            parked: entries
                .iter()
                .filter(|e| e.state == QueueState::Parked)
                .count(),
        })
    }

    /// The user gives up on a queued write.
    pub fn discard(&self, id: i64) -> Result<()> {
        let changed = self
            .db
            .lock()
            .execute("DELETE FROM outbox WHERE id = ?1", params![id])
            .map_err(|e| sql_error("discard", e))?;
        if changed == 0 {
            return Err(Error::Input(format!("there is no queued entry {id}")));
        }
        Ok(())
    }

    /// Sends a parked or waiting row again at the next pass, optionally with a corrected
    /// operation.
    pub fn retry(&self, id: i64, corrected: Option<&Operation>) -> Result<()> {
        let connection = self.db.lock();
        let changed = match corrected {
            Some(operation) => {
                let text = serde_json::to_string(operation).map_err(|e| Error::Config(e.to_string()))?;
                // A corrected cost is a different entry: it needs its own baseline.
                connection.execute(
                    "UPDATE outbox SET operation = ?2, state = 'pending', next_attempt_ms = 0, last_error = NULL, baseline = NULL WHERE id = ?1 AND maybe_applied = 0",
                    params![id, text],
                )
            }
            None => connection.execute("UPDATE outbox SET state = 'pending', next_attempt_ms = 0 WHERE id = ?1", params![id]),
        }
        .map_err(|e| sql_error("retry", e))?;
        drop(connection);
        if changed == 0 {
            return Err(Error::Input(format!("queued entry {id} cannot be changed now (it is gone, or it may already have reached Worksection)")));
        }
        self.wake.notify_one();
        Ok(())
    }

    fn update(&self, sql: &str, values: impl rusqlite::Params) -> Result<()> {
        self.db
            .lock()
            .execute(sql, values)
            .map(drop)
            .map_err(|e| sql_error("update", e))
    }

    /// Sends every pending row whose time has come, in order. Stops at the first row that must
    /// wait (offline, signed out, rate limited): the rows behind it keep their order.
    pub async fn send_due(
        &self,
        api: &ApiClient,
        me: &Me,
        ignore_schedule: bool,
    ) -> Result<SendReport> {
        let mut report = SendReport::default();
        let _this_process = self.sending.lock().await;
        // One sender per machine: a CLI and a daemon must not send the same row at once.
        let Some(_other_processes) = self.try_lock_sending()? else {
            report.held_back_by = Some("another Worktray process is sending the queue".into());
            return Ok(report);
        };
        for row in self.rows(true)? {
            if !ignore_schedule && row.next_attempt_ms > now_ms() {
                report.held_back_by = Some("waiting to retry".into());
                break;
            }
            match self.attempt(&row, api, me).await? {
                Attempt::Landed(message) => {
                    if let Some(message) = message {
                        report.confirmations.insert(row.entry.id, message);
                    }
                    self.update("DELETE FROM outbox WHERE id = ?1", params![row.entry.id])?;
                    report.sent.push(row.entry);
                }
                Attempt::Rejected(message) => {
                    self.update("UPDATE outbox SET state = 'parked', last_error = ?2, maybe_applied = 0 WHERE id = ?1", params![row.entry.id, message])?;
                    report.parked.push(QueuedEntry {
                        state: QueueState::Parked,
                        last_error: Some(message),
                        ..row.entry
                    });
                }
                Attempt::Later(error) => {
                    let attempts = row.entry.attempts.saturating_add(1);
                    let next = now_ms() + retry_delay(attempts).as_millis() as i64;
                    self.update(
                        "UPDATE outbox SET next_attempt_ms = ?2, last_error = ?3 WHERE id = ?1",
                        params![row.entry.id, next, error.to_string()],
                    )?;
                    report.held_back_by = Some(error.to_string());
                    break;
                }
            }
        }
        Ok(report)
    }

    fn try_lock_sending(&self) -> Result<Option<std::fs::File>> {
        let path = self.db.path().with_extension("sending.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(Error::io(format!("locking {}", path.display()), e))
            }
        }
    }

    /// Records that an attempt is about to leave: from here on it may land, even if this
    /// process dies before the answer.
    fn mark_sending(&self, id: i64) -> Result<()> {
        self.update(
            "UPDATE outbox SET maybe_applied = 1, attempts = attempts + 1 WHERE id = ?1",
            params![id],
        )
    }

    fn mark_not_sent(&self, id: i64) -> Result<()> {
        self.update(
            "UPDATE outbox SET maybe_applied = 0 WHERE id = ?1",
            params![id],
        )
    }

    async fn attempt(&self, row: &Row, api: &ApiClient, me: &Me) -> Result<Attempt> {
        let id = row.entry.id;
        let outcome = match &row.entry.operation {
            Operation::AddCost { .. } => return self.attempt_add(row, api, me).await,
            Operation::UpdateCost {
                id: cost,
                minutes,
                money,
                at_my_rate,
                comment,
                date,
            } => {
                let change = CostChange {
                    amount: amount(*minutes, money.clone(), *at_my_rate),
                    comment: comment.clone(),
                    date: *date,
                };
                self.mark_sending(id)?;
                api.update_costs(cost, &change).await.map(|()| None)
            }
            Operation::DeleteCost { id: cost } => {
                self.mark_sending(id)?;
                match api.delete_costs(cost).await {
                    // An earlier attempt that may have landed explains a missing row.
                    Err(Error::Api { code: Some(4), .. }) if row.maybe_applied => Ok(None),
                    other => other.map(|()| None),
                }
            }
            Operation::StopTimer { comment } => {
                self.mark_sending(id)?;
                match api.stop_my_timer(comment.as_deref()).await {
                    // Stopped already: by an earlier attempt, or elsewhere. Either way done.
                    Err(Error::TimerNotStarted) => Ok(None),
                    other => other.map(|()| None),
                }
            }
            Operation::UpdateSchedule { user, days } => {
                self.mark_sending(id)?;
                api.update_users_schedule(&BTreeMap::from([(user.clone(), days.clone())]))
                    .await
                    .map(Some)
            }
        };
        self.classify(id, outcome)
    }

    fn classify(&self, id: i64, outcome: Result<Option<String>>) -> Result<Attempt> {
        Ok(match outcome {
            Ok(message) => Attempt::Landed(message),
            Err(error) => match &error {
                Error::Network {
                    maybe_applied: true,
                    ..
                }
                | Error::Server { .. }
                | Error::Decode { .. } => Attempt::Later(error),
                Error::Network {
                    maybe_applied: false,
                    ..
                }
                | Error::RateLimited { .. }
                | Error::GateBusy { .. }
                | Error::TokenExpired
                | Error::Unauthorized { .. }
                | Error::NotSignedIn(_)
                | Error::Keyring(_)
                | Error::KeyringLocked(_)
                | Error::Config(_)
                | Error::Io { .. } => {
                    self.mark_not_sent(id)?;
                    Attempt::Later(error)
                }
                _ => Attempt::Rejected(error.to_string()),
            },
        })
    }

    async fn attempt_add(&self, row: &Row, api: &ApiClient, me: &Me) -> Result<Attempt> {
        let Operation::AddCost {
            task,
            minutes,
            money,
            at_my_rate,
            comment,
            date,
            ..
        } = &row.entry.operation
        else {
            return Err(Error::Config("not a cost row".into()));
        };
        let id = row.entry.id;
        let matching = || async { count_matching(api, me, task, *minutes, comment, *date).await };
        let baseline = match row.baseline {
            Some(baseline) => {
                if row.maybe_applied {
                    match matching().await {
                        Ok(now) if now > baseline => return Ok(Attempt::Landed(None)),
                        Ok(_) => {}
                        Err(error) => return self.classify_reconcile(error),
                    }
                }
                baseline
            }
            None => match matching().await {
                Ok(count) => {
                    self.update(
                        "UPDATE outbox SET baseline = ?2 WHERE id = ?1",
                        params![id, count],
                    )?;
                    count
                }
                Err(error) => return self.classify_reconcile(error),
            },
        };
        tracing::debug!("sending queued cost {id} (baseline {baseline})");
        self.mark_sending(id)?;
        let cost = NewCost {
            task: task.clone(),
            amount: amount(*minutes, money.clone(), *at_my_rate)
                .unwrap_or(CostAmount::Money { amount: "0".into() }),
            comment: Some(comment.clone()).filter(|c| !c.is_empty()),
            date: Some(*date),
        };
        self.classify(id, api.add_costs(&cost).await.map(|_| None))
    }

    /// A failed look-up before sending changes nothing on the server: wait and try again.
    fn classify_reconcile(&self, error: Error) -> Result<Attempt> {
        Ok(
            if error.is_transient()
                || matches!(
                    error,
                    Error::NotSignedIn(_) | Error::TokenExpired | Error::Unauthorized { .. }
                )
            {
                Attempt::Later(error)
            } else {
                Attempt::Rejected(error.to_string())
            },
        )
    }

    /// The id of a pending row, for tests and the CLI.
    pub fn state_of(&self, id: i64) -> Result<Option<QueueState>> {
        self.db
            .lock()
            .query_row(
                "SELECT state FROM outbox WHERE id = ?1",
                params![id],
                |row| row.get::<_, String>(0),
            )
            .optional()
            .map_err(|e| sql_error("state", e))
            .map(|state| {
                state.map(|s| {
                    if s == "parked" {
                        QueueState::Parked
                    } else {
                        QueueState::Pending
                    }
                })
            })
    }
}

fn amount(minutes: Option<u32>, money: Option<String>, at_my_rate: bool) -> Option<CostAmount> {
    match (minutes, money, at_my_rate) {
        (Some(minutes), _, true) => Some(CostAmount::TimeAtMyRate { minutes }),
        (Some(minutes), Some(amount), false) => Some(CostAmount::TimeAndMoney { minutes, amount }),
        (Some(minutes), None, false) => Some(CostAmount::Time { minutes }),
        (None, Some(amount), _) => Some(CostAmount::Money { amount }),
        (None, None, _) => None,
    }
}

/// How many of my cost rows on `task` and `date` look exactly like this entry.
async fn count_matching(
    api: &ApiClient,
    me: &Me,
    task: &Id,
    minutes: Option<u32>,
    comment: &str,
    date: NaiveDate,
) -> Result<i64> {
    let filter = CostFilter {
        from: Some(date),
        to: Some(date),
        task: Some(task.clone()),
        ..CostFilter::default()
    };
    let page = api.costs(&filter).await?;
    Ok(page
        .rows
        .iter()
        .filter(|row| row.user_from.as_ref().is_some_and(|u| u.id == me.id))
        .filter(|row| row.task.as_ref().is_none_or(|t| t.id == *task))
        .filter(|row| minutes.is_none_or(|m| row.time.0 == m))
        .filter(|row| row.comment.trim() == comment.trim())
        .count() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox() -> (tempfile::TempDir, Outbox) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("test.db")).unwrap();
        (dir, Outbox::new(db))
    }

    fn add(comment: &str) -> Operation {
        Operation::AddCost {
            task: Id::from(1),
            task_name: "Fix login".into(),
            project: "Website".into(),
            minutes: Some(90),
            money: None,
            at_my_rate: false,
            comment: comment.into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        }
    }

    #[test]
    fn queued_rows_survive_reopening_in_order() {
        let (dir, outbox) = outbox();
        outbox.enqueue(&add("first")).unwrap();
        outbox.enqueue(&add("second")).unwrap();
        drop(outbox);
        let reopened = Outbox::new(Database::open(&dir.path().join("test.db")).unwrap());
        let list = reopened.list().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].operation, add("first"));
        assert_eq!(
            reopened.counts().unwrap(),
            QueueCounts {
                pending: 2,
                parked: 0
            }
        );
    }

    #[test]
    fn discard_and_retry_say_what_is_wrong() {
        let (_dir, outbox) = outbox();
        let id = outbox.enqueue(&add("x")).unwrap();
        assert!(outbox.retry(id, Some(&add("y"))).is_ok());
        assert_eq!(outbox.list().unwrap()[0].operation, add("y"));
        outbox.discard(id).unwrap();
        assert!(outbox
            .discard(id)
            .unwrap_err()
            .to_string()
            .contains("no queued entry"));
    }

    #[test]
    fn descriptions_read_like_the_quick_entry_preview() {
        assert_eq!(add("x").describe(), "1 h 30 min on Tue 24 Nov — Fix login");
    }

    #[test]
    fn retry_delays_grow_and_are_capped() {
        assert_eq!(retry_delay(1), Duration::from_secs(5));
        assert_eq!(retry_delay(3), Duration::from_secs(20));
        assert_eq!(retry_delay(30), Duration::from_secs(300));
    }
}
