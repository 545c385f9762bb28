//! What can go wrong with what Worktray keeps on this machine: the SQLite database, the files
//! in the data directory, the lock files.
//!
//! Most texts below start with "configuration:": that is how these errors were reported before
//! the errors were split by layer, and what users see has not changed.

use std::time::Duration;

use crate::db::SCHEMA_VERSION;
use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// Another process has held one of Worktray's lock files (`what`: the request lock, the
    /// sign-in refresh lock, …) longer than anyone should.
    #[error("another program has held Worktray's {what} ({path}) for over {} s; try again, or end the other Worktray process", waited.as_secs())]
    LockBusy {
        what: &'static str,
        path: String,
        waited: Duration,
    },
    /// The blocking task that waits for a lock file (`what`) ended without an answer.
    #[error("configuration: {what}: {source}")]
    LockTask {
        what: &'static str,
        source: tokio::task::JoinError,
    },
    /// A statement on the local database failed while doing `context`.
    #[error("configuration: local database ({context}): {source}")]
    Sqlite {
        context: &'static str,
        source: rusqlite::Error,
    },
    #[error("configuration: {path} was written by a newer version of Worktray (schema version {version}; this version knows up to {SCHEMA_VERSION}). Update Worktray to use it; this version leaves it as it is")]
    NewerSchema { path: String, version: i64 },
    #[error("configuration: the local database {path} is damaged, and another Worktray process has it open: quit Worktray (the tray's Quit), then run this again; the queued entries in it are carried over then")]
    DamagedAndInUse { path: String },
    /// The fresh database that replaced a damaged one is damaged too (`reason`).
    #[error("configuration: a new local database at {path} cannot be used either: {reason}")]
    FreshDatabaseDamaged { path: String, reason: String },
    /// The tracker was started without its database.
    #[error("configuration: no local database for queued entries")]
    NoDatabase,
    /// An outbox row whose operation this version cannot read was about to be sent.
    #[error("configuration: outbox row {id} cannot be read by this version")]
    UnreadableRow { id: i64 },
    /// An outbox row reached the sender of another kind of write (`expected`).
    #[error("configuration: not a {expected}")]
    RowOfOtherKind { expected: &'static str },
    /// Something to be stored (an outbox row, a remembered fact, a settings file) could not be
    /// written as JSON.
    #[error("configuration: {0}")]
    Encode(#[source] serde_json::Error),
    #[error("configuration: {path} is damaged ({source}); fix or delete it")]
    DamagedSettings {
        path: String,
        source: serde_json::Error,
    },
    #[error("configuration: {path} is damaged: {} ({source}). Sign in again (tray → Sign in, or `worktray login`): that replaces it", what_is_wrong(source))]
    DamagedAccountFile {
        path: String,
        source: serde_json::Error,
    },
}

/// What is wrong with a JSON file, in words.
fn what_is_wrong(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Eof => "it is empty or cut short",
        serde_json::error::Category::Syntax => "it is not valid JSON",
        serde_json::error::Category::Data => "a setting in it is missing or of the wrong kind",
        serde_json::error::Category::Io => "it cannot be read",
    }
}

impl StoreError {
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
