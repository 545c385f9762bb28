//! Cost rows: `get_costs`, `get_costs_total`, `add_costs`, `update_costs`, `delete_costs`.

use std::collections::BTreeMap;

use chrono::{Local, NaiveDate};
use serde_json::{json, Map, Value};

use super::tasks::to_i64;
use super::{ok, Ctx};
use crate::error::ApiError;
use crate::filter::{self, Condition, FieldKind, FieldValue, Record};
use crate::params::{format_minutes, format_money, parse_duration_minutes, parse_money_cents};
use crate::render::cost_json;
use crate::state::{Booking, Cost, Project, World};

/// Fields the cost `filter` understands (`id` is the TASK id, as the vendor documents).
const COST_FIELDS: &[(&str, FieldKind)] = &[
    ("id", FieldKind::Int),
    ("project", FieldKind::Int),
    ("comment", FieldKind::Text),
    ("dateadd", FieldKind::Date),
];

/// A cost row with the project it belongs to, for filtering.
struct CostRecord<'a> {
    cost: &'a Cost,
    project_id: u64,
}

impl Record for CostRecord<'_> {
    fn field(&self, field: &str) -> Option<FieldValue<'_>> {
        let value = match field {
            "id" => FieldValue::Int(to_i64(self.cost.booked.task_id)),
            "project" => FieldValue::Int(to_i64(self.project_id)),
            "comment" => FieldValue::Text(&self.cost.booked.comment),
            "dateadd" => FieldValue::Date(Some(self.cost.date_added.date())),
            _ => return None,
        };
        Some(value)
    }
}

/// The row filters shared by `get_costs` and `get_costs_total`.
struct CostQuery {
    project_id: Option<u64>,
    task_id: Option<u64>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    is_timer: Option<bool>,
    condition: Option<Condition>,
}

impl CostQuery {
    fn from_ctx(ctx: &Ctx<'_>) -> Result<Self, ApiError> {
        let params = ctx.params;
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
        let is_timer = match params.text("is_timer").as_deref() {
            None => None,
            Some("1") => Some(true),
            Some("0") => Some(false),
            Some(_) => return Err(ApiError::invalid_field("is_timer", "expected 1 or 0")),
        };
        let condition = params
            .text("filter")
            .map(|text| filter::compile(&text, COST_FIELDS))
            .transpose()
            .map_err(|error| {
                ApiError::new(11, "Filter is invalid").with_details(error.to_string())
            })?;
        Ok(Self {
            project_id,
            task_id,
            start: params.date("datestart")?,
            end: params.date("dateend")?,
            is_timer,
            condition,
        })
    }

    /// Matching rows the actor can see, oldest first. Other users' rows are included:
    /// the vendor has no "by user" filter.
    fn rows<'w>(&self, world: &'w World, ctx: &Ctx<'_>) -> Vec<(&'w Cost, &'w Project)> {
        let mut rows: Vec<(&Cost, &Project)> = world
            .costs
            .values()
            .filter_map(|cost| {
                let task = world.tasks.get(&cost.booked.task_id)?;
                let project = world.projects.get(&task.project_id)?;
                world
                    .can_see_project(&ctx.actor, project)
                    .then_some((cost, project))
            })
            .filter(|(cost, project)| self.matches(cost, project))
            .collect();
        rows.sort_by_key(|(cost, _)| (cost.booked.date, cost.id));
        rows
    }

    fn matches(&self, cost: &Cost, project: &Project) -> bool {
        self.project_id.is_none_or(|id| project.id == id)
            && self.task_id.is_none_or(|id| cost.booked.task_id == id)
            && self.start.is_none_or(|start| cost.booked.date >= start)
            && self.end.is_none_or(|end| cost.booked.date <= end)
            && self
                .is_timer
                .is_none_or(|flag| cost.booked.is_timer == flag)
            && self.condition.as_ref().is_none_or(|condition| {
                condition.matches(&CostRecord {
                    cost,
                    project_id: project.id,
                })
            })
    }
}

/// `{"time":"H:MM","money":"0.00"}` of some rows.
fn total<'a>(costs: impl Iterator<Item = &'a Cost>) -> Value {
    Value::Object(total_fields(costs))
}

fn total_fields<'a>(costs: impl Iterator<Item = &'a Cost>) -> Map<String, Value> {
    let (minutes, cents) = costs.fold((0u64, 0i64), |(minutes, cents), cost| {
        (
            minutes.saturating_add(u64::from(cost.booked.minutes)),
            cents.saturating_add(cost.booked.money_cents),
        )
    });
    let mut fields = Map::new();
    fields.insert("time".into(), json!(format_minutes(minutes)));
    fields.insert("money".into(), json!(format_money(cents)));
    fields
}

pub(super) fn get_costs(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let query = CostQuery::from_ctx(ctx)?;
    let world = &*ctx.world;
    let rows = query.rows(world, ctx);
    let data: Vec<Value> = rows
        .iter()
        .map(|(cost, _)| cost_json(world, cost))
        .collect();
    Ok(json!({
        "status": "ok",
        "data": data,
        "total": total(rows.iter().map(|(cost, _)| *cost)),
    }))
}

/// Totals; `extra=projects` adds per-project and per-month figures (not with `id_task`).
pub(super) fn get_costs_total(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let query = CostQuery::from_ctx(ctx)?;
    let world = &*ctx.world;
    let rows = query.rows(world, ctx);
    let mut body = Map::new();
    body.insert("status".into(), json!("ok"));
    let per_project = ctx
        .params
        .list("extra")
        .iter()
        .any(|item| item == "projects");
    if per_project && query.task_id.is_none() {
        body.insert("projects".into(), project_totals(&rows));
    }
    body.insert("total".into(), total(rows.iter().map(|(cost, _)| *cost)));
    Ok(Value::Object(body))
}

fn project_totals(rows: &[(&Cost, &Project)]) -> Value {
    let mut by_project: BTreeMap<u64, (&Project, Vec<&Cost>)> = BTreeMap::new();
    for (cost, project) in rows {
        by_project
            .entry(project.id)
            .or_insert_with(|| (project, Vec::new()))
            .1
            .push(cost);
    }
    let projects: Map<String, Value> = by_project
        .into_values()
        .map(|(project, costs)| {
            let mut monthly: BTreeMap<String, Vec<&Cost>> = BTreeMap::new();
            for cost in &costs {
                monthly
                    .entry(cost.booked.date.format("%Y-%m").to_string())
                    .or_default()
                    .push(cost);
            }
            let monthly: Map<String, Value> = monthly
                .into_iter()
                .map(|(month, costs)| (month, total(costs.into_iter())))
                .collect();
            let mut entry = total_fields(costs.into_iter());
            entry.insert("monthly".into(), Value::Object(monthly));
            entry.insert("id".into(), json!(project.id.to_string()));
            entry.insert("name".into(), json!(project.name));
            entry.insert("page".into(), json!(format!("/project/{}/", project.id)));
            (project.id.to_string(), Value::Object(entry))
        })
        .collect();
    Value::Object(projects)
}

fn parse_time(text: &str) -> Result<u32, ApiError> {
    parse_duration_minutes(text)
        .ok_or_else(|| ApiError::invalid_field("time", "expected hours such as 0.15, 0,15 or 0:09"))
}

fn parse_money(text: &str) -> Result<i64, ApiError> {
    parse_money_cents(text)
        .ok_or_else(|| ApiError::invalid_field("money", "expected an amount such as 12.50"))
}

/// The project's cost-entry restrictions (`options.timer_only`, `options.time_today`).
fn check_entry_rules(
    project: &Project,
    sets_time: bool,
    date: Option<NaiveDate>,
) -> Result<(), ApiError> {
    if sets_time && project.options.timer_only == 1 {
        return Err(ApiError::new(
            11,
            "Manual time entry is disabled in this project",
        ));
    }
    let today = Local::now().date_naive();
    if project.options.time_today == 1 && date.is_some_and(|date| date != today) {
        return Err(ApiError::new(
            11,
            "Costs can only be entered for the current day in this project",
        )
        .with_details(format!("date must be {}", today.format("%d.%m.%Y"))));
    }
    Ok(())
}

/// Adds a manual cost row for the actor. Answers `{"status":"ok","id":N}` with a NUMBER id.
pub(super) fn add_costs(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let params = ctx.params;
    let task_id = params.required_id("id_task", ApiError::task_invalid)?;
    let task = ctx
        .world
        .visible_task(&ctx.actor, task_id)
        .ok_or_else(ApiError::task_invalid)?;
    let project = ctx
        .world
        .projects
        .get(&task.project_id)
        .ok_or_else(ApiError::task_invalid)?;
    let time = params.text("time");
    let money = params.text("money");
    if time.is_none() && money.is_none() {
        return Err(ApiError::required("time or money"));
    }
    let minutes = time.as_deref().map(parse_time).transpose()?.unwrap_or(0);
    let money_cents = if params.flag("is_rate") {
        ctx.actor.earnings_cents(minutes)
    } else {
        money.as_deref().map(parse_money).transpose()?.unwrap_or(0)
    };
    let date = params.date("date")?;
    check_entry_rules(project, time.is_some(), date)?;
    let id = ctx.world.add_cost(Booking {
        task_id,
        user_id: ctx.actor.id,
        minutes,
        money_cents,
        date: date.unwrap_or_else(|| Local::now().date_naive()),
        is_timer: false,
        comment: params.verbatim("comment").unwrap_or_default(),
    });
    Ok(json!({ "status": "ok", "id": id }))
}

/// The cost row `id_costs` if the actor may change it: their own, or anyone's for admins.
fn editable_cost(ctx: &Ctx<'_>) -> Result<(u64, Project), ApiError> {
    let id = ctx
        .params
        .required_id("id_costs", ApiError::costs_invalid)?;
    let world = &*ctx.world;
    let cost = world.costs.get(&id).ok_or_else(ApiError::costs_invalid)?;
    let project = world
        .visible_task(&ctx.actor, cost.booked.task_id)
        .and_then(|task| world.projects.get(&task.project_id))
        .ok_or_else(ApiError::costs_invalid)?;
    if cost.booked.user_id != ctx.actor.id && !ctx.actor.role.manages_others() {
        return Err(ApiError::access_denied(format!(
            "a user with the role {} can only change their own cost rows",
            ctx.actor.role.label()
        )));
    }
    Ok((id, project.clone()))
}

/// Changes time, money, comment or date of a row; the author cannot be changed.
pub(super) fn update_costs(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let (id, project) = editable_cost(ctx)?;
    let params = ctx.params;
    let minutes = params.text("time").as_deref().map(parse_time).transpose()?;
    let money = params
        .text("money")
        .as_deref()
        .map(parse_money)
        .transpose()?;
    let date = params.date("date")?;
    check_entry_rules(&project, minutes.is_some(), date)?;
    let owner = ctx
        .world
        .costs
        .get(&id)
        .and_then(|cost| ctx.world.user(cost.booked.user_id))
        .cloned();
    let Some(cost) = ctx.world.costs.get_mut(&id) else {
        return Err(ApiError::costs_invalid());
    };
    if let Some(minutes) = minutes {
        cost.booked.minutes = minutes;
    }
    if params.flag("is_rate") {
        // Money follows the row owner's rate for the (possibly new) time.
        cost.booked.money_cents = owner.map_or(0, |user| user.earnings_cents(cost.booked.minutes));
    } else if let Some(money) = money {
        cost.booked.money_cents = money;
    }
    if let Some(comment) = params.verbatim("comment") {
        cost.booked.comment = comment;
    }
    if let Some(date) = date {
        cost.booked.date = date;
    }
    Ok(ok())
}

pub(super) fn delete_costs(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let (id, _) = editable_cost(ctx)?;
    ctx.world.costs.remove(&id);
    Ok(ok())
}
