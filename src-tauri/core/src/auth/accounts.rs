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
use super::store::{SecretName, SecretStore};
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

pub struct Accounts {
    store: Arc<dyn SecretStore>,
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
            store,
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
    pub fn check_keyring(&self) -> Result<()> {
        self.store.check()
    }

    /// The API of the session kept from an earlier sign-in, if any.
    pub fn restore(&self) -> Result<Option<ApiClient>> {
        let Some((session, account_url)) = login::restore(
            self.store.clone(),
            &self.data_dir,
            self.http.clone(),
            self.gate.clone(),
        )?
        else {
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

    pub fn defaults(&self) -> Result<SignInDefaults> {
        let account = AccountConfig::load(&self.data_dir)?;
        let has_client_secret = self.store.read(SecretName::ClientSecret)?.is_some();
        Ok(match account {
            Some(account) => SignInDefaults {
                client_id: account.client_id,
                redirect_uri: account.redirect_uri,
                scopes: account.scopes,
                has_client_secret,
                signed_out_reason: account.signed_out_reason,
            },
            None => SignInDefaults {
                client_id: String::new(),
                redirect_uri: default_redirect_uri(),
                scopes: DEFAULT_SCOPES.to_owned(),
                has_client_secret,
                signed_out_reason: None,
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
        self.check_keyring()?;
        let secret = match form.client_secret.filter(|s| !s.is_empty()) {
            Some(secret) => secret,
            None => self
                .store
                .read(SecretName::ClientSecret)?
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
        login::remember(&app, &tokens, self.store.as_ref(), &self.data_dir)?;
        self.restore()?.ok_or_else(|| {
            crate::Error::Keyring("the sign-in could not be read back from the keyring".into())
        })
    }

    /// Removes every secret and the account settings.
    pub fn sign_out(&self) -> Result<()> {
        login::forget(self.store.as_ref(), &self.data_dir)
    }
}
