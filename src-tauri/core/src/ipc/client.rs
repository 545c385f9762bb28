//! The client's side of the socket, used by the CLI and the window.

use std::path::PathBuf;

use interprocess::local_socket::tokio::{prelude::*, Stream};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::{
    socket_name, Event, FromReply, Profile, Reply, Request, RequestFrame, ServerFrame, StartReport,
    Status, StopReport, TypedSecret, View, FROM_MEMORY,
};
use crate::api::ScheduleMark;
use crate::days_off::{DaysOffReport, DaysOffView};
use crate::entries::{
    EntriesRange, EntriesView, EntryChange, LogReport, QuickEntry, SyncReport, WriteOutcome,
};
use crate::error::{Error, Result};
use crate::models::TaskSummary;

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
