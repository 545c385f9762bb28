//! Shared helpers for the integration tests: locating the built programs, a private data
//! directory and socket per test, a simulator on loopback, and running the CLI.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tokio::sync::oneshot;
use url::Url;
use worktray_core::api::{
    http_client_with_timeout, ApiClient, CostAmount, CostChange, CostFilter, FixedToken, NewCost,
    ScheduleMark, TaskSearch,
};
use worktray_core::auth::oauth::DEFAULT_SCOPES;
use worktray_core::auth::{login, MemoryStore, OAuthApp, OAuthSession};
use worktray_core::db::Database;
use worktray_core::gate::RequestGate;
use worktray_core::outbox::Outbox;
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_sim::{Faults, LoggedRequest, OAuthClient, Seed, SimConfig, Simulator, TokenPlace};

pub mod desktop_bus;

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
    /// The session and system bus addresses of a fake desktop, when the test has one.
    buses: Option<(String, String)>,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
            buses: None,
        }
    }

    /// A sandbox whose programs see `desktop`'s buses as their session and system buses.
    pub fn on_desktop(desktop: &desktop_bus::FakeDesktop) -> Sandbox {
        Sandbox::with_buses(desktop.session_address(), desktop.system_address())
    }

    /// A sandbox whose programs see these bus addresses.
    pub fn with_buses(session: &str, system: &str) -> Sandbox {
        Sandbox {
            buses: Some((session.to_owned(), system.to_owned())),
            ..Sandbox::new()
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

    /// Gives `command` this sandbox's home, data directory and socket, the test's `PATH`, and
    /// nothing else of the test's environment.
    pub fn private_home(&self, command: &mut Command) {
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("WORKTRAY_DATA_DIR", self.data_dir())
            .env("WORKTRAY_SOCKET", self.socket());
    }

    /// Gives `command` (`worktray`, or a wrapper that starts it) this sandbox's environment and
    /// the simulator's credentials, and nothing else of the test's environment.
    pub fn environment(&self, sim: &Simulator, command: &mut Command) {
        self.private_home(command);
        command
            .env("WORKTRAY_ACCOUNT_URL", sim.account_url())
            .env("WORKTRAY_ACCESS_TOKEN", sim.demo_access_token());
        // Without a fake desktop the buses are named, and absent: D-Bus clients would
        // otherwise find the developer's own in their standard places.
        let nowhere = || format!("unix:path={}", self.dir.path().join("no-bus").display());
        let (session, system) = self.buses.clone().unwrap_or_else(|| (nowhere(), nowhere()));
        command
            .env("DBUS_SESSION_BUS_ADDRESS", session)
            .env("DBUS_SYSTEM_BUS_ADDRESS", system);
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

/// The demo account on a fresh simulator that answers requests however close together, for
/// tests that send many through [`api_client`].
pub async fn unlimited_demo_simulator() -> Simulator {
    let config = SimConfig {
        seed: Seed::Demo,
        enforce_rate_limit: false,
        ..SimConfig::default()
    };
    Simulator::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config)
        .await
        .expect("simulator starts")
}

/// The core's API client as the demo user, its gate without spacing: for a simulator from
/// [`unlimited_demo_simulator`] (Worksection itself needs the gate's one request a second).
pub fn api_client(sim: &Simulator) -> ApiClient {
    ApiClient::new(
        worktray_core::api::http_client().expect("http"),
        &sim.account_url(),
        Arc::new(FixedToken(Secret::new(sim.demo_access_token()))),
        RequestGate::with_spacing(Duration::ZERO),
    )
    .expect("client")
}

/// Every typed call of the core's [`ApiClient`] once, as the demo user: profile, timer, tasks,
/// projects, entries added, changed and deleted, days off read and written.
pub async fn call_every_action(api: &ApiClient) {
    let me = api.me().await.expect("me");
    let tasks = api.my_open_tasks(&me.email).await.expect("my tasks");
    let task = tasks
        .first()
        .expect("the demo user has open tasks")
        .id
        .clone();
    let project = tasks[0].project.as_ref().expect("project").id.clone();
    let today = chrono::Local::now().date_naive();
    // Some calls are refused by the simulator's data (a project option, say); what matters
    // here is what was sent, so their outcome is ignored.
    let _ = api.my_timer().await;
    let _ = api.start_my_timer(&task).await;
    let _ = api.stop_my_timer(Some("fixture check")).await;
    let _ = api.start_my_timer(&task).await;
    let _ = api.delete_my_timer().await;
    let _ = api.projects(Some("active"), true).await;
    let _ = api.task(&task).await;
    let _ = api
        .search_tasks(&TaskSearch {
            filter: Some("name has 'a'".into()),
            project: Some(project.clone()),
            ..Default::default()
        })
        .await;
    let filter = CostFilter {
        from: Some(today - chrono::Duration::days(7)),
        to: Some(today),
        project: Some(project),
        task: Some(task.clone()),
        timer_rows: Some(false),
    };
    let _ = api.costs(&filter).await;
    let added = api
        .add_costs(&NewCost {
            task: task.clone(),
            amount: CostAmount::TimeAndMoney {
                minutes: 30,
                amount: "10.00".into(),
            },
            comment: Some("c".into()),
            date: Some(today),
        })
        .await;
    if let Ok(id) = added {
        let _ = api
            .update_costs(
                &id,
                &CostChange {
                    amount: Some(CostAmount::TimeAtMyRate { minutes: 45 }),
                    comment: Some("d".into()),
                    date: Some(today),
                },
            )
            .await;
        let _ = api.delete_costs(&id).await;
    }
    let _ = api
        .users_schedule(
            std::slice::from_ref(&me.email),
            today,
            today + chrono::Duration::days(30),
        )
        .await;
    let day = NaiveDate::from_ymd_opt(2030, 1, 7).expect("date");
    let _ = api
        .update_users_schedule(&BTreeMap::from([(
            me.email.clone(),
            BTreeMap::from([(day, ScheduleMark::Vacation)]),
        )]))
        .await;
}

/// The requests that carried an access token anywhere but the `Authorization` header (in the
/// URL, say), or none at all, described for a failure message.
pub fn tokens_not_in_the_header(log: &[LoggedRequest]) -> Vec<String> {
    log.iter()
        .filter(|request| request.token_in != [TokenPlace::Header])
        .map(|request| {
            format!(
                "{} {}: token in {:?}",
                request.path,
                request.action.as_deref().unwrap_or_default(),
                request.token_in
            )
        })
        .collect()
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

/// Signs in through the simulator's OAuth2 (so an expired token can be renewed mid-queue),
/// with a short HTTP timeout and a fast gate (the simulator's rate limit is off here).
pub async fn signed_in_tracker(sim: &Simulator, dir: &tempfile::TempDir) -> Tracker {
    // The port was free a moment ago; a test signing in beside this one may have picked the
    // same one since (a fault suite signs in dozens of times at once). Another port then.
    for _ in 0..5 {
        match sign_in_on_a_free_port(sim, dir).await {
            Err(worktray_core::Error::Store(worktray_core::StoreError::Io { source, .. }))
                if source.kind() == std::io::ErrorKind::AddrInUse => {}
            signed_in => return signed_in.expect("signed in"),
        }
    }
    panic!("no free port for the sign-in's callback in five tries");
}

async fn sign_in_on_a_free_port(
    sim: &Simulator,
    dir: &tempfile::TempDir,
) -> worktray_core::Result<Tracker> {
    let port = worktray_sim::free_loopback_port().expect("a free port");
    let client = OAuthClient {
        client_id: "faults".into(),
        client_secret: "faults-secret".into(),
        redirect_uri: format!("http://127.0.0.1:{port}/callback"),
    };
    sim.register_client(client.clone());
    let app = OAuthApp::new(
        &sim.base_url(),
        &client.client_id,
        Secret::new(client.client_secret),
        &client.redirect_uri,
        DEFAULT_SCOPES,
    )
    .expect("app");
    let http = http_client_with_timeout(Duration::from_secs(1)).expect("http");
    let gate = RequestGate::with_spacing(Duration::from_millis(5));
    let (url_tx, url_rx) = oneshot::channel::<Url>();
    let browser = http.clone();
    // The browser: it follows the sign-in page to the callback, once there is one to follow
    // (a sign-in that could not listen sends none).
    tokio::spawn(async move {
        let Ok(url) = url_rx.await else { return };
        let answer = browser.get(url).send().await.expect("authorize");
        let location = answer.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        browser.get(location).send().await.expect("callback");
    });
    let tokens = login::authorize(
        &app,
        &http,
        &gate,
        dir.path(),
        move |url| url_tx.send(url.clone()).expect("send"),
        None,
    )
    .await?;
    let session = OAuthSession::new(
        app,
        &tokens,
        http.clone(),
        gate.clone(),
        Arc::new(MemoryStore::default()),
        dir.path().to_path_buf(),
    );
    let api =
        ApiClient::new(http, tokens.account_url.as_ref(), Arc::new(session), gate).expect("api");
    let tracker = Tracker::signed_in(api);
    tracker.use_outbox(Outbox::new(Database::in_data_dir(dir.path()).expect("db")));
    Ok(tracker)
}

/// A `worktray daemon` of a sandbox, killed when dropped.
pub struct Daemon(Child);

impl Daemon {
    pub fn pid(&self) -> u32 {
        self.0.id()
    }

    /// Ends the daemon as a crash would: SIGKILL, nothing cleaned up.
    pub fn kill_9(mut self) {
        self.0.kill().expect("SIGKILL");
        let _ = self.0.wait();
    }

    /// How the daemon ended, if it did within `deadline`.
    pub async fn exit_within(&mut self, deadline: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + deadline;
        while Instant::now() < until {
            if let Some(status) = self.0.try_wait().expect("the daemon's status") {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Three moments for a `kill -9` during a write, each with how long after the write to kill:
/// before any attempt (offline), while the request is on its way (applied after the kill: the
/// answer never comes), and after the server applied it but before the answer.
pub fn kill_moments() -> [(Faults, Duration); 3] {
    [
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
            Duration::from_millis(1500),
        ),
        (
            Faults {
                drop_after_apply_next: 1,
                ..Faults::default()
            },
            Duration::from_millis(1500),
        ),
    ]
}

pub fn start_daemon(sandbox: &Sandbox, sim: &Simulator) -> Daemon {
    let mut command = Command::new(program("worktray"));
    command.args(["daemon", "--no-window"]);
    start_daemon_as(sandbox, sim, command)
}

/// [`start_daemon`] with `command`, which starts `worktray daemon --no-window` through a
/// wrapper (`prlimit`, say).
pub fn start_daemon_as(sandbox: &Sandbox, sim: &Simulator, mut command: Command) -> Daemon {
    let _ = std::fs::remove_file(sandbox.socket());
    // What the caller set wins over the sandbox's environment, which starts from nothing.
    let given: Vec<_> = command
        .get_envs()
        .filter_map(|(name, value)| Some((name.to_owned(), value?.to_owned())))
        .collect();
    sandbox.environment(sim, &mut command);
    command
        .env("WORKTRAY_WINDOW_BIN", "/bin/true")
        .envs(given)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    Daemon(command.spawn().expect("daemon starts"))
}

/// Runs `worktray sync --json` (through the daemon, when one runs) until nothing is pending;
/// nothing may be refused.
pub async fn drain_with_cli(sandbox: &Sandbox, sim: &Simulator) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let mut sync = sandbox.worktray(sim);
        sync.args(["sync", "--json"]);
        let ran = run(sync).await;
        let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap_or_default();
        if ran.code == Some(0) && report["pending"] == 0 {
            assert_eq!(
                report["parked"],
                serde_json::json!([]),
                "nothing is refused: {ran:?}"
            );
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the queue did not drain: {ran:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Waits until `done` holds, at most `within`, looking every 50 ms; fails naming `what`. For
/// what the daemon confirms after it answered (a start answered from what it knows).
pub async fn wait_until(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn wait_for_socket(sandbox: &Sandbox) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !sandbox.socket().exists() {
        assert!(Instant::now() < deadline, "daemon socket");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Now, in unix seconds, as the daemon counts its moments.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The id of the simulator's newest cost row: rows after it are the test's.
pub fn last_cost(sim: &Simulator) -> u64 {
    sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter_map(|row| row["id"].as_u64())
        .max()
        .unwrap_or(0)
}

/// Polls of the timer: a restarted daemon has polled once it asked for the timer (its task
/// list may come from its local cache, without a request).
pub fn timer_polls(sim: &Simulator) -> usize {
    sim.request_log()
        .iter()
        .filter(|r| r.action.as_deref() == Some("get_my_timer"))
        .count()
}

/// A simulator of the demo account without its rate limit and with sign-ins approved at once:
/// the fault suites inject their own "Too many requests".
pub async fn fast_simulator() -> Simulator {
    let config = SimConfig {
        seed: Seed::Demo,
        enforce_rate_limit: false,
        auto_approve: true,
        ..SimConfig::default()
    };
    Simulator::start((Ipv4Addr::LOCALHOST, 0).into(), config)
        .await
        .expect("simulator")
}

/// Syncs until nothing is pending; nothing may be refused, now or by an earlier sync (a
/// refused row stays in the queue for the user to fix).
pub async fn drain(tracker: &Tracker) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let report = tracker.sync().await.expect("sync");
        if report.pending == 0 {
            assert!(report.parked.is_empty(), "nothing is refused: {report:?}");
            let left = tracker.outbox().expect("outbox").list().expect("queue");
            assert!(left.is_empty(), "nothing was refused: {left:?}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the queue did not drain: {report:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Requests that met an injected fault, as the simulator logged them.
pub fn injected_faults(sim: &Simulator) -> usize {
    sim.request_log()
        .iter()
        .filter(|r| {
            r.outcome.contains("injected") || r.outcome.starts_with("hung up") || r.status == 401
        })
        .count()
}

/// The faults of round `round` of a fault suite: lost answers, 5xx, "Too many requests" (as a
/// 200 body, and as a storm of 429s once in sixteen rounds), timeouts, expired tokens, no
/// network.
pub fn faults_of_round(sim: &Simulator, round: u32) -> Faults {
    match round % 8 {
        0 => Faults {
            drop_after_apply_next: 1 + round % 3,
            ..Faults::default()
        },
        1 => Faults {
            fail_5xx_next: 1 + round % 2,
            ..Faults::default()
        },
        2 => Faults {
            too_many_requests_next: 1,
            too_many_as_429: false,
            ..Faults::default()
        },
        // A storm of 429s backs every request off for seconds: one round in sixteen.
        3 if round % 16 == 3 => Faults {
            too_many_requests_next: 2,
            too_many_as_429: true,
            ..Faults::default()
        },
        // Longer than the client's timeout: the answer never comes in time.
        4 => Faults {
            latency_ms: 1300,
            ..Faults::default()
        },
        5 => {
            sim.expire_tokens_now();
            Faults::default()
        }
        6 => Faults {
            offline: true,
            ..Faults::default()
        },
        _ => Faults {
            drop_after_apply_next: 2,
            fail_5xx_next: 1,
            ..Faults::default()
        },
    }
}
