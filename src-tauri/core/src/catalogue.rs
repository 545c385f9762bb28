//! What the tracker knows about the account, kept between requests: who I am, my open tasks
//! (saved for the next start and for offline use), the tasks I tracked lately, the projects with
//! their entry options, and whether today is a day off. Each is fetched when it is stale and
//! written back only for the sign-in that asked.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;

use crate::api::ApiClient;
use crate::error::{Error, InputError, Result, StoreError};
use crate::ipc::Profile;
use crate::models::{DayKind, Id, Me, Project, TaskSummary};
use crate::service::Tracker;
use crate::session::{Generation, SignedIn};
use crate::t;
use crate::task_search::{Favoured, TaskIndex};

/// Projects (with their entry options) are fetched again after this long.
const PROJECTS_MAX_AGE: Duration = Duration::from_secs(30 * 60);
/// My open tasks are fetched again after this long (or on demand), never one request per task.
pub const TASKS_MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// How many recent tasks the tray offers to start on.
pub const QUICK_TASKS: usize = 5;

fn tasks_key(api: &ApiClient) -> String {
    format!("tasks@{}", api.account_url())
}

/// My task list as saved in the local database.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredTasks {
    at: i64,
    tasks: Vec<TaskSummary>,
}

/// A task and its subtasks, as pickable summaries (subtasks name their parent's project).
fn flatten_task(task: &crate::models::Task) -> Vec<TaskSummary> {
    let mut out = vec![TaskSummary::from(task)];
    for child in task.child.iter().filter(|c| c.is_open()) {
        let mut summary = TaskSummary::from(child);
        if summary.project.is_empty() {
            summary.project.clone_from(&out[0].project);
        }
        out.push(summary);
    }
    out
}

/// What the user typed to name a task.
#[derive(Debug, PartialEq)]
pub enum TaskRef {
    Id(Id),
    Search(String),
}

impl TaskRef {
    pub fn parse(text: &str) -> Result<TaskRef> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid_input(t!("task-ref-empty")));
        }
        if text.chars().all(|c| c.is_ascii_digit()) {
            return Ok(TaskRef::Id(Id(text.to_owned())));
        }
        let text = text.strip_prefix('#').unwrap_or(text);
        if text.chars().all(|c| c.is_ascii_digit()) {
            return Ok(TaskRef::Id(Id(text.to_owned())));
        }
        if let Some(at) = text.find("/project/") {
            let path = text[at + "/project/".len()..]
                .split(['?', '#'])
                .next()
                .unwrap_or_default();
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            return match segments.as_slice() {
                [_project, task, ..]
                    if segments[1..]
                        .iter()
                        .all(|s| s.chars().all(|c| c.is_ascii_digit())) =>
                {
                    Ok(TaskRef::Id(Id(
                        (*segments.last().unwrap_or(task)).to_owned()
                    )))
                }
                _ => Err(Error::invalid_input(t!(
                    "task-ref-project-link",
                    link = text
                ))),
            };
        }
        Ok(TaskRef::Search(text.to_owned()))
    }
}

/// The catalogue's store: what is known for the current sign-in.
#[derive(Default)]
pub(crate) struct Catalogue {
    known: Mutex<Known>,
    /// The tasks the user pinned (the tray's settings): they rank up in a search. Kept across
    /// sign-ins, as the settings are.
    pinned: Mutex<Vec<Id>>,
    /// One fetch of my task list at a time: callers that arrive meanwhile find the list it
    /// brought.
    fetching: tokio::sync::Mutex<()>,
    /// One look-up of who I am at a time, for the same reason.
    looking_up_me: tokio::sync::Mutex<()>,
}

impl Catalogue {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn fetching(&self) -> &tokio::sync::Mutex<()> {
        &self.fetching
    }

    pub(crate) fn looking_up_me(&self) -> &tokio::sync::Mutex<()> {
        &self.looking_up_me
    }

    pub(crate) fn pinned(&self) -> MutexGuard<'_, Vec<Id>> {
        self.pinned.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What is known about the account of one sign-in.
#[derive(Default)]
pub(crate) struct Known {
    generation: Generation,
    pub(crate) me: Option<Me>,
    pub(crate) my_tasks: Option<(SystemTime, Vec<TaskSummary>)>,
    /// Tasks the timer ran on lately, most recent first.
    pub(crate) recent: Vec<TaskSummary>,
    /// Whether today is a day off, as looked up on that date.
    pub(crate) day_off: Option<(NaiveDate, Option<DayKind>)>,
    /// A timer started on that date before its schedule was known (the start did not wait
    /// for it): asked about once the schedule says it is a day off.
    pub(crate) started_before_day_known: Option<(NaiveDate, TaskSummary)>,
    /// Projects with their time-entry options, for checking entries before sending them.
    pub(crate) projects: Option<(SystemTime, Vec<Project>)>,
    /// My tasks in open projects, ready to search: built once per task list (and project
    /// list), not on every keystroke. The key is when those two lists were fetched.
    task_index: Option<(IndexKey, Arc<TaskIndex>)>,
}

type IndexKey = (SystemTime, Option<SystemTime>);

impl Known {
    /// Nothing known yet, for the sign-in `generation`.
    pub(crate) fn new(generation: Generation) -> Known {
        Known {
            generation,
            ..Known::default()
        }
    }

    pub(crate) fn generation(&self) -> Generation {
        self.generation
    }

    /// A task I know by its id: from my tasks or those I tracked lately.
    pub(crate) fn task(&self, id: &Id) -> Option<TaskSummary> {
        self.my_tasks
            .iter()
            .flat_map(|(_, tasks)| tasks)
            .chain(&self.recent)
            .find(|t| t.id == *id)
            .cloned()
    }

    /// The timer ran on `task`: it heads the recent ones.
    pub(crate) fn ran_on(&mut self, task: TaskSummary) {
        self.recent.retain(|t| t.id != task.id);
        self.recent.insert(0, task);
        self.recent.truncate(QUICK_TASKS);
    }

    /// False for a task of a project known to be archived: still "open" in Worksection's
    /// task search, but nobody means to track time on it.
    fn in_open_project(&self, task: &TaskSummary) -> bool {
        let Some((_, projects)) = &self.projects else {
            return true;
        };
        projects
            .iter()
            .find(|p| p.id.as_str() == task.project_id)
            .is_none_or(|p| !p.status.eq_ignore_ascii_case("archived"))
    }
}

impl Tracker {
    pub(crate) async fn projects_with_options(&self) -> Result<Vec<Project>> {
        self.projects_with(&self.session()?).await
    }

    /// Projects with their options, fetched with `api` when the cached ones are stale (the
    /// poller keeps them fresh in the background, so logging time never waits for them).
    pub(crate) async fn projects_with(
        &self,
        signed_in: &crate::session::SignedIn,
    ) -> Result<Vec<Project>> {
        let cached = self
            .known_for(signed_in)
            .and_then(|known| known.projects.clone());
        if let Some((at, projects)) = cached {
            if SystemTime::now()
                .duration_since(at)
                .is_ok_and(|age| age < PROJECTS_MAX_AGE)
            {
                return Ok(projects);
            }
        }
        let projects = signed_in.api.projects(None, true).await;
        self.note(signed_in, &projects);
        let projects = projects?;
        if let Some(mut known) = self.known_for(signed_in) {
            known.projects = Some((SystemTime::now(), projects.clone()));
        }
        Ok(projects)
    }

    /// The signed-in user, asking the server the first time.
    pub async fn me(&self) -> Result<Me> {
        self.ensure_me().await
    }

    pub(crate) async fn ensure_me(&self) -> Result<Me> {
        self.ensure_me_with(&self.session()?).await
    }

    pub(crate) async fn ensure_me_with(&self, signed_in: &SignedIn) -> Result<Me> {
        let known_me = || self.known_for(signed_in).and_then(|known| known.me.clone());
        if let Some(me) = known_me() {
            return Ok(me);
        }
        let _one_at_a_time = self.me_lookup().lock().await;
        if let Some(me) = known_me() {
            return Ok(me);
        }
        let key = format!("me@{}", signed_in.api.account_url());
        let me = signed_in.api.me().await;
        self.note(signed_in, &me);
        let me = match me {
            Ok(me) => {
                self.remember(&key, &me);
                me
            }
            // Offline or signed out: who I am does not change; what was seen last time lets
            // entries queue.
            Err(error) if error.is_unavailable() => self.recall(&key).ok_or(error)?,
            Err(error) => return Err(error),
        };
        if let Some(mut known) = self.known_for(signed_in) {
            known.me = Some(me.clone());
        }
        Ok(me)
    }

    pub async fn whoami(&self) -> Result<Profile> {
        let me = self.ensure_me().await?;
        Ok(Profile {
            id: me.id.to_string(),
            name: me.display_name(),
            email: me.email.clone(),
            role: me.role.as_ref().map(|r| r.label().to_owned()),
            account_url: self.api()?.account_url().to_string(),
        })
    }

    /// Tasks to offer for a one-click start: recent ones first, then my open tasks.
    pub fn quick_tasks(&self) -> Vec<TaskSummary> {
        let known = self.known();
        let mut quick = known.recent.clone();
        for task in known
            .my_tasks
            .iter()
            .flat_map(|(_, tasks)| tasks)
            .filter(|t| known.in_open_project(t))
        {
            if quick.len() >= QUICK_TASKS {
                break;
            }
            if !quick.iter().any(|t| t.id == task.id) {
                quick.push(task.clone());
            }
        }
        quick.truncate(QUICK_TASKS);
        quick
    }

    /// My open tasks, from a cache no older than [`TASKS_MAX_AGE`].
    pub async fn my_tasks(&self) -> Result<Vec<TaskSummary>> {
        self.my_tasks_with(&self.session()?, TASKS_MAX_AGE).await
    }

    pub(crate) async fn my_tasks_with(
        &self,
        signed_in: &SignedIn,
        max_age: Duration,
    ) -> Result<Vec<TaskSummary>> {
        // One fetch at a time: callers that arrive meanwhile find the list it brought.
        let _fetching = self.tasks_fetch().lock().await;
        let key = tasks_key(&signed_in.api);
        self.load_saved_tasks(signed_in);
        let cached = self
            .known_for(signed_in)
            .and_then(|known| known.my_tasks.clone());
        if let Some((at, tasks)) = &cached {
            if SystemTime::now()
                .duration_since(*at)
                .is_ok_and(|age| age < max_age)
            {
                return Ok(tasks.clone());
            }
        }
        let me = self.ensure_me_with(signed_in).await?;
        let fetched = signed_in.api.my_open_tasks(&me.email).await;
        self.note(signed_in, &fetched);
        let tasks: Vec<TaskSummary> = match fetched {
            Ok(tasks) => tasks.iter().flat_map(flatten_task).collect(),
            // Offline or signed out: an old list still names the tasks the user works on.
            Err(error) if error.is_unavailable() => {
                return cached.map(|(_, tasks)| tasks).ok_or(error)
            }
            Err(error) => return Err(error),
        };
        let now = SystemTime::now();
        self.remember(
            &key,
            &StoredTasks {
                at: crate::auth::session::unix_seconds(now),
                tasks: tasks.clone(),
            },
        );
        if let Some(mut known) = self.known_for(signed_in) {
            known.my_tasks = Some((now, tasks.clone()));
        }
        Ok(tasks)
    }

    /// A restarted app starts from the task list it saved, not from an empty one (no request).
    pub(crate) fn load_saved_tasks(&self, signed_in: &SignedIn) {
        if self.known().my_tasks.is_some() {
            return;
        }
        let saved = self.recall::<StoredTasks>(&tasks_key(&signed_in.api));
        let Some(mut known) = self.known_for(signed_in) else {
            return;
        };
        if known.my_tasks.is_none() {
            known.my_tasks = saved.map(|stored| {
                (
                    crate::auth::session::from_unix_seconds(stored.at),
                    stored.tasks,
                )
            });
        }
    }

    /// Keeps a small non-secret fact in the local database, for the next start or the next
    /// time the network is gone.
    pub(crate) fn remember<T: serde::Serialize>(&self, key: &str, value: &T) {
        let saved = self.outbox().and_then(|outbox| {
            serde_json::to_string(value)
                .map_err(|e| StoreError::Encode(e).into())
                .and_then(|json| outbox.database().remember(key, &json))
        });
        if let Err(error) = saved {
            tracing::debug!("{key} is not remembered: {error}");
        }
    }

    pub(crate) fn recall<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        let json = self.outbox().ok()?.database().recall(key).ok()??;
        serde_json::from_str(&json).ok()
    }

    /// My open tasks matching `query` as people type (see `task_search`), best first; all of
    /// them, in Worksection's order, without one.
    pub async fn tasks(&self, query: Option<&str>) -> Result<Vec<TaskSummary>> {
        let index = self.task_index().await?;
        Ok(match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(query) => {
                let recent: Vec<Id> = self.known().recent.iter().map(|t| t.id.clone()).collect();
                let pinned = self.pinned_tasks().clone();
                let favoured = Favoured {
                    pinned: &pinned,
                    recent: &recent,
                };
                index
                    .search(query, favoured)
                    .into_iter()
                    .map(|found| found.task.clone())
                    .collect()
            }
            None => index.tasks().cloned().collect(),
        })
    }

    /// The tasks the user pinned rank up in a search.
    pub fn set_pinned(&self, pinned: Vec<Id>) {
        *self.pinned_tasks() = pinned;
    }

    /// My tasks in open projects, indexed for searching: the index of the lists known, or a
    /// new one when either list changed (built without holding the lock: thousands of tasks
    /// take a few tens of milliseconds).
    async fn task_index(&self) -> Result<Arc<TaskIndex>> {
        let tasks = self.my_tasks().await?;
        self.know_projects().await;
        let (key, open) = {
            let known = self.known();
            let key = known
                .my_tasks
                .as_ref()
                .map(|(at, _)| (*at, known.projects.as_ref().map(|(at, _)| *at)));
            if let Some((built_for, index)) = &known.task_index {
                if Some(*built_for) == key {
                    return Ok(Arc::clone(index));
                }
            }
            let open: Vec<TaskSummary> = tasks
                .into_iter()
                .filter(|task| known.in_open_project(task))
                .collect();
            (key, open)
        };
        let index = Arc::new(TaskIndex::new(open));
        if let Some(key) = key {
            self.known().task_index = Some((key, Arc::clone(&index)));
        }
        Ok(index)
    }

    /// Tasks of archived projects are told apart by the project list: a task list is never
    /// offered before it was fetched once, unless it cannot be (offline), and then every task
    /// is offered rather than none.
    pub(crate) async fn know_projects(&self) {
        if self.known().projects.is_some() {
            return;
        }
        let Ok(signed_in) = self.session() else {
            return;
        };
        if let Err(error) = self.projects_with(&signed_in).await {
            tracing::info!("archived projects not known yet: {error}");
        }
    }

    /// Turns what the user typed into a task: an id, a task link, or search text that matches
    /// exactly one of my open tasks.
    pub async fn resolve_task(&self, task_ref: &str) -> Result<TaskSummary> {
        match TaskRef::parse(task_ref)? {
            TaskRef::Id(id) => {
                if let Ok(signed_in) = self.session() {
                    self.load_saved_tasks(&signed_in);
                }
                let known = self
                    .known()
                    .my_tasks
                    .as_ref()
                    .and_then(|(_, tasks)| tasks.iter().find(|t| t.id == id).cloned());
                Ok(known.unwrap_or(TaskSummary {
                    id,
                    name: String::new(),
                    project: String::new(),
                    project_id: String::new(),
                    page: String::new(),
                }))
            }
            TaskRef::Search(query) => pick_one(&*self.task_index().await?, &query),
        }
    }
}

/// The one task `query` names, never a guess between several: a task of exactly that name, or
/// the only one whose name has every word as typed, or the only one that matches at all.
/// Otherwise the candidates, best first (those with the words as typed, when there are any).
fn pick_one(index: &TaskIndex, query: &str) -> Result<TaskSummary> {
    const CANDIDATES: usize = 10;
    let found = index.search(query, Favoured::default());
    let named: Vec<_> = found.iter().filter(|f| f.whole_name).collect();
    let literal: Vec<_> = found.iter().filter(|f| f.literal).collect();
    let candidates: Vec<TaskSummary> = match (named.as_slice(), literal.as_slice()) {
        ([one], _) | ([], [one]) => return Ok(one.task.clone()),
        ([], []) => found.iter().map(|f| f.task.clone()).collect(),
        ([], several) => several.iter().map(|f| f.task.clone()).collect(),
        (several, _) => several.iter().map(|f| f.task.clone()).collect(),
    };
    match candidates.as_slice() {
        [] => Err(Error::Input(InputError::TaskNotFound {
            query: query.to_owned(),
        })),
        [one] => Ok(one.clone()),
        _ => Err(Error::Input(InputError::AmbiguousTask {
            query: query.to_owned(),
            candidates: candidates.into_iter().take(CANDIDATES).collect(),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: u64, name: &str, project: &str) -> TaskSummary {
        TaskSummary {
            id: Id::from(id),
            name: name.into(),
            project: project.into(),
            project_id: String::new(),
            page: String::new(),
        }
    }

    #[test]
    fn task_refs() {
        assert_eq!(
            TaskRef::parse("330090").unwrap(),
            TaskRef::Id(Id::from(330090))
        );
        assert_eq!(
            TaskRef::parse("#330090").unwrap(),
            TaskRef::Id(Id::from(330090))
        );
        assert_eq!(
            TaskRef::parse("https://acme.worksection.com/project/6622/330090/").unwrap(),
            TaskRef::Id(Id::from(330090))
        );
        assert_eq!(
            TaskRef::parse("/project/6622/330090/330095/").unwrap(),
            TaskRef::Id(Id::from(330095))
        );
        assert!(TaskRef::parse("https://acme.worksection.com/project/6622/").is_err());
        assert_eq!(
            TaskRef::parse(" fix login ").unwrap(),
            TaskRef::Search("fix login".into())
        );
        assert!(TaskRef::parse("  ").is_err());
    }

    #[test]
    fn a_task_is_picked_only_when_nothing_else_could_be_meant() {
        let tasks = vec![
            task(1, "Login", "Website"),
            task(2, "Login page design", "Website"),
            task(3, "Logo ingest", "Brand"),
            task(4, "Quarterly report", "Finance"),
            task(5, "Quarterly review", "Finance"),
        ];
        let index = TaskIndex::new(tasks);
        let picked = |query: &str| pick_one(&index, query).map(|t| t.id.to_string());
        // A whole name wins over the longer names that contain it.
        assert_eq!(picked("login").unwrap(), "1");
        // The one name with the words as typed, not the loose matches beside it.
        assert_eq!(picked("page").unwrap(), "2");
        // A typing slip, when it is the only match.
        assert_eq!(picked("ingset").unwrap(), "3");
        match pick_one(&index, "quarterly") {
            Err(Error::Input(InputError::AmbiguousTask { candidates, .. })) => assert_eq!(
                candidates
                    .iter()
                    .map(|t| t.id.to_string())
                    .collect::<Vec<_>>(),
                ["4", "5"]
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            pick_one(&index, "nothing like it"),
            Err(Error::Input(InputError::TaskNotFound { .. }))
        ));
    }
}
