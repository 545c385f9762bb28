//! Signing in with Worksection's OAuth2 against the simulator, with a scripted browser: the
//! whole flow over the HTTPS loopback callback, the callback listener's rules, and the token
//! lifecycle (rotation, single-flight refresh — also across processes —, expiry during sleep,
//! a refused refresh, a renewed pair the keyring refuses), and a damaged account file.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::oneshot;
use url::Url;
use worktray_core::api::{http_client, ApiClient};
use worktray_core::auth::callback::CallbackServer;
use worktray_core::auth::oauth::DEFAULT_SCOPES;
use worktray_core::auth::{
    login, AccountConfig, Accounts, MemoryStore, OAuthApp, OAuthSession, SecretName, SecretStore,
    SignInForm, TokenSet,
};
use worktray_core::db::Database;
use worktray_core::entries::{QuickEntry, WriteOutcome};
use worktray_core::gate::RequestGate;
use worktray_core::ipc::Connection;
use worktray_core::notices::Notice;
use worktray_core::outbox::Outbox;
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_core::{AuthError, Error};
use worktray_sim::{free_loopback_port, OAuthClient, Seed, SimConfig, Simulator};

async fn simulator() -> Simulator {
    let config = SimConfig {
        seed: Seed::Demo,
        auto_approve: true,
        ..SimConfig::default()
    };
    Simulator::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config)
        .await
        .expect("simulator")
}

/// Registers an app whose redirect URI is an HTTPS loopback address, as a real user would.
fn register(sim: &Simulator) -> OAuthClient {
    let client = OAuthClient {
        client_id: "test-app".into(),
        client_secret: "test-app-secret".into(),
        redirect_uri: format!(
            "https://localhost:{}/callback",
            free_loopback_port().expect("a free port")
        ),
    };
    sim.register_client(client.clone());
    client
}

/// A browser: follows the authorize redirect and reaches the app's loopback listener. It
/// accepts the self-signed certificate, as the user does once in a real browser.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .danger_accept_invalid_certs(true)
        .build()
        .expect("browser")
}

/// Where the simulator redirects the browser for `authorize_url`.
async fn redirect_of(authorize_url: &Url) -> Url {
    let answer = browser()
        .get(authorize_url.clone())
        .send()
        .await
        .expect("authorize page");
    assert_eq!(answer.status(), 302, "the simulator auto-approves");
    Url::parse(answer.headers()["location"].to_str().expect("location")).expect("redirect URL")
}

fn token_requests(sim: &Simulator, path: &str) -> usize {
    sim.request_log().iter().filter(|r| r.path == path).count()
}

fn accounts(sim: &Simulator, store: Arc<dyn SecretStore>, dir: &tempfile::TempDir) -> Accounts {
    Accounts::new(
        store,
        dir.path().to_path_buf(),
        http_client().expect("http"),
        RequestGate::new(),
    )
    .with_auth_url(&sim.base_url())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_flow_over_the_https_callback_then_me() {
    let sim = simulator().await;
    let client = register(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let store = Arc::new(MemoryStore::default());
    let accounts = accounts(&sim, store.clone(), &dir);
    let (url_tx, url_rx) = oneshot::channel();
    let form = SignInForm {
        client_id: client.client_id.clone(),
        client_secret: Some(Secret::new(client.client_secret.clone())),
        redirect_uri: client.redirect_uri.clone(),
        scopes: DEFAULT_SCOPES.into(),
    };
    let browsing = tokio::spawn(async move {
        let authorize_url: Url = url_rx.await.expect("authorize URL");
        assert!(
            !authorize_url.as_str().contains("test-app-secret"),
            "no secret in the browser"
        );
        let callback = redirect_of(&authorize_url).await;
        assert_eq!(callback.scheme(), "https");
        let page = browser()
            .get(callback)
            .send()
            .await
            .expect("callback answered");
        (page.status().as_u16(), page.text().await.expect("page"))
    });
    let api = accounts
        .sign_in(
            form,
            move |url| url_tx.send(url.clone()).expect("browser waits"),
            None,
        )
        .await
        .expect("signed in");
    let (status, page) = browsing.await.expect("browser");
    assert_eq!(status, 200);
    assert!(page.contains("You can close this tab"), "{page}");

    let me = api.me().await.expect("me");
    assert_eq!(me.email, "alex.morgan@acme.example");
    assert_eq!(
        api.account_url().as_str().trim_end_matches('/'),
        sim.account_url()
    );
    assert_eq!(token_requests(&sim, "/oauth2/token"), 1);
    // The secrets are in the store (the keyring in the app), and nowhere in the data directory.
    for name in SecretName::ALL {
        assert!(
            store.read(name).expect("store").is_some(),
            "{name:?} stored"
        );
    }
    let secrets = [
        store.read(SecretName::AccessToken).unwrap().unwrap(),
        store.read(SecretName::RefreshToken).unwrap().unwrap(),
    ];
    for file in walk(dir.path()) {
        let bytes = std::fs::read(&file).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            assert!(
                !text.contains(secret.expose()),
                "{} holds a token",
                file.display()
            );
        }
        assert!(
            !text.contains("test-app-secret"),
            "{} holds the client secret",
            file.display()
        );
    }
    // A restarted app restores the session from the store.
    let restored = accounts
        .restore()
        .await
        .expect("restore")
        .expect("a session");
    assert_eq!(
        restored.me().await.expect("me again").email,
        "alex.morgan@acme.example"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn app(sim: &Simulator, client: &OAuthClient) -> OAuthApp {
    OAuthApp::new(
        &sim.base_url(),
        &client.client_id,
        Secret::new(client.client_secret.clone()),
        &client.redirect_uri,
        DEFAULT_SCOPES,
    )
    .expect("app")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_listener_ignores_strangers_and_takes_exactly_one_callback() {
    let sim = simulator().await;
    let client = register(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let app = app(&sim, &client);
    let http = http_client().expect("http");
    let gate = RequestGate::new();
    let (url_tx, url_rx) = oneshot::channel::<Url>();
    let browsing = tokio::spawn(async move {
        let callback = redirect_of(&url_rx.await.expect("url")).await;
        let base = callback.join("/").expect("base");
        // A browser asks for the favicon: answered, and the flow goes on.
        let favicon = browser()
            .get(base.join("favicon.ico").expect("favicon"))
            .send()
            .await
            .expect("favicon");
        assert_eq!(favicon.status(), 404);
        // A callback with someone else's state: refused, no token request, the flow goes on.
        let mut forged = callback.clone();
        let pairs: Vec<(String, String)> = callback.query_pairs().into_owned().collect();
        forged.query_pairs_mut().clear();
        for (key, value) in &pairs {
            forged.query_pairs_mut().append_pair(
                key,
                if key == "state" {
                    "forged-state"
                } else {
                    value
                },
            );
        }
        let refused = browser().get(forged).send().await.expect("forged");
        assert_eq!(refused.status(), 400);
        // The real one.
        let accepted = browser()
            .get(callback.clone())
            .send()
            .await
            .expect("callback");
        assert_eq!(accepted.status(), 200);
        callback
    });
    let tokens = login::authorize(
        &app,
        &http,
        &gate,
        dir.path(),
        move |url| url_tx.send(url.clone()).expect("send"),
        None,
    )
    .await
    .expect("signed in despite the strangers");
    let callback = browsing.await.expect("browser");
    assert!(!tokens.access.is_empty());
    assert_eq!(
        token_requests(&sim, "/oauth2/token"),
        1,
        "the forged callback caused no token request"
    );
    // A second callback finds nobody listening.
    let second = browser().get(callback).send().await;
    assert!(second.is_err(), "the listener is gone after one callback");
    assert_eq!(token_requests(&sim, "/oauth2/token"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_listener_binds_only_loopback_addresses() {
    let dir = tempfile::tempdir().expect("dir");
    for uri in [
        format!(
            "https://localhost:{}/callback",
            free_loopback_port().expect("a free port")
        ),
        format!(
            "http://127.0.0.1:{}/cb",
            free_loopback_port().expect("a free port")
        ),
    ] {
        let server = CallbackServer::bind(&Url::parse(&uri).expect("uri"), dir.path())
            .await
            .expect("bound");
        let addresses = server.local_addresses();
        assert!(!addresses.is_empty());
        for address in addresses {
            assert!(address.ip().is_loopback(), "{uri} listens on {address}");
        }
    }
    let error = CallbackServer::bind(
        &Url::parse("https://example.com/callback").expect("uri"),
        dir.path(),
    )
    .await
    .err()
    .expect("refused");
    assert_eq!(error.code(), worktray_core::ErrorCode::InvalidInput);
}

/// Signs in through the simulator and returns the pieces of the session.
async fn signed_in(sim: &Simulator, dir: &tempfile::TempDir) -> (OAuthApp, TokenSet) {
    let client = register(sim);
    let app = app(sim, &client);
    let (url_tx, url_rx) = oneshot::channel::<Url>();
    tokio::spawn(async move {
        let callback = redirect_of(&url_rx.await.expect("url")).await;
        browser().get(callback).send().await.expect("callback");
    });
    let tokens = login::authorize(
        &app,
        &http_client().expect("http"),
        &RequestGate::new(),
        dir.path(),
        move |url| url_tx.send(url.clone()).expect("send"),
        None,
    )
    .await
    .expect("signed in");
    (app, tokens)
}

fn api_for(sim: &Simulator, session: OAuthSession) -> ApiClient {
    ApiClient::new(
        http_client().expect("http"),
        &sim.account_url(),
        Arc::new(session),
        RequestGate::new(),
    )
    .expect("api")
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_expired_tokens_share_one_refresh_and_the_old_refresh_token_dies() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let (app, tokens) = signed_in(&sim, &dir).await;
    let store = Arc::new(MemoryStore::default());
    let session = OAuthSession::new(
        app.clone(),
        &tokens,
        http_client().expect("http"),
        RequestGate::new(),
        store.clone(),
        dir.path().to_path_buf(),
    );
    let api = api_for(&sim, session);
    sim.expire_tokens_now();
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move { api.my_timer().await })
        })
        .collect();
    for call in calls {
        call.await
            .expect("join")
            .expect("answered after one refresh");
    }
    assert_eq!(
        token_requests(&sim, "/oauth2/refresh"),
        1,
        "five 401s, one refresh"
    );
    let renewed = store
        .read(SecretName::RefreshToken)
        .expect("store")
        .expect("the rotated refresh token was stored");
    assert_ne!(renewed, tokens.refresh);
    // The refresh token used for that refresh is dead on the server now.
    let old = app
        .refresh(
            &http_client().expect("http"),
            &RequestGate::new(),
            &tokens.refresh,
            &tokens.account_url,
        )
        .await;
    assert!(
        matches!(old, Err(Error::Auth(AuthError::SignInRefused { .. }))),
        "{old:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_laptop_that_slept_past_expiry_refreshes_before_its_first_call() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let (app, mut tokens) = signed_in(&sim, &dir).await;
    // As if loaded after 25 hours of sleep: the wall clock says the token expired an hour ago.
    tokens.expires_at = SystemTime::now() - Duration::from_secs(3600);
    let session = OAuthSession::new(
        app,
        &tokens,
        http_client().expect("http"),
        RequestGate::new(),
        Arc::new(MemoryStore::default()),
        dir.path().to_path_buf(),
    );
    let before = sim.request_log().len();
    api_for(&sim, session).my_timer().await.expect("answered");
    let log: Vec<_> = sim.request_log().into_iter().skip(before).collect();
    assert_eq!(log[0].path, "/oauth2/refresh", "{log:#?}");
    assert!(
        log.iter().all(|r| r.status != 401),
        "no request met an expired token: {log:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_refresh_signs_out_clearly_and_keeps_the_app_settings() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let client = register(&sim);
    let store = Arc::new(MemoryStore::default());
    let accounts = accounts(&sim, store.clone(), &dir);
    let api = sign_in_with(&accounts, &client, Some(&client.client_secret)).await;
    let tracker = Tracker::signed_in(api);
    let outbox = Outbox::new(Database::in_data_dir(dir.path()).expect("db"));
    tracker.use_outbox(outbox.clone());
    tracker.refresh().await.expect("works while signed in");
    tracker.tasks(None).await.expect("my tasks");
    // The app was revoked (or a month passed): the refresh token is refused.
    let refresh = store.read(SecretName::RefreshToken).unwrap().unwrap();
    let app = app(&sim, &client);
    let account_url = url::Url::parse(&sim.account_url()).expect("url");
    app.refresh(
        &http_client().expect("http"),
        &RequestGate::new(),
        &refresh,
        &account_url,
    )
    .await
    .expect("someone else rotated it");
    sim.expire_tokens_now();

    // An entry logged now cannot be sent: it waits in the outbox.
    let entry = QuickEntry {
        task: "331402".into(),
        duration: "0:30".into(),
        comment: Some("logged while the sign-in ended".into()),
        ..QuickEntry::default()
    };
    let logged = tracker
        .log_time(&entry, Duration::from_secs(5), false)
        .await
        .expect("accepted");
    assert!(
        matches!(logged.outcome, WriteOutcome::Queued { .. }),
        "{logged:?}"
    );

    let error = tracker.refresh().await.expect_err("signed out");
    assert_eq!(error.code(), worktray_core::ErrorCode::NotSignedIn);
    assert!(error.to_string().contains("sign in again"), "{error}");
    let status = tracker.status();
    assert_eq!(status.connection, Connection::SignedOut);
    assert!(
        status
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("refused to renew")),
        "{status:?}"
    );
    assert!(
        store.read(SecretName::AccessToken).unwrap().is_none(),
        "dead tokens are removed"
    );
    assert!(store.read(SecretName::RefreshToken).unwrap().is_none());
    let defaults = accounts.defaults().await.expect("defaults");
    assert_eq!(
        defaults.client_id, "test-app",
        "signing in again is one step"
    );
    assert!(defaults.has_client_secret);
    assert!(defaults.signed_out_reason.is_some());
    // The outbox kept the entry through the sign-out; signing in again sends it, once.
    assert_eq!(
        outbox.counts().expect("counts").pending,
        1,
        "the queued entry is intact"
    );
    tracker.sign_in(sign_in_with(&accounts, &client, None).await);
    assert_eq!(tracker.sync().await.expect("sync").pending, 0);
    let landed = sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["comment"] == "logged while the sign-in ended")
        .count();
    assert_eq!(landed, 1);
}

/// Signs in through `accounts` with the scripted browser; `None` keeps the stored secret.
async fn sign_in_with(
    accounts: &Accounts,
    client: &OAuthClient,
    secret: Option<&str>,
) -> ApiClient {
    let (url_tx, url_rx) = oneshot::channel::<Url>();
    tokio::spawn(async move {
        let callback = redirect_of(&url_rx.await.expect("url")).await;
        browser().get(callback).send().await.expect("callback");
    });
    let form = SignInForm {
        client_id: client.client_id.clone(),
        client_secret: secret.map(Secret::new),
        redirect_uri: client.redirect_uri.clone(),
        scopes: DEFAULT_SCOPES.into(),
    };
    accounts
        .sign_in(
            form,
            move |url| url_tx.send(url.clone()).expect("send"),
            None,
        )
        .await
        .expect("signed in")
}

/// What one Worktray process has: its own request gate (spaced with the others' through the
/// lock file, as on a real machine), the keyring and the data directory.
fn process(sim: &Simulator, store: Arc<dyn SecretStore>, dir: &tempfile::TempDir) -> Accounts {
    Accounts::new(
        store,
        dir.path().to_path_buf(),
        http_client().expect("http"),
        machine_gate(dir),
    )
    .with_auth_url(&sim.base_url())
}

/// The first sign-in on this machine, with the client secret, in a process of its own.
async fn first_sign_in(
    sim: &Simulator,
    client: &OAuthClient,
    store: Arc<dyn SecretStore>,
    dir: &tempfile::TempDir,
) {
    sign_in_with(
        &process(sim, store, dir),
        client,
        Some(&client.client_secret),
    )
    .await;
}

/// A process started after the sign-in: it restores the session from the keyring.
async fn restored(
    sim: &Simulator,
    store: Arc<dyn SecretStore>,
    dir: &tempfile::TempDir,
) -> ApiClient {
    process(sim, store, dir)
        .restore()
        .await
        .expect("restore")
        .expect("a stored sign-in")
}

/// A process's request gate, spaced with every other process's through the data directory.
fn machine_gate(dir: &tempfile::TempDir) -> RequestGate {
    RequestGate::shared_through(dir.path().join("request-gate.lock"))
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_whose_token_expired_refresh_once_and_both_stay_signed_in() {
    let sim = simulator().await;
    let client = register(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let store = Arc::new(MemoryStore::default());
    first_sign_in(&sim, &client, store.clone(), &dir).await;
    let signed_in_with = store.read(SecretName::RefreshToken).unwrap().unwrap();

    // Two CLI commands at once, no tray: each restores the session from the keyring.
    let first = restored(&sim, store.clone(), &dir).await;
    let second = restored(&sim, store.clone(), &dir).await;
    sim.expire_tokens_now();
    let refreshes = token_requests(&sim, "/oauth2/refresh");
    let (a, b) = tokio::join!(first.my_timer(), second.my_timer());
    a.expect("the first process is answered");
    b.expect("the second process is answered, not signed out");
    assert_eq!(
        token_requests(&sim, "/oauth2/refresh") - refreshes,
        1,
        "one refresh for both: the second used the pair the first stored"
    );
    let renewed = store
        .read(SecretName::RefreshToken)
        .unwrap()
        .expect("the renewed pair is in the keyring");
    assert_ne!(renewed, signed_in_with);
    first.my_timer().await.expect("the first goes on");
    second.my_timer().await.expect("the second goes on");

    // The same when the wall clock says the token expired (a laptop that slept): both are due
    // at once, and the second takes the first one's pair.
    let mut account = AccountConfig::load(dir.path()).unwrap().unwrap();
    account.access_expires_at = Some(0);
    account.save(dir.path()).unwrap();
    let first = restored(&sim, store.clone(), &dir).await;
    let second = restored(&sim, store.clone(), &dir).await;
    let (a, b) = tokio::join!(first.my_timer(), second.my_timer());
    a.expect("answered");
    b.expect("answered");
    assert_eq!(token_requests(&sim, "/oauth2/refresh") - refreshes, 2);
    let refreshed_by_clock = store.read(SecretName::RefreshToken).unwrap().unwrap();
    assert_ne!(refreshed_by_clock, renewed);
    // A process started now finds a live sign-in.
    let third = restored(&sim, store.clone(), &dir).await;
    third.me().await.expect("still signed in");
    assert_eq!(token_requests(&sim, "/oauth2/refresh") - refreshes, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pair_stored_behind_a_sessions_back_is_used_not_refreshed_over() {
    let sim = simulator().await;
    let client = register(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let store = Arc::new(MemoryStore::default());
    first_sign_in(&sim, &client, store.clone(), &dir).await;
    let (session, account_url) = login::restore(
        store.clone(),
        dir.path(),
        http_client().expect("http"),
        RequestGate::new(),
    )
    .unwrap()
    .unwrap();
    // Another process (which knows nothing of the lock) renews behind this one's back and
    // stores its pair, then this one's token expires.
    let old = store.read(SecretName::RefreshToken).unwrap().unwrap();
    let app = app(&sim, &client);
    let url = Url::parse(&account_url).unwrap();
    let theirs = app
        .refresh(
            &http_client().expect("http"),
            &RequestGate::new(),
            &old,
            &url,
        )
        .await
        .expect("renewed elsewhere");
    login::remember(&app, &theirs, store.as_ref(), dir.path()).unwrap();
    // That refresh revoked this session's access token: its next call is refused, and it finds
    // the other's pair in the keyring and uses it — no refresh of its own (which would have
    // used a dead token and signed out), nothing deleted.
    let api = api_for(&sim, session);
    let refreshes = token_requests(&sim, "/oauth2/refresh");
    api.my_timer()
        .await
        .expect("answered with the other process's pair");
    assert_eq!(token_requests(&sim, "/oauth2/refresh"), refreshes);
    assert_eq!(
        store.read(SecretName::RefreshToken).unwrap().as_ref(),
        Some(&theirs.refresh)
    );
}

/// A keyring that can refuse writes, as a locked one (or one whose service went away) does.
#[derive(Default)]
struct LockableStore {
    secrets: MemoryStore,
    locked: AtomicBool,
}

impl LockableStore {
    fn lock(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }
}

impl SecretStore for LockableStore {
    fn check(&self) -> worktray_core::Result<()> {
        Ok(())
    }

    fn read(&self, name: SecretName) -> worktray_core::Result<Option<Secret>> {
        self.secrets.read(name)
    }

    fn write(&self, name: SecretName, value: &Secret) -> worktray_core::Result<()> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(Error::Auth(AuthError::KeyringLocked(
                worktray_core::auth::KeyringTrouble::Locked,
            )));
        }
        self.secrets.write(name, value)
    }

    fn delete(&self, name: SecretName) -> worktray_core::Result<()> {
        self.secrets.delete(name)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renewed_pair_the_keyring_refuses_is_kept_in_memory_offered_again_and_survives_a_restart()
{
    let sim = simulator().await;
    let client = register(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let store = Arc::new(LockableStore::default());
    first_sign_in(&sim, &client, store.clone(), &dir).await;
    let signed_in_with = store.read(SecretName::RefreshToken).unwrap().unwrap();
    let gate = machine_gate(&dir);
    let (session, account_url) = login::restore(
        store.clone(),
        dir.path(),
        http_client().expect("http"),
        gate.clone(),
    )
    .unwrap()
    .unwrap();
    let session = session.retry_saves_every(Duration::from_millis(300));
    let api = ApiClient::new(
        http_client().expect("http"),
        &account_url,
        Arc::new(session),
        gate,
    )
    .expect("api");
    let tracker = Tracker::signed_in(api);
    let mut notices = tracker.notices();
    tracker.refresh().await.expect("signed in");

    // The keyring locks; then the access token expires and is renewed.
    store.lock(true);
    sim.expire_tokens_now();
    tracker
        .refresh()
        .await
        .expect("the renewed pair works although the keyring refused it");
    assert_eq!(token_requests(&sim, "/oauth2/refresh"), 1);
    assert_eq!(
        store.read(SecretName::RefreshToken).unwrap().as_ref(),
        Some(&signed_in_with),
        "the keyring still holds the old pair"
    );
    let problem = tracker.status().problem.expect("the tray says so");
    assert!(
        problem.contains("keyring did not take the new tokens"),
        "{problem}"
    );
    assert!(
        problem.contains("the system keyring is locked"),
        "{problem}"
    );
    let noticed = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            match notices.recv().await.expect("notices") {
                Notice::SignInNotSaved { reason } => return reason,
                _ => continue,
            }
        }
    })
    .await
    .expect("a notification says so");
    assert_eq!(noticed, problem);
    // It goes on from memory, with no other refresh.
    tracker.refresh().await.expect("still working");
    assert_eq!(token_requests(&sim, "/oauth2/refresh"), 1);

    // Unlocked: the pair reaches the keyring at the next retry, and the warning goes.
    store.lock(false);
    let deadline = Instant::now() + Duration::from_secs(5);
    while store.read(SecretName::RefreshToken).unwrap().as_ref() == Some(&signed_in_with) {
        assert!(
            Instant::now() < deadline,
            "the renewed pair never reached the keyring"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(tracker.status().problem, None);
    // A restart reads the live pair: still signed in, no refresh needed.
    let restarted = restored(&sim, store.clone(), &dir).await;
    restarted.me().await.expect("signed in after a restart");
    assert_eq!(token_requests(&sim, "/oauth2/refresh"), 1);
}

/// A keyring whose every call takes a while, as a D-Bus call waiting for an unlock prompt does.
#[derive(Default)]
struct SlowStore(MemoryStore);

const SLOW: Duration = Duration::from_millis(200);

impl SecretStore for SlowStore {
    fn check(&self) -> worktray_core::Result<()> {
        std::thread::sleep(SLOW);
        self.0.check()
    }

    fn read(&self, name: SecretName) -> worktray_core::Result<Option<Secret>> {
        std::thread::sleep(SLOW);
        self.0.read(name)
    }

    fn write(&self, name: SecretName, value: &Secret) -> worktray_core::Result<()> {
        std::thread::sleep(SLOW);
        self.0.write(name, value)
    }

    fn delete(&self, name: SecretName) -> worktray_core::Result<()> {
        std::thread::sleep(SLOW);
        self.0.delete(name)
    }
}

// One runtime thread, as the CLI has: a keyring call made on it would stop everything else.
#[tokio::test]
async fn keyring_calls_never_hold_up_the_runtime() {
    let sim = simulator().await;
    // Plain HTTP on loopback: no TLS handshake on the one thread to blur the measurement.
    let client = OAuthClient {
        client_id: "slow-keyring".into(),
        client_secret: "slow-keyring-secret".into(),
        redirect_uri: format!(
            "http://127.0.0.1:{}/callback",
            free_loopback_port().expect("a free port")
        ),
    };
    sim.register_client(client.clone());
    let dir = tempfile::tempdir().expect("dir");
    let accounts = process(&sim, Arc::new(SlowStore::default()), &dir);
    let work = async {
        sign_in_with(&accounts, &client, Some(&client.client_secret)).await;
        accounts.check_keyring().await?;
        accounts.defaults().await?;
        let api = accounts.restore().await?.expect("restored");
        sim.expire_tokens_now();
        api.my_timer().await?;
        accounts.sign_out().await
    };
    tokio::pin!(work);
    let mut worst = Duration::ZERO;
    let mut last = Instant::now();
    let done = loop {
        tokio::select! {
            done = &mut work => break done,
            () = tokio::time::sleep(Duration::from_millis(10)) => {
                worst = worst.max(last.elapsed());
                last = Instant::now();
            }
        }
    };
    done.expect("all done");
    assert!(
        worst < SLOW / 2,
        "the runtime stalled for {worst:?}: a keyring call ran on it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_account_file_is_named_and_signing_in_again_replaces_it() {
    let sim = simulator().await;
    let client = register(&sim);
    let dir = tempfile::tempdir().expect("dir");
    let accounts = accounts(&sim, Arc::new(MemoryStore::default()), &dir);
    sign_in_with(&accounts, &client, Some(&client.client_secret)).await;
    // Cut short, as a full disk or a crash of another program may leave it.
    let path = AccountConfig::path(dir.path());
    std::fs::write(&path, "{\n  \"auth_url\": \"http").unwrap();

    let error = accounts.restore().await.err().expect("refused");
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("it is empty or cut short"), "{message}");
    assert!(message.contains("`worktray login`"), "{message}");
    // The sign-in screen still opens, and says what is wrong.
    let defaults = accounts.defaults().await.expect("the sign-in screen opens");
    assert!(
        defaults
            .signed_out_reason
            .as_deref()
            .is_some_and(|r| r.contains("account.json is damaged")),
        "{defaults:?}"
    );
    assert!(defaults.has_client_secret);
    // Signing in again replaces the file.
    let api = sign_in_with(&accounts, &client, None).await;
    api.me().await.expect("signed in");
    let account = AccountConfig::load(dir.path())
        .expect("readable again")
        .expect("there");
    assert_eq!(account.client_id, client.client_id);
    accounts
        .restore()
        .await
        .expect("restored")
        .expect("a session")
        .me()
        .await
        .expect("and it works");
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_connections_do_not_hold_up_the_callback() {
    let dir = tempfile::tempdir().expect("dir");
    let uri = Url::parse(&format!(
        "https://localhost:{}/callback",
        free_loopback_port().expect("a free port")
    ))
    .expect("uri");
    let server = CallbackServer::bind(&uri, dir.path()).await.expect("bound");
    let addresses = server.local_addresses();
    let state = login::new_state();
    let waiting = {
        let state = state.clone();
        tokio::spawn(async move { server.wait_for_code(&state).await })
    };
    // Connections that never say anything: a browser's preconnects, another program.
    let mut idle = Vec::new();
    for address in addresses.iter().cycle().take(3) {
        idle.push(
            tokio::net::TcpStream::connect(address)
                .await
                .expect("connected"),
        );
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let mut callback = uri.clone();
    callback
        .query_pairs_mut()
        .append_pair("code", "the-code")
        .append_pair("state", state.expose());
    let page = browser().get(callback).send().await.expect("answered");
    assert_eq!(page.status(), 200);
    let code = tokio::time::timeout(Duration::from_secs(2), waiting)
        .await
        .expect("the code arrives in time")
        .expect("join")
        .expect("a code");
    assert_eq!(code.expose(), "the-code");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "the callback took {:?}",
        started.elapsed()
    );
    drop(idle);
}
