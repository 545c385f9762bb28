//! The daemon's side of the socket: binding it, admitting connections, reading request lines
//! with a cap, answering them and pushing events to subscribers.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use interprocess::local_socket::tokio::{prelude::*, Stream};
use interprocess::local_socket::ListenerOptions;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{broadcast, Notify};
use tokio::time::Instant;

use super::{
    socket_name, Asked, CoreRequest, DaemonClient, ErrorView, Event, Reply, Request, RequestFrame,
    ServerFrame,
};
use crate::error::IoAction;
use crate::error::{Error, ErrorCode, IpcError, Result};
use crate::ipc::SocketTrouble;
use crate::t;

/// What the daemon plugs into the socket server.
pub trait RequestHandler: Send + Sync + 'static {
    fn handle(&self, request: Request) -> Pin<Box<dyn Future<Output = Reply> + Send + '_>>;
    fn events(&self) -> broadcast::Receiver<Event>;
}

/// The daemon side: a bound socket that serves requests until the process ends.
pub struct Server {
    listener: interprocess::local_socket::tokio::Listener,
    path: PathBuf,
    connections: Arc<Connections>,
}

impl Server {
    /// Binds the socket. Fails with [`IpcError::Socket`] when another daemon is already listening
    /// there; a socket file left behind by a daemon that died is replaced.
    pub async fn bind(path: &Path) -> Result<Server> {
        if DaemonClient::new(path.to_path_buf()).is_running().await {
            return Err(Error::Ipc(IpcError::Socket(SocketTrouble::AlreadyServed {
                path: path.display().to_string(),
            })));
        }
        // A directory made for the socket is private. One that exists already is left as it is:
        // with `WORKTRAY_SOCKET` it may be the user's home, and the socket itself is restricted
        // to its owner below.
        if let Some(dir) = path.parent().filter(|dir| !dir.exists()) {
            crate::config::create_private_dir(dir)?;
        }
        #[cfg(unix)]
        if path.exists() {
            // Nobody answered on it, so it is a corpse from a daemon that was killed.
            std::fs::remove_file(path)
                .map_err(|e| Error::io(IoAction::Removing(path.display().to_string()), e))?;
        }
        let name = socket_name(path)
            .map_err(|e| Error::io(IoAction::Listening(path.display().to_string()), e))?;
        let listener = ListenerOptions::new()
            .name(name)
            .create_tokio()
            .map_err(|e| Error::io(IoAction::Listening(path.display().to_string()), e))?;
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
        t!("ipc-server-busy", count = MAX_CONNECTIONS),
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
        t!("ipc-request-too-long", kib = MAX_LINE / 1024),
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
                let reply = error_reply(
                    ErrorCode::BadRequest,
                    t!("ipc-request-malformed", error = error.to_string()),
                );
                write_frame(&mut send, &reply).await?;
                continue;
            }
        };
        let request = match frame.request {
            Asked::Subscribe(_) => {
                return serve_subscription(frame.id, &mut send, &mut lines, handler).await
            }
            Asked::Request(request) => request,
        };
        let reply = handler.handle(request).await;
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
    let current = handler
        .handle(CoreRequest::Status { refresh: false }.into())
        .await;
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
}
