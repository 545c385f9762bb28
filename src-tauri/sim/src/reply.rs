//! What a handler decided to answer, kept apart from the axum response so that the request
//! log can record it and so that "hang up instead of answering" is one flag.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

enum Body {
    Json(Value),
    Html(String),
    Empty,
}

/// An answer plus its request-log outcome.
pub(crate) struct Reply {
    status: StatusCode,
    body: Body,
    location: Option<String>,
    /// Request-log summary.
    pub(crate) outcome: String,
    /// Close the connection instead of answering.
    pub(crate) hang_up: bool,
}

impl Reply {
    pub(crate) fn json(status: StatusCode, body: Value, outcome: impl Into<String>) -> Self {
        Self {
            status,
            body: Body::Json(body),
            location: None,
            outcome: outcome.into(),
            hang_up: false,
        }
    }

    pub(crate) fn html(status: StatusCode, html: String, outcome: impl Into<String>) -> Self {
        Self {
            status,
            body: Body::Html(html),
            location: None,
            outcome: outcome.into(),
            hang_up: false,
        }
    }

    /// A 302 to `location`.
    pub(crate) fn redirect(location: String, outcome: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FOUND,
            body: Body::Empty,
            location: Some(location),
            outcome: outcome.into(),
            hang_up: false,
        }
    }

    /// No answer at all: the connection is closed.
    pub(crate) fn hang_up(outcome: impl Into<String>) -> Self {
        Self {
            status: StatusCode::OK,
            body: Body::Empty,
            location: None,
            outcome: outcome.into(),
            hang_up: true,
        }
    }

    /// Turns an answer that was going to be sent into a hang-up, keeping what it would have said.
    pub(crate) fn into_hang_up(self) -> Self {
        let outcome = format!("hung up after apply ({})", self.outcome);
        Self::hang_up(outcome)
    }

    /// The status for the request log: 0 when nothing was answered.
    pub(crate) fn logged_status(&self) -> u16 {
        if self.hang_up {
            0
        } else {
            self.status.as_u16()
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Body::Json(value) => (self.status, axum::Json(value)).into_response(),
            Body::Html(html) => (self.status, axum::response::Html(html)).into_response(),
            Body::Empty => self.status.into_response(),
        };
        if let Some(location) = self.location {
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
        response
    }
}
