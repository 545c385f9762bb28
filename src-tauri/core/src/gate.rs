//! The request gate: every request this app sends to Worksection passes here first.
//!
//! Worksection allows one request per second per account and answers "Too many requests"
//! otherwise. The gate spaces requests at least [`SPACING`] apart, lets user actions go ahead
//! of token refreshes and background polls, and after a "Too many requests" holds everything
//! back until a shared "not before" instant that grows exponentially (with jitter) while the
//! server keeps refusing. With a lock file, the spacing and the "not before" instant are shared
//! by every process on the machine (two CLI invocations started at the same moment, say).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::Rng;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::error::{Error, Result};

/// A little over a second: the server measures the gap on arrival, and one request's network
/// delay must not make the next look early.
pub const SPACING: Duration = Duration::from_millis(1050);
/// The longest pause after repeated "Too many requests".
pub const MAX_BACKOFF: Duration = Duration::from_secs(64);

/// Who is asking. Lower goes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Something the user just clicked or typed.
    UserAction,
    /// Renewing the sign-in, which a user action may be waiting for.
    TokenRefresh,
    /// Polls and cache refreshes nobody is waiting for.
    Background,
}

/// A cheap, cloneable handle; all clones share one queue.
#[derive(Clone)]
pub struct RequestGate {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<GateState>,
    turn_changed: Notify,
    spacing: Duration,
    lock_file: Option<PathBuf>,
}

struct GateState {
    waiting: BTreeSet<(Priority, u64)>,
    next_ticket: u64,
    next_allowed: Option<Instant>,
    refusals_in_a_row: u32,
}

impl RequestGate {
    /// A gate for this process only.
    pub fn new() -> Self {
        Self::build(SPACING, None)
    }

    /// A gate with another spacing: for the simulator with its rate limit off, where tests
    /// send hundreds of requests. Worksection itself needs [`SPACING`].
    pub fn with_spacing(spacing: Duration) -> Self {
        Self::build(spacing, None)
    }

    /// A gate whose spacing is also shared, through `lock_file`, with every other process that
    /// uses the same file.
    pub fn shared_through(lock_file: PathBuf) -> Self {
        Self::build(SPACING, Some(lock_file))
    }

    fn build(spacing: Duration, lock_file: Option<PathBuf>) -> Self {
        RequestGate {
            shared: Arc::new(Shared {
                state: Mutex::new(GateState {
                    waiting: BTreeSet::new(),
                    next_ticket: 0,
                    next_allowed: None,
                    refusals_in_a_row: 0,
                }),
                turn_changed: Notify::new(),
                spacing,
                lock_file,
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, GateState> {
        // The state stays consistent even if a holder panicked: every update is one assignment.
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until this request may be sent. Returns when it is this request's turn and the
    /// spacing since the previous request (of any process sharing the lock file) has passed.
    pub async fn acquire(&self, priority: Priority) -> Result<()> {
        let ticket = {
            let mut state = self.state();
            let ticket = (priority, state.next_ticket);
            state.next_ticket += 1;
            state.waiting.insert(ticket);
            ticket
        };
        // Removes the ticket if the caller gives up (a dropped future), so the queue never stalls.
        let mut place = QueuePlace {
            gate: self,
            ticket: Some(ticket),
        };
        loop {
            let turn_changed = self.shared.turn_changed.notified();
            tokio::pin!(turn_changed);
            turn_changed.as_mut().enable();
            let wait_until = {
                let mut state = self.state();
                let first = state.waiting.first().copied();
                let now = Instant::now();
                match (first == Some(ticket), state.next_allowed) {
                    (true, Some(at)) if at > now => Some(at),
                    (true, _) => {
                        state.waiting.remove(&ticket);
                        state.next_allowed = Some(now + self.shared.spacing);
                        None
                    }
                    (false, _) => Some(now + Duration::from_secs(3600)),
                }
            };
            match wait_until {
                None => break,
                Some(at) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = &mut turn_changed => {}
                    }
                }
            }
        }
        place.ticket = None;
        self.shared.turn_changed.notify_waiters();
        if let Some(path) = &self.shared.lock_file {
            let path = path.clone();
            let spacing = self.shared.spacing;
            tokio::task::spawn_blocking(move || wait_for_machine_turn(&path, spacing))
                .await
                .map_err(|e| Error::Config(format!("request gate: {e}")))??;
        }
        Ok(())
    }

    /// The server said "Too many requests": hold every request back for a while, longer each
    /// time it happens again in a row.
    pub fn rate_limited(&self) {
        let pause = {
            let mut state = self.state();
            state.refusals_in_a_row = state.refusals_in_a_row.saturating_add(1);
            let pause = backoff(
                state.refusals_in_a_row,
                rand::thread_rng().gen_range(0.8..1.2),
            );
            let not_before = Instant::now() + pause;
            state.next_allowed = Some(
                state
                    .next_allowed
                    .map_or(not_before, |at| at.max(not_before)),
            );
            pause
        };
        self.shared.turn_changed.notify_waiters();
        if let Some(path) = &self.shared.lock_file {
            let not_before = unix_ms(SystemTime::now()) + pause.as_millis() as u64;
            if let Err(error) = update_machine_record(path, |record| {
                record.not_before_ms = record.not_before_ms.max(not_before);
            }) {
                tracing::warn!(
                    "could not share the rate-limit pause with other processes: {error}"
                );
            }
        }
    }

    /// A request went through: the next refusal starts the backoff from the beginning.
    pub fn succeeded(&self) {
        self.state().refusals_in_a_row = 0;
    }
}

impl Default for RequestGate {
    fn default() -> Self {
        Self::new()
    }
}

struct QueuePlace<'a> {
    gate: &'a RequestGate,
    ticket: Option<(Priority, u64)>,
}

impl Drop for QueuePlace<'_> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            self.gate.state().waiting.remove(&ticket);
            self.gate.shared.turn_changed.notify_waiters();
        }
    }
}

/// Exponential backoff: 2 s, 4 s, 8 s … up to [`MAX_BACKOFF`], scaled by `jitter` so that
/// several clients refused together do not come back together.
pub fn backoff(refusals_in_a_row: u32, jitter: f64) -> Duration {
    let base = 2u64
        .saturating_pow(refusals_in_a_row.min(16))
        .min(MAX_BACKOFF.as_secs());
    Duration::from_secs_f64(base as f64 * jitter.clamp(0.5, 1.5))
}

fn unix_ms(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// What the lock file holds: when the last request of any process left, and the earliest
/// moment the next may leave after a "Too many requests".
#[derive(Default)]
struct MachineRecord {
    last_request_ms: u64,
    not_before_ms: u64,
}

fn read_record(file: &mut File) -> MachineRecord {
    let mut text = String::new();
    if file.read_to_string(&mut text).is_err() {
        return MachineRecord::default();
    }
    let mut numbers = text
        .split_whitespace()
        .map(|n| n.parse::<u64>().unwrap_or(0));
    MachineRecord {
        last_request_ms: numbers.next().unwrap_or(0),
        not_before_ms: numbers.next().unwrap_or(0),
    }
}

fn write_record(file: &mut File, record: &MachineRecord) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    write!(file, "{} {}", record.last_request_ms, record.not_before_ms)?;
    file.sync_data()
}

fn open_locked(path: &PathBuf) -> Result<File> {
    if let Some(dir) = path.parent() {
        crate::config::create_private_dir(dir)?;
    }
    let file = crate::config::private_file_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io(format!("opening the request lock {}", path.display()), e))?;
    file.lock()
        .map_err(|e| Error::io(format!("locking {}", path.display()), e))?;
    Ok(file)
}

fn update_machine_record(path: &PathBuf, change: impl FnOnce(&mut MachineRecord)) -> Result<()> {
    let mut file = open_locked(path)?;
    let mut record = read_record(&mut file);
    change(&mut record);
    write_record(&mut file, &record)
        .map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

/// Holds the machine-wide lock while waiting out the spacing, so processes take turns.
fn wait_for_machine_turn(path: &PathBuf, spacing: Duration) -> Result<()> {
    let mut file = open_locked(path)?;
    let record = read_record(&mut file);
    let earliest = (record.last_request_ms + spacing.as_millis() as u64).max(record.not_before_ms);
    let now = unix_ms(SystemTime::now());
    // A record from the future means the clock went back: do not wait for it.
    if earliest > now
        && earliest - now <= MAX_BACKOFF.as_millis() as u64 + spacing.as_millis() as u64
    {
        std::thread::sleep(Duration::from_millis(earliest - now));
    }
    let sent = MachineRecord {
        last_request_ms: unix_ms(SystemTime::now()),
        ..record
    };
    write_record(&mut file, &sent).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex as StdMutex;

    fn record_order(
        gate: &RequestGate,
        log: &Arc<StdMutex<Vec<(&'static str, Instant)>>>,
        who: &'static str,
        priority: Priority,
    ) -> tokio::task::JoinHandle<()> {
        let gate = gate.clone();
        let log = log.clone();
        tokio::spawn(async move {
            gate.acquire(priority).await.unwrap();
            log.lock().unwrap().push((who, Instant::now()));
        })
    }

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_and_user_actions_go_first() {
        let gate = RequestGate::new();
        let log = Arc::new(StdMutex::new(Vec::new()));
        gate.acquire(Priority::Background).await.unwrap();
        let start = Instant::now();
        let handles = vec![
            record_order(&gate, &log, "poll-1", Priority::Background),
            record_order(&gate, &log, "poll-2", Priority::Background),
            record_order(&gate, &log, "refresh", Priority::TokenRefresh),
            record_order(&gate, &log, "click", Priority::UserAction),
        ];
        for handle in handles {
            handle.await.unwrap();
        }
        let log = log.lock().unwrap();
        let order: Vec<_> = log.iter().map(|(who, _)| *who).collect();
        assert_eq!(order, ["click", "refresh", "poll-1", "poll-2"]);
        for (i, (_, at)) in log.iter().enumerate() {
            assert!(
                *at - start >= SPACING * (i as u32 + 1) - Duration::from_millis(1),
                "{i}"
            );
        }
        for pair in log.windows(2) {
            assert!(pair[1].1 - pair[0].1 >= SPACING);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn too_many_requests_pauses_everyone_and_backs_off() {
        let gate = RequestGate::new();
        gate.acquire(Priority::UserAction).await.unwrap();
        gate.rate_limited();
        let start = Instant::now();
        gate.acquire(Priority::UserAction).await.unwrap();
        let first_pause = Instant::now() - start;
        assert!(
            first_pause >= Duration::from_millis(1600),
            "{first_pause:?}"
        );
        gate.rate_limited();
        let start = Instant::now();
        gate.acquire(Priority::Background).await.unwrap();
        let second_pause = Instant::now() - start;
        assert!(
            second_pause >= Duration::from_millis(3200),
            "{second_pause:?}"
        );
        gate.succeeded();
        gate.rate_limited();
        let start = Instant::now();
        gate.acquire(Priority::Background).await.unwrap();
        assert!(Instant::now() - start < Duration::from_millis(2500));
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_wait_does_not_block_the_queue() {
        let gate = RequestGate::new();
        gate.acquire(Priority::UserAction).await.unwrap();
        let impatient = gate.clone();
        let abandoned = tokio::spawn(async move { impatient.acquire(Priority::UserAction).await });
        tokio::task::yield_now().await;
        abandoned.abort();
        let start = Instant::now();
        gate.acquire(Priority::Background).await.unwrap();
        assert!(Instant::now() - start <= SPACING + Duration::from_millis(5));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(30, 1.0), MAX_BACKOFF);
        assert!(backoff(2, 0.8) < backoff(2, 1.2));
    }
}
