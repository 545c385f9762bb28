//! Work schedules: `get_users_schedule`, `update_users_schedule`.

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::{json, Map, Value};

use super::{ok_data, Ctx};
use crate::error::ApiError;
use crate::params::parse_schedule_date;
use crate::state::{DayKind, User, World};

/// `data` is an object keyed by user id; PHP-style, an empty object or schedule is `[]`.
pub(super) fn get_users_schedule(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    let params = ctx.params;
    let start = params.date("datestart")?;
    let end = params.date("dateend")?;
    let world = &*ctx.world;
    let wanted: Option<Vec<u64>> = params.text("users").map(|list| {
        list.split(',')
            .filter_map(|key| world.user_by_key(key))
            .map(|user| user.id)
            .collect()
    });
    let data: Map<String, Value> = world
        .users
        .values()
        .filter(|user| wanted.as_ref().is_none_or(|ids| ids.contains(&user.id)))
        .map(|user| {
            let schedule = schedule_json(world, user.id, start, end);
            (user.id.to_string(), user_schedule(user, schedule))
        })
        .collect();
    Ok(ok_data(php_object(data)))
}

fn schedule_json(
    world: &World,
    user_id: u64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Value {
    let days: Map<String, Value> = world
        .schedules
        .get(&user_id)
        .into_iter()
        .flatten()
        .filter(|(date, _)| start.is_none_or(|start| **date >= start))
        .filter(|(date, _)| end.is_none_or(|end| **date <= end))
        .map(|(date, kind)| (date.to_string(), json!(kind.as_str())))
        .collect();
    php_object(days)
}

fn user_schedule(user: &User, schedule: Value) -> Value {
    json!({
        "id": user.id.to_string(),
        "email": user.email,
        "name": user.name(),
        "group": user.group,
        "department": user.department,
        "schedule": schedule,
    })
}

/// PHP's json_encode writes an empty associative array as `[]`.
fn php_object(map: Map<String, Value>) -> Value {
    if map.is_empty() {
        json!([])
    } else {
        Value::Object(map)
    }
}

/// One requested change: set a day to a kind, or clear it (`unset` → `None`).
struct DayChange {
    user_id: u64,
    date: NaiveDate,
    kind: Option<DayKind>,
}

/// Applies `data` = `{"<email or id>": {"<date>": "vacation"|"sick-leave"|"workday"|"unset"}}`
/// all-or-nothing. "Days added" counts days that had no entry; "days updated" counts days
/// whose entry was replaced or unset.
pub(super) fn update_users_schedule(ctx: &mut Ctx<'_>) -> Result<Value, ApiError> {
    if !ctx.world.schedule_writes_allowed {
        return Err(ApiError::access_denied(
            "schedule changes through the API are disabled for this account",
        ));
    }
    let data = schedule_data(ctx)?;
    let changes = parse_changes(ctx, &data)?;
    let (mut added, mut updated) = (0, 0);
    for change in changes {
        let days = ctx.world.schedules.entry(change.user_id).or_default();
        let previous = match change.kind {
            Some(kind) => days.insert(change.date, kind),
            None => days.remove(&change.date),
        };
        match (previous, change.kind) {
            (None, Some(_)) => added += 1,
            (Some(_), _) => updated += 1,
            (None, None) => {}
        }
    }
    Ok(json!({
        "status": "ok",
        "data": [],
        "message": format!("Days added: {added}, days updated: {updated}"),
    }))
}

/// `data` as an object: a JSON object in the body, or a JSON text in the query or body.
fn schedule_data(ctx: &Ctx<'_>) -> Result<Map<String, Value>, ApiError> {
    let parsed = match ctx.params.raw("data") {
        None | Some(Value::Null) => return Err(ApiError::required("data")),
        Some(Value::String(text)) if text.trim().is_empty() => {
            return Err(ApiError::required("data"))
        }
        Some(Value::String(text)) => serde_json::from_str(text)
            .map_err(|_| ApiError::invalid_field("data", "not valid JSON"))?,
        Some(other) => other.clone(),
    };
    match parsed {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::invalid_field(
            "data",
            "expected an object keyed by user email or id",
        )),
    }
}

fn parse_changes(ctx: &Ctx<'_>, data: &Map<String, Value>) -> Result<Vec<DayChange>, ApiError> {
    let mut changes = Vec::new();
    for (key, days) in data {
        let user = ctx
            .world
            .user_by_key(key)
            .ok_or_else(|| ApiError::new(11, "Invalid email").with_details(key.clone()))?;
        if user.id != ctx.actor.id && !ctx.actor.role.manages_others() {
            return Err(ApiError::access_denied(format!(
                "a user with the role {} can only change their own schedule, not {}'s",
                ctx.actor.role.label(),
                user.email
            )));
        }
        let Value::Object(days) = days else {
            return Err(ApiError::invalid_field(
                "data",
                &format!("expected an object of dates for {key}"),
            ));
        };
        for (date, kind) in days {
            changes.push(parse_day(user.id, date, kind)?);
        }
    }
    Ok(changes)
}

fn parse_day(user_id: u64, date: &str, kind: &Value) -> Result<DayChange, ApiError> {
    let parsed_date = parse_schedule_date(date).ok_or_else(|| {
        ApiError::invalid_field(
            "data",
            &format!("invalid date '{date}', expected DD.MM.YYYY or YYYY-MM-DD"),
        )
    })?;
    let kind_text = kind.as_str().unwrap_or_default();
    let kind = match kind_text {
        "unset" => None,
        other => Some(DayKind::parse(other).ok_or_else(|| {
            ApiError::invalid_field(
                "data",
                &format!("invalid value '{kind}' for {date}: expected vacation, sick-leave, workday or unset"),
            )
        })?),
    };
    let weekend = matches!(parsed_date.weekday(), Weekday::Sat | Weekday::Sun);
    if kind == Some(DayKind::Workday) && !weekend {
        return Err(ApiError::invalid_field(
            "data",
            &format!("'workday' is only valid on a Saturday or Sunday, not {date}"),
        ));
    }
    Ok(DayChange {
        user_id,
        date: parsed_date,
        kind,
    })
}
