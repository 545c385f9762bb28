//! What can go wrong talking to Worksection: what the server said (its `status_code`,
//! `message`, `message_details`) kept apart from transport failures, with the cases the app
//! reacts to differently named.

use std::time::SystemTime;

use crate::error::{clock_time, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
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
    Reported {
        code: Option<i64>,
        message: String,
        details: Option<String>,
    },
    /// The process's one HTTP client could not be built (its TLS backend, say). The text
    /// keeps the "configuration" it was reported with before the errors were split by layer.
    #[error("configuration: cannot build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::TimerAlreadyStarted => ErrorCode::TimerAlreadyStarted,
            ApiError::TimerNotStarted => ErrorCode::TimerNotStarted,
            ApiError::FieldRequired { .. } => ErrorCode::FieldRequired,
            ApiError::TokenExpired => ErrorCode::TokenExpired,
            ApiError::Unauthorized { .. } => ErrorCode::Unauthorized,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Network { .. } => ErrorCode::Offline,
            ApiError::Server { .. } => ErrorCode::ServerError,
            ApiError::Decode { .. } => ErrorCode::UnexpectedAnswer,
            ApiError::Reported { .. } => ErrorCode::ApiError,
            ApiError::HttpClient(_) => ErrorCode::Config,
        }
    }

    /// Offline, "slow down" or a 5xx: it may go away by itself.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network { .. }
                | ApiError::RateLimited { .. }
                | ApiError::Server { status: 500..=599 }
        )
    }

    /// The server refused the access token: expired, or invalid or revoked.
    pub fn is_token_refused(&self) -> bool {
        matches!(self, ApiError::TokenExpired | ApiError::Unauthorized { .. })
    }

    /// The request may have reached the server and been applied although no good answer came
    /// back: a connection lost after sending, an error status from somewhere on the way, an
    /// answer we could not read.
    pub fn may_have_landed(&self) -> bool {
        matches!(
            self,
            ApiError::Network {
                maybe_applied: true,
                ..
            } | ApiError::Server { .. }
                | ApiError::Decode { .. }
        )
    }

    /// Worth trying again later: everything but the server's considered refusals (a timer in
    /// the way, a field missing, any other error in its envelope).
    pub fn worth_another_try(&self) -> bool {
        !matches!(
            self,
            ApiError::TimerAlreadyStarted
                | ApiError::TimerNotStarted
                | ApiError::FieldRequired { .. }
                | ApiError::Reported { .. }
        )
    }

    /// Builds the error for a Worksection error envelope.
    pub fn from_envelope(code: Option<i64>, message: String, details: Option<String>) -> Self {
        if message.to_ascii_lowercase().contains("too many requests") {
            return ApiError::RateLimited { retry_at: None };
        }
        match code {
            Some(6) => ApiError::TimerAlreadyStarted,
            Some(7) => ApiError::TimerNotStarted,
            Some(10) => ApiError::FieldRequired {
                field: details.unwrap_or_else(|| "a required field".to_owned()),
            },
            _ => ApiError::Reported {
                code,
                message,
                details,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::Error;

    #[test]
    fn envelope_codes_map_to_named_variants() {
        assert!(matches!(
            ApiError::from_envelope(Some(6), "Timer is already started".into(), None),
            ApiError::TimerAlreadyStarted
        ));
        assert!(matches!(
            ApiError::from_envelope(Some(7), "Timer is not started".into(), None),
            ApiError::TimerNotStarted
        ));
        let field = ApiError::from_envelope(
            Some(10),
            "Field is required".into(),
            Some("time or money".into()),
        );
        assert_eq!(field.to_string(), "Worksection needs time or money");
        assert!(matches!(
            ApiError::from_envelope(None, "Too many requests".into(), None),
            ApiError::RateLimited { retry_at: None }
        ));
        let other = Error::from(ApiError::from_envelope(
            Some(5),
            "Task is invalid".into(),
            None,
        ));
        assert_eq!(other.to_string(), "Worksection: Task is invalid");
        assert_eq!(other.code(), ErrorCode::ApiError);
    }

    #[test]
    fn a_rate_limit_says_when_to_try_again() {
        let at = SystemTime::now() + Duration::from_secs(30);
        let error = Error::from(ApiError::RateLimited { retry_at: Some(at) });
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
