//! What the API client sends: the parameters of its calls (cost filters and amounts, schedule
//! marks, task searches) and how they are written into a query string or a JSON body.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::models::{DayKind, Id};
use crate::parse::{format_hmm, format_ws_date};

/// A value for a schedule day in `update_users_schedule`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum ScheduleMark {
    Vacation,
    SickLeave,
    Workday,
    Unset,
}

impl ScheduleMark {
    /// What the mark makes of a day: `None` for a day it clears.
    pub fn day_kind(self) -> Option<DayKind> {
        match self {
            ScheduleMark::Vacation => Some(DayKind::Vacation),
            ScheduleMark::SickLeave => Some(DayKind::SickLeave),
            ScheduleMark::Workday => Some(DayKind::Workday),
            ScheduleMark::Unset => None,
        }
    }
}

impl From<DayKind> for ScheduleMark {
    fn from(kind: DayKind) -> Self {
        match kind {
            DayKind::Vacation => ScheduleMark::Vacation,
            DayKind::SickLeave => ScheduleMark::SickLeave,
            DayKind::Workday => ScheduleMark::Workday,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct TaskSearch {
    pub assignee_email: Option<String>,
    pub project: Option<Id>,
    /// The server's filter language, e.g. `name has 'login'`.
    pub filter: Option<String>,
    pub open_only: bool,
}

#[derive(Clone, Debug, Default)]
pub struct CostFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub project: Option<Id>,
    pub task: Option<Id>,
    /// `Some(true)` for timer rows only, `Some(false)` for manual rows only.
    pub timer_rows: Option<bool>,
}

impl CostFilter {
    pub(super) fn to_params(&self) -> Map<String, Value> {
        let mut query = Map::new();
        if let Some(from) = self.from {
            query.insert("datestart".into(), json!(format_ws_date(from)));
        }
        if let Some(to) = self.to {
            query.insert("dateend".into(), json!(format_ws_date(to)));
        }
        if let Some(project) = &self.project {
            query.insert("id_project".into(), json!(project));
        }
        if let Some(task) = &self.task {
            query.insert("id_task".into(), json!(task));
        }
        if let Some(timer_rows) = self.timer_rows {
            query.insert("is_timer".into(), json!(if timer_rows { "1" } else { "0" }));
        }
        query
    }
}

/// What a cost row books: time, money, or both.
#[derive(Clone, Debug, PartialEq)]
pub enum CostAmount {
    Time {
        minutes: u32,
    },
    Money {
        amount: String,
    },
    TimeAndMoney {
        minutes: u32,
        amount: String,
    },
    /// Time, with the money computed by the server from the user's hourly rate.
    TimeAtMyRate {
        minutes: u32,
    },
}

impl CostAmount {
    pub(super) fn write_into(&self, body: &mut Map<String, Value>) {
        let (minutes, money, at_rate) = match self {
            CostAmount::Time { minutes } => (Some(*minutes), None, false),
            CostAmount::Money { amount } => (None, Some(amount), false),
            CostAmount::TimeAndMoney { minutes, amount } => (Some(*minutes), Some(amount), false),
            CostAmount::TimeAtMyRate { minutes } => (Some(*minutes), None, true),
        };
        if let Some(minutes) = minutes {
            body.insert("time".into(), json!(format_hmm(minutes)));
        }
        if let Some(money) = money {
            body.insert("money".into(), json!(money));
        }
        if at_rate {
            body.insert("is_rate".into(), json!(1));
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewCost {
    pub task: Id,
    pub amount: CostAmount,
    pub comment: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default)]
pub struct CostChange {
    pub amount: Option<CostAmount>,
    pub comment: Option<String>,
    pub date: Option<NaiveDate>,
}

pub(super) fn params<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

pub(super) fn query_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
