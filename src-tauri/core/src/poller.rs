//! The poller: the server's timer checked on the schedule of `poll.rs` (often while a timer
//! runs, rarely when idle, not at all while offline, at once when asked and after a wake from
//! sleep), with the task list and projects kept fresh behind it.

use std::future::Future;
use std::time::{Duration, SystemTime};

use crate::error::{ApiError, Error};
use crate::notices::Notice;
use crate::poll::{next_step, woke_from_sleep, PollOutcome, PollPlan, Step};
use crate::service::Tracker;

impl Tracker {
    /// Polls the server until `shutdown` resolves, on the schedule of [`crate::poll`]: often
    /// while a timer runs, rarely when idle, not at all while offline (a connection probe waits
    /// for the network), at once when asked ([`Tracker::poll_soon`]) and on wake from sleep.
    pub async fn run_poller(&self, plan: PollPlan, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut step = Step::Poll {
            after: Duration::ZERO,
        };
        loop {
            let (wait, probing) = match step {
                Step::Poll { after } => (Some(after), false),
                Step::Probe { after } => (Some(after), true),
                Step::Wait => (None, false),
            };
            let woke = tokio::select! {
                woke = sleep_watching_for_wake(wait) => woke,
                () = self.poll_asked() => false,
                () = &mut shutdown => return,
            };
            if woke {
                tracing::info!("woke from sleep: checking the timer");
            }
            let Ok(signed_in) = self.session().map(|s| s.background()) else {
                step = Step::Wait;
                continue;
            };
            if probing && !woke && !reachable(signed_in.api.account_url()).await {
                continue;
            }
            let outcome = match self.refresh_with(&signed_in).await {
                Ok(_) => {
                    // Once a day: what a start asks about first, known before the user clicks
                    // (and a start made before it was known is asked about now).
                    self.todays_day_off_with(&signed_in).await;
                    if let Err(error) = self.my_tasks_with(&signed_in, plan.tasks_max_age).await {
                        tracing::info!("task list not refreshed: {error}");
                    }
                    if let Err(error) = self.projects_with(&signed_in).await {
                        tracing::info!("project options not refreshed: {error}");
                    }
                    // While the person is away nobody watches the timer: the idle pace is
                    // enough, and the return asks for a fresh look at once.
                    PollOutcome::Answered {
                        timer_running: self.state().timer.is_some() && !self.is_away(),
                    }
                }
                Err(error @ Error::Api(ApiError::RateLimited { .. })) => {
                    tracing::info!("poll refused: {error}");
                    PollOutcome::RateLimited
                }
                Err(error) if error.is_transient() => {
                    tracing::info!("poll failed: {error}");
                    PollOutcome::Unreachable
                }
                Err(error) => {
                    tracing::info!("poll refused: {error}");
                    if error.is_not_signed_in() {
                        self.notify(Notice::SignInNeedsRenewal {
                            reason: error.to_string(),
                        });
                    }
                    PollOutcome::Refused
                }
            };
            step = next_step(&plan, outcome);
        }
    }
}

/// Sleeps `wait` (forever for `None`) in short awake steps, and returns early with `true` when
/// the wall clock shows the machine slept meanwhile (a suspended machine's timers stand still).
async fn sleep_watching_for_wake(wait: Option<Duration>) -> bool {
    const STEP: Duration = Duration::from_secs(15);
    let mut left = wait;
    loop {
        let nap = left.map_or(STEP, |l| l.min(STEP));
        let wall_before = SystemTime::now();
        tokio::time::sleep(nap).await;
        let wall = SystemTime::now()
            .duration_since(wall_before)
            .unwrap_or_default();
        if woke_from_sleep(nap, wall) {
            return true;
        }
        match left.map(|l| l.saturating_sub(nap)) {
            Some(rest) if rest.is_zero() => return false,
            rest => left = rest,
        }
    }
}

/// Whether the account's host accepts a connection: a probe that costs no API request.
async fn reachable(account_url: &url::Url) -> bool {
    let Some(host) = account_url.host_str() else {
        return false;
    };
    let port = account_url.port_or_known_default().unwrap_or(443);
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    matches!(
        tokio::time::timeout(
            Duration::from_secs(5),
            tokio::net::TcpStream::connect((host.as_str(), port))
        )
        .await,
        Ok(Ok(_))
    )
}
