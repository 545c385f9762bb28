//! The local-socket protocol between the daemon (`worktray`) and its clients: the CLI and the
//! window (`worktray-window`).
//!
//! One JSON object per line. A client sends `{"id":N,"request":{…}}` and gets
//! `{"id":N,"reply":{…}}`; after a `subscribe` request the connection also carries
//! `{"event":{…}}` lines whenever the state changes. No secret ever crosses this socket: the
//! daemon keeps the tokens and makes every Worksection request itself.
//!
//! Neither side lets the other hold it up. The daemon reads at most [`MAX_LINE`] of a line,
//! serves at most [`MAX_CONNECTIONS`] connections at once (the one idle longest makes room for
//! a new one), closes a connection that sends no request for [`IDLE_TIMEOUT`] (a subscribed
//! one stays while it takes its events) and one that does not take what it is sent for
//! [`WRITE_TIMEOUT`]. A client waits for each answer only as long as that request can
//! legitimately take ([`Request::patience`]).

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use interprocess::local_socket::tokio::{prelude::*, Stream};
use interprocess::local_socket::ListenerOptions;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{broadcast, Notify};
use tokio::time::Instant;

use crate::api::ScheduleMark;
use crate::days_off::{DaysOffReport, DaysOffView};
use crate::entries::{
    EntriesRange, EntriesView, EntryChange, LogReport, QuickEntry, SyncReport, WriteOutcome,
};
use crate::error::{Error, ErrorCode, Result};
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
trait FromReply: Sized {
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

#[derive(Serialize, Deserialize)]
struct RequestFrame {
    id: u64,
    request: Request,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ServerFrame {
    Reply { id: u64, reply: Box<Reply> },
    Event { event: Box<Event> },
}

/// What the daemon plugs into the socket server.
pub trait RequestHandler: Send + Sync + 'static {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>>;
    fn events(&self) -> broadcast::Receiver<Event>;
}

#[cfg(unix)]
fn socket_name(path: &Path) -> io::Result<interprocess::local_socket::Name<'static>> {
    use interprocess::local_socket::GenericFilePath;
    path.to_path_buf().to_fs_name::<GenericFilePath>()
}

#[cfg(windows)]
fn socket_name(path: &Path) -> io::Result<interprocess::local_socket::Name<'static>> {
    use interprocess::local_socket::GenericNamespaced;
    // Named pipes live in their own namespace; the file name keeps tests and users apart.
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("worktray.sock")
        .to_owned();
    name.to_ns_name::<GenericNamespaced>()
}

/// The daemon side: a bound socket that serves requests until the process ends.
pub struct Server {
    listener: interprocess::local_socket::tokio::Listener,
    path: PathBuf,
    connections: Arc<Connections>,
}

impl Server {
    /// Binds the socket. Fails with [`Error::Ipc`] when another daemon is already listening
    /// there; a socket file left behind by a daemon that died is replaced.
    pub async fn bind(path: &Path) -> Result<Server> {
        if DaemonClient::new(path.to_path_buf()).is_running().await {
            return Err(Error::Ipc(format!(
                "another worktray daemon is already running at {}",
                path.display()
            )));
        }
        if let Some(dir) = path.parent() {
            crate::config::create_private_dir(dir)?;
        }
        #[cfg(unix)]
        if path.exists() {
            // Nobody answered on it, so it is a corpse from a daemon that was killed.
            std::fs::remove_file(path)
                .map_err(|e| Error::io(format!("removing stale socket {}", path.display()), e))?;
        }
        let name = socket_name(path)
            .map_err(|e| Error::io(format!("socket name {}", path.display()), e))?;
        let listener = ListenerOptions::new()
            .name(name)
            .create_tokio()
            .map_err(|e| Error::io(format!("listening on {}", path.display()), e))?;
        restrict_to_owner(path);
        Ok(Server {
            listener,
            path: path.to_path_buf(),
            connections: Arc::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Serves connections forever; each connection on its own task.
    pub async fn serve(self, handler: Arc<dyn RequestHandler>) {
        loop {
            match self.listener.accept().await {
                Ok(stream) => {
                    let Some(place) = self.connections.admit() else {
                        tokio::spawn(turn_away(stream));
                        continue;
                    };
                    let handler = handler.clone();
                    tokio::spawn(async move {
                        if let Err(error) = serve_connection(stream, handler, place).await {
                            tracing::debug!("client connection ended: {error}");
                        }
                    });
                }
                Err(error) => {
                    tracing::warn!("accepting a client failed: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    }
}

#[cfg(unix)]
fn restrict_to_owner(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Err(error) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
        tracing::warn!(
            "could not restrict {} to its owner: {error}",
            path.display()
        );
    }
}

#[cfg(not(unix))]
fn restrict_to_owner(_path: &Path) {}

/// The longest request line we accept; real ones are a few hundred bytes.
pub const MAX_LINE: usize = 64 * 1024;
/// The most connections served at once, well under the usual limit of 1,024 open files. A
/// window holds one (its subscription) plus one per command in flight; the CLI one per command.
pub const MAX_CONNECTIONS: usize = 64;
/// A connection that sends no request for this long is closed. Clients send their request as
/// soon as they connect, and close the connection once answered.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that does not take a reply or an event for this long is not listening any more.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The connections being served, at most [`MAX_CONNECTIONS`].
#[derive(Default)]
struct Connections {
    table: Mutex<ConnectionTable>,
}

#[derive(Default)]
struct ConnectionTable {
    next_id: u64,
    open: HashMap<u64, Place>,
}

struct Place {
    /// Since when the connection has been waiting for a request; `None` while one is being
    /// answered, and for a subscription (it waits for events, not requests).
    idle_since: Option<Instant>,
    leave: Arc<Notify>,
}

impl Connections {
    fn table(&self) -> std::sync::MutexGuard<'_, ConnectionTable> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for a new connection. When all are taken, the connection idle longest is asked
    /// to leave (a client that connected and sent nothing, say); when none is idle, `None`.
    fn admit(self: &Arc<Self>) -> Option<Admitted> {
        let mut table = self.table();
        if table.open.len() >= MAX_CONNECTIONS {
            let (_, idlest) = table
                .open
                .iter()
                .filter_map(|(id, place)| Some((place.idle_since?, *id)))
                .min()?;
            if let Some(place) = table.open.remove(&idlest) {
                place.leave.notify_one();
            }
        }
        let id = table.next_id;
        table.next_id += 1;
        let leave = Arc::new(Notify::new());
        table.open.insert(
            id,
            Place {
                idle_since: Some(Instant::now()),
                leave: leave.clone(),
            },
        );
        Some(Admitted {
            connections: self.clone(),
            id,
            leave,
        })
    }
}

/// A connection's place among the served ones; dropping it frees the place.
struct Admitted {
    connections: Arc<Connections>,
    id: u64,
    leave: Arc<Notify>,
}

impl Admitted {
    /// Waiting for a request (`true`), or busy answering one or subscribed (`false`).
    fn set_idle(&self, idle: bool) {
        if let Some(place) = self.connections.table().open.get_mut(&self.id) {
            place.idle_since = idle.then(Instant::now);
        }
    }

    /// Resolves when a newer connection needs this one's place.
    async fn asked_to_leave(&self) {
        self.leave.notified().await;
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.connections.table().open.remove(&self.id);
    }
}

/// Every place is busy: says so and hangs up.
async fn turn_away(stream: Stream) {
    let reply = error_reply(
        ErrorCode::DaemonBusy,
        format!(
            "the Worktray tray is busy with {MAX_CONNECTIONS} connections; try again in a moment"
        ),
    );
    if let Err(error) = write_frame(&mut &stream, &reply).await {
        tracing::debug!("turning a client away: {error}");
    }
}

fn error_reply(code: ErrorCode, message: String) -> ServerFrame {
    ServerFrame::Reply {
        id: 0,
        reply: Box::new(Reply::Error(ErrorView {
            code,
            message,
            candidates: Vec::new(),
        })),
    }
}

fn too_long() -> ServerFrame {
    error_reply(
        ErrorCode::BadRequest,
        format!(
            "request too long: the limit is {} KiB a line",
            MAX_LINE / 1024
        ),
    )
}

/// What reading a line gave.
#[derive(Debug, PartialEq)]
enum Line {
    /// A whole line is in the buffer (its newline too, unless the client closed after it).
    Complete,
    /// The client closed the connection.
    Closed,
    /// The line is longer than [`MAX_LINE`]; what was read of it is dropped.
    TooLong,
}

/// Reads one line into `line`, holding at most [`MAX_LINE`] bytes of it however long the line
/// is. Cancel-safe: a partial line stays in `line`, and the next call goes on with it.
async fn read_line_capped<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
) -> io::Result<Line> {
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(if line.is_empty() {
                Line::Closed
            } else {
                Line::Complete
            });
        }
        let (taken, complete) = match available.iter().position(|&b| b == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        if line.len() + taken > MAX_LINE + 1 {
            line.clear();
            return Ok(Line::TooLong);
        }
        line.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        if complete {
            return Ok(Line::Complete);
        }
    }
}

async fn serve_connection(
    stream: Stream,
    handler: Arc<dyn RequestHandler>,
    place: Admitted,
) -> io::Result<()> {
    let mut send = &stream;
    let mut lines = BufReader::new(&stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        place.set_idle(true);
        let read = tokio::select! {
            read = tokio::time::timeout(IDLE_TIMEOUT, read_line_capped(&mut lines, &mut line)) => read,
            () = place.asked_to_leave() => return Ok(()),
        };
        place.set_idle(false);
        match read {
            // Nothing asked for a while: the place is better used by someone else.
            Err(_) => return Ok(()),
            Ok(read) => match read? {
                Line::Complete => {}
                Line::Closed => return Ok(()),
                Line::TooLong => return write_frame(&mut send, &too_long()).await,
            },
        }
        let frame: RequestFrame = match serde_json::from_slice(&line) {
            Ok(frame) => frame,
            Err(error) => {
                let reply =
                    error_reply(ErrorCode::BadRequest, format!("malformed request: {error}"));
                write_frame(&mut send, &reply).await?;
                continue;
            }
        };
        if frame.request == Request::Subscribe {
            return serve_subscription(frame.id, &mut send, &mut lines, handler).await;
        }
        let reply = handler.handle(frame.request).await;
        write_frame(
            &mut send,
            &ServerFrame::Reply {
                id: frame.id,
                reply: Box::new(reply),
            },
        )
        .await?;
    }
}

/// Pushes events until the client goes away, closes its side, stops taking them (see
/// [`WRITE_TIMEOUT`]) or sends a line that is too long. A subscription is never idle: it
/// lasts as long as the window that holds it, however long nothing happens.
async fn serve_subscription<W, R>(
    id: u64,
    send: &mut W,
    lines: &mut R,
    handler: Arc<dyn RequestHandler>,
) -> io::Result<()>
where
    W: AsyncWriteExt + Unpin,
    R: AsyncBufRead + Unpin,
{
    let mut events = handler.events();
    let done = ServerFrame::Reply {
        id,
        reply: Box::new(Reply::Done),
    };
    write_frame(send, &done).await?;
    // The first event is the current state, so a new window draws at once.
    let current = handler.handle(Request::Status { refresh: false }).await;
    if let Reply::Status(status) = current {
        let event = ServerFrame::Event {
            event: Box::new(Event::Status(status)),
        };
        write_frame(send, &event).await?;
    }
    // Lines from a subscribed client mean nothing; they are read only to see it close.
    let mut ignored = Vec::new();
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => write_frame(send, &ServerFrame::Event { event: Box::new(event) }).await?,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return Ok(()),
            },
            read = read_line_capped(lines, &mut ignored) => match read? {
                Line::Complete => ignored.clear(),
                Line::Closed => return Ok(()),
                Line::TooLong => return write_frame(send, &too_long()).await,
            },
        }
    }
}

async fn write_frame<W: AsyncWriteExt + Unpin>(
    send: &mut W,
    frame: &ServerFrame,
) -> io::Result<()> {
    let mut text = serde_json::to_string(frame).map_err(io::Error::other)?;
    text.push('\n');
    let written = async {
        send.write_all(text.as_bytes()).await?;
        send.flush().await
    };
    tokio::time::timeout(WRITE_TIMEOUT, written)
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the client takes nothing"))?
}

/// The client side, used by the CLI and the window. Each call opens a short connection, so
/// calls from several threads or commands never wait for each other.
#[derive(Clone, Debug)]
pub struct DaemonClient {
    path: PathBuf,
}

impl DaemonClient {
    pub fn new(path: PathBuf) -> Self {
        DaemonClient { path }
    }

    async fn connect(&self) -> Result<Stream> {
        let name = socket_name(&self.path)
            .map_err(|e| Error::Ipc(format!("socket name {}: {e}", self.path.display())))?;
        let no_daemon = |e: &dyn std::fmt::Display| {
            Error::Ipc(format!("no daemon at {}: {e}", self.path.display()))
        };
        match tokio::time::timeout(FROM_MEMORY, Stream::connect(name)).await {
            Ok(connected) => connected.map_err(|e| no_daemon(&e)),
            Err(_) => Err(no_daemon(&"it takes no connections")),
        }
    }

    /// Sends `request` and takes the `T` its reply carries; any other reply is a protocol error.
    async fn ask<T: FromReply>(&self, request: Request) -> Result<T> {
        let reply = self.call(request).await?;
        let unexpected = unexpected(&reply);
        T::from_reply(reply).ok_or(unexpected)
    }

    /// True when a daemon answers on the socket.
    pub async fn is_running(&self) -> bool {
        self.connect().await.is_ok()
    }

    /// Connects and sends `request`; what the daemon answers is read from the [`Exchange`].
    async fn send(&self, request: Request) -> Result<Exchange> {
        let mut stream = self.connect().await?;
        let mut text = serde_json::to_string(&RequestFrame { id: 1, request })
            .map_err(|e| Error::Ipc(e.to_string()))?;
        text.push('\n');
        stream
            .write_all(text.as_bytes())
            .await
            .map_err(|e| Error::Ipc(format!("sending: {e}")))?;
        Ok(Exchange {
            lines: BufReader::new(stream),
            line: String::new(),
        })
    }

    /// Sends one request and waits for its reply, as long as the request may take
    /// ([`Request::patience`]).
    pub async fn call(&self, request: Request) -> Result<Reply> {
        let patience = request.patience();
        tokio::time::timeout(patience, self.exchange(request))
            .await
            .map_err(|_| Error::DaemonSilent { waited: patience })?
    }

    async fn exchange(&self, request: Request) -> Result<Reply> {
        let mut exchange = self.send(request).await?;
        loop {
            let Some(line) = exchange.next_line().await? else {
                return Err(Error::Ipc(
                    "the daemon closed the connection without answering".into(),
                ));
            };
            match serde_json::from_str(line).map_err(|e| Error::Ipc(format!("bad reply: {e}")))? {
                ServerFrame::Reply { reply, .. } => {
                    return match *reply {
                        Reply::Error(view) => Err(Error::Relayed(view)),
                        reply => Ok(reply),
                    }
                }
                ServerFrame::Event { .. } => continue,
            }
        }
    }

    pub async fn status(&self, refresh: bool) -> Result<Status> {
        self.ask(Request::Status { refresh }).await
    }

    pub async fn start(&self, task: String) -> Result<StartReport> {
        self.start_confirmed(task, false).await
    }

    /// Starts the timer; `on_day_off` confirms starting on a day marked as vacation or sick
    /// leave.
    pub async fn start_confirmed(&self, task: String, on_day_off: bool) -> Result<StartReport> {
        self.ask(Request::Start { task, on_day_off }).await
    }

    pub async fn stop(&self, comment: Option<String>) -> Result<StopReport> {
        self.ask(Request::Stop { comment }).await
    }

    pub async fn discard(&self) -> Result<Status> {
        self.ask(Request::Discard).await
    }

    pub async fn tasks(&self, query: Option<String>) -> Result<Vec<TaskSummary>> {
        self.ask(Request::Tasks { query }).await
    }

    pub async fn whoami(&self) -> Result<Profile> {
        self.ask(Request::Whoami).await
    }

    pub async fn sign_in_defaults(&self) -> Result<crate::auth::SignInDefaults> {
        self.ask(Request::SignInDefaults).await
    }

    pub async fn sign_in(
        &self,
        client_id: String,
        client_secret: Option<String>,
        redirect_uri: String,
        scopes: String,
    ) -> Result<Profile> {
        let request = Request::SignIn {
            client_id,
            client_secret: client_secret.map(TypedSecret),
            redirect_uri,
            scopes,
        };
        self.ask(request).await
    }

    pub async fn paste_sign_in(&self, text: String) -> Result<()> {
        self.ask(Request::PasteSignIn {
            text: TypedSecret(text),
        })
        .await
    }

    pub async fn reload_sign_in(&self) -> Result<()> {
        self.ask(Request::ReloadSignIn).await
    }

    pub async fn sign_out(&self) -> Result<Status> {
        self.ask(Request::SignOut).await
    }

    pub async fn log(&self, entry: QuickEntry, preview_only: bool) -> Result<LogReport> {
        let request = Request::Log {
            entry,
            preview_only,
        };
        self.ask(request).await
    }

    pub async fn entries(&self, range: EntriesRange) -> Result<EntriesView> {
        self.ask(Request::Entries { range }).await
    }

    pub async fn sync(&self) -> Result<SyncReport> {
        self.ask(Request::Sync).await
    }

    pub async fn edit_entry(&self, id: String, change: EntryChange) -> Result<WriteOutcome> {
        self.ask(Request::EditEntry { id, change }).await
    }

    pub async fn delete_entry(&self, id: String) -> Result<WriteOutcome> {
        self.ask(Request::DeleteEntry { id }).await
    }

    pub async fn retry_queued(
        &self,
        queue_id: i64,
        corrected: Option<QuickEntry>,
    ) -> Result<SyncReport> {
        let request = Request::RetryQueued {
            queue_id,
            corrected,
        };
        self.ask(request).await
    }

    pub async fn discard_queued(&self, queue_id: i64) -> Result<()> {
        self.ask(Request::DiscardQueued { queue_id }).await
    }

    pub async fn days_off(&self, from: String, to: String) -> Result<DaysOffView> {
        self.ask(Request::DaysOff { from, to }).await
    }

    pub async fn set_days_off(
        &self,
        range: String,
        mark: ScheduleMark,
        include_weekends: bool,
    ) -> Result<DaysOffReport> {
        let request = Request::SetDaysOff {
            range,
            mark,
            include_weekends,
        };
        self.ask(request).await
    }

    pub async fn settings(&self) -> Result<crate::settings::Settings> {
        self.ask(Request::Settings).await
    }

    pub async fn save_settings(
        &self,
        settings: crate::settings::Settings,
    ) -> Result<crate::settings::Settings> {
        self.ask(Request::SaveSettings { settings }).await
    }

    pub async fn pin_task(&self, task: String, pinned: bool) -> Result<crate::settings::Settings> {
        self.ask(Request::PinTask { task, pinned }).await
    }

    pub async fn open_window(&self, view: Option<View>) -> Result<()> {
        self.ask(Request::OpenWindow { view }).await
    }

    /// Subscribes to state events; `on_event` runs for each until the daemon goes away.
    pub async fn subscribe(&self, mut on_event: impl FnMut(Event) + Send) -> Result<()> {
        let patience = Request::Subscribe.patience();
        let subscribed = async {
            let mut exchange = self.send(Request::Subscribe).await?;
            // The first line answers the subscription: a daemon with no room says so there.
            let answer = exchange.next_line().await?.map(serde_json::from_str);
            if let Some(Ok(ServerFrame::Reply { reply, .. })) = answer {
                if let Reply::Error(view) = *reply {
                    return Err(Error::Relayed(view));
                }
            }
            Ok::<_, Error>(exchange)
        };
        let mut exchange = tokio::time::timeout(patience, subscribed)
            .await
            .map_err(|_| Error::DaemonSilent { waited: patience })??;
        while let Some(line) = exchange.next_line().await? {
            if let Ok(ServerFrame::Event { event }) = serde_json::from_str(line) {
                on_event(*event);
            }
        }
        Ok(())
    }
}

/// One connection to the daemon after the request went out: the lines it answers with.
struct Exchange {
    lines: BufReader<Stream>,
    line: String,
}

impl Exchange {
    /// The next line the daemon sent, or `None` once it closed the connection.
    async fn next_line(&mut self) -> Result<Option<&str>> {
        self.line.clear();
        let read = self
            .lines
            .read_line(&mut self.line)
            .await
            .map_err(|e| Error::Ipc(format!("reading: {e}")))?;
        Ok((read > 0).then_some(self.line.as_str()))
    }
}

fn unexpected(reply: &Reply) -> Error {
    Error::Ipc(format!("unexpected reply from the daemon: {reply:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `data` as a socket delivers it: `chunk` bytes at a time.
    fn socket_like(data: &[u8], chunk: usize) -> BufReader<&[u8]> {
        BufReader::with_capacity(chunk, data)
    }

    #[tokio::test]
    async fn lines_are_read_across_reads_and_a_long_one_is_never_held() {
        let mut data = b"{\"id\":1}\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 3 * MAX_LINE));
        data.extend(b"\n{\"id\":2}");
        let mut reader = socket_like(&data, 7);
        let mut line = Vec::new();
        assert_eq!(
            read_line_capped(&mut reader, &mut line).await.unwrap(),
            Line::Complete
        );
        assert_eq!(line, b"{\"id\":1}\n");
        line.clear();
        assert_eq!(
            read_line_capped(&mut reader, &mut line).await.unwrap(),
            Line::TooLong
        );
        assert!(line.is_empty());
        assert!(
            line.capacity() <= 2 * MAX_LINE,
            "held {} bytes",
            line.capacity()
        );

        // A line of exactly the limit is fine; a last line without a newline too.
        let mut data = vec![b'y'; MAX_LINE];
        data.extend(b"\nlast");
        let mut reader = socket_like(&data, 4096);
        let mut line = Vec::new();
        assert_eq!(
            read_line_capped(&mut reader, &mut line).await.unwrap(),
            Line::Complete
        );
        assert_eq!(line.len(), MAX_LINE + 1);
        line.clear();
        assert_eq!(
            read_line_capped(&mut reader, &mut line).await.unwrap(),
            Line::Complete
        );
        assert_eq!(line, b"last");
        line.clear();
        assert_eq!(
            read_line_capped(&mut reader, &mut line).await.unwrap(),
            Line::Closed
        );
    }

    #[test]
    fn a_full_house_makes_room_by_sending_the_idlest_away() {
        let connections = Arc::new(Connections::default());
        let places: Vec<Admitted> = (0..MAX_CONNECTIONS)
            .map(|_| connections.admit().expect("a place"))
            .collect();
        // The first two are busy (answering, subscribed); the third has been idle longest.
        places[0].set_idle(false);
        places[1].set_idle(false);
        for place in &places[3..] {
            place.set_idle(true);
        }
        let newcomer = connections.admit().expect("room is made");
        assert_eq!(connections.table().open.len(), MAX_CONNECTIONS);
        let sent_away = |place: &Admitted| !connections.table().open.contains_key(&place.id);
        assert!(sent_away(&places[2]));
        assert!(!sent_away(&places[0]) && !sent_away(&places[1]) && !sent_away(&places[3]));
        drop(newcomer);
        drop(places);
        assert!(connections.table().open.is_empty());

        // Nobody idle: the newcomer is turned away.
        let busy: Vec<Admitted> = (0..MAX_CONNECTIONS)
            .map(|_| connections.admit().expect("a place"))
            .collect();
        for place in &busy {
            place.set_idle(false);
        }
        assert!(connections.admit().is_none());
    }

    #[tokio::test]
    async fn the_one_sent_away_is_told() {
        let connections = Arc::new(Connections::default());
        let first = connections.admit().expect("a place");
        let _others: Vec<Admitted> = (1..MAX_CONNECTIONS)
            .map(|_| connections.admit().expect("a place"))
            .collect();
        let _newcomer = connections.admit().expect("room is made");
        tokio::time::timeout(Duration::from_secs(1), first.asked_to_leave())
            .await
            .expect("the oldest idle connection is asked to leave");
    }

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
