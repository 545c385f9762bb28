//! The command-line front end. Each command goes through the daemon when one runs (it owns the
//! request budget, and `status` is then free), or straight to Worksection when none does — the
//! same tracker rules either way, and the same machine-wide request gate.

use std::process::ExitCode;

use chrono::Datelike;
use serde::Serialize;
use worktray_core::api::http_client;
use worktray_core::api::ScheduleMark;
use worktray_core::away::{AwayChoice, AwayReason};
use worktray_core::config::EnvSecrets;
use worktray_core::days_off::{DaysOffReport, DaysOffView};
use worktray_core::db::Database;
use worktray_core::entries::today;
use worktray_core::entries::{EntriesView, EntryState, SyncReport, WriteOutcome};
use worktray_core::ipc::{CoreRequest, DaemonClient, ErrorView, Reply, Status, TrayRequest, View};
use worktray_core::models::DayKind;
use worktray_core::models::TaskSummary;
use worktray_core::outbox::{Outbox, QueueState, QueuedEntry, QueuedOperation};
use worktray_core::parse::format_human;
use worktray_core::presence::{AwayReport, AwayView};
use worktray_core::secret::Secret;
use worktray_core::service::{Answering, Tracker};
use worktray_core::settings::Settings;
use worktray_core::timer::TimerView;
use worktray_core::{config, ErrorCode, Result};

use crate::signin;

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
    let data_dir = config::data_dir()?;
    // Pinned tasks rank up in a search here as in the tray; unreadable settings lose only that
    // (the tray names the damage when it starts).
    if let Ok(settings) = Settings::load(&data_dir) {
        tracker.set_pinned(settings.pinned_ids());
    }
    let database = Database::in_data_dir(&data_dir)?;
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

/// Sends `request` to the daemon, or answers it in this process when none runs: the same
/// request either way, and the same tracker rules answer it.
async fn carry_out(request: CoreRequest, from_env: Option<&(String, Secret)>) -> Result<Reply> {
    let reply = match backend(from_env).await? {
        Backend::Daemon(daemon) => return daemon.call(request.into()).await,
        Backend::Direct(tracker) => {
            let reply = tracker.handle_request(request, Answering::OneShot).await;
            // A renewed sign-in the keyring did not take dies with this process: say so.
            if let Some(problem) = tracker.sign_in_problem() {
                eprintln!("worktray: {problem}");
            }
            reply
        }
    };
    match reply {
        Reply::Error(view) => Err(worktray_core::Error::Ipc(worktray_core::IpcError::Relayed(
            view,
        ))),
        reply => Ok(reply),
    }
}

/// The runtime of one CLI command, or the exit of one that cannot start.
pub fn one_shot_runtime() -> std::result::Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            eprintln!("worktray: cannot start: {error}");
            ExitCode::FAILURE
        })
}

/// Carries out `request`; `env` holds the account and token given in the environment, if any.
pub fn run(request: CoreRequest, json: bool, env: &EnvSecrets) -> ExitCode {
    let runtime = match one_shot_runtime() {
        Ok(runtime) => runtime,
        Err(failed) => return failed,
    };
    match runtime.block_on(carry_out(request, env.access.as_ref())) {
        Ok(reply) => {
            if json {
                print_json(&reply);
            } else {
                print_human(&reply);
            }
            if refused(&reply) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
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
                    return Err(worktray_core::Error::Ipc(worktray_core::IpcError::Socket(
                        "Worktray is not running; start it with `worktray`".into(),
                    )));
                }
                daemon
                    .ask(TrayRequest::OpenWindow { view: Some(view) })
                    .await
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
    if let Some(away) = &status.away {
        lines.push(format!(
            "  away {} ({}–{}) waits for an answer: worktray away keep|discard|continue|assign",
            away.away_text, away.start_text, away.end_text
        ));
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

fn print_human(reply: &Reply) {
    let lines = match reply {
        Reply::Profile(p) => vec![format!(
            "{} <{}>{} on {}",
            p.name,
            p.email,
            p.role
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default(),
            p.account_url
        )],
        Reply::Status(status) => status_lines(status),
        Reply::Started(report) => {
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
                    "  queued ({reason}); it counts from now and reaches Worksection as soon as it can"
                ));
            }
            if let Some(before) = &report.booked_before_start {
                let minutes = format_human(before.minutes);
                lines.push(match &before.outcome {
                    WriteOutcome::Sent { .. } => format!("+ {minutes} before the start, logged"),
                    WriteOutcome::Queued { reason } => format!(
                        "+ {minutes} before the start, queued ({reason}); it will be sent when Worksection is reachable"
                    ),
                    WriteOutcome::Parked { message } => format!(
                        "✗ Worksection refused the {minutes} before the start: {message} (kept; see `worktray sync`)"
                    ),
                });
            }
            lines
        }
        Reply::Stopped(report) => {
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
        Reply::Previewed(report) => vec![format!("Would log {}", report.preview)],
        Reply::Logged(report) => vec![match &report.outcome {
            WriteOutcome::Sent { .. } => format!("✓ Logged {}", report.preview),
            WriteOutcome::Queued { reason } => format!(
                "✓ Queued {} ({reason}); it is safe and will be sent when Worksection is reachable",
                report.preview
            ),
            WriteOutcome::Parked { message } => format!(
                "✗ Worksection refused {}: {message} (kept; see `worktray sync`)",
                report.preview
            ),
        }],
        Reply::Entries(view) => entries_lines(view),
        Reply::Synced(report) => sync_lines(report),
        Reply::DaysOff(view) => days_off_lines(view),
        Reply::DaysOffSet(report) => days_off_set_lines(report),
        Reply::Discarded(_) => vec!["✕ Discarded the running timer (nothing saved)".to_owned()],
        Reply::Away { periods } if periods.is_empty() => {
            vec!["No away time waits for an answer.".to_owned()]
        }
        Reply::Away { periods } => periods.iter().map(away_line).collect(),
        Reply::AwayAnswered(report) => away_answered_lines(report),
        Reply::Tasks { tasks } if tasks.is_empty() => vec!["No open tasks match.".to_owned()],
        Reply::Tasks { tasks } => tasks
            .iter()
            .map(|t| format!("{:>8}  {}", t.id, task_line(t)))
            .collect(),
        // No command of the CLI asks for these.
        Reply::SignInDefaults(_)
        | Reply::Written(_)
        | Reply::Settings(_)
        | Reply::Done
        | Reply::Error(_) => Vec::new(),
    };
    for line in lines {
        println!("{line}");
    }
}

fn away_line(away: &AwayView) -> String {
    let reason = match away.reason {
        AwayReason::Idle => "no input",
        AwayReason::Locked => "screen locked",
        AwayReason::Asleep => "asleep",
        AwayReason::Off => "computer off or Worktray not running",
    };
    format!(
        "{:>10}  away {} ({}–{}, {reason}) on {}",
        away.id,
        away.away_text,
        away.start_text,
        away.end_text,
        task_line(&away.task)
    )
}

fn away_answered_lines(report: &AwayReport) -> Vec<String> {
    let away = &report.answered;
    let task = task_line(&away.task);
    let mut lines = vec![match &report.answer {
        AwayChoice::Keep => format!("✓ Kept the away {} on {task}", away.away_text),
        AwayChoice::Discard => format!("■ Stopped {task}; the away time is left out"),
        AwayChoice::Continue => {
            format!("▶ The away time is left out of {task}; the timer goes on")
        }
        AwayChoice::Assign { .. } => format!("■ Stopped {task}; the away time is left out"),
    }];
    if let Some(given) = &report.given {
        lines.push(match &given.outcome {
            WriteOutcome::Sent { .. } => format!("+ Logged {}", given.preview),
            WriteOutcome::Queued { reason } => format!("+ Queued {} ({reason})", given.preview),
            WriteOutcome::Parked { message } => format!(
                "✗ Worksection refused {}: {message} (kept; see `worktray sync`)",
                given.preview
            ),
        });
    }
    if let Some(reason) = &report.queued {
        lines.push(format!(
            "  queued ({reason}); Worksection will get it when reachable"
        ));
    }
    lines
}

/// What `days-off` lists by default: this month and the next.
pub fn days_off_window(from: Option<String>, to: Option<String>) -> (String, String) {
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

/// The reply's payload as JSON, without the reply's own `type`.
fn print_json(reply: &Reply) {
    fn dump<T: Serialize>(value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("worktray: cannot write JSON: {error}"),
        }
    }
    match reply {
        Reply::Profile(p) => dump(p),
        Reply::Status(s) | Reply::Discarded(s) => dump(s),
        Reply::Started(r) => dump(r),
        Reply::Stopped(r) => dump(r),
        Reply::Tasks { tasks } => dump(tasks),
        Reply::Logged(r) | Reply::Previewed(r) => dump(r),
        Reply::Entries(v) => dump(v),
        Reply::Synced(r) => dump(r),
        Reply::DaysOff(v) => dump(v),
        Reply::DaysOffSet(r) => dump(r),
        Reply::Away { periods } => dump(periods),
        Reply::AwayAnswered(r) => dump(r),
        Reply::SignInDefaults(d) => dump(d),
        Reply::Written(w) => dump(w),
        Reply::Settings(s) => dump(s),
        Reply::Done => dump(&()),
        Reply::Error(e) => dump(e),
    }
}

/// A write Worksection refused: it is kept for the user to correct, but the command did not
/// do what was asked, and a script must hear so.
fn refused(reply: &Reply) -> bool {
    let outcome = match reply {
        Reply::Logged(report) => &report.outcome,
        Reply::DaysOffSet(report) => &report.outcome,
        Reply::Written(outcome) => outcome,
        Reply::Started(report) => match &report.booked_before_start {
            Some(before) => &before.outcome,
            None => return false,
        },
        Reply::AwayAnswered(report) => match &report.given {
            Some(given) => &given.outcome,
            None => return false,
        },
        _ => return false,
    };
    matches!(outcome, WriteOutcome::Parked { .. })
}

/// One clear line on stderr; exit 2 when what the user typed cannot be used (a task that
/// matches several or none, input that does not parse), 1 otherwise.
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
