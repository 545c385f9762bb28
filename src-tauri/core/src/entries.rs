//! Time entries: logging time after the fact ("1:30 fixed login"), the list of my entries with
//! day and week totals, edits and deletions. Every write goes through the outbox first
//! (`sender.rs`), so nothing the user typed is lost to a dropped network, a sleeping laptop or
//! a killed app.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Datelike, Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::CostFilter;
use crate::error::{Error, Result};
use crate::i18n;
use crate::models::{Id, TaskSummary};
use crate::outbox::{Operation, QueueReason, QueueState, QueuedEntry};
use crate::parse::{
    format_hmm, format_human, parse_date, parse_duration, InputError, WeekdayDirection,
};
use crate::service::Tracker;
use crate::t;

/// How long a front end waits for a new entry to land before saying "queued".
pub const LOG_WAIT: Duration = Duration::from_secs(8);
/// How long `sync` sends before it answers; less than a client waits for the daemon's answer
/// to a request that needs Worksection (`ipc::FROM_WORKSECTION`).
pub const SYNC_WAIT: Duration = Duration::from_secs(40);

/// What the user typed into the quick entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct QuickEntry {
    pub task: String,
    pub duration: String,
    /// `today` when empty.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    /// A plain amount, e.g. `120.50`.
    #[serde(default)]
    pub money: Option<String>,
    /// Money from my hourly rate (`is_rate=1`).
    #[serde(default)]
    pub at_my_rate: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum WriteOutcome {
    /// Worksection confirmed it, with what it said, if anything.
    Sent { message: Option<String> },
    /// Safe in the outbox; it will be sent when Worksection can be reached.
    Queued { reason: QueueReason },
    /// Worksection refused it; it waits in the outbox for a fix, a retry or a discard.
    Parked { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct LogReport {
    /// "1 h 30 min on Tue 24 Nov — Fix login"
    pub preview: String,
    pub task: TaskSummary,
    pub minutes: u32,
    pub date: NaiveDate,
    pub outcome: WriteOutcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum EntryState {
    Saved,
    Pending,
    Parked,
}

/// One line of the entries list: a saved cost row, or a queued one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct EntryView {
    /// The server's cost row id; `None` for an entry not yet sent.
    pub id: Option<String>,
    /// The outbox row, for queued entries.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub queue_id: Option<i64>,
    pub task: TaskSummary,
    pub date: NaiveDate,
    pub minutes: u32,
    pub time_text: String,
    pub money: Option<String>,
    pub comment: String,
    /// Saved by the timer rather than typed.
    pub is_timer: bool,
    pub state: EntryState,
    pub problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct DayEntries {
    pub date: NaiveDate,
    pub total_minutes: u32,
    pub total_text: String,
    pub entries: Vec<EntryView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct EntriesView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayEntries>,
    pub total_minutes: u32,
    pub total_text: String,
    /// Writes still waiting that are not entries of the range (edits, deletions, stops, and
    /// rows this version cannot read).
    pub other_queued: Vec<QueuedEntry>,
    /// Why the saved entries are missing (offline, signed out): the queued ones are still
    /// listed, from the local outbox.
    pub problem: Option<String>,
}

/// A change to a saved entry; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct EntryChange {
    pub duration: Option<String>,
    pub comment: Option<String>,
    pub date: Option<String>,
    pub money: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct SyncReport {
    pub sent: usize,
    pub pending: usize,
    pub parked: Vec<QueuedEntry>,
    pub held_back_by: Option<QueueReason>,
}

/// Which dates an entries request covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "range", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum EntriesRange {
    Today,
    /// This week, Monday to Sunday.
    Week,
    Dates {
        from: String,
        to: String,
    },
}

impl EntriesRange {
    pub fn resolve(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
        Ok(match self {
            EntriesRange::Today => (today, today),
            EntriesRange::Week => {
                let monday = today
                    - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
                (monday, monday + chrono::Duration::days(6))
            }
            EntriesRange::Dates { from, to } => {
                let from = parse_date(from, today, WeekdayDirection::Past)?;
                let to = parse_date(to, today, WeekdayDirection::Past)?;
                if to < from {
                    return Err(range_reversed(from, to));
                }
                if (to - from).num_days() > 366 {
                    return Err(Error::invalid_input(t!("entries-range-too-long")));
                }
                (from, to)
            }
        })
    }
}

fn money_text(text: &str) -> Result<String> {
    let normal = text.trim().replace(',', ".");
    match normal.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(format!("{value:.2}")),
        _ => Err(Error::invalid_input(t!(
            "entry-money-invalid",
            input = text.trim()
        ))),
    }
}

/// A range whose end comes before its start, said with both dates as the locale writes them.
pub(crate) fn range_reversed(from: NaiveDate, to: NaiveDate) -> Error {
    let lang = i18n::current();
    Error::invalid_input(t!(
        "range-reversed",
        from = i18n::format_day(lang, from, true),
        to = i18n::format_day(lang, to, true)
    ))
}

pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

impl Tracker {
    /// Refuses, with the reason, what the project's options would make the server refuse.
    /// Without `look_up` it uses only what is already known, so that nothing waits for the
    /// network before the entry is safe in the outbox.
    async fn check_project_allows(
        &self,
        task: &TaskSummary,
        date: NaiveDate,
        look_up: bool,
    ) -> Result<()> {
        if task.project_id.is_empty() {
            return Ok(());
        }
        let known = if look_up {
            self.projects_with_options().await
        } else {
            Ok(self
                .known()
                .projects
                .clone()
                .map(|(_, p)| p)
                .unwrap_or_default())
        };
        let projects = match known {
            Ok(projects) => projects,
            // Offline with nothing cached: queue the entry anyway. The server checks the
            // options itself, and a refusal is parked with its reason, not lost.
            Err(error) if error.is_unavailable() => return Ok(()),
            Err(error) => return Err(error),
        };
        let Some(project) = projects.iter().find(|p| p.id.as_str() == task.project_id) else {
            return Ok(());
        };
        let options = project.options.clone().unwrap_or_default();
        if options.timer_only {
            return Err(Error::Input(InputError::TimerOnly {
                project: project.name.clone(),
            }));
        }
        if options.time_today && date != today() {
            return Err(Error::invalid_input(t!(
                "entry-today-only",
                project = project.name.as_str()
            )));
        }
        Ok(())
    }

    /// A task from what the user typed, with its project known: with `look_up`, one request
    /// for a bare id not in my task list; without, the id alone will do.
    async fn task_with_project(&self, task_ref: &str, look_up: bool) -> Result<TaskSummary> {
        let task = self.resolve_task(task_ref).await?;
        if !task.project_id.is_empty() && !task.name.is_empty() {
            return Ok(task);
        }
        if !look_up {
            let name = if task.name.is_empty() {
                t!("cli-task-number", id = task.id.to_string())
            } else {
                task.name.clone()
            };
            return Ok(TaskSummary { name, ..task });
        }
        let signed_in = self.session()?;
        let full = signed_in.api.task(&task.id).await;
        self.note(&signed_in, &full);
        let full = match full {
            Ok(full) => full,
            // Offline: a task given by its id can still be queued; its name comes later.
            Err(error) if error.is_unavailable() => {
                let name = if task.name.is_empty() {
                    t!("cli-task-number", id = task.id.to_string())
                } else {
                    task.name.clone()
                };
                return Ok(TaskSummary { name, ..task });
            }
            Err(error) => return Err(error),
        };
        let mut summary = TaskSummary::from(&full);
        if summary.project_id.is_empty() {
            if let Some(parent) = &full.parent {
                summary.project_id = parent.id.to_string();
            }
        }
        Ok(summary)
    }

    /// Understands a quick entry without sending it: the preview the user confirms.
    /// With `look_up` (a preview) it may ask the server about the task and the project's
    /// options; without (logging) it uses what is known, so the entry reaches the outbox at
    /// once and the server has the last word.
    pub async fn interpret(
        &self,
        entry: &QuickEntry,
        look_up: bool,
    ) -> Result<(Operation, LogReport)> {
        let minutes = parse_duration(&entry.duration)?;
        let date = parse_date(
            entry.date.as_deref().unwrap_or("today"),
            today(),
            WeekdayDirection::Past,
        )?;
        if date > today() {
            return Err(Error::invalid_input(t!(
                "entry-in-future",
                date = i18n::format_day(i18n::current(), date, false)
            )));
        }
        let money = entry
            .money
            .as_deref()
            .filter(|m| !m.trim().is_empty())
            .map(money_text)
            .transpose()?;
        if money.is_some() && entry.at_my_rate {
            return Err(Error::invalid_input(t!("entry-money-and-rate")));
        }
        let task = self.task_with_project(&entry.task, look_up).await?;
        self.check_project_allows(&task, date, look_up).await?;
        let comment = entry.comment.clone().unwrap_or_default().trim().to_owned();
        let day = i18n::format_day(i18n::current(), date, false);
        let preview = if comment.is_empty() {
            t!(
                "entry-preview",
                duration = format_human(minutes),
                date = day,
                task = task.name.as_str()
            )
        } else {
            t!(
                "entry-preview-comment",
                duration = format_human(minutes),
                date = day,
                task = task.name.as_str(),
                comment = comment.as_str()
            )
        };
        let operation = Operation::AddCost {
            task: task.id.clone(),
            task_name: task.name.clone(),
            project: task.project.clone(),
            minutes: Some(minutes),
            money,
            at_my_rate: entry.at_my_rate,
            comment,
            date,
        };
        let report = LogReport {
            preview,
            task,
            minutes,
            date,
            outcome: WriteOutcome::Queued {
                reason: QueueReason::NotSentYet,
            },
        };
        Ok((operation, report))
    }

    /// Logs time: commits it to the outbox, then tries to send it for up to `wait`. With
    /// `look_up` it may first ask the server about the task and its project (a one-shot CLI
    /// with nothing cached); a running app answers from what its poller keeps fresh, so that
    /// the entry is safe before any network round trip.
    pub async fn log_time(
        &self,
        entry: &QuickEntry,
        wait: Duration,
        look_up: bool,
    ) -> Result<LogReport> {
        let (operation, mut report) = self.interpret(entry, look_up).await?;
        report.outcome = self.write(&operation, wait).await?;
        Ok(report)
    }

    /// My entries over `range`, by day, with totals; queued ones included and marked.
    pub async fn entries(&self, range: &EntriesRange) -> Result<EntriesView> {
        let (from, to) = range.resolve(today())?;
        let saved = async {
            let me = self.me().await?;
            let filter = CostFilter {
                from: Some(from),
                to: Some(to),
                ..CostFilter::default()
            };
            let signed_in = self.session()?;
            let page = signed_in.api.costs(&filter).await;
            self.note(&signed_in, &page);
            Ok::<_, Error>((me, page?))
        };
        let (rows, problem) = match saved.await {
            Ok((me, page)) => (
                page.rows
                    .into_iter()
                    .filter(|row| row.user_from.as_ref().is_some_and(|u| u.id == me.id))
                    .collect(),
                None,
            ),
            // What is queued locally is still worth showing while Worksection cannot be asked.
            Err(error) if error.is_unavailable() => (Vec::new(), Some(error.to_string())),
            Err(error) => return Err(error),
        };
        let mut entries: Vec<EntryView> = rows
            .iter()
            .map(|row| EntryView {
                id: Some(row.id.to_string()),
                queue_id: None,
                task: row
                    .task
                    .as_ref()
                    .map(TaskSummary::from)
                    .unwrap_or(TaskSummary {
                        id: Id::from("?"),
                        name: t!("entries-unknown-task"),
                        project: String::new(),
                        project_id: String::new(),
                        page: String::new(),
                    }),
                date: row.date,
                minutes: row.time.0,
                time_text: row.time.to_string(),
                money: Some(row.money.clone()).filter(|m| m.parse::<f64>().is_ok_and(|v| v != 0.0)),
                comment: row.comment.clone(),
                is_timer: row.is_timer,
                state: EntryState::Saved,
                problem: None,
            })
            .collect();
        let mut other_queued = Vec::new();
        for queued in self.outbox()?.list()? {
            match queued.operation.known() {
                Some(Operation::AddCost {
                    task,
                    task_name,
                    project,
                    minutes,
                    money,
                    comment,
                    date,
                    ..
                }) if (from..=to).contains(date) => {
                    entries.push(EntryView {
                        id: None,
                        queue_id: Some(queued.id),
                        task: TaskSummary {
                            id: task.clone(),
                            name: task_name.clone(),
                            project: project.clone(),
                            project_id: String::new(),
                            page: String::new(),
                        },
                        date: *date,
                        minutes: minutes.unwrap_or(0),
                        time_text: format_hmm(minutes.unwrap_or(0)),
                        money: money.clone(),
                        comment: comment.clone(),
                        is_timer: false,
                        state: if queued.state == QueueState::Parked {
                            EntryState::Parked
                        } else {
                            EntryState::Pending
                        },
                        problem: queued.last_error.clone(),
                    });
                }
                _ => other_queued.push(queued),
            }
        }
        let mut by_day: BTreeMap<NaiveDate, Vec<EntryView>> = BTreeMap::new();
        for entry in entries {
            by_day.entry(entry.date).or_default().push(entry);
        }
        let days: Vec<DayEntries> = by_day
            .into_iter()
            .rev()
            .map(|(date, entries)| {
                let total: u32 = entries
                    .iter()
                    .filter(|e| e.state != EntryState::Parked)
                    .map(|e| e.minutes)
                    .sum();
                DayEntries {
                    date,
                    total_minutes: total,
                    total_text: format_hmm(total),
                    entries,
                }
            })
            .collect();
        let total: u32 = days.iter().map(|d| d.total_minutes).sum();
        Ok(EntriesView {
            from,
            to,
            days,
            total_minutes: total,
            total_text: format_hmm(total),
            other_queued,
            problem,
        })
    }

    /// Changes a saved entry (through the outbox).
    pub async fn edit_entry(
        &self,
        id: &str,
        change: &EntryChange,
        wait: Duration,
    ) -> Result<WriteOutcome> {
        let minutes = change.duration.as_deref().map(parse_duration).transpose()?;
        let date = change
            .date
            .as_deref()
            .map(|d| parse_date(d, today(), WeekdayDirection::Past))
            .transpose()?;
        let money = change
            .money
            .as_deref()
            .filter(|m| !m.trim().is_empty())
            .map(money_text)
            .transpose()?;
        if minutes.is_none() && date.is_none() && money.is_none() && change.comment.is_none() {
            return Err(Error::invalid_input(t!("entry-nothing-to-change")));
        }
        let operation = Operation::UpdateCost {
            id: Id::from(id),
            minutes,
            money,
            at_my_rate: false,
            comment: change.comment.clone().map(|c| c.trim().to_owned()),
            date,
        };
        self.write(&operation, wait).await
    }

    /// Deletes a saved entry (through the outbox).
    pub async fn delete_entry(&self, id: &str, wait: Duration) -> Result<WriteOutcome> {
        self.write(&Operation::DeleteCost { id: Id::from(id) }, wait)
            .await
    }

    /// Sends a queued entry again, optionally corrected from a new quick entry.
    pub async fn retry_queued(
        &self,
        queue_id: i64,
        corrected: Option<&QuickEntry>,
    ) -> Result<SyncReport> {
        let operation = match corrected {
            Some(entry) => Some(self.interpret(entry, true).await?.0),
            None => None,
        };
        self.outbox()?.retry(queue_id, operation.as_ref())?;
        self.sync().await
    }

    pub fn discard_queued(&self, queue_id: i64) -> Result<()> {
        self.outbox()?.discard(queue_id)?;
        self.announce();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(
            EntriesRange::Week.resolve(today).unwrap(),
            (
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
            )
        );
        assert_eq!(EntriesRange::Today.resolve(today).unwrap(), (today, today));
        let error = EntriesRange::Dates {
            from: "25.11.2026".into(),
            to: "24.11.2026".into(),
        }
        .resolve(today)
        .unwrap_err();
        assert!(error.to_string().contains("before it starts"));
    }

    #[test]
    fn money_is_checked() {
        assert_eq!(money_text("120,5").unwrap(), "120.50");
        assert!(money_text("ten").is_err());
        assert!(money_text("-3").is_err());
    }
}
