//! Where things live on disk and what the environment configures.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Overrides the data directory (tests and demo mode use a temporary one).
pub const ENV_DATA_DIR: &str = "WORKTRAY_DATA_DIR";
/// Overrides the daemon's socket path.
pub const ENV_SOCKET: &str = "WORKTRAY_SOCKET";
/// For scripts and development: the account URL (API base) and an access token, used instead
/// of the sign-in kept in the keyring when both are set.
pub const ENV_ACCOUNT_URL: &str = "WORKTRAY_ACCOUNT_URL";
pub const ENV_ACCESS_TOKEN: &str = "WORKTRAY_ACCESS_TOKEN";
/// For scripts: the client secret `worktray login` uses instead of the keyring's or a prompt.
pub const ENV_CLIENT_SECRET: &str = "WORKTRAY_CLIENT_SECRET";
/// The variables that carry secrets. [`EnvSecrets::take`] removes them from the process's
/// environment, so that no program Worktray starts inherits them.
pub const SECRET_VARIABLES: [&str; 2] = [ENV_ACCESS_TOKEN, ENV_CLIENT_SECRET];

/// The app's data directory: the request-gate lock, and later the cache and outbox.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV_DATA_DIR).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "Worktray", "worktray")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| Error::Config("cannot find a home directory for Worktray's data".into()))
}

/// The daemon's local socket. Per user and per session: `$XDG_RUNTIME_DIR/worktray.sock` on
/// Linux, beside the data otherwise.
pub fn socket_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(ENV_SOCKET).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    if std::env::var_os(ENV_DATA_DIR).is_none() {
        if let Some(runtime) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(runtime).join("worktray.sock"));
        }
    }
    Ok(data_dir()?.join("worktray.sock"))
}

/// The file through which every Worktray process on the machine shares the request spacing.
pub fn gate_lock_path() -> Result<PathBuf> {
    Ok(data_dir()?.join("request-gate.lock"))
}

/// The secrets given in the environment, taken out of it.
#[derive(Default)]
pub struct EnvSecrets {
    /// The account URL and access token, if both were set.
    pub access: Option<(String, Secret)>,
    pub client_secret: Option<Secret>,
}

impl EnvSecrets {
    /// Reads the secret variables and removes them from this process's environment: every
    /// program it starts — the window and its WebKit processes, the browser opener, whatever
    /// GTK or D-Bus start on its behalf — inherits an environment without them.
    ///
    /// Call it first thing in `main`, while the process has one thread: changing the
    /// environment while another thread reads it is undefined behaviour.
    pub fn take() -> EnvSecrets {
        let secrets = EnvSecrets {
            access: token_from_env(),
            client_secret: std::env::var(ENV_CLIENT_SECRET)
                .ok()
                .filter(|s| !s.is_empty())
                .map(Secret::new),
        };
        for name in SECRET_VARIABLES {
            std::env::remove_var(name);
        }
        secrets
    }
}

/// The account URL and access token from the environment, if both are set.
fn token_from_env() -> Option<(String, Secret)> {
    let url = std::env::var(ENV_ACCOUNT_URL)
        .ok()
        .filter(|u| !u.trim().is_empty())?;
    let token = std::env::var(ENV_ACCESS_TOKEN)
        .ok()
        .filter(|t| !t.trim().is_empty())?;
    Some((url, Secret::new(token.trim())))
}

/// Writes `text` to `path` atomically: a temporary file renamed over the old one, so a crash
/// never leaves half a file.
pub fn write_atomically(path: &std::path::Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, text)
        .map_err(|e| Error::io(format!("writing {}", temporary.display()), e))?;
    std::fs::rename(&temporary, path)
        .map_err(|e| Error::io(format!("replacing {}", path.display()), e))
}
