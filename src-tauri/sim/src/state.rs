//! The account's data: users, projects, tasks, cost rows, running timers and schedules.
//!
//! Everything is in memory behind one mutex (see `app::App`); handlers take the lock, do
//! their work synchronously and release it, so every action is atomic.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::{json, Value};

use crate::error::ApiError;

/// The project manager shown when none is assigned (`{"id":"0","email":"NOONE",…}`).
pub(crate) const NO_MANAGER_ID: u64 = 0;
/// The task assignee shown when none is assigned (`{"id":"1","email":"NOONE",…}`).
pub(crate) const NOONE_ID: u64 = 1;
/// The task assignee "Anyone" (`{"id":"2","email":"ANY",…}`).
pub(crate) const ANY_ID: u64 = 2;

/// A user's role; its label is capitalised the way the vendor's examples show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Role {
    Owner,
    AccountAdmin,
    User,
    Guest,
}

impl Role {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Owner => "Owner",
            Self::AccountAdmin => "Account admin",
            Self::User => "User",
            Self::Guest => "Guest",
        }
    }

    /// Owners and admins may act on other people's rows and schedules; users and guests only
    /// on their own.
    pub(crate) fn manages_others(self) -> bool {
        matches!(self, Self::Owner | Self::AccountAdmin)
    }

    /// Whether the role sees every project, not only those it is a member of.
    fn sees_all_projects(self) -> bool {
        self.manages_others()
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct User {
    pub(crate) id: u64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) title: String,
    pub(crate) role: Role,
    /// Hourly rate in the account's currency.
    pub(crate) rate: f64,
    pub(crate) group: String,
    pub(crate) department: String,
    pub(crate) phone: Option<String>,
}

impl User {
    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// Money earned for `minutes` at this user's rate, in cents.
    pub(crate) fn earnings_cents(&self, minutes: u32) -> i64 {
        (self.rate * f64::from(minutes) / 60.0 * 100.0).round() as i64
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ProjectStatus {
    Active,
    Pending,
    Archived,
}

impl ProjectStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Pending => "pending",
            Self::Archived => "archived",
        }
    }
}

/// The project restrictions, 0/1 flags as the vendor sends them (`extra=options`).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ProjectOptions {
    pub(crate) allow_close: u8,
    pub(crate) allow_give: u8,
    pub(crate) allow_term: u8,
    pub(crate) allow_limit: u8,
    pub(crate) require_term: u8,
    pub(crate) require_tag: u8,
    pub(crate) require_limit: u8,
    pub(crate) require_hidden: u8,
    pub(crate) deny_comments_edit: u8,
    pub(crate) deny_task_edit: u8,
    pub(crate) deny_task_delete: u8,
    /// Tasks cannot be closed without costs.
    pub(crate) time_require: u8,
    /// Costs only for the current day.
    pub(crate) time_today: u8,
    /// Time only from the timer: no manual entries.
    pub(crate) timer_only: u8,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Project {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) status: ProjectStatus,
    /// The folder the project sits in.
    pub(crate) company: String,
    pub(crate) user_from: u64,
    pub(crate) user_to: u64,
    pub(crate) text: String,
    pub(crate) date_added: NaiveDateTime,
    pub(crate) date_start: Option<NaiveDate>,
    pub(crate) date_end: Option<NaiveDate>,
    pub(crate) options: ProjectOptions,
    pub(crate) max_time: Option<u32>,
    pub(crate) max_money: Option<u32>,
    pub(crate) tags: BTreeMap<u64, String>,
    pub(crate) members: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TaskStatus {
    Active,
    Done,
}

impl TaskStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Done => "done",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Task {
    pub(crate) id: u64,
    pub(crate) project_id: u64,
    pub(crate) parent_id: Option<u64>,
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) status: TaskStatus,
    /// 0..10.
    pub(crate) priority: u8,
    pub(crate) user_from: u64,
    pub(crate) user_to: u64,
    pub(crate) date_added: NaiveDateTime,
    pub(crate) date_start: Option<NaiveDate>,
    pub(crate) date_end: Option<NaiveDate>,
    pub(crate) date_closed: Option<NaiveDateTime>,
    pub(crate) max_time: Option<u32>,
    pub(crate) max_money: Option<u32>,
    pub(crate) subscribers: Vec<u64>,
}

/// One cost row: what was booked, with the id and entry time the server gives it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cost {
    pub(crate) id: u64,
    #[serde(flatten)]
    pub(crate) booked: Booking,
    /// When the row was entered (the `dateadd` of the cost filter).
    pub(crate) date_added: NaiveDateTime,
}

/// A running timer. The wall-clock start is what clients see (`date_started`); the monotonic
/// start gives an elapsed time that does not jump when the system clock is changed.
#[derive(Debug, Clone)]
pub(crate) struct Timer {
    pub(crate) task_id: u64,
    pub(crate) started_at: DateTime<Local>,
    started_mono: Instant,
}

impl Timer {
    fn start_now(task_id: u64) -> Self {
        Self {
            task_id,
            started_at: Local::now(),
            started_mono: Instant::now(),
        }
    }

    pub(crate) fn elapsed_secs(&self) -> u64 {
        self.started_mono.elapsed().as_secs()
    }

    /// The cost-row length: elapsed time rounded to the nearest minute, at least one minute.
    fn booked_minutes(&self) -> u32 {
        let minutes = (self.elapsed_secs() + 30) / 60;
        u32::try_from(minutes).unwrap_or(u32::MAX).max(1)
    }
}

/// A day in the work schedule that differs from the default calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum DayKind {
    #[serde(rename = "vacation")]
    Vacation,
    #[serde(rename = "sick-leave")]
    SickLeave,
    /// Working on a Saturday or Sunday.
    #[serde(rename = "workday")]
    Workday,
}

impl DayKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Vacation => "vacation",
            Self::SickLeave => "sick-leave",
            Self::Workday => "workday",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "vacation" => Some(Self::Vacation),
            "sick-leave" => Some(Self::SickLeave),
            "workday" => Some(Self::Workday),
            _ => None,
        }
    }
}

/// Time and/or money booked on a task by a user for a day: a cost row before it gets an id.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Booking {
    pub(crate) task_id: u64,
    pub(crate) user_id: u64,
    pub(crate) minutes: u32,
    pub(crate) money_cents: i64,
    pub(crate) date: NaiveDate,
    pub(crate) is_timer: bool,
    pub(crate) comment: String,
}

/// The whole account.
#[derive(Debug, Clone)]
pub(crate) struct World {
    pub(crate) account_name: String,
    pub(crate) users: BTreeMap<u64, User>,
    pub(crate) projects: BTreeMap<u64, Project>,
    pub(crate) tasks: BTreeMap<u64, Task>,
    pub(crate) costs: BTreeMap<u64, Cost>,
    /// Running timers by user id (one per user, as on the real service).
    pub(crate) timers: BTreeMap<u64, Timer>,
    pub(crate) schedules: BTreeMap<u64, BTreeMap<NaiveDate, DayKind>>,
    /// When false every `update_users_schedule` is refused (set by tests).
    pub(crate) schedule_writes_allowed: bool,
    pub(crate) next_cost_id: u64,
}

impl World {
    pub(crate) fn user(&self, id: u64) -> Option<&User> {
        self.users.get(&id)
    }

    /// Looks a user up by email (case-insensitive) or by numeric id.
    pub(crate) fn user_by_key(&self, key: &str) -> Option<&User> {
        let key = key.trim();
        if let Ok(id) = key.parse::<u64>() {
            return self.users.get(&id);
        }
        self.users
            .values()
            .find(|user| user.email.eq_ignore_ascii_case(key))
    }

    pub(crate) fn can_see_project(&self, user: &User, project: &Project) -> bool {
        user.role.sees_all_projects() || project.members.contains(&user.id)
    }

    /// The task with `id` if `user` may see it.
    pub(crate) fn visible_task(&self, user: &User, id: u64) -> Option<&Task> {
        let task = self.tasks.get(&id)?;
        let project = self.projects.get(&task.project_id)?;
        self.can_see_project(user, project).then_some(task)
    }

    /// The top-level ancestor of a task (itself when it has no parent). Task pages are
    /// `/project/P/TOP/` for tasks and `/project/P/TOP/ID/` for subtasks of any depth.
    pub(crate) fn root_of<'a>(&'a self, task: &'a Task) -> &'a Task {
        let mut current = task;
        // Bounded walk: seeds never nest more than a few levels, and a bad parent id ends it.
        for _ in 0..8 {
            match current.parent_id.and_then(|id| self.tasks.get(&id)) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current
    }

    pub(crate) fn children_of(&self, id: u64) -> impl Iterator<Item = &Task> {
        self.tasks
            .values()
            .filter(move |task| task.parent_id == Some(id))
    }

    /// Starts `user_id`'s timer on `task_id` with the vendor's checks and error codes.
    pub(crate) fn start_timer(&mut self, user_id: u64, task_id: u64) -> Result<(), ApiError> {
        let user = self
            .users
            .get(&user_id)
            .ok_or_else(ApiError::task_invalid)?;
        let task = self
            .visible_task(user, task_id)
            .ok_or_else(ApiError::task_invalid)?;
        if self.timers.contains_key(&user_id) {
            return Err(ApiError::new(6, "Timer is already started"));
        }
        if task.status == TaskStatus::Done {
            return Err(ApiError::new(8, "Task is closed"));
        }
        self.timers.insert(user_id, Timer::start_now(task_id));
        Ok(())
    }

    /// Stops `user_id`'s timer and saves it as a cost row dated the day it started.
    pub(crate) fn stop_timer(&mut self, user_id: u64, comment: String) -> Result<u64, ApiError> {
        let timer = self.timers.remove(&user_id).ok_or_else(timer_not_started)?;
        let minutes = timer.booked_minutes();
        let money_cents = self
            .users
            .get(&user_id)
            .map_or(0, |user| user.earnings_cents(minutes));
        Ok(self.add_cost(Booking {
            task_id: timer.task_id,
            user_id,
            minutes,
            money_cents,
            date: timer.started_at.date_naive(),
            is_timer: true,
            comment,
        }))
    }

    /// See `Simulator::backdate_timers`.
    pub(crate) fn backdate_timers(&mut self, by: std::time::Duration) {
        for timer in self.timers.values_mut() {
            timer.started_at -= by;
            timer.started_mono = timer
                .started_mono
                .checked_sub(by)
                .unwrap_or(timer.started_mono);
        }
    }

    /// Discards `user_id`'s timer without saving anything.
    pub(crate) fn discard_timer(&mut self, user_id: u64) -> Result<(), ApiError> {
        self.timers
            .remove(&user_id)
            .map(|_| ())
            .ok_or_else(timer_not_started)
    }

    pub(crate) fn add_cost(&mut self, booked: Booking) -> u64 {
        let id = self.next_cost_id;
        self.next_cost_id += 1;
        self.costs.insert(
            id,
            Cost {
                id,
                booked,
                date_added: Local::now().naive_local(),
            },
        );
        id
    }

    /// Everything, for `Simulator::state()` and `GET /_sim/state`.
    pub(crate) fn dump(&self) -> Value {
        let timers: Vec<Value> = self
            .timers
            .iter()
            .map(|(user_id, timer)| {
                json!({
                    "user_id": user_id,
                    "email": self.user(*user_id).map(|user| user.email.clone()),
                    "task_id": timer.task_id,
                    "started_at": timer.started_at.to_rfc3339(),
                    "elapsed_secs": timer.elapsed_secs(),
                })
            })
            .collect();
        let schedules: BTreeMap<String, BTreeMap<String, &str>> = self
            .schedules
            .iter()
            .map(|(user_id, days)| {
                let days = days
                    .iter()
                    .map(|(date, kind)| (date.to_string(), kind.as_str()))
                    .collect();
                (user_id.to_string(), days)
            })
            .collect();
        json!({
            "account_name": self.account_name,
            "users": self.users.values().collect::<Vec<_>>(),
            "projects": self.projects.values().collect::<Vec<_>>(),
            "tasks": self.tasks.values().collect::<Vec<_>>(),
            "costs": self.costs.values().collect::<Vec<_>>(),
            "timers": timers,
            "schedules": schedules,
            "schedule_writes_allowed": self.schedule_writes_allowed,
        })
    }
}

fn timer_not_started() -> ApiError {
    ApiError::new(7, "Timer is not started")
}
