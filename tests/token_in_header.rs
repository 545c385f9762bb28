//! No access token in a URL (ARCHITECTURE.md, "Invariants"): Worksection also takes the token
//! as an `access_token` parameter, and the simulator accepts it too, so only its request log —
//! which records where each request carried its token — shows where the app puts it. The CLI
//! as a user types it, and every typed call of the core's `ApiClient`, send it in the
//! `Authorization` header and nowhere else.

use std::collections::BTreeSet;

use worktray_tests::{
    api_client, call_every_action, run, tokens_not_in_the_header, unlimited_demo_simulator, Sandbox,
};

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_sends_the_token_only_in_the_authorization_header() {
    // The CLI spaces its requests itself; without the simulator's limit, timing cannot refuse
    // one, and every request is answered "ok".
    let sim = unlimited_demo_simulator().await;
    let sandbox = Sandbox::new();
    let commands: &[&[&str]] = &[
        &["status", "--refresh"],
        &["tasks", "wireframes"],
        &["start", "331402"],
        &["stop", "--comment", "token check"],
        &["start", "331405"],
        &["discard"],
        &["log", "0:30", "331402", "--comment", "token check"],
        &["entries", "--today"],
        &["days-off", "--from", "2031-03-01", "--to", "2031-03-31"],
        &["days-off", "set", "2031-03-03", "vacation"],
    ];
    for args in commands {
        let mut command = sandbox.worktray(&sim);
        command.args(*args);
        let ran = run(command).await;
        assert_eq!(ran.code, Some(0), "worktray {args:?}: {ran:?}");
    }

    let log = sim.request_log();
    let sent: BTreeSet<&str> = log.iter().filter_map(|r| r.action.as_deref()).collect();
    for action in [
        "me",
        "get_my_timer",
        "search_tasks",
        "start_my_timer",
        "stop_my_timer",
        "delete_my_timer",
        "add_costs",
        "get_costs",
        "get_users_schedule",
        "update_users_schedule",
    ] {
        assert!(sent.contains(action), "no {action} among {sent:?}");
    }
    assert!(
        log.iter().all(|r| r.outcome == "ok"),
        "every call was answered: {log:#?}"
    );
    assert_eq!(tokens_not_in_the_header(&log), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_core_call_sends_the_token_only_in_the_authorization_header() {
    let sim = unlimited_demo_simulator().await;
    call_every_action(&api_client(&sim)).await;
    let log = sim.request_log();
    assert!(log.len() >= 15, "every action was called: {log:#?}");
    assert_eq!(tokens_not_in_the_header(&log), Vec::<String>::new());
}

/// The check above can fail: a client that puts the token in the URL is caught, even when it
/// also sends the header.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_in_the_url_is_caught() {
    let sim = unlimited_demo_simulator().await;
    let token = sim.demo_access_token();
    let http = reqwest::Client::new();
    let url = format!("{}/api/oauth2", sim.account_url());
    for with_header in [false, true] {
        let mut request = http
            .get(&url)
            .query(&[("action", "me"), ("access_token", token.as_str())]);
        if with_header {
            request = request.bearer_auth(&token);
        }
        let response = request.send().await.expect("request");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
    }
    assert_eq!(
        tokens_not_in_the_header(&sim.request_log()),
        [
            "/api/oauth2 me: token in [Query]",
            "/api/oauth2 me: token in [Header, Query]"
        ]
    );
}
