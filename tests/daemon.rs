//! The daemon without a desktop (no DISPLAY): it serves the CLI over its socket, answers
//! `status` from memory at no API cost, is a single instance, cleans up on SIGTERM, and starts
//! its window without a secret in the window's environment.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use worktray_tests::{api_requests, demo_simulator, projects_of, run, Sandbox};

struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_goes_through_a_running_daemon() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let mut command = sandbox.worktray(&sim);
    command
        .args(["daemon", "--no-window"])
        .env("WORKTRAY_WINDOW_BIN", "/bin/true")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let daemon = Daemon(command.spawn().expect("daemon starts"));
    wait_for("the socket", || sandbox.socket().exists()).await;
    // The daemon's first poll: me + get_my_timer (+ my tasks for the menu).
    wait_for("the first poll", || {
        api_requests(&sim)
            .iter()
            .any(|r| r.action.as_deref() == Some("get_my_timer"))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
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
    assert_eq!(sim.state()["timers"].as_array().map(Vec::len), Some(1));
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

    let pid = daemon.0.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    wait_for("the socket to be removed", || !sandbox.socket().exists()).await;
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

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_reaches_the_window_environment() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let window = sandbox.dir.path().join("window");
    let dump = sandbox.dir.path().join("window.env");
    environment_dumper(&window, &dump);
    let client_secret = "client-secret-from-the-environment-3b9f";
    let mut command = sandbox.worktray(&sim);
    command
        .args(["daemon", "--no-window"])
        .env("WORKTRAY_WINDOW_BIN", &window)
        .env("WORKTRAY_CLIENT_SECRET", client_secret)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _daemon = Daemon(command.spawn().expect("daemon starts"));
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
