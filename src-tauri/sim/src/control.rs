//! `/_sim/*`: test and script controls. No auth, no rate limit, not in the request log.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::{lock, App};
use crate::faults::Faults;
use crate::log::LoggedRequest;
use crate::tokens::OAuthClient;

pub(crate) fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/log", get(log))
        .route("/state", get(state))
        .route("/faults", post(set_faults))
        .route("/expire_tokens", post(expire_tokens))
        .route("/timer/start", post(start_timer))
        .route("/clients", post(register_client))
        .route("/schedule_writes", post(schedule_writes))
}

fn ok() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn log(State(app): State<Arc<App>>) -> Json<Vec<LoggedRequest>> {
    Json(lock(&app.log).clone())
}

async fn state(State(app): State<Arc<App>>) -> Json<Value> {
    Json(lock(&app.world).dump())
}

/// Replaces all faults; answers with the faults now in force.
async fn set_faults(State(app): State<Arc<App>>, Json(faults): Json<Faults>) -> Json<Faults> {
    *lock(&app.faults) = faults.clone();
    Json(faults)
}

async fn expire_tokens(State(app): State<Arc<App>>) -> Json<Value> {
    lock(&app.auth).expire_access_tokens();
    ok()
}

#[derive(Deserialize)]
struct StartTimer {
    email: String,
    task_id: u64,
}

/// Starts a timer as if from the web app; 400 with the API's error text when refused.
async fn start_timer(
    State(app): State<Arc<App>>,
    Json(request): Json<StartTimer>,
) -> (StatusCode, Json<Value>) {
    match crate::simulator::start_timer_as(&app, &request.email, request.task_id) {
        Ok(()) => (StatusCode::OK, ok()),
        Err(error) => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "status": "error", "message": error.to_string() })),
        ),
    }
}

async fn register_client(
    State(app): State<Arc<App>>,
    Json(client): Json<OAuthClient>,
) -> Json<Value> {
    lock(&app.auth).register(client);
    ok()
}

#[derive(Deserialize)]
struct ScheduleWrites {
    allowed: bool,
}

async fn schedule_writes(
    State(app): State<Arc<App>>,
    Json(request): Json<ScheduleWrites>,
) -> Json<Value> {
    lock(&app.world).schedule_writes_allowed = request.allowed;
    ok()
}
