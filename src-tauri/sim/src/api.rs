//! `/api/oauth2?action=NAME`: the request pipeline in front of the action handlers.
//!
//! Order of the checks, each of which ends the request when it fires:
//! network faults (offline, latency, hold-ups) → URL length → injected 503 → access token →
//! "Too many requests" (injected, then the real per-token limit) → body parsing → the action.
//! An injected hang-up-after-apply runs the action and then closes the connection.
//!
//! The access token is taken where the vendor documents it: an `Authorization: Bearer …`
//! header, or else an `access_token` parameter (JSON body or query string — the vendor's
//! Postman collection puts it in the query string). The log records where it came.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use serde_json::json;

use crate::actions::{self, Ctx};
use crate::app::{lock, App};
use crate::conn::ConnHandle;
use crate::error::ApiError;
use crate::log::{arrival_time, token_hint, LoggedRequest, RequestSummary, TokenPlace};
use crate::params::Params;
use crate::reply::Reply;
use crate::tokens::TokenRejection;

/// The vendor refuses GET URLs over 8 KB.
const MAX_URL_LEN: usize = 8 * 1024;

pub(crate) async fn handle(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    // The request arrives, as the rate limit and the log see it, once the network let it.
    let network = app.network().await;
    let at = arrival_time();
    let mut params = Params::from_query(uri.query());
    // The body is parsed up front for the log and the token; a bad one is only reported once
    // the request has passed authentication and the rate limit, as the vendor does.
    let mut fields = Params::default();
    let body_ok = method != Method::POST || fields.merge_json_body(&body).is_ok();
    let token = OfferedToken::find(bearer_token(&headers), &fields, &params);
    params.merge(fields);
    let summary = token.summary(params.text("action"), &params);
    let reply = match network {
        Ok(()) => respond(&app, &uri, token.token.as_deref(), params, body_ok),
        Err(hung_up) => hung_up,
    };
    app.record(LoggedRequest::new(at, uri.path(), summary, &reply));
    if reply.hang_up {
        conn.hang_up();
    }
    reply
}

/// The token of an `Authorization: Bearer …` header.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The access token a request offers, and every place it offered one.
#[derive(Default)]
pub(crate) struct OfferedToken {
    /// The header's, else the `access_token` parameter (the body's over the query string's,
    /// as for every parameter). Blank ones count as absent.
    pub(crate) token: Option<String>,
    places: Vec<TokenPlace>,
}

impl OfferedToken {
    pub(crate) fn find(header: Option<String>, body: &Params, query: &Params) -> Self {
        let offered = [
            (TokenPlace::Header, header),
            (TokenPlace::Body, body.text("access_token")),
            (TokenPlace::Query, query.text("access_token")),
        ];
        let places = offered
            .iter()
            .filter(|(_, token)| token.is_some())
            .map(|(place, _)| *place)
            .collect();
        let token = offered.into_iter().find_map(|(_, token)| token);
        Self { token, places }
    }

    /// What the request log keeps: where the token came, its hint, and the parameter names.
    pub(crate) fn summary(&self, action: Option<String>, params: &Params) -> RequestSummary {
        RequestSummary {
            action,
            token_hint: self.token.as_deref().map(token_hint),
            token_in: self.places.clone(),
            params: params.names(),
        }
    }
}

fn respond(app: &App, uri: &Uri, token: Option<&str>, params: Params, body_ok: bool) -> Reply {
    if uri.to_string().len() > MAX_URL_LEN {
        return Reply::html(
            StatusCode::URI_TOO_LONG,
            gateway_page("414 Request-URI Too Large"),
            "uri too long",
        );
    }
    let blocked = lock(&app.faults)
        .firewall_blocks
        .clone()
        .is_some_and(|text| params.contains_text(&text));
    if blocked {
        return Reply::html(
            StatusCode::FORBIDDEN,
            gateway_page("403 Forbidden"),
            "blocked by the firewall (injected)",
        );
    }
    if lock(&app.faults).take_fail_5xx() {
        return Reply::html(
            StatusCode::SERVICE_UNAVAILABLE,
            gateway_page("503 Service Temporarily Unavailable"),
            "injected 503",
        );
    }
    let (user_id, token) = match authenticate(app, token) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    if let Some(reply) = too_many_requests(app, token) {
        return reply;
    }
    let hang_up_after = lock(&app.faults).take_drop_after_apply();
    let reply = apply(app, &params, body_ok, user_id);
    if hang_up_after {
        reply.into_hang_up()
    } else {
        reply
    }
}

/// Resolves the access token to a user, or the vendor's HTTP 401 answers (the same wherever
/// the token came).
fn authenticate<'t>(app: &App, token: Option<&'t str>) -> Result<(u64, &'t str), Reply> {
    let invalid = || {
        Reply::json(
            StatusCode::UNAUTHORIZED,
            json!({"status": "error", "message": "invalid token"}),
            "invalid token",
        )
    };
    let token = token.ok_or_else(invalid)?;
    match lock(&app.auth).check_access(token) {
        Ok(user_id) => Ok((user_id, token)),
        Err(TokenRejection::Invalid) => Err(invalid()),
        Err(TokenRejection::Expired) => Err(Reply::json(
            StatusCode::UNAUTHORIZED,
            json!({"status": "error", "status_code": 401, "message": "token is expired"}),
            "token is expired",
        )),
    }
}

/// The rate limit, real or injected. Every request counts as "sent", even a refused one.
fn too_many_requests(app: &App, token: &str) -> Option<Reply> {
    let (injected, as_429) = {
        let mut faults = lock(&app.faults);
        (faults.take_too_many(), faults.too_many_as_429)
    };
    let limited = app.note_request(token);
    if !(injected || limited) {
        return None;
    }
    let status = if as_429 {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::OK
    };
    let outcome = if injected {
        "too many requests (injected)"
    } else {
        "too many requests"
    };
    Some(Reply::json(
        status,
        ApiError::bare("Too many requests").to_json(),
        outcome,
    ))
}

/// Runs the action against the world (or refuses the unparsable body).
fn apply(app: &App, params: &Params, body_ok: bool, user_id: u64) -> Reply {
    if !body_ok {
        return error_reply(&ApiError::bare("invalid JSON"));
    }
    let Some(action) = params.text("action") else {
        return error_reply(&ApiError::action_invalid());
    };
    let mut world = lock(&app.world);
    let Some(actor) = world.user(user_id).cloned() else {
        return error_reply(&ApiError::action_invalid());
    };
    let mut ctx = Ctx {
        world: &mut world,
        actor,
        params,
        base_url: &app.base_url,
    };
    match actions::dispatch(&action, &mut ctx) {
        Ok(body) => Reply::json(StatusCode::OK, body, "ok"),
        Err(error) => error_reply(&error),
    }
}

fn error_reply(error: &ApiError) -> Reply {
    Reply::json(StatusCode::OK, error.to_json(), error.outcome())
}

/// The kind of page a reverse proxy answers with when the application is not reached.
fn gateway_page(title: &str) -> String {
    format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
         <center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}
