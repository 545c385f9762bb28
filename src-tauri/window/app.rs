//! Assembling the app. [`builder`] is generic over the runtime so the tests run it on
//! `tauri::test::MockRuntime`; [`start`] is the start-up of the real process: open the one
//! window and follow the daemon.

use tauri::webview::PageLoadEvent;
use tauri::{
    App, Builder, Context, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder,
};

use tokio::sync::watch;
use worktray_core::ipc::{DaemonClient, View};

use crate::commands::{self, Daemon};
use crate::first_look;
use crate::follow;
use crate::keep::{self, Reopenings};
use worktray_core::ipc::FirstLook;

/// The label of the only window; the capability in `src-tauri/capabilities/` names it.
pub const MAIN_WINDOW: &str = "main";

/// The compiled-in configuration, capabilities and UI (`ui/dist`).
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}

/// Set by the daemon when it starts the window on a view (`log_time`, `entries`, …); the
/// daemon's side is `ENV_VIEW` in `src-tauri/tray/src/window.rs`.
pub const ENV_VIEW: &str = "WORKTRAY_VIEW";

/// The view named by [`ENV_VIEW`], if it names one.
pub fn opening_view() -> Option<View> {
    let name = std::env::var(ENV_VIEW).ok()?;
    serde_json::from_value(serde_json::Value::String(name)).ok()
}

/// The daemon connection and the commands the webview may call.
pub fn builder<R: Runtime>(builder: Builder<R>, daemon: DaemonClient) -> Builder<R> {
    builder
        .manage(Daemon(daemon))
        .manage(Reopenings::default())
        .on_window_event(keep::on_window_event)
        .invoke_handler(tauri::generate_handler![commands::request])
}

/// Start-up: the window is created here rather than declared in `tauri.conf.json`, so the
/// process never runs WebKit for a window nobody sees. `look` is what its first picture shows.
pub fn start<R: Runtime>(
    app: &mut App<R>,
    look: &FirstLook,
) -> Result<(), Box<dyn std::error::Error>> {
    let (page_loaded, page_loaded_rx) = watch::channel(false);
    open_window(app, page_loaded, look)?;
    let daemon = app.state::<Daemon>().0.clone();
    follow::spawn(app.handle().clone(), daemon, page_loaded_rx);
    Ok(())
}

/// Opens the window, centred for now (placing it by the tray icon comes with the tray), with
/// `look` handed to its page. Sets `page_loaded` once the UI has loaded, so a fatal message is
/// on screen before we quit.
pub fn open_window<R: Runtime, M: Manager<R>>(
    manager: &M,
    page_loaded: watch::Sender<bool>,
    look: &FirstLook,
) -> tauri::Result<WebviewWindow<R>> {
    let window =
        WebviewWindowBuilder::new(manager, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
            .initialization_script(first_look::script(look))
            .title("Worktray")
            .inner_size(400.0, 560.0)
            .min_inner_size(320.0, 400.0)
            .center()
            .visible(true)
            .focused(true)
            .on_page_load(move |_webview, payload| {
                if payload.event() == PageLoadEvent::Finished {
                    page_loaded.send_replace(true);
                }
            })
            .build()?;
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| crate::webkit::trim(&webview.inner()))?;
    Ok(window)
}
