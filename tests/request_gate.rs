//! One request per second, whoever sends: separate CLI processes started together, and a burst
//! of background requests in one process, never put two requests to the server in the same
//! second (as the simulator's request log shows). After "Too many requests", nothing goes
//! before the pause is over, and whoever waits hears when that is.

use std::sync::Arc;
use std::time::Duration;

use worktray_core::api::{ApiClient, FixedToken};
use worktray_core::gate::RequestGate;
use worktray_core::secret::Secret;
use worktray_core::{ApiError, Error};
use worktray_sim::Faults;
use worktray_tests::{api_requests, demo_simulator, run, smallest_gap_ms, Sandbox};

#[tokio::test(flavor = "multi_thread")]
async fn cli_processes_started_together_take_turns() {
    three_status_commands_at_once_take_turns(Faults::default()).await;
}

/// The first request is held up on the way (a slow new connection): the server sees it
/// 400 ms after it left. The next process still waits for its answer, so its request does
/// not arrive early and draw a "Too many requests".
#[tokio::test(flavor = "multi_thread")]
async fn a_request_held_up_on_the_way_does_not_make_the_next_early() {
    three_status_commands_at_once_take_turns(Faults {
        held_up_next: 1,
        held_up_ms: 400,
        ..Faults::default()
    })
    .await;
}

async fn three_status_commands_at_once_take_turns(faults: Faults) {
    let sim = demo_simulator().await;
    sim.set_faults(faults);
    let sandbox = Sandbox::new();
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let mut command = sandbox.worktray(&sim);
            command.args(["status", "--json"]);
            tokio::spawn(run(command))
        })
        .collect();
    for handle in runs {
        let ran = handle.await.expect("join");
        assert_eq!(ran.code, Some(0), "{ran:?}");
    }
    let requests = api_requests(&sim);
    assert_eq!(
        requests.len(),
        6,
        "three processes, me + get_my_timer each: {requests:#?}"
    );
    assert!(
        requests.iter().all(|r| !r.outcome.contains("too many")),
        "{requests:#?}"
    );
    let gap = smallest_gap_ms(&requests).expect("several requests");
    assert!(gap >= 1000, "two requests {gap} ms apart: {requests:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_background_requests_is_spaced() {
    let sim = demo_simulator().await;
    let api = ApiClient::new(
        worktray_core::api::http_client().expect("http"),
        &sim.account_url(),
        Arc::new(FixedToken(Secret::new(sim.demo_access_token()))),
        RequestGate::new(),
    )
    .expect("client")
    .background();
    let burst: Vec<_> = (0..4)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move { api.my_timer().await })
        })
        .collect();
    for handle in burst {
        handle
            .await
            .expect("join")
            .expect("answered without a rate-limit refusal");
    }
    let requests = api_requests(&sim);
    assert_eq!(requests.len(), 4, "{requests:#?}");
    assert!(
        smallest_gap_ms(&requests).expect("gaps") >= 1000,
        "{requests:#?}"
    );
}

/// "Too many requests": a request somebody waits for sits out the short pause after one refusal
/// and goes once more, but is not retried behind the caller's back after that. Whoever waits
/// for it then hears when to try again, and is refused without a request until then; a
/// background request waits the pause out and goes.
#[tokio::test(flavor = "multi_thread")]
async fn too_many_requests_says_when_to_try_again_and_nothing_goes_before() {
    let sim = demo_simulator().await;
    let api = ApiClient::new(
        worktray_core::api::http_client().expect("http"),
        &sim.account_url(),
        Arc::new(FixedToken(Secret::new(sim.demo_access_token()))),
        RequestGate::new(),
    )
    .expect("client");
    sim.set_faults(Faults {
        too_many_requests_next: 2,
        too_many_as_429: false,
        ..Default::default()
    });
    let started = std::time::Instant::now();
    let retry_at = match api.my_timer().await {
        Err(Error::Api(ApiError::RateLimited {
            retry_at: Some(retry_at),
        })) => retry_at,
        other => panic!("expected a rate limit with a time: {other:?}"),
    };
    let told_after = started.elapsed();
    assert!(
        (Duration::from_millis(1400)..Duration::from_millis(3000)).contains(&told_after),
        "it waited out the first short pause, and only that: {told_after:?}"
    );
    assert_eq!(api_requests(&sim).len(), 2, "asked twice, refused twice");
    let pause = retry_at
        .duration_since(std::time::SystemTime::now())
        .expect("the time to try again is ahead");
    assert!(
        (Duration::from_millis(2800)..=Duration::from_millis(4800)).contains(&pause),
        "the second pause is longer: {pause:?}"
    );
    assert!(
        matches!(api.my_timer().await, Err(Error::Api(ApiError::RateLimited { retry_at: Some(at) })) if at == retry_at),
        "refused again, with the same time"
    );
    assert!(
        started.elapsed() - told_after < Duration::from_millis(500),
        "no waiting"
    );
    assert_eq!(api_requests(&sim).len(), 2, "the third was not sent");

    api.background()
        .my_timer()
        .await
        .expect("the background request waits the pause out");
    assert!(started.elapsed() >= told_after + Duration::from_millis(2800));
    let requests = api_requests(&sim);
    assert_eq!(
        requests.len(),
        3,
        "two refused, one answered: {requests:#?}"
    );
    assert!(
        smallest_gap_ms(&requests).expect("a gap") >= 1400,
        "{requests:#?}"
    );
}

/// Issue #12: looks asked for together (the poller's first, and a start clicked as the tray
/// appears) share one request each: a second would wait its turn at the gate, a second or more,
/// for the same answer.
#[tokio::test(flavor = "multi_thread")]
async fn looks_asked_for_together_share_one_request() {
    let sim = worktray_tests::fast_simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let tracker = worktray_tests::signed_in_tracker(&sim, &dir).await;
    let before = api_requests(&sim).len();
    let (first, second, me) = tokio::join!(tracker.refresh(), tracker.refresh(), tracker.me());
    first.expect("a look");
    second.expect("the same look");
    me.expect("who I am");
    let mut asked: Vec<_> = api_requests(&sim)[before..]
        .iter()
        .filter_map(|r| r.action.clone())
        .collect();
    asked.sort();
    assert_eq!(asked, ["get_my_timer", "me"], "one of each");
}
