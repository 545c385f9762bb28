//! What can go wrong between a front end (the CLI, the window) and the daemon.

use std::time::Duration;

use crate::error::ErrorCode;
use crate::ipc::ErrorView;

#[derive(Debug, thiserror::Error)]
pub enum IpcError {
    /// The local socket between the CLI/window and the daemon failed.
    #[error("worktray daemon: {0}")]
    Socket(String),
    /// The daemon took the request but gave no answer in time.
    #[error("the Worktray tray did not answer within {} s; if it stays stuck, quit it (tray → Quit, or end the `worktray` process) and try again", waited.as_secs())]
    DaemonSilent { waited: Duration },
    /// An error the daemon reported over the socket, passed on as it came.
    #[error("{}", .0.message)]
    Relayed(ErrorView),
}

impl IpcError {
    pub fn code(&self) -> ErrorCode {
        match self {
            IpcError::Socket(_) => ErrorCode::DaemonUnreachable,
            IpcError::DaemonSilent { .. } => ErrorCode::DaemonNotAnswering,
            // The daemon named it; passing it on keeps what the user should do about it.
            IpcError::Relayed(view) => view.code,
        }
    }
}
