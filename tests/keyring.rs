//! Sign-in with a real OS keyring (Secret Service), from a terminal, as the README describes.
//! Run through `scripts/with-keyring.sh` (`make test` does): a private D-Bus session with an
//! unlocked gnome-keyring-daemon. Also: with no Secret Service, the CLI and the daemon say so
//! plainly and write no secret anywhere; two commands whose token expired refresh once and
//! both stay signed in; a damaged account file is named and `worktray login` replaces it; and
//! the browser opener gets no secret in its environment. And the first run from the window
//! alone (WebDriver): typed into the sign-in form, approved in the browser, signed in; which
//! needs a display too (`make test` runs this file inside `scripts/with-desktop.sh`).

// The window's WebDriver client and the desktop helpers of the end-to-end tests, for the
// sign-in from the window; this file needs only part of them.
#[allow(dead_code)]
#[path = "e2e/desktop.rs"]
mod desktop;
#[allow(dead_code)]
#[path = "e2e/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader, Write};
use std::net::Ipv4Addr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use worktray_core::auth::oauth::DEFAULT_SCOPES;
use worktray_core::auth::{KeyringStore, SecretName, SecretStore};
use worktray_core::ipc::{DaemonClient, Profile, TrayRequest, TypedSecret};
use worktray_core::secret::Secret;
use worktray_core::ErrorCode;
use worktray_sim::{OAuthClient, Seed, SimConfig, Simulator};
use worktray_tests::{program, run, Ran, Sandbox};

fn in_keyring_session() {
    assert!(
        std::env::var_os("WORKTRAY_KEYRING_SESSION").is_some() && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run these tests through scripts/with-keyring.sh (make test does), which provides a real Secret Service"
    );
}

/// `worktray` with a private data directory and socket, the session bus, and no token in the
/// environment: what a user's terminal has.
fn worktray(sandbox: &Sandbox, sim: &Simulator) -> Command {
    let mut command = Command::new(program("worktray"));
    sandbox.private_home(&mut command);
    command.env("WORKTRAY_AUTH_URL", sim.base_url());
    for name in [
        "DBUS_SESSION_BUS_ADDRESS",
        "XDG_RUNTIME_DIR",
        "XDG_DATA_HOME",
    ] {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    command
}

fn secret_tool(user: &str) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", "worktray", "username", user])
        .output()
        .expect("secret-tool runs");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
        .filter(|s| !s.is_empty())
}

fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path)
            .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
        {
            found.push(path.display().to_string());
        }
    }
    found
}

async fn simulator() -> (Simulator, OAuthClient) {
    let config = SimConfig {
        seed: Seed::Demo,
        auto_approve: true,
        ..SimConfig::default()
    };
    let sim = Simulator::start((Ipv4Addr::LOCALHOST, 0).into(), config)
        .await
        .expect("simulator");
    let port = worktray_sim::free_loopback_port().expect("a free port");
    let client = OAuthClient {
        client_id: "keyring-test".into(),
        client_secret: "fixture-client-secret-7f3a".into(),
        redirect_uri: format!("https://localhost:{port}/callback"),
    };
    sim.register_client(client.clone());
    (sim, client)
}

#[test]
fn secrets_round_trip_through_the_real_secret_service() {
    in_keyring_session();
    let store = KeyringStore::new();
    store.check().expect("the Secret Service answers");
    let token = Secret::new(format!("eyJ{}", "a".repeat(1000)));
    for name in SecretName::ALL {
        store.write(name, &token).expect("stored");
    }
    assert_eq!(
        store.read(SecretName::AccessToken).expect("read"),
        Some(token.clone())
    );
    // Another process (as another Worktray process would) reads the same entry.
    assert_eq!(
        secret_tool("refresh-token").as_deref(),
        Some(token.expose())
    );
    for name in SecretName::ALL {
        store.delete(name).expect("deleted");
        assert_eq!(store.read(name).expect("read"), None);
    }
    assert_eq!(secret_tool("access-token"), None);
}

/// The user's browser on the authorize page `url`: approve, then land on the app's HTTPS
/// callback, accepting its self-signed certificate.
async fn approve(url: &str) {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .danger_accept_invalid_certs(true)
        .build()
        .expect("browser");
    let approved = browser.get(url).send().await.expect("authorize");
    let callback = approved.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let page = browser
        .get(&callback)
        .send()
        .await
        .expect("callback")
        .text()
        .await
        .expect("page");
    assert!(page.contains("You can close this tab"), "{page}");
}

/// `worktray login --no-browser` as a user runs it, with the browser's part scripted; `adjust`
/// changes the environment (another keyring). Returns the login's stdout and stderr.
async fn sign_in_from_a_terminal(
    sandbox: &Sandbox,
    sim: &Simulator,
    client: &OAuthClient,
    adjust: impl Fn(&mut Command),
) -> (String, String) {
    let mut login = worktray(sandbox, sim);
    adjust(&mut login);
    login
        .args([
            "login",
            "--no-browser",
            "--client-id",
            &client.client_id,
            "--redirect-uri",
            &client.redirect_uri,
        ])
        .env("WORKTRAY_CLIENT_SECRET", &client.client_secret);
    finish_sign_in(login, sim).await
}

/// Runs a `worktray login --no-browser` command to the end, the browser's part scripted.
async fn finish_sign_in(mut login: Command, sim: &Simulator) -> (String, String) {
    login
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = login.spawn().expect("login starts");
    let stdout = child.stdout.take().expect("stdout");
    let authorize_url = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let url = lines.next().expect("a line").expect("text");
        (url, lines)
    });
    let (url, rest) = authorize_url.await.expect("join");
    assert!(
        url.starts_with(&format!("{}/oauth2/authorize?", sim.base_url())),
        "{url}"
    );
    approve(&url).await;
    let finished = tokio::task::spawn_blocking(move || {
        let rest: Vec<String> = rest.map_while(Result::ok).collect();
        let output = child.wait_with_output().expect("login ends");
        (
            output.status.code(),
            rest.join("\n"),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    });
    let (code, out, err) = finished.await.expect("join");
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(
        out.starts_with("Signed in as Alex Morgan <alex.morgan@acme.example> on "),
        "{out}"
    );
    (out, err)
}

#[tokio::test(flavor = "multi_thread")]
async fn login_whoami_logout_from_a_terminal() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    let (out, err) = sign_in_from_a_terminal(&sandbox, &sim, &client, |_| {}).await;

    let access = secret_tool("access-token").expect("the access token is in the keyring");
    let refresh = secret_tool("refresh-token").expect("the refresh token is in the keyring");
    assert_eq!(
        secret_tool("client-secret").as_deref(),
        Some(client.client_secret.as_str())
    );
    for secret in [&access, &refresh, &client.client_secret] {
        assert!(
            files_containing(sandbox.dir.path(), secret).is_empty(),
            "a secret reached a file"
        );
        assert!(
            !out.contains(secret.as_str()) && !err.contains(secret.as_str()),
            "a secret reached the output"
        );
    }

    let whoami = cli(&sandbox, &sim, &["whoami"], |_| {}).await;
    assert_eq!(whoami.code, Some(0), "{whoami:?}");
    assert!(
        whoami
            .stdout
            .starts_with("Alex Morgan <alex.morgan@acme.example> (user) on "),
        "{whoami:?}"
    );

    let logout = cli(&sandbox, &sim, &["logout"], |_| {}).await;
    assert_eq!(logout.code, Some(0), "{logout:?}");
    for user in ["access-token", "refresh-token", "client-secret"] {
        assert_eq!(secret_tool(user), None, "{user} left in the keyring");
    }
    let whoami = cli(&sandbox, &sim, &["whoami"], |_| {}).await;
    assert_eq!(whoami.code, Some(1), "{whoami:?}");
    assert!(
        whoami.stderr.contains("not signed in") && whoami.stderr.contains("`worktray login`"),
        "{whoami:?}"
    );
}

/// An admin exports the team config; a user imports it and signs in without typing a client
/// id or secret. A file that is not a team config changes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_team_config_from_the_admin_signs_a_user_in_without_typing() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let admin = Sandbox::new();
    sign_in_from_a_terminal(&admin, &sim, &client, |_| {}).await;
    let shared = admin.dir.path().join("worktray-team.json");
    let export = cli(
        &admin,
        &sim,
        &["team", "export", "--output", shared.to_str().unwrap()],
        |_| {},
    )
    .await;
    assert_eq!(export.code, Some(0), "{export:?}");
    let without = std::fs::read_to_string(&shared).expect("the team file");
    assert!(!without.contains(&client.client_secret), "{without}");
    // Written over a file others may read: the secret must not land in it as it is.
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let export = cli(
        &admin,
        &sim,
        &[
            "team",
            "export",
            "--with-secret",
            "--output",
            shared.to_str().unwrap(),
        ],
        |_| {},
    )
    .await;
    assert_eq!(export.code, Some(0), "{export:?}");
    assert!(
        export.stdout.contains("It holds the client secret"),
        "{export:?}"
    );
    let mode = std::fs::metadata(&shared)
        .expect("file")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(
        mode, 0o600,
        "a team file with the secret is readable by others"
    );
    let logout = cli(&admin, &sim, &["logout"], |_| {}).await;
    assert_eq!(logout.code, Some(0), "{logout:?}");

    // A user with nothing set up: a foreign file first.
    let user = Sandbox::new();
    let foreign = user.dir.path().join("package.json");
    std::fs::write(&foreign, "{\"name\": \"something else\"}").expect("foreign file");
    let refused = cli(
        &user,
        &sim,
        &["team", "import", foreign.to_str().unwrap()],
        |_| {},
    )
    .await;
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(
        refused.stderr.contains("is not a Worktray team file"),
        "{refused:?}"
    );
    assert!(
        !user.data_dir().join("account.json").exists(),
        "a refused file changed the settings"
    );
    assert_eq!(secret_tool("client-secret"), None);

    let imported = cli(
        &user,
        &sim,
        &["team", "import", shared.to_str().unwrap()],
        |_| {},
    )
    .await;
    assert_eq!(imported.code, Some(0), "{imported:?}");
    assert!(imported.stdout.contains(&client.client_id), "{imported:?}");
    assert!(
        imported
            .stdout
            .contains("The client secret is in your keyring"),
        "{imported:?}"
    );
    assert_eq!(
        secret_tool("client-secret").as_deref(),
        Some(client.client_secret.as_str())
    );
    assert!(files_containing(user.dir.path(), &client.client_secret).is_empty());

    let mut login = worktray(&user, &sim);
    login.args(["login", "--no-browser"]);
    finish_sign_in(login, &sim).await;
    let whoami = cli(&user, &sim, &["whoami"], |_| {}).await;
    assert_eq!(whoami.code, Some(0), "{whoami:?}");
    let again = cli(
        &user,
        &sim,
        &["team", "import", shared.to_str().unwrap()],
        |_| {},
    )
    .await;
    assert_eq!(again.code, Some(1), "{again:?}");
    assert!(again.stderr.contains("sign out first"), "{again:?}");
    let logout = cli(&user, &sim, &["logout"], |_| {}).await;
    assert_eq!(logout.code, Some(0), "{logout:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_secret_service_nothing_is_stored_and_the_user_is_told() {
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    let no_bus = |command: &mut Command| {
        command.env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/no-bus", sandbox.dir.path().display()),
        );
    };
    let login = run({
        let mut c = worktray(&sandbox, &sim);
        no_bus(&mut c);
        c.args([
            "login",
            "--no-browser",
            "--client-id",
            &client.client_id,
            "--redirect-uri",
            &client.redirect_uri,
        ])
        .env("WORKTRAY_CLIENT_SECRET", &client.client_secret)
        .stdin(Stdio::null());
        c
    })
    .await;
    assert_eq!(login.code, Some(1), "{login:?}");
    assert!(
        login.stderr.contains("no system keyring is available"),
        "{login:?}"
    );
    assert!(
        login.stderr.contains("never stores tokens in plain text"),
        "{login:?}"
    );
    assert!(login.stdout.is_empty(), "no sign-in was started: {login:?}");

    // The daemon starts anyway, signed out, and says why.
    let daemon = TrayDaemon::start(&sandbox, &sim, no_bus).await;
    let status = status(&sandbox, &sim, no_bus).await;
    assert_eq!(status["connection"], "signed_out", "{status}");
    assert!(
        status["problem"]
            .as_str()
            .is_some_and(|p| p.contains("no system keyring")),
        "{status}"
    );
    let log = daemon.stop();
    for place in [&login.stdout, &login.stderr, &status.to_string(), &log] {
        assert!(
            !place.contains(&client.client_secret),
            "the secret reached the output"
        );
    }
    assert!(
        files_containing(sandbox.dir.path(), &client.client_secret).is_empty(),
        "the secret reached a file"
    );
}

/// `worktray daemon --no-window` on the sandbox (no display here, so no tray icon either).
struct TrayDaemon(Option<std::process::Child>);

impl TrayDaemon {
    async fn start(sandbox: &Sandbox, sim: &Simulator, adjust: impl Fn(&mut Command)) -> Self {
        let mut command = worktray(sandbox, sim);
        adjust(&mut command);
        command
            .args(["daemon", "--no-window"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let daemon = TrayDaemon(Some(command.spawn().expect("daemon")));
        let deadline = Instant::now() + Duration::from_secs(20);
        while !sandbox.socket().exists() {
            assert!(Instant::now() < deadline, "daemon socket");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        daemon
    }

    /// Stops the daemon; returns what it logged.
    fn stop(mut self) -> String {
        let mut child = self.0.take().expect("running");
        let _ = child.kill();
        let output = child.wait_with_output().expect("daemon output");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

impl Drop for TrayDaemon {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `worktray ARGS` run to the end; `adjust` changes its environment.
async fn cli(
    sandbox: &Sandbox,
    sim: &Simulator,
    args: &[&str],
    adjust: impl Fn(&mut Command),
) -> Ran {
    let mut command = worktray(sandbox, sim);
    adjust(&mut command);
    command.args(args);
    run(command).await
}

/// `worktray status --json`, answered by the running daemon.
async fn status(sandbox: &Sandbox, sim: &Simulator, adjust: impl Fn(&mut Command)) -> Value {
    let status = cli(sandbox, sim, &["status", "--json"], adjust).await;
    serde_json::from_str(&status.stdout).unwrap_or_else(|_| panic!("JSON: {status:?}"))
}

/// Polls the daemon's status until `signed_in_as` names the demo user.
async fn wait_until_signed_in(
    sandbox: &Sandbox,
    sim: &Simulator,
    limit: Duration,
    adjust: impl Fn(&mut Command),
) {
    let deadline = Instant::now() + limit;
    loop {
        let now = status(sandbox, sim, &adjust).await;
        if now["signed_in_as"] == "Alex Morgan" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "not signed in after {limit:?}: {now}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The password scripts/with-keyring.sh gave the throwaway keyring.
fn keyring_password() -> String {
    std::env::var("WORKTRAY_TEST_KEYRING_PASSWORD")
        .expect("WORKTRAY_TEST_KEYRING_PASSWORD: run through scripts/with-keyring.sh")
}

/// The session keyring, locked as "Lock keyring" or a session that began without its password
/// leaves it. Dropping the guard unlocks it again for the next tests: gnome-keyring-daemon is
/// restarted with the password, as scripts/with-keyring.sh first started it.
struct LockedKeyring;

impl LockedKeyring {
    fn lock() -> LockedKeyring {
        let locked = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/aliases/default",
            ])
            .output()
            .expect("dbus-send runs");
        assert!(
            locked.status.success(),
            "locking the keyring: {}",
            String::from_utf8_lossy(&locked.stderr)
        );
        LockedKeyring
    }
}

/// `gnome-keyring-daemon ARGS --unlock --components=secrets`, given the password on stdin.
fn start_gnome_keyring(mut command: Command, args: &[&str]) -> std::process::Child {
    let mut keyring = command
        .args(args)
        .args(["--unlock", "--components=secrets"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon runs");
    let mut stdin = keyring.stdin.take().expect("stdin");
    stdin
        .write_all(keyring_password().as_bytes())
        .expect("the password reaches gnome-keyring-daemon");
    keyring
}

impl Drop for LockedKeyring {
    fn drop(&mut self) {
        let mut keyring = start_gnome_keyring(Command::new("gnome-keyring-daemon"), &["--replace"]);
        let _ = keyring.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while secret_tool("client-secret").is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_keyring_is_named_and_the_saved_sign_in_comes_back_once_unlocked() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    sign_in_from_a_terminal(&sandbox, &sim, &client, |_| {}).await;
    let locked = LockedKeyring::lock();

    let whoami = cli(&sandbox, &sim, &["whoami"], |_| {}).await;
    assert_eq!(whoami.code, Some(1), "{whoami:?}");
    assert!(
        whoami
            .stderr
            .contains("the system keyring is locked; unlock it"),
        "{whoami:?}"
    );

    let daemon = TrayDaemon::start(&sandbox, &sim, |_| {}).await;
    let signed_out = status(&sandbox, &sim, |_| {}).await;
    assert_eq!(signed_out["connection"], "signed_out", "{signed_out}");
    assert!(
        signed_out["problem"]
            .as_str()
            .is_some_and(|p| p.contains("the system keyring is locked")),
        "{signed_out}"
    );

    // The window's "Try the keyring again", while it is still locked, then unlocked.
    let window = DaemonClient::new(sandbox.socket());
    match window.ask::<()>(TrayRequest::ReloadSignIn).await {
        Err(worktray_core::Error::Ipc(worktray_core::IpcError::Relayed(refusal))) => {
            assert_eq!(refusal.code, ErrorCode::KeyringLocked, "{refusal:?}")
        }
        other => panic!("a locked keyring is refused as such, not {other:?}"),
    }
    drop(locked);
    window
        .ask::<()>(TrayRequest::ReloadSignIn)
        .await
        .expect("read again");
    wait_until_signed_in(&sandbox, &sim, Duration::from_secs(10), |_| {}).await;

    let log = daemon.stop();
    assert!(
        files_containing(sandbox.dir.path(), &client.client_secret).is_empty(),
        "the client secret reached a file"
    );
    for output in [&whoami.stdout, &whoami.stderr, &log] {
        assert!(
            !output.contains(&client.client_secret),
            "the client secret reached the output"
        );
    }
}

/// A Secret Service of its own, on a bus of its own, that a test can stop and start again: a
/// keyring that comes up after the tray (KeePassXC opened later, say). Its keyring file stays
/// in `dir` in between, unlocked with the same password each time.
struct LateKeyring {
    bus: std::process::Child,
    keyring: std::process::Child,
}

impl LateKeyring {
    fn environment(dir: &Path) -> impl Fn(&mut Command) + '_ {
        move |command: &mut Command| {
            command
                .env(
                    "DBUS_SESSION_BUS_ADDRESS",
                    format!("unix:path={}", dir.join("bus").display()),
                )
                .env("XDG_DATA_HOME", dir.join("data"))
                .env("XDG_RUNTIME_DIR", dir.join("run"));
        }
    }

    fn start(dir: &Path) -> LateKeyring {
        std::fs::create_dir_all(dir.join("data")).expect("data dir");
        std::fs::create_dir_all(dir.join("run")).expect("runtime dir");
        std::fs::set_permissions(dir.join("run"), std::fs::Permissions::from_mode(0o700))
            .expect("chmod");
        let bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork"])
            .arg(format!("--address=unix:path={}", dir.join("bus").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !dir.join("bus").exists() {
            assert!(Instant::now() < deadline, "the bus did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut command = Command::new("gnome-keyring-daemon");
        Self::environment(dir)(&mut command);
        let keyring = start_gnome_keyring(command, &["--foreground"]);
        let late = LateKeyring { bus, keyring };
        while !Self::serves(dir) {
            assert!(Instant::now() < deadline, "the keyring did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        late
    }

    /// Whether the Secret Service is on the bus.
    fn serves(dir: &Path) -> bool {
        Command::new("dbus-send")
            .arg(format!("--bus=unix:path={}", dir.join("bus").display()))
            .args([
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    }
}

impl Drop for LateKeyring {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tray_started_before_its_keyring_signs_in_once_the_keyring_comes() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    let dir = sandbox.dir.path().join("late-keyring");
    let late = LateKeyring::environment(&dir);
    let keyring = LateKeyring::start(&dir);
    sign_in_from_a_terminal(&sandbox, &sim, &client, &late).await;
    drop(keyring);

    let _daemon = TrayDaemon::start(&sandbox, &sim, &late).await;
    let waiting = status(&sandbox, &sim, &late).await;
    assert_eq!(waiting["connection"], "signed_out", "{waiting}");
    assert!(
        waiting["problem"]
            .as_str()
            .is_some_and(|p| p.contains("no system keyring")),
        "{waiting}"
    );

    let _keyring = LateKeyring::start(&dir);
    // The daemon asks the keyring again every 10 s.
    wait_until_signed_in(&sandbox, &sim, Duration::from_secs(30), &late).await;
}

fn refreshes(sim: &Simulator) -> usize {
    sim.request_log()
        .iter()
        .filter(|r| r.path == "/oauth2/refresh")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_commands_at_once_after_the_token_expired_refresh_once_and_stay_signed_in() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    sign_in_from_a_terminal(&sandbox, &sim, &client, |_| {}).await;
    for round in 0..3 {
        let stored = secret_tool("refresh-token").expect("a refresh token in the keyring");
        sim.expire_tokens_now();
        let before = refreshes(&sim);
        // No tray: each command talks to Worksection itself, with the keyring's tokens (and
        // asks it: `whoami` alone could answer from the profile remembered offline).
        let (first, second) = tokio::join!(
            cli(&sandbox, &sim, &["status", "--refresh"], |_| {}),
            cli(&sandbox, &sim, &["status"], |_| {}),
        );
        assert_eq!(first.code, Some(0), "round {round}: {first:?}");
        assert_eq!(second.code, Some(0), "round {round}: {second:?}");
        assert_eq!(
            refreshes(&sim) - before,
            1,
            "round {round}: one refresh, the other command used its pair"
        );
        let renewed = secret_tool("refresh-token").expect("the keyring still holds a sign-in");
        assert_ne!(
            renewed, stored,
            "round {round}: the rotated token was stored"
        );
    }
    let still = cli(&sandbox, &sim, &["status", "--refresh"], |_| {}).await;
    assert_eq!(still.code, Some(0), "{still:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_account_file_is_named_and_login_replaces_it() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    sign_in_from_a_terminal(&sandbox, &sim, &client, |_| {}).await;
    let path = sandbox.data_dir().join("account.json");
    std::fs::write(&path, "client_id = keyring-test\n").expect("damaged");

    let whoami = cli(&sandbox, &sim, &["whoami"], |_| {}).await;
    assert_eq!(whoami.code, Some(1), "{whoami:?}");
    for words in [
        path.display().to_string().as_str(),
        "is damaged: it is not valid JSON",
        "`worktray login`",
    ] {
        assert!(whoami.stderr.contains(words), "{words}: {whoami:?}");
    }
    // No need to find and delete the file: signing in again replaces it.
    sign_in_from_a_terminal(&sandbox, &sim, &client, |_| {}).await;
    let whoami = cli(&sandbox, &sim, &["whoami"], |_| {}).await;
    assert_eq!(whoami.code, Some(0), "{whoami:?}");
}

/// A stand-in `xdg-open` first on the PATH: it records the address it is asked to open and
/// its own environment, and exits as the real one does once the browser has the address.
struct BrowserOpener {
    bin: PathBuf,
    address: PathBuf,
    environment: PathBuf,
}

impl BrowserOpener {
    fn new(dir: &Path) -> BrowserOpener {
        let opener = BrowserOpener {
            bin: dir.join("bin"),
            address: dir.join("opened-address"),
            environment: dir.join("opener-environment"),
        };
        std::fs::create_dir_all(&opener.bin).expect("bin dir");
        let script = opener.bin.join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nenv > '{0}.part' && mv '{0}.part' '{0}'\nprintf '%s' \"$1\" > '{1}.part' && mv '{1}.part' '{1}'\n",
                opener.environment.display(),
                opener.address.display()
            ),
        )
        .expect("script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        opener
    }

    fn path(&self) -> String {
        format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    /// Waits for the next address opened; returns it and the opener's environment.
    async fn opened(&self) -> (String, String) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.address.exists() {
            assert!(Instant::now() < deadline, "no browser was opened");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let address = std::fs::read_to_string(&self.address).expect("address");
        let environment = std::fs::read_to_string(&self.environment).expect("environment");
        std::fs::remove_file(&self.address).expect("reset");
        (address, environment)
    }
}

fn assert_no_secrets(environment: &str, secrets: &[(&str, &str)]) {
    assert!(
        environment.contains("PATH="),
        "an environment: {environment}"
    );
    for (name, value) in secrets {
        assert!(
            !environment.contains(value),
            "{name}'s value reached the browser opener"
        );
        assert!(
            !environment.contains(name),
            "{name} reached the browser opener"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_browser_opener_inherits_no_secret() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    let opener = BrowserOpener::new(sandbox.dir.path());

    // `worktray login` opens the browser; the client secret comes from the environment.
    let mut login = worktray(&sandbox, &sim);
    login
        .env("PATH", opener.path())
        .env("WORKTRAY_CLIENT_SECRET", &client.client_secret)
        .args([
            "login",
            "--client-id",
            &client.client_id,
            "--redirect-uri",
            &client.redirect_uri,
        ])
        .stdin(Stdio::null());
    let login = tokio::task::spawn_blocking(move || Ran::from(login.output().expect("login")));
    let (address, environment) = opener.opened().await;
    approve(&address).await;
    let login = login.await.expect("join");
    assert_eq!(login.code, Some(0), "{login:?}");
    assert_no_secrets(
        &environment,
        &[("WORKTRAY_CLIENT_SECRET", &client.client_secret)],
    );

    // The tray's sign-in from the window, the daemon started with secrets in its environment.
    let token = sim.demo_access_token();
    let daemon = TrayDaemon::start(&sandbox, &sim, |command| {
        command
            .env("PATH", opener.path())
            .env("WORKTRAY_CLIENT_SECRET", &client.client_secret)
            .env("WORKTRAY_ACCOUNT_URL", sim.account_url())
            .env("WORKTRAY_ACCESS_TOKEN", &token);
    })
    .await;
    let window = DaemonClient::new(sandbox.socket());
    let signing_in = {
        let client = client.clone();
        tokio::spawn(async move {
            let request = TrayRequest::SignIn {
                client_id: client.client_id,
                client_secret: Some(TypedSecret(client.client_secret)),
                redirect_uri: client.redirect_uri,
                scopes: DEFAULT_SCOPES.into(),
            };
            window.ask::<Profile>(request).await
        })
    };
    let (address, environment) = opener.opened().await;
    approve(&address).await;
    let profile = signing_in
        .await
        .expect("join")
        .expect("signed in from the window");
    assert_eq!(profile.email, "alex.morgan@acme.example");
    daemon.stop();
    assert_no_secrets(
        &environment,
        &[
            ("WORKTRAY_CLIENT_SECRET", &client.client_secret),
            ("WORKTRAY_ACCESS_TOKEN", &token),
        ],
    );
}

/// A first run with no terminal: the window's sign-in form, filled in and sent; the browser
/// the daemon opens approves; the window then shows who is signed in and the timer. The
/// tokens and the secret are in the keyring, in no file, and never in the window's process.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_signs_in_from_the_window_alone() {
    in_keyring_session();
    desktop::in_desktop_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    let opener = BrowserOpener::new(sandbox.dir.path());
    let daemon = TrayDaemon::start(&sandbox, &sim, |command| {
        command
            .env("PATH", opener.path())
            .envs(desktop::session_env());
    })
    .await;

    let socket = sandbox.socket();
    let driver = webdriver::TauriDriver::start(
        &sandbox.dir.path().join("tauri-driver.log"),
        &[("WORKTRAY_SOCKET", socket.as_os_str())],
    )
    .await;
    let session = driver.session(&program("worktray-window")).await;
    let window_start = Duration::from_secs(60);
    session.wait_for_testid("sign-in-form", window_start).await;
    let steps = session
        .testid_text("sign-in-steps")
        .await
        .expect("steps")
        .unwrap_or_default();
    assert!(steps.contains("redirect URI"), "{steps}");
    let field = |id: &'static str| {
        let session = &session;
        async move { session.wait_for_testid(id, window_start).await }
    };
    let client_id = field("client-id").await;
    session.send_keys(&client_id, &client.client_id).await;
    session
        .send_keys(&field("client-secret").await, &client.client_secret)
        .await;
    // The form offers the default redirect URI; this app registered another port.
    session
        .execute(
            "const e = document.querySelector('[data-testid=redirect-uri]');\
             e.value = ''; e.dispatchEvent(new Event('input'));",
            serde_json::json!([]),
        )
        .await
        .expect("redirect URI cleared");
    session
        .send_keys(&field("redirect-uri").await, &client.redirect_uri)
        .await;
    let certificate = session.testid_text("certificate-note").await.expect("note");
    assert!(
        certificate.is_some_and(|text| text.contains("certificate of localhost")),
        "no word about the certificate before the browser opens: {}",
        session.page_text().await
    );
    session.click(&field("sign-in-button").await).await;

    let (address, _) = opener.opened().await;
    approve(&address).await;
    // Signed in, the window shows who and the timer's view.
    session
        .wait_for_text("signed-in-as", window_start, |text| {
            text.contains("Alex Morgan")
        })
        .await;
    session.wait_for_testid("task-search", window_start).await;
    assert!(
        secret_tool("access-token").is_some(),
        "no token in the keyring"
    );
    assert_eq!(
        secret_tool("client-secret").as_deref(),
        Some(client.client_secret.as_str())
    );
    let token = secret_tool("access-token").unwrap_or_default();
    for secret in [&token, &client.client_secret] {
        assert!(
            files_containing(sandbox.dir.path(), secret).is_empty(),
            "a secret reached a file"
        );
    }
    session.close().await;
    drop(driver);
    let log = daemon.stop();
    assert!(
        !log.contains(&client.client_secret),
        "the secret reached the daemon's log"
    );
    let logout = cli(&sandbox, &sim, &["logout"], |_| {}).await;
    assert_eq!(logout.code, Some(0), "{logout:?}");
}
