//! The team config, `worktray-team.json`: what an account admin hands out so that nobody has to
//! type a client id. `worktray team export` writes it from the admin's own sign-in; a user
//! imports it (`worktray team import FILE`, or by dropping it on the window's sign-in view) and
//! finds the sign-in form filled in. The client secret is in it only if the admin chose so.
//!
//! A file is checked whole before anything changes: a damaged, foreign or newer one is refused
//! with what is wrong, and the sign-in settings stay as they were.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::account::AccountConfig;
use super::accounts::{Accounts, SignInDefaults};
use super::store::SecretName;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::secret::Secret;
use crate::{t, t_in};

/// The name an export suggests.
pub const FILE_NAME: &str = "worktray-team.json";
/// What the file's `format` field says: anything else is not a team config.
const FORMAT: &str = "worktray-team";
/// The version this Worktray writes, and the newest it reads.
const VERSION: u32 = 1;
/// Far more than a team config's few lines: a larger file is something else.
const MAX_BYTES: u64 = 64 * 1024;

/// The file as written. The secret is a plain string only on its way in and out of the file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamFile {
    format: String,
    version: u32,
    account_url: String,
    client_id: String,
    redirect_uri: String,
    scopes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
}

/// A team config that passed every check.
pub struct TeamConfig {
    pub account_url: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    pub client_secret: Option<Secret>,
}

/// What an import did, for the front end that asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct TeamImported {
    /// The Worksection account the settings are for.
    pub account_url: String,
    /// The sign-in form as it now is.
    pub defaults: SignInDefaults,
    /// The file carried the client secret, now in the keyring.
    pub with_secret: bool,
}

impl TeamConfig {
    /// Reads and checks a team config file.
    pub fn read(path: &Path) -> Result<TeamConfig> {
        use std::io::Read;
        let shown = path.display().to_string();
        let unreadable = |e: std::io::Error| {
            Error::invalid_input(t!(
                "team-unreadable",
                path = shown.as_str(),
                error = e.to_string()
            ))
        };
        // One byte past the limit tells a larger file, which is something else, without
        // reading it all.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(MAX_BYTES + 1).read_to_end(&mut bytes))
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(Error::invalid_input(t!(
                "team-foreign",
                path = shown.as_str()
            )));
        }
        TeamConfig::parse(&bytes, &shown)
    }

    /// Checks the text of a team config; `shown` names it in errors.
    pub fn parse(bytes: &[u8], shown: &str) -> Result<TeamConfig> {
        TeamConfig::parse_in(bytes, shown, crate::i18n::current())
    }

    /// [`TeamConfig::parse`] with its refusals in `lang`.
    fn parse_in(bytes: &[u8], shown: &str, lang: Lang) -> Result<TeamConfig> {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            Error::invalid_input(t_in!(
                lang,
                "team-not-json",
                path = shown,
                error = e.to_string()
            ))
        })?;
        // Whose file it is, before what is wrong with it: a foreign JSON file gets one clear
        // answer rather than a list of our fields it lacks.
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Error::invalid_input(t_in!(
                lang,
                "team-foreign",
                path = shown
            )));
        }
        if let Some(version) = value.get("version").and_then(|v| v.as_u64()) {
            if version > u64::from(VERSION) {
                return Err(Error::invalid_input(t_in!(
                    lang,
                    "team-newer",
                    path = shown,
                    version = version.to_string()
                )));
            }
        }
        let file: TeamFile = serde_json::from_value(value).map_err(|e| {
            Error::invalid_input(t_in!(
                lang,
                "team-damaged",
                path = shown,
                error = e.to_string()
            ))
        })?;
        let invalid = |problem: String| {
            Error::invalid_input(t_in!(lang, "team-invalid", path = shown, problem = problem))
        };
        crate::api::validate_account_url(&file.account_url).map_err(|e| invalid(e.to_string()))?;
        if file.client_id.trim().is_empty() {
            return Err(invalid(t_in!(lang, "team-no-client-id")));
        }
        let redirect = url::Url::parse(file.redirect_uri.trim()).map_err(|_| {
            invalid(t_in!(
                lang,
                "team-bad-redirect",
                uri = file.redirect_uri.as_str()
            ))
        })?;
        if !matches!(redirect.scheme(), "https" | "http") {
            return Err(invalid(t_in!(
                lang,
                "team-bad-redirect",
                uri = file.redirect_uri.as_str()
            )));
        }
        if file.scopes.trim().is_empty() {
            return Err(invalid(t_in!(lang, "team-no-scopes")));
        }
        Ok(TeamConfig {
            account_url: file.account_url.trim().to_owned(),
            client_id: file.client_id.trim().to_owned(),
            redirect_uri: file.redirect_uri.trim().to_owned(),
            scopes: file.scopes.trim().to_owned(),
            client_secret: file
                .client_secret
                .filter(|secret| !secret.trim().is_empty())
                .map(|secret| Secret::new(secret.trim())),
        })
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        let file = TeamFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            account_url: self.account_url.clone(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: self.scopes.clone(),
            client_secret: self
                .client_secret
                .as_ref()
                .map(|secret| secret.expose().to_owned()),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Accounts {
    /// Makes a team config's settings the sign-in form's, and its secret (if it has one) the
    /// keyring's. Refused while signed in: the form is then the sign-in in use.
    pub async fn import_team(&self, team: TeamConfig) -> Result<TeamImported> {
        if self.restore().await?.is_some() {
            return Err(Error::invalid_input(t!("team-signed-in")));
        }
        let data_dir = self.data_dir().to_owned();
        let auth_url = self.auth_url().to_owned();
        let with_secret = team.client_secret.is_some();
        let account_url = team.account_url.clone();
        self.secrets()
            .run(move |store| {
                // The secret first: if the keyring refuses it, the form is left as it was.
                if let Some(secret) = &team.client_secret {
                    store.write(SecretName::ClientSecret, secret)?;
                }
                AccountConfig {
                    auth_url,
                    client_id: team.client_id,
                    redirect_uri: team.redirect_uri,
                    scopes: team.scopes,
                    account_url: None,
                    access_expires_at: None,
                    signed_out_reason: None,
                }
                .save(&data_dir)
            })
            .await?;
        Ok(TeamImported {
            account_url,
            defaults: self.defaults().await?,
            with_secret,
        })
    }

    /// The team config of this sign-in, for an admin to hand out; with the client secret only
    /// if `with_secret`.
    pub async fn export_team(&self, with_secret: bool) -> Result<TeamConfig> {
        let data_dir = self.data_dir().to_owned();
        let (account, secret) = self
            .secrets()
            .run(move |store| {
                let account = AccountConfig::load(&data_dir)?;
                let secret = if with_secret {
                    store.read(SecretName::ClientSecret)?
                } else {
                    None
                };
                Ok((account, secret))
            })
            .await?;
        let account = account.ok_or_else(|| Error::invalid_input(t!("team-nothing-to-export")))?;
        let account_url = account
            .account_url
            .ok_or_else(|| Error::invalid_input(t!("team-nothing-to-export")))?;
        if with_secret && secret.is_none() {
            return Err(Error::invalid_input(t!("team-no-secret-kept")));
        }
        Ok(TeamConfig {
            account_url,
            client_id: account.client_id,
            redirect_uri: account.redirect_uri,
            scopes: account.scopes,
            client_secret: secret,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::auth::MemoryStore;
    use crate::gate::RequestGate;

    fn good() -> serde_json::Value {
        serde_json::json!({
            "format": "worktray-team", "version": 1,
            "account_url": "https://acme.worksection.com",
            "client_id": "team-app", "redirect_uri": "https://localhost:47811/callback",
            "scopes": "projects_read costs_write"
        })
    }

    fn parse(value: &serde_json::Value) -> Result<TeamConfig> {
        TeamConfig::parse(value.to_string().as_bytes(), "worktray-team.json")
    }

    fn refusal(value: &serde_json::Value) -> String {
        match parse(value) {
            Ok(_) => panic!("accepted {value}"),
            Err(error) => error.to_string(),
        }
    }

    fn accounts(dir: &Path, store: Arc<MemoryStore>) -> Accounts {
        Accounts::new(
            store,
            dir.to_owned(),
            reqwest::Client::new(),
            RequestGate::new(),
        )
    }

    #[test]
    fn a_team_config_round_trips_with_or_without_its_secret() {
        let team = parse(&good()).expect("a good file");
        assert_eq!(team.client_id, "team-app");
        assert!(team.client_secret.is_none());
        let again = TeamConfig::parse(team.to_json().as_bytes(), "x").expect("its own export");
        assert_eq!(again.redirect_uri, "https://localhost:47811/callback");
        assert!(!team.to_json().contains("client_secret"));
        let mut with_secret = good();
        with_secret["client_secret"] = "s3cret".into();
        let team = parse(&with_secret).expect("with a secret");
        assert_eq!(
            team.client_secret.as_ref().map(Secret::expose),
            Some("s3cret")
        );
    }

    /// Each way a file can be wrong is named, with the file, in the user's language.
    #[test]
    fn a_damaged_foreign_or_newer_file_is_refused_with_what_is_wrong() {
        let mut newer = good();
        newer["version"] = 2.into();
        let mut no_id = good();
        no_id["client_id"] = " ".into();
        let mut plain_http = good();
        plain_http["account_url"] = "http://acme.worksection.com".into();
        let mut unknown = good();
        unknown["extra"] = true.into();
        let cases = [
            (
                serde_json::json!({"name": "package.json"}),
                "not a Worktray team file",
            ),
            (newer, "newer version of Worktray"),
            (no_id, "client id"),
            (plain_http, "https://"),
            (unknown, "extra"),
        ];
        for (value, words) in cases {
            let message = refusal(&value);
            assert!(message.contains("worktray-team.json"), "{message}");
            assert!(message.contains(words), "{value}: {message}");
        }
        let message = TeamConfig::parse(b"{\"format\": \"worktray-te", "t.json")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("not JSON"), "{message}");
        let message = TeamConfig::parse_in(br#"{"format": "other"}"#, "t.json", Lang::Uk)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("не файл команди Worktray"), "{message}");
    }

    #[tokio::test]
    async fn an_import_fills_the_sign_in_form_and_keeps_the_secret_in_the_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::default());
        let accounts = accounts(dir.path(), store.clone());
        let mut with_secret = good();
        with_secret["client_secret"] = "s3cret".into();
        let imported = accounts
            .import_team(parse(&with_secret).unwrap())
            .await
            .expect("imported");
        assert_eq!(imported.account_url, "https://acme.worksection.com");
        assert_eq!(imported.defaults.client_id, "team-app");
        assert!(imported.defaults.has_client_secret && imported.with_secret);
        let kept =
            crate::auth::SecretStore::read(store.as_ref(), SecretName::ClientSecret).unwrap();
        assert_eq!(kept.as_ref().map(Secret::expose), Some("s3cret"));
        let file = std::fs::read_to_string(AccountConfig::path(dir.path())).unwrap();
        assert!(
            !file.contains("s3cret"),
            "the secret reached a file: {file}"
        );
    }

    #[tokio::test]
    async fn an_export_needs_a_sign_in_and_a_kept_secret_when_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = accounts(dir.path(), Arc::new(MemoryStore::default()));
        let error = accounts
            .export_team(false)
            .await
            .err()
            .expect("nothing to export");
        assert!(error.to_string().contains("sign in"), "{error}");
        AccountConfig {
            auth_url: "https://worksection.com".into(),
            client_id: "team-app".into(),
            redirect_uri: "https://localhost:47811/callback".into(),
            scopes: "projects_read".into(),
            account_url: Some("https://acme.worksection.com".into()),
            access_expires_at: None,
            signed_out_reason: None,
        }
        .save(dir.path())
        .unwrap();
        let team = accounts.export_team(false).await.expect("exported");
        assert_eq!(team.account_url, "https://acme.worksection.com");
        assert!(team.client_secret.is_none());
        let error = accounts
            .export_team(true)
            .await
            .err()
            .expect("no secret kept");
        assert!(error.to_string().contains("secret"), "{error}");
    }
}
