//! What crosses the socket: the requests, the replies, the pushed events and the types they
//! carry. The UI's TypeScript types are generated from these (`ui/src/lib/bindings/`).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::api::ScheduleMark;
use crate::days_off::{DaysOffReport, DaysOffView};
use crate::entries::{
    EntriesRange, EntriesView, EntryChange, LogReport, QuickEntry, SyncReport, WriteOutcome,
};
use crate::error::{Error, ErrorCode};
use crate::models::TaskSummary;
use crate::timer::TimerView;

/// What a client asks the daemon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
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
    /// Opens (or raises) the window, on a view: what a second `worktray` launch asks the first.
    OpenWindow {
        view: Option<View>,
    },
    /// Keeps the connection open and pushes an event on every state change.
    Subscribe,
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
    /// Removes the sign-in; queued entries stay.
    SignOut,
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
    /// Sends a queued entry again, optionally corrected.
    RetryQueued {
        queue_id: i64,
        corrected: Option<QuickEntry>,
    },
    DiscardQueued {
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
}

/// A secret the user typed into a front end, on its way to the daemon. It serializes (it must
/// cross the socket once) but never shows in `Debug` output.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
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
    /// answer ([`Error::DaemonSilent`]). For [`Request::Subscribe`], the wait for its first
    /// answer; the events after it come whenever they come.
    pub fn patience(&self) -> Duration {
        match self {
            Request::Status { refresh: false }
            | Request::OpenWindow { .. }
            | Request::Subscribe
            | Request::Settings
            | Request::SaveSettings { .. }
            | Request::PasteSignIn { .. }
            | Request::DiscardQueued { .. } => FROM_MEMORY,
            Request::SignIn { .. } => FROM_A_PERSON,
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
    pub queued: Option<String>,
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
    pub queued: Option<String>,
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
            Error::Relayed(view) => view.clone(),
            other => ErrorView {
                code: other.code(),
                message: other.to_string(),
                candidates: match other {
                    Error::AmbiguousTask { candidates, .. } => candidates.clone(),
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
pub enum Reply {
    Status(Status),
    Started(StartReport),
    Stopped(StopReport),
    Tasks { tasks: Vec<TaskSummary> },
    Profile(Profile),
    SignInDefaults(crate::auth::SignInDefaults),
    Logged(LogReport),
    Entries(EntriesView),
    Synced(SyncReport),
    Written(WriteOutcome),
    DaysOff(DaysOffView),
    DaysOffSet(DaysOffReport),
    Settings(crate::settings::Settings),
    Done,
    Error(ErrorView),
}

/// The payload of the reply a [`DaemonClient`] call expects, told apart by its type: each
/// request has one kind of successful reply.
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
    Logged(LogReport),
    Entries(EntriesView),
    Synced(SyncReport),
    Written(WriteOutcome),
    DaysOff(DaysOffView),
    DaysOffSet(DaysOffReport),
    Settings(crate::settings::Settings),
);

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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_wait_as_long_as_a_request_may_take() {
        assert_eq!(Request::Status { refresh: false }.patience(), FROM_MEMORY);
        assert_eq!(Request::Subscribe.patience(), FROM_MEMORY);
        assert_eq!(
            Request::Status { refresh: true }.patience(),
            FROM_WORKSECTION
        );
        let stop = Request::Stop { comment: None };
        assert!(stop.patience() > crate::entries::LOG_WAIT + 4 * crate::gate::SPACING);
        assert!(
            Request::SignIn {
                client_id: String::new(),
                client_secret: None,
                redirect_uri: String::new(),
                scopes: String::new(),
            }
            .patience()
                > crate::auth::login::SIGN_IN_TIMEOUT
        );
    }
}
