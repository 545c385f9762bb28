//! Signing in with Worksection: OAuth2 authorization code with a loopback callback, the token
//! lifecycle (proactive refresh, single flight, rotation), and where the secrets live (the OS
//! keyring, never a file).
//!
//! Worksection's OAuth2 is not the textbook one: refresh has its own URL and rotates the
//! refresh token, the token answer carries a non-standard `account_url` (the API base), and
//! error bodies use camelCase `errorDescription`, often with HTTP 200.

pub mod account;
pub mod accounts;
pub mod callback;
mod error;
pub mod login;
pub mod oauth;
pub mod refresh_lock;
pub mod session;
pub mod store;
pub mod team;

pub use account::AccountConfig;
pub use accounts::{Accounts, SignInDefaults, SignInForm};
pub use error::{AuthError, KeyringTrouble, SignedOutBecause};
pub use oauth::{OAuthApp, TokenSet};
pub use refresh_lock::RefreshLock;
pub use session::OAuthSession;
pub use store::{KeyringStore, MemoryStore, SecretName, SecretStore, Secrets};
pub use team::{TeamConfig, TeamImported};
