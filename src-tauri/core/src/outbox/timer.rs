//! Timer writes in the outbox: a start, stop or discard reaches Worksection meaning exactly
//! what the user did, however late it arrives.
//!
//! `stop_my_timer` and `delete_my_timer` act on whatever timer runs, and `start_my_timer` fails
//! while one runs, so a write sent late could hit a timer the user started since. Each timer
//! write therefore carries which timer it means (`TimerRef`) and the moment the user acted.
//! Sent at once after the tracker looked, it goes out as it is; sent later, or again after an
//! answer that was lost, it is first checked against the server's timer: the timer it means
//! still runs → act on it; it is gone → done (a lost answer's stop already saved it); another
//! timer runs → never touch it.
//!
//! A stop that reached the server late saved the time until it arrived, not until the user
//! stopped: the row is then corrected to the user's moments (found with `get_costs`, fixed with
//! `update_costs`). The correction is a second step of the same outbox row, so it survives a
//! crash and keeps the row's place ahead of any start queued behind it.

use chrono::{Days, NaiveDate};

use super::operation::name_or_a_task;
use super::rows::Row;
use super::send::Attempt;
use super::{Operation, Outbox};
use crate::api::{ApiClient, CostAmount, CostChange, CostFilter};
use crate::auth::session::{from_unix_seconds, unix_seconds};
use crate::error::{ApiError, Error, Result, StoreError};
use crate::models::{CostRow, Id, Me, RunningTimer};
use crate::parse::format_human;
use crate::t;
use crate::timer::TimerRef;

/// A write sent within this many seconds of the user's action goes out without a look first,
/// when the server confirmed the timer within [`CONFIRMED_LATELY`]: the tracker has just looked.
const SENT_AT_ONCE: i64 = 10;
/// The tracker acts on a timer state this fresh (its `STATE_MAX_AGE`).
const CONFIRMED_LATELY: i64 = 90;
/// A start that reaches the server this many seconds after the user started is late: the time
/// shown and booked then counts from the user's moment.
const LATE_START: i64 = 60;

/// What a start that arrived late remembers, so the tracker counts from the user's moment.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LateStart {
    pub task: Id,
    /// When the user started (unix seconds).
    pub at: i64,
    /// When the server started it.
    pub landed_at: i64,
}

/// The key of the remembered [`LateStart`] for an account.
pub fn late_start_key(api: &ApiClient) -> String {
    format!("late-start@{}", api.account_url())
}

/// Where a stop's saved row ends: the user's moment, less the away time they left out.
#[derive(Clone, Copy)]
struct Until {
    at: i64,
    left_out: i64,
}

fn now() -> i64 {
    unix_seconds(std::time::SystemTime::now())
}

fn first_attempt(row: &Row) -> bool {
    row.entry.attempts == 0 && !row.maybe_applied
}

/// Whether a stop or discard of `timer`, made at `at`, can go out without a look first.
fn sent_at_once(row: &Row, timer: &TimerRef, at: i64) -> bool {
    let now = now();
    first_attempt(row)
        && now - at <= SENT_AT_ONCE
        && timer
            .confirmed_at
            .is_some_and(|confirmed| now - confirmed <= CONFIRMED_LATELY)
}

/// The server's timer and the moment it answered.
async fn running_now(api: &ApiClient) -> Result<(Option<RunningTimer>, i64)> {
    let running = api.my_timer().await?;
    Ok((running, now()))
}

/// Booked minutes of a timer that ran `seconds`, rounded as Worksection rounds: to the nearest
/// minute, at least one.
fn booked_minutes(seconds: i64) -> u32 {
    u32::try_from((seconds.max(0) + 30) / 60)
        .unwrap_or(u32::MAX)
        .max(1)
}

fn local_date(unix: i64) -> NaiveDate {
    chrono::DateTime::<chrono::Local>::from(from_unix_seconds(unix)).date_naive()
}

fn id_number(id: &Id) -> u64 {
    id.as_str().parse().unwrap_or(0)
}

fn is_zero_money(money: &str) -> bool {
    money
        .chars()
        .all(|c| matches!(c, '0' | '.' | ',' | '-' | ' '))
}

impl Outbox {
    pub(super) async fn attempt_timer(
        &self,
        row: &Row,
        api: &ApiClient,
        me: &Me,
    ) -> Result<Attempt> {
        match row.operation()? {
            Operation::StartTimer { task, at, .. } => self.attempt_start(row, api, task, *at).await,
            Operation::StopTimer {
                timer,
                comment,
                at,
                saved,
                left_out,
            } => {
                let at = at.unwrap_or(row.entry.created_at_ms / 1000);
                let until = Until {
                    at,
                    left_out: *left_out,
                };
                let mut timer = timer.clone();
                if timer.task.is_none() {
                    // An earlier version's stop: it meant what ran when the user asked.
                    timer.started_to = timer.started_to.min(at);
                }
                if *saved {
                    self.correct_saved_row(row, api, me, &timer, until).await
                } else {
                    self.attempt_stop(row, api, me, &timer, comment.as_deref(), until)
                        .await
                }
            }
            Operation::DiscardTimer { timer, at } => {
                self.attempt_discard(row, api, timer, *at).await
            }
            _ => Err(StoreError::RowOfOtherKind {
                expected: "timer write",
            }
            .into()),
        }
    }

    async fn attempt_start(
        &self,
        row: &Row,
        api: &ApiClient,
        task: &Id,
        at: i64,
    ) -> Result<Attempt> {
        let id = row.entry.id;
        // Our timer: on this task, started by the server no earlier than the user asked.
        let mine = TimerRef {
            task: Some(task.clone()),
            started_from: at - 5,
            ..TimerRef::default()
        };
        let ours = |running: &RunningTimer, answered: i64| mine.is(running, answered);
        if !(first_attempt(row) && now() - at <= SENT_AT_ONCE) {
            match running_now(api).await {
                Ok((Some(running), answered)) if ours(&running, answered) => {
                    return self.start_landed(api, task, at, answered)
                }
                Ok((Some(running), _)) => return Ok(started_elsewhere(&running)),
                Ok((None, _)) => {}
                Err(error) => return self.classify_reconcile(error),
            }
        }
        self.mark_sending(id)?;
        match api.start_my_timer(task).await {
            Ok(()) => self.start_landed(api, task, at, now()),
            Err(Error::Api(ApiError::TimerAlreadyStarted)) => {
                self.mark_not_sent(id)?;
                match running_now(api).await {
                    Ok((Some(running), answered)) if ours(&running, answered) => {
                        self.start_landed(api, task, at, answered)
                    }
                    Ok((Some(running), _)) => Ok(started_elsewhere(&running)),
                    // It stopped in between: start again at the next pass.
                    Ok((None, _)) => Ok(Attempt::Later(Error::Api(ApiError::TimerAlreadyStarted))),
                    Err(error) => self.classify_reconcile(error),
                }
            }
            Err(error) => self.classify(id, Err(error)),
        }
    }

    /// A start landed at `landed_at`: one that arrived late is remembered, so the time shown
    /// and saved counts from when the user started.
    fn start_landed(&self, api: &ApiClient, task: &Id, at: i64, landed_at: i64) -> Result<Attempt> {
        if landed_at - at > LATE_START {
            let late = LateStart {
                task: task.clone(),
                at,
                landed_at,
            };
            let json = serde_json::to_string(&late).map_err(StoreError::Encode)?;
            self.db.remember(&late_start_key(api), &json)?;
        }
        Ok(Attempt::Landed(None))
    }

    async fn attempt_stop(
        &self,
        row: &Row,
        api: &ApiClient,
        me: &Me,
        timer: &TimerRef,
        comment: Option<&str>,
        until: Until,
    ) -> Result<Attempt> {
        let id = row.entry.id;
        let at_once = sent_at_once(row, timer, until.at);
        if !at_once {
            match running_now(api).await {
                Ok((Some(running), answered)) if timer.is(&running, answered) => {}
                Ok(_) => return self.stop_found_gone(row, api, me, timer, until).await,
                Err(error) => return self.classify_reconcile(error),
            }
        }
        self.mark_sending(id)?;
        match api.stop_my_timer(comment).await {
            Ok(()) => {
                // A start that reached the server late: the row counts from the server's start.
                let began_early = match (timer.began, timer.server_start()) {
                    (Some(began), Some(server)) => server - began > LATE_START,
                    _ => false,
                };
                if at_once && !began_early && until.left_out == 0 {
                    Ok(Attempt::Landed(None))
                } else {
                    self.mark_saved(row)?;
                    self.correct_saved_row(row, api, me, timer, until).await
                }
            }
            Err(Error::Api(ApiError::TimerNotStarted)) => {
                self.mark_not_sent(id)?;
                self.stop_found_gone(row, api, me, timer, until).await
            }
            Err(error) => self.classify(id, Err(error)),
        }
    }

    /// The timer a stop meant no longer runs. If an earlier attempt may have stopped it (its
    /// answer lost), that attempt saved it: correct the row. Otherwise it was stopped or thrown
    /// away elsewhere before this stop was sent, and there is nothing to do.
    async fn stop_found_gone(
        &self,
        row: &Row,
        api: &ApiClient,
        me: &Me,
        timer: &TimerRef,
        until: Until,
    ) -> Result<Attempt> {
        if row.maybe_applied {
            self.mark_saved(row)?;
            return self.correct_saved_row(row, api, me, timer, until).await;
        }
        Ok(Attempt::Landed(Some(t!(
            "timer-stopped-elsewhere",
            task = name_or_a_task(&timer.task_name)
        ))))
    }

    /// Durably records that the server has stopped the timer: from here on only the row's
    /// correction is left, and it is never stopped again.
    fn mark_saved(&self, row: &Row) -> Result<()> {
        let mut saved = row.operation()?.clone();
        if let Operation::StopTimer { saved, .. } = &mut saved {
            *saved = true;
        }
        let text = serde_json::to_string(&saved).map_err(StoreError::Encode)?;
        self.set_operation_done_so_far(row.entry.id, &text)
    }

    /// Sets the newest timer row of mine on the task to the time from the user's start to the
    /// user's stop, less the away time left out. Idempotent (a target value, not a
    /// subtraction): a row already right is left alone.
    async fn correct_saved_row(
        &self,
        row: &Row,
        api: &ApiClient,
        me: &Me,
        timer: &TimerRef,
        until: Until,
    ) -> Result<Attempt> {
        let (Some(task), Some(began)) = (&timer.task, timer.began) else {
            return Ok(Attempt::Landed(None));
        };
        let minutes = booked_minutes(until.at - began - until.left_out);
        // The row is dated the day the server's timer started, in the server's zone: a day
        // either side covers both.
        let filter = CostFilter {
            from: local_date(began).checked_sub_days(Days::new(1)),
            to: local_date(now()).checked_add_days(Days::new(1)),
            task: Some(task.clone()),
            timer_rows: Some(true),
            ..CostFilter::default()
        };
        let page = match api.costs(&filter).await {
            Ok(page) => page,
            Err(error) => return self.classify_reconcile(error),
        };
        let saved: Option<&CostRow> = page
            .rows
            .iter()
            .filter(|cost| cost.user_from.as_ref().is_some_and(|u| u.id == me.id))
            .filter(|cost| cost.task.as_ref().is_none_or(|t| t.id == *task))
            .max_by_key(|cost| id_number(&cost.id));
        let Some(saved) = saved else {
            return Ok(Attempt::Landed(None));
        };
        if saved.time.0 == minutes {
            return Ok(Attempt::Landed(None));
        }
        let amount = if is_zero_money(&saved.money) {
            CostAmount::Time { minutes }
        } else {
            CostAmount::TimeAtMyRate { minutes }
        };
        let change = CostChange {
            amount: Some(amount),
            comment: None,
            date: None,
        };
        tracing::info!(
            "correcting timer row {} from {} to {minutes} min (the user's stop)",
            saved.id,
            saved.time.0
        );
        self.mark_sending(row.entry.id)?;
        let corrected = api.update_costs(&saved.id, &change).await.map(|()| {
            Some(if until.left_out > 0 {
                t!("timer-saved-without-away", time = format_human(minutes))
            } else {
                t!("timer-saved-until-stop", time = format_human(minutes))
            })
        });
        self.classify(row.entry.id, corrected)
    }

    async fn attempt_discard(
        &self,
        row: &Row,
        api: &ApiClient,
        timer: &TimerRef,
        at: i64,
    ) -> Result<Attempt> {
        let id = row.entry.id;
        if !sent_at_once(row, timer, at) {
            match running_now(api).await {
                Ok((Some(running), answered)) if timer.is(&running, answered) => {}
                // Gone: thrown away by an earlier attempt whose answer was lost, or stopped
                // elsewhere; either way nothing of ours is left to discard.
                Ok(_) => return Ok(Attempt::Landed(None)),
                Err(error) => return self.classify_reconcile(error),
            }
        }
        self.mark_sending(id)?;
        match api.delete_my_timer().await {
            Ok(()) | Err(Error::Api(ApiError::TimerNotStarted)) => Ok(Attempt::Landed(None)),
            Err(error) => self.classify(id, Err(error)),
        }
    }
}

/// A queued start finds a timer the user started elsewhere: it is never stopped to make room.
fn started_elsewhere(running: &RunningTimer) -> Attempt {
    Attempt::Rejected(t!(
        "timer-started-elsewhere",
        task = name_or_a_task(&running.task.name)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booked_minutes_round_like_the_server() {
        assert_eq!(booked_minutes(0), 1);
        assert_eq!(booked_minutes(89), 1);
        assert_eq!(booked_minutes(90), 2);
        assert_eq!(booked_minutes(3 * 3600 + 29), 180);
        assert_eq!(booked_minutes(-5), 1);
    }

    #[test]
    fn money_of_nothing() {
        assert!(is_zero_money("0.00"));
        assert!(is_zero_money("0,00"));
        assert!(!is_zero_money("12.50"));
    }
}
