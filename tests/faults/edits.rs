//! Changing and deleting saved entries, and marking days off, whatever happens: the simulator
//! drops answers after applying them, answers 5xx, times out, says "Too many requests",
//! expires the token or is unreachable, and the daemon is killed with SIGKILL mid-write. The
//! ledger must end with exactly what the user asked for last: every edit as typed (the second
//! of two edits of one entry wins), every deleted entry gone, no other row touched and none
//! added; every day marked as it was marked last.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use worktray_core::api::ScheduleMark;
use worktray_core::entries::{EntryChange, QuickEntry};
use worktray_core::ipc::{CoreRequest, DaemonClient};
use worktray_core::service::Tracker;
use worktray_sim::{Faults, Simulator};
use worktray_tests::{
    drain, drain_with_cli, fast_simulator, faults_of_round, injected_faults, kill_moments, run,
    signed_in_tracker, start_daemon, wait_for_socket, Daemon, Sandbox,
};

const TASK: &str = "331402";
const DEMO_USER_ID: u64 = 4127;
/// How long a write waits to land before it answers "queued".
const WAIT: Duration = Duration::from_millis(400);

/// The demo user's rows: id → (minutes, comment).
fn my_rows(sim: &Simulator) -> BTreeMap<u64, (u64, String)> {
    sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["user_id"].as_u64() == Some(DEMO_USER_ID))
        .map(|row| {
            (
                row["id"].as_u64().expect("id"),
                (
                    row["minutes"].as_u64().expect("minutes"),
                    row["comment"].as_str().unwrap_or_default().to_owned(),
                ),
            )
        })
        .collect()
}

fn id_of(sim: &Simulator, comment: &str) -> u64 {
    let ids: Vec<u64> = my_rows(sim)
        .into_iter()
        .filter(|(_, (_, c))| c == comment)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids.len(), 1, "one row says {comment:?}");
    ids[0]
}

/// Saves `count` entries of 15 minutes, with no fault, and returns their ids.
async fn saved_entries(tracker: &Tracker, sim: &Simulator, count: usize) -> Vec<u64> {
    let comments: Vec<String> = (0..count).map(|n| format!("saved #{n}")).collect();
    for comment in &comments {
        let entry = QuickEntry {
            task: TASK.into(),
            duration: "0:15".into(),
            comment: Some(comment.clone()),
            ..QuickEntry::default()
        };
        tracker.log_time(&entry, WAIT, false).await.expect("logged");
    }
    drain(tracker).await;
    comments.iter().map(|c| id_of(sim, c)).collect()
}

fn change(minutes: u64, comment: &str) -> EntryChange {
    EntryChange {
        duration: Some(format!("{}:{:02}", minutes / 60, minutes % 60)),
        comment: Some(comment.to_owned()),
        ..EntryChange::default()
    }
}

/// What the requests of `action` met, by the simulator's log: each outcome but "ok", as
/// often as it came.
fn faults_met(sim: &Simulator, action: &str) -> BTreeMap<String, usize> {
    let mut met = BTreeMap::new();
    for request in sim.request_log() {
        if request.action.as_deref() == Some(action) && request.outcome != "ok" {
            *met.entry(request.outcome).or_insert(0) += 1;
        }
    }
    met
}

/// Every kind of fault `faults_of_round` injects, as the log names it (a timeout is an "ok"
/// that came too late, and is not named).
const FAULT_OUTCOMES: [&str; 5] = [
    "hung up after apply (ok)",
    "injected 503",
    "too many requests (injected)",
    "token is expired",
    "hung up: offline",
];

fn assert_met_every_fault(sim: &Simulator, action: &str) {
    let met = faults_met(sim, action);
    println!("{action} met {met:?}");
    for outcome in FAULT_OUTCOMES {
        assert!(
            met.get(outcome).is_some_and(|n| *n >= 2),
            "{action} met {outcome:?} under twice: {met:?}"
        );
    }
}

/// Each round, one of three writes meets the round's fault: the first edit of an entry, a
/// second edit of the same entry (which must win), or the deletion of another; the writes
/// after it queue behind it when it must wait.
#[tokio::test(flavor = "multi_thread")]
async fn edits_and_deletes_under_every_fault_book_exactly_what_the_user_did() {
    const ROUNDS: usize = 3 * 8 * 3;
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.tasks(None).await.expect("task list");
    let pool = saved_entries(&tracker, &sim, 2 * ROUNDS).await;
    let mut expected = my_rows(&sim);
    let started = Instant::now();
    for round in 0..ROUNDS {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the fault suite is too slow"
        );
        // Whatever the last round left queued goes first, so that this round's fault meets
        // the write it is meant for.
        drain(&tracker).await;
        let (edited, deleted) = (pool[2 * round], pool[2 * round + 1]);
        let first = change(20 + round as u64, &format!("first edit #{round}"));
        let second = change(5 + round as u64 % 7, &format!("second edit #{round}"));
        let faulted = round % 3;
        for write in 0..3 {
            if write == faulted {
                sim.set_faults(faults_of_round(&sim, (round / 3) as u32));
            }
            let written = match write {
                0 => tracker.edit_entry(&edited.to_string(), &first, WAIT).await,
                1 => tracker.edit_entry(&edited.to_string(), &second, WAIT).await,
                _ => tracker.delete_entry(&deleted.to_string(), WAIT).await,
            };
            written.expect("always accepted: the write is queued at worst");
            sim.set_faults(Faults::default());
        }
        expected.insert(
            edited,
            (5 + round as u64 % 7, format!("second edit #{round}")),
        );
        expected.remove(&deleted);
    }
    drain(&tracker).await;
    let ledger = my_rows(&sim);
    let wrong: Vec<_> = expected
        .iter()
        .filter(|(id, row)| ledger.get(id) != Some(row))
        .collect();
    let unexpected: Vec<_> = ledger
        .keys()
        .filter(|id| !expected.contains_key(id))
        .collect();
    println!(
        "faults injected: {} · rounds: {ROUNDS} · rows wrong: {} · rows that should be gone: {}",
        injected_faults(&sim),
        wrong.len(),
        unexpected.len()
    );
    assert!(
        wrong.is_empty(),
        "rows not as the user left them: {wrong:?}"
    );
    assert!(unexpected.is_empty(), "rows not deleted: {unexpected:?}");
    assert_met_every_fault(&sim, "update_costs");
    assert_met_every_fault(&sim, "delete_costs");
}

/// Marks of `days` from `first`: each round marks three days, overlapping the round before,
/// so a mark that lands out of order or twice after a later one shows in the schedule.
fn marks_of_round(round: u32, first: NaiveDate) -> (NaiveDate, NaiveDate, ScheduleMark) {
    let from = first + Days::new(u64::from(round) * 2);
    let mark = match round % 3 {
        0 => ScheduleMark::Vacation,
        1 => ScheduleMark::SickLeave,
        _ => ScheduleMark::Unset,
    };
    (from, from + Days::new(2), mark)
}

fn day_kind(mark: ScheduleMark) -> Option<&'static str> {
    match mark {
        ScheduleMark::Vacation => Some("vacation"),
        ScheduleMark::SickLeave => Some("sick-leave"),
        ScheduleMark::Workday => Some("workday"),
        ScheduleMark::Unset => None,
    }
}

/// The demo user's schedule: date → kind.
fn schedule(sim: &Simulator) -> BTreeMap<NaiveDate, String> {
    sim.state()["schedules"][DEMO_USER_ID.to_string()]
        .as_object()
        .map(|days| {
            days.iter()
                .map(|(d, k)| {
                    (
                        d.parse().expect("a date"),
                        k.as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn expect_marks(
    expected: &mut BTreeMap<NaiveDate, String>,
    (from, to, mark): (NaiveDate, NaiveDate, ScheduleMark),
) {
    for day in from.iter_days().take_while(|d| *d <= to) {
        match day_kind(mark) {
            Some(kind) => expected.insert(day, kind.to_owned()),
            None => expected.remove(&day),
        };
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn days_off_under_faults_end_as_marked_last() {
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.me().await.expect("who I am");
    let first = NaiveDate::from_ymd_opt(2028, 2, 1).expect("a date");
    let mut expected = schedule(&sim);
    let started = Instant::now();
    let mut round = 0;
    while injected_faults(&sim) < 100 {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the fault suite is too slow"
        );
        sim.set_faults(faults_of_round(&sim, round));
        let marks = marks_of_round(round, first);
        let (from, to, mark) = marks;
        tracker
            .set_days_off(&format!("{from}..{to}"), mark, true)
            .await
            .expect("always accepted: the mark is queued at worst");
        expect_marks(&mut expected, marks);
        if round % 8 == 4 || round % 8 == 6 {
            sim.set_faults(Faults::default());
        }
        round += 1;
    }
    sim.set_faults(Faults::default());
    drain(&tracker).await;
    let schedule = schedule(&sim);
    println!(
        "faults injected: {} · marks: {round} · days marked: {}",
        injected_faults(&sim),
        schedule.len()
    );
    assert_eq!(schedule, expected);
    assert_met_every_fault(&sim, "update_users_schedule");
}

/// Restarts the daemon and waits until its queue is empty.
async fn drain_after_restart(sandbox: &Sandbox, sim: &Simulator) -> Daemon {
    let daemon = start_daemon(sandbox, sim);
    wait_for_socket(sandbox).await;
    drain_with_cli(sandbox, sim).await;
    daemon
}

/// The daemon killed while an edit, a deletion or a days-off mark is on its way, each in turn
/// under each plan: after a restart the ledger holds each exactly as asked, and nothing is
/// refused.
#[tokio::test(flavor = "multi_thread")]
async fn killing_the_daemon_mid_edit_delete_or_mark_books_each_as_asked() {
    let sim = worktray_tests::demo_simulator().await;
    let sandbox = Sandbox::new();
    let first = NaiveDate::from_ymd_opt(2028, 5, 1).expect("a date");
    let mut expected_schedule = schedule(&sim);
    let mut ids = Vec::new();
    for n in 0..2 * kill_moments().len() {
        let comment = format!("to change #{n}");
        let ran = run({
            let mut c = sandbox.worktray(&sim);
            c.args(["log", "15m", TASK, "--comment", &comment]);
            c
        })
        .await;
        assert_eq!(ran.code, Some(0), "{ran:?}");
        ids.push(id_of(&sim, &comment));
    }
    let mut expected = my_rows(&sim);
    for (plan, (faults, kill_after)) in kill_moments().into_iter().enumerate() {
        let (edited, deleted) = (ids[2 * plan], ids[2 * plan + 1]);
        let wanted = change(40 + plan as u64, &format!("edited before kill #{plan}"));
        let marks = marks_of_round(plan as u32, first);
        let (from, to, mark) = marks;
        let writes = [
            CoreRequest::EditEntry {
                id: edited.to_string(),
                change: wanted,
            },
            CoreRequest::DeleteEntry {
                id: deleted.to_string(),
            },
            CoreRequest::SetDaysOff {
                range: format!("{from}..{to}"),
                mark,
                include_weekends: true,
            },
        ];
        for write in writes {
            let daemon = start_daemon(&sandbox, &sim);
            wait_for_socket(&sandbox).await;
            let client = DaemonClient::new(sandbox.socket());
            // As for a user: the app has been running a while and knows who they are, and
            // the queue is empty, so the write is queued at once and sent first.
            let synced = client.call(CoreRequest::Sync.into()).await;
            assert!(synced.is_ok(), "{synced:?}");
            sim.set_faults(faults.clone());
            let writing = tokio::spawn(async move { client.call(write.into()).await });
            tokio::time::sleep(kill_after).await;
            daemon.kill_9();
            writing.abort();
            sim.set_faults(Faults::default());
        }
        expected.insert(
            edited,
            (40 + plan as u64, format!("edited before kill #{plan}")),
        );
        expected.remove(&deleted);
        expect_marks(&mut expected_schedule, marks);
    }
    let _daemon = drain_after_restart(&sandbox, &sim).await;
    assert_eq!(my_rows(&sim), expected);
    assert_eq!(schedule(&sim), expected_schedule);
}
