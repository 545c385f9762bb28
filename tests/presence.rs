//! The presence sources of `worktray` on a fake desktop (`support::desktop_bus`): what
//! `worktray doctor` finds with and without one, the daemon's reaction to a screen lock, a
//! logind session lock and a sleep, and each answer to the question a lock asks, checked
//! against the simulator's ledger (also with the answer's reply lost, and with `kill -9`
//! between the stop and the correction of its row).

use std::time::{Duration, Instant};

use serde_json::Value;
use worktray_sim::{Faults, Simulator};
use worktray_tests::desktop_bus::{FakeDesktop, LOGIND_MANAGER};
use worktray_tests::{
    demo_simulator, drain_with_cli, last_cost, run, start_daemon, unix_now, wait_for_socket,
    Daemon, Sandbox,
};

async fn doctor(sandbox: &Sandbox, sim: &Simulator) -> Vec<Value> {
    let ran = run({
        let mut c = sandbox.worktray(sim);
        c.args(["doctor", "--json"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let found: Value = serde_json::from_str(&ran.stdout).expect("doctor's JSON");
    found.as_array().expect("a list").clone()
}

fn finding<'a>(found: &'a [Value], source: &str) -> &'a Value {
    found
        .iter()
        .find(|f| f["source"] == source)
        .unwrap_or_else(|| panic!("{source} in {found:?}"))
}

const BUS_SOURCES: [&str; 6] = [
    "mutter-idle",
    "screensaver-idle",
    "screensaver-lock",
    "gnome-screensaver-lock",
    "logind-lock",
    "logind-sleep",
];

#[tokio::test]
async fn doctor_finds_each_source_of_the_fake_desktop_and_none_without_it() {
    let sim = demo_simulator().await;
    let desktop = FakeDesktop::start().await;

    let found = doctor(&Sandbox::on_desktop(&desktop), &sim).await;
    for source in BUS_SOURCES {
        let it = finding(&found, source);
        assert_eq!(it["works"], true, "{it}");
        assert_eq!(it["reason"], Value::Null, "{it}");
    }
    let x11 = finding(&found, "x11-idle");
    assert_eq!(
        (&x11["works"], &x11["reason"]),
        (&Value::Bool(false), &"no DISPLAY".into())
    );
    assert_eq!(finding(&found, "mutter-idle")["used"], true, "{found:?}");
    assert_eq!(
        finding(&found, "screensaver-idle")["used"],
        false,
        "one idle source is enough: {found:?}"
    );
    let inhibitors = desktop.inhibitors();
    assert_eq!(inhibitors.len(), 1, "the doctor tried one: {inhibitors:?}");
    assert_eq!(
        (
            inhibitors[0].what.as_str(),
            inhibitors[0].who.as_str(),
            inhibitors[0].mode.as_str()
        ),
        ("sleep:shutdown", "Worktray", "delay")
    );
    assert!(inhibitors[0].released, "and let it go: {inhibitors:?}");

    // The system bus (logind only) as the session bus: the session services are missing.
    let found = doctor(
        &Sandbox::with_buses(desktop.system_address(), desktop.system_address()),
        &sim,
    )
    .await;
    assert_eq!(
        finding(&found, "mutter-idle")["reason"],
        "org.gnome.Mutter.IdleMonitor is not on the session bus"
    );
    assert_eq!(
        finding(&found, "gnome-screensaver-lock")["reason"],
        "org.gnome.ScreenSaver is not on the session bus"
    );

    let found = doctor(&Sandbox::new(), &sim).await;
    for source in BUS_SOURCES {
        let it = finding(&found, source);
        assert_eq!(it["works"], false, "{it}");
        let reason = it["reason"].as_str().expect("a reason");
        let bus = if source.starts_with("logind") {
            "no system bus"
        } else {
            "no session bus"
        };
        assert!(reason.starts_with(bus), "{it}");
    }
}

/// An X server of the test's own, ended when dropped.
struct Xvfb(std::process::Child, String);

impl Xvfb {
    fn start() -> Xvfb {
        let mut child = std::process::Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("Xvfb starts (the xvfb package)");
        let mut number = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().expect("its stdout")),
            &mut number,
        )
        .expect("Xvfb says its display");
        Xvfb(child, format!(":{}", number.trim()))
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn doctor_reads_the_idle_time_of_an_x_display_but_not_of_xwayland() {
    let sim = demo_simulator().await;
    let x = Xvfb::start();
    let sandbox = Sandbox::new();
    let doctor_on = |session_type: &'static str| {
        let mut c = sandbox.worktray(&sim);
        c.args(["doctor", "--json"])
            .env("DISPLAY", &x.1)
            .env("XDG_SESSION_TYPE", session_type);
        c
    };
    let ran = run(doctor_on("x11")).await;
    let found: Vec<Value> = serde_json::from_str(&ran.stdout).expect("doctor's JSON");
    let x11 = finding(&found, "x11-idle");
    assert_eq!(
        (&x11["works"], &x11["used"]),
        (&true.into(), &true.into()),
        "{x11}"
    );

    let ran = run(doctor_on("wayland")).await;
    let found: Vec<Value> = serde_json::from_str(&ran.stdout).expect("doctor's JSON");
    let x11 = finding(&found, "x11-idle");
    assert_eq!(x11["works"], false, "{x11}");
    assert!(
        x11["reason"]
            .as_str()
            .is_some_and(|r| r.contains("XWayland")),
        "{x11}"
    );
}

/// A daemon on its own fake desktop and simulator, with a timer running.
struct Scene {
    desktop: FakeDesktop,
    sim: Simulator,
    sandbox: Sandbox,
    daemon: Option<Daemon>,
}

impl Scene {
    async fn start(settings: Value) -> Scene {
        let desktop = FakeDesktop::start().await;
        let sim = demo_simulator().await;
        let sandbox = Sandbox::on_desktop(&desktop);
        std::fs::create_dir_all(sandbox.data_dir()).expect("data dir");
        std::fs::write(
            sandbox.data_dir().join("settings.json"),
            settings.to_string(),
        )
        .expect("settings");
        let daemon = start_daemon(&sandbox, &sim);
        wait_for_socket(&sandbox).await;
        let scene = Scene {
            desktop,
            sim,
            sandbox,
            daemon: Some(daemon),
        };
        scene.wait_until_watching().await;
        scene.start_timer().await;
        scene
    }

    /// The daemon's lock sources ask whether the screen is locked once they listen; the sleep
    /// source takes its inhibitor once it listens.
    async fn wait_until_watching(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        // Each was probed once before it was started.
        while self
            .desktop
            .calls("org.freedesktop.ScreenSaver", "GetActive")
            < 2
            || self.desktop.calls("org.gnome.ScreenSaver", "GetActive") < 2
            || self.desktop.calls(LOGIND_MANAGER, "GetSessionByPID") < 2
            || self.desktop.inhibitors_held() < 1
        {
            assert!(Instant::now() < deadline, "the daemon watches the desktop");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The session lock's two subscriptions follow its session lookup.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    async fn start_timer(&self) {
        let ran = run({
            let mut c = self.sandbox.worktray(&self.sim);
            c.args(["tasks", "--json"]);
            c
        })
        .await;
        let tasks: Value = serde_json::from_str(&ran.stdout).expect("tasks");
        let id = tasks[0]["id"].as_str().expect("a task").to_owned();
        let ran = run({
            let mut c = self.sandbox.worktray(&self.sim);
            c.args(["start", &id]);
            c
        })
        .await;
        assert_eq!(ran.code, Some(0), "{ran:?}");
        // A timer started during away time is no question, and away time begins at the last
        // input a reading showed: the lock comes after the next reading (they are 5 s apart).
        tokio::time::sleep(Duration::from_secs(6)).await;
    }

    async fn status(&self) -> Value {
        let ran = run({
            let mut c = self.sandbox.worktray(&self.sim);
            c.args(["status", "--json"]);
            c
        })
        .await;
        assert_eq!(ran.code, Some(0), "{ran:?}");
        serde_json::from_str(&ran.stdout).expect("status JSON")
    }

    /// The away question of `status`, waited for a few seconds (it is asked once the timer
    /// state is fresh).
    async fn away(&self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let status = self.status().await;
            if !status["away"].is_null() || Instant::now() > deadline {
                return status["away"].clone();
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    fn timers(&self) -> usize {
        self.sim.state()["timers"].as_array().map_or(0, Vec::len)
    }
}

const LONG_LOCK: Duration = Duration::from_secs(65);
/// The lock an answer scene asks about: by more than a minute and a half longer than nothing,
/// a row that kept the away time differs from the right one by at least a whole minute,
/// wherever the answer's moment falls between two clock readings.
const ANSWERED_LOCK: Duration = Duration::from_secs(95);

async fn a_long_screen_lock_is_away_time() {
    let scene = Scene::start(serde_json::json!({ "away_after_minutes": 1 })).await;
    scene.desktop.set_screen_locked(true).await;
    tokio::time::sleep(LONG_LOCK).await;
    scene.desktop.set_screen_locked(false).await;
    let away = scene.away().await;
    assert_eq!(away["reason"], "locked", "{away}");
    assert_eq!(away["minutes"], 1, "{away}");
}

async fn a_long_session_lock_is_away_time() {
    let scene = Scene::start(serde_json::json!({ "away_after_minutes": 1 })).await;
    scene.desktop.lock_session(true).await;
    tokio::time::sleep(LONG_LOCK).await;
    scene.desktop.lock_session(false).await;
    let away = scene.away().await;
    assert_eq!(away["reason"], "locked", "{away}");
    assert_eq!(away["minutes"], 1, "{away}");
}

/// A locker that sends no `Unlock` after the password, but clears `LockedHint`.
async fn a_session_lock_ended_by_the_locker_is_away_time() {
    let scene = Scene::start(serde_json::json!({ "away_after_minutes": 1 })).await;
    scene.desktop.lock_session(true).await;
    scene.desktop.set_locked_hint(true).await;
    tokio::time::sleep(LONG_LOCK).await;
    scene.desktop.set_locked_hint(false).await;
    let away = scene.away().await;
    assert_eq!(away["reason"], "locked", "{away}");
    assert_eq!(away["minutes"], 1, "{away}");
}

async fn a_short_lock_is_not() {
    let scene = Scene::start(serde_json::json!({ "away_after_minutes": 1 })).await;
    scene.desktop.set_screen_locked(true).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    scene.desktop.set_screen_locked(false).await;
    // As long as the long locks take: a question would have come by then.
    tokio::time::sleep(LONG_LOCK).await;
    let status = scene.status().await;
    assert_eq!(status["away"], Value::Null, "{status}");
    assert!(!status["timer"].is_null(), "the timer runs on: {status}");
}

async fn a_sleep_stops_the_timer_before_the_inhibitor_goes() {
    let scene = Scene::start(serde_json::json!({
        "away_after_minutes": 1,
        "stop_timer_on_sleep": true,
    }))
    .await;
    assert_eq!(scene.timers(), 1, "the timer runs");
    assert_eq!(scene.desktop.inhibitors_held(), 1);
    // A slow network: the stop takes a second, and the sleep must wait for it. (A request of
    // the poller on its way first still leaves the stop inside the core's 4 s.)
    scene.sim.set_faults(Faults {
        latency_ms: 1000,
        ..Faults::default()
    });
    let sleep = Instant::now();
    scene.desktop.prepare_for_sleep(true).await;
    let deadline = sleep + Duration::from_secs(8);
    while scene.desktop.inhibitors_held() > 0 {
        assert!(Instant::now() < deadline, "the inhibitor is released");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let held = sleep.elapsed();
    assert_eq!(
        scene.timers(),
        0,
        "the timer was stopped before the sleep was let go (after {held:?})"
    );
    assert!(
        held >= Duration::from_millis(900),
        "held for the stop: {held:?}"
    );
    scene.sim.set_faults(Faults::default());
    scene.desktop.prepare_for_sleep(false).await;
    let deadline = Instant::now() + Duration::from_secs(8);
    while scene.desktop.inhibitors_held() < 1 {
        assert!(Instant::now() < deadline, "a new inhibitor after the wake");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let inhibitors = scene.desktop.inhibitors();
    assert_eq!(
        inhibitors.iter().map(|i| i.released).collect::<Vec<_>>(),
        [true, true, false],
        "the probe at start, the one before the sleep, the one after: {inhibitors:?}"
    );
    assert_eq!(inhibitors[2].mode, "delay");
}

/// The demo user's rows after row `after`, as (task, minutes, saved by the timer).
fn rows(sim: &Simulator, after: u64) -> Vec<(u64, u64, bool)> {
    sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["user_id"] == 4127 && row["id"].as_u64() > Some(after))
        .map(|row| {
            (
                row["task_id"].as_u64().expect("task"),
                row["minutes"].as_u64().expect("minutes"),
                row["is_timer"] == true,
            )
        })
        .collect()
}

/// How an answer is sent.
#[derive(Clone, Copy, Debug)]
enum Trouble {
    None,
    /// The reply to the answer's first write is lost after the server applied it.
    LostReply,
    /// `kill -9` once the stop has landed, before the correction of its row; started again.
    KillAfterTheStop,
}

/// A timer that has run three hours, a 95 s screen lock, and `answer` (the words after
/// `worktray away`) given through the CLI; returns the rows booked, whether a timer runs,
/// and the minutes a leave-out must book (the time the timer ran less the away time, for
/// any moment of the answer).
async fn answer_a_lock(
    answer: &[&str],
    trouble: Trouble,
) -> (Vec<(u64, u64, bool)>, bool, Vec<u64>) {
    let mut scene = Scene::start(serde_json::json!({ "away_after_minutes": 1 })).await;
    let seeded = last_cost(&scene.sim);
    scene.sim.backdate_timers(Duration::from_secs(3 * 3600));
    let ran = run({
        let mut c = scene.sandbox.worktray(&scene.sim);
        c.args(["status", "--refresh"]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let began = chrono::DateTime::parse_from_rfc3339(
        scene.sim.state()["timers"][0]["started_at"]
            .as_str()
            .expect("a timer"),
    )
    .expect("a start")
    .timestamp();
    scene.desktop.set_screen_locked(true).await;
    tokio::time::sleep(ANSWERED_LOCK).await;
    scene.desktop.set_screen_locked(false).await;
    let away = scene.away().await;
    assert_eq!(away["reason"], "locked", "{away}");
    let moment = |field: &str| {
        chrono::DateTime::parse_from_rfc3339(away[field].as_str().expect("a moment"))
            .expect("RFC 3339")
            .timestamp()
    };
    let away_seconds = moment("end") - moment("start");
    assert!(away_seconds >= 95, "{away}");

    match trouble {
        Trouble::None | Trouble::KillAfterTheStop => {}
        Trouble::LostReply => scene.sim.set_faults(Faults {
            drop_after_apply_next: 1,
            ..Faults::default()
        }),
    }
    let asked_from = unix_now();
    let mut answering = scene.sandbox.worktray(&scene.sim);
    answering.arg("away").args(answer);
    if let Trouble::KillAfterTheStop = trouble {
        answering
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut answering = answering.spawn().expect("worktray away");
        let deadline = Instant::now() + Duration::from_secs(20);
        while scene.timers() > 0 {
            assert!(Instant::now() < deadline, "the stop never landed");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        scene.daemon.take().expect("the daemon").kill_9();
        let _ = answering.wait();
        scene.daemon = Some(start_daemon(&scene.sandbox, &scene.sim));
        wait_for_socket(&scene.sandbox).await;
    } else {
        let ran = run(answering).await;
        assert_eq!(ran.code, Some(0), "{answer:?}: {ran:?}");
    }
    let asked_to = unix_now();
    scene.sim.set_faults(Faults::default());
    drain_with_cli(&scene.sandbox, &scene.sim).await;
    let left = run({
        let mut c = scene.sandbox.worktray(&scene.sim);
        c.args(["away", "--json"]);
        c
    })
    .await;
    assert_eq!(left.stdout.trim(), "[]", "answered once: {left:?}");
    // The answer's moment lies between the two readings of the clock (a second either side
    // for the server's own count).
    let left_out = |at: i64| u64::try_from((at - began - away_seconds + 30) / 60).expect("minutes");
    let mut expected: Vec<u64> = (asked_from - 1..=asked_to + 1).map(left_out).collect();
    expected.dedup();
    (rows(&scene.sim, seeded), scene.timers() > 0, expected)
}

async fn keep_books_nothing_and_the_timer_runs_on() {
    let (rows, running, _) = answer_a_lock(&["keep"], Trouble::None).await;
    assert_eq!(rows, [], "nothing written");
    assert!(running);
}

/// The one timer row of a leave-out: on the timer's task, the time it ran less the away time.
fn assert_left_out(rows: &[(u64, u64, bool)], expected: &[u64], what: &str) {
    let timer_rows: Vec<_> = rows.iter().filter(|row| row.2).collect();
    assert_eq!(timer_rows.len(), 1, "{what}: {rows:?}");
    assert!(
        expected.contains(&timer_rows[0].1),
        "{what}: {} min booked, {expected:?} expected",
        timer_rows[0].1
    );
}

async fn discard_books_the_time_less_the_away_time(trouble: Trouble) {
    let (rows, running, expected) = answer_a_lock(&["discard"], trouble).await;
    assert_left_out(&rows, &expected, &format!("discard, {trouble:?}"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(!running);
}

async fn continue_books_the_time_less_the_away_time_and_runs_on() {
    let (rows, running, expected) = answer_a_lock(&["continue"], Trouble::None).await;
    assert_left_out(&rows, &expected, "continue");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(running, "started again");
}

async fn assign_gives_the_away_time_to_the_other_task() {
    // "Contact form QA": the meeting.
    let (rows, running, expected) = answer_a_lock(&["assign", "331415"], Trouble::None).await;
    assert_left_out(&rows, &expected, "assign");
    let given: Vec<_> = rows.iter().filter(|row| !row.2).collect();
    assert_eq!(given, [&(331415, 2, false)], "{rows:?}");
    assert!(!running);
}

/// The scenes side by side: the one-minute threshold is the floor of each. Every scene runs to
/// its end, and the failures are named together.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_daemon_counts_locks_stops_before_sleep_and_books_each_answer() {
    let scenes = [
        (
            "a long screen lock",
            tokio::spawn(a_long_screen_lock_is_away_time()),
        ),
        (
            "a long session lock",
            tokio::spawn(a_long_session_lock_is_away_time()),
        ),
        (
            "a session lock ended by the locker",
            tokio::spawn(a_session_lock_ended_by_the_locker_is_away_time()),
        ),
        ("a short lock", tokio::spawn(a_short_lock_is_not())),
        (
            "a sleep",
            tokio::spawn(a_sleep_stops_the_timer_before_the_inhibitor_goes()),
        ),
        (
            "keep",
            tokio::spawn(keep_books_nothing_and_the_timer_runs_on()),
        ),
        (
            "discard",
            tokio::spawn(discard_books_the_time_less_the_away_time(Trouble::None)),
        ),
        (
            "discard, reply lost",
            tokio::spawn(discard_books_the_time_less_the_away_time(
                Trouble::LostReply,
            )),
        ),
        (
            "discard, kill -9 after the stop",
            tokio::spawn(discard_books_the_time_less_the_away_time(
                Trouble::KillAfterTheStop,
            )),
        ),
        (
            "continue",
            tokio::spawn(continue_books_the_time_less_the_away_time_and_runs_on()),
        ),
        (
            "assign",
            tokio::spawn(assign_gives_the_away_time_to_the_other_task()),
        ),
    ];
    let mut failed = Vec::new();
    for (name, scene) in scenes {
        if scene.await.is_err() {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "failed (see their panics above): {failed:?}"
    );
}
