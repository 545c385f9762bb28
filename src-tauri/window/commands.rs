//! The commands the webview may call. Each is one call to the daemon; a failure reaches the UI
//! as a structured `{code, message, candidates?}` ([`ErrorView`]), never as a bare string.
//!
//! A new command must also be listed in `permissions/daemon.toml`, or the webview is refused.
//! Arguments arrive under Tauri's camelCase names (`clientId`, `queueId`, `includeWeekends`);
//! the values themselves are the core's serde types, whose TypeScript bindings are generated
//! into `ui/src/lib/bindings/`.

use tauri::State;
use worktray_core::api::ScheduleMark;
use worktray_core::auth::SignInDefaults;
use worktray_core::days_off::{DaysOffReport, DaysOffView};
use worktray_core::entries::{
    EntriesRange, EntriesView, EntryChange, LogReport, QuickEntry, SyncReport, WriteOutcome,
};
use worktray_core::ipc::{DaemonClient, ErrorView, Profile, StartReport, Status, StopReport, View};
use worktray_core::models::TaskSummary;
use worktray_core::settings::Settings;

/// The way to the daemon, kept in Tauri's managed state. Cheap to share: each call opens its
/// own short connection.
pub struct Daemon(pub DaemonClient);

/// The view the daemon asked this window to open on, if any (see [`crate::app::ENV_VIEW`]).
pub struct Opening(pub Option<View>);

type Answer<T> = Result<T, ErrorView>;

/// The view to show first: where the user meant to go when the tray opened the window.
#[tauri::command]
pub fn initial_view(opening: State<'_, Opening>) -> Option<View> {
    opening.0
}

/// The daemon's current state, from its memory (no Worksection request).
#[tauri::command]
pub async fn get_status(daemon: State<'_, Daemon>) -> Answer<Status> {
    daemon.0.status(false).await.map_err(ErrorView::from)
}

/// The state fresh from Worksection (one request through the daemon's gate).
#[tauri::command]
pub async fn refresh_status(daemon: State<'_, Daemon>) -> Answer<Status> {
    daemon.0.status(true).await.map_err(ErrorView::from)
}

/// Starts the timer on `task`: an id, a task link or search text. Today being a day off is
/// refused with the code `day_off` unless `on_day_off` says the user confirmed.
#[tauri::command]
pub async fn start_timer(
    daemon: State<'_, Daemon>,
    task: String,
    on_day_off: Option<bool>,
) -> Answer<StartReport> {
    daemon
        .0
        .start_confirmed(task, on_day_off.unwrap_or(false))
        .await
        .map_err(ErrorView::from)
}

/// Stops the timer and saves the entry, with the comment if there is one.
#[tauri::command]
pub async fn stop_timer(daemon: State<'_, Daemon>, comment: Option<String>) -> Answer<StopReport> {
    daemon.0.stop(comment).await.map_err(ErrorView::from)
}

/// Throws the running timer away without saving it.
#[tauri::command]
pub async fn discard_timer(daemon: State<'_, Daemon>) -> Answer<Status> {
    daemon.0.discard().await.map_err(ErrorView::from)
}

/// My open tasks matching `query` (all of them without one), best first.
#[tauri::command]
pub async fn list_tasks(
    daemon: State<'_, Daemon>,
    query: Option<String>,
) -> Answer<Vec<TaskSummary>> {
    daemon.0.tasks(query).await.map_err(ErrorView::from)
}

/// What the sign-in screen shows before the user types (never the secret itself).
#[tauri::command]
pub async fn sign_in_defaults(daemon: State<'_, Daemon>) -> Answer<SignInDefaults> {
    daemon.0.sign_in_defaults().await.map_err(ErrorView::from)
}

/// Signs in: the daemon opens the browser and waits (up to 10 minutes) for Worksection's
/// answer. The typed secret passes straight through to the daemon, which keeps it in the
/// keyring; `None` keeps the one already there.
#[tauri::command]
pub async fn sign_in(
    daemon: State<'_, Daemon>,
    client_id: String,
    client_secret: Option<String>,
    redirect_uri: String,
    scopes: String,
) -> Answer<Profile> {
    daemon
        .0
        .sign_in(client_id, client_secret, redirect_uri, scopes)
        .await
        .map_err(ErrorView::from)
}

/// While a sign-in waits for the browser: the address the browser ended on (or the code in
/// it), pasted by the user when the browser cannot reach this computer. The text passes
/// straight through to the daemon.
#[tauri::command]
pub async fn paste_sign_in(daemon: State<'_, Daemon>, text: String) -> Answer<()> {
    daemon.0.paste_sign_in(text).await.map_err(ErrorView::from)
}

/// Reads the saved sign-in from the keyring again: after the user unlocked a locked keyring,
/// or started the one that was missing.
#[tauri::command]
pub async fn reload_sign_in(daemon: State<'_, Daemon>) -> Answer<()> {
    daemon.0.reload_sign_in().await.map_err(ErrorView::from)
}

/// Removes the sign-in; queued entries stay.
#[tauri::command]
pub async fn sign_out(daemon: State<'_, Daemon>) -> Answer<Status> {
    daemon.0.sign_out().await.map_err(ErrorView::from)
}

/// Logs time after the fact: committed to the daemon's outbox, then sent.
#[tauri::command]
pub async fn log_time(daemon: State<'_, Daemon>, entry: QuickEntry) -> Answer<LogReport> {
    daemon.0.log(entry, false).await.map_err(ErrorView::from)
}

/// How a quick entry is understood, without saving it.
#[tauri::command]
pub async fn preview_entry(daemon: State<'_, Daemon>, entry: QuickEntry) -> Answer<LogReport> {
    daemon.0.log(entry, true).await.map_err(ErrorView::from)
}

/// My entries over `range`, by day, with the queued ones.
#[tauri::command]
pub async fn list_entries(daemon: State<'_, Daemon>, range: EntriesRange) -> Answer<EntriesView> {
    daemon.0.entries(range).await.map_err(ErrorView::from)
}

/// Sends what is queued now.
#[tauri::command]
pub async fn sync_queue(daemon: State<'_, Daemon>) -> Answer<SyncReport> {
    daemon.0.sync().await.map_err(ErrorView::from)
}

/// Changes a saved entry (through the outbox).
#[tauri::command]
pub async fn edit_entry(
    daemon: State<'_, Daemon>,
    id: String,
    change: EntryChange,
) -> Answer<WriteOutcome> {
    daemon
        .0
        .edit_entry(id, change)
        .await
        .map_err(ErrorView::from)
}

/// Deletes a saved entry (through the outbox).
#[tauri::command]
pub async fn delete_entry(daemon: State<'_, Daemon>, id: String) -> Answer<WriteOutcome> {
    daemon.0.delete_entry(id).await.map_err(ErrorView::from)
}

/// Sends a queued or refused entry again, corrected when `corrected` is given.
#[tauri::command]
pub async fn retry_queued(
    daemon: State<'_, Daemon>,
    queue_id: i64,
    corrected: Option<QuickEntry>,
) -> Answer<SyncReport> {
    daemon
        .0
        .retry_queued(queue_id, corrected)
        .await
        .map_err(ErrorView::from)
}

/// Drops a queued or refused write for good.
#[tauri::command]
pub async fn discard_queued(daemon: State<'_, Daemon>, queue_id: i64) -> Answer<()> {
    daemon
        .0
        .discard_queued(queue_id)
        .await
        .map_err(ErrorView::from)
}

/// My schedule from `from` to `to` (`YYYY-MM-DD` or any date the quick entry accepts).
#[tauri::command]
pub async fn days_off(daemon: State<'_, Daemon>, from: String, to: String) -> Answer<DaysOffView> {
    daemon.0.days_off(from, to).await.map_err(ErrorView::from)
}

/// Marks (or clears, with `unset`) the days of `range`, `D` or `D..D`.
#[tauri::command]
pub async fn set_days_off(
    daemon: State<'_, Daemon>,
    range: String,
    mark: ScheduleMark,
    include_weekends: bool,
) -> Answer<DaysOffReport> {
    daemon
        .0
        .set_days_off(range, mark, include_weekends)
        .await
        .map_err(ErrorView::from)
}

/// My preferences: the long-timer reminder, start at login, pinned tasks, global shortcut.
#[tauri::command]
pub async fn get_settings(daemon: State<'_, Daemon>) -> Answer<Settings> {
    daemon.0.settings().await.map_err(ErrorView::from)
}

/// Saves my preferences; the daemon checks them (and may refuse a shortcut it cannot bind).
#[tauri::command]
pub async fn save_settings(daemon: State<'_, Daemon>, settings: Settings) -> Answer<Settings> {
    daemon
        .0
        .save_settings(settings)
        .await
        .map_err(ErrorView::from)
}

/// Pins `task` to the tray menu and the top of the picker, or unpins it.
#[tauri::command]
pub async fn pin_task(daemon: State<'_, Daemon>, task: String, pinned: bool) -> Answer<Settings> {
    daemon
        .0
        .pin_task(task, pinned)
        .await
        .map_err(ErrorView::from)
}
