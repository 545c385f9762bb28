//! Starts the `worktray-window` process on demand. The window is a separate program so that
//! WebKit is loaded only while a window is open; it exits when its window closes.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::process::Command;
use tokio::sync::oneshot;
use worktray_core::config;
use worktray_core::ipc::View;
use worktray_core::service::Tracker;

/// Overrides where the window program is (tests, unusual installs).
pub const ENV_WINDOW_BIN: &str = "WORKTRAY_WINDOW_BIN";
/// Tells a starting window which view to show first.
pub const ENV_VIEW: &str = "WORKTRAY_VIEW";

/// The window program could not be started.
#[derive(Debug, thiserror::Error)]
#[error("{}", worktray_core::t!("io-starting-window", program = program.display().to_string(), error = source.to_string()))]
pub struct WindowStartError {
    program: PathBuf,
    source: std::io::Error,
}

/// An I/O failure on this machine, as it crosses the socket: not the user's input.
impl From<WindowStartError> for worktray_core::Error {
    fn from(error: WindowStartError) -> Self {
        worktray_core::Error::io(
            worktray_core::IoAction::StartingWindow(error.program.display().to_string()),
            error.source,
        )
    }
}

#[derive(Clone)]
pub struct WindowLauncher {
    socket: PathBuf,
    running: Arc<Mutex<Option<RunningWindow>>>,
}

/// A started window process. A task waits for it, so it is reaped the moment it exits.
struct RunningWindow {
    exited: Arc<AtomicBool>,
    close: oneshot::Sender<()>,
}

impl WindowLauncher {
    pub fn new(socket: PathBuf) -> Self {
        WindowLauncher {
            socket,
            running: Arc::new(Mutex::new(None)),
        }
    }

    /// The window program: beside this executable, as installed and as built by cargo.
    fn program() -> PathBuf {
        if let Some(path) = std::env::var_os(ENV_WINDOW_BIN).filter(|p| !p.is_empty()) {
            return PathBuf::from(path);
        }
        let name = if cfg!(windows) {
            "worktray-window.exe"
        } else {
            "worktray-window"
        };
        std::env::current_exe()
            .map(|exe| exe.with_file_name(name))
            .unwrap_or_else(|_| PathBuf::from(name))
    }

    /// Opens the window on `view`; an open window is asked (through `tracker`'s events) to
    /// show it. Needs a Tokio runtime.
    pub fn open(&self, view: Option<View>, tracker: &Tracker) -> Result<(), WindowStartError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if running
            .as_ref()
            .is_some_and(|window| !window.exited.load(Ordering::SeqCst))
        {
            tracker.show_view(view.unwrap_or(View::Timer));
            return Ok(());
        }
        let program = Self::program();
        let mut command = Command::new(&program);
        if let Some(view) = view {
            command.env(ENV_VIEW, view.name());
        }
        let mut child = command
            .env(config::ENV_SOCKET, &self.socket)
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| WindowStartError { program, source })?;
        tracing::info!("window started (pid {:?})", child.id());
        let exited = Arc::new(AtomicBool::new(false));
        let (close, closed) = oneshot::channel();
        let watcher_exited = exited.clone();
        tokio::spawn(async move {
            tokio::select! {
                status = child.wait() => tracing::info!("window closed ({status:?})"),
                _ = closed => {
                    if let Err(error) = child.kill().await {
                        tracing::debug!("window already gone: {error}");
                    }
                }
            }
            watcher_exited.store(true, Ordering::SeqCst);
        });
        *running = Some(RunningWindow { exited, close });
        Ok(())
    }

    /// Closes the window with the daemon.
    pub fn close(&self) {
        if let Some(window) = self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            // The watcher is gone only if the window already exited.
            let _ = window.close.send(());
        }
    }
}
