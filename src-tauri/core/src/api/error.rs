//! What can go wrong talking to Worksection: what the server said (its `status_code`,
//! `message`, `message_details`) kept apart from transport failures, with the cases the app
//! reacts to differently named.

use std::time::SystemTime;

use crate::error::{clock_time, ErrorCode};
use crate::i18n::{self, Lang};
use crate::t_in;

/// How a request failed to get an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkFailure {
    /// The wait for the answer ran out.
    NoAnswerInTime,
    /// No connection could be made.
    NoConnection,
    /// The connection broke before the answer came.
    Broken,
    /// The OAuth2 client's request to the token endpoint failed.
    SignInRequest,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Worksection code 6.
    TimerAlreadyStarted,
    /// Worksection code 7.
    TimerNotStarted,
    /// Worksection code 10; `field` is the server's `message_details`, when it names one.
    FieldRequired { field: Option<String> },
    /// HTTP 401 whose text says the token is expired: refresh and retry once.
    TokenExpired,
    /// Any other 401: the token is invalid or revoked.
    Unauthorized { message: String },
    /// "Too many requests", as HTTP 429 or inside an HTTP 200 body; or a request not sent
    /// because the pause Worksection asked for still lasts. `retry_at` is when the pause ends,
    /// once the request gate has set it.
    RateLimited { retry_at: Option<SystemTime> },
    /// The request did not get an answer; `cause` is the system's own reason. `maybe_applied`
    /// is true when the request may have reached the server (a timeout or a connection lost
    /// after sending), so a write must be reconciled before it is sent again.
    Network {
        failure: NetworkFailure,
        cause: String,
        maybe_applied: bool,
    },
    /// An HTTP error status without a Worksection error body (5xx from a proxy, say).
    Server { status: u16 },
    /// The answer did not have the shape we expect; `path` names the JSON path.
    Decode {
        action: String,
        path: String,
        message: String,
    },
    /// Any other error the server reported in its envelope.
    Reported {
        code: Option<i64>,
        message: String,
        details: Option<String>,
    },
    /// The process's one HTTP client could not be built (its TLS backend, say).
    HttpClient(#[source] reqwest::Error),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(i18n::current()))
    }
}

impl ApiError {
    /// The error in words of `lang`; what Worksection or the system said stays as it came.
    pub fn text_in(&self, lang: Lang) -> String {
        match self {
            ApiError::TimerAlreadyStarted => t_in!(lang, "api-timer-already-started"),
            ApiError::TimerNotStarted => t_in!(lang, "api-timer-not-started"),
            ApiError::FieldRequired { field: Some(field) } => {
                t_in!(lang, "api-field-required", field = field.as_str())
            }
            ApiError::FieldRequired { field: None } => t_in!(lang, "api-field-required-unnamed"),
            ApiError::TokenExpired => t_in!(lang, "api-token-expired"),
            ApiError::Unauthorized { message } => {
                t_in!(lang, "api-unauthorized", message = message.as_str())
            }
            ApiError::RateLimited { retry_at: None } => t_in!(lang, "api-rate-limited"),
            ApiError::RateLimited { retry_at: Some(at) } => {
                t_in!(lang, "api-rate-limited-until", time = clock_time(*at))
            }
            ApiError::Network { failure, cause, .. } => {
                let cause = cause.as_str();
                match failure {
                    NetworkFailure::NoAnswerInTime => {
                        t_in!(lang, "api-network-timeout", cause = cause)
                    }
                    NetworkFailure::NoConnection => {
                        t_in!(lang, "api-network-no-connection", cause = cause)
                    }
                    NetworkFailure::Broken => t_in!(lang, "api-network-broken", cause = cause),
                    NetworkFailure::SignInRequest => {
                        t_in!(lang, "api-network-sign-in", cause = cause)
                    }
                }
            }
            ApiError::Server { status } => t_in!(lang, "api-server", status = *status),
            ApiError::Decode {
                action,
                path,
                message,
            } => t_in!(
                lang,
                "api-decode",
                action = action.as_str(),
                message = message.as_str(),
                path = path.as_str()
            ),
            ApiError::Reported {
                message,
                details: Some(details),
                ..
            } => t_in!(
                lang,
                "api-reported-details",
                message = message.as_str(),
                details = details.as_str()
            ),
            ApiError::Reported { message, .. } => {
                t_in!(lang, "api-reported", message = message.as_str())
            }
            ApiError::HttpClient(error) => t_in!(
                lang,
                "error-configuration",
                detail = t_in!(lang, "api-http-client", error = error.to_string())
            ),
        }
    }

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
            Some(10) => ApiError::FieldRequired { field: details },
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
