//! JSON shapes of the vendor's answers. Ids and priorities are strings, `max_time`/`max_money`
//! numbers, `is_timer` a boolean, cost `time`/`money` strings: exactly as in the vendor's
//! example responses (tests/fixtures/vendor).

use serde_json::{json, Map, Value};

use crate::params::{format_minutes, format_money, format_timestamp};
use crate::state::{Cost, Project, Task, TaskStatus, User, World, ANY_ID, NOONE_ID, NO_MANAGER_ID};

/// `{id, email, name}` of a user, including the vendor's pseudo-users.
pub(crate) fn user_ref(world: &World, id: u64) -> Value {
    let (email, name) = match id {
        NO_MANAGER_ID => ("NOONE".to_owned(), "Manager isn't assigned".to_owned()),
        NOONE_ID => ("NOONE".to_owned(), "Executive isn't assigned".to_owned()),
        ANY_ID => ("ANY".to_owned(), "Anyone".to_owned()),
        _ => match world.user(id) {
            Some(user) => (user.email.clone(), user.name()),
            None => ("NOONE".to_owned(), "Executive isn't assigned".to_owned()),
        },
    };
    json!({ "id": id.to_string(), "email": email, "name": name })
}

fn project_page(project_id: u64) -> String {
    format!("/project/{project_id}/")
}

/// `{id, name, page}` of a project.
pub(crate) fn project_ref(project: &Project) -> Value {
    json!({
        "id": project.id.to_string(),
        "name": project.name,
        "page": project_page(project.id),
    })
}

/// Which optional parts of a project to include (`extra=text,options,users`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ProjectView {
    pub(crate) text: bool,
    pub(crate) options: bool,
    pub(crate) users: bool,
}

pub(crate) fn project_json(world: &World, project: &Project, view: ProjectView) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(project.id.to_string()));
    out.insert("name".into(), json!(project.name));
    out.insert("page".into(), json!(project_page(project.id)));
    out.insert("status".into(), json!(project.status.as_str()));
    out.insert("company".into(), json!(project.company));
    out.insert("user_from".into(), user_ref(world, project.user_from));
    out.insert("user_to".into(), user_ref(world, project.user_to));
    if view.text {
        out.insert("text".into(), json!(project.text));
    }
    out.insert(
        "date_added".into(),
        json!(format_timestamp(project.date_added)),
    );
    if let Some(date) = project.date_start {
        out.insert("date_start".into(), json!(date.to_string()));
    }
    if let Some(date) = project.date_end {
        out.insert("date_end".into(), json!(date.to_string()));
    }
    if view.options {
        out.insert("options".into(), json!(project.options));
    }
    if let Some(max_time) = project.max_time {
        out.insert("max_time".into(), json!(max_time));
    }
    if let Some(max_money) = project.max_money {
        out.insert("max_money".into(), json!(max_money));
    }
    if !project.tags.is_empty() {
        let tags: Map<String, Value> = project
            .tags
            .iter()
            .map(|(id, name)| (id.to_string(), json!(name)))
            .collect();
        out.insert("tags".into(), Value::Object(tags));
    }
    if view.users {
        let users: Vec<Value> = project
            .members
            .iter()
            .map(|id| user_ref(world, *id))
            .collect();
        out.insert("users".into(), json!(users));
    }
    Value::Object(out)
}

/// How subtasks appear under a task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Children {
    #[default]
    Omitted,
    /// Full task objects (`get_all_tasks` / `get_tasks` with `extra=subtasks`).
    Full,
    /// `{id, name, page, status, priority}` only (`get_task` with `extra=subtasks`).
    Brief,
}

/// Which optional parts of a task to include.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TaskView {
    pub(crate) text: bool,
    pub(crate) subscribers: bool,
    pub(crate) children: Children,
    /// Leave closed subtasks out of `child` (`filter=active`).
    pub(crate) active_only: bool,
    /// Include `parent` for subtasks (`get_task`).
    pub(crate) parent: bool,
}

impl TaskView {
    /// The view asked for by an `extra=…` list.
    pub(crate) fn from_extra(extra: &[String], children: Children) -> Self {
        let has = |name: &str| extra.iter().any(|item| item == name);
        Self {
            text: has("text") || has("html"),
            subscribers: has("subscribers"),
            children: if has("subtasks") {
                children
            } else {
                Children::Omitted
            },
            active_only: false,
            parent: false,
        }
    }
}

pub(crate) fn task_page(world: &World, task: &Task) -> String {
    let root = world.root_of(task);
    if root.id == task.id {
        format!("/project/{}/{}/", task.project_id, task.id)
    } else {
        format!("/project/{}/{}/{}/", task.project_id, root.id, task.id)
    }
}

/// `{id, name, page, status, priority}`: how related tasks and brief children appear.
pub(crate) fn task_brief(world: &World, task: &Task) -> Value {
    Value::Object(task_brief_fields(world, task))
}

fn task_brief_fields(world: &World, task: &Task) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("id".into(), json!(task.id.to_string()));
    out.insert("name".into(), json!(task.name));
    out.insert("page".into(), json!(task_page(world, task)));
    out.insert("status".into(), json!(task.status.as_str()));
    out.insert("priority".into(), json!(task.priority.to_string()));
    out
}

/// A task as `get_task`, `get_all_tasks`, `search_tasks`, `get_costs` and `get_my_timer` show it.
pub(crate) fn task_json(world: &World, task: &Task, view: TaskView) -> Value {
    let mut out = task_brief_fields(world, task);
    out.insert("user_from".into(), user_ref(world, task.user_from));
    out.insert("user_to".into(), user_ref(world, task.user_to));
    if let Some(project) = world.projects.get(&task.project_id) {
        out.insert("project".into(), project_ref(project));
    }
    if view.parent {
        if let Some(parent) = task.parent_id.and_then(|id| world.tasks.get(&id)) {
            out.insert("parent".into(), task_brief(world, parent));
        }
    }
    if view.text {
        out.insert("text".into(), json!(task.text));
    }
    out.insert(
        "date_added".into(),
        json!(format_timestamp(task.date_added)),
    );
    if let Some(date) = task.date_start {
        out.insert("date_start".into(), json!(date.to_string()));
    }
    if let Some(date) = task.date_end {
        out.insert("date_end".into(), json!(date.to_string()));
    }
    if let Some(closed) = task.date_closed {
        out.insert("date_closed".into(), json!(format_timestamp(closed)));
    }
    if let Some(max_time) = task.max_time {
        out.insert("max_time".into(), json!(max_time));
    }
    if let Some(max_money) = task.max_money {
        out.insert("max_money".into(), json!(max_money));
    }
    if view.subscribers {
        let subscribers: Vec<Value> = task
            .subscribers
            .iter()
            .map(|id| user_ref(world, *id))
            .collect();
        out.insert("subscribers".into(), json!(subscribers));
    }
    let children = children_json(world, task, view);
    if !children.is_empty() {
        out.insert("child".into(), json!(children));
    }
    Value::Object(out)
}

fn children_json(world: &World, task: &Task, view: TaskView) -> Vec<Value> {
    let children = world
        .children_of(task.id)
        .filter(|child| !view.active_only || child.status == TaskStatus::Active);
    match view.children {
        Children::Omitted => Vec::new(),
        Children::Full => children
            .map(|child| {
                task_json(
                    world,
                    child,
                    TaskView {
                        parent: false,
                        ..view
                    },
                )
            })
            .collect(),
        Children::Brief => children
            .map(|child| {
                let mut brief = task_brief_fields(world, child);
                let grandchildren = children_json(world, child, view);
                if !grandchildren.is_empty() {
                    brief.insert("child".into(), json!(grandchildren));
                }
                Value::Object(brief)
            })
            .collect(),
    }
}

/// A `get_costs` row.
pub(crate) fn cost_json(world: &World, cost: &Cost) -> Value {
    let task = world
        .tasks
        .get(&cost.booked.task_id)
        .map_or(Value::Null, |task| {
            task_json(world, task, TaskView::default())
        });
    json!({
        "id": cost.id.to_string(),
        "comment": cost.booked.comment,
        "time": format_minutes(u64::from(cost.booked.minutes)),
        "money": format_money(cost.booked.money_cents),
        "date": cost.booked.date.to_string(),
        "is_timer": cost.booked.is_timer,
        "user_from": user_ref(world, cost.booked.user_id),
        "task": task,
    })
}

/// A whole rate as an integer (`40`, like the vendor's `"rate": 15`), otherwise a decimal.
fn rate_json(rate: f64) -> Value {
    if rate.fract() == 0.0 && rate.abs() < 1e15 {
        json!(rate as i64)
    } else {
        json!(rate)
    }
}

/// The `me` profile.
pub(crate) fn profile_json(user: &User, base_url: &str) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(user.id.to_string()));
    out.insert("first_name".into(), json!(user.first_name));
    out.insert("last_name".into(), json!(user.last_name));
    out.insert("name".into(), json!(user.name()));
    out.insert("title".into(), json!(user.title));
    out.insert("rate".into(), rate_json(user.rate));
    out.insert(
        "avatar".into(),
        json!(format!("{base_url}/images/user/{}_avatar.jpg", user.id)),
    );
    out.insert("group".into(), json!(user.group));
    out.insert("department".into(), json!(user.department));
    out.insert("role".into(), json!(user.role.label()));
    out.insert("email".into(), json!(user.email));
    if let Some(phone) = &user.phone {
        out.insert("phone".into(), json!(phone));
    }
    Value::Object(out)
}
