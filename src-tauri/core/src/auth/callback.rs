//! The loopback listener that receives the browser's redirect after the user approves the app.
//!
//! It listens on the loopback address only, over HTTPS with a self-signed certificate made on
//! first use (Worksection requires an HTTPS redirect URI) or over plain HTTP when the user
//! registered an `http://` loopback URI. It answers only the callback path — a browser's
//! `/favicon.ico` request does not end the flow — accepts exactly one callback whose `state`
//! matches, and stops listening once it has it.
//!
//! Connections are served side by side, each given a few seconds to say what it wants: a
//! browser's idle preconnects (or anything else on this computer that connects and says
//! nothing) cannot hold up the real callback.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};

use crate::error::IoAction;
use crate::t;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use url::Url;

use crate::error::{AuthError, Error, Result};
use crate::secret::Secret;

/// How long one connection may take for each step — the TLS handshake, its request head, our
/// answer — before it is closed.
const STEP_TIMEOUT: Duration = Duration::from_secs(3);
/// Connections served at once; more wait until one is done.
const MAX_CONNECTIONS: usize = 16;
const MAX_REQUEST_HEAD: usize = 16 * 1024;

pub struct CallbackServer {
    listeners: Vec<TcpListener>,
    tls: Option<TlsAcceptor>,
    path: String,
}

/// True when the redirect URI points at this computer, so the app can receive it itself.
pub fn is_loopback(uri: &Url) -> bool {
    match uri.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl CallbackServer {
    /// Binds the redirect URI's port on the loopback address(es) only.
    pub async fn bind(redirect_uri: &Url, data_dir: &Path) -> Result<CallbackServer> {
        if !is_loopback(redirect_uri) {
            return Err(Error::invalid_input(t!(
                "sign-in-redirect-not-local",
                redirect_uri = redirect_uri.as_str()
            )));
        }
        let port = redirect_uri.port_or_known_default().unwrap_or(443);
        let addresses: Vec<SocketAddr> = match redirect_uri.host() {
            Some(url::Host::Ipv4(ip)) => vec![SocketAddr::from((ip, port))],
            Some(url::Host::Ipv6(ip)) => vec![SocketAddr::from((ip, port))],
            // Browsers may resolve localhost to either family.
            _ => vec![
                SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                SocketAddr::from((Ipv6Addr::LOCALHOST, port)),
            ],
        };
        let mut listeners = Vec::new();
        let mut last_error = None;
        for address in addresses {
            match TcpListener::bind(address).await {
                Ok(listener) => listeners.push(listener),
                Err(error) => last_error = Some((address, error)),
            }
        }
        if listeners.is_empty() {
            let (address, error) = last_error.expect("at least one address was tried");
            return Err(Error::io(
                IoAction::ListeningForSignIn(address.to_string()),
                error,
            ));
        }
        let tls = match redirect_uri.scheme() {
            "https" => Some(tls_acceptor(data_dir)?),
            _ => None,
        };
        Ok(CallbackServer {
            listeners,
            tls,
            path: redirect_uri.path().to_owned(),
        })
    }

    pub fn local_addresses(&self) -> Vec<SocketAddr> {
        self.listeners
            .iter()
            .filter_map(|l| l.local_addr().ok())
            .collect()
    }

    /// Serves until a callback with the right `state` arrives; returns its code.
    pub async fn wait_for_code(self, state: &Secret) -> Result<Secret> {
        let serving = Arc::new(Serving {
            tls: self.tls,
            path: self.path,
            state: state.clone(),
        });
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let (outcomes, mut outcome) = mpsc::channel(1);
        let mut listening = JoinSet::new();
        for listener in self.listeners {
            listening.spawn(accept(
                listener,
                slots.clone(),
                serving.clone(),
                outcomes.clone(),
            ));
        }
        drop(outcomes);
        let outcome = outcome
            .recv()
            .await
            .unwrap_or_else(|| Err(Error::invalid_input(t!("sign-in-listener-stopped"))));
        // Stop listening at once: a second callback finds nobody there. Connections still
        // being served go with their listener.
        listening.abort_all();
        outcome
    }
}

/// What every connection needs to answer.
struct Serving {
    tls: Option<TlsAcceptor>,
    path: String,
    state: Secret,
}

/// Accepts connections and serves each on its own task, at most [`MAX_CONNECTIONS`] at once
/// (shared by every listener); the first outcome goes to `outcomes`.
async fn accept(
    listener: TcpListener,
    slots: Arc<Semaphore>,
    serving: Arc<Serving>,
    outcomes: mpsc::Sender<Result<Secret>>,
) {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!("the sign-in listener stopped: {error}");
                return;
            }
        };
        // All slots busy: this connection waits for one, the next ones in the listen queue.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let serving = serving.clone();
        let outcomes = outcomes.clone();
        connections.spawn(async move {
            let _slot = slot;
            if let Some(outcome) = serving.serve(stream).await {
                let _ = outcomes.send(outcome).await;
            }
        });
        while connections.try_join_next().is_some() {}
    }
}

impl Serving {
    async fn serve(&self, stream: TcpStream) -> Option<Result<Secret>> {
        match &self.tls {
            Some(tls) => match tokio::time::timeout(STEP_TIMEOUT, tls.accept(stream)).await {
                Ok(Ok(stream)) => handle(stream, &self.path, &self.state).await,
                Ok(Err(error)) => {
                    // Usually a browser refusing the self-signed certificate before the user
                    // accepted it; it will connect again.
                    tracing::debug!("TLS handshake with the browser failed: {error}");
                    None
                }
                Err(_) => None,
            },
            None => handle(stream, &self.path, &self.state).await,
        }
    }
}

/// Answers one request. `Some` ends the flow (a code, or the user's refusal).
async fn handle<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    callback_path: &str,
    state: &Secret,
) -> Option<Result<Secret>> {
    let head = tokio::time::timeout(STEP_TIMEOUT, read_head(&mut stream))
        .await
        .ok()??;
    let target = head.lines().next()?.split_whitespace().nth(1)?.to_owned();
    let url = Url::parse("http://localhost").ok()?.join(&target).ok()?;
    if url.path() != callback_path {
        respond(
            &mut stream,
            "404 Not Found",
            &t!("signin-page-not-found"),
            &t!("signin-page-not-found-text"),
        )
        .await;
        return None;
    }
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    if query.get("state").map(String::as_str) != Some(state.expose()) {
        respond(
            &mut stream,
            "400 Bad Request",
            &t!("signin-page-expired"),
            &t!("signin-page-expired-text"),
        )
        .await;
        return None;
    }
    if let Some(error) = query.get("error") {
        respond(
            &mut stream,
            "200 OK",
            &t!("signin-page-cancelled"),
            &t!("signin-page-cancelled-text"),
        )
        .await;
        let description = query
            .get("error_description")
            .or_else(|| query.get("errorDescription"))
            .cloned()
            .unwrap_or_default();
        return Some(Err(Error::Auth(AuthError::SignInRefused {
            error: error.clone(),
            description,
        })));
    }
    match query.get("code").filter(|c| !c.is_empty()) {
        Some(code) => {
            respond(
                &mut stream,
                "200 OK",
                &t!("signin-page-done"),
                &t!("signin-page-done-text"),
            )
            .await;
            Some(Ok(Secret::new(code.clone())))
        }
        None => {
            respond(
                &mut stream,
                "400 Bad Request",
                &t!("signin-page-no-code"),
                &t!("signin-page-no-code-text"),
            )
            .await;
            None
        }
    }
}

async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() + read > MAX_REQUEST_HEAD {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8(head).ok()
}

async fn respond<S: AsyncWrite + Unpin>(stream: &mut S, status: &str, title: &str, text: &str) {
    let lang = crate::i18n::current().code();
    let body = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title} — Worktray</title>\
         <style>body{{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;color:#1f2937}}\
         main{{max-width:28rem;text-align:center}}h1{{font-size:1.4rem}}</style></head>\
         <body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    );
    let answer = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let sent = tokio::time::timeout(STEP_TIMEOUT, async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
    match sent {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::debug!("the browser left before the answer: {error}"),
        Err(_) => tracing::debug!("the browser did not take the answer"),
    }
}

/// The TLS identity for `https://localhost`: made once, kept in the data directory. It is not
/// a user secret (it protects only this loopback hop), but it is private to the user.
fn tls_acceptor(data_dir: &Path) -> Result<TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let dir = data_dir.join("callback-tls");
    let cert_path = dir.join("localhost.crt");
    let key_path = dir.join("localhost.key");
    // Also takes others' access off a folder and certificate an older version left readable.
    crate::config::create_private_dir(&dir)?;
    crate::config::make_path_private(&cert_path);
    if !cert_path.exists() || !key_path.exists() {
        let made = rcgen::generate_simple_self_signed(vec![
            "localhost".to_owned(),
            "127.0.0.1".to_owned(),
            "::1".to_owned(),
        ])
        .map_err(AuthError::Certificate)?;
        write_private(&key_path, made.key_pair.serialize_pem().as_bytes())?;
        write_private(&cert_path, made.cert.pem().as_bytes())?;
    }
    let unreadable = |what| {
        let dir = dir.display().to_string();
        move |source| AuthError::CertificateUnreadable { what, dir, source }
    };
    let cert = CertificateDer::from_pem_file(&cert_path).map_err(unreadable("certificate"))?;
    let key = PrivateKeyDer::from_pem_file(&key_path).map_err(unreadable("key"))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(AuthError::Tls)?
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .map_err(AuthError::Tls)?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = crate::config::private_file_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(|e| Error::io(IoAction::Writing(path.display().to_string()), e))?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|e| Error::io(IoAction::Writing(path.display().to_string()), e))
}
