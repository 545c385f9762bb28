//! `worktray-sim`: a stateful stand-in for the Worksection service, for tests, benchmarks and
//! the demo mode.
//!
//! It serves the OAuth2 endpoints (`/oauth2/authorize`, `/token`, `/refresh`, `/resource`) and
//! the API (`/api/oauth2?action=…`) on loopback, with the vendor's answer shapes and quirks:
//! ids as strings, errors with HTTP 200, a one-request-per-second limit, rotating refresh
//! tokens, form bodies refused as "invalid JSON", the access token taken from an
//! `Authorization: Bearer` header or an `access_token` parameter (the request log says
//! which). Faults (latency, 503s, hang-ups, offline) can be injected, and `/_sim/*` endpoints
//! let tests and scripts inspect and steer it.
//!
//! Control endpoints (JSON, no auth, not rate-limited, not in the request log):
//!
//! | request | effect |
//! |---|---|
//! | `GET /_sim/log` | the request log ([`LoggedRequest`]s) |
//! | `GET /_sim/state` | users, projects, tasks, costs, timers, schedules |
//! | `POST /_sim/faults` `{…Faults}` | replaces the injected [`Faults`] (missing fields: none) |
//! | `POST /_sim/expire_tokens` | every access token issued so far expires |
//! | `POST /_sim/timer/start` `{"email","task_id"}` | a timer started "in the web app" |
//! | `POST /_sim/clients` `{"client_id","client_secret","redirect_uri"}` | registers an app |
//! | `POST /_sim/schedule_writes` `{"allowed":bool}` | allows/refuses `update_users_schedule` |
//!
//! Network faults (`offline`, `latency_ms`, `held_up_next`) also apply to the `/oauth2/*`
//! endpoints; the others only to the API.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use worktray_sim::{SimConfig, Simulator};
//! let sim = Simulator::start(([127, 0, 0, 1], 0).into(), SimConfig::default()).await?;
//! println!("API at {}/api/oauth2, token {}", sim.account_url(), sim.demo_access_token());
//! sim.shutdown();
//! # Ok(()) }
//! ```

mod actions;
mod api;
mod app;
mod config;
mod conn;
mod control;
mod error;
mod faults;
mod filter;
mod log;
mod oauth;
mod params;
mod ports;
mod render;
mod reply;
mod seed;
mod simulator;
mod state;
mod tokens;

pub use config::{Seed, SimConfig};
pub use faults::Faults;
pub use log::{LoggedRequest, TokenPlace};
pub use ports::free_loopback_port;
pub use simulator::{Simulator, StartTimerError};
pub use tokens::OAuthClient;
