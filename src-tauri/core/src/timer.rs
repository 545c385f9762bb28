//! Timer arithmetic. The server is the clock: elapsed time is the `time` it reported (seconds,
//! computed when it answered) plus the wall-clock time since that answer. `date_started` has
//! minute precision and no zone, so it is shown but never used for arithmetic.
//!
//! Wall time (not a monotonic clock) is deliberate: the server's timer keeps running while the
//! laptop sleeps, and a monotonic clock on Linux stops during suspend.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::auth::session::unix_seconds;
use crate::models::{Id, LocalStamp, RunningTimer, TaskSummary};

/// How far apart two looks at the same timer may place its start: the answer's travel time,
/// a wall clock adjusted meanwhile. A timer started elsewhere on the same task is told apart
/// by a start outside this span.
pub const SAME_START: Duration = Duration::from_secs(90);

/// A running timer as last seen on the server, or as it will be once a queued start reaches it.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedTimer {
    pub task: TaskSummary,
    pub date_started: Option<LocalStamp>,
    pub elapsed_at_answer: Duration,
    pub answered_at: SystemTime,
    /// False while the start that makes this timer still waits in the outbox: then
    /// `answered_at` is the moment the user started it and the server has no such timer yet.
    pub confirmed: bool,
    /// When the user started it, where that is earlier than the server's start (a start that
    /// reached Worksection late): the time shown and booked counts from here.
    pub began: Option<SystemTime>,
}

impl ObservedTimer {
    pub fn from_answer(timer: &RunningTimer, answered_at: SystemTime) -> Self {
        ObservedTimer {
            task: TaskSummary::from(&timer.task),
            date_started: timer.date_started,
            elapsed_at_answer: Duration::from_secs(timer.time),
            answered_at,
            confirmed: true,
            began: None,
        }
    }

    /// A timer the user started at `at`: just confirmed by the server, or still queued.
    pub fn started_by_us(task: TaskSummary, at: SystemTime, confirmed: bool) -> Self {
        ObservedTimer {
            task,
            date_started: None,
            elapsed_at_answer: Duration::ZERO,
            answered_at: at,
            confirmed,
            began: None,
        }
    }

    /// When the server started it, by its own count of seconds.
    pub fn server_start(&self) -> SystemTime {
        self.answered_at - self.elapsed_at_answer
    }

    /// Elapsed time at `now`. A clock that went backwards adds nothing rather than subtracting.
    pub fn elapsed_at(&self, now: SystemTime) -> Duration {
        match self.began {
            Some(began) => now.duration_since(began).unwrap_or_default(),
            None => {
                self.elapsed_at_answer + now.duration_since(self.answered_at).unwrap_or_default()
            }
        }
    }

    /// Which timer this is, for a stop or discard that may reach the server later.
    pub fn identity(&self) -> TimerRef {
        let start = unix_seconds(self.server_start());
        let began = self.began.map_or(start, unix_seconds);
        let margin = SAME_START.as_secs() as i64;
        let (started_from, started_to, confirmed_at) = if self.confirmed {
            (
                start - margin,
                start + margin,
                Some(unix_seconds(self.answered_at)),
            )
        } else {
            // The server starts it when the queued start arrives: any time from now on.
            (start - 5, i64::MAX, None)
        };
        TimerRef {
            task: Some(self.task.id.clone()),
            task_name: self.task.name.clone(),
            started_from,
            started_to,
            began: Some(began),
            confirmed_at,
        }
    }

    pub fn view(&self, now: SystemTime) -> TimerView {
        let elapsed = self.elapsed_at(now);
        TimerView {
            task: self.task.clone(),
            started: self.date_started.map(|s| s.to_string()),
            elapsed_seconds: elapsed.as_secs(),
            elapsed_text: format_elapsed(elapsed),
        }
    }
}

/// What the CLI, the tray and the window show of a running timer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct TimerView {
    pub task: TaskSummary,
    /// `YYYY-MM-DD HH:MM` as the server wrote it, for display.
    pub started: Option<String>,
    #[cfg_attr(test, ts(type = "number"))]
    pub elapsed_seconds: u64,
    /// `H:MM`, what the tray label shows.
    pub elapsed_text: String,
}

/// Which timer a queued stop or discard means: the one on `task` that the server started
/// within `started_from..=started_to` (unix seconds). Whatever else runs when the write is sent
/// was started elsewhere, and is never touched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct TimerRef {
    /// `None` in a stop queued by an earlier version, which meant whatever ran when the user
    /// asked: any timer the server started before that moment.
    #[serde(default)]
    pub task: Option<Id>,
    #[serde(default)]
    pub task_name: String,
    #[serde(default = "earliest")]
    #[cfg_attr(test, ts(type = "number"))]
    pub started_from: i64,
    #[serde(default = "latest")]
    #[cfg_attr(test, ts(type = "number"))]
    pub started_to: i64,
    /// When the user started it (unix seconds): the saved row counts from here.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "number | null"))]
    pub began: Option<i64>,
    /// When the server last said it runs; `None` while its start is still queued.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "number | null"))]
    pub confirmed_at: Option<i64>,
}

fn earliest() -> i64 {
    i64::MIN
}

fn latest() -> i64 {
    i64::MAX
}

impl Default for TimerRef {
    fn default() -> Self {
        TimerRef {
            task: None,
            task_name: String::new(),
            started_from: earliest(),
            started_to: latest(),
            began: None,
            confirmed_at: None,
        }
    }
}

impl TimerRef {
    /// When the server started it, for a timer it confirmed: the middle of the span.
    pub fn server_start(&self) -> Option<i64> {
        self.confirmed_at
            .map(|_| self.started_from + SAME_START.as_secs() as i64)
    }

    /// Whether `running`, as the server answered at `now` (unix seconds), is this timer.
    pub fn is(&self, running: &RunningTimer, now: i64) -> bool {
        let started = now.saturating_sub(i64::try_from(running.time).unwrap_or(i64::MAX));
        self.task
            .as_ref()
            .is_none_or(|task| *task == running.task.id)
            && (self.started_from..=self.started_to).contains(&started)
    }
}

/// `H:MM`, rounded down to the minute (a timer at 0:59:59 shows 0:59).
pub fn format_elapsed(elapsed: Duration) -> String {
    let minutes = elapsed.as_secs() / 60;
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Id;

    fn observed(seconds: u64, at: SystemTime) -> ObservedTimer {
        ObservedTimer {
            task: TaskSummary {
                id: Id::from(1),
                name: "Fix login".into(),
                project: "Website".into(),
                project_id: String::new(),
                page: String::new(),
            },
            date_started: None,
            elapsed_at_answer: Duration::from_secs(seconds),
            answered_at: at,
            confirmed: true,
            began: None,
        }
    }

    #[test]
    fn elapsed_is_server_time_plus_wall_time_since_the_answer() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let timer = observed(4360, at);
        assert_eq!(timer.elapsed_at(at), Duration::from_secs(4360));
        assert_eq!(
            timer.view(at + Duration::from_secs(200)).elapsed_text,
            "1:16"
        );
        // The clock jumped back: nothing is subtracted.
        assert_eq!(
            timer.elapsed_at(at - Duration::from_secs(50)),
            Duration::from_secs(4360)
        );
        // The laptop slept for ten hours: the server's timer kept running, and so does ours.
        assert_eq!(
            timer.view(at + Duration::from_secs(36_000)).elapsed_text,
            "11:12"
        );
    }

    #[test]
    fn elapsed_text_rounds_down() {
        assert_eq!(format_elapsed(Duration::from_secs(3599)), "0:59");
        assert_eq!(format_elapsed(Duration::from_secs(3600)), "1:00");
    }
}
