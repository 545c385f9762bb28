//! The optional global shortcut that opens the task picker (the `global-hotkey` crate, as
//! Tauri's own plugin uses). X11, Windows and macOS allow it; Wayland does not let applications
//! grab keys, so there the user binds `worktray open picker` in the desktop's own settings.

use std::sync::{Arc, Mutex, PoisonError};

use global_hotkey::hotkey::HotKey;
use global_hotkey::{GlobalHotKeyEvent, GlobalHotKeyManager, HotKeyState};
use tokio::sync::mpsc;
use worktray_core::{Error, Result};

use crate::menu::MenuAction;

/// The registered shortcut, kept alive with the daemon.
#[derive(Clone, Default)]
pub struct Shortcut {
    registered: Arc<Mutex<Option<(GlobalHotKeyManager, HotKey)>>>,
}

impl Shortcut {
    /// Replaces the shortcut with `text` (`None` removes it). Errors say why it cannot work.
    pub fn set(
        &self,
        text: Option<&str>,
        actions: &mpsc::UnboundedSender<MenuAction>,
    ) -> Result<()> {
        let mut registered = self
            .registered
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((manager, hotkey)) = registered.take() {
            if let Err(error) = manager.unregister(hotkey) {
                tracing::debug!("the old shortcut was already gone: {error}");
            }
        }
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(());
        };
        if std::env::var_os("WAYLAND_DISPLAY").is_some() {
            return Err(Error::Input(
                "this Wayland desktop does not let applications grab global shortcuts; bind `worktray open picker` to a key in your desktop's keyboard settings instead".into(),
            ));
        }
        let hotkey: HotKey = text.parse().map_err(|e| {
            Error::Input(format!(
                "\"{text}\" is not a shortcut ({e}); write it like ctrl+alt+KeyT"
            ))
        })?;
        let manager = GlobalHotKeyManager::new()
            .map_err(|e| Error::Input(format!("global shortcuts are not available here: {e}")))?;
        manager.register(hotkey).map_err(|e| {
            Error::Input(format!(
                "{text} cannot be used (another program may hold it): {e}"
            ))
        })?;
        let actions = actions.clone();
        let id = hotkey.id();
        GlobalHotKeyEvent::set_event_handler(Some(move |event: GlobalHotKeyEvent| {
            if event.id == id && event.state == HotKeyState::Pressed {
                let _ = actions.send(MenuAction::StartOther);
            }
        }));
        *registered = Some((manager, hotkey));
        Ok(())
    }
}
