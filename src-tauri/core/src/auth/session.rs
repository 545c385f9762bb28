//! A signed-in session: hands out the access token, refreshes it before it expires (by the
//! wall clock, so a laptop that slept through the expiry refreshes before its first call),
//! refreshes once when the server says it expired, and never runs two refreshes at once —
//! Worksection rotates refresh tokens, so a second concurrent refresh would use a dead one.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::Mutex;

use super::account::AccountConfig;
use super::oauth::{OAuthApp, TokenSet};
use super::store::{SecretName, SecretStore};
use crate::api::TokenSource;
use crate::error::{Error, Result};
use crate::gate::RequestGate;
use crate::secret::Secret;

/// Refresh this long before the access token expires, so no request meets an expired token.
pub const REFRESH_AHEAD: Duration = Duration::from_secs(10 * 60);

struct Tokens {
    access: Secret,
    refresh: Secret,
    expires_at: SystemTime,
    account_url: url::Url,
}

pub struct OAuthSession {
    app: OAuthApp,
    http: reqwest::Client,
    gate: RequestGate,
    store: Arc<dyn SecretStore>,
    data_dir: PathBuf,
    /// `None` once the server refused the refresh token: signed out.
    tokens: Mutex<Option<Tokens>>,
    /// Why the session ended, repeated to every later caller.
    ended: std::sync::Mutex<String>,
}

impl OAuthSession {
    pub fn new(
        app: OAuthApp,
        tokens: &TokenSet,
        http: reqwest::Client,
        gate: RequestGate,
        store: Arc<dyn SecretStore>,
        data_dir: PathBuf,
    ) -> Self {
        OAuthSession {
            app,
            http,
            gate,
            store,
            data_dir,
            ended: std::sync::Mutex::new(String::new()),
            tokens: Mutex::new(Some(Tokens {
                access: tokens.access.clone(),
                refresh: tokens.refresh.clone(),
                expires_at: tokens.expires_at,
                account_url: tokens.account_url.clone(),
            })),
        }
    }

    async fn fresh_token(&self, expired: Option<&Secret>) -> Result<Secret> {
        // Holding the lock across the refresh is the single flight: callers that queue here
        // find the new token when it is their turn.
        let mut guard = self.tokens.lock().await;
        let Some(tokens) = guard.as_ref() else {
            let reason = self
                .ended
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            return Err(signed_out(if reason.is_empty() {
                "the sign-in has ended"
            } else {
                &reason
            }));
        };
        let due = tokens
            .expires_at
            .duration_since(SystemTime::now())
            .map_or(true, |left| left < REFRESH_AHEAD);
        let rejected = expired.is_some_and(|e| *e == tokens.access);
        if !due && !rejected {
            return Ok(tokens.access.clone());
        }
        match self
            .app
            .refresh(&self.http, &self.gate, &tokens.refresh, &tokens.account_url)
            .await
        {
            Ok(renewed) => {
                // The old refresh token is already dead on the server: keep the new one before
                // anything else, so a crash right now cannot sign the user out.
                self.persist(&renewed);
                let access = renewed.access.clone();
                *guard = Some(Tokens {
                    access: renewed.access,
                    refresh: renewed.refresh,
                    expires_at: renewed.expires_at,
                    account_url: renewed.account_url,
                });
                Ok(access)
            }
            Err(Error::SignInRefused { error, description }) => {
                *guard = None;
                let reason = format!(
                    "Worksection refused to renew the sign-in ({error}{})",
                    if description.is_empty() {
                        String::new()
                    } else {
                        format!(": {description}")
                    }
                );
                self.forget(&reason);
                reason.clone_into(
                    &mut self
                        .ended
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner),
                );
                Err(signed_out(&reason))
            }
            Err(other) => Err(other),
        }
    }

    fn persist(&self, tokens: &TokenSet) {
        for (name, value) in [
            (SecretName::RefreshToken, &tokens.refresh),
            (SecretName::AccessToken, &tokens.access),
        ] {
            if let Err(error) = self.store.write(name, value) {
                tracing::error!("could not store the renewed sign-in: {error}");
            }
        }
        match AccountConfig::load(&self.data_dir) {
            Ok(Some(mut account)) => {
                account.access_expires_at = Some(unix_seconds(tokens.expires_at));
                account.account_url = Some(tokens.account_url.to_string());
                if let Err(error) = account.save(&self.data_dir) {
                    tracing::warn!("could not record the token expiry: {error}");
                }
            }
            Ok(None) => {}
            Err(error) => tracing::warn!("{error}"),
        }
    }

    /// The refresh token is dead: remove both tokens, keep the app settings (and every queued
    /// entry, which lives elsewhere) so signing in again is one step.
    fn forget(&self, reason: &str) {
        for name in [SecretName::AccessToken, SecretName::RefreshToken] {
            if let Err(error) = self.store.delete(name) {
                tracing::warn!("could not remove a dead token: {error}");
            }
        }
        if let Ok(Some(mut account)) = AccountConfig::load(&self.data_dir) {
            account.access_expires_at = None;
            account.signed_out_reason = Some(reason.to_owned());
            if let Err(error) = account.save(&self.data_dir) {
                tracing::warn!("{error}");
            }
        }
    }
}

fn signed_out(reason: &str) -> Error {
    Error::NotSignedIn(format!("{reason}; sign in again (tray → Sign in, or `worktray login`). Entries you logged are kept and will be sent after you sign in"))
}

pub fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn from_unix_seconds(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.max(0) as u64)
}

impl TokenSource for OAuthSession {
    fn access_token(&self) -> Pin<Box<dyn Future<Output = Result<Secret>> + Send + '_>> {
        Box::pin(self.fresh_token(None))
    }

    fn renew(
        &self,
        rejected: Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Secret>>> + Send + '_>> {
        Box::pin(async move { self.fresh_token(Some(&rejected)).await.map(Some) })
    }
}
