//! The tray menu. On Linux the AppIndicator delivers no clicks, only the menu, so everything a
//! user does from the tray is a menu item here. Item ids are a typed [`MenuAction`], not
//! loose strings.

use tray_icon::menu::{Menu, MenuItem, PredefinedMenuItem};
use worktray_core::ipc::{Connection, Status};
use worktray_core::models::{Id, TaskSummary};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuAction {
    Stop,
    Discard,
    Start(Id),
    OpenWindow,
    Refresh,
    Quit,
}

impl MenuAction {
    pub fn id(&self) -> String {
        match self {
            MenuAction::Stop => "stop".into(),
            MenuAction::Discard => "discard".into(),
            MenuAction::Start(task) => format!("start:{task}"),
            MenuAction::OpenWindow => "open-window".into(),
            MenuAction::Refresh => "refresh".into(),
            MenuAction::Quit => "quit".into(),
        }
    }

    pub fn parse(id: &str) -> Option<MenuAction> {
        Some(match id {
            "stop" => MenuAction::Stop,
            "discard" => MenuAction::Discard,
            "open-window" => MenuAction::OpenWindow,
            "refresh" => MenuAction::Refresh,
            "quit" => MenuAction::Quit,
            other => MenuAction::Start(Id(other.strip_prefix("start:")?.to_owned())),
        })
    }
}

fn item(text: &str, action: Option<MenuAction>, enabled: bool) -> MenuItem {
    match action {
        Some(action) => MenuItem::with_id(action.id(), text, enabled, None),
        None => MenuItem::new(text, false, None),
    }
}

/// The first line of the menu and the tooltip: what the timer is doing.
pub fn headline(status: &Status) -> String {
    let state = match status.connection {
        Connection::SignedOut => Some("signed out"),
        Connection::Offline => Some("offline"),
        Connection::Unknown | Connection::Online => None,
    };
    let timer = match &status.timer {
        Some(timer) if timer.task.project.is_empty() => {
            format!("▶ {} · {}", timer.task.name, timer.elapsed_text)
        }
        Some(timer) => format!(
            "▶ {} · {} · {}",
            timer.task.name, timer.task.project, timer.elapsed_text
        ),
        None => "No timer running".to_owned(),
    };
    match state {
        Some(state) => format!("{timer} ({state})"),
        None => timer,
    }
}

/// Builds the whole menu for `status`, offering to start on `quick_tasks`.
pub fn build(status: &Status, quick_tasks: &[TaskSummary]) -> Result<Menu, tray_icon::menu::Error> {
    let menu = Menu::new();
    menu.append(&item(&headline(status), None, false))?;
    let running = status.timer.as_ref();
    if running.is_some() {
        menu.append(&item("Stop", Some(MenuAction::Stop), true))?;
        menu.append(&item(
            "Discard (don't save)",
            Some(MenuAction::Discard),
            true,
        ))?;
    }
    menu.append(&PredefinedMenuItem::separator())?;
    let startable: Vec<_> = quick_tasks
        .iter()
        .filter(|task| running.is_none_or(|timer| timer.task.id != task.id))
        .take(5)
        .collect();
    if !startable.is_empty() {
        menu.append(&item("Start on", None, false))?;
        for task in startable {
            let label = if task.project.is_empty() {
                task.name.clone()
            } else {
                format!("{} · {}", task.name, task.project)
            };
            menu.append(&item(
                &format!("    {label}"),
                Some(MenuAction::Start(task.id.clone())),
                true,
            ))?;
        }
        menu.append(&PredefinedMenuItem::separator())?;
    }
    menu.append(&item("Open Worktray…", Some(MenuAction::OpenWindow), true))?;
    menu.append(&item("Refresh now", Some(MenuAction::Refresh), true))?;
    menu.append(&PredefinedMenuItem::separator())?;
    menu.append(&item("Quit Worktray", Some(MenuAction::Quit), true))?;
    Ok(menu)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_ids_round_trip() {
        for action in [
            MenuAction::Stop,
            MenuAction::Discard,
            MenuAction::Start(Id::from(330090)),
            MenuAction::OpenWindow,
            MenuAction::Refresh,
            MenuAction::Quit,
        ] {
            assert_eq!(MenuAction::parse(&action.id()), Some(action));
        }
        assert_eq!(MenuAction::parse("something else"), None);
    }
}
