//! The signed-in user's timer: `get_my_timer`, `start_my_timer`, `stop_my_timer`,
//! `delete_my_timer`.

use serde_json::{json, Value};

use super::{ok, ok_data, Ctx};
use crate::error::ApiError;
use crate::params::format_timestamp;
use crate::render::{task_json, TaskView};

/// `data` is an object while a timer runs, `[]` otherwise.
pub(super) fn get_my_timer(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let world = &*ctx.world;
    let Some(timer) = world.timers.get(&ctx.actor.id) else {
        return Ok(ok_data(json!([])));
    };
    let task = world.tasks.get(&timer.task_id).map_or(Value::Null, |task| {
        task_json(world, task, TaskView::default())
    });
    Ok(ok_data(json!({
        "time": timer.elapsed_secs(),
        "date_started": format_timestamp(timer.started_at.naive_local()),
        "task": task,
    })))
}

pub(super) fn start_my_timer(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let task_id = ctx.params.required_id("id_task", ApiError::task_invalid)?;
    ctx.world.start_timer(ctx.actor.id, task_id)?;
    Ok(ok())
}

/// Saves the running timer as a cost row with the optional `comment`.
pub(super) fn stop_my_timer(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let comment = ctx.params.verbatim("comment").unwrap_or_default();
    ctx.world.stop_timer(ctx.actor.id, comment)?;
    Ok(ok())
}

/// Discards the running timer without a cost row.
pub(super) fn delete_my_timer(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    ctx.world.discard_timer(ctx.actor.id)?;
    Ok(ok())
}
