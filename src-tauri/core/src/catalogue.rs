//! What the tracker knows about the account, kept between requests: who I am, my open tasks
//! (saved for the next start and for offline use), the tasks I tracked lately, the projects with
//! their entry options, and whether today is a day off. Each is fetched when it is stale and
//! written back only for the sign-in that asked.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;

use crate::api::ApiClient;
use crate::error::{Error, Result};
use crate::ipc::Profile;
use crate::models::{DayKind, Id, Me, Project, TaskSummary};
use crate::service::Tracker;
use crate::session::{Generation, SignedIn};

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

/// Every word of `query` must appear in the task's name or project; name matches rank first.
pub fn filter_tasks(tasks: &[TaskSummary], query: &str) -> Vec<TaskSummary> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut scored: Vec<(usize, &TaskSummary)> = tasks
        .iter()
        .filter_map(|task| {
            let name = task.name.to_lowercase();
            let haystack = format!("{name} {}", task.project.to_lowercase());
            words
                .iter()
                .all(|w| haystack.contains(w.as_str()))
                .then(|| {
                    let in_name = words.iter().filter(|w| name.contains(w.as_str())).count();
                    (words.len() - in_name, task)
                })
        })
        .collect();
    scored.sort_by_key(|(rank, _)| *rank);
    scored.into_iter().map(|(_, task)| task.clone()).collect()
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
            return Err(Error::Input(
                "name a task: its id, its Worksection link, or words from its name".into(),
            ));
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
                _ => Err(Error::Input(format!(
                    "\"{text}\" is a project link, not a task link (expected …/project/P/T/)"
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
    /// One fetch of my task list at a time: callers that arrive meanwhile find the list it
    /// brought.
    fetching: tokio::sync::Mutex<()>,
}

impl Catalogue {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn fetching(&self) -> &tokio::sync::Mutex<()> {
        &self.fetching
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
    /// Projects with their time-entry options, for checking entries before sending them.
    pub(crate) projects: Option<(SystemTime, Vec<Project>)>,
}

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
        if let Some(me) = self.known_for(signed_in).and_then(|known| known.me.clone()) {
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
                .map_err(|e| Error::Config(e.to_string()))
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

    /// My open tasks matching `query` (every word in the task or project name), best first.
    pub async fn tasks(&self, query: Option<&str>) -> Result<Vec<TaskSummary>> {
        let mut tasks = self.my_tasks().await?;
        self.know_projects().await;
        {
            let known = self.known();
            tasks.retain(|task| known.in_open_project(task));
        }
        Ok(match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(query) => filter_tasks(&tasks, query),
            None => tasks,
        })
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
            TaskRef::Search(query) => {
                let mut matches = self.tasks(Some(&query)).await?;
                let exact: Vec<_> = matches
                    .iter()
                    .filter(|t| t.name.eq_ignore_ascii_case(&query))
                    .cloned()
                    .collect();
                if exact.len() == 1 {
                    return Ok(exact.into_iter().next().expect("one exact match"));
                }
                match matches.len() {
                    0 => Err(Error::TaskNotFound { query }),
                    1 => Ok(matches.remove(0)),
                    _ => Err(Error::AmbiguousTask {
                        query,
                        candidates: matches,
                    }),
                }
            }
        }
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
    fn filtering_needs_every_word_and_ranks_name_matches_first() {
        let tasks = [
            task(1, "Fix login", "Website"),
            task(2, "Website copy", "Marketing"),
            task(3, "Login page design", "Website"),
        ];
        let found = filter_tasks(&tasks, "login website");
        assert_eq!(
            found.iter().map(|t| t.id.to_string()).collect::<Vec<_>>(),
            ["1", "3"]
        );
        let found = filter_tasks(&tasks, "website");
        assert_eq!(found[0].id, Id::from(2));
        assert!(filter_tasks(&tasks, "nothing").is_empty());
    }
}
