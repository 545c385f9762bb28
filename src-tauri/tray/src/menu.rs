//! The tray menu. On Linux the AppIndicator delivers no clicks, only the menu, so everything a
//! user does from the tray is a menu item here. Item ids are a typed [`MenuAction`], not
//! loose strings.

use tray_icon::menu::{Menu, MenuItem, PredefinedMenuItem};
use worktray_core::ipc::{Connection, Status};
use worktray_core::models::{Id, TaskSummary};
use worktray_core::t;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuAction {
    /// Open the window on the away question.
    Away,
    Stop,
    StopWithComment,
    Discard,
    OpenTaskInWorksection,
    Start(Id),
    /// Start on a task from the moment the person came back (`Status::back_since`): the
    /// minutes since are logged to it.
    StartSinceBack(Id),
    StartOther,
    LogTime,
    Entries,
    DaysOff,
    SickToday,
    OpenWindow,
    Settings,
    SignIn,
    SignOut,
    Refresh,
    Quit,
}

const FIXED: [(MenuAction, &str); 16] = [
    (MenuAction::Away, "away"),
    (MenuAction::Stop, "stop"),
    (MenuAction::StopWithComment, "stop-with-comment"),
    (MenuAction::Discard, "discard"),
    (MenuAction::OpenTaskInWorksection, "open-task"),
    (MenuAction::StartOther, "start-other"),
    (MenuAction::LogTime, "log-time"),
    (MenuAction::Entries, "entries"),
    (MenuAction::DaysOff, "days-off"),
    (MenuAction::SickToday, "sick-today"),
    (MenuAction::OpenWindow, "open-window"),
    (MenuAction::Settings, "settings"),
    (MenuAction::SignIn, "sign-in"),
    (MenuAction::SignOut, "sign-out"),
    (MenuAction::Refresh, "refresh"),
    (MenuAction::Quit, "quit"),
];

impl MenuAction {
    pub fn id(&self) -> String {
        match self {
            MenuAction::Start(task) => format!("start:{task}"),
            MenuAction::StartSinceBack(task) => format!("start-since-back:{task}"),
            fixed => FIXED
                .iter()
                .find(|(action, _)| action == fixed)
                .map(|(_, id)| (*id).to_owned())
                .unwrap_or_default(),
        }
    }

    pub fn parse(id: &str) -> Option<MenuAction> {
        if let Some(task) = id.strip_prefix("start:") {
            return Some(MenuAction::Start(Id(task.to_owned())));
        }
        if let Some(task) = id.strip_prefix("start-since-back:") {
            return Some(MenuAction::StartSinceBack(Id(task.to_owned())));
        }
        FIXED
            .iter()
            .find(|(_, fixed)| *fixed == id)
            .map(|(action, _)| action.clone())
    }
}

fn action(text: &str, action: MenuAction) -> MenuItem {
    MenuItem::with_id(action.id(), text, true, None)
}

fn label(text: &str) -> MenuItem {
    MenuItem::new(text, false, None)
}

/// The first line of the menu and the tooltip: what the timer is doing.
pub fn headline(status: &Status) -> String {
    let state = match status.connection {
        Connection::SignedOut => return t!("menu-signed-out"),
        Connection::Offline => Some(t!("menu-offline")),
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
        None => t!("status-idle"),
    };
    match state {
        Some(state) => format!("{timer} ({state})"),
        None => timer,
    }
}

/// Forgot to start? With no timer running since the person came back: "Start Fix login from
/// 9:12 (25 min ago)", on the task most likely meant (the first pinned or recent one).
pub fn back_since_line(status: &Status, task: &TaskSummary) -> Option<String> {
    if status.timer.is_some() {
        return None;
    }
    status.back_since.as_ref().map(|back| {
        t!(
            "menu-start-since-back",
            task = task.name.as_str(),
            since = back.since_text.as_str(),
            minutes = back.minutes
        )
    })
}

/// The line of a waiting away question: "Away 1:12 — decide…".
pub fn away_line(status: &Status) -> Option<String> {
    status
        .away
        .as_ref()
        .map(|away| t!("menu-away", away = away.away_text.as_str()))
}

fn task_label(task: &TaskSummary, pinned: bool) -> String {
    let star = if pinned { "★ " } else { "" };
    if task.project.is_empty() {
        format!("    {star}{}", task.name)
    } else {
        format!("    {star}{} · {}", task.name, task.project)
    }
}

/// The queue line, when something waits: "2 entries waiting · 1 refused".
fn queue_line(status: &Status) -> Option<String> {
    let queue = status.queue;
    let mut parts = Vec::new();
    if queue.pending > 0 {
        parts.push(t!("menu-queue-pending", count = queue.pending));
    }
    if queue.parked > 0 {
        parts.push(t!("menu-queue-refused", count = queue.parked));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Builds the whole menu for `status`, offering to start on the `pinned_tasks` and then
/// the `recent` tasks (five at most in all).
pub fn build(
    status: &Status,
    pinned_tasks: &[TaskSummary],
    recent: &[TaskSummary],
) -> Result<Menu, tray_icon::menu::Error> {
    let menu = Menu::new();
    menu.append(&label(&headline(status)))?;
    if let Some(away) = away_line(status) {
        menu.append(&action(&away, MenuAction::Away))?;
    }
    if status.connection == Connection::SignedOut {
        if let Some(queue) = queue_line(status) {
            menu.append(&label(&queue))?;
        }
        menu.append(&PredefinedMenuItem::separator())?;
        menu.append(&action(&t!("menu-sign-in"), MenuAction::SignIn))?;
        menu.append(&action(&t!("menu-quit"), MenuAction::Quit))?;
        return Ok(menu);
    }
    let running = status.timer.as_ref();
    if running.is_some() {
        menu.append(&action(&t!("menu-stop"), MenuAction::Stop))?;
        menu.append(&action(
            &t!("menu-stop-with-comment"),
            MenuAction::StopWithComment,
        ))?;
        menu.append(&action(&t!("menu-discard"), MenuAction::Discard))?;
        menu.append(&action(
            &t!("menu-open-task"),
            MenuAction::OpenTaskInWorksection,
        ))?;
    }
    menu.append(&PredefinedMenuItem::separator())?;
    let not_running = |task: &&TaskSummary| running.is_none_or(|timer| timer.task.id != task.id);
    let pinned: Vec<&TaskSummary> = pinned_tasks.iter().filter(not_running).take(5).collect();
    let others: Vec<&TaskSummary> = recent
        .iter()
        .filter(not_running)
        .filter(|task| !pinned_tasks.iter().any(|p| p.id == task.id))
        .take(5 - pinned.len())
        .collect();
    if let Some(first) = pinned.first().or(others.first()) {
        if let Some(line) = back_since_line(status, first) {
            menu.append(&action(&line, MenuAction::StartSinceBack(first.id.clone())))?;
        }
    }
    if !pinned.is_empty() || !others.is_empty() {
        menu.append(&label(&t!("menu-start-on")))?;
        for task in &pinned {
            menu.append(&action(
                &task_label(task, true),
                MenuAction::Start(task.id.clone()),
            ))?;
        }
        for task in &others {
            menu.append(&action(
                &task_label(task, false),
                MenuAction::Start(task.id.clone()),
            ))?;
        }
    }
    menu.append(&action(&t!("menu-start-other"), MenuAction::StartOther))?;
    menu.append(&PredefinedMenuItem::separator())?;
    menu.append(&action(&t!("menu-log-time"), MenuAction::LogTime))?;
    menu.append(&action(&t!("menu-entries"), MenuAction::Entries))?;
    menu.append(&action(&t!("menu-days-off"), MenuAction::DaysOff))?;
    menu.append(&action(&t!("menu-sick-today"), MenuAction::SickToday))?;
    menu.append(&PredefinedMenuItem::separator())?;
    if let Some(queue) = queue_line(status) {
        menu.append(&label(&queue))?;
    }
    menu.append(&action(&t!("menu-open-window"), MenuAction::OpenWindow))?;
    menu.append(&action(&t!("menu-refresh"), MenuAction::Refresh))?;
    menu.append(&action(&t!("menu-settings"), MenuAction::Settings))?;
    menu.append(&action(&t!("menu-sign-out"), MenuAction::SignOut))?;
    menu.append(&action(&t!("menu-quit"), MenuAction::Quit))?;
    Ok(menu)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Online, no timer, nothing waiting.
    fn online() -> Status {
        Status {
            connection: Connection::Online,
            signed_in_as: None,
            timer: None,
            checked_at: None,
            problem: None,
            queue: worktray_core::outbox::QueueCounts::default(),
            away: None,
            back_since: None,
            language: worktray_core::i18n::Lang::En,
        }
    }

    #[test]
    fn menu_ids_round_trip() {
        let mut actions: Vec<MenuAction> = FIXED.iter().map(|(action, _)| action.clone()).collect();
        actions.push(MenuAction::Start(Id::from(330090)));
        actions.push(MenuAction::StartSinceBack(Id::from(330090)));
        for action in actions {
            assert_eq!(MenuAction::parse(&action.id()), Some(action));
        }
        assert_eq!(MenuAction::parse("something else"), None);
    }

    #[test]
    fn the_away_line_shows_only_while_a_question_waits() {
        let mut status = online();
        assert_eq!(away_line(&status), None);
        status.away = Some(worktray_core::presence::AwayView {
            id: 1_764_353_040,
            start: "2025-11-28T18:04:00+00:00".into(),
            end: "2025-11-28T19:16:00+00:00".into(),
            start_text: "18:04".into(),
            end_text: "19:16".into(),
            reason: worktray_core::away::AwayReason::Locked,
            minutes: 72,
            away_text: "1:12".into(),
            task: TaskSummary {
                id: Id::from(101),
                name: "Fix login".into(),
                project: String::new(),
                project_id: String::new(),
                page: String::new(),
            },
        });
        assert_eq!(away_line(&status).as_deref(), Some("Away 1:12 — decide…"));
    }

    #[test]
    fn forgot_to_start_offers_the_moment_of_the_return_only_with_no_timer() {
        let task = TaskSummary {
            id: Id::from(101),
            name: "Fix login".into(),
            project: String::new(),
            project_id: String::new(),
            page: String::new(),
        };
        let mut status = online();
        assert_eq!(back_since_line(&status, &task), None);
        status.back_since = Some(worktray_core::presence::BackSince {
            since_text: "09:12".into(),
            minutes: 25,
        });
        assert_eq!(
            back_since_line(&status, &task).as_deref(),
            Some("Start Fix login from 09:12 (25 min ago)")
        );
        status.timer = Some(worktray_core::timer::TimerView {
            task: task.clone(),
            started: None,
            elapsed_seconds: 60,
            elapsed_text: "0:01".into(),
        });
        assert_eq!(back_since_line(&status, &task), None);
    }
}
