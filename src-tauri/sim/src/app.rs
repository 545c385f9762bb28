//! The running simulator's `App`: the state every handler shares, and its HTTP routes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::routing::{any, get, post};
use axum::Router;

use crate::config::SimConfig;
use crate::faults::Faults;
use crate::log::LoggedRequest;
use crate::reply::Reply;
use crate::state::World;
use crate::tokens::AuthStore;
use crate::{api, control, oauth};

/// The vendor's limit: one API request per second (per token here).
const RATE_LIMIT_WINDOW: Duration = Duration::from_millis(1000);

/// Locks a mutex, shrugging off poisoning: every critical section leaves the data consistent
/// before anything that could panic, and a simulator must keep answering.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Everything the handlers share.
pub(crate) struct App {
    pub(crate) config: SimConfig,
    pub(crate) base_url: String,
    /// The user the consent page signs in as (the simulator has no login page).
    pub(crate) demo_user_id: u64,
    pub(crate) world: Mutex<World>,
    pub(crate) auth: Mutex<AuthStore>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) log: Mutex<Vec<LoggedRequest>>,
    /// When each token last sent an API request, for the rate limit.
    last_request: Mutex<HashMap<String, Instant>>,
}

impl App {
    pub(crate) fn new(
        config: SimConfig,
        base_url: String,
        demo_user_id: u64,
        world: World,
        auth: AuthStore,
    ) -> Self {
        Self {
            config,
            base_url,
            demo_user_id,
            world: Mutex::new(world),
            auth: Mutex::new(auth),
            faults: Mutex::new(Faults::default()),
            log: Mutex::new(Vec::new()),
            last_request: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn record(&self, entry: LoggedRequest) {
        lock(&self.log).push(entry);
    }

    /// Notes an API request by `token`; true when it came within a second of the previous
    /// one (rejected ones included, as they were sent too) and the limit is enforced.
    pub(crate) fn note_request(&self, token: &str) -> bool {
        let now = Instant::now();
        let previous = lock(&self.last_request).insert(token.to_owned(), now);
        self.config.enforce_rate_limit
            && previous.is_some_and(|at| now.duration_since(at) < RATE_LIMIT_WINDOW)
    }

    /// What the network does before the service sees a request: hang up while offline,
    /// otherwise wait the injected latency and any hold-up.
    pub(crate) async fn network(&self) -> Result<(), Reply> {
        let (faults, held_up_ms) = {
            let mut faults = lock(&self.faults);
            let held_up_ms = faults.take_held_up().unwrap_or(0);
            (faults.clone(), held_up_ms)
        };
        if faults.offline {
            return Err(Reply::hang_up("hung up: offline"));
        }
        let delay = faults.latency_ms + held_up_ms;
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        Ok(())
    }
}

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/oauth2", any(api::handle))
        .route("/oauth2/authorize", get(oauth::authorize))
        .route("/oauth2/authorize/decision", post(oauth::decision))
        .route("/oauth2/token", post(oauth::token))
        .route("/oauth2/refresh", post(oauth::refresh))
        .route("/oauth2/resource", post(oauth::resource))
        .nest("/_sim", control::router())
        .with_state(app)
}
