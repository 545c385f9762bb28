//! Everything in Worktray that decides: the Worksection API client and its request gate, the
//! lenient models of what the server answers, parsers for what users type, timer arithmetic,
//! the tracker service that the daemon and the CLI share, and the local-socket protocol between
//! the daemon, the CLI and the window.
//!
//! This crate never depends on Tauri or GTK: the tray and the window only adapt it to a desktop.

pub mod api;
pub mod auth;
pub mod away;
mod catalogue;
pub mod config;
pub mod days_off;
pub mod db;
pub mod entries;
pub mod error;
#[cfg(test)]
mod fake_api;
pub mod gate;
pub mod i18n;
pub mod ipc;
pub mod lockfile;
pub mod models;
pub mod notices;
pub mod outbox;
pub mod parse;
pub mod poll;
mod poller;
pub mod presence;
pub mod reminders;
pub mod secret;
mod sender;
pub mod service;
pub mod session;
pub mod settings;
pub mod store;
pub mod supervisor;
pub mod task_search;
pub mod timer;
mod timer_rules;
pub mod tracking;

pub use error::{
    ApiError, AuthError, ConfigError, Error, ErrorCode, InputError, IoAction, IpcError, Result,
    StoreError,
};
