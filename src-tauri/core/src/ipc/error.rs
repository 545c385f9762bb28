//! What can go wrong between a front end (the CLI, the window) and the daemon.

use std::time::Duration;

use crate::error::ErrorCode;
use crate::ipc::ErrorView;

#[derive(Debug, thiserror::Error)]
pub enum IpcError {
    /// The local socket between the CLI/window and the daemon failed.
    Socket(SocketTrouble),
    /// The daemon took the request but gave no answer in time.
    DaemonSilent { waited: Duration },
    /// An error the daemon reported over the socket, passed on as it came (in the daemon's
    /// language, which is the user's).
    Relayed(ErrorView),
}

/// What went wrong on the socket; `error` is the system's or the decoder's own words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SocketTrouble {
    /// The socket's path makes no socket name on this system.
    BadName {
        path: String,
        error: String,
    },
    /// No daemon answers at the socket's path.
    NotRunning {
        path: String,
        error: String,
    },
    /// No daemon takes connections there (the wait for one ran out).
    NotAccepting {
        path: String,
    },
    /// The request could not be written as JSON.
    Encoding {
        error: String,
    },
    Sending {
        error: String,
    },
    Reading {
        error: String,
    },
    /// It closed the connection without a reply.
    Closed,
    /// Its reply could not be read as one.
    BadReply {
        error: String,
    },
    /// It answered with a reply of another kind (`reply`, as Rust debug text, for a bug report).
    UnexpectedReply {
        reply: String,
    },
    /// Another daemon already serves the socket.
    AlreadyServed {
        path: String,
    },
    /// The running tray, asked by a command only it answers, is not there.
    TrayNotRunning,
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(crate::i18n::current()))
    }
}

impl IpcError {
    pub fn text_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::t_in;
        match self {
            IpcError::Socket(trouble) => {
                let detail = match trouble {
                    SocketTrouble::BadName { path, error } => t_in!(
                        lang,
                        "ipc-bad-name",
                        path = path.as_str(),
                        error = error.as_str()
                    ),
                    SocketTrouble::NotRunning { path, error } => t_in!(
                        lang,
                        "ipc-not-running",
                        path = path.as_str(),
                        error = error.as_str()
                    ),
                    SocketTrouble::NotAccepting { path } => {
                        t_in!(lang, "ipc-not-accepting", path = path.as_str())
                    }
                    SocketTrouble::Encoding { error } => {
                        t_in!(lang, "ipc-encoding", error = error.as_str())
                    }
                    SocketTrouble::Sending { error } => {
                        t_in!(lang, "ipc-sending", error = error.as_str())
                    }
                    SocketTrouble::Reading { error } => {
                        t_in!(lang, "ipc-reading", error = error.as_str())
                    }
                    SocketTrouble::Closed => t_in!(lang, "ipc-closed"),
                    SocketTrouble::BadReply { error } => {
                        t_in!(lang, "ipc-bad-reply", error = error.as_str())
                    }
                    SocketTrouble::UnexpectedReply { reply } => {
                        t_in!(lang, "ipc-unexpected-reply", reply = reply.as_str())
                    }
                    SocketTrouble::AlreadyServed { path } => {
                        t_in!(lang, "ipc-already-served", path = path.as_str())
                    }
                    SocketTrouble::TrayNotRunning => t_in!(lang, "cli-tray-not-running"),
                };
                t_in!(lang, "ipc-socket", detail = detail)
            }
            IpcError::DaemonSilent { waited } => {
                t_in!(lang, "ipc-daemon-silent", seconds = waited.as_secs())
            }
            IpcError::Relayed(view) => view.message.clone(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            IpcError::Socket(_) => ErrorCode::DaemonUnreachable,
            IpcError::DaemonSilent { .. } => ErrorCode::DaemonNotAnswering,
            // The daemon named it; passing it on keeps what the user should do about it.
            IpcError::Relayed(view) => view.code,
        }
    }
}
