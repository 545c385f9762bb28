//! What can go wrong signing in: no sign-in, a refusal by the OAuth2 server, the OS keyring,
//! the loopback listener's certificate.

use crate::error::ErrorCode;
use crate::i18n::{self, Lang};
use crate::t_in;

/// What is the matter with the OS keyring, for the user to act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyringTrouble {
    /// It runs but is locked (or its unlock prompt was dismissed).
    Locked,
    /// It gave no answer within `seconds`: perhaps an unlock prompt nobody answered.
    Silent { seconds: u64 },
    /// There is none on this desktop (no Secret Service); `cause` is the platform's words.
    NoService { cause: String },
    /// It failed in another way; `cause` is its words.
    Failed { cause: String },
    /// The blocking task that called it ended without an answer.
    CallLost { cause: String },
    /// A sign-in just written to it could not be read back.
    NotReadBack,
}

impl KeyringTrouble {
    fn text_in(&self, lang: Lang) -> String {
        match self {
            KeyringTrouble::Locked => t_in!(lang, "keyring-locked"),
            KeyringTrouble::Silent { seconds } => {
                t_in!(lang, "keyring-silent", seconds = *seconds)
            }
            KeyringTrouble::NoService { cause } => {
                t_in!(lang, "keyring-no-service", cause = cause.as_str())
            }
            KeyringTrouble::Failed { cause } => {
                t_in!(lang, "keyring-failed", cause = cause.as_str())
            }
            KeyringTrouble::CallLost { cause } => {
                t_in!(lang, "keyring-call-lost", cause = cause.as_str())
            }
            KeyringTrouble::NotReadBack => t_in!(lang, "keyring-not-read-back"),
        }
    }
}

/// Why there is no sign-in to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignedOutBecause {
    /// No sign-in was ever made, or it was removed.
    NeverSignedIn,
    /// The sign-in ended; `reason` is what the session said when it did, in the words of
    /// the process that saw it end (it is kept in the account file).
    Ended { reason: String },
    /// The tracker knows why (`reason`: its `Status.problem`, in its language).
    Problem { reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    NotSignedIn(SignedOutBecause),
    /// The OAuth2 server refused a code or a refresh token (`error`, `errorDescription`).
    SignInRefused {
        error: String,
        description: String,
    },
    /// The OS keyring cannot be used.
    KeyringUnavailable(KeyringTrouble),
    /// The OS keyring runs but is locked (or does not answer: an unlock prompt, perhaps).
    KeyringLocked(KeyringTrouble),
    /// The loopback listener's self-signed certificate could not be made.
    Certificate(#[source] rcgen::Error),
    /// The saved certificate or key (`what`: `certificate` or `key`) in `dir` is not PEM we can
    /// read.
    CertificateUnreadable {
        what: &'static str,
        dir: String,
        source: rustls::pki_types::pem::Error,
    },
    /// rustls refused the listener's configuration.
    Tls(#[source] rustls::Error),
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(i18n::current()))
    }
}

impl AuthError {
    /// The error in words of `lang`; the OAuth2 server's and the keyring's own words as they
    /// came. The last three keep the "configuration" they were reported with before the
    /// errors were split by layer.
    pub fn text_in(&self, lang: Lang) -> String {
        let configuration = |detail: String| t_in!(lang, "error-configuration", detail = detail);
        match self {
            AuthError::NotSignedIn(SignedOutBecause::NeverSignedIn) => {
                t_in!(lang, "auth-never-signed-in")
            }
            AuthError::NotSignedIn(SignedOutBecause::Ended { reason }) => {
                t_in!(lang, "auth-signed-out", reason = reason.as_str())
            }
            AuthError::NotSignedIn(SignedOutBecause::Problem { reason }) => {
                t_in!(lang, "auth-not-signed-in", reason = reason.as_str())
            }
            AuthError::SignInRefused { error, description } if description.is_empty() => {
                t_in!(lang, "auth-sign-in-refused", error = error.as_str())
            }
            AuthError::SignInRefused { error, description } => t_in!(
                lang,
                "auth-sign-in-refused-described",
                error = error.as_str(),
                description = description.as_str()
            ),
            AuthError::KeyringUnavailable(trouble) | AuthError::KeyringLocked(trouble) => {
                trouble.text_in(lang)
            }
            AuthError::Certificate(error) => {
                configuration(t_in!(lang, "auth-certificate", error = error.to_string()))
            }
            AuthError::CertificateUnreadable { what, dir, source } => configuration(t_in!(
                lang,
                "auth-certificate-unreadable",
                what = *what,
                dir = dir.as_str(),
                error = source.to_string()
            )),
            AuthError::Tls(error) => {
                configuration(t_in!(lang, "auth-tls", error = error.to_string()))
            }
        }
    }

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
