//! The sign-in flow and what comes of it: open the authorize page, receive the code on the
//! loopback listener (or from a pasted URL), exchange it, keep the tokens in the keyring and the
//! rest in the account file; and the reverse, signing out.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rand::distributions::Alphanumeric;
use rand::Rng;
use tokio::sync::mpsc;
use url::Url;

use super::account::AccountConfig;
use super::callback::{is_loopback, CallbackServer};
use super::oauth::{OAuthApp, TokenSet};
use super::session::{from_unix_seconds, unix_seconds, OAuthSession};
use super::store::{SecretName, SecretStore};
use crate::error::{AuthError, Error, Result};
use crate::gate::RequestGate;
use crate::secret::Secret;
use crate::t;

/// Worksection's authorization codes live ten minutes; so does our wait for one.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// A fresh, unguessable `state` for one attempt.
pub fn new_state() -> Secret {
    Secret::new(
        rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(32)
            .map(char::from)
            .collect::<String>(),
    )
}

/// Reads a code out of what the user pasted: the whole redirected URL (whose `state` must
/// match) or the bare code.
pub fn code_from_pasted(text: &str, state: &Secret) -> Result<Secret> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid_input(t!("sign-in-paste-empty")));
    }
    if text.contains("code=") || text.contains("error=") {
        let url = Url::parse(text)
            .or_else(|_| {
                Url::parse(&format!(
                    "http://localhost/?{}",
                    text.trim_start_matches('?')
                ))
            })
            .map_err(|e| {
                Error::invalid_input(t!("sign-in-paste-not-address", error = e.to_string()))
            })?;
        let query: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        if query.get("state").map(String::as_str) != Some(state.expose()) {
            return Err(Error::invalid_input(t!("sign-in-paste-other-attempt")));
        }
        if let Some(error) = query.get("error") {
            return Err(Error::Auth(AuthError::SignInRefused {
                error: error.clone(),
                description: String::new(),
            }));
        }
        return query
            .get("code")
            .filter(|c| !c.is_empty())
            .map(|c| Secret::new(c.clone()))
            .ok_or_else(|| Error::invalid_input(t!("sign-in-paste-no-code")));
    }
    if text.chars().any(char::is_whitespace) {
        return Err(Error::invalid_input(t!("sign-in-paste-not-code")));
    }
    Ok(Secret::new(text))
}

/// Runs the whole authorization-code flow and returns the tokens.
///
/// `show` receives the authorize URL (to open a browser, or to print it). `pasted` carries
/// lines the user pastes, for when the browser cannot reach the loopback listener.
pub async fn authorize(
    app: &OAuthApp,
    http: &reqwest::Client,
    gate: &RequestGate,
    data_dir: &Path,
    show: impl FnOnce(&Url),
    mut pasted: Option<mpsc::UnboundedReceiver<String>>,
) -> Result<TokenSet> {
    let state = new_state();
    let server = if is_loopback(&app.redirect_uri) {
        Some(CallbackServer::bind(&app.redirect_uri, data_dir).await?)
    } else {
        None
    };
    if server.is_none() && pasted.is_none() {
        return Err(Error::invalid_input(t!(
            "sign-in-redirect-not-local-paste",
            redirect_uri = app.redirect_uri.as_str()
        )));
    }
    let (authorize_url, verifier) = app.authorize_url(&state)?;
    show(&authorize_url);
    let from_browser = async {
        match server {
            Some(server) => server.wait_for_code(&state).await,
            None => std::future::pending().await,
        }
    };
    let from_paste = async {
        loop {
            let line = match pasted.as_mut() {
                Some(lines) => lines.recv().await,
                None => std::future::pending().await,
            };
            let Some(line) = line else {
                return std::future::pending().await;
            };
            match code_from_pasted(&line, &state) {
                Ok(code) => return Ok(code),
                Err(error @ Error::Auth(AuthError::SignInRefused { .. })) => return Err(error),
                Err(error) => eprintln!("{error}"),
            }
        }
    };
    let code = tokio::time::timeout(SIGN_IN_TIMEOUT, async {
        tokio::select! {
            code = from_browser => code,
            code = from_paste => code,
        }
    })
    .await
    .map_err(|_| {
        Error::invalid_input(t!(
            "sign-in-timed-out",
            minutes = SIGN_IN_TIMEOUT.as_secs() / 60
        ))
    })??;
    app.exchange(http, gate, &code, &verifier).await
}

/// Keeps a successful sign-in: secrets in the keyring (refresh token first), the rest in the
/// account file. Blocking, like every keyring call: `Accounts` runs it on the blocking pool.
pub fn remember(
    app: &OAuthApp,
    tokens: &TokenSet,
    store: &dyn SecretStore,
    data_dir: &Path,
) -> Result<()> {
    store.write(SecretName::RefreshToken, &tokens.refresh)?;
    store.write(SecretName::AccessToken, &tokens.access)?;
    store.write(SecretName::ClientSecret, &app.client_secret)?;
    AccountConfig {
        auth_url: app.auth_url.to_string(),
        client_id: app.client_id.clone(),
        redirect_uri: app.redirect_uri.to_string(),
        scopes: app.scopes.clone(),
        account_url: Some(tokens.account_url.to_string()),
        access_expires_at: Some(unix_seconds(tokens.expires_at)),
        signed_out_reason: None,
    }
    .save(data_dir)
}

/// The session kept from an earlier sign-in, if there is one. Blocking (keyring reads).
pub fn restore(
    store: Arc<dyn SecretStore>,
    data_dir: &Path,
    http: reqwest::Client,
    gate: RequestGate,
) -> Result<Option<(OAuthSession, String)>> {
    let Some(account) = AccountConfig::load(data_dir)? else {
        return Ok(None);
    };
    let Some(account_url) = account.account_url.clone() else {
        return Ok(None);
    };
    let (Some(client_secret), Some(refresh), Some(access)) = (
        store.read(SecretName::ClientSecret)?,
        store.read(SecretName::RefreshToken)?,
        store.read(SecretName::AccessToken)?,
    ) else {
        return Ok(None);
    };
    let app = OAuthApp::new(
        &account.auth_url,
        &account.client_id,
        client_secret,
        &account.redirect_uri,
        &account.scopes,
    )?;
    let tokens = TokenSet {
        access,
        refresh,
        // Unknown expiry: treat as due, so the first call refreshes.
        expires_at: from_unix_seconds(account.access_expires_at.unwrap_or(0)),
        account_url: crate::api::validate_account_url(&account_url)?,
    };
    Ok(Some((
        OAuthSession::restored(app, &tokens, http, gate, store, data_dir.to_path_buf()),
        account_url,
    )))
}

/// Signs out: removes every secret and the account file. Blocking (keyring calls).
pub fn forget(store: &dyn SecretStore, data_dir: &Path) -> Result<()> {
    for name in SecretName::ALL {
        store.delete(name)?;
    }
    AccountConfig::delete(data_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_urls_and_codes() {
        let state = Secret::new("abc");
        assert_eq!(
            code_from_pasted(
                "https://localhost:47811/callback?code=XYZ&state=abc",
                &state
            )
            .unwrap()
            .expose(),
            "XYZ"
        );
        assert_eq!(
            code_from_pasted("  def5020  ", &state).unwrap().expose(),
            "def5020"
        );
        assert!(code_from_pasted(
            "https://localhost:47811/callback?code=XYZ&state=other",
            &state
        )
        .is_err());
        assert!(matches!(
            code_from_pasted(
                "https://localhost/callback?error=access_denied&state=abc",
                &state
            ),
            Err(Error::Auth(AuthError::SignInRefused { .. }))
        ));
        assert!(code_from_pasted("two words", &state).is_err());
        assert!(code_from_pasted("", &state).is_err());
    }
}
