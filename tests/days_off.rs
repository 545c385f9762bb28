//! Days off from the terminal against the simulator: ranges across a month and a year
//! boundary, weekends skipped unless asked, one request per edit whatever the length, a
//! refusal kept visible with its explanation, an offline edit queued then flushed, and the
//! question before starting a timer on a day off (or, for a start made before the day was
//! known, after it).

use std::collections::BTreeMap;

use std::time::Duration;

use worktray_core::api::ScheduleMark;
use worktray_core::entries::WriteOutcome;
use worktray_core::models::DayKind;
use worktray_core::notices::{Notice, NoticeAction};
use worktray_core::ErrorCode;
use worktray_sim::Faults;
use worktray_tests::{api_requests, demo_simulator, run, Ran, Sandbox};

const ALEX: &str = "4127";

fn schedule(sim: &worktray_sim::Simulator) -> BTreeMap<String, String> {
    sim.state()["schedules"][ALEX]
        .as_object()
        .map(|days| {
            days.iter()
                .map(|(d, k)| (d.clone(), k.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn marked_between(sim: &worktray_sim::Simulator, from: &str, to: &str) -> Vec<(String, String)> {
    schedule(sim)
        .into_iter()
        .filter(|(d, _)| d.as_str() >= from && d.as_str() <= to)
        .collect()
}

async fn worktray(sandbox: &Sandbox, sim: &worktray_sim::Simulator, args: &[&str]) -> Ran {
    let mut command = sandbox.worktray(sim);
    command.args(args);
    run(command).await
}

#[tokio::test(flavor = "multi_thread")]
async fn ranges_across_month_and_year_skip_weekends_and_clear() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2027-12-29..2028-01-04", "vacation"],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(
        ran.stdout
            .contains("Marked 5 days Wed 29 Dec – Tue 4 Jan 2028")
            && ran.stdout.contains("Days added: 5"),
        "{ran:?}"
    );
    let vacation = |d: &str| (d.to_owned(), "vacation".to_owned());
    assert_eq!(
        marked_between(&sim, "2027-12-29", "2028-01-04"),
        [
            vacation("2027-12-29"),
            vacation("2027-12-30"),
            vacation("2027-12-31"),
            vacation("2028-01-03"),
            vacation("2028-01-04")
        ],
        "Sat 1 and Sun 2 January are skipped"
    );
    let ran = worktray(
        &sandbox,
        &sim,
        &[
            "days-off",
            "set",
            "2027-04-29..2027-05-03",
            "sick-leave",
            "--include-weekends",
        ],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_eq!(
        marked_between(&sim, "2027-04-29", "2027-05-03").len(),
        5,
        "weekends too when asked"
    );

    let listed = worktray(
        &sandbox,
        &sim,
        &["days-off", "--from", "2027-12-01", "--to", "2028-01-31"],
    )
    .await;
    assert!(
        listed.stdout.contains("Fri 31 Dec 2027  vacation"),
        "{listed:?}"
    );
    assert!(
        listed.stdout.contains("Mon 3 Jan 2028  vacation"),
        "{listed:?}"
    );

    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2027-12-29..2028-01-04", "unset"],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(marked_between(&sim, "2027-12-29", "2028-01-04").is_empty());

    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2027-04-26..2027-04-30", "workday"],
    )
    .await;
    assert_eq!(ran.code, Some(2), "no weekend day in the range: {ran:?}");
    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2027-05-01..2027-05-02", "workday"],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_eq!(
        schedule(&sim).get("2027-05-01").map(String::as_str),
        Some("workday")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_year_of_days_is_one_request() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2028-01-01..2028-12-31", "vacation"],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let writes = api_requests(&sim)
        .iter()
        .filter(|r| r.action.as_deref() == Some("update_users_schedule"))
        .count();
    assert_eq!(writes, 1);
    assert_eq!(
        marked_between(&sim, "2028-01-01", "2028-12-31").len(),
        260,
        "the weekdays of 2028"
    );
    let too_long = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2028-01-01..2029-01-01", "vacation"],
    )
    .await;
    assert_eq!(too_long.code, Some(2), "{too_long:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_is_explained_and_kept_until_discarded() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    sim.set_schedule_writes_allowed(false);
    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2027-06-07", "vacation"],
    )
    .await;
    assert!(
        ran.stdout.contains("✗ Worksection refused to mark"),
        "{ran:?}"
    );
    assert_eq!(
        ran.code,
        Some(1),
        "a refused write is a failed command: {ran:?}"
    );
    assert!(
        ran.stdout.contains("ask an account admin") && ran.stdout.contains("users_write"),
        "{ran:?}"
    );
    let listed = worktray(
        &sandbox,
        &sim,
        &["days-off", "--from", "2027-06-01", "--to", "2027-06-30"],
    )
    .await;
    assert!(
        listed.stdout.contains("refused #"),
        "the refused edit stays visible: {listed:?}"
    );
    let sync = worktray(&sandbox, &sim, &["sync", "--json"]).await;
    let report: serde_json::Value = serde_json::from_str(&sync.stdout).expect("json");
    assert_eq!(
        report["parked"].as_array().map(Vec::len),
        Some(1),
        "{sync:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_edits_are_queued_then_flushed() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    // Who I am is known before the network goes.
    assert_eq!(worktray(&sandbox, &sim, &["status"]).await.code, Some(0));
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let ran = worktray(
        &sandbox,
        &sim,
        &["days-off", "set", "2027-09-06..2027-09-08", "vacation"],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.contains("Queued"), "{ran:?}");
    assert!(marked_between(&sim, "2027-09-06", "2027-09-08").is_empty());
    sim.set_faults(Faults::default());
    let sync = worktray(&sandbox, &sim, &["sync"]).await;
    assert!(sync.stdout.starts_with("Sent 1 · 0 pending"), "{sync:?}");
    assert_eq!(marked_between(&sim, "2027-09-06", "2027-09-08").len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn starting_a_timer_on_a_day_off_asks_first() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let ran = worktray(
        &sandbox,
        &sim,
        &[
            "days-off",
            "set",
            "today",
            "sick-leave",
            "--include-weekends",
        ],
    )
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let refused = worktray(&sandbox, &sim, &["start", "331402"]).await;
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(
        refused.stderr.contains("today is marked as sick leave")
            && refused.stderr.contains("--anyway"),
        "{refused:?}"
    );
    assert!(sim.state()["timers"].as_array().is_some_and(Vec::is_empty));
    let started = worktray(&sandbox, &sim, &["start", "331402", "--anyway"]).await;
    assert_eq!(started.code, Some(0), "{started:?}");
    assert_eq!(sim.state()["timers"].as_array().map(Vec::len), Some(1));
}

/// Today marked as sick leave while offline: the mark waits in the queue, and a start asks
/// first all the same (the look-up of today's schedule would fail offline and answer "no").
/// Cleared again, still offline, the start goes without asking.
#[tokio::test(flavor = "multi_thread")]
async fn a_day_off_marked_offline_is_asked_about_at_once() {
    let sim = worktray_tests::fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = worktray_tests::signed_in_tracker(&sim, &dir).await;
    tracker.refresh().await.expect("who I am, and the timer");
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let marked = tracker
        .set_days_off("today", ScheduleMark::SickLeave, true)
        .await
        .expect("queued");
    assert!(
        matches!(marked.outcome, WriteOutcome::Queued { .. }),
        "{marked:?}"
    );
    let refused = tracker.start("331402").await.expect_err("asks first");
    assert_eq!(refused.code(), ErrorCode::DayOff, "{refused}");
    tracker
        .set_days_off("today", ScheduleMark::Unset, true)
        .await
        .expect("queued");
    let started = tracker.start("331402").await.expect("no question");
    assert!(started.queued.is_some(), "{started:?}");
}

/// Issue #12: a daemon answers a start without waiting for today's schedule. When the
/// schedule, looked up after (as the poller does), marks today as sick leave, the person is
/// asked then: the notice offers to discard the timer, which saves nothing. Once the day is
/// known, the next start asks first, as before.
#[tokio::test(flavor = "multi_thread")]
async fn a_start_made_before_the_day_was_known_is_asked_about_once_it_is() {
    let sim = worktray_tests::fast_simulator().await;
    let seeded = worktray_tests::last_cost(&sim);
    let elsewhere = tempfile::tempdir().expect("dir");
    let web_app = worktray_tests::signed_in_tracker(&sim, &elsewhere).await;
    web_app
        .set_days_off("today", ScheduleMark::SickLeave, true)
        .await
        .expect("today marked");
    let dir = tempfile::tempdir().expect("dir");
    let tracker = worktray_tests::signed_in_tracker(&sim, &dir).await;
    tracker.confirm_starts_after();
    let mut notices = tracker.notices();
    tracker.refresh().await.expect("the timer");

    let started = tracker.start("331402").await.expect("started at once");
    let running = started.status.timer.expect("shown running").task;
    assert_eq!(running.id.to_string(), "331402");
    assert_eq!(tracker.todays_day_off().await, Some(DayKind::SickLeave));
    let notice = tokio::time::timeout(Duration::from_secs(1), notices.recv())
        .await
        .expect("a notice")
        .expect("notices");
    let Notice::StartedOnDayOff { task, kind } = &notice else {
        panic!("expected the day-off question, got {notice:?}");
    };
    assert_eq!(
        (task.id.to_string().as_str(), *kind),
        ("331402", DayKind::SickLeave)
    );
    assert!(
        notice.text().0.contains("sick leave"),
        "{:?}",
        notice.text()
    );
    let discard = NoticeAction::Discard {
        task: task.id.clone(),
    };
    assert!(notice.actions(None, 0).contains(&discard), "{notice:?}");

    tracker.discard_on(Some(&task.id)).await.expect("discarded");
    assert!(sim.state()["timers"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(worktray_tests::last_cost(&sim), seeded, "nothing saved");
    let refused = tracker.start("331402").await.expect_err("asks first");
    assert_eq!(refused.code(), ErrorCode::DayOff, "{refused}");
}
