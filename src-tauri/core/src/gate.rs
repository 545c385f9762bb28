//! The request gate: every request this app sends to Worksection passes here first.
//!
//! Worksection allows one request per second per account and answers "Too many requests"
//! otherwise, measuring the gap between the moments requests arrive. Only the answer tells
//! that a request has arrived: one held up on the way (a new TLS connection, a busy machine)
//! arrives later than it left, and the next one, sent a second after the first left, would
//! arrive early. So each request holds a [`Turn`] until its answer is in, and the next leaves
//! [`SPACING`] after that answer (or, should the answer never come, after a short hold). The
//! gate also lets user actions go ahead
//! of token refreshes and background polls, and after a "Too many requests" holds everything
//! back until a shared "not before" instant that grows exponentially (with jitter) while the
//! server keeps refusing. A request somebody waits for need not wait out that pause: it can
//! ask to be told when it ends instead ([`RequestGate::acquire_unless_paused`]).
//!
//! With a lock file, the spacing and the "not before" instant are shared by every process on
//! the machine (two CLI invocations started at the same moment, say). The lock is held only to
//! read and write that file — a process whose turn has not come waits without it — and only
//! on a blocking thread, never on the async runtime: a daemon with one worker thread must not
//! stop while another process holds the lock. Nor does anyone wait for the lock longer than
//! [`LOCK_WAIT`].

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::Rng;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::error::IoAction;
use crate::error::{ApiError, Error, Result, StoreError};

/// A little over a second: the gap between one request's answer and the next request.
pub const SPACING: Duration = Duration::from_millis(1050);
/// The longest pause after repeated "Too many requests".
pub const MAX_BACKOFF: Duration = Duration::from_secs(64);
/// A request somebody waits for waits out a pause this short; a longer one is reported. It
/// covers the first pause after a single refusal (2 s, give or take a fifth), which is all that
/// one request arriving a little early costs: the network's jitter can always undo the spacing.
pub const PATIENCE: Duration = Duration::from_millis(2500);
/// The longest wait for the lock file. Each process holds it for a read and a write, so a
/// longer hold is another program's (or a stuck process's); the request fails with
/// [`StoreError::LockBusy`] rather than wait on.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);
/// A time in the lock file further ahead than this was written before the clock went back.
const CREDIBLE_AHEAD: Duration = Duration::from_secs(3 * 60);

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
    lock_wait: Duration,
}

struct GateState {
    waiting: BTreeSet<(Priority, u64)>,
    next_ticket: u64,
    /// The spacing: when this process may send its next request.
    next_allowed: Option<Instant>,
    /// The request whose answer the spacing waits for, by its ticket number.
    in_flight: Option<u64>,
    /// The end of the pause Worksection asked for ("Too many requests"), here or in another
    /// process: on the runtime's clock to wait for it, on the wall clock to tell people.
    paused_until: Option<(Instant, SystemTime)>,
    refusals_in_a_row: u32,
}

impl RequestGate {
    /// A gate for this process only.
    pub fn new() -> Self {
        Self::build(SPACING, None, LOCK_WAIT)
    }

    /// A gate with another spacing: for the simulator with its rate limit off, where tests
    /// send hundreds of requests. The pauses after "Too many requests" shrink in proportion
    /// (a 5 ms spacing pauses 10 ms where Worksection's gate pauses 2 s). Worksection itself
    /// needs [`SPACING`].
    pub fn with_spacing(spacing: Duration) -> Self {
        Self::build(spacing, None, LOCK_WAIT)
    }

    /// A gate whose spacing is also shared, through `lock_file`, with every other process that
    /// uses the same file.
    pub fn shared_through(lock_file: PathBuf) -> Self {
        Self::build(SPACING, Some(lock_file), LOCK_WAIT)
    }

    fn build(spacing: Duration, lock_file: Option<PathBuf>, lock_wait: Duration) -> Self {
        RequestGate {
            shared: Arc::new(Shared {
                state: Mutex::new(GateState {
                    waiting: BTreeSet::new(),
                    next_ticket: 0,
                    next_allowed: None,
                    in_flight: None,
                    paused_until: None,
                    refusals_in_a_row: 0,
                }),
                turn_changed: Notify::new(),
                spacing,
                lock_file,
                lock_wait,
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

    /// How long a request on its way holds the next one back at most, if its answer is slow to
    /// come or never comes (its process was killed). Past two spacings the request has most
    /// likely arrived and is being worked on, or it is lost.
    fn in_flight_hold(&self) -> Duration {
        self.shared.spacing * 2
    }

    /// Waits until this request may be sent: its turn has come, the spacing since the previous
    /// request's answer (of any process sharing the lock file) has passed, and so has any pause
    /// Worksection asked for (at most [`MAX_BACKOFF`]). Hold the turn until the answer is in.
    pub async fn acquire(&self, priority: Priority) -> Result<Turn> {
        self.acquire_with(priority, None).await
    }

    /// Like [`RequestGate::acquire`], but while a pause Worksection asked for has more than
    /// [`PATIENCE`] to go, fails at once with [`ApiError::RateLimited`] carrying the moment it
    /// ends: for a request somebody waits for, who would rather hear when to try again than
    /// wait a minute in silence.
    pub async fn acquire_unless_paused(&self, priority: Priority) -> Result<Turn> {
        self.acquire_with(priority, Some(PATIENCE)).await
    }

    async fn acquire_with(&self, priority: Priority, patience: Option<Duration>) -> Result<Turn> {
        let ticket = {
            let mut state = self.state();
            let ticket = (priority, state.next_ticket);
            state.next_ticket += 1;
            state.waiting.insert(ticket);
            ticket
        };
        // Removes the ticket if the caller gives up (a dropped future, or a pause it will not
        // wait out), so the queue never stalls.
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
                let now = Instant::now();
                let paused_until = state.paused_until.filter(|(at, _)| *at > now);
                if state.waiting.first() != Some(&ticket) {
                    Some(now + Duration::from_secs(3600))
                } else if let Some((_, until)) =
                    paused_until.filter(|(at, _)| patience.is_some_and(|p| *at > now + p))
                {
                    drop(state);
                    return Err(rate_limited_until(until));
                } else {
                    match state.next_allowed.max(paused_until.map(|(at, _)| at)) {
                        Some(at) if at > now => Some(at),
                        _ => {
                            state.waiting.remove(&ticket);
                            state.next_allowed =
                                Some(now + self.in_flight_hold() + self.shared.spacing);
                            state.in_flight = Some(ticket.1);
                            None
                        }
                    }
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
        // From here on, a request that does not leave after all (the machine's turn refused)
        // gives its turn back too.
        let mut turn = Turn {
            gate: self.clone(),
            ticket: ticket.1,
            machine_reservation_ms: None,
        };
        if let Some(path) = &self.shared.lock_file {
            turn.machine_reservation_ms = Some(self.take_machine_turn(path, patience).await?);
        }
        // The hold counts from when the request leaves, which may be later than its turn.
        let mut state = self.state();
        let next = Instant::now() + self.in_flight_hold() + self.shared.spacing;
        state.next_allowed = Some(state.next_allowed.map_or(next, |at| at.max(next)));
        Ok(turn)
    }

    /// Waits, without holding the lock, until the lock file says this request may leave, and
    /// notes there that it is on its way. Returns what it noted, to be replaced by the moment
    /// of the answer.
    async fn take_machine_turn(&self, path: &Path, patience: Option<Duration>) -> Result<u64> {
        loop {
            let (path, spacing, hold, wait) = (
                path.to_owned(),
                self.shared.spacing,
                self.in_flight_hold(),
                self.shared.lock_wait,
            );
            let turn =
                tokio::task::spawn_blocking(move || claim_machine_turn(&path, spacing, hold, wait))
                    .await
                    .map_err(|source| StoreError::LockTask {
                        what: "request gate",
                        source,
                    })??;
            let (at, paused_until, in_flight) = match turn {
                MachineTurn::Go { reserved_ms } => return Ok(reserved_ms),
                MachineTurn::NotYet {
                    at,
                    paused_until,
                    in_flight,
                } => (at, paused_until, in_flight),
            };
            if let Some(until) = paused_until {
                self.learn_pause(until);
                if patience.is_some_and(|p| until > SystemTime::now() + p) {
                    return Err(rate_limited_until(until));
                }
            }
            if let Ok(mut wait) = at.duration_since(SystemTime::now()) {
                // Another process's request is on its way: its answer moves our moment
                // nearer, and only the file tells when it came.
                if in_flight {
                    wait = wait.min(self.shared.spacing / 20);
                }
                tokio::time::sleep(wait).await;
            }
        }
    }

    /// A request's answer is in (or it failed, or was given up): the next may leave a spacing
    /// from now.
    fn answered(&self, ticket: u64, machine_reservation_ms: Option<u64>) {
        {
            let mut state = self.state();
            if state.in_flight == Some(ticket) {
                state.in_flight = None;
                state.next_allowed = Some(Instant::now() + self.shared.spacing);
            }
        }
        self.shared.turn_changed.notify_waiters();
        if let Some(reserved) = machine_reservation_ms {
            // Rounded up: another process reads whole milliseconds, and a moment rounded down
            // would let its request leave up to a millisecond inside the spacing.
            let answered = unix_ms(SystemTime::now()) + 1;
            self.tell_other_processes("the answer", move |record| {
                // Unless the hold ran out and another request has left since.
                if record.last_request_ms == reserved {
                    record.last_request_ms = answered;
                }
            });
        }
    }

    /// Changes the lock file's record on a blocking thread, never on the async runtime, and
    /// without anybody waiting for it: this process has its own record meanwhile.
    fn tell_other_processes(
        &self,
        what: &'static str,
        change: impl FnOnce(&mut MachineRecord) + Send + 'static,
    ) {
        let Some(path) = &self.shared.lock_file else {
            return;
        };
        let (path, wait) = (path.clone(), self.shared.lock_wait);
        let share = move || {
            if let Err(error) = update_machine_record(&path, wait, change) {
                tracing::warn!("could not share {what} with other processes: {error}");
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(share)),
            Err(_) => share(),
        }
    }

    /// The server said "Too many requests": hold every request back for a while, longer each
    /// time it happens again in a row. Returns when requests may go again. Other processes
    /// learn of the pause through the lock file, written on a blocking thread.
    pub fn rate_limited(&self) -> SystemTime {
        let until = {
            let mut state = self.state();
            state.refusals_in_a_row = state.refusals_in_a_row.saturating_add(1);
            let pause = backoff(
                state.refusals_in_a_row,
                rand::thread_rng().gen_range(0.8..1.2),
            )
            .mul_f64(self.shared.spacing.as_secs_f64() / SPACING.as_secs_f64());
            extend_pause(&mut state, pause, SystemTime::now() + pause)
        };
        self.shared.turn_changed.notify_waiters();
        self.tell_other_processes("the rate-limit pause", move |record| {
            record.not_before_ms = record.not_before_ms.max(unix_ms(until));
        });
        until
    }

    /// A request went through: the next refusal starts the backoff from the beginning.
    pub fn succeeded(&self) {
        self.state().refusals_in_a_row = 0;
    }

    /// When requests may go again, while a pause Worksection asked for (of this process, or of
    /// another one that this gate has learnt of) lasts. No request, no file access.
    pub fn paused_until(&self) -> Option<SystemTime> {
        let now = Instant::now();
        self.state()
            .paused_until
            .filter(|(at, _)| *at > now)
            .map(|(_, until)| until)
    }

    /// Another process was told to slow down: so is this one, until `until`.
    fn learn_pause(&self, until: SystemTime) {
        if let Ok(left) = until.duration_since(SystemTime::now()) {
            extend_pause(&mut self.state(), left, until);
        }
    }
}

/// Makes the pause last at least `left` more (until `until` on the wall clock); returns when
/// it ends now.
fn extend_pause(state: &mut GateState, left: Duration, until: SystemTime) -> SystemTime {
    let at = Instant::now() + left;
    let longest = match state.paused_until {
        Some(known) if known.0 >= at => known,
        _ => (at, until),
    };
    state.paused_until = Some(longest);
    longest.1
}

impl Default for RequestGate {
    fn default() -> Self {
        Self::new()
    }
}

/// A request's turn to go to Worksection. Hold it until the answer is in: dropping it lets the
/// next request go a spacing later.
#[must_use = "the next request goes a spacing after this turn is dropped"]
pub struct Turn {
    gate: RequestGate,
    ticket: u64,
    /// What this request noted in the lock file, if the gate has one.
    machine_reservation_ms: Option<u64>,
}

impl std::fmt::Debug for Turn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Turn({})", self.ticket)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.gate.answered(self.ticket, self.machine_reservation_ms);
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

fn rate_limited_until(until: SystemTime) -> Error {
    Error::Api(ApiError::RateLimited {
        retry_at: Some(until),
    })
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

fn from_unix_ms(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// What the lock file holds: when the last request of any process was answered (or, while it
/// is on its way, when its hold ends), and the earliest moment the next may leave after a
/// "Too many requests".
#[derive(Default)]
struct MachineRecord {
    last_request_ms: u64,
    not_before_ms: u64,
}

impl MachineRecord {
    /// The record without times so far ahead that they must predate a clock set back.
    fn credible(self, now_ms: u64) -> MachineRecord {
        let horizon = now_ms + CREDIBLE_AHEAD.as_millis() as u64;
        let credible = |ms: u64| if ms > horizon { 0 } else { ms };
        MachineRecord {
            last_request_ms: credible(self.last_request_ms),
            not_before_ms: credible(self.not_before_ms),
        }
    }
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

/// No `sync_data`: the record only coordinates running processes, which read it through the
/// page cache, and after a crash it does not matter. Waiting for the disk would only put time
/// between noting that a request leaves and its leaving.
fn write_record(file: &mut File, record: &MachineRecord) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    write!(file, "{} {}", record.last_request_ms, record.not_before_ms)
}

/// Opens and locks the lock file, waiting at most `wait` for another holder to let go. Blocks
/// the calling thread: call it on a blocking thread.
fn open_locked(path: &Path, wait: Duration) -> Result<File> {
    crate::lockfile::open_locked(path, "request lock", crate::lockfile::Mode::Exclusive, wait)
}

/// Changes the record under the lock. Blocks: call it on a blocking thread.
fn update_machine_record(
    path: &Path,
    wait: Duration,
    change: impl FnOnce(&mut MachineRecord),
) -> Result<()> {
    let mut file = open_locked(path, wait)?;
    let mut record = read_record(&mut file);
    change(&mut record);
    write_record(&mut file, &record)
        .map_err(|e| Error::io(IoAction::Writing(path.display().to_string()), e))
}

/// What the lock file says of a request that wants to leave.
#[derive(Debug)]
enum MachineTurn {
    /// It leaves now; the file says it is on its way until `reserved_ms` at the latest.
    Go { reserved_ms: u64 },
    /// Not before `at`: a spacing after another process's request, or the end of the pause
    /// Worksection asked for (`paused_until`). While that request is `in_flight`, its answer
    /// brings `at` nearer.
    NotYet {
        at: SystemTime,
        paused_until: Option<SystemTime>,
        in_flight: bool,
    },
}

/// Notes in the lock file that a request leaves now and holds the next back for `hold` at
/// most, if it may leave: a spacing after the last answer of any process, and not inside a
/// pause. The lock is held only to read and write the record; a request that may not leave yet
/// waits without it. Blocks: call it on a blocking thread.
fn claim_machine_turn(
    path: &Path,
    spacing: Duration,
    hold: Duration,
    wait: Duration,
) -> Result<MachineTurn> {
    let mut file = open_locked(path, wait)?;
    let now = unix_ms(SystemTime::now());
    let record = read_record(&mut file).credible(now);
    let earliest = (record.last_request_ms + spacing.as_millis() as u64).max(record.not_before_ms);
    if earliest > now {
        return Ok(MachineTurn::NotYet {
            at: from_unix_ms(earliest),
            paused_until: (record.not_before_ms > now).then(|| from_unix_ms(record.not_before_ms)),
            in_flight: record.last_request_ms > now,
        });
    }
    let reserved_ms = now + hold.as_millis() as u64;
    let leaving = MachineRecord {
        last_request_ms: reserved_ms,
        ..record
    };
    write_record(&mut file, &leaving)
        .map_err(|e| Error::io(IoAction::Writing(path.display().to_string()), e))?;
    Ok(MachineTurn::Go { reserved_ms })
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
            drop(gate.acquire(priority).await.unwrap());
            log.lock().unwrap().push((who, Instant::now()));
        })
    }

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_and_user_actions_go_first() {
        let gate = RequestGate::new();
        let log = Arc::new(StdMutex::new(Vec::new()));
        drop(gate.acquire(Priority::Background).await.unwrap());
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
        drop(gate.acquire(Priority::UserAction).await.unwrap());
        gate.rate_limited();
        let start = Instant::now();
        drop(gate.acquire(Priority::UserAction).await.unwrap());
        let first_pause = Instant::now() - start;
        assert!(
            first_pause >= Duration::from_millis(1600),
            "{first_pause:?}"
        );
        gate.rate_limited();
        let start = Instant::now();
        drop(gate.acquire(Priority::Background).await.unwrap());
        let second_pause = Instant::now() - start;
        assert!(
            second_pause >= Duration::from_millis(3200),
            "{second_pause:?}"
        );
        gate.succeeded();
        gate.rate_limited();
        let start = Instant::now();
        drop(gate.acquire(Priority::Background).await.unwrap());
        assert!(Instant::now() - start < Duration::from_millis(2500));
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_wait_does_not_block_the_queue() {
        let gate = RequestGate::new();
        drop(gate.acquire(Priority::UserAction).await.unwrap());
        let impatient = gate.clone();
        let abandoned = tokio::spawn(async move { impatient.acquire(Priority::UserAction).await });
        tokio::task::yield_now().await;
        abandoned.abort();
        let start = Instant::now();
        drop(gate.acquire(Priority::Background).await.unwrap());
        assert!(Instant::now() - start <= SPACING + Duration::from_millis(5));
    }

    /// The lock file keeps times to the millisecond.
    fn close(a: SystemTime, b: SystemTime) -> bool {
        let apart = a.duration_since(b).unwrap_or_else(|e| e.duration());
        apart < Duration::from_millis(5)
    }

    #[tokio::test(start_paused = true)]
    async fn a_user_action_hears_when_the_pause_ends_instead_of_waiting() {
        let gate = RequestGate::new();
        drop(gate.acquire(Priority::UserAction).await.unwrap());
        // Refused twice in a row: a pause longer than a user action waits.
        gate.rate_limited();
        let until = gate.rate_limited();
        assert_eq!(gate.paused_until(), Some(until));
        let start = Instant::now();
        match gate.acquire_unless_paused(Priority::UserAction).await {
            Err(Error::Api(ApiError::RateLimited { retry_at: Some(at) })) => assert_eq!(at, until),
            other => panic!("{other:?}"),
        }
        assert_eq!(Instant::now(), start, "no wait at all");
        // The refused request left the queue: a background request waits the pause out.
        drop(gate.acquire(Priority::Background).await.unwrap());
        assert!(Instant::now() - start >= Duration::from_millis(3200));
        assert_eq!(gate.paused_until(), None);
        // The short pause after a single refusal is waited out.
        gate.succeeded();
        gate.rate_limited();
        let asked = Instant::now();
        drop(
            gate.acquire_unless_paused(Priority::UserAction)
                .await
                .unwrap(),
        );
        assert!(Instant::now() > asked, "it waited the rest of the pause");
    }

    fn gate_with_lock(dir: &tempfile::TempDir, lock_wait: Duration) -> RequestGate {
        RequestGate::build(
            SPACING,
            Some(dir.path().join("request-gate.lock")),
            lock_wait,
        )
    }

    /// Counts the ticks of a 10 ms timer: they stop when something blocks the runtime's
    /// only thread.
    fn ticker() -> Arc<std::sync::atomic::AtomicU32> {
        let ticks = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counted = ticks.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
        ticks
    }

    /// Another process holds the lock file: nothing blocks this runtime's one thread, and the
    /// wait for the lock ends with a clear error.
    #[tokio::test(flavor = "current_thread")]
    async fn a_held_lock_never_blocks_the_runtime_nor_waits_forever() {
        let dir = tempfile::tempdir().unwrap();
        let gate = gate_with_lock(&dir, Duration::from_millis(400));
        drop(gate.acquire(Priority::Background).await.unwrap());
        // flock belongs to an open file: this `File` is another holder, as a process would be.
        let holder = File::open(dir.path().join("request-gate.lock")).unwrap();
        holder.lock().unwrap();
        let ticks = ticker();

        let until = gate.rate_limited();
        assert!(until > SystemTime::now());
        let started = std::time::Instant::now();
        let refused = gate.acquire(Priority::Background).await;
        let waited = started.elapsed();
        assert!(
            matches!(refused, Err(Error::Store(StoreError::LockBusy { .. }))),
            "{refused:?}"
        );
        assert!(refused.unwrap_err().is_transient());
        assert!(waited >= Duration::from_millis(400), "{waited:?}");
        assert!(waited < Duration::from_secs(3), "{waited:?}");
        let ticked = ticks.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            ticked >= 20,
            "the runtime ticked {ticked} times in {waited:?}"
        );

        drop(holder);
        drop(gate.acquire(Priority::Background).await.unwrap());
    }

    /// One process is told to slow down; another sharing the lock file learns of the pause
    /// before it sends anything.
    #[tokio::test]
    async fn the_pause_is_shared_through_the_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let refused = gate_with_lock(&dir, LOCK_WAIT);
        let other = gate_with_lock(&dir, LOCK_WAIT);
        drop(refused.acquire(Priority::UserAction).await.unwrap());
        // Twice in a row: longer than a user action waits, so the other is told of it.
        refused.rate_limited();
        let until = refused.rate_limited();
        // The pauses are written on blocking threads; the longer one must have landed before
        // the other asks, or it would rightly wait out the shorter.
        let path = dir.path().join("request-gate.lock");
        let written = std::time::Instant::now() + Duration::from_secs(2);
        while std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| t.split_whitespace().nth(1)?.parse::<u64>().ok())
            .is_none_or(|ms| ms + 5 < unix_ms(until))
        {
            assert!(
                std::time::Instant::now() < written,
                "the pause never reached the file"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        let told = loop {
            match other.acquire_unless_paused(Priority::UserAction).await {
                Err(Error::Api(ApiError::RateLimited { retry_at: Some(at) })) => break at,
                Ok(_) if std::time::Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                answer => panic!("the other process was not told: {answer:?}"),
            }
        };
        assert!(close(told, until), "{told:?} vs {until:?}");
        assert!(other.paused_until().is_some(), "it knows of the pause now");
    }

    /// How far `at` is from `from`, give or take the lock file's milliseconds.
    fn within(at: SystemTime, from: SystemTime, expected: Duration) -> bool {
        let apart = at.duration_since(from).unwrap();
        apart + Duration::from_millis(2) >= expected
            && apart <= expected + Duration::from_millis(50)
    }

    #[test]
    fn processes_take_turns_a_spacing_after_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("request-gate.lock");
        let hold = 2 * SPACING;
        let left = SystemTime::now();
        assert!(matches!(
            claim_machine_turn(&path, SPACING, hold, LOCK_WAIT).unwrap(),
            MachineTurn::Go { .. }
        ));
        // On its way: the next waits for the answer, or for the hold to end.
        match claim_machine_turn(&path, SPACING, hold, LOCK_WAIT).unwrap() {
            MachineTurn::NotYet {
                at,
                paused_until: None,
                in_flight: true,
            } => assert!(within(at, left, hold + SPACING), "{at:?} {left:?}"),
            other => panic!("{other:?}"),
        }
        let answered = SystemTime::now();
        update_machine_record(&path, LOCK_WAIT, |record| {
            record.last_request_ms = unix_ms(answered);
        })
        .unwrap();
        match claim_machine_turn(&path, SPACING, hold, LOCK_WAIT).unwrap() {
            MachineTurn::NotYet {
                at,
                paused_until: None,
                in_flight: false,
            } => assert!(within(at, answered, SPACING), "{at:?} {answered:?}"),
            other => panic!("{other:?}"),
        }
        // A clock set back leaves times far ahead in the file: they are not waited for.
        update_machine_record(&path, LOCK_WAIT, |record| {
            record.last_request_ms += 24 * 3600 * 1000;
            record.not_before_ms = record.last_request_ms;
        })
        .unwrap();
        assert!(matches!(
            claim_machine_turn(&path, SPACING, hold, LOCK_WAIT).unwrap(),
            MachineTurn::Go { .. }
        ));
    }

    /// A request held up on the way: the next leaves a spacing after its answer, not after it
    /// left, which would arrive early.
    #[tokio::test(start_paused = true)]
    async fn the_spacing_counts_from_the_answer() {
        let gate = RequestGate::new();
        let slow = gate.acquire(Priority::UserAction).await.unwrap();
        let left = Instant::now();
        tokio::time::sleep(Duration::from_millis(400)).await;
        drop(slow);
        let _next = gate.acquire(Priority::UserAction).await.unwrap();
        assert_eq!(Instant::now() - left, Duration::from_millis(400) + SPACING);
    }

    /// A request whose answer never comes (its task hangs) holds the next back for a while only.
    #[tokio::test(start_paused = true)]
    async fn an_answer_that_never_comes_holds_the_next_back_a_while() {
        let gate = RequestGate::new();
        let _hanging = gate.acquire(Priority::Background).await.unwrap();
        let left = Instant::now();
        let _next = gate.acquire(Priority::UserAction).await.unwrap();
        assert_eq!(Instant::now() - left, 3 * SPACING);
    }

    /// Two processes: the second's request leaves a spacing after the first's answer, which
    /// it learns of through the lock file while it waits.
    #[tokio::test]
    async fn another_process_waits_for_the_answer_through_the_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = gate_with_lock(&dir, LOCK_WAIT);
        let second = gate_with_lock(&dir, LOCK_WAIT);
        let slow = first.acquire(Priority::Background).await.unwrap();
        let waiting = tokio::spawn(async move {
            let _turn = second.acquire(Priority::UserAction).await.unwrap();
            std::time::Instant::now()
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let answered = std::time::Instant::now();
        drop(slow);
        let went = waiting.await.unwrap();
        let after = went - answered;
        assert!(after >= SPACING, "{after:?}");
        assert!(after < SPACING + Duration::from_millis(200), "{after:?}");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(30, 1.0), MAX_BACKOFF);
        assert!(backoff(2, 0.8) < backoff(2, 1.2));
    }
}
