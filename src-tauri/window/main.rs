//! `worktray-window`: the window of Worktray, started by the `worktray` daemon when the user
//! opens it, gone when the window closes.
//!
//! Invariants, stated as absences: this process holds no token, makes no Worksection request
//! and keeps no clock. Every command is one call to the daemon over its local socket, the time
//! shown is the `elapsed_text` the daemon pushes, and without a daemon the window says so and
//! quits.

// A release build on Windows gets no console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;
mod commands;
mod first_look;
mod follow;
mod keep;
#[cfg(test)]
mod tests;
#[cfg(target_os = "linux")]
mod webkit;

use std::process::ExitCode;

use worktray_core::ipc::DaemonClient;

fn main() -> ExitCode {
    // The daemon starts this program with no arguments; a person or a package check may ask
    // which version it is.
    if std::env::args()
        .skip(1)
        .any(|arg| arg == "--version" || arg == "-V")
    {
        println!("worktray-window {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    #[cfg(target_os = "linux")]
    webkit::prepare_environment();
    init_logging();
    let socket = match worktray_core::config::socket_path() {
        Ok(path) => path,
        Err(error) => {
            tracing::error!("cannot tell where the worktray daemon listens: {error}");
            return ExitCode::FAILURE;
        }
    };
    let daemon = DaemonClient::new(socket);
    let opening = app::opening_view();
    // Asked now, answered while GTK and WebKit start.
    let asked = first_look::ask(daemon.clone());
    let app = app::builder(tauri::Builder::default(), daemon)
        .setup(move |app| app::start(app, &first_look::take(asked, opening)))
        .build(app::context());
    let app = match app {
        Ok(app) => app,
        Err(error) => {
            tracing::error!("cannot start the window: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The window's close request ends the process (see `keep`), at once unless the user keeps
    // a closed window ready; `app.exit(code)` when the daemon went away ends it too.
    let code = app.run_return(|_app, _event| {});
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Warnings and errors to stderr; `RUST_LOG` asks for more.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
