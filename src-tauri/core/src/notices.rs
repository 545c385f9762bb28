//! Things worth a desktop notification, and the rule that keeps them from becoming a storm:
//! each reason at most once per its interval.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

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
            // Each one is about another period: never held back.
            Notice::AwayQuestion { .. } | Notice::AwayLeftOut { .. } => Duration::ZERO,
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

    /// Whether the notification offers Stop / Keep buttons.
    pub fn offers_stop(&self) -> bool {
        matches!(
            self,
            Notice::RunningLong { .. } | Notice::TimerStartedElsewhere { .. }
        )
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

    #[test]
    fn each_reason_at_most_once_per_interval() {
        let task = TaskSummary {
            id: Id::from(1),
            name: "Fix login".into(),
            project: "Website".into(),
            project_id: String::new(),
            page: String::new(),
        };
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
