//! When to ask Worksection for the timer. A pure schedule, so an hour of it can be simulated
//! in a test: about once a minute while a timer runs, every few minutes when idle, never while
//! offline (a cheap connection probe, which is not an API request, waits for the network to
//! come back), and at once after a user action, when the window opens or on wake from sleep.

use std::time::Duration;

/// How often the poller asks the server, by situation.
#[derive(Clone, Debug)]
pub struct PollPlan {
    pub while_running: Duration,
    pub while_idle: Duration,
    /// How often to check whether the network is back, without an API request.
    pub probe_offline: Duration,
    /// My task list is refreshed in the background this rarely (the picker asks sooner).
    pub tasks_max_age: Duration,
}

impl Default for PollPlan {
    fn default() -> Self {
        PollPlan {
            while_running: Duration::from_secs(70),
            while_idle: Duration::from_secs(180),
            probe_offline: Duration::from_secs(20),
            tasks_max_age: Duration::from_secs(30 * 60),
        }
    }
}

/// How the last poll went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollOutcome {
    Answered {
        timer_running: bool,
    },
    /// No network, or the server failed in a way that may pass.
    Unreachable,
    /// Worksection asked to slow down.
    RateLimited,
    /// Signed out, or refused: polling again will not help until something changes.
    Refused,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Poll {
        after: Duration,
    },
    /// Check connectivity (no API request); poll as soon as it is back.
    Probe {
        after: Duration,
    },
    /// Wait for a sign-in or a user action.
    Wait,
}

pub fn next_step(plan: &PollPlan, outcome: PollOutcome) -> Step {
    match outcome {
        PollOutcome::Answered {
            timer_running: true,
        } => Step::Poll {
            after: plan.while_running,
        },
        PollOutcome::Answered {
            timer_running: false,
        } => Step::Poll {
            after: plan.while_idle,
        },
        PollOutcome::Unreachable => Step::Probe {
            after: plan.probe_offline,
        },
        // The request gate holds the next poll back until the pause is over, and lets it go
        // then: the moment the status names as the next try.
        PollOutcome::RateLimited => Step::Poll {
            after: Duration::ZERO,
        },
        PollOutcome::Refused => Step::Wait,
    }
}

/// The machine slept when the wall clock advanced much more than the awake time we waited:
/// the server's timer kept running, and what we show is stale.
pub fn woke_from_sleep(awake: Duration, wall: Duration) -> bool {
    wall > awake + Duration::from_secs(30)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simulates `hours` of polling and counts API requests: one `get_my_timer` per poll, and
    /// one task-list refresh whenever the list is older than its maximum age.
    fn simulate(
        hours: u64,
        network_up: impl Fn(Duration) -> bool,
        timer_running: bool,
    ) -> Vec<Duration> {
        let plan = PollPlan::default();
        let end = Duration::from_secs(hours * 3600);
        let mut now = Duration::ZERO;
        let mut requests = Vec::new();
        let mut tasks_fetched_at: Option<Duration> = None;
        let mut step = Step::Poll {
            after: Duration::ZERO,
        };
        while now < end {
            match step {
                Step::Poll { after } => {
                    now += after;
                    if now >= end {
                        break;
                    }
                    if !network_up(now) {
                        step = next_step(&plan, PollOutcome::Unreachable);
                        continue;
                    }
                    requests.push(now);
                    if tasks_fetched_at.is_none_or(|at| now - at >= plan.tasks_max_age) {
                        // My task list and the projects' options, each a gate's spacing later.
                        requests.push(now + crate::gate::SPACING);
                        requests.push(now + crate::gate::SPACING * 2);
                        tasks_fetched_at = Some(now);
                    }
                    step = next_step(&plan, PollOutcome::Answered { timer_running });
                }
                Step::Probe { after } => {
                    now += after;
                    if network_up(now) {
                        step = Step::Poll {
                            after: Duration::ZERO,
                        };
                    }
                }
                Step::Wait => break,
            }
        }
        requests
    }

    fn never_two_in_one_second(requests: &[Duration]) {
        for pair in requests.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_secs(1),
                "{:?} then {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn an_hour_in_the_background_with_a_timer_running_costs_at_most_60_requests() {
        let requests = simulate(1, |_| true, true);
        assert!(requests.len() <= 60, "{} requests", requests.len());
        assert!(
            requests.len() >= 45,
            "still about one a minute: {}",
            requests.len()
        );
        never_two_in_one_second(&requests);
    }

    #[test]
    fn an_idle_hour_costs_at_most_30_requests() {
        let requests = simulate(1, |_| true, false);
        assert!(requests.len() <= 30, "{} requests", requests.len());
        never_two_in_one_second(&requests);
    }

    #[test]
    fn an_offline_hour_costs_no_request_and_the_first_poll_follows_the_network() {
        let hour = Duration::from_secs(3600);
        assert!(simulate(1, |_| false, true).is_empty());
        // Offline for the first hour of two: nothing then, polling again within a probe after.
        let requests = simulate(2, |now| now >= hour, true);
        assert!(requests.iter().all(|at| *at >= hour));
        assert!(requests[0] - hour <= PollPlan::default().probe_offline);
        never_two_in_one_second(&requests);
    }

    #[test]
    fn sleep_is_told_apart_from_a_late_timer() {
        assert!(woke_from_sleep(
            Duration::from_secs(70),
            Duration::from_secs(3600)
        ));
        assert!(!woke_from_sleep(
            Duration::from_secs(70),
            Duration::from_secs(72)
        ));
    }
}
