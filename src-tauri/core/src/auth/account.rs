//! What the app remembers about the sign-in besides secrets: which app (client id), where
//! (auth URL, account URL), and when the access token expires. Secrets are in the keyring.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountConfig {
    /// Where `/oauth2/authorize`, `/token` and `/refresh` live.
    pub auth_url: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    /// The API base from the last token answer; `None` while signed out.
    pub account_url: Option<String>,
    /// When the access token expires, Unix seconds (wall clock: a sleeping laptop's time counts).
    pub access_expires_at: Option<i64>,
    /// Why the last session ended, for the signed-out screen.
    pub signed_out_reason: Option<String>,
}

impl AccountConfig {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("account.json")
    }

    pub fn load(data_dir: &Path) -> Result<Option<AccountConfig>> {
        let path = Self::path(data_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                Error::Config(format!(
                    "{} is damaged ({e}); sign in again",
                    path.display()
                ))
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(Error::io(format!("reading {}", path.display()), error)),
        }
    }

    pub fn save(&self, data_dir: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Config(e.to_string()))?;
        crate::config::write_atomically(&Self::path(data_dir), &text)
    }

    pub fn delete(data_dir: &Path) -> Result<()> {
        match std::fs::remove_file(Self::path(data_dir)) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(Error::io("removing the account settings", error)),
        }
    }
}
