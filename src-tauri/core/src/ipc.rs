//! The local-socket protocol between the daemon (`worktray`) and its clients: the CLI and the
//! window (`worktray-window`).
//!
//! One JSON object per line. A client sends `{"id":N,"request":{…}}` and gets
//! `{"id":N,"reply":{…}}`; after a `subscribe` request the connection also carries
//! `{"event":{…}}` lines whenever the state changes. No secret ever crosses this socket: the
//! daemon keeps the tokens and makes every Worksection request itself.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use interprocess::local_socket::tokio::{prelude::*, Stream};
use interprocess::local_socket::ListenerOptions;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::broadcast;

use crate::api::ScheduleMark;
use crate::days_off::{DaysOffReport, DaysOffView};
use crate::entries::{
    EntriesRange, EntriesView, EntryChange, LogReport, QuickEntry, SyncReport, WriteOutcome,
};
use crate::error::{Error, Result};
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
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<TaskSummary>,
}

impl From<&Error> for ErrorView {
    fn from(error: &Error) -> Self {
        match error {
            Error::Relayed(view) => view.clone(),
            other => ErrorView {
                code: other.code().to_owned(),
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
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
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
                    let handler = handler.clone();
                    tokio::spawn(async move {
                        if let Err(error) = serve_connection(stream, handler).await {
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
const MAX_LINE: usize = 64 * 1024;

async fn serve_connection(stream: Stream, handler: Arc<dyn RequestHandler>) -> io::Result<()> {
    let mut send = &stream;
    let mut lines = BufReader::new(&stream);
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        if line.len() > MAX_LINE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "request too long",
            ));
        }
        let frame: RequestFrame = match serde_json::from_str(&line) {
            Ok(frame) => frame,
            Err(error) => {
                let reply = Reply::Error(ErrorView {
                    code: "bad_request".into(),
                    message: format!("malformed request: {error}"),
                    candidates: Vec::new(),
                });
                write_frame(
                    &mut send,
                    &ServerFrame::Reply {
                        id: 0,
                        reply: Box::new(reply),
                    },
                )
                .await?;
                continue;
            }
        };
        if frame.request == Request::Subscribe {
            let mut events = handler.events();
            write_frame(
                &mut send,
                &ServerFrame::Reply {
                    id: frame.id,
                    reply: Box::new(Reply::Done),
                },
            )
            .await?;
            // The first event is the current state, so a new window draws at once.
            let current = handler.handle(Request::Status { refresh: false }).await;
            if let Reply::Status(status) = current {
                write_frame(
                    &mut send,
                    &ServerFrame::Event {
                        event: Box::new(Event::Status(status)),
                    },
                )
                .await?;
            }
            loop {
                tokio::select! {
                    event = events.recv() => match event {
                        Ok(event) => write_frame(&mut send, &ServerFrame::Event { event: Box::new(event) }).await?,
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return Ok(()),
                    },
                    read = lines.read_line(&mut line) => {
                        if read? == 0 { return Ok(()); }
                        line.clear();
                    }
                }
            }
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

async fn write_frame<W: AsyncWriteExt + Unpin>(
    send: &mut W,
    frame: &ServerFrame,
) -> io::Result<()> {
    let mut text = serde_json::to_string(frame).map_err(io::Error::other)?;
    text.push('\n');
    send.write_all(text.as_bytes()).await?;
    send.flush().await
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
        Stream::connect(name)
            .await
            .map_err(|e| Error::Ipc(format!("no daemon at {}: {e}", self.path.display())))
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

    /// Sends one request and waits for its reply.
    pub async fn call(&self, request: Request) -> Result<Reply> {
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
        let mut exchange = self.send(Request::Subscribe).await?;
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
