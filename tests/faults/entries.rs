//! Exactly once, whatever happens: entries logged while the simulator drops answers after
//! applying them, answers 5xx, times out, says "Too many requests", expires the token mid-queue
//! or is unreachable — and while the app itself is killed with SIGKILL between enqueue and send.
//! The simulator's ledger must end with exactly one row per entry the user made.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use worktray_core::entries::QuickEntry;
use worktray_sim::{Faults, Simulator};
use worktray_tests::{
    drain, fast_simulator, faults_of_round, injected_faults, run, signed_in_tracker, start_daemon,
    timer_polls, wait_for_socket, Sandbox,
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
        let pid = daemon.pid().to_string();
        assert!(std::process::Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .expect("kill")
            .success());
        drop(daemon);
        let _ = logging.kill();
        let _ = logging.wait();
        comments.push(comment);
        sim.set_faults(Faults::default());
    }
    // Restart: the queue is still there and drains exactly once.
    let _daemon = start_daemon(&sandbox, &sim);
    wait_for_socket(&sandbox).await;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let ran = run({
            let mut c = sandbox.worktray(&sim);
            c.args(["sync", "--json"]);
            c
        })
        .await;
        let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap_or_default();
        if report["pending"] == 0 && ran.code == Some(0) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the queue did not drain: {ran:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
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
