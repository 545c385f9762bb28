//! Where secrets live: the OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), one entry per secret — Windows caps one credential at about 1,280
//! characters, and the tokens are around 1 KB each. There is no plain-text fallback: without a
//! usable keyring the app says so and stores nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::error::KeyringTrouble;
use crate::error::{AuthError, Error, Result};
use crate::secret::Secret;

/// The service name under which entries are stored.
pub const KEYRING_SERVICE: &str = "worktray";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SecretName {
    ClientSecret,
    AccessToken,
    RefreshToken,
}

impl SecretName {
    pub const ALL: [SecretName; 3] = [
        SecretName::ClientSecret,
        SecretName::AccessToken,
        SecretName::RefreshToken,
    ];

    /// The entry's user name in the keyring.
    pub fn key(self) -> &'static str {
        match self {
            SecretName::ClientSecret => "client-secret",
            SecretName::AccessToken => "access-token",
            SecretName::RefreshToken => "refresh-token",
        }
    }
}

pub trait SecretStore: Send + Sync {
    /// Fails with a clear message when the store cannot be used at all.
    fn check(&self) -> Result<()>;
    fn read(&self, name: SecretName) -> Result<Option<Secret>>;
    fn write(&self, name: SecretName, value: &Secret) -> Result<()>;
    fn delete(&self, name: SecretName) -> Result<()>;
}

/// A store as async code uses it: every call runs on Tokio's blocking pool, never on a runtime
/// thread — a keyring call is a D-Bus round trip, and may wait for an unlock prompt.
#[derive(Clone)]
pub struct Secrets(Arc<dyn SecretStore>);

/// How long a keyring call may take before the caller gives up on it (see [`Secrets::run`]).
pub const KEYRING_WAIT: Duration = Duration::from_secs(20);

impl Secrets {
    pub fn new(store: Arc<dyn SecretStore>) -> Self {
        Secrets(store)
    }

    /// Runs `work` (a few store calls, perhaps with file reads beside them) off the runtime,
    /// waiting at most [`KEYRING_WAIT`] for it: a keyring call can sit on an unlock prompt
    /// nobody answers, and the caller may hold the session (every API call waits behind it).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Arc<dyn SecretStore>) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.0.clone();
        match tokio::time::timeout(
            KEYRING_WAIT,
            tokio::task::spawn_blocking(move || work(&store)),
        )
        .await
        {
            Ok(done) => done.map_err(|e| {
                Error::Auth(AuthError::KeyringUnavailable(KeyringTrouble::CallLost {
                    cause: e.to_string(),
                }))
            })?,
            Err(_) => Err(Error::Auth(AuthError::KeyringLocked(
                KeyringTrouble::Silent {
                    seconds: KEYRING_WAIT.as_secs(),
                },
            ))),
        }
    }

    pub async fn check(&self) -> Result<()> {
        self.run(|store| store.check()).await
    }

    pub async fn read(&self, name: SecretName) -> Result<Option<Secret>> {
        self.run(move |store| store.read(name)).await
    }
}

/// The OS keyring.
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new() -> Self {
        KeyringStore {
            service: KEYRING_SERVICE.to_owned(),
        }
    }

    fn entry(&self, name: SecretName) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, name.key()).map_err(explain)
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

/// Turns keyring failures into what the user can do about them.
fn explain(error: keyring::Error) -> Error {
    match error {
        keyring::Error::NoStorageAccess(_) => {
            Error::Auth(AuthError::KeyringLocked(KeyringTrouble::Locked))
        }
        keyring::Error::PlatformFailure(cause) => {
            Error::Auth(AuthError::KeyringUnavailable(KeyringTrouble::NoService {
                cause: cause.to_string(),
            }))
        }
        other => Error::Auth(AuthError::KeyringUnavailable(KeyringTrouble::Failed {
            cause: other.to_string(),
        })),
    }
}

impl SecretStore for KeyringStore {
    fn check(&self) -> Result<()> {
        // Reading an entry that may not exist talks to the keyring without changing it.
        self.read(SecretName::ClientSecret).map(drop)
    }

    fn read(&self, name: SecretName) -> Result<Option<Secret>> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(explain(error)),
        }
    }

    fn write(&self, name: SecretName, value: &Secret) -> Result<()> {
        self.entry(name)?
            .set_password(value.expose())
            .map_err(explain)
    }

    fn delete(&self, name: SecretName) -> Result<()> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(explain(error)),
        }
    }
}

/// Secrets held in memory only: for the demo (its tokens are worthless once it exits) and for
/// unit tests.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<SecretName, Secret>>,
}

impl MemoryStore {
    fn secrets(&self) -> std::sync::MutexGuard<'_, HashMap<SecretName, Secret>> {
        self.secrets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl SecretStore for MemoryStore {
    fn check(&self) -> Result<()> {
        Ok(())
    }

    fn read(&self, name: SecretName) -> Result<Option<Secret>> {
        Ok(self.secrets().get(&name).cloned())
    }

    fn write(&self, name: SecretName, value: &Secret) -> Result<()> {
        self.secrets().insert(name, value.clone());
        Ok(())
    }

    fn delete(&self, name: SecretName) -> Result<()> {
        self.secrets().remove(&name);
        Ok(())
    }
}
