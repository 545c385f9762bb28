//! Where things live on disk and what the environment configures.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::IoAction;
use crate::error::{Error, ErrorCode, Result};
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

/// A setting Worktray cannot work with: an address of the wrong kind, a directory the
/// environment does not name.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    NoHomeDirectory,
    NoAutostartDirectory,
    AccountUrl {
        text: String,
        source: url::ParseError,
    },
    InsecureAccountUrl {
        text: String,
    },
    /// The API's endpoint cannot be made from the account URL.
    ApiEndpoint(#[source] url::ParseError),
    InsecureSignInAddress {
        address: String,
    },
    /// An OAuth2 endpoint cannot be made from the sign-in address.
    SignInEndpoint(#[source] url::ParseError),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(crate::i18n::current()))
    }
}

impl ConfigError {
    /// The error in words of `lang`, as "configuration: …"; the URL parser's words as they came.
    pub fn text_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::t_in;
        let detail = match self {
            ConfigError::NoHomeDirectory => t_in!(lang, "config-no-home"),
            ConfigError::NoAutostartDirectory => t_in!(lang, "config-no-autostart-dir"),
            ConfigError::AccountUrl { text, source } => t_in!(
                lang,
                "config-account-url",
                text = text.as_str(),
                error = source.to_string()
            ),
            ConfigError::InsecureAccountUrl { text } => {
                t_in!(lang, "config-account-url-insecure", text = text.as_str())
            }
            ConfigError::ApiEndpoint(error) => {
                t_in!(lang, "config-api-endpoint", error = error.to_string())
            }
            ConfigError::InsecureSignInAddress { address } => {
                t_in!(lang, "config-sign-in-insecure", address = address.as_str())
            }
            ConfigError::SignInEndpoint(error) => {
                t_in!(lang, "config-sign-in-endpoint", error = error.to_string())
            }
        };
        t_in!(lang, "error-configuration", detail = detail)
    }

    pub fn code(&self) -> ErrorCode {
        ErrorCode::Config
    }
}

/// The app's data directory: the request-gate lock, and later the cache and outbox.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV_DATA_DIR).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "Worktray", "worktray")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| ConfigError::NoHomeDirectory.into())
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
/// never leaves half a file. The file is the user's alone (0600 on Unix).
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let temporary = path.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        // A temporary file an older version left behind would keep its mode (perhaps readable
        // by everyone) while the text is written into it: start from a new one.
        match std::fs::remove_file(&temporary) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
        let mut file = private_file_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)?;
        file.write_all(text.as_bytes())
    };
    write().map_err(|e| Error::io(IoAction::Writing(temporary.display().to_string()), e))?;
    std::fs::rename(&temporary, path)
        .map_err(|e| Error::io(IoAction::Replacing(path.display().to_string()), e))
}

/// Creates `dir` (and its parents) if needed and makes it the user's alone (0700 on Unix),
/// also when an older version made it readable by everyone: the data directory holds the
/// profile, the task list and the queued entries.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(IoAction::Creating(dir.display().to_string()), e))?;
    restrict(dir, |_| 0o700);
    Ok(())
}

/// The data directory made private ([`create_private_dir`]), with group and other access
/// taken off the files in it that an older version created readable by everyone.
pub fn secure_data_dir(dir: &Path) -> Result<()> {
    create_private_dir(dir)?;
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(IoAction::Reading(dir.display().to_string()), e))?;
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            make_path_private(&entry.path());
        }
    }
    Ok(())
}

/// Options that create a file only its user can read and write (0600 on Unix). The mode
/// applies to a file they create; [`make_path_private`] fixes an existing one.
pub fn private_file_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Takes group and other access off the file at `path`, if there is one.
pub fn make_path_private(path: &Path) {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        restrict(path, |mode| mode & 0o700);
    }
}

/// Gives `path` the mode `wanted` makes of its current one. Best effort: a file system that
/// keeps no Unix modes (or a file of another user) is worth a warning, not a refusal to run.
fn restrict(path: &Path, wanted: impl Fn(u32) -> u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(metadata) = std::fs::metadata(path) else {
            return;
        };
        let mode = metadata.permissions().mode() & 0o7777;
        let new = wanted(mode);
        if new != mode {
            if let Err(error) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(new))
            {
                tracing::warn!("cannot make {} private: {error}", path.display());
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, wanted);
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn files_written_here_and_their_directory_are_the_users_alone() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("worktray");
        let path = dir.join("settings.json");
        write_atomically(&path, "{}").unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&path), 0o600);

        // What an older version left: a directory and files everyone may read.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let leftover = path.with_extension("tmp");
        std::fs::write(&leftover, "half").unwrap();
        std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomically(&path, "{\"a\": 1}").unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(
            mode(&path),
            0o600,
            "a stale temporary file does not pass on its mode"
        );

        let lock = dir.join("request-gate.lock");
        std::fs::write(&lock, "").unwrap();
        std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        secure_data_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&lock), 0o600);
    }
}
