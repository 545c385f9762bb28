//! Sending: one pass over the queue, in order, one row at a time, each attempt classified as
//! landed, refused or "later". What each row becomes on the wire is `wire.rs`; what is written
//! back to its row is `rows.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::rows::{now_ms, Row};
use super::wire;
use super::{Operation, Outbox, QueueState, QueuedEntry};
use crate::api::ApiClient;
use crate::error::{ApiError, Error, ErrorCode, Result, StoreError};
use crate::i18n::Lang;
use crate::lockfile::Mode;
use crate::models::Me;

/// Why a write waits in the outbox rather than being confirmed: a code that crosses the socket
/// and `--json` the same in every language; each front end puts it in words ([`QueueReason::text_in`],
/// the UI's `queueReason`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum QueueReason {
    /// The wait for a person ended before Worksection answered.
    SlowToAnswer,
    /// A start answered before its writes could leave: the gate spaces requests a second apart.
    OnItsWay,
    /// Written to the outbox, not tried yet.
    NotSentYet,
    /// Rows ahead of it in the queue go first.
    WaitingForEarlier,
    /// An earlier attempt failed; the next waits for its retry time.
    WaitingToRetry,
    /// Another Worktray process holds the machine's sending lock.
    OtherProcessSending,
    /// The process is ending; the rest is sent when it runs again.
    Closing,
    /// A sync that took longer than it may; the background sender goes on.
    StillSending { seconds: u32 },
    /// An attempt failed: the error's code, and its words in the sender's language.
    Failed { code: ErrorCode, message: String },
}

impl QueueReason {
    pub fn failed(error: &Error) -> QueueReason {
        QueueReason::Failed {
            code: error.code(),
            message: error.to_string(),
        }
    }

    /// The reason in words of `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        match self {
            QueueReason::SlowToAnswer => crate::t_in!(lang, "queue-slow-to-answer"),
            QueueReason::OnItsWay => crate::t_in!(lang, "queue-on-its-way"),
            QueueReason::NotSentYet => crate::t_in!(lang, "queue-not-sent-yet"),
            QueueReason::WaitingForEarlier => crate::t_in!(lang, "queue-waiting-for-earlier"),
            QueueReason::WaitingToRetry => crate::t_in!(lang, "queue-waiting-to-retry"),
            QueueReason::OtherProcessSending => crate::t_in!(lang, "queue-other-process"),
            QueueReason::Closing => crate::t_in!(lang, "queue-closing"),
            QueueReason::StillSending { seconds } => {
                crate::t_in!(lang, "queue-still-sending", seconds = *seconds)
            }
            QueueReason::Failed { message, .. } => message.clone(),
        }
    }
}

/// What one pass of sending did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SendReport {
    pub sent: Vec<QueuedEntry>,
    /// Rows the server refused: parked for the user, or, for a start, dropped.
    pub parked: Vec<QueuedEntry>,
    /// Why the pass stopped early (offline, signed out), if it did.
    pub held_back_by: Option<QueueReason>,
    /// What the server said about sent rows, by row id ("Days added: 2, days updated: 1").
    #[serde(default)]
    pub confirmations: BTreeMap<i64, String>,
}

/// How one attempt ended.
pub(super) enum Attempt {
    /// Confirmed, with what the server said about it, if anything.
    Landed(Option<String>),
    Rejected(String),
    /// Try again later; the error says why (offline, rate limit, signed out).
    Later(Error),
}

/// A row that fails this many times in a way that does not pass by itself (an error status or
/// an answer we cannot read, from the service or something on the way, such as a firewall) is
/// set aside: parked for the user to retry, correct or discard, so that it does not hold back
/// the rows behind it for ever. Offline, "slow down" and a signed-out account only wait.
/// A row that may have landed is reconciled when it is retried, as after any lost answer.
const SET_ASIDE_AFTER: u32 = 5;

/// How long to wait before retrying after the n-th failed attempt: 5 s doubling to 5 min.
pub(super) fn retry_delay(attempts: u32) -> Duration {
    Duration::from_secs((5u64 << attempts.saturating_sub(1).min(6)).min(300))
}

impl Outbox {
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
            report.held_back_by = Some(QueueReason::Closing);
            return Ok(report);
        }
        // One sender per machine: a CLI and a daemon must not send the same row at once.
        let Some(_other_processes) = self.try_lock_sending()? else {
            report.held_back_by = Some(QueueReason::OtherProcessSending);
            return Ok(report);
        };
        for listed in self.rows(true)? {
            // The row as it is now: discarded, or corrected and made due again, while this
            // pass sent the rows before it.
            let Some(row) = self
                .row(listed.entry.id)?
                .filter(|row| row.entry.state == QueueState::Pending)
            else {
                continue;
            };
            if self.is_closed() {
                report.held_back_by = Some(QueueReason::Closing);
                break;
            }
            if !ignore_schedule && row.next_attempt_ms > now_ms() {
                report.held_back_by = Some(QueueReason::WaitingToRetry);
                break;
            }
            match self.attempt(&row, api, me).await? {
                Attempt::Landed(message) => {
                    if let Some(message) = message {
                        report.confirmations.insert(row.entry.id, message);
                    }
                    self.delete_row(row.entry.id)?;
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
                    self.delete_row(row.entry.id)?;
                    report.parked.push(QueuedEntry {
                        state: QueueState::Parked,
                        last_error: Some(message),
                        ..row.entry
                    });
                }
                Attempt::Rejected(message) => {
                    self.park(row.entry.id, &message)?;
                    report.parked.push(QueuedEntry {
                        state: QueueState::Parked,
                        last_error: Some(message),
                        ..row.entry
                    });
                }
                Attempt::Later(error)
                    if row.entry.attempts.saturating_add(1) >= SET_ASIDE_AFTER
                        && !error.is_unavailable() =>
                {
                    let message = crate::t!(
                        "outbox-set-aside",
                        tries = SET_ASIDE_AFTER,
                        error = error.to_string()
                    );
                    if matches!(
                        row.entry.operation.known(),
                        Some(Operation::StartTimer { .. })
                    ) {
                        // As a refused start: sent later, it would count from a moment gone.
                        self.delete_row(row.entry.id)?;
                    } else {
                        self.park(row.entry.id, &message)?;
                    }
                    report.parked.push(QueuedEntry {
                        state: QueueState::Parked,
                        last_error: Some(message),
                        ..row.entry
                    });
                }
                Attempt::Later(error) => {
                    let attempts = row.entry.attempts.saturating_add(1);
                    let next = now_ms() + retry_delay(attempts).as_millis() as i64;
                    self.retry_at(row.entry.id, next, &error.to_string())?;
                    report.held_back_by = Some(QueueReason::failed(&error));
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
            Err(Error::Store(StoreError::LockBusy { .. })) => Ok(None),
            Err(error) => Err(error),
        }
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
                let change =
                    wire::cost_change(*minutes, money.clone(), *at_my_rate, comment, *date);
                self.mark_sending(id)?;
                api.update_costs(cost, &change).await.map(|()| None)
            }
            Operation::DeleteCost { id: cost } => {
                self.mark_sending(id)?;
                match api.delete_costs(cost).await {
                    // An earlier attempt that may have landed explains a missing row.
                    Err(Error::Api(ApiError::Reported { code: Some(4), .. }))
                        if row.maybe_applied =>
                    {
                        Ok(None)
                    }
                    other => other.map(|()| None),
                }
            }
            Operation::StartTimer { .. }
            | Operation::StopTimer { .. }
            | Operation::DiscardTimer { .. } => return self.attempt_timer(row, api, me).await,
            Operation::UpdateSchedule { user, days } => {
                self.mark_sending(id)?;
                api.update_users_schedule(&wire::schedule(user, days))
                    .await
                    .map(Some)
            }
        };
        self.classify(id, outcome)
    }

    /// What an attempt at row `id` came to. A write that may have reached the server keeps its
    /// mark, so the next attempt looks before it sends again; one that cannot have reached it
    /// (refused, or never sent) loses the mark.
    pub(super) fn classify(&self, id: i64, outcome: Result<Option<String>>) -> Result<Attempt> {
        let error = match outcome {
            Ok(message) => return Ok(Attempt::Landed(message)),
            Err(error) => error,
        };
        if !error.may_have_landed() {
            self.mark_not_sent(id)?;
        }
        Ok(if error.worth_another_try() {
            Attempt::Later(error)
        } else {
            Attempt::Rejected(error.to_string())
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
            return Err(StoreError::RowOfOtherKind {
                expected: "cost row",
            }
            .into());
        };
        let id = row.entry.id;
        let matching =
            || async { wire::count_matching(api, me, task, *minutes, comment, *date).await };
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
                    self.set_baseline(id, count)?;
                    count
                }
                Err(error) => return self.classify_reconcile(error),
            },
        };
        tracing::debug!("sending queued cost {id} (baseline {baseline})");
        self.mark_sending(id)?;
        let cost = wire::new_cost(task, *minutes, money.clone(), *at_my_rate, comment, *date);
        self.classify(id, api.add_costs(&cost).await.map(|_| None))
    }

    /// A failed look-up before sending changes nothing on the server, and leaves the row's
    /// mark as it was: whether an earlier attempt may have landed is still unknown.
    pub(super) fn classify_reconcile(&self, error: Error) -> Result<Attempt> {
        Ok(if error.worth_another_try() {
            Attempt::Later(error)
        } else {
            Attempt::Rejected(error.to_string())
        })
    }
}
