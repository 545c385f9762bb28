//! The command-line front end. Each command goes through the daemon when one runs (it owns the
//! request budget, and `status` is then free), or straight to Worksection when none does — the
//! same tracker rules either way, and the same machine-wide request gate.

use std::process::ExitCode;

use chrono::Datelike;
use serde::Serialize;
use worktray_core::api::http_client;
use worktray_core::api::ScheduleMark;
use worktray_core::config::EnvSecrets;
use worktray_core::days_off::{DaysOffReport, DaysOffView};
use worktray_core::db::Database;
use worktray_core::entries::today;
use worktray_core::entries::{
    EntriesRange, EntriesView, EntryState, LogReport, QuickEntry, SyncReport, WriteOutcome,
    LOG_WAIT,
};
use worktray_core::ipc::{DaemonClient, ErrorView, Profile, StartReport, Status, StopReport, View};
use worktray_core::models::DayKind;
use worktray_core::models::TaskSummary;
use worktray_core::outbox::{Outbox, QueueState, QueuedEntry, QueuedOperation};
use worktray_core::parse::{parse_date, WeekdayDirection};
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_core::timer::TimerView;
use worktray_core::{config, ErrorCode, Result};

use crate::signin;

pub enum Action {
    Whoami,
    Status {
        refresh: bool,
    },
    Start {
        task: String,
        anyway: bool,
    },
    Stop {
        comment: Option<String>,
    },
    Discard,
    Tasks {
        query: Option<String>,
    },
    Log {
        entry: QuickEntry,
        dry_run: bool,
    },
    Entries {
        range: EntriesRange,
    },
    Sync,
    DaysOff {
        from: Option<String>,
        to: Option<String>,
    },
    SetDaysOff {
        range: String,
        mark: ScheduleMark,
        include_weekends: bool,
    },
}

/// Where a command is carried out.
enum Backend {
    Daemon(DaemonClient),
    Direct(Tracker),
}

/// A tracker that talks to Worksection itself, for when no daemon runs.
pub async fn direct_tracker(from_env: Option<&(String, Secret)>) -> Result<Tracker> {
    let http = http_client()?;
    let gate = signin::machine_gate()?;
    let accounts = signin::accounts(http.clone(), gate.clone())?;
    let api = signin::stored_api(&accounts, http, gate, from_env)
        .await?
        .ok_or_else(signin::not_signed_in)?;
    let tracker = Tracker::signed_in(api);
    let database = Database::in_data_dir(&config::data_dir()?)?;
    if let Some(recovery) = database.recovery() {
        eprintln!("worktray: {recovery}");
    }
    tracker.use_outbox(Outbox::new(database));
    Ok(tracker)
}

async fn backend(from_env: Option<&(String, Secret)>) -> Result<Backend> {
    let daemon = DaemonClient::new(config::socket_path()?);
    if daemon.is_running().await {
        return Ok(Backend::Daemon(daemon));
    }
    direct_tracker(from_env).await.map(Backend::Direct)
}

enum Outcome {
    Profile(Profile),
    Status(Status),
    Started(StartReport),
    Stopped(StopReport),
    Discarded(Status),
    Tasks(Vec<TaskSummary>),
    Logged(LogReport),
    Entries(EntriesView),
    Synced(SyncReport),
    DaysOff(DaysOffView),
    DaysOffSet(DaysOffReport),
}

async fn carry_out(action: Action, from_env: Option<&(String, Secret)>) -> Result<Outcome> {
    let backend = backend(from_env).await?;
    let direct = match &backend {
        Backend::Direct(tracker) => Some(tracker.clone()),
        Backend::Daemon(_) => None,
    };
    let outcome = carry_out_on(backend, action).await;
    // A renewed sign-in the keyring did not take dies with this process: say so.
    if let Some(problem) = direct.and_then(|tracker| tracker.sign_in_problem()) {
        eprintln!("worktray: {problem}");
    }
    outcome
}

async fn carry_out_on(backend: Backend, action: Action) -> Result<Outcome> {
    Ok(match (backend, action) {
        (Backend::Daemon(d), Action::Whoami) => Outcome::Profile(d.whoami().await?),
        (Backend::Direct(t), Action::Whoami) => Outcome::Profile(t.whoami().await?),
        (Backend::Daemon(d), Action::Status { refresh }) => {
            Outcome::Status(d.status(refresh).await?)
        }
        // Without a daemon there is no remembered state: ask the server.
        (Backend::Direct(t), Action::Status { .. }) => Outcome::Status(t.refresh().await?),
        (Backend::Daemon(d), Action::Start { task, anyway }) => {
            Outcome::Started(d.start_confirmed(task, anyway).await?)
        }
        (Backend::Direct(t), Action::Start { task, anyway }) => {
            Outcome::Started(t.start_on(&task, anyway).await?)
        }
        (Backend::Daemon(d), Action::Stop { comment }) => Outcome::Stopped(d.stop(comment).await?),
        (Backend::Direct(t), Action::Stop { comment }) => {
            Outcome::Stopped(t.stop(comment.as_deref()).await?)
        }
        (Backend::Daemon(d), Action::Discard) => Outcome::Discarded(d.discard().await?),
        (Backend::Direct(t), Action::Discard) => Outcome::Discarded(t.discard().await?),
        (Backend::Daemon(d), Action::Tasks { query }) => Outcome::Tasks(d.tasks(query).await?),
        (Backend::Direct(t), Action::Tasks { query }) => {
            Outcome::Tasks(t.tasks(query.as_deref()).await?)
        }
        (Backend::Daemon(d), Action::Log { entry, dry_run }) => {
            Outcome::Logged(d.log(entry, dry_run).await?)
        }
        (
            Backend::Direct(t),
            Action::Log {
                entry,
                dry_run: true,
            },
        ) => Outcome::Logged(t.interpret(&entry, true).await?.1),
        (
            Backend::Direct(t),
            Action::Log {
                entry,
                dry_run: false,
            },
        ) => Outcome::Logged(t.log_time(&entry, LOG_WAIT, true).await?),
        (Backend::Daemon(d), Action::Entries { range }) => {
            Outcome::Entries(d.entries(range).await?)
        }
        (Backend::Direct(t), Action::Entries { range }) => {
            Outcome::Entries(t.entries(&range).await?)
        }
        (Backend::Daemon(d), Action::Sync) => Outcome::Synced(d.sync().await?),
        (Backend::Direct(t), Action::Sync) => Outcome::Synced(t.sync().await?),
        (backend, Action::DaysOff { from, to }) => {
            let (from, to) = days_off_window(from, to);
            match backend {
                Backend::Daemon(d) => Outcome::DaysOff(d.days_off(from, to).await?),
                Backend::Direct(t) => {
                    let today = today();
                    let from = parse_date(&from, today, WeekdayDirection::Future)?;
                    let to = parse_date(&to, today, WeekdayDirection::Future)?;
                    Outcome::DaysOff(t.days_off(from, to).await?)
                }
            }
        }
        (
            Backend::Daemon(d),
            Action::SetDaysOff {
                range,
                mark,
                include_weekends,
            },
        ) => Outcome::DaysOffSet(d.set_days_off(range, mark, include_weekends).await?),
        (
            Backend::Direct(t),
            Action::SetDaysOff {
                range,
                mark,
                include_weekends,
            },
        ) => Outcome::DaysOffSet(t.set_days_off(&range, mark, include_weekends).await?),
    })
}

/// Carries out `action`; `env` holds the account and token given in the environment, if any.
pub fn run(action: Action, json: bool, env: &EnvSecrets) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("worktray: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(carry_out(action, env.access.as_ref())) {
        Ok(outcome) => {
            if json {
                print_json(&outcome);
            } else {
                print_human(&outcome);
            }
            ExitCode::SUCCESS
        }
        Err(error) => report_error(&ErrorView::from(error), json),
    }
}

/// `worktray open VIEW`: asks the running tray to open its window.
pub fn open(view: View) -> ExitCode {
    let opened = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| worktray_core::Error::io("starting", e))
        .and_then(|runtime| {
            runtime.block_on(async {
                let daemon = DaemonClient::new(config::socket_path()?);
                if !daemon.is_running().await {
                    return Err(worktray_core::Error::Ipc(
                        "Worktray is not running; start it with `worktray`".into(),
                    ));
                }
                daemon.open_window(Some(view)).await
            })
        });
    match opened {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report_error(&ErrorView::from(error), false),
    }
}

fn task_line(task: &TaskSummary) -> String {
    match (task.name.is_empty(), task.project.is_empty()) {
        (true, _) => format!("task {}", task.id),
        (false, true) => task.name.clone(),
        (false, false) => format!("{} — {}", task.name, task.project),
    }
}

fn timer_line(timer: &TimerView) -> String {
    format!("{}, {}", task_line(&timer.task), timer.elapsed_text)
}

fn status_lines(status: &Status) -> Vec<String> {
    let mut lines = vec![match &status.timer {
        Some(timer) => format!("▶ {}", timer_line(timer)),
        None => "■ No timer running".to_owned(),
    }];
    if let Some(problem) = &status.problem {
        lines.push(format!("  ({problem})"));
    }
    let queue = status.queue;
    if queue.pending + queue.parked > 0 {
        lines.push(format!(
            "  queue: {} pending · {} parked{}",
            queue.pending,
            queue.parked,
            if queue.parked > 0 {
                " (see `worktray sync`)"
            } else {
                ""
            }
        ));
    }
    lines
}

/// A queued write that is not an entry of a list: waiting, refused by Worksection, or one this
/// version cannot read.
fn queued_line(queued: &QueuedEntry) -> String {
    let what = queued.operation.describe();
    let problem = queued.last_error.as_deref().unwrap_or("");
    match (&queued.operation, queued.state) {
        (QueuedOperation::Unreadable { .. }, _) => {
            format!("unreadable #{}: {what} — {problem}", queued.id)
        }
        (QueuedOperation::Known(_), QueueState::Parked) => {
            format!("refused #{}: {what} — {problem}", queued.id)
        }
        (QueuedOperation::Known(_), QueueState::Pending) => format!(
            "queued: {what}{}",
            queued
                .last_error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        ),
    }
}

fn print_human(outcome: &Outcome) {
    let lines = match outcome {
        Outcome::Profile(p) => vec![format!(
            "{} <{}>{} on {}",
            p.name,
            p.email,
            p.role
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default(),
            p.account_url
        )],
        Outcome::Status(status) => status_lines(status),
        Outcome::Started(report) => {
            let mut lines = Vec::new();
            if let Some(stopped) = &report.stopped_first {
                lines.push(format!("■ Stopped {} (saved)", timer_line(stopped)));
            }
            if report.already_running {
                lines.push("Already running:".to_owned());
            }
            lines.extend(status_lines(&report.status));
            if let Some(reason) = &report.queued {
                lines.push(format!(
                    "  queued ({reason}); Worksection will start it when reachable, counting from now"
                ));
            }
            lines
        }
        Outcome::Stopped(report) => {
            let what = report
                .stopped
                .as_ref()
                .map(|t| format!(" {}", timer_line(t)))
                .unwrap_or_default();
            vec![match &report.queued {
                None => format!("■ Stopped{what} (saved)"),
                Some(reason) => format!(
                    "■ Stopped{what} — queued ({reason}); Worksection will get it when reachable"
                ),
            }]
        }
        Outcome::Logged(report) => vec![match &report.outcome {
            WriteOutcome::Sent { .. } => format!("✓ Logged {}", report.preview),
            WriteOutcome::Queued { reason } if reason == "not sent yet" => {
                format!("Would log {}", report.preview)
            }
            WriteOutcome::Queued { reason } => format!(
                "✓ Queued {} ({reason}); it is safe and will be sent when Worksection is reachable",
                report.preview
            ),
            WriteOutcome::Parked { message } => format!(
                "✗ Worksection refused {}: {message} (kept; see `worktray sync`)",
                report.preview
            ),
        }],
        Outcome::Entries(view) => entries_lines(view),
        Outcome::Synced(report) => sync_lines(report),
        Outcome::DaysOff(view) => days_off_lines(view),
        Outcome::DaysOffSet(report) => days_off_set_lines(report),
        Outcome::Discarded(_) => vec!["✕ Discarded the running timer (nothing saved)".to_owned()],
        Outcome::Tasks(tasks) if tasks.is_empty() => vec!["No open tasks match.".to_owned()],
        Outcome::Tasks(tasks) => tasks
            .iter()
            .map(|t| format!("{:>8}  {}", t.id, task_line(t)))
            .collect(),
    };
    for line in lines {
        println!("{line}");
    }
}

/// What `days-off` lists by default: this month and the next.
fn days_off_window(from: Option<String>, to: Option<String>) -> (String, String) {
    let today = today();
    let first = today.with_day(1).unwrap_or(today);
    let after_next = first
        .checked_add_months(chrono::Months::new(2))
        .unwrap_or(first);
    let last = after_next.pred_opt().unwrap_or(after_next);
    (
        from.unwrap_or_else(|| first.to_string()),
        to.unwrap_or_else(|| last.to_string()),
    )
}

fn mark_name(mark: ScheduleMark) -> &'static str {
    match mark {
        ScheduleMark::Vacation => "vacation",
        ScheduleMark::SickLeave => "sick leave",
        ScheduleMark::Workday => "workday (weekend)",
        ScheduleMark::Unset => "cleared",
    }
}

fn kind_name(kind: DayKind) -> &'static str {
    mark_name(kind.into())
}

fn days_off_lines(view: &DaysOffView) -> Vec<String> {
    let mut lines: Vec<String> = view
        .days
        .iter()
        .filter(|d| d.kind.is_some() || d.pending.is_some())
        .map(|d| {
            let saved = d.kind.map(kind_name).unwrap_or("");
            let pending = d
                .pending
                .map(|m| format!(" (queued: {})", mark_name(m)))
                .unwrap_or_default();
            format!("{}  {saved}{pending}", d.date.format("%a %e %b %Y"))
        })
        .collect();
    if lines.is_empty() {
        lines.push(format!(
            "No days off from {} to {}.",
            view.from.format("%-d %b %Y"),
            view.to.format("%-d %b %Y")
        ));
    }
    for queued in view.queued.iter().filter(|q| q.state == QueueState::Parked) {
        lines.push(queued_line(queued));
    }
    lines
}

fn days_off_set_lines(report: &DaysOffReport) -> Vec<String> {
    let first = report
        .dates
        .first()
        .map(|d| d.format("%a %-d %b").to_string())
        .unwrap_or_default();
    let last = report
        .dates
        .last()
        .map(|d| d.format("%a %-d %b %Y").to_string())
        .unwrap_or_default();
    let span = if report.dates.len() == 1 {
        last
    } else {
        format!("{first} – {last}")
    };
    let what = format!(
        "{} day(s) {span} as {}",
        report.dates.len(),
        mark_name(report.mark)
    );
    vec![match &report.outcome {
        WriteOutcome::Sent { message } => format!(
            "✓ Marked {what}{}",
            message
                .as_deref()
                .map(|m| format!(" — {m}"))
                .unwrap_or_default()
        ),
        WriteOutcome::Queued { reason } => format!(
            "✓ Queued: mark {what} ({reason}); it will be sent when Worksection is reachable"
        ),
        WriteOutcome::Parked { message } => {
            format!("✗ Worksection refused to mark {what}: {message}")
        }
    }]
}

fn entries_lines(view: &EntriesView) -> Vec<String> {
    let mut lines = Vec::new();
    if view.days.is_empty() {
        lines.push(format!(
            "No entries from {} to {}.",
            view.from.format("%a %-d %b"),
            view.to.format("%a %-d %b")
        ));
    }
    for day in &view.days {
        lines.push(format!(
            "{:<40}{:>7}",
            day.date.format("%a %-d %b").to_string(),
            day.total_text
        ));
        for entry in &day.entries {
            let mark = match entry.state {
                EntryState::Saved if entry.is_timer => " [timer]".to_owned(),
                EntryState::Saved => String::new(),
                EntryState::Pending => " [pending]".to_owned(),
                EntryState::Parked => format!(
                    " [refused: {}]",
                    entry.problem.as_deref().unwrap_or("see worktray sync")
                ),
            };
            let comment = if entry.comment.is_empty() {
                String::new()
            } else {
                format!("  \"{}\"", entry.comment)
            };
            lines.push(format!(
                "  {:>6}  {}{comment}{mark}",
                entry.time_text,
                task_line(&entry.task)
            ));
        }
    }
    lines.push(format!("{:<40}{:>7}", "Total", view.total_text));
    for queued in &view.other_queued {
        lines.push(format!("  {}", queued_line(queued)));
    }
    lines
}

fn sync_lines(report: &SyncReport) -> Vec<String> {
    let unreadable = report
        .parked
        .iter()
        .filter(|q| q.operation.known().is_none())
        .count();
    let mut summary = format!(
        "Sent {} · {} pending · {} refused",
        report.sent,
        report.pending,
        report.parked.len() - unreadable
    );
    if unreadable > 0 {
        summary.push_str(&format!(" · {unreadable} unreadable"));
    }
    let mut lines = vec![summary];
    if let Some(reason) = &report.held_back_by {
        lines.push(format!("  waiting: {reason}"));
    }
    for parked in &report.parked {
        lines.push(format!("  {}", queued_line(parked)));
    }
    lines
}

fn print_json(outcome: &Outcome) {
    fn dump<T: Serialize>(value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("worktray: cannot write JSON: {error}"),
        }
    }
    match outcome {
        Outcome::Profile(p) => dump(p),
        Outcome::Status(s) | Outcome::Discarded(s) => dump(s),
        Outcome::Started(r) => dump(r),
        Outcome::Stopped(r) => dump(r),
        Outcome::Tasks(t) => dump(t),
        Outcome::Logged(r) => dump(r),
        Outcome::Entries(v) => dump(v),
        Outcome::Synced(r) => dump(r),
        Outcome::DaysOff(v) => dump(v),
        Outcome::DaysOffSet(r) => dump(r),
    }
}

/// One clear line on stderr; exit 2 when the user must choose a task, 1 otherwise.
fn report_error(error: &ErrorView, json: bool) -> ExitCode {
    if json {
        if let Ok(text) = serde_json::to_string_pretty(&serde_json::json!({ "error": error })) {
            println!("{text}");
        }
    }
    eprintln!("worktray: {}", error.message);
    if error.code == ErrorCode::DayOff {
        eprintln!("(use --anyway to start it)");
    }
    for candidate in &error.candidates {
        eprintln!("{:>8}  {}", candidate.id, task_line(candidate));
    }
    match error.code {
        ErrorCode::AmbiguousTask | ErrorCode::TaskNotFound | ErrorCode::InvalidInput => {
            ExitCode::from(2)
        }
        _ => ExitCode::FAILURE,
    }
}
