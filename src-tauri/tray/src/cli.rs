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
use worktray_core::presence::{AwayReport, AwayView};
use worktray_core::secret::Secret;
use worktray_core::service::{Answering, Tracker};
use worktray_core::settings::Settings;
use worktray_core::timer::TimerView;
use worktray_core::{config, i18n, t, ErrorCode, Result};

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
            eprintln!(
                "worktray: {}",
                t!("cli-cannot-start", error = error.to_string())
            );
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
        .map_err(|e| worktray_core::Error::io(worktray_core::IoAction::StartingRuntime, e))
        .and_then(|runtime| {
            runtime.block_on(async {
                let daemon = DaemonClient::new(config::socket_path()?);
                if !daemon.is_running().await {
                    return Err(worktray_core::Error::Ipc(worktray_core::IpcError::Socket(
                        worktray_core::ipc::SocketTrouble::TrayNotRunning,
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
        (true, _) => t!("cli-task-number", id = task.id.to_string()),
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
        None => format!("■ {}", t!("status-idle")),
    }];
    if let Some(problem) = &status.problem {
        lines.push(format!("  ({problem})"));
    }
    if let Some(away) = &status.away {
        lines.push(format!(
            "  {}",
            t!(
                "cli-status-away",
                away = away.away_text.as_str(),
                start = away.start_text.as_str(),
                end = away.end_text.as_str()
            )
        ));
    }
    let queue = status.queue;
    if queue.pending + queue.parked > 0 {
        lines.push(format!(
            "  {}",
            t!(
                "cli-status-queue",
                pending = queue.pending,
                parked = queue.parked
            )
        ));
    }
    lines
}

/// A queued write that is not an entry of a list: waiting, refused by Worksection, or one this
/// version cannot read.
fn queued_line(queued: &QueuedEntry) -> String {
    let what = queued.operation.describe();
    let problem = queued.last_error.clone().unwrap_or_default();
    match (&queued.operation, queued.state) {
        (QueuedOperation::Unreadable { .. }, _) => t!(
            "cli-queued-unreadable",
            id = queued.id,
            what = what,
            problem = problem
        ),
        (QueuedOperation::Known(_), QueueState::Parked) => t!(
            "cli-queued-refused",
            id = queued.id,
            what = what,
            problem = problem
        ),
        (QueuedOperation::Known(_), QueueState::Pending) => match &queued.last_error {
            Some(error) => t!(
                "cli-queued-pending-because",
                what = what,
                problem = error.as_str()
            ),
            None => t!("cli-queued-pending", what = what),
        },
    }
}

/// What became of a write, in one line: `sent`, `queued` and `refused` name the message ids
/// for each outcome, which get the write as `what`.
fn outcome_line(outcome: &WriteOutcome, what: &str, ids: [&str; 3]) -> String {
    let lang = i18n::current();
    let mut args = i18n::Args::new();
    args.set("what", what.to_owned());
    let id = match outcome {
        WriteOutcome::Sent { .. } => ids[0],
        WriteOutcome::Queued { reason } => {
            args.set("reason", reason.text_in(lang));
            ids[1]
        }
        WriteOutcome::Parked { message } => {
            args.set("message", message.clone());
            ids[2]
        }
    };
    i18n::message(lang, id, Some(&args))
}

fn print_human(reply: &Reply) {
    let lines = match reply {
        Reply::Profile(p) => vec![match &p.role {
            Some(role) => t!(
                "cli-whoami-role",
                name = p.name.as_str(),
                email = p.email.as_str(),
                role = role.as_str(),
                account = p.account_url.as_str()
            ),
            None => t!(
                "cli-whoami",
                name = p.name.as_str(),
                email = p.email.as_str(),
                account = p.account_url.as_str()
            ),
        }],
        Reply::Status(status) => status_lines(status),
        Reply::Started(report) => {
            let mut lines = Vec::new();
            if let Some(stopped) = &report.stopped_first {
                lines.push(format!(
                    "■ {}",
                    t!("cli-stopped-saved", what = timer_line(stopped))
                ));
            }
            if report.already_running {
                lines.push(t!("cli-already-running"));
            }
            lines.extend(status_lines(&report.status));
            if let Some(reason) = &report.queued {
                lines.push(format!(
                    "  {}",
                    t!("cli-start-queued", reason = reason.text_in(i18n::current()))
                ));
            }
            if let Some(before) = &report.booked_before_start {
                let minutes = i18n::format_minutes(i18n::current(), before.minutes);
                lines.push(outcome_line(
                    &before.outcome,
                    &minutes,
                    [
                        "cli-before-start-logged",  // i18n id
                        "cli-before-start-queued",  // i18n id
                        "cli-before-start-refused", // i18n id
                    ],
                ));
            }
            lines
        }
        Reply::Stopped(report) => {
            let what = report.stopped.as_ref().map(timer_line).unwrap_or_default();
            vec![match &report.queued {
                None => format!("■ {}", t!("cli-stopped-saved", what = what)),
                Some(reason) => format!(
                    "■ {}",
                    t!(
                        "cli-stopped-queued",
                        what = what,
                        reason = reason.text_in(i18n::current())
                    )
                ),
            }]
        }
        Reply::Previewed(report) => vec![t!("cli-would-log", what = report.preview.as_str())],
        Reply::Logged(report) => vec![outcome_line(
            &report.outcome,
            &report.preview,
            [
                "cli-logged",         // i18n id
                "cli-logged-queued",  // i18n id
                "cli-logged-refused", // i18n id
            ],
        )],
        Reply::Entries(view) => entries_lines(view),
        Reply::Synced(report) => sync_lines(report),
        Reply::DaysOff(view) => days_off_lines(view),
        Reply::DaysOffSet(report) => days_off_set_lines(report),
        Reply::Discarded(_) => vec![format!("✕ {}", t!("cli-discarded"))],
        Reply::Away { periods } if periods.is_empty() => vec![t!("cli-no-away")],
        Reply::Away { periods } => periods.iter().map(away_line).collect(),
        Reply::AwayAnswered(report) => away_answered_lines(report),
        Reply::Tasks { tasks } if tasks.is_empty() => vec![t!("cli-no-tasks")],
        Reply::Tasks { tasks } => tasks
            .iter()
            .map(|t| format!("{:>8}  {}", t.id, task_line(t)))
            .collect(),
        // No command of the CLI asks for these.
        Reply::SignInDefaults(_)
        | Reply::TeamImported(_)
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
        AwayReason::Idle => t!("away-reason-idle"),
        AwayReason::Locked => t!("away-reason-locked"),
        AwayReason::Asleep => t!("away-reason-asleep"),
        AwayReason::Off => t!("away-reason-off"),
    };
    format!(
        "{:>10}  {}",
        away.id,
        t!(
            "cli-away-line",
            away = away.away_text.as_str(),
            start = away.start_text.as_str(),
            end = away.end_text.as_str(),
            reason = reason,
            task = task_line(&away.task)
        )
    )
}

fn away_answered_lines(report: &AwayReport) -> Vec<String> {
    let away = &report.answered;
    let task = task_line(&away.task);
    let mut lines = vec![match &report.answer {
        AwayChoice::Keep => format!(
            "✓ {}",
            t!("cli-away-kept", away = away.away_text.as_str(), task = task)
        ),
        AwayChoice::Discard | AwayChoice::Assign { .. } => {
            format!("■ {}", t!("cli-away-left-out", task = task))
        }
        AwayChoice::Continue => format!("▶ {}", t!("cli-away-continued", task = task)),
    }];
    if let Some(given) = &report.given {
        lines.push(outcome_line(
            &given.outcome,
            &given.preview,
            [
                "cli-given-logged",   // i18n id
                "cli-given-queued",   // i18n id
                "cli-logged-refused", // i18n id
            ],
        ));
    }
    if let Some(reason) = &report.queued {
        lines.push(format!(
            "  {}",
            t!("cli-write-queued", reason = reason.text_in(i18n::current()))
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

fn mark_name(mark: ScheduleMark) -> String {
    match mark {
        ScheduleMark::Vacation => t!("mark-vacation"),
        ScheduleMark::SickLeave => t!("mark-sick-leave"),
        ScheduleMark::Workday => t!("mark-workday"),
        ScheduleMark::Unset => t!("mark-unset"),
    }
}

fn kind_name(kind: DayKind) -> String {
    mark_name(kind.into())
}

fn day(date: chrono::NaiveDate, with_year: bool) -> String {
    i18n::format_day(i18n::current(), date, with_year)
}

fn days_off_lines(view: &DaysOffView) -> Vec<String> {
    let mut lines: Vec<String> = view
        .days
        .iter()
        .filter(|d| d.kind.is_some() || d.pending.is_some())
        .map(|d| {
            let saved = d.kind.map(kind_name).unwrap_or_default();
            let pending = d
                .pending
                .map(|m| format!(" ({})", t!("cli-day-queued", mark = mark_name(m))))
                .unwrap_or_default();
            format!("{}  {saved}{pending}", day(d.date, true))
        })
        .collect();
    if lines.is_empty() {
        lines.push(t!(
            "cli-no-days-off",
            from = day(view.from, true),
            to = day(view.to, true)
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
        .map(|d| day(*d, false))
        .unwrap_or_default();
    let last = report
        .dates
        .last()
        .map(|d| day(*d, true))
        .unwrap_or_default();
    let span = if report.dates.len() == 1 {
        last
    } else {
        format!("{first} – {last}")
    };
    let what = t!(
        "cli-days-marked",
        count = report.dates.len(),
        span = span,
        mark = mark_name(report.mark)
    );
    let mut line = outcome_line(
        &report.outcome,
        &what,
        [
            "cli-days-off-marked",  // i18n id
            "cli-days-off-queued",  // i18n id
            "cli-days-off-refused", // i18n id
        ],
    );
    if let WriteOutcome::Sent {
        message: Some(message),
    } = &report.outcome
    {
        line.push_str(&format!(" — {message}"));
    }
    vec![line]
}

fn entries_lines(view: &EntriesView) -> Vec<String> {
    let mut lines = Vec::new();
    if view.days.is_empty() {
        lines.push(t!(
            "cli-no-entries",
            from = day(view.from, false),
            to = day(view.to, false)
        ));
    }
    for day_entries in &view.days {
        lines.push(format!(
            "{:<40}{:>7}",
            day(day_entries.date, false),
            day_entries.total_text
        ));
        for entry in &day_entries.entries {
            let mark = match entry.state {
                EntryState::Saved if entry.is_timer => format!(" [{}]", t!("cli-entry-timer")),
                EntryState::Saved => String::new(),
                EntryState::Pending => format!(" [{}]", t!("cli-entry-pending")),
                EntryState::Parked => format!(
                    " [{}]",
                    t!(
                        "cli-entry-refused",
                        problem = entry.problem.clone().unwrap_or_default()
                    )
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
    lines.push(format!("{:<40}{:>7}", t!("cli-total"), view.total_text));
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
    let mut lines = vec![t!(
        "cli-sync-summary",
        sent = report.sent,
        pending = report.pending,
        refused = report.parked.len() - unreadable,
        unreadable = unreadable
    )];
    if let Some(reason) = &report.held_back_by {
        lines.push(format!(
            "  {}",
            t!("cli-sync-waiting", reason = reason.text_in(i18n::current()))
        ));
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
            Err(error) => eprintln!(
                "worktray: {}",
                t!("cli-cannot-write-json", error = error.to_string())
            ),
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
        Reply::TeamImported(t) => dump(t),
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
        eprintln!("({})", t!("cli-use-anyway"));
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
