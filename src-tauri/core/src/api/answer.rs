//! What the API client hears: an HTTP answer turned into the vendor's envelope or the right
//! error, and the envelope's data decoded with errors that name the JSON path.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::NetworkFailure;
use crate::error::{ApiError, Error, Result};
use crate::models::{CostRow, CostTotal, Id, Me, Project, RunningTimer, Task, UserSchedule};
use crate::t;

/// What went wrong on the way, in words a user can act on, with the system's own reason (the
/// innermost cause) behind it; not reqwest's chain, which repeats the request's URL.
pub(super) fn transport_error(error: &reqwest::Error) -> Error {
    // A refused or unresolved connection never reached the server; anything later (a timeout
    // while waiting, a connection dropped mid-answer) may have been applied.
    let maybe_applied = !error.is_connect() && !error.is_builder();
    let failure = if error.is_timeout() {
        NetworkFailure::NoAnswerInTime
    } else if error.is_connect() {
        NetworkFailure::NoConnection
    } else {
        NetworkFailure::Broken
    };
    let mut reason: &dyn std::error::Error = error;
    while let Some(cause) = reason.source() {
        reason = cause;
    }
    Error::Api(ApiError::Network {
        failure,
        cause: reason.to_string(),
        maybe_applied,
    })
}

/// Turns an HTTP answer into the envelope or the right error.
pub(super) fn interpret(action: &str, status: u16, body: &str) -> Result<Value> {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let text_of = |key: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let message = text_of("message")
        .or_else(|| text_of("errorDescription"))
        .or_else(|| text_of("error_description"));
    if status == 401 {
        let message = message.unwrap_or_else(|| "HTTP 401".to_owned());
        let lower = message.to_lowercase();
        if lower.contains("expired") {
            return Err(Error::Api(ApiError::TokenExpired));
        }
        return Err(Error::Api(ApiError::Unauthorized { message }));
    }
    // The refusal comes as HTTP 429 or as an error envelope saying so; an "ok" envelope is an
    // applied request whatever its message says, and must never be taken for a refusal (a user
    // action refused once is sent again).
    let ok_envelope = parsed
        .as_ref()
        .and_then(|v| v.get("status"))
        .and_then(Value::as_str)
        == Some("ok");
    if status == 429
        || (!ok_envelope
            && message
                .as_deref()
                .is_some_and(|m| m.to_lowercase().contains("too many requests")))
    {
        return Err(Error::Api(ApiError::RateLimited { retry_at: None }));
    }
    let Some(envelope) = parsed.clone() else {
        if status >= 400 {
            return Err(Error::Api(ApiError::Server { status }));
        }
        let start: String = body.chars().take(80).collect();
        return Err(Error::Api(ApiError::Decode {
            action: action.to_owned(),
            path: "$".into(),
            message: format!("not JSON: {start:?}"),
        }));
    };
    let details = text_of("message_details");
    match envelope.get("status").and_then(Value::as_str) {
        Some("ok") => Ok(envelope),
        Some(_) => {
            let code = envelope
                .get("status_code")
                .and_then(|c| c.as_i64().or_else(|| c.as_str()?.parse().ok()));
            Err(ApiError::from_envelope(
                code,
                message.unwrap_or_else(|| t!("api-no-message")),
                details,
            )
            .into())
        }
        None if status >= 400 => Err(Error::Api(ApiError::Server { status })),
        None => Err(Error::Api(ApiError::Decode {
            action: action.to_owned(),
            path: "$.status".into(),
            message: "missing \"status\"".into(),
        })),
    }
}

/// Decodes `value` into `T`; a failure names the JSON path, e.g. `data[3].task.id`.
pub fn decode<T: DeserializeOwned>(action: &str, value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        Error::Api(ApiError::Decode {
            action: action.to_owned(),
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })
    })
}

/// `data` is an object in the vendor's examples and an array of one in its docs.
pub(super) fn first_of_one(data: Value) -> Value {
    match data {
        Value::Array(mut items) if !items.is_empty() => items.swap_remove(0),
        other => other,
    }
}

/// Decodes a `get_my_timer` `data` in any of the forms the vendor uses.
pub fn decode_timer(data: Option<Value>) -> Result<Option<RunningTimer>> {
    match data.map(first_of_one) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(_)) => Ok(None),
        Some(Value::Object(map)) if map.is_empty() => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::Bool(false)) => Ok(None),
        Some(other) => decode("get_my_timer", other).map(Some),
    }
}

/// Decodes a whole vendor answer for `action` the way the client does: the envelope check,
/// then the payload. Used by the fixture tests to prove every vendor example parses.
pub fn decode_answer(action: &str, status: u16, body: &str) -> Result<Value> {
    let envelope = interpret(action, status, body)?;
    let data = envelope.get("data").cloned();
    match action {
        "me" => decode::<Me>(action, first_of_one(data.unwrap_or(Value::Null))).map(|_| ()),
        "get_my_timer" => decode_timer(data).map(|_| ()),
        "get_projects" => decode::<Vec<Project>>(action, data.unwrap_or(Value::Null)).map(|_| ()),
        "get_all_tasks" | "get_tasks" | "search_tasks" => {
            decode::<Vec<Task>>(action, data.unwrap_or(Value::Null)).map(|_| ())
        }
        "get_task" => decode::<Task>(action, first_of_one(data.unwrap_or(Value::Null))).map(|_| ()),
        "get_costs" => {
            decode::<Vec<CostRow>>(action, data.unwrap_or(Value::Null))?;
            decode::<CostTotal>(
                "get_costs.total",
                envelope.get("total").cloned().unwrap_or(Value::Null),
            )
            .map(|_| ())
        }
        "get_costs_total" => decode::<CostTotal>(
            action,
            envelope.get("total").cloned().unwrap_or(Value::Null),
        )
        .map(|_| ()),
        "add_costs" => decode::<Id>(
            "add_costs.id",
            envelope.get("id").cloned().unwrap_or(Value::Null),
        )
        .map(|_| ()),
        "get_users_schedule" => {
            decode::<BTreeMap<String, UserSchedule>>(action, data.unwrap_or(Value::Null))
                .map(|_| ())
        }
        _ => Ok(()),
    }?;
    Ok(envelope)
}
