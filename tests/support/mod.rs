//! Shared helpers for the integration tests: locating the built programs, a private data
//! directory and socket per test, a simulator on loopback, and running the CLI.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use worktray_sim::{LoggedRequest, Seed, SimConfig, Simulator};

/// A program built by `cargo build --workspace --bins` (the Makefile does it before the tests).
pub fn program(name: &str) -> PathBuf {
    // Test executables live in target/<profile>/deps; the programs one level up.
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let path = profile_dir.join(name);
    assert!(
        path.exists(),
        "{} is not built: run `cargo build --workspace --bins` (make test does)",
        path.display()
    );
    path
}

/// A temporary home for one test: its own data directory and daemon socket, so tests never
/// meet each other's daemon or request-gate lock, nor the user's.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("worktray.sock")
    }

    /// A `worktray` command with this sandbox's environment and the simulator's credentials.
    pub fn worktray(&self, sim: &Simulator) -> Command {
        let mut command = Command::new(program("worktray"));
        self.environment(sim, &mut command);
        command
    }

    /// Gives `command` (`worktray`, or a wrapper that starts it) this sandbox's environment and
    /// the simulator's credentials, and nothing else of the test's environment.
    pub fn environment(&self, sim: &Simulator, command: &mut Command) {
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("WORKTRAY_DATA_DIR", self.data_dir())
            .env("WORKTRAY_SOCKET", self.socket())
            .env("WORKTRAY_ACCOUNT_URL", sim.account_url())
            .env("WORKTRAY_ACCESS_TOKEN", sim.demo_access_token());
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

/// The demo account on a fresh simulator bound to a free loopback port.
pub async fn demo_simulator() -> Simulator {
    let config = SimConfig {
        seed: Seed::Demo,
        ..SimConfig::default()
    };
    Simulator::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config)
        .await
        .expect("simulator starts")
}

/// Output as text, for assertions and failure messages.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Ran {
    fn from(output: Output) -> Self {
        Ran {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl std::fmt::Debug for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs a command to completion off the async runtime (the simulator keeps serving).
pub async fn run(mut command: Command) -> Ran {
    tokio::task::spawn_blocking(move || command.output().expect("program runs").into())
        .await
        .expect("join")
}

/// How a command went that had a deadline.
pub struct Timed {
    pub ran: Ran,
    pub took: Duration,
    /// The deadline passed and the command was killed.
    pub killed: bool,
}

/// Runs a command off the async runtime, killing it if it is still running after `deadline`:
/// for commands that must answer in time, so that a hang fails the test instead of stalling it.
pub async fn run_within(mut command: Command, deadline: Duration) -> Timed {
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("program starts");
        let mut killed = false;
        while child.try_wait().expect("child status").is_none() {
            if started.elapsed() > deadline {
                let _ = child.kill();
                killed = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let output = child.wait_with_output().expect("program output");
        Timed {
            took: started.elapsed(),
            ran: output.into(),
            killed,
        }
    })
    .await
    .expect("join")
}

/// A clock time `HH:MM:SS` in `text` after `marker` ("next try at "), as seconds from now
/// (local time, across midnight too): where a message says the app will try again.
pub fn seconds_until_clock_time_after(text: &str, marker: &str) -> Option<i64> {
    let at = text.find(marker)? + marker.len();
    let clock = chrono::NaiveTime::parse_from_str(text.get(at..at + 8)?, "%H:%M:%S").ok()?;
    let now = chrono::Local::now().time();
    let mut seconds = (clock - now).num_seconds();
    if seconds < -12 * 3600 {
        seconds += 24 * 3600;
    } else if seconds > 12 * 3600 {
        seconds -= 24 * 3600;
    }
    Some(seconds)
}

/// The project of each task in `worktray tasks --json` output, in order.
pub fn projects_of(tasks: &serde_json::Value) -> Vec<&str> {
    tasks
        .as_array()
        .expect("a list of tasks")
        .iter()
        .filter_map(|task| task["project"].as_str())
        .collect()
}

/// API requests (not OAuth2 ones) in the order they arrived.
pub fn api_requests(sim: &Simulator) -> Vec<LoggedRequest> {
    sim.request_log()
        .into_iter()
        .filter(|r| r.action.is_some())
        .collect()
}

/// The shortest gap between two consecutive requests, in milliseconds.
pub fn smallest_gap_ms(requests: &[LoggedRequest]) -> Option<i64> {
    requests
        .windows(2)
        .map(|pair| pair[1].at_unix_ms - pair[0].at_unix_ms)
        .min()
}
