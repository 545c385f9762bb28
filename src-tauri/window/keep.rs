//! Closing the window. By default the process exits with it, and WebKit with it. A user who
//! chose to keep a closed window ready (`keep_closed_window_seconds` in the settings) gets it
//! hidden instead: the tray reopens it at once, without starting WebKit again, and the process
//! exits when that time has passed without a reopening.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::{Manager, Runtime, Window, WindowEvent};
use worktray_core::ipc::{DaemonClient, TrayRequest};
use worktray_core::settings::Settings;

use crate::commands::Daemon;

/// How often the hidden window was shown again. A wait that began at a close ends the process
/// only if the count is unchanged when the wait is over.
#[derive(Default)]
pub struct Reopenings(AtomicU64);

impl Reopenings {
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    pub fn add(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Tauri's window-event hook: a close request hides the window, and the process ends now or
/// after the kept time.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    api.prevent_close();
    if let Err(error) = window.hide() {
        tracing::debug!("cannot hide the window: {error}");
    }
    let app = window.app_handle().clone();
    let daemon = app.state::<Daemon>().0.clone();
    tauri::async_runtime::spawn(async move {
        let reopenings = app.state::<Reopenings>();
        if ends_after_close(&daemon, &reopenings).await {
            app.exit(0);
        }
    });
}

/// Waits out the time the user keeps a closed window ready; true when it was not reopened
/// meanwhile, so the process should end. The time is read when the window closes, so a
/// changed setting applies to the next close; without an answer from the daemon it is zero.
pub async fn ends_after_close(daemon: &DaemonClient, reopenings: &Reopenings) -> bool {
    let at_close = reopenings.count();
    let keep = match daemon.ask::<Settings>(TrayRequest::Settings).await {
        Ok(settings) => Duration::from_secs(u64::from(settings.keep_closed_window_seconds)),
        Err(error) => {
            tracing::debug!(
                "closing at once, the daemon did not say for how long to keep the window: {error}"
            );
            Duration::ZERO
        }
    };
    tokio::time::sleep(keep).await;
    reopenings.count() == at_close
}
