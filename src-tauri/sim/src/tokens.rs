//! OAuth2 bookkeeping: registered apps, pending consents, authorization codes, access and
//! refresh tokens — with the vendor's rules (codes single-use for 10 minutes, refresh tokens
//! rotated on every use and valid 30 days) and its error texts.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use rand::distributions::{Alphanumeric, DistString, Uniform};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const CODE_LIFETIME: Duration = Duration::from_secs(10 * 60);
const REFRESH_LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// A registered OAuth2 app.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    /// Must match the `redirect_uri` of authorize and token requests exactly.
    pub redirect_uri: String,
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// An OAuth2 endpoint error: `{"error":…,"errorDescription":…}` (camelCase, as the vendor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn new(error: &'static str, description: impl Into<String>) -> Self {
        Self {
            error,
            description: description.into(),
        }
    }

    pub(crate) fn invalid_client() -> Self {
        Self::new("invalid_client", "Client authentication failed")
    }

    pub(crate) fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    /// A required parameter is missing (league/oauth2-server's wording).
    pub(crate) fn missing(parameter: &str) -> Self {
        Self::invalid_request(format!("Check the `{parameter}` parameter"))
    }

    pub(crate) fn unsupported_grant_type() -> Self {
        Self::new(
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        )
    }

    pub(crate) fn not_authorized(description: &str) -> Self {
        Self::new("not_authorized", description)
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({ "error": self.error, "errorDescription": self.description })
    }

    pub(crate) fn outcome(&self) -> String {
        format!("{}: {}", self.error, self.description)
    }
}

/// Why an access token was refused by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRejection {
    /// Never issued, or revoked by a refresh.
    Invalid,
    Expired,
}

/// A consent page waiting for Approve / Deny.
#[derive(Debug, Clone)]
pub(crate) struct Consent {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) state: Option<String>,
    pub(crate) user_id: u64,
}

#[derive(Debug)]
struct AuthCode {
    client_id: String,
    redirect_uri: String,
    user_id: u64,
    expires: Instant,
    /// Redeemed codes are kept so that a second use says "revoked", not "cannot decrypt".
    used: bool,
}

#[derive(Debug)]
struct AccessGrant {
    user_id: u64,
    /// `None`: the lifetime was too long to represent, i.e. never.
    expires: Option<Instant>,
}

#[derive(Debug)]
struct RefreshGrant {
    user_id: u64,
    client_id: String,
    /// The access token issued with this refresh token; it dies when this one is used.
    access_token: String,
    expires: Option<Instant>,
}

/// A freshly issued token pair.
#[derive(Debug, Clone)]
pub(crate) struct TokenPair {
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
}

/// All OAuth2 state of the simulator.
#[derive(Debug)]
pub(crate) struct AuthStore {
    access_lifetime: Duration,
    clients: HashMap<String, OAuthClient>,
    consents: HashMap<String, Consent>,
    codes: HashMap<String, AuthCode>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
}

fn expiry(lifetime: Duration) -> Option<Instant> {
    Instant::now().checked_add(lifetime)
}

fn is_past(expires: Option<Instant>) -> bool {
    expires.is_some_and(|at| Instant::now() >= at)
}

impl AuthStore {
    pub(crate) fn new(access_lifetime: Duration) -> Self {
        Self {
            access_lifetime,
            clients: HashMap::new(),
            consents: HashMap::new(),
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
        }
    }

    pub(crate) fn access_lifetime_secs(&self) -> u64 {
        self.access_lifetime.as_secs()
    }

    pub(crate) fn register(&mut self, client: OAuthClient) {
        self.clients.insert(client.client_id.clone(), client);
    }

    pub(crate) fn client(&self, client_id: &str) -> Option<&OAuthClient> {
        self.clients.get(client_id)
    }

    /// Checks a client id and secret pair.
    pub(crate) fn authenticate_client(
        &self,
        client_id: Option<&str>,
        secret: Option<&str>,
    ) -> Result<(), OAuthError> {
        let client = client_id
            .and_then(|id| self.clients.get(id))
            .ok_or_else(OAuthError::invalid_client)?;
        if secret == Some(client.client_secret.as_str()) {
            Ok(())
        } else {
            Err(OAuthError::invalid_client())
        }
    }

    /// Stores a consent request; the returned id goes into the consent form.
    pub(crate) fn begin_consent(&mut self, consent: Consent) -> String {
        let id = random_hex(32);
        self.consents.insert(id.clone(), consent);
        id
    }

    /// Removes and returns a pending consent (each can be answered once).
    pub(crate) fn take_consent(&mut self, id: &str) -> Option<Consent> {
        self.consents.remove(id)
    }

    /// Issues an authorization code bound to the client and redirect URI.
    pub(crate) fn issue_code(&mut self, consent: &Consent) -> String {
        let code = format!("def50200{}", random_hex(248));
        self.codes.insert(
            code.clone(),
            AuthCode {
                client_id: consent.client_id.clone(),
                redirect_uri: consent.redirect_uri.clone(),
                user_id: consent.user_id,
                expires: Instant::now() + CODE_LIFETIME,
                used: false,
            },
        );
        code
    }

    /// Exchanges a code for tokens (the client is already authenticated).
    pub(crate) fn redeem_code(
        &mut self,
        client_id: &str,
        code: &str,
        redirect_uri: &str,
    ) -> Result<TokenPair, OAuthError> {
        let grant = self
            .codes
            .get_mut(code)
            .ok_or_else(|| OAuthError::invalid_request("Cannot decrypt the authorization code"))?;
        if grant.used || Instant::now() >= grant.expires {
            return Err(OAuthError::invalid_request(
                "Authorization code has been revoked",
            ));
        }
        if grant.client_id != client_id {
            return Err(OAuthError::invalid_request(
                "Authorization code was not issued to this client",
            ));
        }
        if grant.redirect_uri != redirect_uri {
            return Err(OAuthError::invalid_request("Invalid redirect URI"));
        }
        grant.used = true;
        let user_id = grant.user_id;
        Ok(self.issue_tokens(client_id, user_id))
    }

    /// Rotates a refresh token: the old refresh token and its access token stop working.
    pub(crate) fn refresh(
        &mut self,
        client_id: &str,
        refresh_token: &str,
    ) -> Result<TokenPair, OAuthError> {
        let cannot_decrypt = || OAuthError::invalid_request("Cannot decrypt the refresh token");
        let grant = self.refresh.get(refresh_token).ok_or_else(cannot_decrypt)?;
        if grant.client_id != client_id {
            return Err(OAuthError::invalid_request("Token is not linked to client"));
        }
        if is_past(grant.expires) {
            return Err(OAuthError::invalid_request("Token has expired"));
        }
        let grant = self
            .refresh
            .remove(refresh_token)
            .ok_or_else(cannot_decrypt)?;
        self.access.remove(&grant.access_token);
        Ok(self.issue_tokens(client_id, grant.user_id))
    }

    /// Issues a new access/refresh pair for `user_id`.
    pub(crate) fn issue_tokens(&mut self, client_id: &str, user_id: u64) -> TokenPair {
        let pair = TokenPair {
            access_token: random_access_token(),
            refresh_token: format!("def50200{}", random_hex(692)),
        };
        self.access.insert(
            pair.access_token.clone(),
            AccessGrant {
                user_id,
                expires: expiry(self.access_lifetime),
            },
        );
        self.refresh.insert(
            pair.refresh_token.clone(),
            RefreshGrant {
                user_id,
                client_id: client_id.to_owned(),
                access_token: pair.access_token.clone(),
                expires: expiry(REFRESH_LIFETIME),
            },
        );
        pair
    }

    /// The user an access token belongs to.
    pub(crate) fn check_access(&self, token: &str) -> Result<u64, TokenRejection> {
        let grant = self.access.get(token).ok_or(TokenRejection::Invalid)?;
        if is_past(grant.expires) {
            return Err(TokenRejection::Expired);
        }
        Ok(grant.user_id)
    }

    /// Makes every access token issued so far expired (refresh tokens stay valid).
    pub(crate) fn expire_access_tokens(&mut self) {
        let now = Some(Instant::now());
        for grant in self.access.values_mut() {
            grant.expires = now;
        }
    }
}

fn random_hex(len: usize) -> String {
    let digits = Uniform::from(0..16u32);
    rand::thread_rng()
        .sample_iter(digits)
        .take(len)
        .filter_map(|digit| char::from_digit(digit, 16))
        .collect()
}

/// A random string shaped like the vendor's RS256 JWTs (three base64url segments, ~700
/// characters). It is random from the first character, so token hints tell tokens apart.
fn random_access_token() -> String {
    let mut rng = rand::thread_rng();
    let mut segment = |len: usize| {
        Alphanumeric
            .sample_string(&mut rng, len)
            .chars()
            .enumerate()
            // Sprinkle in the two non-alphanumeric base64url characters.
            .map(|(i, c)| match i % 29 {
                7 => '-',
                19 => '_',
                _ => c,
            })
            .collect::<String>()
    };
    format!("{}.{}.{}", segment(36), segment(320), segment(342))
}
