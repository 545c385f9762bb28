//! The tracker: the one place that turns user intentions ("start on this task", "stop with
//! this comment") into Worksection requests and keeps the state every front end shows. The
//! daemon serves it over the socket; the CLI uses it directly when no daemon runs. Either way
//! the same rules apply.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use tokio::sync::{broadcast, Notify};

use crate::api::ApiClient;
use crate::entries::WriteOutcome;
use crate::error::{Error, Result};
use crate::ipc::{
    Connection, Event, Profile, Reply, Request, RequestHandler, StartReport, Status, StopReport,
};
use crate::models::{Id, Me, TaskSummary};
use crate::notices::Notice;
use crate::outbox::{Outbox, QueueCounts};
use crate::poll::{next_step, woke_from_sleep, PollOutcome, PollPlan, Step};
use crate::session::{Generation, Session, SignedIn};
use crate::timer::ObservedTimer;
use crate::timer_rules::{
    after_queued, change_elsewhere, plan_discard, plan_start, plan_stop, QueuedStart, StartPlan,
};

/// My open tasks are fetched again after this long (or on demand), never one request per task.
pub const TASKS_MAX_AGE: Duration = Duration::from_secs(5 * 60);
/// A timer state older than this is refreshed before acting on it.
const STATE_MAX_AGE: Duration = Duration::from_secs(90);

#[derive(Default)]
pub(crate) struct TrackerState {
    /// The sign-in this state belongs to.
    pub(crate) generation: Generation,
    pub(crate) me: Option<Me>,
    pub(crate) timer: Option<ObservedTimer>,
    pub(crate) checked_at: Option<SystemTime>,
    pub(crate) connection: Option<Connection>,
    pub(crate) problem: Option<String>,
    pub(crate) my_tasks: Option<(SystemTime, Vec<TaskSummary>)>,
    /// Tasks the timer ran on lately, most recent first.
    pub(crate) recent: Vec<TaskSummary>,
    /// Whether today is a day off, as looked up on that date.
    pub(crate) day_off: Option<(chrono::NaiveDate, Option<crate::models::DayKind>)>,
    /// Projects with their time-entry options, for checking entries before sending them.
    pub(crate) projects: Option<(SystemTime, Vec<crate::models::Project>)>,
}

impl TrackerState {
    /// False for a task of a project known to be archived: still "open" in Worksection's
    /// task search, but nobody means to track time on it.
    fn in_open_project(&self, task: &TaskSummary) -> bool {
        let Some((_, projects)) = &self.projects else {
            return true;
        };
        projects
            .iter()
            .find(|p| p.id.as_str() == task.project_id)
            .is_none_or(|p| !p.status.eq_ignore_ascii_case("archived"))
    }
}

/// A timer running longer than this is probably forgotten (a setting; this is the default).
pub const DEFAULT_LONG_TIMER: Duration = Duration::from_secs(8 * 3600);

/// How many recent tasks the tray offers to start on.
pub const QUICK_TASKS: usize = 5;

/// Cheap to clone; all clones share one state.
#[derive(Clone)]
pub struct Tracker {
    shared: Arc<Shared>,
}

struct Shared {
    session: Session,
    state: Mutex<TrackerState>,
    events: broadcast::Sender<Event>,
    poll_now: Notify,
    /// The durable queue of writes; `None` only in tests and tools without a data directory.
    outbox: Mutex<Option<Outbox>>,
    notices: broadcast::Sender<Notice>,
    tasks_fetch: tokio::sync::Mutex<()>,
    work_hours: Mutex<Option<WorkHours>>,
    /// Show a notice when a timer runs longer than this.
    long_timer: Mutex<Option<Duration>>,
}

impl Tracker {
    /// A tracker that is signed out until [`Tracker::sign_in`].
    pub fn new() -> Self {
        let (events, _) = broadcast::channel(32);
        Tracker {
            shared: Arc::new(Shared {
                session: Session::default(),
                state: Mutex::new(TrackerState::default()),
                events,
                poll_now: Notify::new(),
                outbox: Mutex::new(None),
                notices: broadcast::channel(16).0,
                tasks_fetch: tokio::sync::Mutex::new(()),
                work_hours: Mutex::new(None),
                long_timer: Mutex::new(Some(DEFAULT_LONG_TIMER)),
            }),
        }
    }

    pub fn signed_in(api: ApiClient) -> Self {
        let tracker = Tracker::new();
        tracker.sign_in(api);
        tracker
    }

    /// Starts using `api` (a new sign-in): forgets what the previous one knew and polls.
    pub fn sign_in(&self, api: ApiClient) {
        let problems = api.sign_in_problems();
        {
            let mut state = self.state();
            let generation = self.shared.session.replace(Some(api));
            *state = TrackerState {
                generation,
                ..TrackerState::default()
            };
        }
        if let Some(problems) = problems {
            self.follow_sign_in_problems(problems);
        }
        self.publish();
        self.poll_soon();
    }

    /// Tells the user when the sign-in is not safely kept (a renewed pair the keyring refused),
    /// and again when it is, until that sign-in is replaced.
    fn follow_sign_in_problems(&self, mut problems: tokio::sync::watch::Receiver<Option<String>>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let tracker = Arc::downgrade(&self.shared);
        runtime.spawn(async move {
            // Ends when the session goes (its sender with it), or the tracker does.
            while problems.changed().await.is_ok() {
                let problem = problems.borrow_and_update().clone();
                let Some(shared) = tracker.upgrade() else {
                    return;
                };
                let tracker = Tracker { shared };
                tracker.publish();
                if let Some(reason) = problem {
                    tracker.notify(Notice::SignInNotSaved { reason });
                }
            }
        });
    }

    /// Why the sign-in is not safely kept, while it is not: a renewed pair lives in memory only.
    pub fn sign_in_problem(&self) -> Option<String> {
        self.shared.session.problem()
    }

    /// Things worth a desktop notification.
    pub fn notices(&self) -> broadcast::Receiver<Notice> {
        self.shared.notices.subscribe()
    }

    pub(crate) fn notify(&self, notice: Notice) {
        // Nobody listening (the CLI) is fine.
        let _ = self.shared.notices.send(notice);
    }

    /// Notify when a timer runs longer than `limit`; `None` never.
    pub fn set_long_timer(&self, limit: Option<Duration>) {
        *self
            .shared
            .long_timer
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = limit;
    }

    /// Remind when no timer runs during these work hours; `None` never.
    pub fn set_work_hours(&self, hours: Option<WorkHours>) {
        *self
            .shared
            .work_hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = hours;
    }

    /// Sends every write through `outbox` from now on.
    pub fn use_outbox(&self, outbox: Outbox) {
        *self
            .shared
            .outbox
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(outbox);
    }

    /// Tells the user, with a notice, that the local database had to be repaired when it was
    /// opened, and where the damaged file went. The daemon calls it once its notices are
    /// followed; the CLI says it on stderr instead.
    pub fn report_database_recovery(&self) {
        let outbox = self.outbox().ok();
        if let Some(recovery) = outbox.as_ref().and_then(|o| o.database().recovery()) {
            self.notify(Notice::from(recovery));
        }
    }

    pub fn outbox(&self) -> Result<Outbox> {
        self.shared
            .outbox
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| Error::Config("no local database for queued entries".into()))
    }

    /// The signed-in user, asking the server the first time.
    pub async fn me(&self) -> Result<Me> {
        self.ensure_me().await
    }

    /// Stops using the API: the state says signed out, with `reason`.
    pub fn sign_out(&self, reason: &str) {
        let mut state = self.state();
        let generation = self.shared.session.replace(None);
        *state = TrackerState {
            generation,
            connection: Some(Connection::SignedOut),
            problem: Some(reason.to_owned()),
            ..TrackerState::default()
        };
        drop(state);
        self.publish();
    }

    /// The API client, or a "not signed in" error.
    pub fn api(&self) -> Result<ApiClient> {
        self.session().map(|signed_in| signed_in.api)
    }

    /// The current sign-in, or a "not signed in" error.
    pub(crate) fn session(&self) -> Result<SignedIn> {
        self.shared.session.current().ok_or_else(|| {
            let reason = self.state().problem.clone();
            Error::NotSignedIn(reason.unwrap_or_else(|| {
                "sign in to Worksection first (tray → Sign in, or `worktray login`)".into()
            }))
        })
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, TrackerState> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The state, to write what a request of `signed_in` learnt into it: `None` once another
    /// sign-in (or a sign-out) has replaced that one, whose state it must not touch.
    pub(crate) fn state_for(&self, signed_in: &SignedIn) -> Option<MutexGuard<'_, TrackerState>> {
        let state = self.state();
        (state.generation == signed_in.generation()).then_some(state)
    }

    /// State changes, for the tray and the window.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    fn publish(&self) {
        // No subscriber is not an error: the window may be closed.
        let _ = self.shared.events.send(Event::Status(self.status()));
    }

    /// Asks the poller to check the server now (after a user action, when the window opens,
    /// after a wake from sleep).
    pub fn poll_soon(&self) {
        self.shared.poll_now.notify_one();
    }

    /// The state as last seen, with the timer's elapsed time brought up to now. No request.
    /// While Worksection's "slow down" pause lasts, the problem says when the next try is.
    pub fn status(&self) -> Status {
        let now = SystemTime::now();
        let paused_until = self.shared.session.paused_until();
        let sign_in_problem = self.sign_in_problem();
        let state = self.state();
        Status {
            connection: state.connection.unwrap_or(Connection::Unknown),
            signed_in_as: state.me.as_ref().map(Me::display_name),
            timer: state.timer.as_ref().map(|t| t.view(now)),
            checked_at: state
                .checked_at
                .map(|t| DateTime::<Utc>::from(t).to_rfc3339()),
            problem: match paused_until {
                Some(until) => Some(format!(
                    "Worksection asked to slow down; next try at {}",
                    crate::error::clock_time(until)
                )),
                None => sign_in_problem.or_else(|| state.problem.clone()),
            },
            queue: self.queue_counts(),
        }
    }

    fn queue_counts(&self) -> QueueCounts {
        self.outbox()
            .and_then(|outbox| outbox.counts())
            .unwrap_or_default()
    }

    /// Asks an open window to show `view`.
    pub fn show_view(&self, view: crate::ipc::View) {
        let _ = self.shared.events.send(Event::ShowView { view });
    }

    /// Publishes the current state (after a change the tracker did not make itself).
    pub fn announce(&self) {
        self.publish();
    }

    /// Records the outcome of a request of `signed_in` in the connection state (while that
    /// sign-in lasts).
    pub(crate) fn note<T>(&self, signed_in: &SignedIn, result: &Result<T>) {
        let Some(mut state) = self.state_for(signed_in) else {
            return;
        };
        match result {
            Ok(_) => {
                state.connection = Some(Connection::Online);
                state.problem = None;
            }
            Err(
                error @ (Error::TokenExpired | Error::Unauthorized { .. } | Error::NotSignedIn(_)),
            ) => {
                state.connection = Some(Connection::SignedOut);
                state.problem = Some(error.to_string());
            }
            Err(error) if error.is_transient() => {
                state.connection = Some(Connection::Offline);
                // While the pause lasts `status` says when it ends (the poller tries again
                // then: the gate holds it until that moment); afterwards, the time in the
                // error would be in the past.
                state.problem = Some(match error {
                    Error::RateLimited { .. } => {
                        self.poll_soon();
                        Error::RateLimited { retry_at: None }.to_string()
                    }
                    other => other.to_string(),
                });
            }
            Err(_) => {}
        }
    }

    async fn ensure_me(&self) -> Result<Me> {
        self.ensure_me_with(&self.session()?).await
    }

    async fn ensure_me_with(&self, signed_in: &SignedIn) -> Result<Me> {
        if let Some(me) = self.state_for(signed_in).and_then(|state| state.me.clone()) {
            return Ok(me);
        }
        let key = format!("me@{}", signed_in.api.account_url());
        let me = signed_in.api.me().await;
        self.note(signed_in, &me);
        let me = match me {
            Ok(me) => {
                self.remember(&key, &me);
                me
            }
            // Offline or signed out: who I am does not change; what was seen last time lets
            // entries queue.
            Err(error) if error.is_unavailable() => self.recall(&key).ok_or(error)?,
            Err(error) => return Err(error),
        };
        if let Some(mut state) = self.state_for(signed_in) {
            state.me = Some(me.clone());
        }
        Ok(me)
    }

    /// Asks the server for the timer (and who I am, the first time) and publishes the result.
    pub async fn refresh(&self) -> Result<Status> {
        self.refresh_with(&self.session()?).await
    }

    async fn refresh_with(&self, signed_in: &SignedIn) -> Result<Status> {
        if let Err(error) = self.ensure_me_with(signed_in).await {
            self.publish();
            return Err(error);
        }
        let timer = signed_in.api.my_timer().await;
        self.note(signed_in, &timer);
        let timer = match timer {
            Ok(timer) => timer,
            Err(error) => {
                self.publish();
                return Err(error);
            }
        };
        let now = SystemTime::now();
        let seen = timer.as_ref().map(|t| {
            let mut seen = ObservedTimer::from_answer(t, now);
            seen.began = self.late_start_of(&signed_in.api, &seen);
            seen
        });
        // Answered for a sign-in replaced meanwhile: what it says is no longer the user's.
        if let Some(mut state) = self.state_for(signed_in) {
            // Timer writes still in the outbox will change what runs: show what will be true.
            let shown = self.queued_timer(&state).unwrap_or(seen);
            let before = state
                .checked_at
                .map(|_| state.timer.as_ref().map(|t| t.task.clone()));
            let after = shown.as_ref().map(|t| t.task.clone());
            if let Some(notice) =
                change_elsewhere(before.as_ref().map(Option::as_ref), after.as_ref())
            {
                self.notify(notice);
            }
            state.timer = shown;
            state.checked_at = Some(now);
            if let Some(timer) = &state.timer {
                let task = timer.task.clone();
                remember_recent(&mut state.recent, task);
            }
        }
        self.publish();
        Ok(self.status())
    }

    fn state_is_fresh(&self) -> bool {
        self.state()
            .checked_at
            .and_then(|at| SystemTime::now().duration_since(at).ok())
            .is_some_and(|age| age < STATE_MAX_AGE)
    }

    /// What runs once the timer writes waiting in the outbox have reached the server: `None`
    /// when none wait, `Some(None)` when the last of them stops or discards.
    fn queued_timer(&self, state: &TrackerState) -> Option<Option<ObservedTimer>> {
        let queue = self.outbox().ok()?.list().ok()?;
        let last = after_queued(&queue)?;
        Some(last.map(
            |QueuedStart {
                 task: id,
                 task_name: name,
                 at,
             }| {
                let task = state
                    .my_tasks
                    .iter()
                    .flat_map(|(_, tasks)| tasks)
                    .chain(&state.recent)
                    .find(|t| t.id == id)
                    .cloned()
                    .unwrap_or(TaskSummary {
                        id,
                        name,
                        project: String::new(),
                        project_id: String::new(),
                        page: String::new(),
                    });
                ObservedTimer::started_by_us(
                    task,
                    crate::auth::session::from_unix_seconds(at),
                    false,
                )
            },
        ))
    }

    /// When the user started `seen`, if its start reached the server late (the outbox
    /// remembers such starts).
    fn late_start_of(&self, api: &ApiClient, seen: &ObservedTimer) -> Option<SystemTime> {
        let late: crate::outbox::LateStart = self.recall(&crate::outbox::late_start_key(api))?;
        let server_start = crate::auth::session::unix_seconds(seen.server_start());
        let same = late.task == seen.task.id
            && (server_start - late.landed_at).abs() <= crate::timer::SAME_START.as_secs() as i64;
        same.then(|| crate::auth::session::from_unix_seconds(late.at))
    }

    /// Starts the timer on `task_ref`. If another timer runs, the rule is: stop it (the server
    /// saves it as a cost row), then start the new one — and the report says so.
    pub async fn start(&self, task_ref: &str) -> Result<StartReport> {
        self.start_on(task_ref, false).await
    }

    /// Looks at the server's timer unless the state is fresh. Offline, what is known stands
    /// (the write is queued); with nothing known at all the error stands.
    async fn look_before_acting(&self) -> Result<()> {
        if self.state_is_fresh() {
            return Ok(());
        }
        match self.refresh().await {
            Ok(_) => Ok(()),
            Err(error) if error.is_transient() && self.state().checked_at.is_some() => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Like [`Tracker::start`]; on a day marked as vacation or sick leave it asks first (an
    /// error the front end turns into a question) unless `on_day_off` says the user confirmed.
    ///
    /// The stop of a running timer and the start both go through the outbox, in that order,
    /// each knowing what it means: queued offline, they reach the server in order and never
    /// touch a timer started elsewhere meanwhile.
    pub async fn start_on(&self, task_ref: &str, on_day_off: bool) -> Result<StartReport> {
        let task = self.resolve_task(task_ref).await?;
        if !on_day_off {
            if let Some(kind) = self.todays_day_off().await {
                return Err(Error::DayOff { kind });
            }
        }
        self.look_before_acting().await?;
        let running = self.state().timer.clone();
        let now = SystemTime::now();
        let at = crate::auth::session::unix_seconds(now);
        let writes = match plan_start(running.as_ref(), &task, at) {
            StartPlan::AlreadyRunning => {
                return Ok(StartReport {
                    stopped_first: None,
                    already_running: true,
                    queued: None,
                    status: self.status(),
                })
            }
            StartPlan::Writes(writes) => writes,
        };
        let outcome = self.write_all(&writes, crate::entries::LOG_WAIT).await?;
        let queued = match outcome {
            WriteOutcome::Sent { .. } => None,
            WriteOutcome::Queued { reason } => Some(reason),
            // The outbox does not keep a refused start (see `Outbox::send_due`).
            WriteOutcome::Parked { message } => {
                self.refresh().await.ok();
                return Err(Error::Input(message));
            }
        };
        // What we just started is ours: the next poll must not take it for a timer started
        // elsewhere.
        {
            let mut state = self.state();
            state.timer = Some(ObservedTimer::started_by_us(
                task.clone(),
                now,
                queued.is_none(),
            ));
            state.checked_at = Some(SystemTime::now());
            remember_recent(&mut state.recent, task.clone());
        }
        // A task known by name needs no confirmation to show: the poller confirms it soon, in
        // the background. A bare id is shown with the name the server gives it.
        let status = if task.name.is_empty() && queued.is_none() {
            self.refresh().await?
        } else {
            self.publish();
            self.poll_soon();
            self.status()
        };
        Ok(StartReport {
            stopped_first: running.map(|t| t.view(now)),
            already_running: false,
            queued,
            status,
        })
    }

    /// Stops the running timer; the server saves it as a cost row with `comment`, counting to
    /// this moment even when the stop reaches it later.
    pub async fn stop(&self, comment: Option<&str>) -> Result<StopReport> {
        self.look_before_acting().await?;
        let running = self.state().timer.clone();
        let now = SystemTime::now();
        let at = crate::auth::session::unix_seconds(now);
        let operation = plan_stop(running.as_ref(), comment, at)?;
        let queued = match self.write(&operation, crate::entries::LOG_WAIT).await? {
            WriteOutcome::Sent { .. } => None,
            WriteOutcome::Queued { reason } => Some(reason),
            WriteOutcome::Parked { message } => return Err(Error::Input(message)),
        };
        {
            let mut state = self.state();
            state.timer = None;
            state.checked_at = Some(SystemTime::now());
        }
        self.publish();
        Ok(StopReport {
            stopped: running.map(|running| running.view(now)),
            queued,
            status: self.status(),
        })
    }

    /// Discards the running timer without saving it.
    pub async fn discard(&self) -> Result<Status> {
        self.look_before_acting().await?;
        let running = self.state().timer.clone();
        let at = crate::auth::session::unix_seconds(SystemTime::now());
        let operation = plan_discard(running.as_ref(), at)?;
        if let WriteOutcome::Parked { message } =
            self.write(&operation, crate::entries::LOG_WAIT).await?
        {
            return Err(Error::Input(message));
        }
        {
            let mut state = self.state();
            state.timer = None;
            state.checked_at = Some(SystemTime::now());
        }
        self.publish();
        Ok(self.status())
    }

    pub async fn whoami(&self) -> Result<Profile> {
        let me = self.ensure_me().await?;
        Ok(Profile {
            id: me.id.to_string(),
            name: me.display_name(),
            email: me.email.clone(),
            role: me.role.as_ref().map(|r| r.label().to_owned()),
            account_url: self.api()?.account_url().to_string(),
        })
    }

    /// Tasks to offer for a one-click start: recent ones first, then my open tasks.
    pub fn quick_tasks(&self) -> Vec<TaskSummary> {
        let state = self.state();
        let mut quick = state.recent.clone();
        for task in state
            .my_tasks
            .iter()
            .flat_map(|(_, tasks)| tasks)
            .filter(|t| state.in_open_project(t))
        {
            if quick.len() >= QUICK_TASKS {
                break;
            }
            if !quick.iter().any(|t| t.id == task.id) {
                quick.push(task.clone());
            }
        }
        quick.truncate(QUICK_TASKS);
        quick
    }

    /// My open tasks, from a cache no older than [`TASKS_MAX_AGE`].
    pub async fn my_tasks(&self) -> Result<Vec<TaskSummary>> {
        self.my_tasks_with(&self.session()?, TASKS_MAX_AGE).await
    }

    async fn my_tasks_with(
        &self,
        signed_in: &SignedIn,
        max_age: Duration,
    ) -> Result<Vec<TaskSummary>> {
        // One fetch at a time: callers that arrive meanwhile find the list it brought.
        let _fetching = self.shared.tasks_fetch.lock().await;
        let key = tasks_key(&signed_in.api);
        self.load_saved_tasks(signed_in);
        let cached = self
            .state_for(signed_in)
            .and_then(|state| state.my_tasks.clone());
        if let Some((at, tasks)) = &cached {
            if SystemTime::now()
                .duration_since(*at)
                .is_ok_and(|age| age < max_age)
            {
                return Ok(tasks.clone());
            }
        }
        let me = self.ensure_me_with(signed_in).await?;
        let fetched = signed_in.api.my_open_tasks(&me.email).await;
        self.note(signed_in, &fetched);
        let tasks: Vec<TaskSummary> = match fetched {
            Ok(tasks) => tasks.iter().flat_map(flatten_task).collect(),
            // Offline or signed out: an old list still names the tasks the user works on.
            Err(error) if error.is_unavailable() => {
                return cached.map(|(_, tasks)| tasks).ok_or(error)
            }
            Err(error) => return Err(error),
        };
        let now = SystemTime::now();
        self.remember(
            &key,
            &StoredTasks {
                at: crate::auth::session::unix_seconds(now),
                tasks: tasks.clone(),
            },
        );
        if let Some(mut state) = self.state_for(signed_in) {
            state.my_tasks = Some((now, tasks.clone()));
        }
        Ok(tasks)
    }

    /// A restarted app starts from the task list it saved, not from an empty one (no request).
    fn load_saved_tasks(&self, signed_in: &SignedIn) {
        if self.state().my_tasks.is_some() {
            return;
        }
        let saved = self.recall::<StoredTasks>(&tasks_key(&signed_in.api));
        let Some(mut state) = self.state_for(signed_in) else {
            return;
        };
        if state.my_tasks.is_none() {
            state.my_tasks = saved.map(|stored| {
                (
                    crate::auth::session::from_unix_seconds(stored.at),
                    stored.tasks,
                )
            });
        }
    }

    /// Keeps a small non-secret fact in the local database, for the next start or the next
    /// time the network is gone.
    fn remember<T: serde::Serialize>(&self, key: &str, value: &T) {
        let saved = self.outbox().and_then(|outbox| {
            serde_json::to_string(value)
                .map_err(|e| Error::Config(e.to_string()))
                .and_then(|json| outbox.database().remember(key, &json))
        });
        if let Err(error) = saved {
            tracing::debug!("{key} is not remembered: {error}");
        }
    }

    fn recall<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        let json = self.outbox().ok()?.database().recall(key).ok()??;
        serde_json::from_str(&json).ok()
    }

    /// My open tasks matching `query` (every word in the task or project name), best first.
    pub async fn tasks(&self, query: Option<&str>) -> Result<Vec<TaskSummary>> {
        let mut tasks = self.my_tasks().await?;
        self.know_projects().await;
        {
            let state = self.state();
            tasks.retain(|task| state.in_open_project(task));
        }
        Ok(match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(query) => filter_tasks(&tasks, query),
            None => tasks,
        })
    }

    /// Tasks of archived projects are told apart by the project list: a task list is never
    /// offered before it was fetched once, unless it cannot be (offline), and then every task
    /// is offered rather than none.
    async fn know_projects(&self) {
        if self.state().projects.is_some() {
            return;
        }
        let Ok(signed_in) = self.session() else {
            return;
        };
        if let Err(error) = self.projects_with(&signed_in).await {
            tracing::info!("archived projects not known yet: {error}");
        }
    }

    /// Turns what the user typed into a task: an id, a task link, or search text that matches
    /// exactly one of my open tasks.
    pub async fn resolve_task(&self, task_ref: &str) -> Result<TaskSummary> {
        match TaskRef::parse(task_ref)? {
            TaskRef::Id(id) => {
                if let Ok(signed_in) = self.session() {
                    self.load_saved_tasks(&signed_in);
                }
                let known = self
                    .state()
                    .my_tasks
                    .as_ref()
                    .and_then(|(_, tasks)| tasks.iter().find(|t| t.id == id).cloned());
                Ok(known.unwrap_or(TaskSummary {
                    id,
                    name: String::new(),
                    project: String::new(),
                    project_id: String::new(),
                    page: String::new(),
                }))
            }
            TaskRef::Search(query) => {
                let mut matches = self.tasks(Some(&query)).await?;
                let exact: Vec<_> = matches
                    .iter()
                    .filter(|t| t.name.eq_ignore_ascii_case(&query))
                    .cloned()
                    .collect();
                if exact.len() == 1 {
                    return Ok(exact.into_iter().next().expect("one exact match"));
                }
                match matches.len() {
                    0 => Err(Error::TaskNotFound { query }),
                    1 => Ok(matches.remove(0)),
                    _ => Err(Error::AmbiguousTask {
                        query,
                        candidates: matches,
                    }),
                }
            }
        }
    }

    /// Polls the server until `shutdown` resolves, on the schedule of [`crate::poll`]: often
    /// while a timer runs, rarely when idle, not at all while offline (a connection probe waits
    /// for the network), at once when asked ([`Tracker::poll_soon`]) and on wake from sleep.
    pub async fn run_poller(&self, plan: PollPlan, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut step = Step::Poll {
            after: Duration::ZERO,
        };
        loop {
            let (wait, probing) = match step {
                Step::Poll { after } => (Some(after), false),
                Step::Probe { after } => (Some(after), true),
                Step::Wait => (None, false),
            };
            let woke = tokio::select! {
                woke = sleep_watching_for_wake(wait) => woke,
                () = self.shared.poll_now.notified() => false,
                () = &mut shutdown => return,
            };
            if woke {
                tracing::info!("woke from sleep: checking the timer");
            }
            let Ok(signed_in) = self.session().map(|s| s.background()) else {
                step = Step::Wait;
                continue;
            };
            if probing && !woke && !reachable(signed_in.api.account_url()).await {
                continue;
            }
            let outcome = match self.refresh_with(&signed_in).await {
                Ok(_) => {
                    if let Err(error) = self.my_tasks_with(&signed_in, plan.tasks_max_age).await {
                        tracing::info!("task list not refreshed: {error}");
                    }
                    if let Err(error) = self.projects_with(&signed_in).await {
                        tracing::info!("project options not refreshed: {error}");
                    }
                    PollOutcome::Answered {
                        timer_running: self.state().timer.is_some(),
                    }
                }
                Err(error @ Error::RateLimited { .. }) => {
                    tracing::info!("poll refused: {error}");
                    PollOutcome::RateLimited
                }
                Err(error) if error.is_transient() => {
                    tracing::info!("poll failed: {error}");
                    PollOutcome::Unreachable
                }
                Err(error) => {
                    tracing::info!("poll refused: {error}");
                    if matches!(error, Error::NotSignedIn(_)) {
                        self.notify(Notice::SignInNeedsRenewal {
                            reason: error.to_string(),
                        });
                    }
                    PollOutcome::Refused
                }
            };
            step = next_step(&plan, outcome);
        }
    }

    /// Publishes the state once a minute while a timer runs, so the tray label and an open
    /// window advance without any request and without a JavaScript timer.
    pub async fn run_clock(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut idle_since: Option<SystemTime> = None;
        loop {
            let wait = match self.state().timer.as_ref() {
                Some(timer) => {
                    let into_minute = timer.elapsed_at(SystemTime::now()).as_secs() % 60;
                    Duration::from_secs(60 - into_minute)
                }
                None => Duration::from_secs(60),
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {
                    let running = self.state().timer.clone();
                    idle_since = match (&running, idle_since) {
                        (Some(_), _) => None,
                        (None, since) => since.or(Some(SystemTime::now())),
                    };
                    if let Some(since) = idle_since {
                        self.remind_if_idle(since).await;
                    }
                    if let Some(timer) = running {
                        self.publish();
                        let limit = *self.shared.long_timer.lock().unwrap_or_else(PoisonError::into_inner);
                        let elapsed = timer.elapsed_at(SystemTime::now());
                        if limit.is_some_and(|limit| elapsed >= limit) {
                            self.notify(Notice::RunningLong { task: timer.task.clone(), elapsed_text: crate::timer::format_elapsed(elapsed) });
                        }
                    }
                }
                () = &mut shutdown => return,
            }
        }
    }

    /// The "no timer during work hours" reminder: on a weekday inside the work hours, after the
    /// set time without a timer, unless today is a day off.
    async fn remind_if_idle(&self, idle_since: SystemTime) {
        let Some(hours) = *self
            .shared
            .work_hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
        else {
            return;
        };
        let now = chrono::Local::now();
        let idle = SystemTime::now()
            .duration_since(idle_since)
            .unwrap_or_default();
        if hours.applies(now.naive_local(), idle)
            && self.api().is_ok()
            && self.todays_day_off().await.is_none()
        {
            self.notify(Notice::NoTimerDuringWorkHours {
                minutes: (idle.as_secs() / 60) as u32,
            });
        }
    }

    async fn answer(&self, request: Request) -> Result<Reply> {
        Ok(match request {
            Request::Status { refresh: true } => Reply::Status(self.refresh().await?),
            Request::Status { refresh: false } => Reply::Status(self.status()),
            Request::Start { task, on_day_off } => {
                Reply::Started(self.start_on(&task, on_day_off).await?)
            }
            Request::Stop { comment } => Reply::Stopped(self.stop(comment.as_deref()).await?),
            Request::Discard => Reply::Status(self.discard().await?),
            Request::Tasks { query } => Reply::Tasks {
                tasks: self.tasks(query.as_deref()).await?,
            },
            Request::Whoami => Reply::Profile(self.whoami().await?),
            Request::Log {
                entry,
                preview_only: true,
            } => Reply::Logged(self.interpret(&entry, true).await?.1),
            Request::Log {
                entry,
                preview_only: false,
            } => Reply::Logged(
                self.log_time(&entry, crate::entries::LOG_WAIT, false)
                    .await?,
            ),
            Request::Entries { range } => Reply::Entries(self.entries(&range).await?),
            Request::Sync => Reply::Synced(self.sync().await?),
            Request::EditEntry { id, change } => Reply::Written(
                self.edit_entry(&id, &change, crate::entries::LOG_WAIT)
                    .await?,
            ),
            Request::DeleteEntry { id } => {
                Reply::Written(self.delete_entry(&id, crate::entries::LOG_WAIT).await?)
            }
            Request::RetryQueued {
                queue_id,
                corrected,
            } => Reply::Synced(self.retry_queued(queue_id, corrected.as_ref()).await?),
            Request::DaysOff { from, to } => {
                let today = crate::entries::today();
                let from =
                    crate::parse::parse_date(&from, today, crate::parse::WeekdayDirection::Future)?;
                let to =
                    crate::parse::parse_date(&to, today, crate::parse::WeekdayDirection::Future)?;
                Reply::DaysOff(self.days_off(from, to).await?)
            }
            Request::SetDaysOff {
                range,
                mark,
                include_weekends,
            } => Reply::DaysOffSet(self.set_days_off(&range, mark, include_weekends).await?),
            Request::DiscardQueued { queue_id } => {
                self.discard_queued(queue_id)?;
                Reply::Done
            }
            Request::OpenWindow { .. }
            | Request::Settings
            | Request::SaveSettings { .. }
            | Request::PinTask { .. }
            | Request::Subscribe
            | Request::SignInDefaults
            | Request::SignIn { .. }
            | Request::PasteSignIn { .. }
            | Request::ReloadSignIn
            | Request::SignOut => {
                return Err(Error::Input(
                    "this request is handled by the daemon, not the tracker".into(),
                ))
            }
        })
    }

    /// Answers a socket request; errors become an error reply.
    pub async fn handle_request(&self, request: Request) -> Reply {
        self.answer(request)
            .await
            .unwrap_or_else(|error| Reply::Error(error.into()))
    }
}

impl Default for Tracker {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestHandler for Tracker {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>> {
        Box::pin(self.handle_request(request))
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        self.subscribe()
    }
}

/// Sleeps `wait` (forever for `None`) in short awake steps, and returns early with `true` when
/// the wall clock shows the machine slept meanwhile (a suspended machine's timers stand still).
async fn sleep_watching_for_wake(wait: Option<Duration>) -> bool {
    const STEP: Duration = Duration::from_secs(15);
    let mut left = wait;
    loop {
        let nap = left.map_or(STEP, |l| l.min(STEP));
        let wall_before = SystemTime::now();
        tokio::time::sleep(nap).await;
        let wall = SystemTime::now()
            .duration_since(wall_before)
            .unwrap_or_default();
        if woke_from_sleep(nap, wall) {
            return true;
        }
        match left.map(|l| l.saturating_sub(nap)) {
            Some(rest) if rest.is_zero() => return false,
            rest => left = rest,
        }
    }
}

/// Whether the account's host accepts a connection: a probe that costs no API request.
async fn reachable(account_url: &url::Url) -> bool {
    let Some(host) = account_url.host_str() else {
        return false;
    };
    let port = account_url.port_or_known_default().unwrap_or(443);
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    matches!(
        tokio::time::timeout(
            Duration::from_secs(5),
            tokio::net::TcpStream::connect((host.as_str(), port))
        )
        .await,
        Ok(Ok(_))
    )
}

/// Work hours for the "no timer running" reminder.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorkHours {
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
    /// Remind after this long without a timer.
    pub after: Duration,
}

impl WorkHours {
    /// Whether a reminder is due at local time `now` after `idle` without a timer.
    pub fn applies(&self, now: chrono::NaiveDateTime, idle: Duration) -> bool {
        use chrono::Datelike;
        let weekday = !matches!(now.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        weekday && now.time() >= self.start && now.time() < self.end && idle >= self.after
    }
}

fn tasks_key(api: &ApiClient) -> String {
    format!("tasks@{}", api.account_url())
}

/// My task list as saved in the local database.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredTasks {
    at: i64,
    tasks: Vec<TaskSummary>,
}

fn remember_recent(recent: &mut Vec<TaskSummary>, task: TaskSummary) {
    recent.retain(|t| t.id != task.id);
    recent.insert(0, task);
    recent.truncate(QUICK_TASKS);
}

/// A task and its subtasks, as pickable summaries (subtasks name their parent's project).
fn flatten_task(task: &crate::models::Task) -> Vec<TaskSummary> {
    let mut out = vec![TaskSummary::from(task)];
    for child in task.child.iter().filter(|c| c.is_open()) {
        let mut summary = TaskSummary::from(child);
        if summary.project.is_empty() {
            summary.project.clone_from(&out[0].project);
        }
        out.push(summary);
    }
    out
}

/// Every word of `query` must appear in the task's name or project; name matches rank first.
pub fn filter_tasks(tasks: &[TaskSummary], query: &str) -> Vec<TaskSummary> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut scored: Vec<(usize, &TaskSummary)> = tasks
        .iter()
        .filter_map(|task| {
            let name = task.name.to_lowercase();
            let haystack = format!("{name} {}", task.project.to_lowercase());
            words
                .iter()
                .all(|w| haystack.contains(w.as_str()))
                .then(|| {
                    let in_name = words.iter().filter(|w| name.contains(w.as_str())).count();
                    (words.len() - in_name, task)
                })
        })
        .collect();
    scored.sort_by_key(|(rank, _)| *rank);
    scored.into_iter().map(|(_, task)| task.clone()).collect()
}

/// What the user typed to name a task.
#[derive(Debug, PartialEq)]
pub enum TaskRef {
    Id(Id),
    Search(String),
}

impl TaskRef {
    pub fn parse(text: &str) -> Result<TaskRef> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Input(
                "name a task: its id, its Worksection link, or words from its name".into(),
            ));
        }
        if text.chars().all(|c| c.is_ascii_digit()) {
            return Ok(TaskRef::Id(Id(text.to_owned())));
        }
        let text = text.strip_prefix('#').unwrap_or(text);
        if text.chars().all(|c| c.is_ascii_digit()) {
            return Ok(TaskRef::Id(Id(text.to_owned())));
        }
        if let Some(at) = text.find("/project/") {
            let path = text[at + "/project/".len()..]
                .split(['?', '#'])
                .next()
                .unwrap_or_default();
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            return match segments.as_slice() {
                [_project, task, ..]
                    if segments[1..]
                        .iter()
                        .all(|s| s.chars().all(|c| c.is_ascii_digit())) =>
                {
                    Ok(TaskRef::Id(Id(
                        (*segments.last().unwrap_or(task)).to_owned()
                    )))
                }
                _ => Err(Error::Input(format!(
                    "\"{text}\" is a project link, not a task link (expected …/project/P/T/)"
                ))),
            };
        }
        Ok(TaskRef::Search(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake_api::{FakeApi, User};

    const OLD: User = User {
        id: "1",
        name: "Old Account",
    };
    const NEW: User = User {
        id: "2",
        name: "New Account",
    };

    async fn until(what: &str, ready: impl Fn() -> bool) {
        for _ in 0..500 {
            if ready() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("timed out waiting for {what}");
    }

    #[tokio::test]
    async fn an_answer_to_the_old_sign_in_never_writes_into_the_new_one() {
        let old = FakeApi::start(OLD).await;
        old.run_timer_on("101");
        let new = FakeApi::start(NEW).await;
        let tracker = Tracker::signed_in(old.client());
        old.hold("get_my_timer");
        let refreshing = tokio::spawn({
            let tracker = tracker.clone();
            async move { tracker.refresh().await.map(drop) }
        });
        until("the old account's timer look-up", || {
            old.calls_of("get_my_timer") == 1
        })
        .await;

        tracker.sign_in(new.client());
        old.release();
        refreshing
            .await
            .expect("the refresh ends")
            .expect("answered");

        let status = tracker.status();
        assert_eq!(status.timer, None, "the old account's timer is not shown");
        assert_eq!(status.signed_in_as, None, "nor who the old account is");
        let status = tracker.refresh().await.expect("the new account answers");
        assert_eq!(status.signed_in_as.as_deref(), Some("New Account"));
        assert_eq!(status.timer, None);
    }

    fn task(id: u64, name: &str, project: &str) -> TaskSummary {
        TaskSummary {
            id: Id::from(id),
            name: name.into(),
            project: project.into(),
            project_id: String::new(),
            page: String::new(),
        }
    }

    #[test]
    fn work_hour_reminders_only_on_weekdays_inside_the_hours_after_the_delay() {
        let hours = WorkHours {
            start: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            after: Duration::from_secs(30 * 60),
        };
        let at = |d: u32, h: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let half_hour = Duration::from_secs(30 * 60);
        assert!(hours.applies(at(25, 10), half_hour), "a Wednesday morning");
        assert!(
            !hours.applies(at(25, 10), Duration::from_secs(60)),
            "not yet"
        );
        assert!(!hours.applies(at(25, 19), half_hour), "after hours");
        assert!(!hours.applies(at(28, 10), half_hour), "a Saturday");
    }

    #[test]
    fn task_refs() {
        assert_eq!(
            TaskRef::parse("330090").unwrap(),
            TaskRef::Id(Id::from(330090))
        );
        assert_eq!(
            TaskRef::parse("#330090").unwrap(),
            TaskRef::Id(Id::from(330090))
        );
        assert_eq!(
            TaskRef::parse("https://acme.worksection.com/project/6622/330090/").unwrap(),
            TaskRef::Id(Id::from(330090))
        );
        assert_eq!(
            TaskRef::parse("/project/6622/330090/330095/").unwrap(),
            TaskRef::Id(Id::from(330095))
        );
        assert!(TaskRef::parse("https://acme.worksection.com/project/6622/").is_err());
        assert_eq!(
            TaskRef::parse(" fix login ").unwrap(),
            TaskRef::Search("fix login".into())
        );
        assert!(TaskRef::parse("  ").is_err());
    }

    #[test]
    fn filtering_needs_every_word_and_ranks_name_matches_first() {
        let tasks = [
            task(1, "Fix login", "Website"),
            task(2, "Website copy", "Marketing"),
            task(3, "Login page design", "Website"),
        ];
        let found = filter_tasks(&tasks, "login website");
        assert_eq!(
            found.iter().map(|t| t.id.to_string()).collect::<Vec<_>>(),
            ["1", "3"]
        );
        let found = filter_tasks(&tasks, "website");
        assert_eq!(found[0].id, Id::from(2));
        assert!(filter_tasks(&tasks, "nothing").is_empty());
    }
}
