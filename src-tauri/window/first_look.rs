//! The window's first picture, complete: while GTK and WebKit start (a few hundred ms), the
//! daemon is asked for the state, my tasks and the pinned ones, and the answers go into the page
//! as a script that runs before any of the page's own. The page then draws the whole view in its
//! first frame, and its first calls to the daemon only confirm what it shows.
//!
//! Measured by `make bench` on 2 cores: without it the page drew "Connecting…" first and its
//! content after a round trip through the webview's IPC for each part.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use tauri::async_runtime::{self, JoinHandle};
use worktray_core::ipc::{CoreRequest, DaemonClient, FirstLook, TrayRequest, View};
use worktray_core::settings::Settings;

/// The name the page reads the first look under (`ui/src/lib/first-look.ts`).
const GLOBAL: &str = "__WORKTRAY_FIRST_LOOK__";

/// How long the window waits for each part before it opens without it. The daemon answers the
/// status and the settings from memory in milliseconds; my tasks can wait for Worksection right
/// after a launch (nothing known yet), and then the page asks for them itself, while the status
/// that did answer is drawn at once.
const WAIT: Duration = Duration::from_millis(400);

/// Asks the daemon in the background, at once: call it before the window is built. Its time
/// ([`WAIT`]) runs from here, beside GTK's and WebKit's start.
pub fn ask(daemon: DaemonClient) -> JoinHandle<FirstLook> {
    let until = Instant::now() + WAIT;
    async_runtime::spawn(async move { fetch(&daemon, until).await })
}

/// The three questions, side by side. A part that fails or is not answered by `until` is left
/// out; the page asks for it.
pub async fn fetch(daemon: &DaemonClient, until: Instant) -> FirstLook {
    let (status, tasks, settings) = tokio::join!(
        part(
            "the status",
            until,
            daemon.ask(CoreRequest::Status { refresh: false })
        ),
        part(
            "my tasks",
            until,
            daemon.ask(CoreRequest::Tasks { query: None })
        ),
        part(
            "the settings",
            until,
            daemon.ask::<Settings>(TrayRequest::Settings)
        ),
    );
    FirstLook {
        view: None,
        status,
        tasks,
        pinned: settings.map(|settings| settings.pinned.into_iter().map(|task| task.id).collect()),
    }
}

/// One part of the first look, if the daemon gave it by `until`.
async fn part<T>(
    what: &str,
    until: Instant,
    asked: impl Future<Output = worktray_core::Result<T>>,
) -> Option<T> {
    match tokio::time::timeout_at(until, asked).await {
        Ok(Ok(answer)) => Some(answer),
        Ok(Err(error)) => {
            tracing::info!("the window opens without {what}: {error}");
            None
        }
        Err(_) => {
            tracing::info!("the window opens without {what}: not answered within {WAIT:?}");
            None
        }
    }
}

/// What [`ask`] got, on `view`. The wait is bounded: every part gives up at its deadline.
pub fn take(asked: JoinHandle<FirstLook>, view: Option<View>) -> FirstLook {
    let answers = async_runtime::block_on(asked).unwrap_or_else(|error| {
        tracing::warn!("the first look failed: {error}");
        FirstLook::default()
    });
    FirstLook { view, ..answers }
}

/// The script that hands `look` to the page. JSON is a JavaScript expression, and the state
/// holds no secret (the socket protocol never carries one), so the page may see all of it.
pub fn script(look: &FirstLook) -> String {
    let json = serde_json::to_string(look).unwrap_or_else(|error| {
        tracing::warn!("cannot write the first look: {error}");
        "null".into()
    });
    format!("window.{GLOBAL} = {json};")
}
