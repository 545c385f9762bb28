//! The Worksection OAuth2 endpoints: the authorize URL, the code exchange, and the refresh —
//! which lives at its own URL (`/oauth2/refresh`, not `/oauth2/token`) and rotates the refresh
//! token. Both token calls send the client secret in the form body (Worksection apps are
//! confidential clients); the secret never goes into the authorize URL.

use std::time::{Duration, SystemTime};

use oauth2::basic::{
    BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse,
    TokenUrl,
};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::api::validate_account_url;
use crate::error::{ApiError, AuthError, ConfigError, Error, Result};
use crate::gate::{Priority, RequestGate};
use crate::secret::Secret;
use crate::t;

pub const DEFAULT_AUTH_URL: &str = "https://worksection.com";
/// A fixed port, because the redirect URI registered with the app must match exactly.
pub const DEFAULT_REDIRECT_PORT: u16 = 47811;
/// What a time tracker needs: read projects, tasks and people, read and write costs, and
/// (for days off) write schedules.
pub const DEFAULT_SCOPES: &str =
    "projects_read tasks_read costs_read costs_write users_read users_write";
/// Used when a token answer has no `expires_in`: the vendor's documented lifetime.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(24 * 3600);

pub fn default_redirect_uri() -> String {
    format!("https://localhost:{DEFAULT_REDIRECT_PORT}/callback")
}

/// The non-standard field of Worksection's token answer: the account's API base.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct AccountField {
    pub account_url: Option<String>,
}

impl ExtraTokenFields for AccountField {}

/// An OAuth2 error body as Worksection writes it (camelCase `errorDescription`, often with
/// HTTP 200), or with the standard spelling.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(rename = "errorDescription", alias = "error_description", default)]
    pub description: Option<String>,
}

impl std::fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error)
    }
}

impl oauth2::ErrorResponse for ErrorBody {}

type TokenAnswer = StandardTokenResponse<AccountField, BasicTokenType>;
type Client = oauth2::Client<
    ErrorBody,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;
type TokenResult = std::result::Result<
    TokenAnswer,
    RequestTokenError<oauth2::HttpClientError<reqwest::Error>, ErrorBody>,
>;

/// A registered Worksection app, as the user entered it.
#[derive(Clone, Debug)]
pub struct OAuthApp {
    pub auth_url: Url,
    pub client_id: String,
    pub client_secret: Secret,
    pub redirect_uri: Url,
    pub scopes: String,
}

/// The tokens of one sign-in.
#[derive(Clone, Debug)]
pub struct TokenSet {
    pub access: Secret,
    pub refresh: Secret,
    pub expires_at: SystemTime,
    pub account_url: Url,
}

impl OAuthApp {
    pub fn new(
        auth_url: &str,
        client_id: &str,
        client_secret: Secret,
        redirect_uri: &str,
        scopes: &str,
    ) -> Result<OAuthApp> {
        let auth_url =
            validate_account_url(auth_url).map_err(|_| ConfigError::InsecureSignInAddress {
                address: auth_url.to_owned(),
            })?;
        let redirect_uri = Url::parse(redirect_uri.trim()).map_err(|e| {
            Error::invalid_input(t!(
                "sign-in-redirect-not-url",
                redirect_uri = redirect_uri,
                error = e.to_string()
            ))
        })?;
        if !matches!(redirect_uri.scheme(), "https" | "http") {
            return Err(Error::invalid_input(t!(
                "sign-in-redirect-not-https",
                redirect_uri = redirect_uri.as_str()
            )));
        }
        if client_id.trim().is_empty() {
            return Err(Error::invalid_input(t!("sign-in-client-id-empty")));
        }
        if client_secret.is_empty() {
            return Err(Error::invalid_input(t!("sign-in-client-secret-empty")));
        }
        Ok(OAuthApp {
            auth_url,
            client_id: client_id.trim().to_owned(),
            client_secret,
            redirect_uri,
            scopes: scopes.trim().to_owned(),
        })
    }

    fn endpoint(&self, path: &str) -> Result<Url> {
        self.auth_url
            .join(path)
            .map_err(|e| ConfigError::SignInEndpoint(e).into())
    }

    fn client(&self, token_path: &str) -> Result<Client> {
        let bad = ConfigError::SignInEndpoint;
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_owned()))
            .set_auth_uri(AuthUrl::from_url(self.endpoint("oauth2/authorize")?))
            .set_token_uri(TokenUrl::from_url(self.endpoint(token_path)?))
            .set_redirect_uri(RedirectUrl::new(self.redirect_uri.to_string()).map_err(bad)?)
            .set_auth_type(AuthType::RequestBody))
    }

    /// The page to open in the browser, and the PKCE verifier to send with the code. `state`
    /// binds the answer to this attempt. PKCE is not documented by Worksection: harmless where
    /// ignored, and with the verifier kept, the exchange also works where it is honoured.
    pub fn authorize_url(&self, state: &Secret) -> Result<(Url, Secret)> {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state = CsrfToken::new(state.expose().to_owned());
        let (url, _) = self
            .client("oauth2/token")?
            .authorize_url(move || state)
            .add_scopes(
                self.scopes
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| Scope::new(s.to_owned())),
            )
            .set_pkce_challenge(challenge)
            .url();
        Ok((url, Secret::new(verifier.secret().clone())))
    }

    /// Trades an authorization code (and its PKCE verifier) for tokens.
    pub async fn exchange(
        &self,
        http: &reqwest::Client,
        gate: &RequestGate,
        code: &Secret,
        verifier: &Secret,
    ) -> Result<TokenSet> {
        let _turn = gate.acquire(Priority::UserAction).await?;
        let answer = self
            .client("oauth2/token")?
            .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().to_owned()))
            .request_async(http)
            .await;
        token_set(answer, None)
    }

    /// Trades a refresh token for a new pair. The old refresh token is dead afterwards, so an
    /// answer without `account_url` keeps the account we know rather than failing.
    pub async fn refresh(
        &self,
        http: &reqwest::Client,
        gate: &RequestGate,
        refresh: &Secret,
        account_url: &Url,
    ) -> Result<TokenSet> {
        // Under the machine's refresh lock: fail at once through a "slow down" pause rather than
        // hold every other process's refresh for a minute.
        let _turn = gate.acquire_unless_paused(Priority::TokenRefresh).await?;
        let token = RefreshToken::new(refresh.expose().to_owned());
        let answer = self
            .client("oauth2/refresh")?
            .exchange_refresh_token(&token)
            .request_async(http)
            .await;
        token_set(answer, Some(account_url))
    }
}

fn refused(error: String, description: Option<String>) -> Error {
    Error::Auth(AuthError::SignInRefused {
        error,
        description: description.unwrap_or_default(),
    })
}

fn token_set(answer: TokenResult, known_account_url: Option<&Url>) -> Result<TokenSet> {
    let decode = |path: &str, message: String| {
        Error::Api(ApiError::Decode {
            action: "oauth2/token".into(),
            path: path.into(),
            message,
        })
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(RequestTokenError::ServerResponse(body)) => {
            return Err(refused(body.error, body.description))
        }
        // Worksection answers errors with HTTP 200, which fails to parse as a token: read the
        // body as an error before calling it a malformed answer.
        Err(RequestTokenError::Parse(parse_error, body)) => {
            return Err(match serde_json::from_slice::<ErrorBody>(&body) {
                Ok(body) => refused(body.error, body.description),
                Err(_) => decode(
                    &parse_error.path().to_string(),
                    parse_error.inner().to_string(),
                ),
            })
        }
        Err(RequestTokenError::Request(error)) => {
            return Err(Error::Api(ApiError::Network {
                failure: crate::api::NetworkFailure::SignInRequest,
                cause: error.to_string(),
                maybe_applied: true,
            }))
        }
        Err(RequestTokenError::Other(message)) => return Err(decode("$", message)),
    };
    if !answer.token_type().as_ref().eq_ignore_ascii_case("bearer") {
        return Err(decode(
            "token_type",
            format!(
                "expected a bearer token, got \"{}\"",
                answer.token_type().as_ref()
            ),
        ));
    }
    let account_url = match (
        answer.extra_fields().account_url.as_deref(),
        known_account_url,
    ) {
        (Some(text), _) => validate_account_url(text)?,
        (None, Some(known)) => known.clone(),
        (None, None) => {
            return Err(decode(
                "account_url",
                "the token answer names no account".into(),
            ))
        }
    };
    let refresh = answer.refresh_token().ok_or_else(|| {
        decode(
            "refresh_token",
            "the token answer has no refresh token".into(),
        )
    })?;
    Ok(TokenSet {
        access: Secret::new(answer.access_token().secret().clone()),
        refresh: Secret::new(refresh.secret().clone()),
        expires_at: SystemTime::now() + answer.expires_in().unwrap_or(DEFAULT_LIFETIME),
        account_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> OAuthApp {
        OAuthApp::new(
            "https://worksection.com",
            "client-1",
            Secret::new("s3cret"),
            &default_redirect_uri(),
            DEFAULT_SCOPES,
        )
        .unwrap()
    }

    #[test]
    fn the_authorize_url_carries_what_worksection_needs_and_no_secret() {
        let (url, verifier) = app().authorize_url(&Secret::new("state-123")).unwrap();
        assert_eq!(url.path(), "/oauth2/authorize");
        let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(query["client_id"], "client-1");
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["redirect_uri"], "https://localhost:47811/callback");
        assert_eq!(query["state"], "state-123");
        assert_eq!(query["scope"], DEFAULT_SCOPES);
        assert!(
            !url.as_str().contains("s3cret"),
            "the client secret stays out of the browser"
        );
        assert!(
            !verifier.is_empty() && !url.as_str().contains(verifier.expose()),
            "only the PKCE challenge is sent"
        );
    }

    #[test]
    fn worksection_error_bodies_keep_their_description() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"error":"invalid_request","errorDescription":"Cannot decrypt the refresh token"}"#,
        )
        .unwrap();
        assert_eq!(
            body.description.as_deref(),
            Some("Cannot decrypt the refresh token")
        );
        let standard: ErrorBody =
            serde_json::from_str(r#"{"error":"invalid_grant","error_description":"expired"}"#)
                .unwrap();
        assert_eq!(standard.description.as_deref(), Some("expired"));
    }

    #[test]
    fn bad_app_settings_are_explained() {
        let error = OAuthApp::new(
            "https://worksection.com",
            " ",
            Secret::new("s"),
            &default_redirect_uri(),
            "",
        )
        .unwrap_err();
        assert!(error.to_string().contains("account settings → API"));
        assert!(OAuthApp::new(
            "http://worksection.com",
            "c",
            Secret::new("s"),
            &default_redirect_uri(),
            ""
        )
        .is_err());
        assert!(OAuthApp::new(
            "https://worksection.com",
            "c",
            Secret::new("s"),
            "localhost:1/cb",
            ""
        )
        .is_err());
    }
}
