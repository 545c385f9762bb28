//! Away time becomes exactly what the user answered: a timer that ran three hours, 72 minutes
//! of them away (the screen locked), answered keep, leave out, leave out and continue, give
//! to another task, or split — under every fault of the suites, and with `kill -9` between
//! the stop and the correction of its saved row. The simulator's ledger must hold the time
//! the timer ran less what the user left out, on the timer's task; the time given to another
//! task once, as an entry there; and nothing else.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::task::JoinSet;
use worktray_core::away::{AwayChoice, Signal};
use worktray_core::db::Database;
use worktray_core::entries::QuickEntry;
use worktray_core::outbox::Outbox;
use worktray_core::service::Tracker;
use worktray_sim::{Faults, Simulator};
use worktray_tests::{
    api_client, drain, drain_with_cli, fast_simulator, faults_of_round, injected_faults, last_cost,
    run, signed_in_tracker, start_daemon, unix_now, Sandbox,
};

use super::timer::{cli, daemon_polled, rows, running_task, timer_rows, SavedRow, TASK_A, TASK_B};

/// How long the timer has run when the user answers, and how much of it was away.
const RAN: Duration = Duration::from_secs(3 * 3600);
const AWAY_MINUTES: i64 = 72;

/// The screen locked 80 minutes ago and unlocked 72 minutes later: the person is back for 8
/// minutes when they answer.
async fn lock_and_unlock(tracker: &Tracker) {
    let back = unix_now() - 8 * 60;
    tracker
        .observe_presence(Signal::Locked {
            at: back - AWAY_MINUTES * 60,
        })
        .await;
    tracker
        .observe_presence(Signal::Unlocked { at: back })
        .await;
}

/// A timer on A that has run three hours, 72 minutes of them away, and the question it asks.
async fn timer_through_away_time(sim: &Simulator, tracker: &Tracker) {
    tracker.start(TASK_A).await.expect("start");
    sim.backdate_timers(RAN);
    tracker.refresh().await.expect("refresh");
    lock_and_unlock(tracker).await;
    let away = tracker.status().away.expect("an away question");
    assert_eq!(away.minutes, 72, "{away:?}");
    assert_eq!(away.task.id.as_str(), TASK_A);
}

fn row(task: &str, minutes: u64) -> SavedRow {
    SavedRow {
        task: task.into(),
        comment: String::new(),
        minutes,
    }
}

/// One answer, and what the ledger must hold after it: the timer's rows, the entries, and the
/// task whose timer runs.
struct Expected {
    answer: AwayChoice,
    kept_minutes: u32,
    timer_rows: Vec<SavedRow>,
    entries: Vec<SavedRow>,
    running: Option<&'static str>,
}

fn every_answer() -> Vec<Expected> {
    let meeting = || AwayChoice::Assign {
        task: TASK_B.into(),
    };
    vec![
        Expected {
            answer: AwayChoice::Keep,
            kept_minutes: 0,
            timer_rows: vec![],
            entries: vec![],
            running: Some(TASK_A),
        },
        Expected {
            answer: AwayChoice::Discard,
            kept_minutes: 0,
            timer_rows: vec![row(TASK_A, 180 - 72)],
            entries: vec![],
            running: None,
        },
        Expected {
            answer: AwayChoice::Continue,
            kept_minutes: 0,
            timer_rows: vec![row(TASK_A, 180 - 72)],
            entries: vec![],
            running: Some(TASK_A),
        },
        Expected {
            answer: meeting(),
            kept_minutes: 0,
            timer_rows: vec![row(TASK_A, 180 - 72)],
            entries: vec![row(TASK_B, 72)],
            running: None,
        },
        // Split: the first 20 minutes were work on A, the rest is left out.
        Expected {
            answer: AwayChoice::Discard,
            kept_minutes: 20,
            timer_rows: vec![row(TASK_A, 180 - 72 + 20)],
            entries: vec![],
            running: None,
        },
        // Split: 12 minutes on A, the other hour was the meeting.
        Expected {
            answer: meeting(),
            kept_minutes: 12,
            timer_rows: vec![row(TASK_A, 180 - 72 + 12)],
            entries: vec![row(TASK_B, 60)],
            running: None,
        },
    ]
}

/// `expected.answer` given while the faults of `round` hit the writes; checks the ledger once
/// the queue has drained. Returns how many faults were injected.
async fn answer_under_fault(expected: Expected, round: u32) -> usize {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    // B's project options known, as the poller keeps them: the answer needs no look-up.
    let warm_up = QuickEntry {
        task: TASK_B.into(),
        duration: "1m".into(),
        ..QuickEntry::default()
    };
    tracker.interpret(&warm_up, true).await.expect("B is known");
    timer_through_away_time(&sim, &tracker).await;

    sim.set_faults(faults_of_round(&sim, round));
    let answered = tracker
        .answer_away(None, &expected.answer, expected.kept_minutes)
        .await;
    sim.set_faults(Faults::default());
    let report = answered.unwrap_or_else(|error| {
        panic!(
            "{:?} in round {round} was not taken: {error}",
            expected.answer
        )
    });
    assert_eq!(report.answered.minutes, 72);
    drain(&tracker).await;

    let what = format!(
        "{:?} keeping {} min, round {round}",
        expected.answer, expected.kept_minutes
    );
    assert_eq!(timer_rows(&sim, seeded), expected.timer_rows, "{what}");
    assert_eq!(rows(&sim, seeded, false), expected.entries, "{what}");
    assert_eq!(running_task(&sim).as_deref(), expected.running, "{what}");
    assert_eq!(tracker.status().away, None, "answered: {what}");
    assert!(tracker.away_questions().is_empty(), "{what}");
    let faults = injected_faults(&sim);
    // Keep writes nothing: the faults of its round meet no request of it. A slow answer
    // (round 4: later than the client waits) is not logged as an injected fault.
    assert!(
        faults > 0 || expected.answer == AwayChoice::Keep || round % 8 == 4,
        "no fault met {what}"
    );
    faults
}

/// Every answer, each under each fault of the suites (a lost answer, 5xx, "Too many
/// requests", a timeout, an expired token, no network), side by side.
#[tokio::test(flavor = "multi_thread")]
async fn every_away_answer_books_exactly_what_it_says_under_every_fault() {
    let mut runs = JoinSet::new();
    for round in 0..8 {
        for expected in every_answer() {
            runs.spawn(answer_under_fault(expected, round));
        }
    }
    let (mut answers, mut faults) = (0, 0);
    while let Some(ran) = runs.join_next().await {
        faults += ran.expect("a run");
        answers += 1;
    }
    println!("faults injected: {faults} · answers: {answers} · each as expected");
}

/// Never answering changes nothing: the timer runs on, and the ledger holds no new row.
#[tokio::test(flavor = "multi_thread")]
async fn an_unanswered_question_changes_nothing_and_survives_a_restart() {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    timer_through_away_time(&sim, &tracker).await;
    drop(tracker);

    let again = signed_in_tracker(&sim, &dir).await;
    again.refresh().await.expect("refresh");
    let waiting = again.away_questions();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0].minutes, 72);
    assert_eq!(timer_rows(&sim, seeded), []);
    assert_eq!(running_task(&sim).as_deref(), Some(TASK_A));
}

/// A question about a timer stopped elsewhere meanwhile is moot: it goes once the server says
/// so, and answering it cannot stop anything.
#[tokio::test(flavor = "multi_thread")]
async fn a_question_about_a_timer_stopped_elsewhere_goes_away() {
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    timer_through_away_time(&sim, &tracker).await;
    api_client(&sim)
        .stop_my_timer(None)
        .await
        .expect("stopped on the phone");
    tracker.refresh().await.expect("refresh");
    assert_eq!(tracker.status().away, None);
    let refused = tracker
        .answer_away(None, &AwayChoice::Discard, 0)
        .await
        .expect_err("nothing to answer");
    assert!(refused.to_string().contains("no away time"), "{refused}");
}

/// When to `kill -9` the daemon while it carries out an answer.
#[derive(Clone, Copy, Debug)]
enum KillAt {
    /// The stop reached the server; its saved row is not corrected yet.
    AfterTheStop,
    /// The stop reached the server and its answer was lost on the way back.
    AfterTheStopsLostAnswer,
    /// Nothing was sent: offline.
    BeforeAnything,
}

/// Waits until the daemon's first look at the server's timer is in.
async fn daemon_sees_the_timer(sandbox: &Sandbox, sim: &Simulator) {
    daemon_polled(sandbox, sim, 0).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = run(cli(sandbox, sim, &["status", "--json"])).await;
        let status: Value = serde_json::from_str(&status.stdout).unwrap_or_default();
        if !status["timer"].is_null() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the daemon never saw the timer: {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// How many away questions `worktray away` lists.
async fn waiting_questions(sandbox: &Sandbox, sim: &Simulator) -> usize {
    let listed = run(cli(sandbox, sim, &["away", "--json"])).await;
    let listed: Value = serde_json::from_str(&listed.stdout)
        .unwrap_or_else(|error| panic!("away json ({error}): {listed:?}"));
    listed.as_array().map_or(usize::MAX, Vec::len)
}

/// The daemon answers `answer` and is killed at `kill_at`; started again, it finishes the job.
/// Returns the ledger after the queue drained.
async fn answer_and_kill(
    answer: &'static str,
    kill_at: KillAt,
) -> (Vec<SavedRow>, Option<String>, usize) {
    let sim = fast_simulator().await;
    let seeded = last_cost(&sim);
    let sandbox = Sandbox::new();
    // The question, asked while an earlier daemon ran (it survives the restart).
    {
        let tracker = Tracker::signed_in(api_client(&sim));
        tracker.use_outbox(Outbox::new(
            Database::in_data_dir(&sandbox.data_dir()).expect("db"),
        ));
        timer_through_away_time(&sim, &tracker).await;
    }
    let daemon = start_daemon(&sandbox, &sim);
    daemon_sees_the_timer(&sandbox, &sim).await;
    assert_eq!(waiting_questions(&sandbox, &sim).await, 1);

    match kill_at {
        KillAt::AfterTheStop => {}
        KillAt::AfterTheStopsLostAnswer => sim.set_faults(Faults {
            drop_after_apply_next: 1,
            ..Faults::default()
        }),
        KillAt::BeforeAnything => sim.set_faults(Faults {
            offline: true,
            ..Faults::default()
        }),
    }
    let mut answering = cli(&sandbox, &sim, &["away", answer]);
    answering.stdout(Stdio::null()).stderr(Stdio::null());
    let mut answering = answering.spawn().expect("worktray away");
    match kill_at {
        KillAt::BeforeAnything => {
            // The question goes in the transaction that queues the answer's writes.
            let deadline = Instant::now() + Duration::from_secs(20);
            while waiting_questions(&sandbox, &sim).await != 0 {
                assert!(Instant::now() < deadline, "the answer was never queued");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        KillAt::AfterTheStop | KillAt::AfterTheStopsLostAnswer => {
            // The stop has landed once the server's timer is gone; the correction of its row
            // follows more than a second later, after the request gate's spacing.
            let deadline = Instant::now() + Duration::from_secs(20);
            while running_task(&sim).is_some() {
                assert!(Instant::now() < deadline, "the stop never landed");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
    daemon.kill_9();
    let _ = answering.wait();
    sim.set_faults(Faults::default());

    let _daemon = start_daemon(&sandbox, &sim);
    drain_with_cli(&sandbox, &sim).await;
    let left = waiting_questions(&sandbox, &sim).await;
    (timer_rows(&sim, seeded), running_task(&sim), left)
}

/// `kill -9` between the stop and the correction of its row, after a lost answer, and before
/// anything was sent: started again, the daemon books the answer once.
#[tokio::test(flavor = "multi_thread")]
async fn killing_the_daemon_between_the_stop_and_the_correction_books_the_answer_once() {
    let mut runs = JoinSet::new();
    for kill_at in [
        KillAt::AfterTheStop,
        KillAt::AfterTheStopsLostAnswer,
        KillAt::BeforeAnything,
    ] {
        for (answer, running) in [("discard", None), ("continue", Some(TASK_A))] {
            runs.spawn(async move {
                let (rows, now_running, left) = answer_and_kill(answer, kill_at).await;
                let what = format!("{answer}, killed {kill_at:?}");
                assert_eq!(rows, [row(TASK_A, 180 - 72)], "{what}");
                assert_eq!(now_running.as_deref(), running, "{what}");
                assert_eq!(left, 0, "answered once: {what}");
            });
        }
    }
    while let Some(ran) = runs.join_next().await {
        ran.expect("a run");
    }
}
