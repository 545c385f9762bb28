//! The command-line front end. Each command goes through the daemon when one runs (it owns the
//! request budget, and `status` is then free), or straight to Worksection when none does — the
//! same tracker rules either way, and the same machine-wide request gate.

use std::process::ExitCode;

use serde::Serialize;
use worktray_core::api::http_client;
use worktray_core::ipc::{DaemonClient, ErrorView, Profile, StartReport, Status, StopReport};
use worktray_core::models::TaskSummary;
use worktray_core::service::Tracker;
use worktray_core::timer::TimerView;
use worktray_core::{config, Result};

use crate::signin;

pub enum Action {
    Whoami,
    Status { refresh: bool },
    Start { task: String },
    Stop { comment: Option<String> },
    Discard,
    Tasks { query: Option<String> },
}

/// Where a command is carried out.
enum Backend {
    Daemon(DaemonClient),
    Direct(Tracker),
}

/// A tracker that talks to Worksection itself, for when no daemon runs.
pub fn direct_tracker() -> Result<Tracker> {
    let http = http_client()?;
    let gate = signin::machine_gate()?;
    let accounts = signin::accounts(http.clone(), gate.clone())?;
    let api = signin::stored_api(&accounts, http, gate)?.ok_or_else(signin::not_signed_in)?;
    Ok(Tracker::signed_in(api))
}

async fn backend() -> Result<Backend> {
    let daemon = DaemonClient::new(config::socket_path()?);
    if daemon.is_running().await {
        return Ok(Backend::Daemon(daemon));
    }
    direct_tracker().map(Backend::Direct)
}

enum Outcome {
    Profile(Profile),
    Status(Status),
    Started(StartReport),
    Stopped(StopReport),
    Discarded(Status),
    Tasks(Vec<TaskSummary>),
}

async fn carry_out(action: Action) -> Result<Outcome> {
    Ok(match (backend().await?, action) {
        (Backend::Daemon(d), Action::Whoami) => Outcome::Profile(d.whoami().await?),
        (Backend::Direct(t), Action::Whoami) => Outcome::Profile(t.whoami().await?),
        (Backend::Daemon(d), Action::Status { refresh }) => {
            Outcome::Status(d.status(refresh).await?)
        }
        // Without a daemon there is no remembered state: ask the server.
        (Backend::Direct(t), Action::Status { .. }) => Outcome::Status(t.refresh().await?),
        (Backend::Daemon(d), Action::Start { task }) => Outcome::Started(d.start(task).await?),
        (Backend::Direct(t), Action::Start { task }) => Outcome::Started(t.start(&task).await?),
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
    })
}

pub fn run(action: Action, json: bool) -> ExitCode {
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
    match runtime.block_on(carry_out(action)) {
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
    lines
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
            lines
        }
        Outcome::Stopped(report) => vec![match &report.stopped {
            Some(timer) => format!("■ Stopped {} (saved)", timer_line(timer)),
            None => "■ Stopped (saved)".to_owned(),
        }],
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
    for candidate in &error.candidates {
        eprintln!("{:>8}  {}", candidate.id, task_line(candidate));
    }
    match error.code.as_str() {
        "ambiguous_task" | "task_not_found" | "invalid_input" => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}
