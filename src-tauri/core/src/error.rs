//! The one error type of the core. It keeps what the Worksection server said (its
//! `status_code`, `message`, `message_details`) apart from transport failures, and names the
//! cases the app reacts to differently.

use std::time::{Duration, SystemTime};

use crate::models::TaskSummary;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of error crossed the socket (or the window's IPC), for the front ends that react
/// to some of them: the CLI's exit status, the UI's confirmations and fatal screen. The UI's
/// TypeScript type is generated from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum ErrorCode {
    TimerAlreadyStarted,
    TimerNotStarted,
    FieldRequired,
    TokenExpired,
    Unauthorized,
    RateLimited,
    LockBusy,
    Offline,
    ServerError,
    UnexpectedAnswer,
    ApiError,
    InvalidInput,
    TaskNotFound,
    AmbiguousTask,
    NotSignedIn,
    DayOff,
    SignInRefused,
    KeyringUnavailable,
    KeyringLocked,
    Config,
    DaemonUnreachable,
    DaemonNotAnswering,
    Io,
    /// The daemon serves as many connections as it will; this one was turned away.
    DaemonBusy,
    /// The daemon could not read the request line (malformed, or too long).
    BadRequest,
    /// The window refused the call itself, before any daemon saw it: a request the window may
    /// not send, or (said by the UI) a call Tauri refused.
    Window,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Worksection code 6.
    #[error("a timer is already running in Worksection")]
    TimerAlreadyStarted,
    /// Worksection code 7.
    #[error("no timer is running in Worksection")]
    TimerNotStarted,
    /// Worksection code 10; `field` is the server's `message_details`.
    #[error("Worksection needs {field}")]
    FieldRequired { field: String },
    /// HTTP 401 whose text says the token is expired: refresh and retry once.
    #[error("the Worksection sign-in has expired")]
    TokenExpired,
    /// Any other 401: the token is invalid or revoked.
    #[error("Worksection refused the sign-in: {message}")]
    Unauthorized { message: String },
    /// "Too many requests", as HTTP 429 or inside an HTTP 200 body; or a request not sent
    /// because the pause Worksection asked for still lasts. `retry_at` is when the pause ends,
    /// once the request gate has set it.
    #[error("Worksection asked to slow down (too many requests){}", retry_at.map(|at| format!("; try again at {}", clock_time(at))).unwrap_or_default())]
    RateLimited { retry_at: Option<SystemTime> },
    /// Another process has held one of Worktray's lock files (`what`: the request lock, the
    /// sign-in refresh lock, …) longer than anyone should.
    #[error("another program has held Worktray's {what} ({path}) for over {} s; try again, or end the other Worktray process", waited.as_secs())]
    LockBusy {
        what: &'static str,
        path: String,
        waited: Duration,
    },
    /// The request did not get an answer. `maybe_applied` is true when the request may have
    /// reached the server (a timeout or a connection lost after sending), so a write must be
    /// reconciled before it is sent again.
    #[error("cannot reach Worksection: {message}")]
    Network {
        message: String,
        maybe_applied: bool,
    },
    /// An HTTP error status without a Worksection error body (5xx from a proxy, say).
    #[error("Worksection answered HTTP {status}")]
    Server { status: u16 },
    /// The answer did not have the shape we expect; `path` names the JSON path.
    #[error("unexpected answer to {action}: {message} at {path}")]
    Decode {
        action: String,
        path: String,
        message: String,
    },
    /// Any other error the server reported in its envelope.
    #[error("Worksection: {message}{}", details.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Api {
        code: Option<i64>,
        message: String,
        details: Option<String>,
    },
    /// Something the user typed that we cannot use; the message says what and how to fix it.
    #[error("{0}")]
    Input(String),
    #[error("no open task matches \"{query}\"")]
    TaskNotFound { query: String },
    #[error("\"{query}\" matches {} tasks; be more specific or use a task id", candidates.len())]
    AmbiguousTask {
        query: String,
        candidates: Vec<TaskSummary>,
    },
    /// Starting a timer on a day marked as vacation or sick leave needs a confirmation.
    #[error("today is marked as {} in your Worksection schedule; start the timer anyway?", match kind { crate::models::DayKind::SickLeave => "sick leave", _ => "vacation" })]
    DayOff { kind: crate::models::DayKind },
    #[error("not signed in: {0}")]
    NotSignedIn(String),
    /// The OAuth2 server refused a code or a refresh token (`error`, `errorDescription`).
    #[error("Worksection refused the sign-in: {error}{}", if description.is_empty() { String::new() } else { format!(" ({description})") })]
    SignInRefused { error: String, description: String },
    /// The OS keyring cannot be used; the message says how to fix it.
    #[error("{0}")]
    Keyring(String),
    /// The OS keyring runs but is locked (or its unlock prompt was dismissed).
    #[error("{0}")]
    KeyringLocked(String),
    #[error("configuration: {0}")]
    Config(String),
    /// The local socket between the CLI/window and the daemon failed.
    #[error("worktray daemon: {0}")]
    Ipc(String),
    /// The daemon took the request but gave no answer in time.
    #[error("the Worktray tray did not answer within {} s; if it stays stuck, quit it (tray → Quit, or end the `worktray` process) and try again", waited.as_secs())]
    DaemonSilent { waited: Duration },
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    /// An error the daemon reported over the socket, passed on as it came.
    #[error("{}", .0.message)]
    Relayed(crate::ipc::ErrorView),
}

impl Error {
    /// A stable, machine-readable name for the error, sent over IPC and printed with `--json`.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::TimerAlreadyStarted => ErrorCode::TimerAlreadyStarted,
            Error::TimerNotStarted => ErrorCode::TimerNotStarted,
            Error::FieldRequired { .. } => ErrorCode::FieldRequired,
            Error::TokenExpired => ErrorCode::TokenExpired,
            Error::Unauthorized { .. } => ErrorCode::Unauthorized,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::LockBusy { .. } => ErrorCode::LockBusy,
            Error::Network { .. } => ErrorCode::Offline,
            Error::Server { .. } => ErrorCode::ServerError,
            Error::Decode { .. } => ErrorCode::UnexpectedAnswer,
            Error::Api { .. } => ErrorCode::ApiError,
            Error::Input(_) => ErrorCode::InvalidInput,
            Error::TaskNotFound { .. } => ErrorCode::TaskNotFound,
            Error::AmbiguousTask { .. } => ErrorCode::AmbiguousTask,
            Error::NotSignedIn(_) => ErrorCode::NotSignedIn,
            Error::DayOff { .. } => ErrorCode::DayOff,
            Error::SignInRefused { .. } => ErrorCode::SignInRefused,
            Error::Keyring(_) => ErrorCode::KeyringUnavailable,
            Error::KeyringLocked(_) => ErrorCode::KeyringLocked,
            Error::Config(_) => ErrorCode::Config,
            Error::Ipc(_) => ErrorCode::DaemonUnreachable,
            Error::DaemonSilent { .. } => ErrorCode::DaemonNotAnswering,
            Error::Io { .. } => ErrorCode::Io,
            // The daemon named it; passing it on keeps what the user should do about it.
            Error::Relayed(view) => view.code,
        }
    }

    /// True for failures that may go away by themselves (offline, rate limit, 5xx, a request
    /// lock held too long), so a background task should retry later rather than report a
    /// problem.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Network { .. }
                | Error::RateLimited { .. }
                | Error::LockBusy { .. }
                | Error::Server { status: 500..=599 }
        )
    }

    /// True when Worksection cannot be asked right now — offline, or signed out — so work that
    /// can wait (a queued entry) should wait instead of failing.
    pub fn is_unavailable(&self) -> bool {
        self.is_transient()
            || matches!(
                self,
                Error::NotSignedIn(_)
                    | Error::TokenExpired
                    | Error::Unauthorized { .. }
                    | Error::Keyring(_)
                    | Error::KeyringLocked(_)
            )
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// Builds the error for a Worksection error envelope.
    pub fn from_envelope(code: Option<i64>, message: String, details: Option<String>) -> Self {
        if message.to_ascii_lowercase().contains("too many requests") {
            return Error::RateLimited { retry_at: None };
        }
        match code {
            Some(6) => Error::TimerAlreadyStarted,
            Some(7) => Error::TimerNotStarted,
            Some(10) => Error::FieldRequired {
                field: details.unwrap_or_else(|| "a required field".to_owned()),
            },
            _ => Error::Api {
                code,
                message,
                details,
            },
        }
    }
}

/// A moment as people read it on this computer's clock: `14:03:07`.
pub fn clock_time(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(at)
        .format("%H:%M:%S")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_codes_map_to_named_variants() {
        assert!(matches!(
            Error::from_envelope(Some(6), "Timer is already started".into(), None),
            Error::TimerAlreadyStarted
        ));
        assert!(matches!(
            Error::from_envelope(Some(7), "Timer is not started".into(), None),
            Error::TimerNotStarted
        ));
        let field = Error::from_envelope(
            Some(10),
            "Field is required".into(),
            Some("time or money".into()),
        );
        assert_eq!(field.to_string(), "Worksection needs time or money");
        assert!(matches!(
            Error::from_envelope(None, "Too many requests".into(), None),
            Error::RateLimited { retry_at: None }
        ));
        let other = Error::from_envelope(Some(5), "Task is invalid".into(), None);
        assert_eq!(other.to_string(), "Worksection: Task is invalid");
        assert_eq!(other.code(), ErrorCode::ApiError);
    }

    #[test]
    fn a_rate_limit_says_when_to_try_again() {
        let at = SystemTime::now() + Duration::from_secs(30);
        let error = Error::RateLimited { retry_at: Some(at) };
        assert_eq!(error.code(), ErrorCode::RateLimited);
        assert!(error.is_transient());
        assert_eq!(
            error.to_string(),
            format!(
                "Worksection asked to slow down (too many requests); try again at {}",
                clock_time(at)
            )
        );
        let view = crate::ipc::ErrorView::from(&error);
        assert_eq!(view.code, ErrorCode::RateLimited);
        assert!(view.message.ends_with(&clock_time(at)), "{}", view.message);
    }
}
