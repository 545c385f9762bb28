//! The installed package, as a user meets it: the app menu's entry starts the tray, started
//! again it opens the window, and time tracked from the installed command line reaches
//! Worksection. Every program here is the installed one (`/usr/bin`, found through the entry's
//! `Exec` line and `PATH`), never the build tree's; the Worksection is the demo's simulator,
//! signed in to through the same OAuth2 code path as a real account.
//!
//!   make package-install && scripts/with-desktop.sh cargo test -p worktray-tests --test installed
//!
//! (`make test` does both, on the debug build it has made.)

// The desktop helpers of the end-to-end tests; this test needs only some of them.
#[allow(dead_code)]
#[path = "e2e/desktop.rs"]
mod desktop;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use worktray_tests::{run, Ran, Sandbox};

use desktop::{children_named, session_env, shows_window, wait_until};

const ENTRY: &str = "/usr/share/applications/Worktray.desktop";
const TASK_ID: &str = "331402";
/// A debug build's window on a busy 2-core machine.
const WINDOW_START: Duration = Duration::from_secs(60);

/// The `Exec` line of the entry's `[Desktop Entry]` group (not of its actions), split into
/// words: the entry has no quoting or field codes to expand.
fn exec_line(entry: &str) -> Vec<String> {
    entry
        .split("\n[")
        .next()
        .and_then(|main| main.lines().find_map(|line| line.strip_prefix("Exec=")))
        .unwrap_or_else(|| panic!("{ENTRY} has no Exec line:\n{entry}"))
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Where the desktop finds `program`: the first folder of `PATH` that has it.
fn on_path(program: &str) -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("{program} is not on PATH: is the package installed?"))
}

/// An installed program with a sandbox's home, data folder and socket, and the desktop session.
fn installed(program: &Path, sandbox: &Sandbox) -> Command {
    let mut command = Command::new(program);
    sandbox.private_home(&mut command);
    command.envs(session_env());
    command
}

/// The tray the test started; ended when the test ends, passed or not.
struct Tray {
    child: Child,
    log: PathBuf,
}

impl Tray {
    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Tray {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// How many colours a picture has (ImageMagick's `identify`).
fn colours_in(picture: &Path) -> u32 {
    let output = Command::new("identify")
        .args(["-format", "%k"])
        .arg(picture)
        .output()
        .expect("ImageMagick's identify runs");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

async fn json_of(mut command: Command) -> Value {
    command.stdin(Stdio::null());
    let ran: Ran = run(command).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("{e}: {ran:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_installed_app_starts_from_its_menu_entry_and_tracks_time() {
    desktop::in_desktop_session();
    let entry = std::fs::read_to_string(ENTRY).unwrap_or_else(|e| {
        panic!("{ENTRY}: {e}; install the package first (make package-install)")
    });
    let exec = exec_line(&entry);
    let tray_program = on_path(&exec[0]);
    assert_eq!(
        tray_program,
        Path::new("/usr/bin/worktray"),
        "the entry starts {tray_program:?}"
    );
    let window_program = on_path("worktray-window");
    assert_eq!(window_program, Path::new("/usr/bin/worktray-window"));

    // The demo: the installed tray on its built-in simulator, signed in through OAuth2, with
    // no window yet, so that the window below is the one the menu entry opens.
    let sandbox = Sandbox::new();
    let log = sandbox.dir.path().join("tray.log");
    let file = std::fs::File::create(&log).expect("tray log");
    let child = installed(&tray_program, &sandbox)
        .args(["demo", "--no-window"])
        .stdin(Stdio::null())
        .stdout(file.try_clone().expect("log"))
        .stderr(file)
        .spawn()
        .expect("the installed worktray starts");
    let tray = Tray { child, log };
    wait_until(
        "the installed tray to sign in and listen",
        WINDOW_START,
        || tray.log_text().contains("signed in as") && sandbox.socket().exists(),
    )
    .await;
    let me = json_of({
        let mut c = installed(&tray_program, &sandbox);
        c.args(["whoami", "--json"]);
        c
    })
    .await;
    assert!(me.to_string().contains("alex.morgan@acme.example"), "{me}");

    // The menu entry, as the desktop runs it, with the tray already running: the window opens.
    let mut again = installed(&tray_program, &sandbox);
    again.args(&exec[1..]);
    let opened = run(again).await;
    assert_eq!(
        opened.code,
        Some(0),
        "the menu entry, started again: {opened:?}"
    );
    let tray_pid = tray.child.id();
    wait_until("the installed window to show", WINDOW_START, || {
        children_named(tray_pid, "worktray-window")
            .into_iter()
            .any(shows_window)
    })
    .await;
    let window_pid = children_named(tray_pid, "worktray-window")[0];
    let window_exe = std::fs::read_link(format!("/proc/{window_pid}/exe")).expect("window exe");
    assert_eq!(window_exe, window_program, "{}", tray.log_text());
    // Drawn, not merely mapped: the UI the window carries inside it (nothing is read from the
    // build tree) is on screen once its picture has more than the few colours of an empty frame.
    let shots = std::env::var_os("WORKTRAY_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| sandbox.dir.path().to_owned());
    let picture = shots.join("installed-window.png");
    let mut colours = 0;
    for _ in 0..60 {
        desktop::screenshot_window(&picture);
        colours = colours_in(&picture);
        if colours > 50 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(
        colours > 50,
        "the installed window stays blank ({colours} colours): {}",
        picture.display()
    );

    // Time tracked from the installed command line reaches the simulator and comes back.
    let cli = |args: &[&str]| {
        let mut command = installed(&tray_program, &sandbox);
        command.args(args);
        command
    };
    let started = json_of(cli(&["start", TASK_ID, "--json"])).await;
    assert!(started.to_string().contains(TASK_ID), "{started}");
    let mut on_server = Value::Null;
    for _ in 0..40 {
        on_server = json_of(cli(&["status", "--refresh", "--json"])).await;
        if on_server["timer"]["task"]["id"] == TASK_ID {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(
        on_server["timer"]["task"]["id"],
        TASK_ID,
        "Worksection's timer: {on_server}\n{}",
        tray.log_text()
    );
    let stopped = json_of(cli(&["stop", "--comment", "installed", "--json"])).await;
    assert!(
        stopped["queued"].is_null(),
        "the stop waits in the queue: {stopped}"
    );
    let entries = json_of(cli(&["entries", "--today", "--json"])).await;
    assert!(
        entries.to_string().contains("installed"),
        "today's entries: {entries}"
    );
    drop(tray);
}
