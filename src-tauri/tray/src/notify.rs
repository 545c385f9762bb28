//! Desktop notifications for the tracker's notices, through the desktop's notification
//! service (notify-rust). The core decides what is worth saying and how often; this module
//! only shows it, with Stop / Keep buttons where the desktop supports actions. A desktop
//! without a notification service costs a log line, nothing more.

use std::time::Instant;

use tokio::runtime::Handle;
use tokio::sync::broadcast;
use worktray_core::notices::{Notice, NoticeGate};
use worktray_core::service::Tracker;
use worktray_core::supervisor::Shutdown;

/// Shows every notice the gate lets through, until shutdown or until the tracker goes away.
pub async fn follow(tracker: Tracker, shutdown: Shutdown) {
    let mut notices = tracker.notices();
    let handle = Handle::current();
    let stopped = shutdown.signalled();
    tokio::pin!(stopped);
    let mut gate = NoticeGate::default();
    loop {
        let notice = tokio::select! {
            notice = notices.recv() => notice,
            () = &mut stopped => return,
        };
        match notice {
            Ok(notice) if gate.allow(&notice, Instant::now()) => {
                let tracker = tracker.clone();
                let handle = handle.clone();
                // Waiting for a click blocks until the notification closes: a detached
                // thread, so that a notification left open never holds up quitting.
                std::thread::spawn(move || show(&notice, &tracker, &handle));
            }
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

fn show(notice: &Notice, tracker: &Tracker, runtime: &Handle) {
    let (summary, body) = notice.text();
    let mut notification = notify_rust::Notification::new();
    notification
        .appname("Worktray")
        .summary(&summary)
        .body(&body)
        .icon("appointment-soon");
    if notice.offers_stop() {
        notification
            .action("stop", "Stop timer")
            .action("keep", "Keep running");
    }
    let shown = match notification.show() {
        Ok(shown) => shown,
        Err(error) => {
            tracing::warn!("could not show a notification ({summary}): {error}");
            return;
        }
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    if notice.offers_stop() {
        shown.wait_for_action(|action| {
            if action == "stop" {
                if let Err(error) = runtime.block_on(tracker.stop(None)) {
                    tracing::warn!("stopping from the notification failed: {error}");
                }
            }
        });
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = (shown, tracker, runtime);
}
