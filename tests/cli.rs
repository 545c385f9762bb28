//! The CLI against the simulator on loopback, as a user types it in a terminal (no daemon).

use std::time::Duration;

use worktray_tests::{
    api_requests, demo_simulator, projects_of, run, run_within, seconds_until_clock_time_after,
    Sandbox,
};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn start_status_stop_with_comment_saves_a_cost_row() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["status", "--json"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let status = json(&ran.stdout);
    assert!(status["timer"].is_null(), "{ran:?}");
    assert_eq!(status["signed_in_as"], "Alex Morgan");
    assert_eq!(status["connection"], "online");

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["tasks", "--json"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let tasks = json(&ran.stdout);
    let projects = projects_of(&tasks);
    assert!(
        projects.contains(&"Website redesign") && !projects.contains(&"Brand guidelines 2023"),
        "the tasks of open projects, none of the archived one: {projects:?}"
    );
    let task = &tasks.as_array().expect("a list")[0];
    let (id, name) = (
        task["id"].as_str().expect("id"),
        task["name"].as_str().expect("name"),
    );

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", id]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.starts_with(&format!("▶ {name} — ")), "{ran:?}");
    assert!(ran.stdout.trim_end().ends_with(", 0:00"), "{ran:?}");
    assert_eq!(
        sim.state()["timers"].as_array().map(Vec::len),
        Some(1),
        "the simulator runs the timer"
    );

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.arg("status");
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.starts_with(&format!("▶ {name}")), "{ran:?}");

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["stop", "--comment", "x"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(
        ran.stdout.starts_with(&format!("■ Stopped {name}")),
        "{ran:?}"
    );
    assert!(ran.stdout.contains("(saved)"), "{ran:?}");

    let state = sim.state();
    assert_eq!(
        state["timers"].as_array().map(Vec::len),
        Some(0),
        "the timer stopped on the server"
    );
    let saved: Vec<_> = state["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["comment"] == "x" && row["task_id"].to_string().trim_matches('"') == id)
        .collect();
    assert_eq!(
        saved.len(),
        1,
        "exactly one cost row with the comment: {state:#}"
    );
    assert_eq!(saved[0]["is_timer"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn ambiguous_or_unknown_task_lists_candidates_and_exits_2() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "e"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(2), "{ran:?}");
    assert!(
        ran.stderr.starts_with("worktray: \"e\" matches "),
        "{ran:?}"
    );
    assert!(
        ran.stderr.lines().count() > 2,
        "candidates are listed: {ran:?}"
    );
    assert!(ran.stdout.is_empty(), "{ran:?}");

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "no such task anywhere"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(2), "{ran:?}");
    assert_eq!(
        ran.stderr.trim(),
        "worktray: no open task matches \"no such task anywhere\""
    );
    assert!(sim.state()["timers"].as_array().is_some_and(Vec::is_empty));
}

/// Tasks are found the way people type: a dropped vowel, the wrong keyboard layout. A start
/// with words that only one task matches starts it.
#[tokio::test(flavor = "multi_thread")]
async fn tasks_are_found_as_people_type_them() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    // "homepage wireframes" typed with the Russian layout on.
    for query in ["wirefrm", "рщьузфпу цшкуакфьуы"] {
        let ran = run({
            let mut c = sandbox.worktray(&sim);
            c.args(["tasks", query, "--json"]);
            c
        })
        .await;
        assert_eq!(ran.code, Some(0), "{ran:?}");
        assert_eq!(
            json(&ran.stdout)[0]["name"],
            "Homepage wireframes",
            "{query}: {ran:?}"
        );
    }
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "wirefrm"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let timers = sim.state()["timers"].clone();
    assert_eq!(timers.as_array().map(Vec::len), Some(1), "{timers}");
    assert_eq!(timers[0]["task_id"], 331402, "{timers}");
}

/// Without a tray, too, a pinned task ranks up in a search.
#[tokio::test(flavor = "multi_thread")]
async fn a_pinned_task_ranks_up_without_a_tray() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let found = |sandbox: &Sandbox| {
        let mut c = sandbox.worktray(&sim);
        c.args(["tasks", "page", "--json"]);
        run(c)
    };
    let ran = found(&sandbox).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let unpinned = json(&ran.stdout);
    let second = unpinned[1].clone();
    assert!(second.is_object(), "two tasks match: {unpinned}");
    std::fs::create_dir_all(sandbox.data_dir()).expect("data dir");
    std::fs::write(
        sandbox.data_dir().join("settings.json"),
        serde_json::json!({ "pinned": [second] }).to_string(),
    )
    .expect("settings");
    let ran = found(&sandbox).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_eq!(json(&ran.stdout)[0]["id"], second["id"], "{ran:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_one_clear_line() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["stop"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(1), "{ran:?}");
    assert_eq!(
        ran.stderr.trim(),
        "worktray: no timer is running in Worksection"
    );

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.env("WORKTRAY_ACCESS_TOKEN", "not-a-token").arg("status");
        c
    })
    .await;
    assert_eq!(ran.code, Some(1), "{ran:?}");
    assert_eq!(ran.stderr.lines().count(), 1, "{ran:?}");
    assert!(
        ran.stderr
            .starts_with("worktray: Worksection refused the sign-in"),
        "{ran:?}"
    );
    assert!(
        !ran.stderr.contains("not-a-token"),
        "a token never reaches an error message: {ran:?}"
    );

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.env("WORKTRAY_ACCOUNT_URL", "http://acme.worksection.com")
            .arg("status");
        c
    })
    .await;
    assert_eq!(ran.code, Some(1), "{ran:?}");
    assert!(ran.stderr.contains("must use https://"), "{ran:?}");

    sim.set_faults(worktray_sim::Faults {
        offline: true,
        ..Default::default()
    });
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.arg("status");
        c
    })
    .await;
    assert_eq!(ran.code, Some(1), "{ran:?}");
    assert!(
        ran.stderr.starts_with("worktray: cannot reach Worksection"),
        "{ran:?}"
    );
}

/// Five "Too many requests" in a row: without a daemon, `worktray status` sits out the first
/// short pause once (a single refusal is usually a request that arrived early), then does not
/// sleep through Worksection's longer pause but says that it asked to slow down, and when to
/// try again; the next command, still inside the pause, does not even ask.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limit_is_reported_with_the_time_to_try_again() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    sim.set_faults(worktray_sim::Faults {
        too_many_requests_next: 5,
        too_many_as_429: true,
        ..Default::default()
    });
    for round in 0..2 {
        let before = api_requests(&sim).len();
        let timed = run_within(
            {
                let mut c = sandbox.worktray(&sim);
                c.args(["status", "--json"]);
                c
            },
            Duration::from_secs(90),
        )
        .await;
        let ran = &timed.ran;
        assert!(
            timed.took < Duration::from_millis(4000),
            "round {round}: took {:?}: {ran:?}",
            timed.took
        );
        assert_eq!(ran.code, Some(1), "{ran:?}");
        assert_eq!(
            json(&ran.stdout)["error"]["code"],
            "rate_limited",
            "{ran:?}"
        );
        assert_eq!(ran.stderr.lines().count(), 1, "{ran:?}");
        assert!(
            ran.stderr
                .starts_with("worktray: Worksection asked to slow down"),
            "{ran:?}"
        );
        let retry_in = seconds_until_clock_time_after(&ran.stderr, "try again at ")
            .unwrap_or_else(|| panic!("no time to try again in {ran:?}"));
        assert!((0..=70).contains(&retry_in), "{ran:?}");
        // The first command asks, is refused, asks once more after the short pause and is
        // refused again; the second, inside the longer pause, does not ask at all.
        assert_eq!(
            api_requests(&sim).len(),
            before + 2 * usize::from(round == 0),
            "round {round}: {:#?}",
            api_requests(&sim)
        );
    }
}

/// One "Too many requests" — a request that arrived a little early, say — costs the user a
/// short wait, not an error: `worktray status` asks again after the pause and answers.
#[tokio::test(flavor = "multi_thread")]
async fn a_single_refusal_is_waited_out() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    sim.set_faults(worktray_sim::Faults {
        too_many_requests_next: 1,
        ..Default::default()
    });
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["status", "--json"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_eq!(json(&ran.stdout)["signed_in_as"], "Alex Morgan", "{ran:?}");
    let refused = api_requests(&sim)
        .iter()
        .filter(|r| r.outcome.contains("too many requests"))
        .count();
    assert_eq!(refused, 1, "{:#?}", api_requests(&sim));
}

/// A daemon that takes the connection but never answers: the CLI gives up within its time and
/// says so in one line, instead of hanging.
#[tokio::test(flavor = "multi_thread")]
async fn a_daemon_that_never_answers_is_given_up_on() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let listener =
        std::os::unix::net::UnixListener::bind(sandbox.socket()).expect("a socket nobody serves");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for connection in listener.incoming() {
            held.push(connection);
        }
    });
    let timed = run_within(
        {
            let mut c = sandbox.worktray(&sim);
            c.arg("status");
            c
        },
        Duration::from_secs(30),
    )
    .await;
    let ran = &timed.ran;
    assert!(!timed.killed, "the CLI hung: {ran:?}");
    assert!(
        timed.took < Duration::from_secs(8),
        "{:?}: {ran:?}",
        timed.took
    );
    assert_eq!(ran.code, Some(1), "{ran:?}");
    assert!(
        ran.stderr
            .starts_with("worktray: the Worktray tray did not answer within 5 s"),
        "{ran:?}"
    );
}

/// The demo user's entries (not timer rows) on `task`: minutes each.
fn entries_on(sim: &worktray_sim::Simulator, task: u64) -> Vec<u64> {
    sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["user_id"] == 4127 && row["task_id"] == task && row["is_timer"] == false)
        .map(|row| row["minutes"].as_u64().expect("minutes"))
        .collect()
}

/// "I forgot to start the timer 25 minutes ago": it starts now, and the 25 minutes are booked
/// to the task. A project that takes time from the timer only refuses, with its reason, and
/// nothing is started or booked; so does a moment that is not one. Both are input errors
/// (exit 2).
#[tokio::test(flavor = "multi_thread")]
async fn a_forgotten_start_books_the_minutes_before_it() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let before = entries_on(&sim, 331402);
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "331402", "--since", "25m"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(
        ran.stdout.contains("+ 25 min before the start, logged"),
        "{ran:?}"
    );
    let mut expected = before;
    expected.push(25);
    assert_eq!(entries_on(&sim, 331402), expected);
    let timers = sim.state()["timers"].clone();
    assert_eq!(timers[0]["task_id"], 331402, "{timers}");

    // "Onboarding flow" is in "Mobile app", which takes time from the timer only.
    let refused = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "331520", "--since", "10m"]);
        c
    })
    .await;
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert!(
        refused
            .stderr
            .contains("Mobile app accepts time from the timer only")
            && refused.stderr.contains("without --since"),
        "{refused:?}"
    );
    assert!(entries_on(&sim, 331520).is_empty());
    assert_eq!(sim.state()["timers"][0]["task_id"], 331402, "still running");

    // The timer on 331402 started moments ago: "since 10 minutes ago" on another task would
    // book those moments twice, once on each task.
    let overlapping = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "331415", "--since", "10m"]);
        c
    })
    .await;
    assert_eq!(overlapping.code, Some(2), "{overlapping:?}");
    assert!(
        overlapping
            .stderr
            .contains("the timer on Homepage wireframes started at"),
        "{overlapping:?}"
    );
    assert!(entries_on(&sim, 331415).is_empty());
    assert_eq!(sim.state()["timers"][0]["task_id"], 331402, "still running");

    let typo = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "331402", "--since", "soon"]);
        c
    })
    .await;
    assert_eq!(typo.code, Some(2), "{typo:?}");
    assert!(typo.stderr.contains("\"soon\" is not a time"), "{typo:?}");
}
