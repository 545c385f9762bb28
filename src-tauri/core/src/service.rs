//! The tracker: the one place that turns user intentions ("start on this task", "stop with
//! this comment") into Worksection requests and keeps the state every front end shows. The
//! daemon serves it over the socket; the CLI uses it directly when no daemon runs. Either way
//! the same rules apply.
//!
//! `Tracker` is a cheap handle over the parts, each with its own store: the sign-in
//! (`session.rs`), what is known about the account (`catalogue.rs`), the reminder settings
//! (`reminders.rs`), the outbox; and the timer state with the connection state, which live
//! here. What each part does is in its own module: the timer (`tracking.rs`, by the rules of
//! `timer_rules.rs`), the poller (`poller.rs`), entries (`entries.rs`) and their sending
//! (`sender.rs`), days off (`days_off.rs`). This module composes them, publishes the state and
//! answers socket requests.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use tokio::sync::{broadcast, Notify};

use crate::api::ApiClient;
use crate::catalogue::{Catalogue, Known};
use crate::error::{ApiError, AuthError, Error, Result, StoreError};
use crate::ipc::{Connection, CoreRequest, Event, Reply, Status};
use crate::models::Me;
use crate::notices::Notice;
use crate::outbox::{Outbox, QueueCounts};
use crate::reminders::{Reminders, WorkHours};
use crate::session::{Generation, Session, SignedIn};
use crate::timer::ObservedTimer;
use crate::tracking::Since;

#[derive(Default)]
pub(crate) struct TrackerState {
    /// The sign-in this state belongs to.
    pub(crate) generation: Generation,
    pub(crate) timer: Option<ObservedTimer>,
    pub(crate) checked_at: Option<SystemTime>,
    pub(crate) connection: Option<Connection>,
    pub(crate) problem: Option<String>,
}

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
    catalogue: Catalogue,
    reminders: Reminders,
    /// Held by a timer action (start, stop, discard) from its look at the timer to its writing
    /// what it did: two at once (a double click, the tray and the CLI) would each act on the
    /// timer they saw, and the second stop would end the timer the first start began.
    timer_actions: tokio::sync::Mutex<()>,
    /// Away detection: its settings, the period in progress, the questions waiting.
    presence: crate::presence::PresenceCell,
    /// One look at the server's timer at a time: a look asked for meanwhile takes its answer.
    refreshing: tokio::sync::Mutex<()>,
    /// Whether a start is answered from what is known and confirmed after (the daemon, whose
    /// tray shows at once what the user did), rather than only once Worksection confirmed it
    /// (a CLI without a daemon, which has nobody to tell later).
    confirms_starts_after: std::sync::atomic::AtomicBool,
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
                catalogue: Catalogue::default(),
                reminders: Reminders::default(),
                timer_actions: tokio::sync::Mutex::new(()),
                presence: crate::presence::PresenceCell::default(),
                refreshing: tokio::sync::Mutex::new(()),
                confirms_starts_after: std::sync::atomic::AtomicBool::new(false),
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
        let generation = {
            let mut state = self.state();
            let mut known = self.known();
            let generation = self.shared.session.replace(Some(api));
            *state = TrackerState {
                generation,
                ..TrackerState::default()
            };
            *known = Known::new(generation);
            generation
        };
        if let Some(problems) = problems {
            self.follow_sign_in_problems(generation, problems);
        }
        self.publish();
        self.poll_soon();
    }

    /// Tells the user when the sign-in is not safely kept (a renewed pair the keyring refused),
    /// and again when it is, until that sign-in is replaced.
    fn follow_sign_in_problems(
        &self,
        generation: Generation,
        mut problems: tokio::sync::watch::Receiver<Option<String>>,
    ) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let tracker = Arc::downgrade(&self.shared);
        runtime.spawn(async move {
            // Ends when the session goes (its sender with it), the tracker does, or another
            // sign-in replaces this one: its problems are not the new one's.
            while problems.changed().await.is_ok() {
                let problem = problems.borrow_and_update().clone();
                let Some(shared) = tracker.upgrade() else {
                    return;
                };
                let tracker = Tracker { shared };
                if tracker.state().generation != generation {
                    return;
                }
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
        self.shared.reminders.set_long_timer(limit);
    }

    /// Remind when no timer runs during these work hours; `None` never.
    pub fn set_work_hours(&self, hours: Option<WorkHours>) {
        self.shared.reminders.set_work_hours(hours);
    }

    /// One timer action at a time (see `Shared::timer_actions`).
    pub(crate) async fn timer_action(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.shared.timer_actions.lock().await
    }

    pub(crate) fn presence_cell(&self) -> &crate::presence::PresenceCell {
        &self.shared.presence
    }

    pub(crate) fn reminders(&self) -> &Reminders {
        &self.shared.reminders
    }

    /// What is known about the account (who I am, my tasks, projects, today's day off).
    pub(crate) fn known(&self) -> MutexGuard<'_, Known> {
        self.shared.catalogue.lock()
    }

    /// The tasks the user pinned, which rank up in a search.
    pub(crate) fn pinned_tasks(&self) -> MutexGuard<'_, Vec<crate::models::Id>> {
        self.shared.catalogue.pinned()
    }

    /// [`Tracker::known`], to write what a request of `signed_in` learnt: `None` once another
    /// sign-in has replaced that one.
    pub(crate) fn known_for(&self, signed_in: &SignedIn) -> Option<MutexGuard<'_, Known>> {
        let known = self.known();
        (known.generation() == signed_in.generation()).then_some(known)
    }

    /// From now on a start is answered from what is known and confirmed after: once its
    /// writes are safe in the outbox, without waiting for today's schedule or the request gate
    /// beyond 0.8 s after the click. For a process that stays to tell the user
    /// what the confirmation brings: a notice if today is a day off, a refused write.
    pub fn confirm_starts_after(&self) {
        self.shared
            .confirms_starts_after
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub(crate) fn confirms_starts_after(&self) -> bool {
        self.shared
            .confirms_starts_after
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// One look at the server's timer at a time.
    pub(crate) fn refreshing(&self) -> &tokio::sync::Mutex<()> {
        &self.shared.refreshing
    }

    /// One look-up of who I am at a time.
    pub(crate) fn me_lookup(&self) -> &tokio::sync::Mutex<()> {
        self.shared.catalogue.looking_up_me()
    }

    /// One fetch of my task list at a time.
    pub(crate) fn tasks_fetch(&self) -> &tokio::sync::Mutex<()> {
        self.shared.catalogue.fetching()
    }

    /// Resolves when someone asked for a poll ([`Tracker::poll_soon`]).
    pub(crate) async fn poll_asked(&self) {
        self.shared.poll_now.notified().await;
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
            .ok_or(StoreError::NoDatabase.into())
    }

    /// Stops using the API: the state says signed out, with `reason`.
    pub fn sign_out(&self, reason: &str) {
        let mut state = self.state();
        let mut known = self.known();
        let generation = self.shared.session.replace(None);
        *known = Known::new(generation);
        *state = TrackerState {
            generation,
            connection: Some(Connection::SignedOut),
            problem: Some(reason.to_owned()),
            ..TrackerState::default()
        };
        drop((state, known));
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
            Error::Auth(AuthError::NotSignedIn(match reason {
                Some(reason) => crate::auth::SignedOutBecause::Problem { reason },
                None => crate::auth::SignedOutBecause::NeverSignedIn,
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

    pub(crate) fn publish(&self) {
        // No subscriber is not an error: the window may be closed.
        let _ = self.shared.events.send(Event::Status(self.status()));
    }

    /// Says the status again though nothing in it changed but its words (a new language).
    pub fn publish_status(&self) {
        self.publish();
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
        let signed_in_as = self.known().me.as_ref().map(Me::display_name);
        let sign_in_problem = self.sign_in_problem();
        let back_since = self.back_since();
        let state = self.state();
        Status {
            connection: state.connection.unwrap_or(Connection::Unknown),
            signed_in_as,
            timer: state.timer.as_ref().map(|t| t.view(now)),
            checked_at: state
                .checked_at
                .map(|t| DateTime::<Utc>::from(t).to_rfc3339()),
            problem: match paused_until {
                Some(until) => Some(crate::t!(
                    "status-slow-down",
                    time = crate::error::clock_time(until)
                )),
                None => sign_in_problem.or_else(|| state.problem.clone()),
            },
            queue: self.queue_counts(),
            away: self.away_now(),
            back_since,
            language: crate::i18n::current(),
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
            Err(error) if error.is_signed_out() => {
                state.connection = Some(Connection::SignedOut);
                state.problem = Some(error.to_string());
            }
            Err(error) if error.is_transient() => {
                state.connection = Some(Connection::Offline);
                // While the pause lasts `status` says when it ends (the poller tries again
                // then: the gate holds it until that moment); afterwards, the time in the
                // error would be in the past.
                state.problem = Some(match error {
                    Error::Api(ApiError::RateLimited { .. }) => {
                        self.poll_soon();
                        Error::Api(ApiError::RateLimited { retry_at: None }).to_string()
                    }
                    other => other.to_string(),
                });
            }
            Err(_) => {}
        }
    }

    async fn answer(&self, request: CoreRequest, answering: Answering) -> Result<Reply> {
        let one_shot = answering == Answering::OneShot;
        Ok(match request {
            // A process that has just started remembers nothing: it asks the server.
            CoreRequest::Status { refresh } if refresh || one_shot => {
                Reply::Status(self.refresh().await?)
            }
            CoreRequest::Status { .. } => Reply::Status(self.status()),
            CoreRequest::Start {
                task,
                on_day_off,
                since,
            } => {
                let since = since.as_deref().map(|text| Since {
                    text,
                    look_up: one_shot,
                });
                Reply::Started(self.start_on(&task, on_day_off, since.as_ref()).await?)
            }
            CoreRequest::Stop { comment } => Reply::Stopped(self.stop(comment.as_deref()).await?),
            CoreRequest::Discard => Reply::Discarded(self.discard().await?),
            CoreRequest::Tasks { query } => Reply::Tasks {
                tasks: self.tasks(query.as_deref()).await?,
            },
            CoreRequest::Whoami => Reply::Profile(self.whoami().await?),
            CoreRequest::Log {
                entry,
                preview_only: true,
            } => Reply::Previewed(self.interpret(&entry, true).await?.1),
            // With nothing cached, a one-shot process looks the task up first.
            CoreRequest::Log {
                entry,
                preview_only: false,
            } => Reply::Logged(
                self.log_time(&entry, crate::entries::LOG_WAIT, one_shot)
                    .await?,
            ),
            CoreRequest::Entries { range } => Reply::Entries(self.entries(&range).await?),
            CoreRequest::Sync => Reply::Synced(self.sync().await?),
            CoreRequest::EditEntry { id, change } => Reply::Written(
                self.edit_entry(&id, &change, crate::entries::LOG_WAIT)
                    .await?,
            ),
            CoreRequest::DeleteEntry { id } => {
                Reply::Written(self.delete_entry(&id, crate::entries::LOG_WAIT).await?)
            }
            CoreRequest::RetryQueued {
                queue_id,
                corrected,
            } => Reply::Synced(self.retry_queued(queue_id, corrected.as_ref()).await?),
            CoreRequest::DaysOff { from, to } => {
                let today = crate::entries::today();
                let from =
                    crate::parse::parse_date(&from, today, crate::parse::WeekdayDirection::Future)?;
                let to =
                    crate::parse::parse_date(&to, today, crate::parse::WeekdayDirection::Future)?;
                Reply::DaysOff(self.days_off(from, to).await?)
            }
            CoreRequest::SetDaysOff {
                range,
                mark,
                include_weekends,
            } => Reply::DaysOffSet(self.set_days_off(&range, mark, include_weekends).await?),
            CoreRequest::DiscardQueued { queue_id } => {
                self.discard_queued(queue_id)?;
                Reply::Done
            }
            CoreRequest::Away => Reply::Away {
                periods: self.away_questions(),
            },
            CoreRequest::AnswerAway {
                id,
                answer,
                kept_minutes,
            } => Reply::AwayAnswered(self.answer_away(id, &answer, kept_minutes).await?),
        })
    }

    /// Answers a request, in the daemon or in a one-shot CLI; errors become an error reply.
    pub async fn handle_request(&self, request: CoreRequest, answering: Answering) -> Reply {
        self.answer(request, answering)
            .await
            .unwrap_or_else(|error| Reply::Error(error.into()))
    }
}

/// How the process answering a request lives, which decides where some answers come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answering {
    /// The daemon: its poller keeps the state and the task list fresh, so answers come from
    /// memory and an entry reaches the outbox before any network round trip.
    Daemon,
    /// A CLI command with no daemon running: nothing is remembered, so it asks the server.
    OneShot,
}

impl Default for Tracker {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake_api::{FakeApi, User};
    use std::future::Future;
    use std::pin::Pin;

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

    /// A token source whose "not safely kept" problem the test sets.
    struct Unsaved(tokio::sync::watch::Receiver<Option<String>>);

    impl crate::api::TokenSource for Unsaved {
        fn access_token(
            &self,
        ) -> Pin<Box<dyn Future<Output = Result<crate::secret::Secret>> + Send + '_>> {
            Box::pin(async { Ok(crate::secret::Secret::new("token")) })
        }

        fn renew(
            &self,
            _rejected: crate::secret::Secret,
        ) -> Pin<Box<dyn Future<Output = Result<Option<crate::secret::Secret>>> + Send + '_>>
        {
            Box::pin(async { Ok(None) })
        }

        fn problems(&self) -> Option<tokio::sync::watch::Receiver<Option<String>>> {
            Some(self.0.clone())
        }
    }

    #[tokio::test]
    async fn only_the_current_sign_in_s_problems_are_announced() {
        let client = |problems| {
            ApiClient::new(
                crate::api::http_client().expect("client"),
                "http://127.0.0.1:9",
                Arc::new(Unsaved(problems)),
                crate::gate::RequestGate::new(),
            )
            .expect("api")
        };
        let (old_problem, old_problems) = tokio::sync::watch::channel(None);
        let (new_problem, new_problems) = tokio::sync::watch::channel(None);
        let tracker = Tracker::signed_in(client(old_problems));
        let mut notices = tracker.notices();
        tracker.sign_in(client(new_problems));

        old_problem.send_replace(Some("the old keyring refused".into()));
        new_problem.send_replace(Some("the keyring refused".into()));

        let notice = tokio::time::timeout(Duration::from_secs(5), notices.recv())
            .await
            .expect("a notice")
            .expect("a notice");
        assert_eq!(
            notice,
            Notice::SignInNotSaved {
                reason: "the keyring refused".into()
            }
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(notices.try_recv().is_err(), "nothing about the old sign-in");
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
}
