//! The public handle: start, inspect and steer a simulator.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::{self, lock, App};
use crate::config::SimConfig;
use crate::conn::{ConnHandle, HangUpListener};
use crate::faults::Faults;
use crate::log::LoggedRequest;
use crate::seed;
use crate::tokens::{AuthStore, OAuthClient};

/// A running simulator. Cloning is cheap; every clone steers the same server.
#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

struct Inner {
    app: Arc<App>,
    demo_access_token: String,
    demo_client: OAuthClient,
    shutdown: watch::Sender<bool>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator")
            .field("base_url", &self.inner.app.base_url)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// Binds `addr` (port 0 picks a free port) and serves on a tokio task until
    /// [`Simulator::shutdown`].
    pub async fn start(addr: SocketAddr, config: SimConfig) -> io::Result<Simulator> {
        let listener = TcpListener::bind(addr).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let demo_client = seed::demo_client();
        let mut auth = AuthStore::new(config.access_token_lifetime);
        auth.register(demo_client.clone());
        let demo_access_token = auth
            .issue_tokens(&demo_client.client_id, seed::DEMO_USER_ID)
            .access_token;
        let world = seed::world(config.seed);
        let app = Arc::new(App::new(config, base_url, seed::DEMO_USER_ID, world, auth));
        let (shutdown, mut stopped) = watch::channel(false);
        let service =
            app::router(Arc::clone(&app)).into_make_service_with_connect_info::<ConnHandle>();
        tokio::spawn(async move {
            let signal = async move {
                // An error means every Simulator handle is gone: stop too.
                let _ = stopped.wait_for(|stop| *stop).await;
            };
            if let Err(error) = axum::serve(HangUpListener::new(listener), service)
                .with_graceful_shutdown(signal)
                .await
            {
                eprintln!("worktray-sim: server stopped: {error}");
            }
        });
        Ok(Simulator {
            inner: Arc::new(Inner {
                app,
                demo_access_token,
                demo_client,
                shutdown,
            }),
        })
    }

    fn app(&self) -> &App {
        &self.inner.app
    }

    /// `http://127.0.0.1:PORT`; also the OAuth2 base (`/oauth2/authorize` etc.).
    pub fn base_url(&self) -> String {
        self.app().base_url.clone()
    }

    /// The account URL the token endpoint reports; the API is at `account_url()/api/oauth2`.
    pub fn account_url(&self) -> String {
        self.base_url()
    }

    /// A valid access token for the demo user, issued at start.
    pub fn demo_access_token(&self) -> String {
        self.inner.demo_access_token.clone()
    }

    pub fn demo_user_email(&self) -> String {
        lock(&self.app().world)
            .user(seed::DEMO_USER_ID)
            .map(|user| user.email.clone())
            .unwrap_or_default()
    }

    /// The OAuth2 app registered at start.
    pub fn demo_client(&self) -> OAuthClient {
        self.inner.demo_client.clone()
    }

    /// Registers another OAuth2 app (replacing one with the same client id).
    pub fn register_client(&self, client: OAuthClient) {
        lock(&self.app().auth).register(client);
    }

    /// Every request to `/api/oauth2` and `/oauth2/*` so far, oldest first.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        lock(&self.app().log).clone()
    }

    /// Users, projects, tasks, timers, costs and schedules as JSON.
    pub fn state(&self) -> serde_json::Value {
        lock(&self.app().world).dump()
    }

    /// Replaces the injected faults.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.app().faults) = faults;
    }

    /// Expires every access token issued so far; refresh tokens keep working.
    pub fn expire_tokens_now(&self) {
        lock(&self.app().auth).expire_access_tokens();
    }

    /// Starts a timer for the user as if from the web app (the API then says code 6 to them).
    pub fn start_timer_as_user(&self, email: &str, task_id: u64) -> Result<(), StartTimerError> {
        start_timer_as(self.app(), email, task_id)
    }

    /// Moves the start of every running timer `by` into the past, as if each had run that much
    /// longer: a test's timer that has run for hours without the test waiting for them.
    pub fn backdate_timers(&self, by: std::time::Duration) {
        lock(&self.app().world).backdate_timers(by);
    }

    /// Allows or refuses every `update_users_schedule` (refused: an "Access denied" error).
    pub fn set_schedule_writes_allowed(&self, allowed: bool) {
        lock(&self.app().world).schedule_writes_allowed = allowed;
    }

    /// Stops accepting connections and closes idle ones.
    pub fn shutdown(&self) {
        self.inner.shutdown.send_replace(true);
    }
}

/// Why [`Simulator::start_timer_as_user`] started no timer.
#[derive(Debug, thiserror::Error)]
pub enum StartTimerError {
    #[error("no user with email {0}")]
    NoSuchUser(String),
    /// The API's refusal, as the request log writes it (`error 6: Timer is already started`).
    #[error("{0}")]
    Refused(String),
}

pub(crate) fn start_timer_as(app: &App, email: &str, task_id: u64) -> Result<(), StartTimerError> {
    let mut world = lock(&app.world);
    let user_id = world
        .user_by_key(email)
        .map(|user| user.id)
        .ok_or_else(|| StartTimerError::NoSuchUser(email.to_owned()))?;
    world
        .start_timer(user_id, task_id)
        .map_err(|error| StartTimerError::Refused(error.outcome()))
}
