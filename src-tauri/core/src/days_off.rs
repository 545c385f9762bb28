//! Days off: vacation, sick leave and work on a weekend day, kept by Worksection in each
//! user's work schedule. Reads are one request per view (the user and the date range); each
//! edit is one request whatever the range, through the outbox (the writes are idempotent, so a
//! resend after an ambiguous failure is harmless).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::api::ScheduleMark;
use crate::entries::{range_reversed, today, WriteOutcome, LOG_WAIT};
use crate::error::{Error, Result};
use crate::models::{DayKind, TaskSummary};
use crate::notices::Notice;
use crate::outbox::{Operation, QueueState, QueuedEntry};
use crate::parse::{parse_date, WeekdayDirection};
use crate::service::Tracker;
use crate::session::SignedIn;
use crate::t;

/// The longest range one edit may cover.
pub const MAX_RANGE_DAYS: i64 = 366;

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `D` or `D..D`, in any form the quick entry accepts; weekday names point ahead.
pub fn parse_range(text: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let (from, to) = match text.split_once("..") {
        Some((from, to)) => (from, to),
        None => (text, text),
    };
    let from = parse_date(from, today, WeekdayDirection::Future)?;
    // "mon..wed" means the Wednesday after that Monday.
    let to = parse_date(to, from, WeekdayDirection::Future)?;
    if to < from {
        return Err(range_reversed(from, to));
    }
    if (to - from).num_days() >= MAX_RANGE_DAYS {
        return Err(Error::invalid_input(t!("days-off-range-too-long")));
    }
    Ok((from, to))
}

/// The days of `from..=to` that `mark` applies to: vacation and sick leave skip weekends unless
/// asked, "workday" (working on a weekend day) takes weekend days only.
pub fn days_to_mark(
    from: NaiveDate,
    to: NaiveDate,
    mark: ScheduleMark,
    include_weekends: bool,
) -> Result<Vec<NaiveDate>> {
    let days: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| match mark {
            ScheduleMark::Vacation | ScheduleMark::SickLeave => include_weekends || !is_weekend(*d),
            ScheduleMark::Workday => is_weekend(*d),
            ScheduleMark::Unset => true,
        })
        .collect();
    if days.is_empty() {
        return Err(Error::invalid_input(match mark {
            ScheduleMark::Workday => t!("days-off-workday-no-weekend"),
            _ => t!("days-off-only-weekend"),
        }));
    }
    Ok(days)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct DayView {
    pub date: NaiveDate,
    pub weekend: bool,
    pub today: bool,
    /// What Worksection has for the day.
    pub kind: Option<DayKind>,
    /// An edit of the day still waiting in the outbox.
    pub pending: Option<ScheduleMark>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct DaysOffView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayView>,
    /// Queued and refused schedule edits.
    pub queued: Vec<QueuedEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct DaysOffReport {
    pub mark: ScheduleMark,
    pub dates: Vec<NaiveDate>,
    pub outcome: WriteOutcome,
}

/// What to tell a user whose schedule edit Worksection refused.
fn refusal_help(message: &str) -> String {
    t!("days-off-refused", message = message)
}

impl Tracker {
    /// My schedule between two dates, with edits still queued.
    pub async fn days_off(&self, from: NaiveDate, to: NaiveDate) -> Result<DaysOffView> {
        self.days_off_with(&self.session()?, from, to).await
    }

    async fn days_off_with(
        &self,
        signed_in: &SignedIn,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<DaysOffView> {
        if to < from || (to - from).num_days() >= MAX_RANGE_DAYS {
            return Err(Error::invalid_input(t!("days-off-show-range")));
        }
        let me = self.ensure_me_with(signed_in).await?;
        let schedules = signed_in
            .api
            .users_schedule(std::slice::from_ref(&me.email), from, to)
            .await;
        self.note(signed_in, &schedules);
        let marks: BTreeMap<NaiveDate, DayKind> = schedules?
            .into_iter()
            .filter(|s| s.id == me.id || s.email.eq_ignore_ascii_case(&me.email))
            .flat_map(|s| s.schedule)
            .collect();
        let queued: Vec<QueuedEntry> = self
            .outbox()?
            .list()?
            .into_iter()
            .filter(|q| matches!(q.operation.known(), Some(Operation::UpdateSchedule { .. })))
            .collect();
        let mut pending: BTreeMap<NaiveDate, ScheduleMark> = BTreeMap::new();
        for entry in queued.iter().filter(|q| q.state == QueueState::Pending) {
            if let Some(Operation::UpdateSchedule { days, .. }) = entry.operation.known() {
                pending.extend(days.iter().map(|(d, m)| (*d, *m)));
            }
        }
        let today = today();
        let days = from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|date| DayView {
                date,
                weekend: is_weekend(date),
                today: date == today,
                kind: marks.get(&date).copied(),
                pending: pending.get(&date).copied(),
            })
            .collect();
        Ok(DaysOffView {
            from,
            to,
            days,
            queued,
        })
    }

    /// Marks (or clears) a range of my days: one request, through the outbox.
    pub async fn set_days_off(
        &self,
        range: &str,
        mark: ScheduleMark,
        include_weekends: bool,
    ) -> Result<DaysOffReport> {
        let (from, to) = parse_range(range, today())?;
        let dates = days_to_mark(from, to, mark, include_weekends)?;
        let me = self.me().await?;
        let user = if me.email.is_empty() {
            me.id.to_string()
        } else {
            me.email.clone()
        };
        let operation = Operation::UpdateSchedule {
            user,
            days: dates.iter().map(|d| (*d, mark)).collect(),
        };
        let outcome = match self.write(&operation, LOG_WAIT).await? {
            WriteOutcome::Parked { message } => WriteOutcome::Parked {
                message: refusal_help(&message),
            },
            other => other,
        };
        // Today marked: the question before a start follows the mark at once, also while it
        // waits in the outbox (offline, the look-up would fail and answer "no day off"). A
        // refused mark changed nothing: look today up again.
        let today = today();
        if dates.contains(&today) {
            self.known().day_off = match outcome {
                WriteOutcome::Parked { .. } => None,
                _ => Some((today, mark.day_kind().filter(|k| k.is_day_off()))),
            };
        }
        Ok(DaysOffReport {
            mark,
            dates,
            outcome,
        })
    }

    /// Vacation or sick leave, if my schedule marks today so. Looked up once a day; a failed
    /// look-up answers "no": it must not block work.
    pub async fn todays_day_off(&self) -> Option<DayKind> {
        self.todays_day_off_with(&self.session().ok()?).await
    }

    /// [`Tracker::todays_day_off`] through `signed_in`: the poller's look-up goes behind the
    /// user's requests at the gate (a start clicked meanwhile goes first).
    pub(crate) async fn todays_day_off_with(&self, signed_in: &SignedIn) -> Option<DayKind> {
        let today = today();
        let cached = self.known().day_off;
        if let Some((date, kind)) = cached {
            if date == today {
                return kind;
            }
        }
        let view = self.days_off_with(signed_in, today, today).await.ok()?;
        let kind = view
            .days
            .iter()
            .find_map(|d| d.kind.filter(|k| k.is_day_off()));
        let started = {
            let mut known = self.known();
            known.day_off = Some((today, kind));
            known.started_before_day_known.take()
        };
        if let (Some(kind), Some((date, task))) = (kind, started) {
            if date == today {
                self.tell_of_a_start_on_a_day_off(task, kind);
            }
        }
        kind
    }

    /// What is known of today without asking: `None` when today's schedule was not looked up
    /// yet, else whether it is a day off.
    pub(crate) fn known_day_off(&self) -> Option<Option<DayKind>> {
        self.known()
            .day_off
            .filter(|(date, _)| *date == today())
            .map(|(_, kind)| kind)
    }

    /// A timer on `task` started before today's schedule was known: the person hears of it if
    /// the schedule, once in, says today is a day off — as the question before a start would
    /// have asked.
    pub(crate) fn ask_about_the_day_once_known(&self, task: &TaskSummary) {
        let today = today();
        let known_now = {
            let mut known = self.known();
            match known.day_off {
                // Looked up while the start was being written.
                Some((date, kind)) if date == today => Some(kind),
                _ => {
                    known.started_before_day_known = Some((today, task.clone()));
                    None
                }
            }
        };
        if let Some(Some(kind)) = known_now {
            self.tell_of_a_start_on_a_day_off(task.clone(), kind);
        }
    }

    fn tell_of_a_start_on_a_day_off(&self, task: TaskSummary, kind: DayKind) {
        let still_runs = self
            .state()
            .timer
            .as_ref()
            .is_some_and(|timer| timer.task.id == task.id);
        if still_runs {
            self.notify(Notice::StartedOnDayOff { task, kind });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn vacation_skips_weekends_unless_asked() {
        // Fri 27 Nov 2026 .. Tue 1 Dec 2026 crosses a weekend and a month boundary.
        let days = days_to_mark(
            date(2026, 11, 27),
            date(2026, 12, 1),
            ScheduleMark::Vacation,
            false,
        )
        .unwrap();
        assert_eq!(
            days,
            [date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)]
        );
        let all = days_to_mark(
            date(2026, 11, 27),
            date(2026, 12, 1),
            ScheduleMark::Vacation,
            true,
        )
        .unwrap();
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn workday_is_only_for_weekend_days() {
        let days = days_to_mark(
            date(2026, 11, 27),
            date(2026, 11, 30),
            ScheduleMark::Workday,
            false,
        )
        .unwrap();
        assert_eq!(days, [date(2026, 11, 28), date(2026, 11, 29)]);
        assert!(days_to_mark(
            date(2026, 11, 23),
            date(2026, 11, 27),
            ScheduleMark::Workday,
            false
        )
        .is_err());
    }

    #[test]
    fn ranges_parse_and_are_bounded() {
        let today = date(2026, 11, 25); // a Wednesday
        assert_eq!(
            parse_range("mon..wed", today).unwrap(),
            (date(2026, 11, 30), date(2026, 12, 2))
        );
        assert_eq!(
            parse_range("28.12.2026..2027-01-04", today).unwrap(),
            (date(2026, 12, 28), date(2027, 1, 4))
        );
        assert_eq!(parse_range("today", today).unwrap(), (today, today));
        assert!(parse_range("2027-01-04..28.12.2026", today).is_err());
        assert!(parse_range("2026-01-01..2027-06-01", today).is_err());
    }
}
