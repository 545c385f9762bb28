//! Sign-in with a real OS keyring (Secret Service), from a terminal, as the README describes.
//! Run through `scripts/with-keyring.sh` (`make test` does): a private D-Bus session with an
//! unlocked gnome-keyring-daemon. Also: with no Secret Service, the CLI and the daemon say so
//! plainly and write no secret anywhere.

use std::io::{BufRead, BufReader};
use std::net::Ipv4Addr;
use std::path::Path;
use std::process::{Command, Stdio};

use worktray_core::auth::{KeyringStore, SecretName, SecretStore};
use worktray_core::secret::Secret;
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
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.dir.path())
        .env("WORKTRAY_DATA_DIR", sandbox.data_dir())
        .env("WORKTRAY_SOCKET", sandbox.socket())
        .env("WORKTRAY_AUTH_URL", sim.base_url());
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

#[tokio::test(flavor = "multi_thread")]
async fn login_whoami_logout_from_a_terminal() {
    in_keyring_session();
    let (sim, client) = simulator().await;
    let sandbox = Sandbox::new();
    let mut login = worktray(&sandbox, &sim);
    login
        .args([
            "login",
            "--no-browser",
            "--client-id",
            &client.client_id,
            "--redirect-uri",
            &client.redirect_uri,
        ])
        .env("WORKTRAY_CLIENT_SECRET", &client.client_secret)
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
    // The user's browser: approve, then land on the app's HTTPS callback.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .danger_accept_invalid_certs(true)
        .build()
        .expect("browser");
    let approved = browser.get(&url).send().await.expect("authorize");
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
    assert!(page.contains("You can close this tab"));
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

    let whoami: Ran = run({
        let mut c = worktray(&sandbox, &sim);
        c.arg("whoami");
        c
    })
    .await;
    assert_eq!(whoami.code, Some(0), "{whoami:?}");
    assert!(
        whoami
            .stdout
            .starts_with("Alex Morgan <alex.morgan@acme.example> (user) on "),
        "{whoami:?}"
    );

    let logout = run({
        let mut c = worktray(&sandbox, &sim);
        c.arg("logout");
        c
    })
    .await;
    assert_eq!(logout.code, Some(0), "{logout:?}");
    for user in ["access-token", "refresh-token", "client-secret"] {
        assert_eq!(secret_tool(user), None, "{user} left in the keyring");
    }
    let whoami = run({
        let mut c = worktray(&sandbox, &sim);
        c.arg("whoami");
        c
    })
    .await;
    assert_eq!(whoami.code, Some(1), "{whoami:?}");
    assert!(
        whoami.stderr.contains("sign in with `worktray login`"),
        "{whoami:?}"
    );
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
    let mut daemon = worktray(&sandbox, &sim);
    no_bus(&mut daemon);
    daemon
        .args(["daemon", "--no-window"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut daemon = daemon.spawn().expect("daemon");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !sandbox.socket().exists() {
        assert!(std::time::Instant::now() < deadline, "daemon socket");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let status = run({
        let mut c = worktray(&sandbox, &sim);
        no_bus(&mut c);
        c.args(["status", "--json"]);
        c
    })
    .await;
    let _ = daemon.kill();
    let daemon_log = daemon.wait_with_output().expect("daemon output");
    let status_json: serde_json::Value = serde_json::from_str(&status.stdout).expect("json");
    assert_eq!(status_json["connection"], "signed_out", "{status:?}");
    assert!(
        status_json["problem"]
            .as_str()
            .is_some_and(|p| p.contains("no system keyring")),
        "{status:?}"
    );
    let log = String::from_utf8_lossy(&daemon_log.stderr);
    for place in [&login.stdout, &login.stderr, &status.stdout, log.as_ref()] {
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
