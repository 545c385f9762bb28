//! A fake Worksection for the core's unit tests: one user's timer and saved timer rows over
//! real HTTP on loopback, every action it was asked for, and answers that can be held back
//! until a test lets them go. Only what the tracker's timer rules ask for is served; the rest
//! answers with nothing (no tasks, no projects, no schedule).

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::api::{ApiClient, FixedToken};
use crate::gate::RequestGate;
use crate::secret::Secret;

/// Who a fake account is.
#[derive(Clone)]
pub(crate) struct User {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
}

#[derive(Clone)]
pub(crate) struct FakeApi {
    url: String,
    state: Arc<Mutex<State>>,
    /// Permits for held answers: one per answer let go.
    released: Arc<Semaphore>,
}

struct State {
    user: User,
    /// The running timer's task id.
    timer: Option<String>,
    /// How long it has run, in seconds, as `get_my_timer` says.
    timer_seconds: u64,
    /// Timer rows saved by stops: (task id, comment).
    saved: Vec<(String, String)>,
    /// Every action asked for, in order of arrival.
    calls: Vec<String>,
    /// Answers to this action wait for [`FakeApi::release`].
    held: Option<&'static str>,
}

impl FakeApi {
    pub(crate) async fn start(user: User) -> FakeApi {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let api = FakeApi {
            url,
            state: Arc::new(Mutex::new(State {
                user,
                timer: None,
                timer_seconds: 60,
                saved: Vec::new(),
                calls: Vec::new(),
                held: None,
            })),
            released: Arc::new(Semaphore::new(0)),
        };
        let serving = api.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let serving = serving.clone();
                tokio::spawn(async move { serving.serve(stream).await });
            }
        });
        api
    }

    /// A client of this account, with no spacing between requests.
    pub(crate) fn client(&self) -> ApiClient {
        ApiClient::new(
            crate::api::http_client().expect("client"),
            &self.url,
            Arc::new(FixedToken(Secret::new("fake-token"))),
            RequestGate::with_spacing(std::time::Duration::ZERO),
        )
        .expect("api")
    }

    pub(crate) fn run_timer_on(&self, task: &str) {
        self.lock().timer = Some(task.to_owned());
    }

    /// A timer on `task` that has run `seconds`.
    pub(crate) fn run_timer_for(&self, task: &str, seconds: u64) {
        let mut state = self.lock();
        state.timer = Some(task.to_owned());
        state.timer_seconds = seconds;
    }

    /// The timer stops in the web app or on a phone (nothing is saved here).
    pub(crate) fn stop_timer_elsewhere(&self) {
        self.lock().timer = None;
    }

    pub(crate) fn timer(&self) -> Option<String> {
        self.lock().timer.clone()
    }

    pub(crate) fn saved(&self) -> Vec<(String, String)> {
        self.lock().saved.clone()
    }

    /// The writes asked for (reads left out), in order.
    pub(crate) fn writes(&self) -> Vec<String> {
        self.lock()
            .calls
            .iter()
            .filter(|action| !action.starts_with("get_") && *action != "me")
            .cloned()
            .collect()
    }

    pub(crate) fn calls_of(&self, action: &str) -> usize {
        self.lock().calls.iter().filter(|a| *a == action).count()
    }

    /// Answers to `action` wait until [`FakeApi::release`].
    pub(crate) fn hold(&self, action: &'static str) {
        self.lock().held = Some(action);
    }

    /// Lets the held answers go.
    pub(crate) fn release(&self) {
        self.lock().held = None;
        self.released.add_permits(Semaphore::MAX_PERMITS / 2);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn serve(&self, stream: tokio::net::TcpStream) {
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).await.is_err() {
            return;
        }
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await.unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let action = request_line
            .split_whitespace()
            .nth(1)
            .and_then(|target| url::Url::parse(&format!("http://fake{target}")).ok())
            .and_then(|url| {
                url.query_pairs()
                    .find(|(key, _)| key == "action")
                    .map(|(_, value)| value.into_owned())
            })
            .unwrap_or_default();
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let held = {
            let mut state = self.lock();
            state.calls.push(action.clone());
            state.held == Some(action.as_str())
        };
        if held {
            let _ = self.released.acquire().await.map(|permit| permit.forget());
        }
        let answer = self.answer(&action, &body).to_string();
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        );
        let mut stream = reader.into_inner();
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    }

    fn answer(&self, action: &str, body: &Value) -> Value {
        let mut state = self.lock();
        let ok = |data: Value| json!({"status": "ok", "data": data});
        let refused =
            |message: &str| json!({"status": "error", "status_code": 1, "message": message});
        match action {
            "me" => ok(json!({
                "id": state.user.id,
                "name": state.user.name,
                "email": format!("{}@example.com", state.user.id),
            })),
            "get_my_timer" => match &state.timer {
                Some(task) => ok(json!({
                    "time": state.timer_seconds,
                    "date_started": "2026-12-02 10:00",
                    "task": {
                        "id": task,
                        "name": format!("Task {task}"),
                        "page": format!("/project/1/{task}/"),
                        "project": {"id": "1", "name": "Project", "page": "/project/1/"},
                    },
                })),
                None => ok(Value::Null),
            },
            "start_my_timer" if state.timer.is_some() => refused("Timer already started"),
            "start_my_timer" => {
                let task = match &body["id_task"] {
                    Value::String(id) => id.clone(),
                    other => other.to_string(),
                };
                state.timer = Some(task);
                state.timer_seconds = 0;
                json!({"status": "ok"})
            }
            "stop_my_timer" => match state.timer.take() {
                Some(task) => {
                    let comment = body["comment"].as_str().unwrap_or_default().to_owned();
                    state.saved.push((task, comment));
                    json!({"status": "ok"})
                }
                None => refused("Timer not started"),
            },
            "delete_my_timer" => match state.timer.take() {
                Some(_) => json!({"status": "ok"}),
                None => refused("Timer not started"),
            },
            "get_users_schedule" => ok(json!({})),
            _ => ok(json!([])),
        }
    }
}
