//! A stand-in for the `worktray` daemon on a real local socket: it answers from a fixed set of
//! tasks and a timer it keeps in memory, records every request, and pushes status events.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::broadcast;
use worktray_core::auth::{SignInDefaults, TeamImported};
use worktray_core::away::AwayReason;
use worktray_core::days_off::{DayView, DaysOffReport, DaysOffView};
use worktray_core::entries::{
    DayEntries, EntriesView, EntryState, EntryView, LogReport, SyncReport, WriteOutcome,
};
use worktray_core::ipc::{
    Connection, CoreRequest, ErrorView, Event, Profile, Reply, Request, RequestHandler, Server,
    StartReport, Status, StopReport, TrayRequest, View,
};
use worktray_core::models::{DayKind, Id, TaskSummary};
use worktray_core::presence::{AwayReport, AwayView};
use worktray_core::settings::Settings;
use worktray_core::timer::TimerView;
use worktray_core::ErrorCode;

pub struct FakeDaemon {
    status: Mutex<Status>,
    requests: Mutex<Vec<Request>>,
    settings: Mutex<Settings>,
    /// Taken by [`FakeDaemon::shut_down`]: subscribers then see the daemon go away.
    events: Mutex<Option<broadcast::Sender<Event>>>,
    /// How long my tasks take, as right after a launch when the daemon asks Worksection.
    tasks_take: Mutex<Duration>,
}

pub fn tasks() -> Vec<TaskSummary> {
    let task = |id: u64, name: &str, project: &str| TaskSummary {
        id: Id::from(id),
        name: name.into(),
        project: project.into(),
        project_id: String::new(),
        page: format!("/project/1/{id}/"),
    };
    vec![
        task(101, "Fix login redirect", "Website"),
        task(102, "Write release notes", "Website"),
        task(203, "Invoice template", "Billing"),
        task(204, "Quarterly report", "Billing"),
        task(305, "Onboarding checklist", "Internal"),
    ]
}

pub fn running(task: TaskSummary, elapsed_seconds: u64) -> TimerView {
    let minutes = elapsed_seconds / 60;
    TimerView {
        task,
        started: Some("2025-11-28 09:12".into()),
        elapsed_seconds,
        elapsed_text: format!("{}:{:02}", minutes / 60, minutes % 60),
    }
}

/// The fake's away question: 72 minutes with the screen locked, on the first task.
pub fn away() -> AwayView {
    AwayView {
        id: 1_764_324_000,
        start: "2025-11-28T10:00:00+00:00".into(),
        end: "2025-11-28T11:12:00+00:00".into(),
        start_text: "11:00".into(),
        end_text: "12:12".into(),
        reason: AwayReason::Locked,
        minutes: 72,
        away_text: "1:12".into(),
        task: tasks().remove(0),
    }
}

pub fn status(timer: Option<TimerView>) -> Status {
    Status {
        connection: worktray_core::ipc::Connection::Online,
        signed_in_as: Some("Anna Kovalenko".into()),
        timer,
        checked_at: Some("2025-11-28T10:37:00+00:00".into()),
        problem: None,
        queue: Default::default(),
        away: None,
        back_since: None,
        language: worktray_core::i18n::Lang::Uk,
    }
}

/// A day of November 2025, the fake's month. (Generic so the window needs no chrono of its
/// own: the core's date type is inferred where the day goes.)
pub fn day<D: std::str::FromStr>(day: u32) -> D
where
    D::Err: std::fmt::Debug,
{
    format!("2025-11-{day:02}").parse().expect("a date")
}

pub fn profile() -> Profile {
    Profile {
        id: "7".into(),
        name: "Anna Kovalenko".into(),
        email: "anna@example.com".into(),
        role: Some("user".into()),
        account_url: "https://example.worksection.com".into(),
    }
}

/// One saved entry on Fri 28 Nov 2025.
pub fn entries() -> EntriesView {
    let entry = EntryView {
        id: Some("9001".into()),
        queue_id: None,
        task: tasks()[0].clone(),
        date: day(28),
        minutes: 90,
        time_text: "1:30".into(),
        money: None,
        comment: "Fixed the redirect loop".into(),
        is_timer: false,
        state: EntryState::Saved,
        problem: None,
    };
    EntriesView {
        from: day(24),
        to: day(30),
        days: vec![DayEntries {
            date: day(28),
            total_minutes: 90,
            total_text: "1:30".into(),
            entries: vec![entry],
        }],
        total_minutes: 90,
        total_text: "1:30".into(),
        other_queued: Vec::new(),
        problem: None,
    }
}

fn error(code: ErrorCode, message: &str) -> Reply {
    Reply::Error(ErrorView {
        code,
        message: message.into(),
        candidates: Vec::new(),
    })
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl FakeDaemon {
    pub fn new(initial: Status) -> Arc<FakeDaemon> {
        let (events, _) = broadcast::channel(16);
        Arc::new(FakeDaemon {
            status: Mutex::new(initial),
            requests: Mutex::new(Vec::new()),
            settings: Mutex::new(Settings::default()),
            events: Mutex::new(Some(events)),
            tasks_take: Mutex::new(Duration::ZERO),
        })
    }

    /// Makes every `tasks` request wait `wait` before it is answered.
    pub fn slow_tasks(&self, wait: Duration) {
        *lock(&self.tasks_take) = wait;
    }

    /// Binds `path` and serves on the current tokio runtime.
    pub async fn serve(self: &Arc<Self>, path: &Path) -> PathBuf {
        let server = Server::bind(path).await.expect("bind the fake daemon");
        let handler: Arc<dyn RequestHandler> = self.clone();
        tokio::spawn(server.serve(handler));
        path.to_path_buf()
    }

    pub fn requests(&self) -> Vec<Request> {
        lock(&self.requests).clone()
    }

    /// Sets the state and pushes it to subscribers, as the daemon does every minute.
    pub fn publish(&self, status: Status) {
        *lock(&self.status) = status.clone();
        if let Some(events) = lock(&self.events).as_ref() {
            let _ = events.send(Event::Status(status));
        }
    }

    /// Asks open windows to show `view`, as the tray's menu does.
    pub fn show_view(&self, view: View) {
        if let Some(events) = lock(&self.events).as_ref() {
            let _ = events.send(Event::ShowView { view });
        }
    }

    /// Ends every subscription, as a daemon that quits does.
    pub fn shut_down(&self) {
        lock(&self.events).take();
    }

    fn answer(&self, request: Request) -> Reply {
        lock(&self.requests).push(request.clone());
        match request {
            Request::Core(request) => self.answer_core(request),
            Request::Tray(request) => self.answer_tray(request),
        }
    }

    fn answer_core(&self, request: CoreRequest) -> Reply {
        let mut status = lock(&self.status);
        match request {
            CoreRequest::Status { .. } => Reply::Status(status.clone()),
            CoreRequest::Tasks { query } => {
                let query = query.unwrap_or_default().to_lowercase();
                let tasks = tasks()
                    .into_iter()
                    .filter(|t| {
                        let haystack = format!("{} {}", t.name, t.project).to_lowercase();
                        query.split_whitespace().all(|w| haystack.contains(w))
                    })
                    .collect();
                Reply::Tasks { tasks }
            }
            // Task 305 is asked for on a day off: started only once the user confirms.
            CoreRequest::Start {
                task,
                on_day_off: false,
                ..
            } if task == "305" => error(
                ErrorCode::DayOff,
                "today is marked as vacation; start the timer anyway?",
            ),
            CoreRequest::Start { task, .. } => {
                match tasks().into_iter().find(|t| t.id.as_str() == task) {
                    Some(found) => {
                        let stopped_first = status.timer.take();
                        *status = self::status(Some(running(found, 0)));
                        Reply::Started(StartReport {
                            stopped_first,
                            already_running: false,
                            queued: None,
                            booked_before_start: None,
                            status: status.clone(),
                        })
                    }
                    None => Reply::Error(ErrorView {
                        code: ErrorCode::TaskNotFound,
                        message: format!("no open task matches \"{task}\""),
                        candidates: Vec::new(),
                    }),
                }
            }
            CoreRequest::Stop { .. } => {
                let stopped = status.timer.take();
                Reply::Stopped(StopReport {
                    stopped,
                    queued: None,
                    status: status.clone(),
                })
            }
            CoreRequest::Discard => {
                status.timer = None;
                Reply::Discarded(status.clone())
            }
            CoreRequest::Log {
                entry,
                preview_only,
            } => match tasks().into_iter().find(|t| t.id.as_str() == entry.task) {
                Some(task) => {
                    let report = |outcome| LogReport {
                        preview: format!("1 h 30 min on Fri 28 Nov — {}", task.name),
                        task: task.clone(),
                        minutes: 90,
                        date: day(28),
                        outcome,
                    };
                    if preview_only {
                        Reply::Previewed(report(WriteOutcome::Queued {
                            reason: worktray_core::outbox::QueueReason::NotSentYet,
                        }))
                    } else {
                        Reply::Logged(report(WriteOutcome::Sent { message: None }))
                    }
                }
                None => error(
                    ErrorCode::TaskNotFound,
                    &format!("no open task matches \"{}\"", entry.task),
                ),
            },
            CoreRequest::Entries { .. } => Reply::Entries(entries()),
            CoreRequest::Sync | CoreRequest::RetryQueued { .. } => Reply::Synced(SyncReport {
                sent: 1,
                pending: 0,
                parked: Vec::new(),
                held_back_by: None,
            }),
            CoreRequest::EditEntry { .. } | CoreRequest::DeleteEntry { .. } => {
                Reply::Written(WriteOutcome::Sent { message: None })
            }
            CoreRequest::DiscardQueued { .. } => Reply::Done,
            CoreRequest::DaysOff { .. } => Reply::DaysOff(DaysOffView {
                from: day(24),
                to: day(25),
                days: vec![
                    DayView {
                        date: day(24),
                        weekend: false,
                        today: false,
                        kind: Some(DayKind::Vacation),
                        pending: None,
                    },
                    DayView {
                        date: day(25),
                        weekend: false,
                        today: false,
                        kind: None,
                        pending: None,
                    },
                ],
                queued: Vec::new(),
            }),
            CoreRequest::SetDaysOff { mark, .. } => Reply::DaysOffSet(DaysOffReport {
                mark,
                dates: vec![day(24), day(25)],
                outcome: WriteOutcome::Sent {
                    message: Some("Days added: 2, days updated: 0".into()),
                },
            }),
            CoreRequest::Away => Reply::Away {
                periods: vec![away()],
            },
            CoreRequest::AnswerAway { answer, .. } => Reply::AwayAnswered(AwayReport {
                answered: away(),
                answer,
                queued: None,
                given: None,
                status: status.clone(),
            }),
            // The window never sends the rest (whoami, open a window).
            other => Reply::Error(ErrorView {
                code: ErrorCode::BadRequest,
                message: format!("the fake daemon does not answer {other:?}"),
                candidates: Vec::new(),
            }),
        }
    }

    fn answer_tray(&self, request: TrayRequest) -> Reply {
        let mut status = lock(&self.status);
        match request {
            TrayRequest::SignInDefaults => Reply::SignInDefaults(SignInDefaults {
                client_id: "worktray-demo".into(),
                redirect_uri: "http://127.0.0.1:53682/callback".into(),
                scopes: "projects_read tasks_read costs_read costs_write".into(),
                has_client_secret: true,
                signed_out_reason: None,
            }),
            TrayRequest::SignIn { client_id, .. } if client_id.is_empty() => error(
                ErrorCode::InvalidInput,
                "give the client id of your Worksection app",
            ),
            TrayRequest::SignIn { .. } => Reply::Profile(profile()),
            TrayRequest::PasteSignIn { .. } | TrayRequest::ReloadSignIn => Reply::Done,
            TrayRequest::ImportTeam { .. } => Reply::TeamImported(TeamImported {
                account_url: "https://acme.worksection.com".into(),
                defaults: SignInDefaults {
                    client_id: "team-app".into(),
                    redirect_uri: "https://localhost:47811/callback".into(),
                    scopes: "projects_read tasks_read".into(),
                    has_client_secret: false,
                    signed_out_reason: None,
                },
                with_secret: false,
            }),
            TrayRequest::SignOut => {
                status.connection = Connection::SignedOut;
                status.signed_in_as = None;
                Reply::Status(status.clone())
            }
            TrayRequest::Settings => Reply::Settings(lock(&self.settings).clone()),
            TrayRequest::SaveSettings { settings } if settings.picker_shortcut.is_some() => error(
                ErrorCode::InvalidInput,
                "global shortcuts are not available on Wayland; use the desktop's own settings",
            ),
            TrayRequest::SaveSettings { settings } => {
                *lock(&self.settings) = settings.clone();
                Reply::Settings(settings)
            }
            TrayRequest::PinTask { task, pinned } => {
                match tasks().into_iter().find(|t| t.id.as_str() == task) {
                    Some(found) => {
                        let mut settings = lock(&self.settings);
                        settings.pin(found, pinned);
                        Reply::Settings(settings.clone())
                    }
                    None => error(
                        ErrorCode::TaskNotFound,
                        &format!("no open task matches \"{task}\""),
                    ),
                }
            }
            // The window never sends the rest (whoami, open a window).
            other => Reply::Error(ErrorView {
                code: ErrorCode::BadRequest,
                message: format!("the fake daemon does not answer {other:?}"),
                candidates: Vec::new(),
            }),
        }
    }
}

impl RequestHandler for FakeDaemon {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>> {
        let wait = match request {
            Request::Core(CoreRequest::Tasks { .. }) => *lock(&self.tasks_take),
            _ => Duration::ZERO,
        };
        let reply = self.answer(request);
        Box::pin(async move {
            tokio::time::sleep(wait).await;
            reply
        })
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        match lock(&self.events).as_ref() {
            Some(events) => events.subscribe(),
            // Shut down: a receiver whose sender is already gone.
            None => broadcast::channel(1).1,
        }
    }
}
