//! What the app remembers about the sign-in besides secrets: which app (client id), where
//! (auth URL, account URL), and when the access token expires. Secrets are in the keyring.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::IoAction;
use crate::error::{Error, Result, StoreError};

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

    /// The account file, `None` if there is none. A damaged file is an error that names it
    /// and what is wrong with it; signing in again replaces it.
    pub fn load(data_dir: &Path) -> Result<Option<AccountConfig>> {
        let path = Self::path(data_dir);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(Error::io(
                    IoAction::Reading(path.display().to_string()),
                    error,
                ))
            }
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|source| {
            StoreError::DamagedAccountFile {
                path: path.display().to_string(),
                source,
            }
            .into()
        })
    }

    pub fn save(&self, data_dir: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(StoreError::Encode)?;
        crate::config::write_atomically(&Self::path(data_dir), &text)
    }

    pub fn delete(data_dir: &Path) -> Result<()> {
        match std::fs::remove_file(Self::path(data_dir)) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(Error::io(
                IoAction::Removing(Self::path(data_dir).display().to_string()),
                error,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_is_named_with_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = AccountConfig::path(dir.path());
        for (text, what) in [
            ("", "it is empty or cut short"),
            (
                "{\"auth_url\": \"https://worksection.com\",",
                "it is empty or cut short",
            ),
            ("client_id=abc", "it is not valid JSON"),
            (
                "{\"auth_url\": \"https://worksection.com\"}",
                "missing field `client_id`",
            ),
            (
                "{\"auth_url\": 5}",
                "a setting in it is missing or of the wrong kind",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let message = AccountConfig::load(dir.path()).unwrap_err().to_string();
            assert!(message.contains(&path.display().to_string()), "{message}");
            assert!(message.contains(what), "{text:?}: {message}");
            assert!(message.contains("`worktray login`"), "{message}");
        }
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        let message = AccountConfig::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains("is damaged"), "{message}");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(AccountConfig::load(dir.path()).unwrap(), None);
    }
}
