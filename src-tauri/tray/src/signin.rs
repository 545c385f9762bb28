//! Signing in from the daemon and the CLI: which keyring, which data directory, and how the
//! browser is opened. The rules themselves are in `worktray_core::auth`.

use std::sync::Arc;

use url::Url;
use worktray_core::api::{ApiClient, FixedToken};
use worktray_core::auth::{Accounts, KeyringStore};
use worktray_core::gate::RequestGate;
use worktray_core::secret::Secret;
use worktray_core::{config, t, AuthError, Error, Result};

/// The accounts of this user: the OS keyring, the data directory, and the machine-wide gate.
pub fn accounts(http: reqwest::Client, gate: RequestGate) -> Result<Accounts> {
    Ok(Accounts::new(
        Arc::new(KeyringStore::new()),
        config::data_dir()?,
        http,
        gate,
    ))
}

/// The gate every Worktray process on this machine shares.
pub fn machine_gate() -> Result<RequestGate> {
    Ok(RequestGate::shared_through(config::gate_lock_path()?))
}

/// The API to use when nobody signs in interactively: the account URL and access token given
/// in the environment (scripts, development), else the session kept in the keyring.
pub async fn stored_api(
    accounts: &Accounts,
    http: reqwest::Client,
    gate: RequestGate,
    from_env: Option<&(String, Secret)>,
) -> Result<Option<ApiClient>> {
    if let Some((account_url, token)) = from_env {
        return ApiClient::new(http, account_url, Arc::new(FixedToken(token.clone())), gate)
            .map(Some);
    }
    accounts.check_keyring().await?;
    accounts.restore().await
}

/// Opens the authorize page in the default browser; says where to go when it cannot. The
/// opener is started from a thread of its own: finding one that works may take a while, and
/// the caller may be a runtime thread.
pub fn open_in_browser(url: &Url) {
    let url = url.clone();
    std::thread::spawn(move || {
        if let Err(error) = open::that_detached(url.as_str()) {
            tracing::warn!("could not open a browser: {error}");
            eprintln!(
                "{}",
                t!(
                    "cli-browser-not-opened",
                    error = error.to_string(),
                    url = url.as_str()
                )
            );
        }
    });
}

pub fn not_signed_in() -> Error {
    Error::Auth(AuthError::NotSignedIn(
        worktray_core::auth::SignedOutBecause::NeverSignedIn,
    ))
}
