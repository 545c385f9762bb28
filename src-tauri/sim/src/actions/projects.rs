//! `get_projects` and `get_project`.

use serde_json::Value;

use super::{ok_data, Ctx};
use crate::error::ApiError;
use crate::render::{project_json, ProjectView};
use crate::state::ProjectStatus;

fn view(ctx: &Ctx<'_>) -> ProjectView {
    let extra = ctx.params.list("extra");
    let has = |name: &str| extra.iter().any(|item| item == name);
    ProjectView {
        text: has("text") || has("html"),
        options: has("options"),
        users: has("users"),
    }
}

/// The projects the user can see, optionally only those in one state (`filter`).
pub(super) fn get_projects(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let wanted = match ctx.params.text("filter").as_deref() {
        None => None,
        Some("active") => Some(ProjectStatus::Active),
        Some("pending") => Some(ProjectStatus::Pending),
        Some("archived") => Some(ProjectStatus::Archived),
        Some(_) => {
            return Err(ApiError::invalid_field(
                "filter",
                "expected active, pending or archived",
            ))
        }
    };
    let view = view(ctx);
    let world = &*ctx.world;
    let projects: Vec<Value> = world
        .projects
        .values()
        .filter(|project| world.can_see_project(&ctx.actor, project))
        .filter(|project| wanted.is_none_or(|status| project.status == status))
        .map(|project| project_json(world, project, view))
        .collect();
    Ok(ok_data(Value::Array(projects)))
}

pub(super) fn get_project(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let id = ctx
        .params
        .required_id("id_project", ApiError::project_invalid)?;
    let view = view(ctx);
    let world = &*ctx.world;
    let project = world
        .projects
        .get(&id)
        .filter(|project| world.can_see_project(&ctx.actor, project))
        .ok_or_else(ApiError::project_invalid)?;
    Ok(ok_data(project_json(world, project, view)))
}
