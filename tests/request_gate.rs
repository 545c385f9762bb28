//! One request per second, whoever sends: separate CLI processes started together, and a burst
//! of background requests in one process, never put two requests to the server in the same
//! second (as the simulator's request log shows).

use std::sync::Arc;
use std::time::Duration;

use worktray_core::api::{ApiClient, FixedToken};
use worktray_core::gate::RequestGate;
use worktray_core::secret::Secret;
use worktray_tests::{api_requests, demo_simulator, run, smallest_gap_ms, Sandbox};

#[tokio::test(flavor = "multi_thread")]
async fn cli_processes_started_together_take_turns() {
    let sim = demo_simulator().await;
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

#[tokio::test(flavor = "multi_thread")]
async fn too_many_requests_is_waited_out_and_retried() {
    let sim = demo_simulator().await;
    let api = ApiClient::new(
        worktray_core::api::http_client().expect("http"),
        &sim.account_url(),
        Arc::new(FixedToken(Secret::new(sim.demo_access_token()))),
        RequestGate::new(),
    )
    .expect("client");
    sim.set_faults(worktray_sim::Faults {
        too_many_requests_next: 1,
        too_many_as_429: false,
        ..Default::default()
    });
    let started = std::time::Instant::now();
    api.my_timer().await.expect("retried after the pause");
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "waited out the refusal"
    );
    let requests = api_requests(&sim);
    assert_eq!(
        requests.len(),
        2,
        "one refused, one answered: {requests:#?}"
    );
}
