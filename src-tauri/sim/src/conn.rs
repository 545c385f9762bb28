//! A TCP listener whose connections a request handler can hang up on.
//!
//! The `drop_after_apply` and `offline` faults must look like a network failure to the client:
//! no status line, no body, just a closed connection. axum has no API for that, so every
//! accepted stream is wrapped; the handler gets the wrapper's [`ConnHandle`] through
//! `ConnectInfo`, flags it, and the wrapper then fails every write (hyper cannot send the
//! response and drops the connection) and reports end-of-stream on reads.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Lets a handler close its own connection without answering.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConnHandle {
    hung_up: Arc<AtomicBool>,
}

impl ConnHandle {
    pub(crate) fn hang_up(&self) {
        self.hung_up.store(true, Ordering::SeqCst);
    }

    fn is_hung_up(&self) -> bool {
        self.hung_up.load(Ordering::SeqCst)
    }
}

impl Connected<IncomingStream<'_, HangUpListener>> for ConnHandle {
    fn connect_info(stream: IncomingStream<'_, HangUpListener>) -> Self {
        stream.remote_addr().clone()
    }
}

/// Wraps a bound [`TcpListener`]; each accepted connection gets its own [`ConnHandle`].
pub(crate) struct HangUpListener {
    inner: TcpListener,
}

impl HangUpListener {
    pub(crate) fn new(inner: TcpListener) -> Self {
        Self { inner }
    }
}

impl Listener for HangUpListener {
    type Io = HangUpStream;
    /// The "address" axum hands to `ConnectInfo` is the connection's hang-up handle.
    type Addr = ConnHandle;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        // TcpListener's own Listener impl already retries on accept errors.
        let (stream, _peer) = Listener::accept(&mut self.inner).await;
        let handle = ConnHandle::default();
        let io = HangUpStream {
            inner: stream,
            handle: handle.clone(),
        };
        (io, handle)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        // Only asked for by `Serve::local_addr`, which the simulator does not use; the real
        // address is taken from the TcpListener before wrapping it.
        self.inner.local_addr().map(|_| ConnHandle::default())
    }
}

/// A TCP stream that goes dead once its [`ConnHandle`] hangs up.
pub(crate) struct HangUpStream {
    inner: TcpStream,
    handle: ConnHandle,
}

fn hung_up_error() -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionAborted, "simulator hung up")
}

impl AsyncRead for HangUpStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.handle.is_hung_up() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for HangUpStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.handle.is_hung_up() {
            return Poll::Ready(Err(hung_up_error()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.handle.is_hung_up() {
            return Poll::Ready(Err(hung_up_error()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
