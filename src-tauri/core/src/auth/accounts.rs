//! Sign-in as the daemon and the CLI use it: restore the session kept in the keyring, run a new
//! sign-in, sign out. Both front ends call these, so the rules are the same everywhere.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use tokio::sync::mpsc;
use url::Url;

use super::account::AccountConfig;
use super::login;
use super::oauth::{default_redirect_uri, OAuthApp, DEFAULT_AUTH_URL, DEFAULT_SCOPES};
use super::refresh_lock::{self, RefreshLock};
use super::store::{SecretName, SecretStore, Secrets};
use crate::api::ApiClient;
use crate::error::Result;
use crate::gate::RequestGate;
use crate::secret::Secret;

/// Overrides where `/oauth2/*` lives (the simulator, an OAuth2 test server).
pub const ENV_AUTH_URL: &str = "WORKTRAY_AUTH_URL";

/// What the sign-in screen asks for. The secret only passes through, into the keyring.
#[derive(Clone, Debug)]
pub struct SignInForm {
    pub client_id: String,
    /// `None` (or empty) keeps the one already in the keyring.
    pub client_secret: Option<Secret>,
    pub redirect_uri: String,
    pub scopes: String,
}

/// What the sign-in screen shows before the user types: the last settings, and why the last
/// session ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct SignInDefaults {
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    pub has_client_secret: bool,
    pub signed_out_reason: Option<String>,
}

/// Every keyring call runs on the blocking pool ([`Secrets`]), so these are safe to await on
/// any runtime thread.
pub struct Accounts {
    secrets: Secrets,
    data_dir: PathBuf,
    http: reqwest::Client,
    gate: RequestGate,
    auth_url: String,
}

impl Accounts {
    pub fn new(
        store: Arc<dyn SecretStore>,
        data_dir: PathBuf,
        http: reqwest::Client,
        gate: RequestGate,
    ) -> Self {
        let auth_url = std::env::var(ENV_AUTH_URL)
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_AUTH_URL.to_owned());
        Accounts {
            secrets: Secrets::new(store),
            data_dir,
            http,
            gate,
            auth_url,
        }
    }

    /// Uses `auth_url` instead of the environment's or Worksection's.
    pub fn with_auth_url(mut self, auth_url: &str) -> Self {
        auth_url.clone_into(&mut self.auth_url);
        self
    }

    /// Fails with a plain explanation when the keyring cannot be used.
    pub(super) fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub(super) fn auth_url(&self) -> &str {
        &self.auth_url
    }

    pub(super) fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    pub async fn check_keyring(&self) -> Result<()> {
        self.secrets.check().await
    }

    /// The API of the session kept from an earlier sign-in, if any.
    pub async fn restore(&self) -> Result<Option<ApiClient>> {
        let data_dir = self.data_dir.clone();
        let http = self.http.clone();
        let gate = self.gate.clone();
        let restored = self
            .secrets
            .run(move |store| login::restore(store.clone(), &data_dir, http, gate))
            .await?;
        let Some((session, account_url)) = restored else {
            return Ok(None);
        };
        ApiClient::new(
            self.http.clone(),
            &account_url,
            Arc::new(session),
            self.gate.clone(),
        )
        .map(Some)
    }

    /// A damaged account file does not stand in the way of signing in again, which replaces
    /// it: the defaults are then the blank ones, and the reason says what was wrong.
    pub async fn defaults(&self) -> Result<SignInDefaults> {
        let data_dir = self.data_dir.clone();
        let (account, has_client_secret) = self
            .secrets
            .run(move |store| {
                let account = AccountConfig::load(&data_dir);
                Ok((account, store.read(SecretName::ClientSecret)?.is_some()))
            })
            .await?;
        Ok(match account {
            Ok(Some(account)) => SignInDefaults {
                client_id: account.client_id,
                redirect_uri: account.redirect_uri,
                scopes: account.scopes,
                has_client_secret,
                signed_out_reason: account.signed_out_reason,
            },
            account => SignInDefaults {
                client_id: String::new(),
                redirect_uri: default_redirect_uri(),
                scopes: DEFAULT_SCOPES.to_owned(),
                has_client_secret,
                signed_out_reason: account.err().map(|damage| damage.to_string()),
            },
        })
    }

    /// Runs a sign-in and returns the API of the new session. `show` gets the page to open;
    /// `pasted` the lines a user pastes instead.
    pub async fn sign_in(
        &self,
        form: SignInForm,
        show: impl FnOnce(&Url),
        pasted: Option<mpsc::UnboundedReceiver<String>>,
    ) -> Result<ApiClient> {
        self.check_keyring().await?;
        let secret = match form.client_secret.filter(|s| !s.is_empty()) {
            Some(secret) => secret,
            None => self
                .secrets
                .read(SecretName::ClientSecret)
                .await?
                .unwrap_or_else(|| Secret::new("")),
        };
        let app = OAuthApp::new(
            &self.auth_url,
            &form.client_id,
            secret,
            &form.redirect_uri,
            &form.scopes,
        )?;
        let tokens =
            login::authorize(&app, &self.http, &self.gate, &self.data_dir, show, pasted).await?;
        {
            // No refresh elsewhere may store the old sign-in's tokens over the new ones.
            let _machine = RefreshLock::acquire(&self.data_dir, refresh_lock::WAIT).await?;
            let data_dir = self.data_dir.clone();
            self.secrets
                .run(move |store| login::remember(&app, &tokens, store.as_ref(), &data_dir))
                .await?;
        }
        self.restore().await?.ok_or_else(|| {
            crate::Error::Auth(crate::AuthError::KeyringUnavailable(
                crate::auth::KeyringTrouble::NotReadBack,
            ))
        })
    }

    /// Removes every secret and the account settings.
    pub async fn sign_out(&self) -> Result<()> {
        // After a refresh elsewhere, not in the middle of one that would store its tokens again.
        let _machine = RefreshLock::acquire(&self.data_dir, refresh_lock::WAIT).await?;
        let data_dir = self.data_dir.clone();
        self.secrets
            .run(move |store| login::forget(store.as_ref(), &data_dir))
            .await
    }
}
