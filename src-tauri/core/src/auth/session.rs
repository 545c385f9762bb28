//! A signed-in session: hands out the access token, refreshes it before it expires (by the
//! wall clock, so a laptop that slept through the expiry refreshes before its first call),
//! refreshes once when the server says it expired, and never runs two refreshes at once —
//! Worksection rotates refresh tokens, so a second concurrent refresh would use a dead one.
//!
//! "At once" spans processes: a refresh happens under the machine's [`RefreshLock`], and after
//! taking it the session looks at the keyring again. A pair another process stored meanwhile
//! is used instead of refreshing; tokens are deleted only when the server refuses the very
//! refresh token the keyring still holds.
//!
//! A renewed pair the keyring does not take (locked, gone) stays in memory, is offered to the
//! keyring again every [`SAVE_RETRY`] by a task of its own, and the user is told (see
//! [`OAuthSession::problems`]). It never goes to a file.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::{watch, Mutex};

use super::account::AccountConfig;
use super::error::SignedOutBecause;
use super::oauth::{OAuthApp, TokenSet};
use super::refresh_lock::{self, RefreshLock};
use super::store::{SecretName, SecretStore, Secrets};
use crate::api::TokenSource;
use crate::error::{AuthError, Error, Result};
use crate::gate::RequestGate;
use crate::secret::Secret;
use crate::t;

/// Refresh this long before the access token expires, so no request meets an expired token.
pub const REFRESH_AHEAD: Duration = Duration::from_secs(10 * 60);
/// How often a renewed sign-in that the keyring refused is offered to it again. Each try may
/// raise the keyring's unlock prompt, so not more often.
pub const SAVE_RETRY: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct Tokens {
    access: Secret,
    refresh: Secret,
    expires_at: SystemTime,
    account_url: url::Url,
}

impl Tokens {
    fn usable(&self, rejected: Option<&Secret>) -> bool {
        let due = self
            .expires_at
            .duration_since(SystemTime::now())
            .map_or(true, |left| left < REFRESH_AHEAD);
        !due && rejected.is_none_or(|r| *r != self.access)
    }
}

impl From<TokenSet> for Tokens {
    fn from(set: TokenSet) -> Self {
        Tokens {
            access: set.access,
            refresh: set.refresh,
            expires_at: set.expires_at,
            account_url: set.account_url,
        }
    }
}

struct State {
    /// `None` once the sign-in ended: signed out.
    tokens: Option<Tokens>,
    /// Why the session ended, repeated to every later caller.
    ended: String,
    /// Set while the current tokens are in memory only, because the keyring refused them.
    unsaved: Option<Unsaved>,
    /// Whether a task offers unsaved tokens to the keyring every [`SAVE_RETRY`].
    offering: bool,
    /// Whether these tokens (or ones they replaced) were in the keyring: then their absence
    /// from it means someone removed them.
    stored: bool,
}

struct Unsaved {
    /// The refresh token the keyring still holds instead of ours (dead, since ours replaced it).
    in_keyring: Option<Secret>,
}

/// Cheap to share; the session lives as long as its last clone.
pub struct OAuthSession {
    inner: Arc<Inner>,
}

struct Inner {
    app: OAuthApp,
    http: reqwest::Client,
    gate: RequestGate,
    secrets: Secrets,
    data_dir: PathBuf,
    save_retry: Duration,
    /// Holding this across a refresh is the single flight within the process: callers that
    /// queue here find the new token when it is their turn.
    state: Mutex<State>,
    /// Why the tokens are not safely kept, while they are not.
    problem: watch::Sender<Option<String>>,
}

/// What the keyring (and the account file beside it) holds now.
struct Stored {
    refresh: Option<Secret>,
    access: Option<Secret>,
    /// `None` when the file is missing or damaged; a damaged one is no proof of a sign-out.
    account: Option<AccountConfig>,
    account_damaged: bool,
}

impl OAuthSession {
    /// A session for `tokens`, which `store` keeps once they are renewed.
    pub fn new(
        app: OAuthApp,
        tokens: &TokenSet,
        http: reqwest::Client,
        gate: RequestGate,
        store: Arc<dyn SecretStore>,
        data_dir: PathBuf,
    ) -> Self {
        Self::build(app, tokens, http, gate, store, data_dir, false)
    }

    /// The session of `tokens` as read from `store`.
    pub(crate) fn restored(
        app: OAuthApp,
        tokens: &TokenSet,
        http: reqwest::Client,
        gate: RequestGate,
        store: Arc<dyn SecretStore>,
        data_dir: PathBuf,
    ) -> Self {
        Self::build(app, tokens, http, gate, store, data_dir, true)
    }

    fn build(
        app: OAuthApp,
        tokens: &TokenSet,
        http: reqwest::Client,
        gate: RequestGate,
        store: Arc<dyn SecretStore>,
        data_dir: PathBuf,
        stored: bool,
    ) -> Self {
        OAuthSession {
            inner: Arc::new(Inner {
                app,
                http,
                gate,
                secrets: Secrets::new(store),
                data_dir,
                save_retry: SAVE_RETRY,
                state: Mutex::new(State {
                    tokens: Some(tokens.clone().into()),
                    ended: String::new(),
                    unsaved: None,
                    offering: false,
                    stored,
                }),
                problem: watch::channel(None).0,
            }),
        }
    }

    /// Offers unsaved tokens to the keyring every `every` instead of every [`SAVE_RETRY`]
    /// (tests). Call it before the session is shared.
    pub fn retry_saves_every(mut self, every: Duration) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.save_retry = every;
        }
        self
    }

    /// Why the current tokens are not safely kept (a keyring write failed), watched: `None`
    /// while they are.
    pub fn problems(&self) -> watch::Receiver<Option<String>> {
        self.inner.problem.subscribe()
    }
}

impl Inner {
    async fn fresh_token(self: &Arc<Self>, rejected: Option<&Secret>) -> Result<Secret> {
        let mut state = self.state.lock().await;
        if state.current()?.usable(rejected) {
            return Ok(state.current()?.access.clone());
        }
        let _machine = RefreshLock::acquire(&self.data_dir, refresh_lock::WAIT).await?;
        self.catch_up(&mut state).await?;
        let tokens = state.current()?;
        if tokens.usable(rejected) {
            return Ok(tokens.access.clone());
        }
        self.refresh(&mut state).await
    }

    /// Under the machine's refresh lock: compares the keyring with this session's tokens. A
    /// pair another process stored is taken over; tokens removed elsewhere end the session;
    /// unsaved tokens of ours are offered to the keyring again.
    async fn catch_up(self: &Arc<Self>, state: &mut State) -> Result<()> {
        let ours = state.current()?.refresh.clone();
        let data_dir = self.data_dir.clone();
        let stored = self
            .secrets
            .run(move |store| {
                let account = AccountConfig::load(&data_dir);
                Ok(Stored {
                    refresh: store.read(SecretName::RefreshToken)?,
                    access: store.read(SecretName::AccessToken)?,
                    account_damaged: account.is_err(),
                    account: account.ok().flatten(),
                })
            })
            .await;
        let stored = match stored {
            Ok(stored) => stored,
            Err(error) => {
                // Nobody can tell what the keyring holds: go on with what this process has.
                tracing::warn!("could not read the sign-in back from the keyring: {error}");
                self.offer_unsaved(state).await;
                return Ok(());
            }
        };
        // The refresh token ours replaced, which the keyring may still hold: only we know the
        // live pair then.
        let stale = state.unsaved.as_ref().and_then(|u| u.in_keyring.clone());
        match stored.refresh {
            Some(refresh) if refresh != ours && stale.as_ref() != Some(&refresh) => {
                return self.take_over(state, refresh, stored.access, stored.account)
            }
            // Our stored tokens were removed: signed out elsewhere (then the account file went
            // too), or refused elsewhere — which leaves unsaved ones of ours alive.
            None if state.stored
                && (state.unsaved.is_none()
                    || (stored.account.is_none() && !stored.account_damaged)) =>
            {
                let reason = stored
                    .account
                    .and_then(|a| a.signed_out_reason)
                    .unwrap_or_else(|| t!("session-signed-out-elsewhere"));
                return Err(state.end(reason, &self.problem));
            }
            _ => {}
        }
        self.offer_unsaved(state).await;
        Ok(())
    }

    /// Offers tokens the keyring refused before to it again.
    async fn offer_unsaved(self: &Arc<Self>, state: &mut State) {
        if state.unsaved.is_some() {
            self.save(state, None).await;
        }
    }

    /// Uses the pair another process stored (it refreshed first, or signed in again).
    fn take_over(
        &self,
        state: &mut State,
        refresh: Secret,
        access: Option<Secret>,
        account: Option<AccountConfig>,
    ) -> Result<()> {
        let account = match account {
            Some(account) if account.client_id == self.app.client_id => account,
            Some(_) => {
                return Err(state.end(t!("session-other-app"), &self.problem));
            }
            None => {
                return Err(state.end(t!("session-account-file-gone"), &self.problem));
            }
        };
        let account_url = match account
            .account_url
            .as_deref()
            .and_then(|u| crate::api::validate_account_url(u).ok())
        {
            Some(url) => url,
            None => state.current()?.account_url.clone(),
        };
        tracing::info!("another Worktray process renewed the sign-in: using its tokens");
        state.tokens = Some(Tokens {
            access: access.unwrap_or_else(|| Secret::new("")),
            refresh,
            // Unknown expiry: treat as due, so the next call refreshes.
            expires_at: from_unix_seconds(account.access_expires_at.unwrap_or(0)),
            account_url,
        });
        state.unsaved = None;
        state.stored = true;
        self.problem.send_if_modified(|p| p.take().is_some());
        Ok(())
    }

    /// Trades the refresh token for a new pair and keeps it. Called under the refresh lock.
    async fn refresh(self: &Arc<Self>, state: &mut State) -> Result<Secret> {
        let ours = state.current()?.clone();
        match self
            .app
            .refresh(&self.http, &self.gate, &ours.refresh, &ours.account_url)
            .await
        {
            Ok(renewed) => {
                let access = renewed.access.clone();
                state.tokens = Some(renewed.into());
                // The old refresh token is already dead on the server: keep the new one before
                // anything else, so a crash right now cannot sign the user out.
                self.save(state, Some(ours.refresh)).await;
                Ok(access)
            }
            Err(Error::Auth(AuthError::SignInRefused { error, description })) => {
                let reason = if description.is_empty() {
                    t!("session-renewal-refused", error = error.as_str())
                } else {
                    t!(
                        "session-renewal-refused-described",
                        error = error.as_str(),
                        description = description.as_str()
                    )
                };
                // `invalid_client` refuses this process's app credentials, not the token: they
                // may be old (the user signed in again elsewhere with a new secret), and the
                // stored pair may be alive for every other process. Only a refused token goes.
                if error != "invalid_client" {
                    self.forget_if_stored(&ours.refresh, &reason).await;
                }
                Err(state.end(reason, &self.problem))
            }
            Err(other) => Err(other),
        }
    }

    /// Puts the current tokens in the keyring (refresh token first) and their expiry in the
    /// account file. If the keyring refuses, they stay in memory, marked unsaved, the user is
    /// told, and a task offers them again every [`SAVE_RETRY`]. `replaced` is the refresh token
    /// the keyring held before, when this saves a new pair.
    async fn save(self: &Arc<Self>, state: &mut State, replaced: Option<Secret>) {
        let Some(tokens) = state.tokens.clone() else {
            return;
        };
        let data_dir = self.data_dir.clone();
        let written = self
            .secrets
            .run(move |store| {
                store.write(SecretName::RefreshToken, &tokens.refresh)?;
                store.write(SecretName::AccessToken, &tokens.access)?;
                record_expiry(&data_dir, &tokens);
                Ok(())
            })
            .await;
        match written {
            Ok(()) => {
                state.stored = true;
                if state.unsaved.take().is_some() {
                    tracing::info!("the keyring took the renewed sign-in");
                }
                self.problem.send_if_modified(|p| p.take().is_some());
            }
            Err(error) => {
                let problem = t!("session-renewed-not-saved", error = error.to_string());
                tracing::error!("{problem}");
                state.unsaved.get_or_insert(Unsaved {
                    in_keyring: replaced,
                });
                if !state.offering {
                    state.offering = true;
                    keep_offering(Arc::downgrade(self), self.save_retry);
                }
                self.problem.send_replace(Some(problem));
            }
        }
    }

    /// The refresh token was refused: remove both tokens, but only if the keyring still holds
    /// that very token (another process may have stored a live one meanwhile). The app settings
    /// stay (and every queued entry, which lives elsewhere), so signing in again is one step.
    async fn forget_if_stored(&self, refused: &Secret, reason: &str) {
        let refused = refused.clone();
        let reason = reason.to_owned();
        let data_dir = self.data_dir.clone();
        let forgotten = self
            .secrets
            .run(move |store| {
                if store.read(SecretName::RefreshToken)?.as_ref() != Some(&refused) {
                    return Ok(false);
                }
                for name in [SecretName::AccessToken, SecretName::RefreshToken] {
                    store.delete(name)?;
                }
                if let Ok(Some(mut account)) = AccountConfig::load(&data_dir) {
                    account.access_expires_at = None;
                    account.signed_out_reason = Some(reason);
                    if let Err(error) = account.save(&data_dir) {
                        tracing::warn!("{error}");
                    }
                }
                Ok(true)
            })
            .await;
        match forgotten {
            Ok(true) => {}
            Ok(false) => tracing::info!(
                "the refused token is no longer the stored one: the stored sign-in stays"
            ),
            Err(error) => tracing::warn!("could not remove a dead token: {error}"),
        }
    }
}

impl State {
    fn current(&self) -> Result<&Tokens> {
        self.tokens.as_ref().ok_or_else(|| {
            if self.ended.is_empty() {
                signed_out(&t!("session-ended"))
            } else {
                signed_out(&self.ended)
            }
        })
    }

    /// Ends the session: every later caller hears `reason`.
    fn end(&mut self, reason: String, problem: &watch::Sender<Option<String>>) -> Error {
        self.tokens = None;
        self.unsaved = None;
        problem.send_if_modified(|p| p.take().is_some());
        let error = signed_out(&reason);
        self.ended = reason;
        error
    }
}

/// Offers unsaved tokens to the keyring every `every`, until it takes them or the session ends.
fn keep_offering(session: Weak<Inner>, every: Duration) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            let Some(inner) = session.upgrade() else {
                return;
            };
            // Ask the keyring whether it answers at all before holding the session: a locked
            // one can take `KEYRING_WAIT` to say no, and every request waits for the session
            // meanwhile.
            let answers = inner
                .secrets
                .run(|store| store.read(SecretName::RefreshToken).map(drop))
                .await;
            if let Err(error) = answers {
                tracing::info!("the keyring is offered the sign-in next round: {error}");
                continue;
            }
            let mut state = inner.state.lock().await;
            if state.unsaved.is_none() || state.tokens.is_none() {
                state.offering = false;
                return;
            }
            // Holding the session, never wait for another process's refresh: try the next round.
            match RefreshLock::acquire(&inner.data_dir, Duration::ZERO).await {
                Ok(_machine) => {
                    if let Err(error) = inner.catch_up(&mut state).await {
                        tracing::info!("{error}");
                    }
                }
                Err(error) => {
                    tracing::info!("the keyring is offered the sign-in next round: {error}")
                }
            }
        }
    });
}

/// Records in the account file when the stored access token expires.
fn record_expiry(data_dir: &std::path::Path, tokens: &Tokens) {
    match AccountConfig::load(data_dir) {
        Ok(Some(mut account)) => {
            account.access_expires_at = Some(unix_seconds(tokens.expires_at));
            account.account_url = Some(tokens.account_url.to_string());
            account.signed_out_reason = None;
            if let Err(error) = account.save(data_dir) {
                tracing::warn!("could not record the token expiry: {error}");
            }
        }
        Ok(None) => {}
        Err(error) => tracing::warn!("{error}"),
    }
}

fn signed_out(reason: &str) -> Error {
    Error::Auth(AuthError::NotSignedIn(SignedOutBecause::Ended {
        reason: reason.to_owned(),
    }))
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
        Box::pin(self.inner.fresh_token(None))
    }

    fn renew(
        &self,
        rejected: Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Secret>>> + Send + '_>> {
        Box::pin(async move { self.inner.fresh_token(Some(&rejected)).await.map(Some) })
    }

    fn problems(&self) -> Option<watch::Receiver<Option<String>>> {
        Some(OAuthSession::problems(self))
    }
}
