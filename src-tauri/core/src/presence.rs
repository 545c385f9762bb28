//! The tracker's side of away time: the desktop's presence signals go into the watch of
//! `away.rs`, an away period that a running timer went through becomes a question (kept on
//! disk, so it survives a restart), and the user's answer becomes timer writes through the
//! outbox like any other. A heartbeat, written once a minute, tells the next start how long
//! Worktray was not running; a wall clock that jumps between two ticks is a sleep that no
//! source reported.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::auth::session::{from_unix_seconds, unix_seconds};
use crate::away::{self, AwayChoice, AwayReason, Question, Signal, Span, Watch};
use crate::entries::{LogReport, QuickEntry, WriteOutcome};
use crate::error::{Error, InputError, Result, StoreError};
use crate::ipc::Status;
use crate::models::TaskSummary;
use crate::notices::Notice;
use crate::service::Tracker;

/// What to do with away time a running timer went through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum AwayPolicy {
    /// Ask once, on return (a notification, the window's Away view, the tray menu).
    #[default]
    Ask,
    /// Count it as work, without asking.
    Keep,
    /// Leave it out without asking: the timer's entry ends when the person left, and the
    /// timer goes on from the return.
    Discard,
}

/// The away settings in effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AwaySettings {
    /// No input for this long is away; `None` turns away detection off.
    pub after: Option<Duration>,
    pub policy: AwayPolicy,
    /// Stop the timer when the computer sleeps or shuts down.
    pub stop_on_sleep: bool,
}

impl Default for AwaySettings {
    fn default() -> Self {
        AwaySettings {
            after: Some(Duration::from_secs(10 * 60)),
            policy: AwayPolicy::Ask,
            stop_on_sleep: false,
        }
    }
}

/// An away question as the front ends show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct AwayView {
    /// Its number, for `worktray away … --id`.
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    /// When the person left and came back (RFC 3339), and the same as local clock times.
    pub start: String,
    pub end: String,
    pub start_text: String,
    pub end_text: String,
    pub reason: AwayReason,
    /// The away time, in minutes and as `1:12`.
    pub minutes: u32,
    pub away_text: String,
    /// The task the timer ran on.
    pub task: TaskSummary,
}

impl From<&Question> for AwayView {
    fn from(question: &Question) -> Self {
        let stamp = |unix: i64| chrono::DateTime::<chrono::Utc>::from(from_unix_seconds(unix));
        AwayView {
            id: question.id,
            start: stamp(question.start).to_rfc3339(),
            end: stamp(question.end).to_rfc3339(),
            start_text: clock_minute(question.start),
            end_text: clock_minute(question.end),
            reason: question.reason,
            minutes: question.minutes(),
            away_text: crate::timer::format_elapsed(Duration::from_secs(
                u64::try_from(question.away_seconds.max(0)).unwrap_or(0),
            )),
            task: question.task.clone(),
        }
    }
}

/// When the person came back to the computer with no timer running since: "forgot to start?
/// Start from 9:12 (25 min ago)".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct BackSince {
    /// The local clock time, as `worktray start --since` takes it.
    pub since_text: String,
    /// How long ago, in minutes.
    pub minutes: u32,
}

/// A return longer ago than this is no longer what a forgotten start meant.
const BACK_SINCE_AT_MOST: i64 = 4 * 3600;

/// What an answer did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct AwayReport {
    /// The question answered.
    pub answered: AwayView,
    pub answer: AwayChoice,
    /// Why the writes still wait in the outbox (offline, say); `None` once Worksection has
    /// them all.
    pub queued: Option<crate::outbox::QueueReason>,
    /// For a choice that gives the away time to another task: that entry.
    pub given: Option<LogReport>,
    pub status: Status,
}

/// The presence state of the tracker: the settings, the watch and the waiting questions.
#[derive(Default)]
pub(crate) struct Presence {
    settings: AwaySettings,
    kept: Kept,
    /// Whether `kept` was read from the database: not before the tracker has one.
    loaded: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Kept {
    watch: Watch,
    /// Away periods that ended, waiting for a fresh look at the timer to become questions.
    #[serde(default)]
    ended: Vec<Span>,
    /// When the person last came back, until a timer runs: the moment a forgotten start
    /// most likely meant.
    #[serde(default)]
    back_at: Option<i64>,
    questions: Vec<Question>,
}

/// Where the watch and the questions are kept: one record for the machine's user (presence is
/// about the person at this computer, whatever the account).
const KEPT_KEY: &str = "away";
/// The heartbeat: the last minute Worktray was watching.
const ALIVE_KEY: &str = "away-alive";
/// How often the heartbeat is written and the wall clock compared.
const TICK: Duration = Duration::from_secs(60);
/// A wall clock that moved this much more than the awake time waited: the machine slept.
const CLOCK_JUMP: i64 = 30;
/// How long a stop at sleep may hold the sleep back (logind's delay is 5 s by default).
const BEFORE_SLEEP: Duration = Duration::from_secs(4);

fn now() -> i64 {
    unix_seconds(SystemTime::now())
}

impl Tracker {
    fn presence(&self) -> MutexGuard<'_, Presence> {
        self.presence_cell()
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts away settings into effect.
    pub fn set_away(&self, settings: AwaySettings) {
        self.presence().settings = settings;
    }

    /// The watch and the questions, read from the database the first time there is one.
    fn kept<'a>(&self, presence: &'a mut Presence) -> &'a mut Kept {
        if !presence.loaded {
            if let Ok(outbox) = self.outbox() {
                presence.loaded = true;
                match outbox.database().recall(KEPT_KEY) {
                    Ok(Some(text)) => match serde_json::from_str::<Kept>(&text) {
                        Ok(kept) => presence.kept = kept,
                        Err(error) => tracing::warn!(
                            "the kept away questions could not be read ({error}); starting without them"
                        ),
                    },
                    Ok(None) => {}
                    Err(error) => tracing::warn!("the kept away questions could not be read: {error}"),
                }
            }
        }
        &mut presence.kept
    }

    fn save_kept(&self, kept: &Kept) -> Result<()> {
        let text = serde_json::to_string(kept).map_err(StoreError::Encode)?;
        self.outbox()?.database().remember(KEPT_KEY, &text)
    }

    /// Takes in what a platform source saw. A period that ends with a timer that ran through
    /// it becomes a question (or an answer, by the user's settings). Before a sleep, with
    /// "stop the timer when the computer sleeps" on, the stop is written (and given a few
    /// seconds to leave) before this returns: the source holds the sleep back meanwhile.
    pub async fn observe_presence(&self, signal: Signal) {
        let settings = self.presence().settings;
        let Some(after) = settings.after else {
            return;
        };
        if let Signal::Sleeping { at } | Signal::ShuttingDown { at } = signal {
            if settings.stop_on_sleep && self.state().timer.is_some() {
                self.stop_before_sleep(at).await;
            }
        }
        let threshold = i64::try_from(after.as_secs()).unwrap_or(i64::MAX);
        let changed = {
            let mut presence = self.presence();
            let kept = self.kept(&mut presence);
            let before = kept.watch.clone();
            if let Some(span) = kept.watch.observe(&signal, threshold) {
                tracing::info!(
                    "away ({:?}) from {} to {}",
                    span.reason,
                    span.start,
                    span.end
                );
                kept.back_at = Some(span.end);
                if settings.policy != AwayPolicy::Keep {
                    kept.ended.push(span);
                }
            }
            (kept.watch != before || !kept.ended.is_empty()).then(|| kept.clone())
        };
        if let Some(kept) = changed {
            if let Err(error) = self.save_kept(&kept) {
                tracing::warn!("away state not kept: {error}");
            }
        }
        self.ask_about_away();
    }

    /// Turns the away periods that ended into questions, once the timer state is fresh: a
    /// question about a timer that was stopped elsewhere meanwhile would be a false alarm. A
    /// stale state asks the poller to look first; its answer calls this again.
    pub(crate) fn ask_about_away(&self) {
        let running = {
            let state = self.state();
            state.timer.clone()
        };
        let pending = {
            let mut presence = self.presence();
            !self.kept(&mut presence).ended.is_empty()
        };
        if !pending {
            return;
        }
        if !self.state_is_fresh() {
            self.poll_soon();
            return;
        }
        let (asked, kept) = {
            let mut presence = self.presence();
            let kept = self.kept(&mut presence);
            let mut asked = false;
            for span in std::mem::take(&mut kept.ended) {
                asked |= away::ask(&span, running.as_ref(), &mut kept.questions);
            }
            (asked.then(|| latest(kept).cloned()).flatten(), kept.clone())
        };
        if let Err(error) = self.save_kept(&kept) {
            tracing::warn!("away state not kept: {error}");
        }
        let Some(question) = asked else {
            return;
        };
        let policy = self.presence().settings.policy;
        if policy == AwayPolicy::Discard {
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                return;
            };
            let tracker = self.clone();
            runtime.spawn(async move {
                match tracker
                    .answer_away(Some(question.id), &AwayChoice::Continue, 0)
                    .await
                {
                    Ok(report) => tracker.notify(Notice::AwayLeftOut {
                        away: report.answered,
                    }),
                    Err(error) => tracing::warn!("away time not left out: {error}"),
                }
            });
        } else {
            self.notify(Notice::AwayQuestion {
                away: AwayView::from(&question),
            });
            self.publish();
        }
    }

    /// The stop of "stop the timer when the computer sleeps": at the moment of the sleep,
    /// written to the outbox first, so that a stop that cannot leave in time is sent after
    /// the wake with its true moment (and the saved row corrected to it).
    async fn stop_before_sleep(&self, at: i64) {
        match tokio::time::timeout(BEFORE_SLEEP, self.stop_asked(None, from_unix_seconds(at))).await
        {
            Ok(Ok(report)) => tracing::info!(
                "stopped the timer before sleep{}",
                report
                    .queued
                    .map(|why| format!(" (queued: {why:?})"))
                    .unwrap_or_default()
            ),
            Ok(Err(error)) => tracing::warn!("could not stop the timer before sleep: {error}"),
            Err(_) => tracing::warn!(
                "the stop before sleep did not finish in time; it is sent after the wake"
            ),
        }
    }

    /// The questions waiting, oldest first.
    pub fn away_questions(&self) -> Vec<AwayView> {
        let mut presence = self.presence();
        self.kept(&mut presence)
            .questions
            .iter()
            .map(AwayView::from)
            .collect()
    }

    /// When the person came back with no timer running since, for "start from 9:12": today,
    /// at least a minute and at most [`BACK_SINCE_AT_MOST`] ago. A timer seen running ends it.
    pub(crate) fn back_since(&self) -> Option<BackSince> {
        let running = self.state().timer.is_some();
        let mut presence = self.presence();
        let kept = self.kept(&mut presence);
        if running {
            kept.back_at = None;
            return None;
        }
        let back = kept.back_at?;
        let ago = now() - back;
        let local = |unix: i64| chrono::DateTime::<chrono::Local>::from(from_unix_seconds(unix));
        let today = local(now()).date_naive() == local(back).date_naive();
        (today && (60..=BACK_SINCE_AT_MOST).contains(&ago)).then(|| BackSince {
            since_text: clock_minute(back),
            minutes: u32::try_from(ago / 60).unwrap_or(u32::MAX),
        })
    }

    /// The question the front ends show: the newest one waiting.
    pub(crate) fn away_now(&self) -> Option<AwayView> {
        let mut presence = self.presence();
        latest(self.kept(&mut presence)).map(AwayView::from)
    }

    /// Whether the person is away now (an away period is in progress).
    pub fn is_away(&self) -> bool {
        let mut presence = self.presence();
        self.kept(&mut presence).watch.away_since().is_some()
    }

    /// When the person last touched the computer, as far as the sources said (unix seconds):
    /// what "stop at your last activity" stops at.
    pub fn last_activity(&self) -> Option<i64> {
        let mut presence = self.presence();
        let kept = self.kept(&mut presence);
        kept.watch.away_since().or(kept.watch.last_input())
    }

    /// Answers the question `id` (the newest when `None`) with `choice`, keeping
    /// `kept_minutes` of the away time on the timer's task. The writes go through the outbox;
    /// the question is gone once they are committed there.
    pub async fn answer_away(
        &self,
        id: Option<i64>,
        choice: &AwayChoice,
        kept_minutes: u32,
    ) -> Result<AwayReport> {
        let asked = now();
        let question = {
            let mut presence = self.presence();
            let kept = self.kept(&mut presence);
            match id {
                Some(id) => kept.questions.iter().find(|q| q.id == id),
                None => latest(kept),
            }
            .cloned()
            .ok_or(Error::Input(InputError::NoAwayQuestion { id }))?
        };
        // The other task first: an answer it cannot take (not found, a timer-only project)
        // writes nothing.
        let given_to = match choice {
            AwayChoice::Assign { task } => Some(self.resolve_task(task).await?),
            _ => None,
        };
        let _one_at_a_time = self.timer_action().await;
        if *choice != AwayChoice::Keep {
            self.look_before_acting().await?;
        }
        let running = self.state().timer.clone();
        let resolution = away::resolve(&question, choice, kept_minutes, running.as_ref(), asked)?;
        let mut writes = resolution.writes;
        let mut given = None;
        if let (Some(task), Some(minutes)) = (&given_to, resolution.given_minutes) {
            let date = chrono::DateTime::<chrono::Local>::from(from_unix_seconds(question.start))
                .date_naive();
            let entry = QuickEntry {
                task: task.id.to_string(),
                duration: format!("{minutes}m"),
                date: Some(date.format("%Y-%m-%d").to_string()),
                ..QuickEntry::default()
            };
            let (operation, report) = self.interpret(&entry, true).await?;
            writes.push(operation);
            given = Some(report);
        }
        // The question goes in the same transaction as the writes that answer it: a crash
        // leaves it either asked or answered, never answered twice or lost.
        let mut kept = {
            let mut presence = self.presence();
            self.kept(&mut presence).clone()
        };
        kept.questions.retain(|q| q.id != question.id);
        let text = serde_json::to_string(&kept).map_err(StoreError::Encode)?;
        let outcomes = if writes.is_empty() {
            self.outbox()?.database().remember(KEPT_KEY, &text)?;
            Vec::new()
        } else {
            self.write_each_remembering(
                &writes,
                Some((KEPT_KEY, &text)),
                crate::entries::LOG_WAIT,
                crate::outbox::QueueReason::SlowToAnswer,
            )
            .await?
        };
        self.presence()
            .kept
            .questions
            .retain(|q| q.id != question.id);
        let queued = outcomes.iter().find_map(|outcome| match outcome {
            WriteOutcome::Queued { reason } => Some(reason.clone()),
            _ => None,
        });
        if let Some(WriteOutcome::Parked { message }) = outcomes
            .iter()
            .find(|outcome| matches!(outcome, WriteOutcome::Parked { .. }))
        {
            self.refresh().await.ok();
            return Err(Error::invalid_input(message.clone()));
        }
        if let (Some(report), Some(outcome)) = (given.as_mut(), outcomes.last()) {
            report.outcome = outcome.clone();
        }
        if !writes.is_empty() {
            let mut state = self.state();
            state.timer = None;
            state.checked_at = Some(SystemTime::now());
        }
        if *choice == AwayChoice::Continue {
            self.state().timer = Some(crate::timer::ObservedTimer::started_by_us(
                question.task.clone(),
                from_unix_seconds(asked),
                queued.is_none(),
            ));
        }
        self.publish();
        self.poll_soon();
        Ok(AwayReport {
            answered: AwayView::from(&question),
            answer: choice.clone(),
            queued,
            given,
            status: self.status(),
        })
    }

    /// Drops the questions about timers that no longer run, once the server has said what
    /// runs: stopped or thrown away elsewhere, nothing is left to decide.
    pub(crate) fn forget_questions_of_gone_timers(&self) {
        let running = self.state().timer.clone();
        let kept = {
            let mut presence = self.presence();
            let kept = self.kept(&mut presence);
            let before = kept.questions.len();
            kept.questions.retain(|q| {
                running
                    .as_ref()
                    .is_some_and(|running| away::same_timer(&q.timer, running))
            });
            if kept.questions.len() == before {
                return;
            }
            kept.clone()
        };
        if let Err(error) = self.save_kept(&kept) {
            tracing::warn!("away state not kept: {error}");
        }
    }

    /// The heartbeat and the wall-clock watch, until `shutdown`: at start, the time since the
    /// last heartbeat is a gap (Worktray or the computer was off); later, a wall clock that
    /// jumped between two ticks is a sleep no source reported.
    pub async fn run_presence(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let last_alive = self
            .outbox()
            .and_then(|outbox| outbox.database().recall(ALIVE_KEY))
            .ok()
            .flatten()
            .and_then(|text| text.parse::<i64>().ok());
        let started = now();
        if let Some(from) = last_alive.filter(|from| *from < started) {
            self.observe_presence(Signal::Gap {
                from,
                to: started,
                reason: AwayReason::Off,
            })
            .await;
        }
        loop {
            let tick = now();
            if let Ok(outbox) = self.outbox() {
                if let Err(error) = outbox.database().remember(ALIVE_KEY, &tick.to_string()) {
                    tracing::debug!("heartbeat not kept: {error}");
                }
            }
            tokio::select! {
                () = tokio::time::sleep(TICK) => {}
                () = &mut shutdown => return,
            }
            let woke = now();
            if woke - tick > i64::try_from(TICK.as_secs()).unwrap_or(60) + CLOCK_JUMP {
                tracing::info!(
                    "the wall clock jumped {} s: the computer slept",
                    woke - tick
                );
                self.observe_presence(Signal::Gap {
                    from: tick,
                    to: woke,
                    reason: AwayReason::Asleep,
                })
                .await;
            }
        }
    }
}

/// A moment as a local clock time to the minute (`18:04`): what people read on a clock, and
/// what `--since` takes; the seconds of a lock say nothing.
fn clock_minute(unix: i64) -> String {
    chrono::DateTime::<chrono::Local>::from(from_unix_seconds(unix))
        .format("%H:%M")
        .to_string()
}

/// The newest question waiting.
fn latest(kept: &Kept) -> Option<&Question> {
    kept.questions.iter().max_by_key(|q| q.start)
}

/// The presence state's cell in the tracker.
pub(crate) type PresenceCell = Mutex<Presence>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake_api::{FakeApi, User};

    /// A tracker with a timer running on task 101 of a fake account, and a database.
    async fn tracker_with_a_timer(policy: AwayPolicy) -> (FakeApi, Tracker, tempfile::TempDir) {
        let api = FakeApi::start(User {
            id: "7",
            name: "Alex",
        })
        .await;
        api.run_timer_for("101", 3 * 3600);
        let dir = tempfile::tempdir().expect("dir");
        let tracker = Tracker::signed_in(api.client());
        tracker.use_outbox(crate::outbox::Outbox::new(
            crate::db::Database::in_data_dir(dir.path()).expect("db"),
        ));
        tracker.set_away(AwaySettings {
            policy,
            ..AwaySettings::default()
        });
        tracker.refresh().await.expect("the timer is seen");
        (api, tracker, dir)
    }

    async fn locked_for(tracker: &Tracker, minutes: i64) {
        let back = now();
        tracker
            .observe_presence(Signal::Locked {
                at: back - minutes * 60,
            })
            .await;
        assert!(tracker.is_away(), "locked is away");
        tracker
            .observe_presence(Signal::Unlocked { at: back })
            .await;
        assert!(!tracker.is_away(), "unlocked is back");
    }

    #[tokio::test]
    async fn a_short_lock_asks_nothing_and_a_long_one_asks_once_with_a_notice() {
        let (_api, tracker, _dir) = tracker_with_a_timer(AwayPolicy::Ask).await;
        let mut notices = tracker.notices();
        locked_for(&tracker, 3).await;
        assert_eq!(tracker.status().away, None);
        locked_for(&tracker, 40).await;
        let away = tracker.status().away.expect("asked");
        assert_eq!((away.minutes, away.reason), (40, AwayReason::Locked));
        assert!(matches!(
            notices.try_recv(),
            Ok(Notice::AwayQuestion { away: noticed }) if noticed == away
        ));
        assert_eq!(tracker.away_questions().len(), 1);
    }

    #[tokio::test]
    async fn the_keep_setting_never_asks_and_detection_off_sees_nothing() {
        let (api, tracker, _dir) = tracker_with_a_timer(AwayPolicy::Keep).await;
        locked_for(&tracker, 40).await;
        assert_eq!(tracker.status().away, None);
        tracker.set_away(AwaySettings {
            after: None,
            ..AwaySettings::default()
        });
        tracker
            .observe_presence(Signal::Locked { at: now() - 3600 })
            .await;
        assert!(!tracker.is_away(), "detection is off");
        assert!(api.writes().is_empty());
    }

    #[tokio::test]
    async fn the_leave_out_setting_stops_and_starts_again_without_asking() {
        let (api, tracker, _dir) = tracker_with_a_timer(AwayPolicy::Discard).await;
        let mut notices = tracker.notices();
        locked_for(&tracker, 40).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while api.writes().len() < 2 {
            assert!(std::time::Instant::now() < deadline, "{:?}", api.writes());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(api.writes()[..2], ["stop_my_timer", "start_my_timer"]);
        assert_eq!(api.timer().as_deref(), Some("101"), "the timer goes on");
        assert_eq!(tracker.status().away, None, "nothing to ask");
        let left_out = loop {
            match notices.recv().await {
                Ok(Notice::AwayLeftOut { away }) => break away,
                Ok(_) => continue,
                Err(error) => panic!("no notice: {error}"),
            }
        };
        assert_eq!(left_out.minutes, 40);
    }

    #[tokio::test]
    async fn a_period_that_ends_on_a_stale_state_waits_for_a_fresh_look() {
        let (api, tracker, _dir) = tracker_with_a_timer(AwayPolicy::Ask).await;
        // The state was last confirmed long ago (the computer slept through it).
        tracker.state().checked_at = Some(SystemTime::now() - Duration::from_secs(3600));
        locked_for(&tracker, 40).await;
        assert_eq!(
            tracker.status().away,
            None,
            "not asked on what may be stale"
        );
        // Meanwhile the timer was stopped on a phone: the fresh look finds no timer.
        api.stop_timer_elsewhere();
        tracker.refresh().await.expect("refresh");
        assert_eq!(tracker.status().away, None, "no false alarm");
        assert!(tracker.away_questions().is_empty());
    }

    #[tokio::test]
    async fn a_heartbeat_gap_at_start_asks_about_the_time_worktray_was_not_running() {
        let (_api, tracker, dir) = tracker_with_a_timer(AwayPolicy::Ask).await;
        let db = crate::db::Database::in_data_dir(dir.path()).expect("db");
        db.remember(ALIVE_KEY, &(now() - 2 * 3600).to_string())
            .expect("an old heartbeat");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn({
            let tracker = tracker.clone();
            async move {
                tracker
                    .run_presence(async {
                        stopped.await.ok();
                    })
                    .await
            }
        });
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        let away = loop {
            if let Some(away) = tracker.status().away {
                break away;
            }
            assert!(std::time::Instant::now() < deadline, "not asked");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!((away.minutes, away.reason), (120, AwayReason::Off));
        stop.send(()).expect("stop");
        running.await.expect("the heartbeat ends");
    }
}

#[cfg(test)]
mod back_since_tests {
    use super::*;
    use crate::fake_api::{FakeApi, User};

    #[tokio::test]
    async fn a_return_with_no_timer_offers_its_moment_until_a_timer_runs() {
        let api = FakeApi::start(User {
            id: "7",
            name: "Alex",
        })
        .await;
        let dir = tempfile::tempdir().expect("dir");
        let tracker = Tracker::signed_in(api.client());
        tracker.use_outbox(crate::outbox::Outbox::new(
            crate::db::Database::in_data_dir(dir.path()).expect("db"),
        ));
        tracker.refresh().await.expect("no timer");
        let back = now() - 25 * 60;
        tracker
            .observe_presence(Signal::Locked { at: back - 3600 })
            .await;
        tracker
            .observe_presence(Signal::Unlocked { at: back })
            .await;
        assert_eq!(tracker.status().away, None, "no timer ran through it");
        let back_local = chrono::DateTime::<chrono::Local>::from(from_unix_seconds(back));
        if chrono::Local::now().date_naive() != back_local.date_naive() {
            // Right after midnight the return was yesterday: "from 23:50" would mean today.
            assert_eq!(tracker.status().back_since, None);
            return;
        }
        let offered = tracker.status().back_since.expect("back since");
        assert_eq!(offered.minutes, 25);
        assert_eq!(offered.since_text, back_local.format("%H:%M").to_string());
        api.run_timer_on("101");
        tracker.refresh().await.expect("a timer");
        assert_eq!(tracker.status().back_since, None, "a timer runs");
        api.stop_timer_elsewhere();
        tracker.refresh().await.expect("stopped");
        assert_eq!(
            tracker.status().back_since,
            None,
            "a timer ran since the return"
        );
    }
}
