//! `worktray demo`: the whole app on the built-in Worksection simulator, signed in to a demo
//! account, so anyone can try it without an account. It signs in through the same OAuth2 code
//! path as a real user — only the "browser" is scripted (the simulator approves at once) and
//! the tokens stay in memory instead of the keyring.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use url::Url;
use worktray_core::api::http_client;
use worktray_core::auth::{Accounts, MemoryStore, SignInForm};
use worktray_core::config;
use worktray_core::db::Database;
use worktray_core::gate::RequestGate;
use worktray_core::outbox::Outbox;
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_core::IoAction;
use worktray_core::{t, Error, Result};
use worktray_sim::{OAuthClient, Seed, SimConfig, Simulator};

use crate::daemon::{self, Browser};

pub fn run(port: u16, open_window: bool) -> ExitCode {
    // A demo daemon must not take the place of a real one, nor read its files.
    if std::env::var_os(config::ENV_SOCKET).is_none() {
        if let Ok(socket) = config::socket_path() {
            std::env::set_var(
                config::ENV_SOCKET,
                socket.with_file_name("worktray-demo.sock"),
            );
        }
    }
    let demo_dir = std::env::temp_dir().join(format!("worktray-demo-{}", std::process::id()));
    daemon::prepare_environment();
    let runtime = match daemon::runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("worktray: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(code) = daemon::hand_over_to_running_daemon(&runtime) {
        return code;
    }
    let started = runtime.block_on(start(port, &demo_dir));
    let (simulator, tracker, accounts, browser) = match started {
        Ok(parts) => parts,
        Err(error) => {
            eprintln!(
                "worktray: {}",
                t!("cli-demo-not-started", error = error.to_string())
            );
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{}",
        t!(
            "cli-demo-signed-in",
            email = simulator.demo_user_email(),
            url = simulator.base_url().to_string()
        )
    );
    if let Ok(socket) = config::socket_path() {
        println!(
            "{}",
            t!(
                "cli-demo-try",
                command = format!(
                    "{}={} worktray status",
                    config::ENV_SOCKET,
                    socket.display()
                )
            )
        );
    }
    let code = daemon::run(
        &runtime,
        tracker,
        accounts,
        browser,
        open_window,
        daemon::KeyringAtStart::Answered,
    );
    simulator.shutdown();
    if let Err(error) = std::fs::remove_dir_all(&demo_dir) {
        tracing::debug!("demo files already gone: {error}");
    }
    code
}

async fn start(
    port: u16,
    demo_dir: &std::path::Path,
) -> Result<(Simulator, Tracker, Arc<Accounts>, Browser)> {
    let config = SimConfig {
        seed: Seed::Demo,
        auto_approve: true,
        ..SimConfig::default()
    };
    let simulator = Simulator::start(SocketAddr::from((Ipv4Addr::LOCALHOST, port)), config)
        .await
        .map_err(|e| Error::io(IoAction::StartingSimulator, e))?;
    let callback_port =
        worktray_sim::free_loopback_port().map_err(|e| Error::io(IoAction::FindingPort, e))?;
    let client = OAuthClient {
        client_id: "worktray-demo".into(),
        client_secret: "demo-secret".into(),
        redirect_uri: format!("http://127.0.0.1:{callback_port}/callback"),
    };
    simulator.register_client(client.clone());
    let http = http_client()?;
    let accounts = Accounts::new(
        Arc::new(MemoryStore::default()),
        demo_dir.to_path_buf(),
        http.clone(),
        RequestGate::new(),
    )
    .with_auth_url(&simulator.base_url());
    let browser = scripted_browser(http);
    let form = SignInForm {
        client_id: client.client_id,
        client_secret: Some(Secret::new(client.client_secret)),
        redirect_uri: client.redirect_uri,
        scopes: worktray_core::auth::oauth::DEFAULT_SCOPES.into(),
    };
    let api = {
        let browser = browser.clone();
        accounts
            .sign_in(form, move |url| browser(url), None)
            .await?
    };
    let tracker = Tracker::signed_in(api);
    tracker.use_outbox(Outbox::new(Database::in_data_dir(demo_dir)?));
    Ok((simulator, tracker, Arc::new(accounts), browser))
}

/// Does what a user's browser does on the simulator's auto-approving consent: follows the
/// authorize redirect to the loopback callback.
fn scripted_browser(http: reqwest::Client) -> Browser {
    Arc::new(move |url: &Url| {
        let http = http.clone();
        let url = url.clone();
        tokio::spawn(async move {
            let answer = match http.get(url).send().await {
                Ok(answer) => answer,
                Err(error) => return tracing::warn!("demo sign-in: {error}"),
            };
            let Some(location) = answer
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
            else {
                return tracing::warn!(
                    "demo sign-in: the simulator did not redirect ({})",
                    answer.status()
                );
            };
            if let Err(error) = http.get(location).send().await {
                tracing::warn!("demo sign-in: {error}");
            }
        });
    })
}
