//! The long-lived `worktray` process: socket server, poller, clock, window launcher and tray.
//! Tokio runs the work on a background thread; GTK owns the main thread for the tray.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::sync::{broadcast, mpsc};
use url::Url;
use worktray_core::api::http_client;
use worktray_core::api::ScheduleMark;
use worktray_core::auth::{Accounts, SignInForm, TeamConfig};
use worktray_core::config;
use worktray_core::db::Database;
use worktray_core::ipc::{
    DaemonClient, Event, Reply, Request, RequestHandler, Server, TrayRequest, View,
};
use worktray_core::outbox::Outbox;
use worktray_core::poll::PollPlan;
use worktray_core::secret::Secret;
use worktray_core::service::{Answering, Tracker};
use worktray_core::settings::Settings;
use worktray_core::supervisor::{Shutdown, Supervisor};
use worktray_core::t;

use crate::menu::MenuAction;
use crate::shortcut::Shortcuts;
use crate::signin;
use crate::tray;
use crate::window::WindowLauncher;

/// Must be set before GTK starts: the tray draws no GL, and without this GTK maps Mesa's GL
/// stack (about half of the tray's memory under Xvfb). The window inherits it: it draws without
/// GL too (`src-tauri/window/webkit.rs`).
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

/// The daemon's Tokio runtime could not be made.
#[derive(Debug, thiserror::Error)]
pub struct RuntimeError(#[source] std::io::Error);

impl std::fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&t!("io-starting-runtime", error = self.0.to_string()))
    }
}

pub fn runtime() -> Result<Runtime, RuntimeError> {
    // One worker is plenty for a handful of requests a minute, and keeps memory down.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("worktray-io")
        .enable_all()
        .build()
        .map_err(RuntimeError)
}

/// `worktray` / `worktray daemon`: the user's own account, from the keyring (or the account
/// and token `from_env`).
pub fn run_with_environment(open_window: bool, from_env: Option<(String, Secret)>) -> ExitCode {
    prepare_environment();
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error.to_string()),
    };
    if let Some(code) = hand_over_to_running_daemon(&runtime) {
        return code;
    }
    let setup = async {
        let http = http_client()?;
        let gate = signin::machine_gate()?;
        let accounts = signin::accounts(http.clone(), gate.clone())?;
        let tracker = Tracker::new();
        // The tray shows a start at once; what Worksection then says reaches the user here.
        tracker.confirm_starts_after();
        tracker.use_outbox(Outbox::new(Database::in_data_dir(&config::data_dir()?)?));
        let mut keyring = KeyringAtStart::Answered;
        match signin::stored_api(&accounts, http, gate, from_env.as_ref()).await {
            Ok(Some(api)) => tracker.sign_in(api),
            Ok(None) => tracker.sign_out(&t!("daemon-not-signed-in-yet")),
            Err(error) => {
                tracing::warn!("{error}");
                if error.is_keyring_missing() {
                    keyring = KeyringAtStart::Missing;
                }
                tracker.sign_out(&error.to_string());
            }
        }
        Ok((tracker, accounts, keyring))
    };
    let setup: worktray_core::Result<(Tracker, Accounts, KeyringAtStart)> = runtime.block_on(setup);
    let (tracker, accounts, keyring) = match setup {
        Ok(parts) => parts,
        Err(error) => return fail(&error.to_string()),
    };
    let browser: Browser = Arc::new(signin::open_in_browser);
    run(
        &runtime,
        tracker,
        Arc::new(accounts),
        browser,
        open_window,
        keyring,
    )
}

/// Whether the keyring answered when the daemon started.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyringAtStart {
    /// It answered (with a saved sign-in or none), or the daemon does not use it (the demo).
    Answered,
    /// No Secret Service was on the bus: the saved sign-in is read again every
    /// [`KEYRING_RETRY`] until one comes (see [`wait_for_keyring`]).
    Missing,
}

/// How often a daemon that found no keyring at start asks again.
const KEYRING_RETRY: Duration = Duration::from_secs(10);

/// A tray started at login may come up before the Secret Service does (KeePassXC, say, serves
/// it only once its window has opened): the saved sign-in is read again until the keyring
/// answers, and the user finds themselves signed in without doing anything. A locked keyring
/// ends the wait, since asking it again would raise its unlock prompt again and again: the
/// user unlocks it from the window (Account → Try again).
async fn wait_for_keyring(desktop: Desktop, shutdown: Shutdown) {
    let stopped = shutdown.signalled();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            () = &mut stopped => return,
            () = tokio::time::sleep(KEYRING_RETRY) => {}
        }
        if desktop.tracker.api().is_ok() {
            return;
        }
        let restored = match desktop.accounts.check_keyring().await {
            Ok(()) => desktop.accounts.restore().await,
            Err(error) => Err(error),
        };
        match restored {
            Err(error) if error.is_keyring_missing() => {
                tracing::debug!("still no keyring: {error}");
                continue;
            }
            Ok(Some(api)) => {
                tracing::info!("the keyring answered: signed in again");
                desktop.tracker.sign_in(api);
            }
            Ok(None) => desktop.tracker.sign_out(&t!("daemon-not-signed-in-yet")),
            Err(error) => desktop.tracker.sign_out(&error.to_string()),
        }
        return;
    }
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
        Some(
            match running.ask(TrayRequest::OpenWindow { view: None }).await {
                Ok(()) => {
                    println!("{}", t!("daemon-already-running"));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error.to_string()),
            },
        )
    })
}

/// How the daemon shows the sign-in page: the default browser, or in the demo a scripted one.
pub type Browser = Arc<dyn Fn(&Url) + Send + Sync>;

/// What the daemon adds to the tracker: the window, sign-in, settings. Shared by the socket
/// handler and the tray menu, so a menu click and a window button do the same thing.
#[derive(Clone)]
pub struct Desktop {
    pub tracker: Tracker,
    window: WindowLauncher,
    accounts: Arc<Accounts>,
    browser: Browser,
    data_dir: PathBuf,
    shortcuts: Shortcuts,
    actions: mpsc::UnboundedSender<MenuAction>,
    /// Where pasted redirect addresses go while a sign-in waits.
    pasted: Arc<std::sync::Mutex<Option<mpsc::UnboundedSender<String>>>>,
}

impl Desktop {
    pub fn settings(&self) -> worktray_core::Result<Settings> {
        Settings::load(&self.data_dir)
    }

    /// Saves `settings` and puts them into effect. Shortcuts are registered before anything is
    /// saved: one the desktop refuses leaves the saved settings (and the working shortcuts) as
    /// they were.
    fn save_settings(&self, settings: &Settings) -> worktray_core::Result<Settings> {
        let before = self.settings().unwrap_or_default();
        let shortcuts_change = before.picker_shortcut != settings.picker_shortcut
            || before.log_time_shortcut != settings.log_time_shortcut;
        if shortcuts_change {
            self.shortcuts.set(settings, &before, &self.actions)?;
        }
        if let Err(error) = settings.save(&self.data_dir) {
            if shortcuts_change {
                let _ = self.shortcuts.set(&before, &before, &self.actions);
            }
            return Err(error);
        }
        if before.start_at_login != settings.start_at_login {
            crate::autostart::apply(settings.start_at_login)?;
        }
        self.apply(settings);
        self.tracker.announce();
        Ok(settings.clone())
    }

    /// Puts the settings that the tracker uses into effect.
    pub fn apply(&self, settings: &Settings) {
        self.tracker.set_work_hours(
            settings
                .work_hours_reminder
                .as_ref()
                .and_then(|r| r.hours().ok()),
        );
        self.tracker.set_long_timer(
            settings
                .long_timer_hours
                .map(|h| Duration::from_secs(u64::from(h) * 3600)),
        );
        self.tracker.set_pinned(settings.pinned_ids());
        self.tracker.set_away(settings.away());
        let lang = settings.lang(worktray_core::i18n::Lang::from_env());
        if lang != worktray_core::i18n::current() {
            worktray_core::i18n::set_current(lang);
            // The menu, the tooltip and an open window follow the status: say it anew.
            self.tracker.publish_status();
        }
    }

    /// Opens the window (or turns the open one) to `view`, and polls: what the user looks at
    /// must be fresh.
    pub fn open_window(&self, view: Option<View>) -> worktray_core::Result<()> {
        self.tracker.poll_soon();
        self.window
            .open(view, &self.tracker)
            .map_err(worktray_core::Error::from)
    }

    async fn answer(&self, request: TrayRequest) -> worktray_core::Result<Reply> {
        Ok(match request {
            TrayRequest::OpenWindow { view } => {
                self.open_window(view)?;
                Reply::Done
            }
            TrayRequest::SignInDefaults => Reply::SignInDefaults(self.accounts.defaults().await?),
            TrayRequest::SignIn {
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
                let (paste, pasted) = mpsc::unbounded_channel();
                *self
                    .pasted
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(paste);
                let signed_in = self
                    .accounts
                    .sign_in(form, move |url| browser(url), Some(pasted))
                    .await;
                self.pasted
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                let api = signed_in?;
                self.tracker.sign_in(api);
                Reply::Profile(self.tracker.whoami().await?)
            }
            TrayRequest::PasteSignIn { text } => {
                let waiting = self
                    .pasted
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .clone();
                match waiting {
                    Some(paste) if paste.send(text.0).is_ok() => Reply::Done,
                    _ => {
                        return Err(worktray_core::Error::invalid_input(t!(
                            "daemon-no-sign-in-waiting"
                        )))
                    }
                }
            }
            TrayRequest::ReloadSignIn => {
                match self.accounts.restore().await? {
                    Some(api) => self.tracker.sign_in(api),
                    None => self.tracker.sign_out(&t!("daemon-not-signed-in")),
                }
                Reply::Done
            }
            TrayRequest::ImportTeam { path } => {
                let team = TeamConfig::read(std::path::Path::new(&path))?;
                Reply::TeamImported(self.accounts.import_team(team).await?)
            }
            TrayRequest::SignOut => {
                self.sign_out().await?;
                Reply::Status(self.tracker.status())
            }
            TrayRequest::Settings => Reply::Settings(self.settings()?),
            TrayRequest::SaveSettings { settings } => {
                Reply::Settings(self.save_settings(&settings)?)
            }
            TrayRequest::PinTask { task, pinned } => {
                let task = self.tracker.resolve_task(&task).await?;
                let mut settings = self.settings()?;
                settings.pin(task, pinned);
                Reply::Settings(self.save_settings(&settings)?)
            }
        })
    }

    async fn sign_out(&self) -> worktray_core::Result<()> {
        self.accounts.sign_out().await?;
        self.tracker.sign_out(&t!("daemon-signed-out"));
        Ok(())
    }

    /// Carries out a tray menu click.
    async fn menu_action(&self, action: MenuAction) -> worktray_core::Result<()> {
        match action {
            MenuAction::Away => self.open_window(Some(View::Away)),
            MenuAction::Stop => self.tracker.stop(None).await.map(drop),
            MenuAction::StopWithComment => self.open_window(Some(View::StopWithComment)),
            MenuAction::Discard => self.tracker.discard().await.map(drop),
            MenuAction::OpenTaskInWorksection => {
                let running = self.tracker.status().timer;
                if let Some(timer) = running {
                    let link = self.tracker.api()?.web_link(&timer.task.page);
                    if let Err(error) = open::that_detached(&link) {
                        tracing::warn!("cannot open {link}: {error}");
                    }
                }
                Ok(())
            }
            MenuAction::Start(task) => self.tracker.start(task.as_str()).await.map(drop),
            MenuAction::StartSinceBack(task) => {
                let Some(back) = self.tracker.status().back_since else {
                    return self.tracker.start(task.as_str()).await.map(drop);
                };
                let since = worktray_core::tracking::Since {
                    text: &back.since_text,
                    look_up: false,
                };
                self.tracker
                    .start_on(task.as_str(), false, Some(&since))
                    .await
                    .map(drop)
            }
            MenuAction::StartOther => self.open_window(Some(View::Picker)),
            MenuAction::LogTime => self.open_window(Some(View::LogTime)),
            MenuAction::Entries => self.open_window(Some(View::Entries)),
            MenuAction::DaysOff => self.open_window(Some(View::DaysOff)),
            MenuAction::SickToday => self
                .tracker
                .set_days_off("today", ScheduleMark::SickLeave, true)
                .await
                .map(drop),
            MenuAction::OpenWindow => self.open_window(None),
            MenuAction::Settings => self.open_window(Some(View::Settings)),
            MenuAction::SignIn => self.open_window(Some(View::Account)),
            MenuAction::SignOut => self.sign_out().await,
            MenuAction::Refresh => self.tracker.refresh().await.map(drop),
            MenuAction::Quit => Ok(()),
        }
    }
}

impl RequestHandler for Desktop {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>> {
        Box::pin(async move {
            match request {
                Request::Core(request) => {
                    self.tracker
                        .handle_request(request, Answering::Daemon)
                        .await
                }
                Request::Tray(request) => self
                    .answer(request)
                    .await
                    .unwrap_or_else(|error| Reply::Error(error.into())),
            }
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
    keyring: KeyringAtStart,
) -> ExitCode {
    let socket = match config::socket_path() {
        Ok(socket) => socket,
        Err(error) => return fail(&error.to_string()),
    };
    let server = match runtime.block_on(Server::bind(&socket)) {
        Ok(server) => server,
        Err(error) => return fail(&error.to_string()),
    };
    let data_dir = match config::data_dir() {
        Ok(dir) => dir,
        Err(error) => return fail(&error.to_string()),
    };
    let (actions_tx, actions_rx) = mpsc::unbounded_channel();
    let desktop = Desktop {
        tracker: tracker.clone(),
        window: WindowLauncher::new(socket.clone()),
        accounts,
        browser,
        data_dir,
        shortcuts: Shortcuts::default(),
        actions: actions_tx.clone(),
        pasted: Arc::default(),
    };
    let settings = desktop.settings().unwrap_or_default();
    desktop.apply(&settings);
    if let Err(error) = desktop
        .shortcuts
        .set(&settings, &Settings::default(), &actions_tx)
    {
        tracing::warn!("global shortcuts: {error}");
    }
    let supervisor = Supervisor::new(runtime.handle().clone());
    let handler = Arc::new(desktop.clone());
    supervisor.spawn("the socket server", {
        let socket = socket.clone();
        |shutdown| async move {
            tokio::select! {
                () = server.serve(handler) => {}
                () = shutdown.signalled() => {}
            }
            // Gone with the listener, not after the other tasks: a `worktray` started while
            // they finish binds a socket of its own, which this one must not then remove.
            if let Err(error) = std::fs::remove_file(&socket) {
                tracing::debug!("socket already gone: {error}");
            }
        }
    });
    supervisor.spawn("the poller", {
        let tracker = tracker.clone();
        |shutdown| async move {
            tracker
                .run_poller(PollPlan::default(), shutdown.signalled())
                .await
        }
    });
    supervisor.spawn("the clock", {
        let tracker = tracker.clone();
        |shutdown| async move { tracker.run_clock(shutdown.signalled()).await }
    });
    supervisor.spawn("the away heartbeat", {
        let tracker = tracker.clone();
        |shutdown| async move { tracker.run_presence(shutdown.signalled()).await }
    });
    supervisor.spawn("the presence sources", {
        let tracker = tracker.clone();
        |shutdown| crate::presence::run(tracker, shutdown)
    });
    supervisor.spawn("the outbox sender", {
        let tracker = tracker.clone();
        |shutdown| async move { tracker.run_outbox(shutdown.signalled()).await }
    });
    if keyring == KeyringAtStart::Missing {
        let desktop = desktop.clone();
        supervisor.spawn("the keyring watch", |shutdown| {
            wait_for_keyring(desktop, shutdown)
        });
    }
    supervisor.spawn("the notifications", {
        let tracker = tracker.clone();
        let menu = actions_tx.clone();
        |shutdown| crate::notify::follow(tracker, menu, shutdown)
    });
    tracker.report_database_recovery();
    supervisor.spawn("the menu", {
        let desktop = desktop.clone();
        let supervisor = supervisor.clone();
        |shutdown| carry_out_menu_actions(actions_rx, desktop, supervisor, shutdown)
    });
    runtime.spawn({
        let supervisor = supervisor.clone();
        async move {
            tokio::select! {
                () = wait_for_termination() => supervisor.signal(),
                () = supervisor.signalled() => {}
            }
        }
    });
    if open_window {
        let _guard = runtime.enter();
        if let Err(error) = desktop.open_window(None) {
            tracing::warn!("{error}");
        }
    }
    tracing::info!("worktray daemon listening on {}", socket.display());
    match tray::start(&desktop, actions_tx) {
        Ok(tray_icon) => {
            tray::follow(tray_icon, desktop.clone());
            runtime.spawn({
                let supervisor = supervisor.clone();
                async move {
                    supervisor.signalled().await;
                    tray::quit();
                }
            });
            gtk::main();
        }
        Err(error) => {
            tracing::warn!(
                "{error}; running without a tray icon (the CLI and the window still work)"
            );
            runtime.block_on(supervisor.signalled());
        }
    }
    // The window has no daemon to talk to from here on.
    {
        let _guard = runtime.enter();
        desktop.window.close();
    }
    let aborted = runtime.block_on(supervisor.shut_down(SHUTDOWN_PATIENCE));
    if !aborted.is_empty() {
        tracing::warn!("stopped without waiting for {}", aborted.join(", "));
    }
    ExitCode::SUCCESS
}

/// How long a quitting daemon waits for its tasks: long enough for a queued entry on its way
/// to Worksection (two spaced requests on a slow network) to be confirmed. One cut off later
/// is still safe: the next start reconciles it before sending it again.
const SHUTDOWN_PATIENCE: Duration = Duration::from_secs(20);

async fn carry_out_menu_actions(
    mut actions: mpsc::UnboundedReceiver<MenuAction>,
    desktop: Desktop,
    supervisor: Supervisor,
    shutdown: Shutdown,
) {
    let stopped = shutdown.signalled();
    tokio::pin!(stopped);
    loop {
        let action = tokio::select! {
            action = actions.recv() => action,
            () = &mut stopped => return,
        };
        let Some(action) = action else { return };
        if action == MenuAction::Quit {
            supervisor.signal();
            return;
        }
        // Each click on its own task: a slow request must not hold back the next click.
        let desktop = desktop.clone();
        supervisor.spawn("a menu action", |_shutdown| async move {
            if let Err(error) = desktop.menu_action(action).await {
                tracing::warn!("{error}");
            }
        });
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
