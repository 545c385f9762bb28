//! The one command the webview may call: it forwards a request of the socket protocol to the
//! daemon (what the first picture needs comes with the page, see [`crate::first_look`]). A
//! failure reaches the UI as a structured `{code, message, candidates?}` ([`ErrorView`]),
//! never as a bare string.
//!
//! The webview may send only the requests [`window_may_send`] lets through, the ones
//! `permissions/daemon.toml` names. The requests and replies are the core's serde types,
//! whose TypeScript bindings are generated into `ui/src/lib/bindings/`.

use tauri::State;
use worktray_core::ipc::{CoreRequest, DaemonClient, ErrorView, Reply, Request, TrayRequest};
use worktray_core::ErrorCode;

/// The way to the daemon, kept in Tauri's managed state. Cheap to share: each call opens its
/// own short connection.
pub struct Daemon(pub DaemonClient);

/// Sends `request` to the daemon and hands back its reply.
#[tauri::command]
pub async fn request(daemon: State<'_, Daemon>, request: Request) -> Result<Reply, ErrorView> {
    forward(&daemon.0, request).await
}

/// What [`request`] does, apart from Tauri: refuses what the window may not send, and passes
/// the rest on.
pub async fn forward(daemon: &DaemonClient, request: Request) -> Result<Reply, ErrorView> {
    if !window_may_send(&request) {
        return Err(ErrorView {
            code: ErrorCode::Window,
            message: format!("the window may not send {request:?}"),
            candidates: Vec::new(),
        });
    }
    daemon.call(request).await.map_err(ErrorView::from)
}

/// The requests the window's UI needs, and no others: it never opens a window (it is one) and
/// never asks who is signed in (the status says). No catch-all, so a new request is refused
/// until it is decided here and named in `permissions/daemon.toml`.
pub fn window_may_send(request: &Request) -> bool {
    match request {
        Request::Core(request) => match request {
            CoreRequest::Whoami => false,
            CoreRequest::Status { .. }
            | CoreRequest::Start { .. }
            | CoreRequest::Stop { .. }
            | CoreRequest::Discard
            | CoreRequest::Tasks { .. }
            | CoreRequest::Log { .. }
            | CoreRequest::Entries { .. }
            | CoreRequest::Sync
            | CoreRequest::EditEntry { .. }
            | CoreRequest::DeleteEntry { .. }
            | CoreRequest::RetryQueued { .. }
            | CoreRequest::DiscardQueued { .. }
            | CoreRequest::DaysOff { .. }
            | CoreRequest::SetDaysOff { .. }
            | CoreRequest::Away
            | CoreRequest::AnswerAway { .. } => true,
        },
        Request::Tray(request) => match request {
            TrayRequest::OpenWindow { .. } => false,
            TrayRequest::SignInDefaults
            | TrayRequest::SignIn { .. }
            | TrayRequest::PasteSignIn { .. }
            | TrayRequest::ReloadSignIn
            | TrayRequest::ImportTeam { .. }
            | TrayRequest::SignOut
            | TrayRequest::Settings
            | TrayRequest::SaveSettings { .. }
            | TrayRequest::PinTask { .. } => true,
        },
    }
}
