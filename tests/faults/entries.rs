//! Exactly once, whatever happens: entries logged while the simulator drops answers after
//! applying them, answers 5xx, times out, says "Too many requests", expires the token mid-queue
//! or is unreachable — and while the app itself is killed with SIGKILL between enqueue and send.
//! The simulator's ledger must end with exactly one row per entry the user made.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use worktray_core::db::Database;
use worktray_core::entries::QuickEntry;
use worktray_core::outbox::{Operation, Outbox, QueueState};
use worktray_sim::{Faults, Simulator};
use worktray_tests::{
    drain, drain_with_cli, fast_simulator, faults_of_round, injected_faults, run,
    signed_in_tracker, start_daemon, timer_polls, wait_for_socket, Sandbox,
};

const TASK: &str = "331402";
const DEMO_USER_ID: u64 = 4127;

/// Rows of the ledger per comment, for the demo user.
fn ledger(sim: &Simulator) -> BTreeMap<String, usize> {
    let mut rows = BTreeMap::new();
    for row in sim.state()["costs"].as_array().expect("costs") {
        if row["user_id"].as_u64() == Some(DEMO_USER_ID) {
            *rows
                .entry(row["comment"].as_str().unwrap_or_default().to_owned())
                .or_insert(0) += 1;
        }
    }
    rows
}

struct Totals {
    attempted: usize,
    landed_once: usize,
    lost: usize,
    duplicated: usize,
}

fn totals(sim: &Simulator, comments: &[String]) -> Totals {
    let ledger = ledger(sim);
    let count = |c: &String| ledger.get(c).copied().unwrap_or(0);
    Totals {
        attempted: comments.len(),
        landed_once: comments.iter().filter(|c| count(c) == 1).count(),
        lost: comments.iter().filter(|c| count(c) == 0).count(),
        duplicated: comments.iter().filter(|c| count(c) > 1).count(),
    }
}

fn entry(comment: &str) -> QuickEntry {
    QuickEntry {
        task: TASK.into(),
        duration: "0:15".into(),
        comment: Some(comment.into()),
        ..QuickEntry::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_faults_lose_and_duplicate_nothing() {
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.tasks(None).await.expect("task list");
    let mut comments = Vec::new();
    let mut round = 0u32;
    let started = Instant::now();
    while injected_faults(&sim) < 200 {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the fault suite is too slow"
        );
        let faults = faults_of_round(&sim, round);
        sim.set_faults(faults);
        for n in 0..2 {
            let comment = format!("fault suite #{round}.{n}");
            tracker
                .log_time(&entry(&comment), Duration::from_millis(400), false)
                .await
                .expect("always accepted: the entry is queued at worst");
            comments.push(comment);
        }
        if round % 8 == 4 || round % 8 == 6 {
            sim.set_faults(Faults::default());
        }
        round += 1;
    }
    sim.set_faults(Faults::default());
    drain(&tracker).await;
    let totals = totals(&sim, &comments);
    println!(
        "faults injected: {} · entries attempted: {} · landed once: {} · lost: {} · duplicated: {}",
        injected_faults(&sim),
        totals.attempted,
        totals.landed_once,
        totals.lost,
        totals.duplicated
    );
    assert_eq!(totals.lost, 0);
    assert_eq!(totals.duplicated, 0);
    assert_eq!(totals.landed_once, totals.attempted);
}

/// A firewall on the way refuses one entry for good (its comment trips a rule): after a few
/// tries it is set aside with the reason, and the entries behind it land instead of waiting
/// for ever. Retried once the firewall lets it through, it lands once.
#[tokio::test(flavor = "multi_thread")]
async fn an_entry_refused_on_the_way_for_good_does_not_hold_back_the_others() {
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    tracker.tasks(None).await.expect("task list");
    let blocked = "<script>alert(1)</script> in the notes";
    sim.set_faults(Faults {
        firewall_blocks: Some("<script>".into()),
        ..Faults::default()
    });
    let wait = Duration::from_millis(300);
    tracker
        .log_time(&entry(blocked), wait, false)
        .await
        .expect("queued");
    for n in 0..3 {
        tracker
            .log_time(&entry(&format!("behind the blocked one #{n}")), wait, false)
            .await
            .expect("queued");
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let report = loop {
        let report = tracker.sync().await.expect("sync");
        if report.pending == 0 {
            break report;
        }
        assert!(Instant::now() < deadline, "the queue stalls: {report:?}");
    };
    let ledger = ledger(&sim);
    for n in 0..3 {
        assert_eq!(
            ledger.get(&format!("behind the blocked one #{n}")),
            Some(&1)
        );
    }
    assert_eq!(ledger.get(blocked), None);
    let parked = &report.parked;
    assert_eq!(parked.len(), 1, "{report:?}");
    let reason = parked[0].last_error.as_deref().unwrap_or_default();
    assert!(
        reason.contains("set aside after 5 tries") && reason.contains("HTTP 403"),
        "{reason}"
    );

    sim.set_faults(Faults::default());
    let retried = tracker
        .retry_queued(parked[0].id, None)
        .await
        .expect("retried");
    assert_eq!(retried.pending, 0, "{retried:?}");
    assert!(retried.parked.is_empty(), "{retried:?}");
    assert_eq!(ledger_of(&sim, blocked), 1, "landed once");
}

fn ledger_of(sim: &Simulator, comment: &str) -> usize {
    ledger(sim).get(comment).copied().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn killing_the_app_between_enqueue_and_send_loses_and_duplicates_nothing() {
    let sim = worktray_tests::demo_simulator().await;
    let sandbox = Sandbox::new();
    let mut comments = Vec::new();
    // Each kill lands at another moment of the flow: before any attempt (offline), while the
    // request is on the way (latency), and after the server applied it but before the answer.
    let plans = [
        (
            Faults {
                offline: true,
                ..Faults::default()
            },
            Duration::from_millis(600),
        ),
        (
            Faults {
                latency_ms: 2500,
                ..Faults::default()
            },
            Duration::from_millis(1800),
        ),
        (
            Faults {
                drop_after_apply_next: 2,
                ..Faults::default()
            },
            Duration::from_millis(3500),
        ),
        (
            Faults {
                latency_ms: 1500,
                ..Faults::default()
            },
            Duration::from_millis(3200),
        ),
    ];
    for (i, (faults, kill_after)) in plans.into_iter().enumerate() {
        let polls_before = timer_polls(&sim);
        let daemon = start_daemon(&sandbox, &sim);
        wait_for_socket(&sandbox).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while timer_polls(&sim) == polls_before {
            assert!(Instant::now() < deadline, "the daemon's first poll");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // As for a user: the app has been running a while (its first poll and task list are
        // in), and the entry is typed when the network misbehaves.
        let warm = run({
            let mut c = sandbox.worktray(&sim);
            c.args(["log", "15m", TASK, "--dry-run"]);
            c
        })
        .await;
        assert_eq!(warm.code, Some(0), "{warm:?}");
        sim.set_faults(faults);
        let comment = format!("kill -9 #{i}");
        let mut log = sandbox.worktray(&sim);
        log.args(["log", "15m", TASK, "--comment", &comment])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut logging = log.spawn().expect("log");
        tokio::time::sleep(kill_after).await;
        daemon.kill_9();
        let _ = logging.kill();
        let _ = logging.wait();
        comments.push(comment);
        sim.set_faults(Faults::default());
    }
    // Restart: the queue is still there and drains exactly once.
    let _daemon = start_daemon(&sandbox, &sim);
    wait_for_socket(&sandbox).await;
    drain_with_cli(&sandbox, &sim).await;
    let totals = totals(&sim, &comments);
    println!(
        "kill -9 runs: {} · landed once: {} · lost: {} · duplicated: {}",
        totals.attempted, totals.landed_once, totals.lost, totals.duplicated
    );
    assert_eq!(
        (totals.lost, totals.duplicated),
        (0, 0),
        "ledger: {:?}",
        ledger(&sim)
    );
}

/// Requests of `action` the simulator has answered.
fn answered(sim: &Simulator, action: &str) -> usize {
    sim.request_log()
        .iter()
        .filter(|r| r.action.as_deref() == Some(action))
        .count()
}

/// SIGTERM while a sync is on its way: the daemon sees the entry on the wire through, begins
/// no other, waits for its tasks and exits. Every entry is then on the server once or still
/// queued untouched, and the next daemon sends the rest exactly once.
/// A queued entry discarded while a sync is busy with the entries before it is not sent: the
/// pass looks at each row as it is when its turn comes, not as it was when the pass began.
#[tokio::test(flavor = "multi_thread")]
async fn an_entry_discarded_during_a_sync_is_not_sent() {
    let sim = fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = signed_in_tracker(&sim, &dir).await;
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    for comment in ["sent before the discard", "discarded while waiting"] {
        tracker
            .log_time(&entry(comment), Duration::from_millis(200), false)
            .await
            .expect("queued");
    }
    let queued = tracker.outbox().expect("outbox").list().expect("queue");
    assert_eq!(queued.len(), 2, "{queued:?}");
    // The first entry's look-up and write each take most of a second (the test client's
    // patience is one).
    sim.set_faults(Faults {
        latency_ms: 700,
        ..Faults::default()
    });
    let syncing = tokio::spawn({
        let tracker = tracker.clone();
        async move { tracker.sync().await }
    });
    // Who I am, then the first entry's look-up: the pass has listed the rows by then.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    tracker
        .discard_queued(queued[1].id)
        .expect("discarded while the first is on its way");
    syncing.await.expect("join").expect("sync");
    sim.set_faults(Faults::default());
    drain(&tracker).await;
    let ledger = ledger(&sim);
    assert_eq!(
        ledger.get("sent before the discard"),
        Some(&1),
        "{ledger:?}"
    );
    assert_eq!(ledger.get("discarded while waiting"), None, "{ledger:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_mid_sync_leaves_the_outbox_intact() {
    let sim = worktray_tests::demo_simulator().await;
    let sandbox = Sandbox::new();
    let polls_before = timer_polls(&sim);
    let mut daemon = start_daemon(&sandbox, &sim);
    wait_for_socket(&sandbox).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while timer_polls(&sim) == polls_before {
        assert!(Instant::now() < deadline, "the daemon's first poll");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let comments: Vec<String> = (0..4).map(|n| format!("sigterm #{n}")).collect();
    for comment in &comments {
        let logged = run({
            let mut c = sandbox.worktray(&sim);
            c.args(["log", "15m", TASK, "--comment", comment]);
            c
        })
        .await;
        assert_eq!(logged.code, Some(0), "queued while offline: {logged:?}");
    }
    assert!(totals(&sim, &comments).lost == comments.len(), "all queued");

    // Each entry now costs a look-up (its baseline) and the write, both slow.
    sim.set_faults(Faults {
        latency_ms: 3000,
        ..Faults::default()
    });
    let mut sync = sandbox.worktray(&sim);
    sync.args(["sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut syncing = sync.spawn().expect("sync");
    let deadline = Instant::now() + Duration::from_secs(60);
    while ledger(&sim).is_empty() {
        assert!(Instant::now() < deadline, "the first entry lands");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The second entry's look-up is answered; its write leaves 1.05 s later (the gate's
    // spacing) and waits 3 s for its answer: the signal comes while it is out.
    let lookups = answered(&sim, "get_costs");
    while answered(&sim, "get_costs") == lookups {
        assert!(Instant::now() < deadline, "the second entry's look-up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let terminated = std::process::Command::new("kill")
        .args(["-TERM", &daemon.pid().to_string()])
        .status()
        .expect("kill");
    assert!(terminated.success());
    let ended = daemon
        .exit_within(Duration::from_secs(30))
        .await
        .expect("the daemon ends after SIGTERM");
    assert!(ended.success(), "a clean exit: {ended:?}");
    let _ = syncing.kill();
    let _ = syncing.wait();

    let landed = ledger(&sim);
    let queued: Vec<_> = Outbox::new(Database::in_data_dir(&sandbox.data_dir()).expect("db"))
        .list()
        .expect("the queue");
    let queued_comments: Vec<String> = queued
        .iter()
        .filter_map(|entry| match entry.operation.known() {
            Some(Operation::AddCost { comment, .. }) => Some(comment.clone()),
            _ => None,
        })
        .collect();
    assert!(
        landed.len() >= 2,
        "the entry on the wire at SIGTERM was seen through: {landed:?}"
    );
    assert!(
        !queued_comments.is_empty(),
        "no entry was begun after SIGTERM: {landed:?}"
    );
    for entry in &queued {
        assert_eq!(
            (entry.state, entry.attempts),
            (QueueState::Pending, 0),
            "nothing is left half sent: {entry:?}"
        );
    }
    for comment in &comments {
        let on_server = landed.get(comment).copied().unwrap_or(0);
        let waiting = queued_comments.iter().filter(|c| *c == comment).count();
        assert_eq!(
            (on_server + waiting, on_server.min(1) + waiting),
            (1, 1),
            "{comment}: on the server {on_server}×, queued {waiting}×"
        );
    }

    sim.set_faults(Faults::default());
    let _daemon = start_daemon(&sandbox, &sim);
    wait_for_socket(&sandbox).await;
    drain_with_cli(&sandbox, &sim).await;
    let totals = totals(&sim, &comments);
    assert_eq!(
        (totals.lost, totals.duplicated, totals.landed_once),
        (0, 0, comments.len()),
        "ledger: {:?}",
        ledger(&sim)
    );
}
