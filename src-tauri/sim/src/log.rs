//! The request log: what clients asked of the simulator, for assertions on client behaviour
//! (request spacing, retries, which token was used and where it travelled).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::reply::Reply;

/// One request to `/api/oauth2` or `/oauth2/*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// Arrival time, millisecond precision.
    pub at: DateTime<Utc>,
    /// `at` as Unix milliseconds.
    pub at_unix_ms: i64,
    pub path: String,
    /// The `action` query parameter of API requests.
    pub action: Option<String>,
    /// The first 8 characters of the access token the simulator used (never the whole token).
    pub token_hint: Option<String>,
    /// Every place the request carried an access token, in the order the simulator looks
    /// (header, body, query string): the first is the one it used. Empty when it carried none.
    #[serde(default)]
    pub token_in: Vec<TokenPlace>,
    /// Names of the parameters sent (query string and body), sorted, `action` excluded.
    /// Values are never logged: they include secrets and tokens.
    #[serde(default)]
    pub params: Vec<String>,
    /// HTTP status of the answer; 0 when the connection was closed without one.
    pub status: u16,
    /// "ok", "error 6: Timer is already started", "too many requests", "hung up: …", etc.
    pub outcome: String,
}

/// Where a request carried an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPlace {
    /// `Authorization: Bearer …`.
    Header,
    /// An `access_token` field of the body (JSON for the API, form-encoded for OAuth2).
    Body,
    /// An `access_token` parameter in the URL's query string, where it ends up in logs.
    Query,
}

/// What the log keeps of a request.
pub(crate) struct RequestSummary {
    pub(crate) action: Option<String>,
    pub(crate) token_hint: Option<String>,
    pub(crate) token_in: Vec<TokenPlace>,
    pub(crate) params: Vec<String>,
}

/// The arrival time of a request, truncated to milliseconds.
pub(crate) fn arrival_time() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// The part of a token that may be logged.
pub(crate) fn token_hint(token: &str) -> String {
    token.chars().take(8).collect()
}

impl LoggedRequest {
    /// Whether the URL carried an access token (`?access_token=…`).
    pub fn token_in_url(&self) -> bool {
        self.token_in.contains(&TokenPlace::Query)
    }

    /// A log entry for a request that arrived `at` and was answered by `reply`.
    pub(crate) fn new(
        at: DateTime<Utc>,
        path: &str,
        request: RequestSummary,
        reply: &Reply,
    ) -> Self {
        Self {
            at,
            at_unix_ms: at.timestamp_millis(),
            path: path.to_owned(),
            action: request.action,
            token_hint: request.token_hint,
            token_in: request.token_in,
            params: request.params,
            status: reply.logged_status(),
            outcome: reply.outcome.clone(),
        }
    }
}
