//! The daemon without a desktop (no DISPLAY): it serves the CLI over its socket, answers
//! `status` from memory at no API cost, is a single instance, cleans up on SIGTERM, and starts
//! its window without a secret in the window's environment. It never blocks: not on another process's request-gate lock, not on a client sending a huge
//! line or nothing at all, not while Worksection asks it to slow down.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use worktray_sim::{Faults, Simulator};
use worktray_tests::{
    api_requests, demo_simulator, program, projects_of, run, run_within,
    seconds_until_clock_time_after, start_daemon, start_daemon_as, wait_for_socket, Daemon,
    Sandbox,
};

async fn wait_for(what: &str, ready: impl FnMut() -> bool) {
    worktray_tests::wait_until(what, Duration::from_secs(20), ready).await;
}

/// Starts `worktray daemon` (through `wrapper`, when given) in the sandbox and waits for its
/// first poll to be over, so that what a test does next is the only traffic.
async fn polled_daemon(sandbox: &Sandbox, sim: &Simulator, wrapper: Option<Command>) -> Daemon {
    let daemon = match wrapper {
        Some(wrapper) => start_daemon_as(sandbox, sim, wrapper),
        None => start_daemon(sandbox, sim),
    };
    wait_for_socket(sandbox).await;
    // The daemon's first round: the timer, who I am, today's schedule, my tasks for the menu,
    // and last the projects' options.
    wait_for("the first poll", || {
        api_requests(sim)
            .iter()
            .any(|r| r.action.as_deref() == Some("get_projects"))
    })
    .await;
    daemon
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_goes_through_a_running_daemon() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let daemon = polled_daemon(&sandbox, &sim, None).await;
    let before = api_requests(&sim).len();

    for _ in 0..5 {
        let ran = run({
            let mut c = sandbox.worktray(&sim);
            // Prove the answer comes from the daemon: these credentials would fail.
            c.env("WORKTRAY_ACCESS_TOKEN", "wrong")
                .args(["status", "--json"]);
            c
        })
        .await;
        assert_eq!(ran.code, Some(0), "{ran:?}");
        let status: serde_json::Value = serde_json::from_str(&ran.stdout).expect("json");
        assert_eq!(status["connection"], "online");
    }
    assert_eq!(
        api_requests(&sim).len(),
        before,
        "status through the daemon costs no request"
    );

    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["tasks", "--json"]);
        c
    })
    .await;
    let tasks: serde_json::Value = serde_json::from_str(&ran.stdout).expect("json");
    let projects = projects_of(&tasks);
    assert!(
        !projects.contains(&"Brand guidelines 2023"),
        "no task of an archived project is offered: {projects:?}"
    );
    let id = tasks[0]["id"].as_str().expect("a task").to_owned();
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", &id]);
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    // Answered from what the daemon knows, confirmed after.
    wait_for("the start to reach Worksection", || {
        sim.state()["timers"].as_array().map(Vec::len) == Some(1)
    })
    .await;
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["status", "--json"]);
        c
    })
    .await;
    let status: serde_json::Value = serde_json::from_str(&ran.stdout).expect("json");
    assert_eq!(status["timer"]["task"]["id"], id.as_str());

    // A second daemon hands over to the first and exits.
    let ran = run({
        let mut c = sandbox.worktray(&sim);
        c.env("WORKTRAY_WINDOW_BIN", "/bin/true").arg("daemon");
        c
    })
    .await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.contains("already running"), "{ran:?}");

    let pid = daemon.pid().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    wait_for("the socket to be removed", || !sandbox.socket().exists()).await;
}

/// `worktray status --json` through the daemon, which must answer within `deadline`.
async fn status_within(
    sandbox: &Sandbox,
    sim: &Simulator,
    deadline: Duration,
) -> serde_json::Value {
    let timed = run_within(
        {
            let mut c = sandbox.worktray(sim);
            c.args(["status", "--json"]);
            c
        },
        Duration::from_secs(20),
    )
    .await;
    assert!(
        !timed.killed && timed.took < deadline,
        "`worktray status` took {:?} (killed: {}); it must answer within {deadline:?}: {:?}",
        timed.took,
        timed.killed,
        timed.ran
    );
    assert_eq!(timed.ran.code, Some(0), "{:?}", timed.ran);
    serde_json::from_str(&timed.ran.stdout).expect("json")
}

/// Another process holds the request-gate lock just as Worksection answers the daemon "Too
/// many requests": the daemon shares that pause through the lock file without waiting for the
/// lock on its one worker thread, so its socket (and tray, clock, poller) keep going.
#[tokio::test(flavor = "multi_thread")]
async fn a_held_gate_lock_does_not_freeze_the_daemon() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let _daemon = polled_daemon(&sandbox, &sim, None).await;
    // The answer comes late, so the lock can be taken while the request is out.
    sim.set_faults(Faults {
        latency_ms: 2000,
        too_many_requests_next: 1,
        too_many_as_429: true,
        ..Faults::default()
    });
    let lock_path = sandbox.data_dir().join("request-gate.lock");
    let last_request_ms = || -> u64 {
        let record = std::fs::read_to_string(&lock_path).unwrap_or_default();
        record
            .split_whitespace()
            .next()
            .and_then(|ms| ms.parse().ok())
            .unwrap_or(0)
    };
    let now_ms = || chrono::Utc::now().timestamp_millis() as u64;
    let mut refreshing = sandbox.worktray(&sim);
    refreshing
        .args(["status", "--refresh"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut refreshing = refreshing.spawn().expect("worktray status --refresh");
    // A request on its way holds the next back until a moment ahead; an answer is noted at the
    // moment it came, which is past. (The answer of the poller's last request may be noted
    // just after this test began: a time since then does not yet mean the refresh left.)
    wait_for("the daemon's request to leave", || {
        last_request_ms() > now_ms()
    })
    .await;
    // flock belongs to an open file description: this separate `File` is another holder, as
    // another process would be.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lock_path)
        .expect("the gate's lock file");
    lock.try_lock()
        .expect("the daemon does not hold the lock while its request is out");
    wait_for("the refusal", || {
        api_requests(&sim)
            .iter()
            .any(|r| r.outcome.contains("too many"))
    })
    .await;
    // The daemon is dealing with the refusal now.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let status = status_within(&sandbox, &sim, Duration::from_millis(700)).await;
    let problem = status["problem"].as_str().unwrap_or_default().to_owned();
    drop(lock);
    let _ = refreshing.kill();
    let _ = refreshing.wait();
    assert!(problem.contains("slow down"), "{status:#}");
}

fn proc_status_kb(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    text.lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// Writes `megabytes` MB without a newline on `stream` from a thread, until the daemon stops
/// reading (closes the connection).
fn flood(stream: &UnixStream, megabytes: usize) -> std::thread::JoinHandle<usize> {
    let mut stream = stream.try_clone().expect("clone");
    std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 20];
        let mut written = 0;
        for _ in 0..megabytes {
            match stream.write_all(&chunk) {
                Ok(()) => written += chunk.len(),
                Err(_) => break,
            }
        }
        written
    })
}

/// The lines the daemon sends until it closes the connection (or 10 s pass).
fn lines_until_closed(stream: &UnixStream) -> (Vec<serde_json::Value>, bool) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => return (lines, true),
            Ok(_) => lines.push(serde_json::from_str(&line).expect("a JSON line")),
            // A connection reset, after the daemon closed with unread data: closed too.
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
                return (lines, true)
            }
            Err(_) => return (lines, false),
        }
    }
}

/// A 64 MB line, on a plain connection or a subscribed one, gets an error and a closed
/// connection; the daemon never holds more than the line limit of it.
#[tokio::test(flavor = "multi_thread")]
async fn a_64_mb_line_costs_the_daemon_no_memory() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let daemon = polled_daemon(&sandbox, &sim, None).await;
    let pid = daemon.pid();
    let peak_before = proc_status_kb(pid, "VmHWM");

    let plain = UnixStream::connect(sandbox.socket()).expect("connect");
    let writer = flood(&plain, 64);
    let (replies, closed) = tokio::task::spawn_blocking({
        let plain = plain.try_clone().expect("clone");
        move || lines_until_closed(&plain)
    })
    .await
    .expect("join");
    let written = writer.join().expect("writer");
    let peak = proc_status_kb(pid, "VmHWM");
    assert!(
        peak < peak_before + 8 * 1024,
        "the daemon's peak memory grew from {peak_before} kB to {peak} kB"
    );
    assert!(closed, "the connection is closed: {replies:?}");
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0]["reply"]["type"], "error", "{replies:?}");
    assert!(
        replies[0]["reply"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("too long")),
        "{replies:?}"
    );
    assert!(
        written < 64 << 20,
        "the daemon stopped reading: {written} bytes"
    );

    let subscribed = UnixStream::connect(sandbox.socket()).expect("connect");
    (&subscribed)
        .write_all(b"{\"id\":1,\"request\":{\"type\":\"subscribe\"}}\n")
        .expect("subscribe");
    let mut reader = BufReader::new(subscribed.try_clone().expect("clone"));
    for _ in 0..2 {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .expect("the reply, then the first status event");
    }
    let writer = flood(&subscribed, 64);
    let (replies, closed) = tokio::task::spawn_blocking({
        let subscribed = subscribed.try_clone().expect("clone");
        move || lines_until_closed(&subscribed)
    })
    .await
    .expect("join");
    let written = writer.join().expect("writer");
    assert!(closed, "the subscribed connection is closed: {replies:?}");
    assert!(
        replies.iter().any(|r| r["reply"]["type"] == "error"),
        "{replies:?}"
    );
    assert!(
        written < 64 << 20,
        "the daemon stopped reading: {written} bytes"
    );

    let peak_after = proc_status_kb(pid, "VmHWM");
    let resident = proc_status_kb(pid, "VmRSS");
    assert!(
        peak_after < peak_before + 8 * 1024,
        "the daemon's peak memory grew from {peak_before} kB to {peak_after} kB (now {resident} kB)"
    );
    // And it still answers.
    status_within(&sandbox, &sim, Duration::from_secs(1)).await;
}

/// 1,100 connections that never send a thing, against a daemon with the usual limit of 1,024
/// open files: `worktray status` is answered at once all the same.
#[tokio::test(flavor = "multi_thread")]
async fn idle_connections_do_not_keep_status_waiting() {
    // This test process needs more than 1,100 descriptors; the daemon gets the usual 1,024.
    let raised = Command::new("prlimit")
        .args(["--pid", &std::process::id().to_string(), "--nofile=4096:"])
        .status()
        .expect("prlimit (util-linux)");
    assert!(raised.success(), "cannot raise this test's open-file limit");
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let mut limited = Command::new("prlimit");
    limited
        .args(["--nofile=1024", "--"])
        .arg(program("worktray"))
        .args(["daemon", "--no-window"]);
    let _daemon = polled_daemon(&sandbox, &sim, Some(limited)).await;

    let socket = sandbox.socket();
    let idle = tokio::task::spawn_blocking(move || {
        (0..1100)
            .map(|_| UnixStream::connect(&socket))
            .collect::<Vec<_>>()
    })
    .await
    .expect("join");
    let connected = idle.iter().filter(|c| c.is_ok()).count();
    assert!(connected >= 1000, "only {connected} connections were made");

    let status = status_within(&sandbox, &sim, Duration::from_secs(2)).await;
    assert_eq!(status["connection"], "online", "{status:#}");
    drop(idle);
}

/// Five "Too many requests" in a row: `worktray status` through the daemon answers at once
/// from what the daemon knows, and says that Worksection asked to slow down and when the
/// daemon tries again.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_daemon_says_so_and_when_it_tries_again() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let _daemon = polled_daemon(&sandbox, &sim, None).await;
    sim.set_faults(Faults {
        too_many_requests_next: 5,
        too_many_as_429: true,
        ..Faults::default()
    });
    // Opening the window makes the daemon poll at once.
    let opened = run({
        let mut c = sandbox.worktray(&sim);
        c.env("WORKTRAY_WINDOW_BIN", "/bin/true").args(["open"]);
        c
    })
    .await;
    assert_eq!(opened.code, Some(0), "{opened:?}");
    wait_for("the first refusal", || {
        api_requests(&sim)
            .iter()
            .any(|r| r.outcome.contains("too many"))
    })
    .await;

    let status = status_within(&sandbox, &sim, Duration::from_secs(1)).await;
    let problem = status["problem"].as_str().unwrap_or_default();
    assert!(problem.contains("slow down"), "{status:#}");
    let retry_in = seconds_until_clock_time_after(problem, "next try at ")
        .unwrap_or_else(|| panic!("no retry time in {problem:?}"));
    assert!((-1..=70).contains(&retry_in), "{problem:?}");

    let timed = run_within(
        {
            let mut c = sandbox.worktray(&sim);
            c.arg("status");
            c
        },
        Duration::from_secs(20),
    )
    .await;
    assert!(timed.took < Duration::from_secs(1), "{:?}", timed.took);
    assert!(timed.ran.stdout.contains("slow down"), "{:?}", timed.ran);
}

/// A stand-in for a program the daemon starts: it writes its environment to `dump` and exits.
fn environment_dumper(script: &Path, dump: &Path) {
    std::fs::write(
        script,
        format!(
            "#!/bin/sh\nenv > '{0}.part' && mv '{0}.part' '{0}'\n",
            dump.display()
        ),
    )
    .expect("script written");
    std::fs::set_permissions(script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A window program that cannot be started is this machine's failure, not the user's input:
/// `worktray open` says which program and why, and exits 1 (not 2, "fix what you typed").
#[tokio::test(flavor = "multi_thread")]
async fn a_window_that_cannot_start_is_reported_as_this_machines_failure() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let missing = sandbox.dir.path().join("no-such-window");
    let mut command = Command::new(program("worktray"));
    command
        .args(["daemon", "--no-window"])
        .env("WORKTRAY_WINDOW_BIN", &missing);
    let _daemon = start_daemon_as(&sandbox, &sim, command);
    wait_for("the socket", || sandbox.socket().exists()).await;
    let opened = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["open", "entries"]);
        c
    })
    .await;
    assert_eq!(opened.code, Some(1), "{opened:?}");
    assert!(
        opened.stderr.contains("cannot start the window")
            && opened.stderr.contains("no-such-window"),
        "{opened:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_reaches_the_window_environment() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let window = sandbox.dir.path().join("window");
    let dump = sandbox.dir.path().join("window.env");
    environment_dumper(&window, &dump);
    let client_secret = "client-secret-from-the-environment-3b9f";
    let mut command = Command::new(program("worktray"));
    command
        .args(["daemon", "--no-window"])
        .env("WORKTRAY_WINDOW_BIN", &window)
        .env("WORKTRAY_CLIENT_SECRET", client_secret);
    let _daemon = start_daemon_as(&sandbox, &sim, command);
    wait_for("the socket", || sandbox.socket().exists()).await;
    // The daemon did read the token before it took it out of its environment: it is signed in.
    wait_for("the first poll", || {
        api_requests(&sim)
            .iter()
            .any(|r| r.action.as_deref() == Some("get_my_timer") && r.status == 200)
    })
    .await;

    let opened = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["open", "entries"]);
        c
    })
    .await;
    assert_eq!(opened.code, Some(0), "{opened:?}");
    wait_for("the window to start", || dump.exists()).await;
    let environment = std::fs::read_to_string(&dump).expect("the window's environment");
    assert!(
        environment.contains("WORKTRAY_VIEW=entries"),
        "the dump is the window's: {environment}"
    );
    assert!(environment.contains("WORKTRAY_SOCKET="), "{environment}");
    for (name, secret) in [
        ("WORKTRAY_ACCESS_TOKEN", sim.demo_access_token()),
        ("WORKTRAY_CLIENT_SECRET", client_secret.to_owned()),
    ] {
        assert!(
            !environment.contains(&secret),
            "{name}'s value reached the window's environment"
        );
        assert!(
            !environment.contains(name),
            "{name} reached the window's environment"
        );
    }
}

/// Issue #14: a status bar runs `worktray status --format …` every few seconds. Without a tray it
/// says so in one line; with one, the tray answers from memory. Neither asks Worksection.
#[tokio::test(flavor = "multi_thread")]
async fn a_status_bar_reads_the_tray_at_no_api_cost() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let bar = |format: &'static str| {
        let mut c = sandbox.worktray(&sim);
        c.args(["status", "--format", format]);
        c
    };
    let alone = run(bar("plain")).await;
    assert_eq!(alone.code, Some(0), "{alone:?}");
    assert_eq!(alone.stdout.trim(), "Worktray is not running", "{alone:?}");
    assert!(api_requests(&sim).is_empty(), "no tray, no request");

    let _daemon = polled_daemon(&sandbox, &sim, None).await;
    let started = run({
        let mut c = sandbox.worktray(&sim);
        c.args(["start", "331402"]);
        c
    })
    .await;
    assert_eq!(started.code, Some(0), "{started:?}");
    wait_for("the start to reach Worksection", || {
        sim.state()["timers"].as_array().map(Vec::len) == Some(1)
    })
    .await;
    let before = api_requests(&sim).len();
    let waybar = run(bar("waybar")).await;
    assert_eq!(waybar.code, Some(0), "{waybar:?}");
    let shown: serde_json::Value = serde_json::from_str(waybar.stdout.trim()).expect("json");
    assert_eq!(shown["class"], "running", "{shown}");
    assert!(
        shown["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("▶ 0:0") && t.ends_with("Homepage wireframes")),
        "{shown}"
    );
    let i3blocks = run(bar("i3blocks")).await;
    assert_eq!(i3blocks.stdout.lines().count(), 2, "{i3blocks:?}");
    assert_eq!(
        api_requests(&sim).len(),
        before,
        "the tray answers from memory"
    );
}
