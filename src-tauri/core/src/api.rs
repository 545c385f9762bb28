//! The Worksection API client: one HTTP client, one gate, typed calls.
//!
//! Requests are sent the way the vendor's newest SDK sends them: `action` in the query string,
//! reads with their few parameters in the query string, writes as `POST` with a JSON body. The
//! access token travels only in the `Authorization` header, never in a URL (URLs end up in
//! proxy and server logs).

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use url::Url;

use crate::error::{ConfigError, Error, Result};
use crate::gate::{Priority, RequestGate, Turn};
use crate::models::{CostRow, CostsPage, Id, Me, Project, RunningTimer, Task, UserSchedule};
use crate::parse::format_ws_date;
use crate::secret::Secret;

mod answer;
mod error;
mod params;

pub use answer::{decode, decode_answer, decode_timer};
use answer::{first_of_one, interpret, transport_error};
pub use error::{ApiError, NetworkFailure};
use params::{params, query_text};
pub use params::{CostAmount, CostChange, CostFilter, NewCost, ScheduleMark, TaskSearch};

pub const USER_AGENT: &str = concat!(
    "Worktray/",
    env!("CARGO_PKG_VERSION"),
    " (desktop time tracker)"
);

/// The one function that builds the HTTP client, so every request of the app has the same
/// timeouts and user agent.
pub fn http_client() -> Result<reqwest::Client> {
    http_client_with_timeout(Duration::from_secs(30))
}

/// The same client with another overall timeout (fault tests use a short one).
pub fn http_client_with_timeout(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(10).min(timeout))
        .timeout(timeout)
        // Neither the API nor the token endpoints redirect; following one could leak a token.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ApiError::HttpClient(e).into())
}

/// Where the access token comes from. The OAuth2 session implements it with refresh; a token
/// from the environment implements it without.
pub trait TokenSource: Send + Sync {
    /// The token to send now.
    fn access_token(&self) -> Pin<Box<dyn Future<Output = Result<Secret>> + Send + '_>>;
    /// The server rejected `rejected` (HTTP 401): a token to retry with, or `None` when this
    /// source cannot renew. Concurrent callers with the same rejected token share one renewal,
    /// and a caller whose token was already replaced gets the replacement without a refresh.
    fn renew(
        &self,
        rejected: Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Secret>>> + Send + '_>>;
    /// Why the tokens are not safely kept (a renewed pair the keyring refused), watched;
    /// `None` for a source that keeps nothing.
    fn problems(&self) -> Option<tokio::sync::watch::Receiver<Option<String>>> {
        None
    }
}

/// A fixed token, as given in `WORKTRAY_ACCESS_TOKEN`. It cannot be renewed.
pub struct FixedToken(pub Secret);

impl TokenSource for FixedToken {
    fn access_token(&self) -> Pin<Box<dyn Future<Output = Result<Secret>> + Send + '_>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn renew(
        &self,
        _rejected: Secret,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Secret>>> + Send + '_>> {
        Box::pin(async { Ok(None) })
    }
}

/// Checks an account URL from the environment, a token answer or a config file: HTTPS, or
/// plain HTTP on a loopback address (the simulator).
pub fn validate_account_url(text: &str) -> Result<Url> {
    let url = Url::parse(text.trim()).map_err(|source| ConfigError::AccountUrl {
        text: text.to_owned(),
        source,
    })?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(ConfigError::InsecureAccountUrl {
            text: text.to_owned(),
        }
        .into()),
    }
}

#[derive(Clone, Copy)]
enum Send_ {
    /// `GET` with parameters in the query string.
    Read,
    /// `POST` with a JSON body.
    Write,
}

/// A cheap, cloneable handle to the API. All clones share one HTTP client and one gate.
#[derive(Clone)]
pub struct ApiClient {
    shared: Arc<Shared>,
    priority: Priority,
}

struct Shared {
    http: reqwest::Client,
    endpoint: Url,
    account_url: Url,
    tokens: Arc<dyn TokenSource>,
    gate: RequestGate,
}

impl ApiClient {
    /// `http` is the process's one client ([`http_client`]); `gate` its one request gate.
    pub fn new(
        http: reqwest::Client,
        account_url: &str,
        tokens: Arc<dyn TokenSource>,
        gate: RequestGate,
    ) -> Result<Self> {
        let account_url = validate_account_url(account_url)?;
        let endpoint = account_url
            .join("api/oauth2")
            .map_err(ConfigError::ApiEndpoint)?;
        Ok(ApiClient {
            shared: Arc::new(Shared {
                http,
                endpoint,
                account_url,
                tokens,
                gate,
            }),
            priority: Priority::UserAction,
        })
    }

    /// Why the sign-in is not safely kept, watched (see [`TokenSource::problems`]).
    pub fn sign_in_problems(&self) -> Option<tokio::sync::watch::Receiver<Option<String>>> {
        self.shared.tokens.problems()
    }

    /// The same client, for requests nobody is waiting for.
    pub fn background(&self) -> ApiClient {
        ApiClient {
            shared: self.shared.clone(),
            priority: Priority::Background,
        }
    }

    pub fn account_url(&self) -> &Url {
        &self.shared.account_url
    }

    /// The web link of a task or project `page` (`/project/P/T/`).
    pub fn web_link(&self, page: &str) -> String {
        self.shared
            .account_url
            .join(page)
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    pub fn gate(&self) -> &RequestGate {
        &self.shared.gate
    }

    /// Waits for the gate. A background request waits out a pause Worksection asked for; one
    /// somebody waits for waits out only a short one (`gate::PATIENCE`) and is otherwise
    /// refused at once with the moment the pause ends, so that person hears when to try again
    /// instead of waiting a minute in silence.
    async fn pass_gate(&self) -> Result<Turn> {
        match self.priority {
            Priority::Background => self.shared.gate.acquire(self.priority).await,
            _ => self.shared.gate.acquire_unless_paused(self.priority).await,
        }
    }

    async fn send_once(
        &self,
        action: &str,
        params: &Map<String, Value>,
        how: Send_,
        token: &Secret,
    ) -> Result<Value> {
        let mut url = self.shared.endpoint.clone();
        url.query_pairs_mut().append_pair("action", action);
        let request = match how {
            Send_::Read => {
                {
                    let mut query = url.query_pairs_mut();
                    for (key, value) in params {
                        query.append_pair(key, &query_text(value));
                    }
                }
                self.shared.http.get(url)
            }
            Send_::Write => self.shared.http.post(url).json(params),
        };
        let response = request
            .bearer_auth(token.expose())
            .send()
            .await
            .map_err(|e| transport_error(&e))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| transport_error(&e))?;
        interpret(action, status.as_u16(), &body)
    }

    async fn send(&self, action: &str, params: Map<String, Value>, how: Send_) -> Result<Value> {
        let mut token = self.shared.tokens.access_token().await?;
        let mut renewed = false;
        let mut refused = false;
        loop {
            let turn = self.pass_gate().await?;
            let answer = self.send_once(action, &params, how, &token).await;
            // The pause Worksection asked for is recorded before the turn is given back, so
            // that nobody (here or in another process) goes in between.
            let paused_until = matches!(answer, Err(Error::Api(ApiError::RateLimited { .. })))
                .then(|| self.shared.gate.rate_limited());
            drop(turn);
            match answer {
                Ok(envelope) => {
                    self.shared.gate.succeeded();
                    return Ok(envelope);
                }
                // Not applied. A request somebody waits for goes once more: a single refusal is
                // usually a request that arrived a little early (on a slow network, or from
                // another process's turn), and its short pause is waited out at the gate, while
                // a longer one fails the next pass at once with the moment to try again.
                // Otherwise whoever asked tries again after the pause: the poller and the
                // outbox on their own, a person when the message says.
                Err(Error::Api(ApiError::RateLimited { .. })) => {
                    if !refused && self.priority != Priority::Background {
                        refused = true;
                        continue;
                    }
                    return Err(Error::Api(ApiError::RateLimited {
                        retry_at: paused_until,
                    }));
                }
                // An expired token, or one revoked by a refresh that ran meanwhile: renew once.
                Err(Error::Api(error)) if error.is_token_refused() && !renewed => {
                    renewed = true;
                    match self.shared.tokens.renew(token).await? {
                        Some(renewed_token) => token = renewed_token,
                        None => return Err(error.into()),
                    }
                }
                Err(other) => return Err(other),
            }
        }
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        action: &str,
        params: Map<String, Value>,
    ) -> Result<T> {
        let envelope = self.send(action, params, Send_::Read).await?;
        decode(action, envelope.get("data").cloned().unwrap_or(Value::Null))
    }

    async fn write(&self, action: &str, params: Map<String, Value>) -> Result<Value> {
        self.send(action, params, Send_::Write).await
    }

    /// The signed-in user.
    pub async fn me(&self) -> Result<Me> {
        let data = self
            .send("me", Map::new(), Send_::Read)
            .await?
            .get("data")
            .cloned();
        decode("me", first_of_one(data.unwrap_or(Value::Null)))
    }

    /// The running timer, or `None` when nothing runs (the server says so with an absent,
    /// null, empty-array or empty-object `data`).
    pub async fn my_timer(&self) -> Result<Option<RunningTimer>> {
        let data = self
            .send("get_my_timer", Map::new(), Send_::Read)
            .await?
            .get("data")
            .cloned();
        decode_timer(data)
    }

    pub async fn start_my_timer(&self, task: &Id) -> Result<()> {
        self.write("start_my_timer", params([("id_task", json!(task))]))
            .await
            .map(drop)
    }

    /// Stops the running timer; the server saves it as a cost row.
    pub async fn stop_my_timer(&self, comment: Option<&str>) -> Result<()> {
        let mut body = Map::new();
        if let Some(comment) = comment.filter(|c| !c.trim().is_empty()) {
            body.insert("comment".into(), json!(comment));
        }
        self.write("stop_my_timer", body).await.map(drop)
    }

    /// Discards the running timer without saving a cost row.
    pub async fn delete_my_timer(&self) -> Result<()> {
        self.write("delete_my_timer", Map::new()).await.map(drop)
    }

    /// Projects; with `with_options` their time-entry restrictions too.
    pub async fn projects(&self, filter: Option<&str>, with_options: bool) -> Result<Vec<Project>> {
        let mut query = Map::new();
        if let Some(filter) = filter {
            query.insert("filter".into(), json!(filter));
        }
        if with_options {
            query.insert("extra".into(), json!("options"));
        }
        self.fetch("get_projects", query).await
    }

    pub async fn task(&self, task: &Id) -> Result<Task> {
        let data = self
            .send("get_task", params([("id_task", json!(task))]), Send_::Read)
            .await?;
        decode(
            "get_task",
            first_of_one(data.get("data").cloned().unwrap_or(Value::Null)),
        )
    }

    /// Open tasks assigned to `email`: the cheapest "my tasks" query.
    pub async fn my_open_tasks(&self, email: &str) -> Result<Vec<Task>> {
        self.search_tasks(&TaskSearch {
            assignee_email: Some(email.to_owned()),
            open_only: true,
            ..Default::default()
        })
        .await
    }

    pub async fn search_tasks(&self, search: &TaskSearch) -> Result<Vec<Task>> {
        let mut query = Map::new();
        if let Some(email) = &search.assignee_email {
            query.insert("email_user_to".into(), json!(email));
        }
        if let Some(project) = &search.project {
            query.insert("id_project".into(), json!(project));
        }
        if let Some(filter) = &search.filter {
            query.insert("filter".into(), json!(filter));
        }
        if search.open_only {
            query.insert("status".into(), json!("active"));
        }
        self.fetch("search_tasks", query).await
    }

    pub async fn costs(&self, filter: &CostFilter) -> Result<CostsPage> {
        let envelope = self
            .send("get_costs", filter.to_params(), Send_::Read)
            .await?;
        let rows: Vec<CostRow> = decode(
            "get_costs",
            envelope.get("data").cloned().unwrap_or(json!([])),
        )?;
        let total = match envelope.get("total") {
            Some(total) => Some(decode("get_costs.total", total.clone())?),
            None => None,
        };
        Ok(CostsPage { rows, total })
    }

    /// Adds a cost row and returns its id.
    pub async fn add_costs(&self, cost: &NewCost) -> Result<Id> {
        let mut body = params([("id_task", json!(cost.task))]);
        cost.amount.write_into(&mut body);
        if let Some(comment) = &cost.comment {
            body.insert("comment".into(), json!(comment));
        }
        if let Some(date) = cost.date {
            body.insert("date".into(), json!(format_ws_date(date)));
        }
        let envelope = self.write("add_costs", body).await?;
        decode(
            "add_costs.id",
            envelope.get("id").cloned().unwrap_or(Value::Null),
        )
    }

    pub async fn update_costs(&self, id: &Id, change: &CostChange) -> Result<()> {
        let mut body = params([("id_costs", json!(id))]);
        if let Some(amount) = &change.amount {
            amount.write_into(&mut body);
        }
        if let Some(comment) = &change.comment {
            body.insert("comment".into(), json!(comment));
        }
        if let Some(date) = change.date {
            body.insert("date".into(), json!(format_ws_date(date)));
        }
        self.write("update_costs", body).await.map(drop)
    }

    pub async fn delete_costs(&self, id: &Id) -> Result<()> {
        self.write("delete_costs", params([("id_costs", json!(id))]))
            .await
            .map(drop)
    }

    /// Schedules (vacation, sick leave, weekend workdays) of `users` (emails or ids) between two
    /// dates, inclusive.
    pub async fn users_schedule(
        &self,
        users: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UserSchedule>> {
        let mut query = params([
            ("datestart", json!(format_ws_date(from))),
            ("dateend", json!(format_ws_date(to))),
        ]);
        if !users.is_empty() {
            query.insert("users".into(), json!(users.join(",")));
        }
        let by_user: BTreeMap<String, UserSchedule> =
            match self.fetch::<Value>("get_users_schedule", query).await? {
                Value::Array(items) if items.is_empty() => BTreeMap::new(),
                other => decode("get_users_schedule", other)?,
            };
        Ok(by_user.into_values().collect())
    }

    /// Sets or clears schedule marks. `changes` maps a user (email or id) to dates and marks.
    /// Sent as a JSON body: a year of days would not fit the 8 KB URL limit.
    pub async fn update_users_schedule(
        &self,
        changes: &BTreeMap<String, BTreeMap<NaiveDate, ScheduleMark>>,
    ) -> Result<String> {
        let data: Map<String, Value> = changes
            .iter()
            .map(|(user, days)| {
                let days: Map<String, Value> = days
                    .iter()
                    .map(|(date, mark)| (format_ws_date(*date), json!(mark)))
                    .collect();
                (user.clone(), Value::Object(days))
            })
            .collect();
        let envelope = self
            .write(
                "update_users_schedule",
                params([("data", Value::Object(data))]),
            )
            .await?;
        Ok(envelope
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_urls_must_be_https_unless_loopback() {
        assert!(validate_account_url("https://acme.worksection.com").is_ok());
        assert!(validate_account_url("http://127.0.0.1:8765").is_ok());
        assert!(validate_account_url("http://localhost:8765").is_ok());
        assert!(validate_account_url("http://[::1]:8765").is_ok());
        let error = validate_account_url("http://acme.worksection.com").unwrap_err();
        assert!(error.to_string().contains("must use https://"), "{error}");
        assert!(validate_account_url("not a url").is_err());
    }

    #[tokio::test]
    async fn a_network_failure_says_what_broke_without_the_address() {
        // A port that was free a moment ago: nothing listens there.
        let port = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .expect("a port")
            .port();
        let url = format!("http://127.0.0.1:{port}/api/oauth2?action=me");
        let failed = http_client().expect("client").get(&url).send().await;
        let error = transport_error(&failed.expect_err("nothing listens"));
        let text = error.to_string();
        assert!(
            text.starts_with("cannot reach Worksection: no connection ("),
            "{text}"
        );
        assert!(!text.contains("127.0.0.1"), "{text}");
        assert!(matches!(
            error,
            Error::Api(ApiError::Network {
                maybe_applied: false,
                ..
            })
        ));
    }

    #[test]
    fn errors_are_recognised_in_every_form() {
        assert!(matches!(
            interpret(
                "me",
                401,
                r#"{"status":"error","message":"token is expired"}"#
            ),
            Err(Error::Api(ApiError::TokenExpired))
        ));
        assert!(matches!(
            interpret(
                "me",
                401,
                r#"{"errorDescription":"Access token is expired"}"#
            ),
            Err(Error::Api(ApiError::TokenExpired))
        ));
        assert!(matches!(
            interpret("me", 401, "nope"),
            Err(Error::Api(ApiError::Unauthorized { .. }))
        ));
        assert!(matches!(
            interpret("me", 429, ""),
            Err(Error::Api(ApiError::RateLimited { retry_at: None }))
        ));
        assert!(matches!(
            interpret(
                "me",
                200,
                r#"{"status":"error","message":"Too many requests"}"#
            ),
            Err(Error::Api(ApiError::RateLimited { .. }))
        ));
        // Applied, whatever the message says: taking it for a refusal would send it again.
        assert!(interpret(
            "add_costs",
            200,
            r#"{"status":"ok","id":"5","message":"saved; too many requests today, slow down"}"#
        )
        .is_ok());
        assert!(matches!(
            interpret("me", 503, "<html>"),
            Err(Error::Api(ApiError::Server { status: 503 }))
        ));
        assert!(matches!(
            interpret(
                "start_my_timer",
                200,
                r#"{"status":"error","status_code":"6","message":"Timer is already started"}"#
            ),
            Err(Error::Api(ApiError::TimerAlreadyStarted))
        ));
        let not_json = interpret("me", 200, "<html>maintenance</html>").unwrap_err();
        assert_eq!(not_json.code(), crate::ErrorCode::UnexpectedAnswer);
    }

    #[test]
    fn decode_errors_name_the_json_path() {
        let body = r#"{"status":"ok","data":[{"id":"1","comment":"","time":"1:00","money":"0","date":"2021-01-01","is_timer":false},{"id":"2","time":"bad","date":"2021-01-01"}],"total":{"time":"1:00","money":"0"}}"#;
        let error = decode_answer("get_costs", 200, body).unwrap_err();
        match error {
            Error::Api(ApiError::Decode { path, .. }) => assert_eq!(path, "[1].time"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn no_timer_in_every_form() {
        for data in [
            None,
            Some(Value::Null),
            Some(json!([])),
            Some(json!({})),
            Some(json!("")),
        ] {
            assert!(decode_timer(data).unwrap().is_none());
        }
        let running = decode_timer(Some(
            json!([{"time": 61, "date_started": "2021-01-01 12:00", "task": {"id": 5, "name": "T"}}]),
        ));
        assert_eq!(running.unwrap().unwrap().time, 61);
    }

    #[test]
    fn amounts_are_written_as_the_vendor_expects() {
        let mut body = Map::new();
        CostAmount::TimeAtMyRate { minutes: 90 }.write_into(&mut body);
        assert_eq!(Value::Object(body), json!({"time": "1:30", "is_rate": 1}));
    }
}
