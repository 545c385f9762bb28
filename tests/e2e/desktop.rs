//! The throwaway desktop that `scripts/with-desktop.sh` provides, seen from a test: its
//! environment, the notifications that reach its notification daemon (observed on the bus with
//! `dbus-monitor` and in dunst's own history), and screenshots of its tray.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Fails unless the test runs inside `scripts/with-desktop.sh`.
pub fn in_desktop_session() {
    for name in [
        "WORKTRAY_DESKTOP_SESSION",
        "DISPLAY",
        "DBUS_SESSION_BUS_ADDRESS",
    ] {
        assert!(
            std::env::var_os(name).is_some(),
            "{name} is not set: run these tests through scripts/with-desktop.sh, which provides \
             an X display, a session bus, a notification daemon and a tray host \
             (`make test` does)"
        );
    }
}

/// The variables a desktop program needs from the session (the CLI helpers clear the rest).
pub fn session_env() -> Vec<(String, std::ffi::OsString)> {
    [
        "DISPLAY",
        "DBUS_SESSION_BUS_ADDRESS",
        "XDG_RUNTIME_DIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "NO_AT_BRIDGE",
    ]
    .into_iter()
    .filter_map(|name| std::env::var_os(name).map(|value| (name.to_owned(), value)))
    .collect()
}

/// One `Notify` call seen on the session bus.
#[derive(Debug, Clone)]
pub struct NotifyCall {
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// Its buttons, as (key, label): the call's `actions` array, read in pairs.
    pub actions: Vec<(String, String)>,
}

/// `dbus-monitor` watching `org.freedesktop.Notifications.Notify` calls, writing to a file.
pub struct NotifyMonitor {
    child: Child,
    log: PathBuf,
}

impl NotifyMonitor {
    /// Starts watching; returns once the monitor is attached to the bus.
    pub async fn start(log: &Path) -> NotifyMonitor {
        let file = std::fs::File::create(log).expect("monitor log");
        let child = Command::new("dbus-monitor")
            .args([
                "--session",
                "interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("log"))
            .stderr(file)
            .spawn()
            .expect("dbus-monitor runs (Debian package dbus-bin)");
        let monitor = NotifyMonitor {
            child,
            log: log.to_owned(),
        };
        // dbus-monitor drops its bus name once it has become a monitor.
        wait_until("dbus-monitor to attach", Duration::from_secs(5), || {
            monitor.text().contains("member=NameLost")
        })
        .await;
        monitor
    }

    fn text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Every `Notify` call so far, from dbus-monitor's listing of each call's arguments.
    pub fn calls(&self) -> Vec<NotifyCall> {
        let text = self.text();
        let mut calls = Vec::new();
        let mut call: Option<NotifyArguments> = None;
        for line in text.lines() {
            if line.starts_with(' ') {
                if let Some(call) = call.as_mut() {
                    call.read(line);
                }
                continue;
            }
            calls.extend(call.take().and_then(NotifyArguments::finish));
            if line.starts_with("method call") && line.contains("member=Notify") {
                call = Some(NotifyArguments::default());
            }
        }
        calls.extend(call.and_then(NotifyArguments::finish));
        calls
    }

    /// Waits for a `Notify` call with this summary.
    pub async fn wait_for(&self, summary: &str, limit: Duration) -> NotifyCall {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(call) = self.calls().into_iter().find(|c| c.summary == summary) {
                return call;
            }
            assert!(
                Instant::now() < deadline,
                "no notification {summary:?} on the session bus within {limit:?}; dbus-monitor \
                 saw:\n{}",
                self.text()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The arguments of one `Notify` call as dbus-monitor lists them, one a line indented by three
/// spaces, an array's items deeper until its closing `]`: the top-level strings are the app
/// name, icon, summary and body; the first array holds the actions, the second the hints.
#[derive(Default)]
struct NotifyArguments {
    strings: Vec<String>,
    arrays: usize,
    in_array: bool,
    actions: Vec<String>,
}

impl NotifyArguments {
    fn read(&mut self, line: &str) {
        match line
            .strip_prefix("   ")
            .filter(|rest| !rest.starts_with(' '))
        {
            Some("]") => self.in_array = false,
            Some(argument) if argument.starts_with("array [") => {
                self.arrays += 1;
                self.in_array = true;
            }
            Some(argument) => self.strings.extend(string_value(argument)),
            None if self.in_array && self.arrays == 1 => {
                self.actions.extend(string_value(line.trim()));
            }
            None => {}
        }
    }

    fn finish(self) -> Option<NotifyCall> {
        let mut strings = self.strings.into_iter();
        let app_name = strings.next()?;
        let _icon = strings.next()?;
        let summary = strings.next()?;
        let body = strings.next().unwrap_or_default();
        let actions = self
            .actions
            .chunks_exact(2)
            .map(|pair| (pair[0].clone(), pair[1].clone()))
            .collect();
        Some(NotifyCall {
            app_name,
            summary,
            body,
            actions,
        })
    }
}

/// The text of a `string "…"` line.
fn string_value(line: &str) -> Option<String> {
    let value = line.strip_prefix("string \"")?;
    Some(value.strip_suffix('"').unwrap_or(value).to_owned())
}

impl Drop for NotifyMonitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dunstctl(args: &[&str]) -> String {
    let output = Command::new("dunstctl")
        .args(args)
        .output()
        .expect("dunstctl runs (Debian package dunst)");
    assert!(
        output.status.success(),
        "dunstctl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// How many notifications dunst shows right now.
pub fn notifications_displayed() -> u32 {
    dunstctl(&["count", "displayed"])
        .trim()
        .parse()
        .expect("a count")
}

/// Closes every notification on screen; dunst moves them to its history.
pub fn close_notifications() {
    dunstctl(&["close-all"]);
}

/// Dunst's history, newest first: (app name, summary, body).
pub fn notification_history() -> Vec<(String, String, String)> {
    let history: Value = serde_json::from_str(&dunstctl(&["history"])).expect("history JSON");
    let field = |entry: &Value, name: &str| entry[name]["data"].as_str().unwrap_or("").to_owned();
    history["data"]
        .as_array()
        .and_then(|outer| outer.first())
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|entry| {
            (
                field(entry, "appname"),
                field(entry, "summary"),
                field(entry, "body"),
            )
        })
        .collect()
}

/// Clicks the tray icon in the session's tray host and saves a PNG of the open menu at `out`
/// (see `tests/e2e/tray-menu.sh`). Returns the script's report.
pub fn screenshot_tray_menu(out: &Path) -> String {
    assert!(
        std::env::var_os("WORKTRAY_TRAY_HOST").is_some(),
        "no tray host in this desktop: scripts/with-desktop.sh starts `trayer` when it is \
         installed (Debian package trayer, in scripts/install-deps.sh)"
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/tray-menu.sh");
    let output = Command::new("bash")
        .arg(&script)
        .arg(out)
        .output()
        .expect("tray-menu.sh runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "tray-menu.sh failed:\n{report}");
    report
}

/// Polls `ready` every 50 ms until it holds, failing after `limit`.
pub async fn wait_until(what: &str, limit: Duration, ready: impl FnMut() -> bool) {
    if let Err(error) = try_wait_until(what, limit, ready).await {
        panic!("{error}");
    }
}

/// Polls `ready` every 50 ms until it holds; after `limit`, says what it waited for.
pub async fn try_wait_until(
    what: &str,
    limit: Duration,
    mut ready: impl FnMut() -> bool,
) -> Result<(), String> {
    let deadline = Instant::now() + limit;
    while !ready() {
        if Instant::now() >= deadline {
            return Err(format!("timed out after {limit:?} waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// The live (not yet exited, not a zombie) children of `parent` whose name is `name`.
pub fn children_named(parent: u32, name: &str) -> Vec<u32> {
    children(parent, name, false)
}

/// Whether every child of `parent` named `name` has ended and been reaped by it.
pub fn all_reaped(parent: u32, name: &str) -> bool {
    children(parent, name, true).is_empty()
}

fn children(parent: u32, name: &str, with_zombies: bool) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| {
            process_stat(pid).is_some_and(|(comm, state, ppid)| {
                comm == name && (with_zombies || state != "Z") && ppid == parent
            })
        })
        .collect()
}

/// Whether `pid` still runs (a zombie has ended: only its exit status is left).
pub fn is_running(pid: u32) -> bool {
    process_stat(pid).is_some_and(|(_, state, _)| state != "Z")
}

/// Whether `pid` has ended and its parent has reaped it: only then does a parent that waits
/// for its child (the daemon for its window) know that it is gone.
pub fn is_reaped(pid: u32) -> bool {
    process_stat(pid).is_none()
}

/// (name, state, parent pid) from /proc/PID/stat.
fn process_stat(pid: u32) -> Option<(String, String, u32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (open, close) = (text.find('(')?, text.rfind(')')?);
    let mut fields = text[close + 1..].split_whitespace();
    let state = fields.next()?.to_owned();
    let ppid = fields.next()?.parse().ok()?;
    Some((text[open + 1..close].to_owned(), state, ppid))
}

/// Whether process `pid` shows a window on the display (a mapped top-level window).
pub fn shows_window(pid: u32) -> bool {
    Command::new("xdotool")
        .args(["search", "--onlyvisible", "--pid", &pid.to_string()])
        .output()
        .is_ok_and(|output| !output.stdout.trim_ascii().is_empty())
}

/// Saves a PNG of the shown window named Worktray at `out`, as the X server shows it.
/// WebDriver's own screenshot cannot serve: for this window it never returns (seen with each of
/// the engine switches of `src-tauri/window/webkit.rs`, and with none of them it does).
pub fn screenshot_window(out: &Path) {
    let found = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Worktray$"])
        .output()
        .expect("xdotool runs");
    let listed = String::from_utf8_lossy(&found.stdout);
    let window = listed
        .split_whitespace()
        .next()
        .unwrap_or_else(|| panic!("no shown window named Worktray to take a picture of"));
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).expect("screenshot directory");
    }
    let status = Command::new("/usr/bin/import")
        .args(["-window", window])
        .arg(out)
        .status()
        .expect("ImageMagick's import runs");
    assert!(status.success(), "import -window {window} failed");
}

/// What a window manager sends when the user clicks a window's close button
/// (WM_DELETE_WINDOW), to every shown top-level window of `pid`, by `scripts/xwin.py`.
pub fn request_close(pid: u32) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/xwin.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(["close", &pid.to_string()])
        .output()
        .expect("python3 runs scripts/xwin.py");
    assert!(
        output.status.success(),
        "cannot ask the window of {pid} to close:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Presses `keys` (xdotool's names, e.g. `ctrl+alt+t`) on the display, as a user does.
pub fn press(keys: &str) {
    let status = Command::new("xdotool")
        .args(["key", keys])
        .status()
        .expect("xdotool runs");
    assert!(status.success(), "xdotool key {keys} failed");
}

/// Moves the pointer to (`x`, `y`) on the display through XTest, as a person's mouse does: the
/// X server counts it as input (its idle time starts again from zero).
pub fn move_pointer(x: u32, y: u32) {
    let status = Command::new("xdotool")
        .args(["mousemove", &x.to_string(), &y.to_string()])
        .status()
        .expect("xdotool runs");
    assert!(status.success(), "xdotool mousemove {x} {y} failed");
}
