//! Timer arithmetic. The server is the clock: elapsed time is the `time` it reported (seconds,
//! computed when it answered) plus the wall-clock time since that answer. `date_started` has
//! minute precision and no zone, so it is shown but never used for arithmetic.
//!
//! Wall time (not a monotonic clock) is deliberate: the server's timer keeps running while the
//! laptop sleeps, and a monotonic clock on Linux stops during suspend.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::models::{LocalStamp, RunningTimer, TaskSummary};

/// A running timer as last seen on the server.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedTimer {
    pub task: TaskSummary,
    pub date_started: Option<LocalStamp>,
    pub elapsed_at_answer: Duration,
    pub answered_at: SystemTime,
}

impl ObservedTimer {
    pub fn from_answer(timer: &RunningTimer, answered_at: SystemTime) -> Self {
        ObservedTimer {
            task: TaskSummary::from(&timer.task),
            date_started: timer.date_started,
            elapsed_at_answer: Duration::from_secs(timer.time),
            answered_at,
        }
    }

    /// Elapsed time at `now`. A clock that went backwards adds nothing rather than subtracting.
    pub fn elapsed_at(&self, now: SystemTime) -> Duration {
        self.elapsed_at_answer + now.duration_since(self.answered_at).unwrap_or_default()
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
