//! The sign-in the tracker works for: the API client, and which sign-in it is. Every request
//! the tracker makes is made for one sign-in ([`SignedIn`]); its answer is written back only
//! while that sign-in is still the current one, so a poll or a refresh of the account signed
//! out of a moment ago can never show up in the account signed in since.

use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use crate::api::ApiClient;

/// The API client of one sign-in, and which one it is.
#[derive(Clone)]
pub struct SignedIn {
    pub api: ApiClient,
    generation: Generation,
}

impl SignedIn {
    pub(crate) fn generation(&self) -> Generation {
        self.generation
    }

    /// The same sign-in, for requests nobody is waiting for.
    pub(crate) fn background(&self) -> SignedIn {
        SignedIn {
            api: self.api.background(),
            generation: self.generation,
        }
    }
}

/// Which sign-in: each sign-in and sign-out begins a new one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Generation(u64);

#[derive(Default)]
pub(crate) struct Session {
    current: Mutex<Current>,
}

#[derive(Default)]
struct Current {
    generation: Generation,
    /// `None` while signed out.
    api: Option<ApiClient>,
}

impl Session {
    /// Begins a new sign-in with `api` (`None`: signed out); returns which one it is.
    pub(crate) fn replace(&self, api: Option<ApiClient>) -> Generation {
        let mut current = self.lock();
        current.generation = Generation(current.generation.0 + 1);
        current.api = api;
        current.generation
    }

    /// The current sign-in, if signed in.
    pub(crate) fn current(&self) -> Option<SignedIn> {
        let current = self.lock();
        current.api.clone().map(|api| SignedIn {
            api,
            generation: current.generation,
        })
    }

    /// Until when Worksection asked this sign-in's requests to wait, while it does.
    pub(crate) fn paused_until(&self) -> Option<SystemTime> {
        self.lock()
            .api
            .as_ref()
            .and_then(|api| api.gate().paused_until())
    }

    /// Why the sign-in is not safely kept, while it is not.
    pub(crate) fn problem(&self) -> Option<String> {
        let api = self.lock().api.clone()?;
        api.sign_in_problems()
            .and_then(|problems| problems.borrow().clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
