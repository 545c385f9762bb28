//! Fault injection: the ways the real service (or the network to it) misbehaves.

use serde::{Deserialize, Serialize};

/// Faults to inject into API traffic. Counters are consumed one per affected request.
///
/// Missing fields in the JSON form default to "no fault", so `{"offline":true}` is valid.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Delay before every API and OAuth2 answer.
    pub latency_ms: u64,
    /// The next N API and OAuth2 requests are held up on the way for `held_up_ms` more than
    /// the others: a slow new connection, a busy machine. The service sees them that much
    /// later than they were sent.
    pub held_up_next: u32,
    pub held_up_ms: u64,
    /// The next N API requests answer HTTP 503 and change nothing.
    pub fail_5xx_next: u32,
    /// The next N API requests that get as far as being applied are applied, then the
    /// connection is closed without an answer: the client cannot know the change happened.
    pub drop_after_apply_next: u32,
    /// The next N API requests answer "Too many requests" and change nothing.
    pub too_many_requests_next: u32,
    /// Deliver "Too many requests" (injected or real) as HTTP 429 instead of HTTP 200.
    pub too_many_as_429: bool,
    /// Every API and OAuth2 request is hung up on without an answer while this is set.
    pub offline: bool,
    /// A web application firewall on the way: an API request whose parameters contain this
    /// text is answered HTTP 403 with an HTML page, and never reaches the service.
    pub firewall_blocks: Option<String>,
}

impl Faults {
    /// Consumes one injected 503, if any are pending.
    pub(crate) fn take_fail_5xx(&mut self) -> bool {
        take(&mut self.fail_5xx_next)
    }

    /// Consumes one injected "Too many requests", if any are pending.
    pub(crate) fn take_too_many(&mut self) -> bool {
        take(&mut self.too_many_requests_next)
    }

    /// Consumes one injected hold-up, if any are pending: how long the request is held up.
    pub(crate) fn take_held_up(&mut self) -> Option<u64> {
        take(&mut self.held_up_next).then_some(self.held_up_ms)
    }

    /// Consumes one injected hang-up-after-apply, if any are pending.
    pub(crate) fn take_drop_after_apply(&mut self) -> bool {
        take(&mut self.drop_after_apply_next)
    }
}

fn take(counter: &mut u32) -> bool {
    if *counter == 0 {
        return false;
    }
    *counter -= 1;
    true
}
