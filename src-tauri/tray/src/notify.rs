//! Desktop notifications for the tracker's notices, through the desktop's notification
//! service (notify-rust). The core decides what is worth saying, how often, and which buttons
//! a notice offers; this module only shows them and carries out the one clicked. A desktop
//! whose notifications have no buttons gets a body that says where to answer instead, and a
//! desktop without a notification service costs a log line, nothing more.

use std::time::{Instant, SystemTime};

use tokio::runtime::Handle;
use tokio::sync::{broadcast, mpsc};
use worktray_core::auth::session::{from_unix_seconds, unix_seconds};
use worktray_core::notices::{Notice, NoticeAction, NoticeGate};
use worktray_core::service::Tracker;
use worktray_core::supervisor::Shutdown;

use crate::menu::MenuAction;

/// Shows every notice the gate lets through, until shutdown or until the tracker goes away.
/// `menu` takes what only the tray can do (open the window on a view): the same channel as
/// the tray menu's clicks.
pub async fn follow(tracker: Tracker, menu: mpsc::UnboundedSender<MenuAction>, shutdown: Shutdown) {
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
                let menu = menu.clone();
                // Waiting for a click blocks until the notification closes: a detached
                // thread, so that a notification left open never holds up quitting.
                std::thread::spawn(move || show(&notice, &tracker, &menu, &handle));
            }
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Whether this desktop's notifications show buttons whose clicks come back.
#[cfg(all(unix, not(target_os = "macos")))]
fn desktop_shows_buttons() -> bool {
    notify_rust::get_capabilities()
        .is_ok_and(|capabilities| capabilities.iter().any(|c| c == "actions"))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn desktop_shows_buttons() -> bool {
    false
}

fn show(
    notice: &Notice,
    tracker: &Tracker,
    menu: &mpsc::UnboundedSender<MenuAction>,
    runtime: &Handle,
) {
    let actions = if desktop_shows_buttons() {
        notice.actions(tracker.last_activity(), unix_seconds(SystemTime::now()))
    } else {
        Vec::new()
    };
    let (summary, body) = if actions.is_empty() {
        notice.text_without_actions()
    } else {
        notice.text()
    };
    let mut notification = notify_rust::Notification::new();
    notification
        .appname("Worktray")
        .summary(&summary)
        .body(&body)
        .icon("appointment-soon");
    for action in &actions {
        notification.action(action.key(), &action.label());
    }
    let shown = match notification.show() {
        Ok(shown) => shown,
        Err(error) => {
            tracing::warn!("could not show a notification ({summary}): {error}");
            return;
        }
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    if !actions.is_empty() {
        shown.wait_for_action(|key| {
            if let Some(action) = actions.iter().find(|action| action.key() == key) {
                carry_out(action, tracker, menu, runtime);
            }
        });
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = (shown, tracker, menu, runtime);
}

/// Does what a clicked button asks.
#[cfg(all(unix, not(target_os = "macos")))]
fn carry_out(
    action: &NoticeAction,
    tracker: &Tracker,
    menu: &mpsc::UnboundedSender<MenuAction>,
    runtime: &Handle,
) {
    let failed = match action {
        NoticeAction::Stop => runtime.block_on(tracker.stop(None)).err(),
        NoticeAction::StopAt(at) => runtime
            .block_on(tracker.stop_asked(None, from_unix_seconds(*at)))
            .err(),
        NoticeAction::KeepRunning => None,
        NoticeAction::Discard { task } => runtime.block_on(tracker.discard_on(Some(task))).err(),
        NoticeAction::Answer { id, answer } => runtime
            .block_on(tracker.answer_away(Some(*id), &answer.choice(), 0))
            .err(),
        NoticeAction::Decide => {
            // The receiver lives as long as the daemon; a send after it is gone is moot.
            let _ = menu.send(MenuAction::Away);
            None
        }
    };
    if let Some(error) = failed {
        tracing::warn!("“{}” from the notification failed: {error}", action.label());
    }
}
