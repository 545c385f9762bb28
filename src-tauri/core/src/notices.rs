//! Things worth a desktop notification, and the rule that keeps them from becoming a storm:
//! each reason at most once per its interval.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::away::AwayChoice;
use crate::models::TaskSummary;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Notice {
    /// A timer started in the web app or on a phone.
    TimerStartedElsewhere { task: TaskSummary },
    /// The running timer was stopped elsewhere (and saved there).
    TimerStoppedElsewhere { task: TaskSummary },
    /// The timer has run longer than the user's limit: forgotten?
    RunningLong {
        task: TaskSummary,
        elapsed_text: String,
    },
    /// No timer has run for a while during work hours: forgot to start one?
    NoTimerDuringWorkHours { minutes: u32 },
    /// The sign-in ended; entries wait in the queue.
    SignInNeedsRenewal { reason: String },
    /// A renewed sign-in the keyring did not take: it lives in memory only.
    SignInNotSaved { reason: String },
    /// A queue that waited for the network is empty again.
    QueueFlushed { sent: usize },
    /// Worksection refused a queued write.
    EntryRefused {
        description: String,
        message: String,
    },
    /// The local database could not be read: it was moved aside and a new one started with
    /// what could be read from it.
    DatabaseRecovered {
        /// What [`crate::db::Recovery`] says of the repair, in its words.
        what: String,
    },
    /// A running timer went through away time: keep it, leave it out, or give it to another
    /// task?
    AwayQuestion { away: crate::presence::AwayView },
    /// Away time was left out without asking (the user's setting); the timer goes on.
    AwayLeftOut { away: crate::presence::AwayView },
    /// A timer started before today's schedule was known, on a day it marks as vacation or
    /// sick leave: the question a start asks first, asked after.
    StartedOnDayOff {
        task: TaskSummary,
        kind: crate::models::DayKind,
    },
}

impl From<&crate::db::Recovery> for Notice {
    fn from(recovery: &crate::db::Recovery) -> Self {
        Notice::DatabaseRecovered {
            what: recovery.to_string(),
        }
    }
}

impl Notice {
    fn reason(&self) -> &'static str {
        match self {
            Notice::TimerStartedElsewhere { .. } => "started-elsewhere",
            Notice::TimerStoppedElsewhere { .. } => "stopped-elsewhere",
            Notice::RunningLong { .. } => "running-long",
            Notice::NoTimerDuringWorkHours { .. } => "no-timer",
            Notice::SignInNeedsRenewal { .. } => "sign-in",
            Notice::SignInNotSaved { .. } => "sign-in-not-saved",
            Notice::QueueFlushed { .. } => "queue-flushed",
            Notice::EntryRefused { .. } => "entry-refused",
            Notice::DatabaseRecovered { .. } => "database-recovered",
            Notice::AwayQuestion { .. } => "away-question",
            Notice::AwayLeftOut { .. } => "away-left-out",
            Notice::StartedOnDayOff { .. } => "started-on-day-off",
        }
    }

    /// The least time between two notices of the same reason.
    pub fn interval(&self) -> Duration {
        match self {
            Notice::TimerStartedElsewhere { .. } | Notice::TimerStoppedElsewhere { .. } => {
                Duration::from_secs(60)
            }
            Notice::RunningLong { .. } => Duration::from_secs(2 * 3600),
            Notice::NoTimerDuringWorkHours { .. } => Duration::from_secs(3600),
            Notice::SignInNeedsRenewal { .. } => Duration::from_secs(6 * 3600),
            Notice::SignInNotSaved { .. } => Duration::from_secs(30 * 60),
            Notice::QueueFlushed { .. } => Duration::from_secs(10 * 60),
            Notice::EntryRefused { .. } | Notice::DatabaseRecovered { .. } => {
                Duration::from_secs(60)
            }
            // Each one is about another period, or another start: never held back.
            Notice::AwayQuestion { .. }
            | Notice::AwayLeftOut { .. }
            | Notice::StartedOnDayOff { .. } => Duration::ZERO,
        }
    }

    /// Title and body, as the notification shows them.
    pub fn text(&self) -> (String, String) {
        let task = |t: &TaskSummary| {
            if t.project.is_empty() {
                t.name.clone()
            } else {
                format!("{} · {}", t.name, t.project)
            }
        };
        match self {
            Notice::TimerStartedElsewhere { task: t } => {
                ("Timer started elsewhere".into(), task(t))
            }
            Notice::TimerStoppedElsewhere { task: t } => (
                "Timer stopped elsewhere".into(),
                format!("{} — saved in Worksection", task(t)),
            ),
            Notice::RunningLong {
                task: t,
                elapsed_text,
            } => (
                "Timer still running".into(),
                format!(
                    "{} has run for {elapsed_text}. Still working on it?",
                    task(t)
                ),
            ),
            Notice::NoTimerDuringWorkHours { minutes } => (
                "No timer running".into(),
                format!("No timer has run for {minutes} minutes of your work hours. Start one from the tray, or log the time later."),
            ),
            Notice::SignInNeedsRenewal { reason } => (
                "Sign in to Worksection again".into(),
                format!("{reason}. Your entries are kept and will be sent after you sign in."),
            ),
            Notice::SignInNotSaved { reason } => {
                ("The keyring did not take the sign-in".into(), format!("{reason}."))
            }
            Notice::QueueFlushed { sent } => (
                "Entries sent".into(),
                format!(
                    "{sent} queued entr{} reached Worksection.",
                    if *sent == 1 { "y" } else { "ies" }
                ),
            ),
            Notice::EntryRefused {
                description,
                message,
            } => (
                "Worksection refused an entry".into(),
                format!("{description}: {message}. Open Worktray to fix, retry or discard it."),
            ),
            Notice::DatabaseRecovered { what } => {
                ("Local database repaired".into(), capitalised(what) + ".")
            }
            Notice::AwayQuestion { away } => (
                format!("Away {} — was it work?", away.away_text),
                format!(
                    "The timer on {} ran while you were away ({}–{}).",
                    task(&away.task),
                    away.start_text,
                    away.end_text
                ),
            ),
            Notice::StartedOnDayOff { task: t, kind } => (
                format!(
                    "Today is marked as {} in Worksection",
                    match kind {
                        crate::models::DayKind::SickLeave => "sick leave",
                        _ => "vacation",
                    }
                ),
                format!(
                    "The timer on {} runs. Discard it if you are not working today.",
                    task(t)
                ),
            ),
            Notice::AwayLeftOut { away } => (
                format!("Away {} left out", away.away_text),
                format!(
                    "{}–{} is not counted on {}; the timer goes on.",
                    away.start_text,
                    away.end_text,
                    task(&away.task)
                ),
            ),
        }
    }

    /// Title and body for a desktop whose notifications show no buttons: a notice that asks
    /// for an answer says where else to give it.
    pub fn text_without_actions(&self) -> (String, String) {
        let (title, body) = self.text();
        match self {
            Notice::AwayQuestion { .. } => (
                title,
                format!("{body} Decide what it was from the tray menu."),
            ),
            _ => (title, body),
        }
    }

    /// The buttons this notice offers, in order. `last_activity` is when the person last
    /// touched the computer and `now` the moment of showing (unix seconds): a long-running
    /// timer offers to stop at that activity when it was more than a few minutes ago.
    pub fn actions(&self, last_activity: Option<i64>, now: i64) -> Vec<NoticeAction> {
        match self {
            Notice::RunningLong { .. } => {
                let mut actions = vec![NoticeAction::Stop];
                if let Some(at) = last_activity.filter(|at| now - at > STOP_AT_AFTER) {
                    actions.push(NoticeAction::StopAt(at));
                }
                actions.push(NoticeAction::KeepRunning);
                actions
            }
            Notice::TimerStartedElsewhere { .. } => {
                vec![NoticeAction::Stop, NoticeAction::KeepRunning]
            }
            Notice::StartedOnDayOff { task, .. } => vec![
                NoticeAction::Discard {
                    task: task.id.clone(),
                },
                NoticeAction::KeepRunning,
            ],
            Notice::AwayQuestion { away } => [
                AwayAnswer::Keep,
                AwayAnswer::LeaveOut,
                AwayAnswer::LeaveOutAndContinue,
            ]
            .into_iter()
            .map(|answer| NoticeAction::Answer {
                id: away.id,
                answer,
            })
            .chain([NoticeAction::Decide])
            .collect(),
            Notice::TimerStoppedElsewhere { .. }
            | Notice::NoTimerDuringWorkHours { .. }
            | Notice::SignInNeedsRenewal { .. }
            | Notice::SignInNotSaved { .. }
            | Notice::QueueFlushed { .. }
            | Notice::EntryRefused { .. }
            | Notice::DatabaseRecovered { .. }
            | Notice::AwayLeftOut { .. } => Vec::new(),
        }
    }
}

/// Input this long ago is worth a "stop at your last activity": a shorter pause is reading,
/// not a forgotten timer.
const STOP_AT_AFTER: i64 = 5 * 60;

/// The answers to an away question a notification button can give: the ones of one click,
/// without a task to pick or minutes to type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwayAnswer {
    Keep,
    LeaveOut,
    LeaveOutAndContinue,
}

impl AwayAnswer {
    pub fn choice(self) -> AwayChoice {
        match self {
            AwayAnswer::Keep => AwayChoice::Keep,
            AwayAnswer::LeaveOut => AwayChoice::Discard,
            AwayAnswer::LeaveOutAndContinue => AwayChoice::Continue,
        }
    }
}

/// A button on a notification: what a click on it asks of the tracker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Stop the running timer now.
    Stop,
    /// Stop the running timer at the person's last activity (unix seconds).
    StopAt(i64),
    /// Leave the timer running; the click only closes the notification.
    KeepRunning,
    /// Discard the timer running on this task: nothing is saved.
    Discard { task: crate::models::Id },
    /// Answer away question `id`, all of the away time one way.
    Answer { id: i64, answer: AwayAnswer },
    /// Open the window's Away view, to answer there (a split, another task).
    Decide,
}

impl NoticeAction {
    /// The key the desktop hands back when the button is clicked; unique within a notice.
    pub fn key(&self) -> &'static str {
        match self {
            NoticeAction::Stop => "stop",
            NoticeAction::StopAt(_) => "stop-at",
            NoticeAction::KeepRunning => "keep-running",
            NoticeAction::Discard { .. } => "discard",
            NoticeAction::Answer { answer, .. } => match answer {
                AwayAnswer::Keep => "away-keep",
                AwayAnswer::LeaveOut => "away-leave-out",
                AwayAnswer::LeaveOutAndContinue => "away-continue",
            },
            NoticeAction::Decide => "decide",
        }
    }

    /// The button's words.
    pub fn label(&self) -> String {
        match self {
            NoticeAction::Stop => "Stop timer".into(),
            NoticeAction::StopAt(at) => format!(
                "Stop at your last activity ({})",
                chrono::DateTime::<chrono::Local>::from(crate::auth::session::from_unix_seconds(
                    *at
                ))
                .format("%H:%M")
            ),
            NoticeAction::KeepRunning => "Keep running".into(),
            NoticeAction::Discard { .. } => "Discard timer".into(),
            NoticeAction::Answer { answer, .. } => match answer {
                AwayAnswer::Keep => "Keep".into(),
                AwayAnswer::LeaveOut => "Leave out".into(),
                AwayAnswer::LeaveOutAndContinue => "Leave out and continue".into(),
            },
            NoticeAction::Decide => "Decide…".into(),
        }
    }
}

/// Lets each reason through at most once per its interval.
#[derive(Default)]
pub struct NoticeGate {
    last: HashMap<&'static str, Instant>,
}

impl NoticeGate {
    pub fn allow(&mut self, notice: &Notice, now: Instant) -> bool {
        let reason = notice.reason();
        if self
            .last
            .get(reason)
            .is_some_and(|at| now.duration_since(*at) < notice.interval())
        {
            return false;
        }
        self.last.insert(reason, now);
        true
    }
}

/// `text` with its first letter in capitals: a notification's body is a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Id;

    fn task() -> TaskSummary {
        TaskSummary {
            id: Id::from(1),
            name: "Fix login".into(),
            project: "Website".into(),
            project_id: String::new(),
            page: String::new(),
        }
    }

    fn away_question(id: i64) -> Notice {
        Notice::AwayQuestion {
            away: crate::presence::AwayView {
                id,
                start: "2025-11-28T18:04:00+00:00".into(),
                end: "2025-11-28T19:16:00+00:00".into(),
                start_text: "18:04".into(),
                end_text: "19:16".into(),
                reason: crate::away::AwayReason::Locked,
                minutes: 72,
                away_text: "1:12".into(),
                task: task(),
            },
        }
    }

    const NOW: i64 = 1_764_353_040;

    #[test]
    fn a_long_timer_offers_to_stop_at_the_last_activity_only_when_it_was_a_while_ago() {
        let long = Notice::RunningLong {
            task: task(),
            elapsed_text: "9:00".into(),
        };
        let plain = [NoticeAction::Stop, NoticeAction::KeepRunning];
        assert_eq!(long.actions(None, NOW), plain, "no source said anything");
        assert_eq!(
            long.actions(Some(NOW - 60), NOW),
            plain,
            "a minute without input is a pause, not a forgotten timer"
        );
        assert_eq!(long.actions(Some(NOW - STOP_AT_AFTER), NOW), plain);
        assert_eq!(
            long.actions(Some(NOW - 3600), NOW),
            [
                NoticeAction::Stop,
                NoticeAction::StopAt(NOW - 3600),
                NoticeAction::KeepRunning
            ]
        );
        let label = NoticeAction::StopAt(NOW - 3600).label();
        let clock = label
            .strip_prefix("Stop at your last activity (")
            .and_then(|rest| rest.strip_suffix(')'))
            .expect(&label);
        assert_eq!(clock.len(), 5, "hours and minutes: {label}");
    }

    #[test]
    fn an_away_question_offers_its_one_click_answers_and_the_window() {
        let actions = away_question(42).actions(Some(NOW - 3600), NOW);
        assert_eq!(
            actions,
            [
                NoticeAction::Answer {
                    id: 42,
                    answer: AwayAnswer::Keep
                },
                NoticeAction::Answer {
                    id: 42,
                    answer: AwayAnswer::LeaveOut
                },
                NoticeAction::Answer {
                    id: 42,
                    answer: AwayAnswer::LeaveOutAndContinue
                },
                NoticeAction::Decide,
            ]
        );
        let labels: Vec<String> = actions.iter().map(NoticeAction::label).collect();
        assert_eq!(
            labels,
            ["Keep", "Leave out", "Leave out and continue", "Decide…"]
        );
        let mut keys: Vec<&str> = actions.iter().map(NoticeAction::key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), actions.len(), "each button has its own key");
        assert_eq!(AwayAnswer::LeaveOut.choice(), AwayChoice::Discard);
        assert_eq!(
            AwayAnswer::LeaveOutAndContinue.choice(),
            AwayChoice::Continue
        );
    }

    #[test]
    fn notices_that_ask_nothing_offer_no_buttons() {
        let started = Notice::TimerStartedElsewhere { task: task() };
        assert_eq!(
            started.actions(Some(NOW - 3600), NOW),
            [NoticeAction::Stop, NoticeAction::KeepRunning],
            "a timer started elsewhere offers no stop at an activity here"
        );
        for notice in [
            Notice::TimerStoppedElsewhere { task: task() },
            Notice::QueueFlushed { sent: 2 },
            Notice::NoTimerDuringWorkHours { minutes: 30 },
        ] {
            assert!(
                notice.actions(Some(NOW - 3600), NOW).is_empty(),
                "{notice:?}"
            );
        }
    }

    #[test]
    fn without_buttons_an_away_question_says_where_to_answer() {
        let (title, body) = away_question(42).text_without_actions();
        assert_eq!(title, "Away 1:12 — was it work?");
        assert!(
            body.ends_with("Decide what it was from the tray menu."),
            "{body}"
        );
        let flushed = Notice::QueueFlushed { sent: 1 };
        assert_eq!(flushed.text_without_actions(), flushed.text());
    }

    #[test]
    fn each_reason_at_most_once_per_interval() {
        let task = task();
        let mut gate = NoticeGate::default();
        let start = Instant::now();
        let started = Notice::TimerStartedElsewhere { task: task.clone() };
        let long = Notice::RunningLong {
            task,
            elapsed_text: "9:00".into(),
        };
        assert!(gate.allow(&started, start));
        assert!(
            !gate.allow(&started, start + Duration::from_secs(10)),
            "a storm is held back"
        );
        assert!(
            gate.allow(&long, start + Duration::from_secs(10)),
            "other reasons are not"
        );
        assert!(gate.allow(&started, start + Duration::from_secs(61)));
        assert!(!gate.allow(&long, start + Duration::from_secs(3600)));
        assert!(gate.allow(&long, start + Duration::from_secs(2 * 3600 + 11)));
    }
}
