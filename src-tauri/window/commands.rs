//! The commands the webview may call. Each is one call to the daemon; a failure reaches the UI
//! as a structured `{code, message, candidates?}` ([`ErrorView`]), never as a bare string.
//!
//! A new command must also be listed in `permissions/daemon.toml`, or the webview is refused.

use tauri::State;
use worktray_core::ipc::{DaemonClient, ErrorView, StartReport, Status, StopReport};
use worktray_core::models::TaskSummary;

/// The way to the daemon, kept in Tauri's managed state. Cheap to share: each call opens its
/// own short connection.
pub struct Daemon(pub DaemonClient);

type Answer<T> = Result<T, ErrorView>;

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

/// Starts the timer on `task`: an id, a task link or search text.
#[tauri::command]
pub async fn start_timer(daemon: State<'_, Daemon>, task: String) -> Answer<StartReport> {
    daemon.0.start(task).await.map_err(ErrorView::from)
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
