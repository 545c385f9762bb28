//! How a simulator instance is set up.

use std::time::Duration;

/// Which data the simulator starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// One user (the account owner), one project, two tasks: a blank slate for tests.
    Empty,
    /// The "Acme Studio" account: several users, four projects, ~20 tasks, a week of costs.
    #[default]
    Demo,
}

/// Start-up settings of a [`crate::Simulator`].
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub seed: Seed,
    /// How long issued access tokens stay valid (the vendor's is 24 h).
    pub access_token_lifetime: Duration,
    /// Skip the consent page: `GET /oauth2/authorize` redirects with a code at once.
    pub auto_approve: bool,
    /// Answer "Too many requests" to a token's second API request within one second.
    pub enforce_rate_limit: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: Seed::default(),
            access_token_lifetime: Duration::from_secs(24 * 60 * 60),
            auto_approve: false,
            enforce_rate_limit: true,
        }
    }
}
