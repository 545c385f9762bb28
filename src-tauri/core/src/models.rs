//! Lenient, typed models of what Worksection answers.
//!
//! The vendor is inconsistent, and its own examples disagree with its docs: ids come as strings
//! or numbers, flags as `1`/`"1"`/`true`, `data` as an object or an array of one, timestamps
//! with hyphens or the docs' em-dashes, roles capitalised or not. Every model here accepts all
//! of the forms the vendor has shown, so the rest of the app deals with one shape.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::parse::format_hmm;

/// A Worksection id. Kept as text because the server sends `"123"` and `123` alike.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id(value.to_owned())
    }
}

impl From<u64> for Id {
    fn from(value: u64) -> Self {
        Id(value.to_string())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id as a string or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A flag sent as `1`/`0`, `"1"`/`"0"` or `true`/`false`.
fn lenient_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Bool(b) => Ok(b),
        serde_json::Value::Number(n) => Ok(n.as_f64().is_some_and(|n| n != 0.0)),
        serde_json::Value::String(s) => match s.trim() {
            "" | "0" | "false" => Ok(false),
            "1" | "true" => Ok(true),
            other => Err(de::Error::custom(format!(
                "expected a flag, got \"{other}\""
            ))),
        },
        serde_json::Value::Null => Ok(false),
        other => Err(de::Error::custom(format!("expected a flag, got {other}"))),
    }
}

/// A number sent as a JSON number or as a numeric string; `None` for null or "".
fn lenient_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Number(n) => Ok(n.as_f64()),
        serde_json::Value::String(s) if s.trim().is_empty() => Ok(None),
        serde_json::Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("expected a number, got \"{s}\""))),
        serde_json::Value::Null => Ok(None),
        other => Err(de::Error::custom(format!("expected a number, got {other}"))),
    }
}

/// Money as the server writes it (`"75.17"`); kept as text so no cent is lost to floats.
fn money_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Null => Ok("0.00".to_owned()),
        other => Err(de::Error::custom(format!(
            "expected an amount, got {other}"
        ))),
    }
}

/// A timestamp as Worksection prints it: `YYYY-MM-DD HH:MM`, in the account's local time with
/// no zone. The docs typeset some with em-dashes (`2021—01—01 12:00`); both are accepted.
/// Minute precision and no zone make it fit for display only, never for arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalStamp(pub NaiveDateTime);

impl LocalStamp {
    pub fn parse(text: &str) -> Option<Self> {
        let normal: String = text
            .trim()
            .chars()
            .map(|c| {
                if matches!(c, '\u{2014}' | '\u{2013}' | '\u{2012}' | '\u{2212}') {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(&normal, format).ok())
            .or_else(|| {
                NaiveDate::parse_from_str(&normal, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
            })
            .map(LocalStamp)
    }
}

impl fmt::Display for LocalStamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M"))
    }
}

impl Serialize for LocalStamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalStamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        LocalStamp::parse(&text)
            .ok_or_else(|| de::Error::custom(format!("expected YYYY-MM-DD HH:MM, got \"{text}\"")))
    }
}

/// A calendar date in an answer: ISO `YYYY-MM-DD` (em-dashes tolerated).
fn iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    LocalStamp::parse(&text)
        .map(|stamp| stamp.0.date())
        .ok_or_else(|| de::Error::custom(format!("expected YYYY-MM-DD, got \"{text}\"")))
}

/// A duration in whole minutes, written by the server as `H:MM` (hours may exceed 24).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Minutes(pub u32);

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_hmm(self.0))
    }
}

impl Serialize for Minutes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => {
                return n
                    .as_u64()
                    .and_then(|m| u32::try_from(m).ok())
                    .map(Minutes)
                    .ok_or_else(|| de::Error::custom(format!("expected minutes, got {n}")))
            }
            other => return Err(de::Error::custom(format!("expected H:MM, got {other}"))),
        };
        let (hours, minutes) = text
            .trim()
            .split_once(':')
            .ok_or_else(|| de::Error::custom(format!("expected H:MM, got \"{text}\"")))?;
        let hours: u32 = hours
            .parse()
            .map_err(|_| de::Error::custom(format!("bad hours in \"{text}\"")))?;
        let minutes: u32 = minutes
            .parse()
            .map_err(|_| de::Error::custom(format!("bad minutes in \"{text}\"")))?;
        hours
            .checked_mul(60)
            .and_then(|h| h.checked_add(minutes))
            .map(Minutes)
            .ok_or_else(|| de::Error::custom(format!("duration out of range: \"{text}\"")))
    }
}

/// A user's role. The docs write them in lower case, the vendor's examples capitalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Owner,
    AccountAdmin,
    TeamAdmin,
    DepartmentAdmin,
    User,
    Guest,
    Reader,
    Other(String),
}

impl Role {
    pub fn parse(text: &str) -> Role {
        match text.trim().to_lowercase().as_str() {
            "owner" => Role::Owner,
            "account admin" => Role::AccountAdmin,
            "team admin" => Role::TeamAdmin,
            "department admin" => Role::DepartmentAdmin,
            "user" => Role::User,
            "guest" => Role::Guest,
            "reader" => Role::Reader,
            _ => Role::Other(text.to_owned()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Role::Owner => "owner",
            Role::AccountAdmin => "account admin",
            Role::TeamAdmin => "team admin",
            Role::DepartmentAdmin => "department admin",
            Role::User => "user",
            Role::Guest => "guest",
            Role::Reader => "reader",
            Role::Other(text) => text,
        }
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Role::parse(&String::deserialize(deserializer)?))
    }
}

/// A user as embedded in tasks and costs (`user_from`, `user_to`). The pseudo-users
/// `NOONE` (id 1) and `ANY` (id 2) appear here too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: Id,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectRef {
    pub id: Id,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub page: String,
}

/// The signed-in user (`me`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: Id,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub department: String,
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "lenient_number")]
    pub rate: Option<f64>,
}

impl Me {
    pub fn display_name(&self) -> String {
        if !self.name.is_empty() {
            return self.name.clone();
        }
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, deserialize_with = "lenient_number")]
    pub priority: Option<f64>,
    pub user_from: Option<UserRef>,
    pub user_to: Option<UserRef>,
    /// Omitted by the server inside per-project listings.
    pub project: Option<ProjectRef>,
    pub parent: Option<Box<TaskParent>>,
    pub date_added: Option<LocalStamp>,
    pub date_closed: Option<LocalStamp>,
    /// Subtasks, present with `extra=subtasks`.
    #[serde(default)]
    pub child: Vec<Task>,
}

impl Task {
    pub fn is_open(&self) -> bool {
        self.status != "done"
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskParent {
    pub id: Id,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub page: String,
}

/// How a project restricts time entry (`extra=options`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectOptions {
    /// Time may only come from the timer: no manual entries.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub timer_only: bool,
    /// Manual entries only for today's date.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub time_today: bool,
    /// A comment or time is required when closing tasks.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub time_require: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub status: String,
    pub options: Option<ProjectOptions>,
}

/// The running timer of the signed-in user (`get_my_timer`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunningTimer {
    /// Elapsed seconds, computed by the server when it answered.
    #[serde(deserialize_with = "elapsed_seconds")]
    pub time: u64,
    /// Minute precision, no zone: display only.
    pub date_started: Option<LocalStamp>,
    pub task: Task,
}

/// `time` of a timer: an integer number of seconds in `get_my_timer`; the admin `get_timers`
/// writes `HH:MM:SS`, accepted too so a change on the server does not break the tray.
fn elapsed_seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let fail =
        |v: &dyn fmt::Display| de::Error::custom(format!("expected elapsed seconds, got {v}"));
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().map(|f| f.max(0.0) as u64))
            .ok_or_else(|| fail(&n)),
        serde_json::Value::String(s) => {
            let parts: Vec<&str> = s.trim().split(':').collect();
            let numbers: Option<Vec<u64>> = parts.iter().map(|p| p.parse().ok()).collect();
            match numbers.as_deref() {
                Some([seconds]) => Ok(*seconds),
                Some([h, m, s]) => Ok(h * 3600 + m * 60 + s),
                _ => Err(fail(&s)),
            }
        }
        other => Err(fail(&other)),
    }
}

/// One cost row (`get_costs`): time or money booked on a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostRow {
    pub id: Id,
    #[serde(default)]
    pub comment: String,
    pub time: Minutes,
    #[serde(default = "zero_money", deserialize_with = "money_text")]
    pub money: String,
    #[serde(deserialize_with = "iso_date")]
    pub date: NaiveDate,
    /// True for rows the timer created.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_timer: bool,
    pub user_from: Option<UserRef>,
    pub task: Option<Task>,
}

fn zero_money() -> String {
    "0.00".to_owned()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostTotal {
    pub time: Minutes,
    #[serde(default = "zero_money", deserialize_with = "money_text")]
    pub money: String,
}

/// `get_costs`: the rows and the server's total for the same filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostsPage {
    pub rows: Vec<CostRow>,
    pub total: Option<CostTotal>,
}

/// A day mark in a work schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum DayKind {
    Vacation,
    SickLeave,
    /// Working on a weekend day.
    Workday,
}

impl DayKind {
    /// Vacation or sick leave: a day a start asks about first.
    pub fn is_day_off(self) -> bool {
        matches!(self, DayKind::Vacation | DayKind::SickLeave)
    }
}

/// One user's schedule from `get_users_schedule`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserSchedule {
    pub id: Id,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "schedule_days")]
    pub schedule: BTreeMap<NaiveDate, DayKind>,
}

/// `schedule` is an object of ISO dates; an empty schedule may come as `[]`.
fn schedule_days<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<NaiveDate, DayKind>, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(date, kind)| {
                let date = LocalStamp::parse(&date)
                    .map(|s| s.0.date())
                    .ok_or_else(|| de::Error::custom(format!("bad schedule date \"{date}\"")))?;
                let kind = DayKind::deserialize(kind).map_err(de::Error::custom)?;
                Ok((date, kind))
            })
            .collect(),
        serde_json::Value::Array(items) if items.is_empty() => Ok(BTreeMap::new()),
        serde_json::Value::Null => Ok(BTreeMap::new()),
        other => Err(de::Error::custom(format!(
            "expected a schedule object, got {other}"
        ))),
    }
}

/// The short form of a task that the CLI, the tray and the window show and pick from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct TaskSummary {
    pub id: Id,
    pub name: String,
    pub project: String,
    /// Empty when unknown (a task named only by its id).
    #[serde(default)]
    pub project_id: String,
    pub page: String,
}

impl TaskSummary {
    /// The task with its project, as a notification or a status bar names it:
    /// `Homepage wireframes · Website redesign`, or the name alone when the project is unknown.
    pub fn with_project(&self) -> String {
        if self.project.is_empty() {
            self.name.clone()
        } else {
            format!("{} · {}", self.name, self.project)
        }
    }
}

impl From<&Task> for TaskSummary {
    fn from(task: &Task) -> Self {
        TaskSummary {
            id: task.id.clone(),
            name: task.name.clone(),
            project: task
                .project
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            project_id: task
                .project
                .as_ref()
                .map(|p| p.id.to_string())
                .unwrap_or_default(),
            page: task.page.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_accept_strings_and_numbers() {
        let a: Id = serde_json::from_value(json!("3993")).unwrap();
        let b: Id = serde_json::from_value(json!(3993)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn stamps_accept_hyphens_and_em_dashes() {
        let hyphen = LocalStamp::parse("2021-01-01 12:00").unwrap();
        let dashes = LocalStamp::parse("2021\u{2014}01\u{2014}01 12:00").unwrap();
        assert_eq!(hyphen, dashes);
        assert_eq!(hyphen.to_string(), "2021-01-01 12:00");
        assert!(LocalStamp::parse("yesterday").is_none());
    }

    #[test]
    fn cost_time_may_exceed_a_day() {
        let total: CostTotal =
            serde_json::from_value(json!({"time": "103:39", "money": "5436.00"})).unwrap();
        assert_eq!(total.time, Minutes(103 * 60 + 39));
        assert_eq!(total.time.to_string(), "103:39");
    }

    #[test]
    fn roles_compare_case_insensitively() {
        let role: Role = serde_json::from_value(json!("Account admin")).unwrap();
        assert_eq!(role, Role::AccountAdmin);
        assert_eq!(Role::parse("OWNER"), Role::Owner);
    }

    #[test]
    fn flags_accept_every_form() {
        let options: ProjectOptions = serde_json::from_value(
            json!({"timer_only": 1, "time_today": "0", "time_require": true}),
        )
        .unwrap();
        assert!(options.timer_only && !options.time_today && options.time_require);
    }

    #[test]
    fn timer_time_accepts_seconds_and_clock_text() {
        let task = json!({"id": "1", "name": "T"});
        let a: RunningTimer = serde_json::from_value(
            json!({"time": 4360, "date_started": "2021-01-01 12:00", "task": task}),
        )
        .unwrap();
        let b: RunningTimer =
            serde_json::from_value(json!({"time": "01:12:40", "task": task})).unwrap();
        assert_eq!(a.time, 4360);
        assert_eq!(b.time, 4360);
    }
}
