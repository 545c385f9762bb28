//! What can go wrong signing in: no sign-in, a refusal by the OAuth2 server, the OS keyring,
//! the loopback listener's certificate.

use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("not signed in: {0}")]
    NotSignedIn(String),
    /// The OAuth2 server refused a code or a refresh token (`error`, `errorDescription`).
    #[error("Worksection refused the sign-in: {error}{}", if description.is_empty() { String::new() } else { format!(" ({description})") })]
    SignInRefused { error: String, description: String },
    /// The OS keyring cannot be used; the message says how to fix it.
    #[error("{0}")]
    KeyringUnavailable(String),
    /// The OS keyring runs but is locked (or its unlock prompt was dismissed).
    #[error("{0}")]
    KeyringLocked(String),
    // The texts of the three below keep the "configuration" they were reported with before the
    // errors were split by layer.
    /// The loopback listener's self-signed certificate could not be made.
    #[error("configuration: cannot make the sign-in certificate: {0}")]
    Certificate(#[source] rcgen::Error),
    /// The saved certificate or key (`what`) in `dir` is not PEM we can read.
    #[error("configuration: the sign-in {what} in {dir} is unreadable ({source}); delete the folder to make a new one")]
    CertificateUnreadable {
        what: &'static str,
        dir: String,
        source: rustls::pki_types::pem::Error,
    },
    /// rustls refused the listener's configuration.
    #[error("configuration: TLS setup: {0}")]
    Tls(#[source] rustls::Error),
}

impl AuthError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AuthError::NotSignedIn(_) => ErrorCode::NotSignedIn,
            AuthError::SignInRefused { .. } => ErrorCode::SignInRefused,
            AuthError::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            AuthError::KeyringLocked(_) => ErrorCode::KeyringLocked,
            AuthError::Certificate(_)
            | AuthError::CertificateUnreadable { .. }
            | AuthError::Tls(_) => ErrorCode::Config,
        }
    }

    /// No sign-in to use now (none, or no keyring to read it from): Worksection cannot be
    /// asked until the user or the keyring does something.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            AuthError::NotSignedIn(_)
                | AuthError::KeyringUnavailable(_)
                | AuthError::KeyringLocked(_)
        )
    }

    /// Worth trying again later: all but a refusal by the OAuth2 server, which only a new
    /// sign-in answers.
    pub fn worth_another_try(&self) -> bool {
        !matches!(self, AuthError::SignInRefused { .. })
    }
}
