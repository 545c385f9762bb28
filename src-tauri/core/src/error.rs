//! The core's error: one type per layer, each defined beside its layer, joined here; and the
//! wire code every error is known by outside the process.

use std::time::SystemTime;

pub use crate::api::ApiError;
pub use crate::auth::AuthError;
pub use crate::config::ConfigError;
pub use crate::ipc::IpcError;
pub use crate::parse::InputError;
pub use crate::store::{IoAction, StoreError};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of error crossed the socket (or the window's IPC), for the front ends that react
/// to some of them: the CLI's exit status, the UI's confirmations and fatal screen. The UI's
/// TypeScript type is generated from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum ErrorCode {
    TimerAlreadyStarted,
    TimerNotStarted,
    FieldRequired,
    TokenExpired,
    Unauthorized,
    RateLimited,
    LockBusy,
    Offline,
    ServerError,
    UnexpectedAnswer,
    ApiError,
    InvalidInput,
    TaskNotFound,
    AmbiguousTask,
    NotSignedIn,
    DayOff,
    SignInRefused,
    KeyringUnavailable,
    KeyringLocked,
    Config,
    DaemonUnreachable,
    DaemonNotAnswering,
    Io,
    /// The daemon serves as many connections as it will; this one was turned away.
    DaemonBusy,
    /// The daemon could not read the request line (malformed, or too long).
    BadRequest,
    /// The window refused the call itself, before any daemon saw it: a request the window may
    /// not send, or (said by the UI) a call Tauri refused.
    Window,
}

/// Every error of the core, by the layer it comes from. Callers ask it what it means
/// ([`Error::code`], [`Error::is_transient`], …) rather than list the variants they know.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Ipc(#[from] IpcError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl Error {
    /// A stable, machine-readable name for the error, sent over IPC and printed with `--json`.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Api(error) => error.code(),
            Error::Auth(error) => error.code(),
            Error::Store(error) => error.code(),
            Error::Input(error) => error.code(),
            Error::Ipc(error) => error.code(),
            Error::Config(error) => error.code(),
        }
    }

    /// True for failures that may go away by themselves (offline, rate limit, 5xx, a request
    /// lock held too long), so a background task should retry later rather than report a
    /// problem.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api(error) => error.is_transient(),
            Error::Store(error) => error.is_transient(),
            Error::Auth(_) | Error::Input(_) | Error::Ipc(_) | Error::Config(_) => false,
        }
    }

    /// True when Worksection cannot be asked right now — offline, or signed out — so work that
    /// can wait (a queued entry) should wait instead of failing.
    pub fn is_unavailable(&self) -> bool {
        self.is_transient()
            || self.is_signed_out()
            || matches!(self, Error::Auth(error) if error.is_unavailable())
    }

    /// True when the sign-in no longer works: none, or a token the server refuses.
    pub fn is_signed_out(&self) -> bool {
        match self {
            Error::Api(error) => error.is_token_refused(),
            Error::Auth(_) => self.is_not_signed_in(),
            Error::Store(_) | Error::Input(_) | Error::Ipc(_) | Error::Config(_) => false,
        }
    }

    /// True when there is no sign-in to use: none was made, or the one we had is gone.
    pub fn is_not_signed_in(&self) -> bool {
        matches!(self, Error::Auth(AuthError::NotSignedIn(_)))
    }

    /// True when the OS keyring cannot be used at all (no Secret Service on the bus, say), as
    /// opposed to a locked one.
    pub fn is_keyring_missing(&self) -> bool {
        matches!(self, Error::Auth(AuthError::KeyringUnavailable(_)))
    }

    /// True for a write (or the look-up before it) that should be tried again later rather
    /// than refused: the network, the server's health, "slow down", the sign-in, the keyring,
    /// this machine's own files and settings. One answer for both, so that a look-up failing
    /// on, say, a locked keyring does not refuse (and so drop) the write it was checking for.
    pub fn worth_another_try(&self) -> bool {
        match self {
            Error::Api(error) => error.worth_another_try(),
            Error::Auth(error) => error.worth_another_try(),
            Error::Store(_) | Error::Config(_) => true,
            Error::Input(_) | Error::Ipc(_) => false,
        }
    }

    /// True when a write may have reached the server although it failed, so it must be
    /// reconciled before it is sent again.
    pub fn may_have_landed(&self) -> bool {
        matches!(self, Error::Api(error) if error.may_have_landed())
    }

    /// A failed file operation on this machine; `action` says which.
    pub fn io(action: IoAction, source: std::io::Error) -> Self {
        StoreError::Io { action, source }.into()
    }

    /// Something the user gave that we cannot use; `message` says what and how to fix it.
    pub fn invalid_input(message: String) -> Self {
        InputError::Invalid(message).into()
    }
}

/// A moment as people read it on this computer's clock: `14:03:07`.
pub fn clock_time(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(at)
        .format("%H:%M:%S")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::NetworkFailure;
    use crate::i18n::Lang;
    use crate::outbox::QueueReason;

    /// The words of `error` in `lang`, from the layer that owns them.
    fn text_in(error: &Error, lang: Lang) -> String {
        match error {
            Error::Api(error) => error.text_in(lang),
            Error::Auth(error) => error.text_in(lang),
            Error::Store(error) => error.text_in(lang),
            Error::Config(error) => error.text_in(lang),
            Error::Ipc(error) => error.text_in(lang),
            Error::Input(error) => error.to_string(),
        }
    }

    /// A network failure and a queue reason are said in the language asked for, with what the
    /// system said kept as it came.
    #[test]
    fn errors_and_queue_reasons_speak_ukrainian_and_russian() {
        let offline = Error::from(ApiError::Network {
            failure: NetworkFailure::NoConnection,
            cause: "Connection refused (os error 111)".into(),
            maybe_applied: false,
        });
        assert_eq!(
            text_in(&offline, Lang::Uk),
            "не вдається зв'язатися з Worksection: немає з'єднання (Connection refused (os error 111))"
        );
        assert_eq!(
            text_in(&offline, Lang::Ru),
            "не удаётся связаться с Worksection: нет соединения (Connection refused (os error 111))"
        );
        assert!(text_in(&offline, Lang::En).starts_with("cannot reach Worksection: no connection"));
        let sync = QueueReason::StillSending { seconds: 50 };
        assert!(
            sync.text_in(Lang::Uk)
                .starts_with("надсилання триває вже 50 с;"),
            "{}",
            sync.text_in(Lang::Uk)
        );
        assert!(
            QueueReason::OnItsWay
                .text_in(Lang::Ru)
                .starts_with("уже в пути;"),
            "{}",
            QueueReason::OnItsWay.text_in(Lang::Ru)
        );
        let failed = QueueReason::failed(&offline);
        assert_eq!(
            serde_json::to_value(&failed).unwrap()["code"],
            serde_json::json!("offline")
        );
        let busy = Error::from(StoreError::LockBusy {
            what: "request lock",
            path: "request-gate.lock".into(),
            waited: std::time::Duration::from_secs(5),
        });
        assert!(
            text_in(&busy, Lang::Ru).starts_with("другая программа уже больше 5 с"),
            "{}",
            text_in(&busy, Lang::Ru)
        );
    }

    /// What used to be one `Config` variant is still reported as `config`, and the outbox still
    /// keeps a write that failed on it for later.
    #[test]
    fn former_configuration_errors_keep_their_code_and_are_retried() {
        let errors: [Error; 4] = [
            StoreError::NoDatabase.into(),
            StoreError::RowOfOtherKind {
                expected: "cost row",
            }
            .into(),
            ConfigError::NoHomeDirectory.into(),
            StoreError::Encode(serde_json::from_str::<i64>("x").unwrap_err()).into(),
        ];
        for error in errors {
            assert_eq!(error.code(), ErrorCode::Config, "{error}");
            assert!(
                text_in(&error, Lang::En).starts_with("configuration: "),
                "{error}"
            );
            assert!(
                text_in(&error, Lang::Uk).starts_with("конфігурація: "),
                "{error}"
            );
            assert!(error.worth_another_try(), "{error}");
            assert!(!error.is_unavailable(), "{error}");
        }
    }

    #[test]
    fn each_layer_answers_for_its_own_errors() {
        let signed_out = Error::from(AuthError::NotSignedIn(
            crate::auth::SignedOutBecause::NeverSignedIn,
        ));
        assert!(signed_out.is_unavailable() && signed_out.is_signed_out());
        assert!(signed_out.is_not_signed_in() && !signed_out.is_transient());
        let expired = Error::from(ApiError::TokenExpired);
        assert!(expired.is_signed_out() && !expired.is_not_signed_in());
        let refused = Error::from(AuthError::SignInRefused {
            error: "invalid_grant".into(),
            description: String::new(),
        });
        assert!(!refused.worth_another_try() && !refused.is_unavailable());
        let missing = Error::from(AuthError::KeyringUnavailable(
            crate::auth::KeyringTrouble::NoService {
                cause: "no keyring".into(),
            },
        ));
        assert!(missing.is_keyring_missing() && missing.is_unavailable());
        let input = Error::invalid_input("no".into());
        assert_eq!(input.code(), ErrorCode::InvalidInput);
        assert!(!input.worth_another_try());
        let lost = Error::from(ApiError::Network {
            failure: crate::api::NetworkFailure::Broken,
            cause: "reset".into(),
            maybe_applied: true,
        });
        assert!(lost.may_have_landed() && lost.is_transient() && lost.worth_another_try());
        let unsent = Error::from(ApiError::Network {
            failure: crate::api::NetworkFailure::NoConnection,
            cause: "refused".into(),
            maybe_applied: false,
        });
        assert!(!unsent.may_have_landed());
        let busy = Error::from(StoreError::LockBusy {
            what: "request lock",
            path: "request-gate.lock".into(),
            waited: std::time::Duration::from_secs(5),
        });
        assert!(busy.is_transient() && !busy.may_have_landed());
        let silent = Error::from(IpcError::DaemonSilent {
            waited: std::time::Duration::from_secs(5),
        });
        assert_eq!(silent.code(), ErrorCode::DaemonNotAnswering);
        assert!(!silent.worth_another_try());
    }
}
