//! The API actions. Each takes the request context and returns the whole answer body
//! (`{"status":"ok",…}`) or an [`ApiError`].

mod costs;
mod profile;
mod projects;
mod schedule;
mod tasks;
mod timer;

use serde_json::{json, Value};

use crate::error::ApiError;
use crate::params::Params;
use crate::state::{User, World};

/// What an action works with.
pub(crate) struct Ctx<'a> {
    pub(crate) world: &'a mut World,
    /// The token's user (a copy: actions mutate the world while consulting it).
    pub(crate) actor: User,
    pub(crate) params: &'a Params,
    pub(crate) base_url: &'a str,
}

pub(crate) fn dispatch(action: &str, ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    match action {
        "me" => profile::me(ctx),
        "get_my_timer" => timer::get_my_timer(ctx),
        "start_my_timer" => timer::start_my_timer(ctx),
        "stop_my_timer" => timer::stop_my_timer(ctx),
        "delete_my_timer" => timer::delete_my_timer(ctx),
        "get_projects" => projects::get_projects(ctx),
        "get_project" => projects::get_project(ctx),
        "get_all_tasks" => tasks::get_all_tasks(ctx),
        "get_tasks" => tasks::get_tasks(ctx),
        "get_task" => tasks::get_task(ctx),
        "search_tasks" => tasks::search_tasks(ctx),
        "get_costs" => costs::get_costs(ctx),
        "get_costs_total" => costs::get_costs_total(ctx),
        "add_costs" => costs::add_costs(ctx),
        "update_costs" => costs::update_costs(ctx),
        "delete_costs" => costs::delete_costs(ctx),
        "get_users_schedule" => schedule::get_users_schedule(ctx),
        "update_users_schedule" => schedule::update_users_schedule(ctx),
        _ => Err(ApiError::action_invalid()),
    }
}

/// `{"status":"ok"}`.
fn ok() -> Value {
    json!({ "status": "ok" })
}

/// `{"status":"ok","data":…}`.
fn ok_data(data: Value) -> Value {
    json!({ "status": "ok", "data": data })
}
