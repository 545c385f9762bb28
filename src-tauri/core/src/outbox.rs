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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::api::{ApiClient, CostAmount, CostChange, CostFilter, NewCost, ScheduleMark};
use crate::db::{sql_error, Database};
use crate::error::{Error, Result};
use crate::lockfile::Mode;
use crate::models::{Id, Me};
use crate::timer::TimerRef;

mod timer;

pub use timer::{late_start_key, LateStart};

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
    /// Start the timer on `task`, asked for at `at` (unix seconds).
    StartTimer {
        task: Id,
        task_name: String,
        #[cfg_attr(test, ts(type = "number"))]
        at: i64,
    },
    /// Stop the timer `timer` as the user did at `at`; the server saves it as a cost row.
    StopTimer {
        #[serde(default)]
        timer: TimerRef,
        comment: Option<String>,
        /// Unix seconds; a stop queued by an earlier version has none and means the moment
        /// its row was written.
        #[serde(default)]
        #[cfg_attr(test, ts(type = "number | null"))]
        at: Option<i64>,
        /// The server has stopped it; what is left is to correct the saved row to the user's
        /// moments, if the stop or the start reached the server late.
        #[serde(default)]
        saved: bool,
    },
    /// Throw the timer `timer` away without saving it, as the user did at `at`.
    DiscardTimer {
        timer: TimerRef,
        #[cfg_attr(test, ts(type = "number"))]
        at: i64,
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
            Operation::StartTimer { task_name, .. } => {
                format!("start the timer on {}", name_or_unknown(task_name))
            }
            Operation::StopTimer { timer, at, .. } => match at {
                Some(at) => format!(
                    "stop the timer on {} at {}",
                    name_or_unknown(&timer.task_name),
                    local_time(*at)
                ),
                None => "stop the timer".into(),
            },
            Operation::DiscardTimer { timer, .. } => {
                format!("discard the timer on {}", name_or_unknown(&timer.task_name))
            }
            Operation::UpdateSchedule { days, .. } => {
                format!("update {} day(s) of the schedule", days.len())
            }
        }
    }
}

fn name_or_unknown(name: &str) -> &str {
    if name.is_empty() {
        "a task"
    } else {
        name
    }
}

/// `14:05` in local time, for people.
fn local_time(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default()
}

/// What a queued row asks for, as far as this version of Worktray can read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum QueuedOperation {
    /// A row this version cannot read: written by a newer Worktray, say. It is parked and
    /// never sent, stays in the database as it is (a newer version may send it), holds back
    /// none of the rows behind it, and can be discarded.
    Unreadable {
        /// The `kind` the row names, when it names one.
        stored_kind: Option<String>,
    },
    #[serde(untagged)]
    Known(Operation),
}

impl QueuedOperation {
    /// The operation, when this version can read it.
    pub fn known(&self) -> Option<&Operation> {
        match self {
            QueuedOperation::Known(operation) => Some(operation),
            QueuedOperation::Unreadable { .. } => None,
        }
    }

    /// A line for people: what this write does.
    pub fn describe(&self) -> String {
        match self {
            QueuedOperation::Known(operation) => operation.describe(),
            QueuedOperation::Unreadable {
                stored_kind: Some(kind),
            } => format!("an unknown \"{kind}\" entry"),
            QueuedOperation::Unreadable { stored_kind: None } => "an unknown entry".into(),
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
    pub operation: QueuedOperation,
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
    /// Rows the server refused: parked for the user, or, for a start, dropped.
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
    /// Set when the process is about to end: no row starts being sent any more.
    closed: Arc<AtomicBool>,
}

/// Why a pass sends nothing more once the process is ending.
const CLOSING: &str = "Worktray is closing; the rest is sent when it runs again";

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

impl Row {
    /// Reads a row as this version understands it. Only its id must be readable: any other
    /// column this version cannot make sense of (an operation of a newer version, a state it
    /// does not know) leaves the row unreadable — parked, with the reason, and unchanged on
    /// disk — instead of failing the whole queue.
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        fn column<T: rusqlite::types::FromSql>(
            row: &rusqlite::Row<'_>,
            column: &str,
            name: &str,
            problems: &mut Vec<String>,
        ) -> Option<T> {
            row.get(column)
                .map_err(|e| problems.push(format!("its {name} is unreadable: {e}")))
                .ok()
        }
        let id: i64 = row.get("id")?;
        let mut problems = Vec::new();
        let created_at_ms = column(row, "created_at_ms", "time", &mut problems).unwrap_or(0);
        let text: Option<String> = column(row, "operation", "operation", &mut problems);
        let state: Option<String> = column(row, "state", "state", &mut problems);
        let attempts = column(row, "attempts", "attempts", &mut problems).unwrap_or(0);
        let last_error = column(row, "last_error", "last error", &mut problems).flatten();
        let maybe_applied =
            column(row, "maybe_applied", "sending mark", &mut problems).unwrap_or(false);
        let baseline = column(row, "baseline", "baseline", &mut problems).flatten();
        let next_attempt_ms =
            column(row, "next_attempt_ms", "retry time", &mut problems).unwrap_or(0);
        let operation = text.as_deref().and_then(|text| {
            serde_json::from_str::<Operation>(text)
                .map_err(|e| problems.push(e.to_string()))
                .ok()
        });
        let state = match state.as_deref() {
            Some("pending") => QueueState::Pending,
            Some("parked") => QueueState::Parked,
            Some(other) => {
                problems.push(format!("its state \"{other}\" is unknown"));
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
                last_error: Some(format!(
                    "this version of Worktray cannot read it ({}); it is kept as it is for a newer version: update Worktray, or discard it",
                    problems.join("; ")
                )),
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
    fn operation(&self) -> Result<&Operation> {
        self.entry.operation.known().ok_or_else(|| {
            Error::Config(format!(
                "outbox row {} cannot be read by this version",
                self.entry.id
            ))
        })
    }
}

/// The `kind` a stored operation names, if it is JSON that names one.
fn stored_kind(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value.get("kind")?.as_str().map(str::to_owned)
}

impl Outbox {
    pub fn new(db: Database) -> Outbox {
        Outbox {
            db,
            wake: Arc::new(Notify::new()),
            sending: Arc::new(tokio::sync::Mutex::new(())),
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The process is ending: no pass sends another row. A row already on its way is still
    /// seen through, so that it ends either confirmed (and gone from the queue) or not sent;
    /// [`Outbox::idle`] waits for that.
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Resolves when no pass of this process is sending.
    pub async fn idle(&self) {
        drop(self.sending.lock().await);
    }

    /// The database behind the queue, which also keeps small offline facts.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Commits `operation` durably and wakes the sender. Returns the row id.
    pub fn enqueue(&self, operation: &Operation) -> Result<i64> {
        let ids = self.enqueue_all(std::slice::from_ref(operation))?;
        Ok(ids[0])
    }

    /// Commits `operations` durably, all or none, to be sent in this order (a stop and the
    /// start behind it). Returns their row ids.
    pub fn enqueue_all(&self, operations: &[Operation]) -> Result<Vec<i64>> {
        let texts = operations
            .iter()
            .map(serde_json::to_string)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Error::Config(e.to_string()))?;
        let ids = {
            let mut connection = self.db.lock();
            let transaction = connection
                .transaction()
                .map_err(|e| sql_error("enqueue", e))?;
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
            ids
        };
        self.wake.notify_one();
        Ok(ids)
    }

    /// Resolves when something was enqueued (or a retry was asked for).
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    /// The rows, oldest first; with `only_pending`, those waiting to be sent (rows this version
    /// cannot read never are). A row that cannot be read comes out parked, with the reason.
    fn rows(&self, only_pending: bool) -> Result<Vec<Row>> {
        // Filtered here, not in SQL: a row marked pending that this version cannot read counts
        // as parked.
        let rows = self.select("", [])?;
        Ok(rows
            .into_iter()
            .filter(|row| !only_pending || row.entry.state == QueueState::Pending)
            .collect())
    }

    fn row(&self, id: i64) -> Result<Option<Row>> {
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
        if corrected.is_none()
            && self
                .row(id)?
                .is_some_and(|row| row.entry.operation.known().is_none())
        {
            return Err(Error::Input(format!("queued entry {id} cannot be read by this version of Worktray: update Worktray to send it, or discard it")));
        }
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
        if self.is_closed() {
            report.held_back_by = Some(CLOSING.into());
            return Ok(report);
        }
        // One sender per machine: a CLI and a daemon must not send the same row at once.
        let Some(_other_processes) = self.try_lock_sending()? else {
            report.held_back_by = Some("another Worktray process is sending the queue".into());
            return Ok(report);
        };
        for row in self.rows(true)? {
            if self.is_closed() {
                report.held_back_by = Some(CLOSING.into());
                break;
            }
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
                // A refused start is not kept for a retry: sent later, it would count from a
                // moment long gone. The user is told, like of any refusal.
                Attempt::Rejected(message)
                    if matches!(
                        row.entry.operation.known(),
                        Some(Operation::StartTimer { .. })
                    ) =>
                {
                    self.update("DELETE FROM outbox WHERE id = ?1", params![row.entry.id])?;
                    report.parked.push(QueuedEntry {
                        state: QueueState::Parked,
                        last_error: Some(message),
                        ..row.entry
                    });
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
        let file = crate::lockfile::open(&path)?;
        match crate::lockfile::lock(
            &file,
            &path,
            "sending lock",
            Mode::Exclusive,
            Duration::ZERO,
        ) {
            Ok(()) => Ok(Some(file)),
            Err(Error::LockBusy { .. }) => Ok(None),
            Err(error) => Err(error),
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
        let outcome = match row.operation()? {
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
            Operation::StartTimer { .. }
            | Operation::StopTimer { .. }
            | Operation::DiscardTimer { .. } => return self.attempt_timer(row, api, me).await,
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
                | Error::LockBusy { .. }
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
        } = row.operation()?
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

    /// The state of a queued row (parked when this version cannot read it), for tests and the
    /// CLI.
    pub fn state_of(&self, id: i64) -> Result<Option<QueueState>> {
        Ok(self.row(id)?.map(|row| row.entry.state))
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
        assert_eq!(list[0].operation, QueuedOperation::Known(add("first")));
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
        assert_eq!(
            outbox.list().unwrap()[0].operation,
            QueuedOperation::Known(add("y"))
        );
        outbox.discard(id).unwrap();
        assert!(outbox
            .discard(id)
            .unwrap_err()
            .to_string()
            .contains("no queued entry"));
    }

    /// What a newer version might write: an operation this one does not know, a state it does
    /// not know, or text that is not JSON at all.
    #[test]
    fn a_row_this_version_cannot_read_is_parked_kept_as_it_is_and_blocks_nothing() {
        let (_dir, outbox) = outbox();
        let first = outbox.enqueue(&add("first")).unwrap();
        let raw = |operation: &str, state: &str| {
            let connection = outbox.db.lock();
            connection
                .execute(
                    "INSERT INTO outbox (created_at_ms, operation, state) VALUES (1, ?1, ?2)",
                    params![operation, state],
                )
                .unwrap();
            connection.last_insert_rowid()
        };
        let newer = raw(r#"{"kind":"split_away_time","task":"331402"}"#, "pending");
        let not_json = raw("\u{1}garbage", "pending");
        let odd_state = raw(
            &serde_json::to_string(&add("held")).unwrap(),
            "held_for_review",
        );
        let last = outbox.enqueue(&add("last")).unwrap();
        let stored = || -> Vec<(String, String, Option<String>)> {
            let connection = outbox.db.lock();
            let mut statement = connection
                .prepare("SELECT operation, state, last_error FROM outbox ORDER BY id")
                .unwrap();
            let rows = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        };
        let on_disk = stored();

        let list = outbox.list().unwrap();
        assert_eq!(list.len(), 5, "one unreadable row fails nothing: {list:#?}");
        let entry = |id| list.iter().find(|e| e.id == id).unwrap();
        assert_eq!(
            entry(newer).operation,
            QueuedOperation::Unreadable {
                stored_kind: Some("split_away_time".into())
            }
        );
        assert_eq!(
            entry(newer).operation.describe(),
            "an unknown \"split_away_time\" entry"
        );
        assert_eq!(
            entry(not_json).operation,
            QueuedOperation::Unreadable { stored_kind: None }
        );
        assert!(matches!(
            entry(odd_state).operation,
            QueuedOperation::Unreadable { .. }
        ));
        for id in [newer, not_json, odd_state] {
            assert_eq!(entry(id).state, QueueState::Parked);
            assert_eq!(outbox.state_of(id).unwrap(), Some(QueueState::Parked));
            let why = entry(id).last_error.clone().unwrap();
            assert!(
                why.starts_with("this version of Worktray cannot read it (")
                    && why.contains("discard it"),
                "{why}"
            );
        }
        assert!(entry(newer)
            .last_error
            .as_deref()
            .unwrap()
            .contains("unknown variant `split_away_time`"));
        assert!(entry(odd_state)
            .last_error
            .as_deref()
            .unwrap()
            .contains("\"held_for_review\" is unknown"));
        assert_eq!(
            outbox.counts().unwrap(),
            QueueCounts {
                pending: 2,
                parked: 3
            }
        );
        let sendable: Vec<i64> = outbox
            .rows(true)
            .unwrap()
            .iter()
            .map(|r| r.entry.id)
            .collect();
        assert_eq!(sendable, vec![first, last], "the rows behind it are sent");

        let refused = outbox.retry(newer, None).unwrap_err().to_string();
        assert!(
            refused.contains("cannot be read by this version"),
            "{refused}"
        );
        assert_eq!(
            stored(),
            on_disk,
            "reading, listing and refusing change nothing on disk"
        );

        outbox.discard(newer).unwrap();
        assert_eq!(outbox.state_of(newer).unwrap(), None);
        assert_eq!(outbox.list().unwrap().len(), 4);
    }

    #[test]
    fn queued_operations_cross_the_socket_as_they_are() {
        let known = QueuedOperation::Known(add("x"));
        let json = serde_json::to_value(&known).unwrap();
        assert_eq!(json["kind"], "add_cost", "a readable row is its operation");
        assert_eq!(
            serde_json::from_value::<QueuedOperation>(json).unwrap(),
            known
        );
        let unreadable = QueuedOperation::Unreadable {
            stored_kind: Some("split_away_time".into()),
        };
        let json = serde_json::to_value(&unreadable).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "unreadable", "stored_kind": "split_away_time"})
        );
        assert_eq!(
            serde_json::from_value::<QueuedOperation>(json).unwrap(),
            unreadable
        );
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
