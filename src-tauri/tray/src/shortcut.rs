//! The optional global shortcuts: one opens the task picker, one the quick entry ("Log time").
//! They use the `global-hotkey` crate, as Tauri's own plugin does. X11, Windows and macOS allow
//! them; Wayland does not let applications grab keys, so there the user binds
//! `worktray open picker` / `worktray open log` in the desktop's own settings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use global_hotkey::hotkey::HotKey;
use global_hotkey::{GlobalHotKeyEvent, GlobalHotKeyManager, HotKeyState};
use tokio::sync::mpsc;
use worktray_core::settings::Settings;
use worktray_core::{t, Error, Result};

use crate::menu::MenuAction;

/// The registered shortcuts, kept alive with the daemon.
#[derive(Clone, Default)]
pub struct Shortcuts {
    registered: Arc<Mutex<Registered>>,
}

#[derive(Default)]
struct Registered {
    /// Made on first use: it starts a thread with its own X connection.
    manager: Option<GlobalHotKeyManager>,
    keys: Vec<HotKey>,
    /// What each registered key does, by hot-key id; read by the event handler.
    actions: Arc<Mutex<HashMap<u32, MenuAction>>>,
}

/// The shortcuts `settings` asks for, with what each does and the setting's name for messages.
fn wanted(settings: &Settings) -> [(Option<&str>, MenuAction, String); 2] {
    [
        (
            settings.picker_shortcut.as_deref(),
            MenuAction::StartOther,
            t!("shortcut-purpose-picker"),
        ),
        (
            settings.log_time_shortcut.as_deref(),
            MenuAction::LogTime,
            t!("shortcut-purpose-log-time"),
        ),
    ]
}

impl Shortcuts {
    /// Makes the shortcuts those of `settings`. When one cannot work, the error says why and
    /// the ones of `previous` are put back, so a refused change loses nothing.
    pub fn set(
        &self,
        settings: &Settings,
        previous: &Settings,
        actions: &mpsc::UnboundedSender<MenuAction>,
    ) -> Result<()> {
        let mut registered = self
            .registered
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        registered.clear();
        match registered.register(settings, actions) {
            Ok(()) => Ok(()),
            Err(error) => {
                registered.clear();
                if let Err(again) = registered.register(previous, actions) {
                    tracing::warn!("the previous global shortcuts are gone too: {again}");
                }
                Err(error)
            }
        }
    }
}

impl Registered {
    fn clear(&mut self) {
        if let Some(manager) = &self.manager {
            for key in self.keys.drain(..) {
                if let Err(error) = manager.unregister(key) {
                    tracing::debug!("a shortcut was already gone: {error}");
                }
            }
        }
        self.keys.clear();
        lock(&self.actions).clear();
    }

    fn register(
        &mut self,
        settings: &Settings,
        actions: &mpsc::UnboundedSender<MenuAction>,
    ) -> Result<()> {
        let mut parsed: Vec<(HotKey, MenuAction, String, &str)> = Vec::new();
        for (text, action, purpose) in wanted(settings) {
            let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
                continue;
            };
            let key = text.parse::<HotKey>().map_err(|e| {
                Error::invalid_input(t!(
                    "shortcut-invalid",
                    shortcut = text,
                    error = e.to_string()
                ))
            })?;
            if let Some((_, _, other, _)) = parsed.iter().find(|(k, ..)| k.id() == key.id()) {
                return Err(Error::invalid_input(t!(
                    "shortcut-twice",
                    shortcut = text,
                    other = other.as_str(),
                    purpose = purpose
                )));
            }
            parsed.push((key, action, purpose, text));
        }
        if parsed.is_empty() {
            return Ok(());
        }
        if std::env::var_os("WAYLAND_DISPLAY").is_some() {
            return Err(Error::invalid_input(t!("shortcut-wayland")));
        }
        let manager = match self.manager.take() {
            Some(manager) => manager,
            None => {
                let manager = GlobalHotKeyManager::new().map_err(|e| {
                    Error::invalid_input(t!("shortcut-unavailable", error = e.to_string()))
                })?;
                let by_id = self.actions.clone();
                let actions = actions.clone();
                GlobalHotKeyEvent::set_event_handler(Some(move |event: GlobalHotKeyEvent| {
                    if event.state == HotKeyState::Pressed {
                        if let Some(action) = lock(&by_id).get(&event.id) {
                            let _ = actions.send(action.clone());
                        }
                    }
                }));
                manager
            }
        };
        let manager = self.manager.insert(manager);
        for (key, action, _, text) in parsed {
            manager.register(key).map_err(|e| {
                Error::invalid_input(t!("shortcut-taken", shortcut = text, error = e.to_string()))
            })?;
            self.keys.push(key);
            lock(&self.actions).insert(key.id(), action);
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
