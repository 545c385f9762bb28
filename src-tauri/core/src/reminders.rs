//! The minute clock and the reminders it drives: the state published once a minute while a
//! timer runs (no request, no JavaScript timer), "running long", and "no timer during work
//! hours".

use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use crate::notices::Notice;
use crate::service::Tracker;

/// A timer running longer than this is probably forgotten (a setting; this is the default).
pub const DEFAULT_LONG_TIMER: Duration = Duration::from_secs(8 * 3600);

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

/// The reminder settings: the reminders' own store.
pub(crate) struct Reminders {
    work_hours: Mutex<Option<WorkHours>>,
    /// Show a notice when a timer runs longer than this.
    long_timer: Mutex<Option<Duration>>,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            work_hours: Mutex::new(None),
            long_timer: Mutex::new(Some(DEFAULT_LONG_TIMER)),
        }
    }
}

impl Reminders {
    pub(crate) fn set_long_timer(&self, limit: Option<Duration>) {
        *self
            .long_timer
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = limit;
    }

    pub(crate) fn set_work_hours(&self, hours: Option<WorkHours>) {
        *self
            .work_hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = hours;
    }

    fn long_timer(&self) -> Option<Duration> {
        *self
            .long_timer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn work_hours(&self) -> Option<WorkHours> {
        *self
            .work_hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Tracker {
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
                        let limit = self.reminders().long_timer();
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
        let Some(hours) = self.reminders().work_hours() else {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
