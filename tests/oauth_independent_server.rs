//! The whole sign-in against an OAuth2 server that this project did not write: the npm package
//! `oauth2-mock-server`, set up by `tests/oauth-mock/server.mjs` to answer like Worksection
//! (refresh at its own `/oauth2/refresh`, rotating refresh tokens, `account_url` in the token
//! answer, client secret required in the form body, camelCase error bodies with HTTP 200).
//!
//! Needs `node` and `npm ci --prefix tests/oauth-mock` (the Makefile runs it before the tests).
//! Without them this test fails and says so; it never skips.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use worktray_core::api::{http_client, TokenSource};
use worktray_core::auth::login::authorize;
use worktray_core::auth::oauth::DEFAULT_SCOPES;
use worktray_core::auth::{
    MemoryStore, OAuthApp, OAuthSession, SecretName, SecretStore, SignedOutBecause, TokenSet,
};
use worktray_core::gate::RequestGate;
use worktray_core::secret::Secret;
use worktray_core::{AuthError, Error};
use worktray_tests::Sandbox;

const CLIENT_ID: &str = "worktray-it-client";
const CLIENT_SECRET: &str = "worktray-it-secret-7f3a";
const ACCOUNT_URL: &str = "https://worktray-it.worksection.com";

/// The mock server process; killed when dropped (stdin closing also stops it).
struct MockServer {
    base: String,
    http: reqwest::Client,
    output: Arc<Mutex<String>>,
    _child: Child,
}

impl MockServer {
    async fn start(redirect_uri: &str) -> MockServer {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oauth-mock");
        let installed = dir.join("node_modules/oauth2-mock-server/package.json");
        assert!(
            installed.exists(),
            "{} is missing: run `npm ci --prefix tests/oauth-mock` (make test does) before this test",
            installed.display()
        );
        let mut child = Command::new("node")
            .arg(dir.join("server.mjs"))
            .args(["--port", "0", "--host", "127.0.0.1"])
            .args(["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args(["--account-url", ACCOUNT_URL, "--redirect-uri", redirect_uri])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `node` for the OAuth2 mock server (is Node.js 18+ installed?): {e}"));

        let output = Arc::new(Mutex::new(String::new()));
        collect(child.stderr.take().expect("piped stderr"), output.clone());
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), stdout.next_line()).await;
        let base = match first {
            Ok(Ok(Some(line))) if line.starts_with("listening http://127.0.0.1:") => {
                line.trim_start_matches("listening ").trim().to_owned()
            }
            other => {
                // Give stderr a moment to arrive, then show it.
                tokio::time::sleep(Duration::from_millis(300)).await;
                panic!(
                    "the OAuth2 mock server did not start (first line: {other:?}); its stderr:\n{}",
                    text(&output)
                );
            }
        };
        let rest = output.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = stdout.next_line().await {
                push_line(&rest, &line);
            }
        });
        MockServer {
            base,
            http: reqwest::Client::new(),
            output,
            _child: child,
        }
    }

    /// Every request the server has seen, oldest first.
    async fn log(&self) -> Vec<Value> {
        let answer = self
            .http
            .get(format!("{}/_log", self.base))
            .send()
            .await
            .expect("GET /_log");
        answer.json().await.expect("the request log is JSON")
    }

    /// A raw refresh, as any client would send it, for checking what the server accepts.
    async fn raw_refresh(&self, refresh_token: &str) -> Value {
        let form = [
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ];
        let answer = self
            .http
            .post(format!("{}/oauth2/refresh", self.base))
            .form(&form)
            .send()
            .await
            .expect("POST /oauth2/refresh");
        answer.json().await.expect("the refresh answer is JSON")
    }

    fn output(&self) -> String {
        text(&self.output)
    }
}

fn collect(stream: impl AsyncRead + Unpin + Send + 'static, into: Arc<Mutex<String>>) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            push_line(&into, &line);
        }
    });
}

fn push_line(into: &Mutex<String>, line: &str) {
    let mut text = into.lock().unwrap_or_else(PoisonError::into_inner);
    text.push_str(line);
    text.push('\n');
}

fn text(output: &Mutex<String>) -> String {
    output
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

/// What a browser does: open the authorize page, which (the user having approved) redirects to
/// the app's loopback listener, and load that. Returns the listener's page.
async fn scripted_browser(authorize_url: reqwest::Url) -> Result<(u16, String), String> {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let answer = browser
        .get(authorize_url)
        .send()
        .await
        .map_err(|e| format!("authorize page: {e}"))?;
    if !answer.status().is_redirection() {
        let status = answer.status();
        return Err(format!(
            "the authorize page answered {status}: {}",
            answer.text().await.unwrap_or_default()
        ));
    }
    let location = answer
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .ok_or("the authorize redirect has no Location")?
        .to_owned();
    let page = browser
        .get(&location)
        .send()
        .await
        .map_err(|e| format!("callback {location}: {e}"))?;
    let status = page.status().as_u16();
    Ok((status, page.text().await.unwrap_or_default()))
}

fn requests_to<'a>(log: &'a [Value], path: &str) -> Vec<&'a Value> {
    log.iter().filter(|r| r["path"] == path).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_rotating_refresh_against_an_independent_oauth2_server() {
    let sandbox = Sandbox::new();
    let redirect_uri = format!(
        "http://127.0.0.1:{}/callback",
        worktray_sim::free_loopback_port().expect("a free port")
    );
    let mock = MockServer::start(&redirect_uri).await;
    let http = http_client().expect("HTTP client");
    let gate = RequestGate::new();
    let app = OAuthApp::new(
        &mock.base,
        CLIENT_ID,
        Secret::new(CLIENT_SECRET),
        &redirect_uri,
        DEFAULT_SCOPES,
    )
    .expect("the app settings are valid");

    // 1. Sign in: the browser is scripted; the app's own loopback listener receives the code.
    let mut browser = None;
    let signed_in = tokio::time::timeout(
        Duration::from_secs(60),
        authorize(
            &app,
            &http,
            &gate,
            &sandbox.data_dir(),
            |url| browser = Some(tokio::spawn(scripted_browser(url.clone()))),
            None,
        ),
    )
    .await
    .unwrap_or_else(|_| {
        panic!(
            "the sign-in did not finish in 60 s; mock output:\n{}",
            mock.output()
        )
    });
    let tokens = signed_in
        .unwrap_or_else(|e| panic!("the sign-in failed: {e}; mock output:\n{}", mock.output()));
    let (status, page) = browser
        .expect("the authorize URL was shown")
        .await
        .expect("browser task")
        .expect("browser");
    assert_eq!(status, 200, "the loopback listener's page: {page}");
    assert!(
        page.contains("signed in"),
        "the browser is told the sign-in worked: {page}"
    );

    assert_eq!(
        tokens.access.expose().split('.').count(),
        3,
        "the access token is the server's JWT"
    );
    assert!(
        tokens.refresh.expose().starts_with("def50200"),
        "the refresh token is the server's"
    );
    assert_eq!(
        tokens.account_url,
        reqwest::Url::parse(ACCOUNT_URL).unwrap(),
        "the API base comes from the token answer's account_url"
    );
    let lifetime = tokens
        .expires_at
        .duration_since(SystemTime::now())
        .expect("expiry is in the future");
    assert!(
        lifetime > Duration::from_secs(23 * 3600),
        "expires_in (24 h) is honoured: {lifetime:?}"
    );

    let log = mock.log().await;
    let authorize_requests = requests_to(&log, "/oauth2/authorize");
    assert_eq!(authorize_requests.len(), 1, "{log:#?}");
    assert_eq!(authorize_requests[0]["client_id"], CLIENT_ID);
    assert_eq!(authorize_requests[0]["scope"], DEFAULT_SCOPES);
    assert_eq!(
        authorize_requests[0]["client_secret_in_query"], false,
        "the secret stays out of the browser"
    );
    let token_requests = requests_to(&log, "/oauth2/token");
    assert_eq!(token_requests.len(), 1, "one code exchange: {log:#?}");
    let exchange = token_requests[0];
    assert_eq!(exchange["method"], "POST");
    assert_eq!(exchange["grant_type"], "authorization_code");
    assert_eq!(
        exchange["client_secret_in_body"], true,
        "client_secret goes in the form body: {exchange}"
    );
    assert_eq!(exchange["client_secret_in_query"], false);
    assert_eq!(exchange["basic_auth"], false);
    assert_eq!(exchange["issued"], true);

    // 2. The access token is past its expiry (a laptop that slept through it): the first call
    //    refreshes, through /oauth2/refresh, and the new pair is kept.
    let store = Arc::new(MemoryStore::default());
    let expired = TokenSet {
        expires_at: SystemTime::now() - Duration::from_secs(60),
        ..tokens.clone()
    };
    let session = OAuthSession::new(
        app.clone(),
        &expired,
        http.clone(),
        gate.clone(),
        store.clone(),
        sandbox.data_dir(),
    );
    let access = session
        .access_token()
        .await
        .unwrap_or_else(|e| panic!("the refresh failed: {e}; mock output:\n{}", mock.output()));
    assert_ne!(access, tokens.access, "a new access token");
    let renewed_refresh = store
        .read(SecretName::RefreshToken)
        .unwrap()
        .expect("the new refresh token is stored");
    assert_ne!(
        renewed_refresh, tokens.refresh,
        "the refresh token was rotated"
    );
    assert!(renewed_refresh.expose().starts_with("def50200"));
    assert_eq!(
        store.read(SecretName::AccessToken).unwrap().as_ref(),
        Some(&access)
    );
    assert_eq!(
        session.access_token().await.expect("cached token"),
        access,
        "a fresh token is not refreshed again"
    );

    let log = mock.log().await;
    let refreshes = requests_to(&log, "/oauth2/refresh");
    assert_eq!(
        refreshes.len(),
        1,
        "one refresh, at /oauth2/refresh: {log:#?}"
    );
    assert_eq!(refreshes[0]["method"], "POST");
    assert_eq!(refreshes[0]["grant_type"], "refresh_token");
    assert_eq!(
        refreshes[0]["client_secret_in_body"], true,
        "the refresh carries the secret in the body"
    );
    assert_eq!(refreshes[0]["issued"], true);
    assert_eq!(
        requests_to(&log, "/oauth2/token").len(),
        1,
        "nothing but the code exchange went to /oauth2/token: {log:#?}"
    );

    // 3. Rotation: the old refresh token is dead on the server...
    let answer = mock.raw_refresh(tokens.refresh.expose()).await;
    assert_eq!(
        answer,
        json!({"error": "invalid_request", "errorDescription": "Cannot decrypt the refresh token"})
    );
    // ...and the core reads that answer (HTTP 200 with an error body) as a refusal.
    match app
        .refresh(&http, &gate, &tokens.refresh, &tokens.account_url)
        .await
    {
        Err(Error::Auth(AuthError::SignInRefused { error, description })) => {
            assert_eq!(error, "invalid_request");
            assert_eq!(description, "Cannot decrypt the refresh token");
        }
        other => panic!("the dead refresh token should be refused, got {other:?}"),
    }
    // A session still holding the old pair signs out instead of retrying.
    let stale = OAuthSession::new(
        app.clone(),
        &expired,
        http.clone(),
        gate.clone(),
        Arc::new(MemoryStore::default()),
        sandbox.data_dir(),
    );
    match stale.access_token().await {
        Err(Error::Auth(AuthError::NotSignedIn(SignedOutBecause::Ended { reason }))) => assert!(
            reason.contains("Cannot decrypt the refresh token"),
            "{reason}"
        ),
        other => panic!("a session with a dead refresh token should end, got {other:?}"),
    }
    // The renewed one still works (and is rotated in turn).
    let again = mock.raw_refresh(renewed_refresh.expose()).await;
    assert!(
        again["refresh_token"]
            .as_str()
            .is_some_and(|t| t != renewed_refresh.expose()),
        "{again}"
    );
    assert_eq!(again["account_url"], ACCOUNT_URL);
}
