//! `worktray team export` and `worktray team import FILE`: the team config
//! (`worktray_core::auth::team`) from and to this machine's sign-in settings. Both run in the
//! command's own process, like `login`: the settings are files and keyring entries, which a
//! running tray reads afresh when its sign-in form is next shown.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use worktray_core::auth::team::{self, TeamConfig};
use worktray_core::{t, Error, IoAction, Result};

use crate::login::{accounts, finish, runtime};

pub fn import(path: &Path) -> ExitCode {
    finish(runtime().and_then(|rt| rt.block_on(run_import(path))))
}

pub fn export(with_secret: bool, output: Option<PathBuf>) -> ExitCode {
    finish(runtime().and_then(|rt| rt.block_on(run_export(with_secret, output))))
}

async fn run_import(path: &Path) -> Result<Vec<String>> {
    let team = TeamConfig::read(path)?;
    let imported = accounts()?.import_team(team).await?;
    let mut lines = vec![t!(
        "cli-team-imported",
        account = imported.account_url.as_str(),
        client_id = imported.defaults.client_id.as_str()
    )];
    if imported.with_secret {
        lines.push(t!("cli-team-imported-secret"));
    }
    lines.push(t!("cli-team-next"));
    Ok(lines)
}

async fn run_export(with_secret: bool, output: Option<PathBuf>) -> Result<Vec<String>> {
    let team = accounts()?.export_team(with_secret).await?;
    let path = output.unwrap_or_else(|| PathBuf::from(team::FILE_NAME));
    write_private(&path, &team.to_json())?;
    let mut lines = vec![t!("cli-team-exported", path = path.display().to_string())];
    if with_secret {
        lines.push(t!("cli-team-exported-secret"));
    }
    Ok(lines)
}

/// Writes the file readable by its owner alone: it may hold the client secret. A file that was
/// there already is made so before the text goes in, since the mode at creation would not
/// touch it.
fn write_private(path: &Path, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let write = || -> std::io::Result<()> {
        let mut file = options.open(path)?;
        #[cfg(unix)]
        file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        file.write_all(text.as_bytes())
    };
    write().map_err(|e| Error::io(IoAction::Writing(path.display().to_string()), e))
}
