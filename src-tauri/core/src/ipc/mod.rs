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
//!
//! `protocol.rs` declares what crosses the socket; `server.rs` is the daemon's side,
//! `client.rs` the side of the CLI and the window.

mod client;
mod error;
mod protocol;
mod server;

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use client::DaemonClient;
pub use error::{IpcError, SocketTrouble};
pub use protocol::*;
pub use server::{RequestHandler, Server, IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_LINE, WRITE_TIMEOUT};

/// A line from a client.
#[derive(Serialize, Deserialize)]
struct RequestFrame {
    id: u64,
    request: Asked,
}

/// What a client's line asks for: an answer from the handler, or the events.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Asked {
    Subscribe(Subscribe),
    Request(Request),
}

/// Keeps the connection open and pushes an event on every state change. The socket server
/// answers it itself, so no handler ever sees it.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Subscribe {
    Subscribe,
}

/// A line from the daemon: the answer to a request, or an event pushed to a subscriber.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ServerFrame {
    Reply { id: u64, reply: Box<Reply> },
    Event { event: Box<Event> },
}

#[cfg(unix)]
fn socket_name(path: &Path) -> io::Result<interprocess::local_socket::Name<'static>> {
    use interprocess::local_socket::{GenericFilePath, ToFsName};
    path.to_path_buf().to_fs_name::<GenericFilePath>()
}

#[cfg(windows)]
fn socket_name(path: &Path) -> io::Result<interprocess::local_socket::Name<'static>> {
    use interprocess::local_socket::{GenericNamespaced, ToNsName};
    // Named pipes live in their own namespace; the file name keeps tests and users apart.
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("worktray.sock")
        .to_owned();
    name.to_ns_name::<GenericNamespaced>()
}
