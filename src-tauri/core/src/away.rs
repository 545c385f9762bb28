//! Away time, as pure functions of what the desktop said and what the user chose: when the
//! person was away from the computer (idle, the screen locked, the machine asleep or off),
//! whether a running timer went through it, and which writes each answer to "what was that
//! time?" makes. The tracker (`presence.rs`) feeds the signals in, keeps the results and
//! carries out the writes; the platform sources (the tray's `presence` module) only report.
//!
//! Nothing here changes Worksection by itself: away time becomes a question, and only the
//! user's answer (or a setting the user chose) writes. Never answering changes nothing.

use serde::{Deserialize, Serialize};

use crate::error::{Error, InputError, Result};
use crate::models::TaskSummary;
use crate::outbox::Operation;
use crate::t;
use crate::timer::{ObservedTimer, TimerRef};

/// What a platform source reports; moments are unix seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signal {
    /// A reading of the user-idle time: no keyboard or pointer input for `idle_seconds`, as
    /// read at `at`.
    Idle {
        at: i64,
        idle_seconds: i64,
    },
    /// The screen locked (or the screen saver came on).
    Locked {
        at: i64,
    },
    Unlocked {
        at: i64,
    },
    /// The machine is about to sleep (logind `PrepareForSleep(true)`).
    Sleeping {
        at: i64,
    },
    /// It woke (`PrepareForSleep(false)`).
    Woke {
        at: i64,
    },
    /// The machine is about to shut down (logind `PrepareForShutdown(true)`).
    ShuttingDown {
        at: i64,
    },
    /// Nothing was watching from `from` to `to`: the wall clock jumped between two ticks (a
    /// sleep no source reported), or Worktray was not running.
    Gap {
        from: i64,
        to: i64,
        reason: AwayReason,
    },
}

/// Why the person was away, as the question names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum AwayReason {
    /// No input for longer than the threshold.
    Idle,
    /// The screen was locked.
    Locked,
    /// The computer slept.
    Asleep,
    /// The computer was off, or Worktray was not running.
    Off,
}

/// A finished away period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: i64,
    pub end: i64,
    pub reason: AwayReason,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Open {
    start: i64,
    reason: Option<AwayReason>,
}

/// The away period in progress, built from overlapping sources (idle, then the screen locks,
/// then the machine sleeps: one period, from the last input to the return). Kept on disk, so
/// a period survives a restart of Worktray in the middle of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Watch {
    open: Option<Open>,
    /// The last input a reading showed, and when that reading was taken. Not kept: after a
    /// restart, yesterday's input says nothing of a lock now (the gap covers the time off).
    #[serde(skip)]
    last_input: Option<i64>,
    #[serde(skip)]
    read_at: Option<i64>,
    /// Not kept: after a restart the sources say again whether the screen is locked.
    #[serde(skip)]
    locked: bool,
    #[serde(skip)]
    asleep: bool,
}

/// An idle reading this recent still tells the idle time at a lock or a sleep: the tray reads
/// every 5 s.
const READING_FRESH: i64 = 30;

/// An idle reading moving this much past the period's start is input, not the reading's own
/// jitter (the idle counter is read a little after the moment it describes).
const INPUT_TOLERANCE: i64 = 2;

impl Watch {
    /// Where an away period in progress began, if one is.
    pub fn away_since(&self) -> Option<i64> {
        self.open.as_ref().map(|open| open.start)
    }

    /// The last input a reading showed.
    pub fn last_input(&self) -> Option<i64> {
        self.last_input
    }

    /// Takes in one signal. Returns the period it ended, when that period lasted at least
    /// `threshold` seconds; a shorter one is forgotten.
    pub fn observe(&mut self, signal: &Signal, threshold: i64) -> Option<Span> {
        match *signal {
            Signal::Idle { at, idle_seconds } => {
                let last_input = at - idle_seconds.max(0);
                self.last_input = Some(last_input);
                self.read_at = Some(at);
                match &self.open {
                    None if idle_seconds >= threshold => {
                        self.begin(last_input, AwayReason::Idle);
                        None
                    }
                    Some(open)
                        if !self.locked
                            && !self.asleep
                            && last_input > open.start + INPUT_TOLERANCE =>
                    {
                        self.end(last_input, threshold)
                    }
                    _ => None,
                }
            }
            Signal::Locked { at } => {
                self.locked = true;
                self.begin(self.since_last_input(at), AwayReason::Locked);
                None
            }
            Signal::Unlocked { at } => {
                self.locked = false;
                self.last_input = Some(at);
                if self.asleep {
                    return None;
                }
                self.end(at, threshold)
            }
            Signal::Sleeping { at } | Signal::ShuttingDown { at } => {
                self.asleep = true;
                self.begin(self.since_last_input(at), AwayReason::Asleep);
                None
            }
            Signal::Woke { at } => {
                self.asleep = false;
                // With the screen locked the person is back only when it unlocks.
                if self.locked {
                    return None;
                }
                self.end(at, threshold)
            }
            Signal::Gap { from, to, reason } => {
                if self.open.is_some() {
                    // The period in progress goes on through the gap.
                    return None;
                }
                (to - from >= threshold).then_some(Span {
                    start: from,
                    end: to,
                    reason,
                })
            }
        }
    }

    /// The start of a period that a lock or a sleep begins at `at`: the last input, when the
    /// person had already left before (the screen locked itself after a while of no input).
    fn since_last_input(&self, at: i64) -> i64 {
        match (self.last_input, self.read_at) {
            // Only a reading of just now says the person had been idle until now: one from a
            // source that has since stopped reading would date the lock far too early.
            (Some(input), Some(read)) if at - read <= READING_FRESH => input.min(at),
            _ => at,
        }
    }

    fn begin(&mut self, start: i64, reason: AwayReason) {
        match &mut self.open {
            Some(open) => {
                // An earlier source opened it: it keeps its start, and names the strongest.
                if open.reason.is_none_or(|r| rank(r) < rank(reason)) {
                    open.reason = Some(reason);
                }
            }
            None => {
                self.open = Some(Open {
                    start,
                    reason: Some(reason),
                })
            }
        }
    }

    fn end(&mut self, at: i64, threshold: i64) -> Option<Span> {
        let open = self.open.take()?;
        (at - open.start >= threshold).then_some(Span {
            start: open.start,
            end: at,
            reason: open.reason.unwrap_or(AwayReason::Idle),
        })
    }
}

/// Which reason names a period made of several: the one that says most about it.
fn rank(reason: AwayReason) -> u8 {
    match reason {
        AwayReason::Idle => 0,
        AwayReason::Locked => 1,
        AwayReason::Asleep => 2,
        AwayReason::Off => 3,
    }
}

/// A question waiting for the user: a running timer went through away time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Its number, for `worktray away … --id`: the unix second it began.
    pub id: i64,
    pub start: i64,
    pub end: i64,
    /// The away time in it, in seconds: `end - start`, or less when several periods on the
    /// same timer were merged into one question (the time between them was work).
    pub away_seconds: i64,
    pub reason: AwayReason,
    pub task: TaskSummary,
    /// The timer it is about.
    pub timer: TimerRef,
}

impl Question {
    pub fn minutes(&self) -> u32 {
        u32::try_from((self.away_seconds.max(0) + 30) / 60).unwrap_or(u32::MAX)
    }
}

/// How much older than the truth a period's start may be: idle readings are a few seconds
/// apart (the tray reads every 5 s).
const READING_SLACK: i64 = 10;

/// Whether `timer` is the one `identity` names.
pub fn same_timer(identity: &TimerRef, timer: &ObservedTimer) -> bool {
    let other = timer.identity();
    identity.task == other.task
        && (identity.started_from..=identity.started_to).contains(&(other.started_from + 5))
}

/// What an away period that just ended asks, given the timer that runs now and the questions
/// already waiting: nothing when no timer ran through it (none runs, or the one running was
/// started during it — elsewhere, by the person's own hand); otherwise a new question, or the
/// waiting question on the same timer grown by this period (one question per timer).
pub fn ask(span: &Span, running: Option<&ObservedTimer>, waiting: &mut Vec<Question>) -> bool {
    let Some(running) = running else {
        return false;
    };
    let identity = running.identity();
    let began = identity.began.unwrap_or(identity.started_from);
    // A period begins at the last input a reading showed, which may be a reading or two
    // before the click that started the timer: such a timer still went through it.
    if began > span.start + READING_SLACK {
        return false;
    }
    let span = &Span {
        start: span.start.max(began),
        ..span.clone()
    };
    if let Some(question) = waiting
        .iter_mut()
        .find(|question| same_timer(&question.timer, running))
    {
        question.end = question.end.max(span.end);
        question.away_seconds += span.end - span.start;
        if rank(question.reason) < rank(span.reason) {
            question.reason = span.reason;
        }
        return true;
    }
    waiting.push(Question {
        id: span.start,
        start: span.start,
        end: span.end,
        away_seconds: span.end - span.start,
        reason: span.reason,
        task: running.task.clone(),
        timer: identity,
    });
    true
}

/// The user's answer to an away question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "snake_case")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(export, export_to = "../../../ui/src/lib/bindings/")
)]
pub enum AwayChoice {
    /// It was work: the timer keeps it.
    Keep,
    /// Not work: the timer stops, and its entry leaves the away time out.
    Discard,
    /// As `Discard`, then the timer starts again on the same task.
    Continue,
    /// It was work on another task (the meeting): the timer stops without the away time, and
    /// the away time is logged on `task` (an id, a link or search words).
    Assign { task: String },
}

/// What an answer writes: the timer writes, in order, and the minutes to log on another task.
#[derive(Debug, PartialEq)]
pub struct Resolution {
    pub writes: Vec<Operation>,
    /// For [`AwayChoice::Assign`]: the minutes the other task gets.
    pub given_minutes: Option<u32>,
}

/// The writes of `choice` on `question`, made at `now`, with `running` the timer that runs
/// now. `kept_minutes` of the away time stay on the timer's task (a split: "the first 20
/// minutes were work"); the rest is left out, or given to the other task.
///
/// The timer stops now, and its entry is the time it ran minus the away time left out: what
/// the person worked after coming back, before answering, stays booked.
pub fn resolve(
    question: &Question,
    choice: &AwayChoice,
    kept_minutes: u32,
    running: Option<&ObservedTimer>,
    now: i64,
) -> Result<Resolution> {
    let kept = i64::from(kept_minutes) * 60;
    if kept > question.away_seconds + 30 {
        return Err(Error::invalid_input(t!(
            "away-keep-at-most",
            away = crate::parse::format_human(question.minutes())
        )));
    }
    if *choice == AwayChoice::Keep {
        return Ok(Resolution {
            writes: Vec::new(),
            given_minutes: None,
        });
    }
    let running = running
        .filter(|running| same_timer(&question.timer, running))
        .ok_or_else(|| {
            Error::Input(InputError::AwayTimerGone {
                task: question.task.name.clone(),
            })
        })?;
    let left_out = (question.away_seconds - kept).max(0);
    let stop = Operation::StopTimer {
        timer: running.identity(),
        comment: None,
        at: Some(now),
        saved: false,
        left_out,
    };
    let mut writes = vec![stop];
    if *choice == AwayChoice::Continue {
        writes.push(Operation::StartTimer {
            task: question.task.id.clone(),
            task_name: question.task.name.clone(),
            at: now,
        });
    }
    let given_minutes = match choice {
        AwayChoice::Assign { .. } => Some(
            u32::try_from((left_out + 30) / 60)
                .unwrap_or(u32::MAX)
                .max(1),
        ),
        _ => None,
    };
    Ok(Resolution {
        writes,
        given_minutes,
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::auth::session::from_unix_seconds;
    use crate::models::Id;

    const TEN_MINUTES: i64 = 600;

    fn task(id: &str) -> TaskSummary {
        TaskSummary {
            id: Id::from(id),
            name: format!("Task {id}"),
            project: String::new(),
            project_id: String::new(),
            page: String::new(),
        }
    }

    /// A timer on task 101 the server started at `start`, last confirmed at `seen`.
    fn timer_from(start: i64, seen: i64) -> ObservedTimer {
        let mut timer = ObservedTimer::started_by_us(task("101"), from_unix_seconds(seen), true);
        timer.elapsed_at_answer = Duration::from_secs(u64::try_from(seen - start).unwrap());
        timer
    }

    fn idle(at: i64, idle_seconds: i64) -> Signal {
        Signal::Idle { at, idle_seconds }
    }

    /// Feeds `signals` in order and returns the periods they ended.
    fn run(watch: &mut Watch, signals: &[Signal]) -> Vec<Span> {
        signals
            .iter()
            .filter_map(|signal| watch.observe(signal, TEN_MINUTES))
            .collect()
    }

    #[test]
    fn idle_below_the_threshold_is_not_away() {
        let mut watch = Watch::default();
        let ended = run(
            &mut watch,
            &[
                idle(1000, 0),
                idle(1300, 300),
                idle(1590, 590),
                idle(1600, 2),
            ],
        );
        assert!(ended.is_empty());
        assert_eq!(watch.away_since(), None);
    }

    #[test]
    fn idle_away_counts_from_the_last_input_not_from_the_threshold() {
        let mut watch = Watch::default();
        let ended = run(
            &mut watch,
            &[
                idle(1000, 0),
                idle(1700, 700),
                idle(4000, 3000),
                idle(4005, 1),
            ],
        );
        assert_eq!(
            ended,
            [Span {
                start: 1000,
                end: 4004,
                reason: AwayReason::Idle
            }]
        );
    }

    #[test]
    fn idle_then_lock_is_one_period_from_the_last_input_to_the_unlock() {
        let mut watch = Watch::default();
        let ended = run(
            &mut watch,
            &[
                idle(1000, 0),
                idle(1300, 300),
                // The screen locks itself after five minutes without input.
                Signal::Locked { at: 1300 },
                // Typing the password moves the idle counter: not a return while locked.
                idle(5000, 1),
                Signal::Unlocked { at: 5010 },
            ],
        );
        assert_eq!(
            ended,
            [Span {
                start: 1000,
                end: 5010,
                reason: AwayReason::Locked
            }]
        );
    }

    #[test]
    fn lock_then_suspend_is_one_period_until_the_unlock_after_waking() {
        let mut watch = Watch::default();
        let ended = run(
            &mut watch,
            &[
                idle(1000, 0),
                Signal::Locked { at: 1001 },
                Signal::Sleeping { at: 1030 },
                Signal::Woke { at: 60_000 },
                Signal::Unlocked { at: 60_020 },
            ],
        );
        assert_eq!(
            ended,
            [Span {
                start: 1000,
                end: 60_020,
                reason: AwayReason::Asleep
            }]
        );
    }

    #[test]
    fn a_lock_long_after_the_last_reading_counts_from_the_lock() {
        let mut watch = Watch::default();
        // The idle source stopped reading (its bus went away) an hour before the lock.
        let ended = run(
            &mut watch,
            &[
                idle(1000, 0),
                Signal::Locked { at: 4600 },
                Signal::Unlocked { at: 6000 },
            ],
        );
        assert_eq!(
            ended,
            [Span {
                start: 4600,
                end: 6000,
                reason: AwayReason::Locked
            }]
        );
    }

    #[test]
    fn a_short_lock_is_forgotten() {
        let mut watch = Watch::default();
        let ended = run(
            &mut watch,
            &[
                idle(1000, 0),
                Signal::Locked { at: 1000 },
                Signal::Unlocked { at: 1200 },
            ],
        );
        assert!(ended.is_empty());
        assert_eq!(watch.away_since(), None);
    }

    #[test]
    fn a_sleep_without_a_lock_ends_on_waking() {
        let mut watch = Watch::default();
        let ended = run(
            &mut watch,
            &[Signal::Sleeping { at: 1000 }, Signal::Woke { at: 9000 }],
        );
        assert_eq!(
            ended,
            [Span {
                start: 1000,
                end: 9000,
                reason: AwayReason::Asleep
            }]
        );
    }

    #[test]
    fn a_clock_jump_alone_is_a_period_and_inside_one_changes_nothing() {
        let mut watch = Watch::default();
        let jump = Signal::Gap {
            from: 1000,
            to: 8000,
            reason: AwayReason::Asleep,
        };
        assert_eq!(
            run(&mut watch, std::slice::from_ref(&jump)),
            [Span {
                start: 1000,
                end: 8000,
                reason: AwayReason::Asleep
            }]
        );
        let mut locked = Watch::default();
        let ended = run(
            &mut locked,
            &[
                Signal::Locked { at: 500 },
                jump,
                Signal::Unlocked { at: 8100 },
            ],
        );
        assert_eq!(ended.len(), 1);
        assert_eq!((ended[0].start, ended[0].end), (500, 8100));
    }

    #[test]
    fn a_restart_while_away_keeps_the_period_and_ends_it_on_the_return() {
        let mut watch = Watch::default();
        run(&mut watch, &[idle(1000, 0), idle(1700, 700)]);
        let kept = serde_json::to_string(&watch).unwrap();
        // Worktray stops, and starts again hours later.
        let mut again: Watch = serde_json::from_str(&kept).unwrap();
        let ended = run(
            &mut again,
            &[
                Signal::Gap {
                    from: 1750,
                    to: 30_000,
                    reason: AwayReason::Off,
                },
                idle(30_010, 3),
            ],
        );
        assert_eq!(
            ended,
            [Span {
                start: 1000,
                end: 30_007,
                reason: AwayReason::Idle
            }]
        );
    }

    #[test]
    fn a_restart_while_locked_waits_for_the_sources_to_say_so_again() {
        let mut watch = Watch::default();
        run(&mut watch, &[Signal::Locked { at: 1000 }]);
        let mut again: Watch =
            serde_json::from_str(&serde_json::to_string(&watch).unwrap()).unwrap();
        // The lock source reports the screen still locked; input on the lock screen is no return.
        let ended = run(
            &mut again,
            &[
                Signal::Locked { at: 9000 },
                idle(9100, 0),
                Signal::Unlocked { at: 9200 },
            ],
        );
        assert_eq!(
            ended,
            [Span {
                start: 1000,
                end: 9200,
                reason: AwayReason::Locked
            }]
        );
    }

    fn span(start: i64, end: i64) -> Span {
        Span {
            start,
            end,
            reason: AwayReason::Idle,
        }
    }

    #[test]
    fn a_question_only_for_a_timer_that_ran_through_the_period() {
        let mut waiting = Vec::new();
        assert!(!ask(&span(1000, 5000), None, &mut waiting));
        // Started during the period (on a phone): the person's own doing.
        let later = timer_from(2000, 5000);
        assert!(!ask(&span(1000, 5000), Some(&later), &mut waiting));
        assert!(waiting.is_empty());
        let through = timer_from(500, 5000);
        assert!(ask(&span(1000, 5000), Some(&through), &mut waiting));
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].minutes(), 67);
        assert_eq!(waiting[0].task.id, Id::from("101"));
        // Started a moment after the last idle reading, then the screen locked: it went
        // through the period, from its own start.
        let mut just_before = Vec::new();
        let clicked = timer_from(1004, 5000);
        assert!(ask(&span(1000, 5000), Some(&clicked), &mut just_before));
        assert_eq!(
            (just_before[0].start, just_before[0].away_seconds),
            (1004, 3996)
        );
    }

    #[test]
    fn two_periods_on_one_timer_make_one_question_without_the_work_between() {
        let mut waiting = Vec::new();
        let timer = timer_from(0, 9000);
        ask(&span(1000, 2200), Some(&timer), &mut waiting);
        ask(&span(5000, 8000), Some(&timer), &mut waiting);
        assert_eq!(waiting.len(), 1);
        assert_eq!((waiting[0].start, waiting[0].end), (1000, 8000));
        assert_eq!(waiting[0].away_seconds, 1200 + 3000);
        // A new timer gets its own.
        let other = timer_from(8500, 12_000);
        ask(&span(9000, 11_000), Some(&other), &mut waiting);
        assert_eq!(waiting.len(), 2);
    }

    fn question(timer: &ObservedTimer, start: i64, end: i64) -> Question {
        let mut waiting = Vec::new();
        ask(&span(start, end), Some(timer), &mut waiting);
        waiting.remove(0)
    }

    fn stop_left_out(resolution: &Resolution) -> i64 {
        match &resolution.writes[0] {
            Operation::StopTimer { left_out, at, .. } => {
                assert_eq!(*at, Some(20_000), "the stop is now");
                *left_out
            }
            other => panic!("not a stop: {other:?}"),
        }
    }

    #[test]
    fn each_answer_writes_what_it_says() {
        let timer = timer_from(0, 19_990);
        let q = question(&timer, 3600, 3600 + 4320);
        let keep = resolve(&q, &AwayChoice::Keep, 0, Some(&timer), 20_000).unwrap();
        assert!(keep.writes.is_empty());

        let discard = resolve(&q, &AwayChoice::Discard, 0, Some(&timer), 20_000).unwrap();
        assert_eq!(discard.writes.len(), 1);
        assert_eq!(stop_left_out(&discard), 4320);

        let split = resolve(&q, &AwayChoice::Discard, 20, Some(&timer), 20_000).unwrap();
        assert_eq!(stop_left_out(&split), 4320 - 1200);

        let go_on = resolve(&q, &AwayChoice::Continue, 0, Some(&timer), 20_000).unwrap();
        assert_eq!(go_on.writes.len(), 2);
        assert!(matches!(&go_on.writes[1],
            Operation::StartTimer { task, at: 20_000, .. } if *task == Id::from("101")));

        let meeting = AwayChoice::Assign { task: "202".into() };
        let given = resolve(&q, &meeting, 12, Some(&timer), 20_000).unwrap();
        assert_eq!(stop_left_out(&given), 4320 - 720);
        assert_eq!(given.given_minutes, Some(60));
    }

    #[test]
    fn an_answer_never_touches_another_timer_and_keeps_no_more_than_the_away_time() {
        let timer = timer_from(0, 19_990);
        let q = question(&timer, 3600, 3600 + 600);
        let other = timer_from(15_000, 19_990);
        let gone = resolve(&q, &AwayChoice::Discard, 0, Some(&other), 20_000).unwrap_err();
        assert!(gone.to_string().contains("Task 101"), "{gone}");
        assert!(resolve(&q, &AwayChoice::Discard, 0, None, 20_000).is_err());
        // Keeping needs no timer: nothing is written.
        assert!(resolve(&q, &AwayChoice::Keep, 0, None, 20_000).is_ok());
        let too_much = resolve(&q, &AwayChoice::Discard, 11, Some(&timer), 20_000).unwrap_err();
        assert!(too_much.to_string().contains("10 min"), "{too_much}");
    }

    #[test]
    fn a_question_is_kept_as_it_was() {
        let timer = timer_from(0, 9000);
        let q = question(&timer, 1000, 5000);
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Question>(&json).unwrap(), q);
    }
}
