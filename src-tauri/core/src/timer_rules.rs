//! The timer rules, as pure functions of what the server said runs and what the user did: which
//! writes a start, a stop or a discard makes (a start while another timer runs stops that one
//! first, and the server saves it), what a poll that finds another timer means, and what runs
//! once the timer writes still queued have reached the server. The tracker (`tracking.rs`)
//! gathers the facts, asks these functions, and carries out the answer.

use std::time::SystemTime;

use crate::auth::session::unix_seconds;
use crate::error::{ApiError, Error, Result};
use crate::models::{Id, TaskSummary};
use crate::notices::Notice;
use crate::outbox::{Operation, QueueState, QueuedEntry};
use crate::timer::ObservedTimer;

/// The moment a timer action means, in unix seconds: when the user asked, which may be well
/// before the action could look at the server's timer (behind another action, the request
/// gate or a slow network). Never before the start of the timer it stops: one started after
/// the click (elsewhere) did not run before it.
pub(crate) fn moment_of(asked: SystemTime, running: Option<&ObservedTimer>) -> i64 {
    let asked = unix_seconds(asked);
    running.map_or(asked, |running| {
        let began = running.began.unwrap_or_else(|| running.server_start());
        asked.max(unix_seconds(began))
    })
}

/// What a start on a task comes to.
#[derive(Debug, PartialEq)]
pub(crate) enum StartPlan {
    /// The timer already runs on that task: nothing to write.
    AlreadyRunning,
    /// These writes, in this order.
    Writes(Vec<Operation>),
}

/// Starting on `task` at `at` (Unix seconds) while `running` runs: the running timer is
/// stopped first, at `stop_at` (the server saves it as a cost row), then the new one starts —
/// each write naming the timer it means, so that sent late they touch no timer started
/// elsewhere. `stop_at` is `at` unless the user says they switched earlier (`--since`).
pub(crate) fn plan_start(
    running: Option<&ObservedTimer>,
    task: &TaskSummary,
    stop_at: i64,
    at: i64,
) -> StartPlan {
    if running.is_some_and(|running| running.task.id == task.id) {
        return StartPlan::AlreadyRunning;
    }
    let stop = running.map(|running| Operation::StopTimer {
        timer: running.identity(),
        comment: None,
        at: Some(stop_at),
        saved: false,
        left_out: 0,
    });
    let start = Operation::StartTimer {
        task: task.id.clone(),
        task_name: task.name.clone(),
        at,
    };
    StartPlan::Writes(stop.into_iter().chain([start]).collect())
}

/// Stopping `running` at `at`, with `comment` (blank is none).
pub(crate) fn plan_stop(
    running: Option<&ObservedTimer>,
    comment: Option<&str>,
    at: i64,
) -> Result<Operation> {
    let running = running.ok_or(Error::Api(ApiError::TimerNotStarted))?;
    Ok(Operation::StopTimer {
        timer: running.identity(),
        comment: comment
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        at: Some(at),
        saved: false,
        left_out: 0,
    })
}

/// Discarding `running` at `at`: the server keeps nothing of it.
pub(crate) fn plan_discard(running: Option<&ObservedTimer>, at: i64) -> Result<Operation> {
    let running = running.ok_or(Error::Api(ApiError::TimerNotStarted))?;
    Ok(Operation::DiscardTimer {
        timer: running.identity(),
        at,
    })
}

/// What a poll's answer says happened elsewhere (the web app, a phone): the tracker's own
/// starts and stops update the state at once, so any difference was made there. `before` is
/// `None` at the first look, which is not a change.
pub(crate) fn change_elsewhere(
    before: Option<Option<&TaskSummary>>,
    after: Option<&TaskSummary>,
) -> Option<Notice> {
    match (before?, after) {
        (Some(old), None) => Some(Notice::TimerStoppedElsewhere { task: old.clone() }),
        (None, Some(new)) => Some(Notice::TimerStartedElsewhere { task: new.clone() }),
        (Some(old), Some(new)) if old.id != new.id => {
            Some(Notice::TimerStartedElsewhere { task: new.clone() })
        }
        _ => None,
    }
}

/// A start still in the outbox: which task, its name as the user saw it, and when (Unix
/// seconds) the user started.
#[derive(Debug, PartialEq)]
pub(crate) struct QueuedStart {
    pub(crate) task: Id,
    pub(crate) task_name: String,
    pub(crate) at: i64,
}

/// What runs once the timer writes waiting in `queue` have reached the server: `None` when
/// none wait, `Some(None)` when the last of them stops or discards.
pub(crate) fn after_queued(queue: &[QueuedEntry]) -> Option<Option<QueuedStart>> {
    queue
        .iter()
        .rev()
        .filter(|entry| entry.state == QueueState::Pending)
        .find_map(|entry| match entry.operation.known()? {
            Operation::StartTimer {
                task,
                task_name,
                at,
            } => Some(Some(QueuedStart {
                task: task.clone(),
                task_name: task_name.clone(),
                at: *at,
            })),
            // A stop the server has done, waiting only for its row to be corrected, says
            // nothing the server's own answer does not.
            Operation::StopTimer { saved: true, .. } => None,
            Operation::StopTimer { .. } | Operation::DiscardTimer { .. } => Some(None),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::fake_api::{FakeApi, User};
    use crate::outbox::QueuedOperation;
    use crate::service::Tracker;

    fn task(id: &str) -> TaskSummary {
        TaskSummary {
            id: Id::from(id),
            name: format!("Task {id}"),
            project: String::new(),
            project_id: String::new(),
            page: String::new(),
        }
    }

    fn running(id: &str) -> ObservedTimer {
        ObservedTimer::started_by_us(task(id), SystemTime::now() - Duration::from_secs(600), true)
    }

    #[test]
    fn an_action_means_the_moment_it_was_asked_for() {
        let asked = SystemTime::now() - Duration::from_secs(20);
        assert_eq!(moment_of(asked, None), unix_seconds(asked));
        // Asked 20 s ago, looked at the server since: the stop counts to the click.
        assert_eq!(moment_of(asked, Some(&running("1"))), unix_seconds(asked));
        // The timer it finds started after the click (elsewhere): not before that start.
        let newer = ObservedTimer::started_by_us(task("2"), asked + Duration::from_secs(5), true);
        assert_eq!(
            moment_of(asked, Some(&newer)),
            unix_seconds(asked + Duration::from_secs(5))
        );
    }

    fn queued(state: QueueState, operation: Operation) -> QueuedEntry {
        QueuedEntry {
            id: 1,
            created_at_ms: 0,
            operation: QueuedOperation::Known(operation),
            state,
            attempts: 0,
            last_error: None,
        }
    }

    #[test]
    fn a_start_while_another_timer_runs_stops_that_one_first() {
        let before = running("101");
        assert_eq!(
            plan_start(Some(&before), &task("202"), 900, 1000),
            StartPlan::Writes(vec![
                Operation::StopTimer {
                    timer: before.identity(),
                    comment: None,
                    at: Some(900),
                    saved: false,
                    left_out: 0,
                },
                Operation::StartTimer {
                    task: Id::from("202"),
                    task_name: "Task 202".into(),
                    at: 1000,
                },
            ])
        );
        assert_eq!(
            plan_start(None, &task("202"), 1000, 1000),
            StartPlan::Writes(vec![Operation::StartTimer {
                task: Id::from("202"),
                task_name: "Task 202".into(),
                at: 1000,
            }])
        );
        assert_eq!(
            plan_start(Some(&before), &task("101"), 1000, 1000),
            StartPlan::AlreadyRunning
        );
    }

    #[test]
    fn a_stop_or_discard_needs_a_running_timer_and_a_blank_comment_is_none() {
        assert!(matches!(
            plan_stop(None, Some("x"), 5),
            Err(Error::Api(ApiError::TimerNotStarted))
        ));
        assert!(matches!(
            plan_discard(None, 5),
            Err(Error::Api(ApiError::TimerNotStarted))
        ));
        let timer = running("101");
        for (typed, kept) in [
            (Some("  "), None),
            (Some(" done "), Some("done")),
            (None, None),
        ] {
            let Ok(Operation::StopTimer { comment, at, .. }) = plan_stop(Some(&timer), typed, 5)
            else {
                panic!("a stop");
            };
            assert_eq!((comment.as_deref(), at), (kept, Some(5)));
        }
    }

    #[test]
    fn only_a_change_after_the_first_look_was_made_elsewhere() {
        let (a, b) = (task("1"), task("2"));
        assert_eq!(change_elsewhere(None, Some(&a)), None, "the first look");
        assert_eq!(
            change_elsewhere(Some(Some(&a)), None),
            Some(Notice::TimerStoppedElsewhere { task: a.clone() })
        );
        assert_eq!(
            change_elsewhere(Some(None), Some(&b)),
            Some(Notice::TimerStartedElsewhere { task: b.clone() })
        );
        assert_eq!(
            change_elsewhere(Some(Some(&a)), Some(&b)),
            Some(Notice::TimerStartedElsewhere { task: b.clone() })
        );
        assert_eq!(change_elsewhere(Some(Some(&a)), Some(&a)), None);
    }

    #[test]
    fn the_last_pending_timer_write_says_what_will_run() {
        let timer = running("101");
        let start = Operation::StartTimer {
            task: Id::from("202"),
            task_name: "Task 202".into(),
            at: 7,
        };
        let stop = |saved| Operation::StopTimer {
            timer: timer.identity(),
            comment: None,
            at: Some(8),
            saved,
            left_out: 0,
        };
        assert_eq!(after_queued(&[]), None);
        assert_eq!(
            after_queued(&[
                queued(QueueState::Pending, stop(false)),
                queued(QueueState::Pending, start.clone())
            ]),
            Some(Some(QueuedStart {
                task: Id::from("202"),
                task_name: "Task 202".into(),
                at: 7
            }))
        );
        assert_eq!(
            after_queued(&[
                queued(QueueState::Pending, start.clone()),
                queued(QueueState::Pending, stop(false))
            ]),
            Some(None)
        );
        assert_eq!(
            after_queued(&[queued(QueueState::Pending, stop(true))]),
            None,
            "a stop the server has done"
        );
        assert_eq!(
            after_queued(&[queued(QueueState::Parked, start)]),
            None,
            "a refused write changes nothing"
        );
    }

    #[tokio::test]
    async fn starting_on_another_task_stops_and_saves_the_running_timer_first() {
        let api = FakeApi::start(User {
            id: "7",
            name: "Alex",
        })
        .await;
        api.run_timer_on("101");
        let dir = tempfile::tempdir().expect("dir");
        let tracker = Tracker::signed_in(api.client());
        tracker.use_outbox(crate::outbox::Outbox::new(
            crate::db::Database::in_data_dir(dir.path()).expect("db"),
        ));

        let report = tracker.start("202").await.expect("started");

        assert_eq!(api.writes(), ["stop_my_timer", "start_my_timer"]);
        assert_eq!(api.saved(), [("101".to_owned(), String::new())]);
        assert_eq!(api.timer().as_deref(), Some("202"));
        let stopped = report
            .stopped_first
            .expect("the report says what was stopped");
        assert_eq!(stopped.task.id, Id::from("101"));
        assert_eq!(report.queued, None);
        let shown = report.status.timer.expect("the new timer is shown");
        assert_eq!(shown.task.id, Id::from("202"));

        let again = tracker.start("202").await.expect("answered");
        assert!(again.already_running);
        assert_eq!(
            api.writes().len(),
            2,
            "a start on the running task writes nothing"
        );
    }
}
