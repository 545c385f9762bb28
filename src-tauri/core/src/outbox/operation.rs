//! What the outbox keeps: the user's writes as this version of Worktray reads them, and the
//! queue as front ends show it. An `Operation` is stored as JSON in its row; these types say
//! nothing about SQLite (`rows.rs`) or about the requests that carry them (`wire.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::t;

use crate::api::ScheduleMark;
use crate::models::Id;
use crate::timer::TimerRef;

/// A write waiting for Worksection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum Operation {
    AddCost {
        task: Id,
        task_name: String,
        project: String,
        minutes: Option<u32>,
        money: Option<String>,
        #[serde(default)]
        at_my_rate: bool,
        comment: String,
        date: NaiveDate,
    },
    UpdateCost {
        id: Id,
        minutes: Option<u32>,
        money: Option<String>,
        #[serde(default)]
        at_my_rate: bool,
        comment: Option<String>,
        date: Option<NaiveDate>,
    },
    DeleteCost {
        id: Id,
    },
    /// Start the timer on `task`, asked for at `at` (unix seconds).
    StartTimer {
        task: Id,
        task_name: String,
        #[cfg_attr(test, ts(type = "number"))]
        at: i64,
    },
    /// Stop the timer `timer` as the user did at `at`; the server saves it as a cost row.
    StopTimer {
        #[serde(default)]
        timer: TimerRef,
        comment: Option<String>,
        /// Unix seconds; a stop queued by an earlier version has none and means the moment
        /// its row was written.
        #[serde(default)]
        #[cfg_attr(test, ts(type = "number | null"))]
        at: Option<i64>,
        /// The server has stopped it; what is left is to correct the saved row to the user's
        /// moments, if the stop or the start reached the server late.
        #[serde(default)]
        saved: bool,
        /// Seconds of away time the user left out of it: the saved row is corrected to the
        /// time it ran less these.
        #[serde(default, skip_serializing_if = "is_zero")]
        #[cfg_attr(test, ts(type = "number"))]
        left_out: i64,
    },
    /// Throw the timer `timer` away without saving it, as the user did at `at`.
    DiscardTimer {
        timer: TimerRef,
        #[cfg_attr(test, ts(type = "number"))]
        at: i64,
    },
    UpdateSchedule {
        user: String,
        days: BTreeMap<NaiveDate, ScheduleMark>,
    },
}

impl Operation {
    /// A line for people: what this write does.
    pub fn describe(&self) -> String {
        match self {
            Operation::AddCost {
                task_name,
                minutes,
                money,
                date,
                ..
            } => {
                let amount = match (minutes, money) {
                    (Some(m), Some(money)) => {
                        format!("{} + {money}", crate::parse::format_human(*m))
                    }
                    (Some(m), None) => crate::parse::format_human(*m),
                    (None, Some(money)) => money.clone(),
                    (None, None) => t!("entry-nothing"),
                };
                t!(
                    "entry-preview",
                    duration = amount,
                    date = crate::i18n::format_day(crate::i18n::current(), *date, false),
                    task = task_name.as_str()
                )
            }
            Operation::UpdateCost { id, .. } => t!("op-update", id = id.to_string()),
            Operation::DeleteCost { id } => t!("op-delete", id = id.to_string()),
            Operation::StartTimer { task_name, .. } => {
                t!("op-start", task = name_or_a_task(task_name))
            }
            Operation::StopTimer {
                timer,
                at,
                left_out,
                ..
            } => match at {
                Some(at) if *left_out > 0 => t!(
                    "op-stop-leaving-out",
                    task = name_or_a_task(&timer.task_name),
                    time = local_time(*at),
                    away = crate::parse::format_human(
                        u32::try_from((left_out + 30) / 60).unwrap_or(0)
                    )
                ),
                Some(at) => t!(
                    "op-stop-at",
                    task = name_or_a_task(&timer.task_name),
                    time = local_time(*at)
                ),
                None => t!("op-stop"),
            },
            Operation::DiscardTimer { timer, .. } => {
                t!("op-discard", task = name_or_a_task(&timer.task_name))
            }
            Operation::UpdateSchedule { days, .. } => t!("op-schedule", count = days.len()),
        }
    }
}

/// The task's name, or words that stand for a task whose name was not known.
pub(super) fn name_or_a_task(name: &str) -> String {
    if name.is_empty() {
        t!("op-a-task")
    } else {
        name.to_owned()
    }
}

/// `14:05` in local time, for people.
fn local_time(unix_seconds: i64) -> String {
    chrono::DateTime::from_timestamp(unix_seconds, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default()
}

/// What a queued row asks for, as far as this version of Worktray can read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum QueuedOperation {
    /// A row this version cannot read: written by a newer Worktray, say. It is parked and
    /// never sent, stays in the database as it is (a newer version may send it), holds back
    /// none of the rows behind it, and can be discarded.
    Unreadable {
        /// The `kind` the row names, when it names one.
        stored_kind: Option<String>,
    },
    #[serde(untagged)]
    Known(Operation),
}

impl QueuedOperation {
    /// The operation, when this version can read it.
    pub fn known(&self) -> Option<&Operation> {
        match self {
            QueuedOperation::Known(operation) => Some(operation),
            QueuedOperation::Unreadable { .. } => None,
        }
    }

    /// A line for people: what this write does.
    pub fn describe(&self) -> String {
        match self {
            QueuedOperation::Known(operation) => operation.describe(),
            QueuedOperation::Unreadable {
                stored_kind: Some(kind),
            } => t!("op-unknown-kind", kind = kind.as_str()),
            QueuedOperation::Unreadable { stored_kind: None } => t!("op-unknown"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum QueueState {
    /// Waiting to be sent (or to be sent again).
    Pending,
    /// Refused by the server; waits for the user to fix, retry or discard it.
    Parked,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct QueuedEntry {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(test, ts(type = "number"))]
    pub created_at_ms: i64,
    pub operation: QueuedOperation,
    pub state: QueueState,
    pub attempts: u32,
    pub last_error: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct QueueCounts {
    pub pending: usize,
    pub parked: usize,
}

fn is_zero(seconds: &i64) -> bool {
    *seconds == 0
}
