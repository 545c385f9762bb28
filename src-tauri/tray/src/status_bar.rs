//! `worktray status --format waybar|polybar|i3blocks|plain`: the timer for a status bar. Bars
//! run the command every few seconds, so it is answered by the running tray from memory, at no
//! API cost; without a tray it says so in one line instead of asking Worksection itself.

use std::process::ExitCode;

use worktray_core::config;
use worktray_core::ipc::{Connection, CoreRequest, DaemonClient, Status};
use worktray_core::t;

/// What the bar reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BarFormat {
    // One JSON object (`text`, `tooltip`, `class`) for a waybar `custom` module.
    Waybar,
    // One line, for a polybar `custom/script` module.
    Polybar,
    // i3blocks' lines: the full text, then the short one.
    I3blocks,
    // One line of text.
    Plain,
}

/// Prints the status in `format`. Always a success: a bar shows a failing command as broken,
/// and "not running" is something to show, not an error.
pub fn print(format: BarFormat) -> ExitCode {
    let status = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()
        .and_then(|runtime| runtime.block_on(from_the_tray()));
    println!("{}", render(format, status.as_ref()));
    ExitCode::SUCCESS
}

/// The running tray's status, or `None` when no tray answers.
async fn from_the_tray() -> Option<Status> {
    let daemon = DaemonClient::new(config::socket_path().ok()?);
    daemon
        .ask(CoreRequest::Status { refresh: false })
        .await
        .ok()
}

/// What the bar shows for `status` (`None`: no tray running).
struct Shown {
    text: String,
    short: String,
    tooltip: String,
    /// For the bar's style sheet: `running`, `idle`, `offline`, `signed-out`, `not-running`.
    class: &'static str,
}

fn shown(status: Option<&Status>) -> Shown {
    let Some(status) = status else {
        let text = t!("bar-not-running");
        return Shown {
            short: text.clone(),
            tooltip: t!("cli-tray-not-running"),
            text,
            class: "not-running",
        };
    };
    let class = match (&status.connection, &status.timer) {
        (Connection::SignedOut, _) => "signed-out",
        (Connection::Offline, _) => "offline",
        (_, Some(_)) => "running",
        (_, None) => "idle",
    };
    match &status.timer {
        Some(timer) => Shown {
            text: format!("▶ {} {}", timer.elapsed_text, timer.task.name),
            short: format!("▶ {}", timer.elapsed_text),
            tooltip: timer.task.with_project(),
            class,
        },
        None => {
            let idle = t!("status-idle");
            Shown {
                text: format!("■ {idle}"),
                short: "■".to_owned(),
                tooltip: status.problem.clone().unwrap_or(idle),
                class,
            }
        }
    }
}

fn render(format: BarFormat, status: Option<&Status>) -> String {
    let shown = shown(status);
    match format {
        BarFormat::Waybar => serde_json::json!({
            "text": shown.text,
            "tooltip": shown.tooltip,
            "class": shown.class,
            "alt": shown.class,
        })
        .to_string(),
        BarFormat::I3blocks => format!("{}\n{}", shown.text, shown.short),
        BarFormat::Polybar | BarFormat::Plain => shown.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use worktray_core::models::TaskSummary;
    use worktray_core::timer::TimerView;

    fn status(timer: Option<TimerView>, connection: Connection) -> Status {
        Status {
            connection,
            signed_in_as: Some("Alex Morgan".into()),
            timer,
            checked_at: None,
            problem: None,
            queue: Default::default(),
            away: None,
            back_since: None,
            language: Default::default(),
        }
    }

    fn running() -> TimerView {
        TimerView {
            task: TaskSummary {
                id: "331402".into(),
                name: "Homepage wireframes".into(),
                project: "Website redesign".into(),
                project_id: "6214".into(),
                page: String::new(),
            },
            started: Some("2026-12-02 09:30".into()),
            elapsed_seconds: 42 * 60,
            elapsed_text: "0:42".into(),
        }
    }

    #[test]
    fn waybar_gets_the_timer_as_json_with_a_class_to_style() {
        let status = status(Some(running()), Connection::Online);
        let json: serde_json::Value =
            serde_json::from_str(&render(BarFormat::Waybar, Some(&status))).unwrap();
        assert_eq!(json["text"], "▶ 0:42 Homepage wireframes");
        assert_eq!(json["tooltip"], "Homepage wireframes · Website redesign");
        assert_eq!(json["class"], "running");
    }

    #[test]
    fn i3blocks_gets_a_full_and_a_short_line() {
        let status = status(Some(running()), Connection::Offline);
        assert_eq!(
            render(BarFormat::I3blocks, Some(&status)),
            "▶ 0:42 Homepage wireframes\n▶ 0:42"
        );
        assert_eq!(shown(Some(&status)).class, "offline");
    }

    #[test]
    fn no_timer_and_no_tray_are_one_line_each() {
        let idle = status(None, Connection::Online);
        let line = render(BarFormat::Polybar, Some(&idle));
        assert!(line.starts_with("■ ") && !line.contains('\n'), "{line}");
        assert_eq!(shown(Some(&idle)).class, "idle");
        let gone = render(BarFormat::Plain, None);
        assert_eq!(gone, t!("bar-not-running"));
        assert!(!gone.contains('\n'));
    }
}
