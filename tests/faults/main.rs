//! The fault suites: every write the user makes (new entries, edits, deletions, days off, the
//! timer), under dropped answers, 5xx, "Too many requests", timeouts, expired tokens, no
//! network and `kill -9`, checked against the simulator's ledger. One test binary, so that the
//! suites (each mostly waiting on faults) run side by side.

mod away;
mod edits;
mod entries;
mod timer;
