//! The Worksection flavour of OAuth2: `/oauth2/authorize` (consent page), `/oauth2/token`,
//! `/oauth2/refresh` (a separate URL, rotating) and `/oauth2/resource`.
//!
//! Token-endpoint errors are HTTP 200 with `{"error":…,"errorDescription":…}`, as recorded
//! from the vendor. There is no login page: the consent page signs in as the demo user.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, Uri};
use serde_json::{json, Value};

use crate::api::OfferedToken;
use crate::app::{lock, App};
use crate::conn::ConnHandle;
use crate::log::{arrival_time, LoggedRequest};
use crate::params::Params;
use crate::reply::Reply;
use crate::tokens::AuthStore;
use crate::tokens::{Consent, OAuthError, TokenPair};

/// Runs an OAuth2 endpoint behind the network faults and logs it.
async fn logged(
    app: &App,
    conn: &ConnHandle,
    uri: &Uri,
    params: &Params,
    handler: impl FnOnce(&App, &Params) -> Reply,
) -> Reply {
    let no_token = OfferedToken::default();
    logged_with_token(app, conn, uri, params, &no_token, handler).await
}

/// [`logged`] for an endpoint that takes an access token (`/oauth2/resource`): the log says
/// where it came.
async fn logged_with_token(
    app: &App,
    conn: &ConnHandle,
    uri: &Uri,
    params: &Params,
    token: &OfferedToken,
    handler: impl FnOnce(&App, &Params) -> Reply,
) -> Reply {
    let network = app.network().await;
    let at = arrival_time();
    let reply = match network {
        Ok(()) => handler(app, params),
        Err(reply) => reply,
    };
    let summary = token.summary(None, params);
    app.record(LoggedRequest::new(at, uri.path(), summary, &reply));
    if reply.hang_up {
        conn.hang_up();
    }
    reply
}

/// Query parameters overridden by form-body fields: the vendor accepts either.
fn form_params(uri: &Uri, body: &[u8]) -> Params {
    let mut params = Params::from_query(uri.query());
    params.merge_form(body);
    params
}

pub(crate) async fn authorize(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    uri: Uri,
) -> Reply {
    let params = Params::from_query(uri.query());
    logged(&app, &conn, &uri, &params, authorize_reply).await
}

/// Refuses unknown apps and redirect URIs that differ from the registered one in any way,
/// with a page and no redirect; otherwise shows the consent page (or, with auto-approve,
/// redirects with a code straight away).
fn authorize_reply(app: &App, params: &Params) -> Reply {
    let client_id = params.text("client_id").unwrap_or_default();
    let redirect_uri = params.verbatim("redirect_uri").unwrap_or_default();
    let registered = lock(&app.auth).client(&client_id).cloned();
    let Some(client) = registered else {
        return error_page("Unknown application", "The client_id is not registered.");
    };
    if client.redirect_uri != redirect_uri {
        return error_page(
            "Invalid redirect URI",
            "The redirect_uri does not match the one registered for this application.",
        );
    }
    let consent = Consent {
        client_id,
        redirect_uri,
        state: params.verbatim("state"),
        user_id: app.demo_user_id,
    };
    if params.text("response_type").as_deref() != Some("code") {
        return redirect_with(&consent, &[("error", "unsupported_response_type")]);
    }
    if app.config.auto_approve {
        let code = lock(&app.auth).issue_code(&consent);
        return redirect_with(&consent, &[("code", &code)]);
    }
    let scope = params.text("scope").unwrap_or_default();
    let consent_id = lock(&app.auth).begin_consent(consent.clone());
    consent_page(app, &consent, &consent_id, &scope)
}

pub(crate) async fn decision(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    uri: Uri,
    body: Bytes,
) -> Reply {
    let params = form_params(&uri, &body);
    logged(&app, &conn, &uri, &params, decision_reply).await
}

/// The consent form's answer: Approve redirects with a code, Deny with `access_denied`.
fn decision_reply(app: &App, params: &Params) -> Reply {
    let consent_id = params.text("consent").unwrap_or_default();
    let Some(consent) = lock(&app.auth).take_consent(&consent_id) else {
        return error_page(
            "Request expired",
            "This authorization request was already answered or does not exist. \
             Start the sign-in again from the application.",
        );
    };
    if params.text("decision").as_deref() == Some("approve") {
        let code = lock(&app.auth).issue_code(&consent);
        redirect_with(&consent, &[("code", &code)])
    } else {
        redirect_with(&consent, &[("error", "access_denied")])
    }
}

/// A 302 to the app's redirect URI with `extra` and the original `state` in the query.
fn redirect_with(consent: &Consent, extra: &[(&str, &str)]) -> Reply {
    let Ok(mut target) = url::Url::parse(&consent.redirect_uri) else {
        return error_page(
            "Invalid redirect URI",
            "The registered redirect_uri is not a valid URL.",
        );
    };
    {
        let mut query = target.query_pairs_mut();
        for (key, value) in extra {
            query.append_pair(key, value);
        }
        if let Some(state) = &consent.state {
            query.append_pair("state", state);
        }
    }
    let outcome = format!("redirect: {}", extra.first().map_or("", |(key, _)| *key));
    Reply::redirect(target.to_string(), outcome)
}

pub(crate) async fn token(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    uri: Uri,
    body: Bytes,
) -> Reply {
    let params = form_params(&uri, &body);
    logged(&app, &conn, &uri, &params, |app, params| {
        token_reply(app, exchange_code(app, params))
    })
    .await
}

/// The checks both token endpoints make: the client authenticates with its secret, and asks
/// for the grant this endpoint serves. Returns the client id.
fn authenticate_grant(
    auth: &AuthStore,
    params: &Params,
    grant_type: &str,
) -> Result<String, OAuthError> {
    let client_id = params.text("client_id");
    auth.authenticate_client(
        client_id.as_deref(),
        params.verbatim("client_secret").as_deref(),
    )?;
    if params.text("grant_type").as_deref() != Some(grant_type) {
        return Err(OAuthError::unsupported_grant_type());
    }
    Ok(client_id.unwrap_or_default())
}

fn exchange_code(app: &App, params: &Params) -> Result<TokenPair, OAuthError> {
    let mut auth = lock(&app.auth);
    let client_id = authenticate_grant(&auth, params, "authorization_code")?;
    let code = params
        .text("code")
        .ok_or_else(|| OAuthError::missing("code"))?;
    let redirect_uri = params
        .verbatim("redirect_uri")
        .ok_or_else(|| OAuthError::missing("redirect_uri"))?;
    auth.redeem_code(&client_id, &code, &redirect_uri)
}

pub(crate) async fn refresh(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    uri: Uri,
    body: Bytes,
) -> Reply {
    let params = form_params(&uri, &body);
    logged(&app, &conn, &uri, &params, |app, params| {
        token_reply(app, rotate_refresh_token(app, params))
    })
    .await
}

fn rotate_refresh_token(app: &App, params: &Params) -> Result<TokenPair, OAuthError> {
    let mut auth = lock(&app.auth);
    let client_id = authenticate_grant(&auth, params, "refresh_token")?;
    let refresh_token = params
        .text("refresh_token")
        .ok_or_else(|| OAuthError::missing("refresh_token"))?;
    auth.refresh(&client_id, &refresh_token)
}

/// The token answer, `account_url` included (the API base is derived from it).
fn token_reply(app: &App, result: Result<TokenPair, OAuthError>) -> Reply {
    match result {
        Ok(pair) => {
            let expires_in = lock(&app.auth).access_lifetime_secs();
            Reply::json(
                StatusCode::OK,
                json!({
                    "token_type": "Bearer",
                    "expires_in": expires_in,
                    "access_token": pair.access_token,
                    "refresh_token": pair.refresh_token,
                    "account_url": app.base_url,
                }),
                "ok",
            )
        }
        Err(error) => oauth_error(&error),
    }
}

fn oauth_error(error: &OAuthError) -> Reply {
    Reply::json(StatusCode::OK, error.to_json(), error.outcome())
}

pub(crate) async fn resource(
    State(app): State<Arc<App>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    uri: Uri,
    body: Bytes,
) -> Reply {
    let mut params = Params::from_query(uri.query());
    let mut fields = Params::default();
    fields.merge_form(&body);
    let token = OfferedToken::find(None, &fields, &params);
    params.merge(fields);
    logged_with_token(
        &app,
        &conn,
        &uri,
        &params,
        &token,
        |app, params| match resource_owner(app, params, token.token.as_deref()) {
            Ok(body) => Reply::json(StatusCode::OK, body, "ok"),
            Err(error) => oauth_error(&error),
        },
    )
    .await
}

/// `{id, first_name, last_name, email, account_url}` of the user of `token`, the
/// `access_token` parameter.
fn resource_owner(app: &App, params: &Params, token: Option<&str>) -> Result<Value, OAuthError> {
    let user_id = {
        let auth = lock(&app.auth);
        auth.authenticate_client(
            params.text("client_id").as_deref(),
            params.verbatim("client_secret").as_deref(),
        )?;
        let token = token.ok_or_else(|| OAuthError::missing("access_token"))?;
        auth.check_access(token)
            .map_err(|rejection| match rejection {
                crate::tokens::TokenRejection::Invalid => {
                    OAuthError::not_authorized("Malformed UTF-8 characters")
                }
                crate::tokens::TokenRejection::Expired => {
                    OAuthError::not_authorized("Access token is expired")
                }
            })?
    };
    let world = lock(&app.world);
    let user = world
        .user(user_id)
        .ok_or_else(|| OAuthError::not_authorized("User not found"))?;
    Ok(json!({
        "id": user.id.to_string(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "account_url": app.base_url,
    }))
}

fn consent_page(app: &App, consent: &Consent, consent_id: &str, scope: &str) -> Reply {
    let (user_name, account) = {
        let world = lock(&app.world);
        let name = world
            .user(consent.user_id)
            .map(|user| format!("{} ({})", user.name(), user.email))
            .unwrap_or_default();
        (name, world.account_name.clone())
    };
    let scope_line = if scope.is_empty() {
        String::new()
    } else {
        format!("<p>Requested access: <code>{}</code></p>", escape(scope))
    };
    let html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Authorize {app_name}</title></head>\n\
         <body>\n<h1>Authorize application</h1>\n\
         <p><strong>{app_name}</strong> wants to access your Worksection account \
         <strong>{account}</strong> as <strong>{user}</strong>.</p>\n{scope_line}\n\
         <form method=\"post\" action=\"/oauth2/authorize/decision\">\n\
         <input type=\"hidden\" name=\"consent\" value=\"{consent_id}\">\n\
         <button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\n\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n\
         </form>\n</body></html>\n",
        app_name = escape(&consent.client_id),
        account = escape(&account),
        user = escape(&user_name),
        consent_id = escape(consent_id),
    );
    Reply::html(StatusCode::OK, html, "consent page")
}

fn error_page(title: &str, message: &str) -> Reply {
    let html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body>\n<h1>{title}</h1>\n<p>{message}</p>\n</body></html>\n",
        title = escape(title),
        message = escape(message),
    );
    Reply::html(
        StatusCode::BAD_REQUEST,
        html,
        format!("error page: {title}"),
    )
}

/// Minimal HTML escaping for text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}
