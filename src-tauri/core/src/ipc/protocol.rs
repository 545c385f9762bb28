//! What crosses the socket: the requests, the replies, the pushed events and the types they
//! carry. The UI's TypeScript types are generated from these (`ui/src/lib/bindings/`).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::api::ScheduleMark;
use crate::days_off::{DaysOffReport, DaysOffView};
use crate::entries::{
    EntriesRange, EntriesView, EntryChange, LogReport, QuickEntry, SyncReport, WriteOutcome,
};
use crate::error::{Error, ErrorCode, IpcError};
use crate::models::{Id, TaskSummary};
use crate::timer::TimerView;

/// What a client asks the daemon: a request the core answers (in the daemon, or in the CLI's
/// own process when no daemon runs), or one only the tray process can answer. The two halves
/// are separate types, so each side's dispatch is total and neither can be handed the other's.
/// On the wire both are one flat object told apart by its `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum Request {
    Core(CoreRequest),
    Tray(TrayRequest),
}

/// What the tracker of `worktray-core` answers: the timer, tasks, entries and days off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum CoreRequest {
    /// The current state, from memory (free), or fresh from the server with `refresh`.
    Status {
        refresh: bool,
    },
    /// Starts the timer on a task given as an id, a task link, or search text.
    Start {
        task: String,
        /// Start even though today is marked as vacation or sick leave (the user confirmed).
        #[serde(default)]
        on_day_off: bool,
        /// The user forgot to start the timer: when they began (`9:30`, `25m`). The minutes
        /// since are booked to the task.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, ts(optional))]
        since: Option<String>,
    },
    Stop {
        comment: Option<String>,
    },
    /// Discards the running timer without saving it.
    Discard,
    /// My open tasks, filtered by `query`.
    Tasks {
        query: Option<String>,
    },
    Whoami,
    /// Logs time after the fact; with `preview_only`, only says how it was understood.
    Log {
        entry: QuickEntry,
        preview_only: bool,
    },
    /// My entries over a range, with queued ones.
    Entries {
        range: EntriesRange,
    },
    /// Sends what is queued now.
    Sync,
    EditEntry {
        id: String,
        change: EntryChange,
    },
    DeleteEntry {
        id: String,
    },
    /// Sends a queued entry again, optionally corrected.
    RetryQueued {
        #[cfg_attr(test, ts(type = "number"))]
        queue_id: i64,
        corrected: Option<QuickEntry>,
    },
    DiscardQueued {
        #[cfg_attr(test, ts(type = "number"))]
        queue_id: i64,
    },
    /// My schedule between two dates (any date form; weekday names point ahead).
    DaysOff {
        from: String,
        to: String,
    },
    /// Marks a date or a `D..D` range; vacation and sick leave skip weekends unless asked.
    SetDaysOff {
        range: String,
        mark: ScheduleMark,
        include_weekends: bool,
    },
    /// The away time waiting for an answer.
    Away,
    /// Answers the away question `id` (the newest when `None`); `kept_minutes` of the away
    /// time stay on the timer's task (a split).
    AnswerAway {
        #[serde(default)]
        #[cfg_attr(test, ts(type = "number | null"))]
        id: Option<i64>,
        answer: crate::away::AwayChoice,
        #[serde(default)]
        kept_minutes: u32,
    },
}

/// What only the tray process answers: it owns the window, the sign-in in the browser and the
/// keyring, and the preferences it puts into effect (shortcuts, start at login).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum TrayRequest {
    /// Opens (or raises) the window, on a view: what a second `worktray` launch asks the first.
    OpenWindow {
        view: Option<View>,
    },
    /// What the sign-in screen should show before the user types.
    SignInDefaults,
    /// Signs in: the daemon opens the browser and waits for Worksection's answer.
    SignIn {
        client_id: String,
        /// Typed by the user; only ever sent towards the daemon, which puts it in the keyring.
        client_secret: Option<TypedSecret>,
        redirect_uri: String,
        scopes: String,
    },
    /// The address the browser ended on (or the code in it), pasted by the user while a
    /// sign-in waits, for when the browser cannot reach this computer.
    PasteSignIn {
        text: TypedSecret,
    },
    /// Another process (`worktray login`) stored a new sign-in: use it.
    ReloadSignIn,
    /// Fills the sign-in form from the team config at `path` (dropped on the window, which
    /// passes the path only: the file may hold the client secret).
    ImportTeam {
        path: String,
    },
    /// Removes the sign-in; queued entries stay.
    SignOut,
    /// The user's preferences.
    Settings,
    SaveSettings {
        settings: crate::settings::Settings,
    },
    /// Pins a task to the tray menu, or unpins it.
    PinTask {
        task: String,
        pinned: bool,
    },
}

impl From<CoreRequest> for Request {
    fn from(request: CoreRequest) -> Self {
        Request::Core(request)
    }
}

impl From<TrayRequest> for Request {
    fn from(request: TrayRequest) -> Self {
        Request::Tray(request)
    }
}

/// A secret the user typed into a front end, on its way to the daemon. It serializes (it must
/// cross the socket once) but never shows in `Debug` output.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct TypedSecret(pub String);

impl std::fmt::Debug for TypedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How long a client waits for an answer the daemon has in memory (or on local disk).
pub const FROM_MEMORY: Duration = Duration::from_secs(5);
/// How long a client waits for an answer that takes a few Worksection requests, each spaced
/// by the request gate: a stop or a log also waits up to [`crate::entries::LOG_WAIT`] for the
/// server before it is reported as queued.
pub const FROM_WORKSECTION: Duration = Duration::from_secs(60);
// What waits inside such an answer gives up first, so the client hears why.
const _: () = assert!(crate::entries::SYNC_WAIT.as_secs() < FROM_WORKSECTION.as_secs());
const _: () = assert!(crate::auth::refresh_lock::WAIT.as_secs() < FROM_WORKSECTION.as_secs());
/// How long a client waits for an answer that waits for a person: signing in in the browser.
pub const FROM_A_PERSON: Duration =
    Duration::from_secs(crate::auth::login::SIGN_IN_TIMEOUT.as_secs() + 60);

impl Request {
    /// How long a client waits for the daemon's answer before it says that the daemon did not
    /// answer ([`IpcError::DaemonSilent`]).
    pub fn patience(&self) -> Duration {
        match self {
            Request::Core(CoreRequest::Status { refresh: false })
            | Request::Core(CoreRequest::DiscardQueued { .. })
            | Request::Tray(TrayRequest::OpenWindow { .. })
            | Request::Tray(TrayRequest::Settings)
            | Request::Tray(TrayRequest::SaveSettings { .. })
            | Request::Tray(TrayRequest::PasteSignIn { .. }) => FROM_MEMORY,
            Request::Tray(TrayRequest::SignIn { .. }) => FROM_A_PERSON,
            // The keyring (sign-in defaults, reload, sign out) may be slow to wake up as well.
            _ => FROM_WORKSECTION,
        }
    }
}

/// Connection to Worksection, as far as the daemon knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum Connection {
    /// No answer yet.
    Unknown,
    Online,
    /// The last request failed for a reason that may pass (no network, 5xx, rate limit).
    Offline,
    /// Not signed in, or the sign-in was refused.
    SignedOut,
}

/// The state every front end shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct Status {
    pub connection: Connection,
    pub signed_in_as: Option<String>,
    pub timer: Option<TimerView>,
    /// When the server last confirmed the timer state (RFC 3339).
    pub checked_at: Option<String>,
    /// The last problem, in words, when there is one.
    pub problem: Option<String>,
    /// Writes waiting for Worksection, and writes it refused.
    #[serde(default)]
    pub queue: crate::outbox::QueueCounts,
    /// Away time a running timer went through, waiting for the user's answer (the newest).
    #[serde(default)]
    pub away: Option<crate::presence::AwayView>,
    /// With no timer running: when the person came back to the computer, for a forgotten
    /// start.
    #[serde(default)]
    pub back_since: Option<crate::presence::BackSince>,
    /// The language the daemon speaks (the user's choice, else the desktop's), which the
    /// window speaks too, so that the two never disagree.
    #[serde(default)]
    pub language: crate::i18n::Lang,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct StartReport {
    /// The timer that was running before and was stopped (and saved) to start this one.
    pub stopped_first: Option<TimerView>,
    /// True when the timer already ran on this very task, so nothing changed.
    pub already_running: bool,
    /// Why the start is still waiting in the outbox (offline, say); `None` once Worksection
    /// started the timer.
    #[serde(default)]
    pub queued: Option<crate::outbox::QueueReason>,
    /// With `since`: the entry of the minutes before the start, booked to the same task.
    #[serde(default)]
    pub booked_before_start: Option<LogReport>,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct StopReport {
    /// The timer as it was when stopped; `None` if we never saw it running.
    pub stopped: Option<TimerView>,
    /// Why the stop is still waiting in the outbox (offline, say); `None` once Worksection
    /// saved it.
    pub queued: Option<crate::outbox::QueueReason>,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Option<String>,
    pub account_url: String,
}

/// An error as it crosses the socket: a stable code, a sentence for people, and for an
/// ambiguous task the candidates to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct ErrorView {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<TaskSummary>,
}

impl From<&Error> for ErrorView {
    fn from(error: &Error) -> Self {
        match error {
            Error::Ipc(IpcError::Relayed(view)) => view.clone(),
            other => ErrorView {
                code: other.code(),
                message: other.to_string(),
                candidates: match other {
                    Error::Input(error) => error.candidates().to_vec(),
                    _ => Vec::new(),
                },
            },
        }
    }
}

impl From<Error> for ErrorView {
    fn from(error: Error) -> Self {
        ErrorView::from(&error)
    }
}

/// The daemon's answer to a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum Reply {
    Status(Status),
    Started(StartReport),
    Stopped(StopReport),
    /// The timer was thrown away; the state after it.
    Discarded(Status),
    Tasks {
        tasks: Vec<TaskSummary>,
    },
    Profile(Profile),
    SignInDefaults(crate::auth::SignInDefaults),
    TeamImported(crate::auth::TeamImported),
    Logged(LogReport),
    /// How a quick entry was understood; nothing was saved.
    Previewed(LogReport),
    Entries(EntriesView),
    Synced(SyncReport),
    Written(WriteOutcome),
    DaysOff(DaysOffView),
    DaysOffSet(DaysOffReport),
    Away {
        periods: Vec<crate::presence::AwayView>,
    },
    AwayAnswered(crate::presence::AwayReport),
    Settings(crate::settings::Settings),
    Done,
    Error(ErrorView),
}

/// The payload of the reply a [`super::DaemonClient::ask`] call expects, told apart by its
/// type: each request has one kind of successful reply.
pub trait FromReply: Sized {
    fn from_reply(reply: Reply) -> Option<Self>;
}

macro_rules! from_reply {
    ($($variant:ident($payload:ty)),* $(,)?) => {$(
        impl FromReply for $payload {
            fn from_reply(reply: Reply) -> Option<Self> {
                match reply {
                    Reply::$variant(payload) => Some(payload),
                    _ => None,
                }
            }
        }
    )*};
}

from_reply!(
    Status(Status),
    Started(StartReport),
    Stopped(StopReport),
    Profile(Profile),
    SignInDefaults(crate::auth::SignInDefaults),
    TeamImported(crate::auth::TeamImported),
    Logged(LogReport),
    Entries(EntriesView),
    Synced(SyncReport),
    Written(WriteOutcome),
    DaysOff(DaysOffView),
    DaysOffSet(DaysOffReport),
    AwayAnswered(crate::presence::AwayReport),
    Settings(crate::settings::Settings),
);

impl FromReply for Vec<crate::presence::AwayView> {
    fn from_reply(reply: Reply) -> Option<Self> {
        match reply {
            Reply::Away { periods } => Some(periods),
            _ => None,
        }
    }
}

impl FromReply for Vec<TaskSummary> {
    fn from_reply(reply: Reply) -> Option<Self> {
        match reply {
            Reply::Tasks { tasks } => Some(tasks),
            _ => None,
        }
    }
}

impl FromReply for () {
    fn from_reply(reply: Reply) -> Option<Self> {
        matches!(reply, Reply::Done).then_some(())
    }
}

/// Pushed to subscribers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
// A few events a minute cross the socket: boxing the status would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    Status(Status),
    /// An open window should show this view (the tray asked for it).
    ShowView {
        view: View,
    },
}

/// The views of the window, for opening it where the user meant to go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum View {
    Timer,
    /// The timer view with the task search focused.
    Picker,
    /// The timer view with the comment field focused, to stop with a comment.
    StopWithComment,
    LogTime,
    Entries,
    DaysOff,
    Account,
    Settings,
    /// The away question: keep, leave out, or give the away time to another task.
    Away,
}

/// What the window's first picture needs, handed to its page with the window itself: the window
/// process asks the daemon while GTK and WebKit start, so the page draws the whole view at once
/// instead of "Connecting…" followed by a round trip per part. A part the daemon did not answer
/// in time is `None`, and the page asks for it as it would without a first look.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct FirstLook {
    /// Where the user meant to go when the tray opened the window.
    pub view: Option<View>,
    pub status: Option<Status>,
    /// My open tasks in the picker's order, as `Tasks { query: None }` answers.
    pub tasks: Option<Vec<TaskSummary>>,
    /// The ids of the pinned tasks, in the settings' order.
    pub pinned: Option<Vec<Id>>,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::Timer => "timer",
            View::Picker => "picker",
            View::StopWithComment => "stop_with_comment",
            View::LogTime => "log_time",
            View::Entries => "entries",
            View::DaysOff => "days_off",
            View::Account => "account",
            View::Settings => "settings",
            View::Away => "away",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// Every request, as a client sends it: the wire form, and how many of each variant the
    /// table holds is checked by [`request_variant`].
    fn requests() -> Vec<Value> {
        let entry = json!({
            "task": "101", "duration": "1:30", "date": "yesterday",
            "comment": "Fixed the redirect loop", "money": null, "at_my_rate": false,
        });
        vec![
            json!({ "type": "status", "refresh": false }),
            json!({ "type": "start", "task": "101", "on_day_off": true }),
            json!({ "type": "stop", "comment": "done" }),
            json!({ "type": "discard" }),
            json!({ "type": "tasks", "query": "billing" }),
            json!({ "type": "whoami" }),
            json!({ "type": "log", "entry": entry, "preview_only": true }),
            json!({ "type": "entries", "range": { "range": "dates", "from": "2025-11-24", "to": "2025-11-30" } }),
            json!({ "type": "sync" }),
            json!({ "type": "edit_entry", "id": "9001",
                    "change": { "duration": "2h", "comment": null, "date": null, "money": null } }),
            json!({ "type": "delete_entry", "id": "9001" }),
            json!({ "type": "retry_queued", "queue_id": 3, "corrected": entry }),
            json!({ "type": "discard_queued", "queue_id": 3 }),
            json!({ "type": "days_off", "from": "2025-11-01", "to": "2025-11-30" }),
            json!({ "type": "set_days_off", "range": "2025-11-24..2025-11-25", "mark": "vacation",
                    "include_weekends": false }),
            json!({ "type": "away" }),
            json!({ "type": "answer_away", "id": 1_764_324_000, "answer": { "choice": "assign", "task": "202" },
                    "kept_minutes": 20 }),
            json!({ "type": "open_window", "view": "log_time" }),
            json!({ "type": "sign_in_defaults" }),
            json!({ "type": "sign_in", "client_id": "worktray-demo", "client_secret": "typed",
                    "redirect_uri": "http://127.0.0.1:53682/callback", "scopes": "tasks_read" }),
            json!({ "type": "paste_sign_in", "text": "http://127.0.0.1:53682/callback?code=c" }),
            json!({ "type": "reload_sign_in" }),
            json!({ "type": "import_team", "path": "/home/anna/Downloads/worktray-team.json" }),
            json!({ "type": "sign_out" }),
            json!({ "type": "settings" }),
            json!({ "type": "save_settings", "settings": settings() }),
            json!({ "type": "pin_task", "task": "203", "pinned": true }),
        ]
    }

    fn task() -> Value {
        json!({ "id": "101", "name": "Fix login redirect", "project": "Website",
                "project_id": "7", "page": "/project/7/101/" })
    }

    fn settings() -> Value {
        json!({
            "long_timer_hours": 6, "start_at_login": true, "pinned": [task()],
            "picker_shortcut": null, "log_time_shortcut": "ctrl+alt+KeyL",
            "work_hours_reminder": { "start": "09:00", "end": "18:00", "after_minutes": 30 },
            "keep_closed_window_seconds": 0, "away_after_minutes": 10, "away_time": "ask",
            "stop_timer_on_sleep": false, "language": "uk",
        })
    }

    fn away() -> Value {
        json!({ "id": 1_764_324_000, "start": "2025-11-28T10:00:00+00:00",
                "end": "2025-11-28T11:12:00+00:00", "start_text": "11:00", "end_text": "12:12",
                "reason": "locked", "minutes": 72, "away_text": "1:12", "task": task() })
    }

    fn status() -> Value {
        json!({
            "connection": "online", "signed_in_as": "Anna Kovalenko",
            "timer": { "task": task(), "started": "2025-11-28 09:12", "elapsed_seconds": 5100,
                       "elapsed_text": "1:25" },
            "checked_at": "2025-11-28T10:37:00Z", "problem": null,
            "queue": { "pending": 1, "parked": 0 }, "away": away(),
            "back_since": { "since_text": "09:12", "minutes": 25 }, "language": "ru",
        })
    }

    /// `fields` with the reply's `type` added, as an internally tagged reply carries them.
    fn tagged(kind: &str, fields: Value) -> Value {
        let mut reply = fields;
        reply["type"] = json!(kind);
        reply
    }

    /// Every reply, as the daemon sends it.
    fn replies() -> Vec<Value> {
        let log = json!({ "preview": "1 h 30 min on Fri 28 Nov — Fix login redirect",
                          "task": task(), "minutes": 90, "date": "2025-11-28",
                          "outcome": { "state": "queued", "reason": { "why": "failed",
                              "code": "offline", "message": "no network" } } });
        let queued = json!({ "id": 3, "created_at_ms": 1_764_324_000_000_u64,
            "operation": { "kind": "add_cost", "task": "101", "task_name": "Fix login redirect",
                "project": "Website", "minutes": 90, "money": null, "at_my_rate": false,
                "comment": "", "date": "2025-11-28" },
            "state": "parked", "attempts": 2, "last_error": "Worksection: Task is closed" });
        vec![
            tagged("status", status()),
            tagged(
                "started",
                json!({ "stopped_first": null, "already_running": false,
                                      "queued": { "why": "on_its_way" }, "booked_before_start": null,
                                      "status": status() }),
            ),
            tagged(
                "stopped",
                json!({ "stopped": status()["timer"], "queued": null,
                                      "status": status() }),
            ),
            tagged("discarded", status()),
            json!({ "type": "tasks", "tasks": [task()] }),
            tagged(
                "profile",
                json!({ "id": "42", "name": "Anna Kovalenko",
                "email": "anna@example.com", "role": "admin",
                "account_url": "https://acme.worksection.com" }),
            ),
            tagged(
                "sign_in_defaults",
                json!({ "client_id": "worktray-demo",
                "redirect_uri": "http://127.0.0.1:53682/callback", "scopes": "tasks_read",
                "has_client_secret": true, "signed_out_reason": null }),
            ),
            tagged(
                "team_imported",
                json!({ "account_url": "https://acme.worksection.com",
                "defaults": { "client_id": "team-app",
                "redirect_uri": "https://localhost:47811/callback", "scopes": "tasks_read",
                "has_client_secret": false, "signed_out_reason": null },
                "with_secret": false }),
            ),
            tagged("logged", log.clone()),
            tagged("previewed", log),
            tagged(
                "entries",
                json!({ "from": "2025-11-24", "to": "2025-11-30", "days": [{
                "date": "2025-11-28", "total_minutes": 90, "total_text": "1:30",
                "entries": [{ "id": "9001", "queue_id": null, "task": task(),
                    "date": "2025-11-28", "minutes": 90, "time_text": "1:30", "money": null,
                    "comment": "", "is_timer": true, "state": "saved", "problem": null }] }],
                "total_minutes": 90, "total_text": "1:30", "other_queued": [queued],
                "problem": null }),
            ),
            tagged(
                "synced",
                json!({ "sent": 1, "pending": 0, "parked": [queued],
                                     "held_back_by": { "why": "still_sending", "seconds": 50 } }),
            ),
            tagged("written", json!({ "state": "sent", "message": null })),
            tagged(
                "days_off",
                json!({ "from": "2025-11-24", "to": "2025-11-25", "days": [{
                "date": "2025-11-24", "weekend": false, "today": true, "kind": "vacation",
                "pending": "sick-leave" }], "queued": [] }),
            ),
            tagged(
                "days_off_set",
                json!({ "mark": "vacation",
                "dates": ["2025-11-24", "2025-11-25"],
                "outcome": { "state": "parked", "message": "no rights" } }),
            ),
            json!({ "type": "away", "periods": [away()] }),
            tagged(
                "away_answered",
                json!({ "answered": away(), "answer": { "choice": "discard" }, "queued": null,
                        "given": null, "status": status() }),
            ),
            tagged("settings", settings()),
            json!({ "type": "done" }),
            json!({ "type": "error", "code": "ambiguous_task", "message": "\"web\" matches 2 tasks",
                    "candidates": [task()] }),
        ]
    }

    /// Which variant a request is, numbered. The match has no catch-all, so a new variant
    /// does not compile until it is numbered here, and then the table above must hold one.
    fn request_variant(request: &Request) -> usize {
        match request {
            Request::Core(core) => match core {
                CoreRequest::Status { .. } => 0,
                CoreRequest::Start { .. } => 1,
                CoreRequest::Stop { .. } => 2,
                CoreRequest::Discard => 3,
                CoreRequest::Tasks { .. } => 4,
                CoreRequest::Whoami => 5,
                CoreRequest::Log { .. } => 6,
                CoreRequest::Entries { .. } => 7,
                CoreRequest::Sync => 8,
                CoreRequest::EditEntry { .. } => 9,
                CoreRequest::DeleteEntry { .. } => 10,
                CoreRequest::RetryQueued { .. } => 11,
                CoreRequest::DiscardQueued { .. } => 12,
                CoreRequest::DaysOff { .. } => 13,
                CoreRequest::SetDaysOff { .. } => 14,
                CoreRequest::Away => 24,
                CoreRequest::AnswerAway { .. } => 25,
            },
            Request::Tray(tray) => match tray {
                TrayRequest::OpenWindow { .. } => 15,
                TrayRequest::SignInDefaults => 16,
                TrayRequest::SignIn { .. } => 17,
                TrayRequest::PasteSignIn { .. } => 18,
                TrayRequest::ReloadSignIn => 19,
                TrayRequest::SignOut => 20,
                TrayRequest::Settings => 21,
                TrayRequest::SaveSettings { .. } => 22,
                TrayRequest::PinTask { .. } => 23,
                TrayRequest::ImportTeam { .. } => 26,
            },
        }
    }
    const REQUEST_VARIANTS: usize = 27;

    /// Which variant a reply is, numbered; as [`request_variant`].
    fn reply_variant(reply: &Reply) -> usize {
        match reply {
            Reply::Status(_) => 0,
            Reply::Started(_) => 1,
            Reply::Stopped(_) => 2,
            Reply::Discarded(_) => 3,
            Reply::Tasks { .. } => 4,
            Reply::Profile(_) => 5,
            Reply::SignInDefaults(_) => 6,
            Reply::Logged(_) => 7,
            Reply::Previewed(_) => 8,
            Reply::Entries(_) => 9,
            Reply::Synced(_) => 10,
            Reply::Written(_) => 11,
            Reply::DaysOff(_) => 12,
            Reply::DaysOffSet(_) => 13,
            Reply::Settings(_) => 14,
            Reply::Done => 15,
            Reply::Error(_) => 16,
            Reply::Away { .. } => 17,
            Reply::AwayAnswered(_) => 18,
            Reply::TeamImported(_) => 19,
        }
    }
    const REPLY_VARIANTS: usize = 20;

    /// Reads each wire form, writes it back, and finds the same JSON; returns which variants
    /// the table covered.
    fn round_trip<T>(table: Vec<Value>, variant: fn(&T) -> usize, variants: usize) -> Vec<bool>
    where
        T: Serialize + serde::de::DeserializeOwned + std::fmt::Debug + PartialEq,
    {
        let mut covered = vec![false; variants];
        for wire in table {
            let read: T = serde_json::from_value(wire.clone())
                .unwrap_or_else(|e| panic!("{wire} does not read: {e}"));
            let written = serde_json::to_value(&read).expect("writes");
            assert_eq!(written, wire, "{read:?} is written differently");
            let again: T = serde_json::from_value(written).expect("reads back");
            assert_eq!(again, read);
            covered[variant(&read)] = true;
        }
        covered
    }

    #[test]
    fn every_request_crosses_the_socket_unchanged() {
        let covered = round_trip(requests(), request_variant, REQUEST_VARIANTS);
        let missing: Vec<usize> = (0..REQUEST_VARIANTS).filter(|&i| !covered[i]).collect();
        assert!(missing.is_empty(), "no example of requests {missing:?}");
    }

    #[test]
    fn every_reply_crosses_the_socket_unchanged() {
        let covered = round_trip(replies(), reply_variant, REPLY_VARIANTS);
        let missing: Vec<usize> = (0..REPLY_VARIANTS).filter(|&i| !covered[i]).collect();
        assert!(missing.is_empty(), "no example of replies {missing:?}");
    }

    #[test]
    fn requests_go_to_the_part_that_serves_them() {
        let read = |wire: Value| serde_json::from_value::<Request>(wire).expect("a request");
        assert!(matches!(
            read(json!({ "type": "stop", "comment": null })),
            Request::Core(CoreRequest::Stop { comment: None })
        ));
        assert!(matches!(
            read(json!({ "type": "open_window", "view": null })),
            Request::Tray(TrayRequest::OpenWindow { view: None })
        ));
        // A start from an older client, without the confirmation, is not one.
        assert!(matches!(
            read(json!({ "type": "start", "task": "101" })),
            Request::Core(CoreRequest::Start {
                on_day_off: false,
                ..
            })
        ));
        assert!(serde_json::from_value::<Request>(json!({ "type": "format_disk" })).is_err());
        assert!(serde_json::from_value::<Request>(json!({ "type": "subscribe" })).is_err());
    }

    #[test]
    fn a_typed_secret_never_shows_in_debug_output() {
        let request = TrayRequest::PasteSignIn {
            text: TypedSecret("code=very-secret".into()),
        };
        assert!(!format!("{request:?}").contains("very-secret"));
    }

    #[test]
    fn clients_wait_as_long_as_a_request_may_take() {
        let status = |refresh| Request::from(CoreRequest::Status { refresh });
        assert_eq!(status(false).patience(), FROM_MEMORY);
        assert_eq!(status(true).patience(), FROM_WORKSECTION);
        let stop = Request::from(CoreRequest::Stop { comment: None });
        assert!(stop.patience() > crate::entries::LOG_WAIT + 4 * crate::gate::SPACING);
        let sign_in = Request::from(TrayRequest::SignIn {
            client_id: String::new(),
            client_secret: None,
            redirect_uri: String::new(),
            scopes: String::new(),
        });
        assert!(sign_in.patience() > crate::auth::login::SIGN_IN_TIMEOUT);
    }
}
