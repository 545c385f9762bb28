//! What the packages install beside the programs, made from what the programs run on so that
//! it cannot drift from them: `worktray completions SHELL` and the man pages from the clap
//! definitions (their words the catalogue's, in each language), and the desktop entry with
//! every language's words from the catalogue. `worktray package-files DIR` writes them all.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Command;
use worktray_core::i18n::{self, Lang, LANGS};

/// The name the packages install the app icon under in the icon theme: the Tauri bundler
/// names it after the window program.
pub const APP_ICON: &str = "worktray-window";

/// The X11 class of the window, for docks that group it under the app menu's entry.
const WINDOW_CLASS: &str = "worktray-window";

/// A shell Worktray writes completions for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl Shell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// Writes the completion script of `shell` for `command`.
pub fn completions(shell: Shell, mut command: Command, out: &mut dyn Write) {
    let name = command.get_name().to_owned();
    clap_complete::generate(shell.generator(), &mut command, name, out);
}

/// Writes the man pages of `command` into `dir`: `worktray.1`, and one per command below it
/// (`worktray-log.1`, `worktray-days-off-set.1`), which the first one's list refers to.
/// Returns the files written.
fn man_pages(command: Command, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    // `worktray help log` only repeats the pages themselves.
    let command = crate::help::localized(command.disable_help_subcommand(true));
    let mut written = Vec::new();
    write_pages(&command, dir, &mut written)?;
    Ok(written)
}

fn write_pages(command: &Command, dir: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let name = command.get_display_name().unwrap_or(command.get_name());
    let path = dir.join(format!("{name}.1"));
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .source(format!("worktray {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)?;
    std::fs::write(&path, page)?;
    written.push(path);
    for sub in command.get_subcommands() {
        if !sub.is_hide_set() {
            write_pages(sub, dir, written)?;
        }
    }
    Ok(())
}

/// What the app menu's entry and the autostart entry share: the type, the name, comment and
/// keywords in every language, the icon.
pub fn desktop_entry_head() -> String {
    let mut head = String::from("[Desktop Entry]\nType=Application\n");
    head.push_str(&in_every_language("Name", "app-name"));
    head.push_str(&in_every_language("GenericName", "desktop-generic-name"));
    head.push_str(&in_every_language("Comment", "desktop-comment"));
    head.push_str(&in_every_language("Keywords", "desktop-keywords"));
    head.push_str(&format!("Icon={APP_ICON}\n"));
    head
}

/// The lines of a desktop entry's `key`: English, then each language whose words differ.
fn in_every_language(key: &str, id: &str) -> String {
    let english = i18n::message(Lang::En, id, None);
    let mut lines = format!("{key}={english}\n");
    for lang in LANGS.into_iter().filter(|lang| *lang != Lang::En) {
        let text = i18n::message(lang, id, None);
        if text != english {
            lines.push_str(&format!("{key}[{}]={text}\n", lang.code()));
        }
    }
    lines
}

/// The app menu's entry: `worktray` starts the tray, and started again opens the window; its
/// actions open the window on a view.
fn desktop_entry() -> String {
    let mut entry = desktop_entry_head();
    entry.push_str(&format!(
        "Categories=Office;ProjectManagement;\nExec=worktray\nTerminal=false\n\
         StartupNotify=false\nStartupWMClass={WINDOW_CLASS}\nActions=log-time;days-off;\n"
    ));
    for (action, id, view) in [
        ("log-time", "ui-tab-log", "log"),
        ("days-off", "ui-tab-days-off", "days-off"),
    ] {
        entry.push_str(&format!("\n[Desktop Action {action}]\n"));
        entry.push_str(&in_every_language("Name", id));
        entry.push_str(&format!("Exec=worktray open {view}\n"));
    }
    entry
}

/// The page of `worktray-window`, which has no command line of its own but `--version`.
fn window_man_page(lang: Lang) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let roff = |id: &str| i18n::message(lang, id, None).replace('-', "\\-");
    format!(
        ".TH worktray\\-window 1 \"\" \"worktray {version}\"\n.SH NAME\nworktray\\-window \\- {}\n\
         .SH SYNOPSIS\n\\fBworktray\\-window\\fR [\\fB\\-\\-version\\fR]\n.SH DESCRIPTION\n{}\n\
         .SH OPTIONS\n.TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\n{}\n.SH SEE ALSO\n\\fBworktray\\fR(1)\n",
        roff("man-window-name"),
        roff("man-window-description"),
        roff("help-arg--version"),
    )
}

/// Writes into `dir` what the packages install beside the programs: `man/man1/` (English)
/// and `man/<lang>/man1/` pages, `completions/` for bash, zsh and fish, and
/// `worktray.desktop`. `command` gives the command line afresh for each language.
pub fn package_files(dir: &Path, command: impl Fn() -> Command) -> std::io::Result<()> {
    for lang in LANGS {
        let man = match lang {
            Lang::En => dir.join("man/man1"),
            _ => dir.join("man").join(lang.code()).join("man1"),
        };
        std::fs::create_dir_all(&man)?;
        i18n::set_current(lang);
        man_pages(command(), &man)?;
        std::fs::write(man.join("worktray-window.1"), window_man_page(lang))?;
    }
    i18n::set_current(Lang::En);
    let completions_dir = dir.join("completions");
    std::fs::create_dir_all(&completions_dir)?;
    for (shell, file) in [
        (Shell::Bash, "worktray.bash"),
        (Shell::Zsh, "_worktray"),
        (Shell::Fish, "worktray.fish"),
    ] {
        let mut script = Vec::new();
        completions(shell, crate::help::localized(command()), &mut script);
        std::fs::write(completions_dir.join(file), script)?;
    }
    std::fs::write(dir.join("worktray.desktop"), desktop_entry())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn localized() -> Command {
        crate::help::localized(crate::Args::command())
    }

    fn text(write: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        write(&mut out);
        String::from_utf8(out).expect("UTF-8")
    }

    /// Each shell completes the commands people type, `log` and `days-off set` among them.
    #[test]
    fn completions_know_the_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let script = text(|out| completions(shell, localized(), out));
            for word in ["start", "log", "days-off", "vacation", "json"] {
                assert!(script.contains(word), "{shell:?} completions lack {word}");
            }
        }
    }

    /// The pages name the program, describe it and list its commands and options; each
    /// command the first page refers to has a page of its own.
    #[test]
    fn the_man_pages_cover_every_command_they_refer_to() {
        let dir = tempfile::tempdir().expect("temp dir");
        let written = man_pages(crate::Args::command(), dir.path()).expect("render");
        let page = |name: &str| {
            std::fs::read_to_string(dir.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let main = page("worktray.1");
        assert!(main.contains(".TH worktray 1"), "{main}");
        for word in ["Worksection", "\\-\\-version", "worktray\\-log(1)"] {
            assert!(main.contains(word), "worktray.1 lacks {word}");
        }
        let log = page("worktray-log.1");
        assert!(log.contains("\\-\\-dry\\-run"), "{log}");
        assert!(page("worktray-days-off-set.1").contains("vacation"));
        for path in &written {
            let text = std::fs::read_to_string(path).expect("page");
            for line in text.lines().filter(|l| l.ends_with("(1)")) {
                let name = line.replace("\\-", "-").replace("(1)", ".1");
                assert!(
                    dir.path().join(&name).exists(),
                    "{} refers to {name}",
                    path.display()
                );
            }
        }
        let names: Vec<_> = written.iter().filter_map(|p| p.file_name()).collect();
        assert!(
            !names.iter().any(|name| {
                let name = name.to_string_lossy();
                name.contains("-help") || name.contains("package-files")
            }),
            "{names:?}"
        );
    }

    /// The app menu shows Worktray in each language, and its entry starts the tray.
    #[test]
    fn the_desktop_entry_speaks_every_language() {
        let entry = desktop_entry();
        assert!(entry.starts_with("[Desktop Entry]\n"));
        assert!(entry.contains("\nExec=worktray\n"), "{entry}");
        assert!(entry.contains("\nComment[uk]=Облік часу"), "{entry}");
        assert!(entry.contains("\nComment[ru]=Учёт времени"), "{entry}");
        let log_time = entry
            .split("\n\n")
            .find(|group| group.starts_with("[Desktop Action log-time]"))
            .expect("the log-time action");
        let has = |line: &str| log_time.lines().any(|l| l == line);
        assert!(has("Name[uk]=Записати час"), "{log_time}");
        assert!(has("Exec=worktray open log"), "{log_time}");
        let keywords = entry
            .lines()
            .find(|l| l.starts_with("Keywords="))
            .expect("keywords");
        assert!(
            keywords.ends_with(';') && keywords.contains("worksection"),
            "{keywords}"
        );
    }
}
