//! Things worth a desktop notification, and the rule that keeps them from becoming a storm:
//! each reason at most once per its interval.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::away::AwayChoice;
use crate::i18n::{self, Lang};
use crate::models::TaskSummary;
use crate::t_in;

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

    /// Title and body, as the notification shows them, in the language of this process.
    pub fn text(&self) -> (String, String) {
        self.text_in(i18n::current())
    }

    /// Title and body in `lang`.
    pub fn text_in(&self, lang: Lang) -> (String, String) {
        let task = TaskSummary::with_project;
        match self {
            Notice::TimerStartedElsewhere { task: t } => {
                (t_in!(lang, "notice-started-elsewhere"), task(t))
            }
            Notice::TimerStoppedElsewhere { task: t } => (
                t_in!(lang, "notice-stopped-elsewhere"),
                t_in!(lang, "notice-stopped-elsewhere-body", task = task(t)),
            ),
            Notice::RunningLong {
                task: t,
                elapsed_text,
            } => (
                t_in!(lang, "notice-running-long"),
                t_in!(
                    lang,
                    "notice-running-long-body",
                    task = task(t),
                    elapsed = elapsed_text.as_str()
                ),
            ),
            Notice::NoTimerDuringWorkHours { minutes } => (
                t_in!(lang, "notice-no-timer"),
                t_in!(lang, "notice-no-timer-body", minutes = *minutes),
            ),
            Notice::SignInNeedsRenewal { reason } => (
                t_in!(lang, "notice-sign-in-again"),
                t_in!(lang, "notice-sign-in-again-body", reason = reason.as_str()),
            ),
            Notice::SignInNotSaved { reason } => (
                t_in!(lang, "notice-sign-in-not-saved"),
                format!("{reason}."),
            ),
            Notice::QueueFlushed { sent } => (
                t_in!(lang, "notice-queue-flushed"),
                t_in!(lang, "notice-queue-flushed-body", count = *sent),
            ),
            Notice::EntryRefused {
                description,
                message,
            } => (
                t_in!(lang, "notice-entry-refused"),
                t_in!(
                    lang,
                    "notice-entry-refused-body",
                    what = description.as_str(),
                    message = message.as_str()
                ),
            ),
            Notice::DatabaseRecovered { what } => (
                t_in!(lang, "notice-database-recovered"),
                capitalised(what) + ".",
            ),
            Notice::AwayQuestion { away } => (
                t_in!(lang, "notice-away-question", away = away.away_text.as_str()),
                t_in!(
                    lang,
                    "notice-away-question-body",
                    task = task(&away.task),
                    start = away.start_text.as_str(),
                    end = away.end_text.as_str()
                ),
            ),
            Notice::StartedOnDayOff { task: t, kind } => (
                t_in!(
                    lang,
                    "notice-started-on-day-off",
                    kind = match kind {
                        crate::models::DayKind::SickLeave => "sick",
                        _ => "vacation",
                    }
                ),
                t_in!(lang, "notice-started-on-day-off-body", task = task(t)),
            ),
            Notice::AwayLeftOut { away } => (
                t_in!(lang, "notice-away-left-out", away = away.away_text.as_str()),
                t_in!(
                    lang,
                    "notice-away-left-out-body",
                    task = task(&away.task),
                    start = away.start_text.as_str(),
                    end = away.end_text.as_str()
                ),
            ),
        }
    }

    /// Title and body for a desktop whose notifications show no buttons: a notice that asks
    /// for an answer says where else to give it.
    pub fn text_without_actions(&self) -> (String, String) {
        let lang = i18n::current();
        let (title, body) = self.text_in(lang);
        match self {
            Notice::AwayQuestion { .. } => (
                title,
                format!("{body} {}", t_in!(lang, "notice-decide-in-menu")),
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

    /// The button's words, in the language of this process.
    pub fn label(&self) -> String {
        self.label_in(i18n::current())
    }

    pub fn label_in(&self, lang: Lang) -> String {
        match self {
            NoticeAction::Stop => t_in!(lang, "notice-action-stop"),
            NoticeAction::StopAt(at) => t_in!(
                lang,
                "notice-action-stop-at",
                time = chrono::DateTime::<chrono::Local>::from(
                    crate::auth::session::from_unix_seconds(*at)
                )
                .format("%H:%M")
                .to_string()
            ),
            NoticeAction::KeepRunning => t_in!(lang, "notice-action-keep-running"),
            NoticeAction::Discard { .. } => t_in!(lang, "notice-action-discard"),
            NoticeAction::Answer { answer, .. } => match answer {
                AwayAnswer::Keep => t_in!(lang, "notice-action-keep"),
                AwayAnswer::LeaveOut => t_in!(lang, "notice-action-leave-out"),
                AwayAnswer::LeaveOutAndContinue => t_in!(lang, "notice-action-continue"),
            },
            NoticeAction::Decide => t_in!(lang, "notice-action-decide"),
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
    fn notices_and_their_buttons_speak_ukrainian_and_russian() {
        let question = away_question(7);
        let (title, body) = question.text_in(Lang::Uk);
        assert_eq!(title, "Відсутність 1:12 — це була робота?");
        assert!(
            body.contains("Fix login · Website") && body.contains("18:04–19:16"),
            "{body}"
        );
        let (title, _) = question.text_in(Lang::Ru);
        assert_eq!(title, "Отсутствие 1:12 — это была работа?");
        let labels: Vec<String> = question
            .actions(None, NOW)
            .iter()
            .map(|a| a.label_in(Lang::Uk))
            .collect();
        assert_eq!(
            labels,
            [
                "Залишити",
                "Не рахувати",
                "Не рахувати й продовжити",
                "Вирішити…"
            ]
        );
        for (sent, uk, ru) in [
            (
                1,
                "1 запис у черзі дійшов до Worksection.",
                "1 запись из очереди дошла до Worksection.",
            ),
            (
                3,
                "3 записи у черзі дійшли до Worksection.",
                "3 записи из очереди дошли до Worksection.",
            ),
            (
                5,
                "5 записів у черзі дійшли до Worksection.",
                "5 записей из очереди дошли до Worksection.",
            ),
            (
                21,
                "21 запис у черзі дійшов до Worksection.",
                "21 запись из очереди дошла до Worksection.",
            ),
        ] {
            let flushed = Notice::QueueFlushed { sent };
            assert_eq!(flushed.text_in(Lang::Uk).1, uk);
            assert_eq!(flushed.text_in(Lang::Ru).1, ru);
        }
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
