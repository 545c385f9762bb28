//! The tray icon on the GTK main thread. It only draws what the tracker publishes and turns
//! menu clicks into [`MenuAction`]s for the daemon; it decides nothing itself.

use gtk::glib;
use tokio::sync::{broadcast, mpsc};
use tray_icon::menu::{Menu, MenuEvent};
use tray_icon::{TrayIcon, TrayIconBuilder};
use worktray_core::ipc::{Event, Status};
use worktray_core::t;

use crate::daemon::Desktop;
use crate::icons::{icon, IconError, TrayState};
use crate::menu::{self, headline, MenuAction};

/// Why the daemon runs without a tray icon.
#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    NoDesktop(#[source] glib::BoolError),
    Icon(#[from] IconError),
    Menu(#[from] tray_icon::menu::Error),
    Create(#[source] tray_icon::Error),
}

impl std::fmt::Display for TrayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrayError::NoDesktop(error) => {
                f.write_str(&t!("tray-no-desktop", error = error.to_string()))
            }
            TrayError::Icon(error) => std::fmt::Display::fmt(error, f),
            TrayError::Menu(error) => std::fmt::Display::fmt(error, f),
            TrayError::Create(error) => {
                f.write_str(&t!("tray-icon-not-created", error = error.to_string()))
            }
        }
    }
}

/// Starts GTK and shows the tray icon. Fails when there is no display to show it on.
pub fn start(
    desktop: &Desktop,
    actions: mpsc::UnboundedSender<MenuAction>,
) -> Result<TrayIcon, TrayError> {
    gtk::init().map_err(TrayError::NoDesktop)?;
    let status = desktop.tracker.status();
    let tray = TrayIconBuilder::new()
        .with_icon(icon(TrayState::of(&status))?)
        .with_tooltip(headline(&status))
        .with_menu(Box::new(build_menu(&status, desktop)?))
        .build()
        .map_err(TrayError::Create)?;
    MenuEvent::set_event_handler(Some(move |event: MenuEvent| {
        if let Some(action) = MenuAction::parse(event.id.as_ref()) {
            // The receiver lives as long as the daemon; a send after it is gone is moot.
            let _ = actions.send(action);
        }
    }));
    Ok(tray)
}

/// Redraws the tray on every published state, until the tracker goes away. Runs on the GTK
/// main loop (tokio's channels do not need a tokio runtime to be awaited).
pub fn follow(tray: TrayIcon, desktop: Desktop) {
    let mut events = desktop.tracker.subscribe();
    glib::MainContext::default().spawn_local(async move {
        let mut shown_state = None;
        loop {
            match events.recv().await {
                Ok(Event::Status(status)) => redraw(&tray, &status, &desktop, &mut shown_state),
                Ok(Event::ShowView { .. }) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

fn build_menu(status: &Status, desktop: &Desktop) -> Result<Menu, tray_icon::menu::Error> {
    let pinned = desktop.settings().map(|s| s.pinned).unwrap_or_default();
    menu::build(status, &pinned, &desktop.tracker.quick_tasks())
}

fn redraw(
    tray: &TrayIcon,
    status: &Status,
    desktop: &Desktop,
    shown_state: &mut Option<TrayState>,
) {
    let state = TrayState::of(status);
    if *shown_state != Some(state) {
        match icon(state) {
            Ok(image) => {
                if let Err(error) = tray.set_icon(Some(image)) {
                    tracing::warn!("cannot change the tray icon: {error}");
                }
            }
            Err(error) => tracing::warn!("{error}"),
        }
        *shown_state = Some(state);
    }
    if let Err(error) = tray.set_tooltip(Some(headline(status))) {
        tracing::debug!("tooltip not shown: {error}");
    }
    // The label beside the icon (AppIndicator on Linux, the title on macOS): H:MM while running.
    tray.set_title(status.timer.as_ref().map(|t| t.elapsed_text.clone()));
    match build_menu(status, desktop) {
        Ok(menu) => tray.set_menu(Some(Box::new(menu))),
        Err(error) => tracing::warn!("cannot rebuild the tray menu: {error}"),
    }
}

/// Ends the GTK main loop from any thread.
pub fn quit() {
    glib::MainContext::default().invoke(gtk::main_quit);
}
