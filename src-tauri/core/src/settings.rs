//! The user's preferences, in `settings.json` in the data directory. Nothing secret lives here.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::IoAction;
use crate::error::{Error, Result, StoreError};
use crate::models::TaskSummary;
use crate::t;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct Settings {
    /// Notify when a timer runs longer than this many hours; `None` never.
    pub long_timer_hours: Option<u32>,
    /// Start the tray when I log in to the desktop.
    pub start_at_login: bool,
    /// Tasks pinned to the tray menu and the top of the picker. (Earlier versions of the file
    /// called them `favourites`.)
    #[serde(alias = "favourites")]
    pub pinned: Vec<TaskSummary>,
    /// A global shortcut that opens the task picker, e.g. `ctrl+alt+KeyT`; `None` for none.
    /// (Earlier versions of the file called it `global_shortcut`.)
    #[serde(alias = "global_shortcut")]
    pub picker_shortcut: Option<String>,
    /// A global shortcut that opens the quick entry (Log time), e.g. `ctrl+alt+KeyL`.
    pub log_time_shortcut: Option<String>,
    /// Remind me when no timer runs during work hours; `None` (the default) never.
    pub work_hours_reminder: Option<WorkHoursReminder>,
    /// Keep a closed window hidden, ready to reopen at once, for this many seconds before its
    /// process (and WebKit with it) exits; 0, the default, ends it when it closes.
    pub keep_closed_window_seconds: u32,
    /// This many minutes without input is away; 0 turns away detection off. A locked screen
    /// and a sleeping computer are away from their first second.
    pub away_after_minutes: u32,
    /// What to do with away time a running timer went through.
    pub away_time: crate::presence::AwayPolicy,
    /// Stop the timer when the computer sleeps or shuts down.
    pub stop_timer_on_sleep: bool,
    /// The language of the tray, the window and the CLI; `auto` follows the desktop's locale.
    pub language: crate::i18n::LanguageChoice,
}

/// "No timer running" reminders on weekdays between `start` and `end` (local `HH:MM`), after
/// `after_minutes` without a timer. Silent on days marked vacation or sick leave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub struct WorkHoursReminder {
    pub start: String,
    pub end: String,
    pub after_minutes: u32,
}

impl WorkHoursReminder {
    /// The parsed form, or why the settings make no sense.
    pub fn hours(&self) -> Result<crate::reminders::WorkHours> {
        let time = |text: &str| {
            chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
                .map_err(|_| Error::invalid_input(t!("settings-time-of-day", input = text)))
        };
        let (start, end) = (time(&self.start)?, time(&self.end)?);
        if end <= start {
            return Err(Error::invalid_input(t!("settings-work-hours-order")));
        }
        if self.after_minutes == 0 {
            return Err(Error::invalid_input(t!("settings-work-hours-after")));
        }
        Ok(crate::reminders::WorkHours {
            start,
            end,
            after: std::time::Duration::from_secs(u64::from(self.after_minutes) * 60),
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            long_timer_hours: Some(8),
            start_at_login: false,
            pinned: Vec::new(),
            picker_shortcut: None,
            log_time_shortcut: None,
            work_hours_reminder: None,
            keep_closed_window_seconds: 0,
            away_after_minutes: 10,
            away_time: crate::presence::AwayPolicy::Ask,
            stop_timer_on_sleep: false,
            language: crate::i18n::LanguageChoice::Auto,
        }
    }
}

/// Longer than a working day without input is no threshold.
pub const MAX_AWAY_AFTER_MINUTES: u32 = 8 * 60;

/// At most this many pinned: the tray menu must stay short.
pub const MAX_PINNED: usize = 8;
/// A kept window costs about 200 MB; ten minutes covers "closed it, need it again".
pub const MAX_KEEP_CLOSED_WINDOW_SECONDS: u32 = 600;

impl Settings {
    fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("settings.json")
    }

    /// The saved settings, or the defaults when there are none.
    pub fn load(data_dir: &Path) -> Result<Settings> {
        let path = Self::path(data_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|source| {
                StoreError::DamagedSettings {
                    path: path.display().to_string(),
                    source,
                }
                .into()
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(error) => Err(Error::io(
                IoAction::Reading(path.display().to_string()),
                error,
            )),
        }
    }

    pub fn save(&self, data_dir: &Path) -> Result<()> {
        if self.long_timer_hours == Some(0) {
            return Err(Error::invalid_input(t!("settings-long-timer-hours")));
        }
        if let Some(reminder) = &self.work_hours_reminder {
            reminder.hours()?;
        }
        if self.keep_closed_window_seconds > MAX_KEEP_CLOSED_WINDOW_SECONDS {
            return Err(Error::invalid_input(t!(
                "settings-keep-window-max",
                count = MAX_KEEP_CLOSED_WINDOW_SECONDS
            )));
        }
        if self.away_after_minutes > MAX_AWAY_AFTER_MINUTES {
            return Err(Error::invalid_input(t!(
                "settings-away-after-max",
                count = MAX_AWAY_AFTER_MINUTES
            )));
        }
        if self.pinned.len() > MAX_PINNED {
            return Err(Error::invalid_input(t!(
                "settings-pinned-max",
                count = MAX_PINNED
            )));
        }
        let text = serde_json::to_string_pretty(self).map_err(StoreError::Encode)?;
        crate::config::write_atomically(&Self::path(data_dir), &text)
    }

    /// The away settings the tracker puts into effect.
    /// The language to speak: the saved choice, else the desktop's (`desktop`).
    pub fn lang(&self, desktop: crate::i18n::Lang) -> crate::i18n::Lang {
        crate::i18n::Lang::resolve(self.language, desktop)
    }

    /// The language of a process started now: the choice saved in `data_dir`, else the
    /// desktop's locale (unreadable settings speak the desktop's language).
    pub fn process_lang(data_dir: Option<&Path>) -> crate::i18n::Lang {
        let desktop = crate::i18n::Lang::from_env();
        data_dir
            .and_then(|dir| Settings::load(dir).ok())
            .map_or(desktop, |settings| settings.lang(desktop))
    }

    pub fn away(&self) -> crate::presence::AwaySettings {
        crate::presence::AwaySettings {
            after: (self.away_after_minutes > 0)
                .then(|| std::time::Duration::from_secs(u64::from(self.away_after_minutes) * 60)),
            policy: self.away_time,
            stop_on_sleep: self.stop_timer_on_sleep,
        }
    }

    /// The ids of the pinned tasks, which rank up in a task search.
    pub fn pinned_ids(&self) -> Vec<crate::models::Id> {
        self.pinned.iter().map(|task| task.id.clone()).collect()
    }

    /// Pins or unpins a task; pinning puts it first.
    pub fn pin(&mut self, task: TaskSummary, pinned: bool) {
        self.pinned.retain(|t| t.id != task.id);
        if pinned {
            self.pinned.insert(0, task);
            self.pinned.truncate(MAX_PINNED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Id;

    #[test]
    fn settings_round_trip_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), Settings::default());
        let mut settings = Settings::default();
        let task = TaskSummary {
            id: Id::from(1),
            name: "Fix login".into(),
            project: "Website".into(),
            project_id: "6".into(),
            page: String::new(),
        };
        settings.pin(task.clone(), true);
        settings.pin(task.clone(), true);
        assert_eq!(settings.pinned.len(), 1, "pinning twice keeps one");
        settings.long_timer_hours = None;
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), settings);
        settings.pin(task, false);
        assert!(settings.pinned.is_empty());
        settings.long_timer_hours = Some(0);
        assert!(settings.save(dir.path()).is_err());
    }

    #[test]
    fn a_file_with_the_old_names_keeps_its_pins_and_shortcut() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"favourites": [{"id": "7", "name": "Fix login", "project": "Website",
                "project_id": "6", "page": ""}], "global_shortcut": "ctrl+alt+KeyT"}"#,
        )
        .unwrap();
        let settings = Settings::load(dir.path()).unwrap();
        assert_eq!(settings.pinned_ids(), [Id::from("7")]);
        assert_eq!(settings.picker_shortcut.as_deref(), Some("ctrl+alt+KeyT"));
    }

    #[test]
    fn a_closed_window_is_kept_ten_minutes_at_most_and_old_files_keep_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"long_timer_hours": 6, "start_at_login": true}"#,
        )
        .unwrap();
        let mut settings = Settings::load(dir.path()).unwrap();
        assert_eq!(settings.keep_closed_window_seconds, 0);
        settings.keep_closed_window_seconds = MAX_KEEP_CLOSED_WINDOW_SECONDS;
        settings.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), settings);
        settings.keep_closed_window_seconds = MAX_KEEP_CLOSED_WINDOW_SECONDS + 1;
        let refused = settings.save(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("at most 600 seconds"), "{refused}");
    }
}
