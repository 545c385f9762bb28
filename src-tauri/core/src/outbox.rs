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

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

use crate::db::Database;
use crate::error::{Error, Result, StoreError};
use crate::t;

mod operation;
mod rows;
mod send;
mod timer;
mod wire;

pub use operation::{Operation, QueueCounts, QueueState, QueuedEntry, QueuedOperation};
pub use send::{QueueReason, SendReport};
pub use timer::{late_start_key, LateStart};

#[derive(Clone)]
pub struct Outbox {
    db: Database,
    wake: Arc<Notify>,
    /// One pass at a time in this process; the lock file keeps other processes out.
    sending: Arc<tokio::sync::Mutex<()>>,
    /// Set when the process is about to end: no row starts being sent any more.
    closed: Arc<AtomicBool>,
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
    #[cfg(test)]
    pub(crate) fn enqueue(&self, operation: &Operation) -> Result<i64> {
        let ids = self.enqueue_all(std::slice::from_ref(operation))?;
        Ok(ids[0])
    }

    /// Commits `operations` durably, all or none, to be sent in this order (a stop and the
    /// start behind it). Returns their row ids.
    pub fn enqueue_all(&self, operations: &[Operation]) -> Result<Vec<i64>> {
        self.enqueue_remembering(operations, None)
    }

    /// [`Outbox::enqueue_all`], with a remembered fact (a key and its value) written in the
    /// same transaction: both are kept, or neither.
    pub(crate) fn enqueue_remembering(
        &self,
        operations: &[Operation],
        remembered: Option<(&str, &str)>,
    ) -> Result<Vec<i64>> {
        let texts = operations
            .iter()
            .map(serde_json::to_string)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(StoreError::Encode)?;
        let ids = self.insert_rows(&texts, remembered)?;
        self.wake.notify_one();
        Ok(ids)
    }

    /// Resolves when something was enqueued (or a retry was asked for).
    pub async fn woken(&self) {
        self.wake.notified().await;
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
        if !self.delete_row(id)? {
            return Err(Error::invalid_input(t!(
                "queue-no-entry",
                id = id.to_string()
            )));
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
            return Err(Error::invalid_input(t!(
                "queue-entry-unreadable",
                id = id.to_string()
            )));
        }
        let corrected = corrected
            .map(serde_json::to_string)
            .transpose()
            .map_err(StoreError::Encode)?;
        if !self.make_due(id, corrected.as_deref())? {
            return Err(Error::invalid_input(t!(
                "queue-entry-not-changeable",
                id = id.to_string()
            )));
        }
        self.wake.notify_one();
        Ok(())
    }

    /// The state of a queued row (parked when this version cannot read it).
    #[cfg(test)]
    pub(crate) fn state_of(&self, id: i64) -> Result<Option<QueueState>> {
        Ok(self.row(id)?.map(|row| row.entry.state))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::NaiveDate;
    use rusqlite::params;

    use super::send::retry_delay;
    use super::*;
    use crate::error::{ApiError, AuthError};
    use crate::models::Id;

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

    /// A look-up that fails on this machine (a locked keyring, an unreadable answer) is tried
    /// again, as the write itself would be; and a refusal after an attempt that may have
    /// landed keeps that mark, so a retry looks before it books again.
    #[test]
    fn a_failed_look_up_waits_and_a_refusal_keeps_what_may_have_landed() {
        let (_dir, outbox) = outbox();
        for error in [
            Error::Auth(AuthError::KeyringLocked(
                crate::auth::KeyringTrouble::Locked,
            )),
            Error::Api(ApiError::Decode {
                action: "get_costs".into(),
                path: "$".into(),
                message: "bad".into(),
            }),
            Error::Store(StoreError::UnreadableRow { id: 1 }),
            Error::Api(ApiError::Server { status: 502 }),
        ] {
            assert!(
                matches!(
                    outbox.classify_reconcile(error),
                    Ok(send::Attempt::Later(_))
                ),
                "a look-up failing here is no refusal"
            );
        }
        assert!(matches!(
            outbox.classify_reconcile(Error::Api(ApiError::Reported {
                code: Some(4),
                message: "no such task".into(),
                details: None,
            })),
            Ok(send::Attempt::Rejected(_))
        ));

        let id = outbox.enqueue(&add("may have landed")).unwrap();
        outbox.mark_sending(id).unwrap();
        outbox.park(id, "refused on the look-up").unwrap();
        assert!(outbox.row(id).unwrap().unwrap().maybe_applied);
        let refused = outbox.classify(
            id,
            Err(Error::Api(ApiError::Reported {
                code: Some(10),
                message: "field required".into(),
                details: None,
            })),
        );
        assert!(matches!(refused, Ok(send::Attempt::Rejected(_))));
        assert!(
            !outbox.row(id).unwrap().unwrap().maybe_applied,
            "a refused write did not land"
        );
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
