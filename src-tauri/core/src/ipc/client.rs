//! The client's side of the socket, used by the CLI and the window.

use std::path::PathBuf;

use interprocess::local_socket::tokio::{prelude::*, Stream};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::{
    socket_name, Asked, Event, FromReply, Reply, Request, RequestFrame, ServerFrame, Subscribe,
    FROM_MEMORY,
};
use crate::error::{Error, IpcError, Result};
use crate::ipc::SocketTrouble;

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
        let path = self.path.display().to_string();
        let name = socket_name(&self.path).map_err(|e| {
            Error::Ipc(IpcError::Socket(SocketTrouble::BadName {
                path: path.clone(),
                error: e.to_string(),
            }))
        })?;
        match tokio::time::timeout(FROM_MEMORY, Stream::connect(name)).await {
            Ok(connected) => connected.map_err(|e| {
                Error::Ipc(IpcError::Socket(SocketTrouble::NotRunning {
                    path,
                    error: e.to_string(),
                }))
            }),
            Err(_) => Err(Error::Ipc(IpcError::Socket(SocketTrouble::NotAccepting {
                path,
            }))),
        }
    }

    /// Sends `request` and takes the `T` its reply carries; any other reply is a protocol error.
    pub async fn ask<T: FromReply>(&self, request: impl Into<Request>) -> Result<T> {
        let reply = self.call(request.into()).await?;
        let unexpected = unexpected(&reply);
        T::from_reply(reply).ok_or(unexpected)
    }

    /// True when a daemon answers on the socket.
    pub async fn is_running(&self) -> bool {
        self.connect().await.is_ok()
    }

    /// Connects and sends `request`; what the daemon answers is read from the [`Exchange`].
    async fn send(&self, request: Asked) -> Result<Exchange> {
        let mut stream = self.connect().await?;
        let mut text = serde_json::to_string(&RequestFrame { id: 1, request }).map_err(|e| {
            Error::Ipc(IpcError::Socket(SocketTrouble::Encoding {
                error: e.to_string(),
            }))
        })?;
        text.push('\n');
        stream.write_all(text.as_bytes()).await.map_err(|e| {
            Error::Ipc(IpcError::Socket(SocketTrouble::Sending {
                error: e.to_string(),
            }))
        })?;
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
            .map_err(|_| Error::Ipc(IpcError::DaemonSilent { waited: patience }))?
    }

    async fn exchange(&self, request: Request) -> Result<Reply> {
        let mut exchange = self.send(Asked::Request(request)).await?;
        loop {
            let Some(line) = exchange.next_line().await? else {
                return Err(Error::Ipc(IpcError::Socket(SocketTrouble::Closed)));
            };
            match serde_json::from_str(line).map_err(|e| {
                Error::Ipc(IpcError::Socket(SocketTrouble::BadReply {
                    error: e.to_string(),
                }))
            })? {
                ServerFrame::Reply { reply, .. } => {
                    return match *reply {
                        Reply::Error(view) => Err(Error::Ipc(IpcError::Relayed(view))),
                        reply => Ok(reply),
                    }
                }
                ServerFrame::Event { .. } => continue,
            }
        }
    }

    /// Subscribes to state events; `on_event` runs for each until the daemon goes away.
    pub async fn subscribe(&self, mut on_event: impl FnMut(Event) + Send) -> Result<()> {
        // The wait for the answer to the subscription; the events after it come whenever they
        // come.
        let patience = FROM_MEMORY;
        let subscribed = async {
            let mut exchange = self.send(Asked::Subscribe(Subscribe::Subscribe)).await?;
            // The first line answers the subscription: a daemon with no room says so there.
            let answer = exchange.next_line().await?.map(serde_json::from_str);
            if let Some(Ok(ServerFrame::Reply { reply, .. })) = answer {
                if let Reply::Error(view) = *reply {
                    return Err(Error::Ipc(IpcError::Relayed(view)));
                }
            }
            Ok::<_, Error>(exchange)
        };
        let mut exchange = tokio::time::timeout(patience, subscribed)
            .await
            .map_err(|_| Error::Ipc(IpcError::DaemonSilent { waited: patience }))??;
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
        let read = self.lines.read_line(&mut self.line).await.map_err(|e| {
            Error::Ipc(IpcError::Socket(SocketTrouble::Reading {
                error: e.to_string(),
            }))
        })?;
        Ok((read > 0).then_some(self.line.as_str()))
    }
}

fn unexpected(reply: &Reply) -> Error {
    Error::Ipc(IpcError::Socket(SocketTrouble::UnexpectedReply {
        reply: format!("{reply:?}"),
    }))
}
