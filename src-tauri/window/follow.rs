//! Following the daemon for the life of the window: every state it pushes goes to the webview
//! as a `status` event; when it goes away (or was never there) the UI is told why, and the
//! process quits a moment later, since without the daemon the window can do nothing.
//!
//! The daemon pushes the state on every change and once a minute while a timer runs, so the
//! UI never needs a clock of its own.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::watch;
use worktray_core::ipc::{DaemonClient, ErrorView, Event, View};
use worktray_core::ErrorCode;

use crate::app::MAIN_WINDOW;
use crate::keep::Reopenings;

/// Tauri event with the daemon's [`worktray_core::ipc::Status`] as payload.
pub const STATUS_EVENT: &str = "status";
/// Tauri event with a [`View`] (`"log_time"`, …) as payload: the tray asked the open window
/// to show that view.
pub const SHOW_VIEW_EVENT: &str = "show-view";
/// Tauri event with an [`ErrorView`] (code `daemon_unreachable`) as payload: the daemon is
/// gone and the window is about to close.
pub const DAEMON_LOST_EVENT: &str = "daemon-lost";

/// How long the "daemon not running" message stays on screen before the process quits.
const LINGER: Duration = Duration::from_secs(4);
/// The longest we wait for the UI to load before that message's time starts anyway.
const PAGE_LOAD_LIMIT: Duration = Duration::from_secs(10);
/// The exit code when the window closes because the daemon is gone.
const EXIT_DAEMON_LOST: i32 = 1;

/// Re-emits each state the daemon pushes until the daemon goes away; returns why it is gone.
pub async fn follow<R: Runtime>(app: &AppHandle<R>, daemon: &DaemonClient) -> ErrorView {
    let ended = daemon
        .subscribe(|event| match event {
            Event::Status(status) => {
                if let Err(error) = app.emit(STATUS_EVENT, &status) {
                    tracing::warn!("cannot pass the daemon's status to the window: {error}");
                }
            }
            Event::ShowView { view } => show_view(app, view),
        })
        .await;
    match ended {
        Ok(()) => ErrorView {
            code: ErrorCode::DaemonUnreachable,
            message: "the worktray daemon stopped".into(),
            candidates: Vec::new(),
        },
        Err(error) => ErrorView::from(error),
    }
}

/// Brings the window to the front (back from hidden, if it was closed and kept ready) and asks
/// the UI to show `view`.
fn show_view<R: Runtime>(app: &AppHandle<R>, view: View) {
    app.state::<Reopenings>().add();
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let raised = window
            .unminimize()
            .and_then(|()| window.show())
            .and_then(|()| window.set_focus());
        if let Err(error) = raised {
            tracing::debug!("cannot raise the window: {error}");
        }
    }
    if let Err(error) = app.emit(SHOW_VIEW_EVENT, view) {
        tracing::warn!("cannot ask the window to show {}: {error}", view.name());
    }
}

/// Follows the daemon in the background; when it is gone, tells the UI and quits.
pub fn spawn<R: Runtime>(
    app: AppHandle<R>,
    daemon: DaemonClient,
    mut page_loaded: watch::Receiver<bool>,
) {
    tauri::async_runtime::spawn(async move {
        let reason = follow(&app, &daemon).await;
        tracing::warn!("closing the window: {}", reason.message);
        if let Err(error) = app.emit(DAEMON_LOST_EVENT, &reason) {
            tracing::warn!("cannot tell the window that the daemon is gone: {error}");
        }
        // A loaded page has asked for the status by now and shows the failure; give people
        // time to read it. Not loaded in time: quit all the same, never linger.
        let loaded = page_loaded.wait_for(|loaded| *loaded);
        let _ = tokio::time::timeout(PAGE_LOAD_LIMIT, loaded).await;
        tokio::time::sleep(LINGER).await;
        app.exit(EXIT_DAEMON_LOST);
    });
}
