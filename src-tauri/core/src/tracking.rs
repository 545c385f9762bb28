//! The timer as the user sees it: what the server says runs (with the timer writes still
//! queued taken into account), and the user's start, stop and discard carried out through the
//! outbox by the rules of `timer_rules.rs`.

use std::time::{Duration, SystemTime};

use crate::api::ApiClient;
use crate::entries::{LogReport, QuickEntry, WriteOutcome};
use crate::error::{Error, InputError, Result};
use crate::ipc::{StartReport, Status, StopReport};
use crate::models::TaskSummary;
use crate::outbox::{Operation, QueueReason};
use crate::parse::{format_human, parse_since};
use crate::service::Tracker;
use crate::session::SignedIn;
use crate::t;
use crate::timer::ObservedTimer;
use crate::timer_rules::{
    after_queued, change_elsewhere, moment_of, plan_discard, plan_start, plan_stop, QueuedStart,
    StartPlan,
};

/// A timer state older than this is refreshed before acting on it.
const STATE_MAX_AGE: Duration = Duration::from_secs(90);
/// How long a look at the timer waits for one already on its way before it goes itself.
const JOIN_A_LOOK: Duration = Duration::from_millis(500);
/// How soon after the click a daemon answers a start (issue #12): with its writes safe in the
/// outbox, confirmed by Worksection if the request gate let them leave by then, and on their
/// way otherwise (right after a launch the gate holds them for about a second).
pub(crate) const START_ANSWER: Duration = Duration::from_millis(800);

impl Tracker {
    /// Asks the server for the timer (and who I am, the first time) and publishes the result.
    pub async fn refresh(&self) -> Result<Status> {
        self.refresh_with(&self.session()?).await
    }

    pub(crate) async fn refresh_with(&self, signed_in: &SignedIn) -> Result<Status> {
        let asked = SystemTime::now();
        // A look on its way answers this one too: a second one would wait its turn at the gate
        // for the same answer. One that is slow to come (waiting out a pause at the gate) is
        // not waited for long.
        let one_look = tokio::time::timeout(JOIN_A_LOOK, self.refreshing().lock())
            .await
            .ok();
        let answered_meanwhile = self.state().checked_at.is_some_and(|at| at >= asked);
        if one_look.is_some() && answered_meanwhile && self.state_for(signed_in).is_some() {
            return Ok(self.status());
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
            let shown = self.queued_timer().unwrap_or(seen);
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
                if let Some(mut known) = self.known_for(signed_in) {
                    known.ran_on(task);
                }
            }
        }
        drop(one_look);
        // Now that the server said what runs: a question about a timer gone meanwhile is
        // moot, and away periods that waited for this look become questions.
        self.forget_questions_of_gone_timers();
        self.ask_about_away();
        self.publish();
        // Who I am comes after the timer, which does not need it: right after a launch the
        // timer is what a start waits for.
        self.ensure_me_with(signed_in).await?;
        Ok(self.status())
    }

    pub(crate) fn state_is_fresh(&self) -> bool {
        self.state()
            .checked_at
            .and_then(|at| SystemTime::now().duration_since(at).ok())
            .is_some_and(|age| age < STATE_MAX_AGE)
    }

    /// What runs once the timer writes waiting in the outbox have reached the server: `None`
    /// when none wait, `Some(None)` when the last of them stops or discards.
    pub(crate) fn queued_timer(&self) -> Option<Option<ObservedTimer>> {
        let queue = self.outbox().ok()?.list().ok()?;
        let last = after_queued(&queue)?;
        Some(last.map(
            |QueuedStart {
                 task: id,
                 task_name: name,
                 at,
             }| {
                let known = self.known().task(&id);
                let task = known.unwrap_or(TaskSummary {
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
    pub(crate) fn late_start_of(
        &self,
        api: &ApiClient,
        seen: &ObservedTimer,
    ) -> Option<SystemTime> {
        let late: crate::outbox::LateStart = self.recall(&crate::outbox::late_start_key(api))?;
        let server_start = crate::auth::session::unix_seconds(seen.server_start());
        let same = late.task == seen.task.id
            && (server_start - late.landed_at).abs() <= crate::timer::SAME_START.as_secs() as i64;
        same.then(|| crate::auth::session::from_unix_seconds(late.at))
    }

    /// Starts the timer on `task_ref`. If another timer runs, the rule is: stop it (the server
    /// saves it as a cost row), then start the new one — and the report says so.
    pub async fn start(&self, task_ref: &str) -> Result<StartReport> {
        self.start_on(task_ref, false, None).await
    }

    /// Looks at the server's timer unless the state is fresh. Offline, what is known stands
    /// (the write is queued); with nothing known at all the error stands.
    pub(crate) async fn look_before_acting(&self) -> Result<()> {
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
    ///
    /// With `since`, the user forgot to start the timer: it starts now, the minutes from then
    /// are booked to the same task as an entry (the third write), and a timer running on
    /// another task stops then, where the user really switched.
    pub async fn start_on(
        &self,
        task_ref: &str,
        on_day_off: bool,
        since: Option<&Since<'_>>,
    ) -> Result<StartReport> {
        // The user's moment, before anything waits: the task list, another timer action, the
        // request gate, a slow network.
        let asked = SystemTime::now();
        let answer_by = self
            .confirms_starts_after()
            .then(|| tokio::time::Instant::now() + START_ANSWER);
        let task = self.resolve_task(task_ref).await?;
        let missed = match since {
            Some(since) => Some(self.missed_time(&task, since, asked).await?),
            None => None,
        };
        let _one_at_a_time = self.timer_action().await;
        // Answering from what is known, a start does not wait for today's schedule: it is
        // asked about once the schedule is in, if it turns out to be a day off.
        let mut ask_about_the_day_later = false;
        if !on_day_off {
            let day_off = match answer_by {
                Some(_) => self.known_day_off(),
                None => Some(self.todays_day_off().await),
            };
            match day_off {
                Some(Some(kind)) => return Err(Error::Input(InputError::DayOff { kind })),
                Some(None) => {}
                None => ask_about_the_day_later = true,
            }
        }
        self.look_before_acting().await?;
        let running = self.state().timer.clone();
        let at = moment_of(asked, running.as_ref());
        let now = crate::auth::session::from_unix_seconds(at);
        let stop_at = match &missed {
            Some(missed) => {
                let switched = moment_of(missed.began, running.as_ref());
                // The timer on the other task ran from after that moment: the minutes since
                // would be booked twice, once on each task.
                if let Some(running) = running
                    .as_ref()
                    .filter(|_| switched > crate::auth::session::unix_seconds(missed.began))
                {
                    return Err(Error::invalid_input(t!(
                        "since-after-other-timer",
                        task = running.task.name.as_str(),
                        time = crate::error::clock_time(crate::auth::session::from_unix_seconds(
                            switched
                        ))
                    )));
                }
                switched
            }
            None => at,
        };
        let mut writes = match plan_start(running.as_ref(), &task, stop_at, at) {
            StartPlan::AlreadyRunning if missed.is_some() => {
                return Err(Error::invalid_input(t!(
                    "since-already-running",
                    task = task.name.as_str()
                )))
            }
            StartPlan::AlreadyRunning => {
                return Ok(StartReport {
                    stopped_first: None,
                    already_running: true,
                    queued: None,
                    booked_before_start: None,
                    status: self.status(),
                })
            }
            StartPlan::Writes(writes) => writes,
        };
        writes.extend(missed.as_ref().map(|missed| missed.entry.clone()));
        let outcomes = match answer_by {
            Some(by) => {
                let wait = by.saturating_duration_since(tokio::time::Instant::now());
                self.write_each_remembering(&writes, None, wait, QueueReason::OnItsWay)
                    .await?
            }
            None => self.write_each(&writes, crate::entries::LOG_WAIT).await?,
        };
        // One outcome per write, in order: the start, then the missed minutes' entry if any.
        let (outcome, booked_before_start) = match (missed, outcomes.as_slice()) {
            (Some(missed), [.., start, entry]) => (
                start.clone(),
                Some(LogReport {
                    outcome: entry.clone(),
                    ..missed.report
                }),
            ),
            (_, [.., start]) => (start.clone(), None),
            (_, []) => return Err(Error::invalid_input(t!("write-nothing"))),
        };
        let queued = match outcome {
            WriteOutcome::Sent { .. } => None,
            WriteOutcome::Queued { reason } => Some(reason),
            // The outbox does not keep a refused start (see `Outbox::send_due`). The minutes
            // before it are the user's word and stand on their own: the refusal says where
            // they went.
            WriteOutcome::Parked { message } => {
                self.refresh().await.ok();
                let message = match booked_before_start
                    .filter(|b| !matches!(b.outcome, WriteOutcome::Parked { .. }))
                {
                    Some(booked) => t!(
                        "start-refused-before-logged",
                        message = message,
                        time = format_human(booked.minutes)
                    ),
                    None => message,
                };
                return Err(Error::invalid_input(message));
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
        }
        self.known().ran_on(task.clone());
        if ask_about_the_day_later {
            self.ask_about_the_day_once_known(&task);
        }
        // A task known by name needs no confirmation to show: the poller confirms it soon, in
        // the background. A bare id is shown with the name the server gives it, unless the
        // start is answered from what is known: the poller brings the name.
        // The start is done either way: a refresh that fails here (a "slow down", say) must
        // not report it as failed.
        let status = if task.name.is_empty() && queued.is_none() && answer_by.is_none() {
            self.refresh().await.unwrap_or_else(|_| self.status())
        } else {
            self.publish();
            self.poll_soon();
            self.status()
        };
        Ok(StartReport {
            stopped_first: running
                .map(|t| t.view(crate::auth::session::from_unix_seconds(stop_at))),
            already_running: false,
            queued,
            booked_before_start,
            status,
        })
    }

    /// The entry of the minutes between `since` and `asked`, on `task`, checked against the
    /// project's options as a quick entry is: before anything is written.
    async fn missed_time(
        &self,
        task: &TaskSummary,
        since: &Since<'_>,
        asked: SystemTime,
    ) -> Result<MissedTime> {
        let now = chrono::DateTime::<chrono::Local>::from(asked).naive_local();
        let began = parse_since(since.text, now)?;
        let minutes = (now - began).num_minutes();
        if minutes < 1 {
            return Err(Error::invalid_input(t!("since-under-a-minute")));
        }
        let entry = QuickEntry {
            task: task.id.to_string(),
            duration: format!("{minutes}m"),
            ..QuickEntry::default()
        };
        let (entry, report) = self
            .interpret(&entry, since.look_up)
            .await
            .map_err(|error| match error {
                Error::Input(InputError::TimerOnly { project }) => {
                    Error::invalid_input(t!("since-timer-only", project = project))
                }
                other => other,
            })?;
        let began = began
            .and_local_timezone(chrono::Local)
            .earliest()
            .map_or(asked, SystemTime::from);
        Ok(MissedTime {
            began,
            entry,
            report,
        })
    }
}

impl Tracker {
    /// Stops the running timer; the server saves it as a cost row with `comment`, counting to
    /// this moment even when the stop reaches it later.
    pub async fn stop(&self, comment: Option<&str>) -> Result<StopReport> {
        self.stop_asked(comment, SystemTime::now()).await
    }

    /// Stops the running timer as of `asked` (not before the timer's start): the moment of a
    /// sleep, or the last activity the user chose to stop at.
    pub async fn stop_asked(&self, comment: Option<&str>, asked: SystemTime) -> Result<StopReport> {
        let _one_at_a_time = self.timer_action().await;
        self.look_before_acting().await?;
        let running = self.state().timer.clone();
        let at = moment_of(asked, running.as_ref());
        let now = crate::auth::session::from_unix_seconds(at);
        let operation = plan_stop(running.as_ref(), comment, at)?;
        let queued = match self.write(&operation, crate::entries::LOG_WAIT).await? {
            WriteOutcome::Sent { .. } => None,
            WriteOutcome::Queued { reason } => Some(reason),
            WriteOutcome::Parked { message } => return Err(Error::invalid_input(message)),
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
        self.discard_on(None).await
    }

    /// Like [`Tracker::discard`], for a timer on `task` only: a click on a notification about
    /// one timer must not discard the next.
    pub async fn discard_on(&self, task: Option<&crate::models::Id>) -> Result<Status> {
        let asked = SystemTime::now();
        let _one_at_a_time = self.timer_action().await;
        self.look_before_acting().await?;
        let running = self.state().timer.clone();
        if let Some(task) = task {
            if running.as_ref().is_none_or(|timer| timer.task.id != *task) {
                return Err(Error::invalid_input(t!("discard-timer-gone")));
            }
        }
        let at = moment_of(asked, running.as_ref());
        let operation = plan_discard(running.as_ref(), at)?;
        if let WriteOutcome::Parked { message } =
            self.write(&operation, crate::entries::LOG_WAIT).await?
        {
            return Err(Error::invalid_input(message));
        }
        {
            let mut state = self.state();
            state.timer = None;
            state.checked_at = Some(SystemTime::now());
        }
        self.publish();
        Ok(self.status())
    }
}

/// A timer the user forgot to start: it should have started at `text` (as `--since` takes it:
/// `9:30`, `25m`).
pub struct Since<'a> {
    pub text: &'a str,
    /// Ask the server about the task's project if its options are not known (a one-shot CLI
    /// with nothing cached), as a quick entry does.
    pub look_up: bool,
}

/// The minutes a forgotten start missed: from `began`, booked by `entry`.
struct MissedTime {
    began: SystemTime,
    entry: Operation,
    report: LogReport,
}
