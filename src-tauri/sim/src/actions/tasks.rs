//! Task reads: `get_all_tasks`, `get_tasks`, `get_task`, `search_tasks`.

use serde_json::Value;

use super::{ok_data, Ctx};
use crate::error::ApiError;
use crate::filter::{self, FieldKind, FieldValue, Record};
use crate::render::{task_json, Children, TaskView};
use crate::state::{ProjectStatus, Task, TaskStatus, World};

/// Fields `search_tasks` filters understand.
const SEARCH_FIELDS: &[(&str, FieldKind)] = &[
    ("id", FieldKind::Int),
    ("project", FieldKind::Int),
    ("parent", FieldKind::Int),
    ("name", FieldKind::Text),
    ("dateadd", FieldKind::Date),
    ("datestart", FieldKind::Date),
    ("dateend", FieldKind::Date),
    ("dateclose", FieldKind::Date),
];

impl Record for Task {
    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        let value = match field {
            "id" => FieldValue::Int(to_i64(self.id)),
            "project" => FieldValue::Int(to_i64(self.project_id)),
            "parent" => FieldValue::Int(self.parent_id.map_or(0, to_i64)),
            "name" => FieldValue::Text(&self.name),
            "dateadd" => FieldValue::Date(Some(self.date_added.date())),
            "datestart" => FieldValue::Date(self.date_start),
            "dateend" => FieldValue::Date(self.date_end),
            "dateclose" => FieldValue::Date(self.date_closed.map(|at| at.date())),
            _ => return None,
        };
        Some(value)
    }
}

pub(crate) fn to_i64(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

/// The listing view: `extra=subtasks` nests full subtasks in `child`, `filter=active` drops
/// closed tasks at every level.
fn listing_view(ctx: &Ctx<'_>) -> (TaskView, bool) {
    let active_only = ctx.params.text("filter").as_deref() == Some("active");
    let mut view = TaskView::from_extra(&ctx.params.list("extra"), Children::Full);
    view.active_only = active_only;
    (view, active_only)
}

/// Top-level tasks of `project_id` as a listing shows them.
fn project_listing(
    world: &World,
    project_id: u64,
    view: TaskView,
    active_only: bool,
) -> Vec<Value> {
    world
        .tasks
        .values()
        .filter(|task| task.project_id == project_id && task.parent_id.is_none())
        .filter(|task| !active_only || task.status == TaskStatus::Active)
        .map(|task| task_json(world, task, view))
        .collect()
}

/// Every top-level task of every visible project; archived projects only with `extra=archive`.
pub(super) fn get_all_tasks(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let (view, active_only) = listing_view(ctx);
    let with_archive = ctx
        .params
        .list("extra")
        .iter()
        .any(|item| item == "archive");
    let world = &*ctx.world;
    let tasks: Vec<Value> = world
        .projects
        .values()
        .filter(|project| world.can_see_project(&ctx.actor, project))
        .filter(|project| with_archive || project.status != ProjectStatus::Archived)
        .flat_map(|project| project_listing(world, project.id, view, active_only))
        .collect();
    Ok(ok_data(Value::Array(tasks)))
}

pub(super) fn get_tasks(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let project_id = ctx
        .params
        .required_id("id_project", ApiError::project_invalid)?;
    let (view, active_only) = listing_view(ctx);
    let world = &*ctx.world;
    let project = world
        .projects
        .get(&project_id)
        .filter(|project| world.can_see_project(&ctx.actor, project))
        .ok_or_else(ApiError::project_invalid)?;
    Ok(ok_data(Value::Array(project_listing(
        world,
        project.id,
        view,
        active_only,
    ))))
}

/// One task (or subtask, which then carries `parent`); `extra=subtasks` adds brief children.
pub(super) fn get_task(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let task_id = ctx.params.required_id("id_task", ApiError::task_invalid)?;
    let mut view = TaskView::from_extra(&ctx.params.list("extra"), Children::Brief);
    view.parent = true;
    view.active_only = ctx.params.text("filter").as_deref() == Some("active");
    let world = &*ctx.world;
    let task = world
        .visible_task(&ctx.actor, task_id)
        .ok_or_else(ApiError::task_invalid)?;
    Ok(ok_data(task_json(world, task, view)))
}

/// Tasks and subtasks matching every given criterion, as a flat list.
pub(super) fn search_tasks(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let params = ctx.params;
    let criteria = [
        "filter",
        "id_project",
        "id_task",
        "email_user_from",
        "email_user_to",
    ];
    if !criteria.iter().any(|name| params.has(name)) {
        return Err(
            ApiError::new(10, "At least one of fields required").with_details(criteria.join(", "))
        );
    }
    let world = &*ctx.world;
    let project_id = params.id("id_project", ApiError::project_invalid)?;
    if let Some(id) = project_id {
        world
            .projects
            .get(&id)
            .filter(|project| world.can_see_project(&ctx.actor, project))
            .ok_or_else(ApiError::project_invalid)?;
    }
    let task_id = params.id("id_task", ApiError::task_invalid)?;
    if let Some(id) = task_id {
        world
            .visible_task(&ctx.actor, id)
            .ok_or_else(ApiError::task_invalid)?;
    }
    let author = user_id_by_email(world, params.text("email_user_from"), "email_user_from")?;
    let assignee = user_id_by_email(world, params.text("email_user_to"), "email_user_to")?;
    let status = match params.text("status").as_deref() {
        None => None,
        Some("active") => Some(TaskStatus::Active),
        Some("done") => Some(TaskStatus::Done),
        Some(_) => return Err(ApiError::invalid_field("status", "expected active or done")),
    };
    let condition = params
        .text("filter")
        .map(|text| filter::compile(&text, SEARCH_FIELDS))
        .transpose()
        .map_err(|error| ApiError::new(11, "Filter is invalid").with_details(error.to_string()))?;
    let view = TaskView::from_extra(&params.list("extra"), Children::Omitted);
    let found: Vec<Value> = world
        .tasks
        .values()
        .filter(|task| world.visible_task(&ctx.actor, task.id).is_some())
        .filter(|task| project_id.is_none_or(|id| task.project_id == id))
        .filter(|task| task_id.is_none_or(|id| task.id == id))
        .filter(|task| author.is_none_or(|id| task.user_from == id))
        .filter(|task| assignee.is_none_or(|id| task.user_to == id))
        .filter(|task| status.is_none_or(|status| task.status == status))
        .filter(|task| condition.as_ref().is_none_or(|cond| cond.matches(*task)))
        .map(|task| task_json(world, task, view))
        .collect();
    Ok(ok_data(Value::Array(found)))
}

/// The id of the user with `email`; code 11 "Invalid email" when there is none.
fn user_id_by_email(
    world: &World,
    email: Option<String>,
    field: &str,
) -> Result<Option<u64>, ApiError> {
    email
        .map(|email| {
            world
                .users
                .values()
                .find(|user| user.email.eq_ignore_ascii_case(&email))
                .map(|user| user.id)
                .ok_or_else(|| ApiError::new(11, "Invalid email").with_details(field))
        })
        .transpose()
}
