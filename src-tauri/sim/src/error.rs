//! API error answers: `{"status":"error","status_code":N,"message":…,"message_details"?:…}`,
//! delivered with HTTP 200 like the vendor does.

use serde_json::{json, Map, Value};

/// An API-level error (not a transport or authentication failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    code: Option<u32>,
    message: String,
    details: Option<String>,
}

impl ApiError {
    pub(crate) fn new(code: u32, message: &str) -> Self {
        Self {
            code: Some(code),
            message: message.to_owned(),
            details: None,
        }
    }

    /// An error without `status_code`, like the vendor's "Too many requests" and "invalid JSON".
    pub(crate) fn bare(message: &str) -> Self {
        Self {
            code: None,
            message: message.to_owned(),
            details: None,
        }
    }

    pub(crate) fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    pub(crate) fn action_invalid() -> Self {
        Self::new(1, "Action is invalid")
    }

    pub(crate) fn project_invalid() -> Self {
        Self::new(4, "Project is invalid")
    }

    pub(crate) fn task_invalid() -> Self {
        Self::new(5, "Task is invalid")
    }

    pub(crate) fn costs_invalid() -> Self {
        Self::new(4, "Costs is invalid")
    }

    /// Code 10 with the missing field named in `message_details`.
    pub(crate) fn required(field: &str) -> Self {
        Self::new(10, "Field is required").with_details(field)
    }

    /// Code 11: a value that cannot be used, with the reason.
    pub(crate) fn invalid_field(field: &str, reason: &str) -> Self {
        Self::new(11, "Field is invalid").with_details(format!("{field}: {reason}"))
    }

    /// Code 11: the user may not do this; `why` tells them what rule refused it.
    pub(crate) fn access_denied(why: impl Into<String>) -> Self {
        Self::new(11, "Access denied").with_details(why)
    }

    pub(crate) fn to_json(&self) -> Value {
        let mut body = Map::new();
        body.insert("status".into(), json!("error"));
        if let Some(code) = self.code {
            body.insert("status_code".into(), json!(code));
        }
        body.insert("message".into(), json!(self.message));
        if let Some(details) = &self.details {
            body.insert("message_details".into(), json!(details));
        }
        Value::Object(body)
    }

    /// The request-log form of this error.
    pub(crate) fn outcome(&self) -> String {
        match self.code {
            Some(code) => format!("error {code}: {}", self.message),
            None => format!("error: {}", self.message),
        }
    }
}
