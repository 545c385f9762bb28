//! "Start at login": an XDG autostart entry on Linux desktops (GNOME, KDE, Xfce, …), which is
//! what their session managers read; there is nothing to install and nothing runs in between.

use std::path::{Path, PathBuf};

use worktray_core::IoAction;
use worktray_core::{ConfigError, Error, Result};

fn entry_path() -> Result<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
        .ok_or(ConfigError::NoAutostartDirectory)?;
    Ok(config.join("autostart").join("worktray.desktop"))
}

/// Writes or removes the autostart entry.
pub fn apply(enabled: bool) -> Result<()> {
    let path = entry_path()?;
    if !enabled {
        return match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(Error::io(
                IoAction::Removing(path.display().to_string()),
                error,
            )),
        };
    }
    let program = std::env::current_exe().map_err(|e| Error::io(IoAction::FindingProgram, e))?;
    let entry = entry(&program);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(IoAction::Creating(dir.display().to_string()), e))?;
    }
    std::fs::write(&path, entry)
        .map_err(|e| Error::io(IoAction::Writing(path.display().to_string()), e))
}

/// The entry for `program`: the tray alone, as a login should start it. Plain `worktray` would
/// open the window too, a WebKit process nobody asked for at every login. Its name and comment
/// are the app menu's, in every language.
fn entry(program: &Path) -> String {
    let mut entry = crate::generate::desktop_entry_head();
    entry.push_str(&format!(
        "Exec=\"{}\" daemon --no-window\n",
        program.display()
    ));
    entry.push_str("Terminal=false\nX-GNOME-Autostart-enabled=true\n");
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_starts_the_tray_without_its_window() {
        let entry = entry(Path::new("/usr/bin/worktray"));
        let exec = entry
            .lines()
            .find_map(|line| line.strip_prefix("Exec="))
            .expect("an Exec line");
        assert_eq!(exec, "\"/usr/bin/worktray\" daemon --no-window");
        assert!(
            entry.contains("\nComment[uk]=Облік часу у Worksection з трею\n"),
            "{entry}"
        );
    }
}
