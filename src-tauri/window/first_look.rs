//! The window's first picture, complete: while GTK and WebKit start (a few hundred ms), the
//! daemon is asked for the state, my tasks and the pinned ones, and the answers go into the page
//! as a script that runs before any of the page's own. The page then draws the whole view in its
//! first frame, and its first calls to the daemon only confirm what it shows.
//!
//! Measured by `make bench` on 2 cores: without it the page drew "Connecting…" first and its
//! content after a round trip through the webview's IPC for each part.

use std::time::Duration;

use tauri::async_runtime::{self, JoinHandle};
use worktray_core::ipc::{CoreRequest, DaemonClient, FirstLook, TrayRequest, View};
use worktray_core::settings::Settings;

/// The name the page reads the first look under (`ui/src/lib/first-look.ts`).
const GLOBAL: &str = "__WORKTRAY_FIRST_LOOK__";

/// How long the window waits for the daemon before it opens without a first look. The daemon
/// answers these from memory in milliseconds; one that takes longer is busy or stuck, and the
/// page then asks it as it always could.
const WAIT: Duration = Duration::from_millis(400);

/// Asks the daemon in the background, at once: call it before the window is built.
pub fn ask(daemon: DaemonClient) -> JoinHandle<FirstLook> {
    async_runtime::spawn(async move { fetch(&daemon).await })
}

/// The three questions, side by side. A part that fails is left out; the page asks for it.
pub async fn fetch(daemon: &DaemonClient) -> FirstLook {
    let (status, tasks, settings) = tokio::join!(
        daemon.ask(CoreRequest::Status { refresh: false }),
        daemon.ask(CoreRequest::Tasks { query: None }),
        daemon.ask::<Settings>(TrayRequest::Settings),
    );
    FirstLook {
        view: None,
        status: status.ok(),
        tasks: tasks.ok(),
        pinned: settings
            .ok()
            .map(|settings| settings.pinned.into_iter().map(|task| task.id).collect()),
    }
}

/// The answers [`ask`] got within [`WAIT`] (none when the daemon was slower), on `view`.
pub fn take(asked: JoinHandle<FirstLook>, view: Option<View>) -> FirstLook {
    let waited = async_runtime::block_on(async { tokio::time::timeout(WAIT, asked).await });
    let answers = match waited {
        Ok(Ok(look)) => look,
        Ok(Err(error)) => {
            tracing::warn!("the first look failed: {error}");
            FirstLook::default()
        }
        Err(_) => {
            tracing::warn!("the daemon did not answer the first look within {WAIT:?}");
            FirstLook::default()
        }
    };
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
