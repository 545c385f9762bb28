//! The outbox sender: every write is committed to the outbox and then sent — at once for a
//! person who waits a few seconds to hear "sent" or "queued", in the background for the rest
//! (at once when something is queued, then with growing pauses while Worksection cannot be
//! reached), and on `sync`. At shutdown it begins no further row and sees the one on its way
//! through.

use std::time::Duration;

use crate::entries::{SyncReport, WriteOutcome, SYNC_WAIT};
use crate::error::{Error, Result};
use crate::outbox::{Operation, QueueReason, QueueState, SendReport};
use crate::service::Tracker;
use crate::t;

impl Tracker {
    /// Commits a write to the outbox and waits up to `wait` for it to reach Worksection.
    pub async fn write(&self, operation: &Operation, wait: Duration) -> Result<WriteOutcome> {
        self.write_all(std::slice::from_ref(operation), wait).await
    }

    /// Commits writes to the outbox together, in order, and waits up to `wait` for them to
    /// reach Worksection; the outcome is the last one's (it is sent after the others).
    pub async fn write_all(
        &self,
        operations: &[Operation],
        wait: Duration,
    ) -> Result<WriteOutcome> {
        let mut outcomes = self.write_each(operations, wait).await?;
        outcomes
            .pop()
            .ok_or_else(|| Error::invalid_input(t!("write-nothing")))
    }

    /// Like [`Tracker::write_all`], with the outcome of each write, in order.
    pub async fn write_each(
        &self,
        operations: &[Operation],
        wait: Duration,
    ) -> Result<Vec<WriteOutcome>> {
        self.write_each_remembering(operations, None, wait, QueueReason::SlowToAnswer)
            .await
    }

    /// [`Tracker::write_each`], with a remembered fact committed together with the writes
    /// (see [`crate::outbox::Outbox::enqueue_remembering`]), and the reason a write still
    /// queued after `wait` is given.
    pub(crate) async fn write_each_remembering(
        &self,
        operations: &[Operation],
        remembered: Option<(&str, &str)>,
        wait: Duration,
        still_queued: QueueReason,
    ) -> Result<Vec<WriteOutcome>> {
        let outbox = self.outbox()?;
        let ids = outbox.enqueue_remembering(operations, remembered)?;
        if ids.is_empty() {
            return Err(Error::invalid_input(t!("write-nothing")));
        }
        self.announce();
        // The pass goes on after `wait`, with the user's priority at the gate: a write that
        // has left is seen through rather than cut off with its answer on the way, which
        // would cost a look at the server before the next attempt.
        let sending = tokio::spawn({
            let tracker = self.clone();
            async move { tracker.send_queued(true).await }
        });
        let sent = match tokio::time::timeout(wait, sending).await {
            Ok(Ok(sent)) => Some(sent),
            Ok(Err(stopped)) if stopped.is_panic() => {
                std::panic::resume_unwind(stopped.into_panic())
            }
            // Still on its way, or cut off by a runtime shutting down: the outbox keeps it.
            Ok(Err(_)) | Err(_) => None,
        };
        let outcome_of = |id: i64| match &sent {
            Some(Ok(report)) => {
                if report.sent.iter().any(|e| e.id == id) {
                    WriteOutcome::Sent {
                        message: report.confirmations.get(&id).cloned(),
                    }
                } else if let Some(parked) = report.parked.iter().find(|e| e.id == id) {
                    WriteOutcome::Parked {
                        message: parked.last_error.clone().unwrap_or_default(),
                    }
                } else {
                    WriteOutcome::Queued {
                        reason: report
                            .held_back_by
                            .clone()
                            .unwrap_or(QueueReason::WaitingForEarlier),
                    }
                }
            }
            Some(Err(error)) => WriteOutcome::Queued {
                reason: QueueReason::failed(error),
            },
            None => WriteOutcome::Queued {
                reason: still_queued.clone(),
            },
        };
        let outcomes = ids.into_iter().map(outcome_of).collect();
        self.announce();
        Ok(outcomes)
    }

    /// One pass over the outbox. `now` ignores retry delays (a user asked).
    pub async fn send_queued(&self, now: bool) -> Result<SendReport> {
        let outbox = self.outbox()?;
        let signed_in = self.session()?;
        let me = self.me().await?;
        // Nobody waits for a background pass: it goes after the user's requests and waits out
        // a "slow down" pause at the gate instead of being refused.
        let api = if now {
            signed_in.api.clone()
        } else {
            signed_in.api.background()
        };
        let report = outbox.send_due(&api, &me, now).await;
        self.note(&signed_in, &report);
        let report = report?;
        for parked in &report.parked {
            self.notify(crate::notices::Notice::EntryRefused {
                description: parked.operation.describe(),
                message: parked.last_error.clone().unwrap_or_default(),
            });
        }
        if !report.sent.is_empty() || !report.parked.is_empty() {
            self.announce();
        }
        Ok(report)
    }

    /// `worktray sync`: sends what is queued now and says what is left.
    ///
    /// It answers within [`SYNC_WAIT`], under the time a client waits for the daemon: a queue
    /// long enough to take longer (each new entry is two spaced requests) is left to the
    /// background sender, or to the next sync.
    pub async fn sync(&self) -> Result<SyncReport> {
        let report = match tokio::time::timeout(SYNC_WAIT, self.send_queued(true)).await {
            Ok(report) => report,
            Err(_) => Ok(SendReport {
                held_back_by: Some(QueueReason::StillSending {
                    seconds: SYNC_WAIT.as_secs() as u32,
                }),
                ..SendReport::default()
            }),
        };
        let outbox = self.outbox()?;
        let counts = outbox.counts()?;
        let parked = outbox
            .list()?
            .into_iter()
            .filter(|e| e.state == QueueState::Parked)
            .collect();
        Ok(match report {
            Ok(report) => SyncReport {
                sent: report.sent.len(),
                pending: counts.pending,
                parked,
                held_back_by: report.held_back_by,
            },
            Err(error) => SyncReport {
                sent: 0,
                pending: counts.pending,
                parked,
                held_back_by: Some(QueueReason::failed(&error)),
            },
        })
    }

    /// Sends queued writes in the background until `shutdown`: at once when something is
    /// queued, then with growing pauses while Worksection cannot be reached. At `shutdown` no
    /// further row is begun, and a row on its way (of this sender, or of a user's sync) is seen
    /// through before it returns: each queued entry is then confirmed or still queued.
    pub async fn run_outbox(&self, shutdown: impl std::future::Future<Output = ()>) {
        let Ok(outbox) = self.outbox() else { return };
        let close = async {
            shutdown.await;
            outbox.close();
        };
        tokio::join!(close, self.send_until_closed(&outbox));
        outbox.idle().await;
    }

    async fn send_until_closed(&self, outbox: &crate::outbox::Outbox) {
        // Entries sent since the queue last had to wait for the network.
        let mut sent_after_waiting: Option<usize> = None;
        while !outbox.is_closed() {
            let mut wait = Duration::from_secs(3600);
            if outbox.counts().unwrap_or_default().pending > 0 && self.api().is_ok() {
                match self.send_queued(false).await {
                    Ok(report) => {
                        if let Some(sent) = sent_after_waiting.as_mut() {
                            *sent += report.sent.len();
                        }
                        if report.held_back_by.is_some() {
                            sent_after_waiting.get_or_insert(0);
                        }
                    }
                    Err(_) => {
                        sent_after_waiting.get_or_insert(0);
                    }
                }
            }
            let left = outbox.counts().unwrap_or_default();
            if left.pending > 0 {
                wait = Duration::from_secs(15);
            } else if let Some(sent) = sent_after_waiting.take().filter(|sent| *sent > 0) {
                self.notify(crate::notices::Notice::QueueFlushed { sent });
            }
            tokio::select! {
                () = outbox.woken() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}
