//! The long-lived `worktray` process: socket server, poller, clock, window launcher and tray.
//! Tokio runs the work on a background thread; GTK owns the main thread for the tray.

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;

use tokio::runtime::Runtime;
use tokio::sync::{broadcast, mpsc, watch};
use url::Url;
use worktray_core::api::http_client;
use worktray_core::auth::{Accounts, SignInForm};
use worktray_core::config;
use worktray_core::db::Database;
use worktray_core::ipc::{DaemonClient, Event, Reply, Request, RequestHandler, Server};
use worktray_core::outbox::Outbox;
use worktray_core::poll::PollPlan;
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;

use crate::menu::MenuAction;
use crate::signin;
use crate::tray;
use crate::window::WindowLauncher;

/// Must be set before GTK starts: the tray draws no GL, and without this GTK maps Mesa's GL
/// stack (about half of the tray's memory under Xvfb).
pub fn prepare_environment() {
    if std::env::var_os("GDK_GL").is_none() {
        std::env::set_var("GDK_GL", "disable");
    }
    let filter = tracing_subscriber::EnvFilter::try_from_env("WORKTRAY_LOG")
        .unwrap_or_else(|_| "worktray=info,worktray_core=info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub fn runtime() -> Result<Runtime, String> {
    // One worker is plenty for a handful of requests a minute, and keeps memory down.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("worktray-io")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))
}

/// `worktray` / `worktray daemon`: the user's own account, from the keyring.
pub fn run_with_environment(open_window: bool) -> ExitCode {
    prepare_environment();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    if let Some(code) = hand_over_to_running_daemon(&runtime) {
        return code;
    }
    let setup = || -> worktray_core::Result<(Tracker, Accounts)> {
        let http = http_client()?;
        let gate = signin::machine_gate()?;
        let accounts = signin::accounts(http.clone(), gate.clone())?;
        let tracker = Tracker::new();
        tracker.use_outbox(Outbox::new(Database::in_data_dir(&config::data_dir()?)?));
        match signin::stored_api(&accounts, http, gate) {
            Ok(Some(api)) => tracker.sign_in(api),
            Ok(None) => {
                tracker.sign_out("not signed in yet: open Worktray and sign in to Worksection")
            }
            Err(error) => {
                tracing::warn!("{error}");
                tracker.sign_out(&error.to_string());
            }
        }
        Ok((tracker, accounts))
    };
    let (tracker, accounts) = {
        let _guard = runtime.enter();
        match setup() {
            Ok(parts) => parts,
            Err(error) => return fail(&error.to_string()),
        }
    };
    let browser: Browser = Arc::new(signin::open_in_browser);
    run(&runtime, tracker, Arc::new(accounts), browser, open_window)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("worktray: {message}");
    ExitCode::FAILURE
}

/// Single instance: when a daemon already runs, ask it to open its window and stop here.
pub fn hand_over_to_running_daemon(runtime: &Runtime) -> Option<ExitCode> {
    let socket = config::socket_path().ok()?;
    let running = DaemonClient::new(socket);
    runtime.block_on(async {
        if !running.is_running().await {
            return None;
        }
        Some(match running.open_window().await {
            Ok(()) => {
                println!("worktray is already running; its window is open.");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error.to_string()),
        })
    })
}

/// How the daemon shows the sign-in page: the default browser, or in the demo a scripted one.
pub type Browser = Arc<dyn Fn(&Url) + Send + Sync>;

/// What the socket serves: the tracker, plus the requests only the daemon can answer.
struct DaemonHandler {
    tracker: Tracker,
    window: WindowLauncher,
    accounts: Arc<Accounts>,
    browser: Browser,
}

impl DaemonHandler {
    async fn answer(&self, request: Request) -> worktray_core::Result<Reply> {
        Ok(match request {
            Request::OpenWindow => {
                self.tracker.poll_soon();
                self.window.open().map_err(worktray_core::Error::Input)?;
                Reply::Done
            }
            Request::SignInDefaults => Reply::SignInDefaults(self.accounts.defaults()?),
            Request::SignIn {
                client_id,
                client_secret,
                redirect_uri,
                scopes,
            } => {
                let form = SignInForm {
                    client_id,
                    client_secret: client_secret.map(|s| Secret::new(s.0)),
                    redirect_uri,
                    scopes,
                };
                let browser = self.browser.clone();
                let api = self
                    .accounts
                    .sign_in(form, move |url| browser(url), None)
                    .await?;
                self.tracker.sign_in(api);
                Reply::Profile(self.tracker.whoami().await?)
            }
            Request::ReloadSignIn => {
                match self.accounts.restore()? {
                    Some(api) => self.tracker.sign_in(api),
                    None => self.tracker.sign_out("not signed in"),
                }
                Reply::Done
            }
            Request::SignOut => {
                self.accounts.sign_out()?;
                self.tracker
                    .sign_out("signed out; sign in again to track time");
                Reply::Status(self.tracker.status())
            }
            other => self.tracker.handle_request(other).await,
        })
    }
}

impl RequestHandler for DaemonHandler {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>> {
        Box::pin(async move {
            self.answer(request)
                .await
                .unwrap_or_else(|error| Reply::Error(error.into()))
        })
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        self.tracker.subscribe()
    }
}

/// Runs the daemon until Quit, SIGINT or SIGTERM.
pub fn run(
    runtime: &Runtime,
    tracker: Tracker,
    accounts: Arc<Accounts>,
    browser: Browser,
    open_window: bool,
) -> ExitCode {
    let socket = match config::socket_path() {
        Ok(socket) => socket,
        Err(error) => return fail(&error.to_string()),
    };
    let server = match runtime.block_on(Server::bind(&socket)) {
        Ok(server) => server,
        Err(error) => return fail(&error.to_string()),
    };
    let window = WindowLauncher::new(socket.clone());
    let (stop_tx, stop_rx) = watch::channel(false);
    let stopped = move || {
        let mut stop_rx = stop_rx.clone();
        async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        }
    };
    let handler = Arc::new(DaemonHandler {
        tracker: tracker.clone(),
        window: window.clone(),
        accounts,
        browser,
    });
    runtime.spawn(server.serve(handler));
    runtime.spawn({
        let tracker = tracker.clone();
        let stopped = stopped();
        async move { tracker.run_poller(PollPlan::default(), stopped).await }
    });
    runtime.spawn({
        let tracker = tracker.clone();
        let stopped = stopped();
        async move { tracker.run_clock(stopped).await }
    });
    runtime.spawn({
        let tracker = tracker.clone();
        let stopped = stopped();
        async move { tracker.run_outbox(stopped).await }
    });
    crate::notify::follow(tracker.clone(), runtime.handle());
    let (actions_tx, actions_rx) = mpsc::unbounded_channel();
    runtime.spawn(carry_out_menu_actions(
        actions_rx,
        tracker.clone(),
        window.clone(),
        stop_tx.clone(),
    ));
    runtime.spawn({
        let stop_tx = stop_tx.clone();
        async move {
            wait_for_termination().await;
            let _ = stop_tx.send(true);
        }
    });
    if open_window {
        let _guard = runtime.enter();
        if let Err(error) = window.open() {
            tracing::warn!("{error}");
        }
    }
    tracing::info!("worktray daemon listening on {}", socket.display());
    match tray::start(&tracker, actions_tx) {
        Ok(tray_icon) => {
            tray::follow(tray_icon, tracker.clone());
            runtime.spawn({
                let stopped = stopped();
                async move {
                    stopped.await;
                    tray::quit();
                }
            });
            gtk::main();
        }
        Err(error) => {
            tracing::warn!(
                "{error}; running without a tray icon (the CLI and the window still work)"
            );
            runtime.block_on(stopped());
        }
    }
    let _guard = runtime.enter();
    window.close();
    if let Err(error) = std::fs::remove_file(&socket) {
        tracing::debug!("socket already gone: {error}");
    }
    ExitCode::SUCCESS
}

async fn carry_out_menu_actions(
    mut actions: mpsc::UnboundedReceiver<MenuAction>,
    tracker: Tracker,
    window: WindowLauncher,
    stop: watch::Sender<bool>,
) {
    while let Some(action) = actions.recv().await {
        let outcome = match action {
            MenuAction::Stop => tracker.stop(None).await.map(drop),
            MenuAction::Discard => tracker.discard().await.map(drop),
            MenuAction::Start(task) => tracker.start(task.as_str()).await.map(drop),
            MenuAction::Refresh => tracker.refresh().await.map(drop),
            MenuAction::OpenWindow => {
                if let Err(error) = window.open() {
                    tracing::warn!("{error}");
                }
                Ok(())
            }
            MenuAction::Quit => {
                let _ = stop.send(true);
                return;
            }
        };
        if let Err(error) = outcome {
            tracing::warn!("{error}");
        }
    }
}

#[cfg(unix)]
async fn wait_for_termination() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_termination() {
    let _ = tokio::signal::ctrl_c().await;
}
