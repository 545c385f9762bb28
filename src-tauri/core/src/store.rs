//! What can go wrong with what Worktray keeps on this machine: the SQLite database, the files
//! in the data directory, the lock files.
//!
//! Most of these are reported as "configuration: …" (`error-configuration`): that is how they
//! were reported before the errors were split by layer, and what users see has not changed.

use std::time::Duration;

use crate::db::SCHEMA_VERSION;
use crate::error::ErrorCode;
use crate::i18n::{self, Lang};
use crate::t_in;

/// What Worktray was doing when the system refused: the act and, where there is one, the path.
/// Said in the process's language; the system's own reason follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IoAction {
    Reading(String),
    Writing(String),
    Creating(String),
    Removing(String),
    Replacing(String),
    Opening(String),
    Locking(String),
    Unlocking(String),
    /// Moving a damaged database file aside.
    MovingAside(String),
    /// Listening on the daemon's socket.
    Listening(String),
    /// The address that was tried for the sign-in's loopback listener.
    ListeningForSignIn(String),
    /// Starting the window program, at this path.
    StartingWindow(String),
    /// Starting the demo's simulator.
    StartingSimulator,
    /// Starting this process's async runtime.
    StartingRuntime,
    /// Finding the path of the running `worktray` program.
    FindingProgram,
    /// Finding a free port for the demo's sign-in.
    FindingPort,
    /// Reading what the user types or pastes in the terminal.
    ReadingTerminal,
}

impl IoAction {
    fn text_in(&self, lang: Lang, error: &str) -> String {
        match self {
            IoAction::Reading(path) => {
                t_in!(lang, "io-reading", path = path.as_str(), error = error)
            }
            IoAction::Writing(path) => {
                t_in!(lang, "io-writing", path = path.as_str(), error = error)
            }
            IoAction::Creating(path) => {
                t_in!(lang, "io-creating", path = path.as_str(), error = error)
            }
            IoAction::Removing(path) => {
                t_in!(lang, "io-removing", path = path.as_str(), error = error)
            }
            IoAction::Replacing(path) => {
                t_in!(lang, "io-replacing", path = path.as_str(), error = error)
            }
            IoAction::Opening(path) => {
                t_in!(lang, "io-opening", path = path.as_str(), error = error)
            }
            IoAction::Locking(path) => {
                t_in!(lang, "io-locking", path = path.as_str(), error = error)
            }
            IoAction::Unlocking(path) => {
                t_in!(lang, "io-unlocking", path = path.as_str(), error = error)
            }
            IoAction::MovingAside(path) => {
                t_in!(lang, "io-moving-aside", path = path.as_str(), error = error)
            }
            IoAction::Listening(path) => {
                t_in!(lang, "io-listening", path = path.as_str(), error = error)
            }
            IoAction::ListeningForSignIn(address) => t_in!(
                lang,
                "io-listening-sign-in",
                address = address.as_str(),
                error = error
            ),
            IoAction::StartingWindow(program) => t_in!(
                lang,
                "io-starting-window",
                program = program.as_str(),
                error = error
            ),
            IoAction::StartingSimulator => t_in!(lang, "io-starting-simulator", error = error),
            IoAction::StartingRuntime => t_in!(lang, "io-starting-runtime", error = error),
            IoAction::FindingProgram => t_in!(lang, "io-finding-program", error = error),
            IoAction::FindingPort => t_in!(lang, "io-finding-port", error = error),
            IoAction::ReadingTerminal => t_in!(lang, "io-reading-terminal", error = error),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    Io {
        action: IoAction,
        source: std::io::Error,
    },
    /// Another process has held one of Worktray's lock files (`what`: the request lock, the
    /// sign-in refresh lock, …, for logs; people read its path) longer than anyone should.
    LockBusy {
        what: &'static str,
        path: String,
        waited: Duration,
    },
    /// The blocking task that waits for a lock file (`what`) ended without an answer.
    LockTask {
        what: &'static str,
        source: tokio::task::JoinError,
    },
    /// A statement on the local database failed while doing `context` (a developer's words:
    /// which statement).
    Sqlite {
        context: &'static str,
        source: rusqlite::Error,
    },
    NewerSchema {
        path: String,
        version: i64,
    },
    DamagedAndInUse {
        path: String,
    },
    /// The fresh database that replaced a damaged one is damaged too (`reason`, SQLite's).
    FreshDatabaseDamaged {
        path: String,
        reason: String,
    },
    /// The tracker was started without its database.
    NoDatabase,
    /// An outbox row whose operation this version cannot read was about to be sent.
    UnreadableRow {
        id: i64,
    },
    /// An outbox row reached the sender of another kind of write (`expected`, for logs).
    RowOfOtherKind {
        expected: &'static str,
    },
    /// Something to be stored (an outbox row, a remembered fact, a settings file) could not be
    /// written as JSON.
    Encode(#[source] serde_json::Error),
    DamagedSettings {
        path: String,
        source: serde_json::Error,
    },
    DamagedAccountFile {
        path: String,
        source: serde_json::Error,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(i18n::current()))
    }
}

/// What is wrong with a JSON file, in words of `lang`.
fn what_is_wrong(lang: Lang, error: &serde_json::Error) -> String {
    match error.classify() {
        serde_json::error::Category::Eof => t_in!(lang, "store-json-cut-short"),
        serde_json::error::Category::Syntax => t_in!(lang, "store-json-syntax"),
        serde_json::error::Category::Data => t_in!(lang, "store-json-data"),
        serde_json::error::Category::Io => t_in!(lang, "store-json-io"),
    }
}

impl StoreError {
    /// The error in words of `lang`, the system's own reason (SQLite's, serde's, the OS's)
    /// as it came.
    pub fn text_in(&self, lang: Lang) -> String {
        let configuration = |detail: String| t_in!(lang, "error-configuration", detail = detail);
        match self {
            StoreError::Io { action, source } => action.text_in(lang, &source.to_string()),
            StoreError::LockBusy { path, waited, .. } => t_in!(
                lang,
                "store-lock-busy",
                path = path.as_str(),
                seconds = waited.as_secs()
            ),
            StoreError::LockTask { what, source } => configuration(t_in!(
                lang,
                "store-lock-task",
                what = *what,
                error = source.to_string()
            )),
            StoreError::Sqlite { context, source } => configuration(t_in!(
                lang,
                "store-sqlite",
                context = *context,
                error = source.to_string()
            )),
            StoreError::NewerSchema { path, version } => configuration(t_in!(
                lang,
                "store-newer-schema",
                path = path.as_str(),
                version = *version,
                known = SCHEMA_VERSION
            )),
            StoreError::DamagedAndInUse { path } => {
                configuration(t_in!(lang, "store-damaged-in-use", path = path.as_str()))
            }
            StoreError::FreshDatabaseDamaged { path, reason } => configuration(t_in!(
                lang,
                "store-fresh-damaged",
                path = path.as_str(),
                reason = reason.as_str()
            )),
            StoreError::NoDatabase => configuration(t_in!(lang, "store-no-database")),
            StoreError::UnreadableRow { id } => {
                configuration(t_in!(lang, "store-unreadable-row", id = *id))
            }
            StoreError::RowOfOtherKind { expected } => {
                configuration(t_in!(lang, "store-row-of-other-kind", expected = *expected))
            }
            StoreError::Encode(error) => configuration(error.to_string()),
            StoreError::DamagedSettings { path, source } => configuration(t_in!(
                lang,
                "store-damaged-settings",
                path = path.as_str(),
                error = source.to_string()
            )),
            StoreError::DamagedAccountFile { path, source } => configuration(t_in!(
                lang,
                "store-damaged-account",
                path = path.as_str(),
                what = what_is_wrong(lang, source),
                error = source.to_string()
            )),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::LockBusy { .. } => ErrorCode::LockBusy,
            StoreError::LockTask { .. }
            | StoreError::Sqlite { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::DamagedAndInUse { .. }
            | StoreError::FreshDatabaseDamaged { .. }
            | StoreError::NoDatabase
            | StoreError::UnreadableRow { .. }
            | StoreError::RowOfOtherKind { .. }
            | StoreError::Encode(_)
            | StoreError::DamagedSettings { .. }
            | StoreError::DamagedAccountFile { .. } => ErrorCode::Config,
        }
    }

    /// A lock file held too long: the other process will let go.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::LockBusy { .. })
    }
}
