//! The simulator over real HTTP on 127.0.0.1, as clients see it.
//!
//! Every simulator here runs without the 1 s rate limit except in the rate-limit tests, so the
//! suite stays fast.

use std::path::PathBuf;

use chrono::{Datelike, Days, Local, NaiveDate, Weekday};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::{json, Value};
use worktray_sim::{Faults, LoggedRequest, OAuthClient, Seed, SimConfig, Simulator, TokenPlace};

struct Harness {
    sim: Simulator,
    http: reqwest::Client,
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.sim.shutdown();
    }
}

async fn start_with(config: SimConfig) -> Harness {
    let sim = Simulator::start(([127, 0, 0, 1], 0).into(), config)
        .await
        .expect("simulator starts");
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("http client");
    Harness { sim, http }
}

async fn start() -> Harness {
    start_with(SimConfig {
        enforce_rate_limit: false,
        ..SimConfig::default()
    })
    .await
}

impl Harness {
    fn api_url(&self, action: &str) -> String {
        format!("{}/api/oauth2?action={action}", self.sim.account_url())
    }

    async fn get_with(
        &self,
        token: &str,
        action: &str,
        query: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .get(self.api_url(action))
            .query(query)
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }

    /// A GET as the demo user; asserts HTTP 200.
    async fn get(&self, action: &str, query: &[(&str, &str)]) -> Value {
        let (status, body) = self
            .get_with(&self.sim.demo_access_token(), action, query)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// A POST with a JSON body as the demo user; asserts HTTP 200.
    async fn post(&self, action: &str, body: Value) -> Value {
        let response = self
            .http
            .post(self.api_url(action))
            .bearer_auth(self.sim.demo_access_token())
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("JSON body")
    }

    async fn oauth_post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        self.http
            .post(format!("{}{path}", self.sim.base_url()))
            .form(form)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON body")
    }

    /// Runs the consent flow for the demo client and returns the redirect's code.
    async fn authorization_code(&self) -> String {
        let client = self.sim.demo_client();
        let page = self
            .http
            .get(format!("{}/oauth2/authorize", self.sim.base_url()))
            .query(&[
                ("client_id", client.client_id.as_str()),
                ("response_type", "code"),
                ("redirect_uri", client.redirect_uri.as_str()),
                ("state", "xyz"),
            ])
            .send()
            .await
            .expect("authorize");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("consent page");
        assert!(
            html.contains("wants to access your Worksection account"),
            "{html}"
        );
        let consent = html
            .split("name=\"consent\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("consent id in the form")
            .to_owned();
        let location = self.decide(&consent, "approve").await;
        let url = url::Url::parse(&location).expect("redirect URL");
        assert!(location.starts_with(&client.redirect_uri), "{location}");
        let param = |name: &str| {
            url.query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        assert_eq!(param("state").as_deref(), Some("xyz"));
        param("code").expect("code in the redirect")
    }

    /// Posts the consent form; returns the redirect target.
    async fn decide(&self, consent: &str, decision: &str) -> String {
        let response = self
            .http
            .post(format!("{}/oauth2/authorize/decision", self.sim.base_url()))
            .form(&[("consent", consent), ("decision", decision)])
            .send()
            .await
            .expect("decision");
        assert_eq!(response.status(), StatusCode::FOUND);
        response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .expect("Location header")
            .to_owned()
    }

    async fn exchange(&self, code: &str) -> Value {
        let client = self.sim.demo_client();
        self.oauth_post(
            "/oauth2/token",
            &[
                ("client_id", client.client_id.as_str()),
                ("client_secret", client.client_secret.as_str()),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", client.redirect_uri.as_str()),
            ],
        )
        .await
    }

    async fn refresh(&self, refresh_token: &str) -> Value {
        let client = self.sim.demo_client();
        self.oauth_post(
            "/oauth2/refresh",
            &[
                ("client_id", client.client_id.as_str()),
                ("client_secret", client.client_secret.as_str()),
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ],
        )
        .await
    }

    fn costs_with_comment(&self, comment: &str) -> Vec<Value> {
        self.sim.state()["costs"]
            .as_array()
            .expect("costs")
            .iter()
            .filter(|cost| cost["comment"] == comment)
            .cloned()
            .collect()
    }
}

fn today_iso() -> String {
    Local::now().date_naive().to_string()
}

// ---------------------------------------------------------------------------------------
// Timer

#[tokio::test]
async fn start_then_stop_creates_a_timer_cost_row_with_the_comment() {
    let h = start().await;
    assert_eq!(
        h.get("get_my_timer", &[]).await,
        json!({"status": "ok", "data": []})
    );
    let started = h.get("start_my_timer", &[("id_task", "331402")]).await;
    assert_eq!(started, json!({"status": "ok"}));

    let timer = h.get("get_my_timer", &[]).await;
    assert!(timer["data"]["time"].is_u64(), "{timer}");
    assert_eq!(timer["data"]["task"]["id"], "331402");
    let date_started = timer["data"]["date_started"]
        .as_str()
        .expect("date_started");
    assert_eq!(date_started.len(), "YYYY-MM-DD HH:MM".len());

    let stopped = h
        .post(
            "stop_my_timer",
            json!({"comment": "Pricing table wireframe"}),
        )
        .await;
    assert_eq!(stopped, json!({"status": "ok"}));
    assert_eq!(h.get("get_my_timer", &[]).await["data"], json!([]));

    let costs = h.get("get_costs", &[("id_task", "331402")]).await;
    let row = costs["data"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["comment"] == "Pricing table wireframe")
        .expect("the new row")
        .clone();
    assert_eq!(row["is_timer"], true);
    assert_eq!(
        row["time"], "0:01",
        "elapsed < 1 min books the 1-minute minimum"
    );
    assert_eq!(row["date"], today_iso());
    assert_eq!(row["user_from"]["email"], h.sim.demo_user_email());
    assert!(row["id"].is_string());
}

#[tokio::test]
async fn starting_a_second_timer_is_code_6_and_stopping_none_is_code_7() {
    let h = start().await;
    let cost_rows = || h.sim.state()["costs"].as_array().map_or(0, Vec::len);
    let rows_before = cost_rows();
    h.get("start_my_timer", &[("id_task", "331402")]).await;
    let again = h.get("start_my_timer", &[("id_task", "331405")]).await;
    assert_eq!(
        again,
        json!({"status": "error", "status_code": 6, "message": "Timer is already started"})
    );
    assert_eq!(h.get("delete_my_timer", &[]).await, json!({"status": "ok"}));
    let none = h.get("stop_my_timer", &[]).await;
    assert_eq!(
        none,
        json!({"status": "error", "status_code": 7, "message": "Timer is not started"})
    );
    assert_eq!(cost_rows(), rows_before, "discarding saves no row");
}

#[tokio::test]
async fn timer_errors_for_unknown_and_closed_tasks_and_web_app_timers() {
    let h = start().await;
    assert_eq!(
        h.get("start_my_timer", &[("id_task", "999")]).await["status_code"],
        5
    );
    assert_eq!(h.get("start_my_timer", &[]).await["status_code"], 10);
    let closed = h.get("start_my_timer", &[("id_task", "331412")]).await;
    assert_eq!(closed["status_code"], 8, "{closed}");

    h.sim
        .start_timer_as_user(&h.sim.demo_user_email(), 331415)
        .expect("web app timer");
    assert_eq!(
        h.get("get_my_timer", &[]).await["data"]["task"]["id"],
        "331415"
    );
    assert_eq!(
        h.get("start_my_timer", &[("id_task", "331402")]).await["status_code"],
        6
    );
}

// ---------------------------------------------------------------------------------------
// Transport quirks: auth, bodies, rate limit

#[tokio::test]
async fn missing_unknown_and_expired_tokens_are_http_401() {
    let h = start().await;
    let response = h.http.get(h.api_url("me")).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (status, body) = h.get_with("nonsense", "me", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!({"status": "error", "message": "invalid token"}));

    h.sim.expire_tokens_now();
    let (status, body) = h.get_with(&h.sim.demo_access_token(), "me", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"status": "error", "status_code": 401, "message": "token is expired"})
    );
}

#[tokio::test]
async fn the_token_may_also_come_as_the_access_token_parameter() {
    let h = start().await;
    let token = h.sim.demo_access_token();
    let me = h.get("me", &[]).await;
    // As the vendor's docs and its Postman collection send it: in the query string of a GET,
    // in the query string of a POST without a body, and as a field of a JSON body.
    let by_query = h
        .http
        .get(h.api_url("me"))
        .query(&[("access_token", token.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(by_query.status(), StatusCode::OK);
    assert_eq!(by_query.json::<Value>().await.expect("JSON"), me);
    let postman = h
        .http
        .post(h.api_url("start_my_timer"))
        .query(&[("id_task", "331402"), ("access_token", token.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(
        postman.json::<Value>().await.expect("JSON"),
        json!({"status": "ok"})
    );
    let by_body = h
        .http
        .post(h.api_url("stop_my_timer"))
        .json(&json!({"access_token": token, "comment": "by body"}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        by_body.json::<Value>().await.expect("JSON"),
        json!({"status": "ok"})
    );
    assert_eq!(
        h.costs_with_comment("by body").len(),
        1,
        "the timer was saved"
    );

    // The header wins over a parameter; the log says where each token came, not what it was.
    let (status, _) = h
        .get_with(&token, "me", &[("access_token", "nonsense")])
        .await;
    assert_eq!(status, StatusCode::OK, "the header's token is used");
    let log = h.sim.request_log();
    let places: Vec<_> = log.iter().map(|entry| entry.token_in.clone()).collect();
    assert_eq!(
        places,
        [
            vec![TokenPlace::Header],
            vec![TokenPlace::Query],
            vec![TokenPlace::Query],
            vec![TokenPlace::Body],
            vec![TokenPlace::Header, TokenPlace::Query],
        ]
    );
    let in_url: Vec<_> = log.iter().map(LoggedRequest::token_in_url).collect();
    assert_eq!(in_url, [false, true, true, false, true]);
    let hint: String = token.chars().take(8).collect();
    assert!(log
        .iter()
        .all(|entry| entry.token_hint.as_deref() == Some(hint.as_str())));
    let logged = serde_json::to_string(&log).expect("log as JSON");
    assert!(!logged.contains(&token), "the log never holds a token");
    assert!(!logged.contains("nonsense"), "nor a parameter's value");
}

#[tokio::test]
async fn a_missing_unknown_or_expired_token_parameter_gets_the_same_401s() {
    let h = start().await;
    let query = |token: &str| {
        h.http
            .get(h.api_url("me"))
            .query(&[("access_token", token.to_owned())])
            .send()
    };
    let body = |token: &str| {
        h.http
            .post(h.api_url("me"))
            .json(&json!({ "access_token": token }))
            .send()
    };
    let invalid = json!({"status": "error", "message": "invalid token"});
    for response in [
        query("").await,
        query("nonsense").await,
        body("").await,
        body("nonsense").await,
    ] {
        let response = response.expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.json::<Value>().await.expect("JSON"), invalid);
    }

    h.sim.expire_tokens_now();
    let token = h.sim.demo_access_token();
    let expired = json!({"status": "error", "status_code": 401, "message": "token is expired"});
    for response in [query(&token).await, body(&token).await] {
        let response = response.expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.json::<Value>().await.expect("JSON"), expired);
    }
    let log = h.sim.request_log();
    assert!(
        log.iter().all(|entry| entry.outcome.contains("token")),
        "{log:#?}"
    );
    assert!(log[0].token_in.is_empty(), "a blank parameter is no token");
}

#[tokio::test]
async fn form_encoded_bodies_are_refused_as_invalid_json() {
    let h = start().await;
    let response = h
        .http
        .post(h.api_url("add_costs"))
        .bearer_auth(h.sim.demo_access_token())
        .form(&[("id_task", "331402"), ("time", "1")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body, json!({"status": "error", "message": "invalid JSON"}));
}

#[tokio::test]
async fn a_second_request_within_a_second_is_too_many_requests() {
    let h = start_with(SimConfig::default()).await;
    let first = h.get("me", &[]).await;
    assert_eq!(first["status"], "ok");
    let second = h.get("me", &[]).await;
    assert_eq!(
        second,
        json!({"status": "error", "message": "Too many requests"})
    );

    tokio::time::sleep(std::time::Duration::from_millis(1050)).await;
    assert_eq!(h.get("me", &[]).await["status"], "ok");

    let log = h.sim.request_log();
    let outcomes: Vec<&str> = log.iter().map(|entry| entry.outcome.as_str()).collect();
    assert_eq!(outcomes, ["ok", "too many requests", "ok"]);
    let hint: String = h.sim.demo_access_token().chars().take(8).collect();
    assert!(log
        .iter()
        .all(|entry| entry.token_hint.as_deref() == Some(hint.as_str())));
    assert!(log
        .iter()
        .all(|entry| entry.action.as_deref() == Some("me")));
}

#[tokio::test]
async fn injected_too_many_requests_can_be_http_429() {
    let h = start().await;
    h.sim.set_faults(Faults {
        too_many_requests_next: 1,
        too_many_as_429: true,
        ..Faults::default()
    });
    let (status, body) = h.get_with(&h.sim.demo_access_token(), "me", &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["message"], "Too many requests");
    assert_eq!(h.get("me", &[]).await["status"], "ok");
}

// ---------------------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn drop_after_apply_hangs_up_but_the_change_is_made() {
    let h = start().await;
    h.sim.set_faults(Faults {
        drop_after_apply_next: 1,
        ..Faults::default()
    });
    let result = h
        .http
        .post(h.api_url("add_costs"))
        .bearer_auth(h.sim.demo_access_token())
        .json(&json!({"id_task": 331402, "time": "0:30", "comment": "lost answer"}))
        .send()
        .await;
    assert!(
        result.is_err(),
        "expected a transport error, got {result:?}"
    );
    assert_eq!(h.costs_with_comment("lost answer").len(), 1);

    let entry = h.sim.request_log().pop().expect("logged");
    assert_eq!(entry.status, 0);
    assert!(
        entry.outcome.starts_with("hung up after apply"),
        "{}",
        entry.outcome
    );
    assert_eq!(
        entry.params,
        ["comment", "id_task", "time"],
        "body names, no action"
    );
    assert_eq!(
        h.get("me", &[]).await["status"],
        "ok",
        "only the next request hangs up"
    );
}

#[tokio::test]
async fn injected_503_changes_nothing_and_offline_refuses_everything() {
    let h = start().await;
    h.sim.set_faults(Faults {
        fail_5xx_next: 1,
        ..Faults::default()
    });
    let response = h
        .http
        .get(h.api_url("start_my_timer"))
        .query(&[("id_task", "331402")])
        .bearer_auth(h.sim.demo_access_token())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(h.get("get_my_timer", &[]).await["data"], json!([]));

    h.sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let result = h
        .http
        .get(h.api_url("me"))
        .bearer_auth(h.sim.demo_access_token())
        .send()
        .await;
    assert!(result.is_err(), "offline must be a transport error");
    h.sim.set_faults(Faults::default());
    assert_eq!(h.get("me", &[]).await["status"], "ok");
}

// ---------------------------------------------------------------------------------------
// OAuth2

#[tokio::test]
async fn consent_approve_gives_a_single_use_code() {
    let h = start().await;
    let code = h.authorization_code().await;
    let tokens = h.exchange(&code).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 86400);
    assert_eq!(tokens["account_url"], h.sim.account_url());
    let access = tokens["access_token"].as_str().expect("access token");
    assert!(access.len() >= 600, "JWT-sized token");
    assert!(tokens["refresh_token"]
        .as_str()
        .is_some_and(|token| token.starts_with("def50200")));
    let (status, me) = h.get_with(access, "me", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["data"]["email"], h.sim.demo_user_email());

    let token_call = h
        .sim
        .request_log()
        .into_iter()
        .find(|entry| entry.path == "/oauth2/token")
        .expect("token call logged");
    assert_eq!(
        token_call.params,
        [
            "client_id",
            "client_secret",
            "code",
            "grant_type",
            "redirect_uri"
        ]
    );
    assert_eq!(token_call.outcome, "ok");

    let reused = h.exchange(&code).await;
    assert_eq!(
        reused,
        json!({"error": "invalid_request", "errorDescription": "Authorization code has been revoked"})
    );
}

#[tokio::test]
async fn refresh_rotates_and_the_old_pair_dies() {
    let h = start().await;
    let code = h.authorization_code().await;
    let first = h.exchange(&code).await;
    let old_refresh = first["refresh_token"].as_str().expect("refresh token");
    let old_access = first["access_token"].as_str().expect("access token");

    let second = h.refresh(old_refresh).await;
    let new_access = second["access_token"].as_str().expect("new access token");
    assert_ne!(new_access, old_access);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(h.get_with(new_access, "me", &[]).await.0, StatusCode::OK);
    assert_eq!(
        h.get_with(old_access, "me", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );

    let replay = h.refresh(old_refresh).await;
    assert_eq!(
        replay,
        json!({"error": "invalid_request", "errorDescription": "Cannot decrypt the refresh token"})
    );
}

#[tokio::test]
async fn expired_access_token_is_renewed_by_refresh() {
    let h = start().await;
    let code = h.authorization_code().await;
    let tokens = h.exchange(&code).await;
    h.sim.expire_tokens_now();
    let access = tokens["access_token"].as_str().expect("access token");
    assert_eq!(
        h.get_with(access, "me", &[]).await.0,
        StatusCode::UNAUTHORIZED
    );
    let renewed = h
        .refresh(tokens["refresh_token"].as_str().expect("refresh"))
        .await;
    let access = renewed["access_token"].as_str().expect("renewed access");
    assert_eq!(h.get_with(access, "me", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn mismatched_redirect_uri_and_unknown_clients_get_an_error_page() {
    let h = start().await;
    let client = h.sim.demo_client();
    for (client_id, redirect_uri) in [
        (
            client.client_id.clone(),
            format!("{}/", client.redirect_uri),
        ),
        (
            client.client_id.clone(),
            client.redirect_uri.replace("47811", "47812"),
        ),
        ("someone-else".to_owned(), client.redirect_uri.clone()),
    ] {
        let response = h
            .http
            .get(format!("{}/oauth2/authorize", h.sim.base_url()))
            .query(&[
                ("client_id", client_id.as_str()),
                ("response_type", "code"),
                ("redirect_uri", redirect_uri.as_str()),
                ("state", "s"),
            ])
            .send()
            .await
            .expect("authorize");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.headers().get("location").is_none());
        let html = response.text().await.expect("page");
        assert!(html.contains("<h1>"), "{html}");
    }
}

#[tokio::test]
async fn deny_redirects_with_access_denied_and_wrong_secret_is_invalid_client() {
    let h = start().await;
    let client = OAuthClient {
        client_id: "test-app".to_owned(),
        client_secret: "s3cret".to_owned(),
        redirect_uri: "https://localhost:9999/cb".to_owned(),
    };
    assert!(!format!("{client:?}").contains("s3cret"));
    h.sim.register_client(client.clone());
    let html = h
        .http
        .get(format!("{}/oauth2/authorize", h.sim.base_url()))
        .query(&[
            ("client_id", "test-app"),
            ("response_type", "code"),
            ("redirect_uri", "https://localhost:9999/cb"),
            ("state", "st"),
        ])
        .send()
        .await
        .expect("authorize")
        .text()
        .await
        .expect("page");
    let consent = html
        .split("name=\"consent\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("consent id");
    let location = h.decide(consent, "deny").await;
    assert_eq!(
        location,
        "https://localhost:9999/cb?error=access_denied&state=st"
    );

    let wrong = h
        .oauth_post(
            "/oauth2/token",
            &[
                ("client_id", "test-app"),
                ("client_secret", "wrong"),
                ("grant_type", "authorization_code"),
                ("code", "x"),
                ("redirect_uri", "https://localhost:9999/cb"),
            ],
        )
        .await;
    assert_eq!(
        wrong,
        json!({"error": "invalid_client", "errorDescription": "Client authentication failed"})
    );
}

#[tokio::test]
async fn auto_approve_redirects_at_once_and_token_params_may_be_in_the_query() {
    let h = start_with(SimConfig {
        auto_approve: true,
        enforce_rate_limit: false,
        ..SimConfig::default()
    })
    .await;
    let client = h.sim.demo_client();
    let response = h
        .http
        .get(format!("{}/oauth2/authorize", h.sim.base_url()))
        .query(&[
            ("client_id", client.client_id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("state", "abc"),
        ])
        .send()
        .await
        .expect("authorize");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("location");
    let url = url::Url::parse(location).expect("URL");
    let code = url
        .query_pairs()
        .find(|(key, _)| key == "code")
        .map(|(_, value)| value.into_owned())
        .expect("code");
    let tokens: Value = h
        .http
        .post(format!("{}/oauth2/token", h.sim.base_url()))
        .query(&[
            ("client_id", client.client_id.as_str()),
            ("client_secret", client.client_secret.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", client.redirect_uri.as_str()),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("JSON");
    let access = tokens["access_token"].as_str().expect("access token");
    let profile = h
        .oauth_post(
            "/oauth2/resource",
            &[
                ("client_id", client.client_id.as_str()),
                ("client_secret", client.client_secret.as_str()),
                ("access_token", access),
            ],
        )
        .await;
    assert_eq!(profile["email"], h.sim.demo_user_email());
    assert_eq!(profile["account_url"], h.sim.account_url());
    let resource = h.sim.request_log().pop().expect("resource call logged");
    assert_eq!(resource.path, "/oauth2/resource");
    assert_eq!(resource.token_in, [TokenPlace::Body]);
    assert_eq!(
        resource.token_hint,
        Some(access.chars().take(8).collect::<String>())
    );
}

// ---------------------------------------------------------------------------------------
// Costs

#[tokio::test]
async fn add_costs_accepts_the_vendor_time_formats_and_answers_a_numeric_id() {
    let h = start().await;
    let yesterday = Local::now().date_naive() - Days::new(1);
    for (time, expected) in [("0.15", "0:09"), ("0,15", "0:09"), ("1:30", "1:30")] {
        let comment = format!("time {time}");
        let added = h
            .post(
                "add_costs",
                json!({"id_task": "331415", "time": time, "comment": comment,
                       "date": yesterday.format("%d.%m.%Y").to_string(), "is_rate": 1}),
            )
            .await;
        assert_eq!(added["status"], "ok", "{added}");
        assert!(added["id"].is_u64(), "id must be a number: {added}");
        let row = &h.costs_with_comment(&comment)[0];
        assert_eq!(row["date"], yesterday.to_string());
        let listed = h.get("get_costs", &[("id_task", "331415")]).await;
        let listed_row = listed["data"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|row| row["comment"] == comment)
            .expect("listed")
            .clone();
        assert_eq!(listed_row["time"], expected);
        assert_eq!(listed_row["is_timer"], false);
    }
    let ninety_minutes = h.get("get_costs", &[("id_task", "331415")]).await;
    let money: Vec<&str> = ninety_minutes["data"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["comment"] == "time 1:30")
        .filter_map(|row| row["money"].as_str())
        .collect();
    assert_eq!(money, ["60.00"], "1.5 h at a rate of 40");

    let missing = h.post("add_costs", json!({"id_task": 331415})).await;
    assert_eq!(
        missing,
        json!({"status": "error", "status_code": 10, "message": "Field is required",
               "message_details": "time or money"})
    );
}

#[tokio::test]
async fn project_options_restrict_manual_entries() {
    let h = start().await;
    let timer_only = h
        .post("add_costs", json!({"id_task": 331520, "time": "1"}))
        .await;
    assert_eq!(timer_only["status_code"], 11);
    assert_eq!(
        timer_only["message"],
        "Manual time entry is disabled in this project"
    );

    let last_week = (Local::now().date_naive() - Days::new(7))
        .format("%d.%m.%Y")
        .to_string();
    let not_today = h
        .post(
            "add_costs",
            json!({"id_task": 331640, "time": "1", "date": last_week}),
        )
        .await;
    assert_eq!(not_today["status"], "error", "{not_today}");
    let today = h
        .post("add_costs", json!({"id_task": 331640, "time": "1"}))
        .await;
    assert_eq!(today["status"], "ok", "{today}");
}

#[tokio::test]
async fn update_and_delete_costs_only_own_rows() {
    let h = start().await;
    let id = h
        .post(
            "add_costs",
            json!({"id_task": 331402, "time": "0:20", "comment": "draft"}),
        )
        .await["id"]
        .as_u64()
        .expect("id");
    let updated = h
        .post(
            "update_costs",
            json!({"id_costs": id, "time": "0:45", "comment": "final"}),
        )
        .await;
    assert_eq!(updated, json!({"status": "ok"}));
    assert_eq!(h.costs_with_comment("final")[0]["minutes"], 45);

    let colleague_row = h.sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .find(|cost| cost["user_id"] != 4127)
        .expect("a colleague's row")["id"]
        .as_u64()
        .expect("id");
    let refused = h
        .post(
            "update_costs",
            json!({"id_costs": colleague_row, "time": "9"}),
        )
        .await;
    assert_eq!(refused["status_code"], 11, "{refused}");
    assert_eq!(
        h.post("update_costs", json!({"id_costs": 1})).await["status"],
        "error"
    );

    assert_eq!(
        h.post("delete_costs", json!({"id_costs": id})).await,
        json!({"status": "ok"})
    );
    assert!(h.costs_with_comment("final").is_empty());
}

#[tokio::test]
async fn get_costs_filters_and_totals() {
    let h = start().await;
    let all = h.get("get_costs", &[]).await;
    let rows = all["data"].as_array().expect("rows");
    assert!(rows.len() >= 8, "a week of demo rows");
    let emails: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter_map(|row| row["user_from"]["email"].as_str())
        .collect();
    assert!(emails.len() > 1, "colleagues' rows are returned too");

    let timer_only = h.get("get_costs", &[("is_timer", "1")]).await;
    assert!(timer_only["data"]
        .as_array()
        .expect("rows")
        .iter()
        .all(|row| row["is_timer"] == true));

    let start = (Local::now().date_naive() - Days::new(3))
        .format("%d.%m.%Y")
        .to_string();
    let end = (Local::now().date_naive() - Days::new(1))
        .format("%d.%m.%Y")
        .to_string();
    let ranged = h
        .get(
            "get_costs",
            &[
                ("datestart", &start),
                ("dateend", &end),
                ("id_project", "6214"),
            ],
        )
        .await;
    let total = h
        .get(
            "get_costs_total",
            &[
                ("datestart", &start),
                ("dateend", &end),
                ("id_project", "6214"),
            ],
        )
        .await;
    assert_eq!(total["total"], ranged["total"]);
    assert!(total.get("data").is_none());
    let minutes: u64 = ranged["data"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            let (h, m) = row["time"]
                .as_str()
                .expect("time")
                .split_once(':')
                .expect("H:MM");
            h.parse::<u64>().expect("hours") * 60 + m.parse::<u64>().expect("minutes")
        })
        .sum();
    assert_eq!(
        total["total"]["time"],
        format!("{}:{:02}", minutes / 60, minutes % 60)
    );

    let bad_date = h.get("get_costs", &[("datestart", "2024-01-01")]).await;
    assert_eq!(bad_date["status"], "error");
    assert_eq!(
        h.get("get_costs", &[("id_project", "1")]).await["status_code"],
        4
    );
}

// ---------------------------------------------------------------------------------------
// Tasks and projects

#[tokio::test]
async fn search_tasks_needs_a_criterion_and_understands_filters() {
    let h = start().await;
    assert_eq!(
        h.get("search_tasks", &[]).await,
        json!({"status": "error", "status_code": 10, "message": "At least one of fields required",
               "message_details": "filter, id_project, id_task, email_user_from, email_user_to"})
    );
    let found = h
        .get(
            "search_tasks",
            &[("filter", "name has 'WIREFRAME' or id in (331520)")],
        )
        .await;
    let mut ids: Vec<&str> = found["data"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|task| task["id"].as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["331402", "331520"]);

    let mine_open = h
        .get(
            "search_tasks",
            &[
                ("email_user_to", "alex.morgan@acme.example"),
                ("status", "active"),
            ],
        )
        .await;
    assert!(mine_open["data"]
        .as_array()
        .expect("tasks")
        .iter()
        .all(|task| task["status"] == "active" && task["user_to"]["id"] == "4127"));

    let bad = h.get("search_tasks", &[("filter", "name HAS 'x'")]).await;
    assert_eq!(bad["status_code"], 11, "{bad}");
}

#[tokio::test]
async fn task_listings_subtasks_and_errors() {
    let h = start().await;
    let all = h.get("get_all_tasks", &[("extra", "subtasks")]).await;
    let tasks = all["data"].as_array().expect("tasks");
    assert!(
        tasks.iter().all(|task| task["project"]["id"] != "6102"),
        "archived left out"
    );
    let tokens = tasks
        .iter()
        .find(|task| task["id"] == "331405")
        .expect("parent task");
    assert_eq!(tokens["child"].as_array().expect("child").len(), 2);

    let active = h
        .get(
            "get_all_tasks",
            &[("filter", "active"), ("extra", "subtasks")],
        )
        .await;
    assert!(active["data"]
        .as_array()
        .expect("tasks")
        .iter()
        .all(|task| task["status"] == "active"));

    let subtask = h.get("get_task", &[("id_task", "331406")]).await;
    assert_eq!(subtask["data"]["page"], "/project/6214/331405/331406/");
    assert_eq!(subtask["data"]["parent"]["id"], "331405");
    assert_eq!(
        h.get("get_task", &[("id_task", "1")]).await,
        json!({"status": "error", "status_code": 5, "message": "Task is invalid"})
    );
    assert_eq!(
        h.get("get_tasks", &[("id_project", "1")]).await,
        json!({"status": "error", "status_code": 4, "message": "Project is invalid"})
    );
    assert_eq!(h.get("get_tasks", &[]).await["status_code"], 10);
    assert_eq!(
        h.get("no_such_action", &[]).await,
        json!({"status": "error", "status_code": 1, "message": "Action is invalid"})
    );
}

#[tokio::test]
async fn projects_show_options_only_when_asked() {
    let h = start().await;
    let plain = h.get("get_projects", &[]).await;
    assert!(plain["data"]
        .as_array()
        .expect("projects")
        .iter()
        .all(|project| project.get("options").is_none()));
    let with_options = h.get("get_projects", &[("extra", "options,users")]).await;
    let mobile = with_options["data"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|project| project["id"] == "6231")
        .expect("mobile app project")
        .clone();
    assert_eq!(mobile["options"]["timer_only"], 1);
    assert!(mobile["users"].is_array());
    let archived = h.get("get_projects", &[("filter", "archived")]).await;
    assert_eq!(archived["data"].as_array().expect("projects").len(), 1);
}

// ---------------------------------------------------------------------------------------
// Schedules

fn next_weekday(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    (1..=7)
        .map(|offset| from + Days::new(offset))
        .find(|date| date.weekday() == weekday)
        .expect("within a week")
}

#[tokio::test]
async fn update_users_schedule_counts_added_and_updated_days() {
    let h = start().await;
    let today = Local::now().date_naive();
    let monday = next_weekday(today + Days::new(60), Weekday::Mon);
    let tuesday = monday + Days::new(1);
    let saturday = next_weekday(monday, Weekday::Sat);
    let email = h.sim.demo_user_email();

    let data = json!({ &email: {
        monday.format("%d.%m.%Y").to_string(): "vacation",
        tuesday.to_string(): "vacation",
    }});
    // As a JSON text in the query string, like the vendor's example.
    let first = h
        .get("update_users_schedule", &[("data", &data.to_string())])
        .await;
    assert_eq!(
        first,
        json!({"status": "ok", "data": [], "message": "Days added: 2, days updated: 0"})
    );

    // As an object in a JSON body.
    let second = h
        .post(
            "update_users_schedule",
            json!({"data": { "4127": {
                tuesday.to_string(): "sick-leave",
                saturday.to_string(): "workday",
            }}}),
        )
        .await;
    assert_eq!(second["message"], "Days added: 1, days updated: 1");

    let range = [
        ("users", email.as_str()),
        ("datestart", &monday.format("%d.%m.%Y").to_string()),
        ("dateend", &saturday.format("%d.%m.%Y").to_string()),
    ];
    let schedule = h.get("get_users_schedule", &range).await;
    assert_eq!(
        schedule["data"]["4127"]["schedule"],
        json!({
            monday.to_string(): "vacation",
            tuesday.to_string(): "sick-leave",
            saturday.to_string(): "workday",
        })
    );
    assert_eq!(schedule["data"]["4127"]["email"], email);

    let unset = h
        .post(
            "update_users_schedule",
            json!({"data": {"4127": {monday.to_string(): "unset"}}}),
        )
        .await;
    assert_eq!(unset["message"], "Days added: 0, days updated: 1");
}

#[tokio::test]
async fn schedule_writes_are_checked() {
    let h = start().await;
    let monday = next_weekday(Local::now().date_naive(), Weekday::Mon).to_string();
    let weekday_workday = h
        .post(
            "update_users_schedule",
            json!({"data": {"4127": {&monday: "workday"}}}),
        )
        .await;
    assert_eq!(weekday_workday["status"], "error", "{weekday_workday}");

    let someone_else = h
        .post(
            "update_users_schedule",
            json!({"data": {"dana.lee@acme.example": {&monday: "vacation"}}}),
        )
        .await;
    assert_eq!(someone_else["status_code"], 11);
    assert!(someone_else["message_details"]
        .as_str()
        .is_some_and(|details| details.contains("own schedule")));

    h.sim.set_schedule_writes_allowed(false);
    let disabled = h
        .post(
            "update_users_schedule",
            json!({"data": {"4127": {&monday: "vacation"}}}),
        )
        .await;
    assert_eq!(disabled["message"], "Access denied");
    assert_eq!(
        h.post("update_users_schedule", json!({})).await["status"],
        "error"
    );
}

// ---------------------------------------------------------------------------------------
// Control endpoints and seeds

#[tokio::test]
async fn control_endpoints_steer_the_simulator_and_stay_out_of_the_log() {
    let h = start().await;
    let base = h.sim.base_url();
    let faults: Value = h
        .http
        .post(format!("{base}/_sim/faults"))
        .json(&json!({"fail_5xx_next": 1}))
        .send()
        .await
        .expect("faults")
        .json()
        .await
        .expect("JSON");
    assert_eq!(faults["fail_5xx_next"], 1);
    let status = h
        .http
        .get(h.api_url("me"))
        .bearer_auth(h.sim.demo_access_token())
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);

    let started = h
        .http
        .post(format!("{base}/_sim/timer/start"))
        .json(&json!({"email": "dana.lee@acme.example", "task_id": 331418}))
        .send()
        .await
        .expect("timer");
    assert_eq!(started.status(), StatusCode::OK);
    let state: Value = h
        .http
        .get(format!("{base}/_sim/state"))
        .send()
        .await
        .expect("state")
        .json()
        .await
        .expect("JSON");
    assert_eq!(state["timers"][0]["email"], "dana.lee@acme.example");

    for (path, body) in [
        (
            "/_sim/clients",
            json!({"client_id": "c", "client_secret": "s", "redirect_uri": "https://x/cb"}),
        ),
        ("/_sim/schedule_writes", json!({"allowed": false})),
        ("/_sim/expire_tokens", json!({})),
    ] {
        let response = h
            .http
            .post(format!("{base}{path}"))
            .json(&body)
            .send()
            .await
            .expect("control");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(h.sim.state()["schedule_writes_allowed"], false);

    let log: Vec<Value> = h
        .http
        .get(format!("{base}/_sim/log"))
        .send()
        .await
        .expect("log")
        .json()
        .await
        .expect("JSON");
    assert_eq!(log.len(), 1, "only the API call: {log:?}");
    assert_eq!(log[0]["status"], 503);
    assert!(log[0]["at_unix_ms"].is_i64());
}

#[tokio::test]
async fn the_empty_seed_has_one_user_one_project_two_tasks() {
    let h = start_with(SimConfig {
        seed: Seed::Empty,
        enforce_rate_limit: false,
        ..SimConfig::default()
    })
    .await;
    let state = h.sim.state();
    assert_eq!(state["users"].as_array().map(Vec::len), Some(1));
    assert_eq!(state["projects"].as_array().map(Vec::len), Some(1));
    assert_eq!(state["tasks"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        h.get("me", &[]).await["data"]["email"],
        h.sim.demo_user_email()
    );
}

// ---------------------------------------------------------------------------------------
// Shapes against the vendor's example responses

fn fixture(name: &str) -> Value {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "tests",
        "fixtures",
        "vendor",
        name,
    ]
    .iter()
    .collect();
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every field present in both has the same JSON type, recursively (arrays by first item).
fn assert_same_shape(ours: &Value, vendor: &Value, path: &str) {
    assert_eq!(kind(ours), kind(vendor), "type of {path}: ours {ours}");
    match (ours, vendor) {
        (Value::Object(ours), Value::Object(vendor)) => {
            for (key, value) in ours {
                if let Some(expected) = vendor.get(key) {
                    assert_same_shape(value, expected, &format!("{path}.{key}"));
                }
            }
        }
        (Value::Array(ours), Value::Array(vendor)) => {
            if let (Some(ours), Some(vendor)) = (ours.first(), vendor.first()) {
                assert_same_shape(ours, vendor, &format!("{path}[0]"));
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn answers_have_the_vendor_shapes() {
    let h = start().await;
    assert_same_shape(
        &h.get("me", &[]).await,
        &fixture("me--0-success.json"),
        "me",
    );
    assert_same_shape(
        &h.get("get_projects", &[("extra", "text,options,users")])
            .await,
        &fixture("get_projects--0-success.json"),
        "get_projects",
    );
    assert_same_shape(
        &h.get("get_all_tasks", &[("extra", "text,subtasks")]).await,
        &fixture("get_all_tasks--0-success.json"),
        "get_all_tasks",
    );
    assert_same_shape(
        &h.get("get_costs", &[]).await,
        &fixture("get_costs--0-success.json"),
        "get_costs",
    );
    assert_same_shape(
        &h.get("get_costs_total", &[]).await,
        &fixture("get_costs_total--0-success.json"),
        "get_costs_total",
    );
    assert_same_shape(
        &h.get("get_users_schedule", &[]).await,
        &fixture("get_users_schedule--docs.json"),
        "get_users_schedule",
    );
    h.get("start_my_timer", &[("id_task", "331402")]).await;
    assert_same_shape(
        &h.get("get_my_timer", &[]).await,
        &fixture("get_my_timer--0-success.json"),
        "get_my_timer",
    );
    let added = h
        .post("add_costs", json!({"id_task": 331402, "money": 5}))
        .await;
    assert_same_shape(&added, &fixture("add_costs--0-success.json"), "add_costs");
}
