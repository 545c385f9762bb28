//! The window's Rust side on Tauri's mock runtime: the commands are registered, allowed for
//! the main window by its capability and refused elsewhere, each reaches the daemon over a
//! real local socket, and the daemon's pushed states come out as `status` events.

mod fake_daemon;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tokio::sync::watch;
use worktray_core::api::ScheduleMark;
use worktray_core::away::AwayChoice;
use worktray_core::entries::{EntriesRange, EntryChange, QuickEntry};
use worktray_core::ipc::{
    CoreRequest, DaemonClient, FirstLook, Request, TrayRequest, TypedSecret, View,
};
use worktray_core::presence::AwayPolicy;
use worktray_core::settings::{Settings, WorkHoursReminder};

use crate::keep::{self, Reopenings};
use crate::{app, first_look, follow};
use fake_daemon::{running, status, tasks, FakeDaemon};

const WAIT: Duration = Duration::from_secs(10);

/// A socket path no other test (or a real daemon) uses.
fn temp_socket(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "worktray-window-test-{}-{name}.sock",
        std::process::id()
    ))
}

/// The real app (commands, configuration, capabilities) on the mock runtime, with its window.
fn mock_app(daemon: DaemonClient) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = app::builder(mock_builder(), daemon)
        .build(app::context())
        .expect("build the app on the mock runtime");
    let (page_loaded, _) = watch::channel(false);
    let window =
        app::open_window(&app, page_loaded, &FirstLook::default()).expect("open the window");
    (app, window)
}

/// Calls a command as the page at `tauri://localhost` would.
fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize().expect("a JSON reply"))
}

/// A request of each kind the UI sends, with what the UI does by it.
fn all_requests() -> Vec<(&'static str, Value)> {
    vec![
        ("get_status", json!({ "type": "status", "refresh": false })),
        (
            "refresh_status",
            json!({ "type": "status", "refresh": true }),
        ),
        (
            "start_timer",
            json!({ "type": "start", "task": "101", "on_day_off": false }),
        ),
        ("stop_timer", json!({ "type": "stop", "comment": "done" })),
        ("discard_timer", json!({ "type": "discard" })),
        ("list_tasks", json!({ "type": "tasks", "query": null })),
        ("sign_in_defaults", json!({ "type": "sign_in_defaults" })),
        (
            "sign_in",
            json!({
                "type": "sign_in",
                "client_id": "worktray-demo",
                "client_secret": "typed-secret",
                "redirect_uri": "http://127.0.0.1:53682/callback",
                "scopes": "projects_read tasks_read",
            }),
        ),
        (
            "paste_sign_in",
            json!({
                "type": "paste_sign_in",
                "text": "http://127.0.0.1:53682/callback?code=pasted-code&state=s",
            }),
        ),
        ("reload_sign_in", json!({ "type": "reload_sign_in" })),
        (
            "import_team",
            json!({ "type": "import_team", "path": "/tmp/worktray-team.json" }),
        ),
        ("sign_out", json!({ "type": "sign_out" })),
        (
            "log_time",
            json!({ "type": "log", "entry": quick_entry("101"), "preview_only": false }),
        ),
        (
            "preview_entry",
            json!({ "type": "log", "entry": quick_entry("101"), "preview_only": true }),
        ),
        (
            "list_entries",
            json!({ "type": "entries", "range": { "range": "week" } }),
        ),
        ("sync_queue", json!({ "type": "sync" })),
        (
            "edit_entry",
            json!({
                "type": "edit_entry",
                "id": "9001",
                "change": { "duration": "2h", "comment": null, "date": null, "money": null },
            }),
        ),
        (
            "delete_entry",
            json!({ "type": "delete_entry", "id": "9001" }),
        ),
        (
            "retry_queued",
            json!({ "type": "retry_queued", "queue_id": 3, "corrected": null }),
        ),
        (
            "discard_queued",
            json!({ "type": "discard_queued", "queue_id": 3 }),
        ),
        (
            "days_off",
            json!({ "type": "days_off", "from": "2025-11-01", "to": "2025-11-30" }),
        ),
        (
            "set_days_off",
            json!({
                "type": "set_days_off",
                "range": "2025-11-24..2025-11-25",
                "mark": "vacation",
                "include_weekends": false,
            }),
        ),
        ("list_away", json!({ "type": "away" })),
        (
            "answer_away",
            json!({ "type": "answer_away", "id": 1_764_324_000, "answer": { "choice": "continue" },
                    "kept_minutes": 20 }),
        ),
        ("get_settings", json!({ "type": "settings" })),
        (
            "save_settings",
            json!({ "type": "save_settings", "settings": settings_json() }),
        ),
        (
            "pin_task",
            json!({ "type": "pin_task", "task": "203", "pinned": true }),
        ),
        (
            "start_timer",
            json!({ "type": "start", "task": "305", "on_day_off": true }),
        ),
    ]
}

/// Sends `request` through the window's one daemon command, as the UI does.
fn send(window: &WebviewWindow<MockRuntime>, request: Value) -> Result<Value, Value> {
    invoke(window, "request", json!({ "request": request }))
}

/// Settings as the UI sends them: every field present.
fn settings_json() -> Value {
    json!({
        "long_timer_hours": 6,
        "start_at_login": true,
        "pinned": [],
        "picker_shortcut": null,
        "log_time_shortcut": null,
        "work_hours_reminder": { "start": "09:00", "end": "18:00", "after_minutes": 30 },
        "keep_closed_window_seconds": 0,
        "away_after_minutes": 10,
        "away_time": "ask",
        "stop_timer_on_sleep": false,
        "language": "uk",
    })
}

/// A quick entry as the UI sends it: every field present.
fn quick_entry(task: &str) -> Value {
    json!({
        "task": task,
        "duration": "1:30",
        "date": "yesterday",
        "comment": "Fixed the redirect loop",
        "money": null,
        "at_my_rate": false,
    })
}

#[test]
fn without_a_daemon_every_command_answers_daemon_unreachable() {
    let socket = temp_socket("nobody");
    // The only test that touches the environment: the path comes the way main() gets it.
    std::env::set_var(worktray_core::config::ENV_SOCKET, &socket);
    let path = worktray_core::config::socket_path().expect("socket path");
    assert_eq!(path, socket);
    let (_app, window) = mock_app(DaemonClient::new(path));

    for (cmd, request) in all_requests() {
        let error = send(&window, request).expect_err(cmd);
        assert_eq!(error["code"], "daemon_unreachable", "{cmd}: {error}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&socket.display().to_string()),
            "{cmd}: {message}"
        );
    }
}

#[test]
fn only_the_main_window_may_call_and_only_these_commands() {
    let (app, window) = mock_app(DaemonClient::new(temp_socket("acl")));

    // Not a command of ours, and core commands the capability does not grant.
    for cmd in [
        "open_anything",
        "plugin:window|close",
        "plugin:webview|print",
    ] {
        let error = invoke(&window, cmd, json!({})).expect_err(cmd);
        assert!(error.get("code").is_none(), "{cmd}: {error}");
    }
    // Listening to events is granted.
    let listen = json!({ "event": "status", "target": { "kind": "Any" }, "handler": 7 });
    invoke(&window, "plugin:event|listen", listen).expect("listen is allowed");

    // Another window gets no capability at all.
    let other = WebviewWindowBuilder::new(&app, "other", WebviewUrl::App("index.html".into()))
        .build()
        .expect("a second window");
    for (cmd, request) in all_requests() {
        let error = invoke(&other, "request", json!({ "request": request })).expect_err(cmd);
        let text = error.as_str().unwrap_or_default();
        assert!(text.contains("not allowed"), "{cmd}: {error}");
    }
}

#[test]
fn the_window_refuses_what_it_may_not_send_before_any_daemon_sees_it() {
    let socket = temp_socket("refuse");
    let fake = FakeDaemon::new(status(None));
    tauri::async_runtime::block_on(fake.serve(&socket));
    let (_app, window) = mock_app(DaemonClient::new(socket));
    for request in [
        json!({ "type": "whoami" }),
        json!({ "type": "open_window", "view": "settings" }),
    ] {
        let refused = send(&window, request.clone()).expect_err("refused");
        assert_eq!(refused["code"], "window", "{request}: {refused}");
    }
    assert_eq!(fake.requests(), []);
}

/// The request types `permissions/daemon.toml` names in backticks.
fn permitted_in_the_permission_file() -> Vec<String> {
    let file = include_str!("../permissions/daemon.toml");
    let description = file
        .lines()
        .find_map(|line| line.strip_prefix("description = "))
        .expect("a description");
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_permission_file_names_exactly_the_requests_the_window_lets_through() {
    let mut sent: Vec<String> = all_requests()
        .into_iter()
        .map(|(_, request)| request["type"].as_str().expect("a type").to_owned())
        .collect();
    sent.sort();
    sent.dedup();
    for (_, request) in all_requests() {
        let request: Request = serde_json::from_value(request).expect("a request");
        assert!(crate::commands::window_may_send(&request), "{request:?}");
    }
    let mut permitted = permitted_in_the_permission_file();
    permitted.sort();
    assert_eq!(permitted, sent);
    for refused in [
        Request::Core(CoreRequest::Whoami),
        Request::Tray(TrayRequest::OpenWindow { view: None }),
    ] {
        assert!(!crate::commands::window_may_send(&refused), "{refused:?}");
    }
}

#[test]
fn the_first_look_carries_the_state_my_tasks_and_the_pinned_ones_to_the_page() {
    let socket = temp_socket("first-look");
    let running = status(Some(running(tasks()[1].clone(), 600)));
    let fake = FakeDaemon::new(running.clone());
    tauri::async_runtime::block_on(fake.serve(&socket));
    let daemon = DaemonClient::new(socket);
    let pin = TrayRequest::PinTask {
        task: tasks()[2].id.to_string(),
        pinned: true,
    };
    tauri::async_runtime::block_on(daemon.call(pin.into())).expect("pinned");

    let asked = first_look::ask(daemon);
    let look = first_look::take(asked, Some(View::LogTime));
    assert_eq!(look.view, Some(View::LogTime));
    assert_eq!(look.status, Some(running));
    assert_eq!(look.tasks, Some(tasks()));
    assert_eq!(look.pinned, Some(vec![tasks()[2].id.clone()]));

    // What the page reads is that, as JSON, under the name the UI knows.
    let script = first_look::script(&look);
    let json = script
        .strip_prefix("window.__WORKTRAY_FIRST_LOOK__ = ")
        .and_then(|rest| rest.strip_suffix(';'))
        .expect("an assignment to the page's global");
    assert_eq!(serde_json::from_str::<FirstLook>(json).expect("JSON"), look);
}

#[test]
fn a_part_the_daemon_is_slow_to_give_is_left_out_and_the_rest_shown() {
    let socket = temp_socket("first-look-slow");
    let running = status(Some(running(tasks()[0].clone(), 60)));
    let fake = FakeDaemon::new(running.clone());
    fake.slow_tasks(Duration::from_secs(3));
    tauri::async_runtime::block_on(fake.serve(&socket));

    let began = std::time::Instant::now();
    let look = first_look::take(first_look::ask(DaemonClient::new(socket)), None);
    assert!(
        began.elapsed() < Duration::from_secs(1),
        "{:?}",
        began.elapsed()
    );
    assert_eq!(look.status, Some(running));
    assert_eq!(look.pinned, Some(Vec::new()));
    assert_eq!(look.tasks, None);
}

#[test]
fn without_a_daemon_the_first_look_is_only_the_view_and_the_page_asks_itself() {
    let asked = first_look::ask(DaemonClient::new(temp_socket("first-look-none")));
    let look = first_look::take(asked, Some(View::DaysOff));
    assert_eq!(
        look,
        FirstLook {
            view: Some(View::DaysOff),
            ..FirstLook::default()
        }
    );
}

#[test]
fn commands_reach_the_daemon_and_its_states_become_status_events() {
    let socket = temp_socket("fake");
    let fake = FakeDaemon::new(status(Some(running(tasks()[0].clone(), 5100))));
    tauri::async_runtime::block_on(fake.serve(&socket));
    let (app, window) = mock_app(DaemonClient::new(socket.clone()));

    let (events, received) = mpsc::channel::<Value>();
    app.listen_any(follow::STATUS_EVENT, move |event| {
        let payload = serde_json::from_str(event.payload()).expect("a JSON payload");
        let _ = events.send(payload);
    });
    let handle = app.handle().clone();
    let daemon = DaemonClient::new(socket.clone());
    let following =
        tauri::async_runtime::spawn(async move { follow::follow(&handle, &daemon).await });

    // A new subscriber gets the current state first, then every state the daemon pushes.
    let first = received.recv_timeout(WAIT).expect("the current state");
    assert_eq!(first["timer"]["elapsed_text"], "1:25");
    assert_eq!(first["timer"]["task"]["name"], "Fix login redirect");
    fake.publish(status(Some(running(tasks()[0].clone(), 5160))));
    let next = received.recv_timeout(WAIT).expect("the pushed state");
    assert_eq!(next["timer"]["elapsed_text"], "1:26");
    assert_eq!(next["connection"], "online");

    // The tray asks the open window for another view.
    let (views, shown) = mpsc::channel::<Value>();
    app.listen_any(follow::SHOW_VIEW_EVENT, move |event| {
        let payload = serde_json::from_str(event.payload()).expect("a JSON payload");
        let _ = views.send(payload);
    });
    fake.show_view(View::DaysOff);
    assert_eq!(shown.recv_timeout(WAIT).expect("a view"), json!("days_off"));

    let current = send(&window, json!({ "type": "status", "refresh": false })).expect("status");
    assert_eq!(current["timer"]["elapsed_seconds"], 5160);

    let found = send(&window, json!({ "type": "tasks", "query": "billing" })).expect("list");
    let names: Vec<&str> = found["tasks"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["Invoice template", "Quarterly report"]);

    let started = send(&window, json!({ "type": "start", "task": "203" })).expect("start");
    assert_eq!(started["stopped_first"]["task"]["id"], "101");
    assert_eq!(
        started["status"]["timer"]["task"]["name"],
        "Invoice template"
    );

    let stopped = send(
        &window,
        json!({ "type": "stop", "comment": "Sent to Olga" }),
    );
    assert_eq!(stopped.expect("stop")["stopped"]["task"]["id"], "203");

    let refused = send(&window, json!({ "type": "start", "task": "999" })).expect_err("999");
    assert_eq!(
        refused,
        json!({ "code": "task_not_found", "message": "no open task matches \"999\"" })
    );

    let asked: Vec<Request> = fake
        .requests()
        .into_iter()
        .filter(|r| !matches!(r, Request::Core(CoreRequest::Status { .. })))
        .collect();
    assert_eq!(
        asked,
        [
            Request::Core(CoreRequest::Tasks {
                query: Some("billing".into())
            }),
            Request::Core(CoreRequest::Start {
                task: "203".into(),
                on_day_off: false,
                since: None,
            }),
            Request::Core(CoreRequest::Stop {
                comment: Some("Sent to Olga".into())
            }),
            Request::Core(CoreRequest::Start {
                task: "999".into(),
                on_day_off: false,
                since: None,
            }),
        ]
    );

    // The daemon quits: following ends and says why.
    fake.shut_down();
    let reason =
        tauri::async_runtime::block_on(async { tokio::time::timeout(WAIT, following).await })
            .expect("following ends when the daemon goes away")
            .expect("the following task did not panic");
    assert_eq!(reason.code, worktray_core::ErrorCode::DaemonUnreachable);
}

#[test]
fn sign_in_entries_and_days_off_reach_the_daemon_as_typed_requests() {
    let socket = temp_socket("forms");
    let fake = FakeDaemon::new(status(None));
    tauri::async_runtime::block_on(fake.serve(&socket));
    let (_app, window) = mock_app(DaemonClient::new(socket));

    let mut replies = Vec::new();
    for (cmd, request) in all_requests().into_iter().skip(6) {
        replies.push((
            cmd,
            send(&window, request).unwrap_or_else(|e| panic!("{cmd}: {e}")),
        ));
    }
    let reply = |name: &str| {
        replies
            .iter()
            .find(|(cmd, _)| *cmd == name)
            .map(|(_, reply)| reply.clone())
            .expect("a reply")
    };
    assert_eq!(reply("sign_in_defaults")["has_client_secret"], true);
    assert_eq!(reply("sign_in")["name"], "Anna Kovalenko");
    assert_eq!(reply("paste_sign_in"), json!({ "type": "done" }));
    assert_eq!(reply("reload_sign_in"), json!({ "type": "done" }));
    assert_eq!(reply("import_team")["defaults"]["client_id"], "team-app");
    assert_eq!(reply("sign_out")["connection"], "signed_out");
    assert_eq!(
        reply("log_time")["outcome"],
        json!({ "state": "sent", "message": null })
    );
    assert_eq!(
        reply("preview_entry")["preview"],
        "1 h 30 min on Fri 28 Nov — Fix login redirect"
    );
    assert_eq!(reply("list_entries")["days"][0]["date"], "2025-11-28");
    assert_eq!(
        reply("list_entries")["days"][0]["entries"][0]["state"],
        "saved"
    );
    assert_eq!(reply("sync_queue")["sent"], 1);
    assert_eq!(reply("edit_entry")["state"], "sent");
    assert_eq!(reply("delete_entry")["state"], "sent");
    assert_eq!(reply("retry_queued")["pending"], 0);
    assert_eq!(reply("discard_queued"), json!({ "type": "done" }));
    assert_eq!(reply("days_off")["days"][0]["kind"], "vacation");
    assert_eq!(
        reply("set_days_off")["outcome"]["message"],
        "Days added: 2, days updated: 0"
    );
    assert_eq!(reply("list_away")["periods"][0]["minutes"], 72);
    assert_eq!(reply("answer_away")["answer"]["choice"], "continue");
    assert_eq!(reply("get_settings")["long_timer_hours"], 8);
    assert_eq!(reply("save_settings")["long_timer_hours"], 6);
    assert_eq!(reply("save_settings")["start_at_login"], true);
    assert_eq!(
        reply("save_settings")["work_hours_reminder"],
        json!({ "start": "09:00", "end": "18:00", "after_minutes": 30 })
    );
    assert_eq!(reply("pin_task")["pinned"][0]["name"], "Invoice template");
    assert_eq!(reply("pin_task")["long_timer_hours"], 6);
    assert_eq!(
        reply("start_timer")["status"]["timer"]["task"]["name"],
        "Onboarding checklist"
    );

    let entry = || QuickEntry {
        task: "101".into(),
        duration: "1:30".into(),
        date: Some("yesterday".into()),
        comment: Some("Fixed the redirect loop".into()),
        money: None,
        at_my_rate: false,
    };
    assert_eq!(
        fake.requests(),
        [
            Request::Tray(TrayRequest::SignInDefaults),
            Request::Tray(TrayRequest::SignIn {
                client_id: "worktray-demo".into(),
                client_secret: Some(TypedSecret("typed-secret".into())),
                redirect_uri: "http://127.0.0.1:53682/callback".into(),
                scopes: "projects_read tasks_read".into(),
            }),
            Request::Tray(TrayRequest::PasteSignIn {
                text: TypedSecret(
                    "http://127.0.0.1:53682/callback?code=pasted-code&state=s".into()
                ),
            }),
            Request::Tray(TrayRequest::ReloadSignIn),
            Request::Tray(TrayRequest::ImportTeam {
                path: "/tmp/worktray-team.json".into(),
            }),
            Request::Tray(TrayRequest::SignOut),
            Request::Core(CoreRequest::Log {
                entry: entry(),
                preview_only: false,
            }),
            Request::Core(CoreRequest::Log {
                entry: entry(),
                preview_only: true,
            }),
            Request::Core(CoreRequest::Entries {
                range: EntriesRange::Week,
            }),
            Request::Core(CoreRequest::Sync),
            Request::Core(CoreRequest::EditEntry {
                id: "9001".into(),
                change: EntryChange {
                    duration: Some("2h".into()),
                    ..EntryChange::default()
                },
            }),
            Request::Core(CoreRequest::DeleteEntry { id: "9001".into() }),
            Request::Core(CoreRequest::RetryQueued {
                queue_id: 3,
                corrected: None,
            }),
            Request::Core(CoreRequest::DiscardQueued { queue_id: 3 }),
            Request::Core(CoreRequest::DaysOff {
                from: "2025-11-01".into(),
                to: "2025-11-30".into(),
            }),
            Request::Core(CoreRequest::SetDaysOff {
                range: "2025-11-24..2025-11-25".into(),
                mark: ScheduleMark::Vacation,
                include_weekends: false,
            }),
            Request::Core(CoreRequest::Away),
            Request::Core(CoreRequest::AnswerAway {
                id: Some(1_764_324_000),
                answer: AwayChoice::Continue,
                kept_minutes: 20,
            }),
            Request::Tray(TrayRequest::Settings),
            Request::Tray(TrayRequest::SaveSettings {
                settings: Settings {
                    long_timer_hours: Some(6),
                    start_at_login: true,
                    pinned: Vec::new(),
                    picker_shortcut: None,
                    log_time_shortcut: None,
                    work_hours_reminder: Some(WorkHoursReminder {
                        start: "09:00".into(),
                        end: "18:00".into(),
                        after_minutes: 30,
                    }),
                    keep_closed_window_seconds: 0,
                    away_after_minutes: 10,
                    away_time: AwayPolicy::Ask,
                    stop_timer_on_sleep: false,
                    language: worktray_core::i18n::LanguageChoice::Uk,
                },
            }),
            Request::Tray(TrayRequest::PinTask {
                task: "203".into(),
                pinned: true,
            }),
            Request::Core(CoreRequest::Start {
                task: "305".into(),
                on_day_off: true,
                since: None,
            }),
        ]
    );

    // Today off: the first start is refused with its own code; the UI asks, then confirms.
    let refused = send(&window, json!({ "type": "start", "task": "305" })).expect_err("day off");
    assert_eq!(refused["code"], "day_off");
    assert!(matches!(
        fake.requests().last(),
        Some(Request::Core(CoreRequest::Start {
            on_day_off: false,
            ..
        }))
    ));
    // The daemon's refusal of a setting reaches the UI word for word.
    let mut shortcut = settings_json();
    shortcut["picker_shortcut"] = json!("ctrl+alt+KeyT");
    let refused = send(
        &window,
        json!({ "type": "save_settings", "settings": shortcut }),
    )
    .expect_err("no shortcuts here");
    assert_eq!(
        refused,
        json!({
            "code": "invalid_input",
            "message": "global shortcuts are not available on Wayland; use the desktop's own settings",
        })
    );

    // The daemon's refusals come back structured, as for the timer commands.
    let preview = json!({ "type": "log", "entry": quick_entry("999"), "preview_only": true });
    let refused = send(&window, preview).expect_err("unknown task");
    assert_eq!(refused["code"], "task_not_found");
    let sign_in = json!({
        "type": "sign_in", "client_id": "", "client_secret": null, "redirect_uri": "", "scopes": "",
    });
    let refused = send(&window, sign_in).expect_err("no client id");
    assert_eq!(
        refused,
        json!({ "code": "invalid_input", "message": "give the client id of your Worksection app" })
    );
    // A secret left empty is sent as none: the daemon keeps the one in the keyring.
    assert!(matches!(
        fake.requests().last(),
        Some(Request::Tray(TrayRequest::SignIn {
            client_secret: None,
            ..
        }))
    ));
}

#[test]
fn a_closed_window_ends_at_once_unless_kept_and_a_kept_one_lives_on_when_reopened() {
    let socket = temp_socket("keep");
    let fake = FakeDaemon::new(status(None));
    tauri::async_runtime::block_on(fake.serve(&socket));
    let (app, _window) = mock_app(DaemonClient::new(socket.clone()));
    let handle = app.handle().clone();
    let following_daemon = DaemonClient::new(socket.clone());
    tauri::async_runtime::spawn(async move { follow::follow(&handle, &following_daemon).await });
    let daemon = DaemonClient::new(socket);
    let reopenings = app.state::<Reopenings>();
    let closed = |what: &str| {
        tauri::async_runtime::block_on(async {
            tokio::time::timeout(WAIT, keep::ends_after_close(&daemon, &reopenings)).await
        })
        .unwrap_or_else(|_| panic!("{what}: the wait after the close never ended"))
    };

    assert!(
        closed("default"),
        "by default the process ends with its window"
    );

    let mut settings = Settings {
        keep_closed_window_seconds: 1,
        ..Settings::default()
    };
    let save = |settings: &Settings| {
        let request = TrayRequest::SaveSettings {
            settings: settings.clone(),
        };
        tauri::async_runtime::block_on(daemon.ask::<Settings>(request)).expect("saved");
    };
    save(&settings);
    assert!(
        closed("kept, not reopened"),
        "ends once the kept time is over"
    );

    let reopener = fake.clone();
    let reopen = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        reopener.show_view(View::Timer);
    });
    assert!(
        !closed("kept and reopened"),
        "a window reopened from the tray while kept stays"
    );
    reopen.join().expect("reopened");

    settings.keep_closed_window_seconds = 0;
    save(&settings);
    assert!(
        closed("back to 0"),
        "a changed setting applies to the next close"
    );
}

/// Not a test: a fake daemon to look at the real window with data. In one shell
/// `WORKTRAY_SOCKET=/tmp/wt.sock cargo test -p worktray-window -- --ignored --nocapture
/// serve_a_fake_daemon`, in another `WORKTRAY_SOCKET=/tmp/wt.sock target/debug/worktray-window`.
/// `WORKTRAY_FAKE_SECONDS` (default 120) says how long it serves before it quits.
#[test]
#[ignore = "manual: serves a fake daemon for a look at the real window"]
fn serve_a_fake_daemon() {
    let socket = worktray_core::config::socket_path().expect("socket path");
    let seconds: u64 = std::env::var("WORKTRAY_FAKE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    let idle = std::env::var_os("WORKTRAY_FAKE_IDLE").is_some();
    let timer = (!idle).then(|| running(tasks()[0].clone(), 5100));
    let fake = FakeDaemon::new(status(timer));
    tauri::async_runtime::block_on(async {
        fake.serve(&socket).await;
        println!("fake daemon on {} for {seconds} s", socket.display());
        tokio::time::sleep(Duration::from_secs(seconds)).await;
    });
    fake.shut_down();
    std::thread::sleep(Duration::from_millis(200));
}
