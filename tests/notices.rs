//! The tracker notices what changed elsewhere — and only that: a timer started or stopped in
//! the web app shows up at the next poll as a notice, a start made here does not.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast::error::TryRecvError;
use worktray_core::api::{http_client, ApiClient, FixedToken};
use worktray_core::db::Database;
use worktray_core::gate::RequestGate;
use worktray_core::notices::Notice;
use worktray_core::outbox::Outbox;
use worktray_core::secret::Secret;
use worktray_core::service::Tracker;
use worktray_tests::demo_simulator;

#[tokio::test(flavor = "multi_thread")]
async fn changes_made_elsewhere_are_noticed_and_our_own_are_not() {
    let sim = demo_simulator().await;
    let api = ApiClient::new(
        http_client().expect("http"),
        &sim.account_url(),
        Arc::new(FixedToken(Secret::new(sim.demo_access_token()))),
        RequestGate::new(),
    )
    .expect("api");
    let tracker = Tracker::signed_in(api);
    let dir = tempfile::tempdir().expect("dir");
    tracker.use_outbox(Outbox::new(Database::in_data_dir(dir.path()).expect("db")));
    let mut notices = tracker.notices();
    tracker.refresh().await.expect("first look");

    tracker.start("331402").await.expect("started here");
    tracker.refresh().await.expect("poll");
    assert!(
        matches!(notices.try_recv(), Err(TryRecvError::Empty)),
        "our own start is no news"
    );

    tracker.stop(None).await.expect("stopped here");
    tracker.refresh().await.expect("poll");
    assert!(
        matches!(notices.try_recv(), Err(TryRecvError::Empty)),
        "our own stop is no news"
    );
    sim.start_timer_as_user("alex.morgan@acme.example", 331405)
        .expect("started in the web app");
    tracker.refresh().await.expect("poll");
    match tokio::time::timeout(Duration::from_secs(1), notices.recv()).await {
        Ok(Ok(Notice::TimerStartedElsewhere { task })) => {
            assert_eq!(task.name, "Design system tokens")
        }
        other => panic!("expected a notice of the timer started elsewhere, got {other:?}"),
    }
}
