//! Timer writes book exactly what the user did: a stop whose answer is lost, a stop made
//! offline, a start queued behind a stop, and a couple of hundred injected faults (dropped
//! answers, 5xx, "Too many requests", timeouts, expired tokens, no network). The simulator's
//! ledger must show one timer row per stop, on the task the user stopped, with the user's
//! comment and the time until the user's stop; no row for a discard; and the timer the user
//! last started running.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use worktray_core::db::Database;
use worktray_core::outbox::Outbox;
use worktray_sim::{Faults, Simulator};
use worktray_tests::{
    api_requests, drain, drain_with_cli, fast_simulator, faults_of_round, injected_faults,
    kill_moments, last_cost, run, signed_in_tracker, start_daemon, timer_polls, wait_for_socket,
    Ran, Sandbox,
};

/// "Homepage wireframes" and "Contact form QA", both the demo user's open tasks.
pub(super) const TASK_A: &str = "331402";
pub(super) const TASK_B: &str = "331415";
const DEMO_USER_ID: u64 = 4127;

/// A cost row of the demo user, as the simulator's ledger holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SavedRow {
    pub(super) task: String,
    pub(super) comment: String,
    pub(super) minutes: u64,
}

/// The demo user's rows the simulator saved after row `after`: those the timer saved, or the
/// others (entries).
pub(super) fn rows(sim: &Simulator, after: u64, saved_by_timer: bool) -> Vec<SavedRow> {
    sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["id"].as_u64() > Some(after))
        .filter(|row| {
            row["user_id"].as_u64() == Some(DEMO_USER_ID) && row["is_timer"] == saved_by_timer
        })
        .map(|row| SavedRow {
            task: row["task_id"].to_string(),
            comment: row["comment"].as_str().unwrap_or_default().to_owned(),
            minutes: row["minutes"].as_u64().expect("minutes"),
        })
        .collect()
}

/// The demo user's timer rows the simulator saved after row `after`.
pub(super) fn timer_rows(sim: &Simulator, after: u64) -> Vec<SavedRow> {
    rows(sim, after, true)
}

/// The task the demo user's timer runs on in the simulator, if any.
pub(super) fn running_task(sim: &Simulator) -> Option<String> {
    sim.state()["timers"]
        .as_array()
        .expect("timers")
        .iter()
        .find(|t| t["user_id"].as_u64() == Some(DEMO_USER_ID))
        .map(|t| t["task_id"].to_string())
}

pub(super) fn cli(sandbox: &Sandbox, sim: &Simulator, args: &[&str]) -> std::process::Command {
    let mut command = sandbox.worktray(sim);
    command.args(args);
    command
}

pub(super) async fn daemon_polled(sandbox: &Sandbox, sim: &Simulator, polls_before: usize) {
    wait_for_socket(sandbox).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while timer_polls(sim) == polls_before {
        assert!(Instant::now() < deadline, "the daemon's first poll");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn status_task(ran: &Ran) -> Option<String> {
    let status: Value = serde_json::from_str(&ran.stdout).expect("status json");
    status["timer"]["task"]["id"].as_str().map(str::to_owned)
}

/// Through the tray: a timer on A, `stop -c "for A"` under `faults`, the faults gone, `start B`
/// at once, the queue drained. Whatever the fault, the ledger holds one row, on A, with A's
/// comment, and B runs, on the server and in the tray. Returns what the stop printed.
async fn stop_a_under_fault_then_start_b(faults: Faults) -> Ran {
    let sim = worktray_tests::demo_simulator().await;
    let seeded = last_cost(&sim);
    let sandbox = Sandbox::new();
    let _daemon = start_daemon(&sandbox, &sim);
    daemon_polled(&sandbox, &sim, 0).await;
    let started = run(cli(&sandbox, &sim, &["start", TASK_A])).await;
    assert_eq!(started.code, Some(0), "{started:?}");

    sim.set_faults(faults);
    let stopped = run(cli(&sandbox, &sim, &["stop", "-c", "for A"])).await;
    assert_eq!(stopped.code, Some(0), "{stopped:?}");
    sim.set_faults(Faults::default());
    let started = run(cli(&sandbox, &sim, &["start", TASK_B])).await;
    assert_eq!(started.code, Some(0), "{started:?}");
    drain_with_cli(&sandbox, &sim).await;

    assert_eq!(
        timer_rows(&sim, seeded),
        [SavedRow {
            task: TASK_A.into(),
            comment: "for A".into(),
            minutes: 1
        }],
        "one row, on A, with A's comment"
    );
    assert_eq!(running_task(&sim).as_deref(), Some(TASK_B), "B still runs");
    let status = run(cli(&sandbox, &sim, &["status", "--refresh", "--json"])).await;
    assert_eq!(status_task(&status).as_deref(), Some(TASK_B), "{status:?}");
    stopped
}

/// Issue #12: right after a launch the request gate holds a start's request for a second or
/// two (the first look at the timer went just before it). The daemon answers from what it
/// knows — the timer shown running on the task — and confirms after, on its own: without a
/// sync, the timer runs on the server, started once, on the task the user started.
#[tokio::test(flavor = "multi_thread")]
async fn a_start_right_after_a_launch_is_answered_at_once_and_lands_on_its_own() {
    let sim = worktray_tests::demo_simulator().await;
    let sandbox = Sandbox::new();
    let _daemon = start_daemon(&sandbox, &sim);
    wait_for_socket(&sandbox).await;
    let started = run(cli(&sandbox, &sim, &["start", TASK_A, "--json"])).await;
    assert_eq!(started.code, Some(0), "{started:?}");
    let report: Value = serde_json::from_str(&started.stdout).expect("start json");
    assert_eq!(
        report["status"]["timer"]["task"]["id"].as_str(),
        Some(TASK_A),
        "{report}"
    );
    // Who I am and the start each wait a spacing behind the first look: the answer came first.
    assert_eq!(report["queued"]["why"], "on_its_way", "{report}");
    worktray_tests::wait_until(
        "the start reaches Worksection without a sync",
        Duration::from_secs(15),
        || running_task(&sim).as_deref() == Some(TASK_A),
    )
    .await;
    let starts = api_requests(&sim)
        .iter()
        .filter(|r| r.action.as_deref() == Some("start_my_timer"))
        .count();
    assert_eq!(starts, 1, "started once");
}

/// Issue #9, item 1: the stop reached the server but its answer was lost; the user then starts
/// another task. The stop must not be sent again onto the new timer.
#[tokio::test(flavor = "multi_thread")]
async fn a_stop_whose_answer_is_lost_never_stops_the_next_task() {
    stop_a_under_fault_then_start_b(Faults {
        drop_after_apply_next: 1,
        ..Faults::default()
    })
    .await;
}

/// Issue #9, item 3: a stop queued offline, then a start on another task as soon as the
/// network is back. The daemon must neither stop the old timer without its comment nor put the
/// comment on the new one.
#[tokio::test(flavor = "multi_thread")]
async fn a_start_after_a_stop_queued_offline_books_each_where_the_user_meant() {
    let stopped = stop_a_under_fault_then_start_b(Faults {
        offline: true,
        ..Faults::default()
    })
    .await;
    assert!(stopped.stdout.contains("queued"), "{stopped:?}");
}

/// Issue #9, item 2: a stop made offline reaches the server later; the row counts to the
/// user's stop, not to the moment the network came back.
#[tokio::test(flavor = "multi_thread")]
async fn a_stop_made_offline_books_the_time_until_the_stop() {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.start(TASK_A).await.expect("start");
    // It has run 10:25 when the user stops: 10 minutes, as the server rounds.
    sim.backdate_timers(Duration::from_secs(10 * 60 + 25));
    tracker.refresh().await.expect("refresh");

    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let report = tracker.stop(Some("stopped offline")).await.expect("stop");
    assert!(report.queued.is_some(), "{report:?}");
    // Back 45 s later: sent now, the server would book 11 minutes.
    tokio::time::sleep(Duration::from_secs(45)).await;
    sim.set_faults(Faults::default());
    drain(&tracker).await;

    assert_eq!(
        timer_rows(&sim, seeded),
        [SavedRow {
            task: TASK_A.into(),
            comment: "stopped offline".into(),
            minutes: 10
        }]
    );
    assert_eq!(running_task(&sim), None);
}

/// A start made offline reaches the server late; the timer shown and the row saved count from
/// the user's start, not from when the network came back.
#[tokio::test(flavor = "multi_thread")]
async fn a_start_made_offline_counts_from_the_users_start() {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.refresh().await.expect("first look");
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let report = tracker.start(TASK_A).await.expect("start");
    assert!(report.queued.is_some(), "{report:?}");
    // 1:35 offline: counted from the user's start, the timer has run two minutes when it stops;
    // counted from the server's late start, one.
    tokio::time::sleep(Duration::from_secs(95)).await;
    sim.set_faults(Faults::default());
    drain(&tracker).await;
    assert_eq!(running_task(&sim).as_deref(), Some(TASK_A));
    let status = tracker.refresh().await.expect("refresh");
    let shown = status.timer.expect("a timer is shown").elapsed_seconds;
    assert!(
        shown >= 95,
        "the tray counts from the user's start: {shown} s"
    );
    tracker.stop(Some("started offline")).await.expect("stop");
    drain(&tracker).await;
    assert_eq!(
        timer_rows(&sim, seeded),
        [SavedRow {
            task: TASK_A.into(),
            comment: "started offline".into(),
            minutes: 2
        }]
    );
}

/// Two starts at once — a double click, or the tray and a terminal — while a timer runs on
/// another task: the first stops that timer and starts the task, the second finds it running.
/// Neither stops the timer the other started.
#[tokio::test(flavor = "multi_thread")]
async fn two_starts_at_once_stop_only_the_timer_they_saw() {
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.refresh().await.expect("first look");
    tracker.start(TASK_B).await.expect("the timer runs on B");
    let seeded = last_cost(&sim);
    for round in 0..3 {
        let (first, second) = tokio::join!(tracker.start(TASK_A), tracker.start(TASK_A));
        first.expect("first start");
        second.expect("second start");
        drain(&tracker).await;
        assert_eq!(running_task(&sim).as_deref(), Some(TASK_A), "round {round}");
        let rows = timer_rows(&sim, seeded);
        assert_eq!(
            rows.iter().filter(|row| row.task == TASK_A).count(),
            round,
            "round {round}: A was not stopped by its own second start: {rows:?}"
        );
        assert_eq!(
            rows.iter().filter(|row| row.task == TASK_B).count(),
            round + 1,
            "round {round}: B was stopped once a round: {rows:?}"
        );
        tracker.start(TASK_B).await.expect("back to B");
        drain(&tracker).await;
        let rows = timer_rows(&sim, seeded);
        assert_eq!(
            rows.iter().filter(|row| row.task == TASK_A).count(),
            round + 1,
            "round {round}: {rows:?}"
        );
    }
}

/// Starts, stop-then-starts, stops with a comment and discards, each under a fault, until
/// 200 faults have been injected. Then the ledger must hold exactly the user's stops.
#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_faults_on_timer_writes_book_exactly_what_the_user_did() {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.refresh().await.expect("first look");
    let mut expected = Vec::new();
    let mut actions = 0usize;
    let mut discards = 0usize;
    let mut round = 0u32;
    let began = Instant::now();
    while injected_faults(&sim) < 200 {
        assert!(
            began.elapsed() < Duration::from_secs(240),
            "the fault suite is too slow"
        );
        let (first, second) = if round.is_multiple_of(2) {
            (TASK_A, TASK_B)
        } else {
            (TASK_B, TASK_A)
        };
        sim.set_faults(faults_of_round(&sim, round));
        tracker
            .start(first)
            .await
            .expect("a start is queued at worst");
        // Stop-then-start: the first timer is saved without a comment.
        tracker.start(second).await.expect("stop-then-start");
        expected.push(SavedRow {
            task: first.into(),
            comment: String::new(),
            minutes: 1,
        });
        if round % 3 == 2 {
            tracker
                .discard()
                .await
                .expect("a discard is queued at worst");
            discards += 1;
        } else {
            let comment = format!("timer suite #{round}");
            tracker
                .stop(Some(&comment))
                .await
                .expect("a stop is queued at worst");
            expected.push(SavedRow {
                task: second.into(),
                comment,
                minutes: 1,
            });
        }
        actions += 4;
        if round % 8 == 4 || round % 8 == 6 {
            sim.set_faults(Faults::default());
        }
        round += 1;
    }
    sim.set_faults(Faults::default());
    drain(&tracker).await;

    let rows = timer_rows(&sim, seeded);
    let count = |list: &[SavedRow], row: &SavedRow| list.iter().filter(|r| *r == row).count();
    let mut lost = 0;
    let mut duplicated = 0;
    let mut misbooked = 0;
    let mut kinds = expected.clone();
    kinds.extend(rows.iter().cloned());
    kinds.dedup();
    let mut seen = Vec::new();
    for kind in kinds {
        if seen.contains(&kind) {
            continue;
        }
        let (want, got) = (count(&expected, &kind), count(&rows, &kind));
        lost += want.saturating_sub(got);
        if want == 0 {
            misbooked += got;
        } else {
            duplicated += got.saturating_sub(want);
        }
        seen.push(kind);
    }
    println!(
        "timer writes: faults injected: {} · user actions: {actions} · rows expected: {} (and {discards} discards) · lost: {lost} · duplicated: {duplicated} · misbooked: {misbooked}",
        injected_faults(&sim),
        expected.len(),
    );
    assert_eq!(
        (lost, duplicated, misbooked),
        (0, 0, 0),
        "ledger: {rows:#?}"
    );
    assert_eq!(rows.len(), expected.len());
    assert_eq!(
        running_task(&sim),
        None,
        "the last action stopped or discarded"
    );
}

/// `kill -9` of the daemon while a stop is on its way, then a start on another task after the
/// restart: one row on the first task with its comment, the second task running.
#[tokio::test(flavor = "multi_thread")]
async fn killing_the_daemon_mid_stop_books_the_stop_once() {
    let sim = worktray_tests::demo_simulator().await;
    let seeded = last_cost(&sim);
    let sandbox = Sandbox::new();
    let plans = [
        (
            Faults {
                drop_after_apply_next: 2,
                ..Faults::default()
            },
            Duration::from_millis(2500),
        ),
        (
            Faults {
                latency_ms: 2500,
                ..Faults::default()
            },
            Duration::from_millis(1800),
        ),
    ];
    let mut expected = Vec::new();
    for (i, (faults, kill_after)) in plans.into_iter().enumerate() {
        let daemon = start_daemon(&sandbox, &sim);
        daemon_polled(&sandbox, &sim, timer_polls(&sim)).await;
        let started = run(cli(&sandbox, &sim, &["start", TASK_A])).await;
        assert_eq!(started.code, Some(0), "{started:?}");
        sim.set_faults(faults);
        let comment = format!("kill -9 stop #{i}");
        let mut stop = cli(&sandbox, &sim, &["stop", "-c", &comment]);
        stop.stdout(Stdio::null()).stderr(Stdio::null());
        let mut stopping = stop.spawn().expect("stop");
        tokio::time::sleep(kill_after).await;
        daemon.kill_9();
        let _ = stopping.kill();
        let _ = stopping.wait();
        sim.set_faults(Faults::default());
        expected.push(SavedRow {
            task: TASK_A.into(),
            comment,
            minutes: 1,
        });
    }
    let _daemon = start_daemon(&sandbox, &sim);
    daemon_polled(&sandbox, &sim, timer_polls(&sim)).await;
    drain_with_cli(&sandbox, &sim).await;
    let started = run(cli(&sandbox, &sim, &["start", TASK_B])).await;
    assert_eq!(started.code, Some(0), "{started:?}");
    drain_with_cli(&sandbox, &sim).await;
    assert_eq!(timer_rows(&sim, seeded), expected);
    assert_eq!(running_task(&sim).as_deref(), Some(TASK_B));
}

/// Waits until the daemon has queued a write.
async fn queued_at_once(sandbox: &Sandbox) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let database = Database::in_data_dir(&sandbox.data_dir()).expect("the database");
    let outbox = Outbox::new(database);
    while outbox.list().expect("the queue").is_empty() {
        assert!(Instant::now() < deadline, "the write was never queued");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What the user does while the daemon is killed, and what the timer was before.
#[derive(Clone, Copy, Debug)]
enum TimerAction {
    /// `start A` with nothing running.
    Start,
    /// `discard` of a timer on A.
    Discard,
    /// `start B` while A runs: stop A (saved), then start B.
    Switch,
}

/// `kill -9` of the daemon while a start, a discard or a switch to another task is on its
/// way — before any attempt (offline), on its way (applied after the kill), or answered with
/// the answer lost — each in turn. After a restart the ledger holds exactly what the user did:
/// the timer runs where they started it, a discard saves nothing, a switch saves one row on
/// the task they left.
#[tokio::test(flavor = "multi_thread")]
async fn killing_the_daemon_mid_start_discard_or_switch_books_exactly_what_the_user_did() {
    let sim = worktray_tests::demo_simulator().await;
    let seeded = last_cost(&sim);
    let sandbox = Sandbox::new();
    let plans = kill_moments();
    let actions = [
        TimerAction::Start,
        TimerAction::Discard,
        TimerAction::Switch,
    ];
    let mut expected_rows = Vec::new();
    let mut last: Option<(TimerAction, Option<&str>)> = None;
    for (faults, kill_after) in &plans {
        for action in actions {
            let daemon = start_daemon(&sandbox, &sim);
            daemon_polled(&sandbox, &sim, timer_polls(&sim)).await;
            // The restart after the last kill: its write lands, as the user made it.
            drain_with_cli(&sandbox, &sim).await;
            if let Some((done, running)) = last {
                assert_eq!(running_task(&sim).as_deref(), running, "after {done:?}");
            }
            assert_eq!(timer_rows(&sim, seeded), expected_rows, "after {last:?}");
            // The timer as the action needs it, set without faults.
            let wanted = match action {
                TimerAction::Start => None,
                TimerAction::Discard | TimerAction::Switch => Some(TASK_A),
            };
            if running_task(&sim).as_deref() != wanted {
                if running_task(&sim).is_some() {
                    let cleared = run(cli(&sandbox, &sim, &["discard"])).await;
                    assert_eq!(cleared.code, Some(0), "{cleared:?}");
                }
                if let Some(task) = wanted {
                    let ready = run(cli(&sandbox, &sim, &["start", task])).await;
                    assert_eq!(ready.code, Some(0), "{ready:?}");
                }
            }
            drain_with_cli(&sandbox, &sim).await;
            sim.set_faults(faults.clone());
            let args: &[&str] = match action {
                TimerAction::Start => &["start", TASK_A],
                TimerAction::Discard => &["discard"],
                TimerAction::Switch => &["start", TASK_B],
            };
            let mut acting = cli(&sandbox, &sim, args);
            acting.stdout(Stdio::null()).stderr(Stdio::null());
            let mut acting = acting.spawn().expect("the action");
            // Killed before the write is queued, the action is lost and the user is told (the
            // command fails); from the queue on, it must land as made.
            queued_at_once(&sandbox).await;
            tokio::time::sleep(*kill_after).await;
            daemon.kill_9();
            let _ = acting.kill();
            let _ = acting.wait();
            sim.set_faults(Faults::default());
            let running = match action {
                TimerAction::Start => Some(TASK_A),
                TimerAction::Discard => None,
                TimerAction::Switch => {
                    expected_rows.push(SavedRow {
                        task: TASK_A.into(),
                        comment: String::new(),
                        minutes: 1,
                    });
                    Some(TASK_B)
                }
            };
            last = Some((action, running));
        }
    }
    let _daemon = start_daemon(&sandbox, &sim);
    daemon_polled(&sandbox, &sim, timer_polls(&sim)).await;
    drain_with_cli(&sandbox, &sim).await;
    let (done, running) = last.expect("actions");
    assert_eq!(running_task(&sim).as_deref(), running, "after {done:?}");
    assert_eq!(timer_rows(&sim, seeded), expected_rows);
}

/// "I forgot to start the timer 10+n minutes ago", under each fault in turn: the timer runs on
/// the task, and the missed minutes are booked to it exactly once.
#[tokio::test(flavor = "multi_thread")]
async fn a_forgotten_start_books_the_missed_minutes_once_under_every_fault() {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.refresh().await.expect("first look");
    let mut expected = Vec::new();
    for round in 0..16 {
        if running_task(&sim).is_some() {
            tracker.discard().await.expect("a clean start");
            drain(&tracker).await;
        }
        sim.set_faults(faults_of_round(&sim, round));
        let missed = 10 + u64::from(round);
        let since = worktray_core::tracking::Since {
            text: &format!("{missed}m"),
            look_up: false,
        };
        let report = tracker
            .start_on(TASK_A, false, Some(&since))
            .await
            .expect("always accepted: queued at worst");
        assert_eq!(
            report.booked_before_start.map(|b| b.minutes),
            Some(missed as u32)
        );
        sim.set_faults(Faults::default());
        drain(&tracker).await;
        expected.push(SavedRow {
            task: TASK_A.into(),
            comment: String::new(),
            minutes: missed,
        });
        assert_eq!(running_task(&sim).as_deref(), Some(TASK_A), "round {round}");
        assert_eq!(rows(&sim, seeded, false), expected, "round {round}");
    }
    assert!(timer_rows(&sim, seeded).is_empty(), "discards save nothing");
}
